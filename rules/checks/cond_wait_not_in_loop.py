"""cond-wait-not-in-loop: `c.Wait()` guarded by an `if` that checks the condition once, with no loop."""

from __future__ import annotations

from .. import goast
from ..concurrency import concurrency
from ..condcalls import cond_calls, cond_label
from ..goast import Node
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register


def _in_loop(node: Node) -> bool:
    for a in goast.ancestors(node):
        if a.type in goast.FUNC_TYPES:
            return False
        if a.type == "for_statement":
            return True
    return False


def _site_in_loop(call: Node) -> bool:
    return _in_loop(call)


def _callers_loop(view: PackageView, fn: Node, src: SourceFile) -> bool | None:
    """True: some in-package caller of `fn` calls it from inside a loop (the helper is the Wait
    half of a `for !cond { waitHelper() }`), or `fn` is a callback. False: it has callers and
    none loops. None: no caller in the package."""
    if fn.type == "func_literal":
        return True  # a callback: whoever calls it may loop
    name = goast.func_name(fn, src)
    cc = concurrency(view)
    sites = [(c, s) for c, s in cc.call_sites_of(name) if (t := cc.resolve_call(c, s)) is None or t.node == fn]
    if not sites:
        return None
    return any(_site_in_loop(c) for c, _ in sites)


def _code_after(guard: Node, src: SourceFile) -> bool:
    """Statements after the guarding `if` (other than unlocks and returns of nothing) that rely
    on the condition."""
    st = guard
    while st.parent is not None and st.parent.type != "statement_list":
        st = st.parent
    for nxt in st.parent.named_children if st.parent is not None else []:
        if nxt.start_byte <= st.start_byte or nxt.type == "comment":
            continue
        if nxt.type == "expression_statement" and nxt.named_children and nxt.named_children[0].type == "call_expression":
            _, name = goast.call_parts(nxt.named_children[0], src)
            if name in ("Unlock", "RUnlock"):
                continue
        if nxt.type == "return_statement" and not nxt.named_children:
            continue
        if nxt.type == "defer_statement":
            continue
        return True
    return False


def _guarding_if(call: Node) -> Node | None:
    """The `if` statement whose consequence holds the Wait (nearest, within the function)."""
    for a in goast.ancestors(call):
        if a.type in goast.FUNC_TYPES:
            return None
        if a.type == "if_statement":
            cons = a.child_by_field_name("consequence")
            if cons is not None and goast.inside(call, cons):
                return a
            return None
    return None


def _wait_not_in_loop(view: PackageView):
    out = []
    calls = cond_calls(view)
    signals = [c for c in calls if c.method != "Wait"]
    for cw in calls:
        if cw.method != "Wait" or _in_loop(cw.call):
            continue
        src = cw.src
        fn = goast.enclosing_func(cw.call)
        if fn is None:
            continue
        guard = _guarding_if(cw.call)
        if guard is None:
            continue  # an unconditional Wait: left alone (waiting for one event, or a helper)
        callers = _callers_loop(view, fn, src)
        if callers is True:
            continue
        if callers is None and not _code_after(guard, src):
            continue  # a small exported wait helper: its callers (elsewhere) may loop
        st = goast.statement_of(cw.call)
        cond = guard.child_by_field_name("condition")
        ctext = src.text(cond) if cond is not None else "the condition"
        op = src.text(cw.operand)
        msg = (
            f"`{op}.Wait()` is not inside a `for` loop: the condition `{ctext}` is checked once, and Wait "
            f"returns on any Signal or Broadcast — also when another waiter was woken first and already "
            f"consumed the state. The code after it then runs with `{ctext}` still true (taking from an "
            f"empty queue panics with `index out of range`, or it proceeds with a nil value)."
        )
        related = [Related(src.span(guard.children[0]), "the condition is checked only once here")]
        for s in signals:
            if s.key == cw.key:
                related.append(Related(s.src.span(s.call), f"`{s.method}` here wakes the waiter whether or not the condition changed for it"))
                break
        fixes = []
        cons = guard.child_by_field_name("consequence")
        if (
            guard.child_by_field_name("initializer") is None
            and guard.child_by_field_name("alternative") is None
            and cons is not None
            and st is not None
            and goast.statements(cons) == [st]
            and st.type == "expression_statement"
            and guard.children[0].type == "if"
        ):
            kw = guard.children[0]
            fixes.append(
                Fix(f"Re-check the condition in a loop: `for {ctext} {{ {op}.Wait() }}`", (TextEdit(src.path, kw.start_byte, kw.end_byte, "for"),))
            )
        out.append(Diagnostic(src.span(cw.call), msg, related, fixes, anchor=f"{cond_label(fn, src)}|{op}|wait-not-in-loop"))
    return out


COND_WAIT_NOT_IN_LOOP = register(
    Rule(
        id="cond-wait-not-in-loop",
        in_tests=False,
        tests_reason=(
            "test doubles wait for one Broadcast on purpose (sync.Cond never wakes without one), and a test that "
            "consumes a condition it did not recheck fails or hangs in the run that shows it."
        ),
        title="sync.Cond.Wait not in a loop re-checking the condition",
        family="E",
        severity=Severity.WARNING,
        what="""
Finds `c.Wait()` on a `sync.Cond` guarded by an `if` that checks the condition once
(`if len(q.items) == 0 { q.cond.Wait() }`) with no `for` loop around it — in the function or
in every caller of a small wait helper.
""",
        why="""
`Wait` returns after any `Signal` or `Broadcast`, not when the condition became true for this
goroutine: with several waiters, another one may be woken first and consume the item, and a
`Broadcast` wakes everyone. Code after an `if`-guarded Wait then runs with the condition still
false — popping from an empty slice panics with `index out of range`, or a nil value flows on.
The sync documentation says Wait must be called in a loop; without one, a wakeup meant for
another waiter is lost and that waiter can block forever.
""",
        example="""
q.mu.Lock()
if len(q.items) == 0 {
	q.cond.Wait()
}
it := q.items[0] // may be empty: another consumer took it
""",
        instead="""
q.mu.Lock()
for len(q.items) == 0 {
	q.cond.Wait()
}
it := q.items[0]
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_wait_not_in_loop,
    )
)
