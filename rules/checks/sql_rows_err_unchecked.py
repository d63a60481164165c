"""sql-rows-err-unchecked: a `for rows.Next()` loop whose `rows.Err()` is never checked."""

from __future__ import annotations

from .. import goast
from ..concurrency import concurrency
from ..goast import func_label
from ..model import Diagnostic, Fix, Severity, TextEdit
from ..package import PackageView
from ..parse import method_calls
from ..registry import Rule, register
from ..resourceflow import creates, uses_of
from ..scope import resolve
from ..synctypes import type_text


def _rows_err(view: PackageView):
    out = []
    for src in view.non_test_files:
        if not src.mentions(b".Next()") or not src.mentions(b"database/sql"):
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
                if value is None or d.src is None or value.type != "call_expression" or not creates(view, d.src, value, "rows"):
                    continue
                decl_ident = d.ident
            else:
                decl_ident = resolve(r, src, view).ident
            fn = goast.enclosing_func(loop)
            if fn is None or decl_ident is None:
                continue
            name = src.text(r)
            uses = [u for u in uses_of(view, src, fn, decl_ident)]
            checked = False
            for u in uses:
                p = u.parent
                if p is not None and p.type == "selector_expression" and src.text(p.child_by_field_name("field")) == "Err":
                    checked = True
                elif p is not None and p.type in ("argument_list", "return_statement", "expression_list", "assignment_statement"):
                    checked = True  # handed on: the callee may check
            if checked:
                continue
            d = resolve(r, src, view)
            closes = any(_method_of(u, src) == "Close" for u in uses)
            if d.kind == "param" and not closes and _callers_own(view, src, fn, d.ident):
                continue
            out.append(_rows_err_diag(src, fn, loop, name))
    return out


def _method_of(use, src) -> str | None:
    p = use.parent
    if p is not None and p.type == "selector_expression":
        return src.text(p.child_by_field_name("field"))
    return None


def _callers_own(view: PackageView, src, fn, param) -> bool:
    """Rows handed in and left open are the caller's: its `Err` check after the call counts,
    and a caller outside the package cannot be read. Only when every caller in the package is
    known, and none checks (nor hands the rows on), is the loop's error lost."""
    names = [n for p in goast.params_of(fn) for n in p.children_by_field_name("name")]
    index = next((i for i, n in enumerate(names) if n == param), None)
    if index is None or fn.type == "func_literal":
        return True
    # (a test calling the helper is no owner the package's users rely on)
    callers = [(c, s) for c, s in concurrency(view).possible_callers(fn, src) if not s.is_test]
    if not callers:
        return True
    for call, csrc in callers:
        args = goast.call_args(call)
        if index >= len(args) or args[index].type != "identifier":
            return True
        decl = resolve(args[index], csrc, view)
        caller = goast.enclosing_func(call)
        if decl.ident is None or caller is None or decl.src is not csrc:
            return True
        for u in uses_of(view, csrc, caller, decl.ident):
            if u == args[index]:
                continue
            p = u.parent
            if _method_of(u, csrc) == "Err" or p is not None and p.type in ("argument_list", "return_statement"):
                return True
    return False


def _rows_err_diag(src, fn, loop, name):
    fixes = []
    res = fn.child_by_field_name("result")
    if res is not None and src.text(res).replace(" ", "") == "error" and loop.parent is not None and loop.parent.type == "statement_list":
        indent = src.indent_at(loop.start_byte)
        fixes.append(
            Fix(
                f"Return {name}.Err() after the loop",
                (
                    TextEdit(
                        src.path, loop.end_byte, loop.end_byte, f"\n{indent}if err := {name}.Err(); err != nil {{\n{indent}\treturn err\n{indent}}}"
                    ),
                ),
            )
        )
    return Diagnostic(
        src.span(next(c for c in loop.named_children if c.type == "call_expression")),
        f"`for {name}.Next()` stops both at the end of the result set and on an error (a dropped connection, "
        f"a cancelled context, a scan of a bad row), and only `{name}.Err()` tells which. It is never checked, "
        f"so a failed query silently looks like a shorter result: partial data is returned as complete.",
        [],
        fixes,
        anchor=f"{func_label(goast.enclosing_decl(loop) or fn, src)}|rows-err|{name}",
    )


ROWS_ERR = register(
    Rule(
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
    )
)
