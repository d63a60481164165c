"""Issue 6: deadlocks between two goroutines over locks.

- lock-order-inversion: two code paths that may run at once take the same two mutexes in opposite
  orders (AB-BA), directly or through calls (deadlock.py's per-function acquisition summaries).
- lock-held-channel-op: a goroutine holds a mutex and blocks on a channel operation (or
  `wg.Wait()`) whose other side, everywhere in the package, first needs that same mutex.

Lock keys are type-level for the inversion rule (`("r", T, ".mu")` relative to the receiver of a
method of T, `("t", T, ".mu")` on another value of T, `("p", "mu")` for a package variable); two
locks of the same struct type are compared only when both are on the receiver of one method,
because `a.mu` then `b.mu` on two values of one type is an inversion only if some path takes
the same two values in the reverse order, which syntax cannot tell. The channel rule matches
objects by identity (the same receiver, the same package variable, the same local)."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from .. import goast
from ..concurrency import concurrency, go_literal_of
from ..goast import Node, func_label, line_of, unparen
from ..gotypes import classify_lock_type, decl_type, struct_name
from ..lockcalls import LOCK_OPS, LockCalls
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import FuncInfo, PackageView
from ..parse import SourceFile, calls_named, captures, file_captures
from ..registry import Rule, register
from ..scope import resolve
from ..synctypes import embeds_mutex, is_sync_type, type_text

_OP_NAMES = {k.encode() for k in LOCK_OPS}
_CALL_Q = "(call_expression) @c"
_LOCK_OPERAND = re.compile(rb"([\w.()*&]+)\.R?Lock\(\)")
_LIT_QUERY = "(go_statement) @g (func_literal) @lit"  # the same query concurrency.roots asks: shared traversal


# -- lock keys ---------------------------------------------------------------------------------


class _KeyAnalyzer(LockCalls):
    """deadlock.py's analyzer with type-level lock keys and a call resolver that follows
    `s.field.method()` chains."""

    def __init__(self, view: PackageView):
        super().__init__(view)
        self._obj_cache: dict = {}
        self._fcalls: dict = {}
        self._flits: dict = {}
        self._flits2: dict = {}
        self._own: dict = {}
        self._inner: dict = {}
        self._may_lock: dict[bytes, bool] = {}

    def obj(self, expr: Node, src: SourceFile) -> tuple | None:
        """(kind, name, path) of the object an expression denotes: ('r', T, '') the receiver of a
        method of T, ('t', T, '') another value of struct type T, ('p', var, '') a package variable
        whose struct type is unknown; path collects fields below a value of unknown type."""
        k = (src.path, expr.start_byte, expr.end_byte)
        if k in self._obj_cache:
            return self._obj_cache[k]
        got = self._obj(expr, src)
        self._obj_cache[k] = got
        return got

    def _obj(self, expr: Node, src: SourceFile) -> tuple | None:
        expr = unparen(expr)
        if expr.type == "unary_expression" and src.text(expr).startswith(("&", "*")):
            inner = expr.child_by_field_name("operand")
            return self.obj(inner, src) if inner is not None else None
        if expr.type == "identifier":
            d = resolve(expr, src, self.view)
            if d.kind == "receiver" and d.func is not None:
                rtype = goast.receiver(d.func, src)[1]
                return ("r", rtype, "") if rtype else None
            if d.kind == "package":
                t = struct_name(decl_type(d), d.src, self.view) if d.src is not None else None
                return ("t", t, "") if t else ("p", d.name, "")
            if d.kind in ("param", "local") and d.src is not None:
                t = struct_name(decl_type(d), d.src, self.view)
                if t is None and d.kind == "local" and d.ident is not None:
                    t = self._range_elem(d.ident, d.src)
                return ("t", t, "") if t else None
            return None
        if expr.type == "selector_expression":
            operand = expr.child_by_field_name("operand")
            fld = expr.child_by_field_name("field")
            if operand is None or fld is None:
                return None
            b = self.obj(operand, src)
            if b is None:
                return None
            name = src.text(fld)
            if b[0] in ("r", "t") and not b[2]:
                typ, fsrc = self.view.field_type(b[1], name)
                if typ is None:
                    return None
                u = struct_name(typ, fsrc, self.view)
                if u:
                    return ("t", u, "")
            return (b[0], b[1], b[2] + "." + name)
        return None

    def _range_elem(self, ident: Node, src: SourceFile) -> str | None:
        """Struct type of `v` in `for _, v := range x.items` (a slice or map of T / *T)."""
        lst = ident.parent
        rc = lst.parent if lst is not None and lst.type == "expression_list" else lst
        if rc is None or rc.type != "range_clause":
            return None
        left = rc.child_by_field_name("left")
        names = list(left.named_children) if left is not None and left.type == "expression_list" else [left]
        if len(names) != 2 or names[1] != ident:
            return None
        right = rc.child_by_field_name("right")
        typ, tsrc = self._type_node(right, src) if right is not None else (None, None)
        if typ is None:
            return None
        typ, tsrc = self.view.resolve_named(typ, tsrc)
        if typ is None:
            return None
        if typ.type == "map_type":
            elem = typ.child_by_field_name("value")
        elif typ.type in ("slice_type", "array_type"):
            elem = typ.child_by_field_name("element")
        else:
            return None
        return struct_name(elem, tsrc, self.view) if elem is not None else None

    def _type_node(self, expr: Node, src: SourceFile):
        expr = unparen(expr)
        if expr.type == "identifier":
            d = resolve(expr, src, self.view)
            return (d.type, d.src) if d.type is not None and d.src is not None else (None, None)
        if expr.type == "selector_expression":
            operand = expr.child_by_field_name("operand")
            fld = expr.child_by_field_name("field")
            b = self.obj(operand, src) if operand is not None else None
            if b is not None and fld is not None and b[0] in ("r", "t") and not b[2]:
                return self.view.field_type(b[1], src.text(fld))
        return None, None

    def key_of(self, operand: Node, src: SourceFile, fi: FuncInfo) -> tuple | None:
        o = unparen(operand)
        if o.type == "selector_expression":
            inner = o.child_by_field_name("operand")
            fld = o.child_by_field_name("field")
            b = self.obj(inner, src) if inner is not None and fld is not None else None
            return (b[0], b[1], b[2] + "." + src.text(fld)) if b is not None else None
        return self.obj(o, src)

    def is_mutex(self, operand: Node, src: SourceFile) -> bool:
        k = ("m", src.path, operand.start_byte)
        got = self._mutex_cache.get(k)
        if got is not None:
            return got
        got = False
        o = unparen(operand)
        if o.type == "selector_expression":
            inner = o.child_by_field_name("operand")
            fld = o.child_by_field_name("field")
            b = self.obj(inner, src) if inner is not None else None
            if b is not None and fld is not None and b[0] in ("r", "t") and not b[2]:
                typ, fsrc = self.view.field_type(b[1], src.text(fld))
                got = classify_lock_type(typ, fsrc) is not None
                if not got and typ is not None:
                    u = struct_name(typ, fsrc, self.view)
                    got = u in embeds_mutex(self.view) if u else False
        if not got:
            got = super().is_mutex(operand, src)
        self._mutex_cache[k] = got
        return got

    def resolve_call(self, call: Node, src: SourceFile) -> FuncInfo | None:
        fi = self.cc.resolve_call(call, src)
        if fi is not None:
            return fi
        f = call.child_by_field_name("function")
        if f is not None and f.type == "selector_expression":
            operand = f.child_by_field_name("operand")
            meth = f.child_by_field_name("field")
            if operand is not None and meth is not None and operand.type in ("selector_expression", "identifier"):
                b = self.obj(operand, src)
                if b is not None and b[0] in ("r", "t") and not b[2]:
                    return self.view.funcs.get(f"{b[1]}.{src.text(meth)}")
        return None

    @cached_property
    def _funcs_by_name(self) -> dict[bytes, list[FuncInfo]]:
        out: dict[bytes, list[FuncInfo]] = {}
        for fi in self.view.funcs.values():
            if fi.body is not None:
                out.setdefault(fi.name.encode(), []).append(fi)
        return out

    def _lits(self, src: SourceFile) -> list[Node]:
        got = self._flits.get(src.path)
        if got is None:
            if b"func(" not in src.data:
                got = self._flits[src.path] = []  # gofmt writes every func literal as `func(`
                return got
            got = self._flits[src.path] = sorted(file_captures(src, _LIT_QUERY).get("lit", []), key=lambda n: n.start_byte)
        return got

    def _lits2(self, src: SourceFile) -> tuple[list[Node], list[int]]:
        got = self._flits2.get(src.path)
        if got is None:
            lits = self._lits(src)
            got = self._flits2[src.path] = (lits, [n.start_byte for n in lits])
        return got

    def own_has(self, fi: FuncInfo, needle: bytes) -> bool:
        """Do the bytes of the function's own body (outside nested func literals) contain `needle`?"""
        body = fi.body
        if body is None:
            return False
        data = fi.src.data
        i = data.find(needle, body.start_byte, body.end_byte)
        if i == -1:
            return False
        lits = self._inner.get(body.id)
        if lits is None:
            lits = self._inner[body.id] = self.lits_in(body, fi.src)
        if not lits:
            return True
        while i != -1:
            if not any(l.start_byte <= i < l.end_byte for l in lits):
                return True
            i = data.find(needle, i + 1, body.end_byte)
        return False

    def lits_in(self, node: Node, src: SourceFile) -> list[Node]:
        """Func literals starting inside `node` (at any depth), in source order."""
        lits, starts = self._lits2(src)
        i = bisect.bisect_left(starts, node.start_byte)
        if i < len(lits) and lits[i].start_byte == node.start_byte and lits[i] == node:
            i += 1  # not the literal itself
        k = bisect.bisect_left(starts, node.end_byte, i)
        return lits[i:k]

    def _own_calls(self, fi: FuncInfo) -> list:
        """(call, called name) of the function's own body, in source order: not in nested
        func literals."""
        body = fi.body
        if body is None:
            return []
        got = self._own.get(body.id)
        if got is not None:
            return got
        inner = [(l.start_byte, l.end_byte) for l in self.lits_in(body, fi.src)]
        out = []
        data = fi.src.data
        for c in captures(_CALL_Q, body).get("c", ()):
            if inner and any(a <= c.start_byte < b for a, b in inner):
                continue
            f = c.child_by_field_name("function")
            if f is None:
                continue
            if f.type == "selector_expression":
                f = f.child_by_field_name("field")
                if f is None:
                    continue
            elif f.type != "identifier":
                continue
            out.append((c, data[f.start_byte:f.end_byte]))
        self._own[body.id] = out
        return out

    def _surely_local(self, o: Node, src: SourceFile, fi: FuncInfo) -> bool:
        """`mu.Lock()` on a name that is no package variable, no receiver and (no struct of the
        package embedding a mutex) no struct value: a local mutex, which has no key."""
        if o.type != "identifier":
            return False
        name = src.text(o)
        if name in self.view.vars or embeds_mutex(self.view):
            return False
        return name != fi.recv_name

    def keyed_locks(self, fi: FuncInfo) -> bool:
        """Might one of the function's Lock calls have a key (not only local mutexes)? Judged
        from the bytes: `x.mu.Lock()` might, `mu.Lock()` on a local name does not."""
        body = fi.body
        names = _LOCK_OPERAND.findall(fi.src.data, body.start_byte, body.end_byte)
        if not names:
            return False
        if embeds_mutex(self.view):
            return True
        for n in names:
            if b"." in n or n.lstrip(b"(*&") != n:
                return True
            t = n.decode()
            if t in self.view.vars or t == fi.recv_name:
                return True
        return False

    def may_lock(self, name: bytes, depth: int = 0) -> bool:
        """Can a function or method of this name take a lock, itself or through up to three
        levels of calls (judged by the names it calls)?"""
        got = self._may_lock.get(name)
        if got is not None:
            return got
        if depth > 2:
            return False
        self._may_lock[name] = False  # recursion guard
        ok = False
        for fi in self._funcs_by_name.get(name, ()):
            if fi.src.data.find(b"Lock()", fi.node.start_byte, fi.node.end_byte) != -1:
                ok = True
                break
            if any(n != name and n in self._funcs_by_name and self.may_lock(n, depth + 1) for _, n in self._own_calls(fi)):
                ok = True
                break
        self._may_lock[name] = ok
        return ok

    def ops(self, fi: FuncInfo):
        got = self._ops_cache.get(fi.node.id)
        if got is not None:
            return got
        out = []
        src = fi.src
        for n, name in self._own_calls(fi):
            p = n.parent
            if p is not None and p.type in ("go_statement", "defer_statement"):
                continue
            f = n.child_by_field_name("function")
            if f is None:
                continue
            if name in _OP_NAMES and f.type == "selector_expression":
                o = f.child_by_field_name("operand")
                if not goast.call_args(n) and o is not None and not self._surely_local(o, src, fi) and self.is_mutex(o, src):
                    out.append((n, LOCK_OPS[name.decode()], self.key_of(o, src, fi), None))
                continue
            if name not in self._funcs_by_name or not self.may_lock(name):
                continue
            callee = self.resolve_call(n, src)
            if callee is not None and callee.node != fi.node:
                out.append((n, "call", None, callee))
        self._ops_cache[fi.node.id] = out
        return out

    def acquires(self, fi: FuncInfo, depth: int = 0) -> dict[tuple, tuple[str, list]]:
        got = self._summary.get(fi.node.id)
        if got is not None:
            return got
        if depth > 6:
            return {}
        self._summary[fi.node.id] = {}  # recursion guard
        out: dict[tuple, tuple[str, list]] = {}
        released: set = set()
        for n, op, key, callee in self.ops(fi):
            if self._conditional_on_param(n, fi):
                continue
            if op == "-":
                if key is not None:
                    released.add(key)
                continue
            if op in ("w", "r"):
                if key is not None and key not in released and key not in out:
                    out[key] = (op, [(fi.src, n, f"`{fi.src.text(n)}` in `{func_label(fi.node, fi.src)}`")])
                continue
            for k, (mode, chain) in self.callee_keys(n, fi, callee, depth + 1).items():
                if k in out or k in released:
                    continue
                out[k] = (mode, chain)
        self._summary[fi.node.id] = out
        return out

    def _same_receiver_call(self, call: Node, fi: FuncInfo, callee: FuncInfo) -> bool:
        f = call.child_by_field_name("function")
        if f is None or f.type != "selector_expression" or not callee.recv_type:
            return False
        o = f.child_by_field_name("operand")
        if o is None or o.type != "identifier":
            return False
        d = resolve(o, fi.src, self.view)
        return d.kind == "receiver" and d.func is not None and goast.receiver(d.func, fi.src)[1] == callee.recv_type

    def callee_keys(self, call: Node, fi: FuncInfo, callee: FuncInfo, depth: int = 0) -> dict:
        """What a call acquires, with the callee's receiver-relative keys made caller-relative."""
        sub = self.acquires(callee, depth)
        if not sub:
            return {}
        same = self._same_receiver_call(call, fi, callee)
        text = fi.src.text(call.child_by_field_name("function"))
        step = (fi.src, call, f"`{func_label(fi.node, fi.src)}` calls `{text}`")
        out = {}
        for k, (mode, chain) in sub.items():
            if k[0] == "r" and not same:
                k = ("t", k[1], k[2])
            out.setdefault(k, (mode, [step] + chain))
        return out


