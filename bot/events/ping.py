"""`ping`: GitHub's hello when the webhook is created."""

from __future__ import annotations

from ..router import Event, Router, reads
from .common import Context, Outcome, Reads, Short

router = Router()


class PingPayload(Reads):
    zen: Short | None = None


@router.register("ping")
@reads(PingPayload)
def ping(event: Event, ctx: Context) -> Outcome:
    return Outcome("pong", event.payload.get("zen", ""))
