"""The sandbox's world: one repository, one pull request, the App, its installation, and everything
clients did to them.

Everything is kept in plain dicts and lists so that tests (in-process) and the admin API (as JSON)
can inspect it.  All mutation goes through methods holding ``self.lock``.

Scenario layout (see ``ghsandbox/scenarios/sample``)::

    scenario.json      owner, repo, installation_id, app_id, pr_number, title, head_branch, users ...
    base/              the base branch snapshot
    head/              the PR head snapshot
    head2/ ...         further snapshots, for ``push("head2")``
    app.pem            optional: the App's RSA private key (generated when absent)
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jwt as pyjwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from . import diffing, paths
from .gitdata import Commit, ObjectStore, Snapshot, blob_sha

DEFAULT_PERMISSIONS = {
    "checks": "write",
    "contents": "read",
    "issues": "write",
    "metadata": "read",
    "pull_requests": "write",
    "statuses": "write",
}
DEFAULT_EVENTS = ["check_run", "check_suite", "issue_comment", "pull_request", "pull_request_review_comment"]
ROLE_TO_PERMISSION = {"admin": "admin", "maintain": "write", "write": "write", "triage": "read", "read": "read", "none": "none"}
TOKEN_TTL = 3600
CHECK_OUTPUT_MAX_BYTES = 65535  # output.summary / output.text, in UTF-8 bytes
SUGGESTION_RE = re.compile(r"^\s*(`{3,}|~{3,})\s*suggestion\b", re.M)


def iso(ts: float) -> str:
    return datetime.fromtimestamp(int(ts), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(s: str) -> float:
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()


def legacy_node_id(kind: str, num: int) -> str:
    """GitHub's legacy global node ids: base64("<len(kind)>:<Kind><id>"), e.g. MDQ6VXNlcjE= for User 1."""
    raw = f"{len(kind):02d}:{kind}{num}"
    return base64.b64encode(raw.encode()).decode()


def next_node_id(prefix: str, num: int) -> str:
    """New-style node ids (``PRRT_kwDO...``)."""
    return prefix + "_kwDO" + base64.urlsafe_b64encode(num.to_bytes(8, "big")).decode().rstrip("=")


@dataclass
class User:
    login: str
    id: int
    type: str = "User"  # User | Organization | Bot
    role: str = "none"  # admin | maintain | write | triage | read | none
    name: str | None = None
    email: str | None = None

    def brief(self) -> dict:
        return {"login": self.login, "id": self.id, "type": self.type}


@dataclass
class Injection:
    method: str
    pattern: re.Pattern
    status: int
    headers: dict[str, str]
    body: Any
    times: int | None  # None = forever
    process: bool = False  # True: the request is carried out, then its response is replaced
    hits: int = 0
    body_contains: str | None = None  # only requests whose body holds this text (e.g. a GraphQL field)

    def describe(self) -> dict:
        return {
            "method": self.method,
            "path": self.pattern.pattern,
            "status": self.status,
            "headers": self.headers,
            "body": self.body,
            "times": self.times,
            "process": self.process,
            "hits": self.hits,
        }


