"""go-before-init: `go s.loop()` (or a goroutine literal) reads a field or variable that its creator
assigns only after the `go` statement, with nothing ordering the two."""

from __future__ import annotations

import re

from .. import goast
from ..chanblocking import (
    at_line_start,
    where_line,
)
from ..chanflow import (
    func_label,
    is_recv,
    line_of,
)
from ..concurrency import concurrency
from ..goast import Node, unparen
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register
from ..scope import resolve
from ..synctypes import type_text

_SYNC_CALLS = {"Lock", "RLock", "Wait", "Load", "Do", "Done", "Acquire", "Add", "Store", "CompareAndSwap", "Swap"}


_GO_LINE = re.compile(rb"\n([ \t]+)go [^\n]*")  # ends before its newline


_INDENT_RES: dict[bytes, tuple] = {}


def _indent_res(indent: bytes) -> tuple:
    got = _INDENT_RES.get(indent)
    if got is None:
        ind = re.escape(indent)
        got = _INDENT_RES[indent] = (
            # patterns start with a literal newline so that `re` can skip ahead to candidates
            re.compile(b"\n" + ind + rb"[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[^=]"),
            re.compile(b"\n(?!" + ind + rb")[ \t]*[^ \t\n]"),  # a line less indented: block end
        )
    return got


def _go_candidates(src: SourceFile) -> list[int]:
    """Offsets of `go` keywords whose block continues, at the same indentation, with a plain
    assignment: a cheap regex scan before any tree is walked."""
    data = src.data
    out = []
    for m in _GO_LINE.finditer(data):
        indent = m.group(1)
        assign, end = _indent_res(indent)
        a = assign.search(data, m.end(), m.end() + 2000)
        if a is None:
            continue
        e = end.search(data, m.end(), a.start() + 1)
        if e is None:
            out.append(m.start() + 1 + len(indent))
    return out


def _go_before_init(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b"go "):
            continue
        for off in _go_candidates(src):
            kw = src.root.descendant_for_byte_range(off, off + 2)
            g = kw.parent if kw is not None else None
            if g is None or g.type != "go_statement":
                continue
            d = _check_go(view, g, src)
            if d is not None:
                out.append(d)
    return out


def _check_go(view: PackageView, g: Node, src: SourceFile) -> Diagnostic | None:
    st_list = g.parent
    if st_list is None or st_list.type != "statement_list":
        return None
    fn = goast.enclosing_func(g)
    if fn is None or goast.func_body(fn) is None or st_list.parent != goast.func_body(fn):
        return None  # only a `go` at the top level of its function: the assignment surely follows
    # what the goroutine reads: `recv.f` of the target method, or captured names of a literal
    call = next((c for c in g.named_children if c.type == "call_expression"), None)
    if call is None:
        return None
    target = call.child_by_field_name("function")
    if target is None:
        return None
    if target.type == "func_literal":
        body, bsrc = target, src
    else:
        fi = concurrency(view).resolve_call(call, src)
        if fi is None:
            return None
        body, bsrc = fi.node, fi.src
    reads: dict[str, Node] = {}  # key as written by the creator -> first use in the goroutine
    if body.type == "func_literal":
        for key, node in _literal_reads(body, bsrc).items():
            base = node if node.type == "identifier" else node.child_by_field_name("operand")
            d = resolve(base, bsrc, view)
            if d.func is fn or (d.func is not None and d.func == fn):
                reads[key] = node  # the creator's own variable, captured
    elif body.type == "method_declaration" and target.type == "selector_expression":
        operand = target.child_by_field_name("operand")
        rname, _, _ = goast.receiver(body, bsrc)
        if operand is None or unparen(operand).type != "identifier" or not rname:
            return None
        for f, node in _receiver_field_reads(body, bsrc, rname).items():
            reads[f"{src.text(operand)}.{f}"] = node
    else:
        return None
    if not reads:
        return None
    # assignments after the go statement, at the same level, before any statement that
    # could hand the value over with synchronisation
    for st in st_list.named_children:
        if st.start_byte <= g.start_byte:
            continue
        if st.type != "assignment_statement":
            if _may_sync(st, src):
                return None
            continue
        left = st.child_by_field_name("left")
        if left is None or any(c.type == "=" for c in st.children) is False:
            continue
        right = st.child_by_field_name("right")
        lhs = [src.text(x).replace(" ", "") for x in (left.named_children if left.type == "expression_list" else [left])]
        rhs = right.named_children if right is not None and right.type == "expression_list" else ([right] if right is not None else [])
        for i, name in enumerate(lhs):
            use = reads.get(name)
            if use is None or i >= len(rhs):
                continue
            kind = _zero_kind(view, src, fn, g, name, rhs[i])
            if kind is None:
                continue
            if not _first_use_unsynced(view, use, bsrc, body):
                continue
            return _report_go_before_init(src, bsrc, g, st, name, use, kind, st_list, fn)
        if _may_sync(st, src):
            return None
    return None


