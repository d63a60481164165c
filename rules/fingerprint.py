"""Fingerprints identify a finding across pushes: they hash what the finding is about
(rule, file, enclosing function, the offending code), never where it is."""

from __future__ import annotations

import hashlib
import re

_WS = re.compile(r"\s+")


def normalize(code: str) -> str:
    code = code.split("//", 1)[0] if "//goleash" in code or "//nolint" in code else code
    return _WS.sub(" ", code).strip()


def fingerprint(rule_id: str, path: str, anchor: str, occurrence: int) -> str:
    h = hashlib.sha256(f"{rule_id}\0{path}\0{anchor}\0{occurrence}".encode())
    return h.hexdigest()[:20]
