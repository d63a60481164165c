"""How GitHub failures are retried: reads in the client, writes only by the task."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from github.GithubException import GithubException, RateLimitExceededExceedsMaxWait

from goleash.bot.config import Settings
from goleash.workers.github_api import installation_client
from goleash.workers.github_retry import MAX_INLINE_WAIT, Permanent, Transient, classify, rate_limit_wait, task_countdown


class Script:
    """A stub server answering each request with the next scripted (status, headers, body)."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.hits: list[tuple[str, str]] = []


@pytest.fixture
def stub():
    script = Script([])

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            script.hits.append((self.command, self.path))
            status, headers, body = script.answers.pop(0) if script.answers else (200, {}, {})
            data = json.dumps(body).encode()
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _answer

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield script
    server.shutdown()


def client(url):
    return installation_client(Settings(github_api_url=url), "tok")


PR = {"number": 1, "head": {"sha": "abc"}, "state": "open", "url": "x"}


def test_get_is_retried_after_502_and_403_retry_after(stub):
    stub.answers = [
        (502, {}, {"message": "Bad Gateway"}),
        (403, {"Retry-After": "1"}, {"message": "You have exceeded a secondary rate limit"}),
        (200, {}, PR),
    ]
    t0 = time.monotonic()
    pr = client(stub.url).get_repo("o/r").get_pull(1)
    assert pr.raw_data["head"]["sha"] == "abc"
    assert len(stub.hits) == 3
    assert time.monotonic() - t0 >= 1.0  # Retry-After honoured


def test_get_gives_up_after_a_few_attempts_with_the_status_not_a_retry_error(stub):
    stub.answers = [(503, {}, {"message": "down"})] * 10
    with pytest.raises(GithubException) as e:
        client(stub.url).get_repo("o/r").get_pull(1).raw_data
    assert e.value.status == 503
    assert len(stub.hits) == 4
    assert isinstance(classify(e.value), Transient)


def test_writes_are_never_retried_in_the_client(stub):
    stub.answers = [(502, {}, {"message": "Bad Gateway"}), (201, {}, {"id": 1})]
    repo = client(stub.url).get_repo("o/r")
    with pytest.raises(GithubException) as e:
        repo.create_check_run(name="goleash", head_sha="abc")
    assert e.value.status == 502
    assert stub.hits == [("POST", "/repos/o/r/check-runs")]


def test_403_retry_after_on_a_write_is_left_to_the_task(stub):
    stub.answers = [(403, {"Retry-After": "3"}, {"message": "You have exceeded a secondary rate limit"})]
    with pytest.raises(GithubException) as e:
        client(stub.url).get_repo("o/r").create_check_run(name="goleash", head_sha="abc")
    kind = classify(e.value)
    assert isinstance(kind, Transient) and kind.wait == 3.0
    assert len(stub.hits) == 1


def test_long_waits_free_the_worker_instead_of_sleeping(stub):
    reset = int(time.time()) + 3600
    stub.answers = [(403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}, {"message": "API rate limit exceeded for installation"})]
    t0 = time.monotonic()
    with pytest.raises(RateLimitExceededExceedsMaxWait) as e:
        client(stub.url).get_repo("o/r").get_pull(1).raw_data
    assert time.monotonic() - t0 < 2
    assert e.value.wait > MAX_INLINE_WAIT
    kind = classify(e.value)
    assert isinstance(kind, Transient) and kind.wait > 3500


def test_short_primary_limit_with_only_headers_is_waited_out_in_the_client(stub):
    reset = int(time.time()) + 1
    stub.answers = [(429, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}, {"message": "slow down"}), (200, {}, PR)]
    assert client(stub.url).get_repo("o/r").get_pull(1).raw_data["number"] == 1
    assert len(stub.hits) == 2


def test_classification_of_permanent_failures():
    assert isinstance(classify(GithubException(404, {"message": "Not Found"}, {})), Permanent)
    assert isinstance(classify(GithubException(401, {"message": "Bad credentials"}, {})), Permanent)
    assert isinstance(classify(GithubException(403, {"message": "Resource not accessible by integration"}, {})), Permanent)
    assert isinstance(classify(GithubException(422, {"message": "Validation Failed"}, {})), Permanent)
    assert isinstance(classify(GithubException(403, {"message": "API rate limit exceeded"}, {})), Transient)
    assert classify(ValueError("bug")) is None


def test_rate_limit_wait_reads_retry_after_and_reset():
    assert rate_limit_wait({"Retry-After": "7"}) == 7.0
    assert rate_limit_wait({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1010"}, now=1000) == 11.0
    assert rate_limit_wait({"x-ratelimit-remaining": "5", "x-ratelimit-reset": "1010"}, now=1000) is None
    assert rate_limit_wait({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, now=1445412470) == 10.0


def test_task_countdown_grows_honours_the_ask_and_is_capped():
    assert all(0.5 <= task_countdown(0) <= 2.0 for _ in range(50))
    assert all(task_countdown(0, wait=30) >= 30 for _ in range(50))
    assert all(task_countdown(20, wait=5000) <= 300 for _ in range(50))


def test_secondary_limit_without_retry_after_is_at_least_a_minute_and_left_to_the_task(stub):
    from goleash.workers.github_retry import SECONDARY_MIN_WAIT

    for status in (403, 429):
        stub.answers = [(status, {"x-ratelimit-remaining": "4000"}, {"message": "You have exceeded a secondary rate limit"})]
        stub.hits.clear()
        t0 = time.monotonic()
        with pytest.raises(RateLimitExceededExceedsMaxWait) as e:
            client(stub.url).get_repo("o/r").get_pull(1).raw_data
        assert time.monotonic() - t0 < 2 and len(stub.hits) == 1  # not slept, not retried in place
        kind = classify(e.value)
        assert isinstance(kind, Transient) and kind.limit == "secondary" and kind.wait >= SECONDARY_MIN_WAIT


def test_secondary_waits_grow_exponentially_from_a_minute():
    from goleash.workers.github_retry import secondary_wait

    assert [secondary_wait(n) for n in range(6)] == [60, 120, 240, 480, 960, 960]


def test_graphql_rate_limit_is_transient_not_a_bad_request(stub):
    reset = int(time.time()) + 30
    stub.answers = [
        (
            200,
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset), "x-ratelimit-resource": "graphql"},
            {"errors": [{"type": "RATE_LIMIT", "code": "graphql_rate_limit", "message": "API rate limit already exceeded for installation ID 1."}]},
        )
    ]
    with pytest.raises(GithubException) as e:
        client(stub.url).requester.graphql_query("{ viewer { login } }", {})
    kind = classify(e.value)
    assert isinstance(kind, Transient) and kind.limit == "primary" and 29 <= kind.wait <= 32
    other = GithubException(400, {"errors": [{"message": "Field 'x' doesn't exist on type 'Query'"}]}, {})
    assert isinstance(classify(other), Permanent)


def test_rate_limits_are_told_apart():
    primary = GithubException(
        403,
        {"message": "API rate limit exceeded for installation ID 1."},
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(time.time()) + 50)},
    )
    assert classify(primary).limit == "primary"
    secondary = GithubException(403, {"message": "You have exceeded a secondary rate limit."}, {"Retry-After": "30"})
    assert classify(secondary).limit == "secondary" and classify(secondary).wait == 30
    assert classify(GithubException(502, {"message": "Server Error"}, {})).limit is None


def test_deferral_hops_stay_inside_the_visibility_timeout():
    from goleash.workers.github_retry import deferral_hop

    assert deferral_hop(900) == 300 and deferral_hop(4) == 2 and deferral_hop(1) == 1
