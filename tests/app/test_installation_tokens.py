"""The App's JWT and the shared installation-token cache."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from goleash.bot import keys
from goleash.bot.config import Settings
from goleash.workers.installation_tokens import REFRESH_MARGIN, InstallationTokens, app_auth


def _key() -> tuple[str, object]:
    k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return pem.decode(), k.public_key()


def test_app_jwt_is_rs256_issued_a_minute_ago_and_short_lived():
    pem, public = _key()
    token = app_auth(Settings(github_app_id="12345", github_private_key=pem)).token
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    claims = jwt.decode(token, public, algorithms=["RS256"], options={"verify_iat": False})
    now = time.time()
    assert claims["iss"] == "12345"
    assert now - 62 <= claims["iat"] <= now - 58
    assert now < claims["exp"] <= now + 600


def test_private_key_file_and_escaped_newlines(tmp_path):
    pem, _ = _key()
    f = tmp_path / "key.pem"
    f.write_text(pem)
    assert Settings.from_env({"GITHUB_APP_ID": "1", "GITHUB_PRIVATE_KEY_FILE": str(f)}).private_key() == pem
    assert Settings.from_env({"GITHUB_APP_ID": "1", "GITHUB_PRIVATE_KEY": pem.replace("\n", "\\n")}).private_key() == pem


class FakeAuthorization:
    def __init__(self, token, expires_at):
        self.token, self.expires_at = token, expires_at


class FakeIntegration:
    def __init__(self, lifetime):
        self.calls = 0
        self.lifetime = lifetime

    def get_access_token(self, installation_id):
        self.calls += 1
        return FakeAuthorization(f"tok-{self.calls}", datetime.now(timezone.utc) + timedelta(seconds=self.lifetime))


def test_tokens_are_shared_through_redis_until_shortly_before_expiry(redis_db):
    integration = FakeIntegration(3600)
    a = InstallationTokens(redis_db, Settings())
    a._integration = integration
    b = InstallationTokens(redis_db, Settings())  # another worker
    b._integration = integration
    assert a.get(7) == "tok-1"
    assert b.get(7) == "tok-1"
    assert integration.calls == 1
    ttl = redis_db.ttl(keys.installation_token(7))
    assert 3600 - REFRESH_MARGIN - 5 <= ttl <= 3600 - REFRESH_MARGIN
    b.forget(7)
    assert a.get(7) == "tok-2"


def test_a_token_near_expiry_is_not_cached(redis_db):
    integration = FakeIntegration(REFRESH_MARGIN - 10)
    t = InstallationTokens(redis_db, Settings())
    t._integration = integration
    assert t.get(1) == "tok-1" and t.get(1) == "tok-2"
