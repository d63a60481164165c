"""Precision on code nobody here wrote: goleash over the Debian precision corpus
(bench/debian_corpus.py) or the Go standard library (bench/goroot_corpus.py), compared with the
verdicts judged one finding at a time in bench/verdicts/<corpus>.json (true bug, or false alarm
and why).

    python bench/precision_corpus.py [--corpus debian|goroot] [--project IMPORT_PATH]... [--write-unjudged FILE]

Prints, per project, lines analysed, findings, judged true / false / not yet judged, and false
alarms per 100k lines (a finding not judged yet counts as false); then totals and patches
offered. Exit 1 when a false alarm that was gone is reported again (false alarms the engine still
makes are marked `still_reported` in the verdicts) or a finding has no verdict.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import debian_corpus  # noqa: E402
import goroot_corpus  # noqa: E402

CORPORA = {"debian": debian_corpus, "goroot": goroot_corpus}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", action="append", help="only this import path (repeatable)")
    ap.add_argument("--write-unjudged", metavar="FILE", help="write the findings without a verdict as JSON")
    ap.add_argument("--corpus", choices=sorted(CORPORA), default="debian")
    args = ap.parse_args()
    corpus = CORPORA[args.corpus]
    src = corpus.fetch()
    verdicts = corpus.load_verdicts()
    # (two Debian packages may unpack into one import path: minio-go's v6 and v7)
    projects = [p for p in dict.fromkeys(corpus.PROJECTS.values()) if not args.project or p in args.project]
    totals = {"lines": 0, "findings": 0, "true": 0, "false": 0, "unjudged": 0, "seconds": 0.0}
    fixes = {"true": 0, "false": 0, "unjudged": 0}
    unjudged, repeated = [], []
    print(f"{'project':38} {'lines':>9} {'finds':>5} {'true':>4} {'false':>5} {'new':>4} {'FA/100k':>7} {'s':>6}")
    for project in projects:
        res = corpus.analyse(src, project)
        counts = {"true": 0, "false": 0, "unjudged": 0}
        for f in res["findings"]:
            v = corpus.verdict_of(verdicts, f)
            verdict = v["verdict"] if v else "unjudged"
            counts[verdict] += 1
            fixes[verdict] += f["fixes"]
            if verdict == "unjudged":
                unjudged.append(f)
            elif verdict == "false" and not v.get("still_reported"):
                repeated.append(f)
        for k in ("lines", "seconds"):
            totals[k] += res[k]
        totals["findings"] += len(res["findings"])
        for k, n in counts.items():
            totals[k] += n
        per = (counts["false"] + counts["unjudged"]) * 1e5 / max(res["lines"], 1)
        print(
            f"{project:38} {res['lines']:>9} {len(res['findings']):>5} {counts['true']:>4} {counts['false']:>5} "
            f"{counts['unjudged']:>4} {per:>7.2f} {res['seconds']:>6}",
            flush=True,
        )
    per = (totals["false"] + totals["unjudged"]) * 1e5 / max(totals["lines"], 1)
    print(
        f"{'total':38} {totals['lines']:>9} {totals['findings']:>5} {totals['true']:>4} {totals['false']:>5} "
        f"{totals['unjudged']:>4} {per:>7.2f} {totals['seconds']:>6.0f}"
    )
    print(f"patches offered: {sum(fixes.values())} (on true bugs {fixes['true']}, on false alarms {fixes['false']}, not judged {fixes['unjudged']})")
    for f in repeated:
        print(f"judged false, reported again: {f['path']}:{f['line']} {f['rule']}", file=sys.stderr)
    if args.write_unjudged:
        Path(args.write_unjudged).write_text(json.dumps(unjudged, indent=1) + "\n", encoding="utf-8")
    return 1 if repeated or unjudged else 0


if __name__ == "__main__":
    raise SystemExit(main())
