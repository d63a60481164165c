"""mutex-self-deadlock: a mutex locked again, directly or through calls, by the goroutine that
holds it. The calls that lock again are found in rules/relocking.py."""

from __future__ import annotations

from ..callbacks import func_label_of
from ..goast import line_of
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..registry import Rule, register
from ..relocking import CallbackRelock, ListenerRelock, Relock, callback_relocks, listener_relocks, relocks

_HOW = {("w", "w"): "locks", ("w", "r"): "read-locks", ("r", "w"): "write-locks"}


def _run(view: PackageView) -> list[Diagnostic]:
    # The goroutine blocks at the inner Lock: one finding there, however many callers holding
    # the lock reach it; the first of them (in source order) is the chain shown.
    by_inner: dict[tuple, list[Relock]] = {}
    for r in relocks(view):
        if r.hmode == "r" and r.mode == "r":
            continue  # rwmutex-recursive-rlock
        isrc, inode, _ = r.chain[-1]
        by_inner.setdefault((isrc.path, inode.start_byte), []).append(r)
    out = []
    for group in by_inner.values():
        group.sort(key=lambda r: (r.fi.src.path, r.node.start_byte))
        out.append(_finding(group[0], len(group) - 1))
    shown = set()
    for c in callback_relocks(view):
        if not (c.hmode == "r" and c.mode == "r"):
            out.append(_callback_finding(c))
            shown.add(c.node.id)
    # a listener the package registers itself, seen to lock again, is reported once, as a callback
    out += [_listener_finding(r) for r in listener_relocks(view) if r.steps[0][1].id not in shown]
    return out


def _listener_finding(r: ListenerRelock) -> Diagnostic:
    src = r.fi.src
    at = f"{src.path.rsplit('/', 1)[-1]}:{line_of(src, r.lock)}"
    via = f", through `{src.text(r.steps[0][1].child_by_field_name('function'))}()`," if len(r.steps) > 1 else ","
    return Diagnostic(
        src.span(r.steps[0][1]),
        f"`{r.label}` locks `{r.lock_expr}` ({at}) and, with it taken{via} calls the listeners any caller registers "
        f"through `{r.reg.fi.key}` ({r.listener_call}); `{r.again.key}` {_HOW['w', r.mode]} the same mutex at {r.where}, so "
        f"a listener that reads the value back through it blocks forever: Go mutexes are not reentrant. Copy the "
        f"listeners, unlock, then call them.",
        r.related,
        [],
        anchor=r.anchor,
    )


def _callback_finding(c: CallbackRelock) -> Diagnostic:
    held = "locked" if c.hmode == "w" else "read-locked"
    return Diagnostic(
        c.fi.src.span(c.node),
        f"`{c.label}` {c.runs} while `{c.lock_expr}` is {held} ({c.held_at}); {func_label_of(c.target.fi)} can be that "
        f"callback ({c.target.how}), and it {_HOW[c.hmode, c.mode]} the same mutex again at {c.where}. Go mutexes "
        f"are not reentrant: the goroutine blocks forever on a lock it holds itself. Copy the callbacks, "
        f"unlock, then call them.",
        c.related,
        [],
        anchor=c.anchor,
    )


def _finding(r: Relock, others: int) -> Diagnostic:
    src, lock_expr = r.fi.src, r.lock_expr
    isrc, inode, _ = r.chain[-1]
    held = "locked" if r.hmode == "w" else "read-locked"
    call = isrc.text(inode)
    at = f"{src.path.rsplit('/', 1)[-1]}:{line_of(src, r.lock)}"
    if inode == r.node:
        who = f"`{lock_expr}` was already {held} by this function at {at}"
    else:
        who = (
            f"`{r.label}` {held.removesuffix('ed')}s `{lock_expr}` at {at} and, holding it, calls `{r.steps}` "
            f"({src.path.rsplit('/', 1)[-1]}:{line_of(src, r.node)}), which ends here"
        )
    more = f"; {others} more call{'s' if others > 1 else ''} made with it taken reach{'' if others > 1 else 'es'} it too" if others else ""
    return Diagnostic(
        isrc.span(inode),
        f"`{call}` {_HOW[r.hmode, r.mode]} a mutex its goroutine already holds: {who}{more}. Go mutexes "
        f"are not reentrant, so the goroutine blocks here forever on a lock it holds itself — and every "
        f"other goroutine that needs `{lock_expr}` piles up behind it.",
        [Related(src.span(r.lock), f"`{lock_expr}` is {held} here")] + [Related(s.span(n), text) for s, n, text in r.chain[:-1]],
        [],
    )


SELF_DEADLOCK = register(
    Rule(
        id="mutex-self-deadlock",
        title="Mutex locked again by the goroutine that holds it",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds a mutex locked again by the goroutine that holds it: a method holding `s.mu` calls,
directly or through other methods of the same receiver (in any file of the package), a method
that locks `s.mu`; or a function holding a package-level mutex calls one that locks it. The
finding is at the inner Lock, where the goroutine blocks, with the outer Lock and the calls that
lead there as evidence; when several callers holding the lock reach the same Lock, it is reported
once, showing the first of them. Locks are matched per object (`s.mu` and `s.other()` on the same
`s`), an Unlock before the call releases the lock, and calls in `go` statements run on another
goroutine and are not followed.

Callbacks too: a func value called with the mutex taken (a func-typed field, a parameter, an
element of a slice or map of listeners or handlers), directly or one or two calls down, when a
function the package puts into that callback locks a mutex field of the same type again: a
func literal or method passed to the registering function or stored in the field, or any
function the package makes a value of the callback's named func type. That finding is at the
call made with the mutex taken, with the registration and the inner Lock as evidence. Callbacks
run on their own goroutine, or after the lock is released (copy the listeners, unlock, call),
are not reported; nor are callbacks nothing of the package flows into.

Listeners from outside the package too: an exported method stores its parameter, of a func type
or of an interface the package declares with only exported methods, in a slice, map or sync.Map
field of its type (or of a struct the type embeds); a method with that type's mutex write-taken
calls the stored listeners, directly or one or two calls down on the same value, telling them
only that something changed (no argument but the value itself, and nothing asked of it but an
error: `l.Changed()`, not `if p.Name() == name`); and another exported method of the type, one
that takes no listener, locks the same mutex itself to hand back what it reads (a getter, which
changes nothing of the value). A listener that
reads the value back through it blocks forever. That finding is at the call made with the mutex
taken, with the Lock, the listener call, the registration and the getter's Lock as evidence.
Listeners called with only a read lock taken, after the Unlock, handed the new value, or
registered only by the package itself are not reported.
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
    )
)
