"""context-cancel-not-called on paths that leave once the parent context is done: go vet's
lostcancel reports them, but the parent's cancellation has already cancelled the derived context,
so nothing leaks (the shape cannot live in a vet-clean fixture package, hence inline here)."""

from __future__ import annotations

from goleash.rules.engine import analyze_sources

SRC = """package watch

import (
	"context"
	"time"
)

func Monitor(ctx, other context.Context, events <-chan string, handle func(context.Context, string)) {
	watchCtx, watchCancel := context.WithTimeout(ctx, time.Hour)
	for {
		select {
		case ev := <-events:
			if ev == "stop" {
				watchCancel()
				return
			}
			handle(watchCtx, ev)
		case <-%s.Done():
			return
		}
	}
}
"""


def cancel_findings(parent: str) -> list[int]:
    report = analyze_sources({"go.mod": b"module m\n\ngo 1.22\n", "watch/watch.go": (SRC % parent).encode()})
    return [f.span.start_line for f in report.findings if f.rule_id == "context-cancel-not-called"]


def test_returning_once_the_parent_is_done_leaks_nothing():
    assert cancel_findings("ctx") == []


def test_returning_when_another_context_is_done_still_leaks():
    assert cancel_findings("other") == [9]
