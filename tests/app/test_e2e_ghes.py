"""End to end against GitHub Enterprise Server URLs: REST under /api/v3, GraphQL at /api/graphql."""

from __future__ import annotations

from goleash.bot.markers import fixed_in

GHES = True


def test_review_and_thread_resolution_on_ghes(fresh):
    st = fresh.state
    assert fresh.task_result(fresh.deliver("opened")) == "reviewed"
    assert len(fresh.bot_reviews()) == 1
    st.push("head2")
    assert fresh.task_result(fresh.deliver("synchronize")) == "reviewed"
    assert [c for c in fresh.bot_comments() if fixed_in(c["body"])]
    assert st.thread_resolutions

    api = [r for r in st.requests if r["path"] != "/graphql"]
    assert api and all(r["prefix"] == "/api/v3" for r in api)
    graphql = [r for r in st.requests if r["path"] == "/graphql"]
    assert graphql and all(r["prefix"] == "/api" for r in graphql)
    assert st.violations == []
