"""Replay wall time for the sample module (tests/replay/testdata/sample): cold (an empty cache
directory: the first replay also builds the trusted standard-library build cache) and warm (the
same cache directory again). Needs bwrap and go; run as root or a user with userns.

    python bench/replay_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from goleash.replay import ReplayConfig, replay_tarball  # noqa: E402

SAMPLE = ROOT / "tests" / "replay" / "testdata" / "sample"


def tarball() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        tf.add(MODULES[MODULE][0], arcname="octo-sample-0123abc")
    return buf.getvalue()


# --module replay-sample: the App's e2e scenario (ghsandbox/scenarios/replay-sample/head).
MODULES = {
    "sample": (SAMPLE, ["racy", "leaky", "clean"], {"race-detected", "hang-detected", "vet-copylocks"}),
    "replay-sample": (ROOT / "ghsandbox" / "scenarios" / "replay-sample" / "head", ["meter", "fetch", "tally"], {"race-detected", "hang-detected"}),
}
MODULE = "sample"


def once(data: bytes, cache: Path) -> tuple[float, dict]:
    _, dirs, expected = MODULES[MODULE]
    t = time.monotonic()
    r = replay_tarball(io.BytesIO(data), dirs, cache_dir=cache, config=ReplayConfig(test_timeout_seconds=4))
    wall = time.monotonic() - t
    steps: dict[str, float] = {}
    for s in r.steps:
        steps[s.name] = steps.get(s.name, 0.0) + (s.result.duration if s.result else 0.0)
    assert {f.rule_id for f in r.findings} == expected, r.findings
    return wall, steps


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3, help="warm runs")
    ap.add_argument("--module", choices=sorted(MODULES), default="sample", help="which Go module to replay")
    args = ap.parse_args()
    global MODULE
    MODULE = args.module
    data = tarball()
    base = Path(tempfile.mkdtemp(prefix="goleash-bench-"))
    os.chmod(base, 0o711)
    try:
        cache = base / "cache"
        cold, steps = once(data, cache)
        print(f"cold (empty cache dir, with the warm-up): {cold:6.1f} s   " + "  ".join(f"{k} {v:.1f}s" for k, v in steps.items()))
        warm = []
        for _ in range(args.runs):
            w, steps = once(data, cache)
            warm.append(w)
            print(f"warm:                 {w:6.1f} s   " + "  ".join(f"{k} {v:.1f}s" for k, v in steps.items()))
        warm.sort()
        print(
            f"warm median {warm[len(warm) // 2]:.1f} s over {len(warm)} runs "
            f"(3 packages: vet once, then build + run a -race test binary per package; "
            f"the hang package waits for its 4 s test timeout)"
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
