"""Findings to inline comments: hunks, placements and suggestion blocks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from goleash.bot.mapping import FileDiff, LineIndex, Placement, parse_patch, place, related, suggestion_for
from goleash.rules.fixes import apply_edits
from goleash.rules.model import Finding, Fix, Related, Severity, Span, TextEdit

PATCH = """@@ -1,4 +1,6 @@
 package p
+
+import "sync"
 
 var m = map[string]int{}
 
@@ -10,3 +12,4 @@ func f() {
 	a()
+	b()
 	c()
 }"""


def finding(path="p.go", line=3, end_line=None, fixes=(), related_spans=(), fp="fp1", sev=Severity.ERROR):
    return Finding(
        rule_id="GL001",
        severity=sev,
        message="m",
        span=Span(path, line, 1, end_line or line, 2),
        related=[Related(s, "r") for s in related_spans],
        fixes=list(fixes),
        fingerprint=fp,
    )


def test_parse_patch_gives_right_side_ranges_per_hunk():
    d = parse_patch("p.go", PATCH)
    assert d.hunks == (range(1, 7), range(12, 16))
    assert d.hunk_of(2, 6) == range(1, 7)
    assert d.hunk_of(6, 12) is None
    assert d.hunk_of(7, 7) is None


def test_missing_patch_means_nothing_is_commentable():
    assert parse_patch("bin.go", None).hunks == ()
    assert parse_patch("x.go", "").hunks == ()


def test_deletion_only_hunk_has_no_right_lines():
    d = parse_patch("p.go", "@@ -3,2 +2,0 @@\n-a\n-b")
    assert d.hunks == ()


def test_line_index():
    idx = LineIndex(b"ab\ncd\n\nef")
    assert idx.line_count == 4
    assert [idx.line_of(o) for o in (0, 2, 3, 6, 7, 9)] == [1, 1, 2, 3, 4, 4]
    assert idx.line_start(2) == 3 and idx.line_end(2) == 6 and idx.line_end(4) == 9
    assert LineIndex(b"a\n").line_count == 1
    assert LineIndex(b"").line_count == 0


CONTENT = b"line1\nline2\nline3\nline4\nline5\n"
DIFF = FileDiff("p.go", (range(2, 5),))


def off(line, col=0):
    return LineIndex(CONTENT).line_start(line) + col


def test_single_line_suggestion():
    fix = Fix("rename", (TextEdit("p.go", off(3), off(3) + 5, "LINE3"),))
    s = suggestion_for(fix, "p.go", CONTENT, DIFF)
    assert (s.start_line, s.end_line, s.text) == (3, 3, "LINE3")


def test_insertion_before_a_line_replaces_that_line_with_both():
    fix = Fix("lock", (TextEdit("p.go", off(3), off(3), "mu.Lock()\n"),))
    s = suggestion_for(fix, "p.go", CONTENT, DIFF)
    assert (s.start_line, s.end_line, s.text) == (3, 3, "mu.Lock()\nline3")


def test_multi_line_edits_span_their_lines():
    fix = Fix("two", (TextEdit("p.go", off(2), off(2) + 1, "L"), TextEdit("p.go", off(4, 4), off(4, 5), "!")))
    s = suggestion_for(fix, "p.go", CONTENT, DIFF)
    assert (s.start_line, s.end_line, s.text) == (2, 4, "Line2\nline3\nline!")


def test_emptying_a_line_keeps_one_empty_line():
    fix = Fix("blank", (TextEdit("p.go", off(3), off(3) + 5, ""),))
    s = suggestion_for(fix, "p.go", CONTENT, DIFF)
    assert (s.start_line, s.end_line, s.lines) == (3, 3, ("",))


def test_deleting_whole_lines_gives_an_empty_suggestion():
    fix = Fix("drop", (TextEdit("p.go", off(3), off(4), ""),))
    s = suggestion_for(fix, "p.go", CONTENT, DIFF)
    assert (s.start_line, s.end_line, s.lines) == (3, 3, ())


def test_joining_with_the_next_line_takes_that_line_in():
    fix = Fix("join", (TextEdit("p.go", off(3, 5), off(4), " "),))
    s = suggestion_for(fix, "p.go", CONTENT, DIFF)
    assert (s.start_line, s.end_line, s.text) == (3, 4, "line3 line4")


def test_fix_outside_the_hunk_is_no_suggestion():
    assert suggestion_for(Fix("x", (TextEdit("p.go", off(1), off(1) + 1, "L"),)), "p.go", CONTENT, DIFF) is None
    assert suggestion_for(Fix("x", (TextEdit("p.go", off(4), off(5) + 1, "L"),)), "p.go", CONTENT, DIFF) is None


def test_fix_in_another_file_or_empty_is_no_suggestion():
    assert suggestion_for(Fix("x", (TextEdit("q.go", 0, 1, "L"),)), "p.go", CONTENT, DIFF) is None
    assert suggestion_for(Fix("x", ()), "p.go", CONTENT, DIFF) is None
    mixed = Fix("x", (TextEdit("p.go", off(3), off(3), "a"), TextEdit("q.go", 0, 0, "b")))
    assert suggestion_for(mixed, "p.go", CONTENT, DIFF) is None


def test_no_op_fix_is_no_suggestion():
    assert suggestion_for(Fix("x", (TextEdit("p.go", off(3), off(3) + 5, "line3"),)), "p.go", CONTENT, DIFF) is None


def test_two_hunks_cannot_share_one_suggestion():
    diff = FileDiff("p.go", (range(2, 4), range(4, 6)))
    fix = Fix("x", (TextEdit("p.go", off(3), off(3) + 1, "L"), TextEdit("p.go", off(4), off(4) + 1, "L")))
    assert suggestion_for(fix, "p.go", CONTENT, diff) is None


def test_place_in_hunk_with_suggestion_anchors_on_the_suggestion_lines():
    fix = Fix("two", (TextEdit("p.go", off(2), off(2) + 1, "L"), TextEdit("p.go", off(4), off(4) + 1, "L")))
    p = place(finding(line=3, fixes=[fix]), {"p.go": DIFF}, {"p.go": CONTENT})
    assert p.api_fields() == {"path": "p.go", "line": 4, "side": "RIGHT", "start_line": 2, "start_side": "RIGHT"}
    assert p.suggestion.text == "Line2\nline3\nLine4"


def test_place_without_fix_is_single_line():
    p = place(finding(line=3), {"p.go": DIFF}, {"p.go": CONTENT})
    assert p == Placement("p.go", 3)
    assert p.api_fields() == {"path": "p.go", "line": 3, "side": "RIGHT"}


def test_place_outside_hunk_or_unchanged_file_is_none():
    assert place(finding(line=1), {"p.go": DIFF}, {"p.go": CONTENT}) is None
    assert place(finding(path="q.go"), {"p.go": DIFF}, {}) is None


def test_fix_outside_the_diff_still_places_the_comment_without_suggestion():
    fix = Fix("far", (TextEdit("p.go", off(5), off(5) + 1, "L"),))
    p = place(finding(line=3, fixes=[fix]), {"p.go": DIFF}, {"p.go": CONTENT})
    assert p == Placement("p.go", 3)


def test_related_findings_share_a_line():
    a = finding(line=3, related_spans=[Span("q.go", 10, 1, 10, 2)])
    b = finding(path="q.go", line=10)
    c = finding(path="q.go", line=11)
    assert related(a, b) and related(b, a)
    assert not related(a, c)


# -- property: applying the suggestion to its lines == applying the fix to the file -------

lines_st = st.lists(st.text(alphabet="ab\t {}()", max_size=8), min_size=1, max_size=12)


@st.composite
def file_and_fix(draw):
    lines = draw(lines_st)
    content = ("\n".join(lines) + "\n").encode()
    n_edits = draw(st.integers(1, 3))
    points = sorted(draw(st.lists(st.integers(0, len(content)), min_size=2 * n_edits, max_size=2 * n_edits)))
    edits = []
    for i in range(n_edits):
        a, b = points[2 * i], points[2 * i + 1]
        if edits and a < edits[-1].end_byte:
            continue
        edits.append(TextEdit("f.go", a, b, draw(st.text(alphabet="xy\n", max_size=6))))
    first = draw(st.integers(1, len(lines)))
    last = draw(st.integers(first, len(lines)))
    return content, Fix("f", tuple(edits)), FileDiff("f.go", (range(first, last + 1),))


@hsettings(max_examples=400, deadline=None)
@given(file_and_fix())
def test_suggestion_reproduces_the_fix(case):
    content, fix, diff = case
    s = suggestion_for(fix, "f.go", content, diff)
    if s is None:
        return
    assert diff.hunk_of(s.start_line, s.end_line) is not None
    lines = content.decode().split("\n")[:-1]
    new_lines = lines[: s.start_line - 1] + list(s.lines) + lines[s.end_line :]
    applied_by_github = "".join(line + "\n" for line in new_lines)
    expected = apply_edits(content, fix.edits).decode()
    if expected and not expected.endswith("\n") and s.end_line == len(lines):
        expected += "\n"  # a suggestion always leaves whole lines behind
    assert applied_by_github == expected
