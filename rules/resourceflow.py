"""Resources a function acquires and must release (*sql.Rows, HTTP response bodies, *os.File):
where they are acquired (also through the package's own constructors and struct fields), the
returns that leave without releasing them, the error returns that drop them, and the rule run
built from one resource's wording. Shared by sql-rows-not-closed, http-body-not-closed,
file-not-closed and sql-rows-err-unchecked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import goast
from .concurrency import concurrency
from .fixgen import delete_stmt
from .flow import dominated, exits_between, in_deferred_literal, runs_off_end
from .goast import Node, func_label, line_of
from .model import Diagnostic, Fix, Related, TextEdit
from .package import PackageView
from .parse import DEFERS, SourceFile, assigning_statements, calls_named, method_calls, token_owners
from .scope import resolve
from .synctypes import type_text

_CREATORS = {
    "rows": ("Query", "QueryContext"),
    "resp": ("Do", "Get", "Head", "Post", "PostForm"),
    "file": ("Open", "Create", "OpenFile"),
}


def _acquisitions(view: PackageView, kind: str) -> list[tuple]:
    """(src, fn, decl statement, call, variable identifier) for resource-creating calls."""
    # both the unreleased and the dropped-on-error checks ask, for every package
    memo = view.__dict__.setdefault("_goleash_acquisitions", {})
    got = memo.get(kind)
    if got is None:
        got = memo[kind] = list(_find_acquisitions(view, kind))
    return got


def _find_acquisitions(view: PackageView, kind: str):
    own = _own_creators(view, kind)
    for src in view.non_test_files:  # (every rule reporting them is silent in tests)
        mine = [n for n in own if n.encode() + b"(" in src.data]
        if mine:
            pass  # a call of the package's own constructor: the file need not import the resource's package
        elif kind == "rows":
            if not src.mentions(b"database/sql") or not src.mentions(b"Query"):
                continue
        elif kind == "resp":
            if not src.mentions(b"net/http"):
                continue
        elif kind == "file":
            if not src.mentions(b'"os"') or not src.mentions(b"os.Open") and not src.mentions(b"os.Create"):
                continue
        calls = calls_named(src, *_CREATORS[kind], *mine) if mine else method_calls(src, *_CREATORS[kind])
        for st in assigning_statements(calls):
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
            if not (creates(view, src, call, kind) or _own_creator_call(view, src, call, own)):
                continue
            fn = goast.enclosing_func(st)
            if fn is None:
                continue
            yield src, fn, st, call, names[0]


_RESOURCE_TYPE = {"rows": ("database/sql", "Rows"), "resp": ("net/http", "Response"), "file": ("os", "File")}


def _own_creators(view: PackageView, kind: str) -> dict[str, list[tuple[str | None, Node]]]:
    """The package's own functions, methods and interface methods that hand back a fresh resource
    of `kind` with an error (`func (m *metrics) doPost(...) (*http.Response, error)`,
    `QueryContext(...) (*sql.Rows, error)` in an interface): name -> (receiver or interface type,
    declaration). A function that returns a field it keeps (`return c.resp, nil`) is left out:
    the resource stays its owner's."""
    # asked several times per package and rule; the answer depends on the package alone
    memo = view.__dict__.setdefault("_goleash_own_creators", {})
    got = memo.get(kind)
    if got is None:
        got = memo[kind] = _find_own_creators(view, kind)
    return got


def _find_own_creators(view: PackageView, kind: str) -> dict[str, list[tuple[str | None, Node]]]:
    out: dict[str, list[tuple[str | None, Node]]] = {}
    pkg, tname = _RESOURCE_TYPE[kind]
    importing = {id(src) for src in view.files if src.import_name(pkg) is not None}
    if not importing:
        return out
    helpers = [
        fi for fi in view.funcs.values() if id(fi.src) in importing and _returns_resource(fi.node, fi.src, pkg, tname) and not _returns_field(fi.node)
    ]
    spent = _hands_back_spent(view, helpers, kind)
    for fi in helpers:
        if fi.node.id not in spent:
            out.setdefault(fi.name, []).append((fi.recv_type, fi.node))
    for name, (typ, src) in view.types.items():
        if typ.type != "interface_type" or id(src) not in importing:
            continue
        for m in typ.named_children:
            if m.type in ("method_elem", "method_spec") and _returns_resource(m, src, pkg, tname):
                mname = m.child_by_field_name("name")
                if mname is not None:
                    out.setdefault(src.text(mname), []).append((name, m))
    return out


def _hands_back_spent(view: PackageView, helpers: list, kind: str) -> set[int]:
    """The helpers whose caller gets nothing to release: every resource they hand back they
    closed themselves (`defer resp.Body.Close()` before `return resp, decode(resp.Body)`), or got
    from a function of another module, whose contract this package cannot see
    (`httputil.RetryRequest(...)` reads and closes the body), or from such a helper, or from a
    function of the package that closes what it hands back with more results than a helper has
    (`resp, retry, err = c.doRequest(req)`, which drains and closes the body)."""
    spending = _Spending(view, kind, helpers)
    changed = True
    while changed:  # helpers that hand back another helper's result: until nothing moves
        changed = False
        for fi in helpers:
            if fi.node.id in spending.spent or fi.body is None:
                continue
            if spending.hands_back_spent(fi):
                spending.spent.add(fi.node.id)
                changed = True
    return spending.spent


