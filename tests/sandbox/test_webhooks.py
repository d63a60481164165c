"""Webhook payloads and deliveries."""

import hashlib
import hmac
import json
import threading

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from ghsandbox import webhooks


def test_signature_matches_githubs_test_vector():
    assert webhooks.sign(b"Hello, World!", "It's a Secret to Everybody") == "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


def test_load_payload():
    assert webhooks.load_payload("pull_request.opened")["action"] == "opened"
    assert webhooks.load_payload("variants/ping.repository-hook.json")["hook"]


@pytest.mark.parametrize("action", ["opened", "synchronize", "reopened", "edited", "ready_for_review", "closed"])
def test_pull_request_events_are_filled_and_valid(server, state, action):
    if action == "synchronize":
        state.push("head2")
    p = webhooks.pull_request_event(state, action)  # raises if the octokit schema rejects it
    assert p["action"] == action and p["number"] == state.pr_number
    assert p["installation"]["id"] == state.installation_id
    assert p["repository"]["full_name"] == state.full_name
    assert p["pull_request"]["head"]["sha"] == state.head_sha
    assert p["pull_request"]["base"]["sha"] == state.base_sha
    assert p["pull_request"]["head"]["ref"] == "feature/parallel-restock"
    assert p["pull_request"]["url"] == f"{server.url}/repos/{state.full_name}/pulls/{state.pr_number}"
    assert "Codertocat" not in json.dumps(p["repository"])
    if action == "synchronize":
        assert p["after"] == state.head_sha and p["before"] == state.pushes[-1]["before"]
    assert webhooks.validate_payload("pull_request", action, p) == []


def test_validation_catches_a_broken_payload(state):
    p = webhooks.pull_request_event(state, "opened")
    del p["pull_request"]["head"]
    assert webhooks.validate_payload("pull_request", "opened", p)


def test_comment_and_check_run_events(state, pr):
    ic = state.add_issue_comment("/goleash recheck", "alice")
    p = webhooks.issue_comment_event(state, ic["id"])
    assert p["comment"]["body"] == "/goleash recheck" and p["comment"]["user"]["login"] == "alice"
    assert p["issue"]["number"] == state.pr_number and "pull_request" in p["issue"]
    line = next(pl.new_no for h in state.file_diff("store/store.go").patch.hunks for pl in h.lines if pl.kind == "+")
    pr.create_review(event="COMMENT", body="x", comments=[{"path": "store/store.go", "line": line, "body": "race"}])
    reply = state.add_human_reply(state.review_comments[0]["id"], "false positive?", "bob")
    p = webhooks.review_comment_event(state, reply["id"])
    assert p["comment"]["in_reply_to_id"] == state.review_comments[0]["id"]
    assert p["comment"]["user"]["login"] == "bob" and p["comment"]["line"] == line
    run = state.create_check_run({"name": "goleash", "head_sha": state.head_sha, "conclusion": "failure"})
    p = webhooks.check_run_event(state, run["id"], "requested_action", identifier="apply-fixes")
    assert p["check_run"]["id"] == run["id"] and p["requested_action"] == {"identifier": "apply-fixes"}


@pytest.fixture()
def receiver():
    got = []

    @Request.application
    def app(request):
        got.append((dict(request.headers), request.get_data()))
        return Response("ok", status=202)

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_port}/webhook", got
    srv.shutdown()


def test_deliver_with_githubs_headers(state, receiver):
    url, got = receiver
    payload = webhooks.pull_request_event(state, "opened")
    r = webhooks.deliver_for(state, url, "pull_request", payload)
    assert r.status_code == 202
    headers, body = got[0]
    assert headers["X-Github-Event"] == "pull_request"
    assert headers["User-Agent"].startswith("GitHub-Hookshot/")
    assert headers["X-Github-Hook-Installation-Target-Type"] == "integration"
    assert headers["X-Github-Hook-Installation-Target-Id"] == str(state.app_id)
    assert headers["X-Github-Hook-Id"]
    assert len(headers["X-Github-Delivery"]) == 36
    expected = "sha256=" + hmac.new(state.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Hub-Signature-256"] == expected
    assert json.loads(body) == payload
    # a redelivery carries the same delivery id
    webhooks.deliver_for(state, url, "pull_request", payload, delivery_id=headers["X-Github-Delivery"])
    assert got[1][0]["X-Github-Delivery"] == headers["X-Github-Delivery"]
