"""The engine: sources in, findings out. Groups files into package views, runs every
rule on each, applies suppressions, fingerprints findings and verifies their fixes."""

from __future__ import annotations

import gc
import logging
import os
import posixpath
import time
from contextlib import contextmanager
from typing import Callable, Iterable, Mapping, Sequence

from . import goast
from .buildtags import is_test_support, never_built
from .catalog import all_rules
from .fingerprint import fingerprint, normalize
from .fixes import verify_findings
from .model import Diagnostic, FileError, Finding, Report
from .package import PackageView, group_packages, parse_go_version
from .parse import NotGoSource, SourceFile, is_generated
from .registry import Rule
from .suppress import is_suppressed

log = logging.getLogger(__name__)

SKIP_DIRS = {"vendor", "testdata", "node_modules"}


class EngineError(Exception):
    """A problem with the request itself (a path that does not exist), not with a Go file."""


# -- entry points -------------------------------------------------------------------------


def analyze_sources(
    sources: Mapping[str, bytes],
    *,
    rules: Sequence[Rule] | None = None,
    verify_fixes: bool | Callable[[Finding], bool] = True,
) -> Report:
    """Analyse in-memory files keyed by slash-separated path. `go.mod` entries give the go
    version of the packages below them; vendor/, testdata/ and generated files are skipped.
    `verify_fixes` may tell which findings' fixes will be shown: only theirs are verified, and
    the others' are dropped, as verifying re-analyses the whole package for fixes nobody sees."""
    go_mods = {posixpath.dirname(p): data for p, data in sources.items() if posixpath.basename(p) == "go.mod"}
    files = {}
    for path, data in sources.items():
        if not path.endswith(".go") or _skipped_dir(path) or is_generated(data):
            continue
        files[path] = data

    def go_mod_for(d: str) -> tuple[str, bytes] | None:
        """The nearest go.mod at or above `d`: `d` relative to the module's root, and its text."""
        start = d
        while True:
            if d in go_mods:
                return posixpath.relpath(start or ".", d or "."), go_mods[d]
            if d in ("", "/", "."):
                top = "" if "" in go_mods else "."
                return (posixpath.normpath(start or "."), go_mods[top]) if top in go_mods else None
            d = posixpath.dirname(d)

    return _analyze(files, posixpath.dirname, go_mod_for, rules, verify_fixes)


def analyze_paths(
    paths: Iterable[str],
    *,
    rules: Sequence[Rule] | None = None,
    verify_fixes: bool | Callable[[Finding], bool] = True,
) -> Report:
    """Analyse files and directory trees on disk. A file named explicitly is always analysed,
    even if generated or under vendor/ or testdata/. `verify_fixes` as for `analyze_sources`."""
    files, errors = collect_files(paths)
    return _analyze_disk(files, errors, rules, verify_fixes)


def collect_files(paths: Iterable[str]) -> tuple[dict[str, bytes], list[FileError]]:
    """The .go files a run over `paths` analyses, read from disk."""
    files: dict[str, bytes] = {}
    errors: list[FileError] = []
    for root in paths:
        if not os.path.exists(root):
            raise EngineError(f"{root}: no such file or directory")
        if os.path.isfile(root):
            _read_into(files, errors, os.path.normpath(root))
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith((".", "_")))
            for fn in sorted(filenames):
                if fn.endswith(".go"):
                    p = os.path.normpath(os.path.join(dirpath, fn))
                    if _read_into(files, errors, p) and is_generated(files[p]):
                        del files[p]
    return files, errors


def _go_mod_finder():
    mod_dirs: dict[str, str | None] = {}
    texts: dict[str, bytes] = {}

    def mod_dir(d: str) -> str | None:
        if d not in mod_dirs:
            candidate = os.path.join(d, "go.mod")
            if os.path.isfile(candidate):
                with open(candidate, "rb") as fh:
                    texts[d] = fh.read()
                mod_dirs[d] = d
            else:
                parent = os.path.dirname(d)
                mod_dirs[d] = None if parent == d else mod_dir(parent)
        return mod_dirs[d]

    def go_mod_for(d: str) -> tuple[str, bytes] | None:
        """The nearest go.mod at or above `d`: `d` relative to the module's root, and its text."""
        found = mod_dir(os.path.abspath(d))
        if found is None:
            return None
        return os.path.relpath(os.path.abspath(d), found).replace(os.sep, "/"), texts[found]

    return go_mod_for


def _analyze_disk(files, errors, rules, verify_fixes) -> Report:
    report = _analyze(files, os.path.dirname, _go_mod_finder(), rules, verify_fixes)
    report.errors[:0] = errors
    return report


