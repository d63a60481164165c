"""Diff filtering: keep findings on added lines of the new side, drop the rest."""

from __future__ import annotations

import pytest
from cli_helpers import span

from goleash.rules.model import Finding, Severity
from goleash.rules.output.diff_filter import AddedLines, DiffError, filter_findings, path_keys

DIFF = """\
diff --git a/pkg/a.go b/pkg/a.go
index 1111111..2222222 100644
--- a/pkg/a.go
+++ b/pkg/a.go
@@ -1,6 +1,7 @@
 package pkg
 
 func f() {
-\told()
+\tnew1()
+\tnew2()
 \tcontext()
 }
diff --git a/old/name.go b/new/name.go
similarity index 90%
rename from old/name.go
rename to new/name.go
index 3333333..4444444 100644
--- a/old/name.go
+++ b/new/name.go
@@ -10,2 +10,2 @@
-\tx := 1
+\tx := 2
 \ty := 3
diff --git a/gone.go b/gone.go
deleted file mode 100644
--- a/gone.go
+++ /dev/null
@@ -1,2 +0,0 @@
-package gone
-var x = 1
"""


def f_at(path: str, line: int, end_line: int | None = None) -> Finding:
    return Finding("r", Severity.ERROR, "m", span(path, line, 1, end_line or line, 2))


def kept(findings, diff=DIFF, cwd="/repo", bases=("/repo",)):
    return [(f.span.path, f.span.start_line) for f in filter_findings(findings, AddedLines.parse(diff), cwd, bases)]


def test_added_lines_parsed():
    added = AddedLines.parse(DIFF)
    assert added.lines == {"pkg/a.go": {4, 5}, "new/name.go": {10}}


def test_added_kept_context_and_removed_dropped():
    findings = [f_at("pkg/a.go", n) for n in (1, 3, 4, 5, 6, 7)] + [f_at("other.go", 4)]
    assert kept(findings) == [("pkg/a.go", 4), ("pkg/a.go", 5)]


def test_renamed_file_matches_new_name_only():
    assert kept([f_at("new/name.go", 10), f_at("old/name.go", 10), f_at("new/name.go", 11)]) == [("new/name.go", 10)]


def test_multiline_span_counts_if_any_line_changed():
    assert kept([f_at("pkg/a.go", 2, 4), f_at("pkg/a.go", 6, 7)]) == [("pkg/a.go", 2)]


def test_paths_relative_to_cwd_inside_repo():
    # Running in /repo/pkg: the finding says "a.go", the diff says "pkg/a.go".
    assert kept([f_at("a.go", 4), f_at("./a.go", 5)], cwd="/repo/pkg", bases=["/repo/pkg", "/repo"]) == [
        ("a.go", 4),
        ("./a.go", 5),
    ]
    assert path_keys("../x/a.go", "/repo/pkg", ["/repo"]) == ["../x/a.go", "x/a.go"]


def test_no_prefix_diff_and_plain_diff():
    no_prefix = "--- pkg/a.go\n+++ pkg/a.go\n@@ -1 +1,2 @@\n x\n+y\n"
    assert AddedLines.parse(no_prefix).lines == {"pkg/a.go": {2}}
    # A real directory called b/ is kept when the source side has no a/ prefix.
    plain = "--- b/a.go.orig\n+++ b/a.go\n@@ -1 +1 @@\n-x\n+y\n"
    assert AddedLines.parse(plain).lines == {"b/a.go": {1}}


def test_new_file_and_quoted_name():
    diff = (
        'diff --git a/new.go "b/sp\\303\\251cial \\"q\\".go"\n'
        "new file mode 100644\n"
        "--- /dev/null\n"
        '+++ "b/sp\\303\\251cial \\"q\\".go"\n'
        "@@ -0,0 +1,2 @@\n+package p\n+var x = 1\n"
    )
    assert AddedLines.parse(diff).lines == {'spécial "q".go': {1, 2}}


def test_empty_diff_drops_everything():
    assert kept([f_at("pkg/a.go", 4)], diff="") == []


@pytest.mark.parametrize("bad", ["this is not a diff\n", "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n+only one line\n"])
def test_bad_diff_raises(bad):
    with pytest.raises(DiffError):
        AddedLines.parse(bad)


def test_finding_kept_when_only_its_evidence_changed():
    # A new goroutine (added line 4) races with an old, untouched write (line 7): the finding
    # sits on the old line but is about the change.
    from goleash.rules.model import Related

    about_change = f_at("pkg/a.go", 7)
    about_change.related.append(Related(span("pkg/a.go", 4, 2, 4, 9), "goroutine started here"))
    unrelated = f_at("pkg/a.go", 6)
    unrelated.related.append(Related(span("pkg/a.go", 1, 1, 1, 5), "old evidence"))
    assert kept([about_change, unrelated]) == [("pkg/a.go", 7)]