class _Spending:
    def __init__(self, view: PackageView, kind: str, helpers: list) -> None:
        self.view = view
        self.pkg, self.tname = _RESOURCE_TYPE[kind]
        self.closer = "." + ("Body.Close" if kind == "resp" else "Close") + "()"
        self.by_name: dict[str, list] = {}
        for fi in helpers:
            self.by_name.setdefault(fi.name, []).append(fi)
        self.spent: set[int] = set()
        self._others: dict[int, bool] = {}

    def hands_back_spent(self, fi) -> bool:
        values = [v for v in _returned_firsts(fi) if v.type != "nil"]
        return bool(values) and all(self._spent_value(fi, v) for v in values)

    def _spent_value(self, fi, v: Node) -> bool:
        src = fi.src
        if v.type == "identifier":
            name = src.text(v)
            if (name + self.closer).encode() in src.data[fi.body.start_byte : fi.body.end_byte]:
                return True  # closed here before the caller sees it
            made = _last_made(fi, name)
            return made is not None and made.type == "call_expression" and self._spent_call(fi, made)
        return v.type == "call_expression" and self._spent_call(fi, v)

    def _spent_call(self, fi, call: Node) -> bool:
        pkg = _imported_func_package(call, fi.src)
        if pkg is not None:
            return _third_party(pkg)
        f = call.child_by_field_name("function")
        name = fi.src.text(f.child_by_field_name("field") if f is not None and f.type == "selector_expression" else f) if f is not None else ""
        cands = self.by_name.get(name, [])
        if cands:
            return all(c.node.id in self.spent for c in cands)
        others = [o for o in self.view.funcs.values() if o.name == name and o.body is not None and self._first_result_is_resource(o)]
        return bool(others) and all(self._other_spent(o) for o in others)

    def _first_result_is_resource(self, fi) -> bool:
        res = fi.node.child_by_field_name("result")
        local = fi.src.import_name(self.pkg)
        if res is None or res.type != "parameter_list" or local is None or not res.named_children:
            return False
        t = res.named_children[0].child_by_field_name("type")
        return t is not None and fi.src.text(t).replace(" ", "") == f"*{local}.{self.tname}"

    def _other_spent(self, fi) -> bool:
        got = self._others.get(fi.node.id)
        if got is None:
            self._others[fi.node.id] = False  # (a cycle hands back nothing closed)
            got = self._others[fi.node.id] = self.hands_back_spent(fi)
        return got


def _returned_firsts(fi) -> list[Node]:
    out = []
    for r in goast.of_type(fi.body, "return_statement", skip_func_literals=True):
        vals = r.named_children[0].named_children if r.named_children and r.named_children[0].type == "expression_list" else r.named_children
        if vals:
            out.append(goast.unparen(vals[0]))
        else:
            return []  # a bare return of named results: not followed here
    return out


def _last_made(fi, name: str) -> Node | None:
    """The value the last `name, … := f(…)` or `name, … = f(…)` of the function's own body
    gives `name`: the call, or the one value."""
    made = None
    src = fi.src
    for st in goast.of_type(fi.body, "short_var_declaration", "assignment_statement", skip_func_literals=True):
        left = st.child_by_field_name("left")
        names = left.named_children if left is not None and left.type == "expression_list" else [left] if left is not None else []
        if names and src.text(names[0]) == name:
            right = st.child_by_field_name("right")
            vals = right.named_children if right is not None and right.type == "expression_list" else [right]
            made = goast.unparen(vals[0]) if len(vals) == 1 and vals[0] is not None else None
    return made


def _returns_resource(decl: Node, src: SourceFile, pkg: str, tname: str) -> bool:
    res = decl.child_by_field_name("result")
    local = src.import_name(pkg)
    if res is None or res.type != "parameter_list" or local is None:
        return False
    types = [p.child_by_field_name("type") for p in res.named_children if p.type == "parameter_declaration"]
    if len(types) != 2 or any(t is None for t in types) or any(len(p.children_by_field_name("name")) > 1 for p in res.named_children):
        return False
    return src.text(types[0]).replace(" ", "") == f"*{local}.{tname}" and src.text(types[1]) == "error"


def _returns_field(decl: Node) -> bool:
    for r in goast.of_type(decl, "return_statement", skip_func_literals=True):
        vals = r.named_children[0].named_children if r.named_children and r.named_children[0].type == "expression_list" else r.named_children
        if vals and goast.unparen(vals[0]).type in ("selector_expression", "index_expression"):
            return True
    return False


def _own_creator_call(view: PackageView, src: SourceFile, call: Node, own: dict) -> bool:
    """Does `call` call one of the package's own resource constructors?"""
    f = call.child_by_field_name("function")
    if f is None or not own:
        return False
    if f.type == "identifier":
        return any(recv is None for recv, _ in own.get(src.text(f), ()))
    if f.type != "selector_expression":
        return False
    field = f.child_by_field_name("field")
    cands = own.get(src.text(field), ()) if field is not None else ()
    if not cands:
        return False
    operand = f.child_by_field_name("operand")
    tname = concurrency(view).type_of_operand(operand, src) if operand is not None else None
    if tname is None and operand is not None:
        t = type_text(view, operand, src)
        tname = t.lstrip("*") if t is not None else None
    return tname is not None and any(recv == tname for recv, _ in cands)


def creates(view, src, call, kind) -> bool:
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
        # (a HEAD response's body is http.NoBody: the transport takes the connection back at
        # once, and there is nothing to close)
        if src.text(o) == http:
            return m in ("Get", "Post", "PostForm")
        if m not in ("Do", "Get", "Post", "PostForm"):
            return False
        if m == "Do" and _head_request(view, src, call, http):
            return False
        if src.text(o) == f"{http}.DefaultClient":
            return True
        t = type_text(view, o, src)
        return t is not None and t.lstrip("*") == f"{http}.Client"
    if kind == "file":
        os_ = src.import_name("os")
        return os_ is not None and src.text(o) == os_ and m in ("Open", "Create", "OpenFile")
    return False


def _wrapped_and_kept(view, src: SourceFile, fn: Node, uses: list[Node], closer: str) -> bool:
    """`l := log.New(f, "", 0)` with `l` handed on (`SetErrorLog(l)`), stored or returned: the
    wrapper keeps the resource, and whoever keeps the wrapper owns it."""
    for u in uses:
        p = u.parent
        call = p.parent if p is not None and p.type == "argument_list" else None
        holder = call.parent if call is not None and call.type == "call_expression" else None
        if holder is not None and holder.type == "expression_list":
            holder = holder.parent
        left = holder.child_by_field_name("left") if holder is not None and holder.type == "short_var_declaration" else None
        names = left.named_children if left is not None and left.type == "expression_list" else [left] if left is not None else []
        if len(names) != 1 or names[0].type != "identifier":
            continue
        if _classify(src, uses_of(view, src, fn, names[0]), closer)[1]:
            return True
    return False


