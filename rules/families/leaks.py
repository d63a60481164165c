"""Family C: goroutine leaks. A goroutine blocked forever is never collected: its stack and
everything it references stay in memory until the process exits, one more on every call."""
from __future__ import annotations

import re

from .. import goast
from ..concurrency import concurrency
from ..fixgen import fresh_name, insert_after, insert_before, replace
from ..goast import Node, unparen
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile, file_captures, method_calls
from ..registry import Rule, register
from ..scope import resolve
from ._chanflow import (
    LocalChan,
    case_body,
    chan_flow,
    ctx_in_scope,
    enclosing_loop,
    fails,
    file_chans,
    func_label,
    go_literal,
    go_stmt_of,
    idents_named,
    int_value,
    is_infinite,
    is_recv,
    leaves,
    line_of,
    loop_exits,
    select_of,
    version_before,
)

_FUNCS = "(function_declaration) @f (method_declaration) @f (func_literal) @f"


def _at_line_start(src: SourceFile, node: Node) -> bool:
    return src.line_start(node.start_byte) + len(src.indent_at(node.start_byte).encode()) == node.start_byte


def _where(src: SourceFile, node: Node, other: SourceFile | None = None) -> str:
    ln = line_of(src, node)
    if other is not None and other is not src:
        return f"{src.path.rsplit('/', 1)[-1]}:{ln}"
    return f"line {ln}"


# -- goroutine-send-leak --------------------------------------------------------------------


def _select_nonblocking(sel: Node, case: Node) -> bool:
    """A send/receive in a select with a default or another case can give up."""
    return any(c != case and c.type in ("communication_case", "default_case") for c in sel.named_children)


def _range_len(expr: Node, src: SourceFile, view: PackageView) -> str | None:
    """`len(xs)` / `n` for what a range clause iterates over, when that is a slice, array,
    map or integer whose declaration says so."""
    expr = unparen(expr)
    if expr.type == "int_literal":
        return src.text(expr)
    if expr.type != "identifier":
        return None
    d = resolve(expr, src, view)
    if d.src is None:
        return None
    t = d.type
    if t is not None:
        tt = d.src.text(t).replace(" ", "")
        if tt.startswith(("[", "map[")) or (d.ident is not None and d.ident.parent is not None
                                           and d.ident.parent.type == "variadic_parameter_declaration"):
            return f"len({src.text(expr)})"
        if tt in ("int", "int64", "int32", "uint", "uint64", "uint32"):
            return src.text(expr)
        return None
    v = unparen(d.value) if d.value is not None else None
    if v is not None and v.type == "composite_literal":
        vt = v.child_by_field_name("type")
        if vt is not None and vt.type in ("slice_type", "array_type", "map_type", "implicit_length_array_type"):
            return f"len({src.text(expr)})"
    return None


def _loop_count(loop: Node, src: SourceFile, view: PackageView) -> str | None:
    for c in loop.named_children:
        if c.type == "range_clause":
            right = c.child_by_field_name("right")
            return _range_len(right, src, view) if right is not None else None
        if c.type == "for_clause":
            init = c.child_by_field_name("initializer")
            cond = c.child_by_field_name("condition")
            upd = c.child_by_field_name("update")
            if init is None or cond is None or upd is None or init.type != "short_var_declaration":
                return None
            left = init.child_by_field_name("left")
            right = init.child_by_field_name("right")
            if left is None or right is None or src.text(right).strip() != "0":
                return None
            var = src.text(left).strip()
            if cond.type != "binary_expression" or src.text(upd).replace(" ", "") != f"{var}++":
                return None
            op = cond.child_by_field_name("operator")
            cl = cond.child_by_field_name("left")
            cr = cond.child_by_field_name("right")
            if op is None or op.type != "<" or cl is None or cr is None or src.text(cl) != var:
                return None
            if any(n.type == "call_expression" for n in goast.walk(cr)) and not src.text(cr).startswith("len("):
                return None
            return src.text(cr)
    return None


def _visible_at(expr_text_node: Node, src: SourceFile, view: PackageView, at: int) -> bool:
    """Are the identifiers of `expr_text_node` declared before byte `at` (so a count computed
    at a loop can be used at the channel's make)?"""
    for n in goast.of_type(expr_text_node, "identifier"):
        if src.text(n) in ("len", "cap"):
            continue
        d = resolve(n, src, view)
        if d.kind == "package" or d.kind in ("param", "receiver"):
            continue
        if d.kind == "local" and d.ident is not None and d.ident.start_byte < at:
            continue
        return False
    return True


def _count_node(loop: Node) -> Node | None:
    for c in loop.named_children:
        if c.type == "range_clause":
            return c.child_by_field_name("right")
        if c.type == "for_clause":
            cond = c.child_by_field_name("condition")
            return cond.child_by_field_name("right") if cond is not None else None
    return None


def _fed_by(case: Node, signals: set[str], src: SourceFile) -> bool:
    comm = case.child_by_field_name("communication")
    if comm is None:
        return False
    for n in goast.walk(comm):
        if is_recv(n):
            operand = n.child_by_field_name("operand")
            return operand is not None and src.text(operand) in signals
    return False


def _signals(lits: list[Node], src: SourceFile) -> set[str]:
    """Channels the sender goroutines also close or send on."""
    out = set()
    for lit in lits:
        for n in goast.walk(lit):
            if n.type == "send_statement":
                ch = n.child_by_field_name("channel")
                if ch is not None:
                    out.add(src.text(ch))
            elif n.type == "call_expression" and goast.call_parts(n, src) == (None, "close"):
                for a in goast.call_args(n):
                    out.add(src.text(a))
    return out


def _give_ups(lc: LocalChan, fn: Node, src: SourceFile, multi: bool, first_go_end: int,
              signals: set[str] = frozenset()) -> list[tuple[Node, str]]:
    """Places where `fn` stops receiving from `lc` while senders may still be sending."""
    return _stops_receiving(lc.of("recv", "range"), fn, src, multi, first_go_end,
                            lambda oc: _fed_by(oc, signals, src))


def _stops_receiving(recv_ops, fn: Node, src: SourceFile, multi: bool, first_go_end: int,
                     fed) -> list[tuple[Node, str]]:
    """Places where `fn` stops receiving (`recv_ops`: its receive and range uses of one channel)
    while senders may still be sending; `fed(case)` says another select case is the senders' own
    signal that they are done."""
    out = []
    for u in recv_ops:
        op = u.op
        if op.type == "unary_expression":
            sel, case = select_of(op)
            if sel is not None:
                loop = enclosing_loop(sel, fn)
                for oc in sel.named_children:
                    if oc == case or oc.type not in ("communication_case", "default_case"):
                        continue
                    body = case_body(oc)
                    if fails(body, src):
                        continue
                    if any(goast.inside(o.op, oc) for o in recv_ops):
                        continue  # that case drains the channel itself
                    if oc.type == "communication_case" and fed(oc):
                        continue  # the senders signal through this other channel instead
                    if loop is not None:
                        lv = leaves(body, loop, src)
                        if lv is not None:
                            out.append((lv, "returns from the select without receiving"))
                    elif not any(o.op.start_byte > sel.end_byte for o in recv_ops):
                        what = "the select's default case" if oc.type == "default_case" else "another select case"
                        out.append((oc, f"{what} wins and the value is never received"))
                continue
            loop = enclosing_loop(op, fn)
        else:
            loop = op.parent if op.parent is not None and op.parent.type == "for_statement" else None
        if loop is not None and multi:
            body = loop.child_by_field_name("body")
            stmts = goast.statements(body)
            lv = leaves(stmts, loop, src)
            if lv is not None and not fails([lv], src):
                blk = [a for a in goast.ancestors(lv) if a.type == "block"]
                if not (blk and fails(goast.statements(blk[0]), src)):
                    out.append((lv, "leaves the receive loop before every value is received"))
    # an early return between starting the goroutine and receiving
    if recv_ops:
        first_recv = min(u.op.start_byte for u in recv_ops)
        for n in goast.walk(goast.func_body(fn) or fn, skip_func_literals=True):
            if n.type == "return_statement" and first_go_end <= n.start_byte and n.end_byte <= first_recv:
                blk = next((a for a in goast.ancestors(n) if a.type == "block"), None)
                if blk is not None and fails(goast.statements(blk), src):
                    continue
                out.append((n, "returns before receiving"))
                break
    return out


def _send_leak(view: PackageView):
    out = []
    for src in view.files:
        if b"make(chan" not in src.data or b"go " not in src.data:
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                d = _check_send_leak(view, src, lc) if not lc.escapes else _check_passed_send_leak(view, src, lc)
                if d is not None:
                    out.extend(d)
    # one leak, one finding: a channel the local check already reported for this function is
    # not reported again by the loop check, at the same send or at another of its sends
    seen = {(d.span.path, *(d.anchor or "").split("|")[:2]) for d in out}
    for d in _sends_skipping_quit(view) + _one_stop_value_many_waiters(view):
        key = (d.span.path, *(d.anchor or "").split("|")[:2])
        if key not in seen:
            out.append(d)
    return out


def _quit_case(sel: Node, case: Node, loop: Node, src: SourceFile) -> Node | None:
    """Another case of `sel` that receives (`<-quit`, `<-ctx.Done()`) and leaves `loop`."""
    for oc in sel.named_children:
        if oc == case or oc.type != "communication_case":
            continue
        comm = oc.child_by_field_name("communication")
        if not _bare_signal_recv(comm):
            continue
        # the case leaves at once: a quit signal, not data that sometimes ends the loop
        if any(leaves(st, loop, src) == st for st in case_body(oc)):
            return oc
    return None


def _bare_signal_recv(comm: Node | None) -> bool:
    """`<-quit` / `<-ctx.Done()` as a statement: a receive whose value nobody looks at."""
    if comm is None or comm.type not in ("expression_statement", "receive_statement") \
            or comm.child_by_field_name("left") is not None or len(comm.named_children) != 1:
        return False
    e = goast.unparen(comm.named_children[0])
    return e.type == "unary_expression" and is_recv(e)


