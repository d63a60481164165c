"""Name lookups answer the same whether a file scans its text or keeps the set of its words,
and a package view's word index finds every file that names something."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from goleash.rules import goast, parse
from goleash.rules.flow import RETURNS
from goleash.rules.package import PackageView
from goleash.rules.parse import (
    GO_STATEMENTS,
    INDEX_OR_BODY,
    SELECTS,
    SourceFile,
    assignments,
    calls_in,
    calls_named,
    captures,
    name_nodes,
    name_nodes_before,
    owners_in,
)

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
        assert src._words is not None or len(names) < parse._WORD_SET_AFTER
    assert checked > 1000


def _indexed_or_ranged(src: SourceFile) -> dict[str, list[tuple[int, int]]]:
    """By a walk of the tree: the names standing as an index's operand or a range clause's
    operand, through parentheses, or as the field of a selector that does."""
    by_name: dict[str, list[tuple[int, int]]] = {}
    for n in goast.walk(src.root):
        if n.type == "index_expression":
            e = n.child_by_field_name("operand")
        elif n.type == "range_clause":
            e = n.child_by_field_name("right")
        else:
            continue
        while e is not None and e.type == "parenthesized_expression" and e.named_children:
            e = e.named_children[0]
        if e is not None and e.type == "selector_expression":
            e = e.child_by_field_name("field")
        if e is not None and e.type.endswith("identifier"):
            by_name.setdefault(src.text(e), []).append((e.start_byte, e.end_byte))
    return by_name


def test_indexed_or_ranged_names_hold_every_index_and_range_operand():
    found = 0
    for fresh in (True, False):  # from the text, and from the file's kept name lookups
        for src in _sources(1000):
            expected = _indexed_or_ranged(src)
            for name in sorted(_identifiers(src)):
                if not fresh:
                    name_nodes(src, name)
                got = {(n.start_byte, n.end_byte) for n in name_nodes_before(src, name, *INDEX_OR_BODY)}
                assert set(expected.get(name, [])) <= got, (src.path, name)
                assert got <= {(n.start_byte, n.end_byte) for n in name_nodes(src, name)}, (src.path, name)
                found += len(expected.get(name, []))
    assert found > 100


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


def _calls(src: SourceFile) -> dict[str, list[tuple[int, int]]]:
    """By a walk of the tree: calls by the name of their callee (`f(…)`, `x.f(…)`)."""
    by_name: dict[str, list[tuple[int, int]]] = {}
    for n in goast.walk(src.root):
        if n.type != "call_expression":
            continue
        f = n.child_by_field_name("function")
        if f is not None and f.type == "selector_expression":
            f = f.child_by_field_name("field")
        if f is not None and f.type in ("identifier", "field_identifier"):
            by_name.setdefault(src.text(f), []).append((n.start_byte, n.end_byte))
    return by_name


def test_calls_named_finds_every_call_of_a_name_from_the_text_or_the_kept_lookups():
    found = 0
    for fresh in (True, False):
        for src in _sources(1000):
            expected = _calls(src)
            for name in sorted(_identifiers(src)):
                if not fresh:
                    name_nodes(src, name)
                got = [(n.start_byte, n.end_byte) for n in calls_named(src, name)]
                assert got == sorted(expected.get(name, [])), (src.path, name)
                found += len(got)
    assert found > 1000


def test_calls_in_agrees_with_a_query_of_each_subtree():
    """The file's calls (or returns, or go statements), kept once, sliced by a node's span: the
    same nodes, in the same order, as a query of the node's own subtree, with and without those
    inside nested literals."""
    checked = 0
    for src in _sources(80):
        nodes = goast.of_type(
            src.root, "function_declaration", "method_declaration", "func_literal", "block", "call_expression", "if_statement", "go_statement"
        )
        for node in nodes:
            for skip in (False, True):
                want = [(c.start_byte, c.end_byte) for c in goast.of_type(node, "call_expression", skip_func_literals=skip)]
                got = [(c.start_byte, c.end_byte) for c in calls_in(src, node, skip_func_literals=skip)]
                assert got == want, (src.path, node.start_byte, skip)
                checked += bool(want)
                # the same for nodes found from their own token
                want = [
                    (r.start_byte, r.end_byte)
                    for r in goast.of_type(node, "return_statement", "go_statement", "select_statement", skip_func_literals=skip)
                ]
                found = [
                    *owners_in(src, node, "return", RETURNS, skip_func_literals=skip),
                    *owners_in(src, node, *GO_STATEMENTS, skip_func_literals=skip),
                    *owners_in(src, node, *SELECTS, skip_func_literals=skip),
                ]
                assert sorted((r.start_byte, r.end_byte) for r in found) == want, (src.path, node.start_byte, skip)
    assert checked > 1000


_OPERATORS = b"""package p

