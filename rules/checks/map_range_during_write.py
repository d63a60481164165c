"""map-range-during-write: a map iterated while another goroutine writes it. The races, their
messages and patches are worked out once per package in rules/mapraces.py."""

from __future__ import annotations

from ..mapraces import RANGE_DURING_WRITE, map_race_findings
from ..model import Severity
from ..registry import Rule, register

RANGE = register(
    Rule(
        id="map-range-during-write",
        title="Map iterated while another goroutine writes it",
        family="A",
        severity=Severity.ERROR,
        what="""
Finds `for k, v := range m` loops over a map that another goroutine may write at the same time
with no common lock. Deleting from a map inside your own range loop is legal Go and is not
reported.
""",
        why="""
Ranging over a map takes no lock. If another goroutine writes the map during the iteration the
runtime aborts the program with `fatal error: concurrent map iteration and map write`.
""",
        example="""
func (s *Server) track(c net.Conn) {
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
}

func (s *Server) CloseAll() {
	for c := range s.conns { // no lock: track may write meanwhile
		c.Close()
	}
}
""",
        instead="""
func (s *Server) CloseAll() {
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=lambda view: map_race_findings(view).by_rule[RANGE_DURING_WRITE],
    )
)
