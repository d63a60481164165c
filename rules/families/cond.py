"""Family E: sync.Cond misuse. `Wait` outside a loop that re-checks the condition, a Cond that
is waited on but never signalled, and `Wait` without holding `c.L`.

A Cond is recognised from declarations only: a field, variable or parameter declared
`sync.Cond` / `*sync.Cond`, or a variable initialised with `sync.NewCond(...)`. Packages that
never mention `Cond` cost one byte search per file."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import goast
from ..concurrency import concurrency
from ..goast import Node, unparen
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register
from ..scope import resolve
from ..synctypes import is_sync_type, sync_name, type_text

_COND_CALL_RE = re.compile(rb"\.(Wait|Signal|Broadcast)\(\)")

_LOCKISH = ("Lock", "Unlock", "RLock", "RUnlock")


@dataclass(eq=False)
class CondCall:
    call: Node
    operand: Node
    method: str
    src: SourceFile
    key: tuple          # identity of the Cond: ("field", Type, name) | ("var", path, byte) | ("pkg", name)
    fname: str          # the field or variable name


def _package_has_cond(view: PackageView) -> bool:
    return any(src.mentions(b"Cond") and (src.mentions(b"sync.Cond") or src.mentions(b"NewCond("))
               for src in view.files)


def _is_cond_decl_value(value: Node | None, src: SourceFile) -> bool:
    if value is None:
        return False
    value = unparen(value)
    if value.type != "call_expression":
        return False
    recv, name = goast.call_parts(value, src)
    return name == "NewCond" and recv is not None and recv == sync_name(src)


def _cond_key(view: PackageView, operand: Node, src: SourceFile) -> tuple[tuple, str] | None:
    operand = unparen(operand)
    if operand.type == "identifier":
        d = resolve(operand, src, view)
        if d.src is None:
            return None
        is_cond = is_sync_type(type_text(view, operand, src), ("Cond",), src) or \
            (d.type is None and _is_cond_decl_value(d.value, d.src))
        if not is_cond:
            return None
        if d.kind == "package":
            return ("pkg", d.name), d.name
        if d.ident is None:
            return None
        return ("var", d.src.path, d.ident.start_byte), d.name
    if operand.type == "selector_expression":
        inner = operand.child_by_field_name("operand")
        fld = operand.child_by_field_name("field")
        if inner is None or fld is None:
            return None
        tname = concurrency(view).type_of_operand(inner, src, depth=4)
        if tname is None:
            return None
        typ, fsrc = view.field_type(tname, src.text(fld))
        if typ is None or fsrc is None or not is_sync_type(fsrc.text(typ).replace(" ", ""), ("Cond",), fsrc):
            return None
        return ("field", tname, src.text(fld)), src.text(fld)
    return None


def cond_calls(view: PackageView) -> list[CondCall]:
    """Every Wait/Signal/Broadcast call on a recognisable sync.Cond in the package (cached)."""
    got = view.__dict__.get("_goleash_condcalls")
    if got is not None:
        return got
    got = []
    view.__dict__["_goleash_condcalls"] = got
    if not _package_has_cond(view):
        return got
    for src in view.files:
        if not (src.mentions(b".Wait()") or src.mentions(b".Signal()") or src.mentions(b".Broadcast()")):
            continue
        for mt in _COND_CALL_RE.finditer(src.data):
            m = mt.group(1).decode()
            fld = src.root.descendant_for_byte_range(mt.start(1), mt.end(1))
            if fld is None or fld.type != "field_identifier":
                continue
            fn = fld.parent
            call = fn.parent if fn is not None else None
            if fn is None or fn.type != "selector_expression" or call is None or call.type != "call_expression" \
                    or call.child_by_field_name("function") != fn or goast.call_args(call):
                continue
            op = fn.child_by_field_name("operand")
            if op is None:
                continue
            k = _cond_key(view, op, src)
            if k is None:
                continue
            got.append(CondCall(call, op, m, src, k[0], k[1]))
    got.sort(key=lambda c: (c.src.path, c.call.start_byte))
    return got


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
    sites = [(c, s) for c, s in cc.call_sites_of(name)
             if (t := cc.resolve_call(c, s)) is None or t.node == fn]
    if not sites:
        return None
    return any(_site_in_loop(c) for c, _ in sites)


def _code_after(guard: Node, src: SourceFile) -> bool:
    """Statements after the guarding `if` (other than unlocks and returns of nothing) that rely
    on the condition."""
    st = guard
    while st.parent is not None and st.parent.type != "statement_list":
        st = st.parent
    for nxt in (st.parent.named_children if st.parent is not None else []):
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


def _calls_in(fn: Node, src: SourceFile):
    for n in goast.of_type(goast.func_body(fn) or fn, "call_expression", skip_func_literals=True):
        yield n


# -- cond-wait-not-in-loop --------------------------------------------------------------


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
        msg = (f"`{op}.Wait()` is not inside a `for` loop: the condition `{ctext}` is checked once, and Wait "
               f"returns on any Signal or Broadcast — also when another waiter was woken first and already "
               f"consumed the state. The code after it then runs with `{ctext}` still true (taking from an "
               f"empty queue panics with `index out of range`, or it proceeds with a nil value).")
        related = [Related(src.span(guard.children[0]), "the condition is checked only once here")]
        for s in signals:
            if s.key == cw.key:
                related.append(Related(s.src.span(s.call), f"`{s.method}` here wakes the waiter whether or not the condition changed for it"))
                break
        fixes = []
        cons = guard.child_by_field_name("consequence")
        if (guard.child_by_field_name("initializer") is None and guard.child_by_field_name("alternative") is None
                and cons is not None and st is not None and goast.statements(cons) == [st]
                and st.type == "expression_statement" and guard.children[0].type == "if"):
            kw = guard.children[0]
            fixes.append(Fix(f"Re-check the condition in a loop: `for {ctext} {{ {op}.Wait() }}`",
                             (TextEdit(src.path, kw.start_byte, kw.end_byte, "for"),)))
        out.append(Diagnostic(src.span(cw.call), msg, related, fixes,
                              anchor=f"{_label(fn, src)}|{op}|wait-not-in-loop"))
    return out


def _label(fn: Node, src: SourceFile) -> str:
    decl = fn if fn.type != "func_literal" else goast.enclosing_decl(fn)
    if decl is None:
        return "func"
    _, rtype, _ = goast.receiver(decl, src)
    name = goast.func_name(decl, src)
    return f"{rtype}.{name}" if rtype else name


COND_WAIT_NOT_IN_LOOP = register(Rule(
    id="cond-wait-not-in-loop",
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
))


# -- cond-never-signalled -----------------------------------------------------------------


_SEL_QUERY = "(selector_expression field: (field_identifier) @f) @sel"


def _field_uses_ok(view: PackageView, fname: str) -> bool:
    """Every `x.fname` in the package is `x.fname.Wait()/.L/.Signal()/.Broadcast()` or the
    initialisation `x.fname = sync.NewCond(...)` / `fname: sync.NewCond(...)`: the Cond is not
    handed to code we cannot see."""
    needle = fname.encode()
    for src in view.files:
        if needle not in src.data:
            continue
        for n in goast.of_type(src.root, "field_identifier"):
            if n.text != needle:
                continue
            p = n.parent
            if p is None:
                continue
            if p.type == "field_declaration":
                continue
            if p.type != "selector_expression":
                return False
            gp = p.parent
            if gp is not None and gp.type == "selector_expression" and gp.child_by_field_name("operand") == p:
                f = src.text(gp.child_by_field_name("field"))
                if f in ("Wait", "Signal", "Broadcast", "L"):
                    continue
                return False
            if gp is not None and gp.type == "expression_list" and gp.parent is not None \
                    and gp.parent.type == "assignment_statement" and gp.parent.child_by_field_name("left") == gp:
                continue
            return False
        # keyed composite literal fields `cond: sync.NewCond(&mu)` are field_identifier too? no:
        # they parse as literal keys; nothing to check — they only initialise.
    return True


def _var_uses_ok(view: PackageView, key: tuple, name: str, scope_nodes) -> bool:
    for src, node in scope_nodes:
        for n in goast.of_type(node, "identifier"):
            if src.text(n) != name:
                continue
            d = resolve(n, src, view)
            k = ("pkg", name) if d.kind == "package" else (("var", d.src.path, d.ident.start_byte) if d.ident is not None and d.src is not None else None)
            if k != key:
                continue
            if d.ident is not None and n == d.ident:
                continue
            p = n.parent
            if p is not None and p.type == "var_spec" and n in p.children_by_field_name("name"):
                continue
            if p is not None and p.type == "selector_expression" and p.child_by_field_name("operand") == n:
                f = src.text(p.child_by_field_name("field"))
                if f in ("Wait", "Signal", "Broadcast", "L"):
                    continue
            if p is not None and p.type == "expression_list" and p.parent is not None \
                    and p.parent.type == "assignment_statement" and p.parent.child_by_field_name("left") == p:
                continue
            return False
    return True


def _never_signalled(view: PackageView):
    out = []
    calls = cond_calls(view)
    if not calls:
        return out
    by_key: dict[tuple, list[CondCall]] = {}
    for c in calls:
        by_key.setdefault(c.key, []).append(c)
    signalled_fields = {c.fname for c in calls if c.method != "Wait" and c.key[0] == "field"}
    for key, cs in by_key.items():
        waits = [c for c in cs if c.method == "Wait"]
        if not waits or any(c.method != "Wait" for c in cs):
            continue
        w = waits[0]
        src = w.src
        if key[0] == "field":
            fname = key[2]
            if not fname[:1].islower() or fname in signalled_fields:
                continue
            if not _any_signal_text(view, fname):
                if not _field_uses_ok(view, fname):
                    continue
            else:
                continue
            what = f"field `{fname}` of `{key[1]}`"
            decl = view.structs.get(key[1])
        elif key[0] == "pkg":
            fname = key[1]
            if not fname[:1].islower() or _any_signal_text(view, fname):
                continue
            if not _var_uses_ok(view, key, fname, [(s, s.root) for s in view.files if fname.encode() in s.data]):
                continue
            what = f"package variable `{fname}`"
            decl = None
        else:
            fname = w.fname
            fn = goast.enclosing_decl(w.call) or goast.enclosing_func(w.call)
            if fn is None or not _var_uses_ok(view, key, fname, [(src, fn)]):
                continue
            what = f"local `{fname}`"
            decl = None
        op = src.text(w.operand)
        msg = (f"`{op}.Wait()` waits for a Signal or Broadcast that never comes: nothing in the package calls "
               f"`Signal` or `Broadcast` on {what}, and it is not visible outside the package. The goroutine "
               f"blocks forever (in `main`: `fatal error: all goroutines are asleep - deadlock!`), holding "
               f"nothing but leaking everything it references.")
        related = [Related(c.src.span(c.call), "also waits here, never woken") for c in waits[1:3]]
        if decl is not None:
            related.append(Related(decl.src.span(decl.node), f"`{fname}` is declared here; no code signals it"))
        fn = goast.enclosing_func(w.call)
        out.append(Diagnostic(src.span(w.call), msg, related, [],
                              anchor=f"{_label(fn, src) if fn is not None else ''}|{op}|never-signalled"))
    return out


def _any_signal_text(view: PackageView, name: str) -> bool:
    a = f"{name}.Signal".encode()
    b = f"{name}.Broadcast".encode()
    return any(a in s.data or b in s.data for s in view.files)


COND_NEVER_SIGNALLED = register(Rule(
    id="cond-never-signalled",
    title="sync.Cond waited on but never signalled",
    family="E",
    severity=Severity.ERROR,
    what="""
