"""Hand-built rules and findings, so formatter and CLI tests do not depend on the real rules."""

from __future__ import annotations

from goleash.rules.model import Finding, Fix, Related, Severity, Span, TextEdit
from goleash.rules.registry import Rule

GO_SRC = b'package main\n\nfunc main() {\n\tm := map[string]int{}\n\tfor _, k := range []string{"a", "b"} {\n\t\tgo func() { m[k] = 1 }()\n\t}\n}\n'


def make_rule(rule_id: str, severity=Severity.ERROR, family="A", title=None) -> Rule:
    return Rule(
        id=rule_id,
        title=title or f"title of {rule_id}",
        family=family,
        severity=severity,
        what=f"Flags {rule_id}.",
        why="The runtime aborts the process.",
        example="go func() { m[k] = v }()",
        instead="mu.Lock(); m[k] = v; mu.Unlock()",
        run=lambda view: [],
    )


RULES = [
    make_rule("map-concurrent-write"),
    make_rule("wg-add-in-goroutine", Severity.WARNING, family="B"),
    make_rule("lonely-info", Severity.INFO, family="C"),
]


def span(path="main.go", line=6, col=15, end_line=None, end_col=None, start_byte=0, end_byte=0) -> Span:
    return Span(path, line, col, end_line or line, end_col or col + 4, start_byte, end_byte)


def map_finding(path="main.go") -> Finding:
    write_at = GO_SRC.index(b"m[k] = 1")
    go_at = GO_SRC.index(b"go func")
    decl_at = GO_SRC.index(b"m := ")
    return Finding(
        rule_id="map-concurrent-write",
        severity=Severity.ERROR,
        message="concurrent map writes crash the process",
        span=span(path, 6, 15, 6, 23, write_at, write_at + 8),
        related=[
            Related(span(path, 6, 3, 6, 25, go_at, go_at + 22), "goroutine started here, once per iteration"),
            Related(span(path, 4, 2, 4, 24, decl_at, decl_at + 22), "map declared here"),
        ],
        fixes=[
            Fix(
                "Guard m with a sync.Mutex",
                (
                    TextEdit(path, write_at, write_at + 8, "mu.Lock(); m[k] = 1; mu.Unlock()"),
                    TextEdit(path, decl_at, decl_at, "var mu sync.Mutex\n\t"),
                ),
            )
        ],
        fingerprint="fp-map-1",
    )


def warning_finding(path="main.go", line=5) -> Finding:
    return Finding("wg-add-in-goroutine", Severity.WARNING, "wg.Add races with wg.Wait", span(path, line, 2), fingerprint="fp-wg")
