"""The engine under limits: every package is analysed in a forked child process with a time
and a memory budget, inside the review's deadline. A package over its budget is skipped and
named, never silently, and the worker is free again when the budget runs out.

Why a child process and not a check inside the engine: the engine's cost is not bounded on
every legal Go file (deep nesting, thousands of goroutine-starting functions), and a pure-
Python loop can only be stopped from outside. Celery's own time limits do not help either: the
solo pool, which `goleash worker` runs at the default concurrency of one, does not enforce
them. A fork costs a few milliseconds; reviews touch a handful of packages."""

from __future__ import annotations

import os
import pickle
import posixpath
import resource
import select
import signal
import time
from dataclasses import dataclass
from typing import Callable, Mapping

from goleash.rules.model import Report, Skipped

# Exit codes of the child, read by the parent when no result came back.
_EXIT_MEMORY = 3
_EXIT_CRASH = 4


@dataclass(frozen=True)
class Limits:
    """What one review may spend. The time limits are settings; the sizes are fixed because
    Go files and packages over them are generated or vendored in practice."""

    review_seconds: float = 180.0
    package_seconds: float = 60.0
    memory_bytes: int = 1 << 30
    # Larger hand-written Go files are rare; their packages are named as not analysed.
    file_bytes: int = 1 << 20
    # Never fetched: the engine does not parse files this large at all.
    fetch_file_bytes: int = 8 << 20
    package_files: int = 1000
    package_bytes: int = 16 << 20
    # Kept back from the review's deadline for posting comments and the check run.
    posting_seconds: float = 30.0

    @classmethod
    def from_settings(cls, settings) -> "Limits":
        return cls(
            review_seconds=float(settings.review_time_limit),
            package_seconds=float(settings.package_time_limit),
            memory_bytes=int(settings.analysis_memory_mb) << 20,
        )

    def analysis_deadline(self, started: float) -> float:
        return started + self.review_seconds - min(self.posting_seconds, self.review_seconds / 4)


def analyze(
    files: Mapping[str, bytes],
    engine: Callable[[dict[str, bytes]], Report],
    limits: Limits,
    deadline: float,
) -> Report:
    """`engine` over `files`, one directory at a time, each in a child process. go.mod files
    go to every child so go versions are read as the engine reads them on the whole tree."""
    go_mods = {p: d for p, d in files.items() if posixpath.basename(p) == "go.mod"}
    by_dir: dict[str, dict[str, bytes]] = {}
    for path, data in files.items():
        if path.endswith(".go"):
            by_dir.setdefault(posixpath.dirname(path), {})[path] = data
    report = Report()
    for d in sorted(by_dir):
        remaining = deadline - time.monotonic()
        if remaining < 1.0:
            report.skipped.append(Skipped(d, "the review's time limit ran out before this package", "review_time"))
            continue
        budget = min(limits.package_seconds, remaining)
        part, skipped = _in_child(engine, {**go_mods, **by_dir[d]}, budget, limits.memory_bytes)
        if skipped is not None:
            report.skipped.append(Skipped(d, *skipped))
            continue
        report.findings += part.findings
        report.errors += part.errors
        report.files_analyzed += part.files_analyzed
        report.lines_analyzed += part.lines_analyzed
    report.findings.sort(key=lambda f: (f.span.path, f.span.start_line, f.span.start_col, f.rule_id))
    return report


def _in_child(engine, files: dict[str, bytes], seconds: float, memory: int) -> tuple[Report | None, tuple[str, str] | None]:
    """(report, None), or (None, (reason, limit)) when the child went over a budget or died."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(r)
        _child(engine, files, memory, w)
    os.close(w)
    chunks: list[bytes] = []
    status = None
    try:
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([r], [], [], left)
            if not ready:
                continue
            chunk = os.read(r, 1 << 20)
            if not chunk:
                _, status = os.waitpid(pid, 0)
                break
            chunks.append(chunk)
    finally:
        os.close(r)
        if status is None:  # over time, or the parent itself was interrupted
            _kill(pid)
    if status is None:
        return None, (f"analysis took longer than its {seconds:.0f} s budget", "package_time")
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and chunks:
        return pickle.loads(b"".join(chunks)), None
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == _EXIT_MEMORY or _killed_by_oom(status):
        return None, (f"analysis needed more than its {memory >> 20} MB memory budget", "memory")
    how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT:
        # C code (tree-sitter) that cannot allocate aborts instead of raising MemoryError.
        how += f"; it may have needed more than its {memory >> 20} MB memory budget"
    return None, (f"the analysis process failed ({how})", "crashed")


def _child(engine, files: dict[str, bytes], memory: int, w: int) -> None:
    code = _EXIT_CRASH
    try:
        # The worker's handlers (Celery's warm shutdown) are not the child's business: the
        # parent kills it if it must stop.
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGUSR1, signal.SIGALRM):
            signal.signal(sig, signal.SIG_DFL)
        _limit_memory(memory)
        data = pickle.dumps(engine(files), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(w, view) :]
        code = 0
    except MemoryError:
        code = _EXIT_MEMORY
    except BaseException:  # noqa: BLE001 - reported to the parent as a crash by the exit code
        code = _EXIT_CRASH
    finally:
        os._exit(code)


def _limit_memory(extra: int) -> None:
    """Data segment (heap and private writable mappings): what the forked worker already has,
    plus the budget. Not the address space: the gofmt that fix verification runs is a Go
    program, whose runtime reserves far more address space than it ever uses."""
    with open("/proc/self/status") as fh:
        used = next(int(line.split()[1]) << 10 for line in fh if line.startswith("VmData:"))
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    want = used + extra
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (want, hard))


def _killed_by_oom(status: int) -> bool:
    # The kernel's OOM killer; the parent's own kill (over time) never gets here.
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
