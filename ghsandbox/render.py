"""GitHub REST representations of the sandbox's objects, shaped after the component schemas of
``openapi/github-bot-subset.json``.  URLs point back at the sandbox (``api`` = the API root the client
used, ``/api/v3`` included when it used that prefix; ``web`` = the sandbox root standing in for
github.com), so clients that follow ``url`` fields (PyGithub does) stay on the sandbox.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .diffing import FileDiff
from .gitdata import Commit
from .state import SandboxState, User, iso, legacy_node_id


@dataclass
class Urls:
    api: str  # e.g. http://127.0.0.1:5000/api/v3   (no trailing slash)
    web: str  # e.g. http://127.0.0.1:5000          (no trailing slash)

    def repo(self, st: SandboxState) -> str:
        return f"{self.api}/repos/{st.full_name}"

    def html_repo(self, st: SandboxState) -> str:
        return f"{self.web}/{st.full_name}"


def b64_lines(data: bytes) -> str:
    """Base64 the way GitHub's contents/blobs API sends it: a newline after every 60 characters."""
    enc = base64.b64encode(data).decode()
    return "".join(enc[i : i + 60] + "\n" for i in range(0, len(enc), 60))


def simple_user(u: User, urls: Urls) -> dict:
    a = f"{urls.api}/users/{quote(u.login)}"
    d = {
        "login": u.login,
        "id": u.id,
        "node_id": legacy_node_id(u.type if u.type != "Bot" else "Bot", u.id),
        "avatar_url": f"{urls.web}/avatars/u/{u.id}?v=4",
        "gravatar_id": "",
        "url": a,
        "html_url": f"{urls.web}/{'apps/' + u.login[:-5] if u.type == 'Bot' else quote(u.login)}",
        "followers_url": f"{a}/followers",
        "following_url": f"{a}/following{{/other_user}}",
        "gists_url": f"{a}/gists{{/gist_id}}",
        "starred_url": f"{a}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{a}/subscriptions",
        "organizations_url": f"{a}/orgs",
        "repos_url": f"{a}/repos",
        "events_url": f"{a}/events{{/privacy}}",
        "received_events_url": f"{a}/received_events",
        "type": u.type,
        "user_view_type": "public",
        "site_admin": False,
    }
    return d


def user_by(st: SandboxState, brief: dict, urls: Urls) -> dict:
    u = st.users.get(brief["login"]) or User(brief["login"], brief["id"], brief.get("type", "User"))
    return simple_user(u, urls)


def app_permissions(st: SandboxState) -> dict:
    return dict(st.scenario.permissions)


def integration(st: SandboxState, urls: Urls) -> dict:
    created = iso(st.scenario.base_time - 86400 * 30)
    return {
        "id": st.app_id,
        "slug": st.app_slug,
        "node_id": legacy_node_id("Integration", st.app_id),
        "client_id": st.client_id,
        "owner": simple_user(st.owner_user, urls),
        "name": st.scenario.app_name,
        "description": "Reviews Go pull requests for concurrency bugs",
        "external_url": f"{urls.web}/goleash",
        "html_url": f"{urls.web}/apps/{st.app_slug}",
        "created_at": created,
        "updated_at": created,
        "permissions": app_permissions(st),
        "events": list(st.scenario.events),
        "installations_count": 1,
    }


def installation(st: SandboxState, urls: Urls) -> dict:
    created = iso(st.scenario.base_time - 86400 * 7)
    owner = st.owner_user
    return {
        "id": st.installation_id,
        "account": simple_user(owner, urls),
        "repository_selection": "selected",
        "access_tokens_url": f"{urls.api}/app/installations/{st.installation_id}/access_tokens",
        "repositories_url": f"{urls.api}/installation/repositories",
        "html_url": (
            f"{urls.web}/organizations/{owner.login}/settings/installations/{st.installation_id}"
            if owner.type == "Organization"
            else f"{urls.web}/settings/installations/{st.installation_id}"
        ),
        "app_id": st.app_id,
        "client_id": st.client_id,
        "target_id": owner.id,
        "target_type": owner.type,
        "permissions": app_permissions(st),
        "events": list(st.scenario.events),
        "created_at": created,
        "updated_at": created,
        "single_file_name": None,
        "has_multiple_single_files": False,
        "single_file_paths": [],
        "app_slug": st.app_slug,
        "suspended_by": None,
        "suspended_at": None,
    }


