"""What a review of one head sha has already done, so a re-run (redelivery, crash,
retry) picks up where it stopped instead of repeating a write."""

from __future__ import annotations

import redis

from goleash.bot import keys

KEEP_SECONDS = 30 * 24 * 3600


def is_done(r: redis.Redis, repo: str, number: int, sha: str) -> bool:
    return bool(r.exists(keys.pr_done(repo, number, sha)))


def mark_done(r: redis.Redis, repo: str, number: int, sha: str) -> None:
    r.set(keys.pr_done(repo, number, sha), "1", ex=KEEP_SECONDS)


class CheckRunRecord:
    """The check run of one head sha: its id and how many annotation batches it has."""

    def __init__(self, r: redis.Redis, repo: str, sha: str):
        self._r = r
        self._key = keys.check_run(repo, sha)

    def load(self) -> dict:
        raw = self._r.hgetall(self._key)
        return {k.decode(): v.decode() for k, v in raw.items()}

    @property
    def id(self) -> int | None:
        v = self._r.hget(self._key, "id")
        return int(v) if v else None

    @property
    def batches_sent(self) -> int:
        return int(self._r.hget(self._key, "batches") or 0)

    @property
    def completed(self) -> bool:
        return self._r.hget(self._key, "completed") == b"1"

    def started(self, check_run_id: int) -> None:
        self._r.hset(self._key, mapping={"id": check_run_id, "batches": 0})
        self._r.expire(self._key, KEEP_SECONDS)

    def batch_sent(self) -> None:
        self._r.hincrby(self._key, "batches", 1)

    def finished(self) -> None:
        self._r.hset(self._key, "completed", "1")
