"""Family E: WaitGroup and Mutex misuse, and sync values copied by value."""
from __future__ import annotations

from .. import goast
from ..concurrency import concurrency, go_literal_of, unlock_through_value
from ..fixgen import pointer_receiver, insert_before
from ..goast import Node, unparen
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile, name_nodes
from ..parse import method_calls as file_method_calls
from ..registry import Rule, register
from ..flow import (
    dominated,
    exits_between,
    is_deferred,
    is_expr_stmt,
    method_calls,
    own_of_type,
    stmt_in,
)
from ..goast import func_label, line_of
from ..scope import resolve
from ..synctypes import embeds_mutex, is_sync_type, structs_holding_sync_map, sync_name, type_text

# still imported from here by some rule modules; they belong to the model modules above
__all__ = ["dominated", "exits_between", "func_label", "line_of", "own_of_type", "type_text", "is_sync_type",
           "sync_name", "stmt_in"]

FUNCS = "(function_declaration) @f (method_declaration) @f (func_literal) @f"



def delete_stmt(src: SourceFile, stmt: Node) -> TextEdit:
    """Remove a statement together with its line (indent and newline)."""
    start = src.line_start(stmt.start_byte)
    end = stmt.end_byte
    nl = src.data.find(b"\n", end)
    rest = src.data[end:nl].strip() if nl != -1 else b"x"
    if src.data[start:stmt.start_byte].strip() == b"" and nl != -1 and (rest == b"" or rest.startswith(b"//")):
        return TextEdit(src.path, start, nl + 1, "")
    return TextEdit(src.path, stmt.start_byte, stmt.end_byte, "")


# -- WaitGroup ----------------------------------------------------------------------------------

_WG_METHODS = {"Add", "Done", "Wait", "Go"}


def _is_wg(view, operand_text: str, call: Node, src: SourceFile, cache: dict) -> bool:
    decl = goast.enclosing_decl(call)
    key = (src.path, operand_text, decl.id if decl is not None else 0)
    if key in cache:
        return cache[key]
    f = call.child_by_field_name("function")
    o = f.child_by_field_name("operand")
    res = is_sync_type(type_text(view, o, src), ("WaitGroup",), src)
    cache[key] = res
    return res


_WG_METHODS = ("Add", "Done", "Wait", "Go")


def _wg_funcs(view: PackageView):
    """(src, fn, calls) for every function whose own body uses WaitGroup methods."""
    got = view.__dict__.get("_goleash_wg_funcs")
    if got is None:
        got = []
        cache: dict = {}
        if any(b"WaitGroup" in f.data for f in view.files):
            for src in view.files:
                if b".Wait()" not in src.data and b".Done()" not in src.data:
                    continue
                for fn, calls in _calls_by_func(src, _WG_METHODS).values():
                    calls = [x for x in calls if _is_wg(view, x[1], x[0], src, cache)]
                    if calls:
                        calls.sort(key=lambda x: x[0].start_byte)
                        got.append((src, fn, calls))
        view.__dict__["_goleash_wg_funcs"] = got
    return got


def _add_in_goroutine(view: PackageView):
    out = []
    for src, fn, calls in _wg_funcs(view):
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
            waits = [c for c, so, sm in sp_calls if so == o and sm == "Wait" and c.start_byte > launch.start_byte]
            if not waits:
                continue
            out.append(_add_diag(view, src, fn, launch, add, o, waits[0]))
    return out


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


def _wg_key(conc, expr: Node, src: SourceFile) -> str | None:
    """`Type.field` of a WaitGroup field reached through a receiver or a typed local (`&pg.wg`
    and `s.wg` alike); None for anything else."""
    e = unparen(expr)
    if e.type == "unary_expression" and src.text(e).startswith("&"):
        e = unparen(e.child_by_field_name("operand"))
    if e.type != "selector_expression":
        return None
    key = conc.lock_name(e, src, goast.enclosing_func(e))
    return key if "." in key and key.split(".", 1)[0][:1].isalpha() and key != src.text(e).replace(" ", "") else None


def _add_in_named_goroutine(view: PackageView):
    """`go s.worker()` where worker begins with `s.wg.Add(1)` / `defer s.wg.Done()` (or gets the
    group as a parameter), and some other code waits on that group: nothing orders the Add
    before the Wait."""
    conc = None
    out = []
    by_fn = {fn.id: (src, fn, calls) for src, fn, calls in _wg_funcs(view) if fn.type != "func_literal"}
    if not by_fn:
        return out
    conc = concurrency(view)
    waits: dict[str, list] = {}
    for src, fn, calls in _wg_funcs(view):
        for c, o, m in calls:
            if m == "Wait":
                k = _wg_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), src)
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
                key = _wg_key(conc, args[o], root.src)
            else:
                key = _wg_key(conc, add.child_by_field_name("function").child_by_field_name("operand"), src)
            if key is None:
                continue
            sp_calls = method_calls(root.spawner, root.src, {"Add", "Go"}) if root.spawner is not None else []
            if any(_wg_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), root.src) == key
                   and _counts_launch(c, root.node, root.spawner) for c, _so, _sm in sp_calls):
                continue
            ws = [w for w in waits.get(key, []) if w[2] != fn]
            if not ws:
                continue
            wait, wsrc, wfn = ws[0]
            seen.add(add.id)
            where = f"line {line_of(wsrc, wait)}" if wsrc is src else f"{wsrc.path.rsplit('/', 1)[-1]}:{line_of(wsrc, wait)}"
            out.append(Diagnostic(
                src.span(add),
                f"`{src.text(add)}` runs inside the goroutine it counts (`{func_label(fn, src)}` is started with "
                f"`go` at {'line ' + str(root.line) if root.src is src else root.src.path.rsplit('/', 1)[-1] + ':' + str(root.line)}): "
                f"`{func_label(wfn, wsrc)}` waits on the same group ({where}) and can run before this Add, see a "
                f"zero counter and return while the goroutine is still starting.",
                [Related(wsrc.span(wait), "Wait may return before the Add"),
                 Related(root.src.span(root.node), "the goroutine is started here, with no Add before it")],
                [], anchor=f"{func_label(fn, src)}|add|{key}|named"))
    return out


def _add_in_goroutines(view: PackageView):
    return _add_in_goroutine(view) + _add_in_named_goroutine(view)


