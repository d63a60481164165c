"""Start-up validation: every setting a process needs, checked at once, every problem listed
in operator words, so one restart fixes them all. Used by `goleash serve/worker/all`."""

from __future__ import annotations

import os
from typing import Mapping
from urllib.parse import urlparse

from .config import DEFAULT_REDIS_URL, ConfigError, Settings, read_secret

ROLES = ("receiver", "worker", "all", "setup")
QUEUES = ("reviews", "replays")
MIN_SECRET_LENGTH = 16
# A task's hard time limit (bot/celery_config.py) plus a margin for retry countdowns.
MIN_VISIBILITY_TIMEOUT = 300 + 60
# Shorter reviews give up on ordinary pull requests; the model allows less for tests.
MIN_REVIEW_TIME_LIMIT = 30


def _required(env: Mapping[str, str], name: str, why: str, problems: list[str]) -> str:
    """NAME or NAME_FILE, read as Settings.from_env reads it; what is wrong with it is reported there."""
    value, problem = read_secret(env, name)
    if not value and not problem:
        problems.append(f"{name} (or {name}_FILE) is not set: {why}")
    return value


def _settings(env: Mapping[str, str], out: list[str]) -> None:
    """The model's own verdict: wrong types, values out of range, unreadable secret files."""
    try:
        Settings.from_env(env)
    except ConfigError as exc:
        out.extend(exc.problems)


def _redis_url(url: str, out: list[str]) -> None:
    u = urlparse(url)
    if u.scheme not in ("redis", "rediss", "unix"):
        out.append(f"REDIS_URL must start with redis://, rediss:// or unix:// (got scheme {u.scheme or 'none'!r}).")
        return
    if u.scheme == "unix":
        return
    try:
        u.port
    except ValueError:
        out.append("REDIS_URL has a port that is not a number.")
    if not u.hostname:
        out.append("REDIS_URL has no host name.")
    db = (u.path or "/0").lstrip("/") or "0"
    if not db.isdigit():
        out.append(f"REDIS_URL names database {db!r}; it must be a number (e.g. /0).")


def _private_key(env: Mapping[str, str], out: list[str]) -> None:
    app_id = env.get("GITHUB_APP_ID", "").strip()
    if not app_id:
        out.append("GITHUB_APP_ID is not set: the workers sign in as the App (the App ID on its settings page).")
    elif not app_id.isdigit():
        out.append(f"GITHUB_APP_ID={app_id!r} is not a number (the App ID, not its name or client id).")
    key = _required(env, "GITHUB_PRIVATE_KEY", "the workers need the App's private key (App settings -> Private keys).", out)
    if not key:
        return
    try:
        from cryptography.hazmat.primitives import serialization

        serialization.load_pem_private_key(key.replace("\\n", "\n").encode(), password=None)
    except Exception:  # noqa: BLE001 - any failure means the same thing to an operator
        where = "GITHUB_PRIVATE_KEY_FILE" if env.get("GITHUB_PRIVATE_KEY_FILE") else "GITHUB_PRIVATE_KEY"
        out.append(f"{where} does not hold a PEM private key (expected '-----BEGIN RSA PRIVATE KEY-----' as downloaded from the App's settings).")


def _raw(env: Mapping[str, str], field: str) -> str:
    """The variable behind `field` as written, or the model's default: the checks below run even
    when the model refused some other value."""
    info = Settings.model_fields[field]
    return env.get(info.validation_alias, "").strip() or str(info.default)


