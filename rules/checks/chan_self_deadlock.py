"""chan-self-deadlock: an unbuffered channel that only one goroutine ever touches (a send whose only
receiver is later in that same goroutine, or the reverse), and the collector that waits for its
senders (`wg.Wait()`, `g.Wait()`) before receiving what they send."""

from __future__ import annotations

from .. import goast
from ..chanblocking import (
    at_line_start,
    goroutine_of,
    in_loop_within,
    is_nonblocking,
    is_unbuffered,
    sender_goroutines,
    wait_calls,
    where_line,
)
from ..chanflow import (
    LocalChan,
    file_chans,
    func_label,
)
from ..goast import Node
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register
from ..selfsend import SelfSend, self_sends


def _chans(view: PackageView, needle: bytes = b"") -> list[tuple[SourceFile, LocalChan]]:
    out = []
    for src in view.files:
        if not src.mentions(b"make(chan") or (needle and not src.mentions(needle)):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                out.append((src, lc))
    return out


def _self_deadlock(view: PackageView):
    out = []
    for src, lc in _chans(view, b"<-"):
        if lc.escapes or not is_unbuffered(lc, src):
            continue
        d = _same_goroutine(view, src, lc)
        if d is not None:
            out.append(d)
            continue
        d = _wait_before_drain(view, src, lc)
        if d is not None:
            out.append(d)
    out.extend(_self_send_diag(s) for s in self_sends(view))
    return out


def _self_send_diag(s: SelfSend) -> Diagnostic:
    """The loop's goroutine blocks at the send: the finding is there, the call that leads to it
    is the evidence."""
    ssrc, lsrc = s.send_src, s.loop_src
    first = s.chain[0][1]
    where = f"{lsrc.path.rsplit('/', 1)[-1]}:{goast.line_of(lsrc, first)}"
    msg = (
        f"`{ssrc.text(s.send)}` is reached from the goroutine that alone receives from `{s.field}` "
        f"(its loop calls `{lsrc.text(first.child_by_field_name('function'))}` at {where}): the channel is "
        f"unbuffered and that goroutine is busy making this send, so no one receives it and the goroutine "
        f"blocks forever, with everything that waits on its loop. Make the send give up when the loop stops "
        f"(select on its stop channel), or handle the case in the loop without sending to itself."
    )
    related = [Related(lsrc.span(s.recv), "the only receive of the channel, in this loop")]
    related += [Related(src.span(n), "the loop's goroutine calls this, which leads to the send") for src, n in s.chain]
    return Diagnostic(ssrc.span(s.send), msg, related, [], anchor=f"{s.field}|self-send|{ssrc.text(s.send)[:40]}")


