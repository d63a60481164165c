"""The webhook receiver: verify, dedupe, route, enqueue, answer within milliseconds."""
from __future__ import annotations

import json
from typing import Callable

import redis
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from . import deliveries, log
from .config import Settings
from .handlers import Context, Outcome, router
from . import command_handlers  # noqa: F401  (registers its handlers on the router)
from .jobs import ReviewJob
from .router import Event
from .signature import verify_any

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
    if enqueue is None:
        from .queue import celery_enqueue

        enqueue = celery_enqueue(settings)
    ctx = Context(settings, r, enqueue)

    app = Flask("goleash")
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    def answer(status: int, state: str, **extra) -> Response:
        resp = jsonify({"status": state, **extra})
        resp.status_code = status
        return resp

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_exc):
        return answer(413, "payload too large", limit=MAX_BODY_BYTES)

    def read_event() -> Event | Response:
        """The verified, parsed delivery, or the answer that refuses it. Verify before parsing."""
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return too_large(None)
        body = request.get_data(cache=False)
        if not verify_any(settings.webhook_secrets, body, request.headers.get("X-Hub-Signature-256")):
            logger.warning("webhook.bad_signature", delivery_id=request.headers.get("X-GitHub-Delivery"))
            return answer(401, "bad signature")
        name = request.headers.get("X-GitHub-Event", "")
        delivery_id = request.headers.get("X-GitHub-Delivery", "")
        if not name or not delivery_id:
            return answer(400, "missing X-GitHub-Event or X-GitHub-Delivery")
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return answer(400, "malformed JSON")
        if not isinstance(payload, dict):
            return answer(400, "payload is not a JSON object")
        return Event(name, delivery_id, payload)

    @app.post("/webhook")
    def webhook() -> Response:
        event = read_event()
        if isinstance(event, Response):
            return event
        if not router.handlers_for(event):
            return answer(200, "ignored", detail=f"no handler for {event.name}.{event.action}")
        bound = logger.bind(delivery_id=event.delivery_id, github_event=event.name, action=event.action,
                            repo=(event.payload.get("repository") or {}).get("full_name"),
                            pr=(event.payload.get("pull_request") or event.payload.get("issue") or {}).get("number"))
        if not deliveries.claim(r, event.delivery_id):
            bound.info("webhook.duplicate")
            return answer(200, "duplicate")
        try:
            outcomes: list[Outcome] = router.dispatch(event, ctx)
        except (KeyError, TypeError, ValueError) as exc:
            bound.warning("webhook.unexpected_payload", error=repr(exc))
            return answer(400, "unexpected payload", detail=repr(exc))
        except Exception:
            # Nothing was queued: forget the delivery so GitHub's redelivery is not dropped.
            deliveries.release(r, event.delivery_id)
            bound.exception("webhook.enqueue_failed")
            return answer(503, "could not queue the delivery")
        for o in outcomes:
            bound.info("webhook.handled", outcome=o.status, detail=o.detail, task_id=o.task_id)
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
