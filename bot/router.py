"""Event routing in the style of gidgethub's Router: handlers registered by decorator
for an event name and, optionally, one of its actions; each event family's module has its own
router, and one router built from them (`Router(a, b, ...)`, bot/handlers.py) serves them all. Each handler declares the payload fields
it reads (`reads`), and the receiver checks a delivery against them before any handler runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

# At most this many problems are named in a refusal: enough to fix a payload, short in a log line.
MAX_PROBLEMS = 5


@dataclass(frozen=True)
class Event:
    name: str  # X-GitHub-Event
    delivery_id: str  # X-GitHub-Delivery
    payload: dict
    # True once the receiver has claimed the delivery id (bot/deliveries.py). A handler marked
    # with `claims_delivery` is called before that, and claims it itself (bot/intake.py does it
    # in the same Redis round trip as the rest of its work).
    claimed: bool = False

    @property
    def action(self) -> str | None:
        # The receiver refuses a non-string action before routing (bot/app.py).
        return self.payload.get("action")


Handler = Callable[[Event, Any], Any]


def claims_delivery(handler: Handler) -> Handler:
    """Mark a handler that dedupes the delivery id itself when `event.claimed` is false and
    answers Outcome("duplicate") for a delivery seen before."""
    handler.claims_delivery = True  # type: ignore[attr-defined]
    return handler


def reads(model: type[BaseModel]) -> Callable[[Handler], Handler]:
    """Declare, as a pydantic model, the payload fields the decorated handler reads and the types
    it needs them in. A payload that does not fit is refused with the reason before anything is
    claimed or queued: a handler tripping over it halfway would leave work half done."""

    def mark(handler: Handler) -> Handler:
        handler.payload_model = model  # type: ignore[attr-defined]
        return handler

    return mark


def _where(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "payload"


def payload_problems(handlers: list[Handler], payload: dict) -> list[str]:
    """What keeps these handlers from reading `payload`: '<field>: <problem>' lines, or []."""
    for handler in handlers:
        model = getattr(handler, "payload_model", None)
        if model is None:
            continue
        try:
            model.model_validate(payload)
        except ValidationError as exc:
            # The messages name the expected type or bound, never the value sent.
            errors = exc.errors(include_url=False, include_input=False)[:MAX_PROBLEMS]
            return [f"{_where(e['loc'])}: {e['msg']}" for e in errors]
    return []


class Router:
    def __init__(self, *others: "Router") -> None:
        """A router that serves every route of `others` (in their order) and those added to it.
        Routes are copied: what is registered on one of `others` afterwards is not served."""
        self._routes: dict[tuple[str, str | None], list[Handler]] = {}
        for other in others:
            for key, handlers in other._routes.items():
                self._routes.setdefault(key, []).extend(handlers)

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
