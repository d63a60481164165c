"""Run one command inside a bubblewrap sandbox, as an unprivileged user, with limits.

How it is built (see :func:`build_argv` for the exact argv):

* **Who.** When the worker runs as root, the child is started with
  ``Popen(user=65534, group=65534, extra_groups=[])``: real/effective/saved ids all become
  ``nobody`` *before* bwrap runs, so every capability is dropped and bwrap (not setuid on
  Debian) creates an unprivileged user namespace. RLIMIT_NPROC then counts ``nobody``'s tasks,
  which it would not do for root (root, or a process with CAP_SYS_RESOURCE, is exempt).
  ``bwrap --uid`` inside a user namespace created *by root* would leave the host uid 0 and the
  limits toothless; that variant is not used. When the worker is not root, bwrap runs as the
  worker's own user (then RLIMIT_NPROC counts all of that user's processes).
* **Limits** are set by wrapping the command in util-linux ``prlimit`` (thread-safe: no
  ``preexec_fn`` in a Celery worker): CPU seconds, address space, tasks, open files, file size,
  no core dumps. Address space: Go's race runtime runs fine under an RLIMIT_AS of a few GB.
  A watchdog also sums the resident memory of the sandbox's process tree (cgroup-less
  equivalent of memory.max) and kills the tree above ``limits.memory_bytes``.
* **Namespaces.** ``--unshare-all`` (user, ipc, pid, net, uts, cgroup) plus ``--disable-userns``,
  ``--die-with-parent``, ``--new-session``, ``--cap-drop ALL`` and ``--clearenv``. Only the
  download step (:func:`run_sandboxed` with ``network=True``) keeps the network.
* **Filesystem.** read-only: /usr (and the merged-/usr symlinks /bin /lib /lib64 /sbin),
  /etc/alternatives and /etc/ld.so.cache (gcc for cgo/-race), GOROOT at ``/goroot`` (a copy
  staged at a neutral path, replay/toolchain.py, so that /proc/self/mountinfo names no path of
  the worker's install), the trusted Go build cache at ``/gocache-trusted`` (replay/gocache.py);
  writable: the work dir at ``/repo``, the replay's own Go caches at ``/cache`` (GOCACHE,
  GOPATH/GOMODCACHE: fresh per replay, deleted with it) and a private scratch dir at ``/tmp``
  (TMPDIR, HOME). /proc is the sandbox's own pid namespace; /dev is a minimal devtmpfs. Nothing
  else of the host (no /root, /home, /etc/shadow, /run, the worker's checkout or its
  environment) exists.
* **Time and output.** A wall-clock timeout SIGKILLs the process tree (inner processes
  first, then the group started with ``start_new_session``). The command runs ``--as-pid-1``
  of its pid namespace, so when it dies the kernel kills whatever it left behind before bwrap
  returns; the root tmpfs is remounted read-only (``--remount-ro /``). stdout/stderr are read concurrently, each kept to a head and a tail
  of ``max_output_bytes`` total, the middle dropped with a marker; a child that writes more
  than ``kill_output_bytes`` is killed.
* **Disk.** With a :class:`replay.quota.WriteQuota`, the watchdog also measures what the replay
  wrote below its writable directories and kills the tree above the quota (``"disk"``).
"""

from __future__ import annotations

import functools
import os
import selectors
import shutil
import signal
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ReplayError
from .gocache import SANDBOX_TRUSTED
from .quota import WriteQuota
from .toolchain import find_goroot, staged_goroot  # noqa: F401  (find_goroot: callers import it from here)