def _same_goroutine(view: PackageView, src: SourceFile, lc: LocalChan) -> Diagnostic | None:
    fn = lc.func
    ops = [u for u in lc.uses if u.kind != "decl"]
    if any(goroutine_of(u.op, fn) is not None for u in ops):
        return None  # a closure or goroutine touches it: not one goroutine
    sends = lc.of("send")
    recvs = lc.of("recv", "range")
    if not sends or not recvs:
        return None
    closes = lc.of("close")
    blocking = []
    for u in sends + recvs:
        if is_nonblocking(u.op):
            continue
        if u.kind != "send" and closes:
            continue  # a receive after close returns at once
        blocking.append(u)
    if not blocking:
        return None
    blocking.sort(key=lambda u: u.op.start_byte)
    first = blocking[0]
    label = func_label(fn, src)
    if first.kind == "send":
        others = [u for u in recvs if u.op.start_byte > first.op.start_byte]
        if not others:
            return None
        other = others[0]
        msg = (
            f"`{src.text(first.op)}` blocks forever: `{lc.name}` is unbuffered and its only receiver "
            f"(`{src.text(other.op) if other.kind == 'recv' else 'range ' + lc.name}` at {where_line(src, other.op)}) "
            f"is later in this same goroutine, which never gets there. No other goroutine can ever use "
            f"`{lc.name}`: `fatal error: all goroutines are asleep - deadlock!` when nothing else runs, "
            f"otherwise this goroutine leaks."
        )
        related = [
            Related(src.span(other.op), "the only receive, reached only after the send completes"),
            Related(src.span(lc.make), f"`{lc.name}` is made here without a buffer"),
        ]
        fixes = []
        if not any(in_loop_within(u.op, fn) for u in sends) and not lc.of("range"):
            n = len(sends)
            args = lc.make.child_by_field_name("arguments")
            if lc.cap is None and args is not None:
                edit = TextEdit(src.path, args.end_byte - 1, args.end_byte - 1, f", {n}")
            else:
                edit = TextEdit(src.path, lc.cap.start_byte, lc.cap.end_byte, str(n))
            fixes.append(Fix(f"Buffer `{lc.name}` for its {n} send(s) so they complete without a receiver waiting", (edit,)))
        return Diagnostic(src.span(first.op), msg, related, fixes, anchor=f"{label}|{lc.name}|self-send")
    others = [u for u in sends if u.op.start_byte > first.op.start_byte]
    if not others:
        return None
    other = others[0]
    what = f"`{src.text(first.op)}`" if first.kind == "recv" else f"`range {lc.name}`"
    msg = (
        f"{what} blocks forever: the only sender (`{src.text(other.op)}` at {where_line(src, other.op)}) is later "
        f"in this same goroutine, and `{lc.name}` is never closed nor handed to another goroutine: "
        f"`fatal error: all goroutines are asleep - deadlock!` when nothing else runs, otherwise this goroutine "
        f"leaks."
    )
    related = [
        Related(src.span(other.op), "the only send, reached only after the receive completes"),
        Related(src.span(lc.make), f"`{lc.name}` is made here"),
    ]
    return Diagnostic(src.span(first.op), msg, related, [], anchor=f"{label}|{lc.name}|self-recv")


def _counted_by(lit: Node, launcher: Node, src: SourceFile, group: str, send: Node) -> bool:
    """Does `group.Wait()` wait for the goroutine literal to get past `send`: `group.Go(lit)`, or
    `group.Done()` deferred or called after the send (never before it)?"""
    if launcher.type == "call_expression":
        recv, name = goast.call_parts(launcher, src)
        return name in ("Go", "TryGo") and recv is not None and recv.replace(" ", "") == group
    found = False
    for n in goast.of_type(lit, "call_expression", skip_func_literals=True):
        recv, name = goast.call_parts(n, src)
        if name == "Done" and recv is not None and recv.replace(" ", "") == group:
            deferred = n.parent is not None and n.parent.type == "defer_statement"
            if not deferred and n.start_byte < send.start_byte:
                return False  # Done before the send: Wait may return first
            found = True
    return found


def _straight_path(a: Node, b: Node, fn: Node, src: SourceFile) -> bool:
    """Does `a` run before `b` on every path reaching `b`, at the top level of `fn`'s body
    (`a`'s statement precedes `b`'s in the same statement list, no loop around either)?"""
    body = goast.func_body(fn)
    sa = _top_statement(a, body)
    sb = _top_statement(b, body)
    if sa is None or sb is None or sa.start_byte >= sb.start_byte:
        return False
    return True


def _top_statement(n: Node, body: Node | None) -> Node | None:
    if body is None:
        return None
    lst = next((c for c in body.named_children if c.type == "statement_list"), None)
    cur = n
    while cur is not None and cur.parent is not None:
        if cur.parent == lst:
            return cur
        cur = cur.parent
    return None


