"""``POST /graphql``: every document is validated against GitHub's published schema
(``graphql/schema.json``, via graphql-core ``build_client_schema`` + ``validate``) and executed
against the sandbox state with plain resolvers.

Supported data: ``repository(owner, name) { id name nameWithOwner owner { login }
pullRequest(number) { id number title state headRefOid headRefName baseRefName baseRefOid url
reviewThreads(first/after/last/before) { nodes/edges { id isResolved isOutdated path line startLine
diffSide resolvedBy comments(first/after) { nodes { id fullDatabaseId databaseId body author path line url ... } } } } } }``,
``repository { object(oid:|expression:) { ... on Blob { text isBinary isTruncated byteSize } } }``,
``node(id)`` for threads/comments/pull request, ``rateLimit``, ``viewer``, and the mutations
``resolveReviewThread`` / ``unresolveReviewThread``.  Fields the sandbox does not model resolve to
``null`` (an error for non-null fields), never to invented data.

Errors are shaped like GitHub's: HTTP 200 with ``{"errors": [{"message", "locations", ...}]}``;
unknown node ids give ``"type": "NOT_FOUND"``. Ids are GitHub-sized (past 2^31), so the deprecated
``databaseId`` (an ``Int``) of a review comment answers null with a field error, as an ``Int`` out of
its 32-bit range must; ``fullDatabaseId`` (a ``BigInt`` string) carries the id. Over the primary
limit GraphQL answers 200 with a ``RATE_LIMIT`` error (server.py).
"""

from __future__ import annotations

import base64
import json
import threading
from typing import Any

import graphql
from graphql import GraphQLError

from . import paths
from .state import SandboxState, iso

_schema = None
_schema_lock = threading.Lock()


def get_schema() -> graphql.GraphQLSchema:
    global _schema
    with _schema_lock:
        if _schema is None:
            data = json.loads(paths.graphql_schema_path().read_text())
            _schema = graphql.build_client_schema(data.get("data", data))
        return _schema


class NotFound(Exception):
    pass


class Forbidden(Exception):
    pass


def _cursor(i: int) -> str:
    return base64.b64encode(f"cursor:v2:{i}".encode()).decode()


def _uncursor(c: str | None) -> int | None:
    if c is None:
        return None
    try:
        return int(base64.b64decode(c).decode().rsplit(":", 1)[1])
    except Exception:  # noqa: BLE001
        raise GraphQLError(f"`{c}` does not appear to be a valid cursor.")


def _connection(items: list, first=None, after=None, last=None, before=None) -> dict:
    if first is not None and last is not None:
        raise GraphQLError("Passing both `first` and `last` to paginate the connection is not supported.")
    if first is None and last is None:
        raise GraphQLError("You must provide a `first` or `last` value to properly paginate the connection.")
    for name, v in (("first", first), ("last", last)):
        if v is not None and not (0 <= v <= 100):
            raise GraphQLError(f"Requesting {v} records on the connection exceeds the `{name}` limit of 100 records.")
    idx = list(range(len(items)))
    a, b = _uncursor(after), _uncursor(before)
    if a is not None:
        idx = [i for i in idx if i > a]
    if b is not None:
        idx = [i for i in idx if i < b]
    has_prev = bool(idx) and idx[0] > 0
    has_next = bool(idx) and idx[-1] < len(items) - 1
    if first is not None:
        has_next = has_next or len(idx) > first
        idx = idx[:first]
    if last is not None:
        has_prev = has_prev or len(idx) > last
        idx = idx[-last:] if last else []
    return {
        "nodes": [items[i] for i in idx],
        "edges": [{"cursor": _cursor(i), "node": items[i]} for i in idx],
        "pageInfo": {
            "hasNextPage": has_next,
            "hasPreviousPage": has_prev,
            "startCursor": _cursor(idx[0]) if idx else None,
            "endCursor": _cursor(idx[-1]) if idx else None,
        },
        "totalCount": len(items),
    }


