"""Does the engine's cost grow linearly with package size?

Generates one Go package of N functions, each starting a goroutine that writes a shared map,
takes a mutex and sends on a channel (the shapes every rule family looks at), and analyses it
in a fresh process for N = 250, 500, 1000 (one file) and for a package of many files that
reaches ~400k lines. Prints, per size, lines, seconds, peak memory (max RSS), microseconds
per line, and the ratio to a tree-sitter parse-only pass of the same files, with and without
verifying the findings' patches.

    python bench/engine_scaling.py [--sizes 250,500,1000] [--big-lines 400000] [--real-lines 400000]
                                   [--real-package github.com/nats-io/nats-server/server [--package-parts 4,2]]

Every other function forgets the lock, so each size also reports (and verifies the patch of)
one finding per two functions: the cost of findings is part of what must stay linear. That
density (one finding per 26 lines, thousands of times real code's) makes the generated
package dear per line whatever the engine does; `--real-lines` asks the same question of real
code: the Debian corpus's projects (syncthing first; `bench/debian_corpus.py` fetches them)
analysed once as one package of that many lines (every file's package clause made the same),
and once in their own packages. The one package is denser than any real one: the projects'
types share one namespace, so every `Conn` or `Server` of nine projects is one type to it.
`--real-package` measures one real package as it is and, with `--package-parts`, the same
files dealt into smaller packages: real code's own answer to whether the cost per line grows
with the package.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = """package scaled

import "sync"

var (
	mu     sync.Mutex
	shared = map[int]int{}
	events = make(chan int)
)

"""

FUNC = """// Worker{i} records its result and announces it; every other one forgets the lock.
func Worker{i}(n int) {{
	go func() {{
		{lock}
		shared[{i}] = n
		{unlock}
		select {{
		case events <- {i}:
		default:
		}}
	}}()
}}

"""


def write_package(root: Path, funcs: int, per_file: int) -> int:
    lines = 0
    for start in range(0, funcs, per_file):
        body = HEADER if start == 0 else "package scaled\n\n"
        body += "".join(
            FUNC.format(i=i, lock="mu.Lock()" if i % 2 else "", unlock="mu.Unlock()" if i % 2 else "")
            for i in range(start, min(funcs, start + per_file))
        )
        (root / f"f{start // per_file:04d}.go").write_text(body)
        lines += body.count("\n")
    return lines


CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, root = sys.argv[1], sys.argv[2]
if root.endswith(".json"):  # real files: {"files": {path: file on disk}, "package": clause or null}
    import re
    spec = json.loads(Path(root).read_text())
    files = {k: Path(v).read_bytes() for k, v in spec["files"].items()}
    if spec["package"]:  # one package clause for all: one package view
        clause = re.compile(rb"^package[ \t]+\w+", re.M)
        files = {k: clause.sub(b"package " + spec["package"].encode(), v, count=1) for k, v in files.items()}
else:
    files = {str(p): p.read_bytes() for p in sorted(Path(root).glob("*.go"))}
# imported before the clock starts, as a worker imports them once, not once per review
from goleash.rules.parse import SourceFile
if mode != "parse":
    from goleash.rules.engine import analyze_sources
t0 = time.process_time()
if mode == "parse":
    for path, data in files.items():
        SourceFile.parse(path, data)
    findings = 0
else:
    report = analyze_sources(files, verify_fixes=mode == "check")
    findings = len(report.findings)
cpu = time.process_time() - t0
print(json.dumps({"cpu_s": cpu, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "findings": findings}))
"""


