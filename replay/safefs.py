"""Filesystem primitives for paths a sandboxed PR may have written, or that live somewhere
shared such as /tmp. Nothing here follows a symbolic link.

* :func:`private_dir` — a directory the worker can trust: a real directory (not a link, not a
  file), owned by the worker's user, writable by nobody else. Anything else found at that path
  is moved aside and deleted, and a fresh directory takes its place.
* :func:`walk` — an fd-relative walk: each directory is opened with ``O_NOFOLLOW`` relative to
  its parent's descriptor, so a directory swapped for a link while the walk runs (the PR is
  still running when the disk quota is measured) ends the walk there instead of leading it
  out of the tree. At most ``max_depth`` descriptors are open at once.
* :func:`remove_tree` — deletes a tree a PR wrote: iterative (``shutil.rmtree`` recurses, and a
  PR can nest thousands of directories), flattening chains deeper than a few hundred levels,
  and giving back permissions a PR took away from directories the worker owns.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_PATH_FLAGS = os.O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC
MAX_DEPTH = 256


def lstat(path: str | os.PathLike) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def untrusted_because(st: os.stat_result, uid: int | None = None) -> str | None:
    """Why ``st`` may have been written by someone other than the worker, or None."""
    uid = os.geteuid() if uid is None else uid
    if st.st_uid != uid:
        return f"owned by uid {st.st_uid}, not {uid}"
    if st.st_mode & 0o022:
        return f"writable by group or others (mode {stat.S_IMODE(st.st_mode):o})"
    return None


def private_dir(path: str | os.PathLike, mode: int = 0o755) -> tuple[Path, str | None]:
    """Make ``path`` a trusted directory; returns it and why what was there before was
    discarded (None when it was kept). The parent is trusted as it is (an operator's setting)."""
    p = Path(path)
    st = lstat(p)
    why = None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            why = "a symbolic link"
        elif not stat.S_ISDIR(st.st_mode):
            why = "not a directory"
        else:
            why = untrusted_because(st)
        if why is None:
            return p, None
        discard(p)
    try:
        os.mkdir(p, mode)
    except FileExistsError:  # another worker made it in between: it must pass too
        st = os.lstat(p)
        if not stat.S_ISDIR(st.st_mode) or untrusted_because(st):
            raise
    os.chmod(p, mode)
    return p, why


def discard(path: str | os.PathLike) -> None:
    """Remove whatever is at ``path`` (a link itself, never its target). A directory is first
    renamed aside, so that nobody finds it half deleted."""
    p = Path(path)
    st = lstat(p)
    if st is None:
        return
    if not stat.S_ISDIR(st.st_mode):
        p.unlink(missing_ok=True)
        return
    aside = p.with_name(f".discarded-{p.name}-{secrets.token_hex(4)}")
    try:
        os.rename(p, aside)
    except FileNotFoundError:
        return
    remove_tree(aside)


def _chmod_dir(name: str, dir_fd: int, add: int = 0o700) -> None:
    """Give the worker rwx on directory ``name`` (never a link) if it owns it."""
    fd = os.open(name, _PATH_FLAGS, dir_fd=dir_fd)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid():
            os.chmod(f"/proc/self/fd/{fd}", stat.S_IMODE(st.st_mode) | add)
    finally:
        os.close(fd)


def _open_dir(name: str, dir_fd: int) -> int:
    """Open directory ``name`` for emptying it: with rwx for the worker if it owns it."""
    try:
        fd = os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
    except PermissionError:
        _chmod_dir(name, dir_fd)
        fd = os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
    st = os.fstat(fd)
    if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) & 0o700 != 0o700:
        os.fchmod(fd, stat.S_IMODE(st.st_mode) | 0o700)
    return fd


def remove_tree(path: str | os.PathLike) -> None:
    """Delete ``path`` and everything below it. Call it only when nothing writes there any
    more (after the sandbox is gone). Raises OSError when something could not be removed."""
    p = Path(path)
    st = lstat(p)
    if st is None:
        return
    if not stat.S_ISDIR(st.st_mode):
        p.unlink()
        return
    parent = os.open(p.parent, _DIR_FLAGS)
    try:
        top = _open_dir(p.name, parent)
        # frames: [fd, name in the parent, subdirectories still to visit]
        stack: list[list] = [[top, p.name, []]]
        try:
            while stack:
                fd, _, pending = stack[-1]
                if not pending:
                    pending.extend(_empty_files(fd))
                    if not pending:  # nothing left below it, not even renamed chains
                        os.close(fd)
                        name = stack.pop()[1]
                        if stack:
                            os.rmdir(name, dir_fd=stack[-1][0])
                            stack[-1][2].pop()
                        continue
                name = pending[-1]
                if len(stack) >= MAX_DEPTH:
                    # too deep for a descriptor per level: move the rest of the chain to the top
                    os.rename(name, f".deep-{secrets.token_hex(8)}", src_dir_fd=fd, dst_dir_fd=top)
                    pending.pop()
                    continue
                try:
                    child = _open_dir(name, fd)
                except FileNotFoundError:
                    pending.pop()
                    continue
                stack.append([child, name, []])
        finally:
            for frame in stack:
                os.close(frame[0])
        os.rmdir(p.name, dir_fd=parent)
    finally:
        os.close(parent)


def _empty_files(fd: int) -> list[str]:
    """Unlink every non-directory in the directory ``fd``; return its subdirectories."""
    with os.scandir(fd) as it:
        entries = list(it)
    subdirs = []
    for e in entries:
        if e.is_dir(follow_symlinks=False):
            subdirs.append(e.name)
            continue
        try:
            os.unlink(e.name, dir_fd=fd)
        except FileNotFoundError:
            pass
    return subdirs


def walk(root: str | os.PathLike, max_depth: int = MAX_DEPTH, unlock: bool = False) -> Iterator[tuple[str, os.DirEntry, int]]:
    """Yield (path relative to root, entry, depth) for everything below ``root`` (depth 1:
    its direct entries). Directories at ``max_depth`` are yielded but not entered; links are
    never followed. A directory the worker owns but cannot read (a PR's chmod 000, when the
    worker is not root) is skipped, or with ``unlock`` (only once nothing of the PR runs)
    given back read and search permission first."""
    try:
        top = os.open(root, _DIR_FLAGS)
    except OSError:
        return
    stack: list[tuple[int, list[tuple[str, str]]]] = []
    try:
        fd, rel = top, ""
        while True:
            try:
                with os.scandir(fd) as it:
                    entries = list(it)
            except OSError:
                entries = []
            pending: list[tuple[str, str]] = []
            stack.append((fd, pending))
            depth = len(stack)
            for e in entries:
                name = f"{rel}/{e.name}" if rel else e.name
                yield name, e, depth
                try:
                    if depth < max_depth and e.is_dir(follow_symlinks=False):
                        pending.append((e.name, name))
                except OSError:
                    pass
            fd = -1
            while stack and fd < 0:
                parent, pending = stack[-1]
                if not pending:
                    os.close(stack.pop()[0])
                    continue
                name, rel = pending.pop()
                try:
                    fd = os.open(name, _DIR_FLAGS, dir_fd=parent)
                except PermissionError:
                    fd = -1
                    if unlock:
                        try:
                            _chmod_dir(name, parent, 0o500)
                            fd = os.open(name, _DIR_FLAGS, dir_fd=parent)
                        except OSError:
                            fd = -1
                except OSError:
                    fd = -1  # gone, or swapped for a link: not followed
            if fd < 0:
                return
    finally:
        for fd_, _ in stack:
            os.close(fd_)
