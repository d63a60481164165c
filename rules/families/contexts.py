"""Family E4: context cancellation misuse."""
from __future__ import annotations

import re

from .. import goast
from ..concurrency import go_literal_of
from ..fixgen import fresh_name, insert_after, replace
from ..goast import Node, unparen
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import SourceFile, assigning_statements, calls_named, file_captures, method_calls, name_nodes
from ..registry import Rule, register
from ..scope import resolve
from .syncprims import dominated, exits_between, func_label, line_of, own_of_type

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
        types = [fi.src.text(p.child_by_field_name("type")).replace(" ", "") for p in res.named_children
                 if p.type == "parameter_declaration" and p.child_by_field_name("type") is not None
                 and not p.children_by_field_name("name")]
        if types == [f"{ctxpkg}.Context", f"{ctxpkg}.CancelFunc"]:
            out[key] = fi.node
    return out


def _cancel_lost(view: PackageView):
    out = []
    wrappers = _cancel_wrappers(view)
    for src in view.files:
        if b"context" not in src.data or (b"With" not in src.data and not wrappers):
            continue
        ctxpkg = src.import_name("context")
        if ctxpkg is None:
            continue
        calls = method_calls(src, *_WITH)
        if wrappers:
            calls = sorted(calls + [c for c in calls_named(src, *wrappers)
                                    if c.child_by_field_name("function").type == "identifier"],
                           key=lambda c: c.start_byte)
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
            if not uses:
                out.append(_never_called(view, src, st, call, fn, ctx_id, cancel_id))
                continue
            scope = st.parent if st.parent is not None and st.parent.type == "statement_list" else fn
            parent = goast.call_args(call)[0] if goast.call_args(call) else None
            exits = [e for e in exits_between(fn, src, st.end_byte, scope.end_byte, panics=False)
                     if not dominated(e, uses, fn) and not _parent_done(e, parent, src)]
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
        [Related(src.span(call), "the context is created here")], fixes,
        anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|discard|{src.text(st)[:80]}")


