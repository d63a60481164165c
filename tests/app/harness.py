"""The app over real processes for end-to-end tests: Redis (a dedicated DB), the sandbox
(in this process, so tests read and steer its state directly), the receiver under
gunicorn and a Celery worker process."""

from __future__ import annotations

import posixpath
import uuid
from dataclasses import dataclass
from pathlib import Path

import redis
import requests

from ghsandbox import SandboxServer, SandboxState, webhooks
from ghsandbox.devstack import Cleanup, Service, app_env, start_receiver, start_worker, wait_until
from goleash.bot.config import Settings
from goleash.rules.engine import analyze_sources
from goleash.rules.fixes import apply_fix
from goleash.workers.celery_config import make_celery

# Short enough that a SIGKILLed worker's task comes back within seconds in the tests.
TEST_VISIBILITY_TIMEOUT = 4


@dataclass
class Stack:
    sandbox: SandboxServer
    receiver: Service
    receiver_url: str
    worker: Service
    redis: redis.Redis
    env: dict
    log_dir: Path

    @property
    def state(self) -> SandboxState:
        return self.sandbox.state

    # -- driving -------------------------------------------------------------------------
    def deliver(self, action: str = "opened", delivery_id: str | None = None) -> requests.Response:
        payload = webhooks.pull_request_event(self.state, action)
        return webhooks.deliver_for(self.state, self.receiver_url + "/webhook", "pull_request", payload, delivery_id or str(uuid.uuid4()))

    def task_result(self, resp: requests.Response, timeout: float = 90) -> str:
        """Wait for the task a 202 answer queued and return its result."""
        assert resp.status_code == 202, (resp.status_code, resp.text)
        [task_id] = resp.json()["tasks"]
        result = self.celery.AsyncResult(task_id)
        try:
            return result.get(timeout=timeout, interval=0.1, propagate=True)
        except Exception:
            print(self.worker.log()[-6000:])
            raise

    def restart_worker(self) -> None:
        self.worker.stop()
        self.worker = start_worker(self.env, self.log_dir, name="worker")

    def reset(self) -> None:
        """Back to the scenario's start: sandbox state and the app's Redis keys (not Celery's,
        whose queue bindings the running processes rely on). Waits for the queue to drain
        first: a retry or a restored duplicate from the last test must not run against the next."""
        if self.worker.alive():
            wait_until(lambda: self.queue_length() == 0, 60, "the task queue to drain", interval=0.1)
        self.state.reset()
        self.state.latency = 0.0
        self.state.slow_paths.clear()
        for key in self.redis.scan_iter("goleash:*"):
            self.redis.delete(key)

    @property
    def celery(self):
        if not hasattr(self, "_celery"):
            self._celery = make_celery(Settings(redis_url=self.env["REDIS_URL"]))
        return self._celery

    # -- reading -------------------------------------------------------------------------
    def bot_reviews(self) -> list[dict]:
        return [r for r in self.state.reviews if r["user"]["login"] == self.state.bot_login]

    def bot_comments(self) -> list[dict]:
        return [c for c in self.state.review_comments if c["user"]["login"] == self.state.bot_login and not c.get("deleted")]

    def queue_length(self) -> int:
        return self.redis.llen("celery") + self.redis.hlen("unacked")


def start_stack(tmp: Path, redis_url: str, ghes: bool = False, scenario: str | Path | None = None, **settings) -> tuple[Stack, Cleanup]:
    """`settings`: further environment for the receiver and the worker (GOLEASH_...)."""
    cleanup = Cleanup()
    r = redis.Redis.from_url(redis_url)
    r.flushdb()
    cleanup.add(r.flushdb)
    state = SandboxState(scenario)  # None: the sample scenario
    sandbox = SandboxServer(state).start()
    cleanup.add(sandbox.stop)
    key_file = tmp / "app.pem"
    key_file.write_text(state.private_key_pem)
    env = app_env(
        redis_url,
        sandbox.ghes_url if ghes else sandbox.url,
        state.app_id,
        key_file,
        state.webhook_secret,
        GOLEASH_VISIBILITY_TIMEOUT=TEST_VISIBILITY_TIMEOUT,
        GOLEASH_LOG_LEVEL="info",
        **settings,
    )
    try:
        receiver, receiver_url = start_receiver(env, tmp)
        cleanup.add(receiver.stop)
        worker = start_worker(env, tmp)
        stack = Stack(sandbox, receiver, receiver_url, worker, r, env, tmp)
        cleanup.add(lambda: stack.worker.stop())
    except Exception:
        cleanup.run()
        raise
    return stack, cleanup


# -- what the engine says about the scenario, independent of the bot's mapping code -----


def snapshot_files(state: SandboxState, sha: str) -> dict[str, bytes]:
    return dict(state.store.commits[sha].snapshot.files)


def expected_findings(state: SandboxState, sha: str):
    """Findings of the engine on the packages the PR touches, and which are on diff lines
    according to the sandbox's own diff (GitHub's rule, not the bot's parser)."""
    files = snapshot_files(state, sha)
    changed = [f.filename for f in state.pr_files(sha) if f.status != "removed" and f.filename.endswith(".go")]
    dirs = {posixpath.dirname(p) for p in changed}
    sources = {p: d for p, d in files.items() if (p.endswith(".go") and posixpath.dirname(p) in dirs) or p.endswith("go.mod")}
    report = analyze_sources(sources)
    in_diff = [f for f in report.findings if (fd := state.file_diff(f.path, sha)) and fd.find("RIGHT", f.line)]
    return report.findings, in_diff, files


def apply_suggestion(content: bytes, start: int, end: int, block: list[str]) -> bytes:
    """What GitHub's "Commit suggestion" does: lines start..end become the block's lines."""
    lines = content.decode().split("\n")
    trailing = lines[-1] == ""
    body = lines[:-1] if trailing else lines
    new = body[: start - 1] + block + body[end:]
    return ("\n".join(new) + ("\n" if trailing else "")).encode()


def suggestion_block(body: str) -> list[str] | None:
    import re

    m = re.search(r"^(`{3,})suggestion\n(.*?)^\1$", body, re.M | re.S)
    return m.group(2).split("\n")[:-1] if m else None


def fixed_content(files: dict[str, bytes], finding) -> dict[str, bytes]:
    return apply_fix(files, finding.fixes[0])
