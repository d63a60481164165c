"""`check_run` and `check_suite`: the check run's Re-run and Run race replay buttons."""

from __future__ import annotations

import re

from .. import keys
from ..check_output import CHECK_NAME
from ..jobs import ReviewJob
from ..router import Event, Router, reads
from .common import Context, Id, Installation, Outcome, Reads, Repository, Sha, Short, User, gate, installation_id

router = Router()

_EXTERNAL_ID = re.compile(r"pr:([1-9][0-9]{0,17})\Z")
# check_run.requested_action identifier of the button workers/check_run.py adds.
REPLAY_ACTION = "replay"


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
    job = ReviewJob(event.delivery_id, int(installation_id(event)), repo, number, sha, why)
    return Outcome("queued", f"{why}: review of {repo}#{number} at {sha[:12]}", ctx.enqueue(job))


@router.register("check_run", action="rerequested")
@router.register("check_run", action="requested_action")
@reads(CheckRunPayload)
def check_run_button(event: Event, ctx: Context) -> Outcome:
    run = event.payload["check_run"]
    if run.get("name") != CHECK_NAME:
        return Outcome("ignored", f"check run {run.get('name')!r} is not ours")
    if (blocked := gate(event, ctx)) is not None:
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
        "delivery_id": event.delivery_id,
        "installation_id": installation_id(event),
        "repo": repo,
        "number": number,
        "kind": "check_run",
        "comment_id": None,
        "user": sender.get("login", ""),
        "head_sha": sha,
        "commands": [{"name": "replay", "args": [], "word": "replay", "raw": "check run button"}],
    }
    return Outcome("queued", f"replay requested on {repo}#{number}", ctx.queue_command(job))


@router.register("check_suite", action="rerequested")
@reads(CheckSuitePayload)
def check_suite_rerequested(event: Event, ctx: Context) -> Outcome:
    suite = event.payload["check_suite"]
    if (blocked := gate(event, ctx)) is not None:
        return blocked
    repo = event.payload["repository"]["full_name"]
    sha = suite["head_sha"]
    number = _pr_for_sha(ctx, repo, sha, suite.get("pull_requests"), None)
    if number is None:
        return Outcome("ignored", f"no pull request known for {sha[:12]}")
    return rerun(ctx, event, repo, number, sha, "rerequested")