SANDBOX_REPO = "/repo"
SANDBOX_GOROOT = "/goroot"
SANDBOX_CACHE = "/cache"
SANDBOX_TMP = "/tmp"
NOBODY = 65534


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 300.0
    cpu_seconds: int = 600  # per process (RLIMIT_CPU)
    address_space_bytes: int = 8 << 30  # per process (RLIMIT_AS)
    memory_bytes: int = 3 << 30  # resident, whole tree (watchdog)
    processes: int = 512  # tasks (threads count) of the sandbox uid (RLIMIT_NPROC)
    open_files: int = 1024
    file_bytes: int = 1 << 30  # largest file the sandbox may write (RLIMIT_FSIZE)
    max_output_bytes: int = 4 << 20  # kept per stream (head + tail)
    kill_output_bytes: int = 256 << 20  # per stream; beyond this the tree is killed


@dataclass
class SandboxResult:
    argv: list[str]  # the full host argv (prlimit ... bwrap ... -- cmd)
    exit_code: int | None  # None when killed by us; negative = killed by signal
    stdout: str
    stderr: str
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    timed_out: bool = False
    killed_by_limit: str | None = None  # "timeout" | "memory" | "output" | "cpu" | "file-size" | "processes" | "disk"
    duration: float = 0.0
    limit_detail: str | None = None  # what exactly went over, when known ("wrote 300 MiB")

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.killed_by_limit

    def to_dict(self) -> dict:
        return asdict(self)


class _Capped:
    """Head + tail of a byte stream, at most ``cap`` bytes kept."""

    def __init__(self, cap: int) -> None:
        self.head_cap = cap // 2
        self.tail_cap = cap - self.head_cap
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0

    def feed(self, data: bytes) -> None:
        self.total += len(data)
        room = self.head_cap - len(self.head)
        if room > 0:
            self.head += data[:room]
            data = data[room:]
        if data:
            self.tail += data
            if len(self.tail) > self.tail_cap:
                del self.tail[: len(self.tail) - self.tail_cap]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.head) + len(self.tail)

    def text(self) -> str:
        if not self.truncated:
            return (bytes(self.head) + bytes(self.tail)).decode("utf-8", "replace")
        dropped = self.total - len(self.head) - len(self.tail)
        return (
            bytes(self.head).decode("utf-8", "replace")
            + f"\n[goleash: output truncated, {dropped} bytes dropped]\n"
            + bytes(self.tail).decode("utf-8", "replace")
        )


@functools.lru_cache(maxsize=None)
def find_bwrap() -> str:
    p = shutil.which("bwrap") or ("/usr/bin/bwrap" if os.path.exists("/usr/bin/bwrap") else None)
    if not p:
        raise ReplayError("bubblewrap (bwrap) is not installed: apt-get install bubblewrap")
    return p


def build_argv(
    cmd: list[str],
    *,
    workdir: str,
    cache_dir: str,
    tmp_dir: str,
    goroot: str,
    env: dict[str, str],
    chdir: str = SANDBOX_REPO,
    network: bool = False,
    limits: Limits = Limits(),
    trusted_cache: str | None = None,
) -> list[str]:
    """The exact host argv: prlimit <limits> -- bwrap <namespaces, binds, env> -- cmd."""
    prlimit = shutil.which("prlimit") or "/usr/bin/prlimit"
    argv = [
        prlimit,
        # soft limit: SIGXCPU (Go programs ignore it); hard limit 1 s later: SIGKILL
        f"--cpu={limits.cpu_seconds}:{limits.cpu_seconds + 1}",
        f"--as={limits.address_space_bytes}",
        f"--nproc={limits.processes}",
        f"--nofile={limits.open_files}",
        f"--fsize={limits.file_bytes}",
        "--core=0",
        "--",
        find_bwrap(),
        "--unshare-all",
    ]
    if network:
        argv.append("--share-net")
    argv += [
        "--unshare-user",
        "--disable-userns",
        # the command is the pid namespace's init: when it exits the kernel kills everything
        # left in the namespace *before* bwrap sees the exit (with bwrap's own init, bwrap
        # reports the status first and the namespace dies asynchronously, after we return)
        "--as-pid-1",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--clearenv",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    for link in ("bin", "lib", "lib64", "sbin"):
        host = f"/{link}"
        if os.path.islink(host):
            argv += ["--symlink", os.readlink(host).lstrip("/"), host]
        elif os.path.isdir(host):
            argv += ["--ro-bind", host, host]
    argv += [
        "--ro-bind-try",
        "/etc/alternatives",
        "/etc/alternatives",
        "--ro-bind-try",
        "/etc/ld.so.cache",
        "/etc/ld.so.cache",
    ]
    if network:
        # name resolution and TLS roots for the module download step only
        for p in ("/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/ssl", "/etc/ca-certificates"):
            argv += ["--ro-bind-try", p, p]
    argv += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--ro-bind",
        goroot,
        SANDBOX_GOROOT,
    ]
    if trusted_cache:
        argv += ["--ro-bind", trusted_cache, SANDBOX_TRUSTED]
    argv += [
        "--bind",
        workdir,
        SANDBOX_REPO,
        "--bind",
        cache_dir,
        SANDBOX_CACHE,
        "--bind",
        tmp_dir,
        SANDBOX_TMP,
        "--remount-ro",
        "/",  # the sandbox's own root tmpfs: nothing writable but the binds
        "--chdir",
        chdir,
    ]
    for k, v in env.items():
        argv += ["--setenv", k, v]
    argv += ["--", *cmd]
    return argv


