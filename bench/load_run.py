"""A bounded load run on loopback: `goleash serve` + several `goleash worker` processes + the
GitHub sandbox (latency 0), signed pull_request.opened deliveries for N pull requests, one
worker SIGKILLed when half the reviews are done. Checks that every pull request was reviewed
exactly once (no review lost, none doubled) and reports reviews per minute.

    python bench/load_run.py [--prs 200] [--workers 3] [--no-kill] [--json]

The sandbox models one pull request; a small WSGI shim maps /pulls/<n> and /issues/<n> of
every other number onto it, so each delivery is a distinct PR to the receiver, the queue, the
per-PR locks and the done-markers, while the API answers stay the sample PR's. "Reviewed" is
the worker's `review.finished outcome=reviewed` log line, which is written once the review and
check run are posted; a redelivered task whose review was already posted ends `already_done`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import redis  # noqa: E402
import requests  # noqa: E402

from ghsandbox import SandboxServer, SandboxState, webhooks  # noqa: E402
from ghsandbox.devstack import Cleanup, app_env, ensure_redis, free_port, spawn, temp_dir, wait_until  # noqa: E402
from goleash.bot.signature import sign  # noqa: E402

LOAD_DB = 8
VISIBILITY_TIMEOUT = 10
GOLEASH = [sys.executable, "-c", "import sys; from goleash.cli import main; sys.exit(main())"]
_PR_PATH = re.compile(r"^(/repos/[^/]+/[^/]+/(?:pulls|issues))/(\d+)(/.*)?$")


def _one_pr(app, number: int):
    """WSGI shim: every PR number is the sandbox's PR."""
    inner = app.wsgi_app

    def wsgi(environ, start_response):
        m = _PR_PATH.match(environ.get("PATH_INFO", ""))
        if m and m.group(2) != str(number):
            environ["PATH_INFO"] = f"{m.group(1)}/{number}{m.group(3) or ''}"
        return inner(environ, start_response)

    app.wsgi_app = wsgi


def _events(path: Path, event: str) -> list[dict]:
    out = []
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return out
    for line in text.splitlines():
        if line.startswith("{") and f'"{event}"' in line:
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if d.get("event") == event:
                out.append(d)
    return out