def repository(st: SandboxState, urls: Urls, version: str = "2022-11-28") -> dict:
    r = urls.repo(st)
    h = urls.html_repo(st)
    created = iso(st.scenario.base_time - 86400 * 365)
    d = {
        "id": st.scenario.repo_id,
        "node_id": legacy_node_id("Repository", st.scenario.repo_id),
        "name": st.repo,
        "full_name": st.full_name,
        "private": st.scenario.private,
        "owner": simple_user(st.owner_user, urls),
        "html_url": h,
        "description": "Inventory service (goleash sandbox scenario)",
        "fork": False,
        "url": r,
        "forks_url": f"{r}/forks",
        "keys_url": f"{r}/keys{{/key_id}}",
        "collaborators_url": f"{r}/collaborators{{/collaborator}}",
        "teams_url": f"{r}/teams",
        "hooks_url": f"{r}/hooks",
        "issue_events_url": f"{r}/issues/events{{/number}}",
        "events_url": f"{r}/events",
        "assignees_url": f"{r}/assignees{{/user}}",
        "branches_url": f"{r}/branches{{/branch}}",
        "tags_url": f"{r}/tags",
        "blobs_url": f"{r}/git/blobs{{/sha}}",
        "git_tags_url": f"{r}/git/tags{{/sha}}",
        "git_refs_url": f"{r}/git/refs{{/sha}}",
        "trees_url": f"{r}/git/trees{{/sha}}",
        "statuses_url": f"{r}/statuses/{{sha}}",
        "languages_url": f"{r}/languages",
        "stargazers_url": f"{r}/stargazers",
        "contributors_url": f"{r}/contributors",
        "subscribers_url": f"{r}/subscribers",
        "subscription_url": f"{r}/subscription",
        "commits_url": f"{r}/commits{{/sha}}",
        "git_commits_url": f"{r}/git/commits{{/sha}}",
        "comments_url": f"{r}/comments{{/number}}",
        "issue_comment_url": f"{r}/issues/comments{{/number}}",
        "contents_url": f"{r}/contents/{{+path}}",
        "compare_url": f"{r}/compare/{{base}}...{{head}}",
        "merges_url": f"{r}/merges",
        "archive_url": f"{r}/{{archive_format}}{{/ref}}",
        "downloads_url": f"{r}/downloads",
        "issues_url": f"{r}/issues{{/number}}",
        "pulls_url": f"{r}/pulls{{/number}}",
        "milestones_url": f"{r}/milestones{{/number}}",
        "notifications_url": f"{r}/notifications{{?since,all,participating}}",
        "labels_url": f"{r}/labels{{/name}}",
        "releases_url": f"{r}/releases{{/id}}",
        "deployments_url": f"{r}/deployments",
        "git_url": f"git://{urls.web.split('://', 1)[-1]}/{st.full_name}.git",
        "ssh_url": f"git@sandbox:{st.full_name}.git",
        "clone_url": f"{h}.git",
        "svn_url": h,
        "homepage": None,
        "mirror_url": None,
        "language": "Go",
        "forks_count": 0,
        "forks": 0,
        "stargazers_count": 3,
        "watchers_count": 3,
        "watchers": 3,
        "size": 48,
        "default_branch": st.scenario.base_branch,
        "open_issues_count": 1,
        "open_issues": 1,
        "is_template": False,
        "topics": ["go", "inventory"],
        "has_issues": True,
        "has_projects": False,
        "has_wiki": False,
        "has_pages": False,
        "has_downloads": True,
        "has_discussions": False,
        "archived": False,
        "disabled": False,
        "visibility": "private" if st.scenario.private else "public",
        "pushed_at": iso(st.head_commit.timestamp),
        "created_at": created,
        "updated_at": created,
        "allow_forking": False,
        "web_commit_signoff_required": False,
        "license": None,
    }
    if version == "2026-03-10":
        d.pop("has_downloads", None)
    return d


