"""syncmap-load-then-store: `Load(k)` then `Store(k, v)` on one sync.Map, which is not atomic."""

from __future__ import annotations

import re

from .. import goast
from ..concurrency import concurrency
from ..fixgen import replace
from ..goast import Node, unparen
from ..gotypes import decl_type
from ..intent import documented_unsafe
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import SourceFile, method_calls
from ..registry import Rule, register
from ..scope import resolve

_METHODS = ("Load", "Store", "LoadOrStore", "CompareAndSwap", "Swap", "LoadAndDelete")


def _is_sync_map_type(text: str | None) -> bool:
    return text is not None and text.replace(" ", "").lstrip("*") == "sync.Map"


def sync_map_expr(view: PackageView, expr: Node, src: SourceFile) -> bool:
    """Is `expr` (an identifier or `x.field`) declared as a sync.Map?"""
    expr = unparen(expr)
    if expr.type == "identifier":
        d = resolve(expr, src, view)
        t = decl_type(d)
        return d.src is not None and t is not None and _is_sync_map_type(d.src.text(t))
    if expr.type == "selector_expression":
        operand = expr.child_by_field_name("operand")
        fld = expr.child_by_field_name("field")
        if operand is None or fld is None:
            return False
        tname = concurrency(view).type_of_operand(operand, src)
        typ, fsrc = view.field_type(tname, src.text(fld)) if tname else (None, None)
        return typ is not None and _is_sync_map_type(fsrc.text(typ))
    return False


def _load_then_store(view: PackageView):
    cc = concurrency(view)
    out = []
    for src in view.files:
        if not src.mentions(b".Store(") or not src.mentions(b".Load("):
            continue
        loads: dict[tuple, list[Node]] = {}
        atomic_ops: dict[tuple, list[Node]] = {}
        stores = []
        for call in method_calls(src, *_METHODS):
            fn = call.child_by_field_name("function")
            recv = fn.child_by_field_name("operand")
            meth = src.text(fn.child_by_field_name("field"))
            args = goast.call_args(call)
            boundary = cc.boundary_of(call, src)
            if boundary is None:
                continue
            if meth == "Load" and len(args) == 1:
                loads.setdefault((boundary.id, src.text(recv), src.text(args[0])), []).append(call)
            elif meth == "Store" and len(args) == 2:
                stores.append((call, recv, args, boundary))
            elif meth != "Load" and args:
                atomic_ops.setdefault((boundary.id, src.text(recv)), []).append(call)
        for call, recv, args, boundary in stores:
            key = (boundary.id, src.text(recv), src.text(args[0]))
            before = [l for l in loads.get(key, []) if l.start_byte < call.start_byte and _on_path_to(l, call, boundary)]
            if not before or not sync_map_expr(view, recv, src):
                continue
            if cc.locks_at(call, src, boundary):
                continue
            if boundary.type == "method_declaration" and documented_unsafe(view, goast.receiver(boundary, src)[1]):
                continue  # "external synchronization is required" to add from several goroutines
            # Already using the atomic operations (e.g. LoadOrStore of a placeholder, then
            # Store of the finished value, as encoding/json does): a deliberate protocol.
            if atomic_ops.get((boundary.id, src.text(recv))):
                continue
            if _own_goroutine_keyed(view, src, args[0]):
                continue  # goroutine-local storage: each key is the goroutine's own, written by it alone
            if _type_keyed(view, src, args[0]) or not _identity_or_update(view, src, before[-1], args[1], boundary, call, args[0]):
                continue  # a memo cache of a value computed from the key: racing stores are equal
            out.append(_diagnostic(src, before[-1], call, recv, args, boundary))
    return out


def _diagnostic(src, load, store, recv, args, boundary):
    m, k = src.text(recv), src.text(args[0])
    if_stmt = next((a for a in goast.ancestors(store) if a.type == "if_statement"), None)
    guarded = if_stmt is not None and goast.inside(load, if_stmt)
    if guarded or _ok_checked_between(src, load, store):
        msg = (
            f"`{m}.Load({k})` then `{m}.Store({k}, …)` is check-then-act: two goroutines can both miss "
            f"the key and both store, so one value is silently lost and callers end up holding different "
            f"values for the same key. `LoadOrStore` does the check and the store atomically."
        )
    else:
        msg = (
            f"`{m}.Load({k})` followed by `{m}.Store({k}, …)` is a read-modify-write that is not atomic: "
            f"concurrent updates between the Load and the Store are lost. Use `LoadOrStore`, or a "
            f"`CompareAndSwap` loop for updates."
        )
    fixes = []
    if guarded and if_stmt is not None:
        fix = _load_or_store_fix(src, if_stmt, load, store, m, k, args)
        if fix is not None:
            fixes.append(fix)
    return Diagnostic(
        src.span(store),
        msg,
        [Related(src.span(load), "the Load that the Store relies on")],
        fixes,
        anchor=f"{goast.func_name(boundary, src)}|{m}|{k}|{src.text(store)}",
    )


