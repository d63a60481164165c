"""The run-time checks beyond -race: the goroutine-leak check added by an overlay, runtime
panics as findings, per-test hang timeouts and repeated race runs, and what they cost."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from goleash.replay import HANG_RULE, LEAK_RULE, PANIC_RULE, ReplayConfig, chown_tree, leakcheck, merge, replay_workdir
from goleash.replay.sandbox import NOBODY
from goleash.rules.model import Finding, Severity, Span

DETECT = Path(__file__).parent / "testdata" / "detect"


@pytest.fixture(scope="module")
def detect(replay_base, go_cache):
    """tests/replay/testdata/detect, replayed once: every buggy and fixed package."""
    d = Path(tempfile.mkdtemp(prefix="detect-", dir=replay_base))
    os.chmod(d, 0o711)
    work = d / "repo"
    shutil.copytree(DETECT, work)
    if os.geteuid() == 0:
        chown_tree(work, NOBODY, NOBODY)
    pkgs = [f"{c.name}/{v}" for c in sorted(work.iterdir()) if c.is_dir() for v in ("buggy", "fixed")]
    return replay_workdir(work, pkgs, cache_dir=go_cache, config=ReplayConfig(vet=False))


def at(result, prefix):
    return {(f.rule_id, f.span.path, f.span.start_line) for f in result.findings if f.span.path.startswith(prefix)}


def test_fixed_versions_are_clean(detect):
    assert not [f for f in detect.findings if "/fixed/" in f.span.path], detect.findings
    assert detect.failures == []


def test_leak_through_a_wrapped_test_main_that_calls_os_exit(detect):
    assert at(detect, "resultleak/") == {(LEAK_RULE, "resultleak/buggy/lookup.go", 9)}
    f = next(f for f in detect.findings if f.rule_id == LEAK_RULE and f.span.path.startswith("resultleak/"))
    assert "still alive when the tests of ./resultleak/buggy had ended, 1s later" in f.message
    assert "goroutine" in f.message and "stuck in chan send in buggy.Lookup.func1" in f.message
    assert [(r.span.path, r.span.start_line) for r in f.related] == [("resultleak/buggy/lookup.go", 8)]
    assert "created here by buggy.Lookup" in f.related[0].message
    assert "goleash_leakcheck" not in f.message
    assert Finding.from_dict(f.to_dict()) == f


def test_leak_in_a_package_tested_from_its_external_test_package(detect):
    assert at(detect, "tickerleak/") == {(LEAK_RULE, "tickerleak/buggy/poll.go", 14)}


@pytest.mark.parametrize(
    "case,rule,line,said",
    [
        ("sendclosed", "send-on-closed-channel", 13, "panic: send on closed channel"),
        ("doubleclose", "double-close", 9, "panic: close of closed channel"),
        ("wgnegative", PANIC_RULE, 10, "panic: sync: negative WaitGroup counter"),
        ("unlockunlocked", "mutex-unlock-not-locked", 13, "fatal error: sync: unlock of unlocked mutex"),
    ],
)
def test_runtime_panics_become_findings_of_their_rule(detect, case, rule, line, said):
    fs = [f for f in detect.findings if f.span.path.startswith(f"{case}/buggy/") and f.rule_id == rule]
    assert [(f.span.path, f.span.start_line) for f in fs] == [(f"{case}/buggy/{_go_file(case)}", line)], at(detect, f"{case}/")
    assert f"`{said}`" in fs[0].message and fs[0].severity is Severity.ERROR
    assert not [f for f in detect.findings if f.span.path.endswith("_test.go") and f.span.path.startswith(case)]


def _go_file(case: str) -> str:
    return next(p.name for p in (DETECT / case / "buggy").glob("*.go") if not p.name.endswith("_test.go"))


def test_costs_are_reported(detect):
    costs = {c.package: c for c in detect.costs}
    assert set(costs) == {f"./{c.name}/{v}" for c in DETECT.iterdir() if c.is_dir() for v in ("buggy", "fixed")}
    assert all(c.leak_check and c.runs >= 1 and c.seconds > 0 for c in costs.values())
    # a clean suite is repeated; a buggy one stops at its first report
    assert costs["./tickerleak/fixed"].repetitions >= 2
    assert costs["./sendclosed/buggy"].repetitions == 0 and costs["./sendclosed/buggy"].runs == 1
    rep = [s for s in detect.steps if s.name == "test-repeat" and s.packages == ["tickerleak/fixed"]]
    assert rep and rep[0].status == "ok" and "more passes of the suite" in rep[0].detail
    d = detect.to_dict()
    assert d["budget"]["hang_timeout_seconds"] == 10 and d["costs"]


def test_a_hung_test_costs_its_own_timeout_and_the_next_tests_still_run(gomod):
    gomod.write(
        "p/p.go",
        """package p

