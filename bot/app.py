"""The webhook receiver: verify, dedupe, route, enqueue, answer within milliseconds."""
from __future__ import annotations

import dataclasses
from typing import Callable

import redis
from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from . import deliveries, log
from .config import Settings
from .handlers import Context, Outcome, router
from . import command_handlers  # noqa: F401  (registers its handlers on the router)
from .jobs import ReviewJob
from .router import Event
from .signature import verify_any

try:  # about four times faster than json on GitHub's payloads
    from orjson import dumps as json_dumps, loads as json_loads
except ImportError:  # pragma: no cover
    from json import dumps as json_dumps, loads as json_loads

# GitHub caps webhook payloads at 25 MB and does not deliver larger ones.
MAX_BODY_BYTES = 25 * 1024 * 1024


def create_app(
    settings: Settings | None = None,
    *,
    redis_client: redis.Redis | None = None,
    enqueue: Callable[[ReviewJob], str] | None = None,
) -> Flask:
    settings = settings or Settings.from_env()
    settings.require_receiver()
    log.configure(settings.log_level)
    logger = log.get("goleash.receiver")

    r = redis_client or redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    push_in_script = False
    if enqueue is None:
        from .queue import CeleryQueue

        enqueue = CeleryQueue(settings)
        # The review handler pushes the task in its own script only onto the broker it talks to.
        push_in_script = enqueue.pushable and (redis_client is None or _same_database(r, settings.redis_url))
    ctx = Context(settings, r, enqueue, push_in_script)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    def answer(status: int, state: str, **extra) -> Response:
        resp = Response(json_dumps({"status": state, **extra}), status, mimetype="application/json")
        resp.goleash_status = state  # read by bot/metrics.py instead of parsing the body again
        return resp

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_exc):
        return answer(413, "payload too large", limit=MAX_BODY_BYTES)

    def read_event() -> Event | Response:
        """The verified, parsed delivery, or the answer that refuses it. Verify before parsing."""
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return too_large(None)
        body = request.get_data(cache=False)
        header = request.headers.get
        if not verify_any(settings.webhook_secrets, body, header("X-Hub-Signature-256")):
            logger.warning("webhook.bad_signature", delivery_id=header("X-GitHub-Delivery"))
            return answer(401, "bad signature")
        name = header("X-GitHub-Event") or ""
        delivery_id = header("X-GitHub-Delivery") or ""
        if not name or not delivery_id:
            return answer(400, "missing X-GitHub-Event or X-GitHub-Delivery")
        try:
            payload = json_loads(body)
        except ValueError:  # orjson's and json's decode errors, and bad UTF-8, are ValueErrors
            return answer(400, "malformed JSON")
        if not isinstance(payload, dict):
            return answer(400, "payload is not a JSON object")
        return Event(name, delivery_id, payload)

    @app.post("/webhook")
    def webhook() -> Response:
        event = read_event()
        if not isinstance(event, Event):
            return event
        handlers = router.handlers_for(event)
        if not handlers:
            return answer(200, "ignored", detail=f"no handler for {event.name}.{event.action}")
        # Passed with each line rather than bound: binding builds a logger per delivery.
        fields = dict(delivery_id=event.delivery_id, github_event=event.name, action=event.action,
                      repo=(event.payload.get("repository") or {}).get("full_name"),
                      pr=(event.payload.get("pull_request") or event.payload.get("issue") or {}).get("number"))
        # Handlers that claim the delivery id themselves do it in the round trip they make anyway.
        if not all(getattr(h, "claims_delivery", False) for h in handlers):
            if not deliveries.claim(r, event.delivery_id):
                logger.info("webhook.duplicate", **fields)
                return answer(200, "duplicate")
            event = dataclasses.replace(event, claimed=True)
        try:
            outcomes: list[Outcome] = [handler(event, ctx) for handler in handlers]
        except (KeyError, TypeError, ValueError) as exc:
            logger.warning("webhook.unexpected_payload", **fields, error=repr(exc))
            return answer(400, "unexpected payload", detail=repr(exc))
        except Exception:
            # Nothing was queued: forget the delivery so GitHub's redelivery is not dropped.
            # (A handler that claims the delivery itself releases its own claim.)
            if event.claimed:
                deliveries.release_quietly(r, event.delivery_id)
            logger.exception("webhook.enqueue_failed", **fields)
            return answer(503, "could not queue the delivery")
        if any(o.status == "duplicate" for o in outcomes):
            logger.info("webhook.duplicate", **fields)
            return answer(200, "duplicate")
        for o in outcomes:
            logger.info("webhook.handled", **fields, outcome=o.status, detail=o.detail, task_id=o.task_id)
        queued = [o.task_id for o in outcomes if o.status == "queued"]
        if queued:
            return answer(202, "queued", tasks=queued)
        first = outcomes[0] if outcomes else Outcome("ignored")
        return answer(200, first.status, detail=first.detail)

    from . import metrics

    metrics.instrument_receiver(app, r)

    @app.get("/healthz")
    def healthz() -> Response:
        return answer(200, "alive")

    @app.get("/readyz")
    def readyz() -> Response:
        try:
            r.ping()
        except redis.RedisError as exc:
            return answer(503, "redis unreachable", detail=str(exc))
        return answer(200, "ready")

    return app


def _same_database(r: redis.Redis, url: str) -> bool:
    """Whether client `r` talks to the Redis database `url` names (host, port, db)."""
    try:
        mine = r.connection_pool.connection_kwargs
        theirs = redis.ConnectionPool.from_url(url).connection_kwargs
    except (AttributeError, ValueError):
        return False
    fields = ("host", "port", "db", "path")
    return all(str(mine.get(f, "")) == str(theirs.get(f, "")) for f in fields)
