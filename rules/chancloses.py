"""Where a package closes its channels: the `close(ch)` calls of a file, the closes of struct
fields by their type's methods, whether a field's channel is remade outside its constructor, and
whether one statement always runs before another. Shared by double-close, send-on-closed-channel
and close-by-receiver."""

from __future__ import annotations

import re

from . import goast
from .goast import Node
from .package import PackageView
from .parse import SourceFile, func_calls, name_nodes

_CLOSE_RE = re.compile(rb"close\(")  # literal first: scanned at memchr speed


def calls_builtin_close(data: bytes) -> bool:
    for m in _CLOSE_RE.finditer(data):
        before = data[m.start() - 1 : m.start()]
        if not before or not (before.isalnum() or before in b"_."):
            return True
    return False


def close_calls(src: SourceFile) -> list[tuple[Node, Node]]:
    cache = src.__dict__.get("_goleash_closes")
    if cache is None:
        cache = []
        for c in func_calls(src, "close"):
            args = goast.call_args(c)
            if len(args) == 1:
                cache.append((c, args[0]))
        cache.sort(key=lambda x: x[0].start_byte)
        src.__dict__["_goleash_closes"] = cache
    return cache


def deferred(call: Node) -> bool:
    return call.parent is not None and call.parent.type == "defer_statement"


def dominates(first: Node, later: Node, src: SourceFile) -> bool:
    """`first` is a statement of some list L and `later` sits in a statement after it in L,
    with no statement in between that always leaves the block."""
    st = goast.statement_of(first)
    if st is None or st.parent is None:
        return False
    lst = st.parent
    if not goast.inside(later, lst) or later.start_byte < st.end_byte:
        return False
    for s in lst.named_children:
        if s.start_byte <= st.start_byte:
            continue
        if goast.inside(later, s):
            return True
        if goast.is_terminating(s, src):
            return False
    return False


def field_reassigned(view: PackageView, conc, key: str) -> bool:
    """`s.done = make(...)` outside a constructor: the channel is remade (a restartable
    component), so two closes may close two different channels."""
    name = key.rsplit(".", 1)[-1]
    field = "." + name
    for src in view.files_with_word(name):
        # the field's occurrences that are a target of an assignment (`x.f = …`, `a, x.f = …`)
        for fid in name_nodes(src, name):
            x = fid.parent
            if x is None or x.type != "selector_expression" or x.child_by_field_name("field") != fid:
                continue
            left = x.parent
            n = left.parent if left is not None else None
            if n is None or n.type != "assignment_statement" or n.child_by_field_name("left") != left:
                continue
            if not src.text(x).endswith(field):
                continue
            fn = goast.enclosing_decl(n)
            if fn is None or conc.is_constructor(fn, src):
                continue
            if conc.lock_name(x, src, goast.enclosing_func(n)) == key:
                return True
    return False


def field_closes(view: PackageView, conc) -> dict[str, list]:
    """`Type.field` -> [(close call, src, boundary)] for `close(r.field)` in methods of the
    receiver's type, constructors left out."""
    out: dict[str, list] = {}
    for src in view.files:
        if src.is_test or not src.mentions(b"close(") or not calls_builtin_close(src.data):
            continue
        for c, ch in close_calls(src):
            ch = goast.unparen(ch)
            decl = goast.own_receiver_method(ch, src)
            if decl is None or conc.is_constructor(decl, src):
                continue
            boundary = conc.boundary_of(c, src)
            if boundary is not None:
                out.setdefault(conc.lock_name(ch, src, goast.enclosing_func(c)), []).append((c, src, boundary))
    return out