def _literal_reads(lit: Node, src: SourceFile) -> dict[str, Node]:
    """`x.f` selectors and plain identifiers read in a goroutine literal, by text."""
    out: dict[str, Node] = {}
    for n in goast.walk(lit):
        if _is_write_target(n):
            continue
        if n.type == "selector_expression":
            operand = n.child_by_field_name("operand")
            if operand is not None and operand.type == "identifier":
                out.setdefault(src.text(n).replace(" ", ""), n)
        elif n.type == "identifier":
            out.setdefault(src.text(n), n)
    return out


def _is_write_target(n: Node) -> bool:
    p = n.parent
    if p is not None and p.type == "expression_list":
        gp = p.parent
        return gp is not None and gp.type in ("assignment_statement", "short_var_declaration") and gp.child_by_field_name("left") == p
    return False


def _receiver_field_reads(m: Node, src: SourceFile, rname: str) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for n in goast.of_type(m, "selector_expression"):
        if _is_write_target(n):
            continue
        operand = n.child_by_field_name("operand")
        f = n.child_by_field_name("field")
        if operand is not None and f is not None and operand.type == "identifier" and src.text(operand) == rname:
            out.setdefault(src.text(f), n)
    return out


def _may_sync(st: Node, src: SourceFile) -> bool:
    """Could this statement of the creator order it with the goroutine (or call code that does)?"""
    for n in goast.walk(st, skip_func_literals=True):
        if n.type in ("send_statement", "select_statement", "go_statement", "defer_statement", "return_statement"):
            return True
        if is_recv(n):
            return True
        if n.type == "call_expression":
            _, name = goast.call_parts(n, src)
            if name not in ("make", "new", "len", "cap", "append", "copy") and not (name or "").startswith("New"):
                return True
    return False


def _zero_kind(view: PackageView, src: SourceFile, fn: Node, g: Node, name: str, value: Node) -> str | None:
    """If `name` is certainly nil when the goroutine starts, what kind of value it gets: 'chan',
    'map', 'pointer' or 'func'. Otherwise None."""
    value = unparen(value)
    kind = None
    if value.type == "call_expression":
        _, callee = goast.call_parts(value, src)
        args = goast.call_args(value)
        if callee == "make" and args:
            t = args[0].type
            kind = {"channel_type": "chan", "map_type": "map"}.get(t)
        elif callee == "new":
            kind = "pointer"
    elif value.type == "unary_expression" and src.text(value).startswith("&"):
        kind = "pointer"
    elif value.type == "composite_literal":
        t = value.child_by_field_name("type")
        kind = "map" if t is not None and t.type == "map_type" else None
    if kind is None:
        return None
    body = goast.func_body(fn)
    if "." in name:
        base, field = name.split(".", 1)
        if "." in field:
            return None
        # the struct must be made in this function (without that field) before the go statement,
        # or the field must be assigned nowhere else in the package
        made = _made_here_without(src, body, base, field, g)
        if made is None:
            return None
        if not made and not _assigned_only_here(view, field, value):
            return None
        return kind
    # a local variable declared without a value before the go statement
    for st in goast.statements(body):
        if st.start_byte >= g.start_byte:
            break
        if st.type == "var_declaration":
            for spec in goast.of_type(st, "var_spec"):
                names = [src.text(x) for x in spec.children_by_field_name("name")]
                if name in names and spec.child_by_field_name("value") is None:
                    return kind
    return None


