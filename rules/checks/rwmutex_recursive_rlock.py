"""rwmutex-recursive-rlock: an RWMutex read-locked again, directly or through calls, by the
goroutine that holds its read lock. The calls that lock again are found in rules/relocking.py."""

from __future__ import annotations

from ..model import Diagnostic, Severity
from ..package import PackageView
from ..registry import Rule, register
from ..relocking import relocks


def _run(view: PackageView) -> list[Diagnostic]:
    out = []
    for r in relocks(view):
        if not (r.hmode == "r" and r.mode == "r"):
            continue  # mutex-self-deadlock
        steps = r.steps
        via_r = f", via {steps}" if steps else ""
        out.append(
            Diagnostic(
                r.fi.src.span(r.node),
                f"`{r.lock_expr}` is read-locked here and this call read-locks it again ({r.where}{via_r}): a recursive RLock. "
                f"If a writer calls `Lock` in between, the second RLock waits for the writer, the writer waits for "
                f"the first RLock, and both goroutines deadlock (sync.RWMutex forbids recursive read locking).",
                r.related,
                [],
                anchor=r.anchor,
            )
        )
    return out


RECURSIVE_RLOCK = register(
    Rule(
        id="rwmutex-recursive-rlock",
        title="RWMutex read-locked again while read-locked",
        family="E",
        severity=Severity.WARNING,
        what="""
Finds calls made while holding `RLock` on an RWMutex that take `RLock` on the same RWMutex again
(directly, or through methods of the same receiver).
""",
        why="""
It works until a writer arrives: a pending `Lock` blocks new readers, so the second RLock waits
for the writer while the writer waits for the first RLock. Both goroutines deadlock, under load
and rarely in tests.
""",
        example="""
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.sortedLocked(r.Len()) // Len RLocks r.mu again
}
""",
        instead="""
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.sortedLocked(len(r.items))
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_run,
    )
)