def pr_minimal(st: SandboxState, urls: Urls) -> dict:
    r = urls.repo(st)
    repo_min = {"id": st.scenario.repo_id, "url": r, "name": st.repo}
    return {
        "id": pr_id(st),
        "number": st.pr_number,
        "url": f"{r}/pulls/{st.pr_number}",
        "head": {"ref": st.scenario.head_branch, "sha": st.head_sha, "repo": repo_min},
        "base": {"ref": st.scenario.base_branch, "sha": st.base_sha, "repo": repo_min},
    }


def pr_id(st: SandboxState) -> int:
    return 1_900_000_000 + st.pr_number


def _link(href: str) -> dict:
    return {"href": href}


def pull_request(st: SandboxState, urls: Urls, version: str = "2022-11-28", consume_mergeable: bool = True) -> dict:
    r = urls.repo(st)
    h = urls.html_repo(st)
    n = st.pr_number
    files = st.pr_files()
    repo = repository(st, urls, version)
    pending = st.pr_state["mergeable_pending"]
    if consume_mergeable:
        # Like GitHub: right after a push `mergeable` is null while the merge is computed; it is
        # known on the next request.
        st.pr_state["mergeable_pending"] = False
    visible = st.visible_review_comments()
    d = {
        "url": f"{r}/pulls/{n}",
        "id": pr_id(st),
        "node_id": legacy_node_id("PullRequest", pr_id(st)),
        "html_url": f"{h}/pull/{n}",
        "diff_url": f"{h}/pull/{n}.diff",
        "patch_url": f"{h}/pull/{n}.patch",
        "issue_url": f"{r}/issues/{n}",
        "commits_url": f"{r}/pulls/{n}/commits",
        "review_comments_url": f"{r}/pulls/{n}/comments",
        "review_comment_url": f"{r}/pulls/comments{{/number}}",
        "comments_url": f"{r}/issues/{n}/comments",
        "statuses_url": f"{r}/statuses/{st.head_sha}",
        "number": n,
        "state": st.pr_state["state"],
        "locked": False,
        "title": st.scenario.title,
        "user": simple_user(st.author, urls),
        "body": st.scenario.body,
        "labels": [],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": st.pr_state["created_at"],
        "updated_at": st.pr_state["updated_at"],
        "closed_at": None,
        "merged_at": None,
        "merge_commit_sha": None,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": {
            "label": f"{st.owner}:{st.scenario.head_branch}",
            "ref": st.scenario.head_branch,
            "sha": st.head_sha,
            "user": simple_user(st.owner_user, urls),
            "repo": repo,
        },
        "base": {
            "label": f"{st.owner}:{st.scenario.base_branch}",
            "ref": st.scenario.base_branch,
            "sha": st.base_sha,
            "user": simple_user(st.owner_user, urls),
            "repo": repo,
        },
        "_links": {
            "self": _link(f"{r}/pulls/{n}"),
            "html": _link(f"{h}/pull/{n}"),
            "issue": _link(f"{r}/issues/{n}"),
            "comments": _link(f"{r}/issues/{n}/comments"),
            "review_comments": _link(f"{r}/pulls/{n}/comments"),
            "review_comment": _link(f"{r}/pulls/comments{{/number}}"),
            "commits": _link(f"{r}/pulls/{n}/commits"),
            "statuses": _link(f"{r}/statuses/{st.head_sha}"),
        },
        "author_association": association(st, st.author),
        "auto_merge": None,
        "draft": False,
        "merged": False,
        "mergeable": None if pending else True,
        "rebaseable": None if pending else True,
        "mergeable_state": "unknown" if pending else "clean",
        "merged_by": None,
        "comments": len(st.issue_comments),
        "review_comments": len(visible),
        "maintainer_can_modify": False,
        "commits": len(st.pr_commits),
        "additions": sum(f.additions for f in files),
        "deletions": sum(f.deletions for f in files),
        "changed_files": len(files),
    }
    if version == "2026-03-10":
        d.pop("merge_commit_sha", None)
        d.pop("assignee", None)
    return d


