"""select-loop-no-exit: a goroutine looping over select with no way out."""

from __future__ import annotations

import re

from .. import goast
from ..chanflow import (
    ctx_in_scope,
    func_label,
    is_infinite,
    is_recv,
    loop_exits,
)
from ..concurrency import concurrency, is_handler
from ..goast import Node, unparen
from ..leaksites import at_line_start, where_at
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import FuncInfo, PackageView
from ..parse import SourceFile, method_calls
from ..registry import Rule, register
from ..scope import resolve


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
        if not bsrc.mentions(b"select") and not bsrc.mentions(b"Tick"):
            continue
        if root.src.is_test and not bsrc.is_test:
            continue  # a test starting the package's loop says nothing about how the package runs it
        spawner = root.spawner
        if spawner is not None and spawner.type == "function_declaration" and goast.func_name(spawner, root.src) in ("main", "init", "TestMain"):
            continue
        if spawner is not None and not root.src.is_test and concurrency(view).only_run_at_startup(spawner, root.src):
            continue  # `os.Exit(run())`: started once per process, as from main itself
        for loop in goast.of_type(root.body, "for_statement", skip_func_literals=True):
            if loop.id in seen or goast.enclosing_func(loop) != root.body:
                continue
            ticks = _ticker_wait(view, loop, bsrc)
            stop = _why_it_leaks(view, root, ticks, bsrc) if ticks is not None else None
            ticks = ticks if stop is not None else None
            stmts = goast.statements(loop.child_by_field_name("body"))
            sels = [s for s in stmts if s.type == "select_statement"] if is_infinite(loop) else []
            if not sels and ticks is None or loop_exits(loop, bsrc) is not None:
                continue
            if sels and _package_daemon(view, sels, bsrc) or _started_once(view, root.node, root.src) or _signal_handler(root):
                continue
            seen.add(loop.id)
            out.append(_ticker_loop_diag(root, loop, ticks, stop, bsrc) if ticks is not None else _select_loop_diag(view, root, loop, sels[0], bsrc))
    return out


def _ticker_wait(view: PackageView, loop: Node, src: SourceFile) -> Node | None:
    """The ticker channel a loop waits on between its passes, with no select around it:
    `for range time.Tick(d)`, `for now := range t.C`, `for { <-t.C; … }`. A ticker's channel is
    never closed (Stop does not close it), so the wait is never the loop's way out."""
    rc = next((c for c in loop.named_children if c.type == "range_clause"), None)
    if rc is not None:
        right = rc.child_by_field_name("right")
        return right if right is not None and _is_ticker_chan(view, unparen(right), src) else None
    if not is_infinite(loop):
        return None
    for st in goast.statements(loop.child_by_field_name("body")):
        e = st.named_children[0] if st.type == "expression_statement" and st.named_children else None
        if st.type == "short_var_declaration" or st.type == "assignment_statement":
            e = st.child_by_field_name("right")
            e = e.named_children[0] if e is not None and e.type == "expression_list" and len(e.named_children) == 1 else e
        if e is not None and is_recv(e) and _is_ticker_chan(view, unparen(e.child_by_field_name("operand")), src):
            return e.child_by_field_name("operand")
    return None


def _is_ticker_chan(view: PackageView, e: Node, src: SourceFile) -> bool:
    """`time.Tick(d)`, or `.C` of a `*time.Ticker` made with time.NewTicker or declared as one."""
    if e.type == "call_expression":
        return src.text(e.child_by_field_name("function")).replace(" ", "") == "time.Tick"
    if e.type != "selector_expression" or src.text(e.child_by_field_name("field")) != "C":
        return False
    o = unparen(e.child_by_field_name("operand"))
    if o.type == "identifier":
        d = resolve(o, src, view)
        if d.src is None:
            return False
        if d.type is not None and d.src.text(d.type).replace(" ", "") == "*time.Ticker":
            return True
        v = d.value
        return v is not None and v.type == "call_expression" and d.src.text(v.child_by_field_name("function")).replace(" ", "") == "time.NewTicker"
    if o.type == "selector_expression":
        name = src.text(o.child_by_field_name("field"))
        return any(name in si.fields and si.src.text(si.fields[name]).replace(" ", "") == "*time.Ticker" for si in view.structs.values())
    return False


