"""The grammar keeps parsing the Go syntax of recent releases: each file of bench/go-syntax/ (one
language feature each, real Go) parses without an ERROR or MISSING node, except the features the
grammar is known not to support (bench/parse_errors.py GRAMMAR_GAPS), which must still fail, so
that a grammar upgrade that fixes one shows here and the list shrinks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from bench.parse_errors import GO_SYNTAX, GRAMMAR_GAPS, first_error
from goleash.rules.parse import SourceFile

FILES = sorted(p.name for p in GO_SYNTAX.glob("*.go"))


def _parse(name: str) -> SourceFile:
    path = GO_SYNTAX / name
    return SourceFile.parse(str(path), path.read_bytes())


def test_there_are_syntax_files():
    assert len(FILES) >= 10
    assert set(GRAMMAR_GAPS) <= set(FILES), "GRAMMAR_GAPS names a file that is not in bench/go-syntax"


@pytest.mark.parametrize("name", [f for f in FILES if f not in GRAMMAR_GAPS])
def test_supported_syntax_parses_cleanly(name):
    src = _parse(name)
    err = first_error(src.root)
    where = f"line {err.start_point[0] + 1}: {src.line_text(err.start_point[0] + 1).strip()}" if err else ""
    assert not src.has_errors, f"{name} ({GO_SYNTAX / name}) no longer parses: {where}"


@pytest.mark.parametrize("name", sorted(GRAMMAR_GAPS))
def test_known_gaps_still_fail(name):
    assert _parse(name).has_errors, f"{name} ({GRAMMAR_GAPS[name]}) parses now: remove it from GRAMMAR_GAPS in bench/parse_errors.py"


def test_a_gap_is_reported_at_its_construct():
    # The first error is where the unsupported syntax is, not the ERROR node that recovery
    # wraps around the rest of the file: that is the line bench/parse_errors.py reports.
    src = _parse("generic_methods.go")
    err = first_error(src.root)
    assert err is not None, "generic_methods.go parses now: see test_known_gaps_still_fail"
    line = src.line_text(err.start_point[0] + 1)
    assert line.startswith("func (b *Box) Map[U any]"), line


def _go_too_old() -> str | None:
    if shutil.which("go") is None:
        return "no Go toolchain"
    want = re.search(r"^go (\d+)\.(\d+)", (GO_SYNTAX / "go.mod").read_text(), re.MULTILINE).groups()
    have = subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True, check=False).stdout
    got = re.match(r"go(\d+)\.(\d+)", have)
    if got is None or tuple(map(int, got.groups())) < tuple(map(int, want)):
        return f"the syntax files need Go {'.'.join(want)}, the toolchain is {have.strip() or 'unknown'}"
    return None


@pytest.mark.skipif(_go_too_old() is not None, reason=_go_too_old() or "")
def test_syntax_files_are_go():
    """What the grammar is held to must be Go the compiler accepts."""
    r = subprocess.run(
        ["go", "vet", "./..."],
        cwd=GO_SYNTAX,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": ""},
    )
    assert r.returncode == 0, r.stdout + r.stderr
