"""What fetching a pull request's files costs on a large repository: GitHub requests by
endpoint, webhook-to-review time and the review worker's peak memory, for
  1. the first review of a PR that changes one file in each of 3 packages of 150 files,
  2. the review of a second push that changes one more file,
  3. a replay of that push (its prepare and report steps, the ones that read the PR through
     the API; the replay run itself downloads the tarball at the head and is not counted).
Targets: (1) <= 20 requests and <= 8 s with 100 ms per GitHub request; (2) <= 10 requests;
(3) no blob or tree fetched again.

Real processes as in production: the receiver under gunicorn, a Celery review worker, Redis;
the stand-in GitHub runs in this process with `--latency` added to every request.

    python bench/fetch_cost.py [--latency 0.1] [--packages 3] [--files 150]

Redis: REDIS_URL's server, database GOLEASH_BENCH_DB (default 6), flushed before and after.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from ghsandbox import SandboxServer, SandboxState, webhooks  # noqa: E402
from ghsandbox.devstack import Cleanup, app_env, bench_redis, start_receiver, start_worker, temp_dir, wait_until  # noqa: E402
from ghsandbox.large_pr import write_scenario  # noqa: E402

BENCH_DB = 6  # a database of its own, flushed before and after


def endpoint(req: dict) -> str:
    return f"{req['method']} {req['operation']}" + (" (304)" if req["status"] == 304 else "")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def completed_run(st: SandboxState, name: str, sha: str) -> dict | None:
    return next((c for c in st.check_runs if c["name"] == name and c["head_sha"] == sha and c["status"] == "completed"), None)


def report(title: str, st: SandboxState, mark: int, seconds: float, worker_pid: int) -> int:
    reqs = [r for r in st.requests[mark:] if r["operation"]]
    counts = collections.Counter(endpoint(r) for r in reqs)
    print(f"\n{title}: {len(reqs)} GitHub requests, {seconds:.2f} s, worker peak RSS {peak_rss_mb(worker_pid):.0f} MB")
    for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:4d}  {name}")
    return len(reqs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--latency", type=float, default=0.1, help="added delay per GitHub API request (seconds)")
    ap.add_argument("--packages", type=int, default=3)
    ap.add_argument("--files", type=int, default=150)
    args = ap.parse_args()

    cleanup = Cleanup()
    tmp = temp_dir("goleash-bench-fetch-")
    try:
        url, _ = bench_redis(cleanup, os.environ.get("GOLEASH_BENCH_DB", BENCH_DB))

        state = SandboxState(write_scenario(tmp / "scenario", args.packages, args.files))
        sandbox = SandboxServer(state).start()
        cleanup.add(sandbox.stop)
        key = tmp / "app.pem"
        key.write_text(state.private_key_pem)
        env = app_env(url, sandbox.url, state.app_id, key, state.webhook_secret, GOLEASH_LOG_LEVEL="warning")
        receiver, receiver_url = start_receiver(env, tmp)
        cleanup.add(receiver.stop)
        worker = start_worker(env, tmp)
        cleanup.add(worker.stop)
        state.latency = args.latency
        print(f"{args.packages} packages x {args.files} files, one changed file per package; {args.latency * 1000:.0f} ms per GitHub request")

        def review(action: str, title: str) -> int:
            mark, sha = len(state.requests), state.head_sha
            t0 = time.monotonic()
            resp = webhooks.deliver_for(
                state, receiver_url + "/webhook", "pull_request", webhooks.pull_request_event(state, action), str(uuid.uuid4())
            )
            assert resp.status_code == 202, resp.text
            wait_until(lambda: completed_run(state, "goleash", sha), 120, f"the review of {sha[:12]}", interval=0.01)
            n = report(title, state, mark, time.monotonic() - t0, worker.pid)
            time.sleep(0.3)  # let the worker finish its last writes before the next phase counts
            return n

        first = review("opened", "1. first review")
        state.push("head2")
        second = review("synchronize", "2. second push (one more file changed)")

        # 3. the replay of that push: prepare (the check run, the PR's files) on the review
        # worker, then the report (re-analysis of the same files) once the run step answers;
        # this benchmark answers for the run step, which has no GitHub API part.
        from goleash.bot.config import Settings
        from goleash.workers.celery_config import make_celery
        from goleash.workers.replay_task import REPLAY_PREPARE_TASK, REPLAY_REPORT_TASK

        celery = make_celery(Settings(redis_url=url))
        job = {
            "delivery_id": str(uuid.uuid4()),
            "installation_id": state.installation_id,
            "repo": state.full_name,
            "number": state.pr_number,
            "head_sha": state.head_sha,
        }
        mark = len(state.requests)
        t0 = time.monotonic()
        celery.send_task(REPLAY_PREPARE_TASK, kwargs={"job": job, "trigger": "request"}).get(timeout=120)
        run = next(c for c in state.check_runs if c["name"] == "goleash replay")
        empty = {"findings": [], "failures": [], "skipped": [], "steps": []}
        celery.send_task(REPLAY_REPORT_TASK, kwargs={"job": job, "result": empty, "check_run_id": run["id"]}).get(timeout=120)
        reqs = [q for q in state.requests[mark:] if q["operation"]]
        report("3. replay of the second push (prepare + report)", state, mark, time.monotonic() - t0, worker.pid)
        refetched = [
            q
            for q in reqs
            if q["operation"] in ("git/get-blob", "git/get-tree")
            or (q["operation"] == "graphql_endpoint" and "object(" in ((q["json"] or {}).get("query") or ""))
        ]

        print(
            f"\ntargets: first review {first} <= 20 requests; second push {second} <= 10; "
            f"replay fetched {len(refetched)} blobs or trees again (0 expected)"
        )
        violations = state.violations
        if violations:
            print(f"the stand-in recorded {len(violations)} violations, e.g. {violations[0]}")
        return 0
    finally:
        cleanup.run()


if __name__ == "__main__":
    sys.exit(main())