def _tl(k: tuple) -> tuple:
    return ("t", k[1], k[2]) if k[0] == "r" else k


def _analyzer(view: PackageView) -> _KeyAnalyzer:
    an = view.__dict__.get("_goleash_lockorder_an")
    if an is None:
        an = view.__dict__["_goleash_lockorder_an"] = _KeyAnalyzer(view)
    return an


def _lit_info(lit: Node, src: SourceFile, outer: FuncInfo) -> FuncInfo:
    """A func literal as a function of its own; recv_name is the enclosing method's receiver."""
    return FuncInfo(lit, src, "func literal", outer.recv_name, None)


def _label(fi: FuncInfo) -> str:
    if fi.node.type == "func_literal":
        return f"the goroutine at line {line_of(fi.src, fi.node)}"
    return f"`{func_label(fi.node, fi.src)}`"


def _lock_text(src: SourceFile, lock: Node) -> str:
    f = lock.child_by_field_name("function")
    o = f.child_by_field_name("operand") if f is not None else None
    return src.text(o) if o is not None else src.text(lock)


# -- lock-order-inversion ----------------------------------------------------------------------


# Each call between the lock held and the lock taken is a branch taken on faith (conditions
# along the way are not followed). Deeper than this, the paths judged on real projects were
# infeasible more often than not; the evidence stops being evidence.
_MAX_CHAIN = 3


