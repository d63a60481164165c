"""Family C/D: channel deadlocks inside one function, results abandoned by a fan-out
collector, and goroutines started before the values they use are initialised.

- chan-self-deadlock: an unbuffered channel that only one goroutine ever touches (a send
  whose only receiver is later in that same goroutine, or the reverse), and the collector that
  waits for its senders (`wg.Wait()`, `g.Wait()`) before receiving what they send.
- errgroup-result-abandoned: senders started with `g.Go(func…)` (errgroup-style), or `go`
  senders whose channel a waiter goroutine closes, blocked on an unbuffered channel after the
  collector returned on the first error. (`go` senders on a channel nobody closes are
  goroutine-send-leak's.)
- go-before-init: `go s.loop()` (or a goroutine literal) reads a field or variable that its
  creator assigns only after the `go` statement, with nothing ordering the two.

All intra-procedural and syntactic, built on the local-channel facts of _chanflow: a channel
passed anywhere, stored or returned is left alone."""
from __future__ import annotations

import re

from .. import goast
from ..concurrency import concurrency, go_literal_of
from ..goast import Node, unparen
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register
from ..scope import resolve
from ._chanflow import (
    LocalChan,
    case_body,
    fails,
    file_chans,
    func_label,
    int_value,
    is_recv,
    leaves,
    line_of,
    select_of,
)
from .cond import type_text


def _unbuffered(lc: LocalChan, src: SourceFile) -> bool:
    return lc.cap is None or int_value(lc.cap, src) == 0


def _nonblocking(op: Node) -> bool:
    sel, case = select_of(op)
    if sel is None:
        return False
    return any(c != case and c.type in ("communication_case", "default_case") for c in sel.named_children)


def _launcher(lit: Node) -> Node | None:
    """`go func(){…}()` statement or `g.Go(func…)` call running this literal."""
    return go_literal_of(lit)


def _goroutine_of(n: Node, fn: Node) -> Node | None:
    """The innermost func literal between `n` and `fn` if it is run by `go`/`X.Go`; the literal
    itself; None when `n` is directly in `fn` (not inside any literal)."""
    for a in goast.ancestors(n):
        if a == fn:
            return None
        if a.type == "func_literal":
            return a
    return None


def _where(src: SourceFile, n: Node) -> str:
    return f"line {line_of(src, n)}"


def _at_line_start(src: SourceFile, node: Node) -> bool:
    return src.line_start(node.start_byte) + len(src.indent_at(node.start_byte).encode()) == node.start_byte


def _in_loop_within(n: Node, stop: Node) -> bool:
    for a in goast.ancestors(n):
        if a == stop or a.type in goast.FUNC_TYPES:
            return False
        if a.type == "for_statement":
            return True
    return False


def _chans(view: PackageView, needle: bytes = b"") -> list[tuple[SourceFile, LocalChan]]:
    out = []
    for src in view.files:
        if not src.mentions(b"make(chan") or (needle and not src.mentions(needle)):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                out.append((src, lc))
    return out


# -- chan-self-deadlock ------------------------------------------------------------------


def _self_deadlock(view: PackageView):
    out = []
    for src, lc in _chans(view, b"<-"):
        if lc.escapes or not _unbuffered(lc, src):
            continue
        d = _same_goroutine(view, src, lc)
        if d is not None:
            out.append(d)
            continue
        d = _wait_before_drain(view, src, lc)
        if d is not None:
            out.append(d)
    return out


def _same_goroutine(view: PackageView, src: SourceFile, lc: LocalChan) -> Diagnostic | None:
    fn = lc.func
    ops = [u for u in lc.uses if u.kind != "decl"]
    if any(_goroutine_of(u.op, fn) is not None for u in ops):
        return None  # a closure or goroutine touches it: not one goroutine
    sends = lc.of("send")
    recvs = lc.of("recv", "range")
    if not sends or not recvs:
        return None
    closes = lc.of("close")
    blocking = []
    for u in sends + recvs:
        if _nonblocking(u.op):
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
        msg = (f"`{src.text(first.op)}` blocks forever: `{lc.name}` is unbuffered and its only receiver "
               f"(`{src.text(other.op) if other.kind == 'recv' else 'range ' + lc.name}` at {_where(src, other.op)}) "
               f"is later in this same goroutine, which never gets there. No other goroutine can ever use "
               f"`{lc.name}`: `fatal error: all goroutines are asleep - deadlock!` when nothing else runs, "
               f"otherwise this goroutine leaks.")
        related = [Related(src.span(other.op), "the only receive, reached only after the send completes"),
                   Related(src.span(lc.make), f"`{lc.name}` is made here without a buffer")]
        fixes = []
        if not any(_in_loop_within(u.op, fn) for u in sends) and not lc.of("range"):
            n = len(sends)
            args = lc.make.child_by_field_name("arguments")
            if lc.cap is None and args is not None:
                edit = TextEdit(src.path, args.end_byte - 1, args.end_byte - 1, f", {n}")
            else:
                edit = TextEdit(src.path, lc.cap.start_byte, lc.cap.end_byte, str(n))
            fixes.append(Fix(f"Buffer `{lc.name}` for its {n} send(s) so they complete without a receiver waiting",
                             (edit,)))
        return Diagnostic(src.span(first.op), msg, related, fixes, anchor=f"{label}|{lc.name}|self-send")
    others = [u for u in sends if u.op.start_byte > first.op.start_byte]
    if not others:
        return None
    other = others[0]
    what = f"`{src.text(first.op)}`" if first.kind == "recv" else f"`range {lc.name}`"
    msg = (f"{what} blocks forever: the only sender (`{src.text(other.op)}` at {_where(src, other.op)}) is later "
           f"in this same goroutine, and `{lc.name}` is never closed nor handed to another goroutine: "
           f"`fatal error: all goroutines are asleep - deadlock!` when nothing else runs, otherwise this goroutine "
           f"leaks.")
    related = [Related(src.span(other.op), "the only send, reached only after the receive completes"),
               Related(src.span(lc.make), f"`{lc.name}` is made here")]
    return Diagnostic(src.span(first.op), msg, related, [], anchor=f"{label}|{lc.name}|self-recv")


