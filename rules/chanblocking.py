"""Where goroutines block on the local channels of a function (rules/chanflow.py finds the
channels): whether a channel is unbuffered and an operation can block, the goroutine literal an
operation runs in and what launched it, the goroutines that send on a channel, the `X.Wait()`
calls of a function. Shared by chan-self-deadlock, errgroup-result-abandoned, go-before-init and
chan-wait-ignores-cancel."""

from __future__ import annotations

from . import goast
from .chanflow import LocalChan, int_value, line_of, select_of
from .concurrency import go_literal_of
from .goast import Node
from .parse import SourceFile


def is_unbuffered(lc: LocalChan, src: SourceFile) -> bool:
    return lc.cap is None or int_value(lc.cap, src) == 0


def is_nonblocking(op: Node) -> bool:
    sel, case = select_of(op)
    if sel is None:
        return False
    return any(c != case and c.type in ("communication_case", "default_case") for c in sel.named_children)


def launcher_of(lit: Node) -> Node | None:
    """`go func(){…}()` statement or `g.Go(func…)` call running this literal."""
    return go_literal_of(lit)


def goroutine_of(n: Node, fn: Node) -> Node | None:
    """The innermost func literal between `n` and `fn` if it is run by `go`/`X.Go`; the literal
    itself; None when `n` is directly in `fn` (not inside any literal)."""
    for a in goast.ancestors(n):
        if a == fn:
            return None
        if a.type == "func_literal":
            return a
    return None


def where_line(src: SourceFile, n: Node) -> str:
    return f"line {line_of(src, n)}"


def at_line_start(src: SourceFile, node: Node) -> bool:
    return src.line_start(node.start_byte) + len(src.indent_at(node.start_byte).encode()) == node.start_byte


def in_loop_within(n: Node, stop: Node) -> bool:
    for a in goast.ancestors(n):
        if a == stop or a.type in goast.FUNC_TYPES:
            return False
        if a.type == "for_statement":
            return True
    return False


def wait_calls(fn: Node, src: SourceFile) -> list[tuple[Node, str]]:
    """(call, operand text) of `X.Wait()` calls directly in `fn` (not in literals)."""
    out = []
    for n in goast.of_type(goast.func_body(fn) or fn, "call_expression", skip_func_literals=True):
        recv, name = goast.call_parts(n, src)
        if name == "Wait" and recv is not None and not goast.call_args(n):
            out.append((n, recv.replace(" ", "")))
    return out


def sender_goroutines(lc: LocalChan, fn: Node):
    """{literal id: (literal, launcher, [blocking sends])} when every send is in a goroutine
    literal started directly by `fn`; None otherwise."""
    senders: dict[int, tuple[Node, Node, list[Node]]] = {}
    for u in lc.of("send"):
        lit = goroutine_of(u.op, fn)
        if lit is None:
            return None
        launcher = launcher_of(lit)
        if launcher is None or goast.enclosing_func(launcher) != fn:
            return None
        if goast.enclosing_func(u.op) != lit:
            return None
        entry = senders.setdefault(lit.id, (lit, launcher, []))
        if not is_nonblocking(u.op):
            entry[2].append(u.op)
    return senders
