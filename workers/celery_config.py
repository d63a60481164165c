"""The workers' Celery app configuration: bot/celery_config.py's, plus the task modules a worker
imports when it starts. The receiver builds its producer from bot/celery_config.py directly."""

from __future__ import annotations

from celery import Celery

from goleash.bot.celery_config import make_celery as _make_celery
from goleash.bot.config import Settings

TASK_MODULES = ("goleash.workers.tasks", "goleash.workers.command_tasks", "goleash.workers.replay_task")


def make_celery(settings: Settings, *, results: bool = True) -> Celery:
    return _make_celery(settings, results=results, include=TASK_MODULES)