def _made_buffered(ident: Node, src: SourceFile) -> bool:
    st = goast.statement_of(ident)
    text = src.text(st) if st is not None else ""
    return "make(chan" in text and "," in text.split("make(chan", 1)[1]


def _local_or_buffered(ch: Node, src: SourceFile, view: PackageView, body: Node, root) -> bool:
    """A channel of the goroutine's own (the local-channel check's), or one made with a buffer
    (by the goroutine's spawner too, when it is handed over as an argument)."""
    if ch.type == "identifier":
        d = resolve(ch, src, view)
        if d.ident is None or goast.inside(d.ident, goast.func_body(body) or body):
            return True
        if _made_buffered(d.ident, src):
            return True
        arg = _arg_for_param(root, body, src, src.text(ch)) if goast.inside(d.ident, body) else None
        if arg is not None:
            ad = resolve(arg, root.src, view)
            if ad.ident is None or _made_buffered(ad.ident, root.src):
                return True
        return _callers_pass_buffered(view, d.ident, src)
    if ch.type == "selector_expression":
        field = src.text(ch.child_by_field_name("field"))
        return any(_field_made_buffered(f, field) for f in view.files if field.encode() in f.data)
    return True


_BUFFERED_MAKE = r"make\(chan\b[^()\n]*(?:\([^()\n]*\))?[^()\n]*,"


def _field_made_buffered(f: SourceFile, field: str) -> bool:
    """`field: make(chan T, n)` / `x.field = make(chan T, n)`, or the same through a local
    made buffered just before (`outc := make(chan T, 1)` ... `field: outc`)."""
    text = f.data.decode("utf-8", "replace")
    if re.search(rf"\b{re.escape(field)}\s*(?::|=)\s*{_BUFFERED_MAKE}", text):
        return True
    for m in re.finditer(rf"\b{re.escape(field)}\s*(?::|=)\s*(\w+)\s*[,}}\n]", text):
        if re.search(rf"\b{re.escape(m[1])}\s*:?=\s*{_BUFFERED_MAKE}", text):
            return True
    return False


def _callers_pass_buffered(view: PackageView, ident: Node, src: SourceFile) -> bool:
    """`ident` is a parameter of a declared function some caller fills with a buffered channel
    (`errc := make(chan error, 2); p.watch(stop, errc)`): the capacity is the caller's choice."""
    decl = goast.enclosing_decl(ident)
    if decl is None or goast.inside(ident, goast.func_body(decl) or decl):
        return False
    params = []
    for p in goast.params_of(decl):
        params.extend(goast.param_names(p, src) or ["_"])
    name = src.text(ident)
    if name not in params:
        return False
    i = params.index(name)
    for call, csrc in concurrency(view).possible_callers(decl, src):
        args = goast.call_args(call)
        if i < len(args) and args[i].type == "identifier":
            ad = resolve(args[i], csrc, view)
            if ad.ident is not None and _made_buffered(ad.ident, csrc):
                return True
    return False


def _arg_for_param(root, body: Node, src: SourceFile, name: str) -> Node | None:
    """The identifier the spawner passes for parameter `name` of the goroutine's function."""
    if body.type != "func_literal":
        return root.param_args.get(name)
    call = root.node.named_children[0] if root.node.type == "go_statement" and root.node.named_children else None
    if call is None or call.type != "call_expression":
        return None
    params = []
    for p in goast.params_of(body):
        params.extend(goast.param_names(p, src) or ["_"])
    for pname, arg in zip(params, goast.call_args(call)):
        if pname == name and arg.type == "identifier":
            return arg
    return None


def _sends_skipping_quit(view: PackageView) -> list[Diagnostic]:
    """In one goroutine loop, one send gives up on a quit channel (`select { case out <- v:
    case <-quit: return }`) and another send, on a channel that comes from outside, does not:
    the author knows the reader may stop at quit, and this send will then block forever."""
    conc = concurrency(view)
    out = []
    seen: set[int] = set()
    for root in conc.roots:
        body, src = root.body, root.body_src
        if root.kind != "go" or body is None or src is None or src.is_test or body.id in seen:
            continue
        seen.add(body.id)
        fbody = goast.func_body(body) or body
        if b"<-" not in src.data[fbody.start_byte:fbody.end_byte]:
            continue
        guarded, bare, waits = [], [], []
        for n in goast.walk(fbody, skip_func_literals=True):
            if n.type == "select_statement":
                wait = _quit_wait(n, body, src)
                if wait is not None:
                    waits.append(wait)
                continue
            if n.type != "send_statement":
                continue
            loop = enclosing_loop(n, body)
            if loop is None:
                continue
            sel, case = select_of(n)
            if sel is None:
                bare.append((n, loop))
            elif not any(c.type == "default_case" for c in sel.named_children):
                qc = _quit_case(sel, case, loop, src)
                if qc is not None:
                    guarded.append((n, loop, qc))
        for n, loop in bare:
            g = next(((gs, gl, qc) for gs, gl, qc in guarded if goast.inside(n, gl) or goast.inside(gs, loop)), None)
            what = "send"
            if g is None:
                # no guarded send: a wait of this same loop, before or after the send and not
                # around it, that leaves on the quit signal
                g = next(((ws, wl, qc) for ws, wl, qc in waits if wl == loop and not goast.inside(n, ws)), None)
                what = "select"
            ch = goast.unparen(n.child_by_field_name("channel"))
            if what == "select" and g is not None and not _handed_in_open(ch, src, view, fbody):
                continue
            if g is None or ch is None or _local_or_buffered(ch, src, view, body, root):
                continue
            gs, _gl, qc = g
            quit = src.text(qc.child_by_field_name("communication"))
            label = func_label(body, src)
            reader = "its reader may stop reading" if what == "send" else "whoever reads this channel may stop with it"
            msg = (f"`{src.text(n)}` blocks with no way out: the {what} at {_where(src, gs)} in this same loop gives up "
                   f"on `{quit}`, so {reader}; once it has, this send blocks forever and "
                   f"{root.describe()} leaks with everything it references.")
            related = [Related(src.span(gs), f"this {what} gives up on `{quit}`"),
                       Related(root.src.span(root.node), "the goroutine is started here")]
            fixes = []
            if n.parent is not None and n.parent.type == "statement_list" and _at_line_start(src, n):
                ind = src.indent_at(n.start_byte)
                body_txt = "\n".join(f"{ind}\t{src.text(st)}" for st in case_body(qc))
                text = f"select {{\n{ind}case {src.text(n)}:\n{ind}case {quit}:\n{body_txt}\n{ind}}}"
                fixes.append(Fix(f"Give up this send on `{quit}` too", (replace(src, n, text),)))
            out.append(Diagnostic(src.span(n), msg, related, fixes, anchor=f"{label}|{src.text(ch)}|send-skips-quit"))
    return out


def _handed_in_open(ch: Node | None, src: SourceFile, view: PackageView, fbody: Node) -> bool:
    """`ch` is a parameter of a declared function (the caller's channel, read by code we do not
    see) and the goroutine does not close it (a closer usually has a reader ranging to the end)."""
    if ch is None or ch.type != "identifier":
        return False
    d = resolve(ch, src, view)
    if d.kind != "param" or d.func is None or d.func.type == "func_literal":
        return False
    name = src.text(ch)
    return not any(goast.call_parts(c, src) == (None, "close") and [src.text(a) for a in goast.call_args(c)] == [name]
                   for c in goast.of_type(fbody, "call_expression"))


def _quit_wait(sel: Node, body: Node, src: SourceFile) -> tuple[Node, Node, Node] | None:
    """(select, loop, quit case) for a select of a goroutine loop that only waits (no send, no
    default) and leaves the loop at once on a bare quit receive (`case <-ctx.Done(): return`)."""
    loop = enclosing_loop(sel, body)
    if loop is None:
        return None
    cases = sel.named_children
    if any(c.type == "default_case" for c in cases):
        return None
    for c in cases:
        comm = c.child_by_field_name("communication") if c.type == "communication_case" else None
        if comm is not None and comm.type == "send_statement":
            return None
    qc = _quit_case(sel, None, loop, src)
    return (sel, loop, qc) if qc is not None else None


def _one_stop_value_many_waiters(view: PackageView) -> list[Diagnostic]:
    """`s.stop <- struct{}{}` sent once, while two different goroutines wait on `<-s.stop` to
    return: one value wakes one of them, the other waits forever."""
    conc = None
    out = []
    for src in view.files:
        if src.is_test or b"<-" not in src.data:
            continue
        for n in file_captures(src, "(send_statement) @s").get("s", []):
            ch = goast.unparen(n.child_by_field_name("channel"))
            decl = goast.own_receiver_method(ch, src) if ch is not None else None
            if decl is None:
                continue
            sel, case = select_of(n)
            if sel is not None and _select_nonblocking(sel, case):
                continue
            if enclosing_loop(n, decl) is not None:
                continue  # one value per waiter, perhaps
            if conc is None:
                conc = concurrency(view)
            key = conc.lock_name(ch, src, goast.enclosing_func(n))
            waiters = _stop_waiters(conc, view, key, n)
            if waiters is None or len(waiters) < 2:
                continue
            r1, r2 = list(waiters.values())[:2]
            text = src.text(ch)
            label = func_label(goast.enclosing_func(n), src)
            msg = (f"`{src.text(n)}` sends one value, but {r1.describe()} and {r2.describe()} both wait on "
                   f"`{text}` to stop: one value wakes one of them and the other blocks forever, a goroutine leak "
                   f"on every stop. Closing the channel wakes every waiter.")
            related = [Related(r.src.span(r.node), "a goroutine that waits on this channel to stop") for r in (r1, r2)]
            fixes = []
            if n.parent is not None and n.parent.type == "statement_list" and _at_line_start(src, n):
                fixes.append(Fix(f"Close `{text}` so every waiter wakes", (replace(src, n, f"close({text})"),)))
            out.append(Diagnostic(src.span(n), msg, related, fixes, anchor=f"{label}|{key}|one-stop-many-waiters"))
    return out


