"""map-concurrent-write: a map written by one goroutine while another uses it. The races, their
messages and patches are worked out once per package in rules/mapraces.py."""

from __future__ import annotations

from ..mapraces import CONCURRENT_WRITE, map_race_findings
from ..model import Severity
from ..registry import Rule, register

WRITE = register(
    Rule(
        id="map-concurrent-write",
        title="Map written by one goroutine while another uses it",
        family="A",
        severity=Severity.ERROR,
        what="""
Finds maps (local variables captured by goroutines, package-level variables, struct fields)
that one goroutine writes (`m[k] = v`, `m[k]++`, `delete(m, k)`) while another goroutine reads
or writes them, with no lock held at both places. Goroutines started in a loop count as many
goroutines; the code that runs `go` counts as another goroutine until it waits (`wg.Wait()`,
a channel receive). Locks are followed through `Lock`/`Unlock`, `defer Unlock`, `RLock`, mutexes
held as fields or embedded, and helper methods whose callers all hold the lock.
""",
        why="""
Go maps are not safe for concurrent use. When a write overlaps another access the runtime
detects it and terminates the whole process with `fatal error: concurrent map writes` (or
`concurrent map read and map write`). This is not a panic: `recover` cannot stop it, and it
tends to appear only under production load.
""",
        example="""
results := map[string]int{}
var wg sync.WaitGroup
for _, u := range urls {
	wg.Add(1)
	go func(u string) {
		defer wg.Done()
		results[u] = fetch(u) // every goroutine writes the same map
	}(u)
}
wg.Wait()
""",
        instead="""
results := map[string]int{}
var mu sync.Mutex
var wg sync.WaitGroup
for _, u := range urls {
	wg.Add(1)
	go func(u string) {
		defer wg.Done()
		n := fetch(u)
		mu.Lock()
		results[u] = n
		mu.Unlock()
	}(u)
}
wg.Wait()
""",
        vet_overlap="""
go vet has no check for this. `go test -race` finds it only when a test makes the two
accesses overlap; staticcheck does not look at it.
""",
        run=lambda view: map_race_findings(view).by_rule[CONCURRENT_WRITE],
    )
)
