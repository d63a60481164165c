"""Where a value handed to a call goes: the callee's parameter it binds to, and the uses of that
parameter inside the callee. Lets a channel check follow a channel made in one function into the
declared functions, methods and goroutine literals it is passed to, without giving up at the
first call boundary."""

from __future__ import annotations

from dataclasses import dataclass

from . import goast
from .concurrency import concurrency, go_literal_of
from .goast import Node
from .package import PackageView
from .parse import SourceFile, name_nodes
from .scope import resolve


@dataclass(eq=False)
class Binding:
    call: Node  # the call_expression passing the value
    call_src: SourceFile
    callee: Node  # function declaration, method declaration or func literal
    callee_src: SourceFile
    param: Node  # the parameter's identifier in the callee
    go: Node | None  # the `go` statement when the call starts a goroutine


def bind_argument(view: PackageView, arg: Node, src: SourceFile) -> Binding | None:
    """The callee parameter `arg` (an identifier written directly as a call argument) binds to,
    when the callee is a func literal called in place or a declared function or method of the
    package that resolves to exactly one body. None for variadic or blank parameters, calls
    through interfaces, function values and other packages."""
    args = arg.parent
    if args is None or args.type != "argument_list" or args.parent is None or args.parent.type != "call_expression":
        return None
    call = args.parent
    try:
        i = [a for a in args.named_children if a.type != "comment"].index(arg)
    except ValueError:
        return None
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    started = _started_literal(fn, call, src, view) or _called_literal(fn, call, src, view)
    if fn.type == "func_literal":
        callee, csrc = fn, src
    elif started is not None:
        callee, csrc = started, src
    else:
        info = concurrency(view).resolve_call(call, src)
        if info is None or info.body is None:
            return None
        callee, csrc = info.node, info.src
    param = _param_at(callee, i, csrc)
    if param is None:
        return None
    go = call.parent if call.parent is not None and call.parent.type == "go_statement" else None
    return Binding(call, src, callee, csrc, param, go)


def _started_literal(fn: Node, call: Node, src: SourceFile, view: PackageView) -> Node | None:
    """`encoder := func(jobs <-chan int, out chan<- R) {…}; go encoder(jobs, out)`: the literal
    a local names, when this `go` statement is the one use of the local (so the call always runs
    that literal)."""
    if fn.type != "identifier" or call.parent is None or call.parent.type != "go_statement":
        return None
    d = resolve(fn, src, view)
    lit = goast.unparen(d.value) if d.kind == "local" and d.value is not None else None
    if lit is None or lit.type != "func_literal" or go_literal_of(lit) != call.parent:
        return None
    return lit


def _called_literal(fn: Node, call: Node, src: SourceFile, view: PackageView) -> Node | None:
    """`recvOne := func(t *time.Timer) bool {…}; … recvOne(t)`: the literal a local names, called
    in place, when every use of the local is such a call (it is never reassigned nor handed on)."""
    if fn.type != "identifier" or call.parent is not None and call.parent.type == "go_statement":
        return None
    d = resolve(fn, src, view)
    lit = goast.unparen(d.value) if d.kind == "local" and d.value is not None and d.func is not None else None
    if lit is None or lit.type != "func_literal":
        return None
    for n in name_nodes(src, d.name):
        if n == d.ident or not goast.inside(n, d.func) or resolve(n, src, view).ident != d.ident:
            continue
        p = n.parent
        if p is None or p.type != "call_expression" or p.child_by_field_name("function") != n:
            return None
    return lit


def _param_at(fn: Node, i: int, src: SourceFile) -> Node | None:
    idents: list[Node | None] = []
    for p in goast.params_of(fn):
        if p.type == "variadic_parameter_declaration":
            return None if len(idents) <= i else idents[i]
        names = p.children_by_field_name("name")
        idents.extend(names or [None])
    if i >= len(idents):
        return None
    got = idents[i]
    if got is None or src.text(got) == "_":
        return None
    return got


def param_uses(view: PackageView, b: Binding) -> list[Node]:
    """Identifiers in the callee's body that name the bound parameter, in source order."""
    body = goast.func_body(b.callee)
    if body is None:
        return []
    name = b.callee_src.text(b.param)
    out = []
    for n in name_nodes(b.callee_src, name):
        if n.type != "identifier" or not (body.start_byte <= n.start_byte and n.end_byte <= body.end_byte):
            continue
        d = resolve(n, b.callee_src, view)
        if d.ident is not None and d.ident == b.param:
            out.append(n)
    out.sort(key=lambda n: n.start_byte)
    return out
