"""`make demo`: the whole app on this machine against the GitHub sandbox.

Starts (or reuses) Redis, the sandbox with the sample scenario, the receiver under gunicorn
and a Celery worker; sends a signed pull_request.opened for the sample PR; waits for the
review; prints the review and the check run as the sandbox stored them; stops what it started."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import redis  # noqa: E402

from ghsandbox.devstack import (  # noqa: E402
    Cleanup,
    SandboxProcess,
    app_env,
    ensure_redis,
    start_receiver,
    start_worker,
    temp_dir,
    wait_until,
)

RULE = "─" * 78


def forget_earlier_demo(redis_url: str, repo: str, number: int) -> None:
    """The sandbox's shas are deterministic: an earlier run's "done" markers would make the
    worker skip the review. Only this PR's keys are removed."""
    r = redis.Redis.from_url(redis_url)
    for pattern in (f"goleash:pr:{repo}#{number}*", f"goleash:check-run:{repo}@*"):
        for key in r.scan_iter(pattern):
            r.delete(key)


def show(state: dict) -> None:
    bot = state["app"]["bot_login"]
    reviews = [r for r in state["reviews"] if r["user"]["login"] == bot]
    comments = {c["id"]: c for c in state["review_comments"]}
    for review in reviews:
        print(RULE)
        print(f"REVIEW {review['id']} by {bot} on {review['commit_id'][:12]}  event={review['event']}  state={review['state']}")
        print(RULE)
        print(review["body"])
        for cid in review["comment_ids"]:
            c = comments[cid]
            where = f"{c['path']}:{c['start_line']}-{c['line']}" if c.get("start_line") else f"{c['path']}:{c['line']}"
            print()
            print(f"┌─ inline comment {cid} on {where} ({c['side']})")
            print(c["body"])
            print("└─")
    for run in state["check_runs"]:
        print(RULE)
        print(f'CHECK RUN {run["id"]} "{run["name"]}" on {run["head_sha"][:12]}  status={run["status"]}  conclusion={run["conclusion"]}')
        print(RULE)
        print(f"# {run['output']['title']}")
        print()
        print(run["output"]["summary"])
        for a in run.get("annotations", []):
            print(f"  [{a['annotation_level']}] {a['path']}:{a['start_line']}  {a.get('title', '')}")
    print(RULE)


def main() -> int:
    cleanup = Cleanup()
    log_dir = temp_dir("goleash-demo-")
    try:
        redis_url, stop_redis = ensure_redis(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
        cleanup.add(stop_redis)
        print(f"redis     {redis_url}")

        sandbox = SandboxProcess.start(log_dir)
        cleanup.add(sandbox.service.stop)
        info = sandbox.info
        print(f"sandbox   {sandbox.url}  ({info['repository']}#{info['pr_number']}, head {info['head_sha'][:12]})")
        forget_earlier_demo(redis_url, info["repository"], info["pr_number"])

        env = app_env(redis_url, sandbox.url, info["app_id"], info["private_key_file"], info["webhook_secret"])
        receiver, receiver_url = start_receiver(env, log_dir)
        cleanup.add(receiver.stop)
        print(f"receiver  {receiver_url}  (gunicorn, pid {receiver.pid})")
        worker = start_worker(env, log_dir)
        cleanup.add(worker.stop)
        print(f"worker    celery, pid {worker.pid}")
        print(f"logs      {log_dir}")

        t0 = time.monotonic()
        sent = sandbox.admin("deliver", {"url": receiver_url + "/webhook", "event": "pull_request", "action": "opened"})
        print(f"\nsent a signed pull_request.opened (delivery {sent['delivery_id']}): HTTP {sent['status']} {sent['body'].strip()}")
        if sent["status"] != 202:
            raise SystemExit("the receiver did not queue the review")

        def reviewed() -> dict | None:
            st = sandbox.state()
            runs = st["check_runs"]
            return st if runs and all(r["status"] == "completed" for r in runs) else None

        try:
            state = wait_until(reviewed, 120, "the review and the completed check run", interval=0.1)
        except TimeoutError:
            print(worker.log()[-4000:], file=sys.stderr)
            raise
        print(f"review and check run posted {time.monotonic() - t0:.2f}s after the webhook\n")
        show(state)
        violations = sandbox.admin("violations")
        print(f"sandbox API violations: {len(violations)}")
        return 0 if not violations else 1
    finally:
        cleanup.run()


if __name__ == "__main__":
    sys.exit(main())
