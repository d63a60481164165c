"""atomic-mixed-access: a variable updated through sync/atomic and also read or written plainly."""

from __future__ import annotations

import re

from .. import goast
from ..atomic_access import atomic_calls
from ..concurrency import PLAIN, concurrency
from ..goast import Node, func_label, line_of, unparen
from ..gotypes import applies_option
from ..intent import joined_before
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..parse import SourceFile, idents_named, name_nodes
from ..registry import Rule, register
from ..scope import resolve

_LOST = "overwrite concurrent atomic updates (lost increments)"
_STALE = "miss updates forever in a loop the compiler hoisted"
_SPLIT = "read the same value as another caller, so that both store the same result and one update is lost"


def _start(n: Node) -> int:
    return n.start_byte


def _entity(view, cc, expr: Node, src: SourceFile):
    """A key for a variable or struct field: ('field', 'T.f') / ('var', decl key)."""
    expr = unparen(expr)
    if expr.type == "selector_expression":
        o = expr.child_by_field_name("operand")
        fld = expr.child_by_field_name("field")
        if o is None or fld is None:
            return None
        tname = cc.type_of_operand(o, src) or cc.asserted_type(o, src)
        if tname is None:
            return None
        return ("field", f"{tname}.{src.text(fld)}")
    if expr.type == "identifier":
        d = resolve(expr, src, view)
        if d.kind == "unknown":
            return None
        return ("var", d.key)
    return None


def _mixed(view: PackageView):
    cc = concurrency(view)
    atomic: dict[tuple, tuple[SourceFile, Node, str]] = {}
    atomic_nodes: set[tuple] = set()
    atomic_fns: dict[tuple, set] = {}
    rmw: set = set()
    atomic_sites: dict[tuple, list] = {}
    for src, call, m, target in atomic_calls(view):
        key = _entity(view, cc, target, src)
        if key is None:
            continue
        fn = goast.enclosing_func(call)
        atomic_fns.setdefault(key, set()).add(fn.id if fn is not None else 0)
        atomic.setdefault(key, (src, call, m))
        atomic_sites.setdefault(key, []).append((src, call))
        if m.startswith(("Add", "CompareAndSwap", "Swap", "And", "Or")):
            rmw.add(key)
        atomic_nodes.add((src.path, target.start_byte))
    if not atomic:
        return []
    fields = {k[1].split(".", 1)[1] for k in atomic if k[0] == "field"}
    var_texts = set()
    for src, call, m, target in atomic_calls(view):
        if target.type == "identifier":
            var_texts.add(src.text(target))
    out = []
    seen: set[tuple] = set()
    grouped: dict[tuple, tuple] = {}
    needles = {f.encode() for f in fields | var_texts}
    for src in view.files:
        present = src.words_among(needles)
        if not present:
            continue
        for n in _plain_candidates(src, present, fields, var_texts):
            if (src.path, n.start_byte) in atomic_nodes:
                continue
            if (
                n.type == "identifier"
                and n.parent is not None
                and n.parent.type == "selector_expression"
                and n.parent.child_by_field_name("field") != n
                and src.text(n.parent.child_by_field_name("field")) in fields
            ):
                continue  # operand of a field selector handled above
            key = None
            if n.type == "identifier":
                if not any(k[0] == "var" for k in atomic):
                    continue
                p = n.parent
                if p is not None and p.type in ("parameter_declaration", "var_spec", "short_var_declaration", "field_declaration"):
                    continue
                if goast.is_literal_key(n):
                    continue  # `debugId: …` names a field of the literal, not the variable
                key = _entity(view, cc, n, src)
                if key is None or key not in atomic or key[0] != "var":
                    continue
                d = resolve(n, src, view)
                if d.ident is not None and d.ident == n:
                    continue
            else:
                key = _entity(view, cc, n, src)
                if key is None or key not in atomic:
                    continue
            split = _stored_after(cc, n, src, atomic_sites[key])
            if _benign_plain(view, cc, n, src) or not _may_race(view, cc, n, src, key, atomic_fns, key in rmw, split):
                continue
            if _one_goroutine(cc, n, src, atomic_sites[key]) or _excluded_by_lock(cc, n, src, atomic_sites[key]):
                continue
            if src.test_code and not any(r.kind == "go" for r in cc.roots):
                continue  # a test of a package that starts no goroutine, and starts none itself
            kind = "write" if _is_write(n) else "split" if split else "read"
            if kind == "read" and key not in rmw or key in seen:
                continue  # Store-only atomics with plain reads: usually reads under another guard
            fn = goast.enclosing_decl(n)
            seen.add(key)
            # one finding per function: a Stats.clone() that copies fifteen counters is one mistake
            group = (src.path, fn.id if fn is not None else 0)
            if group in grouped:
                grouped[group][3].append(n)
                continue
            grouped[group] = (src, n, key, [n], kind, fn)
    copies = _group_copies(_struct_copies(view, cc, atomic, rmw, atomic_fns, atomic_sites), seen, grouped)
    for src, n, key, nodes, kind, fn in grouped.values():
        asrc, acall, am = atomic[key]
        names = list(dict.fromkeys(src.text(x) for x in nodes))
        what = f"`{names[0]}` is" if len(names) == 1 else f"`{'`, `'.join(names[:4])}`{f' and {len(names) - 4} more' if len(names) > 4 else ''} are"
        if n.id in copies:
            tname, fname = key[1].split(".", 1)
            what = f"`{names[0]}` copies the whole `{tname}`, so its field `{fname}` is"
        out.append(
            Diagnostic(
                src.span(n),
                f"{what} {'written' if kind == 'write' else 'read'} plainly here but {'read' if am.startswith('Load') else 'updated'} with "
                f"`atomic.{am}` (e.g. {asrc.path.rsplit('/', 1)[-1]}:{line_of(asrc, acall)}): atomics only help when every "
                f"access is atomic. This access races with the atomic ones — it can read a stale or torn value, "
                f"or {_LOST if kind == 'write' else _SPLIT if kind == 'split' else _STALE}.",
                [Related(asrc.span(acall), "the atomic access")] + [Related(src.span(x), "also plain") for x in nodes[1:]],
                [],
                anchor=f"{func_label(fn, src) if fn is not None else ''}|mixed|{key[1] if key[0] == 'field' else src.text(n)}",
            )
        )
    return out


