"""double-close: a channel closed twice (one after the other, in a loop, by several goroutines, or a
struct field closed where another close may run at the same time)."""

from __future__ import annotations

from .. import goast
from ..chancloses import calls_builtin_close, close_calls, deferred, dominates, field_closes, field_reassigned
from ..chanflow import (
    LocalChan,
    enclosing_loop,
    file_chans,
    func_label,
    go_literal,
    go_stmt_of,
    line_of,
)
from ..concurrency import PLAIN, concurrency
from ..fixgen import ensure_import, fresh_name, insert_before, replace
from ..flow import event_loop, iteration_leaves
from ..goast import Node
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile, calls_in
from ..registry import Rule, register
from ..scope import resolve


def _norm(src: SourceFile, n: Node) -> str:
    return src.text(n).replace(" ", "")


def _assigned_between(fn: Node, src: SourceFile, text: str, start: int, end: int) -> bool:
    for n in goast.walk(fn):
        if n.type in ("assignment_statement", "short_var_declaration") and start <= n.start_byte < end:
            left = n.child_by_field_name("left")
            if left is not None and any(_norm(src, x) == text for x in left.named_children):
                return True
    return False


def _remade_by_callee(view: PackageView, src: SourceFile, loop: Node, text: str) -> bool:
    """`close(c.end)` in a loop that calls `c.Reconnect()`, which makes `c.end` afresh."""
    base, dot, field = text.partition(".")
    if not dot or "." in field:
        return False
    cc = concurrency(view)
    for call in calls_in(src, loop):
        f = call.child_by_field_name("function")
        operand = f.child_by_field_name("operand") if f is not None and f.type == "selector_expression" else None
        if operand is None or src.text(operand) != base:
            continue
        callee = cc.resolve_call(call, src)
        if callee is not None and callee.recv_name:
            body = callee.body
            if body is not None and _assigned_between(body, callee.src, f"{callee.recv_name}.{field}", body.start_byte, body.end_byte):
                return True
    return False


def _unconditional_in(node: Node, stop: Node) -> bool:
    """Only blocks and statement lists between `node`'s statement and `stop`'s body."""
    st = goast.statement_of(node)
    if st is None:
        return False
    for a in goast.ancestors(st):
        if a == stop:
            return True
        if a.type not in ("statement_list", "block"):
            return False
    return False


def _double_close(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b"close(") or not calls_builtin_close(src.data):
            continue
        closes = close_calls(src)
        if not closes:
            continue
        by_fn: dict[int, list[tuple[Node, Node]]] = {}
        for c, ch in closes:
            fn = goast.enclosing_func(c)
            if fn is not None:
                by_fn.setdefault(fn.id, []).append((c, ch))
        reported: set[int] = set()
        for items in by_fn.values():
            for i, (c1, ch1) in enumerate(items):
                for c2, ch2 in items[i + 1 :]:
                    if c2.id in reported or _norm(src, ch1) != _norm(src, ch2):
                        continue
                    d = _straight_double(view, src, c1, c2, ch2)
                    if d is not None:
                        reported.add(c2.id)
                        out.append(d)
        for c, ch in closes:
            if c.id in reported:
                continue
            d = _close_in_loop(view, src, c, ch)
            if d is not None:
                reported.add(c.id)
                out.append(d)
        for lcs in file_chans(src, view).values():
            for lc in lcs:
                out.extend(_close_in_goroutines(view, src, lc, reported))
    out.extend(_field_closed_concurrently(view))
    out.extend(_field_closed_per_call(view))
    return out


