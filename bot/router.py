"""Event routing in the style of gidgethub's Router: handlers registered by decorator
for an event name and, optionally, one of its actions."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Event:
    name: str          # X-GitHub-Event
    delivery_id: str   # X-GitHub-Delivery
    payload: dict
    # True once the receiver has claimed the delivery id (bot/deliveries.py). A handler marked
    # with `claims_delivery` is called before that, and claims it itself (bot/intake.py does it
    # in the same Redis round trip as the rest of its work).
    claimed: bool = False

    @property
    def action(self) -> str | None:
        return self.payload.get("action")


Handler = Callable[[Event, Any], Any]


def claims_delivery(handler: Handler) -> Handler:
    """Mark a handler that dedupes the delivery id itself when `event.claimed` is false and
    answers Outcome("duplicate") for a delivery seen before."""
    handler.claims_delivery = True  # type: ignore[attr-defined]
    return handler


class Router:
    def __init__(self) -> None:
        self._routes: dict[tuple[str, str | None], list[Handler]] = {}

    def register(self, event: str, action: str | None = None) -> Callable[[Handler], Handler]:
        """Run the decorated handler for `event` (and only its `action`, when given).
        Stack the decorator to register one handler for several actions."""

        def decorate(handler: Handler) -> Handler:
            self._routes.setdefault((event, action), []).append(handler)
            return handler

        return decorate

    def handlers_for(self, event: Event) -> list[Handler]:
        found = list(self._routes.get((event.name, None), []))
        if event.action is not None:
            found += self._routes.get((event.name, event.action), [])
        return found

    def dispatch(self, event: Event, context: Any) -> list[Any]:
        return [handler(event, context) for handler in self.handlers_for(event)]
