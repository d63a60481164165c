"""Applying fixes, and the verifier that decides which fixes users ever see.

A fix is shown only if, once applied, the changed files still parse (no ERROR or MISSING
nodes), what it wrote type-checks as far as the model sees types and locks only mutexes not
already held there (fixcheck.py), gofmt has nothing to say about the lines they write (when a
Go toolchain is present), the finding is gone and no other finding appeared."""

from __future__ import annotations

import functools
import gc
import logging
import os
import shutil
import subprocess
import tempfile
import time
from bisect import bisect_left, insort
from collections import Counter
from typing import Sequence

from .fixcheck import reject_reason
from .model import FileError, Finding, Fix, TextEdit
from .package import PackageView
from .parse import SourceFile

log = logging.getLogger(__name__)


class FixConflict(ValueError):
    pass


def apply_edits(data: bytes, edits: Sequence[TextEdit]) -> bytes:
    """Apply byte-range edits to one file's content. Overlapping edits are an error."""
    out = data
    last_start = len(data) + 1
    for e in sorted(edits, key=lambda e: (e.start_byte, e.end_byte), reverse=True):
        if e.end_byte > last_start or e.start_byte > e.end_byte or e.end_byte > len(data):
            raise FixConflict(f"overlapping or out-of-range edit at byte {e.start_byte}")
        out = out[: e.start_byte] + e.new_text.encode() + out[e.end_byte :]
        last_start = e.start_byte
    return out


def apply_fix(files: dict[str, bytes], fix: Fix) -> dict[str, bytes]:
    """New contents of the files the fix touches."""
    by_path: dict[str, list[TextEdit]] = {}
    for e in fix.edits:
        by_path.setdefault(e.path, []).append(e)
    return {p: apply_edits(files[p], es) for p, es in by_path.items()}


@functools.cache
def gofmt_path() -> str | None:
    found = shutil.which("gofmt")
    if found:
        return found
    go = shutil.which("go")
    if not go:
        return None
    try:
        root = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    candidate = os.path.join(root, "bin", "gofmt")
    return candidate if os.path.isfile(candidate) else None


def gofmt_clean(contents: dict[str, bytes], before: dict[str, bytes] | None = None) -> bool | None:
    """True if gofmt would not change any of the files, or (given the files `before` the fix)
    would change only lines it would already have changed before it: a patch is judged on what
    it writes, not on a file that was never gofmt'd. None when no Go toolchain is present."""
    exe = gofmt_path()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="goleash-fix-") as tmp:
        names = {}
        for i, (path, data) in enumerate(contents.items()):
            name = os.path.join(tmp, f"f{i}.go")
            with open(name, "wb") as fh:
                fh.write(data)
            names[name] = path
        r = subprocess.run([exe, "-l", *names], capture_output=True, timeout=60)
        if r.returncode != 0:
            return False
        listed = [names[n] for n in r.stdout.decode("utf-8", "replace").splitlines() if n in names]
        if not listed:
            return True
        if before is None:
            return False
        return all(path in before and not _unformatted(exe, contents[path]) - _unformatted(exe, before[path]) for path in listed)


@functools.lru_cache(maxsize=64)  # a file's original is asked once per fix checked in it
def _unformatted(exe: str, data: bytes) -> Counter:
    """The lines of `data` gofmt would rewrite, by content (all of them when gofmt cannot read
    it), from gofmt's own diff."""
    with tempfile.TemporaryDirectory(prefix="goleash-fmt-") as tmp:
        name = os.path.join(tmp, "check.go")
        with open(name, "wb") as fh:
            fh.write(data)
        r = subprocess.run([exe, "-d", name], capture_output=True, timeout=60)
    if r.returncode not in (0, 1) or r.stderr.strip():  # (1: it has a diff to show)
        return Counter(data.splitlines())
    return Counter(line[1:] for line in r.stdout.splitlines() if line.startswith(b"-") and not line.startswith(b"---"))


# Verifying re-analyses the whole package, so its cost grows with the package times the
# number of fixes. It may take at most this many times the package's own analysis (and at
# least VERIFY_FLOOR_S seconds); fixes not verified by then are not offered.
VERIFY_BUDGET_FACTOR = 2.0
VERIFY_FLOOR_S = 2.0


