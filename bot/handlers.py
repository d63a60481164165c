"""The receiver's router: every event family's handlers, combined in one place.

Each module of bot/events/ holds the handlers of one family of webhook events on a router of its
own (gidgethub's pattern: one small handler per event and action, registered by decorator);
the receiver (bot/app.py) routes through the one built here. A new event family is a new module
there and one more router in this list."""

from __future__ import annotations

from .events import checks, comments, installation, ping, pull_request
from .events.common import Context, Outcome
from .router import Router

router = Router(
    ping.router,
    pull_request.router,  # pull_request: reviews
    comments.router,  # issue_comment, pull_request_review_comment: slash commands
    checks.router,  # check_run, check_suite: Re-run and Run race replay buttons
    installation.router,  # installation, installation_repositories
)

__all__ = ["Context", "Outcome", "router"]
