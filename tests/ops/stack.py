"""The app started the way an operator starts it: `goleash serve` and `goleash worker`, with
the GitHub sandbox in this process (tests/app/harness.py's pieces)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import redis
import requests

from ghsandbox import SandboxServer, SandboxState, webhooks
from ghsandbox.devstack import Cleanup, Service, app_env, free_port, wait_until

from .common import goleash


@dataclass
class OpsStack:
    sandbox: SandboxServer
    receiver: Service
    url: str
    workers: list
    redis: redis.Redis
    env: dict
    tmp: Path

    @property
    def state(self) -> SandboxState:
        return self.sandbox.state

    def deliver(self, action="opened", delivery_id=None) -> requests.Response:
        payload = webhooks.pull_request_event(self.state, action)
        return webhooks.deliver_for(self.state, self.url + "/webhook", "pull_request", payload, delivery_id or str(uuid.uuid4()))

    def start_worker(self, name: str) -> Service:
        w = goleash(name, ["worker", "--queue", "reviews"], self.env, self.tmp)

        def ready():
            if not w.alive():
                raise RuntimeError(f"{name} exited:\n{w.log()}")
            return " ready." in w.log()

        wait_until(ready, 60, f"{name} to be ready")
        self.workers.append(w)
        return w

    def log_events(self, service: Service, event: str) -> list[dict]:
        out = []
        for line in service.log().splitlines():
            if line.startswith("{") and f'"{event}"' in line:
                try:
                    d = json.loads(line)
                except ValueError:
                    continue
                if d.get("event") == event:
                    out.append(d)
        return out


def start_ops_stack(tmp: Path, redis_url: str, workers: int = 1, **extra) -> tuple[OpsStack, Cleanup]:
    cleanup = Cleanup()
    r = redis.Redis.from_url(redis_url)
    r.flushdb()
    cleanup.add(r.flushdb)
    state = SandboxState()
    sandbox = SandboxServer(state).start()
    cleanup.add(sandbox.stop)
    key_file = tmp / "app.pem"
    key_file.write_text(state.private_key_pem)
    port = free_port()
    env = app_env(
        redis_url,
        sandbox.url,
        state.app_id,
        key_file,
        state.webhook_secret,
        GOLEASH_VISIBILITY_TIMEOUT=4,
        GOLEASH_ALLOW_SHORT_VISIBILITY=1,
        GOLEASH_LOG_LEVEL="info",
        PROMETHEUS_MULTIPROC_DIR=tmp / "prometheus",
        WEB_CONCURRENCY=2,
        GOLEASH_BIND=f"127.0.0.1:{port}",
        **extra,
    )
    try:
        receiver = goleash("receiver", ["serve"], env, tmp)
        cleanup.add(receiver.stop)
        url = f"http://127.0.0.1:{port}"

        def up():
            if not receiver.alive():
                raise RuntimeError(f"the receiver exited:\n{receiver.log()}")
            try:
                return requests.get(url + "/readyz", timeout=1).status_code == 200
            except requests.RequestException:
                return False

        wait_until(up, 30, "goleash serve")
        stack = OpsStack(sandbox, receiver, url, [], r, env, tmp)
        cleanup.add(lambda: [w.stop() for w in stack.workers])
        for i in range(workers):
            stack.start_worker(f"worker{i}")
    except Exception:
        cleanup.run()
        raise
    return stack, cleanup
