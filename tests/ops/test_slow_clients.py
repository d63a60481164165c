"""Slow and idle clients cannot starve `goleash serve`: with connections that trickle their body,
trickle their headers or send nothing at all, a signed delivery is still answered within GitHub's
patience, and each of those connections is cut off after the receiver's deadline instead of
being held for as long as the client likes."""

from __future__ import annotations

import select
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ghsandbox import webhooks
from goleash.bot.app import BODY_READ_SECONDS
from goleash.bot.serve import KEEPALIVE_SECONDS

from .stack import start_ops_stack

SLOW_BODIES = 12
SLOW_HEADERS = 4
IDLE = 6
TRICKLE_EVERY = 0.5  # one byte per half second: the 64 KiB body below would take nine hours
ANSWERED_WITHIN = 3.0
# Scheduling slack on top of the receiver's own deadlines.
SLACK = 3.0


@pytest.fixture
def ops(tmp_path, ops_redis_url):
    s, cleanup = start_ops_stack(tmp_path, ops_redis_url, workers=0)
    yield s
    cleanup.run()


@dataclass
class Client:
    kind: str
    sock: socket.socket
    opened: float
    cut: float | None = None
    answer: bytes = b""
    trickles: bool = True
    sent: int = 0

    def poll(self, now: float) -> None:
        """Note when the receiver answers or hangs up."""
        if self.cut is not None:
            return
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
            if readable:
                chunk = self.sock.recv(65536)
                self.answer += chunk
                if not chunk or self.answer.endswith(b"}"):
                    self.cut = now
                return
            if self.trickles:
                self.sock.send(b" ")
                self.sent += 1
        except OSError:
            self.cut = now


def _open(host: str, port: int, kind: str) -> Client:
    sock = socket.create_connection((host, port), timeout=5)
    opened = time.monotonic()
    if kind == "slow body":
        sock.sendall(
            (
                f"POST /webhook HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                f"Content-Length: 65536\r\nX-GitHub-Event: pull_request\r\n"
                f"X-GitHub-Delivery: {uuid.uuid4()}\r\nX-Hub-Signature-256: sha256={'0' * 64}\r\n\r\n{{"
            ).encode()
        )
    elif kind == "slow headers":
        sock.sendall(f"POST /webhook HTTP/1.1\r\nHost: {host}\r\nX-Padding: ".encode())
    return Client(kind, sock, opened, trickles=kind != "idle")


@dataclass
class Trickler:
    clients: list[Client]
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, limit: float) -> None:
        end = time.monotonic() + limit  # bounded whatever the receiver does
        while not self.stop.is_set() and time.monotonic() < end:
            now = time.monotonic()
            for c in self.clients:
                c.poll(now)
            if all(c.cut is not None for c in self.clients):
                return
            self.stop.wait(TRICKLE_EVERY)


def test_slow_and_idle_clients_neither_delay_a_delivery_nor_stay_connected(ops):
    host, port = ops.url.removeprefix("http://").split(":")
    kinds = ["slow body"] * SLOW_BODIES + ["slow headers"] * SLOW_HEADERS + ["idle"] * IDLE
    clients = [_open(host, int(port), kind) for kind in kinds]
    limit = BODY_READ_SECONDS + KEEPALIVE_SECONDS + 4 * SLACK
    trickler = Trickler(clients)
    thread = threading.Thread(target=trickler.run, args=(limit,), daemon=True)
    thread.start()
    try:
        time.sleep(1.5)  # every worker has a slow client in hand by now
        assert all(c.cut is None for c in clients), [c.kind for c in clients if c.cut is not None]
        payload = webhooks.pull_request_event(ops.state, "opened")
        started = time.monotonic()
        resp = webhooks.deliver_for(ops.state, ops.url + "/webhook", "pull_request", payload, str(uuid.uuid4()), timeout=60)
        took = time.monotonic() - started
        print(
            f"signed delivery answered {resp.status_code} in {took:.2f}s beside "
            f"{SLOW_BODIES} slow bodies, {SLOW_HEADERS} slow headers, {IDLE} idle connections"
        )
        assert resp.status_code == 202, resp.text
        assert took < ANSWERED_WITHIN, f"the delivery took {took:.1f}s"
        assert ops.redis.llen("celery") == 1

        thread.join(limit + SLACK)
    finally:
        trickler.stop.set()
        thread.join(5)
        for c in clients:
            c.sock.close()

    for c in clients:
        print(f"{c.kind}: cut after {None if c.cut is None else round(c.cut - c.opened, 1)}s, {c.sent} bytes trickled, answer {c.answer[:40]!r}")
    for c in clients:
        assert c.cut is not None, f"a {c.kind} client is still connected after {limit:.0f}s"
        held = c.cut - c.opened
        if c.kind == "slow body":
            # Still trickling when the deadline struck: cut by the body deadline, not by silence.
            assert c.sent >= BODY_READ_SECONDS / TRICKLE_EVERY - SLACK / TRICKLE_EVERY, c
            assert BODY_READ_SECONDS - 1 <= held <= BODY_READ_SECONDS + SLACK, (c.kind, held)
            assert c.answer.startswith(b"HTTP/1.1 408"), c.answer[:200]
            assert b'"status":"body timeout"' in c.answer, c.answer[-200:]
        else:
            assert held <= KEEPALIVE_SECONDS + SLACK, (c.kind, held)

    # The receiver still serves, slash commands too (queued through Celery's own producer, which
    # runs on gevent's sockets here), and it says what it cut off.
    comment = ops.state.add_issue_comment("/goleash help", "alice")
    again = webhooks.deliver_for(
        ops.state, ops.url + "/webhook", "issue_comment", webhooks.issue_comment_event(ops.state, comment["id"]), str(uuid.uuid4())
    )
    assert again.status_code == 202 and again.json()["status"] == "queued", again.text
    assert len(ops.log_events(ops.receiver, "webhook.body_timeout")) == SLOW_BODIES


def test_the_image_runs_the_receiver_with_the_same_worker_settings():
    """deploy/Dockerfile starts gunicorn itself: its CMD must carry what was measured above."""
    import dockerfile

    from goleash.bot.config import Settings
    from goleash.bot.serve import gunicorn_argv

    root = Path(__file__).resolve().parents[2]
    cmd = [c for c in dockerfile.parse_file(str(root / "deploy" / "Dockerfile")) if c.cmd == "CMD"][-1].value

    def options(argv) -> dict:
        return {a: v for a, v in zip(argv, argv[1:]) if a.startswith("--") and not v.startswith("--")}

    served = options(gunicorn_argv(Settings()))
    for name in ("--worker-class", "--worker-connections", "--keep-alive", "--graceful-timeout"):
        assert options(cmd).get(name) == served[name], name
    assert served["--worker-class"] == "gevent"
    assert cmd[cmd.index("-c") + 1] == "python:goleash.bot.serve"  # the metrics hook