class SandboxError(Exception):
    """A GitHub-style error response raised by state operations and rendered by the server."""

    def __init__(self, status: int, message: str, errors: list | None = None, headers: dict | None = None, doc: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.headers = headers or {}
        self.doc = doc


class Scenario:
    def __init__(self, directory: Path):
        self.dir = Path(directory)
        cfg = json.loads((self.dir / "scenario.json").read_text())
        # `"extends": "sample"`: start from a sibling scenario and overlay only what differs
        # (its scenario.json keys, and files in same-named snapshot directories).
        self.parent = Scenario(self.dir.parent / cfg.pop("extends")) if "extends" in cfg else None
        if self.parent is not None:
            cfg = {**self.parent.cfg, **cfg}
        self.cfg = cfg
        self.owner: str = cfg["owner"]
        self.owner_type: str = cfg.get("owner_type", "Organization")
        self.repo: str = cfg["repo"]
        self.repo_id: int = int(cfg.get("repo_id", 712345678))
        self.installation_id: int = int(cfg["installation_id"])
        self.app_id: int = int(cfg["app_id"])
        self.client_id: str = cfg.get("client_id", f"Iv23li{hashlib.sha1(str(self.app_id).encode()).hexdigest()[:14]}")
        self.app_slug: str = cfg.get("app_slug", "goleash")
        self.app_name: str = cfg.get("app_name", self.app_slug)
        self.pr_number: int = int(cfg.get("pr_number", 1))
        self.title: str = cfg.get("title", "Pull request")
        self.body: str | None = cfg.get("body")
        self.head_branch: str = cfg.get("head_branch", "feature")
        self.base_branch: str = cfg.get("base_branch", "main")
        self.author: str = cfg.get("author") or next(iter(cfg.get("users", {"octocat": "write"})))
        self.users: dict[str, str] = dict(cfg.get("users", {}))
        self.permissions: dict[str, str] = dict(cfg.get("permissions", DEFAULT_PERMISSIONS))
        self.events: list[str] = list(cfg.get("events", DEFAULT_EVENTS))
        self.webhook_secret: str = cfg.get("webhook_secret", "sandbox-webhook-secret")
        self.private: bool = bool(cfg.get("private", True))
        self.review_comment_cap: int | None = cfg.get("review_comment_cap")
        self.base_time: int = int(parse_iso(cfg.get("base_time", "2024-05-01T10:00:00Z")))
        self.commit_messages: dict[str, str] = dict(cfg.get("commit_messages", {}))
        heads = cfg.get("heads")
        if heads is None:
            heads = sorted(
                (p.name for p in self.dir.iterdir() if p.is_dir() and re.fullmatch(r"head\d*", p.name)),
                key=lambda n: int(n[4:] or 1),
            )
        self.heads: list[str] = list(heads)
        key_file = cfg.get("private_key_file", "app.pem")
        self.private_key_path = self.dir / key_file if key_file and (self.dir / key_file).is_file() else None

    def snapshot(self, name: str) -> Snapshot:
        d = self.dir / name
        if self.parent is not None:
            snap = self.parent.snapshot(name)
            if d.is_dir():
                own = Snapshot.from_dir(name, d)
                snap.files.update(own.files)
                snap.modes.update(own.modes)
            return snap
        if not d.is_dir():
            raise KeyError(f"scenario {self.dir} has no snapshot directory {name!r}")
        return Snapshot.from_dir(name, d)


class SandboxState:
    """State of the sandbox; see the module docstring.  Public attributes worth knowing in tests:

    ``requests``, ``violations``, ``reviews``, ``review_comments``, ``threads``, ``thread_resolutions``,
    ``check_runs``, ``issue_comments``, ``reactions``, ``statuses``, ``head_sha``, ``base_sha``,
    ``private_key_pem``, ``app_id``, ``installation_id``, ``bot_login``.
    """

    def __init__(self, scenario_dir: str | Path | None = None, *, private_key_pem: str | None = None):
        self.lock = threading.RLock()
        self.scenario = Scenario(Path(scenario_dir) if scenario_dir else paths.sample_scenario())
        sc = self.scenario
        self.owner, self.repo = sc.owner, sc.repo
        self.full_name = f"{sc.owner}/{sc.repo}"
        self.app_id, self.client_id, self.installation_id = sc.app_id, sc.client_id, sc.installation_id
        self.app_slug = sc.app_slug
        self.bot_login = f"{sc.app_slug}[bot]"
        self.pr_number = sc.pr_number
        self.webhook_secret = sc.webhook_secret
        if private_key_pem is None and sc.private_key_path is not None:
            private_key_pem = sc.private_key_path.read_text()
        if private_key_pem is None:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            private_key_pem = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
            ).decode()
        self.private_key_pem: str = private_key_pem
        self._private_key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
        self.public_key_pem: str = (
            self._private_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        )
        self._token_secret = secrets.token_bytes(32)
        self.public_url: str | None = None  # set by SandboxServer / the CLI
        self.api_prefix = ""  # prefix used when rendering URLs outside a request (webhook payloads)

        # users
        self.users: dict[str, User] = {}
        uid = 583231
        self.owner_user = User(
            sc.owner, 9919 if sc.owner_type == "Organization" else uid, sc.owner_type, "admin" if sc.owner_type == "User" else "none"
        )
        self.users[sc.owner] = self.owner_user
        for i, (login, role) in enumerate(sorted(sc.users.items())):
            self.users[login] = User(login, uid + 1000 * (i + 1), "User", role, name=login.capitalize(), email=f"{login}@users.noreply.github.com")
        if sc.author not in self.users:
            self.users[sc.author] = User(sc.author, uid + 77, "User", "read")
        self.bot_user = User(self.bot_login, 41898282 + sc.app_id % 100000, "Bot", "none")
        self.users[self.bot_login] = self.bot_user
        self.author = self.users[sc.author]

        # git objects: base and the head snapshots are loaded once
        self.snapshots: dict[str, Snapshot] = {"base": sc.snapshot("base")}
        for name in sc.heads:
            self.snapshots[name] = sc.snapshot(name)
        if not sc.heads:
            raise ValueError("scenario needs at least one head snapshot (head/)")
        self.latency: float = 0.0
        # (path regex, seconds): answers slower only where a test wants GitHub to stall.
        self.slow_paths: list[tuple[re.Pattern, float]] = []
        self.reset()

    # ================================================================== lifecycle
    def reset(self) -> None:
        """Forget everything clients did; the PR head goes back to the first head snapshot."""
        with self.lock:
            sc = self.scenario
            self.store = ObjectStore()
            self._clock = sc.base_time
            base = self.store.add_commit(
                self.snapshots["base"],
                [],
                sc.commit_messages.get("base", "Initial commit"),
                self.owner_user.login,
                f"{self.owner_user.login}@example.com",
                self._clock,
                self.owner_user.login,
            )
            self.base_sha = base.sha
            self.branches: dict[str, str] = {sc.base_branch: base.sha}
            self.pr_commits: list[str] = []  # head chain, oldest first
            self.head_snapshot = ""
            self._diff_cache: dict[str, list[diffing.FileDiff]] = {}
            self._commit(sc.heads[0])
            self.pr_state = {"state": "open", "created_at": iso(sc.base_time + 1800), "updated_at": iso(self._clock), "mergeable_pending": True}

            self.requests: list[dict] = []
            self.violations: list[dict] = []
            self.reviews: list[dict] = []
            self.review_comments: list[dict] = []
            self.threads: list[dict] = []
            self.thread_resolutions: list[dict] = []
            self.check_runs: list[dict] = []
            self.check_suites: dict[str, int] = {}
            self.issue_comments: list[dict] = []
            self.reactions: list[dict] = []
            self.statuses: list[dict] = []
            self.tokens: dict[str, dict] = {}
            self.injections: list[Injection] = []
            self.pushes: list[dict] = []
            self.review_comment_cap: int | None = sc.review_comment_cap
            # (path, RIGHT line) pairs GitHub refuses to anchor a review comment on although the
            # files list's patch shows them: the stand-in for any divergence between the patch a
            # client maps with and the diff GitHub validates against.
            self.unanchorable_lines: set[tuple[str, int]] = set()
            self.strict_suggestions = True
            # GitHub's cut-offs for large pull requests and trees, lowered by tests to reach them
            # with small data. A recursive tree over either tree limit is cut short and marked
            # `truncated`; the files list leaves `patch` out of a file whose diff is longer than
            # `max_patch_bytes`, and GraphQL's `Blob.text` stops at `graphql_text_limit`
            # (`isTruncated`). GitHub publishes no figure for the last two.
            self.tree_entry_limit = 100_000
            self.tree_byte_limit = 7 << 20
            self.max_patch_bytes = 1 << 20
            self.graphql_text_limit = 512 << 10
            self.rate: dict[str, dict] = {}
            self.rate_window_start = time.time()
            # GitHub-sized ids: review comments, reviews, issue comments and check runs have all
            # passed 2^31 on github.com (GraphQL's Int `databaseId` cannot hold them), so a
            # client that squeezes them into 32 bits fails here as it would there.
            self._ids = {
                "review": 3_590_000_001,
                "review_comment": 2_680_000_001,
                "issue_comment": 3_710_000_001,
                "check_run": 59_000_000_001,
                "check_suite": 43_000_000_001,
                "status": 31_000_000_001,
                "reaction": 260_000_001,
                "thread": 1_000_001,
                "request": 1,
            }

    def _id(self, kind: str) -> int:
        n = self._ids[kind]
        self._ids[kind] = n + 1
        return n

    def _commit(self, snapshot_name: str) -> Commit:
        sc = self.scenario
        snap = self.snapshots.get(snapshot_name)
        if snap is None:
            snap = sc.snapshot(snapshot_name)
            self.snapshots[snapshot_name] = snap
        parent = self.pr_commits[-1] if self.pr_commits else self.base_sha
        self._clock += 3600
        msg = sc.commit_messages.get(snapshot_name, f"Update from {snapshot_name}")
        c = self.store.add_commit(
            snap,
            [parent],
            msg,
            self.author.name or self.author.login,
            self.author.email or f"{self.author.login}@example.com",
            self._clock,
            self.author.login,
        )
        self.pr_commits.append(c.sha)
        self.branches[sc.head_branch] = c.sha
        self.head_snapshot = snapshot_name
        return c

    # ================================================================== git queries
    @property
    def head_sha(self) -> str:
        return self.pr_commits[-1]

    @property
    def head_commit(self) -> Commit:
        return self.store.commits[self.head_sha]

    @property
    def base_commit(self) -> Commit:
        return self.store.commits[self.base_sha]

    def resolve_ref(self, ref: str | None) -> Commit | None:
        """Branch name, ``refs/heads/x``, full or abbreviated (>= 4 hex) commit sha."""
        if not ref:
            ref = self.scenario.base_branch
        ref = ref.removeprefix("refs/heads/").removeprefix("heads/")
        if ref in self.branches:
            return self.store.commits[self.branches[ref]]
        if ref == "HEAD":
            return self.store.commits[self.branches[self.scenario.base_branch]]
        if re.fullmatch(r"[0-9a-f]{4,40}", ref):
            matches = [c for s, c in self.store.commits.items() if s.startswith(ref)]
            if len(matches) == 1:
                return matches[0]
        return None

    def pr_files(self, commit_sha: str | None = None) -> list[diffing.FileDiff]:
        """The PR's changed files between the base and ``commit_sha`` (default: head)."""
        sha = commit_sha or self.head_sha
        with self.lock:
            cached = self._diff_cache.get(sha)
            if cached is None:
                cached = diffing.diff_snapshots(self.base_commit.snapshot.files, self.store.commits[sha].snapshot.files, blob_sha)
                self._diff_cache[sha] = cached
            return cached

    def file_diff(self, path: str, commit_sha: str | None = None) -> diffing.FileDiff | None:
        return next((f for f in self.pr_files(commit_sha) if f.filename == path), None)

    def is_ancestor(self, maybe_ancestor: str, sha: str) -> bool:
        todo = [sha]
        seen = set()
        while todo:
            s = todo.pop()
            if s == maybe_ancestor:
                return True
            if s in seen or s not in self.store.commits:
                continue
            seen.add(s)
            todo.extend(self.store.commits[s].parents)
        return False

    def history(self, sha: str) -> list[str]:
        """Commits reachable from sha (first parents), newest first."""
        out = []
        cur: str | None = sha
        while cur:
            out.append(cur)
            c = self.store.commits[cur]
            cur = c.parents[0] if c.parents else None
        return out

    # ================================================================== test/driver API
    def push(self, snapshot_name: str, force: bool = False) -> str:
        """Move the PR head to a new commit whose tree is ``snapshot_name``; returns the new head sha.
        ``force=True`` is an amended commit force-pushed: it replaces the head, which is then no
        longer part of the pull request.

        Existing review comments are carried forward to the new head when their lines survived
        unchanged and are still inside the diff; otherwise they become outdated (``line`` null)."""
        with self.lock:
            before = self.head_sha
            if force:
                self.pr_commits.pop()
            c = self._commit(snapshot_name)
            self.pr_state["updated_at"] = iso(self._clock)
            self.pr_state["mergeable_pending"] = True
            self.pushes.append({"snapshot": snapshot_name, "before": before, "after": c.sha, "at": iso(time.time()), "forced": force})
            self._carry_comments_forward(c.sha)
            return c.sha

    def _carry_comments_forward(self, new_sha: str) -> None:
        for t in self.threads:
            root = self.comment(t["root_id"])
            if root is None or root["outdated"] or root["subject_type"] == "file":
                continue
            new_line = new_start = None
            side = root["side"] or "RIGHT"
            if side == "LEFT":
                # the base does not move on a push: a comment on a deleted line stays while the
                # new diff still shows that line (and its range) as deleted or context
                fd = self.file_diff(root["path"], new_sha)
                new_line, new_start = root["line"], root["start_line"]
                hit = fd.find("LEFT", new_line) if fd else None
                ok = hit is not None and (new_start is None or fd.find(root["start_side"] or "LEFT", new_start) is not None)
            else:
                ok = True
            if ok and side == "RIGHT":
                old_files = self.store.commits[root["commit_id"]].snapshot.files
                new_files = self.store.commits[new_sha].snapshot.files
                path = root["path"]
                if path in old_files and path in new_files:
                    new_line = diffing.map_line(old_files[path], new_files[path], root["line"])
                    if root["start_line"] is not None:
                        new_start = diffing.map_line(old_files[path], new_files[path], root["start_line"])
                        ok = new_start is not None
                    ok = ok and new_line is not None
                else:
                    ok = False
            if ok and side == "RIGHT":
                fd = self.file_diff(root["path"], new_sha)
                hit = fd.find("RIGHT", new_line) if fd else None
                ok = hit is not None
            ids = [root["id"]] + [cid for cid in t["comment_ids"] if cid != root["id"]]
            for cid in ids:
                c = self.comment(cid)
                if c is None:
                    continue
                if ok:
                    hunk, pl = hit
                    c.update(line=new_line, start_line=new_start, commit_id=new_sha, position=None if new_start is not None else pl.position)
                else:
                    c.update(line=None, start_line=None, position=None, outdated=True)
            t["is_outdated"] = not ok

    def add_human_reply(self, comment_id: int, body: str, user: str) -> dict:
        """A human answers in the thread of review comment ``comment_id`` (as on github.com)."""
        with self.lock:
            parent = self.comment(comment_id)
            if parent is None:
                raise KeyError(f"no review comment {comment_id}")
            u = self.users.get(user)
            if u is None:
                raise KeyError(f"unknown user {user!r}; scenario users: {sorted(self.users)}")
            return self._reply(parent, body, u)

    def add_issue_comment(self, body: str, user: str) -> dict:
        """A human comments on the PR conversation (e.g. a slash command)."""
        with self.lock:
            u = self.users.get(user)
            if u is None:
                raise KeyError(f"unknown user {user!r}")
            return self._new_issue_comment(body, u)

    def inject(
        self,
        method: str,
        path_regex: str,
        status: int,
        headers: dict | None = None,
        body: Any = None,
        times: int | None = 1,
        *,
        process: bool = False,
        body_contains: str | None = None,
    ) -> Injection:
        """Answer the next ``times`` requests whose API path (without ``/api/v3``) matches ``path_regex``
        (``re.search``) with ``status``.  ``method`` may be ``"*"``.  ``times=None`` means forever.

        ``body`` defaults to GitHub's body for that status (403/429: the secondary rate limit message
        when a ``Retry-After`` header is given or ``x-ratelimit-remaining`` is not ``0``, else the primary
        "API rate limit exceeded" message).  ``process=True`` carries the request out first and only
        replaces the response (the write happened but the client sees e.g. a 502)."""
        with self.lock:
            inj = Injection(
                method.upper(), re.compile(path_regex), int(status), dict(headers or {}), body, times, process, body_contains=body_contains
            )
            self.injections.append(inj)
            return inj

    def slow(self, path_regex: str, seconds: float) -> None:
        """Answer requests whose API path matches ``path_regex`` ``seconds`` later, on top of
        ``latency``; ``slow_paths.clear()`` undoes it."""
        self.slow_paths.append((re.compile(path_regex), float(seconds)))

    def delay_for(self, path: str) -> float:
        return self.latency + sum(s for rx, s in self.slow_paths if rx.search(path))

    def clear_injections(self) -> None:
        with self.lock:
            self.injections.clear()

    def take_injection(self, method: str, path: str, body: bytes = b"") -> Injection | None:
        with self.lock:
            for inj in self.injections:
                if inj.times is not None and inj.hits >= inj.times:
                    continue
                if inj.method not in ("*", method.upper()):
                    continue
                if inj.body_contains is not None and inj.body_contains.encode() not in body:
                    continue
                if inj.pattern.search(path):
                    inj.hits += 1
                    return inj
            return None

    def expire_tokens(self) -> None:
        """Make every installation token issued so far expired (the next use answers 401)."""
        with self.lock:
            for t in self.tokens.values():
                t["expires_at"] = time.time() - 1

    def set_rate_limit(self, remaining: int, resource: str = "core", limit: int | None = None, reset_in: float | None = None) -> None:
        """``reset_in``: seconds until the window resets (every bucket then starts afresh)."""
        with self.lock:
            b = self._bucket(resource)
            if reset_in is not None:
                self.rate_window_start = time.time() + reset_in - 3600
            if limit is not None:
                b["limit"] = limit
            b["used"] = max(0, b["limit"] - remaining)

    def make_jwt(self, *, iat_offset: int = -60, exp_offset: int = 540, iss: str | int | None = None) -> str:
        """A JWT signed with the App's key (as PyGithub's AppAuth makes)."""
        now = int(time.time())
        payload = {"iat": now + iat_offset, "exp": now + exp_offset, "iss": str(iss if iss is not None else self.app_id)}
        return pyjwt.encode(payload, self.private_key_pem, algorithm="RS256")

    # ================================================================== lookups
    def comment(self, comment_id: int) -> dict | None:
        return next((c for c in self.review_comments if c["id"] == comment_id and not c.get("deleted")), None)

    def thread_of(self, comment_id: int) -> dict | None:
        return next((t for t in self.threads if comment_id in t["comment_ids"]), None)

    def thread_by_node(self, node_id: str) -> dict | None:
        return next((t for t in self.threads if t["node_id"] == node_id), None)

    def issue_comment(self, comment_id: int) -> dict | None:
        return next((c for c in self.issue_comments if c["id"] == comment_id), None)

    def check_run(self, run_id: int) -> dict | None:
        return next((c for c in self.check_runs if c["id"] == run_id), None)

    def user(self, login: str) -> User | None:
        return self.users.get(login)

    # ================================================================== auth
    def issue_token(self, repositories: list[str] | None = None, permissions: dict | None = None, repository_ids: list[int] | None = None) -> dict:
        """Create an installation access token (the POST .../access_tokens logic)."""
        with self.lock:
            granted = self.scenario.permissions
            perms = dict(granted)
            if permissions:
                for k, v in permissions.items():
                    have = granted.get(k)
                    if have is None or (v == "write" and have == "read") or v not in ("read", "write", "admin"):
                        raise SandboxError(
                            422,
                            "The permissions requested are not granted to this installation.",
                            doc="https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app",
                        )
                perms = dict(permissions)
                perms.setdefault("metadata", "read")
            repos = None
            if repositories is not None or repository_ids is not None:
                names = list(repositories or [])
                ids = list(repository_ids or [])
                ok = all(n in (self.repo, self.full_name) for n in names) and all(i == self.scenario.repo_id for i in ids)
                if not ok or len(names) + len(ids) > 500:
                    raise SandboxError(
                        422,
                        "There is at least one repository that does not exist or is not accessible to the parent installation.",
                        doc="https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app",
                    )
                repos = [self.repo] if (names or ids) else []
            now = time.time()
            expires = now + TOKEN_TTL
            claims = (
                base64.urlsafe_b64encode(
                    json.dumps({"iid": self.installation_id, "n": secrets.token_hex(16), "exp": int(expires)}, separators=(",", ":")).encode()
                )
                .decode()
                .rstrip("=")
            )
            sig = base64.urlsafe_b64encode(hmac.new(self._token_secret, claims.encode(), hashlib.sha256).digest()).decode().rstrip("=")
            token = f"ghs_{self.app_id}_{claims}.{sig}"
            rec = {
                "token": token,
                "created_at": now,
                "expires_at": expires,
                "permissions": perms,
                "repositories": repos,
                "installation_id": self.installation_id,
            }
            self.tokens[token] = rec
            return rec

    def check_token(self, token: str) -> dict | None:
        with self.lock:
            rec = self.tokens.get(token)
            if rec is None or rec["expires_at"] <= time.time():
                return None
            return rec

    def verify_jwt(self, token: str) -> tuple[dict | None, str | None]:
        """GitHub's JWT rules; returns (claims, None) or (None, GitHub's error message)."""
        try:
            claims = pyjwt.decode(
                token,
                self.public_key_pem,
                algorithms=["RS256"],
                options={"verify_exp": False, "verify_iat": False, "verify_nbf": False, "verify_aud": False, "verify_iss": False},
            )
        except pyjwt.PyJWTError:
            return None, "A JSON web token could not be decoded"
        now = time.time()
        iss, iat, exp = claims.get("iss"), claims.get("iat"), claims.get("exp")
        if str(iss) not in (str(self.app_id), self.client_id):
            return None, "'Issuer' claim ('iss') must be an Integer"
        if not isinstance(iat, (int, float)) or iat > now + 5:
            return None, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
        if not isinstance(exp, (int, float)) or exp <= now:
            return None, ("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires")
        if exp > now + 600 + 5 or exp - iat > 600 + 60:
            return None, "'Expiration time' claim ('exp') is too far in the future"
        return claims, None

    # ================================================================== rate limits
    def _bucket(self, resource: str) -> dict:
        if time.time() >= self.rate_window_start + 3600:
            self.rate_window_start = time.time()
            self.rate = {}
        b = self.rate.get(resource)
        if b is None:
            b = {"limit": {"core": 5000, "graphql": 5000, "search": 30, "code_search": 10}.get(resource, 5000), "used": 0}
            self.rate[resource] = b
        return b

    def count_request(self, resource: str, cost: int = 1) -> dict:
        """Charge one request; returns the bucket state *after* it (limit, remaining, used, reset)."""
        with self.lock:
            b = self._bucket(resource)
            exceeded = b["used"] >= b["limit"]
            if not exceeded:
                b["used"] += cost
            return self.rate_info(resource) | {"exceeded": exceeded}

    def refund_request(self, resource: str, cost: int = 1) -> dict:
        """A conditional request answered 304 Not Modified does not count against the limit."""
        with self.lock:
            b = self._bucket(resource)
            b["used"] = max(0, b["used"] - cost)
            return self.rate_info(resource)

    def rate_info(self, resource: str) -> dict:
        with self.lock:
            b = self._bucket(resource)
            return {
                "limit": b["limit"],
                "remaining": max(0, b["limit"] - b["used"]),
                "used": b["used"],
                "reset": int(self.rate_window_start + 3600),
                "resource": resource,
            }

    # ================================================================== reviews
    def _anchor(self, commit_sha: str, c: dict, *, strict_suggestions: bool) -> tuple[dict | None, list[str]]:
        """Resolve a review comment's place in the diff at ``commit_sha`` (GitHub's rule: the line must
        be inside a hunk of that file; start_line in the same hunk and before line)."""
        errs: list[str] = []
        path = c.get("path")
        fd = self.file_diff(path, commit_sha) if isinstance(path, str) else None
        if fd is None:
            return None, ["Pull request review thread path is invalid", "Pull request review thread diff hunk can't be blank"]
        if c.get("subject_type") == "file":
            return {
                "path": path,
                "side": None,
                "start_side": None,
                "line": None,
                "start_line": None,
                "position": None,
                "diff_hunk": (fd.patch.hunks[0].header if fd.patch and fd.patch.hunks else ""),
                "subject_type": "file",
            }, []
        if fd.patch is None:
            return None, ["Pull request review thread diff hunk can't be blank"]
        line, side = c.get("line"), c.get("side")
        start_line, start_side = c.get("start_line"), c.get("start_side")
        position = c.get("position")
        if line is None and position is not None:
            hit = fd.patch.at_position(position)
            if hit is None:
                return None, ["Pull request review thread position is invalid", "Pull request review thread diff hunk can't be blank"]
            hunk, pl = hit
            side = "LEFT" if pl.kind == "-" else "RIGHT"
            line = pl.old_no if side == "LEFT" else pl.new_no
        else:
            side = side or "RIGHT"
            if side not in ("LEFT", "RIGHT") or (start_side and start_side not in ("LEFT", "RIGHT")):
                return None, ["Pull request review thread side is invalid"]
            if not isinstance(line, int):
                return None, ["Pull request review thread line must be part of the diff", "Pull request review thread diff hunk can't be blank"]
            hit = fd.patch.find(side, line)
            if hit is None or (side == "RIGHT" and (path, line) in self.unanchorable_lines):
                return None, ["Pull request review thread line must be part of the diff", "Pull request review thread diff hunk can't be blank"]
            hunk, pl = hit
        if start_line is not None:
            start_side = start_side or side
            if not isinstance(start_line, int) or start_line >= line:
                errs.append("Pull request review thread start line must precede the end line.")
            else:
                shit = fd.patch.find(start_side, start_line)
                if shit is None:
                    errs.append("Pull request review thread start line must be part of the diff")
                elif shit[0] is not hunk:
                    errs.append("Pull request review thread start line must be part of the same hunk as the line.")
        else:
            start_side = None
        body = c.get("body") or ""
        if strict_suggestions and SUGGESTION_RE.search(body) and "LEFT" in (side, start_side):
            # Sandbox rule (stricter than the API, which accepts the comment): GitHub's UI cannot apply
            # a suggestion anchored on deleted lines ("Applying suggestions on deleted lines is not supported").
            errs.append("Applying suggestions on deleted lines is not supported")
        if errs:
            return None, errs
        return {
            "path": path,
            "side": side,
            "start_side": start_side,
            "line": line,
            "start_line": start_line,
            "position": pl.position if start_line is None else None,
            "diff_hunk": fd.patch.diff_hunk_until(hunk, pl),
            "subject_type": "line",
        }, []

    @staticmethod
    def _sentence(errs: list[str]) -> str:
        errs = list(dict.fromkeys(errs))
        if len(errs) == 1:
            return errs[0]
        if len(errs) == 2:
            return f"{errs[0]} and {errs[1]}"
        return ", ".join(errs[:-1]) + ", and " + errs[-1]

    def create_review(self, body: dict) -> dict:
        with self.lock:
            commit_id = body.get("commit_id") or self.head_sha
            if commit_id not in self.pr_commits:
                # A sha the head no longer contains (force-pushed away) or never did; GitHub's
                # create-review runs the addPullRequestReview mutation and relays its message.
                raise SandboxError(
                    422,
                    "Unprocessable Entity",
                    ["The commitOID is not part of the pull request"],
                    doc="https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
                )
            event = body.get("event")
            text = body.get("body")
            comments = body.get("comments") or []
            errors: list[str] = []
            if event in ("REQUEST_CHANGES", "COMMENT") and not text and not (event == "COMMENT" and comments):
                errors.append("Body is required when using REQUEST_CHANGES or COMMENT")
            if text is not None and len(text) > 65536:
                errors.append("Body is too long (maximum is 65536 characters)")
            if event in ("APPROVE", "REQUEST_CHANGES") and self.author.login == self.bot_login:
                errors.append("Can not approve your own pull request")
            if event is None and any(r["state"] == "PENDING" and r["user"]["login"] == self.bot_login for r in self.reviews):
                errors.append("User can only have one pending review per pull request")
            if self.review_comment_cap is not None and len(comments) > self.review_comment_cap:
                errors.append("Review comments is invalid")
            anchors = []
            for c in comments:
                if len(c.get("body") or "") > 65536:
                    errors.append("Pull request review thread body is too long (maximum is 65536 characters)")
                    continue
                a, errs = self._anchor(commit_id, c, strict_suggestions=self.strict_suggestions)
                if errs:
                    errors.append(self._sentence(errs))
                anchors.append(a)
            if errors:
                raise SandboxError(
                    422,
                    "Unprocessable Entity",
                    list(dict.fromkeys(errors)),
                    doc="https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
                )
            state = {"APPROVE": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED", None: "PENDING"}[event]
            now = time.time()
            rid = self._id("review")
            review = {
                "id": rid,
                "node_id": next_node_id("PRR", rid),
                "user": self.bot_user.brief(),
                "body": text or "",
                "state": state,
                "commit_id": commit_id,
                "submitted_at": None if state == "PENDING" else iso(now),
                "comment_ids": [],
                "event": event,
            }
            self.reviews.append(review)
            for c, a in zip(comments, anchors):
                rc = self._new_review_comment(rid, commit_id, c["body"], a, self.bot_user, pending=state == "PENDING")
                review["comment_ids"].append(rc["id"])
            return review

    def _new_review_comment(
        self, review_id: int, commit_id: str, body: str, a: dict, user: User, pending: bool = False, in_reply_to: int | None = None
    ) -> dict:
        now = iso(time.time())
        cid = self._id("review_comment")
        rc = {
            "id": cid,
            "node_id": next_node_id("PRRC", cid),
            "pull_request_review_id": review_id,
            "path": a["path"],
            "body": body,
            "side": a["side"],
            "start_side": a["start_side"],
            "line": a["line"],
            "start_line": a["start_line"],
            "original_line": a["line"],
            "original_start_line": a["start_line"],
            "position": a["position"],
            "original_position": a["position"],
            "commit_id": commit_id,
            "original_commit_id": commit_id,
            "diff_hunk": a["diff_hunk"],
            "in_reply_to": in_reply_to,
            "user": user.brief(),
            "created_at": now,
            "updated_at": now,
            "subject_type": a["subject_type"],
            "outdated": False,
            "pending": pending,
            "deleted": False,
        }
        self.review_comments.append(rc)
        if in_reply_to is None:
            tid = self._id("thread")
            self.threads.append(
                {
                    "id": tid,
                    "node_id": next_node_id("PRRT", tid),
                    "root_id": cid,
                    "comment_ids": [cid],
                    "is_resolved": False,
                    "resolved_by": None,
                    "is_outdated": False,
                    "path": a["path"],
                }
            )
        else:
            t = self.thread_of(in_reply_to)
            if t is not None:
                t["comment_ids"].append(cid)
        return rc

    def _reply(self, parent: dict, body: str, user: User) -> dict:
        t = self.thread_of(parent["id"])
        root = self.comment(t["root_id"]) if t else parent
        root = root or parent
        a = {k: root[k] for k in ("path", "side", "start_side", "line", "start_line", "position", "diff_hunk", "subject_type")}
        rid = self._id("review")
        now = iso(time.time())
        self.reviews.append(
            {
                "id": rid,
                "node_id": next_node_id("PRR", rid),
                "user": user.brief(),
                "body": "",
                "state": "COMMENTED",
                "commit_id": root["commit_id"],
                "submitted_at": now,
                "comment_ids": [],
                "event": "COMMENT",
            }
        )
        rc = self._new_review_comment(rid, root["commit_id"], body, a, user, in_reply_to=root["id"])
        rc["original_commit_id"] = root["original_commit_id"]
        rc["original_line"], rc["original_start_line"] = root["original_line"], root["original_start_line"]
        rc["original_position"] = root["original_position"]
        rc["outdated"] = root["outdated"]
        self.reviews[-1]["comment_ids"].append(rc["id"])
        return rc

    def create_single_comment(self, body: dict) -> dict:
        """POST /pulls/{n}/comments (outside the subset): a one-comment review, or a reply."""
        with self.lock:
            if body.get("in_reply_to") is not None:
                parent = self.comment(int(body["in_reply_to"]))
                if parent is None:
                    raise SandboxError(404, "Not Found")
                return self._reply(parent, body.get("body") or "", self.bot_user)
            missing = [k for k in ("body", "commit_id", "path") if not body.get(k)]
            if missing:
                raise SandboxError(
                    422, "Validation Failed", [{"resource": "PullRequestReviewComment", "code": "missing_field", "field": k} for k in missing]
                )
            commit_id = body["commit_id"]
            if commit_id not in self.pr_commits:
                raise SandboxError(422, "Validation Failed", [{"resource": "PullRequestReviewComment", "code": "invalid", "field": "commit_id"}])
            a, errs = self._anchor(commit_id, body, strict_suggestions=self.strict_suggestions)
            if errs:
                raise SandboxError(
                    422,
                    "Validation Failed",
                    [{"resource": "PullRequestReviewComment", "code": "custom", "field": "pull_request_review_thread", "message": e} for e in errs],
                )
            rid = self._id("review")
            now = iso(time.time())
            review = {
                "id": rid,
                "node_id": next_node_id("PRR", rid),
                "user": self.bot_user.brief(),
                "body": "",
                "state": "COMMENTED",
                "commit_id": commit_id,
                "submitted_at": now,
                "comment_ids": [],
                "event": "COMMENT",
            }
            self.reviews.append(review)
            rc = self._new_review_comment(rid, commit_id, body["body"], a, self.bot_user)
            review["comment_ids"].append(rc["id"])
            return rc

    def update_comment(self, comment_id: int, body: str) -> dict:
        with self.lock:
            c = self.comment(comment_id)
            if c is None:
                raise SandboxError(404, "Not Found")
            if c["user"]["login"] != self.bot_login:
                raise SandboxError(403, "Resource not accessible by integration")
            c["body"] = body
            c["updated_at"] = iso(time.time())
            return c

    def delete_comment(self, comment_id: int) -> None:
        with self.lock:
            c = self.comment(comment_id)
            if c is None:
                raise SandboxError(404, "Not Found")
            if c["user"]["login"] != self.bot_login:
                raise SandboxError(403, "Resource not accessible by integration")
            c["deleted"] = True
            t = self.thread_of(comment_id)
            if t is not None:
                t["comment_ids"].remove(comment_id)
                if not t["comment_ids"]:
                    self.threads.remove(t)
                elif t["root_id"] == comment_id:
                    t["root_id"] = t["comment_ids"][0]

    def visible_review_comments(self) -> list[dict]:
        return [c for c in self.review_comments if not c["deleted"] and not c["pending"]]

    def set_thread_resolved(self, node_id: str, resolved: bool, by: User) -> dict:
        with self.lock:
            t = self.thread_by_node(node_id)
            if t is None:
                raise KeyError(node_id)
            t["is_resolved"] = resolved
            t["resolved_by"] = by.brief() if resolved else None
            self.thread_resolutions.append(
                {"thread_id": node_id, "resolved": resolved, "by": by.login, "comment_ids": list(t["comment_ids"]), "at": iso(time.time())}
            )
            return t

    # ================================================================== check runs
    def _suite(self, head_sha: str) -> int:
        if head_sha not in self.check_suites:
            self.check_suites[head_sha] = self._id("check_suite")
        return self.check_suites[head_sha]

    def _check_annotations(self, annotations: list[dict]) -> None:
        errs = []
        for i, a in enumerate(annotations):
            if ("start_column" in a or "end_column" in a) and a.get("start_line") != a.get("end_line"):
                errs.append(
                    {
                        "resource": "CheckRun",
                        "code": "invalid",
                        "field": f"output.annotations[{i}]",
                        "message": "start_column and end_column may only be used when start_line equals end_line",
                    }
                )
            if a.get("end_line", 0) < a.get("start_line", 0):
                errs.append(
                    {
                        "resource": "CheckRun",
                        "code": "invalid",
                        "field": f"output.annotations[{i}].end_line",
                        "message": "end_line must be greater than or equal to start_line",
                    }
                )
            if len(a.get("title") or "") > 255:
                errs.append({"resource": "CheckRun", "code": "too_long", "field": f"output.annotations[{i}].title"})
            for k in ("message", "raw_details"):
                if len((a.get(k) or "").encode()) > 64 * 1024:
                    errs.append({"resource": "CheckRun", "code": "too_long", "field": f"output.annotations[{i}].{k}"})
        if errs:
            raise SandboxError(422, "Validation Failed", errs, doc="https://docs.github.com/rest/checks/runs#update-a-check-run")

    @staticmethod
    def _check_output_size(output: dict, action: str) -> None:
        """GitHub counts output.summary/text in UTF-8 bytes, although the description says
        "characters": 65,535 characters of "é" pass the schema and are refused here. (Over 65,535
        characters the request validation has already answered "Only 65535 characters are allowed".)"""
        errs = [
            {"resource": "CheckRun", "code": "custom", "field": k, "message": f"{k} exceeds a maximum bytesize of {CHECK_OUTPUT_MAX_BYTES}"}
            for k in ("summary", "text")
            if isinstance(output.get(k), str) and len(output[k].encode()) > CHECK_OUTPUT_MAX_BYTES
        ]
        if errs:
            raise SandboxError(422, "Validation Failed", errs, doc=f"https://docs.github.com/rest/checks/runs#{action}-a-check-run")

    def _apply_check_fields(self, run: dict, body: dict) -> None:
        status = body.get("status")
        if status in ("waiting", "requested", "pending"):
            raise SandboxError(
                422,
                "Validation Failed",
                [{"resource": "CheckRun", "code": "invalid", "field": "status", "message": f"Only GitHub Actions can set a status of {status}."}],
            )
        output = body.get("output")
        if output is not None:
            self._check_annotations(output.get("annotations") or [])
            self._check_output_size(output, "update" if any(r is run for r in self.check_runs) else "create")
        for k in ("name", "details_url", "external_id", "started_at", "completed_at"):
            if k in body:
                run[k] = body[k]
        if "actions" in body:
            run["actions"] = body["actions"]
        if status:
            run["status"] = status
        if body.get("conclusion"):
            run["conclusion"] = body["conclusion"]
            run["status"] = "completed"
        if run["status"] == "completed":
            run["completed_at"] = run.get("completed_at") or iso(time.time())
        if run["status"] == "in_progress" and not run.get("started_at"):
            run["started_at"] = iso(time.time())
        if output is not None:
            for k in ("title", "summary", "text"):
                if k in output:
                    run["output"][k] = output[k]
            run["annotations"].extend(copy.deepcopy(output.get("annotations") or []))
            run["images"].extend(copy.deepcopy(output.get("images") or []))

    def create_check_run(self, body: dict) -> dict:
        with self.lock:
            head_sha = body.get("head_sha", "")
            if head_sha not in self.store.commits:
                raise SandboxError(422, f"No commit found for SHA: {head_sha}", doc="https://docs.github.com/rest/checks/runs#create-a-check-run")
            rid = self._id("check_run")
            run = {
                "id": rid,
                "node_id": legacy_node_id("CheckRun", rid),
                "name": body.get("name"),
                "head_sha": head_sha,
                "status": "queued",
                "conclusion": None,
                "started_at": iso(time.time()),
                "completed_at": None,
                "details_url": None,
                "external_id": None,
                "output": {"title": None, "summary": None, "text": None},
                "annotations": [],
                "images": [],
                "actions": [],
                "check_suite_id": self._suite(head_sha),
                "created": copy.deepcopy(body),
                "patches": [],
            }
            self._apply_check_fields(run, body)
            self.check_runs.append(run)
            return run

    def update_check_run(self, run_id: int, body: dict) -> dict:
        with self.lock:
            run = self.check_run(run_id)
            if run is None:
                raise SandboxError(404, "Not Found")
            self._apply_check_fields(run, body)
            run["patches"].append(copy.deepcopy(body))
            return run

    # ================================================================== issue comments, reactions, statuses
    def _new_issue_comment(self, body: str, user: User) -> dict:
        now = iso(time.time())
        cid = self._id("issue_comment")
        ic = {
            "id": cid,
            "node_id": next_node_id("IC", cid),
            "body": body,
            "user": user.brief(),
            "created_at": now,
            "updated_at": now,
            "via_app": user.type == "Bot",
        }
        self.issue_comments.append(ic)
        return ic

    def create_issue_comment(self, body: str) -> dict:
        with self.lock:
            if not body or not body.strip():
                raise SandboxError(
                    422,
                    "Validation Failed",
                    [{"resource": "IssueComment", "code": "missing_field", "field": "body"}],
                    doc="https://docs.github.com/rest/issues/comments#create-an-issue-comment",
                )
            if len(body) > 65536:
                raise SandboxError(
                    422,
                    "Validation Failed",
                    [{"resource": "IssueComment", "code": "custom", "field": "body", "message": "body is too long (maximum is 65536 characters)"}],
                    doc="https://docs.github.com/rest/issues/comments#create-an-issue-comment",
                )
            return self._new_issue_comment(body, self.bot_user)

    def update_issue_comment(self, comment_id: int, body: str) -> dict:
        with self.lock:
            ic = self.issue_comment(comment_id)
            if ic is None:
                raise SandboxError(404, "Not Found")
            if ic["user"]["login"] != self.bot_login:
                raise SandboxError(403, "Resource not accessible by integration")
            ic["body"] = body
            ic["updated_at"] = iso(time.time())
            return ic

    def create_reaction(self, comment_id: int, content: str) -> tuple[dict, bool]:
        """Returns (reaction, created).  The same user reacting twice gets the existing one (200)."""
        with self.lock:
            if self.issue_comment(comment_id) is None:
                raise SandboxError(404, "Not Found")
            for r in self.reactions:
                if r["comment_id"] == comment_id and r["content"] == content and r["user"]["login"] == self.bot_login:
                    return r, False
            rid = self._id("reaction")
            r = {
                "id": rid,
                "node_id": next_node_id("REA", rid),
                "user": self.bot_user.brief(),
                "content": content,
                "comment_id": comment_id,
                "created_at": iso(time.time()),
            }
            self.reactions.append(r)
            return r, True

    def create_status(self, sha: str, body: dict) -> dict:
        with self.lock:
            if sha not in self.store.commits:
                raise SandboxError(422, f"No commit found for SHA: {sha}", doc="https://docs.github.com/rest/commits/statuses#create-a-commit-status")
            now = iso(time.time())
            sid = self._id("status")
            st = {
                "id": sid,
                "node_id": legacy_node_id("StatusContext", sid),
                "sha": sha,
                "state": body["state"],
                "target_url": body.get("target_url"),
                "description": body.get("description"),
                "context": body.get("context") or "default",
                "creator": self.bot_user.brief(),
                "created_at": now,
                "updated_at": now,
            }
            self.statuses.append(st)
            return st

    # ================================================================== recording
    def record_request(self, entry: dict) -> None:
        with self.lock:
            entry["id"] = self._id("request")
            self.requests.append(entry)

    def record_violation(self, method: str, path: str, kind: str, error: str, operation: str | None = None) -> None:
        with self.lock:
            self.violations.append({"method": method, "path": path, "kind": kind, "error": error, "operation": operation})

    def summary(self) -> dict:
        """JSON-able view of everything (GET /_sandbox/state)."""
        with self.lock:
            return copy.deepcopy(
                {
                    "repository": self.full_name,
                    "pr_number": self.pr_number,
                    "base_sha": self.base_sha,
                    "head_sha": self.head_sha,
                    "head_snapshot": self.head_snapshot,
                    "pr_commits": self.pr_commits,
                    "snapshots": sorted(self.snapshots),
                    "pushes": self.pushes,
                    "app": {
                        "app_id": self.app_id,
                        "client_id": self.client_id,
                        "installation_id": self.installation_id,
                        "slug": self.app_slug,
                        "bot_login": self.bot_login,
                    },
                    "reviews": self.reviews,
                    "review_comments": self.review_comments,
                    "threads": self.threads,
                    "thread_resolutions": self.thread_resolutions,
                    "check_runs": self.check_runs,
                    "issue_comments": self.issue_comments,
                    "reactions": self.reactions,
                    "statuses": self.statuses,
                    "injections": [i.describe() for i in self.injections],
                    "latency": self.latency,
                    "tokens_issued": len(self.tokens),
                    "requests": len(self.requests),
                    "violations": len(self.violations),
                }
            )

    def new_delivery_id(self) -> str:
        return str(uuid.uuid4())
