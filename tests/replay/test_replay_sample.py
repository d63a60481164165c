"""The sample module: a race no static rule sees, a hang, a clean package, a vet finding."""

from __future__ import annotations

import io

import pytest
from replay_helpers import SAMPLE, make_tarball

from goleash.replay import HANG_RULE, RACE_RULE, ReplayConfig, merge, replay_tarball
from goleash.rules.engine import analyze_paths
from goleash.rules.model import Finding, Related, Severity, Span


@pytest.fixture(scope="module")
def sample(go_cache):
    return replay_tarball(
        io.BytesIO(make_tarball(SAMPLE)), ["racy", "leaky", "clean", "gone"], cache_dir=go_cache, config=ReplayConfig(test_timeout_seconds=4)
    )


def by_rule(result, rule):
    return [f for f in result.findings if f.rule_id == rule]


def test_statuses(sample):
    st = {(s.name, tuple(s.packages)): s.status for s in sample.steps}
    assert st[("build", ("racy",))] == "ok"
    assert st[("test", ("clean",))] == "ok"
    assert st[("test", ("racy",))] == "findings"
    assert st[("test", ("leaky",))] == "findings"
    assert st[("vet", ("clean", "leaky", "racy"))] == "findings"
    assert sample.failures == []
    assert sample.skipped == ["gone: no Go files at the head commit"]
    assert not any(f.span.path.startswith("clean/") for f in sample.findings)


def test_race_through_interface_and_func_value(sample):
    races = by_rule(sample, RACE_RULE)
    assert len(races) == 1
    r = races[0]
    assert (r.span.path, r.span.start_line) == ("racy/counter.go", 13)
    assert r.severity is Severity.ERROR
    assert "observed at run time by the race detector" in r.message
    assert "racy.(*counter).Add  racy/counter.go:13" in r.message  # the stack excerpt
    other = [x for x in r.related if x.message.startswith("the other access")]
    assert other and (other[0].span.path, other[0].span.start_line) == ("racy/counter.go", 13)
    created = [x for x in r.related if "created here" in x.message]
    assert {(x.span.path, x.span.start_line) for x in created} == {("racy/counter.go", 21)}
    assert all(not x.span.path.startswith("/") for x in r.related)
    # Finding round-trips through JSON (Celery payload)
    assert Finding.from_dict(r.to_dict()) == r


def test_static_rules_do_not_see_that_race():
    report = analyze_paths([str(SAMPLE / "racy")])
    assert not [f for f in report.findings if f.span.start_line == 13 and f.path.endswith("counter.go")]


def test_hang_findings(sample):
    hangs = {(f.span.path, f.span.start_line): f for f in by_rule(sample, HANG_RULE)}
    assert set(hangs) == {("leaky/leak.go", 9), ("leaky/leak.go", 18)}
    send = hangs[("leaky/leak.go", 9)]
    assert "2 goroutines stuck in chan send" in send.message
    assert "the test timeout of 4s expired" in send.message
    assert [(x.span.path, x.span.start_line) for x in send.related] == [("leaky/leak.go", 8)]
    recv = hangs[("leaky/leak.go", 18)]
    assert "chan receive" in recv.message
    assert ("leaky/leak_test.go", 11) in {(x.span.path, x.span.start_line) for x in recv.related}


def test_vet_finding(sample):
    vet = by_rule(sample, "vet-copylocks")
    assert len(vet) == 1
    v = vet[0]
    assert (v.span.path, v.span.start_line, v.span.start_col, v.span.end_col) == ("racy/copy.go", 11, 14, 21)
    assert "passes lock by value" in v.message


def test_merge_confirms_static_finding(sample):
    static = Finding(
        rule_id="map-concurrent-write",
        severity=Severity.WARNING,
        message="c.n is written from several goroutines without a lock",
        span=Span("racy/counter.go", 13, 2, 13, 10),
        fingerprint="static-fp",
    )
    unrelated = Finding(
        rule_id="map-concurrent-write", severity=Severity.WARNING, message="x", span=Span("clean/clean.go", 16, 4, 16, 7), fingerprint="fp2"
    )
    via_related = Finding(
        rule_id="goroutine-leak-send",
        severity=Severity.WARNING,
        message="leak",
        span=Span("leaky/leak.go", 6, 2, 6, 20),
        fingerprint="fp3",
        related=[Related(Span("leaky/leak.go", 9, 4, 9, 15), "the send")],
    )
    merged = merge([static, unrelated, via_related], sample.findings)
    m = next(f for f in merged if f.fingerprint == "static-fp")
    assert m.rule_id == "map-concurrent-write"
    assert "Confirmed by the race detector (go test -race)" in m.message
    assert "racy.(*counter).Add  racy/counter.go:13" in m.message
    assert m.severity is Severity.ERROR
    assert any(r.message.startswith("race-detected") for r in m.related)
    assert not [f for f in merged if f.rule_id == RACE_RULE]  # folded in
    leak = next(f for f in merged if f.fingerprint == "fp3")
    assert "Confirmed by a hang at run time at leaky/leak.go:9" in leak.message
    assert [f.span.start_line for f in merged if f.rule_id == HANG_RULE] == [18]
    assert next(f for f in merged if f.fingerprint == "fp2").message == "x"
    assert any(f.rule_id == "vet-copylocks" for f in merged)
