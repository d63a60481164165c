"""Webhook handlers for slash commands, check run buttons and the installation lifecycle.

Registered on the same router as bot/handlers.py (bot/app.py imports this module). The
receiver only decides whether there is work and queues it; every GitHub call (reactions,
permission checks, replies, the review itself) happens in workers/command_tasks.py."""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import Field

from . import commands, installations, keys, log
from .check_output import CHECK_NAME
from .handlers import Context, Id, Installation, Outcome, Reads, RepoName, Repository, Sha, Short, router
from .jobs import ReviewJob
from .router import Event, reads

COMMAND_TASK = "goleash.run_commands"
_EXTERNAL_ID = re.compile(r"pr:([1-9][0-9]{0,17})\Z")
REPLAY_ACTION = "replay"

logger = log.get("goleash.receiver")
_producers: dict = {}


def celery_command_enqueue(settings) -> Callable[[dict], str]:
    """Queue a command job (a JSON-safe dict) for workers/command_tasks.py."""
    key = (os.getpid(), settings.redis_url)
    app = _producers.get(key)
    if app is None:
        from goleash.workers.celery_config import make_celery

        _producers.clear()
        app = _producers[key] = make_celery(settings, results=False)

    def enqueue(job: dict) -> str:
        shown = f"{job['repo']}#{job['number']} {job['kind']} delivery {job['delivery_id']}"
        return app.send_task(COMMAND_TASK, kwargs={"job": job}, kwargsrepr=shown).id

    return enqueue


# Tests may replace this (it receives the Context).
command_enqueue: Callable[[Context], Callable[[dict], str]] = lambda ctx: celery_command_enqueue(ctx.settings)


def _installation_id(event: Event) -> int | None:
    inst = (event.payload.get("installation") or {}).get("id")
    return int(inst) if inst else None


def _gate(event: Event, ctx: Context) -> Outcome | None:
    """Ignore (2xx, one log line) deliveries for a removed or suspended installation."""
    inst = _installation_id(event)
    if not inst:
        return Outcome("ignored", "delivery carries no installation")
    repo = (event.payload.get("repository") or {}).get("full_name")
    why = installations.blocked(ctx.redis, inst, repo)
    if why:
        logger.info("webhook.installation_blocked", installation_id=inst, repo=repo, reason=why)
        return Outcome("ignored", why)
    return None


# ----------------------------------------------------------------------------- payload fields
# GitHub refuses comments longer than 65536 characters; commands.parse reads the whole body.
CommentBody = Annotated[str, Field(max_length=4 * 65536)]


class User(Reads):
    login: Short | None = None
    type: Short | None = None


class Comment(Reads):
    id: Id | None = None
    body: CommentBody | None = None
    user: User | None = None
    performed_via_github_app: Any = None  # only its truth is read


class Issue(Reads):
    number: Id
    pull_request: Any = None  # only its presence is read


class NumberOnly(Reads):
    number: Id


class IssueCommentPayload(Reads):
    issue: Issue
    comment: Comment
    repository: Repository
    installation: Installation | None = None


class ReviewCommentPayload(Reads):
    pull_request: NumberOnly
    comment: Comment
    repository: Repository
    installation: Installation | None = None


class RefHead(Reads):
    sha: Short | None = None


class BaseRepo(Reads):
    name: Short | None = None


class RefBase(Reads):
    repo: BaseRepo | None = None


class PullRequestRef(Reads):
    number: Id | None = None
    head: RefHead | None = None
    base: RefBase | None = None


class CheckRun(Reads):
    name: Short | None = None
    head_sha: Sha
    external_id: Short | None = None
    pull_requests: list[PullRequestRef] | None = None


class RequestedAction(Reads):
    identifier: Short | None = None


class CheckRunPayload(Reads):
    check_run: CheckRun
    repository: Repository
    installation: Installation | None = None
    requested_action: RequestedAction | None = None
    sender: User | None = None


class CheckSuite(Reads):
    head_sha: Sha
    pull_requests: list[PullRequestRef] | None = None


class CheckSuitePayload(Reads):
    check_suite: CheckSuite
    repository: Repository
    installation: Installation | None = None


class InstalledRepository(Reads):
    full_name: RepoName | None = None


