"""The webhook receiver through Flask's test client, against real Redis."""

from __future__ import annotations

import json

import pytest

from goleash.bot import pr_heads
from goleash.bot.app import MAX_BODY_BYTES, create_app
from goleash.bot.config import Settings
from goleash.bot.signature import sign, verify

from .conftest import payload

SECRET = "It's a Secret to Everybody"


def test_signature_matches_githubs_test_vector():
    assert sign(SECRET, b"Hello, World!") == "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    assert verify(SECRET, b"Hello, World!", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    assert not verify(SECRET, b"Hello, World!!", sign(SECRET, b"Hello, World!"))
    assert not verify(SECRET, b"x", None)
    assert not verify(SECRET, b"x", "sha1=" + sign(SECRET, b"x")[7:])
    assert not verify("", b"x", sign("", b"x"))


@pytest.fixture
def receiver(redis_db, redis_url):
    jobs = []

    def enqueue(job):
        jobs.append(job)
        return f"task-{len(jobs)}"

    settings = Settings(webhook_secret=SECRET, redis_url=redis_url)
    app = create_app(settings, redis_client=redis_db, enqueue=enqueue)
    client = app.test_client()

    def post(event: str, body: bytes, delivery: str = "d-1", signature: str | None = "auto", **headers):
        h = {"X-GitHub-Event": event, "X-GitHub-Delivery": delivery, "Content-Type": "application/json", **headers}
        if signature == "auto":
            h["X-Hub-Signature-256"] = sign(SECRET, body)
        elif signature is not None:
            h["X-Hub-Signature-256"] = signature
        return client.post("/webhook", data=body, headers=h)

    post.jobs = jobs
    post.client = client
    post.redis = redis_db
    return post


def _pr_payload(action="opened", **pr_fields) -> bytes:
    d = json.loads(payload("pull_request.opened"))
    d["action"] = action
    d["pull_request"].update(pr_fields)
    return json.dumps(d).encode()


def test_opened_pull_request_is_queued(receiver):
    body = payload("pull_request.opened")
    resp = receiver("pull_request", body)
    assert resp.status_code == 202, resp.json
    assert resp.json == {"status": "queued", "tasks": ["task-1"]}
    [job] = receiver.jobs
    d = json.loads(body)
    assert job.repo == d["repository"]["full_name"]
    assert job.number == d["pull_request"]["number"]
    assert job.head_sha == d["pull_request"]["head"]["sha"]
    assert job.installation_id == d["installation"]["id"]
    assert job.delivery_id == "d-1"
    assert pr_heads.latest(receiver.redis, job.repo, job.number) == job.head_sha


@pytest.mark.parametrize("action", ["opened", "synchronize", "reopened", "ready_for_review"])
def test_review_actions_are_queued(receiver, action):
    assert receiver("pull_request", _pr_payload(action), delivery=action).status_code == 202
    assert len(receiver.jobs) == 1


def test_closed_and_edited_pull_requests_are_not_reviewed(receiver):
    resp = receiver("pull_request", payload("pull_request.closed"), delivery="c")
    assert resp.status_code == 200 and resp.json["status"] == "ignored"
    resp = receiver("pull_request", payload("pull_request.edited"), delivery="e")
    assert resp.status_code == 200 and resp.json["status"] == "ignored"
    assert receiver.jobs == []


