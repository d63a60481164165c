"""Replays of a PR's changed packages (``go vet`` + ``go test -race`` in the bubblewrap sandbox
of replay/), wired into the App as three Celery tasks:

1. ``goleash.replay_prepare`` — queue ``celery`` (a review worker, which holds the App key):
   checks the PR (open, head sha, fork policy, Go changes), creates the "goleash replay" check
   run, mints an installation token narrowed to this one repository with ``contents: read``
   (workers/replay_credentials.py) and sends step 2 with it.
2. ``goleash.replay_run`` — queue ``replays`` (replay workers: own processes, own concurrency,
   started WITHOUT the App key or webhook secret): downloads the tarball at the head sha with
   that token only, replays it, and sends the result (JSON, no credential) to step 3.
3. ``goleash.replay_report`` — queue ``celery``: under the per-PR lock, merges the runtime
   findings with the static ones of the same sha (replay.merge), posts new runtime findings on
   diff lines as ONE review (fingerprint markers dedupe re-runs), edits the existing static
   comment a runtime report confirms ("Confirmed by the race detector"), and completes the
   "goleash replay" check run (its summary lists replay failures: limits hit, build failed).

When: workers/replay_queue.py (``GOLEASH_REPLAY``), which sends step 1 by name.

Replay workers:  celery -A goleash.workers.app worker -Q replays --concurrency=N
``GOLEASH_REPLAY_CACHE_DIR``: ``trusted/``, the read-only Go build cache that only the
toolchain's own warm-up fills, shared by all repositories (replay/gocache.py), and
``toolchain/``, the staged GOROOT; each replay gets fresh writable caches of its own, deleted
with it. ``GOLEASH_REPLAY_DISK_QUOTA_MB`` (default 2048): what one replay may write;
``GOLEASH_REPLAY_TEST_TIMEOUT`` (seconds of tests per package, default 60);
``GOLEASH_REPLAY_HANG_TIMEOUT`` (seconds a test may stay blocked before it counts as hung,
default 10); ``GOLEASH_REPLAY_REPEAT_SECONDS`` (test time spent repeating a clean suite under
-race, default 1)."""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

import structlog
from celery.exceptions import SoftTimeLimitExceeded
from github.GithubException import GithubException

from goleash.bot import check_output, keys
from goleash.bot import log as logging_setup
from goleash.bot.celery_config import REPLAY_PREPARE_TASK, REPLAY_QUEUE, REPLAY_REPORT_TASK, REPLAY_RUN_TASK
from goleash.bot.comment_body import Links, render
from goleash.bot.config import Settings
from goleash.bot.jobs import ReviewJob
from goleash.bot.mapping import commentable, parse_patch, place
from goleash.bot.review_plan import plan_review
from goleash.replay import ReplayConfig, ReplayError, merge, replay_tarball
from goleash.rules.model import Finding

from . import bounded_analysis, fetch, review
from .app import celery_app, settings
from .base_task import GoleashTask
from .pr_lock import LockBusy, LockLost, PRLock
from .replay_credentials import CredentialError, download_tarball, mint_replay_token
from .time_limit import soft_time_limit

__all__ = ["REPLAY_PREPARE_TASK", "REPLAY_QUEUE", "REPLAY_REPORT_TASK", "REPLAY_RUN_TASK"]
REPLAY_CHECK_NAME = "goleash replay"
RUNTIME_RULES = ("race-detected", "hang-detected", "leak-detected", "panic-detected")
CONFIRMED_MARK = "<!-- goleash:confirmed -->"
# A replay builds -race binaries and runs tests: far longer than a review may take.
RUN_SOFT_TIME_LIMIT = 1500
RUN_TIME_LIMIT = 1560
KEEP_SECONDS = 30 * 24 * 3600

# GitHub hiccups a report may meet before it is given up.
REPORT_ATTEMPTS = 8

log = logging_setup.get("goleash.replay")


# ------------------------------------------------------------------------- Redis records


def _check_key(repo: str, sha: str) -> str:
    return f"{keys.PREFIX}:replay-check:{repo}@{sha}"


def _done_key(repo: str, number: int, sha: str) -> str:
    return keys.pr(repo, number) + f":replay-done:{sha}"


