"""Runnable proof that the self-deadlock / WaitGroup / Mutex fixtures really hang.

For each case the fixture package (buggy/ or fixed/ under tests/rules/testdata/src/<rule>/) is
copied into a temporary module together with a Go test from tests/hangproof/go/, and run with
the installed Go toolchain (GOPROXY=off, GOTOOLCHAIN=local, a short -timeout). The buggy package
must fail with a deadlock ("all goroutines are asleep - deadlock!") or a test timeout with a
goroutine dump; the fixed package must pass the same test."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "rules" / "testdata" / "src"
GO_TESTS = HERE / "go"
TIMEOUT = "5s"

# Each Go test file names the rule whose fixtures it runs on its first line after `package`:
# `// hangproof: <rule id>`; every `func TestX` in it is one case.
_RULE_LINE = re.compile(r"^// hangproof: ([a-z0-9-]+)$", re.M)
_TEST_FUNC = re.compile(r"^func (Test\w+)\(t \*testing\.T\)", re.M)


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for f in sorted(GO_TESTS.glob("*_test.go")):
        text = f.read_text()
        m = _RULE_LINE.search(text)
        assert m, f"{f.name}: no `// hangproof: <rule id>` line"
        cases += [(m.group(1), f.name, name) for name in _TEST_FUNC.findall(text)]
    return cases


CASES = _cases()

HANG = re.compile(r"all goroutines are asleep - deadlock!|panic: test timed out after")

pytestmark = pytest.mark.skipif(shutil.which("go") is None, reason="no Go toolchain")


def _run(rule: str, case: str, test_file: str, test_name: str, tmp: Path) -> subprocess.CompletedProcess:
    pkg = SRC / rule / case
    for f in pkg.glob("*.go"):
        shutil.copy(f, tmp / f.name)
    body = (GO_TESTS / test_file).read_text().replace("package hangproof", f"package {case}", 1)
    (tmp / "hang_test.go").write_text(body)
    (tmp / "go.mod").write_text("module hangproof\n\ngo 1.22\n")
    env = {**os.environ, "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "CGO_ENABLED": "0"}
    return subprocess.run(
        ["go", "test", "-count=1", f"-timeout={TIMEOUT}", "-run", f"^{test_name}$", "."],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )


@pytest.mark.parametrize("rule,test_file,test_name", CASES, ids=[f"{r}-{n}" for r, _, n in CASES])
def test_buggy_hangs(rule, test_file, test_name, tmp_path):
    r = _run(rule, "buggy", test_file, test_name, tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode != 0, f"{rule}/buggy {test_name} passed; expected a hang:\n{out}"
    assert HANG.search(out), f"{rule}/buggy {test_name} failed, but not by hanging:\n{out[-3000:]}"
    # the goroutine dump shows where it is stuck
    assert "goroutine" in out


@pytest.mark.parametrize("rule,test_file,test_name", CASES, ids=[f"{r}-{n}" for r, _, n in CASES])
def test_fixed_passes(rule, test_file, test_name, tmp_path):
    r = _run(rule, "fixed", test_file, test_name, tmp_path)
    assert r.returncode == 0, f"{rule}/fixed {test_name} failed:\n{(r.stdout + r.stderr)[-3000:]}"
