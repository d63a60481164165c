"""The Markdown of an inline review comment, and of one marked fixed.

The text comes from the rule's documentation fields, so the comment, `goleash explain`
and docs/rules/*.md never disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from goleash.rules.model import Finding, Severity
from goleash.rules.registry import Rule

from .mapping import Placement
from .markers import fingerprint_marker, fixed_marker

SEVERITY_ICON = {Severity.ERROR: "⛔", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}


@dataclass(frozen=True)
class Links:
    """Blob links at the reviewed commit, so evidence never drifts as the branch moves."""

    repo_url: str  # https://github.com/owner/name (repository.html_url)
    sha: str

    def blob(self, path: str, start: int, end: int | None = None) -> str:
        anchor = f"#L{start}" if not end or end == start else f"#L{start}-L{end}"
        return f"{self.repo_url}/blob/{self.sha}/{quote(path)}{anchor}"

    def label(self, path: str, start: int, end: int | None = None) -> str:
        where = f"{path}:{start}" if not end or end == start else f"{path}:{start}-{end}"
        return f"[`{where}`]({self.blob(path, start, end)})"


def fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run inside the text."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def heading(finding: Finding, rule: Rule | None) -> str:
    title = rule.title if rule else finding.rule_id
    return f"{SEVERITY_ICON[finding.severity]} **{finding.rule_id} · {title}** ({finding.severity.value})"


def render(
    finding: Finding,
    rule: Rule | None,
    placement: Placement,
    links: Links,
    also: list[Finding] = (),
) -> str:
    parts = [heading(finding, rule), "", finding.message.strip()]
    if placement.line != finding.span.start_line or finding.span.end_line != finding.span.start_line:
        parts += ["", f"At {links.label(finding.path, finding.span.start_line, finding.span.end_line)}."]
    if finding.related:
        parts += ["", "**Evidence**"]
        parts += [f"- {links.label(r.span.path, r.span.start_line, r.span.end_line)} — {r.message}" for r in finding.related]
    if also:
        parts += ["", "**Related, outside this diff**"]
        parts += [f"- {links.label(o.path, o.span.start_line, o.span.end_line)} — {o.rule_id}: {o.message}" for o in also]
    if placement.suggestion is not None:
        fence = fence_for(placement.suggestion.text)
        parts += ["", f"**Suggested fix:** {placement.fix.message}", f"{fence}suggestion", *placement.suggestion.lines, fence]
    elif finding.fixes:
        parts += [
            "",
            f"**A verified fix exists** ({finding.fixes[0].message}), but it changes lines outside this "
            "diff, so it cannot be offered as a suggestion here.",
        ]
    if rule is not None:
        parts += ["", "<details><summary>Why this matters</summary>", "", rule.why.strip(), "", "</details>"]
        parts += ["", f"[{finding.rule_id} documentation]({rule.docs_url})"]
    parts += ["", fingerprint_marker(finding.fingerprint)]
    return "\n".join(parts)


_SUGGESTION_FENCE = re.compile(r"^(`{3,})suggestion\s*$", re.MULTILINE)


def mark_fixed(body: str, sha: str) -> str:
    """The body of a comment whose finding is gone at `sha`: the original folded away,
    its suggestion turned into a plain code block so nobody applies it by mistake."""
    original = _SUGGESTION_FENCE.sub(lambda m: m.group(1) + "go", body)
    lines = original.split("\n")
    if lines and lines[0].startswith(tuple(SEVERITY_ICON.values())):
        lines[0] = f"~~{lines[0]}~~"
    return "\n".join(
        [
            f"✅ **Fixed in {sha[:12]}**: goleash no longer reports this at the head of the pull request.",
            "",
            "<details><summary>Original comment</summary>",
            "",
            *lines,
            "",
            "</details>",
            "",
            fixed_marker(sha),
        ]
    )
