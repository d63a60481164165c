"""A per-PR Redis lock, so two reviews of one pull request never post at the same time.

The lock has a short TTL and a thread renews it while the review runs: a worker killed
with SIGKILL stops renewing, and its lock is gone within TTL seconds instead of blocking
the PR until a long timeout runs out."""

from __future__ import annotations

import threading

import redis
from redis.exceptions import LockError

from goleash.bot import keys

LOCK_TTL = 15.0
RENEW_EVERY = LOCK_TTL / 3


class LockBusy(Exception):
    """Another review of this pull request holds the lock."""


class LockLost(Exception):
    """The lock expired under us (Redis stalled past the TTL): do not post."""


class PRLock:
    def __init__(self, r: redis.Redis, repo: str, number: int):
        # thread_local=False: the renewing thread must see the token the task acquired with.
        self._lock = r.lock(keys.pr_lock(repo, number), timeout=LOCK_TTL, thread_local=False)
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def acquire(self, wait: float) -> None:
        if not self._lock.acquire(blocking=True, blocking_timeout=wait):
            raise LockBusy()
        self._renewer = threading.Thread(target=self._renew, name="pr-lock-renewer", daemon=True)
        self._renewer.start()

    def _renew(self) -> None:
        while not self._stop.wait(RENEW_EVERY):
            try:
                self._lock.reacquire()
            except (LockError, redis.RedisError):
                return

    def ensure_held(self) -> None:
        if not self._lock.owned():
            raise LockLost()

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=1)
        try:
            self._lock.release()
        except LockError:
            pass  # expired already; nobody else's lock is touched (token check)

    def __enter__(self) -> "PRLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()
