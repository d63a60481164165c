"""`goleash baseline` writes today's fingerprints; `goleash check` then skips them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from goleash.rules import baseline, cli

SAMPLE = Path(__file__).resolve().parents[2] / "ghsandbox" / "scenarios" / "sample" / "head"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    shutil.copytree(SAMPLE, tmp_path / "src")
    monkeypatch.chdir(tmp_path / "src")
    return tmp_path / "src"


def test_baseline_then_check_reports_only_new_findings(tree, capsys):
    assert cli.main(["check", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["findings"]
    assert cli.main(["baseline", "--out", ".goleash-baseline.json"]) == 0
    doc = json.loads((tree / ".goleash-baseline.json").read_text())
    assert doc["version"] == 1 and len(doc["fingerprints"]) >= 3
    capsys.readouterr()
    # the default file is picked up when present
    assert cli.main(["check"]) == 0
    assert cli.main(["check", "--baseline", "none"]) == 1
    capsys.readouterr()

    # a new bug is reported; the baselined ones are not
    store = tree / "store" / "store.go"
    store.write_text(store.read_text() + '\nfunc extra(m map[string]int) {\n\tgo func() { m["x"] = 1 }()\n\tm["y"] = 2\n}\n')
    code = cli.main(["check", "--format", "json"])
    after = json.loads(capsys.readouterr().out)
    assert code == 1
    reported = {x["fingerprint"] for x in after["findings"]}
    assert reported and not (reported & set(doc["fingerprints"]))
    assert all("store/store.go" in json.dumps(x) for x in after["findings"])


def test_explicit_baseline_file_and_errors(tree, tmp_path, capsys):
    out = tmp_path / "b.json"
    assert cli.main(["baseline", "--out", str(out)]) == 0
    assert cli.main(["check", "--baseline", str(out)]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    assert cli.main(["check", "--baseline", str(bad)]) == 2
    assert "cannot read baseline" in capsys.readouterr().err
    assert cli.main(["check", "--baseline", str(tmp_path / "missing.json")]) == 2


def test_parse_baseline():
    assert baseline.parse_baseline('{"fingerprints": {"a": {}, "b": {}}}') == {"a", "b"}
    with pytest.raises(ValueError):
        baseline.parse_baseline("nope")