Finds `c.Wait()` on a package-local `sync.Cond` (an unexported field or variable, or a local)
when no code in the package ever calls `c.Signal()` or `c.Broadcast()` on it and the Cond is
never handed to other code.
""",
    why="""
`Wait` returns only after a `Signal` or `Broadcast`. When nothing ever sends one, every waiter
blocks forever: a leaked goroutine per call, or, when it is the last goroutine running,
`fatal error: all goroutines are asleep - deadlock!`. Usually the code that changes the
condition forgot to announce it.
""",
    example="""
func (q *Queue) Put(it Item) {
	q.mu.Lock()
	q.items = append(q.items, it) // nobody is told
	q.mu.Unlock()
}
""",
    instead="""
func (q *Queue) Put(it Item) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.mu.Unlock()
	q.cond.Signal()
}
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    run=_never_signalled,
))


# -- cond-wait-without-lock ---------------------------------------------------------------


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
        if scope is None or _odd_locking(scope, src) or _locks_before(scope, src, cw.call):
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
        msg = (f"`{op}.Wait()` is called without holding `{op}.L`: Wait starts by unlocking `{op}.L`, and "
               f"unlocking a mutex that is not locked kills the process with `fatal error: sync: unlock of "
               f"unlocked mutex` (not recoverable). If another goroutine holds the lock, Wait releases "
               f"that goroutine's lock instead and the data it protects is no longer protected.")
        related = []
        for n in _calls_in(scope, src):
            _, name = goast.call_parts(n, src)
            if name in ("Lock", "RLock") and n.start_byte > cw.call.end_byte:
                related.append(Related(src.span(n), "the lock is taken only here, after the Wait"))
                break
        out.append(Diagnostic(src.span(cw.call), msg, related, [],
                              anchor=f"{_label(scope, src)}|{op}|wait-without-lock"))
    return out


COND_WAIT_WITHOUT_LOCK = register(Rule(
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
))