@dataclass(eq=False)
class _Edge:
    fi: FuncInfo
    held: tuple          # key held
    hmode: str
    hlock: Node          # the Lock call holding it
    key: tuple           # key acquired while holding it
    mode: str
    node: Node           # the Lock call or the call that acquires it
    chain: list          # (src, node, text) down to the Lock
    others: frozenset    # type-level keys of other locks held at node


def _funcs_with_locks(view: PackageView, an: "_KeyAnalyzer"):
    """Functions that take a lock themselves, and goroutine literals inside them that do."""
    for fi in view.funcs.values():
        if fi.src.data.find(b"Lock()", fi.node.start_byte, fi.node.end_byte) == -1 or fi.body is None:
            continue
        if an.own_has(fi, b"Lock()") and an.keyed_locks(fi):
            yield fi
        for lit in an.lits_in(fi.node, fi.src):
            if go_literal_of(lit) is not None and fi.src.data.find(b"Lock()", lit.start_byte, lit.end_byte) != -1:
                li = _lit_info(lit, fi.src, fi)
                if an.own_has(li, b"Lock()") and an.keyed_locks(li):
                    yield li


def _edges(view: PackageView, an: _KeyAnalyzer) -> list[_Edge]:
    out = []
    for fi in _funcs_with_locks(view, an):
        ops = an.ops(fi)
        if not any(op in ("w", "r") and key is not None for _, op, key, _ in ops):
            continue
        for n, op, key, callee in ops:
            if op == "-":
                continue
            if op in ("w", "r"):
                if key is None:
                    continue
                acq = {key: (op, [(fi.src, n, f"`{fi.src.text(n)}` in {_label(fi)}")])}
            else:
                acq = an.callee_keys(n, fi, callee)
                if not acq:
                    continue
            held = an.held_at(n, fi)
            if not held:
                continue
            for hk, (hmode, hlock) in held.items():
                for k, (mode, chain) in acq.items():
                    if _tl(hk) == _tl(k) or k in held:
                        continue
                    if hk[0] != "p" and k[0] != "p" and hk[1] == k[1] and not (hk[0] == k[0] == "r"):
                        continue  # two locks of one struct type on values syntax cannot tell apart
                    others = frozenset(_tl(x) for x in held if x != hk)
                    out.append(_Edge(fi, hk, hmode, hlock, k, mode, n, chain, others))
    return out


def _may_run_concurrently(view: PackageView, fi: FuncInfo, memo: dict, depth: int = 0) -> bool:
    if fi.node.type == "func_literal":
        return True
    got = memo.get(fi.node.id)
    if got is not None:
        return got
    if depth > 3:
        return False
    memo[fi.node.id] = False
    cc = concurrency(view)
    ok = fi.name[:1].isupper() or fi.node.id in cc.reach or fi.node.id in cc.handler_decls
    if not ok:
        for call, csrc in cc.call_sites_of(fi.name):
            b = cc.boundary_of(call, csrc)
            if b is None:
                continue
            if b.type == "func_literal":
                if cc.root_of_boundary(b) is not None:
                    ok = True
                    break
                continue
            target = cc.resolve_call(call, csrc)
            if target is not None and target.node != fi.node:
                continue
            caller = _decl_info(view, b, csrc)
            if caller is not None and _may_run_concurrently(view, caller, memo, depth + 1):
                ok = True
                break
    memo[fi.node.id] = ok
    return ok


