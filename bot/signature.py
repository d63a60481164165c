"""X-Hub-Signature-256: HMAC-SHA256 of the raw body, keyed with the webhook secret."""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


def sign(secret: str, body: bytes) -> str:
    # hmac.digest: OpenSSL's one-shot HMAC, without building an hmac object.
    return PREFIX + hmac.digest(secret.encode(), body, hashlib.sha256).hex()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    if not secret or not header or not header.startswith(PREFIX):
        return False
    # Constant time, so response timing does not leak how much of a forged signature matched.
    return hmac.compare_digest(sign(secret, body), header.strip())


def verify_any(secrets, body: bytes, header: str | None) -> bool:
    """True if `header` is the signature of `body` under any of `secrets` (the current one and,
    during a rotation, the previous one). Every secret is tried, so timing does not say which."""
    results = [verify(s, body, header) for s in secrets if s]
    return any(results)
