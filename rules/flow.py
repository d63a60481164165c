"""Paths through one function: what runs on every way to a statement, which exits leave between
two points, the calls of a function's own body (not of the literals nested in it)."""

from __future__ import annotations

from . import goast
from .goast import Node
from .gotypes import decl_type
from .parse import SourceFile, calls_in, owners_in, sort_outer_first
from .parse import method_calls as file_method_calls
from .scope import resolve


def own_owners(fn: Node, src: SourceFile, token: str, types: frozenset[str]) -> list[Node]:
    """`token_owners` of a function's body, not inside nested func literals."""
    body = fn.child_by_field_name("body")
    return [] if body is None else owners_in(src, body, token, types, skip_func_literals=True)


def own_calls(fn: Node, src: SourceFile) -> list[Node]:
    """The calls of a function's body, not inside nested func literals."""
    body = fn.child_by_field_name("body")
    return [] if body is None else calls_in(src, body, skip_func_literals=True)


RETURNS = frozenset({"return_statement"})


def stmt_in(node: Node, fn: Node) -> Node | None:
    """The statement holding `node` that sits directly in a statement list of `fn` itself
    (not of a nested func literal)."""
    cur = node
    while cur.parent is not None:
        p = cur.parent
        if p.type == "statement_list" and goast.enclosing_func(p) == fn:
            return cur
        if cur == fn:
            return None
        cur = p
    return None


def dominated(node: Node, releases: list[Node], fn: Node) -> bool:
    """Does some release run on every structured path to `node`? True when a statement that
    always releases (a call, a defer, an if/else or switch whose every branch releases) precedes
    `node` in a statement list enclosing it, or a release is inside `node` itself."""
    if not releases:
        return False
    if any(goast.inside(r, node) for r in releases):
        return True
    starts = sorted(r.start_byte for r in releases)
    prev = node
    for a in goast.ancestors(node):
        if a.type == "statement_list":
            for st in a.named_children:
                if st.start_byte >= prev.start_byte:
                    break
                if _always_releases(st, starts):
                    return True
        if a == fn:
            break
        prev = a
    return False


# Statements after which a body runs on to its closing brace unless they leave: loops, switches
# and selects are left out, their ways out being harder to read.
_RUNS_ON = frozenset(
    {
        "expression_statement",
        "assignment_statement",
        "short_var_declaration",
        "inc_statement",
        "dec_statement",
        "send_statement",
        "if_statement",
        "go_statement",
        "defer_statement",
        "var_declaration",
        "const_declaration",
    }
)


def runs_off_end(fn: Node, releases: list[Node], src: SourceFile) -> Node | None:
    """The closing brace of `fn`'s body when the body can run off its end (a function with no
    results) with no release on every path there: a release only in a branch
    (`if resp.StatusCode >= 300 { io.ReadAll(resp.Body) }`) leaves the other way open."""
    body = fn.child_by_field_name("body")
    sts = goast.statements(body)
    if not sts or sts[-1].type not in _RUNS_ON or goast.is_terminating(sts[-1], src):
        return None
    starts = sorted(r.start_byte for r in releases)
    if any(_always_releases(st, starts) for st in sts):
        return None
    end = body.children[-1]
    return end if end.type == "}" else None


def _contains(node: Node, starts: list[int]) -> bool:
    import bisect

    i = bisect.bisect_left(starts, node.start_byte)
    return i < len(starts) and starts[i] < node.end_byte


def _always_releases(st: Node, starts: list[int]) -> bool:
    if not _contains(st, starts):
        return False
    t = st.type
    if t in ("if_statement",):
        cons = st.child_by_field_name("consequence")
        alt = st.child_by_field_name("alternative")
        init = st.child_by_field_name("initializer")
        cond = st.child_by_field_name("condition")
        if (init is not None and _contains(init, starts)) or (cond is not None and _contains(cond, starts)):
            return True
        if alt is None or cons is None:
            return False
        return _block_releases(cons, starts) and (_always_releases(alt, starts) if alt.type == "if_statement" else _block_releases(alt, starts))
    if t in ("expression_switch_statement", "type_switch_statement", "select_statement"):
        cases = [c for c in st.named_children if c.type in ("expression_case", "type_case", "default_case", "communication_case")]
        if not any(c.type == "default_case" for c in cases) and t != "select_statement":
            return False
        return bool(cases) and all(_block_releases(c, starts) for c in cases)
    if t in ("for_statement", "labeled_statement"):
        return False
    if t == "block":
        return _block_releases(st, starts)
    return True


def _block_releases(block: Node, starts: list[int]) -> bool:
    lst = block
    if block.type == "block":
        lst = next((c for c in block.named_children if c.type == "statement_list"), None)
        if lst is None:
            return False
    else:
        lst = next((c for c in block.named_children if c.type == "statement_list"), block)
    for st in lst.named_children:
        if _always_releases(st, starts):
            return True
        if st.type in ("return_statement", "goto_statement", "break_statement", "continue_statement"):
            return True  # this branch leaves: it does not reach the point after the statement
        if st.type == "expression_statement" and st.named_children and st.named_children[0].type == "call_expression":
            f = st.named_children[0].child_by_field_name("function")
            if f is not None and f.text == b"panic":
                return True
    return False


