"""`/goleash review`: a fresh review of the pull request's head, now, in this task."""

from __future__ import annotations

from celery.exceptions import SoftTimeLimitExceeded

from goleash.bot import keys, pr_heads
from goleash.bot import log as logging_setup
from goleash.bot.jobs import REVIEW_TASK, ReviewJob

from .. import review as review_pipeline
from ..app import celery_app
from ..pr_lock import LockBusy, LockLost
from .registry import WRITE, Invocation, command

log = logging_setup.get("goleash.worker")


@command("review", summary="review the pull request again now", permission=WRITE, cooldown=30, details="a fresh check run; no comment is repeated")
def review(inv: Invocation) -> str:
    pr = inv.api.pull()
    if pr.state != "open":
        inv.reply(f"@{inv.user} this pull request is closed; there is nothing to review.")
        inv.react("confused")
        return "closed"
    repo, number, sha = inv.repo, inv.number, pr.head_sha
    pr_heads.record(inv.redis, repo, number, sha, None)
    inv.redis.delete(keys.pr_done(repo, number, sha), keys.check_run(repo, sha))
    rjob = ReviewJob(inv.job["delivery_id"], int(inv.job["installation_id"]), repo, number, sha, "command")
    deps = inv.review_deps()
    try:
        outcome = review_pipeline.run(rjob, deps, log)
    except SoftTimeLimitExceeded:
        review_pipeline.end_timed_out(rjob, deps, log)
        raise
    except (LockBusy, LockLost):
        # A review is running right now: queue one that waits for it.
        celery_app.send_task(REVIEW_TASK, kwargs={"job": rjob.to_dict()})
        outcome = "queued"
    inv.react("rocket")
    return outcome
