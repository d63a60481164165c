"""A pull request built to hold a review worker: a file too large to fetch, a hand-written
file too large to analyse, and a package whose analysis runs past its budget, next to the
sample's ordinary packages. The review finishes within its limits, names every package it
left out and why in the check run, and still reviews the rest; when GitHub itself is too slow
for the review's time limit, the check run is completed anyway."""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil

import pytest

from ghsandbox.paths import sample_scenario
from goleash.bot.markers import fingerprint_in
from goleash.rules.engine import analyze_sources

from .harness import snapshot_files, start_stack
from .test_bounded_analysis import goroutine_functions

REVIEW_LIMIT = 12
PACKAGE_LIMIT = 1


def busy_seconds(stack, resp) -> float:
    """How long the worker ran the task, as Celery logged it (just after storing the result the
    test has already read, so the line may take a moment to appear)."""
    from ghsandbox.devstack import wait_until

    [task_id] = resp.json()["tasks"]
    pattern = rf"\[{task_id}\] succeeded in ([0-9.]+)s"
    wait_until(lambda: re.search(pattern, stack.worker.log()), 10, "the task's line in the worker log", interval=0.05)
    [took] = re.findall(pattern, stack.worker.log())
    return float(took)


def git_blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def unmarked_file(package: str, size: int) -> bytes:
    lines, n, i = [f"package {package}\n\n"], 0, 0
    while n < size:
        lines.append(f"func f{i}() int {{ return {i} }}\n")
        n += len(lines[-1])
        i += 1
    return "".join(lines).encode()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, redis_url):
    tmp = tmp_path_factory.mktemp("limits")
    scenario = tmp / "scenario"
    shutil.copytree(sample_scenario(), scenario)
    head = scenario / "head"
    for pkg, data in {
        "huge": unmarked_file("huge", 9 << 20),  # over the size GitHub blobs are fetched at
        "big": unmarked_file("big", int(2.5 * (1 << 20))),  # fetched, over the per-file limit
        "slow": goroutine_functions(6000),  # analysis runs past its budget
    }.items():
        (head / pkg).mkdir()
        (head / pkg / f"{pkg}.go").write_bytes(data)
    s, cleanup = start_stack(tmp, redis_url, scenario=scenario, GOLEASH_REVIEW_TIME_LIMIT=REVIEW_LIMIT, GOLEASH_PACKAGE_TIME_LIMIT=PACKAGE_LIMIT)
    yield s
    cleanup.run()


def ordinary_findings(st):
    files = snapshot_files(st, st.head_sha)
    sources = {p: d for p, d in files.items() if p.endswith("go.mod") or posixpath.dirname(p) in ("api", "store")}
    report = analyze_sources(sources)
    return [f for f in report.findings if (fd := st.file_diff(f.path, st.head_sha)) and fd.find("RIGHT", f.line)]


def test_a_pathological_pull_request_is_reviewed_within_its_limits_and_says_what_it_skipped(fresh):
    st = fresh.state
    resp = fresh.deliver("opened")
    assert fresh.task_result(resp, timeout=REVIEW_LIMIT + 30) == "reviewed"
    assert busy_seconds(fresh, resp) < REVIEW_LIMIT

    [run] = st.check_runs
    assert run["status"] == "completed"
    summary = run["output"]["summary"]
    assert "Not analysed: over the review's limits" in summary
    assert "- `huge`: `huge.go` is 9.0 MB, over the limit of 8.0 MB" in summary
    assert "- `big`: `big.go` is 2.5 MB, over the limit of 1.0 MB per file" in summary
    assert f"- `slow`: analysis took longer than its {PACKAGE_LIMIT} s budget" in summary
    assert "3 packages not analysed" in run["output"]["title"]

    # The ordinary packages are reviewed as if the others were not there.
    in_diff = ordinary_findings(st)
    assert in_diff
    assert {fingerprint_in(c["body"]) for c in fresh.bot_comments()} == {f.fingerprint for f in in_diff}
    assert run["conclusion"] in ("failure", "neutral")

    # The file over the fetch limit was never downloaded; the one over the analysis limit was.
    blob_reads = {q["path"].rsplit("/", 1)[-1] for q in st.requests if "/git/blobs/" in q["path"]}
    files = snapshot_files(st, st.head_sha)
    assert git_blob_sha(files["huge/huge.go"]) not in blob_reads
    asked_by_graphql = " ".join(str(q["json"]) for q in st.requests if q["path"].endswith("/graphql"))
    assert git_blob_sha(files["huge/huge.go"]) not in asked_by_graphql
    assert git_blob_sha(files["big/big.go"]) in blob_reads
    log = fresh.worker.log()
    assert "review.package_skipped" in log and "package_time" in log
    assert st.violations == []


def test_a_review_github_holds_past_the_time_limit_still_completes_its_check_run(fresh):
    st = fresh.state
    st.slow(r"/pulls/\d+/reviews$", 30.0)  # GitHub stalls as the review is posted
    resp = fresh.deliver("opened")
    assert fresh.task_result(resp, timeout=REVIEW_LIMIT + 30) == "timed_out"
    # The worker was busy with the review for its limit plus the one call completing the run.
    assert REVIEW_LIMIT <= busy_seconds(fresh, resp) < REVIEW_LIMIT + 2
    runs = [r for r in st.check_runs if r["head_sha"] == st.head_sha]
    assert runs and all(r["status"] == "completed" for r in runs)
    assert runs[0]["conclusion"] == "neutral"
    assert "ran out of time" in runs[0]["output"]["title"]
    assert "GOLEASH_REVIEW_TIME_LIMIT" in runs[0]["output"]["summary"]
    assert "review.time_limit" in fresh.worker.log()
