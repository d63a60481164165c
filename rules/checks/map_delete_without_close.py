"""map-delete-without-close: channels and closers dropped from a map without being closed."""

from __future__ import annotations

import re

from .. import goast
from ..chanflow import enclosing_loop
from ..fixgen import fresh_name, insert_before
from ..goast import Node
from ..gotypes import CLOSER_TYPES, closer_kind
from ..mapaccess import map_accesses
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import calls_named, file_captures, index_stores
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


# `]T` for every such value type T, in one scan of a file (a search per type costs 15 times more)
_RELEASED_TYPES = (*CLOSER_TYPES, "context.CancelFunc", "context.CancelCauseFunc")
_MAP_OF_CLOSERS = re.compile(rb"\](?:" + b"|".join(re.escape(t.encode()) for t in _RELEASED_TYPES) + rb")")


def _overwrites(view: PackageView):
    """`m[k] = v` over a value that may already be stored under `k`: in a loop whose key is the
    same on every pass, or in a function storing under a key its caller passed."""
    # a map of such values is declared with its value type written out: without one in the
    # package, no store can drop one (and most packages are spared the walk)
    if not any(_MAP_OF_CLOSERS.search(f.data) for f in view.files):
        return []
    ma = map_accesses(view)
    out = []
    for src in view.files:
        if not src.mentions(b"] = "):
            continue
        for st in index_stores(src):
            lhs, rhs = st.child_by_field_name("left"), st.child_by_field_name("right")
            if lhs is None or rhs is None or lhs.type != "expression_list" or len(lhs.named_children) != 1 or len(rhs.named_children) != 1:
                continue
            if rhs.named_children[0].type != "identifier":
                continue
            ix, val = lhs.named_children[0], rhs.named_children[0]
            if ix.type != "index_expression" or val.type != "identifier":
                continue
            fn = goast.enclosing_func(st)
            loop = enclosing_loop(st, fn) if fn is not None else None
            if loop is not None and _fresh_per_pass(val, loop, src, view) and _same_every_pass(ix.child_by_field_name("index"), loop, src, view):
                ent = ma.entity(ix.child_by_field_name("operand"), src)
                kind = closer_kind(ent.value_type, ent.value_src, view) if ent is not None and ent.value_type is not None else None
                if kind not in _WHAT or _touched_in_loop(ma, ent, loop, ix, src) or _leaves_after(st, loop) or not _only_stored(val, fn, src, view):
                    continue
                out.append(_overwrite_diagnostic(src, st, ix, ent, kind, loop, fn))
                continue
            d = _across_calls(view, ma, src, st, ix, val, fn)
            if d is not None:
                out.append(d)
    return out


_CONSEQUENCE = {
    True: "called, so its context is never cancelled and what waits on its `Done()` never returns.",
    False: "closed: its descriptor or connection leaks until the process exits.",
}


_CANCEL_MAKERS = ("WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause")


def _across_calls(view, ma, src, st, ix, val, fn):
    """`s.m[k] = v` in a function whose key `k` is a parameter and whose `v` it made: a second call
    with the same key replaces what the first stored. Reported only when the function neither looks
    at the map nor calls a function of the package that does (a guard or a release elsewhere), and
    when some other place of the package releases the map's values (so each entry is meant to be)."""
    decl = goast.enclosing_decl(st)
    op = st.child_by_field_name("operator")
    if fn is None or fn != decl or op is None or src.text(op) != "=":
        return None
    if not _param_key(ix.child_by_field_name("index"), decl, src, view):
        return None  # cheap, and rules out most stores before the map's type is worked out
    ent = ma.entity(ix.child_by_field_name("operand"), src)
    if ent is None or ent.kind not in ("field", "package") or ent.value_type is None:
        return None
    kind = closer_kind(ent.value_type, ent.value_src, view)
    if kind not in ("cancel", "close"):
        return None
    made = _made_here(val, decl, src, view, kind)
    if made is None or not _only_stored(val, decl, src, view):
        return None
    if _touches(ma, ent, decl, src, skip=ix) or _calls_toucher(view, ma, ent, decl, src, decl) or _caller_touches(view, ma, ent, decl, src):
        return None
    release = _release_site(view, ma, ent)
    if release is None:
        return None
    return _param_diagnostic(src, st, ix, ent, kind, decl, made, release)


