"""Posting the inline comments of a review when GitHub may refuse some of them.

GitHub refuses a review whole (422) when one comment cannot be anchored, without saying which.
So: comments outside the diff hunks the review was planned on are kept back first (no request);
on a 422 about anchoring anyway, the comments are halved and each half GitHub takes is posted as
its own review until a refused one is isolated. A half that fails after its sibling posted holds
a refused comment and is split without being tried; once one refused comment is isolated, all
the others not yet posted go again as one review. One refused comment among n costs about
log2(n) + 2 requests, not n + 1.

A 422 saying the commit is not part of the pull request means the head was force-pushed away
under the review: StaleHead, for the caller to stop quietly (the new head has its own review)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from github.GithubException import GithubException

from goleash.bot.mapping import FileDiff

# GitHub's messages for a comment it cannot place; other 422s are about the review as a whole.
_ANCHORING = ("pull request review thread", "review comments is invalid")
_STALE = "not part of the pull request"


class StaleHead(Exception):
    """The sha under review is no longer part of the pull request (force-pushed away)."""


@dataclass
class Posted:
    review_ids: list[int] = field(default_factory=list)
    posted: list[int] = field(default_factory=list)  # indexes into the comments
    refused: dict[int, str] = field(default_factory=dict)  # index -> why
    requests: int = 0


def message_of(exc: GithubException) -> str:
    data = exc.data if isinstance(exc.data, dict) else {}
    errors = [e if isinstance(e, str) else (e or {}).get("message", "") for e in data.get("errors") or []]
    return "; ".join(m for m in errors if m) or data.get("message") or str(exc.status)


def anchorable(comment: dict, diffs: dict[str, FileDiff]) -> bool:
    """Inside one hunk of the diff the review was planned on (GitHub's rule for line and start_line)."""
    diff = diffs.get(comment.get("path", ""))
    line = comment.get("line")
    if diff is None or not isinstance(line, int):
        return False
    return diff.hunk_of(comment.get("start_line") or line, line) is not None


def post_review(create: Callable[[str, list[dict]], int], body: str, comments: list[dict], diffs: dict[str, FileDiff], more_body: str) -> Posted:
    """``create(body, comments) -> review id`` posts one review; the first review posted gets
    ``body``, any later one (after a refusal split the comments) ``more_body``."""
    out = Posted()
    todo = []
    for i, c in enumerate(comments):
        if anchorable(c, diffs):
            todo.append(i)
        else:
            out.refused[i] = "outside the diff hunks of the pull request's files"

    def attempt(idx: list[int]) -> str | None:
        """Post idx as one review; GitHub's message when it refused a comment among them."""
        out.requests += 1
        try:
            out.review_ids.append(create(more_body if out.review_ids else body, [comments[i] for i in idx]))
        except GithubException as exc:
            if exc.status != 422:
                raise
            message = message_of(exc)
            if _STALE in message.lower():
                raise StaleHead(message) from exc
            if not any(a in message.lower() for a in _ANCHORING):
                for i in idx:  # about the review itself: splitting would fail the same way
                    out.refused[i] = message
                return None
            return message
        out.posted.extend(idx)
        return None

    def isolate(group: list[int], message: str) -> None:
        """group was refused: halve it until one refused comment is left, posting every half
        GitHub takes on the way (a half that is taken leaves the refusal in the other one)."""
        while len(group) > 1:
            half = len(group) // 2
            refused_left = attempt(group[:half])
            if refused_left is None:
                group = group[half:]
            else:
                group, message = group[:half], refused_left
        out.refused[group[0]] = message

    pending = todo
    while pending:
        message = attempt(pending)
        if message is None:
            break
        isolate(pending, message)
        # Usually one comment was the trouble: the rest, tried or not, go again as one review.
        done = set(out.posted) | set(out.refused)
        pending = [i for i in pending if i not in done]
    return out
