"""nil-channel-op: a send, receive or close on a channel that is never made."""

from __future__ import annotations

import re

from .. import goast
from ..chanflow import (
    func_label,
    go_literal,
    go_stmt_of,
    is_recv,
    select_of,
)
from ..fixgen import replace
from ..leaksites import at_line_start, where_at
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import CHAN_TYPES, idents_named, token_owners
from ..registry import Rule, register
from ..scope import resolve

_VAR_CHAN_RE = re.compile(rb"var\s+\w+\s+(?:<-\s*)?chan\b")  # literal first: scanned at memchr speed


def _chan_var_specs(src) -> list:
    """`var x chan T` specs, in source order: found from their `chan`."""
    out = []
    for t in token_owners(src, *CHAN_TYPES):
        spec = t.parent
        if spec is not None and spec.type == "var_spec" and spec.child_by_field_name("type") == t:
            if any(n.type == "identifier" for n in spec.children_by_field_name("name")):
                out.append(spec)
    return out


def _nil_chans(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b"chan") or not _VAR_CHAN_RE.search(src.data):
            continue
        for spec in _chan_var_specs(src):
            if spec.child_by_field_name("value") is not None:
                continue
            names = spec.children_by_field_name("name")
            if len(names) != 1:
                continue
            fn = goast.enclosing_func(spec)
            if fn is None:
                continue  # package level: other packages' init order and reflection are out of sight
            out.extend(_check_nil_chan(view, src, fn, spec, names[0]))
    return out


def _check_nil_chan(view, src, fn, spec, ident):
    name = src.text(ident)
    ops = []
    for n in idents_named(fn, src, [name]):
        if n == ident:
            continue
        d = resolve(n, src, view)
        if d.ident != ident:
            continue
        p = n.parent
        if p is not None and p.type == "send_statement" and p.child_by_field_name("channel") == n:
            ops.append(("send", p))
        elif p is not None and is_recv(p):
            ops.append(("recv", p))
        elif p is not None and p.type == "range_clause" and p.child_by_field_name("right") == n:
            ops.append(("range", p))
        elif p is not None and p.type == "argument_list" and p.parent is not None and src.text(p.parent.child_by_field_name("function")) == "close":
            ops.append(("close", p.parent))
        else:
            return []  # assigned, passed, compared, captured by address: may be made elsewhere
    out = []
    kinds = {k for k, _ in ops}
    decl = spec.parent
    for kind, op in ops:
        if kind in ("send", "recv"):
            sel, _ = select_of(op)
            if sel is not None:
                continue  # a nil channel in a select disables that case: a deliberate idiom
        g = go_literal(op)
        who = f"the goroutine started at {where_at(src, go_stmt_of(g))}" if g is not None and g != fn else f"`{func_label(fn, src)}`"
        if kind == "close":
            msg = f"`close({name})` on a channel that is never made: `{name}` is nil here and the call panics with `panic: close of nil channel`."
        else:
            what = {"send": "sending on", "recv": "receiving from", "range": "ranging over"}[kind]
            msg = (
                f"{who[0].upper() + who[1:]} blocks forever {what} `{name}`: it is declared `var {name} chan …` and "
                f"never made, and operations on a nil channel never proceed. The goroutine is never collected "
                f"(in `main`: `fatal error: all goroutines are asleep - deadlock!`)."
            )
        fixes = []
        if (
            ("send" in kinds and ("recv" in kinds or "range" in kinds))
            and decl is not None
            and decl.type == "var_declaration"
            and len(decl.named_children) == 1
            and at_line_start(src, decl)
        ):
            typ = spec.child_by_field_name("type")
            fixes.append(Fix("Make the channel", (replace(src, decl, f"{name} := make({src.text(typ)})"),)))
        out.append(
            Diagnostic(
                src.span(op),
                msg,
                [Related(src.span(spec), f"`{name}` is declared here and never assigned")],
                fixes,
                anchor=f"{func_label(fn, src)}|{name}|nil|{kind}",
            )
        )
    return out


NIL_CHAN = register(
    Rule(
        id="nil-channel-op",
        title="Send, receive or close on a channel that is never made",
        family="C",
        severity=Severity.ERROR,
        what="""
Finds a local `var ch chan T` that is never assigned (not made, not passed anywhere, not taken by
address) and then sent on, received from, ranged over or closed outside a `select`. Nil channels
inside a `select` are a deliberate way to disable a case and are not reported.
""",
        why="""
The zero value of a channel is nil, and a send or receive on a nil channel blocks forever: the
goroutine is never collected (a leak), and when every goroutine is stuck the runtime stops the
program with `fatal error: all goroutines are asleep - deadlock!`. `close` of a nil channel
panics.
""",
        example="""
var done chan struct{}
go func() {
	work()
	done <- struct{}{} // blocks forever
}()
<-done // blocks forever
""",
        instead="""
done := make(chan struct{})
go func() {
	work()
	done <- struct{}{}
}()
<-done
""",
        vet_overlap="Not covered by go vet. staticcheck SA... has no check for never-made channels.",
        run=_nil_chans,
    )
)
