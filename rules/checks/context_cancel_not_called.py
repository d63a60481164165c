"""context-cancel-not-called: the cancel function of `context.WithCancel/WithTimeout/...` discarded,
never called, or skipped on some return path."""

from __future__ import annotations

from .. import goast
from ..concurrency import concurrency, go_literal_of
from ..fixgen import fresh_name, insert_after, replace
from ..flow import dominated, event_loop, exits_between, iteration_leaves
from ..goast import Node, func_label, line_of
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import SourceFile, assigning_statements, calls_named, method_calls
from ..registry import Rule, register
from ..scope import resolve

_WITH = ("WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause")


def _with_call(st: Node, src: SourceFile, ctxpkg: str, wrappers: dict | None = None) -> Node | None:
    right = st.child_by_field_name("right")
    if right is None:
        return None
    vals = right.named_children if right.type == "expression_list" else [right]
    if len(vals) != 1 or vals[0].type != "call_expression":
        return None
    f = vals[0].child_by_field_name("function")
    if wrappers and f is not None and f.type == "identifier" and src.text(f) in wrappers:
        return vals[0]
    if f is None or f.type != "selector_expression":
        return None
    o = f.child_by_field_name("operand")
    m = f.child_by_field_name("field")
    if o is None or m is None or src.text(o) != ctxpkg or src.text(m) not in _WITH:
        return None
    return vals[0]


def _lhs(st: Node) -> list[Node]:
    left = st.child_by_field_name("left")
    if left is None:
        return []
    return list(left.named_children) if left.type == "expression_list" else [left]


def _cancel_wrappers(view: PackageView) -> dict[str, Node]:
    """The package's own functions that hand back a context and its cancel function, the way
    `context.WithCancel` does (`func join(a, b context.Context) (context.Context,
    context.CancelFunc)`): their callers own the cancel just the same."""
    out = {}
    for key, fi in view.funcs.items():
        if fi.recv_type is not None:
            continue
        res = fi.node.child_by_field_name("result")
        ctxpkg = fi.src.import_name("context")
        if res is None or res.type != "parameter_list" or ctxpkg is None:
            continue
        types = [
            fi.src.text(p.child_by_field_name("type")).replace(" ", "")
            for p in res.named_children
            if p.type == "parameter_declaration" and p.child_by_field_name("type") is not None and not p.children_by_field_name("name")
        ]
        if types == [f"{ctxpkg}.Context", f"{ctxpkg}.CancelFunc"]:
            out[key] = fi.node
    return out


def _cancel_lost(view: PackageView):
    out = []
    wrappers = _cancel_wrappers(view)
    for src in view.non_test_files:
        if not src.mentions(b"context") or (not src.mentions(b"With") and not wrappers):
            continue
        ctxpkg = src.import_name("context")
        if ctxpkg is None:
            continue
        calls = method_calls(src, *_WITH)
        if wrappers:
            calls = sorted(
                calls + [c for c in calls_named(src, *wrappers) if c.child_by_field_name("function").type == "identifier"], key=lambda c: c.start_byte
            )
        for st in assigning_statements(calls):
            call = _with_call(st, src, ctxpkg, wrappers)
            if call is None:
                continue
            left = _lhs(st)
            if len(left) != 2:
                continue
            fn = goast.enclosing_func(st)
            if fn is None:
                continue
            ctx_id, cancel_id = left
            if src.text(cancel_id) == "_":
                out.append(_discarded(view, src, st, call, fn, ctx_id, cancel_id))
                continue
            if st.type != "short_var_declaration" or cancel_id.type != "identifier":
                continue
            uses = _uses(view, src, fn, cancel_id)
            # `_ = cancel` keeps the compiler and vet's lostcancel quiet; it calls nothing. Nor
            # does handing it to a function of the package that never uses that parameter.
            blanked = [u for u in uses if _blank_assigned(u, src) or _unused_param_arg(view, u, src)]
            if len(blanked) == len(uses):
                out.append(_never_called(view, src, st, call, fn, ctx_id, cancel_id, blanked))
                continue
            piled = _deferred_per_iteration(view, st, fn, uses, src)
            if piled is not None:
                out.append(_piled_up(src, st, call, fn, cancel_id, *piled))
                continue
            scope = st.parent if st.parent is not None and st.parent.type == "statement_list" else fn
            parent = goast.call_args(call)[0] if goast.call_args(call) else None
            exits = [
                e
                for e in exits_between(fn, src, st.end_byte, scope.end_byte, panics=False)
                if not dominated(e, uses, fn) and not _parent_done(e, parent, src)
            ]
            if exits:
                out.append(_some_path(view, src, st, call, fn, ctx_id, cancel_id, exits, uses))
    return out