def _made_here(val: Node, decl: Node, src, view, kind: str) -> Node | None:
    """The call of `v, ... := call(...)` that made the stored value in this function."""
    d = resolve(val, src, view)
    if d.kind != "local" or d.ident is None or not goast.inside(d.ident, decl):
        return None
    holder = d.ident.parent.parent if d.ident.parent is not None and d.ident.parent.type == "expression_list" else None
    if holder is None or holder.type != "short_var_declaration":
        return None
    right = holder.child_by_field_name("right")
    if right is None or len(right.named_children) != 1 or right.named_children[0].type != "call_expression":
        return None
    call = right.named_children[0]
    f = call.child_by_field_name("function")
    if kind == "cancel":
        name = f.child_by_field_name("field") if f.type == "selector_expression" else f
        if name is None or src.text(name) not in _CANCEL_MAKERS:
            return None
    return call


def _param_key(key: Node | None, decl: Node, src, view) -> bool:
    """A key the caller chose (`id`, `req.Name`): another call may pass it again. Pointer keys are
    left alone: a new value's address is fresh on every call."""
    base = key
    while base is not None and base.type == "selector_expression":
        base = base.child_by_field_name("operand")
    if base is None or base.type != "identifier":
        return False
    d = resolve(base, src, view)
    if d.kind != "param" or d.func != decl or d.ident is None:
        return False
    if key is base and (d.type is None or src.text(d.type).startswith(("*", "chan", "func"))):
        return False
    return not _assigned_in(src.text(base), decl, src)


def _assigned_in(name: str, node: Node, src) -> bool:
    for a in goast.of_type(node, "assignment_statement", "inc_statement", "dec_statement"):
        left = a.child_by_field_name("left") if a.type == "assignment_statement" else a.named_children[0] if a.named_children else None
        targets = left.named_children if left is not None and left.type == "expression_list" else [left]
        if any(n is not None and n.type == "identifier" and src.text(n) == name for n in targets):
            return True
    return False


def _only_stored(val: Node, fn: Node, src, view) -> bool:
    """The function neither releases the value itself nor hands it to anyone (a deferred call, a
    goroutine, another function): the map entry is its only owner."""
    d = resolve(val, src, view)
    made = goast.statement_of(d.ident) if d.ident is not None else None
    if made is None:
        return False
    name = src.text(val)
    for n in goast.of_type(fn, "identifier"):
        if src.text(n) != name or n == val or goast.inside(n, made):
            continue
        p = n.parent
        if p is None or p.type != "selector_expression" or p.child_by_field_name("operand") != n:
            return False
        if src.text(p.child_by_field_name("field")) in _CLOSERS or goast.enclosing_func(n) != fn:
            return False
    return True


def _accesses_in(node: Node, src) -> list[Node]:
    """Map expressions `node` indexes, ranges over or deletes from."""
    out = [ix.child_by_field_name("operand") for ix in goast.of_type(node, "index_expression")]
    out += [r.child_by_field_name("right") for r in goast.of_type(node, "range_clause")]
    out += [
        goast.call_args(c)[0]
        for c in goast.of_type(node, "call_expression")
        if src.text(c.child_by_field_name("function")) == "delete" and goast.call_args(c)
    ]
    return [e for e in out if e is not None]


def _touches(ma, ent, node: Node, src, skip: Node | None = None) -> bool:
    own = skip.child_by_field_name("operand") if skip is not None else None
    return any(e != own and ma.entity(e, src) == ent for e in _accesses_in(node, src))


def _callee_name(call: Node, src, view) -> str | None:
    """The name of a function or method of this package the call may reach (`os.Open` is not)."""
    f = call.child_by_field_name("function")
    if f is not None and f.type == "selector_expression":
        base = f.child_by_field_name("operand")
        if base is not None and base.type == "identifier" and resolve(base, src, view).kind not in ("local", "param", "receiver", "package"):
            return None
        f = f.child_by_field_name("field")
    return src.text(f) if f is not None and f.type in ("identifier", "field_identifier") else None


def _calls_toucher(view, ma, ent, fn: Node, src, storer: Node) -> bool:
    """A function of the package called here looks at the map (`s.stop(id)` first)."""
    names = {_callee_name(c, src, view) for c in goast.of_type(fn, "call_expression")}
    return any(
        fi.body is not None and fi.node not in (fn, storer) and _touches(ma, ent, fi.node, fi.src) for fi in view.funcs.values() if fi.name in names
    )


