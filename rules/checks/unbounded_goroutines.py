"""unbounded-goroutines: goroutines started without bound in an endless loop."""

from __future__ import annotations

from .. import goast
from ..chanflow import (
    case_recv,
    enclosing_loop,
    func_label,
    is_infinite,
    is_recv,
)
from ..concurrency import concurrency
from ..goast import Node
from ..leaksites import where_at
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..parse import SELECTS, owners_in
from ..registry import Rule, register
from ..scope import resolve

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


def _per_pass_watchers(view: PackageView):
    """`for { select { case <-other: …; case <-watch(ctx): } }` where `watch` starts a goroutine
    that waits on `ctx.Done()`: a pass that another case wins goes round and starts another, and
    the one before waits on, until its event or the end of a context that outlives the loop."""
    cc = concurrency(view)
    out = []
    for fi in view.funcs.values():
        src = fi.src
        if not src.mentions(b"select") or fi.body is None or src.data.find(b"select", fi.node.start_byte, fi.node.end_byte) == -1:
            continue
        for sel in owners_in(src, fi.body, *SELECTS, skip_func_literals=True):
            loop = enclosing_loop(sel, fi.node)
            cases = [c for c in sel.named_children if c.type == "communication_case"]
            if loop is None or len(cases) < 2:
                continue
            for case in cases:
                call = _called_channel(case)
                callee = _callee(cc, view, call, src) if call is not None else None
                if callee is None or callee.body is None:
                    continue
                found = _watcher_goroutine(callee, call, src, loop, view)
                if found is not None:
                    out.append(_watcher_diag(src, call, loop, callee, *found))
    return out


def _callee(cc, view: PackageView, call: Node, src):
    """The package function a call runs; for `x.M(…)` whose receiver's type is not known, the
    package's only method named M."""
    got = cc.resolve_call(call, src)
    f = call.child_by_field_name("function")
    if got is not None or f is None or f.type != "selector_expression":
        return got
    methods = view.methods_by_name.get(src.text(f.child_by_field_name("field")), [])
    return methods[0] if len(methods) == 1 else None


def _called_channel(case: Node) -> Node | None:
    """The call in `case <-f(…):` / `case v := <-f(…):`, evaluated afresh on every pass."""
    e = case_recv(case)
    if e is None:
        return None
    op = goast.unparen(e.child_by_field_name("operand"))
    return op if op.type == "call_expression" else None


def _watcher_goroutine(callee, call: Node, src, loop: Node, view: PackageView):
    """(go statement, its wait on the context) when `callee` starts a goroutine that waits on
    `<-p.Done()` for a context parameter `p` whose argument was made before the loop."""
    params = [n for p in goast.params_of(callee.node) for n in goast.param_names(p, callee.src)]
    args = goast.call_args(call)
    for gs in goast.of_type(callee.body, "go_statement"):
        for done in goast.of_type(gs, "call_expression"):
            f = done.child_by_field_name("function")
            if f is None or f.type != "selector_expression" or callee.src.text(f.child_by_field_name("field")) != "Done":
                continue
            x = goast.unparen(f.child_by_field_name("operand"))
            name = callee.src.text(x)
            if x.type != "identifier" or name not in params or params.index(name) >= len(args):
                continue
            arg = goast.unparen(args[params.index(name)])
            if arg.type != "identifier":
                continue
            d = resolve(arg, src, view)
            if d.ident is None or goast.inside(d.ident, loop):
                continue  # a context of the pass's own, cancelled when the pass ends
            if _ends_by_itself(done, gs, callee.src):
                continue
            return gs, done, src.text(arg)
    return None


def _ends_by_itself(done: Node, gs: Node, src) -> bool:
    """The wait on the context also has a timer case or a default: the goroutine ends on its own."""
    sel = next((a for a in goast.ancestors(done) if a.type == "select_statement" or a == gs), None)
    if sel is None or sel == gs:
        return False
    for case in sel.named_children:
        if case.type == "default_case":
            return True
        text = src.text(case.child_by_field_name("communication") or case).replace(" ", "")
        if "time.After(" in text or "time.Tick(" in text or text.endswith(".C") or ".C:" in text:
            return True
    return False


def _watcher_diag(src, call: Node, loop: Node, callee, gs: Node, done: Node, arg: str) -> Diagnostic:
    csrc = callee.src
    ctx = csrc.text(done.child_by_field_name("function").child_by_field_name("operand"))
    msg = (
        f"`{src.text(call)}` runs on every pass of this loop and starts a goroutine ({where_at(csrc, gs, src)}) that "
        f"waits until its event comes or `{arg}` is done. When another case of this select wins, the loop goes "
        f"round and starts another while the last one still waits: the goroutines pile up, one per pass, for as "
        f"long as `{arg}` lives. Give each pass a context of its own and cancel it when the pass ends."
    )
    related = [
        Related(csrc.span(gs), "the goroutine each call starts"),
        Related(csrc.span(done), f"it ends only when `{ctx}` is done (or its event comes)"),
        Related(src.span(loop.children[0]), "the loop that calls it again on every pass"),
    ]
    return Diagnostic(
        src.span(call), msg, related, [], anchor=f"{func_label(goast.enclosing_decl(call) or loop, src)}|per-pass|{src.text(call)[:60]}"
    )


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
    counted = any(c.type == "range_clause" or c.type == "for_clause" and c.child_by_field_name("condition") is not None for c in loop.named_children)
    if sel_default is not None and not counted:
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
design). Also a loop whose `select` has a case `<-watch(ctx)` on a package function that starts a
goroutine waiting on `ctx.Done()`, with `ctx` made before the loop: whenever another case wins, the
next pass starts another watcher while the last one still waits.
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
        run=lambda view: _unbounded(view) + _per_pass_watchers(view),
    )
)
