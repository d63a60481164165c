"""One small handler per webhook event, registered on the router by decorator.

A handler returns an Outcome; the receiver turns it into the HTTP answer. Beside each handler,
a pydantic model (`reads`) names the payload fields it reads and the types it needs: the
receiver refuses a payload that does not fit with a 400 that says why, before touching Redis."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Callable

import redis
from pydantic import BaseModel, ConfigDict, Field

from . import deliveries, intake
from .config import Settings
from .jobs import ReviewJob
from .router import Event, Router, claims_delivery, reads

router = Router()


# ----------------------------------------------------------------------------- payload fields
class Reads(BaseModel):
    """Fields a handler reads. Strict: GitHub sends numbers as numbers and strings as strings, so
    "12" for a number or true for an id is a payload built by something else. Fields nobody
    reads are ignored, whatever they hold."""

    model_config = ConfigDict(strict=True, frozen=True)


# Ids and numbers go into task messages (orjson: 64-bit integers) and Redis keys.
Id = Annotated[int, Field(gt=0, lt=2**63)]
# What GitHub allows in owner and repository names; the name also goes into Redis key patterns,
# where `*`, `?` or `[` would match other repositories.
RepoName = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$")]
Sha = Annotated[str, Field(pattern=r"^[0-9a-f]{40}([0-9a-f]{24})?$")]
# Compared as a string with the stamps bot/intake.py writes: ISO 8601, as GitHub sends them.
Timestamp = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")]
# Names, logins, states: shown in answers and logs, so bounded.
Short = Annotated[str, Field(max_length=1024)]


class Repository(Reads):
    full_name: RepoName


class Installation(Reads):
    id: Id | None = None  # absent or null: not an App delivery, ignored


class PullRequestHead(Reads):
    sha: Sha


class PullRequest(Reads):
    number: Id
    head: PullRequestHead
    state: Short | None = None
    draft: bool | None = None
    updated_at: Timestamp | None = None


class PullRequestPayload(Reads):
    pull_request: PullRequest
    repository: Repository
    installation: Installation | None = None


class PingPayload(Reads):
    zen: Short | None = None


@dataclass(frozen=True)
class Context:
    settings: Settings
    redis: redis.Redis
    enqueue: Callable[[ReviewJob], str]  # returns the task id
    # True when `enqueue` is a bot.queue.CeleryQueue whose broker is the database of `redis`:
    # review messages are then pushed by bot/intake.py's script, in the same round trip.
    push_in_script: bool = False


@dataclass(frozen=True)
class Outcome:
    status: str        # queued | ignored | pong
    detail: str = ""
    task_id: str | None = None


@router.register("ping")
@reads(PingPayload)
def ping(event: Event, ctx: Context) -> Outcome:
    return Outcome("pong", event.payload.get("zen", ""))


@router.register("pull_request", action="opened")
@router.register("pull_request", action="synchronize")
@router.register("pull_request", action="reopened")
@router.register("pull_request", action="ready_for_review")
@claims_delivery
@reads(PullRequestPayload)
def review_pull_request(event: Event, ctx: Context) -> Outcome:
    pr = event.payload["pull_request"]
    installation = (event.payload.get("installation") or {}).get("id")
    if pr.get("state") == "closed":
        why = "pull request is closed"
    elif pr.get("draft") and not ctx.settings.review_drafts:
        why = "draft pull request"
    elif not installation:
        # Without an installation there is no token to act with: not an App delivery.
        why = "delivery carries no installation"
    else:
        why = ""
    if why:
        if not event.claimed and not deliveries.claim(ctx.redis, event.delivery_id):
            return Outcome("duplicate")
        return Outcome("ignored", why)
    repo = event.payload["repository"]["full_name"]
    number = int(pr["number"])
    sha = pr["head"]["sha"]
    job = ReviewJob(event.delivery_id, int(installation), repo, number, sha, event.action or "")
    # One round trip: claim the delivery, check the installation, record the head, push the task.
    task_id, message = ctx.enqueue.message(job) if ctx.push_in_script else (None, b"")
    verdict = intake.admit(ctx.redis, job, pr.get("updated_at"), claim=not event.claimed,
                           queue=ctx.enqueue, message=message)
    if verdict == "duplicate":
        return Outcome("duplicate")
    if verdict != "queued":
        return Outcome("ignored", intake.why_not(verdict, repo))
    if not message:
        try:
            task_id = ctx.enqueue(job)
        except Exception:
            if not event.claimed:  # the claim is this handler's: give it back for the redelivery
                deliveries.release_quietly(ctx.redis, event.delivery_id)
            raise
    return Outcome("queued", f"review of {repo}#{number} at {sha[:12]}", task_id)
