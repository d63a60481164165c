"""Where the analysis's time goes: each rule's share, the parse, and the rest, on real code.

The engine runs the rules one after another on each package, and the package's model is built
as the rules ask for it: a rule is charged for the pieces of the model it asks first (the
map-race rule, first in the catalog, pays for the goroutine roots every later rule reads).
Shares are CPU seconds, summed over the packages; `parse_only_s` is a parse-only pass of the
same files, the yardstick of `bench/engine_scaling.py`. `rules_budget_s` is what the rules may
cost for the whole analysis to stay within `--within` times parse-only, given what the parse
and the engine's own bookkeeping cost:

    python bench/rule_costs.py [--package IMPORT_PATH] [--real-lines N [--one-package]] [--within 3]

The files come from the Debian corpus (`bench/debian_corpus.py` fetches it); default NATS
server's 208k-line `server`, the largest package. Fixes are not verified: verification runs
the rules again on each patched package, so its cost follows theirs.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import engine_scaling  # noqa: E402  (the same corpus layouts the scaling bench times)

from goleash.rules.catalog import all_rules  # noqa: E402
from goleash.rules.engine import analyze_sources  # noqa: E402
from goleash.rules.parse import SourceFile  # noqa: E402

_CLAUSE = re.compile(rb"^package[ \t]+\w+", re.M)


def costs(files: dict[str, bytes], within: float) -> dict:
    spent: Counter[str] = Counter()

    def timed(rule):
        def run(view):
            started = time.process_time()
            try:
                return list(rule.run(view))
            finally:
                spent[rule.id] += time.process_time() - started

        return dataclasses.replace(rule, run=run)

    rules = [timed(r) for r in all_rules()]
    started = time.process_time()
    report = analyze_sources(files, rules=rules, verify_fixes=False)
    total = time.process_time() - started
    started = time.process_time()
    for path, data in files.items():
        SourceFile.parse(path, data)
    parse = time.process_time() - started
    in_rules = sum(spent.values())
    outside = total - in_rules  # the parse, grouping files into packages, letting models go
    return {
        "lines": report.lines_analyzed,
        "findings": len(report.findings),
        "analysis_s": round(total, 2),
        "parse_only_s": round(parse, 2),
        "ratio_vs_parse_only": round(total / max(parse, 1e-6), 2),
        "rules_s": round(in_rules, 2),
        "outside_rules_s": round(outside, 2),
        "rules_budget_s": round(within * parse - outside, 2),
        "by_rule_s": {rid: round(s, 3) for rid, s in spent.most_common() if s >= 0.0005},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--package", default="github.com/nats-io/nats-server/server", metavar="IMPORT_PATH")
    ap.add_argument("--real-lines", type=int, default=0, help="instead, the corpus's projects up to this many lines, in their own packages")
    ap.add_argument("--one-package", action="store_true", help="with --real-lines: all of them as one package")
    ap.add_argument("--within", type=float, default=3.0, help="the target, in times parse-only (default 3)")
    args = ap.parse_args()
    if args.real_lines:
        layout = engine_scaling.real_files(args.real_lines)
        if args.one_package:
            layout = {f"big/{i:05d}_{k.rsplit('/', 1)[-1]}": v for i, (k, v) in enumerate(layout.items())}
    else:
        layout = engine_scaling._package_files(args.package)
    if not layout:
        sys.exit("no Go files found: is the Debian corpus fetched (bench/debian_corpus.py)?")
    files = {k: Path(v).read_bytes() for k, v in layout.items()}
    if args.one_package:
        # one package clause for all, as `engine_scaling.py --real-lines` makes it
        files = {k: _CLAUSE.sub(b"package big", v, count=1) for k, v in files.items()}
    print(json.dumps(costs(files, args.within), indent=1))


if __name__ == "__main__":
    main()
