"""waitgroup-add-in-goroutine: `wg.Add` called inside the goroutine it counts."""

from __future__ import annotations

from .. import goast
from ..concurrency import CALLER_HELD, concurrency, go_literal_of
from ..fixgen import delete_stmt, insert_before
from ..flow import is_expr_stmt, method_calls, stmt_in
from ..goast import Node, func_label, line_of
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register
from ..scope import resolve
from ..waitgroups import group_key, wg_funcs, wg_key


def _add_in_goroutine(view: PackageView):
    out = []
    for src, fn, calls in wg_funcs(view):
        if fn.type != "func_literal":
            continue
        launch = go_literal_of(fn)
        if launch is None or launch.type != "go_statement":
            continue
        adds = [(c, o) for c, o, m in calls if m == "Add"]
        dones = {o for c, o, m in calls if m == "Done"}
        spawner = goast.enclosing_func(launch)
        if spawner is None:
            continue
        sp_calls = method_calls(spawner, src, {"Add", "Wait", "Go"})
        for add, o in adds:
            if o not in dones:
                continue
            if any(so == o and sm in ("Add", "Go") and _counts_launch(c, launch, spawner) for c, so, sm in sp_calls):
                continue  # the goroutine itself is counted: adding for its children is fine
            waits = [(c, src, spawner) for c, so, sm in sp_calls if so == o and sm == "Wait" and c.start_byte > launch.start_byte]
            if not waits and not src.is_test:
                waits = _waits_elsewhere(view, src, fn, spawner, add)
            if not waits:
                continue
            out.append(_add_diag(view, src, fn, launch, add, o, *waits[0]))
    return out


def _waits_elsewhere(view: PackageView, src: SourceFile, lit: Node, spawner: Node, add: Node) -> list:
    """The Waits on the group `add` counts in functions other than the literal and its spawner
    (`Stop` waiting for what `Start` launched), less those made holding a lock the Add holds too."""
    conc = concurrency(view)
    key = wg_key(conc, add.child_by_field_name("function").child_by_field_name("operand"), src)
    if key is None:
        return []
    held = conc.locks_at(add, src, lit)
    return [
        (c, wsrc, wfn)
        for wsrc, wfn, wcalls in wg_funcs(view)
        if wfn != lit and wfn != spawner and not goast.inside(wfn, lit)
        for c, _wo, wm in wcalls
        if wm == "Wait"
        and wg_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), wsrc) == key
        and not _write_locked_by_both(held, conc.locks_at(c, wsrc, wfn))
    ]


def _counts_launch(add: Node, launch: Node, spawner: Node) -> bool:
    """A spawner's Add (or Go) that may count the goroutine started at `launch`: not one made
    in a loop of its own that the launch is not part of (`for ... { wg.Add(1); go worker() }`
    counts the workers, not a goroutine started after the loop)."""
    for a in goast.ancestors(add):
        if a == spawner:
            return True
        if a.type == "for_statement" and not goast.inside(launch, a):
            return False
    return True


