"""Lock keys for deadlock analysis between goroutines: LockCalls (rules/lockcalls.py) with
type-level lock keys and a call resolver that follows `s.field.method()` chains. Shared by
lock-order-inversion and lock-held-channel-op.

Lock keys are type-level (`("r", T, ".mu")` relative to the receiver of a method of T,
`("t", T, ".mu")` on another value of T, `("p", "mu")` for a package variable)."""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from . import goast
from .goast import Node, func_label, line_of, unparen
from .gotypes import classify_lock_type, decl_type, struct_name
from .lockcalls import LOCK_OPS, LockCalls
from .package import FuncInfo, PackageView
from .parse import FUNC_LITERALS, SourceFile, calls_in, token_owners
from .scope import resolve
from .synctypes import embeds_mutex

_OP_NAMES = {k.encode() for k in LOCK_OPS}
# `x.mu.Lock()` / `x.mu.RLock()` spelled backwards: a pattern that starts with a literal is
# scanned for it at memchr speed, one that starts with a class (the operand) is tried at every
# byte (45x slower over real code)
_LOCK_OPERAND_REVERSED = re.compile(rb"\)\(kcoLR?\.([\w.()*&]+)")


class KeyAnalyzer(LockCalls):
    """The self-deadlock analyzer (rules/lockcalls.py) with type-level lock keys and a call resolver that follows
    `s.field.method()` chains."""

    def __init__(self, view: PackageView):
        super().__init__(view)
        self._obj_cache: dict = {}
        self._fcalls: dict = {}
        self._flits: dict = {}
        self._flits2: dict = {}
        self._own: dict = {}
        self._inner: dict = {}
        self._may_lock: dict[tuple[bytes, int], bool] = {}

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
                    t = self._range_elem(d.ident, d.src) or _switch_case_type(d.ident, expr, d.src, self.view)
                    if t is None and (getter := self._lock_getter(d.value, d.src)) is not None:
                        return ("f", getter, "")
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

    def _lock_getter(self, value: Node | None, src: SourceFile) -> str | None:
        """`lock := m.lockFor(id)`, a function of the package returning *sync.Mutex or
        *sync.RWMutex: the locks it hands out are one family, named after it (as locks of one
        struct type are)."""
        if value is None or unparen(value).type != "call_expression":
            return None
        callee = self.cc.resolve_call(unparen(value), src)
        if callee is None:
            return None
        res = callee.node.child_by_field_name("result")
        if res is None or callee.src.text(res).replace(" ", "") not in ("*sync.Mutex", "*sync.RWMutex"):
            return None
        return func_label(callee.node, callee.src)

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
        elif o.type == "identifier":
            d = resolve(o, src, self.view)
            got = d.kind == "local" and self._lock_getter(d.value, d.src) is not None
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
                name = src.text(meth)
                if name not in self.view.methods_by_name:
                    return None  # no type of the package has the method: `mu.Lock`, `fmt.Println`
                b = self.obj(operand, src)
                if b is not None and b[0] in ("r", "t") and not b[2]:
                    return self.view.funcs.get(f"{b[1]}.{name}")
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
            if not src.mentions(b"func("):
                got = self._flits[src.path] = []  # gofmt writes every func literal as `func(`
                return got
            got = self._flits[src.path] = sorted(token_owners(src, *FUNC_LITERALS), key=lambda n: n.start_byte)
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
        for c in calls_in(fi.src, body):
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
            out.append((c, data[f.start_byte : f.end_byte]))
        self._own[body.id] = out
        return out

    def _surely_local(self, o: Node, src: SourceFile, fi: FuncInfo) -> bool:
        """`mu.Lock()` on a name that is no package variable, no receiver and (no struct of the
        package embedding a mutex) no struct value: a local mutex, which has no key."""
        if o.type != "identifier":
            return False
        name = src.text(o)
        if name in self.view.vars or embeds_mutex(self.view) or name == fi.recv_name:
            return False
        d = resolve(o, src, self.view)
        return not (d.kind == "local" and self._lock_getter(d.value, d.src) is not None)

    def keyed_locks(self, fi: FuncInfo) -> bool:
        """Might one of the function's Lock calls have a key (not only local mutexes)? Judged
        from the bytes: `x.mu.Lock()` might, `mu.Lock()` on a local name does not."""
        body = fi.body
        names = [n[::-1] for n in _LOCK_OPERAND_REVERSED.findall(fi.src.data[body.start_byte : body.end_byte][::-1])]
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
        levels of calls (judged by the names it calls)? Remembered by name and level: the
        answer at a level must not depend on the level it was first asked at."""
        if depth > 2:
            return False
        key = (name, depth)
        got = self._may_lock.get(key)
        if got is None:
            got = any(self._func_may_lock(fi, depth) for fi in self._funcs_by_name.get(name, ()))
            self._may_lock[key] = got
        return got

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
            elif callee is None:
                # a call through an interface of the package (`c.Dumper.Dump(…)`, `sender.Send(…)`)
                # may run any of the package's types that implement all of it
                out.extend((n, "call", None, c) for c in self._implementations(n, src, fi))
        self._ops_cache[fi.node.id] = out
        return out

    def _implementations(self, call: Node, src: SourceFile, caller: FuncInfo) -> list[FuncInfo]:
        f = call.child_by_field_name("function")
        operand = f.child_by_field_name("operand") if f is not None and f.type == "selector_expression" else None
        if operand is None or self.cc._interface_methods(operand, src) is None:
            return []
        # followed only when one implementation alone (the caller aside) can take a lock:
        # whichever runs, what the call may take is then known (a seam with a real and a plain
        # implementation), not a guess among many types each locking its own value
        lockers = [c for c in self.cc._callees(call, src) if c.node != caller.node and self._func_may_lock(c, 0)]
        return lockers if len(lockers) == 1 else []

    def _func_may_lock(self, fi: FuncInfo, depth: int) -> bool:
        """`may_lock` of one function: it locks itself, or calls a name that may (up to three
        levels of calls from the level `depth` it is asked at)."""
        if fi.body is None:
            return False
        if fi.src.data.find(b"Lock()", fi.node.start_byte, fi.node.end_byte) != -1:
            return True
        name = fi.name.encode()
        return any(n != name and n in self._funcs_by_name and self.may_lock(n, depth + 1) for _, n in self._own_calls(fi))

    def _through_call(self, call: Node, fi: FuncInfo, prefix: str | None, callee: FuncInfo, sub: dict, known: tuple) -> dict:
        return self.callee_keys(call, fi, callee, known, sub)

    def _same_receiver_call(self, call: Node, fi: FuncInfo, callee: FuncInfo) -> bool:
        f = call.child_by_field_name("function")
        if f is None or f.type != "selector_expression" or not callee.recv_type:
            return False
        o = f.child_by_field_name("operand")
        if o is None or o.type != "identifier":
            return False
        d = resolve(o, fi.src, self.view)
        return d.kind == "receiver" and d.func is not None and goast.receiver(d.func, fi.src)[1] == callee.recv_type

    def released_first(self, call: Node, fi: FuncInfo, callee: FuncInfo) -> list[tuple]:
        """The caller's locks the callee unlocks before it takes or calls anything
        (`updateSizeAndUnlockDataMuLocked`, documented to release `d.dataMu`): what the callee
        acquires afterwards is not taken while holding them. Keys made caller-relative."""
        out = []
        top = {st.id for st in goast.statements(callee.body)} if callee.body is not None else set()
        for n, op, key, _ in self.ops(callee):
            if op != "-" or n.parent is None or n.parent.id not in top:
                break  # (an unlock in a branch releases nothing on the other path)
            if key is not None:
                out.append(key if key[0] != "r" or self._same_receiver_call(call, fi, callee) else ("t", key[1], key[2]))
        return out

    def callee_keys(self, call: Node, fi: FuncInfo, callee: FuncInfo, known: tuple = (), sub: dict | None = None) -> dict:
        """What a call acquires, with the callee's receiver-relative keys made caller-relative,
        less the keys in any of `known` (a summary being built has them already: their chains,
        one step longer at each level, are not built again for each call). `sub`: what the
        callee takes, when it is being worked out."""
        if sub is None:
            sub = self.acquires(callee)
        if not sub:
            return {}
        same = step = None
        out = {}
        for k, (mode, chain) in sub.items():
            if k[0] == "r":
                if same is None:
                    same = self._same_receiver_call(call, fi, callee)
                if not same:
                    k = ("t", k[1], k[2])
            if k in out or any(k in seen for seen in known):
                continue
            if step is None:
                text = fi.src.text(call.child_by_field_name("function"))
                step = (fi.src, call, f"`{func_label(fi.node, fi.src)}` calls `{text}`")
            out[k] = (mode, [step] + chain)
        return out


def _switch_case_type(alias: Node, use: Node, src: SourceFile, view: PackageView) -> str | None:
    """`switch sess := s.(type) { case *ClientSession: sess.RoomSessionId() }`: in a case of one
    type, the alias is a value of that type."""
    p = alias.parent
    sw = p.parent if p is not None and p.type == "expression_list" else None
    if sw is None or sw.type != "type_switch_statement" or not goast.inside(use, sw):
        return None
    case = next((a for a in goast.ancestors(use) if a.type == "type_case" and a.parent == sw), None)
    types = case.children_by_field_name("type") if case is not None else []
    return struct_name(types[0], src, view) if len(types) == 1 else None


def key_analyzer(view: PackageView) -> KeyAnalyzer:
    """The package's analyzer, made once and shared by the two rules."""
    an = view.__dict__.get("_goleash_key_analyzer")
    if an is None:
        an = view.__dict__["_goleash_key_analyzer"] = KeyAnalyzer(view)
    return an


def lit_info(lit: Node, src: SourceFile, outer: FuncInfo) -> FuncInfo:
    """A func literal as a function of its own; recv_name is the enclosing method's receiver."""
    return FuncInfo(lit, src, "func literal", outer.recv_name, None)


def holder_label(fi: FuncInfo) -> str:
    """How a message names the function or goroutine holding a lock."""
    if fi.node.type == "func_literal":
        return f"the goroutine at line {line_of(fi.src, fi.node)}"
    return f"`{func_label(fi.node, fi.src)}`"


def lock_text(src: SourceFile, lock: Node) -> str:
    """The locked expression of a `x.Lock()` call (`x`)."""
    f = lock.child_by_field_name("function")
    o = f.child_by_field_name("operand") if f is not None else None
    return src.text(o) if o is not None else src.text(lock)