def _field_closed_per_call(view: PackageView) -> list[Diagnostic]:
    """A method closes a field's channel every time it runs, with no guard, and a caller calls
    it in a loop on the same value: the second call closes the closed channel."""
    if not any(src.mentions(b"close(") for src in view.files):
        return []
    conc = concurrency(view)
    out = []
    for key, closes in field_closes(view, conc).items():
        for c, src, boundary in closes:
            if boundary.type != "method_declaration" or deferred(c) or not _unconditional_in(c, boundary.child_by_field_name("body")):
                continue
            ch = goast.unparen(goast.call_args(c)[0])
            rname = goast.receiver(boundary, src)[0]
            if _guard_of(conc, c, src, boundary, rname):
                continue  # a Once, a flag or a select on the channel: even a racy check stops a second call
            field = src.text(ch.child_by_field_name("field")) if ch.type == "selector_expression" else None
            if field is None or _assigns_field(boundary, src, field):
                continue
            # (callers resolved to this very method: a loop calling another type's method of the
            # same name, or a WaitGroup's Wait, closes nothing here)
            callers = [(call, csrc) for call, csrc in conc.possible_callers(boundary, src) if _resolves_to(conc, call, csrc, boundary)]
            looped = next(filter(None, (_called_again(view, call, csrc, field) for call, csrc in callers)), None)
            if looped is None:
                continue
            call, csrc, loop = looped
            out.append(
                Diagnostic(
                    src.span(c),
                    f"`close({src.text(ch)})` runs every time `{func_label(boundary, src)}` does, with nothing to stop a "
                    f"second close, and `{func_label(goast.enclosing_func(call), csrc)}` calls it on the same value in a "
                    f"loop ({csrc.path.rsplit('/', 1)[-1]}:{line_of(csrc, loop)}): the second call panics with "
                    f"`panic: close of closed channel`.",
                    [Related(csrc.span(call), "called here, once per iteration"), Related(csrc.span(loop.children[0]), "the loop")],
                    [],
                    anchor=f"{func_label(boundary, src)}|{key}|close-per-call",
                )
            )
    return out


def _resolves_to(conc, call: Node, src: SourceFile, fn: Node) -> bool:
    fi = conc.resolve_call(call, src)
    return fi is not None and fi.node == fn


def _assigns_field(scope: Node, src: SourceFile, field: str) -> bool:
    """`x.field = …` anywhere in `scope`: a channel made afresh there."""
    for st in goast.of_type(scope, "assignment_statement"):
        left = st.child_by_field_name("left")
        if left is not None and any(
            t.type == "selector_expression" and src.text(t.child_by_field_name("field")) == field for t in left.named_children
        ):
            return True
    return False


def _called_again(view, call: Node, src: SourceFile, field: str) -> tuple | None:
    """(call, src, loop) when `call` runs in an event loop of its function (one that goes on as
    long as events come), on a value made outside the loop, may run in more than one
    iteration, and no flag set in the loop guards it."""
    fn = goast.enclosing_func(call)
    f = call.child_by_field_name("function")
    if fn is None or f is None or f.type != "selector_expression" or call.parent is None or call.parent.type == "go_statement":
        return None
    loop = enclosing_loop(call, fn)
    if loop is None or _assigns_field(loop, src, field) or not event_loop(loop, src, view):
        return None
    base = f.child_by_field_name("operand")
    while base is not None and base.type == "selector_expression":
        base = base.child_by_field_name("operand")
    if base is None or base.type != "identifier":
        return None
    d = resolve(base, src, view)
    if d.ident is None or goast.inside(d.ident, loop) or _assigned_between(loop, src, src.text(base), loop.start_byte, loop.end_byte):
        return None  # a value of this iteration
    st = goast.statement_of(call)
    if st is None or iteration_leaves(st, loop, src):
        return None
    body = loop.child_by_field_name("body")
    for a in goast.ancestors_below(call, body):
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            names = {src.text(n) for n in goast.of_type(cond, "identifier")} if cond is not None else set()
            if any(_assigned_between(body, src, n, body.start_byte, body.end_byte) for n in names):
                return None  # a flag the loop keeps: maybe the call runs once
    return call, src, loop


_GUARDS = ("if_statement", "select_statement", "expression_switch_statement", "type_switch_statement", "for_statement")


