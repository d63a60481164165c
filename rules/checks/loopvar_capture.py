"""loopvar-capture: loop variables captured by `go`/`defer` closures before Go 1.22.

Until Go 1.22 a `for` loop has one variable for all iterations; closures started with `go` or
deferred see whatever value it has when they run (usually the last). From go 1.22 on (the
module's go.mod `go` line) each iteration has its own variable: silent there, and silent when
the version is unknown."""

from __future__ import annotations

from bisect import bisect_left

from .. import goast
from ..concurrency import concurrency
from ..goast import Node, func_label, line_of
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import FUNC_LITERALS, GO_STATEMENTS, sort_outer_first, token_owners
from ..registry import Rule, register
from ..scope import resolve

_DEFERS = frozenset({"defer_statement"})
_LOOPS = frozenset({"for_statement"})


def _loop_vars(loop: Node, src) -> list[Node]:
    out = []
    for c in loop.named_children:
        if c.type == "range_clause":
            if not any(x.type == ":=" for x in c.children):
                continue
            left = c.child_by_field_name("left")
            if left is None:
                continue
            for n in left.named_children if left.type == "expression_list" else [left]:
                if n.type == "identifier" and src.text(n) != "_":
                    out.append(n)
        elif c.type == "for_clause":
            init = c.child_by_field_name("initializer")
            if init is not None and init.type == "short_var_declaration":
                left = init.child_by_field_name("left")
                for n in left.named_children if left is not None and left.type == "expression_list" else [left] if left is not None else []:
                    if n.type == "identifier" and src.text(n) != "_":
                        out.append(n)
    return out


def _launched_literal(stmt: Node) -> Node | None:
    """The func literal a go/defer statement calls, or that is handed to `g.Go(...)`."""
    call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
    if call is None:
        return None
    f = call.child_by_field_name("function")
    if f is not None and f.type == "func_literal":
        return f
    return None


def _run(view: PackageView):
    v = view.go_version
    if v is None or v >= (1, 22):
        return []
    cc = concurrency(view)
    out = []
    for src in view.files:
        if not src.mentions(b"for ") or (not src.mentions(b"go ") and not src.mentions(b"defer ") and not src.mentions(b".Go(")):
            continue
        # (looked up by position: walking each loop's body would walk a nested loop's again)
        candidates = [*token_owners(src, *GO_STATEMENTS), *token_owners(src, "defer", _DEFERS), *token_owners(src, *FUNC_LITERALS)]
        sort_outer_first(candidates)
        starts = [n.start_byte for n in candidates]
        for loop in token_owners(src, "for", _LOOPS):
            lvars = _loop_vars(loop, src)
            if not lvars:
                continue
            body = loop.child_by_field_name("body")
            if body is None:
                continue
            names = {src.text(n): n for n in lvars}
            launches = []
            for n in candidates[bisect_left(starts, body.start_byte) : bisect_left(starts, body.end_byte)]:
                if n.type in ("go_statement", "defer_statement"):
                    lit = _launched_literal(n)
                    if lit is not None:
                        launches.append((n, lit, "go" if n.type == "go_statement" else "defer"))
                elif n.type == "func_literal":
                    p = n.parent
                    call = p.parent if p is not None and p.type == "argument_list" else None
                    if call is not None and call.type == "call_expression":
                        f = call.child_by_field_name("function")
                        m = f.child_by_field_name("field") if f is not None and f.type == "selector_expression" else None
                        if m is not None and src.text(m) in ("Go", "TryGo"):
                            launches.append((call, n, "go"))
            for stmt, lit, kind in launches:
                # the launch must run in this loop's own function, once per iteration
                fn_of_stmt = goast.enclosing_func(stmt)
                if fn_of_stmt is not None and goast.inside(fn_of_stmt, loop) and fn_of_stmt != lit:
                    continue
                used = []
                for ident in goast.of_type(lit, "identifier"):
                    name = src.text(ident)
                    if name not in names:
                        continue
                    d = resolve(ident, src, view)
                    if d.ident is not None and d.ident == names[name]:
                        used.append(ident)
                if not used:
                    continue
                if kind == "go" and _joined_in_iteration(cc, src, stmt, loop):
                    continue
                out.append(_diag(view, src, loop, stmt, lit, kind, used))
    return out


