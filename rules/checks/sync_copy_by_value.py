"""sync-copy-by-value: a Mutex, RWMutex, WaitGroup, Once or Cond (or a struct holding one by value)
copied by value."""

from __future__ import annotations

from .. import goast
from ..fixgen import pointer_receiver
from ..goast import Node, func_label, unparen
from ..model import Diagnostic, Severity
from ..package import PackageView
from ..parse import SourceFile, bare_name_nodes, name_nodes
from ..registry import Rule, register
from ..scope import resolve
from ..synctypes import structs_holding_sync_map, sync_name, type_text

_NOCOPY = ("Mutex", "RWMutex", "WaitGroup", "Once", "Cond")


def lock_holding_structs(view: PackageView) -> dict[str, str]:
    """Struct name -> the sync type it holds by value (directly or through value fields)."""
    got = view.__dict__.get("_goleash_lock_holding")
    if got is not None:
        return got
    holding: dict[str, str] = {}
    # Only a package that imports sync can declare a struct holding one of its types.
    changed = any(src.mentions(b'"sync"') for src in view.files)
    while changed:
        changed = False
        for name, si in view.structs.items():
            if name in holding:
                continue
            sync = sync_name(si.src)
            for t in list(si.fields.values()) + si.embedded:
                if t is None or t.id in si.embedded_ptr:
                    continue
                text = si.src.text(t).replace(" ", "")
                base = text[len(sync) + 1 :] if sync is not None and text.startswith(sync + ".") else None
                if base in _NOCOPY:
                    holding[name] = f"sync.{base}"
                elif t.type == "type_identifier" and text in holding:
                    holding[name] = holding[text]
                else:
                    continue
                changed = True
                break
    for n in structs_holding_sync_map(view):
        holding.pop(n, None)  # syncmap-copy reports those
    view.__dict__["_goleash_lock_holding"] = holding
    return holding


def _nocopy_kind(text: str | None, src: SourceFile, holding: dict[str, str]) -> str | None:
    """The sync type a value of this (non-pointer) type text holds, if any."""
    if not text or text.startswith("*"):
        return None
    sync = sync_name(src)
    for n in _NOCOPY if sync is not None else ():
        if text == f"{sync}.{n}":
            return f"sync.{n}"
    if text in holding:
        return holding[text]
    return None


_NOCOPY_TYPE_NAMES = ("Mutex", "RWMutex", "WaitGroup", "Once", "Cond")
_NOCOPY_KEYS = tuple(t.encode() for t in _NOCOPY_TYPE_NAMES)
_TYPE_WRAPPERS = frozenset(
    {"qualified_type", "pointer_type", "slice_type", "array_type", "map_type", "parenthesized_type", "implicit_length_array_type"}
)


def _typed_decls(src: SourceFile, type_names) -> tuple[list[Node], list[Node]]:
    """Parameters and var-spec names whose written type mentions one of `type_names`
    (`sync.Mutex`, `*Server`, `[]sync.WaitGroup`…), found from the names' occurrences."""
    params: dict[int, Node] = {}
    var_names: dict[int, Node] = {}
    for tn in type_names:
        for y in name_nodes(src, tn):
            if y.type != "type_identifier":
                continue
            t = y
            while t.parent is not None and t.parent.type in _TYPE_WRAPPERS:
                t = t.parent
            d = t.parent
            if d is None or d.child_by_field_name("type") != t:
                continue
            if d.type == "parameter_declaration":
                params[d.id] = d
            elif d.type == "var_spec":
                for n in d.children_by_field_name("name"):
                    if n.type == "identifier":
                        var_names[n.id] = n
    return sorted(params.values(), key=_start), sorted(var_names.values(), key=_start)


