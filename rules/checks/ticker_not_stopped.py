"""ticker-not-stopped: a ticker never stopped (go < 1.23)."""

from __future__ import annotations

from .. import goast
from ..chanflow import (
    enclosing_loop,
    func_label,
    loop_exits,
    version_before,
)
from ..concurrency import concurrency, go_literal_of
from ..fixgen import fresh_name, insert_after, insert_before, replace
from ..flow import dominated, exits_between
from ..goast import Node, line_of
from ..leaksites import at_line_start, where_at
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import SourceFile, idents_named
from ..registry import Rule, register
from ..resourceflow import callers_die_on_error, error_path
from ..scope import resolve
from ..timecalls import time_calls


def _tickers(view: PackageView):
    if not version_before(view, 1, 23):
        return []
    out = []
    for src in view.non_test_files:
        if src.mentions(b"time.NewTicker("):
            for call in time_calls(src, "NewTicker"):
                d = _check_new_ticker(view, src, call)
                if d is not None:
                    out.append(d)
        if src.mentions(b"time.NewTicker(") and src.mentions(b"defer "):
            out.extend(_rebound_after_defer(view, src))
        if src.mentions(b"time.Tick("):
            for call in time_calls(src, "Tick"):
                d = _check_tick(view, src, call)
                if d is not None:
                    out.append(d)
    return out


def _check_new_ticker(view, src, call) -> Diagnostic | None:
    p = call.parent
    if p is None or p.type != "expression_list" or len(p.named_children) != 1:
        return None
    st = p.parent
    if st is None or st.type != "short_var_declaration":
        return None
    left = st.child_by_field_name("left")
    if left is None or len(left.named_children) != 1:
        return None
    ident = left.named_children[0]
    name = src.text(ident)
    fn = goast.enclosing_func(call)
    outer = goast.enclosing_decl(call) or fn
    if fn is None or outer is None or not _can_return(fn, src):
        return None
    once = goast.func_name(outer, src) in ("main", "init") or concurrency(view).only_run_at_startup(outer, src)
    if once and not any(a.type == "for_statement" for a in goast.ancestors_below(st, outer)):
        return None  # one ticker for the life of the program
    users = set()  # the functions that use the ticker: its own, or a goroutine it starts
    stops = []
    for n in idents_named(outer, src, [name]):
        if n == ident:
            continue
        d = resolve(n, src, view)
        if d.ident != ident:
            continue
        users.add(goast.enclosing_func(n))
        par = n.parent
        if par is None or par.type != "selector_expression" or par.child_by_field_name("operand") != n:
            return None  # handed to other code, which may stop it
        fld = src.text(par.child_by_field_name("field"))
        if fld == "Stop":
            if goast.enclosing_func(n) != fn or any(a.type == "defer_statement" for a in goast.ancestors_below(n, fn)):
                return None
            stops.append(par.parent)
            continue
        rc = par.parent
        if fld == "C" and rc is not None and rc.type == "range_clause" and rc.parent is not None and _endless(rc.parent, src):
            return None  # ranged over for the life of the process: stopping it would not matter
        if fld not in ("C", "Reset"):
            return None
    if stops:
        # stopped on some paths: a way out that passes no Stop leaves it running
        left = [e for e in exits_between(fn, src, st.end_byte, fn.end_byte, panics=False) if not dominated(e, stops, fn)]
        if left and all(error_path(e, fn, src) for e in left) and callers_die_on_error(view, outer, src):
            return None  # only error returns, on which every caller ends the process
        if not left:
            return None
        msg = (
            f"`{name}` is stopped only on some paths: the return at line {line_of(src, left[0])} leaves it "
            f"running, and with this module's go version (before 1.23) a ticker that is not stopped is never "
            f"garbage collected and keeps firing, so each such call of `{func_label(fn, src)}` leaks a ticker and its timer."
        )
        way_out = Related(src.span(left[0]), "this way out passes no Stop")
        return Diagnostic(src.span(call), msg, [way_out], [], anchor=f"{func_label(fn, src)}|NewTicker|{name}|path")
    msg = (
        f"`{name} := time.NewTicker(…)` is never stopped: with this module's go version (before 1.23) a "
        f"ticker that is not stopped is never garbage collected and keeps firing into its channel, so every "
        f"call of `{func_label(fn, src)}` leaks a ticker and its timer."
    )
    fixes = []
    reader = next(iter(users)) if len(users) == 1 else None
    if reader is not None and reader != fn:
        # read by one goroutine the function starts: stopped when that goroutine ends, since
        # stopping it when the starter returns would stop it before the goroutine reads it
        first = goast.statements(goast.func_body(reader))[:1]
        if reader.type == "func_literal" and go_literal_of(reader) is not None and first and at_line_start(src, first[0]):
            ind = src.indent_at(first[0].start_byte)
            fixes.append(
                Fix("Stop the ticker when the goroutine that reads it returns", (insert_before(src, first[0], f"defer {name}.Stop()\n{ind}"),))
            )
    elif users <= {fn} and st.parent is not None and st.parent.type == "statement_list" and enclosing_loop(st, fn) is None and at_line_start(src, st):
        ind = src.indent_at(st.start_byte)
        owner = "the goroutine" if fn.type == "func_literal" else f"`{func_label(fn, src)}`"
        fixes.append(Fix(f"Stop the ticker when {owner} returns", (insert_after(src, st, f"\n{ind}defer {name}.Stop()"),)))
    return Diagnostic(src.span(call), msg, [], fixes, anchor=f"{func_label(fn, src)}|NewTicker|{name}")


