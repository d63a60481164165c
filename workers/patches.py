"""A file's patch when GitHub's files list leaves it out (it does for diffs too large to show):
the hunks of a unified diff of the two versions, with 3 lines of context and no file header,
as GitHub writes `patch`, so the same code maps findings to diff lines either way."""

from __future__ import annotations

import difflib


def unified_hunks(old: bytes, new: bytes) -> str | None:
    """None when either side is not text."""
    try:
        a, b = old.decode().splitlines(), new.decode().splitlines()
    except UnicodeDecodeError:
        return None
    lines = list(difflib.unified_diff(a, b, n=3, lineterm=""))
    return "\n".join(lines[2:]) if lines else ""
