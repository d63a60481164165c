"""SARIF output validates against the official OASIS 2.1.0 schema and carries what code scanning reads."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from cli_helpers import GO_SRC, RULES, map_finding, span, warning_finding

from goleash.rules.model import Finding, Report, Severity, Span
from goleash.rules.output import RenderContext
from goleash.rules.output.sarif import SCHEMA_PATH, load_schema, render_sarif, sarif_log
from goleash.rules.output.sources import dict_reader


@pytest.fixture(scope="module")
def validator():
    schema = load_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    # All known formats, not just draft-04's: artifactLocation.uri is "uri-reference".
    checker = jsonschema.FormatChecker()
    assert {"uri", "uri-reference"} <= set(checker.checkers), "pip install rfc3986-validator"
    return cls(schema, format_checker=checker)


def errors_of(validator, log) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def test_schema_is_the_oasis_2_1_0_schema():
    schema = json.loads(SCHEMA_PATH.read_text())
    assert schema["id"].endswith("/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert "result" in schema["definitions"] and "replacement" in schema["definitions"]


def test_report_validates(validator, ctx, report):
    log = json.loads(render_sarif(report, ctx))
    assert errors_of(validator, log) == []


def test_empty_report_validates(validator, ctx):
    assert errors_of(validator, sarif_log(Report(), ctx)) == []


@pytest.mark.parametrize(
    "breakage",
    [
        lambda log: log.update(version="2.0.0"),
        lambda log: log["runs"][0]["results"][0].pop("message"),
        lambda log: log["runs"][0]["results"][0].update(level="fatal"),
        lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
        lambda log: log["runs"][0]["tool"]["driver"].pop("name"),
        lambda log: log["runs"][0]["results"][1]["fixes"][0]["artifactChanges"][0]["replacements"][0].pop("deletedRegion"),
        lambda log: log["runs"][0]["results"][0].update(unknownProperty=1),
        lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"].update(uri="a b.go"),
    ],
)
def test_broken_sarif_is_rejected(validator, ctx, report, breakage):
    log = sarif_log(report, ctx)
    assert errors_of(validator, log) == []
    broken = copy.deepcopy(log)
    breakage(broken)
    assert errors_of(validator, broken) != []


def test_driver_rules_and_result_fields(ctx, report):
    run = sarif_log(report, ctx)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "goleash" and driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == [r.id for r in RULES]
    rule = driver["rules"][0]
    assert rule["helpUri"] == RULES[0].docs_url
    assert rule["help"]["markdown"] == RULES[0].markdown()
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert "concurrency" in rule["properties"]["tags"]
    assert driver["rules"][2]["defaultConfiguration"] == {"level": "note"}  # info -> note

    wg, mp = run["results"]
    assert driver["rules"][mp["ruleIndex"]]["id"] == mp["ruleId"] == "map-concurrent-write"
    assert driver["rules"][wg["ruleIndex"]]["id"] == "wg-add-in-goroutine"
    assert mp["level"] == "error" and wg["level"] == "warning"
    loc = mp["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "main.go", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 6, "startColumn": 15, "endLine": 6, "endColumn": 23}
    assert [(r["id"], r["message"]["text"]) for r in mp["relatedLocations"]] == [
        (1, "goroutine started here, once per iteration"),
        (2, "map declared here"),
    ]
    assert mp["partialFingerprints"] == {"goleash/v1": "fp-map-1"}
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] == "syntax error at 3:1"


def test_fix_replacements_use_byte_offsets(ctx):
    f = map_finding()
    [fix] = sarif_log(Report([f], [], 1, 1), ctx)["runs"][0]["results"][0]["fixes"]
    assert fix["description"]["text"] == "Guard m with a sync.Mutex"
    [change] = fix["artifactChanges"]
    reps = change["replacements"]
    decl, write = GO_SRC.index(b"m := "), GO_SRC.index(b"m[k] = 1")
    assert reps == [
        {"deletedRegion": {"byteOffset": decl, "byteLength": 0}, "insertedContent": {"text": "var mu sync.Mutex\n\t"}},
        {"deletedRegion": {"byteOffset": write, "byteLength": 8}, "insertedContent": {"text": "mu.Lock(); m[k] = 1; mu.Unlock()"}},
    ]
    # Applying the replacements to the bytes gives the same result as the fix itself.
    data = GO_SRC
    for r in sorted(reps, key=lambda r: -r["deletedRegion"]["byteOffset"]):
        o, n = r["deletedRegion"]["byteOffset"], r["deletedRegion"]["byteLength"]
        data = data[:o] + r["insertedContent"]["text"].encode() + data[o + n :]
    assert b"go func() { mu.Lock(); m[k] = 1; mu.Unlock() }()" in data and b"var mu sync.Mutex\n\tm :=" in data


def test_columns_are_converted_from_bytes_to_utf16(validator):
    src = 'package p\n\nvar s = "héllo😀"; var m = 1\n'.encode()
    col = src.split(b"\n")[2].index(b"var m") + 1  # byte column
    f = Finding("lonely-info", Severity.INFO, "x", span("p.go", 3, col, 3, col + 5))
    ctx = RenderContext(rules=list(RULES), read_source=dict_reader({"p.go": src}), srcroot="/r", cwd="/r")
    log = sarif_log(Report([f], [], 1, 1), ctx)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    # é is 2 bytes but 1 UTF-16 unit; 😀 is 4 bytes but 2 units: 3 fewer columns.
    assert region["startColumn"] == col - 3 and region["endColumn"] == col + 2
    assert log["runs"][0]["columnKind"] == "utf16CodeUnits"
    assert errors_of(validator, log) == []


def test_uris_relative_to_srcroot_and_escaped(validator):
    inside = warning_finding("pkg/my file.go")
    outside = warning_finding("../../elsewhere/x.go")
    ctx = RenderContext(rules=list(RULES), read_source=dict_reader({}), srcroot="/repo", cwd="/repo/sub")
    log = sarif_log(Report([inside, outside], [], 2, 2), ctx)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert {"uri": "sub/pkg/my%20file.go", "uriBaseId": "%SRCROOT%"} in uris
    assert {"uri": "file:///elsewhere/x.go"} in uris
    assert log["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///repo/"}}
    assert errors_of(validator, log) == []


def test_unknown_rule_still_gets_a_descriptor(validator):
    f = Finding("not-registered", Severity.WARNING, "m", span())
    ctx = RenderContext(rules=[], read_source=dict_reader({}), srcroot="/r", cwd="/r")
    run = sarif_log(Report([f], [], 1, 1), ctx)["runs"][0]
    assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"] == "not-registered"
    assert errors_of(validator, {"version": "2.1.0", "runs": [run]}) == []


def test_duplicate_fixes_collapse_so_the_log_stays_valid(validator, ctx):
    f = map_finding()
    f.fixes = f.fixes * 2  # the schema says result.fixes items are unique
    log = sarif_log(Report([f], [], 1, 1), ctx)
    assert len(log["runs"][0]["results"][0]["fixes"]) == 1
    assert errors_of(validator, log) == []


def test_inverted_or_unset_end_is_left_out(ctx):
    for end_line, end_col in [(6, 3), (5, 40), (0, 0)]:
        f = Finding("lonely-info", Severity.INFO, "x", Span("main.go", 6, 10, end_line, end_col))
        region = sarif_log(Report([f], [], 1, 1), ctx)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
        assert region == {"startLine": 6, "startColumn": 10}
