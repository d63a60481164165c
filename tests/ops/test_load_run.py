"""bench/load_run.py, smaller: deliveries for 30 PRs, three workers, one SIGKILLed halfway;
every PR reviewed exactly once, none lost."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


def test_load_run_loses_nothing_when_a_worker_is_killed(ops_redis_url):
    import load_run

    res = load_run.run(prs=30, workers=3, kill=True, redis_url=ops_redis_url, timeout=240)
    assert res["killed"] is not None
    assert res["lost"] == [] and res["reviewed_twice"] == [], res
    assert res["reviewed_prs"] == 30 and res["crashed_or_abandoned"] == 0, res
