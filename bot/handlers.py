"""One small handler per webhook event, registered on the router by decorator.

A handler returns an Outcome; the receiver turns it into the HTTP answer."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import redis

from . import deliveries, intake
from .config import Settings
from .jobs import ReviewJob
from .router import Event, Router, claims_delivery

router = Router()


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
def ping(event: Event, ctx: Context) -> Outcome:
    return Outcome("pong", event.payload.get("zen", ""))


@router.register("pull_request", action="opened")
@router.register("pull_request", action="synchronize")
@router.register("pull_request", action="reopened")
@router.register("pull_request", action="ready_for_review")
@claims_delivery
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