def _stop_waiters(conc, view: PackageView, key: str, send: Node) -> dict | None:
    """Goroutines (by body) that return on a receive from the channel field `key`; None when the
    channel is also closed or sent to elsewhere, or a waiter keeps receiving after a value."""
    field = "." + key.rsplit(".", 1)[-1]
    waiters: dict[int, object] = {}
    for src in view.files:
        if field.encode() not in src.data:
            continue
        for sel in goast.of_type(src.tree.root_node, "selector_expression"):
            if not src.text(sel).endswith(field) or conc.lock_name(sel, src, goast.enclosing_func(sel)) != key:
                continue
            p = sel.parent
            while p is not None and p.type == "parenthesized_expression":
                p = p.parent
            if p is not None and p.type == "argument_list" and p.parent is not None \
                    and goast.call_parts(p.parent, src) == (None, "close"):
                return None
            if p is None:
                continue
            if p.type == "send_statement" and p != send and p.child_by_field_name("channel") == sel:
                return None
            if p == send:
                continue
            if p.type == "expression_list" and p.parent is not None and p.parent.type == "assignment_statement" \
                    and p.parent.child_by_field_name("left") == p:
                continue  # made (or remade) here
            if not is_recv(p):
                return None  # ranged over, passed on, returned: other receivers we cannot see
            if not (p.parent is not None and _bare_signal_recv(p.parent)):
                return None  # a value someone reads: a data channel, not a stop signal
            boundary = conc.boundary_of(p, src)
            if boundary is None:
                continue
            roots = [r for r in conc.roots_of(boundary, src) if r != "plain" and getattr(r, "kind", "") == "go"]
            if not roots:
                continue
            s2, c2 = select_of(p)
            if s2 is not None:
                stmts = case_body(c2)
                loop = enclosing_loop(s2, boundary)
            else:
                st = goast.statement_of(p)
                stmts = [x for x in (st.parent.named_children if st is not None and st.parent is not None else [])
                         if x.start_byte > st.end_byte][:1] if st is not None else []
                loop = enclosing_loop(p, boundary)
            if loop is not None and leaves(stmts, loop, src) is None:
                return None  # keeps receiving: several values are meant for it
            for r in roots:
                if r.body is not None:
                    waiters.setdefault(r.body.id, r)
    return waiters


def _sent_and_received_here(lc: LocalChan):
    """The sends and receives of a channel that stays in its function, unclosed, and is
    received from only in that function itself; None otherwise."""
    if lc.escapes or lc.of("close"):
        return None
    sends = lc.of("send")
    recvs = lc.of("recv", "range")
    if not sends or not recvs or any(goast.enclosing_func(u.op) != lc.func for u in recvs):
        return None
    return sends, recvs


def _check_send_leak(view: PackageView, src: SourceFile, lc: LocalChan):
    fn = lc.func
    ops = _sent_and_received_here(lc)
    if ops is None:
        return None
    sends, recvs = ops
    senders: dict[int, dict] = {}
    for u in sends:
        g = go_literal(u.op)
        if g is None or not goast.inside(g, fn) or g == fn:
            return None
        gs = go_stmt_of(g)
        if gs is None or goast.enclosing_func(gs) != fn:
            return None
        info = senders.setdefault(g.id, {"lit": g, "go": gs, "sends": [], "loop_send": False})
        sel, case = select_of(u.op)
        if sel is not None and _select_nonblocking(sel, case):
            continue
        info["sends"].append(u.op)
        if enclosing_loop(u.op, g) is not None:
            info["loop_send"] = True
    blocking = [i for i in senders.values() if i["sends"]]
    if not blocking:
        return None
    counts = []
    multi = False
    for info in senders.values():
        loop = enclosing_loop(info["go"], fn)
        info["loop"] = loop
        if info["loop_send"]:
            multi = True
        if loop is not None:
            multi = True
            counts.append(_loop_count(loop, src, view))
        else:
            counts.append("1")
    if len(senders) > 1:
        multi = True
    known = None if any(c is None for c in counts) or any(i["loop_send"] for i in senders.values()) else counts
    total_text = None
    total_n = None
    if known is not None:
        nums = [int_value_text(c) for c in known]
        if all(n is not None for n in nums):
            total_n = sum(nums)  # type: ignore[arg-type]
            total_text = str(total_n)
        elif len(known) == 1:
            total_text = known[0]
    capv = 0 if lc.cap is None else int_value(lc.cap, src)
    if lc.cap is not None:
        cap_text = src.text(lc.cap).replace(" ", "")
        if total_text is not None and cap_text == total_text.replace(" ", ""):
            return None
        if capv is None:
            return None  # a computed capacity we cannot compare
        if capv > 0 and total_n is None:
            return None
    if total_n is not None and capv >= total_n:
        return None
    first_go_end = min(i["go"].end_byte for i in senders.values())
    signals = _signals([i["lit"] for i in senders.values()], src) - {lc.name}
    give_ups = _give_ups(lc, fn, src, multi, first_go_end, signals)
    if not give_ups:
        return None
    gu, how = give_ups[0]
    label = func_label(fn, src)
    buf = "unbuffered" if not capv else f"buffered for {capv}"
    out = []
    for info in blocking:
        send = info["sends"][0]
        gs = info["go"]
        started = f"started at {_where(src, gs)}" + (" once per loop iteration" if info["loop"] is not None else "")
        msg = (f"The goroutine {started} blocks forever on `{src.text(send)}`: `{lc.name}` is {buf} and "
               f"`{label}` stops receiving early ({_where(src, gu)}: {how}). The blocked goroutine is never "
               f"collected and keeps everything it references alive: a goroutine leak on every call that gives up.")
        related = [Related(src.span(gs), "the goroutine that blocks is started here"),
                   Related(src.span(gu), f"the receiving side gives up here ({how})"),
                   Related(src.span(lc.make), f"`{lc.name}` is made here ({buf})")]
        fixes = []
        if total_text is not None and (total_n is None or total_n > 0):
            loop = info["loop"]
            cnode = _count_node(loop) if loop is not None else None
            if total_n is not None or (cnode is not None and _visible_at(cnode, src, view, lc.make.start_byte)):
                args = lc.make.child_by_field_name("arguments")
                if lc.cap is None:
                    edit = TextEdit(src.path, args.end_byte - 1, args.end_byte - 1, f", {total_text}")
                else:
                    edit = replace(src, lc.cap, total_text)
                who = "its one sender" if total_text == "1" else f"all {total_text} senders"
                fixes.append(Fix(f"Buffer `{lc.name}` for {who} so none can block",
                                 (edit,)))
        ctx = ctx_in_scope(send, src)
        if ctx is not None and send.parent is not None and send.parent.type == "statement_list" and _at_line_start(src, send):
            ind = src.indent_at(send.start_byte)
            text = f"select {{\n{ind}case {src.text(send)}:\n{ind}case <-{ctx}.Done():\n{ind}}}"
            fixes.append(Fix(f"Give up the send when `{ctx}` is cancelled", (replace(src, send, text),)))
        out.append(Diagnostic(src.span(send), msg, related, fixes,
                              anchor=f"{label}|{lc.name}|send|{src.text(send)}"))
    return out


def _check_passed_send_leak(view: PackageView, src: SourceFile, lc: LocalChan):
    """The same leak when the channel is handed, as an argument, to the package's own functions
    that start the senders or do the receiving: goroutines started by a callee, a receiver that is
    itself a goroutine, parameters bound at each call."""
    if src.is_test or lc.of("close") or not any(u.kind == "escape" for u in lc.uses):
        return None  # test helpers that wait for a server to start are handed such channels by the dozen
    flow = chan_flow(lc, view)
    if flow is None or any(f.kind == "close" for f in flow):
        return None
    sends = [f for f in flow if f.kind == "send"]
    recvs = [f for f in flow if f.kind in ("recv", "range")]
    if not sends or not recvs or any(f.go is None for f in sends):
        return None
    place = {(f.func.id, f.go.id if f.go is not None else None) for f in recvs}
    if len(place) != 1:
        return None  # several receivers: one giving up may leave the others draining
    rfunc, rgo = recvs[0].func, recvs[0].go
    rsrc = recvs[0].src
    if any(f.func == rfunc and f.go == rgo for f in sends):
        return None
    if any(enclosing_loop(f.op, f.func) is not None and f.go == rgo and f.func != rfunc for f in recvs):
        return None
    senders: dict[int, dict] = {}
    for f in sends:
        info = senders.setdefault(f.go.id, {"go": f.go, "sends": [], "loop_send": False, "looped": f.looped,
                                           "bodies": set()})
        info["bodies"].add((f.func, f.src))
        sel, case = select_of(f.op)
        if sel is not None and _select_nonblocking(sel, case):
            continue
        info["sends"].append(f)
        if enclosing_loop(f.op, f.func) is not None and not _terminal(f.op, f.func):
            info["loop_send"] = True
    blocking = [i for i in senders.values() if i["sends"]]
    if not blocking:
        return None
    multi = len(senders) > 1 or any(i["loop_send"] or i["looped"] for i in senders.values())
    total_n = None if any(i["loop_send"] or i["looped"] for i in senders.values()) else len(senders)
    capv = 0 if lc.cap is None else int_value(lc.cap, src)
    if capv is None or (capv > 0 and total_n is None) or (total_n is not None and capv >= total_n):
        return None
    if rfunc == lc.func and rgo is None:
        first_go_end = min(_stmt_in(lc.func, f.entry).end_byte for f in sends)
    else:
        first_go_end = rfunc.end_byte  # a receiver of its own: no start to measure from
    fed = _fed_by_senders(view, lc, senders, rsrc)
    give_ups = _stops_receiving(recvs, rfunc, rsrc, multi, first_go_end, fed)
    if not give_ups:
        return None
    gu, how = give_ups[0]
    rlabel = func_label(rfunc, rsrc)
    buf = "unbuffered" if not capv else f"buffered for {capv}"
    out = []
    for info in blocking:
        f = info["sends"][0]
        send, ssrc = f.op, f.src
        gs = info["go"]
        gsrc = f.go_src or ssrc
        multi_note = " (one of several goroutines sending on it)" if len(senders) > 1 else ""
        msg = (f"The goroutine started at {_where(gsrc, gs, ssrc)} blocks forever on `{ssrc.text(send)}`{multi_note}: "
               f"the channel is made {buf} at {_where(src, lc.make, ssrc)} and handed over as an argument, and "
               f"its receiver `{rlabel}` stops receiving early ({_where(rsrc, gu, ssrc)}: {how}). The blocked "
               f"goroutine is never collected and keeps everything it references alive: a goroutine leak each "
               f"time the receiver gives up.")
        related = [Related(gsrc.span(gs), "the goroutine that blocks is started here"),
                   *(Related(rsrc.span(n), f"the receiving side gives up here ({h})") for n, h in give_ups[:3]),
                   Related(src.span(lc.make), f"`{lc.name}` is made here ({buf})")]
        fixes = []
        if total_n is not None and total_n > 0 and lc.cap is None:
            args = lc.make.child_by_field_name("arguments")
            who = "its one sender" if total_n == 1 else f"all {total_n} senders"
            fixes.append(Fix(f"Buffer `{lc.name}` for {who} so none can block",
                             (TextEdit(src.path, args.end_byte - 1, args.end_byte - 1, f", {total_n}"),)))
        out.append(Diagnostic(ssrc.span(send), msg, related, fixes,
                              anchor=f"{func_label(f.func, ssrc)}|{lc.name}|passed-send|{ssrc.text(send)}"))
    return out


