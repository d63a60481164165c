"""JSON output: Finding.to_dict() per finding, stable order, a summary; round-trips."""

from __future__ import annotations

import json

from cli_helpers import map_finding, warning_finding

from goleash.rules.model import Finding, Report
from goleash.rules.output.json_out import render_json


def test_json_shape_order_and_round_trip(ctx, report):
    data = json.loads(render_json(report, ctx))
    assert data["version"] == "9.9.9"
    assert [f["rule_id"] for f in data["findings"]] == ["wg-add-in-goroutine", "map-concurrent-write"]
    assert Finding.from_dict(data["findings"][1]) == map_finding()
    assert data["errors"] == [{"path": "broken.go", "message": "syntax error at 3:1"}]
    assert data["summary"] == {
        "findings": 2,
        "by_severity": {"error": 1, "warning": 1, "info": 0},
        "errors": 1,
        "files_analyzed": 2,
        "lines_analyzed": 20,
    }


def test_json_is_independent_of_input_order(ctx):
    a = render_json(Report([map_finding(), warning_finding("a.go"), warning_finding()], [], 3, 1), ctx)
    b = render_json(Report([warning_finding(), map_finding(), warning_finding("a.go")], [], 3, 1), ctx)
    assert a == b
    assert [f["span"]["path"] for f in json.loads(a)["findings"]] == ["a.go", "main.go", "main.go"]
