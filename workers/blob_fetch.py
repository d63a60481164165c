"""File contents from GitHub in a few requests: many blobs per GraphQL query (aliased
`repository.object(oid:)`), several queries at once, and the REST blob endpoint only for what
GraphQL does not give as text.

GraphQL's `Blob.text` is null for a binary blob and cut short (`isTruncated`) for a large one,
and it is text, so the bytes it stands for are checked against the blob's sha; any blob that
fails one of these comes from `GET /git/blobs/{sha}` instead (base64, exact bytes). Blobs
known to be large go there directly.

Why these sizes: a query costs one point of GraphQL's rate limit whatever it holds; `object`
lookups are not connections, so GitHub's node limit (500,000, counted over `first`/`last`) does
not bound them, but a query must answer within GitHub's 10 s timeout, which 100 objects or
about 1 MB of text per query stays well inside. GitHub allows 100 concurrent requests per
installation; a review uses `concurrency` (GOLEASH_FETCH_CONCURRENCY, default 4).

PyGithub's Requester keeps one connection whose request and response are set in two steps, so
it is not safe across threads: each thread sends through the same Requester (its auth, retry
and the installation's rate budget) on a connection of its own."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .fetch_cache import git_blob_sha

OBJECTS_PER_QUERY = 100
TEXT_PER_QUERY = 1 << 20
# Larger blobs skip GraphQL, where their text would likely come back truncated.
GRAPHQL_MAX_BLOB = 256 << 10
# What a blob of unknown size is counted as in a query's text budget: a large Go file.
UNKNOWN_SIZE = 32 << 10

_BLOB_FIELDS = "... on Blob { oid byteSize isBinary isTruncated text }"
_SHA = re.compile(r"[0-9a-f]{40}")


@dataclass
class FetchStats:
    graphql_queries: int = 0
    rest_blobs: int = 0
    blobs: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **kw) -> None:
        with self._lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)


class BlobFetcher:
    def __init__(self, requester, repo_url: str, repo_full_name: str, concurrency: int = 4):
        self._req = requester
        self._repo_url = repo_url
        self._owner, self._name = repo_full_name.split("/", 1)
        self._concurrency = max(1, concurrency)
        self._local = threading.local()
        self.stats = FetchStats()

    # -- sending ---------------------------------------------------------------------------
    def _cnx(self):
        cnx = getattr(self._local, "cnx", None)
        if cnx is None:
            cnx = self._local.cnx = self._req.withAuth(self._req.auth)._Requester__createConnection()
        return cnx

    def _send(self, verb: str, url: str, body: dict | None = None) -> object:
        status, headers, raw = self._req.requestJson(verb, url, input=body, cnx=self._cnx())
        data = json.loads(raw) if raw else None
        if status >= 400:
            raise self._req.createException(status, headers, data)
        if verb == "POST" and isinstance(data, dict) and data.get("errors"):
            # As PyGithub's graphql_query does: the retry layer reads rate limits off the data.
            raise self._req.createException(400, headers, data)
        return data

    def _graphql(self, selections: list[str], variables: dict) -> dict:
        decls = "".join(f", ${k}: String!" for k in variables)
        query = f"query($owner: String!, $name: String!{decls}) {{ repository(owner: $owner, name: $name) {{ {' '.join(selections)} }} }}"
        data = self._send("POST", self._req.graphql_url, {"query": query, "variables": {"owner": self._owner, "name": self._name, **variables}})
        self.stats.add(graphql_queries=1)
        return (data.get("data") or {}).get("repository") or {}

    def rest_blob(self, sha: str) -> bytes:
        data = self._send("GET", f"{self._repo_url}/git/blobs/{sha}")
        self.stats.add(rest_blobs=1)
        if data.get("encoding") == "base64":
            return base64.b64decode(data.get("content") or "")
        return (data.get("content") or "").encode()

    # -- blobs by sha ------------------------------------------------------------------------
    def fetch(self, wanted: dict[str, int | None], deadline: float | None = None) -> dict[str, bytes]:
        """sha -> bytes for every sha of `wanted` (sha -> size from the tree, if known) fetched
        before `deadline`; a batch not started by then is left out."""
        direct = sorted(s for s, n in wanted.items() if (n or 0) > GRAPHQL_MAX_BLOB)
        batches: list[list[str]] = []
        text = 0
        for sha in sorted(set(wanted) - set(direct)):
            if not _SHA.fullmatch(sha):
                raise ValueError(f"not a blob sha: {sha!r}")
            size = wanted[sha] if wanted[sha] is not None else UNKNOWN_SIZE
            if not batches or len(batches[-1]) >= OBJECTS_PER_QUERY or text + size > TEXT_PER_QUERY:
                batches.append([])
                text = 0
            batches[-1].append(sha)
            text += size
        out: dict[str, bytes] = {}
        lock = threading.Lock()

        def run(job) -> None:
            if deadline is not None and time.monotonic() > deadline:
                return
            got = self._batch(job) if isinstance(job, list) else {job: self.rest_blob(job)}
            with lock:
                out.update(got)

        jobs: list = batches + direct
        if len(jobs) <= 1:
            for j in jobs:
                run(j)
        else:
            pool = ThreadPoolExecutor(min(self._concurrency, len(jobs)), thread_name_prefix="blob-fetch")
            try:
                for f in [pool.submit(run, j) for j in jobs]:
                    f.result()
            finally:
                # Not waiting for requests still out: the review's time limit (an exception in
                # this thread) must not be held up by a slow GitHub.
                pool.shutdown(wait=False, cancel_futures=True)
        self.stats.add(blobs=len(out))
        return out

    def _batch(self, shas: list[str]) -> dict[str, bytes]:
        repo = self._graphql([f'b{i}: object(oid: "{s}") {{ {_BLOB_FIELDS} }}' for i, s in enumerate(shas)], {})
        out: dict[str, bytes] = {}
        for i, sha in enumerate(shas):
            data = _text_bytes(repo.get(f"b{i}"))
            out[sha] = data if data is not None and git_blob_sha(data) == sha else self.rest_blob(sha)
        return out

    # -- blobs by path at a revision ----------------------------------------------------------
    def at(self, rev: str, paths: list[str], max_bytes: int | None = None) -> dict[str, bytes]:
        """path -> bytes at `rev` of each of `paths` that is a blob there (and not over
        `max_bytes`)."""
        out: dict[str, bytes] = {}
        for start in range(0, len(paths), OBJECTS_PER_QUERY):
            part = paths[start : start + OBJECTS_PER_QUERY]
            variables = {f"e{i}": f"{rev}:{p}" for i, p in enumerate(part)}
            repo = self._graphql([f"b{i}: object(expression: $e{i}) {{ {_BLOB_FIELDS} }}" for i in range(len(part))], variables)
            for i, p in enumerate(part):
                obj = repo.get(f"b{i}")
                if not obj or not obj.get("oid") or (max_bytes is not None and (obj.get("byteSize") or 0) > max_bytes):
                    continue
                data = _text_bytes(obj)
                out[p] = data if data is not None and git_blob_sha(data) == obj["oid"] else self.rest_blob(obj["oid"])
        return out


def _text_bytes(obj: dict | None) -> bytes | None:
    if not obj or obj.get("isBinary") is not False or obj.get("isTruncated") or obj.get("text") is None:
        return None
    return obj["text"].encode()
