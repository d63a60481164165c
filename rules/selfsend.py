"""A goroutine that is the only receiver of a struct's unbuffered channel field and, while
handling one of its cases, calls (through methods of the package) a function that sends on that
same field: the send waits for a receive that only the sending goroutine itself would make.

Channels are matched by struct type and field (`h.unregister` in the loop, `c.hub.unregister`
in the sender): the loop is the only place in the package that receives from that field."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import goast
from .concurrency import concurrency
from .elemtypes import owner_struct
from .goast import Node, unparen
from .package import FuncInfo, PackageView
from .parse import RANGES, RECEIVES, SENDS, SourceFile, captures, token_owners

_MAX_DEPTH = 4


@dataclass(eq=False)
class SelfSend:
    loop_src: SourceFile
    recv: Node  # a receive of the loop on the field
    call: Node  # the call in the loop that leads to the send
    send_src: SourceFile
    send: Node  # the send the loop's goroutine blocks in
    chain: list  # (src, call node) from the loop's call down to the function that sends
    field: str  # `Type.field`


def _chan_field(view: PackageView, ch: Node, src: SourceFile) -> tuple[str, str] | None | bool:
    """(struct, field) of a `x.f` channel; None for another expression; False when `x` cannot be
    typed."""
    ch = unparen(ch)
    if ch.type != "selector_expression":
        return None
    op, fld = ch.child_by_field_name("operand"), ch.child_by_field_name("field")
    if op is None or fld is None:
        return None
    owner = owner_struct(view, op, src)
    return (owner, src.text(fld)) if owner else False


def _in_func(n: Node, fn: Node) -> bool:
    """`n` belongs to `fn`'s own body, not to a func literal nested in it."""
    for a in goast.ancestors(n):
        if a == fn:
            return True
        if a.type in goast.FUNC_TYPES:
            return False
    return False


def _plain_send(send: Node) -> bool:
    """A send that blocks until received: not a case of a select with other cases or a default."""
    for a in goast.ancestors(send):
        if a.type == "communication_case":
            sel = a.parent
            cases = [c for c in sel.named_children if c.type in ("communication_case", "default_case")] if sel is not None else []
            return len(cases) == 1 and cases[0].type == "communication_case"
        if a.type in goast.FUNC_TYPES or a.type == "block":
            return True
    return True


def self_sends(view: PackageView) -> list[SelfSend]:
    got = view.__dict__.get("_goleash_self_sends")
    if got is None:
        got = view.__dict__["_goleash_self_sends"] = _find(view)
    return got


def _find(view: PackageView) -> list[SelfSend]:
    if not any(f.mentions(b"<-") and f.mentions(b"select") for f in view.files):
        return []
    recvs: dict[tuple[str, str], list[tuple[SourceFile, Node, Node]]] = {}
    sends: dict[tuple[str, str], list[tuple[SourceFile, Node, Node]]] = {}
    unsure: set[str] = set()
    for src in view.files:
        if src.is_test or not src.mentions(b"<-"):
            continue
        for kind, field_name, owners in (("recv", "operand", RECEIVES), ("range", "right", RANGES), ("send", "channel", SENDS)):
            for n in token_owners(src, *owners):
                ch = n.child_by_field_name(field_name)
                if ch is None:
                    continue
                if kind == "range" and unparen(ch).type != "selector_expression":
                    continue
                key = _chan_field(view, ch, src)
                if key is False:
                    unsure.add(src.text(unparen(ch).child_by_field_name("field")))
                    continue
                if key is None:
                    continue
                fn = goast.enclosing_func(n)
                if fn is None:
                    continue
                (sends if kind == "send" else recvs).setdefault(key, []).append((src, n, fn))
    out = []
    conc = concurrency(view)
    for key, rs in recvs.items():
        if key[1] in unsure or key not in sends:
            continue
        loops = {fn.id for _, _, fn in rs}
        if len(loops) != 1:
            continue  # more than one function receives: another goroutine may take the send
        src, recv, fn = rs[0]
        if not _in_go_loop(view, recv, fn, src) or not _unbuffered(view, key):
            continue
        targets = {(s.path, n.start_byte): (s, n, f) for s, n, f in sends[key] if _plain_send(n) and f.id not in loops}
        if not targets:
            continue
        by_fn = {}
        for s, n, f in targets.values():
            by_fn.setdefault(f.id, (s, n))
        hit = _reach(conc, fn, src, by_fn)
        if hit is not None:
            call, chain, (ssrc, send) = hit
            out.append(SelfSend(src, recv, call, ssrc, send, chain, f"{key[0]}.{key[1]}"))
    return out


