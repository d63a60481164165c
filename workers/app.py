"""The Celery application of the workers, on Redis as broker and result backend.

Start a worker with:  celery -A goleash.workers.app worker --pool=solo  (or prefork, concurrency 1).
This module is where a worker process starts: its settings are read here, once, and its logging
is set up when the worker starts (before a prefork pool forks its children)."""

from __future__ import annotations

from celery.signals import worker_init

from goleash.bot import log as logging_setup
from goleash.bot.config import Settings

from .celery_config import make_celery

settings = Settings.from_env()
celery_app = make_celery(settings)
app = celery_app  # `celery -A goleash.workers.app` looks for `app` or `celery`


@worker_init.connect
def _configure_logging(**_signal) -> None:
    logging_setup.configure(settings.log_level)