def _stmt_in(fn: Node, n: Node) -> Node:
    """The innermost statement holding `n` that `fn`'s own body runs (not a closure's)."""
    cur = n
    for a in [n, *goast.ancestors(n)]:
        if a.type.endswith("_statement") and goast.enclosing_func(a) == fn:
            return a
        cur = a
    return cur


def _terminal(st: Node, body: Node) -> bool:
    """A send or close after which the goroutine ends: deferred, followed by a return, or the
    last statement of the goroutine's body."""
    if any(a.type == "defer_statement" for a in goast.ancestors(st) if goast.inside(a, body)):
        return True
    nxt = st.next_named_sibling
    while nxt is not None and nxt.type == "comment":
        nxt = nxt.next_named_sibling
    if nxt is not None:
        return nxt.type == "return_statement"
    blk = st.parent.parent if st.parent is not None and st.parent.type == "statement_list" else st.parent
    return blk is not None and blk == goast.func_body(body)


def _fed_by_senders(view: PackageView, lc: LocalChan, senders: dict, rsrc: SourceFile):
    """Is this other select case of the receiver the senders' own last word (a channel they send
    on or close just before they end)? Followed through the maker's other channels when the case
    receives from one of them; by name within the senders' bodies otherwise."""
    sibling_flows = []
    for other in file_chans(lc.src, view).get(lc.func.id, []):
        if other is lc:
            continue
        fl = chan_flow(other, view)
        if fl is not None:
            sibling_flows.append(fl)
    go_ids = set(senders)
    bodies = {(b.id, s.path): (b, s) for i in senders.values() for b, s in i["bodies"]}

    def fed(case: Node) -> bool:
        comm = case.child_by_field_name("communication")
        recv = next((n for n in goast.walk(comm) if is_recv(n)), None) if comm is not None else None
        if recv is None:
            return False
        for fl in sibling_flows:
            if any(f.op == recv for f in fl):
                ends = [f for f in fl if f.kind in ("send", "close") and f.go is not None and f.go.id in go_ids]
                return any(_terminal(goast.statement_of(f.op) or f.op, f.func) for f in ends)
        operand = recv.child_by_field_name("operand")
        name = rsrc.text(operand) if operand is not None else None
        return name is not None and any(name in _signals([b], s) for b, s in bodies.values())
    return fed


def int_value_text(t: str) -> int | None:
    try:
        return int(t.replace("_", ""), 0)
    except ValueError:
        return None


SEND_LEAK = register(Rule(
    id="goroutine-send-leak",
    title="Goroutine blocked forever sending to a receiver that gave up",
    family="C",
    severity=Severity.WARNING,
    what="""
Finds goroutines that send on a channel made by the function that starts them, when that
channel is unbuffered (or smaller than the number of senders) and the function can stop
receiving early: a `select` with a timeout or `ctx.Done()` case that returns, a receive loop
that returns or breaks on the first error, or a `return` between starting the goroutines and
receiving. The channel is followed as an argument into the package's own functions and
methods: a helper that starts the sending goroutine, a receiver that runs as a goroutine of its
own. Channels stored, returned, closed, passed where the callee cannot be read, or drained by
another goroutine are left alone.
Also finds, in a goroutine's loop, a bare send on a channel handed to it (unbuffered) next to
another send of that loop that gives up on a quit channel or `ctx.Done()`: the reader may stop
at that signal, and the bare send then blocks forever. And a single value sent on a struct's
stop channel while two different goroutines wait on it to return: one wakes, the other never.
""",
    why="""
A send on an unbuffered channel blocks until someone receives. Once the receiver has returned,
nobody ever will: the sending goroutine blocks forever, is never collected, and keeps its stack
and everything it references alive. The leak repeats on every call that times out or fails,
until the process runs out of memory.
""",
    example="""
func fetch(ctx context.Context, url string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- get(url) // blocks forever once fetch has returned
	}()
	select {
	case body := <-ch:
		return body, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
""",
    instead="""
func fetch(ctx context.Context, url string) (string, error) {
	ch := make(chan string, 1) // the goroutine can always deliver, then exit
	go func() {
		ch <- get(url)
	}()
	select {
	case body := <-ch:
		return body, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
""",
    vet_overlap="Not covered by go vet. staticcheck has no equivalent; goleak finds it only at test run time.",
    run=_send_leak,
))


# -- range-unclosed-channel ------------------------------------------------------------------


def _range_unclosed(view: PackageView):
    out = []
    for src in view.files:
        if b"range" not in src.data:
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                out.extend(_check_range(view, src, lc))
    return out


def _check_range(view: PackageView, src: SourceFile, lc: LocalChan):
    if lc.escapes or lc.of("close"):
        return []
    ranges = lc.of("range")
    sends = lc.of("send")
    if not ranges or not sends:
        return []
    fn = lc.func
    out = []
    for u in ranges:
        loop = u.op.parent
        if loop is None or loop.type != "for_statement":
            continue
        if loop_exits(loop, src) is not None:
            continue  # a consumer that knows when to stop (counted, or on a sentinel)
        # who blocks
        g = go_literal(loop)
        label = func_label(fn, src)
        if g is not None and g != fn:
            who = f"The goroutine started at {_where(src, go_stmt_of(g))}"
        else:
            who = f"`{label}`"
        senders = {goast.enclosing_func(s.op).id: s for s in sends}
        related = [Related(src.span(lc.make), f"`{lc.name}` is made here and nothing ever closes it")]
        for s in list(senders.values())[:2]:
            sg = go_literal(s.op)
            where = f"by the goroutine started at {_where(src, go_stmt_of(sg))}" if sg is not None else f"by `{label}`"
            related.append(Related(src.span(s.op), f"values are sent here {where}; it returns without closing `{lc.name}`"))
        msg = (f"{who} ranges over `{lc.name}`, which nothing closes: after the last value it blocks forever "
               f"waiting for the next one. The goroutine is never collected (in `main` the program dies with "
               f"`fatal error: all goroutines are asleep - deadlock!`).")
        fixes = []
        sender_lits = {id(x): x for x in (go_literal(s.op) for s in sends)}
        lits = [x for x in sender_lits.values()]
        if len(senders) == 1 and lits and lits[0] is not None and lits[0] != g:
            lit = lits[0]
            gs = go_stmt_of(lit)
            if gs is not None and goast.enclosing_func(gs) == fn and enclosing_loop(gs, fn) is None:
                body = goast.func_body(lit)
                stmts = goast.statements(body)
                if stmts and body is not None and src.point(body.start_byte)[0] != src.point(body.end_byte)[0]:
                    ind = src.indent_at(stmts[0].start_byte)
                    fixes.append(Fix(f"Close `{lc.name}` when its only producer is done",
                                     (insert_before(src, stmts[0], f"defer close({lc.name})\n{ind}"),)))
        elif len(senders) == 1 and all(goast.enclosing_func(s.op) == fn and s.op.end_byte < loop.start_byte for s in sends):
            if enclosing_loop(loop, fn) is None and loop.parent is not None and loop.parent.type == "statement_list" and _at_line_start(src, loop):
                ind = src.indent_at(loop.start_byte)
                fixes.append(Fix(f"Close `{lc.name}` after the last send, before ranging over it",
                                 (insert_before(src, loop, f"close({lc.name})\n{ind}"),)))
        out.append(Diagnostic(src.span(u.op), msg, related, fixes, anchor=f"{label}|{lc.name}|range"))
    return out


