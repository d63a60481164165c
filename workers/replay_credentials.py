"""The only credential a replay worker ever sees: an installation token narrowed to ONE
repository with ``contents: read``, minted by the review side (which holds the App key) and
carried in the task message. It lives at most an hour, cannot write anything and cannot read
any other repository of the installation.

The replay worker uses it for one thing: ``GET /repos/{repo}/tarball/{sha}`` and the 302 to the
archive host (followed WITHOUT the token: the redirect URL carries its own short-lived grant).
The sandboxed go commands never see it (replay/ gives them a fresh, minimal environment)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import requests

from goleash.bot.config import Settings

REPLAY_PERMISSIONS = {"contents": "read"}
MAX_TARBALL_BYTES = 512 << 20
_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "goleash"}


class CredentialError(RuntimeError):
    pass


@dataclass(frozen=True)
class ReplayToken:
    token: str
    expires_at: float  # unix time
    repository: str  # owner/name it is narrowed to


def mint_replay_token(settings: Settings, installation_id: int, repo: str, timeout: float = 30) -> ReplayToken:
    """POST /app/installations/{id}/access_tokens with ``repositories`` = [that repo] and
    ``permissions`` = contents:read. Needs the App key: call it on the review side only."""
    from .installation_tokens import app_auth

    jwt = app_auth(settings).token
    url = f"{settings.github_api_url}/app/installations/{installation_id}/access_tokens"
    body = {"repositories": [repo.split("/", 1)[1]], "permissions": dict(REPLAY_PERMISSIONS)}
    resp = requests.post(url, json=body, headers={**_HEADERS, "Authorization": f"Bearer {jwt}"}, timeout=timeout)
    if resp.status_code != 201:
        raise CredentialError(f"minting the replay token failed: HTTP {resp.status_code} {resp.text[:200]}")
    data = resp.json()
    granted = data.get("permissions") or {}
    # GitHub adds metadata:read to every installation token; anything else would be too much.
    if any(v != "read" for v in granted.values()) or set(granted) - set(REPLAY_PERMISSIONS) - {"metadata"}:
        raise CredentialError(f"GitHub granted more than asked for the replay token: {granted}")
    exp = data.get("expires_at")
    expires_at = datetime.fromisoformat(exp.replace("Z", "+00:00")).timestamp() if isinstance(exp, str) else time.time() + 3600
    return ReplayToken(data["token"], expires_at, repo)


def download_tarball(
    api_url: str, repo: str, sha: str, token: str, dest: str | os.PathLike, max_bytes: int = MAX_TARBALL_BYTES, timeout: float = 60
) -> int:
    """The repository archive at ``sha`` into ``dest``; returns its size in bytes."""
    url = f"{api_url.rstrip('/')}/repos/{repo}/tarball/{sha}"
    resp = requests.get(url, headers={**_HEADERS, "Authorization": f"token {token}"}, allow_redirects=False, timeout=timeout)
    hops = 0
    while resp.status_code in (301, 302, 303, 307, 308):
        hops += 1
        if hops > 3:
            raise CredentialError("too many redirects downloading the tarball")
        loc = resp.headers.get("Location", "")
        if urlsplit(loc).scheme not in ("http", "https"):
            raise CredentialError(f"unexpected tarball redirect {loc[:100]!r}")
        resp.close()
        # The archive host gets no Authorization header: the URL carries its own grant.
        resp = requests.get(loc, headers={"User-Agent": "goleash"}, allow_redirects=False, timeout=timeout, stream=True)
    if resp.status_code != 200:
        raise CredentialError(f"downloading the tarball of {sha[:12]} failed: HTTP {resp.status_code}")
    size = 0
    with open(dest, "wb") as fh:
        for chunk in resp.iter_content(1 << 16):
            size += len(chunk)
            if size > max_bytes:
                raise CredentialError(f"the tarball is larger than {max_bytes >> 20} MiB")
            fh.write(chunk)
    return size
