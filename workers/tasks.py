"""The Celery task: one review job, with transient failures retried and permanent ones
ended with one clear log line."""

from __future__ import annotations

import random
import time

import redis
import structlog
from celery.exceptions import SoftTimeLimitExceeded
from github.GithubException import GithubException

from goleash.bot import log as logging_setup
from goleash.bot import metrics
from goleash.bot.jobs import REVIEW_TASK, ReviewJob

from . import progress, review
from .app import celery_app
from .base_task import GoleashTask
from .github_retry import MAX_DEFERRAL, Permanent, Transient, classify, deferral_hop
from .pr_lock import LockBusy, LockLost
from .rate_budget import RateBudget
from .replay_queue import after_review
from .time_limit import soft_time_limit

MAX_RETRIES = 8
# Celery counts every retry, deferrals included; the task bounds its own (MAX_RETRIES failures,
# MAX_DEFERRAL seconds of rate limits), so Celery's count only guards against a loop.
RETRIES_CEILING = 1000

log = logging_setup.get("goleash.worker")


class ReviewTask(GoleashTask):
    """The review's own retries on top of the shared policy: a rate limit reschedules the review
    without spending a retry, a revoked installation token is minted again once, and waiting for
    the PR's lock is counted apart. Each of them carries its count in the task's kwargs, since
    Celery's own count includes all of them."""

    def defer(self, kwargs: dict, wait: float, reason: str) -> None:
        """Come back when the installation's rate limit allows, in hops the broker's
        visibility timeout allows, without spending a retry. Returns only when the review
        has been deferred for too long already."""
        since = kwargs["deferred_since"] or time.time()
        if time.time() - since > MAX_DEFERRAL:
            return
        countdown = max(0.5, min(wait + random.uniform(0.0, 1.0), deferral_hop(self.settings.visibility_timeout)))
        log.warning("review.deferred", reason=reason, wait=round(wait, 2), countdown=round(countdown, 2), failures=kwargs["failures"])
        raise self.retry(kwargs={**kwargs, "deferred_since": since}, countdown=countdown, max_retries=RETRIES_CEILING)

    def paused_for(self, budget: RateBudget) -> float:
        try:
            return budget.blocked_for()
        except redis.RedisError:
            return 0.0  # the review itself will meet Redis's trouble and be retried

    def rate_limit_wait(self, budget: RateBudget, kind: Transient) -> float:
        try:
            wait = budget.limited(kind.limit, kind.wait) if kind.limit != "paused" else budget.blocked_for()
        except redis.RedisError:
            wait = kind.wait or 0.0
        return max(wait, kind.wait or 0.0)


@celery_app.task(name=REVIEW_TASK, base=ReviewTask, bind=True, max_retries=MAX_RETRIES)
def review_pull_request(
    self: ReviewTask, job: dict, token_refreshed: bool = False, failures: int = 0, deferred_since: float | None = None, lock_waits: int = 0
) -> str:
    """`failures`: transient failures so far (what MAX_RETRIES bounds); a rate limit only
    reschedules the review, since `deferred_since`, for at most MAX_DEFERRAL seconds;
    `lock_waits`: times it came back because another review of the PR held the lock."""
    j = ReviewJob.from_dict(job)
    kwargs = {"job": job, "token_refreshed": token_refreshed, "failures": failures, "deferred_since": deferred_since, "lock_waits": lock_waits}
    with structlog.contextvars.bound_contextvars(
        task_id=self.request.id,
        delivery_id=j.delivery_id,
        repo=j.repo,
        pr=j.number,
        head_sha=j.head_sha[:12],
        attempt=failures,
    ):
        budget = self.budget(j.installation_id)
        if (paused := self.paused_for(budget)) > 0:
            # Not one request while GitHub asked this installation to wait.
            self.defer(kwargs, paused, "installation paused by a rate limit")
        return _review(self, j, kwargs, budget)


def _review(task: ReviewTask, j: ReviewJob, kwargs: dict, budget: RateBudget) -> str:
    """The review under its time limit, and what each way of failing leads to."""
    started, deps = time.monotonic(), None
    try:
        with soft_time_limit(task.settings.review_time_limit):
            deps = task.review_deps(task.pull_request_api(j.installation_id, j.repo, j.number, budget))
            outcome = review.run(j, deps, log)
        metrics.record_review(
            task.redis, task="review", outcome=outcome, seconds=time.monotonic() - started, received_at=kwargs["job"].get("received_at")
        )
    except SoftTimeLimitExceeded:
        # The analysis has its own deadline inside this one; getting here means GitHub or
        # Redis held the review up. Running it again would likely hold it up again.
        log.error("review.time_limit", limit=task.settings.review_time_limit)
        with budget.exempt():
            review.end_timed_out(j, deps, log)
        progress.mark_done(task.redis, j.repo, j.number, j.head_sha)
        metrics.record_review(task.redis, task="review", outcome="timed_out", seconds=time.monotonic() - started, received_at=None)
        return "timed_out"
    except (LockBusy, LockLost) as exc:
        # Another review of this PR is running; this one comes back after it.
        log.info("review.waiting_for_lock", reason=type(exc).__name__)
        waits = kwargs["lock_waits"]
        raise task.retry_for_lock(
            kwargs["failures"], kwargs={**kwargs, "lock_waits": waits + 1}, max_retries=RETRIES_CEILING if waits < MAX_RETRIES * 4 else 0
        )
    except Exception as exc:  # sorted below; unknown exceptions are bugs and re-raised
        return _failed(task, j, kwargs, budget, deps, exc)
    log.info("review.finished", outcome=outcome)
    after_review(j, outcome)  # GOLEASH_REPLAY=always: replay what was reviewed
    return outcome


def _failed(task: ReviewTask, j: ReviewJob, kwargs: dict, budget: RateBudget, deps, exc: Exception) -> str:
    """Retry, reschedule or give up the review that raised `exc`; re-raises a bug."""
    kind = classify(exc)
    if kind is None:
        log.exception("review.crashed")
        with budget.exempt():
            review.end_unfinished(
                j,
                deps,
                "goleash failed on this pull request",
                f"An internal error stopped the review ({type(exc).__name__}); the operators' logs have the details.",
                log,
            )
        raise exc
    if isinstance(exc, GithubException) and exc.status == 401 and not kwargs["token_refreshed"]:
        # The cached installation token may have been revoked early: mint a new one once.
        task.resources.tokens.forget(j.installation_id)
        raise task.retry(kwargs={**kwargs, "token_refreshed": True}, countdown=0, max_retries=RETRIES_CEILING)
    failures = kwargs["failures"]
    if isinstance(kind, Transient) and kind.limit:
        task.defer(kwargs, task.rate_limit_wait(budget, kind), kind.reason)
    elif isinstance(kind, Transient):
        task.retry_transient(
            exc, failures, MAX_RETRIES, log, "review.retrying", kwargs={**kwargs, "failures": failures + 1}, max_retries=RETRIES_CEILING
        )
    reason = (
        kind.reason
        if isinstance(kind, Permanent)
        else (
            f"rate limited for over {MAX_DEFERRAL // 60} minutes: {kind.reason}" if kind.limit else f"gave up after {failures} retries: {kind.reason}"
        )
    )
    log.error("review.abandoned", reason=reason, status=kind.status)
    with budget.exempt():
        review.end_unfinished(j, deps, "goleash could not finish this review", f"The review was given up: {reason}.", log)
    return "abandoned"
