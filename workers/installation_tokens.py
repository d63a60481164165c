"""Acting as the App: a JWT for the App itself, installation tokens for everything else.

Installation tokens live an hour; they are cached in Redis so every worker shares one
until shortly before it expires, instead of each minting its own per task."""

from __future__ import annotations

import json
import time
from datetime import datetime

import redis
from github import Auth, GithubIntegration

from goleash.bot import keys
from goleash.bot.config import Settings

from .github_retry import read_retry

# GitHub: iat 60 s in the past against clock drift, exp at most 10 minutes after now.
JWT_ISSUED_AT = -60
JWT_EXPIRY = 540
# Renew this long before expires_at, so no request starts with a token about to die.
REFRESH_MARGIN = 300


def app_auth(settings: Settings) -> Auth.AppAuth:
    return Auth.AppAuth(
        settings.github_app_id,
        settings.private_key(),
        jwt_expiry=JWT_EXPIRY,
        jwt_issued_at=JWT_ISSUED_AT,
    )


def integration(settings: Settings) -> GithubIntegration:
    return GithubIntegration(
        auth=app_auth(settings),
        base_url=settings.github_api_url,
        retry=read_retry(),
        seconds_between_requests=None,
        seconds_between_writes=None,
        user_agent="goleash",
    )


class InstallationTokens:
    def __init__(self, r: redis.Redis, settings: Settings):
        self._redis = r
        self._settings = settings
        self._integration: GithubIntegration | None = None

    def get(self, installation_id: int) -> str:
        key = keys.installation_token(installation_id)
        cached = self._redis.get(key)
        if cached:
            data = json.loads(cached)
            if data["expires_at"] - time.time() > REFRESH_MARGIN:
                return data["token"]
        if self._integration is None:
            self._integration = integration(self._settings)
        auth = self._integration.get_access_token(installation_id)
        expires_at = _timestamp(auth.expires_at)
        ttl = int(expires_at - time.time() - REFRESH_MARGIN)
        if ttl > 0:
            self._redis.set(key, json.dumps({"token": auth.token, "expires_at": expires_at}), ex=ttl)
        return auth.token

    def forget(self, installation_id: int) -> None:
        """Drop a cached token GitHub no longer accepts (revoked, or the App was reinstalled)."""
        self._redis.delete(keys.installation_token(installation_id))


def _timestamp(value) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    return time.time() + 3600
