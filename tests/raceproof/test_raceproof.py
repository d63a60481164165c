"""Runnable proof that the data-race fixtures really race.

For each case the fixture package (buggy/ or fixed/ under tests/rules/testdata/src/<rule>/) is
copied into a temporary module together with a Go test from tests/raceproof/go/, built with
`go test -race -c` (once per package) on the installed Go toolchain (GOPROXY=off, GOTOOLCHAIN=local). The buggy
package must make the race detector report `WARNING: DATA RACE`; the fixed package must pass
the same test with the race detector on and report nothing."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "rules" / "testdata" / "src"
GO_TESTS = HERE / "go"

# Each Go test file names the rule whose fixtures it runs: `// raceproof: <rule id>`;
# every `func TestX` in it is one case.
_RULE_LINE = re.compile(r"^// raceproof: ([a-z0-9-]+)$", re.M)
_TEST_FUNC = re.compile(r"^func (Test\w+)\(t \*testing\.T\)", re.M)
RACE = "WARNING: DATA RACE"


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for f in sorted(GO_TESTS.glob("*_test.go")):
        text = f.read_text()
        m = _RULE_LINE.search(text)
        assert m, f"{f.name}: no `// raceproof: <rule id>` line"
        cases += [(m.group(1), f.name, name) for name in _TEST_FUNC.findall(text)]
    return cases


CASES = _cases()


def _env(cgo: str) -> dict[str, str]:
    return {**os.environ, "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "CGO_ENABLED": cgo}


@functools.cache
def _race_env() -> dict[str, str] | None:
    """An environment in which `go test -race` builds here: the race runtime links without cgo
    on some platforms and needs cgo (and a C compiler) on others."""
    if shutil.which("go") is None:
        return None
    import tempfile

    with tempfile.TemporaryDirectory(prefix="goleash-raceprobe-") as tmp:
        Path(tmp, "go.mod").write_text("module probe\n\ngo 1.22\n")
        Path(tmp, "p_test.go").write_text('package probe\n\nimport "testing"\n\nfunc TestP(t *testing.T) {}\n')
        for cgo in ("0", "1"):
            r = subprocess.run(["go", "test", "-race", "-count=1", "."], cwd=tmp, capture_output=True, text=True, timeout=300, env=_env(cgo))
            if r.returncode == 0:
                return _env(cgo)
    return None


pytestmark = pytest.mark.skipif(shutil.which("go") is None, reason="no Go toolchain")


_BINARIES: dict[tuple[str, str, str], Path] = {}


def _binary(rule: str, case: str, test_file: str, tmp_factory) -> Path:
    """The package's test binary built with -race, once per (rule, case, test file)."""
    key = (rule, case, test_file)
    if key in _BINARIES:
        return _BINARIES[key]
    env = _race_env()
    if env is None:
        pytest.skip("go test -race does not build here (no race runtime for this platform / no C compiler)")
    tmp = tmp_factory.mktemp(f"{rule}-{case}")
    for f in (SRC / rule / case).glob("*.go"):
        shutil.copy(f, tmp / f.name)
    body = (GO_TESTS / test_file).read_text().replace("package raceproof", f"package {case}", 1)
    (tmp / "race_test.go").write_text(body)
    (tmp / "go.mod").write_text("module raceproof\n\ngo 1.22\n")
    r = subprocess.run(["go", "test", "-race", "-c", "-o", "pkg.test", "."], cwd=tmp, capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, f"{rule}/{case}: the test does not build:\n{r.stdout + r.stderr}"
    _BINARIES[key] = tmp / "pkg.test"
    return _BINARIES[key]


def _run(rule: str, case: str, test_file: str, test_name: str, tmp_factory) -> subprocess.CompletedProcess:
    exe = _binary(rule, case, test_file, tmp_factory)
    return subprocess.run(
        [str(exe), "-test.count=1", "-test.timeout=60s", "-test.run", f"^{test_name}$"],
        cwd=exe.parent,
        capture_output=True,
        text=True,
        timeout=120,
        env=_race_env(),
    )


@pytest.mark.parametrize("rule,test_file,test_name", CASES, ids=[f"{r}-{n}" for r, _, n in CASES])
def test_buggy_races(rule, test_file, test_name, tmp_path_factory):
    r = _run(rule, "buggy", test_file, test_name, tmp_path_factory)
    out = r.stdout + r.stderr
    assert RACE in out, f"{rule}/buggy {test_name}: the race detector reported nothing:\n{out[-3000:]}"
    assert r.returncode != 0


@pytest.mark.parametrize("rule,test_file,test_name", CASES, ids=[f"{r}-{n}" for r, _, n in CASES])
def test_fixed_is_race_free(rule, test_file, test_name, tmp_path_factory):
    r = _run(rule, "fixed", test_file, test_name, tmp_path_factory)
    out = r.stdout + r.stderr
    assert RACE not in out, f"{rule}/fixed {test_name}: the race detector still reports a race:\n{out[-3000:]}"
    assert r.returncode == 0, f"{rule}/fixed {test_name} failed:\n{out[-3000:]}"