RANGE_UNCLOSED = register(Rule(
    id="range-unclosed-channel",
    title="Ranging over a channel that nothing closes",
    family="C",
    severity=Severity.WARNING,
    what="""
Finds `for v := range ch` over a channel made in the same function when no code anywhere closes
it, the channel is not handed to other code that might, and the loop has no other way out
(`break`, `return`).
""",
    why="""
`range` over a channel ends only when the channel is closed. When the producers finish without
closing it, the ranging goroutine blocks forever after the last value: it is never collected
(a goroutine leak on every call), and when it is the main goroutine the program dies with
`fatal error: all goroutines are asleep - deadlock!`.
""",
    example="""
func squares(n int) <-chan int {
	out := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			out <- i * i
		}
	}()
	return out
}
// a local variant:
results := make(chan int)
go func() {
	for _, j := range jobs {
		results <- work(j)
	}
}()
for r := range results { // never ends
	sum += r
}
""",
    instead="""
results := make(chan int)
go func() {
	defer close(results) // the only producer closes when done
	for _, j := range jobs {
		results <- work(j)
	}
}()
for r := range results {
	sum += r
}
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    run=_range_unclosed,
))


# -- select-loop-no-exit ---------------------------------------------------------------------


def _select_loops(view: PackageView):
    cc = concurrency(view)
    out = []
    seen = set()
    for root in cc.roots:
        if root.kind != "go" or root.body is None or root.body_src is None:
            continue
        if root.node.type != "go_statement":
            continue
        bsrc = root.body_src
        if not bsrc.mentions(b"select"):
            continue
        if root.src.is_test and not bsrc.is_test:
            continue  # a test starting the package's loop says nothing about how the package runs it
        spawner = root.spawner
        if spawner is not None and spawner.type == "function_declaration" and goast.func_name(spawner, root.src) in ("main", "init", "TestMain"):
            continue
        for loop in goast.of_type(root.body, "for_statement", skip_func_literals=True):
            if loop.id in seen or not is_infinite(loop):
                continue
            if goast.enclosing_func(loop) != root.body:
                continue
            stmts = goast.statements(loop.child_by_field_name("body"))
            sels = [s for s in stmts if s.type == "select_statement"]
            if not sels or loop_exits(loop, bsrc) is not None:
                continue
            if _package_daemon(view, sels, bsrc) or _started_once(view, root.node, root.src):
                continue
            seen.add(loop.id)
            out.append(_select_loop_diag(view, root, loop, sels[0], bsrc))
    return out


def _package_daemon(view, sels, src) -> bool:
    """Every case waits on a package-level channel: a process-wide singleton, started once."""
    operands = []
    for sel in sels:
        for case in sel.named_children:
            if case.type != "communication_case":
                continue
            comm = case.child_by_field_name("communication")
            recv = next((n for n in goast.walk(comm) if is_recv(n)), None) if comm is not None else None
            if recv is None:
                return False
            operands.append(recv.child_by_field_name("operand"))
    if not operands:
        return False
    for op in operands:
        op = unparen(op)
        if op.type != "identifier" or resolve(op, src, view).kind != "package":
            return False
    return True


def _started_once(view, go: Node, src: SourceFile) -> bool:
    """A process-wide goroutine, started at most once: `go pkgVar.loop()`, inside `once.Do`,
    or under `if !x.started { x.started = true; go ... }`."""
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    f = call.child_by_field_name("function") if call is not None else None
    if f is not None and f.type == "selector_expression":
        o = unparen(f.child_by_field_name("operand"))
        if o.type == "identifier" and resolve(o, src, view).kind == "package":
            return True
    for a in goast.ancestors(go):
        if a.type in goast.FUNC_TYPES and a.type != "func_literal":
            break
        if a.type == "func_literal" and a.parent is not None and a.parent.type == "argument_list":
            c = a.parent.parent
            fn = c.child_by_field_name("function") if c is not None else None
            if fn is not None and fn.type == "selector_expression" and src.text(fn.child_by_field_name("field")) == "Do":
                return True
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            cons = a.child_by_field_name("consequence")
            if cond is not None and cons is not None and cond.type == "unary_expression" and src.text(cond).startswith("!"):
                flag = src.text(cond)[1:].strip()
                if any(st.type == "assignment_statement" and src.text(st).replace(" ", "") == f"{flag}=true"
                       for st in goast.statements(cons)):
                    return True
    return False


def _select_loop_diag(view, root, loop, sel, bsrc) -> Diagnostic:
    spawner_label = func_label(root.spawner, root.src) if root.spawner is not None else "its caller"
    where = _where(root.src, root.node, bsrc)
    msg = (f"The goroutine started at {where} runs `for {{ select {{ … }} }}` with no way out: no case returns, "
           f"breaks out of the loop or watches a context or quit channel, so it can never end. It and everything "
           f"it references stay alive until the process exits — one more leaked goroutine every time "
           f"`{spawner_label}` runs.")
    related = [Related(root.src.span(root.node), "the goroutine is started here")]
    fixes = []
    ctx = ctx_in_scope(sel, bsrc)
    if ctx is not None and _at_line_start(bsrc, sel):
        brace = next((c for c in sel.children if c.type == "{"), None)
        if brace is not None:
            ind = bsrc.indent_at(sel.start_byte)
            fixes.append(Fix(f"Return when `{ctx}` is cancelled",
                             (TextEdit(bsrc.path, brace.end_byte, brace.end_byte,
                                       f"\n{ind}case <-{ctx}.Done():\n{ind}\treturn"),)))
    return Diagnostic(bsrc.span(loop.children[0]), msg, related, fixes,
                      anchor=f"{func_label(root.body, bsrc) if root.body.type != 'func_literal' else spawner_label}|select-loop")


SELECT_LOOP = register(Rule(
    id="select-loop-no-exit",
    title="Goroutine looping over select with no way out",
    family="C",
    severity=Severity.WARNING,
    what="""
Finds goroutines (started outside `main`/`init`) whose body runs an infinite `for { select { … } }`
loop with no `return`, no labeled `break`, no `break` of the loop itself and no panic or exit in
it: nothing can ever stop the goroutine.
""",
    why="""
A goroutine that can never return is never collected. When it is started per object or per call
(a cache's janitor, a connection's heartbeat), every object or call leaks one goroutine plus the
memory it references (the object itself, its tickers and buffers) until the process exits.
""",
    example="""
func NewCache(ctx context.Context) *Cache {
	c := &Cache{items: map[string]string{}}
	t := time.NewTicker(time.Minute)
	go func() {
		for {
			select {
			case <-t.C:
				c.evict()
			}
		}
	}()
	return c
}
""",
    instead="""
func NewCache(ctx context.Context) *Cache {
	c := &Cache{items: map[string]string{}}
	t := time.NewTicker(time.Minute)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				c.evict()
			}
		}
	}()
	return c
}
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    run=_select_loops,
))


# -- time-after-in-loop ----------------------------------------------------------------------



def _time_calls(src: SourceFile, name: str) -> list[Node]:
    cache = src.__dict__.setdefault("_goleash_timecalls", None)
    if cache is None:
        cache = {}
        for call in method_calls(src, "After", "NewTicker", "Tick"):
            sel = call.child_by_field_name("function")
            pkg = sel.child_by_field_name("operand")
            if pkg.type != "identifier" or src.data[pkg.start_byte:pkg.end_byte] != b"time":
                continue
            f = sel.child_by_field_name("field")
            cache.setdefault(src.text(f), []).append(call)
        src.__dict__["_goleash_timecalls"] = cache
    return cache.get(name, [])


def _time_after(view: PackageView):
    if not version_before(view, 1, 23):
        return []
    out = []
    for src in view.files:
        if b"time.After(" not in src.data:
            continue
        for call in _time_calls(src, "After"):
            d = _check_time_after(view, src, call)
            if d is not None:
                out.append(d)
    return out


def _check_time_after(view, src, call) -> Diagnostic | None:
    recv = call.parent
    if recv is None or not is_recv(recv):
        return None
    sel, case = select_of(recv)
    if sel is None:
        return None
    fn = goast.enclosing_func(call)
    if fn is None:
        return None
    loop = enclosing_loop(sel, fn)
    if loop is None:
        return None
    cont = None
    for oc in sel.named_children:
        if oc == case or oc.type != "communication_case" or _shutdown_case(oc, src):
            continue
        body = case_body(oc)
        if leaves(body, loop, src) is None and not fails(body, src) and not _clears_condition(body, loop, src):
            cont = oc
            break
    if cont is None:
        return None  # every other case leaves the loop: at most one timer is pending
    if not _select_repeats(sel, loop, src):
        return None  # the code after the select leaves the loop: it runs once
    args = goast.call_args(call)
    secs = _seconds(args[0], src) if args else None
    if secs is not None and secs < _SHORT_TIMEOUT_S:
        return None  # each timer is gone within seconds: a handful pending, not a leak
    for c in loop.named_children:
        if c.type == "for_clause":
            cond = c.child_by_field_name("condition")
            bound = int_value(cond.child_by_field_name("right"), src) if cond is not None and cond.type == "binary_expression" else None
            if bound is not None and bound <= 64:
                return None  # a handful of pending timers, all gone after the timeout
    dur = src.text(args[0]) if args else "d"
    msg = (f"`time.After({dur})` in a loop creates a new timer on every iteration; while another case keeps the "
           f"loop going (line {line_of(src, cont)}), each timer stays in memory until its {dur} elapses — with this "
           f"module's go version (before 1.23) unfired timers are not collected, so a busy loop piles up timers "
           f"and memory grows.")
    related = [Related(src.span(cont), "this case keeps the loop running without the timer firing")]
    fixes = []
    fix = _timer_fix(view, src, fn, loop, sel, call, args)
    if fix is not None:
        fixes.append(fix)
    return Diagnostic(src.span(call), msg, related, fixes, anchor=f"{func_label(fn, src)}|time.After|{dur}")