def _stored_after(cc, n: Node, src: SourceFile, sites) -> bool:
    """The function reads the value plainly and then stores it atomically
    (`i := p.next + 1; atomic.StoreInt32(&p.next, i)`), holding no lock: an increment split in
    two, which two callers at once turn into one. (Under a lock every writer takes, the plain
    read is the writer's own, and atomics are for the readers.)"""
    fn = goast.enclosing_func(n)
    if fn is None:
        return False
    # what the read flows into: the variables its statement assigns
    st = goast.statement_of(n)
    flows = set()
    if st is not None and st.type in ("short_var_declaration", "assignment_statement"):
        right = st.child_by_field_name("right")
        if right is not None and goast.inside(n, right):
            left = st.child_by_field_name("left")
            flows = {src.text(x) for x in (left.named_children if left is not None else []) if x.type == "identifier"}
    for asrc, call in sites:
        f = call.child_by_field_name("function")
        name = asrc.text(f.child_by_field_name("field") if f is not None and f.type == "selector_expression" else f) if f is not None else ""
        if asrc is not src or not name.startswith("Store") or call.start_byte <= n.end_byte or goast.enclosing_func(call) != fn:
            continue
        args = goast.call_args(call)
        stored = args[1] if len(args) > 1 else None
        if stored is not None and (goast.inside(n, stored) or any(src.text(x) in flows for x in goast.of_type(stored, "identifier"))):
            # the value stored is worked out from the value read
            boundary = cc.boundary_of(n, src)
            locked = boundary is None or cc.locks_at(n, src, boundary)
            return not locked and not goast.func_name(goast.enclosing_decl(n) or fn, src).endswith("Locked")
    return False


def _plain_candidates(src: SourceFile, present, fields: set[str], var_texts: set[str]) -> list[Node]:
    """Selectors of the atomically updated fields, then identifiers of the variables, each in
    source order: found from the names the file holds (`present`)."""
    sels, idents = [], []
    for name in fields:
        if name.encode() not in present:
            continue
        for fld in name_nodes(src, name):
            sel = fld.parent
            if fld.type == "field_identifier" and sel is not None and sel.type == "selector_expression":
                sels.append(sel)
    for name in var_texts:
        if name.encode() in present:
            idents.extend(i for i in name_nodes(src, name) if i.type == "identifier")
    return sorted(sels, key=_start) + sorted(idents, key=_start)


