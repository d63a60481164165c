"""The same .github/goleash.yml on the base branch does apply: the rule is silenced."""

from __future__ import annotations

from pathlib import Path

from goleash.bot.markers import fingerprint_in

from .harness import expected_findings

SCENARIO = Path(__file__).resolve().parents[2] / "ghsandbox" / "scenarios" / "config_base"
RULE = "syncmap-load-then-store"


def test_config_on_the_base_disables_the_rule(fresh):
    st = fresh.state
    assert ".github/goleash.yml" in st.store.commits[st.base_sha].snapshot.files
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    findings, in_diff, _ = expected_findings(st, st.head_sha)
    assert RULE in {f.rule_id for f in in_diff}
    posted = {fingerprint_in(c["body"]) for c in fresh.bot_comments()}
    assert posted == {f.fingerprint for f in in_diff if f.rule_id != RULE} and posted
    [run] = st.check_runs
    assert len(run["annotations"]) == len([f for f in findings if f.rule_id != RULE])
    assert "invalid" not in run["output"]["summary"]
    reads = [q for q in st.requests if q["path"].endswith("/contents/.github/goleash.yml")]
    assert reads[0]["query"]["ref"] == st.base_sha and reads[0]["status"] == 200
    assert st.violations == []