def _decl_info(view: PackageView, fn: Node, src: SourceFile) -> FuncInfo | None:
    name = goast.func_name(fn, src)
    rt = goast.receiver(fn, src)[1] if fn.type == "method_declaration" else None
    fi = view.funcs.get(f"{rt}.{name}" if rt else name)
    return fi if fi is not None and fi.node == fn else None


def _guarded(e: _Edge) -> bool:
    """Is an early exit (`if cond { return }`) between taking the held lock and the acquisition,
    in the function holding it or before the Lock in a callee on the way?"""
    for i, (s, n, _) in enumerate(e.chain):
        fn = e.fi.node if i == 0 else goast.enclosing_decl(n)
        if fn is None:
            continue
        start = e.hlock.end_byte if i == 0 else fn.start_byte
        body = fn.child_by_field_name("body")
        if body is None:
            continue
        for st in goast.of_type(body, "if_statement", skip_func_literals=True):
            if st.start_byte < start or st.start_byte >= n.start_byte or goast.inside(n, st):
                continue
            cons = st.child_by_field_name("consequence")
            if cons is not None and goast.block_terminates(cons, s):
                return True
    return False


def _conflict(a: str, b: str) -> bool:
    return not (a == "r" and b == "r")


def _lock_order(view: PackageView) -> list[Diagnostic]:
    if not any(b"Lock()" in f.data for f in view.files):
        return []
    # At least two distinct lock expressions must be taken somewhere for an inversion.
    an = _analyzer(view)
    edges = _edges(view, an)
    if len(edges) < 2:
        return []
    by_pair: dict[tuple, list[_Edge]] = {}
    for e in edges:
        by_pair.setdefault((_tl(e.held), _tl(e.key)), []).append(e)
    memo: dict = {}
    out = []
    done = set()
    for (a, b), fwd in sorted(by_pair.items(), key=lambda kv: repr(kv[0])):
        if (b, a) in done or (a, b) in done:
            continue
        rev = by_pair.get((b, a))
        if not rev:
            continue
        done.add((a, b))
        pairs = []
        for e1 in fwd:
            for e2 in rev:
                if e1.fi.node == e2.fi.node:
                    continue
                if not (_conflict(e1.mode, e2.hmode) and _conflict(e1.hmode, e2.mode)):
                    continue
                if e1.others & e2.others:
                    continue  # a common outer lock serialises the two paths
                if len(e1.chain) > _MAX_CHAIN or len(e2.chain) > _MAX_CHAIN:
                    continue
                if _guarded(e1) and _guarded(e2):
                    continue  # both behind state checks (`if done { return }`): a protocol, not a race
                if not (_may_run_concurrently(view, e1.fi, memo) and _may_run_concurrently(view, e2.fi, memo)):
                    continue
                pairs.append((e1, e2))
        if not pairs:
            continue
        # Report in the path whose order is the minority (the one to change); ties: the later one.
        n_fwd = len({id(p[0]) for p in pairs})
        n_rev = len({id(p[1]) for p in pairs})
        last = lambda e: (e.fi.src.path, e.node.start_byte)  # noqa: E731
        fix_fwd = all(_swap_fix(p[0].fi.src, p[0]) is not None for p in pairs)
        fix_rev = all(_swap_fix(p[1].fi.src, p[1]) is not None for p in pairs)
        if fix_fwd != fix_rev:
            pick_fwd = fix_fwd
        else:
            pick_fwd = n_fwd < n_rev or (n_fwd == n_rev and max(last(p[0]) for p in pairs) > max(last(p[1]) for p in pairs))
        if pick_fwd:
            report = {}
            for e1, e2 in pairs:
                report.setdefault(id(e1), (e1, e2))
        else:
            report = {}
            for e1, e2 in pairs:
                report.setdefault(id(e2), (e2, e1))
        for mine, other in report.values():
            out.append(_inversion_diag(view, mine, other))
    return out


def _chain_text(e: _Edge) -> str:
    calls = []
    for csrc, cnode, _ in e.chain:
        f = cnode.child_by_field_name("function")
        t = csrc.text(f) if f is not None else ""
        if not t.endswith("Lock"):
            calls.append(f"{t}()")
    return f" (via {' → '.join(calls)})" if calls else ""


def _where(e: _Edge) -> tuple[SourceFile, Node]:
    s, n, _ = e.chain[-1]
    return s, n


def _inversion_diag(view: PackageView, mine: _Edge, other: _Edge) -> Diagnostic:
    src = mine.fi.src
    a_txt = _lock_text(src, mine.hlock)
    ls, ln = _where(mine)
    b_txt = _lock_text(ls, ln)
    os_, on = _where(other)
    o_held = _lock_text(other.fi.src, other.hlock)
    o_want = _lock_text(os_, on)
    msg = (
        f"Lock-order inversion: {_label(mine.fi)} holds `{a_txt}` (line {line_of(src, mine.hlock)}) and then takes "
        f"`{b_txt}`{_chain_text(mine)}, while {_label(other.fi)} ({other.fi.src.path.rsplit('/', 1)[-1]}:"
        f"{line_of(other.fi.src, other.hlock)}) holds `{o_held}` and then takes `{o_want}`{_chain_text(other)}. "
        f"When both run at once, each goroutine gets its first lock and waits forever for the other's: "
        f"neither ever unlocks, and every goroutine that needs either lock blocks behind them. "
        f"Take the two locks in one order everywhere."
    )
    related = [Related(src.span(mine.hlock), f"this goroutine holds `{a_txt}` from here")]
    related += [Related(s.span(n), f"then waits for `{b_txt}`: {t}") for s, n, t in mine.chain]
    related.append(Related(other.fi.src.span(other.hlock),
                           f"the other goroutine ({_label(other.fi)}) holds `{o_held}` from here, and releases it only after it gets `{o_want}`"))
    related += [Related(s.span(n), f"then waits for `{o_want}`: {t}") for s, n, t in other.chain]
    fixes = []
    fx = _swap_fix(src, mine)
    if fx is not None:
        fixes.append(fx)
    anchor = f"{func_label(mine.fi.node, src) if mine.fi.node.type != 'func_literal' else 'lit'}|{_tl(mine.held)}|{_tl(mine.key)}|{src.text(mine.node)[:60]}"
    return Diagnostic(src.span(mine.node), msg, related, fixes, anchor=anchor)