def _add_in_named_goroutine(view: PackageView):
    """`go s.worker()` where worker begins with `s.wg.Add(1)` / `defer s.wg.Done()` (or gets the
    group as a parameter), and some other code waits on that group: nothing orders the Add
    before the Wait."""
    conc = None
    out = []
    by_fn = {fn.id: (src, fn, calls) for src, fn, calls in wg_funcs(view) if fn.type != "func_literal"}
    if not by_fn:
        return out
    conc = concurrency(view)
    waits: dict[str, list] = {}
    for src, fn, calls in wg_funcs(view):
        for c, o, m in calls:
            if m == "Wait":
                k = group_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), src)
                if k is not None:
                    waits.setdefault(k, []).append((c, src, fn))
    seen: set[int] = set()
    for root in conc.roots:
        if root.kind != "go" or root.body is None or root.body.id not in by_fn or root.node.type != "go_statement":
            continue
        src, fn, calls = by_fn[root.body.id]
        if src.is_test or root.src.is_test:
            continue
        dones = {o for c, o, m in calls if m == "Done"}
        call = root.node.named_children[0]
        params = []
        for p in goast.params_of(fn):
            params.extend(goast.param_names(p, src) or ["_"])
        args = dict(zip(params, goast.call_args(call)))
        for add, o, m in calls:
            if m != "Add" or o not in dones or add.id in seen:
                continue
            if o in args:  # the group is a parameter: the spawner's argument names it
                key = group_key(conc, args[o], root.src)
            else:
                key = wg_key(conc, add.child_by_field_name("function").child_by_field_name("operand"), src)
            if key is None:
                continue
            sp_calls = method_calls(root.spawner, root.src, {"Add", "Go"}) if root.spawner is not None else []
            if any(
                group_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), root.src) == key
                and _counts_launch(c, root.node, root.spawner)
                for c, _so, _sm in sp_calls
            ):
                continue
            ws = [w for w in waits.get(key, []) if w[2] != fn]
            if ws:
                # A Wait made holding a lock this Add holds too cannot overlap it: the Add comes
                # before the Wait starts, or after it has returned (the guarded Add of a server
                # that checks it is closing before it serves).
                held = conc.locks_at(add, src, fn)
                ws = [w for w in ws if not _write_locked_by_both(held, conc.locks_at(w[0], w[1], w[2]))]
            if not ws:
                continue
            wait, wsrc, wfn = ws[0]
            seen.add(add.id)
            where = f"line {line_of(wsrc, wait)}" if wsrc is src else f"{wsrc.path.rsplit('/', 1)[-1]}:{line_of(wsrc, wait)}"
            out.append(
                Diagnostic(
                    src.span(add),
                    f"`{src.text(add)}` runs inside the goroutine it counts (`{func_label(fn, src)}` is started with "
                    f"`go` at {'line ' + str(root.line) if root.src is src else root.src.path.rsplit('/', 1)[-1] + ':' + str(root.line)}): "
                    f"`{func_label(wfn, wsrc)}` waits on the same group ({where}) and can run before this Add, see a "
                    f"zero counter and return while the goroutine is still starting.",
                    [
                        Related(wsrc.span(wait), "Wait may return before the Add"),
                        Related(root.src.span(root.node), "the goroutine is started here, with no Add before it"),
                    ],
                    [],
                    anchor=f"{func_label(fn, src)}|add|{key}|named",
                )
            )
    return out


def _write_locked_by_both(a: dict[str, str], b: dict[str, str]) -> bool:
    return any(mode == "w" and b.get(name) == "w" and name != CALLER_HELD for name, mode in a.items())


def _runs_param(callee, index: int) -> bool:
    """`callee` calls its parameter number `index` on its own goroutine (`func until(f func(), …)
    { for { f(); … } }`)."""
    names = []
    for p in goast.params_of(callee.node):
        names.extend(goast.param_names(p, callee.src) or ["_"])
    if index >= len(names) or callee.body is None:
        return False
    for c in goast.of_type(callee.body, "call_expression"):
        f = c.child_by_field_name("function")
        if f is not None and f.type == "identifier" and callee.src.text(f) == names[index]:
            if not any(a.type == "go_statement" for a in goast.ancestors(c)):
                return True
    return False


def _counted_by(conc, view: PackageView, lit: Node, src: SourceFile, key: str, calls) -> bool:
    """Work the literal does itself (not a goroutine it starts) ends with a Done of `key`: in the
    literal, or in a function it calls."""
    if any(m == "Done" and wg_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), src) == key for c, _o, m in calls):
        return True
    dones = {
        fn.id
        for fsrc, fn, fcalls in wg_funcs(view)
        for c, _o, m in fcalls
        if m == "Done" and wg_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), fsrc) == key
    }
    for c in goast.of_type(lit.child_by_field_name("body") or lit, "call_expression"):
        if any(a.type == "go_statement" for a in goast.ancestors(c) if goast.inside(a, lit)):
            continue
        callee = conc.resolve_call(c, src)
        if callee is not None and callee.node.id in dones:
            return True
    return False