def _visibility(env: Mapping[str, str], worker: bool, out: list[str]) -> None:
    """The broker's visibility timeout must outlast a running review, or Redis hands it out twice."""
    visibility, limit = _raw(env, "visibility_timeout"), _raw(env, "review_time_limit")
    allow = _raw(env, "allow_short_visibility").lower() not in ("", "0", "false", "no", "off")
    if visibility.isdigit() and int(visibility) < MIN_VISIBILITY_TIMEOUT and not allow:
        out.append(
            f"GOLEASH_VISIBILITY_TIMEOUT={visibility} is shorter than a review may run "
            f"({MIN_VISIBILITY_TIMEOUT} s); Redis would hand running reviews to a second worker. "
            "(Tests set GOLEASH_ALLOW_SHORT_VISIBILITY=1.)"
        )
    if not worker or not limit.isdigit():
        return
    if int(limit) < MIN_REVIEW_TIME_LIMIT:
        out.append(f"GOLEASH_REVIEW_TIME_LIMIT={limit} is too small; it must be at least {MIN_REVIEW_TIME_LIMIT}.")
    if visibility.isdigit() and MIN_VISIBILITY_TIMEOUT <= int(visibility) < int(limit) + 60 and not allow:
        out.append(
            f"GOLEASH_REVIEW_TIME_LIMIT={limit} leaves too little room under GOLEASH_VISIBILITY_TIMEOUT="
            f"{visibility}: a running review would be handed to a second worker (keep 60 s between them)."
        )


def _listening(env: Mapping[str, str], role: str, out: list[str]) -> None:
    bind = env.get("GOLEASH_BIND", "").strip() or Settings().bind_address(setup=role == "setup")
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        out.append(f"GOLEASH_BIND={bind!r} must be HOST:PORT, e.g. 0.0.0.0:8000.")
    # prometheus_client's own variable, set up by `goleash serve`.
    mp = env.get("PROMETHEUS_MULTIPROC_DIR")
    if mp and os.path.exists(mp) and not os.path.isdir(mp):
        out.append(f"PROMETHEUS_MULTIPROC_DIR={mp} exists and is not a directory.")


def _setup_origin(env: Mapping[str, str], out: list[str]) -> None:
    public = _raw(env, "public_url")
    p = urlparse(public)
    if not public:
        out.append("GOLEASH_PUBLIC_URL is not set: the https origin GitHub will send webhooks to (e.g. https://goleash.example.com).")
    elif p.scheme not in ("http", "https") or not p.netloc or p.path not in ("", "/"):
        out.append(f"GOLEASH_PUBLIC_URL={public!r} must be an origin like https://goleash.example.com (no path).")


def problems(env: Mapping[str, str], role: str = "receiver") -> list[str]:
    """Everything wrong with the environment `env` for `role` (receiver | worker | all | setup)."""
    out: list[str] = []
    receiver = role in ("receiver", "all")
    worker = role in ("worker", "all")
    _settings(env, out)

    if receiver:
        secret = _required(
            env, "GOLEASH_WEBHOOK_SECRET", "the receiver needs the App's webhook secret to verify deliveries (App settings -> Webhook secret).", out
        )
        if secret and len(secret) < MIN_SECRET_LENGTH:
            out.append(f"GOLEASH_WEBHOOK_SECRET is {len(secret)} characters long; use at least {MIN_SECRET_LENGTH} (e.g. `openssl rand -hex 32`).")
        if read_secret(env, "GOLEASH_WEBHOOK_SECRET_PREVIOUS")[0] and not secret:
            out.append(
                "GOLEASH_WEBHOOK_SECRET_PREVIOUS is set without GOLEASH_WEBHOOK_SECRET; the previous secret only makes sense next to the current one."
            )
    _redis_url(read_secret(env, "REDIS_URL")[0] or DEFAULT_REDIS_URL, out)
    api = _raw(env, "github_api_url")
    a = urlparse(api)
    if a.scheme not in ("http", "https") or not a.netloc:
        out.append(f"GITHUB_API_URL={api!r} is not an http(s) URL (https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server).")
    if worker:
        _private_key(env, out)
    _visibility(env, worker, out)
    if receiver or role == "setup":
        _listening(env, role, out)
    if role == "setup":
        _setup_origin(env, out)
    return out


def report(problems_found: list[str], process: str) -> str:
    n = len(problems_found)
    lines = [f"goleash {process}: cannot start, {n} setting{'s' if n != 1 else ''} to fix:"]
    lines += [f"  - {p}" for p in problems_found]
    lines.append("See docs/operate.md, section Configure, for every setting.")
    return "\n".join(lines)
