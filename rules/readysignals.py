"""Start-up handshakes: a function that signals it is ready on a channel field, and fails only
before it signals.

    go func() {
        if err := tl.Listen(addr); err != nil {
            errch <- err
        }
    }()
    select {
    case <-tl.Listening():
    case err := <-errch:
    }

`Listen` returns an error only on the paths that leave before `t.listening <- true`; after it,
it returns nil. So when the ready case wins, the goroutine never sends, and when it sends, the
ready case cannot have won: the two sides exclude each other, and the send cannot block."""

from __future__ import annotations

from . import goast
from .concurrency import concurrency
from .goast import Node, unparen
from .package import PackageView
from .parse import SourceFile

_DEPTH = 3


def fails_before_ready(view: PackageView, send: Node, src: SourceFile) -> set[str]:
    """The channel fields (`listening` of `t.listening`) that the call whose error `send` sends
    signals, when that call returns an error only before signalling; empty otherwise. `send` must
    sit under `if err != nil` on the call's own error."""
    call = _error_source(send, src)
    if call is None:
        return set()
    fi = concurrency(view).resolve_call(call, src)
    if fi is None or fi.body is None:
        return set()
    return _ready_fields(view, fi.node, fi.src, _DEPTH) or set()


def ready_field(view: PackageView, operand: Node, src: SourceFile) -> str | None:
    """The channel field a select case waits on: `x.ready`, or `x.Ready()` of a method of the
    package that only returns a field (`return t.listening`)."""
    operand = unparen(operand)
    if operand.type == "selector_expression":
        return src.text(operand.child_by_field_name("field"))
    if operand.type != "call_expression" or goast.call_args(operand):
        return None
    fi = concurrency(view).resolve_call(operand, src)
    body = goast.statements(goast.func_body(fi.node)) if fi is not None and fi.body is not None else []
    if len(body) != 1 or body[0].type != "return_statement" or len(body[0].named_children) != 1:
        return None
    ret = body[0].named_children[0]
    if ret.type == "expression_list" and len(ret.named_children) == 1:
        ret = ret.named_children[0]
    return fi.src.text(ret.child_by_field_name("field")) if ret.type == "selector_expression" else None


def _error_source(send: Node, src: SourceFile) -> Node | None:
    """The call whose error `send` sends: `if err := f(); err != nil { ch <- err }`, or `err :=
    f()` just before the `if`."""
    value = send.child_by_field_name("value")
    if value is None or value.type != "identifier":
        return None
    name = src.text(value)
    iff = next((a for a in goast.ancestors(send) if a.type in ("if_statement", *goast.FUNC_TYPES)), None)
    if iff is None or iff.type != "if_statement":
        return None
    cond = iff.child_by_field_name("condition")
    if cond is None or src.text(cond).replace(" ", "") != f"{name}!=nil":
        return None
    init = iff.child_by_field_name("initializer")
    if init is None:
        prev = iff.prev_named_sibling
        init = prev if prev is not None and prev.type in ("short_var_declaration", "assignment_statement") else None
    if init is None or init.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left, right = init.child_by_field_name("left"), init.child_by_field_name("right")
    names = [src.text(n) for n in (left.named_children if left is not None else [])]
    values = right.named_children if right is not None else []
    if names[-1:] != [name] or len(values) != 1 or values[0].type != "call_expression":
        return None
    return values[0]


def _ready_fields(view: PackageView, fn: Node, src: SourceFile, depth: int) -> set[str] | None:
    """The channel fields `fn` signals on (sends on or closes), when every return after its
    first signal returns a nil error; None when a return after it may carry an error, or when a
    call in the middle of it signals (its later returns would need following)."""
    cc = concurrency(view)
    body = goast.func_body(fn)
    signals = []
    for n in goast.of_type(body, "send_statement", "call_expression", skip_func_literals=True):
        target = n.child_by_field_name("channel") if n.type == "send_statement" else None
        if n.type == "call_expression" and src.text(n.child_by_field_name("function")) == "close" and len(goast.call_args(n)) == 1:
            target = goast.call_args(n)[0]
        if target is not None and target.type == "selector_expression":
            signals.append((n.start_byte, src.text(target.child_by_field_name("field"))))
    fields = {f for _, f in signals}
    first = min((p for p, _ in signals), default=None)
    for r in goast.of_type(body, "return_statement", skip_func_literals=True):
        values = r.named_children[0].named_children if r.named_children and r.named_children[0].type == "expression_list" else r.named_children
        last = unparen(values[-1]) if values else None
        if last is None:
            continue
        if last.type == "call_expression" and len(values) == 1 and depth > 0:
            callee = cc.resolve_call(last, src)
            if callee is not None and callee.body is not None:
                got = _ready_fields(view, callee.node, callee.src, depth - 1)
                if got is None or got and first is not None:
                    return None
                fields |= got
                continue
        if first is not None and r.start_byte > first and src.text(last) != "nil":
            return None
    return fields
