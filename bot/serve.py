"""Process entry points behind `goleash serve | worker | all` (the `goleash` command, cli/, adds them).

* serve  - the receiver under gunicorn (gevent workers, graceful shutdown on SIGTERM: in-flight
           requests finish, then the workers exit). `--setup` serves only the setup pages.
* worker - a Celery worker for one queue (SIGTERM = Celery's warm shutdown: the running task
           finishes, nothing new is taken; a task cut off anyway is redelivered, acks are late).
* all    - both, as children of this process, for small orgs on one host.

Every command validates the whole environment first (bot/settings_check.py) and exits 2 with
every problem listed; with `--check` it then loads what it would run (the WSGI app, the Celery app
and its tasks), prints what it found and exits 0 instead of starting. This module is also gunicorn's config module (`-c python:bot.serve`) for
the multiprocess metrics hook below; gunicorn only reads its known setting names from it."""

from __future__ import annotations

import importlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from . import settings_check
from .config import ENV_FILE_VARIABLE, Settings

EXIT_CONFIG = 2
# A webhook answer takes milliseconds; give slow clients and a Redis hiccup some room.
GRACEFUL_TIMEOUT = 30
# The receiver's workers are gevent's: each connection is a greenlet, so a client that sends its
# request slowly or nothing at all holds a socket, not a worker. Measured with
# tests/ops/test_slow_clients.py (2 workers; 12 clients trickling a body, 4 trickling headers,
# 6 idle): under sync workers a signed delivery beside them got no answer within 60 s; under
# gevent workers it is answered in 0.01 s, the idle and slow-header clients are cut off after
# 5 s and the slow bodies get a 408 after 10 s. Deliveries per second are the same as with sync
# workers. (gthread's threads block reading a slow body just as sync workers do.)
WORKER_CLASS = "gevent"
# Connections one worker holds at once, slow ones included.
WORKER_CONNECTIONS = 1000
# How long a connection may take to send a request's headers, and stay idle between requests
# (gevent's worker times both with this); the body has its own deadline, bot/app.py's
# BODY_READ_SECONDS.
KEEPALIVE_SECONDS = 5
WSGI_APP = "goleash.bot.wsgi:app"
SETUP_APP = "goleash.bot.setup_page:create_app()"
# By name: the receiver's package does not import the workers' package.
CELERY_APP = "goleash.workers.app"


# ------------------------------------------------------------------ gunicorn hooks
def child_exit(server, worker) -> None:  # noqa: ARG001 - gunicorn's signature
    from . import metrics

    metrics.mark_process_dead(worker.pid)


# ------------------------------------------------------------------ helpers
def load_env_file(path: str | os.PathLike, env: dict) -> dict:
    """KEY=VALUE lines (comments, blank lines, `export ` and quotes allowed) into `env`;
    variables already set in the environment win (twelve-factor: the environment is the truth)."""
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


def _prepare(args, role: str) -> tuple[Settings, dict]:
    """The process's settings, read once: the environment, then the env file under it (the
    environment wins), then the command line's --bind over both. Exits 2 listing every problem.
    Returns them with the environment the children are started with."""
    env = dict(os.environ)
    env_file = getattr(args, "env_file", None) or env.get(ENV_FILE_VARIABLE)
    if env_file:
        try:
            load_env_file(env_file, env)
        except OSError as exc:
            print(f"goleash {role}: cannot read --env-file {env_file}: {exc.strerror or exc}", file=sys.stderr)
            raise SystemExit(EXIT_CONFIG)
    if getattr(args, "bind", None):
        env["GOLEASH_BIND"] = args.bind
    found = settings_check.problems(env, role)
    if found:
        print(settings_check.report(found, role), file=sys.stderr)
        raise SystemExit(EXIT_CONFIG)
    # What the children are started with; --check also loads the worker app in this process,
    # which reads its settings from the process environment as a starting worker does.
    os.environ.update(env)
    return Settings.from_env(env), env


def _multiproc_dir(env: dict) -> None:
    """A clean PROMETHEUS_MULTIPROC_DIR for this receiver (stale files would double counts)."""
    d = env.get("PROMETHEUS_MULTIPROC_DIR")
    if not d:
        d = tempfile.mkdtemp(prefix="goleash-metrics-")
    else:
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d, exist_ok=True)
    env["PROMETHEUS_MULTIPROC_DIR"] = d


def gunicorn_argv(settings: Settings, setup: bool = False) -> list[str]:
    app = SETUP_APP if setup else WSGI_APP
    if setup:
        # The setup flow keeps its pending state in memory (one process) and listens on loopback
        # for the few minutes an operator spends on it.
        workers = ["--workers", "1", "--worker-class", "sync"]
    else:
        workers = [
            "--workers",
            str(settings.web_concurrency),
            "--worker-class",
            WORKER_CLASS,
            "--worker-connections",
            str(WORKER_CONNECTIONS),
            "--keep-alive",
            str(KEEPALIVE_SECONDS),
        ]
    return [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "-c",
        "python:goleash.bot.serve",
        "--bind",
        settings.bind_address(setup),
        *workers,
        "--graceful-timeout",
        str(GRACEFUL_TIMEOUT),
        "--access-logfile",
        "-",
        "--log-level",
        "info",
    ]