def verify_findings(
    view: PackageView, findings: list[Finding], rules, errors: list[FileError], analysis_s: float = 0.0, *, run_package, shown=None
) -> None:
    """Drop, in place, every fix that does not pass verification (or is not reached within
    the budget), and, when `shown` tells which findings will be shown with their fixes, the
    fixes of the others, unverified. Every finding still counts as one a fix must not add."""
    if shown is not None:
        for f in findings:
            if f.fixes and not shown(f):
                f.fixes = []
    candidates = [(f, fix) for f in findings for fix in f.fixes]
    if not candidates:
        return
    files = {f.path: f.data for f in view.files}
    before = {f.fingerprint for f in findings}
    deadline = time.monotonic() + max(VERIFY_FLOOR_S, VERIFY_BUDGET_FACTOR * analysis_s)
    # Re-analysing a package is the expensive part. Most fixes pass, so the k-th fixes of all
    # findings are first tried together; a rank that does not hold up is split in halves
    # until each failing fix stands alone: a few re-analyses per failing fix, not one per fix.
    kept: dict[int, list[Fix]] = {id(f): [] for f in findings}

    def passing(pairs):
        if time.monotonic() > deadline:
            return []
        if len(pairs) == 1:
            group, fx = pairs[0]
            return pairs if _check(view, files, fx, group, before, rules, run_package) is None else []
        if _all_pass_together(view, files, pairs, before, rules, run_package):
            return pairs
        half = len(pairs) // 2
        return passing(pairs[:half]) + passing(pairs[half:])

    for k in range(max(len(f.fixes) for f in findings)):
        # Findings of one bug (every unguarded access of one map) often carry the same patch:
        # it is verified once, and must make all of them go away.
        # One map's findings share one Fix object with an edit per racing access: grouped by
        # object first, so its edits are sorted and hashed once, not once per finding
        # (quadratic in the accesses of a busy map).
        by_object: dict[int, tuple[Fix, list[Finding]]] = {}
        for f in findings:
            if len(f.fixes) > k:
                by_object.setdefault(id(f.fixes[k]), (f.fixes[k], []))[1].append(f)
        same: dict[tuple, tuple[Fix, list[Finding]]] = {}
        for fx, fs in by_object.values():
            same.setdefault(tuple(sorted(fx.edits, key=_edit_order)), (fx, []))[1].extend(fs)
        for batch in _rounds([(group, fx) for fx, group in same.values()]):
            for group, _fx in passing(batch):
                for f in group:
                    kept[id(f)].append(f.fixes[k])
    for f in findings:
        f.fixes = kept[id(f)]


def _edit_order(e) -> tuple:
    return e.path, e.start_byte, e.end_byte, e.new_text


def _all_pass_together(view, files, pairs, before, rules, run_package) -> bool:
    edits = tuple(e for _, fix in pairs for e in fix.edits)
    combined = Fix("combined", edits)
    targets = {f.fingerprint for group, _ in pairs for f in group}
    after = _after(view, files, combined, rules, run_package)
    if after is None:
        return False
    # Each fix alone must also make its own finding go away; together they show no finding
    # survives and nothing new appears. A fix that only works with another's help would slip
    # through, so this shortcut is taken only for fixes of one round (`_rounds`): no two edit
    # within `_NEAR` bytes of each other.
    return not (after & targets) and not (after - before)


def _rounds(pairs: list) -> list[list]:
    """The fixes in rounds, each fix in the first round where no other fix edits within
    `_NEAR` bytes of it: one round is tried together. Most fixes are far apart, so a few rounds
    hold them all; halving a list of fixes with close ones among them would instead try most
    close fixes alone, one re-analysis of the package each."""
    rounds: list[tuple[list, dict[str, list[tuple[int, int]]]]] = []
    for pair in pairs:
        spans = _merged_spans(pair[1].edits)
        for members, taken in rounds:
            if not any(_overlaps(taken.get(path, []), s, e) for path, s, e in spans):
                break
        else:
            members, taken = [], {}
            rounds.append((members, taken))
        members.append(pair)
        for path, s, e in spans:
            insort(taken.setdefault(path, []), (s, e))
    return [members for members, _ in rounds]


def _merged_spans(edits) -> list[tuple[str, int, int]]:
    """A fix's edits as disjoint spans, each reaching `_NEAR` bytes past its end."""
    out: list[tuple[str, int, int]] = []
    for path, s, e in sorted((e.path, e.start_byte, e.end_byte + _NEAR) for e in edits):
        if out and out[-1][0] == path and s < out[-1][2]:
            out[-1] = (path, out[-1][1], max(e, out[-1][2]))
        else:
            out.append((path, s, e))
    return out


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Does [s, e) overlap one of `spans` (disjoint, in order)?"""
    i = bisect_left(spans, (s, e))
    return (i > 0 and s < spans[i - 1][1]) or (i < len(spans) and spans[i][0] < e)


_NEAR = 200  # bytes between two fixes' edits under which they might interact


def _after(view, files, fix, rules, run_package) -> set[str] | None:
    """Fingerprints after applying `fix`, or None if the result is not acceptable Go."""
    if any(e.path not in files for e in fix.edits):
        return None
    try:
        changed = apply_fix(files, fix)
    except FixConflict:
        return None
    new_files = []
    for src in view.files:
        if src.path in changed:
            new = SourceFile.parse(src.path, changed[src.path])
            if new.has_errors and not src.has_errors:
                return None
            new.test_support = src.test_support  # (the engine's to tell, from the module's layout)
            new_files.append(new)
        else:
            new_files.append(src)
    after_view = PackageView(view.dir, view.name, new_files, view.go_version)
    try:
        if reject_reason(view, after_view, fix) is not None:
            return None
    except Exception:  # a fix the checker cannot judge is not shown; the review goes on
        log.exception("checking a fix crashed on package %s", view.dir)
        return None
    if gofmt_clean(changed, files) is False:
        return None
    got = {f.fingerprint for f in run_package(after_view, rules)}
    after_view.forget_analysis()
    gc.collect(0)  # (cycle collection is deferred while a package is analysed)
    return got


def _check(view, files, fix, group, before, rules, run_package) -> str | None:
    after = _after(view, files, fix, rules, run_package)
    if after is None:
        return "does not apply cleanly, parse, type-check, or pass gofmt"
    if any(f.fingerprint in after for f in group):
        return "finding still reported"
    if after - before:
        return "introduces new findings"
    return None