def _rebound_after_defer(view: PackageView, src: SourceFile) -> list[Diagnostic]:
    """`defer t.Stop()` and later `t = time.NewTicker(d)`: a deferred call evaluates its receiver
    when the defer statement runs, so it stops the first ticker only; the one `t` holds when the
    function returns is never stopped."""
    out = []
    seen: set[int] = set()
    for call in time_calls(src, "NewTicker"):
        p = call.parent
        st = p.parent if p is not None and p.type == "expression_list" else None
        if st is None or st.type != "assignment_statement" or len(p.named_children) != 1:
            continue
        left = st.child_by_field_name("left")
        lhs = left.named_children if left is not None and left.type == "expression_list" else [left]
        if len(lhs) != 1 or lhs[0] is None or lhs[0].type != "identifier":
            continue
        ident = lhs[0]
        name = src.text(ident)
        fn = goast.enclosing_func(st)
        decl = resolve(ident, src, view)
        if fn is None or decl.kind != "local" or decl.ident is None or goast.enclosing_func(decl.ident) != fn:
            continue
        defer = None
        stopped_later = False
        for n in idents_named(fn, src, [name]):
            if n == ident or resolve(n, src, view).ident != decl.ident:
                continue
            sel = n.parent
            if sel is None or sel.type != "selector_expression" or src.text(sel.child_by_field_name("field")) != "Stop":
                continue
            c = sel.parent
            if c is None or c.type != "call_expression":
                continue
            inner = goast.enclosing_func(n)
            if inner != fn:
                stopped_later = True  # a deferred closure reads the variable when it runs
                break
            if c.parent is not None and c.parent.type == "defer_statement" and n.start_byte < st.start_byte:
                defer = c.parent
            elif n.start_byte > st.end_byte:
                stopped_later = True
        if defer is None or stopped_later or goast.enclosing_func(defer) != fn or defer.id in seen:
            continue
        seen.add(defer.id)
        msg = (
            f"`{src.text(defer)}` stops the ticker `{name}` holds when the defer runs: a deferred call "
            f"evaluates its receiver at once. `{name}` is replaced at {where_at(src, st)}, and the ticker it holds "
            f"when `{func_label(fn, src)}` returns is never stopped: with this module's go version (before 1.23) "
            f"it is never collected and keeps firing, one leaked ticker per call."
        )
        fixes = [Fix(f"Stop the ticker `{name}` holds when the function returns", (replace(src, defer, f"defer func() {{ {name}.Stop() }}()"),))]
        out.append(
            Diagnostic(
                src.span(defer),
                msg,
                [Related(src.span(st), "the ticker is replaced here")],
                fixes,
                anchor=f"{func_label(fn, src)}|NewTicker|{name}|rebound",
            )
        )
    return out


def _can_return(fn: Node, src: SourceFile) -> bool:
    """False for a function that ends in a loop only the end of the program stops: its ticker
    is in use for as long as the program runs."""
    body = goast.func_body(fn)
    for n in goast.walk(body or fn, skip_func_literals=True):
        if n.type == "return_statement":
            return True
    stmts = goast.statements(body)
    return not (stmts and stmts[-1].type == "for_statement" and _endless(stmts[-1], src))