def _add_diag(view, src, lit, launch, add, o, wait):
    fixes = []
    stmt = add.parent if is_expr_stmt(add) else None
    if stmt is not None and stmt.parent is not None and stmt.parent.type == "statement_list" \
            and goast.enclosing_func(stmt) == lit:
        arg_idents = [n for n in goast.of_type(add, "identifier")]
        local = any(resolve(n, src, view).func == lit for n in arg_idents)
        gstmt = stmt_in(launch, goast.enclosing_func(launch))
        if not local and gstmt is not None:
            indent = src.indent_at(gstmt.start_byte)
            fixes.append(Fix(f"Call {o}.Add before starting the goroutine",
                             (delete_stmt(src, stmt), insert_before(src, gstmt, f"{src.text(stmt)}\n{indent}"))))
    return Diagnostic(
        src.span(add),
        f"`{src.text(add)}` runs inside the goroutine it counts: `{o}.Wait()` (line {line_of(src, wait)}) can run "
        f"before this Add, see a zero counter and return while the goroutine is still working, so results are "
        f"read before they are written (or the goroutine outlives its owner).",
        [Related(src.span(wait), f"`{o}.Wait()` may return before the Add"),
         Related(src.span(launch), "the goroutine is started here")],
        fixes, anchor=f"{func_label(goast.enclosing_decl(lit) or lit, src)}|add|{o}")


def _done_missing(view: PackageView):
    out = []
    for src, fn, calls in _wg_funcs(view):
        if not _runs_as_goroutine(view, src, fn):
            continue
        dones = [(c, o) for c, o, m in calls if m == "Done"]
        by_obj: dict[str, list[Node]] = {}
        for c, o in dones:
            by_obj.setdefault(o, []).append(c)
        for o, cs in by_obj.items():
            if any(is_deferred(c) or goast.enclosing_func(c) != fn for c in cs):
                continue
            if any(is_deferred(c) for c, oo, m in calls if oo == o):
                continue
            last = max(cs, key=lambda c: c.start_byte)
            body = fn.child_by_field_name("body")
            exits = [e for e in exits_between(fn, src, body.start_byte, last.start_byte, panics=False)
                     if not dominated(e, cs, fn)]
            if not exits:
                continue
            # Only a function that counts itself: its Done is at its own top level.
            if stmt_in(last, fn) is None or stmt_in(last, fn).parent.parent != body:
                continue
            out.append(_done_diag(src, fn, o, cs, last, exits))
    return out


def _on_path(ret: Node, start: Node, fn: Node) -> list[Node]:
    """What runs between statement `start` and `ret` on the way to `ret`: the statements
    before each ancestor of `ret` in its statement list (from `start` on), the conditions of
    the `if`/`for`/`switch` around it, and the communication of its select case."""
    out: list[Node] = []
    for a in [ret, *goast.ancestors(ret)]:
        if a == fn:
            break
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            if comm is not None:
                out.append(comm)
        elif a.type in ("if_statement", "for_statement", "expression_switch_statement", "type_switch_statement"):
            for f in ("initializer", "condition", "value", "header"):
                x = a.child_by_field_name(f)
                if x is not None:
                    out.append(x)
        p = a.parent
        if p is not None and p.type in ("statement_list", "block"):
            for st in p.named_children:
                if st.start_byte >= a.start_byte:
                    break
                if st.start_byte > start.start_byte:
                    out.append(st)
    return out


def _handed_off(nodes: list[Node]) -> bool:
    """Anything that may start or feed the counted work, or undo the Add: a goroutine, a send,
    a call of any kind (it may hand the work on or call Done)."""
    for n in nodes:
        for x in goast.walk(n):
            if x.type in ("go_statement", "send_statement", "call_expression", "defer_statement"):
                return True
    return False


def _add_without_handoff(view: PackageView):
    """`wg.Add(1)` and then a return that neither starts nor hands over the counted work nor
    calls Done (`wg.Add(1); select { case q <- job: return true; default: return false }`):
    the worker that calls Done never gets it, and Wait blocks forever."""
    out = []
    conc = None
    funcs = _wg_funcs(view)
    done_keys, wait_keys = set(), set()
    for src, fn, calls in funcs:
        for c, o, m in calls:
            if m in ("Done", "Wait"):
                if conc is None:
                    conc = concurrency(view)
                k = _wg_key(conc, c.child_by_field_name("function").child_by_field_name("operand"), src)
                if k is not None:
                    (done_keys if m == "Done" else wait_keys).add((k, fn.id))
    for src, fn, calls in funcs:
        if src.is_test or fn.type == "func_literal":
            continue
        for add, o, m in calls:
            if m != "Add" or not is_expr_stmt(add) or any(oo == o and mm == "Done" for _c, oo, mm in calls):
                continue
            if conc is None:
                # no Done or Wait anywhere: nothing can be left waiting
                return out
            key = _wg_key(conc, add.child_by_field_name("function").child_by_field_name("operand"), src)
            if key is None or not any(k == key and f != fn.id for k, f in done_keys) \
                    or not any(k == key for k, _f in wait_keys):
                continue
            start = add.parent
            lst = start.parent
            for ret in goast.walk(lst, skip_func_literals=True):
                if ret.type != "return_statement" or ret.start_byte < start.end_byte:
                    continue
                if _handed_off(_on_path(ret, start, fn) + [ret]):
                    continue
                base = o.lstrip("&*(").split(".", 1)[0]
                if any(x.type == "identifier" and src.text(x) == base for x in goast.walk(ret)):
                    continue  # the counted value goes back to the caller, who does the work
                out.append(Diagnostic(
                    src.span(ret),
                    f"This return leaves after `{src.text(add)}` (line {line_of(src, add)}) without starting or handing "
                    f"over the work it counts and without `{o}.Done()`: nothing will ever call Done for it, so the "
                    f"counter never reaches zero and every `Wait` on the group blocks forever.",
                    [Related(src.span(add), "the Add this path leaves unmatched")],
                    [], anchor=f"{func_label(fn, src)}|add-unmatched|{key}"))
                break
    return out


def _done_missing_all(view: PackageView):
    return _done_missing(view) + _add_without_handoff(view)


