"""Name resolution in the scopes tree-sitter leaves to us: a type switch's variable is a new
variable in every clause, `default:` included, shadowing an outer one of the same name."""

from __future__ import annotations

import pytest

from goleash.rules.package import PackageView
from goleash.rules.parse import SourceFile, name_nodes
from goleash.rules.scope import resolve

SRC = b"""package p

var v = 0

func f(x any) {
	v := "outer"
	switch v := x.(type) {
	case int:
		_ = v
	case string, error:
		_ = v
	default:
		_ = v
	}
	_ = v
}
"""


@pytest.fixture(scope="module")
def uses():
    src = SourceFile.parse("p/p.go", SRC)
    view = PackageView("p", "p", [src], None)
    return src, view, [n for n in name_nodes(src, "v") if n.parent.type == "expression_list" and n.parent.parent.type == "assignment_statement"]


def _declared_on_line(src, d) -> int:
    return src.point(d.ident.start_byte)[0]


@pytest.mark.parametrize("i", [0, 1, 2])
def test_every_clause_sees_the_switch_variable(uses, i):
    src, view, found = uses
    d = resolve(found[i], src, view)
    assert (d.kind, _declared_on_line(src, d)) == ("local", 7)


def test_after_the_switch_the_outer_variable_is_back(uses):
    src, view, found = uses
    d = resolve(found[3], src, view)
    assert (d.kind, _declared_on_line(src, d)) == ("local", 6)


# (line, name, which on the line) -> (kind, line of the declaration it reads). Several
# declarations are written as only a few programs write them: resolution finds declarations
# from the text, and must not miss these.
CASES = b"""package p

var g = 0

func uses(a int, ch chan int) (err error) {
	const (
		c0 = iota
		c1
	)
	_ = c1
	var v
		int
	_ = v
	w /* set */ := 1
	_ = w
	x, err := f()
	y, err := f()
	_, _, _ = x, y, err
	for i := 0; i < a; i++ {
		_ = i
	}
	if g := a; g > 0 {
		_ = g
	}
	_ = g
	select {
	case v = <-ch:
		_ = v
	}
	func(a string) {
		_ = a
		_ = ch
	}(" ")
	return nil
}

func split(s
	, t int, xs...int) {
	_, _ = s, xs
}

func f() (int, error) { return 0, nil }
"""

WANT = {
    (10, "c1", 0): ("local", 8),
    (13, "v", 0): ("local", 11),
    (15, "w", 0): ("local", 14),
    (16, "err", 0): ("param", 5),  # `:=` reuses a result parameter
    (17, "err", 0): ("local", 16),  # and a variable of the same block
    (18, "err", 0): ("local", 17),
    (19, "a", 0): ("param", 5),
    (19, "i", 1): ("local", 19),
    (20, "i", 0): ("local", 19),
    (22, "g", 1): ("local", 22),
    (23, "g", 0): ("local", 22),
    (25, "g", 0): ("package", None),
    (28, "v", 0): ("local", 27),
    (31, "a", 0): ("param", 30),
    (32, "ch", 0): ("param", 5),
    (39, "s", 0): ("param", 37),
    (39, "xs", 0): ("param", 38),
}


@pytest.fixture(scope="module")
def cases():
    src = SourceFile.parse("p/cases.go", CASES)
    assert not src.has_errors
    return src, PackageView("p", "p", [src], None)


@pytest.mark.parametrize("where", sorted(WANT))
def test_declarations_found_however_written(cases, where):
    src, view = cases
    line, name, nth = where
    on_line = [n for n in name_nodes(src, name) if src.point(n.start_byte)[0] == line]
    d = resolve(on_line[nth], src, view)
    declared = src.point(d.ident.start_byte)[0] if d.ident is not None else None
    assert (d.kind, declared) == WANT[where]