class InstallationId(Reads):
    id: Id
    account: User | None = None


class InstallationPayload(Reads):
    installation: InstallationId
    repositories: list[InstalledRepository] | None = None


class InstallationRepositoriesPayload(Reads):
    installation: InstallationId
    repositories_added: list[InstalledRepository] | None = None
    repositories_removed: list[InstalledRepository] | None = None


# ----------------------------------------------------------------------------- slash commands
def _command_job(event: Event, kind: str, number: int, comment: dict, parsed: list[commands.Command]) -> dict:
    return {
        "delivery_id": event.delivery_id,
        "installation_id": _installation_id(event),
        "repo": event.payload["repository"]["full_name"],
        "number": number,
        "kind": kind,                       # issue_comment | review_comment | check_run
        "comment_id": comment.get("id"),
        "user": (comment.get("user") or {}).get("login", ""),
        "commands": [{"name": c.name, "args": list(c.args), "word": c.word, "raw": c.raw} for c in parsed],
    }


def _commands_in(event: Event, ctx: Context, comment: dict) -> list[commands.Command] | Outcome:
    user = comment.get("user") or {}
    if user.get("type") == "Bot" or str(user.get("login", "")).endswith("[bot]"):
        return Outcome("ignored", "comment by a bot")
    if comment.get("performed_via_github_app"):
        return Outcome("ignored", "comment made through an app")
    found = commands.parse(comment.get("body") or "", _app_slug(event, ctx))
    if not found:
        return Outcome("ignored", "no command in the comment")
    return found


def _app_slug(event: Event, ctx: Context) -> str:
    return os.environ.get("GOLEASH_APP_SLUG", "goleash")


@router.register("issue_comment", action="created")
@reads(IssueCommentPayload)
def issue_comment_command(event: Event, ctx: Context) -> Outcome:
    issue = event.payload.get("issue") or {}
    if not issue.get("pull_request"):
        return Outcome("ignored", "comment on an issue, not a pull request")
    found = _commands_in(event, ctx, event.payload.get("comment") or {})
    if isinstance(found, Outcome):
        return found
    if (blocked := _gate(event, ctx)) is not None:
        return blocked
    job = _command_job(event, "issue_comment", int(issue["number"]), event.payload["comment"], found)
    names = ", ".join(c.name or c.word or "?" for c in found)
    return Outcome("queued", f"commands {names} on {job['repo']}#{job['number']}", command_enqueue(ctx)(job))


@router.register("pull_request_review_comment", action="created")
@reads(ReviewCommentPayload)
def review_comment_command(event: Event, ctx: Context) -> Outcome:
    found = _commands_in(event, ctx, event.payload.get("comment") or {})
    if isinstance(found, Outcome):
        return found
    if (blocked := _gate(event, ctx)) is not None:
        return blocked
    job = _command_job(event, "review_comment", int(event.payload["pull_request"]["number"]), event.payload["comment"], found)
    return Outcome("queued", f"commands on {job['repo']}#{job['number']}", command_enqueue(ctx)(job))


# ----------------------------------------------------------------------------- check run buttons
def _pr_for_sha(ctx: Context, repo: str, sha: str, prs: list, external_id: str | None) -> int | None:
    for pr in prs or []:
        if (pr.get("head") or {}).get("sha") in (sha, None) and pr.get("number"):
            base_repo = ((pr.get("base") or {}).get("repo") or {}).get("name")
            if base_repo is None or base_repo == repo.split("/", 1)[1]:
                return int(pr["number"])
    # What workers/check_run.py writes: "pr:<number>", ASCII digits (str.isdigit also takes "²").
    found = _EXTERNAL_ID.match(external_id or "")
    if found:
        return int(found[1])
    # Last resort: the heads the receiver recorded for this repository.
    for key in ctx.redis.scan_iter(keys.pr(repo, 0).rsplit("#", 1)[0] + "#*:head"):
        head = ctx.redis.hget(key, "sha")
        if head and head.decode() == sha:
            return int(key.decode().rsplit("#", 1)[1].split(":", 1)[0])
    return None


