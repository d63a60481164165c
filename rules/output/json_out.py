"""Machine-readable report: Finding.to_dict() per finding, so it round-trips with Finding.from_dict()."""

from __future__ import annotations

import json

from ..model import Report
from .context import RenderContext, severity_counts, sorted_findings

SCHEMA_VERSION = 1


def report_dict(report: Report, ctx: RenderContext) -> dict:
    findings = sorted_findings(report.findings)
    errors = sorted(report.errors, key=lambda e: (e.path, e.message))
    return {
        "version": ctx.version,
        "format_version": SCHEMA_VERSION,
        "findings": [f.to_dict() for f in findings],
        "errors": [{"path": e.path, "message": e.message} for e in errors],
        "summary": {
            "findings": len(findings),
            "by_severity": severity_counts(findings),
            "errors": len(errors),
            "files_analyzed": report.files_analyzed,
            "lines_analyzed": report.lines_analyzed,
        },
    }


def render_json(report: Report, ctx: RenderContext) -> str:
    return json.dumps(report_dict(report, ctx), indent=2, ensure_ascii=False) + "\n"
