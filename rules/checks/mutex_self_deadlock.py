"""mutex-self-deadlock: a mutex locked again, directly or through calls, by the goroutine that
holds it. The calls that lock again are found in rules/relocking.py."""
from __future__ import annotations

from ..goast import line_of
from ..model import Diagnostic, Severity
from ..package import PackageView
from ..registry import Rule, register
from ..relocking import relocks


def _run(view: PackageView) -> list[Diagnostic]:
    out = []
    for r in relocks(view):
        if r.hmode == "r" and r.mode == "r":
            continue  # rwmutex-recursive-rlock
        src, lock_expr, steps = r.fi.src, r.lock_expr, r.steps
        if r.hmode == "w":
            how = "locks it again" if r.mode == "w" else "read-locks it"
        else:
            how = "write-locks it"
        via = f" (via {steps})" if steps else ""
        out.append(Diagnostic(
            src.span(r.node),
            f"`{lock_expr}` is already {'locked' if r.hmode == 'w' else 'read-locked'} here (line {line_of(src, r.lock)}) and "
            f"this call {how} at {r.where}{via}: Go mutexes are not reentrant, so this goroutine blocks forever on a lock "
            f"it holds itself — and every other goroutine that needs `{lock_expr}` piles up behind it.",
            r.related, [], anchor=r.anchor))
    return out


SELF_DEADLOCK = register(Rule(
    id="mutex-self-deadlock",
    title="Mutex locked again by the goroutine that holds it",
    family="E",
    severity=Severity.ERROR,
    what="""
Finds calls made while holding a mutex that lock the same mutex again: a method holding `s.mu`
calls, directly or through other methods of the same receiver (in any file of the package), a
method that locks `s.mu`; or a function holding a package-level mutex calls one that locks it.
Locks are matched per object (`s.mu` and `s.other()` on the same `s`), an Unlock before the call
releases the lock, and calls in `go` statements run on another goroutine and are not followed.
""",
    why="""
sync.Mutex and sync.RWMutex are not reentrant. The second Lock waits for the first to be released,
which only this goroutine can do: it blocks forever. Every other goroutine that needs the lock
then blocks too; a server stops answering without crashing, and only when nothing else can run
does the runtime report "all goroutines are asleep - deadlock!".
""",
    example="""
func (c *Cache) Get(k string) *Item {
	c.mu.Lock()
	defer c.mu.Unlock()
	if it, ok := c.items[k]; ok {
		return it
	}
	return c.load(k) // load calls c.Put, which locks c.mu again
}

func (c *Cache) Put(k string, it *Item) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = it
}
""",
    instead="""
func (c *Cache) Put(k string, it *Item) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(k, it)
}

// putLocked stores it; c.mu must be held.
func (c *Cache) putLocked(k string, it *Item) {
	c.items[k] = it
}
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    run=_run,
))
