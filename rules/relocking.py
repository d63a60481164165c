"""Calls made while holding a mutex that lock the same mutex again.

A method holding `s.mu` calls — directly or through other methods on the same receiver, in any
file of the package — a method that locks `s.mu` again. Locks are tracked per object, not per
type: `s.mu` held while calling `s.other()` is the same mutex; `t.mu` of another value is not.
Package-level mutexes are one object whoever calls. Calls in `go` statements, `defer`s and func
literals are not followed. mutex-self-deadlock and rwmutex-recursive-rlock each report a share
of these (a read lock taken again under a read lock is the second's)."""

from __future__ import annotations

from dataclasses import dataclass

from . import goast
from .callbacks import Registration, Target, callbacks, func_label_of
from .concurrency import concurrency
from .goast import Node, func_label, line_of, type_name
from .lockcalls import LockCalls
from .lockkeys import key_analyzer
from .model import Related
from .package import FuncInfo, PackageView
from .parse import captures


class _Held:
    """What every re-lock finding says about the lock already taken (`fi` holds it, `lock` took
    it) and the Lock that takes it again (the last step of `chain`)."""

    fi: FuncInfo
    lock: Node
    chain: list

    @property
    def where(self) -> str:
        """`file.go:line` of the second Lock."""
        s, n, _ = self.chain[-1]
        return f"{s.path.rsplit('/', 1)[-1]}:{line_of(s, n)}"

    @property
    def lock_expr(self) -> str:
        return self.fi.src.text(self.lock.child_by_field_name("function").child_by_field_name("operand"))

    @property
    def label(self) -> str:
        """The function holding the lock, `Type.method`."""
        return func_label(self.fi.node, self.fi.src)


@dataclass(eq=False)
class Relock(_Held):
    fi: FuncInfo  # the function holding the lock
    node: Node  # the Lock call, or the call that reaches one, made while holding it
    key: tuple  # the lock, as LockCalls names it
    hmode: str  # how it is held: "w" or "r"
    mode: str  # how `node` takes it again: "w" or "r"
    lock: Node  # the Lock call that holds it
    chain: list  # (src, node, text) from `node` down to the second Lock

    @property
    def steps(self) -> str:
        """The calls on the way to the second Lock, `a() → b()`; empty when `node` locks itself."""
        calls = []
        for csrc, cnode, _ in self.chain:
            f = cnode.child_by_field_name("function")
            ftext = csrc.text(f) if f is not None else ""
            if not ftext.endswith(("Lock", "RLock")):
                calls.append(f"{ftext}()")
        return " → ".join(calls)

    @property
    def related(self) -> list[Related]:
        src = self.fi.src
        return [Related(src.span(self.lock), f"`{self.lock_expr}` is locked here")] + [Related(s.span(n), text) for s, n, text in self.chain]

    @property
    def anchor(self) -> str:
        src = self.fi.src
        return f"{func_label(self.fi.node, src)}|{self.key[0]}{self.key[1]}|{src.text(self.node)[:80]}"


def _analyze(view: PackageView) -> list[Relock]:
    if not any(f.mentions(b"Lock()") for f in view.files):
        return []
    an = LockCalls(view)
    out: list[Relock] = []
    for fi in [*view.funcs.values(), *_goroutine_literals(view)]:
        if fi.body is None or b"Lock()" not in fi.src.data[fi.node.start_byte : fi.node.end_byte]:
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
                    out.append(Relock(fi, n, key, hmode, op, lock, [(fi.src, n, f"`{fi.src.text(n)}` locks it again")]))
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
                out.append(Relock(fi, n, k, hmode, mode, lock, first + chain[1:] if chain and chain[0][1] == n else first + chain))
                break
    return out


def _goroutine_literals(view: PackageView) -> list[FuncInfo]:
    """The func literals the package runs as goroutines, each as a function of its own: one that
    holds a lock while calling what takes it again deadlocks like a declared function (the
    receiver it captures is its enclosing method's)."""
    out = []
    for r in concurrency(view).roots:
        lit, src = r.body, r.body_src
        if r.kind != "go" or lit is None or lit.type != "func_literal" or src is None or not src.mentions(b"Lock()"):
            continue
        outer = goast.enclosing_decl(lit, src)
        rname, rtype, _ = goast.receiver(outer, src) if outer is not None and outer.type == "method_declaration" else (None, None, None)
        out.append(FuncInfo(lit, src, "func literal", rname, rtype))
    return out