def _made_here_without(src: SourceFile, body: Node, base: str, field: str, g: Node) -> bool | None:
    """True: `base := &T{…}` without `field` before `g`, and `base.field` not assigned before `g`.
    False: `base` is not made here (a receiver, a parameter). None: `field` is set before `g`."""
    made = False
    for n in goast.walk(body, skip_func_literals=True):
        if n.start_byte >= g.start_byte:
            break
        if n.type == "short_var_declaration":
            left = n.child_by_field_name("left")
            right = n.child_by_field_name("right")
            names = [src.text(x) for x in left.named_children] if left is not None else []
            if base in names and right is not None:
                vals = right.named_children
                v = unparen(vals[names.index(base)]) if len(vals) == len(names) else None
                if v is None:
                    return None
                if v.type == "unary_expression" and src.text(v).startswith("&"):
                    v = unparen(v.child_by_field_name("operand"))
                if v.type != "composite_literal":
                    return None
                lit_body = v.child_by_field_name("body")
                for ke in goast.of_type(lit_body, "keyed_element") if lit_body is not None else []:
                    key = ke.named_children[0] if ke.named_children else None
                    if key is not None and src.text(key) == field:
                        return None
                if lit_body is not None and any(c.type != "keyed_element" for c in lit_body.named_children if c.type not in ("comment",)):
                    return None  # positional fields
                made = True
        elif n.type == "assignment_statement":
            left = n.child_by_field_name("left")
            if left is not None and any(src.text(x).replace(" ", "") == f"{base}.{field}" for x in left.named_children):
                return None
    return made


def _assigned_only_here(view: PackageView, field: str, value: Node) -> bool:
    """`x.field` is set nowhere else in the package (no other assignment, no keyed literal)."""
    needle = field.encode()
    count = 0
    for s in view.files:
        if needle not in s.data:
            continue
        for n in goast.of_type(s.root, "keyed_element"):
            key = n.named_children[0] if n.named_children else None
            if key is not None and s.text(key) == field:
                return False
        for n in goast.of_type(s.root, "assignment_statement", "short_var_declaration"):
            left = n.child_by_field_name("left")
            if left is None:
                continue
            for x in left.named_children:
                if x.type == "selector_expression":
                    f = x.child_by_field_name("field")
                    if f is not None and s.text(f) == field:
                        count += 1
    return count == 1


def _two_vars(rc: Node) -> bool:
    """`for k, v := range x`: x is not a channel (a channel range has one variable)."""
    left = rc.child_by_field_name("left")
    return left is not None and left.type == "expression_list" and len(left.named_children) == 2


def _maybe_chan(view: PackageView, expr: Node | None, src: SourceFile) -> bool:
    if expr is None:
        return False
    expr = unparen(expr)
    if expr.type not in ("identifier", "selector_expression"):
        return False
    t = type_text(view, expr, src)
    if t is None:
        return True
    return t.startswith(("chan", "<-chan"))


