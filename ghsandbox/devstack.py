"""The whole app on one machine — Redis, the GitHub sandbox, the receiver under gunicorn and
a Celery worker — for `make demo`, the benchmarks and the end-to-end tests.

Every process is started in its own session and stopped by its process-group id."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

import redis
import requests

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SCENARIO = REPO_ROOT / "ghsandbox" / "scenarios" / "sample"
FALLBACK_REDIS_PORT = 6390
T = TypeVar("T")


def wait_until(check: Callable[[], T], timeout: float, what: str, interval: float = 0.05) -> T:
    """Poll `check` until it returns something truthy; fail with `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping())
    except redis.RedisError:
        return False


@dataclass
class Service:
    name: str
    proc: subprocess.Popen
    log_path: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def signal(self, sig: int) -> None:
        try:
            os.killpg(self.proc.pid, sig)  # the group: gunicorn's and celery's children too
        except ProcessLookupError:
            pass

    def stop(self, timeout: float = 15.0) -> None:
        if not self.alive():
            return
        self.signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        self.signal(signal.SIGKILL)
        self.proc.wait(10)


def spawn(name: str, argv: list[str], env: dict, log_dir: Path) -> Service:
    log_path = log_dir / f"{name}.log"
    out = open(log_path, "ab")
    proc = subprocess.Popen(
        argv,
        env=env,
        cwd=REPO_ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    out.close()
    return Service(name, proc, log_path)


def bench_redis(cleanup: Cleanup, db: int | str) -> tuple[str, redis.Redis]:
    """A Redis database of its own for a benchmark: the one at $REDIS_URL (or a throwaway
    server), database `db`, emptied now and again when `cleanup` runs. Returns (url, client)."""
    url, stop_redis = ensure_redis(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    cleanup.add(stop_redis)
    url = url.rsplit("/", 1)[0] + f"/{db}"
    r = redis.Redis.from_url(url)
    r.flushdb()
    cleanup.add(r.flushdb)
    return url, r


def ensure_redis(url: str | None) -> tuple[str, Callable[[], None]]:
    """The Redis at `url` if it answers; else a throwaway one on port 6390. Returns the URL and
    how to stop what was started (nothing, if nothing was)."""
    if url and redis_answers(url):
        return url, lambda: None
    fallback = f"redis://127.0.0.1:{FALLBACK_REDIS_PORT}/0"
    if redis_answers(fallback):
        return fallback, lambda: None
    subprocess.run(
        ["redis-server", "--port", str(FALLBACK_REDIS_PORT), "--save", "", "--appendonly", "no", "--daemonize", "yes"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wait_until(lambda: redis_answers(fallback), 10, "redis-server to answer")

    def stop() -> None:
        try:
            redis.Redis.from_url(fallback).shutdown(nosave=True)
        except redis.RedisError:
            pass  # shutting down closes the connection under us

    return fallback, stop


@dataclass
class SandboxProcess:
    """`python -m ghsandbox` as a child process, driven through its admin API."""

    service: Service
    info: dict

    @property
    def url(self) -> str:
        return self.info["url"]

    def admin(self, path: str, payload: dict | None = None, method: str | None = None):
        m = method or ("POST" if payload is not None else "GET")
        r = requests.request(m, f"{self.url}/_sandbox/{path}", json=payload, timeout=30)
        r.raise_for_status()
        return r.json()

    def state(self) -> dict:
        return self.admin("state")

    @classmethod
    def start(cls, log_dir: Path, scenario: Path = SAMPLE_SCENARIO) -> "SandboxProcess":
        key_file = log_dir / "sandbox-app.pem"
        argv = [sys.executable, "-m", "ghsandbox", "--port", "0", "--scenario", str(scenario), "--key-file", str(key_file)]
        service = spawn("sandbox", argv, dict(os.environ), log_dir)

        def first_line() -> dict | None:
            for line in service.log().splitlines():
                if line.startswith("{") and '"url"' in line:
                    return json.loads(line)
            if not service.alive():
                raise RuntimeError(f"the sandbox exited:\n{service.log()}")
            return None

        info = wait_until(first_line, 60, "the sandbox to start")
        wait_until(lambda: _get_ok(info["url"] + "/_sandbox/app"), 30, "the sandbox to answer")
        return cls(service, info)


def _get_ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


def app_env(redis_url: str, github_url: str, app_id: int | str, key_file: str | Path, secret: str, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        REDIS_URL=redis_url,
        GITHUB_API_URL=github_url,
        GITHUB_APP_ID=str(app_id),
        GITHUB_PRIVATE_KEY_FILE=str(key_file),
        GOLEASH_WEBHOOK_SECRET=secret,
        PYTHONUNBUFFERED="1",
    )
    env.pop("GITHUB_PRIVATE_KEY", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


# gunicorn's own advice for sync workers: (2 x cores) + 1, so one worker waiting on Redis
# does not leave a core idle.
GUNICORN_WORKERS = 2 * (os.cpu_count() or 1) + 1


def gunicorn_argv(app: str, port: int, workers: int = GUNICORN_WORKERS) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
        "--graceful-timeout",
        "5",
    ]


def start_receiver(env: dict, log_dir: Path, port: int | None = None, name: str = "receiver") -> tuple[Service, str]:
    port = port or free_port()
    service = spawn(name, gunicorn_argv("goleash.bot.wsgi:app", port), env, log_dir)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if not service.alive():
            raise RuntimeError(f"the receiver exited:\n{service.log()}")
        return _get_ok(url + "/readyz")

    wait_until(up, 30, "the receiver to be ready")
    return service, url


def start_worker(env: dict, log_dir: Path, name: str = "worker") -> Service:
    argv = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "goleash.workers.app",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-n",
        f"{name}-{os.getpid()}-{time.monotonic_ns()}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    service = spawn(name, argv, env, log_dir)

    def ready() -> bool:
        if not service.alive():
            raise RuntimeError(f"the worker exited:\n{service.log()}")
        return " ready." in service.log()

    wait_until(ready, 60, "the Celery worker to be ready")
    return service


@dataclass
class Cleanup:
    steps: list[Callable[[], None]] = field(default_factory=list)

    def add(self, step: Callable[[], None]) -> None:
        self.steps.append(step)

    def run(self) -> None:
        while self.steps:
            try:
                self.steps.pop()()
            except Exception as exc:  # keep stopping the rest
                print(f"cleanup: {exc}", file=sys.stderr)


def temp_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))
