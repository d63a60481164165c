"""Signed deliveries per second through the receiver, against a bare Flask endpoint under
the same gunicorn configuration, in the same run (target: receiver >= 50% of bare).

The receiver does everything it does in production: verify the signature, parse, dedupe
(each delivery has a fresh id), record the PR head, and put a task on the Redis queue.
The bare endpoint reads the body and answers 202. Client processes open a connection per
request, as GitHub does (gunicorn's sync workers close it anyway).

The rates are what the target is about. Beside them the bench prints the CPU each server's
processes used per delivery (from /proc; Redis's own CPU is not in it), which moves less than the
rates when other work shares the machine.

    python bench/receiver_throughput.py [--seconds 5] [--clients 4] [--rounds 3]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask, request  # noqa: E402

from ghsandbox.devstack import GUNICORN_WORKERS, Cleanup, app_env, bench_redis, free_port, gunicorn_argv, spawn, start_receiver, temp_dir, wait_until  # noqa: E402  # noqa: E402
from goleash.bot.signature import sign  # noqa: E402

BENCH_DB = 7  # a database of its own, flushed at the end
SECRET = "bench-secret"
PAYLOAD = Path(__file__).resolve().parents[1] / "ghsandbox" / "github" / "payloads" / "pull_request.opened.json"

bare_app = Flask("bare")


@bare_app.post("/webhook")
def bare_webhook():
    request.get_data()
    return {"status": "queued"}, 202


def _client(port: int, body: bytes, signature: str, seconds: float, out) -> None:
    ok = errors = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request(
                "POST",
                "/webhook",
                body,
                {
                    "Content-Type": "application/json",
                    "X-GitHub-Event": "pull_request",
                    "X-GitHub-Delivery": str(uuid.uuid4()),
                    "X-Hub-Signature-256": signature,
                },
            )
            resp = conn.getresponse()
            resp.read()
            if resp.status == 202:
                ok += 1
            else:
                errors += 1
        except OSError:
            errors += 1
        finally:
            conn.close()
    out.put((ok, errors))


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU of the live processes in a process group (gunicorn's master and workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:  # pgrp; utime and stime follow at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / tick


def measure(port: int, body: bytes, clients: int, seconds: float) -> tuple[float, int]:
    q: mp.Queue = mp.Queue()
    procs = [mp.Process(target=_client, args=(port, body, sign(SECRET, body), seconds, q)) for _ in range(clients)]
    for p in procs:
        p.start()
    results = [q.get(timeout=seconds + 60) for _ in procs]
    for p in procs:
        p.join()
    ok = sum(r[0] for r in results)
    return ok / seconds, sum(r[1] for r in results)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    payload = json.loads(PAYLOAD.read_text()) if PAYLOAD.exists() else None
    if payload is None:
        from ghsandbox import webhooks

        payload = webhooks.load_payload("pull_request.opened")
    body = json.dumps(payload).encode()

    cleanup = Cleanup()
    tmp = temp_dir("goleash-bench-throughput-")
    try:
        url, r = bench_redis(cleanup, BENCH_DB)

        # Production settings, info logging included: one log line per delivery is part of the cost.
        env = app_env(url, "http://127.0.0.1:9", "1", os.devnull, SECRET)
        receiver, receiver_url = start_receiver(env, tmp)
        cleanup.add(receiver.stop)
        bare_port = free_port()
        argv = gunicorn_argv("receiver_throughput:bare_app", bare_port) + ["--pythonpath", str(Path(__file__).parent)]
        bare = spawn("bare", argv, env, tmp)
        cleanup.add(bare.stop)
        wait_until(lambda: bare.alive() and _answers(bare_port), 30, "the bare app to answer")
        receiver_port = int(receiver_url.rsplit(":", 1)[1])

        measure(receiver_port, body, args.clients, 1.0)  # warm-up: imports, Redis connections
        measure(bare_port, body, args.clients, 1.0)
        rates = {"bare": [], "receiver": []}
        cpu = {"bare": [], "receiver": []}  # server CPU per delivery, less sensitive to other load
        groups = {"bare": bare.pid, "receiver": receiver.pid}
        for _ in range(args.rounds):  # alternate, so drift on the machine hits both alike
            for name, port in (("bare", bare_port), ("receiver", receiver_port)):
                before = group_cpu_seconds(groups[name])
                rate, errors = measure(port, body, args.clients, args.seconds)
                used = group_cpu_seconds(groups[name]) - before
                if errors:
                    print(f"  {name}: {errors} failed requests")
                rates[name].append(rate)
                cpu[name].append(used / max(1, rate * args.seconds))
        queued = r.llen("celery")

        bare_rate, recv_rate = statistics.median(rates["bare"]), statistics.median(rates["receiver"])
        print(
            f"signed pull_request deliveries ({len(body)} bytes), gunicorn with {GUNICORN_WORKERS} sync workers "
            f"for both, {args.clients} client processes, {args.rounds} rounds x {args.seconds:.0f} s, {os.cpu_count()} cores"
        )
        print(f"  bare Flask endpoint  {bare_rate:8.0f} req/s   rounds: {', '.join(f'{x:.0f}' for x in rates['bare'])}")
        print(f"  goleash receiver     {recv_rate:8.0f} req/s   rounds: {', '.join(f'{x:.0f}' for x in rates['receiver'])}")
        print(f"  ratio                {recv_rate / bare_rate:8.0%}   (target >= 50%); tasks queued: {queued}")
        cpu_bare, cpu_recv = statistics.median(cpu["bare"]), statistics.median(cpu["receiver"])
        print(
            f"  server CPU per delivery (gunicorn master + workers; Redis not included): bare {cpu_bare * 1e6:.0f} us, "
            f"receiver {cpu_recv * 1e6:.0f} us"
        )
        return 0
    finally:
        cleanup.run()


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        conn.request("GET", "/")
        conn.getresponse().read()
        return True
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
