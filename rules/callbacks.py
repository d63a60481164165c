"""Func values a package calls through a struct field, a parameter, or a slice or map of
listeners, and the package's own functions that flow into them.

A callback call is a call whose function is a value, not a declared function or method:
`s.onChange(v)` on a func-typed field, `fn(v)` on a func-typed parameter, `l(v)` on an element of
`range s.listeners`, `e.handler(v)` on an element of a slice of structs. Its slots are where its
value can come from:

- ("field", T, f): stored in field f of struct T (or as an element of it, for a slice or map);
- ("param", F, i): passed as parameter i of the package function F;
- ("type", N): any value of the package's named func type N (`type Handler func(...)`): what
  the package makes a Handler anywhere may be any Handler it calls.

Its targets are the package functions stored in those slots: function names, method values
(`m.callback`), func literals, and one or two levels of parameters forwarded into a slot
(`func (m *M) Add(h Handler) { m.hs = append(m.hs, h) }` takes what the callers of Add pass).
Values that come from outside the package are not seen: a callback with no target in the
package has no target here. Where they can come in is: `registrations` are the listener fields
an exported method fills from its parameter (an open interface or a func type), and
`listener_calls` the calls of those listeners a method makes on its own receiver."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from . import goast
from .goast import Node, unparen
from .package import FuncInfo, PackageView
from .parse import SourceFile, captures, name_nodes
from .scope import resolve

MAX_FORWARD = 2


@dataclass(eq=False)
class Target:
    fi: FuncInfo  # the function, method, or func literal (as a FuncInfo) that may run
    src: SourceFile  # where it is stored into the slot
    node: Node  # the stored value expression
    slot: tuple  # the callback's slot it was found through (for `targets`: the one the call reads)

    @property
    def how(self) -> str:
        """How the target gets into the callback, and where."""
        at = f"{self.src.path.rsplit('/', 1)[-1]}:{goast.line_of(self.src, self.node)}"
        kind = self.slot[0]
        if kind == "field":
            return f"it reaches `{self.slot[1]}.{self.slot[2]}` from {at}"
        if kind == "param":
            return f"it is passed to `{self.slot[1]}` at {at}"
        return f"the package makes it a `{self.slot[1]}`, the callback's type, at {at}"


def _stores_naming(src: SourceFile, names: set[str]) -> tuple[list[Node], list[Node]]:
    """The composite literals and assignments of `src` that can store into a callback slot, in
    source order: a literal names its func-holding struct or func type, or a func field as a
    key; an assignment names the func field on its left. Found from those names' occurrences,
    which a file holds a handful of, instead of from every literal and assignment of it."""
    lits: dict[int, Node] = {}
    asgs: dict[int, Node] = {}
    for name in names:
        for occ in name_nodes(src, name):
            lit = None
            for a in goast.ancestors(occ):
                t = a.type
                if t == "composite_literal":
                    lit = lit or a
                elif t == "assignment_statement":
                    asgs[a.id] = a
                    break
                elif t.endswith(("_statement", "_declaration", "block")) or t == "source_file":
                    break
            if lit is not None:
                lits[lit.id] = lit
    order = lambda n: (n.start_byte, -n.end_byte)  # noqa: E731  (outer first, as a query gives them)
    return sorted(lits.values(), key=order), sorted(asgs.values(), key=order)


def func_label_of(fi: FuncInfo) -> str:
    if fi.node.type == "func_literal":
        return f"the func literal at {fi.src.path.rsplit('/', 1)[-1]}:{goast.line_of(fi.src, fi.node)}"
    return f"`{fi.key}`"


class Callbacks:
    def __init__(self, view: PackageView, an):
        self.view = view
        self.an = an  # a KeyAnalyzer (rules/lockkeys.py): object types of expressions
        self._stores: dict[tuple, list] | None = None  # slot -> [(stored value, its file)]
        self._slots: dict = {}
        self._targets: dict = {}

    # -- func types -------------------------------------------------------------------

    def _func_type(self, typ: Node | None, src: SourceFile | None, elems: bool = True) -> tuple[bool, str | None]:
        """Is `typ` a func type (or, with `elems`, a slice, array or map of one)? And the name
        of the package's named func type it is written as, if any."""
        if typ is None or src is None:
            return False, None
        if elems and typ.type in ("slice_type", "array_type"):
            return self._func_type(typ.child_by_field_name("element"), src, False)
        if elems and typ.type == "map_type":
            return self._func_type(typ.child_by_field_name("value"), src, False)
        if typ.type == "function_type":
            return True, None
        if typ.type == "type_identifier":
            name = src.text(typ)
            got = self.view.types.get(name)
            if got is not None and got[0].type == "function_type":
                return True, name
        return False, None

    def _declaring_struct(self, tname: str | None, field: str) -> tuple[str | None, Node | None, SourceFile | None]:
        """The struct (tname or one it embeds) that declares `field`, with the field's type."""
        seen: set = set()
        todo = [tname]
        while todo:
            tn = todo.pop()
            if tn in seen or tn is None:
                continue
            seen.add(tn)
            si = self.view.struct_of(tn)
            if si is None:
                continue
            if field in si.fields:
                return tn, si.fields[field], si.src
            for emb in si.embedded:
                en, _ = goast.type_name(emb, si.src)
                if en:
                    todo.append(en)
        return None, None, None

    def _struct_of_expr(self, expr: Node, src: SourceFile) -> str | None:
        b = self.an.obj(expr, src)
        if b is not None and b[0] in ("r", "t") and not b[2]:
            return b[1]
        return self.an.cc.type_of_operand(expr, src)

    @cached_property
    def _func_field_names(self) -> set[str]:
        """Names of the package's func-typed fields: any other selector has no slot, and is
        spared working out its operand's type (most of a package's assignments)."""
        return {name for si in self.view.structs.values() for name, typ in si.fields.items() if self._func_type(typ, si.src)[0]}

    def _field_slots(self, sel: Node, src: SourceFile) -> list[tuple]:
        """Slots of `x.f` where f is a func-typed field (or a slice/map of func) of x's struct."""
        if sel.type != "selector_expression":
            return []
        o, f = sel.child_by_field_name("operand"), sel.child_by_field_name("field")
        if o is None or f is None or src.text(f) not in self._func_field_names:
            return []
        t = self._struct_of_expr(o, src)
        if t is None:
            return []
        name = src.text(f)
        if f"{t}.{name}" in self.view.funcs:
            return []
        decl, typ, fsrc = self._declaring_struct(t, name)
        ok, named = self._func_type(typ, fsrc)
        if not ok:
            return []
        return [("field", decl, name)] + ([("type", named)] if named else [])

    # -- the slots a call's function value comes from ----------------------------------

    def slots_of_call(self, call: Node, src: SourceFile) -> list[tuple]:
        key = (src.path, call.start_byte)
        got = self._slots.get(key)
        if got is None:
            got = self._slots[key] = self._slots_of_call(call, src)
        return got

    def _slots_of_call(self, call: Node, src: SourceFile) -> list[tuple]:
        f = call.child_by_field_name("function")
        if f is None:
            return []
        f = unparen(f)
        if f.type == "selector_expression":
            return self._field_slots(f, src)
        if f.type == "index_expression":
            o = f.child_by_field_name("operand")
            return self._field_slots(unparen(o), src) if o is not None else []
        if f.type != "identifier":
            return []
        d = resolve(f, src, self.view)
        if d.kind == "param" and d.func is not None and d.func.type in ("function_declaration", "method_declaration"):
            ok, named = self._func_type(d.type, d.src, elems=False)
            idx = self._param_index(d.func, d.ident)
            fi = self._func_info(d.func)
            if not ok or idx is None or fi is None:
                return []
            return [("param", fi.key, idx)] + ([("type", named)] if named else [])
        if d.kind != "local" or d.ident is None:
            return []
        # `for _, l := range s.listeners { l() }`
        lst = d.ident.parent
        rc = lst.parent if lst is not None and lst.type == "expression_list" else lst
        if rc is not None and rc.type == "range_clause":
            left = rc.child_by_field_name("left")
            names = list(left.named_children) if left is not None and left.type == "expression_list" else [left]
            right = rc.child_by_field_name("right")
            if len(names) == 2 and names[1] == d.ident and right is not None:
                return self._field_slots(unparen(right), src)
            return []
        # `h := s.onChange` / `h, ok := s.handlers[k]`
        v = unparen(d.value) if d.value is not None else None
        if v is not None and v.type == "index_expression":
            v = v.child_by_field_name("operand")
        return self._field_slots(unparen(v), src) if v is not None else []

    def _func_info(self, fn: Node) -> FuncInfo | None:
        by_node = self.__dict__.get("_by_node")
        if by_node is None:
            by_node = self.__dict__["_by_node"] = {fi.node.id: fi for fi in self.view.funcs.values()}
        return by_node.get(fn.id)

    @staticmethod
    def _param_index(fn: Node, ident: Node) -> int | None:
        params = fn.child_by_field_name("parameters")
        if params is None:
            return None
        i = 0
        for pd in params.named_children:
            if pd.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            names = pd.children_by_field_name("name")
            for n in names or [None]:
                if n is not None and n == ident:
                    return i
                i += 1
        return None

    # -- what the package stores into slots -------------------------------------------

    def _index(self) -> dict[tuple, list]:
        if self._stores is not None:
            return self._stores
        self._stores = {}
        # Literals and assignments fill func-typed fields (by name, or by position in a literal
        # of their struct) or make values of a named func type: a file naming none is skipped.
        fields = self._func_field_names
        needles = {t for t, (typ, _) in self.view.types.items() if typ.type == "function_type"} | fields
        needles.update([t for t, si in self.view.structs.items() if not fields.isdisjoint(si.fields)])
        keys = {n.encode() for n in needles}
        for src in self.view.files:
            lits, asgs = _stores_naming(src, {k.decode() for k in src.words_among(keys)})
            for lit in lits:
                self._index_literal(lit, src)
            for st in asgs:
                self._index_assignment(st, src)
        for fi in list(self.view.funcs.values()):
            self._index_arguments(fi)
        # conversions to a named func type: `Handler(m.callback)`
        for n, (t, _) in self.view.types.items():
            if t.type != "function_type":
                continue
            for call, csrc in self.an.cc.call_sites_of(n):
                fn = call.child_by_field_name("function")
                args = goast.call_args(call)
                if fn is not None and fn.type == "identifier" and len(args) == 1:
                    self._put([("type", n)], args[0], csrc)
        return self._stores

    def _put(self, slots: list[tuple], value: Node, src: SourceFile) -> None:
        for s in slots:
            for v in self._expand(value):
                self._stores.setdefault(s, []).append((v, src))

    def _index_literal(self, lit: Node, src: SourceFile) -> None:
        """`T{f: v}`, `T{v1, v2}`, `[]Handler{a, b}`."""
        typ = lit.child_by_field_name("type")
        body = lit.child_by_field_name("body")
        if typ is None or body is None:
            return
        ok, named = self._func_type(typ, src)
        if ok and typ.type != "function_type":  # []Handler{a, b}, map[string]Handler{...}
            for el in body.named_children if named else ():
                self._put([("type", named)], self._element_value(el), src)
            return
        tname, _ = goast.type_name(typ, src) if typ.type in ("type_identifier", "generic_type") else (None, False)
        si = self.view.struct_of(tname)
        if si is None:
            return
        elems = [c for c in body.named_children if c.type != "comment"]
        if any(c.type == "keyed_element" for c in elems):
            for kv in elems:
                kids = kv.named_children if kv.type == "keyed_element" else []
                if len(kids) != 2:
                    continue
                key = self._element_value(kids[0])
                if key.type in ("identifier", "field_identifier"):
                    self._put(self._struct_field_slots(tname, src.text(key)), self._element_value(kids[1]), src)
        elif not si.embedded and len(elems) == len(si.fields):
            for name, el in zip(si.fields, elems):
                self._put(self._struct_field_slots(tname, name), self._element_value(el), src)

    def _index_assignment(self, st: Node, src: SourceFile) -> None:
        """`x.f = v`, `x.fs[k] = v`, `x.fs = append(x.fs, v)`."""
        left, right = st.child_by_field_name("left"), st.child_by_field_name("right")
        if left is None or right is None:
            return
        lefts = left.named_children if left.type == "expression_list" else [left]
        rights = right.named_children if right.type == "expression_list" else [right]
        if len(lefts) != len(rights):
            return
        for lhs, rhs in zip(lefts, rights):
            lhs, rhs = unparen(lhs), unparen(rhs)
            if lhs.type == "index_expression":
                lhs = unparen(lhs.child_by_field_name("operand"))
            slots = self._field_slots(lhs, src)
            if not slots:
                continue
            fn = rhs.child_by_field_name("function") if rhs.type == "call_expression" else None
            if fn is not None and src.text(fn) == "append":
                for a in goast.call_args(rhs)[1:]:
                    self._put(slots, a, src)
            else:
                self._put(slots, rhs, src)

    def _index_arguments(self, fi: FuncInfo) -> None:
        """The arguments the package passes for `fi`'s func-typed parameters."""
        params = fi.node.child_by_field_name("parameters")
        if params is None:
            return
        wanted = []
        i = 0
        for pd in params.named_children:
            if pd.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            ok, named = self._func_type(pd.child_by_field_name("type"), fi.src, elems=False)
            for _ in pd.children_by_field_name("name") or [None]:
                if ok and pd.type == "parameter_declaration":
                    wanted.append((i, named))
                i += 1
        if not wanted:
            return
        for call, csrc in self.an.cc.call_sites_of(fi.name):
            if self.an.resolve_call(call, csrc) is not fi:
                continue
            args = goast.call_args(call)
            for idx, named in wanted:
                if idx < len(args):
                    self._put([("param", fi.key, idx)] + ([("type", named)] if named else []), args[idx], csrc)

    def _struct_field_slots(self, tname: str, field: str) -> list[tuple]:
        decl, typ, fsrc = self._declaring_struct(tname, field)
        ok, named = self._func_type(typ, fsrc)
        if not ok:
            return []
        return [("field", decl, field)] + ([("type", named)] if named else [])

    @staticmethod
    def _element_value(el: Node) -> Node:
        return el.named_children[0] if el.type == "literal_element" and el.named_children else el

    def _expand(self, value: Node):
        """The values a stored expression puts in a slot: the elements of a slice or map literal."""
        value = unparen(value)
        if value.type == "composite_literal":
            typ = value.child_by_field_name("type")
            body = value.child_by_field_name("body")
            if typ is not None and typ.type in ("slice_type", "array_type", "map_type") and body is not None:
                for el in body.named_children:
                    if el.type == "keyed_element" and len(el.named_children) == 2:
                        yield self._element_value(el.named_children[1])
                    elif el.type == "literal_element":
                        yield self._element_value(el)
                return
        yield value

    # -- targets --------------------------------------------------------------------------

    def targets(self, call: Node, src: SourceFile) -> list[Target]:
        """The package functions that may run as callback call `call` (empty when it is no
        callback call, or nothing of the package flows into it)."""
        key = (src.path, call.start_byte)
        got = self._targets.get(key)
        if got is not None:
            return got
        out: list[Target] = []
        seen: set = set()
        for slot in self.slots_of_call(call, src):
            for t in self.slot_targets(slot):
                if t.fi.node.id not in seen:
                    seen.add(t.fi.node.id)
                    out.append(Target(t.fi, t.src, t.node, slot))
        self._targets[key] = out
        return out

    def slot_targets(self, slot: tuple, depth: int = 0) -> list[Target]:
        out = []
        for value, vsrc in self._index().get(slot, ()):
            out.extend(self._value_targets(value, vsrc, slot, depth))
        return out

    def _value_targets(self, value: Node, src: SourceFile, slot: tuple, depth: int) -> list[Target]:
        value = unparen(value)
        if value.type == "func_literal":
            outer = goast.enclosing_func(value.parent) if value.parent is not None else None
            ofi = self._func_info(outer) if outer is not None else None
            fi = FuncInfo(value, src, "func literal", ofi.recv_name if ofi else None, ofi.recv_type if ofi else None)
            return [Target(fi, src, value, slot)]
        if value.type == "identifier":
            d = resolve(value, src, self.view)
            if d.kind in ("unknown", "package"):
                fi = self.view.funcs.get(src.text(value))
                return [Target(fi, src, value, slot)] if fi is not None and fi.recv_type is None and fi.body is not None else []
            if depth >= MAX_FORWARD:
                return []
            if d.kind == "param" and d.func is not None and d.func.type in ("function_declaration", "method_declaration"):
                fi, idx = self._func_info(d.func), self._param_index(d.func, d.ident)
                if fi is None or idx is None:
                    return []
                return self.slot_targets(("param", fi.key, idx), depth + 1)
            if d.kind == "local" and d.value is not None and d.src is not None:
                return self._value_targets(d.value, d.src, slot, depth + 1)
            return []
        if value.type == "selector_expression":
            o, m = value.child_by_field_name("operand"), value.child_by_field_name("field")
            if o is None or m is None:
                return []
            t = self._struct_of_expr(o, src)
            fi = self.view.funcs.get(f"{t}.{src.text(m)}") if t else None
            return [Target(fi, src, value, slot)] if fi is not None and fi.body is not None else []
        if value.type == "call_expression" and depth < MAX_FORWARD:
            fn = value.child_by_field_name("function")
            args = goast.call_args(value)
            if fn is not None and fn.type == "identifier" and len(args) == 1:
                got = self.view.types.get(src.text(fn))
                if got is not None and got[0].type == "function_type":  # Handler(f)
                    return self._value_targets(args[0], src, slot, depth + 1)
        return []

    # -- listeners registered from outside the package --------------------------------

    def _listener_type(self, typ: Node | None, src: SourceFile) -> str | None:
        """The text of a listener type: an interface the package declares, or a func type."""
        if typ is None:
            return None
        if self._func_type(typ, src, elems=False)[0]:
            return src.text(typ)
        if typ.type == "type_identifier":
            got = self.view.types.get(src.text(typ))
            if got is not None and got[0].type == "interface_type" and _open_interface(got[0], got[1]):
                return src.text(typ)
        return None

    def registrations(self) -> dict[tuple, Registration]:
        """(struct, field) -> how an exported method stores its listener parameter there: appended
        to a slice, put in a map (as key or value), or stored in a sync.Map. What callers outside
        the package register is not visible: it may call back into the value."""
        got = self.__dict__.get("_registrations")
        if got is not None:
            return got
        got = self.__dict__["_registrations"] = {}
        if self.view.name == "main":
            return got
        for fi in self.view.funcs.values():
            if fi.recv_type and fi.recv_name and fi.name[:1].isupper() and fi.body is not None:
                self._registrations_of(fi, got)
        return got

    def listener_takers(self) -> set:
        """Node ids of the exported methods taking a listener parameter (registering or removing one)."""
        self.registrations()
        return self.__dict__.get("_takers", set())

    def _registrations_of(self, fi: FuncInfo, out: dict) -> None:
        params = fi.node.child_by_field_name("parameters")
        names: dict[str, str] = {}
        for pd in params.named_children if params is not None else ():
            lt = self._listener_type(pd.child_by_field_name("type"), fi.src) if pd.type == "parameter_declaration" else None
            for n in pd.children_by_field_name("name") if lt else ():
                names[fi.src.text(n)] = lt
        if not names:
            return
        self.__dict__.setdefault("_takers", set()).add(fi.node.id)
        src = fi.src
        for node in captures(_STORE_QUERY, fi.body).get("s", ()):
            if node.type == "call_expression":  # `r.fs.Store(l, true)`
                f = node.child_by_field_name("function")
                if f is None or f.type != "selector_expression" or src.text(f.child_by_field_name("field")) not in ("Store", "LoadOrStore"):
                    continue
                target, values = unparen(f.child_by_field_name("operand")), goast.call_args(node)
            else:  # `r.fs = append(r.fs, l)`, `r.fs[l] = true`, `r.fs[k] = l`
                left, right = _single(node.child_by_field_name("left")), _single(node.child_by_field_name("right"))
                if left is None or right is None:
                    continue
                target, values = unparen(left), [unparen(right)]
                if target.type == "index_expression":
                    values.append(target.child_by_field_name("index"))
                    target = unparen(target.child_by_field_name("operand"))
                if values[0].type == "call_expression" and src.text(values[0].child_by_field_name("function")) == "append":
                    values[:1] = goast.call_args(values[0])[1:]
            hit = next((v for v in values if v is not None and v.type == "identifier" and src.text(v) in names), None)
            if hit is None or target.type != "selector_expression":
                continue
            o = target.child_by_field_name("operand")
            if o is None or o.type != "identifier" or src.text(o) != fi.recv_name:
                continue
            field = src.text(target.child_by_field_name("field"))
            decl, typ, fsrc = self._declaring_struct(fi.recv_type, field)
            if decl is None or typ is None:
                continue
            is_map = fsrc.text(typ).lstrip("*") == "sync.Map"
            if is_map != (node.type == "call_expression") or not (is_map or typ.type in ("slice_type", "map_type")):
                continue
            out.setdefault((decl, field), Registration(fi, node, names[src.text(hit)], is_map))

    def listener_calls(self, fi: FuncInfo) -> list[tuple[Node, Node, Registration]]:
        """Calls of registered listeners `fi` makes on its receiver's listener fields, on its own
        goroutine: (the call in `fi`'s own body that runs it, the listener call, the registration).
        `for _, l := range r.ls { l.Changed() }`; `r.ls.Range(func(k, _ any) bool { k.(L).Changed(); ... })`."""
        regs = self.registrations()
        if not regs or fi.body is None or not fi.recv_name or not fi.recv_type:
            return []
        src = fi.src
        # a listener field the body never names is never ranged over there: most methods are
        # spared the walk of their calls
        fields = self.__dict__.get("_listener_fields")
        if fields is None:
            fields = self.__dict__["_listener_fields"] = sorted({f.encode() for _, f in regs})
        if all(src.data.find(f, fi.body.start_byte, fi.body.end_byte) == -1 for f in fields):
            return []
        out = []
        for node in captures(_LISTENER_QUERY, fi.body).get("n", ()):
            if goast.enclosing_func(node.parent) != fi.node or _in_go(node, fi.node):
                continue
            if node.type == "range_clause":
                reg = self._listener_field(node.child_by_field_name("right"), fi, regs, False)
                left = node.child_by_field_name("left")
                if reg is None or left is None or node.parent is None:
                    continue
                vars_ = {src.text(n) for n in (left.named_children if left.type == "expression_list" else [left])} - {"_"}
                body = node.parent.child_by_field_name("body")
                for c in _calls_on(body, src, fi.node, fi.recv_name, lambda e, vs=vars_: e.type == "identifier" and src.text(e) in vs):
                    out.append((c, c, reg))
                continue
            f = node.child_by_field_name("function")
            if f is None or f.type != "selector_expression" or src.text(f.child_by_field_name("field")) != "Range":
                continue
            reg = self._listener_field(f.child_by_field_name("operand"), fi, regs, True)
            args = goast.call_args(node)
            if reg is None or len(args) != 1 or unparen(args[0]).type != "func_literal":
                continue
            lit = unparen(args[0])
            for c in _calls_on(lit.child_by_field_name("body"), src, lit, fi.recv_name, lambda e, r=reg: _asserts_to(e, src, r.ltype, self.view)):
                out.append((node, c, reg))
        return out

    def _listener_field(self, expr: Node | None, fi: FuncInfo, regs: dict, sync_map: bool) -> Registration | None:
        expr = unparen(expr) if expr is not None else None
        if expr is None or expr.type != "selector_expression":
            return None
        o = expr.child_by_field_name("operand")
        if o is None or o.type != "identifier" or fi.src.text(o) != fi.recv_name:
            return None
        decl, _, _ = self._declaring_struct(fi.recv_type, fi.src.text(expr.child_by_field_name("field")))
        reg = regs.get((decl, fi.src.text(expr.child_by_field_name("field"))))
        return reg if reg is not None and reg.sync_map == sync_map else None


