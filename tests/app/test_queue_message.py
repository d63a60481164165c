"""The receiver's one-round-trip path: the review message it pushes from its Lua script is the
message kombu's publish would have written, and dedupe, installation checks, head records and
Redis trouble behave as they did with separate calls."""

from __future__ import annotations

import base64
import json

import pytest

from goleash.bot import installations, keys, pr_heads
from goleash.bot.app import create_app
from goleash.bot.config import Settings
from goleash.bot.jobs import ReviewJob
from goleash.bot.queue import CeleryQueue
from goleash.bot.signature import sign

from .conftest import payload

SECRET = "a webhook secret of some length"


def _decoded(raw: bytes) -> dict:
    m = json.loads(raw)
    m["body"] = json.loads(base64.b64decode(m["body"]))
    return m


def _comparable(m: dict) -> dict:
    """The message without what differs from one send to the next (ids, the receive time)."""
    m = json.loads(json.dumps(m))
    for k in ("id", "root_id"):
        assert m["headers"].pop(k) == m["properties"]["correlation_id"]
    m["properties"].pop("correlation_id")
    assert m["properties"].pop("delivery_tag")
    assert isinstance(m["body"][1]["job"].pop("received_at"), float)
    return m


def test_built_message_is_what_kombu_publishes(redis_db, redis_url):
    queue = CeleryQueue(Settings(webhook_secret=SECRET, redis_url=redis_url))
    job = ReviewJob("d-7", 42, "Octo/Repo", 7, "c" * 40, "synchronize")
    task_id = queue(job)  # through kombu's Producer.publish
    [sent] = redis_db.lrange("celery", 0, -1)
    built_id, built = queue.message(job)
    assert queue.key == "celery"
    a, b = _decoded(sent), _decoded(built)
    assert a["headers"]["id"] == task_id and b["headers"]["id"] == built_id != task_id
    assert _comparable(b) == _comparable(a)
    # Both were written by the same process: the same origin and reply_to, and the same job.
    assert b["body"][1]["job"]["head_sha"] == "c" * 40
    # kombu declared the queue before publishing; the script writes the same binding.
    for key in queue.binding_keys:
        assert redis_db.smembers(key) == {queue.binding_member.encode()}


@pytest.fixture
def post(redis_db, redis_url):
    app = create_app(Settings(webhook_secret=SECRET, redis_url=redis_url))  # the real queue
    client = app.test_client()

    def send(body: bytes, delivery: str, event: str = "pull_request"):
        return client.post(
            "/webhook",
            data=body,
            headers={
                "X-GitHub-Event": event,
                "X-GitHub-Delivery": delivery,
                "Content-Type": "application/json",
                "X-Hub-Signature-256": sign(SECRET, body),
            },
        )

    return send


def _pr(**fields) -> dict:
    d = json.loads(payload("pull_request.opened"))
    d["pull_request"].update(fields)
    return d


def test_one_delivery_one_message_and_its_records(post, redis_db):
    d = _pr()
    resp = post(json.dumps(d).encode(), "one")
    assert resp.status_code == 202, resp.json
    [raw] = redis_db.lrange("celery", 0, -1)
    m = _decoded(raw)
    assert resp.json["tasks"] == [m["headers"]["id"]]
    assert m["headers"]["task"] == "goleash.review_pull_request"
    job = m["body"][1]["job"]
    assert (job["delivery_id"], job["repo"], job["number"], job["head_sha"], job["installation_id"]) == (
        "one",
        d["repository"]["full_name"],
        d["pull_request"]["number"],
        d["pull_request"]["head"]["sha"],
        d["installation"]["id"],
    )
    assert redis_db.ttl(keys.delivery("one")) > 6 * 24 * 3600
    assert pr_heads.latest(redis_db, job["repo"], job["number"]) == job["head_sha"]
    assert redis_db.ttl(keys.pr_head(job["repo"], job["number"])) > 29 * 24 * 3600
    # The queue was declared the way kombu declares it, for routing by exchange.
    assert redis_db.exists("_kombu.binding.celery")

    again = post(json.dumps(d).encode(), "one")
    assert again.status_code == 200 and again.json == {"status": "duplicate"}
    assert redis_db.llen("celery") == 1


