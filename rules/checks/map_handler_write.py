"""map-handler-write: a shared map written in an HTTP handler without a lock. The races, their
messages and patches are worked out once per package in rules/mapraces.py."""

from __future__ import annotations

from ..mapraces import HANDLER_WRITE, map_race_findings
from ..model import Severity
from ..registry import Rule, register

HANDLER = register(
    Rule(
        id="map-handler-write",
        title="Shared map written in an HTTP handler without a lock",
        family="A",
        severity=Severity.ERROR,
        what="""
Finds HTTP handlers (`func(http.ResponseWriter, *http.Request)`, `ServeHTTP` methods, closures
given to `HandleFunc`) that write a map shared between requests (a package-level variable, a
captured variable, a field of the handler's receiver) without holding a lock.
""",
        why="""
net/http serves every request on its own goroutine, so a handler runs concurrently with
itself as soon as two requests arrive together. Two overlapping writes to the same map stop the
server with `fatal error: concurrent map writes`, dropping every in-flight request.
""",
        example="""
var visits = map[string]int{}

func count(w http.ResponseWriter, r *http.Request) {
	visits[r.URL.Path]++
}
""",
        instead="""
var (
	visitsMu sync.Mutex
	visits   = map[string]int{}
)

func count(w http.ResponseWriter, r *http.Request) {
	visitsMu.Lock()
	visits[r.URL.Path]++
	visitsMu.Unlock()
}
""",
        vet_overlap="go vet and staticcheck do not report this; the race detector only does under concurrent test requests.",
        in_tests=False,
        tests_reason="a test's mock server answers the requests its own test sends, and a race there fails the "
        "test run under `-race` rather than a production process.",
        run=lambda view: map_race_findings(view).by_rule[HANDLER_WRITE],
    )
)
