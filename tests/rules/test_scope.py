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