def test_blocked_and_superseded_push_nothing(post, redis_db):
    d = _pr(updated_at="2030-01-01T00:00:10Z")
    inst, repo = d["installation"]["id"], d["repository"]["full_name"]
    installations.suspended(redis_db, inst)
    resp = post(json.dumps(d).encode(), "s")
    assert resp.status_code == 200 and resp.json["detail"] == "the installation is suspended"
    installations.unsuspended(redis_db, inst)
    installations.repositories_removed(redis_db, inst, [{"full_name": repo}])
    resp = post(json.dumps(d).encode(), "r")
    assert resp.status_code == 200 and resp.json["detail"] == f"{repo} was removed from the installation"
    installations.repositories_added(redis_db, inst, [{"full_name": repo}])
    assert redis_db.llen("celery") == 0 and redis_db.exists(keys.delivery("s"), keys.delivery("r")) == 2

    assert post(json.dumps(d).encode(), "new").status_code == 202
    older = _pr(updated_at="2030-01-01T00:00:05Z", head={"sha": "a" * 40, "ref": "x"})
    resp = post(json.dumps(older).encode(), "old")
    assert resp.status_code == 200 and "newer push" in resp.json["detail"]
    # The same head delivered again with an older stamp (a redelivery under a new id) is queued.
    same = _pr(updated_at="2030-01-01T00:00:01Z")
    assert post(json.dumps(same).encode(), "same").status_code == 202
    assert redis_db.llen("celery") == 2


def test_ignored_pull_requests_are_still_deduplicated(post, redis_db):
    body = json.dumps(_pr(state="closed")).encode()
    assert post(body, "c").json["status"] == "ignored"
    assert post(body, "c").json == {"status": "duplicate"}
    assert redis_db.llen("celery") == 0


def test_a_redis_that_lost_its_scripts_is_handled(post, redis_db):
    """After a Redis restart the script cache is empty: EVALSHA fails once and the script is loaded."""
    assert post(payload("pull_request.opened"), "before").status_code == 202
    redis_db.script_flush()
    assert post(payload("pull_request.opened"), "after").status_code == 202
    assert redis_db.llen("celery") == 2


def test_redis_down_is_503_and_a_redelivery_then_works(redis_db, redis_url):
    down = Settings(webhook_secret=SECRET, redis_url="redis://127.0.0.1:1/0")
    app = create_app(down)
    body = payload("pull_request.opened")
    headers = {"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "x", "X-Hub-Signature-256": sign(SECRET, body)}
    resp = app.test_client().post("/webhook", data=body, headers=headers)
    assert resp.status_code == 503 and resp.json["status"] == "could not queue the delivery"
    app = create_app(Settings(webhook_secret=SECRET, redis_url=redis_url))
    assert app.test_client().post("/webhook", data=body, headers=headers).status_code == 202
    assert redis_db.llen("celery") == 1


def test_a_dropped_connection_is_replaced(post, redis_db):
    """A Redis restart drops every connection: the next delivery reconnects and goes through."""
    assert post(payload("pull_request.opened"), "first").status_code == 202
    assert redis_db.client_kill_filter(_type="normal", skipme=True) >= 1
    assert post(payload("pull_request.opened"), "second").status_code == 202
    assert redis_db.llen("celery") == 2


def test_task_ids_are_uuid4_strings():
    import uuid

    from goleash.bot.queue import _uuid4s

    ids = _uuid4s(200)
    assert len(set(ids)) == 200
    for s in ids:
        u = uuid.UUID(s)
        assert str(u) == s and u.version == 4 and u.variant == uuid.RFC_4122


def test_webhook_answers_outside_flask_but_keeps_its_contract(post, redis_url):
    """POST /webhook is served before Flask's dispatch: the other methods still get Flask's 405,
    and each delivery is still counted by event and outcome."""
    from goleash.bot.metrics import deliveries_counter

    app = create_app(Settings(webhook_secret=SECRET, redis_url=redis_url))
    assert app.test_client().get("/webhook").status_code == 405
    assert app.test_client().get("/healthz").json == {"status": "alive"}
    queued = deliveries_counter().labels("pull_request", "queued")
    unverified = deliveries_counter().labels("unverified", "bad signature")
    before = queued._value.get(), unverified._value.get()
    resp = post(payload("pull_request.opened"), "counted")
    assert resp.status_code == 202 and resp.headers["Content-Type"] == "application/json"
    bad = app.test_client().post("/webhook", data=b"{}", headers={"X-GitHub-Event": "ping", "X-Hub-Signature-256": "sha256=00"})
    assert bad.status_code == 401 and bad.json == {"status": "bad signature"}
    assert (queued._value.get(), unverified._value.get()) == (before[0] + 1, before[1] + 1)
