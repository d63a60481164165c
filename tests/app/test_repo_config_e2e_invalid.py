"""An invalid .github/goleash.yml: the check run says what is wrong and where (key and line),
and the review goes on with the defaults."""

from __future__ import annotations

from pathlib import Path

from goleash.bot.markers import fingerprint_in

from .harness import expected_findings

SCENARIO = Path(__file__).resolve().parents[2] / "ghsandbox" / "scenarios" / "config_invalid"


def test_invalid_config_is_reported_with_key_and_line(fresh):
    st = fresh.state
    text = st.store.commits[st.base_sha].snapshot.files[".github/goleash.yml"].decode()
    assert text.splitlines()[3].startswith("comment_cap: lots")
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    [run] = st.check_runs
    summary = run["output"]["summary"]
    assert "`.github/goleash.yml` is invalid" in summary
    assert "- `comment_cap` (line 4): 'lots' is not of type 'integer'" in summary
    # defaults: every finding on the diff is posted, severities unchanged
    _, in_diff, _ = expected_findings(st, st.head_sha)
    assert {fingerprint_in(c["body"]) for c in fresh.bot_comments()} == {f.fingerprint for f in in_diff}
    assert st.violations == []
