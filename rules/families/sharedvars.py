"""Plain variables and struct fields shared between goroutines with no synchronisation.

The generalisation of the map rules to any variable: a captured local, a package-level
variable or a struct field written by one goroutine while another reads or writes it, with no
common lock, no atomic and no happens-before handoff (a channel receive, `wg.Wait()`,
`select`, `errgroup.Wait`) between them. Map index accesses are the map rules' business; this
rule looks at whole-variable reads and writes (`err = e`, `n++`, `s.state = x`).

Two shapes, both chosen for precision rather than recall:

- captured: a variable declared outside a `go func(){...}()` literal (a local of the spawner,
  or a package-level variable) is written inside it, and (a) the goroutine is started in a
  loop (every instance writes the same variable), (b) the spawner reads or writes it after
  the `go` statement before any join, or (c) a sibling goroutine started from the same
  function uses it before any join on either side.
- guarded-elsewhere: a struct field or package-level variable is written with no lock held in
  code that only ever runs concurrently (a goroutine body, an HTTP handler method), while
  another function of the package accesses it holding a mutex: the author knows it is shared,
  and this one write forgets the lock.

Whenever an access sits in a callback literal (`once.Do(func(){...})`, a deferred closure,
`t.Run`), takes the variable's address (`atomic.AddInt64(&n, 1)`) or follows a join in its
own goroutine, the rule stays silent."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import goast
from ..concurrency import CALLER_HELD, CONSTRUCTOR_PREFIXES, PLAIN, Concurrency, Root, concurrency, lock_kind_of
from ..fixgen import ensure_import, fresh_name, guard_statement, insert_after
from ..goast import Node, unparen
from ..intent import SharedRace, intent
from ..mapaccess import TEST_PREFIXES, _common_lock
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import SourceFile, calls_named, captures, file_captures
from ..registry import Rule, register
from ..scope import Decl, resolve

RULE_ID = "shared-variable-race"



# -- uses of a variable -----------------------------------------------------------------------


@dataclass(eq=False)
class Use:
    node: Node          # the identifier (or selector expression for fields)
    src: SourceFile
    kind: str           # read | write
    boundary: Node | None
    clean: bool         # runs directly in its boundary (no callback literal in between)
    _locks: dict | None = None
    cc: Concurrency | None = None

    @property
    def locks(self) -> dict:
        """Locks held here, computed on first use (most uses never need them)."""
        if self._locks is None:
            self._locks = self.cc.locks_at(self.node, self.src, self.boundary) if self.cc is not None and self.boundary is not None else {}
        return self._locks

    @property
    def line(self) -> int:
        return self.src.point(self.node.start_byte)[0]

    @property
    def stmt(self) -> Node | None:
        return goast.statement_of(self.node)


def _use_kind(node: Node) -> str:
    """'write', 'read' or 'addr' for an identifier / selector naming the variable."""
    parent = node.parent
    if parent is None:
        return "read"
    t = parent.type
    if t in ("inc_statement", "dec_statement"):
        return "write"
    if t == "unary_expression" and parent.child_by_field_name("operator") is not None and parent.child_by_field_name("operator").type == "&":
        return "addr"
    if t == "expression_list":
        gp = parent.parent
        if gp is not None and gp.child_by_field_name("left") == parent:
            if gp.type in ("assignment_statement", "short_var_declaration", "receive_statement"):
                return "write"
            if gp.type == "range_clause":
                return "write"
        return "read"
    if t in ("assignment_statement", "short_var_declaration", "receive_statement", "range_clause") and parent.child_by_field_name("left") == node:
        return "write"
    return "read"


def _declares_new(ident: Node, d: Decl) -> bool:
    """Is `ident` on the left of a `:=` form that declares a new variable rather than assigning
    the one `d` found (Go redeclares only in the same scope, in a plain statement)?"""
    p = ident.parent
    if p is not None and p.type == "expression_list":
        p = p.parent
    if p is None:
        return False
    if p.type in ("range_clause", "receive_statement"):
        return any(c.type == ":=" for c in p.children)
    if p.type == "short_var_declaration":
        if p.parent is None or p.parent.type != "statement_list" or d.ident is None:
            return True
        ds = goast.statement_of(d.ident)
        return ds is None or ds.parent != p.parent
    return False


def _is_address_taken_selector(node: Node) -> bool:
    p = node.parent
    return p is not None and p.type == "unary_expression" and p.text.startswith(b"&")


# -- the analysis ---------------------------------------------------------------------------


@dataclass(eq=False)
class Race:
    rep: Use
    rrep: object      # Root or PLAIN / "spawner"
    partner: Use
    rpartner: object
    how: str          # instances | spawner | siblings | guarded
    name: str
    root: Root | None
    lock: str | None = None  # the lock held at the partner (guarded)


_IDENT_WRITES = """
(assignment_statement left: (expression_list (identifier) @w))
(inc_statement (identifier) @w)
(dec_statement (identifier) @w)
"""

_FIELD_WRITES = """
(assignment_statement left: (expression_list (selector_expression) @s))
(inc_statement (selector_expression) @s)
(dec_statement (selector_expression) @s)
"""


_ATOMIC_GUARD = re.compile(r"atomic\.|\.CompareAndSwap|\.Swap\(|\.TryLock\(|\.Load\(|\.Do\(")


class SharedVars:
    def __init__(self, view: PackageView):
        self.view = view
        self.cc: Concurrency = concurrency(view)

    # ---- captured variables of goroutine literals

    def captured_races(self) -> list[Race]:
        lit_roots = [r for r in self.cc.roots if r.kind == "go" and r.body is not None and r.body.type == "func_literal" and r.spawner is not None]
        if not lit_roots:
            return []
        candidates: dict[tuple, Decl] = {}
        for r in lit_roots:
            for ident in self._written_idents(r.body, r.src):
                d = resolve(ident, r.src, self.view)
                if d.kind == "local" and d.ident is not None and not goast.inside(d.ident, r.body):
                    candidates.setdefault(d.key, d)
                elif d.kind == "package" and d.src is r.src:
                    candidates.setdefault(d.key, d)
        out: list[Race] = []
        for d in candidates.values():
            race = self._race_on(d, lit_roots)
            if race is not None:
                out.append(race)
        return out

    def _written_idents(self, body: Node, src: SourceFile) -> list[Node]:
        return [n for n in captures(_IDENT_WRITES, body).get("w", []) if n.text != b"_"]

    def _uses_of(self, d: Decl) -> list[Use] | None:
        """Every use of the variable in the function declaring it (for a package variable: in
        the file's functions that start goroutines). None when its address is taken."""
        if d.kind == "local":
            scope = d.func
            while scope is not None and scope.type == "func_literal":
                outer = goast.enclosing_func(scope)
                if outer is None:
                    break
                scope = outer
            scopes = [scope] if scope is not None else []
        else:
            # a package variable: uses in the functions that spawn the goroutines writing it
            scopes = []
            for r in self.cc.roots:
                if r.src is d.src and r.spawner is not None:
                    top = goast.enclosing_decl(r.node) or r.spawner
                    if top not in scopes:
                        scopes.append(top)
        src = d.src
        name = d.name.encode()
        uses = []
        for scope in scopes:
            for n in goast.walk(scope):
                if n.type != "identifier" or n.text != name or n == d.ident:
                    continue
                p = n.parent
                if p is not None and p.type == "literal_element" and p.parent is not None \
                        and p.parent.type == "keyed_element" and p.parent.named_children[0] == p:
                    continue
                if p is not None and p.type == "expression_list" and p.parent is not None and p.parent.type == "type_switch_statement":
                    continue  # `switch x := v.(type)` declares a new x
                r = resolve(n, src, self.view)
                if r.key != d.key:
                    continue
                kind = _use_kind(n)
                if kind == "write" and _declares_new(n, r):
                    continue  # `x := ...` in an inner scope: a new variable of the same name
                if kind == "addr":
                    return None
                boundary = self.cc.boundary_of(n, src)
                clean = boundary is not None and goast.enclosing_func(n) == boundary
                uses.append(Use(n, src, kind, boundary, clean, None, self.cc))
        return uses

    def _out_of_scope(self, d: Decl) -> bool:
        # a sync value, or a package variable whose address is handed out (atomics elsewhere:
        # atomic-mixed-access's business)
        return d.src is None or _is_sync_type(d) or (d.kind == "package" and self._address_taken_in_package(d.name))

    def _race_on(self, d: Decl, lit_roots: list[Root]) -> Race | None:
        if self._out_of_scope(d):
            return None
        uses = self._uses_of(d)
        if not uses:
            return None
        by_root: dict[int, Root] = {r.body.id: r for r in lit_roots}
        info = []
        for u in uses:
            r = by_root.get(u.boundary.id) if u.boundary is not None else None
            info.append((u, r))
        # (a) instances of one goroutine started in a loop
        for u, r in info:
            if r is None or u.kind != "write" or not u.clean:
                continue
            if not r.multi or r.loop is None:
                continue
            if d.ident is not None and goast.inside(d.ident, r.loop):
                continue  # one variable per iteration
            if self.cc.join_between(r.spawner, r.src, r.loop.start_byte, r.loop.end_byte):
                continue
            if self._leaves_loop_after(r) or self._calls_join_between(r.spawner, r.src, r.loop.start_byte, r.loop.end_byte):
                continue
            if self._after_join_in_goroutine(u, r) or u.locks:
                continue
            return Race(u, r, u, r, "instances", d.name, r)
        # (b) the goroutine against its spawner after the `go` statement
        for u, r in info:
            if r is None or not u.clean:
                continue
            for x, rx in info:
                if rx is not None or not x.clean or x.boundary != r.spawner:
                    continue
                if u.kind != "write" and x.kind != "write":
                    continue
                if goast.enclosing_func(x.node) != goast.enclosing_func(r.node):
                    continue
                if r.loop is not None and d.ident is not None and goast.inside(d.ident, r.loop) and goast.inside(x.node, r.loop):
                    continue  # a loop variable: per iteration from Go 1.22, loopvar-capture's before
                if self._after_join_in_goroutine(u, r):
                    continue
                if not self._spawner_overlaps(r, x):
                    continue
                if u.locks or _common_lock(u.locks, x.locks):
                    continue
                return Race(u, r, x, "spawner", "spawner", d.name, r)
        # (c) two goroutines started by the same function
        for i, (u, r) in enumerate(info):
            if r is None or not u.clean or u.kind != "write":
                continue
            for x, rx in info:
                if rx is None or rx is r or not x.clean:
                    continue
                if rx.spawner != r.spawner or rx.src is not r.src:
                    continue
                if self._after_join_in_goroutine(u, r) or self._after_join_in_goroutine(x, rx):
                    continue
                first, second = sorted((r, rx), key=lambda q: q.node.start_byte)
                if self.cc.join_between(first.spawner, first.src, first.node.end_byte, second.node.start_byte):
                    continue
                if not _sequential(first.node, second.node, first.spawner, first.src):
                    continue
                if u.locks or x.locks:
                    continue
                return Race(u, r, x, rx, "siblings", d.name, r)
        return None

    def _leaves_loop_after(self, r: Root) -> bool:
        """`go ...; break` (or return): only one goroutine of the loop ever starts."""
        for a in goast.ancestors(r.node):
            if a == r.loop:
                return False
            if a.type == "block" and goast.block_terminates(a, r.src):
                return True
        return False

    def _calls_join_between(self, boundary: Node, src: SourceFile, start: int, end: int) -> bool:
        """A call, between `start` and `end`, of a package function that waits itself
        (`s.waitAll()` wrapping `wg.Wait()`), or of any method named like a wait."""
        for call in goast.of_type(boundary, "call_expression"):
            if not (start <= call.start_byte < end) or self.cc.boundary_of(call, src) != boundary:
                continue
            _, name = goast.call_parts(call, src)
            if name and ("wait" in name.lower() or name in ("Join", "Sync", "Flush", "Close", "Shutdown", "Stop")):
                return True
            fi = self.cc.resolve_call(call, src)
            if fi is not None and fi.node != boundary and self.cc.joins_in(fi.node, fi.src):
                return True
        return False

    def _after_join_in_goroutine(self, u: Use, r: Root) -> bool:
        """A join, a send (a buffered channel used as a semaphore/mutex) or an atomic guard
        (`if atomic.CompareAndSwapInt32(&done, 0, 1) { err = e }`) before the access in its own
        goroutine may order it: stay silent."""
        if self.cc.join_between(r.body, r.src, r.body.start_byte, u.node.start_byte):
            return True
        if _lockish_call_before(r.body, r.src, u.node):
            return True
        for n in goast.of_type(r.body, "send_statement"):
            if n.start_byte < u.node.start_byte and self.cc.boundary_of(n, r.src) == r.body:
                return True
        for a in goast.ancestors(u.node):
            if a == r.body:
                break
            if a.type in ("if_statement", "for_statement", "expression_switch_statement"):
                cond = a.child_by_field_name("condition") or a.child_by_field_name("value") or a.child_by_field_name("initializer")
                text = r.src.text(a)[: (cond.end_byte - a.start_byte) if cond is not None else 0]
                if _ATOMIC_GUARD.search(text):
                    return True
        return False

    def _spawner_overlaps(self, r: Root, x: Use) -> bool:
        spawner = r.spawner
        if r.loop is not None and goast.inside(x.node, r.loop) and x.node.start_byte < r.node.start_byte:
            # the next iteration runs it while earlier goroutines are still going
            return not (self.cc.join_between(spawner, x.src, r.loop.start_byte, r.loop.end_byte)
                        or self._calls_join_between(spawner, x.src, r.loop.start_byte, r.loop.end_byte)
                        or self._leaves_loop_after(r))
        if x.node.start_byte < r.node.end_byte:
            return False
        if self.cc.join_between(spawner, x.src, r.node.end_byte, x.node.start_byte):
            return False
        if self._calls_join_between(spawner, x.src, r.node.end_byte, x.node.start_byte):
            return False
        return _sequential(r.node, x.node, spawner, x.src)

    # ---- package variables written by every instance of a named goroutine function

    def instance_races(self) -> list[Race]:
        """`for i := 0; i < n; i++ { go worker() }` where `worker` updates a package-level
        variable (or a field of one) with no lock: the instances write it at once."""
        out = []
        done = set()
        for r in self.cc.roots:
            if r.kind != "go" or not r.multi or r.loop is None or r.body is None or r.body_src is None \
                    or r.body.type == "func_literal" or r.body.id in done or r.src.is_test or r.body_src.is_test:
                continue
            done.add(r.body.id)
            body, src = r.body, r.body_src
            caps = captures(_IDENT_WRITES + _FIELD_WRITES, body)
            for t in sorted(caps.get("w", []) + caps.get("s", []), key=lambda x: x.start_byte):
                if t.text == b"_":
                    continue
                base = t
                while base.type == "selector_expression":
                    base = unparen(base.child_by_field_name("operand"))
                if base.type != "identifier":
                    continue
                d = resolve(base, src, self.view)
                v = self.view.vars.get(d.name)
                if d.kind != "package" or v is None or _is_sync_type(d) or (v.type is not None and _is_sync_or_chan(v.type, v.src)):
                    continue
                if re.search(rb"&\s*" + re.escape(src.text(t).encode()) + rb"(?![\w.])", b"".join(f.data for f in self.view.files)):
                    continue  # updated with atomics elsewhere: atomic-mixed-access's business
                if self.cc.boundary_of(t, src) != body or goast.enclosing_func(t) != body:
                    continue
                # A receive does not order the instances against each other (they all take
                # from the same queue); a channel used as a token (a send) or a Wait may.
                if _lockish_call_before(body, src, t) or any(
                        n.start_byte < t.start_byte for n in calls_named(src, "Wait") if goast.inside(n, body)):
                    continue
                if goast.of_type(body, "send_statement"):
                    continue
                if any(a.type in ("if_statement", "for_statement") and _ATOMIC_GUARD.search(src.text(a)[:200])
                       for a in goast.ancestors(t) if goast.inside(a, body)):
                    continue
                u = Use(t, src, "write", body, True, None, self.cc)
                if u.locks:
                    continue
                out.append(Race(u, r, u, r, "instances", src.text(t), r))
                break
        return out

    # ---- package variables written by HTTP handlers

    def handler_races(self) -> list[Race]:
        out = []
        done = set()
        for r in self.cc.roots:
            if r.kind != "handler" or r.body is None or r.body_src is None or r.body.id in done:
                continue
            done.add(r.body.id)
            src = r.body_src
            for ident in self._written_idents(r.body, src):
                name = ident.text.decode()
                v = self.view.vars.get(name)
                if v is None:
                    continue
                d = resolve(ident, src, self.view)
                if d.kind != "package" or _is_sync_type(d) or self._address_taken_in_package(name):
                    continue
                if v.type is not None and _is_sync_or_chan(v.type, v.src):
                    continue
                boundary = self.cc.boundary_of(ident, src)
                if boundary != r.body or goast.enclosing_func(ident) != boundary:
                    continue
                if self.cc.join_between(boundary, src, boundary.start_byte, ident.start_byte):
                    continue
                u = Use(ident, src, "write", boundary, True, None, self.cc)
                if u.locks:
                    continue
                out.append(Race(u, r, u, r, "handler", name, r))
        return out

    def _address_taken_in_package(self, name: str) -> bool:
        pat = re.compile(rb"&\s*" + re.escape(name.encode()) + rb"\b")
        return any(pat.search(f.data) for f in self.view.files)

    # ---- fields and package variables guarded elsewhere

    def guarded_races(self) -> list[Race]:
        if not any(f.mentions(b"Lock()") for f in self.view.files):
            return []  # no lock anywhere: nothing says which fields are shared
        writes = []
        done = set()
        for r in self.cc.roots:
            if r.body is None or r.body_src is None or r.body.id in done:
                continue
            done.add(r.body.id)
            writes.extend(self._unlocked_field_writes(r))
        if not writes:
            return []
        out = []
        seen = set()
        for u, r, ent, tname in writes:
            key = (u.src.path, u.node.start_byte)
            if key in seen:
                continue
            seen.add(key)
            partner = self._locked_access(ent, tname, u)
            if partner is None:
                continue
            lock = next(k for k in partner.locks if k != CALLER_HELD)
            out.append(Race(u, r, partner, PLAIN, "guarded", ent, r, lock))
        return out

    def _unlocked_field_writes(self, r: Root):
        body, src = r.body, r.body_src
        if body.type == "method_declaration":
            rname, rtype, ptr = goast.receiver(body, src)
            if not ptr:
                return
        for t in captures(_FIELD_WRITES, body).get("s", []):
            operand = unparen(t.child_by_field_name("operand"))
            fld = t.child_by_field_name("field")
            if operand is None or fld is None or operand.type != "identifier":
                continue
            d = resolve(operand, src, self.view)
            tname = None
            if d.kind == "receiver" and d.func is not None:
                rn, tname, ptr = goast.receiver(d.func, src)
                if not ptr:
                    continue
            elif d.kind == "local" and d.ident is not None and not goast.inside(d.ident, body) and d.type is not None:
                continue  # captured struct values: leave to a human
            if tname is None:
                continue
            fname = src.text(fld)
            if fname.startswith(("_",)):
                continue
            ftype, fsrc = self.view.field_type(tname, fname)
            if ftype is None or _is_sync_or_chan(ftype, fsrc):
                continue
            boundary = self.cc.boundary_of(t, src)
            if boundary is None or goast.enclosing_func(t) != boundary:
                continue
            roots = self.cc.roots_of(boundary, src)
            if not roots or PLAIN in roots:
                continue
            if self.cc.join_between(boundary, src, boundary.start_byte, t.start_byte):
                continue
            locks = self.cc.locks_at(t, src, boundary)
            if locks or _lockish_call_before(boundary, src, t):
                continue
            yield Use(t, src, "write", boundary, True, locks), r, f"{tname}.{fname}", tname

    def _locked_access(self, ent: str, tname: str, w: Use) -> Use | None:
        """Another function's access to field `ent` holding a mutex (the lock that guards it)."""
        fname = ent.split(".", 1)[1]
        needle = b"." + fname.encode()
        best = None
        count_locked = 0
        count_unlocked = 0
        for src in self.view.files:
            if not src.mentions(needle):
                continue
            for sel in self._selectors(src, fname):
                if sel == w.node:
                    continue
                operand = unparen(sel.child_by_field_name("operand"))
                if operand is None or operand.type != "identifier":
                    continue
                fn = goast.enclosing_decl(sel)
                if fn is None or fn.type != "method_declaration":
                    continue
                rname, rtype, _ = goast.receiver(fn, src)
                if rtype != tname or src.text(operand) != rname:
                    continue
                fname_fn = goast.func_name(fn, src)
                if fname_fn.startswith(CONSTRUCTOR_PREFIXES) or fname_fn.startswith(TEST_PREFIXES):
                    continue
                boundary = self.cc.boundary_of(sel, src)
                if boundary is None:
                    continue
                if _is_address_taken_selector(sel):
                    return None
                locks = self.cc.locks_at(sel, src, boundary)
                real = [k for k in locks if k != CALLER_HELD and (k.startswith(tname + ".") or k == tname)]
                if real:
                    count_locked += 1
                    if best is None and fn != goast.enclosing_decl(w.node):
                        best = Use(sel, src, _use_kind(sel), boundary, goast.enclosing_func(sel) == boundary, {real[0]: locks[real[0]]})
                elif not locks:
                    count_unlocked += 1
        # the lock must be the field's discipline: most accesses hold it
        if best is None or count_locked < 2 or count_unlocked > count_locked:
            return None
        return best

    def _selectors(self, src: SourceFile, fname: str) -> list[Node]:
        cache = src.__dict__.setdefault("_goleash_sv_selectors", None)
        if cache is None:
            cache = {}
            for n in file_captures(src, "(selector_expression field: (field_identifier) @f)").get("f", []):
                cache.setdefault(n.text, []).append(n.parent)
            src.__dict__["_goleash_sv_selectors"] = cache
        return cache.get(fname.encode(), [])


_LOCKISH = re.compile(r"(?i)(?<!un)lock|acquire|enter")


def _lockish_call_before(boundary: Node, src: SourceFile, node: Node) -> bool:
    """A call like `s.lock()`, `s.acquire()`, `withLock(...)` before `node` in its function:
    a lock wrapper the lock sets do not follow; stay silent."""
    for call in goast.of_type(boundary, "call_expression"):
        if call.start_byte >= node.start_byte:
            break
        _, name = goast.call_parts(call, src)
        if name and name not in ("Lock", "RLock") and _LOCKISH.search(name):
            return True
    return False


def _is_sync_type(d: Decl) -> bool:
    if d.type is not None and d.src is not None:
        text = d.src.text(d.type)
        if text.lstrip("*").startswith(("sync.", "atomic.", "chan ", "<-chan", "chan<-")) or "map[" in text[:4]:
            return True
    if d.value is not None and d.src is not None:
        text = d.src.text(d.value)
        if text.startswith(("make(chan", "make(map", "map[")):
            return True
    return False


def _is_sync_or_chan(typ: Node, src: SourceFile | None) -> bool:
    if src is None:
        return True
    text = src.text(typ).lstrip("*")
    return text.startswith(("sync.", "atomic.", "chan", "<-chan", "map[", "func(")) or typ.type in ("channel_type", "map_type", "function_type")


def _sequential(a: Node, b: Node, boundary: Node, src: SourceFile) -> bool:
    """Does control reach `b` after `a` (not in exclusive branches, `a` not in a block that
    always leaves before `b`)?"""
    a_anc = [a] + list(goast.ancestors(a))
    b_set = {n.id for n in [b] + list(goast.ancestors(b))}
    lca = next((n for n in a_anc if n.id in b_set), None)
    if lca is None or lca.type not in ("statement_list", "block", "for_statement"):
        return False
    for n in a_anc:
        if n == lca:
            break
        if n.type == "block" and goast.block_terminates(n, src):
            return False
    return True


# -- diagnostics ------------------------------------------------------------------------------


def _who(r, u: Use) -> str:
    if r == "spawner":
        fn = goast.enclosing_decl(u.node)
        return f"`{_label(fn, u.src)}`" if fn is not None else "the spawning function"
    if r is PLAIN:
        fn = goast.enclosing_decl(u.node)
        return f"`{_label(fn, u.src)}`" if fn is not None else "another function"
    text = r.describe()
    if r.kind == "go" and r.body is not None and r.body.type != "func_literal" and goast.inside(u.node, r.body):
        return f"`{_label(r.body, u.src)}`, run by {text},"
    if r.body is not None and r.body.type != "func_literal" and not goast.inside(u.node, r.body):
        fn = goast.enclosing_decl(u.node)
        if fn is not None:
            text = f"`{_label(fn, u.src)}`, run by {text}"
    return text


def _label(fn, src) -> str:
    _, rtype, _ = goast.receiver(fn, src)
    name = goast.func_name(fn, src)
    return f"{rtype}.{name}" if rtype else name


def _verb(kind: str) -> str:
    return "writes" if kind == "write" else "reads"


def _where(u: Use, rep: Use) -> str:
    return f"line {u.line}" if u.src is rep.src else f"{u.src.path.rsplit('/', 1)[-1]}:{u.line}"


def _diagnostic(view: PackageView, sv: SharedVars, race: Race) -> Diagnostic:
    rep, partner, r = race.rep, race.partner, race.root
    who = _who(race.rrep, rep)
    name = race.name
    display = rep.src.text(rep.node) if race.how == "guarded" else name
    if race.how == "instances":
        other = ("every other instance of it writes the same variable at the same time, and nothing orders them "
                 "(no lock, no atomic, no channel handoff)")
    elif race.how == "spawner":
        other = (f"{_who('spawner', partner)} {_verb(partner.kind)} it at {_where(partner, rep)}, after the `go` "
                 f"statement with no `wg.Wait()`, channel receive or common lock in between")
    elif race.how == "handler":
        other = ("net/http runs every request on its own goroutine, so two requests write the package-level "
                 "variable at the same time with no lock or atomic between them")
    elif race.how == "siblings":
        other = (f"{_who(race.rpartner, partner)} {_verb(partner.kind)} it at {_where(partner, rep)}, and "
                 f"both goroutines run at once with no lock or channel handoff between the two accesses")
    else:
        lock_text = _lock_expr(race.lock, rep) or race.lock
        other = (f"`{_label(goast.enclosing_decl(partner.node), partner.src)}` {_verb(partner.kind)} it at "
                 f"{_where(partner, rep)} holding `{lock_text}`, the lock that guards `{name}`; it is not held here")
    consequence = ("a data race: updates are lost or torn, readers may never see the new value, "
                   "and `go test -race` reports `WARNING: DATA RACE`")
    if race.how == "handler":
        who = who.split(" (net/http", 1)[0]
        msg = (f"{who[0].upper() + who[1:]} writes package-level `{display}` with no lock or atomic, and "
               f"net/http runs every request on its own goroutine, so two requests at once race on it: "
               f"{consequence.split(': ', 1)[1]}.")
    elif race.how == "guarded":
        msg = f"{who[0].upper() + who[1:]} writes `{display}` with no lock while {other}: {consequence}."
    else:
        msg = f"{who[0].upper() + who[1:]} writes `{display}` while {other}: {consequence}."
    related = []
    if partner is not rep:
        held = f" (holding `{_lock_expr(race.lock, partner) or race.lock}`)" if race.lock else " (no lock held)"
        who_p = _who(race.rpartner, partner)
        shown = display if race.how != 'guarded' else partner.src.text(partner.node)
        verb = 'written' if partner.kind == 'write' else 'read'
        related.append(Related(partner.src.span(partner.node), f"`{shown}` {verb} here by {who_p}{held}"))
    if race.how == "handler":
        related.extend(_other_uses_of_package_var(view, name, rep))
    for q in (r, race.rpartner):
        if isinstance(q, Root) and q.kind == "go":
            span = q.src.span(q.node)
            if all(x.span != span for x in related):
                related.append(Related(span, "goroutine started here" + (", once per loop iteration" if q.loop is not None else "")))
    fixes = []
    fix = _fix(view, sv, race)
    if fix is not None:
        fixes.append(fix)
    fn = goast.enclosing_decl(rep.node) or rep.boundary
    anchor = f"{goast.func_name(fn, rep.src)}|{display}|{race.how}|{rep.src.text(rep.stmt or rep.node)[:120]}"
    return Diagnostic(rep.src.span(rep.node), msg, related, fixes, anchor=anchor)


def _other_uses_of_package_var(view: PackageView, name: str, rep: Use) -> list[Related]:
    """Up to two other functions using the package-level variable (the accesses it races with)."""
    out = []
    needle = name.encode()
    for src in view.files:
        if not src.mentions(needle):
            continue
        for n in goast.of_type(src.root, "identifier"):
            if n.text != needle or n == rep.node:
                continue
            fn = goast.enclosing_decl(n)
            if fn is None or fn == goast.enclosing_decl(rep.node):
                continue
            if resolve(n, src, view).kind != "package":
                continue
            verb = "written" if _use_kind(n) == "write" else "read"
            out.append(Related(src.span(n), f"`{name}` {verb} here by `{_label(fn, src)}`, with no lock"))
            if len(out) >= 2:
                return out
    return out


def _lock_expr(canonical: str | None, u: Use) -> str | None:
    """Spell a canonical lock name (`Server.mu`) with the receiver variable at `u`."""
    if canonical is None:
        return None
    fn = goast.enclosing_decl(u.node)
    rname, rtype, _ = goast.receiver(fn, u.src) if fn is not None else (None, None, False)
    if "." in canonical:
        head, rest = canonical.split(".", 1)
        if head == rtype and rname:
            return f"{rname}.{rest}"
        return None
    if canonical == rtype and rname:
        return rname
    return None


_BLOCKING = re.compile(r"<-|\bgo\b|func\s*\(|\.Wait\(|\.Lock\(|\.RLock\(")


def _fix(view: PackageView, sv: SharedVars, race: Race) -> Fix | None:
    if race.how == "guarded":
        expr = _lock_expr(race.lock, race.rep)
        stmt = race.rep.stmt
        if expr is None or stmt is None or _BLOCKING.search(race.rep.src.text(stmt)):
            return None
        kind = lock_kind_of(view, race.lock, race.rep.src, race.rep.node) or "mutex"
        edits = guard_statement(race.rep.src, stmt, expr, read=False, rw=kind == "rwmutex")
        if edits is None:
            return None
        return Fix(f"Hold `{expr}` here, as the other accesses to `{race.name}` do", tuple(edits))
    if race.how != "instances":
        return None  # a missing wait is a logic error: a lock would only hide it
    return _counter_fix(view, sv, race)


def _counter_fix(view: PackageView, sv: SharedVars, race: Race) -> Fix | None:
    """Goroutines of one loop all update a captured variable: add a mutex next to the
    variable and hold it around every use inside the goroutine."""
    r = race.root
    rep = race.rep
    d = resolve(rep.node, rep.src, view)
    if d.kind != "local" or d.ident is None or d.src is not rep.src:
        return None
    uses = sv._uses_of(d)
    if uses is None:
        return None
    inside = [u for u in uses if goast.inside(u.node, r.body)]
    if any(not u.clean or u.locks for u in inside):
        return None
    # A goroutine that writes and later reads the variable again (check-then-act) needs more
    # than a lock around each statement: leave that to a human.
    def key(u: Use):
        st = u.stmt
        return (st.start_byte, st.end_byte) if st is not None else None

    if {key(u) for u in inside if u.kind != "write"} - {key(u) for u in inside if u.kind == "write"}:
        return None
    # outside the goroutine, every use must come before the `go` or after a join
    for u in uses:
        if goast.inside(u.node, r.body):
            continue
        if u.boundary != r.spawner:
            return None
        if goast.inside(u.node, r.loop) or u.node.start_byte < r.loop.start_byte:
            if goast.inside(u.node, r.loop) and u.node.start_byte > r.node.start_byte:
                return None
            continue
        if not sv.cc.join_between(r.spawner, u.src, r.loop.end_byte, u.node.start_byte):
            return None
    decl_stmt = goast.statement_of(d.ident)
    if decl_stmt is None or decl_stmt.type not in ("var_declaration", "short_var_declaration"):
        return None
    fn = goast.enclosing_decl(decl_stmt) or decl_stmt
    src = rep.src
    name = fresh_name(src, fn, ["mu", f"{d.name}Mu"])
    indent = src.indent_at(decl_stmt.start_byte)
    if src.line_start(decl_stmt.start_byte) + len(indent.encode()) != decl_stmt.start_byte:
        return None
    edits = [insert_after(src, decl_stmt, f"\n{indent}var {name} sync.Mutex")]
    edits.extend(ensure_import(src, "sync"))
    stmts = []
    for u in inside:
        st = u.stmt
        if st is None:
            return None
        if any(goast.inside(st, o) for o in stmts):
            continue
        stmts = [o for o in stmts if not goast.inside(o, st)] + [st]
    for st in stmts:
        if _BLOCKING.search(src.text(st)):
            return None
        es = guard_statement(src, st, name, read=False, rw=False)
        if es is None:
            return None
        edits.extend(es)
    return Fix(f"Add a mutex (`{name}`) and hold it wherever the goroutines use `{race.name}`", tuple(edits))


def _intent_diagnostic(view: PackageView, race: SharedRace) -> Diagnostic:
    """A field the type treats as shared (its lock guards it elsewhere, its contract makes
    its methods concurrent, or the package runs goroutines on it) accessed without that."""
    rep, other = race.rep, race.other
    expr = rep.src.text(rep.node)
    fname = rep.field.split(".", 1)[1]
    here_fn = goast.enclosing_decl(rep.report_node) or rep.decl
    here = _label(here_fn, rep.report_src)
    there = f"`{_label(other.fn or other.decl, other.src)}`"
    if other.via is not None:
        there = f"`{_label(other.decl, other.entry_src)}` (through {there})"
    where = f"line {other.line}" if other.src is rep.report_src else f"{other.src.path.rsplit('/', 1)[-1]}:{other.line}"
    how = "" if rep.via is None else f" (in `{_label(rep.fn, rep.src)}`, line {rep.line}, which it calls here)"
    verbs = {"write": "writes", "read": "reads", "mutate": "changes what", "elem": "reads what"}
    def act(a, e):
        v = verbs[a.kind]
        return f"{v} `{e}` holds" if a.kind in ("mutate", "elem") else f"{v} `{e}`"
    def oact(a):
        return {"write": "writes it", "read": "reads it", "mutate": "changes its contents", "elem": "reads its contents"}[a.kind]
    if race.why == "guarded":
        lock = _spelled(race.lock, other)
        mine = [k for k in rep.locks if k != race.lock]
        if race.lock in rep.locks:
            msg = (f"`{here}` {act(rep, expr)}{how} holding `{lock}`, but {there} {oact(other)} at {where} without "
                   f"`{lock}`, in a channel receive no lock can be held around, and the two may run at the same time: "
                   f"the lock does not order them, a data race. Do not reassign the channel after the value is "
                   f"shared (close it once with sync.Once instead).")
        else:
            held = f"holding only `{_spelled(mine[0], rep)}`" if mine else "with no lock"
            msg = (f"`{here}` {act(rep, expr)}{how} {held}, while {there} {oact(other)} at {where} holding `{lock}`, "
                   f"the lock the type takes around `{fname}`; one of the two runs on another goroutine, so they may "
                   f"overlap: a data race (lost updates, stale or torn values; `go test -race` reports it).")
    elif race.why == "contract":
        msg = (f"`{here}` {act(rep, expr)}{how} with no lock or atomic, while {there} {oact(other)} at {where}: "
               f"`{race.type_name}` implements net.Conn, whose methods may be called from several goroutines at once "
               f"(a Read blocked while a deadline is set), so the two may overlap: a data race (`go test -race` reports it).")
    else:
        who = rep.root.describe() if rep.root is not None else "a goroutine"
        who_o = other.root.describe() if other.root is not None else "another goroutine"
        if other is rep:
            msg = (f"`{here}`, run by {who}, {act(rep, expr)} with no lock or atomic: every instance runs on the "
                   f"same value at once, a data race (lost updates; `go test -race` reports it).")
        else:
            msg = (f"`{here}`, run by {who}, {act(rep, expr)} with no lock or atomic, while {there}, run by "
                   f"{who_o}, {oact(other)} at {where}: both goroutines run on the same value at once, a data race "
                   f"(a stale or torn value; `go test -race` reports it).")
    related = []
    if other is not rep:
        held_o = f" (holding `{_spelled(race.lock, other)}`)" if race.lock and race.lock in other.locks else " (no lock held)"
        related.append(Related(other.src.span(other.node), f"`{other.src.text(other.node)}` used here by {there}{held_o}"))
        if other.via is not None:
            related.append(Related(other.via[1].span(other.via[0]), f"`{_label(other.decl, other.entry_src)}` reaches it through this call"))
    if rep.via is not None:
        related.append(Related(rep.src.span(rep.node), "the access made through the call"))
    for a in (rep, other):
        r = a.root
        if r is not None and r.kind == "go":
            span = r.src.span(r.node)
            if all(x.span != span for x in related):
                related.append(Related(span, "goroutine started here" + (", once per loop iteration" if r.loop is not None else "")))
    anchor = f"{goast.func_name(here_fn, rep.report_src)}|{rep.field}|intent-{race.why}"
    return Diagnostic(rep.report_src.span(rep.report_node), msg, related, [], anchor=anchor)


def _spelled(canonical: str | None, a) -> str:
    """A canonical lock name (`Server.mu`) with the receiver variable of the access's method."""
    if canonical is None:
        return "?"
    rname, rtype, _ = goast.receiver(a.decl, a.entry_src)
    head, _, rest = canonical.partition(".")
    if head == rtype and rname:
        return f"{rname}.{rest}" if rest else rname
    return canonical


def _diagnostics(view: PackageView) -> list[Diagnostic]:
    got = view.__dict__.get("_goleash_sharedvars")
    if got is not None:
        return got
    out: list[Diagnostic] = []
    cc = concurrency(view)
    seen = set()
    if cc.roots:
        sv = SharedVars(view)
        races = sv.captured_races() + sv.handler_races() + sv.guarded_races() + sv.instance_races()
        for race in races:
            key = (race.rep.src.path, race.rep.node.start_byte)
            if key in seen:
                continue
            seen.add(key)
            seen.add((race.rep.src.path, goast.enclosing_decl(race.rep.node).id if goast.enclosing_decl(race.rep.node) else 0, race.name))
            out.append(_diagnostic(view, sv, race))
    if any(f.mentions(b"Lock()") or f.mentions(b"Deadline(") or f.mentions(b"go ") for f in view.files):
        for race in intent(view).races():
            rep = race.rep
            key = (rep.report_src.path, rep.report_node.start_byte)
            if key in seen or (rep.src.path, rep.decl.id, race.rep.field) in seen:
                continue
            seen.add(key)
            out.append(_intent_diagnostic(view, race))
    view.__dict__["_goleash_sharedvars"] = out
    return out


SHARED = register(Rule(
    id=RULE_ID,
    title="Variable written by one goroutine while another uses it, with no synchronisation",
    family="A",
    severity=Severity.WARNING,
    what="""
Finds plain variables and struct fields (counters, flags, `err`, slices and pointers being
reassigned) that one goroutine writes while another reads or writes them with no common lock,
no atomic and no happens-before handoff between the two accesses:

- a variable captured by `go func(){...}()` and written there, when the goroutine is started
  in a loop (each instance writes the same variable: `n++`, `err = e`), or the spawning function
  uses it after `go` before any `wg.Wait()`/channel receive, or a sibling goroutine uses it;
- a package-level variable assigned in an HTTP handler with no lock or atomic (net/http runs
  each request on its own goroutine, so the handler races with itself);
- a struct field written with no lock held in a goroutine or an HTTP handler method while the
  other methods of the type access it holding the type's mutex.

It stays silent when the write happens before a send the reader receives, before `wg.Done()`
with the read after `wg.Wait()`, before `close(done)` with the read after `<-done`, inside
`once.Do(...)`, before `errgroup.Wait()`, when the value is set before `go` and only read
afterwards, when each goroutine has its own variable, or when `sync/atomic` is used (its address
is taken). Map element accesses are left to the map rules.
""",
    why="""
A data race on a plain variable is undefined behaviour in the Go memory model: updates are lost:
counters miss increments, an error set by a worker is never seen (or seen half-written, for interfaces and
slices, whose words are written separately), a flag polled in a loop may never change. The program
does not crash; it computes wrong results under load, and `go test -race` reports
`WARNING: DATA RACE` only when a test happens to make the two accesses overlap.
""",
    example="""
var firstErr error
var wg sync.WaitGroup
for _, job := range jobs {
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := job.Run(); err != nil {
			firstErr = err // every goroutine writes firstErr
		}
	}()
}
wg.Wait()
return firstErr
""",
    instead="""
var firstErr error
var mu sync.Mutex
var wg sync.WaitGroup
for _, job := range jobs {
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := job.Run(); err != nil {
			mu.Lock()
			firstErr = err
			mu.Unlock()
		}
	}()
}
wg.Wait()
return firstErr
""",
    vet_overlap="""
go vet and staticcheck have no check for this. The race detector (`go test -race`) finds it at
run time when a test makes the accesses overlap; goleash reports it from the source, with the
goroutine that writes, the access it races with and the missing synchronisation.
""",
    run=_diagnostics,
))