def _runs_as_goroutine(view, src, fn) -> bool:
    """A `go func(){...}()` literal, or a function taking a *sync.WaitGroup parameter (a worker)."""
    if fn.type == "func_literal":
        launch = go_literal_of(fn)
        return launch is not None
    for p in goast.params_of(fn):
        t = p.child_by_field_name("type")
        if t is not None and is_sync_type(src.text(t).replace(" ", ""), ("WaitGroup",), src) and src.text(t).startswith("*"):
            return True
    return False


def _done_diag(src, fn, o, cs, last, exits):
    fixes = []
    body = fn.child_by_field_name("body")
    sts = goast.statements(body)
    stmt = last.parent
    if len(cs) == 1 and sts and stmt == sts[-1] and stmt.type == "expression_statement":
        indent = src.indent_at(sts[0].start_byte)
        fixes.append(Fix(f"Defer {o}.Done() at the top of the function",
                         (insert_before(src, sts[0], f"defer {o}.Done()\n{indent}"), delete_stmt(src, stmt))))
    e = exits[0]
    return Diagnostic(
        src.span(e),
        f"This return leaves without calling `{o}.Done()` (it is called only at line {line_of(src, last)}): "
        f"the WaitGroup counter never reaches zero and `{o}.Wait()` blocks forever, a deadlock or a leaked "
        f"waiter. `defer {o}.Done()` runs on every path.",
        [Related(src.span(last), f"the only `{o}.Done()`")] + [Related(src.span(x), "another path without Done") for x in exits[1:]],
        fixes, anchor=f"{func_label(goast.enclosing_decl(fn) or fn, src)}|done|{o}")


def _wait_in_counted(view: PackageView):
    out = []
    for src, fn, calls in _wg_funcs(view):
        for wait, o, m in calls:
            if m != "Wait" or (wait.parent is not None and wait.parent.type == "go_statement"):
                continue
            dones = [c for c, oo, mm in calls if oo == o and mm == "Done"]
            blocking = [c for c in dones if is_deferred(c) or c.start_byte > wait.start_byte]
            if not dones or len(blocking) != len(dones):
                continue
            if any(c.start_byte < wait.start_byte and not is_deferred(c) for c in dones):
                continue
            out.append(Diagnostic(
                src.span(wait),
                f"`{o}.Wait()` is called by code that `{o}` itself counts (its `{o}.Done()` at line "
                f"{line_of(src, blocking[0])} runs only after Wait returns): the counter can never reach zero, so "
                f"this goroutine and every other waiter block forever.",
                [Related(src.span(blocking[0]), "this goroutine's Done, which Wait waits for")], [],
                anchor=f"{func_label(goast.enclosing_decl(fn) or fn, src)}|wait|{o}"))
    return out


