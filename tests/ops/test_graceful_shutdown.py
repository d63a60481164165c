"""SIGTERM stops taking work, finishes what is in flight, exits: gunicorn's graceful shutdown
for the receiver, Celery's warm shutdown for a worker."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
import uuid

import pytest

from ghsandbox import webhooks
from ghsandbox.devstack import wait_until
from goleash.bot.signature import sign

from .stack import start_ops_stack


@pytest.fixture
def ops(tmp_path, ops_redis_url):
    s, cleanup = start_ops_stack(tmp_path, ops_redis_url)
    yield s
    cleanup.run()


def test_sigterm_during_a_slow_request_lets_it_finish(ops):
    payload = webhooks.pull_request_event(ops.state, "opened")
    body = json.dumps(payload).encode()
    host, port = ops.url.removeprefix("http://").split(":")
    conn = socket.create_connection((host, int(port)), timeout=20)
    head = (
        f"POST /webhook HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nX-GitHub-Event: pull_request\r\nX-GitHub-Delivery: {uuid.uuid4()}\r\n"
        f"X-Hub-Signature-256: {sign(ops.state.webhook_secret, body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    conn.sendall(head + body[:100])  # a client still sending its delivery
    time.sleep(0.5)
    os.kill(ops.receiver.pid, signal.SIGTERM)  # what Kubernetes / Compose send to PID 1
    time.sleep(1.0)
    conn.sendall(body[100:])
    answer = b""
    while chunk := conn.recv(65536):
        answer += chunk
    conn.close()
    assert answer.startswith(b"HTTP/1.1 202"), answer[:300]
    ops.receiver.proc.wait(20)
    assert ops.receiver.proc.returncode == 0, ops.receiver.log()[-3000:]
    # New connections are refused once it has stopped.
    with pytest.raises(OSError):
        socket.create_connection((host, int(port)), timeout=2)


def test_sigterm_during_a_slow_review_lets_it_finish(ops):
    ops.state.latency = 0.3  # every GitHub call takes 300 ms: the review takes seconds
    worker = ops.workers[0]
    resp = ops.deliver("opened")
    assert resp.status_code == 202
    wait_until(lambda: len(ops.state.requests) >= 3, 30, "the review to be under way")
    os.kill(worker.pid, signal.SIGTERM)
    worker.proc.wait(60)
    assert worker.proc.returncode == 0, worker.log()[-3000:]
    finished = ops.log_events(worker, "review.finished")
    assert [e["outcome"] for e in finished] == ["reviewed"], worker.log()[-3000:]
    assert [r for r in ops.state.reviews if r["user"]["login"] == ops.state.bot_login]
    # Acknowledged: nothing waits to be redelivered.
    assert ops.redis.llen("celery") == 0 and ops.redis.hlen("unacked") == 0
