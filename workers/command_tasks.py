"""The task behind slash commands and check run buttons: permission checks, cooldowns and the
acknowledging reaction around each command's handler, looked up in the command registry
(workers/slash_commands/)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
import structlog
from celery.exceptions import SoftTimeLimitExceeded
from github.GithubException import GithubException

from goleash.bot import commands, installations
from goleash.bot import log as logging_setup
from goleash.bot.jobs import COMMAND_TASK

from . import review
from .app import celery_app
from .base_task import GoleashTask
from .github_api import PullRequestAPI
from .slash_commands import REGISTRY, Invocation, Registry
from .time_limit import soft_time_limit

MAX_RETRIES = 4

log = logging_setup.get("goleash.worker")


@dataclass
class Gh:
    """The few GitHub calls a command makes, on top of the review's PullRequestAPI."""

    api: PullRequestAPI

    @property
    def requester(self):
        return self.api._gh.requester

    def _call(self, method: str, path: str, body: dict | None = None) -> Any:
        _, data = self.requester.requestJsonAndCheck(method, path, input=body)
        return data

    def react(self, kind: str, comment_id: int | None, content: str) -> None:
        if not comment_id:
            return
        if kind == "issue_comment":
            self._call("POST", f"/repos/{self.api.repo_name}/issues/comments/{comment_id}/reactions", {"content": content})
        # Review comment reactions are outside the API subset goleash relies on; replies say it all.

    def reply(self, kind: str, comment_id: int | None, body: str) -> None:
        if kind == "review_comment" and comment_id:
            self._call("POST", f"/repos/{self.api.repo_name}/pulls/{self.api.number}/comments/{comment_id}/replies", {"body": body})
        else:
            self._call("POST", f"/repos/{self.api.repo_name}/issues/{self.api.number}/comments", {"body": body})

    def permission(self, user: str) -> str:
        try:
            data = self._call("GET", f"/repos/{self.api.repo_name}/collaborators/{user}/permission")
        except GithubException as exc:
            if exc.status == 404:
                return "none"
            raise
        return str(data.get("role_name") or data.get("permission") or "none")


def run_commands(job: dict, r: redis.Redis, api: PullRequestAPI, review_deps: Callable[[], review.Deps], registry: Registry = REGISTRY) -> str:
    kind, user, cid = job["kind"], job.get("user", ""), job.get("comment_id")
    repo, number = job["repo"], int(job["number"])
    gh = Gh(api)
    if why := installations.blocked(r, job.get("installation_id"), repo):
        log.info("command.dropped", reason=why)
        return "installation_removed"
    gh.react(kind, cid, "eyes")
    results = []
    role: str | None = None
    for c in job["commands"]:
        spec = registry.resolve(c)
        if spec is None:
            gh.reply(kind, cid, f"@{user} goleash does not know the command `{c.get('word') or c.get('name')}`.\n\n{registry.help_reply()}")
            gh.react(kind, cid, "confused")
            results.append(f"{c.get('word') or c.get('name') or '?'}:unknown")
            continue
        name = spec.name
        if not spec.allowed(role or ""):
            role = role or gh.permission(user)
            if not spec.allowed(role):
                gh.reply(
                    kind,
                    cid,
                    f"@{user} `/goleash {name}` needs write access to {repo}; "
                    f"your permission here is **{role}**. "
                    "Ask a maintainer to run it, or use `/goleash help` to see what everyone can do.",
                )
                gh.react(kind, cid, "confused")
                results.append(f"{name}:refused")
                continue
        if spec.cooldown:
            wait = commands.cooldown(r, repo, number, name, spec.cooldown)
            if wait:
                if commands.cooldown(r, repo, number, name + "-notice", spec.cooldown) == 0:
                    gh.reply(kind, cid, f"@{user} `/goleash {name}` ran moments ago on this pull request; try again in {wait} s.")
                gh.react(kind, cid, "confused")
                results.append(f"{name}:cooldown")
                continue
        outcome = spec.handler(Invocation(job, c, r, api, gh, review_deps, registry))
        results.append(f"{name}:{outcome}")
    return " ".join(results)


@celery_app.task(name=COMMAND_TASK, base=GoleashTask, bind=True, max_retries=MAX_RETRIES)
def run_commands_task(self: GoleashTask, job: dict) -> str:
    attempt = self.request.retries
    with structlog.contextvars.bound_contextvars(
        task_id=self.request.id, delivery_id=job.get("delivery_id"), repo=job.get("repo"), pr=job.get("number"), attempt=attempt
    ):
        r = self.redis
        if why := installations.blocked(r, job.get("installation_id"), job.get("repo")):
            log.info("command.dropped", reason=why)
            return "installation_removed"
        try:
            api = self.pull_request_api(int(job["installation_id"]), job["repo"], int(job["number"]))
            with soft_time_limit(self.settings.review_time_limit):
                outcome = run_commands(job, r, api, lambda: self.review_deps(api))
        except SoftTimeLimitExceeded:
            log.error("command.time_limit", limit=self.settings.review_time_limit)
            return "timed_out"
        except Exception as exc:
            kind = self.retry_transient(exc, attempt, MAX_RETRIES, log, "command.retrying")
            if kind is None:
                log.exception("command.crashed")
                raise
            log.error("command.abandoned", reason=kind.reason, status=kind.status)
            return "abandoned"
        log.info("command.finished", outcome=outcome, commands=[c["name"] for c in job["commands"]])
        return outcome