def _swap_fix(src: SourceFile, e: _Edge) -> Fix | None:
    """Swap `a.Lock()` / `b.Lock()` when they are adjacent statements: nothing runs between them,
    so the order changes and nothing else does."""
    if len(e.chain) != 1 or e.node.start_byte <= e.hlock.start_byte:
        return None
    s1, s2 = e.hlock.parent, e.node.parent
    if s1 is None or s2 is None or s1.type != "expression_statement" or s2.type != "expression_statement":
        return None
    if s1.parent is None or s1.parent.type != "statement_list" or s1.next_named_sibling != s2:
        return None
    between = src.data[s1.end_byte:s2.start_byte]
    if between.strip():
        return None
    edit = TextEdit(src.path, s1.start_byte, s2.end_byte, src.text(s2) + between.decode() + src.text(s1))
    return Fix(f"Take `{_lock_text(src, e.node)}` before `{_lock_text(src, e.hlock)}`, the order the other path uses", (edit,))


def _lock_order_cached(view: PackageView):
    got = view.__dict__.get("_goleash_lock_order")
    if got is None:
        got = view.__dict__["_goleash_lock_order"] = _lock_order(view)
    return got


LOCK_ORDER_INVERSION = register(Rule(
    id="lock-order-inversion",
    title="Two mutexes taken in opposite orders (AB-BA deadlock)",
    family="E",
    severity=Severity.ERROR,
    what="""
Finds two code paths in the package that can run at the same time (exported functions and
methods, HTTP handlers, goroutines) and take the same two mutexes in opposite orders: one holds
`A` and then locks `B`, the other holds `B` and then locks `A`, directly or through calls in
any file of the package. Mutexes are matched by struct type and field (`Server.mu`,
`Session.mu`) or as the same package-level variable; two mutexes of the same struct type are
compared only on the receiver of one method. A common outer lock held by both paths, or two
read locks, does not deadlock and is not reported. The finding is on the path whose order is
the minority; when its two Lock calls are adjacent, the patch swaps them.
""",
    why="""
When both paths run at once, each goroutine gets its first lock and waits for the second, which
the other goroutine holds and will only release after it gets the lock the first one holds.
Neither can ever proceed: both goroutines block forever, and so does every goroutine that later
needs either lock. A server stops answering requests that touch these locks; the runtime only
reports "all goroutines are asleep - deadlock!" if nothing else is running. It happens rarely,
under load, and never in a single-goroutine test.
""",
    example="""
func (s *Server) Broadcast(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sess := range s.sessions {
		sess.Send(msg) // Send locks sess.mu: Server.mu then Session.mu
	}
}

func (c *Session) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.srv.remove(c) // remove locks srv.mu: Session.mu then Server.mu
}
""",
    instead="""
func (c *Session) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.srv.remove(c) // Session.mu released first: only Server.mu → Session.mu remains
}
""",
    vet_overlap="Not covered by go vet or staticcheck; `go test -race` does not detect deadlocks either.",
    run=lambda view: _lock_order_cached(view),
))


# -- lock-held-channel-op ------------------------------------------------------------------------

# Identity of an object, precise enough to say "the same mutex / channel / WaitGroup":
# ("recv", T, path) the receiver of a method of T; ("pkg", name, path); ("decl", file, byte, path)
# a local or parameter (the same declaration).


def _ident(view: PackageView, expr: Node, src: SourceFile) -> tuple | None:
    expr = unparen(expr)
    if expr.type == "unary_expression" and src.text(expr).startswith("&"):
        inner = expr.child_by_field_name("operand")
        return _ident(view, inner, src) if inner is not None else None
    if expr.type == "identifier":
        d = resolve(expr, src, view)
        if d.kind == "receiver" and d.func is not None:
            rt = goast.receiver(d.func, src)[1]
            return ("recv", rt, "") if rt else None
        if d.kind == "package":
            return ("pkg", d.name, "")
        if d.kind in ("local", "param") and d.ident is not None and d.src is not None:
            return ("decl", d.src.path, d.ident.start_byte, "")
        return None
    if expr.type == "selector_expression":
        operand = expr.child_by_field_name("operand")
        fld = expr.child_by_field_name("field")
        if operand is None or fld is None:
            return None
        b = _ident(view, operand, src)
        if b is None:
            return None
        return b[:-1] + (b[-1] + "." + src.text(fld),)
    return None


@dataclass(eq=False)
class _Site:
    fi: FuncInfo
    node: Node      # the blocking op (send_statement, `<-x`, range_clause, select, Wait call)
    kind: str       # send | recv | wait
    chan: Node      # the channel / WaitGroup expression


_SITE_Q = """
(send_statement) @send
(unary_expression operator: "<-") @recv
(range_clause) @range
(call_expression function: (selector_expression field: (field_identifier) @meth) arguments: (argument_list . ")")) @mcall
"""


def _op_sites(fi: FuncInfo, lits: list[Node]) -> list[_Site]:
    """Blocking operations in the function's own body (not in `lits`, the func literals nested
    in it)."""
    out = []
    body = fi.body
    if body is None:
        return out
    src = fi.src
    inner = [(l.start_byte, l.end_byte) for l in lits]
    caps = captures(_SITE_Q, body)
    for n in caps.get("send", ()):
        ch = n.child_by_field_name("channel")
        if ch is not None:
            out.append(_Site(fi, n, "send", ch))
    for n in caps.get("recv", ()):
        ch = n.child_by_field_name("operand")
        if ch is not None:
            out.append(_Site(fi, n, "recv", ch))
    for n in caps.get("range", ()):
        r = n.child_by_field_name("right")
        if r is not None:
            out.append(_Site(fi, n, "range", r))
    for m in caps.get("meth", ()):
        name = src.text(m)
        if name in ("Wait", "Done"):
            n = m.parent.parent
            o = m.parent.child_by_field_name("operand")
            if o is not None and not goast.call_args(n):
                out.append(_Site(fi, n, "wait" if name == "Wait" else "done", o))
    if inner:
        out = [x for x in out if not any(a <= x.node.start_byte < b for a, b in inner)]
    out.sort(key=lambda x: x.node.start_byte)
    return out


