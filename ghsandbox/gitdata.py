"""Git objects computed the way git computes them: blobs, trees and commits with real SHA-1s.

``blob_sha(b"hello\\n")`` equals ``git hash-object`` of the same bytes; trees are serialised in git's
binary format and sorted in git's order (a directory sorts as ``name/``), and commit ids hash a real
commit object (tree, parents, author, committer, message).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

BLOB_MODE = "100644"
EXEC_MODE = "100755"
TREE_MODE = "040000"  # as the REST API shows it; the object format writes "40000"


def git_hash(kind: str, data: bytes) -> str:
    return hashlib.sha1(b"%s %d\0" % (kind.encode(), len(data)) + data).hexdigest()


def blob_sha(data: bytes) -> str:
    return git_hash("blob", data)


@dataclass
class TreeEntry:
    name: str
    mode: str  # "100644" | "100755" | "040000"
    type: str  # "blob" | "tree"
    sha: str
    size: int | None = None


@dataclass
class Snapshot:
    """The files of one scenario directory (``base/``, ``head/``, ``head2/`` ...)."""

    name: str
    files: dict[str, bytes]
    modes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dir(cls, name: str, root: Path) -> "Snapshot":
        files: dict[str, bytes] = {}
        modes: dict[str, str] = {}
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in (".git",))
            for fn in sorted(filenames):
                if fn in (".DS_Store",):
                    continue
                full = Path(dirpath) / fn
                rel = full.relative_to(root).as_posix()
                files[rel] = full.read_bytes()
                modes[rel] = EXEC_MODE if os.access(full, os.X_OK) else BLOB_MODE
        return cls(name, files, modes)

    def mode(self, path: str) -> str:
        return self.modes.get(path, BLOB_MODE)


def _tree_sort_key(entry: TreeEntry) -> bytes:
    name = entry.name.encode()
    return name + b"/" if entry.type == "tree" else name


@dataclass
class Commit:
    sha: str
    tree: str
    parents: list[str]
    message: str
    author_name: str
    author_email: str
    timestamp: int
    snapshot: Snapshot
    author_login: str | None = None


class ObjectStore:
    """Content-addressed storage of blobs and trees, plus the commits built on top."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.trees: dict[str, list[TreeEntry]] = {}
        self.commits: dict[str, Commit] = {}

    def add_blob(self, data: bytes) -> str:
        sha = blob_sha(data)
        self.blobs[sha] = data
        return sha

    def add_snapshot_tree(self, snap: Snapshot) -> str:
        """Write the snapshot's trees and blobs; return the root tree sha."""
        root: dict = {}
        for path in sorted(snap.files):
            parts = path.split("/")
            node = root
            for p in parts[:-1]:
                node = node.setdefault(p, {})
            node[parts[-1]] = path

        def write(node: dict) -> str:
            entries: list[TreeEntry] = []
            for name, child in node.items():
                if isinstance(child, dict):
                    entries.append(TreeEntry(name, TREE_MODE, "tree", write(child)))
                else:
                    data = snap.files[child]
                    entries.append(TreeEntry(name, snap.mode(child), "blob", self.add_blob(data), len(data)))
            entries.sort(key=_tree_sort_key)
            body = b"".join(
                (e.mode.lstrip("0") if e.type == "tree" else e.mode).encode() + b" " + e.name.encode() + b"\0" + bytes.fromhex(e.sha) for e in entries
            )
            sha = git_hash("tree", body)
            self.trees[sha] = entries
            return sha

        return write(root)

    def add_commit(
        self,
        snap: Snapshot,
        parents: list[str],
        message: str,
        author_name: str,
        author_email: str,
        timestamp: int,
        author_login: str | None = None,
    ) -> Commit:
        tree = self.add_snapshot_tree(snap)
        ident = f"{author_name} <{author_email}> {timestamp} +0000"
        body = f"tree {tree}\n"
        body += "".join(f"parent {p}\n" for p in parents)
        body += f"author {ident}\ncommitter {ident}\n\n{message}\n"
        sha = git_hash("commit", body.encode())
        c = Commit(sha, tree, list(parents), message, author_name, author_email, timestamp, snap, author_login)
        self.commits[sha] = c
        return c

    def walk_tree(self, tree_sha: str, recursive: bool) -> list[tuple[str, TreeEntry]]:
        """(path, entry) pairs in ``git ls-tree [-r -t]`` order."""
        out: list[tuple[str, TreeEntry]] = []

        def rec(sha: str, prefix: str) -> None:
            for e in self.trees[sha]:
                path = prefix + e.name
                out.append((path, e))
                if recursive and e.type == "tree":
                    rec(e.sha, path + "/")

        rec(tree_sha, "")
        return out

    def lookup_path(self, tree_sha: str, path: str) -> TreeEntry | None:
        """The tree entry at ``path`` (``""`` = the root tree itself, returned as a synthetic entry)."""
        path = path.strip("/")
        if not path:
            return TreeEntry("", TREE_MODE, "tree", tree_sha)
        cur = tree_sha
        parts = path.split("/")
        for i, part in enumerate(parts):
            entries = self.trees.get(cur)
            if entries is None:
                return None
            found = next((e for e in entries if e.name == part), None)
            if found is None:
                return None
            if i == len(parts) - 1:
                return found
            if found.type != "tree":
                return None
            cur = found.sha
        return None
