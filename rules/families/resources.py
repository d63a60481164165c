"""Family F: resources not released — sql.Rows, HTTP response bodies, files."""
from __future__ import annotations

from dataclasses import dataclass

from .. import goast
from ..goast import Node
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile, assigning_statements, method_calls
from ..registry import Rule, register
from ..scope import resolve
from .syncprims import dominated, exits_between, func_label, line_of, type_text

_CREATORS = {
    "rows": ("Query", "QueryContext"),
    "resp": ("Do", "Get", "Head", "Post", "PostForm"),
    "file": ("Open", "Create", "OpenFile"),
}


def _acquisitions(view: PackageView, kind: str):
    """(src, fn, decl statement, call, variable identifier) for resource-creating calls."""
    for src in view.files:
        if kind == "rows":
            if b"database/sql" not in src.data or b"Query" not in src.data:
                continue
        elif kind == "resp":
            if b"net/http" not in src.data:
                continue
        elif kind == "file":
            if b'"os"' not in src.data or b"os.Open" not in src.data and b"os.Create" not in src.data:
                continue
        for st in assigning_statements(method_calls(src, *_CREATORS[kind])):
            if st.type != "short_var_declaration":
                continue
            left = st.child_by_field_name("left")
            right = st.child_by_field_name("right")
            if left is None or right is None:
                continue
            names = left.named_children if left.type == "expression_list" else [left]
            vals = right.named_children if right.type == "expression_list" else [right]
            if len(names) != 2 or len(vals) != 1 or vals[0].type != "call_expression":
                continue
            call = vals[0]
            if names[0].type != "identifier" or src.text(names[0]) == "_":
                continue
            if not _creates(view, src, call, kind):
                continue
            fn = goast.enclosing_func(st)
            if fn is None:
                continue
            yield src, fn, st, call, names[0]


def _creates(view, src, call, kind) -> bool:
    f = call.child_by_field_name("function")
    if f is None or f.type != "selector_expression":
        return False
    o = f.child_by_field_name("operand")
    m = src.text(f.child_by_field_name("field"))
    if kind == "rows":
        if m not in ("Query", "QueryContext"):
            return False
        sql = src.import_name("database/sql")
        t = type_text(view, o, src)
        return sql is not None and t is not None and t.lstrip("*") in (f"{sql}.DB", f"{sql}.Tx", f"{sql}.Conn", f"{sql}.Stmt")
    if kind == "resp":
        http = src.import_name("net/http")
        if http is None:
            return False
        if src.text(o) == http:
            return m in ("Get", "Head", "Post", "PostForm")
        if m not in ("Do", "Get", "Head", "Post", "PostForm"):
            return False
        if src.text(o) == f"{http}.DefaultClient":
            return True
        t = type_text(view, o, src)
        return t is not None and t.lstrip("*") == f"{http}.Client"
    if kind == "file":
        os_ = src.import_name("os")
        return os_ is not None and src.text(o) == os_ and m in ("Open", "Create", "OpenFile")
    return False


def _uses(view, src, fn, ident) -> list[Node]:
    name = src.text(ident)
    out = []
    for n in goast.of_type(fn, "identifier"):
        if n.start_byte <= ident.start_byte or src.text(n) != name:
            continue
        d = resolve(n, src, view)
        if d.ident is not None and d.ident == ident:
            out.append(n)
    return out


def _classify(src, uses: list[Node], closer: str) -> tuple[list[Node], bool]:
    """(the `x.Close()` / `x.Body.Close()` calls, whether the value escapes: returned, stored,
    passed to a function or captured by a goroutine — then someone else closes it)."""
    closes, escapes = [], False
    for u in uses:
        p = u.parent
        chain = u
        while p is not None and p.type == "selector_expression" and p.child_by_field_name("operand") == chain:
            chain = p
            p = p.parent
        text = src.text(chain).replace(" ", "")
        if p is not None and p.type == "call_expression" and p.child_by_field_name("function") == chain:
            if text.endswith(closer):
                closes.append(p)
            continue
        if p is not None and p.type == "argument_list":
            # `x` handed to a function of this package (or a method) may be owned by it. The
            # standard library's functions (io.Copy, bufio.NewReader, json.NewDecoder) read or
            # wrap what they are given, never close it; a function of another module that
            # receives the resource (`defer fs.CheckClose(resp.Body, &err)`,
            # `pipeline.NewHTTPResponse(r)`) may close or keep it, and this package cannot see
            # which.
            pkg = _imported_func_package(p.parent, src)
            if (chain == u or text.endswith(closer.rsplit(".", 1)[0])) and (pkg is None or _third_party(pkg)):
                escapes = True
            continue
        if chain != u and not (closer.count(".") > 1 and text.endswith(closer.rsplit(".", 1)[0])):
            continue  # x.Field read (but `x.Body` itself stored or returned hands the body on)
        if p is not None and p.type in ("return_statement", "expression_list", "keyed_element", "literal_value",
                                        "literal_element", "send_statement", "assignment_statement",
                                        "short_var_declaration", "var_spec"):
            escapes = True
        if any(a.type == "go_statement" for a in goast.ancestors(u)):
            escapes = True
    return closes, escapes