def _in_go_loop(view: PackageView, recv: Node, fn: Node, src: SourceFile) -> bool:
    """The receive is in a `for` loop of a function run as a goroutine (a `go func(){...}()`
    literal, or a method that some `go` statement starts)."""
    if not any(a.type == "for_statement" for a in goast.ancestors(recv) if goast.inside(a, fn)):
        return False
    if fn.type == "func_literal":
        p = fn.parent
        go = p.parent if p is not None and p.type == "call_expression" else None
        return go is not None and go.type == "go_statement" and not _repeated(go)
    name = goast.func_name(fn, src)
    if not name:
        return False
    starts = []
    for f, at in _go_calls(view).get(name.encode(), ()):
        n = f.root.descendant_for_byte_range(at, at + 2)
        while n is not None and n.type != "go_statement":
            n = n.parent
        if n is not None:
            starts.append(n)
    return bool(starts) and not any(_repeated(g) for g in starts)


# `go f(` / `go x.y.f(`: `go` first and the word boundary tested behind it (a pattern that
# starts with a literal is scanned for it at memchr speed, one that starts with `\b` is tried
# at every byte)
_GO_CALL = re.compile(rb"go(?<!\wgo)\s+(?:[\w.]+\.)?(\w+)\(")


def _go_calls(view: PackageView) -> dict[bytes, list[tuple[SourceFile, int]]]:
    """Where each name is called by a `go` statement (file, offset of the `go`), in file
    order: one scan of the package, not one per function asked about."""
    got = view.__dict__.get("_goleash_go_calls")
    if got is None:
        got = view.__dict__["_goleash_go_calls"] = {}
        for f in view.files:
            for m in _GO_CALL.finditer(f.data):
                got.setdefault(m.group(1), []).append((f, m.start()))
    return got


def _repeated(go: Node) -> bool:
    """The `go` statement runs in a loop: several goroutines run the same receive loop, and
    another of them can take the send."""
    for a in goast.ancestors(go):
        if a.type == "for_statement":
            return True
        if a.type in goast.FUNC_TYPES:
            return False
    return False


def _unbuffered(view: PackageView, key: tuple[str, str]) -> bool:
    """Every make of a channel for the field has no capacity (and there is one)."""
    makes = 0
    field = key[1]
    for src in view.files:
        if field.encode() not in src.data or not src.mentions(b"make(chan"):
            continue
        for buffered in _chan_makes(src).get(field, ()):
            if buffered:
                return False
            makes += 1
    return makes > 0


def _chan_makes(src: SourceFile) -> dict[str, list[bool]]:
    """Field name -> for each `make(chan …)` the file stores in such a field (`f: make(chan
    T)`, `x.f = make(chan T, n)`), whether it has a capacity. Kept with the file: a package asks
    about each of its channel fields, and the answer is the file's alone."""
    got = src.__dict__.get("_goleash_chan_makes")
    if got is not None:
        return got
    got = src.__dict__["_goleash_chan_makes"] = {}
    for n in goast.of_type(src.root, "keyed_element", "assignment_statement"):
        if n.type == "keyed_element":
            kids = n.named_children
            if len(kids) != 2:
                continue
            field = src.text(kids[0])
            val = unparen(kids[1].named_children[0] if kids[1].type == "literal_element" and kids[1].named_children else kids[1])
        else:
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is None or right is None or len(left.named_children) != 1 or len(right.named_children) != 1:
                continue
            lv = left.named_children[0]
            if lv.type != "selector_expression":
                continue
            field = src.text(lv.child_by_field_name("field"))
            val = unparen(right.named_children[0])
        if val.type != "call_expression" or not src.text(val).startswith("make(chan"):
            continue
        args = goast.call_args(val)
        got.setdefault(field, []).append(len(args) > 1 and src.text(args[1]).strip() != "0")
    return got


def _method_of_element(view: PackageView, call: Node, src: SourceFile) -> FuncInfo | None:
    """`v.m()` where `v` ranges over a map or slice of a package struct: that struct's method."""
    f = call.child_by_field_name("function")
    if f is None or f.type != "selector_expression":
        return None
    op, name = f.child_by_field_name("operand"), f.child_by_field_name("field")
    owner = owner_struct(view, op, src) if op is not None and name is not None else None
    return view.funcs.get(f"{owner}.{src.text(name)}") if owner else None


def _reach(conc, fn: Node, src: SourceFile, by_fn: dict) -> tuple | None:
    """The first call in `fn`'s own body (not in `go` statements or func literals) that reaches,
    through at most a few calls, a function holding one of the sends."""
    seen = {fn.id}

    def walk(node: Node, nsrc: SourceFile, depth: int) -> tuple | None:
        body = node.child_by_field_name("body")
        if body is None:
            return None
        for call in captures("(call_expression) @c", body).get("c", ()):
            if not _in_func(call, node) or any(a.type in ("go_statement", "defer_statement") for a in goast.ancestors(call) if goast.inside(a, node)):
                continue
            callee: FuncInfo | None = conc.resolve_call(call, nsrc) or _method_of_element(conc.view, call, nsrc)
            if callee is None or callee.node.id in seen:
                continue
            seen.add(callee.node.id)
            if callee.node.id in by_fn:
                return call, [(nsrc, call)], by_fn[callee.node.id]
            if depth < _MAX_DEPTH:
                got = walk(callee.node, callee.src, depth + 1)
                if got is not None:
                    return call, [(nsrc, call)] + got[1], got[2]
        return None

    return walk(fn, src, 1)
