"""Celery's configuration and the names both sides of the queue agree on.

The receiver sends tasks by name (`send_task`) and never imports the worker package; the workers
import this module to build their Celery app with the same settings. Data flows one way: bot/
names the tasks and queues, workers/ registers functions under those names."""

from __future__ import annotations

from collections.abc import Iterable

from celery import Celery

from .config import Settings
from .jobs import REVIEW_TASK

# Task names owned by workers/replay_task.py, routed here so that the receiver's producer and the
# workers agree on their queues.
REPLAY_PREPARE_TASK = "goleash.replay_prepare"
REPLAY_REPORT_TASK = "goleash.replay_report"
REPLAY_RUN_TASK = "goleash.replay_run"

# The queue review workers read (kombu's default name) and the sandboxed replay runners' queue.
REVIEW_QUEUE = "celery"
REPLAY_QUEUE = "replays"

# Celery's own limits, enforced by the prefork pool only, sit past the review's time limit
# (GOLEASH_REVIEW_TIME_LIMIT, which workers/time_limit.py enforces under every pool): they
# catch what that one misses, such as a task other than a review.
SOFT_LIMIT_MARGIN = 15
HARD_LIMIT_MARGIN = 45


def make_celery(settings: Settings, *, results: bool = True, include: Iterable[str] = ()) -> Celery:
    """`results=False` for a producer that never reads results (the receiver): with a Redis
    result backend, Celery subscribes to a pub/sub channel for every task it sends. `include`
    names the task modules a worker imports when it starts (workers/celery_config.py)."""
    backend = settings.redis_url if results else None
    app = Celery("goleash", broker=settings.redis_url, backend=backend, include=list(include))
    # Sweep for abandoned messages often enough that a lost worker's task comes back
    # soon after its visibility timeout, not minutes later.
    restore_interval = max(1, min(10, settings.visibility_timeout // 3))
    transport = {
        "visibility_timeout": settings.visibility_timeout,
        "unacked_restore_interval": restore_interval,
        "unacked_restore_throttle": 1,
    }
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        result_expires=24 * 3600,
        # Ack only after the task finished, and give the message back if the worker
        # process dies under it: a review is lost neither to a crash nor to a deploy.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        broker_connection_retry_on_startup=True,
        broker_transport_options=transport,
        result_backend_transport_options={"visibility_timeout": settings.visibility_timeout},
        task_soft_time_limit=settings.review_time_limit + SOFT_LIMIT_MARGIN,
        task_time_limit=settings.review_time_limit + HARD_LIMIT_MARGIN,
        # deploy/compose.yaml has review workers consume this queue by name.
        # Replays (workers/replay_task.py) run sandboxed go test on their own queue and workers
        # (celery -A goleash.workers.app worker -Q replays), so they never delay a review; preparing and
        # reporting need the App key and stay on the review queue.
        task_routes={
            REVIEW_TASK: {"queue": REVIEW_QUEUE},
            REPLAY_PREPARE_TASK: {"queue": REVIEW_QUEUE},
            REPLAY_REPORT_TASK: {"queue": REVIEW_QUEUE},
            REPLAY_RUN_TASK: {"queue": REPLAY_QUEUE},
        },
    )
    return app
