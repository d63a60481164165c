"""Cut GitHub's GraphQL introspection schema down to what the stand-in serves.

The full schema (npm `@octokit/graphql-schema`, `schema.json`, about 5 MB) describes all of GitHub;
goleash reads review threads and resolves them, and
reads file contents (blobs) by sha. Keeping only those types and fields makes the
stand-in load in milliseconds, while every document it accepts is still valid against GitHub's
full schema (each kept field keeps its exact type, arguments and deprecation flags).

    python trim_schema.py path/to/full/schema.json schema.json
"""

from __future__ import annotations

import json
import sys

# type -> fields the stand-in resolves (ghsandbox/gql.py); "*" keeps every field.
KEEP: dict[str, set[str] | str] = {
    "Query": {"repository", "node", "nodes", "viewer", "rateLimit"},
    "Mutation": {"resolveReviewThread", "unresolveReviewThread"},
    "Node": {"id"},
    "Actor": {"login", "url", "avatarUrl", "resourcePath"},
    "RepositoryOwner": {"id", "login", "url", "avatarUrl", "resourcePath"},
    "User": {"id", "databaseId", "login", "url", "avatarUrl", "resourcePath"},
    "Bot": {"id", "databaseId", "login", "url", "avatarUrl", "resourcePath"},
    "Organization": {"id", "databaseId", "login", "url", "avatarUrl", "resourcePath"},
    "Repository": {"id", "databaseId", "name", "nameWithOwner", "isPrivate", "url", "owner", "defaultBranchRef", "pullRequest", "object"},
    "Ref": {"id", "name", "target"},
    "GitObject": {"id", "oid", "abbreviatedOid"},
    "Commit": {"id", "oid", "abbreviatedOid"},
    # File contents by blob sha, many aliased `object(oid:)` per query (workers/blob_fetch.py).
    "Blob": {"id", "oid", "abbreviatedOid", "byteSize", "isBinary", "isTruncated", "text"},
    "PullRequest": {
        "id",
        "databaseId",
        "fullDatabaseId",
        "number",
        "title",
        "body",
        "state",
        "isDraft",
        "closed",
        "merged",
        "headRefOid",
        "headRefName",
        "baseRefName",
        "baseRefOid",
        "url",
        "author",
        "createdAt",
        "updatedAt",
        "changedFiles",
        "additions",
        "deletions",
        "reviewThreads",
        "repository",
    },
    "PullRequestReviewThread": {
        "id",
        "isResolved",
        "isOutdated",
        "isCollapsed",
        "path",
        "line",
        "startLine",
        "originalLine",
        "originalStartLine",
        "diffSide",
        "startDiffSide",
        "subjectType",
        "resolvedBy",
        "viewerCanResolve",
        "viewerCanUnresolve",
        "viewerCanReply",
        "comments",
        "pullRequest",
        "repository",
    },
    "PullRequestReviewComment": {
        "id",
        "databaseId",
        "fullDatabaseId",
        "body",
        "bodyText",
        "path",
        "line",
        "startLine",
        "originalLine",
        "originalStartLine",
        "position",
        "originalPosition",
        "diffHunk",
        "outdated",
        "createdAt",
        "updatedAt",
        "publishedAt",
        "url",
        "resourcePath",
        "author",
        "authorAssociation",
        "state",
        "subjectType",
        "commit",
        "originalCommit",
        "replyTo",
        "isMinimized",
        "minimizedReason",
        "viewerDidAuthor",
        "viewerCanUpdate",
        "viewerCanDelete",
        "viewerCanReact",
        "viewerCanMinimize",
        "viewerCannotUpdateReasons",
        "includesCreatedEdit",
        "createdViaEmail",
        "lastEditedAt",
        "editor",
        "pullRequest",
    },
    "PullRequestReviewThreadConnection": "*",
    "PullRequestReviewThreadEdge": "*",
    "PullRequestReviewCommentConnection": "*",
    "PullRequestReviewCommentEdge": "*",
    "PageInfo": "*",
    "RateLimit": "*",
    "ResolveReviewThreadPayload": "*",
    "UnresolveReviewThreadPayload": "*",
}


def _named(ref: dict) -> str:
    while ref.get("ofType"):
        ref = ref["ofType"]
    return ref["name"]


def trim(full: dict) -> dict:
    schema = full.get("data", full)["__schema"]
    by_name = {t["name"]: t for t in schema["types"]}
    out: dict[str, dict] = {}
    pending = list(KEEP) + [t["name"] for t in schema["types"] if t["name"].startswith("__")]
    pending += [_named(a["type"]) for d in schema["directives"] for a in d["args"]]

    def want(name: str) -> None:
        if name not in out and name not in pending:
            pending.append(name)

    while pending:
        name = pending.pop()
        if name in out:
            continue
        t = dict(by_name[name])
        keep = KEEP.get(name, "*")
        if t["kind"] in ("OBJECT", "INTERFACE"):
            fields = [f for f in t["fields"] if keep == "*" or f["name"] in keep]
            missing = set() if keep == "*" else keep - {f["name"] for f in fields}
            assert not missing, f"{name} has no fields {missing}"
            for f in fields:
                named = _named(f["type"])
                if not name.startswith("__") and KEEP.get(named) is None and by_name[named]["kind"] in ("OBJECT", "INTERFACE", "UNION"):
                    raise SystemExit(f"{name}.{f['name']} returns {_named(f['type'])}: add it to KEEP")
                want(_named(f["type"]))
                for a in f["args"]:
                    want(_named(a["type"]))
            t["fields"] = fields
        if t["kind"] == "INPUT_OBJECT":
            for f in t["inputFields"]:
                want(_named(f["type"]))
        out[name] = t
    for t in out.values():
        if t.get("interfaces") is not None:
            t["interfaces"] = [i for i in t["interfaces"] if i["name"] in out]
        if t.get("possibleTypes") is not None:
            t["possibleTypes"] = [p for p in t["possibleTypes"] if p["name"] in out]
    for t in out.values():  # an implementer must still have every kept field of its interfaces
        for i in t.get("interfaces") or []:
            need = {f["name"] for f in out[i["name"]]["fields"]}
            have = {f["name"] for f in t["fields"]}
            assert need <= have, f"{t['name']} lacks {need - have} of {i['name']}"
    trimmed = dict(schema, types=sorted(out.values(), key=lambda t: t["name"]))
    return {"data": {"__schema": trimmed}}


if __name__ == "__main__":
    src, dst = sys.argv[1:3]
    with open(src) as fh:
        result = trim(json.load(fh))
    with open(dst, "w") as fh:
        json.dump(result, fh, indent=1, sort_keys=True)
        fh.write("\n")
