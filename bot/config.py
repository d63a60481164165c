"""Settings: every variable the App's processes read, in one typed model, read once at process
start (bot/wsgi.py, workers/app.py, bot/setup_page.py, bot/serve.py) and handed down from there.

`Settings.from_env()` is the only reader of the environment; `Settings(field=...)` builds one from
values alone (tests, tools), never looking at the environment. Secrets may come from files
(NAME_FILE); read_secret() is the one place that reads them. A value the model refuses raises
ConfigError with one line per problem, in the words bot/settings_check.py shows operators."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Literal, Mapping

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict

SEVERITY_THRESHOLDS = ("error", "warning", "info", "never")
LOG_LEVELS = ("debug", "info", "warning", "error")
REPLAY_MODES = ("off", "on-request", "always")
# Read by bot/serve.py before anything else: the file more settings come from.
ENV_FILE_VARIABLE = "GOLEASH_ENV_FILE"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


class ConfigError(RuntimeError):
    def __init__(self, *problems: str):
        self.problems = list(problems)
        super().__init__(" ".join(problems))


def read_secret_file(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def read_secret(env: Mapping[str, str], name: str) -> tuple[str, str | None]:
    """NAME, or the contents of the file NAME_FILE names (one trailing newline dropped), and what
    is wrong with them (None when nothing is)."""
    value, path = env.get(name, ""), env.get(f"{name}_FILE", "")
    if value and path:
        return value, f"{name} and {name}_FILE are both set; set only one (the file is the safer choice)."
    if not path:
        return value, None
    try:
        value = read_secret_file(path).rstrip("\r\n")
    except OSError as exc:
        return "", f"{name}_FILE={path}: cannot read the file ({exc.strerror or exc})."
    if not value:
        return "", f"{name}_FILE={path}: the file is empty."
    return value, None


def secret_from_env(env: Mapping[str, str], name: str) -> str:
    return read_secret(env, name)[0]


class _Variables:
    """`environ.get(NAME, default)` in the model below: the field is read from the environment
    variable NAME (a pydantic Field whose alias is NAME)."""

    @staticmethod
    def get(name: str, default: Any, **constraints: Any) -> Any:
        return Field(default, validation_alias=name, **constraints)


environ = _Variables()


class _Mapping(EnvSettingsSource):
    """pydantic-settings' environment source over a given mapping: os.environ at process start,
    a dict in tests and in settings_check."""

    def __init__(self, settings_cls, env: Mapping[str, str]):
        self._env = env
        super().__init__(settings_cls, case_sensitive=True)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        # An empty variable counts as unset (Compose and Kubernetes often set NAME= for nothing).
        return {k: v for k, v in self._env.items() if v != ""}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    # --- secrets (NAME or NAME_FILE)
    webhook_secret: str = environ.get("GOLEASH_WEBHOOK_SECRET", "")
    # Accepted too while a rotation is under way.
    webhook_secret_previous: str = environ.get("GOLEASH_WEBHOOK_SECRET_PREVIOUS", "")
    redis_url: str = environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    # --- the App
    github_app_id: str = environ.get("GITHUB_APP_ID", "")
    github_private_key: str = environ.get("GITHUB_PRIVATE_KEY", "")
    # Read when first needed, so the receiver (which never signs anything) runs without it.
    github_private_key_file: str = environ.get("GITHUB_PRIVATE_KEY_FILE", "")
    github_api_url: str = environ.get("GITHUB_API_URL", "https://api.github.com")
    app_slug: str = environ.get("GOLEASH_APP_SLUG", "goleash")
    # --- reviews
    # Drafts are work in progress; reviewing them spends API quota on code that will change.
    review_drafts: bool = environ.get("GOLEASH_REVIEW_DRAFTS", False)
    max_inline_comments: int = environ.get("GOLEASH_MAX_INLINE_COMMENTS", 25, ge=0)
    # The lowest severity that makes the check run fail.
    fail_on: Literal["error", "warning", "info", "never"] = environ.get("GOLEASH_FAIL_ON", "error")
    # Must exceed the longest task run plus the longest retry countdown, or Redis hands the
    # same message to a second worker while the first still holds it.
    visibility_timeout: int = environ.get("GOLEASH_VISIBILITY_TIMEOUT", 900, ge=1)
    # Tests and benchmarks only: lets settings_check accept a visibility timeout shorter than a review.
    allow_short_visibility: bool = environ.get("GOLEASH_ALLOW_SHORT_VISIBILITY", False)
    log_level: Literal["debug", "info", "warning", "error"] = environ.get("GOLEASH_LOG_LEVEL", "info")
    # A review is never busy longer than this: what is not analysed by then is named in the
    # check run as not analysed, and the check run is completed. (settings_check asks for 30 s
    # or more in a deployment; tests use less.)
    review_time_limit: int = environ.get("GOLEASH_REVIEW_TIME_LIMIT", 180, ge=1)
    # One package's analysis; the package is skipped and named when it runs over.
    package_time_limit: int = environ.get("GOLEASH_PACKAGE_TIME_LIMIT", 60, ge=1)
    analysis_memory_mb: int = environ.get("GOLEASH_ANALYSIS_MEMORY_MB", 1024, ge=64)
    # What reviews fetch is kept in Redis this long after its last use (workers/fetch_cache.py);
    # an entry larger than fetch_cache_entry_kb, compressed, is not kept.
    fetch_cache_ttl: int = environ.get("GOLEASH_FETCH_CACHE_TTL", 7 * 24 * 3600, ge=60)
    fetch_cache_entry_kb: int = environ.get("GOLEASH_FETCH_CACHE_ENTRY_KB", 1024, ge=1)
    # GitHub requests one review sends at once when fetching files.
    fetch_concurrency: int = environ.get("GOLEASH_FETCH_CONCURRENCY", 4, ge=1)
    # --- replays (workers/replay_task.py)
    replay: Literal["off", "on-request", "always"] = environ.get("GOLEASH_REPLAY", "on-request")
    # Empty: <tmp>/goleash-replay-cache.
    replay_cache_dir: str = environ.get("GOLEASH_REPLAY_CACHE_DIR", "")
    replay_test_timeout: int = environ.get("GOLEASH_REPLAY_TEST_TIMEOUT", 60, ge=1)
    replay_hang_timeout: int = environ.get("GOLEASH_REPLAY_HANG_TIMEOUT", 10, ge=1)
    replay_repeat_seconds: float = environ.get("GOLEASH_REPLAY_REPEAT_SECONDS", 1.0, ge=0)
    replay_disk_quota_mb: int = environ.get("GOLEASH_REPLAY_DISK_QUOTA_MB", 2048, ge=1)
    # --- processes (bot/serve.py)
    # Empty: 0.0.0.0:8000, or 127.0.0.1:8000 for the setup pages.
    bind: str = environ.get("GOLEASH_BIND", "")
    # gunicorn reads it too.
    web_concurrency: int = environ.get("WEB_CONCURRENCY", 2, ge=1)
    worker_concurrency: int = environ.get("GOLEASH_WORKER_CONCURRENCY", 1, ge=1)
    env_file: str = environ.get(ENV_FILE_VARIABLE, "")
    # --- the setup pages (bot/setup_page.py)
    public_url: str = environ.get("GOLEASH_PUBLIC_URL", "")
    github_web_url: str = environ.get("GOLEASH_GITHUB_WEB_URL", "")
    setup_env_file: str = environ.get("GOLEASH_SETUP_ENV_FILE", ".env")

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, **_sources):
        # Only what the constructor is given: the environment is read by from_env(), once.
        return (init_settings,)

    @field_validator("fail_on", "log_level", "replay", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("github_private_key", mode="before")
    @classmethod
    def _newlines(cls, value: Any) -> Any:
        # PEM keys pasted into one-line env vars often carry literal "\n".
        return value.replace("\\n", "\n") if isinstance(value, str) else value

    @field_validator("github_api_url", "public_url", "github_web_url", mode="before")
    @classmethod
    def _no_trailing_slash(cls, value: Any) -> Any:
        return value.rstrip("/") if isinstance(value, str) else value

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """The settings of `env` (the process environment when None); ConfigError lists every
        value that is wrong."""
        env = os.environ if env is None else env
        values = _Mapping(cls, env)()
        problems = []
        for name, (value, problem) in (
            ("GOLEASH_WEBHOOK_SECRET", read_secret(env, "GOLEASH_WEBHOOK_SECRET")),
            ("GOLEASH_WEBHOOK_SECRET_PREVIOUS", read_secret(env, "GOLEASH_WEBHOOK_SECRET_PREVIOUS")),
            ("REDIS_URL", read_secret(env, "REDIS_URL")),
        ):
            if problem:
                problems.append(problem)
            if value:
                values[name] = value
            else:
                values.pop(name, None)  # empty: the default
        try:
            settings = cls(**values)
        except ValidationError as exc:
            problems += [_problem(e) for e in exc.errors()]
        if problems:
            raise ConfigError(*problems)
        return settings

    @property
    def webhook_secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.webhook_secret, self.webhook_secret_previous) if s)

    def require_receiver(self) -> None:
        if not self.webhook_secret:
            raise ConfigError("GOLEASH_WEBHOOK_SECRET is not set; the receiver refuses to run unsigned")

    def private_key(self) -> str:
        if not self.github_app_id or not (self.github_private_key or self.github_private_key_file):
            raise ConfigError("GITHUB_APP_ID and GITHUB_PRIVATE_KEY (or GITHUB_PRIVATE_KEY_FILE) must be set")
        return self.github_private_key or read_secret_file(self.github_private_key_file)

    def bind_address(self, setup: bool = False) -> str:
        return self.bind or ("127.0.0.1:8000" if setup else "0.0.0.0:8000")

    def replay_cache_base(self) -> Path:
        return Path(self.replay_cache_dir or Path(tempfile.gettempdir()) / "goleash-replay-cache")


_CHOICES = {"GOLEASH_FAIL_ON": SEVERITY_THRESHOLDS, "GOLEASH_LOG_LEVEL": LOG_LEVELS, "GOLEASH_REPLAY": REPLAY_MODES}


def _problem(error: dict) -> str:
    """One of pydantic's errors in an operator's words, naming the variable."""
    name, raw, kind = error["loc"][0] if error["loc"] else "?", error.get("input"), error["type"]
    if kind == "int_parsing":
        return f"{name}={raw!r} is not a whole number."
    if kind == "float_parsing":
        return f"{name}={raw!r} is not a number."
    if kind == "greater_than_equal":
        return f"{name}={raw} is too small; it must be at least {error['ctx']['ge']}."
    if kind == "literal_error":
        choices = _CHOICES.get(str(name))
        return f"{name}={raw!r} must be one of {', '.join(choices)}." if choices else f"{name}={raw!r}: {error['msg']}."
    if kind == "bool_parsing":
        return f"{name}={raw!r} must be true or false."
    return f"{name}={raw!r}: {error['msg']}."
