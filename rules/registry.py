"""Rules are values, like go/analysis Analyzers: id, title, docs and a run function. Each rule
module registers its rule here; rules/catalog.py imports them all and lists them.

The documentation fields are the single source for `goleash explain`, the
generated docs/rules/*.md pages and the text of review comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from .model import Diagnostic, Severity

if TYPE_CHECKING:
    from .package import PackageView

# The rule families, in the catalog's order.
FAMILIES = {
    "A": "Maps and variables shared between goroutines",
    "B": "sync.Map misuse",
    "C": "Goroutine leaks",
    "D": "Channel misuse",
    "E": "Locks, WaitGroups, Cond, Once, atomics and contexts",
    "F": "Resources never released",
}

DOCS_BASE_URL = "https://github.com/goleash/goleash/blob/main/docs/rules"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    family: str  # one of FAMILIES' keys: orders the catalog
    severity: Severity
    what: str  # what it does
    why: str  # why it is bad: the run-time consequence
    example: str  # Go code that triggers it
    instead: str  # Go code to write instead
    run: Callable[["PackageView"], Iterable[Diagnostic]]
    vet_overlap: str = ""  # which go vet / staticcheck check overlaps, and what goleash adds
    # False for leaks whose whole cost is held until the process exits: a test binary exits
    # when its tests end, so in a _test.go file the finding has no consequence.
    in_tests: bool = True
    # Why, when not reported in tests, if not the leak's reason above.
    tests_reason: str = ""

    @property
    def family_name(self) -> str:
        return FAMILIES[self.family]

    @property
    def docs_url(self) -> str:
        return f"{DOCS_BASE_URL}/{self.id}.md"

    def markdown(self) -> str:
        parts = [
            f"# {self.id}: {self.title}",
            "",
            f"{self.family_name} · severity **{self.severity.value}**",
            "",
            "## What it does",
            self.what.strip(),
            "",
            "## Why is this bad?",
            self.why.strip(),
            "",
            "## Example",
            "```go",
            self.example.strip("\n"),
            "```",
            "",
            "## Use instead",
            "```go",
            self.instead.strip("\n"),
            "```",
        ]
        if not self.in_tests:
            parts += [
                "",
                "Not reported in `_test.go` files or test helpers: "
                + (self.tests_reason or "a test binary exits when its tests end, and that releases everything this leak holds."),
            ]
        if self.vet_overlap:
            parts += ["", "## Relation to go vet / staticcheck", self.vet_overlap.strip()]
        return "\n".join(parts) + "\n"


_RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.id in _RULES:
        raise ValueError(f"duplicate rule id {rule.id}")
    _RULES[rule.id] = rule
    return rule


def registered() -> list[Rule]:
    """The rules registered so far; rules/catalog.py imports every rule module first."""
    return list(_RULES.values())