WG_ADD = register(Rule(
    id="waitgroup-add-in-goroutine",
    title="WaitGroup.Add called inside the goroutine it counts",
    family="E",
    severity=Severity.ERROR,
    what="""
Finds `wg.Add(n)` inside a `go func() { ... }()` that also calls `wg.Done()`, when the code that
starts the goroutine calls `wg.Wait()` and never adds to the group for it (an Add in a loop
of its own counts other goroutines). Also inside a function or method started with `go`
(`go s.worker()`, `go drain(r, &s.wg)`) when another function waits on the same group.
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
))

WG_DONE = register(Rule(
    id="waitgroup-done-missing",
    title="WaitGroup.Done skipped by an early return",
    family="E",
    severity=Severity.ERROR,
    what="""
Finds functions and goroutines that call `wg.Done()` (not deferred) at the end of their body but
can `return` before reaching it, with no `Done` on that path. Also a `wg.Add(n)` whose function
can then return without starting or handing over the counted work (no `go`, send or call on
that path) and without `Done`, when the group's `Done` lives elsewhere (`wg.Add(1); select {
case queue <- job: return true; default: return false }`).
""",
    why="""
Each missed `Done` leaves the counter above zero for good: `wg.Wait()` never returns, so whoever
waits (often a request handler or shutdown) hangs forever, and if every goroutine ends up waiting
the runtime stops the program with "all goroutines are asleep - deadlock!".
""",
    example="""
go func() {
	v, err := load(k)
	if err != nil {
		return // wg.Done never runs
	}
	out <- v
	wg.Done()
}()
""",
    instead="""
go func() {
	defer wg.Done()
	v, err := load(k)
	if err != nil {
		return
	}
	out <- v
}()
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    run=_done_missing_all,
))

WG_WAIT = register(Rule(
    id="waitgroup-wait-in-counted-goroutine",
    title="WaitGroup.Wait called by a goroutine the group counts",
    family="E",
    severity=Severity.ERROR,
    what="""
Finds `wg.Wait()` in a goroutine or function that is itself counted by `wg` (it calls
`defer wg.Done()`, or `wg.Done()` only after the Wait).
""",
    why="""
The goroutine waits for a counter that cannot reach zero until it returns: it blocks forever,
and so does every other `Wait` on the group. When nothing else can run the runtime aborts with
"all goroutines are asleep - deadlock!"; in a server it is a silent hang.
""",
    example="""
go func() {
	defer wg.Done()
	work()
	wg.Wait() // waits for itself
	close(results)
}()
""",
    instead="""
go func() {
	defer wg.Done()
	work()
}()
go func() {
	wg.Wait()
	close(results)
}()
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    run=_wait_in_counted,
))


# -- Mutex: unlock missing on a path, defer in a loop, unlock without lock ------------------------

_LOCK_OPS = {"Lock", "RLock", "Unlock", "RUnlock", "TryLock", "TryRLock"}
_PAIR = {"Lock": "Unlock", "RLock": "RUnlock"}


def _mutex_like(view, src, call, cache) -> bool:
    """Is the operand of `x.Lock()` declared as a sync.Mutex / RWMutex (or an embedding struct)?"""
    f = call.child_by_field_name("function")
    o = f.child_by_field_name("operand")
    key = (src.path, src.text(o), goast.enclosing_decl(call).id if goast.enclosing_decl(call) else 0)
    if key in cache:
        return cache[key]
    t = type_text(view, o, src)
    ok = is_sync_type(t, ("Mutex", "RWMutex"), src)
    if not ok and t:
        ok = t.lstrip("*") in embeds_mutex(view)
    cache[key] = ok
    return ok


_LOCK_METHODS = ("Lock", "RLock", "Unlock", "RUnlock", "TryLock", "TryRLock")


def _calls_by_func(src: SourceFile, methods: tuple[str, ...]) -> dict[int, tuple[Node, list[tuple[Node, str, str]]]]:
    """`x.m()` calls of the given methods, grouped by the function whose own body holds them."""
    out: dict[int, tuple[Node, list]] = {}
    for c in file_method_calls(src, *methods):
        f = c.child_by_field_name("function")
        o = f.child_by_field_name("operand")
        m = f.child_by_field_name("field")
        fn = goast.enclosing_func(c)
        if fn is None or o is None or m is None:
            continue
        out.setdefault(fn.id, (fn, []))[1].append((c, src.text(o).replace(" ", ""), src.text(m)))
    return out


def _lock_funcs(view: PackageView):
    got = view.__dict__.get("_goleash_lock_funcs")
    if got is None:
        got = []
        cache: dict = {}
        for src in view.files:
            if b"ock()" not in src.data:
                continue
            for fn, calls in _calls_by_func(src, _LOCK_METHODS).values():
                calls = [x for x in calls if not goast.call_args(x[0]) and _mutex_like(view, src, x[0], cache)]
                if calls:
                    calls.sort(key=lambda x: x[0].start_byte)
                    got.append((src, fn, calls))
        view.__dict__["_goleash_lock_funcs"] = got
    return got


def _releases_in_return(e: Node, src: SourceFile) -> bool:
    """`return s.unlockAndGet()`, `return nil, s.unlock()`: a helper releases on the way out."""
    return "unlock" in src.text(e).lower() or "Unlock" in src.text(e)


def _unlock_missing(view: PackageView):
    out = []
    for src, fn, calls in _lock_funcs(view):
        for lock, o, m in calls:
            if m not in _PAIR or not is_expr_stmt(lock):
                continue
            unlock_name = _PAIR[m]
            if any(oo == o and mm == unlock_name and is_deferred(c) for c, oo, mm in calls):
                continue
            if _handed_to_caller(fn, src, o):
                continue
            stmt = lock.parent
            lst = stmt.parent
            if lst is None or lst.type != "statement_list":
                continue
            later = [c for c, oo, mm in calls if oo == o and mm == unlock_name and c.start_byte > lock.start_byte]
            # the Unlock that ends the critical section: at the same level, after the Lock
            end_unlock = next((c for c in later if c.parent.type == "expression_statement" and c.parent.parent == lst), None)
            if end_unlock is None:
                continue
            if any(mm == m and oo == o and lock.start_byte < c.start_byte < end_unlock.start_byte for c, oo, mm in calls):
                continue
            # a helper called in between may take over the lock (`s.unlockAndWait()`)
            between = src.data[lock.end_byte:end_unlock.start_byte]
            exits = [e for e in exits_between(fn, src, lock.end_byte, end_unlock.start_byte)
                     if not dominated(e, later, fn) and not _releases_in_return(e, src)
                     and not _unlocked_by_helper(view, e, fn, src, lock, o)]
            if not exits:
                continue
            out.append(_unlock_diag(src, fn, lock, o, m, unlock_name, exits, end_unlock, between))
    return out


def _unlocked_by_helper(view, e: Node, fn: Node, src: SourceFile, lock: Node, o: str) -> bool:
    """A call preceding `e` on its path releases the lock: one whose name mentions unlocking, or
    a local closure that unlocks it (`doErr := func(err error) { ...; js.mu.Unlock() }`)."""
    for n in own_of_type(fn, "call_expression"):
        if not (lock.end_byte < n.start_byte < e.start_byte) or not dominated(e, [n], fn):
            continue
        f = n.child_by_field_name("function")
        name = src.text(f).rsplit(".", 1)[-1] if f is not None else ""
        if "unlock" in name.lower() and name not in ("Unlock", "RUnlock"):
            return True
        released = unlock_through_value(n, src, view)
        if released is not None and src.text(released).replace(" ", "") == o:
            return True
    return False


def _handed_to_caller(fn: Node, src: SourceFile, o: str) -> bool:
    """`return ..., &c.rlock` or `lock = &c.rlock` into a result: the caller unlocks it."""
    for n in own_of_type(fn, "unary_expression"):
        if src.text(n).replace(" ", "") == f"&{o}":
            p = n.parent
            while p is not None and p.type == "expression_list":
                p = p.parent
            if p is not None and p.type in ("return_statement", "assignment_statement"):
                return True
    return False


_SIMPLE_RESULTS = ("identifier", "nil", "true", "false", "int_literal", "interpreted_string_literal",
                   "raw_string_literal", "float_literal")


def _unlock_diag(src, fn, lock, o, m, unlock_name, exits, end_unlock, between):
    e = exits[0]
    kind = "panic" if e.type == "call_expression" else "return"
    fixes = []
    rets = [x for x in exits if x.type == "return_statement"]
    if len(rets) == len(exits):
        simple = True
        for r in rets:
            for val in r.named_children:
                vals = val.named_children if val.type == "expression_list" else [val]
                if any(v.type not in _SIMPLE_RESULTS for v in vals):
                    simple = False
        indent_ok = all(src.line_start(r.start_byte) + len(src.indent_at(r.start_byte).encode()) == r.start_byte for r in rets)
        if simple and indent_ok:
            fixes.append(Fix("Unlock before returning", tuple(
                insert_before(src, r, f"{o}.{unlock_name}()\n{src.indent_at(r.start_byte)}") for r in rets)))
    what = "panics" if kind == "panic" else "returns"
    return Diagnostic(
        src.span(lock),
        f"`{o}.{m}()` is released by `{o}.{unlock_name}()` at line {line_of(src, end_unlock)}, but this function "
        f"{what} at line {line_of(src, e)} while still holding it and nothing defers the unlock: the mutex stays "
        f"locked forever and every later `{o}.Lock()` blocks (a deadlock that grows with each caller"
        f"{', and a recovered panic leaves it locked' if kind == 'panic' else ''}).",
        [Related(src.span(x), f"{'panic' if x.type == 'call_expression' else 'return'} with `{o}` still locked") for x in exits]
        + [Related(src.span(end_unlock), "the only release on the normal path")],
        fixes, anchor=f"{func_label(goast.enclosing_decl(fn) or fn, src)}|unlock-missing|{o}|{m}")


def _defer_in_loop(view: PackageView):
    out = []
    for src, fn, calls in _lock_funcs(view):
        for c, o, m in calls:
            if m not in ("Unlock", "RUnlock") or not is_deferred(c):
                continue
            d = c.parent
            loop = None
            for a in goast.ancestors(d):
                if a == fn:
                    break
                if a.type == "for_statement":
                    loop = a
                    break
            if loop is None:
                continue
            lock_name = "Lock" if m == "Unlock" else "RLock"
            locks = [x for x, oo, mm in calls if oo == o and mm == lock_name and goast.inside(x, loop)]
            if not locks:
                continue
            # the iteration that defers always leaves the function: only one iteration defers
            if _iteration_leaves(d, loop, src):
                continue
            out.append(_defer_loop_diag(src, fn, c, d, o, m, lock_name, loop, locks[0]))
    return out


def _iteration_leaves(d: Node, loop: Node, src) -> bool:
    """After the defer, does every path of this iteration leave the loop (return, or a break of
    this loop)? Then only one iteration ever defers."""
    for a in goast.ancestors(d):
        if a == loop:
            return False
        if a.type != "statement_list":
            continue
        sts = [s for s in a.named_children if s.type != "comment"]
        if not sts:
            continue
        last = sts[-1]
        if last.type == "return_statement" or (last.type != "break_statement" and last.type != "continue_statement"
                                              and goast.is_terminating(last, src)):
            return True
        if last.type == "break_statement" and not last.named_children:
            inner = next((x for x in goast.ancestors(last) if x.type in ("for_statement", "expression_switch_statement",
                                                                          "type_switch_statement", "select_statement")), None)
            if inner == loop:
                return True
    return False


def _list_terminates(lst: Node, src) -> bool:
    sts = [s for s in lst.named_children if s.type != "comment"]
    if not sts:
        return False
    last = sts[-1]
    return last.type == "return_statement" or goast.is_terminating(last, src) and last.type != "continue_statement" and last.type != "break_statement"


def _defer_loop_diag(src, fn, call, d, o, m, lock_name, loop, lock):
    from ..fixgen import escapes

    fixes = []
    body = loop.child_by_field_name("body")
    sts = goast.statements(body)
    if d in sts and sts[-1] != d:
        rest = sts[sts.index(d) + 1:]
        if not any(escapes(s) or s.type in ("return_statement", "break_statement", "continue_statement", "goto_statement") for s in rest) \
                and not any(n.type == "defer_statement" for s in rest for n in goast.walk(s, skip_func_literals=True)):
            indent = src.indent_at(rest[-1].start_byte)
            end = rest[-1].end_byte
            nl = src.data.find(b"\n", end)
            if nl != -1 and src.data[end:nl].strip().startswith(b"//"):
                end = nl
            fixes.append(Fix("Unlock at the end of each iteration", (
                delete_stmt(src, d), TextEdit(src.path, end, end, f"\n{indent}{o}.{m}()"))))
    return Diagnostic(
        src.span(d),
        f"`defer {o}.{m}()` inside a loop runs only when the function returns, not at the end of the "
        f"iteration: the second iteration's `{o}.{lock_name}()` (line {line_of(src, lock)}) blocks on the lock "
        f"the first one still holds, and the goroutine deadlocks itself.",
        [Related(src.span(lock), "locked again in the next iteration"), Related(src.span(loop.children[0]), "the loop")],
        fixes, anchor=f"{func_label(goast.enclosing_decl(fn) or fn, src)}|defer-loop|{o}")


def _unlock_unlocked(view: PackageView):
    cc = concurrency(view)
    out = []
    for src, fn, calls in _lock_funcs(view):
        if fn.type == "func_literal":
            continue
        name = goast.func_name(fn, src)
        if "lock" in name.lower() or name.startswith(("locked", "Locked")):
            continue
        from ..concurrency import _doc_says_locked  # noqa: PLC2701

        if _doc_says_locked(fn, src):
            continue
        # every call in the whole declaration, func literals included
        all_calls = [(c, o, m) for c, o, m in _all_lock_calls(fn, src)]
        other_lockers = _calls_lock_helper(fn, src)
        for c, o, m in calls:
            if m not in ("Unlock", "RUnlock") or goast.enclosing_func(c) != fn:
                continue
            want = ("Lock", "TryLock") if m == "Unlock" else ("RLock", "TryRLock")
            if any(oo == o and mm in want for _, oo, mm in all_calls):
                continue
            if m == "Unlock" and any(oo == o and mm in ("RLock",) for _, oo, mm in all_calls):
                continue  # a mismatched pair is a different mistake; stay silent
            if other_lockers or _param_mutex(view, c, src) or o in _split_lockers(view, fn, src, o, c):
                continue
            entry = cc.entry_locks(fn, src)
            if entry:
                continue
            out.append(Diagnostic(
                src.span(c),
                f"`{o}.{m}()` unlocks a mutex this function never locks, and no caller in the package holds it "
                f"when calling `{name}`: when it is not held this is `fatal error: sync: unlock of unlocked "
                f"mutex` (an unrecoverable crash); when another goroutine holds it, this releases that "
                f"goroutine's critical section.",
                [], [], anchor=f"{func_label(fn, src)}|unlock-unlocked|{o}|{m}"))
            break
    return out