class Resolver:
    def __init__(self, st: SandboxState, web: str, can_write: bool, can_read: bool):
        self.st = st
        self.web = web
        self.can_write = can_write
        self.can_read = can_read
        self.mutations: list[dict] = []

    # -------------------------------------------------------------- objects
    def actor(self, brief: dict | None) -> dict | None:
        if brief is None:
            return None
        u = self.st.users.get(brief["login"])
        is_bot = (u.type if u else brief.get("type")) == "Bot"
        login = brief["login"][:-5] if is_bot and brief["login"].endswith("[bot]") else brief["login"]
        return {
            "__typename": "Bot" if is_bot else "User",
            "login": login,
            "databaseId": brief["id"],
            "id": f"{'BOT' if is_bot else 'U'}_kgDO{brief['id']}",
            "url": f"{self.web}/{login}",
            "avatarUrl": f"{self.web}/avatars/u/{brief['id']}",
            "resourcePath": f"/{login}",
        }

    def comment(self, c: dict) -> dict:
        st = self.st
        url = f"{self.web}/{st.full_name}/pull/{st.pr_number}#discussion_r{c['id']}"
        return {
            "__typename": "PullRequestReviewComment",
            "id": c["node_id"],
            "databaseId": c["id"],
            "fullDatabaseId": str(c["id"]),
            "body": c["body"],
            "bodyText": c["body"],
            "path": c["path"],
            "line": c["line"],
            "startLine": c["start_line"],
            "originalLine": c["original_line"],
            "originalStartLine": c["original_start_line"],
            "position": c["position"],
            "originalPosition": c["original_position"],
            "diffHunk": c["diff_hunk"],
            "outdated": c["outdated"],
            "createdAt": c["created_at"],
            "updatedAt": c["updated_at"],
            "publishedAt": c["created_at"],
            "url": url,
            "resourcePath": url.replace(self.web, ""),
            "author": self.actor(c["user"]),
            "authorAssociation": "NONE" if c["user"].get("type") == "Bot" else "MEMBER",
            "state": "PENDING" if c["pending"] else "SUBMITTED",
            "subjectType": c["subject_type"].upper(),
            "commit": {"oid": c["commit_id"], "abbreviatedOid": c["commit_id"][:7]},
            "originalCommit": {"oid": c["original_commit_id"], "abbreviatedOid": c["original_commit_id"][:7]},
            "replyTo": (
                lambda info, **kw: self.comment(self.st.comment(c["in_reply_to"])) if c["in_reply_to"] and self.st.comment(c["in_reply_to"]) else None
            ),
            "isMinimized": False,
            "minimizedReason": None,
            "viewerDidAuthor": c["user"]["login"] == st.bot_login,
            "viewerCanUpdate": c["user"]["login"] == st.bot_login,
            "viewerCanDelete": c["user"]["login"] == st.bot_login,
            "viewerCanReact": True,
            "viewerCanMinimize": True,
            "viewerCannotUpdateReasons": [],
            "includesCreatedEdit": False,
            "createdViaEmail": False,
            "lastEditedAt": None,
            "editor": None,
            "pullRequest": lambda info, **kw: self.pull_request(),
        }

    def thread(self, t: dict) -> dict:
        st = self.st
        root = st.comment(t["root_id"])
        return {
            "__typename": "PullRequestReviewThread",
            "id": t["node_id"],
            "isResolved": t["is_resolved"],
            "isOutdated": t["is_outdated"],
            "isCollapsed": t["is_resolved"],
            "path": t["path"],
            "line": root["line"] if root else None,
            "startLine": root["start_line"] if root else None,
            "originalLine": root["original_line"] if root else None,
            "originalStartLine": root["original_start_line"] if root else None,
            "diffSide": (root["side"] or "RIGHT") if root else "RIGHT",
            "startDiffSide": root["start_side"] if root else None,
            "subjectType": (root["subject_type"].upper() if root else "LINE"),
            "resolvedBy": self.actor(t["resolved_by"]),
            "viewerCanResolve": self.can_write and not t["is_resolved"],
            "viewerCanUnresolve": self.can_write and t["is_resolved"],
            "viewerCanReply": self.can_write,
            "comments": lambda info, first=None, after=None, last=None, before=None, skip=None, **kw: _connection(
                [self.comment(st.comment(cid)) for cid in t["comment_ids"] if st.comment(cid)], first, after, last, before
            ),
            "pullRequest": lambda info, **kw: self.pull_request(),
            "repository": lambda info, **kw: self.repository(),
        }

    def pull_request(self) -> dict:
        st = self.st
        if not self.can_read:
            raise Forbidden("Resource not accessible by integration")
        return {
            "__typename": "PullRequest",
            "id": f"PR_kwDO{st.scenario.repo_id}{st.pr_number}",
            "databaseId": 1_900_000_000 + st.pr_number,
            "number": st.pr_number,
            "title": st.scenario.title,
            "body": st.scenario.body or "",
            "state": "OPEN",
            "isDraft": False,
            "closed": False,
            "merged": False,
            "headRefOid": st.head_sha,
            "headRefName": st.scenario.head_branch,
            "baseRefName": st.scenario.base_branch,
            "baseRefOid": st.base_sha,
            "url": f"{self.web}/{st.full_name}/pull/{st.pr_number}",
            "author": self.actor(st.author.brief()),
            "createdAt": st.pr_state["created_at"],
            "updatedAt": st.pr_state["updated_at"],
            "changedFiles": len(st.pr_files()),
            "additions": sum(f.additions for f in st.pr_files()),
            "deletions": sum(f.deletions for f in st.pr_files()),
            "reviewThreads": lambda info, first=None, after=None, last=None, before=None, **kw: _connection(
                [self.thread(t) for t in st.threads if not self._pending_thread(t)], first, after, last, before
            ),
            "repository": lambda info, **kw: self.repository(),
        }

    def _pending_thread(self, t: dict) -> bool:
        root = self.st.comment(t["root_id"])
        return bool(root and root["pending"])

    def repository(self) -> dict:
        st = self.st
        return {
            "__typename": "Repository",
            "id": f"R_kgDO{st.scenario.repo_id}",
            "databaseId": st.scenario.repo_id,
            "name": st.repo,
            "nameWithOwner": st.full_name,
            "isPrivate": st.scenario.private,
            "url": f"{self.web}/{st.full_name}",
            "owner": {
                "__typename": st.owner_user.type if st.owner_user.type != "Bot" else "User",
                "login": st.owner,
                "id": f"O_kgDO{st.owner_user.id}",
                "url": f"{self.web}/{st.owner}",
            },
            "defaultBranchRef": {"name": st.scenario.base_branch, "target": {"__typename": "Commit", "oid": st.base_sha}},
            "pullRequest": self._pull_request_arg,
            "object": self._git_object,
        }

    def _git_object(self, info, oid: str | None = None, expression: str | None = None, **kw):
        """A blob or commit by sha, or by ``rev:path``; null when there is none, as on GitHub."""
        st = self.st
        if expression is not None:
            rev, _, path = expression.partition(":")
            c = st.resolve_ref(rev)
            e = st.store.lookup_path(c.tree, path) if c is not None and path else None
            oid = e.sha if e is not None and e.type == "blob" else (c.sha if c is not None and not path else None)
        if oid is None:
            return None
        if oid in st.store.commits:
            return {"__typename": "Commit", "id": f"C_kwDO{oid[:12]}", "oid": oid, "abbreviatedOid": oid[:7]}
        data = st.store.blobs.get(oid)
        if data is None:
            return None
        # git's test for binary content: a NUL byte in the first 8000 bytes.
        binary = b"\0" in data[:8000]
        truncated = not binary and len(data) > st.graphql_text_limit
        text = None if binary else data[: st.graphql_text_limit].decode("utf-8", "replace")
        return {
            "__typename": "Blob",
            "id": f"B_kwDO{oid[:12]}",
            "oid": oid,
            "abbreviatedOid": oid[:7],
            "byteSize": len(data),
            "isBinary": binary,
            "isTruncated": truncated,
            "text": text,
        }

    def _pull_request_arg(self, info, number: int, **kw):
        if number != self.st.pr_number:
            raise NotFound(f"Could not resolve to a PullRequest with the number of {number}.")
        return self.pull_request()

    # -------------------------------------------------------------- roots
    def root(self) -> dict:
        st = self.st

        def repository(info, owner: str, name: str, **kw):
            if owner.lower() != st.owner.lower() or name.lower() != st.repo.lower():
                raise NotFound(f"Could not resolve to a Repository with the name '{owner}/{name}'.")
            return self.repository()

        def node(info, id: str, **kw):
            t = st.thread_by_node(id)
            if t is not None:
                return self.thread(t)
            c = next((c for c in st.review_comments if c["node_id"] == id and not c["deleted"]), None)
            if c is not None:
                return self.comment(c)
            if id == f"PR_kwDO{st.scenario.repo_id}{st.pr_number}":
                return self.pull_request()
            raise NotFound(f"Could not resolve to a node with the global id of '{id}'")

        info = st.rate_info("graphql")
        return {
            "repository": repository,
            "node": node,
            "nodes": lambda info, ids, **kw: [node(info, i) for i in ids],
            "viewer": self.actor(st.bot_user.brief()),
            "rateLimit": lambda info_, **kw: {
                "limit": info["limit"],
                "cost": 1,
                "remaining": info["remaining"],
                "used": info["used"],
                "resetAt": iso(info["reset"]),
                "nodeCount": 0,
            },
            "resolveReviewThread": lambda info_, input, **kw: self._resolve(input, True),
            "unresolveReviewThread": lambda info_, input, **kw: self._resolve(input, False),
        }

    def _resolve(self, inp: dict, resolved: bool) -> dict:
        if not self.can_write:
            raise Forbidden("Resource not accessible by integration")
        tid = inp.get("threadId")
        if self.st.thread_by_node(tid) is None:
            raise NotFound(f"Could not resolve to a node with the global id of '{tid}'")
        t = self.st.set_thread_resolved(tid, resolved, self.st.bot_user)
        return {"clientMutationId": inp.get("clientMutationId"), "thread": self.thread(t)}


