"""Instructions the engine executes on one package, against a parse-only pass of its files.

CPU time on a shared two-core machine moves by 5-10% from one run to the next, more than most
changes to the engine gain or lose. Instructions counted by valgrind's callgrind repeat (with
Python's hash seed fixed) to a fraction of a percent, so two versions of the engine can be
compared on the same package, and the ratio to parse-only read without the machine's noise.

    python bench/engine_instructions.py [--package IMPORT_PATH] [--verify]
    python bench/engine_instructions.py --real-lines 400000 [--one-package]
    python bench/engine_instructions.py --tree "$(go env GOROOT)/src"

The package comes from the Debian corpus (`bench/debian_corpus.py` fetches it; default NATS
server's 208k-line `server`, the largest). Under callgrind a program runs about 50 times
slower: the default package takes about six minutes; the parse and the analysis run side by
side, one per core. `--real-lines` counts what `bench/engine_scaling.py --real-lines` times:
the corpus's projects up to that many lines, in their own packages or, with `--one-package`,
as one (400k lines: ten to fifteen minutes). `--tree` counts instead what
`bench/engine_speed.py` times: `goleash check` over a whole tree (reading, every rule, fix
verification) against reading and parsing its files; over the standard library, about a
quarter of an hour.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from engine_scaling import CHILD

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")

# the parse reads the files the check would (listed in a JSON file), without importing the rules
TREE_CHILD = r"""
import json, sys
mode, arg = sys.argv[1], sys.argv[2]
if mode == "parse":
    from goleash.rules.parse import SourceFile
    for path in json.loads(open(arg).read()):
        with open(path, "rb") as fh:
            SourceFile.parse(path, fh.read())
else:
    from goleash.rules.engine import analyze_paths
    analyze_paths([arg])
"""


def _start(mode: str, spec: Path, out_dir: Path, child: str = CHILD) -> subprocess.Popen:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_dir / mode}.out", sys.executable, "-c", child, mode, str(spec)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _instructions(proc: subprocess.Popen) -> int:
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"valgrind run failed ({proc.returncode}):\n{err[-2000:]}")
    m = _REFS.search(err)
    if m is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{err[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--package", default="github.com/nats-io/nats-server/server")
    ap.add_argument("--verify", action="store_true", help="also verify the findings' patches")
    ap.add_argument("--tree", help="instead, `goleash check` over this directory tree")
    ap.add_argument("--real-lines", type=int, default=0, help="instead, the corpus's projects up to this many lines")
    ap.add_argument("--one-package", action="store_true", help="with --real-lines: all of them as one package")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    if args.tree:
        return _tree(args.tree)
    sys.path.insert(0, str(Path(__file__).parent))
    import debian_corpus
    import engine_scaling

    from goleash.rules.parse import is_generated

    clause = None
    if args.real_lines:
        files = engine_scaling.real_files(args.real_lines)
        label = f"the corpus's projects up to {args.real_lines} lines, " + ("as one package" if args.one_package else "in their own packages")
        if args.one_package:
            # laid out as `engine_scaling` does: one directory, one package clause
            files = {f"big/{i:05d}_{k.rsplit('/', 1)[-1]}": v for i, (k, v) in enumerate(files.items())}
            clause = "big"
    else:
        pkg = debian_corpus.fetch() / args.package
        files = {f"{args.package}/{p.name}": str(p) for p in sorted(pkg.glob("*.go")) if not is_generated(p.read_bytes())}
        label = args.package
    if not files:
        raise SystemExit(f"no Go files: {label}")
    lines = sum(Path(p).read_bytes().count(b"\n") for p in files.values())
    with tempfile.TemporaryDirectory() as d:
        spec = Path(d) / "pkg.json"
        spec.write_text(json.dumps({"files": files, "package": clause}))
        parse = _start("parse", spec, Path(d))
        analysis = _start("check" if args.verify else "analyse", spec, Path(d))
        parse_n, analysis_n = _instructions(parse), _instructions(analysis)
    result = {
        "package": label,
        "files": len(files),
        "lines": lines,
        "parse_only_instructions": parse_n,
        ("check" if args.verify else "analysis") + "_instructions": analysis_n,
        # both counts include starting Python and importing what the run needs: a few hundred
        # million instructions, a percent or two of the ratio
        "ratio_vs_parse_only": round(analysis_n / parse_n, 2),
    }
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


def _tree(tree: str) -> int:
    from goleash.rules.engine import collect_files

    files, _ = collect_files([tree])
    with tempfile.TemporaryDirectory() as d:
        listing = Path(d) / "files.json"
        listing.write_text(json.dumps(list(files)))
        parse = _start("parse", listing, Path(d), TREE_CHILD)
        check = _start("check", Path(tree), Path(d), TREE_CHILD)
        parse_n, check_n = _instructions(parse), _instructions(check)
    result = {
        "tree": tree,
        "files": len(files),
        "lines": sum(data.count(b"\n") + 1 for data in files.values()),
        "read_and_parse_instructions": parse_n,
        "check_instructions": check_n,
        "ratio_vs_parse_only": round(check_n / parse_n, 2),
    }
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
