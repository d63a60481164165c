"""Webhook-to-review latency for the sample PR, p50/p95 over N runs (target: p95 < 2 s).

Real processes as in production: the receiver under gunicorn, a Celery worker, Redis; the
GitHub sandbox runs in this process so the moment it stored the review is read exactly.
Each run starts from a fresh sandbox and no app state, so every run is a full review.

    python bench/latency.py [--runs 30] [--latency SECONDS_PER_GITHUB_REQUEST]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from ghsandbox import SandboxServer, SandboxState, webhooks  # noqa: E402
from ghsandbox.devstack import Cleanup, app_env, bench_redis, start_receiver, start_worker, temp_dir, wait_until  # noqa: E402

BENCH_DB = 6  # a database of its own, flushed at the end


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--latency", type=float, default=0.0, help="added delay per GitHub API request (seconds)")
    args = ap.parse_args()

    cleanup = Cleanup()
    tmp = temp_dir("goleash-bench-latency-")
    try:
        url, r = bench_redis(cleanup, BENCH_DB)

        state = SandboxState()
        sandbox = SandboxServer(state).start()
        cleanup.add(sandbox.stop)
        key = tmp / "app.pem"
        key.write_text(state.private_key_pem)
        env = app_env(url, sandbox.url, state.app_id, key, state.webhook_secret, GOLEASH_LOG_LEVEL="warning")
        receiver, receiver_url = start_receiver(env, tmp)
        cleanup.add(receiver.stop)
        worker = start_worker(env, tmp)
        cleanup.add(worker.stop)

        review_s: list[float] = []
        check_s: list[float] = []
        for i in range(args.warmup + args.runs):
            state.reset()
            state.latency = args.latency
            for k in r.scan_iter("goleash:*"):
                r.delete(k)
            payload = webhooks.pull_request_event(state, "opened")
            t0 = time.time()
            resp = webhooks.deliver_for(state, receiver_url + "/webhook", "pull_request", payload, str(uuid.uuid4()))
            assert resp.status_code == 202, resp.text
            # The request log is written after the response: it holds the moment each answer left.
            completed = wait_until(
                lambda: next(
                    (
                        q
                        for q in list(state.requests)
                        if q["method"] == "PATCH" and "/check-runs/" in q["path"] and (q.get("json") or {}).get("status") == "completed"
                    ),
                    None,
                ),
                60,
                "the check run to complete",
                interval=0.002,
            )
            posted = next(q for q in state.requests if q["method"] == "POST" and q["path"].endswith("/reviews"))
            if i >= args.warmup:
                review_s.append(posted["time"] - t0)
                check_s.append(completed["time"] - t0)
            # let the task finish its bookkeeping before the next run resets the world
            wait_until(lambda: r.llen("celery") == 0 and r.hlen("unacked") == 0, 30, "the worker to go idle", 0.005)

        print(
            f"webhook -> review latency, sample PR ({len(state.pr_files())} files), {args.runs} runs "
            f"after {args.warmup} warm-up, GitHub latency {args.latency * 1000:.0f} ms/request"
        )
        for name, xs in (("review posted", review_s), ("check run completed", check_s)):
            print(
                f"  {name:20s} p50 {percentile(xs, 0.5) * 1000:7.1f} ms   p95 {percentile(xs, 0.95) * 1000:7.1f} ms"
                f"   max {max(xs) * 1000:7.1f} ms   mean {statistics.mean(xs) * 1000:7.1f} ms"
            )
        ok = percentile(review_s, 0.95) < 2.0
        print(f"  target p95 < 2 s: {'met' if ok else 'MISSED'}")
        return 0
    finally:
        cleanup.run()


if __name__ == "__main__":
    sys.exit(main())
