"""`/goleash help`: the list of commands (also what a bare `@goleash` asks for)."""

from __future__ import annotations

from .registry import Invocation, command


@command("help", summary="the list of commands")
def help_command(inv: Invocation) -> str:
    inv.reply(inv.registry.help_reply())
    inv.react("+1")
    return "ok"