def _cache_base(settings: Settings = settings) -> Path:
    base = settings.replay_cache_base()
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o711)  # the sandbox user must reach the read-only cache and toolchain below it
    return base


def cache_dir_for(repo: str, settings: Settings = settings) -> Path:
    # The cache holds toolchain output only (never a repository's), so every repository shares
    # it; the per-repository directories of older versions were writable by PRs and are unused.
    return _cache_base(settings) / "trusted"


def _config(settings: Settings = settings) -> ReplayConfig:
    return ReplayConfig(
        test_timeout_seconds=settings.replay_test_timeout,
        hang_timeout_seconds=settings.replay_hang_timeout,
        race_repeat_seconds=settings.replay_repeat_seconds,
        disk_quota_bytes=settings.replay_disk_quota_mb << 20,
        toolchain_dir=str(_cache_base(settings) / "toolchain"),
    )


# ------------------------------------------------------------------------- 1. prepare


def _pr_raw(gh, repo: str, number: int) -> dict:
    return gh.get_repo(repo, lazy=True).get_pull(number).raw_data


def is_fork(pr_raw: dict) -> bool:
    head_repo = (pr_raw.get("head") or {}).get("repo") or {}
    base_repo = (pr_raw.get("base") or {}).get("repo") or {}
    return not head_repo or head_repo.get("full_name") != base_repo.get("full_name")


@celery_app.task(name=REPLAY_PREPARE_TASK, base=GoleashTask, bind=True, max_retries=5)
def prepare_replay(self: GoleashTask, job: dict, trigger: str = "request") -> str:
    j = ReviewJob.from_dict(job)
    with structlog.contextvars.bound_contextvars(task_id=self.request.id, repo=j.repo, pr=j.number, trigger=trigger):
        gh = self.github(j.installation_id)
        raw = _pr_raw(gh, j.repo, j.number)
        sha = raw["head"]["sha"]
        if (why := _not_to_replay(self.redis, j, raw, trigger)) is not None:
            return why
        api = self.pull_request_api(j.installation_id, j.repo, j.number, gh=gh)
        dirs = sorted({posixpath.dirname(f.path) for f in fetch.go_changes(api.changed_files())})
        if not dirs:
            return "no_go_changes"
        check_id = _start_check(self.redis, api, j.repo, sha)
        try:
            _send_run(self.settings, j, sha, dirs, check_id)
        except Exception as exc:
            _complete(
                api, check_id, "neutral", "Replay did not start", f"**Replay failures**\n\n- the replay could not be started: {_cell(exc)[:500]}", []
            )
            raise
        log.info("replay.queued", head_sha=sha[:12], dirs=len(dirs), check_run_id=check_id)
        return "queued"


def _not_to_replay(r, j: ReviewJob, raw: dict, trigger: str) -> str | None:
    """Why the PR as GitHub has it now is not replayed, or None."""
    sha = raw["head"]["sha"]
    if j.head_sha and j.head_sha != sha:
        log.info("replay.superseded", latest=sha[:12])
        return "superseded"
    if raw.get("state") != "open":
        return "skipped_closed"
    if trigger != "request" and is_fork(raw):
        # Automatic runs never execute code from someone outside the repository.
        log.info("replay.skipped_fork")
        return "skipped_fork"
    if trigger != "request" and r.exists(_done_key(j.repo, j.number, sha)):
        return "already_done"
    return None


def _send_run(settings: Settings, j: ReviewJob, sha: str, dirs: list[str], check_id: int) -> None:
    tok = mint_replay_token(settings, j.installation_id, j.repo)
    run_job = {**j.to_dict(), "head_sha": sha}
    # The token rides in the message (never logged: kwargsrepr) and dies within the hour;
    # a message still queued when it would be useless expires with it.
    celery_app.send_task(
        REPLAY_RUN_TASK,
        kwargs={"job": run_job, "token": tok.token, "api_url": settings.github_api_url, "changed_dirs": dirs, "check_run_id": check_id},
        kwargsrepr=f"{j.repo}#{j.number}@{sha[:12]} dirs={dirs} (token hidden)",
        expires=max(60, int(tok.expires_at - time.time() - 60)),
    )


