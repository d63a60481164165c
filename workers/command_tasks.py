"""Slash commands and check run buttons, run by a worker: permission checks, reactions,
replies, `/goleash review` (a fresh review now), `/goleash replay`, `/goleash ignore`."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
import structlog
from celery.exceptions import SoftTimeLimitExceeded
from github.GithubException import GithubException

from goleash.bot import commands, installations, keys, pr_heads, repo_config
from goleash.bot import log as logging_setup
from goleash.bot.command_handlers import COMMAND_TASK
from goleash.bot.jobs import REVIEW_TASK, ReviewJob

from . import review
from .app import celery_app, settings
from .github_api import PullRequestAPI, installation_client
from .github_retry import Transient, classify, task_countdown
from .pr_lock import LockBusy, LockLost
from .time_limit import soft_time_limit

WRITE_ROLES = frozenset({"admin", "maintain", "write"})
COOLDOWN_SECONDS = {"review": 30, "replay": 120, "ignore": 5}
MAX_RETRIES = 4

log = logging_setup.get("goleash.worker")


def enqueue_replay(job: ReviewJob) -> str | None:
    """workers.replay_task.enqueue_replay, if the replay feature is installed.
    Raises ReplayUnavailable when it is not."""
    try:
        from goleash.workers.replay_task import enqueue_replay as _enqueue
    except ImportError as exc:
        raise ReplayUnavailable("replay is not available") from exc
    return _enqueue(job)


class ReplayUnavailable(RuntimeError):
    pass


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


def _rule_list() -> str:
    from goleash.rules.registry import all_rules

    return ", ".join(f"`{r.id}`" for r in all_rules())


def run_commands(job: dict, r: redis.Redis, api: PullRequestAPI, review_deps: Callable[[], review.Deps]) -> str:
    kind, user, cid = job["kind"], job.get("user", ""), job.get("comment_id")
    repo, number = job["repo"], int(job["number"])
    gh = Gh(api)
    if why := installations.blocked(r, job.get("installation_id"), repo):
        log.info("command.dropped", reason=why)
        return "installation_removed"
    gh.react(kind, cid, "eyes")
    results = []
    permission: str | None = None
    for c in job["commands"]:
        name, args = c["name"], c.get("args") or []
        if name in commands.PRIVILEGED:
            permission = permission or gh.permission(user)
            if permission not in WRITE_ROLES:
                gh.reply(kind, cid, f"@{user} `/goleash {name}` needs write access to {repo}; "
                                    f"your permission here is **{permission}**. "
                                    "Ask a maintainer to run it, or use `/goleash help` to see what everyone can do.")
                gh.react(kind, cid, "confused")
                results.append(f"{name}:refused")
                continue
            wait = commands.cooldown(r, repo, number, name, COOLDOWN_SECONDS.get(name, 10))
            if wait:
                if commands.cooldown(r, repo, number, name + "-notice", COOLDOWN_SECONDS.get(name, 10)) == 0:
                    gh.reply(kind, cid, f"@{user} `/goleash {name}` ran moments ago on this pull request; "
                                        f"try again in {wait} s.")
                gh.react(kind, cid, "confused")
                results.append(f"{name}:cooldown")
                continue
        outcome = _one(name, args, c, job, r, api, gh, review_deps)
        results.append(f"{name or c.get('word') or '?'}:{outcome}")
    return " ".join(results)


def _one(name, args, c, job, r, api, gh: Gh, review_deps) -> str:
    kind, user, cid = job["kind"], job.get("user", ""), job.get("comment_id")
    repo, number = job["repo"], int(job["number"])
    if name == "help":
        gh.reply(kind, cid, commands.HELP)
        gh.react(kind, cid, "+1")
        return "ok"
    if name == "explain":
        from goleash.rules.registry import get_rule

        rule = get_rule(args[0]) if args else None
        if rule is None:
            what = f"`{args[0]}` is not a goleash rule" if args else "`/goleash explain` needs a rule id"
            gh.reply(kind, cid, f"@{user} {what}. The rules: {_rule_list()}.")
            gh.react(kind, cid, "confused")
            return "unknown_rule"
        gh.reply(kind, cid, rule.markdown())
        gh.react(kind, cid, "+1")
        return "ok"
    if name == "ignore":
        from goleash.rules.registry import get_rule

        if not args or get_rule(args[0]) is None:
            what = f"`{args[0]}` is not a goleash rule" if args else "`/goleash ignore` needs a rule id"
            gh.reply(kind, cid, f"@{user} {what}. The rules: {_rule_list()}.")
            gh.react(kind, cid, "confused")
            return "unknown_rule"
        reason = " ".join(args[1:])
        commands.ignore_rule(r, repo, number, args[0], user, reason, cid)
        gh.reply(kind, cid, f"@{user} goleash will no longer report `{args[0]}` on this pull request"
                            + (f" (reason: {reason})." if reason else ".")
                            + " The next review's check run records who silenced it and why.")
        gh.react(kind, cid, "+1")
        log.info("command.ignored_rule", rule=args[0], by=user, reason=reason)
        return "ok"
    if name == "review":
        pr = api.pull()
        if pr.state != "open":
            gh.reply(kind, cid, f"@{user} this pull request is closed; there is nothing to review.")
            gh.react(kind, cid, "confused")
            return "closed"
        sha = pr.head_sha
        pr_heads.record(r, repo, number, sha, None)
        r.delete(keys.pr_done(repo, number, sha), keys.check_run(repo, sha))
        rjob = ReviewJob(job["delivery_id"], int(job["installation_id"]), repo, number, sha, "command")
        deps = review_deps()
        try:
            outcome = review.run(rjob, deps, log)
        except SoftTimeLimitExceeded:
            review.end_timed_out(rjob, deps, log)
            raise
        except (LockBusy, LockLost):
            # A review is running right now: queue one that waits for it.
            celery_app.send_task(REVIEW_TASK, kwargs={"job": rjob.to_dict()})
            outcome = "queued"
        gh.react(kind, cid, "rocket")
        return outcome
    if name == "replay":
        pr = api.pull()
        cfg = repo_config.for_review(api, r, repo, number, pr.base_sha).config
        if cfg.replay == "off":
            gh.reply(kind, cid, f"@{user} race replay is turned off for this repository (`replay: off` in "
                                f"`{repo_config.CONFIG_PATH}`).")
            gh.react(kind, cid, "confused")
            return "off"
        rjob = ReviewJob(job["delivery_id"], int(job["installation_id"]), repo, number,
                         job.get("head_sha") or pr.head_sha, "replay")
        try:
            task_id = enqueue_replay(rjob)
        except ReplayUnavailable as exc:
            gh.reply(kind, cid, f"@{user} {exc} on this goleash installation.")
            gh.react(kind, cid, "confused")
            return "unavailable"
        if task_id is None:
            gh.reply(kind, cid, f"@{user} race replay is turned off on this goleash installation.")
            gh.react(kind, cid, "confused")
            return "off"
        gh.react(kind, cid, "rocket")
        return "queued"
    gh.reply(kind, cid, f"@{user} goleash does not know the command `{c.get('word') or name}`.\n\n{commands.HELP}")
    gh.react(kind, cid, "confused")
    return "unknown"


def _shared():
    from . import tasks

    return tasks._shared()


@celery_app.task(name=COMMAND_TASK, bind=True, max_retries=MAX_RETRIES)
def run_commands_task(self, job: dict) -> str:
    from goleash.rules.engine import analyze_sources
    from goleash.rules.registry import get_rule

    attempt = self.request.retries
    with structlog.contextvars.bound_contextvars(task_id=self.request.id, delivery_id=job.get("delivery_id"),
                                                 repo=job.get("repo"), pr=job.get("number"), attempt=attempt):
        r, tokens = _shared()
        if why := installations.blocked(r, job.get("installation_id"), job.get("repo")):
            log.info("command.dropped", reason=why)
            return "installation_removed"
        try:
            gh = installation_client(settings, tokens.get(int(job["installation_id"])))
            api = PullRequestAPI(gh, job["repo"], int(job["number"]))
            deps = lambda: review.Deps(r, settings, api, analyze_sources, get_rule)
            with soft_time_limit(settings.review_time_limit):
                outcome = run_commands(job, r, api, deps)
        except SoftTimeLimitExceeded:
            log.error("command.time_limit", limit=settings.review_time_limit)
            return "timed_out"
        except Exception as exc:
            kind = classify(exc)
            if kind is None:
                log.exception("command.crashed")
                raise
            if isinstance(kind, Transient) and attempt < MAX_RETRIES:
                raise self.retry(countdown=task_countdown(attempt, kind.wait))
            log.error("command.abandoned", reason=kind.reason, status=kind.status)
            return "abandoned"
        log.info("command.finished", outcome=outcome, commands=[c["name"] for c in job["commands"]])
        return outcome
