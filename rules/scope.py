"""Name resolution: which declaration does an identifier refer to?

tree-sitter gives syntax only, so this walks outwards from the use through the blocks
and function scopes, the way the Go spec's scoping rules do, and finally to the
package's top-level declarations."""

from __future__ import annotations

from dataclasses import dataclass

from . import goast
from .goast import Node
from .package import PackageView
from .parse import SourceFile


@dataclass(frozen=True, eq=False)
class Decl:
    kind: str  # local | param | receiver | package | unknown
    name: str
    ident: Node | None  # the identifier at the declaration
    func: Node | None  # function (declaration or literal) whose scope holds it
    type: Node | None = None  # declared type node, if written
    value: Node | None = None  # initialiser expression, if it has exactly one
    src: SourceFile | None = None

    @property
    def key(self) -> tuple:
        if self.kind == "package":
            return ("package", self.name)
        if self.ident is None:
            return ("unknown", self.name)
        return (self.src.path if self.src else "", self.ident.start_byte)


def _names_in(expr_list: Node | None) -> list[Node]:
    if expr_list is None:
        return []
    if expr_list.type == "expression_list":
        return list(expr_list.named_children)
    return [expr_list]


def _values(expr_list: Node | None) -> list[Node]:
    return _names_in(expr_list)


def _declares(st: Node, name: str, src: SourceFile) -> tuple[Node, Node | None, Node | None] | None:
    """If statement `st` declares `name`, (ident, type, value)."""
    t = st.type
    if t == "short_var_declaration":
        left = _names_in(st.child_by_field_name("left"))
        right = _values(st.child_by_field_name("right"))
        for i, n in enumerate(left):
            if n.type == "identifier" and src.text(n) == name:
                value = right[i] if len(right) == len(left) else None
                return n, None, value
        return None
    if t in ("var_declaration", "const_declaration"):
        for spec in st.named_children:
            specs = [spec]
            if spec.type in ("var_spec_list",):
                specs = list(spec.named_children)
            for sp in specs:
                if sp.type not in ("var_spec", "const_spec"):
                    continue
                names = sp.children_by_field_name("name")
                typ = sp.child_by_field_name("type")
                values = _values(sp.child_by_field_name("value"))
                for i, n in enumerate(names):
                    if src.text(n) == name:
                        value = values[i] if len(values) == len(names) else None
                        return n, typ, value
        return None
    if t == "range_clause":
        left = st.child_by_field_name("left")
        if left is not None and any(c.type == ":=" for c in st.children):
            for n in _names_in(left):
                if n.type == "identifier" and src.text(n) == name:
                    return n, None, None
        return None
    if t == "receive_statement":
        left = st.child_by_field_name("left")
        for n in _names_in(left):
            if n.type == "identifier" and src.text(n) == name:
                return n, None, None
        return None
    if t == "type_switch_statement":
        alias = st.child_by_field_name("alias")
        for n in _names_in(alias):
            if src.text(n) == name:
                return n, None, None
    return None


_DECLARING = ("short_var_declaration", "var_declaration", "const_declaration", "receive_statement")


def _block_index(block: Node, src: SourceFile, view: PackageView) -> dict[str, list[tuple[int, tuple]]]:
    """Name -> [(statement start, (ident, type, value))] for the statements of a block that
    declare it, in order: a block is read once, not once per identifier resolved in it."""
    memo = view.__dict__.get("_goleash_blocks")
    if memo is None:
        memo = view.__dict__["_goleash_blocks"] = {}
    key = (id(src), block.id)
    got = memo.get(key)
    if got is None:
        got = memo[key] = {}
        for st in block.named_children:
            if st.type not in _DECLARING:
                continue
            for name in _declared_names(st, src):
                d = _declares(st, name, src)
                if d is not None:
                    got.setdefault(name, []).append((st.start_byte, d))
    return got


def _declared_names(st: Node, src: SourceFile) -> set[str]:
    """Candidate names a statement may declare (confirmed by `_declares`)."""
    t = st.type
    if t in ("short_var_declaration", "receive_statement"):
        return {src.text(n) for n in _names_in(st.child_by_field_name("left")) if n.type == "identifier"}
    out = set()
    for spec in st.named_children:
        specs = list(spec.named_children) if spec.type == "var_spec_list" else [spec]
        for sp in specs:
            if sp.type in ("var_spec", "const_spec"):
                out.update(src.text(n) for n in sp.children_by_field_name("name"))
    return out


def _param_decl(fn: Node, name: str, src: SourceFile, view: PackageView) -> Decl | None:
    return _params_of(fn, src, view).get(name)


def _params_of(fn: Node, src: SourceFile, view: PackageView) -> dict[str, Decl]:
    """A function's receiver, parameters and named results by name, read once per function
    rather than once per identifier resolved in it."""
    memo = view.__dict__.get("_goleash_params")
    if memo is None:
        memo = view.__dict__["_goleash_params"] = {}
    key = (id(src), fn.id)
    got = memo.get(key)
    if got is not None:
        return got
    out: dict[str, Decl] = {}
    groups = []
    if fn.type == "method_declaration":
        r = fn.child_by_field_name("receiver")
        if r is not None:
            groups.append(("receiver", r))
    p = fn.child_by_field_name("parameters")
    if p is not None:
        groups.append(("param", p))
    res = fn.child_by_field_name("result")
    if res is not None and res.type == "parameter_list":
        groups.append(("param", res))
    for kind, plist in groups:
        for pd in plist.named_children:
            if pd.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            for n in pd.children_by_field_name("name"):
                name = src.text(n)
                if name not in out:
                    out[name] = Decl(kind, name, n, fn, pd.child_by_field_name("type"), None, src)
    memo[key] = out
    return out


