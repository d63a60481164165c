"""The stand-in's answers a client fetching a large pull request meets: blobs through GraphQL
(text, binary, truncated), conditional requests (ETag, 304 not counted), truncated recursive
trees and files listed without their patch."""

from __future__ import annotations

import hashlib

BLOB_QUERY = """query($owner: String!, $name: String!, $e: String!) { repository(owner: $owner, name: $name) {
  a: object(oid: "%s") { ... on Blob { oid byteSize isBinary isTruncated text } }
  b: object(expression: $e) { ... on Blob { oid text } }
  c: object(oid: "%s") { ... on Blob { oid } } } }"""


def git_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def gql(http, state, query, **variables):
    r = http.post("/graphql", json={"query": query, "variables": {"owner": state.owner, "name": state.repo, **variables}})
    assert r.status_code == 200, r.text
    return r.json()


def head_go_file(state) -> tuple[str, bytes]:
    files = state.head_commit.snapshot.files
    path = sorted(p for p in files if p.endswith(".go"))[0]
    return path, files[path]


def test_blobs_by_oid_and_by_path_at_a_commit(http, state):
    path, data = head_go_file(state)
    sha = git_sha(data)
    body = gql(http, state, BLOB_QUERY % (sha, "0" * 40), e=f"{state.head_sha}:{path}")
    repo = body["data"]["repository"]
    assert "errors" not in body
    assert repo["a"] == {"oid": sha, "byteSize": len(data), "isBinary": False, "isTruncated": False, "text": data.decode()}
    assert repo["b"] == {"oid": sha, "text": data.decode()}
    assert repo["c"] is None  # no such object: null, not an error
    assert state.violations == []


def test_binary_blobs_have_no_text_and_large_ones_are_cut(http, state):
    binary = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
    state.store.blobs[git_sha(binary)] = binary
    path, data = head_go_file(state)
    state.graphql_text_limit = 10
    repo = gql(http, state, BLOB_QUERY % (git_sha(binary), git_sha(data)), e="nothing:here")["data"]["repository"]
    assert repo["a"]["isBinary"] is True and repo["a"]["text"] is None
    assert repo["b"] is None
    big = gql(http, state, BLOB_QUERY % (git_sha(data), git_sha(data)), e=f"{state.head_sha}:{path}")
    a = big["data"]["repository"]["a"]
    assert a["isTruncated"] is True and a["text"] == data[:10].decode()


def test_a_conditional_request_answered_304_is_not_counted(http, state):
    url = f"/repos/{state.full_name}/pulls/{state.pr_number}/files"
    first = http.get(url)
    etag = first.headers["ETag"]
    used = int(first.headers["x-ratelimit-used"])
    again = http.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert int(again.headers["x-ratelimit-used"]) == used
    assert http.get("/rate_limit").json()["resources"]["core"]["used"] == used
    state.push(state.scenario.heads[1])
    changed = http.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert int(changed.headers["x-ratelimit-used"]) == used + 1
    assert state.violations == []


def test_a_recursive_tree_over_the_limit_is_truncated(http, state):
    url = f"/repos/{state.full_name}/git/trees/{state.head_sha}"
    full = http.get(url, params={"recursive": "1"}).json()
    assert full["truncated"] is False
    state.tree_entry_limit = 3
    cut = http.get(url, params={"recursive": "1"}).json()
    assert cut["truncated"] is True and cut["tree"] == full["tree"][:3]
    one_level = http.get(url).json()
    assert one_level["truncated"] is False and len(one_level["tree"]) > 0
    assert state.violations == []


def test_a_file_whose_diff_is_too_large_is_listed_without_patch(http, state):
    url = f"/repos/{state.full_name}/pulls/{state.pr_number}/files"
    files = http.get(url).json()
    assert all("patch" in f for f in files if f["status"] == "modified")
    small = min(len(f["patch"]) for f in files if "patch" in f)
    state.max_patch_bytes = small
    cut = http.get(url).json()
    assert [f["filename"] for f in cut if "patch" not in f] == [f["filename"] for f in files if "patch" in f and len(f["patch"].encode()) > small]
    assert any("patch" in f for f in cut) and any("patch" not in f for f in cut)
    assert state.violations == []
