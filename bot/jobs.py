"""What the receiver hands to the workers: a small, JSON-safe description of one review."""
from __future__ import annotations

from dataclasses import asdict, dataclass

REVIEW_TASK = "goleash.review_pull_request"


@dataclass(frozen=True)
class ReviewJob:
    delivery_id: str
    installation_id: int
    repo: str          # owner/name
    number: int
    head_sha: str
    action: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ReviewJob":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})
