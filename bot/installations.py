"""The registry of installations and their repositories, kept from `installation` and
`installation_repositories` events.

An installation the registry has never heard of is served (it may predate goleash
tracking installs); one that was deleted or suspended, or a repository removed from an
installation, is not: its events are acknowledged and ignored, its cached token dropped,
and reviews already queued for it post nothing (the review checks `blocked` first)."""

from __future__ import annotations

import time

import redis

from . import keys

ACTIVE, SUSPENDED, REMOVED = "active", "suspended", "removed"


def _key(installation_id: int) -> str:
    return f"{keys.PREFIX}:installation:{int(installation_id)}"


def _repos_key(installation_id: int) -> str:
    return _key(installation_id) + ":repos"


def _removed_repos_key(installation_id: int) -> str:
    return _key(installation_id) + ":repos-removed"


def status(r: redis.Redis, installation_id: int) -> str | None:
    v = r.hget(_key(installation_id), "status")
    return v.decode() if isinstance(v, bytes) else v


def repositories(r: redis.Redis, installation_id: int) -> set[str]:
    return {m.decode() for m in r.smembers(_repos_key(installation_id))}


def blocked(r: redis.Redis, installation_id: int | None, repo: str | None = None) -> str | None:
    """Why work for this installation (and repository) must not run, or None to go ahead."""
    if not installation_id:
        return None
    # One round trip: this runs on every delivery, on the receiver's hot path.
    pipe = r.pipeline(transaction=False)
    pipe.hget(_key(installation_id), "status")
    pipe.sismember(_removed_repos_key(installation_id), (repo or "").lower())
    raw, repo_removed = pipe.execute()
    st = raw.decode() if isinstance(raw, bytes) else raw
    if st == REMOVED:
        return "the installation was removed"
    if st == SUSPENDED:
        return "the installation is suspended"
    if repo and repo_removed:
        return f"{repo} was removed from the installation"
    return None


def _set_status(r: redis.Redis, installation_id: int, st: str, account: str = "") -> None:
    mapping = {"status": st, "updated_at": int(time.time())}
    if account:
        mapping["account"] = account
    r.hset(_key(installation_id), mapping=mapping)


def _forget_token(r: redis.Redis, installation_id: int) -> None:
    r.delete(keys.installation_token(installation_id))


def _names(repos) -> list[str]:
    return [x["full_name"].lower() for x in (repos or []) if isinstance(x, dict) and x.get("full_name")]


def created(r: redis.Redis, installation_id: int, account: str, repos: list[dict] | None) -> None:
    _set_status(r, installation_id, ACTIVE, account)
    r.delete(_removed_repos_key(installation_id))
    names = _names(repos)
    if names:
        r.sadd(_repos_key(installation_id), *names)


def deleted(r: redis.Redis, installation_id: int) -> None:
    _set_status(r, installation_id, REMOVED)
    r.delete(_repos_key(installation_id))
    _forget_token(r, installation_id)


def suspended(r: redis.Redis, installation_id: int) -> None:
    _set_status(r, installation_id, SUSPENDED)
    _forget_token(r, installation_id)


def unsuspended(r: redis.Redis, installation_id: int) -> None:
    _set_status(r, installation_id, ACTIVE)


def repositories_added(r: redis.Redis, installation_id: int, repos: list[dict]) -> None:
    names = _names(repos)
    if names:
        r.sadd(_repos_key(installation_id), *names)
        r.srem(_removed_repos_key(installation_id), *names)
    if status(r, installation_id) is None:
        _set_status(r, installation_id, ACTIVE)


def repositories_removed(r: redis.Redis, installation_id: int, repos: list[dict]) -> None:
    names = _names(repos)
    if names:
        r.srem(_repos_key(installation_id), *names)
        r.sadd(_removed_repos_key(installation_id), *names)
    # The token was scoped to the old repository set.
    _forget_token(r, installation_id)
