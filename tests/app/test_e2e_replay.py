"""End to end: a review worker AND a replay worker process (queue ``replays``, started
WITHOUT the App private key or the webhook secret), the receiver under gunicorn, real Redis and
the sandbox serving ghsandbox/scenarios/replay-sample.

With GOLEASH_REPLAY=always a signed pull_request.opened gets its static review, then the replay
(go vet + go test -race in bubblewrap) posts the race the static rules cannot see, the hang, and
edits the static map-concurrent-write comment to say the race detector confirmed it. A second
replay of the same head posts nothing new."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import pytest
import redis

from ghsandbox import SandboxServer, SandboxState
from ghsandbox.devstack import (
    Cleanup,
    app_env,
    spawn,
    start_receiver,
    start_worker,
    wait_until,
)
from goleash.bot.markers import fingerprint_in

from .harness import Stack

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "ghsandbox" / "scenarios" / "replay-sample"
# Shared across test sessions: a cold -race build of the runtime costs ~30 s, a warm one ~1 s.
CACHE = Path(os.environ.get("GOLEASH_TEST_REPLAY_CACHE", Path(tempfile.gettempdir()) / "goleash-e2e-replay-cache"))
TEST_TIMEOUT = 5


def _why_unusable() -> str | None:
    if not shutil.which("bwrap"):
        return "bwrap is not installed"
    if not shutil.which("go"):
        return "no go toolchain on PATH"
    r = subprocess.run(
        [
            "bwrap",
            "--unshare-all",
            "--ro-bind",
            "/usr",
            "/usr",
            "--symlink",
            "usr/bin",
            "/bin",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--",
            "/usr/bin/true",
        ],
        capture_output=True,
    )
    return None if r.returncode == 0 else f"bwrap cannot create namespaces: {r.stderr.decode()[:200]}"


pytestmark = pytest.mark.skipif(bool(_why_unusable()), reason=_why_unusable() or "")


def _warm_cache(repo: str) -> float:
    """Replay the scenario's head once in-process into the cache the replay worker will use."""
    from goleash.bot.config import Settings
    from goleash.replay import ReplayConfig, replay_tarball
    from goleash.workers.replay_task import cache_dir_for

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        tf.add(SCENARIO / "head", arcname="acme-meter-warm")
    buf.seek(0)
    t = time.monotonic()
    replay_tarball(
        buf,
        ["meter", "fetch", "tally"],
        cache_dir=cache_dir_for(repo, Settings(replay_cache_dir=str(CACHE))),
        config=ReplayConfig(test_timeout_seconds=1),
    )
    return time.monotonic() - t


@pytest.fixture(scope="module")
def rstack(tmp_path_factory, redis_url):
    tmp = tmp_path_factory.mktemp("replay-stack")
    cleanup = Cleanup()
    r = redis.Redis.from_url(redis_url)
    r.flushdb()
    cleanup.add(r.flushdb)
    state = SandboxState(str(SCENARIO))
    print(f"warming the Go cache: {_warm_cache(state.full_name):.1f} s")
    sandbox = SandboxServer(state).start()
    cleanup.add(sandbox.stop)
    key_file = tmp / "app.pem"
    key_file.write_text(state.private_key_pem)
    env = app_env(
        redis_url,
        sandbox.url,
        state.app_id,
        key_file,
        state.webhook_secret,
        GOLEASH_VISIBILITY_TIMEOUT=30,
        GOLEASH_LOG_LEVEL="info",
        GOLEASH_REPLAY="always",
        GOLEASH_REPLAY_CACHE_DIR=str(CACHE),
        GOLEASH_REPLAY_TEST_TIMEOUT=TEST_TIMEOUT,
    )
    # The replay worker: no App key, no webhook secret, nothing but a broker and a cache.
    replay_env = {k: v for k, v in env.items() if k not in ("GITHUB_PRIVATE_KEY", "GITHUB_PRIVATE_KEY_FILE", "GOLEASH_WEBHOOK_SECRET")}
    try:
        receiver, receiver_url = start_receiver(env, tmp)
        cleanup.add(receiver.stop)
        worker = start_worker(env, tmp)
        cleanup.add(worker.stop)
        replayer = spawn(
            "replayer",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "goleash.workers.app",
                "worker",
                "-Q",
                "replays",
                "--pool=solo",
                "--concurrency=1",
                "-n",
                f"replayer-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            replay_env,
            tmp,
        )
        cleanup.add(replayer.stop)
        wait_until(lambda: " ready." in replayer.log() or not replayer.alive(), 60, "the replay worker")
        assert replayer.alive(), replayer.log()
        stack = Stack(sandbox, receiver, receiver_url, worker, r, env, tmp)
        stack.replayer = replayer
        stack.replay_env = replay_env
    except Exception:
        cleanup.run()
        raise
    yield stack
    cleanup.run()


