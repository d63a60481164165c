"""Runnable proof that the leaks goleash reports are real, and that the verified patches fix them.

tests/leakproof/testdata/shapes is a small Go module with copies of buggy fixture shapes
(buggy.go) and their patched versions (fixed.go). Its Go test counts goroutines before and
after each call (with a settle loop) and looks for the blocked frame in a goroutine dump:
the buggy versions leave goroutines blocked forever, the fixed ones do not. The same files are
also analysed here, so the proof and the rules stay about the same code.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from goleash.rules.engine import analyze_paths, analyze_sources

HERE = Path(__file__).resolve().parent
SHAPES = HERE / "testdata" / "shapes"
FIXTURES = HERE.parent / "rules" / "testdata" / "src"

pytestmark = pytest.mark.skipif(shutil.which("go") is None, reason="no Go toolchain")


def _go(args, cwd, tmp_path, timeout=600):
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOCACHE": str(tmp_path / "gocache")}
    return subprocess.run(["go", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def test_buggy_shapes_leak_and_fixed_shapes_do_not(tmp_path):
    r = _go(["test", "-count=1", "-v", "."], SHAPES, tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    leaks = dict(re.findall(r"LEAK (\S+): (\d+) goroutine", out))
    assert set(leaks) >= {
        "goroutine-send-leak-fetch",
        "goroutine-send-leak-firstError",
        "range-unclosed-channel",
        "select-loop-no-exit",
        "nil-channel-op",
    }, out
    assert all(int(n) > 0 for n in leaks.values())
    assert "PANIC close-by-receiver: send on closed channel" in out
    for name in leaks:
        assert f"--- PASS: TestLeaks/{name}/fixed" in out


def test_goleash_flags_the_buggy_copies_only():
    src = {p.name: p.read_bytes() for p in SHAPES.glob("*.go") if not p.name.endswith("_test.go")}
    src["go.mod"] = (SHAPES / "go.mod").read_bytes()
    report = analyze_sources(src, verify_fixes=False)
    by_file: dict[str, set[str]] = {}
    for f in report.findings:
        by_file.setdefault(f.path, set()).add(f.rule_id)
    assert by_file.get("buggy.go", set()) >= {
        "goroutine-send-leak",
        "range-unclosed-channel",
        "select-loop-no-exit",
        "nil-channel-op",
        "close-by-receiver",
    }, by_file
    assert "fixed.go" not in by_file, by_file


@pytest.mark.parametrize("mod", sorted(p.parent for p in FIXTURES.glob("*/*/*/go.mod")), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_nested_fixture_modules_compile(mod, tmp_path):
    """Fixture packages with their own go.mod (another go version) are outside `go vet ./...`
    of the fixture module; vet them here."""
    r = _go(["vet", "./..."], mod, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert analyze_paths([str(mod)]).findings == []
