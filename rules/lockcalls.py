"""Lock operations followed through calls: what each function acquires on its receiver and on
package variables before releasing it, and what is held at a statement of it."""

from __future__ import annotations

from bisect import bisect_left

from . import goast
from .concurrency import concurrency, unlock_through_value
from .goast import Node, func_label
from .gotypes import classify_lock_type, struct_name
from .package import FuncInfo, PackageView
from .parse import SourceFile, calls_in
from .scope import resolve
from .synctypes import embeds_mutex, is_sync_type, type_text

LOCK_OPS = {"Lock": "w", "RLock": "r", "Unlock": "-", "RUnlock": "-"}
# Rounds of summarising functions that call each other: each round carries a lock one call
# further around their cycles.
_ROUNDS = 8


class LockCalls:
    """The locks each function takes and releases on its receiver and on package variables,
    followed through calls (per object: `s.mu` of the receiver is the same mutex in every method
    of `s`), and the locks held at a statement."""

    def __init__(self, view: PackageView):
        self.view = view
        self.cc = concurrency(view)
        self._summary: dict[int, dict] = {}
        self._counted_cache: dict[int, list] = {}
        self._mutex_cache: dict = {}
        self._ops_cache: dict[int, list] = {}
        self._ops_at_cache: dict[int, tuple[dict[int, list], list[int]]] = {}
        self._states_cache: dict[tuple[int, int], tuple[list[int], list[dict]]] = {}

    # -- lock keys: ("r", ".mu") relative to the receiver, ("p", "mu") for package variables --

    def key_of(self, operand: Node, src: SourceFile, fi: FuncInfo) -> tuple | None:
        text = src.text(operand).replace(" ", "")
        head = text.split(".", 1)[0]
        if fi.recv_name and head == fi.recv_name and head != "_":
            base = operand
            while base.type == "selector_expression":
                base = base.child_by_field_name("operand")
            if base is not None and base.type == "identifier":
                d = resolve(base, src, self.view)
                if d.kind == "receiver":
                    return ("r", text[len(head) :])
            return None
        base = operand
        while base is not None and base.type == "selector_expression":
            base = base.child_by_field_name("operand")
        if base is not None and base.type == "identifier":
            d = resolve(base, src, self.view)
            if d.kind == "package":
                return ("p", text)
        return None

    def is_mutex(self, operand: Node, src: SourceFile) -> bool:
        k = (src.path, operand.start_byte)
        got = self._mutex_cache.get(k)
        if got is None:
            t = type_text(self.view, operand, src)
            got = is_sync_type(t, ("Mutex", "RWMutex"), src)
            if not got and t:
                got = t.lstrip("*") in embeds_mutex(self.view)
            if not got and not t and operand.type == "selector_expression":
                got = self._nested_field_is_mutex(operand, src)
            self._mutex_cache[k] = got
        return got

    def _nested_field_is_mutex(self, operand: Node, src: SourceFile) -> bool:
        """`a.b.mu` (a field of a field): its declared type is sync.Mutex / sync.RWMutex."""
        inner = operand.child_by_field_name("operand")
        fld = operand.child_by_field_name("field")
        if inner is None or fld is None or inner.type != "selector_expression":
            return False
        t = self.cc.type_of_operand(inner, src, depth=4)
        if not t:
            return False
        typ, fsrc = self.view.field_type(t, src.text(fld))
        return classify_lock_type(typ, fsrc) is not None

    def ops(self, fi: FuncInfo) -> list[tuple[Node, str, tuple | None, FuncInfo | None]]:
        """Lock operations and calls in the function's own body, in source order:
        (node, op 'w'/'r'/'-'/'call', lock key or None, callee)."""
        got = self._ops_cache.get(fi.node.id)
        if got is not None:
            return got
        out = []
        body = fi.body
        src = fi.src
        if body is not None:
            for n in calls_in(src, body, skip_func_literals=True):
                p = n.parent
                if p is not None and p.type in ("go_statement", "defer_statement"):
                    continue
                f = n.child_by_field_name("function")
                if f is None:
                    continue
                released = unlock_through_value(n, src, self.view) if f.type == "identifier" else None
                if released is not None and self.is_mutex(released, src):
                    out.append((n, "-", self.key_of(released, src, fi), None))
                    continue
                if f.type == "selector_expression":
                    m = f.child_by_field_name("field")
                    o = f.child_by_field_name("operand")
                    name = src.text(m) if m is not None else ""
                    if name in LOCK_OPS and not goast.call_args(n) and o is not None:
                        if self.is_mutex(o, src):
                            out.append((n, LOCK_OPS[name], self.key_of(o, src, fi), None))
                        continue
                # `recv.f.M()` first: its receiver path below ours keeps the callee's locks
                # in our terms
                callee, prefix = self._field_call(n, fi)
                if callee is None:
                    callee = self.cc.resolve_call(n, src)
                if callee is not None and callee.node != fi.node:
                    out.append((n, "call", prefix, callee))
        self._ops_cache[fi.node.id] = out
        return out

    def _field_call(self, call: Node, fi: FuncInfo) -> tuple[FuncInfo | None, str | None]:
        """`recv.f.M()` where field f of the receiver's struct is a package struct type with
        method M: the callee, and ".f", the path of its receiver below ours."""
        f = call.child_by_field_name("function")
        if f is None or f.type != "selector_expression" or not fi.recv_name or not fi.recv_type:
            return None, None
        o = f.child_by_field_name("operand")
        m = f.child_by_field_name("field")
        if o is None or m is None or o.type != "selector_expression":
            return None, None
        name = fi.src.text(m)
        if name not in self.view.methods_by_name:
            return None, None  # no type of the package has the method: `s.conn.Write`
        base = o.child_by_field_name("operand")
        fld = o.child_by_field_name("field")
        if base is None or fld is None or base.type != "identifier" or fi.src.text(base) != fi.recv_name:
            return None, None
        if resolve(base, fi.src, self.view).kind != "receiver":
            return None, None
        typ, fsrc = self.view.field_type(fi.recv_type, fi.src.text(fld))
        if typ is None or fsrc is None:
            return None, None
        t = struct_name(typ, fsrc, self.view)
        callee = self.view.funcs.get(f"{t}.{name}") if t else None
        return (callee, "." + fi.src.text(fld)) if callee is not None else (None, None)

    @staticmethod
    def _rebase(sub: dict, prefix: str | None, same_recv: bool) -> dict:
        """A callee's acquisitions in the caller's terms: receiver-relative keys of a call on
        `recv.f` get the prefix `.f`; those of a call on another value are dropped."""
        if prefix is None:
            return sub if same_recv else {k: v for k, v in sub.items() if k[0] != "r"}
        return {(("r", prefix + k[1]) if k[0] == "r" else k): v for k, v in sub.items()}

    def _conditional_on_param(self, node: Node, fi: FuncInfo) -> bool:
        """Under an `if`/`switch` whose condition mentions a parameter (`if !locked { mu.Lock() }`)."""
        params = set()
        for p in goast.params_of(fi.node):
            params.update(goast.param_names(p, fi.src))
        if not params:
            return False
        for a in goast.ancestors_below(node, fi.node):
            if a.type in ("if_statement", "expression_switch_statement"):
                cond = a.child_by_field_name("condition") or a.child_by_field_name("value")
                if cond is not None and _flag_test(cond, params, fi.src):
                    return True
        return False

    def acquires(self, fi: FuncInfo) -> dict[tuple, tuple[str, list]]:
        """Locks `fi` takes on its receiver / package variables before releasing them:
        key -> (mode, chain of (src, node, text) from the call into `fi` down to the Lock).

        Worked out bottom-up, callees first: functions that call each other (directly or
        around a cycle) are summarised together, again until what they take stops growing.
        So a summary is the same whichever function was asked about first."""
        got = self._summary.get(fi.node.id)
        if got is None:
            for component in self._components(fi):
                self._summarize_component(component)
            got = self._summary[fi.node.id]
        return got

    def _counted_ops(self, fi: FuncInfo) -> list:
        """`ops`, less those under a condition on a parameter (`if !locked { mu.Lock() }`)."""
        got = self._counted_cache.get(fi.node.id)
        if got is None:
            got = self._counted_cache[fi.node.id] = [
                o for o in self.ops(fi) if not self._conditional_on_param(o[0], fi) and not _under_nil_check(o[0], fi)
            ]
        return got

    def _callees(self, fi: FuncInfo) -> list[FuncInfo]:
        return [callee for _, op, _, callee in self._counted_ops(fi) if op == "call"]

    def _components(self, start: FuncInfo) -> list[list[FuncInfo]]:
        """The strongly connected components of the calls reachable from `start` that have no
        summary yet, callees' components first (Tarjan's algorithm, without recursion: call
        chains run deeper than Python's stack)."""
        index: dict[int, int] = {}
        low: dict[int, int] = {}
        stack: list[FuncInfo] = []
        on_stack: set[int] = set()
        out: list[list[FuncInfo]] = []

        def enter(f: FuncInfo) -> None:
            index[f.node.id] = low[f.node.id] = len(index)
            stack.append(f)
            on_stack.add(f.node.id)
            work.append((f, iter(self._callees(f))))

        work: list = []
        enter(start)
        while work:
            f, callees = work[-1]
            fid = f.node.id
            for c in callees:
                cid = c.node.id
                if cid in self._summary:
                    continue
                if cid not in index:
                    enter(c)
                    break
                if cid in on_stack:
                    low[fid] = min(low[fid], index[cid])
            else:
                work.pop()
                if work:
                    pid = work[-1][0].node.id
                    low[pid] = min(low[pid], low[fid])
                if low[fid] == index[fid]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w.node.id)
                        component.append(w)
                        if w.node.id == fid:
                            break
                    out.append(component)
        return out

    def _summarize_component(self, component: list[FuncInfo]) -> None:
        """Summaries of functions that call each other, round after round, each from what the
        others took in the round before, until none gains a lock (at most `_ROUNDS` rounds). A
        lock once found keeps the chain it was found by: a chain leads only to what was found
        in an earlier round, so it never comes round the cycle to the same function for the
        same lock again."""
        final = self._summary
        if len(component) == 1:  # (`ops` leaves out a function's calls of itself)
            f = component[0]
            final[f.node.id] = self._summarize(f, lambda callee: final[callee.node.id])
            return
        current: dict[int, dict] = {f.node.id: {} for f in component}
        for _ in range(_ROUNDS):
            before = current

            def sub_of(callee: FuncInfo) -> dict:
                got = before.get(callee.node.id)
                return got if got is not None else final[callee.node.id]

            current = {}
            for f in component:
                had = before[f.node.id]
                now = self._summarize(f, sub_of)
                current[f.node.id] = {**had, **{k: v for k, v in now.items() if k not in had}} if had else now
            if all(len(current[i]) == len(before[i]) for i in current):
                break
        final.update(current)

    def _summarize(self, fi: FuncInfo, sub_of) -> dict[tuple, tuple[str, list]]:
        """`acquires(fi)`, with `sub_of(callee)` giving what each callee takes."""
        out: dict[tuple, tuple[str, list]] = {}
        released: set = set()
        for n, op, key, callee in self._counted_ops(fi):
            if op == "-":
                if key is not None:
                    released.add(key)
                continue
            if op in ("w", "r"):
                if key is not None and key not in released and key not in out:
                    out[key] = (op, [(fi.src, n, f"`{fi.src.text(n)}` in `{func_label(fi.node, fi.src)}`")])
                continue
            out.update(self._through_call(n, fi, key, callee, sub_of(callee), (out, released)))
        return out

    def _through_call(self, call: Node, fi: FuncInfo, prefix: str | None, callee: FuncInfo, sub: dict, known: tuple) -> dict:
        """What `fi` takes through `call` of `callee` (which takes `sub`), in `fi`'s terms, less
        the keys in any of `known`."""
        if not sub:
            return {}
        out = {}
        for k, (mode, chain) in self._rebase(sub, prefix, self._same_receiver_call(call, fi, callee)).items():
            if any(k in seen for seen in known):
                continue
            out[k] = (mode, [(fi.src, call, f"`{func_label(fi.node, fi.src)}` calls `{fi.src.text(call.child_by_field_name('function'))}`")] + chain)
        return out

    def _same_receiver_call(self, call: Node, fi: FuncInfo, callee: FuncInfo) -> bool:
        f = call.child_by_field_name("function")
        if f is None or f.type != "selector_expression" or not fi.recv_name or not callee.recv_type:
            return False
        o = f.child_by_field_name("operand")
        if o is None or o.type != "identifier" or fi.src.text(o) != fi.recv_name:
            return False
        return resolve(o, fi.src, self.view).kind == "receiver" and callee.recv_type == fi.recv_type

    def _lock_ops_at(self, fi: FuncInfo) -> tuple[dict[int, list], list[int]]:
        """The function's lock operations by start byte, and those starts in order."""
        got = self._ops_at_cache.get(fi.node.id)
        if got is None:
            by_start: dict[int, list] = {}
            for n, op, key, _callee in self.ops(fi):
                if op in ("w", "r", "-") and key is not None:
                    by_start.setdefault(n.start_byte, []).append((n, op, key))
            got = self._ops_at_cache[fi.node.id] = (by_start, sorted(by_start))
        return got

    def held_at(self, node: Node, fi: FuncInfo) -> dict[tuple, tuple[str, Node]]:
        """Locks of this function held when `node` runs: key -> (mode, the Lock call)."""
        if not self._lock_ops_at(fi)[0]:
            return {}  # (most functions lock nothing: their statements are not looked up)
        ups = goast.ancestors_below(node, fi.node)
        # each statement list around `node`, innermost first, with its statement holding it
        chain = [(a, below) for a, below in zip(ups, [node, *ups]) if a.type == "statement_list"]
        if not chain:
            return {}
        lst, child = chain[0]
        starts, states = self._list_states(fi, lst, chain[1:])
        return dict(states[bisect_left(starts, child.start_byte)])

    def _list_states(self, fi: FuncInfo, lst: Node, outer: list) -> tuple[list[int], list[dict]]:
        """The statements' start bytes, and the locks held before each statement of a list (and
        after the last): every call of a long function asks, and replaying the statements before
        it for each would cost the square of the function's length. `outer`: the lists around
        `lst`, innermost first, each with its statement that holds `lst`."""
        key = (fi.node.id, lst.id)
        got = self._states_cache.get(key)
        if got is not None:
            return got
        held: dict[tuple, tuple[str, Node]] = {}
        if outer:
            olst, ochild = outer[0]
            ostarts, ostates = self._list_states(fi, olst, outer[1:])
            held = dict(ostates[bisect_left(ostarts, ochild.start_byte)])
        ops_by_stmt, starts = self._lock_ops_at(fi)
        stmts = lst.named_children
        states = [dict(held)]
        for st in stmts:
            self._apply(st, fi, ops_by_stmt, starts, held)
            states.append(dict(held))
        got = self._states_cache[key] = ([st.start_byte for st in stmts], states)
        return got

    def _apply(self, st: Node, fi: FuncInfo, ops_by_stmt: dict, starts: list[int], held: dict) -> None:
        while st.type == "labeled_statement" and st.named_children:  # `cleanup: mu.Lock()`
            st = st.named_children[-1]
        if st.type == "expression_statement" and st.named_children:
            c = st.named_children[0]
            for n, op, key in ops_by_stmt.get(c.start_byte, []):
                if n == c:
                    if op == "-":
                        held.pop(key, None)
                    else:
                        held[key] = (op, n)
            return
        if st.type in ("defer_statement", "go_statement", "return_statement"):
            return
        # nested statements: an unlock anywhere inside (not on a path that leaves) releases
        for b in starts[bisect_left(starts, st.start_byte) : bisect_left(starts, st.end_byte)]:
            for n, op, key in ops_by_stmt[b]:
                if op == "-":
                    # the statements around the unlock: a block's, or a case's
                    blk = next((a for a in goast.ancestors(n) if a.type == "statement_list"), None)
                    if blk is not None and goast.inside(blk, st) and goast.block_terminates(blk, fi.src) or goast.returns_after(n, st, fi.src):
                        continue
                    held.pop(key, None)


