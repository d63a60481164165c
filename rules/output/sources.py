"""File contents for rendering: fix diffs need the bytes the TextEdits index into."""

from __future__ import annotations

import difflib
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable

from ..model import Fix, TextEdit

SourceReader = Callable[[str], "bytes | None"]


def disk_reader(root: str | Path = ".") -> SourceReader:
    """Reads findings' paths relative to `root`, once each; None when unreadable."""
    cache: dict[str, bytes | None] = {}
    base = Path(root)

    def read(path: str) -> bytes | None:
        if path not in cache:
            try:
                cache[path] = (base / path).read_bytes()
            except OSError:
                cache[path] = None
        return cache[path]

    return read


def dict_reader(files: dict[str, bytes]) -> SourceReader:
    return files.get


class EditError(ValueError):
    pass


def apply_edits(content: bytes, edits: Iterable[TextEdit]) -> bytes:
    ordered = sorted(edits, key=lambda e: (e.start_byte, e.end_byte))
    out, pos = [], 0
    for e in ordered:
        if e.start_byte < pos or e.end_byte < e.start_byte or e.end_byte > len(content):
            raise EditError(f"edit [{e.start_byte}, {e.end_byte}) overlaps or is out of range")
        out += [content[pos : e.start_byte], e.new_text.encode("utf-8")]
        pos = e.end_byte
    out.append(content[pos:])
    return b"".join(out)


def _lines(data: bytes) -> list[str]:
    # surrogateescape keeps odd bytes visible instead of failing the whole diff.
    return data.decode("utf-8", errors="surrogateescape").splitlines(keepends=True)


def _unified(path: str, old: bytes, new: bytes, context: int) -> str:
    out = []
    for line in difflib.unified_diff(_lines(old), _lines(new), fromfile=f"a/{path}", tofile=f"b/{path}", n=context):
        if line.endswith("\n"):
            out.append(line)
        else:
            # Same marker as diff(1)/git so the patch applies with `git apply`.
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out).encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")


def fix_diff(fix: Fix, read: SourceReader, context: int = 3) -> str:
    """The fix as a unified diff over every file it touches; raises EditError if it cannot apply."""
    by_path: dict[str, list[TextEdit]] = defaultdict(list)
    for e in fix.edits:
        by_path[e.path].append(e)
    parts = []
    for path in sorted(by_path):
        old = read(path)
        if old is None:
            raise EditError(f"cannot read {path}")
        parts.append(_unified(path, old, apply_edits(old, by_path[path]), context))
    return "".join(parts)
