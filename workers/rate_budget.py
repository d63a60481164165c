"""One installation's GitHub rate limit, as every worker sees it (Redis).

Every answer's x-ratelimit-* headers are recorded per installation and resource (core,
graphql). Before a request: when the installation is paused (a rate limit answered earlier),
or its remaining budget is low, the request waits a little in place, or, when the wait is
longer than a worker should hold a task, raises Paused so the review is rescheduled. Under
PACE_BELOW remaining requests the installation's requests are spread over the time left to the
reset, so it slows down before GitHub refuses it rather than running into the limit."""

from __future__ import annotations

import contextlib
import time
from typing import Callable

import redis

from .github_retry import MAX_INLINE_WAIT, Paused, secondary_wait

PACE_BELOW = 100  # remaining requests under which they are spread until the reset
SECONDARY_HITS_TTL = 1800  # a secondary limit not seen for this long starts the growth afresh


def resource_of(url: str) -> str:
    return "graphql" if url.split("?", 1)[0].rstrip("/").endswith("graphql") else "core"


class RateBudget:
    def __init__(self, r: redis.Redis, installation_id: int, clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep):
        self._r = r
        self._key = f"goleash:ratelimit:{installation_id}"
        self._clock = clock
        self._sleep = sleep
        self._exempt = False

    @contextlib.contextmanager
    def exempt(self):
        """Requests sent regardless of the budget: the one that completes a check run when the
        review gives up must not be held back by the limit that made it give up."""
        self._exempt = True
        try:
            yield
        finally:
            self._exempt = False

    # ------------------------------------------------------------------ what GitHub said
    def observe(self, resource: str, headers: dict) -> None:
        lower = {k.lower(): v for k, v in (headers or {}).items()}
        remaining, reset = lower.get("x-ratelimit-remaining"), lower.get("x-ratelimit-reset")
        if remaining is None or reset is None:
            return
        resource = lower.get("x-ratelimit-resource") or resource
        try:
            fields = {f"{resource}:remaining": int(float(remaining)), f"{resource}:reset": int(float(reset))}
        except ValueError:
            return
        p = self._r.pipeline()
        p.hset(self._key, mapping=fields)
        p.expire(self._key, 2 * 3600)
        p.execute()

    def limited(self, kind: str, wait: float | None) -> float:
        """GitHub answered with a rate limit (kind "primary" or "secondary"): pause the whole
        installation and return how long. A secondary limit without Retry-After waits at least
        a minute, doubling while it keeps coming."""
        if kind == "secondary":
            hits = self._r.hincrby(self._key, "secondary_hits", 1) - 1
            self._r.expire(self._key, max(SECONDARY_HITS_TTL, 2 * 3600))
            if wait is None:
                wait = secondary_wait(hits)
        elif wait is None:
            wait = secondary_wait(0)  # a primary limit without a reset: nothing says sooner
        until = self._clock() + wait
        current = float(self._r.hget(self._key, "paused_until") or 0)
        if until > current:
            self._r.hset(self._key, "paused_until", until)
        self._r.expire(self._key, 2 * 3600)
        return max(wait, current - self._clock())

    def blocked_for(self) -> float:
        """Seconds the installation stays paused (0 when it is not)."""
        return max(0.0, float(self._r.hget(self._key, "paused_until") or 0) - self._clock())

    # ------------------------------------------------------------------ before a request
    def pace(self, resource: str) -> float:
        """Seconds to hold the next request to `resource` back."""
        paused = self.blocked_for()
        raw = self._r.hmget(self._key, f"{resource}:remaining", f"{resource}:reset")
        if raw[0] is None or raw[1] is None:
            return paused
        remaining, reset = int(raw[0]), int(raw[1])
        # x-ratelimit-reset is a whole second: the reset falls somewhere within it.
        left = reset + 1.0 - self._clock()
        if left <= 0:
            return paused  # the window has turned over since; the next answer says how it stands
        if remaining <= 0:
            return max(paused, left)
        if remaining < PACE_BELOW:
            return max(paused, left / remaining)
        return paused

    def before_request(self, resource: str) -> None:
        if self._exempt:
            return
        wait = self.pace(resource)
        if wait <= 0:
            return
        if wait > MAX_INLINE_WAIT:
            raise Paused(
                self.blocked_for() or self._until_reset(resource), f"holding back: the installation's {resource} rate limit is nearly spent or paused"
            )
        self._sleep(wait)

    def _until_reset(self, resource: str) -> float:
        reset = self._r.hget(self._key, f"{resource}:reset")
        return max(MAX_INLINE_WAIT, (int(reset) if reset else 0) - self._clock() + 1.0)


def govern(requester, budget: RateBudget) -> None:
    """Route every request of this PyGithub Requester through `budget`. PyGithub offers no hook
    around a request, so its one private method for sending is wrapped, on this instance only."""
    send = requester._Requester__requestRaw

    def governed(cnx, verb, url, *args, **kwargs):
        resource = resource_of(url)
        budget.before_request(resource)
        status, headers, output = send(cnx, verb, url, *args, **kwargs)
        budget.observe(resource, headers)
        return status, headers, output

    requester._Requester__requestRaw = governed