def _caller_touches(view, ma, ent, decl: Node, src) -> bool:
    """A caller checks the map, or has it checked, before calling (`if _, ok := s.m[id]; ok
    { return }; s.add(id)`, `s.stop(id); s.add(id)`)."""
    name = goast.func_name(decl, src)
    for other in view.files:
        for c in calls_named(other, name):
            caller = goast.enclosing_decl(c)
            if caller is not None and caller != decl and (_touches(ma, ent, caller, other) or _calls_toucher(view, ma, ent, caller, other, decl)):
                return True
    return False


def _release_site(view, ma, ent) -> tuple | None:
    """Where the package calls or closes a value it took from the map: `m[k]()`, `c := m[k]; c()`,
    `for _, c := range m { c.Close() }`."""
    for src in view.files:
        for e in _accesses_in(src.root, src):
            if ma.entity(e, src) != ent:
                continue
            user = e.parent
            if user.type == "index_expression" and _released_directly(user, src):
                return src, user.parent
            taken = _taken_into(user, src)
            fn = goast.enclosing_func(user)
            if taken is None or fn is None:
                continue
            for c in goast.of_type(fn, "call_expression"):
                f = c.child_by_field_name("function")
                if f.type == "selector_expression" and src.text(f.child_by_field_name("field")) in _CLOSERS:
                    f = f.child_by_field_name("operand")
                if f.type == "identifier" and src.text(f) == taken and c.start_byte > user.start_byte:
                    return src, c
    return None


def _released_directly(ix: Node, src) -> bool:
    p = ix.parent
    if p.type == "call_expression" and p.child_by_field_name("function") == ix:
        return True
    return p.type == "selector_expression" and src.text(p.child_by_field_name("field")) in _CLOSERS and p.parent.type == "call_expression"


def _taken_into(user: Node, src) -> str | None:
    """The name a map read or range binds the value to."""
    if user.type == "range_clause":
        left = user.child_by_field_name("left")
        names = left.named_children if left is not None else []
        return src.text(names[1]) if len(names) == 2 and names[1].type == "identifier" else None
    p = user.parent
    if p is not None and p.type == "expression_list" and len(p.named_children) == 1:
        st = p.parent
        if st is not None and st.type in ("short_var_declaration", "assignment_statement") and st.child_by_field_name("right") == p:
            left = st.child_by_field_name("left").named_children
            return src.text(left[0]) if left and left[0].type == "identifier" else None
    return None


def _param_diagnostic(src, st, ix, ent, kind, decl, made, release):
    key = src.text(ix.child_by_field_name("index"))
    fname = goast.func_name(decl, src)
    then = _CONSEQUENCE[kind == "cancel"]
    msg = (
        f"`{src.text(st)}` replaces whatever an earlier `{fname}` call stored under the same `{key}`, without "
        f"releasing it: {_WHAT[kind]} dropped this way is never {then}"
    )
    fixes = _cancel_first(src, st, ix, kind, decl)
    rsrc, rnode = release
    related = [
        Related(src.span(made), "the value is made here, once per call"),
        Related(rsrc.span(rnode), f"values taken from `{ent.name}` are released here: each entry is meant to be"),
    ]
    return Diagnostic(src.span(st), msg, related, fixes, anchor=f"{fname}|{src.text(st)}|overwrite")


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
    return not _assigned_in(src.text(base), loop, src)


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
    fixes = _cancel_first(src, st, ix, kind, fn)
    related = [Related(src.span(loop.children[0]), "the loop that stores again under the same key")]
    return Diagnostic(src.span(st), msg, related, fixes, anchor=f"{goast.func_name(goast.enclosing_decl(st) or fn, src)}|{src.text(st)}|overwrite")


def _cancel_first(src, st: Node, ix: Node, kind: str, fn: Node) -> list[Fix]:
    """Only a CancelFunc is patched: closing a file or connection others may have taken from the
    map is not a change to make blind."""
    if kind != "cancel":
        return []
    v = fresh_name(src, fn, ["old", "prev"])
    indent = src.indent_at(st.start_byte)
    m, key = src.text(ix.child_by_field_name("operand")), src.text(ix.child_by_field_name("index"))
    text = f"if {v}, ok := {m}[{key}]; ok {{\n{indent}\t{v}()\n{indent}}}\n{indent}"
    return [Fix("Cancel the previous context before replacing its CancelFunc", (insert_before(src, st, text),))]