def relocks(view: PackageView) -> list[Relock]:
    """Every call of the package that locks again a mutex its goroutine holds (cached)."""
    got = view.__dict__.get("_goleash_deadlock")
    if got is None:
        got = view.__dict__["_goleash_deadlock"] = _analyze(view)
    return got


# -- callbacks: a func value called while holding a lock, that the package makes a function
# locking the same mutex ---------------------------------------------------------------------

_CB_DEPTH = 2  # the callback call may be one or two calls below the function holding the lock


@dataclass(eq=False)
class CallbackRelock(_Held):
    fi: FuncInfo  # the function holding the lock
    node: Node  # the call it makes while holding it: the callback call, or a call reaching one
    hmode: str  # how it is held: "w" or "r"
    mode: str  # how the callback takes it again: "w" or "r"
    lock: Node  # the Lock call that holds it
    steps: list  # (src, call) from `node` down to the callback call, inclusive
    target: Target  # the package function that may run as the callback
    chain: list  # (src, node, text) from the target down to its Lock

    @property
    def held_at(self) -> str:
        """`file.go:line` of the Lock that holds it."""
        src = self.fi.src
        return f"{src.path.rsplit('/', 1)[-1]}:{line_of(src, self.lock)}"

    @property
    def runs(self) -> str:
        """How the holder gets to the callback: "runs the callback `f`", or through a call."""
        csrc, cnode = self.callback
        cb = csrc.text(cnode.child_by_field_name("function"))
        if len(self.steps) > 1:
            return f"calls `{self.fi.src.text(self.node.child_by_field_name('function'))}`, which runs the callback `{cb}`,"
        return f"runs the callback `{cb}`"

    @property
    def callback(self) -> tuple:
        """(src, node) of the callback call."""
        return self.steps[-1]

    @property
    def related(self) -> list[Related]:
        src = self.fi.src
        held = "locked" if self.hmode == "w" else "read-locked"
        out = [Related(src.span(self.lock), f"`{self.lock_expr}` is {held} here")]
        for s, n in self.steps[1:]:
            out.append(Related(s.span(n), f"`{s.text(n.child_by_field_name('function'))}` runs the callback here"))
        t = self.target
        out.append(Related(t.src.span(t.node), f"{_callee_label(t)} becomes the callback here"))
        out += [Related(s.span(n), text) for s, n, text in self.chain]
        return out

    @property
    def anchor(self) -> str:
        src = self.fi.src
        return f"{self.label}|callback|{src.text(self.node)[:80]}"


def _callee_label(t: Target) -> str:
    return func_label_of(t.fi)


def _norm(key: tuple) -> tuple:
    """A lock key by type: the receiver's `mu` and another value's `mu` of the same struct type
    are one key (which value runs as the callback is not known)."""
    return ("T", key[1], key[2]) if key[0] in ("r", "t") else key


def _resolved_calls(an, fi: FuncInfo, memo: dict) -> list:
    """The calls `fi` makes on its own goroutine (not in `go` or `defer`): (call, the package
    function it runs, or None when it resolves to none and so may run a callback)."""
    got = memo.get(fi.node.id)
    if got is None:
        got = []
        for c, _ in an._own_calls(fi):
            p = c.parent
            if p is not None and p.type in ("go_statement", "defer_statement"):
                continue
            callee = an.resolve_call(c, fi.src)
            if callee is None:
                got.append((c, None))
            elif callee.node != fi.node and callee.body is not None:
                got.append((c, callee))
        memo[fi.node.id] = got
    return got


def _paths(an, fi: FuncInfo, call: Node, callee: FuncInfo | None, memo: dict, depth: int = 0, on_path: frozenset = frozenset()):
    """Each path from `call` (made by `fi`) down to a call that may run a callback, at most
    `_CB_DEPTH` calls below: [(src, call)], in source order, depth first. A path visits a
    function once. What a function calls is kept once for every path through it, so the paths
    do not depend on which function was looked at first; and they are spelled out only for
    calls made under a lock (most calls are not)."""
    if callee is None:
        yield [(fi.src, call)]
        return
    on_path = on_path | {fi.node.id}
    if depth >= _CB_DEPTH or callee.node.id in on_path:
        return
    if any(op == "-" for _, op, _, _ in an.ops(callee)):
        return  # it unlocks something on the way: the lock may be released for the callbacks
    for c, below in _resolved_calls(an, callee, memo):
        for steps in _paths(an, callee, c, below, memo, depth + 1, on_path):
            yield [(fi.src, call), *steps]


