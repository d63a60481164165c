"""An installation's rate-limit budget in Redis: paced when low, paused when limited."""

from __future__ import annotations

import pytest

from goleash.workers.github_retry import MAX_INLINE_WAIT, Paused
from goleash.workers.rate_budget import PACE_BELOW, RateBudget, resource_of


class Clock:
    def __init__(self):
        self.now = 1_000_000.0
        self.slept: list[float] = []

    def __call__(self):
        return self.now

    def sleep(self, s):
        self.slept.append(s)
        self.now += s


@pytest.fixture
def clock():
    return Clock()


def budget(r, clock, installation=7):
    return RateBudget(r, installation, clock=clock, sleep=clock.sleep)


def headers(remaining, reset_in, clock, resource="core"):
    return {"X-RateLimit-Remaining": str(remaining), "X-RateLimit-Reset": str(int(clock.now + reset_in)), "X-RateLimit-Resource": resource}


def test_plenty_left_costs_nothing(redis_db, clock):
    b = budget(redis_db, clock)
    b.before_request("core")  # nothing known yet
    b.observe("core", headers(4000, 1800, clock))
    b.before_request("core")
    assert clock.slept == []


def test_low_budget_spreads_requests_until_the_reset(redis_db, clock):
    b = budget(redis_db, clock)
    b.observe("core", headers(20, 10, clock))
    b.before_request("core")
    assert clock.slept == [pytest.approx(11 / 20)]
    # Shared by every worker of the installation; another installation is not affected.
    budget(redis_db, clock).before_request("core")
    assert len(clock.slept) == 2
    budget(redis_db, clock, installation=8).before_request("core")
    assert len(clock.slept) == 2


def test_a_budget_too_low_to_spend_before_a_distant_reset_reschedules(redis_db, clock):
    b = budget(redis_db, clock)
    b.observe("core", headers(PACE_BELOW - 1, 3000, clock))  # 30 s a request: too long to hold a worker
    with pytest.raises(Paused) as e:
        b.before_request("core")
    assert e.value.wait > MAX_INLINE_WAIT and clock.slept == []
    b.before_request("graphql")  # a separate bucket


def test_an_empty_bucket_waits_for_the_reset(redis_db, clock):
    b = budget(redis_db, clock)
    b.observe("graphql", headers(0, 4, clock, "graphql"))
    b.before_request("graphql")
    assert clock.slept == [pytest.approx(5.0)]  # the reset, plus the second it may fall in
    clock.now += 100
    b.before_request("graphql")  # the window turned over: nothing known holds it back
    assert len(clock.slept) == 1


def test_secondary_limits_pause_the_installation_growing_from_a_minute(redis_db, clock):
    b = budget(redis_db, clock)
    assert b.limited("secondary", None) == 60
    assert b.blocked_for() == 60
    with pytest.raises(Paused):
        b.before_request("core")
    clock.now += 61
    assert b.blocked_for() == 0
    assert b.limited("secondary", None) == 120
    clock.now += 121
    assert b.limited("secondary", 5.0) == 5.0  # Retry-After is what GitHub asked for
    clock.now += 6
    assert b.limited("primary", 42.0) == 42.0
    with b.exempt():
        b.before_request("core")  # completing a check run is never held back


def test_resource_of_url():
    assert resource_of("https://api.github.com/graphql") == "graphql"
    assert resource_of("http://127.0.0.1:5000/api/graphql") == "graphql"
    assert resource_of("/repos/o/r/pulls/1/comments?per_page=100") == "core"