def _start_check(r, api, repo: str, sha: str) -> int:
    """One "goleash replay" check run per head sha: a re-run takes it back to in_progress."""
    output = {"title": "Replaying", "summary": "goleash is running go vet and go test -race on the changed packages in a sandbox."}
    existing = r.get(_check_key(repo, sha))
    if existing:
        cid = int(existing)
        api.update_check_run(cid, status="in_progress", output=output)
        return cid
    cid = api.create_check_run(sha, REPLAY_CHECK_NAME, output)
    r.set(_check_key(repo, sha), cid, ex=KEEP_SECONDS)
    return cid


# ------------------------------------------------------------------------- 2. run (no App key here)


def _slim(result: dict) -> dict:
    """The replay result for the report message: findings and failures in full, steps
    without their captured output."""
    steps = []
    for s in result.get("steps", []):
        res = s.get("result") or {}
        steps.append(
            {
                "name": s["name"],
                "module": s["module"],
                "packages": s["packages"],
                "status": s["status"],
                "detail": (s.get("detail") or "")[-1000:],
                "duration": res.get("duration"),
                "killed_by_limit": res.get("killed_by_limit"),
            }
        )
    return {
        "findings": result.get("findings", []),
        "failures": result.get("failures", []),
        "skipped": result.get("skipped", []),
        "steps": steps,
        "costs": result.get("costs", []),
        "budget": result.get("budget", {}),
    }


@celery_app.task(
    name=REPLAY_RUN_TASK, base=GoleashTask, bind=True, acks_late=False, max_retries=0, soft_time_limit=RUN_SOFT_TIME_LIMIT, time_limit=RUN_TIME_LIMIT
)
def run_replay(self: GoleashTask, job: dict, token: str, api_url: str, changed_dirs: list[str], check_run_id: int) -> str:
    """Runs in a replay worker. ``acks_late=False``: a replay lost with its worker is re-requested,
    not redelivered after the broker's visibility timeout while the first run is still going."""
    j = ReviewJob.from_dict(job)
    started = time.monotonic()
    with structlog.contextvars.bound_contextvars(task_id=self.request.id, repo=j.repo, pr=j.number, head_sha=j.head_sha[:12]):
        tmp = Path(tempfile.mkdtemp(prefix="goleash-tarball-"))
        try:
            tar = tmp / "repo.tar.gz"
            try:
                size = download_tarball(api_url, j.repo, j.head_sha, token, tar)
                log.info("replay.downloaded", bytes=size)
                result = _slim(
                    replay_tarball(str(tar), changed_dirs, cache_dir=cache_dir_for(j.repo, self.settings), config=_config(self.settings)).to_dict()
                )
            except (CredentialError, ReplayError, OSError) as exc:
                log.warning("replay.failed", error=str(exc)[:300])
                result = {"findings": [], "failures": [f"replay did not run: {exc}"], "skipped": [], "steps": []}
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        wall = round(time.monotonic() - started, 2)
        result["wall_seconds"] = wall
        celery_app.send_task(
            REPLAY_REPORT_TASK,
            kwargs={"job": job, "result": result, "check_run_id": check_run_id},
            kwargsrepr=f"{j.repo}#{j.number}@{j.head_sha[:12]} findings={len(result['findings'])}",
        )
        log.info("replay.ran", findings=len(result["findings"]), failures=len(result["failures"]), wall_seconds=wall)
        return "ran"


# ------------------------------------------------------------------------- 3. report


@dataclass(frozen=True)
class RuntimeRule:
    """Enough of a rules.registry.Rule for bot.comment_body.render."""

    title: str
    why: str
    docs_url: str