def replay_run(st: SandboxState) -> dict | None:
    return next((c for c in st.check_runs if c["name"] == "goleash replay"), None)


def wait_replay_completed(stack, completions: int, timeout: float = 150) -> dict:
    def done():
        for svc in (stack.worker, stack.replayer):
            if not svc.alive():
                raise RuntimeError(f"{svc} exited:\n{svc.log()[-4000:]}")
        run = replay_run(stack.state)
        n = sum(1 for p in (run or {}).get("patches", []) if p.get("status") == "completed")
        return run if n >= completions else None

    try:
        return wait_until(done, timeout, "the replay check run to complete", interval=0.2)
    except Exception:
        print(stack.worker.log()[-6000:])
        print(stack.replayer.log()[-6000:])
        raise


def rule_of(comment: dict) -> str:
    """The rule id in the comment's heading line: ``⛔ **race-detected · ...**``."""
    m = re.search(r"\*\*([a-z0-9-]+) · ", comment["body"].split("\n", 1)[0])
    return m.group(1) if m else ""


def line_of(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if needle in ln)


def test_replay_posts_runtime_evidence_and_confirms_the_static_finding(rstack):
    st = rstack.state
    head = st.head_sha
    t0 = time.monotonic()
    assert rstack.task_result(rstack.deliver("opened")) == "reviewed"

    [static] = [c for c in rstack.bot_comments() if rule_of(c) == "map-concurrent-write"]
    tally_line = line_of(SCENARIO / "head" / "tally" / "tally.go", "counts[w]++")
    assert static["path"] == "tally/tally.go" and static["line"] == tally_line
    assert not any(c["path"] == "meter/meter.go" for c in rstack.bot_comments()), "the static rules cannot see (a)"

    run = wait_replay_completed(rstack, 1)
    elapsed = time.monotonic() - t0
    print(f"review + replay: {elapsed:.1f} s; summary:\n{run['output']['summary']}")
    assert run["status"] == "completed" and run["head_sha"] == head and run["conclusion"] == "failure"
    assert "**Run-time checks:** 3 packages tested in" in run["output"]["summary"]
    assert "goroutine-leak check on 3 of 3" in run["output"]["summary"]
    comments = rstack.bot_comments()

    # (a) the race through an interface method, on the racing write, with the race stack.
    add_line = line_of(SCENARIO / "head" / "meter" / "meter.go", "c.n += n")
    races = [c for c in comments if rule_of(c) == "race-detected"]
    assert [(c["path"], c["line"]) for c in races] == [("meter/meter.go", add_line)], races
    assert "Data race observed at run time" in races[0]["body"]
    assert "(*counter).Add" in races[0]["body"] and f"meter/meter.go:{add_line}" in races[0]["body"]

    # (b) the hang: the senders of First stuck in chan send, with the goroutine stack.
    send_line = line_of(SCENARIO / "head" / "fetch" / "fetch.go", "answers <- m * 2")
    hangs = [c for c in comments if rule_of(c) == "hang-detected"]
    assert ("fetch/fetch.go", send_line) in [(c["path"], c["line"]) for c in hangs], hangs
    assert all("Goroutine blocked forever" in c["body"] and f"test timeout of {TEST_TIMEOUT}s" in c["body"] for c in hangs)

    # (c) the SAME static comment, edited: confirmed by the race detector, with the stack excerpt.
    on_tally = [c for c in comments if c["path"] == "tally/tally.go"]
    assert [c["id"] for c in on_tally] == [static["id"]]
    body = st.comment(static["id"])["body"]
    print(f"--- race comment:\n{races[0]['body']}\n--- confirmed comment:\n{body}")
    assert "Confirmed by the race detector" in body and "map-concurrent-write" in body
    assert "Words.func1" in body and fingerprint_in(body) == fingerprint_in(static["body"])

    # Credentials: the tarball was fetched with a token narrowed to contents:read on this repo,
    # by a worker process that never had the key or the secret.
    narrowed = [t for t in st.tokens.values() if t["repositories"] == [st.repo]]
    assert narrowed and all(set(t["permissions"]) <= {"contents", "metadata"} for t in narrowed)
    assert "GITHUB_PRIVATE_KEY_FILE" not in rstack.replay_env and "GOLEASH_WEBHOOK_SECRET" not in rstack.replay_env
    environ = Path(f"/proc/{rstack.replayer.pid}/environ").read_bytes()
    assert b"GITHUB_PRIVATE_KEY" not in environ and b"GOLEASH_WEBHOOK_SECRET" not in environ
    assert "goleash.replay_run" in rstack.replayer.log() and "succeeded" in rstack.replayer.log()
    assert "replay_run" not in rstack.worker.log().replace("goleash.replay_run", "")
    tarballs = [q for q in st.requests if re.search(r"/tarball/", q["path"])]
    assert [q["status"] for q in tarballs] == [302]
    assert st.violations == []

    # Again at the same head (an explicit request): nothing new is posted, nothing re-edited.
    before = {c["id"]: c["body"] for c in rstack.bot_comments()}
    reviews = len(rstack.bot_reviews())
    rstack.celery.send_task(
        "goleash.replay_prepare",
        kwargs={
            "job": {"delivery_id": "again", "installation_id": st.installation_id, "repo": st.full_name, "number": st.pr_number, "head_sha": head},
            "trigger": "request",
        },
    )
    wait_replay_completed(rstack, 2)
    assert {c["id"]: c["body"] for c in rstack.bot_comments()} == before
    assert len(rstack.bot_reviews()) == reviews
    assert [c["name"] for c in st.check_runs].count("goleash replay") == 1
    assert st.violations == []


