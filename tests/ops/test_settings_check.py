"""Start-up validation: every problem listed at once, in operator words, exit non-zero."""

from __future__ import annotations

import subprocess

import pytest

from goleash.bot import settings_check
from goleash.bot.config import Settings

from .common import GOLEASH, clean_env


def run(args, **env):
    return subprocess.run(GOLEASH + args, env=clean_env(**env), capture_output=True, text=True, timeout=60)


def test_serve_with_nothing_set_names_the_webhook_secret_and_exits_2():
    p = run(["serve"])
    assert p.returncode == 2
    assert "GOLEASH_WEBHOOK_SECRET (or GOLEASH_WEBHOOK_SECRET_FILE) is not set" in p.stderr


def test_every_problem_is_listed_at_once(tmp_path):
    bad_key = tmp_path / "key.pem"
    bad_key.write_text("not a key")
    p = run(
        ["all"],
        GOLEASH_WEBHOOK_SECRET="short",
        REDIS_URL="http://redis:6379/x",
        GITHUB_APP_ID="goleash",
        GITHUB_PRIVATE_KEY_FILE=str(bad_key),
        GOLEASH_FAIL_ON="sometimes",
        GOLEASH_LOG_LEVEL="loud",
        GOLEASH_MAX_INLINE_COMMENTS="many",
        GOLEASH_VISIBILITY_TIMEOUT="30",
        GOLEASH_REVIEW_DRAFTS="maybe",
        GITHUB_API_URL="api.github.com",
        WEB_CONCURRENCY="0",
        GOLEASH_BIND="8000",
    )
    assert p.returncode == 2, p.stderr
    lines = [line for line in p.stderr.splitlines() if line.startswith("  - ")]
    expected = [
        "GOLEASH_WEBHOOK_SECRET is 5 characters long",
        "REDIS_URL must start with redis://",
        "GITHUB_API_URL='api.github.com' is not an http(s) URL",
        "GITHUB_APP_ID='goleash' is not a number",
        "GITHUB_PRIVATE_KEY_FILE does not hold a PEM private key",
        "GOLEASH_FAIL_ON='sometimes'",
        "GOLEASH_REVIEW_DRAFTS='maybe'",
        "GOLEASH_LOG_LEVEL='loud'",
        "GOLEASH_MAX_INLINE_COMMENTS='many'",
        "GOLEASH_VISIBILITY_TIMEOUT=30 is shorter",
        "WEB_CONCURRENCY=0 is too small",
        "GOLEASH_BIND='8000'",
    ]
    for e in expected:
        assert any(e in line for line in lines), (e, p.stderr)
    assert len(lines) == len(expected), p.stderr
    assert "cannot start, 12 settings to fix" in p.stderr


def test_worker_needs_app_id_and_key_but_not_the_webhook_secret():
    p = run(["worker", "--queue", "reviews"])
    assert p.returncode == 2
    assert "GITHUB_APP_ID is not set" in p.stderr
    assert "GITHUB_PRIVATE_KEY (or GITHUB_PRIVATE_KEY_FILE) is not set" in p.stderr
    assert "WEBHOOK_SECRET" not in p.stderr


def test_secret_files(tmp_path):
    f = tmp_path / "secret"
    f.write_text("from-a-file-0123456789\n")
    env = {"GOLEASH_WEBHOOK_SECRET_FILE": str(f), "GOLEASH_WEBHOOK_SECRET_PREVIOUS_FILE": str(tmp_path / "missing")}
    found = settings_check.problems(env, "receiver")
    assert found == [f"GOLEASH_WEBHOOK_SECRET_PREVIOUS_FILE={tmp_path / 'missing'}: cannot read the file (No such file or directory)."]
    s = Settings.from_env({"GOLEASH_WEBHOOK_SECRET_FILE": str(f)})
    assert s.webhook_secret == "from-a-file-0123456789"
    both = settings_check.problems({"GOLEASH_WEBHOOK_SECRET": "x" * 20, "GOLEASH_WEBHOOK_SECRET_FILE": str(f)})
    assert any("are both set" in p for p in both)


@pytest.mark.parametrize("role", ["receiver", "worker", "all"])
def test_a_complete_environment_has_no_problems(tmp_path, role):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = tmp_path / "k.pem"
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
    env = {
        "GOLEASH_WEBHOOK_SECRET": "s" * 32,
        "GITHUB_APP_ID": "123",
        "GITHUB_PRIVATE_KEY_FILE": str(pem),
        "REDIS_URL": "rediss://:pw@redis.internal:6380/2",
    }
    assert settings_check.problems(env, role) == []


def test_review_limits_are_whole_numbers_and_leave_room_under_the_visibility_timeout():
    env = {
        "GITHUB_APP_ID": "1",
        "GITHUB_PRIVATE_KEY": "x",
        "GOLEASH_PACKAGE_TIME_LIMIT": "soon",
        "GOLEASH_ANALYSIS_MEMORY_MB": "8",
        "GOLEASH_REVIEW_TIME_LIMIT": "900",
    }
    found = [p for p in settings_check.problems(env, "worker") if "PRIVATE_KEY" not in p]
    assert len(found) == 3, found
    assert "GOLEASH_PACKAGE_TIME_LIMIT='soon' is not a whole number" in found[0]
    assert found[1].startswith("GOLEASH_ANALYSIS_MEMORY_MB=8 is too small")
    assert found[2].startswith("GOLEASH_REVIEW_TIME_LIMIT=900 leaves too little room under GOLEASH_VISIBILITY_TIMEOUT=900")
    limits = Settings.from_env({"GOLEASH_REVIEW_TIME_LIMIT": "120", "GOLEASH_PACKAGE_TIME_LIMIT": "20"})
    assert (limits.review_time_limit, limits.package_time_limit, limits.analysis_memory_mb) == (120, 20, 1024)
