"""The GraphQL documents the bot sends, validated against GitHub's published schema."""

from __future__ import annotations

import functools
import json

import graphql
import pytest

from goleash.bot.graphql_ops import RESOLVE_THREAD, REVIEW_THREADS, parse_threads, threads_to_resolve

from .conftest import GITHUB_DATA


@functools.cache
def github_schema() -> graphql.GraphQLSchema:
    data = json.loads((GITHUB_DATA / "graphql" / "schema.json").read_text())
    return graphql.build_client_schema(data.get("data", data))


@pytest.mark.parametrize("document", [REVIEW_THREADS, RESOLVE_THREAD])
def test_document_is_valid_against_githubs_schema(document):
    assert graphql.validate(github_schema(), graphql.parse(document)) == []


@pytest.mark.parametrize("document", [REVIEW_THREADS, RESOLVE_THREAD])
def test_document_uses_no_deprecated_field(document):
    # Deprecated fields are where GitHub's schema says a value no longer fits (databaseId: Int).
    rules = [graphql.validation.NoDeprecatedCustomRule]
    assert graphql.validate(github_schema(), graphql.parse(document), rules) == []


def test_an_invalid_document_is_caught():
    bad = 'query { repository(owner: "o", name: "n") { pullRequest(number: 1) { reviewThreadz { id } } } }'
    assert graphql.validate(github_schema(), graphql.parse(bad)) != []


def page(nodes, next_cursor=None):
    return {
        "data": {
            "repository": {
                "pullRequest": {"reviewThreads": {"pageInfo": {"hasNextPage": next_cursor is not None, "endCursor": next_cursor}, "nodes": nodes}}
            }
        }
    }


def test_threads_with_a_human_reply_are_not_resolved():
    bot = {"__typename": "Bot", "login": "goleash"}
    human = {"__typename": "User", "login": "octocat"}
    threads, cursor = parse_threads(
        page(
            [
                {"id": "T1", "isResolved": False, "comments": {"nodes": [{"fullDatabaseId": "1", "author": bot}]}},
                {
                    "id": "T2",
                    "isResolved": False,
                    "comments": {"nodes": [{"fullDatabaseId": "2", "author": bot}, {"fullDatabaseId": "9", "author": human}]},
                },
                {"id": "T3", "isResolved": True, "comments": {"nodes": [{"fullDatabaseId": "3", "author": bot}]}},
                {
                    "id": "T4",
                    "isResolved": False,
                    "comments": {"nodes": [{"fullDatabaseId": "4", "author": bot}, {"fullDatabaseId": "8", "author": None}]},
                },
                {"id": "T5", "isResolved": False, "comments": {"nodes": [{"fullDatabaseId": "2680000005", "author": bot}]}},
            ],
            "c2",
        )
    )
    assert cursor == "c2"
    assert [t.id for t in threads_to_resolve(threads, {1, 2, 3, 4})] == ["T1"]
    # Ids past 2^31 arrive as BigInt strings and compare with the REST ids.
    assert [t.id for t in threads_to_resolve(threads, {2_680_000_005})] == ["T5"]