def _stopped_elsewhere(view: PackageView, ticks: Node, body: Node, src: SourceFile) -> tuple[SourceFile, Node] | None:
    """A `Stop()` of the loop's ticker outside the goroutine (a Close method, a returned stop
    func): its author means stopping the ticker to end the loop, which it never does. Without
    one, a ticker loop is as likely a process-wide worker meant to run forever."""
    if ticks.type != "selector_expression":
        return None  # time.Tick: nothing can stop it, nor claims to
    holder = unparen(ticks.child_by_field_name("operand"))
    if holder.type == "selector_expression":
        field = src.text(holder.child_by_field_name("field"))
        for fsrc in view.files:
            if not fsrc.mentions(f"{field}.Stop()".encode()):
                continue
            for call in method_calls(fsrc, "Stop"):
                o = unparen(call.child_by_field_name("function").child_by_field_name("operand"))
                if o.type == "selector_expression" and fsrc.text(o.child_by_field_name("field")) == field and not goast.inside(call, body):
                    return fsrc, call
        return None
    if holder.type != "identifier":
        return None
    d = resolve(holder, src, view)
    if d.kind != "local" or d.func is None:
        return None
    for call in method_calls(src, "Stop"):
        o = unparen(call.child_by_field_name("function").child_by_field_name("operand"))
        if o.type == "identifier" and goast.inside(call, d.func) and not goast.inside(call, body) and resolve(o, src, view).key == d.key:
            return src, call
    return None


# Shutdown and the like are what a process-wide service (a daemon, a server) offers for the
# process's exit; Close and Stop are what values made and dropped many times carry (a cache, a pool).
_RELEASERS = ("Close", "Stop")


def _why_it_leaks(view: PackageView, root, ticks: Node, bsrc: SourceFile) -> tuple[SourceFile, Node, str | None] | None:
    """What says the goroutine was meant to end: a `Stop()` of its ticker from outside, an HTTP
    handler starting it (once per request), or a release method (Close, Stop) on the type whose
    constructor or method starts it. The third item names that type ("" for a handler); None
    for a stopped ticker."""
    stop = _stopped_elsewhere(view, ticks, root.body, bsrc)
    if stop is not None:
        return stop[0], stop[1], None
    if root.spawner is not None and not root.src.is_test and is_handler(root.spawner, root.src):
        return root.src, root.spawner, ""
    rel = _release_method(view, root)
    return (rel[0].src, rel[0].node, rel[1]) if rel is not None else None


def _release_method(view: PackageView, root) -> tuple[FuncInfo, str] | None:
    """The release method of the type a declared function starts the goroutine for: the
    receiver's type of a method, the first result's of a function (a constructor). The author
    gave the value a Close, so values of it are made and dropped, each leaving a janitor behind.
    A type with no release method is as likely one long-lived service per process."""
    sp = root.spawner
    if sp is None or root.src.is_test or sp.type not in ("function_declaration", "method_declaration"):
        return None
    if sp.type == "method_declaration":
        tname = goast.receiver(sp, root.src)[1]
    else:
        res = sp.child_by_field_name("result")
        if res is not None and res.type == "parameter_list":
            first = next((p for p in res.named_children if p.type == "parameter_declaration"), None)
            res = first.child_by_field_name("type") if first is not None else None
        tname = goast.type_name(res, root.src)[0] if res is not None else None
    if tname is None or tname not in view.types:
        return None
    fi = next((view.funcs[k] for k in (f"{tname}.{m}" for m in _RELEASERS) if k in view.funcs), None)
    if fi is None or fi.src.is_test or fi.node == sp or concurrency(view).only_run_at_startup(sp, root.src):
        return None
    return fi, tname


def _started(root, bsrc: SourceFile) -> tuple[str, str, Related]:
    """Who starts the goroutine, where (as the body's file names it), and that as evidence."""
    spawner_label = func_label(root.spawner, root.src) if root.spawner is not None else "its caller"
    return spawner_label, where_at(root.src, root.node, bsrc), Related(root.src.span(root.node), "the goroutine is started here")


def _ticker_loop_diag(root, loop: Node, ticks: Node, stop: tuple[SourceFile, Node, str | None], bsrc: SourceFile) -> Diagnostic:
    spawner_label, where, started = _started(root, bsrc)
    label = func_label(root.body, bsrc) if root.body.type != "func_literal" else spawner_label
    anchor = f"{label}|ticker-loop"
    if stop[2] is not None:
        return _release_loop_diag(root, loop, ticks, stop, bsrc, anchor)
    msg = (
        f"The goroutine started at {where} waits on `{bsrc.text(ticks)}` pass after pass, and nothing in the "
        f"loop returns or breaks out of it. Stopping the ticker ({where_at(stop[0], stop[1], bsrc)}) does not "
        f"end it: `Stop` does not close the channel, it only stops the ticks, so this goroutine waits forever. "
        f"It and everything it references stay alive until the process exits (from Go 1.23 the ticker itself "
        f"is collected, the goroutine is not): one more leaked goroutine every time `{spawner_label}` runs."
    )
    related = [started, Related(stop[0].span(stop[1]), "the ticker is stopped here, which leaves the goroutine waiting forever")]
    return Diagnostic(bsrc.span(loop.children[0]), msg, related, [], anchor=anchor)


