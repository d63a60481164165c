"""A review delivery in one Redis round trip.

One Lua script (sent as EVALSHA, and loaded again when Redis lost it) claims the delivery id
(bot/deliveries.py), checks that the installation and repository are not blocked
(bot/installations.py), records the PR head unless a newer event already did (bot/pr_heads.py)
and, when the receiver built the Celery message itself (bot/queue.py), pushes it onto the queue
list. Redis runs a script atomically, so all of it happens or none of it does; the keys and their
meaning are those of the modules named above, which the rest of the app keeps using."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone

import redis
from redis.exceptions import NoScriptError

from . import keys
from .deliveries import DELIVERY_TTL_SECONDS
from .installations import REMOVED, SUSPENDED, _removed_repos_key
from .installations import _key as _installation_key
from .jobs import ReviewJob
from .pr_heads import HEAD_TTL_SECONDS

# KEYS: 1 delivery claim, 2 installation hash, 3 its removed repositories, 4 PR head hash,
#       5 queue list, 6 and 7 kombu's binding sets of the queue's exchange
# ARGV: 1 '1' to claim the delivery (the receiver may have done it already), 2 claim TTL,
#       3 repository (lower case), 4 head sha, 5 updated_at, 6 head TTL, 7 message ('' pushes
#       nothing), 8 the queue's binding (what kombu's queue declaration adds to KEYS[6] and [7])
_ADMIT = f"""
if ARGV[1] == '1' and not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
  return 'duplicate'
end
local st = redis.call('HGET', KEYS[2], 'status')
if st == '{REMOVED}' or st == '{SUSPENDED}' then return st end
if redis.call('SISMEMBER', KEYS[3], ARGV[3]) == 1 then return 'repo-removed' end
local cur = redis.call('HGET', KEYS[4], 'updated_at')
if (not cur) or ARGV[5] >= cur then
  redis.call('HSET', KEYS[4], 'sha', ARGV[4], 'updated_at', ARGV[5])
  redis.call('EXPIRE', KEYS[4], ARGV[6])
elseif redis.call('HGET', KEYS[4], 'sha') ~= ARGV[4] then
  return 'superseded'
end
if ARGV[7] ~= '' then
  redis.call('SADD', KEYS[6], ARGV[8])
  redis.call('SADD', KEYS[7], ARGV[8])
  redis.call('LPUSH', KEYS[5], ARGV[7])
end
return 'queued'
"""

_WHY = {
    REMOVED: "the installation was removed",
    SUSPENDED: "the installation is suspended",
    "superseded": "a newer push is already recorded for this pull request",
}

_SHA = hashlib.sha1(_ADMIT.encode()).hexdigest()
# Idle connections per process and pool. Each request takes one for the length of its round trip
# and puts it back: under gunicorn's gevent worker every client connection is a greenlet of its
# own, so a thread- (greenlet-) local connection would be a new Redis connection per delivery.
_idle: dict = {}


def _take(r: redis.Redis):
    """An idle connection made by `r`'s pool (same server, database, credentials and timeouts)
    but kept out of it: checking a connection out of the pool costs a poll() of the socket and
    more CPU than the rest of the round trip."""
    pool = r.connection_pool
    mine = _idle.get(os.getpid())
    if mine is None:  # gunicorn forks after the app is built: the parent's sockets are not ours
        _idle.clear()
        mine = _idle[os.getpid()] = {}
    spare = mine.setdefault(id(pool), [])
    try:
        return spare.pop()  # atomic: two threads or greenlets never get the same connection
    except IndexError:
        return pool.make_connection()


def _give_back(r: redis.Redis, conn) -> None:
    _idle.get(os.getpid(), {}).setdefault(id(r.connection_pool), []).append(conn)


def _run(r: redis.Redis, keys: list, args: list):
    conn = _take(r)
    try:
        answer = _round_trip(conn, keys, args)
    except BaseException:
        # Whatever was sent may still have an answer on its way: never hand the socket on.
        conn.disconnect()
        _give_back(r, conn)
        raise
    _give_back(r, conn)
    return answer


def _round_trip(conn, keys: list, args: list):
    reconnected = loaded = False
    while True:
        try:
            conn.send_command("EVALSHA", _SHA, len(keys), *keys, *args)
            return conn.read_response()
        except NoScriptError:
            # Redis restarted (or SCRIPT FLUSH): its script cache is empty. Load, then once more.
            if loaded:
                raise
            conn.send_command("SCRIPT", "LOAD", _ADMIT)
            conn.read_response()
            loaded = True
        except redis.ConnectionError:
            # The connection broke, usually because Redis restarted since its last use: one more
            # try on a new one. Safe: a script that did run before the break answers 'duplicate'.
            conn.disconnect()
            if reconnected:
                raise
            reconnected = True


def admit(r: redis.Redis, job: ReviewJob, updated_at: str | None, *, claim: bool, queue=None, message: bytes = b"") -> str:
    """Push `message` (built by `queue`, a bot.queue.CeleryQueue) if the review is to run.
    'queued', 'duplicate' (the delivery id was claimed before), 'removed' / 'suspended' (the
    installation), 'repo-removed', or 'superseded' (a newer push is recorded for the PR)."""
    stamp = updated_at or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    verdict = _run(
        r,
        [
            keys.delivery(job.delivery_id),
            _installation_key(job.installation_id),
            _removed_repos_key(job.installation_id),
            keys.pr_head(job.repo, job.number),
            *((queue.key, *queue.binding_keys) if message else ("-", "-", "-")),
        ],
        [
            "1" if claim else "0",
            DELIVERY_TTL_SECONDS,
            job.repo.lower(),
            job.head_sha,
            stamp,
            HEAD_TTL_SECONDS,
            message,
            queue.binding_member if message else "",
        ],
    )
    return verdict.decode() if isinstance(verdict, bytes) else verdict


def why_not(verdict: str, repo: str) -> str:
    if verdict == "repo-removed":
        return f"{repo} was removed from the installation"
    return _WHY.get(verdict, verdict)
