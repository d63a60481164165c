"""End to end: the installed `goleash` console script on real Go files, with the real rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from goleash.rules.catalog import get_rule
from goleash.rules.output.sarif import load_schema

# These need the real map rule; until it is registered they skip (and say so in -ra output).
pytestmark = pytest.mark.skipif(get_rule("map-concurrent-write") is None, reason="rule map-concurrent-write is not registered yet")

GO_MOD = "module example.com/race\n\ngo 1.22\n"

RACY = """\
package main

import "fmt"

func main() {
\tm := map[string]int{}
\tfor _, k := range []string{"a", "b", "c"} {
\t\tgo func() {
\t\t\tm[k] = len(k)
\t\t}()
\t}
\tfmt.Println(len(m))
}
"""
RACY_LINES = {8, 9}  # the `go` statement or the write itself

# Before the change: no goroutine, no map. RACY then adds every line of the race.
PLAIN = """\
package main

import "fmt"

func main() {
\tfmt.Println(0)
}
"""

SAFE = """\
package main

import (
\t"fmt"
\t"sync"
)

func main() {
\tvar mu sync.Mutex
\tvar wg sync.WaitGroup
\tm := map[string]int{}
\tfor _, k := range []string{"a", "b", "c"} {
\t\twg.Add(1)
\t\tgo func() {
\t\t\tdefer wg.Done()
\t\t\tmu.Lock()
\t\t\tm[k] = len(k)
\t\t\tmu.Unlock()
\t\t}()
\t}
\twg.Wait()
\tfmt.Println(len(m))
}
"""


def goleash(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    script = Path(sys.executable).parent / "goleash"
    if not script.exists():
        pytest.fail(f"{script} missing: install the project (pip install -e '.[dev]')")
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([str(script), *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=env, timeout=300)


def write_module(root: Path, main_go: str) -> Path:
    (root / "cmd").mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text(GO_MOD)
    (root / "cmd" / "main.go").write_text(main_go)
    return root


def map_findings(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["rule_id"] == "map-concurrent-write"]


def test_racy_map_write_is_found(tmp_path):
    write_module(tmp_path, RACY)
    proc = goleash("check", ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    heads = [ln for ln in proc.stdout.splitlines() if "[map-concurrent-write]" in ln]
    assert heads, proc.stdout
    path, line, col, _ = heads[0].split(":", 3)
    assert path == "cmd/main.go" and int(line) in RACY_LINES and int(col) >= 1
    assert proc.stdout.splitlines()[-1].endswith("in 1 file")


def test_locked_map_write_is_clean(tmp_path):
    write_module(tmp_path, SAFE)
    proc = goleash("check", "--rule", "map-concurrent-write", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("0 findings")


def test_json_and_sarif(tmp_path):
    write_module(tmp_path, RACY)
    data = json.loads(goleash("check", "--format", "json", cwd=tmp_path).stdout)
    [finding] = map_findings(data)
    assert finding["span"]["path"] == "cmd/main.go" and finding["fingerprint"]

    proc = goleash("check", "--format", "sarif", cwd=tmp_path)
    assert proc.returncode == 1
    log = json.loads(proc.stdout)
    schema = load_schema()
    jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    run = log["runs"][0]
    [result] = [r for r in run["results"] if r["ruleId"] == "map-concurrent-write"]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "map-concurrent-write"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "cmd/main.go"
    assert result["partialFingerprints"]["goleash/v1"] == finding["fingerprint"]


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_base_reports_new_race_but_not_old_one(tmp_path):
    write_module(tmp_path, PLAIN)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "plain")

    # The change introduces the race: reported.
    (tmp_path / "cmd" / "main.go").write_text(RACY)
    proc = goleash("check", "--base", "HEAD", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert len(map_findings(json.loads(proc.stdout))) == 1

    # The race is old and the change only appends a function: not reported.
    git(tmp_path, "commit", "-q", "-am", "racy")
    (tmp_path / "cmd" / "main.go").write_text(RACY + "\nfunc unrelated() int { return 1 }\n")
    proc = goleash("check", "--base", "HEAD", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    # Same thing given as a diff on stdin, from a subdirectory.
    diff = subprocess.run(["git", "diff", "HEAD~1"], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    proc = goleash("check", "--diff", "-", ".", cwd=tmp_path / "cmd", stdin=diff)
    assert proc.returncode == 1 and "main.go:" in proc.stdout

    proc = goleash("check", "--base", "nope", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.strip() == "goleash: error: unknown git ref: nope"


def test_rules_explain_docs_and_errors(tmp_path):
    proc = goleash("rules", cwd=tmp_path)
    assert proc.returncode == 0 and any(ln.split()[:1] == ["map-concurrent-write"] for ln in proc.stdout.splitlines())
    proc = goleash("explain", "map-concurrent-write", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("# map-concurrent-write: ")
    proc = goleash("docs", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 0 and (tmp_path / "out" / "map-concurrent-write.md").is_file()
    assert "(map-concurrent-write.md)" in (tmp_path / "out" / "README.md").read_text()
    proc = goleash("check", "does-not-exist", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr == "goleash: error: no such file or directory: does-not-exist\n"
