"""`pull_request`: a review of the head commit whenever it may have changed."""

from __future__ import annotations

from .. import deliveries, intake
from ..jobs import ReviewJob
from ..router import Event, Router, claims_delivery, reads
from .common import Context, Id, Installation, Outcome, Reads, Repository, Sha, Short, Timestamp

router = Router()


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
    verdict = intake.admit(ctx.redis, job, pr.get("updated_at"), claim=not event.claimed, queue=ctx.enqueue, message=message)
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
