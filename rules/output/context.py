"""What every renderer is given: the rules that ran, how to read sources, where paths start."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import metadata
from typing import TYPE_CHECKING

from ..model import Finding, Severity
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
    return sorted(findings, key=lambda f: (f.span.path, f.span.start_line, f.span.start_col, f.rule_id, f.message))


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts
