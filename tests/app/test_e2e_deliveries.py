"""End to end: deliveries the receiver must refuse, over real HTTP to gunicorn.
Nothing may reach the queue (its length in Redis is checked, not just the status code)."""

from __future__ import annotations

import http.client
import json
import time
import uuid
from urllib.parse import urlparse

import requests

from ghsandbox import webhooks
from goleash.bot.app import MAX_BODY_BYTES


def _post(stack, body: bytes, headers: dict) -> requests.Response:
    return requests.post(stack.receiver_url + "/webhook", data=body, headers=headers, timeout=30)


def _signed_opened(stack) -> tuple[bytes, dict]:
    body = json.dumps(webhooks.pull_request_event(stack.state, "opened")).encode()
    return body, webhooks.delivery_headers("pull_request", body, stack.state.webhook_secret, str(uuid.uuid4()))


def _nothing_queued(stack) -> None:
    assert stack.queue_length() == 0
    assert list(stack.redis.scan_iter("goleash:*")) == []


def test_unsigned_delivery_is_401(fresh):
    body, headers = _signed_opened(fresh)
    del headers["X-Hub-Signature-256"]
    assert _post(fresh, body, headers).status_code == 401
    _nothing_queued(fresh)


def test_wrongly_signed_delivery_is_401(fresh):
    body, headers = _signed_opened(fresh)
    headers["X-Hub-Signature-256"] = webhooks.sign(body, "not-the-secret")
    assert _post(fresh, body, headers).status_code == 401
    tampered = body.replace(b'"opened"', b'"closed"', 1)
    _, good = _signed_opened(fresh)
    assert _post(fresh, tampered, {**good, "X-Hub-Signature-256": webhooks.sign(body, fresh.state.webhook_secret)}).status_code == 401
    _nothing_queued(fresh)


def test_oversized_delivery_is_413_without_reading_the_body(fresh):
    url = urlparse(fresh.receiver_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.putrequest("POST", "/webhook")
    body_size = MAX_BODY_BYTES + 1
    for k, v in {
        "Content-Type": "application/json",
        "Content-Length": str(body_size),
        "X-GitHub-Event": "pull_request",
        "X-GitHub-Delivery": str(uuid.uuid4()),
        "X-Hub-Signature-256": "sha256=" + "0" * 64,
    }.items():
        conn.putheader(k, v)
    conn.endheaders()
    t0 = time.monotonic()
    resp = conn.getresponse()  # answered before a single body byte was sent
    assert resp.status == 413
    assert time.monotonic() - t0 < 5
    conn.close()
    _nothing_queued(fresh)


def test_malformed_json_is_400(fresh):
    for body in (b'{"action": "opened", ', b"\x00\x01binary", b'"just a string"'):
        headers = webhooks.delivery_headers("pull_request", body, fresh.state.webhook_secret, str(uuid.uuid4()))
        assert _post(fresh, body, headers).status_code == 400, body
    _nothing_queued(fresh)


def test_a_good_delivery_still_goes_through_after_all_that(fresh):
    body, headers = _signed_opened(fresh)
    resp = _post(fresh, body, headers)
    assert resp.status_code == 202
    assert fresh.task_result(resp) == "reviewed"