def _param_mutex(view, call, src) -> bool:
    """The mutex came in as a (non-receiver) parameter: the caller manages it."""
    o = call.child_by_field_name("function").child_by_field_name("operand")
    base = o
    while base is not None and base.type == "selector_expression":
        base = base.child_by_field_name("operand")
    if base is None or base.type != "identifier":
        return True
    return resolve(base, src, view).kind == "param"


def _split_lockers(view, fn, src, o, unlock: Node | None = None) -> set[str]:
    """If some function of the package locks `o` and returns holding it on some path (a
    Lock/Unlock split across methods: `beginTx` takes the lock a transaction holds until
    `removeTx`; `db.Txn()` locks `db.writer` that `txn.Commit()` releases through `txn.db`),
    {o}. Locks are compared by their canonical names (`Type.field`), whatever path reaches them."""
    cc = concurrency(view)
    operand = unlock.child_by_field_name("function").child_by_field_name("operand") if unlock is not None else None
    if operand is not None:
        target = cc.lock_name(operand, src, fn)
    else:
        rname, rtype, _ = goast.receiver(fn, src)
        if not rname or not o.startswith(rname + "."):
            return set()
        target = rtype + o[len(rname):]
    for fi in view.funcs.values():
        if fi.node == fn:
            continue
        calls = _all_lock_calls(fi.node, fi.src)
        mine = []
        for c, _, m in calls:
            op = c.child_by_field_name("function").child_by_field_name("operand")
            if cc.lock_name(op, fi.src, fi.node) == target:
                mine.append((c, m))
        if not any(m in ("Lock", "RLock") for _, m in mine):
            continue
        if not any(m in ("Unlock", "RUnlock") for _, m in mine) or _returns_holding(cc, fi, target):
            return {o}
    return set()