def broker_queues(queue: str) -> list[str]:
    # Reviews are still routed to `celery` (bot/celery_config.py); review workers take both.
    return ["reviews", "celery"] if queue == "reviews" else [queue]


def worker_argv(settings: Settings, queue: str) -> list[str]:
    queues = ",".join(broker_queues(queue))
    concurrency = settings.worker_concurrency
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        CELERY_APP,
        "worker",
        "-Q",
        queues,
        "--concurrency",
        str(concurrency),
        "--pool",
        "solo" if concurrency == 1 else "prefork",
        "-n",
        f"goleash-{queue}-{os.getpid()}@%h",
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        settings.log_level.upper(),
    ]


# ------------------------------------------------------------------ --check
def _check_receiver(settings: Settings, setup: bool) -> str:
    if setup:
        from .setup_page import create_app as create_setup_app

        app, name = create_setup_app(settings), SETUP_APP
    else:
        from .app import create_app

        app, name = create_app(settings), WSGI_APP
    routes = sorted({r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"})
    return f"{name} loads, routes {' '.join(routes)}"


def _check_worker(queues: list[str]) -> str:
    celery = importlib.import_module(CELERY_APP).app
    celery.loader.import_default_modules()  # the task modules, as a starting worker imports them
    routes = celery.conf.task_routes or {}
    served = {q for queue in queues for q in broker_queues(queue)}
    tasks = sorted(n for n in celery.tasks if n.startswith("goleash.") and (routes.get(n) or {}).get("queue", "celery") in served)
    if not tasks:
        raise SystemExit(f"goleash worker: no task of {CELERY_APP} is routed to {', '.join(queues)}")
    return f"{CELERY_APP} loads, tasks for {','.join(queues)}: {' '.join(tasks)}"


def _report_check(role: str, lines: list[str]) -> int:
    for line in lines:
        print(f"goleash {role}: {line}")
    print(f"goleash {role}: configuration ok")
    return 0


# ------------------------------------------------------------------ commands
def serve(args) -> int:
    role = "setup" if getattr(args, "setup", False) else "receiver"
    settings, env = _prepare(args, role)
    if getattr(args, "check", False):
        return _report_check(role, [_check_receiver(settings, role == "setup")])
    _multiproc_dir(env)
    argv = gunicorn_argv(settings, setup=role == "setup")
    os.execvpe(argv[0], argv, env)  # gunicorn becomes this process: SIGTERM reaches it directly
    return 0  # not reached


def worker(args) -> int:
    settings, env = _prepare(args, "worker")
    if getattr(args, "check", False):
        return _report_check("worker", [_check_worker([args.queue])])
    argv = worker_argv(settings, args.queue)
    os.execvpe(argv[0], argv, env)
    return 0


def all_in_one(args) -> int:
    settings, env = _prepare(args, "all")
    if getattr(args, "check", False):
        return _report_check("all", [_check_receiver(settings, False), _check_worker(args.queues)])
    _multiproc_dir(env)
    children = [subprocess.Popen(gunicorn_argv(settings), env=env)]
    children += [subprocess.Popen(worker_argv(settings, q), env=env) for q in args.queues]

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


CHECK_HELP = "check the settings and load the app, then exit instead of starting"


def add_commands(sub) -> None:
    """The serve/worker/all subcommands, on rules/cli.py's subparsers."""
    s = sub.add_parser("serve", help="run the webhook receiver under gunicorn")
    s.add_argument("--env-file", metavar="FILE", help="read settings from FILE (the environment wins)")
    s.add_argument("--bind", metavar="HOST:PORT", help="listen address (default $GOLEASH_BIND or 0.0.0.0:8000)")
    s.add_argument("--setup", action="store_true", help="serve only the App setup pages (/setup)")
    s.add_argument("--check", action="store_true", help=CHECK_HELP)
    s.set_defaults(func=serve)
    w = sub.add_parser("worker", help="run a Celery worker for one queue")
    w.add_argument("--queue", choices=settings_check.QUEUES, default="reviews")
    w.add_argument("--env-file", metavar="FILE")
    w.add_argument("--check", action="store_true", help=CHECK_HELP)
    w.set_defaults(func=worker)
    a = sub.add_parser("all", help="run the receiver and a review worker in one container (small orgs)")
    a.add_argument("--env-file", metavar="FILE")
    a.add_argument("--bind", metavar="HOST:PORT")
    a.add_argument("--queues", nargs="+", choices=settings_check.QUEUES, default=["reviews"])
    a.add_argument("--check", action="store_true", help=CHECK_HELP)
    a.set_defaults(func=all_in_one)
