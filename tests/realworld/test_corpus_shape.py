"""Every case of the real-world corpus (bench/realworld_recall.py, docs/realworld-corpus.md) is
usable: a README that names its upstream source, its kind, what it is based on and the bug line
(and any `also:` lines); buggy/ and fixed/ Go packages that parse without errors, each its own
module; named lines that are code in the buggy file; and a fixed version that differs from the
buggy one."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from goleash.rules.parse import parser

HERE = Path(__file__).resolve().parent
CASES = sorted(p for p in HERE.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))

_SOURCE = re.compile(r"^source:\s*(\S+)", re.M)
_KIND = re.compile(r"^kind:\s*(\S.*)$", re.M)
_BUG = re.compile(r"^bug:\s*`?buggy/([\w./-]+\.go):(\d+)`?\s*$", re.M)
_ALSO = re.compile(r"^also:\s*(.+)$", re.M)
_PLACE = re.compile(r"buggy/([\w./-]+\.go):(\d+)")
_KEPT = re.compile(r"^kept:\s*(.*)$", re.M)
_KEPT_FORM = re.compile(r"fixed/([\w./-]+\.go):(\d+) [a-z0-9-]+: \S.*\.$")
# a pull request, commit or issue of a public repository, or owner/repo#N / owner/repo@sha
_SOURCE_FORM = re.compile(r"^(https://github\.com/[\w.-]+/[\w.-]+/(pull|commit|issues)/\w+|[\w.-]+/[\w.-]+[#@]\w+)")
_KINDS = {"race", "leak", "deadlock", "double close", "send on closed", "waitgroup", "context leak",
          "timer leak", "resource leak", "atomic"}
_BASED_ON = re.compile(r"^Based on: \S.*\.$", re.M)


def test_corpus_is_not_empty():
    assert len(CASES) >= 40, [c.name for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_readme_names_source_kind_and_bug_line(case: Path):
    readme = (case / "README.md").read_text(encoding="utf-8")
    source = _SOURCE.search(readme)
    assert source and _SOURCE_FORM.match(source[1]), f"{case.name}: `source:` must name the upstream fix"
    kind = _KIND.search(readme)
    assert kind and kind[1].strip() in _KINDS, f"{case.name}: `kind:` must be one of {sorted(_KINDS)}"
    # whether the case follows code quoted upstream or reconstructs it from a description
    assert _BASED_ON.search(readme), f"{case.name}: README needs `Based on: ...`"
    bug = _BUG.search(readme)
    assert bug, f"{case.name}: README needs `bug: buggy/<file>.go:<line>`"
    places = [(bug[1], int(bug[2]))]
    also = _ALSO.search(readme)
    if also:
        more = [(f, int(n)) for f, n in _PLACE.findall(also[1])]
        assert more and ", ".join(f"buggy/{f}:{n}" for f, n in more) == also[1].strip(), f"{case.name}: `also:` form"
        places += more
    for file, line in places:
        lines = (case / "buggy" / file).read_text(encoding="utf-8").splitlines()
        assert 0 < line <= len(lines), f"{case.name}: {file} has {len(lines)} lines, not {line}"
        code = lines[line - 1].strip()
        assert code and not code.startswith("//"), f"{case.name}: {file}:{line} is {code!r}, not code"
    # a second bug judged real on fixed/: where, which rule, and why, one sentence
    for kept in _KEPT.findall(readme):
        form = _KEPT_FORM.fullmatch(kept.strip())
        assert form, f"{case.name}: `kept: fixed/<file>.go:<line> <rule>: why.`, not {kept!r}"
        lines = (case / "fixed" / form[1]).read_text(encoding="utf-8").splitlines()
        assert 0 < int(form[2]) <= len(lines) and lines[int(form[2]) - 1].strip(), f"{case.name}: kept line is not code"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_versions_parse_and_differ(case: Path):
    texts = {}
    for version in ("buggy", "fixed"):
        d = case / version
        mod = (d / "go.mod").read_text(encoding="utf-8")
        assert re.search(rf"^module example\.com/{re.escape(case.name)}\S*\s*$", mod, re.M), f"{d}: module path"
        assert re.search(r"^go 1\.\d+", mod, re.M), f"{d}: go directive"
        files = sorted(d.rglob("*.go"))
        assert files, f"{d}: no Go files"
        for f in files:
            tree = parser().parse(f.read_bytes())
            assert not tree.root_node.has_error, f"{f}: tree-sitter cannot parse it"
        texts[version] = {f.relative_to(d).as_posix(): f.read_text(encoding="utf-8") for f in files}
    assert texts["buggy"] != texts["fixed"], f"{case.name}: buggy and fixed are the same"

