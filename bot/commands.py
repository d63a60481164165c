"""Finding slash commands in pull request comments (`/goleash review`, `@goleash explain RULE`,
...), and the per-pull-request state some of them keep (ignored rules, cooldowns).

The receiver takes any word after the prefix as a command name: which names exist, who may run
them and what they do is the workers' command registry (workers/slash_commands/), which answers
an unknown word with the list of commands. A command counts only at the start of a line of ordinary text: never inside a fenced
(``` or ~~~) or indented code block, and never in a `>` quote (which is usually someone
quoting an earlier command)."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass

import redis

from . import keys

# At most this many commands are taken from one comment.
MAX_PER_COMMENT = 5

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Command:
    name: str  # the word after the prefix, lowercased ("help" for a bare prefix)
    args: tuple[str, ...] = ()
    raw: str = ""  # the line as written
    word: str = ""  # the word after the prefix, as written

    @property
    def rule(self) -> str | None:
        return self.args[0] if self.args else None

    @property
    def reason(self) -> str:
        return " ".join(self.args[1:])


def _prefixes(app_slug: str) -> tuple[str, ...]:
    slug = (app_slug or "goleash").lower()
    return tuple(dict.fromkeys(("/goleash", f"/{slug}", f"@{slug}", "@goleash")))


def parse(body: str, app_slug: str = "goleash") -> list[Command]:
    """Every command in a comment body, in order (at most MAX_PER_COMMENT)."""
    prefixes = _prefixes(app_slug)
    found: list[Command] = []
    for line in _text_lines(body):
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) > 3:
            continue
        words = stripped.split()
        if not words:
            continue
        head = words[0].lower().rstrip(":,")
        if head not in prefixes:
            continue
        if len(words) < 2:
            found.append(Command("help", (), stripped.strip(), ""))
        else:
            word = words[1]
            found.append(Command(word.lower(), tuple(words[2:]), stripped.strip(), word))
        if len(found) >= MAX_PER_COMMENT:
            break
    return found


def _text_lines(body: str) -> list[str]:
    """Lines outside fenced code, indented code and block quotes."""
    out: list[str] = []
    fence: str | None = None
    in_indented = False
    prev_blank = True
    for line in (body or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        expanded = line.expandtabs(4)
        if fence is not None:
            m = _FENCE.match(expanded)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not expanded.strip()[len(m.group(1)) :].strip():
                fence = None
            prev_blank = False
            continue
        blank = not expanded.strip()
        if in_indented:
            if blank or expanded.startswith("    "):
                prev_blank = blank
                continue
            in_indented = False
        m = _FENCE.match(expanded)
        if m:
            fence = m.group(1)
            prev_blank = False
            continue
        if prev_blank and expanded.startswith("    ") and not blank:
            in_indented = True
            prev_blank = False
            continue
        prev_blank = blank
        if expanded.lstrip().startswith(">"):
            continue
        out.append(expanded)
    return out


# ----------------------------------------------------------------------------- /goleash ignore
IGNORE_TTL = 180 * 24 * 3600


def ignored_key(repo: str, number: int) -> str:
    return keys.pr(repo, number) + ":ignored"


def ignore_rule(r: redis.Redis, repo: str, number: int, rule_id: str, by: str, reason: str, comment_id=None) -> None:
    """Silence `rule_id` on this pull request; who and why are kept for the check run."""
    r.hset(ignored_key(repo, number), rule_id, json.dumps({"by": by, "reason": reason, "at": int(time.time()), "comment_id": comment_id}))
    r.expire(ignored_key(repo, number), IGNORE_TTL)


def ignored_rules(r: redis.Redis, repo: str, number: int) -> dict[str, dict]:
    out = {}
    for k, v in r.hgetall(ignored_key(repo, number)).items():
        try:
            out[k.decode()] = json.loads(v)
        except ValueError:
            out[k.decode()] = {}
    return out


def cooldown(r: redis.Redis, repo: str, number: int, command: str, seconds: int) -> int:
    """0 if `command` may run now (and starts its cooldown), else the seconds left to wait."""
    key = keys.pr(repo, number) + f":cooldown:{command}"
    if r.set(key, "1", nx=True, ex=seconds):
        return 0
    return max(1, int(r.ttl(key) or 1))
