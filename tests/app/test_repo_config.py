""".github/goleash.yml: schema, line numbers in errors, applying it to findings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from goleash.bot import repo_config
from goleash.bot.repo_config import RepoConfig, apply, glob_match, parse
from goleash.rules.model import Finding, Severity, Span

DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def known(rule_id: str) -> bool:
    return rule_id in {"map-concurrent-write", "syncmap-load-then-store"}


def f(rule="map-concurrent-write", path="store/store.go", fp="fp", sev=Severity.ERROR):
    return Finding(rule, sev, "m", Span(path, 3, 1, 3, 2), [], [], fp)


def test_valid_config():
    cfg, problems = parse(
        "rules:\n  syncmap-load-then-store: off\n  map-concurrent-write: warning\n"
        'paths:\n  exclude: ["legacy/**"]\ncomment_cap: 3\nfindings: check-run\nfail_on: warning\n'
        "drafts: review\nreplay: always\n",
        known,
    )
    assert problems == []
    assert cfg.comment_cap == 3 and cfg.findings == "check-run" and cfg.fail_on == "warning" and cfg.replay == "always"
    assert not cfg.rule_enabled("syncmap-load-then-store") and cfg.rule_enabled("map-concurrent-write")
    assert cfg.severity_for("map-concurrent-write") is Severity.WARNING


def test_empty_file_is_the_defaults():
    assert parse("", known) == (RepoConfig(), [])
    assert parse("# nothing\n", known) == (RepoConfig(), [])


@pytest.mark.parametrize(
    "text,path,line,words",
    [
        ("comment_cap: 500\n", "comment_cap", 1, "500 is greater than the maximum of 100"),
        ("rules:\n  map-concurrent-write: loud\n", "rules.map-concurrent-write", 2, "'loud' is not one of off, on, off, on, error"),
        ("rules:\n  nope: off\n", "rules.nope", 2, "unknown rule 'nope'"),
        ("\n\nfindings: everywhere\n", "findings", 3, "not one of review, check-run"),
        ("paths:\n  exclude: legacy\n", "paths.exclude", 2, "is not of type 'array'"),
        ("replay: on-request\ncolour: red\n", "colour", 2, "unknown key 'colour'"),
        ("paths:\n  exclud: [x]\n", "paths.exclud", 2, "unknown key 'exclud'"),
        ("- a\n- b\n", "", 1, "is not of type 'object'"),
        ("rules: [\n", "", 2, "not valid YAML"),
    ],
)
def test_problems_name_the_key_and_line(text, path, line, words):
    cfg, problems = parse(text, known)
    assert cfg == RepoConfig()
    assert any(p.path == path and p.line == line and words.split("'loud'")[0] in p.message for p in problems), problems
    assert str(problems[0]).startswith(f"`{path}`" if path else "the file")


def test_apply_filters_rules_paths_baseline_and_ignores():
    cfg = RepoConfig(rules={"syncmap-load-then-store": False, "map-concurrent-write": "warning"}, exclude=["legacy/**"])
    out = apply(
        [f(), f("syncmap-load-then-store"), f(path="legacy/x.go"), f(fp="old"), f("other-rule", fp="o")],
        cfg,
        ignored_rules={"other-rule"},
        baseline={"old"},
    )
    assert [(x.rule_id, x.path, x.severity) for x in out] == [("map-concurrent-write", "store/store.go", Severity.WARNING)]
    inc = RepoConfig(include=["api/**"])
    assert [x.path for x in apply([f(path="api/a.go"), f(path="store/b.go")], inc)] == ["api/a.go"]


def test_globs():
    assert glob_match("**/*.go", "a/b/c.go") and glob_match("**/*.go", "c.go")
    assert glob_match("*.go", "c.go") and not glob_match("*.go", "a/c.go")
    assert glob_match("store", "store/x.go") and not glob_match("store", "storey/x.go")
    assert glob_match("a/?.go", "a/b.go") and not glob_match("a/?.go", "a/bc.go")


def test_schema_is_shipped_and_published():
    shipped = repo_config.schema()
    text = DOCS.read_text()
    m = re.search(r"```json\n(.*?)\n```", text, re.DOTALL)
    assert m, "docs/configuration.md publishes the schema"
    assert json.loads(m.group(1)) == shipped
    for key in shipped["properties"]:
        assert f"`{key}`" in text