def _guard_of(conc, c: Node, src: SourceFile, boundary: Node, rname: str) -> bool:
    """Something decides whether this close runs that another closer could see: a check of the
    receiver's state (`if s.closed`, `select { case <-s.done: default: ... }`, an earlier
    `if s.stopped { return }`), a lock, a `sync.Once` (or any callback that runs it later).
    A condition on a local error is a failure path, not a guard."""
    prefix = rname + "."
    racy = False
    for a in goast.ancestors(c):
        if a == boundary:
            break
        if a.type == "func_literal":
            return True  # Once.Do, a cleanup registry...: runs when and as often as its caller says
        if a.type == "select_statement" and _in_default_after_check(c, a, src, prefix):
            racy = True  # `select { case <-s.done: default: close(...) }`: two callers both see it open
            continue
        if a.type in ("select_statement", "expression_switch_statement", "type_switch_statement"):
            return True
        if a.type in ("if_statement", "for_statement"):
            cond = a.child_by_field_name("condition") or a
            if a.type == "if_statement" and _check_then_set(a, cond, src, prefix):
                racy = True
                continue
            if a.type == "for_statement" or prefix in src.text(cond) or "<-" in src.text(cond):
                return True
    # an earlier `if <receiver state> { return }` in any enclosing statement list
    for a in goast.ancestors(c):
        if a == boundary:
            break
        if a.type != "statement_list":
            continue
        for st in a.named_children:
            if st.start_byte >= c.start_byte or goast.inside(c, st):
                break
            if (
                st.type == "if_statement"
                and goast.is_terminating(st.child_by_field_name("consequence") or st, src)
                and prefix in src.text(st.child_by_field_name("condition") or st)
            ):
                if "Swap" in src.text(st.child_by_field_name("condition") or st) or not _state_set_after(st, c, src, prefix):
                    return True
                if conc.locks_at(st, src, boundary):
                    return True  # checked and set under a lock: one caller gets past
                racy = True  # `if s.status() == closed { return }; s.setStatus(closed)`: a check, then a set
                continue
            if st.type in ("select_statement", "expression_statement") and "<-" in src.text(st) and prefix in src.text(st):
                return True  # `<-s.stopped` / a select on the receiver's channels orders it after another closer
    return "racy" if racy else False


def _in_default_after_check(c: Node, sel: Node, src: SourceFile, prefix: str) -> bool:
    """`c` sits in the `default` case of `sel`, whose other cases only receive from the
    receiver's channels."""
    cases = [x for x in sel.named_children if x.type in ("communication_case", "default_case")]
    default = next((x for x in cases if x.type == "default_case"), None)
    if default is None or not goast.inside(c, default) or len(cases) < 2:
        return False
    for x in cases:
        if x.type == "communication_case":
            comm = x.child_by_field_name("communication")
            text = src.text(comm).replace(" ", "") if comm is not None else ""
            if not text.startswith("<-" + prefix):
                return False
    return True


def _state_set_after(ifst: Node, c: Node, src: SourceFile, prefix: str) -> bool:
    """Between the check `ifst` and the close `c`, a statement of the same list sets the
    receiver's state: an assignment to one of its fields or a call of its setter
    (`s.setState(...)`, `atomic.StoreInt32(&s.state, ...)`)."""
    for st in ifst.parent.named_children:
        if st.start_byte <= ifst.start_byte:
            continue
        if st.start_byte >= c.start_byte:
            break
        text = src.text(st).replace(" ", "")
        if st.type == "assignment_statement" and text.startswith(prefix):
            return True
        if st.type == "expression_statement" and (
            text.startswith(prefix + "Set") or text.startswith(prefix + "set") or ("Store" in text and "&" + prefix in text)
        ):
            return True
    return False


