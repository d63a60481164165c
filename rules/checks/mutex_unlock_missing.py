"""mutex-unlock-missing: a mutex still held on a return or panic path before its Unlock."""

from __future__ import annotations

from .. import goast
from ..concurrency import PLAIN, concurrency, failed_calls, is_handler, unlock_through_value
from ..fixgen import insert_before
from ..flow import RETURNS, dominated, exits_between, is_deferred, is_expr_stmt, own_calls, own_owners
from ..goast import Node, func_label, line_of
from ..lockfuncs import lock_funcs
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register

_PAIR = {"Lock": "Unlock", "RLock": "RUnlock"}
_CONTINUES = frozenset({"continue_statement"})
_UNARY = frozenset({"unary_expression"})


def _releases_in_return(e: Node, src: SourceFile) -> bool:
    """`return s.unlockAndGet()`, `return nil, s.unlock()`: a helper releases on the way out."""
    return "unlock" in src.text(e).lower() or "Unlock" in src.text(e)


class _Own:
    """`fn`'s own nodes (not in nested literals), its exits found once: a function that locks
    many times is asked about them for every Lock."""

    def __init__(self, fn: Node, src: SourceFile, panics: bool) -> None:
        self.fn, self.src, self.panics = fn, src, panics
        self._got: dict = {}

    def owners(self, token: str, types: frozenset[str]) -> list[Node]:
        return own_owners(self.fn, self.src, token, types)

    def calls(self) -> list[Node]:
        return own_calls(self.fn, self.src)

    def exits_between(self, start: int, end: int) -> list[Node]:
        got = self._got.get("exits")
        if got is None:
            got = self._got["exits"] = exits_between(self.fn, self.src, self.fn.start_byte, self.fn.end_byte, panics=self.panics)
        return [e for e in got if start <= e.start_byte < end]


def _unlock_missing(view: PackageView):
    out = []
    recovered = view.name != "main" or any(src.mentions(b"recover()") for src in view.files)
    for src, fn, calls in lock_funcs(view):
        # (in test code a panic ends the test binary: no later Lock can meet the lock held)
        own = _Own(fn, src, recovered and not src.test_code or _run_by_handler(view, fn, src))
        for lock, o, m in calls:
            if m not in _PAIR or not is_expr_stmt(lock):
                continue
            unlock_name = _PAIR[m]
            if any(oo == o and mm == unlock_name and is_deferred(c) for c, oo, mm in calls):
                continue
            if _handed_to_caller(own, src, o):
                continue
            if _temporary_receiver(view, fn, src, o):
                continue
            stmt = lock.parent
            lst = stmt.parent
            if lst is None or lst.type != "statement_list":
                continue
            later = [c for c, oo, mm in calls if oo == o and mm == unlock_name and c.start_byte > lock.start_byte]
            # the Unlock that ends the critical section: at the same level, after the Lock
            end_unlock = next((c for c in later if c.parent.type == "expression_statement" and c.parent.parent == lst), None)
            if end_unlock is None:
                continue
            if any(mm == m and oo == o and lock.start_byte < c.start_byte < end_unlock.start_byte for c, oo, mm in calls):
                continue
            # a helper called in between may take over the lock (`s.unlockAndWait()`)
            between = src.data[lock.end_byte : end_unlock.start_byte]
            exits = [
                e
                for e in own.exits_between(lock.end_byte, end_unlock.start_byte)
                + _loop_restarts(own, src, lock, end_unlock, [c for c, oo, mm in calls if oo == o and mm == unlock_name])
                if not dominated(e, later, fn) and not _releases_in_return(e, src) and not _unlocked_by_helper(view, e, own, src, lock, o)
            ]
            if not exits:
                continue
            out.append(_unlock_diag(src, fn, lock, o, m, unlock_name, exits, end_unlock, between))
    return out


def _temporary_receiver(view: PackageView, fn: Node, src: SourceFile, o: str) -> bool:
    """The lock is the receiver's, and every call runs the method on a value made for that call
    alone and dropped after it (`rcvTLSConn(conn).read()`, `(&tlsConn{}).read()`): no later
    Lock can meet the lock left held."""
    recv = goast.receiver(fn, src)[0]
    if recv is None or not o.startswith(recv + "."):
        return False
    cc = concurrency(view)
    calls = cc.possible_callers(fn, src)
    if not calls:
        return False
    for call, csrc in calls:
        f = call.child_by_field_name("function")
        operand = goast.unparen(f.child_by_field_name("operand")) if f is not None and f.type == "selector_expression" else None
        if operand is not None and operand.type == "unary_expression" and csrc.text(operand).startswith("&"):
            operand = goast.unparen(operand.child_by_field_name("operand"))
        if operand is None or operand.type not in ("call_expression", "composite_literal"):
            return False
        if operand.type == "call_expression" and not cc.returns_fresh(cc.resolve_call(operand, csrc)):
            return False
    return True