def _copy_sites(src: SourceFile, names: set[str], fields: set[str]) -> tuple[list[Node], list[Node], list[Node]]:
    """Assignments, identifier arguments and range clauses in which a lock-holding name or
    field may be copied: (statements, arguments, range clauses), found from the names'
    occurrences rather than from every assignment and call of the file."""
    stmts: dict[int, Node] = {}
    args: dict[int, Node] = {}
    ranges: dict[int, Node] = {}
    occurrences = []
    # (a name or field directly followed by `.`, `(` or `[` is a selector's, call's or index's
    # operand: never copied as it stands)
    for name in names:
        occurrences.extend(n for n in bare_name_nodes(src, name) if n.type == "identifier")
    for name in fields:
        occurrences.extend(
            n.parent
            for n in bare_name_nodes(src, name)
            if n.type == "field_identifier" and n.parent is not None and n.parent.type == "selector_expression"
        )
    for x in occurrences:
        p = x.parent
        if p is None:
            continue
        if x.type == "identifier" and p.type == "argument_list":
            args[x.id] = x
        v = x
        while p is not None and (p.type == "parenthesized_expression" or (p.type == "unary_expression" and p.child_by_field_name("operand") == v)):
            v, p = p, p.parent
        if p is None:
            continue
        if p.type == "expression_list":
            st = p.parent
            if st is not None and st.type in ("short_var_declaration", "assignment_statement") and st.child_by_field_name("right") == p:
                stmts[st.id] = st
        elif p.type in ("short_var_declaration", "assignment_statement") and p.child_by_field_name("right") == v:
            stmts[p.id] = p
        elif p.type == "range_clause" and p.child_by_field_name("right") == v:
            ranges[p.id] = p
    return (sorted(stmts.values(), key=_start), sorted(args.values(), key=_start), sorted(ranges.values(), key=_start))


def _start(n: Node) -> int:
    return n.start_byte


def _elem_text(tt: str) -> str:
    tt = tt.replace(" ", "").lstrip("*")
    if "]" in tt and tt.startswith(("[", "map[")):
        tt = tt[tt.rindex("]") + 1 :]
    return tt