def _head_request(view, src: SourceFile, call: Node, http: str) -> bool:
    """`client.Do(req)` of a `req` made by `http.NewRequest("HEAD", …)`."""
    args = goast.call_args(call)
    if len(args) == 1 and args[0].type == "call_expression" and len(goast.call_args(args[0])) == 1:
        f = args[0].child_by_field_name("function")
        if f is not None and f.type == "parenthesized_expression":
            args = goast.call_args(args[0])  # `(*http.Request)(req)`: a conversion
    if len(args) != 1 or args[0].type != "identifier":
        return False
    d = resolve(args[0], src, view)
    made = d.value
    if made is None and d.ident is not None and d.ident.parent is not None:
        st = d.ident.parent.parent if d.ident.parent.type == "expression_list" else d.ident.parent
        right = st.child_by_field_name("right") if st is not None and st.type == "short_var_declaration" else None
        values = right.named_children if right is not None and right.type == "expression_list" else [right]
        made = values[0] if len(values) == 1 else None  # `req, err := http.NewRequest(...)`
    f = made.child_by_field_name("function") if made is not None and made.type == "call_expression" else None
    # (a package's own request builder of the same name and arguments counts too)
    if f is None or src.text(f).rsplit(".", 1)[-1] not in ("NewRequest", "NewRequestWithContext"):
        return False
    margs = goast.call_args(made)
    method = margs[1 if src.text(f).endswith("Context") else 0] if len(margs) >= 2 else None
    return method is not None and src.text(method) in ('"HEAD"', f"{http}.MethodHead")


def uses_of(view, src, fn, ident) -> list[Node]:
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
            elif text.endswith(".Fd") and _locked_by(p, src):
                escapes = True  # held open for its lock: closing the file would release it
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
            f = p.parent.child_by_field_name("function") if p.parent is not None else None
            if chain == u and f is not None and _kept_by_process(src, f, p.parent):
                escapes = True  # `log.SetOutput(f)`, `pprof.StartCPUProfile(f)`: kept for the run
            continue
        if chain != u and not (closer.count(".") > 1 and text.endswith(closer.rsplit(".", 1)[0])):
            continue  # x.Field read (but `x.Body` itself stored or returned hands the body on)
        if p is not None and p.type in (
            "return_statement",
            "expression_list",
            "keyed_element",
            "literal_value",
            "literal_element",
            "send_statement",
            "assignment_statement",
            "short_var_declaration",
            "var_spec",
        ):
            escapes = True
        if any(a.type == "go_statement" for a in goast.ancestors(u)):
            escapes = True
    return closes, escapes


def _locked_by(fd_call: Node, src: SourceFile) -> bool:
    """`f.Fd()` is handed to an advisory lock call (`unix.Flock(int(f.Fd()), …)`)."""
    for a in goast.ancestors(fd_call):
        if a.type in goast.FUNC_TYPES or a.type == "statement_list":
            return False
        if a.type == "call_expression" and a != fd_call:
            name = src.text(a.child_by_field_name("function")).rsplit(".", 1)[-1]
            if name in ("Flock", "FcntlFlock", "LockFileEx"):
                return True
    return False


def _kept_by_process(src: SourceFile, f: Node, call: Node) -> bool:
    """A call that keeps the writer it is given for the rest of the run: a logger's output, the
    CPU profile or the execution trace (written until Stop, often just before the process ends).
    A profile or trace that fails to start keeps nothing: unless the failure ends the process
    (`log.Fatal`, `panic`), the file is left to whoever opened it."""
    text = src.text(f).replace(" ", "")
    if text.endswith(".SetOutput"):
        return True
    pprof, trace = src.import_name("runtime/pprof"), src.import_name("runtime/trace")
    if not ((pprof is not None and text == f"{pprof}.StartCPUProfile") or (trace is not None and text == f"{trace}.Start")):
        return False
    st = goast.statement_of(call)
    check = st if st is not None and st.type == "if_statement" else _next_statement(st) if st is not None else None
    body = check.child_by_field_name("consequence") if check is not None and check.type == "if_statement" else None
    return body is not None and any(
        src.text(c.child_by_field_name("function")).rsplit(".", 1)[-1].startswith(("Fatal", "Panic", "Exit"))
        or src.text(c.child_by_field_name("function")) == "panic"
        for c in goast.of_type(body, "call_expression")
    )


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
_STDLIB = frozenset(
    """archive bufio bytes cmp compress container context crypto database debug embed encoding
errors expvar flag fmt go hash html image index io iter log maps math mime net os path plugin reflect regexp
runtime slices sort strconv strings structs sync syscall testing text time unicode unique unsafe weak""".split()
)


def _third_party(path: str | None) -> bool:
    return path is not None and path.split("/", 1)[0] not in _STDLIB


def _err_check_after(st: Node) -> Node | None:
    """The `if err != nil { ... }` statement right after `st`, if any: the last of the checks of
    the error that follow it and leave (`if os.IsExist(err) { return }` then `if err != nil {
    return err }`): on each, the acquisition failed and there is nothing to release."""
    found = None
    nxt = _past_bookkeeping(st)
    while nxt is not None:
        cond = nxt.child_by_field_name("condition")
        init = nxt.child_by_field_name("initializer") if nxt.type == "if_statement" else None
        if nxt.type != "if_statement" or not (_asserts_error(init, cond) if init is not None else _tests_error(cond)):
            break
        if not _terminates(nxt.child_by_field_name("consequence")):
            break
        found = nxt
        if b"nil" in cond.text:
            break  # past `err != nil`, the error is nil: what follows is about something else
        nxt = _next_statement(nxt)
    return found


def _asserts_error(init: Node, cond: Node | None) -> bool:
    """`if pe, ok := err.(*os.PathError); ok`: only a non-nil error has a dynamic type."""
    if init.type != "short_var_declaration" or cond is None:
        return False
    left, right = init.child_by_field_name("left"), init.child_by_field_name("right")
    names = left.named_children if left is not None else []
    values = right.named_children if right is not None and right.type == "expression_list" else []
    if len(names) != 2 or len(values) != 1 or values[0].type != "type_assertion_expression":
        return False
    operand = values[0].child_by_field_name("operand")
    return operand is not None and b"err" in operand.text and cond.text == names[1].text


_BOOKKEEPING = frozenset({"expression_statement", "short_var_declaration", "assignment_statement"})


