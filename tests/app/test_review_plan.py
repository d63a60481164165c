"""What a run posts, given findings, the diff and the comments already on the PR."""

from __future__ import annotations

from goleash.bot.comment_body import Links, mark_fixed, render
from goleash.bot.mapping import FileDiff, LineIndex
from goleash.bot.markers import fingerprint_in, fingerprint_marker, fixed_in
from goleash.bot.review_plan import ExistingComment, plan_review
from goleash.rules.model import Finding, Fix, Related, Severity, Span, TextEdit

CONTENT = b"".join(f"line{i}\n".encode() for i in range(1, 41))
DIFFS = {"p/a.go": FileDiff("p/a.go", (range(5, 15),))}


def f(line, fp, path="p/a.go", sev=Severity.WARNING, related=(), fixes=()):
    return Finding("GL001", sev, f"consequence {fp}", Span(path, line, 1, line, 3), [Related(s, "evidence") for s in related], list(fixes), fp)


def bot_comment(cid, fp, body_extra="", path="p/a.go", user_type="Bot"):
    return ExistingComment(cid, f"text\n{body_extra}\n{fingerprint_marker(fp)}", path, "goleash[bot]", user_type)


def plan(findings, existing=(), cap=25, analyzed=frozenset({"p"}), head_paths=frozenset({"p/a.go"})):
    return plan_review(findings, DIFFS, {"p/a.go": CONTENT}, list(existing), set(analyzed), None if head_paths is None else set(head_paths), cap)


def test_in_diff_findings_become_new_comments_and_others_go_to_the_summary():
    p = plan([f(6, "a"), f(30, "b"), f(2, "c", path="p/b.go")])
    assert [i.finding.fingerprint for i in p.new] == ["a"]
    assert [x.fingerprint for x in p.outside_diff] == ["b", "c"]
    assert p.in_diff == [p.new[0].finding]


def test_already_posted_fingerprints_are_not_posted_again():
    p = plan([f(6, "a"), f(7, "b")], existing=[bot_comment(1, "a")])
    assert [i.finding.fingerprint for i in p.new] == ["b"]
    assert [x.fingerprint for x in p.already_posted] == ["a"]
    assert p.fixed == []


def test_a_humans_quote_of_the_marker_does_not_count_as_posted():
    p = plan([f(6, "a")], existing=[bot_comment(1, "a", user_type="User")])
    assert [i.finding.fingerprint for i in p.new] == ["a"]


def test_gone_findings_are_fixed_only_where_this_run_looked():
    existing = [bot_comment(1, "gone"), bot_comment(2, "elsewhere", path="q/b.go"), bot_comment(3, "deleted", path="r/c.go")]
    p = plan([f(6, "a")], existing=existing, head_paths={"p/a.go", "q/b.go"})
    assert [c.id for c in p.fixed] == [1, 3]


def test_without_a_tree_listing_nothing_outside_the_analysed_packages_is_fixed():
    p = plan([], existing=[bot_comment(1, "gone", path="q/b.go")], analyzed=set(), head_paths=None)
    assert p.fixed == []


def test_comments_already_marked_fixed_are_left_alone_and_a_regression_is_posted_anew():
    fixed = ExistingComment(1, mark_fixed(f"x\n{fingerprint_marker('a')}", "abc"), "p/a.go", "goleash[bot]", "Bot")
    assert fixed.is_fixed and fixed.fingerprint == "a"
    p = plan([f(6, "a")], existing=[fixed])
    assert [i.finding.fingerprint for i in p.new] == ["a"]
    assert p.fixed == []


def test_cap_keeps_the_most_severe_and_lists_the_rest():
    findings = [f(5 + i, f"w{i}") for i in range(4)] + [f(12, "e", sev=Severity.ERROR)]
    p = plan(findings, cap=2)
    assert {i.finding.fingerprint for i in p.new} == {"e", "w0"}
    assert [x.fingerprint for x in p.over_cap] == ["w1", "w2", "w3"]
    assert len(p.in_diff) == 5


def test_related_outside_finding_is_attached_as_evidence():
    inside = f(6, "in", related=[Span("p/b.go", 20, 1, 20, 4)])
    outside = f(20, "out", path="p/b.go")
    p = plan([inside, outside])
    assert [o.fingerprint for o in p.new[0].also] == ["out"]
    assert p.outside_diff == []


def test_overlapping_suggestions_keep_only_the_first():
    idx = LineIndex(CONTENT)
    fix = Fix("x", (TextEdit("p/a.go", idx.line_start(7), idx.line_start(7) + 1, "L"),))
    p = plan([f(7, "a", sev=Severity.ERROR, fixes=[fix]), f(7, "b", fixes=[fix])])
    by_fp = {i.finding.fingerprint: i.placement for i in p.new}
    assert by_fp["a"].suggestion is not None
    assert by_fp["b"].suggestion is None and by_fp["b"].line == 7


class FakeRule:
    title = "Unsynchronized map write"
    why = "Concurrent map writes crash the process with `fatal error: concurrent map writes`."
    docs_url = "https://example.test/docs/rules/GL001.md"


def test_comment_body_has_everything_the_reader_needs():
    idx = LineIndex(CONTENT)
    fix = Fix("guard with mu", (TextEdit("p/a.go", idx.line_start(7), idx.line_start(7), "mu.Lock() // ```\n"),))
    finding = f(7, "fp123", sev=Severity.ERROR, related=[Span("p/a.go", 30, 1, 31, 2)], fixes=[fix])
    p = plan([finding])
    links = Links("https://github.com/o/r", "c0ffee" * 6 + "abcd")
    body = render(finding, FakeRule(), p.new[0].placement, links)
    assert "GL001 · Unsynchronized map write" in body
    assert "consequence fp123" in body
    assert "[`p/a.go:30-31`](https://github.com/o/r/blob/" + links.sha + "/p/a.go#L30-L31) — evidence" in body
    assert "````suggestion\nmu.Lock() // ```\nline7\n````" in body  # fence longer than the text's backticks
    assert "**Suggested fix:** guard with mu" in body
    assert FakeRule.why in body and FakeRule.docs_url in body
    assert fingerprint_in(body) == "fp123"
    fixed = mark_fixed(body, links.sha)
    assert fixed.startswith("✅ **Fixed in c0ffeec0ffee**")
    assert "````go\nmu.Lock()" in fixed
    assert "````suggestion" not in fixed
    assert fixed_in(fixed) == links.sha and fingerprint_in(fixed) == "fp123"


def test_fix_outside_the_diff_is_mentioned_not_suggested():
    idx = LineIndex(CONTENT)
    fix = Fix("move the Add", (TextEdit("p/a.go", idx.line_start(30), idx.line_start(30), "x\n"),))
    finding = f(7, "fp", fixes=[fix])
    p = plan([finding])
    body = render(finding, None, p.new[0].placement, Links("https://h/o/r", "s" * 40))
    assert "```suggestion" not in body
    assert "A verified fix exists** (move the Add)" in body
