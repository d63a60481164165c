"""When a replay is queued (GOLEASH_REPLAY=off|on-request|always, default on-request):
`enqueue_replay(job)` is the entry point for requests (slash command, check-run button, a
repository's `replay: always`); with `always` the review task asks `after_review`, which
never runs for a PR from a fork. `off` disables all of them. The replay itself is
workers/replay_task.py's; this module only sends its first task, by name."""

from __future__ import annotations

from goleash.bot import log as logging_setup
from goleash.bot.celery_config import REPLAY_PREPARE_TASK
from goleash.bot.config import Settings
from goleash.bot.jobs import ReviewJob

from .app import celery_app
from .app import settings as process_settings

log = logging_setup.get("goleash.replay")


def replay_mode(settings: Settings = process_settings) -> str:
    return settings.replay


def _job_dict(job) -> dict:
    return job.to_dict() if isinstance(job, ReviewJob) else ReviewJob.from_dict(dict(job)).to_dict()


def enqueue_replay(job, *, trigger: str = "request", app=None, settings: Settings = process_settings) -> str | None:
    """Queue a replay of ``job`` (a ReviewJob or its dict: repo, number, installation_id,
    head_sha; an empty head_sha means the PR's current head). Returns the prepare task's id,
    or None when configuration says no (GOLEASH_REPLAY=off, or trigger "auto" without
    GOLEASH_REPLAY=always). Needs only a broker connection."""
    mode = replay_mode(settings)
    # "request": a person asked; "config": the repository's config says always; "auto": the
    # operator's GOLEASH_REPLAY=always. Only the operator's "off" overrides a repository.
    if mode == "off" or (trigger == "auto" and mode != "always"):
        return None
    d = _job_dict(job)
    app = app or celery_app
    shown = f"{d['repo']}#{d['number']}@{d['head_sha'][:12]} ({trigger})"
    return app.send_task(REPLAY_PREPARE_TASK, kwargs={"job": d, "trigger": trigger}, kwargsrepr=shown).id


def after_review(job: ReviewJob, outcome: str) -> str | None:
    """Called by the review task: with GOLEASH_REPLAY=always, a reviewed head gets a replay."""
    if outcome != "reviewed":
        return None
    try:
        return enqueue_replay(job, trigger="auto")
    except Exception as exc:  # a replay is extra evidence; never fail the review for it
        log.warning("replay.enqueue_failed", error=str(exc)[:300])
        return None
