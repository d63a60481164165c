"""Findings judged on real projects stay judged: a real bug is still found, a false alarm that
is gone never comes back, and one the engine still makes is marked so (`still_reported`), so
that fixing it shows here and the mark is removed. The projects are the Debian precision corpus (bench/debian_corpus.py); each
package directory holding a verdict is analysed as `goleash check` analyses it."""
from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

import pytest

from bench import debian_corpus as corpus

VERDICTS = corpus.load_verdicts()


def _by_dir() -> dict[str, list[dict]]:
    out = defaultdict(list)
    for v in VERDICTS.values():
        out[str(PurePosixPath(v["path"]).parent)].append(v)
    return dict(sorted(out.items()))


BY_DIR = _by_dir()


@pytest.fixture(scope="module")
def src():
    wanted = {pkg for pkg, path in corpus.PROJECTS.items()
              if any(d == path or d.startswith(path + "/") for d in BY_DIR)}
    return corpus.fetch(sorted(wanted))


def test_every_verdict_is_complete():
    assert VERDICTS, "no verdicts"
    for v in VERDICTS.values():
        assert v["verdict"] in ("true", "false"), v
        assert v["verdict"] == "false" or "still_reported" not in v, v
        assert v["why"].strip(), f"{v['path']}:{v['line']}: say why"
        assert any(v["path"].startswith(p + "/") for p in corpus.PROJECTS.values()), v["path"]


@pytest.mark.parametrize("directory", list(BY_DIR))
def test_judged_findings_stay_judged(src, directory):
    found = {f["key"] for f in corpus.analyse_dir(src, directory)}
    mine = [(k, v) for k, v in VERDICTS.items() if v in BY_DIR[directory]]
    back = [f"{v['path']}:{v['line']} {v['rule']}: {v['why']}" for k, v in mine
            if v["verdict"] == "false" and not v.get("still_reported") and k in found]
    gone = [f"{v['path']}:{v['line']} {v['rule']}" for k, v in mine
            if v["verdict"] == "false" and v.get("still_reported") and k not in found]
    lost = [f"{v['path']}:{v['line']} {v['rule']}" for k, v in mine if v["verdict"] == "true" and k not in found]
    assert back == [], "false alarms reported again"
    assert gone == [], "no longer reported: remove still_reported from these verdicts"
    assert lost == [], "real bugs no longer found"
