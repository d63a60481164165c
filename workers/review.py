"""One review of one pull request at one head sha: fetch, analyse, plan, post.

Safe to run twice: it stops if the sha was superseded or already reviewed, takes the
per-PR lock, reuses the check run an earlier attempt created, and never posts a finding
whose fingerprint marker is already on the pull request."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from typing import Callable

import redis

from goleash.bot import check_output, installations, metrics, pr_heads, repo_config
from goleash.bot.comment_body import Links, mark_fixed, render
from goleash.bot.config import Settings
from goleash.bot.graphql_ops import threads_to_resolve
from goleash.bot.jobs import ReviewJob
from goleash.bot.mapping import commentable, parse_patch
from goleash.bot.markers import fixed_in
from goleash.bot.review_plan import ReviewPlan, plan_review
from goleash.rules.model import Report
from goleash.rules.registry import Rule

from . import bounded_analysis, fetch, progress
from .check_run import CheckRun
from .github_api import PullRequestAPI
from .pr_lock import PRLock
from .progress import CheckRunRecord
from .replay_queue import enqueue_replay
from .review_post import StaleHead, post_review

LOCK_WAIT = 2.0


@dataclass
class Deps:
    redis: redis.Redis
    settings: Settings
    api: PullRequestAPI
    # files, and which findings' fixes will be shown (`verify_fixes`): only those are verified
    analyze: Callable[..., Report]
    rule_for: Callable[[str], Rule | None]


def superseded_by(r: redis.Redis, job: ReviewJob) -> str | None:
    latest = pr_heads.latest(r, job.repo, job.number)
    return latest if latest and latest != job.head_sha else None


def run(job: ReviewJob, deps: Deps, log) -> str:
    started = time.monotonic()
    r = deps.redis
    if why := installations.blocked(r, job.installation_id, job.repo):
        log.info("review.dropped", reason=why)
        return "installation_removed"
    if (newer := superseded_by(r, job)) is not None:
        log.info("review.superseded", latest=newer)
        return "superseded"
    if progress.is_done(r, job.repo, job.number, job.head_sha):
        return "already_done"
    lock = PRLock(r, job.repo, job.number)
    lock.acquire(wait=LOCK_WAIT)
    with lock:
        if progress.is_done(r, job.repo, job.number, job.head_sha):
            return "already_done"
        return _run_locked(job, deps, lock, log, started)


def _run_locked(job: ReviewJob, deps: Deps, lock: PRLock, log, started: float) -> str:
    r, api, settings, sha = deps.redis, deps.api, deps.settings, job.head_sha
    pr = api.pull()
    if pr.head_sha != sha:
        log.info("review.superseded", latest=pr.head_sha)
        return "superseded"
    if pr.state != "open":
        return "skipped_closed"
    repo_cfg = repo_config.for_review(api, r, job.repo, job.number, pr.base_sha)
    if pr.draft and repo_cfg.skip_draft(settings.review_drafts):
        return "skipped_draft"

    check = CheckRun(api, CheckRunRecord(r, job.repo, sha), sha)
    check.start()

    limits = bounded_analysis.Limits.from_settings(settings)
    deadline = limits.analysis_deadline(started)
    changed = fetch.go_changes(api.changed_files())
    sources = fetch.fetch(api, sha, changed, limits, deadline)
    diffs = {f.path: parse_patch(f.path, f.patch) for f in changed if f.path in sources.files}
    # A fix shows only in the comment of a finding on the diff: the others' are not verified,
    # each verification re-analysing a whole package (most of a large package's findings lie
    # outside a pull request's diff).
    report = bounded_analysis.analyze(sources.files, partial(deps.analyze, verify_fixes=partial(commentable, diffs=diffs)), limits, deadline)
    report.skipped[:0] = sources.skipped
    report.findings = repo_cfg.filter(report.findings)
    existing = api.review_comments()
    # A package not analysed says nothing about its earlier comments: none is marked fixed.
    analyzed_dirs = sources.analyzed_dirs - {s.path for s in report.skipped}
    plan = plan_review(
        report.findings,
        diffs,
        sources.files,
        existing,
        analyzed_dirs,
        sources.head_paths,
        repo_cfg.comment_cap(settings.max_inline_comments),
    )
    metrics.record_findings(r, [f.rule_id for f in report.findings], [i.finding.rule_id for i in plan.new if i.finding.fixes])
    metrics.record_skipped(r, [s.limit for s in report.skipped])
    for s in report.skipped:
        log.warning("review.package_skipped", package=s.path or ".", limit=s.limit, reason=s.reason)
    log.info(
        "review.planned",
        files=len(sources.files),
        findings=len(report.findings),
        new=len(plan.new),
        already_posted=len(plan.already_posted),
        outside_diff=len(plan.outside_diff),
        over_cap=len(plan.over_cap),
        fixed=len(plan.fixed),
        skipped=len(report.skipped),
    )

    # Last look before writing anything a newer push would make stale.
    if (newer := superseded_by(r, job)) is not None:
        check.cancel(f"A newer push ({newer[:12]}) is being reviewed instead.")
        log.info("review.superseded", latest=newer, stage="before posting")
        return "superseded"
    if why := installations.blocked(r, job.installation_id, job.repo):
        log.info("review.dropped", reason=why, stage="before posting")
        return "installation_removed"
    lock.ensure_held()

    links = Links(pr.repo_html_url, sha)
    try:
        refused = _post_review(api, plan, links, deps.rule_for, diffs, log) if repo_cfg.post_comments else ""
    except StaleHead as exc:
        # Force-pushed away while this review ran: the new head's push queued its own review.
        check.cancel(f"GitHub refused the review of {sha[:12]}: {exc}. The commit was replaced by a force-push; the new head is reviewed on its own.")
        log.info("review.superseded", stage="posting", reason=str(exc))
        return "superseded"
    _mark_fixed(api, plan, existing, sha, log)

    titles = {f.rule_id: rule.title for f in report.findings if (rule := deps.rule_for(f.rule_id))}
    summary = check_output.summary(plan, links, report.errors, report.files_analyzed, plan.fixed, report.skipped)
    # Cut to GitHub's byte limit after everything is put together, so nothing prepended overflows it.
    summary = check_output.fit(repo_cfg.notes() + refused + summary)
    check.complete(
        check_output.conclusion(plan.in_diff, repo_cfg.fail_on(settings.fail_on), report.skipped),
        check_output.title(plan, report.skipped),
        summary,
        check_output.annotations(report.findings, titles),
    )
    progress.mark_done(r, job.repo, job.number, sha)
    if repo_cfg.config.replay == "always" and not pr.is_fork:
        _replay_by_config(job, log)
    return "reviewed"


def end_unfinished(job: ReviewJob, deps: Deps | None, title: str, summary: str, log) -> None:
    """The review stopped before completing its check run: complete it, neutral (a limit of
    goleash's or a failure of GitHub's must not block the PR's merge), saying why."""
    if deps is None:
        return
    check = CheckRun(deps.api, CheckRunRecord(deps.redis, job.repo, job.head_sha), job.head_sha)
    try:
        if check.end_unfinished("neutral", title, summary):
            log.info("review.check_run_ended", title=title)
    except Exception as exc:  # noqa: BLE001 - GitHub may be why the review stopped
        log.warning("review.check_run_not_ended", error=str(exc)[:300])


def end_timed_out(job: ReviewJob, deps: Deps | None, log) -> None:
    if deps is None:
        return
    end_unfinished(
        job,
        deps,
        "goleash ran out of time on this pull request",
        f"The review stopped after its limit of {deps.settings.review_time_limit} s "
        "(GOLEASH_REVIEW_TIME_LIMIT): GitHub or "
        "Redis answered too slowly. Nothing more is posted for this commit; "
        "`/goleash review` tries again.",
        log,
    )


def _replay_by_config(job: ReviewJob, log) -> None:
    """`replay: always` in the repository's config (read at the base: a PR cannot turn it on
    for itself). The replay is extra evidence: failing to queue it never fails the review."""
    try:
        enqueue_replay(job, trigger="config")
    except Exception as exc:
        log.warning("replay.enqueue_failed", error=str(exc)[:300])


def review_body(plan: ReviewPlan) -> str:
    n = len(plan.new)
    lines = [f"**goleash** found {n} new concurrency issue{'s' if n != 1 else ''} in the changed lines."]
    if plan.over_cap:
        lines.append(f"{len(plan.over_cap)} more are listed in the **goleash** check run, to keep this review readable.")
    if plan.outside_diff:
        lines.append(f"{len(plan.outside_diff)} outside the diff are listed in the check run.")
    return "\n\n".join(lines)


def _post_review(api: PullRequestAPI, plan: ReviewPlan, links: Links, rule_for, diffs, log) -> str:
    """Post the new inline comments, as ONE review unless GitHub refuses some of them. Returns
    the check-run section listing the refused ones ("" when none was)."""
    if not plan.new:
        return ""
    comments = [{**i.placement.api_fields(), "body": render(i.finding, rule_for(i.finding.rule_id), i.placement, links, i.also)} for i in plan.new]
    n = len(plan.new)
    more = f"**goleash**: more of the {n} new concurrency issue{'s' if n != 1 else ''} in the changed lines."
    out = post_review(lambda body, part: api.create_review(links.sha, body, part), review_body(plan), comments, diffs, more)
    log.info("review.posted", review_ids=out.review_ids, comments=len(out.posted), refused=len(out.refused), requests=out.requests)
    if not out.refused:
        return ""
    log.error("review.comments_refused", refused=len(out.refused), reasons=sorted(set(out.refused.values()))[:5])
    lines = [
        f"**GitHub refused {len(out.refused)} of the {n} inline comment{'s' if n != 1 else ''}**; "
        "those findings are in the table and the annotations only:",
        "",
    ]
    for i, why in sorted(out.refused.items()):
        f = plan.new[i].finding
        lines.append(f"- `{f.rule_id}` at {links.label(f.path, f.span.start_line, f.span.end_line)}: {why}")
    return "\n".join(lines) + "\n\n"


def _mark_fixed(api: PullRequestAPI, plan: ReviewPlan, existing, sha: str, log) -> None:
    for c in plan.fixed:
        api.edit_comment(c.id, mark_fixed(c.body, sha))
    # Also threads an interrupted attempt marked fixed at this sha but did not resolve.
    ids = {c.id for c in plan.fixed} | {c.id for c in existing if c.is_ours and fixed_in(c.body) == sha}
    if not ids:
        return
    to_resolve = threads_to_resolve(api.review_threads(), ids)
    for t in to_resolve:
        api.resolve_thread(t.id)
    log.info("review.marked_fixed", comments=len(plan.fixed), threads_resolved=len(to_resolve))
