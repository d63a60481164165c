"""Goroutines started on a declared method or function whose loop ends up, through a couple of
same-package calls, in a wait on a channel that only work arrival ends, while the goroutine has a
quit signal (a closed quit/done/stop field of its receiver, or a ctx parameter) it never looks at."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import goast
from .chanflow import is_recv, select_of
from .concurrency import concurrency
from .goast import Node, unparen
from .package import FuncInfo, PackageView
from .parse import SourceFile, name_nodes

_CANCEL = re.compile(r"(?i)(quit|done|stop|clos|shut|exit|die|dying|cancel|ctx|context|term|kill|abort|halt)")
_SHUTDOWN_FUNC = re.compile(r"(?i)(stop|close|shutdown|quit|cancel|exit|terminate|kill|abort|halt|reset|clear|flush|dispose|teardown)")


@dataclass(eq=False)
class StuckWait:
    go: Node  # the `go` statement
    routine: FuncInfo  # the goroutine's function
    call: Node  # the call in the goroutine's loop that ends in the wait
    wait: Node  # the receive (or select) that only work arrival ends
    wait_src: SourceFile
    chan_field: str  # the struct field whose channel is waited on
    signal: str  # `recv.Quit` or the ctx parameter's name
    signal_node: Node  # its declaration
    signal_src: SourceFile


def stuck_waits(view: PackageView) -> list[StuckWait]:
    out = []
    for r in concurrency(view).roots:
        if r.node.type == "go_statement" and not r.src.is_test and r.src.mentions(b"for"):
            sw = _check_go(view, r.src, r.node)
            if sw is not None:
                out.append(sw)
    return out


def _check_go(view: PackageView, src: SourceFile, go: Node) -> StuckWait | None:
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    if call is None or call.child_by_field_name("function").type == "func_literal":
        return None
    info = concurrency(view).resolve_call(call, src)
    if info is None or info.body is None:
        return None
    signal = _cancel_signal(view, info)
    if signal is None:
        return None
    label, name, node, nsrc = signal
    if _mentions(view, info, name, depth=1):
        return None
    for c in goast.of_type(info.body, "call_expression", skip_func_literals=True):
        if not _in_loop(c, info.node):
            continue
        got = _blocking_callee(view, c, info.src, depth=2, seen={info.key})
        if got is None:
            continue
        wait, wsrc, field = got
        if _closed_on_shutdown(view, field) or _one_shot(view, field):
            return None
        return StuckWait(go, info, c, wait, wsrc, field, label, node, nsrc)
    return None


def _cancel_signal(view: PackageView, info: FuncInfo) -> tuple[str, str, Node, SourceFile] | None:
    """(label, name to look for, declaration, file) of the goroutine's quit signal."""
    for p in goast.params_of(info.node):
        t = p.child_by_field_name("type")
        if t is not None and info.src.text(t) == "context.Context":
            for n in p.named_children:
                if n.type == "identifier" and info.src.text(n) != "_":
                    return info.src.text(n), info.src.text(n), n, info.src
    st = view.struct_of(info.recv_type) if info.recv_type else None
    if st is None:
        return None
    for fname, ftype in st.fields.items():
        if ftype.type != "channel_type" or not _CANCEL.search(fname):
            continue
        # an exported `chan struct{}` quit field is closed by whoever owns the value, maybe elsewhere
        if not _closed_anywhere(view, fname) and not (fname[0].isupper() and st.src.text(ftype).endswith("struct{}")):
            continue
        return f"{info.recv_name or info.recv_type}.{fname}", fname, ftype, st.src
    return None


def _closed_anywhere(view: PackageView, field: str) -> bool:
    return any(_closers(view, field))


def _closers(view: PackageView, field: str):
    """Functions containing `close(x.field)`."""
    for f in view.files:
        if not f.mentions(b"close("):
            continue
        for n in name_nodes(f, field):
            sel = n.parent
            if sel is None or sel.type != "selector_expression" or sel.child_by_field_name("field") != n:
                continue
            args = sel.parent
            if args is None or args.type != "argument_list" or args.parent is None:
                continue
            fn = args.parent.child_by_field_name("function")
            if fn is not None and f.text(fn) == "close":
                yield goast.enclosing_decl(sel), f


def _closed_on_shutdown(view: PackageView, field: str) -> bool:
    """The waited-on field is closed by a stop/close path (or beside some quit-like close): the
    wait ends on shutdown after all."""
    for decl, f in _closers(view, field):
        if decl is None:
            return True
        name = goast.func_name(decl, f) if decl.type in ("function_declaration", "method_declaration") else ""
        if not name or _SHUTDOWN_FUNC.search(name):
            return True
        if any(
            fn is not None and f.text(fn) == "close" and _CANCEL.search(f.text(a))
            for c in goast.of_type(decl, "call_expression")
            for fn in [c.child_by_field_name("function")]
            for a in goast.call_args(c)[:1]
        ):
            return True
    return False


