"""select-loop-no-exit: a goroutine looping over select with no way out."""

from __future__ import annotations

from .. import goast
from ..chanflow import (
    ctx_in_scope,
    func_label,
    is_infinite,
    is_recv,
    loop_exits,
)
from ..concurrency import concurrency
from ..goast import Node, unparen
from ..leaksites import at_line_start, where_at
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register
from ..scope import resolve


def _select_loops(view: PackageView):
    cc = concurrency(view)
    out = []
    seen = set()
    for root in cc.roots:
        if root.kind != "go" or root.body is None or root.body_src is None:
            continue
        if root.node.type != "go_statement":
            continue
        bsrc = root.body_src
        if not bsrc.mentions(b"select"):
            continue
        if root.src.is_test and not bsrc.is_test:
            continue  # a test starting the package's loop says nothing about how the package runs it
        spawner = root.spawner
        if spawner is not None and spawner.type == "function_declaration" and goast.func_name(spawner, root.src) in ("main", "init", "TestMain"):
            continue
        for loop in goast.of_type(root.body, "for_statement", skip_func_literals=True):
            if loop.id in seen or not is_infinite(loop):
                continue
            if goast.enclosing_func(loop) != root.body:
                continue
            stmts = goast.statements(loop.child_by_field_name("body"))
            sels = [s for s in stmts if s.type == "select_statement"]
            if not sels or loop_exits(loop, bsrc) is not None:
                continue
            if _package_daemon(view, sels, bsrc) or _started_once(view, root.node, root.src):
                continue
            seen.add(loop.id)
            out.append(_select_loop_diag(view, root, loop, sels[0], bsrc))
    return out


def _package_daemon(view, sels, src) -> bool:
    """Every case waits on a package-level channel: a process-wide singleton, started once."""
    operands = []
    for sel in sels:
        for case in sel.named_children:
            if case.type != "communication_case":
                continue
            comm = case.child_by_field_name("communication")
            recv = next((n for n in goast.walk(comm) if is_recv(n)), None) if comm is not None else None
            if recv is None:
                return False
            operands.append(recv.child_by_field_name("operand"))
    if not operands:
        return False
    for op in operands:
        op = unparen(op)
        if op.type != "identifier" or resolve(op, src, view).kind != "package":
            return False
    return True


def _started_once(view, go: Node, src: SourceFile) -> bool:
    """A process-wide goroutine, started at most once: `go pkgVar.loop()`, inside `once.Do`,
    or under `if !x.started { x.started = true; go ... }`."""
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    f = call.child_by_field_name("function") if call is not None else None
    if f is not None and f.type == "selector_expression":
        o = unparen(f.child_by_field_name("operand"))
        if o.type == "identifier" and resolve(o, src, view).kind == "package":
            return True
    for a in goast.ancestors(go):
        if a.type in goast.FUNC_TYPES and a.type != "func_literal":
            break
        if a.type == "func_literal" and a.parent is not None and a.parent.type == "argument_list":
            c = a.parent.parent
            fn = c.child_by_field_name("function") if c is not None else None
            if fn is not None and fn.type == "selector_expression" and src.text(fn.child_by_field_name("field")) == "Do":
                return True
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            cons = a.child_by_field_name("consequence")
            if cond is not None and cons is not None and cond.type == "unary_expression" and src.text(cond).startswith("!"):
                flag = src.text(cond)[1:].strip()
                if any(st.type == "assignment_statement" and src.text(st).replace(" ", "") == f"{flag}=true" for st in goast.statements(cons)):
                    return True
    return False


def _select_loop_diag(view, root, loop, sel, bsrc) -> Diagnostic:
    spawner_label = func_label(root.spawner, root.src) if root.spawner is not None else "its caller"
    where = where_at(root.src, root.node, bsrc)
    msg = (
        f"The goroutine started at {where} runs `for {{ select {{ … }} }}` with no way out: no case returns, "
        f"breaks out of the loop or watches a context or quit channel, so it can never end. It and everything "
        f"it references stay alive until the process exits — one more leaked goroutine every time "
        f"`{spawner_label}` runs."
    )
    related = [Related(root.src.span(root.node), "the goroutine is started here")]
    fixes = []
    ctx = ctx_in_scope(sel, bsrc)
    if ctx is not None and at_line_start(bsrc, sel):
        brace = next((c for c in sel.children if c.type == "{"), None)
        if brace is not None:
            ind = bsrc.indent_at(sel.start_byte)
            fixes.append(
                Fix(
                    f"Return when `{ctx}` is cancelled",
                    (TextEdit(bsrc.path, brace.end_byte, brace.end_byte, f"\n{ind}case <-{ctx}.Done():\n{ind}\treturn"),),
                )
            )
    return Diagnostic(
        bsrc.span(loop.children[0]),
        msg,
        related,
        fixes,
        anchor=f"{func_label(root.body, bsrc) if root.body.type != 'func_literal' else spawner_label}|select-loop",
    )


SELECT_LOOP = register(
    Rule(
        id="select-loop-no-exit",
        title="Goroutine looping over select with no way out",
        family="C",
        severity=Severity.WARNING,
        what="""
Finds goroutines (started outside `main`/`init`) whose body runs an infinite `for { select { … } }`
loop with no `return`, no labeled `break`, no `break` of the loop itself and no panic or exit in
it: nothing can ever stop the goroutine.
""",
        why="""
A goroutine that can never return is never collected. When it is started per object or per call
(a cache's janitor, a connection's heartbeat), every object or call leaks one goroutine plus the
memory it references (the object itself, its tickers and buffers) until the process exits.
""",
        example="""
func NewCache(ctx context.Context) *Cache {
	c := &Cache{items: map[string]string{}}
	t := time.NewTicker(time.Minute)
	go func() {
		for {
			select {
			case <-t.C:
				c.evict()
			}
		}
	}()
	return c
}
""",
        instead="""
func NewCache(ctx context.Context) *Cache {
	c := &Cache{items: map[string]string{}}
	t := time.NewTicker(time.Minute)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				c.evict()
			}
		}
	}()
	return c
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_select_loops,
    )
)
