"""Calls of sync/atomic's functions on an address (`atomic.AddInt64(&s.n, 1)`): the call, the
function's name and the variable it reaches. Shared by the atomic-* rules."""

from __future__ import annotations

from . import goast
from .goast import unparen
from .package import PackageView
from .parse import name_nodes

_ATOMIC_FUNCS = ("Add", "Load", "Store", "Swap", "CompareAndSwap", "And", "Or")


def atomic_calls(view: PackageView):
    """(src, call, func name, target expression) for sync/atomic function calls on `&x`."""
    for src in view.files:
        if not src.mentions(b"sync/atomic"):
            continue
        pkg = src.import_name("sync/atomic")
        if pkg is None:
            continue
        for ident in name_nodes(src, pkg):
            f = ident.parent
            call = f.parent if f is not None and f.type == "selector_expression" else None
            if call is None or call.type != "call_expression" or f.child_by_field_name("operand") != ident:
                continue
            if call.child_by_field_name("function") != f:
                continue
            m = src.text(f.child_by_field_name("field"))
            if not m.startswith(_ATOMIC_FUNCS):
                continue
            args = goast.call_args(call)
            if not args:
                continue
            a = unparen(args[0])
            if a.type != "unary_expression" or not src.text(a).startswith("&"):
                continue
            target = unparen(a.child_by_field_name("operand"))
            yield src, call, m, target
