"""Family E5: sync.Once expected per call, mixed atomic and plain access, 64-bit atomic alignment."""
from __future__ import annotations

import re

from .. import goast
from ..concurrency import concurrency
from ..goast import Node, unparen
from ..intent import joined_before
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile, method_calls, name_nodes
from ..registry import Rule, register
from ..scope import resolve
from .syncprims import func_label, is_sync_type, line_of, type_text

_LOST = "overwrite concurrent atomic updates (lost increments)"
_STALE = "miss updates forever in a loop the compiler hoisted"


# -- sync.Once per call ---------------------------------------------------------------------------



def _once(view: PackageView):
    out = []
    for src in view.files:
        if b".Do(" not in src.data or b"Once" not in src.data:
            continue
        for call in method_calls(src, "Do"):
            f = call.child_by_field_name("function")
            o = unparen(f.child_by_field_name("operand"))
            if not is_sync_type(type_text(view, o, src), ("Once",), src):
                continue
            fn = goast.enclosing_func(call)
            if fn is None:
                continue
            d = resolve(o, src, view) if o.type == "identifier" else None
            if d is not None and d.kind == "local" and d.func == fn and not type_text(view, o, src).startswith("*"):
                if any(a.type == "for_statement" for a in goast.ancestors(call) if goast.inside(a, fn) and a != fn):
                    continue
                if _captured(view, src, fn, d.ident):
                    continue  # shared with closures that outlive the call: once per closure family
                out.append(Diagnostic(
                    src.span(call),
                    f"`{src.text(o)}` is a local sync.Once (line {line_of(src, d.ident)}): a new one is made on every "
                    f"call of `{func_label(fn, src)}`, so `Do` runs its function every time — the \"only once\" "
                    f"initialisation is repeated on each call (and concurrent callers run it concurrently). "
                    f"Declare the Once next to what it initialises (a package variable or a struct field).",
                    [Related(src.span(d.ident), "declared per call here")], [],
                    anchor=f"{func_label(goast.enclosing_decl(call) or fn, src)}|local-once|{src.text(o)}"))
                continue
            if d is not None and d.kind == "local":
                continue
            args = goast.call_args(call)
            if len(args) != 1 or args[0].type != "func_literal":
                continue
            lit = args[0]
            params = [p for p in _params_used(view, src, lit, fn) if _varies(view, src, fn, p)]
            if params:
                out.append(Diagnostic(
                    src.span(call),
                    f"`{src.text(o)}.Do` runs its function once for the lifetime of `{src.text(o)}`, but the function "
                    f"uses `{'`, `'.join(params)}`, a parameter of `{func_label(fn, src)}`: only the first call's "
                    f"argument is ever used, and every later call with a different value silently gets the first "
                    f"call's result.",
                    [], [], anchor=f"{func_label(goast.enclosing_decl(call) or fn, src)}|once-args|{src.text(o)}"))
    return out


def _captured(view, src, fn: Node, ident: Node) -> bool:
    name = src.text(ident)
    for lit in goast.of_type(fn, "func_literal"):
        if lit == fn:
            continue
        for n in goast.of_type(lit, "identifier"):
            if src.text(n) == name and resolve(n, src, view).ident == ident:
                return True
    return False


def _varies(view, src, fn: Node, param: str) -> bool:
    """Evidence that callers pass different values: two in-package calls with different argument
    text at that position (a parameter always given the same value is a constant in disguise)."""
    idx, i = None, 0
    for p in goast.params_of(fn):
        for n in goast.param_names(p, src) or ["_"]:
            if n == param:
                idx = i
            i += 1
    if idx is None:
        return False
    cc = concurrency(view)
    texts = set()
    for call, csrc in cc.call_sites_of(goast.func_name(fn, src)):
        target = cc.resolve_call(call, csrc)
        if target is None or target.node != fn:
            continue
        args = goast.call_args(call)
        if idx < len(args) and args[idx].type in ("interpreted_string_literal", "raw_string_literal", "int_literal",
                                                   "float_literal", "true", "false"):
            texts.add(csrc.text(args[idx]).replace(" ", ""))
    return len(texts) >= 2


_STABLE_PARAM_TYPES = ("*testing.T", "*testing.B", "testing.TB", "*testing.F", "context.Context")


