"""time-after-in-loop: `time.After` in a loop piles up timers (go < 1.23)."""

from __future__ import annotations

import re

from .. import goast
from ..chanflow import (
    case_body,
    enclosing_loop,
    fails,
    func_label,
    int_value,
    is_recv,
    leaves,
    line_of,
    select_of,
    version_before,
)
from ..fixgen import fresh_name, insert_before, replace
from ..goast import Node, unparen
from ..leaksites import at_line_start
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register
from ..scope import resolve
from ..timecalls import time_calls


def _time_after(view: PackageView):
    if not version_before(view, 1, 23):
        return []
    out = []
    for src in view.non_test_files:
        if not src.mentions(b"time.After("):
            continue
        for call in time_calls(src, "After"):
            d = _check_time_after(view, src, call)
            if d is not None:
                out.append(d)
    return out


def _check_time_after(view, src, call) -> Diagnostic | None:
    recv = call.parent
    if recv is None or not is_recv(recv):
        return _check_kept_after(view, src, call)
    sel, case = select_of(recv)
    if sel is None:
        return None
    fn = goast.enclosing_func(call)
    if fn is None:
        return None
    loop = enclosing_loop(sel, fn)
    if loop is None:
        return None
    cont = None
    for oc in sel.named_children:
        if oc == case or oc.type != "communication_case" or _shutdown_case(oc, src, view):
            continue
        body = case_body(oc)
        if leaves(body, loop, src) is None and not fails(body, src) and not _clears_condition(body, loop, src):
            cont = oc
            break
    if cont is None:
        return None  # every other case leaves the loop: at most one timer is pending
    if not _select_repeats(sel, loop, src):
        return None  # the code after the select leaves the loop: it runs once
    args = goast.call_args(call)
    secs = _seconds(args[0], src) if args else None
    if secs is not None and secs < _SHORT_TIMEOUT_S:
        return None  # each timer is gone within seconds: a handful pending, not a leak
    if _counted(loop):
        return None
    dur = src.text(args[0]) if args else "d"
    msg = (
        f"`time.After({dur})` in a loop creates a new timer on every iteration; while another case keeps the "
        f"loop going (line {line_of(src, cont)}), each timer stays in memory until its {dur} elapses — with this "
        f"module's go version (before 1.23) unfired timers are not collected, so a busy loop piles up timers "
        f"and memory grows."
    )
    related = [Related(src.span(cont), "this case keeps the loop running without the timer firing")]
    fixes = []
    fix = _timer_fix(view, src, fn, loop, sel, call, args)
    if fix is not None:
        fixes.append(fix)
    return Diagnostic(src.span(call), msg, related, fixes, anchor=f"{func_label(fn, src)}|time.After|{dur}")


def _constant_value(expr: Node, src: SourceFile, view: PackageView) -> Node:
    """A package-level constant's value (`const flushTimeout = 250 * time.Millisecond`), else the
    expression itself (a variable may be set to anything before the loop runs)."""
    if expr.type == "identifier":
        d = resolve(expr, src, view)
        if d.kind == "package" and d.value is not None and d.ident is not None and d.ident.parent is not None and d.ident.parent.type == "const_spec":
            return d.value
    return expr


def _long_enough(call: Node, loop: Node, src: SourceFile, view: PackageView) -> bool:
    """Not a timeout that is gone within seconds, nor a loop of a handful of iterations."""
    args = goast.call_args(call)
    secs = _seconds(_constant_value(args[0], src, view) if args else None, src) if args else None
    if secs is not None and secs < _SHORT_TIMEOUT_S:
        return False
    return not _counted(loop)


def _counted(loop: Node) -> bool:
    """`for i := 0; i < n; i++`: a run makes at most `n` timers, each gone after the timeout,
    whatever the rate: the pile-up of a loop that runs for as long as messages come is not
    there."""
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    cond = clause.child_by_field_name("condition") if clause is not None else None
    op = cond.child_by_field_name("operator") if cond is not None and cond.type == "binary_expression" else None
    # (not `i < n || rounds <= 0`: a bound that may be lifted)
    return op is not None and op.type in ("<", "<=", ">", ">=") and clause.child_by_field_name("update") is not None


