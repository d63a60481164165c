"""`/goleash replay`: queue a race replay (also the check run's Run race replay button)."""

from __future__ import annotations

from goleash.bot import repo_config
from goleash.bot.jobs import ReviewJob

from ..replay_queue import enqueue_replay
from .registry import WRITE, Invocation, command


@command(
    "replay",
    summary="run the race replay on this pull request",
    permission=WRITE,
    cooldown=120,
    details="respects `replay:` in the repository's configuration",
)
def replay(inv: Invocation) -> str:
    pr = inv.api.pull()
    cfg = repo_config.for_review(inv.api, inv.redis, inv.repo, inv.number, pr.base_sha).config
    if cfg.replay == "off":
        inv.reply(f"@{inv.user} race replay is turned off for this repository (`replay: off` in `{repo_config.CONFIG_PATH}`).")
        inv.react("confused")
        return "off"
    rjob = ReviewJob(inv.job["delivery_id"], int(inv.job["installation_id"]), inv.repo, inv.number, inv.job.get("head_sha") or pr.head_sha, "replay")
    task_id = enqueue_replay(rjob)
    if task_id is None:
        inv.reply(f"@{inv.user} race replay is turned off on this goleash installation.")
        inv.react("confused")
        return "off"
    inv.react("rocket")
    return "queued"
