"""The Go build cache of replays: one read-only cache that only trusted code fills, and a
private writable layer per replay, deleted with it.

Why this shape. A PR's tests run with GOCACHE and GOMODCACHE writable (``go`` cannot work
otherwise), so anything they can write must die with the replay, and nothing a later replay
reads may be writable by them. Go has no layered build cache, and the bubblewrap here (0.8)
has no overlay mounts (``--overlay-src``/``--tmp-overlay`` came in 0.9). A copy of a warm
cache per replay would work but writes ~220 MB and one inode per entry each time (about 2 s
on the test machine's disk); links cost no data. So:

* **Trusted cache** ``<root>/<key>/go-build`` (``key``: toolchain and probe, :func:`cache_key`):
  built by :func:`ensure_trusted` from a fixed probe module (the standard library packages
  most tests import, vetted and built with ``-race`` by exactly the commands and environment a
  replay uses), never from a repository's code. It holds toolchain output only, so one cache
  serves every repository; its size is bounded by the probe (about 220 MB for go1.27). Only
  the worker writes it (files 0444, directories 0555) and it is bound read-only into the
  sandbox at :data:`SANDBOX_TRUSTED`.
* **Per-replay layer** ``<scratch>/cache`` (bound writable at /cache): a fresh GOCACHE whose
  entries are links to the trusted ones (:func:`link_kind`: hard links to inodes the sandbox
  cannot write or chmod, or symbolic links into the read-only mount) — reads hit the warm
  cache, a write to an inherited entry fails, new entries land in the layer, so the PR can at
  most damage its own layer — and an empty GOPATH/GOMODCACHE. The worker never follows
  anything in the layer: it only deletes it, with :func:`replay.safefs.remove_tree`.
* **Self-repair.** Before a replay the trusted cache is checked against its manifest (every
  entry a regular file or directory owned by the worker, not writable by others, with the
  recorded size and mtime; once per worker process also the SHA-256 of every file). A cache
  root or entry that is a link, a file, owned by someone else or does not match is discarded
  (renamed aside, deleted without following links) and rebuilt.

Concurrent workers share a root: building or discarding holds an exclusive ``flock`` on
``<root>/.lock``, checking and linking a shared one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import structlog

from . import safefs
from .errors import ReplayError

log = structlog.get_logger("goleash.replay")

SANDBOX_TRUSTED = "/gocache-trusted"
MANIFEST = "manifest.json"
GO_BUILD = "go-build"
# The probe: imported by a test file, then `go vet -json` and `go test -race -c` warm the
# export data, vet facts and race-instrumented archives of these packages and all they import.
WARM_PACKAGES = (
    "bufio",
    "bytes",
    "context",
    "encoding/json",
    "errors",
    "fmt",
    "io",
    "io/fs",
    "log",
    "math/rand",
    "net",
    "net/http",
    "net/http/httptest",
    "os",
    "os/exec",
    "os/signal",
    "path/filepath",
    "reflect",
    "runtime",
    "sort",
    "strconv",
    "strings",
    "sync",
    "sync/atomic",
    "testing",
    "time",
)
PROBE_MODULE = "goleash.invalid/warm"


def cache_key(toolchain: str, packages: tuple[str, ...]) -> str:
    """A trusted cache holds what one toolchain built for one probe: both name it."""
    return f"{toolchain}-{hashlib.sha256(' '.join(sorted(set(packages))).encode()).hexdigest()[:8]}"


# Trusted directories whose files passed the SHA-256 check in this process:
# (st_dev, st_ino, manifest mtime_ns).
_deep_checked: set[tuple[int, int, int]] = set()


@dataclass
class Layer:
    dir: Path  # bound writable at /cache: go-build (seeded) and gopath (empty)
    trusted: Path | None  # the trusted cache it links to; None: no warm cache
    linked: int = 0  # entries of the trusted cache linked into the layer

    @property
    def trusted_build(self) -> Path | None:
        """What is bound read-only at SANDBOX_TRUSTED."""
        return self.trusted / GO_BUILD if self.trusted is not None else None


class _Lock:
    def __init__(self, root: Path, exclusive: bool) -> None:
        self.path, self.mode = root / ".lock", fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH

    def __enter__(self):
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError:  # a link or a directory where the lock should be
            safefs.discard(self.path)
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        fcntl.flock(self.fd, self.mode)
        return self

    def __exit__(self, *exc):
        os.close(self.fd)


def check(trusted: Path, key: str, deep: bool) -> tuple[dict | None, str | None]:
    """(manifest, None) when ``trusted`` is intact, else (None, why). ``deep``: also compare
    every file's SHA-256, once per process and cache."""
    st = safefs.lstat(trusted)
    if st is None:
        return None, "missing"
    if not stat.S_ISDIR(st.st_mode):
        return None, "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a directory"
    if why := safefs.untrusted_because(st):
        return None, why
    mst = safefs.lstat(trusted / MANIFEST)
    if mst is None or not stat.S_ISREG(mst.st_mode) or safefs.untrusted_because(mst):
        return None, "manifest missing or not the worker's"
    try:
        manifest = json.loads((trusted / MANIFEST).read_text())
        files: dict[str, list] = manifest["files"]
        if manifest.get("key") != key:
            return None, "made for another toolchain or probe"
    except (OSError, ValueError, KeyError, TypeError):
        return None, "manifest unreadable"
    try:
        dirs = set(manifest.get("dirs", ()))
        if not all(isinstance(v, list) and len(v) == 3 for v in files.values()):
            return None, "manifest malformed"
    except (AttributeError, TypeError):
        return None, "manifest malformed"
    try:
        return _check_entries(trusted, st, mst, files, dirs, deep)
    except OSError as e:
        return None, f"unreadable: {e}"


