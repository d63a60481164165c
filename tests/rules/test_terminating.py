"""Terminating statements as the Go spec defines them: what the lock state and the resource
checks read as "every way on leaves here"."""

from __future__ import annotations

import pytest

from goleash.rules import goast
from goleash.rules.parse import SourceFile

CASES = {
    "select {\ncase v := <-c:\n\treturn v\ndefault:\n\treturn 0\n}": True,
    "select {\ncase <-c:\n\tbreak\ndefault:\n\treturn 0\n}": False,
    "select {\ncase <-c:\n\tx++\ndefault:\n\treturn 0\n}": False,
    "switch x {\ncase 1:\n\treturn 1\ndefault:\n\tpanic(x)\n}": True,
    "switch x {\ncase 1:\n\treturn 1\n}": False,
    "for {\n\tfor {\n\t\tbreak\n\t}\n}": True,
    "for {\n\tif x > 0 {\n\t\tbreak\n\t}\n}": False,
    "for x > 0 {\n\treturn 1\n}": False,
    "for i := range c {\n\treturn i\n}": False,
    "if x > 0 {\n\treturn 1\n} else {\n\treturn 2\n}": True,
}


@pytest.mark.parametrize(("stmt", "want"), list(CASES.items()), ids=[f"case{i}" for i in range(len(CASES))])
def test_terminating_statements(stmt, want):
    code = "package a\n\nfunc f(c chan int, x int) int {\n" + stmt + "\n}\n"
    src = SourceFile.parse("a.go", code.encode())
    fn = next(n for n in src.root.named_children if n.type == "function_declaration")
    first = goast.statements(fn.child_by_field_name("body"))[0]
    assert goast.is_terminating(first, src) is want