def runtime_rule(rule_id: str) -> RuntimeRule | None:
    if rule_id == "race-detected":
        return RuntimeRule(
            "Data race observed by the race detector",
            "The race detector saw two goroutines touch the same memory without synchronisation "
            "while the PR's own tests ran: this is an observed race, not a possible one.",
            "https://go.dev/doc/articles/race_detector",
        )
    if rule_id == "hang-detected":
        return RuntimeRule(
            "Goroutine blocked forever at run time",
            "A test of this package timed out (or the runtime reported a deadlock) with goroutines "
            "stuck here: each one holds its stack and everything it references forever.",
            "https://pkg.go.dev/runtime#hdr-Goroutine_dumps",
        )
    if rule_id == "leak-detected":
        return RuntimeRule(
            "Goroutine leaked at run time",
            "When this package's tests had ended (and a grace period had passed), goroutines started "
            "by its code were still alive here: nothing will ever wake them.",
            "https://pkg.go.dev/runtime#Stack",
        )
    if rule_id == "panic-detected":
        return RuntimeRule(
            "Concurrency panic at run time",
            "The runtime stopped this package's tests with a panic or fatal error of a sync primitive used wrongly, here.",
            "https://pkg.go.dev/sync#WaitGroup",
        )
    if rule_id.startswith("vet-"):
        a = rule_id[len("vet-") :]
        return RuntimeRule(
            f"go vet: {a}",
            f"`go vet` ({a} analyzer) reported this on the PR's head commit.",
            f"https://pkg.go.dev/golang.org/x/tools/go/analysis/passes/{a}",
        )
    return None


def _is_runtime(f: Finding, runtime_fps: frozenset[str] = frozenset()) -> bool:
    """A report of the replay, not a static finding. Runtime panics carry the rule that predicts
    them (send-on-closed-channel, double-close, ...): those are told apart by fingerprint."""
    return f.rule_id in RUNTIME_RULES or f.rule_id.startswith("vet-") or f.fingerprint in runtime_fps


def confirmed_heading(f: Finding) -> str:
    by = []
    if "Confirmed by the race detector" in f.message:
        by.append("the race detector")
    if "Confirmed by a hang at run time" in f.message:
        by.append("a hang at run time")
    if "Confirmed by a goroutine leak at run time" in f.message:
        by.append("a goroutine leak at run time")
    if "Confirmed by a run-time panic" in f.message:
        by.append("a run-time panic")
    return f"🔬 **Confirmed by {' and '.join(by) or 'a run-time report'}** (goleash replay: go test -race)."


def confirmed_body(f: Finding, rule, placement, links: Links) -> str:
    head, _, rest = render(f, rule, placement, links).partition("\n")
    return f"{head}\n\n{confirmed_heading(f)}\n{rest}\n{CONFIRMED_MARK}"


@celery_app.task(name=REPLAY_REPORT_TASK, base=GoleashTask, bind=True, max_retries=32)
def report_replay(self: GoleashTask, job: dict, result: dict, check_run_id: int) -> str:
    j = ReviewJob.from_dict(job)
    limit = self.settings.review_time_limit
    with structlog.contextvars.bound_contextvars(task_id=self.request.id, repo=j.repo, pr=j.number, head_sha=j.head_sha[:12]):
        deps = self.review_deps(self.pull_request_api(j.installation_id, j.repo, j.number, self.budget(j.installation_id)))
        lock = PRLock(deps.redis, j.repo, j.number)
        try:
            lock.acquire(wait=review.LOCK_WAIT)
            with lock, soft_time_limit(limit):
                outcome = post_results(j, deps, result, check_run_id)
        except SoftTimeLimitExceeded:
            log.error("replay.report_time_limit", limit=limit)
            try:
                _complete(
                    deps.api,
                    check_run_id,
                    "neutral",
                    "goleash ran out of time reporting this replay",
                    f"Reporting stopped after its limit of {limit} s (GOLEASH_REVIEW_TIME_LIMIT).",
                    [],
                )
            except Exception as exc:  # noqa: BLE001 - GitHub may be why it ran out of time
                log.warning("replay.check_run_not_ended", error=str(exc)[:300])
            return "timed_out"
        except (LockBusy, LockLost):
            raise self.retry_for_lock(self.request.retries)
        except Exception as exc:
            # GitHub hiccups are retried like a review's; reposting is safe (fingerprints, marks).
            self.retry_transient(exc, self.request.retries, REPORT_ATTEMPTS, log, "replay.report_retrying")
            log.exception("replay.report_failed")
            raise
        log.info("replay.reported", outcome=outcome)
        return outcome


