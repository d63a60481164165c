"""Channel facts shared by the leak (C) and channel-misuse (D) families.

Everything here is syntactic: a channel is tracked only while all of its uses are visible (a
local made in a function, used by that function and the goroutine literals it starts). A channel
returned, stored, reassigned or passed where the callee cannot be read "escapes" and the rules
stay silent about it: precision over recall. `chan_flow` follows a local further, into the
parameters of the package's own functions it is passed to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import goast
from .chanflow_calls import bind_argument, param_uses
from .concurrency import go_literal_of
from .goast import Node, unparen
from .package import PackageView
from .parse import SourceFile, calls_named, idents_named
from .scope import resolve

FAIL_CALLS = {
    "Fatal", "Fatalf", "Fatalln", "Fail", "FailNow", "Error", "Errorf", "Skip", "Skipf", "SkipNow",
    "Exit", "Goexit", "Panic", "Panicf", "Panicln",
}  # fmt: skip


def make_chan_calls(src: SourceFile) -> list[Node]:
    """`make(chan T…)` calls of the file, in source order."""
    out = []
    for c in calls_named(src, "make"):
        if c.child_by_field_name("function").type != "identifier":
            continue
        args = c.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_child_count else None
        if first is not None and first.type == "channel_type":
            out.append(c)
    return out


@dataclass(eq=False)
class Use:
    kind: str  # decl | send | recv | range | close | len | escape
    node: Node  # the identifier
    op: Node  # the send_statement / unary_expression / range_clause / close call / other


@dataclass(eq=False)
class LocalChan:
    name: str
    ident: Node  # declaring identifier
    make: Node  # make(chan T[, cap]) call
    cap: Node | None  # capacity argument
    decl_stmt: Node  # short_var_declaration / var_declaration
    func: Node  # function (declaration or literal) declaring it
    src: SourceFile
    uses: list[Use] = field(default_factory=list)

    def of(self, *kinds: str) -> list[Use]:
        return [u for u in self.uses if u.kind in kinds]

    @property
    def escapes(self) -> bool:
        return any(u.kind == "escape" for u in self.uses)


@dataclass(eq=False)
class FlowUse:
    """A use of a local channel, in the function that made it or in a callee it was passed to."""

    kind: str  # send | recv | range | close | len
    node: Node
    op: Node
    src: SourceFile
    func: Node  # the function (declaration or literal) whose own body holds `op`
    go: Node | None  # the innermost `go` statement `op` runs under; None: the maker's thread
    go_src: SourceFile | None
    looped: bool  # a `go` statement or call on the way there sits in a loop
    entry: Node  # the node of the maker's body the value leaves through (or `op`)


def chan_flow(lc: "LocalChan", view: PackageView, depth: int = 3) -> list[FlowUse] | None:
    """Every use of `lc`, following it as an argument into func literals started with `go` and
    into the package's declared functions and methods, `depth` calls deep. None when some use
    cannot be followed (stored, returned, reassigned, passed to a function value, an interface
    or another package) or sits in a closure that is neither the function itself nor a goroutine
    literal."""
    out: list[FlowUse] = []
    ok = _visit(lc.uses, lc.func, lc.src, (None, None), False, None, depth, {lc.func.id}, view, out)
    return out if ok else None


def _visit(uses, func, src, go, looped, entry, depth, seen, view, out) -> bool:
    for u in uses:
        if u.kind == "decl":
            continue
        g, lp = go, looped
        inner = True
        owner = goast.enclosing_func(u.node)
        while owner is not None and owner != func:
            if owner.type != "func_literal":
                return False
            gs = go_stmt_of(owner)
            if gs is None:
                return False  # a callback: when and how often it runs is not visible
            if inner:
                g, inner = (gs, src), False  # the innermost goroutine
            lp = lp or enclosing_loop(gs, goast.enclosing_func(gs)) is not None
            owner = goast.enclosing_func(owner)
        if owner is None:
            return False
        en = entry if entry is not None else (u.op if u.kind != "escape" else u.node)
        if u.kind != "escape":
            out.append(FlowUse(u.kind, u.node, u.op, src, goast.enclosing_func(u.node), g[0], g[1], lp, en))
            continue
        b = bind_argument(view, u.node, src) if u.op.type == "argument_list" else None
        if b is None or depth <= 0 or b.callee.id in seen:
            return False
        if b.go is not None:
            g = (b.go, src)
        lp = lp or enclosing_loop(b.call, goast.enclosing_func(b.call)) is not None
        sub = []
        for n in param_uses(view, b):
            kind, op = classify_use(n, b.callee_src)
            sub.append(Use(kind, n, op))
        callee_func = b.callee
        if not _visit(sub, callee_func, b.callee_src, g, lp, en, depth - 1, seen | {b.callee.id}, view, out):
            return False
    return True


def is_recv(n: Node) -> bool:
    return n.type == "unary_expression" and n.child_count > 0 and n.children[0].type == "<-"


def classify_use(ident: Node, src: SourceFile) -> tuple[str, Node]:
    p = ident.parent
    if p is None:
        return "escape", ident
    if p.type == "send_statement" and p.child_by_field_name("channel") == ident:
        return "send", p
    if is_recv(p):
        return "recv", p
    if p.type == "range_clause" and p.child_by_field_name("right") == ident:
        return "range", p
    if p.type == "argument_list" and p.parent is not None and p.parent.type == "call_expression":
        fn = p.parent.child_by_field_name("function")
        if fn is not None and fn.type == "identifier":
            name = src.text(fn)
            if name == "close":
                return "close", p.parent
            if name in ("len", "cap"):
                return "len", p.parent
    if p.type == "binary_expression" and any(c.type == "nil" for c in p.named_children):
        return "len", p  # ch == nil / ch != nil
    return "escape", p


def local_chans(fn: Node, src: SourceFile, view: PackageView) -> list[LocalChan]:
    """Channels made by `fn` itself (`ch := make(chan T, n)`, `var ch = make(...)`), with every
    use of them inside `fn` (including the goroutine literals and closures it contains)."""
    return file_chans(src, view).get(fn.id, [])


def file_chans(src: SourceFile, view: PackageView) -> dict[int, list[LocalChan]]:
    """Function node id -> the local channels it makes. Cached per file and view."""
    cache = view.__dict__.setdefault("_goleash_chanflow", {})
    got = cache.get(src.path)
    if got is not None:
        return got
    got = {}
    cache[src.path] = got
    if not src.mentions(b"make(chan"):
        return got
    for mk in make_chan_calls(src):
        fn = goast.enclosing_func(mk, src)
        if fn is None:
            continue
        lc = _decl_of_make(mk, src, fn)
        if lc is not None:
            got.setdefault(fn.id, []).append(lc)
    for fid, lcs in got.items():
        fn = lcs[0].func
        by_name: dict[str, list[LocalChan]] = {}
        for lc in lcs:
            by_name.setdefault(lc.name, []).append(lc)
        for ident in idents_named(fn, src, by_name):
            cands = by_name.get(src.text(ident))
            if not cands or any(ident == lc.ident for lc in cands):
                continue
            d = resolve(ident, src, view)
            if d.ident is None:
                continue
            for lc in cands:
                if d.ident == lc.ident:
                    kind, op = classify_use(ident, src)
                    lc.uses.append(Use(kind, ident, op))
        for lc in lcs:
            lc.uses.sort(key=lambda u: u.node.start_byte)
    return got


def _decl_of_make(mk: Node, src: SourceFile, fn: Node) -> LocalChan | None:
    p = mk.parent
    if p is None or p.type != "expression_list" or len(p.named_children) != 1:
        return None
    st = p.parent
    if st is None:
        return None
    args = goast.call_args(mk)
    cap = args[1] if len(args) > 1 else None
    if st.type == "short_var_declaration" and st.child_by_field_name("right") == p:
        left = st.child_by_field_name("left")
        names = left.named_children if left is not None else []
        if len(names) != 1 or names[0].type != "identifier":
            return None
        return LocalChan(src.text(names[0]), names[0], mk, cap, st, fn, src)
    if st.type == "var_spec":
        names = st.children_by_field_name("name")
        if len(names) != 1:
            return None
        decl = st.parent
        while decl is not None and decl.type != "var_declaration":
            decl = decl.parent
        if decl is None:
            return None
        return LocalChan(src.text(names[0]), names[0], mk, cap, decl, fn, src)
    return None


def go_literal(n: Node) -> Node | None:
    """The innermost func literal holding `n` if it is what a `go` statement runs, else None."""
    f = goast.enclosing_func(n)
    if f is not None and f.type == "func_literal":
        g = go_literal_of(f)
        if g is not None and g.type == "go_statement":
            return f
    return None


def go_stmt_of(lit: Node) -> Node | None:
    g = go_literal_of(lit)
    return g if g is not None and g.type == "go_statement" else None


def enclosing_loop(n: Node, stop: Node) -> Node | None:
    """Innermost for statement between `n` and `stop` (exclusive)."""
    for a in goast.ancestors(n):
        if a == stop or a.type in goast.FUNC_TYPES:
            return None
        if a.type == "for_statement":
            return a
    return None


def select_of(n: Node) -> tuple[Node | None, Node | None]:
    """(select statement, communication case) when `n` is the communication of a select case."""
    cur = n
    while cur.parent is not None and cur.parent.type in ("expression_statement", "receive_statement", "expression_list", "parenthesized_expression"):
        cur = cur.parent
    p = cur.parent
    if p is not None and p.type == "communication_case" and p.child_by_field_name("communication") == cur:
        return p.parent, p
    return None, None


def case_recv(case: Node) -> Node | None:
    """The receive of a `case <-x:` / `case v := <-x:` (None for a send case or a default)."""
    comm = case.child_by_field_name("communication")
    if comm is None:
        return None
    if comm.type == "receive_statement":
        e = comm.child_by_field_name("right")
    elif comm.type == "expression_statement" and comm.named_children:
        e = comm.named_children[0]
    else:
        e = comm
    return e if e is not None and is_recv(e) else None


def case_body(case: Node) -> list[Node]:
    for c in case.named_children:
        if c.type == "statement_list":
            return [s for s in c.named_children if s.type != "comment"]
    return []


def is_fail_call(n: Node, src: SourceFile) -> bool:
    if n.type != "call_expression":
        return False
    recv, name = goast.call_parts(n, src)
    if recv is None and (name == "panic" or (name == "Fail" and src.is_test)):
        return True  # (`Fail(…)`: Ginkgo's, dot-imported, ends the spec)
    if name in _TEST_FAILS:
        # `t.Errorf` marks a test failed; `fmt.Errorf` and a logger's `Errorf` only make or log
        # an error, and the code goes on
        return recv is not None and src.test_code and recv not in _ERROR_MAKERS
    return name in FAIL_CALLS and recv is not None


_TEST_FAILS = frozenset({"Error", "Errorf", "Fail", "FailNow", "Skip", "Skipf", "SkipNow"})
_ERROR_MAKERS = frozenset({"fmt", "errors", "xerrors", "pkgerrors"})


def leaves(stmts: list[Node] | Node, loop: Node | None, src: SourceFile) -> Node | None:
    """A statement in `stmts` that leaves the enclosing function or `loop`: return, goto,
    a labeled break/continue to outside, an unlabeled break of `loop` itself. None if none."""
    nodes = stmts if isinstance(stmts, list) else [stmts]
    for st in nodes:
        for n in goast.walk(st, skip_func_literals=True):
            t = n.type
            if t in ("return_statement", "goto_statement"):
                return n
            if t == "break_statement":
                if any(c.type == "label_name" for c in n.named_children):
                    return n
                if loop is not None and _break_target(n) == loop:
                    return n
    return None


def fails(stmts: list[Node], src: SourceFile) -> bool:
    """Does this code end a test or the process (t.Fatal, panic, log.Fatal, os.Exit)?"""
    for st in stmts:
        for n in goast.walk(st, skip_func_literals=True):
            if is_fail_call(n, src):
                return True
    return False


def after_failed_assertion(n: Node, src: SourceFile) -> bool:
    """`if !assert.NoError(t, err) { return }`: `n` runs only once a testify-style assertion
    has marked the test failed, the test-file idiom for `t.Fatal` in a helper-less test."""
    if not src.is_test:
        return False
    for a in goast.ancestors(n):
        if a.type in goast.FUNC_TYPES:
            return False
        if a.type != "if_statement" or not goast.inside(n, a.child_by_field_name("consequence") or a):
            continue
        cond = unparen(a.child_by_field_name("condition"))
        if cond is None or cond.type != "unary_expression" or src.text(cond.child_by_field_name("operator")) != "!":
            continue
        call = unparen(cond.child_by_field_name("operand"))
        if call is None or call.type != "call_expression":
            continue
        recv, _ = goast.call_parts(call, src)
        args = goast.call_args(call)
        if recv == "assert" and args and args[0].type == "identifier" and src.text(args[0]) in ("t", "b", "tb"):
            return True
    return False


def _break_target(brk: Node) -> Node | None:
    for a in goast.ancestors(brk):
        if a.type in ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"):
            return a
        if a.type in goast.FUNC_TYPES:
            return None
    return None


def loop_exits(loop: Node, src: SourceFile, *, failing: bool = True) -> Node | None:
    """A way out of an infinite loop: return, goto, a break that targets it or an outer
    statement, and, unless `failing` is False, a panic/Fatal/Exit/Goexit call. None when the
    loop never ends (or, without `failing`, ends only with the program or the test)."""
    body = loop.child_by_field_name("body")
    if body is None:
        return loop
    for n in goast.walk(body, skip_func_literals=True):
        t = n.type
        if t in ("return_statement", "goto_statement"):
            return n
        if t == "break_statement":
            if any(c.type == "label_name" for c in n.named_children) or _break_target(n) == loop:
                return n
        if failing and t == "call_expression" and is_fail_call(n, src):
            return n
    return None


def is_infinite(loop: Node) -> bool:
    """`for { ... }` (no condition, no clause, no range)."""
    return all(c.type in ("block", "comment") for c in loop.named_children)


def ctx_in_scope(node: Node, src: SourceFile) -> str | None:
    """Name of a `context.Context` parameter of a function enclosing `node`."""
    for a in goast.ancestors(node):
        if a.type in goast.FUNC_TYPES:
            for p in goast.params_of(a):
                t = p.child_by_field_name("type")
                if t is not None and src.text(t).replace(" ", "") == "context.Context":
                    names = goast.param_names(p, src)
                    if names and names[0] != "_":
                        return names[0]
    return None


def func_label(fn: Node, src: SourceFile) -> str:
    decl = fn if fn.type != "func_literal" else goast.enclosing_decl(fn)
    if decl is None:
        return "the function"
    _, rtype, _ = goast.receiver(decl, src)
    name = goast.func_name(decl, src)
    return f"{rtype}.{name}" if rtype else name


def line_of(src: SourceFile, n: Node) -> int:
    return src.point(n.start_byte)[0]


def int_value(n: Node | None, src: SourceFile) -> int | None:
    if n is None:
        return None
    n = unparen(n)
    if n.type == "int_literal":
        try:
            return int(src.text(n).replace("_", ""), 0)
        except ValueError:
            return None
    return None


def reindent(text: str, indent: str) -> str:
    return text.replace("\n", "\n" + indent)


def version_before(view: PackageView, major: int, minor: int) -> bool:
    v = view.go_version
    return v is not None and v < (major, minor)
