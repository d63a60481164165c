"""send-on-closed-channel: a send that may run after the channel is closed."""

from __future__ import annotations

import re

from .. import flow, goast
from ..chancloses import calls_builtin_close, close_calls, deferred, dominates, field_closes, field_reassigned
from ..chanflow import (
    LocalChan,
    chan_flow,
    enclosing_loop,
    file_chans,
    func_label,
    go_literal,
    go_stmt_of,
    is_recv,
    line_of,
)
from ..concurrency import PLAIN, concurrency
from ..goast import Node
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..parse import SENDS, SourceFile, token_owners
from ..registry import Rule, register
from ..resourceflow import error_path
from ..scope import resolve


def _joins_between(fn: Node, src: SourceFile, start: int, end: int) -> bool:
    for n in goast.walk(goast.func_body(fn) or fn, skip_func_literals=True):
        if not (start <= n.start_byte < end):
            continue
        if n.type == "unary_expression" and is_recv(n):
            return True
        if n.type in ("range_clause", "select_statement"):
            return True
        if n.type == "call_expression" and goast.call_parts(n, src)[1] in ("Wait", "Do"):
            return True
    return False


def _joined_before_every_return(conc, fn: Node, src: SourceFile) -> bool:
    """A statement of `fn`'s body that every path runs waits (`if err := w.wait(); …`), and each
    `return` before it can only be taken when a call that never fails has failed."""
    body = goast.func_body(fn)
    if body is None:
        return False
    for j in conc.joins_in(fn, src):
        top = next((st for st in goast.statements(body) if st.start_byte <= j < st.end_byte), None)
        if top is None or not _unconditional_in(top, j):
            continue
        early = flow.exits_between(fn, src, body.start_byte, top.start_byte, panics=False)
        return all(conc.dead_on_error(ret, fn, src) for ret in early)
    return False


def _unconditional_in(st: Node, offset: int) -> bool:
    """The code at `offset` runs whenever the statement `st` does."""
    if st.type == "if_statement":
        head = [st.child_by_field_name("initializer"), st.child_by_field_name("condition")]
        return any(h is not None and h.start_byte <= offset < h.end_byte for h in head)
    return st.type in ("expression_statement", "short_var_declaration", "assignment_statement")


def _send_on_closed(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b"close(") or not calls_builtin_close(src.data):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                out.extend(_check_send_closed(view, src, lc))
                out.extend(_closed_on_early_return(view, src, lc))
    out.extend(_field_send_after_close(view))
    out.extend(_send_past_stop_signal(view))
    out.extend(_registered_reply_closed(view))
    return out


def _send_key(conc, send: Node, src: SourceFile, roots) -> str | None:
    """`Type.field` of the channel a send targets: a receiver field, or a parameter of a
    goroutine's function that every `go` statement starting it fills with that field."""
    ch = goast.unparen(send.child_by_field_name("channel"))
    if ch.type == "selector_expression":
        key = conc.lock_name(ch, src, goast.enclosing_func(send))
        return key if key != src.text(ch).replace(" ", "") else None
    if ch.type != "identifier" or not roots:
        return None
    keys = set()
    for r in roots:
        if r.body is None or r.node.type != "go_statement" or not r.holds(send, src):
            return None
        params = []
        for p in goast.params_of(r.body):
            params.extend(goast.param_names(p, r.body_src) or ["_"])
        args = dict(zip(params, goast.call_args(r.node.named_children[0])))
        arg = args.get(src.text(ch))
        if arg is None or goast.unparen(arg).type != "selector_expression":
            return None
        keys.add(conc.lock_name(goast.unparen(arg), r.src, goast.enclosing_func(arg)))
    return keys.pop() if len(keys) == 1 else None


def _started_by_owner(conc, root, tname: str) -> bool:
    """The goroutine belongs to an instance of `tname`: started by one of its methods, or by
    a constructor that returns one."""
    sp = root.spawner
    if sp is None:
        return False
    decl = goast.enclosing_decl(sp) if sp.type == "func_literal" else sp
    if decl is None:
        return False
    if decl.type == "method_declaration":
        return goast.receiver(decl, root.src)[1] == tname
    res = decl.child_by_field_name("result")
    return conc.is_constructor(decl, root.src) and res is not None and re.search(rf"(?<![\w.]){re.escape(tname)}\b", root.src.text(res)) is not None