def _group_copies(found, seen: set, grouped: dict) -> set[int]:
    """Adds whole-struct copies to the findings, one per atomic field and function as for
    other plain accesses; the ids of the copy nodes."""
    copies: set[int] = set()
    for src, n, key, kind, fn in found:
        if key in seen:
            continue
        seen.add(key)
        copies.add(n.id)
        group = (src.path, fn.id if fn is not None else 0)
        if group in grouped:
            grouped[group][3].append(n)
            continue
        grouped[group] = (src, n, key, [n], kind, fn)
    return copies


def _struct_copies(view: PackageView, cc, atomic: dict, rmw: set, atomic_fns: dict, atomic_sites: dict):
    """Plain copies (or overwrites) of a whole struct whose fields are updated atomically:
    `return s.stats`, `snap := *st`, `s.stats = Stats{}` read or write every field at once,
    atomically updated ones included. (src, node, the atomic field's key, kind, function)."""
    by_type: dict[str, list[tuple]] = {}
    for key in atomic:
        if key[0] == "field":
            by_type.setdefault(key[1].split(".", 1)[0], []).append(key)
    by_type = {t: keys for t, keys in by_type.items() if view.struct_of(t) is not None}
    if not by_type:
        return
    # fields that hold such a struct by value: `stats Stats` in `Server`
    holders: dict[str, list[tuple[str, str]]] = {}
    for sname, si in view.structs.items():
        for fname, ftype in si.fields.items():
            if ftype is not None and ftype.type == "type_identifier" and si.src.text(ftype) in by_type:
                holders.setdefault(fname, []).append((sname, si.src.text(ftype)))
    holder_keys = {f.encode() for f in holders}
    # `func (st *Stats) snapshot() Stats { return *st }`: methods of such a struct, by file
    snapshots: dict[int, list] = {}
    for fi in view.funcs.values():
        if fi.recv_type in by_type and fi.recv_name:
            snapshots.setdefault(id(fi.src), []).append(fi)
    for src in view.files:
        cands: list[tuple[Node, str, tuple]] = []
        present = src.words_among(holder_keys)
        for fname, owners in holders.items() if present else ():
            if fname.encode() not in present:
                continue
            for fld in name_nodes(src, fname):
                sel = fld.parent
                if fld.type != "field_identifier" or sel is None or sel.type != "selector_expression":
                    continue
                owner = cc.type_of_operand(sel.child_by_field_name("operand"), src)
                tname = next((t for o, t in owners if o == owner), None)
                if tname is not None:
                    cands.append((sel, tname, ("field", f"{owner}.{fname}")))
        for fi in snapshots.get(id(src), ()):
            if not goast.receiver(fi.node, src)[2]:
                continue
            body = fi.node.child_by_field_name("body")
            for ident in idents_named(body, src, [fi.recv_name]) if body is not None and fi.recv_name else ():
                u = ident.parent
                if u is not None and u.type == "unary_expression" and src.text(u).startswith("*") and u.child_by_field_name("operand") == ident:
                    cands.append((u, fi.recv_type, by_type[fi.recv_type][0]))
        for n, tname, race_key in cands:
            p = n.parent
            if p is not None and (p.type == "selector_expression" or p.type == "unary_expression" and src.text(p).startswith("&")):
                continue  # a field of it, a method on it, or its address: not a copy
            if p is not None and p.type == "call_expression":
                continue
            keys = by_type[tname]
            key = next((k for k in keys if k in rmw), keys[0])
            fn = goast.enclosing_decl(n)
            if fn is None or _benign_plain(view, cc, n, src):
                continue
            # A copy is the whole value: only with a goroutine in view on one side (the copy
            # runs in one, or an atomic update is reached from one) is it more than a type
            # used from one goroutine that guards a flag with CAS.
            if not _goroutine_side(cc, n, src, [s for k in keys for s in atomic_sites[k]]):
                continue
            fns = set().union(*(atomic_fns.get(k, set()) for k in keys))
            if not _may_race(view, cc, n, src, race_key, {race_key: fns}):
                continue
            if _excluded_by_lock(cc, n, src, [s for k in keys for s in atomic_sites[k]]):
                continue
            kind = "write" if _is_write(n) else "read"
            if kind == "read" and key not in rmw:
                continue
            yield src, n, key, kind, fn


