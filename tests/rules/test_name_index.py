"""Name lookups answer the same whether a file scans its text or keeps the set of its words,
and a package view's word index finds every file that names something."""

from __future__ import annotations

from pathlib import Path

from goleash.rules import goast
from goleash.rules.package import PackageView
from goleash.rules.parse import SourceFile, name_nodes

TESTDATA = Path(__file__).parent / "testdata" / "src"


def _sources(limit: int) -> list[SourceFile]:
    out = []
    for path in sorted(TESTDATA.rglob("*.go")):
        src = SourceFile.parse(str(path.relative_to(TESTDATA)), path.read_bytes())
        if not src.has_errors:
            out.append(src)
        if len(out) == limit:
            break
    return out


def _identifiers(src: SourceFile) -> dict[str, list[tuple[int, int]]]:
    by_name: dict[str, list[tuple[int, int]]] = {}
    for n in goast.walk(src.root):
        if n.type.endswith("identifier"):
            by_name.setdefault(src.text(n), []).append((n.start_byte, n.end_byte))
    return by_name


def test_name_nodes_agree_with_the_tree_before_and_after_the_word_set():
    checked = 0
    for src in _sources(60):
        expected = _identifiers(src)
        # names that are not identifiers of the file: parts of one, one run on, a keyword
        names = sorted(expected) + sorted({n[:-1] for n in expected if len(n) > 1} | {n + "x" for n in expected} | {"func", "zz"})
        for name in names:  # more than the asks after which the file keeps its words
            got = [(n.start_byte, n.end_byte) for n in name_nodes(src, name)]
            assert got == sorted(expected.get(name, [])), (src.path, name)
            checked += 1
        assert src._words is not None or len(names) < 64
    assert checked > 1000


def test_files_with_word_finds_every_file_naming_it_in_the_views_order():
    files = _sources(80)
    view = PackageView("mixed", "mixed", files)
    names = sorted({name for src in files for name in _identifiers(src)})
    assert len(names) > 64  # enough asks for the view to index its files
    for name in names:
        got = view.files_with_word(name)
        assert got == [src for src in files if src in got], name  # the view's order
        naming = [src for src in files if name in _identifiers(src)]
        assert all(src in got for src in naming), name
        assert all(name.encode() in src.data for src in got), name
    assert view._files_by_word is not None