def _closer_apart(conc, cb: Node, csrc: SourceFile, mine: set[int], starts: list) -> bool:
    """The close runs apart from the sending goroutines: in a goroutine of its own, or in an
    exported method (the owner's Close/Stop, called by whoever holds the value). A deferred
    literal closes on its function's goroutine, when that function ends."""
    if cb.type == "func_literal":
        r = conc.root_of_boundary(cb)
        if r is not None:
            return r.body is not None and r.body.id not in mine
        if not (
            cb.parent is not None
            and cb.parent.type == "call_expression"
            and cb.parent.parent is not None
            and cb.parent.parent.type == "defer_statement"
        ):
            return False
        cb = goast.enclosing_func(cb.parent)
        if cb is None:
            return False
        if cb.type == "func_literal":
            return _closer_apart(conc, cb, csrc, mine, starts)
    if goast.func_name(cb, csrc)[:1].isupper():
        return True
    roots = [r for r in conc.roots_of(cb, csrc) if r is not PLAIN]
    return bool(roots) and all(r.kind == "go" and r.body is not None and r.body.id not in mine and not _one_or_other(r, starts) for r in roots)


def _one_or_other(r, starts: list) -> bool:
    """The closing goroutine is started in another branch of the `if` or `switch` that starts
    the senders: only one of them ever runs."""
    return bool(starts) and all(goast.one_of_starts(r.node, g) for g in starts)


def _field_send_after_close(view: PackageView) -> list[Diagnostic]:
    """A goroutine sends on a struct's channel field that a method closes from elsewhere, and
    the closer neither waits for the goroutine first nor shares a lock with the send (the
    mutex + closed flag every sender checks)."""
    if not any(f.mentions(b"close(") for f in view.files):
        return []
    conc = concurrency(view)
    closes = field_closes(view, conc)
    if not closes:
        return []
    out = []
    for src in view.files:
        if src.is_test or not src.mentions(b"<-"):
            continue
        for send in token_owners(src, *SENDS):
            boundary = conc.boundary_of(send, src)
            if boundary is None:
                continue
            roots = [r for r in conc.roots_of(boundary, src) if r is not PLAIN and r.kind == "go"]
            if not roots:
                continue
            key = _send_key(conc, send, src, roots)
            if key is None or key not in closes or field_reassigned(view, conc, key):
                continue
            tname = key.rsplit(".", 1)[0]
            roots = [r for r in roots if _started_by_owner(conc, r, tname)]
            if not roots:
                continue  # a goroutine of another type may be sending on another instance
            if all(conc.joined_window(r) is not None or conc.drained_by_callers(r) for r in roots):
                continue  # the goroutines live within their spawner's call, which waits for them
            mine = {r.body.id for r in roots if r.body is not None}
            held = conc.locks_at(send, src, boundary)
            for c, csrc, cb in closes[key]:
                if cb.id in mine or not _closer_apart(conc, cb, csrc, mine, [r.node for r in roots]):
                    continue  # the goroutine closes its own channel, or only it runs the closer
                if conc.join_between(cb, csrc, cb.start_byte, c.start_byte):
                    continue  # the closer waits for something first: the senders, presumably
                if (deferred(c) or flow.in_deferred_literal(c)) and _joined_before_every_return(conc, cb, csrc):
                    continue
                if set(held) & set(conc.locks_at(c, csrc, cb)):
                    continue
                msg = (
                    f"`{src.text(send)}` runs in {roots[0].describe()}, while `{func_label(goast.enclosing_func(c), csrc)}` "
                    f"closes the same channel (`{csrc.text(c)}`, {csrc.path.rsplit('/', 1)[-1]}:{line_of(csrc, c)}) "
                    f"without waiting for that goroutine or sharing a lock with this send: a send after the close "
                    f"panics with `panic: send on closed channel`."
                )
                out.append(
                    Diagnostic(
                        src.span(send),
                        msg,
                        [
                            Related(csrc.span(c), "the channel is closed here"),
                            Related(roots[0].src.span(roots[0].node), "the sending goroutine is started here"),
                        ],
                        [],
                        anchor=f"{func_label(goast.enclosing_func(send), src)}|{key}|send-after-field-close",
                    )
                )
                break
    return out