def association(st: SandboxState, u: User) -> str:
    if u.type == "Bot":
        return "NONE"
    if u.login == st.owner:
        return "OWNER"
    if u.role in ("admin", "maintain", "write", "triage", "read"):
        return "MEMBER" if st.owner_user.type == "Organization" else "COLLABORATOR"
    return "CONTRIBUTOR" if u.login == st.author.login else "NONE"


def diff_entry(st: SandboxState, urls: Urls, fd: FileDiff, commit_sha: str) -> dict:
    r = urls.repo(st)
    h = urls.html_repo(st)
    sha_for_urls = commit_sha if fd.status != "removed" else st.base_sha
    d = {
        "sha": fd.new_sha or fd.old_sha,
        "filename": fd.filename,
        "status": fd.status,
        "additions": fd.additions,
        "deletions": fd.deletions,
        "changes": fd.changes,
        "blob_url": f"{h}/blob/{sha_for_urls}/{quote(fd.filename)}",
        "raw_url": f"{h}/raw/{sha_for_urls}/{quote(fd.filename)}",
        "contents_url": f"{r}/contents/{quote(fd.filename)}?ref={sha_for_urls}",
    }
    # GitHub leaves out the patch of a file whose diff is too large to show.
    if fd.patch is not None and fd.patch.patch and len(fd.patch.patch.encode()) <= st.max_patch_bytes:
        d["patch"] = fd.patch.patch
    if fd.previous_filename:
        d["previous_filename"] = fd.previous_filename
    return d


def reaction_rollup(url: str, reactions: list[dict]) -> dict:
    keys = ["+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket"]
    d: dict[str, Any] = {"url": url, "total_count": len(reactions)}
    for k in keys:
        d[k] = sum(1 for r in reactions if r["content"] == k)
    return d


def review(st: SandboxState, urls: Urls, rv: dict) -> dict:
    r = urls.repo(st)
    h = urls.html_repo(st)
    n = st.pr_number
    u = st.users.get(rv["user"]["login"])
    d = {
        "id": rv["id"],
        "node_id": rv["node_id"],
        "user": user_by(st, rv["user"], urls),
        "body": rv["body"],
        "state": rv["state"],
        "html_url": f"{h}/pull/{n}#pullrequestreview-{rv['id']}",
        "pull_request_url": f"{r}/pulls/{n}",
        "_links": {"html": _link(f"{h}/pull/{n}#pullrequestreview-{rv['id']}"), "pull_request": _link(f"{r}/pulls/{n}")},
        "commit_id": rv["commit_id"],
        "author_association": association(st, u) if u else "NONE",
    }
    if rv["submitted_at"]:
        d["submitted_at"] = rv["submitted_at"]
    return d


def review_comment(st: SandboxState, urls: Urls, c: dict) -> dict:
    r = urls.repo(st)
    h = urls.html_repo(st)
    n = st.pr_number
    u = st.users.get(c["user"]["login"])
    d = {
        "url": f"{r}/pulls/comments/{c['id']}",
        "pull_request_review_id": c["pull_request_review_id"],
        "id": c["id"],
        "node_id": c["node_id"],
        "diff_hunk": c["diff_hunk"],
        "path": c["path"],
        "position": c["position"],
        "original_position": c["original_position"],
        "commit_id": c["commit_id"],
        "original_commit_id": c["original_commit_id"],
        "user": user_by(st, c["user"], urls),
        "body": c["body"],
        "created_at": c["created_at"],
        "updated_at": c["updated_at"],
        "html_url": f"{h}/pull/{n}#discussion_r{c['id']}",
        "pull_request_url": f"{r}/pulls/{n}",
        "author_association": association(st, u) if u else "NONE",
        "_links": {
            "self": _link(f"{r}/pulls/comments/{c['id']}"),
            "html": _link(f"{h}/pull/{n}#discussion_r{c['id']}"),
            "pull_request": _link(f"{r}/pulls/{n}"),
        },
        "reactions": reaction_rollup(f"{r}/pulls/comments/{c['id']}/reactions", []),
        "start_line": c["start_line"],
        "original_start_line": c["original_start_line"],
        "start_side": c["start_side"],
        "line": c["line"],
        "original_line": c["original_line"],
        "side": c["side"] or "RIGHT",
        "subject_type": c["subject_type"],
    }
    if c["in_reply_to"] is not None:
        d["in_reply_to_id"] = c["in_reply_to"]
    if c["subject_type"] == "file":
        for k in ("line", "original_line"):
            d.pop(k)
    return d


