"""sync.Cond values of a package and their `Wait`, `Signal` and `Broadcast` calls. Shared by the
cond-* rules.

A Cond is recognised from declarations only: a field, variable or parameter declared
`sync.Cond` / `*sync.Cond`, or a variable initialised with `sync.NewCond(...)`. Packages that
never mention `Cond` cost one byte search per file."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import goast
from .concurrency import concurrency
from .goast import Node, unparen
from .package import PackageView
from .parse import SourceFile
from .scope import resolve
from .synctypes import is_sync_type, sync_name, type_text

_COND_CALL_RE = re.compile(rb"\.(Wait|Signal|Broadcast)\(\)")


@dataclass(eq=False)
class CondCall:
    call: Node
    operand: Node
    method: str
    src: SourceFile
    key: tuple  # identity of the Cond: ("field", Type, name) | ("var", path, byte) | ("pkg", name)
    fname: str  # the field or variable name


def _package_has_cond(view: PackageView) -> bool:
    return any(src.mentions(b"Cond") and (src.mentions(b"sync.Cond") or src.mentions(b"NewCond(")) for src in view.files)


def _is_cond_decl_value(value: Node | None, src: SourceFile) -> bool:
    if value is None:
        return False
    value = unparen(value)
    if value.type != "call_expression":
        return False
    recv, name = goast.call_parts(value, src)
    return name == "NewCond" and recv is not None and recv == sync_name(src)


def _cond_key(view: PackageView, operand: Node, src: SourceFile) -> tuple[tuple, str] | None:
    operand = unparen(operand)
    if operand.type == "identifier":
        d = resolve(operand, src, view)
        if d.src is None:
            return None
        is_cond = is_sync_type(type_text(view, operand, src), ("Cond",), src) or (d.type is None and _is_cond_decl_value(d.value, d.src))
        if not is_cond:
            return None
        if d.kind == "package":
            return ("pkg", d.name), d.name
        if d.ident is None:
            return None
        return ("var", d.src.path, d.ident.start_byte), d.name
    if operand.type == "selector_expression":
        inner = operand.child_by_field_name("operand")
        fld = operand.child_by_field_name("field")
        if inner is None or fld is None:
            return None
        tname = concurrency(view).type_of_operand(inner, src, depth=4)
        if tname is None:
            return None
        typ, fsrc = view.field_type(tname, src.text(fld))
        if typ is None or fsrc is None or not is_sync_type(fsrc.text(typ).replace(" ", ""), ("Cond",), fsrc):
            return None
        return ("field", tname, src.text(fld)), src.text(fld)
    return None


def cond_calls(view: PackageView) -> list[CondCall]:
    """Every Wait/Signal/Broadcast call on a recognisable sync.Cond in the package (cached)."""
    got = view.__dict__.get("_goleash_condcalls")
    if got is not None:
        return got
    got = []
    view.__dict__["_goleash_condcalls"] = got
    if not _package_has_cond(view):
        return got
    for src in view.files:
        if not (src.mentions(b".Wait()") or src.mentions(b".Signal()") or src.mentions(b".Broadcast()")):
            continue
        for mt in _COND_CALL_RE.finditer(src.data):
            m = mt.group(1).decode()
            fld = src.root.descendant_for_byte_range(mt.start(1), mt.end(1))
            if fld is None or fld.type != "field_identifier":
                continue
            fn = fld.parent
            call = fn.parent if fn is not None else None
            if (
                fn is None
                or fn.type != "selector_expression"
                or call is None
                or call.type != "call_expression"
                or call.child_by_field_name("function") != fn
                or goast.call_args(call)
            ):
                continue
            op = fn.child_by_field_name("operand")
            if op is None:
                continue
            k = _cond_key(view, op, src)
            if k is None:
                continue
            got.append(CondCall(call, op, m, src, k[0], k[1]))
    got.sort(key=lambda c: (c.src.path, c.call.start_byte))
    return got


def cond_label(fn: Node, src: SourceFile) -> str:
    """`Type.method` (or the function name) of the declaration holding `fn`, a func literal's too."""
    decl = fn if fn.type != "func_literal" else goast.enclosing_decl(fn)
    if decl is None:
        return "func"
    _, rtype, _ = goast.receiver(decl, src)
    name = goast.func_name(decl, src)
    return f"{rtype}.{name}" if rtype else name
