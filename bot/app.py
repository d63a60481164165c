"""The webhook receiver: verify, dedupe, route, enqueue, answer within milliseconds.

Every answer is JSON. A delivery that can never be handled (bad signature, malformed JSON, a
payload without the fields its handler reads) gets a 4xx that says why, and nothing is claimed
or queued for it; 503 only when retrying can help (Redis or the broker unreachable)."""

from __future__ import annotations

import dataclasses
import socket
import sys
from typing import Callable

import redis
from flask import Flask, Response, request
from kombu.exceptions import OperationalError as BrokerError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from . import deliveries, log, metrics
from .config import Settings
from .handlers import Context, Outcome, router
from .jobs import ReviewJob
from .router import Event, payload_problems
from .signature import verify_any

try:  # about four times faster than json on GitHub's payloads
    from orjson import dumps as json_dumps
    from orjson import loads as json_loads
except ImportError:  # pragma: no cover
    from json import dumps as json_dumps
    from json import loads as json_loads

# GitHub caps webhook payloads at 25 MB and does not deliver larger ones.
MAX_BODY_BYTES = 25 * 1024 * 1024
# GitHub gives up on a delivery after 10 s, so a body still arriving by then is of no use; the
# deadline holds however slowly the client trickles it (tests/ops/test_slow_clients.py).
BODY_READ_SECONDS = 10
# Retrying the same delivery later can succeed: Redis or the broker was unreachable.
RETRYABLE = (redis.RedisError, BrokerError, OSError)

logger = log.get("goleash.receiver")


class BodyTimeout(Exception):
    """The client did not send its whole body within BODY_READ_SECONDS."""


def _green() -> bool:
    """Whether this process runs under gunicorn's gevent worker (sockets patched by gevent)."""
    if "gevent" not in sys.modules:
        return False
    from gevent import monkey

    return monkey.is_module_patched("socket")


def read_body(environ: dict, read: Callable[[], bytes]) -> bytes:
    """`read()` the request body within BODY_READ_SECONDS, or raise BodyTimeout.

    Under gunicorn's gevent worker (what `goleash serve` runs) each connection is a greenlet, and
    a gevent.Timeout interrupts its wait on the socket even when the client sends a byte now and
    then: a socket timeout would restart with every byte. Elsewhere (Flask's test client, another
    server) the body is read as it comes."""
    sock = environ.get("gunicorn.socket")
    if sock is None or not _green():
        return read()
    from gevent import Timeout

    deadline = Timeout(BODY_READ_SECONDS)
    deadline.start()
    try:
        return read()
    except Timeout as exc:
        if exc is not deadline:
            raise
        # Nothing more is read from this client: gunicorn sends the answer, finds the end of
        # input where it would drain the rest of the body, and closes the connection.
        try:
            sock.shutdown(socket.SHUT_RD)
        except OSError:
            pass
        raise BodyTimeout from None
    finally:
        deadline.close()


def _log_fields(event: Event) -> dict:
    """Repository and PR number for the log lines, from whatever the payload holds."""
    repo = event.payload.get("repository")
    item = event.payload.get("pull_request") or event.payload.get("issue")
    full_name = repo.get("full_name") if isinstance(repo, dict) else None
    number = item.get("number") if isinstance(item, dict) else None
    return dict(
        delivery_id=event.delivery_id,
        github_event=event.name,
        action=event.action,
        repo=full_name if isinstance(full_name, str) else None,
        pr=number if type(number) is int else None,
    )


def answer(status: int, state: str, **extra) -> Response:
    resp = Response(json_dumps({"status": state, **extra}), status, mimetype="application/json")
    resp.goleash_status = state  # read by bot/metrics.py instead of parsing the body again
    return resp


def too_large(_exc=None) -> Response:
    return answer(413, "payload too large", limit=MAX_BODY_BYTES)


def http_error(exc: HTTPException) -> Response:
    return answer(exc.code or 500, exc.name.lower())


def internal_error(_exc: Exception) -> Response:
    # A bug, not the delivery's fault: logged whole, answered in JSON like everything else.
    logger.exception("webhook.internal_error", path=request.path)
    return answer(500, "internal error")


def refuse(event: Event, problems: list[str]) -> Response:
    """400 for a payload no retry can fix: what is wrong with it, nothing claimed or queued."""
    logger.warning("webhook.invalid_payload", **_log_fields(event), problems=problems)
    return answer(400, "invalid payload", detail="; ".join(problems), problems=problems)


