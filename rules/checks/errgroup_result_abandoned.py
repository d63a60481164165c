"""errgroup-result-abandoned: senders started with `g.Go(func…)` (errgroup-style), or `go` senders
whose channel a waiter goroutine closes, blocked on an unbuffered channel after the collector
returned on the first error. (`go` senders on a channel nobody closes are goroutine-send-leak's.)"""

from __future__ import annotations

from .. import goast
from ..chanblocking import (
    goroutine_of,
    in_loop_within,
    is_nonblocking,
    is_unbuffered,
    launcher_of,
    sender_goroutines,
    wait_calls,
    where_line,
)
from ..chanflow import (
    LocalChan,
    fails,
    file_chans,
    func_label,
    leaves,
)
from ..goast import Node, unparen
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register
from ..scope import resolve


def _abandoned(view: PackageView):
    out = []
    for src in view.files:
        if not (src.mentions(b".Go(") or (src.mentions(b"close(") and src.mentions(b".Wait()"))):
            continue
        if not src.mentions(b"make(chan"):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                d = _check_abandoned(view, src, lc)
                if d is not None:
                    out.append(d)
    return out


def _check_abandoned(view: PackageView, src: SourceFile, lc: LocalChan) -> Diagnostic | None:
    fn = lc.func
    if lc.escapes or not is_unbuffered(lc, src):
        return None
    recvs = lc.of("recv", "range")
    if not recvs or any(goroutine_of(u.op, fn) is not None for u in recvs):
        return None
    senders = sender_goroutines(lc, fn)
    if not senders:
        return None
    blocking = [s for s in senders.values() if s[2]]
    if not blocking:
        return None
    group_style = any(s[1].type == "call_expression" for s in senders.values())
    if not group_style and not _closed_by_waiter(lc, fn, src):
        return None  # `go` senders on a channel nobody closes: goroutine-send-leak; closed by
        # the receiver itself: close-by-receiver
    # several values: a sender in a loop, or launched in a loop, or several senders
    multi = len(senders) > 1 or any(in_loop_within(s[1], fn) or any(in_loop_within(x, s[0]) for x in s[2]) for s in senders.values())
    if not multi:
        return None
    # the receive loop that gives up on the first error
    for u in recvs:
        if u.kind == "range":
            loop = u.op.parent if u.op.parent is not None and u.op.parent.type == "for_statement" else None
        else:
            if is_nonblocking(u.op):
                continue
            loop = None
            for a in goast.ancestors(u.op):
                if a == fn:
                    break
                if a.type == "for_statement":
                    loop = a
                    break
        if loop is None or goast.inside(lc.make, loop) or any(goast.inside(x[1], loop) for x in senders.values()):
            continue
        body = loop.child_by_field_name("body")
        lv = leaves(goast.statements(body), loop, src)
        if lv is None or fails([lv], src):
            continue
        blk = next((a for a in goast.ancestors(lv) if a.type == "block"), None)
        if blk is not None and fails(goast.statements(blk), src):
            continue
        if _drained_after(lc, loop, fn):
            continue
        lit, launcher, sends = blocking[0]
        send = sends[0]
        label = func_label(fn, src)
        how = "returns" if lv.type == "return_statement" else "leaves the loop"
        via = "g.Go" if launcher.type == "call_expression" else "go"
        msg = (
            f"`{label}` {how} at {where_line(src, lv)} while the goroutines started at {where_line(src, launcher)} "
            f"may still be sending: `{lc.name}` is unbuffered and nobody receives any more, so every remaining "
            f"sender blocks forever on `{src.text(send)}`"
            + (" and the group's `Wait` never returns" if via == "g.Go" else "")
            + ". Each early exit leaks those goroutines and everything they reference."
        )
        related = [
            Related(src.span(lv), "the collector stops receiving here"),
            Related(src.span(send), "remaining senders block here forever"),
            Related(src.span(launcher), "the senders are started here"),
            Related(src.span(lc.make), f"`{lc.name}` is made here without a buffer"),
        ]
        fixes = _buffer_fix(view, src, lc, senders, fn)
        return Diagnostic(src.span(lv), msg, related, fixes, anchor=f"{label}|{lc.name}|abandoned")
    return None


