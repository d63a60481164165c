"""Precision on code nobody here wrote: goleash over the Go sources Debian packages.

Installs the corpus (`--install`, apt-get), runs every rule over each project as `goleash
check` would walk it, and compares the findings with the verdicts judged one by one in
bench/verdicts/debian.json: true bugs, false alarms (with why), and findings nobody judged yet.

    python bench/precision_corpus.py [--install] [--project NAME] [--write-unjudged FILE]

Prints, per project, lines analysed, findings, judged true / false / unjudged, and false alarms
per 100k lines; the totals last. Exit 1 when a finding judged false is reported again or a finding
has no verdict.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from goleash.rules.engine import analyze_paths, collect_files  # noqa: E402

GOCODE = Path("/usr/share/gocode/src")
VERDICTS = ROOT / "bench" / "verdicts" / "debian.json"

# Debian package -> the project's import path under /usr/share/gocode/src
PROJECTS = {
    "golang-github-hashicorp-memberlist-dev": "github.com/hashicorp/memberlist",
    "golang-github-hashicorp-serf-dev": "github.com/hashicorp/serf",
    "golang-github-hashicorp-yamux-dev": "github.com/hashicorp/yamux",
    "golang-github-hashicorp-go-memdb-dev": "github.com/hashicorp/go-memdb",
    "golang-github-gorilla-websocket-dev": "github.com/gorilla/websocket",
    "golang-github-miekg-dns-dev": "github.com/miekg/dns",
    "golang-github-syndtr-goleveldb-dev": "github.com/syndtr/goleveldb",
    "golang-go.uber-zap-dev": "go.uber.org/zap",
    "golang-github-dgraph-io-badger-dev": "github.com/dgraph-io/badger",
    "golang-github-lucas-clemente-quic-go-dev": "github.com/lucas-clemente/quic-go",
    "golang-github-syncthing-syncthing-dev": "github.com/syncthing/syncthing",
    "golang-github-go-kit-kit-dev": "github.com/go-kit/kit",
    "golang-github-shopify-sarama-dev": "github.com/Shopify/sarama",
    "golang-github-segmentio-kafka-go-dev": "github.com/segmentio/kafka-go",
    "golang-github-gin-gonic-gin-dev": "github.com/gin-gonic/gin",
    "golang-github-valyala-fasthttp-dev": "github.com/valyala/fasthttp",
    "golang-github-rclone-rclone-dev": "github.com/rclone/rclone",
    # More well-known concurrent code (some of it what the packages above depend on), to pass
    # 2 M lines.
    "golang-golang-x-net-dev": "golang.org/x/net",
    "golang-golang-x-sync-dev": "golang.org/x/sync",
    "golang-golang-x-crypto-dev": "golang.org/x/crypto",
    "golang-google-grpc-dev": "google.golang.org/grpc",
    "golang-github-prometheus-client-golang-dev": "github.com/prometheus/client_golang",
    "golang-github-coreos-bbolt-dev": "go.etcd.io/bbolt",
    "golang-github-klauspost-compress-dev": "github.com/klauspost/compress",
    "golang-github-aws-aws-sdk-go-dev": "github.com/aws/aws-sdk-go",
    "golang-etcd-server-dev": "go.etcd.io/etcd",
    "golang-github-hashicorp-raft-dev": "github.com/hashicorp/raft",
    "golang-github-nats-io-nats-server-dev": "github.com/nats-io/nats-server",
    "golang-github-nats-io-go-nats-dev": "github.com/nats-io/nats.go",
    "golang-github-docker-docker-dev": "github.com/docker/docker",
    "golang-github-containerd-containerd-dev": "github.com/containerd/containerd",
    "golang-github-minio-minio-go-v7-dev": "github.com/minio/minio-go",
    "golang-github-jackc-pgx-v4-dev": "github.com/jackc/pgx",
    "golang-github-hashicorp-go-plugin-dev": "github.com/hashicorp/go-plugin",
    "golang-github-gocql-gocql-dev": "github.com/gocql/gocql",
    "golang-github-rcrowley-go-metrics-dev": "github.com/rcrowley/go-metrics",
    "golang-github-dgraph-io-ristretto-dev": "github.com/dgraph-io/ristretto",
    "golang-github-allegro-bigcache-dev": "github.com/allegro/bigcache",
    "golang-github-patrickmn-go-cache-dev": "github.com/patrickmn/go-cache",
    "golang-github-hashicorp-golang-lru-dev": "github.com/hashicorp/golang-lru",
    "golang-github-labstack-echo-dev": "github.com/labstack/echo",
    "golang-github-go-sql-driver-mysql-dev": "github.com/go-sql-driver/mysql",
    "golang-github-lib-pq-dev": "github.com/lib/pq",
}


def install() -> None:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *PROJECTS],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def key(rule_id: str, path: str, line_text: str) -> str:
    """What a verdict is about: the rule, the file and the offending line's code, so that it
    survives the engine moving a finding's column or message."""
    return f"{rule_id}|{path}|{' '.join(line_text.split())}"


