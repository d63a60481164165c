"""Which files a review needs: the PR's changed Go files, the rest of each touched
package (every .go file in the same directory) and the nearest go.mod, picked from ONE
recursive tree listing of the head commit, then fetched blob by blob."""
from __future__ import annotations

import posixpath
import time
from dataclasses import dataclass, field

from goleash.rules.model import Skipped
from goleash.rules.parse import is_generated

from .bounded_analysis import Limits

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
    skipped: list[Skipped] = field(default_factory=list)  # packages over a limit, not fetched or dropped


def fetch(api: PullRequestAPI, head_sha: str, changed: list[ChangedFile],
          limits: Limits | None = None, deadline: float | None = None) -> Sources:
    """The changed packages, one directory at a time. A package over a size limit, or not
    fetched by `deadline`, is left out whole (a partial package would mislead the rules) and
    named in `skipped`."""
    limits = limits or Limits()
    out = Sources()
    if not changed:
        return out
    tree, out.truncated = api.tree(head_sha)
    out.head_paths = {e.path for e in tree}
    sizes = {e.path: e.size for e in tree}
    mods: dict[str, str] = {}
    by_dir: dict[str, dict[str, str]] = {}
    for path, sha in select(changed, tree, out.truncated).items():
        if path.endswith(".go"):
            by_dir.setdefault(posixpath.dirname(path), {})[path] = sha
        else:
            mods[path] = sha
    for path, sha in sorted(mods.items()):
        out.files[path] = api.blob(sha)
    left_out: set[str] = set()
    for d, blobs in sorted(by_dir.items()):
        why = _too_big(blobs, sizes, limits)
        if why is None and deadline is not None and time.monotonic() > deadline:
            why = ("the review's time limit ran out before this package was fetched", "review_time")
        if why is None:
            got, why = _fetch_package(api, blobs, limits, deadline)
        if why is not None:
            out.skipped.append(Skipped(d, *why))
            left_out.add(d)
            continue
        for path, data in got.items():
            if is_generated(data):
                out.generated.add(path)
            else:
                out.files[path] = data
    out.analyzed_dirs = {posixpath.dirname(f.path) for f in changed} - left_out
    return out


def _too_big(blobs: dict[str, str], sizes: dict[str, int | None], limits: Limits) -> tuple[str, str] | None:
    go = [p for p in blobs if p.endswith(".go")]
    if len(go) > limits.package_files:
        return f"{len(go)} Go files, over the limit of {limits.package_files} per package", "package_size"
    for p in go:
        if (sizes.get(p) or 0) > limits.fetch_file_bytes:
            return f"`{posixpath.basename(p)}` is {_mb(sizes[p])}, over the limit of {_mb(limits.fetch_file_bytes)}", "file_size"
    total = sum(sizes.get(p) or 0 for p in go)
    if total > limits.package_bytes:
        return f"{_mb(total)} of Go, over the limit of {_mb(limits.package_bytes)} per package", "package_size"
    return None


def _fetch_package(api: PullRequestAPI, blobs: dict[str, str], limits: Limits,
                   deadline: float | None) -> tuple[dict[str, bytes], tuple[str, str] | None]:
    got: dict[str, bytes] = {}
    for path, sha in sorted(blobs.items()):
        if deadline is not None and time.monotonic() > deadline:
            return {}, ("the review's time limit ran out while this package was fetched", "review_time")
        data = api.blob(sha)
        # Generated files are dropped, whatever their size; a large hand-written one is not
        # worth the analysis time it would take.
        if len(data) > limits.file_bytes and not is_generated(data):
            return {}, (f"`{posixpath.basename(path)}` is {_mb(len(data))}, over the limit of {_mb(limits.file_bytes)} per file", "file_size")
        got[path] = data
    return got, None


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB"