def _add_in_passed_literal(view: PackageView):
    """`go until(func() { r.wg.Add(1); r.watch() }, …)`: a literal handed to the function a `go`
    statement starts, which calls it on that goroutine, adds to a group that other code waits on:
    the Wait can run before the goroutine gets to its first Add."""
    lits = [(src, fn, calls) for src, fn, calls in wg_funcs(view) if fn.type == "func_literal" and not src.is_test]
    if not lits:
        return []
    conc = concurrency(view)
    out = []
    for src, lit, calls in lits:
        args = lit.parent
        call = args.parent if args is not None and args.type == "argument_list" else None
        launch = call.parent if call is not None and call.type == "call_expression" else None
        if launch is None or launch.type != "go_statement":
            continue
        callee = conc.resolve_call(call, src)
        index = next((i for i, a in enumerate(goast.call_args(call)) if a == lit), None)
        if callee is None or index is None or not _runs_param(callee, index):
            continue
        spawner = goast.enclosing_func(launch)
        for add, _o, m in calls:
            if m != "Add" or goast.enclosing_func(add) != lit:
                continue
            key = wg_key(conc, add.child_by_field_name("function").child_by_field_name("operand"), src)
            if key is None or not _counted_by(conc, view, lit, src, key, calls):
                continue
            sp_calls = method_calls(spawner, src, {"Add", "Go"}) if spawner is not None else []
            if any(
                wg_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), src) == key and _counts_launch(c, launch, spawner)
                for c, _so, _sm in sp_calls
                if not goast.inside(c, lit)
            ):
                continue
            waits = [
                (c, wsrc, wfn)
                for wsrc, wfn, wcalls in wg_funcs(view)
                for c, _wo, wm in wcalls
                if wm == "Wait" and wfn != lit and wg_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), wsrc) == key
            ]
            if not waits:
                continue
            wait, wsrc, wfn = waits[0]
            where = f"line {line_of(wsrc, wait)}" if wsrc is src else f"{wsrc.path.rsplit('/', 1)[-1]}:{line_of(wsrc, wait)}"
            out.append(
                Diagnostic(
                    src.span(add),
                    f"`{src.text(add)}` runs inside the goroutine it counts (the literal is handed to `{func_label(callee.node, callee.src)}`, "
                    f"which the `go` statement at line {line_of(src, launch)} starts and which calls it there): "
                    f"`{func_label(wfn, wsrc)}` waits on the same group ({where}) and can run before this Add, see a "
                    f"zero counter and return while the goroutine is still starting. Add before the `go` statement.",
                    [
                        Related(wsrc.span(wait), "Wait may return before the Add"),
                        Related(src.span(launch), "the goroutine is started here, with no Add before it"),
                    ],
                    [],
                    anchor=f"{func_label(lit, src)}|add|{key}|passed",
                )
            )
    return out


def _add_after_go(view: PackageView):
    """`go worker(); wg.Add(1)`: the Add right after the `go` statement that starts the goroutine
    whose `Done` it counts, on a group something waits on. The goroutine may finish first: its
    Done takes the counter below zero (a panic), or a Wait sees zero and returns early."""
    fns = wg_funcs(view)
    if not fns:
        return []
    conc = concurrency(view)
    dones: dict[int, set[str]] = {}
    waited: set[str] = set()
    for src, fn, calls in fns:
        for c, _o, m in calls:
            k = group_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), src)
            if k is not None and m == "Done":
                dones.setdefault(fn.id, set()).add(k)
            elif k is not None and m == "Wait":
                waited.add(k)
    out = []
    for src, fn, calls in fns:
        for add, o, m in calls:
            stmt = add.parent if m == "Add" and is_expr_stmt(add) else None
            launch = stmt.prev_named_sibling if stmt is not None else None
            while launch is not None and launch.type == "comment":
                launch = launch.prev_named_sibling
            if launch is None or launch.type != "go_statement" or goast.enclosing_func(add) != fn or _starts_more(stmt):
                continue
            key = group_key(conc, add.child_by_field_name("function").child_by_field_name("operand"), src)
            body = _started(conc, view, launch, src)
            if key is None or key not in waited or body is None or key not in dones.get(body.id, ()) or _waits_first(body, src):
                continue
            indent = src.indent_at(launch.start_byte)
            fix = Fix(
                f"Call {o}.Add before starting the goroutine", (delete_stmt(src, stmt), insert_before(src, launch, f"{src.text(stmt)}\n{indent}"))
            )
            out.append(
                Diagnostic(
                    src.span(add),
                    f"`{src.text(add)}` comes after the `go` statement (line {line_of(src, launch)}) that starts the goroutine it "
                    f"counts: that goroutine can reach its `Done` first and take the counter below zero (`panic: sync: negative "
                    f"WaitGroup counter`), or a `Wait` can see zero and return while it still runs.",
                    [Related(src.span(launch), "the goroutine is started here, before the Add")],
                    [fix],
                    anchor=f"{func_label(goast.enclosing_decl(fn) or fn, src)}|add-after-go|{o}",
                )
            )
    return out


