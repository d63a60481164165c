"""send-on-closed-channel: a send that may run after the channel is closed."""

from __future__ import annotations

import re

from .. import goast
from ..chancloses import calls_builtin_close, deferred, dominates, field_closes, field_reassigned
from ..chanflow import (
    LocalChan,
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
from ..parse import SourceFile, file_captures
from ..registry import Rule, register


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


def _send_on_closed(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b"close(") or not calls_builtin_close(src.data):
            continue
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                out.extend(_check_send_closed(view, src, lc))
    out.extend(_field_send_after_close(view))
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
        if r.body is None or r.node.type != "go_statement" or not goast.inside(send, r.body):
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


def _closer_apart(conc, cb: Node, csrc: SourceFile, mine: set[int]) -> bool:
    """The close runs apart from the sending goroutines: in a goroutine of its own, or in an
    exported method (the owner's Close/Stop, called by whoever holds the value)."""
    if cb.type == "func_literal":
        r = conc.root_of_boundary(cb)
        return r is not None and r.body is not None and r.body.id not in mine
    return goast.func_name(cb, csrc)[:1].isupper()


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
        if src.is_test or b"<-" not in src.data:
            continue
        for send in file_captures(src, "(send_statement) @s").get("s", []):
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
            mine = {r.body.id for r in roots if r.body is not None}
            held = conc.locks_at(send, src, boundary)
            for c, csrc, cb in closes[key]:
                if cb.id in mine or not _closer_apart(conc, cb, csrc, mine):
                    continue  # the goroutine closes its own channel, or only it runs the closer
                if conc.join_between(cb, csrc, cb.start_byte, c.start_byte):
                    continue  # the closer waits for something first: the senders, presumably
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
        title="Send on a channel that may already be closed",
        family="D",
        severity=Severity.ERROR,
        what="""
Finds sends that can happen after the channel is closed: a send following `close(ch)` on the
same path, and goroutines that send on a channel their spawner closes (directly or deferred)
without first waiting for them (`wg.Wait()`, a receive, a `select`). Also a goroutine of a
type's own (started by its methods or constructor) sending on a channel field that an exported
method, or a goroutine of its own, closes without waiting first or sharing a lock with the send.
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
