"""Unified diffs the way GitHub shows them in ``GET /pulls/{n}/files`` (``patch``) and the rules
that tie review comments to them.

* ``patch`` holds only hunks (no ``---``/``+++`` header), 3 lines of context, hunk headers with
  git's default function context (the nearest preceding line that starts with a letter, ``_`` or
  ``$``), ``\\ No newline at end of file`` markers, and no trailing newline.
* ``position`` of a patch line = its index counting the first ``@@`` line as 0 (later ``@@`` lines
  count too), which is GitHub's legacy comment addressing.
* A comment with ``line``/``side`` must fall inside a hunk: RIGHT = a context or added line of the
  new file, LEFT = a context or deleted line of the old file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

CONTEXT = 3
_FUNCNAME = re.compile(r"^[A-Za-z_$]")


@dataclass
class PatchLine:
    kind: str  # " ", "-", "+", "\\"
    text: str
    old_no: int | None
    new_no: int | None
    position: int  # index in the file's patch (first @@ line = 0)


@dataclass
class Hunk:
    old_start: int
    old_len: int
    new_start: int
    new_len: int
    header: str
    header_position: int
    lines: list[PatchLine] = field(default_factory=list)

    def new_lines(self) -> set[int]:
        return {pl.new_no for pl in self.lines if pl.new_no is not None}

    def old_lines(self) -> set[int]:
        return {pl.old_no for pl in self.lines if pl.old_no is not None}


@dataclass
class FilePatch:
    patch: str
    additions: int
    deletions: int
    hunks: list[Hunk]

    def find(self, side: str, line: int) -> tuple[Hunk, PatchLine] | None:
        for h in self.hunks:
            for pl in h.lines:
                if pl.kind == "\\":
                    continue
                if side == "RIGHT" and pl.new_no == line and pl.kind in (" ", "+"):
                    return h, pl
                if side == "LEFT" and pl.old_no == line and pl.kind in (" ", "-"):
                    return h, pl
        return None

    def at_position(self, position: int) -> tuple[Hunk, PatchLine] | None:
        for h in self.hunks:
            for pl in h.lines:
                if pl.position == position and pl.kind != "\\":
                    return h, pl
        return None

    def diff_hunk_until(self, hunk: Hunk, pl: PatchLine) -> str:
        """GitHub's ``diff_hunk`` of a comment: the hunk header through the commented line."""
        out = [hunk.header]
        for x in hunk.lines:
            out.append(x.kind + x.text if x.kind != "\\" else x.text)
            if x is pl:
                break
        return "\n".join(out)


def split_lines(data: bytes) -> tuple[list[str], bool]:
    """Lines without terminators, and whether the data ends with a newline."""
    text = data.decode("utf-8", errors="replace")
    if not text:
        return [], True
    ends_nl = text.endswith("\n")
    lines = text.split("\n")
    if ends_nl:
        lines.pop()
    return lines, ends_nl


def is_binary(data: bytes) -> bool:
    return b"\0" in data[:8000]


def _range(start: int, length: int) -> str:
    # Same convention as git and difflib: "-l" for one line, "-l,0" uses the line before.
    beginning = start + 1
    if length == 1:
        return f"{beginning}"
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def make_patch(old: bytes, new: bytes, context: int = CONTEXT) -> FilePatch:
    a, a_nl = split_lines(old)
    b, b_nl = split_lines(new)
    # Lines missing their final newline compare unequal to the same text with one, as in git.
    ka = [x + ("\0noeol" if (i == len(a) - 1 and not a_nl) else "") for i, x in enumerate(a)]
    kb = [x + ("\0noeol" if (i == len(b) - 1 and not b_nl) else "") for i, x in enumerate(b)]
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    hunks: list[Hunk] = []
    out: list[str] = []
    additions = deletions = 0
    position = -1
    for group in sm.get_grouped_opcodes(context):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        func = ""
        for k in range(i1 - 1, -1, -1):
            if _FUNCNAME.match(a[k]):
                func = " " + a[k].rstrip()[:80]
                break
        header = f"@@ -{_range(i1, i2 - i1)} +{_range(j1, j2 - j1)} @@{func}"
        position += 1
        hunk = Hunk(i1 + 1, i2 - i1, j1 + 1, j2 - j1, header, position)
        out.append(header)

        def emit(kind: str, text: str, old_no: int | None, new_no: int | None) -> None:
            nonlocal position
            position += 1
            hunk.lines.append(PatchLine(kind, text, old_no, new_no, position))
            out.append(kind + text if kind != "\\" else text)

        for tag, x1, x2, y1, y2 in group:
            if tag == "equal":
                for off in range(x2 - x1):
                    emit(" ", a[x1 + off], x1 + off + 1, y1 + off + 1)
                    if x1 + off == len(a) - 1 and not a_nl:
                        emit("\\", "\\ No newline at end of file", None, None)
                continue
            if tag in ("replace", "delete"):
                for x in range(x1, x2):
                    emit("-", a[x], x + 1, None)
                    deletions += 1
                    if x == len(a) - 1 and not a_nl:
                        emit("\\", "\\ No newline at end of file", None, None)
            if tag in ("replace", "insert"):
                for y in range(y1, y2):
                    emit("+", b[y], None, y + 1)
                    additions += 1
                    if y == len(b) - 1 and not b_nl:
                        emit("\\", "\\ No newline at end of file", None, None)
        hunks.append(hunk)
    return FilePatch("\n".join(out), additions, deletions, hunks)