def exits_between(fn: Node, src: SourceFile, start: int, end: int, *, panics: bool = True) -> list[Node]:
    """return statements (and panic(...) calls) of `fn` itself between byte offsets."""
    out = []
    own = [*own_owners(fn, src, "return", RETURNS), *own_calls(fn, src)]
    sort_outer_first(own)
    for n in own:
        if not (start <= n.start_byte < end) or _dead(n, fn, src):
            continue
        if n.type == "return_statement":
            out.append(n)
        elif panics and n.type == "call_expression":
            f = n.child_by_field_name("function")
            if f is not None and f.type == "identifier" and f.text == b"panic":
                args = goast.call_args(n)
                # panic("invariant broken") is an assertion that ends the program; a panic
                # carrying a value (an error) is the kind callers recover from
                if args and args[0].type not in ("interpreted_string_literal", "raw_string_literal", "call_expression"):
                    out.append(n)
    return out


def _dead(n: Node, fn: Node, src: SourceFile) -> bool:
    """Inside `if false { ... }`: code the compiler drops (kept only to please a linter)."""
    if src.data.find(b"false", fn.start_byte, fn.end_byte) == -1:
        return False
    for a in goast.ancestors_below(n, fn):
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            cons = a.child_by_field_name("consequence")
            if cond is not None and cons is not None and src.text(cond) == "false" and goast.inside(n, cons):
                return True
    return False


def method_calls(fn: Node, src: SourceFile, methods: set[str]) -> list[tuple[Node, str, str]]:
    """(call, operand text, method) for `x.M()` calls in `fn`'s own body."""
    out = []
    for n in own_calls(fn, src):
        f = n.child_by_field_name("function")
        if f is None or f.type != "selector_expression":
            continue
        m = f.child_by_field_name("field")
        o = f.child_by_field_name("operand")
        if m is None or o is None:
            continue
        name = src.text(m)
        if name in methods:
            out.append((n, src.text(o).replace(" ", ""), name))
    return out


def is_expr_stmt(call: Node) -> bool:
    p = call.parent
    return p is not None and p.type == "expression_statement"


def is_deferred(call: Node) -> bool:
    p = call.parent
    return p is not None and p.type == "defer_statement"


def in_deferred_literal(n: Node) -> bool:
    """`n` sits in a func literal that a `defer` calls: it runs as the function returns."""
    for a in goast.ancestors(n):
        if a.type == "func_literal":
            p = a.parent
            return p is not None and p.type == "call_expression" and p.parent is not None and p.parent.type == "defer_statement"
    return False


def is_go_started(call: Node) -> bool:
    # (a node's parent is found by a descent from the root: asked once, not once per test)
    p = call.parent
    return p is not None and p.type == "go_statement"


def calls_by_func(src: SourceFile, methods: tuple[str, ...]) -> dict[int, tuple[Node, list[tuple[Node, str, str]]]]:
    """`x.m()` calls of the given methods, grouped by the function whose own body holds them."""
    out: dict[int, tuple[Node, list]] = {}
    for c in file_method_calls(src, *methods):
        f = c.child_by_field_name("function")
        o = f.child_by_field_name("operand")
        m = f.child_by_field_name("field")
        fn = goast.enclosing_func(c, src)
        if fn is None or o is None or m is None:
            continue
        out.setdefault(fn.id, (fn, []))[1].append((c, src.text(o).replace(" ", ""), src.text(m)))
    return out


def iteration_leaves(d: Node, loop: Node, src) -> bool:
    """After statement `d` (a defer), does every path of this iteration leave the loop (return,
    or a break of this loop)? Then only one iteration ever gets past it."""
    for a in goast.ancestors(d):
        if a == loop:
            return False
        if a.type != "statement_list":
            continue
        sts = [s for s in a.named_children if s.type != "comment"]
        if not sts:
            continue
        last = sts[-1]
        if last.type == "return_statement" or (
            last.type != "break_statement" and last.type != "continue_statement" and goast.is_terminating(last, src)
        ):
            return True
        if last.type == "break_statement" and not last.named_children:
            inner = next(
                (
                    x
                    for x in goast.ancestors(last)
                    if x.type in ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement")
                ),
                None,
            )
            if inner == loop:
                return True
    return False


def event_loop(loop: Node, src: SourceFile, view) -> bool:
    """A loop that runs as long as events come (`for { select … }`, `for ev := range ch`, a
    loop that receives): what each iteration does, it does again and again, without bound. A
    loop over a collection, counted, or with a condition of its own, runs a number of times
    its code decides."""
    for c in loop.named_children:
        if c.type == "for_clause":
            return False
        if c.type == "range_clause":
            right = goast.unparen(c.child_by_field_name("right"))
            if right is None or right.type != "identifier":
                return False
            d = resolve(right, src, view)
            t = decl_type(d)
            return t is not None and d.src is not None and "chan" in d.src.text(t)
        if c.type not in ("block", "comment"):
            return False  # `for cond {`
    body = loop.child_by_field_name("body")
    return any(
        n.type == "select_statement" or n.type == "unary_expression" and src.text(n).startswith("<-")
        for n in goast.walk(body, skip_func_literals=True)
    )
