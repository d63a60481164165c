"""How fast is `goleash check` compared with parsing alone?

Runs over a Go tree (default: the standard library of the installed toolchain,
$(go env GOROOT)/src, without testdata/ and vendor/ as the engine walks it) and prints
lines/second for a tree-sitter parse-only pass (the floor) and for the full analysis
with every rule and fix verification, plus their ratio. Target: within 2.5x of parse-only.

    python bench/engine_speed.py [TREE] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from goleash.rules.engine import analyze_paths, collect_files
from goleash.rules.parse import parser


def goroot_src() -> str:
    root = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()
    return f"{root}/src"


def parse_only(files: dict[str, bytes]) -> tuple[float, float]:
    """(wall, CPU) seconds."""
    p = parser()
    t0, c0 = time.perf_counter(), time.process_time()
    for data in files.values():
        p.parse(data)
    return time.perf_counter() - t0, time.process_time() - c0


def full(tree: str) -> tuple[float, float, int]:
    t0, c0 = time.perf_counter(), time.process_time()
    report = analyze_paths([tree])
    return time.perf_counter() - t0, time.process_time() - c0, len(report.findings)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("tree", nargs="?")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tree = args.tree or goroot_src()
    files, _ = collect_files([tree])
    lines = sum(d.count(b"\n") + 1 for d in files.values())
    # Interleaved, so that both passes see the same machine: a shared machine's speed drifts
    # by several percent from one minute to the next.
    parses, runs = [], []
    for _ in range(args.repeat):
        parses.append(parse_only(files))
        runs.append(full(tree))
    parse_t = min(w for w, _ in parses)
    parse_cpu = min(c for _, c in parses)
    full_t = min(w for w, _, _ in runs)
    full_cpu = min(c for _, c, _ in runs)
    result = {
        "tree": tree,
        "files": len(files),
        "lines": lines,
        "parse_only_s": round(parse_t, 2),
        "parse_only_lines_per_s": int(lines / parse_t),
        "goleash_check_s": round(full_t, 2),
        "goleash_check_lines_per_s": int(lines / full_t),
        "ratio_vs_parse_only": round(full_t / parse_t, 2),
        # CPU time is what to compare on a shared machine: wall time includes other load
        "parse_only_cpu_s": round(parse_cpu, 2),
        "goleash_check_cpu_s": round(full_cpu, 2),
        "cpu_ratio_vs_parse_only": round(full_cpu / parse_cpu, 2),
        "findings": runs[0][2],
        "note": "goleash_check includes reading files, parsing, all rules and fix verification; CPU time excludes gofmt subprocesses",
    }
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
