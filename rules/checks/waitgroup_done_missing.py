"""waitgroup-done-missing: `wg.Done` skipped by an early return, or an `Add` whose work is never handed over."""

from __future__ import annotations

from .. import goast
from ..chanflow import after_failed_assertion
from ..concurrency import concurrency, go_literal_of
from ..fixgen import delete_stmt, insert_before
from ..flow import dominated, exits_between, is_deferred, is_expr_stmt, stmt_in
from ..goast import Node, func_label, line_of
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register
from ..synctypes import is_sync_type
from ..waitgroups import wg_funcs, wg_key


def _done_missing(view: PackageView):
    out = []
    for src, fn, calls in wg_funcs(view):
        if not _runs_as_goroutine(view, src, fn):
            continue
        dones = [(c, o) for c, o, m in calls if m == "Done"]
        by_obj: dict[str, list[Node]] = {}
        for c, o in dones:
            by_obj.setdefault(o, []).append(c)
        for o, cs in by_obj.items():
            if any(is_deferred(c) or goast.enclosing_func(c) != fn for c in cs):
                continue
            if any(is_deferred(c) for c, oo, m in calls if oo == o):
                continue
            last = max(cs, key=lambda c: c.start_byte)
            body = fn.child_by_field_name("body")
            exits = [
                e
                for e in exits_between(fn, src, body.start_byte, last.start_byte, panics=False)
                if not dominated(e, cs, fn) and not after_failed_assertion(e, src)
            ]
            if not exits:
                continue
            # Only a function that counts itself: its Done is at its own top level.
            if stmt_in(last, fn) is None or stmt_in(last, fn).parent.parent != body:
                continue
            out.append(_done_diag(src, fn, o, cs, last, exits))
    return out


def _on_path(ret: Node, start: Node, fn: Node) -> list[Node]:
    """What runs between statement `start` and `ret` on the way to `ret`: the statements
    before each ancestor of `ret` in its statement list (from `start` on), the conditions of
    the `if`/`for`/`switch` around it, and the communication of its select case."""
    out: list[Node] = []
    for a in [ret, *goast.ancestors(ret)]:
        if a == fn:
            break
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            if comm is not None:
                out.append(comm)
        elif a.type in ("if_statement", "for_statement", "expression_switch_statement", "type_switch_statement"):
            for f in ("initializer", "condition", "value", "header"):
                x = a.child_by_field_name(f)
                if x is not None:
                    out.append(x)
        p = a.parent
        if p is not None and p.type in ("statement_list", "block"):
            for st in p.named_children:
                if st.start_byte >= a.start_byte:
                    break
                if st.start_byte > start.start_byte:
                    out.append(st)
    return out


def _handed_off(nodes: list[Node], conc, src: SourceFile, base: str, group: str) -> bool:
    """Anything that may start or feed the counted work, or undo the Add: a goroutine, a send,
    a call that may hand the work on or call Done. A call can do neither when it is given
    neither the group's owner nor the group nor a function (`g.sem.Acquire(g.ctx, 1)`,
    `fmt.Errorf(…)`) and, if it is the package's own, calls no Done itself (a package-level
    group)."""
    for n in nodes:
        for x in goast.walk(n):
            if x.type in ("go_statement", "send_statement", "defer_statement"):
                return True
            if x.type == "call_expression" and _may_hand_off(x, conc, src, base, group):
                return True
    return False


def _returns_counted(ret: Node) -> bool:
    """The return hands the caller a value the function made (`g := new(routine); …; return g`):
    what the Add counts goes with it, and the caller's matching call (`exit(g)`) ends it. An
    error, a constant or a call's result is no such value."""
    vals = ret.named_children[0].named_children if ret.named_children and ret.named_children[0].type == "expression_list" else ret.named_children
    for v in vals:
        v = goast.unparen(v)
        name = v.text.decode() if v.type == "identifier" else ""
        if name and name not in ("nil", "true", "false", "e") and not name.lower().endswith("err"):
            return True
    return False


def _may_hand_off(call: Node, conc, src: SourceFile, base: str, group: str) -> bool:
    f = call.child_by_field_name("function")
    operand = f.child_by_field_name("operand") if f is not None and f.type == "selector_expression" else None
    given = [operand, *goast.call_args(call)] if operand is not None else goast.call_args(call)
    owners = (base, group.lstrip("&*("))
    if any(g is not None and src.text(goast.unparen(g)).lstrip("&*") in owners for g in given):
        return True  # the owner or the group itself: the callee may start the work or call Done
    if any(goast.unparen(a).type == "func_literal" for a in goast.call_args(call)):
        return True  # a function handed on may be the work, run later, calling Done
    if operand is not None and operand.type == "identifier" and src.imports.get(src.text(operand)) is not None:
        return False  # another package's function, given nothing of the owner
    callee = conc.resolve_call(call, src)
    if callee is None or callee.body is None:
        return not (operand is not None and operand.type == "selector_expression")  # a method of an unknown field type: not the owner's
    done = (group.lstrip("&*(").rsplit(".", 1)[-1] + ".Done()").encode()
    return done in callee.src.data[callee.body.start_byte : callee.body.end_byte]