def _past_bookkeeping(st: Node) -> Node | None:
    """The statement after `st`, past calls and assignments that use none of what it assigned
    (`m.duration.Update(start)` or `t1 := time.Now()` between `resp, err := c.Do(req)` and `if
    err != nil`)."""
    names = {n.text for n in _lhs_of(st) if n.type == "identifier"} - {b"_"}
    nxt = _next_statement(st)
    while nxt is not None and nxt.type in _BOOKKEEPING and not any(n.text in names for n in goast.of_type(nxt, "identifier")):
        nxt = _next_statement(nxt)
    return nxt


def _next_statement(st: Node) -> Node | None:
    nxt = st.next_named_sibling
    while nxt is not None and nxt.type == "comment":
        nxt = nxt.next_named_sibling
    return nxt


_ERROR_TESTS = (b"os.IsExist(", b"os.IsNotExist(", b"os.IsPermission(", b"os.IsTimeout(", b"errors.Is(", b"errors.As(")


def _tests_error(cond: Node | None) -> bool:
    """`err != nil`, or a question only a non-nil error answers yes (`os.IsNotExist(err)`)."""
    if cond is None or b"err" not in cond.text:
        return False
    return b"nil" in cond.text or cond.text.startswith(_ERROR_TESTS)


# calls that end the process (or the goroutine, for panic, unless recovered)
_PROCESS_EXITS = (b"panic(", b"log.Fatal", b"log.Panic", b"os.Exit")


def _terminates(block: Node | None) -> bool:
    sts = goast.statements(block)
    return (
        bool(sts)
        and sts[-1].type in ("return_statement", "continue_statement", "break_statement", "goto_statement")
        or bool(sts)
        and sts[-1].type == "expression_statement"
        and sts[-1].text.startswith((*_PROCESS_EXITS, b"t.Fatal"))
    )


def _on_error(e: Node, st: Node, src: SourceFile) -> bool:
    """`e` leaves inside a branch taken on the acquisition's error (`if e, ok := err.(*Error);
    ok {`, `if errors.Is(err, …)`, or on a value worked out from the error: `cerr :=
    canonical(err); if cerr != nil {`), or on the resource being nil (`if resp == nil`): the
    acquisition failed, and there is nothing to close."""
    left = _lhs_of(st)
    if len(left) < 2 or left[-1].type != "identifier" or left[-1].text == b"_":
        return False
    names = {left[-1].text}
    fn = goast.enclosing_func(st)
    # the names holding the acquisition's error when `e` runs: given a value worked out from
    # it, they join; given anything else (`err = rows.Scan(…)`, `err := …` in a block), they
    # hold another error from there on
    for nxt in goast.of_type(fn, "short_var_declaration", "assignment_statement") if fn is not None else ():
        if nxt.start_byte <= st.start_byte or nxt.start_byte >= e.start_byte:
            continue
        right = nxt.child_by_field_name("right")
        assigned = {n.text for n in _lhs_of(nxt) if n.type == "identifier"}
        if right is not None and any(n.text in names for n in goast.of_type(right, "identifier")):
            names |= assigned
        else:
            names -= assigned
    for a in goast.ancestors(e):
        if a == st.parent:
            break
        if a.type != "if_statement" or not goast.inside(e, a.child_by_field_name("consequence") or a):
            continue
        test = [a.child_by_field_name("condition"), a.child_by_field_name("initializer")]
        text = b" ".join(t.text for t in test if t is not None).replace(b" ", b"")
        held = left[0].text
        if held + b"==nil" in text or held + b".Body==nil" in text:
            return True  # nothing was handed out to close
        if b"==nil" in text:
            continue
        if any(n.text in names for t in test if t is not None for n in goast.of_type(t, "identifier")):
            return True
    return False


def _deferred_in_loop(view: PackageView, kind: str, closer: str) -> list[tuple]:
    """(src, acquisition statement, call, name, the defer, the loop): a resource acquired on each
    pass of a loop and released by a `defer` in that same pass, when the loop does not leave
    right after (a retry loop that keeps the one value it got)."""
    out = []
    for src, fn, st, call, ident in _acquisitions(view, kind):
        loop = next((a for a in goast.ancestors_below(st, fn) if a.type == "for_statement"), None)
        if loop is None or any(a.type == "func_literal" for a in goast.ancestors_below(st, loop)):
            continue
        if _few_passes(loop, fn):
            continue
        body = loop.child_by_field_name("body")
        name = src.text(ident)
        for d in goast.of_type(body, "defer_statement"):
            if d.start_byte < st.end_byte or goast.enclosing_func(d) != goast.enclosing_func(st):
                continue
            if next((a for a in goast.ancestors_below(d, fn) if a.type == "for_statement"), None) != loop:
                continue
            if not _releases(d, name, closer, src):
                continue
            if _leaves_after(d, loop) or _collected(body, name, src):
                continue  # the loop ends with this pass, or keeps every pass's value for later
            if kind == "resp" and _drains(src, [u for u in uses_of(view, src, fn, ident) if goast.inside(u, body)], st):
                continue  # read to the end before the next pass: the connection is back already
            out.append((src, st, call, name, d, loop))
            break
    return out


# A loop over a literal of this many values or fewer holds that many resources at most: what its
# defers keep open until the function returns does not build up.
_FEW = 4


def _few_passes(loop: Node, fn: Node) -> bool:
    """`for _, augmented := range []bool{false, true}`, the only loop around it in `fn`."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    right = goast.unparen(clause.child_by_field_name("right")) if clause is not None else None
    if right is None or right.type != "composite_literal":
        return False
    values = right.child_by_field_name("body")
    if values is None or len([v for v in values.named_children if v.type != "comment"]) > _FEW:
        return False
    return not any(a.type == "for_statement" for a in goast.ancestors_below(loop, fn))


def _collected(body: Node, name: str, src: SourceFile) -> bool:
    """The loop keeps every pass's value (`readers = append(readers, f)`, `files[i] = f`): they
    are held together on purpose, for what runs after the loop."""
    for n in goast.of_type(body, "identifier"):
        if src.text(n) != name or n.parent is None:
            continue
        p = n.parent
        if p.type == "argument_list" and p.parent is not None and src.text(p.parent.child_by_field_name("function")) == "append":
            return True
        if p.type in ("literal_element", "keyed_element"):
            return True
        if p.type == "expression_list" and p.parent is not None and p.parent.type == "assignment_statement":
            left = p.parent.child_by_field_name("left")
            if p == p.parent.child_by_field_name("right") and left is not None and any(x.type != "identifier" for x in left.named_children):
                return True  # `files[i] = f`, `*v.field = f`, `opts.File = f`
    return False


def _leaves_after(d: Node, loop: Node) -> bool:
    """A `return` (or a `break` of the loop itself) follows `d` in its own block: the pass that
    defers is the loop's last."""
    body = loop.child_by_field_name("body")
    cur = d
    while cur is not None and cur != body:
        lst = cur.parent
        if lst is not None and lst.type == "statement_list":
            in_case = any(a.type in ("expression_case", "default_case", "communication_case", "type_case") for a in goast.ancestors_below(cur, loop))
            for x in lst.named_children:
                if x.start_byte <= cur.start_byte:
                    continue
                if x.type == "return_statement" or x.type == "break_statement" and not in_case and not x.named_children:
                    return True
        cur = lst
    return False


