"""Compiler-style text: one `path:line:col:` line per finding, evidence, then fixes as diffs."""

from __future__ import annotations

from ..model import Finding, Report, Span
from .context import RenderContext, severity_counts, sorted_findings
from .sources import EditError, fix_diff

_RESET = "\x1b[0m"
_STYLE = {
    "error": "\x1b[1;31m",
    "warning": "\x1b[1;33m",
    "info": "\x1b[1;36m",
    "location": "\x1b[1m",
    "rule": "\x1b[2m",
    "+": "\x1b[32m",
    "-": "\x1b[31m",
    "@": "\x1b[36m",
}


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLE[style]}{text}{_RESET}" if color else text


def _loc(span: Span) -> str:
    return f"{span.path}:{span.start_line}:{span.start_col}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _diff_lines(diff: str, color: bool) -> list[str]:
    out = []
    for line in diff.splitlines():
        style = line[:1] if line[:1] in "+-@" and not line.startswith(("---", "+++")) else None
        out.append(_paint(line, style, color) if style else line)
    return out


def render_finding(f: Finding, ctx: RenderContext) -> list[str]:
    c = ctx.color
    head = (
        f"{_paint(_loc(f.span) + ':', 'location', c)} "
        f"{_paint(f.severity.value, f.severity.value, c)} "
        f"{_paint('[' + f.rule_id + ']', 'rule', c)} {f.message}"
    )
    lines = [head]
    for r in f.related:
        lines.append(f"    evidence: {_loc(r.span)}: {r.message}")
    for fix in f.fixes:
        try:
            diff = fix_diff(fix, ctx.read_source)
        except EditError as e:
            lines.append(f"    fix: {fix.message} (diff unavailable: {e})")
            continue
        lines.append(f"    fix: {fix.message}")
        # Unindented so the block can be pasted into `git apply`.
        lines.extend(_diff_lines(diff, c))
    return lines


def summary_line(report: Report, findings: list[Finding]) -> str:
    counts = severity_counts(findings)
    detail = [_plural(counts["error"], "error"), _plural(counts["warning"], "warning")]
    if counts["info"]:
        detail.append(f"{counts['info']} info")
    return f"{_plural(len(findings), 'finding')} ({', '.join(detail)}) in {_plural(report.files_analyzed, 'file')}"


def render_text(report: Report, ctx: RenderContext) -> str:
    findings = sorted_findings(report.findings)
    lines: list[str] = []
    for f in findings:
        lines.extend(render_finding(f, ctx))
    lines.append(summary_line(report, findings))
    return "\n".join(lines) + "\n"
