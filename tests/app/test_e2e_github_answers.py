"""End to end against GitHub's less friendly answers: a head force-pushed away under the review,
a comment GitHub will not anchor, secondary and primary rate limits (REST and GraphQL), a
budget running low, and 64-bit comment ids. Every review still ends with its check run
completed, and says what happened."""

from __future__ import annotations

import json
import re
import time

from ghsandbox.devstack import wait_until
from goleash.bot.markers import fingerprint_in, fixed_in

from .harness import expected_findings

SECONDARY = {
    "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
    "status": "403",
}


def requests_to(st, method, pattern):
    return [r for r in st.requests if r["method"] == method and re.search(pattern, r["path"])]


def log_since(stack, offset: int) -> str:
    return stack.worker.log()[offset:]


def events(stack, offset: int, name: str) -> list[dict]:
    """The worker's structured log lines named `name`, after `offset`."""
    out = []
    for line in log_since(stack, offset).splitlines():
        if line.startswith("{") and f'"event": "{name}"' in line:
            out.append(json.loads(line))
    return out


def deferrals(stack, offset: int) -> list[float]:
    """The waits of the review's deferrals after `offset`, in order."""
    return [e["wait"] for e in events(stack, offset, "review.deferred")]


def test_a_head_force_pushed_away_under_the_review_stops_it_quietly(fresh):
    st = fresh.state
    old_head = st.head_sha
    st.slow(r"/pulls/\d+/reviews$", 2.0)  # the review is in flight while the author force-pushes
    resp = fresh.deliver("opened")
    wait_until(lambda: requests_to(st, "GET", r"/pulls/\d+/comments$"), 60, "the review to list comments")
    new_head = st.push("head2", force=True)
    assert fresh.task_result(resp) == "superseded"

    [post] = requests_to(st, "POST", r"/pulls/\d+/reviews$")
    assert post["status"] == 422
    assert fresh.bot_reviews() == []
    [run] = st.check_runs
    assert run["head_sha"] == old_head and run["status"] == "completed" and run["conclusion"] == "cancelled"
    assert "not part of the pull request" in run["output"]["summary"] and "force-push" in run["output"]["summary"]
    assert '"event": "review.abandoned"' not in fresh.worker.log()

    # The force-push's own delivery reviews the new head.
    st.slow_paths.clear()
    assert fresh.task_result(fresh.deliver("synchronize")) == "reviewed"
    [review] = fresh.bot_reviews()
    assert review["commit_id"] == new_head
    assert [r["status"] for r in st.check_runs if r["head_sha"] == new_head] == ["completed"]
    assert st.violations == []


def test_a_comment_github_will_not_anchor_is_isolated_and_the_others_posted(fresh):
    st = fresh.state
    _, in_diff, _ = expected_findings(st, st.head_sha)
    [refused] = [f for f in in_diff if f.path == "api/handler.go"]
    assert not refused.fixes  # its comment sits on its own line
    st.unanchorable_lines.add((refused.path, refused.span.start_line))

    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    posted = {fingerprint_in(c["body"]) for c in fresh.bot_comments()}
    assert posted == {f.fingerprint for f in in_diff} - {refused.fingerprint}
    posts = requests_to(st, "POST", r"/pulls/\d+/reviews$")
    assert posts[0]["status"] == 422
    # Isolated by halving, not one request per comment.
    assert len(posts) < 1 + len(in_diff)
    assert len(fresh.bot_reviews()) == len([p for p in posts if p["status"] == 200])

    [run] = st.check_runs
    assert run["status"] == "completed" and run["conclusion"] == "failure"
    summary = run["output"]["summary"]
    assert f"GitHub refused 1 of the {len(in_diff)} inline comments" in summary
    assert f"`{refused.rule_id}`" in summary and "must be part of the diff" in summary
    assert st.violations == []


def test_a_secondary_limit_without_retry_after_pauses_the_installation_a_minute_then_two(fresh):
    st = fresh.state
    st.inject("POST", r"/pulls/\d+/reviews$", 403, {"x-ratelimit-remaining": "4800"}, SECONDARY, times=2)
    start = len(fresh.worker.log())
    resp = fresh.deliver("opened")
    key = f"goleash:ratelimit:{st.installation_id}"

    def limited():
        return [e["wait"] for e in events(fresh, start, "review.deferred") if e["reason"] == "rate limited"]

    for expected in (60, 120):
        wait_until(limited, 60, "the review to be deferred")
        assert limited() == [expected]
        paused = float(fresh.redis.hget(key, "paused_until")) - time.time()
        assert expected - 10 < paused <= expected
        posts = len(requests_to(st, "POST", r"/pulls/\d+/reviews$"))
        time.sleep(3)  # the task comes back in hops shorter than the visibility timeout ...
        assert len(requests_to(st, "POST", r"/pulls/\d+/reviews$")) == posts  # ... and asks GitHub nothing
        assert len(deferrals(fresh, start)) >= 2
        # The minute passes (without the test waiting it out).
        start = len(fresh.worker.log())
        fresh.redis.hdel(key, "paused_until")

    assert fresh.task_result(resp) == "reviewed"
    assert [p["status"] for p in requests_to(st, "POST", r"/pulls/\d+/reviews$")] == [403, 403, 200]
    assert '"event": "review.retrying"' not in fresh.worker.log()
    [run] = st.check_runs
    assert run["status"] == "completed"
    assert st.violations == []