def _write_locked(an, view: PackageView) -> set:
    got = view.__dict__.get("_goleash_write_locked")
    if got is None:
        got = set()
        for fi in view.funcs.values():
            if fi.body is None or fi.src.data.find(b"Lock()", fi.node.start_byte, fi.node.end_byte) == -1:
                continue
            for _, op, key, _ in an.ops(fi):
                if op == "w" and key is not None:
                    got.add(_norm(key))
        view.__dict__["_goleash_write_locked"] = got
    return got


def _callback_analyze(view: PackageView) -> list[CallbackRelock]:
    if not any(f.mentions(b"Lock()") for f in view.files):
        return []
    an = key_analyzer(view)
    cb = callbacks(view, an)
    out: list[CallbackRelock] = []
    memo: dict = {}
    for fi in view.funcs.values():
        if fi.body is None or not an.own_has(fi, b"Lock()") or not an.keyed_locks(fi):
            continue
        if not any(op in ("w", "r") and key is not None for _, op, key, _ in an.ops(fi)):
            continue
        # each call of the function's own body, with a lock held there: its first path to a
        # callback that locks the held mutex again is its finding
        for node, callee in _resolved_calls(an, fi, memo):
            held = {_norm(k): v for k, v in an.held_at(node, fi).items()}
            if not held:
                continue
            for steps in _paths(an, fi, node, callee, memo):
                targets = cb.targets(steps[-1][1], steps[-1][0])
                found = None
                for t in targets:
                    for k, (mode, chain) in an.acquires(t.fi).items():
                        nk = _norm(k)
                        if nk not in held:
                            continue
                        hmode, lock = held[nk]
                        if hmode == "r" and mode == "r" and nk not in _write_locked(an, view):
                            continue  # no writer can queue between the two read locks
                        if _another_value(t, chain):
                            continue
                        found = CallbackRelock(fi, node, hmode, mode, lock, steps, t, chain)
                        if _locks_its_argument(found):
                            found = None
                            continue
                        break
                    if found is not None:
                        break
                if found is not None:
                    out.append(found)
                    break
    return out


def _another_value(t, chain) -> bool:
    """The callback takes the lock by calling the method that ran it again, on another field of
    the same value (`c.WriteBucket.Fill(func() { c.GlobalBucket.Fill(…) })`): two buckets, two
    locks of one type, not one lock taken twice."""
    if not chain:
        return False
    inner_call = chain[0][1]
    outer_call = t.node.parent.parent if t.node.parent is not None and t.node.parent.type == "argument_list" else None
    names = []
    for src, call in ((chain[0][0], inner_call), (t.src, outer_call)):
        f = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        if f is None or f.type != "selector_expression":
            return False
        names.append((src.text(f.child_by_field_name("operand")).replace(" ", ""), src.text(f.child_by_field_name("field"))))
    (inner, m1), (outer, m2) = names
    return m1 == m2 and inner != outer and "." in inner and "." in outer


def _locks_its_argument(r: CallbackRelock) -> bool:
    """The callback locks the value it is called with, and that value is not the one whose
    lock is held: `n.forEachChild(func(c *Node) { walk(c) })`, run as `fn(child)` for each
    child while `n`'s lock is held, locks each child in turn, a tree walk, not one lock taken
    twice. The value is followed through the chain: a parameter handed on as an argument or
    a method's receiver, down to the Lock of one of its fields."""
    t = r.target
    fn = t.fi.node
    params = [n for p in goast.params_of(fn) for n in p.children_by_field_name("name")]
    names = [t.src.text(n) for n in params]
    _, call = r.steps[-1]
    args = goast.call_args(call) if call.type == "call_expression" else []
    for index, name in enumerate(names):
        if index >= len(args) or not _followed_to_lock(r.chain, name):
            continue
        arg = goast.unparen(args[index])
        holder = _lock_base(r.lock, r.fi.src)
        return holder is not None and r.fi.src.text(arg) != holder
    return False


def _followed_to_lock(chain: list, name: str) -> bool:
    for i, (src, call, _) in enumerate(chain):
        f = call.child_by_field_name("function") if call.type == "call_expression" else None
        if f is None:
            return False
        operand = f.child_by_field_name("operand") if f.type == "selector_expression" else None
        if i == len(chain) - 1:  # the Lock: on a field of the value followed
            return operand is not None and src.text(operand).startswith(name + ".")
        nxt_src, nxt, _ = chain[i + 1]
        callee = goast.enclosing_decl(nxt, nxt_src) or goast.enclosing_func(nxt)
        if callee is None:
            return False
        if operand is not None and operand.type == "identifier" and src.text(operand) == name:
            if callee.type != "method_declaration":
                return False
            name = goast.receiver(callee, nxt_src)[0]
        else:
            args = [goast.unparen(a) for a in goast.call_args(call)]
            at = next((j for j, a in enumerate(args) if a.type == "identifier" and src.text(a) == name), None)
            names = [nxt_src.text(n) for p in goast.params_of(callee) for n in p.children_by_field_name("name")]
            if at is None or at >= len(names):
                return False
            name = names[at]
        if not name:
            return False
    return False


def _lock_base(lock: Node, src) -> str | None:
    """`n` of `n.mu.Lock()`."""
    f = lock.child_by_field_name("function") if lock.type == "call_expression" else None
    operand = f.child_by_field_name("operand") if f is not None and f.type == "selector_expression" else None
    while operand is not None and operand.type == "selector_expression":
        operand = operand.child_by_field_name("operand")
    return src.text(operand) if operand is not None and operand.type == "identifier" else None


def callback_relocks(view: PackageView) -> list[CallbackRelock]:
    """Every call of the package that, holding a mutex, runs a callback the package makes a
    function locking that mutex again (cached)."""
    got = view.__dict__.get("_goleash_cb_deadlock")
    if got is None:
        got = view.__dict__["_goleash_cb_deadlock"] = _callback_analyze(view)
    return got


# -- listeners: registered through an exported method, called with the mutex write-taken, when an
# exported method takes the same mutex (a listener reading the value back through it) ------------


@dataclass(eq=False)
class ListenerRelock(_Held):
    fi: FuncInfo  # the function holding the lock
    lock: Node  # the Lock call that holds it
    steps: list  # (src, call) from a call of `fi` down to the listener call, inclusive
    reg: Registration  # how listeners get in
    again: FuncInfo  # the exported method that locks the same mutex
    mode: str  # how it takes it: "w" or "r"
    chain: list  # (src, node, text) from `again` down to its Lock

    @property
    def listener_call(self) -> str:
        s, n = self.steps[-1]
        return f"`{s.text(n.child_by_field_name('function'))}()` ({s.path.rsplit('/', 1)[-1]}:{line_of(s, n)})"

    @property
    def related(self) -> list[Related]:
        out = [Related(self.fi.src.span(self.lock), f"`{self.lock_expr}` is locked here")]
        out += [Related(s.span(n), f"`{s.text(n.child_by_field_name('function'))}` runs the listeners") for s, n in self.steps[1:-1]]
        s, n = self.steps[-1]
        out.append(Related(s.span(n), "a registered listener is called here"))
        r = self.reg
        out.append(Related(r.fi.src.span(r.node), f"`{r.fi.key}` stores listeners of any caller here"))
        return out + [Related(s.span(n), text) for s, n, text in self.chain]

    @property
    def anchor(self) -> str:
        return f"{self.label}|listener|{self.fi.src.text(self.lock)}"


def _embedded_types(view: PackageView, tname: str) -> set:
    """`tname` and the struct types it embeds, at any depth."""
    out, todo = set(), [tname]
    while todo:
        t = todo.pop()
        if t in out:
            continue
        out.add(t)
        si = view.struct_of(t)
        for emb in si.embedded if si is not None else ():
            en, _ = type_name(emb, si.src)
            if en:
                todo.append(en)
    return out


def _promoted(view: PackageView, types: set, name: str) -> FuncInfo | None:
    """The method `name` of one of `types` (a method promoted from an embedded struct), if only one has it."""
    got = [fi for t in types if (fi := view.funcs.get(f"{t}.{name}")) is not None]
    return got[0] if len(got) == 1 else None


def _listener_sites(an, cb, fi: FuncInfo, depth: int, memo: dict) -> list:
    """Registered-listener calls `fi` makes on its own goroutine, directly or through calls on its
    receiver: [(steps, registration)]."""
    got = memo.get((fi.node.id, depth))
    if got is not None:
        return got
    memo[(fi.node.id, depth)] = []  # recursion guard
    out = [([(fi.src, site), (fi.src, call)] if site != call else [(fi.src, call)], reg) for site, call, reg in cb.listener_calls(fi)]
    if depth < _CB_DEPTH:
        mine = _embedded_types(an.view, fi.recv_type) if fi.recv_type else set()
        for c, _ in an._own_calls(fi):
            p = c.parent
            f = c.child_by_field_name("function")
            o = f.child_by_field_name("operand") if f is not None and f.type == "selector_expression" else None
            if (p is not None and p.type in ("go_statement", "defer_statement")) or o is None or fi.src.text(o) != fi.recv_name:
                continue
            callee = an.resolve_call(c, fi.src) or _promoted(an.view, mine, fi.src.text(f.child_by_field_name("field")))
            if callee is None or callee.body is None or callee.node == fi.node or callee.recv_type not in mine:
                continue
            if any(op == "-" for _, op, _, _ in an.ops(callee)):
                continue  # it unlocks something on the way: the lock may be released for the listeners
            for steps, reg in _listener_sites(an, cb, callee, depth + 1, memo):
                out.append(([(fi.src, c)] + steps, reg))
    memo[(fi.node.id, depth)] = out
    return out


