from __future__ import annotations

from goleash.bot import check_output
from goleash.bot.comment_body import Links
from goleash.bot.mapping import Placement
from goleash.bot.review_plan import Inline, ReviewPlan
from goleash.rules.model import FileError, Finding, Severity, Span


def f(sev, line=1, fp="x"):
    return Finding("GL002", sev, "leaks a goroutine | per request", Span("a.go", line, 3, line, 9), [], [], fp)


def test_conclusion_by_threshold():
    assert check_output.conclusion([], "error") == "success"
    assert check_output.conclusion([f(Severity.WARNING)], "error") == "neutral"
    assert check_output.conclusion([f(Severity.ERROR)], "error") == "failure"
    assert check_output.conclusion([f(Severity.WARNING)], "warning") == "failure"
    assert check_output.conclusion([f(Severity.ERROR)], "never") == "neutral"


def test_annotations_are_batched_by_50_with_columns_only_on_one_line():
    anns = check_output.annotations([f(Severity.ERROR, line=i) for i in range(1, 121)], {"GL002": "Leak"})
    assert anns[0] == {
        "path": "a.go",
        "start_line": 1,
        "end_line": 1,
        "annotation_level": "failure",
        "title": "GL002: Leak",
        "message": "leaks a goroutine | per request",
        "start_column": 3,
        "end_column": 9,
    }
    assert [len(b) for b in check_output.batches(anns)] == [50, 50, 20]
    assert check_output.batches([]) == [[]]
    multi = Finding("GL002", Severity.INFO, "m", Span("a.go", 1, 3, 4, 1), [], [], "y")
    assert "start_column" not in check_output.annotations([multi])[0]


def test_summary_is_a_table_and_stays_under_githubs_limit():
    plan = ReviewPlan(new=[Inline(f(Severity.ERROR), Placement("a.go", 1))], outside_diff=[f(Severity.INFO, 9, "o")])
    text = check_output.summary(plan, Links("https://h/o/r", "a" * 40), [FileError("b.go", "syntax")], 3, [])
    assert "| Severity | Rule | Location | Consequence | Where |" in text
    assert "leaks a goroutine \\| per request" in text
    assert "inline (new)" in text and "outside diff" in text and "`b.go`: syntax" in text
    huge = ReviewPlan(outside_diff=[f(Severity.INFO, i, str(i)) for i in range(3000)])
    assert len(check_output.summary(huge, Links("https://h/o/r", "a" * 40), [], 1, [])) <= 65535
    assert check_output.title(plan) == "goleash: 1 error in the changed lines"


def test_fit_counts_utf8_bytes_and_never_splits_a_character():
    wide = "| ⛔ error | ⚠️ warning | é |\n" * 4000  # far more bytes than characters
    assert len(wide) < 2 * 65535 and len(wide.encode()) > 65535
    out = check_output.fit(wide)
    assert len(out.encode()) <= 65535
    assert out.endswith(check_output.TRUNCATED)
    assert out[: -len(check_output.TRUNCATED)].endswith("|")  # cut at a row's end
    for limit in range(40, 80):  # every cut point inside a multi-byte character
        small = check_output.fit("⛔é😀" * 30, limit, note="…")
        assert len(small.encode()) <= limit and small.endswith("…")
        small.encode().decode("utf-8")  # strict: no half character survived
    assert check_output.fit("short") == "short"


def test_a_summary_of_wide_rows_fits_in_bytes_with_what_is_prepended():
    plan = ReviewPlan(
        outside_diff=[Finding("GL002", Severity.ERROR, "ゴルーチンがリークする " * 8, Span("a.go", i, 1, i, 2), [], [], str(i)) for i in range(1500)]
    )
    text = check_output.summary(plan, Links("https://h/o/r", "a" * 40), [], 1, [])
    assert len(text.encode()) <= 65535 and text.endswith(check_output.TRUNCATED)
    assert len(text) < 40_000  # cut by characters it would have kept 65,535 of them
    sent = check_output.fit("**GitHub rejected some inline comments** ⚠️\n\n" + text)
    assert len(sent.encode()) <= 65535
