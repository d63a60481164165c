"""The registry of slash commands: what each command is (`SlashCommand`), what its handler gets
(`Invocation`), and the texts made from the registry: the help reply and the docs page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from goleash.bot.commands import MAX_PER_COMMENT

EVERYONE = "everyone"
WRITE = "write"
# Repository roles (GitHub's `role_name`) that count as write access.
WRITE_ROLES = frozenset({"admin", "maintain", "write"})
PREFIX = "/goleash"


@dataclass
class Invocation:
    """One command of a comment, as its handler sees it."""

    job: dict  # the command job the receiver queued (bot/events/comments.py)
    command: dict  # this command of job["commands"]: name, args, word, raw
    redis: Any
    api: Any  # workers.github_api.PullRequestAPI
    gh: Any  # workers.command_tasks.Gh: replies, reactions, permissions
    review_deps: Callable[[], Any]
    registry: "Registry"

    @property
    def args(self) -> list[str]:
        return list(self.command.get("args") or [])

    @property
    def user(self) -> str:
        return self.job.get("user", "")

    @property
    def repo(self) -> str:
        return self.job["repo"]

    @property
    def number(self) -> int:
        return int(self.job["number"])

    def reply(self, body: str) -> None:
        self.gh.reply(self.job["kind"], self.job.get("comment_id"), body)

    def react(self, content: str) -> None:
        self.gh.react(self.job["kind"], self.job.get("comment_id"), content)


Handler = Callable[[Invocation], str]


@dataclass(frozen=True)
class SlashCommand:
    name: str
    usage: str  # what follows the name, e.g. "RULE [reason]"
    summary: str  # one line: the help reply's "What it does"
    permission: str = EVERYONE  # EVERYONE or WRITE
    cooldown: int = 0  # seconds between two runs on one pull request; 0: none
    aliases: tuple[str, ...] = ()
    details: str = ""  # more for the docs page
    handler: Handler = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    @property
    def syntax(self) -> str:
        return f"{PREFIX} {self.name}" + (f" {self.usage}" if self.usage else "")

    @property
    def who(self) -> str:
        return "write access" if self.permission == WRITE else "everyone"

    def allowed(self, role: str) -> bool:
        return self.permission == EVERYONE or role in WRITE_ROLES


class Registry:
    def __init__(self) -> None:
        self._commands: dict[str, SlashCommand] = {}
        self._names: dict[str, str] = {}  # name or alias -> name

    def command(
        self,
        name: str,
        *,
        usage: str = "",
        summary: str,
        permission: str = EVERYONE,
        cooldown: int = 0,
        aliases: tuple[str, ...] = (),
        details: str = "",
    ) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of `/goleash NAME`."""
        if permission not in (EVERYONE, WRITE):
            raise ValueError(f"/goleash {name}: permission must be {EVERYONE!r} or {WRITE!r}")

        def register(handler: Handler) -> Handler:
            for word in (name, *aliases):
                if word != word.lower() or not word or any(c.isspace() for c in word):
                    raise ValueError(f"/goleash {name}: {word!r} must be one lowercase word")
                if word in self._names:
                    raise ValueError(f"/goleash {name}: {word!r} is already /goleash {self._names[word]}")
            self._commands[name] = SlashCommand(name, usage, summary, permission, cooldown, tuple(aliases), details, handler)
            for word in (name, *aliases):
                self._names[word] = name
            return handler

        return register

    def lookup(self, word: str) -> SlashCommand | None:
        """The command `word` names (its name or an alias, any case), or None."""
        name = self._names.get((word or "").lower())
        return self._commands[name] if name else None

    def resolve(self, command: dict) -> SlashCommand | None:
        """The command a queued command dict names: by the word as written (a bare `@goleash`
        has none, and its name is "help")."""
        return self.lookup(command.get("word") or command.get("name") or "")

    def all(self) -> list[SlashCommand]:
        return list(self._commands.values())

    # ------------------------------------------------------------------ texts
    def help_reply(self) -> str:
        rows = [f"| `{c.syntax}` | {c.summary} | {c.who} |" for c in self.all()]
        return "\n".join(
            [
                "**goleash** commands (write them at the start of a line in a pull request comment):",
                "",
                "| Command | What it does | Who |",
                "| --- | --- | --- |",
                *rows,
                "",
                "`@goleash` works in place of `/goleash`. Configure goleash for the repository in `.github/goleash.yml`.",
            ]
        )

    def docs_page(self) -> str:
        rows = []
        for c in self.all():
            what = c.summary + (f"; {c.details}" if c.details else "")
            limits = []
            if c.cooldown:
                limits.append(f"at most once per {c.cooldown} s per pull request")
            if c.aliases:
                limits.append("also " + ", ".join(f"`{PREFIX} {a}`" for a in c.aliases))
            if limits:
                what += " — " + "; ".join(limits)
            who = "write, maintain, admin" if c.permission == WRITE else "everyone"
            rows.append(f"| `{c.syntax}` | {who} | {what} |")
        return "\n".join(
            [
                "# Slash commands",
                "",
                "<!-- Generated from workers/slash_commands/ by `make commands-docs`; edit the command's module, not this page. -->",
                "",
                "Write them at the start of a line in a pull request comment (or a reply to a review comment);",
                "`@goleash` works in place of `/goleash`. Lines in code blocks or `>` quotes are not commands,",
                f"and comments by bots are never read. At most {MAX_PER_COMMENT} commands are read from one comment.",
                "",
                "| Command | Who | What |",
                "| --- | --- | --- |",
                *rows,
                "",
                "goleash reacts with 👀 when it sees a command, 👍 or 🚀 when it is done, 😕 when it could not",
                "do it (with a reply saying why). A command it does not know is answered with the list above.",
                "",
                "The **goleash** check run has a **Run race replay** button (`requested_action` identifier",
                "`replay`, run as `/goleash replay` by whoever pressed it), and **Re-run**",
                "(`check_run.rerequested`, `check_suite.rerequested`) reviews again.",
                "",
            ]
        )


# The one registry of the worker: each command module of this package registers with `command`.
REGISTRY = Registry()
command = REGISTRY.command
