"""Safe extraction of a GitHub repository tarball (``GET /repos/{o}/{r}/tarball/{ref}``).

The archive is a .tar.gz with one top-level directory ``owner-repo-sha/``; it is stripped, so
the work dir holds the repository's files at their repo-relative paths.

Policy (everything not listed is refused with a :class:`ReplayError` naming the entry):

* only regular files and directories are materialised;
* absolute names, ``..`` components, NUL bytes, and entries outside the single top directory
  refuse the whole archive;
* **links: none are ever created.** A symlink or hardlink whose target is absolute or climbs
  out of the tree with ``..`` refuses the whole archive (a tarball built to escape is hostile,
  not merely odd). A link that stays inside the tree is *skipped* and listed in
  ``ExtractResult.skipped_links``: Go builds almost never need them, and not creating links
  means nothing (our code or the sandbox) can ever be led through one;
* character/block devices, FIFOs and any other special entry refuse the archive;
* limits: total uncompressed bytes, number of entries, size of one file, path length and
  depth (all in :class:`TarLimits`); the byte limits are enforced on the bytes actually
  written, not on the header's claim;
* files are created with ``O_EXCL|O_NOFOLLOW`` (a duplicate entry refuses the archive) and
  mode 0644 (0755 when any execute bit was set); owners and times from the archive are ignored.
"""

from __future__ import annotations

import os
import posixpath
import stat
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .errors import ReplayError

_CHUNK = 1 << 16


@dataclass(frozen=True)
class TarLimits:
    max_total_bytes: int = 512 << 20
    max_files: int = 50_000
    max_file_bytes: int = 64 << 20
    max_path_len: int = 1024
    max_depth: int = 64


@dataclass
class ExtractResult:
    root: Path  # the work dir (the top-level directory stripped)
    top_dir: str  # e.g. "octo-repo-0123abc"
    files: int = 0
    total_bytes: int = 0
    skipped_links: list[str] = field(default_factory=list)


def _split_member(name: str) -> tuple[str, str]:
    """(top dir, repo-relative path) of an archive member, or ReplayError."""
    if "\x00" in name:
        raise ReplayError(f"refused tarball: entry name contains a NUL byte: {name!r}")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ReplayError(f"refused tarball: absolute path {name!r}")
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ReplayError(f"refused tarball: '..' in path {name!r}")
    if not parts:
        raise ReplayError(f"refused tarball: empty entry name {name!r}")
    return parts[0], "/".join(parts[1:])


def _link_escapes(rel: str, target: str, hard: bool) -> bool:
    if not target or target.startswith("/") or "\x00" in target:
        return True
    if hard:
        # tar hardlink targets are archive names (with the top dir)
        parts = [p for p in target.split("/") if p not in ("", ".")]
        return ".." in parts
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
    return joined == ".." or joined.startswith("../") or joined.startswith("/")


