"""The receiver against signed payloads GitHub would never send, over real HTTP, with real Redis.

Each example starts from one of GitHub's example payloads for an event the receiver handles and
changes a few fields: a wrong type, null, a huge or tricky value, deep nesting, a missing key.
Whatever comes in, the answer is JSON and never a 5xx (503 only while Redis is down); a refused
payload leaves Redis untouched (nothing claimed, nothing queued); a queued one put a message on
a queue; and a change GitHub's own schema allows (a null or a missing optional field) is never
refused."""

from __future__ import annotations

import copy
import json
import threading
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
import redis
import requests
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from werkzeug.serving import make_server

from ghsandbox.paths import payloads_dir, webhook_schemas_dir
from goleash.bot.app import create_app
from goleash.bot.config import Settings
from goleash.bot.signature import sign

SECRET = "fuzzing-the-receiver-secret"
EXAMPLES = sorted(p.stem for p in payloads_dir().glob("*.json"))
EXAMPLES_PER_PAYLOAD = 25


# ----------------------------------------------------------------------------- the receiver
def _serve(app) -> tuple[str, callable]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        thread.join(10)

    return f"http://127.0.0.1:{server.server_port}", stop


@pytest.fixture(scope="module")
def receiver(redis_url):
    """create_app with its real Celery queue: queued work lands in Redis lists."""
    url, stop = _serve(create_app(Settings(webhook_secret=SECRET, redis_url=redis_url)))
    yield url
    stop()


@pytest.fixture(scope="module")
def receiver_without_redis():
    dead = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    client = redis.Redis.from_url(dead, socket_connect_timeout=0.5, socket_timeout=0.5)
    url, stop = _serve(create_app(Settings(webhook_secret=SECRET, redis_url=dead), redis_client=client))
    yield url
    stop()


@pytest.fixture(scope="module")
def db(redis_url):
    r = redis.Redis.from_url(redis_url)
    r.flushdb()
    yield r
    r.flushdb()


def post(url: str, event: str, body: bytes) -> requests.Response:
    return requests.post(
        url + "/webhook",
        data=body,
        timeout=30,
        headers={
            "Content-Type": "application/json",
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": str(uuid.uuid4()),
            "X-Hub-Signature-256": sign(SECRET, body),
        },
    )


def answer_of(resp: requests.Response) -> dict:
    assert resp.headers["Content-Type"].startswith("application/json"), (resp.status_code, resp.text[:300])
    doc = resp.json()
    assert isinstance(doc, dict) and isinstance(doc.get("status"), str), doc
    return doc


def queued_messages(r: redis.Redis) -> int:
    return sum(r.llen(k) for k in r.scan_iter(count=1000) if r.type(k) == b"list")


# ----------------------------------------------------------------------------- payloads
@lru_cache(maxsize=None)
def example(name: str) -> dict:
    return json.loads((payloads_dir() / f"{name}.json").read_text())


def event_of(name: str) -> str:
    return name.split(".", 1)[0]


@lru_cache(maxsize=None)
def schema_validator(name: str):
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    base = webhook_schemas_dir()
    docs = [json.loads(p.read_text()) for p in base.rglob("*.json")]
    registry = Registry().with_resources((d["$id"], Resource(contents=d, specification=DRAFT7)) for d in docs)
    event, _, action = name.partition(".")
    schema = json.loads((base / event / f"{action or 'event'}.schema.json").read_text())
    return Draft7Validator(schema, registry=registry)


def paths(doc, prefix=()):
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for key, value in items:
        yield prefix + (key,)
        yield from paths(value, prefix + (key,))


def kind(value) -> str:
    return "bool" if isinstance(value, bool) else "number" if isinstance(value, (int, float)) else type(value).__name__


JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
    st.text(max_size=40),
    st.lists(st.integers(0, 9), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(0, 9), max_size=3),
)
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "a/b/c",
        "*/*",
        "acme/inv*",
        "acme/[a]",
        "../../etc",
        "²",
        "pr:²",
        "pr:99999999999999999999999",
        "A" * 40,
        "0" * 39,
        "g" * 40,
        "x" * 2000,
        "\x00",
        "\U0001f642" * 10,
        "/goleash review\n@goleash help",
        "2024-13-45T99:99:99Z",
        "2024-05-01T10:00:00Z",
        "1",
        "true",
        "null",
        "{}",
        "[]",
        0,
        -1,
        1.5,
        2**63,
        2**64 - 1,
    ]
)
HUGE = st.sampled_from(["x" * 300_000, 10**30, 2**63, -(2**63) - 1, 1e300, "HUGE_LIST", "HUGE_DICT"])
MUTATIONS = ("delete", "null", "wrong type", "tricky", "huge", "deep")


@dataclass
class Case:
    body: bytes
    doc: dict  # the payload as changed, deep values stood in for by a marker
    made: list  # (mutation, path)

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        return f"Case(made={self.made!r}, {len(self.body)} bytes)"


