"""What a review asks GitHub for on a large repository, counted by endpoint in the stand-in's
request log: a PR changing one file in each of 3 packages of 150 files is fetched in a few
batched GraphQL queries, a second push fetches only the changed blob, a replay fetches nothing
the review already fetched; and GitHub's large-PR behaviours (no patch for a large diff, a
truncated recursive tree, the files list ending at 3,000) still give a correct review."""

from __future__ import annotations

import collections
import uuid

import pytest

from ghsandbox.large_pr import write_scenario

from .harness import expected_findings, start_stack

PACKAGES, FILES = 3, 150
GO_FILES = PACKAGES * FILES


@pytest.fixture(scope="module")
def stack(tmp_path_factory, redis_url):
    tmp = tmp_path_factory.mktemp("fetch")
    scenario = write_scenario(tmp / "scenario", PACKAGES, FILES, bulk=3005)
    s, cleanup = start_stack(tmp, redis_url, scenario=scenario)
    yield s
    cleanup.run()


def since(st, mark: int) -> list[dict]:
    return [r for r in st.requests[mark:] if r["operation"]]


def by_endpoint(reqs: list[dict]) -> collections.Counter:
    return collections.Counter(f"{r['method']} {r['operation']}" + (" 304" if r["status"] == 304 else "") for r in reqs)


def blob_queries(reqs: list[dict], kind: str = "oid") -> list[int]:
    """Objects asked for in each GraphQL query for blobs."""
    out = []
    for r in reqs:
        q = (r["json"] or {}).get("query") or "" if r["operation"] == "graphql_endpoint" else ""
        if f"object({kind}:" in q:
            out.append(q.count(f"object({kind}:"))
    return out


def trees(reqs: list[dict], recursive: bool) -> int:
    return sum(1 for r in reqs if r["operation"] == "git/get-tree" and ("recursive" in r["query"]) == recursive)


def review(stack, action: str) -> list[dict]:
    mark = len(stack.state.requests)
    assert stack.task_result(stack.deliver(action)) == "reviewed"
    return since(stack.state, mark)


def goleash_run(st) -> dict:
    return [c for c in st.check_runs if c["name"] == "goleash" and c["head_sha"] == st.head_sha][-1]


def comments_where(stack) -> set[tuple[str, int]]:
    return {(c["path"], c["line"]) for c in stack.bot_comments()}


def expected_where(st) -> set[tuple[str, int]]:
    _, in_diff, _ = expected_findings(st, st.head_sha)
    return {(f.path, f.line) for f in in_diff}


def test_first_review_fetches_the_packages_in_a_few_batched_queries(fresh):
    st = fresh.state
    reqs = review(fresh, "opened")
    counts = by_endpoint(reqs)
    assert len(reqs) <= 20, counts
    assert "GET git/get-blob" not in counts
    # every Go file of the 3 packages and the go.mod, 100 to a query
    assert sorted(blob_queries(reqs)) == [GO_FILES + 1 - 400, 100, 100, 100, 100]
    assert trees(reqs, recursive=True) == 1 and trees(reqs, recursive=False) == 0
    assert f"Analysed {GO_FILES} Go files" in goleash_run(st)["output"]["summary"]
    assert comments_where(fresh) == expected_where(st) != set()
    assert st.violations == []


def test_a_second_push_fetches_only_the_blob_that_changed(fresh):
    st = fresh.state
    review(fresh, "opened")
    st.push("head2")
    reqs = review(fresh, "synchronize")
    counts = by_endpoint(reqs)
    assert len(reqs) <= 10, counts
    assert blob_queries(reqs) == [1]
    assert "GET git/get-blob" not in counts
    assert counts["GET repos/get-content"] <= 2  # the configuration at the same base is not read again
    assert f"Analysed {GO_FILES} Go files" in goleash_run(st)["output"]["summary"]
    assert st.violations == []


def test_a_replay_fetches_nothing_the_review_fetched(fresh):
    from goleash.workers.replay_task import REPLAY_PREPARE_TASK, REPLAY_REPORT_TASK

    st = fresh.state
    review(fresh, "opened")
    job = {
        "delivery_id": str(uuid.uuid4()),
        "installation_id": st.installation_id,
        "repo": st.full_name,
        "number": st.pr_number,
        "head_sha": st.head_sha,
    }
    mark = len(st.requests)
    assert fresh.celery.send_task(REPLAY_PREPARE_TASK, kwargs={"job": job, "trigger": "request"}).get(timeout=60) == "queued"
    run = next(c for c in st.check_runs if c["name"] == "goleash replay")
    # The run step (a replay worker, the tarball) is not part of this: it answers with nothing found.
    nothing = {"findings": [], "failures": [], "skipped": [], "steps": []}
    report = fresh.celery.send_task(REPLAY_REPORT_TASK, kwargs={"job": job, "result": nothing, "check_run_id": run["id"]})
    assert report.get(timeout=60) == "reported"
    reqs = since(st, mark)
    counts = by_endpoint(reqs)
    assert blob_queries(reqs) == [] and "GET git/get-blob" not in counts and trees(reqs, True) + trees(reqs, False) == 0
    # both steps read the files list; the review's answer is still good: 304, not counted by GitHub
    assert counts["GET pulls/list-files 304"] == 2 and counts["GET pulls/list-files"] == 0
    assert st.violations == []


def test_a_file_listed_without_its_patch_is_diffed_from_its_two_versions(fresh):
    st = fresh.state
    st.max_patch_bytes = 10  # every changed file's diff is "too large" for the files list
    reqs = review(fresh, "opened")
    counts = by_endpoint(reqs)
    assert counts["GET repos/compare-commits"] == 1  # the merge base, once
    assert blob_queries(reqs, "expression") == [PACKAGES]  # the base versions of the changed files
    assert comments_where(fresh) == expected_where(st) != set()
    assert st.violations == []


def test_a_truncated_tree_is_completed_one_level_at_a_time(fresh):
    st = fresh.state
    st.tree_entry_limit = 40
    reqs = review(fresh, "opened")
    # the root, then each touched package's directory
    assert trees(reqs, recursive=True) == 1 and trees(reqs, recursive=False) == 1 + PACKAGES
    assert f"Analysed {GO_FILES} Go files" in goleash_run(st)["output"]["summary"]
    assert comments_where(fresh) == expected_where(st) != set()
    assert st.violations == []


def test_a_pull_request_over_3000_files_is_reviewed_as_far_as_listed_and_says_so(fresh):
    st = fresh.state
    st.push("head3")
    assert len(st.pr_files()) > 3000
    reqs = review(fresh, "synchronize")
    pages = [r for r in reqs if r["operation"] == "pulls/list-files"]
    assert len(pages) == 30 and all(r["status"] == 200 for r in pages)  # 3,000 files, 100 a page, then no next
    run = goleash_run(st)
    assert run["conclusion"] != "success"  # a partial review never vouches for the PR
    assert "at most 3,000 files" in run["output"]["summary"]
    assert f"Analysed {GO_FILES} Go files" in run["output"]["summary"]  # the Go files were among those listed
    assert st.violations == []