def _check_entries(trusted: Path, st: os.stat_result, mst: os.stat_result, files: dict, dirs: set, deep: bool) -> tuple[dict | None, str | None]:
    gst = safefs.lstat(trusted / GO_BUILD)
    if gst is None or not stat.S_ISDIR(gst.st_mode) or safefs.untrusted_because(gst):
        return None, f"{GO_BUILD} is not the worker's directory"
    seen = 0
    for rel, e, _ in safefs.walk(trusted / GO_BUILD):
        s = e.stat(follow_symlinks=False)
        if why := safefs.untrusted_because(s):
            return None, f"{rel}: {why}"
        if stat.S_ISDIR(s.st_mode):
            if rel not in dirs:
                return None, f"{rel}: unexpected directory"
            continue
        want = files.get(rel)
        if not stat.S_ISREG(s.st_mode) or want is None:
            return None, f"{rel}: unexpected entry"
        if [s.st_size, s.st_mtime_ns] != want[:2]:
            return None, f"{rel}: size or time changed"
        seen += 1
    if seen != len(files):
        return None, f"{len(files) - seen} entries missing"
    mark = (st.st_dev, st.st_ino, mst.st_mtime_ns)
    if deep and mark not in _deep_checked:
        for rel, want in files.items():
            h = hashlib.sha256()
            with open(trusted / GO_BUILD / rel, "rb", opener=_nofollow) as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            if h.hexdigest() != want[2]:
                return None, f"{rel}: content changed"
        _deep_checked.add(mark)
    return {"files": files, "dirs": sorted(dirs)}, None


def _nofollow(path, flags):
    return os.open(path, flags | os.O_NOFOLLOW)


def _seal(staged: Path, key: str) -> int:
    """Make the warm-up's output the worker's and read-only; write its manifest (last)."""
    files, dirs, total = {}, [], 0
    uid, gid = os.geteuid(), os.getegid()
    entries = [(rel, e.stat(follow_symlinks=False)) for rel, e, _ in safefs.walk(staged / GO_BUILD)]
    for rel, s in entries:
        p = staged / GO_BUILD / rel
        if not (stat.S_ISDIR(s.st_mode) or stat.S_ISREG(s.st_mode)):
            p.unlink()  # go writes neither links nor special files here
            continue
        if s.st_uid != uid:
            os.chown(p, uid, gid, follow_symlinks=False)
    for rel, _ in reversed(entries):  # children before their directories lose write access
        p = staged / GO_BUILD / rel
        s = safefs.lstat(p)
        if s is None:
            continue
        if stat.S_ISDIR(s.st_mode):
            os.chmod(p, 0o555)
            dirs.append(rel)
        else:
            os.chmod(p, 0o444)
            h = hashlib.sha256()
            with open(p, "rb", opener=_nofollow) as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            s = os.lstat(p)
            files[rel] = [s.st_size, s.st_mtime_ns, h.hexdigest()]
            total += s.st_size
    os.chown(staged / GO_BUILD, uid, gid)
    os.chmod(staged / GO_BUILD, 0o555)
    (staged / MANIFEST).write_text(json.dumps({"key": key, "created": int(time.time()), "files": files, "dirs": sorted(dirs)}))
    os.chmod(staged / MANIFEST, 0o444)
    os.chmod(staged, 0o555)
    return total


Warm = Callable[[Path], None]
"""Fills ``<dir>/go-build`` (and may use ``<dir>/gopath``) from the probe module; raises
ReplayError when it cannot. Its directory is private to the warm-up."""


