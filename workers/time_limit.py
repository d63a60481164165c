"""A soft time limit that also holds under Celery's solo pool, which enforces none: the
review worker's default (`GOLEASH_WORKER_CONCURRENCY=1`) runs tasks in the main thread of
the worker process, where SIGALRM can interrupt them. Under the prefork pool Celery's own
limits apply as well; whichever fires first raises the same exception."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from celery.exceptions import SoftTimeLimitExceeded


@contextmanager
def soft_time_limit(seconds: float) -> Iterator[None]:
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
        raise SoftTimeLimitExceeded(f"ran over {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
