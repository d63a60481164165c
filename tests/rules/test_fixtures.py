"""analysistest-style fixture suite: see fixture_harness.py for the layout and conventions.

Run: . .venv/bin/activate && pytest tests/rules -q
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixture_harness import (  # noqa: E402
    SRC,
    TESTDATA,
    check_fixes,
    check_package,
    count_shapes,
    discover,
    match,
    parse_wants,
)

from goleash.rules.catalog import all_rules  # noqa: E402
from goleash.rules.engine import analyze_paths  # noqa: E402
from goleash.rules.fixes import gofmt_path  # noqa: E402

PACKAGES = discover()
BUGGY = [p for p in PACKAGES if p.case == "buggy"]
RULE_IDS = [r.id for r in all_rules()]
MIN_SHAPES = 3


@pytest.mark.parametrize("pkg", PACKAGES, ids=lambda p: p.id)
def test_findings_match_wants(pkg):
    report, problems = check_package(pkg.dir)
    if pkg.case != "buggy":
        assert not parse_wants(pkg.files()), f"{pkg.id}: fixed/ok packages must not carry `want` comments"
    assert not problems, f"{pkg.id}: findings do not match the `want` comments:\n" + "\n".join(problems)
    if pkg.case != "buggy":
        assert report.findings == []


@pytest.mark.parametrize("pkg", BUGGY, ids=lambda p: p.id)
def test_fixes_are_verified(pkg):
    checked, problems = check_fixes(pkg, build=shutil.which("go") is not None)
    assert not problems, f"{pkg.id}: {len(problems)} problem(s) in {checked} fix(es):\n" + "\n".join(problems)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_has_a_fixture_triple(rule_id):
    by_case = {p.case: p for p in PACKAGES if p.rule_id == rule_id}
    missing = {"buggy", "fixed", "ok"} - set(by_case)
    assert not missing, f"{rule_id}: no {sorted(missing)} fixture package under {SRC / rule_id}"
    for case, pkg in by_case.items():
        files = pkg.files()
        assert len(files) >= 1
        shapes = count_shapes(files)
        assert shapes >= MIN_SHAPES, f"{pkg.id}: {shapes} `// shape:` comments, need >= {MIN_SHAPES}"
    own_wants = [w for w in parse_wants(by_case["buggy"].files()) if w.rule_id == rule_id]
    assert len(own_wants) >= MIN_SHAPES, f'{rule_id}/buggy: {len(own_wants)} `want "{rule_id}"`, need >= {MIN_SHAPES}'


@pytest.mark.parametrize("pkg", BUGGY, ids=lambda p: p.id)
def test_every_want_states_the_message(pkg):
    # The text a user reads is part of the rule: each expectation says what it must contain.
    bare = [f"{w.path}:{w.line} [{w.rule_id}]" for w in parse_wants(pkg.files()) if w.pattern is None]
    assert not bare, f'{pkg.id}: `// want` without a message pattern (write "rule-id: regexp"):\n' + "\n".join(bare)


def test_matcher_checks_the_message_pattern():
    from goleash.rules.model import Finding, Severity, Span

    f = Finding("r1", Severity.ERROR, "the runtime stops with `fatal error: concurrent map writes`", Span("a.go", 2, 1, 2, 2))
    assert match([f], parse_wants({"a.go": b'\nx // want "r1: concurrent map (writes|read)"\n'})) == []
    problems = match([f], parse_wants({"a.go": b'\nx // want "r1: send on closed channel"\n'}))
    assert len(problems) == 1 and "message does not match 'send on closed channel'" in problems[0], problems


def test_fixture_dirs_name_registered_rules():
    unknown = sorted({p.rule_id for p in PACKAGES} - set(RULE_IDS))
    assert not unknown, f"fixture directories for unknown rule ids: {unknown}"


def test_buggy_packages_span_several_files():
    # The whole point of package views: a map declared in one file, written in another.
    for pkg in BUGGY:
        assert len(pkg.files()) >= 2, f"{pkg.id}: use at least two files"


# -- the harness itself ---------------------------------------------------------------------

_SYNTH = """package synth

import "sync"