def _deletes(view: PackageView):
    ma = map_accesses(view)
    out = []
    for src in view.files:
        if not src.mentions(b"delete("):
            continue
        closers_at = other_uses = None  # read once a delete of such a map turns up
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
            if closers_at is None:
                caps = file_captures(src, _QUERY)
                closers_at = _closer_offsets(src)
                other_uses = caps.get("ix", []) + caps.get("rng", [])
            if any(fn.start_byte <= b < fn.end_byte for b in closers_at):
                continue
            if any(
                goast.inside(u, fn) and ma.entity(u.child_by_field_name("operand") if u.type == "index_expression" else u, src) == ent
                for u in other_uses
            ):
                continue
            if _has_param_of_type(fn, src, ent) or _own_reply(view, src, fn, args[1]):
                continue
            if _receiver_drops(view, ma, ent, src, fn, args[1]) or _callers_drop_their_own(view, src, fn, args[1]):
                continue
            out.append(_diagnostic(src, call, args, ent, kind, fn))
    return out


def _own_reply(view, src, fn, key) -> bool:
    """`ch, token := newRequest(); ...; <-ch ...; delete(m, token)`: the key and a channel this
    function receives from come from one call (or the key is what registering the channel gave
    back: `h := table.add(ch)`): the waiter is removing its own reply channel."""
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
    right = st.child_by_field_name("right")
    call = goast.unparen(right.named_children[0]) if right is not None and len(right.named_children) == 1 else None
    if call is not None and call.type == "call_expression":
        mates.update(src.text(a) for a in goast.call_args(call) if a.type == "identifier")
    for u in goast.of_type(fn, "unary_expression"):
        if src.text(u).startswith("<-"):
            o = u.child_by_field_name("operand")
            if o is not None and o.type == "identifier" and src.text(o) in mates:
                return True
    return False


def _receiver_drops(view, ma, ent, src, fn, key) -> bool:
    """`case data := <-l.buffer(d): delete(l.buffers, d)`: this function took its value from
    the entry's channel, through a function of the package that looks the same key up in the
    map; whoever waited on the entry is this function, done with it."""
    kt = src.text(key)
    for u in goast.of_type(fn, "unary_expression"):
        if u.start_byte > key.start_byte or not src.text(u).startswith("<-"):
            continue
        o = goast.unparen(u.child_by_field_name("operand"))
        if o is None or o.type != "call_expression" or kt not in [src.text(a) for a in goast.call_args(o)]:
            continue
        name = _callee_name(o, src, view)
        if any(fi.body is not None and fi.node != fn and _touches(ma, ent, fi.node, fi.src) for fi in view.funcs.values() if fi.name == name):
            return True
    return False


def _callers_drop_their_own(view, src, fn, key) -> bool:
    """`id, ch := c.register(); defer c.deregister(id)` and a receive from `ch` in every caller
    of the function that deletes: each waiter removes its own channel."""
    if key.type != "identifier":
        return False
    d = resolve(key, src, view)
    if d.kind != "param" or d.func != fn:
        return False
    pos = next((i for i, n in enumerate(n for p in goast.params_of(fn) for n in goast.param_names(p, src)) if n == d.name), None)
    if pos is None:
        return False
    name = goast.func_name(fn, src)
    seen = False
    for other in view.non_test_files:
        for c in calls_named(other, name):
            args = goast.call_args(c)
            caller = goast.enclosing_decl(c)
            if caller is None or caller == fn or len(args) <= pos or not _own_reply(view, other, caller, args[pos]):
                return False
            seen = True
    return seen


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
value first nor close anything, so the value is simply dropped.

Also finds `m[k] = v` storing such a value over one that may already be there, unreleased: in a
loop whose key is the same on every pass (when the loop neither looks the key up nor leaves after
storing), or in a function that makes the value (`context.WithCancel`, `os.Open`) and stores it under
a key its caller passed, so a second call with the same key replaces the first call's value. The
second form is reported only when neither the function nor its callers look at the map first and
some other place of the package does call or close the map's values.
""",
        why="""
Deleting a map entry does not close what it held. Goroutines receiving from a dropped channel
wait forever (a goroutine leak that grows with every key), and dropped files, connections and
clients keep their descriptors and sockets open until the process runs out of them. A dropped
`CancelFunc` can never be called again: the goroutine waiting on that context's `Done()` runs
until its parent context ends, often the life of the process. Storing a new value over an
old one drops the old one just the same.
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
