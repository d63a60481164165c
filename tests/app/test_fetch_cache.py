"""The fetch cache in Redis and the batched blob fetch against the stand-in: exact bytes whatever
GraphQL gives as text, the REST blob for what it does not, and nothing fetched twice."""

from __future__ import annotations

import collections

import pytest

from ghsandbox import SandboxServer, SandboxState
from goleash.bot.config import Settings
from goleash.workers.blob_fetch import GRAPHQL_MAX_BLOB
from goleash.workers.fetch_cache import PREFIX, FetchCache, git_blob_sha
from goleash.workers.github_api import PullRequestAPI, installation_client

GO = b"package x\n\nfunc F() {}\n"


def test_a_blob_is_kept_only_under_its_own_sha(redis_db):
    c = FetchCache(redis_db)
    c.put_blobs("acme/x", {git_blob_sha(GO): GO, "0" * 40: b"not what 000... names"})
    assert c.blobs("acme/x", [git_blob_sha(GO), "0" * 40]) == {git_blob_sha(GO): GO}


def test_entries_are_scoped_per_repository(redis_db):
    c = FetchCache(redis_db)
    c.put_blobs("acme/x", {git_blob_sha(GO): GO})
    assert c.blobs("ACME/X", [git_blob_sha(GO)]) == {git_blob_sha(GO): GO}
    assert c.blobs("other/y", [git_blob_sha(GO)]) == {}


def test_an_entry_over_the_cap_is_not_kept_and_the_rest_expire_unless_read(redis_db):
    c = FetchCache(redis_db, ttl=100, max_entry_bytes=200)
    noise = bytes(range(256)) * 4  # does not compress under 200 bytes
    c.put_blobs("acme/x", {git_blob_sha(GO): GO, git_blob_sha(noise): noise})
    assert c.blobs("acme/x", [git_blob_sha(noise)]) == {}
    [key] = [k for k in redis_db.scan_iter(PREFIX + "*")]
    assert 0 < redis_db.ttl(key) <= 100
    redis_db.expire(key, 5)
    assert c.blobs("acme/x", [git_blob_sha(GO)])  # reading renews the TTL
    assert redis_db.ttl(key) > 5


def test_a_file_at_a_commit_is_cached_present_or_absent(redis_db):
    c = FetchCache(redis_db)
    sha = "a" * 40
    assert c.file_at("acme/x", sha, ".github/goleash.yml") is None
    c.put_file_at("acme/x", sha, ".github/goleash.yml", None)
    c.put_file_at("acme/x", sha, "go.mod", b"module x\n")
    assert c.file_at("acme/x", sha, ".github/goleash.yml") == (None,)
    assert c.file_at("acme/x", sha, "go.mod") == (b"module x\n",)


@pytest.fixture(scope="module")
def sandbox():
    server = SandboxServer(SandboxState()).start()
    yield server
    server.stop()


@pytest.fixture
def api(sandbox, redis_db):
    st = sandbox.state
    st.reset()
    gh = installation_client(Settings(github_api_url=sandbox.url), st.issue_token()["token"])
    return PullRequestAPI(gh, st.full_name, st.pr_number, FetchCache(redis_db), fetch_concurrency=3)


def calls(st, mark: int) -> collections.Counter:
    return collections.Counter(r["operation"] for r in st.requests[mark:])


def add_blob(st, data: bytes) -> str:
    sha = git_blob_sha(data)
    st.store.blobs[sha] = data
    return sha


def test_blobs_graphql_does_not_give_as_text_come_from_rest_and_then_from_the_cache(sandbox, api):
    st = sandbox.state
    st.graphql_text_limit = 100
    binary = add_blob(st, b"\x00\x01\x02 not text")
    long = add_blob(st, b"// " + b"x" * 200 + b"\n")
    latin1 = add_blob(st, "// caf\u00e9\n".encode("latin-1"))  # GraphQL's text would not be these bytes
    plain = add_blob(st, GO)
    wanted = {binary: None, long: None, latin1: None, plain: None}
    mark = len(st.requests)
    got = api.blobs(wanted)
    assert got == {s: st.store.blobs[s] for s in wanted}
    assert calls(st, mark) == {"graphql_endpoint": 1, "git/get-blob": 3}
    mark = len(st.requests)
    assert api.blobs(wanted) == got
    assert calls(st, mark) == {}
    assert st.violations == []


def test_a_blob_known_to_be_large_skips_graphql(sandbox, api):
    st = sandbox.state
    big = add_blob(st, b"// " + b"y" * GRAPHQL_MAX_BLOB + b"\n")
    small = add_blob(st, GO)
    mark = len(st.requests)
    got = api.blobs({big: GRAPHQL_MAX_BLOB + 4, small: len(GO)})
    assert got == {big: st.store.blobs[big], small: GO}
    assert calls(st, mark) == {"graphql_endpoint": 1, "git/get-blob": 1}
    assert [q["json"]["query"].count("object(") for q in st.requests[mark:] if q["operation"] == "graphql_endpoint"] == [1]


def test_blobs_not_started_by_the_deadline_are_left_out(sandbox, api):
    import time

    st = sandbox.state
    sha = add_blob(st, GO)
    mark = len(st.requests)
    assert api.blobs({sha: None}, deadline=time.monotonic() - 1) == {}
    assert calls(st, mark) == {}


def test_batches_are_sent_side_by_side_each_on_its_own_connection(sandbox, api):
    st = sandbox.state
    shas = [add_blob(st, b"package x // %d\n" % i) for i in range(250)]
    st.latency = 0.3
    try:
        mark = len(st.requests)
        got = api.blobs({s: len(st.store.blobs[s]) for s in shas})
    finally:
        st.latency = 0.0
    assert got == {s: st.store.blobs[s] for s in shas}
    queries = [r for r in st.requests[mark:] if r["operation"] == "graphql_endpoint"]
    assert sorted(q["json"]["query"].count("object(") for q in queries) == [50, 100, 100]
    spans = [(q["time"] - q["duration_ms"] / 1000, q["time"]) for q in queries]
    # with 0.3 s per request, the three were in flight together (one after the other they could not overlap)
    assert max(s for s, _ in spans) < min(e for _, e in spans)
    assert st.violations == []