def _params_used(view, src, lit: Node, fn: Node) -> list[str]:
    if fn.type == "func_literal":
        return []
    names = []
    for p in goast.params_of(fn):
        t = p.child_by_field_name("type")
        if t is not None and src.text(t).replace(" ", "") in _STABLE_PARAM_TYPES:
            continue
        for n in goast.param_names(p, src):
            if n != "_":
                names.append(n)
    if not names:
        return []
    used = []
    for ident in goast.of_type(lit, "identifier"):
        name = src.text(ident)
        if name in names and name not in used:
            d = resolve(ident, src, view)
            if d.kind == "param" and d.func == fn:
                used.append(name)
    return used


ONCE = register(Rule(
    id="sync-once-per-call",
    title="sync.Once that runs on every call, or depends on per-call arguments",
    family="E",
    severity=Severity.WARNING,
    what="""
Finds `once.Do(f)` where `once` is a local variable of the function calling it (so a new Once
exists per call), and `once.Do(func(){ ... })` on a long-lived Once whose function uses a
parameter of the enclosing function.
""",
    why="""
A local Once runs its function on every call: the expensive or must-happen-once initialisation
happens again each time, concurrently when callers are concurrent. A long-lived Once whose function
reads per-call arguments keeps only the first caller's: every later caller silently gets a result
computed for someone else's input (the wrong config, the wrong tenant, the wrong file): their own
argument is silently lost.
""",
    example="""
func (c *Client) conn(addr string) *Conn {
	c.once.Do(func() {
		c.c = dial(addr) // only the first addr ever counts
	})
	return c.c
}
""",
    instead="""
func (c *Client) conn(addr string) *Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conns[addr] == nil {
		c.conns[addr] = dial(addr)
	}
	return c.conns[addr]
}
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    run=_once,
))


# -- mixed atomic and plain access -------------------------------------------------------------------

_ATOMIC_FUNCS = ("Add", "Load", "Store", "Swap", "CompareAndSwap", "And", "Or")
_ATOMIC_64 = {"AddInt64", "AddUint64", "LoadInt64", "LoadUint64", "StoreInt64", "StoreUint64", "SwapInt64",
              "SwapUint64", "CompareAndSwapInt64", "CompareAndSwapUint64", "AndInt64", "AndUint64", "OrInt64", "OrUint64"}


def _atomic_calls(view: PackageView):
    """(src, call, func name, target expression) for sync/atomic function calls on `&x`."""
    for src in view.files:
        if b"sync/atomic" not in src.data:
            continue
        pkg = src.import_name("sync/atomic")
        if pkg is None:
            continue
        for ident in name_nodes(src, pkg):
            f = ident.parent
            call = f.parent if f is not None and f.type == "selector_expression" else None
            if call is None or call.type != "call_expression" or f.child_by_field_name("operand") != ident:
                continue
            if call.child_by_field_name("function") != f:
                continue
            m = src.text(f.child_by_field_name("field"))
            if not m.startswith(_ATOMIC_FUNCS):
                continue
            args = goast.call_args(call)
            if not args:
                continue
            a = unparen(args[0])
            if a.type != "unary_expression" or not src.text(a).startswith("&"):
                continue
            target = unparen(a.child_by_field_name("operand"))
            yield src, call, m, target


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
        tname = cc.type_of_operand(o, src)
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
    for src, call, m, target in _atomic_calls(view):
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
    for src, call, m, target in _atomic_calls(view):
        if target.type == "identifier":
            var_texts.add(src.text(target))
    out = []
    seen: set[tuple] = set()
    grouped: dict[tuple, tuple] = {}
    needles = [f.encode() for f in fields | var_texts]
    for src in view.files:
        if not any(nd in src.data for nd in needles):
            continue
        sels, idents = [], []
        for name in fields:
            for fld in name_nodes(src, name):
                sel = fld.parent
                if fld.type == "field_identifier" and sel is not None and sel.type == "selector_expression":
                    sels.append(sel)
        for name in var_texts:
            idents.extend(i for i in name_nodes(src, name) if i.type == "identifier")
        cands = sorted(sels, key=_start) + sorted(idents, key=_start)
        for n in cands:
            if (src.path, n.start_byte) in atomic_nodes:
                continue
            if n.type == "identifier" and n.parent is not None and n.parent.type == "selector_expression" \
                    and n.parent.child_by_field_name("field") != n and src.text(n.parent.child_by_field_name("field")) in fields:
                continue  # operand of a field selector handled above
            key = None
            if n.type == "identifier":
                if not any(k[0] == "var" for k in atomic):
                    continue
                p = n.parent
                if p is not None and p.type in ("parameter_declaration", "var_spec", "short_var_declaration", "field_declaration"):
                    continue
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
            if _benign_plain(view, cc, n, src) or not _may_race(view, cc, n, src, key, atomic_fns):
                continue
            if _excluded_by_lock(cc, n, src, atomic_sites[key]):
                continue
            kind = "write" if _is_write(n) else "read"
            if kind == "read" and key not in rmw:
                continue  # Store-only atomics with plain reads: usually reads under another guard
            fn = goast.enclosing_decl(n)
            dedup = key
            if dedup in seen:
                continue
            seen.add(dedup)
            # one finding per function: a Stats.clone() that copies fifteen counters is one mistake
            group = (src.path, fn.id if fn is not None else 0)
            if group in grouped:
                grouped[group][3].append(n)
                continue
            grouped[group] = (src, n, key, [n], kind, fn)
    for src, n, key, nodes, kind, fn in grouped.values():
        asrc, acall, am = atomic[key]
        names = list(dict.fromkeys(src.text(x) for x in nodes))
        what = f"`{names[0]}` is" if len(names) == 1 else \
            f"`{'`, `'.join(names[:4])}`{f' and {len(names) - 4} more' if len(names) > 4 else ''} are"
        out.append(Diagnostic(
            src.span(n),
            f"{what} {'written' if kind == 'write' else 'read'} plainly here but updated with "
            f"`atomic.{am}` (e.g. {asrc.path.rsplit('/', 1)[-1]}:{line_of(asrc, acall)}): atomics only help when every "
            f"access is atomic. This access races with the atomic ones — it can read a stale or torn value, "
            f"or {_LOST if kind == 'write' else _STALE}.",
            [Related(asrc.span(acall), "the atomic access")] + [Related(src.span(x), "also plain") for x in nodes[1:]], [],
            anchor=f"{func_label(fn, src) if fn is not None else ''}|mixed|{key[1] if key[0] == 'field' else src.text(n)}"))
    return out


def _may_race(view, cc, n: Node, src: SourceFile, key, atomic_fns) -> bool:
    """Keep the plain accesses that plausibly run concurrently with the atomic ones."""
    fn = goast.enclosing_func(n)
    if fn is None or fn.id in atomic_fns.get(key, ()):
        return False  # read-then-CAS in the same function: a deliberate optimistic read
    decl = goast.enclosing_decl(n)
    name = goast.func_name(decl, src) if decl is not None else ""
    if name.lower().startswith(("init", "new", "make", "setup", "test", "benchmark", "example")):
        return False
    if decl is not None and not src.is_test and _only_tests_call(cc, decl, src):
        return False
    if decl is not None and decl.type == "method_declaration" and cc.only_constructors_call(decl, src):
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
        return in_goroutine
    if in_goroutine:
        return True
    base = n.child_by_field_name("operand")
    if base is None or base.type != "identifier" or decl is None:
        return False
    rname, rtype, _ = goast.receiver(decl, src)
    if src.text(base) == rname:
        return key[1].split(".", 1)[0] == rtype
    # `func (pc *pushConsumer) needFlowControl(pq *processQueue)`: a pointer the caller
    # shares, unless every caller hands over a value of its own making
    d = resolve(base, src, view)
    if d.kind != "param" or d.func != decl or d.type is None or d.type.type != "pointer_type":
        return False
    return not cc.owned_value(decl, src, d.name)


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
    if name == "init":
        return True
    if n.type == "selector_expression":
        base = n.child_by_field_name("operand")
        while base is not None and base.type == "selector_expression":
            base = base.child_by_field_name("operand")
        if base is not None and base.type == "identifier":
            d = resolve(base, src, view)
            if d.kind == "local" and d.value is not None:
                v = unparen(d.value)
                if v.type == "composite_literal" or src.text(v).startswith(("&", "new(")):
                    return True  # a value this function just made and has not published
    return False


MIXED = register(Rule(
    id="atomic-mixed-access",
    title="Variable accessed both with sync/atomic and plainly",
    family="E",
    severity=Severity.WARNING,
    what="""
Finds variables and struct fields updated with `sync/atomic` functions (`atomic.AddInt64(&s.n, 1)`)
and read or written without atomics elsewhere in the package (`s.n++`, `if s.n > 0`). Accesses on a
value the function has just created and not yet shared, and in `init`, are left alone.
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
))


