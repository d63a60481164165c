"""Which files a review needs: the PR's changed Go files, the rest of each touched
package (every .go file in the same directory) and the nearest go.mod, picked from ONE
recursive tree listing of the head commit, then fetched blob by blob."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from goleash.rules.parse import is_generated

from .github_api import ChangedFile, PullRequestAPI, TreeEntry

SKIPPED_STATUSES = {"removed", "unchanged"}


def is_vendored(path: str) -> bool:
    return "vendor" in path.split("/")[:-1]


def go_changes(files: list[ChangedFile]) -> list[ChangedFile]:
    return [
        f for f in files if f.path.endswith(".go") and f.status not in SKIPPED_STATUSES and not is_vendored(f.path)
    ]


def nearest_go_mod(directory: str, tree_paths: set[str]) -> str | None:
    d = directory
    while True:
        candidate = posixpath.join(d, "go.mod") if d else "go.mod"
        if candidate in tree_paths:
            return candidate
        if not d:
            return None
        d = posixpath.dirname(d)


def select(changed: list[ChangedFile], tree: list[TreeEntry], truncated: bool) -> dict[str, str]:
    """path -> blob sha of every file to fetch."""
    dirs = {posixpath.dirname(f.path) for f in changed}
    wanted = {
        e.path: e.sha
        for e in tree
        if e.path.endswith(".go") and posixpath.dirname(e.path) in dirs and not is_vendored(e.path)
    }
    paths = {e.path for e in tree}
    by_path = {e.path: e.sha for e in tree}
    for d in dirs:
        mod = nearest_go_mod(d, paths)
        if mod:
            wanted[mod] = by_path[mod]
    if truncated:
        # A truncated tree may lack some of the package; the changed files themselves are
        # still known from the files list, so the review degrades instead of failing.
        for f in changed:
            if f.sha:
                wanted.setdefault(f.path, f.sha)
    return wanted


@dataclass
class Sources:
    files: dict[str, bytes] = field(default_factory=dict)  # what the engine gets
    generated: set[str] = field(default_factory=set)
    analyzed_dirs: set[str] = field(default_factory=set)
    head_paths: set[str] | None = None  # None: the tree was not listed (no Go changes)
    truncated: bool = False


def fetch(api: PullRequestAPI, head_sha: str, changed: list[ChangedFile]) -> Sources:
    out = Sources()
    if not changed:
        return out
    tree, out.truncated = api.tree(head_sha)
    out.head_paths = {e.path for e in tree}
    for path, sha in sorted(select(changed, tree, out.truncated).items()):
        data = api.blob(sha)
        if path.endswith(".go") and is_generated(data):
            out.generated.add(path)
            continue
        out.files[path] = data
    out.analyzed_dirs = {posixpath.dirname(f.path) for f in changed}
    return out
