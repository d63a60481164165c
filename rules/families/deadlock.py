"""Family E2: self-deadlock across calls.

A method holding `s.mu` calls — directly or through other methods on the same receiver, in any
file of the package — a method that locks `s.mu` again. sync.Mutex is not reentrant: the
goroutine waits for itself forever. Locks are tracked per object, not per type: `s.mu` held while
calling `s.other()` is the same mutex; `t.mu` of another value is not. Package-level mutexes are
one object whoever calls. Calls in `go` statements, `defer`s and func literals are not followed."""
from __future__ import annotations

from ..goast import func_label, line_of
from ..lockcalls import LockCalls
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..registry import Rule, register


def _analyze(view: PackageView):
    if not any(b"Lock()" in f.data for f in view.files):
        return [], []
    an = LockCalls(view)
    dead, rrec = [], []
    for fi in view.funcs.values():
        if fi.body is None or b"Lock()" not in fi.src.data[fi.node.start_byte:fi.node.end_byte]:
            continue
        ops = an.ops(fi)
        if not any(op in ("w", "r") and key is not None for _, op, key, _ in ops):
            continue
        for n, op, key, callee in ops:
            if op == "-":
                continue
            held = an.held_at(n, fi)
            if not held:
                continue
            if op in ("w", "r"):
                if key is not None and key in held:
                    hmode, lock = held[key]
                    _report(dead, rrec, fi, n, key, hmode, op, lock, [(fi.src, n, f"`{fi.src.text(n)}` locks it again")])
                continue
            sub = an.acquires(callee)
            if not sub:
                continue
            same_recv = an._same_receiver_call(n, fi, callee)
            for k, (mode, chain) in an._rebase(sub, key, same_recv).items():
                if k not in held:
                    continue
                hmode, lock = held[k]
                first = [(fi.src, n, f"`{func_label(fi.node, fi.src)}` calls `{fi.src.text(n.child_by_field_name('function'))}` while holding it")]
                _report(dead, rrec, fi, n, k, hmode, mode, lock, first + chain[1:] if chain and chain[0][1] == n else first + chain)
                break
    return dead, rrec


def _report(dead, rrec, fi, node, key, hmode, mode, lock, chain):
    src = fi.src
    lock_expr = src.text(lock.child_by_field_name("function").child_by_field_name("operand"))
    calls = []
    for csrc, cnode, _ in chain:
        f = cnode.child_by_field_name("function")
        ftext = csrc.text(f) if f is not None else ""
        if not ftext.endswith(("Lock", "RLock")):
            calls.append(f"{ftext}()")
    steps = " → ".join(calls)
    last_src, last_node, _ = chain[-1]
    related = [Related(src.span(lock), f"`{lock_expr}` is locked here")]
    related += [Related(s.span(n), text) for s, n, text in chain]
    where = f"{last_src.path.rsplit('/', 1)[-1]}:{line_of(last_src, last_node)}"
    anchor = f"{func_label(fi.node, src)}|{key[0]}{key[1]}|{src.text(node)[:80]}"
    if hmode == "r" and mode == "r":
        via_r = f", via {steps}" if calls else ""
        rrec.append(Diagnostic(
            src.span(node),
            f"`{lock_expr}` is read-locked here and this call read-locks it again ({where}{via_r}): a recursive RLock. "
            f"If a writer calls `Lock` in between, the second RLock waits for the writer, the writer waits for "
            f"the first RLock, and both goroutines deadlock (sync.RWMutex forbids recursive read locking).",
            related, [], anchor=anchor))
        return
    if hmode == "w":
        how = "locks it again" if mode == "w" else "read-locks it"
    else:
        how = "write-locks it"
    via = f" (via {steps})" if calls else ""
    dead.append(Diagnostic(
        src.span(node),
        f"`{lock_expr}` is already {'locked' if hmode == 'w' else 'read-locked'} here (line {line_of(src, lock)}) and "
        f"this call {how} at {where}{via}: Go mutexes are not reentrant, so this goroutine blocks forever on a lock "
        f"it holds itself — and every other goroutine that needs `{lock_expr}` piles up behind it.",
        related, [], anchor=anchor))


def _cached(view: PackageView):
    got = view.__dict__.get("_goleash_deadlock")
    if got is None:
        got = _analyze(view)
        view.__dict__["_goleash_deadlock"] = got
    return got


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
    run=lambda view: _cached(view)[0],
))

RECURSIVE_RLOCK = register(Rule(
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
    run=lambda view: _cached(view)[1],
))
