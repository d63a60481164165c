"""GitHub's validation rules: review comments inside hunks, check-run limits, auth, pagination."""

import time

import github
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def hunk_lines(state, path, side="RIGHT"):
    fd = state.file_diff(path)
    out = []
    for h in fd.patch.hunks:
        if side == "RIGHT":
            out.append(sorted(pl.new_no for pl in h.lines if pl.new_no))
        else:
            out.append(sorted(pl.old_no for pl in h.lines if pl.old_no))
    return out


def outside_line(state, path):
    inside = {n for h in hunk_lines(state, path) for n in h}
    return next(n for n in range(1, 500) if n not in inside)


def post_review(http, state, comments, **kw):
    return http.post(
        f"/repos/{state.full_name}/pulls/{state.pr_number}/reviews", json={"event": "COMMENT", "body": "goleash", "comments": comments, **kw}
    )


def test_comment_outside_hunk_is_422(http, state):
    good = hunk_lines(state, "store/store.go")[0][0]
    r = post_review(
        http,
        state,
        [
            {"path": "store/store.go", "line": good, "body": "ok"},
            {"path": "store/store.go", "line": outside_line(state, "store/store.go"), "side": "RIGHT", "body": "outside"},
        ],
    )
    assert r.status_code == 422
    body = r.json()
    assert body["message"] == "Unprocessable Entity"
    assert body["errors"] == ["Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank"]
    assert body["documentation_url"].startswith("https://docs.github.com/")
    assert state.reviews == [] and state.review_comments == []  # all or nothing
    assert state.violations == []  # a well-formed request that GitHub refuses is not a spec violation


def test_multiline_rules(http, state):
    hunks = hunk_lines(state, "store/store.go")
    assert len(hunks) >= 2
    a, b = hunks[0], hunks[1]
    r = post_review(http, state, [{"path": "store/store.go", "start_line": a[-1], "line": b[0], "body": "x"}])
    assert r.status_code == 422
    assert "start line must be part of the same hunk as the line." in r.json()["errors"][0]
    r = post_review(http, state, [{"path": "store/store.go", "start_line": a[2], "line": a[2], "body": "x"}])
    assert r.status_code == 422 and "start line must precede the end line" in r.json()["errors"][0]
    r = post_review(http, state, [{"path": "store/store.go", "start_line": a[1], "line": a[3], "body": "x", "start_side": "RIGHT", "side": "RIGHT"}])
    assert r.status_code == 200
    assert state.review_comments[0]["start_line"] == a[1] and state.review_comments[0]["position"] is None


def test_left_side_comments_and_suggestions(http, state):
    fd = state.file_diff("store/store.go")
    deleted = next(pl.old_no for h in fd.patch.hunks for pl in h.lines if pl.kind == "-")
    r = post_review(http, state, [{"path": "store/store.go", "line": deleted, "side": "LEFT", "body": "```suggestion\nfoo\n```"}])
    assert r.status_code == 422
    assert r.json()["errors"] == ["Applying suggestions on deleted lines is not supported"]
    r = post_review(http, state, [{"path": "store/store.go", "line": deleted, "side": "LEFT", "body": "why removed?"}])
    assert r.status_code == 200
    c = state.review_comments[0]
    assert (c["side"], c["line"]) == ("LEFT", deleted)


def test_path_not_in_diff_and_position(http, state):
    r = post_review(http, state, [{"path": "go.mod", "line": 1, "body": "x"}])
    assert r.status_code == 422 and "path is invalid" in r.json()["errors"][0]
    r = post_review(http, state, [{"path": "store/catalog.go", "position": 3, "body": "legacy position"}])
    assert r.status_code == 200
    c = state.review_comments[0]
    assert (c["line"], c["side"], c["position"]) == (3, "RIGHT", 3)  # added file: position n == line n


def test_missing_required_field_is_422_and_a_violation(http, state):
    r = post_review(http, state, [{"path": "store/store.go", "line": 10}])  # no body
    assert r.status_code == 422
    assert r.json()["message"] == 'Invalid request.\n\n"body" wasn\'t supplied.'
    assert [v["operation"] for v in state.violations] == ["pulls/create-review"]


