"""chan-wait-ignores-cancel: a goroutine that waits on a channel instead of its context (or for a
close its starter makes only on some paths)."""

from __future__ import annotations

from .. import goast
from ..chanblocking import (
    at_line_start,
    goroutine_of,
    in_loop_within,
    is_nonblocking,
    is_unbuffered,
    launcher_of,
    where_line,
)
from ..chanflow import (
    LocalChan,
    case_body,
    case_recv,
    file_chans,
    func_label,
    is_recv,
    leaves,
    select_of,
)
from ..goast import Node, unparen
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile, name_nodes
from ..quitwaits import StuckWait, stuck_waits
from ..registry import Rule, register
from ..scope import resolve


def _done_case(sel: Node, src: SourceFile) -> tuple[Node, Node] | None:
    """(case, X identifier) of a `case <-X.Done():` in the select."""
    for c in sel.named_children:
        if c.type != "communication_case":
            continue
        e = case_recv(c)
        if e is None:
            continue
        operand = unparen(e.child_by_field_name("operand"))
        if operand is None or operand.type != "call_expression" or goast.call_args(operand):
            continue
        fn = operand.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            continue
        x = fn.child_by_field_name("operand")
        f = fn.child_by_field_name("field")
        if x is not None and f is not None and src.text(f) == "Done" and x.type == "identifier":
            return c, x
    return None


def _visible_in(view: PackageView, ident: Node, src: SourceFile, fn: Node, launcher: Node) -> bool:
    """Is the context variable `ident` (used in `fn`) the same variable inside the goroutine
    started at `launcher`: a parameter of `fn`, or a local declared before it in an enclosing
    statement list?"""
    d = resolve(ident, src, view)
    if d.func != fn or d.ident is None:
        return False
    if d.kind == "param":
        return True
    if d.kind != "local" or d.ident.start_byte >= launcher.start_byte:
        return False
    st = goast.statement_of(d.ident)
    return st is not None and st.parent is not None and goast.inside(launcher, st.parent)


def _ignores_cancel(view: PackageView):
    out = [_stuck_wait_diag(view, sw) for sw in stuck_waits(view)]
    for src in view.files:
        if src.mentions(b"close(") and src.mentions(b"go ") and src.mentions(b"make(chan"):
            for lcs in file_chans(src, view).values():
                for lc in lcs:
                    d = _check_closed_on_some_paths(view, src, lc)
                    if d is not None:
                        out.append(d)
        if not src.mentions(b".Done()") or not src.mentions(b"select") or not src.mentions(b"make(chan"):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                d = _check_ignores_cancel(view, src, lc)
                if d is not None:
                    out.append(d)
    return out


def _stuck_wait_diag(view: PackageView, sw: StuckWait) -> Diagnostic:
    src = sw.routine.src
    label = func_label(sw.routine.node, src)
    kind = "select" if sw.wait.type == "select_statement" else f"`{sw.wait_src.text(sw.wait)}`"
    msg = (
        f"The goroutine `{label}` (started at {where_line(src, sw.go)}) calls `{src.text(sw.call)}` in its loop, which "
        f"waits in {kind} ({sw.wait_src.path.rsplit('/', 1)[-1]}:{goast.line_of(sw.wait_src, sw.wait)}) "
        f"until something arrives on `{sw.chan_field}`; the goroutine never looks at `{sw.signal}`, and stopping does not "
        f"close `{sw.chan_field}`: once no more work comes, it blocks there forever and leaks with everything it references."
    )
    related = [
        Related(sw.wait_src.span(sw.wait), f"the wait on `{sw.chan_field}`: no quit or cancel case"),
        Related(sw.signal_src.span(sw.signal_node), f"`{sw.signal}`, the quit signal the goroutine never watches"),
        Related(src.span(sw.go), "the goroutine is started here"),
    ]
    return Diagnostic(src.span(sw.call), msg, related, [], anchor=f"{label}|{sw.chan_field}|unwatched-quit")


