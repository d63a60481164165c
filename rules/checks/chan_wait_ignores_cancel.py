"""chan-wait-ignores-cancel: a goroutine that waits on a channel instead of its context."""

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
    file_chans,
    func_label,
    is_recv,
    leaves,
    select_of,
)
from ..goast import Node, unparen
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register
from ..scope import resolve


def _done_case(sel: Node, src: SourceFile) -> tuple[Node, Node] | None:
    """(case, X identifier) of a `case <-X.Done():` in the select."""
    for c in sel.named_children:
        if c.type != "communication_case":
            continue
        comm = c.child_by_field_name("communication")
        if comm is None:
            continue
        if comm.type == "receive_statement":
            e = comm.child_by_field_name("right")
        elif comm.type == "expression_statement" and comm.named_children:
            e = comm.named_children[0]
        else:
            e = comm
        if e is None or not is_recv(e):
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
    out = []
    for src in view.files:
        if not src.mentions(b".Done()") or not src.mentions(b"select") or not src.mentions(b"make(chan"):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                d = _check_ignores_cancel(view, src, lc)
                if d is not None:
                    out.append(d)
    return out


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
