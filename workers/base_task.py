"""The base class of every goleash task: the worker process's resources (its settings, one Redis
client, the installation token cache) and the retry policy the tasks share.

Retry policy: a failure workers/github_retry.py calls transient comes back later, after an
exponential backoff that is never shorter than what GitHub asked for (Retry-After, a rate
limit's reset) and never longer than the broker's visibility timeout allows; a permanent one,
or a transient one past its attempts, is the task's to end; anything else is a bug and is
raised as such. A task waiting for a pull request's lock comes back within seconds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import redis
from celery import Task
from github import Github

from goleash.bot import metrics
from goleash.bot.config import Settings
from goleash.rules.catalog import get_rule
from goleash.rules.engine import analyze_sources

from .app import settings as process_settings
from .fetch_cache import FetchCache
from .github_api import PullRequestAPI, installation_client
from .github_retry import Permanent, Transient, classify, task_countdown
from .installation_tokens import InstallationTokens
from .rate_budget import RateBudget
from .review import Deps


@dataclass
class Resources:
    """What the tasks of one worker process share; made on first use, after a prefork child is
    forked (a Redis connection must not cross a fork)."""

    redis: redis.Redis
    tokens: InstallationTokens


class GoleashTask(Task):
    settings: ClassVar[Settings] = process_settings
    _resources: ClassVar[Resources | None] = None

    @property
    def resources(self) -> Resources:
        if GoleashTask._resources is None:
            r = redis.Redis.from_url(self.settings.redis_url, socket_timeout=10, socket_connect_timeout=5)
            GoleashTask._resources = Resources(r, InstallationTokens(r, self.settings))
            metrics.instrument_pygithub(r)
        return GoleashTask._resources

    @property
    def redis(self) -> redis.Redis:
        return self.resources.redis

    def budget(self, installation_id: int) -> RateBudget:
        return RateBudget(self.redis, installation_id)

    def github(self, installation_id: int, budget: RateBudget | None = None) -> Github:
        """A GitHub client with the installation's token (cached in Redis, shared by the workers)."""
        return installation_client(self.settings, self.resources.tokens.get(installation_id), budget)

    def pull_request_api(
        self, installation_id: int, repo: str, number: int, budget: RateBudget | None = None, gh: Github | None = None
    ) -> PullRequestAPI:
        """The pull request through the installation's token, with the shared fetch cache."""
        gh = gh or self.github(installation_id, budget)
        return PullRequestAPI(gh, repo, number, FetchCache.from_settings(self.redis, self.settings), self.settings.fetch_concurrency)

    def review_deps(self, api: PullRequestAPI) -> Deps:
        """What the review pipeline (workers/review.py) runs with: the engine and its rules."""
        return Deps(self.redis, self.settings, api, analyze_sources, get_rule)

    # ------------------------------------------------------------------ retry policy
    def retry_transient(self, exc: BaseException, attempt: int, attempts: int, log, event: str, **options) -> Transient | Permanent | None:
        """Sort `exc`. A transient failure before attempt `attempts` is retried (this raises
        Celery's Retry); otherwise returns what it is: None for a bug, else why to give up.
        `options` go to Task.retry (kwargs for the next run, max_retries)."""
        kind = classify(exc)
        if isinstance(kind, Transient) and attempt < attempts:
            countdown = task_countdown(attempt, kind.wait)
            log.warning(event, reason=kind.reason, status=kind.status, countdown=round(countdown, 2))
            raise self.retry(countdown=countdown, **options)
        return kind

    def retry_for_lock(self, attempt: int, **options):
        """Another task holds the pull request's lock: come back soon, sooner on later attempts
        than a failure would."""
        return self.retry(countdown=task_countdown(min(attempt, 2)), **options)