def _run_by_handler(view: PackageView, fn: Node, src: SourceFile) -> bool:
    """net/http recovers a handler's panic and serves the next request: in a program that
    recovers nothing itself, only a panic on a handler's path leaves the program running with
    the mutex locked; any other ends it, and nothing is left to find the mutex locked."""
    if fn.type == "func_literal" and is_handler(fn, src):
        return True
    cc = concurrency(view)
    boundary = cc.boundary_of(fn, src) if fn.type == "func_literal" else fn
    return boundary is not None and any(r is not PLAIN and r.kind == "handler" for r in cc.roots_of(boundary, src))


def _loop_restarts(own: _Own, src: SourceFile, lock: Node, end_unlock: Node, unlocks: list[Node]) -> list[Node]:
    """`continue` statements between the Lock and its Unlock that start the next iteration of a
    loop around the Lock: that iteration locks again while the lock is still held. A loop that
    unlocks before it gets back to the Lock keeps the lock across iterations on purpose."""
    fn = own.fn
    out = []
    for c in own.owners("continue", _CONTINUES):
        if not (lock.end_byte <= c.start_byte < end_unlock.start_byte):
            continue
        label = next((ch for ch in c.named_children if ch.type == "label_name"), None)
        loop = None
        for a in goast.ancestors(c):
            if a == fn or a.type in ("func_literal", "function_declaration", "method_declaration"):
                break
            if a.type != "for_statement":
                continue
            if label is None:
                loop = a
                break
            lab = a.parent
            if (
                lab is not None
                and lab.type == "labeled_statement"
                and any(ch.type == "label_name" and src.text(ch) == src.text(label) for ch in lab.named_children)
            ):
                loop = a
                break
        if loop is None or not goast.inside(lock, loop):
            continue
        if any(loop.start_byte <= u.start_byte < lock.start_byte for u in unlocks):
            continue
        out.append(c)
    return out


def _unlocked_by_helper(view, e: Node, own: _Own, src: SourceFile, lock: Node, o: str) -> bool:
    """A call preceding `e` on its path releases the lock: one whose name mentions unlocking, or
    a local closure that unlocks it (`doErr := func(err error) { ...; js.mu.Unlock() }`)."""
    fn = own.fn
    for n in own.calls():
        if not (lock.end_byte < n.start_byte < e.start_byte) or not dominated(e, [n], fn):
            continue
        f = n.child_by_field_name("function")
        name = src.text(f).rsplit(".", 1)[-1] if f is not None else ""
        if "unlock" in name.lower() and name not in ("Unlock", "RUnlock"):
            return True
        released = unlock_through_value(n, src, view)
        if released is not None and src.text(released).replace(" ", "") == o:
            return True
    # a method of the same receiver that lets the lock go before each error it returns, when
    # `e` is the caller's return of that error
    return e.type == "return_statement" and any(
        lock.end_byte < c.start_byte and _unlocks_on_error(view, c, src, fn, o) for c in failed_calls(e, fn, src)
    )


def _unlocks_on_error(view, call: Node, src: SourceFile, fn: Node, o: str) -> bool:
    """`call` runs a method on the same receiver that, before each return of an error, releases
    the receiver's lock `o` names (`a.Unlock(); return err`): the caller's error return leaves
    with the lock released."""
    recv = goast.receiver(fn, src)[0]
    if not recv or not (o == recv or o.startswith(recv + ".")):
        return False
    f = call.child_by_field_name("function")
    operand = f.child_by_field_name("operand") if f is not None and f.type == "selector_expression" else None
    if operand is None or src.text(operand) != recv:
        return False
    callee = concurrency(view).resolve_call(call, src)
    if callee is None or callee.body is None or not callee.recv_name:
        return False
    lock = callee.recv_name + o[len(recv) :]
    names = (f"{lock}.Unlock", f"{lock}.RUnlock")
    unlocks = [c for c in own_calls(callee.node, callee.src) if callee.src.text(c.child_by_field_name("function")).replace(" ", "") in names]
    failing = [r for r in own_owners(callee.node, callee.src, "return", RETURNS) if _returns_error(r, callee.src)]
    return bool(failing) and all(dominated(r, unlocks, callee.node) for r in failing)


def _returns_error(ret: Node, src: SourceFile) -> bool:
    """A return whose last value is an error that is not `nil`."""
    vals = ret.named_children[0].named_children if ret.named_children and ret.named_children[0].type == "expression_list" else ret.named_children
    return bool(vals) and vals[-1].type != "nil"