def _clears_condition(stmts: list[Node], loop: Node, src: SourceFile) -> bool:
    """`for !finished { select { case <-ch: finished = true ... } }`: the case ends the loop
    through its condition flag as surely as a break."""
    cond = next((c for c in loop.named_children if c.type not in ("block", "for_clause", "range_clause", "comment")), None)
    if cond is None:
        return False
    cond = goast.unparen(cond)
    negated = cond.type == "unary_expression" and src.text(cond.child_by_field_name("operator")) == "!"
    flag = goast.unparen(cond.child_by_field_name("operand")) if negated else cond
    if flag is None or flag.type != "identifier":
        return False
    stop = b"true" if negated else b"false"
    for st in stmts:
        if st.type != "assignment_statement":
            continue
        left, right = st.child_by_field_name("left"), st.child_by_field_name("right")
        if (left is not None and right is not None and len(left.named_children) == 1 and len(right.named_children) == 1
                and left.named_children[0].text == flag.text and right.named_children[0].text == stop):
            return True
    return False


# A receive from one of these is a shutdown signal: once closed it fires for good, and the
# code around it stops looping, so it does not keep a loop going while timers pile up.
_SHUTDOWN = re.compile(r"(?:^|[._])(?:stop|quit|done|shutdown|closing|closed|exit|die|kill)(?:ch|chan|c)?$|Done\(\)$", re.I)


def _shutdown_case(case: Node, src: SourceFile) -> bool:
    comm = case.child_by_field_name("communication")
    recv = next((n for n in goast.walk(comm) if is_recv(n)), None) if comm is not None else None
    if recv is None:
        return False
    return bool(_SHUTDOWN.search(src.text(recv.child_by_field_name("operand")).replace(" ", "")))


_SHORT_TIMEOUT_S = 60
_UNITS = {"Nanosecond": 1e-9, "Microsecond": 1e-6, "Millisecond": 1e-3, "Second": 1, "Minute": 60, "Hour": 3600}


def _seconds(expr: Node, src: SourceFile) -> float | None:
    """The value of a constant duration such as `10 * time.Second` or `time.Minute`, or None."""
    got = _scaled(expr, src)
    return got[0] if got is not None and got[1] else None


def _scaled(expr: Node, src: SourceFile) -> tuple[float, bool] | None:
    """(value, whether a time unit is in it): counts are unitless until multiplied by a unit."""
    expr = unparen(expr)
    if expr.type == "selector_expression":
        o, f = expr.child_by_field_name("operand"), expr.child_by_field_name("field")
        unit = _UNITS.get(src.text(f)) if o is not None and f is not None and src.text(o) == "time" else None
        return (unit, True) if unit is not None else None
    if expr.type == "int_literal":
        n = int_value(expr, src)
        return (n, False) if n is not None else None
    if expr.type == "call_expression" and src.text(expr.child_by_field_name("function")) == "time.Duration":
        args = goast.call_args(expr)
        return _scaled(args[0], src) if len(args) == 1 else None
    if expr.type == "binary_expression" and src.text(expr.child_by_field_name("operator")) == "*":
        a, b = _scaled(expr.child_by_field_name("left"), src), _scaled(expr.child_by_field_name("right"), src)
        return (a[0] * b[0], a[1] or b[1]) if a is not None and b is not None else None
    return None


def _select_repeats(sel: Node, loop: Node, src: SourceFile) -> bool:
    """Can control get from `sel` back to the next iteration of `loop`? Not when a statement
    after it on every path (in its block or an enclosing one inside the loop) leaves the loop."""
    node = sel
    for a in goast.ancestors(sel):
        if a == loop:
            return True
        if a.type == "statement_list":
            for st in a.named_children:
                if st.start_byte < node.end_byte:
                    continue
                if st.type in ("return_statement", "goto_statement") or fails([st], src) \
                        or st.type == "break_statement" and leaves(st, loop, src) is not None:
                    return False
        node = a
    return True


def _timer_fix(view, src, fn, loop, sel, call, args) -> Fix | None:
    if len(args) != 1 or len(_time_calls_in(src, loop, "After")) != 1:
        return None
    if enclosing_loop(loop, fn) is not None or loop.parent is None or loop.parent.type != "statement_list":
        return None
    if not _at_line_start(src, loop) or not _at_line_start(src, sel) or sel.parent is None or sel.parent.type != "statement_list":
        return None
    for n in goast.of_type(args[0], "identifier"):
        d = resolve(n, src, view)
        if d.ident is not None and goast.inside(d.ident, loop):
            return None  # the duration changes per iteration
    name = fresh_name(src, fn, ["timer", "idle"])
    d = src.text(args[0])
    li = src.indent_at(loop.start_byte)
    si = src.indent_at(sel.start_byte)
    reset = (f"if !{name}.Stop() {{\n{si}\tselect {{\n{si}\tcase <-{name}.C:\n{si}\tdefault:\n{si}\t}}\n{si}}}\n"
             f"{si}{name}.Reset({d})\n{si}")
    return Fix("Reuse one timer: time.NewTimer before the loop, Stop/drain/Reset each iteration", (
        insert_before(src, loop, f"{name} := time.NewTimer({d})\n{li}defer {name}.Stop()\n{li}"),
        insert_before(src, sel, reset),
        replace(src, call, f"{name}.C"),
    ))


def _time_calls_in(src, node, name):
    return [c for c in _time_calls(src, name) if goast.inside(c, node)]


TIME_AFTER = register(Rule(
    id="time-after-in-loop",
    in_tests=False,
    title="time.After in a loop piles up timers (go < 1.23)",
    family="C",
    severity=Severity.WARNING,
    what="""
Finds `case <-time.After(d):` in a `select` inside a loop when another case keeps the loop going,
in modules whose go.mod says `go 1.22` or older. From Go 1.23 on (the module's go version decides
which timer implementation runs), unreferenced timers are collected before they fire and the
rule stays silent: what is left is one allocation per iteration, not a leak. A constant timeout
under a minute is not reported either: its timers are gone within that time, so only a handful
are ever pending.
""",
    why="""
Every `time.After` call creates a timer that, before Go 1.23, is not collected until it fires.
In a loop whose other case usually wins (messages arriving faster than the timeout) every
iteration leaves one more pending timer behind: memory grows with the message rate times the
timeout, and the garbage collector cannot free any of it: a memory leak that grows with load.
""",
    example="""
for {
	select {
	case m := <-msgs:
		handle(m)
	case <-time.After(time.Minute):
		return
	}
}
""",
    instead="""
timer := time.NewTimer(time.Minute)
defer timer.Stop()
for {
	if !timer.Stop() {
		select {
		case <-timer.C:
		default:
		}
	}
	timer.Reset(time.Minute)
	select {
	case m := <-msgs:
		handle(m)
	case <-timer.C:
		return
	}
}
""",
    vet_overlap="staticcheck SA1015 reports time.Tick leaks; neither vet nor staticcheck reports time.After in loops.",
    run=_time_after,
))


# -- ticker-not-stopped ----------------------------------------------------------------------


def _tickers(view: PackageView):
    if not version_before(view, 1, 23):
        return []
    out = []
    for src in view.files:
        if b"time.NewTicker(" in src.data:
            for call in _time_calls(src, "NewTicker"):
                d = _check_new_ticker(view, src, call)
                if d is not None:
                    out.append(d)
        if b"time.NewTicker(" in src.data and b"defer " in src.data:
            out.extend(_rebound_after_defer(view, src))
        if b"time.Tick(" in src.data:
            for call in _time_calls(src, "Tick"):
                d = _check_tick(view, src, call)
                if d is not None:
                    out.append(d)
    return out


def _check_new_ticker(view, src, call) -> Diagnostic | None:
    p = call.parent
    if p is None or p.type != "expression_list" or len(p.named_children) != 1:
        return None
    st = p.parent
    if st is None or st.type != "short_var_declaration":
        return None
    left = st.child_by_field_name("left")
    if left is None or len(left.named_children) != 1:
        return None
    ident = left.named_children[0]
    name = src.text(ident)
    fn = goast.enclosing_func(call)
    outer = goast.enclosing_decl(call) or fn
    if fn is None or outer is None:
        return None
    for n in idents_named(outer, src, [name]):
        if n == ident:
            continue
        d = resolve(n, src, view)
        if d.ident != ident:
            continue
        par = n.parent
        if par is None or par.type != "selector_expression" or par.child_by_field_name("operand") != n:
            return None  # handed to other code, which may stop it
        fld = src.text(par.child_by_field_name("field"))
        if fld == "Stop":
            return None
        rc = par.parent
        if fld == "C" and rc is not None and rc.type == "range_clause" and rc.parent is not None \
                and loop_exits(rc.parent, src) is None:
            return None  # ranged over for the life of the process: stopping it would not matter
        if fld not in ("C", "Reset"):
            return None
    msg = (f"`{name} := time.NewTicker(…)` is never stopped: with this module's go version (before 1.23) a "
           f"ticker that is not stopped is never garbage collected and keeps firing into its channel, so every "
           f"call of `{func_label(fn, src)}` leaks a ticker and its timer.")
    fixes = []
    if st.parent is not None and st.parent.type == "statement_list" and enclosing_loop(st, fn) is None and _at_line_start(src, st):
        ind = src.indent_at(st.start_byte)
        owner = "the goroutine" if fn.type == "func_literal" else f"`{func_label(fn, src)}`"
        fixes.append(Fix(f"Stop the ticker when {owner} returns",
                         (insert_after(src, st, f"\n{ind}defer {name}.Stop()"),)))
    return Diagnostic(src.span(call), msg, [], fixes, anchor=f"{func_label(fn, src)}|NewTicker|{name}")


