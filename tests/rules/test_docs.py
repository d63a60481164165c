"""The user-facing rule docs are generated from the rules themselves; they must not drift."""

from pathlib import Path

import pytest

from goleash.rules.catalog import all_rules
from goleash.rules.cli import docs_pages

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"


def test_docs_are_generated_from_the_rules():
    pages = docs_pages(all_rules())
    assert pages, "no rules registered"
    for name, text in pages.items():
        page = DOCS / name
        assert page.exists(), f"run `goleash docs --out docs/rules`: {page} is missing"
        assert page.read_text() == text, f"{page} is stale: run `goleash docs --out docs/rules`"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_rule_documents_every_section(rule):
    for field in ("what", "why", "example", "instead"):
        assert getattr(rule, field).strip(), f"{rule.id} has no {field!r} section"
    assert any(w in rule.why for w in ("fatal error", "leak", "lost", "forever", "block")), f"{rule.id}: 'why' must state the run-time consequence"