def _read_into(files: dict[str, bytes], errors: list[FileError], path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            files[path] = fh.read()
        return True
    except OSError as e:
        errors.append(FileError(path, f"cannot read: {e.strerror or e}"))
        return False


def _skipped_dir(path: str) -> bool:
    parts = path.split("/")[:-1]
    return any(p in SKIP_DIRS or (p.startswith((".", "_")) and p not in (".", "..")) for p in parts)


# -- the analysis -------------------------------------------------------------------------


def _analyze(files, dir_of, go_mod_for, rules, verify_fixes) -> Report:
    rules = list(rules) if rules is not None else all_rules()
    report = Report()
    # One directory at a time, parsed, analysed and let go: a tree-sitter tree is several
    # times the size of its source, and holding a whole repository's costs memory and time.
    by_dir: dict[str, list[str]] = {}
    for path in files:
        by_dir.setdefault(dir_of(path), []).append(path)
    for d in sorted(by_dir):
        parsed: list[SourceFile] = []
        for path in by_dir[d]:
            try:
                src = SourceFile.parse(path, files[path])
            except NotGoSource as e:
                report.errors.append(FileError(path, str(e)))
                continue
            if src.has_errors:
                report.errors.append(FileError(path, "syntax errors; analysed the parts that parse"))
            if not src.package or never_built(src.data):
                continue
            parsed.append(src)
            report.files_analyzed += 1
            report.lines_analyzed += src.line_count
        mod = go_mod_for(d)
        for src in parsed:
            src.test_support = is_test_support(mod[0] if mod else d, src.path, src.data)
        for view in group_packages(parsed, dir_of, lambda d: parse_go_version(m[1] if (m := go_mod_for(d)) else None)):
            with cyclic_gc_deferred():
                started = time.monotonic()
                findings = run_package(view, rules, report.errors)
                analysis_s = time.monotonic() - started
                _let_go(view)
                if verify_fixes:
                    shown = None if verify_fixes is True else verify_fixes
                    verify_findings(view, findings, rules, report.errors, analysis_s, run_package=run_package, shown=shown)
                    _let_go(view)
            report.findings.extend(findings)
    report.findings.sort(key=lambda f: (f.span.path, f.span.start_line, f.span.start_col, f.rule_id))
    return report


@contextmanager
def cyclic_gc_deferred():
    """No cycle collection while one package is analysed. A package's model lives until the
    package is done, and every full collection while it lives walks all of it again: on a
    200k-line package, six of them cost 6% of the analysis. The model's cycles are let go
    together when the package is done (`_let_go`), and, when fixes are verified, after each
    re-analysis."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _let_go(view: PackageView) -> None:
    """Forget the package's model and free it now. It is made of cycles, all still in the
    youngest generation while collection is paused: one collection of that generation frees
    them. Left to the collector, they were walked again in the older generations, with the
    next packages' trees (7% of a run over 400k lines in their own packages, 1.5% after)."""
    view.forget_analysis()
    gc.collect(0)


def run_package(view: PackageView, rules: Sequence[Rule], errors: list[FileError] | None = None) -> list[Finding]:
    by_path = {f.path: f for f in view.files}
    findings: list[Finding] = []
    seen: dict[tuple[str, str, str], int] = {}
    # In a package of test code only (most often an external test package, `foo_test`),
    # everything a rule not reported in tests would find is dropped below: it is not run.
    tests_only = not view.non_test_files
    for rule in rules:
        if tests_only and not rule.in_tests:
            continue
        try:
            diags = list(rule.run(view))
        except RecursionError:
            diags = []
            if errors is not None:
                errors.append(FileError(view.dir, f"{rule.id}: code nested too deeply; rule skipped for this package"))
        except Exception as e:  # a rule bug must never take the whole review down
            log.exception("rule %s crashed on package %s", rule.id, view.dir)
            diags = []
            if errors is not None:
                errors.append(FileError(view.dir, f"internal error in rule {rule.id}: {type(e).__name__}: {e}"))
        for d in sorted(diags, key=lambda d: (d.span.path, d.span.start_byte)):
            src = by_path.get(d.span.path)
            if src is None or is_suppressed(src, d.span.start_line, rule.id) or (src.test_code and not rule.in_tests):
                continue
            if src.is_test and _in_skipped_test(src, d.span.start_byte):
                continue
            anchor = d.anchor or _default_anchor(src, d)
            key = (rule.id, d.span.path, anchor)
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            findings.append(
                Finding(
                    rule_id=rule.id,
                    severity=rule.severity,
                    message=d.message,
                    span=d.span,
                    related=list(d.related),
                    fixes=list(d.fixes),
                    fingerprint=fingerprint(rule.id, d.span.path, anchor, occurrence),
                )
            )
    return findings


def _in_skipped_test(src: SourceFile, offset: int) -> bool:
    """In a test whose first statement skips it (`t.Skip("flaky")`): the code never runs."""
    node = src.root.descendant_for_byte_range(offset, offset)
    fn = goast.enclosing_decl(node, src) if node is not None else None
    if fn is None or not goast.func_name(fn, src).startswith(("Test", "Benchmark", "Fuzz")):
        return False
    stmts = goast.statements(goast.func_body(fn))
    first = stmts[0] if stmts else None
    call = first.named_children[0] if first is not None and first.type == "expression_statement" and first.named_children else None
    if call is None or call.type != "call_expression":
        return False
    f = call.child_by_field_name("function")
    return f is not None and f.type == "selector_expression" and src.text(f.child_by_field_name("field")) in ("Skip", "Skipf", "SkipNow")


def _default_anchor(src: SourceFile, d: Diagnostic) -> str:
    node = src.root.descendant_for_byte_range(d.span.start_byte, d.span.start_byte)
    fn = goast.enclosing_decl(node) if node is not None else None
    where = ""
    if fn is not None:
        _, recv_type, _ = goast.receiver(fn, src)
        where = (recv_type + "." if recv_type else "") + goast.func_name(fn, src)
    code = src.data[d.span.start_byte : d.span.end_byte].decode("utf-8", "replace")
    return f"{where}|{normalize(code)[:200]}"
