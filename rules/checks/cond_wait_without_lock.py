"""cond-wait-without-lock: `c.Wait()` with no lock held."""

from __future__ import annotations

from .. import goast
from ..concurrency import concurrency
from ..condcalls import cond_calls, cond_label
from ..goast import Node
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register

_LOCKISH = ("Lock", "Unlock", "RLock", "RUnlock")


def _calls_in(fn: Node, src: SourceFile):
    for n in goast.of_type(goast.func_body(fn) or fn, "call_expression", skip_func_literals=True):
        yield n


def _manages_locks(fn: Node, src: SourceFile) -> bool:
    """The function locks or unlocks something itself (not a helper run under the caller's lock)."""
    for n in _calls_in(fn, src):
        _, name = goast.call_parts(n, src)
        if name in _LOCKISH:
            return True
    return False


def _odd_locking(fn: Node, src: SourceFile) -> bool:
    """Helpers like `s.lock()`, `TryLock`, or locks taken in a way we do not model."""
    for n in _calls_in(fn, src):
        _, name = goast.call_parts(n, src)
        if name and "lock" in name.lower() and name not in _LOCKISH:
            return True
    return False


def _locks_before(scope: Node, src: SourceFile, wait: Node) -> bool:
    """Any Lock/RLock call textually before the Wait in the function (even in a branch or a
    closure): the lock may well be held; stay silent."""
    body = goast.func_body(scope) or scope
    for n in goast.of_type(body, "call_expression"):
        if n.start_byte >= wait.start_byte:
            break
        _, name = goast.call_parts(n, src)
        if name in ("Lock", "RLock"):
            return True
    return False


def _handed_a_lock(scope: Node, src: SourceFile, wait: Node) -> bool:
    """The function defers an unlock of a lock it never takes (`defer mu.RUnlock()` first thing
    in a goroutine its starter locked for): it runs holding that lock, handed over by whoever
    started or called it."""
    body = goast.func_body(scope) or scope
    for st in goast.statements(body):
        if st.start_byte >= wait.start_byte:
            break
        if st.type == "defer_statement" and st.named_children and st.named_children[0].type == "call_expression":
            _, name = goast.call_parts(st.named_children[0], src)
            if name in ("Unlock", "RUnlock"):
                return True
    return False


def _wait_without_lock(view: PackageView):
    out = []
    cc = concurrency(view)
    for cw in cond_calls(view):
        if cw.method != "Wait":
            continue
        src = cw.src
        boundary = cc.boundary_of(cw.call, src)
        if boundary is None:
            continue
        held = cc.locks_at(cw.call, src, boundary)
        if held:
            continue
        fn = goast.enclosing_func(cw.call)
        decl = goast.enclosing_decl(cw.call)
        scope = decl or fn
        if scope is None or _odd_locking(scope, src) or _locks_before(scope, src, cw.call) or _handed_a_lock(scope, src, cw.call):
            continue
        if fn is not None and fn.type == "func_literal" and boundary != fn:
            continue  # a callback run by someone who may hold the lock
        if boundary.type == "func_literal":
            # a goroutine starts holding nothing; only its own body can take the lock
            scope = boundary
            if _odd_locking(scope, src) or _locks_before(scope, src, cw.call):
                continue
            manages = True
        else:
            manages = _manages_locks(scope, src)
        if not manages:
            # a helper: only when every in-package caller is visible and holds nothing
            name = goast.func_name(scope, src)
            if name[:1].isupper() or scope.type == "func_literal":
                continue
            sites = [(c, s) for c, s in cc.call_sites_of(name) if (t := cc.resolve_call(c, s)) is not None and t.node == scope]
            if not sites:
                continue
            if any(cc.locks_at(c, s, cc.boundary_of(c, s) or c) or _odd_locking(goast.enclosing_decl(c) or c, s) for c, s in sites):
                continue
        else:
            # the function manages its own locks: the Wait must come after a Lock on its path,
            # and the lock ops before it in the function are all unlocks or none at all
            pass
        op = src.text(cw.operand)
        msg = (
            f"`{op}.Wait()` is called without holding `{op}.L`: Wait starts by unlocking `{op}.L`, and "
            f"unlocking a mutex that is not locked kills the process with `fatal error: sync: unlock of "
            f"unlocked mutex` (not recoverable). If another goroutine holds the lock, Wait releases "
            f"that goroutine's lock instead and the data it protects is no longer protected."
        )
        related = []
        for n in _calls_in(scope, src):
            _, name = goast.call_parts(n, src)
            if name in ("Lock", "RLock") and n.start_byte > cw.call.end_byte:
                related.append(Related(src.span(n), "the lock is taken only here, after the Wait"))
                break
        out.append(Diagnostic(src.span(cw.call), msg, related, [], anchor=f"{cond_label(scope, src)}|{op}|wait-without-lock"))
    return out


COND_WAIT_WITHOUT_LOCK = register(
    Rule(
        id="cond-wait-without-lock",
        title="sync.Cond.Wait without holding c.L",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds `c.Wait()` on a `sync.Cond` where no lock is held: no `Lock()` before it on its path in
the function, and — for a small unexported helper — none held by any of its callers in the
package.
""",
        why="""
`Wait` atomically unlocks `c.L` and suspends the goroutine. Called without the lock, the unlock
fails: `fatal error: sync: unlock of unlocked mutex`, which no `recover` can catch, and the whole
process exits. If another goroutine happens to hold `c.L`, Wait releases that goroutine's lock
instead, and the state it protects is silently corrupted.
""",
        example="""
func (b *Buffer) Read() []byte {
	for len(b.data) == 0 {
		b.cond.Wait() // b.mu is not held
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.take()
}
""",
        instead="""
func (b *Buffer) Read() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.data) == 0 {
		b.cond.Wait()
	}
	return b.take()
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_wait_without_lock,
    )
)