def _check_kept_after(view, src, call) -> Diagnostic | None:
    """`deadline := time.After(d)` in a loop body, received from only in select cases: an
    iteration that goes round again before the timer fires (`continue`) leaves it pending and
    makes the next one."""
    lst = call.parent
    st = lst.parent if lst is not None and lst.type == "expression_list" else None
    if st is None or st.type != "short_var_declaration" or len(lst.named_children) != 1:
        return None
    left = st.child_by_field_name("left")
    names = left.named_children if left is not None else []
    if len(names) != 1 or names[0].type != "identifier":
        return None
    fn = goast.enclosing_func(call)
    loop = enclosing_loop(st, fn) if fn is not None else None
    if loop is None or not _long_enough(call, loop, src, view):
        return None
    ident = names[0]
    uses = [n for n in goast.of_type(loop, "identifier") if n != ident and src.text(n) == src.text(ident) and resolve(n, src, view).ident == ident]
    if not uses or any(select_of(u.parent)[0] is None or not is_recv(u.parent) for u in uses):
        return None  # a plain `<-deadline` waits for it to fire
    again = _goes_round(loop, st, src, src.text(ident))
    if again is None:
        return None  # the iteration that makes the timer leaves the loop
    dur = src.text(goast.call_args(call)[0]) if goast.call_args(call) else "d"
    msg = (
        f"`time.After({dur})` in a loop creates a new timer on every iteration; an iteration that goes round again "
        f"before it fires (line {line_of(src, again)}) leaves it pending until its {dur} elapses — with this module's go "
        f"version (before 1.23) unfired timers are not collected, so a busy loop piles up timers and memory grows. "
        f"Make a timer with time.NewTimer and stop it when the iteration is done."
    )
    return Diagnostic(
        src.span(call),
        msg,
        [Related(src.span(again), "the loop goes round again here, with the timer still pending")],
        [],
        anchor=f"{func_label(fn, src)}|time.After|kept|{dur}",
    )


def _goes_round(loop: Node, after: Node, src: SourceFile, timer: str | None = None) -> Node | None:
    """A `continue` of `loop` after `after`, or the loop body's end when it can be reached; with
    `timer`, one reached only once that timer has fired (in its own select case) does not count."""
    label = loop.parent.child_by_field_name("label") if loop.parent is not None and loop.parent.type == "labeled_statement" else None
    for c in goast.of_type(loop, "continue_statement", skip_func_literals=True):
        if c.start_byte < after.end_byte or not _follows(c, after, loop) or timer is not None and _fired(c, timer, src):
            continue
        target = c.named_children[0] if c.named_children else None
        if target is not None:
            if label is not None and src.text(target) == src.text(label):
                return c
            continue
        if enclosing_loop(c, loop.parent) == loop:
            return c
    body = loop.child_by_field_name("body")
    stmts = body.named_children if body is not None else []
    stmts = stmts[0].named_children if len(stmts) == 1 and stmts[0].type == "statement_list" else stmts
    if stmts and not goast.is_terminating(stmts[-1], src) and _select_repeats(after, loop, src):
        last = stmts[-1]
        if timer is not None and last.type == "select_statement" and _only_fired_falls_through(last, timer, src):
            return None
        return stmts[-1]
    return None


def _fired(n: Node, timer: str, src: SourceFile) -> bool:
    """`n` is in the select case that receives from `timer`: the timer has fired."""
    return _timer_case(next((a for a in goast.ancestors(n) if a.type == "communication_case"), None), timer, src)


def _timer_case(case: Node | None, timer: str, src: SourceFile) -> bool:
    comm = case.child_by_field_name("communication") if case is not None else None
    return comm is not None and src.text(comm).replace(" ", "").endswith(f"<-{timer}")


def _only_fired_falls_through(sel: Node, timer: str, src: SourceFile) -> bool:
    """Every case of the select but the timer's own ends the pass some other way: control gets
    past it only once the timer has fired."""
    for case in sel.named_children:
        if case.type == "default_case":
            return False
        if case.type != "communication_case" or _timer_case(case, timer, src):
            continue
        body = case_body(case)
        if not body or not goast.is_terminating(body[-1], src):
            return False
    return True


def _follows(c: Node, st: Node, loop: Node) -> bool:
    """`c` sits in a statement that comes after `st`, or after a statement holding `st`, in one
    statement list inside `loop`: control can get from `st` to `c` (not a `continue` of another
    select case)."""
    node = st
    while node is not None and node != loop:
        lst = node.parent
        if lst is not None and lst.type == "statement_list":
            if any(x.start_byte >= node.end_byte and goast.inside(c, x) for x in lst.named_children):
                return True
        node = lst
    return False


