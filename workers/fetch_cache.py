"""What a review fetched from GitHub, kept in Redis for the next review of the same pull request
and for its replay: file contents by blob sha, tree listings by commit or tree sha (both
immutable, so never stale), files read by path at a commit sha (the repository's
configuration), and list answers by URL with their ETag (revalidated with
If-None-Match, which GitHub answers 304 without counting it against the rate limit).

Bounded by design rather than by Redis' eviction policy (the same Redis is the Celery broker, so
`maxmemory` with eviction is not an option): every key lives under `goleash:fetch:` with a TTL,
renewed whenever it is read (GETEX), so what active pull requests use stays and the rest expires;
an entry over `max_entry_bytes` once compressed is not kept at all. Memory is then at most what
the reviews of one TTL fetch, compressed (Go source compresses about 4:1), and `redis-cli --scan
--pattern 'goleash:fetch:*'` + DEL empties it at any time without harm.

Scoped per repository although blob shas are global: a cached private file must never reach a
review of another installation, and the rare cross-repository hit is not worth that risk."""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass

import redis

PREFIX = "goleash:fetch:"


def git_blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class FetchCache:
    r: redis.Redis
    ttl: int = 7 * 24 * 3600
    max_entry_bytes: int = 1 << 20

    @classmethod
    def from_settings(cls, r: redis.Redis, settings) -> "FetchCache":
        return cls(r, ttl=int(settings.fetch_cache_ttl), max_entry_bytes=int(settings.fetch_cache_entry_kb) << 10)

    # -- keys ---------------------------------------------------------------------------
    @staticmethod
    def _key(kind: str, repo: str, name: str) -> str:
        return f"{PREFIX}{kind}:{repo.lower()}:{name}"

    def _get_many(self, keys: list[str]) -> list[bytes | None]:
        if not keys:
            return []
        pipe = self.r.pipeline(transaction=False)
        for k in keys:
            pipe.getex(k, ex=self.ttl)
        return [zlib.decompress(v) if v is not None else None for v in pipe.execute()]

    def _put_many(self, items: dict[str, bytes]) -> None:
        pipe = self.r.pipeline(transaction=False)
        n = 0
        for k, raw in items.items():
            packed = zlib.compress(raw, 6)
            if len(packed) <= self.max_entry_bytes:
                pipe.set(k, packed, ex=self.ttl)
                n += 1
        if n:
            pipe.execute()

    # -- blobs ----------------------------------------------------------------------------
    def blobs(self, repo: str, shas: list[str]) -> dict[str, bytes]:
        got = self._get_many([self._key("blob", repo, s) for s in shas])
        return {s: d for s, d in zip(shas, got) if d is not None}

    def put_blobs(self, repo: str, blobs: dict[str, bytes]) -> None:
        """Only content that hashes to its sha is kept: the cache can never hand out other bytes
        than GitHub has under that name."""
        self._put_many({self._key("blob", repo, s): d for s, d in blobs.items() if git_blob_sha(d) == s})

    # -- trees ----------------------------------------------------------------------------
    def tree(self, repo: str, name: str) -> dict | None:
        [raw] = self._get_many([self._key("tree", repo, name)])
        return json.loads(raw) if raw is not None else None

    def put_tree(self, repo: str, name: str, listing: dict) -> None:
        self._put_many({self._key("tree", repo, name): json.dumps(listing, separators=(",", ":")).encode()})

    # -- a file at a commit (read by path, e.g. the repository's configuration) ---------------
    def file_at(self, repo: str, sha: str, path: str) -> tuple[bytes | None] | None:
        """None: not cached; (None,): cached as absent; (bytes,): the file."""
        [raw] = self._get_many([self._key("file", repo, f"{sha}:{path}")])
        if raw is None:
            return None
        return (raw[1:] if raw[:1] == b"+" else None,)

    def put_file_at(self, repo: str, sha: str, path: str, data: bytes | None) -> None:
        self._put_many({self._key("file", repo, f"{sha}:{path}"): b"-" if data is None else b"+" + data})

    # -- conditional requests -------------------------------------------------------------
    def answer(self, repo: str, url: str) -> tuple[str, object, str | None] | None:
        """(etag, body, link to the next page) of the last 200 answer to GET `url`."""
        [raw] = self._get_many([self._key("etag", repo, hashlib.sha256(url.encode()).hexdigest())])
        if raw is None:
            return None
        d = json.loads(raw)
        return d["etag"], d["body"], d.get("next")

    def put_answer(self, repo: str, url: str, etag: str, body: object, next_url: str | None) -> None:
        data = json.dumps({"etag": etag, "body": body, "next": next_url}, separators=(",", ":")).encode()
        self._put_many({self._key("etag", repo, hashlib.sha256(url.encode()).hexdigest()): data})