def _map_store_of(ident: Node, fn: Node, src: SourceFile, conc) -> str | None:
    """`Type.field` of the map field that `fn` stores the local `ident` in as a value
    (`t.inflight[seq] = rc`)."""
    name = src.text(ident)
    for st in goast.of_type(goast.func_body(fn) or fn, "assignment_statement"):
        left, right = st.child_by_field_name("left"), st.child_by_field_name("right")
        ls = left.named_children if left is not None and left.type == "expression_list" else [left]
        rs = right.named_children if right is not None and right.type == "expression_list" else [right]
        if len(ls) != 1 or len(rs) != 1 or ls[0] is None or rs[0] is None or src.text(rs[0]) != name:
            continue
        target = goast.unparen(ls[0])
        if target.type != "index_expression":
            continue
        m = goast.unparen(target.child_by_field_name("operand"))
        if m.type == "selector_expression":
            key = conc.lock_name(m, src, fn)
            if key != src.text(m).replace(" ", ""):
                return key
    return None


def _map_read_of(ch: Node, src: SourceFile, conc, view: PackageView) -> str | None:
    """`Type.field` of the map field the local `ch` was read from in its function (`rc := t.inflight[seq]`)."""
    if ch.type != "identifier":
        return None
    d = resolve(ch, src, view)
    v = goast.unparen(d.value) if d is not None and d.kind == "local" and d.value is not None else None
    if v is None or v.type != "index_expression":
        return None
    m = goast.unparen(v.child_by_field_name("operand"))
    if m.type != "selector_expression":
        return None
    key = conc.lock_name(m, src, goast.enclosing_func(ch))
    return key if key != src.text(m).replace(" ", "") else None


def _registered_reply_closed(view: PackageView) -> list[Diagnostic]:
    """A caller's reply channel registered in a map field (`t.inflight[seq] = rc`) and closed by
    that caller when it is done, while a goroutine takes channels from the map and sends on them
    with the map's lock let go: the goroutine can take the channel just before the caller gives
    up and closes it, and its send then panics (a reply arriving as the timeout fires)."""
    conc = concurrency(view)
    closed: dict[str, list[tuple[Node, SourceFile, Node]]] = {}
    for src in view.non_test_files:
        if not src.mentions(b"close(") or not calls_builtin_close(src.data):
            continue
        for c, arg in close_calls(src):
            arg = goast.unparen(arg)
            if arg.type != "identifier":
                continue
            d = resolve(arg, src, view)
            if d is None or d.kind != "local" or d.ident is None:
                continue
            owner = goast.enclosing_func(d.ident)
            key = _map_store_of(d.ident, owner, src, conc) if owner is not None else None
            if key is not None:
                closed.setdefault(key, []).append((c, src, owner))
    if not closed:
        return []
    out = []
    reported: set[int] = set()
    for src in view.non_test_files:
        if not src.mentions(b"<-"):
            continue
        for send in token_owners(src, *SENDS):
            ch = goast.unparen(send.child_by_field_name("channel"))
            key = _map_read_of(ch, src, conc, view) if ch.type == "identifier" else None
            if key is None or key not in closed:
                continue
            boundary = conc.boundary_of(send, src)
            roots = [r for r in conc.roots_of(boundary, src) if r is not PLAIN] if boundary is not None else []
            if not roots or any(r.kind != "go" for r in roots):
                continue  # the replies come from a goroutine of their own
            held = set(conc.locks_at(send, src, boundary))
            for c, csrc, owner in closed[key]:
                if c.id in reported or goast.inside(send, owner) or held & set(conc.locks_at(c, csrc, conc.boundary_of(c, csrc))):
                    continue
                reported.add(c.id)
                name = csrc.text(goast.call_args(c)[0])
                msg = (
                    f"`{func_label(owner, csrc)}` closes `{name}`, the channel it registered in `{key}`, while "
                    f"{roots[0].describe()} takes channels from that map and sends on them with the lock let go "
                    f"(`{src.text(send)}`, {src.path.rsplit('/', 1)[-1]}:{line_of(src, send)}): when the reply comes as the "
                    f"caller gives up, the send runs after the close and panics with `panic: send on closed channel`. "
                    f"Leave the channel open once it is out of the map: nothing else receives from it."
                )
                out.append(
                    Diagnostic(
                        csrc.span(c),
                        msg,
                        [
                            Related(src.span(send), "the goroutine sends here, on a channel it took from the map"),
                            Related(roots[0].src.span(roots[0].node), "the sending goroutine is started here"),
                        ],
                        [],
                        anchor=f"{func_label(owner, csrc)}|{key}|registered-reply-closed",
                    )
                )
    return out


