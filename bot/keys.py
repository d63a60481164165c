"""Every Redis key the app uses, in one place, so receiver and workers agree on them."""

from __future__ import annotations

PREFIX = "goleash"


def delivery(delivery_id: str) -> str:
    return f"{PREFIX}:delivery:{delivery_id}"


def pr(repo: str, number: int) -> str:
    return f"{PREFIX}:pr:{repo}#{number}"


def pr_head(repo: str, number: int) -> str:
    return pr(repo, number) + ":head"


def pr_lock(repo: str, number: int) -> str:
    return pr(repo, number) + ":lock"


def pr_done(repo: str, number: int, sha: str) -> str:
    return pr(repo, number) + f":done:{sha}"


def check_run(repo: str, sha: str) -> str:
    return f"{PREFIX}:check-run:{repo}@{sha}"


def installation_token(installation_id: int) -> str:
    return f"{PREFIX}:installation-token:{installation_id}"