def _one_goroutine(cc, n: Node, src: SourceFile, sites: list) -> bool:
    """The plain access and every atomic one run on one goroutine, and on nothing else: a
    monitor that counts and prints its own counters."""
    seen = set()
    for x, xsrc in [(n, src), *((call, asrc) for asrc, call in sites)]:
        b = cc.boundary_of(x, xsrc)
        roots = cc.roots_of(b, xsrc) if b is not None else []
        if not roots or any(r is PLAIN or r.node.type != "go_statement" for r in roots):
            return False
        seen.update(r.node.id for r in roots)
    return len(seen) == 1


def _goroutine_side(cc, n: Node, src: SourceFile, sites: list) -> bool:
    for x, xsrc in [(n, src), *((call, asrc) for asrc, call in sites)]:
        b = cc.boundary_of(x, xsrc)
        if b is not None and any(r is not PLAIN for r in cc.roots_of(b, xsrc)):
            return True
    return False


def _may_race(view, cc, n: Node, src: SourceFile, key, atomic_fns, updated: bool = False, split: bool = False) -> bool:
    """Keep the plain accesses that plausibly run concurrently with the atomic ones. `updated`:
    the variable is added to or swapped atomically, which only concurrent updaters call for;
    `split`: the function stores back what it read, an update of its own."""
    fn = goast.enclosing_func(n)
    if fn is None or fn.id in atomic_fns.get(key, ()) and not split:
        return False  # read-then-CAS in the same function: a deliberate optimistic read
    decl = goast.enclosing_decl(n)
    name = goast.func_name(decl, src) if decl is not None else ""
    if name.lower().startswith(("init", "new", "make", "setup", "test", "benchmark", "example")):
        return False
    if decl is not None and not src.is_test and _only_tests_call(cc, decl, src):
        return False
    starts = decl is not None and any(r is not PLAIN and r.node.type == "go_statement" for r in cc.roots_of(decl, src))
    if decl is not None and decl.type == "method_declaration" and not starts and cc.only_constructors_call(decl, src):
        return False  # the value is still being built: its goroutines do not exist yet
    if decl is not None and _quiet_callers(cc, decl, src):
        return False  # every caller runs where no other goroutine holds the value
    boundary = cc.boundary_of(n, src)
    if boundary is None:
        return False
    in_goroutine = cc.root_of_boundary(boundary) is not None
    if not in_goroutine and joined_before(cc, boundary, src, n):
        return False  # after wg.Wait() / a receive: the goroutines have finished
    if not in_goroutine and decl is not None and _called_after_joins(cc, decl, src):
        return False  # every caller has waited for its goroutines first
    if key[0] == "var":
        # a package counter added to atomically by the package's own calls: read plainly in a
        # function those callers reach just the same
        return in_goroutine or ((updated or split) and _is_package_var(view, n, src))
    if in_goroutine:
        return True
    base = n.child_by_field_name("operand")
    if base is None or base.type != "identifier" or decl is None:
        return False
    rname, rtype, _ = goast.receiver(decl, src)
    if src.text(base) == rname:
        return key[1].split(".", 1)[0] == rtype
    if (updated or split) and _looked_up(base, src, view):
        return True  # the shared value every callback looks up (`ctx.Value(k).(*rpcData)`)
    # `func (pc *pushConsumer) needFlowControl(pq *processQueue)`: a pointer the caller
    # shares, unless every caller hands over a value of its own making
    d = resolve(base, src, view)
    if d.kind != "param" or d.func != decl or d.type is None or d.type.type != "pointer_type":
        return False
    return not cc.owned_value(decl, src, d.name)


def _is_package_var(view, n: Node, src: SourceFile) -> bool:
    return resolve(n, src, view).kind == "package"