_FLAG_LITERALS = frozenset({"true", "false", "nil", "int_literal", "interpreted_string_literal", "raw_string_literal"})


def _under_nil_check(call: Node, fi: FuncInfo) -> bool:
    """`if n.mu == nil { n.mu.RLock() }`: a lock taken only where it is nil never is (the call
    would panic); such a branch is dead wherever the lock is set."""
    f = call.child_by_field_name("function")
    o = f.child_by_field_name("operand") if f is not None and f.type == "selector_expression" else None
    if o is None:
        return False
    nil_test = fi.src.text(o).replace(" ", "") + "==nil"
    for a in goast.ancestors_below(call, fi.node):
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            cons = a.child_by_field_name("consequence")
            if cond is not None and cons is not None and goast.inside(call, cons) and fi.src.text(cond).replace(" ", "") == nil_test:
                return True
    return False


def _flag_test(cond: Node, params: set[str], src: SourceFile) -> bool:
    """Is `cond` the caller telling the function whether to lock: a parameter on its own, negated,
    or compared with a constant (`locked`, `!held`, `mode == exclusive`)? A condition that merely
    uses a parameter (`len(items) > 0`, `validate(req) != nil`) decides something else."""
    cond = goast.unparen(cond)
    if cond.type == "unary_expression" and cond.child_by_field_name("operator") is not None and src.text(cond.child_by_field_name("operator")) == "!":
        return _flag_test(cond.child_by_field_name("operand"), params, src)
    if cond.type == "identifier":
        return src.text(cond) in params
    if cond.type == "binary_expression":
        op = src.text(cond.child_by_field_name("operator"))
        left, right = goast.unparen(cond.child_by_field_name("left")), goast.unparen(cond.child_by_field_name("right"))
        if op in ("&&", "||"):
            return _flag_test(left, params, src) or _flag_test(right, params, src)
        if op in ("==", "!="):
            sides = (left, right)
            return any(s.type == "identifier" and src.text(s) in params for s in sides) and any(
                s.type in _FLAG_LITERALS or s.type in ("identifier", "selector_expression") and src.text(s) not in params for s in sides
            )
    return False