def _clears_condition(stmts: list[Node], loop: Node, src: SourceFile) -> bool:
    """`for !finished { select { case <-ch: finished = true ... } }`: the case ends the loop
    through its condition flag as surely as a break."""
    cond = next((c for c in loop.named_children if c.type not in ("block", "for_clause", "range_clause", "comment")), None)
    if cond is None:
        return False
    cond = goast.unparen(cond)
    negated = cond.type == "unary_expression" and src.text(cond.child_by_field_name("operator")) == "!"
    flag = goast.unparen(cond.child_by_field_name("operand")) if negated else cond
    if flag is None or flag.type != "identifier":
        return False
    stop = b"true" if negated else b"false"
    for st in stmts:
        if st.type != "assignment_statement":
            continue
        left, right = st.child_by_field_name("left"), st.child_by_field_name("right")
        if (
            left is not None
            and right is not None
            and len(left.named_children) == 1
            and len(right.named_children) == 1
            and left.named_children[0].text == flag.text
            and right.named_children[0].text == stop
        ):
            return True
    return False


# A receive from one of these is a shutdown signal: once closed it fires for good, and the
# code around it stops looping, so it does not keep a loop going while timers pile up.
_SHUTDOWN = re.compile(r"(?:^|[._])(?:stop|quit|done|shutdown|closing|closed|exit|die|kill)(?:ch|chan|c)?$|Done\(\)$", re.I)


def _shutdown_case(case: Node, src: SourceFile, view: PackageView) -> bool:
    comm = case.child_by_field_name("communication")
    recv = next((n for n in goast.walk(comm) if is_recv(n)), None) if comm is not None else None
    if recv is None:
        return False
    operand = src.text(recv.child_by_field_name("operand")).replace(" ", "")
    return bool(_SHUTDOWN.search(operand)) or _close_only(operand, view)


def _close_only(operand: str, view: PackageView) -> bool:
    """A channel the package closes and never sends on (`f.c`, closed once by Close): a signal
    that, once closed, fires for good, as a shutdown channel does."""
    name = operand.rsplit(".", 1)[-1]
    if not re.fullmatch(r"\w+", name):
        return False
    sends = re.compile(rb"\b" + name.encode() + rb"\s*<-")
    closes = re.compile(rb"close\((?:[\w.]*\.)?" + name.encode() + rb"\)")
    closed = False
    for f in view.files:
        if not f.mentions(name.encode()):
            continue
        if sends.search(f.data):
            return False
        closed = closed or bool(closes.search(f.data))
    return closed


_SHORT_TIMEOUT_S = 60
_UNITS = {"Nanosecond": 1e-9, "Microsecond": 1e-6, "Millisecond": 1e-3, "Second": 1, "Minute": 60, "Hour": 3600}


def _seconds(expr: Node, src: SourceFile) -> float | None:
    """The value of a constant duration such as `10 * time.Second` or `time.Minute`, or None."""
    got = _scaled(expr, src)
    return got[0] if got is not None and got[1] else None


def _scaled(expr: Node, src: SourceFile) -> tuple[float, bool] | None:
    """(value, whether a time unit is in it): counts are unitless until multiplied by a unit."""
    expr = unparen(expr)
    if expr.type == "selector_expression":
        o, f = expr.child_by_field_name("operand"), expr.child_by_field_name("field")
        unit = _UNITS.get(src.text(f)) if o is not None and f is not None and src.text(o) == "time" else None
        return (unit, True) if unit is not None else None
    if expr.type == "int_literal":
        n = int_value(expr, src)
        return (n, False) if n is not None else None
    if expr.type == "call_expression" and src.text(expr.child_by_field_name("function")) == "time.Duration":
        args = goast.call_args(expr)
        return _scaled(args[0], src) if len(args) == 1 else None
    if expr.type == "call_expression" and src.text(expr.child_by_field_name("function")) == "time.Until":
        # `time.Until(start.Add(d))`, a deadline `d` after a time already past: at most `d`
        args = goast.call_args(expr)
        inner = unparen(args[0]) if len(args) == 1 else None
        f = inner.child_by_field_name("function") if inner is not None and inner.type == "call_expression" else None
        if f is not None and f.type == "selector_expression" and src.text(f.child_by_field_name("field")) == "Add":
            add = goast.call_args(inner)
            return _scaled(add[0], src) if len(add) == 1 else None
        return None
    if expr.type == "binary_expression" and src.text(expr.child_by_field_name("operator")) == "*":
        a, b = _scaled(expr.child_by_field_name("left"), src), _scaled(expr.child_by_field_name("right"), src)
        return (a[0] * b[0], a[1] or b[1]) if a is not None and b is not None else None
    return None


