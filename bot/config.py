"""Settings, read once from the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

SEVERITY_THRESHOLDS = ("error", "warning", "info", "never")


class ConfigError(RuntimeError):
    pass


def secret_from_env(env: Mapping[str, str], name: str) -> str:
    """NAME, or the contents of the file NAME_FILE names (one trailing newline dropped).
    bot/settings_check.py reports unreadable files and both-set before anything starts."""
    value = env.get(name, "")
    path = env.get(f"{name}_FILE", "")
    if value or not path:
        return value
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read().rstrip("\r\n")
    except OSError:
        return ""


def _bool(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    webhook_secret: str = ""
    # Accepted too while a rotation is under way (GOLEASH_WEBHOOK_SECRET_PREVIOUS).
    webhook_secret_previous: str = ""
    redis_url: str = "redis://127.0.0.1:6379/0"
    github_app_id: str = ""
    github_private_key: str = ""
    # Read when first needed, so the receiver (which never signs anything) runs without it.
    github_private_key_file: str = ""
    github_api_url: str = "https://api.github.com"
    # Drafts are work in progress; reviewing them spends API quota on code that will change.
    review_drafts: bool = False
    max_inline_comments: int = 25
    # The lowest severity that makes the check run fail.
    fail_on: str = "error"
    # Must exceed the longest task run plus the longest retry countdown, or Redis hands the
    # same message to a second worker while the first still holds it.
    visibility_timeout: int = 900
    log_level: str = "info"
    # A review is never busy longer than this: what is not analysed by then is named in the
    # check run as not analysed, and the check run is completed.
    review_time_limit: int = 180
    # One package's analysis; the package is skipped and named when it runs over.
    package_time_limit: int = 60
    analysis_memory_mb: int = 1024
    # What reviews fetch is kept in Redis this long after its last use (workers/fetch_cache.py);
    # an entry larger than fetch_cache_entry_kb, compressed, is not kept.
    fetch_cache_ttl: int = 7 * 24 * 3600
    fetch_cache_entry_kb: int = 1024
    # GitHub requests one review sends at once when fetching files.
    fetch_concurrency: int = 4

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        fail_on = env.get("GOLEASH_FAIL_ON", cls.fail_on).strip().lower()
        if fail_on not in SEVERITY_THRESHOLDS:
            raise ConfigError(f"GOLEASH_FAIL_ON must be one of {', '.join(SEVERITY_THRESHOLDS)}, not {fail_on!r}")
        return cls(
            webhook_secret=secret_from_env(env, "GOLEASH_WEBHOOK_SECRET"),
            webhook_secret_previous=secret_from_env(env, "GOLEASH_WEBHOOK_SECRET_PREVIOUS"),
            redis_url=secret_from_env(env, "REDIS_URL") or cls.redis_url,
            github_app_id=env.get("GITHUB_APP_ID", ""),
            # PEM keys pasted into one-line env vars often carry literal "\n".
            github_private_key=env.get("GITHUB_PRIVATE_KEY", "").replace("\\n", "\n"),
            github_private_key_file=env.get("GITHUB_PRIVATE_KEY_FILE", ""),
            github_api_url=env.get("GITHUB_API_URL", cls.github_api_url).rstrip("/"),
            review_drafts=_bool(env.get("GOLEASH_REVIEW_DRAFTS", "false")),
            max_inline_comments=int(env.get("GOLEASH_MAX_INLINE_COMMENTS", cls.max_inline_comments)),
            fail_on=fail_on,
            visibility_timeout=int(env.get("GOLEASH_VISIBILITY_TIMEOUT", cls.visibility_timeout)),
            log_level=env.get("GOLEASH_LOG_LEVEL", cls.log_level),
            review_time_limit=int(env.get("GOLEASH_REVIEW_TIME_LIMIT", cls.review_time_limit)),
            package_time_limit=int(env.get("GOLEASH_PACKAGE_TIME_LIMIT", cls.package_time_limit)),
            analysis_memory_mb=int(env.get("GOLEASH_ANALYSIS_MEMORY_MB", cls.analysis_memory_mb)),
            fetch_cache_ttl=int(env.get("GOLEASH_FETCH_CACHE_TTL", cls.fetch_cache_ttl)),
            fetch_cache_entry_kb=int(env.get("GOLEASH_FETCH_CACHE_ENTRY_KB", cls.fetch_cache_entry_kb)),
            fetch_concurrency=int(env.get("GOLEASH_FETCH_CONCURRENCY", cls.fetch_concurrency)),
        )

    @property
    def webhook_secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.webhook_secret, self.webhook_secret_previous) if s)

    def require_receiver(self) -> None:
        if not self.webhook_secret:
            raise ConfigError("GOLEASH_WEBHOOK_SECRET is not set; the receiver refuses to run unsigned")

    def private_key(self) -> str:
        if not self.github_app_id or not (self.github_private_key or self.github_private_key_file):
            raise ConfigError("GITHUB_APP_ID and GITHUB_PRIVATE_KEY (or GITHUB_PRIVATE_KEY_FILE) must be set")
        if self.github_private_key:
            return self.github_private_key
        with open(self.github_private_key_file, encoding="utf-8") as fh:
            return fh.read()