def resolve(ident: Node, src: SourceFile, view: PackageView) -> Decl:
    # Every rule asks about the same few identifiers (maps, mutexes, channels): remember the
    # answers for the view (not the file: a re-analysed package may declare other globals).
    memo = view.__dict__.get("_goleash_resolved")
    if memo is None:
        memo = view.__dict__["_goleash_resolved"] = {}
    key = (id(src), ident.id)
    got = memo.get(key)
    if got is None:
        got = memo[key] = _resolve(ident, src, view)
    return got


def _own_declaration(ident: Node, src: SourceFile, view: PackageView) -> Decl | None:
    """The declaration `ident` itself makes, when it stands where a name is declared: a `:=`
    (unless it reuses a variable of the same block), a range or receive clause with `:=`, a
    `var`/`const` spec. Such an identifier is a new variable that shadows any outer one."""
    p = ident.parent
    holder = p.parent if p is not None and p.type == "expression_list" else p
    if holder is None:
        return None
    name = src.text(ident)
    if holder.type in ("var_spec", "const_spec"):
        if ident not in holder.children_by_field_name("name"):
            return None
    elif holder.type in ("short_var_declaration", "range_clause", "receive_statement"):
        left = holder.child_by_field_name("left")
        if left is None or left != ident and left != p:
            return None
        if holder.type != "short_var_declaration" and not any(c.type == ":=" for c in holder.children):
            return None  # `for k = range ...`, `v = <-ch`: assignments
        block = holder.parent
        if holder.type == "short_var_declaration" and block is not None and block.type == "statement_list":
            # `a, err := f()` reuses an `err` declared earlier in the same block (or a parameter
            # when the block is the function's body)
            if any(start < holder.start_byte for start, _ in _block_index(block, src, view).get(name, ())):
                return None
            fn = goast.enclosing_func(holder)
            if fn is not None and block.parent is not None and block.parent == goast.func_body(fn) and _param_decl(fn, name, src, view) is not None:
                return None
    else:
        return None
    stmt = holder.parent if holder.type in ("var_spec", "const_spec") else holder
    while stmt is not None and stmt.type in ("var_spec_list", "var_spec", "const_spec"):
        stmt = stmt.parent
    got = _declares(stmt, name, src) if stmt is not None else None
    typ, value = (got[1], got[2]) if got is not None and got[0] == ident else (None, None)
    return Decl("local" if goast.enclosing_func(holder) is not None else "package", name, ident, goast.enclosing_func(holder), typ, value, src)


def _resolve(ident: Node, src: SourceFile, view: PackageView) -> Decl:
    name = src.text(ident)
    own = _own_declaration(ident, src, view)
    if own is not None:
        return own if own.kind == "local" else _package_decl(name, view)
    prev = ident
    for anc in goast.ancestors(ident):
        t = anc.type
        if t == "statement_list":
            found = None
            for start, got in _block_index(anc, src, view).get(name, ()):
                if start >= prev.start_byte:
                    break
                found = got
            if found is not None:
                fn = goast.enclosing_func(anc)
                return Decl("local", name, found[0], fn, found[1], found[2], src)
        elif t in ("if_statement", "expression_switch_statement", "type_switch_statement"):
            init = anc.child_by_field_name("initializer")
            if init is not None and init != prev:
                got = _declares(init, name, src)
                if got is not None:
                    return Decl("local", name, got[0], goast.enclosing_func(anc), got[1], got[2], src)
            if t == "type_switch_statement" and prev.type in ("type_case", "default_case"):
                got = _declares(anc, name, src)
                if got is not None:
                    return Decl("local", name, got[0], goast.enclosing_func(anc), None, None, src)
        elif t == "for_statement":
            for c in anc.named_children:
                if c == prev:
                    # the clause's condition and post statement see its initializer's variables
                    init = c.child_by_field_name("initializer") if c.type == "for_clause" else None
                    got = _declares(init, name, src) if init is not None and not goast.inside(ident, init) else None
                    if got is not None:
                        return Decl("local", name, got[0], goast.enclosing_func(anc), got[1], got[2], src)
                    break
                if c.type == "for_clause":
                    init = c.child_by_field_name("initializer")
                    got = _declares(init, name, src) if init is not None else None
                    if got is not None:
                        return Decl("local", name, got[0], goast.enclosing_func(anc), got[1], got[2], src)
                elif c.type == "range_clause":
                    got = _declares(c, name, src)
                    if got is not None:
                        return Decl("local", name, got[0], goast.enclosing_func(anc), None, None, src)
        elif t == "communication_case":
            comm = anc.child_by_field_name("communication")
            if comm is not None and comm != prev and comm.type == "receive_statement":
                got = _declares(comm, name, src)
                if got is not None:
                    return Decl("local", name, got[0], goast.enclosing_func(anc), None, None, src)
        elif t in goast.FUNC_TYPES:
            d = _param_decl(anc, name, src, view)
            if d is not None:
                return d
            if t != "func_literal":
                break
        prev = anc
    return _package_decl(name, view)


def _package_decl(name: str, view: PackageView) -> Decl:
    v = view.vars.get(name)
    if v is not None:
        return Decl("package", name, None, None, v.type, v.value, v.src)
    return Decl("unknown", name, None, None)