func Wait(ch chan int) int { return <-ch }

func Leak() {
	ch := make(chan int)
	go func() { ch <- 1 }()
}
""",
    )
    gomod.write(
        "p/p_test.go",
        """package p

import "testing"

func TestAHangs(t *testing.T) { Wait(make(chan int)) }

func TestBLeaks(t *testing.T) { Leak() }
""",
    )
    res = gomod.replay(test_timeout_seconds=40, hang_timeout_seconds=3)
    found = {(f.rule_id, f.span.path, f.span.start_line) for f in res.findings}
    assert found == {(HANG_RULE, "p/p.go", 3), (LEAK_RULE, "p/p.go", 7)}, res.findings
    hang = next(f for f in res.findings if f.rule_id == HANG_RULE)
    assert "the test timeout of 3s expired" in hang.message
    assert ("p/p_test.go", 5) in {(r.span.path, r.span.start_line) for r in hang.related}
    cost = res.costs[0]
    assert cost.runs == 2 and cost.seconds < 20, cost
    assert [s.name for s in res.steps] == ["build", "test", "test-rerun"]
    assert res.failures == []


def test_tests_a_hang_left_no_time_for_are_named(gomod):
    gomod.write(
        "p/p_test.go",
        """package p

import "testing"

func TestAHangs(t *testing.T) { <-make(chan int) }

func TestBNeverRuns(t *testing.T) {}
""",
    )
    res = gomod.replay(test_timeout_seconds=3)
    assert [(f.rule_id, f.span.path, f.span.start_line) for f in res.findings] == [(HANG_RULE, "p/p_test.go", 5)]
    assert res.costs[0].note == "the test budget of 3s ran out at a hang; not run: TestBNeverRuns"
    assert res.failures == []


def test_a_slow_test_that_is_not_blocked_is_not_a_hang(gomod):
    gomod.write(
        "p/p_test.go",
        """package p

import (
	"testing"
	"time"
)

func TestSlow(t *testing.T) {
	done := make(chan bool)
	go func() { time.Sleep(4 * time.Second); done <- true }()
	<-done
}
""",
    )
    res = gomod.replay(test_timeout_seconds=40, hang_timeout_seconds=2)
    assert res.findings == [] and res.failures == [], (res.findings, res.failures)
    assert [s.status for s in res.steps if s.name.startswith("test")][-1] == "ok"
    assert res.costs[0].runs == 2


def test_a_test_main_hidden_by_build_tags_falls_back_to_no_leak_check(gomod):
    gomod.write("p/p.go", "package p\n\nfunc F() int { return 1 }\n")
    gomod.write(
        "p/main_test.go",
        """//go:build never

package p

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) { os.Exit(m.Run()) }
""",
    )
    gomod.write("p/p_test.go", 'package p\n\nimport "testing"\n\nfunc TestF(t *testing.T) { if F() != 1 { t.Fatal() } }\n')
    res = gomod.replay(test_timeout_seconds=30)
    assert res.ok and res.findings == []
    assert not res.costs[0].leak_check and "leak check left out" in res.costs[0].note
    assert [s.status for s in res.steps if s.name == "test"] == ["ok"]


def test_a_file_named_like_the_wrapper_turns_the_check_off(gomod):
    gomod.write("p/p.go", "package p\n")
    gomod.write(f"p/{leakcheck.WRAPPER_NAME}", 'package p\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n')
    res = gomod.replay(test_timeout_seconds=30)
    assert res.ok and not res.costs[0].leak_check


# ---------------------------------------------------------------- without the sandbox


def _plan(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return leakcheck.plan_package(tmp_path, "", "/repo")


def test_plan_adds_a_test_main_in_the_package_under_test(tmp_path):
    plan, why = _plan(
        tmp_path, {"a.go": "package a\n", "ignored.go": "//go:build ignore\n\npackage main\n", "b.go": "package a\n", "a_test.go": "package a_test\n"}
    )
    assert why == "" and plan.package == "a" and plan.wraps is None
    assert plan.replaces == {f"/repo/{leakcheck.WRAPPER_NAME}": "wrapper.go"}
    assert plan.files["wrapper.go"].startswith(b"package a\n")
    assert b"func TestMain(m *goleashtesting.M)" in plan.files["wrapper.go"]


def test_plan_wraps_an_existing_test_main_and_its_exit(tmp_path):
    plan, why = _plan(
        tmp_path,
        {
            "a.go": "package a\n",
            "main_test.go": """package a_test

