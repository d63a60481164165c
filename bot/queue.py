"""Sending review jobs to the Celery queue, without importing the worker code."""
from __future__ import annotations

import os
import time
from typing import Callable

from .config import Settings
from .jobs import REVIEW_TASK, ReviewJob


def celery_enqueue(settings: Settings) -> Callable[[ReviewJob], str]:
    from workers.celery_config import make_celery

    app = make_celery(settings, results=False)
    mine: dict = {}

    def producer():
        # One broker connection per process, kept open: borrowing one from kombu's pool and
        # building a Redis client per publish cost more than the rest of the receiver.
        # Keyed by pid because gunicorn forks workers after the app is imported.
        p = mine.get(os.getpid())
        if p is None:
            mine.clear()
            p = mine[os.getpid()] = app.amqp.Producer(app.connection_for_write())
        return p

    def enqueue(job: ReviewJob) -> str:
        # An explicit kwargsrepr spares Celery a saferepr of the job on every delivery.
        shown = f"{job.repo}#{job.number}@{job.head_sha[:12]} delivery {job.delivery_id}"
        return app.send_task(REVIEW_TASK, kwargs={"job": {**job.to_dict(), "received_at": round(time.time(), 3)}}, kwargsrepr=shown, producer=producer()).id

    return enqueue
