"""The OpenAPI validation really checks requests and responses (so ``violations == []`` means something)."""

from ghsandbox import render
from ghsandbox.validation import RELAXATIONS, get_validator


def test_bad_response_is_a_violation(http, state, monkeypatch):
    orig = render.pull_request

    def broken(*a, **kw):
        d = orig(*a, **kw)
        del d["title"]
        d["head"]["sha"] = 5
        return d

    monkeypatch.setattr(render, "pull_request", broken)
    assert http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}").status_code == 200
    errors = sorted(v["error"] for v in state.violations)
    assert errors == ["response head/sha: 5 is not of type 'string'", "response: 'title' is a required property"]
    assert {v["operation"] for v in state.violations} == {"pulls/get"}


def test_bad_query_parameter_is_a_violation(http, state):
    r = http.get(f"/repos/{state.full_name}/pulls/{state.pr_number}/comments", params={"direction": "sideways"})
    assert r.status_code == 200  # GitHub ignores it; the sandbox records it
    assert state.violations and "direction" in state.violations[0]["error"]


def test_relaxations_are_narrow():
    v = get_validator()
    s = v.spec["components"]["schemas"]
    assert None in s["check-run"]["properties"]["conclusion"]["enum"]
    assert None in s["pull-request-review-comment"]["properties"]["start_side"]["enum"]
    # everything else keeps GitHub's enums
    assert None not in s["pull-request"]["properties"]["state"]["enum"]
    assert set(RELAXATIONS) == {"R1", "R2", "R3", "R4", "R5", "R6", "R7"}
    op = v.operation("POST", "/repos/{owner}/{repo}/check-runs")
    import json

    # R4 keeps the "conclusion required when completed" rule
    bad = v.validate_request(
        op, {"owner": "o", "repo": "r"}, {}, {}, json.dumps({"name": "n", "head_sha": "s", "status": "completed"}).encode(), "application/json"
    )
    assert bad and bad[0].validator == "required"
