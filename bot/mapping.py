"""Where a finding can go on a pull request, and which of its fixes can be a suggestion.

GitHub accepts a review comment only on a line of the diff: on the RIGHT side that is an
added or context line inside a hunk, and a multi-line comment must stay inside one hunk.
Everything here is a pure function of the PR's patches and the head file contents."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import unidiff

from goleash.rules.model import Finding, Fix


@dataclass(frozen=True)
class FileDiff:
    path: str
    hunks: tuple[range, ...]  # RIGHT-side line numbers of each hunk

    def hunk_of(self, first: int, last: int) -> range | None:
        """The hunk holding every line of first..last, if one does."""
        for h in self.hunks:
            if first in h and last in h:
                return h
        return None


def parse_patch(path: str, patch: str | None) -> FileDiff:
    """`patch` is the `patch` field of GET /pulls/{n}/files: hunks without file headers.
    GitHub omits it for binary files and very large diffs; then nothing is commentable."""
    if not patch:
        return FileDiff(path, ())
    text = patch if patch.endswith("\n") else patch + "\n"
    try:
        parsed = unidiff.PatchSet(f"--- a/{path}\n+++ b/{path}\n{text}")
    except unidiff.UnidiffParseError:
        return FileDiff(path, ())
    hunks = tuple(range(h.target_start, h.target_start + h.target_length) for f in parsed for h in f if h.target_length > 0)
    return FileDiff(path, hunks)


class LineIndex:
    """Byte offsets <-> 1-based line numbers of one file."""

    def __init__(self, data: bytes):
        self.data = data
        self.starts = [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]
        if self.starts[-1] == len(data) and len(self.starts) > 1:
            self.starts.pop()  # the empty "line" after a final newline is no line

    @property
    def line_count(self) -> int:
        return len(self.starts) if self.data else 0

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def line_start(self, line: int) -> int:
        return self.starts[line - 1]

    def line_end(self, line: int) -> int:
        """Offset just past the line's newline (or end of file)."""
        return self.starts[line] if line < len(self.starts) else len(self.data)


@dataclass(frozen=True)
class Suggestion:
    start_line: int
    end_line: int
    lines: tuple[str, ...]  # what replaces lines start_line..end_line; () deletes them

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def suggestion_for(fix: Fix, path: str, content: bytes, diff: FileDiff) -> Suggestion | None:
    """A ```suggestion replaces whole RIGHT lines of one hunk, so a fix qualifies only if
    all its edits are in this file and the lines they touch lie inside one hunk."""
    if not fix.edits or any(e.path != path for e in fix.edits):
        return None
    idx = LineIndex(content)
    if any(e.start_byte > e.end_byte or e.end_byte > len(content) for e in fix.edits):
        return None
    first = min(idx.line_of(e.start_byte) for e in fix.edits)
    # An edit ending right after a newline does not touch the next line.
    last = max(idx.line_of(max(e.end_byte - 1, e.start_byte)) for e in fix.edits)
    if idx.line_count == 0 or last > idx.line_count:
        return None
    for _ in range(2):
        if diff.hunk_of(first, last) is None:
            return None
        seg_start, seg_end = idx.line_start(first), idx.line_end(last)
        segment = content[seg_start:seg_end]
        out = segment
        for e in sorted(fix.edits, key=lambda e: (e.start_byte, e.end_byte), reverse=True):
            out = out[: e.start_byte - seg_start] + e.new_text.encode() + out[e.end_byte - seg_start :]
        if out == segment:
            return None  # GitHub rejects a suggestion that changes nothing
        if segment.endswith(b"\n") and out and not out.endswith(b"\n"):
            if last == idx.line_count:
                return None
            # The fix joined the last line with the next one: take that line in too.
            last += 1
            continue
        try:
            text = out.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if segment.endswith(b"\n"):
            text = text[:-1]
            lines = tuple(text.split("\n")) if out else ()
        else:
            lines = tuple(text.split("\n")) if text else ()
        return Suggestion(first, last, lines)
    return None


@dataclass(frozen=True)
class Placement:
    """Where an inline comment goes: RIGHT side, lines start_line..line of `path`."""

    path: str
    line: int
    start_line: int | None = None
    suggestion: Suggestion | None = None
    fix: Fix | None = None

    def api_fields(self) -> dict:
        fields = {"path": self.path, "line": self.line, "side": "RIGHT"}
        if self.start_line is not None and self.start_line < self.line:
            fields.update(start_line=self.start_line, start_side="RIGHT")
        return fields


def commentable(finding: Finding, diffs: dict[str, FileDiff]) -> bool:
    """Whether GitHub takes a comment on the finding's line: only such a finding can show
    its fix, as a suggestion or as a note in its comment."""
    diff = diffs.get(finding.path)
    return diff is not None and diff.hunk_of(finding.span.start_line, finding.span.start_line) is not None


def place(finding: Finding, diffs: dict[str, FileDiff], contents: dict[str, bytes]) -> Placement | None:
    """Inline placement of a finding, or None when GitHub would reject a comment there."""
    if not commentable(finding, diffs):
        return None
    diff = diffs[finding.path]
    line = finding.span.start_line
    content = contents.get(finding.path)
    if content is not None:
        for fix in finding.fixes:
            s = suggestion_for(fix, finding.path, content, diff)
            if s is not None:
                # The suggestion must sit on exactly the lines it replaces.
                return Placement(finding.path, s.end_line, s.start_line, s, fix)
    return Placement(finding.path, line)


def locations(finding: Finding, max_lines: int = 200) -> set[tuple[str, int]]:
    """Every (path, line) a finding points at: its own span and its evidence."""
    out: set[tuple[str, int]] = set()
    for span in [finding.span] + [r.span for r in finding.related]:
        last = min(span.end_line, span.start_line + max_lines)
        out.update((span.path, n) for n in range(span.start_line, max(last, span.start_line) + 1))
    return out


def related(a: Finding, b: Finding) -> bool:
    """Two findings are about the same thing when they point at a common line."""
    return bool(locations(a) & locations(b))