_GOROUTINE_ID = re.compile(r"(?:^[gG]|(?<=[a-z_])G)o(?:routine|Routine)?_?(?:ID|Id|id)$|\bgoid\.Get$")


def _own_goroutine_keyed(view, src, key: Node) -> bool:
    """The key is the calling goroutine's id (`id := goid.Get()`, `curGoroutineID()`): only
    that goroutine ever loads or stores it."""
    key = unparen(key)
    value = key
    if key.type == "identifier":
        d = resolve(key, src, view)
        value = unparen(d.value) if d.value is not None and d.kind == "local" else None
    if value is None or value.type != "call_expression":
        return False
    f = value.child_by_field_name("function")
    name = (d.src if key.type == "identifier" else src).text(f) if f is not None else ""
    return bool(_GOROUTINE_ID.search(name.rsplit(".", 1)[-1]) or _GOROUTINE_ID.search(name))


def _type_keyed(view, src, key: Node) -> bool:
    """The key is a `reflect.Type`: a cache of what the type's declaration says (its fields, its
    encoder), the same whichever goroutine works it out, as encoding/json's caches are."""
    key = unparen(key)
    if key.type != "identifier":
        return False
    d = resolve(key, src, view)
    reflect = src.import_name("reflect")
    return reflect is not None and d.type is not None and src.text(d.type).replace(" ", "") == f"{reflect}.Type"


def _identity_or_update(view, src, load, value: Node, boundary, store: Node, key: Node) -> bool:
    """Does losing one of two racing Stores matter? It does when the value has an identity
    (a new pointer, mutex, channel; a caller's object) or is derived from what Load returned.
    A memo cache storing a value computed from the key loses nothing: both stores are equal,
    also when the entry is a new `&entry{…}` holding what was just recomputed for the key."""
    value = unparen(value)
    if value.type == "identifier":
        assigned = _assigned_before(src, value, load, store, boundary)
        if assigned is not None:
            value = unparen(assigned)
    tainted = _derived_from_load(view, src, load, boundary)
    if _fresh(value, src) and _recomputed(view, src, value, key, load, store, tainted):
        return False
    if any(_refers_to(view, src, n, tainted) for n in goast.of_type(value, "identifier")):
        return True
    if _fresh(value, src):
        return True
    if value.type == "identifier":
        d = resolve(value, src, view)
        if d.kind == "param":
            return True
        if d.kind == "local" and d.value is not None and _fresh(unparen(d.value), src):
            return True
    return False


def _on_path_to(load: Node, store: Node, boundary) -> bool:
    """The Load runs on the way to the Store: not in a branch that the Store lies outside of
    (`if err != nil { m.Load(k); …; return }` before the Store does not feed it)."""
    for a in goast.ancestors(load):
        if a == boundary:
            return True
        if a.type == "block" and not goast.inside(store, a):
            return False
    return True


def _assigned_before(src, name: Node, load: Node, store: Node, boundary) -> Node | None:
    """The value last given to `name` between the Load and the Store, in the block that holds
    the Store or one around it (`e = &entry{…}` just before `m.Store(k, e)`)."""
    last = None
    for st in goast.of_type(boundary, "assignment_statement", "short_var_declaration", skip_func_literals=True):
        if not (load.end_byte <= st.start_byte and st.end_byte <= store.start_byte):
            continue
        block = st.parent
        if block is None or not goast.inside(store, block):
            continue  # in a branch the Store's path may not take
        left, right = st.child_by_field_name("left"), st.child_by_field_name("right")
        lefts = left.named_children if left is not None and left.type == "expression_list" else [left]
        rights = right.named_children if right is not None and right.type == "expression_list" else [right]
        if len(lefts) == 1 and len(rights) == 1 and lefts[0] is not None and lefts[0].text == name.text:
            last = rights[0]
    return last