def _copies(view: PackageView):
    holding = lock_holding_structs(view)
    out = []
    needles = [b"sync.Mutex", b"sync.RWMutex", b"sync.WaitGroup", b"sync.Once", b"sync.Cond"]
    hold_keys = {h.encode() for h in holding}
    fields = _nocopy_fields(view, holding)
    field_keys = {f.encode(): f for f in fields}
    pkg_names = {n for n, vi in view.vars.items() if vi.type is not None and _nocopy_kind(_elem_text(vi.src.text(vi.type)), vi.src, holding)}
    for src in view.files:
        # (the sync types' own names are asked of every file: through its one pass)
        present = {k for k in _NOCOPY_KEYS if src.mentions(k)}
        if hold_keys:
            present |= src.words_among(hold_keys)
        if not any(src.mentions(n) for n in needles) and hold_keys.isdisjoint(present):
            continue
        params, var_names = _typed_decls(src, [t for t in (*_NOCOPY_TYPE_NAMES, *holding) if t.encode() in present])
        names = set(pkg_names)
        for p in params:
            t = p.child_by_field_name("type")
            if t is None:
                continue
            text = src.text(t).replace(" ", "")
            pl = p.parent
            fn = pl.parent if pl is not None else None
            is_recv = fn is not None and fn.type == "method_declaration" and fn.child_by_field_name("receiver") == pl
            if _nocopy_kind(_elem_text(text), src, holding):
                names.update(goast.param_names(p, src))
            kind = _nocopy_kind(text, src, holding)
            if not kind or fn is None:
                continue
            if is_recv:
                out.append(_receiver_diag(src, fn, text, kind))
            elif fn.type in goast.FUNC_TYPES:
                out.append(
                    Diagnostic(
                        src.span(p),
                        f"Parameter `{src.text(p)}` copies a {kind} on every call: the function locks, counts or "
                        f"waits on its own copy, which the caller never sees — " + _consequence(kind) + f" Pass `*{text}`.",
                        [],
                        [],
                        anchor=f"{func_label(fn, src)}|param|{src.text(p)}",
                    )
                )
        for vn in var_names:
            t = vn.parent.child_by_field_name("type")
            if t is not None and _nocopy_kind(_elem_text(src.text(t)), src, holding):
                names.add(src.text(vn))

        # (a package with many lock-holding structs has many such fields, and a file names few)
        here = src.words_among(field_keys.keys())
        if not names and not any(b"." + k in src.data for k in here):
            continue
        stmts, arg_idents, ranges = _copy_sites(src, names, {field_keys[k] for k in here})

        def maybe(v: Node) -> bool:
            v = unparen(v)
            if v.type == "unary_expression":
                inner = v.child_by_field_name("operand")
                return inner is not None and maybe(inner)
            if v.type == "identifier":
                return src.text(v) in names
            if v.type == "selector_expression":
                f = v.child_by_field_name("field")
                return f is not None and src.text(f) in fields
            return False

        for st in stmts:
            right = st.child_by_field_name("right")
            for v in right.named_children if right is not None and right.type == "expression_list" else [right] if right is not None else []:
                if not maybe(v):
                    continue
                kind = _copied_value(view, unparen(v), src, holding)
                if kind and src.is_test and kind in _LOCKS and _sequential_test(view, st):
                    continue  # nothing can hold the lock while a test that runs alone copies it
                if kind and not _reset_after(st, kind, src):
                    out.append(_assign_diag(src, st, unparen(v), kind))
        for a in arg_idents:
            if src.text(a) not in names:
                continue
            call = a.parent.parent
            f = call.child_by_field_name("function") if call is not None else None
            if f is None or (f.type == "identifier" and src.text(f) in ("len", "cap", "print", "println")):
                continue
            kind = _copied_value(view, a, src, holding)
            if kind:
                out.append(
                    Diagnostic(
                        src.span(a),
                        f"Passing `{src.text(a)}` by value copies the {kind} it holds: the callee works on its own copy. "
                        + _consequence(kind)
                        + f" Pass `&{src.text(a)}`.",
                        [],
                        [],
                        anchor=f"{func_label(goast.enclosing_decl(call) or call, src)}|arg|{src.text(call)[:80]}",
                    )
                )
        for rc in ranges:
            left = rc.child_by_field_name("left")
            right = rc.child_by_field_name("right")
            lnames = left.named_children if left is not None and left.type == "expression_list" else []
            if len(lnames) != 2 or src.text(lnames[1]) == "_" or right is None or not maybe(right):
                continue
            kind = _elem_kind(view, right, src, holding)
            if kind:
                out.append(
                    Diagnostic(
                        src.span(lnames[1]),
                        f"`{src.text(lnames[1])}` is a copy of each element, and each element holds a {kind}: locking or "
                        f"waiting on the copy does nothing for the element in `{src.text(right)}`. "
                        + _consequence(kind)
                        + f" Range over the indexes and use `&{src.text(right)}[i]`.",
                        [],
                        [],
                        anchor=f"{func_label(goast.enclosing_decl(rc) or rc, src)}|range|{src.text(rc)[:80]}",
                    )
                )
    return out


_LOCKS = ("sync.Mutex", "sync.RWMutex")


def _sequential_test(view: PackageView, st: Node) -> bool:
    """`st` is in a test that runs alone: no test of the package calls `t.Parallel()`, and the
    test starts no goroutine before `st`. A lock copied there is never held."""
    fn = goast.enclosing_decl(st)
    if fn is None or any(f.is_test and f.mentions(b".Parallel()") for f in view.files):
        return False
    return not any(g.start_byte < st.start_byte for g in goast.of_type(fn, "go_statement"))


def _reset_after(st: Node, kind: str, src: SourceFile) -> bool:
    """`c := *s` followed at once by `c.mu = sync.Mutex{}`: the copy's lock is replaced by a
    fresh one before anything can use it (a session cloned under its read lock)."""
    left = st.child_by_field_name("left")
    names = left.named_children if left is not None and left.type == "expression_list" else []
    if st.type != "short_var_declaration" or len(names) != 1:
        return False
    name, zero = src.text(names[0]), kind.split(".")[-1] + "{}"
    nxt = st.next_named_sibling
    for _ in range(3):
        if nxt is None or nxt.type != "assignment_statement":
            return False
        text = src.text(nxt).replace(" ", "")
        if text.startswith(name + ".") and text.endswith("." + zero) and text.count("=") == 1:
            return True
        nxt = nxt.next_named_sibling
    return False