def _uses(view, src, fn: Node, ident: Node) -> list[Node]:
    """Identifiers referring to the variable declared at `ident` (closures included)."""
    name = src.text(ident)
    out = []
    for n in goast.of_type(fn, "identifier"):
        if n == ident or n.start_byte < ident.start_byte or src.text(n) != name:
            continue
        d = resolve(n, src, view)
        if d.ident is not None and d.ident == ident:
            out.append(n)
    return out


def _defer_fix(view, src, st, fn, ctx_id, cancel: str, rename: Node | None) -> Fix | None:
    """`defer cancel()` right after the call, unless the context escapes the function (returned,
    stored, handed to a goroutine) and so must outlive it."""
    if st.parent is None or st.parent.type != "statement_list" or goast.enclosing_func(st.parent) != fn:
        return None
    if ctx_id.type == "identifier" and src.text(ctx_id) != "_":
        for u in _uses(view, src, fn, ctx_id) if st.type == "short_var_declaration" else []:
            for a in goast.ancestors(u):
                if a == fn:
                    break
                if a.type in ("return_statement", "go_statement", "keyed_element", "composite_literal"):
                    return None
                if a.type == "assignment_statement":
                    right = a.child_by_field_name("right")
                    if right is not None and goast.inside(u, right):
                        return None
                if a.type == "func_literal" and go_literal_of(a) is not None:
                    return None
    elif ctx_id.type != "identifier":
        return None  # s.ctx, s.cancel = ...: the struct owns it
    indent = src.indent_at(st.start_byte)
    edits = []
    if rename is not None:
        edits.append(replace(src, rename, cancel))
    edits.append(insert_after(src, st, f"\n{indent}defer {cancel}()"))
    return Fix(f"Call {cancel} when the function returns", tuple(edits))


def _discarded(view, src, st, call, fn, ctx_id, cancel_id):
    what = src.text(call.child_by_field_name("function"))
    fixes = []
    if st.type == "short_var_declaration":
        name = fresh_name(src, fn, ["cancel", "cancelCtx"])
        fix = _defer_fix(view, src, st, fn, ctx_id, name, cancel_id)
        if fix is not None:
            fixes.append(fix)
    return Diagnostic(
        src.span(cancel_id),
        f"The cancel function of `{what}` is discarded: the context and its timer stay registered with the "
        f"parent until the parent is cancelled or the deadline passes, so every call leaks them (and work "
        f"using the context cannot be stopped early).",
        [Related(src.span(call), "the context is created here")],
        fixes,
        anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|discard|{src.text(st)[:80]}",
    )


def _unused_param_arg(view, u: Node, src: SourceFile) -> bool:
    """`u` is an argument of a call of the package's own function, whose parameter in that
    place its body never names (`readBill(ctx, cancel, r)` with `cancel` unused there)."""
    args = u.parent
    call = args.parent if args is not None and args.type == "argument_list" else None
    if call is None or call.type != "call_expression":
        return False
    callee = concurrency(view).resolve_call(call, src)
    if callee is None or callee.body is None:
        return False
    index = next((i for i, a in enumerate(goast.call_args(call)) if a == u), None)
    names = [n for p in goast.params_of(callee.node) for n in (goast.param_names(p, callee.src) or ["_"])]
    if index is None or index >= len(names) or names[index] == "_":
        return index is not None and index < len(names)
    return not any(n.text.decode() == names[index] for n in goast.of_type(callee.body, "identifier"))


def _blank_assigned(u: Node, src: SourceFile) -> bool:
    """`_ = u`."""
    p = u.parent
    st = p.parent if p is not None and p.type == "expression_list" else p
    if st is None or st.type != "assignment_statement" or goast.unparen(st.child_by_field_name("right")) not in (u, p):
        return False
    left = st.child_by_field_name("left")
    return left is not None and src.text(left).strip() == "_"


def _deferred_per_iteration(view, st: Node, fn: Node, uses: list[Node], src: SourceFile) -> tuple[Node, Node] | None:
    """(the loop, the defer) when the context is made in every iteration of a loop and its
    only cancel is deferred there: deferred calls run when the function returns, so every
    iteration that goes on to the next leaves its context, and timer, alive until then."""
    loop = next((a for a in goast.ancestors_below(st, fn) if a.type == "for_statement"), None)
    if loop is None or not uses or st.parent is None or st.parent.parent != loop.child_by_field_name("body"):
        return None  # (made in a branch or a select case: on the events that call for one, not every pass)
    defers = []
    for u in uses:
        call = u.parent
        d = call.parent if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == u else None
        if d is None or d.type != "defer_statement" or not goast.inside(d, loop):
            return None
        defers.append(d)
    d = defers[0]
    if goast.enclosing_func(d) != fn or iteration_leaves(d, loop, src) or not event_loop(loop, src, view):
        return None
    return loop, d


