"""POST /graphql: schema validation and review threads."""

import github
import pytest

THREADS = """
query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 2, after: $after) {
        nodes { id isResolved isOutdated path line comments(first: 10) { nodes { fullDatabaseId body author { login } } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}"""

RESOLVE = """mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { id isResolved } } }"""


def seed_threads(pr, state, n=3):
    fd = state.file_diff("store/store.go")
    lines = sorted(pl.new_no for h in fd.patch.hunks for pl in h.lines if pl.kind == "+")[:n]
    pr.create_review(
        event="COMMENT", body="goleash", comments=[{"path": "store/store.go", "line": line, "body": f"finding {i}"} for i, line in enumerate(lines)]
    )
    return lines


def test_list_and_resolve_threads(gh, pr, state):
    lines = seed_threads(pr, state)
    variables = {"owner": state.owner, "name": state.repo, "number": state.pr_number}
    _, page1 = gh.requester.graphql_query(THREADS, variables)
    conn = page1["data"]["repository"]["pullRequest"]["reviewThreads"]
    assert conn["pageInfo"]["hasNextPage"] is True and len(conn["nodes"]) == 2
    _, page2 = gh.requester.graphql_query(THREADS, dict(variables, after=conn["pageInfo"]["endCursor"]))
    nodes = conn["nodes"] + page2["data"]["repository"]["pullRequest"]["reviewThreads"]["nodes"]
    assert [n["line"] for n in nodes] == lines
    assert nodes[0]["comments"]["nodes"][0]["fullDatabaseId"] == str(state.review_comments[0]["id"])
    assert nodes[0]["comments"]["nodes"][0]["author"]["login"] == "goleash"  # GraphQL drops "[bot]"
    assert not any(n["isResolved"] for n in nodes)

    _, res = gh.requester.graphql_query(RESOLVE, {"id": nodes[1]["id"]})
    assert res["data"]["resolveReviewThread"]["thread"] == {"id": nodes[1]["id"], "isResolved": True}
    assert state.thread_resolutions == [
        {
            "thread_id": nodes[1]["id"],
            "resolved": True,
            "by": "goleash[bot]",
            "comment_ids": [state.review_comments[1]["id"]],
            "at": state.thread_resolutions[0]["at"],
        }
    ]
    assert [t["is_resolved"] for t in state.threads] == [False, True, False]
    # PyGithub's named-mutation helper produces a valid document too
    _, out = gh.requester.graphql_named_mutation("unresolveReviewThread", {"threadId": nodes[1]["id"]}, "thread { isResolved }")
    assert out == {"thread": {"isResolved": False}}
    assert state.violations == []


def test_invalid_document_is_rejected(gh, http, state):
    query = '{ repository(owner: "acme", name: "inventory") { pullRequest(number: 42) { reviewThreads(first: 5) { nodes { id resolved } } } } }'
    r = http.post("/graphql", json={"query": query})
    assert r.status_code == 200
    err = r.json()["errors"][0]
    assert "data" not in r.json()
    assert err["message"] == "Field 'resolved' doesn't exist on type 'PullRequestReviewThread'"
    assert err["extensions"]["code"] == "undefinedField" and err["locations"]
    assert state.violations[-1]["kind"] == "graphql"
    with pytest.raises(github.GithubException):
        gh.requester.graphql_query("mutation { resolveReviewThread(input: {}) { thread { id } } }", {})
    assert len(state.violations) == 2
    r = http.post("/graphql", json={"query": "{ repository(owner: }"})
    assert r.json()["errors"][0]["message"].startswith("Parse error on")


def test_unknown_thread_is_not_found(gh, state):
    with pytest.raises(github.UnknownObjectException):
        gh.requester.graphql_query(RESOLVE, {"id": "PRRT_kwDOnope"})
    assert state.violations == []


def test_read_only_token_cannot_resolve(pr, state, http):
    seed_threads(pr, state, 1)
    tok = state.issue_token(permissions={"pull_requests": "read"})["token"]
    r = http.post("/graphql", headers={"Authorization": f"token {tok}"}, json={"query": RESOLVE, "variables": {"id": state.threads[0]["node_id"]}})
    assert r.json()["errors"][0]["type"] == "FORBIDDEN"
    assert state.threads[0]["is_resolved"] is False


def test_graphql_prefix_for_enterprise(server, state, token):
    import requests

    r = requests.post(
        server.url + "/api/graphql",
        headers={"Authorization": f"bearer {token}"},
        json={"query": "{ rateLimit { remaining } viewer { login } }"},
        timeout=10,
    )
    assert r.status_code == 200 and r.json()["data"]["viewer"]["login"] == "goleash"
    assert r.headers["x-ratelimit-resource"] == "graphql"
