"""The review's analysis under limits: a package over its time or memory budget is skipped
and named, the rest is analysed exactly as the engine alone would, and the worker is free
again when the budget runs out — on real tree-sitter parses of pathological Go."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from goleash.rules.engine import analyze_sources
from goleash.rules.model import Report
from goleash.workers.bounded_analysis import Limits, analyze
from goleash.workers.time_limit import soft_time_limit

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "inventory"


def example_sources() -> dict[str, bytes]:
    return {
        p.relative_to(EXAMPLE).as_posix(): p.read_bytes() for p in EXAMPLE.rglob("*") if p.is_file() and (p.suffix == ".go" or p.name == "go.mod")
    }


def goroutine_functions(n: int) -> bytes:
    """Legal Go whose every function starts a goroutine that writes a shared map under a
    mutex and sends on a channel: the shape that made the engine's cost grow past its input."""
    out = ['package slow\n\nimport "sync"\n\nvar mu sync.Mutex\nvar m = map[int]int{}\nvar ch = make(chan int)\n']
    for i in range(n):
        out.append(f"func f{i}() {{\n\tgo func() {{\n\t\tmu.Lock()\n\t\tm[{i}] = {i}\n\t\tmu.Unlock()\n\t\tch <- {i}\n\t}}()\n}}\n")
    return "".join(out).encode()


def nested_goroutines(depth: int) -> bytes:
    return ("package deep\n\nfunc f() {\n" + "go func() {\n" * depth + "}()\n" * depth + "}\n").encode()


def fingerprints(report: Report) -> list[str]:
    return sorted(f.fingerprint for f in report.findings)


def test_within_budget_the_result_is_the_engines_own():
    sources = example_sources()
    alone = analyze_sources(sources)
    bounded = analyze(sources, analyze_sources, Limits(memory_bytes=256 << 20), time.monotonic() + 120)
    assert alone.findings, "the example project has findings"
    assert fingerprints(bounded) == fingerprints(alone)
    assert [f.message for f in bounded.findings] == [f.message for f in alone.findings]
    # verified fixes too: verification runs gofmt, a Go program, inside the memory budget
    assert any(f.fixes for f in alone.findings)
    assert [f.fixes for f in bounded.findings] == [f.fixes for f in alone.findings]
    assert bounded.files_analyzed == alone.files_analyzed and bounded.skipped == []


def test_a_package_over_its_time_budget_is_skipped_and_named_and_the_others_analysed():
    sources = example_sources()
    sources["slow/slow.go"] = goroutine_functions(6000)  # ~600 KB, seconds of analysis
    started = time.monotonic()
    report = analyze(sources, analyze_sources, Limits(package_seconds=1.0), time.monotonic() + 120)
    took = time.monotonic() - started
    assert [(s.path, s.limit) for s in report.skipped] == [("slow", "package_time")]
    assert "1 s budget" in report.skipped[0].reason
    assert fingerprints(report) == fingerprints(analyze_sources(example_sources()))
    assert took < 1.0 + 15, took  # the example's own packages plus one budget, not the slow one's run


def test_deep_nesting_is_bounded_by_the_budget():
    started = time.monotonic()
    report = analyze({"deep/deep.go": nested_goroutines(3000)}, analyze_sources, Limits(package_seconds=1.0), time.monotonic() + 60)
    assert time.monotonic() - started < 3
    # Either the engine copes within the second or the package is named: never unbounded, never silent.
    assert report.files_analyzed == 1 or [(s.path, s.limit) for s in report.skipped] == [("deep", "package_time")]


def test_the_reviews_deadline_skips_the_packages_left():
    sources = {"a/a.go": b"package a\n", "b/b.go": b"package b\n"}
    report = analyze(sources, analyze_sources, Limits(), time.monotonic() - 1)
    assert [(s.path, s.limit) for s in report.skipped] == [("a", "review_time"), ("b", "review_time")]


def _hungry(files):
    hoard = []
    while True:
        hoard.append(bytearray(64 << 20))


def _crashing(files):
    os.kill(os.getpid(), signal.SIGTERM)


def _hanging(files):
    time.sleep(3600)


def test_a_package_over_its_memory_budget_is_skipped_and_the_worker_keeps_its_memory():
    report = analyze({"big/big.go": b"package big\n"}, _hungry, Limits(memory_bytes=256 << 20), time.monotonic() + 60)
    assert [(s.path, s.limit) for s in report.skipped] == [("big", "memory")]
    assert "256 MB" in report.skipped[0].reason


def children() -> set[int]:
    """This process's child processes, zombies included."""
    out: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        out |= {int(p) for p in (task / "children").read_text().split()}
    return out


def test_a_crashing_analysis_is_named_and_leaves_no_process_behind():
    before = children()
    report = analyze({"x/x.go": b"package x\n"}, _crashing, Limits(), time.monotonic() + 60)
    assert [(s.path, s.limit) for s in report.skipped] == [("x", "crashed")]
    assert "signal 15" in report.skipped[0].reason
    assert children() == before


def test_an_interrupted_review_kills_its_analysis_child():
    before = children()
    started = time.monotonic()
    with pytest.raises(SoftTimeLimitExceeded):
        with soft_time_limit(0.5):
            analyze({"x/x.go": b"package x\n"}, _hanging, Limits(), time.monotonic() + 60)
    assert time.monotonic() - started < 5
    assert children() == before  # killed and reaped: nothing left running or as a zombie


def test_the_soft_time_limit_interrupts_a_blocked_task_and_is_cleared_after():
    started = time.monotonic()
    with pytest.raises(SoftTimeLimitExceeded):
        with soft_time_limit(0.3):
            time.sleep(5)
    assert time.monotonic() - started < 2
    with soft_time_limit(0.3):
        pass
    time.sleep(0.5)  # the timer was cleared: no late alarm
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
