"""Duplicate protection keyed on X-GitHub-Delivery: a redelivery carries the original id."""

from __future__ import annotations

import redis

from . import keys

# GitHub lets anyone redeliver for 3 days (7 on GHES); a week covers both.
DELIVERY_TTL_SECONDS = 7 * 24 * 3600


def claim(r: redis.Redis, delivery_id: str) -> bool:
    """True the first time a delivery id is seen."""
    return bool(r.set(keys.delivery(delivery_id), "1", nx=True, ex=DELIVERY_TTL_SECONDS))


def release(r: redis.Redis, delivery_id: str) -> None:
    """Forget a claim whose work could not be queued, so GitHub's redelivery is not dropped."""
    r.delete(keys.delivery(delivery_id))


def release_quietly(r: redis.Redis, delivery_id: str) -> None:
    """`release`, unless Redis cannot be reached: then the claim, if one was made, expires."""
    try:
        release(r, delivery_id)
    except redis.RedisError:
        pass
