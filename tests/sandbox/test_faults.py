"""Fault injection, latency, and how PyGithub reacts to them."""

import time

import github
import pytest


def pr_path(state):
    return f"/repos/{state.full_name}/pulls/{state.pr_number}"


def test_502_once_then_ok(http, state):
    state.inject("GET", r"/pulls/\d+$", 502)
    r = http.get(pr_path(state))
    assert r.status_code == 502 and r.json()["message"] == "Server Error"
    assert r.headers["x-ratelimit-limit"] == "5000"
    assert http.get(pr_path(state)).status_code == 200
    assert [x["status"] for x in state.requests] == [502, 200]
    assert [x["injected"] for x in state.requests] == [True, False]
    assert state.violations == []


def test_secondary_rate_limit(http, state):
    state.inject("POST", r"/issues/\d+/comments$", 403, headers={"Retry-After": "1"})
    r = http.post(f"/repos/{state.full_name}/issues/{state.pr_number}/comments", json={"body": "hi"})
    assert r.status_code == 403 and r.headers["Retry-After"] == "1"
    assert r.json()["message"].startswith("You have exceeded a secondary rate limit")
    assert state.issue_comments == []  # refused before doing anything


def test_primary_rate_limit_429(http, state):
    reset = int(time.time()) + 30
    state.inject("*", r"/pulls/", 429, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}, times=2)
    for _ in range(2):
        r = http.get(pr_path(state) + "/files")
        assert r.status_code == 429
        assert r.headers["x-ratelimit-remaining"] == "0" and r.headers["x-ratelimit-reset"] == str(reset)
        assert r.json()["message"].startswith("API rate limit exceeded")
    assert http.get(pr_path(state) + "/files").status_code == 200


def test_custom_body_and_forever(http, state):
    state.inject("GET", r"/contents/", 404, body={"message": "Not Found", "documentation_url": "x"}, times=None)
    for _ in range(3):
        assert http.get(f"/repos/{state.full_name}/contents/go.mod").json()["documentation_url"] == "x"
    state.clear_injections()
    assert http.get(f"/repos/{state.full_name}/contents/go.mod").status_code == 200


def test_latency(http, state):
    state.latency = 0.2
    t = time.time()
    http.get(pr_path(state))
    assert time.time() - t >= 0.2


def test_pygithub_retries_5xx_with_github_retry(make_gh, state):
    gh = make_gh(retry=github.GithubRetry(total=3))
    state.inject("GET", r"/pulls/\d+$", 502)
    pr = gh.get_repo(state.full_name).get_pull(state.pr_number)
    assert pr.number == state.pr_number
    assert [r["status"] for r in state.requests if r["path"].endswith("/pulls/42")] == [502, 200]


def test_pygithub_without_retry_raises(make_gh, state):
    gh = make_gh(retry=None)
    repo = gh.get_repo(state.full_name)
    state.inject("GET", r"/pulls/\d+$", 502)
    with pytest.raises(github.GithubException) as e:
        repo.get_pull(state.pr_number)
    assert e.value.status == 502


def test_pygithub_honours_retry_after_on_403(make_gh, state):
    gh = make_gh(retry=github.GithubRetry(total=3))
    repo = gh.get_repo(state.full_name)
    state.inject("GET", r"/pulls/\d+$", 403, headers={"Retry-After": "1"})
    t = time.time()
    repo.get_pull(state.pr_number)
    assert time.time() - t >= 0.9
    assert [r["status"] for r in state.requests if r["path"].endswith("/pulls/42")] == [403, 200]


def test_pygithub_does_not_retry_429_without_retry_after(make_gh, state):
    gh = make_gh(retry=github.GithubRetry(total=3))
    repo = gh.get_repo(state.full_name)
    state.inject("GET", r"/pulls/\d+$", 429, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(time.time()) + 60)})
    with pytest.raises(github.GithubException) as e:  # plain GithubException, not RateLimitExceededException
        repo.get_pull(state.pr_number)
    assert e.value.status == 429 and not isinstance(e.value, github.RateLimitExceededException)


def test_pygithub_retried_post_duplicates_a_review(make_gh, state):
    """GithubRetry retries POST on 5xx: if GitHub did create the review before the 502, there are two."""
    gh = make_gh(retry=github.GithubRetry(total=3))
    pr = gh.get_repo(state.full_name).get_pull(state.pr_number)
    state.inject("POST", r"/reviews$", 502, process=True)
    pr.create_review(body="goleash: 1 finding", event="COMMENT")
    assert [r["status"] for r in state.requests if r["path"].endswith("/reviews")] == [502, 200]
    assert len(state.reviews) == 2


def test_pygithub_exhausted_retries_raise_requests_retryerror(make_gh, state):
    """After GithubRetry gives up on 5xx, PyGithub surfaces requests' RetryError, not a GithubException."""
    import requests

    gh = make_gh(retry=github.GithubRetry(total=2))
    repo = gh.get_repo(state.full_name)
    state.inject("GET", r"/pulls/\d+$", 502, times=None)
    with pytest.raises(requests.exceptions.RetryError):
        repo.get_pull(state.pr_number)
    assert [r["status"] for r in state.requests if r["path"].endswith("/pulls/42")] == [502, 502, 502]


def test_secondary_limit_without_retry_after_waits_60s_in_pygithub(make_gh, state):
    """No Retry-After: PyGithub would sleep secondary_rate_wait (60 s); max_rate_limit_wait turns it into an error."""
    gh = make_gh(retry=github.GithubRetry(total=2, max_rate_limit_wait=5))
    repo = gh.get_repo(state.full_name)
    state.inject("GET", r"/pulls/\d+$", 403)
    with pytest.raises(github.RateLimitExceededExceedsMaxWait) as e:
        repo.get_pull(state.pr_number)
    assert e.value.wait == 60
