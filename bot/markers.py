"""Hidden HTML comments that let a later run recognise what an earlier run posted."""

from __future__ import annotations

import re

_FP = re.compile(r"<!-- goleash:fp=([0-9A-Za-z_.:-]+) -->")
_FIXED = re.compile(r"<!-- goleash:fixed=([0-9A-Za-z]+) -->")


def fingerprint_marker(fingerprint: str) -> str:
    return f"<!-- goleash:fp={fingerprint} -->"


def fixed_marker(sha: str) -> str:
    return f"<!-- goleash:fixed={sha} -->"


def fingerprint_in(body: str | None) -> str | None:
    m = _FP.search(body or "")
    return m.group(1) if m else None


def fixed_in(body: str | None) -> str | None:
    m = _FIXED.search(body or "")
    return m.group(1) if m else None