def run(mode: str, root: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(root)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(label: str, funcs: int, per_file: int) -> dict:
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        lines = write_package(root, funcs, per_file)
        parse, analysis, full = run("parse", root), run("analyse", root), run("check", root)
    return _row({"case": label, "functions": funcs}, lines, parse, analysis, full)


def _row(head: dict, lines: int, parse: dict, analysis: dict, full: dict) -> dict:
    return {
        **head,
        "lines": lines,
        "check_cpu_s": round(full["cpu_s"], 2),
        "parse_cpu_s": round(parse["cpu_s"], 2),
        "ratio_vs_parse_only": round(full["cpu_s"] / max(parse["cpu_s"], 1e-6), 2),
        # the rules alone, without verifying the findings' patches (which re-analyses the
        # patched package, for up to twice the analysis's time)
        "analysis_ratio_vs_parse_only": round(analysis["cpu_s"] / max(parse["cpu_s"], 1e-6), 2),
        "us_per_line": round(full["cpu_s"] / lines * 1e6, 1),
        "max_rss_mb": round(full["max_rss_mb"]),
        "findings": full["findings"],
    }


# the corpus's projects, syncthing first
_REAL_PROJECTS = (
    "github.com/syncthing",
    "github.com/lucas-clemente",
    "github.com/miekg",
    "github.com/dgraph-io",
    "github.com/hashicorp",
    "github.com/go-kit",
    "github.com/Shopify",
    "github.com/segmentio",
    "github.com/valyala",
)


def real_files(lines_wanted: int) -> dict[str, str]:
    """Up to `lines_wanted` lines of the corpus's Go files (no testdata, vendor or generated
    code, as the engine skips them): path as analysed in its own package -> file on disk."""
    sys.path.insert(0, str(Path(__file__).parent))
    import debian_corpus

    from goleash.rules.parse import is_generated

    root = debian_corpus.fetch()
    out: dict[str, str] = {}
    lines = 0
    for proj in _REAL_PROJECTS:
        for p in sorted((root / proj).rglob("*.go")):
            rel = str(p.relative_to(root))
            if "/testdata/" in rel or "/vendor/" in rel:
                continue
            data = p.read_bytes()
            if is_generated(data):
                continue
            out[rel] = str(p)
            lines += data.count(b"\n")
            if lines >= lines_wanted:
                return out
    return out


def measure_real(lines_wanted: int) -> list[dict]:
    own = real_files(lines_wanted)
    lines = sum(Path(p).read_bytes().count(b"\n") for p in own.values())
    # one directory and one package clause: one package view of every file (each file keeps
    # its own name)
    merged = {f"big/{i:05d}_{k.rsplit('/', 1)[-1]}": v for i, (k, v) in enumerate(own.items())}
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for label, layout, clause in (("real code, one package", merged, "big"), ("real code, its own packages", own, None)):
            spec = Path(d) / f"{len(rows)}.json"
            spec.write_text(json.dumps({"files": layout, "package": clause}))
            parse, analysis, full = run("parse", spec), run("analyse", spec), run("check", spec)
            rows.append(_row({"case": label, "files": len(layout)}, lines, parse, analysis, full))
    return rows


def measure_package(import_path: str) -> dict:
    """One real package of the Debian corpus, as it is (NATS server's 208k-line `server` is
    the largest)."""
    files = _package_files(import_path)
    lines = sum(Path(p).read_bytes().count(b"\n") for p in files.values())
    with tempfile.TemporaryDirectory() as d:
        spec = Path(d) / "pkg.json"
        spec.write_text(json.dumps({"files": files, "package": None}))
        parse, analysis, full = run("parse", spec), run("analyse", spec), run("check", spec)
    return _row({"case": import_path, "files": len(files)}, lines, parse, analysis, full)


def measure_package_parts(import_path: str, parts: int) -> dict:
    """The same package's files dealt into `parts` packages (every Nth file, from each of the
    N first), each analysed on its own: the same lines, in smaller packages. A whole package
    dearer than its parts together is cost that grows faster than the package, or work the
    parts cannot do (what one part declares, the others do not see); a real package's files
    differ, so one part alone says little (a quarter of NATS server's files costs 4.7x to 7.0x
    parse-only, depending on which)."""
    files = list(_package_files(import_path).items())
    lines = sum(Path(p).read_bytes().count(b"\n") for _, p in files)
    parse = analysis = 0.0
    with tempfile.TemporaryDirectory() as d:
        for k in range(parts):
            spec = Path(d) / f"part{k}.json"
            spec.write_text(json.dumps({"files": dict(files[k::parts]), "package": None}))
            parse += run("parse", spec)["cpu_s"]
            analysis += run("analyse", spec)["cpu_s"]
    return {
        "case": f"{import_path}, dealt into {parts} packages",
        "lines": lines,
        "parse_cpu_s": round(parse, 2),
        "analysis_cpu_s": round(analysis, 2),
        "analysis_ratio_vs_parse_only": round(analysis / max(parse, 1e-6), 2),
    }


def _package_files(import_path: str) -> dict[str, str]:
    sys.path.insert(0, str(Path(__file__).parent))
    import debian_corpus

    from goleash.rules.parse import is_generated

    pkg = debian_corpus.fetch() / import_path
    return {f"{import_path}/{p.name}": str(p) for p in sorted(pkg.glob("*.go")) if not is_generated(p.read_bytes())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="250,500,1000")
    ap.add_argument("--big-lines", type=int, default=0, help="also a generated package of this many lines")
    ap.add_argument("--real-lines", type=int, default=0, help="also real code of this many lines, as one package and as its own")
    ap.add_argument("--real-package", action="append", default=[], metavar="IMPORT_PATH", help="also this package of the Debian corpus (repeatable)")
    ap.add_argument("--package-parts", default="", help="for each --real-package, also its files dealt into this many packages (e.g. 4,2)")
    args = ap.parse_args()
    started = time.time()
    rows = [measure(f"one file, {n} functions", n, n) for n in map(int, args.sizes.split(","))]
    if args.big_lines:
        per_func = FUNC.count("\n")
        funcs = args.big_lines // per_func
        rows.append(measure(f"one package, {funcs} functions in files of 200", funcs, 200))
    for r in rows:
        print(json.dumps(r))
    if args.real_lines:
        for r in measure_real(args.real_lines):
            print(json.dumps(r))
    for import_path in args.real_package:
        print(json.dumps(measure_package(import_path)))
        for parts in map(int, filter(None, args.package_parts.split(","))):
            print(json.dumps(measure_package_parts(import_path, parts)))
    base = rows[0]["us_per_line"]
    print(
        json.dumps(
            {
                "per_line_cost_vs_smallest": [round(r["us_per_line"] / base, 2) for r in rows],
                "note": "linear means the per-line cost stays flat as size grows",
                "seconds": round(time.time() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
