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

Rate limits are not failures: a limited review is rescheduled (workers/rate_budget.py keeps
the installation's pause in Redis, and the task comes back in hops shorter than the broker's
visibility timeout) without spending its retries. GitHub's rules: wait Retry-After when given;
else until x-ratelimit-reset when x-ratelimit-remaining is 0; else at least a minute, growing
exponentially while the secondary limit keeps answering. GraphQL reports its primary limit
as HTTP 200 with an error of type RATE_LIMIT (the schema says RATE_LIMITED).
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

MAX_INLINE_WAIT = 10.0  # longer waits free the worker and come back as a task retry
SECONDARY_MIN_WAIT = 60.0  # GitHub: a secondary limit without Retry-After, wait at least a minute
SECONDARY_MAX_WAIT = 960.0  # the exponential growth stops at 16 minutes
READ_ATTEMPTS = 4  # per GET, before the task layer takes over
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


def secondary_wait(hits: int) -> float:
    """A secondary limit without Retry-After, the `hits`-th in a row (0 for the first)."""
    return min(SECONDARY_MAX_WAIT, SECONDARY_MIN_WAIT * 2 ** max(0, hits))


class GoleashRetry(GithubRetry):
    """GithubRetry with a cap on every wait and with header-only primary limits understood."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if response is not None and response.status == 429 and rate_limit_wait(response.headers) is None:
            # A 429 is always a rate limit; without Retry-After or an empty primary bucket it is
            # the secondary one: at least a minute, which is the task's to wait, not the client's.
            raise RateLimitExceededExceedsMaxWait(
                response.status, {"message": "secondary rate limit"}, dict(response.headers), wait=SECONDARY_MIN_WAIT
            )
        if response is not None and response.status in (403, 429):
            wait = rate_limit_wait(response.headers)
            if wait is not None:
                if self.max_rate_limit_wait is not None and wait > self.max_rate_limit_wait:
                    raise RateLimitExceededExceedsMaxWait(response.status, {"message": "rate limited"}, dict(response.headers), wait=wait)
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
        # A 403 secondary limit without Retry-After: GithubRetry raises (the wait exceeds
        # max_rate_limit_wait) and the task reschedules the review.
        secondary_rate_wait=SECONDARY_MIN_WAIT,
        max_rate_limit_wait=MAX_INLINE_WAIT,
    )


@dataclass(frozen=True)
class Transient:
    reason: str
    wait: float | None = None  # what GitHub asked for, if anything
    status: int | None = None
    # "primary" | "secondary" (GitHub's limits), "paused" (goleash's own budget held the request
    # back), None (not a rate limit): rate limits reschedule the review without spending a retry.
    limit: str | None = None


class Paused(RateLimitExceededExceedsMaxWait):
    """Raised before a request by workers/rate_budget.py: the installation is paused (a limit
    answered earlier) or its budget runs too low to spend before the reset."""

    def __init__(self, wait: float, why: str):
        super().__init__(429, {"message": why}, {}, wait=wait)
        self.why = why


def _limit_kind(headers) -> str:
    return "primary" if _header(headers, "x-ratelimit-remaining") == "0" else "secondary"


def graphql_rate_limited(data) -> bool:
    """GraphQL's primary limit: HTTP 200 and an error of type RATE_LIMIT (RATE_LIMITED in the schema)."""
    errors = data.get("errors") if isinstance(data, dict) else None
    return any(
        isinstance(e, dict) and (e.get("type") in ("RATE_LIMIT", "RATE_LIMITED") or e.get("code") == "graphql_rate_limit") for e in errors or []
    )


@dataclass(frozen=True)
class Permanent:
    reason: str
    status: int | None = None


def classify(exc: BaseException) -> Transient | Permanent | None:
    """None for exceptions that are neither: bugs, which should surface as such."""
    if isinstance(exc, Paused):
        return Transient(exc.why, exc.wait, None, "paused")
    if isinstance(exc, RateLimitExceededExceedsMaxWait):
        return Transient("rate limited", exc.wait, exc.status, _limit_kind(exc.headers))
    if isinstance(exc, GithubException):
        status, headers = exc.status, exc.headers or {}
        message = (exc.data or {}).get("message", "") if isinstance(exc.data, dict) else str(exc.data or "")
        wait = rate_limit_wait(headers)
        if graphql_rate_limited(exc.data):
            # PyGithub raises 400 for any GraphQL error; GitHub answered 200.
            return Transient("GraphQL rate limit", wait, 200, "primary")
        if status == 429 or (status == 403 and (wait is not None or Requester.isRateLimitError(message or ""))):
            return Transient("rate limited", wait, status, _limit_kind(headers))
        if status >= 500:
            return Transient(f"GitHub answered {status}", wait, status)
        if status == 401:
            return Permanent("unauthorized: the App's credentials or installation are no longer valid", status)
        if status == 403:
            return Permanent(f"forbidden: the App lacks a permission or was uninstalled ({message})", status)
        if status == 404:
            return Permanent(f"not found: the repository, pull request or installation is gone ({message})", status)
        if status == 422:
            return Permanent(f"GitHub rejected the request ({message})", status)
        return Permanent(f"GitHub answered {status} ({message})", status)
    if isinstance(
        exc, (requests.ConnectionError, requests.Timeout, requests.exceptions.RetryError, urllib3.exceptions.HTTPError, ConnectionError, TimeoutError)
    ):
        return Transient(f"network: {type(exc).__name__}")
    if isinstance(exc, redis.ConnectionError | redis.TimeoutError):
        return Transient(f"redis: {type(exc).__name__}")
    if isinstance(exc, SoftTimeLimitExceeded):
        return Permanent("the review ran past its time limit")
    return None


# A rate-limited review is rescheduled for up to this long (past GitHub's hour-long primary
# window), then given up with its check run completed.
MAX_DEFERRAL = 2 * 3600


def deferral_hop(visibility_timeout: float) -> float:
    """The longest countdown of one deferral: a message waiting longer than the broker's
    visibility timeout would be handed out a second time."""
    return max(1.0, min(TASK_BACKOFF_CAP, visibility_timeout / 2))


def task_countdown(retries: int, wait: float | None = None) -> float:
    """Exponential backoff with jitter, never shorter than what GitHub asked for, and never
    longer than TASK_BACKOFF_CAP: a waiting retry sits unacked in Redis, and must come
    back well inside the visibility timeout or Redis hands it out twice."""
    backoff = random.uniform(0.5, 1.0) * min(TASK_BACKOFF_CAP, TASK_BACKOFF_BASE * 2**retries)
    if wait is not None:
        backoff = max(backoff, wait + random.uniform(0.0, 1.0))
    return min(TASK_BACKOFF_CAP, backoff)
