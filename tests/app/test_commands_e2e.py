"""Slash commands, check run buttons and uninstalling, end to end: a signed delivery built
from GitHub's shared payloads, over HTTP to gunicorn, a Celery worker process, the sandbox."""

from __future__ import annotations

import json
import uuid

from ghsandbox import webhooks
from goleash.bot import commands, keys
from goleash.bot.markers import fingerprint_in
from goleash.rules.catalog import get_rule
from goleash.workers.slash_commands import REGISTRY

from .harness import expected_findings


def _url(fresh) -> str:
    return fresh.receiver_url + "/webhook"


def say(fresh, body: str, user: str = "alice"):
    """`user` comments `body` on the PR; the App gets the issue_comment.created delivery."""
    ic = fresh.state.add_issue_comment(body, user)
    payload = webhooks.issue_comment_event(fresh.state, ic["id"])
    return ic, webhooks.deliver_for(fresh.state, _url(fresh), "issue_comment", payload, str(uuid.uuid4()))


def reactions(st, comment_id: int) -> list[str]:
    return [r["content"] for r in st.reactions if r["comment_id"] == comment_id]


def bot_replies(st) -> list[str]:
    return [c["body"] for c in st.issue_comments if c["user"]["login"] == st.bot_login]


def test_help_and_explain_work_for_everyone(fresh):
    st = fresh.state
    ic, resp = say(fresh, "Thanks!\n/goleash help", user="bob")
    assert fresh.task_result(resp) == "help:ok"
    assert bot_replies(st) == [REGISTRY.help_reply()]
    assert reactions(st, ic["id"]) == ["eyes", "+1"]

    ic2, resp = say(fresh, "@goleash explain map-concurrent-write", user="bob")
    assert fresh.task_result(resp) == "explain:ok"
    assert bot_replies(st)[-1] == get_rule("map-concurrent-write").markdown()
    assert reactions(st, ic2["id"]) == ["eyes", "+1"]

    ic3, resp = say(fresh, "/goleash explain no-such-rule", user="dave")
    assert fresh.task_result(resp) == "explain:unknown_rule"
    assert "`no-such-rule` is not a goleash rule" in bot_replies(st)[-1]
    assert reactions(st, ic3["id"]) == ["eyes", "confused"]
    assert fresh.bot_reviews() == [] and st.violations == []


def test_review_command_reviews_now_and_a_flood_is_held_off(fresh):
    st = fresh.state
    ic, resp = say(fresh, "/goleash review", user="alice")
    assert fresh.task_result(resp) == "review:reviewed"
    _, in_diff, _ = expected_findings(st, st.head_sha)
    assert len(fresh.bot_reviews()) == 1
    assert {fingerprint_in(c["body"]) for c in fresh.bot_comments()} == {f.fingerprint for f in in_diff}
    [run] = st.check_runs
    assert run["status"] == "completed" and run["external_id"] == f"pr:{st.pr_number}"
    assert [a["identifier"] for a in run["actions"]] == ["replay"]
    assert reactions(st, ic["id"]) == ["eyes", "rocket"]

    ic2, resp = say(fresh, "/goleash review", user="carol")
    assert fresh.task_result(resp) == "review:cooldown"
    assert "try again in" in bot_replies(st)[-1]
    assert reactions(st, ic2["id"]) == ["eyes", "confused"]
    assert len(st.check_runs) == 1 and len(fresh.bot_reviews()) == 1

    # After the cooldown a re-run makes a fresh check run and repeats no comment.
    fresh.redis.delete(keys.pr(st.full_name, st.pr_number) + ":cooldown:review")
    before = len(fresh.bot_comments())
    _, resp = say(fresh, "/goleash review", user="carol")
    assert fresh.task_result(resp) == "review:reviewed"
    assert len(st.check_runs) == 2 and all(r["status"] == "completed" for r in st.check_runs)
    assert len(fresh.bot_comments()) == before and len(fresh.bot_reviews()) == 1
    assert st.violations == []


