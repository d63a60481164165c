"""`installation` and `installation_repositories`: the registry of where the App may act."""

from __future__ import annotations

from .. import installations
from ..router import Event, Router, reads
from .common import Context, Id, Outcome, Reads, RepoName, User, logger

router = Router()


class InstalledRepository(Reads):
    full_name: RepoName | None = None


class InstallationId(Reads):
    id: Id
    account: User | None = None


class InstallationPayload(Reads):
    installation: InstallationId
    repositories: list[InstalledRepository] | None = None


class InstallationRepositoriesPayload(Reads):
    installation: InstallationId
    repositories_added: list[InstalledRepository] | None = None
    repositories_removed: list[InstalledRepository] | None = None


@router.register("installation")
@reads(InstallationPayload)
def installation_event(event: Event, ctx: Context) -> Outcome:
    inst = event.payload["installation"]
    iid = int(inst["id"])
    account = (inst.get("account") or {}).get("login", "")
    action = event.action
    if action == "created":
        installations.created(ctx.redis, iid, account, event.payload.get("repositories"))
    elif action == "deleted":
        installations.deleted(ctx.redis, iid)
    elif action == "suspend":
        installations.suspended(ctx.redis, iid)
    elif action == "unsuspend":
        installations.unsuspended(ctx.redis, iid)
    else:
        return Outcome("ignored", f"installation.{action}")
    logger.info("installation.changed", installation_id=iid, account=account, action=action)
    return Outcome("recorded", f"installation {iid} {action}")


@router.register("installation_repositories")
@reads(InstallationRepositoriesPayload)
def installation_repositories_event(event: Event, ctx: Context) -> Outcome:
    iid = int(event.payload["installation"]["id"])
    if installations.blocked(ctx.redis, iid):
        logger.info("webhook.installation_blocked", installation_id=iid, reason=installations.blocked(ctx.redis, iid))
        return Outcome("ignored", "the installation was removed or suspended")
    added = event.payload.get("repositories_added") or []
    removed = event.payload.get("repositories_removed") or []
    if added:
        installations.repositories_added(ctx.redis, iid, added)
    if removed:
        installations.repositories_removed(ctx.redis, iid, removed)
    logger.info("installation.repositories", installation_id=iid, added=len(added), removed=len(removed))
    return Outcome("recorded", f"installation {iid}: +{len(added)} -{len(removed)} repositories")