def test_one_pending_review(http, state):
    line = hunk_lines(state, "store/store.go")[0][0]
    r1 = http.post(
        f"/repos/{state.full_name}/pulls/{state.pr_number}/reviews", json={"comments": [{"path": "store/store.go", "line": line, "body": "draft"}]}
    )
    assert r1.status_code == 200 and r1.json()["state"] == "PENDING" and "submitted_at" not in r1.json()
    r2 = http.post(f"/repos/{state.full_name}/pulls/{state.pr_number}/reviews", json={"body": "again"})
    assert r2.status_code == 422
    assert r2.json()["errors"] == ["User can only have one pending review per pull request"]
    # pending comments are not listed
    assert http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}/comments").json() == []


def test_check_run_limits(http, state):
    ann = {"path": "store/store.go", "start_line": 1, "end_line": 1, "annotation_level": "warning", "message": "m"}
    url = f"/repos/{state.full_name}/check-runs"
    r = http.post(url, json={"name": "goleash", "head_sha": state.head_sha, "output": {"title": "t", "summary": "s", "annotations": [ann] * 51}})
    assert r.status_code == 422
    assert r.json()["message"] == "Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied."
    assert state.check_runs == [] and state.violations[0]["operation"] == "checks/create"
    state.violations.clear()
    r = http.post(url, json={"name": "goleash", "head_sha": state.head_sha, "status": "completed"})
    assert r.status_code == 422 and r.json()["message"] == 'Invalid request.\n\n"conclusion" wasn\'t supplied.'
    state.violations.clear()
    bad = dict(ann, end_line=3, start_column=1, end_column=4)
    r = http.post(url, json={"name": "goleash", "head_sha": state.head_sha, "output": {"title": "t", "summary": "s", "annotations": [bad]}})
    assert r.status_code == 422 and r.json()["message"] == "Validation Failed"
    r = http.post(url, json={"name": "goleash", "head_sha": "0" * 40})
    assert r.status_code == 422 and r.json()["message"] == f"No commit found for SHA: {'0' * 40}"
    r = http.post(url, json={"name": "goleash", "head_sha": state.head_sha, "conclusion": "success"})
    assert r.status_code == 201 and r.json()["status"] == "completed" and r.json()["completed_at"]
    assert state.violations == []


def test_jwt_rules(server, state, http):
    url = server.url + "/app"
    import requests

    def get(token):
        return requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)

    assert get(state.make_jwt()).status_code == 200
    assert get(state.make_jwt(iss=state.client_id)).status_code == 200  # client id works as iss too
    expired = get(state.make_jwt(iat_offset=-700, exp_offset=-10))
    assert expired.status_code == 401 and "'Expiration time' claim ('exp')" in expired.json()["message"]
    too_long = get(state.make_jwt(iat_offset=0, exp_offset=1200))
    assert too_long.status_code == 401 and "too far in the future" in too_long.json()["message"]
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    forged = jwt.encode({"iat": int(time.time()) - 60, "exp": int(time.time()) + 300, "iss": str(state.app_id)}, other, algorithm="RS256")
    assert get(forged).status_code == 401
    assert get("not-a-jwt").json()["message"] == "A JSON web token could not be decoded"
    # a JWT is not an installation token, and vice versa
    r = requests.get(
        f"{server.url}/repos/{state.full_name}/pulls/{state.pr_number}", headers={"Authorization": f"Bearer {state.make_jwt()}"}, timeout=10
    )
    assert r.status_code == 401 and r.json()["message"] == "Bad credentials"
    assert http.get("/app").status_code == 401


