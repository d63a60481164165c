"""map-delete-without-close: channels and closers dropped from a map without being closed."""

from __future__ import annotations

from .. import goast
from ..chanflow import enclosing_loop
from ..fixgen import fresh_name, insert_before
from ..goast import Node
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
    return _deletes(view) + _overwrites(view)


_RELEASE = {"chan": "close({v})", "idle": "{v}.CloseIdleConnections()", "cancel": "{v}()", "close": "{v}.Close()"}
_WHAT = {"idle": "an *http.Client", "cancel": "a context's CancelFunc", "close": "a value that must be closed"}


def _overwrites(view: PackageView):
    """`m[k] = v` in a loop whose key is the same on every pass: each pass replaces the value the
    previous pass stored, and nothing released it."""
    ma = map_accesses(view)
    out = []
    for src in view.files:
        if b"for " not in src.data or not any(k in src.data for k in (b"Cancel", b"os.", b"net.", b"Close")):
            continue
        for st in file_captures(src, _ASSIGN_QUERY).get("a", ()):
            lhs, rhs = st.child_by_field_name("left"), st.child_by_field_name("right")
            if lhs is None or rhs is None or lhs.type != "expression_list" or len(lhs.named_children) != 1 or len(rhs.named_children) != 1:
                continue
            ix, val = lhs.named_children[0], rhs.named_children[0]
            if ix.type != "index_expression" or val.type != "identifier":
                continue
            fn = goast.enclosing_func(st)
            loop = enclosing_loop(st, fn) if fn is not None else None
            if loop is None or not _fresh_per_pass(val, loop, src, view) or not _same_every_pass(ix.child_by_field_name("index"), loop, src, view):
                continue
            ent = ma.entity(ix.child_by_field_name("operand"), src)
            kind = closer_kind(ent.value_type, ent.value_src, view) if ent is not None and ent.value_type is not None else None
            if kind not in _WHAT or _touched_in_loop(ma, ent, loop, ix, src) or _leaves_after(st, loop):
                continue
            out.append(_overwrite_diagnostic(src, st, ix, ent, kind, loop, fn))
    return out


_ASSIGN_QUERY = "(assignment_statement) @a"
_CONSEQUENCE = {
    True: "called, so its context is never cancelled and what waits on its `Done()` never returns.",
    False: "closed: its descriptor or connection leaks until the process exits.",
}


def _fresh_per_pass(val: Node, loop: Node, src, view) -> bool:
    d = resolve(val, src, view)
    return d.kind == "local" and d.ident is not None and goast.inside(d.ident, loop)


def _same_every_pass(key: Node | None, loop: Node, src, view) -> bool:
    """A key made of names declared before the loop and not assigned in it (`id`, `s.name`)."""
    if key is None or key.type not in ("identifier", "selector_expression"):
        return False
    base = key
    while base.type == "selector_expression":
        base = base.child_by_field_name("operand")
    if base.type != "identifier":
        return False
    d = resolve(base, src, view)
    if d.kind in ("unknown",) or d.ident is not None and goast.inside(d.ident, loop):
        return False
    name = src.text(base)
    for a in goast.of_type(loop, "assignment_statement", "inc_statement", "dec_statement"):
        left = a.child_by_field_name("left") if a.type == "assignment_statement" else a.named_children[0] if a.named_children else None
        targets = left.named_children if left is not None and left.type == "expression_list" else [left]
        if any(n is not None and n.type == "identifier" and src.text(n) == name for n in targets):
            return False
    return True


def _touched_in_loop(ma, ent, loop: Node, ix: Node, src) -> bool:
    """The loop reads the map (fetching the old value to release it, or checking for the key)."""
    for other in goast.of_type(loop, "index_expression"):
        if other != ix and ma.entity(other.child_by_field_name("operand"), src) == ent:
            return True
    return any(goast.inside(c, loop) for c in calls_named(src, "delete"))


def _leaves_after(st: Node, loop: Node) -> bool:
    """A return or break after the store in the loop: perhaps no second pass stores again."""
    return any(n.start_byte > st.end_byte for n in goast.of_type(loop, "return_statement", "break_statement", "goto_statement"))


def _overwrite_diagnostic(src, st, ix, ent, kind, loop, fn):
    key = src.text(ix.child_by_field_name("index"))
    then = _CONSEQUENCE[kind == "cancel"]
    msg = (
        f"`{src.text(st)}` replaces, on every pass of this loop, the value the previous pass stored under the "
        f"same key `{key}`, without releasing it: {_WHAT[kind]} dropped this way is never {then}"
    )
    v = fresh_name(src, fn, ["old", "prev"])
    indent = src.indent_at(st.start_byte)
    text = f"if {v}, ok := {src.text(ix.child_by_field_name('operand'))}[{key}]; ok {{\n{indent}\t{_RELEASE[kind].format(v=v)}\n{indent}}}\n{indent}"
    fixes = [Fix("Release the previous value before replacing it", (insert_before(src, st, text),))]
    related = [Related(src.span(loop.children[0]), "the loop that stores again under the same key")]
    return Diagnostic(src.span(st), msg, related, fixes, anchor=f"{goast.func_name(goast.enclosing_decl(st) or fn, src)}|{src.text(st)}|overwrite")


def _deletes(view: PackageView):
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
    elif kind == "idle":
        msg = (
            f"`delete({ent.name}, {key})` drops an *http.Client without closing its idle connections: "
            f"their sockets and read/write goroutines stay alive until the server hangs up."
        )
    elif kind == "cancel":
        msg = (
            f"`delete({ent.name}, {key})` drops a context's CancelFunc without calling it: the context "
            f"is never cancelled, so what waits on its `Done()` (the goroutine it was made for) never "
            f"returns, and the context stays attached to its parent until the parent ends."
        )
    else:
        msg = (
            f"`delete({ent.name}, {key})` drops a value that must be closed without closing it: "
            f"its file descriptor or connection leaks until the process exits."
        )
    fixes = []
    stmt = goast.statement_of(call)
    if stmt is not None and stmt.type == "expression_statement" and stmt.named_children[0] == call:
        v = fresh_name(src, fn, ["ch" if kind == "chan" else "c", "old"])
        indent = src.indent_at(stmt.start_byte)
        text = f"if {v}, ok := {src.text(args[0])}[{key}]; ok {{\n{indent}\t{_RELEASE[kind].format(v=v)}\n{indent}}}\n{indent}"
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
        title="Channel, closer or cancel func deleted from or overwritten in a map without being released",
        family="A",
        severity=Severity.WARNING,
        what="""
Finds `delete(m, k)` on maps whose values are channels, `*os.File`, `net.Conn`, `*sql.DB`,
`io.Closer`s, `*http.Client`s or a context's `CancelFunc`, in functions that neither read the
value first nor close anything, so the value is simply dropped. Also `m[k] = v` of such a value in a
loop whose key is the same on every pass, when the loop neither looks the key up nor leaves after
storing: each pass overwrites what the previous pass stored, unreleased.
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
