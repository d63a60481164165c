"""Every rule goleash has. Importing the rule modules registers their rules (rules/registry.py
holds them); the engine, the command line and the App ask here."""

from __future__ import annotations

from . import checks  # noqa: F401
from .registry import Rule, registered


def all_rules() -> list[Rule]:
    return sorted(registered(), key=lambda r: (r.family, r.id))


def get_rule(rule_id: str) -> Rule | None:
    return next((r for r in registered() if r.id == rule_id), None)