def _looked_up(base: Node, src: SourceFile, view) -> bool:
    """A local taken out of a shared place by a type assertion (`d, ok := ctx.Value(k).(*T)`,
    `v.(*T)` of a map's or sync.Map's value): the same object for every caller that looks it up."""
    d = resolve(base, src, view)
    if d.kind != "local" or d.ident is None:
        return False
    names = d.ident.parent
    stmt = names.parent if names is not None and names.type == "expression_list" else names
    right = stmt.child_by_field_name("right") if stmt is not None and stmt.type == "short_var_declaration" else None
    values = right.named_children if right is not None and right.type == "expression_list" else [right] if right is not None else []
    if len(values) != 1 or values[0] is None or values[0].type != "type_assertion_expression":
        return False
    inner = unparen(values[0].child_by_field_name("operand"))
    return inner.type in ("call_expression", "index_expression")


# `if atomic.AddInt32(&x.refs, -1) == 0 {` / `if x.refs.Add(-1) == 0 {`: the last reference.
_LAST_RELEASE = re.compile(r"(?:atomic\.Add\w*\(.*,\s*-1\)|\.Add\(\s*-1\s*\))\s*==\s*0|0\s*==\s*atomic\.Add\w*\(.*,\s*-1\)")


def _quiet_callers(cc, fn: Node, src: SourceFile, depth: int = 2) -> bool:
    """Is every call of `fn` (directly, or through callers that are themselves called so) made
    where no other goroutine holds the value: while a constructor or opener builds it, after a
    join (`wg.Wait()`) in the caller, or where a reference count just dropped to zero?"""
    sites = [(c, s) for c, s in cc.possible_callers(fn, src) if not s.is_test]
    if not sites:
        return False
    for call, csrc in sites:
        if call.parent is not None and call.parent.type == "go_statement":
            return False  # a goroutine on the value runs on after its maker publishes it
        if _under_last_release(call, csrc) or _fresh_receiver(cc, call, csrc):
            continue
        b = cc.boundary_of(call, csrc)
        if b is None or b.type == "func_literal" or cc.root_of_boundary(b) is not None:
            return False
        if b == fn or cc.is_constructor(b, csrc) or joined_before(cc, b, csrc, call):
            continue
        if depth == 0 or not _quiet_callers(cc, b, csrc, depth - 1):
            return False
    return True


def _excluded_by_lock(cc, n: Node, src: SourceFile, sites: list) -> bool:
    """The plain access holds a lock exclusively that every atomic access holds too (if only for
    reading, as CAS loops under an RLock do): they never overlap."""
    boundary = cc.boundary_of(n, src)
    if boundary is None:
        return False
    mine = [k for k, mode in cc.locks_at(n, src, boundary).items() if mode == "w"]
    if not mine:
        return False
    for asrc, acall in sites:
        b = cc.boundary_of(acall, asrc)
        held = cc.locks_at(acall, asrc, b) if b is not None else {}
        if not any(k in held for k in mine):
            return False
    return True


def _fresh_receiver(cc, call: Node, src: SourceFile) -> bool:
    """`req := pool.Get().(*request); req.reset()` / `x := &T{}; x.init()`: the method runs on a
    value its caller has only just made or taken from a pool, which no other goroutine holds."""
    f = call.child_by_field_name("function")
    if f is None or f.type != "selector_expression":
        return False
    operand = unparen(f.child_by_field_name("operand"))
    if operand.type != "identifier":
        return False
    d = resolve(operand, src, cc.view)
    if d.kind != "local" or d.ident is None or d.ident.start_byte > call.start_byte:
        return False
    return cc.fresh_and_private(d, call)


def _under_last_release(node: Node, src: SourceFile) -> bool:
    for a in goast.ancestors(node):
        if a.type in goast.FUNC_TYPES:
            return False
        if a.type == "if_statement":
            cond, cons = a.child_by_field_name("condition"), a.child_by_field_name("consequence")
            if cond is not None and cons is not None and goast.inside(node, cons) and _LAST_RELEASE.search(src.text(cond)):
                return True
    return False


def _only_tests_call(cc, decl: Node, src: SourceFile) -> bool:
    """Is `decl` called only from the package's tests (a testing hook)?"""
    sites = cc.call_sites_of(goast.func_name(decl, src))
    sites = [(c, s) for c, s in sites if (t := cc.resolve_call(c, s)) is None or t.node == decl]
    return bool(sites) and all(s.is_test for _, s in sites)