def read_event(settings: Settings) -> Event | Response:
    """The verified, parsed delivery of the current request, or the answer that refuses it.
    Verify before parsing."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return too_large()
    header = request.headers.get
    try:
        body = read_body(request.environ, lambda: request.get_data(cache=False))
    except BodyTimeout:
        logger.warning(
            "webhook.body_timeout", delivery_id=header("X-GitHub-Delivery"), content_length=request.content_length, limit_seconds=BODY_READ_SECONDS
        )
        return answer(408, "body timeout", limit_seconds=BODY_READ_SECONDS)
    if not verify_any(settings.webhook_secrets, body, header("X-Hub-Signature-256")):
        logger.warning("webhook.bad_signature", delivery_id=header("X-GitHub-Delivery"))
        return answer(401, "bad signature")
    name = header("X-GitHub-Event") or ""
    delivery_id = header("X-GitHub-Delivery") or ""
    if not name or not delivery_id:
        return answer(400, "missing X-GitHub-Event or X-GitHub-Delivery")
    try:
        payload = json_loads(body)
    except ValueError as exc:  # orjson's and json's decode errors, and bad UTF-8, are ValueErrors
        # Where it broke ("depth limit exceeded: line 1 column 1026"), never the text itself.
        return answer(400, "malformed JSON", detail=str(exc)[:200])
    if not isinstance(payload, dict):
        return answer(400, "payload is not a JSON object")
    action = payload.get("action")
    if action is not None and not isinstance(action, str):  # the router looks handlers up by it
        return refuse(Event(name, delivery_id, {}), ["action: Input should be a valid string"])
    return Event(name, delivery_id, payload)


def handle(event: Event, ctx: Context) -> Response:
    """Run the event's handlers under the delivery's claim and answer with their outcomes."""
    handlers = router.handlers_for(event)
    if not handlers:
        return answer(200, "ignored", detail=f"no handler for {event.name}.{event.action}")
    problems = payload_problems(handlers, event.payload)
    if problems:
        return refuse(event, problems)
    r = ctx.redis
    # Passed with each line rather than bound: binding builds a logger per delivery.
    fields = _log_fields(event)
    try:
        # Handlers that claim the delivery id themselves do it in the round trip they make anyway.
        if not all(getattr(h, "claims_delivery", False) for h in handlers):
            if not deliveries.claim(r, event.delivery_id):
                logger.info("webhook.duplicate", **fields)
                return answer(200, "duplicate")
            event = dataclasses.replace(event, claimed=True)
        outcomes: list[Outcome] = [handler(event, ctx) for handler in handlers]
    except RETRYABLE:
        # Nothing was queued: forget the delivery so GitHub's redelivery is not dropped.
        # (A handler that claims the delivery itself releases its own claim.)
        if event.claimed:
            deliveries.release_quietly(r, event.delivery_id)
        logger.exception("webhook.enqueue_failed", **fields)
        return answer(503, "could not queue the delivery")
    except (LookupError, TypeError, ValueError, AttributeError) as exc:
        # A payload the handler's model let through but the handler could not read: the
        # model is missing a field. Refused like any invalid payload and logged whole; the
        # claim is given back so that a redelivery after the fix is not taken for a duplicate.
        if event.claimed:
            deliveries.release_quietly(r, event.delivery_id)
        logger.exception("webhook.unexpected_payload", **fields)
        return answer(400, "unexpected payload", detail=type(exc).__name__)
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


def make_context(settings: Settings, redis_client: redis.Redis | None, enqueue: Callable[[ReviewJob], str] | None) -> Context:
    """What handlers run with: Redis, and the queue (Celery's, by task name, unless given)."""
    r = redis_client or redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    if enqueue is not None:
        return Context(settings, r, enqueue)
    from .queue import CeleryQueue

    queue = CeleryQueue(settings)
    # The review handler pushes the task in its own script only onto the broker it talks to.
    push_in_script = queue.pushable and (redis_client is None or _same_database(r, settings.redis_url))
    return Context(settings, r, queue, push_in_script)


def create_app(
    settings: Settings,
    *,
    redis_client: redis.Redis | None = None,
    enqueue: Callable[[ReviewJob], str] | None = None,
) -> Flask:
    """The receiver for `settings` (read once by the process: bot/wsgi.py). `redis_client` and
    `enqueue` replace the ones `settings` names, for tests."""
    settings.require_receiver()
    ctx = make_context(settings, redis_client, enqueue)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.register_error_handler(RequestEntityTooLarge, too_large)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, internal_error)

    @app.post("/webhook")
    def webhook() -> Response:
        event = read_event(settings)
        return handle(event, ctx) if isinstance(event, Event) else event

    metrics.instrument_receiver(app, ctx.redis)
    _add_health_routes(app, ctx.redis)
    return app


def _add_health_routes(app: Flask, r: redis.Redis) -> None:
    """/healthz: the process answers; /readyz: and Redis does too."""

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


def _same_database(r: redis.Redis, url: str) -> bool:
    """Whether client `r` talks to the Redis database `url` names (host, port, db)."""
    try:
        mine = r.connection_pool.connection_kwargs
        theirs = redis.ConnectionPool.from_url(url).connection_kwargs
    except (AttributeError, ValueError):
        return False
    fields = ("host", "port", "db", "path")
    return all(str(mine.get(f, "")) == str(theirs.get(f, "")) for f in fields)
