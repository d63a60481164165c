"""During a rotation the receiver accepts deliveries signed with the current or the previous
webhook secret, and refuses every other signature."""

from __future__ import annotations

import json
import uuid

from goleash.bot.app import create_app
from goleash.bot.config import Settings
from goleash.bot.signature import sign

CURRENT, PREVIOUS, OTHER = "new-secret-0123456789abcdef", "old-secret-0123456789abcdef", "wrong-secret-0123456789"


def test_both_secrets_are_accepted_and_any_other_refused(redis_db):
    settings = Settings.from_env({"GOLEASH_WEBHOOK_SECRET": CURRENT, "GOLEASH_WEBHOOK_SECRET_PREVIOUS": PREVIOUS, "REDIS_URL": "redis://unused"})
    assert settings.webhook_secrets == (CURRENT, PREVIOUS)
    app = create_app(settings, redis_client=redis_db, enqueue=lambda job: "task-1")
    client = app.test_client()
    body = json.dumps({"zen": "Keep it logically awesome."}).encode()

    def post(secret):
        return client.post(
            "/webhook",
            data=body,
            headers={
                "X-GitHub-Event": "ping",
                "X-GitHub-Delivery": str(uuid.uuid4()),
                "X-Hub-Signature-256": sign(secret, body),
                "Content-Type": "application/json",
            },
        )

    assert post(CURRENT).status_code == 200
    assert post(PREVIOUS).status_code == 200
    assert post(OTHER).status_code == 401
    assert client.post("/webhook", data=body, headers={"X-GitHub-Event": "ping", "X-GitHub-Delivery": "x"}).status_code == 401
    # After the rotation only the new secret is set: the old one is refused.
    done = create_app(Settings(webhook_secret=CURRENT), redis_client=redis_db, enqueue=lambda job: "t").test_client()
    r = done.post("/webhook", data=body, headers={"X-GitHub-Event": "ping", "X-GitHub-Delivery": "y", "X-Hub-Signature-256": sign(PREVIOUS, body)})
    assert r.status_code == 401