def _releases(d: Node, name: str, closer: str, src: SourceFile) -> bool:
    """`defer x.Close()`, `defer func() { x.Close() }()` or `defer func(f *os.File) { f.Close()
    }(x)`."""
    call = next((c for c in d.named_children if c.type == "call_expression"), None)
    if call is None:
        return False
    text = src.text(call).replace(" ", "")
    if text == f"{name}.{closer}()":
        return True
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "func_literal" or f".{closer}()" not in text:
        return False
    args = [src.text(a) for a in goast.call_args(call)]
    inner = src.text(fn.child_by_field_name("body") or fn)
    return name in args or re.search(rf"(?<![\w.]){re.escape(name)}\.{closer}\(\)", inner) is not None


def _late_defer(src, fn, st, call, name, exits, late: Node, res) -> Diagnostic:
    """A `defer x.Close()` that comes after a way out: the patch moves it up to right after the
    acquisition's error check, where every later way out passes it."""
    fixes = []
    chk = _err_check_after(st)
    if chk is not None and st.parent is not None and st.parent.type == "statement_list" and late.parent == st.parent:
        indent = src.indent_at(st.start_byte)
        fixes.append(
            Fix(
                "Defer the close right after the error check",
                (TextEdit(src.path, chk.end_byte, chk.end_byte, f"\n{indent}{src.text(late)}"), delete_stmt(src, late)),
            )
        )
    return Diagnostic(
        src.span(late),
        f"`{src.text(late)}` comes too late: the function returns at line {line_of(src, exits[0])}{res.returns}, "
        f"before it, and that way out leaves `{name}` open: {res.consequence}",
        [Related(src.span(call), res.acquired)] + [Related(src.span(e), res.leaves) for e in exits],
        fixes,
        anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|{res.slug}|late|{name}",
    )


def _defer_close_fix(src, st, name, closer) -> Fix | None:
    chk = _err_check_after(st)
    if chk is None:
        return None
    if st.parent is None or st.parent.type != "statement_list":
        return None
    indent = src.indent_at(st.start_byte)
    return Fix("Close it when the function returns", (TextEdit(src.path, chk.end_byte, chk.end_byte, f"\n{indent}defer {name}.{closer}()"),))


def _not_released(view: PackageView, kind: str, closer: str):
    out = []
    for src, fn, st, call, ident in _acquisitions(view, kind):
        uses = uses_of(view, src, fn, ident)
        closes, escapes = _classify(src, uses, "." + closer)
        if escapes or _wrapped_and_kept(view, src, fn, uses, "." + closer):
            continue
        drains = _drains(src, uses, st) if kind == "resp" else []
        name = src.text(ident)
        chk = _err_check_after(st)
        start = chk.end_byte if chk is not None else st.end_byte
        deferred = [c for c in closes if c.parent is not None and c.parent.type == "defer_statement" or in_deferred_literal(c)]
        if deferred:
            # the defer closes on every way out after it, none before it: a return between the
            # acquisition and the defer leaves the resource open
            first = min(deferred, key=lambda c: c.start_byte)
            at = next((a for a in goast.ancestors(first) if a.type == "defer_statement"), first)
            if goast.enclosing_func(at) != fn or at.parent is None or at.parent.type != "statement_list":
                continue
            early = [e for e in _exits_before(src, fn, st, start, at.start_byte, closes, name, kind) if not _on_error(e, st, src)]
            if early:
                out.append((src, fn, st, call, ident, name, early, closes, at))
            continue
        straight = closes + [c for c, on_path in drains if on_path]
        closes = closes + [c for c, _ in drains]
        if not closes:
            if kind == "file" and not _long_lived(src):
                continue  # a never-closed file in a command or a test: a one-shot run that exits right after
            out.append((src, fn, st, call, ident, name, [], None, None))
            continue
        # read to its end only in branches: every way out must have passed one
        last = max(c.start_byte for c in straight) if straight else fn.end_byte
        exits = _exits_before(src, fn, st, start, last, closes, name, kind)
        if not straight and (end := runs_off_end(fn, closes, src)) is not None:
            exits.append(end)
        if exits:
            out.append((src, fn, st, call, ident, name, exits, closes, None))
    return out


def _exits_before(src: SourceFile, fn: Node, st: Node, start: int, end: int, closes: list[Node], name: str, kind: str) -> list[Node]:
    """The ways out of `fn` between `start` and `end` that no close has come before, that do not
    hand the resource back, and that do not leave because the acquisition itself failed."""
    failed = _failure_branch(st)
    return [
        e
        for e in exits_between(fn, src, start, end, panics=False)
        if not dominated(e, closes, fn)
        and not _returns_ident(e, src, name)
        and not (kind == "resp" and _after_failed_body_read(e, src, name))
        and not (failed is not None and goast.inside(e, failed))
    ]


_DRAINS = ("io.ReadAll", "ioutil.ReadAll")
_LIMITS = ("io.LimitReader",)
_DISCARDS = ("io.Discard", "ioutil.Discard")


