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
        label = func_label(fn, src)
        twice = _sends_twice_on_error(blocking, lv, src)
        if twice is not None:
            return _twice_diag(src, lc, label, lv, twice)
        lit, launcher, sends = blocking[0]
        send = sends[0]
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
        if fixes:
            # reported where the patch gives the channel its buffer: a review comment sits on
            # the line its suggestion replaces, and every view of the finding names that line
            related = related[:3]
            return Diagnostic(src.span(lc.make), msg, related, fixes, anchor=f"{label}|{lc.name}|abandoned")
        return Diagnostic(src.span(lv), msg, related, fixes, anchor=f"{label}|{lc.name}|abandoned")
    return None


def _nil_check(cond: Node | None, src: SourceFile) -> str | None:
    """`X != nil` (the operand's text) for an if condition, None otherwise."""
    cond = unparen(cond) if cond is not None else None
    if cond is None or cond.type != "binary_expression":
        return None
    op = cond.child_by_field_name("operator")
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if op is None or op.type != "!=" or left is None or right is None or src.text(right) != "nil":
        return None
    return src.text(left)


def _guard_of(n: Node, stop: Node) -> Node | None:
    """The innermost `if` between `n` and `stop` whose consequence holds `n`."""
    for a in goast.ancestors(n):
        if a == stop or a.type in goast.FUNC_TYPES:
            return None
        if a.type == "if_statement":
            cons = a.child_by_field_name("consequence")
            return a if cons is not None and goast.inside(n, cons) else None
    return None


def _sends_twice_on_error(blocking, lv: Node, src: SourceFile) -> tuple[Node, Node, Node] | None:
    """(first send, second send, launcher) when a sender reports an error (`if err != nil { ch <- … }`)
    and then falls through to another send on the same channel: one failure, two values. The
    collector leaves on an error too (`lv` sits under an `if X != nil`), so the second send of
    the failing goroutine always finds nobody receiving."""
    lg = _guard_of(lv, goast.enclosing_func(lv))
    if lg is None or _nil_check(lg.child_by_field_name("condition"), src) is None:
        return None
    for lit, launcher, sends in blocking:
        for s1 in sends:
            guard = _guard_of(s1, lit)
            if guard is None or guard.child_by_field_name("alternative") is not None:
                continue
            if _nil_check(guard.child_by_field_name("condition"), src) is None:
                continue
            cons = guard.child_by_field_name("consequence")
            if leaves(goast.statements(cons), None, src) is not None or fails(goast.statements(cons), src):
                continue
            if any(n.type in ("continue_statement", "break_statement") for n in goast.walk(cons, skip_func_literals=True)):
                continue
            # the next send runs unconditionally after the `if`, in the same statement list
            for st in _later_siblings(guard):
                if st.type in _BRANCHING:
                    break
                if leaves([st], None, src) is not None:
                    break
                s2 = next((x for x in sends if x != s1 and goast.inside(x, st)), None)
                if s2 is not None and goast.statement_of(s2) == st:
                    return s1, s2, launcher
    return None


_BRANCHING = ("if_statement", "for_statement", "select_statement", "expression_switch_statement", "type_switch_statement")


def _later_siblings(st: Node) -> list[Node]:
    out = []
    nxt = st.next_named_sibling
    while nxt is not None:
        if nxt.type != "comment":
            out.append(nxt)
        nxt = nxt.next_named_sibling
    return out


def _twice_diag(src: SourceFile, lc: LocalChan, label: str, lv: Node, twice) -> Diagnostic:
    s1, s2, launcher = twice
    msg = (
        f"After sending the error on `{lc.name}` (`{src.text(s1)}`), the goroutine started at "
        f"{where_line(src, launcher)} falls through to a second send at {where_line(src, s2)}: one failure, two "
        f"values. `{label}` stops receiving at {where_line(src, lv)} on the first error, so the second send "
        f"blocks forever on the unbuffered `{lc.name}`: the goroutine leaks with everything it references."
    )
    related = [
        Related(src.span(s2), "the second send blocks here forever"),
        Related(src.span(lv), "the collector stops receiving on the first error here"),
        Related(src.span(lc.make), f"`{lc.name}` is made here without a buffer"),
    ]
    return Diagnostic(src.span(s1), msg, related, [], anchor=f"{label}|{lc.name}|abandoned")


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
goroutine closes after `wg.Wait()`. When a sender reports an error (`if err != nil { ch <- … }`)
and falls through to a second send on the same channel while the collector returns on the first
error, the finding is at the first send: one failure, two values, and the second always blocks.
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
