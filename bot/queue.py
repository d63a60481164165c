"""Sending review jobs to the Celery queue, without importing the worker code."""
from __future__ import annotations

from typing import Callable

from .config import Settings
from .jobs import REVIEW_TASK, ReviewJob


def celery_enqueue(settings: Settings) -> Callable[[ReviewJob], str]:
    from workers.app import make_celery

    app = make_celery(settings)

    def enqueue(job: ReviewJob) -> str:
        return app.send_task(REVIEW_TASK, kwargs={"job": job.to_dict()}).id

    return enqueue