def _drains(src: SourceFile, uses: list[Node], st: Node) -> list[tuple[Node, bool]]:
    """The calls that read `resp.Body` to its end (`io.ReadAll(resp.Body)`, `io.Copy(io.Discard,
    resp.Body)`), each with whether it stands in the statements that follow the request `st`
    itself rather than in a branch: at EOF, or at a read error, the transport takes the
    connection back (to its idle pool, or closes it), so nothing is held past them even without
    a Close."""
    out = []
    for u in uses:
        sel = u.parent
        if sel is None or sel.type != "selector_expression" or src.text(sel).replace(" ", "") != src.text(u) + ".Body":
            continue
        args = sel.parent
        call = args.parent if args is not None and args.type == "argument_list" else None
        f = call.child_by_field_name("function") if call is not None else None
        name = src.text(f) if f is not None else ""
        items = args.named_children if args is not None else []
        if name in _LIMITS and items and items[0] == sel and call.parent is not None and call.parent.type == "argument_list":
            # `io.ReadAll(io.LimitReader(resp.Body, 1<<20))`: read to its end unless the reply
            # outgrows the bound set for it
            sel, args = call, call.parent
            call = args.parent
            f = call.child_by_field_name("function")
            name = src.text(f) if f is not None else ""
            items = args.named_children
        drains = name in _DRAINS and items and items[0] == sel
        drains = drains or name == "io.Copy" and len(items) == 2 and items[1] == sel and src.text(items[0]) in _DISCARDS
        if drains:
            at = goast.statement_of(call)
            out.append((call, at is not None and at.parent == st.parent))
    return out


def _failure_branch(st: Node) -> Node | None:
    """The body of the `if err != nil { … }` right after the acquisition, whether or not it
    leaves on every path (`if err != nil { if errors.As(err, &e) { return … } }`): what returns
    from there returns because the acquisition failed, and holds nothing to release. Also the
    `if` whose own statement acquires (`if f, err := os.Open(p); err != nil { … } else { … }`)."""
    own = st.parent
    if own is not None and own.type == "if_statement" and own.child_by_field_name("initializer") == st:
        cond = own.child_by_field_name("condition")
        if cond is not None and _tests_error(cond) and b"!=" in cond.text:
            return own.child_by_field_name("consequence")
        return None
    nxt = _past_bookkeeping(st)
    if nxt is None or nxt.type != "if_statement" or nxt.child_by_field_name("initializer") is not None:
        return None
    cond = nxt.child_by_field_name("condition")
    failed = cond is not None and _tests_error(cond) and (b"!=" in cond.text or cond.text.startswith(_ERROR_TESTS))
    return nxt.child_by_field_name("consequence") if failed else None


def _after_failed_body_read(e: Node, src: SourceFile, name: str) -> bool:
    """The exit leaves because `io.ReadAll(resp.Body)` just failed: a body whose read fails has
    had its connection torn down by the transport already, so nothing is left to leak."""
    st = next((a for a in goast.ancestors(e) if a.type == "if_statement"), None)
    if st is None:
        return False
    cond = st.child_by_field_name("condition")
    if cond is None or "err" not in src.text(cond):
        return False
    before = [st.child_by_field_name("initializer"), st.prev_named_sibling]
    want = f"ReadAll({name}.Body)"
    return any(b is not None and b.type != "comment" and want in src.text(b).replace(" ", "") for b in before)


def _long_lived(src: SourceFile) -> bool:
    """Library code (not a command's `package main`, a test, test support or a tool directory):
    it runs inside long-lived processes, where every leaked descriptor adds up."""
    if src.package == "main" or src.test_code:
        return False
    # the package's own directory and the two above it: `cmd/<tool>/internal`, `test/e2e`
    parts = src.path.replace("\\", "/").split("/")[-4:-1]
    return not any(
        p in ("cmd", "tools", "tool", "test", "tests", "testing", "testutil", "integration", "examples", "example", "hack", "scripts") for p in parts
    )


def _returns_ident(e, src, name) -> bool:
    """`return f, nil`: the value itself is returned (not just a field of it)."""
    for c in e.named_children:
        vals = c.named_children if c.type == "expression_list" else [c]
        if any(v.type == "identifier" and src.text(v) == name for v in vals):
            return True
    return False


# `d.file, err = …` by text, a superset read far faster than the calls of every file
# (read once per package: each kind of resource asks)
_FIELD_PAIR_ASSIGN = re.compile(rb"\.\s*\w+\s*,\s*[^=\n]*=")


def _field_acquisitions(view: PackageView, kind: str, own: dict):
    """`d.file, err = os.OpenFile(...)`: a resource stored straight into a field of a struct
    the function builds (a local `d`), as (src, fn, statement, call, the selector `d.file`)."""
    files = view.__dict__.get("_goleash_field_pair_files")
    if files is None:
        files = view.__dict__["_goleash_field_pair_files"] = [f for f in view.non_test_files if _FIELD_PAIR_ASSIGN.search(f.data)]
    for src in files:
        mine = [n for n in own if n.encode() + b"(" in src.data]
        if not mine and src.import_name(_RESOURCE_TYPE[kind][0]) is None:
            continue  # only the resource's own package (or the package's own helpers) creates one
        calls = calls_named(src, *_CREATORS[kind], *mine)
        for st in assigning_statements(calls):
            if st.type != "assignment_statement":
                continue
            names = _lhs_of(st)
            right = st.child_by_field_name("right")
            vals = right.named_children if right is not None and right.type == "expression_list" else [right]
            if len(names) != 2 or len(vals) != 1 or vals[0] is None or vals[0].type != "call_expression":
                continue
            sel = names[0]
            if sel.type != "selector_expression":
                continue
            holder = sel.child_by_field_name("operand")
            if holder is None or holder.type != "identifier":
                continue
            if not (creates(view, src, vals[0], kind) or _own_creator_call(view, src, vals[0], own)):
                continue
            fn = goast.enclosing_func(st)
            d = resolve(holder, src, view)
            if fn is None or d.kind != "local" or d.ident is None or not goast.inside(d.ident, fn):
                continue
            yield src, fn, st, vals[0], sel


def _lhs_of(st: Node) -> list[Node]:
    left = st.child_by_field_name("left")
    if left is None:
        return []
    return list(left.named_children) if left.type == "expression_list" else [left]


_CARRIERS = (
    "expression_list",
    "keyed_element",
    "literal_element",
    "literal_value",
    "composite_literal",
    "unary_expression",
    "parenthesized_expression",
)


def _in_return(n: Node, fn: Node) -> Node | None:
    """The return statement that hands `n` itself to the caller (`return f, nil`,
    `return &T{f: f}, nil`), not one that only reads it (`return f.Name()`)."""
    for a in goast.ancestors(n):
        if a.type == "return_statement":
            return a
        if a.type not in _CARRIERS:
            return None
    return None