def _rebound_after_defer(view: PackageView, src: SourceFile) -> list[Diagnostic]:
    """`defer t.Stop()` and later `t = time.NewTicker(d)`: a deferred call evaluates its receiver
    when the defer statement runs, so it stops the first ticker only; the one `t` holds when the
    function returns is never stopped."""
    out = []
    seen: set[int] = set()
    for call in _time_calls(src, "NewTicker"):
        p = call.parent
        st = p.parent if p is not None and p.type == "expression_list" else None
        if st is None or st.type != "assignment_statement" or len(p.named_children) != 1:
            continue
        left = st.child_by_field_name("left")
        lhs = left.named_children if left is not None and left.type == "expression_list" else [left]
        if len(lhs) != 1 or lhs[0] is None or lhs[0].type != "identifier":
            continue
        ident = lhs[0]
        name = src.text(ident)
        fn = goast.enclosing_func(st)
        decl = resolve(ident, src, view)
        if fn is None or decl.kind != "local" or decl.ident is None or goast.enclosing_func(decl.ident) != fn:
            continue
        defer = None
        stopped_later = False
        for n in idents_named(fn, src, [name]):
            if n == ident or resolve(n, src, view).ident != decl.ident:
                continue
            sel = n.parent
            if sel is None or sel.type != "selector_expression" or src.text(sel.child_by_field_name("field")) != "Stop":
                continue
            c = sel.parent
            if c is None or c.type != "call_expression":
                continue
            inner = goast.enclosing_func(n)
            if inner != fn:
                stopped_later = True  # a deferred closure reads the variable when it runs
                break
            if c.parent is not None and c.parent.type == "defer_statement" and n.start_byte < st.start_byte:
                defer = c.parent
            elif n.start_byte > st.end_byte:
                stopped_later = True
        if defer is None or stopped_later or goast.enclosing_func(defer) != fn or defer.id in seen:
            continue
        seen.add(defer.id)
        msg = (f"`{src.text(defer)}` stops the ticker `{name}` holds when the defer runs: a deferred call "
               f"evaluates its receiver at once. `{name}` is replaced at {_where(src, st)}, and the ticker it holds "
               f"when `{func_label(fn, src)}` returns is never stopped: with this module's go version (before 1.23) "
               f"it is never collected and keeps firing, one leaked ticker per call.")
        fixes = [Fix(f"Stop the ticker `{name}` holds when the function returns",
                     (replace(src, defer, f"defer func() {{ {name}.Stop() }}()"),))]
        out.append(Diagnostic(src.span(defer), msg, [Related(src.span(st), "the ticker is replaced here")], fixes,
                              anchor=f"{func_label(fn, src)}|NewTicker|{name}|rebound"))
    return out


def _can_return(fn: Node, src: SourceFile) -> bool:
    body = goast.func_body(fn)
    for n in goast.walk(body or fn, skip_func_literals=True):
        if n.type == "return_statement":
            return True
    stmts = goast.statements(body)
    if stmts and stmts[-1].type == "for_statement" and loop_exits(stmts[-1], src) is None:
        return False
    return True


def _check_tick(view, src, call) -> Diagnostic | None:
    fn = goast.enclosing_func(call)
    if fn is None:
        return None
    decl = goast.enclosing_decl(call)
    if decl is not None and goast.func_name(decl, src) in ("main", "init"):
        return None
    if not _can_return(fn, src):
        return None
    rc = call.parent
    if rc is not None and rc.type == "range_clause" and rc.parent is not None and loop_exits(rc.parent, src) is None:
        return None
    msg = (f"`time.Tick` in `{func_label(fn, src)}`, a function that returns: with this module's go version "
           f"(before 1.23) the ticker behind it can never be stopped or collected, so every call leaks a ticker "
           f"that keeps firing for the life of the process.")
    fixes = []
    st = goast.statement_of(call)
    args = goast.call_args(call)
    if (st is not None and len(args) == 1 and goast.enclosing_func(st) == fn and enclosing_loop(st, fn) is None
            and _at_line_start(src, st)):
        name = fresh_name(src, fn, ["ticker", "tk"])
        ind = src.indent_at(st.start_byte)
        fixes.append(Fix("Use time.NewTicker and stop it when the function returns", (
            insert_before(src, st, f"{name} := time.NewTicker({src.text(args[0])})\n{ind}defer {name}.Stop()\n{ind}"),
            replace(src, call, f"{name}.C"),
        )))
    return Diagnostic(src.span(call), msg, [], fixes, anchor=f"{func_label(fn, src)}|Tick")


TICKER = register(Rule(
    id="ticker-not-stopped",
    in_tests=False,
    title="Ticker never stopped (go < 1.23)",
    family="C",
    severity=Severity.WARNING,
    what="""
Finds `t := time.NewTicker(d)` whose `Stop` is never called (and that is not handed to other code),
`time.Tick(d)` in functions that return, and `defer t.Stop()` followed by `t = time.NewTicker(…)`
(the deferred call stops the first ticker only), in modules whose go.mod says `go 1.22` or older.
From Go 1.23 on, unreferenced tickers are collected even when not stopped, and the rule is silent.
""",
    why="""
Before Go 1.23 the runtime keeps every running ticker alive: one that is never stopped keeps
firing and is never collected, so each call leaks a ticker (and, for `time.Tick`, there is no
way to stop it at all). Long-running services slowly accumulate thousands of live timers.
""",
    example="""
func poll(ctx context.Context) {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check()
		}
	}
}
""",
    instead="""
func poll(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check()
		}
	}
}
""",
    vet_overlap="staticcheck SA1015 reports time.Tick outside endless functions; go vet has nothing.",
    run=_tickers,
))


# -- nil-channel-op --------------------------------------------------------------------------

_VAR_CHAN_RE = re.compile(rb"var\s+\w+\s+(?:<-\s*)?chan\b")  # literal first: scanned at memchr speed
_VAR_CHAN = "(var_spec name: (identifier) @name type: (channel_type) @t) @spec"


def _nil_chans(view: PackageView):
    out = []
    for src in view.files:
        if b"chan" not in src.data or not _VAR_CHAN_RE.search(src.data):
            continue
        for spec in sorted(file_captures(src, _VAR_CHAN).get("spec", []), key=lambda n: n.start_byte):
            if spec.child_by_field_name("value") is not None:
                continue
            names = spec.children_by_field_name("name")
            if len(names) != 1:
                continue
            fn = goast.enclosing_func(spec)
            if fn is None:
                continue  # package level: other packages' init order and reflection are out of sight
            out.extend(_check_nil_chan(view, src, fn, spec, names[0]))
    return out


def _check_nil_chan(view, src, fn, spec, ident):
    name = src.text(ident)
    ops = []
    for n in idents_named(fn, src, [name]):
        if n == ident:
            continue
        d = resolve(n, src, view)
        if d.ident != ident:
            continue
        p = n.parent
        if p is not None and p.type == "send_statement" and p.child_by_field_name("channel") == n:
            ops.append(("send", p))
        elif p is not None and is_recv(p):
            ops.append(("recv", p))
        elif p is not None and p.type == "range_clause" and p.child_by_field_name("right") == n:
            ops.append(("range", p))
        elif p is not None and p.type == "argument_list" and p.parent is not None and src.text(p.parent.child_by_field_name("function")) == "close":
            ops.append(("close", p.parent))
        else:
            return []  # assigned, passed, compared, captured by address: may be made elsewhere
    out = []
    kinds = {k for k, _ in ops}
    decl = spec.parent
    for kind, op in ops:
        if kind in ("send", "recv"):
            sel, _ = select_of(op)
            if sel is not None:
                continue  # a nil channel in a select disables that case: a deliberate idiom
        g = go_literal(op)
        who = f"the goroutine started at {_where(src, go_stmt_of(g))}" if g is not None and g != fn else f"`{func_label(fn, src)}`"
        if kind == "close":
            msg = f"`close({name})` on a channel that is never made: `{name}` is nil here and the call panics with `panic: close of nil channel`."
        else:
            what = {"send": "sending on", "recv": "receiving from", "range": "ranging over"}[kind]
            msg = (f"{who[0].upper() + who[1:]} blocks forever {what} `{name}`: it is declared `var {name} chan …` and "
                   f"never made, and operations on a nil channel never proceed. The goroutine is never collected "
                   f"(in `main`: `fatal error: all goroutines are asleep - deadlock!`).")
        fixes = []
        if ("send" in kinds and ("recv" in kinds or "range" in kinds)) and decl is not None and decl.type == "var_declaration" \
                and len(decl.named_children) == 1 and _at_line_start(src, decl):
            typ = spec.child_by_field_name("type")
            fixes.append(Fix("Make the channel", (replace(src, decl, f"{name} := make({src.text(typ)})"),)))
        out.append(Diagnostic(src.span(op), msg, [Related(src.span(spec), f"`{name}` is declared here and never assigned")],
                              fixes, anchor=f"{func_label(fn, src)}|{name}|nil|{kind}"))
    return out


NIL_CHAN = register(Rule(
    id="nil-channel-op",
    title="Send, receive or close on a channel that is never made",
    family="C",
    severity=Severity.ERROR,
    what="""
Finds a local `var ch chan T` that is never assigned (not made, not passed anywhere, not taken by
address) and then sent on, received from, ranged over or closed outside a `select`. Nil channels
inside a `select` are a deliberate way to disable a case and are not reported.
""",
    why="""
The zero value of a channel is nil, and a send or receive on a nil channel blocks forever: the
goroutine is never collected (a leak), and when every goroutine is stuck the runtime stops the
program with `fatal error: all goroutines are asleep - deadlock!`. `close` of a nil channel
panics.
""",
    example="""
var done chan struct{}
go func() {
	work()
	done <- struct{}{} // blocks forever
}()
<-done // blocks forever
""",
    instead="""
done := make(chan struct{})
go func() {
	work()
	done <- struct{}{}
}()
<-done
""",
    vet_overlap="Not covered by go vet. staticcheck SA... has no check for never-made channels.",
    run=_nil_chans,
))


# -- handler-goroutine-no-context ------------------------------------------------------------

_NET_CALLS = {("http", "Get"), ("http", "Post"), ("http", "Head"), ("http", "PostForm"), ("net", "Dial"),
              ("http.DefaultClient", "Do"), ("http.DefaultClient", "Get")}


