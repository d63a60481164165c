"""range-unclosed-channel: ranging over a channel that nothing closes."""

from __future__ import annotations

from .. import goast
from ..chanflow import (
    LocalChan,
    enclosing_loop,
    file_chans,
    func_label,
    go_literal,
    go_stmt_of,
    loop_exits,
)
from ..fixgen import insert_before
from ..leaksites import at_line_start, where_at
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register


def _range_unclosed(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b"range"):
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
            who = f"The goroutine started at {where_at(src, go_stmt_of(g))}"
        else:
            who = f"`{label}`"
        senders = {goast.enclosing_func(s.op).id: s for s in sends}
        related = [Related(src.span(lc.make), f"`{lc.name}` is made here and nothing ever closes it")]
        for s in list(senders.values())[:2]:
            sg = go_literal(s.op)
            where = f"by the goroutine started at {where_at(src, go_stmt_of(sg))}" if sg is not None else f"by `{label}`"
            related.append(Related(src.span(s.op), f"values are sent here {where}; it returns without closing `{lc.name}`"))
        msg = (
            f"{who} ranges over `{lc.name}`, which nothing closes: after the last value it blocks forever "
            f"waiting for the next one. The goroutine is never collected (in `main` the program dies with "
            f"`fatal error: all goroutines are asleep - deadlock!`)."
        )
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
                    fixes.append(
                        Fix(f"Close `{lc.name}` when its only producer is done", (insert_before(src, stmts[0], f"defer close({lc.name})\n{ind}"),))
                    )
        elif len(senders) == 1 and all(goast.enclosing_func(s.op) == fn and s.op.end_byte < loop.start_byte for s in sends):
            if enclosing_loop(loop, fn) is None and loop.parent is not None and loop.parent.type == "statement_list" and at_line_start(src, loop):
                ind = src.indent_at(loop.start_byte)
                fixes.append(
                    Fix(f"Close `{lc.name}` after the last send, before ranging over it", (insert_before(src, loop, f"close({lc.name})\n{ind}"),))
                )
        out.append(Diagnostic(src.span(u.op), msg, related, fixes, anchor=f"{label}|{lc.name}|range"))
    return out


RANGE_UNCLOSED = register(
    Rule(
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
    )
)
