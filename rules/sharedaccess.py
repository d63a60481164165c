"""Plain variables and struct fields shared between goroutines with no synchronisation: the uses
of a variable and the races between them that shared-variable-race reports.

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

from . import goast
from .concurrency import CALLER_HELD, CONSTRUCTOR_PREFIXES, PLAIN, Concurrency, Root, concurrency
from .flow import RETURNS, own_owners
from .goast import Node, unparen
from .gotypes import classify_lock_type
from .mapaccess import TEST_PREFIXES, common_lock
from .package import PackageView
from .parse import SourceFile, calls_in, calls_named, captures, file_captures, name_nodes
from .scope import Decl, resolve
from .stategate import handed_over

# -- uses of a variable -----------------------------------------------------------------------


@dataclass(eq=False)
class Use:
    node: Node  # the identifier (or selector expression for fields)
    src: SourceFile
    kind: str  # read | write
    boundary: Node | None
    clean: bool  # runs directly in its boundary (no callback literal in between)
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


def use_kind(node: Node) -> str:
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


def _named_result(d: Decl) -> bool:
    """`d` is a named result of its function (`func (r *Runner) Start() (err error)`)."""
    res = d.func.child_by_field_name("result") if d.func is not None else None
    return res is not None and d.ident is not None and goast.inside(d.ident, res)


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
    rrep: object  # Root or PLAIN / "spawner"
    partner: Use
    rpartner: object
    how: str  # instances | spawner | siblings | guarded
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
                if d.kind in ("local", "param") and d.ident is not None and not r.holds(d.ident, d.src):
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
        if d.kind in ("local", "param"):
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
                if goast.is_literal_key(n):
                    continue
                if p is not None and p.type == "expression_list" and p.parent is not None and p.parent.type == "type_switch_statement":
                    continue  # `switch x := v.(type)` declares a new x
                r = resolve(n, src, self.view)
                if r.key != d.key:
                    continue
                kind = use_kind(n)
                if kind == "write" and _declares_new(n, r):
                    continue  # `x := ...` in an inner scope: a new variable of the same name
                if kind == "addr":
                    return None
                boundary = self.cc.boundary_of(n, src)
                clean = boundary is not None and goast.enclosing_func(n) == boundary
                uses.append(Use(n, src, kind, boundary, clean, None, self.cc))
            if d.kind == "param" and _named_result(d):
                # `return nil` sets every named result: a write the goroutine's capture races with
                for ret in own_owners(scope, src, "return", RETURNS):
                    if ret.named_children:
                        uses.append(Use(ret, src, "write", scope, True, None, self.cc))
            uses.sort(key=lambda u: u.node.start_byte)
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
                if u.locks or common_lock(u.locks, x.locks):
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
        for call in calls_in(src, boundary):
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
            return not (
                self.cc.join_between(spawner, x.src, r.loop.start_byte, r.loop.end_byte)
                or self._calls_join_between(spawner, x.src, r.loop.start_byte, r.loop.end_byte)
                or self._leaves_loop_after(r)
            )
        if x.node.start_byte < r.node.end_byte:
            return False
        # (`return g.Wait()` sets the named result once what it returns is worked out)
        at = x.node.end_byte if x.node.type == "return_statement" else x.node.start_byte
        if self.cc.join_between(spawner, x.src, r.node.end_byte, at):
            return False
        if self._calls_join_between(spawner, x.src, r.node.end_byte, at):
            return False
        return _sequential(r.node, x.node, spawner, x.src)

    # ---- package variables written by every instance of a named goroutine function

    def instance_races(self) -> list[Race]:
        """`for i := 0; i < n; i++ { go worker() }` where `worker` updates a package-level
        variable (or a field of one) with no lock: the instances write it at once."""
        out = []
        done = set()
        for r in self.cc.roots:
            if (
                r.kind != "go"
                or not r.multi
                or r.loop is None
                or r.body is None
                or r.body_src is None
                or r.body.type == "func_literal"
                or r.body.id in done
                or r.src.is_test
                or r.body_src.is_test
            ):
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
                if _lockish_call_before(body, src, t) or any(n.start_byte < t.start_byte for n in calls_named(src, "Wait") if goast.inside(n, body)):
                    continue
                if goast.of_type(body, "send_statement"):
                    continue
                if any(
                    a.type in ("if_statement", "for_statement") and _ATOMIC_GUARD.search(src.text(a)[:200])
                    for a in goast.ancestors(t)
                    if goast.inside(a, body)
                ):
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
            writes.extend(self._unlocked_var_writes(r))
        if not writes:
            return []
        out = []
        seen = set()
        for u, r, ent, tname in writes:
            key = (u.src.path, u.node.start_byte)
            if key in seen:
                continue
            seen.add(key)
            partner = self._locked_access(ent, tname, u) if tname is not None else self._locked_var_access(ent, u)
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

    def _unlocked_var_writes(self, r: Root):
        """Package-level variables the goroutine body writes with no lock held."""
        body, src = r.body, r.body_src
        for ident in self._written_idents(body, src):
            name = ident.text.decode()
            v = self.view.vars.get(name)
            if v is None or (v.type is not None and _is_sync_or_chan(v.type, v.src)):
                continue
            d = resolve(ident, src, self.view)
            if d.kind != "package" or _is_sync_type(d) or self._address_taken_in_package(name):
                continue
            if _declares_new(ident, d):
                continue
            boundary = self.cc.boundary_of(ident, src)
            if boundary is None or goast.enclosing_func(ident) != boundary:
                continue
            roots = self.cc.roots_of(boundary, src)
            if not roots or PLAIN in roots:
                continue
            if self.cc.join_between(boundary, src, boundary.start_byte, ident.start_byte):
                continue
            locks = self.cc.locks_at(ident, src, boundary)
            if locks or _lockish_call_before(boundary, src, ident):
                continue
            yield Use(ident, src, "write", boundary, True, locks), r, name, None

    def _package_lock(self, name: str) -> bool:
        v = self.view.vars.get(name)
        return v is not None and v.type is not None and classify_lock_type(v.type, v.src) is not None

    def _locked_var_access(self, name: str, w: Use) -> Use | None:
        """Another function's access to package variable `name` holding a package-level mutex:
        the lock that guards it, when most of the package's accesses hold it."""
        best = None
        count_locked = count_unlocked = 0
        needle = name.encode()
        for src in self.view.files:
            if src.is_test or not src.mentions(needle):
                continue
            for ident in name_nodes(src, name):
                if ident.type != "identifier" or ident == w.node:
                    continue
                fn = goast.enclosing_decl(ident)
                if fn is None:
                    continue
                fname_fn = goast.func_name(fn, src)
                if fname_fn == "init" or fname_fn.startswith(CONSTRUCTOR_PREFIXES) or fname_fn.startswith(TEST_PREFIXES):
                    continue
                if resolve(ident, src, self.view).kind != "package":
                    continue
                kind = use_kind(ident)
                if kind == "addr":
                    return None
                boundary = self.cc.boundary_of(ident, src)
                if boundary is None:
                    continue
                locks = self.cc.locks_at(ident, src, boundary)
                real = [k for k in locks if k != CALLER_HELD and self._package_lock(k)]
                if real:
                    count_locked += 1
                    if best is None and fn != goast.enclosing_decl(w.node) and not self._handed_over(ident, src, boundary, w):
                        best = Use(ident, src, kind, boundary, goast.enclosing_func(ident) == boundary, {real[0]: locks[real[0]]})
                elif not locks:
                    count_unlocked += 1
        if best is None or count_locked < 2 or count_unlocked > count_locked:
            return None
        return best

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
                    if best is None and fn != goast.enclosing_decl(w.node) and not self._handed_over(sel, src, boundary, w):
                        best = Use(sel, src, use_kind(sel), boundary, goast.enclosing_func(sel) == boundary, {real[0]: locks[real[0]]})
                elif not locks:
                    count_unlocked += 1
        # the lock must be the field's discipline: most accesses hold it
        if best is None or count_locked < 2 or count_unlocked > count_locked:
            return None
        return best

    def _handed_over(self, node: Node, src: SourceFile, boundary: Node, w: Use) -> bool:
        return w.boundary is not None and handed_over(self.cc, node, src, boundary, w.node, w.src, w.boundary)

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
    for call in calls_in(src, boundary):
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
