"""`issue_comment` and `pull_request_review_comment`: slash commands in pull request comments.

The receiver only finds command-shaped lines (bot/commands.py) and queues them by task name;
what a command word means, who may run it and how it answers is the workers' command registry
(workers/slash_commands/), so a new command never touches the receiver."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from .. import commands
from ..router import Event, Router, reads
from .common import Context, Id, Installation, Outcome, Reads, Repository, User, gate, installation_id

router = Router()

# GitHub refuses comments longer than 65536 characters; commands.parse reads the whole body.
CommentBody = Annotated[str, Field(max_length=4 * 65536)]


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


def command_job(event: Event, kind: str, number: int, comment: dict, parsed: list[commands.Command]) -> dict:
    return {
        "delivery_id": event.delivery_id,
        "installation_id": installation_id(event),
        "repo": event.payload["repository"]["full_name"],
        "number": number,
        "kind": kind,  # issue_comment | review_comment | check_run
        "comment_id": comment.get("id"),
        "user": (comment.get("user") or {}).get("login", ""),
        "commands": [{"name": c.name, "args": list(c.args), "word": c.word, "raw": c.raw} for c in parsed],
    }


def _commands_in(comment: dict, app_slug: str) -> list[commands.Command] | Outcome:
    user = comment.get("user") or {}
    if user.get("type") == "Bot" or str(user.get("login", "")).endswith("[bot]"):
        return Outcome("ignored", "comment by a bot")
    if comment.get("performed_via_github_app"):
        return Outcome("ignored", "comment made through an app")
    found = commands.parse(comment.get("body") or "", app_slug)
    if not found:
        return Outcome("ignored", "no command in the comment")
    return found


@router.register("issue_comment", action="created")
@reads(IssueCommentPayload)
def issue_comment_command(event: Event, ctx: Context) -> Outcome:
    issue = event.payload.get("issue") or {}
    if not issue.get("pull_request"):
        return Outcome("ignored", "comment on an issue, not a pull request")
    found = _commands_in(event.payload.get("comment") or {}, ctx.settings.app_slug)
    if isinstance(found, Outcome):
        return found
    if (blocked := gate(event, ctx)) is not None:
        return blocked
    job = command_job(event, "issue_comment", int(issue["number"]), event.payload["comment"], found)
    names = ", ".join(c.name or c.word or "?" for c in found)
    return Outcome("queued", f"commands {names} on {job['repo']}#{job['number']}", ctx.queue_command(job))


@router.register("pull_request_review_comment", action="created")
@reads(ReviewCommentPayload)
def review_comment_command(event: Event, ctx: Context) -> Outcome:
    found = _commands_in(event.payload.get("comment") or {}, ctx.settings.app_slug)
    if isinstance(found, Outcome):
        return found
    if (blocked := gate(event, ctx)) is not None:
        return blocked
    job = command_job(event, "review_comment", int(event.payload["pull_request"]["number"]), event.payload["comment"], found)
    return Outcome("queued", f"commands on {job['repo']}#{job['number']}", ctx.queue_command(job))
