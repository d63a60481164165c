"""Ownership handed over by a state field that a lock guards.

An actor-style type writes its own fields directly only while it is not yet running, and once
running lets one goroutine own them:

    s.mu.Lock()                           // Add
    if s.state == notRunning {
        s.services[id] = svc              // written here only before Serve starts
        s.mu.Unlock()
        return
    }
    s.mu.Unlock()
    s.control <- addService{svc}          // afterwards, the loop does it

    s.mu.Lock()                           // Serve
    s.state = running
    s.mu.Unlock()
    for { … s.services[id] … }            // no lock: Serve's goroutine owns the map now

The check and the set take the same lock, so they are ordered: if the check sees `notRunning`,
its writes finish under the lock before the set, and every access after the set happens after
them; if the set came first, the check fails and the write never happens. Nothing races, as
long as nothing sets the state back while the owner runs. This module answers whether a pair of
accesses (one under a lock, one without) is ordered that way."""

from __future__ import annotations

from . import goast
from .goast import Node
from .package import PackageView
from .parse import SourceFile, name_nodes


def handed_over(cc, held: Node, held_src: SourceFile, held_boundary: Node, free: Node, free_src: SourceFile, free_boundary: Node) -> bool:
    """`held` runs only while a state field, checked under a lock it still holds, has one value,
    and `free` runs only after a set of that field to another value under the same lock (in its
    function, before it, or before every call that leads to it); nothing else sets the field
    back."""
    guards = _guards(held, held_src, held_boundary)
    if not guards:
        return False
    at_access = cc.locks_at(held, held_src, held_boundary)
    if not at_access:
        return False
    for fld, value, operand, check in guards:
        locks = {k for k, mode in cc.locks_at(check, held_src, held_boundary).items() if mode != "r" and at_access.get(k) == mode}
        if not locks or _set_back(cc.view, fld, value):
            continue
        owner = _owner(cc, operand, held_src)
        if _after_set(cc, free, free_src, free_boundary, (fld, value, owner), locks, 3):
            return True
    return False


def _owner(cc, operand: Node, src: SourceFile) -> str:
    """What a state field belongs to: its value's type when the declarations tell, else how the
    value is spelled (`s` in `s.state`)."""
    operand = goast.unparen(operand)
    tname = cc.type_of_operand(operand, src) if operand.type == "identifier" else None
    return tname or src.text(operand)


def _guards(node: Node, src: SourceFile, boundary: Node) -> list[tuple[str, str, Node, Node]]:
    """(field, value, `x`, the check) for every `x.f == v` that must hold where `node` runs: the
    condition of an `if` around it, or the negation of an `if x.f != v { …; return }` before it
    in a block around it."""
    out = []
    prev = node
    for a in goast.ancestors(node):
        if a == boundary:
            break
        if a.type == "if_statement" and prev == a.child_by_field_name("consequence"):
            out.extend((f, v, x, a) for f, v, x in _compared(a.child_by_field_name("condition"), src, "=="))
        elif a.type == "statement_list":
            for st in a.named_children:
                if st.start_byte >= prev.start_byte:
                    break
                if _leaves_when(st, src):
                    out.extend((f, v, x, st) for f, v, x in _compared(st.child_by_field_name("condition"), src, "!="))
        prev = a
    return out


def _leaves_when(st: Node, src: SourceFile) -> bool:
    """`if cond { …; return }` with no else: past it, `cond` is false."""
    return (
        st.type == "if_statement"
        and st.child_by_field_name("alternative") is None
        and goast.block_terminates(st.child_by_field_name("consequence"), src)
    )


def _compared(cond: Node | None, src: SourceFile, op: str) -> list[tuple[str, str, Node]]:
    """(field, value, `x`) of each `x.f <op> v` of the condition, or of a conjunct of it when `op`
    is `==` (every conjunct holds inside the `if`); a flag `x.f` or `!x.f` is `x.f == true`
    or `x.f == false`."""
    if cond is None:
        return []
    cond = goast.unparen(cond)
    flag, negated = cond, False
    if cond.type == "unary_expression" and src.text(cond)[:1] == "!":
        flag, negated = goast.unparen(cond.child_by_field_name("operand") or cond), True
    if flag.type == "selector_expression":
        # a flag: `if x.started {` holds inside when it is true, and after `if x.started {
        # return }` when it is false
        f, x = flag.child_by_field_name("field"), flag.child_by_field_name("operand")
        holds = (op == "==") != negated
        return [(src.text(f), "true" if holds else "false", x)] if f is not None and x is not None else []
    if cond.type != "binary_expression":
        return []
    operator = cond.child_by_field_name("operator")
    o = src.text(operator) if operator is not None else ""
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if o == "&&" and op == "==":
        return _compared(left, src, op) + _compared(right, src, op)
    if o != op or left is None or right is None:
        return []
    for x, v in ((left, right), (right, left)):
        x = goast.unparen(x)
        if x.type == "selector_expression" and goast.unparen(v).type in _VALUES:
            f, operand = x.child_by_field_name("field"), x.child_by_field_name("operand")
            if f is not None and operand is not None:
                return [(src.text(f), src.text(v), operand)]
    return []