def extract_tarball(source: str | os.PathLike | BinaryIO, dest: str | os.PathLike, limits: TarLimits = TarLimits()) -> ExtractResult:
    """Extract ``source`` (path or binary file object of a .tar.gz/.tar) into ``dest``.

    ``dest`` must not exist or be an empty directory. On ReplayError the partially extracted
    tree is left for the caller to remove (the caller owns ``dest``)."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        raise ReplayError(f"extraction target {dest} is not empty")
    root_fd = os.open(dest, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            if isinstance(source, (str, os.PathLike)):
                tf = tarfile.open(source, mode="r|*")
            else:
                tf = tarfile.open(fileobj=source, mode="r|*")
        except (tarfile.TarError, OSError, EOFError) as e:
            raise ReplayError(f"refused tarball: not a readable tar archive ({e})") from e
        with tf:
            return _extract(tf, dest, root_fd, limits)
    finally:
        os.close(root_fd)


def _extract(tf: tarfile.TarFile, dest: Path, root_fd: int, limits: TarLimits) -> ExtractResult:
    result = ExtractResult(root=dest, top_dir="")
    entries = 0
    try:
        for m in tf:
            entries += 1
            if entries > limits.max_files:
                raise ReplayError(f"refused tarball: more than {limits.max_files} entries")
            top, rel = _split_member(m.name)
            if not result.top_dir:
                result.top_dir = top
            elif top != result.top_dir:
                raise ReplayError(f"refused tarball: entry {m.name!r} is outside the single top-level directory {result.top_dir!r}")
            if len(rel) > limits.max_path_len or rel.count("/") + 1 > limits.max_depth:
                raise ReplayError(f"refused tarball: path too long or too deep: {rel[:80]!r}...")
            if m.issym() or m.islnk():
                if _link_escapes(rel, m.linkname, m.islnk()):
                    kind = "hardlink" if m.islnk() else "symlink"
                    raise ReplayError(f"refused tarball: {kind} {rel!r} points outside the repository ({m.linkname!r})")
                result.skipped_links.append(rel)
                continue
            if m.ischr() or m.isblk() or m.isfifo() or m.isdev():
                raise ReplayError(f"refused tarball: device or FIFO entry {rel!r}")
            if not (m.isdir() or m.isreg()):
                raise ReplayError(f"refused tarball: unsupported entry type {m.type!r} for {rel!r}")
            if not rel:
                if m.isdir():
                    continue  # the top-level directory itself
                raise ReplayError(f"refused tarball: top-level entry {m.name!r} is not a directory")
            if m.isdir():
                _mkdirs(root_fd, rel)
                continue
            if m.size > limits.max_file_bytes:
                raise ReplayError(f"refused tarball: {rel!r} is {m.size} bytes (limit {limits.max_file_bytes})")
            parent = posixpath.dirname(rel)
            dir_fd = _mkdirs(root_fd, parent) if parent else os.dup(root_fd)
            try:
                mode = 0o755 if m.mode & 0o111 else 0o644
                try:
                    fd = os.open(posixpath.basename(rel), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode, dir_fd=dir_fd)
                except FileExistsError as e:
                    raise ReplayError(f"refused tarball: duplicate entry {rel!r}") from e
                written = 0
                src = tf.extractfile(m)
                with os.fdopen(fd, "wb") as out:
                    while True:
                        chunk = src.read(_CHUNK) if src else b""
                        if not chunk:
                            break
                        written += len(chunk)
                        result.total_bytes += len(chunk)
                        if written > limits.max_file_bytes:
                            raise ReplayError(f"refused tarball: {rel!r} exceeds {limits.max_file_bytes} bytes")
                        if result.total_bytes > limits.max_total_bytes:
                            raise ReplayError(f"refused tarball: more than {limits.max_total_bytes} bytes uncompressed")
                        out.write(chunk)
                os.chmod(posixpath.basename(rel), mode, dir_fd=dir_fd, follow_symlinks=False)
            finally:
                os.close(dir_fd)
            result.files += 1
    except (tarfile.TarError, EOFError, OSError) as e:
        if isinstance(e, ReplayError):
            raise
        raise ReplayError(f"refused tarball: corrupt or truncated archive ({e})") from e
    if not result.top_dir:
        raise ReplayError("refused tarball: the archive is empty")
    return result


def _mkdirs(root_fd: int, rel: str) -> int:
    """Create directories along ``rel`` under root_fd without following links; returns an
    fd of the last one (caller closes)."""
    fd = os.dup(root_fd)
    try:
        for part in rel.split("/"):
            try:
                os.mkdir(part, 0o755, dir_fd=fd)
            except FileExistsError:
                pass
            try:
                nfd = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            except OSError as e:
                raise ReplayError(f"refused tarball: {rel!r} crosses a non-directory") from e
            st = os.fstat(nfd)
            if not stat.S_ISDIR(st.st_mode):
                os.close(nfd)
                raise ReplayError(f"refused tarball: {rel!r} crosses a non-directory")
            os.close(fd)
            fd = nfd
        return fd
    except BaseException:
        os.close(fd)
        raise


def chown_tree(root: str | os.PathLike, uid: int, gid: int) -> None:
    """Hand the extracted tree to the sandbox user (only possible as root). Never follows links."""
    for dirpath, dirnames, filenames in os.walk(root):
        os.chown(dirpath, uid, gid, follow_symlinks=False)
        for n in filenames:
            os.chown(os.path.join(dirpath, n), uid, gid, follow_symlinks=False)
