from __future__ import annotations

import pytest

from goleash.bot.config import ConfigError, Settings
from goleash.workers.github_api import installation_client


def test_defaults_and_environment():
    s = Settings.from_env({})
    assert s.github_api_url == "https://api.github.com"
    assert (s.review_drafts, s.max_inline_comments, s.fail_on, s.visibility_timeout) == (False, 25, "error", 900)
    s = Settings.from_env({
        "GOLEASH_WEBHOOK_SECRET": "x", "REDIS_URL": "redis://r:6379/2", "GITHUB_APP_ID": "7",
        "GITHUB_API_URL": "https://ghe.example.com/api/v3/", "GOLEASH_REVIEW_DRAFTS": "true",
        "GOLEASH_MAX_INLINE_COMMENTS": "10", "GOLEASH_FAIL_ON": "warning",
    })
    assert s.github_api_url == "https://ghe.example.com/api/v3"
    assert s.review_drafts and s.max_inline_comments == 10 and s.fail_on == "warning"
    with pytest.raises(ConfigError):
        Settings.from_env({"GOLEASH_FAIL_ON": "sometimes"})
    with pytest.raises(ConfigError):
        Settings().private_key()
    # The receiver never reads the key: a missing file must not stop it from starting.
    assert Settings.from_env({"GITHUB_PRIVATE_KEY_FILE": "/does/not/exist"}).github_private_key_file


def test_github_enterprise_urls():
    gh = installation_client(Settings(github_api_url="https://ghe.example.com/api/v3"), "t")
    assert gh.requester.base_url == "https://ghe.example.com/api/v3"
    assert gh.requester.graphql_url == "https://ghe.example.com/api/graphql"
    gh = installation_client(Settings(), "t")
    assert gh.requester.graphql_url == "https://api.github.com/graphql"
