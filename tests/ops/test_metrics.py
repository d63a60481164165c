"""/metrics after one end-to-end review: every metric family with real values, and one
pull request's path followable in the JSON logs by delivery id."""

from __future__ import annotations

import uuid

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from ghsandbox.devstack import wait_until
from tests.app.harness import expected_findings

from .stack import start_ops_stack


@pytest.fixture(scope="module")
def ops(tmp_path_factory, ops_redis_url):
    s, cleanup = start_ops_stack(tmp_path_factory.mktemp("ops"), ops_redis_url)
    yield s
    cleanup.run()


def samples(url: str) -> dict:
    text = requests.get(url + "/metrics", timeout=10).text
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def total(m: dict, name: str, **labels) -> float:
    want = set(labels.items())
    return sum(v for (n, ls), v in m.items() if n == name and want <= set(ls))


def test_metrics_after_a_review(ops):
    st = ops.state
    delivery = str(uuid.uuid4())
    resp = ops.deliver("opened", delivery)
    assert resp.status_code == 202, resp.text
    [task_id] = resp.json()["tasks"]
    worker = ops.workers[0]
    wait_until(lambda: ops.log_events(worker, "review.finished"), 90, "the review")
    assert ops.deliver("opened", delivery).json()["status"] == "duplicate"
    bad = requests.post(
        ops.url + "/webhook", data=b"{}", headers={"X-GitHub-Event": "ping", "X-GitHub-Delivery": "d", "X-Hub-Signature-256": "sha256=00"}, timeout=5
    )
    assert bad.status_code == 401

    m = samples(ops.url)
    assert total(m, "goleash_webhook_deliveries_total", event="pull_request", outcome="queued") == 1
    assert total(m, "goleash_webhook_deliveries_total", event="pull_request", outcome="duplicate") == 1
    assert total(m, "goleash_webhook_deliveries_total", event="unverified", outcome="bad signature") == 1
    assert ("goleash_queue_depth", (("queue", "celery"),)) in m
    assert ("goleash_queue_depth", (("queue", "reviews"),)) in m
    assert total(m, "goleash_task_duration_seconds_count", task="review", outcome="reviewed") == 1
    assert total(m, "goleash_task_duration_seconds_sum", task="review") > 0
    assert total(m, "goleash_webhook_to_review_seconds_count") == 1
    assert 0 < total(m, "goleash_webhook_to_review_seconds_sum") < 90
    assert total(m, "goleash_github_api_calls_total", status="200") > 0
    assert total(m, "goleash_github_api_calls_total", status="201") > 0  # token, check run, review
    assert total(m, "goleash_github_rate_limit_remaining", resource="core") > 0
    findings, in_diff, _ = expected_findings(st, st.head_sha)
    assert total(m, "goleash_findings_total") == len(findings)
    for f in findings:
        assert total(m, "goleash_findings_total", rule=f.rule_id) >= 1
    offered = sum(1 for f in in_diff if f.fixes)
    assert total(m, "goleash_fixes_offered_total") == offered > 0
    assert total(m, "goleash_redis_up") == 1

    # One PR's path through the JSON logs: the receiver's line and the worker's lines share the
    # delivery id, and carry repository, PR and task id.
    [handled] = [e for e in ops.log_events(ops.receiver, "webhook.handled") if e["delivery_id"] == delivery]
    assert handled["repo"] == st.full_name and handled["pr"] == st.pr_number and handled["task_id"] == task_id
    mine = [e for e in ops.log_events(worker, "review.finished") if e["delivery_id"] == delivery]
    assert mine and mine[0]["task_id"] == task_id and mine[0]["repo"] == st.full_name and mine[0]["pr"] == st.pr_number
