"""The struct type behind an operand that is an element of a container: `m[k].f`, `s[i].f`, and
the value variable of `for _, v := range m` — so that a field reached through a map of states
and one reached through a range over the same map are known to be the same field of the same
struct type."""

from __future__ import annotations

from .concurrency import concurrency
from .goast import Node, unparen
from .gotypes import decl_type, struct_name
from .package import PackageView
from .parse import SourceFile
from .scope import resolve


def owner_struct(view: PackageView, operand: Node, src: SourceFile) -> str | None:
    """Struct type name of `x` in `x.f`, also when `x` is `c[k]` or a range value variable."""
    got = concurrency(view).type_of_operand(operand, src)
    if got:
        return got
    operand = unparen(operand)
    if operand.type == "index_expression":
        cont = operand.child_by_field_name("operand")
        return _element_struct(view, cont, src) if cont is not None else None
    if operand.type != "identifier":
        return None
    d = resolve(operand, src, view)
    if d.kind != "local" or d.ident is None or d.src is None:
        return None
    names = d.ident.parent
    rc = names.parent if names is not None and names.type == "expression_list" else None
    if rc is None or rc.type != "range_clause" or rc.child_by_field_name("left") != names:
        return None
    lefts = list(names.named_children)
    right = rc.child_by_field_name("right")
    if right is None:
        return None
    if len(lefts) == 2 and lefts[1] == d.ident:
        return _element_struct(view, right, d.src)
    if lefts and lefts[0] == d.ident:
        return _element_struct(view, right, d.src, key=True)  # a map's key; a slice's is an int
    return None


def _element_struct(view: PackageView, cont: Node, src: SourceFile, key: bool = False) -> str | None:
    """Struct type of the elements (or, with `key`, the keys) of a map, slice or array expression
    (a field or a variable)."""
    cont = unparen(cont)
    typ, tsrc = None, None
    if cont.type == "selector_expression":
        owner_node = cont.child_by_field_name("operand")
        fld = cont.child_by_field_name("field")
        owner = concurrency(view).type_of_operand(owner_node, src) if owner_node is not None else None
        if owner and fld is not None:
            typ, tsrc = view.field_type(owner, src.text(fld))
    elif cont.type == "identifier":
        d = resolve(cont, src, view)
        if d.src is not None:
            typ, tsrc = decl_type(d), d.src
    if typ is None or tsrc is None:
        return None
    typ, tsrc = view.resolve_named(typ, tsrc)
    if typ is None:
        return None
    if typ.type == "map_type":
        el = typ.child_by_field_name("key" if key else "value")
    elif key:
        return None
    elif typ.type in ("slice_type", "array_type"):
        el = typ.child_by_field_name("element")
    else:
        return None
    return struct_name(el, tsrc, view) if el is not None else None
