"""Requests goleash sends to post a review GitHub refuses in part (workers/review_post.py): for n
inline comments of which k cannot be anchored, in every position (a sample of 2,000 when there
are more), the worst and mean number of create-review requests, against one request per comment
after the first refusal (1 + n), and the mean number of reviews the comments end up in.

    python bench/refused_comments.py
"""

from __future__ import annotations

import itertools
import random
import statistics

from github.GithubException import GithubException

from goleash.bot.mapping import FileDiff
from goleash.workers.review_post import post_review

DIFFS = {"a.go": FileDiff("a.go", (range(1, 10_000),))}
REFUSAL = {
    "message": "Unprocessable Entity",
    "errors": ["Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank"],
}


def requests(n: int, bad: set[int]) -> tuple[int, int]:
    calls = 0

    def create(body, comments):
        nonlocal calls
        calls += 1
        if any(c["line"] in bad for c in comments):
            raise GithubException(422, REFUSAL, {})
        return calls

    comments = [{"path": "a.go", "line": i, "side": "RIGHT", "body": "x"} for i in range(1, n + 1)]
    out = post_review(create, "b", comments, DIFFS, "more")
    assert {comments[i]["line"] for i in out.refused} == bad
    return calls, len(out.review_ids)


def main() -> None:
    rng = random.Random(7)
    print(f"{'n':>4} {'k':>2} {'worst':>6} {'mean':>6} {'1 + n':>6} {'reviews':>8}")
    for n in (4, 10, 25, 50, 100):
        for k in (1, 2, 3):
            if k > n // 2:
                continue
            cases = list(itertools.combinations(range(1, n + 1), k))
            if len(cases) > 2000:
                cases = rng.sample(cases, 2000)
            runs = [requests(n, set(c)) for c in cases]
            counts = [r for r, _ in runs]
            reviews = statistics.mean(v for _, v in runs)
            print(f"{n:>4} {k:>2} {max(counts):>6} {statistics.mean(counts):>6.1f} {1 + n:>6} {reviews:>8.1f}")


if __name__ == "__main__":
    main()