def _returns_holding(cc, fi, lock: str) -> bool:
    body = fi.node.child_by_field_name("body")
    if body is None:
        return False
    exits = list(goast.of_type(body, "return_statement", skip_func_literals=True))
    last = body.named_children[-1] if body.named_children else None
    if last is not None and last.type == "statement_list" and last.named_children:
        last = last.named_children[-1]
    if last is not None and last.type != "return_statement":
        exits.append(last)  # falling off the end, held when its last statement has run
    for e in exits:
        held = cc.locks_at(e, fi.src, fi.node)
        if e.type != "return_statement":
            cc.apply_lock_stmt(e, fi.src, fi.node, held)  # the statement's own effect
        if lock in held:
            return True
    return False


def _all_lock_calls(fn, src):
    body = fn.child_by_field_name("body")
    if body is None:
        return []
    out = []
    for n in goast.of_type(body, "call_expression"):
        f = n.child_by_field_name("function")
        if f is None or f.type != "selector_expression":
            continue
        m = f.child_by_field_name("field")
        o = f.child_by_field_name("operand")
        if m is not None and o is not None and src.text(m) in _LOCK_OPS:
            out.append((n, src.text(o).replace(" ", ""), src.text(m)))
    return out


def _calls_lock_helper(fn, src) -> bool:
    """Calls like `s.lockAll()` / `acquire(&s.mu)` may take the lock for us."""
    body = fn.child_by_field_name("body")
    for n in goast.of_type(body, "call_expression"):
        f = n.child_by_field_name("function")
        name = src.text(f).rsplit(".", 1)[-1] if f is not None else ""
        low = name.lower()
        if ("lock" in low and name not in _LOCK_OPS and "unlock" not in low) or low in ("acquire", "enter"):
            return True
    return False


MU_UNLOCK = register(Rule(
    id="mutex-unlock-missing",
    title="Mutex held on a return or panic path",
    family="E",
    severity=Severity.ERROR,
    what="""
Finds `mu.Lock()` (or `RLock`) released by an explicit `mu.Unlock()` further down the same block,
with a `return` or `panic` in between that leaves the function while the lock is held and no
`defer mu.Unlock()`.
""",
    why="""
The early exit skips the Unlock: the mutex stays locked forever, and the next goroutine that calls
`Lock` blocks for good. In a server every request touching the lock piles up behind it; a
recovered panic (net/http recovers handler panics) leaves the lock held the same way.
""",
    example="""
c.mu.Lock()
v, ok := c.items[k]
if !ok {
	return nil, false // c.mu is still locked
}
c.mu.Unlock()
return v, true
""",
    instead="""
c.mu.Lock()
defer c.mu.Unlock()
v, ok := c.items[k]
if !ok {
	return nil, false
}
return v, true
""",
    vet_overlap="Not covered by go vet; staticcheck reports only an immediately missing unlock (SA2001 is about empty critical sections).",
    run=_unlock_missing,
))

MU_DEFER_LOOP = register(Rule(
    id="mutex-defer-unlock-in-loop",
    title="defer Unlock inside a loop",
    family="E",
    severity=Severity.ERROR,
    what="""
Finds `defer mu.Unlock()` inside a `for` loop whose body also locks `mu`, unless that iteration
always returns.
""",
    why="""
Deferred calls run when the function returns, not at the end of the iteration. The first
iteration leaves the mutex locked, the second `Lock` waits for it forever: the goroutine
deadlocks itself (and everything else needing the lock).
""",
    example="""
for _, it := range items {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apply(it)
}
""",
    instead="""
for _, it := range items {
	s.mu.Lock()
	s.apply(it)
	s.mu.Unlock()
}
""",
    vet_overlap="Not covered by go vet. staticcheck SA9001 covers `defer` in `range` over channels only.",
    run=_defer_in_loop,
))

MU_UNLOCK_UNLOCKED = register(Rule(
    id="mutex-unlock-not-locked",
    title="Unlock of a mutex the function never locks",
    family="E",
    severity=Severity.WARNING,
    what="""
Finds `mu.Unlock()` / `mu.RUnlock()` in a function that never locks that mutex itself, whose
callers in the package do not hold it, and which is neither named nor documented as running with
the lock held (`fooLocked`, "must hold mu").
""",
    why="""
Unlocking a mutex that is not locked is `fatal error: sync: unlock of unlocked mutex`, which no
recover can catch. If another goroutine happens to hold the lock, this Unlock silently ends that
goroutine's critical section and lets a third one in: a data race that a lock was meant to prevent.
""",
    example="""
func (q *Queue) Pop() Item {
	it := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock() // nobody locked q.mu
	return it
}
""",
    instead="""
func (q *Queue) Pop() Item {
	q.mu.Lock()
	defer q.mu.Unlock()
	it := q.items[0]
	q.items = q.items[1:]
	return it
}
""",
    vet_overlap="Not covered by go vet or staticcheck.",
    in_tests=False,
    tests_reason="a test that releases a lock the code under test took (a test hook around a mocked exit) "
                 "does it on purpose.",
    run=_unlock_unlocked,
))


# -- sync values copied -------------------------------------------------------------------------

_NOCOPY = ("Mutex", "RWMutex", "WaitGroup", "Once", "Cond")


def lock_holding_structs(view: PackageView) -> dict[str, str]:
    """Struct name -> the sync type it holds by value (directly or through value fields)."""
    got = view.__dict__.get("_goleash_lock_holding")
    if got is not None:
        return got
    holding: dict[str, str] = {}
    # Only a package that imports sync can declare a struct holding one of its types.
    changed = any(src.mentions(b'"sync"') for src in view.files)
    while changed:
        changed = False
        for name, si in view.structs.items():
            if name in holding:
                continue
            sync = sync_name(si.src)
            for t in list(si.fields.values()) + si.embedded:
                if t is None or t.id in si.embedded_ptr:
                    continue
                text = si.src.text(t).replace(" ", "")
                base = text[len(sync) + 1:] if sync is not None and text.startswith(sync + ".") else None
                if base in _NOCOPY:
                    holding[name] = f"sync.{base}"
                elif t.type == "type_identifier" and text in holding:
                    holding[name] = holding[text]
                else:
                    continue
                changed = True
                break
    for n in structs_holding_sync_map(view):
        holding.pop(n, None)  # syncmap-copy reports those
    view.__dict__["_goleash_lock_holding"] = holding
    return holding