# a named constant, a literal or nil: a state's values, not something computed
_VALUES = frozenset({"identifier", "nil", "true", "false", "int_literal", "interpreted_string_literal", "selector_expression"})


def _after_set(cc, node: Node, src: SourceFile, boundary: Node, state: tuple[str, str, str], locks: set[str], depth: int) -> bool:
    """`node` runs only after `x.fld = <not value>` (`state` is (fld, value, what `x` is)) under
    one of `locks`: a statement of its function's top level before it sets the field, or every
    call of the function (none exported, none from elsewhere) comes after such a set."""
    fld, value, owner = state

    def gate(st: Node, ssrc: SourceFile, fn: Node) -> bool:
        got = _field_assignment(st, ssrc)
        if got is None or got[0] != fld or ssrc.text(got[1]) == value or _owner(cc, got[2], ssrc) != owner:
            return False
        return bool(locks & set(cc.local_locks(st, ssrc, fn)))

    return _first_gate(cc, node, src, boundary, gate, ("set", *state, frozenset(locks)), depth, False) is not None


def _first_gate(cc, node: Node, src: SourceFile, boundary: Node, gate, key: tuple, depth: int, one_goroutine: bool) -> Node | None:
    """The statement `gate` accepts that every way to `node` passes first: one of the top-level
    statements before `node` in its function, or one that every call of the function (none
    exported) passes, the same one for all. With `one_goroutine`, only through plain calls:
    not into a goroutine started after the gate. `key` names the gate: what each function
    holds, and what its callers pass, is worked out once per function (a function every other
    one calls is asked about from each)."""
    memo = cc.view.__dict__.setdefault("_goleash_state_gates", {})
    k = (key, id(src), boundary.id)
    gates = memo.get(k)
    if gates is None:
        gates = memo[k] = [st for st in goast.statements(goast.func_body(boundary)) if gate(st, src, boundary)]
    if gates and gates[0].start_byte < node.start_byte:
        return gates[0]
    if depth == 0:
        return None
    k = (key, id(src), boundary.id, depth, one_goroutine)
    if k not in memo:
        memo[k] = None  # (a cycle of callers passes no gate)
        memo[k] = _gate_of_callers(cc, src, boundary, gate, key, depth, one_goroutine)
    return memo[k]


def _gate_of_callers(cc, src: SourceFile, boundary: Node, gate, key: tuple, depth: int, one_goroutine: bool) -> Node | None:
    """The gate every way into `boundary` passes: around a literal, before it in its function;
    for a function, the same one before each of its calls."""
    if boundary.type == "func_literal":
        if one_goroutine:
            return None
        outer = cc.boundary_of(boundary, src)
        return _first_gate(cc, boundary, src, outer, gate, key, depth - 1, False) if outer is not None and outer != boundary else None
    if goast.func_name(boundary, src)[:1].isupper():
        return None  # others may call it before anything is set
    found = None
    for call, csrc in cc.possible_callers(boundary, src) or [(None, None)]:
        if call is None or one_goroutine and call.parent is not None and call.parent.type == "go_statement":
            return None
        outer = cc.boundary_of(call, csrc)
        got = _first_gate(cc, call, csrc, outer, gate, key, depth - 1, one_goroutine) if outer is not None else None
        if got is None or found is not None and got != found:
            return None
        found = got
    return found


def one_runner(cc, a: Node, a_src: SourceFile, a_boundary: Node, b: Node, b_src: SourceFile, b_boundary: Node) -> bool:
    """Both run on the goroutine of one function, after it claims a state under a lock:
    it leaves unless the state is one no running instance sets, then sets it (`if s.state !=
    notRunning { panic(…) }; s.state = normal`). Two instances never both get past the claim,
    so two accesses after it never run at once."""

    def gate(st: Node, src: SourceFile, fn: Node) -> bool:
        return _claims(cc, st, src, fn)

    ga = _first_gate(cc, a, a_src, a_boundary, gate, ("claim",), 3, True)
    return ga is not None and _first_gate(cc, b, b_src, b_boundary, gate, ("claim",), 3, True) == ga