def _check_ignores_cancel(view: PackageView, src: SourceFile, lc: LocalChan) -> Diagnostic | None:
    fn = lc.func
    if lc.escapes or lc.of("close") or not is_unbuffered(lc, src):
        return None
    mine = [u for u in lc.uses if u.kind in ("send", "recv", "range")]
    in_fn = [u for u in mine if goroutine_of(u.op, fn) is None]
    in_g = [u for u in mine if goroutine_of(u.op, fn) is not None]
    if not in_fn or not in_g:
        return None
    # the goroutine side: one goroutine literal started directly by fn, not in a loop
    lits = {goroutine_of(u.op, fn).id: goroutine_of(u.op, fn) for u in in_g}
    if len(lits) != 1:
        return None
    lit = next(iter(lits.values()))
    launcher = launcher_of(lit)
    if launcher is None or goast.enclosing_func(launcher) != fn or in_loop_within(launcher, fn):
        return None
    if any(goast.enclosing_func(u.op) != lit for u in in_g):
        return None
    g_kinds = {("send" if u.kind == "send" else "recv") for u in in_g}
    f_kinds = {("send" if u.kind == "send" else "recv") for u in in_fn}
    if len(g_kinds) != 1 or len(f_kinds) != 1 or g_kinds == f_kinds:
        return None
    g_kind = next(iter(g_kinds))
    if g_kind == "send" and launcher.type == "go_statement":
        return None  # `go` senders abandoned by a select: goroutine-send-leak reports them
    blocking = [u for u in in_g if not is_nonblocking(u.op)]
    if not blocking or len(blocking) != len(in_g):
        return None
    # fn's side: every operation in a select whose `case <-ctx.Done():` leaves
    give_up = None
    ctx = None
    for u in in_fn:
        sel, case = select_of(u.op)
        if sel is None:
            return None
        dc = _done_case(sel, src)
        if dc is None:
            return None
        body = case_body(dc[0])
        loop = None
        for a in goast.ancestors(sel):
            if a == fn or a.type in goast.FUNC_TYPES:
                break
            if a.type == "for_statement":
                loop = a
                break
        lv = leaves(body, loop, src)
        if lv is None:
            return None
        if any(c.type == "default_case" for c in sel.named_children):
            return None
        if ctx is None:
            ctx, give_up = dc[1], lv
        elif src.text(ctx) != src.text(dc[1]):
            return None
    if ctx is None or not _visible_in(view, ctx, src, fn, launcher):
        return None
    op = blocking[0].op
    label = func_label(fn, src)
    cname = src.text(ctx)
    if g_kind == "send":
        what = f"blocks on `{src.text(op)}`"
    else:
        what = f"blocks on `{src.text(op)}`" if blocking[0].kind == "recv" else f"blocks in `range {lc.name}`"
    msg = (
        f"When `{cname}` is cancelled, `{label}` stops ({where_line(src, give_up)}) but the goroutine started at "
        f"{where_line(src, launcher)} {what}, waiting on `{lc.name}` rather than on `{cname}.Done()`: nobody will "
        f"ever complete that operation, so the goroutine blocks forever and leaks with everything it references"
        + (" (and the group's `Wait` never returns)" if launcher.type == "call_expression" else "")
        + "."
    )
    related = [
        Related(src.span(give_up), f"`{label}` gives up here when `{cname}` is done"),
        Related(src.span(launcher), "the goroutine is started here"),
        Related(src.span(lc.make), f"`{lc.name}` is made here without a buffer"),
    ]
    fixes = []
    if len(blocking) == 1 and blocking[0].kind != "range":
        st = op if op.type == "send_statement" else goast.statement_of(op)
        if st is not None and st.parent is not None and st.parent.type == "statement_list" and at_line_start(src, st):
            ind = src.indent_at(st.start_byte)
            if op.type == "send_statement":
                text = f"select {{\n{ind}case {src.text(op)}:\n{ind}case <-{cname}.Done():\n{ind}\treturn{_ret_value(lit, cname)}\n{ind}}}"
            elif st.type == "expression_statement":  # `v := <-ch` would scope v to the case
                text = f"select {{\n{ind}case {src.text(st)}:\n{ind}case <-{cname}.Done():\n{ind}\treturn{_ret_value(lit, cname)}\n{ind}}}"
            else:
                text = None
            if text is not None and _ret_value(lit, cname) is not None:
                fixes.append(Fix(f"Give up on `{lc.name}` when `{cname}` is cancelled", (TextEdit(src.path, st.start_byte, st.end_byte, text),)))
    return Diagnostic(src.span(op), msg, related, fixes, anchor=f"{label}|{lc.name}|ignores-cancel")


