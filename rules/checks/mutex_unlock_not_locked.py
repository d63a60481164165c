"""mutex-unlock-not-locked: Unlock of a mutex the function never locks and no caller holds."""

from __future__ import annotations

from .. import goast
from ..concurrency import concurrency, doc_says_locked
from ..goast import Node, func_label
from ..lockfuncs import lock_funcs
from ..model import Diagnostic, Severity
from ..package import PackageView
from ..parse import calls_in
from ..registry import Rule, register
from ..scope import resolve
from ..synctypes import embeds_mutex

_LOCK_OPS = {"Lock", "RLock", "Unlock", "RUnlock", "TryLock", "TryRLock"}


def _unlock_unlocked(view: PackageView):
    cc = concurrency(view)
    out = []
    for src, fn, calls in lock_funcs(view):
        if fn.type == "func_literal" or src.test_code:
            continue
        name = goast.func_name(fn, src)
        if "lock" in name.lower() or name.startswith(("locked", "Locked")):
            continue
        if doc_says_locked(fn, src):
            continue
        # every call in the whole declaration, func literals included
        all_calls = [(c, o, m) for c, o, m in _all_lock_calls(fn, src)]
        other_lockers = _calls_lock_helper(fn, src)
        for c, o, m in calls:
            if m not in ("Unlock", "RUnlock") or goast.enclosing_func(c) != fn:
                continue
            want = ("Lock", "TryLock") if m == "Unlock" else ("RLock", "TryRLock")
            if any(oo == o and mm in want for _, oo, mm in all_calls):
                continue
            if m == "Unlock" and any(oo == o and mm in ("RLock",) for _, oo, mm in all_calls):
                continue  # a mismatched pair is a different mistake; stay silent
            if other_lockers or _param_mutex(view, c, src) or o in _split_lockers(view, fn, src, o, c):
                continue
            entry = cc.entry_locks(fn, src)
            if entry:
                continue
            out.append(
                Diagnostic(
                    src.span(c),
                    f"`{o}.{m}()` unlocks a mutex this function never locks, and no caller in the package holds it "
                    f"when calling `{name}`: when it is not held this is `fatal error: sync: unlock of unlocked "
                    f"mutex` (an unrecoverable crash); when another goroutine holds it, this releases that "
                    f"goroutine's critical section.",
                    [],
                    [],
                    anchor=f"{func_label(fn, src)}|unlock-unlocked|{o}|{m}",
                )
            )
            break
    return out


def _param_mutex(view, call, src) -> bool:
    """The mutex came in as a (non-receiver) parameter: the caller manages it."""
    o = call.child_by_field_name("function").child_by_field_name("operand")
    base = o
    while base is not None and base.type == "selector_expression":
        base = base.child_by_field_name("operand")
    if base is None or base.type != "identifier":
        return True
    return resolve(base, src, view).kind == "param"


def _split_lockers(view, fn, src, o, unlock: Node | None = None) -> set[str]:
    """If some function of the package locks `o` and returns holding it on some path (a
    Lock/Unlock split across methods: `beginTx` takes the lock a transaction holds until
    `removeTx`; `db.Txn()` locks `db.writer` that `txn.Commit()` releases through `txn.db`),
    {o}. Locks are compared by their canonical names (`Type.field`), whatever path reaches them."""
    cc = concurrency(view)
    operand = unlock.child_by_field_name("function").child_by_field_name("operand") if unlock is not None else None
    if operand is not None:
        target = cc.lock_name(operand, src, fn)
        # `w.t.Unlock()`, the field a struct embedding its mutex: the lock its own methods
        # call `t.Lock()`, named by the struct's type
        owner = cc.type_of_operand(operand, src) if operand.type == "selector_expression" else None
        if owner in embeds_mutex(view):
            target = owner
    else:
        rname, rtype, _ = goast.receiver(fn, src)
        if not rname or not o.startswith(rname + "."):
            return set()
        target = rtype + o[len(rname) :]
    for fi in view.funcs.values():
        if fi.node == fn:
            continue
        calls = _all_lock_calls(fi.node, fi.src)
        mine = []
        for c, _, m in calls:
            op = c.child_by_field_name("function").child_by_field_name("operand")
            if cc.lock_name(op, fi.src, fi.node) == target:
                mine.append((c, m))
        if not any(m in ("Lock", "RLock") for _, m in mine):
            continue
        unlocks = [c for c, m in mine if m in ("Unlock", "RUnlock")]
        if not unlocks or _returns_holding(cc, fi, target) or all(_under_if(c, fi.node) for c in unlocks):
            return {o}
    return set()