def _select_blocks(site: _Site) -> Node | None:
    """For an op in a select case: the select, if it has one case and no default (it blocks
    exactly like the bare op); None if the op is not a select case; False-y marker otherwise."""
    for a in goast.ancestors(site.node):
        if a.type == "communication_case":
            sel = a.parent
            if sel is None or sel.type != "select_statement":
                return None
            cases = [c for c in sel.named_children if c.type in ("communication_case", "default_case")]
            if len(cases) == 1 and cases[0].type == "communication_case":
                return sel
            return a  # several cases or a default: not a blocking op by itself
        if a.type in ("block", "statement_list") or a.type in goast.FUNC_TYPES:
            return None
    return None


class _ChanIndex:
    def __init__(self, view: PackageView):
        self.view = view
        self.an = _analyzer(view)
        self._bufcache: dict = {}
        self._sites: dict[int, list[_Site]] = {}
        self._mentioning: dict[tuple, list[FuncInfo]] = {}

    def with_literals(self, fi: FuncInfo) -> list[FuncInfo]:
        return [fi] + [_lit_info(lit, fi.src, fi) for lit in self.an.lits_in(fi.node, fi.src)]

    def sites_of(self, fi: FuncInfo) -> list[_Site]:
        got = self._sites.get(fi.node.id)
        if got is None:
            got = self._sites[fi.node.id] = _op_sites(fi, self.an.lits_in(fi.body, fi.src) if fi.body is not None else [])
        return got

    def mentioning(self, *needles: bytes) -> list[FuncInfo]:
        got = self._mentioning.get(needles)
        if got is None:
            got = []
            for fi in self.view.funcs.values():
                if fi.body is None:
                    continue
                d, a, b = fi.src.data, fi.node.start_byte, fi.node.end_byte
                if all(d.find(n, a, b) != -1 for n in needles):
                    got.extend(self.with_literals(fi))
            self._mentioning[needles] = got
        return got

    def others(self, key: tuple, site: _Site) -> list[_Site]:
        """The sites on the other side of `site`'s channel or WaitGroup."""
        name = key[-1].rsplit(".", 1)[-1] if key[-1] else (key[1] if key[0] == "pkg" else site.fi.src.text(unparen(site.chan)))
        marker = b"Done()" if site.kind == "wait" else b"<-" if site.kind != "send" else b""
        needles = (name.encode(), marker) if marker else (name.encode(),)
        out = []
        for fi in self.mentioning(*needles):
            for s in self.sites_of(fi):
                if s.kind not in _OPPOSITE[site.kind]:
                    continue
                k = _ident(self.view, s.chan, fi.src)
                if k == key:
                    out.append(s)
                elif _last_name(s.chan, fi.src) == name:
                    return []  # the same channel may be reached another way (a parameter, a copy): unsure
        if key[0] == "decl" and self._escapes(key, name):
            return []
        return out

    def _escapes(self, key: tuple, name: str) -> bool:
        """Is the local channel / WaitGroup passed, stored or returned (its other side may then
        be anywhere)?"""
        src = next((f for f in self.view.files if f.path == key[1]), None)
        ident = src.root.descendant_for_byte_range(key[2], key[2]) if src is not None else None
        fn = goast.enclosing_func(ident) if ident is not None else None
        if fn is None:
            return True
        for n in goast.of_type(fn, "identifier"):
            if n == ident or src.text(n) != name:
                continue
            p = n.parent
            if p is None:
                continue
            if p.type == "unary_expression" and src.text(p).startswith("&"):
                n, p = p, p.parent
            if p.type == "argument_list":
                call = p.parent
                f = call.child_by_field_name("function") if call is not None else None
                if f is None or src.text(f) not in ("close", "len", "cap"):
                    return True
            elif p.type in ("expression_list", "literal_element", "keyed_element", "return_statement", "composite_literal"):
                gp = p.parent
                if p.type == "expression_list" and gp is not None and gp.type in ("assignment_statement", "short_var_declaration") and gp.child_by_field_name("left") == p:
                    continue
                return True
        return False

    def held(self, site: _Site) -> dict[tuple, tuple[str, Node]]:
        """Locks held at the site, by identity."""
        got = self.an.held_at(site.node, site.fi)
        out = {}
        for _, (mode, lock) in got.items():
            f = lock.child_by_field_name("function")
            o = f.child_by_field_name("operand") if f is not None else None
            k = _ident(self.view, o, site.fi.src) if o is not None else None
            if k is not None:
                out[k] = (mode, lock)
        return out

    def unbuffered(self, key: tuple, site: _Site) -> bool:
        """The channel is made without a capacity everywhere it is made, and made somewhere."""
        got = self._bufcache.get(key)
        if got is not None:
            return got
        field = key[-1].rsplit(".", 1)[-1] if key[-1] else None
        makes = []
        if key[0] == "decl":
            src = next((f for f in self.view.files if f.path == key[1]), None)
            if src is not None and not key[-1]:
                ident = src.root.descendant_for_byte_range(key[2], key[2])
                fn = goast.enclosing_func(ident) if ident is not None else None
                name = src.text(ident) if ident is not None else ""
                if fn is not None:
                    makes += self._makes_to(fn, src, lambda left: left.type == "identifier" and src.text(left) == name, name)
        elif key[0] == "pkg" and not key[-1]:
            v = self.view.vars.get(key[1])
            if v is not None and v.value is not None:
                makes += [m for m in _makes_in(v.value, v.src)] if _is_make_chan(v.value, v.src) else []
            for src in self.view.files:
                if key[1].encode() in src.data and b"make(chan" in src.data:
                    makes += self._makes_to(src.root, src, lambda left, s=src: left.type == "identifier" and s.text(left) == key[1], key[1])
        elif field:
            for src in self.view.files:
                if field.encode() in src.data and b"make(chan" in src.data:
                    makes += self._makes_to(src.root, src, lambda left, s=src: left.type == "selector_expression" and s.text(left.child_by_field_name("field")) == field, field)
        ok = bool(makes) and all(_cap_zero(m, s) for m, s in makes)
        self._bufcache[key] = ok
        return ok

    def _makes_to(self, root: Node, src: SourceFile, left_ok, name: str) -> list:
        """make(chan ...) calls assigned to a destination accepted by left_ok (or a keyed
        composite-literal element named `name`)."""
        out = []
        for call in calls_named(src, "make"):
            if not goast.inside(call, root) or not _is_make_chan(call, src):
                continue
            p = call.parent
            if p is not None and p.type == "literal_element":
                p = p.parent
            if p is not None and p.type == "keyed_element":
                k = p.named_children[0] if p.named_children else None
                if k is not None and src.text(k) == name and k != call:
                    out.append((call, src))
                continue
            if p is not None and p.type == "expression_list":
                st = p.parent
                if st is not None and st.type in ("assignment_statement", "short_var_declaration"):
                    left = st.child_by_field_name("left")
                    rights = list(p.named_children)
                    lefts = list(left.named_children) if left is not None else []
                    if len(lefts) == len(rights):
                        i = rights.index(call)
                        if left_ok(lefts[i]):
                            out.append((call, src))
                elif st is not None and st.type == "var_spec":
                    names = [c for c in st.children_by_field_name("name")]
                    if any(src.text(n) == name for n in names):
                        out.append((call, src))
        return out


