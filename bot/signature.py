"""X-Hub-Signature-256: HMAC-SHA256 of the raw body, keyed with the webhook secret."""
from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


def sign(secret: str, body: bytes) -> str:
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    if not secret or not header or not header.startswith(PREFIX):
        return False
    # Constant time, so response timing does not leak how much of a forged signature matched.
    return hmac.compare_digest(sign(secret, body), header.strip())