def _one_shot(view: PackageView, field: str) -> bool:
    """Closed somewhere yet never re-made by an assignment: a ready/handshake signal that, once
    closed, never blocks again."""
    if not _closed_anywhere(view, field):
        return False
    for f in view.files:
        for n in name_nodes(f, field):
            sel = n.parent
            if sel is None or sel.type != "selector_expression" or sel.child_by_field_name("field") != n:
                continue
            lst = sel.parent
            st = lst.parent if lst is not None and lst.type == "expression_list" else lst
            if st is not None and st.type == "assignment_statement" and goast.inside(sel, st.child_by_field_name("left")):
                return False
    return True


def _mentions(view: PackageView, info: FuncInfo, name: str, depth: int) -> bool:
    """Does the goroutine (or a same-package function it calls directly) look at `name`?"""
    if name_nodes_in(info, name):
        return True
    if depth == 0:
        return False
    for c in goast.of_type(info.body, "call_expression"):
        callee = concurrency(view).resolve_call(c, info.src)
        if callee is not None and callee.body is not None and callee.node != info.node and _mentions(view, callee, name, depth - 1):
            return True
    return False


def name_nodes_in(info: FuncInfo, name: str) -> list[Node]:
    return [n for n in name_nodes(info.src, name) if goast.inside(n, info.node)]


def _in_loop(n: Node, fn: Node) -> bool:
    for a in goast.ancestors(n):
        if a == fn or a.type in goast.FUNC_TYPES:
            return False
        if a.type == "for_statement":
            return True
    return False


def _blocking_callee(view: PackageView, call: Node, src: SourceFile, depth: int, seen: set) -> tuple[Node, SourceFile, str] | None:
    info = concurrency(view).resolve_call(call, src)
    if info is None or info.body is None or info.key in seen or info.src.is_test:
        return None
    seen = seen | {info.key}
    w = _unconditional_wait(info)
    if w is not None:
        return w
    if depth <= 1:
        return None
    for c in goast.of_type(info.body, "call_expression", skip_func_literals=True):
        got = _blocking_callee(view, c, info.src, depth - 1, seen)
        if got is not None:
            return got
    return None


def _unconditional_wait(info: FuncInfo) -> tuple[Node, SourceFile, str] | None:
    """A bare `<-x.f` (or `<-ch` with `ch := x.f`), or a select without default whose cases all
    receive from such fields: ended only when work arrives, never by a quit signal or timer."""
    src = info.src
    for r in goast.of_type(info.body, "unary_expression", skip_func_literals=True):
        if not is_recv(r):
            continue
        sel, _case = select_of(r)
        if sel is None:
            field = _field_of(unparen(r.child_by_field_name("operand")), info)
            if field is not None and not _CANCEL.search(field):
                return r, src, field
            continue
        if any(c.type == "default_case" for c in sel.named_children):
            continue
        fields = []
        for c in sel.named_children:
            if c.type == "comment":
                continue
            comm = c.child_by_field_name("communication") if c.type == "communication_case" else None
            rr = next((n for n in goast.walk(comm) if is_recv(n)), None) if comm is not None and comm.type != "send_statement" else None
            field = _field_of(unparen(rr.child_by_field_name("operand")), info) if rr is not None else None
            if field is None or _CANCEL.search(field):
                fields = []
                break
            fields.append(field)
        if fields and r == next(n for n in goast.walk(sel) if is_recv(n)):
            return sel, src, fields[0]
    return None


def _field_of(operand: Node | None, info: FuncInfo) -> str | None:
    """The struct field a received-from channel comes from: `x.f`, or a local `ch` whose one
    assignment in the function is `ch := x.f`."""
    src = info.src
    if operand is None:
        return None
    if operand.type == "selector_expression":
        x = operand.child_by_field_name("operand")
        f = operand.child_by_field_name("field")
        if x is None or f is None or x.type != "identifier":
            return None
        return src.text(f)
    if operand.type != "identifier":
        return None
    name = src.text(operand)
    values = []
    for n in name_nodes_in(info, name):
        p = n.parent
        if p is None or p.type != "expression_list":
            continue
        st = p.parent
        if st is None or st.type not in ("short_var_declaration", "assignment_statement") or st.child_by_field_name("left") != p:
            continue
        left = [c for c in p.named_children]
        right = st.child_by_field_name("right")
        vals = [c for c in right.named_children] if right is not None and right.type == "expression_list" else [right]
        if len(left) != len(vals):
            return None
        values.append(vals[left.index(n)])
    if len(values) != 1 or values[0] is None or values[0].type != "selector_expression":
        return None
    return _field_of(values[0], info)
