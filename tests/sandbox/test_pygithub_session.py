"""A well-formed bot session through PyGithub: everything a review bot does, no violations."""

import base64
import io
import tarfile

import github
import pytest
import requests

SUGGESTION = (
    "Guard the map with the store's mutex:\n```suggestion\n\t\tgo func(sku string) {\n\t\t\tdefer wg.Done()\n"
    "\t\t\ts.mu.Lock()\n\t\t\ts.items[sku] += qty\n\t\t\ts.mu.Unlock()\n```"
)


def right_lines(state, path):
    fd = state.file_diff(path)
    return sorted(pl.new_no for h in fd.patch.hunks for pl in h.lines if pl.kind == "+")


def test_app_jwt_endpoints(server, state):
    auth = github.Auth.AppAuth(state.app_id, state.private_key_pem)
    gi = github.GithubIntegration(auth=auth, base_url=server.url, seconds_between_requests=None, seconds_between_writes=None)
    app = gi.get_app()
    assert app.id == state.app_id and app.slug == "goleash"
    inst = gi.get_repo_installation(state.owner, state.repo)
    assert inst.id == state.installation_id
    tok = gi.get_access_token(state.installation_id)
    assert tok.token.startswith("ghs_") and len(tok.token) >= 100
    assert 3500 < (tok.expires_at.timestamp() - __import__("time").time()) <= 3600
    assert state.violations == []


def test_pr_files_contents_tree_blob(repo, pr, state):
    assert pr.number == state.pr_number and pr.head.sha == state.head_sha and pr.base.sha == state.base_sha
    assert pr.head.ref == "feature/parallel-restock"
    files = {f.filename: f for f in pr.get_files()}
    assert {f: x.status for f, x in files.items()} == {
        "api/handler.go": "modified",
        "api/server.go": "renamed",
        "store/catalog.go": "added",
        "store/snapshot.go": "removed",
        "store/store.go": "modified",
    }
    assert files["api/server.go"].previous_filename == "api/routes.go"
    store = files["store/store.go"]
    assert store.patch.startswith("@@ ") and "+\t\tgo func(sku string) {" in store.patch
    assert store.changes == store.additions + store.deletions > 0
    assert pr.additions == sum(f.additions for f in files.values()) and pr.changed_files == 5

    c = repo.get_contents("store/catalog.go", ref=pr.head.sha)
    assert b"c.skus.Store(sku.Code, sku)" in c.decoded_content
    assert c.sha == state.store.lookup_path(state.head_commit.tree, "store/catalog.go").sha
    with pytest.raises(github.UnknownObjectException):
        repo.get_contents("store/catalog.go", ref=state.base_sha)  # not on the base branch
    listing = repo.get_contents("store", ref=pr.head.sha)
    assert sorted(x.name for x in listing) == ["catalog.go", "store.go"]

    tree = repo.get_git_tree(pr.head.sha, recursive=True)
    paths = {e.path: e for e in tree.tree}
    assert paths["store"].type == "tree" and paths["store/store.go"].type == "blob"
    blob = repo.get_git_blob(paths["go.mod"].sha)
    assert base64.b64decode(blob.content) == b"module github.com/acme/inventory\n\ngo 1.21\n"
    assert state.violations == []


def test_tarball_redirect(repo, state):
    link = repo.get_archive_link("tarball", state.head_sha)
    assert "/_codeload/" in link
    data = requests.get(link, timeout=10).content
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        names = tar.getnames()
        top = f"acme-inventory-{state.head_sha[:7]}"
        assert all(n == top or n.startswith(top + "/") for n in names)
        assert tar.extractfile(f"{top}/store/catalog.go").read().startswith(b"package store")
        assert tar.pax_headers.get("comment") == state.head_sha
    assert requests.get(link.replace("token=", "token=x"), timeout=10).status_code == 404
    assert state.violations == []


def test_review_with_multiline_suggestion(pr, state):
    lines = right_lines(state, "store/store.go")
    start, end = lines[2], lines[5]
    review = pr.create_review(
        body="goleash found 1 problem",
        event="COMMENT",
        comments=[
            {"path": "store/store.go", "body": SUGGESTION, "line": end, "side": "RIGHT", "start_line": start, "start_side": "RIGHT"},
            {
                "path": "api/handler.go",
                "body": "package-level map written by concurrent handlers",
                "line": right_lines(state, "api/handler.go")[-1],
                "side": "RIGHT",
            },
        ],
    )
    assert review.state == "COMMENTED" and review.user.login == "goleash[bot]"
    assert review.commit_id == state.head_sha
    posted = [c for c in state.review_comments if c["pull_request_review_id"] == review.id]
    assert len(posted) == 2
    sug = posted[0]
    assert (sug["start_line"], sug["line"], sug["side"], sug["path"]) == (start, end, "RIGHT", "store/store.go")
    assert sug["user"] == {"login": "goleash[bot]", "id": state.bot_user.id, "type": "Bot"}
    assert sug["commit_id"] == state.head_sha and sug["in_reply_to"] is None
    listed = list(pr.get_review_comments())
    assert [c.id for c in listed] == [c["id"] for c in posted]
    assert listed[0].user.type == "Bot" and listed[0].body == SUGGESTION
    assert listed[0].diff_hunk.startswith("@@ ")
    reviews = list(pr.get_reviews())
    assert [r.id for r in reviews] == [review.id]
    # edit and delete the second comment
    comment = listed[1]
    comment.edit("edited")
    assert state.comment(comment.id)["body"] == "edited"
    comment.delete()
    assert state.comment(comment.id) is None
    assert [c.id for c in pr.get_review_comments()] == [listed[0].id]
    assert state.violations == []