def _nocopy_fields(view, holding) -> set[str]:
    key = "_goleash_nocopy_fields"
    fields = view.__dict__.get(key)
    if fields is None:
        fields = set()
        for name, si in view.structs.items():
            for fname, t in si.fields.items():
                if t is not None and _nocopy_kind(_elem_text(si.src.text(t)), si.src, holding):
                    fields.add(fname)
        view.__dict__[key] = fields
    return fields


def _consequence(kind: str) -> str:
    if kind == "sync.WaitGroup":
        return "Done on the copy never reaches the original, so its Wait blocks forever."
    if kind == "sync.Once":
        return "the Once runs again on every copy."
    if kind == "sync.Cond":
        return "Signal on a copy wakes nobody."
    return "a lock taken on the copy excludes nobody, and a copy made while locked stays locked forever."


def _elem_kind(view, expr, src, holding) -> str | None:
    t = type_text(view, expr, src)
    if not t:
        return None
    if t.startswith("[]"):
        elem = t[2:]
    elif t.startswith("map[") and "]" in t:
        depth = 0
        elem = None
        for i, ch in enumerate(t):
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    elem = t[i + 1 :]
                    break
    elif t.startswith("[") and "]" in t:
        elem = t[t.index("]") + 1 :]
    else:
        return None
    return _nocopy_kind(elem, src, holding)


def _copied_value(view, v: Node, src, holding) -> str | None:
    if v.type == "unary_expression" and src.text(v).startswith("*"):
        inner = v.child_by_field_name("operand")
        if inner is not None and unparen(inner).type in ("identifier", "selector_expression"):
            t = type_text(view, unparen(inner), src)
            if t and t.startswith("*"):
                return _nocopy_kind(t[1:], src, holding)
        return None
    if v.type in ("identifier", "selector_expression"):
        if v.type == "identifier":
            d = resolve(v, src, view)
            if d.kind not in ("local", "param", "package", "receiver"):
                return None
        return _nocopy_kind(type_text(view, v, src), src, holding)
    return None


def _assign_diag(src, st, v, kind):
    return Diagnostic(
        src.span(v),
        f"This copies `{src.text(v)}`, which holds a {kind} by value: the copy and the original no longer share "
        f"state — " + _consequence(kind) + " Keep a pointer instead.",
        [],
        [],
        anchor=f"{func_label(goast.enclosing_decl(st) or st, src)}|assign|{src.text(st)[:80]}",
    )


def _receiver_diag(src, fn, rtype, kind):
    rtype = rtype.lstrip("*")
    where, fix = pointer_receiver(src, fn, rtype)
    fixes = [fix] if fix else []
    return Diagnostic(
        src.span(where),
        f"Method `{goast.func_name(fn, src)}` has a value receiver, so every call works on a copy of `{rtype}` and "
        f"the {kind} inside it: " + _consequence(kind),
        [],
        fixes,
        anchor=f"{rtype}.{goast.func_name(fn, src)}|receiver",
    )


COPY = register(
    Rule(
        id="sync-copy-by-value",
        title="Mutex, WaitGroup, Once or Cond copied by value",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds `sync.Mutex`, `RWMutex`, `WaitGroup`, `Once` and `Cond` values — and structs holding one by
value, directly or through other struct fields — that are copied: value receivers, value
parameters, `range` value variables over slices/maps of them, and assignments from a variable,
field or dereferenced pointer. (Structs holding a sync.Map are left to `syncmap-copy`.)
""",
        why="""
These types must not be copied after first use. A method with a value receiver locks its own
copy, so the lock protects nothing; a copy taken while locked is locked forever; `wg.Done()` on a
copied WaitGroup never reaches the original, whose `Wait` blocks forever; a copied Once runs again.
""",
        example="""
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c Counter) Inc() { // c is a copy: the lock excludes nobody
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}
""",
        instead="""
func (c *Counter) Inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}
""",
        vet_overlap="""
go vet's copylocks check reports the same copies. goleash explains the run-time effect for each
type (a lost Done, an Once that runs again), offers the pointer-receiver patch, and reports in
code that is not vetted (a PR review comment instead of a CI log line).
""",
        run=_copies,
    )
)