@dataclass
class FileDiff:
    filename: str
    status: str  # added | removed | modified | renamed
    previous_filename: str | None
    old_sha: str | None
    new_sha: str | None
    additions: int
    deletions: int
    patch: FilePatch | None  # None for binary files and pure renames

    @property
    def changes(self) -> int:
        return self.additions + self.deletions

    def find(self, side: str, line: int):
        return self.patch.find(side, line) if self.patch else None


def _similarity(old: bytes, new: bytes) -> float:
    a, _ = split_lines(old)
    b, _ = split_lines(new)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def diff_snapshots(old_files: dict[str, bytes], new_files: dict[str, bytes], blob_sha) -> list[FileDiff]:
    """File-level diff of two snapshots, sorted by path, with git-style rename detection (>= 50%)."""
    removed = sorted(set(old_files) - set(new_files))
    added = sorted(set(new_files) - set(old_files))
    renames: dict[str, str] = {}  # new -> old
    # exact renames first, then the most similar pairs above 50 %
    for n in list(added):
        for o in removed:
            if o not in renames.values() and old_files[o] == new_files[n]:
                renames[n] = o
                break
    candidates = []
    for n in added:
        if n in renames or is_binary(new_files[n]):
            continue
        for o in removed:
            if o in renames.values() or is_binary(old_files[o]):
                continue
            s = _similarity(old_files[o], new_files[n])
            if s >= 0.5:
                candidates.append((-s, n, o))
    for _, n, o in sorted(candidates):
        if n not in renames and o not in renames.values():
            renames[n] = o

    out: list[FileDiff] = []

    def text_patch(old: bytes, new: bytes) -> FilePatch | None:
        if is_binary(old) or is_binary(new):
            return None
        return make_patch(old, new)

    for path in sorted(set(old_files) | set(new_files)):
        if path in old_files and path in new_files:
            if old_files[path] == new_files[path]:
                continue
            p = text_patch(old_files[path], new_files[path])
            out.append(
                FileDiff(
                    path, "modified", None, blob_sha(old_files[path]), blob_sha(new_files[path]), p.additions if p else 0, p.deletions if p else 0, p
                )
            )
        elif path in new_files:
            if path in renames:
                o = renames[path]
                same = old_files[o] == new_files[path]
                p = None if same else text_patch(old_files[o], new_files[path])
                out.append(
                    FileDiff(
                        path, "renamed", o, blob_sha(old_files[o]), blob_sha(new_files[path]), p.additions if p else 0, p.deletions if p else 0, p
                    )
                )
            else:
                p = text_patch(b"", new_files[path])
                out.append(FileDiff(path, "added", None, None, blob_sha(new_files[path]), p.additions if p else 0, 0, p))
        else:
            if path in renames.values():
                continue
            p = text_patch(old_files[path], b"")
            out.append(FileDiff(path, "removed", None, blob_sha(old_files[path]), None, 0, p.deletions if p else 0, p))
    return out


def map_line(old: bytes, new: bytes, line: int) -> int | None:
    """Where line ``line`` (1-based) of ``old`` is in ``new`` if it survived unchanged, else None."""
    a, _ = split_lines(old)
    b, _ = split_lines(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" and i1 < line <= i2:
            return j1 + (line - i1)
    return None