def _handler_goroutines(view: PackageView):
    cc = concurrency(view)
    out = []
    for root in cc.roots:
        if root.kind != "handler" or root.body is None:
            continue
        src = root.body_src
        if b"go func" not in src.data:
            continue
        params = goast.params_of(root.body)
        if len(params) != 2:
            continue
        rnames = goast.param_names(params[1], src)
        rname = rnames[0] if rnames else None
        if not rname or rname == "_":
            rname = None
        for gs in goast.of_type(root.body, "go_statement"):
            if cc.boundary_of(gs, src) != root.body:
                continue
            call = next((c for c in gs.named_children if c.type == "call_expression"), None)
            lit = call.child_by_field_name("function") if call is not None else None
            if lit is None or lit.type != "func_literal":
                continue
            d = _check_handler_go(view, src, root, gs, lit, rname)
            if d is not None:
                out.append(d)
    return out


def _check_handler_go(view, src, root, gs, lit, rname) -> Diagnostic | None:
    uses_ctx = False
    blocking = []
    bg_args = []
    for n in goast.walk(lit):
        t = n.type
        if t == "identifier":
            name = src.text(n)
            if name == rname or name == "ctx" or name.endswith(("Ctx", "cancel", "Cancel")):
                uses_ctx = True
                break
            d = resolve(n, src, view)
            if d.kind == "local" and d.ident is not None and not goast.inside(d.ident, lit):
                st = d.ident.parent
                while st is not None and st.type not in ("short_var_declaration", "var_spec", "assignment_statement"):
                    st = st.parent
                if st is not None and ("Context()" in src.text(st) or "context.With" in src.text(st)):
                    uses_ctx = True
                    break
        elif t == "call_expression":
            recv, fname = goast.call_parts(n, src)
            if (recv, fname) in _NET_CALLS:
                blocking.append((n, f"`{recv}.{fname}` with no deadline"))
            for a in goast.call_args(n):
                at = src.text(a).replace(" ", "")
                if at in ("context.Background()", "context.TODO()"):
                    bg_args.append(a)
                    blocking.append((n, f"`{src.text(n.child_by_field_name('function'))}` with `{at}`"))
        elif t == "send_statement":
            sel, case = select_of(n)
            if sel is None or not _select_nonblocking(sel, case):
                blocking.append((n, f"the send `{src.text(n)}`"))
        elif t == "unary_expression" and is_recv(n):
            sel, case = select_of(n)
            if sel is None or not _select_nonblocking(sel, case):
                blocking.append((n, f"the receive `{src.text(n)}`"))
    if uses_ctx or not blocking:
        return None
    op, what = blocking[0]
    hname = func_label(root.body, src)
    msg = (f"Goroutine started in HTTP handler `{hname}` does blocking work ({what}, line {line_of(src, op)}) without "
           f"the request's context: when the client goes away or the handler returns, nothing tells it to stop, so "
           f"it can outlive the request indefinitely — one stuck goroutine per request under load.")
    related = [Related(src.span(op), "blocks here with no way to be cancelled")]
    fixes = []
    if rname and bg_args and _handler_waits(root.body, gs, src):
        edits = tuple(replace(src, a, f"{rname}.Context()") for a in bg_args)
        fixes.append(Fix(f"Pass the request's context ({rname}.Context()): the handler waits for this goroutine anyway", edits))
    return Diagnostic(src.span(gs), msg, related, fixes, anchor=f"{hname}|go|{src.text(lit)[:60]}")


def _handler_waits(body, gs, src) -> bool:
    for n in goast.walk(body, skip_func_literals=True):
        if n.start_byte < gs.end_byte:
            continue
        if n.type == "unary_expression" and is_recv(n):
            return True
        if n.type == "call_expression" and goast.call_parts(n, src)[1] == "Wait":
            return True
    return False


HANDLER_GO = register(Rule(
    id="handler-goroutine-no-context",
    title="Goroutine in an HTTP handler ignores the request's context",
    family="C",
    severity=Severity.WARNING,
    what="""
Finds `go func() { … }()` inside HTTP handlers whose body blocks (a channel send or receive that
cannot give up, `http.Get`-style calls with no deadline, calls given `context.Background()` or
`context.TODO()`) and never refers to the request or a context.
""",
    why="""
net/http cancels `r.Context()` when the client disconnects or the handler returns; a goroutine
that never looks at it keeps blocking after the request is gone. Under load every slow or
abandoned request leaves a goroutine behind (and its connection, buffers and request data):
memory and goroutine counts climb until the server falls over.
""",
    example="""
func search(w http.ResponseWriter, r *http.Request) {
	res := make(chan []string, 1)
	go func() {
		res <- backend.Query(context.Background(), r.URL.Query().Get("q"))
	}()
	...
}
""",
    instead="""
func search(w http.ResponseWriter, r *http.Request) {
	res := make(chan []string, 1)
	go func() {
		res <- backend.Query(r.Context(), q)
	}()
	...
}
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    run=_handler_goroutines,
))


# -- unbounded-goroutines --------------------------------------------------------------------

_BOUND_CALLS = {"Acquire", "TryAcquire", "Wait", "Accept", "AcceptTCP", "AcceptUnix", "Sleep", "SetLimit"}


def _unbounded(view: PackageView):
    cc = concurrency(view)
    out = []
    for root in cc.roots:
        if root.kind != "go" or root.node.type != "go_statement" or root.spawner is None:
            continue
        src = root.src
        gs = root.node
        loop = enclosing_loop(gs, root.spawner)
        if loop is None:
            continue
        kind = _unbounded_kind(view, src, loop, gs)
        if kind is None:
            continue
        if _bounded(src, loop, gs, root.spawner):
            continue
        label = func_label(root.spawner, src)
        msg = (f"`go` inside {kind} starts one goroutine per iteration with no bound (no semaphore, worker pool, "
               f"errgroup limit or wait in the loop): a burst of input starts as many goroutines as there are items, "
               f"and if they block or run slowly their number and memory grow without limit.")
        out.append(Diagnostic(src.span(gs), msg, [Related(src.span(loop.children[0]), "the unbounded loop")], [],
                              anchor=f"{label}|go|{src.text(gs)[:60]}"))
    return out


def _budgeted(src, body) -> bool:
    """A counter the loop steps (`budget--`, `n++`) and tests in a condition (`budget <= 0`):
    a goroutine budget that stops the spawning."""
    counters = set()
    for n in goast.walk(body, skip_func_literals=True):
        if n.type in ("inc_statement", "dec_statement") and n.named_children:
            counters.add(src.text(n.named_children[0]))
    if not counters:
        return False
    for n in goast.walk(body, skip_func_literals=True):
        if n.type == "binary_expression" and src.text(n.child_by_field_name("operator")) in ("<", "<=", ">", ">=", "=="):
            sides = {src.text(n.child_by_field_name("left")), src.text(n.child_by_field_name("right"))}
            if sides & counters:
                return True
    return False


def _unbounded_kind(view, src, loop, gs) -> str | None:
    sel_default = None
    for a in goast.ancestors(gs):
        if a == loop:
            break
        if a.type == "default_case" and a.parent is not None and a.parent.type == "select_statement":
            sel_default = a
    if sel_default is not None:
        return "a `select`'s `default:` in a loop"
    # A loop fed by a channel (`for … range ch`, `v := <-ch`) starts one goroutine per value:
    # the producer sets the rate, and on real projects that is the per-request, per-connection
    # or per-signal design, bounded by what sends. Only a loop that spins can spawn without end.
    if any(c.type in ("range_clause", "for_clause") for c in loop.named_children) or not is_infinite(loop):
        return None
    body = loop.child_by_field_name("body")
    for n in goast.walk(body, skip_func_literals=True):
        if is_recv(n) or n.type in ("select_statement", "call_expression") and n.start_byte < gs.start_byte:
            return None  # something in the loop waits (or may wait) before the next `go`
    return "an endless `for` loop that never waits"


def _bounded(src, loop, gs, spawner) -> bool:
    if src.mentions(b"SetLimit") or src.mentions(b"semaphore"):
        return True
    body = loop.child_by_field_name("body")
    if _budgeted(src, body):
        return True
    for n in goast.walk(body, skip_func_literals=True):
        if n.type == "send_statement" and n.start_byte < gs.start_byte:
            return True  # sem <- struct{}{} before starting
        if n.type == "call_expression":
            name = goast.call_parts(n, src)[1]
            if name in _BOUND_CALLS or (name or "").startswith("Accept"):
                return True
        if n.type == "unary_expression" and is_recv(n) and n.start_byte > gs.end_byte:
            return True  # waits for the goroutine (or a token) before the next iteration
        if n.type == "return_statement" or n.type == "break_statement":
            pass
    # a receive before `go` in an endless loop reads the next item: the rate is the input's
    return False


UNBOUNDED = register(Rule(
    id="unbounded-goroutines",
    title="Goroutines started without bound in an endless loop",
    family="C",
    severity=Severity.WARNING,
    what="""
Finds `go` statements in a `select`'s `default:` case inside a loop, or in an endless `for {}`
loop that never waits, when nothing in the loop bounds the number of goroutines:
no semaphore send before `go`, no `Acquire`, no errgroup `SetLimit`, no `Wait` or receive that
waits for the goroutine, and no `Accept` (one goroutine per connection is the usual server
design).
""",
    why="""
Each goroutine costs at least a few kilobytes of stack plus what it references. When the input
rate is higher than the goroutines finish (a slow backend, a burst on the channel), their number
grows without limit — and any that block leak for good: memory climbs, the scheduler thrashes, and the process is eventually killed
by the OOM killer.
""",
    example="""
for job := range jobs {
	go process(job)
}
""",
    instead="""
sem := make(chan struct{}, 16)
for job := range jobs {
	sem <- struct{}{}
	go func() {
		defer func() { <-sem }()
		process(job)
	}()
}
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    run=_unbounded,
))