def _imported_func_package(call: Node | None, src: SourceFile) -> str | None:
    """The import path of the package whose function `call` calls, if it calls one."""
    if call is None or call.type != "call_expression":
        return None
    f = call.child_by_field_name("function")
    if f is None or f.type != "selector_expression":
        return None
    o = f.child_by_field_name("operand")
    return src.imports.get(src.text(o)) if o is not None and o.type == "identifier" else None


# The first element of every standard library import path.
_STDLIB = frozenset("""archive bufio bytes cmp compress container context crypto database debug embed encoding
errors expvar flag fmt go hash html image index io iter log maps math mime net os path plugin reflect regexp
runtime slices sort strconv strings structs sync syscall testing text time unicode unique unsafe weak""".split())


def _third_party(path: str | None) -> bool:
    return path is not None and path.split("/", 1)[0] not in _STDLIB


def _err_check_after(st: Node) -> Node | None:
    """The `if err != nil { ... }` statement right after `st`, if any."""
    nxt = st.next_named_sibling
    while nxt is not None and nxt.type == "comment":
        nxt = nxt.next_named_sibling
    if nxt is not None and nxt.type == "if_statement":
        cond = nxt.child_by_field_name("condition")
        if cond is not None and b"err" in cond.text and b"nil" in cond.text:
            cons = nxt.child_by_field_name("consequence")
            if _terminates(cons):
                return nxt
    return None


def _terminates(block: Node | None) -> bool:
    sts = goast.statements(block)
    return bool(sts) and sts[-1].type in ("return_statement", "continue_statement", "break_statement", "goto_statement") \
        or bool(sts) and sts[-1].type == "expression_statement" and sts[-1].text.startswith((b"panic(", b"log.Fatal", b"t.Fatal", b"os.Exit"))


def _defer_close_fix(src, st, name, closer) -> Fix | None:
    chk = _err_check_after(st)
    if chk is None:
        return None
    if st.parent is None or st.parent.type != "statement_list":
        return None
    indent = src.indent_at(st.start_byte)
    return Fix("Close it when the function returns", (
        TextEdit(src.path, chk.end_byte, chk.end_byte, f"\n{indent}defer {name}.{closer}()"),))


def _not_released(view: PackageView, kind: str, closer: str):
    out = []
    for src, fn, st, call, ident in _acquisitions(view, kind):
        uses = _uses(view, src, fn, ident)
        closes, escapes = _classify(src, uses, "." + closer)
        if escapes:
            continue
        name = src.text(ident)
        if any(c.parent is not None and c.parent.type == "defer_statement" for c in closes):
            continue
        if any(c.parent is not None and c.parent.type == "defer_statement" or _in_deferred_literal(c) for c in closes):
            continue
        chk = _err_check_after(st)
        start = chk.end_byte if chk is not None else st.end_byte
        if not closes:
            if kind == "file":
                continue  # family F asks for files left open on an *error path*; never-closed files are
                # mostly one-shot tools and tests that exit right after
            out.append((src, fn, st, call, ident, name, [], None))
            continue
        last = max(c.start_byte for c in closes)
        exits = [e for e in exits_between(fn, src, start, last, panics=False) if not dominated(e, closes, fn)
                 and not _returns_ident(e, src, name)]
        if exits:
            out.append((src, fn, st, call, ident, name, exits, closes))
    return out


def _in_deferred_literal(c: Node) -> bool:
    for a in goast.ancestors(c):
        if a.type == "func_literal":
            p = a.parent
            return p is not None and p.type == "call_expression" and p.parent is not None and p.parent.type == "defer_statement"
    return False


def _returns_ident(e, src, name) -> bool:
    """`return f, nil`: the value itself is returned (not just a field of it)."""
    for c in e.named_children:
        vals = c.named_children if c.type == "expression_list" else [c]
        if any(v.type == "identifier" and src.text(v) == name for v in vals):
            return True
    return False


@dataclass(frozen=True)
class _Resource:
    kind: str       # what _not_released tracks
    release: str    # the method that releases it, called on the variable
    returns: str    # "returns at line N{returns} before ..."
    never: str      # when there is no release at all
    consequence: str
    acquired: str   # evidence label of the acquiring call
    leaves: str     # evidence label of each exit that skips the release
    slug: str


