"""Reading files of an extracted work dir from the worker, outside the sandbox.

Once PR code has run, the work dir holds whatever it wrote: any name in it may be a symlink
(to ``/``, to a root-only file, to ``/proc/self/environ``), a FIFO, or a huge file, and the
worker reads as root. So a repo-relative path is resolved one component at a time from a
descriptor of the tree root: directories with ``O_DIRECTORY|O_NOFOLLOW``, the file itself
only when it is a regular file owned by the tree's owner (checked before opening, so a FIFO
or device is never opened, and again on the open descriptor). No link is followed at any component, and ``..``,
absolute paths and empty components are refused before anything is opened.
"""

from __future__ import annotations

import os
import stat

MAX_DEPTH = 256
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


def split_rel(rel: str) -> list[str] | None:
    """The components of a repo-relative path, or None when it could name anything outside
    the tree (absolute, ``..``, ``.``, empty components, NUL bytes, too deep)."""
    if not rel or rel.startswith("/") or "\x00" in rel:
        return None
    parts = rel.split("/")
    if len(parts) > MAX_DEPTH or any(p in ("", ".", "..") for p in parts):
        return None
    return parts


def _walk_to_parent(root: str | os.PathLike, parts: list[str]) -> tuple[int, os.stat_result]:
    """A descriptor of the directory holding ``parts[-1]`` (caller closes), and the stat of
    the tree root (whose owner every file read must share)."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        root_st = os.fstat(fd)
        for name in parts[:-1]:
            nfd = os.open(name, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = nfd
        return fd, root_st
    except BaseException:
        os.close(fd)
        raise


def _regular(st: os.stat_result, root_st: os.stat_result) -> bool:
    # a file of the tree belongs to the tree's owner: anything else (a hard link to someone
    # else's file) is not the PR's source
    return stat.S_ISREG(st.st_mode) and st.st_uid == root_st.st_uid


def is_tree_file(root: str | os.PathLike, rel: str) -> bool:
    """Whether ``rel`` is a regular file inside ``root``, reached without following a link."""
    parts = split_rel(rel)
    if parts is None:
        return False
    try:
        dfd, root_st = _walk_to_parent(root, parts)
    except (OSError, ValueError):
        return False
    try:
        return _regular(os.stat(parts[-1], dir_fd=dfd, follow_symlinks=False), root_st)
    except (OSError, ValueError):
        return False
    finally:
        os.close(dfd)


def read_tree_file(root: str | os.PathLike, rel: str, max_bytes: int) -> bytes | None:
    """The bytes of the regular file ``rel`` inside ``root``, or None when it is not one
    (missing, a link at any component, a FIFO/socket/device, outside the tree) or is larger
    than ``max_bytes``."""
    parts = split_rel(rel)
    if parts is None or max_bytes < 0:
        return None
    try:
        dfd, root_st = _walk_to_parent(root, parts)
    except (OSError, ValueError):
        return None
    try:
        before = os.stat(parts[-1], dir_fd=dfd, follow_symlinks=False)
        if not _regular(before, root_st) or before.st_size > max_bytes:
            return None
        fd = os.open(parts[-1], _FILE_FLAGS, dir_fd=dfd)
    except (OSError, ValueError):
        return None
    finally:
        os.close(dfd)
    try:
        st = os.fstat(fd)
        if (st.st_dev, st.st_ino) != (before.st_dev, before.st_ino) or not _regular(st, root_st):
            return None
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                return None
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