def _under_if(call: Node, fn: Node) -> bool:
    """The unlock runs only on some paths (`if err != nil { fp.mu.RUnlock() }`): the others
    return holding the lock, for a counterpart (`Release`) to unlock."""
    return any(a.type == "if_statement" for a in goast.ancestors_below(call, fn))


def _returns_holding(cc, fi, lock: str) -> bool:
    body = fi.node.child_by_field_name("body")
    if body is None:
        return False
    exits = list(goast.of_type(body, "return_statement", skip_func_literals=True))
    last = body.named_children[-1] if body.named_children else None
    if last is not None and last.type == "statement_list" and last.named_children:
        last = last.named_children[-1]
    if last is not None and last.type != "return_statement":
        exits.append(last)  # falling off the end, held when its last statement has run
    for e in exits:
        held = cc.locks_at(e, fi.src, fi.node)
        if e.type != "return_statement":
            cc.apply_lock_stmt(e, fi.src, fi.node, held)  # the statement's own effect
        if lock in held:
            return True
    return False


def _all_lock_calls(fn, src):
    body = fn.child_by_field_name("body")
    if body is None:
        return []
    out = []
    for n in calls_in(src, body):
        f = n.child_by_field_name("function")
        if f is None or f.type != "selector_expression":
            continue
        m = f.child_by_field_name("field")
        o = f.child_by_field_name("operand")
        if m is not None and o is not None and src.text(m) in _LOCK_OPS:
            out.append((n, src.text(o).replace(" ", ""), src.text(m)))
    return out


def _calls_lock_helper(fn, src) -> bool:
    """Calls like `s.lockAll()` / `acquire(&s.mu)` may take the lock for us."""
    body = fn.child_by_field_name("body")
    for n in calls_in(src, body):
        f = n.child_by_field_name("function")
        name = src.text(f).rsplit(".", 1)[-1] if f is not None else ""
        low = name.lower()
        if ("lock" in low and name not in _LOCK_OPS and "unlock" not in low) or low in ("acquire", "enter"):
            return True
    return False


MU_UNLOCK_UNLOCKED = register(
    Rule(
        id="mutex-unlock-not-locked",
        title="Unlock of a mutex the function never locks",
        family="E",
        severity=Severity.WARNING,
        what="""
Finds `mu.Unlock()` / `mu.RUnlock()` in a function that never locks that mutex itself, whose
callers in the package do not hold it, and which is neither named nor documented as running with
the lock held (`fooLocked`, "must hold mu"), unless some function of the package returns holding
it (a constructor that locks the value it wraps for the wrapper's `Close` to unlock).
""",
        why="""
Unlocking a mutex that is not locked is `fatal error: sync: unlock of unlocked mutex`, which no
recover can catch. If another goroutine happens to hold the lock, this Unlock silently ends that
goroutine's critical section and lets a third one in: a data race that a lock was meant to prevent.
""",
        example="""
func (q *Queue) Pop() Item {
	it := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock() // nobody locked q.mu
	return it
}
""",
        instead="""
func (q *Queue) Pop() Item {
	q.mu.Lock()
	defer q.mu.Unlock()
	it := q.items[0]
	q.items = q.items[1:]
	return it
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        in_tests=False,
        tests_reason="a test that releases a lock the code under test took (a test hook around a mocked exit) does it on purpose.",
        run=_unlock_unlocked,
    )
)
