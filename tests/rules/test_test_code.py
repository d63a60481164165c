"""Rules not reported in tests: their findings in test code are dropped, and a package made of
test code only is not analysed by them at all."""

from __future__ import annotations

import dataclasses

from goleash.rules.catalog import get_rule
from goleash.rules.engine import analyze_sources

LEAK = """
import "os"

func Read{n}() ([]byte, error) {{
	f, err := os.Open("x")
	if err != nil {{
		return nil, err
	}}
	b := make([]byte, 8)
	_, err = f.Read(b)
	return b, err
}}
"""


def _spied(rule_id: str, runs: list[str]):
    rule = get_rule(rule_id)

    def run(view):
        runs.append(view.name)
        return rule.run(view)

    return dataclasses.replace(rule, run=run)


def test_a_leak_is_reported_in_library_code_only():
    sources = {
        "pkg/read.go": ("package pkg\n" + LEAK.format(n="A")).encode(),
        "pkg/read_test.go": ("package pkg\n" + LEAK.format(n="B")).encode(),
        "pkg/ext_test.go": ("package pkg_test\n" + LEAK.format(n="C")).encode(),
    }
    report = analyze_sources(sources, rules=[get_rule("file-not-closed")], verify_fixes=False)
    assert [(f.rule_id, f.span.path) for f in report.findings] == [("file-not-closed", "pkg/read.go")]


def test_a_package_of_test_code_only_is_not_run_by_rules_not_reported_in_tests():
    sources = {
        "pkg/read.go": ("package pkg\n" + LEAK.format(n="A")).encode(),
        "pkg/read_test.go": ("package pkg\n" + LEAK.format(n="B")).encode(),
        "pkg/ext_test.go": ("package pkg_test\n" + LEAK.format(n="C")).encode(),
    }
    not_in_tests, in_tests = [], []
    rules = [_spied("file-not-closed", not_in_tests), _spied("map-concurrent-write", in_tests)]
    assert not rules[0].in_tests and rules[1].in_tests
    analyze_sources(sources, rules=rules, verify_fixes=False)
    assert sorted(not_in_tests) == ["pkg"]
    assert sorted(in_tests) == ["pkg", "pkg_test"]
