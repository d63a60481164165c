"""What the engine produces: findings with positions, evidence and fixes.

Shaped after go/analysis: a rule reports a Diagnostic (position, message,
related locations, suggested fixes made of text edits); the engine turns it
into a Finding by adding the rule id, severity and a fingerprint.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"  # crashes or deadlocks the process
    WARNING = "warning"  # leaks, lost updates
    INFO = "info"  # worth a look, no certain damage

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Span:
    """A source range. Lines and columns are 1-based; columns count bytes, as go/token does."""

    path: str
    start_line: int
    start_col: int
    end_line: int
    end_col: int
    start_byte: int = 0
    end_byte: int = 0


@dataclass(frozen=True, slots=True)
class Related:
    """Evidence: another place that makes the finding true (the other goroutine's access, the lock)."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace bytes [start_byte, end_byte) of `path` with `new_text`."""

    path: str
    start_byte: int
    end_byte: int
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    message: str
    edits: tuple[TextEdit, ...]


@dataclass(slots=True)
class Diagnostic:
    """What a rule reports. The engine adds rule id, severity and fingerprint."""

    span: Span
    message: str
    related: list[Related] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    # Text that identifies the finding independently of its line number
    # (e.g. the enclosing function and the accessed expression); see fingerprint.py.
    anchor: str = ""


@dataclass(slots=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    span: Span
    related: list[Related] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def path(self) -> str:
        return self.span.path

    @property
    def line(self) -> int:
        return self.span.start_line

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = self.severity.value
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Finding":
        return cls(
            rule_id=d["rule_id"],
            severity=Severity(d["severity"]),
            message=d["message"],
            span=Span(**d["span"]),
            related=[Related(Span(**r["span"]), r["message"]) for r in d.get("related", [])],
            fixes=[Fix(f["message"], tuple(TextEdit(**e) for e in f["edits"])) for f in d.get("fixes", [])],
            fingerprint=d.get("fingerprint", ""),
        )


@dataclass(slots=True)
class FileError:
    """A file the engine could not fully analyse; the rest of the run goes on."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or package left out on purpose because it went over a limit; `limit` names the
    limit in a word (metrics label it by that)."""

    path: str
    reason: str
    limit: str


@dataclass(slots=True)
class Report:
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files_analyzed: int = 0
    lines_analyzed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