def test_drafts_are_skipped_unless_configured(receiver, redis_db, redis_url):
    resp = receiver("pull_request", _pr_payload(draft=True))
    assert resp.status_code == 200 and resp.json["detail"] == "draft pull request"
    assert receiver.jobs == []

    jobs = []
    app = create_app(
        Settings(webhook_secret=SECRET, redis_url=redis_url, review_drafts=True),
        redis_client=redis_db,
        enqueue=lambda j: jobs.append(j) or "t",
    )
    body = _pr_payload(draft=True)
    resp = app.test_client().post(
        "/webhook",
        data=body,
        headers={"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "d-2", "X-Hub-Signature-256": sign(SECRET, body)},
    )
    assert resp.status_code == 202 and len(jobs) == 1


def test_ping_answers_200(receiver):
    resp = receiver("ping", payload("ping"))
    assert resp.status_code == 200 and resp.json["status"] == "pong"
    assert receiver.jobs == []


def test_unknown_events_are_acknowledged_and_ignored(receiver):
    resp = receiver("issue_comment", payload("issue_comment.created"))
    assert resp.status_code == 200 and resp.json["status"] == "ignored"


def test_duplicate_delivery_is_dropped(receiver):
    body = payload("pull_request.opened")
    assert receiver("pull_request", body, delivery="same").status_code == 202
    resp = receiver("pull_request", body, delivery="same")
    assert resp.status_code == 200 and resp.json["status"] == "duplicate"
    assert len(receiver.jobs) == 1


def test_delivery_without_installation_is_ignored(receiver):
    resp = receiver("pull_request", payload("variants/pull_request.ready_for_review.no-installation"))
    assert resp.status_code == 200 and resp.json["status"] == "ignored"
    assert receiver.jobs == []


def test_older_push_delivered_late_does_not_supersede_newer(receiver):
    newer = _pr_payload("synchronize", updated_at="2030-01-01T00:00:10Z", head={"sha": "b" * 40, "ref": "x"})
    older = _pr_payload("synchronize", updated_at="2030-01-01T00:00:05Z", head={"sha": "a" * 40, "ref": "x"})
    assert receiver("pull_request", newer, delivery="n").status_code == 202
    resp = receiver("pull_request", older, delivery="o")
    assert resp.status_code == 200 and "newer push" in resp.json["detail"]
    assert [j.head_sha for j in receiver.jobs] == ["b" * 40]


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=" + "0" * 64, "sha1=abc", sign("wrong secret", payload("pull_request.opened"))],
)
def test_bad_signatures_are_401_and_nothing_is_queued(receiver, signature):
    resp = receiver("pull_request", payload("pull_request.opened"), signature=signature)
    assert resp.status_code == 401
    assert receiver.jobs == []
    assert receiver.redis.dbsize() == 0  # not even a delivery claim


def test_signature_over_a_different_body_is_401(receiver):
    body = payload("pull_request.opened")
    resp = receiver("pull_request", body + b" ", signature=sign(SECRET, body))
    assert resp.status_code == 401


def test_malformed_json_is_400(receiver):
    for i, body in enumerate([b"{not json", b"\xff\xfe", b"[1, 2]", b""]):
        resp = receiver("pull_request", body, delivery=f"m{i}")
        assert resp.status_code == 400, body
    assert receiver.jobs == []


def test_payload_missing_fields_is_400(receiver):
    resp = receiver("pull_request", json.dumps({"action": "opened"}).encode())
    assert resp.status_code == 400
    assert receiver.jobs == []


def test_oversized_body_is_413_before_anything_else(receiver):
    body = b"{" + b" " * MAX_BODY_BYTES + b"}"
    resp = receiver("pull_request", body)
    assert resp.status_code == 413
    assert receiver.jobs == []


def test_missing_event_header_is_400(receiver):
    body = payload("pull_request.opened")
    resp = receiver.client.post("/webhook", data=body, headers={"X-Hub-Signature-256": sign(SECRET, body)})
    assert resp.status_code == 400


def test_enqueue_failure_forgets_the_delivery_so_a_redelivery_works(redis_db, redis_url):
    calls = []

    def flaky(job):
        calls.append(job)
        if len(calls) == 1:
            raise ConnectionError("broker down")
        return "t"

    app = create_app(Settings(webhook_secret=SECRET, redis_url=redis_url), redis_client=redis_db, enqueue=flaky)
    body = payload("pull_request.opened")
    headers = {"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "r", "X-Hub-Signature-256": sign(SECRET, body)}
    assert app.test_client().post("/webhook", data=body, headers=headers).status_code == 503
    assert app.test_client().post("/webhook", data=body, headers=headers).status_code == 202


def test_health_and_readiness(receiver):
    assert receiver.client.get("/healthz").status_code == 200
    assert receiver.client.get("/readyz").status_code == 200


def test_readiness_fails_without_redis():
    import redis

    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    app = create_app(Settings(webhook_secret=SECRET), redis_client=dead, enqueue=lambda j: "t")
    c = app.test_client()
    assert c.get("/healthz").status_code == 200
    assert c.get("/readyz").status_code == 503


def test_receiver_refuses_to_start_without_a_secret(redis_db):
    from goleash.bot.config import ConfigError

    with pytest.raises(ConfigError):
        create_app(Settings(webhook_secret=""), redis_client=redis_db, enqueue=lambda j: "t")


def test_real_celery_enqueue_puts_one_message_on_the_queue(redis_db, redis_url):
    settings = Settings(webhook_secret=SECRET, redis_url=redis_url)
    app = create_app(settings, redis_client=redis_db)
    body = payload("pull_request.opened")
    headers = {"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "q", "X-Hub-Signature-256": sign(SECRET, body)}
    resp = app.test_client().post("/webhook", data=body, headers=headers)
    assert resp.status_code == 202
    assert redis_db.llen("celery") == 1
    message = json.loads(redis_db.lindex("celery", 0))
    assert message["headers"]["task"] == "goleash.review_pull_request"
