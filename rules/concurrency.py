"""Who runs what, concurrently, holding which locks.

Built once per package view and shared by the rules that need it:
- roots: the places where code starts running concurrently (`go` statements, `g.Go(func…)`,
  HTTP handlers, which net/http runs one goroutine per request);
- boundaries: the function body an access executes in (a goroutine's literal, a handler, a
  top-level function), and which roots may be running it;
- lock sets: the mutexes held at a statement (Lock/Unlock/defer Unlock in program order,
  plus the locks every caller in the package holds when it calls the function);
- joins: operations after which a spawner may assume its goroutines finished
  (`wg.Wait()`, a channel receive, `select`).
Everything is conservative in the direction of silence: when in doubt, not concurrent.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property

from . import goast
from .executors import Executors
from .flow import RETURNS, is_go_started, own_owners
from .goast import Node
from .gotypes import classify_lock_type, decl_type, is_chan_type, struct_name
from .package import FuncInfo, PackageView
from .parse import (
    FUNC_LITERALS,
    GO_STATEMENTS,
    SourceFile,
    calls_in,
    calls_named,
    captures,
    file_captures,
    idents_named,
    name_nodes,
    owners_in,
    token_owners,
)
from .scope import resolve

HANDLER_PARAMS = ("http.ResponseWriter", "*http.Request")
# the actor library whose `Block` and `Act` run closures one at a time
_PHONY = b'"github.com/Arceliar/phony"'
# a name (or `x.name`) standing alone between `(`, `,`, `{` or `:` and `,`, `)` or `}`
_VALUE_NAME = re.compile(rb"[(,{:]\s*(?:[A-Za-z_]\w*\.)?([A-Za-z_]\w*)(?=\s*[,)}])")

PLAIN = "plain"  # the root of code called the ordinary way, from who knows where
# The lock a function's name or doc says its callers hold, without naming it.
CALLER_HELD = "<caller-held>"
# Functions that build a value before anything else can hold it.
CONSTRUCTOR_PREFIXES = ("New", "new", "Make", "make", "init", "Init", "setup", "Setup", "reset", "Reset")
# Plain functions (not methods) that open or create something: `Open`, `openDB`, `Create`.
_OPENER_PREFIXES = ("Open", "open", "Create", "create")
# Past this many functions a goroutine's joined window is not worth bounding.
_MAX_WINDOW = 2000
# A Wait under one of these may be skipped.
_BRANCHES = frozenset(
    {
        "if_statement",
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
        "func_literal",
    }
)


# Files without any of these cannot start a goroutine or declare a handler literal; skipping
# their query traversal keeps the engine near parse speed on ordinary code.
# A regex that starts with a literal is scanned for at memchr speed; one that starts with an
# alternation or `\b` is tried at every byte. So: literals first, the word boundary by hand.
# (spelled backwards: `name(`, less `func name(` and a method's `) name(`, which declare it: a
# function the package never calls, asked about its callers, then costs no file a look)
_CALLED = re.compile(rb"\((\w+)(?!\w| cnuf| \))")
_GO_STMT = re.compile(rb"go[ \t\r\n]+(?:func\b|\(|[\w.]+(?:\[[^\]\n]*\])?\()")


# The `go` keyword, or what may be one: a token ends at a byte that cannot go on a name.
_GO_WORD = re.compile(rb"go(?![A-Za-z0-9_])")
_DECLS = ("function_declaration", "method_declaration")
# Finding a declaration's goroutine literals costs about as much as this many walks up to it.
_WALKS_BEFORE_LOOKUP = 8


def may_start_goroutines(src: SourceFile) -> bool:
    if src.mentions(b".Go(") or src.mentions(b".TryGo(") or src.mentions(b"ResponseWriter"):
        return True
    data = src.data
    for m in _GO_STMT.finditer(data):
        s = m.start()
        if s == 0 or not (data[s - 1 : s].isalnum() or data[s - 1 : s] == b"_"):
            return True
    return False


@dataclass(eq=False)
class Root:
    kind: str  # go | handler
    node: Node  # go_statement / X.Go(...) call / handler function
    src: SourceFile
    body: Node | None  # func_literal or declaration that runs concurrently
    body_src: SourceFile | None
    spawner: Node | None = None  # boundary (function node) that executes the go statement
    loop: Node | None = None  # the loop that makes it multi
    # names (receiver / params of the target) whose values differ per instance
    distinct_names: frozenset = frozenset()
    # names whose values the spawner has just made (`c := newConn(…)`, `&T{…}`), outside any
    # loop -> the id of the identifier declaring that value: one object per spawner call
    fresh: dict = field(default_factory=dict)
    # for `go f(m)`: the target's parameter name -> the argument identifier node at the call
    param_args: dict = field(default_factory=dict)
    # `multi`, until first asked: None. Working it out reads every call of the spawner, and
    # most roots are never asked.
    _multi: bool | None = field(default=None, repr=False)
    _cc: "Concurrency | None" = field(default=None, repr=False)

    @property
    def multi(self) -> bool:
        """Several instances may run at once."""
        if self._multi is None:
            self._multi = False  # while asking: a cycle of spawners adds nothing
            self._multi = self._cc is not None and self._cc._runs_many(self)
        return self._multi

    @property
    def line(self) -> int:
        return self.src.point(self.node.start_byte)[0]

    def holds(self, node: Node, src: SourceFile) -> bool:
        """`node` (of `src`) is in the goroutine's own body. (Byte offsets alone would place code
        of another file inside it.)"""
        return self.body is not None and src is self.body_src and goast.inside(node, self.body)

    def describe(self) -> str:
        if self.kind == "handler":
            name = goast.func_name(self.body, self.src) if self.body is not None else "func literal"
            if name == "func literal":
                return f"the HTTP handler at line {self.line} (net/http runs each request on its own goroutine)"
            return f"the HTTP handler `{name}` (net/http runs each request on its own goroutine)"
        how = " in a loop" if self.loop is not None else ""
        return f"the goroutine started{how} at line {self.line}"


def is_handler(fn: Node, src: SourceFile) -> bool:
    if not src.mentions(b"ResponseWriter"):
        return False
    params = goast.params_of(fn)
    types = []
    for p in params:
        t = p.child_by_field_name("type")
        n = max(1, len(p.children_by_field_name("name")))
        types.extend([src.text(t).replace(" ", "") if t is not None else ""] * n)
    return len(types) == 2 and tuple(types) == HANDLER_PARAMS


def go_literal_of(fn_lit: Node) -> Node | None:
    """If this func literal is what a `go` statement or `x.Go(...)` runs, that node."""
    parent = fn_lit.parent
    if parent is None:
        return None
    if parent.type == "call_expression" and parent.child_by_field_name("function") == fn_lit:
        gp = parent.parent
        if gp is not None and gp.type == "go_statement":
            return gp
        return None
    if parent.type == "argument_list":
        call = parent.parent
        if call is not None and call.type == "call_expression":
            fn = call.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression":
                f = fn.child_by_field_name("field")
                if f is not None and f.text in (b"Go", b"TryGo"):
                    return call
    if parent.type == "expression_list" and parent.parent is not None and parent.parent.type == "short_var_declaration":
        return _started_by_name(fn_lit, parent.parent)
    return None


def _started_by_name(fn_lit: Node, decl: Node) -> Node | None:
    """`check := func(url string) {…}; for … { go check(url) }`: the one `go` statement that
    runs the literal through the local it is given to, when that is all the local is used for."""
    left, right = decl.child_by_field_name("left"), decl.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 1 or len(right.named_children) != 1:
        return None
    name = left.named_children[0].text
    started = None
    # (the local is seen only by the statements after it in its block)
    nxt, size = decl.next_named_sibling, len(name)
    while nxt is not None:
        for n in goast.walk(nxt):
            if n.type != "identifier" or n.end_byte - n.start_byte != size or n.text != name:
                continue
            call = n.parent
            g = call.parent if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == n else None
            if g is None or g.type != "go_statement" or started is not None:
                return None  # used otherwise, or started from two places
            started = g
        nxt = nxt.next_named_sibling
    return started


_JOIN_QUERY = """
(unary_expression operator: "<-") @recv
(select_statement) @select
"""


_LOCK_METHODS = {"Lock": "w", "RLock": "r", "TryLock": None, "Unlock": "-", "RUnlock": "-"}


def unlock_through_value(call: Node, src: SourceFile, view: PackageView) -> Node | None:
    """The lock that calling a local function value releases: `unlock()` after
    `unlock := func() { mu.Unlock() }` (arguments or not: `fail(err)` after `fail := func(err
    error) { ...; mu.Unlock() }`), or after `unlock := unlockOnce(&mu)` where the package's
    helper returns a function that unlocks its argument. The lock expression, or None."""
    f = call.child_by_field_name("function")
    if f is None or f.type != "identifier":
        return None
    if not concurrency(view)._may_release(call, src):
        return None  # (most such calls are `len(x)` or `append(…)`: resolving each is the cost)
    d = resolve(f, src, view)
    v = d.value
    if d.kind != "local" or v is None or d.src is not src:
        return None
    if v.type == "func_literal":
        unlocks = [c for c in calls_in(src, v) if _unlock_operand(c, src) is not None]
        return _unlock_operand(unlocks[0], src) if len(unlocks) == 1 else None
    if v.type == "call_expression":
        fn = v.child_by_field_name("function")
        callee = view.funcs.get(src.text(fn)) if fn is not None and fn.type == "identifier" else None
        addrs = [a for a in goast.call_args(v) if a.type == "unary_expression" and src.text(a).startswith("&")]
        if callee is None or callee.recv_type is not None or len(addrs) != 1 or callee.body is None:
            return None
        if any(_unlock_operand(c, callee.src) is not None or b"Unlock" in c.text for c in goast.of_type(callee.body, "func_literal")):
            return addrs[0].child_by_field_name("operand")
    return None


def _unlock_operand(call: Node, src: SourceFile) -> Node | None:
    f = call.child_by_field_name("function")
    if f is None or f.type != "selector_expression" or goast.call_args(call):
        return None
    m = f.child_by_field_name("field")
    return f.child_by_field_name("operand") if m is not None and src.text(m) in ("Unlock", "RUnlock") else None


# Up to this many functions that unlock, a declaration's text is searched for each name.
_FEW_HELPERS = 16
_WORD = re.compile(rb"\w+")


def _takes_func(fi) -> bool:
    params = fi.node.child_by_field_name("parameters")
    return params is not None and any(
        (t := p.child_by_field_name("type")) is not None and t.type == "function_type"
        for p in params.named_children
        if p.type == "parameter_declaration"
    )


class Concurrency:
    def __init__(self, view: PackageView):
        self.view = view
        self._locks_cache: dict = {}
        self._entry_cache: dict[str, dict[str, str] | None] = {}
        self._entry_open: set[str] = set()  # entry locks being worked out, up the call chain
        self._joins_cache: dict[tuple, list[int]] = {}
        self._sites: dict[str, list] = {}
        self._windows: dict[int, set[int] | None] = {}
        self._memo: dict[tuple, object] = {}  # per-function answers: owned, drained, constructor-only, callers
        self._resolved: dict[tuple, FuncInfo | None] = {}
        self._operand_types: dict[tuple, str | None] = {}
        self._top_levels: dict[int, tuple[list[int], list[Node]]] = {}
        self._releasing: dict[tuple, bool] = {}
        self._lits_in: dict[tuple, list[Node] | int] = {}

    # -- roots --------------------------------------------------------------------------

    @cached_property
    def roots(self) -> list[Root]:
        out: list[Root] = []
        for src in self.view.files:
            if not may_start_goroutines(src):
                continue
            for g in token_owners(src, *GO_STATEMENTS):
                r = self._go_root(g, src)
                if r is not None:
                    out.append(r)
            for lit in token_owners(src, *FUNC_LITERALS):
                launcher = go_literal_of(lit)
                if launcher is not None and launcher.type == "call_expression":
                    out.append(self._finish_root(Root("go", launcher, src, lit, src), launcher, src))
                elif launcher is None and is_handler(lit, src):
                    out.append(Root("handler", lit, src, lit, src, _multi=True))
        if any(src.mentions(b"ResponseWriter") for src in self.view.files):
            for fi in self.view.funcs.values():
                if is_handler(fi.node, fi.src):
                    out.append(Root("handler", fi.node, fi.src, fi.node, fi.src, _multi=True))
        return out

    @cached_property
    def _root_of_body(self) -> dict[int, Root]:
        return {r.body.id: r for r in self.roots if r.body is not None}

    def _runs_many(self, root: Root) -> bool:
        """`root.multi`: started in a loop, by a function called in a loop (`for { c :=
        l.Accept(); s.handle(c) }` with the `go` in handle), or by a spawner that itself runs
        many times at once (a handler, a goroutine started in a loop)."""
        if root.loop is not None and not self.joined_each_pass(root):
            return True
        if root.spawner is None:
            return False
        if root.spawner.type != "func_literal" and self._called_in_loop(root.spawner, root.src):
            return True
        s = self._root_of_body.get(root.spawner.id)
        return s is not None and s.multi

    def joined_each_pass(self, root: Root) -> bool:
        """The loop waits for the goroutine before its next pass: a WaitGroup the goroutine
        leaves (`defer wg.Done()`) is waited for later in the same pass (`wg.Wait()` among the
        loop body's own statements), so the instances of one pass never overlap the next's."""
        if root.node.type != "go_statement" or root.body is None or root.body.type != "func_literal":
            return False
        src = root.src
        body = root.loop.child_by_field_name("body")
        stmts = goast.statements(body)
        st = next((x for x in stmts if goast.inside(root.node, x)), None)
        if st is None:
            return False
        done = {t[: -len(".Done()")] for c in goast.of_type(root.body, "call_expression") if (t := src.text(c).replace(" ", "")).endswith(".Done()")}
        for x in stmts:
            if x.start_byte > st.end_byte and x.type == "expression_statement":
                t = src.text(x).replace(" ", "")
                if t.endswith(".Wait()") and t[: -len(".Wait()")] in done:
                    return True
        return False

    @cached_property
    def root_by_body(self) -> dict[int, Root]:
        return {r.body.id: r for r in self.roots if r.body is not None and r.body.type == "func_literal"}

    @cached_property
    def handler_decls(self) -> dict[int, Root]:
        return {r.body.id: r for r in self.roots if r.kind == "handler" and r.body is not None and r.body.type != "func_literal"}

    def _go_root(self, g: Node, src: SourceFile) -> Root | None:
        call = next((c for c in g.named_children if c.type == "call_expression"), None)
        if call is None:
            return None
        fn = call.child_by_field_name("function")
        if fn is None:
            return None
        if fn.type == "func_literal":
            return self._finish_root(Root("go", g, src, fn, src), g, src)
        if fn.type == "identifier":
            d = resolve(fn, src, self.view)
            lit = goast.unparen(d.value) if d.kind == "local" and d.value is not None and d.src is src else None
            if lit is not None and lit.type == "func_literal" and go_literal_of(lit) == g:
                return self._finish_root(Root("go", g, src, lit, src), g, src)
        target = self.resolve_call(call, src)
        root = Root("go", g, src, target.node if target else None, target.src if target else None)
        if target is not None:
            # Arguments (and the receiver) evaluated fresh in each iteration make
            # per-instance values: a map made inside the loop is not shared.
            params = []
            for p in goast.params_of(target.node):
                params.extend(goast.param_names(p, target.src) or ["_"])
            args = goast.call_args(call)
            for name, arg in zip(params, args):
                if arg.type == "identifier":
                    root.param_args[name] = arg
            if fn.type == "selector_expression" and target.recv_name:
                operand = fn.child_by_field_name("operand")
                if operand is not None and operand.type == "identifier":
                    root.param_args[target.recv_name] = operand
        return self._finish_root(root, g, src)

    def _finish_root(self, root: Root, launch: Node, src: SourceFile) -> Root:
        root.spawner = self.boundary_of(launch, src)
        loop = None
        for a in goast.ancestors(launch):
            if a == root.spawner:
                break
            if a.type == "for_statement":
                loop = a
                break
        root.loop = loop
        root._cc = self
        if loop is not None:
            distinct = set()
            for name, arg in root.param_args.items():
                d = resolve(arg, src, self.view)
                if d.ident is not None and goast.inside(d.ident, loop):
                    distinct.add(name)
            root.distinct_names = frozenset(distinct)
        elif root.spawner is not None:
            for name, arg in root.param_args.items():
                d = resolve(arg, src, self.view)
                if d.kind == "local" and d.ident is not None and goast.inside(d.ident, root.spawner) and self._fresh(d):
                    root.fresh[name] = d.ident.id
        return root

    def _called_in_loop(self, fn: Node, src: SourceFile) -> bool:
        name = goast.func_name(fn, src)
        for call, csrc in self._sites_one_by_one(name):
            for a in goast.ancestors(call):
                if a.type in goast.FUNC_TYPES:
                    break
                if a.type == "for_statement":
                    return True
        return False

    def looped_on_one_value(self, fn: Node, src: SourceFile) -> bool:
        """Some call of method `fn` made in a loop runs it on a value that is not made afresh in
        that loop (`for … { pipe := newPipe(); pipe.Start() }` starts one per value)."""
        for call, csrc in self._sites_one_by_one(goast.func_name(fn, src)):
            # the innermost loop of the call's own function
            loop = next((a for a in goast.ancestors(call) if a.type == "for_statement" or a.type in goast.FUNC_TYPES), None)
            if loop is None or loop.type != "for_statement":
                continue
            f = call.child_by_field_name("function")
            base = f.child_by_field_name("operand") if f is not None and f.type == "selector_expression" else None
            if base is None or base.type != "identifier":
                return True
            d = resolve(base, csrc, self.view)
            if d.ident is None or not goast.inside(d.ident, loop):
                return True
        return False

    # -- call graph -----------------------------------------------------------------------

    def call_sites_of(self, name: str) -> list[tuple[Node, SourceFile]]:
        """Call expressions naming function or method `name`, across the package."""
        got = self._sites.get(name)
        if got is None:
            for _ in self._sites_one_by_one(name):
                pass  # read to the end, which files the list
            got = self._sites[name]
        return got

    def _sites_one_by_one(self, name: str, tests: bool | None = None):
        """`call_sites_of(name)`, file by file, for loops that may stop at the first; only
        in test files, or only in the others, when `tests` says."""
        got = self._sites.get(name)
        if got is not None:
            yield from (s for s in got if tests is None or s[1].is_test == tests)
            return
        got = []
        for src in self._files_calling.get(name.encode()[::-1], ()):
            if tests is None or src.is_test == tests:
                for c in calls_named(src, name):
                    got.append((c, src))
                    yield c, src
        if tests is None:
            self._sites[name] = got  # (looked at to the end: `call_sites_of` need not look again)

    @cached_property
    def _files_calling(self) -> dict[bytes, list[SourceFile]]:
        """The files that call each name (`name(`, gofmt'd, not declaring it), the name spelled
        backwards: one scan per file, and a name asked about (thousands are, in a large
        package) visits only the files that call it."""
        index: dict[bytes, list[SourceFile]] = {}
        for src in self.view.files:
            # reversed, the pattern starts with a literal `(`: scanned at memchr speed
            for name in set(_CALLED.findall(src.data[::-1])):
                index.setdefault(name, []).append(src)
        return index

    def resolve_call(self, call: Node, src: SourceFile) -> FuncInfo | None:
        key = (src.path, call.start_byte, call.end_byte)
        if key in self._resolved:
            return self._resolved[key]
        got = self._resolved[key] = self._resolve_call(call, src)
        return got

    def _resolve_call(self, call: Node, src: SourceFile) -> FuncInfo | None:
        fn = call.child_by_field_name("function")
        return None if fn is None else self.func_value(fn, src)

    def func_value(self, fn: Node, src: SourceFile) -> FuncInfo | None:
        """The package function a function value names: `worker`, or the method value `t.run`."""
        if fn.type == "identifier":
            fi = self.view.funcs.get(src.text(fn))
            return fi if fi is not None and fi.recv_type is None else None
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            meth = fn.child_by_field_name("field")
            if operand is None or meth is None:
                return None
            name = src.text(meth)
            if name not in self.view.methods_by_name:
                return None  # no type of the package has the method: `fmt.Println`, `mu.Lock`
            tname = self.type_of_operand(operand, src)
            if tname is not None:
                return self.view.funcs.get(f"{tname}.{name}")
            return None
        return None

    def type_of_operand(self, operand: Node, src: SourceFile, depth: int = 3) -> str | None:
        """Struct type name of `x` in `x.f` / `x.m()`, when it can be read from declarations;
        through fields too: `n.cache` in `n.cache.m()` is the struct type of that field."""
        key = (src.path, operand.start_byte, operand.end_byte, depth)
        if key in self._operand_types:
            return self._operand_types[key]
        self._operand_types[key] = None  # recursion guard
        got = self._operand_types[key] = self._type_of_operand(operand, src, depth)
        return got

    def _type_of_operand(self, operand: Node, src: SourceFile, depth: int) -> str | None:
        operand = goast.unparen(operand)
        if operand.type == "selector_expression" and depth > 0:
            owner = self.type_of_operand(operand.child_by_field_name("operand"), src, depth - 1)
            fld = operand.child_by_field_name("field")
            if owner is None or fld is None:
                return None
            ftype, fsrc = self.view.field_type(owner, src.text(fld))
            return struct_name(ftype, fsrc, self.view) if ftype is not None else None
        if operand.type != "identifier":
            return None
        d = resolve(operand, src, self.view)
        if d.kind == "receiver" and d.func is not None:
            return goast.receiver(d.func, src)[1]
        if d.kind in ("param", "local", "package") and d.src is not None:
            return struct_name(decl_type(d), d.src, self.view) or (self._result_type(d) if d.kind == "local" and depth > 0 else None)
        return None

    def asserted_type(self, operand: Node, src: SourceFile) -> str | None:
        """`x, ok := v.(*T)`: T, whichever way the assertion went (x is a *T, nil or not). Not
        part of `type_of_operand`: typing such locals everywhere merges the objects a loop
        asserts one by one (`for _, s := range sinks { ts := s.(*testSink) … }`)."""
        operand = goast.unparen(operand)
        d = resolve(operand, src, self.view) if operand.type == "identifier" else None
        if d is None or d.kind != "local" or d.src is None:
            return None
        names = d.ident.parent if d.ident is not None else None
        stmt = names.parent if names is not None and names.type == "expression_list" else None
        if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement") or names.named_children[0] != d.ident:
            return None
        right = stmt.child_by_field_name("right")
        values = right.named_children if right is not None and right.type == "expression_list" else [right]
        if len(values) != 1 or values[0] is None or values[0].type != "type_assertion_expression":
            return None
        t = values[0].child_by_field_name("type")
        return struct_name(t, d.src, self.view) if t is not None else None

    @staticmethod
    def _multi_value_call(d) -> Node | None:
        """`s, err := open(p)`: the one call whose results declare `s`."""
        names = d.ident.parent if d.ident is not None else None
        stmt = names.parent if names is not None and names.type == "expression_list" else names
        if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement"):
            return None
        right = stmt.child_by_field_name("right")
        values = right.named_children if right is not None and right.type == "expression_list" else [right]
        if len(values) != 1 or values[0] is None or values[0].type != "call_expression":
            return None
        return values[0]

    def _result_type(self, d) -> str | None:
        """`h, b := r.bucket(k)`: the struct type of the called function's result at b's place."""
        call = self._multi_value_call(d)
        if call is None:
            return None
        names = d.ident.parent
        target = self.resolve_call(call, d.src)
        if target is None:
            return None
        result = target.node.child_by_field_name("result")
        if result is None:
            return None
        types = []
        for p in result.named_children if result.type == "parameter_list" else [result]:
            t = p.child_by_field_name("type") if p.type == "parameter_declaration" else p
            types.extend([t] * max(1, len(p.children_by_field_name("name"))) if p.type == "parameter_declaration" else [t])
        lefts = names.named_children if names.type == "expression_list" else [names]
        index = next((i for i, n in enumerate(lefts) if n == d.ident), None)
        if index is None or index >= len(types):
            return None
        return struct_name(types[index], target.src, self.view)

    @cached_property
    def reach(self) -> dict[int, list[Root]]:
        """Top-level function node id -> roots that run it (the target and its callees, 2 levels)."""
        out: dict[int, list[Root]] = {}
        for root in self.roots:
            if root.body is None:
                continue
            frontier = [(root.body, root.body_src), *self._handed_to(root.body)]
            if root.body.type != "func_literal":
                out.setdefault(root.body.id, []).append(root)
            for _depth in range(2):
                nxt = []
                for body, bsrc in frontier:
                    for fi in self._runs_directly(body, bsrc):
                        if fi.node == root.body:
                            continue
                        lst = out.setdefault(fi.node.id, [])
                        if root not in lst:
                            lst.append(root)
                            nxt.append((fi.node, fi.src))
                frontier = nxt
        return out

    def _handed_to(self, body: Node) -> list[tuple[Node, SourceFile]]:
        """The closures handed over to `body` when it is an executor: what it calls, it runs."""
        out = []
        for key, recvs in self.executors.receivers.items():
            if any(self.boundary_of(recv, src) == body for recv, src in recvs):
                out.extend(self.executors.literals(key))
        return out

    def _runs_directly(self, body: Node, src: SourceFile) -> list[FuncInfo]:
        """The package functions `body` calls itself, one per call (many roots reach one body)."""
        key = ("direct", body.id, id(src))
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = []
            for call in calls_in(src, body):
                if self.boundary_of(call, src) != body or is_go_started(call):
                    continue  # inside or starting a nested goroutine: that one is its own root
                fi = self.resolve_call(call, src)
                if fi is not None:
                    got.append(fi)
        return got

    # -- boundaries and contexts ------------------------------------------------------------

    def boundary_of(self, node: Node, src: SourceFile) -> Node | None:
        """The function body `node` runs in: the innermost goroutine or handler literal, or
        the top-level declaration. Other literals (callbacks) run where they are called."""
        top = self._top_level(node, src)
        lits = None
        if top is not None and top.type in _DECLS and (top.start_byte, top.end_byte) != (node.start_byte, node.end_byte):
            lits = self._boundary_literals(top, src)
        if lits is not None:
            # Looked up rather than walked up to: a call is often a dozen levels deep.
            for lit in reversed(lits):
                if lit.start_byte <= node.start_byte and node.end_byte <= lit.end_byte:
                    if (lit.start_byte, lit.end_byte) == (node.start_byte, node.end_byte):
                        break  # the literal itself, or a node around it of the same span: walk
                    return lit
            else:
                return top
        for a in goast.ancestors(node):
            if a.type == "func_literal":
                if go_literal_of(a) is not None or is_handler(a, src) or self.executors.handed_key(a, src) is not None:
                    return a
            elif a.type in ("function_declaration", "method_declaration"):
                return a
        return None

    def _top_level(self, node: Node, src: SourceFile) -> Node | None:
        """The top-level declaration whose span holds `node`'s."""
        tops = self._top_levels.get(id(src))
        if tops is None:
            decls = src.root.named_children
            tops = self._top_levels[id(src)] = ([d.start_byte for d in decls], decls)
        i = bisect.bisect_right(tops[0], node.start_byte) - 1
        top = tops[1][i] if i >= 0 else None
        return top if top is not None and node.end_byte <= top.end_byte else None

    def _boundary_literals(self, decl: Node, src: SourceFile) -> list[Node] | None:
        """The goroutine, handler and handed-over literals in a declaration, in source order:
        none without a `go` keyword, a `Go` method, a ResponseWriter or the name of a function
        that hands a closure over in its text. None while walking up from the node asked about
        is cheaper than finding them (the first few times)."""
        key = (id(src), decl.id)
        got = self._lits_in.get(key)
        if got is None:
            data, i, j = src.data, decl.start_byte, decl.end_byte
            marked = (
                data.find(b"Go", i, j) >= 0
                or data.find(b"ResponseWriter", i, j) >= 0
                or _GO_WORD.search(data, i, j)
                or any(data.find(name, i, j) >= 0 for name in self.executors.names)
            )
            got = self._lits_in[key] = 0 if marked else []
        if type(got) is int:
            if got < _WALKS_BEFORE_LOOKUP:
                self._lits_in[key] = got + 1
                return None
            got = self._lits_in[key] = [
                lit
                for lit in owners_in(src, decl, *FUNC_LITERALS)
                if go_literal_of(lit) is not None or is_handler(lit, src) or self.executors.handed_key(lit, src) is not None
            ]
        return got

    @cached_property
    def executors(self) -> Executors:
        return Executors(self.view, self.resolve_call)

    def _executor_roots(self, key: str) -> list:
        """Roots under which the executors of channel `key` run the closures handed to them."""
        out: list = []
        for recv, src in self.executors.receivers.get(key, ()):
            b = self.boundary_of(recv, src)
            for r in self.roots_of(b, src) if b is not None else ():
                if r not in out:
                    out.append(r)
        return out

    def root_of_boundary(self, boundary: Node) -> Root | None:
        r = self.root_by_body.get(boundary.id)
        if r is not None:
            return r
        return self.handler_decls.get(boundary.id)

    def roots_of(self, boundary: Node, src: SourceFile) -> list:
        """Roots under which code in `boundary` may run; PLAIN when called the ordinary way."""
        r = self.root_of_boundary(boundary)
        if r is not None:
            return [r]
        if boundary.type == "func_literal":
            key = self.executors.handed_key(boundary, src)
            if key is not None:
                return self._executor_roots(key) or [PLAIN]
        reached = self.reach.get(boundary.id, [])
        if not src.is_test:
            # A test's goroutines are no evidence about the package's own code: tests give each
            # goroutine its own instance, or exercise one that is documented as not safe for
            # concurrent use. What the package itself starts (or serves) is.
            reached = [r for r in reached if not r.src.is_test]
        if reached and self._only_called_concurrently(boundary, src):
            return list(reached)
        return [PLAIN, *reached]

    def _only_called_concurrently(self, fn: Node, src: SourceFile, depth: int = 2) -> bool:
        """Every call of `fn` runs in a goroutine or handler: a literal one, a closure handed to
        an executor, or (`depth` levels up) a function only those call."""
        name = goast.func_name(fn, src)
        if name[:1].isupper() and (fn.type != "method_declaration" or (goast.receiver(fn, src)[1] or "T")[:1].isupper()):
            return False  # (an exported method of an unexported type: only the package names it)
        key = ("only-concurrent", fn.id, depth)
        got = self._memo.get(key)
        if got is not None:
            return got  # type: ignore[return-value]
        self._memo[key] = False  # (a cycle of callers adds nothing)
        got = True
        for call, csrc in self.call_sites_of(name):
            if is_go_started(call):
                continue
            b = self.boundary_of(call, csrc)
            if b is None:
                got = False
            elif self.root_of_boundary(b) is not None:
                continue
            elif b.type == "func_literal":
                got = self.executors.handed_key(b, csrc) is not None
            else:
                got = depth > 0 and b != fn and bool(self.reach.get(b.id)) and self._only_called_concurrently(b, csrc, depth - 1)
            if not got:
                break
        self._memo[key] = got
        return got

    # -- locks --------------------------------------------------------------------------

    def lock_name(self, expr: Node, src: SourceFile, fn: Node | None) -> str:
        """Canonical name of a mutex expression: receiver-relative fields become `Type.field`
        so that two methods naming their receivers differently agree, and a `*sync.Mutex`
        field set to another struct's mutex (`keeper{mu: &t.tokensMu}`) is that mutex."""
        name = self._raw_lock_name(expr, src, fn)
        return self._lock_aliases.get(name, name) if self._lock_aliases else name

    @cached_property
    def _lock_aliases(self) -> dict[str, str]:
        return {**self._pointer_lock_aliases(), **self._cond_locks()}

    def _cond_locks(self) -> dict[str, str]:
        """`T.cond.L` -> the lock the Cond was made with: `sync.NewCond(&t.mu)` set to field
        `cond` of a T (in a literal or an assignment), or a local lock made into both a field and
        a Cond in one literal (`l := new(sync.RWMutex); T{lock: l, cond: sync.NewCond(l)}`)."""
        out: dict[str, str] = {}
        for src in self.view.files:
            if not src.mentions(b"NewCond("):
                continue
            for call in calls_named(src, "NewCond"):
                args = goast.call_args(call)
                if len(args) != 1:
                    continue
                got = self._cond_field(call, src)
                if got is None:
                    continue
                tname, field, holder = got
                arg = goast.unparen(args[0])
                if arg.type == "unary_expression" and src.text(arg.child_by_field_name("operator")) == "&":
                    arg = goast.unparen(arg.child_by_field_name("operand"))
                fn = goast.enclosing_func(call, src)
                if arg.type == "identifier" and holder is not None:
                    lock_field = _keyed_field_holding(holder, src.text(arg), src)
                    target = f"{tname}.{lock_field}" if lock_field else None
                elif arg.type == "selector_expression":
                    target = self._raw_lock_name(arg, src, fn)
                else:
                    target = None
                if target:
                    out[f"{tname}.{field}.L"] = target
        return out

    def _cond_field(self, call: Node, src: SourceFile) -> tuple[str, str, Node | None] | None:
        """(struct type, field, the literal it is set in) that `sync.NewCond(…)` is stored in."""
        up = call.parent
        if up is not None and up.type == "literal_element":
            up = up.parent
        if up is not None and up.type == "keyed_element":
            return self._literal_field(up, src)
        if up is not None and up.type == "expression_list":
            st = up.parent
            if st is not None and st.type == "short_var_declaration":
                left = st.child_by_field_name("left")
                names = left.named_children if left is not None else []
                fn = goast.enclosing_func(call, src)
                if len(names) == 1 and fn is not None:
                    name = src.text(names[0])
                    for kv in goast.of_type(fn, "keyed_element"):
                        if kv.start_byte > st.end_byte:
                            parts = _key_and_value(kv)
                            if len(parts) == 2 and parts[1].type == "identifier" and src.text(parts[1]) == name:
                                return self._literal_field(kv, src)
            elif st is not None and st.type == "assignment_statement":
                left = st.child_by_field_name("left")
                target = left.named_children[0] if left is not None and len(left.named_children) == 1 else None
                if target is not None and target.type == "selector_expression":
                    operand = goast.unparen(target.child_by_field_name("operand"))
                    tname = self.type_of_operand(operand, src)
                    if tname:
                        return tname, src.text(target.child_by_field_name("field")), None
        return None

    def _literal_field(self, kv: Node, src: SourceFile) -> tuple[str, str, Node | None] | None:
        parts = _key_and_value(kv)
        lit = kv.parent.parent if kv.parent is not None else None
        if len(parts) != 2 or parts[0].type not in ("identifier", "field_identifier") or lit is None or lit.type != "composite_literal":
            return None
        tname = struct_name(lit.child_by_field_name("type"), src, self.view)
        return (tname, src.text(parts[0]), lit) if tname else None

    def _pointer_lock_aliases(self) -> dict[str, str]:
        """`T.mu` -> the mutex a `*sync.Mutex` field is set to in a literal (`{mu: &t.tokensMu}`)."""
        out: dict[str, str] = {}
        if not any(
            t is not None and t.type == "pointer_type" and classify_lock_type(t, si.src)
            for si in self.view.structs.values()
            for t in si.fields.values()
        ):
            return out  # no struct has a `*sync.Mutex` field to alias
        for src in self.view.files:
            if b"&" not in src.data or b"Mutex" not in src.data:
                continue
            data = src.data
            for kv in file_captures(src, "(keyed_element) @kv").get("kv", []):
                if data.find(b"&", kv.start_byte, kv.end_byte) == -1:
                    continue  # (most keyed elements: nothing to look at)
                parts = _key_and_value(kv)
                if len(parts) != 2:
                    continue
                key, value = parts
                value = goast.unparen(value)
                if (
                    key.type not in ("identifier", "field_identifier")
                    or value.type != "unary_expression"
                    or src.text(value.child_by_field_name("operator")) != "&"
                ):
                    continue
                lit = kv.parent.parent if kv.parent is not None else None
                if lit is None or lit.type != "composite_literal":
                    continue
                tname = struct_name(lit.child_by_field_name("type"), src, self.view)
                ftype, fsrc = self.view.field_type(tname, src.text(key)) if tname else (None, None)
                if ftype is None or ftype.type != "pointer_type" or classify_lock_type(ftype, fsrc) is None:
                    continue
                target = goast.unparen(value.child_by_field_name("operand"))
                if target.type == "composite_literal":
                    continue  # `mu: &sync.Mutex{}`: a mutex of its own, no other's alias
                out[f"{tname}.{src.text(key)}"] = self._raw_lock_name(target, src, goast.enclosing_func(kv))
        return out

    def _raw_lock_name(self, expr: Node, src: SourceFile, fn: Node | None) -> str:
        text = src.text(expr).replace(" ", "")
        head = text.split(".", 1)[0].lstrip("&*(")
        owner = goast.unparen(expr.child_by_field_name("operand")) if expr.type == "selector_expression" else None
        if owner is not None and owner.type == "selector_expression":
            # `n.cache.mu` is the lock `Cache.mu` whichever type reaches it, unless the path
            # stays within one type (`n.parent.mu`: another node's lock, not this one's).
            otype = self.type_of_operand(owner, src)
            base = owner
            while base.type == "selector_expression":
                base = goast.unparen(base.child_by_field_name("operand"))
            btype = self.type_of_operand(base, src) if base.type == "identifier" else None
            if otype is not None and btype is not None and otype != btype:
                return f"{otype}.{src.text(expr.child_by_field_name('field'))}"
        decl_fn = goast.enclosing_decl(expr, src) if fn is None or fn.type == "func_literal" else fn
        if decl_fn is not None and decl_fn.type == "method_declaration":
            rname, rtype, _ = goast.receiver(decl_fn, src)
            if rname and head == rname and rtype:
                return rtype + text[len(head) :] if text.startswith(rname) else text
        base = expr
        while base.type == "selector_expression":
            base = base.child_by_field_name("operand")
        # `store.Lock()` on a struct that embeds its mutex names the struct itself: a local
        # `store` and a receiver `store` of the same type are the same lock's two names.
        if base is not None and base.type == "identifier" and text == src.text(base) or base != expr:
            tname = self.type_of_operand(base, src) if base is not None and base.type == "identifier" else None
            if tname:
                return tname + text[len(src.text(base)) :]
        return text

    def locks_at(self, node: Node, src: SourceFile, boundary: Node) -> dict[str, str]:
        """Locks held when `node` runs: name -> 'w' (Lock) or 'r' (RLock)."""
        held = self.local_locks(node, src, boundary)
        if boundary.type != "func_literal":
            entry = self.entry_locks(boundary, src)
            if entry:
                for k, v in entry.items():
                    held.setdefault(k, v)
        else:
            for k, v in self.inherited_locks(boundary).items():
                held.setdefault(k, v)
        return held

    def local_locks(self, node: Node, src: SourceFile, boundary: Node) -> dict[str, str]:
        """Locks taken and not yet released before `node` within `boundary` itself."""
        return self._held_before(node, src, boundary) if self.may_lock(node, src) else {}

    def _held_before(self, node: Node, src: SourceFile, boundary: Node) -> dict[str, str]:
        """The locks held where `node` starts, as the statement list around it leaves them."""
        prev = node
        for a in goast.ancestors(node):
            if a == boundary:
                break
            if a.type == "statement_list":
                starts, states = self._list_states(a, src, boundary)
                return dict(states[bisect.bisect_left(starts, prev.start_byte)])
            if a.type == "func_literal":
                actor = self._actor_of(a, src)
                if actor is not None:
                    # the actor runs its closures one at a time: as if under one lock of its own
                    return {actor: "w"}
                args = a.parent
                if args is not None and args.type == "argument_list" and args.parent is not None and args.parent.type == "call_expression":
                    # handed straight to a function that calls it holding a lock
                    # (`c.updateInFlight(func(s *state) { … })` locks `c.stateMu`, calls `f(s)`)
                    wrapper = self._wrapper_holds(args.parent, args.named_children.index(a), src)
                    if wrapper:
                        return {**self._held_before(args.parent, src, boundary), **wrapper}
                uses = self._callback_uses(a, src)
                if uses:
                    # a callback runs where it is called or handed on, not where it is written
                    held = self._held_before(uses[0], src, boundary)
                    for u in uses[1:]:
                        there = self._held_before(u, src, boundary)
                        held = {k: v for k, v in held.items() if k in there}
                    return held
            prev = a
        return {}

    def _in_actor_file(self, src: SourceFile) -> bool:
        return src.mentions(_PHONY)

    def _actor_of(self, lit: Node, src: SourceFile) -> str | None:
        """For a closure an actor runs (phony: `phony.Block(a, func() {…})`, `a.Act(from,
        func() {…})`), the actor's name as a lock of its type (`linkTCP.<actor>`)."""
        if not self._in_actor_file(src):
            return None
        args = lit.parent
        call = args.parent if args is not None and args.type == "argument_list" else None
        f = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        if f is None or f.type != "selector_expression":
            return None
        items = [c for c in args.named_children if c.type != "comment"]
        method = src.text(f.child_by_field_name("field"))
        phony = src.import_name(_PHONY.decode().strip('"'))
        if method == "Block" and phony is not None and src.text(f.child_by_field_name("operand")) == phony and len(items) == 2 and items[1] == lit:
            actor = items[0]
        elif method == "Act" and len(items) == 2 and items[1] == lit:
            actor = f.child_by_field_name("operand")
        else:
            return None
        actor = goast.unparen(actor)
        if actor.type == "unary_expression":
            actor = goast.unparen(actor.child_by_field_name("operand"))
        tname = self.type_of_operand(actor, src) if actor.type in ("identifier", "selector_expression") else None
        return f"{tname or src.text(actor)}.<actor>"

    def _callback_uses(self, lit: Node, src: SourceFile) -> list[Node] | None:
        """For `fn := func(…) {…}`, the uses of `fn` after it, when each calls it or passes it to
        a call (`t.root.Walk("", fn)`); None when it is used any other way, or bound otherwise."""
        key = ("callback-uses", lit.id)
        if key in self._locks_cache:
            return self._locks_cache[key]  # type: ignore[return-value]
        self._locks_cache[key] = None  # type: ignore[assignment]
        up = lit.parent
        st = up.parent if up is not None and up.type == "expression_list" else None
        left = st.child_by_field_name("left") if st is not None and st.type == "short_var_declaration" else None
        names = left.named_children if left is not None else []
        fn = goast.enclosing_func(st, src) if len(names) == 1 and len(up.named_children) == 1 else None
        if fn is None:
            return None
        ident = names[0]
        uses = []
        for n in idents_named(fn, src, [src.text(ident)]):
            if n.start_byte < lit.end_byte or resolve(n, src, self.view).ident != ident:
                continue
            p = n.parent
            call = p if p is not None and p.type == "call_expression" and p.child_by_field_name("function") == n else None
            if call is None and p is not None and p.type == "argument_list":
                call = p.parent
            # (`go fn()` and `defer fn()` run it elsewhere, or later: not under these locks)
            if call is None or call.parent is None or call.parent.type in ("go_statement", "defer_statement"):
                return None
            uses.append(n)
        self._locks_cache[key] = uses or None  # type: ignore[assignment]
        return uses or None

    def _list_states(self, stmt_list: Node, src: SourceFile, boundary: Node) -> tuple[list[int], list[dict[str, str]]]:
        """The statements' start bytes, and the locks held before each statement of a list
        (and after the last): every access of a long function asks, and replaying the
        statements before it for each would cost the square of the function's length."""
        key = ("states", stmt_list.id, boundary.id, id(src))
        got = self._locks_cache.get(key)
        if got is not None:
            return got
        held = self._held_before(stmt_list, src, boundary)
        stmts = stmt_list.named_children
        states = [dict(held)]
        for st in stmts:
            self.apply_lock_stmt(st, src, boundary, held)
            states.append(dict(held))
        got = self._locks_cache[key] = ([st.start_byte for st in stmts], states)
        return got

    def inherited_locks(self, literal: Node) -> dict[str, str]:
        """Locks a goroutine literal runs under because the function that starts it holds them
        at the `go` statement and waits for it (a receive, a Wait) before releasing them."""
        key = ("inherited", literal.id)
        if key in self._locks_cache:
            return self._locks_cache[key]
        self._locks_cache[key] = {}
        root = self.root_of_boundary(literal)
        got: dict[str, str] = {}
        if root is not None and root.kind == "go" and root.spawner is not None and root.loop is None:
            held = self.locks_at(root.node, root.src, root.spawner)
            # `mu.Lock(); go func() { defer mu.Unlock(); … }()`: the goroutine is handed the lock
            # and releases it itself
            for call in calls_in(root.src, literal) if held else ():
                op = self._lock_op(call, root.src, literal)
                if op is not None and op[1] == "-" and op[0] in held:
                    got[op[0]] = held[op[0]]
            joins = [j for j in self.joins_in(root.spawner, root.src) if j >= root.node.end_byte] if held else []
            if joins:
                released = set()
                for call in calls_in(root.src, root.spawner, skip_func_literals=True):
                    if root.node.end_byte <= call.start_byte < joins[0]:
                        op = self._lock_op(call, root.src, root.spawner)
                        if op is not None and op[1] == "-":
                            released.add(op[0])
                got.update((k, v) for k, v in held.items() if k not in released)
        self._locks_cache[key] = got
        return got

    def apply_lock_stmt(self, st: Node, src: SourceFile, boundary: Node, held: dict[str, str]) -> None:
        while st.type == "labeled_statement" and st.named_children:  # `cleanup: mu.Lock()`
            st = st.named_children[-1]
        if st.type == "expression_statement" and st.named_children:
            call = st.named_children[0]
            if call.type == "call_expression":
                op = self._lock_op(call, src, boundary)
                if op is not None:
                    name, mode = op
                    if mode == "-":
                        held.pop(name, None)
                    elif mode is not None:
                        held[name] = mode
            return
        if st.type in ("defer_statement", "go_statement", "return_statement"):
            return
        for name in self._released_by(st, src, boundary):
            held.pop(name, None)
        if st.type in ("select_statement", "expression_switch_statement", "type_switch_statement", "if_statement"):
            held.update(self._taken_by_every_branch(st, src, boundary))

    def _taken_by_every_branch(self, st: Node, src: SourceFile, boundary: Node) -> dict[str, str]:
        """The locks every way through `st` that falls through takes at its branch's own level
        and keeps (`select { case <-a: mu.Lock(); … case <-b: mu.Lock(); … case <-c: return }`):
        held after `st` as surely as after a Lock on its own line."""
        key = ("taken", st.id, id(src), boundary.id)
        got = self._locks_cache.get(key)
        if got is not None:
            return got
        got = {}
        if self.decl_mentions(st, src, b"Lock"):
            if st.type == "if_statement":
                branches = [st.child_by_field_name("consequence"), st.child_by_field_name("alternative")]
                if branches[1] is not None and branches[1].type == "if_statement":
                    branches = []  # an else-if chain: left alone
            else:
                clauses = [c for c in st.named_children if c.type.endswith("_case")]
                complete = st.type == "select_statement" or any(c.type == "default_case" for c in clauses)
                branches = [next((x for x in c.named_children if x.type == "statement_list"), None) for c in clauses] if complete else []
            common: dict[str, str] | None = None
            for br in branches:
                if br is None:
                    common = {}
                    break
                lst = br if br.type == "statement_list" else next((x for x in br.named_children if x.type == "statement_list"), None)
                if lst is None:
                    common = {}
                    break
                if goast.block_terminates(lst, src):
                    continue
                mine: dict[str, str] = {}
                for x in lst.named_children:
                    self.apply_lock_stmt(x, src, boundary, mine)
                common = mine if common is None else {k: v for k, v in common.items() if mine.get(k) == v}
                if not common:
                    break
            got = common or {}
        self._locks_cache[key] = got
        return got

    def _released_by(self, st: Node, src: SourceFile, boundary: Node) -> tuple[str, ...]:
        """The locks a nested statement releases on a path that falls through it. One that locks
        only inside a branch does not make it held afterwards. Worked out once per statement:
        every access after it in a long function asks again."""
        key = ("released", st.id, id(src), boundary.id)
        got = self._locks_cache.get(key)
        if got is not None:
            return got
        if not self._may_release(st, src):
            self._locks_cache[key] = ()
            return ()
        out = []
        for call in calls_in(src, st, skip_func_literals=True):
            op = self._lock_op(call, src, boundary)
            if op is None or op[1] != "-":
                continue
            # the statements around the unlock: a block's, or a switch or select case's
            blk = next((a for a in goast.ancestors(call) if a.type == "statement_list"), None)
            if blk is not None and goast.inside(blk, st) and goast.block_terminates(blk, src):
                continue
            if goast.returns_after(call, st, src) or self._relocked_after(call, st, op[0], src, boundary):
                continue
            out.append(op[0])
        got = self._locks_cache[key] = tuple(out)
        return got

    def _relocked_after(self, unlock: Node, st: Node, name: str, src: SourceFile, boundary: Node) -> bool:
        """`mu.Unlock(); slow(); mu.Lock()` inside a branch of `st`: released for a while, taken
        again before the branch ends, so still held after `st` (lock names are canonical)."""
        child = unlock
        for a in goast.ancestors(unlock):
            if a.type == "statement_list":
                after: dict[str, str] = {}
                started = False
                for x in a.named_children:
                    if started:
                        self.apply_lock_stmt(x, src, boundary, after)
                    elif goast.inside(child, x) or x == child:
                        started = True
                if name in after:
                    return True
            if a == st:
                return False
            child = a
        return False

    def _lock_op(self, call: Node, src: SourceFile, boundary: Node) -> tuple[str, str | None] | None:
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "identifier":
            if not self._may_release(call, src):
                return None
            lock = unlock_through_value(call, src, self.view)
            return (self.lock_name(lock, src, boundary), "-") if lock is not None else None
        if fn is None or fn.type != "selector_expression":
            return None
        meth = fn.child_by_field_name("field")
        operand = fn.child_by_field_name("operand")
        if meth is None or operand is None:
            return None
        m = src.text(meth)
        if m not in _LOCK_METHODS or goast.call_args(call):
            return None
        return self.lock_name(operand, src, boundary), _LOCK_METHODS[m]

    def decl_mentions(self, node: Node, src: SourceFile, needle: bytes) -> bool:
        """Does the text of the function or method declaration holding `node` contain `needle`
        (True when `node` is in none)?"""
        top = self._top_level(node, src)
        return top is None or top.type not in _DECLS or src.data.find(needle, top.start_byte, top.end_byte) >= 0

    def may_lock(self, node: Node, src: SourceFile) -> bool:
        """Can a statement of the declaration holding `node` take or release a lock? If not,
        replaying its statements for the locks held finds none."""
        return self.decl_mentions(node, src, b"Lock") or self._may_release(node, src) or self._in_actor_file(src)

    def _may_release(self, node: Node, src: SourceFile) -> bool:
        """Can `node` release a lock: is there `Unlock` in the text of the declaration holding
        it, or a call of a package function that has? (A function value that unlocks,
        `unlock := func() { mu.Unlock() }`, is a local of that declaration too.) Most
        functions take no lock, and finding that out for each call resolves its callee."""
        top = self._top_level(node, src)
        if top is None or top.type not in _DECLS:
            return True
        key = (id(src), top.id)
        got = self._releasing.get(key)
        if got is None:
            data, i, j = src.data, top.start_byte, top.end_byte
            helpers = self._unlock_helpers
            if data.find(b"Unlock", i, j) >= 0:
                got = True
            elif len(helpers) <= _FEW_HELPERS:
                got = any(data.find(name, i, j) >= 0 for name in helpers)
            else:
                # A package of many such functions would cost one scan of every declaration
                # per function, the square of its size: its words are looked up instead.
                got = not self._unlock_helper_set.isdisjoint(_WORD.findall(data, i, j))
            self._releasing[key] = got
        return got

    @cached_property
    def _unlock_helper_set(self) -> set[bytes]:
        return set(self._unlock_helpers)

    @cached_property
    def _unlock_helpers(self) -> list[bytes]:
        """Names of the package's functions that mention `Unlock` (`unlock := unlockOnce(&mu)`),
        and of its methods that take a function and mention it: a literal handed to one may run
        under its lock (`c.updateInFlight(func(s *state) { … })`)."""
        return [
            fi.name.encode()
            for fi in self.view.funcs.values()
            if fi.src.data.find(b"Unlock", fi.node.start_byte, fi.node.end_byte) >= 0 and (fi.recv_type is None or _takes_func(fi))
        ]

    def entry_locks(self, fn: Node, src: SourceFile) -> dict[str, str] | None:
        """Locks every in-package caller holds when calling `fn` (a naming convention like
        `fooLocked` or a "must hold"/"locked" doc comment counts as holding a lock)."""
        name = goast.func_name(fn, src)
        key = f"{src.path}:{fn.start_byte}"
        if key in self._entry_cache:
            return self._entry_cache[key]
        self._entry_cache[key] = None  # recursion guard
        self._entry_open.add(key)
        try:
            result = self._caller_contract(fn, src, name)
        finally:
            self._entry_open.discard(key)
        self._entry_cache[key] = result
        return result

    def _caller_contract(self, fn: Node, src: SourceFile, name: str) -> dict[str, str] | None:
        """`entry_locks` worked out (the caller keeps the cache and the cycle guard)."""
        result: dict[str, str] | None = None
        if name.endswith(("Locked", "_locked", "LockHeld")) or name.startswith("locked") or doc_says_locked(fn, src) or self._asserts_held(fn, src):
            # the contract names no lock, and holds whatever lock a race asks about; but a caller
            # that holds its lock only for reading breaks a contract of writing under it
            held = self._callers_hold(fn, src, name)
            result = held if held and "r" in held.values() else {CALLER_HELD: "w"}
        else:
            # Tests call internals one goroutine at a time, without the lock production code
            # takes: what the package's own callers hold is the function's contract. Callers
            # are resolved as the loop asks for them: it often stops at the first.
            sites = self._direct_callers(fn, src, name, tests=False)
            first = next(sites, None)
            if first is None:
                wrapped = self._wrapped_locks(fn, src, name)
                if wrapped:
                    return wrapped
                sites = self._direct_callers(fn, src, name, tests=True)
                first = next(sites, None)
            if first is not None:
                common: dict[str, str] | None = None
                contract = False
                # Every caller holding a lock of its own, though not the same one (the owner of
                # the value each works on: two tree types, each locking its own nodes), is
                # the function's contract too: it runs under its caller's lock.
                each_locks = True
                for call, csrc in itertools.chain((first,), sites):
                    b = self.boundary_of(call, csrc)
                    if b is None:
                        common, each_locks = {}, False
                        break
                    if b.type != "func_literal" and f"{csrc.path}:{b.start_byte}" in self._entry_open:
                        continue  # a call back into a function being worked out: a cycle adds no caller
                    held = self._as_receiver_lock(self.locks_at(call, csrc, b), call, csrc, b, fn, src)
                    if CALLER_HELD in held:
                        # a caller documented as running under its own caller's lock: which
                        # lock is not named, so it agrees with whatever the other callers hold
                        contract = True
                        continue
                    narrowed = dict(held) if common is None else {k: v for k, v in common.items() if k in held}
                    if not narrowed and self._while_constructing(call, csrc):
                        # made while a constructor builds the value, which nothing else holds
                        # yet: it needs no lock, and the other callers' lock is the contract
                        continue
                    each_locks = each_locks and bool(held)
                    common = narrowed
                    if not common and not each_locks:
                        break
                if (common is None and contract) or (common == {} and each_locks):
                    common = {CALLER_HELD: "w"}
                result = common or None
        return result

    def _as_receiver_lock(self, held: dict[str, str], call: Node, csrc: SourceFile, b: Node, fn: Node, src: SourceFile) -> dict[str, str]:
        """A caller that locks the very value it calls the method on (`c.hosts.Lock();
        c.hosts.add(h)`, the type embedding its mutex) holds the lock the method names through
        its receiver (`hm.RLock()` elsewhere: the lock `HostMap`)."""
        if not held or fn.type != "method_declaration":
            return held
        f = call.child_by_field_name("function")
        operand = goast.unparen(f.child_by_field_name("operand")) if f is not None and f.type == "selector_expression" else None
        rtype = goast.receiver(fn, src)[1]
        if operand is None or not rtype or rtype in held:
            return held
        mode = held.get(self.lock_name(operand, csrc, b))
        return held if mode is None else {**held, rtype: mode}

    def _asserts_held(self, fn: Node, src: SourceFile) -> bool:
        """`fn` calls its type's assertion that the lock is held (`s.writing()`, which panics
        unless the counter the type's `Lock` method raises says so): it runs under that lock."""
        if fn.type != "method_declaration" or not self._lock_assertions:
            return False
        rname, rtype, _ = goast.receiver(fn, src)
        names = self._lock_assertions.get(rtype or "")
        if not names or not rname:
            return False
        for call in calls_in(src, fn.child_by_field_name("body") or fn, skip_func_literals=True):
            f = call.child_by_field_name("function")
            if f is not None and f.type == "selector_expression" and src.text(f.child_by_field_name("operand")) == rname:
                if src.text(f.child_by_field_name("field")) in names:
                    return True
        return False

    @cached_property
    def _lock_assertions(self) -> dict[str, set[str]]:
        """Type -> its methods that panic unless the lock is held: a method whose `if` on a field
        of the receiver panics, the field being one the type's own locking method updates along
        with taking a mutex of its own (`func (s *State) Lock() { s.mu.Lock(); atomic.AddInt32(&s.muC, 1) }`)."""
        out: dict[str, set[str]] = {}
        witnesses: dict[str, set[str]] = {}
        candidates: list[tuple[FuncInfo, set[str]]] = []
        for fi in self.view.funcs.values():
            if fi.recv_type is None or fi.recv_name is None or fi.body is None:
                continue
            # (both kinds are short: a body of a few hundred bytes, tested before it is read)
            data, i, j = fi.src.data, fi.body.start_byte, fi.body.end_byte
            if j - i > 600 or (data.find(b"panic(", i, j) < 0 and data.find(b"Lock()", i, j) < 0):
                continue
            body = fi.src.text(fi.body)
            stmts = goast.statements(fi.body)
            rn = re.escape(fi.recv_name)
            if "panic(" in body and len(stmts) <= 3:
                for st in stmts:
                    cons = st.child_by_field_name("consequence") if st.type == "if_statement" else None
                    cond = st.child_by_field_name("condition") if cons is not None else None
                    if cond is not None and "panic(" in fi.src.text(cons):
                        fields = set(re.findall(rf"(?<![\w.]){rn}\.(\w+)", fi.src.text(cond)))
                        if fields:
                            candidates.append((fi, fields))
            elif re.search(rf"(?<![\w.]){rn}\.\w+\.(?:R?Lock)\(\)", body) and len(stmts) <= 3:
                # (a locking method: the mutex taken, and whatever it updates to say so)
                written = re.findall(rf"&{rn}\.(\w+)|(?<![\w.]){rn}\.(\w+)\s*(?:\+\+|\+=|=[^=])", body)
                witnesses.setdefault(fi.recv_type, set()).update(a or b for a, b in written)
        for fi, fields in candidates:
            if fields & witnesses.get(fi.recv_type or "", set()):
                out.setdefault(fi.recv_type or "", set()).add(fi.name)
        return out

    def _callers_hold(self, fn: Node, src: SourceFile, name: str) -> dict[str, str]:
        """The locks every caller of the package holds at its call, each in the weakest mode one
        of them holds it; {} when a caller holds none, or there is no caller."""
        common: dict[str, str] | None = None
        for call, csrc in self._direct_callers(fn, src, name, tests=False):
            b = self.boundary_of(call, csrc)
            if b is None or (b.type != "func_literal" and f"{csrc.path}:{b.start_byte}" in self._entry_open):
                return {}
            held = {k: v for k, v in self._as_receiver_lock(self.locks_at(call, csrc, b), call, csrc, b, fn, src).items() if k != CALLER_HELD}
            if common is None:
                common = held
            else:
                common = {k: ("r" if "r" in (v, held[k]) else "w") for k, v in common.items() if k in held}
            if not common:
                return {}
        return common or {}

    def _wrapped_locks(self, fn: Node, src: SourceFile, name: str) -> dict[str, str] | None:
        """For a function never called directly, only handed as a value to wrappers that call it
        under a lock (`Install(guarded(d.statusUpdated))`, where `guarded` returns a closure that
        locks `d.eventLock` and calls its parameter): the locks every wrapper holds when it
        calls it. None when any use is another (a value stored, handed elsewhere)."""
        if name not in self._value_names:
            return None  # never handed anywhere as a value
        method = fn.type == "method_declaration"
        unique = len(self.view.methods_by_name.get(name, [])) == 1
        recv = goast.receiver(fn, src)[1] if method else None
        common: dict[str, str] | None = None
        for s in self.view.non_test_files:
            if not s.mentions(name.encode()):
                continue
            for n in name_nodes(s, name):
                use = n.parent if method else n
                if use is None or (method and (n.type != "field_identifier" or use.type != "selector_expression")):
                    continue
                if not method and n.type != "identifier":
                    continue
                if method:
                    tname = self.type_of_operand(use.child_by_field_name("operand"), s)
                    if tname is None and not unique:
                        return None  # `x.name` may be another type's method
                    if tname is not None and tname != recv:
                        continue
                up = use.parent
                if up is None or up.type == "call_expression" and up.child_by_field_name("function") == use:
                    continue  # a call: of another function, or one the callers have seen
                if up.type == "argument_list" and up.parent is not None and up.parent.type == "call_expression":
                    wrapped = [(up.parent, up.named_children.index(use))]
                else:
                    wrapped = self._table_wrappers(use, s)
                if not wrapped:
                    return None
                for call, index in wrapped:
                    held = self._wrapper_holds(call, index, s)
                    if not held:
                        return None
                    common = dict(held) if common is None else {k: v for k, v in common.items() if k in held}
                    if not common:
                        return None
        return common

    @cached_property
    def _value_names(self) -> set[str]:
        """Names that stand as an argument or an element, not called (`guarded(d.onError)`,
        `{"/tag", s.tag}`): found in one scan of each file, so that a function never handed as
        a value is not looked for name by name (a package of thousands of uncalled exported
        functions would scan its files once per function)."""
        out: set[str] = set()
        for src in self.view.non_test_files:
            out.update(m.decode() for m in _VALUE_NAME.findall(src.data))
        return out

    def _table_wrappers(self, use: Node, src: SourceFile) -> list[tuple[Node, int]]:
        """For a function value in a table of routes (`handlers := []struct{p string; m
        http.HandlerFunc}{{"/a", s.a}, …}`), the calls of its function that hand a row's field
        on (`s.HandleFunc(h.p, h.m)`), with the argument's index; [] when the table is not such
        a literal, or its field goes nowhere else than to calls."""
        el = use.parent
        if el is None or el.type not in ("keyed_element", "literal_element"):
            return []
        key = None
        if el.type == "keyed_element":
            if el.named_children[-1] != use:
                return []
            key = src.text(el.named_children[0]).strip()
        row = el.parent
        if row is None or row.type != "literal_value":
            return []
        outer = row.parent
        while outer is not None and outer.type in ("literal_element", "literal_value", "keyed_element"):
            outer = outer.parent
        if outer is None or outer.type != "composite_literal":
            return []
        if key is None:
            typ = outer.child_by_field_name("type")
            st = next(iter(goast.of_type(typ, "struct_type")), None) if typ is not None else None
            if st is None:
                return []
            fields = [src.text(n) for fd in goast.of_type(st, "field_declaration") for n in fd.children_by_field_name("name")]
            items = [c for c in row.named_children if c.type != "comment"]
            pos = next((i for i, c in enumerate(items) if c == el), None)
            if pos is None or pos >= len(fields):
                return []
            key = fields[pos]
        fn = goast.enclosing_func(outer, src)
        body = goast.func_body(fn) if fn is not None else None
        if body is None:
            return []
        out = []
        for n in goast.of_type(body, "field_identifier"):
            if src.text(n) != key or n.parent is None or n.parent.type != "selector_expression":
                continue
            args = n.parent.parent
            if args is None or args.type != "argument_list" or args.parent is None or args.parent.type != "call_expression":
                if args is not None and args.type in ("expression_list", "short_var_declaration", "assignment_statement", "return_statement"):
                    return []  # the field is read out and kept: where it runs is unknown
                continue
            out.append((args.parent, args.named_children.index(n.parent)))
        return out

    def _wrapper_holds(self, call: Node, index: int, src: SourceFile) -> dict[str, str] | None:
        """The locks the function `call` runs (a package function, or a func literal bound to
        a local) holds wherever it calls its parameter at `index`; None when it calls it nowhere
        or somewhere without a lock."""
        f = call.child_by_field_name("function")
        lit, wsrc = None, src
        if f is not None and f.type == "identifier":
            d = resolve(f, src, self.view)
            if d.kind == "local" and d.value is not None and d.value.type == "func_literal":
                lit = d.value
        if lit is None:
            fi = self.resolve_call(call, src)
            if fi is None or fi.body is None:
                return None
            lit, wsrc = fi.node, fi.src
        params = [n for p in goast.params_of(lit) for n in (goast.param_names(p, wsrc) or ["_"])]
        if index >= len(params) or params[index] == "_":
            return None
        common: dict[str, str] | None = None
        for c in calls_in(wsrc, lit):
            g = c.child_by_field_name("function")
            if g is None or g.type != "identifier" or wsrc.text(g) != params[index]:
                continue
            inner = next((a for a in goast.ancestors(c) if a.type == "func_literal" or a == lit), lit)
            held = self.local_locks(c, wsrc, inner) if inner.type == "func_literal" else self.locks_at(c, wsrc, inner)
            common = dict(held) if common is None else {k: v for k, v in common.items() if k in held}
            if not common:
                return None
        return common

    def _direct_callers(self, fn: Node, src: SourceFile, name: str, tests: bool):
        """Calls of `fn` that are not `go` statements, in test files or in the others."""
        # (whether a call starts a goroutine is asked of the calls of `fn` alone: every
        # function of a common name would ask it again of all the calls of that name)
        return ((c, s) for c, s in self._calling(self._sites_one_by_one(name, tests), fn, src) if not is_go_started(c))

    def _calling(self, sites, fn: Node, src: SourceFile):
        """The `sites` that may call `fn`, one at a time: resolved to it; for a method, also
        any selector call when it is the package's only method of its name, resolved or not
        (`f()` never runs a method, nor `x.f()` a function of this package, nor a builtin's
        `delete(m, k)` a method). What depends on `fn` alone is worked out once, not once per
        site: a method name shared by many types has thousands."""
        method = fn.type == "method_declaration"
        shape = "selector_expression" if method else "identifier"
        sole = method and self._sole_method(fn, src)
        unique = method and len(self.view.methods_by_name.get(goast.func_name(fn, src), [])) == 1
        for call, csrc in sites:
            f = call.child_by_field_name("function")
            if f is None or f.type != shape:
                continue
            if sole:
                yield call, csrc
                continue
            target = self.resolve_call(call, csrc)
            if (target.node == fn) if target is not None else unique:
                yield call, csrc

    def _while_constructing(self, call: Node, src: SourceFile) -> bool:
        b = self.boundary_of(call, src)
        if b is None or b.type == "func_literal":
            return False
        return self.is_constructor(b, src) or self.only_constructors_call(b, src)

    @cached_property
    def _setup_documented(self) -> bool:
        """Some comment of the package states a setup contract: most packages have none, and
        then no function needs its callers' docs read."""
        return any(_may_state_setup(src.data) and _states_setup(src.data.decode("utf-8", "replace")) for src in self.view.files)

    @cached_property
    def _setup_docs(self) -> list[tuple[Node, SourceFile]]:
        """The package's functions documented as setup."""
        if not self._setup_documented:
            return []
        return [
            (decl, src)
            for src in self.view.files
            for decl in src.root.named_children
            if decl.type in ("function_declaration", "method_declaration") and _states_setup(doc_comment(decl, src))
        ]

    def only_run_at_startup(self, fn: Node, src: SourceFile) -> bool:
        """Every call of `fn` this package makes is in `main`, `init` or a package-level
        initialiser, and no other package can call it: it runs once per process."""
        # (no other package can call into a program: there an exported name is just a name)
        if src.package != "main" and goast.func_name(fn, src)[:1].isupper():
            return False
        if src.package != "main" and fn.type == "method_declaration" and (goast.receiver(fn, src)[1] or "")[:1].isupper():
            return False
        callers = [(c, s) for c, s in self.possible_callers(fn, src) if not s.is_test]
        if not callers:
            return False
        for call, csrc in callers:
            decl = goast.enclosing_decl(call)
            if decl is not None and decl.type != "var_declaration" and goast.func_name(decl, csrc) not in ("main", "init"):
                return False
        return True

    def possible_callers(self, fn: Node, src: SourceFile) -> list[tuple[Node, SourceFile]]:
        """Every call that may run `fn`: resolved to it, or a selector call of a method of that
        name whose receiver's type is unknown. A superset, for "every caller ..." questions."""
        key = ("callers", fn.id, id(src))
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self._possible_callers(fn, src)
        return list(got)

    def _possible_callers(self, fn: Node, src: SourceFile) -> list[tuple[Node, SourceFile]]:
        return list(self.caller_sites(fn, src))

    def caller_sites(self, fn: Node, src: SourceFile, tests: bool = True):
        """`possible_callers`, found one at a time (and without test files' calls unless
        `tests`): a question settled by the first few callers resolves no more of them."""
        got = self._memo.get(("callers", fn.id, id(src)))
        if got is not None:
            yield from (s for s in got if tests or not s[1].is_test)
            return
        # A plain call `f()` runs a function, a selector call `x.f()` a method (or a function
        # of another package): only calls of the right shape need resolving, and none when
        # no other type has the method (`x.f()` then runs `fn` or nothing of the package).
        method = fn.type == "method_declaration"
        sole = method and self._sole_method(fn, src)
        for call, csrc in self._sites_one_by_one(goast.func_name(fn, src), None if tests else False):
            f = call.child_by_field_name("function")
            if f is None or f.type != ("selector_expression" if method else "identifier"):
                continue
            if sole:
                yield call, csrc
                continue
            target = self.resolve_call(call, csrc)
            if (target is None and method) or (target is not None and target.node == fn):
                yield call, csrc

    def _sole_method(self, fn: Node, src: SourceFile) -> bool:
        """Is `fn` the package's only method of its name?"""
        ms = self.view.methods_by_name.get(goast.func_name(fn, src))
        return ms is not None and len(ms) == 1 and ms[0].node == fn

    # -- happens-before joins --------------------------------------------------------------

    def joins_in(self, boundary: Node, src: SourceFile) -> list[int]:
        """Byte offsets of join operations in `boundary` (not in nested goroutines): its own, and
        its calls of package functions that wait themselves (`p.waitTerminated(2)`, whose body
        receives the goroutines' last sends)."""
        key = ("joins", src.path, boundary.start_byte, boundary.end_byte)
        got = self._joins_cache.get(key)
        if got is None:
            own = self._own_joins(boundary, src)
            helped = []
            for call in calls_in(src, boundary):
                if is_go_started(call) or self.boundary_of(call, src) != boundary:
                    continue
                fi = self.resolve_call(call, src)
                if fi is not None and fi.node != boundary and self._own_joins(fi.node, fi.src):
                    helped.append(call.start_byte)
            got = self._joins_cache[key] = sorted(own + helped) if helped else own
        return got

    def _own_joins(self, boundary: Node, src: SourceFile) -> list[int]:
        """Byte offsets of the join operations `boundary` makes itself."""
        key = (src.path, boundary.start_byte, boundary.end_byte)
        got = self._joins_cache.get(key)
        if got is None:
            caps = captures(_JOIN_QUERY, boundary)
            waits = [
                c
                for c in calls_named(src, "Wait")
                if boundary.start_byte <= c.start_byte < boundary.end_byte and c.child_by_field_name("function").type == "selector_expression"
            ]
            got = []
            for nodes in (caps.get("recv", []), waits, caps.get("select", [])):
                for n in nodes:
                    if self.boundary_of(n, src) == boundary:
                        got.append(n.start_byte)
            for rc in goast.of_type(boundary, "range_clause", skip_func_literals=True):
                right = rc.child_by_field_name("right")
                if right is not None and self._is_chan_expr(right, src):
                    got.append(rc.start_byte)
            got.sort()
            self._joins_cache[key] = got
        return got

    def _is_chan_expr(self, expr: Node, src: SourceFile) -> bool:
        expr = goast.unparen(expr)
        if expr.type == "identifier":
            d = resolve(expr, src, self.view)
            return d.src is not None and is_chan_type(decl_type(d), d.src, self.view)
        return False

    def join_between(self, boundary: Node, src: SourceFile, start: int, end: int) -> bool:
        return any(start <= j < end for j in self.joins_in(boundary, src))

    def drained_by_callers(self, root: Root) -> bool:
        """A generator: `func (t *Tx) Check() <-chan error { ch := make(chan error); go t.check(ch);
        return ch }`, the goroutine closing the channel it is given, and every caller in the
        package reading that channel until it is closed. The goroutine's work is then done
        inside the caller's call, as if it ran there."""
        if root.kind != "go" or root.spawner is None or root.spawner.type == "func_literal" or root.loop is not None:
            return False
        key = ("drained", root.node.id)
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self._drained(root) or self._awaited(root)
        return got

    def _awaited(self, root: Root) -> bool:
        """`go func() { defer close(done); … }()` and then, right after, `<-done`, or a select
        on it whose other cases return (`case <-ctx.Done(): interp.stop(); return …`): the
        spawner waits for the goroutine, which does the call's work on its behalf."""
        lit, src = root.body, root.src
        if lit is None or lit.type != "func_literal" or root.body_src is not src:
            return False
        closed = {src.text(a[0]) for c in calls_named(src, "close") if goast.inside(c, lit) and len(a := goast.call_args(c)) == 1}
        st = root.node
        nxt = st.next_named_sibling if st.parent is not None and st.parent.type == "statement_list" else None
        while nxt is not None and nxt.type == "comment":
            nxt = nxt.next_named_sibling
        if nxt is None or not closed:
            return False
        if nxt.type == "expression_statement":
            return src.text(nxt).replace(" ", "") in {"<-" + c for c in closed}
        if nxt.type != "select_statement":
            return False
        waits = False
        for case in nxt.named_children:
            if case.type == "comment":
                continue
            comm = case.child_by_field_name("communication") if case.type == "communication_case" else None
            if comm is not None and src.text(comm).replace(" ", "") in {"<-" + c for c in closed}:
                waits = True
                continue
            body = [x for x in case.named_children if x.type == "statement_list"]
            stmts = body[0].named_children if body else []
            if not stmts or stmts[-1].type != "return_statement":
                return False
        return waits

    def feeds_returned_channel(self, root: Root) -> bool:
        """An iterator's goroutine: its spawner returns the one channel the goroutine is given
        (or captures) and closes when it is done (`ch := make(chan T); go func() { …; close(ch)
        }(); return ch`). It runs in step with whoever drains that channel."""
        if root.kind != "go" or root.spawner is None or root.spawner.type == "func_literal" or root.loop is not None:
            return False
        key = ("feeds", root.node.id)
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self._feeds(root)
        return got

    def _feeds(self, root: Root) -> bool:
        spawner, src = root.spawner, root.src
        body = spawner.child_by_field_name("body")
        rets = list(goast.of_type(body, "return_statement", skip_func_literals=True)) if body is not None else []
        returned = {
            src.text(r.named_children[0].named_children[0])
            if r.named_children and r.named_children[0].type == "expression_list" and len(r.named_children[0].named_children) == 1
            else None
            for r in rets
        }
        if len(returned) != 1 or None in returned:
            return False
        ch = returned.pop()
        closed_name, target, tsrc = ch, root.body, root.body_src
        if target is None or tsrc is None:
            return False
        if target.type != "func_literal":
            closed_name = next((p for p, arg in root.param_args.items() if src.text(arg) == ch), None)
            if closed_name is None:
                return False
        return any((a := goast.call_args(c)) and tsrc.text(a[0]) == closed_name and goast.inside(c, target) for c in calls_named(tsrc, "close"))

    def _drained(self, root: Root) -> bool:
        if not self.feeds_returned_channel(root):
            return False
        sites = [(c, s) for c, s in self.possible_callers(root.spawner, root.src) if not s.is_test]
        return bool(sites) and all(_drains(c, s, self.view) for c, s in sites)

    def joined_window(self, root: Root) -> set[int] | None:
        """When the function that starts `root` waits for it before going on (`wg.Wait()`
        after the `go` statement or its loop), the goroutine lives only within that window:
        the ids of every package function the spawner may call inside it, transitively.
        None when the spawner does not wait, or the window cannot be bounded."""
        if root.kind != "go" or root.spawner is None or root.spawner.type == "func_literal":
            return None
        key = root.node.id
        if key in self._windows:
            return self._windows[key]
        self._windows[key] = None
        spawner, src = root.spawner, root.src
        start = (root.loop or root.node).start_byte
        after = (root.loop or root.node).end_byte
        # Only a Wait (WaitGroup, errgroup) waits for every goroutine: a receive may be a
        # handshake after which the goroutine goes on running.
        joins = sorted(
            c.start_byte
            for c in calls_named(src, "Wait")
            if after <= c.start_byte < spawner.end_byte
            and self.boundary_of(c, src) == spawner
            and not any(a.type in _BRANCHES and not goast.inside(root.node, a) for a in goast.ancestors_below(c, spawner))
        )
        if not joins and self._waits_at_return(spawner, src, after):
            joins = [spawner.end_byte]  # the goroutines may run until the function returns
        if not joins:
            return None
        window: set[int] = set()
        frontier = [(c, src) for c in calls_in(src, spawner) if start <= c.start_byte < joins[0]]
        while frontier:
            nxt = []
            for call, csrc in frontier:
                for fi in self._callees(call, csrc):
                    if fi.node.id in window:
                        continue
                    window.add(fi.node.id)
                    if len(window) > _MAX_WINDOW:
                        return None
                    nxt.extend((c, fi.src) for c in calls_in(fi.src, fi.node))
            frontier = nxt
        self._windows[key] = window
        return window

    @staticmethod
    def _waits_at_return(spawner: Node, src: SourceFile, after: int) -> bool:
        """`defer wg.Wait()`, or a deferred literal that begins by waiting, as a statement of the
        spawner's own body after the `go`: every way out waits for the goroutines."""
        for st in goast.statements(goast.func_body(spawner)):
            if st.type != "defer_statement" or st.start_byte < after:
                continue
            call = next((c for c in st.named_children if c.type == "call_expression"), None)
            f = call.child_by_field_name("function") if call is not None else None
            if f is not None and f.type == "func_literal":
                first = next(iter(goast.statements(f.child_by_field_name("body"))), None)
                inner = first.named_children[0] if first is not None and first.type == "expression_statement" and first.named_children else None
                f = inner.child_by_field_name("function") if inner is not None and inner.type == "call_expression" else None
            if f is not None and f.type == "selector_expression" and src.text(f.child_by_field_name("field")) == "Wait":
                return True
        return False

    def carries_instance(self, fn: Node, src: SourceFile, name: str, root: Root, depth: int = 3, instances=None) -> bool:
        """Does parameter `name` of `fn` always hold the value that makes `root` one instance
        among many (`go s.handle(conn)` once per accepted connection; with `instances`, the
        root's parameters of those names), passed down from the goroutine's own function through
        up to `depth` calls?"""
        if fn == root.body:
            return name in (root.distinct_names if instances is None else instances)
        if depth == 0:
            return False
        names = [n for p in goast.params_of(fn) for n in goast.param_names(p, src)]
        is_recv = name == goast.receiver(fn, src)[0]
        if name not in names and not is_recv:
            return False
        index = -1 if is_recv else names.index(name)
        sites = list(self._calling(self.call_sites_of(goast.func_name(fn, src)), fn, src))
        sites = [(c, s) for c, s in sites if not s.is_test]
        if not sites:
            return False
        for call, csrc in sites:
            if is_recv:
                f = call.child_by_field_name("function")
                value = goast.unparen(f.child_by_field_name("operand")) if f is not None and f.type == "selector_expression" else None
            else:
                args = goast.call_args(call)
                value = args[index] if index < len(args) else None
            value = self._container(value, csrc) if value is not None else None
            caller = self.boundary_of(call, csrc)
            if value is None or value.type != "identifier" or caller is None:
                return False
            if instances is not None and caller == root.body and caller.type == "func_literal":
                # `wps := &stream{…}; go func() { wps.recvLoop() }()`: the literal's capture of a
                # value its spawner has just made
                d = resolve(value, csrc, self.view)
                if root.spawner is not None and d.kind == "local" and d.ident is not None and d.func == root.spawner and self._fresh(d):
                    continue
                return False
            if not self.carries_instance(caller, csrc, csrc.text(value), root, depth - 1, instances):
                return False
        return True

    def owned_value(self, fn: Node, src: SourceFile, name: str, depth: int = 3) -> bool:
        """Is `name`, the receiver or a parameter of `fn`, at every call in the package a value
        its caller has just made (a composite literal, `new(T)`, a zero `var x T`, or the result
        of a constructor that starts no goroutine) and has not handed to another goroutine, or
        the caller's own such receiver/parameter? Then no other goroutine can reach it while
        `fn` runs: one goroutine's private object (ownership, as RacerD has it)."""
        key = ("owned", fn.id, name, depth)
        got = self._memo.get(key)
        if got is None:
            self._memo[key] = False  # recursion guard
            got = self._memo[key] = self._owned(fn, src, name, depth)
        return got

    def _owned(self, fn: Node, src: SourceFile, name: str, depth: int) -> bool:
        if fn.type == "func_literal" or depth == 0:
            return False
        rname = goast.receiver(fn, src)[0]
        params = [n for p in goast.params_of(fn) for n in goast.param_names(p, src)]
        if name != rname and name not in params:
            return False
        ident = next(iter(idents_named(fn.child_by_field_name("body") or fn, src, [name])), None)
        if ident is not None and self._escapes(resolve(ident, src, self.view), None):
            return False  # `fn` itself shares it with a goroutine
        sites = [(c, s) for c, s in self.possible_callers(fn, src) if not s.is_test]
        if not sites:
            return False
        for call, csrc in sites:
            if is_go_started(call):
                return False
            if name == rname:
                f = call.child_by_field_name("function")
                value = f.child_by_field_name("operand") if f is not None and f.type == "selector_expression" else None
            else:
                args = goast.call_args(call)
                i = params.index(name)
                value = args[i] if i < len(args) else None
            if value is None:
                return False
            value = goast.unparen(value)
            if value.type == "unary_expression" and csrc.text(value.child_by_field_name("operator")) == "&":
                value = goast.unparen(value.child_by_field_name("operand"))
            value = self._container(value, csrc)
            if value.type != "identifier":
                return False
            d = resolve(value, csrc, self.view)
            if d.kind in ("receiver", "param") and d.func is not None:
                if not self.owned_value(d.func, csrc, d.name, depth - 1):
                    return False
            elif d.kind != "local" or not self.fresh_and_private(d, call):
                return False
        return True

    def fresh_and_private(self, d, call: Node) -> bool:
        """The local `d` holds a value made in its own function (composite literal, `new`, a
        zero `var`, a constructor starting no goroutine) that nothing has handed on by `call`."""
        return self._fresh(d) and not self._escapes(d, call)

    def _fresh(self, d) -> bool:
        v = goast.unparen(d.value) if d.value is not None else self._multi_value_call(d)
        if v is None:
            return d.type is not None and struct_name(d.type, d.src, self.view) is not None and d.type.type != "pointer_type"
        if v.type == "unary_expression" and d.src.text(v.child_by_field_name("operator")) == "&":
            v = goast.unparen(v.child_by_field_name("operand"))
        if v.type == "composite_literal":
            return True
        if v.type == "type_assertion_expression":
            # `pool.Get().(*T)`: whoever takes a value from a pool holds it alone
            v = goast.unparen(v.child_by_field_name("operand"))
            f = v.child_by_field_name("function") if v.type == "call_expression" else None
            return f is not None and f.type == "selector_expression" and f.child_by_field_name("field").text == b"Get" and not goast.call_args(v)
        if v.type != "call_expression":
            return False
        f = v.child_by_field_name("function")
        if f is not None and f.type == "identifier" and f.text == b"new":
            return True
        target = self.resolve_call(v, d.src)
        return (
            target is not None
            and (self.is_constructor(target.node, target.src) or self.returns_fresh(target))
            and not any(True for _ in goast.of_type(target.node, "go_statement"))
        )

    def returns_fresh(self, fi: FuncInfo | None) -> bool:
        """Every return of the function gives a new composite literal (`return &T{…}`, or a
        local made so: `r2 := &Runner{…}; …; return r2`): each call makes a value of its own,
        whatever the function is called."""
        if fi is None or fi.body is None:
            return False
        rets = [r for r in goast.of_type(fi.body, "return_statement") if goast.enclosing_func(r) == fi.node]
        for r in rets:
            vals = [v for v in r.named_children if v.type != "comment"]
            if len(vals) == 1 and vals[0].type == "expression_list":
                vals = vals[0].named_children
            v = goast.unparen(vals[0]) if len(vals) == 1 else None
            if v is not None and v.type == "identifier":
                d = resolve(v, fi.src, self.view)
                v = goast.unparen(d.value) if d.kind == "local" and d.value is not None and not self._reassigned(d) else None
            if v is not None and v.type == "unary_expression":
                v = v.child_by_field_name("operand")
            if v is None or v.type != "composite_literal":
                return False
        return bool(rets)

    def _reassigned(self, d) -> bool:
        """A local given another value after its declaration (`x = other`)."""
        name = d.src.text(d.ident)
        for st in goast.of_type(d.func, "assignment_statement") if d.func is not None else ():
            left = st.child_by_field_name("left")
            if left is not None and any(n.type == "identifier" and d.src.text(n) == name for n in left.named_children):
                return True
        return False

    def _escapes(self, d, call: Node | None) -> bool:
        """Is the variable handed to another goroutine or stored where others can reach it: a
        `go` statement or a literal it runs, a channel send, a field, map or package variable?
        With `call`, uses after it (outside any loop around it) do not count."""
        scope = d.func
        if scope is None or d.ident is None:
            return True
        for n in idents_named(scope, d.src, [d.src.text(d.ident)]):
            if n == d.ident or resolve(n, d.src, self.view).key != d.key:
                continue
            if (
                call is not None
                and n.start_byte > call.end_byte
                and not any(a.type == "for_statement" and goast.inside(call, a) for a in goast.ancestors_below(n, scope))
            ):
                continue  # handed over only once `fn` has returned: private while it runs
            for a in goast.ancestors_below(n, scope):
                if a.type == "go_statement" or (a.type == "func_literal" and go_literal_of(a) is not None):
                    return True
            e = n
            while e.parent is not None and (
                e.parent.type == "parenthesized_expression"
                or (e.parent.type == "unary_expression" and d.src.text(e.parent.child_by_field_name("operator")) == "&")
            ):
                e = e.parent
            p = e.parent
            if p is None:
                continue
            if p.type == "literal_element" or (p.type == "send_statement" and p.child_by_field_name("value") == e):
                return True  # stored in another value, or sent to whoever receives
            if p.type == "expression_list":
                stmt = p.parent
                if stmt is not None and stmt.type in ("assignment_statement", "var_spec") and stmt.child_by_field_name("right") == p:
                    left = stmt.child_by_field_name("left")
                    if left is not None and any(
                        x.type in ("selector_expression", "index_expression")
                        or (x.type == "identifier" and resolve(x, d.src, self.view).kind == "package")
                        for x in left.named_children
                    ):
                        return True  # stored in a field, a map, a slice or a package variable
            elif p.type == "assignment_statement" and p.child_by_field_name("right") == e:
                left = p.child_by_field_name("left")
                if left is not None and left.type in ("selector_expression", "index_expression"):
                    return True
        return False

    def _container(self, value: Node, src: SourceFile) -> Node:
        """`b.m` where field m is a struct held by value (not a pointer) is part of `b`:
        whoever alone holds `b` alone holds `b.m`. The innermost such container."""
        while value.type == "selector_expression":
            owner = goast.unparen(value.child_by_field_name("operand"))
            fld = value.child_by_field_name("field")
            tname = self.type_of_operand(owner, src) if owner is not None else None
            ftype, fsrc = self.view.field_type(tname, src.text(fld)) if tname and fld is not None else (None, None)
            if ftype is None or ftype.type == "pointer_type" or struct_name(ftype, fsrc, self.view) is None:
                return value
            value = owner
        return value

    def documented_setup(self, fn: Node, src: SourceFile, depth: int = 1) -> bool:
        """`fn`, or every caller of it in the package, is documented as setup that must run
        before the type starts serving ("must be called before Serve"): its writes come before
        the goroutines they would race with."""
        if not self._setup_documented:
            return False
        if _states_setup(doc_comment(fn, src)):
            return True
        if depth == 0 or fn.type == "func_literal":
            return False
        if depth == 1:
            # Every caller must itself be documented setup: when none of those few functions
            # even mentions a call of this one, finding its callers (the costly part) can wait.
            needle = goast.func_name(fn, src).encode() + b"("
            if not any(needle in dsrc.data[d.start_byte : d.end_byte] for d, dsrc in self._setup_docs):
                return False
        called = False
        for c, s in self.caller_sites(fn, src, tests=False):  # (one at a time: the first that is not setup settles it)
            b = self.boundary_of(c, s)
            if b is None or b.type == "func_literal" or not self.documented_setup(b, s, depth - 1):
                return False
            called = True
        return called

    def is_constructor(self, fn: Node, src: SourceFile) -> bool:
        name = goast.func_name(fn, src)
        return name.startswith(CONSTRUCTOR_PREFIXES) or (fn.type == "function_declaration" and name.startswith(_OPENER_PREFIXES))

    def only_constructors_call(self, fn: Node, src: SourceFile, depth: int = 2) -> bool:
        """Every call of `fn` in the package (its tests aside) is made while a constructor
        builds its value, directly or through up to `depth` helpers: what `fn` touches of
        that value is not shared with any goroutine yet."""
        key = ("ctor", fn.id, depth)
        got = self._memo.get(key)
        if got is None:
            self._memo[key] = False  # recursion guard
            got = self._memo[key] = self._only_constructors_call(fn, src, depth)
        return got

    def _only_constructors_call(self, fn: Node, src: SourceFile, depth: int) -> bool:
        # the package's own callers; only tests' when it has none (found as the loop asks)
        sites = self.caller_sites(fn, src, tests=False)
        first = next(sites, None)
        if first is None:
            sites = self.caller_sites(fn, src)
            first = next(sites, None)
            if first is None:
                return False
        for call, csrc in itertools.chain((first,), sites):
            b = self.boundary_of(call, csrc)
            if b is None or b.type == "func_literal":
                return False
            if self.is_constructor(b, csrc) or b == fn:  # (a call of itself adds no other caller)
                continue
            if depth == 0 or not self.only_constructors_call(b, csrc, depth - 1):
                return False
        return True

    def called_only_before(self, fn: Node, src: SourceFile, root: Root) -> bool:
        """Every call of `fn` in the package is in the function that starts `root`, before the
        `go` statement (and outside the loop that repeats it): `fn` is done by the time the
        goroutine exists."""
        if root.kind != "go" or root.spawner is None:
            return False
        first = (root.loop or root.node).start_byte
        sites = list(self._calling(self.call_sites_of(goast.func_name(fn, src)), fn, src))
        return bool(sites) and all(s is root.src and self.boundary_of(c, s) == root.spawner and c.start_byte < first for c, s in sites)

    def never_fails(self, call: Node, src: SourceFile) -> bool:
        """`call` runs a package function whose every `return` gives a literal `nil` error last
        (`func (s *syncedReader) Close() error { …; return nil }`): its error is always nil."""
        fi = self.resolve_call(call, src)
        if fi is None or fi.body is None:
            return False
        key = ("never-fails", fi.node.id)
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self._returns_nil_error(fi)
        return got  # type: ignore[return-value]

    @staticmethod
    def _returns_nil_error(fi: FuncInfo) -> bool:
        res = fi.node.child_by_field_name("result")
        if res is None or not fi.src.text(res).rstrip(")").endswith("error"):
            return False
        rets = own_owners(fi.node, fi.src, "return", RETURNS)
        for ret in rets:
            values = ret.named_children[0].named_children if ret.named_children else []
            if not values or values[-1].type != "nil":
                return False  # a bare return of named results, or an error that may be set
        return bool(rets)

    def dead_on_error(self, node: Node, fn: Node, src: SourceFile) -> bool:
        """`node` runs only when a call that never fails has failed."""
        return any(self.never_fails(call, src) for call in failed_calls(node, fn, src))

    def _callees(self, call: Node, src: SourceFile) -> list[FuncInfo]:
        """Package functions `call` may run: the resolved target, or every method of that name
        when the receiver's type is unknown (an interface, a field of another package's type)."""
        fi = self.resolve_call(call, src)
        if fi is not None:
            return [fi]
        f = call.child_by_field_name("function")
        if f is None:
            return []
        if f.type == "selector_expression" and (m := f.child_by_field_name("field")) is not None:
            n = len(goast.call_args(call))
            iface = self._interface_methods(f.child_by_field_name("operand"), src)
            return [
                fi
                for fi in self.view.methods_by_name.get(src.text(m), ())
                if _takes(fi, n) and (iface is None or self.implements(fi.recv_type, iface))
            ]
        return []

    def implements(self, tname: str | None, iface: dict[str, list[str]]) -> bool:
        """Type `tname` has every method of the interface, with the same parameter types."""
        for name, params in iface.items():
            fi = self.view.funcs.get(f"{tname}.{name}")
            if fi is None or _param_types(fi) != params:
                return False
        return True

    def _interface_methods(self, operand: Node | None, src: SourceFile) -> dict[str, list[str]] | None:
        """The methods (name -> parameter types) of the package interface that `x.field` is
        declared as (`baseStorage BaseStorage`): only a type that implements it all can be the one
        whose method is called."""
        if operand is not None and operand.type == "identifier":
            # a parameter or a local declared as the interface (`sender Sender`)
            d = resolve(operand, src, self.view)
            typ = d.type if d.kind in ("param", "local") else None
        elif operand is not None and operand.type == "selector_expression":
            owner = self.type_of_operand(operand.child_by_field_name("operand"), src)
            typ, _ = self.view.field_type(owner, src.text(operand.child_by_field_name("field"))) if owner else (None, None)
        else:
            return None
        decl = self.view.types.get(typ.text.decode()) if typ is not None and typ.type == "type_identifier" else None
        return interface_methods(*decl) if decl is not None else None


def interface_methods(node: Node, src: SourceFile, *, documented: bool = False) -> dict[str, list[str]] | None:
    """The methods (name -> parameter types) of an interface type declared in the package; None
    for another type, or an interface that embeds another or is a type set (its methods are not
    all written here). The calls followed through an interface stay with interfaces whose methods
    carry no comments (measured: allowing those made the lock analyses follow calls into the wrong
    implementation); `documented` reads those too."""
    if node.type != "interface_type":
        return None
    out = {}
    for el in node.named_children:
        if el.type == "comment" and documented:
            continue
        if el.type != "method_elem":
            return None
        name, plist = el.child_by_field_name("name"), el.child_by_field_name("parameters")
        if name is None:
            return None
        out[src.text(name)] = _types_of(plist.named_children if plist else [], src)
    return out or None


_ERR_NOT_NIL = re.compile(r"\s*(\w+)\s*!=\s*nil\s*")


def failed_calls(node: Node, fn: Node, src: SourceFile):
    """The calls whose failure `node` handles: for each `if err != nil` branch around it (within
    `fn`), the call that set `err` in the `if`'s own statement or in the statement just before
    it (`err := a.init(); if err != nil { return err }`)."""
    for a in goast.ancestors_below(node, fn):
        if a.type != "if_statement":
            continue
        cond, cons = a.child_by_field_name("condition"), a.child_by_field_name("consequence")
        m = _ERR_NOT_NIL.fullmatch(src.text(cond)) if cond is not None and cons is not None and goast.inside(node, cons) else None
        if m is None:
            continue
        call = _sets_from_call(a.child_by_field_name("initializer") or a.prev_named_sibling, m.group(1), src)
        if call is not None:
            yield call


def _sets_from_call(st: Node | None, name: str, src: SourceFile) -> Node | None:
    """The call of `name := f()` / `…, name = f()` when `st` is that statement."""
    if st is None or st.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left, right = st.child_by_field_name("left"), st.child_by_field_name("right")
    if left is None or right is None or len(right.named_children) != 1:
        return None
    names = [src.text(n) for n in left.named_children]
    value = goast.unparen(right.named_children[0])
    return value if names and names[-1] == name and value.type == "call_expression" else None


def _param_types(fi: FuncInfo) -> list[str]:
    return _types_of(goast.params_of(fi.node), fi.src)


def _types_of(params: list[Node], src: SourceFile) -> list[str]:
    """The type of each parameter, once per name (`a, b int` is two ints)."""
    return [src.text(p.child_by_field_name("type")).replace(" ", "") for p in params for _ in (goast.param_names(p, src) or [""])]


def _takes(fi: FuncInfo, n: int) -> bool:
    """A method of that name can be the one called with `n` arguments."""
    params = goast.params_of(fi.node)
    if any(p.type == "variadic_parameter_declaration" for p in params):
        return True
    return sum(len(goast.param_names(p, fi.src)) or 1 for p in params) == n


def _drains(call: Node, src: SourceFile, view: PackageView) -> bool:
    """The channel `call` returns is read until closed: `for x := range f()`, or `ch := f()`
    then `range ch` / a loop of `v, ok := <-ch` in the same function."""
    p = call.parent
    if p is not None and p.type == "range_clause":
        return True
    if p is not None and p.type == "expression_list":
        p = p.parent
    if p is None or p.type != "short_var_declaration":
        return False
    left = p.child_by_field_name("left")
    names = left.named_children if left is not None else []
    if len(names) != 1:
        return False
    name = names[0].text
    fn = goast.enclosing_func(call)
    if fn is None:
        return False
    for n in idents_named(fn, src, [name]):
        if n.start_byte <= p.end_byte:
            continue
        q = n.parent
        if q is not None and q.type == "range_clause" and q.child_by_field_name("right") == n:
            return True
        if q is not None and q.type == "unary_expression" and src.text(q.child_by_field_name("operator")) == "<-":
            stmt = q.parent.parent if q.parent is not None and q.parent.type == "expression_list" else None
            left = stmt.child_by_field_name("left") if stmt is not None and stmt.type in ("short_var_declaration", "assignment_statement") else None
            if left is not None and len(left.named_children) == 2 and any(a.type == "for_statement" for a in goast.ancestors(q)):
                return True
    return False


def _key_and_value(kv: Node) -> list[Node]:
    """A keyed element's key and value, each unwrapped from its `literal_element`."""
    return [p.named_children[0] if p.type == "literal_element" and p.named_children else p for p in kv.named_children]


def _keyed_field_holding(lit: Node, name: str, src: SourceFile) -> str | None:
    """The field of composite literal `lit` whose value is the identifier `name`."""
    body = lit.child_by_field_name("body")
    for kv in body.named_children if body is not None else ():
        if kv.type != "keyed_element":
            continue
        parts = _key_and_value(kv)
        if len(parts) == 2 and parts[1].type == "identifier" and src.text(parts[1]) == name:
            return src.text(parts[0])
    return None


def doc_comment(fn: Node, src: SourceFile) -> str:
    """The comment lines right above a declaration."""
    prev = fn.prev_named_sibling
    text = ""
    while prev is not None and prev.type == "comment" and prev.end_point[0] >= fn.start_point[0] - 8:
        text = src.text(prev) + text
        prev = prev.prev_named_sibling
    return text


def doc_says_locked(fn: Node, src: SourceFile) -> bool:
    return _LOCK_CONTRACT.search(doc_comment(fn, src)) is not None


# "This must be called before invoking Serve.", "may not be called once the server has
# started", "Call it before Start": a setup phase the type's own goroutines come after.
_NOT_BE = re.compile(rb"not\s+be\b")


def _may_state_setup(data: bytes) -> bool:
    """Every wording `_SETUP_CONTRACT` knows says "before" or "not be": finding those words in C
    spares the full expression most files (it costs ~0.5 ms per file, 5 s over the standard library)."""
    low = data.lower()
    return b"before" in low or _NOT_BE.search(low) is not None


# How every `_SETUP_CONTRACT` match starts, in lower case, a space being any `\s` (or `?`, which
# stands for a non-ASCII one): one regex per wording, each starting with a literal, which the
# regex engine skips to (one that starts with `\b` and an alternation is tried at every byte).
_SETUP_STARTS = [
    re.compile(p.replace(b"_", rb"[\t-\r\x1c-\x20?]"))
    for p in (
        rb"must_+(?:only_+|not_+)?be_",
        rb"should_+(?:only_+|not_+)?be_",
        rb"has_+to_+(?:only_+)?be_",
        rb"needs?_+to_+(?:only_+)?be_",
        rb"may_+not_+be_",
        rb"call(?:ed)?_+(?:it_+|this_+)?(?:only_+)?before",
    )
]


def _states_setup(text: str) -> bool:
    """`_SETUP_CONTRACT.search(text)`, tried only where a match may start. The starts are
    found in a copy with one byte per character (non-ASCII ones `?`, or the letter that they
    match ignoring case); the match itself is the str regex's, Unicode spaces and all."""
    if text.isascii():
        plain = text.encode("ascii").lower()
    else:
        folded = text.replace("\u0130", "i").replace("\u0131", "i").replace("\u212a", "k").replace("\u017f", "s")
        plain = folded.encode("ascii", "replace").lower()
    return any(_SETUP_CONTRACT.match(text, m.start()) for p in _SETUP_STARTS for m in p.finditer(plain))


_SETUP_CONTRACT = re.compile(
    r"\b(?:must|should|has to|needs? to)\s+(?:only\s+)?be\s+(?:called|invoked|used|set)\s+before\b"
    r"|\b(?:may|must|should)\s+not\s+be\s+(?:called|invoked|used)\s+(?:once|after|while)\b"
    r"|\bcall(?:ed)?\s+(?:it\s+|this\s+)?(?:only\s+)?before\s+(?:calling\s+|invoking\s+|starting\s+)?[A-Z]\w*\b",
    re.IGNORECASE,
)


# "Lock should be held.", "must be called with s.mu held", "Assumes the lock is held",
# "caller must hold mu", "Requires the write lock", "under lock", "locked", "holding".
_LOCK_CONTRACT = re.compile(
    r"\b(?:must|should|is|are|be)\s+(?:already\s+)?(?:held|locked|acquired)\b"
    r"|\b(?:must|should)\s+hold\b|\bcallers?\s+(?:must\s+)?holds?\b"
    r"|\bwith\s+(?:the\s+|its\s+)?[\w.]+\s+(?:held|locked)\b"
    r"|\b(?:requires|assumes|expects)\b[^.\n]{0,30}\b(?:lock|mutex|mu|\w+\.mu)\b"
    r"|\bunder\s+(?:the\s+)?(?:[\w.]+\s+)?(?:lock|mutex)\b"
    r"|\block\s+held\b|\blocked\b|\bholding\b",
    re.IGNORECASE,
)


_CACHE_ATTR = "_goleash_concurrency"


def concurrency(view: PackageView) -> Concurrency:
    c = view.__dict__.get(_CACHE_ATTR)
    if c is None:
        c = Concurrency(view)
        view.__dict__[_CACHE_ATTR] = c
    return c


def lock_kind_of(view: PackageView, lock: str, src: SourceFile, node: Node) -> str | None:
    """'mutex' or 'rwmutex' for a canonical lock name, when its declaration says."""
    if "." in lock:
        tname, fieldname = lock.split(".", 1)
        if "." in fieldname:
            return None
        typ, fsrc = view.field_type(tname, fieldname)
        return classify_lock_type(typ, fsrc)
    if lock in view.structs:  # embedded: the struct itself is the lock
        si = view.structs[lock]
        for emb in si.embedded:
            k = classify_lock_type(emb, si.src)
            if k:
                return k
        return None
    v = view.vars.get(lock)
    if v is not None:
        return classify_lock_type(v.type, v.src)
    return None
