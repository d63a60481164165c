"""Which files a review needs: the PR's changed Go files, the rest of each touched
package (every .go file in the same directory) and the nearest go.mod, picked from ONE
recursive tree listing of the head commit (completed level by level where GitHub truncated
it), then fetched together: the cache first, the rest batched (PullRequestAPI.blobs)."""

from __future__ import annotations

import posixpath
import time
from dataclasses import dataclass, field, replace

from goleash.rules.model import Skipped
from goleash.rules.parse import is_generated

from .bounded_analysis import Limits
from .github_api import ChangedFile, PullRequestAPI, TreeEntry

SKIPPED_STATUSES = {"removed", "unchanged"}


def is_vendored(path: str) -> bool:
    return "vendor" in path.split("/")[:-1]


def go_changes(files: list[ChangedFile]) -> list[ChangedFile]:
    return [f for f in files if f.path.endswith(".go") and f.status not in SKIPPED_STATUSES and not is_vendored(f.path)]


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
    wanted = {e.path: e.sha for e in tree if e.path.endswith(".go") and posixpath.dirname(e.path) in dirs and not is_vendored(e.path)}
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


# Named in the check run like a package left out, so the review's conclusion says it is partial.
CAPPED = Skipped(
    "(files after the first 3,000)",
    "GitHub lists at most 3,000 files of a pull request; this one has more, and the files after those were not reviewed",
    "pr_files",
)


def fetch(api: PullRequestAPI, head_sha: str, changed: list[ChangedFile], limits: Limits | None = None, deadline: float | None = None) -> Sources:
    """The changed packages. A package over a size limit, or not fetched by `deadline`, is left
    out whole (a partial package would mislead the rules) and named in `skipped`. Sizes come
    from the tree, so a package over a limit is never downloaded; the rest comes in one batched
    fetch (the cache first, then GraphQL). A patch GitHub left out of the files list is filled
    in, in `changed`, for the files fetched."""
    limits = limits or Limits()
    out = Sources()
    if getattr(api, "files_capped", False):
        out.skipped.append(CAPPED)
    if not changed:
        return out
    tree, out.truncated = api.tree(head_sha)
    if out.truncated:
        tree = _complete_tree(api, head_sha, tree, {posixpath.dirname(f.path) for f in changed})
    out.head_paths = {e.path for e in tree}
    sizes = {e.path: e.size for e in tree}
    mods: dict[str, str] = {}
    by_dir: dict[str, dict[str, str]] = {}
    for path, sha in select(changed, tree, out.truncated).items():
        if path.endswith(".go"):
            by_dir.setdefault(posixpath.dirname(path), {})[path] = sha
        else:
            mods[path] = sha
    left_out: set[str] = set()
    wanted_dirs: dict[str, dict[str, str]] = {}
    for d, blobs in sorted(by_dir.items()):
        why = _too_big(blobs, sizes, limits)
        if why is None and deadline is not None and time.monotonic() > deadline:
            why = ("the review's time limit ran out before this package was fetched", "review_time")
        if why is not None:
            out.skipped.append(Skipped(d, *why))
            left_out.add(d)
        else:
            wanted_dirs[d] = blobs
    wanted = {sha: sizes.get(p) for p, sha in mods.items()}
    for blobs in wanted_dirs.values():
        wanted.update({sha: sizes.get(p) for p, sha in blobs.items()})
    got = api.blobs(wanted, deadline) if wanted else {}
    for path, sha in sorted(mods.items()):
        if sha in got:
            out.files[path] = got[sha]
    for d, blobs in wanted_dirs.items():
        why = _check_package(blobs, got, limits)
        if why is not None:
            out.skipped.append(Skipped(d, *why))
            left_out.add(d)
            continue
        for path, sha in blobs.items():
            if is_generated(got[sha]):
                out.generated.add(path)
            else:
                out.files[path] = got[sha]
    out.skipped.sort(key=lambda s: s.path)
    out.analyzed_dirs = {posixpath.dirname(f.path) for f in changed} - left_out
    _fill_patches(api, changed, out, got, limits)
    return out


def _fill_patches(api: PullRequestAPI, changed: list[ChangedFile], out: Sources, got: dict[str, bytes], limits: Limits) -> None:
    """Where GitHub left a file's patch out (a diff too large to show), make it from the file's
    two versions, in place in `changed`, so its findings still map to diff lines. Only for files
    fetched for analysis: a package left out needs no patch, and is never downloaded for one."""
    omitted = [f for f in changed if f.patch_omitted and f.path in out.files]
    if not omitted:
        return
    made = api.made_patches(omitted, got, limits.fetch_file_bytes)
    for i, f in enumerate(changed):
        if f.path in made:
            changed[i] = replace(f, patch=made[f.path])


def _complete_tree(api: PullRequestAPI, head_sha: str, tree: list[TreeEntry], dirs: set[str]) -> list[TreeEntry]:
    """The truncated listing plus every blob of the touched directories and of their ancestors
    (where go.mod files are), listed one level at a time from the root."""
    have = {e.path for e in tree}
    out = list(tree)
    needed = {""}
    for d in dirs:
        while d:
            needed.add(d)
            d = posixpath.dirname(d)
    root = api.subtree(head_sha)
    levels: dict[str, list[TreeEntry]] = {"": root}
    for d in sorted(needed, key=lambda p: (p.count("/"), p)):
        if d not in levels:
            parent = levels.get(posixpath.dirname(d))
            entry = next((e for e in parent or [] if e.type == "tree" and e.path == posixpath.basename(d)), None)
            if entry is None:
                continue
            levels[d] = api.subtree(entry.sha)
        for e in levels[d]:
            path = posixpath.join(d, e.path) if d else e.path
            if e.type == "blob" and path not in have:
                out.append(TreeEntry(path, e.sha, e.size))
                have.add(path)
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


def _check_package(blobs: dict[str, str], got: dict[str, bytes], limits: Limits) -> tuple[str, str] | None:
    if any(sha not in got for sha in blobs.values()):
        return "the review's time limit ran out while this package was fetched", "review_time"
    for path, sha in sorted(blobs.items()):
        data = got[sha]
        # Generated files are dropped, whatever their size; a large hand-written one is not
        # worth the analysis time it would take.
        if len(data) > limits.file_bytes and not is_generated(data):
            return (f"`{posixpath.basename(path)}` is {_mb(len(data))}, over the limit of {_mb(limits.file_bytes)} per file", "file_size")
    return None


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB"