def ensure_trusted(root: Path, key: str, warm: Warm, uid: int, gid: int, *, deep: bool = True) -> Path | None:
    """The intact trusted cache for ``key`` under ``root`` (checked, or discarded and rebuilt);
    None when it cannot be built (the replay then runs cold)."""
    root, why = safefs.private_dir(root, 0o711)
    if why:
        log.warning("replay.cache_discarded", path=str(root), reason=why)
    trusted = root / key
    with _Lock(root, exclusive=False):
        manifest, why = check(trusted, key, deep)
    if manifest is not None:
        return trusted
    with _Lock(root, exclusive=True):
        manifest, why = check(trusted, key, deep)  # another worker may have rebuilt it
        if manifest is not None:
            return trusted
        if safefs.lstat(trusted) is not None:
            log.warning("replay.cache_discarded", path=str(trusted), reason=why)
            safefs.discard(trusted)
        _sweep(root, key)
        t = time.monotonic()
        staging = root / f".warming-{secrets.token_hex(6)}"
        try:
            os.mkdir(staging, 0o711)
            for d in (GO_BUILD, "gopath"):
                os.mkdir(staging / d, 0o755)
                if os.geteuid() == 0:
                    os.chown(staging / d, uid, gid)
            try:
                warm(staging)
            except ReplayError as e:
                log.error("replay.cache_warm_failed", error=str(e)[:500])
                return None
            safefs.remove_tree(staging / "gopath")
            total = _seal(staging, key)
            os.rename(staging, trusted)
        finally:
            if safefs.lstat(staging) is not None:
                safefs.remove_tree(staging)
        log.info("replay.cache_warmed", path=str(trusted), bytes=total, seconds=round(time.monotonic() - t, 1))
        _deep_checked.add((os.lstat(trusted).st_dev, os.lstat(trusted).st_ino, os.lstat(trusted / MANIFEST).st_mtime_ns))
        return trusted


def _sweep(root: Path, key: str) -> None:
    """Under the exclusive lock, before a warm-up: remove everything but the lock and the
    caches of other toolchains younger than a day (workers of two versions sharing a root
    during an upgrade must not take turns deleting each other's cache) — leftovers of
    interrupted warm-ups and discards, older caches, and whatever else got there."""
    for other in root.iterdir():
        if other.name in (".lock", key):
            continue
        st = safefs.lstat(other)
        m = safefs.lstat(other / MANIFEST) if st is not None and stat.S_ISDIR(st.st_mode) else None
        if m is not None and not other.name.startswith(".") and time.time() - m.st_mtime < 86400:
            continue
        safefs.discard(other)


def link_kind(uid: int) -> str:
    """How a layer shares the trusted files. Hard links (instant: no inode is created) when
    the sandbox's user is not the files' owner — a root worker, sandbox ``nobody``: the inode
    is root's and read-only, so the sandbox can neither write nor chmod it. When the worker and
    the sandbox are the same user, the owner could chmod a hard-linked inode and write it:
    then symbolic links into the read-only bind are used (a write through them fails, EROFS),
    at the price of one new inode per entry."""
    return "hardlink" if os.geteuid() == 0 and uid != 0 else "symlink"


def new_layer(dest: Path, trusted: Path | None, uid: int, gid: int, kind: str | None = None) -> Layer:
    """A fresh /cache for one replay at ``dest`` (which must not exist): its GOCACHE holds
    links to the trusted cache's entries (:func:`link_kind`), its GOPATH is empty."""
    kind = kind or link_kind(uid)
    os.mkdir(dest, 0o700)
    build = dest / GO_BUILD
    os.mkdir(build, 0o700)
    os.mkdir(dest / "gopath", 0o700)
    dirs = [dest, build, dest / "gopath"]
    linked = 0
    if trusted is not None:
        src = trusted / GO_BUILD
        with _Lock(trusted.parent, exclusive=False):
            for rel, e, _ in safefs.walk(src):
                if e.is_dir(follow_symlinks=False):
                    os.mkdir(build / rel, 0o700)
                    dirs.append(build / rel)
                    continue
                if kind == "hardlink":
                    os.link(src / rel, build / rel, follow_symlinks=False)
                else:
                    os.symlink(f"{SANDBOX_TRUSTED}/{rel}", build / rel)
                linked += 1
    # Go trims entries unused for five days once a day, recording when in trim.txt: a fresh
    # timestamp keeps it from deleting the entries of an older trusted cache.
    trim = build / "trim.txt"
    if safefs.lstat(trim) is not None:
        trim.unlink()
    trim.write_text(f"{int(time.time())}")
    if os.geteuid() == 0:  # the linked entries stay the worker's: replaceable, not writable
        for d in [*dirs, trim]:
            os.chown(d, uid, gid, follow_symlinks=False)
    return Layer(dest, trusted, linked)
