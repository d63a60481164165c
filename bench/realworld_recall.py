"""Recall on fixed concurrency bugs from open-source Go projects: goleash over the buggy and the
fixed version of every case in tests/realworld/ (docs/realworld-corpus.md).

    python bench/realworld_recall.py [--case NAME]... [--json FILE]

Each case's README names the line the upstream fix changed (`bug: buggy/<file>.go:<line>`). A
case is found when a finding on the buggy version starts within 3 lines of that line, in that
file. Some READMEs also name other lines of the same bug (`also:` the blocked send of a leak whose
fix buffered the channel, the other half of a lock-order pair, the acquisition of a leaked
resource, the conflicting access of a race); a finding near one of those counts in a second, looser
figure, never in recall. A third figure takes the fix itself: a finding within 3 lines of any line
the buggy/fixed diff changes (the lines it edits or deletes, and the two lines around an insertion),
which is how the fix commits were first measured. Prints, per case, found or not, the findings on
buggy and on fixed (with their rules); then the figures, findings per case, and the fixed versions
that still draw findings. A finding on fixed/ that the README judges a second real bug, one the
upstream code keeps after its fix (`kept: fixed/<file>.go:<line> <rule>: why`), is listed apart.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from contextlib import chdir
from pathlib import Path

from goleash.rules.engine import analyze_paths

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "realworld"
NEAR = 3

_BUG = re.compile(r"^bug:\s*`?buggy/(?P<file>[\w./-]+\.go):(?P<line>\d+)`?\s*$", re.M)
_KIND = re.compile(r"^kind:\s*(?P<kind>.+?)\s*$", re.M)
_ALSO = re.compile(r"^also:\s*(?P<lines>.+?)\s*$", re.M)
_PLACE = re.compile(r"buggy/(?P<file>[\w./-]+\.go):(?P<line>\d+)")
# another bug the upstream fix leaves in place, judged real: `kept: fixed/<file>.go:<line> <rule>: why`
_KEPT = re.compile(r"^kept:\s*fixed/(?P<file>[\w./-]+\.go):(?P<line>\d+)\s+(?P<rule>[\w-]+):\s*\S.*$", re.M)


def cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_dir() and (p / "README.md").is_file())


def bug_line(case: Path) -> tuple[str, int]:
    """The file (relative to buggy/) and line the upstream fix changed, as the README names them."""
    m = _BUG.search((case / "README.md").read_text(encoding="utf-8"))
    if not m:
        raise ValueError(f"{case.name}: README has no `bug: buggy/<file>.go:<line>` line")
    return m["file"], int(m["line"])


def also_lines(case: Path) -> list[tuple[str, int]]:
    """Other lines of the same bug that the README names, as (file relative to buggy/, line)."""
    m = _ALSO.search((case / "README.md").read_text(encoding="utf-8"))
    return [(p["file"], int(p["line"])) for p in _PLACE.finditer(m["lines"])] if m else []


def kept(case: Path) -> set[tuple[str, int, str]]:
    """Findings on fixed/ that the README judges a second real bug, one the upstream fix keeps too."""
    text = (case / "README.md").read_text(encoding="utf-8")
    return {(m["file"], int(m["line"]), m["rule"]) for m in _KEPT.finditer(text)}


def kind(case: Path) -> str:
    m = _KIND.search((case / "README.md").read_text(encoding="utf-8"))
    return m["kind"] if m else "?"


def findings(directory: Path) -> list[tuple[str, int, str]]:
    """(file relative to `directory`, line, rule) of every finding, as `goleash check DIR` gives them."""
    with chdir(directory):
        report = analyze_paths(["."])
    return [(str(Path(f.span.path)), f.span.start_line, f.rule_id) for f in report.findings]


def fix_lines(case: Path) -> list[tuple[str, int]]:
    """(file relative to buggy/, line) of every buggy line the fix changes."""
    out = []
    for b in sorted((case / "buggy").rglob("*.go")):
        rel = b.relative_to(case / "buggy")
        f = case / "fixed" / rel
        old = b.read_text(encoding="utf-8").splitlines()
        new = f.read_text(encoding="utf-8").splitlines() if f.is_file() else []
        for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            lines = range(i1 + 1, i2 + 1) if i2 > i1 else (i1, i1 + 1)
            out.extend((str(rel), ln) for ln in lines)
    return out


def measure(case: Path) -> dict:
    file, line = bug_line(case)
    buggy = findings(case / "buggy")
    fixed = findings(case / "fixed")
    near = [r for f, ln, r in buggy if f == file and abs(ln - line) <= NEAR]
    places = [(file, line), *also_lines(case)]
    near_any = [r for f, ln, r in buggy if any(f == pf and abs(ln - pl) <= NEAR for pf, pl in places)]
    changed = fix_lines(case)
    near_fix = [r for f, ln, r in buggy if any(f == cf and abs(ln - cl) <= NEAR for cf, cl in changed)]
    return {
        "case": case.name,
        "kind": kind(case),
        "bug": f"{file}:{line}",
        "found": bool(near),
        "found_by": sorted(set(near)),
        "found_same_bug": bool(near_any),
        "found_near_fix": bool(near_fix),
        "buggy": buggy,
        "fixed": [x for x in fixed if x not in kept(case)],
        "fixed_kept": [x for x in fixed if x in kept(case)],
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", action="append", help="only this case directory name (repeatable)")
    ap.add_argument("--json", metavar="FILE", help="also write the per-case results as JSON")
    args = ap.parse_args()
    selected = [c for c in cases() if not args.case or c.name in args.case]
    if not selected:
        print("no cases", file=sys.stderr)
        return 2
    results = []
    print(f"{'case':40} {'kind':18} {'found':5} {'also':4} {'buggy':>5} {'fixed':>5}  rules (buggy | fixed)")
    for case in selected:
        r = measure(case)
        results.append(r)
        b_rules = ",".join(sorted({x[2] for x in r["buggy"]})) or "-"
        f_rules = ",".join(sorted({x[2] for x in r["fixed"]})) or "-"
        print(
            f"{r['case']:40} {r['kind'][:18]:18} {'yes' if r['found'] else 'no':5} "
            f"{'yes' if r['found_same_bug'] else 'no':4} {len(r['buggy']):>5} "
            f"{len(r['fixed']):>5}  {b_rules} | {f_rules}",
            flush=True,
        )
    n = len(results)
    found = sum(r["found"] for r in results)
    on_buggy = sum(len(r["buggy"]) for r in results)
    noisy_fixed = [r for r in results if r["fixed"]]
    print()
    print(f"cases: {n}")
    print(f"recall: {found}/{n} = {found / n:.1%} (a finding within {NEAR} lines of the bug line)")
    same = sum(r["found_same_bug"] for r in results)
    print(f"found at the bug line or another line of the same bug: {same}/{n} = {same / n:.1%}")
    near_fix = sum(r["found_near_fix"] for r in results)
    print(f"found within {NEAR} lines of a line the fix changes (buggy/fixed diff): {near_fix}/{n} = {near_fix / n:.1%}")
    on_fixed = sum(len(r["fixed"]) for r in results)
    with_kept = on_fixed + sum(len(r["fixed_kept"]) for r in results)
    print(f"findings per case on buggy: {on_buggy / n:.2f}; on fixed: {on_fixed / n:.2f} ({with_kept / n:.2f} with the judged second bugs)")
    by_kind: dict[str, list[int]] = {}
    for r in results:
        k = by_kind.setdefault(r["kind"], [0, 0])
        k[0] += r["found"]
        k[1] += 1
    print("recall by kind: " + ", ".join(f"{k} {f}/{t}" for k, (f, t) in sorted(by_kind.items())))
    print(f"rules that found a bug: {dict(Counter(rule for r in results for rule in r['found_by']).most_common())}")
    # A finding elsewhere in a missed case may still be about the same bug (reported where the
    # lock is taken, or at the call that re-enters it) or may be about something else: listed so
    # that a reader can judge, never counted as found.
    elsewhere = [r for r in results if not r["found_same_bug"] and r["buggy"]]
    print(f"missed cases with findings elsewhere in buggy: {len(elsewhere)}")
    for r in elsewhere:
        print(f"  {r['case']} (bug {r['bug']}): " + ", ".join(f"{f}:{ln} {rule}" for f, ln, rule in r["buggy"]))
    print(f"fixed versions with findings: {len(noisy_fixed)}")
    for r in noisy_fixed:
        print(f"  {r['case']}: " + ", ".join(f"{f}:{ln} {rule}" for f, ln, rule in r["fixed"]))
    # Judged in the case's README (`kept:`), with the upstream code that keeps the same bug: not
    # noise on fixed code, and not counted as such; listed so that the judgement stays visible.
    kept_fixed = [r for r in results if r["fixed_kept"]]
    print(f"fixed versions whose only findings are a second real bug upstream keeps too: {len(kept_fixed)}")
    for r in kept_fixed:
        print(f"  {r['case']}: " + ", ".join(f"{f}:{ln} {rule}" for f, ln, rule in r["fixed_kept"]))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