def run(prs: int = 200, workers: int = 3, kill: bool = True, redis_url: str | None = None, timeout: float = 600) -> dict:
    cleanup = Cleanup()
    tmp = temp_dir("goleash-load-")
    try:
        base, stop_redis = ensure_redis(redis_url or "redis://127.0.0.1:6379/0")
        cleanup.add(stop_redis)
        url = base.rsplit("/", 1)[0] + f"/{LOAD_DB}" if redis_url is None else base
        r = redis.Redis.from_url(url)
        r.flushdb()
        cleanup.add(r.flushdb)

        state = SandboxState()
        state.latency = 0.0
        sandbox = SandboxServer(state)
        _one_pr(sandbox.app, state.pr_number)
        sandbox.start()
        cleanup.add(sandbox.stop)
        key = tmp / "app.pem"
        key.write_text(state.private_key_pem)
        port = free_port()
        env = app_env(
            url,
            sandbox.url,
            state.app_id,
            key,
            state.webhook_secret,
            GOLEASH_VISIBILITY_TIMEOUT=VISIBILITY_TIMEOUT,
            GOLEASH_ALLOW_SHORT_VISIBILITY=1,
            GOLEASH_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY=2,
            PROMETHEUS_MULTIPROC_DIR=tmp / "prom",
        )
        receiver = spawn("receiver", GOLEASH + ["serve"], env, tmp)
        cleanup.add(receiver.stop)
        rurl = f"http://127.0.0.1:{port}"

        def up():
            if not receiver.alive():
                raise RuntimeError(receiver.log())
            try:
                return requests.get(rurl + "/readyz", timeout=1).status_code == 200
            except requests.RequestException:
                return False

        wait_until(up, 30, "goleash serve")
        ws = []
        for i in range(workers):
            w = spawn(f"worker{i}", GOLEASH + ["worker", "--queue", "reviews"], env, tmp)
            ws.append(w)
            cleanup.add(w.stop)
        for w in ws:
            wait_until(lambda w=w: " ready." in w.log() or (not w.alive() and (_ for _ in ()).throw(RuntimeError(w.log()))), 60, f"{w.name} ready")

        template = webhooks.pull_request_event(state, "opened")
        numbers = list(range(1000, 1000 + prs))

        def deliver(n: int) -> int:
            payload = json.loads(json.dumps(template))
            payload["number"] = n
            payload["pull_request"]["number"] = n
            body = json.dumps(payload).encode()
            resp = requests.post(
                rurl + "/webhook",
                data=body,
                timeout=30,
                headers={
                    "Content-Type": "application/json",
                    "X-GitHub-Event": "pull_request",
                    "X-GitHub-Delivery": str(uuid.uuid4()),
                    "X-Hub-Signature-256": sign(state.webhook_secret, body),
                },
            )
            return resp.status_code

        t0 = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(deliver, numbers))
        delivered = time.monotonic() - t0
        assert all(s == 202 for s in statuses), statuses

        def finished() -> list[dict]:
            return [e for w in ws for e in _events(w.log_path, "review.finished")]

        killed = None
        if kill:
            wait_until(lambda: len(finished()) >= prs // 2, timeout, "half the reviews")
            # The worker with a review in hand, if any (the one whose last log line is not a finish).
            victim = ws[-1]
            victim.kill()
            killed = {"worker": victim.name, "reviews_done_at_kill": len(finished())}

        def all_done() -> bool:
            done = {e["pr"] for e in finished() if e["outcome"] == "reviewed"}
            return len(done) >= prs and r.llen("celery") == 0 and r.hlen("unacked") == 0

        wait_until(all_done, timeout, "every pull request reviewed", interval=0.2)
        elapsed = time.monotonic() - t0
        ends = finished()
        per_pr: dict[int, int] = {}
        for e in ends:
            if e["outcome"] == "reviewed":
                per_pr[e["pr"]] = per_pr.get(e["pr"], 0) + 1
        other = {}
        for e in ends:
            if e["outcome"] != "reviewed":
                other[e["outcome"]] = other.get(e["outcome"], 0) + 1
        crashed = sum(len(_events(w.log_path, "review.crashed")) + len(_events(w.log_path, "review.abandoned")) for w in ws)
        return {
            "prs": prs,
            "workers": workers,
            "killed": killed,
            "reviewed_prs": len(per_pr),
            "lost": sorted(set(numbers) - set(per_pr)),
            "reviewed_twice": sorted(n for n, c in per_pr.items() if c > 1),
            "other_outcomes": other,
            "crashed_or_abandoned": crashed,
            "deliver_seconds": round(delivered, 2),
            "elapsed_seconds": round(elapsed, 2),
            "reviews_per_minute": round(60 * len(per_pr) / elapsed, 1),
        }
    finally:
        cleanup.run()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--prs", type=int, default=200)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--no-kill", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    res = run(a.prs, a.workers, kill=not a.no_kill)
    if a.json:
        print(json.dumps(res, indent=2))
    else:
        print(
            f"{res['reviewed_prs']}/{res['prs']} pull requests reviewed by {res['workers']} workers "
            f"(killed: {res['killed']}); lost {len(res['lost'])}, reviewed twice {len(res['reviewed_twice'])}, "
            f"other outcomes {res['other_outcomes']}"
        )
        print(f"{res['reviews_per_minute']} reviews/minute ({res['elapsed_seconds']} s in all, deliveries took {res['deliver_seconds']} s)")
    ok = not res["lost"] and not res["reviewed_twice"] and res["reviewed_prs"] == res["prs"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