def test_read_only_user_is_refused_politely(fresh):
    st = fresh.state
    for body in ("/goleash review", "/goleash ignore map-concurrent-write nope", "/goleash replay"):
        ic, resp = say(fresh, body, user="bob")
        name = body.split()[1]
        assert fresh.task_result(resp) == f"{name}:refused"
        reply = bot_replies(st)[-1]
        assert reply.startswith("@bob") and "needs write access" in reply and "**read**" in reply
        assert reactions(st, ic["id"]) == ["eyes", "confused"]
    assert fresh.bot_reviews() == [] and st.check_runs == []
    assert fresh.redis.hgetall(commands.ignored_key(st.full_name, st.pr_number)) == {}
    # triage is not write either
    _, resp = say(fresh, "/goleash review", user="dave")
    assert fresh.task_result(resp) == "review:refused"


def test_ignore_records_who_and_why_and_the_review_skips_the_rule(fresh):
    st = fresh.state
    _, in_diff, _ = expected_findings(st, st.head_sha)
    assert "syncmap-load-then-store" in {f.rule_id for f in in_diff}
    ic, resp = say(fresh, "/goleash ignore syncmap-load-then-store values are interned, races are benign", user="carol")
    assert fresh.task_result(resp) == "ignore:ok"
    rec = commands.ignored_rules(fresh.redis, st.full_name, st.pr_number)
    assert rec["syncmap-load-then-store"]["by"] == "carol"
    assert rec["syncmap-load-then-store"]["reason"] == "values are interned, races are benign"
    assert reactions(st, ic["id"]) == ["eyes", "+1"]

    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    posted = {fingerprint_in(c["body"]) for c in fresh.bot_comments()}
    assert posted == {f.fingerprint for f in in_diff if f.rule_id != "syncmap-load-then-store"}
    [run] = st.check_runs
    assert "`syncmap-load-then-store` by @carol: values are interned" in run["output"]["summary"]
    assert not any(a["title"] and "syncmap-load-then-store" in a["title"] for a in run["annotations"])


def test_commands_in_code_quotes_and_from_bots_are_ignored(fresh):
    st = fresh.state
    body = "Try this:\n```\n/goleash review\n```\n> /goleash review\n\n    /goleash help\n\nnot /goleash review here"
    _, resp = say(fresh, body, user="alice")
    assert resp.status_code == 200 and resp.json()["status"] == "ignored", resp.text
    ic2, resp = say(fresh, "/goleash help", user=st.bot_login)  # the bot never answers itself
    assert resp.status_code == 200 and resp.json()["status"] == "ignored"
    assert bot_replies(st) == [ic2["body"]]
    assert st.reactions == [] and fresh.queue_length() == 0


def test_unknown_command_gets_help(fresh):
    st = fresh.state
    ic, resp = say(fresh, "/goleash frobnicate", user="alice")
    assert fresh.task_result(resp) == "frobnicate:unknown"
    assert "does not know the command `frobnicate`" in bot_replies(st)[-1]
    assert reactions(st, ic["id"]) == ["eyes", "confused"]


def test_replay_command_and_button(fresh):
    st = fresh.state
    ic, resp = say(fresh, "/goleash replay", user="alice")
    result = fresh.task_result(resp)
    assert result in ("replay:queued", "replay:unavailable", "replay:off"), result
    if result == "replay:queued":
        assert reactions(st, ic["id"]) == ["eyes", "rocket"]
    else:
        assert reactions(st, ic["id"]) == ["eyes", "confused"] and "replay" in bot_replies(st)[-1]

    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    [run] = [r for r in st.check_runs if r["name"] == "goleash"]  # a replay may add its own run
    fresh.redis.delete(keys.pr(st.full_name, st.pr_number) + ":cooldown:replay")
    payload = webhooks.check_run_event(st, run["id"], "requested_action", identifier="replay")
    resp = webhooks.deliver_for(st, _url(fresh), "check_run", payload)
    assert fresh.task_result(resp) == result  # the same decision as the comment

    other = webhooks.check_run_event(st, run["id"], "requested_action", identifier="fix")
    resp = webhooks.deliver_for(st, _url(fresh), "check_run", other)
    assert resp.status_code == 200 and resp.json()["status"] == "ignored"


