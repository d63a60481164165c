"""What the replay catches at run time, per kind of bug, and what it costs.

Replays (the real sandbox, the default ReplayConfig) every runnable proof of the project, each
case as its own buggy and fixed package:

* blocking bugs: tests/hangproof (each Go test on its rule's fixture package), the leaking
  shapes of tests/leakproof, and the leaks of tests/replay/testdata/detect;
* data races: tests/raceproof (each Go test on its rule's fixture package);
* runtime panics: the panicking cases of tests/replay/testdata/detect.

A case is detected when a runtime finding on the buggy package lands on the line where the bug
happens: a ``// want "<rule>"`` line of the fixture (for a hang, also one of the blocked
goroutine's callers), the ``// runtime: <rule>`` line of a detect case, the blocking statement
of a leakproof shape, or for a hang or leak a blocking statement (channel operation, Lock,
Wait, select, range) in the package's own code. Findings on fixed versions must be
none. Then the overhead: clean packages replayed the way the replay worked before these checks
(no leak check, no repetitions, one hang timeout for the whole package, the race runtime's
one-second sleep at exit) and as it works now.

    python bench/replay_detection.py [--jobs N] [--only hang|leak|race|detect]

The trusted build cache is kept in $GOLEASH_BENCH_REPLAY_CACHE (default
/tmp/goleash-bench-replay-cache): the first run also builds it (about two minutes).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from goleash.replay import ReplayConfig, chown_tree, replay_workdir  # noqa: E402
from goleash.replay.sandbox import NOBODY  # noqa: E402

TESTS = ROOT / "tests"
FIXTURES = TESTS / "rules" / "testdata" / "src"
DETECT = TESTS / "replay" / "testdata" / "detect"
SHAPES = TESTS / "leakproof" / "testdata" / "shapes"
RUNTIME = {"race-detected", "hang-detected", "leak-detected"}
BLOCKING = {"hang-detected", "leak-detected"}
_TEST_FUNC = re.compile(r"^func (Test\w+)\(t \*testing\.T\)", re.M)
_WANT = re.compile(r'// want "([a-z0-9-]+)')
_RUNTIME_MARK = re.compile(r"// runtime: ([a-z0-9-]+)")

# leakproof shapes: the function and the statement its goroutine stays blocked on
SHAPE_LINES = {
    "goroutine-send-leak-fetch": ("FetchBuggy", "ch <- get(url)"),
    "goroutine-send-leak-firstError": ("FirstErrorBuggy", "errc <- check(u)"),
    "range-unclosed-channel": ("ProcessBuggy", "for j := range work"),
    "select-loop-no-exit": ("StartWorkerBuggy", "time.Sleep(time.Millisecond)"),
    "nil-channel-op": ("RunJobBuggy", "done <- struct{}{}"),
}


@dataclass
class Case:
    kind: str  # blocking | race | panic
    name: str
    module: Path  # a module dir to replay (made for this case)
    buggy: str  # package dirs, relative to the module's parent (the work dir)
    fixed: str | None
    lines: set[tuple[str, int]]  # where the bug happens (repo-relative path, line)
    rules: set[str]  # finding rules that count
    detected: bool = False
    on_line: bool = False
    fixed_findings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    note: str = ""


def _is_runtime(rule: str) -> bool:
    return not rule.startswith("vet-")


def _lines_marked(pkg_dir: Path, rel_dir: str, pattern: re.Pattern, rule: str | None) -> set[tuple[str, int]]:
    out = set()
    for f in sorted(pkg_dir.glob("*.go")):
        for i, ln in enumerate(f.read_text().splitlines(), 1):
            m = pattern.search(ln)
            if m and (rule is None or m.group(1) == rule):
                out.add((f"{rel_dir}/{f.name}", i))
    return out


def _proof_cases(base: Path, proof: str, kind: str, rules: set[str]) -> list[Case]:
    """One case per Go test of tests/<proof>/go: the fixture's buggy and fixed packages with
    that test alone (the file's other tests renamed away)."""
    cases = []
    for gofile in sorted((TESTS / proof / "go").glob("*_test.go")):
        text = gofile.read_text()
        rule = re.search(rf"^// {proof}: ([a-z0-9-]+)$", text, re.M).group(1)
        for test in _TEST_FUNC.findall(text):
            name = f"{rule}/{test}"
            mod = base / proof / rule / test
            for v in ("buggy", "fixed"):
                d = mod / v
                d.mkdir(parents=True)
                for f in (FIXTURES / rule / v).glob("*.go"):
                    shutil.copy(f, d / f.name)
                body = text.replace(f"package {proof}", f"package {v}", 1)
                body = _TEST_FUNC.sub(lambda m: m.group(0) if m.group(1) == test else f"func disabled{m.group(1)}(t *testing.T)", body)
                (d / f"{proof}_test.go").write_text(body)
            (mod / "go.mod").write_text(f"module {proof}\n\ngo 1.22\n")
            rel = f"{proof}/{rule}/{test}"
            cases.append(Case(kind, name, mod, f"{rel}/buggy", f"{rel}/fixed", _lines_marked(mod / "buggy", f"{rel}/buggy", _WANT, rule), rules))
    return cases


def _shape_cases(base: Path) -> list[Case]:
    mod = base / "leakproof" / "shapes"
    shutil.copytree(SHAPES, mod)
    src = (mod / "buggy.go").read_text().splitlines()
    cases = []
    for name, (func, stmt) in SHAPE_LINES.items():
        start = next(i for i, ln in enumerate(src) if ln.startswith(f"func {func}("))
        line = next(i for i in range(start, len(src)) if stmt in src[i]) + 1
        # buggy and fixed versions share one package: its fixed.go must stay clean
        cases.append(Case("blocking", f"leakproof/{name}", mod, "leakproof/shapes", None, {("leakproof/shapes/buggy.go", line)}, BLOCKING))
    return cases


def _detect_cases(base: Path) -> list[Case]:
    mod = base / "detect"
    shutil.copytree(DETECT, mod)
    cases = []
    for d in sorted(p for p in mod.iterdir() if (p / "buggy").is_dir()):
        lines = _lines_marked(d / "buggy", f"detect/{d.name}/buggy", _RUNTIME_MARK, None)
        rules = {m.group(1) for f in (d / "buggy").glob("*.go") for m in _RUNTIME_MARK.finditer(f.read_text())}
        kind = "blocking" if rules & BLOCKING else "race" if "race-detected" in rules else "panic"
        cases.append(
            Case(kind, f"detect/{d.name}", mod, f"detect/{d.name}/buggy", f"detect/{d.name}/fixed", lines, BLOCKING if kind == "blocking" else rules)
        )
    return cases


_BLOCKING_OP = re.compile(r"<-|\.(?:R?Lock|Wait)\(|\bselect\b|\brange\b|time\.Sleep\(")


def _hits(f, lines: set[tuple[str, int]], work: Path) -> bool:
    """On the line where it happens: a marked line (for a hang, also one of the blocked
    goroutine's callers); or, for a hang or leak in the package's own code (not its test), a
    line that blocks. The static fixtures' `want` lines are where a rule reports, which for a
    missed Done or a deferred Unlock is not where the goroutine then blocks."""
    locs = {(f.span.path, f.span.start_line)}
    if f.rule_id == "race-detected":
        locs |= {(r.span.path, r.span.start_line) for r in f.related if r.message.startswith("the other access")}
    if f.rule_id in BLOCKING:
        locs |= {(r.span.path, r.span.start_line) for r in f.related if r.message.startswith("called from")}
    if locs & lines:
        return True
    if f.rule_id in BLOCKING and not f.span.path.endswith("_test.go"):
        src = (work / f.span.path).read_text().splitlines()
        return 0 < f.span.start_line <= len(src) and bool(_BLOCKING_OP.search(src[f.span.start_line - 1]))
    return False


def _replay(work: Path, dirs: list[str], cache: Path, cfg: ReplayConfig):
    return replay_workdir(work, dirs, cache_dir=cache, config=cfg)


def run_case(c: Case, work: Path, cache: Path, cfg: ReplayConfig, shapes_result: dict) -> Case:
    if c.fixed is None:  # leakproof shapes: one replay for all of them
        key = c.buggy
        if key not in shapes_result:
            t = time.monotonic()
            shapes_result[key] = (_replay(work, [c.buggy], cache, cfg), time.monotonic() - t)
        res, c.seconds = shapes_result[key]
    else:
        t = time.monotonic()
        res = _replay(work, [c.buggy, c.fixed], cache, cfg)
        c.seconds = time.monotonic() - t
    buggy = [f for f in res.findings if f.span.path.startswith(c.buggy + "/") and _is_runtime(f.rule_id)]
    if c.fixed is None:
        buggy = [f for f in buggy if not f.span.path.endswith("/fixed.go")]
        fixed = [f for f in res.findings if f.span.path.endswith("/fixed.go") and _is_runtime(f.rule_id)]
    else:
        fixed = [f for f in res.findings if f.span.path.startswith(c.fixed + "/") and _is_runtime(f.rule_id)]
    c.detected = any(f.rule_id in c.rules for f in buggy)
    c.on_line = any(f.rule_id in c.rules and _hits(f, c.lines, work) for f in buggy)
    c.fixed_findings = [f"{f.rule_id} {f.span.path}:{f.span.start_line}" for f in fixed]
    if not c.on_line:
        c.note = "; ".join(f"{f.rule_id} {f.span.path}:{f.span.start_line}" for f in buggy) or "; ".join(res.failures)[:300] or "nothing reported"
    return c


def overhead(work: Path, cache: Path, packages: list[str], runs: int) -> list[tuple[str, float, float]]:
    """Per clean package: median wall time of a replay as it was (no leak check, no
    repetitions, the package's timeout as the only hang timeout) and as it is now."""
    before = ReplayConfig(vet=False, leak_check=False, race_repeat_seconds=0, hang_timeout_seconds=60, race_atexit_sleep_ms=1000)
    now = ReplayConfig(vet=False)
    out = []
    for pkg in packages:
        times = {}
        for label, cfg in (("before", before), ("now", now)):
            ts = []
            for _ in range(runs):
                t = time.monotonic()
                res = _replay(work, [pkg], cache, cfg)
                ts.append(time.monotonic() - t)
                assert not [f for f in res.findings if _is_runtime(f.rule_id)], (pkg, res.findings)
            times[label] = sorted(ts)[len(ts) // 2]
        out.append((pkg, times["before"], times["now"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=4, help="replays at once")
    ap.add_argument("--only", choices=("hang", "leak", "race", "detect"))
    ap.add_argument("--overhead-runs", type=int, default=3)
    args = ap.parse_args()
    cache = Path(os.environ.get("GOLEASH_BENCH_REPLAY_CACHE", "/tmp/goleash-bench-replay-cache"))
    cache.mkdir(parents=True, exist_ok=True)
    os.chmod(cache, 0o711)
    base = Path(tempfile.mkdtemp(prefix="goleash-detect-"))
    os.chmod(base, 0o711)
    work = base / "repo"
    work.mkdir()
    try:
        cases: list[Case] = []
        if args.only in (None, "hang"):
            cases += _proof_cases(work, "hangproof", "blocking", BLOCKING)
        if args.only in (None, "leak"):
            cases += _shape_cases(work)
        if args.only in (None, "race"):
            cases += _proof_cases(work, "raceproof", "race", {"race-detected"})
        if args.only in (None, "detect"):
            cases += _detect_cases(work)
        if os.geteuid() == 0:
            chown_tree(work, NOBODY, NOBODY)
        cfg = ReplayConfig(vet=False)
        # the first replay builds the trusted cache when it is missing; the rest share it
        shapes: dict = {}
        t0 = time.monotonic()
        run_case(cases[0], work, cache, cfg, shapes)
        with ThreadPoolExecutor(max(1, args.jobs)) as pool:
            list(pool.map(lambda c: run_case(c, work, cache, cfg, shapes), cases[1:]))
        wall = time.monotonic() - t0
        for c in cases:
            mark = "ok  " if c.on_line else "line" if c.detected else "MISS"
            print(
                f"{mark} {c.kind:8} {c.name:60} {c.seconds:6.1f}s"
                + (f"  fixed: {', '.join(c.fixed_findings)}" if c.fixed_findings else "")
                + (f"  ({c.note[:200]})" if c.note and not c.on_line else "")
            )
        print()
        for kind in ("blocking", "race", "panic"):
            ks = [c for c in cases if c.kind == kind]
            if not ks:
                continue
            on = sum(c.on_line for c in ks)
            print(
                f"{kind:8}: {on}/{len(ks)} detected on the line ({100 * on / len(ks):.0f}%), "
                f"{sum(c.detected for c in ks)}/{len(ks)} detected anywhere; "
                f"{sum(c.seconds for c in ks) / len(ks):.1f} s per case on average"
            )
        fixed_total = sum(len(c.fixed_findings) for c in cases)
        print(f"findings on fixed versions: {fixed_total}")
        print(f"wall: {wall:.0f} s with {args.jobs} replays at once")
        if args.only in (None, "detect"):
            pkgs = [c.fixed for c in cases if c.name.startswith("detect/") and c.fixed]
            print()
            print(f"clean packages (the detect cases' fixed versions), median of {args.overhead_runs} warm replays each, one at a time:")
            deltas = []
            for pkg, before, now in overhead(work, cache, pkgs, args.overhead_runs):
                deltas.append(now - before)
                print(f"  {pkg:40} before {before:5.2f} s   now {now:5.2f} s   {now - before:+.2f} s")
            print(f"overhead on clean packages: at most {max(deltas):+.2f} s, median {sorted(deltas)[len(deltas) // 2]:+.2f} s")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