def _claims(cc, st: Node, src: SourceFile, fn: Node) -> bool:
    """`st` sets a state field under a lock, after checks under that lock that leave the
    function for every value the package sets the field to outside the function's deferred
    cleanup: only one call at a time gets past it."""
    got = _field_assignment(st, src)
    if got is None:
        return False
    locks = set(cc.local_locks(st, src, fn))
    if not locks:
        return False
    fld = got[0]
    exits = []
    for prev in goast.statements(goast.func_body(fn)):
        if prev.start_byte >= st.start_byte:
            break
        if _leaves_when(prev, src):
            tests = _disjuncts(prev.child_by_field_name("condition"), src, fld)
            if tests and locks & set(cc.local_locks(prev, src, fn)):
                exits.append(tests)
    if not exits:
        return False
    values = _values_set(cc.view, fld, fn, src)
    return bool(values) and all(any(_holds(t, v) for tests in exits for t in tests) for v in values)


def _disjuncts(cond: Node | None, src: SourceFile, fld: str) -> list[tuple[str, str]]:
    """(op, value) of each `x.fld == v` / `x.fld != v` the condition is a disjunction of;
    empty when any part is something else."""
    if cond is None:
        return []
    cond = goast.unparen(cond)
    if cond.type != "binary_expression":
        return []
    operator = cond.child_by_field_name("operator")
    o = src.text(operator) if operator is not None else ""
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if left is None or right is None:
        return []
    if o == "||":
        a, b = _disjuncts(left, src, fld), _disjuncts(right, src, fld)
        return a + b if a and b else []
    got = _compared(cond, src, o) if o in ("==", "!=") else []
    return [(o, got[0][1])] if got and got[0][0] == fld else []


def _holds(test: tuple[str, str], value: str) -> bool:
    op, v = test
    return value == v if op == "==" else value != v


def _values_set(view: PackageView, fld: str, fn: Node, fn_src: SourceFile) -> set[str]:
    """The values non-test code assigns to field `fld`, but in `fn`'s deferred statements."""
    out = set()
    for src in view.files:
        if src.is_test:
            continue
        for st, right in _field_sets(src, fld):
            if src is fn_src and goast.inside(st, fn) and any(a.type == "defer_statement" for a in goast.ancestors(st)):
                continue
            out.add(src.text(right))
    return out


def _field_assignment(st: Node, src: SourceFile) -> tuple[str, Node, Node] | None:
    """(field, value, `x`) of a plain `x.field = value`."""
    if st.type != "assignment_statement":
        return None
    op, left, right = st.child_by_field_name("operator"), st.child_by_field_name("left"), st.child_by_field_name("right")
    if op is None or src.text(op) != "=" or left is None or right is None or left.named_child_count != 1 or right.named_child_count != 1:
        return None
    target = goast.unparen(left.named_children[0])
    if target.type != "selector_expression":
        return None
    f, x = target.child_by_field_name("field"), target.child_by_field_name("operand")
    return (src.text(f), right.named_children[0], x) if f is not None and x is not None else None


def _set_back(view: PackageView, fld: str, value: str) -> bool:
    """Whether code other than a deferred cleanup sets the field to `value` (a state that would
    let the check pass again while the owner still runs)."""
    memo = view.__dict__.setdefault("_goleash_state_set_back", {})
    key = (fld, value)
    got = memo.get(key)
    if got is None:
        got = memo[key] = any(_sets_back_in(src, fld, value) for src in view.files if not src.is_test)
    return got


def _sets_back_in(src: SourceFile, fld: str, value: str) -> bool:
    return any(src.text(right) == value and not any(a.type == "defer_statement" for a in goast.ancestors(st)) for st, right in _field_sets(src, fld))


def _field_sets(src: SourceFile, fld: str):
    """(statement, value) of every `x.fld = v` of the file, found from the field's name."""
    for n in name_nodes(src, fld):
        lst = n.parent.parent if n.type == "field_identifier" and n.parent is not None else None
        st = lst.parent if lst is not None else None
        got = _field_assignment(st, src) if st is not None else None
        if got is not None and got[0] == fld and got[2].end_byte == n.start_byte - 1:
            yield st, got[1]
