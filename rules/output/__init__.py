"""Renderers for a Report: text for people, JSON for scripts, SARIF for code scanning."""

from __future__ import annotations

from typing import Callable

from ..model import Report
from .context import RenderContext, severity_counts, sorted_findings, tool_version
from .json_out import render_json
from .sarif import render_sarif
from .text import render_text

__all__ = ["FORMATS", "RenderContext", "render", "severity_counts", "sorted_findings", "tool_version"]

FORMATS: dict[str, Callable[[Report, RenderContext], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
}


def render(fmt: str, report: Report, ctx: RenderContext) -> str:
    return FORMATS[fmt](report, ctx)
