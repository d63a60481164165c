"""Calls made while holding a mutex that lock the same mutex again.

A method holding `s.mu` calls — directly or through other methods on the same receiver, in any
file of the package — a method that locks `s.mu` again. Locks are tracked per object, not per
type: `s.mu` held while calling `s.other()` is the same mutex; `t.mu` of another value is not.
Package-level mutexes are one object whoever calls. Calls in `go` statements, `defer`s and func
literals are not followed. mutex-self-deadlock and rwmutex-recursive-rlock each report a share
of these (a read lock taken again under a read lock is the second's)."""

from __future__ import annotations

from dataclasses import dataclass

from .callbacks import Target, callbacks, chain_is_sound, func_label_of
from .goast import Node, func_label, line_of
from .lockcalls import LockCalls
from .lockkeys import key_analyzer
from .model import Related
from .package import FuncInfo, PackageView


@dataclass(eq=False)
class Relock:
    fi: FuncInfo  # the function holding the lock
    node: Node  # the Lock call, or the call that reaches one, made while holding it
    key: tuple  # the lock, as LockCalls names it
    hmode: str  # how it is held: "w" or "r"
    mode: str  # how `node` takes it again: "w" or "r"
    lock: Node  # the Lock call that holds it
    chain: list  # (src, node, text) from `node` down to the second Lock

    @property
    def lock_expr(self) -> str:
        return self.fi.src.text(self.lock.child_by_field_name("function").child_by_field_name("operand"))

    @property
    def label(self) -> str:
        """The function holding the lock, `Type.method`."""
        return func_label(self.fi.node, self.fi.src)

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
    def where(self) -> str:
        """`file.go:line` of the second Lock."""
        last_src, last_node, _ = self.chain[-1]
        return f"{last_src.path.rsplit('/', 1)[-1]}:{line_of(last_src, last_node)}"

    @property
    def related(self) -> list[Related]:
        src = self.fi.src
        return [Related(src.span(self.lock), f"`{self.lock_expr}` is locked here")] + [Related(s.span(n), text) for s, n, text in self.chain]

    @property
    def anchor(self) -> str:
        src = self.fi.src
        return f"{func_label(self.fi.node, src)}|{self.key[0]}{self.key[1]}|{src.text(self.node)[:80]}"


def _analyze(view: PackageView) -> list[Relock]:
    if not any(b"Lock()" in f.data for f in view.files):
        return []
    an = LockCalls(view)
    out: list[Relock] = []
    for fi in view.funcs.values():
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
class CallbackRelock:
    fi: FuncInfo  # the function holding the lock
    node: Node  # the call it makes while holding it: the callback call, or a call reaching one
    hmode: str  # how it is held: "w" or "r"
    mode: str  # how the callback takes it again: "w" or "r"
    lock: Node  # the Lock call that holds it
    steps: list  # (src, call) from `node` down to the callback call, inclusive
    target: Target  # the package function that may run as the callback
    chain: list  # (src, node, text) from the target down to its Lock

    @property
    def lock_expr(self) -> str:
        return self.fi.src.text(self.lock.child_by_field_name("function").child_by_field_name("operand"))

    @property
    def label(self) -> str:
        return func_label(self.fi.node, self.fi.src)

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
    def where(self) -> str:
        s, n, _ = self.chain[-1]
        return f"{s.path.rsplit('/', 1)[-1]}:{line_of(s, n)}"

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


def _callback_sites(an, cb, fi: FuncInfo, depth: int, memo: dict) -> list:
    """Callback calls `fi` makes on its own goroutine, directly or through package calls:
    [(steps, targets)], steps = [(src, call)] from a call of `fi`'s body down to the callback call."""
    got = memo.get(fi.node.id)
    if got is not None:
        return got
    memo[fi.node.id] = []  # recursion guard
    out = []
    for c, _ in an._own_calls(fi):
        p = c.parent
        if p is not None and p.type in ("go_statement", "defer_statement"):
            continue
        callee = an.resolve_call(c, fi.src)
        if callee is None:
            targets = cb.targets(c, fi.src)
            if targets:
                out.append(([(fi.src, c)], targets))
            continue
        if depth >= _CB_DEPTH or callee.node == fi.node or callee.body is None:
            continue
        if any(op == "-" for _, op, _, _ in an.ops(callee)):
            continue  # it unlocks something on the way: the lock may be released for the callbacks
        for steps, targets in _callback_sites(an, cb, callee, depth + 1, memo):
            out.append(([(fi.src, c)] + steps, targets))
    memo[fi.node.id] = out
    return out


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
    if not any(b"Lock()" in f.data for f in view.files):
        return []
    an = key_analyzer(view)
    cb = callbacks(view, an)
    out: list[CallbackRelock] = []
    memo: dict = {}
    seen: set = set()
    for fi in view.funcs.values():
        if fi.body is None or not an.own_has(fi, b"Lock()") or not an.keyed_locks(fi):
            continue
        if not any(op in ("w", "r") and key is not None for _, op, key, _ in an.ops(fi)):
            continue
        for steps, targets in _callback_sites(an, cb, fi, 0, memo):
            node = steps[0][1]
            if node.id in seen:
                continue
            held = {_norm(k): v for k, v in an.held_at(node, fi).items()}
            if not held:
                continue
            found = None
            for t in targets:
                for k, (mode, chain) in an.acquires(t.fi).items():
                    nk = _norm(k)
                    if nk not in held:
                        continue
                    hmode, lock = held[nk]
                    if hmode == "r" and mode == "r" and nk not in _write_locked(an, view):
                        continue  # no writer can queue between the two read locks
                    if not chain_is_sound(chain):
                        continue
                    found = CallbackRelock(fi, node, hmode, mode, lock, steps, t, chain)
                    break
                if found is not None:
                    break
            if found is not None:
                seen.add(node.id)
                out.append(found)
    return out


def callback_relocks(view: PackageView) -> list[CallbackRelock]:
    """Every call of the package that, holding a mutex, runs a callback the package makes a
    function locking that mutex again (cached)."""
    got = view.__dict__.get("_goleash_cb_deadlock")
    if got is None:
        got = view.__dict__["_goleash_cb_deadlock"] = _callback_analyze(view)
    return got