def post_results(j: ReviewJob, deps: review.Deps, result: dict, check_run_id: int) -> str:
    api, sha = deps.api, j.head_sha
    pr = api.pull()
    runtime = [Finding.from_dict(d) for d in result.get("findings", [])]
    runtime_fps = frozenset(f.fingerprint for f in runtime)
    links = Links(pr.repo_html_url, sha)
    if pr.head_sha != sha:
        _complete(
            api,
            check_run_id,
            "cancelled",
            "Superseded by a newer push",
            f"A newer push ({pr.head_sha[:12]}) arrived while this replay ran; its results are not posted.",
            [],
        )
        return "superseded"

    # The PR's code again: the same limits as its review (packages over them add no evidence).
    limits = bounded_analysis.Limits.from_settings(deps.settings)
    deadline = limits.analysis_deadline(time.monotonic())
    changed = fetch.go_changes(api.changed_files())
    sources = fetch.fetch(api, sha, changed, limits, deadline)
    diffs = {f.path: parse_patch(f.path, f.patch) for f in changed if f.path in sources.files}
    # (as in the review, only the fixes a comment on the diff can show are verified)
    static = bounded_analysis.analyze(sources.files, partial(deps.analyze, verify_fixes=partial(commentable, diffs=diffs)), limits, deadline).findings
    static_by_fp = {f.fingerprint: f for f in static}
    merged = merge(static, runtime)
    confirmed = [
        f for f in merged if not _is_runtime(f, runtime_fps) and f.fingerprint in static_by_fp and f.message != static_by_fp[f.fingerprint].message
    ]
    wanted = [f for f in merged if _is_runtime(f, runtime_fps)] + confirmed
    existing = api.review_comments()

    def rule_for(rule_id: str):
        return runtime_rule(rule_id) or deps.rule_for(rule_id)

    # analyzed_dirs empty: a replay never marks anything fixed, that is the review's job.
    plan = plan_review(wanted, diffs, sources.files, existing, set(), None, deps.settings.max_inline_comments)
    confirmed_fps = {f.fingerprint for f in confirmed}
    comments = []
    for i in plan.new:
        rule = rule_for(i.finding.rule_id)
        body = (
            confirmed_body(i.finding, rule, i.placement, links)
            if i.finding.fingerprint in confirmed_fps
            else render(i.finding, rule, i.placement, links, i.also)
        )
        comments.append({**i.placement.api_fields(), "body": body})
    rejected = ""
    if comments:
        n = len(comments)
        try:
            api.create_review(
                sha,
                f"**goleash replay** observed {n} issue{'s' if n != 1 else ''} at run time (go vet, go test -race) on the changed lines.",
                comments,
            )
        except GithubException as exc:
            if exc.status != 422:
                raise
            # A comment GitHub will not anchor is a mapping bug; the check run still lists them.
            rejected = (exc.data or {}).get("message", "422") if isinstance(exc.data, dict) else "422"
            log.error("replay.review_rejected", message=rejected, comments=n)

    # Static comments posted by the review that a runtime report confirms: edit, never repeat.
    edited = 0
    ours = {c.fingerprint: c for c in existing if c.is_ours and not c.is_fixed}
    for f in confirmed:
        c = ours.get(f.fingerprint)
        if c is None or CONFIRMED_MARK in c.body:
            continue
        placement = place(f, diffs, sources.files)
        if placement is None:
            continue
        api.edit_comment(c.id, confirmed_body(f, rule_for(f.rule_id), placement, links))
        edited += 1

    in_diff = plan.in_diff
    failures = result.get("failures", [])
    if in_diff:
        conclusion = check_output.conclusion(in_diff, deps.settings.fail_on)
        title = f"Replay: {len(in_diff)} run-time report{'s' if len(in_diff) != 1 else ''} on the changed lines"
    elif failures:
        conclusion, title = "neutral", f"Replay incomplete: {len(failures)} failure{'s' if len(failures) != 1 else ''}"
    else:
        conclusion, title = "success", "Replay: nothing observed at run time"
    annotations = check_output.annotations(
        [f for f in merged if _is_runtime(f, runtime_fps)] + confirmed, {k: r.title for f in merged if (r := rule_for(k := f.rule_id))}
    )
    text = summary(result, in_diff, plan.outside_diff, edited, links)
    if rejected:
        text = f"**GitHub rejected the inline comments** ({rejected}); the findings are listed below.\n\n" + text
    _complete(api, check_run_id, conclusion, title, text, annotations)
    deps.redis.set(_done_key(j.repo, j.number, sha), "1", ex=KEEP_SECONDS)
    log.info(
        "replay.posted",
        new=len(comments),
        confirmed_edits=edited,
        already_posted=len(plan.already_posted),
        outside_diff=len(plan.outside_diff),
        failures=len(failures),
    )
    return "reported"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def summary(result: dict, in_diff: list[Finding], outside: list[Finding], edited: int, links: Links) -> str:
    lines = [
        f"Replayed `go vet` and `go test -race` at `{links.sha[:12]}` in a sandbox"
        + (f" in {result['wall_seconds']:.1f} s." if result.get("wall_seconds") is not None else "."),
        "",
    ]
    failures = result.get("failures", [])
    if failures:
        lines += ["**Replay failures** (limits hit, builds that failed, downloads refused)", ""]
        lines += [f"- {_cell(x)[:1000]}" for x in failures] + [""]
    rows = [
        f"| `{f.rule_id}` | {links.label(f.path, f.span.start_line, f.span.end_line)} | {_cell(f.message.split(chr(10))[0])[:300]} | {where} |"
        for fs, where in ((in_diff, "changed lines"), (outside, "outside the diff"))
        for f in fs
    ]
    if rows:
        lines += ["| Rule | Location | Observed | Where |", "|---|---|---|---|", *rows, ""]
    else:
        lines += ["Nothing observed at run time on the changed packages.", ""]
    if edited:
        lines += [
            f"{edited} static finding{'s were' if edited != 1 else ' was'} confirmed at run time; "
            f"{'their comments were' if edited != 1 else 'its comment was'} updated.",
            "",
        ]
    steps = result.get("steps", [])
    if steps:
        lines += ["| Step | Packages | Status | Seconds |", "|---|---|---|---|"]
        lines += [f"| {s['name']} | {', '.join(p or '.' for p in s['packages'])} | {s['status']} | {(s.get('duration') or 0):.1f} |" for s in steps]
        lines.append("")
    if result.get("skipped"):
        lines += ["**Not replayed:** " + "; ".join(_cell(s) for s in result["skipped"]), ""]
    lines += cost_lines(result)
    text = "\n".join(lines)
    return text[: check_output.SUMMARY_LIMIT]