def test_replay_modes_and_fork_policy():
    from goleash.bot.config import ConfigError, Settings
    from goleash.workers import replay_queue, replay_task

    job = {"delivery_id": "d", "installation_id": 1, "repo": "a/b", "number": 1, "head_sha": "x"}
    assert replay_queue.enqueue_replay(job, trigger="auto", settings=Settings(replay="on-request")) is None
    assert replay_queue.enqueue_replay(job, settings=Settings(replay="off")) is None
    assert replay_queue.replay_mode(Settings.from_env({"GOLEASH_REPLAY": " Always"})) == "always"
    with pytest.raises(ConfigError, match="GOLEASH_REPLAY='bogus' must be one of off, on-request, always"):
        Settings.from_env({"GOLEASH_REPLAY": "bogus"})
    same = {"full_name": "acme/meter"}
    assert not replay_task.is_fork({"head": {"repo": same}, "base": {"repo": same}})
    assert replay_task.is_fork({"head": {"repo": {"full_name": "mallory/meter"}}, "base": {"repo": same}})
    assert replay_task.is_fork({"head": {"repo": None}, "base": {"repo": same}})  # fork deleted


def test_repository_config_always_replays_unless_the_operator_turned_replays_off():
    from goleash.bot.config import Settings
    from goleash.workers import replay_queue, replay_task

    class App:
        def __init__(self):
            self.sent = []

        def send_task(self, name, kwargs, kwargsrepr):
            self.sent.append((name, kwargs["trigger"]))
            return type("R", (), {"id": f"t{len(self.sent)}"})()

    job = {"delivery_id": "d", "installation_id": 1, "repo": "a/b", "number": 1, "head_sha": "x"}
    app = App()
    assert replay_queue.enqueue_replay(job, trigger="config", app=app, settings=Settings(replay="on-request")) == "t1"
    assert app.sent == [(replay_task.REPLAY_PREPARE_TASK, "config")]
    assert replay_queue.enqueue_replay(job, trigger="config", app=app, settings=Settings(replay="off")) is None
    assert len(app.sent) == 1


def test_automatic_replay_never_runs_a_fork(monkeypatch):
    """trigger "auto" (GOLEASH_REPLAY=always after a review) stops at the fork check, before any
    check run, token or message; an explicit request goes on past it."""
    from goleash.workers import replay_task
    from goleash.workers.base_task import GoleashTask, Resources

    class Tokens:
        def get(self, installation_id):
            return "ghs_test"

    calls = []
    monkeypatch.setattr(GoleashTask, "_resources", Resources(None, Tokens()))
    fork = {"head": {"sha": "a" * 40, "repo": {"full_name": "mallory/meter"}}, "base": {"repo": {"full_name": "acme/meter"}}, "state": "open"}
    monkeypatch.setattr(replay_task, "_pr_raw", lambda gh, repo, number: calls.append(repo) or fork)
    job = {"delivery_id": "d", "installation_id": 1, "repo": "acme/meter", "number": 7, "head_sha": "a" * 40}
    assert replay_task.prepare_replay.run(job, trigger="auto") == "skipped_fork"
    assert calls == ["acme/meter"]
    monkeypatch.setattr(replay_task, "_start_check", lambda *a: (_ for _ in ()).throw(RuntimeError("went on")))
    monkeypatch.setattr(
        "goleash.workers.github_api.PullRequestAPI.changed_files", lambda self: [type("F", (), {"path": "meter/meter.go", "status": "modified"})()]
    )
    with pytest.raises(RuntimeError, match="went on"):
        replay_task.prepare_replay.run(job, trigger="request")