def _send_past_stop_signal(view: PackageView) -> list[Diagnostic]:
    """An exported method sends on a channel field with a bare send, while the type's shutdown
    closes that field together with a stop signal (another channel field it closes in the same
    function). The stop signal says the type expects callers still running at shutdown, yet this
    send never looks at it: a call that races with the shutdown sends on the closed channel."""
    if not any(f.mentions(b"close(") for f in view.files):
        return []
    conc = concurrency(view)
    closes = field_closes(view, conc)
    if len(closes) < 2:
        return []
    by_func: dict[int, set[str]] = {}
    for key, sites in closes.items():
        for c, _csrc, _cb in sites:
            fn = goast.enclosing_decl(c)
            if fn is not None:
                by_func.setdefault(fn.id, set()).add(key)
    out = []
    done: set[str] = set()
    for src in view.files:
        if src.is_test or not src.mentions(b"<-"):
            continue
        for send in token_owners(src, *SENDS):
            ch = goast.unparen(send.child_by_field_name("channel"))
            decl = goast.own_receiver_method(ch, src)
            if decl is None or not goast.func_name(decl, src)[:1].isupper() or conc.is_constructor(decl, src):
                continue
            if goast.enclosing_func(send) != decl or _in_select(send):
                continue  # only a plain send in the method's own body: a select may watch the signal
            key = conc.lock_name(ch, src, decl)
            if key in done or key not in closes or field_reassigned(view, conc, key):
                continue
            boundary = conc.boundary_of(send, src)
            if boundary is None:
                continue
            held = set(conc.locks_at(send, src, boundary))
            body = src.text(decl)
            for c, csrc, cb in closes[key]:
                closer = goast.enclosing_decl(c)
                if closer is None or closer == decl:
                    continue
                if not _in_once(c, csrc):
                    continue  # a shutdown that guards against running twice expects concurrent callers
                signals = [
                    k
                    for k in by_func.get(closer.id, ())
                    if k != key and k.rsplit(".", 1)[0] == key.rsplit(".", 1)[0] and not _sent_on(view, k.rsplit(".", 1)[1])
                ]
                if not signals:
                    continue
                if any("." + k.rsplit(".", 1)[1] in body for k in signals):
                    continue  # the sender looks at the stop signal (however it does)
                if held & set(conc.locks_at(c, csrc, cb)):
                    continue
                sig = signals[0].rsplit(".", 1)[1]
                msg = (
                    f"`{src.text(send)}` in `{func_label(decl, src)}` does not watch the stop signal `{sig}`, but "
                    f"`{func_label(closer, csrc)}` closes this channel together with it ({csrc.path.rsplit('/', 1)[-1]}:{line_of(csrc, c)}): "
                    f"a call that runs during or after the shutdown sends on the closed channel and panics with "
                    f"`panic: send on closed channel`. Select on the stop signal in the send and leave the channel open."
                )
                out.append(
                    Diagnostic(
                        src.span(send),
                        msg,
                        [Related(csrc.span(c), "the channel is closed here, with the stop signal")],
                        [],
                        anchor=f"{func_label(decl, src)}|{key}|send-past-stop-signal",
                    )
                )
                done.add(key)
                break
    return out


def _in_once(c: Node, src: SourceFile) -> bool:
    """The close runs in a func literal handed to `x.Do(...)` (a sync.Once)."""
    for a in goast.ancestors(c):
        if a.type == "func_literal":
            args = a.parent
            call = args.parent if args is not None and args.type == "argument_list" else None
            f = call.child_by_field_name("function") if call is not None else None
            return f is not None and f.type == "selector_expression" and src.text(f.child_by_field_name("field")) == "Do"
        if a.type in ("function_declaration", "method_declaration"):
            return False
    return False


