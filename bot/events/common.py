"""What every event module shares: the payload field types its `reads` models are built from,
the Context a handler gets, the Outcome it returns, and the installation gate.

A handler returns an Outcome; the receiver turns it into the HTTP answer. Beside each handler,
a pydantic model (`reads`) names the payload fields it reads and the types it needs: the
receiver refuses a payload that does not fit with a 400 that says why, before touching Redis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Callable

import redis
from pydantic import BaseModel, ConfigDict, Field

from .. import installations, log
from ..config import Settings
from ..jobs import ReviewJob
from ..router import Event

logger = log.get("goleash.receiver")


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


class User(Reads):
    login: Short | None = None
    type: Short | None = None


# ----------------------------------------------------------------------------- handler I/O
@dataclass(frozen=True)
class Context:
    settings: Settings
    redis: redis.Redis
    enqueue: Callable[[ReviewJob], str]  # returns the task id
    # True when `enqueue` is a bot.queue.CeleryQueue whose broker is the database of `redis`:
    # review messages are then pushed by bot/intake.py's script, in the same round trip.
    push_in_script: bool = False
    # Queues a command job (a JSON-safe dict) and returns the task id; None: bot/queue.py's
    # producer for `settings`, built on first use.
    enqueue_command: Callable[[dict], str] | None = None

    def queue_command(self, job: dict) -> str:
        if self.enqueue_command is not None:
            return self.enqueue_command(job)
        from ..queue import celery_command_enqueue

        return celery_command_enqueue(self.settings)(job)


@dataclass(frozen=True)
class Outcome:
    status: str  # queued | ignored | pong | recorded | duplicate
    detail: str = ""
    task_id: str | None = None


# ----------------------------------------------------------------------------- installation gate
def installation_id(event: Event) -> int | None:
    inst = (event.payload.get("installation") or {}).get("id")
    return int(inst) if inst else None


def gate(event: Event, ctx: Context) -> Outcome | None:
    """Ignore (2xx, one log line) deliveries for a removed or suspended installation."""
    inst = installation_id(event)
    if not inst:
        return Outcome("ignored", "delivery carries no installation")
    repo = (event.payload.get("repository") or {}).get("full_name")
    why = installations.blocked(ctx.redis, inst, repo)
    if why:
        logger.info("webhook.installation_blocked", installation_id=inst, repo=repo, reason=why)
        return Outcome("ignored", why)
    return None
