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
from .app import celery_app, settings
from .fetch_cache import FetchCache
from .github_api import PullRequestAPI, installation_client
from .github_retry import MAX_DEFERRAL, Permanent, Transient, classify, deferral_hop, task_countdown
from .installation_tokens import InstallationTokens
from .rate_budget import RateBudget
from .pr_lock import LockBusy, LockLost
from .time_limit import soft_time_limit

MAX_RETRIES = 8
# Celery counts every retry, deferrals included; the task bounds its own (MAX_RETRIES failures,
# MAX_DEFERRAL seconds of rate limits), so Celery's count only guards against a loop.
RETRIES_CEILING = 1000

logging_setup.configure(settings.log_level)
log = logging_setup.get("goleash.worker")

_redis: redis.Redis | None = None
_tokens: InstallationTokens | None = None


def _shared() -> tuple[redis.Redis, InstallationTokens]:
    global _redis, _tokens
    if _redis is None:
        _redis = redis.Redis.from_url(settings.redis_url, socket_timeout=10, socket_connect_timeout=5)
        _tokens = InstallationTokens(_redis, settings)
        metrics.instrument_pygithub(_redis)
    return _redis, _tokens


def _deps(job: ReviewJob, budget: RateBudget) -> review.Deps:
    from goleash.rules.engine import analyze_sources
    from goleash.rules.registry import get_rule

    r, tokens = _shared()
    gh = installation_client(settings, tokens.get(job.installation_id), budget)
    api = PullRequestAPI(gh, job.repo, job.number, FetchCache.from_settings(r, settings), settings.fetch_concurrency)
    return review.Deps(r, settings, api, analyze_sources, get_rule)


@celery_app.task(name=REVIEW_TASK, bind=True, max_retries=MAX_RETRIES)
def review_pull_request(self, job: dict, token_refreshed: bool = False, failures: int = 0,
                        deferred_since: float | None = None, lock_waits: int = 0) -> str:
    """`failures`: transient failures so far (what MAX_RETRIES bounds); a rate limit only
    reschedules the review, since `deferred_since`, for at most MAX_DEFERRAL seconds;
    `lock_waits`: times it came back because another review of the PR held the lock."""
    j = ReviewJob.from_dict(job)
    attempt = failures
    kwargs = {"job": job, "token_refreshed": token_refreshed, "failures": failures, "deferred_since": deferred_since,
              "lock_waits": lock_waits}
    with structlog.contextvars.bound_contextvars(
        task_id=self.request.id, delivery_id=j.delivery_id, repo=j.repo, pr=j.number,
        head_sha=j.head_sha[:12], attempt=attempt,
    ):
        started = time.monotonic()
        deps = None
        budget = RateBudget(_shared()[0], j.installation_id)

        def defer(wait: float, reason: str) -> None:
            """Come back when the installation's rate limit allows, in hops the broker's
            visibility timeout allows, without spending a retry. Returns only when the review
            has been deferred for too long already."""
            since = deferred_since or time.time()
            if time.time() - since > MAX_DEFERRAL:
                return
            countdown = max(0.5, min(wait + random.uniform(0.0, 1.0), deferral_hop(settings.visibility_timeout)))
            log.warning("review.deferred", reason=reason, wait=round(wait, 2), countdown=round(countdown, 2),
                        failures=failures)
            raise self.retry(kwargs={**kwargs, "deferred_since": since}, countdown=countdown,
                             max_retries=RETRIES_CEILING)

        try:
            paused = budget.blocked_for()
        except redis.RedisError:
            paused = 0.0  # the review itself will meet Redis's trouble and be retried
        if paused > 0:
            # Not one request while GitHub asked this installation to wait.
            defer(paused, "installation paused by a rate limit")
        try:
            with soft_time_limit(settings.review_time_limit):
                deps = _deps(j, budget)
                outcome = review.run(j, deps, log)
            metrics.record_review(_shared()[0], task="review", outcome=outcome,
                                  seconds=time.monotonic() - started, received_at=job.get("received_at"))
        except SoftTimeLimitExceeded:
            # The analysis has its own deadline inside this one; getting here means GitHub or
            # Redis held the review up. Running it again would likely hold it up again.
            log.error("review.time_limit", limit=settings.review_time_limit)
            with budget.exempt():
                review.end_timed_out(j, deps, log)
            progress.mark_done(_shared()[0], j.repo, j.number, j.head_sha)
            metrics.record_review(_shared()[0], task="review", outcome="timed_out",
                                  seconds=time.monotonic() - started, received_at=None)
            return "timed_out"
        except (LockBusy, LockLost) as exc:
            # Another review of this PR is running; this one comes back after it.
            log.info("review.waiting_for_lock", reason=type(exc).__name__)
            # Counted apart: Celery's own count includes deferrals and failures.
            raise self.retry(kwargs={**kwargs, "lock_waits": lock_waits + 1}, countdown=task_countdown(min(attempt, 2)),
                             max_retries=RETRIES_CEILING if lock_waits < MAX_RETRIES * 4 else 0)
        except Exception as exc:  # sorted below; unknown exceptions are bugs and re-raised
            kind = classify(exc)
            if kind is None:
                log.exception("review.crashed")
                with budget.exempt():
                    review.end_unfinished(j, deps, "goleash failed on this pull request",
                                          f"An internal error stopped the review ({type(exc).__name__}); "
                                          "the operators' logs have the details.", log)
                raise
            if isinstance(exc, GithubException) and exc.status == 401 and not token_refreshed:
                # The cached installation token may have been revoked early: mint a new one once.
                _shared()[1].forget(j.installation_id)
                raise self.retry(kwargs={**kwargs, "token_refreshed": True}, countdown=0, max_retries=RETRIES_CEILING)
            if isinstance(kind, Transient) and kind.limit:
                try:
                    wait = budget.limited(kind.limit, kind.wait) if kind.limit != "paused" else budget.blocked_for()
                except redis.RedisError:
                    wait = kind.wait or 0.0
                defer(max(wait, kind.wait or 0.0), kind.reason)
            elif isinstance(kind, Transient) and attempt < MAX_RETRIES:
                countdown = task_countdown(attempt, kind.wait)
                log.warning("review.retrying", reason=kind.reason, status=kind.status, countdown=round(countdown, 2))
                raise self.retry(kwargs={**kwargs, "failures": failures + 1}, countdown=countdown,
                                 max_retries=RETRIES_CEILING)
            reason = kind.reason if isinstance(kind, Permanent) else (
                f"rate limited for over {MAX_DEFERRAL // 60} minutes: {kind.reason}" if kind.limit
                else f"gave up after {attempt} retries: {kind.reason}")
            log.error("review.abandoned", reason=reason, status=kind.status)
            with budget.exempt():
                review.end_unfinished(j, deps, "goleash could not finish this review",
                                      f"The review was given up: {reason}.", log)
            return "abandoned"
        log.info("review.finished", outcome=outcome)
        from .replay_task import after_review  # GOLEASH_REPLAY=always: replay what was reviewed
        after_review(j, outcome)
        return outcome
