"""How GitHub requests are retried, and how failures are sorted into transient and permanent.

PyGithub's default `GithubRetry()` retries up to 10 times with no backoff, retries POST
on 5xx (a 502 after GitHub stored the review would post it twice), sleeps 60 s on a
secondary limit and until the reset (up to an hour) on a primary one, inside the worker.
So there are two layers, each doing what it can do safely:

* in the HTTP client (GoleashRetry): only idempotent reads, a few quick attempts with
  exponential backoff and jitter, honouring Retry-After and x-ratelimit-reset up to
  MAX_INLINE_WAIT seconds; a longer wait raises RateLimitExceededExceedsMaxWait at once;
* in the Celery task: everything else (writes, long waits, exhausted reads) re-runs the
  whole review later. The review is idempotent, so a write that GitHub stored before
  failing is found and not repeated. A failed write is never retried in place.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import redis
import requests
import urllib3
from celery.exceptions import SoftTimeLimitExceeded
from github.GithubException import GithubException, RateLimitExceededExceedsMaxWait
from github.GithubRetry import GithubRetry
from github.Requester import Requester
from urllib3.util.retry import Retry

MAX_INLINE_WAIT = 10.0       # longer waits free the worker and come back as a task retry
READ_ATTEMPTS = 4            # per GET, before the task layer takes over
TASK_BACKOFF_BASE = 2.0
TASK_BACKOFF_CAP = 300.0


def _header(headers, name: str) -> str | None:
    if not headers:
        return None
    for k, v in headers.items():
        if k.lower() == name.lower():
            return v
    return None


def rate_limit_wait(headers, now: float | None = None) -> float | None:
    """Seconds GitHub asks us to wait: Retry-After (seconds or HTTP date), else the primary
    limit's reset when x-ratelimit-remaining is 0. None when the response asks for nothing."""
    now = time.time() if now is None else now
    after = _header(headers, "Retry-After")
    if after:
        after = after.strip()
        if after.isdigit():
            return float(after)
        try:
            return max(0.0, parsedate_to_datetime(after).timestamp() - now)
        except (TypeError, ValueError):
            pass
    if _header(headers, "x-ratelimit-remaining") == "0":
        reset = _header(headers, "x-ratelimit-reset")
        if reset and reset.isdigit():
            return max(0.0, int(reset) - now) + 1.0  # unclear when in that second it resets
    return None


class GoleashRetry(GithubRetry):
    """GithubRetry with a cap on every wait and with header-only primary limits understood."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if response is not None and response.status in (403, 429):
            wait = rate_limit_wait(response.headers)
            if wait is not None:
                if self.max_rate_limit_wait is not None and wait > self.max_rate_limit_wait:
                    raise RateLimitExceededExceedsMaxWait(
                        response.status, {"message": "rate limited"}, dict(response.headers), wait=wait
                    )
                retry = Retry.increment(self, method, url, response, error, _pool, _stacktrace)
                if _header(response.headers, "Retry-After") is None:
                    # urllib3 sleeps Retry-After itself; a reset time it does not know.
                    retry.get_backoff_time = lambda: wait + random.random() * 0.25
                return retry
        return super().increment(method, url, response, error, _pool, _stacktrace)


def read_retry() -> GoleashRetry:
    return GoleashRetry(
        total=READ_ATTEMPTS - 1,
        allowed_methods=frozenset({"GET", "HEAD"}),
        status_forcelist=[429, 500, 502, 503, 504],
        backoff_factor=0.25,
        backoff_jitter=0.25,
        backoff_max=4.0,
        # Hand the last response to PyGithub, which raises a GithubException with its
        # status, instead of a bare requests RetryError the task could not classify.
        raise_on_status=False,
        secondary_rate_wait=MAX_INLINE_WAIT,
        max_rate_limit_wait=MAX_INLINE_WAIT,
    )


@dataclass(frozen=True)
class Transient:
    reason: str
    wait: float | None = None   # what GitHub asked for, if anything
    status: int | None = None


@dataclass(frozen=True)
class Permanent:
    reason: str
    status: int | None = None


def classify(exc: BaseException) -> Transient | Permanent | None:
    """None for exceptions that are neither: bugs, which should surface as such."""
    if isinstance(exc, RateLimitExceededExceedsMaxWait):
        return Transient("rate limited", exc.wait, exc.status)
    if isinstance(exc, GithubException):
        status, headers = exc.status, exc.headers or {}
        message = (exc.data or {}).get("message", "") if isinstance(exc.data, dict) else str(exc.data or "")
        wait = rate_limit_wait(headers)
        if status >= 500 or status == 429:
            return Transient(f"GitHub answered {status}", wait, status)
        if status == 403 and (wait is not None or Requester.isRateLimitError(message or "")):
            return Transient("rate limited", wait, status)
        if status == 401:
            return Permanent("unauthorized: the App's credentials or installation are no longer valid", status)
        if status == 403:
            return Permanent(f"forbidden: the App lacks a permission or was uninstalled ({message})", status)
        if status == 404:
            return Permanent(f"not found: the repository, pull request or installation is gone ({message})", status)
        if status == 422:
            return Permanent(f"GitHub rejected the request ({message})", status)
        return Permanent(f"GitHub answered {status} ({message})", status)
    if isinstance(exc, (requests.ConnectionError, requests.Timeout, requests.exceptions.RetryError,
                        urllib3.exceptions.HTTPError, ConnectionError, TimeoutError)):
        return Transient(f"network: {type(exc).__name__}")
    if isinstance(exc, redis.ConnectionError | redis.TimeoutError):
        return Transient(f"redis: {type(exc).__name__}")
    if isinstance(exc, SoftTimeLimitExceeded):
        return Permanent("the review ran past its time limit")
    return None


def task_countdown(retries: int, wait: float | None = None) -> float:
    """Exponential backoff with jitter, never shorter than what GitHub asked for, and never
    longer than TASK_BACKOFF_CAP: a waiting retry sits unacked in Redis, and must come
    back well inside the visibility timeout or Redis hands it out twice."""
    backoff = random.uniform(0.5, 1.0) * min(TASK_BACKOFF_CAP, TASK_BACKOFF_BASE * 2**retries)
    if wait is not None:
        backoff = max(backoff, wait + random.uniform(0.0, 1.0))
    return min(TASK_BACKOFF_CAP, backoff)
