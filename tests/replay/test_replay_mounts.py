"""The sandbox's view of its mounts (/proc/self/mountinfo, which any PR can read) names no
path of the worker's install: the toolchain is bound from a neutral staged copy, not from the
virtualenv it came with."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from replay_helpers import why_unusable

from goleash.replay import run_sandboxed
from goleash.replay.sandbox import make_scratch

pytestmark = pytest.mark.skipif(bool(why_unusable()), reason=why_unusable() or "")

REPO_ROOT = Path(__file__).resolve().parents[2]  # the worker's own checkout


def _worker_paths() -> list[str]:
    from goleash.replay.sandbox import find_goroot

    paths = {find_goroot(), os.path.realpath(sys.prefix), sys.prefix, str(REPO_ROOT)}
    return sorted(p for p in paths if p not in ("/", "/usr"))


def _mount_points(mountinfo: str) -> dict[str, str]:
    """mount point -> root of the mount within its filesystem (fields 5 and 4)."""
    out = {}
    for line in mountinfo.splitlines():
        f = line.split()
        if len(f) > 5:
            out[f[4]] = f[3]
    return out


def _assert_neutral(mountinfo: str) -> None:
    points = _mount_points(mountinfo)
    assert "/goroot" in points and "/repo" in points, mountinfo
    for p in _worker_paths():
        assert p not in mountinfo, (p, mountinfo)
    for word in ("site-packages", ".venv", "python3"):
        assert word not in mountinfo, (word, mountinfo)


def test_mountinfo_of_a_sandbox_names_no_path_of_the_worker(replay_base, go_cache):
    work = replay_base / "mounts-work"
    work.mkdir(exist_ok=True)
    os.chmod(work, 0o777)
    scratch = make_scratch(replay_base / "mounts-tmp")
    r = run_sandboxed(["/bin/cat", "/proc/self/mountinfo"], workdir=work, cache_dir=go_cache, tmp_dir=scratch)
    assert r.ok, r.stderr
    _assert_neutral(r.stdout)
    # and the staged toolchain is a working one
    r = run_sandboxed(["go", "version"], workdir=work, cache_dir=go_cache, tmp_dir=scratch)
    assert r.ok and r.stdout.startswith("go version go"), (r.stdout, r.stderr)


def test_mountinfo_read_by_a_pr_test_names_no_path_of_the_worker(gomod):
    gomod.write(
        "p/p_test.go",
        'package p\n\nimport (\n\t"fmt"\n\t"os"\n\t"testing"\n)\n\n'
        'func TestMounts(t *testing.T) {\n\tb, err := os.ReadFile("/proc/self/mountinfo")\n'
        '\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tfmt.Printf("MOUNTINFO<<%s>>\\n", b)\n}\n',
    )
    res = gomod.replay(test_timeout_seconds=30)
    out = res.steps[-1].result.stdout
    assert res.steps[-1].status == "ok" and "MOUNTINFO<<" in out, [s.to_dict() for s in res.steps]
    _assert_neutral(out.split("MOUNTINFO<<", 1)[1].split(">>", 1)[0])
