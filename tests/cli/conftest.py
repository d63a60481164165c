"""Fixtures: a render context over an in-memory file, a fake registry and a fake engine."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from cli_helpers import GO_SRC, RULES, map_finding, warning_finding

from goleash.rules import cli
from goleash.rules.model import FileError, Report
from goleash.rules.output import RenderContext
from goleash.rules.output.sources import dict_reader


@pytest.fixture
def ctx() -> RenderContext:
    return RenderContext(rules=list(RULES), read_source=dict_reader({"main.go": GO_SRC}), srcroot="/repo", cwd="/repo", version="9.9.9")


@pytest.fixture
def report() -> Report:
    return Report([map_finding(), warning_finding()], [FileError("broken.go", "syntax error at 3:1")], 2, 20)


@pytest.fixture
def fake_catalog(monkeypatch):
    by_id = {r.id: r for r in RULES}
    reg = SimpleNamespace(all_rules=lambda: list(RULES), get_rule=by_id.get)
    monkeypatch.setattr(cli, "_catalog", lambda: reg)
    return reg


@pytest.fixture
def fake_engine(monkeypatch):
    """Replaces the engine with one returning `state.report`; records the calls it got."""
    state = SimpleNamespace(report=Report(), calls=[], verify_fixes=None)

    def analyze(paths, rules, verify_fixes=True):
        state.calls.append((list(paths), None if rules is None else [r.id for r in rules]))
        state.verify_fixes = verify_fixes
        return state.report

    monkeypatch.setattr(cli, "_analyze_paths", analyze)
    return state
