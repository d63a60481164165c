"""Map accesses of a package, and the pairs of them that race.

An access is a read (`m[k]`, `v, ok := m[k]`), a write (`m[k] = v`, `m[k]++`, `delete(m, k)`)
or an iteration (`for k := range m`) of a map entity: a local variable, a package-level
variable, or a struct field (`s.m`, keyed by the struct type). Two accesses race when at
least one writes, they may run in different goroutines at the same time, and no lock is
held at both (a lock held for reading at both does not exclude a writer)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from . import goast
from .concurrency import CALLER_HELD, CONSTRUCTOR_PREFIXES, PLAIN, Concurrency, Root, concurrency
from .goast import Node, unparen
from .gotypes import decl_type, map_value_type, own_locks, struct_name, type_of_expr
from .package import PackageView
from .parse import INDEX_OR_BODY, SourceFile, calls_named, name_nodes, name_nodes_before
from .scope import Decl, resolve
from .stategate import handed_over, one_runner

_FUNC_TYPE = re.compile(rb"(?m)^\s*(?:type\s+)?([A-Za-z_]\w*)\s+func\(")

_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _name_before(data: bytes, i: int) -> bytes | None:
    """The name declared just before offset `i` where a map type or value starts:
    `name := make(map[`, `name = map[`, `name map[` (params, fields, vars), `name := &Set{`.
    Read backwards by hand: a regex anchored at the end would be retried at every byte."""
    j = i
    if j and data[j - 1] in b"&*":
        j -= 1
    while j and data[j - 1] in b" \t":
        j -= 1
    for call in (b"make(", b"new("):
        if data.endswith(call, 0, j):
            j -= len(call)
            break
    while j and data[j - 1] in b" \t":
        j -= 1
    if data.endswith(b":=", 0, j):
        j -= 2
    elif data.endswith(b"=", 0, j):
        j -= 1
    while j and data[j - 1] in b" \t":
        j -= 1
    end = j
    while j and data[j - 1] in _WORD:
        j -= 1
    return data[j:end] if j < end else None


TEST_PREFIXES = ("Test", "Benchmark", "Example", "Fuzz")


@dataclass(frozen=True)
class Entity:
    kind: str  # local | package | field | localfield
    key: tuple
    name: str  # how to talk about it: `results`, `s.cache`
    decl: Decl | None = field(default=None, compare=False, hash=False)
    value_type: Node | None = field(default=None, compare=False, hash=False)
    value_src: SourceFile | None = field(default=None, compare=False, hash=False)


@dataclass(eq=False)
class Access:
    node: Node  # index_expression / range_clause / delete call
    expr: Node  # the map expression
    src: SourceFile
    kind: str  # write | read | range
    entity: Entity
    boundary: Node
    roots: list
    base: Node | None  # identifier the expression starts from
    cc: Concurrency = field(repr=False)

    @cached_property
    def locks(self) -> dict:
        # Lock sets are the dearest part of an access; most accesses never meet a
        # concurrent partner, so they are worked out only when a pair needs them.
        return self.cc.locks_at(self.node, self.src, self.boundary)

    @property
    def line(self) -> int:
        return self.src.point(self.node.start_byte)[0]

    @cached_property
    def stmt(self) -> Node | None:
        return goast.statement_of(self.node)

    def verb(self) -> str:
        return {"write": "written", "read": "read", "range": "iterated"}[self.kind]


@dataclass(eq=False)
class Race:
    a: Access
    ra: object
    b: Access
    rb: object


class MapAccesses:
    def __init__(self, view: PackageView):
        self.view = view
        self.cc: Concurrency = concurrency(view)

    @cached_property
    def accesses(self) -> list[Access]:
        out: list[Access] = []
        if not self.cc.roots:
            return out
        # Only a map that something writes can race: keep the names written somewhere.
        names = self._map_names and self._map_names & _written_names(self.view)
        if not names:
            return out
        for src in self.view.files:
            present = src.words_among(names)
            if not present:
                continue
            indexes, ranges = _uses_of_names(src, present)
            for ix in indexes:
                self._add(out, ix, ix.child_by_field_name("operand"), src, _index_kind(ix))
            for rng in ranges:
                self._add(out, rng.parent, rng, src, "range")
            for call in calls_named(src, "delete"):
                if call.child_by_field_name("function").type != "identifier":
                    continue
                args = goast.call_args(call)
                if len(args) == 2:
                    self._add(out, call, args[0], src, "write")
        return out

    @cached_property
    def _map_names(self) -> set[bytes]:
        """Names that may denote a map (variables, parameters, fields, by their declarations).
        Resolving every `x[i]` of a package is the engine's hot path; slices are far more
        common than maps, so filter on names first."""
        names: set[bytes] = set()
        needles = [b"map["] + [t.encode() for t, (node, _) in self.view.types.items() if node.type == "map_type"]
        for src in self.view.files:
            data = src.data
            for needle in needles:
                i = data.find(needle)
                while i != -1:
                    name = _name_before(data, i)
                    if name:
                        names.add(name)
                    i = data.find(needle, i + len(needle))
        return names

    def _add(self, out, node, expr, src, kind) -> None:
        last = unparen(expr)
        if last.type == "selector_expression":
            last = last.child_by_field_name("field")
        if last is None or last.text not in self._map_names:
            return
        ent = self.entity(expr, src)
        if ent is None:
            return
        boundary = self.cc.boundary_of(node, src)
        if boundary is None:
            return
        # (a closure its function returns or sends runs where it is called: not known here)
        roots = [] if goast.handed_back(node, boundary) else self.cc.roots_of(boundary, src)
        if ent.kind in ("local", "localfield") and roots:
            roots = [r for r in roots if self._local_visible_to(r, node, src, ent)] or [PLAIN]
        base = expr
        while base is not None and base.type == "selector_expression":
            base = base.child_by_field_name("operand")
        out.append(Access(node, expr, src, kind, ent, boundary, roots, base if base is not None and base.type == "identifier" else None, self.cc))

    def _lockless(self, ent: Entity) -> bool:
        """A field of a struct with no lock of its own, or a local."""
        if ent.kind in ("local", "localfield"):
            return True
        return ent.kind == "field" and ent.key[0] in self.view.structs and not own_locks(self.view, ent.key[0])

    def _local_visible_to(self, root, node: Node, src: SourceFile, ent: Entity) -> bool:
        """A local is shared with a goroutine only if the goroutine's literal captures it or it
        was passed to the goroutine's function: a function merely reached from a goroutine gets
        fresh locals on every call."""
        if root is PLAIN:
            return True
        ident = ent.decl.ident if ent.decl is not None else None
        if ident is None or root.body is None:
            return False
        return root.holds(node, src) and not root.holds(ident, ent.decl.src)

    # -- entities ----------------------------------------------------------------------------

    def entity(self, expr: Node, src: SourceFile, depth: int = 0) -> Entity | None:
        expr = unparen(expr)
        if expr.type == "identifier":
            d = resolve(expr, src, self.view)
            if d.kind == "param" and depth == 0:
                aliased = self._param_alias(d)
                if aliased is not None:
                    return aliased
            if d.kind in ("local", "param", "package") and d.src is not None:
                is_map, vt, vsrc = map_value_type(decl_type(d), d.src, self.view)
                if is_map:
                    kind = "package" if d.kind == "package" else "local"
                    return Entity(kind, d.key, d.name, d, vt, vsrc)
            return None
        if expr.type == "selector_expression":
            operand = unparen(expr.child_by_field_name("operand"))
            fld = expr.child_by_field_name("field")
            if operand is None or fld is None or operand.type != "identifier":
                return None
            d = resolve(operand, src, self.view)
            tname = None
            if d.kind == "receiver" and d.func is not None:
                tname = goast.receiver(d.func, src)[1]
            elif d.kind in ("param", "local", "package") and d.src is not None:
                tname = struct_name(decl_type(d), d.src, self.view)
            if tname is None:
                return None
            fname = src.text(fld)
            ftype, fsrc = self.view.field_type(tname, fname)
            if ftype is None:
                return None
            is_map, vt, vsrc = map_value_type(ftype, fsrc, self.view)
            if not is_map:
                return None
            name = f"{src.text(operand)}.{fname}"
            if d.kind == "local" and type_of_expr(d.value, d.src) is not None:
                return Entity("localfield", (d.key, fname), name, d, vt, vsrc)
            return Entity("field", (tname, fname), name, d, vt, vsrc)
        return None

    def _param_alias(self, d: Decl) -> Entity | None:
        """`go worker(m)`: inside worker, its parameter is the caller's map."""
        for root in self._roots_by_body.get(d.func.id, ()) if d.func is not None else ():
            if d.name in root.param_args:
                return self.entity(root.param_args[d.name], root.src, depth=1)
        return None

    @cached_property
    def _roots_by_body(self) -> dict[int, list[Root]]:
        out: dict[int, list[Root]] = {}
        for root in self.cc.roots:
            if root.body is not None:
                out.setdefault(root.body.id, []).append(root)
        return out

    # -- races -------------------------------------------------------------------------------

    def racy_entities(self):
        """(map, its accesses in source order) for every map some goroutine or handler touches
        and some access writes: the only ones whose accesses can race."""
        for ent, accs in self._by_entity.items():
            if not any(a.kind == "write" for a in accs):
                continue
            if all(r is PLAIN for a in accs for r in a.roots):
                continue  # no goroutine or handler touches it
            yield ent, accs

    def race(self, a: Access, b: Access) -> Race | None:
        """The race of two accesses of one map, one writing, that hold no lock in common: None
        when the map cannot be shared between them or they cannot run at the same time."""
        if self._owned(a) or self._owned(b) or _fills_new(a) or _fills_new(b):
            return None
        pair = self._concurrent(a, b)
        if pair is None or self._handed_over(a, b) or self._handed_over(b, a):
            return None
        if not (a.locks or b.locks) and one_runner(self.cc, a.node, a.src, a.boundary, b.node, b.src, b.boundary):
            return None
        return Race(a, pair[0], b, pair[1])

    def _handed_over(self, held: Access, free: Access) -> bool:
        return bool(held.locks) and handed_over(self.cc, held.node, held.src, held.boundary, free.node, free.src, free.boundary)

    def _owned(self, acc: Access) -> bool:
        """Reached through a receiver or parameter that holds, at every call, a value its caller
        has just made and kept to itself: no other goroutine can reach the map."""
        if acc.entity.kind != "field" or acc.base is None or acc.boundary.type == "func_literal":
            return False
        return self.cc.owned_value(acc.boundary, acc.src, acc.src.text(acc.base))

    def _concurrent(self, a: Access, b: Access):
        for ra in a.roots:
            for rb in b.roots:
                if self._may_overlap(a, ra, b, rb):
                    return ra, rb
        return None

    def _may_overlap(self, a: Access, ra, b: Access, rb) -> bool:
        if ra is PLAIN and rb is PLAIN:
            return False
        if ra is rb:
            return ra.multi and self._shared_across_instances(a, ra) and self._shared_across_instances(b, ra)
        for r, x in ((ra, b), (rb, a)):
            if r is not PLAIN and r.kind == "go" and r.spawner is not None and x.boundary == r.spawner and x.src is r.src:
                return self._spawner_overlaps(r, x)
        if ra is not PLAIN and rb is not PLAIN:
            if ra.fresh and rb.fresh and set(ra.fresh.values()).isdisjoint(rb.fresh.values()):
                if self._on_fresh(a, ra) and self._on_fresh(b, rb):
                    return False  # two goroutines, each on an object of its own spawner's making
            if ra.kind == "go" and rb.kind == "go" and ra.spawner is not None and ra.spawner == rb.spawner and ra.src is rb.src:
                first, second = sorted((ra, rb), key=lambda r: r.node.start_byte)
                if self.cc.join_between(first.spawner, first.src, first.node.end_byte, second.node.start_byte) and not (
                    first.loop is not None and goast.inside(second.node, first.loop)
                ):
                    return False
            return True
        r, x = (ra, b) if rb is PLAIN else (rb, a)
        return self._plain_overlaps(r, x)

    def _shared_across_instances(self, acc: Access, root: Root) -> bool:
        ent = acc.entity
        if ent.kind in ("local", "localfield"):
            # (declared inside the goroutine itself: already not among the access's roots)
            ident = ent.decl.ident if ent.decl is not None and ent.decl.src is root.src else None
            if ident is not None and root.loop is not None and goast.inside(ident, root.loop):
                return False  # made afresh in every iteration, one per goroutine
            if ident is not None and root.loop is None and root.spawner is not None and goast.inside(ident, root.spawner):
                # a local or parameter of the function that starts the goroutine, started once per
                # call: each call (and goroutine) has its own
                return False
        if acc.base is not None and root.body is not None and root.body.type != "func_literal" and root.distinct_names:
            if self.cc.carries_instance(acc.boundary, acc.src, acc.src.text(acc.base), root):
                return False
        if self._on_fresh(acc, root):
            return False  # each call of the spawner makes the object its goroutine works on
        return True

    def _on_fresh(self, acc: Access, root: Root) -> bool:
        """`acc` reaches the map through the object `root`'s spawner made just before starting
        it (`c := newConn(…); go c.serve()`)."""
        if acc.entity.kind != "field" or acc.base is None or root.body is None or root.spawner is None:
            return False
        if not root.fresh and root.body.type != "func_literal":
            return False
        return self.cc.carries_instance(acc.boundary, acc.src, acc.src.text(acc.base), root, instances=frozenset(root.fresh))

    def _spawner_overlaps(self, root: Root, x: Access) -> bool:
        """The goroutine vs. the code that started it: only what runs after `go`, before a join."""
        spawner = root.spawner
        if root.loop is not None and goast.inside(x.node, root.loop):
            if x.node.start_byte < root.node.start_byte:
                # the next iteration runs it while earlier goroutines are still going
                return not self.cc.join_between(spawner, x.src, root.loop.start_byte, root.loop.end_byte)
        if x.node.start_byte < root.node.end_byte:
            return False
        return not self.cc.join_between(spawner, x.src, root.node.end_byte, x.node.start_byte)

    def _plain_overlaps(self, root: Root, x: Access) -> bool:
        """A goroutine or handler vs. an ordinary function elsewhere in the package."""
        if x.entity.kind in ("local", "localfield"):
            return False
        fn = x.boundary
        if root.kind == "go" and fn != root.spawner and self._never_alongside(root, x):
            return False
        if self.cc.drained_by_callers(root):
            return False  # the caller waits for its generator goroutine to finish
        if self.cc.feeds_returned_channel(root) and self._lockless(x.entity):
            # an iterator of a struct not made for concurrent use: it runs for the caller that
            # drains it, which would have to change the struct while it iterates
            return False
        name = goast.func_name(fn, x.src)
        if name.startswith(CONSTRUCTOR_PREFIXES) or name.startswith(TEST_PREFIXES) or name == "main":
            return False
        if x.kind == "write" and self._registers_callback(x) and not x.locks and not self._started_by_constructor(root):
            # `Handle(event, f)`: a handler registered before the dispatcher runs, by convention
            # and by every router, event bus and test double that reads the map from its loop.
            # (A registration under a lock expects the loop to be running; so does a loop
            # the constructor starts, before anything can be registered.)
            return False
        if not name[:1].isupper() and self._only_tests_call(fn, x.src):
            return False  # a test's accessor: the test decides when it runs, not the package
        if x.src.test_code and fn.type == "method_declaration" and root.src.test_code:
            # a test double's set-up call (`PrepareFailure`, `Install`, `Do`), which a test makes
            # before the requests or the run it shapes
            return False
        if x.entity.kind == "field" and self.cc.only_constructors_call(fn, x.src):
            return False  # the object is still being built: nothing else holds it yet
        if self.cc.documented_setup(fn, x.src):
            return False  # documented to run before the type starts its work
        if self.cc.join_between(fn, x.src, fn.start_byte, x.node.start_byte):
            return False
        if not self._entity_locked_somewhere(x.entity) and not (
            _long_lived(root) and fn.type == "method_declaration" and goast.func_name(fn, x.src)[:1].isupper()
        ):
            # No access to this map takes a lock and the goroutine is not a long-running loop:
            # the code is most likely phase-separated (set up, then run), not concurrent.
            return False
        if root.kind == "handler":
            # handlers against other methods of the same type only: a package map written
            # in main before ListenAndServe is not concurrent with requests
            if x.entity.kind != "field" or fn.type != "method_declaration":
                return False
            rtype = goast.receiver(fn, x.src)[1]
            return rtype == x.entity.key[0]
        return True

    def _registers_callback(self, x: Access) -> bool:
        """`m[k] = f` / `m[k] = append(m[k], f)` in an exported method or function, `f` its own
        parameter of a function type: it registers the caller's handler (or, for a package's
        registry, `RegisterEngine(name, newFn)`, its factory)."""
        fn = x.boundary
        if fn.type not in ("method_declaration", "function_declaration") or not goast.func_name(fn, x.src)[:1].isupper():
            return False
        st = x.stmt
        right = st.child_by_field_name("right") if st is not None and st.type == "assignment_statement" else None
        values = right.named_children if right is not None and right.type == "expression_list" else [right] if right is not None else []
        if len(values) != 1:
            return False
        v = unparen(values[0])
        if v.type == "call_expression" and x.src.text(v.child_by_field_name("function")) == "append":
            args = goast.call_args(v)
            v = unparen(args[-1]) if len(args) >= 2 else None
        if v is not None and v.type == "composite_literal":
            # `handler{pat: pat, h: h}`: a route that carries the handler
            return any(self._func_param(unparen(e), x, fn) for e in goast.of_type(v, "identifier"))
        return v is not None and self._func_param(v, x, fn)

    def _func_param(self, v: Node, x: Access, fn: Node) -> bool:
        """`v` names a parameter of `fn` of a function type."""
        if v.type != "identifier":
            return False
        d = resolve(v, x.src, self.view)
        if d.kind != "param" or d.func != fn or d.type is None:
            return False
        t = x.src.text(d.type).lstrip("*")
        return t.startswith("func") or t.rsplit(".", 1)[-1] in self._func_types

    def _started_by_constructor(self, root: Root) -> bool:
        sp = root.spawner
        if sp is None or sp.type == "func_literal":
            return sp is not None
        return self.cc.is_constructor(sp, root.src) or self.cc.only_constructors_call(sp, root.src)

    @cached_property
    def _func_types(self) -> set[str]:
        """The package's named function types (`type HandlerFunc func(...)`)."""
        out: set[str] = set()
        for src in self.view.files:
            if src.mentions(b" func("):
                out.update(m.decode() for m in _FUNC_TYPE.findall(src.data))
        return out

    def _only_tests_call(self, fn: Node, src: SourceFile) -> bool:
        """Only tests call `fn`, and no other code of the package names it (a method value
        handed on, an interface it satisfies)."""
        callers = list(self.cc.possible_callers(fn, src))
        if not callers or not all(s.is_test for _, s in callers):
            return False
        name = goast.func_name(fn, src)
        named = sum(len(name_nodes(f, name)) for f in self.view.non_test_files if f.mentions(name.encode()))
        return named == 1  # its own declaration

    def _never_alongside(self, root: Root, x: Access) -> bool:
        """The goroutine's spawner never runs concurrently itself, and `x`'s function runs only
        before the goroutine starts, or never inside the window the spawner waits for it."""
        if self.cc.roots_of(root.spawner, root.src) != [PLAIN]:
            return False
        fn = x.boundary
        if self.cc.called_only_before(fn, x.src, root):
            return True
        window = self.cc.joined_window(root)
        return window is not None and fn.id not in window

    @cached_property
    def _by_entity(self) -> dict[Entity, list[Access]]:
        out: dict[Entity, list[Access]] = {}
        for acc in self.accesses:
            out.setdefault(acc.entity, []).append(acc)
        return out

    def _entity_locked_somewhere(self, ent: Entity) -> bool:
        return any(a.locks for a in self._by_entity.get(ent, ()))


