"""Prometheus metrics, served by the receiver at /metrics.

Two sources, merged at scrape time:

* The receiver's own counters (deliveries by event and outcome) live in prometheus-client's
  multiprocess files when PROMETHEUS_MULTIPROC_DIR is set (`goleash serve` always sets it, so
  every gunicorn worker's counts add up); without it, in the process's default registry.
* Everything the workers measure (task durations, webhook-to-review latency, GitHub API calls
  by status, rate-limit remaining, findings by rule, fixes offered) is recorded in Redis hashes
  under `goleash:metrics:*`, because workers usually run on other hosts than the receiver and
  Prometheus scrapes only the receiver. One small pipelined write per observation; the
  receiver reads the hashes when scraped. Queue depth is LLEN of each queue at scrape time.
"""

from __future__ import annotations

import json
import os
import time
from typing import Iterable

import redis

PREFIX = "goleash:metrics:"
QUEUES = ("celery", "reviews", "replays")

# Seconds. Reviews take well under a second to minutes; latency adds queueing time.
DURATION_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
LATENCY_BUCKETS = (0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)

# name -> (kind, help, buckets)
WORKER_METRICS: dict[str, tuple[str, str, tuple[float, ...]]] = {
    "goleash_task_duration_seconds": ("histogram", "Run time of worker tasks by task and outcome.", DURATION_BUCKETS),
    "goleash_webhook_to_review_seconds": ("histogram", "From the receiver accepting a delivery to the review being posted.", LATENCY_BUCKETS),
    "goleash_github_api_calls": ("counter", "GitHub API calls made by the workers, by HTTP status.", ()),
    "goleash_github_rate_limit_remaining": ("gauge", "X-RateLimit-Remaining of the latest GitHub answer, by rate-limit resource.", ()),
    "goleash_findings": ("counter", "Findings reported in reviewed pull requests, by rule.", ()),
    "goleash_fixes_offered": ("counter", "Verified fixes offered as suggestions, by rule.", ()),
    "goleash_packages_skipped": ("counter", "Changed packages a review left out because they went over a limit, by limit.", ()),
}


def _field(labels: dict, suffix: str = "") -> str:
    return json.dumps([labels, suffix], sort_keys=True, separators=(",", ":"))


# ------------------------------------------------------------------ recording (workers)
class RedisRecorder:
    """What the workers call. Never raises: a metrics hiccup must not fail a review."""

    def __init__(self, r: redis.Redis):
        self.r = r

    def _run(self, fill) -> None:
        try:
            pipe = self.r.pipeline(transaction=False)
            fill(pipe)
            pipe.execute()
        except Exception:  # noqa: BLE001 - Redis down, or a test double without pipelines
            pass

    def inc(self, name: str, labels: dict | None = None, amount: float = 1) -> None:
        self._run(lambda p: p.hincrbyfloat(PREFIX + name, _field(labels or {}), amount))

    def set(self, name: str, labels: dict | None, value: float) -> None:
        self._run(lambda p: p.hset(PREFIX + name, _field(labels or {}), value))

    def observe(self, name: str, labels: dict | None, value: float) -> None:
        labels = labels or {}
        buckets = WORKER_METRICS[name][2]
        key = PREFIX + name

        def fill(p):
            for b in buckets:
                if value <= b:
                    p.hincrby(key, _field(labels, f"le={b}"), 1)
            p.hincrby(key, _field(labels, "le=+Inf"), 1)
            p.hincrbyfloat(key, _field(labels, "sum"), value)

        self._run(fill)

    def counts(self, name: str) -> dict:
        """Raw values by (labels, suffix), for tests and the load run."""
        out = {}
        for k, v in (self.r.hgetall(PREFIX + name) or {}).items():
            labels, suffix = json.loads(k)
            out[(tuple(sorted(labels.items())), suffix)] = float(v)
        return out


_github_recorder: RedisRecorder | None = None


def instrument_pygithub(r: redis.Redis) -> None:
    """Count every HTTP answer PyGithub receives (status, rate-limit headroom) into Redis.

    Wraps the two connection classes' getresponse; idempotent. PyGithub's own hook for this
    (injectConnectionClasses) turns off connection reuse, so it is not used."""
    global _github_recorder
    _github_recorder = RedisRecorder(r)
    from github import Requester as req

    for cls in (req.HTTPSRequestsConnectionClass, req.HTTPRequestsConnectionClass):
        if getattr(cls.getresponse, "_goleash", False):
            continue
        original = cls.getresponse

        def getresponse(self, _original=original):
            resp = _original(self)
            rec = _github_recorder
            if rec is not None:
                headers = getattr(resp, "headers", None) or {}
                remaining = headers.get("x-ratelimit-remaining")
                resource = headers.get("x-ratelimit-resource") or "core"
                key_calls = PREFIX + "goleash_github_api_calls"
                key_rate = PREFIX + "goleash_github_rate_limit_remaining"

                def fill(p):
                    p.hincrbyfloat(key_calls, _field({"status": str(resp.status)}), 1)
                    if remaining is not None:
                        p.hset(key_rate, _field({"resource": resource}), remaining)

                rec._run(fill)
            return resp

        getresponse._goleash = True  # type: ignore[attr-defined]
        cls.getresponse = getresponse