@dataclass(eq=False)
class Registration:
    fi: FuncInfo  # the exported method storing the listener
    node: Node  # the store
    ltype: str  # the listener's type, as written
    sync_map: bool  # stored in a sync.Map


_STORE_QUERY = "(assignment_statement) @s (call_expression) @s"
_LISTENER_QUERY = "(range_clause) @n (call_expression) @n"


def _single(expr: Node | None) -> Node | None:
    """The one expression of a list of one."""
    if expr is not None and expr.type == "expression_list":
        return expr.named_children[0] if expr.named_child_count == 1 else None
    return expr


def _in_go(node: Node, stop: Node) -> bool:
    for a in goast.ancestors(node):
        if a == stop:
            return False
        if a.type in ("go_statement", "defer_statement"):
            return True
    return False


def _open_interface(typ: Node, src: SourceFile) -> bool:
    """Can code outside the package implement the interface (no unexported method)?"""
    for m in typ.named_children:
        name = m.child_by_field_name("name") if m.type in ("method_elem", "method_spec") else None
        if name is not None and not src.text(name)[:1].isupper():
            return False
    return True


def _calls_on(body: Node | None, src: SourceFile, owner: Node, recv: str, is_listener) -> list[Node]:
    """Calls in `body` (not in nested func literals or `go`) whose callee is a listener value
    (`l()`) or an exported method of one (`l.Changed()`), told only that something changed: no
    argument but the receiver itself, and nothing asked of it but an error. Such a listener reads
    what changed back from the value; a call whose answer is used (`if other.Name() == name`,
    `k.PublicKey().Type()`) asks the stored value about itself, which calls nothing back."""
    if body is None:
        return []
    out = []
    for c in captures("(call_expression) @c", body).get("c", ()):
        if goast.enclosing_func(c.parent) != owner or _in_go(c, owner):
            continue
        if any(a.type != "identifier" or src.text(a) != recv for a in goast.call_args(c)):
            continue
        if not _answer_dropped(c, src):
            continue
        f = unparen(c.child_by_field_name("function"))
        if f is not None and f.type == "selector_expression":
            if not src.text(f.child_by_field_name("field"))[:1].isupper():
                continue
            f = unparen(f.child_by_field_name("operand"))
        if f is not None and is_listener(f):
            out.append(c)
    return out


