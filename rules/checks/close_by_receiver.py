"""close-by-receiver: a channel closed by its receiving side while senders remain."""

from __future__ import annotations

from .. import goast
from ..chancloses import calls_builtin_close, deferred
from ..chanflow import (
    LocalChan,
    enclosing_loop,
    file_chans,
    func_label,
    go_literal,
    go_stmt_of,
    line_of,
)
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..registry import Rule, register


def _close_by_receiver(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b"close(") or not calls_builtin_close(src.data):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                out.extend(_check_close_by_receiver(view, src, lc))
    return out


def _check_close_by_receiver(view, src, lc: LocalChan) -> list[Diagnostic]:
    if lc.escapes:
        return []
    out = []
    fn = lc.func
    recvs = lc.of("recv", "range")
    sends = lc.of("send")
    for u in lc.of("close"):
        c = u.op
        b = goast.enclosing_func(c)
        if deferred(c):
            continue
        # the close sits inside a loop of the same function that receives from the channel
        loop = None
        for a in goast.ancestors(c):
            if a == b:
                break
            if a.type == "for_statement" and any(goast.inside(r.op, a) and goast.enclosing_func(r.op) == b for r in recvs):
                loop = a
                break
        if loop is None:
            continue
        senders = []
        for s in sends:
            g = go_literal(s.op)
            if g is None or g == b or goast.inside(b, g):
                continue
            senders.append(s)
        if not senders:
            continue
        if _joins_between_calls(b, src, loop.start_byte, c.start_byte):
            continue
        s = senders[0]
        g = go_literal(s.op)
        gs = go_stmt_of(g)
        many = enclosing_loop(s.op, g) is not None or (gs is not None and enclosing_loop(gs, fn) is not None) or len(senders) > 1
        if not many:
            continue
        label = func_label(b, src)
        msg = (
            f"The receiving side closes `{lc.name}` while senders remain: the goroutine started at line "
            f"{line_of(src, gs)} keeps sending on it, and its next send panics with "
            f"`panic: send on closed channel`. Only the sending side may close a channel; tell senders to stop "
            f"with a separate done channel or a context instead."
        )
        out.append(
            Diagnostic(
                src.span(c),
                msg,
                [
                    Related(src.span(s.op), "this send panics once the channel is closed"),
                    Related(src.span(gs), "the sending goroutine is started here"),
                ],
                [],
                anchor=f"{label}|{lc.name}|close-by-receiver",
            )
        )
    return out


def _joins_between_calls(fn, src, start, end) -> bool:
    for n in goast.walk(goast.func_body(fn) or fn, skip_func_literals=True):
        if start <= n.start_byte < end and n.type == "call_expression" and goast.call_parts(n, src)[1] == "Wait":
            return True
    return False


CLOSE_BY_RECEIVER = register(
    Rule(
        id="close-by-receiver",
        title="Channel closed by its receiver while senders remain",
        family="D",
        severity=Severity.ERROR,
        what="""
Finds `close(ch)` inside the loop that receives from `ch` while goroutines started elsewhere
still send on it (in a loop, or several of them), with no `Wait` for them first.
""",
        why="""
Closing is the sender's signal that no more values will come. When the receiver closes instead,
the senders do not know: their next send panics with `panic: send on closed channel` and crashes
the program (all in-flight work is lost). Stop senders with a separate done channel or a context, and let the (last) sender
close.
""",
        example="""
for v := range results {
	if v.err != nil {
		close(results) // the producers are still sending
		return v.err
	}
}
""",
        instead="""
for v := range results {
	if v.err != nil {
		cancel() // the producers select on ctx.Done() and stop sending
		return v.err
	}
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_close_by_receiver,
    )
)
