"""A pull request with hundreds of findings: the check run's summary is cut to GitHub's limit
in UTF-8 bytes (the severity markers are 3-byte characters), not in characters, so the run
is completed instead of refused with 422 and left in progress."""

from __future__ import annotations

import shutil

import pytest

from ghsandbox.paths import sample_scenario
from goleash.bot.check_output import TRUNCATED

from .harness import expected_findings, start_stack

FUNCTIONS = 600


def wide_package(n: int) -> bytes:
    """n functions, each writing a map from the goroutines of a loop: one finding apiece."""
    out = ['package wide\n\nimport "sync"\n']
    for i in range(n):
        out.append(
            f"\n// Fill{i} counts every key of keys in m.\nfunc Fill{i}(m map[string]int, keys []string) {{\n"
            "\tvar wg sync.WaitGroup\n\tfor _, k := range keys {\n\t\twg.Add(1)\n\t\tgo func(k string) {\n"
            "\t\t\tdefer wg.Done()\n\t\t\tm[k]++\n\t\t}(k)\n\t}\n\twg.Wait()\n}\n"
        )
    return "".join(out).encode()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, redis_url):
    tmp = tmp_path_factory.mktemp("wide")
    scenario = tmp / "scenario"
    shutil.copytree(sample_scenario(), scenario)
    (scenario / "head" / "wide").mkdir()
    (scenario / "head" / "wide" / "wide.go").write_bytes(wide_package(FUNCTIONS))
    s, cleanup = start_stack(tmp, redis_url, scenario=scenario)
    yield s
    cleanup.run()


def test_a_summary_over_githubs_byte_limit_is_cut_in_bytes_and_the_run_completed(fresh):
    st = fresh.state
    findings, in_diff, _ = expected_findings(st, st.head_sha)
    assert len(in_diff) > FUNCTIONS
    assert fresh.task_result(fresh.deliver("opened"), timeout=120) == "reviewed"

    [run] = st.check_runs
    assert run["status"] == "completed" and run["conclusion"] == "failure"
    summary = run["output"]["summary"]
    assert len(summary.encode()) <= 65535 < len(summary.encode()) + len(TRUNCATED.encode()) + 1000
    assert len(summary) < len(summary.encode())  # the ⛔ markers: a cut by characters overflows
    assert summary.endswith(TRUNCATED)
    assert len(run["annotations"]) == len(findings)  # every finding is still an annotation
    assert not [r for r in st.requests if r["status"] == 422]
    assert len(fresh.bot_comments()) == 25  # the inline cap; the rest are in the run
    assert st.violations == []