def _nocopy_kind(text: str | None, src: SourceFile, holding: dict[str, str]) -> str | None:
    """The sync type a value of this (non-pointer) type text holds, if any."""
    if not text or text.startswith("*"):
        return None
    sync = sync_name(src)
    for n in _NOCOPY if sync is not None else ():
        if text == f"{sync}.{n}":
            return f"sync.{n}"
    if text in holding:
        return holding[text]
    return None


_NOCOPY_TYPE_NAMES = ("Mutex", "RWMutex", "WaitGroup", "Once", "Cond")
_TYPE_WRAPPERS = frozenset({"qualified_type", "pointer_type", "slice_type", "array_type", "map_type",
                            "parenthesized_type", "implicit_length_array_type"})


def _typed_decls(src: SourceFile, type_names) -> tuple[list[Node], list[Node]]:
    """Parameters and var-spec names whose written type mentions one of `type_names`
    (`sync.Mutex`, `*Server`, `[]sync.WaitGroup`…), found from the names' occurrences."""
    params: dict[int, Node] = {}
    var_names: dict[int, Node] = {}
    for tn in type_names:
        for y in name_nodes(src, tn):
            if y.type != "type_identifier":
                continue
            t = y
            while t.parent is not None and t.parent.type in _TYPE_WRAPPERS:
                t = t.parent
            d = t.parent
            if d is None or d.child_by_field_name("type") != t:
                continue
            if d.type == "parameter_declaration":
                params[d.id] = d
            elif d.type == "var_spec":
                for n in d.children_by_field_name("name"):
                    if n.type == "identifier":
                        var_names[n.id] = n
    return sorted(params.values(), key=_start), sorted(var_names.values(), key=_start)


def _copy_sites(src: SourceFile, names: set[str], fields: set[str]) -> tuple[list[Node], list[Node], list[Node]]:
    """Assignments, identifier arguments and range clauses in which a lock-holding name or
    field may be copied: (statements, arguments, range clauses), found from the names'
    occurrences rather than from every assignment and call of the file."""
    stmts: dict[int, Node] = {}
    args: dict[int, Node] = {}
    ranges: dict[int, Node] = {}
    occurrences = []
    for name in names:
        occurrences.extend(n for n in name_nodes(src, name) if n.type == "identifier")
    for name in fields:
        occurrences.extend(n.parent for n in name_nodes(src, name)
                           if n.type == "field_identifier" and n.parent is not None and n.parent.type == "selector_expression")
    for x in occurrences:
        p = x.parent
        if p is None:
            continue
        if x.type == "identifier" and p.type == "argument_list":
            args[x.id] = x
        v = x
        while p is not None and (p.type == "parenthesized_expression"
                                 or (p.type == "unary_expression" and p.child_by_field_name("operand") == v)):
            v, p = p, p.parent
        if p is None:
            continue
        if p.type == "expression_list":
            st = p.parent
            if st is not None and st.type in ("short_var_declaration", "assignment_statement") and st.child_by_field_name("right") == p:
                stmts[st.id] = st
        elif p.type in ("short_var_declaration", "assignment_statement") and p.child_by_field_name("right") == v:
            stmts[p.id] = p
        elif p.type == "range_clause" and p.child_by_field_name("right") == v:
            ranges[p.id] = p
    return (sorted(stmts.values(), key=_start), sorted(args.values(), key=_start),
            sorted(ranges.values(), key=_start))


def _start(n: Node) -> int:
    return n.start_byte


def _elem_text(tt: str) -> str:
    tt = tt.replace(" ", "").lstrip("*")
    if "]" in tt and tt.startswith(("[", "map[")):
        tt = tt[tt.rindex("]") + 1:]
    return tt