def error_path(e: Node, fn: Node, src: SourceFile) -> bool:
    """Is the return inside `if ...err... { }`, the branch of a failed call?"""
    for a in goast.ancestors(e):
        if a == fn:
            return False
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            cons = a.child_by_field_name("consequence")
            return cond is not None and cons is not None and goast.inside(e, cons) and "err" in src.text(cond).lower() and "nil" in src.text(cond)
    return False


def _dropped_on_error(view: PackageView, kind: str, closer: str):
    """A resource the function hands on when it succeeds (returns it, or returns the struct it
    stored it in) but drops on an error return after the acquisition: nobody closes it then.
    (src, fn, acquiring call, name of the resource, the exits that drop it, the success return.)"""
    own = _own_creators(view, kind)
    found = []
    for src, fn, st, call, ident in _acquisitions(view, kind):
        found.append((src, fn, st, call, ident, ident, src.text(ident)))
    for src, fn, st, call, sel in _field_acquisitions(view, kind, own):
        holder = resolve(sel.child_by_field_name("operand"), src, view).ident
        found.append((src, fn, st, call, holder, sel, src.text(sel)))
    out = []
    for src, fn, st, call, var, res_expr, name in found:
        uses = [u for u in uses_of(view, src, fn, var) if u.start_byte >= st.start_byte]
        in_ret = [u for u in uses if _in_return(u, fn) is not None]
        if not in_ret:
            continue
        if any(in_deferred_literal(u) or any(a.type == "defer_statement" for a in goast.ancestors(u)) for u in uses):
            continue  # a deferred cleanup decides on the error
        if var is res_expr:
            closes, escapes = _classify(src, [u for u in uses if u not in in_ret], "." + closer)
        else:
            # the holder may only have fields read or written, never be handed on or have a method run
            # (which may release what it holds); the resource field itself may be used
            closes, escapes = [], False
            field = src.text(res_expr.child_by_field_name("field"))
            for u in uses:
                if u in in_ret:
                    continue
                p = u.parent
                if p is None or p.type != "selector_expression" or p.child_by_field_name("operand") != u:
                    escapes = True
                    break
                q = p.parent
                if q is not None and q.type == "call_expression" and q.child_by_field_name("function") == p:
                    escapes = True  # d.m(): a method of the holder
                    break
                if src.text(p.child_by_field_name("field")) != field:
                    continue
                c, e = _field_uses(src, p, closer)
                closes += c
                escapes = escapes or e
        if escapes:
            continue
        chk = _err_check_after(st)
        if chk is None:
            continue  # the acquisition's own error is checked later: a return there drops nothing
        start = chk.end_byte
        success = [_in_return(u, fn) for u in in_ret if u.start_byte > start]
        if not success:
            continue
        last = max(r.start_byte for r in success)
        var_name = src.text(var)
        exits = [
            e
            for e in exits_between(fn, src, start, last, panics=False)
            if e not in success
            and error_path(e, fn, src)
            and not _on_error(e, st, src)
            and not dominated(e, closes, fn)
            and not any(src.text(i) == var_name for i in goast.of_type(e, "identifier"))
        ]
        if exits and not callers_die_on_error(view, fn, src):
            out.append((src, fn, st, call, res_expr, name, exits, success[-1]))
    return out


def callers_die_on_error(view: PackageView, fn: Node, src: SourceFile) -> bool:
    """Every caller of the (unexported) function ends the process when it returns an error
    (`if err != nil { panic(err) }`, `log.Fatal`, `os.Exit`): what an error path drops is
    released by the process's exit, once."""
    if fn.type == "func_literal" or goast.func_name(fn, src)[:1].isupper():
        return False
    seen = False
    for call, csrc in concurrency(view).caller_sites(fn, src, tests=False):
        st = goast.statement_of(call)
        check = st if st is not None and st.type == "if_statement" else _next_statement(st) if st is not None else None
        cond = check.child_by_field_name("condition") if check is not None and check.type == "if_statement" else None
        if cond is None or not _tests_error(cond) or not _dies(check.child_by_field_name("consequence")):
            return False
        seen = True
    return seen


def _dies(block: Node | None) -> bool:
    """The block ends the process: `log.Fatalf(…)` as one of its statements (what follows it,
    a `return err` kept for the compiler, never runs)."""
    return any(st.type == "expression_statement" and st.text.startswith(_PROCESS_EXITS) for st in goast.statements(block))


def _field_uses(src: SourceFile, sel: Node, closer: str) -> tuple[list[Node], bool]:
    """The closes of `d.file` (`d.file.Close()`), and whether it is handed on otherwise."""
    p = sel.parent
    chain = sel
    while p is not None and p.type == "selector_expression" and p.child_by_field_name("operand") == chain:
        chain = p
        p = p.parent
    if p is not None and p.type == "call_expression" and p.child_by_field_name("function") == chain:
        return ([p] if src.text(chain).replace(" ", "").endswith("." + closer) else []), False
    if chain != sel:
        return [], False  # d.file.Name read
    if p is not None and p.type in (
        "argument_list",
        "return_statement",
        "expression_list",
        "keyed_element",
        "literal_element",
        "send_statement",
        "short_var_declaration",
        "var_spec",
    ):
        left = p.parent.child_by_field_name("left") if p.type == "expression_list" and p.parent is not None else None
        if left is not None and left == p:
            return [], False  # d.file, err = ...: written, not handed on
        return [], True
    if p is not None and p.type == "assignment_statement" and p.child_by_field_name("left") != sel:
        return [], True
    return [], False


@dataclass(frozen=True)
class Resource:
    kind: str  # what _not_released tracks
    release: str  # the method that releases it, called on the variable
    returns: str  # "returns at line N{returns} before ..."
    never: str  # when there is no release at all
    consequence: str
    acquired: str  # evidence label of the acquiring call
    leaves: str  # evidence label of each exit that skips the release
    slug: str