def _sent_on(view: PackageView, field: str) -> bool:
    """Some send in the package targets a field of this name: a data channel, not a signal
    that only closes."""
    needle = ("." + field).encode()
    for src in view.files:
        if needle not in src.data:
            continue
        for send in token_owners(src, *SENDS):
            ch = goast.unparen(send.child_by_field_name("channel"))
            if ch.type == "selector_expression" and src.text(ch.child_by_field_name("field")) == field:
                return True
    return False


def _in_select(n: Node) -> bool:
    return any(a.type == "communication_case" for a in goast.ancestors(n))


def _closed_on_early_return(view: PackageView, src: SourceFile, lc: LocalChan) -> list[Diagnostic]:
    """`defer close(results)` in a function that collects what its goroutines send on `results`
    and returns on the first error: the close runs while the goroutines not heard from yet
    still send (buffered or not, a send on a closed channel panics)."""
    fn = lc.func
    closes = [u.op for u in lc.of("close")]
    if not closes or not all(deferred(c) and goast.enclosing_func(c) == fn for c in closes) or not lc.of("recv", "range"):
        return []
    uses = chan_flow(lc, view)
    if uses is None or any(u.kind == "close" and u.func != fn for u in uses):
        return []
    sends = [u for u in uses if u.kind == "send" and u.go is not None and goast.enclosing_func(u.go) == fn]
    many = any(u.looped or enclosing_loop(u.op, u.func) is not None for u in sends) or len({u.go.id for u in sends}) > 1
    if not many or any(goast.call_parts(c, src)[1] == "Wait" for c in flow.own_calls(fn, src)):
        return []
    returns = flow.own_owners(fn, src, "return", flow.RETURNS)
    for r in uses:
        if r.kind not in ("recv", "range") or r.go is not None or r.func != fn:
            continue
        loop = r.op.parent if r.kind == "range" else enclosing_loop(r.op, fn)
        if loop is None or loop.type != "for_statement":
            continue
        early = next((ret for ret in returns if goast.inside(ret, loop) and _on_failure(ret, loop, lc.name, src)), None)
        if early is None:
            continue
        s, c = sends[0], closes[0]
        label = func_label(fn, src)
        looped = " in a loop" if s.looped else ""
        msg = (
            f"`{label}` closes `{lc.name}` when it returns (deferred), and it returns at line {line_of(src, early)} while "
            f"the goroutines started at line {line_of(src, s.go)}{looped} may still be sending on it: their next send "
            f"panics with `panic: send on closed channel`, crashing the program. Wait for the senders before the close, "
            f"or let them stop through a done channel and have the last one close."
        )
        related = [
            Related(src.span(c), "closed here when the function returns"),
            Related(src.span(early), "returns here before every sender is done"),
            Related(s.src.span(s.op), "this send panics once the channel is closed"),
            Related(src.span(s.go), "the sending goroutine is started here"),
        ]
        return [Diagnostic(src.span(c), msg, related, [], anchor=f"{label}|{lc.name}|closed-on-early-return")]
    return []


def _on_failure(ret: Node, loop: Node, name: str, src: SourceFile) -> bool:
    """`ret` leaves the receive loop early: under an error test (`if r.err != nil`), or in a
    select case waiting on something other than the channel (`case <-ctx.Done()`)."""
    for a in goast.ancestors(ret):
        if a == loop:
            return False
        if a.type == "if_statement":
            return error_path(ret, loop, src)
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            return comm is not None and name not in src.text(comm)
    return False