def _answer_dropped(call: Node, src: SourceFile) -> bool:
    """The call stands as a statement, or what it returns goes only to `err` or `_`."""
    p = call.parent
    if p is not None and p.type == "expression_statement":
        return True
    if p is None or p.type != "expression_list" or p.named_child_count != 1:
        return False
    st = p.parent
    if st is None or st.type not in ("assignment_statement", "short_var_declaration") or st.child_by_field_name("right") != p:
        return False
    left = st.child_by_field_name("left")
    names = left.named_children if left is not None else []
    return bool(names) and all(n.type == "identifier" and src.text(n) in ("err", "_") for n in names)


def _asserts_to(expr: Node, src: SourceFile, ltype: str, view: PackageView) -> bool:
    """`k.(L)`, or a local set from it (`l := k.(L)`, `l, ok := k.(L)`)."""
    if expr.type == "identifier":
        d = resolve(expr, src, view)
        if d.kind != "local" or d.value is None:
            return False
        expr = unparen(d.value)
    if expr.type == "type_assertion_expression":
        t = expr.child_by_field_name("type")
        return t is not None and src.text(t) == ltype
    return False


def callbacks(view: PackageView, an) -> Callbacks:
    """The package's callback flows, made once per view."""
    got = view.__dict__.get("_goleash_callbacks")
    if got is None:
        got = view.__dict__["_goleash_callbacks"] = Callbacks(view, an)
    return got
