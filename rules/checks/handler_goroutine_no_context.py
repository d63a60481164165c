"""handler-goroutine-no-context: a goroutine in an HTTP handler that ignores the request's context."""

from __future__ import annotations

from .. import goast
from ..chanflow import (
    func_label,
    is_recv,
    line_of,
    select_of,
)
from ..concurrency import concurrency
from ..fixgen import replace
from ..leaksites import select_can_give_up
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..registry import Rule, register
from ..scope import resolve

_NET_CALLS = {
    ("http", "Get"),
    ("http", "Post"),
    ("http", "Head"),
    ("http", "PostForm"),
    ("net", "Dial"),
    ("http.DefaultClient", "Do"),
    ("http.DefaultClient", "Get"),
}


def _handler_goroutines(view: PackageView):
    cc = concurrency(view)
    out = []
    for root in cc.roots:
        if root.kind != "handler" or root.body is None:
            continue
        src = root.body_src
        if not src.mentions(b"go func"):
            continue
        params = goast.params_of(root.body)
        if len(params) != 2:
            continue
        rnames = goast.param_names(params[1], src)
        rname = rnames[0] if rnames else None
        if not rname or rname == "_":
            rname = None
        for gs in goast.of_type(root.body, "go_statement"):
            if cc.boundary_of(gs, src) != root.body:
                continue
            call = next((c for c in gs.named_children if c.type == "call_expression"), None)
            lit = call.child_by_field_name("function") if call is not None else None
            if lit is None or lit.type != "func_literal":
                continue
            d = _check_handler_go(view, src, root, gs, lit, rname)
            if d is not None:
                out.append(d)
    return out


def _check_handler_go(view, src, root, gs, lit, rname) -> Diagnostic | None:
    uses_ctx = False
    blocking = []
    bg_args = []
    for n in goast.walk(lit):
        t = n.type
        if t == "identifier":
            name = src.text(n)
            if name == rname or name == "ctx" or name.endswith(("Ctx", "cancel", "Cancel")):
                uses_ctx = True
                break
            d = resolve(n, src, view)
            if d.kind == "local" and d.ident is not None and not goast.inside(d.ident, lit):
                st = d.ident.parent
                while st is not None and st.type not in ("short_var_declaration", "var_spec", "assignment_statement"):
                    st = st.parent
                if st is not None and ("Context()" in src.text(st) or "context.With" in src.text(st)):
                    uses_ctx = True
                    break
        elif t == "call_expression":
            recv, fname = goast.call_parts(n, src)
            if (recv, fname) in _NET_CALLS:
                blocking.append((n, f"`{recv}.{fname}` with no deadline"))
            for a in goast.call_args(n):
                at = src.text(a).replace(" ", "")
                if at in ("context.Background()", "context.TODO()"):
                    bg_args.append(a)
                    blocking.append((n, f"`{src.text(n.child_by_field_name('function'))}` with `{at}`"))
        elif t == "send_statement":
            sel, case = select_of(n)
            if sel is None or not select_can_give_up(sel, case):
                blocking.append((n, f"the send `{src.text(n)}`"))
        elif t == "unary_expression" and is_recv(n):
            sel, case = select_of(n)
            if sel is None or not select_can_give_up(sel, case):
                blocking.append((n, f"the receive `{src.text(n)}`"))
    if uses_ctx or not blocking:
        return None
    op, what = blocking[0]
    hname = func_label(root.body, src)
    msg = (
        f"Goroutine started in HTTP handler `{hname}` does blocking work ({what}, line {line_of(src, op)}) without "
        f"the request's context: when the client goes away or the handler returns, nothing tells it to stop, so "
        f"it can outlive the request indefinitely — one stuck goroutine per request under load."
    )
    related = [Related(src.span(op), "blocks here with no way to be cancelled")]
    fixes = []
    if rname and bg_args and _handler_waits(root.body, gs, src):
        edits = tuple(replace(src, a, f"{rname}.Context()") for a in bg_args)
        fixes.append(Fix(f"Pass the request's context ({rname}.Context()): the handler waits for this goroutine anyway", edits))
    return Diagnostic(src.span(gs), msg, related, fixes, anchor=f"{hname}|go|{src.text(lit)[:60]}")


def _handler_waits(body, gs, src) -> bool:
    for n in goast.walk(body, skip_func_literals=True):
        if n.start_byte < gs.end_byte:
            continue
        if n.type == "unary_expression" and is_recv(n):
            return True
        if n.type == "call_expression" and goast.call_parts(n, src)[1] == "Wait":
            return True
    return False


HANDLER_GO = register(
    Rule(
        id="handler-goroutine-no-context",
        title="Goroutine in an HTTP handler ignores the request's context",
        family="C",
        severity=Severity.WARNING,
        what="""
Finds `go func() { … }()` inside HTTP handlers whose body blocks (a channel send or receive that
cannot give up, `http.Get`-style calls with no deadline, calls given `context.Background()` or
`context.TODO()`) and never refers to the request or a context.
""",
        why="""
net/http cancels `r.Context()` when the client disconnects or the handler returns; a goroutine
that never looks at it keeps blocking after the request is gone. Under load every slow or
abandoned request leaves a goroutine behind (and its connection, buffers and request data):
memory and goroutine counts climb until the server falls over.
""",
        example="""
func search(w http.ResponseWriter, r *http.Request) {
	res := make(chan []string, 1)
	go func() {
		res <- backend.Query(context.Background(), r.URL.Query().Get("q"))
	}()
	...
}
""",
        instead="""
func search(w http.ResponseWriter, r *http.Request) {
	res := make(chan []string, 1)
	go func() {
		res <- backend.Query(r.Context(), q)
	}()
	...
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_handler_goroutines,
    )
)