def _exported_locker(an, view: PackageView, key: tuple, holder: FuncInfo, regs: set, memo: dict):
    """An exported method, other than `holder` and the methods that take listeners, of the lock's
    type or of a type embedding it, that itself locks the mutex `key` of its receiver: (method,
    mode, chain). A reader (a getter, what a listener most naturally calls back) is preferred."""
    mk = (key, holder.node.id)
    if mk in memo:
        return memo[mk]
    found = []
    for fi in view.funcs.values():
        if not fi.recv_type or not fi.name[:1].isupper() or fi.body is None or fi.node == holder.node:
            continue
        if key[1] not in _embedded_types(view, fi.recv_type):
            continue
        got = an.acquires(fi).get(("r", fi.recv_type, key[2]))
        # its own Lock, and it hands back what it reads: a getter, what a listener told of a change
        # calls to see it. A method that changes the value (`Close`, `StartUp`) is not a read back.
        if got is not None and len(got[1]) == 1 and fi.node.id not in regs and _reads_back(fi):
            found.append((got[0] != "r", (fi, got[0], got[1])))
    memo[mk] = min(found, key=lambda f: f[0])[1] if found else None
    return memo[mk]


_RECEIVER_WRITES = """
[(assignment_statement left: (expression_list) @w)
 (inc_statement (_) @w) (dec_statement (_) @w)
 (call_expression function: (identifier) @f arguments: (argument_list . (_) @a))]
"""


def _reads_back(fi: FuncInfo) -> bool:
    """The method returns something and changes nothing of its receiver's."""
    if fi.node.child_by_field_name("result") is None or fi.body is None:
        return False
    recv = fi.recv_name.encode()
    got = captures(_RECEIVER_WRITES, fi.body)
    builtins = [a for f, a in zip(got.get("f", ()), got.get("a", ())) if fi.src.text(f) in ("delete", "close", "clear")]
    for w in [*got.get("w", ()), *builtins]:
        for t in w.named_children if w.type == "expression_list" else [w]:
            while t.type in ("selector_expression", "index_expression", "parenthesized_expression", "unary_expression"):
                t = t.child_by_field_name("operand") or t.named_children[0]
            if t.type == "identifier" and fi.src.data[t.start_byte : t.end_byte] == recv:
                return False
    return True


def _listener_analyze(view: PackageView) -> list[ListenerRelock]:
    if view.name == "main" or not any(f.mentions(b"Lock()") for f in view.files):
        return []
    an = key_analyzer(view)
    cb = callbacks(view, an)
    if not cb.registrations():
        return []
    regs = cb.listener_takers()
    out: list[ListenerRelock] = []
    memo: dict = {}
    lockers: dict = {}
    seen: set = set()
    for fi in view.funcs.values():
        if fi.body is None or not fi.recv_type or not an.own_has(fi, b"Lock()") or not an.keyed_locks(fi):
            continue
        if not any(op == "w" and key is not None and key[0] == "r" for _, op, key, _ in an.ops(fi)):
            continue
        for steps, reg in _listener_sites(an, cb, fi, 0, memo):
            for k, (hmode, lock) in an.held_at(steps[0][1], fi).items():
                if hmode != "w" or k[0] != "r" or lock.id in seen:
                    continue
                found = _exported_locker(an, view, k, fi, regs, lockers)
                if found is not None:
                    seen.add(lock.id)
                    out.append(ListenerRelock(fi, lock, steps, reg, *found))
    # A listener does not set off the notification it is answering: when the method that locks
    # again is itself one that runs the listeners (`ReloadConfig` against `ReloadConfigString`),
    # what is left is a re-entrant reload nobody writes, not a read of the value back.
    notifiers = {r.fi.node.id for r in out}
    return [r for r in out if r.again.node.id not in notifiers]


def listener_relocks(view: PackageView) -> list[ListenerRelock]:
    """Every Lock whose function, with it write-taken, calls listeners that callers outside the
    package register, when an exported method takes the same mutex (cached)."""
    got = view.__dict__.get("_goleash_listener_deadlock")
    if got is None:
        got = view.__dict__["_goleash_listener_deadlock"] = _listener_analyze(view)
    return got