def test_human_reply_and_bot_reply(pr, state):
    line = right_lines(state, "store/store.go")[0]
    pr.create_review(event="COMMENT", body="x", comments=[{"path": "store/store.go", "body": "race", "line": line}])
    root = state.review_comments[0]
    human = state.add_human_reply(root["id"], "Is this really a race?", "bob")
    assert human["in_reply_to"] == root["id"] and human["user"]["login"] == "bob"
    bot = pr.create_review_comment_reply(human["id"], "Yes: two goroutines write s.items.")
    assert bot.in_reply_to_id == root["id"]  # GitHub threads replies to the root
    assert [c["id"] for c in state.review_comments] == [root["id"], human["id"], bot.id]
    assert state.violations == []


def test_check_run_with_many_annotations(repo, state):
    anns = [
        {
            "path": "store/store.go",
            "start_line": i + 1,
            "end_line": i + 1,
            "annotation_level": "warning",
            "message": f"finding {i}",
            "title": "data race",
        }
        for i in range(120)
    ]
    run = repo.create_check_run(
        name="goleash", head_sha=state.head_sha, status="in_progress", output={"title": "goleash", "summary": "analysing", "annotations": anns[:50]}
    )
    assert run.status == "in_progress" and run.conclusion is None
    run.edit(output={"title": "goleash", "summary": "still analysing", "annotations": anns[50:100]})
    run.edit(
        status="completed", conclusion="failure", output={"title": "goleash: 120 findings", "summary": "120 data races", "annotations": anns[100:]}
    )
    assert run.status == "completed" and run.conclusion == "failure"
    assert run.output.annotations_count == 120
    rec = state.check_runs[0]
    assert rec["annotations"] == anns and len(rec["patches"]) == 2
    assert rec["output"]["summary"] == "120 data races" and rec["completed_at"]
    assert [a.message for a in run.get_annotations()][:3] == ["finding 0", "finding 1", "finding 2"]
    assert state.violations == []


def test_status_issue_comment_reaction_permission_compare(repo, pr, state):
    commit = repo.get_commit(state.head_sha)
    st = commit.create_status("failure", target_url="https://example.com/r/1", description="2 races", context="goleash")
    assert st.state == "failure" and state.statuses[0]["context"] == "goleash"
    ic = pr.create_issue_comment("goleash summary: 4 findings")
    assert ic.user.login == "goleash[bot]" and state.issue_comments[0]["body"].startswith("goleash summary")
    human = state.add_issue_comment("/goleash recheck", "alice")
    assert [c.body for c in pr.get_issue_comments()] == ["goleash summary: 4 findings", "/goleash recheck"]
    assert human["user"]["login"] == "alice"
    r1 = ic.create_reaction("eyes")
    assert r1.content == "eyes" and state.reactions[0]["comment_id"] == ic.id
    assert repo.get_collaborator_permission("alice") == "write"
    assert repo.get_collaborator_permission("bob") == "read"
    assert repo.get_collaborator_permission("carol") == "admin"
    cmp = repo.compare(state.base_sha, state.head_sha)
    assert cmp.status == "ahead" and cmp.ahead_by == 1 and len(cmp.files) == 5
    rl = github.Github(base_url=repo.url.split("/repos/")[0], seconds_between_requests=None).get_rate_limit()
    assert rl.resources.core.limit == 5000
    assert state.violations == []


def test_enterprise_prefix(make_gh, server, state):
    g = make_gh(base_url=server.ghes_url)
    pr = g.get_repo(state.full_name).get_pull(state.pr_number)
    assert pr.url.startswith(server.ghes_url)
    assert len(list(pr.get_files())) == 5
    assert all(r["prefix"] == "/api/v3" for r in state.requests)
    assert state.violations == []


def test_api_version_2026(http, state):
    r = http.get("/rate_limit", headers={"X-GitHub-Api-Version": "2026-03-10"})
    assert r.status_code == 200 and "rate" not in r.json()
    r = http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}", headers={"X-GitHub-Api-Version": "2026-03-10"})
    assert "merge_commit_sha" not in r.json() and "assignee" not in r.json()
    assert http.get("/rate_limit", headers={"X-GitHub-Api-Version": "2023-01-01"}).status_code == 400
    assert state.violations == []