def _check_then_set(ifst: Node, cond: Node, src: SourceFile, prefix: str) -> bool:
    """`if s.flag == x { s.flag = y; ... close(...) }`: a plain field check the branch then
    sets. Without a lock (the caller checks for one) two goroutines both pass the check."""
    fields = {src.text(n) for n in goast.of_type(cond, "selector_expression") if src.text(n).startswith(prefix)}
    if len(fields) != 1 or "(" in src.text(cond):
        return False
    field = fields.pop()
    body = ifst.child_by_field_name("consequence")
    for n in goast.walk(body) if body is not None else ():
        if n.type == "assignment_statement":
            left = n.child_by_field_name("left")
            if left is not None and any(src.text(x) == field for x in left.named_children):
                return True
    return False


def _runs_outside(conc, fn: Node, src: SourceFile, mine: set[int], starts: list, depth: int = 2) -> bool:
    """`fn` may run other than inside the goroutines whose bodies are `mine`: it is exported,
    another goroutine, or called (up to `depth` callers up) from somewhere else. Unlike
    `roots_of`, a goroutine started on a named method counts as the boundary of its callees.
    A goroutine started in another branch of the `if` or `switch` that starts those of `mine`
    (`starts`) never runs beside them: one of the two is started, not both."""
    if fn.id in mine:
        return False
    if fn.type == "func_literal":
        r = conc.root_of_boundary(fn)
        return r is None or r.body is None or r.body.id not in mine
    name = goast.func_name(fn, src)
    if name[:1].isupper() or depth == 0:
        return True
    for call, csrc in conc.possible_callers(fn, src):
        if call.parent is not None and call.parent.type == "go_statement":
            if starts and all(goast.one_of_starts(call.parent, g) for g in starts):
                continue
            return True
        b = conc.boundary_of(call, csrc)
        if b is None or _runs_outside(conc, b, csrc, mine, starts, depth - 1):
            return True
    return False


def _field_closed_concurrently(view: PackageView) -> list[Diagnostic]:
    """`close(s.done)` of a struct's channel field, unguarded, where two closes can run at once:
    the close is reached from two goroutines (or one started many times), or another method
    closes the same field while a goroutine reaches this one."""
    if not any(src.mentions(b"close(") for src in view.files):
        return []
    conc = concurrency(view)
    sites: dict[str, list] = {}
    for key, closes in field_closes(view, conc).items():
        for c, src, boundary in closes:
            ch = goast.unparen(goast.call_args(c)[0])
            rname = goast.receiver(goast.own_receiver_method(ch, src), src)[0]
            guarded = True if conc.locks_at(c, src, boundary) else _guard_of(conc, c, src, boundary, rname)
            sites.setdefault(key, []).append((c, ch, src, boundary, guarded))
    out = []
    racy_blocks: set[int] = set()
    for key, items in sorted(sites.items(), key=lambda kv: min((src.path, c.start_byte) for c, _ch, src, *_ in kv[1])):
        if any(g is True for *_, g in items) or field_reassigned(view, conc, key):
            continue
        racy = any(g == "racy" for *_, g in items)
        info = []
        for c, ch, src, boundary, _g in items:
            roots = [r for r in conc.roots_of(boundary, src) if r is not PLAIN]
            info.append((c, ch, src, boundary, roots))
        bounds = {b.id for _c, _ch, _s, b, _r in info}
        for c, ch, src, boundary, roots in info:
            text = _norm(src, ch)
            label = func_label(goast.enclosing_func(c), src)
            related = []
            msg = None
            # Two goroutines of different bodies on one instance; one body started many
            # times (or from two constructors) is as likely one goroutine per instance.
            bodies = {}
            for r in roots:
                if r.body is not None:
                    bodies.setdefault(r.body.id, r)
            if len(bodies) >= 2 and not all(goast.one_of_starts(x.node, y.node) for x in bodies.values() for y in bodies.values() if x is not y):
                roots = list(bodies.values())
                who = " and ".join(r.describe() for r in roots[:2])
                msg = (
                    f"`close({text})` has no guard and is reached from {who}: when both get here, the "
                    f"second close panics with `panic: close of closed channel`, crashing the program."
                )
                related = [Related(r.src.span(r.node), "a goroutine that reaches this close") for r in roots[:2]]
                if racy:
                    block = goast.statement_of(c).parent
                    if block.id in racy_blocks:
                        continue  # the closes after one check race together: one finding, at the first
                    racy_blocks.add(block.id)
                    msg = msg.replace(
                        "has no guard", "is guarded only by a check of the receiver's state with no lock (both can pass it before either closes)"
                    )
            elif roots and len(bounds) >= 2 and not racy:
                # the other close must be able to run outside this goroutine: from callers of
                # its own, or from another goroutine; two exits of one goroutine never both run
                mine = {r.body.id for r in roots if r.body is not None}
                starts = [r.node for r in roots if r.kind == "go"]
                other = next((x for x in info if x[3].id != boundary.id and _runs_outside(conc, x[3], x[2], mine, starts)), None)
                if other is None:
                    continue
                msg = (
                    f"`close({text})` runs in {roots[0].describe()} while `{func_label(goast.enclosing_func(other[0]), other[2])}` "
                    f"({other[2].path.rsplit('/', 1)[-1]}:{line_of(other[2], other[0])}) closes the same channel with no "
                    f"guard either: whichever runs second panics with `panic: close of closed channel`."
                )
                related = [
                    Related(other[2].span(other[0]), "the other close of the same channel"),
                    Related(roots[0].src.span(roots[0].node), "the goroutine that reaches this close"),
                ]
            if msg is None:
                continue
            out.append(Diagnostic(src.span(c), msg, related, [], anchor=f"{label}|{key}|close-concurrently"))
    return out


