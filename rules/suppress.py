"""Comments that silence findings: `//goleash:ignore <rule-id>[,<rule-id>] <reason>` and the
`//nolint`, `//nolint:goleash`, `//nolint:<rule-id>` forms golangci-lint users already write.
A directive applies to its own line (trailing comment) and to the line below it."""

from __future__ import annotations

import re

from .parse import SourceFile

_IGNORE = re.compile(r"//\s*goleash:ignore\s+([\w,\-]+)")
_NOLINT = re.compile(r"//\s*nolint(?::([\w,\-]+))?\b")


def suppressed_rules(line: str) -> set[str] | None:
    """Rule ids a directive on this line silences; {'*'} for all; None when there is none."""
    if "//" not in line:
        return None
    m = _IGNORE.search(line)
    if m:
        return set(m.group(1).split(","))
    m = _NOLINT.search(line)
    if m:
        names = m.group(1)
        if not names:
            return {"*"}
        names_set = set(names.split(","))
        return {"*"} if "goleash" in names_set else names_set
    return None


def is_suppressed(src: SourceFile, line: int, rule_id: str) -> bool:
    lines = len(src.line_starts)  # (line_count counts them anew: once per finding is quadratic)
    for ln in (line, line - 1):
        if ln < 1 or ln > lines:
            continue
        rules = suppressed_rules(src.line_text(ln))
        if rules and ("*" in rules or rule_id in rules):
            return True
    return False