def _check_send_closed(view, src, lc: LocalChan) -> list[Diagnostic]:
    fn = lc.func
    label = func_label(fn, src)
    out = []
    closes = [u.op for u in lc.of("close") if goast.enclosing_func(u.op) == fn]
    sends = lc.of("send")
    for c in closes:
        # straight line: close then send in the same function
        for s in sends:
            if goast.enclosing_func(s.op) == fn and not deferred(c) and dominates(c, s.op, src):
                out.append(
                    Diagnostic(
                        src.span(s.op),
                        f"`{src.text(s.op)}` after `close({lc.name})` at line {line_of(src, c)}: `panic: send on closed channel`.",
                        [Related(src.span(c), "closed here")],
                        [],
                        anchor=f"{label}|{lc.name}|send-after-close",
                    )
                )
        if lc.of("recv", "range") and any(goast.enclosing_func(u.op) == fn for u in lc.of("recv", "range")):
            continue  # the closer also receives: close-by-receiver's case
        # goroutines that send, closed by the spawner without waiting for them
        for s in sends:
            g = go_literal(s.op)
            if g is None or g == fn:
                continue
            gs = go_stmt_of(g)
            if gs is None or goast.enclosing_func(gs) != fn:
                continue
            end = (goast.func_body(fn) or fn).end_byte if deferred(c) else c.start_byte
            if gs.end_byte > c.start_byte and not deferred(c):
                continue
            if deferred(c):
                blk = next((a for a in goast.ancestors(c) if a.type == "statement_list"), None)
                if blk is not None and blk.end_byte <= gs.start_byte and goast.block_terminates(blk, src):
                    continue  # deferred on an early return taken before the goroutine starts
            if enclosing_loop(c, fn) is not None and enclosing_loop(c, fn) == enclosing_loop(gs, fn) and False:
                continue
            if _joins_between(fn, src, gs.end_byte, end):
                continue
            how = "when it returns (deferred)" if deferred(c) else f"at line {line_of(src, c)}"
            msg = (
                f"`{label}` closes `{lc.name}` {how} without waiting for the goroutine started at line "
                f"{line_of(src, gs)}, which sends on it: if the send comes after the close it panics with "
                f"`panic: send on closed channel`, crashing the program."
            )
            out.append(
                Diagnostic(
                    src.span(s.op),
                    msg,
                    [
                        Related(src.span(c), "closed here, with no Wait or receive before it"),
                        Related(src.span(gs), "the sending goroutine is started here"),
                    ],
                    [],
                    anchor=f"{label}|{lc.name}|send-vs-close|{src.text(s.op)}",
                )
            )
            break
    return out


SEND_CLOSED = register(
    Rule(
        id="send-on-closed-channel",
        in_tests=False,
        tests_reason=(
            "a send on a closed channel in a test panics the test run itself, at the line that sends: "
            "the test fails wherever that path runs, with no review needed to find it."
        ),
        title="Send on a channel that may already be closed",
        family="D",
        severity=Severity.ERROR,
        what="""
Finds sends that can happen after the channel is closed: a send following `close(ch)` on the
same path, and goroutines that send on a channel their spawner closes (directly or deferred)
without first waiting for them (`wg.Wait()`, a receive, a `select`), and a deferred close in
a function that collects what its goroutines send and returns on the first error (or on a
`case <-ctx.Done()`) while the others still send. Also a goroutine of a
type's own (started by its methods or constructor) sending on a channel field that an exported
method, or a goroutine of its own, closes without waiting first or sharing a lock with the send
(a writer goroutine's deferred clean-up closing the queue another goroutine feeds, too), unless
the sending goroutines live within their spawner's call, which waits for them.
And a caller's reply channel registered in a map field (`t.inflight[seq] = rc`) and closed by
that caller when it is done, while a goroutine takes channels from the map and sends on them with
the map's lock let go: the reply can come as the caller gives up.
And an exported method's plain send on a channel field that the type's shutdown closes inside a
`sync.Once` together with a stop signal (a channel field nothing sends on), when the sending
method never looks at that signal: the shutdown is built for concurrent callers, the send is not.
""",
        why="""
A send on a closed channel panics: `panic: send on closed channel`. When the closer does not
wait for the senders, it depends on scheduling: the program works in tests and crashes under
load, losing whatever it was doing (work in flight is lost).
""",
        example="""
func produce(items []int) chan int {
	out := make(chan int, len(items))
	for _, it := range items {
		go func() { out <- it * 2 }()
	}
	close(out) // the goroutines may not have sent yet
	return out
}
""",
        instead="""
func produce(items []int) chan int {
	out := make(chan int, len(items))
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() { defer wg.Done(); out <- it * 2 }()
	}
	wg.Wait()
	close(out)
	return out
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_send_on_closed,
    )
)