def _release_loop_diag(root, loop: Node, ticks: Node, rel: tuple[SourceFile, Node, str | None], bsrc: SourceFile, anchor: str) -> Diagnostic:
    spawner_label, where, started = _started(root, bsrc)
    rsrc, rnode, tname = rel
    if not tname:
        msg = (
            f"The goroutine started at {where} by the HTTP handler `{spawner_label}` waits on `{bsrc.text(ticks)}` "
            f"pass after pass, and nothing in the loop returns or breaks out of it: a ticker's channel is never "
            f"closed, so the loop never ends. net/http runs the handler once per request, so every request leaks "
            f"one goroutine and everything it references until the process exits (from Go 1.23 the ticker is "
            f"collected, the goroutine is not)."
        )
        return Diagnostic(bsrc.span(loop.children[0]), msg, [started], [], anchor=anchor)
    rname = goast.func_name(rnode, rsrc)
    by = f"the constructor `{spawner_label}`" if root.spawner.type == "function_declaration" else f"`{spawner_label}`"
    msg = (
        f"The goroutine started at {where} by {by} waits on `{bsrc.text(ticks)}` pass after pass, and nothing "
        f"in the loop returns or breaks out of it: a ticker's channel is never closed, so the loop never ends. "
        f"`{tname}.{rname}` ({where_at(rsrc, rnode, bsrc)}) releases a `{tname}` but cannot end this goroutine, so "
        f"every `{tname}` it is started for leaks one goroutine, which keeps that `{tname}` and everything it "
        f"references alive until the process exits (from Go 1.23 the ticker is collected, the goroutine is not)."
    )
    related = [started, Related(rsrc.span(rnode.child_by_field_name("name") or rnode), f"`{tname}.{rname}` leaves the goroutine running")]
    return Diagnostic(bsrc.span(loop.children[0]), msg, related, [], anchor=anchor)


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


def _signal_handler(root) -> bool:
    """The goroutine handles the process's signals: its starter registers a channel with
    `signal.Notify` and hands it to the goroutine. It waits for signals for as long as the
    process runs, by design."""
    spawner, src = root.spawner, root.src
    if spawner is None or not src.mentions(b"signal.Notify"):
        return False
    go_text = src.text(root.node)
    for call in goast.of_type(spawner, "call_expression"):
        if src.text(call.child_by_field_name("function")).replace(" ", "") != "signal.Notify" or not goast.call_args(call):
            continue
        ch = src.text(goast.call_args(call)[0])
        if re.search(rf"(?<![\w.]){re.escape(ch)}(?!\w)", go_text):
            return True
    return False


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
                if any(st.type == "assignment_statement" and src.text(st).replace(" ", "") == f"{flag}=true" for st in goast.statements(cons)):
                    return True
    return False


def _select_loop_diag(view, root, loop, sel, bsrc) -> Diagnostic:
    spawner_label, where, started = _started(root, bsrc)
    msg = (
        f"The goroutine started at {where} runs `for {{ select {{ … }} }}` with no way out: no case returns, "
        f"breaks out of the loop or watches a context or quit channel, so it can never end. It and everything "
        f"it references stay alive until the process exits — one more leaked goroutine every time "
        f"`{spawner_label}` runs."
    )
    related = [started]
    fixes = []
    ctx = ctx_in_scope(sel, bsrc)
    if ctx is not None and at_line_start(bsrc, sel):
        brace = next((c for c in sel.children if c.type == "{"), None)
        if brace is not None:
            ind = bsrc.indent_at(sel.start_byte)
            fixes.append(
                Fix(
                    f"Return when `{ctx}` is cancelled",
                    (TextEdit(bsrc.path, brace.end_byte, brace.end_byte, f"\n{ind}case <-{ctx}.Done():\n{ind}\treturn"),),
                )
            )
    return Diagnostic(
        bsrc.span(loop.children[0]),
        msg,
        related,
        fixes,
        anchor=f"{func_label(root.body, bsrc) if root.body.type != 'func_literal' else spawner_label}|select-loop",
    )


SELECT_LOOP = register(
    Rule(
        id="select-loop-no-exit",
        title="Goroutine looping over select with no way out",
        family="C",
        severity=Severity.WARNING,
        what="""
Finds goroutines (started outside `main`/`init`) whose body runs an infinite `for { select { … } }`
loop with no `return`, no labeled `break`, no `break` of the loop itself and no panic or exit in
it: nothing can ever stop the goroutine. Also a loop that waits on a ticker's channel
(`for range t.C`, `for { <-t.C; … }`) with no way out, when the ticker is stopped from outside the
goroutine (a `Close` method, a returned stop func): `Stop` does not close the channel, so the loop
never ends. And such a ticker loop (`for range time.Tick(d)` too) started by the constructor or a
method of a type that has a `Close` or `Stop` method (releasing the value cannot end its janitor),
or by an HTTP handler (one more for every request).
Goroutines started once per process (from `main`, `init`, a package-level initialiser, inside
`sync.Once`, or by an unexported function only those call) are left alone.
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
    )
)