def _called_after_joins(cc, decl: Node, src: SourceFile) -> bool:
    """Is every call of `decl` in the package preceded, in its caller, by a join (`wg.Wait()`,
    a receive)? Then what the function reads was written before the goroutines ended."""
    sites = [(c, s) for c, s in cc.possible_callers(decl, src) if not s.is_test]
    if not sites:
        return False
    for call, csrc in sites:
        b = cc.boundary_of(call, csrc)
        if b is None or cc.root_of_boundary(b) is not None or not joined_before(cc, b, csrc, call):
            return False
    return True


def _is_write(n: Node) -> bool:
    p = n.parent
    if p is not None and p.type == "expression_list":
        p = p.parent
    if p is not None and p.type in ("assignment_statement", "inc_statement", "dec_statement"):
        left = p.child_by_field_name("left")
        return p.type != "assignment_statement" or (left is not None and goast.inside(n, left))
    return False


def _benign_plain(view, cc, n: Node, src: SourceFile) -> bool:
    """Plain accesses that cannot race: in a constructor on a value not yet shared, taking the
    address (`&x` passed to another atomic helper), or in init()."""
    p = n.parent
    if p is not None and p.type == "unary_expression" and src.text(p).startswith("&"):
        return True
    fn = goast.enclosing_decl(n)
    if fn is None:
        return True  # package-level initialiser: before any goroutine
    name = goast.func_name(fn, src)
    if name == "init" or _RACY_NAME.search(name):
        return True  # `RacyLoad`: a read its author made racy on purpose, and named so
    if n.type == "selector_expression":
        base = n.child_by_field_name("operand")
        while base is not None and base.type == "selector_expression":
            base = base.child_by_field_name("operand")
        if base is not None and base.type == "identifier":
            d = resolve(base, src, view)
            if d.kind == "param" and d.func is not None and applies_option(d.func, src, view):
                return True  # a functional option: applied while a constructor builds the value
            if d.kind == "local" and d.value is not None:
                v = unparen(d.value)
                if v.type == "composite_literal" or src.text(v).startswith(("&", "new(")):
                    return True  # a value this function just made and has not published
    return False


_RACY_NAME = re.compile(r"(?:^[Rr]acy|Racy)(?=[A-Z_0-9]|$)")


MIXED = register(
    Rule(
        id="atomic-mixed-access",
        title="Variable accessed both with sync/atomic and plainly",
        family="E",
        severity=Severity.WARNING,
        what="""
Finds variables and struct fields updated with `sync/atomic` functions (`atomic.AddInt64(&s.n, 1)`)
and read or written without atomics elsewhere in the package (`s.n++`, `if s.n > 0`), including
copies of the whole struct that holds them (`return *s`, `snap := srv.stats`). Accesses on a value
the function has just created and not yet shared, and in `init`, are left alone, as are counters
whose every access runs on one goroutine. A goroutine a constructor starts on the value runs on
after the value is handed out: its plain accesses race with the callers' atomic ones. A package
counter the package adds to atomically, and the counters of a value every callback looks up
(`d, ok := ctx.Value(k).(*rpcData)`), race with plain reads wherever those calls reach.
""",
        why="""
An atomic operation only synchronises with other atomic operations. A plain read racing with an
atomic write may see a stale or (on 32-bit platforms, for 64-bit values) torn value, and the
compiler may keep it in a register so a polling loop never sees the update; a plain write
overwrites concurrent atomic increments, which are lost.
""",
        example="""
func (s *Stats) Hit() { atomic.AddInt64(&s.hits, 1) }

func (s *Stats) Report() int64 { return s.hits } // plain read
""",
        instead="""
func (s *Stats) Hit() { atomic.AddInt64(&s.hits, 1) }

func (s *Stats) Report() int64 { return atomic.LoadInt64(&s.hits) }
""",
        vet_overlap="Not covered by go vet (its atomic check only finds `x = atomic.AddInt64(&x, 1)`). "
        "The race detector finds it at run time, when a test exercises it.",
        run=_mixed,
    )
)
