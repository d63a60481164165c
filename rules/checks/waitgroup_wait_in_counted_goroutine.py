"""waitgroup-wait-in-counted-goroutine: `wg.Wait` called by a goroutine the group counts."""

from __future__ import annotations

from .. import goast
from ..flow import is_deferred
from ..goast import func_label, line_of
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..registry import Rule, register
from ..waitgroups import wg_funcs


def _wait_in_counted(view: PackageView):
    out = []
    for src, fn, calls in wg_funcs(view):
        for wait, o, m in calls:
            if m != "Wait" or (wait.parent is not None and wait.parent.type == "go_statement"):
                continue
            dones = [c for c, oo, mm in calls if oo == o and mm == "Done"]
            blocking = [c for c in dones if is_deferred(c) or c.start_byte > wait.start_byte]
            if not dones or len(blocking) != len(dones):
                continue
            if any(c.start_byte < wait.start_byte and not is_deferred(c) for c in dones):
                continue
            out.append(
                Diagnostic(
                    src.span(wait),
                    f"`{o}.Wait()` is called by code that `{o}` itself counts (its `{o}.Done()` at line "
                    f"{line_of(src, blocking[0])} runs only after Wait returns): the counter can never reach zero, so "
                    f"this goroutine and every other waiter block forever.",
                    [Related(src.span(blocking[0]), "this goroutine's Done, which Wait waits for")],
                    [],
                    anchor=f"{func_label(goast.enclosing_decl(fn) or fn, src)}|wait|{o}",
                )
            )
    return out


WG_WAIT = register(
    Rule(
        id="waitgroup-wait-in-counted-goroutine",
        title="WaitGroup.Wait called by a goroutine the group counts",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds `wg.Wait()` in a goroutine or function that is itself counted by `wg` (it calls
`defer wg.Done()`, or `wg.Done()` only after the Wait).
""",
        why="""
The goroutine waits for a counter that cannot reach zero until it returns: it blocks forever,
and so does every other `Wait` on the group. When nothing else can run the runtime aborts with
"all goroutines are asleep - deadlock!"; in a server it is a silent hang.
""",
        example="""
go func() {
	defer wg.Done()
	work()
	wg.Wait() // waits for itself
	close(results)
}()
""",
        instead="""
go func() {
	defer wg.Done()
	work()
}()
go func() {
	wg.Wait()
	close(results)
}()
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_wait_in_counted,
    )
)
