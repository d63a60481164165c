"""The command line in-process, with a fake engine and registry: exit codes, messages, filters."""

from __future__ import annotations

import io
import json
import os
import subprocess

import pytest
from cli_helpers import RULES, map_finding, span, warning_finding

from goleash.rules import cli
from goleash.rules.model import FileError, Finding, Report, Severity


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("goleash: error: "), err
    return lines[0]


@pytest.fixture
def gofile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.go").write_text("package main\n")
    return tmp_path


def test_no_findings_exit_0(capsys, fake_catalog, fake_engine, gofile):
    fake_engine.report = Report([], [], 1, 1)
    code, out, err = run(capsys, "check")
    assert (code, out, err) == (0, "0 findings (0 errors, 0 warnings) in 1 file\n", "")
    assert fake_engine.calls == [(["."], None)]


def test_findings_exit_1(capsys, fake_catalog, fake_engine, gofile):
    fake_engine.report = Report([warning_finding()], [], 1, 1)
    code, out, _ = run(capsys, "check", "main.go")
    assert code == 1
    assert out.startswith("main.go:5:2: warning [wg-add-in-goroutine] ")


def test_file_errors_are_warnings(capsys, fake_catalog, fake_engine, gofile):
    fake_engine.report = Report([], [FileError("bad.go", "syntax error at 2:1")], 1, 1)
    code, _, err = run(capsys, "check")
    assert code == 0
    assert err == "goleash: warning: bad.go: syntax error at 2:1\n"


def test_nothing_analysed_is_an_error(capsys, fake_catalog, fake_engine, gofile):
    fake_engine.report = Report([], [FileError("bad.go", "binary file")], 0, 0)
    code, _, err = run(capsys, "check")
    assert code == 2
    assert err.splitlines() == ["goleash: warning: bad.go: binary file", "goleash: error: no file could be analysed"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["check", "nope/"], "no such file or directory: nope/"),
        (["check", "--format", "xml"], "invalid choice: 'xml'"),
        (["check", "--rule", "nope"], "unknown rule 'nope'; valid rules: map-concurrent-write, wg-add-in-goroutine, lonely-info"),
        (["check", "--diff", "missing.diff"], "cannot read diff missing.diff"),
        (["check", "--diff", "x", "--base", "HEAD"], "not allowed with argument"),
        (["explain", "nope"], "unknown rule 'nope'; valid rules: map-concurrent-write"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "a command is required"),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, fake_catalog, fake_engine, gofile, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in one_error_line(err)
    assert fake_engine.calls == []


def test_bad_diff_exit_2(capsys, fake_catalog, fake_engine, gofile):
    (gofile / "x.diff").write_text("hello, not a diff\n")
    code, _, err = run(capsys, "check", "--diff", "x.diff")
    assert code == 2 and "not a unified diff" in one_error_line(err)


def test_engine_crash_is_exit_2_not_1(capsys, fake_catalog, monkeypatch, gofile):
    def boom(paths, rules, verify_fixes=True):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli, "_analyze_paths", boom)
    code, _, err = run(capsys, "check")
    assert code == 2 and "internal error: RuntimeError: kaboom" in one_error_line(err)


def test_engine_error_message_passed_through(capsys, fake_catalog, monkeypatch, gofile):
    from goleash.rules.engine import EngineError

    def refuse(paths, rules, verify_fixes=True):
        raise EngineError("x: not allowed")

    monkeypatch.setattr(cli, "_analyze_paths", refuse)
    code, _, err = run(capsys, "check")
    assert code == 2 and one_error_line(err) == "goleash: error: x: not allowed"


def test_rule_selection_reaches_engine_and_output(capsys, fake_catalog, fake_engine, gofile):
    fake_engine.report = Report([map_finding(), warning_finding()], [], 1, 1)
    code, out, _ = run(capsys, "check", "--rule", "wg-add-in-goroutine", "--rule", "lonely-info", "--format", "json")
    assert fake_engine.calls == [(["."], ["wg-add-in-goroutine", "lonely-info"])]
    assert code == 1
    assert [f["rule_id"] for f in json.loads(out)["findings"]] == ["wg-add-in-goroutine"]


def test_diff_from_stdin(capsys, fake_catalog, fake_engine, gofile, monkeypatch):
    fake_engine.report = Report([warning_finding("main.go", 5), warning_finding("main.go", 6)], [], 1, 1)
    diff = "--- a/main.go\n+++ b/main.go\n@@ -5,0 +6 @@\n+added\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(diff))
    code, out, _ = run(capsys, "check", "--diff", "-", "--format", "json")
    assert code == 1
    assert [f["span"]["start_line"] for f in json.loads(out)["findings"]] == [6]


def test_with_a_diff_only_the_patches_of_findings_about_the_change_are_verified(capsys, fake_catalog, fake_engine, gofile):
    on, off = warning_finding("main.go", 6), warning_finding("main.go", 5)
    fake_engine.report = Report([on, off], [], 1, 1)
    (gofile / "c.diff").write_text("--- a/main.go\n+++ b/main.go\n@@ -5,0 +6 @@\n+added\n")
    run(capsys, "check", "--diff", "c.diff")
    assert fake_engine.verify_fixes(on) and not fake_engine.verify_fixes(off)
    run(capsys, "check")
    assert fake_engine.verify_fixes is True