# -- 64-bit atomics on fields that 32-bit platforms may misalign ----------------------------------------

_SIZES = {"bool": (1, 1), "int8": (1, 1), "uint8": (1, 1), "byte": (1, 1), "int16": (2, 2), "uint16": (2, 2),
          "int32": (4, 4), "uint32": (4, 4), "rune": (4, 4), "float32": (4, 4), "int": (4, 4), "uint": (4, 4),
          "uintptr": (4, 4), "int64": (8, 4), "uint64": (8, 4), "float64": (8, 4), "complex64": (8, 4),
          "complex128": (16, 4), "string": (8, 4), "unsafe.Pointer": (4, 4), "error": (8, 4), "any": (8, 4),
          "interface{}": (8, 4)}


def _size32(t: Node, src: SourceFile) -> tuple[int, int] | None:
    """(size, alignment) on 386/arm, or None when unknown."""
    text = src.text(t).replace(" ", "")
    if text in _SIZES:
        return _SIZES[text]
    if t.type in ("pointer_type", "map_type", "channel_type", "function_type"):
        return (4, 4)
    if t.type == "slice_type":
        return (12, 4)
    return None


def _alignment(view: PackageView):
    out = []
    seen = set()
    cc = concurrency(view)
    for src, call, m, target in _atomic_calls(view):
        if m not in _ATOMIC_64 or target.type != "selector_expression":
            continue
        o = target.child_by_field_name("operand")
        fname = src.text(target.child_by_field_name("field"))
        tname = cc.type_of_operand(o, src)
        si = view.struct_of(tname)
        if si is None or (tname, fname) in seen:
            continue
        seen.add((tname, fname))
        off = 0
        known = True
        first_fd = None
        target_fd = None
        for fl in goast.of_type(si.node, "field_declaration_list"):
            for fd in fl.named_children:
                if fd.type != "field_declaration":
                    continue
                first_fd = first_fd or fd
                ft = fd.child_by_field_name("type")
                names = [si.src.text(n) for n in fd.children_by_field_name("name")] or ["_embedded"]
                sz = _size32(ft, si.src) if ft is not None else None
                for nm in names:
                    if nm == fname:
                        target_fd = fd
                        break
                    if sz is None:
                        known = False
                        break
                    size, al = sz
                    off = (off + al - 1) // al * al + size
                if target_fd is not None or not known:
                    break
            break
        if target_fd is None or not known or off % 8 == 0:
            continue
        fixes = []
        if len(target_fd.children_by_field_name("name")) == 1 and target_fd != first_fd:
            indent = si.src.indent_at(first_fd.start_byte)
            line = si.src.text(target_fd)
            fixes.append(Fix(f"Move {fname} to the top of {tname}", (
                TextEdit(si.src.path, first_fd.start_byte, first_fd.start_byte, f"{line}\n{indent}"),
                _delete_line(si.src, target_fd))))
        out.append(Diagnostic(
            si.src.span(target_fd),
            f"`{tname}.{fname}` is used with `atomic.{m}` ({src.path.rsplit('/', 1)[-1]}:{line_of(src, call)}) but sits "
            f"at byte offset {off} of the struct on 32-bit platforms (386, arm, mips), which is not 8-byte aligned: "
            f"the atomic call panics there (\"unaligned 64-bit atomic operation\"). Only the first word of an "
            f"allocated struct is guaranteed 64-bit aligned: move the field first, or use `atomic.Int64`.",
            [Related(src.span(call), "the 64-bit atomic access")], fixes, anchor=f"{tname}.{fname}|align"))
    return out