def _format_error(e: GraphQLError) -> dict:
    d = e.formatted
    orig = e.original_error
    if isinstance(orig, NotFound):
        d = {"type": "NOT_FOUND", "path": d.get("path"), "locations": d.get("locations"), "message": str(orig)}
    elif isinstance(orig, Forbidden):
        d = {"type": "FORBIDDEN", "path": d.get("path"), "locations": d.get("locations"), "message": str(orig)}
    return {k: v for k, v in d.items() if v is not None}


def _validation_error(e: GraphQLError) -> dict:
    """graphql-core's validation message, in GitHub's error shape (common cases reworded as GitHub does)."""
    import re

    d: dict[str, Any] = {"message": e.message}
    m = re.match(r"Cannot query field '(\w+)' on type '(\w+)'", e.message)
    if m:
        d["message"] = f"Field '{m.group(1)}' doesn't exist on type '{m.group(2)}'"
        d["extensions"] = {"code": "undefinedField", "typeName": m.group(2), "fieldName": m.group(1)}
    m2 = re.match(r"Variable '\$(\w+)' of required type '(.+)' was not provided", e.message)
    if m2:
        d["extensions"] = {"code": "variableNotProvided", "variableName": m2.group(1)}
    if e.locations:
        d["locations"] = [{"line": loc.line, "column": loc.column} for loc in e.locations]
    return d


