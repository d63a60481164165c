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
from ..chanflow_calls import bind_argument, param_uses
from ..fixgen import delete_stmt, replace
from ..leaksites import at_line_start, where_at
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import CHAN_TYPES, SourceFile, calls_named, idents_named, token_owners
from ..registry import Rule, register
from ..scope import Decl, resolve

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


def _afterfunc_drains(view: PackageView) -> list[Diagnostic]:
    """`<-t.C` on a timer made by `time.AfterFunc`, whose `C` is nil: the receive never returns.
    Followed into a function literal or a package function the timer is handed to."""
    out = []
    for src in view.files:
        if not src.mentions(b"AfterFunc") or not src.mentions(b".C"):
            continue
        for call in calls_named(src, "AfterFunc"):
            f = call.child_by_field_name("function")
            target = _assigned_to(call)
            if f is None or src.text(f) != "time.AfterFunc" or target is None:
                continue
            d = resolve(target, src, view)
            if d.kind != "local" or d.func is None or not _only_afterfunc(view, src, d):
                continue
            for recv, via in _c_receives(view, src, d):
                out.append(_afterfunc_diagnostic(src, call, recv, via, d.name))
    return out


def _assigned_to(call):
    """`t` in `t := time.AfterFunc(…)` or `t = time.AfterFunc(…)` (one name, one value)."""
    vals = call.parent
    st = vals.parent if vals is not None and vals.type == "expression_list" else None
    if st is None or st.type not in ("short_var_declaration", "assignment_statement", "var_spec") or len(vals.named_children) != 1:
        return None
    left = st.child_by_field_name("left") if st.type != "var_spec" else None
    names = left.named_children if left is not None else st.children_by_field_name("name")
    return names[0] if len(names) == 1 and names[0].type == "identifier" else None


def _uses(view: PackageView, src: SourceFile, d: Decl) -> list:
    return [n for n in idents_named(d.func, src, [d.name]) if n != d.ident and resolve(n, src, view).key == d.key]


def _only_afterfunc(view: PackageView, src: SourceFile, d: Decl) -> bool:
    """Every value `d` is ever given is `time.AfterFunc(…)` or nil, and its address is never taken."""
    if d.value is not None and (d.value.type != "call_expression" or src.text(d.value.child_by_field_name("function")) != "time.AfterFunc"):
        return False
    for n in _uses(view, src, d):
        p = n.parent
        if p is not None and p.type == "unary_expression" and src.text(p).startswith("&"):
            return False
        st = p.parent if p is not None and p.type == "expression_list" else None
        if st is not None and st.type in ("assignment_statement", "short_var_declaration") and st.child_by_field_name("left") == p:
            vals = st.child_by_field_name("right")
            i = p.named_children.index(n)
            v = vals.named_children[i] if vals is not None and len(vals.named_children) == len(p.named_children) else None
            if v is None or not (v.type == "nil" or v.type == "call_expression" and src.text(v.child_by_field_name("function")) == "time.AfterFunc"):
                return False
    return True


def _c_receives(view: PackageView, src: SourceFile, d: Decl, depth: int = 2) -> list:
    """The receives from `d.C` outside a `select`, in `d`'s own function or in a function
    literal or package function `d` is handed to (through a parameter never reassigned): each
    with the call that hands it on, or None."""
    out = []
    for n in _uses(view, src, d):
        p = n.parent
        if p is not None and p.type == "selector_expression" and src.text(p.child_by_field_name("field")) == "C":
            r = p.parent
            if r is not None and is_recv(r) and select_of(r)[0] is None and not _guarded_non_nil(r, src.text(p), src):
                out.append((r, None))
        elif depth and p is not None and p.type == "argument_list" and (b := bind_argument(view, n, src)) is not None:
            param = resolve(b.param, b.callee_src, view)
            if param.kind == "param" and not any(goast.assigned(u) for u in param_uses(view, b)):
                out.extend((r, b.call) for r, _ in _c_receives(view, b.callee_src, param, depth - 1))
    return out


def _guarded_non_nil(recv, chan: str, src: SourceFile) -> bool:
    """Inside `if t.C != nil { … }`: the receive runs only on a timer that has a channel."""
    want = f"{chan}!=nil"
    for a in goast.ancestors(recv):
        if a.type in goast.FUNC_TYPES:
            return False
        cond = a.child_by_field_name("condition") if a.type == "if_statement" else None
        if cond is not None and goast.inside(recv, a.child_by_field_name("consequence") or a) and want in src.text(cond).replace(" ", ""):
            return True
    return False


def _afterfunc_diagnostic(src: SourceFile, made, recv, via, name: str) -> Diagnostic:
    st = recv.parent
    fixes = []
    if st is not None and st.type == "expression_statement" and at_line_start(src, st):
        fixes.append(Fix("Drop the receive: an AfterFunc timer has no channel to drain", (delete_stmt(src, st),)))
    related = [Related(src.span(made), f"`{name}` is made here by `time.AfterFunc`: its `C` is nil")]
    if via is not None:
        related.append(Related(src.span(via), "the timer is handed on here"))
    fn = goast.enclosing_func(recv)
    return Diagnostic(
        src.span(recv),
        f"`{src.text(recv)}` blocks forever: the timer comes from `time.AfterFunc`, which runs its function instead of "
        f"sending on a channel, and leaves `C` nil. A receive from a nil channel never proceeds: the goroutine is "
        f"stuck here for good and never collected.",
        related,
        fixes,
        anchor=f"{func_label(fn, src) if fn is not None else ''}|{name}|afterfunc-drain",
    )


def _nil_chan_ops(view: PackageView) -> list[Diagnostic]:
    return _nil_chans(view) + _afterfunc_drains(view)


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
Also finds a receive from the `C` of a timer made by `time.AfterFunc` (in the function that makes
it, or in a function literal or package function it is handed to): such a timer runs its
function instead of sending, and its `C` is nil.
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
        run=_nil_chan_ops,
    )
)