def _straight_double(view, src, c1, c2, ch) -> Diagnostic | None:
    fn = goast.enclosing_func(c1)
    text = _norm(src, ch)
    label = func_label(fn, src)
    if deferred(c1) and not deferred(c2):
        if c2.start_byte < c1.end_byte or _assigned_between(fn, src, text, c1.end_byte, c2.start_byte):
            return None
        if not dominates(c1, c2, src) and not goast.inside(c2, fn):
            return None
        msg = (
            f"`close({text})` here and the deferred `close({text})` (line {line_of(src, c1)}) both run when "
            f"`{label}` returns after this point: the second close panics with "
            f"`panic: close of closed channel`."
        )
        return Diagnostic(
            src.span(c2), msg, [Related(src.span(c1), "the deferred close runs again at return")], [], anchor=f"{label}|{text}|close-after-defer"
        )
    if deferred(c1) or deferred(c2):
        return None
    if not dominates(c1, c2, src) or _assigned_between(fn, src, text, c1.end_byte, c2.start_byte):
        return None
    msg = f"`{text}` is closed a second time here (first at line {line_of(src, c1)}) on the same path: `panic: close of closed channel`."
    fixes = []
    st = goast.statement_of(c2)
    if st is not None and st.type == "expression_statement" and st.named_children[0] == c2:
        start = src.line_start(st.start_byte)
        end = st.end_byte
        if src.data[start : st.start_byte].strip() == b"" and src.data[end : end + 1] == b"\n":
            fixes.append(Fix(f"Remove the second close: `{text}` is already closed", (TextEdit(src.path, start, end + 1, ""),)))
    return Diagnostic(src.span(c2), msg, [Related(src.span(c1), "first close")], fixes, anchor=f"{label}|{text}|second-close")


