"""Posting a review GitHub refuses in part: refused comments isolated in about log2(n) requests."""

from __future__ import annotations

import math

import pytest
from github.GithubException import GithubException

from goleash.bot.mapping import FileDiff
from goleash.workers.review_post import StaleHead, anchorable, post_review

DIFFS = {"a.go": FileDiff("a.go", (range(1, 200),)), "b.go": FileDiff("b.go", (range(10, 20), range(40, 50)))}
ANCHOR_422 = {
    "message": "Unprocessable Entity",
    "errors": ["Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank"],
}


class GitHub:
    """Refuses any review holding a comment on a line in `bad`, as GitHub refuses the whole review."""

    def __init__(self, bad=(), error=ANCHOR_422):
        self.bad, self.error = set(bad), error
        self.reviews: list[tuple[str, list[int]]] = []
        self.calls = 0

    def create(self, body, comments):
        self.calls += 1
        if any(c["line"] in self.bad for c in comments):
            raise GithubException(422, self.error, {})
        self.reviews.append((body, [c["line"] for c in comments]))
        return len(self.reviews)


def comments(n):
    return [{"path": "a.go", "line": i + 1, "side": "RIGHT", "body": f"c{i}"} for i in range(n)]


def test_all_good_is_one_review():
    gh = GitHub()
    out = post_review(gh.create, "body", comments(25), DIFFS, "more")
    assert gh.calls == 1 and gh.reviews == [("body", list(range(1, 26)))] and out.refused == {}


@pytest.mark.parametrize("bad_line", [1, 7, 13, 25])
def test_one_refused_comment_among_25_costs_about_log2_requests(bad_line):
    gh = GitHub(bad={bad_line})
    out = post_review(gh.create, "body", comments(25), DIFFS, "more")
    assert list(out.refused) == [bad_line - 1]
    assert "must be part of the diff" in out.refused[bad_line - 1]
    assert sorted(line for _, lines in gh.reviews for line in lines) == [x for x in range(1, 26) if x != bad_line]
    assert gh.calls <= 2 * math.ceil(math.log2(25)) + 1 < 25
    assert gh.reviews[0][0] == "body" and all(b == "more" for b, _ in gh.reviews[1:])


def test_several_refused_comments_are_all_found():
    bad = {2, 3, 17, 24}
    gh = GitHub(bad=bad)
    out = post_review(gh.create, "body", comments(24), DIFFS, "more")
    assert {i + 1 for i in out.refused} == bad
    assert len(out.posted) == 20 and gh.calls < 24


def test_comments_outside_the_hunks_are_kept_back_without_a_request():
    cs = [
        {"path": "b.go", "line": 15, "body": "in"},
        {"path": "b.go", "line": 30, "body": "between hunks"},
        {"path": "b.go", "line": 45, "start_line": 15, "body": "spans two hunks"},
        {"path": "c.go", "line": 1, "body": "x"},
    ]
    assert [anchorable(c, DIFFS) for c in cs] == [True, False, False, False]
    gh = GitHub()
    out = post_review(gh.create, "body", cs, DIFFS, "more")
    assert gh.calls == 1 and out.posted == [0] and sorted(out.refused) == [1, 2, 3]


def test_a_422_about_the_review_itself_is_not_split():
    gh = GitHub(bad={1, 2, 3, 4}, error={"message": "Unprocessable Entity", "errors": ["Body is too long (maximum is 65536 characters)"]})
    out = post_review(gh.create, "body", comments(4), DIFFS, "more")
    assert gh.calls == 1 and len(out.refused) == 4 and out.posted == []


def test_a_force_pushed_away_commit_raises_stale_head():
    gh = GitHub(bad={1}, error={"message": "Unprocessable Entity", "errors": ["The commitOID is not part of the pull request"]})
    with pytest.raises(StaleHead):
        post_review(gh.create, "body", comments(3), DIFFS, "more")
    assert gh.calls == 1


def test_other_failures_propagate():
    def create(body, cs):
        raise GithubException(502, {"message": "Server Error"}, {})

    with pytest.raises(GithubException):
        post_review(create, "body", comments(3), DIFFS, "more")


@pytest.mark.parametrize("bad_line", [1, 2, 3, 4])
def test_one_refused_among_four_costs_fewer_requests_than_one_per_comment(bad_line):
    gh = GitHub(bad={bad_line})
    out = post_review(gh.create, "body", comments(4), DIFFS, "more")
    assert list(out.refused) == [bad_line - 1] and len(out.posted) == 3
    assert gh.calls < 1 + 4