# A line that may write an indexed element: `m[k] = v`, `m[k] += 1`, `m[k]++`, `m[k], n = …`;
# and `delete(m, k)` / `delete(s.m, k)`. A superset by text, read far faster than the trees:
# the scan looks for the `]` and its operator, then reads the names indexed on that line (a
# regex over whole lines backtracks over each, four times slower).
_WRITE_AFTER_INDEX = re.compile(rb"\]\s*(?:[-+*/%|&^]?=(?!=)|\+\+|--|,)")
_INDEXED = re.compile(rb"(\w+)\s*\[")
_DELETED = re.compile(rb"delete\(\s*(?:[\w.]+\.)?(\w+)\s*,")


def _fills_new(acc: Access) -> bool:
    return acc.kind == "write" and goast.fills_new_map(acc.node, acc.src.text(acc.expr), acc.src.text, acc.boundary)


def _written_names(view: PackageView) -> set[bytes]:
    names: set[bytes] = set()
    for src in view.files:
        data = src.data
        last = -1
        for m in _WRITE_AFTER_INDEX.finditer(data):
            start = data.rfind(b"\n", 0, m.start()) + 1
            if start == last:
                continue
            last = start
            end = data.find(b"\n", m.end())
            names.update(_INDEXED.findall(data, start, end if end != -1 else len(data)))
        if b"delete(" in data:
            names.update(_DELETED.findall(data))
    return names


