"""SARIF 2.1.0 (OASIS errata01) for GitHub code scanning; validated in tests against rules/schemas/."""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath
from urllib.parse import quote

from ..model import Finding, Report, Severity, Span
from .context import RenderContext, sorted_findings

SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/goleash/goleash"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "goleash/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_name(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.replace("_", "-").split("-"))


def rule_descriptor(rule) -> dict:
    md = rule.markdown()
    return {
        "id": rule.id,
        "name": _rule_name(rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.what.strip() or rule.title},
        "help": {"text": md, "markdown": md},
        "helpUri": rule.docs_url,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["concurrency", "go", f"family-{rule.family}"],
            "precision": "high",
        },
    }


class _Locator:
    """Turns finding paths and byte columns into SARIF artifact locations and regions."""

    def __init__(self, ctx: RenderContext):
        self.ctx = ctx
        self.srcroot = os.path.abspath(ctx.srcroot)
        self._lines: dict[str, list[bytes] | None] = {}

    def artifact(self, path: str) -> dict:
        abspath = os.path.normpath(os.path.join(self.ctx.cwd, path))
        rel = os.path.relpath(abspath, self.srcroot)
        if rel == ".." or rel.startswith(".." + os.sep):
            # Outside the repository: no base id makes sense, so give an absolute URI.
            return {"uri": Path(abspath).as_uri()}
        return {"uri": quote(PurePath(rel).as_posix(), safe="/"), "uriBaseId": SRCROOT}

    def _utf16_col(self, path: str, line: int, byte_col: int) -> int:
        # Spans count bytes (as go/token does); SARIF's default columnKind is UTF-16 code units.
        if byte_col <= 1:
            return byte_col
        if path not in self._lines:
            data = self.ctx.read_source(path)
            self._lines[path] = None if data is None else data.split(b"\n")
        lines = self._lines[path]
        if lines is None or not 1 <= line <= len(lines):
            return byte_col
        prefix = lines[line - 1][: byte_col - 1].decode("utf-8", errors="replace")
        return len(prefix.encode("utf-16-le")) // 2 + 1

    def region(self, span: Span) -> dict:
        region = {
            "startLine": max(span.start_line, 1),
            "startColumn": max(self._utf16_col(span.path, span.start_line, span.start_col), 1),
        }
        # Span.end_col is exclusive (the byte after the end), as SARIF's endColumn is.
        end = (span.end_line, self._utf16_col(span.path, span.end_line, span.end_col))
        if span.end_col >= 1 and end >= (region["startLine"], region["startColumn"]):
            region["endLine"], region["endColumn"] = end
        return region

    def physical(self, span: Span) -> dict:
        return {"artifactLocation": self.artifact(span.path), "region": self.region(span)}


def _fixes(f: Finding, loc: _Locator) -> list[dict]:
    out: list[dict] = []
    for fix in f.fixes:
        changes: dict[str, list[dict]] = {}
        for e in sorted(fix.edits, key=lambda e: (e.path, e.start_byte, e.end_byte)):
            changes.setdefault(e.path, []).append(
                {
                    "deletedRegion": {"byteOffset": e.start_byte, "byteLength": e.end_byte - e.start_byte},
                    "insertedContent": {"text": e.new_text},
                }
            )
        item = {
            "description": {"text": fix.message},
            "artifactChanges": [{"artifactLocation": loc.artifact(p), "replacements": reps} for p, reps in changes.items()],
        }
        if changes and item not in out:  # the schema requires unique fixes
            out.append(item)
    return out


def _result(f: Finding, rule_index: dict[str, int], loc: _Locator) -> dict:
    result: dict = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index[f.rule_id],
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": loc.physical(f.span)}],
    }
    if f.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": loc.physical(r.span), "message": {"text": r.message}} for i, r in enumerate(f.related, start=1)
        ]
    if f.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    fixes = _fixes(f, loc)
    if fixes:
        result["fixes"] = fixes
    return result


def sarif_log(report: Report, ctx: RenderContext) -> dict:
    loc = _Locator(ctx)
    descriptors = [rule_descriptor(r) for r in ctx.rules]
    findings = sorted_findings(report.findings)
    known = {d["id"] for d in descriptors}
    for rule_id in sorted({f.rule_id for f in findings} - known):
        # A finding from a rule the caller did not list still needs a ruleIndex.
        descriptors.append({"id": rule_id, "name": _rule_name(rule_id)})
    rule_index = {d["id"]: i for i, d in enumerate(descriptors)}
    notifications = [
        {
            "level": "warning",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": loc.artifact(e.path)}}],
        }
        for e in sorted(report.errors, key=lambda e: (e.path, e.message))
    ]
    root_uri = Path(loc.srcroot).as_uri()
    run = {
        "tool": {
            "driver": {
                "name": "goleash",
                "version": ctx.version,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "originalUriBaseIds": {SRCROOT: {"uri": root_uri if root_uri.endswith("/") else root_uri + "/"}},
        "columnKind": "utf16CodeUnits",
        "results": [_result(f, rule_index, loc) for f in findings],
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report, ctx: RenderContext) -> str:
    return json.dumps(sarif_log(report, ctx), indent=2, ensure_ascii=False) + "\n"


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
