"""goroutine-send-leak: a goroutine blocked forever sending to a receiver that gave up."""

from __future__ import annotations

import re

from .. import goast
from ..chanflow import (
    LocalChan,
    Use,
    case_body,
    chan_flow,
    classify_use,
    ctx_in_scope,
    enclosing_loop,
    fails,
    file_chans,
    func_label,
    go_literal,
    go_stmt_of,
    int_value,
    is_recv,
    leaves,
    loop_exits,
    select_of,
)
from ..concurrency import concurrency
from ..fixgen import replace
from ..goast import Node, unparen
from ..leaksites import at_line_start, select_can_give_up, where_at
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SENDS, SourceFile, idents_named, name_nodes, token_owners
from ..readysignals import fails_before_ready, ready_field
from ..registry import Rule, register
from ..scope import resolve


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
        if tt.startswith(("[", "map[")) or (
            d.ident is not None and d.ident.parent is not None and d.ident.parent.type == "variadic_parameter_declaration"
        ):
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


def _signals(lits: list[Node], src: SourceFile, multi: bool = False) -> set[str]:
    """Channels the sender goroutines also close or send on. When many of them run, only a close
    is a signal: one value received from another channel frees one sender, not the rest."""
    out = set()
    for lit in lits:
        for n in goast.walk(lit):
            if n.type == "send_statement" and not multi:
                ch = n.child_by_field_name("channel")
                if ch is not None:
                    out.add(src.text(ch))
            elif n.type == "call_expression" and goast.call_parts(n, src) == (None, "close"):
                for a in goast.call_args(n):
                    out.add(src.text(a))
    return out


def _give_ups(
    lc: LocalChan, fn: Node, src: SourceFile, multi: bool, first_go_end: int, signals: set[str] = frozenset(), ready=None, first_of_many: bool = False
) -> list[tuple[Node, str]]:
    """Places where `fn` stops receiving from `lc` while senders may still be sending. `ready`:
    a select case the senders' start-up handshake excludes (see `readysignals`)."""
    return _stops_receiving(
        lc.of("recv", "range"),
        fn,
        src,
        multi,
        first_go_end,
        lambda oc: _fed_by(oc, signals, src) or ready is not None and ready(oc),
        lc.make,
        first_of_many,
    )


def _ready_case(view: PackageView, fields: set[str], src: SourceFile):
    """Whether a select case waits for one of the ready signals in `fields`."""

    def ready(case: Node) -> bool:
        comm = case.child_by_field_name("communication")
        recv = next((n for n in goast.walk(comm) if is_recv(n)), None) if comm is not None else None
        operand = recv.child_by_field_name("operand") if recv is not None else None
        return operand is not None and ready_field(view, operand, src) in fields

    return ready


def _after_received(lv: Node, stop: Node, recv_ops, src: SourceFile) -> bool:
    """The way out is taken only once the value has come: it stands under an `if` on a flag
    that only receiving it sets (`case bDone = <-b: …` elsewhere, then `if bDone { break }`)."""
    flags: set[str] = set()
    for o in recv_ops:
        target = o.op.parent
        if target is not None and target.type == "expression_list":
            target = target.parent
        if target is not None and target.type in ("receive_statement", "assignment_statement", "short_var_declaration"):
            left = target.child_by_field_name("left")
            flags |= {src.text(x) for x in (left.named_children if left is not None else []) if x.type == "identifier"}
    if not flags:
        return False
    for a in goast.ancestors(lv):
        if a == stop:
            return False
        if a.type == "if_statement":
            cond = goast.unparen(a.child_by_field_name("condition"))
            terms = [cond]
            while (
                terms and terms[0] is not None and terms[0].type == "binary_expression" and src.text(terms[0].child_by_field_name("operator")) == "&&"
            ):
                t = terms.pop(0)
                terms += [goast.unparen(t.child_by_field_name("left")), goast.unparen(t.child_by_field_name("right"))]
            if any(t is not None and t.type == "identifier" and src.text(t) in flags for t in terms):
                return True
    return False


