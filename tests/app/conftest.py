from __future__ import annotations

import os
from pathlib import Path

import pytest
import redis

REPO_ROOT = Path(__file__).resolve().parents[2]
# CI clones the repo with shared/ beside it; locally it is /work/shared.
SHARED = Path(os.environ.get("GOLEASH_SHARED_DIR", REPO_ROOT.parent / "shared"))
GITHUB_DATA = SHARED / "github"
TEST_REDIS_URL = os.environ.get("GOLEASH_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def redis_db() -> redis.Redis:
    """A dedicated Redis database, emptied before and after each test (only that one)."""
    r = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        r.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not reachable at {TEST_REDIS_URL}; start one (make redis) or set GOLEASH_TEST_REDIS_URL")
    r.flushdb()
    yield r
    r.flushdb()


def payload(name: str) -> bytes:
    return (GITHUB_DATA / "payloads" / f"{name}.json").read_bytes()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Sandbox + receiver (gunicorn) + Celery worker process, one set per test module."""
    from .harness import start_stack

    tmp = tmp_path_factory.mktemp("stack")
    s, cleanup = start_stack(tmp, TEST_REDIS_URL)
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