def _piled_up(src, st, call, fn, cancel_id, loop: Node, d: Node) -> Diagnostic:
    name = src.text(cancel_id)
    maker = src.text(call.child_by_field_name("function"))
    timer = ", with its timer," if "Timeout" in maker or "Deadline" in maker else ""
    return Diagnostic(
        src.span(d),
        f"`defer {name}()` runs only when `{func_label(fn, src)}` returns, not at the end of the iteration: every pass of "
        f"the loop (line {line_of(src, loop)}) makes a new context with `{maker}`, and each one{timer} stays alive until the "
        f"function returns: a loop that runs long leaks one per iteration. Cancel it at the end of each iteration, or make "
        f"the context once, before the loop.",
        [Related(src.span(call), "a new context every iteration"), Related(src.span(loop.children[0]), "the loop")],
        [],
        anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|piled|{src.text(st)[:80]}",
    )


def _never_called(view, src, st, call, fn, ctx_id, cancel_id, blanked=()):
    name = src.text(cancel_id)
    fixes = []
    fix = _defer_fix(view, src, st, fn, ctx_id, name, None)
    if fix is not None:
        fixes.append(fix)
    blank = [b for b in blanked if _blank_assigned(b, src)]
    handed = [b for b in blanked if b not in blank]
    why = ""
    if blank:
        why = f" (`_ = {name}` only keeps the compiler quiet)"
    elif handed:
        callee = src.text(handed[0].parent.parent.child_by_field_name("function"))
        why = f" (`{callee}` is handed it, and never uses it)"
    return Diagnostic(
        src.span(cancel_id),
        f"`{name}` is never called{why}: the context created by `{src.text(call.child_by_field_name('function'))}` (and its "
        f"timer) stays alive until the parent is cancelled, a leak on every call.",
        [Related(src.span(call), "the context is created here")]
        + [Related(src.span(b.parent), f"`{name}` is only assigned to `_`") for b in blank]
        + [Related(src.span(b), "handed to a function that never uses it") for b in handed],
        fixes,
        anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|never|{src.text(st)[:80]}",
    )


def _parent_done(exit_: Node, parent: Node | None, src: SourceFile) -> bool:
    """The exit is in `case <-parent.Done():`: the parent is cancelled, and with it the derived
    context and its timer; the missing cancel costs nothing on that path."""
    if parent is None:
        return False
    want = src.text(parent).replace(" ", "") + ".Done()"
    for a in goast.ancestors(exit_):
        if a.type in goast.FUNC_TYPES:
            return False
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            return comm is not None and src.text(comm).replace(" ", "").endswith("<-" + want)
    return False


def _some_path(view, src, st, call, fn, ctx_id, cancel_id, exits, uses):
    name = src.text(cancel_id)
    fixes = []
    if not any(
        u.parent is not None and u.parent.type == "call_expression" and u.parent.parent is not None and u.parent.parent.type == "defer_statement"
        for u in uses
    ):
        fix = _defer_fix(view, src, st, fn, ctx_id, name, None)
        if fix is not None and all(
            u.parent is not None and u.parent.type == "call_expression" and u.parent.child_by_field_name("function") == u for u in uses
        ):
            fixes.append(fix)
    e = exits[0]
    return Diagnostic(
        src.span(cancel_id),
        f"`{name}` is not called on the path returning at line {line_of(src, e)}: the context and its timer leak "
        f"on that path until the parent is cancelled. `defer {name}()` right after the call covers every path.",
        [Related(src.span(x), f"returns without calling `{name}`") for x in exits],
        fixes,
        anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|path|{src.text(st)[:80]}",
    )


CANCEL = register(
    Rule(
        id="context-cancel-not-called",
        in_tests=False,
        title="Context cancel function discarded or not called on every path",
        family="E",
        severity=Severity.WARNING,
        what="""
Finds `context.WithCancel/WithTimeout/WithDeadline` (and their `Cause` variants, and the
package's own functions that return `(context.Context, context.CancelFunc)`) whose cancel
function is assigned to `_`, never used (`_ = cancel` keeps vet's lostcancel quiet but calls
nothing; nor does handing it to a function of the package that never uses it), or not called
(nor deferred, stored, passed or returned) before some `return` of the function. A context
made in every iteration of a loop that runs as long as events come (`for { select … }`, a
range over a channel) whose cancel is only deferred there is cancelled when the function
returns, not when the iteration ends: the contexts pile up while the loop runs.
""",
        why="""
Until cancel is called the derived context stays linked to its parent (and a timeout keeps its
timer), so each call leaks them until the parent ends — for `context.Background()` that is never.
Goroutines watching the context are not told to stop either.
""",
        example="""
ctx, _ := context.WithTimeout(ctx, 2*time.Second)
return fetch(ctx, url)
""",
        instead="""
ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
defer cancel()
return fetch(ctx, url)
""",
        vet_overlap="""
go vet's lostcancel check reports the same discarded or unused cancel functions and paths. goleash
adds the patch (`defer cancel()` right after the call, offered only when the context does not
escape the function) and reports in pull-request review.
""",
        run=_cancel_lost,
    )
)