def _joined_in_iteration(cc, src, stmt: Node, loop: Node) -> bool:
    """`go ...; wg.Wait()` (or a receive) later in the same iteration: the goroutine ends first."""
    body = loop.child_by_field_name("body")
    b = cc.boundary_of(stmt, src)
    if b is None:
        return False
    return any(stmt.end_byte <= j < body.end_byte for j in cc.joins_in(b, src))


def _diag(view, src, loop, stmt, lit, kind, used):
    vars_ = []
    for u in used:
        if src.text(u) not in vars_:
            vars_.append(src.text(u))
    fixes = []
    if stmt.type in ("go_statement", "defer_statement"):
        target = stmt
    else:
        target = stmt.parent if stmt.parent is not None and stmt.parent.type == "expression_statement" else None
    if target is not None and target.parent is not None and target.parent.type == "statement_list":
        indent = src.indent_at(target.start_byte)
        if src.line_start(target.start_byte) + len(indent.encode()) == target.start_byte:
            names = ", ".join(vars_)
            fixes.append(
                Fix(
                    f"Give each iteration its own copy ({names} := {names})",
                    (TextEdit(src.path, target.start_byte, target.start_byte, f"{names} := {names}\n{indent}"),),
                )
            )
    what = "goroutine" if kind == "go" else "deferred call"
    when = "runs later" if kind == "go" else "runs only when the function returns"
    plural = "s" if len(vars_) > 1 else ""
    return Diagnostic(
        src.span(used[0]),
        f"The {what} captures the loop variable{plural} `{'`, `'.join(vars_)}`, which this module "
        f"(go {view.go_version[0]}.{view.go_version[1]} in go.mod) shares across all iterations: the {what} {when} and "
        f"sees the value of a later iteration — typically every one of them uses the last element.",
        [
            Related(src.span(stmt), f"the {what} is started here, once per iteration"),
            Related(src.span(loop.children[0]), f"the loop (line {line_of(src, loop)})"),
        ],
        fixes,
        anchor=f"{func_label(goast.enclosing_decl(loop) or loop, src)}|{'|'.join(vars_)}|{src.text(stmt)[:60]}",
    )


LOOPVAR = register(
    Rule(
        id="loopvar-capture",
        title="Loop variable captured by a goroutine or defer (go < 1.22)",
        family="E",
        severity=Severity.ERROR,
        what="""
In modules whose go.mod says `go` older than 1.22, finds `go func(){...}()`, `g.Go(func(){...})`
and `defer func(){...}()` inside a `for` loop whose literal uses a variable declared by the loop
(`for i := ...`, `for k, v := range ...`), unless the iteration waits for the goroutine.
Silent from go 1.22 on, and when no go.mod is found.
""",
        why="""
Before Go 1.22 the loop has one variable for all iterations. Goroutines usually start after the
loop has moved on, so they all process the same (last) element — work is silently duplicated and
the other elements are lost, never processed — and the concurrent write by the loop is a data race.
Deferred closures all see the final value.
""",
        example="""
for _, job := range jobs {
	go func() {
		run(job) // every goroutine may run the last job
	}()
}
""",
        instead="""
for _, job := range jobs {
	job := job
	go func() {
		run(job)
	}()
}
""",
        vet_overlap="""
go vet's loopclosure check reports this only when the `go`/`defer` is the last statement of the
loop body. goleash finds it anywhere in the body, in errgroup `g.Go` callbacks too, reads the go
version from go.mod, and patches with `v := v`.
""",
        run=_run,
    )
)
