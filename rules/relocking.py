"""Calls made while holding a mutex that lock the same mutex again.

A method holding `s.mu` calls — directly or through other methods on the same receiver, in any
file of the package — a method that locks `s.mu` again. Locks are tracked per object, not per
type: `s.mu` held while calling `s.other()` is the same mutex; `t.mu` of another value is not.
Package-level mutexes are one object whoever calls. Calls in `go` statements, `defer`s and func
literals are not followed. mutex-self-deadlock and rwmutex-recursive-rlock each report a share
of these (a read lock taken again under a read lock is the second's)."""

from __future__ import annotations

from dataclasses import dataclass

from .goast import Node, func_label, line_of
from .lockcalls import LockCalls
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
