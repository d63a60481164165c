"""The latest head sha of each pull request, recorded when a review is queued.

Workers compare their own sha with it and give up when a newer push has superseded them.
GitHub does not promise delivery order, so a record only moves forward in `updated_at`."""

from __future__ import annotations

from datetime import datetime, timezone

import redis

from . import keys

HEAD_TTL_SECONDS = 30 * 24 * 3600

# ISO-8601 UTC timestamps from GitHub compare correctly as strings.
_RECORD = """
local cur = redis.call('HGET', KEYS[1], 'updated_at')
if (not cur) or ARGV[2] >= cur then
  redis.call('HSET', KEYS[1], 'sha', ARGV[1], 'updated_at', ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return ARGV[1]
end
return redis.call('HGET', KEYS[1], 'sha')
"""


_script = None


def _record_script(r: redis.Redis):
    global _script
    if _script is None:
        _script = r.register_script(_RECORD)
    return _script


def record(r: redis.Redis, repo: str, number: int, sha: str, updated_at: str | None) -> str:
    """Record `sha` as the head unless a newer event already did; return the head now recorded."""
    stamp = updated_at or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    # A Script sends EVALSHA, so the script text crosses the wire only once.
    head = _record_script(r)(keys=[keys.pr_head(repo, number)], args=[sha, stamp, HEAD_TTL_SECONDS], client=r)
    return head.decode() if isinstance(head, bytes) else head


def latest(r: redis.Redis, repo: str, number: int) -> str | None:
    sha = r.hget(keys.pr_head(repo, number), "sha")
    return sha.decode() if isinstance(sha, bytes) else sha