def _delete_line(src: SourceFile, node: Node) -> TextEdit:
    start = src.line_start(node.start_byte)
    nl = src.data.find(b"\n", node.end_byte)
    return TextEdit(src.path, start, nl + 1 if nl != -1 else node.end_byte, "")


ALIGN = register(Rule(
    id="atomic-64bit-alignment",
    title="64-bit atomic on a struct field that is misaligned on 32-bit platforms",
    family="E",
    severity=Severity.INFO,
    what="""
Finds struct fields used with the 64-bit `sync/atomic` functions (`AddInt64`, `LoadUint64`, ...)
whose offset in the struct, computed with 32-bit sizes and alignments, is not a multiple of 8.
Silent when a preceding field's size is not known from the declaration.
""",
    why="""
On 386, 32-bit ARM and 32-bit MIPS, 64-bit atomic operations need 8-byte aligned addresses but the
compiler only aligns int64 fields to 4 bytes. The program panics with "unaligned 64-bit atomic
operation" on those platforms only, far from where it was tested, and whatever the process held in
memory is lost with it.
""",
    example="""
type Stats struct {
	ready bool
	hits  int64 // offset 4 on 386
}

func (s *Stats) Hit() { atomic.AddInt64(&s.hits, 1) }
""",
    instead="""
type Stats struct {
	hits  int64 // first word: always 64-bit aligned
	ready bool
}
""",
    vet_overlap="go vet does not check alignment (the atomicalign analyzer in x/tools does, and is not in vet).",
    run=_alignment,
))