def _endless(loop: Node, src: SourceFile) -> bool:
    """A loop that runs until the program ends: `for {`, `for true {` or `for ; true; … {`, or a
    range over a ticker's channel (never closed), whose only ways out end the program (panic,
    log.Fatal, os.Exit): a ticker it reads is never left behind running."""
    clause = next((c for c in loop.named_children if c.type != "block" and c.type != "comment"), None)
    if clause is not None:
        if clause.type == "for_clause":
            cond = clause.child_by_field_name("condition")
            if cond is not None and src.text(cond) != "true":
                return False
        elif clause.type == "range_clause":
            if not _ticker_channel(clause.child_by_field_name("right"), src):
                return False
        elif src.text(clause) != "true":
            return False
    return loop_exits(loop, src, failing=False) is None


def _ticker_channel(expr: Node | None, src: SourceFile) -> bool:
    """`time.Tick(d)` or `t.C`: the rule asks only of a ticker's own channel."""
    if expr is None:
        return False
    if expr.type == "call_expression":
        return src.text(expr.child_by_field_name("function")).replace(" ", "") == "time.Tick"
    return expr.type == "selector_expression" and src.text(expr.child_by_field_name("field")) == "C"


def _check_tick(view, src, call) -> Diagnostic | None:
    fn = goast.enclosing_func(call)
    if fn is None:
        return None
    decl = goast.enclosing_decl(call)
    if decl is not None and goast.func_name(decl, src) in ("main", "init"):
        return None
    if not _can_return(fn, src):
        return None
    rc = call.parent
    if rc is not None and rc.type == "range_clause" and rc.parent is not None and _endless(rc.parent, src):
        return None
    if rc is not None and rc.type == "expression_list" and rc.parent is not None and rc.parent.type == "return_statement":
        return None  # `return time.Tick(d)`: a stand-in for time.Tick (a clock), whose callers own what it makes
    msg = (
        f"`time.Tick` in `{func_label(fn, src)}`, a function that returns: with this module's go version "
        f"(before 1.23) the ticker behind it can never be stopped or collected, so every call leaks a ticker "
        f"that keeps firing for the life of the process."
    )
    fixes = []
    st = goast.statement_of(call)
    args = goast.call_args(call)
    if st is not None and len(args) == 1 and goast.enclosing_func(st) == fn and enclosing_loop(st, fn) is None and at_line_start(src, st):
        name = fresh_name(src, fn, ["ticker", "tk"])
        ind = src.indent_at(st.start_byte)
        fixes.append(
            Fix(
                "Use time.NewTicker and stop it when the function returns",
                (
                    insert_before(src, st, f"{name} := time.NewTicker({src.text(args[0])})\n{ind}defer {name}.Stop()\n{ind}"),
                    replace(src, call, f"{name}.C"),
                ),
            )
        )
    return Diagnostic(src.span(call), msg, [], fixes, anchor=f"{func_label(fn, src)}|Tick")


TICKER = register(
    Rule(
        id="ticker-not-stopped",
        in_tests=False,
        title="Ticker never stopped (go < 1.23)",
        family="C",
        severity=Severity.WARNING,
        what="""
Finds `t := time.NewTicker(d)` whose `Stop` is never called (and that is not handed to other code),
`time.Tick(d)` in functions that return, and `defer t.Stop()` followed by `t = time.NewTicker(…)`
(the deferred call stops the first ticker only), in modules whose go.mod says `go 1.22` or older.
From Go 1.23 on, unreferenced tickers are collected even when not stopped, and the rule is silent.
""",
        why="""
Before Go 1.23 the runtime keeps every running ticker alive: one that is never stopped keeps
firing and is never collected, so each call leaks a ticker (and, for `time.Tick`, there is no
way to stop it at all). Long-running services slowly accumulate thousands of live timers.
""",
        example="""
func poll(ctx context.Context) {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check()
		}
	}
}
""",
        instead="""
func poll(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check()
		}
	}
}
""",
        vet_overlap="staticcheck SA1015 reports time.Tick outside endless functions; go vet has nothing.",
        run=_tickers,
    )
)