func Fill(keys []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m[k] = len(k){want}
		}()
	}
	wg.Wait()
	return m
}
"""


def _synth(tmp_path: Path, want: str) -> Path:
    d = tmp_path / "synth"
    d.mkdir()
    (d / "fill.go").write_text(_SYNTH.replace("{want}", want))
    return d


def test_harness_reports_a_finding_without_want(tmp_path):
    _, problems = check_package(_synth(tmp_path, ""))
    assert len(problems) == 1
    assert re.search(r"fill\.go:12: unexpected finding \[map-concurrent-write\]", problems[0]), problems


def test_harness_reports_a_want_without_finding(tmp_path):
    _, problems = check_package(_synth(tmp_path, ' // want "map-concurrent-write" "map-lazy-init"'))
    assert len(problems) == 1
    assert re.search(r"fill\.go:12: missing finding: want \[map-lazy-init\]", problems[0]), problems


def test_harness_accepts_a_matching_want(tmp_path):
    _, problems = check_package(_synth(tmp_path, ' // want "map-concurrent-write"'))
    assert problems == []


def test_harness_counts_several_wants_and_shapes():
    files = {"a.go": b'// shape: one\nx // want "r1" "r2"\n// shape: two\n\t// shape: three\ny // want "r1"\n'}
    wants = parse_wants(files)
    assert [(w.line, w.rule_id) for w in wants] == [(2, "r1"), (2, "r2"), (5, "r1")]
    assert count_shapes(files) == 3


def test_matcher_needs_one_finding_per_want():
    from goleash.rules.model import Finding, Severity, Span

    f = Finding("r1", Severity.ERROR, "msg", Span("a.go", 2, 1, 2, 2))
    wants = parse_wants({"a.go": b'\nx // want "r1" "r1"\n'})
    assert match([f], wants) == ["a.go:2: missing finding: want [r1], the engine reported nothing of that rule here"]


# -- the fixtures are real Go ---------------------------------------------------------------

_COPYLOCKS = re.compile(r"(passes lock by value|copies lock value|lock by value|copies lock)")


@pytest.mark.skipif(shutil.which("go") is None, reason="no Go toolchain")
def test_fixtures_compile_and_vet():
    """`go vet ./...` must report nothing but copylocks in the syncmap-copy buggy package."""
    r = subprocess.run(
        ["go", "vet", "./..."],
        cwd=TESTDATA,
        capture_output=True,
        text=True,
        timeout=600,
        env={**__import__("os").environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off"},
    )
    bad = []
    for line in (r.stdout + r.stderr).splitlines():
        if not line.strip() or line.startswith("# fixtures/src/syncmap-copy/buggy"):
            continue
        if line.startswith("src/syncmap-copy/buggy/") and _COPYLOCKS.search(line):
            continue
        if _allowed_vet_line(line):
            continue
        bad.append(line)
    assert not bad, "go vet found problems in the fixtures:\n" + "\n".join(bad)


# Buggy fixtures of the family-E/F rules are allowed go vet's own reports (copylocks,
# lostcancel, loopclosure, waitgroup...): go vet overlaps those rules. Compile errors
# ("vet: ..." lines) are never allowed.
_VET_DIAG = re.compile(r"^(?:src/[^/]+/)?buggy/[^:]+\.go:\d+:\d+: ")
_VET_OK_RULES = {
    "sync-copy-by-value",
    "context-cancel-not-called",
    "loopvar-capture",
    "waitgroup-add-in-goroutine",
    "mutex-defer-unlock-in-loop",
    "waitgroup-wait-in-counted-goroutine",
}


def _vet_lines(cwd, prefix: str = "") -> list[str]:
    r = subprocess.run(
        ["go", "vet", "./..."],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**__import__("os").environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off"},
    )
    return [prefix + line for line in (r.stdout + r.stderr).splitlines() if line.strip()]


def _allowed_vet_line(line: str) -> bool:
    # vet's copylocks reports every copy of a lock-holding value; a test that runs alone copying
    # a shared configuration holds no lock, and the rule leaves that copy alone on purpose
    if line.startswith(("src/sync-copy-by-value/ok/config_test.go:", "# fixtures/src/sync-copy-by-value/ok")) and (
        "copies lock value" in line or line.startswith("#")
    ):
        return True
    for rule in _VET_OK_RULES:
        if line.startswith(f"# fixtures/src/{rule}/buggy") or line.startswith(f"# {rule}/buggy") or line.startswith("# loopvarfixtures/buggy"):
            return True
        if line.startswith(f"src/{rule}/buggy/") and not line.startswith("vet:"):
            return True
    return False


@pytest.mark.skipif(shutil.which("go") is None, reason="no Go toolchain")
def test_nested_fixture_modules_compile_and_vet():
    """Fixture modules with their own go.mod (e.g. go 1.21 for loopvar-capture) are outside
    `./...` of testdata/: vet them separately, with the same allowances."""
    from fixture_harness import nested_modules

    bad = []
    for mod in nested_modules():
        for line in _vet_lines(mod, prefix=""):
            full = line if line.startswith(("#", "vet:")) else f"src/{mod.name}/{line}"
            if not _allowed_vet_line(full):
                bad.append(f"{mod.name}: {line}")
    assert not bad, "go vet found problems in nested fixture modules:\n" + "\n".join(bad)


@pytest.mark.skipif(gofmt_path() is None, reason="no gofmt")
def test_fixtures_are_gofmt_clean():
    r = subprocess.run([gofmt_path(), "-l", "."], cwd=TESTDATA, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "", f"not gofmt-clean:\n{r.stdout}{r.stderr}"


def test_whole_tree_walk_skips_testdata():
    # Walking tests/rules finds nothing: testdata/ is skipped unless named explicitly.
    report = analyze_paths([str(TESTDATA.parent)])
    assert not any("/testdata/" in f.path for f in report.findings)
