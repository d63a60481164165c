"""Text output: locations, evidence, fixes as exact unified diffs, summary, colour."""

from __future__ import annotations

import pytest
from cli_helpers import GO_SRC, map_finding, warning_finding

from goleash.rules.model import Fix, Report, TextEdit
from goleash.rules.output import RenderContext
from goleash.rules.output.sources import EditError, apply_edits, dict_reader, fix_diff
from goleash.rules.output.text import render_text

EXPECTED_FIX_DIFF = """\
--- a/main.go
+++ b/main.go
@@ -1,8 +1,9 @@
 package main
 
 func main() {
+\tvar mu sync.Mutex
 \tm := map[string]int{}
 \tfor _, k := range []string{"a", "b"} {
-\t\tgo func() { m[k] = 1 }()
+\t\tgo func() { mu.Lock(); m[k] = 1; mu.Unlock() }()
 \t}
 }
"""


def test_fix_diff_is_exact(ctx):
    assert fix_diff(map_finding().fixes[0], ctx.read_source) == EXPECTED_FIX_DIFF


def test_text_report_layout(ctx, report):
    out = render_text(report, ctx)
    assert out == (
        "main.go:5:2: warning [wg-add-in-goroutine] wg.Add races with wg.Wait\n"
        "main.go:6:15: error [map-concurrent-write] concurrent map writes crash the process\n"
        "    evidence: main.go:6:3: goroutine started here, once per iteration\n"
        "    evidence: main.go:4:2: map declared here\n"
        "    fix: Guard m with a sync.Mutex\n" + EXPECTED_FIX_DIFF + "2 findings (1 error, 1 warning) in 2 files\n"
    )
    assert "\x1b[" not in out


def test_summary_singular_and_info(ctx):
    info = warning_finding()
    info.severity = info.severity.INFO
    out = render_text(Report([info], [], 1, 3), ctx)
    assert out.splitlines()[-1] == "1 finding (0 errors, 0 warnings, 1 info) in 1 file"
    assert render_text(Report([], [], 0, 0), ctx) == "0 findings (0 errors, 0 warnings) in 0 files\n"


def test_colour_only_when_asked(ctx, report):
    ctx.color = True
    out = render_text(report, ctx)
    assert "\x1b[1;31merror\x1b[0m" in out
    assert "\x1b[32m+\t\tgo func() { mu.Lock()" in out
    # File headers are not painted as added/removed lines.
    assert "\n--- a/main.go\n+++ b/main.go\n" in out


def test_unreadable_fix_is_reported_not_fatal():
    ctx = RenderContext(read_source=dict_reader({}), cwd="/r", srcroot="/r")
    out = render_text(Report([map_finding()], [], 1, 1), ctx)
    assert "    fix: Guard m with a sync.Mutex (diff unavailable: cannot read main.go)" in out
    assert "--- a/" not in out


def test_apply_edits_rejects_overlap_and_out_of_range():
    with pytest.raises(EditError):
        apply_edits(b"abcdef", [TextEdit("f", 0, 3, "x"), TextEdit("f", 2, 4, "y")])
    with pytest.raises(EditError):
        apply_edits(b"abc", [TextEdit("f", 2, 9, "x")])
    assert apply_edits(b"abcdef", [TextEdit("f", 4, 6, "Z"), TextEdit("f", 0, 0, ">")]) == b">abcdZ"


def test_fix_over_two_files_and_missing_final_newline():
    files = {"b.go": b"package b\nvar x = 1", "a.go": GO_SRC}
    fix = Fix("two files", (TextEdit("b.go", 18, 19, "2"), TextEdit("a.go", 0, 7, "package")))
    diff = fix_diff(fix, dict_reader(files), context=1)
    # a.go is unchanged text (same bytes replaced), so only b.go shows, with the EOF marker.
    assert diff == (
        "--- a/b.go\n+++ b/b.go\n@@ -1,2 +1,2 @@\n package b\n-var x = 1\n\\ No newline at end of file\n+var x = 2\n\\ No newline at end of file\n"
    )
