"""The installation registry, and the receiver's answers for removed installations."""

from __future__ import annotations

import json

from goleash.bot import installations, keys
from goleash.bot.app import create_app
from goleash.bot.config import Settings
from goleash.bot.signature import sign

from .conftest import payload

SECRET = "s3cret"


def test_registry_lifecycle(redis_db):
    r = redis_db
    assert installations.blocked(r, 7, "o/r") is None  # never seen: served
    installations.created(r, 7, "octo", [{"full_name": "O/R"}, {"full_name": "o/s"}])
    assert installations.status(r, 7) == "active" and installations.repositories(r, 7) == {"o/r", "o/s"}
    r.set(keys.installation_token(7), "tok")
    installations.repositories_removed(r, 7, [{"full_name": "o/s"}])
    assert installations.blocked(r, 7, "o/s") and installations.blocked(r, 7, "o/r") is None
    assert not r.exists(keys.installation_token(7))
    installations.repositories_added(r, 7, [{"full_name": "o/s"}])
    assert installations.blocked(r, 7, "o/s") is None
    installations.suspended(r, 7)
    assert installations.blocked(r, 7) == "the installation is suspended"
    installations.unsuspended(r, 7)
    assert installations.blocked(r, 7) is None
    r.set(keys.installation_token(7), "tok")
    installations.deleted(r, 7)
    assert installations.blocked(r, 7, "o/r") == "the installation was removed"
    assert not r.exists(keys.installation_token(7)) and installations.repositories(r, 7) == set()
    installations.created(r, 7, "octo", [])
    assert installations.blocked(r, 7, "o/r") is None


def test_receiver_ignores_events_of_a_removed_installation(redis_db, redis_url):
    jobs = []
    app = create_app(Settings(webhook_secret=SECRET, redis_url=redis_url), redis_client=redis_db, enqueue=lambda j: jobs.append(j) or "t")
    client = app.test_client()

    def post(event, body: bytes, delivery):
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

    pr = json.loads(payload("pull_request.opened"))
    inst = pr["installation"]["id"]
    deleted = json.loads(payload("installation.deleted"))
    deleted["installation"]["id"] = inst
    resp = post("installation", json.dumps(deleted).encode(), "d1")
    assert resp.status_code == 200 and resp.json["status"] == "recorded"
    resp = post("pull_request", json.dumps(pr).encode(), "d2")
    assert resp.status_code == 200 and resp.json["status"] == "ignored" and "removed" in resp.json["detail"]
    assert jobs == []
    created = json.loads(payload("installation.created"))
    created["installation"]["id"] = inst
    assert post("installation", json.dumps(created).encode(), "d3").status_code == 200
    assert post("pull_request", json.dumps(pr).encode(), "d4").status_code == 202 and len(jobs) == 1
