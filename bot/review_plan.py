"""Deciding what a run posts: which findings become new inline comments, which were
posted before, which go to the check run summary, and which old comments are now fixed.

Pure: the worker gathers the inputs from GitHub and carries out the plan."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from goleash.rules.model import Finding

from .mapping import FileDiff, Placement, place, related
from .markers import fingerprint_in, fixed_in


@dataclass(frozen=True)
class ExistingComment:
    """A review comment already on the pull request (GET /pulls/{n}/comments)."""

    id: int
    body: str
    path: str
    user_login: str
    user_type: str
    in_reply_to_id: int | None = None

    @property
    def fingerprint(self) -> str | None:
        return fingerprint_in(self.body)

    @property
    def is_ours(self) -> bool:
        # A human quoting one of our comments copies the marker too; only a Bot's counts.
        return self.user_type == "Bot" and self.in_reply_to_id is None and self.fingerprint is not None

    @property
    def is_fixed(self) -> bool:
        return fixed_in(self.body) is not None


@dataclass
class Inline:
    finding: Finding
    placement: Placement
    also: list[Finding] = field(default_factory=list)  # related findings outside the diff


@dataclass
class ReviewPlan:
    new: list[Inline] = field(default_factory=list)
    already_posted: list[Finding] = field(default_factory=list)
    over_cap: list[Finding] = field(default_factory=list)
    outside_diff: list[Finding] = field(default_factory=list)
    fixed: list[ExistingComment] = field(default_factory=list)

    @property
    def in_diff(self) -> list[Finding]:
        return [i.finding for i in self.new] + self.already_posted + self.over_cap


def _priority(f: Finding):
    return (-f.severity.rank, f.path, f.line, f.rule_id)


def plan_review(
    findings: list[Finding],
    diffs: dict[str, FileDiff],
    contents: dict[str, bytes],
    existing: list[ExistingComment],
    analyzed_dirs: set[str],
    head_paths: set[str] | None,
    cap: int,
) -> ReviewPlan:
    plan = ReviewPlan()
    unique: dict[str, Finding] = {}
    for f in findings:
        unique.setdefault(f.fingerprint, f)

    ours = [c for c in existing if c.is_ours]
    active = {c.fingerprint for c in ours if not c.is_fixed}

    candidates: list[Inline] = []
    outside: list[Finding] = []
    for f in sorted(unique.values(), key=_priority):
        placement = place(f, diffs, contents)
        if placement is None:
            outside.append(f)
        elif f.fingerprint in active:
            plan.already_posted.append(f)
        else:
            candidates.append(Inline(f, placement))

    plan.new, over = candidates[:cap], candidates[cap:]
    plan.over_cap = [i.finding for i in over]
    _drop_overlapping_suggestions(plan.new)

    for f in outside:
        host = next((i for i in plan.new if related(i.finding, f)), None)
        if host is not None:
            host.also.append(f)
        else:
            plan.outside_diff.append(f)

    seen = set(unique)
    for c in ours:
        if c.is_fixed or c.fingerprint in seen:
            continue
        # Only a package this run looked at can vouch that the finding is gone (or the
        # head tree, that its file is).
        if posixpath.dirname(c.path) in analyzed_dirs or (head_paths is not None and c.path not in head_paths):
            plan.fixed.append(c)
    plan.new.sort(key=lambda i: (i.placement.path, i.placement.line))
    return plan


def _drop_overlapping_suggestions(inlines: list[Inline]) -> None:
    """GitHub applies only one suggestion per line in a batch: the first (most severe) keeps it,
    the others become plain comments on their own line."""
    taken: dict[str, list[range]] = {}
    for i, inline in enumerate(inlines):
        s = inline.placement.suggestion
        if s is None:
            continue
        lines = range(s.start_line, s.end_line + 1)
        ranges = taken.setdefault(inline.placement.path, [])
        if any(lines.start < r.stop and r.start < lines.stop for r in ranges):
            inlines[i] = Inline(inline.finding, Placement(inline.placement.path, inline.finding.line), inline.also)
        else:
            ranges.append(lines)