@st.composite
def mutated(draw, name: str):
    """A changed copy of example `name`."""
    doc = copy.deepcopy(example(name))
    every = list(paths(doc))
    shallow = [p for p in every if len(p) <= 2]
    splices: dict[str, str] = {}
    made = []
    for i in range(draw(st.integers(1, 3))):
        path = draw(st.one_of(st.sampled_from(shallow), st.sampled_from(every)))
        parent = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            if not isinstance(parent, (dict, list)):
                raise TypeError(parent)
            old = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced what led here
        how = draw(st.sampled_from(MUTATIONS))
        if how == "delete":
            del parent[path[-1]]
        else:
            if how == "null":
                new = None
            elif how == "wrong type":
                new = draw(JSON_VALUES.filter(lambda v: kind(v) != kind(old)))
            elif how == "tricky":
                new = draw(TRICKY)
            elif how == "huge":
                new = draw(HUGE)
                new = list(range(20_000)) if new == "HUGE_LIST" else {str(n): n for n in range(5_000)} if new == "HUGE_DICT" else new
            else:  # deep: spliced into the text, deeper than json.dumps would recurse
                depth = draw(st.sampled_from([10, 100, 500, 1000, 1100]))
                marker = f"@@deep-{i}@@"
                splices[json.dumps(marker)] = draw(st.sampled_from(["[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth]))
                new = marker
            parent[path[-1]] = new
        made.append((how, path))
    text = json.dumps(doc, separators=(",", ":"))
    for marker, nested in splices.items():
        text = text.replace(marker, nested)
    return Case(text.encode(), doc, made)


# ----------------------------------------------------------------------------- properties
def test_every_example_is_accepted_and_queued_ones_reach_a_queue(receiver, db):
    """The positive control: GitHub's own examples pass, and the queue inspection sees work."""
    queued = 0
    for name in EXAMPLES + sorted(f"variants/{p.stem}" for p in (payloads_dir() / "variants").glob("*.json")):
        db.flushdb()
        resp = post(receiver, Path(name).name.split(".", 1)[0], json.dumps(example(name)).encode())
        doc = answer_of(resp)
        assert 200 <= resp.status_code < 300, (name, resp.status_code, doc)
        if doc["status"] == "queued":
            queued += 1
            assert queued_messages(db) == len(doc["tasks"]) == 1, name
        else:
            assert queued_messages(db) == 0, (name, doc)
    assert queued >= 5  # the pull_request examples whose action asks for a review


@pytest.mark.parametrize("name", EXAMPLES)
def test_mutated_payloads_get_json_and_refusals_touch_nothing(receiver, db, name):
    @hsettings(max_examples=EXAMPLES_PER_PAYLOAD, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(mutated(name))
    def check(case):
        made = case.made
        db.flushdb()
        resp = post(receiver, event_of(name), case.body)
        answer = answer_of(resp)
        assert resp.status_code < 500, (made, resp.status_code, answer)
        if 400 <= resp.status_code < 500:
            assert resp.status_code == 400, (made, resp.status_code, answer)
            assert answer.get("detail"), answer  # the reason, for whoever reads GitHub's delivery log
            assert db.dbsize() == 0, (made, answer, db.keys())
        elif answer["status"] == "queued":
            assert queued_messages(db) == len(answer["tasks"]), (made, answer)
        else:
            assert queued_messages(db) == 0, (made, answer)
        if {how for how, _ in made} <= {"delete", "null"} and not list(schema_validator(name).iter_errors(case.doc)):
            # Still a payload GitHub's schema allows: not the receiver's to refuse.
            assert 200 <= resp.status_code < 300, (made, resp.status_code, answer)

    check()


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(EXAMPLES).flatmap(lambda name: st.tuples(st.just(name), mutated(name))))
def test_with_redis_down_only_refusals_and_503(receiver_without_redis, case):
    name, changed = case
    resp = post(receiver_without_redis, event_of(name), changed.body)
    answer = answer_of(resp)
    assert resp.status_code in (200, 400, 503), (name, changed.made, resp.status_code, answer)
    if resp.status_code == 503:
        assert answer["status"] == "could not queue the delivery"


@pytest.mark.parametrize("name", EXAMPLES)
def test_valid_payloads_with_redis_down_are_503(receiver_without_redis, name):
    resp = post(receiver_without_redis, event_of(name), json.dumps(example(name)).encode())
    answer = answer_of(resp)
    if answer.get("detail", "").startswith("no handler for"):
        assert resp.status_code == 200  # nothing to do, so nothing to retry
        return
    assert resp.status_code == 503, (name, resp.status_code, answer)
    assert answer["status"] == "could not queue the delivery"


@pytest.mark.parametrize(
    "body, problem",
    [
        ({"action": ["opened"]}, "action: "),
        ({"action": "opened", "pull_request": None}, "pull_request: "),
    ],
)
def test_a_list_action_and_a_null_pull_request_are_refused_with_the_reason(receiver, db, body, problem):
    db.flushdb()
    doc = {**example("pull_request.opened"), **body}
    resp = post(receiver, "pull_request", json.dumps(doc).encode())
    answer = answer_of(resp)
    assert resp.status_code == 400 and answer["status"] == "invalid payload", answer
    assert answer["detail"].startswith(problem), answer
    assert db.dbsize() == 0
