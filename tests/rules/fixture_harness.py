"""An analysistest-style harness for goleash rules.

Layout (one Go package per directory, all in the module `fixtures` of testdata/go.mod):

    tests/rules/testdata/src/<rule-id>/buggy/*.go   code the rule must flag
    tests/rules/testdata/src/<rule-id>/fixed/*.go   what a careful engineer would commit instead
    tests/rules/testdata/src/<rule-id>/ok/*.go      tricky but correct code that must stay silent

Expectations live next to the code, as in golang.org/x/tools/go/analysis/analysistest:
a comment `// want "rule-id"` (or several ids: `// want "rule-a" "rule-b"`) on the line where
a finding starts. As in analysistest, an expectation may also carry a regular expression that
the finding's message must match, so the text users read is tested too:
`// want "map-concurrent-write: concurrent map writes"` (the pattern is what follows the first
`: `; it cannot contain a double quote). Every package is analysed with ALL registered rules, so a finding of any
rule without a `want` is a failure, and so is a `want` nobody reported.

Shapes: every distinct code shape in a fixture package starts with a comment line
`// shape: <what it is>`. The meta test requires at least three shapes per package, and in
buggy packages at least three `want`s for the package's own rule.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from goleash.rules.engine import analyze_paths, analyze_sources
from goleash.rules.fixes import apply_fix, gofmt_path
from goleash.rules.model import Finding, Report
from goleash.rules.parse import SourceFile

HERE = Path(__file__).resolve().parent
TESTDATA = HERE / "testdata"
SRC = TESTDATA / "src"
CASES = ("buggy", "fixed", "ok")

_WANT = re.compile(r"//\s*want\s+((?:\"[^\"]*\"\s*)+)")
_QUOTED = re.compile(r"\"([^\"]*)\"")
_SHAPE = re.compile(r"^\s*//\s*shape:\s*\S", re.M)


@dataclass(frozen=True)
class Want:
    path: str
    line: int
    rule_id: str
    pattern: str | None = None


@dataclass(frozen=True)
class FixturePackage:
    rule_id: str
    case: str
    dir: Path

    @property
    def id(self) -> str:
        return f"{self.rule_id}/{self.case}"

    def files(self) -> dict[str, bytes]:
        return {str(p): p.read_bytes() for p in sorted(self.dir.glob("*.go"))}


def discover(src: Path = SRC) -> list[FixturePackage]:
    out = []
    if not src.is_dir():
        return out
    for rule_dir in sorted(p for p in src.iterdir() if p.is_dir()):
        for case in CASES:
            d = rule_dir / case
            if d.is_dir():
                out.append(FixturePackage(rule_dir.name, case, d))
    return out


def parse_wants(files: dict[str, bytes]) -> list[Want]:
    wants = []
    for path, data in files.items():
        for i, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
            m = _WANT.search(line)
            if m:
                for quoted in _QUOTED.findall(m.group(1)):
                    rule_id, sep, pattern = quoted.partition(": ")
                    wants.append(Want(os.path.normpath(path), i, rule_id.strip(), pattern if sep else None))
    return wants


def count_shapes(files: dict[str, bytes]) -> int:
    return sum(len(_SHAPE.findall(data.decode("utf-8", "replace"))) for data in files.values())


def _rel(path: str) -> str:
    """Shorten paths under testdata/ for messages; leave others as they are."""
    full = os.path.abspath(path)
    root = str(TESTDATA) + os.sep
    return full[len(root) :] if full.startswith(root) else path


def match(findings: list[Finding], wants: list[Want]) -> list[str]:
    """Mismatches between findings and `want` comments, one readable line each."""
    expected = Counter((w.path, w.line, w.rule_id) for w in wants)
    patterns: dict[tuple, list[str]] = {}
    for w in wants:
        if w.pattern is not None:
            patterns.setdefault((w.path, w.line, w.rule_id), []).append(w.pattern)
    problems = []
    for f in findings:
        key = (os.path.normpath(f.path), f.line, f.rule_id)
        if expected[key] > 0:
            expected[key] -= 1
            pending = patterns.get(key)
            if pending:
                hit = next((p for p in pending if re.search(p, f.message)), None)
                if hit is None:
                    problems.append(f"{_rel(f.path)}:{f.line}: [{f.rule_id}] message does not match {' or '.join(map(repr, pending))}: {f.message}")
                else:
                    pending.remove(hit)
        else:
            problems.append(f"{_rel(f.path)}:{f.line}: unexpected finding [{f.rule_id}]: {f.message}")
    for (path, line, rule_id), n in sorted(expected.items()):
        for _ in range(n):
            problems.append(f"{_rel(path)}:{line}: missing finding: want [{rule_id}], the engine reported nothing of that rule here")
    return problems


def check_package(d: Path | str) -> tuple[Report, list[str]]:
    """Analyse one fixture package (and the packages in its subdirectories, as `goleash check`
    walks them) with all rules; return the report and the mismatches."""
    files = {str(p): p.read_bytes() for p in sorted(Path(d).rglob("*.go"))}
    report = analyze_paths([str(d)])
    return report, match(report.findings, parse_wants(files))


# -- fixes ----------------------------------------------------------------------------------


def module_go_mod(d: Path) -> Path:
    """The go.mod of the module holding fixture directory `d`: the nearest one between `d` and
    testdata/ (a rule that depends on the go version, like loopvar-capture, keeps its fixtures
    in their own module: src/<rule-id>/go.mod)."""
    d = Path(d).resolve()
    while True:
        if (d / "go.mod").is_file():
            return d / "go.mod"
        if d == TESTDATA or d.parent == d:
            return TESTDATA / "go.mod"
        d = d.parent


def nested_modules() -> list[Path]:
    """Directories under src/ with their own go.mod (not part of the `fixtures` module)."""
    return sorted(p.parent for p in SRC.glob("*/go.mod"))


def _rel_sources(pkg: FixturePackage) -> dict[str, bytes]:
    """The package keyed by paths relative to src/ (so analyze_sources does not skip them as
    testdata), plus the module's go.mod so the go version is the same."""
    out = {f"{pkg.rule_id}/{pkg.case}/{p.name}": p.read_bytes() for p in sorted(pkg.dir.glob("*.go"))}
    out["go.mod"] = module_go_mod(pkg.dir).read_bytes()
    return out