def check_run(st: SandboxState, urls: Urls, run: dict) -> dict:
    r = urls.repo(st)
    h = urls.html_repo(st)
    prs = [pr_minimal(st, urls)] if run["head_sha"] in st.pr_commits else []
    return {
        "id": run["id"],
        "head_sha": run["head_sha"],
        "node_id": run["node_id"],
        "external_id": run["external_id"] or "",
        "url": f"{r}/check-runs/{run['id']}",
        "html_url": f"{h}/runs/{run['id']}",
        "details_url": run["details_url"] or f"{urls.web}/apps/{st.app_slug}",
        "status": run["status"],
        "conclusion": run["conclusion"],
        "started_at": run["started_at"],
        "completed_at": run["completed_at"],
        "output": {
            "title": run["output"]["title"],
            "summary": run["output"]["summary"],
            "text": run["output"]["text"],
            "annotations_count": len(run["annotations"]),
            "annotations_url": f"{r}/check-runs/{run['id']}/annotations",
        },
        "name": run["name"],
        "check_suite": {"id": run["check_suite_id"]},
        "app": integration(st, urls),
        "pull_requests": prs,
    }


def annotation(st: SandboxState, urls: Urls, run: dict, a: dict) -> dict:
    h = urls.html_repo(st)
    return {
        "path": a["path"],
        "blob_href": f"{h}/blob/{run['head_sha']}/{quote(a['path'])}",
        "start_line": a["start_line"],
        "start_column": a.get("start_column"),
        "end_line": a["end_line"],
        "end_column": a.get("end_column"),
        "annotation_level": a["annotation_level"],
        "title": a.get("title"),
        "message": a["message"],
        "raw_details": a.get("raw_details"),
    }


def issue_comment(st: SandboxState, urls: Urls, ic: dict) -> dict:
    r = urls.repo(st)
    h = urls.html_repo(st)
    u = st.users.get(ic["user"]["login"])
    reactions = [x for x in st.reactions if x["comment_id"] == ic["id"]]
    return {
        "id": ic["id"],
        "node_id": ic["node_id"],
        "url": f"{r}/issues/comments/{ic['id']}",
        "body": ic["body"],
        "html_url": f"{h}/pull/{st.pr_number}#issuecomment-{ic['id']}",
        "user": user_by(st, ic["user"], urls),
        "created_at": ic["created_at"],
        "updated_at": ic["updated_at"],
        "issue_url": f"{r}/issues/{st.pr_number}",
        "author_association": association(st, u) if u else "NONE",
        "performed_via_github_app": integration(st, urls) if ic["via_app"] else None,
        "reactions": reaction_rollup(f"{r}/issues/comments/{ic['id']}/reactions", reactions),
    }


def reaction(st: SandboxState, urls: Urls, rx: dict) -> dict:
    return {"id": rx["id"], "node_id": rx["node_id"], "user": user_by(st, rx["user"], urls), "content": rx["content"], "created_at": rx["created_at"]}


def status(st: SandboxState, urls: Urls, s: dict) -> dict:
    return {
        "url": f"{urls.repo(st)}/statuses/{s['sha']}",
        "avatar_url": f"{urls.web}/avatars/u/{st.bot_user.id}?v=4",
        "id": s["id"],
        "node_id": s["node_id"],
        "state": s["state"],
        "description": s["description"],
        "target_url": s["target_url"],
        "context": s["context"],
        "created_at": s["created_at"],
        "updated_at": s["updated_at"],
        "creator": user_by(st, s["creator"], urls),
    }


def git_user(c: Commit) -> dict:
    return {"name": c.author_name, "email": c.author_email, "date": iso(c.timestamp)}


