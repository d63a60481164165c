"""Start-up validation: every setting a process needs, checked at once, every problem listed
in operator words, so one restart fixes them all. Used by `goleash serve/worker/all`."""
from __future__ import annotations

import os
from typing import Mapping
from urllib.parse import urlparse

from .config import SEVERITY_THRESHOLDS

ROLES = ("receiver", "worker", "all", "setup")
LOG_LEVELS = ("debug", "info", "warning", "error")
BOOLS = ("1", "0", "true", "false", "yes", "no", "on", "off")
QUEUES = ("reviews", "replays")
MIN_SECRET_LENGTH = 16
# A task's hard time limit (bot/celery_config.py) plus a margin for retry countdowns.
MIN_VISIBILITY_TIMEOUT = 300 + 60


def _secret(env: Mapping[str, str], name: str, problems: list[str], *, required: str | None) -> str:
    """NAME or NAME_FILE; returns the value (or '') and appends what is wrong."""
    value, path = env.get(name, ""), env.get(f"{name}_FILE", "")
    if value and path:
        problems.append(f"{name} and {name}_FILE are both set; set only one (the file is the safer choice).")
        return value
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                value = fh.read().rstrip("\r\n")
        except OSError as exc:
            problems.append(f"{name}_FILE={path}: cannot read the file ({exc.strerror or exc}).")
            return ""
        if not value:
            problems.append(f"{name}_FILE={path}: the file is empty.")
            return ""
    if not value and required:
        problems.append(f"{name} (or {name}_FILE) is not set: {required}")
    return value


def _int(env, name: str, problems: list[str], *, minimum: int, default: str) -> None:
    raw = env.get(name, default).strip()
    try:
        n = int(raw)
    except ValueError:
        problems.append(f"{name}={raw!r} is not a whole number.")
        return
    if n < minimum:
        problems.append(f"{name}={n} is too small; it must be at least {minimum}.")