def test_a_retry_after_longer_than_a_countdown_reschedules_without_spending_retries(fresh):
    st = fresh.state
    start = len(fresh.worker.log())
    st.inject("POST", r"/pulls/\d+/reviews$", 403, {"Retry-After": "7"}, SECONDARY, times=1)
    assert fresh.task_result(fresh.deliver("opened"), timeout=60) == "reviewed"
    posts = requests_to(st, "POST", r"/pulls/\d+/reviews$")
    assert [p["status"] for p in posts] == [403, 200]
    assert posts[1]["time"] - posts[0]["time"] >= 7.0
    # Hops of at most half the visibility timeout (4 s in these tests), none counted as a failure.
    assert len(deferrals(fresh, start)) >= 3
    assert '"event": "review.retrying"' not in log_since(fresh, start)
    assert all(e["countdown"] <= 2.0 and e["failures"] == 0 for e in events(fresh, start, "review.deferred"))
    [_] = fresh.bot_reviews()
    assert st.violations == []


def test_graphql_rate_limit_answered_with_200_is_waited_out_and_the_fixed_thread_resolved(fresh):
    st = fresh.state
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    comments = fresh.bot_comments()
    assert comments and all(c["id"] > 2**31 for c in comments)  # GitHub-sized: GraphQL's Int cannot hold them
    new_head = st.push("head2")
    start = len(fresh.worker.log())
    # GitHub's GraphQL primary limit, answered to the query for the review threads.
    st.inject("POST", r"/graphql$", 200, {"x-ratelimit-reset": str(int(time.time()) + 2)}, times=1, body_contains="reviewThreads")

    assert fresh.task_result(fresh.deliver("synchronize")) == "reviewed"
    gql = requests_to(st, "POST", r"/graphql$")
    assert len([r for r in gql if r["injected"]]) == 1 and all(r["status"] == 200 for r in gql)
    deferred = events(fresh, start, "review.deferred")
    assert deferred[0]["reason"] == "GraphQL rate limit" and 1 <= deferred[0]["wait"] <= 4
    assert all(d["reason"] == "installation paused by a rate limit" for d in deferred[1:])
    assert not events(fresh, start, "review.retrying") and not events(fresh, start, "review.abandoned")
    [fixed] = [c for c in fresh.bot_comments() if fixed_in(c["body"]) == new_head]
    assert st.thread_of(fixed["id"])["is_resolved"]
    assert [t["comment_ids"] for t in st.thread_resolutions] == [st.thread_of(fixed["id"])["comment_ids"]]
    assert all(r["status"] == "completed" for r in st.check_runs)
    assert st.violations == []


def test_a_low_budget_slows_the_review_down_instead_of_running_into_the_limit(fresh):
    st = fresh.state
    st.set_rate_limit(6, "core", reset_in=4)
    t0 = time.time()
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    assert not [r for r in st.requests if r["status"] in (403, 429)], [
        (round(r["time"] - t0, 2), r["method"], r["path"], r["status"], r["auth"]) for r in st.requests
    ]
    assert time.time() - t0 >= 3  # spread up to the reset
    assert fresh.redis.hget(f"goleash:ratelimit:{st.installation_id}", "core:remaining") is not None
    assert len(fresh.bot_reviews()) == 1
    assert st.violations == []


def test_listing_review_comments_does_not_fetch_each_comment_again(fresh):
    st = fresh.state
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    for key in fresh.redis.scan_iter("goleash:pr:*:done:*"):
        fresh.redis.delete(key)
    assert len(fresh.bot_comments()) >= 3
    assert fresh.task_result(fresh.deliver("synchronize")) == "reviewed"  # lists the comments it posted
    per_comment = requests_to(st, "GET", r"/pulls/comments/\d+$")
    assert per_comment == [], [r["path"] for r in per_comment]
    assert len(requests_to(st, "GET", r"/pulls/\d+/comments$")) == 2  # one page per review
    assert st.violations == []