def _recomputed(view, src, value: Node, key: Node, load: Node, store: Node, tainted: set[int]) -> bool:
    """`&entry{addrs: addrs, at: time.Now()}` where `addrs` came from a call given the key after
    the Load, and nothing in it from what Load returned: a recomputed cache entry."""
    lit = unparen(value.child_by_field_name("operand")) if value.type == "unary_expression" else value
    if lit.type != "composite_literal":
        return False
    idents = list(goast.of_type(lit, "identifier"))
    if any(_refers_to(view, src, n, tainted) for n in idents):
        return False
    key_text = src.text(key)
    if _of_key_alone(lit, key_text, src) and _only_stored_and_returned(lit, store, src) and _immutable(view, lit, src):
        return True
    # `&entry{v: compute(k)}`: recomputed in the literal itself
    if any(key_text in (src.text(a) for a in goast.call_args(c)) for c in goast.of_type(lit, "call_expression")):
        return True
    for n in idents:
        d = resolve(n, src, view)
        if d.kind != "local" or d.ident is None or not (load.end_byte <= d.ident.start_byte < store.start_byte):
            continue
        stmt = d.ident.parent
        while stmt is not None and stmt.type == "expression_list":
            stmt = stmt.parent
        right = stmt.child_by_field_name("right") if stmt is not None else None
        calls = list(goast.of_type(right, "call_expression")) if right is not None else []
        if any(key_text in (src.text(a) for a in goast.call_args(c)) for c in calls):
            return True
    return False


def _of_key_alone(lit: Node, key_text: str, src) -> bool:
    """`&wrapper{num: n, typ: t, goType: t.goType}`: every field is the key, the receiver the
    method runs on, one of its fields, or a constant; any goroutine that builds the entry for
    the key builds the same one."""
    body = lit.child_by_field_name("body")
    fn = goast.enclosing_decl(lit)
    rname = goast.receiver(fn, src)[0] if fn is not None else None
    values = []
    for el in body.named_children if body is not None else []:
        if el.type == "keyed_element":
            values.append(el.named_children[-1])
        elif el.type == "literal_element":
            values.append(el)
        elif el.type != "comment":
            return False
    for v in values:
        v = unparen(v.named_children[0] if v.type == "literal_element" and v.named_children else v)
        text = src.text(v)
        if v.type in ("int_literal", "interpreted_string_literal", "raw_string_literal", "true", "false", "nil", "float_literal"):
            continue
        if text == key_text or rname and (text == rname or v.type == "selector_expression" and text.startswith(f"{rname}.") and text.count(".") == 1):
            continue
        return False
    return bool(values)


def _immutable(view, lit: Node, src) -> bool:
    """The literal's struct holds no container of state (map, slice, channel, sync value) and no
    code of the package sets one of its fields after it is built: two equal copies are as good
    as one."""
    t = lit.child_by_field_name("type")
    si = view.structs.get(src.text(t)) if t is not None else None
    if si is None:
        return False
    for name, typ in si.fields.items():
        text = si.src.text(typ).replace(" ", "")
        if text.startswith(("map[", "[]", "chan", "<-chan", "sync.", "*sync.", "atomic.")):
            return False
        setter = re.compile(rb"\." + re.escape(name.encode()) + rb"\s*(?:[-+*/|&]?=(?!=)|\+\+|--)")
        if any(setter.search(f.data) for f in view.files_with_word(name)):
            return False
    return not si.embedded


def _only_stored_and_returned(lit: Node, store: Node, src) -> bool:
    """The entry built by `lit` is stored and returned, nothing more: no field set on it later,
    no method run on it (which could give it a state of its own, a goroutine, a cancel)."""
    p = lit.parent if lit.parent is not None and lit.parent.type == "unary_expression" else lit
    lst = p.parent
    st = lst.parent if lst is not None and lst.type == "expression_list" else None
    if st is None or st.type != "short_var_declaration":
        return goast.inside(lit, store)  # built right in the Store's arguments
    left = st.child_by_field_name("left")
    names = [src.text(n) for n in (left.named_children if left is not None else [])]
    if len(names) != 1:
        return False
    fn = goast.enclosing_func(st)
    for n in goast.of_type(fn, "identifier"):
        if n.start_byte <= st.end_byte or src.text(n) != names[0]:
            continue
        if goast.inside(n, store) and n.parent is not None and n.parent.type == "argument_list":
            continue
        returned = n.parent is not None and n.parent.type in ("expression_list", "return_statement")
        if returned and any(a.type == "return_statement" for a in goast.ancestors_below(n, fn)):
            continue
        return False
    return True


def _refers_to(view, src, ident: Node, decls: set[int]) -> bool:
    if not decls:
        return False
    d = resolve(ident, src, view)
    return d.ident is not None and d.ident.start_byte in decls


