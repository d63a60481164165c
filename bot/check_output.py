"""The "goleash" check run: conclusion, title, Markdown summary and annotations."""

from __future__ import annotations

from goleash.rules.model import FileError, Finding, Severity, Skipped

from .comment_body import SEVERITY_ICON, Links
from .review_plan import ExistingComment, ReviewPlan

CHECK_NAME = "goleash"
ANNOTATIONS_PER_REQUEST = 50  # GitHub's maxItems for output.annotations
# output.summary and output.text: GitHub's description says 65535 characters, GitHub counts
# UTF-8 bytes ("summary exceeds a maximum bytesize of 65535"); the ⛔/⚠️ markers are 3-6 bytes.
SUMMARY_LIMIT = 65535
TRUNCATED = "\n\n… (truncated; every finding is also an annotation)"
_LEVEL = {Severity.ERROR: "failure", Severity.WARNING: "warning", Severity.INFO: "notice"}
_THRESHOLD = {"error": 3, "warning": 2, "info": 1, "never": 99}


def conclusion(in_diff: list[Finding], fail_on: str, skipped: list[Skipped] = ()) -> str:
    """failure when a finding in the diff reaches the threshold; neutral for lesser ones, and
    when a changed package was not analysed (success would vouch for code nobody read)."""
    if in_diff and max(f.severity.rank for f in in_diff) >= _THRESHOLD[fail_on]:
        return "failure"
    if in_diff or skipped:
        return "neutral"
    return "success"


def title(plan: ReviewPlan, skipped: list[Skipped] = ()) -> str:
    counts = {s: 0 for s in Severity}
    for f in plan.in_diff:
        counts[f.severity] += 1
    if not plan.in_diff:
        text = "No concurrency issues in the changed lines"
    else:
        parts = [f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
        text = "goleash: " + ", ".join(parts) + " in the changed lines"
    if skipped:
        n = len(skipped)
        text += f"; {n} package{'s' if n != 1 else ''} not analysed (over the review's limits)"
    return text


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(findings: list[Finding], links: Links, where: str) -> list[str]:
    return [
        f"| {SEVERITY_ICON[f.severity]} {f.severity.value} | `{f.rule_id}` | "
        f"{links.label(f.path, f.span.start_line, f.span.end_line)} | {_cell(f.message)} | {where} |"
        for f in findings
    ]


def summary(
    plan: ReviewPlan,
    links: Links,
    errors: list[FileError],
    files_analyzed: int,
    fixed: list[ExistingComment],
    skipped: list[Skipped] = (),
) -> str:
    lines = [f"Analysed {files_analyzed} Go file{'s' if files_analyzed != 1 else ''} at `{links.sha[:12]}`.", ""]
    if skipped:
        lines += ["**Not analysed: over the review's limits**", ""]
        lines += [f"- `{s.path or '.'}`: {_cell(s.reason)}" for s in skipped]
        lines += ["", "Findings in these packages are neither reported nor marked fixed.", ""]
    rows = (
        _table([i.finding for i in plan.new], links, "inline (new)")
        + _table(plan.already_posted, links, "inline (earlier)")
        + _table(plan.over_cap, links, "in diff, over the inline cap")
        + _table([o for i in plan.new for o in i.also], links, "outside diff, cited inline")
        + _table(plan.outside_diff, links, "outside diff")
    )
    if rows:
        lines += ["| Severity | Rule | Location | Consequence | Where |", "|---|---|---|---|---|", *rows, ""]
    else:
        lines += ["No findings in the changed packages.", ""]
    if fixed:
        lines += [f"**Fixed since the last review:** {len(fixed)} comment{'s' if len(fixed) != 1 else ''} marked fixed.", ""]
    if errors:
        lines += ["**Not fully analysed**", ""] + [f"- `{e.path}`: {_cell(e.message)}" for e in errors] + [""]
    return fit("\n".join(lines))


def fit(text: str, limit: int = SUMMARY_LIMIT, note: str = TRUNCATED) -> str:
    """``text`` within ``limit`` UTF-8 bytes, ``note`` included: cut at a line break when one is
    near (no half table row), never inside a character. Apply it to the text as sent, after
    anything is prepended or appended."""
    data = text.encode()
    if len(data) <= limit:
        return text
    room = limit - len(note.encode())
    if room <= 0:
        return data[:limit].decode("utf-8", errors="ignore")
    # The prefix of valid UTF-8 is valid but for a character cut at its end, which this drops.
    head = data[:room].decode("utf-8", errors="ignore")
    line_end = head.rfind("\n")
    if line_end >= len(head) // 2:
        head = head[:line_end]
    return head + note


def annotations(findings: list[Finding], titles: dict[str, str] | None = None) -> list[dict]:
    titles = titles or {}
    out = []
    for f in findings:
        a = {
            "path": f.path,
            "start_line": f.span.start_line,
            "end_line": max(f.span.end_line, f.span.start_line),
            "annotation_level": _LEVEL[f.severity],
            "title": (f"{f.rule_id}: {titles[f.rule_id]}" if f.rule_id in titles else f.rule_id)[:255],
            "message": f.message[:60000],
        }
        # GitHub accepts columns only for single-line annotations.
        if f.span.start_line == f.span.end_line and f.span.start_col and f.span.end_col >= f.span.start_col:
            a.update(start_column=f.span.start_col, end_column=f.span.end_col)
        out.append(a)
    return out


def batches(items: list[dict], size: int = ANNOTATIONS_PER_REQUEST) -> list[list[dict]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]