def _gofmt_dirty(contents: dict[str, bytes]) -> list[str] | None:
    exe = gofmt_path()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="goleash-fixture-") as tmp:
        names = {}
        for i, (path, data) in enumerate(contents.items()):
            name = os.path.join(tmp, f"f{i}.go")
            Path(name).write_bytes(data)
            names[name] = path
        r = subprocess.run([exe, "-l", *names], capture_output=True, text=True, timeout=120)
        dirty = [names.get(n.strip(), n.strip()) for n in r.stdout.splitlines() if n.strip()]
        if r.returncode != 0:
            dirty.append(f"gofmt failed: {r.stderr.strip()}")
        return dirty


def _go_build_errors(pkg_files: dict[str, bytes], go_mod: bytes | None = None) -> str | None:
    """Compile errors of a patched package ('' when it builds); None without a Go toolchain."""
    go = shutil.which("go")
    if go is None:
        return None
    with tempfile.TemporaryDirectory(prefix="goleash-build-") as tmp:
        Path(tmp, "go.mod").write_bytes(go_mod if go_mod is not None else (TESTDATA / "go.mod").read_bytes())
        for path, data in pkg_files.items():
            Path(tmp, os.path.basename(path)).write_bytes(data)
        r = subprocess.run(
            [go, "build", "./..."], cwd=tmp, capture_output=True, text=True, timeout=300, env={**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off"}
        )
        return "" if r.returncode == 0 else (r.stdout + r.stderr).strip()


def check_fixes(pkg: FixturePackage, *, build: bool = True) -> tuple[int, list[str]]:
    """Apply every fix of every finding of the package; return (fixes checked, problems).

    A fix must: apply cleanly, leave files that parse, be gofmt-clean, compile, make its own
    finding (by fingerprint) disappear, and not introduce findings that were not there."""
    sources = _rel_sources(pkg)
    before = analyze_sources(sources)
    fps_before = {f.fingerprint for f in before.findings}
    checked = 0
    problems = []
    for finding in before.findings:
        where = f"{finding.path}:{finding.line} [{finding.rule_id}]"
        for fix in finding.fixes:
            checked += 1
            label = f"{where} fix {fix.message!r}"
            try:
                changed = apply_fix(sources, fix)
            except Exception as e:  # noqa: BLE001 - report, don't crash the whole test
                problems.append(f"{label}: does not apply: {e}")
                continue
            for path, data in changed.items():
                if SourceFile.parse(path, data).has_errors:
                    problems.append(f"{label}: {path} does not parse after the fix")
            dirty = _gofmt_dirty(changed)
            if dirty:
                problems.append(f"{label}: not gofmt-clean: {', '.join(dirty)}")
            patched = {**sources, **changed}
            if build:
                errs = _go_build_errors({p: d for p, d in patched.items() if p.endswith(".go")}, sources.get("go.mod"))
                if errs:
                    problems.append(f"{label}: the patched package does not compile:\n{errs}")
            after = analyze_sources(patched, verify_fixes=False)
            fps_after = {f.fingerprint for f in after.findings}
            if finding.fingerprint in fps_after:
                problems.append(f"{label}: the finding is still reported after the fix")
            new = [f for f in after.findings if f.fingerprint not in fps_before]
            for f in new:
                problems.append(f"{label}: introduces a new finding {f.path}:{f.line} [{f.rule_id}]: {f.message}")
    return checked, problems