def go_env(
    *,
    gocache: str = f"{SANDBOX_CACHE}/go-build",
    gopath: str = f"{SANDBOX_CACHE}/gopath",
    goflags: str = "-mod=mod",
    goproxy: str = "off",
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The whole environment of a sandboxed go command (nothing is inherited)."""
    env = {
        "PATH": f"{SANDBOX_GOROOT}/bin:/usr/bin:/bin",
        "HOME": f"{SANDBOX_TMP}/home",
        "TMPDIR": SANDBOX_TMP,
        "GOROOT": SANDBOX_GOROOT,
        "GOCACHE": gocache,
        "GOPATH": gopath,
        "GOMODCACHE": f"{gopath}/pkg/mod",
        "GOFLAGS": goflags,
        "GOPROXY": goproxy,
        "GOSUMDB": "off" if goproxy == "off" else "sum.golang.org",
        "GOTOOLCHAIN": "local",
        "GOTELEMETRY": "off",
        "GOENV": "off",
        "CGO_ENABLED": "1",  # -race needs cgo (and gcc, bound read-only from /usr)
        "CC": "gcc",
        "LANG": "C.UTF-8",
        # a -race binary otherwise sleeps a second before exiting, for goroutines still running
        # to report; the replay's leak check waits for those itself (replay/leakcheck.py)
        "GORACE": "atexit_sleep_ms=0",
    }
    env.update(extra or {})
    return env


def _tree_pids(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as f:
                data = f.read()
            ppid = int(data[data.rindex(b")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, ()))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        return data[data.rindex(b")") + 2 :][:1] not in (b"Z", b"X")
    except (OSError, ValueError):
        return False


def _wait_gone(pids: set[int], timeout: float = 10.0) -> None:
    """After a kill, wait until the killed processes are really gone (the kernel tears a pid
    namespace down asynchronously), so callers never see a half-dead sandbox."""
    end = time.monotonic() + timeout
    while pids and time.monotonic() < end:
        pids = {p for p in pids if _alive(p)}
        for p in pids:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if pids:
            time.sleep(0.02)


def _tree_rss(root: int) -> int:
    total = 0
    page = os.sysconf("SC_PAGE_SIZE")
    for pid in _tree_pids(root):
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            pass
    return total


class _WatchedRun:
    """One started sandbox and its watchdog: the output kept of each stream, the limit the
    tree was killed for (``killed``, with ``detail``), and every pid killed on the way."""

    def __init__(self, proc: subprocess.Popen, start: float, limits: Limits, quota: WriteQuota | None) -> None:
        self.proc = proc
        self.start = start
        self.limits = limits
        self.quota = quota
        self.out, self.err = _Capped(limits.max_output_bytes), _Capped(limits.max_output_bytes)
        self.killed: str | None = None
        self.detail: str | None = None
        self.doomed: set[int] = set()
        self.deadline = start + limits.wall_seconds
        self.next_mem = start
        if quota is not None:
            quota.next_check = start + 1.0

    def kill(self) -> None:
        # snapshot the tree first: once the outer bwrap dies its children are reparented.
        # Killing the pid namespace's init (bwrap's inner pid 1) takes the namespace with it.
        # Inner processes go first so the outer bwrap can reap its child and exit by itself:
        # killing it first would orphan the inner bwrap to the host's init as a zombie.
        proc = self.proc
        tree = _tree_pids(proc.pid)
        self.doomed.update(tree)
        for pid in tree[1:]:  # also what left the group (bwrap --new-session)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def kill_for(self, reason: str) -> None:
        """Kill the tree; the first limit reached is the one reported."""
        self.killed = self.killed or reason
        self.kill()

    def watch(self) -> None:
        """Read both streams until they close, enforcing the limits, then reap the process."""
        proc = self.proc
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ, self.out)
        sel.register(proc.stderr, selectors.EVENT_READ, self.err)
        try:
            while sel.get_map():
                now = time.monotonic()
                if now >= self.deadline:
                    self.kill_for("timeout")
                    break
                self._check_memory(now)
                self._check_disk()
                self._read_ready(sel, now)
            try:
                proc.wait(timeout=max(0.1, self.deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.kill_for("timeout")
                proc.wait()
        finally:
            sel.close()
            proc.stdout.close()
            proc.stderr.close()
            if proc.poll() is None:
                self.kill()
                proc.wait()
        _wait_gone(self.doomed - {proc.pid})

    def _check_memory(self, now: float) -> None:
        if now >= self.next_mem:
            self.next_mem = now + 0.2
            if _tree_rss(self.proc.pid) > self.limits.memory_bytes:
                self.kill_for("memory")

    def _check_disk(self) -> None:
        if self.quota is not None and not self.killed and self.quota.due():
            self.detail = self.quota.exceeded()
            if self.detail:
                self.kill_for("disk")

    def _read_ready(self, sel: selectors.BaseSelector, now: float) -> None:
        for key, _ in sel.select(timeout=min(0.2, max(0.0, self.deadline - now))):
            data = os.read(key.fd, 1 << 16)
            if not data:
                sel.unregister(key.fileobj)
                continue
            key.data.feed(data)
            if key.data.total > self.limits.kill_output_bytes and not self.killed:
                self.kill_for("output")

    def result(self, argv: list[str]) -> SandboxResult:
        killed, detail = self.killed, self.detail
        killed_by_us = killed
        if self.quota is not None and not killed:
            # what the last seconds wrote: the step may have finished between two samples
            detail = self.quota.exceeded(final=True)
            if detail:
                killed = "disk"
        duration = time.monotonic() - self.start
        code = self.proc.returncode
        stdout, stderr = self.out.text(), self.err.text()
        if code == 1 and stderr.startswith("bwrap: ") and not stdout:
            raise ReplayError(f"the sandbox could not be set up: {stderr.strip()[:300]}")
        if killed is None:
            killed = _limit_from_output(code, stdout + stderr[-65536:])
        return SandboxResult(
            argv=argv,
            exit_code=None if killed_by_us else code,
            stdout=stdout,
            stderr=stderr,
            stdout_truncated=self.out.truncated,
            stderr_truncated=self.err.truncated,
            timed_out=killed == "timeout",
            killed_by_limit=killed,
            duration=duration,
            limit_detail=detail,
        )


def _start(argv: list[str], uid: int, gid: int) -> subprocess.Popen:
    popen_kw: dict = {}
    if os.geteuid() == 0:
        popen_kw = {"user": uid, "group": gid, "extra_groups": []}
    try:
        return subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={},
            cwd="/",
            close_fds=True,
            start_new_session=True,
            **popen_kw,
        )
    except OSError as e:
        raise ReplayError(f"cannot start the sandbox: {e}") from e


def run_sandboxed(
    cmd: list[str],
    *,
    workdir: str | os.PathLike,
    cache_dir: str | os.PathLike,
    tmp_dir: str | os.PathLike,
    env: dict[str, str] | None = None,
    chdir: str = SANDBOX_REPO,
    network: bool = False,
    limits: Limits = Limits(),
    goroot: str | None = None,
    uid: int = NOBODY,
    gid: int = NOBODY,
    trusted_cache: str | os.PathLike | None = None,
    quota: WriteQuota | None = None,
) -> SandboxResult:
    """Run ``cmd`` (paths as seen inside the sandbox) and return what happened.

    ``goroot``: the toolchain to bind at /goroot (default: the staged copy of the ``go`` on
    PATH); ``trusted_cache``: a read-only build cache for /gocache-trusted; ``quota``: a write
    quota over the directories the command can write, checked while it runs and at the end.

    Never raises for anything the command does; raises ReplayError only when the sandbox
    cannot be set up (bwrap missing, directories missing)."""
    for p in (workdir, cache_dir, tmp_dir):
        if not os.path.isdir(p):
            raise ReplayError(f"sandbox directory {p} does not exist")
    goroot = goroot or staged_goroot()
    argv = build_argv(
        cmd,
        workdir=str(workdir),
        cache_dir=str(cache_dir),
        tmp_dir=str(tmp_dir),
        goroot=goroot,
        env=go_env() if env is None else env,
        chdir=chdir,
        network=network,
        limits=limits,
        trusted_cache=str(trusted_cache) if trusted_cache else None,
    )
    start = time.monotonic()
    run = _WatchedRun(_start(argv, uid, gid), start, limits, quota)
    run.watch()
    return run.result(argv)


_LIMIT_MARKERS = (
    ("CPU time limit exceeded", "cpu"),
    ("too many address space collisions", "memory"),
    ("File size limit exceeded", "file-size"),
    ("no space left on device", "disk"),
    ("disk quota exceeded", "disk"),
    ("file too large", "file-size"),
    ("resource temporarily unavailable", "processes"),
    ("failed to create new OS thread", "processes"),
    ("pthread_create failed", "processes"),
    ("cannot allocate memory", "memory"),
    ("out of memory", "memory"),
)


def _limit_from_output(code: int | None, text: str) -> str | None:
    """Which rlimit the command ran into, judged from the exit status and Go's messages."""
    if code in (-signal.SIGXCPU, 128 + signal.SIGXCPU):
        return "cpu"
    if code in (-signal.SIGXFSZ, 128 + signal.SIGXFSZ):
        return "file-size"
    if code in (-signal.SIGKILL, 128 + signal.SIGKILL):
        # nobody outside killed it (that would be timeout/memory/output), and inside the
        # sandbox only the hard RLIMIT_CPU sends SIGKILL (Go ignores the soft SIGXCPU), or
        # the kernel's OOM killer
        return "cpu"
    if code == 0:
        return None
    low = text.lower()
    for marker, kind in _LIMIT_MARKERS:
        if marker.lower() in low:
            return kind
    if "signal: killed" in low:  # the go command reporting its child's SIGKILL
        return "cpu"
    return None


def make_scratch(base: str | os.PathLike, uid: int = NOBODY, gid: int = NOBODY) -> Path:
    """A private /tmp for one sandbox run, owned by the sandbox user."""
    p = Path(base)
    (p / "home").mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        for d in (p, p / "home"):
            os.chown(d, uid, gid)
    os.chmod(p, 0o700)
    return p