def _ends_by_itself(loop: Node) -> bool:
    """A loop with a condition of its own (`for i := 0; i < n; i++`, `for !done`): it may end
    without any of its statements leaving it."""
    for c in loop.named_children:
        if c.type == "for_clause":
            return c.child_by_field_name("condition") is not None
        if c.type == "range_clause":
            return False  # over a channel, until it closes; over a collection, a count
        if c.type != "block" and c.type != "comment":
            return True  # `for cond {`
    return False


def _stops_receiving(
    recv_ops, fn: Node, src: SourceFile, multi: bool, first_go_end: int, fed, made: Node | None = None, first_of_many: bool = False
) -> list[tuple[Node, str]]:
    """Places where `fn` stops receiving (`recv_ops`: its receive and range uses of one channel)
    while senders may still be sending; `fed(case)` says another select case is the senders' own
    signal that they are done. `made`: where the channel is made (one made in a loop lives for
    one iteration of it). `first_of_many`: the instances of one goroutine started in a loop send
    once each, more than the buffer holds beyond the one value taken."""
    out = []
    for u in recv_ops:
        op = u.op
        if op.type == "unary_expression":
            sel, case = select_of(op)
            if sel is not None:
                loop = enclosing_loop(sel, fn)
                if loop is not None and made is not None and goast.inside(made, loop):
                    loop = None  # the next iteration has a channel of its own
                if first_of_many and loop is not None and case is not None and not fails(case_body(case), src):
                    # one value taken, and out: the other senders still have theirs to send
                    lv = leaves(case_body(case), loop, src)
                    if lv is not None and lv in case_body(case):  # (not `if left == 0 { return }`)
                        out.append((lv, "leaves after the first value while the other senders still send"))
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
                        if lv is not None and not _after_received(lv, oc, recv_ops, src):
                            out.append((lv, "returns from the select without receiving"))
                        elif _ends_by_itself(loop) and not any(o.op.start_byte > loop.end_byte for o in recv_ops):
                            if not any(x[0] == loop for x in out):
                                out.append((loop, "the loop can run out, another select case having won each time, and the value is never received"))
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
                if blk is not None and fails(goast.statements(blk), src) or _after_received(n, fn, recv_ops, src):
                    continue
                case = next((a for a in goast.ancestors(n) if a.type == "communication_case"), None)
                if case is not None and goast.inside(case, goast.func_body(fn) or fn) and fed(case):
                    continue  # the case that wins only when the senders will not send
                out.append((n, "returns before receiving"))
                break
    return out


def _send_leak(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b"make(chan") or not src.mentions(b"go "):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                d = _check_send_leak(view, src, lc) if not lc.escapes else _check_passed_send_leak(view, src, lc)
                if d is not None:
                    out.extend(d)
    out.extend(_returned_send_leak(view))
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
    if (
        comm is None
        or comm.type not in ("expression_statement", "receive_statement")
        or comm.child_by_field_name("left") is not None
        or len(comm.named_children) != 1
    ):
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
        if b"<-" not in src.data[fbody.start_byte : fbody.end_byte]:
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
            if g is None or ch is None or _local_or_buffered(ch, src, view, body, root) or _drained_to_close(ch, src, view, root):
                continue
            gs, _gl, qc = g
            quit = src.text(qc.child_by_field_name("communication"))
            label = func_label(body, src)
            reader = "its reader may stop reading" if what == "send" else "whoever reads this channel may stop with it"
            msg = (
                f"`{src.text(n)}` blocks with no way out: the {what} at {where_at(src, gs)} in this same loop gives up "
                f"on `{quit}`, so {reader}; once it has, this send blocks forever and "
                f"{root.describe()} leaks with everything it references."
            )
            related = [Related(src.span(gs), f"this {what} gives up on `{quit}`"), Related(root.src.span(root.node), "the goroutine is started here")]
            fixes = []
            if n.parent is not None and n.parent.type == "statement_list" and at_line_start(src, n):
                ind = src.indent_at(n.start_byte)
                body_txt = "\n".join(f"{ind}\t{src.text(st)}" for st in case_body(qc))
                text = f"select {{\n{ind}case {src.text(n)}:\n{ind}case {quit}:\n{body_txt}\n{ind}}}"
                fixes.append(Fix(f"Give up this send on `{quit}` too", (replace(src, n, text),)))
            out.append(Diagnostic(src.span(n), msg, related, fixes, anchor=f"{label}|{src.text(ch)}|send-skips-quit"))
    return out


