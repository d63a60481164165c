"""Where GitHub is stricter than its description: 64-bit ids (and GraphQL's 32-bit Int), check-run
output counted in bytes, reviews refused whole, and the answers of its rate limits."""

import time

import pytest

INT_MAX = 2**31 - 1
THREAD_COMMENTS = """
query($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 10) { nodes { comments(first: 10) { nodes { %s } } } }
    }
  }
}"""


def added_lines(state, path="store/store.go", n=2):
    fd = state.file_diff(path)
    return sorted(pl.new_no for h in fd.patch.hunks for pl in h.lines if pl.kind == "+")[:n]


def review(http, state, comments, commit_id=None):
    body = {"event": "COMMENT", "body": "goleash", "comments": comments}
    if commit_id:
        body["commit_id"] = commit_id
    return http.post(f"/repos/{state.full_name}/pulls/{state.pr_number}/reviews", json=body)


def check_run(http, state, **output):
    return http.post(
        f"/repos/{state.full_name}/check-runs",
        json={"name": "goleash", "head_sha": state.head_sha, "status": "in_progress", "output": {"title": "t", "summary": "s", **output}},
    )


def test_ids_are_past_32_bits_as_on_github(http, state):
    [line] = added_lines(state, n=1)
    rv = review(http, state, [{"path": "store/store.go", "line": line, "body": "x"}]).json()
    [comment] = http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}/comments").json()
    issue_comment = http.post(f"/repos/{state.full_name}/issues/{state.pr_number}/comments", json={"body": "hi"}).json()
    run = check_run(http, state).json()
    for obj in (rv, comment, issue_comment, run):
        assert obj["id"] > INT_MAX
    assert state.violations == []


def test_graphql_databaseid_of_a_large_id_is_null_with_an_error_and_fulldatabaseid_carries_it(http, state):
    [line] = added_lines(state, n=1)
    review(http, state, [{"path": "store/store.go", "line": line, "body": "x"}])
    [rc] = state.review_comments
    variables = {"owner": state.owner, "name": state.repo, "number": state.pr_number}

    old = http.post("/graphql", json={"query": THREAD_COMMENTS % "databaseId", "variables": variables}).json()
    assert old["data"]["repository"]["pullRequest"]["reviewThreads"]["nodes"][0]["comments"]["nodes"] == [{"databaseId": None}]
    [err] = old["errors"]
    assert str(rc["id"]) in err["message"] and "32-bit" in err["message"]
    assert err["path"][-1] == "databaseId"

    new = http.post("/graphql", json={"query": THREAD_COMMENTS % "fullDatabaseId", "variables": variables}).json()
    assert "errors" not in new
    nodes = new["data"]["repository"]["pullRequest"]["reviewThreads"]["nodes"][0]["comments"]["nodes"]
    assert nodes == [{"fullDatabaseId": str(rc["id"])}]


def test_check_run_output_is_limited_in_bytes(http, state):
    assert check_run(http, state, summary="é" * 32_767).status_code == 201  # 65,534 bytes
    r = check_run(http, state, summary="é" * 32_768)  # 65,536 bytes, 32,768 chars
    assert r.status_code == 422
    assert r.json() == {
        "message": "Validation Failed",
        "errors": [{"resource": "CheckRun", "code": "custom", "field": "summary", "message": "summary exceeds a maximum bytesize of 65535"}],
        "documentation_url": "https://docs.github.com/rest/checks/runs#create-a-check-run",
        "status": "422",
    }
    [run] = state.check_runs
    r = http.patch(
        f"/repos/{state.full_name}/check-runs/{run['id']}", json={"output": {"title": "t", "summary": "ok", "text": "⛔" * 21_846}}
    )  # 65,538 bytes
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "text"
    assert r.json()["documentation_url"].endswith("#update-a-check-run")
    assert state.check_run(run["id"])["output"]["summary"] == "é" * 32_767  # the refused PATCH changed nothing
    # Over 65,535 characters the description's own limit answers first.
    r = check_run(http, state, summary="a" * 65_536)
    assert r.status_code == 422 and "65535" in r.json()["message"]


def test_a_review_on_a_force_pushed_away_commit_is_refused(http, state):
    [line] = added_lines(state, n=1)
    old_head = state.head_sha
    state.push("head2", force=True)
    assert old_head not in state.pr_commits and old_head in state.store.commits
    r = review(http, state, [{"path": "store/store.go", "line": line, "body": "x"}], commit_id=old_head)
    assert r.status_code == 422
    assert r.json()["message"] == "Unprocessable Entity"
    assert r.json()["errors"] == ["The commitOID is not part of the pull request"]
    assert state.reviews == [] and state.review_comments == []

    # An ordinary push keeps the previous head part of the pull request: a review on it is taken.
    previous = state.head_sha
    state.push("head")
    assert review(http, state, [], commit_id=previous).status_code == 200


def test_one_unanchorable_comment_refuses_the_whole_review(http, state):
    a, b = added_lines(state)
    state.unanchorable_lines.add(("store/store.go", b))
    r = review(http, state, [{"path": "store/store.go", "line": a, "body": "fine"}, {"path": "store/store.go", "line": b, "body": "refused"}])
    assert r.status_code == 422
    assert r.json()["errors"] == ["Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank"]
    assert state.reviews == [] and state.review_comments == []
    assert review(http, state, [{"path": "store/store.go", "line": a, "body": "fine"}]).status_code == 200


def test_graphql_over_its_primary_limit_answers_200_with_a_rate_limit_error(http, state):
    state.set_rate_limit(0, "graphql", reset_in=30)
    r = http.post("/graphql", json={"query": "{ viewer { login } }"})
    assert r.status_code == 200
    assert r.headers["x-ratelimit-remaining"] == "0" and r.headers["x-ratelimit-resource"] == "graphql"
    assert 0 < int(r.headers["x-ratelimit-reset"]) - time.time() <= 31
    assert r.json() == {
        "errors": [
            {
                "type": "RATE_LIMIT",
                "code": "graphql_rate_limit",
                "message": f"API rate limit already exceeded for installation ID {state.installation_id}.",
            }
        ]
    }
    # REST is a separate bucket.
    assert http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}").status_code == 200


def test_graphql_rate_limit_can_be_injected(http, state):
    state.inject("POST", r"/graphql$", 200, times=1)
    r = http.post("/graphql", json={"query": "{ viewer { login } }"})
    assert r.status_code == 200 and r.json()["errors"][0]["type"] == "RATE_LIMIT"
    assert r.headers["x-ratelimit-remaining"] == "0"
    assert http.post("/graphql", json={"query": "{ viewer { login } }"}).json()["data"]["viewer"]["login"] == "goleash"


@pytest.mark.parametrize("status", [403, 429])
def test_secondary_limit_without_retry_after(http, state, status):
    state.inject("POST", r"/pulls/\d+/reviews$", status, headers={"x-ratelimit-remaining": "4321"})
    r = review(http, state, [])
    assert r.status_code == status and "retry-after" not in {k.lower() for k in r.headers}
    assert r.headers["x-ratelimit-remaining"] == "4321"
    assert r.json()["message"].startswith("You have exceeded a secondary rate limit")


def test_primary_limit_answers_403_with_remaining_zero_and_the_reset(http, state):
    state.set_rate_limit(0, "core", reset_in=20)
    r = http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}")
    assert r.status_code == 403 and r.headers["x-ratelimit-remaining"] == "0"
    assert r.json()["message"] == f"API rate limit exceeded for installation ID {state.installation_id}."
    assert 0 < int(r.headers["x-ratelimit-reset"]) - time.time() <= 21