def commit(st: SandboxState, urls: Urls, c: Commit, with_files: bool = False) -> dict:
    r = urls.repo(st)
    h = urls.html_repo(st)
    u = st.users.get(c.author_login or "")
    d = {
        "url": f"{r}/commits/{c.sha}",
        "sha": c.sha,
        "node_id": legacy_node_id("Commit", int(c.sha[:8], 16)),
        "html_url": f"{h}/commit/{c.sha}",
        "comments_url": f"{r}/commits/{c.sha}/comments",
        "commit": {
            "url": f"{r}/git/commits/{c.sha}",
            "author": git_user(c),
            "committer": git_user(c),
            "message": c.message,
            "comment_count": 0,
            "tree": {"sha": c.tree, "url": f"{r}/git/trees/{c.tree}"},
            "verification": {"verified": False, "reason": "unsigned", "payload": None, "signature": None, "verified_at": None},
        },
        "author": simple_user(u, urls) if u else None,
        "committer": simple_user(u, urls) if u else None,
        "parents": [{"sha": p, "url": f"{r}/commits/{p}", "html_url": f"{h}/commit/{p}"} for p in c.parents],
    }
    if with_files:
        from . import diffing
        from .gitdata import blob_sha

        parent_files = st.store.commits[c.parents[0]].snapshot.files if c.parents else {}
        fds = diffing.diff_snapshots(parent_files, c.snapshot.files, blob_sha)
        d["stats"] = {"additions": sum(f.additions for f in fds), "deletions": sum(f.deletions for f in fds), "total": sum(f.changes for f in fds)}
        d["files"] = [diff_entry(st, urls, f, c.sha) for f in fds]
    return d


def content_file(st: SandboxState, urls: Urls, path: str, data: bytes, sha: str, ref: str, raw_url: str) -> dict:
    r = urls.repo(st)
    h = urls.html_repo(st)
    self_url = f"{r}/contents/{quote(path)}?ref={quote(ref, safe='')}"
    return {
        "type": "file",
        "encoding": "base64",
        "size": len(data),
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "content": b64_lines(data),
        "sha": sha,
        "url": self_url,
        "git_url": f"{r}/git/blobs/{sha}",
        "html_url": f"{h}/blob/{ref}/{quote(path)}",
        "download_url": raw_url,
        "_links": {"self": self_url, "git": f"{r}/git/blobs/{sha}", "html": f"{h}/blob/{ref}/{quote(path)}"},
    }


def content_dir_entry(st: SandboxState, urls: Urls, path: str, entry, ref: str, raw_url: str | None) -> dict:
    r = urls.repo(st)
    h = urls.html_repo(st)
    kind = "dir" if entry.type == "tree" else "file"
    self_url = f"{r}/contents/{quote(path)}?ref={quote(ref, safe='')}"
    git_url = f"{r}/git/{'trees' if kind == 'dir' else 'blobs'}/{entry.sha}"
    html = f"{h}/{'tree' if kind == 'dir' else 'blob'}/{ref}/{quote(path)}"
    return {
        "type": kind,
        "size": entry.size or 0,
        "name": entry.name,
        "path": path,
        "sha": entry.sha,
        "url": self_url,
        "git_url": git_url,
        "html_url": html,
        "download_url": raw_url if kind == "file" else None,
        "_links": {"self": self_url, "git": git_url, "html": html},
    }


def rate_limit(st: SandboxState, version: str = "2022-11-28") -> dict:
    res = {}
    for name in (
        "core",
        "search",
        "graphql",
        "integration_manifest",
        "source_import",
        "code_scanning_upload",
        "actions_runner_registration",
        "scim",
        "dependency_snapshots",
        "code_search",
    ):
        info = st.rate_info(name)
        res[name] = {"limit": info["limit"], "used": info["used"], "remaining": info["remaining"], "reset": info["reset"]}
    d: dict[str, Any] = {"resources": res}
    if version != "2026-03-10":
        d["rate"] = dict(res["core"])
    return d


def error_body(message: str, status: int, doc: str | None = None, errors: list | None = None) -> dict:
    d: dict[str, Any] = {"message": message}
    if errors is not None:
        d["errors"] = errors
    d["documentation_url"] = doc or "https://docs.github.com/rest"
    d["status"] = str(status)
    return d


def now_iso() -> str:
    return iso(time.time())