def execute(st: SandboxState, payload: Any, web: str, permissions: dict) -> tuple[int, dict, list[str]]:
    """Run one GraphQL request; returns (http status, body, problems to record as violations)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return 200, {"errors": [{"message": "A query attribute must be specified and must be a string."}]}, ["missing query"]
    schema = get_schema()
    query = payload["query"]
    try:
        doc = graphql.parse(query)
    except GraphQLError as e:
        import re

        loc = e.locations[0] if e.locations else None
        m = re.search(r"(?:Unexpected|found) (.+?)\.?$", e.message)
        token = m.group(1).strip("'") if m else e.message
        msg = f'Parse error on "{token}"' + (f" at [{loc.line}, {loc.column}]" if loc else "")
        err = {"message": msg}
        if loc:
            err["locations"] = [{"line": loc.line, "column": loc.column}]
        return 200, {"errors": [err]}, [msg]
    errors = graphql.validate(schema, doc)
    variables = payload.get("variables") or {}
    if errors:
        return 200, {"errors": [_validation_error(e) for e in errors]}, [e.message for e in errors]
    pr_perm = permissions.get("pull_requests")
    res = Resolver(st, web, can_write=pr_perm == "write", can_read=pr_perm in ("read", "write"))
    with st.lock:
        result = graphql.execute(schema, doc, root_value=res.root(), variable_values=variables, operation_name=payload.get("operationName"))
    body: dict[str, Any] = {}
    problems: list[str] = []
    if result.errors:
        body["errors"] = [_format_error(e) for e in result.errors]
        # variable coercion problems are document/request errors: record them
        if result.data is None:
            problems = [e.message for e in result.errors if not isinstance(e.original_error, (NotFound, Forbidden))]
    if result.data is not None or not result.errors:
        body = {"data": result.data, **({"errors": body["errors"]} if "errors" in body else {})}
    return 200, body, problems


def warm() -> None:
    """Load the schema now (it takes ~0.1 s) rather than on the first request."""
    get_schema()


__all__ = ["execute", "get_schema", "warm"]
