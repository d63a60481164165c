"""sql-rows-not-closed: a *sql.Rows not closed on some path, or dropped on an error return."""

from __future__ import annotations

from ..model import Severity
from ..registry import Rule, register
from ..resourceflow import Resource, unreleased

_ROWS = Resource(
    "rows",
    "Close",
    "",
    "never calls `{name}.Close()`",
    "unless the rows are read to the end, the *sql.Rows keeps its database connection checked out of the "
    "pool. Each leaked Rows pins one connection; once the pool is exhausted every query blocks forever.",
    "the query",
    "leaves with the rows open",
    "rows",
)


_rows = unreleased(_ROWS)


ROWS = register(
    Rule(
        id="sql-rows-not-closed",
        in_tests=False,
        title="*sql.Rows not closed",
        family="F",
        severity=Severity.WARNING,
        what="""
Finds `rows, err := db.Query(...)` / `QueryContext` on a `*sql.DB`, `*sql.Tx`, `*sql.Conn` or
`*sql.Stmt` (or through a function, method or interface of the package declared to return
`(*sql.Rows, error)`) whose rows are never closed, or closed only after a `return` that can
leave first, and are not returned, stored or handed to another function. Also a `rows` given a
new result set after `defer rows.Close()`: the deferred call closes the value `rows` held when
the defer ran, and nothing closes the new one. A `defer rows.Close()` after the scan loop
closes nothing when a `return` inside the loop leaves first.
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
    )
)