def _drained_to_close(ch: Node, src: SourceFile, view: PackageView, root) -> bool:
    """`ch` is a local of the function that starts the goroutine, and that function, once it has
    started it, ranges over `ch` until it is closed, with no way out of the loop before: whatever
    else the goroutine gives up on, this send is received."""
    spawner = root.spawner
    if ch.type != "identifier" or spawner is None or root.src is not src:
        return False
    d = resolve(ch, src, view)
    body = goast.func_body(spawner)
    if d.kind != "local" or d.ident is None or body is None or not goast.inside(d.ident, body):
        return False
    started = root.node.end_byte
    for st in goast.statements(body):
        if st.start_byte < started:
            continue
        clause = next((c for c in st.named_children if c.type == "range_clause"), None) if st.type == "for_statement" else None
        right = clause.child_by_field_name("right") if clause is not None else None
        if right is not None and right.type == "identifier" and resolve(right, src, view).ident == d.ident:
            return loop_exits(st, src) is None
        if any(n.type == "return_statement" for n in goast.walk(st, skip_func_literals=True)):
            return False
    return False


def _handed_in_open(ch: Node | None, src: SourceFile, view: PackageView, fbody: Node) -> bool:
    """`ch` is a parameter of a declared function (the caller's channel, read by code we do not
    see) and the goroutine does not close it (a closer usually has a reader ranging to the end)."""
    if ch is None or ch.type != "identifier":
        return False
    d = resolve(ch, src, view)
    if d.kind != "param" or d.func is None or d.func.type == "func_literal":
        return False
    name = src.text(ch)
    return not any(
        goast.call_parts(c, src) == (None, "close") and [src.text(a) for a in goast.call_args(c)] == [name]
        for c in goast.of_type(fbody, "call_expression")
    )


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
        if src.is_test or not src.mentions(b"<-"):
            continue
        for n in token_owners(src, *SENDS):
            ch = goast.unparen(n.child_by_field_name("channel"))
            decl = goast.own_receiver_method(ch, src) if ch is not None else None
            if decl is None:
                continue
            sel, case = select_of(n)
            if sel is not None and select_can_give_up(sel, case):
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
            msg = (
                f"`{src.text(n)}` sends one value, but {r1.describe()} and {r2.describe()} both wait on "
                f"`{text}` to stop: one value wakes one of them and the other blocks forever, a goroutine leak "
                f"on every stop. Closing the channel wakes every waiter."
            )
            related = [Related(r.src.span(r.node), "a goroutine that waits on this channel to stop") for r in (r1, r2)]
            fixes = []
            if n.parent is not None and n.parent.type == "statement_list" and at_line_start(src, n):
                fixes.append(Fix(f"Close `{text}` so every waiter wakes", (replace(src, n, f"close({text})"),)))
            out.append(Diagnostic(src.span(n), msg, related, fixes, anchor=f"{label}|{key}|one-stop-many-waiters"))
    return out