import (
	goos "os"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	goos.Exit(code)
}
""",
        },
    )
    assert why == "" and plan.package == "a_test" and plan.wraps == "main_test.go"
    rewritten = plan.files["testmain.go"].decode()
    assert "func goleashUserTestMain(m *testing.M)" in rewritten
    assert "goleashExit(code)" in rewritten and "goos.Exit(code)" not in rewritten
    assert rewritten.rstrip().endswith("var _ = goos.Exit")
    assert plan.replaces["/repo/main_test.go"] == "testmain.go"


def test_plan_refuses_what_it_cannot_wrap(tmp_path):
    assert _plan(tmp_path, {"a.go": "package a\n"}) == (None, "no test files")
    two = {
        "a_test.go": 'package a\nimport "testing"\nfunc TestMain(m *testing.M) {}\n',
        "b_test.go": '//go:build other\npackage a\nimport "testing"\nfunc TestMain(m *testing.M) {}\n',
    }
    assert _plan(tmp_path, two)[0] is None


def test_plan_writes_only_below_the_private_tmp(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    plan, _ = _plan(src, {"a.go": "package a\n", "a_test.go": "package a\n"})
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    overlay = plan.write(tmp, "/tmp")
    assert overlay == "/tmp/goleash-overlay/overlay.json"
    data = json.loads((tmp / "goleash-overlay" / "overlay.json").read_text())
    assert all(k.startswith("/repo/") for k in data["Replace"])
    assert all(v.startswith("/tmp/goleash-overlay/") for v in data["Replace"].values())
    with pytest.raises(FileExistsError):  # never writes through what is already there
        plan.write(tmp, "/tmp")


def test_merge_marks_a_static_finding_confirmed_by_a_panic_or_a_leak():
    static = Finding("double-close", Severity.ERROR, "closed twice", Span("p/a.go", 9, 2, 9, 15), fingerprint="s1")
    leak_static = Finding("goroutine-send-leak", Severity.WARNING, "leaks", Span("p/b.go", 4, 2, 4, 9), fingerprint="s2")
    panic_ = Finding(
        "double-close",
        Severity.ERROR,
        "The runtime stopped the tests with `panic: close of closed channel`\n    p.Stop  p/a.go:9",
        Span("p/a.go", 9, 2, 9, 15),
        fingerprint="r1",
    )
    leak = Finding(LEAK_RULE, Severity.ERROR, "Goroutine leaked\n    p.f  p/b.go:4", Span("p/b.go", 4, 2, 4, 9), fingerprint="r2")
    merged = merge([static, leak_static], [panic_, leak])
    assert {f.fingerprint for f in merged} == {"s1", "s2"}
    s1 = next(f for f in merged if f.fingerprint == "s1")
    assert "Confirmed by a run-time panic at p/a.go:9" in s1.message
    s2 = next(f for f in merged if f.fingerprint == "s2")
    assert "Confirmed by a goroutine leak at run time at p/b.go:4" in s2.message and s2.severity is Severity.ERROR


def test_check_run_summary_reports_the_cost():
    from goleash.bot.comment_body import Links
    from goleash.workers.replay_task import summary

    result = {
        "steps": [],
        "wall_seconds": 20.0,
        "costs": [
            {"package": "./a", "runs": 2, "repetitions": 0, "seconds": 12.2, "leak_check": True, "note": "the test budget of 60s ran out at a hang"},
            {"package": "./b", "runs": 2, "repetitions": 14, "seconds": 1.1, "leak_check": False, "note": ""},
        ],
        "budget": {"test_seconds_per_package": 60, "hang_timeout_seconds": 10, "race_repeat_seconds": 1.0, "leak_grace_seconds": 1.0},
    }
    text = summary(result, [], [], 0, Links("https://h/o/r", "a" * 40))
    assert (
        "**Run-time checks:** 2 packages tested in 4 runs of their -race test binaries (14 repeated passes "
        "of clean suites), 13.3 s of tests; goroutine-leak check on 1 of 2. Budget per package: 60 s of tests, "
        "a test blocked for 10 s counts as hung"
    ) in text
    assert "- `./a`: the test budget of 60s ran out at a hang" in text
