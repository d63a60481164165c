"""unbounded-goroutines: goroutines started without bound in an endless loop."""

from __future__ import annotations

from .. import goast
from ..chanflow import (
    enclosing_loop,
    func_label,
    is_infinite,
    is_recv,
)
from ..concurrency import concurrency
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..registry import Rule, register

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
        msg = (
            f"`go` inside {kind} starts one goroutine per iteration with no bound (no semaphore, worker pool, "
            f"errgroup limit or wait in the loop): a burst of input starts as many goroutines as there are items, "
            f"and if they block or run slowly their number and memory grow without limit."
        )
        out.append(
            Diagnostic(src.span(gs), msg, [Related(src.span(loop.children[0]), "the unbounded loop")], [], anchor=f"{label}|go|{src.text(gs)[:60]}")
        )
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


UNBOUNDED = register(
    Rule(
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
    )
)