def _derived_from_load(view, src, load, boundary) -> set[int]:
    """Declarations (by identifier offset) whose value comes from Load's result: the variable
    it is bound to and what is computed from it (`n, _ := v.(int)`). Resolved by scope, so a
    later `size := sizeof(t)` is not confused with an earlier `size` bound to Load."""
    decl = load.parent
    while decl is not None and decl.type == "expression_list":
        decl = decl.parent
    if decl is None or decl.type not in ("short_var_declaration", "assignment_statement"):
        return set()
    left = decl.child_by_field_name("left")
    first = (left.named_children if left.type == "expression_list" else [left])[0] if left is not None else None
    if first is None or first.type != "identifier" or src.text(first) == "_":
        return set()
    d = resolve(first, src, view) if decl.type == "assignment_statement" else None
    tainted = {d.ident.start_byte if d is not None and d.ident is not None else first.start_byte}
    for _ in range(2):
        for st in goast.of_type(boundary, "short_var_declaration", "assignment_statement"):
            if st.start_byte <= load.start_byte:
                continue
            right = st.child_by_field_name("right")
            lft = st.child_by_field_name("left")
            if right is None or lft is None:
                continue
            if any(_refers_to(view, src, n, tainted) for n in goast.of_type(right, "identifier")):
                for n in lft.named_children if lft.type == "expression_list" else [lft]:
                    if n.type != "identifier" or src.text(n) == "_":
                        continue
                    if st.type == "short_var_declaration":
                        tainted.add(n.start_byte)
                    else:
                        dn = resolve(n, src, view)
                        if dn.ident is not None:
                            tainted.add(dn.ident.start_byte)
    return tainted


def _fresh(v: Node, src) -> bool:
    text = src.text(v)
    if v.type == "unary_expression" and text.startswith("&"):
        return True
    if v.type == "call_expression" and text.startswith(("new(", "make(")):
        return True
    return False


def _ok_checked_between(src, load, store) -> bool:
    text = src.data[load.start_byte : store.start_byte]
    return b"ok" in text or b"nil" in text


_PURE = (
    "composite_literal",
    "identifier",
    "interpreted_string_literal",
    "raw_string_literal",
    "int_literal",
    "float_literal",
    "true",
    "false",
    "nil",
    "unary_expression",
)


def _load_or_store_fix(src, if_stmt, load, store, m, k, args) -> Fix | None:
    """`if _, ok := m.Load(k); !ok { m.Store(k, v) }` -> `m.LoadOrStore(k, v)`."""
    if if_stmt.child_by_field_name("alternative") is not None:
        return None
    init = if_stmt.child_by_field_name("initializer")
    cond = if_stmt.child_by_field_name("condition")
    body = goast.statements(if_stmt.child_by_field_name("consequence"))
    if init is None or cond is None or len(body) != 1 or not goast.inside(store, body[0]):
        return None
    if init.type != "short_var_declaration" or not goast.inside(load, init):
        return None
    left = init.child_by_field_name("left")
    names = [src.text(n) for n in left.named_children] if left is not None else []
    if len(names) != 2 or names[0] != "_" or src.text(cond).replace(" ", "") != f"!{names[1]}":
        return None
    if body[0].type != "expression_statement" or body[0].named_children[0] != store:
        return None
    value = unparen(args[1])
    pure = value.type in _PURE or (value.type == "call_expression" and src.text(value).startswith(("make(", "new(")))
    if not pure:
        return None  # LoadOrStore evaluates its value every time; don't add hidden work
    return Fix("Use LoadOrStore, which checks and stores atomically", (replace(src, if_stmt, f"{m}.LoadOrStore({k}, {src.text(args[1])})"),))


LOAD_STORE = register(
    Rule(
        id="syncmap-load-then-store",
        title="sync.Map Load followed by Store of the same key",
        family="B",
        severity=Severity.WARNING,
        what="""
Finds `Load(k)` followed by `Store(k, v)` on the same `sync.Map` in one function with no lock
held: the check-then-act `if _, ok := m.Load(k); !ok { m.Store(k, v) }` and read-modify-write
updates.
""",
        why="""
Each sync.Map method is atomic, but two calls are not. Between the Load and the Store another
goroutine can store the same key: both believe they created the entry, one value is silently
overwritten, and callers hold different objects for the same key (two "singleton" connections,
two mutexes that no longer exclude each other, a lost counter increment).
""",
        example="""
if _, ok := sessions.Load(id); !ok {
	sessions.Store(id, &Session{ID: id})
}
""",
        instead="""
sessions.LoadOrStore(id, &Session{ID: id})
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_load_then_store,
    )
)