def _stop_waiters(conc, view: PackageView, key: str, send: Node) -> dict | None:
    """Goroutines (by body) that return on a receive from the channel field `key`; None when the
    channel is also closed or sent to elsewhere, or a waiter keeps receiving after a value."""
    field = "." + key.rsplit(".", 1)[-1]
    waiters: dict[int, object] = {}
    for src in view.files_with_word(field[1:]):
        if field.encode() not in src.data:
            continue
        # the selectors naming the field, found from its occurrences, in pre-order as a walk sees them
        sels = [n.parent for n in name_nodes(src, field[1:]) if n.type == "field_identifier" and n.parent.type == "selector_expression"]
        for sel in sorted(sels, key=lambda n: (n.start_byte, -n.end_byte)):
            if not src.text(sel).endswith(field) or conc.lock_name(sel, src, goast.enclosing_func(sel)) != key:
                continue
            p = sel.parent
            while p is not None and p.type == "parenthesized_expression":
                p = p.parent
            if p is not None and p.type == "argument_list" and p.parent is not None and goast.call_parts(p.parent, src) == (None, "close"):
                return None
            if p is None:
                continue
            if p.type == "send_statement" and p != send and p.child_by_field_name("channel") == sel:
                return None
            if p == send:
                continue
            if (
                p.type == "expression_list"
                and p.parent is not None
                and p.parent.type == "assignment_statement"
                and p.parent.child_by_field_name("left") == p
            ):
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
                stmts = (
                    [x for x in (st.parent.named_children if st is not None and st.parent is not None else []) if x.start_byte > st.end_byte][:1]
                    if st is not None
                    else []
                )
                loop = enclosing_loop(p, boundary)
            if loop is not None and leaves(stmts, loop, src) is None:
                return None  # keeps receiving: several values are meant for it
            for r in roots:
                if r.body is not None:
                    waiters.setdefault(r.body.id, r)
    return waiters


def _sent_and_received_here(lc: LocalChan):
    """The sends and receives of a channel that stays in its function, unclosed, and is
    received from only in that function itself; None otherwise. A sender that closes the channel
    when it is done (`defer close(ch)`) closes it after its send: that close wakes no one while the
    send blocks."""
    if lc.escapes:
        return None
    sends = lc.of("send")
    recvs = lc.of("recv", "range")
    if not sends or not recvs or any(goast.enclosing_func(u.op) != lc.func for u in recvs):
        return None
    closes = lc.of("close")
    if closes and (lc.of("range") or not all(_closes_after_send(u.op, sends) for u in closes)):
        return None  # a close that ends a stream the receiver reads to the end
    return sends, recvs


def _closes_after_send(close: Node, sends) -> bool:
    """`defer close(ch)` in a goroutine that sends on `ch`, or `close(ch)` right after one of its
    sends in the same statement list."""
    g = go_literal(close)
    mine = [u.op for u in sends if go_literal(u.op) == g] if g is not None else []
    if not mine:
        return False
    st = goast.statement_of(close)
    if st is not None and st.type == "defer_statement":
        return True
    return any(
        (ss := goast.statement_of(op)) is not None and st is not None and ss.parent == st.parent and ss.end_byte <= st.start_byte for op in mine
    )


def _drained_in_turn(infos: list[dict], lc: LocalChan) -> bool:
    """Goroutines started one after another, each after a plain receive that always runs
    between its start and the last one's (`go write(a); …; err := <-done; …; go write(b)`):
    the receive takes the earlier goroutine's one value, so one slot holds each in turn."""
    if len(infos) < 2:
        return False
    starts = sorted((i["go"] for i in infos), key=lambda g: g.start_byte)
    recvs = [u.op for u in lc.of("recv") if select_of(u.op)[0] is None]
    return all(any(_always_between(r, a, b) for r in recvs) for a, b in zip(starts, starts[1:]))


def _always_between(r: Node, a: Node, b: Node) -> bool:
    """Receive `r` runs on every path from `go` statement `a` to `go` statement `b`: it lies in a
    statement of a list that holds `b` (or a statement around it), after `a`, outside any branch
    of that statement but an `if`'s header."""
    if not (a.end_byte <= r.start_byte and r.end_byte <= b.start_byte):
        return False
    st = goast.statement_of(r)
    lst = st.parent if st is not None else None
    if st is None or lst is None or not goast.inside(b, lst) or goast.inside(b, st):
        return False
    if st.type == "if_statement":
        head = [st.child_by_field_name("initializer"), st.child_by_field_name("condition")]
        return any(h is not None and goast.inside(r, h) for h in head)
    return st.type in ("expression_statement", "short_var_declaration", "assignment_statement", "var_declaration")


