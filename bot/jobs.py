"""What the receiver hands to the workers: task names and a small, JSON-safe description of one review."""

from __future__ import annotations

from dataclasses import dataclass

REVIEW_TASK = "goleash.review_pull_request"
# Slash commands and check run buttons (workers/command_tasks.py); the job is a JSON-safe dict.
COMMAND_TASK = "goleash.run_commands"


@dataclass(frozen=True)
class ReviewJob:
    delivery_id: str
    installation_id: int
    repo: str  # owner/name
    number: int
    head_sha: str
    action: str = ""

    def to_dict(self) -> dict:
        # What dataclasses.asdict gives for these flat fields, without its recursive deep copy
        # (a measurable part of the receiver's cost per delivery).
        return {f: getattr(self, f) for f in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, d: dict) -> "ReviewJob":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})