def _uses_of_names(src: SourceFile, names: set[bytes]) -> tuple[list[Node], list[Node]]:
    """Index expressions `x[k]` / `s.x[k]` and range clauses `range x` / `range s.x` over the
    given names, in source order: found from the names' occurrences in the text rather than from
    every index expression of the file (slices are indexed far more often than maps)."""
    indexes: dict[int, Node] = {}
    ranges: dict[int, Node] = {}
    for name in names:
        for x in name_nodes_before(src, name.decode("utf-8", "replace"), *INDEX_OR_BODY):
            e = x
            if x.type == "field_identifier":
                e = x.parent
                if e is None or e.type != "selector_expression" or e.child_by_field_name("field") != x:
                    continue
            elif x.type != "identifier":
                continue
            p = e.parent
            while p is not None and p.type == "parenthesized_expression":
                e, p = p, p.parent
            if p is None:
                continue
            if p.type == "index_expression" and p.child_by_field_name("operand") == e:
                indexes[p.id] = p
            elif p.type == "range_clause" and p.child_by_field_name("right") == e:
                ranges[e.id] = e
    by_start = lambda n: n.start_byte  # noqa: E731
    return sorted(indexes.values(), key=by_start), sorted(ranges.values(), key=by_start)


def _long_lived(root) -> bool:
    """A goroutine whose body loops forever or until a channel closes (a worker, a poller)."""
    body = root.body
    if body is None:
        return False
    b = body.child_by_field_name("body")
    for st in goast.statements(b):
        if st.type == "for_statement":
            clause = [c for c in st.named_children if c.type != "block"]
            if not clause or clause[0].type == "range_clause":
                return True
    return False


def _index_kind(ix: Node) -> str:
    parent = ix.parent
    if parent is None:
        return "read"
    if parent.type in ("inc_statement", "dec_statement"):
        return "write"
    if parent.type == "expression_list":
        gp = parent.parent
        if gp is not None and gp.type == "assignment_statement" and gp.child_by_field_name("left") == parent:
            return "write"
        return "read"
    if parent.type == "assignment_statement" and parent.child_by_field_name("left") == ix:
        return "write"
    return "read"


def common_lock(x: dict, y: dict) -> bool:
    if CALLER_HELD in x or CALLER_HELD in y:
        return True
    for k, mode in x.items():
        other = y.get(k)
        if other is not None and not (mode == "r" and other == "r"):
            return True
    return False


_CACHE = "_goleash_mapaccess"


def map_accesses(view: PackageView) -> MapAccesses:
    m = view.__dict__.get(_CACHE)
    if m is None:
        m = MapAccesses(view)
        view.__dict__[_CACHE] = m
    return m