def _starts_more(stmt: Node) -> bool:
    """A `go` statement follows in the same list: the Add may count that goroutine
    (`go a(); wg.Add(1); go b()`)."""
    nxt = stmt.next_named_sibling
    while nxt is not None:
        if nxt.type == "go_statement" or any(n.type == "go_statement" for n in goast.walk(nxt)):
            return True
        nxt = nxt.next_named_sibling
    return False


def _waits_first(fn: Node, src: SourceFile) -> bool:
    """Every way out of the goroutine (its returns, and its end) comes after a receive that
    waits for the other side: from channels none of which is a context's `Done()` (a context
    handed in may be done already). Such a goroutine cannot get to its Done before someone sends
    or closes (`for { t, ok := <-q.tasks; if !ok { return } … }`), which comes after the Add."""
    body = fn.child_by_field_name("body")
    sts = goast.statements(body)
    exits = [n for n in goast.walk(body, skip_func_literals=True) if n.type == "return_statement"]
    if not all(_after_wait(e, fn) for e in exits):
        return False
    if sts and sts[-1].type == "for_statement" and not any(c.type in ("for_clause", "range_clause") for c in sts[-1].named_children):
        return True  # `for { … }`: left only by its returns
    return any(_waits(st) for st in sts)


def _after_wait(e: Node, fn: Node) -> bool:
    prev = e
    for a in goast.ancestors(e):
        if a.type == "communication_case" and _receive_case(a):
            return True
        if a.type == "statement_list":
            for st in a.named_children:
                if st.start_byte >= prev.start_byte:
                    break
                if _waits(st):
                    return True
        if a == fn:
            break
        prev = a
    return False


def _waits(st: Node) -> bool:
    """A statement that blocks until another goroutine sends or closes: a receive, a select of
    receives with no default, a range over a channel."""
    if st.type == "select_statement":
        cases = [c for c in st.named_children if c.type in ("communication_case", "default_case")]
        return bool(cases) and all(c.type == "communication_case" and _receive_case(c) for c in cases)
    if st.type == "for_statement":
        clause = next((c for c in st.named_children if c.type == "range_clause"), None)
        right = clause.child_by_field_name("right") if clause is not None else None
        return right is not None and right.type == "unary_expression" and right.text.startswith(b"<-")
    val = st.named_children[-1] if st.type == "expression_statement" and st.named_children else None
    if st.type in ("short_var_declaration", "assignment_statement"):
        vals = st.child_by_field_name("right")
        val = vals.named_children[0] if vals is not None and len(vals.named_children) == 1 else None
    val = goast.unparen(val) if val is not None else None
    return val is not None and val.type == "unary_expression" and val.text.startswith(b"<-") and _blocking_receive(val.child_by_field_name("operand"))


def _receive_case(case: Node) -> bool:
    comm = case.child_by_field_name("communication")
    if comm is None or comm.type == "send_statement":
        return False
    recv = next((n for n in goast.walk(comm) if n.type == "unary_expression" and n.text.startswith(b"<-")), None)
    return recv is not None and _blocking_receive(recv.child_by_field_name("operand"))


def _blocking_receive(chan: Node | None) -> bool:
    """A receive that waits for the other side: not from a context's `Done()`."""
    chan = goast.unparen(chan) if chan is not None else None
    if chan is None:
        return False
    if chan.type == "call_expression":
        f = chan.child_by_field_name("function")
        return not (f is not None and f.type == "selector_expression" and f.child_by_field_name("field").text == b"Done")
    return True


