"""The Celery application of the workers, on Redis as broker and result backend.

Start a worker with:  celery -A goleash.workers.app worker --pool=solo  (or prefork, concurrency 1)."""
from __future__ import annotations

from goleash.bot.config import Settings

from .celery_config import make_celery

settings = Settings.from_env()
celery_app = make_celery(settings)
app = celery_app  # `celery -A goleash.workers.app` looks for `app` or `celery`
