"""Findings judged on real projects stay judged: a real bug is still found, a false alarm that
is gone never comes back, and one the engine still makes is marked so (`still_reported`), so
that fixing it shows here and the mark is removed. The corpora are the Debian precision corpus
(bench/debian_corpus.py) and the Go standard library (bench/goroot_corpus.py); each package
directory holding a verdict is analysed as `goleash check` analyses it. A verdict whose line no
longer reads the same in the sources at hand (a newer upstream release) is about code that is
gone and is left out."""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

import pytest

from bench import debian_corpus, goroot_corpus

CORPORA = {"debian": debian_corpus, "goroot": goroot_corpus}
VERDICTS = {name: c.load_verdicts() for name, c in CORPORA.items()}


def _by_dir(verdicts: dict[str, list[dict]]) -> dict[str, list[dict]]:
    out = defaultdict(list)
    for same in verdicts.values():
        for v in same:
            out[str(PurePosixPath(v["path"]).parent)].append(v)
    return dict(sorted(out.items()))


BY_DIR = {name: _by_dir(v) for name, v in VERDICTS.items()}
CASES = [(name, d) for name in CORPORA for d in BY_DIR[name]]


@pytest.fixture(scope="module")
def sources():
    got = {}

    def src(name: str):
        if name not in got:
            corpus = CORPORA[name]
            wanted = None
            if name == "debian":
                wanted = sorted({pkg for pkg, path in corpus.PROJECTS.items() if any(d == path or d.startswith(path + "/") for d in BY_DIR[name])})
            got[name] = corpus.fetch(wanted)
        return got[name]

    return src


@pytest.mark.parametrize("name", list(CORPORA))
def test_every_verdict_is_complete(name):
    verdicts = [v for same in VERDICTS[name].values() for v in same]
    assert verdicts, "no verdicts"
    for v in verdicts:
        assert v["verdict"] in ("true", "false"), v
        assert v["verdict"] == "false" or "still_reported" not in v, v
        assert v["why"].strip(), f"{v['path']}:{v['line']}: say why"
        assert CORPORA[name].covers(v["path"]), v["path"]


@pytest.mark.parametrize(("name", "directory"), CASES, ids=[f"{n}:{d}" for n, d in CASES])
def test_judged_findings_stay_judged(sources, name, directory):
    corpus, src = CORPORA[name], sources(name)
    # (a finding is about the verdict judged at its line's code; lines that read the same are
    # told apart by where they stand)
    found = corpus.reported(VERDICTS[name], corpus.analyse_dir(src, directory))
    mine = [v for v in BY_DIR[name][directory] if corpus.still_current(src, v)]
    back = [
        f"{v['path']}:{v['line']} {v['rule']}: {v['why']}" for v in mine if v["verdict"] == "false" and not v.get("still_reported") and id(v) in found
    ]
    gone = [f"{v['path']}:{v['line']} {v['rule']}" for v in mine if v["verdict"] == "false" and v.get("still_reported") and id(v) not in found]
    lost = [f"{v['path']}:{v['line']} {v['rule']}" for v in mine if v["verdict"] == "true" and id(v) not in found]
    assert back == [], "false alarms reported again"
    assert gone == [], "no longer reported: remove still_reported from these verdicts"
    assert lost == [], "real bugs no longer found"
