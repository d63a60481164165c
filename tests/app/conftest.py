from __future__ import annotations

import os
from pathlib import Path

import pytest
import redis

from ghsandbox.paths import GITHUB_DIR as GITHUB_DATA

REPO_ROOT = Path(__file__).resolve().parents[2]
# A dedicated database number: the tests flush it, and only it.
TEST_REDIS_URL = os.environ.get("GOLEASH_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """TEST_REDIS_URL if it answers, else DB 5 of a throwaway redis-server on port 6390."""
    from ghsandbox.devstack import ensure_redis

    url, stop = ensure_redis(TEST_REDIS_URL)
    if url != TEST_REDIS_URL:
        url = url.rsplit("/", 1)[0] + "/5"
    yield url
    stop()


@pytest.fixture
def redis_db(redis_url) -> redis.Redis:
    """The test database, emptied before and after each test."""
    r = redis.Redis.from_url(redis_url)
    r.flushdb()
    yield r
    r.flushdb()


def payload(name: str) -> bytes:
    return (GITHUB_DATA / "payloads" / f"{name}.json").read_bytes()


@pytest.fixture(scope="module")
def stack(request, tmp_path_factory, redis_url):
    """Sandbox + receiver (gunicorn) + Celery worker process, one set per test module.
    A module with GHES = True talks to the sandbox as GitHub Enterprise (/api/v3)."""
    from .harness import start_stack

    tmp = tmp_path_factory.mktemp("stack")
    # A module may set SCENARIO (a directory under ghsandbox/scenarios/) to start another scenario.
    scenario = getattr(request.module, "SCENARIO", None)
    s, cleanup = start_stack(tmp, redis_url, ghes=getattr(request.module, "GHES", False), scenario=scenario)
    yield s
    cleanup.run()


@pytest.fixture
def fresh(stack):
    """The module's stack, back at the scenario's start."""
    stack.reset()
    yield stack
    if stack.worker.alive():
        return
    print(stack.worker.log()[-5000:])
