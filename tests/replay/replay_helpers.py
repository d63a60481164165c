"""Helpers shared by the replay tests (imported by name, like tests/cli/cli_helpers.py)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from goleash.replay import ReplayConfig, chown_tree, replay_workdir
from goleash.replay.sandbox import NOBODY

SAMPLE = Path(__file__).parent / "testdata" / "sample"


def why_unusable() -> str | None:
    if not shutil.which("bwrap"):
        return "bwrap is not installed (apt-get install bubblewrap)"
    if not shutil.which("go"):
        return "no go toolchain on PATH"
    r = subprocess.run(
        [
            "bwrap",
            "--unshare-all",
            "--ro-bind",
            "/usr",
            "/usr",
            "--symlink",
            "usr/bin",
            "/bin",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--",
            "/usr/bin/true",
        ],
        capture_output=True,
    )
    if r.returncode != 0:
        return f"bwrap cannot create namespaces here: {r.stderr.decode()[:200]}"
    return None


def make_tarball(src: Path, top: str = "octo-sample-0123abc") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        tf.add(src, arcname=top)
    return buf.getvalue()


class GoModule:
    """A throwaway module under tmp_path, replayed the way the worker would."""

    def __init__(self, root: Path, cache: Path) -> None:
        self.root = root
        self.cache = cache
        (root / "go.mod").write_text("module example.com/hostile\n\ngo 1.22\n")

    def write(self, rel: str, text: str) -> "GoModule":
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        return self

    def replay(self, pkgs=("p",), **cfg):
        if os.geteuid() == 0:
            os.chmod(self.root.parent, 0o711)
            uid = cfg.get("uid", NOBODY)
            chown_tree(self.root, uid, cfg.get("gid", uid))
        cfg.setdefault("vet", False)
        return replay_workdir(self.root, list(pkgs), cache_dir=self.cache, config=ReplayConfig(**cfg))