def _wait_before_drain(view: PackageView, src: SourceFile, lc: LocalChan) -> Diagnostic | None:
    fn = lc.func
    recvs = lc.of("recv", "range")
    if not recvs or any(goroutine_of(u.op, fn) is not None for u in recvs):
        return None
    if any(goroutine_of(u.op, fn) is not None for u in lc.of("close", "len")):
        return None
    senders = sender_goroutines(lc, fn)
    if not senders or not any(s[2] for s in senders.values()):
        return None
    first_recv = min(recvs, key=lambda u: u.op.start_byte)
    last_launch = max(s[1].end_byte for s in senders.values())
    for wait, group in wait_calls(fn, src):
        if not (last_launch <= wait.start_byte and wait.end_byte <= first_recv.op.start_byte):
            continue
        if not _straight_path(wait, first_recv.op, fn, src):
            continue
        blocked = [
            (lit, launcher, sends)
            for lit, launcher, sends in senders.values()
            if sends and all(_counted_by(lit, launcher, src, group, x) for x in sends)
        ]
        if not blocked:
            continue
        lit, launcher, sends = blocked[0]
        label = func_label(fn, src)
        send = sends[0]
        msg = (
            f"`{src.text(wait)}` waits for the goroutines that send on `{lc.name}`, but `{lc.name}` is unbuffered "
            f"and `{label}` receives from it only afterwards ({where_line(src, first_recv.op)}): each sender blocks on "
            f"`{src.text(send)}`, never finishes, and `{src.text(wait)}` never returns — a deadlock "
            f"(`fatal error: all goroutines are asleep - deadlock!` when nothing else runs)."
        )
        related = [
            Related(src.span(send), "the goroutine blocks here: nobody receives yet"),
            Related(src.span(launcher), "the sending goroutine is started here"),
            Related(src.span(first_recv.op), "the receive that would unblock it runs only after the Wait"),
        ]
        fixes = _wait_close_fix(src, wait, lc, fn)
        return Diagnostic(src.span(wait), msg, related, fixes, anchor=f"{label}|{lc.name}|wait-before-drain")
    return None


def _wait_close_fix(src: SourceFile, wait: Node, lc: LocalChan, fn: Node) -> list[Fix]:
    """`wg.Wait(); close(ch); for v := range ch {…}` -> wait and close in a goroutine."""
    st = goast.statement_of(wait)
    if st is None or st.type != "expression_statement" or st.named_children[0] != wait:
        return []
    nxt = st.next_named_sibling
    if nxt is None or nxt.type != "expression_statement" or not at_line_start(src, st):
        return []
    c = nxt.named_children[0] if nxt.named_children else None
    if c is None or not any(u.op == c for u in lc.of("close")):
        return []
    after = nxt.next_named_sibling
    if after is None or after.type != "for_statement" or not any(u.op.parent == after for u in lc.of("range")):
        return []
    ind = src.indent_at(st.start_byte)
    text = f"go func() {{\n{ind}\t{src.text(wait)}\n{ind}\t{src.text(c)}\n{ind}}}()"
    return [
        Fix(
            f"Wait and close `{lc.name}` in a goroutine, so the range below drains the senders",
            (TextEdit(src.path, st.start_byte, nxt.end_byte, text),),
        )
    ]


CHAN_SELF_DEADLOCK = register(
    Rule(
        id="chan-self-deadlock",
        title="Channel operation that only its own goroutine could complete",
        family="D",
        severity=Severity.ERROR,
        what="""
Finds unbuffered channels made in a function and used by that goroutine alone: a send whose only
receiver comes later in the same goroutine (or a receive whose only sender does). Also finds the
collector that waits for its senders (`wg.Wait()`, `g.Wait()`) before receiving from the
unbuffered channel they send on. Channels handed to other code are left alone. And a struct's
unbuffered channel field that one goroutine's loop alone receives from, when that loop calls
(through at most a few methods of the package) a function that sends on the same field: the
report is at the send, where the loop's goroutine blocks.
""",
        why="""
A send on an unbuffered channel completes only when another goroutine receives. When the only
receive is further down the same goroutine, nobody ever will: the goroutine blocks forever, and
when nothing else is running the runtime stops the program with
`fatal error: all goroutines are asleep - deadlock!`. Waiting for senders before draining is the
same trap one step removed: the senders block on the send, never call `Done`, and `Wait` never
returns.
""",
        example="""
results := make(chan int)
var wg sync.WaitGroup
for _, j := range jobs {
	wg.Add(1)
	go func() { defer wg.Done(); results <- j.Run() }()
}
wg.Wait() // the senders wait for a receiver that waits for them
close(results)
for r := range results {
	total += r
}
""",
        instead="""
results := make(chan int)
var wg sync.WaitGroup
for _, j := range jobs {
	wg.Add(1)
	go func() { defer wg.Done(); results <- j.Run() }()
}
go func() {
	wg.Wait()
	close(results)
}()
for r := range results {
	total += r
}
""",
        vet_overlap="Not covered by go vet or staticcheck; the runtime only detects it when every goroutine is stuck.",
        run=_self_deadlock,
    )
)