def _close_in_loop(view, src, c, ch) -> Diagnostic | None:
    if deferred(c):
        return None
    fn = goast.enclosing_func(c)
    if fn is None:
        return None
    loop = enclosing_loop(c, fn)
    if loop is None or not _unconditional_in(c, loop.child_by_field_name("body")):
        return None
    for n in goast.of_type(ch, "identifier"):
        d = resolve(n, src, view)
        if d.ident is None and d.kind != "package":
            return None
        if d.ident is not None and goast.inside(d.ident, loop):
            return None  # a different channel each iteration
    st = goast.statement_of(c)
    if st is None or st.parent is None:
        return None
    for s in st.parent.named_children:
        if s.start_byte > st.start_byte and goast.is_terminating(s, src):
            return None
    text = _norm(src, ch)
    if _assigned_between(fn, src, text, loop.start_byte, loop.end_byte) or _remade_by_callee(view, src, loop, text):
        return None  # a fresh channel is made somewhere in the loop before the next close
    msg = (
        f"`close({text})` runs on every iteration of the loop (line {line_of(src, loop)}) but `{text}` is the same "
        f"channel each time: the second iteration panics with `panic: close of closed channel`."
    )
    return Diagnostic(src.span(c), msg, [Related(src.span(loop.children[0]), "the loop")], [], anchor=f"{func_label(fn, src)}|{text}|close-in-loop")


def _close_in_goroutines(view, src, lc: LocalChan, reported) -> list[Diagnostic]:
    """`close(ch)` in a goroutine started in a loop, or in several goroutines, unguarded."""
    if lc.escapes:
        return []
    fn = lc.func
    cands = []
    for u in lc.of("close"):
        c = u.op
        if c.id in reported or deferred(c) and False:
            continue
        g = go_literal(c)
        if g is None or goast.enclosing_func(c) != g:
            continue
        gs = go_stmt_of(g)
        if gs is None or goast.enclosing_func(gs) != fn:
            continue
        body = goast.func_body(g)
        st = goast.statement_of(c)
        if st is None:
            continue
        if st.type == "defer_statement":
            if st.parent is None or st.parent.parent != body:
                continue
        elif not _unconditional_in(c, body):
            continue
        loop = enclosing_loop(gs, fn)
        if loop is not None and goast.inside(lc.make, loop):
            continue  # a new channel per iteration
        cands.append((c, g, gs, loop))
    multi = [x for x in cands if x[3] is not None]
    if len(cands) == 1 and not multi:
        return _closed_by_spawner_too(src, lc, cands[0], reported)
    if not multi and (len(cands) < 2 or all(goast.exclusive_branches(a[2], b[2]) for i, a in enumerate(cands) for b in cands[i + 1 :])):
        return []  # one goroutine, or one of those started in the branches of an `if`/`else`
    out = []
    label = func_label(fn, src)
    targets = multi or cands[1:]
    for c, g, gs, loop in targets:
        if loop is not None:
            msg = (
                f"`close({lc.name})` runs in every goroutine started in the loop at line {line_of(src, gs)}: "
                f"the second goroutine to get here panics with `panic: close of closed channel`, crashing "
                f"the program."
            )
        else:
            first = cands[0]
            msg = (
                f"`{lc.name}` is closed by several goroutines (also by the one started at line "
                f"{line_of(src, first[2])}): whichever closes second panics with "
                f"`panic: close of closed channel`."
            )
        fixes = []
        if loop is not None and loop.parent is not None and loop.parent.type == "statement_list":
            once = fresh_name(src, fn, [f"close{lc.name[:1].upper()}{lc.name[1:]}Once", "closeOnce"])
            ind = src.indent_at(loop.start_byte)
            lb = src.line_start(loop.start_byte)
            if lb + len(ind.encode()) == loop.start_byte:
                edits = [insert_before(src, loop, f"var {once} sync.Once\n{ind}"), replace(src, c, f"{once}.Do(func() {{ close({lc.name}) }})")]
                edits += ensure_import(src, "sync")
                fixes.append(Fix(f"Close `{lc.name}` once, whichever goroutine gets there first", tuple(edits)))
        related = [Related(src.span(gs), "goroutine started here" + (" once per iteration" if loop is not None else ""))]
        out.append(Diagnostic(src.span(c), msg, related, fixes, anchor=f"{label}|{lc.name}|close-in-goroutines"))
    return out


