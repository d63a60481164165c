"""GraphQL documents for review threads (REST cannot resolve a thread), and the pure logic
that picks which threads to resolve. The documents are validated against GitHub's schema
in tests/app/test_graphql_ops.py."""

from __future__ import annotations

from dataclasses import dataclass

REVIEW_THREADS = """
query ReviewThreads($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          isResolved
          comments(first: 100) {
            nodes { fullDatabaseId author { __typename login } }
          }
        }
      }
    }
  }
}
"""

RESOLVE_THREAD = """
mutation ResolveThread($threadId: ID!) {
  resolveReviewThread(input: {threadId: $threadId}) {
    thread { id isResolved }
  }
}
"""


@dataclass(frozen=True)
class Thread:
    id: str
    is_resolved: bool
    comment_ids: tuple[int, ...]
    # True when anyone but a bot wrote in the thread: that conversation is theirs to close.
    human_replied: bool


def parse_threads(data: dict) -> tuple[list[Thread], str | None]:
    """Threads of one page of REVIEW_THREADS, and the cursor of the next page (None at the end)."""
    conn = data["data"]["repository"]["pullRequest"]["reviewThreads"]
    threads = []
    for node in conn.get("nodes") or []:
        comments = (node.get("comments") or {}).get("nodes") or []
        threads.append(
            Thread(
                id=node["id"],
                is_resolved=bool(node.get("isResolved")),
                # fullDatabaseId, a BigInt sent as a string: review comment ids passed 2^31, and
                # the deprecated Int databaseId answers null with an error for them.
                comment_ids=tuple(int(c["fullDatabaseId"]) for c in comments if c.get("fullDatabaseId") is not None),
                # A deleted account shows as a null author; it was a person.
                human_replied=any((c.get("author") or {}).get("__typename") != "Bot" for c in comments),
            )
        )
    info = conn.get("pageInfo") or {}
    return threads, (info.get("endCursor") if info.get("hasNextPage") else None)


def threads_to_resolve(threads: list[Thread], fixed_comment_ids: set[int]) -> list[Thread]:
    return [t for t in threads if not t.is_resolved and not t.human_replied and fixed_comment_ids.intersection(t.comment_ids)]