func f(a, b int, m map[int]int, p *int) {
	x := a == b
	y := a != b && a <= b || a >= b
	a = b
	a /* after a comment */= b
	a /**/+= b
	a <<= 1
	a >>= 2
	a &^= b
	a &= b
	a |= b
	a ^= b
	a %= 3
	a /= 2 // a/=b in a comment; "a = b" in a string
	*p = a
	*p *= 2
	m[a], b = 1, 2
	a++
	for i := range m {
		_ = i
	}
	s := "x:=y"
	_, _, _ = x, y, s
}
"""


def test_assignments_found_from_their_operators_are_those_a_query_finds():
    checked = 0
    for src in [SourceFile.parse("operators.go", _OPERATORS), *_sources(1000)]:
        assert not src.has_errors
        want = [(n.start_byte, n.end_byte) for n in captures("(short_var_declaration) @s (assignment_statement) @s", src.root).get("s", [])]
        assert [(n.start_byte, n.end_byte) for n in assignments(src)] == want, src.path
        checked += len(want)
    assert checked > 1000


def test_enclosing_declaration_and_function_found_from_the_root_agree_with_walking_up():
    broken = SourceFile.parse("broken.go", b"package p\n\nfunc f() {\n\tx := func() {\n\t\tfunc g() { y() }\n\t}\n}\n")
    assert broken.has_errors
    checked = inside = 0
    for src in [*_sources(60), broken]:
        for n in goast.walk(src.root):
            if n.type not in ("identifier", "call_expression", "func_literal", "function_declaration", "method_declaration"):
                continue
            for find in (goast.enclosing_decl, goast.enclosing_func):
                expected, got = find(n), find(n, src)
                assert (got.id if got is not None else None) == (expected.id if expected is not None else None), (find, src.path, n.start_byte)
            expected = goast.enclosing_decl(n)
            checked += 1
            inside += expected is not None
    # declarations themselves (held by none), names outside any function, and nodes inside
    assert checked > 1000 and 0 < inside < checked


def test_path_going_down_from_a_function_is_its_ancestors_walked_up():
    checked = 0
    for src in _sources(40):
        for fn in goast.walk(src.root):
            if fn.type not in goast.FUNC_TYPES:
                continue
            for n in goast.walk(fn):
                if n == fn or n.type not in ("call_expression", "identifier", "statement_list", "block"):
                    continue
                up = []
                for a in goast.ancestors(n):
                    up.append(a.id)
                    if a == fn:
                        break
                assert [a.id for a in goast.path_below(fn, n)] == up[::-1], (src.path, n.start_byte)
                assert [a.id for a in goast.ancestors_below(n, fn)] == up[:-1], (src.path, n.start_byte)
                checked += 1
            # a node elsewhere in the file is not below it: all its ancestors, as for the
            # function itself
            outside = src.root.named_children[0]
            assert goast.path_below(fn, outside) is None
            assert [a.id for a in goast.ancestors_below(outside, fn)] == [src.root.id]
            assert [a.id for a in goast.ancestors_below(fn, fn)] == [a.id for a in goast.ancestors(fn)]
    assert checked > 1000


_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") | frozenset(range(0x80, 0x100))


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from([b"a", b"b1", b"_", b"0", b"0x1f", b"\xc3\xa9", b" ", b".", b"(", b"\n", b"\t", b"//", b'"']), max_size=40).map(
        b"".join
    ),
    keys=st.lists(st.sampled_from([b"a", b"ab", b"b1", b"x1f", b"a_", b"_", b"\xc3\xa9", b"a\xc3\xa9"]), min_size=1, max_size=8),
)
def test_a_word_standing_alone_is_held_whether_the_text_is_scanned_or_its_words_kept(text, keys):
    # digits, `0x1f` (whose tail `x1f` is no word of its own), multibyte letters, and names
    # next to them: every name standing between non-word bytes is held, before and after the
    # file keeps its words
    src = SourceFile.parse("f.go", text)
    for kept in (False, True):
        if kept:
            src._word_asks = parse._WORD_SET_AFTER
        for key in keys:
            alone = any(
                (i == 0 or text[i - 1] not in _WORD_BYTES) and (i + len(key) == len(text) or text[i + len(key)] not in _WORD_BYTES)
                for i in range(len(text))
                if text.startswith(key, i)
            )
            if alone:
                assert src.may_hold_word(key), (text, key, kept)
            if kept:
                assert src.may_hold_word(key) == alone, (text, key)


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.binary(min_size=4, max_size=24).map(lambda b: bytes(b"ab<-"[x % 4] for x in b)), min_size=3, max_size=8),
    needles=st.lists(st.text("ab<-", min_size=2, max_size=4).map(str.encode), min_size=1, max_size=12),
)
def test_mentions_agree_with_a_scan_however_the_common_strings_were_learnt(texts, needles):
    # Strings join the shared automaton after two files have been asked about them, and a file
    # is searched in windows of five bytes: needles straddle windows, overlap one another
    # (`<-` in `a<-b`), and files searched before a string joined answer it by a scan.
    with (
        patch.object(parse, "_COMMON", parse._CommonNeedles()),
        patch.object(parse, "_COMMON_AFTER", 2),
        patch.object(parse, "_COMMON_WINDOW", 5),
    ):
        srcs = [SourceFile.parse(f"f{i}.go", t) for i, t in enumerate(texts)]
        for needle in needles:
            for src in srcs:
                assert src.mentions(needle) == (needle in src.data), (needle, src.data)
        joined = parse._COMMON.needles
    assert set(joined) == set(needles)


def test_the_common_strings_stop_growing_and_the_rest_are_still_scanned_for():
    # A worker analyses package after package, each asking about its own names: the automaton
    # holds at most `_COMMON_MOST` strings, and the strings it will not take are scanned for.
    texts = [b"alpha beta gamma", b"beta delta", b"gamma epsilon alpha", b"zeta"]
    needles = [b"alpha", b"beta", b"gamma", b"delta", b"epsilon", b"zeta", b"eta"]
    with (
        patch.object(parse, "_COMMON", parse._CommonNeedles()),
        patch.object(parse, "_COMMON_AFTER", 2),
        patch.object(parse, "_COMMON_MOST", 3),
    ):
        for _ in range(2):  # a second round of files asks the strings that joined
            srcs = [SourceFile.parse(f"f{i}.go", t) for i, t in enumerate(texts)]
            for needle in needles:
                assert [s.mentions(needle) for s in srcs] == [needle in t for t in texts], needle
        assert parse._COMMON.needles == [b"alpha", b"beta", b"gamma"]


def test_the_counts_of_strings_asked_are_let_go():
    texts = [b"alpha beta", b"gamma"]
    with (
        patch.object(parse, "_COMMON", parse._CommonNeedles()),
        patch.object(parse, "_COMMON_AFTER", 100),
        patch.object(parse, "_ASKED_KEPT", 4),
    ):
        srcs = [SourceFile.parse(f"f{i}.go", t) for i, t in enumerate(texts)]
        for i in range(10):
            needle = b"alpha" if i % 2 else f"name{i}".encode()
            assert [s.mentions(needle) for s in srcs] == [needle in t for t in texts]
        assert 0 < len(parse._COMMON.asked) <= 4
        assert parse._COMMON.needles == []
