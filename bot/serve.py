"""Process entry points behind `goleash serve | worker | all` (rules/cli.py dispatches here).

* serve  - the receiver under gunicorn (sync workers, graceful shutdown on SIGTERM: in-flight
           requests finish, then the workers exit). `--setup` serves only the setup pages.
* worker - a Celery worker for one queue (SIGTERM = Celery's warm shutdown: the running task
           finishes, nothing new is taken; a task cut off anyway is redelivered, acks are late).
* all    - both, as children of this process, for small orgs on one host.

Every command validates the whole environment first (bot/settings_check.py) and exits 2 with
every problem listed. This module is also gunicorn's config module (`-c python:bot.serve`) for
the multiprocess metrics hook below; gunicorn only reads its known setting names from it."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from . import settings_check

EXIT_CONFIG = 2
# A webhook answer takes milliseconds; give slow clients and a Redis hiccup some room.
GRACEFUL_TIMEOUT = 30


# ------------------------------------------------------------------ gunicorn hooks
def child_exit(server, worker) -> None:  # noqa: ARG001 - gunicorn's signature
    from . import metrics

    metrics.mark_process_dead(worker.pid)


# ------------------------------------------------------------------ helpers
def load_env_file(path: str | os.PathLike, env: dict | None = None) -> dict:
    """KEY=VALUE lines (comments, blank lines, `export ` and quotes allowed) into `env`;
    variables already set in the environment win (twelve-factor: the environment is the truth)."""
    env = os.environ if env is None else env
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[7:].lstrip()
        key, sep, value = line.partition("=")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env.setdefault(key, value)
    return env


def _prepare(args, role: str) -> dict:
    env_file = getattr(args, "env_file", None) or os.environ.get("GOLEASH_ENV_FILE")
    if env_file:
        try:
            load_env_file(env_file)
        except OSError as exc:
            print(f"goleash {role}: cannot read --env-file {env_file}: {exc.strerror or exc}", file=sys.stderr)
            raise SystemExit(EXIT_CONFIG)
    found = settings_check.problems(os.environ, role)
    if found:
        print(settings_check.report(found, role), file=sys.stderr)
        raise SystemExit(EXIT_CONFIG)
    return dict(os.environ)


def _multiproc_dir(env: dict) -> None:
    """A clean PROMETHEUS_MULTIPROC_DIR for this receiver (stale files would double counts)."""
    d = env.get("PROMETHEUS_MULTIPROC_DIR")
    if not d:
        d = tempfile.mkdtemp(prefix="goleash-metrics-")
    else:
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d, exist_ok=True)
    env["PROMETHEUS_MULTIPROC_DIR"] = d


def gunicorn_argv(env: dict, setup: bool = False) -> list[str]:
    app = "bot.setup_page:create_app()" if setup else "bot.wsgi:app"
    return [
        sys.executable, "-m", "gunicorn", app, "-c", "python:bot.serve",
        "--bind", env.get("GOLEASH_BIND", "127.0.0.1:8000" if setup else "0.0.0.0:8000"),
        # the setup flow keeps its pending state in memory: one process
        "--workers", "1" if setup else env.get("WEB_CONCURRENCY", "2"),
        "--worker-class", "sync", "--graceful-timeout", str(GRACEFUL_TIMEOUT),
        "--access-logfile", "-", "--log-level", "info",
    ]


def worker_argv(env: dict, queue: str) -> list[str]:
    # Reviews are still routed to `celery` (workers/celery_config.py); review workers take both.
    queues = "reviews,celery" if queue == "reviews" else queue
    concurrency = env.get("GOLEASH_WORKER_CONCURRENCY", "1")
    return [
        sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", queues,
        "--concurrency", concurrency, "--pool", "solo" if concurrency == "1" else "prefork",
        "-n", f"goleash-{queue}-{os.getpid()}@%h", "--without-gossip", "--without-mingle",
        "--loglevel", env.get("GOLEASH_LOG_LEVEL", "info").upper(),
    ]


# ------------------------------------------------------------------ commands
def serve(args) -> int:
    role = "setup" if getattr(args, "setup", False) else "receiver"
    if getattr(args, "bind", None):
        os.environ["GOLEASH_BIND"] = args.bind
    env = _prepare(args, role)
    _multiproc_dir(env)
    argv = gunicorn_argv(env, setup=role == "setup")
    os.execvpe(argv[0], argv, env)  # gunicorn becomes this process: SIGTERM reaches it directly
    return 0  # not reached


def worker(args) -> int:
    env = _prepare(args, "worker")
    argv = worker_argv(env, args.queue)
    os.execvpe(argv[0], argv, env)
    return 0


def all_in_one(args) -> int:
    if getattr(args, "bind", None):
        os.environ["GOLEASH_BIND"] = args.bind
    env = _prepare(args, "all")
    _multiproc_dir(env)
    children = [subprocess.Popen(gunicorn_argv(env), env=env)]
    children += [subprocess.Popen(worker_argv(env, q), env=env) for q in args.queues]

    def forward(signum, _frame):
        for c in children:
            if c.poll() is None:
                c.send_signal(signum)

    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, forward)
    # Wait for all; if one dies on its own, stop the others (a half-running app hides problems).
    codes = []
    while children:
        for c in list(children):
            try:
                code = c.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                continue
            children.remove(c)
            codes.append(code)
            if code not in (0, -signal.SIGTERM, -signal.SIGINT):
                forward(signal.SIGTERM, None)
    return max((abs(c) for c in codes), default=0)


def add_commands(sub) -> None:
    """The serve/worker/all subcommands, on rules/cli.py's subparsers."""
    s = sub.add_parser("serve", help="run the webhook receiver under gunicorn")
    s.add_argument("--env-file", metavar="FILE", help="read settings from FILE (the environment wins)")
    s.add_argument("--bind", metavar="HOST:PORT", help="listen address (default $GOLEASH_BIND or 0.0.0.0:8000)")
    s.add_argument("--setup", action="store_true", help="serve only the App setup pages (/setup)")
    s.set_defaults(func=serve)
    w = sub.add_parser("worker", help="run a Celery worker for one queue")
    w.add_argument("--queue", choices=settings_check.QUEUES, default="reviews")
    w.add_argument("--env-file", metavar="FILE")
    w.set_defaults(func=worker)
    a = sub.add_parser("all", help="run the receiver and a review worker in one container (small orgs)")
    a.add_argument("--env-file", metavar="FILE")
    a.add_argument("--bind", metavar="HOST:PORT")
    a.add_argument("--queues", nargs="+", choices=settings_check.QUEUES, default=["reviews"])
    a.set_defaults(func=all_in_one)
