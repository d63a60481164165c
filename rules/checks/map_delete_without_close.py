"""map-delete-without-close: channels and closers dropped from a map without being closed."""

from __future__ import annotations

from .. import goast
from ..fixgen import fresh_name, insert_before
from ..gotypes import closer_kind
from ..mapaccess import map_accesses
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import calls_named, file_captures
from ..registry import Rule, register
from ..scope import resolve

_QUERY = """
(index_expression) @ix
(range_clause right: (_) @rng)
"""
_CLOSERS = ("Close", "CloseIdleConnections", "Stop", "Cancel")


def _closer_offsets(src) -> list[int]:
    """Where `close(x)` and `x.Close()`-like calls name what they close."""
    out = []
    for c in calls_named(src, "close", *_CLOSERS):
        f = c.child_by_field_name("function")
        if f.type == "identifier":
            if src.data[f.start_byte : f.end_byte] == b"close":
                out.append(f.start_byte)
        elif f.type == "selector_expression":
            out.append(f.child_by_field_name("field").start_byte)
    return out


def _run(view: PackageView):
    ma = map_accesses(view)
    out = []
    for src in view.files:
        if b"delete(" not in src.data:
            continue
        caps = file_captures(src, _QUERY)
        closers_at = _closer_offsets(src)
        other_uses = [n for n in caps.get("ix", [])] + [n for n in caps.get("rng", [])]
        for call in calls_named(src, "delete"):
            if call.child_by_field_name("function").type != "identifier":
                continue
            args = goast.call_args(call)
            if len(args) != 2:
                continue
            ent = ma.entity(args[0], src)
            if ent is None or ent.value_type is None:
                continue
            kind = closer_kind(ent.value_type, ent.value_src, view)
            if kind is None:
                continue
            fn = goast.enclosing_decl(call)
            if fn is None:
                continue
            # Whoever reads the value, stores it, or closes anything here is managing its
            # lifecycle (the waiter removing its own channel, a hand-off): stay silent.
            if any(fn.start_byte <= b < fn.end_byte for b in closers_at):
                continue
            if any(
                goast.inside(u, fn) and ma.entity(u.child_by_field_name("operand") if u.type == "index_expression" else u, src) == ent
                for u in other_uses
            ):
                continue
            if _has_param_of_type(fn, src, ent) or _own_reply(view, src, fn, args[1]):
                continue
            out.append(_diagnostic(src, call, args, ent, kind, fn))
    return out


def _own_reply(view, src, fn, key) -> bool:
    """`ch, token := newRequest(); ...; <-ch ...; delete(m, token)`: the key and a channel this
    function receives from come from one call: the waiter is removing its own reply channel."""
    if key.type != "identifier":
        return False
    d = resolve(key, src, view)
    st = d.ident.parent if d.ident is not None else None
    if st is not None and st.type == "expression_list":
        st = st.parent
    if st is None or st.type != "short_var_declaration":
        return False
    left = st.child_by_field_name("left")
    mates = {src.text(n) for n in (left.named_children if left is not None else []) if n.type == "identifier"}
    for u in goast.of_type(fn, "unary_expression"):
        if src.text(u).startswith("<-"):
            o = u.child_by_field_name("operand")
            if o is not None and o.type == "identifier" and src.text(o) in mates:
                return True
    return False


def _has_param_of_type(fn, src, ent) -> bool:
    vt = ent.value_src.text(ent.value_type).replace(" ", "")
    for p in goast.params_of(fn):
        t = p.child_by_field_name("type")
        if t is not None and src.text(t).replace(" ", "") == vt:
            return True
    return False


def _diagnostic(src, call, args, ent, kind, fn):
    key = src.text(args[1])
    if kind == "chan":
        msg = (
            f"`delete({ent.name}, {key})` drops a channel without closing it: goroutines still receiving "
            f"from it (or ranging over it) block forever and are never collected, a goroutine leak."
        )
        release = "close({v})"
    elif kind == "idle":
        msg = (
            f"`delete({ent.name}, {key})` drops an *http.Client without closing its idle connections: "
            f"their sockets and read/write goroutines stay alive until the server hangs up."
        )
        release = "{v}.CloseIdleConnections()"
    elif kind == "cancel":
        msg = (
            f"`delete({ent.name}, {key})` drops a context's CancelFunc without calling it: the context "
            f"is never cancelled, so what waits on its `Done()` (the goroutine it was made for) never "
            f"returns, and the context stays attached to its parent until the parent ends."
        )
        release = "{v}()"
    else:
        msg = (
            f"`delete({ent.name}, {key})` drops a value that must be closed without closing it: "
            f"its file descriptor or connection leaks until the process exits."
        )
        release = "{v}.Close()"
    fixes = []
    stmt = goast.statement_of(call)
    if stmt is not None and stmt.type == "expression_statement" and stmt.named_children[0] == call:
        v = fresh_name(src, fn, ["ch" if kind == "chan" else "c", "old"])
        indent = src.indent_at(stmt.start_byte)
        text = f"if {v}, ok := {src.text(args[0])}[{key}]; ok {{\n{indent}\t{release.format(v=v)}\n{indent}}}\n{indent}"
        what = {"chan": "Close the channel", "cancel": "Cancel the context"}.get(kind, "Release the value")
        fixes.append(Fix(f"{what} before removing it from the map", (insert_before(src, stmt, text),)))
    decl = ent.decl
    related = []
    if decl is not None and decl.ident is not None and decl.src is not None:
        related.append(Related(decl.src.span(decl.ident), f"`{ent.name}` holds values that need releasing"))
    return Diagnostic(src.span(call), msg, related, fixes, anchor=f"{goast.func_name(fn, src)}|{src.text(call)}")


DELETE = register(
    Rule(
        id="map-delete-without-close",
        title="Channel, closer or cancel func deleted from a map without being released",
        family="A",
        severity=Severity.WARNING,
        what="""
Finds `delete(m, k)` on maps whose values are channels, `*os.File`, `net.Conn`, `*sql.DB`,
`io.Closer`s, `*http.Client`s or a context's `CancelFunc`, in functions that neither read the
value first nor close anything, so the value is simply dropped.
""",
        why="""
Deleting a map entry does not close what it held. Goroutines receiving from a dropped channel
wait forever (a goroutine leak that grows with every key), and dropped files, connections and
clients keep their descriptors and sockets open until the process runs out of them. A dropped
`CancelFunc` can never be called again: the goroutine waiting on that context's `Done()` runs
until its parent context ends, often the life of the process.
""",
        example="""
func (b *Broker) Unsubscribe(id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs, id) // the subscriber ranging over its channel never stops
}
""",
        instead="""
func (b *Broker) Unsubscribe(id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if ch, ok := b.subs[id]; ok {
		close(ch)
	}
	delete(b.subs, id)
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_run,
    )
)