def rerun(ctx: Context, event: Event, repo: str, number: int, sha: str, why: str) -> Outcome:
    """Queue a fresh review of `sha`: a new check run, comments deduped by fingerprint."""
    ctx.redis.delete(keys.pr_done(repo, number, sha), keys.check_run(repo, sha))
    job = ReviewJob(event.delivery_id, int(_installation_id(event)), repo, number, sha, why)
    return Outcome("queued", f"{why}: review of {repo}#{number} at {sha[:12]}", ctx.enqueue(job))


@router.register("check_run", action="rerequested")
@router.register("check_run", action="requested_action")
@reads(CheckRunPayload)
def check_run_button(event: Event, ctx: Context) -> Outcome:
    run = event.payload["check_run"]
    if run.get("name") != CHECK_NAME:
        return Outcome("ignored", f"check run {run.get('name')!r} is not ours")
    if (blocked := _gate(event, ctx)) is not None:
        return blocked
    repo = event.payload["repository"]["full_name"]
    sha = run["head_sha"]
    number = _pr_for_sha(ctx, repo, sha, run.get("pull_requests"), run.get("external_id"))
    if number is None:
        return Outcome("ignored", f"no pull request known for {sha[:12]}")
    if event.action == "rerequested":
        return rerun(ctx, event, repo, number, sha, "rerequested")
    identifier = (event.payload.get("requested_action") or {}).get("identifier")
    if identifier != REPLAY_ACTION:
        return Outcome("ignored", f"unknown requested action {identifier!r}")
    sender = event.payload.get("sender") or {}
    job = {
        "delivery_id": event.delivery_id, "installation_id": _installation_id(event), "repo": repo,
        "number": number, "kind": "check_run", "comment_id": None, "user": sender.get("login", ""),
        "head_sha": sha, "commands": [{"name": "replay", "args": [], "word": "replay", "raw": "check run button"}],
    }
    return Outcome("queued", f"replay requested on {repo}#{number}", command_enqueue(ctx)(job))


@router.register("check_suite", action="rerequested")
@reads(CheckSuitePayload)
def check_suite_rerequested(event: Event, ctx: Context) -> Outcome:
    suite = event.payload["check_suite"]
    if (blocked := _gate(event, ctx)) is not None:
        return blocked
    repo = event.payload["repository"]["full_name"]
    sha = suite["head_sha"]
    number = _pr_for_sha(ctx, repo, sha, suite.get("pull_requests"), None)
    if number is None:
        return Outcome("ignored", f"no pull request known for {sha[:12]}")
    return rerun(ctx, event, repo, number, sha, "rerequested")


# ----------------------------------------------------------------------------- installations
@router.register("installation")
@reads(InstallationPayload)
def installation_event(event: Event, ctx: Context) -> Outcome:
    inst = event.payload["installation"]
    iid = int(inst["id"])
    account = (inst.get("account") or {}).get("login", "")
    action = event.action
    if action == "created":
        installations.created(ctx.redis, iid, account, event.payload.get("repositories"))
    elif action == "deleted":
        installations.deleted(ctx.redis, iid)
    elif action == "suspend":
        installations.suspended(ctx.redis, iid)
    elif action == "unsuspend":
        installations.unsuspended(ctx.redis, iid)
    else:
        return Outcome("ignored", f"installation.{action}")
    logger.info("installation.changed", installation_id=iid, account=account, action=action)
    return Outcome("recorded", f"installation {iid} {action}")


@router.register("installation_repositories")
@reads(InstallationRepositoriesPayload)
def installation_repositories_event(event: Event, ctx: Context) -> Outcome:
    iid = int(event.payload["installation"]["id"])
    if installations.blocked(ctx.redis, iid):
        logger.info("webhook.installation_blocked", installation_id=iid, reason=installations.blocked(ctx.redis, iid))
        return Outcome("ignored", "the installation was removed or suspended")
    added = event.payload.get("repositories_added") or []
    removed = event.payload.get("repositories_removed") or []
    if added:
        installations.repositories_added(ctx.redis, iid, added)
    if removed:
        installations.repositories_removed(ctx.redis, iid, removed)
    logger.info("installation.repositories", installation_id=iid, added=len(added), removed=len(removed))
    return Outcome("recorded", f"installation {iid}: +{len(added)} -{len(removed)} repositories")