def _started(conc, view: PackageView, launch: Node, src: SourceFile) -> Node | None:
    """The function a `go` statement runs: a literal, a local naming one, or a package function."""
    call = launch.named_children[0] if launch.named_children else None
    f = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
    if f is None:
        return None
    if f.type == "func_literal":
        return f
    if f.type == "identifier":
        d = resolve(f, src, view)
        if d.kind == "local":
            return d.value if d.value is not None and d.value.type == "func_literal" else None
    fi = conc.resolve_call(call, src)
    return fi.node if fi is not None else None


def _add_in_goroutines(view: PackageView):
    return _add_in_goroutine(view) + _add_in_named_goroutine(view) + _add_in_passed_literal(view) + _add_after_go(view)


def _add_diag(view, src, lit, launch, add, o, wait, wsrc, wfn):
    fixes = []
    stmt = add.parent if is_expr_stmt(add) else None
    if stmt is not None and stmt.parent is not None and stmt.parent.type == "statement_list" and goast.enclosing_func(stmt) == lit:
        arg_idents = [n for n in goast.of_type(add, "identifier")]
        local = any(resolve(n, src, view).func == lit for n in arg_idents)
        gstmt = stmt_in(launch, goast.enclosing_func(launch))
        if not local and gstmt is not None:
            indent = src.indent_at(gstmt.start_byte)
            fixes.append(
                Fix(f"Call {o}.Add before starting the goroutine", (delete_stmt(src, stmt), insert_before(src, gstmt, f"{src.text(stmt)}\n{indent}")))
            )
    where = f"line {line_of(wsrc, wait)}" if wsrc is src else f"{wsrc.path.rsplit('/', 1)[-1]}:{line_of(wsrc, wait)}"
    if wfn != goast.enclosing_func(launch):
        where = f"in `{func_label(wfn, wsrc)}`, {where}"
    return Diagnostic(
        src.span(add),
        f"`{src.text(add)}` runs inside the goroutine it counts: `{wsrc.text(wait.child_by_field_name('function'))}()` ({where}) can run "
        f"before this Add, see a zero counter and return while the goroutine is still working, so results are "
        f"read before they are written (or the goroutine outlives its owner).",
        [
            Related(wsrc.span(wait), f"`{wsrc.text(wait.child_by_field_name('function'))}()` may return before the Add"),
            Related(src.span(launch), "the goroutine is started here"),
        ],
        fixes,
        anchor=f"{func_label(goast.enclosing_decl(lit) or lit, src)}|add|{o}",
    )


WG_ADD = register(
    Rule(
        id="waitgroup-add-in-goroutine",
        title="WaitGroup.Add called inside the goroutine it counts",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds `wg.Add(n)` inside a `go func() { ... }()` that also calls `wg.Done()`, when the code that
starts the goroutine, or another method (a `Stop` waiting for what `Start` launched), calls
`wg.Wait()` and the starter never adds to the group for it (an Add in a loop of its own counts
other goroutines). Also inside a function or method started with `go`
(`go s.worker()`, `go drain(r, &s.wg)`) when another function waits on the same group, and
inside a func literal handed to the function a `go` statement starts, which calls it on that
goroutine (`go until(func() { r.wg.Add(1); r.watch() }, …)`). And an `Add` right after the `go`
statement that starts the goroutine whose `Done` it counts (`go worker(); wg.Add(1)`).
""",
        why="""
Nothing orders the goroutine's `Add` before the spawner's `Wait`. When the scheduler runs `Wait`
first it sees a zero counter and returns at once: results are read before they are written,
resources are closed under a goroutine still using them (which may then block forever on a channel
nobody reads: a goroutine leak), and if `Add` runs after `Wait` began on
a zero counter the program may panic with "WaitGroup is reused before previous Wait has returned".
""",
        example="""
for _, u := range urls {
	go func() {
		wg.Add(1)
		defer wg.Done()
		fetch(u)
	}()
}
wg.Wait()
""",
        instead="""
for _, u := range urls {
	wg.Add(1)
	go func() {
		defer wg.Done()
		fetch(u)
	}()
}
wg.Wait()
""",
        vet_overlap="""
go vet's `waitgroup` analyzer (Go 1.25+) reports `wg.Add` as the first statement of a `go` literal.
goleash also finds it later in the body, checks that the spawner really waits and that the
goroutine is not itself counted (adding for its own children is fine), and moves the Add.
""",
        run=_add_in_goroutines,
    )
)