def _wait_calls(fn: Node, src: SourceFile) -> list[tuple[Node, str]]:
    """(call, operand text) of `X.Wait()` calls directly in `fn` (not in literals)."""
    out = []
    for n in goast.of_type(goast.func_body(fn) or fn, "call_expression", skip_func_literals=True):
        recv, name = goast.call_parts(n, src)
        if name == "Wait" and recv is not None and not goast.call_args(n):
            out.append((n, recv.replace(" ", "")))
    return out


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


def _sender_goroutines(lc: LocalChan, fn: Node):
    """{literal id: (literal, launcher, [blocking sends])} when every send is in a goroutine
    literal started directly by `fn`; None otherwise."""
    senders: dict[int, tuple[Node, Node, list[Node]]] = {}
    for u in lc.of("send"):
        lit = _goroutine_of(u.op, fn)
        if lit is None:
            return None
        launcher = _launcher(lit)
        if launcher is None or goast.enclosing_func(launcher) != fn:
            return None
        if goast.enclosing_func(u.op) != lit:
            return None
        entry = senders.setdefault(lit.id, (lit, launcher, []))
        if not _nonblocking(u.op):
            entry[2].append(u.op)
    return senders


def _wait_before_drain(view: PackageView, src: SourceFile, lc: LocalChan) -> Diagnostic | None:
    fn = lc.func
    recvs = lc.of("recv", "range")
    if not recvs or any(_goroutine_of(u.op, fn) is not None for u in recvs):
        return None
    if any(_goroutine_of(u.op, fn) is not None for u in lc.of("close", "len")):
        return None
    senders = _sender_goroutines(lc, fn)
    if not senders or not any(s[2] for s in senders.values()):
        return None
    first_recv = min(recvs, key=lambda u: u.op.start_byte)
    last_launch = max(s[1].end_byte for s in senders.values())
    for wait, group in _wait_calls(fn, src):
        if not (last_launch <= wait.start_byte and wait.end_byte <= first_recv.op.start_byte):
            continue
        if not _straight_path(wait, first_recv.op, fn, src):
            continue
        blocked = [(lit, launcher, sends) for lit, launcher, sends in senders.values()
                   if sends and all(_counted_by(lit, launcher, src, group, x) for x in sends)]
        if not blocked:
            continue
        lit, launcher, sends = blocked[0]
        label = func_label(fn, src)
        send = sends[0]
        msg = (f"`{src.text(wait)}` waits for the goroutines that send on `{lc.name}`, but `{lc.name}` is unbuffered "
               f"and `{label}` receives from it only afterwards ({_where(src, first_recv.op)}): each sender blocks on "
               f"`{src.text(send)}`, never finishes, and `{src.text(wait)}` never returns — a deadlock "
               f"(`fatal error: all goroutines are asleep - deadlock!` when nothing else runs).")
        related = [Related(src.span(send), "the goroutine blocks here: nobody receives yet"),
                   Related(src.span(launcher), "the sending goroutine is started here"),
                   Related(src.span(first_recv.op), "the receive that would unblock it runs only after the Wait")]
        fixes = _wait_close_fix(src, wait, lc, fn)
        return Diagnostic(src.span(wait), msg, related, fixes, anchor=f"{label}|{lc.name}|wait-before-drain")
    return None


def _wait_close_fix(src: SourceFile, wait: Node, lc: LocalChan, fn: Node) -> list[Fix]:
    """`wg.Wait(); close(ch); for v := range ch {…}` -> wait and close in a goroutine."""
    st = goast.statement_of(wait)
    if st is None or st.type != "expression_statement" or st.named_children[0] != wait:
        return []
    nxt = st.next_named_sibling
    if nxt is None or nxt.type != "expression_statement" or not _at_line_start(src, st):
        return []
    c = nxt.named_children[0] if nxt.named_children else None
    if c is None or not any(u.op == c for u in lc.of("close")):
        return []
    after = nxt.next_named_sibling
    if after is None or after.type != "for_statement" or not any(u.op.parent == after for u in lc.of("range")):
        return []
    ind = src.indent_at(st.start_byte)
    text = f"go func() {{\n{ind}\t{src.text(wait)}\n{ind}\t{src.text(c)}\n{ind}}}()"
    return [Fix(f"Wait and close `{lc.name}` in a goroutine, so the range below drains the senders",
                (TextEdit(src.path, st.start_byte, nxt.end_byte, text),))]


