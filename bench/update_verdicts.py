"""Keep bench/verdicts/<corpus>.json in step with the engine.

    python bench/update_verdicts.py [--corpus debian|goroot] [--add JUDGED.json]...

--add merges verdicts judged from `precision_corpus.py --write-unjudged` output (a JSON list of
{rule, path, line, text, verdict, why}); one for the same rule, file and line as an earlier
verdict replaces it. Then every verdict's package is analysed the way
tests/rules/test_corpus_verdicts.py analyses it, and `still_reported` is set on the false
alarms the engine still makes and removed from those it no longer makes. Prints what changed,
and exits 1 when a true verdict is no longer found (a lost bug: fix the engine, not the file).
"""

from __future__ import annotations

import argparse
import json
import posixpath
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import debian_corpus  # noqa: E402
import goroot_corpus  # noqa: E402

CORPORA = {"debian": debian_corpus, "goroot": goroot_corpus}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--add", action="append", default=[], metavar="JUDGED.json")
    ap.add_argument("--corpus", choices=sorted(CORPORA), default="debian")
    args = ap.parse_args()
    corpus = CORPORA[args.corpus]
    data = json.loads(corpus.VERDICTS.read_text(encoding="utf-8"))
    # Several findings may share a key (the same code on several lines): one verdict each.
    verdicts = {(v["rule"], v["path"], v["line"]): v for v in data["verdicts"]}
    added: set[tuple] = set()
    for name in args.add:
        for v in json.loads(Path(name).read_text(encoding="utf-8")):
            if v.get("verdict") not in ("true", "false") or not v.get("why"):
                raise SystemExit(f"{name}: every verdict needs verdict true/false and why: {v}")
            verdicts[(v["rule"], v["path"], v["line"])] = {k: v[k] for k in ("rule", "path", "line", "text", "verdict", "why")}
            added.add((v["rule"], v["path"], v["line"]))
            print(f"added   {v['verdict']:5} {v['rule']} {v['path']}:{v['line']}")
    src = corpus.fetch()
    by_key: dict[str, list[dict]] = {}
    for v in verdicts.values():
        by_key.setdefault(corpus.key(v["rule"], v["path"], v["text"]), []).append(v)
    found: set[int] = set()  # the verdicts some finding is about
    for d in sorted({posixpath.dirname(v["path"]) for v in verdicts.values()}):
        found |= corpus.reported(by_key, corpus.analyse_dir(src, d))
    lost = 0
    for v in verdicts.values():
        if not corpus.still_current(src, v):
            print(f"stale   {v['verdict']:5} {v['rule']} {v['path']}:{v['line']} (the code there changed upstream)")
            continue
        now = id(v) in found
        if v["verdict"] == "true":
            if not now:
                lost += 1
                print(f"LOST    true  {v['rule']} {v['path']}:{v['line']}")
            continue
        if now and not v.get("still_reported"):
            v["still_reported"] = True
            if (v["rule"], v["path"], v["line"]) not in added:
                print(f"back    false {v['rule']} {v['path']}:{v['line']} (a false alarm that was gone)")
        elif not now and v.get("still_reported"):
            del v["still_reported"]
            print(f"gone    false {v['rule']} {v['path']}:{v['line']}")
    data["verdicts"] = sorted(verdicts.values(), key=lambda v: (v["path"], v["line"], v["rule"]))
    corpus.VERDICTS.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