def _restarting_loop(gs: Node, fn: Node, lc: LocalChan) -> Node | None:
    """The loop that starts the goroutine again and again on one channel; none when the channel
    is made afresh in each iteration, for that iteration's goroutine alone."""
    loop = enclosing_loop(gs, fn)
    return None if loop is not None and goast.inside(lc.make, loop) else loop


def _sender_total(senders: dict, fn: Node, lc: LocalChan, src: SourceFile, view: PackageView):
    """(several values may be sent, how many in all as text, as a number): the senders' count,
    each goroutine once or once per iteration of the loop that starts it."""
    counts = []
    multi = False
    for info in senders.values():
        loop = info["loop"] = _restarting_loop(info["go"], fn, lc)
        if info["loop_send"]:
            multi = True
        if loop is not None:
            multi = True
            counts.append(_loop_count(loop, src, view))
        else:
            counts.append("1")
    # goroutines started in the branches of one `if`/`else` (or the clauses of one switch): one
    # run starts one of them
    infos = list(senders.values())
    exclusive = len(infos) > 1 and all(goast.exclusive_branches(a["go"], b["go"]) for i, a in enumerate(infos) for b in infos[i + 1 :])
    if exclusive and all(c == "1" for c in counts):
        counts = ["1"]
    elif all(c == "1" for c in counts) and _drained_in_turn(infos, lc):
        counts = ["1"]  # each goroutine starts after the last one's value was taken
    elif len(senders) > 1:
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
    return multi, total_text, total_n


def _in_main(lc: LocalChan, src: SourceFile) -> bool:
    """main returns once, and the process (with the goroutine) ends with it."""
    fn = lc.func
    return fn.type == "function_declaration" and goast.func_name(fn, src) == "main" and src.package == "main"


def _check_send_leak(view: PackageView, src: SourceFile, lc: LocalChan):
    fn = lc.func
    if _in_main(lc, src):
        return None
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
        if sel is not None and select_can_give_up(sel, case):
            continue
        info["sends"].append(u.op)
        if enclosing_loop(u.op, g) is not None and not _terminal(u.op, g):
            info["loop_send"] = True
    blocking = [i for i in senders.values() if i["sends"]]
    if not blocking:
        return None
    multi, total_text, total_n = _sender_total(senders, fn, lc, src, view)
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
    signals = _signals([i["lit"] for i in senders.values()], src, multi) - {lc.name}
    # every blocking send carries the error of a call that fails only before it signals ready
    fields = [fails_before_ready(view, send, src) for i in blocking for send in i["sends"]]
    ready = _ready_case(view, set.intersection(*fields), src) if fields and all(fields) else None
    only = next(iter(senders.values())) if len(senders) == 1 else None
    first_of_many = (
        only is not None and only["loop"] is not None and not only["loop_send"] and (capv == 0 or total_n is not None and total_n - 1 > capv)
    )
    give_ups = _give_ups(lc, fn, src, multi, first_go_end, signals, ready, first_of_many)
    if not give_ups:
        return None
    gu, how = give_ups[0]
    label = func_label(fn, src)
    buf = "unbuffered" if not capv else f"buffered for {capv}"
    out = []
    for info in blocking:
        send = info["sends"][0]
        gs = info["go"]
        started = f"started at {where_at(src, gs)}" + (" once per loop iteration" if info["loop"] is not None else "")
        msg = (
            f"The goroutine {started} blocks forever on `{src.text(send)}`: `{lc.name}` is {buf} and "
            f"`{label}` stops receiving early ({where_at(src, gu)}: {how}). The blocked goroutine is never "
            f"collected and keeps everything it references alive: a goroutine leak on every call that gives up."
        )
        related = [
            Related(src.span(gs), "the goroutine that blocks is started here"),
            Related(src.span(gu), f"the receiving side gives up here ({how})"),
            Related(src.span(lc.make), f"`{lc.name}` is made here ({buf})"),
        ]
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
                fixes.append(Fix(f"Buffer `{lc.name}` for {who} so none can block", (edit,)))
        ctx = ctx_in_scope(send, src)
        if ctx is not None and send.parent is not None and send.parent.type == "statement_list" and at_line_start(src, send):
            ind = src.indent_at(send.start_byte)
            text = f"select {{\n{ind}case {src.text(send)}:\n{ind}case <-{ctx}.Done():\n{ind}}}"
            fixes.append(Fix(f"Give up the send when `{ctx}` is cancelled", (replace(src, send, text),)))
        span, related = _at_make(src, lc, send, src, related, fixes, len(blocking))
        out.append(Diagnostic(span, msg, related, fixes, anchor=f"{label}|{lc.name}|send|{src.text(send)}"))
    return out