def test_diff_with_no_matching_lines_exits_0(capsys, fake_catalog, fake_engine, gofile):
    fake_engine.report = Report([warning_finding("main.go", 5)], [], 1, 1)
    (gofile / "c.diff").write_text("--- a/main.go\n+++ b/main.go\n@@ -1 +1 @@\n-x\n+y\n")
    code, out, _ = run(capsys, "check", "--diff", "c.diff")
    assert code == 0 and out.startswith("0 findings")


def test_sarif_via_cli_validates(capsys, fake_catalog, fake_engine, gofile):
    import jsonschema

    from goleash.rules.output.sarif import load_schema

    fake_engine.report = Report([map_finding(), warning_finding()], [FileError("b.go", "too large")], 2, 9)
    code, out, _ = run(capsys, "check", "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    jsonschema.validators.validator_for(load_schema())(load_schema()).validate(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["wg-add-in-goroutine", "map-concurrent-write"]
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == [r.id for r in RULES]


def test_rules_explain_docs(capsys, fake_catalog, tmp_path):
    code, out, _ = run(capsys, "rules")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["ID", "SEVERITY", "FAMILY", "TITLE"]
    assert lines[1].split()[:2] == ["map-concurrent-write", "error"]
    assert "Maps and variables shared between goroutines" in lines[1]
    assert len(lines) == 1 + len(RULES)

    code, out, _ = run(capsys, "explain", "wg-add-in-goroutine")
    assert code == 0 and out == RULES[1].markdown()

    code, out, _ = run(capsys, "docs", "--out", str(tmp_path / "d"))
    assert code == 0
    names = sorted(p.name for p in (tmp_path / "d").iterdir())
    assert names == sorted(["README.md"] + [f"{r.id}.md" for r in RULES])
    index = (tmp_path / "d" / "README.md").read_text()
    for r in RULES:
        assert f"| [{r.id}]({r.id}.md) | {r.severity.value} | {r.family_name} | {r.title} |" in index
        page = (tmp_path / "d" / f"{r.id}.md").read_text()
        assert page.endswith(r.markdown())  # same text as `explain` and review comments


# --base against a real temporary git repository -----------------------------------------


def git(repo, *args):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    r = tmp_path / "repo"
    (r / "pkg").mkdir(parents=True)
    (r / "pkg" / "a.go").write_text("package pkg\n\nfunc f() {\n\told()\n}\n")
    (r / "pkg" / "moved.go").write_text("package pkg\n\n" + "".join(f"var v{i} = {i}\n" for i in range(12)))
    git(r, "init", "-q", "-b", "main")
    git(r, "add", ".")
    git(r, "commit", "-q", "-m", "base")
    # Working-tree changes since HEAD: an edited line, an added line, a rename with one edit.
    (r / "pkg" / "a.go").write_text("package pkg\n\nfunc f() {\n\tnewer()\n\tadded()\n}\n")
    git(r, "mv", "pkg/moved.go", "pkg/renamed.go")
    text = (r / "pkg" / "renamed.go").read_text().replace("var v5 = 5", "var v5 = 55")
    (r / "pkg" / "renamed.go").write_text(text)
    monkeypatch.chdir(r / "pkg")  # findings are relative to cwd, the diff to the repo root
    return r


def test_base_keeps_only_changed_lines(capsys, fake_catalog, fake_engine, repo):
    fake_engine.report = Report(
        [Finding("r", Severity.ERROR, "m", span("a.go", n, 2)) for n in (1, 3, 4, 5, 6)]
        + [Finding("r", Severity.ERROR, "m", span("renamed.go", n, 2)) for n in (7, 8, 9)],
        [],
        2,
        20,
    )
    code, out, err = run(capsys, "check", "--base", "HEAD", "--format", "json", ".")
    assert err == "" and code == 1
    kept = [(f["span"]["path"], f["span"]["start_line"]) for f in json.loads(out)["findings"]]
    assert kept == [("a.go", 4), ("a.go", 5), ("renamed.go", 8)]


def test_base_no_changes_exit_0(capsys, fake_catalog, fake_engine, repo):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "second")
    fake_engine.report = Report([Finding("r", Severity.ERROR, "m", span("a.go", 4, 2))], [], 1, 1)
    code, out, _ = run(capsys, "check", "--base", "HEAD")
    assert code == 0 and out.startswith("0 findings")


@pytest.mark.parametrize("ref", ["no-such-branch", "HEAD~5", "--output=/tmp/x"])
def test_base_bad_ref(capsys, fake_catalog, fake_engine, repo, ref):
    code, _, err = run(capsys, "check", f"--base={ref}")
    assert code == 2 and f"git ref: {ref}" in one_error_line(err)
    assert fake_engine.calls == []


def test_base_outside_git_repo(capsys, fake_catalog, fake_engine, tmp_path, monkeypatch):
    d = tmp_path / "plain"
    d.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(d)
    code, _, err = run(capsys, "check", "--base", "main")
    assert code == 2 and f"not a git repository: {d}" in one_error_line(err)
