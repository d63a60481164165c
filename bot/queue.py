"""Sending review jobs to the Celery queue, without importing the worker code."""
from __future__ import annotations

from typing import Callable

from .config import Settings
from .jobs import REVIEW_TASK, ReviewJob


def celery_enqueue(settings: Settings) -> Callable[[ReviewJob], str]:
    from workers.celery_config import make_celery

    app = make_celery(settings, results=False)

    def enqueue(job: ReviewJob) -> str:
        # An explicit kwargsrepr spares Celery a saferepr of the job on every delivery.
        shown = f"{job.repo}#{job.number}@{job.head_sha[:12]} delivery {job.delivery_id}"
        return app.send_task(REVIEW_TASK, kwargs={"job": job.to_dict()}, kwargsrepr=shown).id

    return enqueue
