"""Closures an actor runs (github.com/Arceliar/phony: `phony.Block(a, f)`, `a.Act(from, f)`) run
one at a time on the actor, as if under one lock of its own; inline, as the fixture packages
cannot import the library."""

from __future__ import annotations

from goleash.rules.engine import analyze_sources

SRC = """package core

import (
	"context"
	"net"

	"github.com/Arceliar/phony"
)

type linkTCP struct {
	phony.Inbox
	listeners map[net.Listener]context.CancelFunc
}

func (l *linkTCP) Listen(ln net.Listener, cancel context.CancelFunc) {
	%s
	go func() {
		defer %s
		for {
			if _, err := ln.Accept(); err != nil {
				cancel()
				return
			}
		}
	}()
}

func (l *linkTCP) Serve(lns []net.Listener) {
	for _, ln := range lns {
		l.Listen(ln, func() {})
	}
}
"""

ACTOR_ADD = "phony.Block(l, func() { l.listeners[ln] = cancel })"
ACTOR_DEL = "l.Act(nil, func() { delete(l.listeners, ln) })"


def map_findings(add: str, remove: str) -> list[int]:
    report = analyze_sources({"go.mod": b"module m\n\ngo 1.22\n", "core/link.go": (SRC % (add, remove)).encode()})
    return [f.span.start_line for f in report.findings if f.rule_id.startswith("map-")]


def test_closures_the_actor_runs_do_not_race():
    assert map_findings(ACTOR_ADD, ACTOR_DEL) == []


def test_the_same_writes_outside_the_actor_race():
    assert map_findings("l.listeners[ln] = cancel", "delete(l.listeners, ln)") != []