def cost_lines(result: dict) -> list[str]:
    """What the run-time checks cost and under which budget: packages whose tests ran, how
    often, how long; the leak check and the hang timeout."""
    costs, budget = result.get("costs") or [], result.get("budget") or {}
    if not costs:
        return []
    runs = sum(c.get("runs", 0) for c in costs)
    reps = sum(c.get("repetitions", 0) for c in costs)
    secs = sum(c.get("seconds", 0.0) for c in costs)
    leak = sum(1 for c in costs if c.get("leak_check"))
    n = len(costs)
    text = (
        f"**Run-time checks:** {n} package{'s' if n != 1 else ''} tested in {runs} run{'s' if runs != 1 else ''} "
        f"of their -race test binaries ({reps} repeated pass{'es' if reps != 1 else ''} of clean suites), "
        f"{secs:.1f} s of tests; goroutine-leak check on {leak} of {n}"
    )
    if budget:
        grace = budget.get("leak_grace_seconds")
        text += (
            f". Budget per package: {budget.get('test_seconds_per_package')} s of tests, a test blocked for "
            f"{budget.get('hang_timeout_seconds')} s counts as hung, {budget.get('race_repeat_seconds')} s of "
            f"repetitions" + (f", leaked goroutines get {grace:g} s to finish" if grace is not None else "")
        )
    notes = [f"`{c['package']}`: {_cell(c['note'])}" for c in costs if c.get("note")]
    return [text + ".", ""] + ([("- " + x) for x in notes] + [""] if notes else [])


def _complete(api, check_run_id: int, conclusion: str, title: str, summary_text: str, annotations: list[dict]) -> None:
    parts = check_output.batches(annotations)
    for part in parts[:-1]:
        api.update_check_run(check_run_id, output={"title": title, "summary": summary_text, "annotations": part})
    output = {"title": title, "summary": summary_text}
    if parts[-1]:
        output["annotations"] = parts[-1]
    api.update_check_run(check_run_id, status="completed", conclusion=conclusion, completed_at=datetime.now(timezone.utc), output=output)
