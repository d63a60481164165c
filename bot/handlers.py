"""One small handler per webhook event, registered on the router by decorator.

A handler returns an Outcome; the receiver turns it into the HTTP answer."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import redis

from . import pr_heads
from .config import Settings
from .jobs import ReviewJob
from .router import Event, Router

router = Router()


@dataclass(frozen=True)
class Context:
    settings: Settings
    redis: redis.Redis
    enqueue: Callable[[ReviewJob], str]  # returns the task id


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
def review_pull_request(event: Event, ctx: Context) -> Outcome:
    pr = event.payload["pull_request"]
    if pr.get("state") == "closed":
        return Outcome("ignored", "pull request is closed")
    if pr.get("draft") and not ctx.settings.review_drafts:
        return Outcome("ignored", "draft pull request")
    installation = (event.payload.get("installation") or {}).get("id")
    if not installation:
        # Without an installation there is no token to act with: not an App delivery.
        return Outcome("ignored", "delivery carries no installation")
    repo = event.payload["repository"]["full_name"]
    from .installations import blocked

    if why := blocked(ctx.redis, int(installation), repo):
        return Outcome("ignored", why)
    number = int(pr["number"])
    sha = pr["head"]["sha"]
    if pr_heads.record(ctx.redis, repo, number, sha, pr.get("updated_at")) != sha:
        return Outcome("ignored", "a newer push is already recorded for this pull request")
    job = ReviewJob(event.delivery_id, int(installation), repo, number, sha, event.action or "")
    return Outcome("queued", f"review of {repo}#{number} at {sha[:12]}", ctx.enqueue(job))