def _last_name(expr: Node, src: SourceFile) -> str | None:
    expr = unparen(expr)
    if expr.type == "unary_expression" and src.text(expr).startswith("&"):
        expr = unparen(expr.child_by_field_name("operand") or expr)
    if expr.type == "identifier":
        return src.text(expr)
    if expr.type == "selector_expression":
        f = expr.child_by_field_name("field")
        return src.text(f) if f is not None else None
    return None


def _is_make_chan(call: Node, src: SourceFile) -> bool:
    if call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "identifier" or src.text(fn) != "make":
        return False
    args = goast.call_args(call)
    return bool(args) and args[0].type == "channel_type"


def _makes_in(n: Node, src: SourceFile):
    return [(n, src)]


def _cap_zero(call: Node, src: SourceFile) -> bool:
    args = goast.call_args(call)
    return len(args) == 1 or (len(args) == 2 and src.text(args[1]).strip() == "0")


_OPPOSITE = {"send": ("recv", "range"), "recv": ("send",), "range": ("send",), "wait": ("done",)}


def _chan_ops(view: PackageView) -> list[Diagnostic]:
    files = view.files
    if not any(b"Lock()" in f.data and (b"<-" in f.data or b"Wait()" in f.data) for f in files):
        return []
    idx = _ChanIndex(view)
    held_sites = []
    for fi in view.funcs.values():
        if fi.body is None:
            continue
        d, a, b = fi.src.data, fi.node.start_byte, fi.node.end_byte
        if d.find(b"Lock()", a, b) == -1 or (d.find(b"<-", a, b) == -1 and d.find(b"Wait()", a, b) == -1):
            continue
        for f in idx.with_literals(fi):
            if not idx.an.own_has(f, b"Lock()") or not (idx.an.own_has(f, b"<-") or idx.an.own_has(f, b"Wait()")):
                continue  # holds no lock of its own, or never blocks in its own body
            for site in idx.sites_of(f):
                if site.kind not in ("send", "recv", "wait"):
                    continue
                sel = _select_blocks(site)
                if sel is not None and sel.type != "select_statement":
                    continue
                held = idx.held(site)
                if held:
                    held_sites.append((site, sel, held))
    # senders and waiters first: one finding per channel and lock, on the side holding the lock
    # across a send (the receiver's side is the same deadlock seen from the other end)
    held_sites.sort(key=lambda x: (x[0].kind == "recv",))
    out = []
    pairs_done = set()
    for site, sel, held in held_sites:
        key = _ident(view, site.chan, site.fi.src)
        if key is None:
            continue
        if site.kind == "wait":
            if not is_sync_type(type_text(view, site.chan, site.fi.src), ("WaitGroup",), site.fi.src):
                continue
        elif not idx.unbuffered(key, site):
            continue
        others = None
        for lk, (mode, lock) in held.items():
            if (key, lk) in pairs_done:
                continue
            if others is None:
                others = idx.others(key, site)
                if not others:
                    break
            evidence = _all_need(idx, others, lk, site)
            if evidence is None:
                continue
            pairs_done.add((key, lk))
            out.append(_chan_diag(view, idx, site, sel, lk, mode, lock, evidence))
            break
    return out


def _all_need(idx: _ChanIndex, others: list[_Site], lk: tuple, site: _Site) -> list | None:
    """For every other side of the operation, the evidence that it needs lock `lk` first; None if
    one of them does not."""
    ev = []
    for o in others:
        if o.node == site.node:
            return None
        if o.kind == "done":
            got = _done_needs(idx, o, lk)
        else:
            if _select_blocks(o) is not None and _select_blocks(o).type != "select_statement":
                return None  # a select with other cases can do something else
            h = idx.held(o)
            got = [(o.fi.src, h[lk][1], "holds it"), (o.fi.src, o.node, "before this")] if lk in h else None
        if not got:
            return None
        ev.append((o, got))
    return ev


def _done_needs(idx: _ChanIndex, o: _Site, lk: tuple) -> list | None:
    """`wg.Done()` that runs only after the goroutine has taken `lk` (deferred Done: a lock anywhere
    in the goroutine; plain Done: a lock before it)."""
    fi = o.fi
    deferred = o.node.parent is not None and o.node.parent.type == "defer_statement"
    view = idx.view
    for n, op, key, callee in idx.an.ops(fi):
        if not deferred and n.start_byte >= o.node.start_byte:
            break
        if op in ("w", "r"):
            f = n.child_by_field_name("function")
            k = _ident(view, f.child_by_field_name("operand"), fi.src)
            if k == lk and not idx.an._conditional_on_param(n, fi) and not _under_branch(n, fi):
                return [(fi.src, n, "locks it"), (fi.src, o.node, "before this")]
        elif op == "call":
            f = n.child_by_field_name("function")
            if f is None or f.type != "selector_expression" or _under_branch(n, fi):
                continue
            base = _ident(view, f.child_by_field_name("operand"), fi.src)
            if base is None:
                continue
            for k, (mode, chain) in idx.an.acquires(callee).items():
                if k[0] == "r" and base[:-1] + (base[-1] + k[2],) == lk:
                    return [(fi.src, n, f"calls `{fi.src.text(f)}`, which locks it")] + \
                        [(s, m, t) for s, m, t in chain] + [(fi.src, o.node, "before this")]
    return None


def _under_branch(n: Node, fi: FuncInfo) -> bool:
    for a in goast.ancestors(n):
        if a == fi.node:
            return False
        if a.type in ("if_statement", "expression_switch_statement", "type_switch_statement", "select_statement", "for_statement"):
            return True
    return False