def _rebound_after_defer(view: PackageView, kind: str, closer: str):
    """`defer rows.Close()` and then `rows, err = db.Query(...)`: a deferred call evaluates its
    receiver when the defer runs, so it closes the first value; the one assigned later is closed
    by nothing. (src, fn, defer statement, reassignment, the call, name) for each such
    reassignment, when nothing closes, returns or hands on the new value after it."""
    out = []
    suffix = "." + closer + "()"
    for src in view.non_test_files:
        if not src.mentions(suffix.encode()) or not src.mentions(b"defer"):
            continue
        for d in token_owners(src, *DEFERS):
            call = d.named_children[0] if d.named_children else None
            text = src.text(call).replace(" ", "") if call is not None else ""
            if call is None or call.type != "call_expression" or not text.endswith(suffix):
                continue
            base = text[: -len(suffix)]
            if not base.isidentifier():
                continue
            fn = goast.enclosing_func(d)
            x = goast.of_type(call, "identifier")
            decl = resolve(x[0], src, view).ident if x else None
            if fn is None or decl is None:
                continue
            for st in goast.of_type(goast.func_body(fn) or fn, "assignment_statement", skip_func_literals=True):
                if st.start_byte < d.end_byte or src.text(st.child_by_field_name("operator") or st)[:1] != "=":
                    continue
                left = _lhs_of(st)
                right = st.child_by_field_name("right")
                rights = right.named_children if right is not None and right.type == "expression_list" else [right]
                target = next((n for n in left if n.type == "identifier" and src.text(n) == base and resolve(n, src, view).ident == decl), None)
                if target is None or len(rights) != 1 or rights[0] is None or rights[0].type != "call_expression":
                    continue
                made = rights[0]
                f = made.child_by_field_name("function")
                name = src.text(f.child_by_field_name("field") if f is not None and f.type == "selector_expression" else f) if f is not None else ""
                if name not in _CREATORS[kind] and not creates(view, src, made, kind):
                    continue
                uses = uses_of(view, src, fn, decl)
                # a function the earlier value, closed by the defer, was handed to does not keep it
                readers = {_callee_of_arg(u, src) for u in uses if u.start_byte < st.start_byte} - {None}
                later = []
                for u in uses:
                    if u.start_byte <= st.end_byte or _callee_of_arg(u, src) in readers:
                        continue
                    a = u.parent.parent if u.parent is not None and u.parent.type == "expression_list" else None
                    if a is not None and a.type == "assignment_statement" and goast.inside(u, a.child_by_field_name("left")):
                        break  # given another value: this one is dropped there
                    later.append(u)
                closes, escapes = _classify(src, later, "." + closer)
                if closes or escapes:
                    continue
                out.append((src, fn, d, st, made, base))
    return out


def _callee_of_arg(u: Node, src: SourceFile) -> str | None:
    """The callee's text when `u` is an argument of a call (`db.ScanFirstValue(rows, &v)`)."""
    p = u.parent
    if p is None or p.type != "argument_list" or p.parent is None or p.parent.type != "call_expression":
        return None
    f = p.parent.child_by_field_name("function")
    return src.text(f) if f is not None else None


def unreleased(res: Resource):
    def run(view: PackageView):
        out = []
        for src, fn, d, st, made, name in _rebound_after_defer(view, res.kind, res.release):
            out.append(
                Diagnostic(
                    src.span(st),
                    f"`{name}` is given a new value here, but the deferred `{src.text(d.named_children[0])}` (line "
                    f"{line_of(src, d)}) closes the value `{name}` held when the defer ran: a deferred call evaluates its "
                    f"receiver at once. Nothing closes this one: {res.consequence}",
                    [Related(src.span(d), "this defer closes the earlier value only"), Related(src.span(made), res.acquired)],
                    [],
                    anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|{res.slug}|rebound|{name}|{src.text(made)[:60]}",
                )
            )
        for src, st, call, name, d, loop in _deferred_in_loop(view, res.kind, res.release):
            out.append(
                Diagnostic(
                    src.span(d),
                    f"This `defer` releases `{name}` only when the function returns, not at the end of the loop's "
                    f"iteration: what every pass opens stays open until then, all at once. A loop over many items "
                    f'runs out of descriptors or connections ("too many open files") long before it ends. Release '
                    f"it at the end of the pass, or move the pass into a function of its own that defers the release.",
                    [Related(src.span(call), res.acquired), Related(src.span(loop), "the loop that opens one per iteration")],
                    [],
                    anchor=f"{func_label(goast.enclosing_decl(st) or st, src)}|{res.slug}|loop-defer|{name}",
                )
            )
        for src, fn, st, call, ident, name, exits, closes, late in _not_released(view, res.kind, res.release):
            if late is not None:
                out.append(_late_defer(src, fn, st, call, name, exits, late, res))
                continue
            fix = _defer_close_fix(src, st, name, res.release)
            verb = "reaches its end" if exits and exits[0].type == "}" else "returns"
            where = f"{verb} at line {line_of(src, exits[0])}{res.returns} before `{name}.{res.release}()`" if exits else res.never.format(name=name)
            out.append(
                Diagnostic(
                    src.span(ident),
                    f"This function {where}: {res.consequence}",
                    [Related(src.span(call), res.acquired)] + [Related(src.span(e), res.leaves) for e in exits],
                    [fix] if fix else [],
                    anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|{res.slug}|{name}",
                )
            )
        for src, fn, st, call, expr, name, exits, success in _dropped_on_error(view, res.kind, res.release):
            e = exits[0]
            fixes = []
            if (
                e.parent is not None
                and e.parent.type == "statement_list"
                and src.line_start(e.start_byte) + len(src.indent_at(e.start_byte).encode()) == e.start_byte
            ):
                release = f"{name}.{res.release}()"
                fixes.append(
                    Fix(
                        "Close it before returning the error",
                        (TextEdit(src.path, e.start_byte, e.start_byte, f"{release}\n{src.indent_at(e.start_byte)}"),),
                    )
                )
            out.append(
                Diagnostic(
                    src.span(e),
                    f"This error return drops `{name}` (acquired at line {line_of(src, st)}): the function hands it on "
                    f"only when it succeeds (line {line_of(src, success)}), so on this path nobody ever releases it: "
                    f"{res.consequence}",
                    [Related(src.span(call), res.acquired), Related(src.span(success), "handed on here, on success")]
                    + [Related(src.span(x), res.leaves) for x in exits[1:]],
                    fixes,
                    anchor=f"{func_label(goast.enclosing_decl(st) or fn, src)}|{res.slug}|dropped|{name}",
                )
            )
        return out

    return run
