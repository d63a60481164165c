"""context-background-in-goroutine: a goroutine started with `context.Background()` where the
function received a ctx."""

from __future__ import annotations

import re

from .. import goast
from ..concurrency import go_literal_of
from ..fixgen import replace
from ..flow import own_owners
from ..goast import Node, func_label
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import FUNC_DECLS, GO_STATEMENTS, SourceFile, token_owners
from ..registry import Rule, register
from ..scope import resolve


def _background_in_go(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b"go ") or (not src.mentions(b"context.Background()") and not src.mentions(b"context.TODO()")):
            continue
        ctxpkg = src.import_name("context")
        if ctxpkg is None:
            continue
        for fn in token_owners(src, *FUNC_DECLS):
            ctx_param = None
            for p in goast.params_of(fn):
                t = p.child_by_field_name("type")
                if t is not None and src.text(t).replace(" ", "") == f"{ctxpkg}.Context":
                    names = [n for n in goast.param_names(p, src) if n != "_"]
                    if names:
                        ctx_param = names[0]
            if ctx_param is None or _constructor(fn, src):
                continue
            for g in own_owners(fn, src, *GO_STATEMENTS):
                for call in goast.of_type(g, "call_expression"):
                    f = call.child_by_field_name("function")
                    if f is None or src.text(f) not in (f"{ctxpkg}.Background", f"{ctxpkg}.TODO") or goast.call_args(call):
                        continue
                    inner = goast.enclosing_func(call)
                    if (
                        inner is not None
                        and inner != fn
                        and go_literal_of(inner) != g
                        and goast.inside(inner, g)
                        and inner.parent is not None
                        and inner.parent.type != "call_expression"
                    ):
                        continue  # inside a callback defined by the goroutine
                    if _after_done(call, g, ctx_param, src, view) or _says_why(call, g, src):
                        continue
                    if _callers_deadline(call, g, fn, ctx_param, src) or _cleanup_call(call, src):
                        continue
                    out.append(_bg_diag(view, src, fn, g, call, ctx_param))
    return out


_CTX_WORD = re.compile(r"\b(context|ctx|cancel\w*)\b", re.I)
_DETACHED = re.compile(
    r"background|\bTODO\b|outlive|even (if|when|after)|regardless|independent|detach|"
    r"not (be )?cancel|avoid\w* (to )?(get|be)\w* cancel|on purpose|deliberate|intentional",
    re.I,
)


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


_CLEANUP = re.compile(r"(?:^|\.)(?:Release|Close|Cleanup|CleanUp|Unlock|Rollback|Abort|Shutdown|Stop|Unref|Unmount)\w*$")


def _cleanup_call(call: Node, src: SourceFile) -> bool:
    """`go ref.Release(context.TODO())`: clean-up handed a context of its own, so that it
    finishes whatever happens to the request that gave it up (what `context.WithoutCancel`
    is for)."""
    args = call.parent
    outer = args.parent if args is not None and args.type == "argument_list" else None
    f = outer.child_by_field_name("function") if outer is not None and outer.type == "call_expression" else None
    return f is not None and bool(_CLEANUP.search(src.text(f)))


def _callers_deadline(call: Node, g: Node, fn: Node, ctx_param: str, src: SourceFile) -> bool:
    """The fresh context is given the caller's deadline in the goroutine (`d, ok :=
    ctx.Deadline()`, then `context.WithDeadline(fresh, d)`): detached from the caller's
    cancellation on purpose (one request's failure must not cancel its siblings), it still ends
    when the caller's time is up."""
    if f"{ctx_param}.Deadline()" not in src.text(fn).replace(" ", ""):
        return False
    st = goast.statement_of(call)
    left = st.child_by_field_name("left") if st is not None and st.type in ("short_var_declaration", "assignment_statement") else None
    names = [src.text(n) for n in left.named_children] if left is not None and left.type == "expression_list" else []
    if len(names) != 1:
        return False
    for c in goast.of_type(g, "call_expression"):
        f = c.child_by_field_name("function")
        args = goast.call_args(c)
        if f is not None and src.text(f).endswith(".WithDeadline") and args and src.text(args[0]) == names[0]:
            return True
    return False


def _constructor(fn: Node, src) -> bool:
    """`NewX(ctx, ...) *X`: the goroutines it starts belong to the object it builds, which
    outlives the constructor's context and is stopped by its own Close/Stop."""
    name = goast.func_name(fn, src)
    res = fn.child_by_field_name("result")
    return name.startswith(("New", "new")) and fn.type == "function_declaration" and res is not None and src.text(res).lstrip("(").startswith("*")


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
            if cond is not None and cons is not None and goast.inside(call, cons) and f"{ctx_param}.Err()" in src.text(cond).replace(" ", ""):
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
        shadowed = any(
            src.text(n) == ctx_param
            and n.parent is not None
            and n.parent.type in ("expression_list", "short_var_declaration", "parameter_declaration")
            for n in goast.of_type(g, "identifier")
        )
        if ok and not shadowed:
            fixes.append(Fix(f"Derive the goroutine's context from {ctx_param}", (replace(src, call, ctx_param),)))
    return Diagnostic(
        src.span(call),
        f"`{func_label(goast.enclosing_decl(fn) or fn, src)}` receives `{ctx_param}` but starts this goroutine with "
        f"`{src.text(call)}`: cancelling the caller's context (client gone, request timed out, shutdown) does not "
        f"stop it, so it keeps running — and holding what it holds — after its caller has given up. Pass "
        f"`{ctx_param}` (or `context.WithoutCancel({ctx_param})` when it must outlive the caller on purpose).",
        [Related(src.span(g), "the goroutine")],
        fixes,
        anchor=f"{func_label(goast.enclosing_decl(fn) or fn, src)}|bg|{src.text(call)}",
    )


BACKGROUND = register(
    Rule(
        id="context-background-in-goroutine",
        title="Goroutine started with context.Background() where a ctx was received",
        family="E",
        severity=Severity.WARNING,
        what="""
Finds `go` statements that use `context.Background()` or `context.TODO()` inside a function
that received a `context.Context` parameter, unless a comment right above the call (or the `go`
statement) says why the context is detached from the caller's, the goroutine gives the fresh
context the caller's deadline, or the context goes to a clean-up call (`Release`, `Close`,
`Rollback`...) that must finish whatever happens to the caller.
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
    )
)