def test_token_expiry_and_narrowing(make_gh, server, state, http):
    gh = make_gh()
    pr = gh.get_repo(state.full_name).get_pull(state.pr_number)
    state.expire_tokens()
    with pytest.raises(github.BadCredentialsException):
        pr.get_files().totalCount  # PyGithub does not refresh a token the server expired early
    assert http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}").status_code == 401

    app_jwt = state.make_jwt()
    r = http.post(
        f"/app/installations/{state.installation_id}/access_tokens",
        headers={"Authorization": f"Bearer {app_jwt}"},
        json={"repositories": ["inventory"], "permissions": {"contents": "read", "pull_requests": "read"}},
    )
    assert r.status_code == 201
    body = r.json()
    assert body["permissions"] == {"contents": "read", "pull_requests": "read", "metadata": "read"}
    assert [x["full_name"] for x in body["repositories"]] == [state.full_name]
    narrow = {"Authorization": f"token {body['token']}"}
    assert http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}", headers=narrow).status_code == 200
    r = http.post(f"/repos/{state.full_name}/pulls/{state.pr_number}/reviews", headers=narrow, json={"event": "COMMENT", "body": "x"})
    assert r.status_code == 403 and r.json()["message"] == "Resource not accessible by integration"
    r = http.post(
        f"/app/installations/{state.installation_id}/access_tokens",
        headers={"Authorization": f"Bearer {app_jwt}"},
        json={"permissions": {"administration": "write"}},
    )
    assert r.status_code == 422
    r = http.post(
        f"/app/installations/{state.installation_id}/access_tokens",
        headers={"Authorization": f"Bearer {app_jwt}"},
        json={"repositories": ["elsewhere"]},
    )
    assert r.status_code == 422
    assert state.violations == []


def test_pagination_link_header(make_gh, http, state):
    base = f"{http.get('/rate_limit').url.rsplit('/', 1)[0]}/repos/{state.full_name}/pulls/{state.pr_number}/files"
    r1 = http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}/files", params={"per_page": 2})
    assert r1.headers["Link"] == (f'<{base}?per_page=2&page=2>; rel="next", <{base}?per_page=2&page=3>; rel="last"')
    r3 = http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}/files", params={"per_page": 2, "page": 3})
    assert r3.headers["Link"] == (f'<{base}?per_page=2&page=2>; rel="prev", <{base}?per_page=2&page=1>; rel="first"')
    assert len(r3.json()) == 1
    one = http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}/files")
    assert "Link" not in one.headers and len(one.json()) == 5
    state.requests.clear()
    gh = make_gh(per_page=2)
    names = [f.filename for f in gh.get_repo(state.full_name).get_pull(state.pr_number).get_files()]
    assert names == [x["filename"] for x in one.json()]
    pages = [r["query"].get("page") for r in state.requests if r["path"].endswith("/files")]
    assert pages == [None, "2", "3"]  # PyGithub follows rel="next"
    assert state.violations == []


def test_rate_limit_headers_and_exhaustion(http, state):
    r = http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}")
    used = int(r.headers["x-ratelimit-used"])
    assert r.headers["x-ratelimit-limit"] == "5000" and r.headers["x-ratelimit-resource"] == "core"
    assert int(r.headers["x-ratelimit-remaining"]) == 5000 - used
    assert int(r.headers["x-ratelimit-reset"]) > time.time()
    state.set_rate_limit(remaining=0)
    r = http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}")
    assert r.status_code == 403 and r.headers["x-ratelimit-remaining"] == "0"
    assert r.json()["message"].startswith("API rate limit exceeded for installation ID")
    assert http.get("/rate_limit").status_code == 200  # does not count


def test_mergeable_is_computed_lazily(http, state):
    url = f"/repos/{state.full_name}/pulls/{state.pr_number}"
    first = http.get(url).json()
    assert first["mergeable"] is None and first["mergeable_state"] == "unknown"
    second = http.get(url).json()
    assert second["mergeable"] is True and second["mergeable_state"] == "clean"


def test_unknown_endpoint_is_recorded(http, state):
    r = http.get(f"/repos/{state.full_name}/issues/{state.pr_number}")
    assert r.status_code == 404 and r.json()["message"] == "Not Found"
    assert state.violations[-1]["kind"] == "unknown-endpoint"