def _check_closed_on_some_paths(view: PackageView, src: SourceFile, lc: LocalChan) -> Diagnostic | None:
    """A goroutine started by `fn` waits for `fn` to close `lc`, and `fn` closes it only under an
    `if` (no `else`, nothing deferred): on the other path the goroutine's wait never ends, when
    the other cases it waits on are channels nothing in the package ever closes or sends on."""
    fn = lc.func
    if lc.escapes or lc.of("send") or src.is_test:
        return None
    closes = lc.of("close")
    recvs = lc.of("recv", "range")
    if not closes or len(recvs) != 1 or any(goroutine_of(u.op, fn) is not None for u in closes):
        return None
    recv = recvs[0]
    if recv.kind != "recv":
        return None
    lit = goroutine_of(recv.op, fn)
    if lit is None or goast.enclosing_func(recv.op) != lit:
        return None
    launcher = launcher_of(lit)
    if launcher is None or launcher.type != "go_statement" or goast.enclosing_func(launcher) != fn or in_loop_within(launcher, fn):
        return None
    # the goroutine's side: its first blocking statement, waiting on lc or on channels nobody signals
    st = goast.statement_of(recv.op)
    body = goast.func_body(lit)
    if st is None or body is None or st.parent is None or st.parent.parent != body:
        return None
    if any(x.start_byte < st.start_byte and leaves([x], None, src) is not None for x in goast.statements(body)):
        return None
    sel, case = select_of(recv.op)
    others: list[Node] = []
    if sel is not None:
        if sel != st:
            return None
        for c in sel.named_children:
            if c == case or c.type == "comment":
                continue
            if c.type != "communication_case":
                return None  # a default: the goroutine does not wait
            comm = c.child_by_field_name("communication")
            r = next((n for n in goast.walk(comm) if is_recv(n)), None) if comm is not None else None
            if r is None or comm.type == "send_statement":
                return None
            operand = unparen(r.child_by_field_name("operand"))
            if not _never_signalled(view, operand, src):
                return None
            others.append(operand)
    elif st.type not in ("expression_statement", "receive_statement", "short_var_declaration", "assignment_statement"):
        return None
    # fn's side: every close sits in the consequence of an `if` without `else`, after the `go`
    guards = []
    for u in closes:
        cst = goast.statement_of(u.op)
        if cst is None or cst.type != "expression_statement" or cst.start_byte < launcher.end_byte:
            return None
        if in_loop_within(u.op, fn):
            return None
        guard = None
        for a in goast.ancestors(cst):
            if a == fn:
                break
            if a.type == "if_statement":
                guard = a
                break
            if a.type not in ("statement_list", "block"):
                return None  # a switch or select case, a func literal: not followed
        if guard is None or guard.child_by_field_name("alternative") is not None:
            return None
        gs = goast.statement_of(guard)
        if gs is None or gs.parent is None or gs.parent.parent != goast.func_body(fn):
            return None
        guards.append(guard)
    label = func_label(fn, src)
    close_op = closes[0].op
    cond = guards[0].child_by_field_name("condition")
    waits = f"`{src.text(recv.op)}`" + "".join(f" or `<-{src.text(o)}`" for o in others)
    msg = (
        f"`{label}` closes `{lc.name}` only when `{src.text(cond)}` holds ({where_line(src, close_op)}); on the "
        f"other path nothing closes it, and the goroutine started at {where_line(src, launcher)} waits forever on "
        f"{waits}"
        + (" (nothing in the package ever closes or sends on " + ", ".join(f"`{src.text(o)}`" for o in others) + ")" if others else "")
        + ": one goroutine leaked, with everything it references, on every call that takes that path."
    )
    related = [
        Related(src.span(recv.op), "the goroutine waits here"),
        Related(src.span(launcher), "the goroutine is started here"),
        Related(src.span(guards[0]), f"`{lc.name}` is closed only inside this `if`"),
    ]
    return Diagnostic(src.span(close_op), msg, related, [], anchor=f"{label}|{lc.name}|closed-on-some-paths")