def line_of(path: str, line: int) -> str:
    try:
        lines = (GOCODE / path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return lines[line - 1] if 0 < line <= len(lines) else ""


def analyse(project: str) -> dict:
    """Findings of every rule over one project, paths relative to /usr/share/gocode/src."""
    cwd = os.getcwd()
    os.chdir(GOCODE)  # so that reported paths start with the import path
    try:
        files, _ = collect_files([project])
        lines = sum(d.count(b"\n") + 1 for d in files.values())
        t0 = time.perf_counter()
        report = analyze_paths([project])
        took = time.perf_counter() - t0
    finally:
        os.chdir(cwd)
    findings = []
    for f in report.findings:
        text = line_of(f.span.path, f.span.start_line)
        findings.append({"rule": f.rule_id, "path": f.span.path, "line": f.span.start_line, "text": text.strip(),
                         "message": f.message, "fixes": len(f.fixes), "key": key(f.rule_id, f.span.path, text)})
    return {"files": len(files), "lines": lines, "seconds": round(took, 1), "findings": findings}


def load_verdicts() -> dict[str, dict]:
    data = json.loads(VERDICTS.read_text(encoding="utf-8")) if VERDICTS.exists() else {"verdicts": []}
    return {key(v["rule"], v["path"], v["text"]): v for v in data["verdicts"]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--install", action="store_true", help="apt-get install the corpus first")
    ap.add_argument("--project", action="append", help="only this import path (repeatable)")
    ap.add_argument("--write-unjudged", metavar="FILE", help="write findings without a verdict as JSON")
    args = ap.parse_args()
    if args.install:
        install()
    verdicts = load_verdicts()
    projects = [p for p in PROJECTS.values() if not args.project or p in args.project]
    missing = [p for p in projects if not (GOCODE / p).is_dir()]
    if missing:
        print(f"not installed: {', '.join(missing)} (run with --install)", file=sys.stderr)
        return 2
    totals = {"lines": 0, "findings": 0, "true": 0, "false": 0, "unjudged": 0, "fixes": 0, "seconds": 0.0}
    unjudged, repeated = [], []
    print(f"{'project':40} {'lines':>9} {'finds':>5} {'true':>4} {'false':>5} {'new':>4} {'FA/100k':>7} {'s':>6}")
    for project in projects:
        res = analyse(project)
        counts = {"true": 0, "false": 0, "unjudged": 0}
        for f in res["findings"]:
            v = verdicts.get(f["key"])
            verdict = v["verdict"] if v else "unjudged"
            counts[verdict] += 1
            if verdict == "unjudged":
                unjudged.append(f)
            elif verdict == "false":
                repeated.append(f)
            totals["fixes"] += f["fixes"]
        totals["lines"] += res["lines"]
        totals["findings"] += len(res["findings"])
        totals["seconds"] += res["seconds"]
        for k, n in counts.items():
            totals[k] += n
        per = (counts["false"] + counts["unjudged"]) * 1e5 / max(res["lines"], 1)
        print(f"{project:40} {res['lines']:>9} {len(res['findings']):>5} {counts['true']:>4} {counts['false']:>5} "
              f"{counts['unjudged']:>4} {per:>7.2f} {res['seconds']:>6}", flush=True)
    per = (totals["false"] + totals["unjudged"]) * 1e5 / max(totals["lines"], 1)
    print(f"{'total':40} {totals['lines']:>9} {totals['findings']:>5} {totals['true']:>4} {totals['false']:>5} "
          f"{totals['unjudged']:>4} {per:>7.2f} {totals['seconds']:>6.0f}")
    print(f"patches offered: {totals['fixes']}; false alarms per 100k lines counts unjudged findings as false")
    for f in repeated:
        print(f"judged false, reported again: {f['path']}:{f['line']} {f['rule']}", file=sys.stderr)
    if args.write_unjudged:
        Path(args.write_unjudged).write_text(json.dumps(unjudged, indent=1) + "\n", encoding="utf-8")
    return 1 if repeated or unjudged else 0


if __name__ == "__main__":
    raise SystemExit(main())
