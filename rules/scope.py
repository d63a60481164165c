"""Name resolution: which declaration does an identifier refer to?

tree-sitter gives syntax only, so this finds the scopes around the use that declare its name
(blocks, statement headers, case clauses, functions), the innermost first, the way the Go
spec's scoping rules do, and finally the package's top-level declarations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import goast
from .goast import Node
from .package import PackageView
from .parse import SourceFile, captures, word_spans


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


def _declared(st: Node, src: SourceFile) -> dict[str, tuple[Node, Node | None, Node | None]]:
    """Name -> (ident, type, value) for the names statement `st` declares; the first
    identifier wins when a name is repeated."""
    out: dict[str, tuple[Node, Node | None, Node | None]] = {}
    t = st.type
    if t == "short_var_declaration":
        left = _names_in(st.child_by_field_name("left"))
        right = _values(st.child_by_field_name("right"))
        paired = len(right) == len(left)
        for i, n in enumerate(left):
            if n.type == "identifier":
                name = src.text(n)
                if name not in out:
                    out[name] = (n, None, right[i] if paired else None)
    elif t in ("var_declaration", "const_declaration"):
        for spec in st.named_children:
            for sp in spec.named_children if spec.type == "var_spec_list" else (spec,):
                if sp.type not in ("var_spec", "const_spec"):
                    continue
                names = sp.children_by_field_name("name")
                typ = sp.child_by_field_name("type")
                values = _values(sp.child_by_field_name("value"))
                paired = len(values) == len(names)
                for i, n in enumerate(names):
                    name = src.text(n)
                    if name not in out:
                        out[name] = (n, typ, values[i] if paired else None)
    elif t == "range_clause" or t == "receive_statement":
        left = st.child_by_field_name("left")
        if t == "range_clause" and (left is None or not any(c.type == ":=" for c in st.children)):
            return out  # `for k = range ...`: an assignment
        for n in _names_in(left):
            if n.type == "identifier":
                out.setdefault(src.text(n), (n, None, None))
    elif t == "type_switch_statement":
        for n in _names_in(st.child_by_field_name("alias")):
            out.setdefault(src.text(n), (n, None, None))
    return out


_HEADS = ("if_statement", "expression_switch_statement", "type_switch_statement")
_DECLARING = ("short_var_declaration", "var_declaration", "const_declaration", "receive_statement")
_OWN_HOLDERS = ("var_spec", "const_spec", "short_var_declaration", "range_clause", "receive_statement")
_DECL_HOLDERS = ("short_var_declaration", "range_clause", "receive_statement", "type_switch_statement")
_PARAM_DECLS = ("parameter_declaration", "variadic_parameter_declaration")


# Where a name is declared in a top-level declaration, found from the places the name is
# written there: a function mentions a name a few times, and asking the tree about those is
# far cheaper than walking outwards through the scopes around every use.
#
# A site is (key, lo, hi, excluded lo, excluded hi, what). A use [s, e) sees it when lo <= s,
# e <= hi and the use is not within the excluded span (a header's own initializer). The key is
# (scope start, -scope end, False for a block's statement list else True, rank within the
# scope): of the scopes around a use, a later start, then an earlier end, is further in (a
# statement list shares its span only with a statement it holds), so the greatest key is the
# scope a walk outwards from the use would meet first. `what` is the function whose
# parameter it is, or [(ident, type, value), node in the scope, its function (False until
# asked)].
class _Sites:
    __slots__ = ("sites", "own", "by_text")

    def __init__(self, by_text: bool) -> None:
        self.sites: list[tuple] = []
        self.own: set[int] = set()  # ids of the name's nodes standing where a name is declared
        # whether every identifier-like node spelled the name that may declare it was looked at
        self.by_text = by_text


def _sites(top: Node, name: str, src: SourceFile, view: PackageView) -> _Sites:
    """The sites declaring `name` in top-level declaration `top`, kept with the file (they
    are the tree's alone, whichever view asks)."""
    memo = src.__dict__.get("_goleash_sites")
    if memo is None:
        memo = src.__dict__["_goleash_sites"] = {}
    key = (top.id, name)
    got = memo.get(key)
    if got is not None:
        return got
    by_text = bool(name) and not _NOT_WORD.search(name)
    got = memo[key] = _Sites(by_text)
    seen: set[int] = set()
    for n in _occurrences(top, name, src) if by_text else _odd(top, name, src):
        p = n.parent
        if p is None:
            continue
        holder = p.parent if p.type == "expression_list" else p
        ht = holder.type if holder is not None else None
        if ht in _OWN_HOLDERS:
            got.own.add(n.id)
        if ht in _PARAM_DECLS:
            fn = holder.parent.parent if holder.parent is not None else None
            if fn is not None and fn.type in goast.FUNC_TYPES and fn.id not in seen:
                seen.add(fn.id)
                if name in _params_of(fn, src, view):
                    got.sites.append(((fn.start_byte, -fn.end_byte, True, 0), fn.start_byte, fn.end_byte, -1, -1, fn))
            continue
        if ht in ("var_spec", "const_spec"):
            st = holder.parent
            if st is not None and st.type == "var_spec_list":
                st = st.parent
        elif ht in _DECL_HOLDERS:
            st = holder
        else:
            continue
        if st is None or st.id in seen:
            continue
        seen.add(st.id)
        decl = _declared(st, src).get(name)
        if decl is not None:
            _place(got.sites, [decl, st, False], st)
    return got


def _place(sites: list, what: list, st: Node) -> None:
    """The sites of a declaration by statement `st`, by where `st` stands."""
    t = st.type
    if t == "type_switch_statement":
        # the alias, in every clause (`default:` included) and nowhere else
        key = (st.start_byte, -st.end_byte, True, 0)
        for case in st.named_children:
            if case.type in ("type_case", "default_case"):
                sites.append((key, case.start_byte, case.end_byte, -1, -1, what))
    outer, at = st.parent, st
    while outer is not None and outer.type == "labeled_statement":  # `retry: resp, err := get()`
        outer, at = outer.parent, outer
    if outer is None:
        return
    ot = outer.type
    if ot == "statement_list":
        if t in _DECLARING:  # the block's later statements
            sites.append(((outer.start_byte, -outer.end_byte, False, at.start_byte), st.end_byte, outer.end_byte, -1, -1, what))
    elif ot in _HEADS:
        if outer.child_by_field_name("initializer") == st:  # the whole statement, less the initializer
            sites.append(((outer.start_byte, -outer.end_byte, True, 1), outer.start_byte, outer.end_byte, st.start_byte, st.end_byte, what))
    elif ot == "for_clause":
        loop = outer.parent
        if loop is not None and loop.type == "for_statement" and outer.child_by_field_name("initializer") == st:
            # the clause's condition and post statement, and the body
            key = (loop.start_byte, -loop.end_byte, True, -outer.start_byte)
            sites.append((key, outer.start_byte, loop.end_byte, st.start_byte, st.end_byte, what))
    elif ot == "for_statement":
        if t == "range_clause":
            sites.append(((outer.start_byte, -outer.end_byte, True, -st.start_byte), st.end_byte, outer.end_byte, -1, -1, what))
    elif ot == "communication_case":
        if t == "receive_statement" and outer.child_by_field_name("communication") == st:
            sites.append(((outer.start_byte, -outer.end_byte, True, 0), outer.start_byte, outer.end_byte, st.start_byte, st.end_byte, what))


def _occurrences(top: Node, name: str, src: SourceFile) -> list[Node]:
    """The identifier-like nodes spelled `name` in `top` that may declare it: found in its
    text, confirmed on the tree."""
    data, key = src.data, name.encode()
    start, end = top.start_byte, top.end_byte
    spans = [i for i, _ in word_spans(data, name, start, end)]
    # In a tree without syntax errors, the token after a name tells most uses from
    # declarations without asking the tree.
    clean = not src.has_errors
    consts = clean and data.find(b"const", start, end) != -1
    size = len(data)
    out = []
    for i in spans:
        if i and data[i - 1] in _WORD_BYTES:
            continue
        j = i + len(key)
        if clean and (j + 1 < size and data[j] == 46 and data[j + 1] != 46 or not _may_declare(data, j, consts)):
            continue  # first, the commonest use: a selector's operand
        n = top.descendant_for_byte_range(i, j)
        if n is not None and n.start_byte == i and n.end_byte == j and n.type.endswith("identifier"):
            out.append(n)
    return out


def _may_declare(data: bytes, j: int, consts: bool) -> bool:
    """Whether a name ending at `j` may be one being declared, by the token after it: a
    declared name is followed by `,`, `:=`, `=`, its type, `...`, a comment or a line's end,
    or, a constant's without a value (`consts`), by the end of its spec; not by a selector's
    `.`, an operator, `)` (but for constants), `]`, `}` or `:`, which follow uses."""
    size = len(data)
    while j < size and data[j] in b" \t":
        j += 1
    if j == size:
        return consts
    c = data[j]
    if c in _WORD_BYTES or c in b",*[(" or c < 32 or c > 127:
        return True  # also a line's end (tree-sitter reads a type on the next line) and the unusual
    d = data[j + 1] if j + 1 < size else 0
    if c == 61:  # `=`, not `==`
        return d != 61
    if c == 58:  # `:=`, not a `:`
        return d == 61
    if c == 46:  # `...`, not a selector's `.`
        return d == 46
    if c == 60:  # `<-chan`
        return d == 45
    if c == 47:  # a comment
        return d == 47 or d == 42
    return consts and c in b");"


def _odd(top: Node, name: str, src: SourceFile) -> list[Node]:
    """Nodes spelled `name`, not a word, that may declare it: an identifier tree-sitter made
    up to repair a syntax error (spelled ''), a type switch's alias that is no identifier."""
    caps = captures("(identifier) @n (type_switch_statement alias: (expression_list (_) @n))", top)
    return [n for n in caps.get("n", ()) if src.text(n) == name]


_NOT_WORD = re.compile(r"[^A-Za-z0-9_\x80-\U0010ffff]")
# Only ASCII: a byte of a multibyte character before a name is left for the tree to judge
# (a letter makes a longer identifier, a space does not).
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


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


def _resolve(ident: Node, src: SourceFile, view: PackageView) -> Decl:
    name = src.text(ident)
    top = src.root.child_with_descendant(ident)
    if top is None:
        return _package_decl(name, view)
    found = _sites(top, name, src, view)
    if ident.id in found.own or not (found.by_text and ident.type.endswith("identifier")):
        own = _own_declaration(ident, name, src, view, found)
        if own is not None:
            return own if own.kind == "local" else _package_decl(name, view)
    s, e = ident.start_byte, ident.end_byte
    best = None
    for site in found.sites:
        if site[1] <= s and e <= site[2] and not (site[3] <= s and e <= site[4]) and (best is None or site[0] > best[0]):
            best = site
    if best is None or src.has_errors and _beyond_function(ident, best[0], top, src, view):
        return _package_decl(name, view)
    what = best[5]
    if not isinstance(what, list):
        return _params_of(what, src, view)[name]
    (d, typ, value), at, fn = what
    if fn is False:
        fn = what[2] = goast.enclosing_func(at, src)
    return Decl("local", name, d, fn, typ, value, src)


def _beyond_function(ident: Node, key: tuple, top: Node, src: SourceFile, view: PackageView) -> bool:
    """Whether a function declaration lies between `ident` and the scope with `key`: its body
    sees no outer locals. Only a tree with syntax errors nests one in another declaration."""
    memo = view.__dict__.setdefault("_goleash_nested_decls", {})
    decls = memo.get((id(src), top.id))
    if decls is None:
        caps = captures("[(function_declaration) (method_declaration)] @fn", top)
        decls = memo[(id(src), top.id)] = [n for n in caps.get("fn", ()) if n != top]
    s, e = ident.start_byte, ident.end_byte
    return any(f.start_byte <= s and e <= f.end_byte and (f.start_byte, -f.end_byte, True, 0) > key for f in decls)


def _own_declaration(ident: Node, name: str, src: SourceFile, view: PackageView, found: _Sites) -> Decl | None:
    """The declaration `ident` itself makes, when it stands where a name is declared: a `:=`
    (unless it reuses a variable of the same block), a range or receive clause with `:=`, a
    `var`/`const` spec. Such an identifier is a new variable that shadows any outer one."""
    p = ident.parent
    holder = p.parent if p is not None and p.type == "expression_list" else p
    if holder is None:
        return None
    if holder.type in ("var_spec", "const_spec"):
        if ident not in holder.children_by_field_name("name"):
            return None
    elif holder.type in ("short_var_declaration", "range_clause", "receive_statement"):
        left = holder.child_by_field_name("left")
        if left is None or left != ident and left != p:
            return None
        if holder.type != "short_var_declaration" and not any(c.type == ":=" for c in holder.children):
            return None  # `for k = range ...`, `v = <-ch`: assignments
        at, block = holder, holder.parent
        while block is not None and block.type == "labeled_statement":
            at, block = block, block.parent
        if holder.type == "short_var_declaration" and block is not None and block.type == "statement_list":
            # `a, err := f()` reuses an `err` declared earlier in the same block (or a parameter
            # when the block is the function's body)
            scope = (block.start_byte, -block.end_byte, False)
            if any(site[0][:3] == scope and site[0][3] < at.start_byte for site in found.sites):
                return None
            fn = goast.enclosing_func(holder)
            if fn is not None and block.parent is not None and block.parent == goast.func_body(fn) and name in _params_of(fn, src, view):
                return None
    else:
        return None
    stmt = holder.parent if holder.type in ("var_spec", "const_spec") else holder
    while stmt is not None and stmt.type in ("var_spec_list", "var_spec", "const_spec"):
        stmt = stmt.parent
    got = _declared(stmt, src).get(name) if stmt is not None else None
    typ, value = (got[1], got[2]) if got is not None and got[0] == ident else (None, None)
    fn = goast.enclosing_func(holder)
    return Decl("local" if fn is not None else "package", name, ident, fn, typ, value, src)


def _package_decl(name: str, view: PackageView) -> Decl:
    v = view.vars.get(name)
    if v is not None:
        return Decl("package", name, None, None, v.type, v.value, v.src)
    return Decl("unknown", name, None, None)
