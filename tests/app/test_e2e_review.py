"""End to end: a signed webhook over HTTP to gunicorn, a Celery worker process, the sandbox.

(1) pull_request.opened -> exactly one review whose comments are the sample PR's bugs,
    suggestions that reproduce the engine's fixes, a completed check run, no API violations.
(2) redelivery, re-review at the same head, and a push that fixes one bug."""

from __future__ import annotations

from goleash.bot.markers import fingerprint_in, fixed_in
from goleash.rules.model import Severity

from .harness import apply_suggestion, expected_findings, fixed_content, suggestion_block


def test_opened_pull_request_gets_one_review_and_a_check_run(fresh):
    st = fresh.state
    head = st.head_sha
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"

    findings, in_diff, files = expected_findings(st, head)
    assert len(in_diff) >= 2, "the sample PR has several bugs on its changed lines"

    [review] = fresh.bot_reviews()
    assert review["event"] == "COMMENT" and review["state"] == "COMMENTED" and review["commit_id"] == head
    comments = fresh.bot_comments()
    assert sorted(c["id"] for c in comments) == sorted(review["comment_ids"])
    by_fp = {fingerprint_in(c["body"]): c for c in comments}
    assert set(by_fp) == {f.fingerprint for f in in_diff}

    suggested = 0
    for f in in_diff:
        c = by_fp[f.fingerprint]
        assert c["path"] == f.path and c["side"] == "RIGHT"
        assert f.rule_id in c["body"] and f.message.strip() in c["body"]
        assert "documentation](https://" in c["body"]
        block = suggestion_block(c["body"])
        if block is not None:
            suggested += 1
            start = c["start_line"] or c["line"]
            # Committing the suggestion gives exactly the file the engine's verified fix gives.
            assert apply_suggestion(files[f.path], start, c["line"], block) == fixed_content(files, f)[f.path]
        else:
            assert c["line"] == f.line
    assert suggested >= 1

    [run] = st.check_runs
    assert run["name"] == "goleash" and run["head_sha"] == head and run["status"] == "completed"
    has_error = any(f.severity is Severity.ERROR for f in in_diff)
    assert run["conclusion"] == ("failure" if has_error else "neutral")
    assert len(run["annotations"]) == len(findings)
    assert "| Severity | Rule |" in run["output"]["summary"]
    assert st.violations == []


def test_redelivery_and_rereview_post_nothing_new_and_a_fixing_push_resolves_its_thread(fresh):
    st = fresh.state
    first = fresh.deliver("opened", delivery_id="delivery-1")
    assert fresh.task_result(first) == "reviewed"
    before = (len(fresh.bot_reviews()), len(fresh.bot_comments()), len(st.check_runs))

    again = fresh.deliver("opened", delivery_id="delivery-1")  # GitHub's redelivery: same id
    assert again.status_code == 200 and again.json()["status"] == "duplicate"

    assert fresh.task_result(fresh.deliver("synchronize")) == "already_done"

    # Even with the "done" marker lost, the fingerprint markers keep the review from repeating.
    for key in fresh.redis.scan_iter("goleash:pr:*:done:*"):
        fresh.redis.delete(key)
    assert fresh.task_result(fresh.deliver("synchronize")) == "reviewed"
    assert (len(fresh.bot_reviews()), len(fresh.bot_comments()), len(st.check_runs)) == before
    assert not any(fixed_in(c["body"]) for c in fresh.bot_comments())

    # head2 fixes the catalog's check-then-act; exactly that comment is marked fixed and resolved.
    head_findings, head_in_diff, _ = expected_findings(st, st.head_sha)
    new_head = st.push("head2")
    head2_findings, _, _ = expected_findings(st, new_head)
    gone = {f.fingerprint for f in head_in_diff} - {f.fingerprint for f in head2_findings}
    assert len(gone) == 1, f"head2 should fix exactly one posted finding, engine says {gone}"

    assert fresh.task_result(fresh.deliver("synchronize")) == "reviewed"
    fixed = [c for c in fresh.bot_comments() if fixed_in(c["body"])]
    assert [fingerprint_in(c["body"]) for c in fixed] == list(gone)
    assert fixed_in(fixed[0]["body"]) == new_head and f"Fixed in {new_head[:12]}" in fixed[0]["body"]
    thread = st.thread_of(fixed[0]["id"])
    assert thread["is_resolved"]
    assert [t["comment_ids"] for t in st.thread_resolutions] == [thread["comment_ids"]]
    others = [t for t in st.threads if t is not thread]
    assert others and not any(t["is_resolved"] for t in others)
    assert len(fresh.bot_reviews()) == before[0] + (1 if {f.fingerprint for f in head2_findings} - {f.fingerprint for f in head_findings} else 0)
    assert [r["head_sha"] for r in st.check_runs].count(new_head) == 1
    assert st.violations == []


def test_a_thread_a_human_replied_to_is_marked_fixed_but_left_open(fresh):
    st = fresh.state
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    _, head_in_diff, _ = expected_findings(st, st.head_sha)
    new_head = st.push("head2")
    head2_findings, _, _ = expected_findings(st, new_head)
    [gone] = {f.fingerprint for f in head_in_diff} - {f.fingerprint for f in head2_findings}
    [comment] = [c for c in fresh.bot_comments() if fingerprint_in(c["body"]) == gone]
    st.add_human_reply(comment["id"], "Good catch, fixing it with LoadOrStore.", "alice")

    assert fresh.task_result(fresh.deliver("synchronize")) == "reviewed"
    assert fixed_in(st.comment(comment["id"])["body"]) == new_head
    assert not st.thread_of(comment["id"])["is_resolved"]
    assert st.thread_resolutions == []
    assert st.violations == []