_ROWS = _Resource(
    "rows", "Close", "", "never calls `{name}.Close()`",
    "unless the rows are read to the end, the *sql.Rows keeps its database connection checked out of the "
    "pool. Each leaked Rows pins one connection; once the pool is exhausted every query blocks forever.",
    "the query", "leaves with the rows open", "rows")
_BODY = _Resource(
    "resp", "Body.Close", "", "never closes `{name}.Body`",
    "an unclosed response body keeps its TCP connection (and the transport's read and write goroutines) "
    "alive and out of the idle pool, so each call leaks a connection, two goroutines and a file descriptor "
    "until the server hangs up.",
    "the request", "leaves with the body open", "body")
_FILE = _Resource(
    "file", "Close", " (an error path)", "never calls `{name}.Close()`",
    "the *os.File's descriptor stays open until the garbage collector happens to run its finalizer. Under "
    "load (or in a loop) the process hits its descriptor limit and every open, accept and dial fails with "
    "\"too many open files\".",
    "opened here", "leaves with the file open", "file")


def _unreleased(res: _Resource):
    def run(view: PackageView):
        out = []
        for src, fn, st, call, ident, name, exits, closes in _not_released(view, res.kind, res.release):
            fix = _defer_close_fix(src, st, name, res.release)
            where = (f"returns at line {line_of(src, exits[0])}{res.returns} before `{name}.{res.release}()`"
                     if exits else res.never.format(name=name))
            out.append(Diagnostic(
                src.span(ident), f"This function {where}: {res.consequence}",
                [Related(src.span(call), res.acquired)] + [Related(src.span(e), res.leaves) for e in exits],
                [fix] if fix else [], anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|{res.slug}|{name}"))
        return out
    return run


_rows, _bodies, _files = _unreleased(_ROWS), _unreleased(_BODY), _unreleased(_FILE)


ROWS = register(Rule(
    id="sql-rows-not-closed",
    in_tests=False,
    title="*sql.Rows not closed",
    family="F",
    severity=Severity.WARNING,
    what="""
Finds `rows, err := db.Query(...)` / `QueryContext` on a `*sql.DB`, `*sql.Tx`, `*sql.Conn` or
`*sql.Stmt` whose rows are never closed, or closed only after a `return` that can leave first,
and are not returned, stored or handed to another function.
""",
    why="""
Open Rows hold a connection from the pool. Every early return (an error while scanning, a
"found it" break-out) leaks one; when the pool (`SetMaxOpenConns`) is used up every further query
waits forever and the service stops answering.
""",
    example="""
rows, err := db.QueryContext(ctx, q)
if err != nil {
	return err
}
for rows.Next() {
	if err := rows.Scan(&id); err != nil {
		return err // leaks the connection
	}
}
rows.Close()
""",
    instead="""
rows, err := db.QueryContext(ctx, q)
if err != nil {
	return err
}
defer rows.Close()
""",
    vet_overlap="go vet has no such check (the sqlclosecheck / rowserrcheck linters do).",
    run=_rows,
))

BODY = register(Rule(
    id="http-body-not-closed",
    in_tests=False,
    title="HTTP response body not closed",
    family="F",
    severity=Severity.WARNING,
    what="""
Finds `resp, err := http.Get/Post/Head/PostForm(...)` or `client.Do/Get/...` on an `*http.Client`
whose `resp.Body` is never closed, or closed only after a `return` that can leave first, and
`resp` is not returned, stored or handed to another function.
""",
    why="""
Until the body is closed the connection cannot go back to the idle pool, and the transport keeps
a read and a write goroutine per connection: every call leaks a socket, a file descriptor and two
goroutines until the server closes the connection.
""",
    example="""
resp, err := http.Get(url)
if err != nil {
	return err
}
if resp.StatusCode != http.StatusOK {
	return fmt.Errorf("status %d", resp.StatusCode) // body never closed
}
""",
    instead="""
resp, err := http.Get(url)
if err != nil {
	return err
}
defer resp.Body.Close()
""",
    vet_overlap="go vet's httpresponse check only reports using resp before checking err; bodyclose (golangci-lint) is the closest linter.",
    run=_bodies,
))

FILE = register(Rule(
    id="file-not-closed",
    in_tests=False,
    title="*os.File not closed on every path",
    family="F",
    severity=Severity.WARNING,
    what="""
Finds `f, err := os.Open/Create/OpenFile(...)` whose file is closed only after a `return`
(typically an error path) that can leave first, with no `defer f.Close()`, when `f` is not
returned, stored or handed to a function of the package.
""",
    why="""
Each leaked file keeps a descriptor until a garbage-collector finalizer runs, which may be never
under low allocation. Leaks on error paths show up exactly when things go wrong: the process runs
out of descriptors and every open, accept and dial fails with "too many open files".
""",
    example="""
f, err := os.Open(path)
if err != nil {
	return err
}
if _, err := f.Read(hdr); err != nil {
	return err // f leaks
}
f.Close()
""",
    instead="""
f, err := os.Open(path)
if err != nil {
	return err
}
defer f.Close()
""",
    vet_overlap="Not covered by go vet or staticcheck (gosec G307 is about ignoring Close errors).",
    run=_files,
))


# -- rows.Err() unchecked ----------------------------------------------------------------------------


def _rows_err(view: PackageView):
    out = []
    for src in view.files:
        if b".Next()" not in src.data or b"database/sql" not in src.data:
            continue
        sql = src.import_name("database/sql")
        if sql is None:
            continue
        loops = []
        for call in method_calls(src, "Next"):
            op = call.child_by_field_name("function").child_by_field_name("operand")
            if op.type == "identifier" and call.parent is not None and call.parent.type == "for_statement":
                if not loops or loops[-1] != call.parent:
                    loops.append(call.parent)
        for loop in loops:
            cond = next((c for c in loop.named_children if c.type == "call_expression"), None)
            if cond is None:
                continue
            r = cond.child_by_field_name("function").child_by_field_name("operand")
            t = type_text(view, r, src)
            is_rows = t is not None and t.lstrip("*") == f"{sql}.Rows"
            if not is_rows:
                d = resolve(r, src, view)
                value = d.value
                if value is None and d.ident is not None and d.src is src:
                    st = d.ident.parent
                    if st is not None and st.type == "expression_list":
                        st = st.parent
                    right = st.child_by_field_name("right") if st is not None and st.type == "short_var_declaration" else None
                    vals = (right.named_children if right.type == "expression_list" else [right]) if right is not None else []
                    value = vals[0] if len(vals) == 1 else None
                if value is None or d.src is None or value.type != "call_expression" \
                        or not _creates(view, d.src, value, "rows"):
                    continue
                decl_ident = d.ident
            else:
                decl_ident = resolve(r, src, view).ident
            fn = goast.enclosing_func(loop)
            if fn is None or decl_ident is None:
                continue
            name = src.text(r)
            uses = [u for u in _uses(view, src, fn, decl_ident)]
            checked = False
            for u in uses:
                p = u.parent
                if p is not None and p.type == "selector_expression" and src.text(p.child_by_field_name("field")) == "Err":
                    checked = True
                elif p is not None and p.type in ("argument_list", "return_statement", "expression_list", "assignment_statement"):
                    checked = True  # handed on: the callee may check
            if checked:
                continue
            out.append(_rows_err_diag(src, fn, loop, name))
    return out


def _rows_err_diag(src, fn, loop, name):
    fixes = []
    res = fn.child_by_field_name("result")
    if res is not None and src.text(res).replace(" ", "") == "error" and loop.parent is not None \
            and loop.parent.type == "statement_list":
        indent = src.indent_at(loop.start_byte)
        fixes.append(Fix(f"Return {name}.Err() after the loop", (TextEdit(
            src.path, loop.end_byte, loop.end_byte,
            f"\n{indent}if err := {name}.Err(); err != nil {{\n{indent}\treturn err\n{indent}}}"),)))
    return Diagnostic(
        src.span(next(c for c in loop.named_children if c.type == "call_expression")),
        f"`for {name}.Next()` stops both at the end of the result set and on an error (a dropped connection, "
        f"a cancelled context, a scan of a bad row), and only `{name}.Err()` tells which. It is never checked, "
        f"so a failed query silently looks like a shorter result: partial data is returned as complete.",
        [], fixes, anchor=f"{func_label(goast.enclosing_decl(loop) or fn, src)}|rows-err|{name}")


ROWS_ERR = register(Rule(
    id="sql-rows-err-unchecked",
    in_tests=False,
    title="rows.Err() not checked after iterating",
    family="F",
    severity=Severity.WARNING,
    what="""
Finds `for rows.Next() { ... }` over `*sql.Rows` in functions that never call `rows.Err()`
(and do not hand `rows` to another function).
""",
    why="""
`Next` returns false both when the rows are exhausted and when reading failed. Without `Err` a
connection reset or context timeout in the middle of the result set is indistinguishable from the
end: the error is lost, and the caller gets truncated data and reports success.
""",
    example="""
for rows.Next() {
	var u User
	if err := rows.Scan(&u.ID, &u.Name); err != nil {
		return nil, err
	}
	users = append(users, u)
}
return users, nil
""",
    instead="""
for rows.Next() {
	// ...
}
if err := rows.Err(); err != nil {
	return nil, err
}
return users, nil
""",
    vet_overlap="Not covered by go vet (rowserrcheck in golangci-lint is the closest).",
    run=_rows_err,
))