def _at_make(src: SourceFile, lc: LocalChan, send: Node, ssrc: SourceFile, related: list[Related], fixes: list[Fix], blocking: int):
    """Where the finding is reported, and its evidence: at the `make` when the one blocking sender's
    first patch gives the channel its buffer there (a review comment sits on the line its
    suggestion replaces, and every view of the finding names the same line), else at the send."""
    edit = fixes[0].edits[0] if fixes else None
    if blocking != 1 or edit is None or edit.path != src.path or not lc.make.start_byte <= edit.start_byte <= edit.end_byte <= lc.make.end_byte:
        return ssrc.span(send), related
    made = (src.path, lc.make.start_byte)
    kept = [r for r in related if (r.span.path, r.span.start_byte) != made]
    return src.span(lc.make), [Related(ssrc.span(send), "the goroutine blocks here forever"), *kept]


def _check_passed_send_leak(view: PackageView, src: SourceFile, lc: LocalChan):
    """The same leak when the channel is handed, as an argument, to the package's own functions
    that start the senders or do the receiving: goroutines started by a callee, a receiver that is
    itself a goroutine, parameters bound at each call."""
    if src.is_test or lc.of("close") or not any(u.kind == "escape" for u in lc.uses) or _in_main(lc, src):
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
        info = senders.setdefault(f.go.id, {"go": f.go, "sends": [], "loop_send": False, "looped": f.looped, "bodies": set()})
        info["bodies"].add((f.func, f.src))
        sel, case = select_of(f.op)
        if sel is not None and select_can_give_up(sel, case):
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
        msg = (
            f"The goroutine started at {where_at(gsrc, gs, ssrc)} blocks forever on `{ssrc.text(send)}`{multi_note}: "
            f"the channel is made {buf} at {where_at(src, lc.make, ssrc)} and handed over as an argument, and "
            f"its receiver `{rlabel}` stops receiving early ({where_at(rsrc, gu, ssrc)}: {how}). The blocked "
            f"goroutine is never collected and keeps everything it references alive: a goroutine leak each "
            f"time the receiver gives up."
        )
        related = [
            Related(gsrc.span(gs), "the goroutine that blocks is started here"),
            *(Related(rsrc.span(n), f"the receiving side gives up here ({h})") for n, h in give_ups[:3]),
            Related(src.span(lc.make), f"`{lc.name}` is made here ({buf})"),
        ]
        fixes = []
        if total_n is not None and total_n > 0 and lc.cap is None:
            args = lc.make.child_by_field_name("arguments")
            who = "its one sender" if total_n == 1 else f"all {total_n} senders"
            fixes.append(
                Fix(f"Buffer `{lc.name}` for {who} so none can block", (TextEdit(src.path, args.end_byte - 1, args.end_byte - 1, f", {total_n}"),))
            )
        span, related = _at_make(src, lc, send, ssrc, related, fixes, len(blocking))
        out.append(Diagnostic(span, msg, related, fixes, anchor=f"{func_label(f.func, ssrc)}|{lc.name}|passed-send|{ssrc.text(send)}"))
    return out


