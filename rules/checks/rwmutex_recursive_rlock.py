"""rwmutex-recursive-rlock: an RWMutex read-locked again, directly or through calls, by the
goroutine that holds its read lock. The calls that lock again are found in rules/relocking.py."""

from __future__ import annotations

from ..callbacks import func_label_of
from ..model import Diagnostic, Severity
from ..package import PackageView
from ..registry import Rule, register
from ..relocking import callback_relocks, relocks


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
    for c in callback_relocks(view):
        if c.hmode == "r" and c.mode == "r":
            out.append(
                Diagnostic(
                    c.fi.src.span(c.node),
                    f"`{c.label}` {c.runs} while `{c.lock_expr}` is read-locked ({c.held_at}); {func_label_of(c.target.fi)} can be "
                    f"that callback ({c.target.how}), and it read-locks the same RWMutex again at {c.where}: a recursive "
                    f"RLock. If a writer calls `Lock` in between, the second RLock waits for the writer, the writer "
                    f"waits for the first RLock, and both goroutines deadlock (sync.RWMutex forbids recursive read locking).",
                    c.related,
                    [],
                    anchor=c.anchor,
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
(directly, or through methods of the same receiver), in a function or in a goroutine literal that
holds the read lock for its whole body. Also a callback (func-typed field,
parameter, or listener of a slice or map) called with the read lock taken when a function the
package puts into it read-locks the same type's RWMutex again, and the package write-locks that
RWMutex somewhere (otherwise no writer can queue between the two read locks).
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