def problems(env: Mapping[str, str] | None = None, role: str = "receiver") -> list[str]:
    """Everything wrong with the environment for `role` (receiver | worker | all | setup)."""
    env = os.environ if env is None else env
    out: list[str] = []
    receiver = role in ("receiver", "all")
    worker = role in ("worker", "all")

    secret = _secret(env, "GOLEASH_WEBHOOK_SECRET", out, required=(
        "the receiver needs the App's webhook secret to verify deliveries (App settings -> Webhook secret)."
    ) if receiver else None)
    if receiver and secret and len(secret) < MIN_SECRET_LENGTH:
        out.append(f"GOLEASH_WEBHOOK_SECRET is {len(secret)} characters long; use at least {MIN_SECRET_LENGTH} "
                   "(e.g. `openssl rand -hex 32`).")
    previous = _secret(env, "GOLEASH_WEBHOOK_SECRET_PREVIOUS", out, required=None)
    if previous and not secret and receiver:
        out.append("GOLEASH_WEBHOOK_SECRET_PREVIOUS is set without GOLEASH_WEBHOOK_SECRET; the previous secret "
                   "only makes sense next to the current one.")

    redis_url = _secret(env, "REDIS_URL", out, required=None) or "redis://127.0.0.1:6379/0"
    u = urlparse(redis_url)
    if u.scheme not in ("redis", "rediss", "unix"):
        out.append(f"REDIS_URL must start with redis://, rediss:// or unix:// (got scheme {u.scheme or 'none'!r}).")
    elif u.scheme != "unix":
        try:
            u.port
        except ValueError:
            out.append("REDIS_URL has a port that is not a number.")
        if not u.hostname:
            out.append("REDIS_URL has no host name.")
        db = (u.path or "/0").lstrip("/") or "0"
        if not db.isdigit():
            out.append(f"REDIS_URL names database {db!r}; it must be a number (e.g. /0).")

    api = env.get("GITHUB_API_URL", "https://api.github.com")
    a = urlparse(api)
    if a.scheme not in ("http", "https") or not a.netloc:
        out.append(f"GITHUB_API_URL={api!r} is not an http(s) URL (https://api.github.com, or "
                   "https://HOST/api/v3 for GitHub Enterprise Server).")

    if worker:
        app_id = env.get("GITHUB_APP_ID", "").strip()
        if not app_id:
            out.append("GITHUB_APP_ID is not set: the workers sign in as the App (the App ID on its settings page).")
        elif not app_id.isdigit():
            out.append(f"GITHUB_APP_ID={app_id!r} is not a number (the App ID, not its name or client id).")
        key = _secret(env, "GITHUB_PRIVATE_KEY", out, required=(
            "the workers need the App's private key (App settings -> Private keys)."))
        if key:
            try:
                from cryptography.hazmat.primitives import serialization

                serialization.load_pem_private_key(key.replace("\\n", "\n").encode(), password=None)
            except Exception:  # noqa: BLE001 - any failure means the same thing to an operator
                where = "GITHUB_PRIVATE_KEY_FILE" if env.get("GITHUB_PRIVATE_KEY_FILE") else "GITHUB_PRIVATE_KEY"
                out.append(f"{where} does not hold a PEM private key (expected '-----BEGIN RSA PRIVATE KEY-----' "
                           "as downloaded from the App's settings).")

    fail_on = env.get("GOLEASH_FAIL_ON", "error").strip().lower()
    if fail_on not in SEVERITY_THRESHOLDS:
        out.append(f"GOLEASH_FAIL_ON={fail_on!r} must be one of {', '.join(SEVERITY_THRESHOLDS)}.")
    drafts = env.get("GOLEASH_REVIEW_DRAFTS", "false").strip().lower()
    if drafts not in BOOLS:
        out.append(f"GOLEASH_REVIEW_DRAFTS={drafts!r} must be true or false.")
    level = env.get("GOLEASH_LOG_LEVEL", "info").strip().lower()
    if level not in LOG_LEVELS:
        out.append(f"GOLEASH_LOG_LEVEL={level!r} must be one of {', '.join(LOG_LEVELS)}.")
    _int(env, "GOLEASH_MAX_INLINE_COMMENTS", out, minimum=0, default="25")
    _int(env, "GOLEASH_VISIBILITY_TIMEOUT", out, minimum=1, default="900")
    raw = env.get("GOLEASH_VISIBILITY_TIMEOUT", "900").strip()
    if raw.isdigit() and int(raw) < MIN_VISIBILITY_TIMEOUT and not env.get("GOLEASH_ALLOW_SHORT_VISIBILITY"):
        out.append(f"GOLEASH_VISIBILITY_TIMEOUT={raw} is shorter than a review may run ({MIN_VISIBILITY_TIMEOUT} s); "
                   "Redis would hand running reviews to a second worker. (Tests set GOLEASH_ALLOW_SHORT_VISIBILITY=1.)")

    if receiver or role == "setup":
        _int(env, "WEB_CONCURRENCY", out, minimum=1, default="2")
        bind = env.get("GOLEASH_BIND", "0.0.0.0:8000")
        host, sep, port = bind.rpartition(":")
        if not sep or not port.isdigit() or not 0 < int(port) < 65536:
            out.append(f"GOLEASH_BIND={bind!r} must be HOST:PORT, e.g. 0.0.0.0:8000.")
        mp = env.get("PROMETHEUS_MULTIPROC_DIR")
        if mp and os.path.exists(mp) and not os.path.isdir(mp):
            out.append(f"PROMETHEUS_MULTIPROC_DIR={mp} exists and is not a directory.")
    if worker:
        _int(env, "GOLEASH_WORKER_CONCURRENCY", out, minimum=1, default="1")
        _int(env, "GOLEASH_REVIEW_TIME_LIMIT", out, minimum=30, default="180")
        _int(env, "GOLEASH_PACKAGE_TIME_LIMIT", out, minimum=1, default="60")
        _int(env, "GOLEASH_ANALYSIS_MEMORY_MB", out, minimum=64, default="1024")
        _int(env, "GOLEASH_FETCH_CACHE_TTL", out, minimum=60, default="604800")
        _int(env, "GOLEASH_FETCH_CACHE_ENTRY_KB", out, minimum=1, default="1024")
        _int(env, "GOLEASH_FETCH_CONCURRENCY", out, minimum=1, default="4")
        limit = env.get("GOLEASH_REVIEW_TIME_LIMIT", "180").strip()
        visibility = env.get("GOLEASH_VISIBILITY_TIMEOUT", "900").strip()
        if (limit.isdigit() and visibility.isdigit() and MIN_VISIBILITY_TIMEOUT <= int(visibility) < int(limit) + 60
                and not env.get("GOLEASH_ALLOW_SHORT_VISIBILITY")):
            out.append(f"GOLEASH_REVIEW_TIME_LIMIT={limit} leaves too little room under GOLEASH_VISIBILITY_TIMEOUT="
                       f"{visibility}: a running review would be handed to a second worker (keep 60 s between them).")
    if role == "setup":
        public = env.get("GOLEASH_PUBLIC_URL", "")
        p = urlparse(public)
        if not public:
            out.append("GOLEASH_PUBLIC_URL is not set: the https origin GitHub will send webhooks to "
                       "(e.g. https://goleash.example.com).")
        elif p.scheme not in ("http", "https") or not p.netloc or p.path not in ("", "/"):
            out.append(f"GOLEASH_PUBLIC_URL={public!r} must be an origin like https://goleash.example.com (no path).")
    return out


def report(problems_found: list[str], process: str) -> str:
    n = len(problems_found)
    lines = [f"goleash {process}: cannot start, {n} setting{'s' if n != 1 else ''} to fix:"]
    lines += [f"  - {p}" for p in problems_found]
    lines.append("See docs/operate.md, section Configure, for every setting.")
    return "\n".join(lines)