def _chan_diag(view, idx, site: _Site, sel, lk, mode, lock, evidence) -> Diagnostic:
    src = site.fi.src
    lock_txt = _lock_text(src, lock)
    ch = src.text(site.chan)
    node = sel if sel is not None and sel.type == "select_statement" else site.node
    if site.kind == "wait":
        what = f"waits in `{ch}.Wait()`"
        other = "goroutine it waits for calls `Done` only after locking"
        result = "Wait never returns"
    elif site.kind == "send":
        what = f"sends on `{ch}`"
        other = "receiver of the channel reaches its receive only while holding"
        result = "the send never completes"
    else:
        what = f"receives from `{ch}`"
        other = "sender of the channel reaches its send only while holding"
        result = "the receive never completes"
    o, ev = evidence[0]
    where = f"{o.fi.src.path.rsplit('/', 1)[-1]}:{line_of(o.fi.src, o.node)}"
    msg = (
        f"{_label(site.fi)} holds `{lock_txt}` (line {line_of(src, lock)}) and {what}, but the "
        f"{other} `{lock_txt}` ({_label(o.fi)}, {where}): the other side waits for the lock this goroutine "
        f"holds, this goroutine waits for the other side, so {result} and `{lock_txt}` is never released — "
        f"every goroutine that needs it blocks too. Release the lock before the {'wait' if site.kind == 'wait' else 'channel operation'}."
    )
    related = [Related(src.span(lock), f"`{lock_txt}` is locked here and still held at the blocking operation")]
    for o, ev in evidence[:4]:
        for s, n, t in ev:
            related.append(Related(s.span(n), f"{_label(o.fi)} {t}" if t in ("holds it", "locks it") or t.startswith("calls") else t))
    fixes = []
    fx = _unlock_up_fix(src, site, node, lock)
    if fx is not None:
        fixes.append(fx)
    anchor = f"{func_label(site.fi.node, src) if site.fi.node.type != 'func_literal' else 'lit'}|{lock_txt}|{src.text(node)[:60]}"
    return Diagnostic(src.span(node), msg, related, fixes, anchor=anchor)


def _unlock_up_fix(src: SourceFile, site: _Site, node: Node, lock: Node) -> Fix | None:
    """`mu.Lock(); ...; <blocking op>; mu.Unlock()` → move the Unlock above the op, when the op
    reads no field guarded by the lock (only locals, literals and the channel/WaitGroup itself)."""
    stmt = node if node.type in ("send_statement", "select_statement") else goast.statement_of(node)
    if stmt is None or stmt.parent is None or stmt.parent.type != "statement_list":
        return None
    if lock.parent is None or lock.parent.parent != stmt.parent:
        return None  # the Lock must be in the same statement list
    if site.kind == "wait":
        if stmt.type != "expression_statement" or stmt.named_children[0] != site.node:
            return None
    elif site.kind == "send":
        if stmt.type != "send_statement":
            return None
        val = stmt.child_by_field_name("value")
        if val is None or not _plain_value(val, src):
            return None
    else:
        return None
    nxt = stmt.next_named_sibling
    while nxt is not None and nxt.type == "comment" and src.point(nxt.start_byte)[0] == src.point(stmt.end_byte)[0]:
        nxt = nxt.next_named_sibling
    if nxt is None or nxt.type != "expression_statement":
        return None
    call = nxt.named_children[0] if nxt.named_children else None
    if call is None or call.type != "call_expression":
        return None
    f = call.child_by_field_name("function")
    lf = lock.child_by_field_name("function")
    if f is None or f.type != "selector_expression" or lf is None:
        return None
    unl = src.text(f.child_by_field_name("field"))
    if unl not in ("Unlock", "RUnlock") or src.text(f.child_by_field_name("operand")) != src.text(lf.child_by_field_name("operand")):
        return None
    between = src.data[stmt.end_byte:nxt.start_byte]
    comment = b""
    nl = between.find(b"\n")
    if nl > 0 and between[:nl].strip().startswith(b"//"):
        comment, between = between[:nl], between[nl:]
    if between.strip() or b"\n" not in between:
        return None
    eol = src.data.find(b"\n", nxt.end_byte)
    if eol == -1 or src.data[nxt.end_byte:eol].strip():
        return None
    new = src.text(nxt) + between.decode() + src.text(stmt) + comment.decode()
    edit = TextEdit(src.path, stmt.start_byte, nxt.end_byte, new)
    return Fix(f"Unlock `{_lock_text(src, lock)}` before blocking", (edit,))


def _plain_value(v: Node, src: SourceFile) -> bool:
    v = unparen(v)
    if v.type in ("interpreted_string_literal", "raw_string_literal", "int_literal", "float_literal", "true", "false", "nil", "rune_literal"):
        return True
    if v.type == "identifier":
        return True  # a local or a constant; fields are selectors
    if v.type == "composite_literal":
        body = v.child_by_field_name("body")
        return body is None or all(_plain_value(x, src) for x in goast.of_type(body, "identifier") if x.parent.type != "keyed_element" or x != x.parent.named_children[0]) and not any(True for _ in goast.of_type(body, "selector_expression", "call_expression", "index_expression"))
    return False


def _chan_cached(view: PackageView):
    got = view.__dict__.get("_goleash_lock_chan")
    if got is None:
        got = view.__dict__["_goleash_lock_chan"] = _chan_ops(view)
    return got


LOCK_HELD_CHANNEL_OP = register(Rule(
    id="lock-held-channel-op",
    title="Mutex held across a channel operation or Wait whose other side needs the mutex",
    family="E",
    severity=Severity.ERROR,
    what="""
Finds a goroutine that holds a mutex and then blocks: it sends on or receives from an unbuffered
channel (directly or as the only case of a `select` without `default`), or calls `wg.Wait()`,
while every other side of that operation elsewhere in the package — every receiver of the
channel, every sender, every goroutine that calls `wg.Done()` — first needs the same mutex. The
mutex, the channel and the WaitGroup must be the same objects (the same receiver's fields, the
same package variable or the same local). When the Unlock directly follows the blocking
statement and the statement reads no guarded field, the patch moves the Unlock above it.
""",
    why="""
The goroutine that holds the lock waits for the other side of the channel (or for `Done`), and
the other side waits for the lock: neither can proceed. Both goroutines block forever, the
mutex is never released, and every goroutine that needs it piles up behind them. A server stops
answering without crashing; the runtime only reports "all goroutines are asleep - deadlock!"
if nothing else runs.
""",
    example="""
func (w *Worker) Submit(j Job) {
	w.mu.Lock()
	w.pending++
	w.jobs <- j // the loop receives only while holding w.mu
	w.mu.Unlock()
}

func (w *Worker) loop() {
	for {
		w.mu.Lock()
		j := <-w.jobs
		w.pending--
		w.mu.Unlock()
		j.Run()
	}
}
""",
    instead="""
func (w *Worker) Submit(j Job) {
	w.mu.Lock()
	w.pending++
	w.mu.Unlock()
	w.jobs <- j
}

func (w *Worker) loop() {
	for j := range w.jobs {
		w.mu.Lock()
		w.pending--
		w.mu.Unlock()
		j.Run()
	}
}
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    run=lambda view: _chan_cached(view),
))