def _closed_by_spawner_too(src, lc: LocalChan, cand, reported) -> list[Diagnostic]:
    """The goroutine closes the channel when its work is done, and the function that started
    it closes it too, after the `go` statement, on a path that does not wait for the
    goroutine's close (a timeout): once the goroutine's work ends, its close is the second."""
    c, g, gs, _ = cand
    fn = lc.func
    for u in lc.of("close"):
        other = u.op
        if other.id == c.id or other.id in reported or goast.enclosing_func(other) != fn or other.start_byte < gs.end_byte:
            continue
        if deferred(other) or goast.exclusive_branches(gs, other) or _after_receive(other, lc.name, src):
            continue
        reported.add(other.id)
        msg = (
            f"`close({lc.name})` here and in the goroutine started at line {line_of(src, gs)} (line {line_of(src, c)}), "
            f"which closes `{lc.name}` whenever its work ends: when this path closes first (it does not wait for "
            f"the goroutine's close), the goroutine's close panics later with `panic: close of closed channel`, "
            f"crashing the program."
        )
        related = [Related(src.span(c), "the goroutine's close"), Related(src.span(gs), "goroutine started here")]
        return [Diagnostic(src.span(other), msg, related, [], anchor=f"{func_label(fn, src)}|{lc.name}|close-after-go")]
    return []


def _after_receive(c: Node, name: str, src) -> bool:
    """`c` runs in a select case that received from the channel: what it received may be a
    value the goroutine sent, not its close, and what follows is the protocol's to say."""
    for a in goast.ancestors(c):
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            return comm is not None and f"<-{name}" in src.text(comm).replace(" ", "")
        if a.type in goast.FUNC_TYPES:
            return False
    return False


DOUBLE_CLOSE = register(
    Rule(
        id="double-close",
        in_tests=False,
        tests_reason=(
            "a second close in a test panics the test run itself, at the line that closes: the "
            "test fails wherever that path runs, with no review needed to find it."
        ),
        title="Channel closed twice",
        family="D",
        severity=Severity.ERROR,
        what="""
Finds channels closed twice: two `close(ch)` on the same path, an explicit `close(ch)` after a
`defer close(ch)`, an unconditional `close(ch)` inside a loop over the same channel, and
`close(ch)` in a goroutine started in a loop (or in several goroutines) without `sync.Once`
or a guard, and a struct's channel field closed with no guard (no `sync.Once`, lock, closed
flag or select on it) by a method that two different goroutines reach, or by a goroutine's
path while another method, callable from elsewhere, closes the same field. A check of the
receiver's state with no lock is no guard when two goroutines reach it: a plain field
check-then-set (`if p.closed == "" { p.closed = who; close(p.done) }`), a status read and then
set (`if a.status() == closed { return }; a.setStatus(closed)`), or a `select` whose `default`
closes (`select { case <-s.done: default: close(s.done) }`): both can pass it before either
closes. Goroutines started in the branches of one `if`/`else` are one closer. Also a local
channel that a goroutine closes when its work ends and the function that started it closes
too on a path that does not wait for it (a timeout), and a field's channel closed, with no
guard, by a method a caller runs in an event loop on the same value.
""",
        why="""
Closing a closed channel panics: `panic: close of closed channel`. Unless that very goroutine
recovers, the whole program crashes and its in-flight work is lost — and when the second close races with the first (several
goroutines), it only happens under load.
""",
        example="""
for _, w := range workers {
	go func() {
		w.run()
		close(done) // the second worker to finish panics
	}()
}
""",
        instead="""
var closeDoneOnce sync.Once
for _, w := range workers {
	go func() {
		w.run()
		closeDoneOnce.Do(func() { close(done) })
	}()
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_double_close,
    )
)
