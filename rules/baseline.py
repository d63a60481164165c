"""Baselines: the fingerprints of the findings a codebase already has, so `goleash check`
(and the App) report only new ones. Fingerprints carry no line numbers, so a baseline
survives unrelated edits.

File format (.goleash-baseline.json):
    {"version": 1, "tool": "goleash", "fingerprints": {"<fp>": {"rule": "...", "path": "..."}, ...}}
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from .model import Finding

DEFAULT_FILE = ".goleash-baseline.json"
VERSION = 1


def build(findings: Iterable[Finding]) -> dict:
    fps = {}
    for f in sorted(findings, key=lambda f: (f.path, f.rule_id, f.fingerprint)):
        if f.fingerprint:
            fps[f.fingerprint] = {"rule": f.rule_id, "path": f.path}
    return {"version": VERSION, "tool": "goleash", "fingerprints": fps}


def write(path: str | os.PathLike, findings: Iterable[Finding]) -> int:
    doc = build(findings)
    Path(path).write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return len(doc["fingerprints"])


def parse_baseline(data: bytes | str) -> set[str]:
    """The fingerprints in a baseline file's content; ValueError if it is not one."""
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("fingerprints"), (dict, list)):
        raise ValueError('not a goleash baseline (no "fingerprints")')  # noqa: TRY004 (callers catch ValueError)
    fps = doc["fingerprints"]
    return {str(k) for k in fps}


def load(path: str | os.PathLike) -> set[str]:
    return parse_baseline(Path(path).read_bytes())


def without_baselined(findings: list[Finding], baseline: set[str]) -> list[Finding]:
    return [f for f in findings if not (f.fingerprint and f.fingerprint in baseline)]
