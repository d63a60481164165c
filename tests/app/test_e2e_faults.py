"""End to end under failure: a worker killed mid-review, and GitHub answering 502 and
403 + Retry-After. Each must still end with exactly one review and one check run."""

from __future__ import annotations

from ghsandbox.devstack import wait_until
from goleash.bot.markers import fingerprint_in

from .harness import expected_findings

SECONDARY = {"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}


def _one_complete_review(stack):
    st = stack.state
    _, in_diff, _ = expected_findings(st, st.head_sha)
    [review] = stack.bot_reviews()
    fps = [fingerprint_in(c["body"]) for c in stack.bot_comments()]
    assert sorted(fps) == sorted(f.fingerprint for f in in_diff)  # none twice, none missing
    [run] = st.check_runs
    assert run["status"] == "completed" and run["conclusion"] in ("failure", "neutral")
    assert st.violations == []
    return review, run


def test_worker_killed_mid_review_is_replaced_and_the_review_posted_once(fresh):
    st = fresh.state
    st.latency = 0.3  # widen the window between the check run and the review
    resp = fresh.deliver("opened")
    assert resp.status_code == 202
    [task_id] = resp.json()["tasks"]

    # Mid-review: the check run exists, the review does not yet.
    wait_until(lambda: st.check_runs, 30, "the worker to create the check run")
    assert fresh.bot_reviews() == []
    fresh.worker.kill()  # SIGKILL: no ack, no cleanup, the PR lock left to expire
    assert fresh.bot_reviews() == []

    st.latency = 0.0
    fresh.restart_worker()
    result = fresh.celery.AsyncResult(task_id).get(timeout=120, interval=0.2)
    assert result == "reviewed"
    review, run = _one_complete_review(fresh)
    assert len(run["annotations"]) == len(expected_findings(st, st.head_sha)[0])


def test_502_then_403_retry_after_still_give_one_review(fresh):
    st = fresh.state
    # A read fails transiently (retried inside the HTTP client, Retry-After honoured) ...
    st.inject("GET", r"/pulls/\d+/files$", 403, {"Retry-After": "1"}, SECONDARY, times=1)
    # ... and so does the review itself, twice: 502, then a secondary rate limit.
    st.inject("POST", r"/pulls/\d+/reviews$", 502, None, {"message": "Server Error"}, times=1)
    st.inject("POST", r"/pulls/\d+/reviews$", 403, {"Retry-After": "1"}, SECONDARY, times=1)

    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    _one_complete_review(fresh)

    posts = [r for r in st.requests if r["method"] == "POST" and r["path"].endswith("/reviews")]
    assert [p["status"] for p in posts] == [502, 403, 200]
    assert posts[2]["time"] - posts[1]["time"] >= 1.0  # the task waited out Retry-After
    files = [r for r in st.requests if r["path"].endswith("/files")]
    assert [r["status"] for r in files[:2]] == [403, 200]
    assert files[1]["time"] - files[0]["time"] >= 1.0
    assert len([r for r in st.requests if r["method"] == "POST" and r["path"].endswith("/check-runs")]) == 1


def test_uninstalled_app_ends_the_task_without_retrying(fresh):
    st = fresh.state
    st.inject("POST", r"/app/installations/\d+/access_tokens$", 404, None, {"message": "Not Found"}, times=None)
    assert fresh.task_result(fresh.deliver("opened")) == "abandoned"
    assert len([r for r in st.requests if "access_tokens" in r["path"]]) == 1
    assert fresh.bot_reviews() == [] and st.check_runs == []
    assert '"event": "review.abandoned"' in fresh.worker.log()
