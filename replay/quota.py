"""How much a replay has written: the disk space and the number of entries below the
directories it can write (the work dir, its scratch space with the per-replay Go caches and
/tmp), beyond what was there when the replay started.

Without cgroups, filesystem quotas or a size-limited mount that survives between the steps of
one replay, this is measured from outside: :class:`WriteQuota` walks those trees (with
:func:`replay.safefs.walk`, so a PR's links are never followed) while a step runs — every
second, or less often when a walk is slow, so measuring never costs more than a tenth of a
core — and once more when it ends. Each inode counts once (hard links do not multiply), by the
blocks it occupies; inodes of ``shared_uid`` (the worker, when the sandbox runs as another user:
the trusted cache's entries hard-linked into the replay's layer) are not the replay's writing
and count for nothing. A step over the quota is killed; a write burst between two samples can
overshoot by at most what the PR writes in that interval (one file is capped by RLIMIT_FSIZE).
Trees nested more than ``safefs.MAX_DEPTH`` levels deep count as over the quota too: they
cannot be measured without following them. A worker that is not root cannot look into a
directory the PR made unreadable while the step runs; the measurement at the end of the step
opens such directories up first, so the excess is caught then at the latest.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import safefs


@dataclass(frozen=True)
class Usage:
    bytes: int
    entries: int
    too_deep: bool = False


def measure(paths: list[Path], stop_entries: int | None = None, shared_uid: int | None = None, unlock: bool = False) -> Usage:
    seen: set[tuple[int, int]] = set()
    total = entries = 0
    deep = False
    for root in paths:
        for _, e, depth in safefs.walk(root, unlock=unlock):
            entries += 1
            if depth >= safefs.MAX_DEPTH:
                deep = True
            try:
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            ino = (st.st_dev, st.st_ino)
            if ino not in seen and st.st_uid != shared_uid:
                seen.add(ino)
                total += st.st_blocks * 512
            if stop_entries is not None and entries > stop_entries:
                return Usage(total, entries, deep)
    return Usage(total, entries, deep)


@dataclass
class WriteQuota:
    paths: list[Path]
    max_bytes: int
    max_entries: int
    shared_uid: int | None = None
    baseline: Usage = field(default_factory=lambda: Usage(0, 0))
    next_check: float = 0.0
    last: Usage | None = None

    def start(self) -> "WriteQuota":
        """Take what is there now (the extracted tarball, the seeded caches) as the baseline."""
        self.baseline = measure(self.paths, shared_uid=self.shared_uid)
        return self

    def exceeded(self, final: bool = False) -> str | None:
        """Measure now; a description of the excess, or None. ``final``: the step is over, so
        directories the PR made unreadable may be opened up and counted."""
        t = time.monotonic()
        u = measure(self.paths, stop_entries=self.baseline.entries + self.max_entries, shared_uid=self.shared_uid, unlock=final)
        self.last = u
        self.next_check = time.monotonic() + max(1.0, 10 * (time.monotonic() - t))
        written = u.bytes - self.baseline.bytes
        if written > self.max_bytes:
            return f"wrote {written >> 20} MiB"
        if u.entries - self.baseline.entries > self.max_entries:
            return f"created more than {self.max_entries} files and directories"
        if u.too_deep:
            return f"nested directories more than {safefs.MAX_DEPTH} levels deep"
        return None

    def due(self) -> bool:
        return time.monotonic() >= self.next_check


def quota_for(paths: list[str | os.PathLike], max_bytes: int, max_entries: int, sandbox_uid: int) -> WriteQuota:
    shared = os.geteuid() if os.geteuid() == 0 and sandbox_uid != 0 else None
    return WriteQuota([Path(p) for p in paths], max_bytes, max_entries, shared).start()