def _returned_send_leak(view: PackageView) -> list[Diagnostic]:
    """A function that starts the goroutines sending on an unbuffered channel it makes and
    returns the channel (`FindProvidersAsync`), and a caller in the package that stops receiving
    from it early (`case <-ctx.Done(): return`): the senders block forever on the value nobody
    takes. Both sides are in view; a channel returned to callers outside the package is not."""
    out: list[Diagnostic] = []
    conc = None
    for src in view.non_test_files:
        if not src.mentions(b"make(chan") or not src.mentions(b"go ") or not src.mentions(b"return"):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                returned = [u for u in lc.uses if u.kind == "escape" and _returned_here(u.node, lc.func)]
                if not returned or lc.func.type == "func_literal" or (lc.cap is not None and int_value(lc.cap, src) != 0):
                    continue
                rest = LocalChan(lc.name, lc.ident, lc.make, lc.cap, lc.decl_stmt, lc.func, src, [u for u in lc.uses if u not in returned])
                flow = chan_flow(rest, view)
                if flow is None or any(f.kind in ("recv", "range") for f in flow):
                    continue
                sends = [f for f in flow if f.kind == "send" and f.go is not None and not _gives_up(f.op)]
                if not sends:
                    continue
                multi = len({f.go.id for f in sends}) > 1 or any(f.looped or enclosing_loop(f.op, f.func) is not None for f in sends)
                conc = conc or concurrency(view)
                for call, csrc in conc.caller_sites(lc.func, src, tests=False):
                    got = _caller_gives_up(view, call, csrc, multi)
                    if got is None:
                        continue
                    caller, gu, how = got
                    f = sends[0]
                    send, ssrc, gsrc = f.op, f.src, f.go_src or f.src
                    msg = (
                        f"The goroutine started at {where_at(gsrc, f.go, ssrc)} blocks forever on `{ssrc.text(send)}`: "
                        f"`{func_label(lc.func, src)}` returns `{lc.name}`, made unbuffered at {where_at(src, lc.make, ssrc)}, "
                        f"and its caller `{func_label(caller, csrc)}` stops receiving early ({where_at(csrc, gu, ssrc)}: {how}). "
                        f"The blocked goroutine is never collected and keeps everything it references alive: a goroutine "
                        f"leak each time the caller gives up. Let the sender give up too (`select` on the caller's "
                        f"context or a done channel around the send)."
                    )
                    related = [
                        Related(gsrc.span(f.go), "the goroutine that blocks is started here"),
                        Related(csrc.span(call), f"`{func_label(caller, csrc)}` takes the channel here"),
                        Related(csrc.span(gu), f"and gives up receiving here ({how})"),
                        Related(src.span(lc.make), f"`{lc.name}` is made here (unbuffered)"),
                    ]
                    out.append(
                        Diagnostic(ssrc.span(send), msg, related, [], anchor=f"{func_label(f.func, ssrc)}|{lc.name}|returned-send|{ssrc.text(send)}")
                    )
                    break
    return out


def _returned_here(ident: Node, fn: Node) -> bool:
    """`return ch` (alone or with other results) in `fn`'s own body."""
    p = ident.parent
    if p is not None and p.type == "expression_list":
        p = p.parent
    return p is not None and p.type == "return_statement" and goast.enclosing_func(p) == fn


def _gives_up(send: Node) -> bool:
    sel, case = select_of(send)
    return sel is not None and select_can_give_up(sel, case)