def _first_use_unsynced(view: PackageView, use: Node, src: SourceFile, body: Node) -> bool:
    """No receive, select, Lock/Wait/Load… before the use in the goroutine's body; and the use
    is not a nil check."""
    p = use.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is not None and p.type == "binary_expression" and any(c.type == "nil" for c in p.named_children):
        return False
    for n in goast.walk(goast.func_body(body) or body, skip_func_literals=True):
        if n.start_byte >= use.start_byte:
            break
        if n.type == "select_statement" and not goast.inside(use, n):
            return False
        if is_recv(n) and not goast.inside(use, n):
            return False
        if n.type == "range_clause" and not goast.inside(use, n) and not _two_vars(n) and _maybe_chan(view, n.child_by_field_name("right"), src):
            return False  # may be a receive from a channel the creator sends on later
        if n.type == "call_expression":
            _, name = goast.call_parts(n, src)
            if name in _SYNC_CALLS:
                return False
    return True


_CONSEQUENCE = {
    "chan": "a nil channel: its sends and receives block forever (a `range` over it never starts), "
    "so the goroutine hangs and whoever talks to it hangs too",
    "map": "a nil map: the goroutine's first write panics with `assignment to entry in nil map`",
    "pointer": "a nil pointer: the goroutine panics with `invalid memory address or nil pointer dereference`",
}


def _report_go_before_init(src, bsrc, g, st, name, use, kind, st_list, fn) -> Diagnostic:
    label = func_label(fn, src)
    msg = (
        f"The goroutine started at {where_line(src, g)} uses `{name}`, which `{label}` initialises only afterwards "
        f"(line {line_of(src, st)}). Nothing orders the two: the goroutine may run first and see "
        f"{_CONSEQUENCE[kind]}. It is also a data race."
    )
    related = [
        Related(src.span(st), f"`{name}` is initialised here, after the goroutine started"),
        Related(bsrc.span(use), "the goroutine reads it here"),
    ]
    fixes = []
    # move the go statement after the initialisation, when what lies between is plain assignments
    between = [s for s in st_list.named_children if g.end_byte <= s.start_byte and s.end_byte <= st.end_byte]
    ok = all(s.type in ("assignment_statement", "short_var_declaration", "comment") and not _may_sync(s, src) for s in between)
    if ok and at_line_start(src, g) and at_line_start(src, st):
        ind = src.indent_at(g.start_byte)
        start = src.line_start(g.start_byte)
        end = g.end_byte
        if src.data[end : end + 1] == b"\n":
            fixes.append(
                Fix(
                    f"Start the goroutine after `{name}` is initialised",
                    (TextEdit(src.path, start, end + 1, ""), TextEdit(src.path, st.end_byte, st.end_byte, f"\n{ind}{src.text(g)}")),
                )
            )
    return Diagnostic(src.span(g), msg, related, fixes, anchor=f"{label}|{name}|go-before-init")


GO_BEFORE_INIT = register(
    Rule(
        id="go-before-init",
        title="Goroutine started before the value it uses is initialised",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds `go s.loop()` (or a goroutine literal) followed, in the function that starts it, by the
initialisation of a field or variable the goroutine uses: `s.reqs = make(chan req)`,
`s.cache = map[…]…{}`, `s.conn = &conn{…}` after the `go` statement, when the value was
certainly nil before (the struct was just built without it, or no other code sets it) and
nothing (a channel operation, a lock, a Wait) orders the two.
""",
        why="""
The new goroutine may run before its creator reaches the assignment, and then it sees the zero
value: a nil channel blocks forever (the goroutine hangs and every caller that talks to it hangs
too), a nil map write panics with `assignment to entry in nil map`, a nil pointer panics with
`invalid memory address or nil pointer dereference`. It is a data race too, so it passes every
test until the scheduler picks the other order.
""",
        example="""
func NewServer() *Server {
	s := &Server{}
	go s.loop()
	s.reqs = make(chan request) // loop may already be ranging over a nil channel
	return s
}
""",
        instead="""
func NewServer() *Server {
	s := &Server{}
	s.reqs = make(chan request)
	go s.loop()
	return s
}
""",
        vet_overlap="Not covered by go vet or staticcheck; the race detector reports it only when the bad order happens.",
        run=_go_before_init,
    )
)
