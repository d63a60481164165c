"""sync-copy-by-value on a copy whose lock is replaced by a fresh one at once: go vet's copylocks
reports it, but no copied lock state survives to be used (the shape cannot live in a vet-clean
fixture package, hence inline here)."""

from __future__ import annotations

from goleash.rules.engine import analyze_sources

SRC = """package session

import "sync"

type Session struct {
	m     sync.RWMutex
	creds []string
}

func (s *Session) Clone() *Session {
	s.m.RLock()
	defer s.m.RUnlock()
	scopy := *s
	%s
	scopy.creds = append([]string(nil), s.creds...)
	return &scopy
}
"""


def copy_findings(after: str) -> list[int]:
    report = analyze_sources({"go.mod": b"module m\n\ngo 1.22\n", "session/session.go": (SRC % after).encode()})
    return [f.span.start_line for f in report.findings if f.rule_id == "sync-copy-by-value"]


def test_a_copy_whose_lock_is_replaced_at_once_copies_no_lock_state():
    assert copy_findings("scopy.m = sync.RWMutex{}") == []


def test_a_copy_that_keeps_the_copied_lock_is_reported():
    assert copy_findings("_ = len(scopy.creds)") == [13]