def _select_repeats(sel: Node, loop: Node, src: SourceFile) -> bool:
    """Can control get from `sel` back to the next iteration of `loop`? Not when a statement
    after it on every path (in its block or an enclosing one inside the loop) leaves the loop."""
    node = sel
    for a in goast.ancestors(sel):
        if a == loop:
            return True
        if a.type == "statement_list":
            for st in a.named_children:
                if st.start_byte < node.end_byte:
                    continue
                if (
                    st.type in ("return_statement", "goto_statement")
                    or fails([st], src)
                    or st.type == "break_statement"
                    and leaves(st, loop, src) is not None
                ):
                    return False
        node = a
    return True


def _timer_fix(view, src, fn, loop, sel, call, args) -> Fix | None:
    if len(args) != 1 or len(_time_calls_in(src, loop, "After")) != 1:
        return None
    if enclosing_loop(loop, fn) is not None or loop.parent is None or loop.parent.type != "statement_list":
        return None
    if not at_line_start(src, loop) or not at_line_start(src, sel) or sel.parent is None or sel.parent.type != "statement_list":
        return None
    for n in goast.of_type(args[0], "identifier"):
        d = resolve(n, src, view)
        if d.ident is not None and goast.inside(d.ident, loop):
            return None  # the duration changes per iteration
    name = fresh_name(src, fn, ["timer", "idle"])
    d = src.text(args[0])
    li = src.indent_at(loop.start_byte)
    si = src.indent_at(sel.start_byte)
    reset = f"if !{name}.Stop() {{\n{si}\tselect {{\n{si}\tcase <-{name}.C:\n{si}\tdefault:\n{si}\t}}\n{si}}}\n{si}{name}.Reset({d})\n{si}"
    return Fix(
        "Reuse one timer: time.NewTimer before the loop, Stop/drain/Reset each iteration",
        (
            insert_before(src, loop, f"{name} := time.NewTimer({d})\n{li}defer {name}.Stop()\n{li}"),
            insert_before(src, sel, reset),
            replace(src, call, f"{name}.C"),
        ),
    )


def _time_calls_in(src, node, name):
    return [c for c in time_calls(src, name) if goast.inside(c, node)]


TIME_AFTER = register(
    Rule(
        id="time-after-in-loop",
        in_tests=False,
        title="time.After in a loop piles up timers (go < 1.23)",
        family="C",
        severity=Severity.WARNING,
        what="""
Finds `case <-time.After(d):` in a `select` inside a loop when another case keeps the loop going,
in modules whose go.mod says `go 1.22` or older. From Go 1.23 on (the module's go version decides
which timer implementation runs), unreferenced timers are collected before they fire and the
rule stays silent: what is left is one allocation per iteration, not a leak. A constant timeout
under a minute is not reported either: its timers are gone within that time, so only a handful
are ever pending; nor is a counted loop (`for i := 0; i < n; i++`), which makes at most `n`.
Also a timer kept in a local for the iteration (`deadline := time.After(d)`, then
`case <-deadline:`) when the iteration can go round again (`continue`) before it fires.
""",
        why="""
Every `time.After` call creates a timer that, before Go 1.23, is not collected until it fires.
In a loop whose other case usually wins (messages arriving faster than the timeout) every
iteration leaves one more pending timer behind: memory grows with the message rate times the
timeout, and the garbage collector cannot free any of it: a memory leak that grows with load.
""",
        example="""
for {
	select {
	case m := <-msgs:
		handle(m)
	case <-time.After(time.Minute):
		return
	}
}
""",
        instead="""
timer := time.NewTimer(time.Minute)
defer timer.Stop()
for {
	if !timer.Stop() {
		select {
		case <-timer.C:
		default:
		}
	}
	timer.Reset(time.Minute)
	select {
	case m := <-msgs:
		handle(m)
	case <-timer.C:
		return
	}
}
""",
        vet_overlap="staticcheck SA1015 reports time.Tick leaks; neither vet nor staticcheck reports time.After in loops.",
        run=_time_after,
    )
)