def _copies(view: PackageView):
    holding = lock_holding_structs(view)
    out = []
    needles = [b"sync.Mutex", b"sync.RWMutex", b"sync.WaitGroup", b"sync.Once", b"sync.Cond"]
    hold_needles = [h.encode() for h in holding]
    fields = _nocopy_fields(view, holding)
    pkg_names = {n for n, vi in view.vars.items() if vi.type is not None
                 and _nocopy_kind(_elem_text(vi.src.text(vi.type)), vi.src, holding)}
    for src in view.files:
        if not any(n in src.data for n in needles) and not any(h in src.data for h in hold_needles):
            continue
        params, var_names = _typed_decls(src, (*_NOCOPY_TYPE_NAMES, *holding))
        names = set(pkg_names)
        for p in params:
            t = p.child_by_field_name("type")
            if t is None:
                continue
            text = src.text(t).replace(" ", "")
            pl = p.parent
            fn = pl.parent if pl is not None else None
            is_recv = fn is not None and fn.type == "method_declaration" and fn.child_by_field_name("receiver") == pl
            if _nocopy_kind(_elem_text(text), src, holding):
                names.update(goast.param_names(p, src))
            kind = _nocopy_kind(text, src, holding)
            if not kind or fn is None:
                continue
            if is_recv:
                out.append(_receiver_diag(src, fn, text, kind))
            elif fn.type in goast.FUNC_TYPES:
                out.append(Diagnostic(
                    src.span(p),
                    f"Parameter `{src.text(p)}` copies a {kind} on every call: the function locks, counts or "
                    f"waits on its own copy, which the caller never sees — "
                    + _consequence(kind) + f" Pass `*{text}`.",
                    [], [], anchor=f"{func_label(fn, src)}|param|{src.text(p)}"))
        for vn in var_names:
            t = vn.parent.child_by_field_name("type")
            if t is not None and _nocopy_kind(_elem_text(src.text(t)), src, holding):
                names.add(src.text(vn))

        if not names and not any(b"." + f.encode() in src.data for f in fields):
            continue
        stmts, arg_idents, ranges = _copy_sites(src, names, fields)

        def maybe(v: Node) -> bool:
            v = unparen(v)
            if v.type == "unary_expression":
                inner = v.child_by_field_name("operand")
                return inner is not None and maybe(inner)
            if v.type == "identifier":
                return src.text(v) in names
            if v.type == "selector_expression":
                f = v.child_by_field_name("field")
                return f is not None and src.text(f) in fields
            return False

        for st in stmts:
            right = st.child_by_field_name("right")
            for v in (right.named_children if right is not None and right.type == "expression_list" else [right] if right is not None else []):
                if not maybe(v):
                    continue
                kind = _copied_value(view, unparen(v), src, holding)
                if kind:
                    out.append(_assign_diag(src, st, unparen(v), kind))
        for a in arg_idents:
            if src.text(a) not in names:
                continue
            call = a.parent.parent
            f = call.child_by_field_name("function") if call is not None else None
            if f is None or (f.type == "identifier" and src.text(f) in ("len", "cap", "print", "println")):
                continue
            kind = _copied_value(view, a, src, holding)
            if kind:
                out.append(Diagnostic(
                    src.span(a),
                    f"Passing `{src.text(a)}` by value copies the {kind} it holds: the callee works on its own copy. "
                    + _consequence(kind) + f" Pass `&{src.text(a)}`.",
                    [], [], anchor=f"{func_label(goast.enclosing_decl(call) or call, src)}|arg|{src.text(call)[:80]}"))
        for rc in ranges:
            left = rc.child_by_field_name("left")
            right = rc.child_by_field_name("right")
            lnames = left.named_children if left is not None and left.type == "expression_list" else []
            if len(lnames) != 2 or src.text(lnames[1]) == "_" or right is None or not maybe(right):
                continue
            kind = _elem_kind(view, right, src, holding)
            if kind:
                out.append(Diagnostic(
                    src.span(lnames[1]),
                    f"`{src.text(lnames[1])}` is a copy of each element, and each element holds a {kind}: locking or "
                    f"waiting on the copy does nothing for the element in `{src.text(right)}`. " + _consequence(kind)
                    + f" Range over the indexes and use `&{src.text(right)}[i]`.",
                    [], [], anchor=f"{func_label(goast.enclosing_decl(rc) or rc, src)}|range|{src.text(rc)[:80]}"))
    return out


def _nocopy_fields(view, holding) -> set[str]:
    key = "_goleash_nocopy_fields"
    fields = view.__dict__.get(key)
    if fields is None:
        fields = set()
        for name, si in view.structs.items():
            for fname, t in si.fields.items():
                if t is not None and _nocopy_kind(_elem_text(si.src.text(t)), si.src, holding):
                    fields.add(fname)
        view.__dict__[key] = fields
    return fields


def _consequence(kind: str) -> str:
    if kind == "sync.WaitGroup":
        return "Done on the copy never reaches the original, so its Wait blocks forever."
    if kind == "sync.Once":
        return "the Once runs again on every copy."
    if kind == "sync.Cond":
        return "Signal on a copy wakes nobody."
    return "a lock taken on the copy excludes nobody, and a copy made while locked stays locked forever."


def _elem_kind(view, expr, src, holding) -> str | None:
    t = type_text(view, expr, src)
    if not t:
        return None
    if t.startswith("[]"):
        elem = t[2:]
    elif t.startswith("map[") and "]" in t:
        depth = 0
        elem = None
        for i, ch in enumerate(t):
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    elem = t[i + 1:]
                    break
    elif t.startswith("[") and "]" in t:
        elem = t[t.index("]") + 1:]
    else:
        return None
    return _nocopy_kind(elem, src, holding)


def _copied_value(view, v: Node, src, holding) -> str | None:
    if v.type == "unary_expression" and src.text(v).startswith("*"):
        inner = v.child_by_field_name("operand")
        if inner is not None and unparen(inner).type in ("identifier", "selector_expression"):
            t = type_text(view, unparen(inner), src)
            if t and t.startswith("*"):
                return _nocopy_kind(t[1:], src, holding)
        return None
    if v.type in ("identifier", "selector_expression"):
        if v.type == "identifier":
            d = resolve(v, src, view)
            if d.kind not in ("local", "param", "package", "receiver"):
                return None
        return _nocopy_kind(type_text(view, v, src), src, holding)
    return None


def _assign_diag(src, st, v, kind):
    return Diagnostic(
        src.span(v),
        f"This copies `{src.text(v)}`, which holds a {kind} by value: the copy and the original no longer share "
        f"state — " + _consequence(kind) + " Keep a pointer instead.",
        [], [], anchor=f"{func_label(goast.enclosing_decl(st) or st, src)}|assign|{src.text(st)[:80]}")


def _receiver_diag(src, fn, rtype, kind):
    rtype = rtype.lstrip("*")
    where, fix = pointer_receiver(src, fn, rtype)
    fixes = [fix] if fix else []
    return Diagnostic(
        src.span(where),
        f"Method `{goast.func_name(fn, src)}` has a value receiver, so every call works on a copy of `{rtype}` and "
        f"the {kind} inside it: " + _consequence(kind),
        [], fixes, anchor=f"{rtype}.{goast.func_name(fn, src)}|receiver")


COPY = register(Rule(
    id="sync-copy-by-value",
    title="Mutex, WaitGroup, Once or Cond copied by value",
    family="E",
    severity=Severity.ERROR,
    what="""
Finds `sync.Mutex`, `RWMutex`, `WaitGroup`, `Once` and `Cond` values — and structs holding one by
value, directly or through other struct fields — that are copied: value receivers, value
parameters, `range` value variables over slices/maps of them, and assignments from a variable,
field or dereferenced pointer. (Structs holding a sync.Map are left to `syncmap-copy`.)
""",
    why="""
These types must not be copied after first use. A method with a value receiver locks its own
copy, so the lock protects nothing; a copy taken while locked is locked forever; `wg.Done()` on a
copied WaitGroup never reaches the original, whose `Wait` blocks forever; a copied Once runs again.
""",
    example="""
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c Counter) Inc() { // c is a copy: the lock excludes nobody
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}
""",
    instead="""
func (c *Counter) Inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}
""",
    vet_overlap="""
go vet's copylocks check reports the same copies. goleash explains the run-time effect for each
type (a lost Done, an Once that runs again), offers the pointer-receiver patch, and reports in
code that is not vetted (a PR review comment instead of a CI log line).
""",
    run=_copies,
))
