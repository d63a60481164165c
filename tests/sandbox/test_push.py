"""Pushing another snapshot: new head sha, new diff, comments carried forward or outdated."""


def added(state, path, sha=None):
    fd = state.file_diff(path, sha)
    return [(pl.new_no, pl.text) for h in fd.patch.hunks for pl in h.lines if pl.kind == "+"]


def test_push_head2(pr, repo, state, http):
    old_head = state.head_sha
    store_line = next(n for n, t in added(state, "store/store.go") if "s.items[sku] += qty" in t)
    cat_line = next(n for n, t in added(state, "store/catalog.go") if "c.skus.Store(sku.Code, sku)" in t)
    pr.create_review(
        event="COMMENT",
        body="goleash",
        comments=[
            {"path": "store/store.go", "line": store_line, "body": "unsynchronized map write"},
            {"path": "store/catalog.go", "line": cat_line, "body": "Load then Store is not atomic"},
        ],
    )
    new_head = state.push("head2")
    assert new_head != old_head and state.head_sha == new_head
    assert state.store.commits[new_head].parents == [old_head]

    pr2 = repo.get_pull(state.pr_number)
    assert pr2.head.sha == new_head and pr2.commits == 2
    cat = {f.filename: f for f in pr2.get_files()}["store/catalog.go"]
    assert "LoadOrStore" in cat.patch and "c.skus.Store(" not in cat.patch
    cmp = repo.compare(old_head, new_head)
    assert cmp.ahead_by == 1 and [f.filename for f in cmp.files] == ["store/catalog.go"]

    store_c, cat_c = state.review_comments
    assert (store_c["commit_id"], store_c["line"], store_c["outdated"]) == (new_head, store_line, False)
    assert store_c["original_commit_id"] == old_head
    assert cat_c["line"] is None and cat_c["position"] is None and cat_c["outdated"] is True
    assert cat_c["commit_id"] == old_head and cat_c["original_line"] == cat_line
    listed = http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}/comments").json()
    assert [c["line"] for c in listed] == [store_line, None]
    assert state.violations == []

    # pushing the same snapshot again still makes a new commit (like an amended force-push would)
    again = state.push("head2")
    assert again not in (old_head, new_head)
    assert len(state.pushes) == 2


def test_left_side_comment_survives_push(http, state):
    fd = state.file_diff("store/store.go")
    deleted = next(pl.old_no for h in fd.patch.hunks for pl in h.lines if pl.kind == "-")
    r = http.post(
        f"/repos/{state.full_name}/pulls/{state.pr_number}/reviews",
        json={
            "event": "COMMENT",
            "body": "x",
            "comments": [{"path": "store/store.go", "line": deleted, "side": "LEFT", "body": "this close() mattered"}],
        },
    )
    assert r.status_code == 200
    new_head = state.push("head2")  # store.go is the same in head2: the deletion is still in the diff
    c = state.review_comments[0]
    assert (c["line"], c["side"], c["commit_id"], c["outdated"]) == (deleted, "LEFT", new_head, False)


def test_comment_on_old_commit_after_push(http, state):
    old_head = state.head_sha
    line = added(state, "store/catalog.go")[0][0]
    state.push("head2")
    r = http.post(
        f"/repos/{state.full_name}/pulls/{state.pr_number}/reviews",
        json={
            "commit_id": old_head,
            "event": "COMMENT",
            "body": "x",
            "comments": [{"path": "store/catalog.go", "line": line, "body": "on the old commit"}],
        },
    )
    assert r.status_code == 200 and r.json()["commit_id"] == old_head
    r = http.post(f"/repos/{state.full_name}/pulls/{state.pr_number}/reviews", json={"commit_id": "f" * 40, "event": "COMMENT", "body": "x"})
    assert r.status_code == 422


def test_reset_restores_scenario(state):
    head = state.head_sha
    state.push("head2")
    state.inject("*", ".", 500)
    state.reset()
    assert state.head_sha == head and state.injections == [] and state.pushes == []