def _never_signalled(view: PackageView, operand: Node | None, src: SourceFile) -> bool:
    """`x.f` for an unexported field that nothing in the package closes, sends on, hands to
    other code or assigns anything but a fresh `make(chan …)`: a wait on it never ends."""
    if operand is None or operand.type != "selector_expression":
        return False
    field = operand.child_by_field_name("field")
    name = src.text(field) if field is not None else ""
    if not name or not name[0].islower():
        return False
    owners: set[str] = set()
    for f in view.files:
        for n in name_nodes(f, name):
            p = n.parent
            if p is None:
                return False
            if n.type == "identifier" and not (p.type == "literal_element" and p.parent is not None and p.parent.type == "keyed_element"):
                continue  # a variable of the same name, not the field
            if p.type == "field_declaration":
                spec = next((a for a in goast.ancestors(p) if a.type == "type_spec"), None)
                tname = spec.child_by_field_name("name") if spec is not None else None
                if tname is None:
                    return False
                owners.add(f.text(tname))
                continue
            if p.type == "selector_expression" and p.child_by_field_name("field") == n:
                up = p.parent
                if up is not None and is_recv(up):
                    continue
                if up is not None and up.type == "expression_list" and up.parent is not None and up.parent.type == "assignment_statement":
                    asg = up.parent
                    if asg.child_by_field_name("left") == up and _fresh_chan(asg.child_by_field_name("right"), f):
                        continue
                return False
            if p.type in ("keyed_element", "literal_element") and p.parent is not None and p.parent.type == "keyed_element":
                kv = p.parent
                if kv.named_children and kv.named_children[0] == p and len(kv.named_children) == 2 and _fresh_chan(kv.named_children[1], f):
                    continue
                return False
            if p.type == "keyed_element" and p.named_children and p.named_children[0] == n:
                if len(p.named_children) == 2 and _fresh_chan(p.named_children[1], f):
                    continue
                return False
            return False
    if not owners:
        return False
    # a positional literal of the owning struct could set the field to any channel
    for f in view.files:
        for owner in owners:
            for n in name_nodes(f, owner):
                lit = n.parent
                if lit is None or lit.type != "composite_literal" or lit.child_by_field_name("type") != n:
                    continue
                body = lit.child_by_field_name("body")
                if body is not None and any(c.type == "literal_element" for c in body.named_children):
                    return False
    return True


def _fresh_chan(n: Node | None, src: SourceFile) -> bool:
    while n is not None and n.type in ("expression_list", "literal_element") and n.named_child_count == 1:
        n = n.named_children[0]
    if n is None or n.type != "call_expression":
        return False
    f = n.child_by_field_name("function")
    args = goast.call_args(n)
    return f is not None and src.text(f) == "make" and bool(args) and args[0].type == "channel_type"


def _ret_value(lit: Node, cname: str) -> str | None:
    """What the goroutine literal returns when it gives up: nothing, or `ctx.Err()` for
    `func() error`; None for other result lists."""
    res = lit.child_by_field_name("result")
    if res is None:
        return ""
    if res.type == "type_identifier" and res.text == b"error":
        return f" {cname}.Err()"
    return None


CHAN_WAIT_IGNORES_CANCEL = register(
    Rule(
        id="chan-wait-ignores-cancel",
        title="Goroutine waits on a channel instead of its context",
        family="C",
        severity=Severity.WARNING,
        what="""
Finds a goroutine (started with `go` or `g.Go`) blocked on a bare channel operation — a send,
or a receive — whose only counterpart in the function that started it sits in a `select` that
also has a `case <-ctx.Done():` which returns. When the context is cancelled, that function
leaves; the goroutine keeps waiting on the channel, not on `ctx.Done()`. (`go` senders
abandoned this way are goroutine-send-leak's.)
Also finds a goroutine waiting for its starter to close a local channel that the starter closes
only inside an `if` (no `else`, nothing deferred), when the goroutine's other select cases are
unexported struct-field channels that nothing in the package closes or sends on: on the path
that skips the `close`, the goroutine waits forever.
Also finds a goroutine started with `go` on a method or function of the package whose loop
calls, at most two same-package calls deep, a function that waits in a bare receive (or a
`select` with no quit, done, stop or context case and no timer) on a struct-field channel,
while the goroutine has a quit signal it never looks at: a quit/done/stop channel field of its
receiver, or a `context.Context` parameter. Silent when the waited-on channel is closed by a
stop or close path.
""",
        why="""
Cancellation reaches only code that listens for it. The spawner stops at `ctx.Done()`, and the
goroutine stays blocked forever on a channel nobody will use again: a goroutine leak (and, for
an errgroup, a `Wait` that never returns) on every cancelled request, until the process runs
out of memory.
""",
        example="""
g.Go(func() error {
	rows, err := query(ctx)
	if err != nil {
		return err
	}
	out <- rows // blocks forever once the collector left on ctx.Done()
	return nil
})
select {
case rows := <-out:
	return rows, nil
case <-ctx.Done():
	return nil, ctx.Err()
}
""",
        instead="""
g.Go(func() error {
	rows, err := query(ctx)
	if err != nil {
		return err
	}
	select {
	case out <- rows:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
})
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_ignores_cancel,
    )
)
