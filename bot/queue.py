"""Sending jobs to the Celery queue by task name, without importing the worker code.

The receiver's hot path does not go through kombu's publish: it builds the complete message a
`send_task` would put on the queue (Celery's protocol 2 message from
`app.amqp.create_task_message`, wrapped in the envelope kombu's Redis transport writes) and
hands it to bot/intake.py, whose Lua script pushes it in the same Redis round trip as the
delivery dedupe, the installation check and the PR head record. Workers cannot tell the
difference (tests/app/test_queue_message.py compares the two field by field)."""

from __future__ import annotations

import base64
import os
import time
from typing import Callable

from celery.utils.nodenames import anon_nodename
from kombu.entity import maybe_delivery_mode
from kombu.transport.redis import Channel as RedisChannel
from kombu.transport.virtual.exchange import DirectExchange
from orjson import dumps as json_dumps

from .celery_config import make_celery
from .config import Settings
from .jobs import COMMAND_TASK, REVIEW_TASK, ReviewJob


def _uuid4s(n: int) -> list[str]:
    """`n` random (version 4) UUIDs as strings, as str(uuid.uuid4()) writes them, from one
    os.urandom call and without building UUID objects (uuid4 is a measurable cost per delivery)."""
    raw = bytearray(os.urandom(16 * n))
    out = []
    for i in range(0, 16 * n, 16):
        raw[i + 6] = (raw[i + 6] & 0x0F) | 0x40  # version 4
        raw[i + 8] = (raw[i + 8] & 0x3F) | 0x80  # RFC 4122 variant
        h = raw[i : i + 16].hex()
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


def _job_kwargs(job: ReviewJob) -> dict:
    return {"job": {**job.to_dict(), "received_at": round(time.time(), 3)}}


def _shown(job: ReviewJob) -> str:
    # An explicit kwargsrepr spares Celery a saferepr of the job on every delivery.
    return f"{job.repo}#{job.number}@{job.head_sha[:12]} delivery {job.delivery_id}"


class CeleryQueue:
    """`queue(job)` sends a review task through kombu (returns the task id);
    `queue.message(job)` builds the same message for bot/intake.py to push itself, with
    `key` (the list), `binding_keys` and `binding_member` (the queue's declaration)."""

    def __init__(self, settings: Settings):
        self.app = app = make_celery(settings, results=False)
        self._producers: dict = {}
        # Where send_task would route the review task, resolved once.
        route = app.amqp.router.route({}, REVIEW_TASK, (), {}, None)
        queue = route["queue"]
        exchange = queue.exchange
        # `message` writes what kombu writes for this configuration: a direct exchange (so the
        # anonymous exchange and the queue's name as routing key), default priority (so the plain
        # list, not a `celery\x06\x16<priority>` one) and base64 bodies. Anything else goes
        # through kombu (`pushable` false).
        self.pushable = (
            (exchange.type or "direct") == "direct"
            and not route.get("exchange")
            and not route.get("routing_key")
            and not route.get("priority")
            and not app.conf.task_default_priority
            and not queue.max_priority
            and (app.conf.broker_transport_options or {}).get("body_encoding", "base64") == "base64"
        )
        self._delivery_mode = maybe_delivery_mode(exchange.delivery_mode or app.conf.task_default_delivery_mode)
        self.key = queue.name
        # What kombu's Redis transport writes when it declares the queue (maybe_declare, once per
        # process before the first publish): the binding, in two sets keyed by the exchange.
        rkey, pattern, qname = DirectExchange(None).prepare_bind(queue.name, exchange.name, queue.routing_key, None)
        self.binding_member = RedisChannel.sep.join([rkey or "", pattern or "", qname or ""])
        self.binding_keys = (RedisChannel.keyprefix_queue % (exchange.name,), RedisChannel.keyprefix_binding_permanent % (exchange.name,))
        self._create = app.amqp.create_task_message
        self._origin: tuple[int, str] | None = None

    # ------------------------------------------------------------------ through kombu
    def producer(self):
        # One broker connection per process, kept open: borrowing one from kombu's pool and
        # building a Redis client per publish cost more than the rest of the receiver.
        # Keyed by pid because gunicorn forks workers after the app is imported.
        p = self._producers.get(os.getpid())
        if p is None:
            self._producers.clear()
            p = self._producers[os.getpid()] = self.app.amqp.Producer(self.app.connection_for_write())
        return p

    def __call__(self, job: ReviewJob) -> str:
        return self.app.send_task(REVIEW_TASK, kwargs=_job_kwargs(job), kwargsrepr=_shown(job), producer=self.producer()).id

    # ------------------------------------------------------------------ built here
    def message(self, job: ReviewJob) -> tuple[str, bytes]:
        """(task id, the serialized message) exactly as `send_task` would LPUSH it."""
        task_id, delivery_tag = _uuid4s(2)
        shown = _shown(job)
        pid = os.getpid()
        if self._origin is None or self._origin[0] != pid:  # what Celery computes per message
            self._origin = (pid, anon_nodename())
        # argsrepr given, as Celery's saferepr of () would write it: saferepr is slow.
        headers, properties, body, _sent = self._create(
            task_id,
            REVIEW_TASK,
            (),
            _job_kwargs(job),
            reply_to=self.app.thread_oid,
            ignore_result=None,
            argsrepr="()",
            kwargsrepr=shown,
            origin=self._origin[1],
        )
        # send_task passes its remaining options (here kwargsrepr) on as message properties.
        properties["kwargsrepr"] = shown
        properties["delivery_mode"] = self._delivery_mode
        properties["delivery_info"] = {"exchange": "", "routing_key": self.key}
        properties["priority"] = 0
        properties["body_encoding"] = "base64"
        properties["delivery_tag"] = delivery_tag
        # kombu writes the same JSON with json.dumps' spaces; orjson is several times faster.
        envelope = {
            "body": base64.b64encode(json_dumps(body)).decode(),
            "content-encoding": "utf-8",
            "content-type": "application/json",
            "headers": headers,
            "properties": properties,
        }
        return task_id, json_dumps(envelope)


def celery_enqueue(settings: Settings) -> Callable[[ReviewJob], str]:
    return CeleryQueue(settings)


_command_producers: dict = {}


def celery_command_enqueue(settings: Settings) -> Callable[[dict], str]:
    """Queue a command job (a JSON-safe dict) for the task named COMMAND_TASK."""
    # Keyed by pid because gunicorn forks workers after the app is imported.
    key = (os.getpid(), settings.redis_url)
    app = _command_producers.get(key)
    if app is None:
        _command_producers.clear()
        app = _command_producers[key] = make_celery(settings, results=False)

    def enqueue(job: dict) -> str:
        shown = f"{job['repo']}#{job['number']} {job['kind']} delivery {job['delivery_id']}"
        return app.send_task(COMMAND_TASK, kwargs={"job": job}, kwargsrepr=shown).id

    return enqueue
