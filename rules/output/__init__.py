"""Renderers for a Report: text for people, JSON for scripts, SARIF for code scanning."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import metadata
from typing import TYPE_CHECKING, Callable

from ..model import Finding, Report, Severity
from .sources import SourceReader, disk_reader

if TYPE_CHECKING:
    from ..registry import Rule


def tool_version() -> str:
    try:
        return metadata.version("goleash")
    except metadata.PackageNotFoundError:
        return "0.0.0+unknown"


@dataclass
class RenderContext:
    # Rule descriptors for SARIF's tool.driver.rules (the rules that were run).
    rules: list["Rule"] = field(default_factory=list)
    read_source: SourceReader = field(default_factory=disk_reader)
    color: bool = False
    # Absolute directory SARIF URIs are made relative to (the repository root).
    srcroot: str = field(default_factory=os.getcwd)
    # Directory that finding paths are relative to.
    cwd: str = field(default_factory=os.getcwd)
    version: str = field(default_factory=tool_version)


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings, key=lambda f: (f.span.path, f.span.start_line, f.span.start_col, f.rule_id, f.message)
    )


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts


def render(fmt: str, report: Report, ctx: RenderContext) -> str:
    return FORMATS[fmt](report, ctx)


def _text(report: Report, ctx: RenderContext) -> str:
    from .text import render_text

    return render_text(report, ctx)


def _json(report: Report, ctx: RenderContext) -> str:
    from .json_out import render_json

    return render_json(report, ctx)


def _sarif(report: Report, ctx: RenderContext) -> str:
    from .sarif import render_sarif

    return render_sarif(report, ctx)


FORMATS: dict[str, Callable[[Report, RenderContext], str]] = {
    "text": _text,
    "json": _json,
    "sarif": _sarif,
}