def record_review(
    r: redis.Redis,
    *,
    task: str,
    outcome: str,
    seconds: float,
    received_at: float | None,
    findings: Iterable | None = None,
    fixes_offered: Iterable[str] | None = None,
) -> None:
    rec = RedisRecorder(r)
    rec.observe("goleash_task_duration_seconds", {"task": task, "outcome": outcome}, seconds)
    if outcome == "reviewed" and received_at:
        rec.observe("goleash_webhook_to_review_seconds", {}, max(0.0, time.time() - float(received_at)))


def record_findings(r: redis.Redis, rule_ids: Iterable[str], fixed_rule_ids: Iterable[str]) -> None:
    rec = RedisRecorder(r)
    by_rule: dict[str, int] = {}
    for rid in rule_ids:
        by_rule[rid] = by_rule.get(rid, 0) + 1
    fixes: dict[str, int] = {}
    for rid in fixed_rule_ids:
        fixes[rid] = fixes.get(rid, 0) + 1

    def fill(p):
        for rid, n in by_rule.items():
            p.hincrbyfloat(PREFIX + "goleash_findings", _field({"rule": rid}), n)
        for rid, n in fixes.items():
            p.hincrbyfloat(PREFIX + "goleash_fixes_offered", _field({"rule": rid}), n)

    if by_rule or fixes:
        rec._run(fill)


def record_skipped(r: redis.Redis, limits: Iterable[str]) -> None:
    rec = RedisRecorder(r)
    for limit in limits:
        rec.inc("goleash_packages_skipped", {"limit": limit})


# ------------------------------------------------------------------ exposing (receiver)
_deliveries = None


def deliveries_counter():
    global _deliveries
    if _deliveries is None:
        from prometheus_client import Counter

        _deliveries = Counter("goleash_webhook_deliveries", "Webhook deliveries by event and outcome.", ["event", "outcome"])
    return _deliveries


class RedisCollector:
    """Queue depth and the workers' metrics, read from Redis at scrape time."""

    def __init__(self, r: redis.Redis):
        self.r = r

    def collect(self):
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

        up = GaugeMetricFamily("goleash_redis_up", "1 if the receiver could read Redis at this scrape.")
        depth = GaugeMetricFamily("goleash_queue_depth", "Tasks waiting in each queue (Redis LLEN).", labels=["queue"])
        try:
            pipe = self.r.pipeline(transaction=False)
            for q in QUEUES:
                pipe.llen(q)
            pipe.hlen("unacked")
            for name in WORKER_METRICS:
                pipe.hgetall(PREFIX + name)
            values = pipe.execute()
        except redis.RedisError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        for q, n in zip(QUEUES, values):
            depth.add_metric([q], n)
        yield depth
        unacked = GaugeMetricFamily("goleash_tasks_unacknowledged", "Tasks taken by a worker and not yet acknowledged (running or lost).")
        unacked.add_metric([], values[len(QUEUES)])
        yield unacked
        for (name, (kind, help_, buckets)), raw in zip(WORKER_METRICS.items(), values[len(QUEUES) + 1 :]):
            rows = [(json.loads(k), float(v)) for k, v in (raw or {}).items()]
            names = sorted({lk for (labels, _), _v in rows for lk in labels})
            if kind == "counter":
                fam = CounterMetricFamily(name, help_, labels=names)
                for (labels, _), v in rows:
                    fam.add_metric([labels.get(n, "") for n in names], v)
            elif kind == "gauge":
                fam = GaugeMetricFamily(name, help_, labels=names)
                for (labels, _), v in rows:
                    fam.add_metric([labels.get(n, "") for n in names], v)
            else:
                fam = HistogramMetricFamily(name, help_, labels=names)
                series: dict[tuple, dict[str, float]] = {}
                for (labels, suffix), v in rows:
                    series.setdefault(tuple(labels.get(n, "") for n in names), {})[suffix] = v
                for lv, vals in series.items():
                    cum = [(str(b), vals.get(f"le={b}", 0.0)) for b in buckets] + [("+Inf", vals.get("le=+Inf", 0.0))]
                    fam.add_metric(list(lv), cum, sum_value=vals.get("sum", 0.0))
            yield fam


def instrument_receiver(app, r: redis.Redis) -> None:
    """Count deliveries by event and outcome, and serve /metrics."""
    from flask import Response, request
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    counter = deliveries_counter()
    collector = RedisCollector(r)

    @app.after_request
    def count_delivery(resp):
        if request.path == "/webhook" and request.method == "POST":
            outcome = getattr(resp, "goleash_status", None)  # set by bot/app.py's answers
            if outcome is None:
                outcome = "error"
                try:
                    outcome = (resp.get_json(silent=True) or {}).get("status", "error")
                except Exception:  # noqa: BLE001 - counting must never break an answer
                    pass
            event = request.headers.get("X-GitHub-Event", "") if resp.status_code != 401 else "unverified"
            counter.labels(event or "none", outcome).inc()
        return resp

    @app.get("/metrics")
    def metrics() -> Response:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        else:
            registry = CollectorRegistry()
            for c in list(REGISTRY._collector_to_names):  # this process's own metrics
                registry.register(c)
        registry.register(collector)
        return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def mark_process_dead(pid: int) -> None:
    """gunicorn child_exit hook: drop a dead worker's live gauges from the multiprocess files."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
