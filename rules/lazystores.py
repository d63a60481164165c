"""Map stores that create a mutex or channel lazily (`if _, ok := m[k]; !ok { m[k] = &sync.Mutex{} }`)
with no lock: two goroutines can each store their own."""

from __future__ import annotations

import re

from . import goast
from .concurrency import concurrency
from .goast import Node, unparen
from .gotypes import classify_lock_type, is_chan_type, type_of_expr
from .mapaccess import MapAccesses, map_accesses
from .package import PackageView
from .parse import index_stores


def _creates_sync_value(expr: Node | None, src, view) -> str | None:
    """'mutex' / 'channel' when `expr` makes a new mutex or channel."""
    if expr is None:
        return None
    typ = type_of_expr(expr, src)
    if typ is None:
        return None
    if classify_lock_type(typ, src):
        return "mutex"
    if is_chan_type(typ, src, view):
        return "channel"
    if src.text(typ) in ("sync.WaitGroup", "sync.Once", "sync.Cond"):
        return src.text(typ).split(".")[1]
    return None


# Only packages with maps of mutexes/channels, or files creating them, can have the idiom.
_MAP_OF_SYNC = re.compile(rb"map\[[^\]\n]*\]\s*\*?(sync\.|chan\b)")
# One literal-led pattern per search: `re` scans for a leading literal at memchr speed, while an
# alternation is tried at every byte.
_SYNC_LITERAL = re.compile(rb"sync\.(?:(?:RW)?Mutex|WaitGroup|Once|Cond)\{")


# `m[k] = v` (or `op=`) by text: files without one are spared the query
_INDEX_STORE = re.compile(rb"\][^=\n]*=(?!=)")


def _creates_sync(src) -> bool:
    return src.mentions(b"make(chan") or src.mentions(b"new(sync.") or (src.mentions(b"sync.") and _SYNC_LITERAL.search(src.data) is not None)


def _ifs_with_index_store(src) -> list[Node]:
    """if statements whose body assigns to an index expression (the only candidates), found
    from the store, climbing to its `if`."""
    out, seen = [], set()
    for asg in index_stores(src):
        block = asg.parent.parent if asg.parent is not None else None
        stmt = block.parent if block is not None else None
        if stmt is not None and stmt.type == "if_statement" and stmt.child_by_field_name("consequence") == block:
            if stmt.start_byte not in seen:
                seen.add(stmt.start_byte)
                out.append(stmt)
    return out


def lazy_init_stores(view: PackageView) -> list[tuple[Node, dict]]:
    """`m[k] = <new mutex/chan>` guarded only by a presence check of the same map, with no lock."""
    cached = view.__dict__.get("_goleash_lazy")
    if cached is not None:
        return cached
    out = []
    maps_of_sync = any(_MAP_OF_SYNC.search(src.data) for src in view.files)
    ma: MapAccesses = map_accesses(view)
    cc = concurrency(view)
    for src in view.files:
        if not maps_of_sync and not _creates_sync(src) or not _INDEX_STORE.search(src.data):
            continue
        for stmt in _ifs_with_index_store(src):
            cond = stmt.child_by_field_name("condition")
            init = stmt.child_by_field_name("initializer")
            body = stmt.child_by_field_name("consequence")
            if cond is None or body is None:
                continue
            for st in goast.statements(body):
                if st.type != "assignment_statement":
                    continue
                left = st.child_by_field_name("left")
                right = st.child_by_field_name("right")
                lhs = left.named_children if left is not None and left.type == "expression_list" else [left]
                rhs = right.named_children if right is not None and right.type == "expression_list" else [right]
                if len(lhs) != 1 or lhs[0] is None or lhs[0].type != "index_expression":
                    continue
                ix = lhs[0]
                operand = ix.child_by_field_name("operand")
                ent = ma.entity(operand, src) if operand is not None else None
                if ent is None or ent.kind == "localfield":
                    continue
                if not _checks_presence(src, stmt, init, cond, ix, ma, ent):
                    continue
                what = _creates_sync_value(_value_expr(rhs[0], body, src, ix), src, view)
                if what is None and ent.value_type is not None:
                    if classify_lock_type(ent.value_type, ent.value_src):
                        what = "mutex"
                    elif is_chan_type(ent.value_type, ent.value_src, view):
                        what = "channel"
                if what is None:
                    continue
                boundary = cc.boundary_of(ix, src)
                if boundary is None:
                    continue
                roots = cc.roots_of(boundary, src)
                if ent.kind == "local" and not any(r != "plain" for r in roots):
                    continue
                if not any(r == "plain" or r.multi for r in roots):
                    continue  # run by one goroutine only (a map it owns)
                if cc.locks_at(ix, src, boundary):
                    continue
                out.append((ix, {"src": src, "if": stmt, "entity": ent, "what": what, "boundary": boundary}))
    view.__dict__["_goleash_lazy"] = out
    return out


def _value_expr(rhs: Node, body: Node, src, ix: Node) -> Node | None:
    """The created value: the right-hand side, or what a local on the right was assigned."""
    rhs = unparen(rhs)
    if rhs.type != "identifier":
        return rhs
    name = src.text(rhs)
    for st in goast.statements(body):
        if st.type in ("short_var_declaration", "assignment_statement") and st.start_byte < ix.start_byte:
            left = st.child_by_field_name("left")
            right = st.child_by_field_name("right")
            if left is not None and right is not None and src.text(left) == name:
                return right.named_children[0] if right.type == "expression_list" and right.named_children else right
    return None


def _checks_presence(src, if_stmt, init, cond, ix, ma, ent) -> bool:
    """Does the if (or the statement before it) test whether the key is in the same map?"""
    key = ix.child_by_field_name("index")
    key_text = src.text(key) if key is not None else None
    places = [n for n in (init, cond) if n is not None]
    prev = if_stmt.prev_named_sibling
    if prev is not None and prev.type in ("short_var_declaration", "assignment_statement"):
        places.append(prev)
    for place in places:
        for other in goast.of_type(place, "index_expression"):
            op = other.child_by_field_name("operand")
            k = other.child_by_field_name("index")
            if op is None or k is None or src.text(k) != key_text:
                continue
            if ma.entity(op, src) == ent:
                return True
    return False
