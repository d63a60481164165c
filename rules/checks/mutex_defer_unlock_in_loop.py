"""mutex-defer-unlock-in-loop: `defer mu.Unlock()` inside a loop that locks `mu`."""

from __future__ import annotations

from .. import goast
from ..fixgen import delete_stmt, escapes
from ..flow import is_deferred, iteration_leaves
from ..goast import func_label, line_of
from ..lockfuncs import lock_funcs
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..registry import Rule, register


def _defer_in_loop(view: PackageView):
    out = []
    for src, fn, calls in lock_funcs(view):
        for c, o, m in calls:
            if m not in ("Unlock", "RUnlock") or not is_deferred(c):
                continue
            d = c.parent
            loop = None
            for a in goast.ancestors(d):
                if a == fn:
                    break
                if a.type == "for_statement":
                    loop = a
                    break
            if loop is None:
                continue
            lock_name = "Lock" if m == "Unlock" else "RLock"
            locks = [x for x, oo, mm in calls if oo == o and mm == lock_name and goast.inside(x, loop)]
            if not locks:
                continue
            # the iteration that defers always leaves the function: only one iteration defers
            if iteration_leaves(d, loop, src):
                continue
            out.append(_defer_loop_diag(src, fn, c, d, o, m, lock_name, loop, locks[0]))
    return out


def _defer_loop_diag(src, fn, call, d, o, m, lock_name, loop, lock):

    fixes = []
    body = loop.child_by_field_name("body")
    sts = goast.statements(body)
    if d in sts and sts[-1] != d:
        rest = sts[sts.index(d) + 1 :]
        if not any(escapes(s) or s.type in ("return_statement", "break_statement", "continue_statement", "goto_statement") for s in rest) and not any(
            n.type == "defer_statement" for s in rest for n in goast.walk(s, skip_func_literals=True)
        ):
            indent = src.indent_at(rest[-1].start_byte)
            end = rest[-1].end_byte
            nl = src.data.find(b"\n", end)
            if nl != -1 and src.data[end:nl].strip().startswith(b"//"):
                end = nl
            fixes.append(Fix("Unlock at the end of each iteration", (delete_stmt(src, d), TextEdit(src.path, end, end, f"\n{indent}{o}.{m}()"))))
    return Diagnostic(
        src.span(d),
        f"`defer {o}.{m}()` inside a loop runs only when the function returns, not at the end of the "
        f"iteration: the second iteration's `{o}.{lock_name}()` (line {line_of(src, lock)}) blocks on the lock "
        f"the first one still holds, and the goroutine deadlocks itself.",
        [Related(src.span(lock), "locked again in the next iteration"), Related(src.span(loop.children[0]), "the loop")],
        fixes,
        anchor=f"{func_label(goast.enclosing_decl(fn) or fn, src)}|defer-loop|{o}",
    )


MU_DEFER_LOOP = register(
    Rule(
        id="mutex-defer-unlock-in-loop",
        title="defer Unlock inside a loop",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds `defer mu.Unlock()` inside a `for` loop whose body also locks `mu`, unless that iteration
always returns.
""",
        why="""
Deferred calls run when the function returns, not at the end of the iteration. The first
iteration leaves the mutex locked, the second `Lock` waits for it forever: the goroutine
deadlocks itself (and everything else needing the lock).
""",
        example="""
for _, it := range items {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apply(it)
}
""",
        instead="""
for _, it := range items {
	s.mu.Lock()
	s.apply(it)
	s.mu.Unlock()
}
""",
        vet_overlap="Not covered by go vet. staticcheck SA9001 covers `defer` in `range` over channels only.",
        run=_defer_in_loop,
    )
)