def _add_without_handoff(view: PackageView):
    """`wg.Add(1)` and then a return that neither starts nor hands over the counted work nor
    calls Done (`wg.Add(1); select { case q <- job: return true; default: return false }`):
    the worker that calls Done never gets it, and Wait blocks forever."""
    out = []
    conc = None
    funcs = wg_funcs(view)
    done_keys, wait_keys = set(), set()
    for src, fn, calls in funcs:
        for c, o, m in calls:
            if m in ("Done", "Wait"):
                if conc is None:
                    conc = concurrency(view)
                k = wg_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), src)
                if k is not None:
                    (done_keys if m == "Done" else wait_keys).add((k, fn.id))
    for src, fn, calls in funcs:
        if src.is_test or fn.type == "func_literal":
            continue
        for add, o, m in calls:
            if m != "Add" or not is_expr_stmt(add) or any(oo == o and mm == "Done" for _c, oo, mm in calls):
                continue
            if conc is None:
                # no Done or Wait anywhere: nothing can be left waiting
                return out
            key = wg_key(conc, add.child_by_field_name("function").child_by_field_name("operand"), src)
            if key is None or not any(k == key and f != fn.id for k, f in done_keys) or not any(k == key for k, _f in wait_keys):
                continue
            start = add.parent
            lst = start.parent
            for ret in goast.walk(lst, skip_func_literals=True):
                if ret.type != "return_statement" or ret.start_byte < start.end_byte:
                    continue
                base = o.lstrip("&*(").split(".", 1)[0]
                if _handed_off(_on_path(ret, start, fn) + [ret], conc, src, base, o):
                    continue
                if any(x.type == "identifier" and src.text(x) == base for x in goast.walk(ret)):
                    continue  # the counted value goes back to the caller, who does the work
                if _returns_counted(ret):
                    continue  # what the Add counts goes back to the caller
                out.append(
                    Diagnostic(
                        src.span(ret),
                        f"This return leaves after `{src.text(add)}` (line {line_of(src, add)}) without starting or handing "
                        f"over the work it counts and without `{o}.Done()`: nothing will ever call Done for it, so the "
                        f"counter never reaches zero and every `Wait` on the group blocks forever.",
                        [Related(src.span(add), "the Add this path leaves unmatched")],
                        [],
                        anchor=f"{func_label(fn, src)}|add-unmatched|{key}",
                    )
                )
                break
    return out


def _done_missing_all(view: PackageView):
    return _done_missing(view) + _add_without_handoff(view)


def _runs_as_goroutine(view, src, fn) -> bool:
    """A `go func(){...}()` literal, or a function taking a *sync.WaitGroup parameter (a worker)."""
    if fn.type == "func_literal":
        launch = go_literal_of(fn)
        return launch is not None
    for p in goast.params_of(fn):
        t = p.child_by_field_name("type")
        if t is not None and is_sync_type(src.text(t).replace(" ", ""), ("WaitGroup",), src) and src.text(t).startswith("*"):
            return True
    return False


def _done_diag(src, fn, o, cs, last, exits):
    fixes = []
    body = fn.child_by_field_name("body")
    sts = goast.statements(body)
    stmt = last.parent
    if len(cs) == 1 and sts and stmt == sts[-1] and stmt.type == "expression_statement":
        indent = src.indent_at(sts[0].start_byte)
        fixes.append(
            Fix(f"Defer {o}.Done() at the top of the function", (insert_before(src, sts[0], f"defer {o}.Done()\n{indent}"), delete_stmt(src, stmt)))
        )
    e = exits[0]
    return Diagnostic(
        src.span(e),
        f"This return leaves without calling `{o}.Done()` (it is called only at line {line_of(src, last)}): "
        f"the WaitGroup counter never reaches zero and `{o}.Wait()` blocks forever, a deadlock or a leaked "
        f"waiter. `defer {o}.Done()` runs on every path.",
        [Related(src.span(last), f"the only `{o}.Done()`")] + [Related(src.span(x), "another path without Done") for x in exits[1:]],
        fixes,
        anchor=f"{func_label(goast.enclosing_decl(fn) or fn, src)}|done|{o}",
    )


WG_DONE = register(
    Rule(
        id="waitgroup-done-missing",
        title="WaitGroup.Done skipped by an early return",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds functions and goroutines that call `wg.Done()` (not deferred) at the end of their body but
can `return` before reaching it, with no `Done` on that path. Also a `wg.Add(n)` whose function
can then return without starting or handing over the counted work (no `go`, send or call on
that path) and without `Done`, when the group's `Done` lives elsewhere (`wg.Add(1); select {
case queue <- job: return true; default: return false }`, or `wg.Add(1)` before waiting for a
semaphore slot whose failure returns an error). A call hands the work over only when it is
given the group's owner or calls that group's `Done`; a return that hands back a value the
function made (`return g`) hands over what the Add counts.
""",
        why="""
Each missed `Done` leaves the counter above zero for good: `wg.Wait()` never returns, so whoever
waits (often a request handler or shutdown) hangs forever, and if every goroutine ends up waiting
the runtime stops the program with "all goroutines are asleep - deadlock!".
""",
        example="""
go func() {
	v, err := load(k)
	if err != nil {
		return // wg.Done never runs
	}
	out <- v
	wg.Done()
}()
""",
        instead="""
go func() {
	defer wg.Done()
	v, err := load(k)
	if err != nil {
		return
	}
	out <- v
}()
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_done_missing_all,
    )
)