def test_check_run_rerequested_reviews_again_without_duplicates(fresh):
    st = fresh.state
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    comments, reviews = len(fresh.bot_comments()), len(fresh.bot_reviews())
    [run] = st.check_runs
    payload = webhooks.check_run_event(st, run["id"], "rerequested")
    resp = webhooks.deliver_for(st, _url(fresh), "check_run", payload)
    assert fresh.task_result(resp) == "reviewed"
    assert len(st.check_runs) == 2
    fresh_run = st.check_runs[1]
    assert fresh_run["head_sha"] == st.head_sha and fresh_run["status"] == "completed"
    assert fresh_run["conclusion"] == run["conclusion"] and len(fresh_run["annotations"]) == len(run["annotations"])
    assert (len(fresh.bot_comments()), len(fresh.bot_reviews())) == (comments, reviews)
    assert st.violations == []


def _installation_event(fresh, name: str, **changes) -> dict:
    p = webhooks.load_payload(name)
    p["installation"]["id"] = fresh.state.installation_id
    p.update(changes)
    return p


def test_uninstall_drops_queued_work_and_later_events(fresh):
    st = fresh.state
    fresh.worker.stop()  # the review waits in the queue while the App is uninstalled
    queued = fresh.deliver("opened")
    assert queued.status_code == 202
    fresh.redis.set(keys.installation_token(st.installation_id), json.dumps({"token": "x", "expires_at": 9e9}))
    resp = webhooks.deliver_for(st, _url(fresh), "installation", _installation_event(fresh, "installation.deleted"))
    assert resp.status_code == 200 and resp.json()["status"] == "recorded", resp.text
    assert not fresh.redis.exists(keys.installation_token(st.installation_id))
    fresh.restart_worker()
    assert fresh.task_result(queued) == "installation_removed"
    assert fresh.bot_reviews() == [] and st.check_runs == [] and st.issue_comments == []

    # Later events for the removed installation are acknowledged and ignored.
    resp = fresh.deliver("synchronize")
    assert resp.status_code == 200 and resp.json()["status"] == "ignored"
    _, resp = say(fresh, "/goleash review", user="alice")
    assert resp.status_code == 200 and resp.json()["status"] == "ignored"

    # Installing again serves the repository again.
    created = _installation_event(
        fresh, "installation.created", repositories=[{"id": 1, "node_id": "x", "name": st.repo, "full_name": st.full_name, "private": True}]
    )
    resp = webhooks.deliver_for(st, _url(fresh), "installation", created)
    assert resp.status_code == 200
    assert fresh.task_result(fresh.deliver("synchronize")) == "reviewed"


def test_removing_the_repository_drops_its_events(fresh):
    st = fresh.state
    removed = _installation_event(fresh, "installation_repositories.removed")
    removed["repositories_removed"] = [{"id": 1, "node_id": "x", "name": st.repo, "full_name": st.full_name, "private": True}]
    resp = webhooks.deliver_for(st, _url(fresh), "installation_repositories", removed)
    assert resp.status_code == 200 and resp.json()["status"] == "recorded"
    resp = fresh.deliver("opened")
    assert resp.status_code == 200 and resp.json()["status"] == "ignored"
    added = _installation_event(fresh, "installation_repositories.added")
    added["repositories_added"] = removed["repositories_removed"]
    webhooks.deliver_for(st, _url(fresh), "installation_repositories", added)
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"


def test_command_in_a_review_comment_reply_is_answered_in_the_thread(fresh):
    st = fresh.state
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    first = fresh.bot_comments()[0]
    reply = st.add_human_reply(first["id"], "/goleash explain map-concurrent-write", "bob")
    payload = webhooks.review_comment_event(st, reply["id"])
    resp = webhooks.deliver_for(st, _url(fresh), "pull_request_review_comment", payload)
    assert fresh.task_result(resp) == "explain:ok"
    thread = st.thread_of(first["id"])
    answers = [st.comment(i) for i in thread["comment_ids"] if st.comment(i)["user"]["login"] == st.bot_login]
    assert answers[-1]["body"] == get_rule("map-concurrent-write").markdown()
    assert st.violations == []
