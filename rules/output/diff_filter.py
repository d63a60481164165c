"""Keep only findings on lines a change added, so a review talks about the change, not old debt."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from unidiff import PatchSet, UnidiffParseError

from ..model import Finding


class DiffError(Exception):
    """A diff or git problem worth a one-line message and exit code 2."""


_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(path: str) -> str:
    # git writes names with unusual bytes C-quoted, with octal escapes for UTF-8 bytes.
    if not (len(path) >= 2 and path[0] == path[-1] == '"'):
        return path
    raw, i, body = bytearray(), 0, path[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if re.match(r"[0-7]{3}", body[i + 1 : i + 4]):
                raw.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            raw.extend(_ESCAPES.get(nxt, nxt).encode())
            i += 2
            continue
        raw.extend(ch.encode())
        i += 1
    return raw.decode("utf-8", errors="replace")


def _norm(path: str) -> str:
    return posixpath.normpath(path.replace("\\", "/")).lstrip("/") if path else path


@dataclass
class AddedLines:
    """New-side line numbers that a diff added, per path (paths as the diff names them, prefix-free)."""

    lines: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> "AddedLines":
        try:
            patch = PatchSet(text)
        except UnidiffParseError as e:
            raise DiffError(f"cannot parse diff: {e}") from None
        if not len(patch) and text.strip():
            raise DiffError("input is not a unified diff (no file headers found)")
        added: dict[str, set[int]] = {}
        for pf in patch:
            target = _unquote(pf.target_file or "")
            if target in ("", "/dev/null"):
                continue  # a deleted file can hold no new findings
            source = _unquote(pf.source_file or "")
            # `git diff` prefixes a/ and b/; `--no-prefix` diffs and plain diff(1) do not.
            if target.startswith("b/") and (source.startswith("a/") or source == "/dev/null"):
                target = target[2:]
            lines = added.setdefault(_norm(target), set())
            for hunk in pf:
                lines.update(ln.target_line_no for ln in hunk if ln.is_added)
        return cls(added)

    def touches(self, path_keys: Iterable[str], start: int, end: int) -> bool:
        for key in path_keys:
            got = self.lines.get(key)
            if got and any(n in got for n in range(start, max(start, end) + 1)):
                return True
        return False


def path_keys(path: str, cwd: str, bases: Iterable[str]) -> list[str]:
    """The names a finding's file may go by in a diff: relative to each base (cwd, repo root)."""
    abspath = os.path.normpath(os.path.join(cwd, path))
    keys = [_norm(path)]
    for base in bases:
        rel = os.path.relpath(abspath, base)
        if not rel.startswith(".."):
            keys.append(_norm(Path(rel).as_posix()))
    return list(dict.fromkeys(keys))


def filter_findings(findings: list[Finding], added: AddedLines, cwd: str, bases: Iterable[str]) -> list[Finding]:
    about = about_the_change(added, cwd, bases)
    return [f for f in findings if about(f)]


def about_the_change(added: AddedLines, cwd: str, bases: Iterable[str]) -> Callable[[Finding], bool]:
    bases = list(bases)

    def changed(span) -> bool:
        # A multi-line span counts if any of its lines changed (an edited goroutine body, say).
        return added.touches(path_keys(span.path, cwd, bases), span.start_line, span.end_line)

    # A finding is about the change when its line changed, or when its evidence did: a new
    # goroutine that starts racing with an old, untouched write is reported at the old line.
    return lambda f: changed(f.span) or any(changed(r.span) for r in f.related)


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotepath=false", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
    except FileNotFoundError:
        raise DiffError("git is not installed or not on PATH") from None


def git_toplevel(directory: str, required: bool = False) -> str | None:
    """The work tree root holding `directory`, or None (also when git is missing, unless required)."""
    try:
        proc = _git(["rev-parse", "--show-toplevel"], directory)
    except DiffError:
        if required:
            raise
        return None
    return os.path.normpath(proc.stdout.strip()) if proc.returncode == 0 else None


def repo_of(paths: Iterable[str]) -> str:
    """The single git work tree holding all `paths`; DiffError otherwise."""
    roots = set()
    for p in paths:
        directory = p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))
        root = git_toplevel(directory, required=True)
        if root is None:
            raise DiffError(f"not a git repository: {os.path.abspath(directory)}")
        roots.add(root)
    if len(roots) != 1:
        raise DiffError("paths are in different git repositories: " + ", ".join(sorted(roots)))
    return roots.pop()


def git_diff(root: str, ref: str) -> str:
    """`git diff REF` (working tree against REF; untracked files are not part of it)."""
    if ref.startswith("-"):
        raise DiffError(f"bad git ref: {ref}")
    verify = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root)
    if verify.returncode != 0:
        raise DiffError(f"unknown git ref: {ref}")
    proc = _git(
        ["diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", "-U0", "--src-prefix=a/", "--dst-prefix=b/", verify.stdout.strip(), "--"],
        root,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise DiffError(f"git diff {ref} failed: {last}")
    return proc.stdout
