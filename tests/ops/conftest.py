from __future__ import annotations

import os

import pytest

from ghsandbox.devstack import ensure_redis

# A database of its own: these tests flush it.
OPS_REDIS_URL = os.environ.get("GOLEASH_OPS_REDIS_URL", "redis://127.0.0.1:6379/6")


@pytest.fixture(scope="session")
def ops_redis_url() -> str:
    url, stop = ensure_redis(OPS_REDIS_URL)
    if url != OPS_REDIS_URL:
        url = url.rsplit("/", 1)[0] + "/6"
    yield url
    stop()


@pytest.fixture
def redis_db(ops_redis_url):
    import redis

    r = redis.Redis.from_url(ops_redis_url)
    r.flushdb()
    yield r
    r.flushdb()
