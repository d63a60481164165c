"""A pull request that adds a .github/goleash.yml disabling a rule does not loosen its own
review: the configuration is read at the BASE commit, where there is none."""

from __future__ import annotations

from pathlib import Path

from goleash.bot.markers import fingerprint_in

from .harness import expected_findings

SCENARIO = Path(__file__).resolve().parents[2] / "ghsandbox" / "scenarios" / "config_head"
RULE = "syncmap-load-then-store"


def config_reads(st) -> list[dict]:
    return [q for q in st.requests if "/contents/" in q["path"] and q["path"].endswith("goleash.yml")]


def test_config_added_in_the_head_has_no_effect(fresh):
    st = fresh.state
    assert b"syncmap-load-then-store: off" in st.store.commits[st.head_sha].snapshot.files[".github/goleash.yml"]
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    _, in_diff, _ = expected_findings(st, st.head_sha)
    assert RULE in {f.rule_id for f in in_diff}
    assert {fingerprint_in(c["body"]) for c in fresh.bot_comments()} == {f.fingerprint for f in in_diff}
    reads = config_reads(st)
    assert reads and reads[0]["path"].endswith(f"/repos/{st.full_name}/contents/.github/goleash.yml")
    assert reads[0]["query"]["ref"] == st.base_sha and reads[0]["status"] == 404
    assert st.violations == []