def _handed_to_caller(own: _Own, src: SourceFile, o: str) -> bool:
    """`return ..., &c.rlock` or `lock = &c.rlock` into a result: the caller unlocks it."""
    for n in own.owners("&", _UNARY):  # (`&x`: its `&` is the unary expression's own token)
        if src.text(n).replace(" ", "") == f"&{o}":
            p = n.parent
            while p is not None and p.type == "expression_list":
                p = p.parent
            if p is not None and p.type in ("return_statement", "assignment_statement"):
                return True
    return False


_SIMPLE_RESULTS = ("identifier", "nil", "true", "false", "int_literal", "interpreted_string_literal", "raw_string_literal", "float_literal")


_EXIT_WORD = {"call_expression": "panic", "continue_statement": "continue"}


def _unlock_diag(src, fn, lock, o, m, unlock_name, exits, end_unlock, between):
    exits = sorted(exits, key=lambda x: x.start_byte)
    e = exits[0]
    kind = _EXIT_WORD.get(e.type, "return")
    fixes = []
    rets = [x for x in exits if x.type == "return_statement"]
    if len(rets) == len(exits):
        simple = True
        for r in rets:
            for val in r.named_children:
                vals = val.named_children if val.type == "expression_list" else [val]
                if any(v.type not in _SIMPLE_RESULTS for v in vals):
                    simple = False
        indent_ok = all(src.line_start(r.start_byte) + len(src.indent_at(r.start_byte).encode()) == r.start_byte for r in rets)
        if simple and indent_ok:
            fixes.append(
                Fix("Unlock before returning", tuple(insert_before(src, r, f"{o}.{unlock_name}()\n{src.indent_at(r.start_byte)}") for r in rets))
            )
    what = {"panic": "panics", "continue": "goes on to the next iteration of the loop"}.get(kind, "returns")
    # Reported at the exit that skips the Unlock: that is the line a change usually adds, and the
    # line the patch edits; the Lock is evidence.
    return Diagnostic(
        src.span(e),
        f"This {kind} leaves `{o}` locked: `{o}.{m}()` at line {line_of(src, lock)} is released only by "
        f"`{o}.{unlock_name}()` at line {line_of(src, end_unlock)}, which the function skips when it {what} here, and "
        f"nothing defers the unlock: "
        + (
            f"the next iteration's `{o}.{m}()` blocks forever on the lock this goroutine still holds, and every other "
            f"goroutine that needs `{o}` piles up behind it."
            if kind == "continue"
            else f"the mutex stays locked forever and every later `{o}.Lock()` blocks (a deadlock that grows with each caller"
            f"{', and a recovered panic leaves it locked' if kind == 'panic' else ''})."
        ),
        [Related(src.span(lock), f"`{o}` is locked here")]
        + [Related(src.span(x), f"{_EXIT_WORD.get(x.type, 'return')} with `{o}` still locked") for x in exits[1:]]
        + [Related(src.span(end_unlock), "the only release on the normal path")],
        fixes,
        anchor=f"{func_label(goast.enclosing_decl(fn) or fn, src)}|unlock-missing|{o}|{m}",
    )


MU_UNLOCK = register(
    Rule(
        id="mutex-unlock-missing",
        title="Mutex held on a return or panic path",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds `mu.Lock()` (or `RLock`) released by an explicit `mu.Unlock()` further down the same block,
with a `return` or `panic` in between that leaves the function while the lock is held and no
`defer mu.Unlock()`, or a `continue` that goes back to the Lock of a loop around it (unless the
loop unlocks first) and so locks again what it still holds. A method of the same receiver that
unlocks before each error it returns releases the lock on the caller's `if err != nil { return err }`.
The finding is at the exit that
skips the Unlock (where the patch adds it); the Lock is its evidence. In a program (`package
main`) that recovers nothing itself, a panic ends the program unless an HTTP handler runs it
(net/http recovers those): only the handler's path is reported.
""",
        why="""
The early exit skips the Unlock: the mutex stays locked forever, and the next goroutine that calls
`Lock` blocks for good. In a server every request touching the lock piles up behind it; a
recovered panic (net/http recovers handler panics) leaves the lock held the same way.
""",
        example="""
c.mu.Lock()
v, ok := c.items[k]
if !ok {
	return nil, false // c.mu is still locked
}
c.mu.Unlock()
return v, true
""",
        instead="""
c.mu.Lock()
defer c.mu.Unlock()
v, ok := c.items[k]
if !ok {
	return nil, false
}
return v, true
""",
        vet_overlap="Not covered by go vet; staticcheck reports only an immediately missing unlock (SA2001 is about empty critical sections).",
        run=_unlock_missing,
    )
)