def _closed_by_waiter(lc: LocalChan, fn: Node, src: SourceFile) -> bool:
    """Every `close(ch)` runs in a goroutine started by `fn` after a `Wait()` there (the
    `go func() { wg.Wait(); close(ch) }()` idiom)."""
    closes = lc.of("close")
    if not closes:
        return False
    for u in closes:
        lit = goroutine_of(u.op, fn)
        if lit is None or goast.enclosing_func(u.op) != lit or launcher_of(lit) is None:
            return False
        if not any(w.start_byte < u.op.start_byte for w, _ in wait_calls(lit, src)):
            return False
    return True


def _drained_after(lc: LocalChan, loop: Node, fn: Node) -> bool:
    """Another receive of the channel after the loop (e.g. a drain loop before returning)."""
    return any(u.op.start_byte >= loop.end_byte for u in lc.of("recv", "range"))


def _buffer_fix(view: PackageView, src: SourceFile, lc: LocalChan, senders, fn: Node) -> list[Fix]:
    """`make(chan T)` -> `make(chan T, len(xs))` when one goroutine per element of `xs` sends once."""
    if len(senders) != 1:
        return []
    lit, launcher, sends = next(iter(senders.values()))
    if not sends or len([u for u in lc.of("send") if goast.inside(u.op, lit)]) != 1 or in_loop_within(sends[0], lit):
        return []
    loop = None
    for a in goast.ancestors(launcher):
        if a == fn:
            break
        if a.type == "for_statement":
            loop = a
            break
    if loop is None or in_loop_within(loop, fn):
        return []
    rc = next((c for c in loop.named_children if c.type == "range_clause"), None)
    if rc is None:
        return []
    right = rc.child_by_field_name("right")
    if right is None or unparen(right).type != "identifier":
        return []
    d = resolve(unparen(right), src, view)
    if d.kind not in ("param", "local") or d.ident is None or d.ident.start_byte >= lc.make.start_byte:
        return []
    t = d.type
    if t is None or not d.src.text(t).replace(" ", "").startswith("["):
        return []
    args = lc.make.child_by_field_name("arguments")
    n = f"len({src.text(right)})"
    return [
        Fix(
            f"Buffer `{lc.name}` for every sender ({n}) so none blocks once the collector returns",
            (TextEdit(src.path, args.end_byte - 1, args.end_byte - 1, f", {n}"),),
        )
    ]


ERRGROUP_ABANDONED = register(
    Rule(
        id="errgroup-result-abandoned",
        title="Fan-out results abandoned on the first error",
        family="C",
        severity=Severity.WARNING,
        what="""
Finds fan-out code whose collector returns (or breaks) on the first error while the goroutines
it started may still send on the unbuffered result channel: senders started with
`g.Go(func() error {…})` (errgroup and look-alikes), or `go` senders whose channel a waiter
goroutine closes after `wg.Wait()`.
""",
        why="""
Once the collector has returned, nothing receives from the result channel again. Every sender
that has not delivered yet blocks forever on its send: the goroutines leak with everything they
reference, the waiter goroutine (or `g.Wait()`) never returns, and a deferred `g.Wait()` in the
collector turns the leak into a deadlock of the caller.
""",
        example="""
results := make(chan Page)
for _, u := range urls {
	g.Go(func() error {
		p, err := fetch(ctx, u)
		if err != nil {
			return err
		}
		results <- p // blocks forever once the loop below returned
		return nil
	})
}
go func() { g.Wait(); close(results) }()
for p := range results {
	if p.Err != nil {
		return nil, p.Err
	}
	pages = append(pages, p)
}
""",
        instead="""
results := make(chan Page, len(urls)) // every sender can deliver, then exit
for _, u := range urls {
	g.Go(func() error {
		p, err := fetch(ctx, u)
		if err != nil {
			return err
		}
		results <- p
		return nil
	})
}
go func() { g.Wait(); close(results) }()
for p := range results {
	if p.Err != nil {
		return nil, p.Err
	}
	pages = append(pages, p)
}
""",
        vet_overlap="Not covered by go vet or staticcheck; goroutine-send-leak covers plain `go` senders on a channel nobody closes.",
        run=_abandoned,
    )
)