def _never_called(view, src, st, call, fn, ctx_id, cancel_id):
    name = src.text(cancel_id)
    fixes = []
    fix = _defer_fix(view, src, st, fn, ctx_id, name, None)
    if fix is not None:
        fixes.append(fix)
    return Diagnostic(
        src.span(cancel_id),
        f"`{name}` is never called: the context created by `{src.text(call.child_by_field_name('function'))}` "
        f"(and its timer) stays alive until the parent is cancelled, a leak on every call.",
        [Related(src.span(call), "the context is created here")], fixes,
        anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|never|{src.text(st)[:80]}")


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
    if not any(u.parent is not None and u.parent.type == "call_expression" and u.parent.parent is not None
               and u.parent.parent.type == "defer_statement" for u in uses):
        fix = _defer_fix(view, src, st, fn, ctx_id, name, None)
        if fix is not None and all(u.parent is not None and u.parent.type == "call_expression"
                                   and u.parent.child_by_field_name("function") == u for u in uses):
            fixes.append(fix)
    e = exits[0]
    return Diagnostic(
        src.span(cancel_id),
        f"`{name}` is not called on the path returning at line {line_of(src, e)}: the context and its timer leak "
        f"on that path until the parent is cancelled. `defer {name}()` right after the call covers every path.",
        [Related(src.span(x), f"returns without calling `{name}`") for x in exits], fixes,
        anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|path|{src.text(st)[:80]}")


CANCEL = register(Rule(
    id="context-cancel-not-called",
    in_tests=False,
    title="Context cancel function discarded or not called on every path",
    family="E",
    severity=Severity.WARNING,
    what="""
Finds `context.WithCancel/WithTimeout/WithDeadline` (and their `Cause` variants, and the
package's own functions that return `(context.Context, context.CancelFunc)`) whose cancel
function is assigned to `_`, never used, or not called (nor deferred, stored, passed or returned)
before some `return` of the function.
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
))


# -- cancel stored in a struct and never called -----------------------------------------------------


def _key_nodes(src: SourceFile, name: str) -> list[Node]:
    """`name` as the key of a keyed element (`T{name: v}`): the key node, whose parent is the
    keyed_element (tree-sitter-go wraps the key in a literal_element)."""
    out = []
    for n in name_nodes(src, name):
        p = n.parent
        if p is not None and p.type == "literal_element":
            n, p = p, p.parent
        if p is not None and p.type == "keyed_element" and p.named_children and p.named_children[0] == n:
            out.append(n)
    return out


def _called_locally(value: Node, src: SourceFile) -> bool:
    """Is `value`, a variable, called (or deferred) in the function that stores it?"""
    value = unparen(value)
    if value.type == "literal_element" and value.named_children:
        value = unparen(value.named_children[0])
    fn = goast.enclosing_func(value)
    if value.type != "identifier" or fn is None:
        return False
    name = src.text(value)
    return any(src.text(c.child_by_field_name("function")) == name for c in goast.of_type(fn, "call_expression"))


def _struct_cancel(view: PackageView):
    fields: dict[str, tuple[str, Node, SourceFile]] = {}
    for name, si in view.structs.items():
        for fname, t in si.fields.items():
            if t is None or fname[:1].isupper():
                continue
            text = si.src.text(t).replace(" ", "")
            ctxpkg = si.src.import_name("context") or "context"
            if text in (f"{ctxpkg}.CancelFunc", f"{ctxpkg}.CancelCauseFunc"):
                fields[fname] = (name, t, si.src)
    if not fields:
        return []
    sets: dict[str, list[tuple[Node, SourceFile]]] = {}
    called: set[str] = set()
    for src in view.files:
        if not any(f.encode() in src.data for f in fields):
            continue
        sels = sorted((fld.parent for f in fields for fld in name_nodes(src, f)
                       if fld.type == "field_identifier" and fld.parent is not None
                       and fld.parent.type == "selector_expression"), key=lambda n: n.start_byte)
        for sel in sels:
            fname = src.text(sel.child_by_field_name("field"))
            p = sel.parent
            if p is not None and p.type == "expression_list":
                p = p.parent
                is_lhs = p is not None and p.type == "assignment_statement" and goast.inside(sel, p.child_by_field_name("left"))
            else:
                is_lhs = p is not None and p.type == "assignment_statement" and p.child_by_field_name("left") == sel
            if is_lhs:
                sets.setdefault(fname, []).append((sel, src))
            else:
                called.add(fname)  # called, deferred, passed on, returned: someone can cancel
        keyed = sorted((k.parent for f in fields for k in _key_nodes(src, f)), key=lambda n: n.start_byte)
        for ke in keyed:
            kids = ke.named_children
            if len(kids) == 2 and src.text(kids[0]) in fields:
                sets.setdefault(src.text(kids[0]), []).append((ke, src))
                if _called_locally(kids[1], src):
                    called.add(src.text(kids[0]))  # `cancel: ccancel` and `ccancel()` later
    out = []
    for fname, places in sets.items():
        if fname in called:
            continue
        tname, t, fsrc = fields[fname]
        sel, src = places[0]
        out.append(Diagnostic(
            src.span(sel),
            f"`{tname}.{fname}` stores a cancel function that nothing in the package ever calls: the context it "
            f"cancels, its timer and every goroutine waiting on `ctx.Done()` live until the parent context ends "
            f"(forever for `context.Background()`). Call it from the type's Close/Stop method.",
            [Related(fsrc.span(t), "the field")] + [Related(s.span(n), "also stored here") for n, s in places[1:4]], [],
            anchor=f"{tname}.{fname}|struct-cancel"))
    return out


STRUCT_CANCEL = register(Rule(
    id="context-struct-cancel-never-called",
    in_tests=False,
    title="Cancel function kept in a struct field but never called",
    family="E",
    severity=Severity.WARNING,
    what="""
Finds unexported struct fields of type `context.CancelFunc` (or `CancelCauseFunc`) that are
assigned somewhere in the package but never called, deferred, passed on or returned.
""",
    why="""
A type that creates a cancellable context for its background work and never cancels it leaks the
context, its timer, and every goroutine whose loop exits on `ctx.Done()`: closing the type stops
nothing.
""",
    example="""
type Poller struct {
	cancel context.CancelFunc
}

func (p *Poller) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	go p.loop(ctx)
}

func (p *Poller) Close() error { return nil } // p.cancel is never called
""",
    instead="""
func (p *Poller) Close() error {
	p.cancel()
	return nil
}
""",
    vet_overlap="""
go vet's lostcancel check accepts storing the cancel function in a field; it cannot see that no
code ever calls the field. goleash checks the whole package.
""",
    run=_struct_cancel,
))


# -- goroutines started with a fresh root context -----------------------------------------------------


def _background_in_go(view: PackageView):
    out = []
    for src in view.files:
        if b"go " not in src.data or (b"context.Background()" not in src.data and b"context.TODO()" not in src.data):
            continue
        ctxpkg = src.import_name("context")
        if ctxpkg is None:
            continue
        for fn in file_captures(src, "(function_declaration) @f (method_declaration) @f").get("f", []):
            ctx_param = None
            for p in goast.params_of(fn):
                t = p.child_by_field_name("type")
                if t is not None and src.text(t).replace(" ", "") == f"{ctxpkg}.Context":
                    names = [n for n in goast.param_names(p, src) if n != "_"]
                    if names:
                        ctx_param = names[0]
            if ctx_param is None or _constructor(fn, src):
                continue
            for g in own_of_type(fn, "go_statement"):
                for call in goast.of_type(g, "call_expression"):
                    f = call.child_by_field_name("function")
                    if f is None or src.text(f) not in (f"{ctxpkg}.Background", f"{ctxpkg}.TODO") or goast.call_args(call):
                        continue
                    inner = goast.enclosing_func(call)
                    if inner is not None and inner != fn and go_literal_of(inner) != g and goast.inside(inner, g) \
                            and inner.parent is not None and inner.parent.type != "call_expression":
                        continue  # inside a callback defined by the goroutine
                    if _after_done(call, g, ctx_param, src, view) or _says_why(call, g, src):
                        continue
                    out.append(_bg_diag(view, src, fn, g, call, ctx_param))
    return out


_CTX_WORD = re.compile(r"\b(context|ctx)\b", re.I)
_DETACHED = re.compile(r"background|\bTODO\b|outlive|even (if|when|after)|regardless|independent|detach|"
                       r"not (be )?cancel|on purpose|deliberate|intentional", re.I)


def _adjacent_comments(st: Node, src: SourceFile) -> str:
    """The comment lines right above `st`, with no blank line between."""
    out = []
    row = st.start_point[0]
    prev = st.prev_sibling
    if prev is None and st.parent is not None and st.parent.type == "statement_list":
        prev = st.parent.prev_sibling  # a comment before a block's first statement sits outside its list
    while prev is not None and prev.type == "comment" and prev.end_point[0] == row - 1:
        out.append(src.text(prev))
        row = prev.start_point[0]
        prev = prev.prev_sibling
    return "\n".join(out)


def _says_why(call: Node, g: Node, src: SourceFile) -> bool:
    """A comment at the call (or at the `go` statement) that speaks of the context and why it is
    detached: the author chose a context that outlives the caller's on purpose."""
    for st in (goast.statement_of(call), g):
        text = _adjacent_comments(st, src) if st is not None else ""
        if _CTX_WORD.search(text) and _DETACHED.search(text):
            return True
    return False


def _constructor(fn: Node, src) -> bool:
    """`NewX(ctx, ...) *X`: the goroutines it starts belong to the object it builds, which
    outlives the constructor's context and is stopped by its own Close/Stop."""
    name = goast.func_name(fn, src)
    res = fn.child_by_field_name("result")
    return name.startswith(("New", "new")) and fn.type == "function_declaration" and res is not None \
        and src.text(res).lstrip("(").startswith("*")


def _after_done(call: Node, g: Node, ctx_param: str, src, view) -> bool:
    """Is `call` reached only once `ctx_param` is done (in `case <-ctx.Done():`, also through
    `done := ctx.Done()`, or under `if ctx.Err() != nil`)? There a fresh context is the point:
    the caller's is cancelled."""
    done = f"{ctx_param}.Done()"
    for a in goast.ancestors(call):
        if a == g:
            return False
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            if comm is None:
                continue
            if done in src.text(comm).replace(" ", ""):
                return True
            for ident in goast.of_type(comm, "identifier"):
                d = resolve(ident, src, view)
                if d.value is not None and src.text(d.value).replace(" ", "") == done:
                    return True
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            cons = a.child_by_field_name("consequence")
            if cond is not None and cons is not None and goast.inside(call, cons) \
                    and f"{ctx_param}.Err()" in src.text(cond).replace(" ", ""):
                return True
    return False


def _bg_diag(view, src, fn, g, call, ctx_param):
    fixes = []
    # the parameter must still be the one in scope at the call
    idents = [n for n in goast.of_type(fn.child_by_field_name("parameters"), "identifier") if src.text(n) == ctx_param]
    if idents:
        probe = None
        for n in goast.of_type(g, "identifier"):
            if src.text(n) == ctx_param:
                probe = n
                break
        ok = probe is None or resolve(probe, src, view).ident == idents[0]
        shadowed = any(src.text(n) == ctx_param and n.parent is not None
                       and n.parent.type in ("expression_list", "short_var_declaration", "parameter_declaration")
                       for n in goast.of_type(g, "identifier"))
        if ok and not shadowed:
            fixes.append(Fix(f"Derive the goroutine's context from {ctx_param}", (replace(src, call, ctx_param),)))
    return Diagnostic(
        src.span(call),
        f"`{func_label(goast.enclosing_decl(fn) or fn, src)}` receives `{ctx_param}` but starts this goroutine with "
        f"`{src.text(call)}`: cancelling the caller's context (client gone, request timed out, shutdown) does not "
        f"stop it, so it keeps running — and holding what it holds — after its caller has given up. Pass "
        f"`{ctx_param}` (or `context.WithoutCancel({ctx_param})` when it must outlive the caller on purpose).",
        [Related(src.span(g), "the goroutine")], fixes,
        anchor=f"{func_label(goast.enclosing_decl(fn) or fn, src)}|bg|{src.text(call)}")


BACKGROUND = register(Rule(
    id="context-background-in-goroutine",
    title="Goroutine started with context.Background() where a ctx was received",
    family="E",
    severity=Severity.WARNING,
    what="""
Finds `go` statements that use `context.Background()` or `context.TODO()` inside a function
that received a `context.Context` parameter, unless a comment right above the call (or the `go`
statement) says why the context is detached from the caller's.
""",
    why="""
The goroutine is cut off from its caller's cancellation: when the request is cancelled or the
server shuts down it goes on working, holding connections, memory and locks, and piles up under
load (a goroutine leak that looks like a slow memory leak).
""",
    example="""
func (s *Server) Handle(ctx context.Context, req *Req) {
	go func() {
		s.audit(context.Background(), req)
	}()
}
""",
    instead="""
func (s *Server) Handle(ctx context.Context, req *Req) {
	go func() {
		s.audit(ctx, req)
	}()
}
""",
    vet_overlap="Not covered by go vet. staticcheck has no equivalent; contextcheck (golangci-lint) is close.",
    run=_background_in_go,
))