def _caller_gives_up(view: PackageView, call: Node, csrc: SourceFile, multi: bool):
    """(caller, where, how) when the caller keeps the returned channel in a local (`ch :=
    r.FindAsync(ctx, k)`), only ever receives from it, and stops receiving early; or receives
    from the call itself (`case err = <-Go(s.Wait):`) where another select case can win."""
    p = call.parent
    if p is not None and p.type == "unary_expression" and is_recv(p):
        # `case err = <-Go(s.Wait):`: one value taken right where the channel is got, if at all
        caller = goast.enclosing_func(p, csrc)
        give_ups = _stops_receiving([Use("recv", call, p)], caller, csrc, multi, call.end_byte, lambda case: False) if caller is not None else []
        return (caller, *give_ups[0]) if give_ups else None
    st = p.parent if p is not None and p.type == "expression_list" else None
    if st is None or st.type != "short_var_declaration" or len(p.named_children) != 1:
        return None
    left = st.child_by_field_name("left")
    names = left.named_children if left is not None else []
    if len(names) != 1 or names[0].type != "identifier":
        return None
    caller = goast.enclosing_func(st, csrc)
    if caller is None:
        return None
    ident = names[0]
    recvs = []
    for n in idents_named(caller, csrc, [csrc.text(ident)]):
        if n == ident or resolve(n, csrc, view).ident != ident:
            continue
        kind, op = classify_use(n, csrc)
        if kind not in ("recv", "range") or goast.enclosing_func(n) != caller:
            return None  # handed on, stored, returned or received elsewhere: another may drain it
        recvs.append(Use(kind, n, op))
    if not recvs:
        return None
    give_ups = _stops_receiving(recvs, caller, csrc, multi, st.end_byte, lambda case: False)
    return (caller, *give_ups[0]) if give_ups else None


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
    end = goast.func_body(body)
    while True:
        nxt = st.next_named_sibling
        while nxt is not None and nxt.type == "comment":
            nxt = nxt.next_named_sibling
        if nxt is not None:
            return nxt.type == "return_statement"
        blk = st.parent.parent if st.parent is not None and st.parent.type == "statement_list" else st.parent
        if blk is None or blk == end:
            return blk is not None
        # the last statement of a branch: the goroutine goes on after the branching statement
        # (`if errors.As(err, &e) { ch <- v }; return`), but a loop body's end goes round again
        outer = blk.parent if blk.type == "block" else blk
        while outer is not None and outer.type in ("expression_case", "type_case", "default_case", "communication_case", "else"):
            outer = outer.parent
        if outer is None or outer.type not in ("if_statement", "expression_switch_statement", "type_switch_statement", "select_statement"):
            return False
        while outer.parent is not None and outer.parent.type == "if_statement":
            outer = outer.parent  # `else if`
        st = outer


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


SEND_LEAK = register(
    Rule(
        id="goroutine-send-leak",
        title="Goroutine blocked forever sending to a receiver that gave up",
        family="C",
        severity=Severity.WARNING,
        in_tests=False,
        tests_reason=(
            "a goroutine a test leaves blocked ends with the test binary, and most are left only on a path "
            "where the test has already failed (a timeout, an assertion)."
        ),
        what="""
Finds goroutines that send on a channel made by the function that starts them, when that
channel is unbuffered (or smaller than the number of senders) and the function can stop
receiving early: a `select` with a timeout or `ctx.Done()` case that returns, a receive loop
that returns or breaks on the first error, or a `return` between starting the goroutines and
receiving. The channel is followed as an argument into the package's own functions and
methods: a helper that starts the sending goroutine, a receiver that runs as a goroutine of its
own; and an unbuffered channel a function returns after starting its senders (`FindAsync`), when
a caller in the package keeps it in a local, only receives from it, and stops receiving early, or
receives from the call itself in a `select` another case of which can win
(`case err := <-runAsync(wait):` beside a timeout).
Channels stored, returned to code out of view, closed (but for a sender's own close after its
send, which wakes no one while the send blocks), passed where the callee cannot be read, or
drained by another goroutine are left alone, and goroutines started in the branches of one
`if`/`else` count as one sender.
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
    )
)
