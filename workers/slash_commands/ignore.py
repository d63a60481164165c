"""`/goleash ignore RULE [reason]`: stop reporting a rule on this pull request."""

from __future__ import annotations

from goleash.bot import commands
from goleash.bot import log as logging_setup
from goleash.rules.catalog import get_rule

from .explain import unknown_rule
from .registry import WRITE, Invocation, command

log = logging_setup.get("goleash.worker")


@command(
    "ignore",
    usage="RULE [reason]",
    summary="stop reporting RULE on this pull request",
    permission=WRITE,
    cooldown=5,
    details="who and why are recorded and shown in the check run",
)
def ignore(inv: Invocation) -> str:
    args = inv.args
    if not args or get_rule(args[0]) is None:
        return unknown_rule(inv, "ignore")
    reason = " ".join(args[1:])
    commands.ignore_rule(inv.redis, inv.repo, inv.number, args[0], inv.user, reason, inv.job.get("comment_id"))
    inv.reply(
        f"@{inv.user} goleash will no longer report `{args[0]}` on this pull request"
        + (f" (reason: {reason})." if reason else ".")
        + " The next review's check run records who silenced it and why."
    )
    inv.react("+1")
    log.info("command.ignored_rule", rule=args[0], by=inv.user, reason=reason)
    return "ok"