CHAN_SELF_DEADLOCK = register(Rule(
    id="chan-self-deadlock",
    title="Channel operation that only its own goroutine could complete",
    family="D",
    severity=Severity.ERROR,
    what="""
Finds unbuffered channels made in a function and used by that goroutine alone: a send whose only
receiver comes later in the same goroutine (or a receive whose only sender does). Also finds the
collector that waits for its senders (`wg.Wait()`, `g.Wait()`) before receiving from the
unbuffered channel they send on. Channels handed to other code are left alone.
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
))


# -- errgroup-result-abandoned --------------------------------------------------------------


def _abandoned(view: PackageView):
    out = []
    for src in view.files:
        if not (src.mentions(b".Go(") or (src.mentions(b"close(") and src.mentions(b".Wait()"))):
            continue
        if not src.mentions(b"make(chan"):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                d = _check_abandoned(view, src, lc)
                if d is not None:
                    out.append(d)
    return out


def _check_abandoned(view: PackageView, src: SourceFile, lc: LocalChan) -> Diagnostic | None:
    fn = lc.func
    if lc.escapes or not _unbuffered(lc, src):
        return None
    recvs = lc.of("recv", "range")
    if not recvs or any(_goroutine_of(u.op, fn) is not None for u in recvs):
        return None
    senders = _sender_goroutines(lc, fn)
    if not senders:
        return None
    blocking = [s for s in senders.values() if s[2]]
    if not blocking:
        return None
    group_style = any(s[1].type == "call_expression" for s in senders.values())
    if not group_style and not _closed_by_waiter(lc, fn, src):
        return None  # `go` senders on a channel nobody closes: goroutine-send-leak; closed by
        # the receiver itself: close-by-receiver
    # several values: a sender in a loop, or launched in a loop, or several senders
    multi = len(senders) > 1 or any(_in_loop_within(s[1], fn) or any(_in_loop_within(x, s[0]) for x in s[2])
                                    for s in senders.values())
    if not multi:
        return None
    # the receive loop that gives up on the first error
    for u in recvs:
        if u.kind == "range":
            loop = u.op.parent if u.op.parent is not None and u.op.parent.type == "for_statement" else None
        else:
            if _nonblocking(u.op):
                continue
            loop = None
            for a in goast.ancestors(u.op):
                if a == fn:
                    break
                if a.type == "for_statement":
                    loop = a
                    break
        if loop is None or goast.inside(lc.make, loop) or any(goast.inside(x[1], loop) for x in senders.values()):
            continue
        body = loop.child_by_field_name("body")
        lv = leaves(goast.statements(body), loop, src)
        if lv is None or fails([lv], src):
            continue
        blk = next((a for a in goast.ancestors(lv) if a.type == "block"), None)
        if blk is not None and fails(goast.statements(blk), src):
            continue
        if _drained_after(lc, loop, fn):
            continue
        lit, launcher, sends = blocking[0]
        send = sends[0]
        label = func_label(fn, src)
        how = "returns" if lv.type == "return_statement" else "leaves the loop"
        via = "g.Go" if launcher.type == "call_expression" else "go"
        msg = (f"`{label}` {how} at {_where(src, lv)} while the goroutines started at {_where(src, launcher)} "
               f"may still be sending: `{lc.name}` is unbuffered and nobody receives any more, so every remaining "
               f"sender blocks forever on `{src.text(send)}`"
               + (" and the group's `Wait` never returns" if via == "g.Go" else "")
               + ". Each early exit leaks those goroutines and everything they reference.")
        related = [Related(src.span(lv), "the collector stops receiving here"),
                   Related(src.span(send), "remaining senders block here forever"),
                   Related(src.span(launcher), "the senders are started here"),
                   Related(src.span(lc.make), f"`{lc.name}` is made here without a buffer")]
        fixes = _buffer_fix(view, src, lc, senders, fn)
        return Diagnostic(src.span(lv), msg, related, fixes, anchor=f"{label}|{lc.name}|abandoned")
    return None


def _closed_by_waiter(lc: LocalChan, fn: Node, src: SourceFile) -> bool:
    """Every `close(ch)` runs in a goroutine started by `fn` after a `Wait()` there (the
    `go func() { wg.Wait(); close(ch) }()` idiom)."""
    closes = lc.of("close")
    if not closes:
        return False
    for u in closes:
        lit = _goroutine_of(u.op, fn)
        if lit is None or goast.enclosing_func(u.op) != lit or _launcher(lit) is None:
            return False
        if not any(w.start_byte < u.op.start_byte for w, _ in _wait_calls(lit, src)):
            return False
    return True


def _drained_after(lc: LocalChan, loop: Node, fn: Node) -> bool:
    """Another receive of the channel after the loop (e.g. a drain loop before returning)."""
    return any(u.op.start_byte >= loop.end_byte for u in lc.of("recv", "range"))


def _buffer_fix(view: PackageView, src: SourceFile, lc: LocalChan, senders, fn: Node) -> list[Fix]:
    """`make(chan T)` -> `make(chan T, len(xs))` when one goroutine per element of `xs` sends once."""
    if len(senders) != 1:
        return []
    lit, launcher, sends = next(iter(senders.values()))
    if not sends or len([u for u in lc.of("send") if goast.inside(u.op, lit)]) != 1 or _in_loop_within(sends[0], lit):
        return []
    loop = None
    for a in goast.ancestors(launcher):
        if a == fn:
            break
        if a.type == "for_statement":
            loop = a
            break
    if loop is None or _in_loop_within(loop, fn):
        return []
    rc = next((c for c in loop.named_children if c.type == "range_clause"), None)
    if rc is None:
        return []
    right = rc.child_by_field_name("right")
    if right is None or unparen(right).type != "identifier":
        return []
    d = resolve(unparen(right), src, view)
    if d.kind not in ("param", "local") or d.ident is None or d.ident.start_byte >= lc.make.start_byte:
        return []
    t = d.type
    if t is None or not d.src.text(t).replace(" ", "").startswith("["):
        return []
    args = lc.make.child_by_field_name("arguments")
    n = f"len({src.text(right)})"
    return [Fix(f"Buffer `{lc.name}` for every sender ({n}) so none blocks once the collector returns",
                (TextEdit(src.path, args.end_byte - 1, args.end_byte - 1, f", {n}"),))]


ERRGROUP_ABANDONED = register(Rule(
    id="errgroup-result-abandoned",
    title="Fan-out results abandoned on the first error",
    family="C",
    severity=Severity.WARNING,
    what="""
Finds fan-out code whose collector returns (or breaks) on the first error while the goroutines
it started may still send on the unbuffered result channel: senders started with
`g.Go(func() error {…})` (errgroup and look-alikes), or `go` senders whose channel a waiter
goroutine closes after `wg.Wait()`.
""",
    why="""
Once the collector has returned, nothing receives from the result channel again. Every sender
that has not delivered yet blocks forever on its send: the goroutines leak with everything they
reference, the waiter goroutine (or `g.Wait()`) never returns, and a deferred `g.Wait()` in the
collector turns the leak into a deadlock of the caller.
""",
    example="""
results := make(chan Page)
for _, u := range urls {
	g.Go(func() error {
		p, err := fetch(ctx, u)
		if err != nil {
			return err
		}
		results <- p // blocks forever once the loop below returned
		return nil
	})
}
go func() { g.Wait(); close(results) }()
for p := range results {
	if p.Err != nil {
		return nil, p.Err
	}
	pages = append(pages, p)
}
""",
    instead="""
results := make(chan Page, len(urls)) // every sender can deliver, then exit
for _, u := range urls {
	g.Go(func() error {
		p, err := fetch(ctx, u)
		if err != nil {
			return err
		}
		results <- p
		return nil
	})
}
go func() { g.Wait(); close(results) }()
for p := range results {
	if p.Err != nil {
		return nil, p.Err
	}
	pages = append(pages, p)
}
""",
    vet_overlap="Not covered by go vet or staticcheck; goroutine-send-leak covers plain `go` senders on a channel nobody closes.",
    run=_abandoned,
))


# -- go-before-init -------------------------------------------------------------------------

_SYNC_CALLS = {"Lock", "RLock", "Wait", "Load", "Do", "Done", "Acquire", "Add", "Store", "CompareAndSwap", "Swap"}


_GO_LINE = re.compile(rb"\n([ \t]+)go [^\n]*")  # ends before its newline
_ASSIGN_LINE = re.compile(rb"[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[^=]")


_INDENT_RES: dict[bytes, tuple] = {}


def _indent_res(indent: bytes) -> tuple:
    got = _INDENT_RES.get(indent)
    if got is None:
        ind = re.escape(indent)
        got = _INDENT_RES[indent] = (
            # patterns start with a literal newline so that `re` can skip ahead to candidates
            re.compile(b"\n" + ind + rb"[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[^=]"),
            re.compile(b"\n(?!" + ind + rb")[ \t]*[^ \t\n]"),  # a line less indented: block end
        )
    return got


def _go_candidates(src: SourceFile) -> list[int]:
    """Offsets of `go` keywords whose block continues, at the same indentation, with a plain
    assignment: a cheap regex scan before any tree is walked."""
    data = src.data
    out = []
    for m in _GO_LINE.finditer(data):
        indent = m.group(1)
        assign, end = _indent_res(indent)
        a = assign.search(data, m.end(), m.end() + 2000)
        if a is None:
            continue
        e = end.search(data, m.end(), a.start() + 1)
        if e is None:
            out.append(m.start() + 1 + len(indent))
    return out


def _go_before_init(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b"go "):
            continue
        for off in _go_candidates(src):
            kw = src.root.descendant_for_byte_range(off, off + 2)
            g = kw.parent if kw is not None else None
            if g is None or g.type != "go_statement":
                continue
            d = _check_go(view, g, src)
            if d is not None:
                out.append(d)
    return out


def _check_go(view: PackageView, g: Node, src: SourceFile) -> Diagnostic | None:
    st_list = g.parent
    if st_list is None or st_list.type != "statement_list":
        return None
    fn = goast.enclosing_func(g)
    if fn is None or goast.func_body(fn) is None or st_list.parent != goast.func_body(fn):
        return None  # only a `go` at the top level of its function: the assignment surely follows
    # what the goroutine reads: `recv.f` of the target method, or captured names of a literal
    call = next((c for c in g.named_children if c.type == "call_expression"), None)
    if call is None:
        return None
    target = call.child_by_field_name("function")
    if target is None:
        return None
    if target.type == "func_literal":
        body, bsrc = target, src
    else:
        fi = concurrency(view).resolve_call(call, src)
        if fi is None:
            return None
        body, bsrc = fi.node, fi.src
    reads: dict[str, Node] = {}  # key as written by the creator -> first use in the goroutine
    if body.type == "func_literal":
        for key, node in _literal_reads(body, bsrc).items():
            base = node if node.type == "identifier" else node.child_by_field_name("operand")
            d = resolve(base, bsrc, view)
            if d.func is fn or (d.func is not None and d.func == fn):
                reads[key] = node  # the creator's own variable, captured
    elif body.type == "method_declaration" and target.type == "selector_expression":
        operand = target.child_by_field_name("operand")
        rname, _, _ = goast.receiver(body, bsrc)
        if operand is None or unparen(operand).type != "identifier" or not rname:
            return None
        for f, node in _receiver_field_reads(body, bsrc, rname).items():
            reads[f"{src.text(operand)}.{f}"] = node
    else:
        return None
    if not reads:
        return None
    # assignments after the go statement, at the same level, before any statement that
    # could hand the value over with synchronisation
    for st in st_list.named_children:
        if st.start_byte <= g.start_byte:
            continue
        if st.type != "assignment_statement":
            if _may_sync(st, src):
                return None
            continue
        left = st.child_by_field_name("left")
        if left is None or any(c.type == "=" for c in st.children) is False:
            continue
        right = st.child_by_field_name("right")
        lhs = [src.text(x).replace(" ", "") for x in (left.named_children if left.type == "expression_list" else [left])]
        rhs = right.named_children if right is not None and right.type == "expression_list" else ([right] if right is not None else [])
        for i, name in enumerate(lhs):
            use = reads.get(name)
            if use is None or i >= len(rhs):
                continue
            kind = _zero_kind(view, src, fn, g, name, rhs[i])
            if kind is None:
                continue
            if not _first_use_unsynced(view, use, bsrc, body):
                continue
            return _report_go_before_init(src, bsrc, g, st, name, use, kind, st_list, fn)
        if _may_sync(st, src):
            return None
    return None


def _literal_reads(lit: Node, src: SourceFile) -> dict[str, Node]:
    """`x.f` selectors and plain identifiers read in a goroutine literal, by text."""
    out: dict[str, Node] = {}
    for n in goast.walk(lit):
        if _is_write_target(n):
            continue
        if n.type == "selector_expression":
            operand = n.child_by_field_name("operand")
            if operand is not None and operand.type == "identifier":
                out.setdefault(src.text(n).replace(" ", ""), n)
        elif n.type == "identifier":
            out.setdefault(src.text(n), n)
    return out


def _is_write_target(n: Node) -> bool:
    p = n.parent
    if p is not None and p.type == "expression_list":
        gp = p.parent
        return gp is not None and gp.type in ("assignment_statement", "short_var_declaration") \
            and gp.child_by_field_name("left") == p
    return False


def _receiver_field_reads(m: Node, src: SourceFile, rname: str) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for n in goast.of_type(m, "selector_expression"):
        if _is_write_target(n):
            continue
        operand = n.child_by_field_name("operand")
        f = n.child_by_field_name("field")
        if operand is not None and f is not None and operand.type == "identifier" and src.text(operand) == rname:
            out.setdefault(src.text(f), n)
    return out


def _may_sync(st: Node, src: SourceFile) -> bool:
    """Could this statement of the creator order it with the goroutine (or call code that does)?"""
    for n in goast.walk(st, skip_func_literals=True):
        if n.type in ("send_statement", "select_statement", "go_statement", "defer_statement", "return_statement"):
            return True
        if is_recv(n):
            return True
        if n.type == "call_expression":
            _, name = goast.call_parts(n, src)
            if name not in ("make", "new", "len", "cap", "append", "copy") and not (name or "").startswith("New"):
                return True
    return False


def _zero_kind(view: PackageView, src: SourceFile, fn: Node, g: Node, name: str, value: Node) -> str | None:
    """If `name` is certainly nil when the goroutine starts, what kind of value it gets: 'chan',
    'map', 'pointer' or 'func'. Otherwise None."""
    value = unparen(value)
    kind = None
    if value.type == "call_expression":
        _, callee = goast.call_parts(value, src)
        args = goast.call_args(value)
        if callee == "make" and args:
            t = args[0].type
            kind = {"channel_type": "chan", "map_type": "map"}.get(t)
        elif callee == "new":
            kind = "pointer"
    elif value.type == "unary_expression" and src.text(value).startswith("&"):
        kind = "pointer"
    elif value.type == "composite_literal":
        t = value.child_by_field_name("type")
        kind = "map" if t is not None and t.type == "map_type" else None
    if kind is None:
        return None
    body = goast.func_body(fn)
    if "." in name:
        base, field = name.split(".", 1)
        if "." in field:
            return None
        # the struct must be made in this function (without that field) before the go statement,
        # or the field must be assigned nowhere else in the package
        made = _made_here_without(src, body, base, field, g)
        if made is None:
            return None
        if not made and not _assigned_only_here(view, field, value):
            return None
        return kind
    # a local variable declared without a value before the go statement
    for st in goast.statements(body):
        if st.start_byte >= g.start_byte:
            break
        if st.type == "var_declaration":
            for spec in goast.of_type(st, "var_spec"):
                names = [src.text(x) for x in spec.children_by_field_name("name")]
                if name in names and spec.child_by_field_name("value") is None:
                    return kind
    return None


def _made_here_without(src: SourceFile, body: Node, base: str, field: str, g: Node) -> bool | None:
    """True: `base := &T{…}` without `field` before `g`, and `base.field` not assigned before `g`.
    False: `base` is not made here (a receiver, a parameter). None: `field` is set before `g`."""
    made = False
    for n in goast.walk(body, skip_func_literals=True):
        if n.start_byte >= g.start_byte:
            break
        if n.type == "short_var_declaration":
            left = n.child_by_field_name("left")
            right = n.child_by_field_name("right")
            names = [src.text(x) for x in left.named_children] if left is not None else []
            if base in names and right is not None:
                vals = right.named_children
                v = unparen(vals[names.index(base)]) if len(vals) == len(names) else None
                if v is None:
                    return None
                if v.type == "unary_expression" and src.text(v).startswith("&"):
                    v = unparen(v.child_by_field_name("operand"))
                if v.type != "composite_literal":
                    return None
                lit_body = v.child_by_field_name("body")
                for ke in goast.of_type(lit_body, "keyed_element") if lit_body is not None else []:
                    key = ke.named_children[0] if ke.named_children else None
                    if key is not None and src.text(key) == field:
                        return None
                if lit_body is not None and any(c.type != "keyed_element" for c in lit_body.named_children
                                                if c.type not in ("comment",)):
                    return None  # positional fields
                made = True
        elif n.type == "assignment_statement":
            left = n.child_by_field_name("left")
            if left is not None and any(src.text(x).replace(" ", "") == f"{base}.{field}" for x in left.named_children):
                return None
    return made


def _assigned_only_here(view: PackageView, field: str, value: Node) -> bool:
    """`x.field` is set nowhere else in the package (no other assignment, no keyed literal)."""
    needle = field.encode()
    count = 0
    for s in view.files:
        if needle not in s.data:
            continue
        for n in goast.of_type(s.root, "keyed_element"):
            key = n.named_children[0] if n.named_children else None
            if key is not None and s.text(key) == field:
                return False
        for n in goast.of_type(s.root, "assignment_statement", "short_var_declaration"):
            left = n.child_by_field_name("left")
            if left is None:
                continue
            for x in left.named_children:
                if x.type == "selector_expression":
                    f = x.child_by_field_name("field")
                    if f is not None and s.text(f) == field:
                        count += 1
    return count == 1


def _two_vars(rc: Node) -> bool:
    """`for k, v := range x`: x is not a channel (a channel range has one variable)."""
    left = rc.child_by_field_name("left")
    return left is not None and left.type == "expression_list" and len(left.named_children) == 2


def _maybe_chan(view: PackageView, expr: Node | None, src: SourceFile) -> bool:
    if expr is None:
        return False
    expr = unparen(expr)
    if expr.type not in ("identifier", "selector_expression"):
        return False
    t = type_text(view, expr, src)
    if t is None:
        return True
    return t.startswith(("chan", "<-chan"))


def _first_use_unsynced(view: PackageView, use: Node, src: SourceFile, body: Node) -> bool:
    """No receive, select, Lock/Wait/Load… before the use in the goroutine's body; and the use
    is not a nil check."""
    p = use.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is not None and p.type == "binary_expression" and any(c.type == "nil" for c in p.named_children):
        return False
    for n in goast.walk(goast.func_body(body) or body, skip_func_literals=True):
        if n.start_byte >= use.start_byte:
            break
        if n.type == "select_statement" and not goast.inside(use, n):
            return False
        if is_recv(n) and not goast.inside(use, n):
            return False
        if n.type == "range_clause" and not goast.inside(use, n) and not _two_vars(n) \
                and _maybe_chan(view, n.child_by_field_name("right"), src):
            return False  # may be a receive from a channel the creator sends on later
        if n.type == "call_expression":
            _, name = goast.call_parts(n, src)
            if name in _SYNC_CALLS:
                return False
    return True


_CONSEQUENCE = {
    "chan": "a nil channel: its sends and receives block forever (a `range` over it never starts), "
            "so the goroutine hangs and whoever talks to it hangs too",
    "map": "a nil map: the goroutine's first write panics with `assignment to entry in nil map`",
    "pointer": "a nil pointer: the goroutine panics with `invalid memory address or nil pointer dereference`",
}


def _report_go_before_init(src, bsrc, g, st, name, use, kind, st_list, fn) -> Diagnostic:
    label = func_label(fn, src)
    msg = (f"The goroutine started at {_where(src, g)} uses `{name}`, which `{label}` initialises only afterwards "
           f"(line {line_of(src, st)}). Nothing orders the two: the goroutine may run first and see "
           f"{_CONSEQUENCE[kind]}. It is also a data race.")
    related = [Related(src.span(st), f"`{name}` is initialised here, after the goroutine started"),
               Related(bsrc.span(use), "the goroutine reads it here")]
    fixes = []
    # move the go statement after the initialisation, when what lies between is plain assignments
    between = [s for s in st_list.named_children if g.end_byte <= s.start_byte and s.end_byte <= st.end_byte]
    ok = all(s.type in ("assignment_statement", "short_var_declaration", "comment") and not _may_sync(s, src)
             for s in between)
    if ok and _at_line_start(src, g) and _at_line_start(src, st):
        ind = src.indent_at(g.start_byte)
        start = src.line_start(g.start_byte)
        end = g.end_byte
        if src.data[end:end + 1] == b"\n":
            fixes.append(Fix(f"Start the goroutine after `{name}` is initialised",
                             (TextEdit(src.path, start, end + 1, ""),
                              TextEdit(src.path, st.end_byte, st.end_byte, f"\n{ind}{src.text(g)}"))))
    return Diagnostic(src.span(g), msg, related, fixes, anchor=f"{label}|{name}|go-before-init")


GO_BEFORE_INIT = register(Rule(
    id="go-before-init",
    title="Goroutine started before the value it uses is initialised",
    family="E",
    severity=Severity.ERROR,
    what="""
Finds `go s.loop()` (or a goroutine literal) followed, in the function that starts it, by the
initialisation of a field or variable the goroutine uses: `s.reqs = make(chan req)`,
`s.cache = map[…]…{}`, `s.conn = &conn{…}` after the `go` statement, when the value was
certainly nil before (the struct was just built without it, or no other code sets it) and
nothing (a channel operation, a lock, a Wait) orders the two.
""",
    why="""
The new goroutine may run before its creator reaches the assignment, and then it sees the zero
value: a nil channel blocks forever (the goroutine hangs and every caller that talks to it hangs
too), a nil map write panics with `assignment to entry in nil map`, a nil pointer panics with
`invalid memory address or nil pointer dereference`. It is a data race too, so it passes every
test until the scheduler picks the other order.
""",
    example="""
func NewServer() *Server {
	s := &Server{}
	go s.loop()
	s.reqs = make(chan request) // loop may already be ranging over a nil channel
	return s
}
""",
    instead="""
func NewServer() *Server {
	s := &Server{}
	s.reqs = make(chan request)
	go s.loop()
	return s
}
""",
    vet_overlap="Not covered by go vet or staticcheck; the race detector reports it only when the bad order happens.",
    run=_go_before_init,
))


# -- chan-wait-ignores-cancel -----------------------------------------------------------------


def _done_case(sel: Node, src: SourceFile) -> tuple[Node, Node] | None:
    """(case, X identifier) of a `case <-X.Done():` in the select."""
    for c in sel.named_children:
        if c.type != "communication_case":
            continue
        comm = c.child_by_field_name("communication")
        if comm is None:
            continue
        if comm.type == "receive_statement":
            e = comm.child_by_field_name("right")
        elif comm.type == "expression_statement" and comm.named_children:
            e = comm.named_children[0]
        else:
            e = comm
        if e is None or not is_recv(e):
            continue
        operand = unparen(e.child_by_field_name("operand"))
        if operand is None or operand.type != "call_expression" or goast.call_args(operand):
            continue
        fn = operand.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            continue
        x = fn.child_by_field_name("operand")
        f = fn.child_by_field_name("field")
        if x is not None and f is not None and src.text(f) == "Done" and x.type == "identifier":
            return c, x
    return None


def _visible_in(view: PackageView, ident: Node, src: SourceFile, fn: Node, launcher: Node) -> bool:
    """Is the context variable `ident` (used in `fn`) the same variable inside the goroutine
    started at `launcher`: a parameter of `fn`, or a local declared before it in an enclosing
    statement list?"""
    d = resolve(ident, src, view)
    if d.func != fn or d.ident is None:
        return False
    if d.kind == "param":
        return True
    if d.kind != "local" or d.ident.start_byte >= launcher.start_byte:
        return False
    st = goast.statement_of(d.ident)
    return st is not None and st.parent is not None and goast.inside(launcher, st.parent)


def _ignores_cancel(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b".Done()") or not src.mentions(b"select") or not src.mentions(b"make(chan"):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                d = _check_ignores_cancel(view, src, lc)
                if d is not None:
                    out.append(d)
    return out


def _check_ignores_cancel(view: PackageView, src: SourceFile, lc: LocalChan) -> Diagnostic | None:
    fn = lc.func
    if lc.escapes or lc.of("close") or not _unbuffered(lc, src):
        return None
    mine = [u for u in lc.uses if u.kind in ("send", "recv", "range")]
    in_fn = [u for u in mine if _goroutine_of(u.op, fn) is None]
    in_g = [u for u in mine if _goroutine_of(u.op, fn) is not None]
    if not in_fn or not in_g:
        return None
    # the goroutine side: one goroutine literal started directly by fn, not in a loop
    lits = {_goroutine_of(u.op, fn).id: _goroutine_of(u.op, fn) for u in in_g}
    if len(lits) != 1:
        return None
    lit = next(iter(lits.values()))
    launcher = _launcher(lit)
    if launcher is None or goast.enclosing_func(launcher) != fn or _in_loop_within(launcher, fn):
        return None
    if any(goast.enclosing_func(u.op) != lit for u in in_g):
        return None
    g_kinds = {("send" if u.kind == "send" else "recv") for u in in_g}
    f_kinds = {("send" if u.kind == "send" else "recv") for u in in_fn}
    if len(g_kinds) != 1 or len(f_kinds) != 1 or g_kinds == f_kinds:
        return None
    g_kind = next(iter(g_kinds))
    if g_kind == "send" and launcher.type == "go_statement":
        return None  # `go` senders abandoned by a select: goroutine-send-leak reports them
    blocking = [u for u in in_g if not _nonblocking(u.op)]
    if not blocking or len(blocking) != len(in_g):
        return None
    # fn's side: every operation in a select whose `case <-ctx.Done():` leaves
    give_up = None
    ctx = None
    for u in in_fn:
        sel, case = select_of(u.op)
        if sel is None:
            return None
        dc = _done_case(sel, src)
        if dc is None:
            return None
        body = case_body(dc[0])
        loop = None
        for a in goast.ancestors(sel):
            if a == fn or a.type in goast.FUNC_TYPES:
                break
            if a.type == "for_statement":
                loop = a
                break
        lv = leaves(body, loop, src)
        if lv is None:
            return None
        if any(c.type == "default_case" for c in sel.named_children):
            return None
        if ctx is None:
            ctx, give_up = dc[1], lv
        elif src.text(ctx) != src.text(dc[1]):
            return None
    if ctx is None or not _visible_in(view, ctx, src, fn, launcher):
        return None
    op = blocking[0].op
    label = func_label(fn, src)
    cname = src.text(ctx)
    if g_kind == "send":
        what = f"blocks on `{src.text(op)}`"
    else:
        what = f"blocks on `{src.text(op)}`" if blocking[0].kind == "recv" else f"blocks in `range {lc.name}`"
    msg = (f"When `{cname}` is cancelled, `{label}` stops ({_where(src, give_up)}) but the goroutine started at "
           f"{_where(src, launcher)} {what}, waiting on `{lc.name}` rather than on `{cname}.Done()`: nobody will "
           f"ever complete that operation, so the goroutine blocks forever and leaks with everything it references"
           + (" (and the group's `Wait` never returns)" if launcher.type == "call_expression" else "") + ".")
    related = [Related(src.span(give_up), f"`{label}` gives up here when `{cname}` is done"),
               Related(src.span(launcher), "the goroutine is started here"),
               Related(src.span(lc.make), f"`{lc.name}` is made here without a buffer")]
    fixes = []
    if len(blocking) == 1 and blocking[0].kind != "range":
        st = op if op.type == "send_statement" else goast.statement_of(op)
        if st is not None and st.parent is not None and st.parent.type == "statement_list" and _at_line_start(src, st):
            ind = src.indent_at(st.start_byte)
            if op.type == "send_statement":
                text = (f"select {{\n{ind}case {src.text(op)}:\n{ind}case <-{cname}.Done():\n"
                        f"{ind}\treturn{_ret_value(lit, cname)}\n{ind}}}")
            elif st.type == "expression_statement":  # `v := <-ch` would scope v to the case
                text = (f"select {{\n{ind}case {src.text(st)}:\n{ind}case <-{cname}.Done():\n"
                        f"{ind}\treturn{_ret_value(lit, cname)}\n{ind}}}")
            else:
                text = None
            if text is not None and _ret_value(lit, cname) is not None:
                fixes.append(Fix(f"Give up on `{lc.name}` when `{cname}` is cancelled",
                                 (TextEdit(src.path, st.start_byte, st.end_byte, text),)))
    return Diagnostic(src.span(op), msg, related, fixes, anchor=f"{label}|{lc.name}|ignores-cancel")


def _ret_value(lit: Node, cname: str) -> str | None:
    """What the goroutine literal returns when it gives up: nothing, or `ctx.Err()` for
    `func() error`; None for other result lists."""
    res = lit.child_by_field_name("result")
    if res is None:
        return ""
    if res.type == "type_identifier" and res.text == b"error":
        return f" {cname}.Err()"
    return None


CHAN_WAIT_IGNORES_CANCEL = register(Rule(
    id="chan-wait-ignores-cancel",
    title="Goroutine waits on a channel instead of its context",
    family="C",
    severity=Severity.WARNING,
    what="""
Finds a goroutine (started with `go` or `g.Go`) blocked on a bare channel operation — a send,
or a receive — whose only counterpart in the function that started it sits in a `select` that
also has a `case <-ctx.Done():` which returns. When the context is cancelled, that function
leaves; the goroutine keeps waiting on the channel, not on `ctx.Done()`. (`go` senders
abandoned this way are goroutine-send-leak's.)
""",
    why="""
Cancellation reaches only code that listens for it. The spawner stops at `ctx.Done()`, and the
goroutine stays blocked forever on a channel nobody will use again: a goroutine leak (and, for
an errgroup, a `Wait` that never returns) on every cancelled request, until the process runs
out of memory.
""",
    example="""
g.Go(func() error {
	rows, err := query(ctx)
	if err != nil {
		return err
	}
	out <- rows // blocks forever once the collector left on ctx.Done()
	return nil
})
select {
case rows := <-out:
	return rows, nil
case <-ctx.Done():
	return nil, ctx.Err()
}
""",
    instead="""
g.Go(func() error {
	rows, err := query(ctx)
	if err != nil {
		return err
	}
	select {
	case out <- rows:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
})
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    run=_ignores_cancel,
))
