from __future__ import annotations

import pytest

from goleash.bot.config import ConfigError, Settings
from goleash.workers.github_api import installation_client


def test_defaults_and_environment():
    s = Settings.from_env({})
    assert s.github_api_url == "https://api.github.com"
    assert (s.review_drafts, s.max_inline_comments, s.fail_on, s.visibility_timeout) == (False, 25, "error", 900)
    s = Settings.from_env(
        {
            "GOLEASH_WEBHOOK_SECRET": "x",
            "REDIS_URL": "redis://r:6379/2",
            "GITHUB_APP_ID": "7",
            "GITHUB_API_URL": "https://ghe.example.com/api/v3/",
            "GOLEASH_REVIEW_DRAFTS": "true",
            "GOLEASH_MAX_INLINE_COMMENTS": "10",
            "GOLEASH_FAIL_ON": "warning",
        }
    )
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


def test_settings_are_read_from_the_environment_only_by_from_env(monkeypatch):
    monkeypatch.setenv("GOLEASH_MAX_INLINE_COMMENTS", "3")
    monkeypatch.setenv("GOLEASH_APP_SLUG", "leash")
    assert Settings().max_inline_comments == 25 and Settings().app_slug == "goleash"
    s = Settings.from_env()
    assert (s.max_inline_comments, s.app_slug) == (3, "leash")


def test_every_wrong_value_is_named_at_once_in_an_operators_words(tmp_path):
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(
            {
                "GOLEASH_MAX_INLINE_COMMENTS": "many",
                "WEB_CONCURRENCY": "0",
                "GOLEASH_REVIEW_DRAFTS": "maybe",
                "GOLEASH_LOG_LEVEL": "LOUD",
                "GOLEASH_REPLAY_REPEAT_SECONDS": "often",
                "REDIS_URL_FILE": str(tmp_path / "missing"),
            }
        )
    assert caught.value.problems == [
        f"REDIS_URL_FILE={tmp_path / 'missing'}: cannot read the file (No such file or directory).",
        "GOLEASH_REVIEW_DRAFTS='maybe' must be true or false.",
        "GOLEASH_MAX_INLINE_COMMENTS='many' is not a whole number.",
        "GOLEASH_LOG_LEVEL='loud' must be one of debug, info, warning, error.",
        "GOLEASH_REPLAY_REPEAT_SECONDS='often' is not a number.",
        "WEB_CONCURRENCY=0 is too small; it must be at least 1.",
    ]


def test_secret_files_and_empty_variables(tmp_path):
    f = tmp_path / "redis-url"
    f.write_text("redis://db:6379/3\n")
    s = Settings.from_env({"REDIS_URL_FILE": str(f), "GOLEASH_FAIL_ON": "", "GITHUB_PRIVATE_KEY": "a\\nb"})
    assert (s.redis_url, s.fail_on, s.github_private_key) == ("redis://db:6379/3", "error", "a\nb")
    with pytest.raises(ConfigError, match="REDIS_URL and REDIS_URL_FILE are both set"):
        Settings.from_env({"REDIS_URL": "redis://x/0", "REDIS_URL_FILE": str(f)})
