"""What runs in the sandbox for a PR: ``go vet -json`` over the changed packages, then
``go test -race -count=1 -timeout T`` for each changed package; the output becomes findings.

Module downloads are a separate step (``go mod download``, which builds and runs nothing from
the PR) and only happen when ``ReplayConfig.goproxy`` names a proxy; by default there is no
download at all (GOPROXY=off), so replay works on modules with no external dependencies or
with a vendor/ directory, and reports a clear failure otherwise.

Nothing of one replay reaches the next: each gets its own work dir, scratch space and Go caches
(replay/gocache.py: a private writable layer over the read-only cache that only the toolchain's
own warm-up fills), all deleted afterwards; what it may write meanwhile is capped by a disk
quota (replay/quota.py). What the runner itself needs from the work dir (modules, vendor/,
go.mod) is read before any PR code has run: afterwards, any name there may be a link the PR
planted (reports read source lines through replay/tree_files.py, which follows none).
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

import structlog

from goleash.rules.model import Finding

from . import gocache, leakcheck, reports, safefs
from .errors import ReplayError
from .quota import WriteQuota, quota_for
from .sandbox import NOBODY, SANDBOX_REPO, SANDBOX_TMP, Limits, SandboxResult, go_env, make_scratch, run_sandboxed
from .tarball import TarLimits, chown_tree, extract_tarball
from .toolchain import find_goroot, staged_goroot, toolchain_key

log = structlog.get_logger("goleash.replay")


@dataclass(frozen=True)
class ReplayConfig:
    test_timeout_seconds: int = 60  # go test -timeout, per package
    build_allowance_seconds: int = 240  # wall (and CPU) time for compiling a -race test binary
    vet_limits: Limits = Limits(wall_seconds=240)
    test_limits: Limits = Limits()  # wall_seconds = test timeout + 30 s
    download_limits: Limits = Limits(wall_seconds=300)
    goproxy: str | None = None  # e.g. "https://proxy.golang.org"; None: no downloads
    vet: bool = True
    race: bool = True
    uid: int = NOBODY
    gid: int = NOBODY
    tar_limits: TarLimits = TarLimits()
    # What one replay may write below /repo, /tmp and /cache together (beyond the extracted
    # tarball and the seeded cache links); above it the step is killed and the replay stops.
    disk_quota_bytes: int = 2 << 30
    disk_quota_entries: int = 200_000
    warm_limits: Limits = Limits(wall_seconds=900, cpu_seconds=900)  # the trusted cache's warm-up
    warm_packages: tuple[str, ...] = gocache.WARM_PACKAGES  # what the trusted cache holds (and imports)
    toolchain_dir: str | None = None  # where GOROOT is staged (default: a private temp dir)
    # Run-time checks beyond -race (see _race_package): a goroutine-leak check after the tests,
    # a per-test hang timeout shorter than the package's budget, and repetitions of a clean suite.
    leak_check: bool = True
    leak_grace_ms: int = 1000  # how long leftover goroutines may take to finish
    hang_timeout_seconds: int = 10  # a test blocked this long (all its goroutines waiting) hangs
    race_repeat_seconds: float = 1.0  # test time spent repeating a suite that passed cleanly
    race_repeats_max: int = 20
    race_atexit_sleep_ms: int = 0  # GORACE atexit_sleep_ms (the race runtime's default: 1000)


@dataclass
class Step:
    name: str  # "download" | "vet" | "build" (go test -race -c) | "test" (the binary)
    module: str  # repo-relative module dir ("" = repository root)
    packages: list[str]  # repo-relative package dirs
    status: str  # ok | findings | test-failed | build-failed | limit:<kind> | error
    result: SandboxResult | None = None
    detail: str = ""

    def to_dict(self) -> dict:
        d = asdict(self)
        if self.result is not None:
            d["result"] = self.result.to_dict()
        return d


@dataclass
class ReplayResult:
    findings: list[Finding] = field(default_factory=list)  # vet-*, race-detected, hang-detected
    steps: list[Step] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # replay failures, for the check run
    skipped: list[str] = field(default_factory=list)  # changed dirs not replayed, and why
    costs: list["PackageCost"] = field(default_factory=list)  # per package: runs, repetitions, time
    budget: dict = field(default_factory=dict)  # the limits the tests ran under

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict:
        """JSON-safe (Celery payloads); stdout/stderr of steps are included, capped."""
        return {
            "findings": [f.to_dict() for f in self.findings],
            "steps": [s.to_dict() for s in self.steps],
            "failures": list(self.failures),
            "skipped": list(self.skipped),
            "costs": [asdict(c) for c in self.costs],
            "budget": dict(self.budget),
        }


def _norm_dir(d: str) -> str:
    d = d.replace("\\", "/").strip("/")
    d = posixpath.normpath(d) if d else ""
    if d == ".":
        d = ""
    if d.startswith("../") or d == ".." or d.startswith("/"):
        raise ReplayError(f"package dir {d!r} is outside the repository")
    return d


def _module_of(workdir: Path, d: str) -> str | None:
    cur = d
    while True:
        if (workdir / cur / "go.mod").is_file():
            return cur
        if not cur:
            return None
        cur = posixpath.dirname(cur)


def plan(workdir: str | os.PathLike, changed_dirs: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """module dir -> changed package dirs in it; and the dirs skipped with the reason."""
    workdir = Path(workdir)
    mods: dict[str, list[str]] = {}
    skipped = []
    for raw in sorted(set(changed_dirs)):
        d = _norm_dir(raw)
        parts = d.split("/") if d else []
        if "vendor" in parts or "testdata" in parts:
            skipped.append(f"{d or '.'}: vendored or testdata")
            continue
        p = workdir / d
        if p.is_symlink() or not p.is_dir() or not any(f.endswith(".go") and (p / f).is_file() for f in os.listdir(p)):
            skipped.append(f"{d or '.'}: no Go files at the head commit")
            continue
        mod = _module_of(workdir, d)
        if mod is None:
            skipped.append(f"{d or '.'}: not inside a Go module (no go.mod)")
            continue
        mods.setdefault(mod, []).append(d)
    return mods, skipped


def _pattern(mod: str, pkg: str) -> str:
    rel = posixpath.relpath(pkg or ".", mod or ".")
    return "." if rel == "." else "./" + rel


def _goflags(workdir: Path, mod: str) -> str:
    return "-mod=vendor" if (workdir / mod / "vendor" / "modules.txt").is_file() else "-mod=mod"


def _needs_download(workdir: Path, mod: str) -> bool:
    if (workdir / mod / "vendor" / "modules.txt").is_file():
        return False
    try:
        text = (workdir / mod / "go.mod").read_text(errors="replace")
    except OSError:
        return False
    return any(l.strip().startswith("require") for l in text.splitlines())


def _limit_words(r: SandboxResult, limits: Limits) -> str:
    return {
        "timeout": f"wall-clock limit of {limits.wall_seconds:.0f}s exceeded, process tree killed",
        "memory": f"resident memory above {limits.memory_bytes >> 20} MiB, process tree killed",
        "output": f"printed more than {limits.kill_output_bytes >> 20} MiB, process tree killed",
        "cpu": f"CPU time limit of {limits.cpu_seconds}s per process exceeded",
        "file-size": f"tried to write a file larger than {limits.file_bytes >> 20} MiB",
        "processes": f"hit the limit of {limits.processes} processes/threads",
        "disk": f"replay disk quota exceeded ({r.limit_detail or 'the disk is full'}); the quota is "
        f"what /repo, /tmp and the Go caches may grow by, together",
    }.get(r.killed_by_limit or "", r.killed_by_limit or "")


@dataclass
class _Run:
    """One replay's places: the work dir, its private scratch space and Go cache layer."""

    workdir: Path
    scratch: Path
    layer: gocache.Layer
    quota: WriteQuota | None
    goroot: str
    cfg: ReplayConfig
    stopped: str = ""  # why the remaining steps were not run

    def run(
        self,
        name: str,
        cmd: list[str],
        *,
        mod: str,
        pkgs: list[str],
        limits: Limits,
        env: dict,
        network: bool = False,
        tmp: Path | None = None,
        cwd: str | None = None,
    ) -> tuple[Step, SandboxResult]:
        own = tmp is None
        if own:
            tmp = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.scratch))
            make_scratch(tmp, self.cfg.uid, self.cfg.gid)
        try:
            d = cwd if cwd is not None else mod
            r = run_sandboxed(
                cmd,
                workdir=self.workdir,
                cache_dir=self.layer.dir,
                tmp_dir=tmp,
                env=env,
                chdir=posixpath.join(SANDBOX_REPO, d) if d else SANDBOX_REPO,
                network=network,
                limits=limits,
                uid=self.cfg.uid,
                gid=self.cfg.gid,
                goroot=self.goroot,
                trusted_cache=self.layer.trusted_build,
                quota=self.quota,
            )
        finally:
            if own:
                _remove(tmp)
        if r.killed_by_limit == "disk":
            self.stopped = _limit_words(r, limits)
        return Step(name, mod, pkgs, "ok", r), r


def _remove(path: Path) -> None:
    try:
        safefs.remove_tree(path)
    except OSError as e:
        log.error("replay.cleanup_failed", path=str(path), error=str(e)[:300])


def _vet_cmd(patterns: list[str]) -> list[str]:
    return ["go", "vet", "-json", *patterns]


def _build_cmd(out: str, pattern: str, overlay: str | None = None) -> list[str]:
    return ["go", "test", "-race", "-vet=off", "-c", "-o", out, *([f"-overlay={overlay}"] if overlay else []), pattern]


_RUNNING = re.compile(r"^\t\t(?P<name>\S+) \((?P<dur>[0-9.hms]+)\)$", re.M)
_DONE = re.compile(r"^--- (?:PASS|FAIL|SKIP): (?P<name>[^\s/]+) \(", re.M)
_DUR = re.compile(r"(?P<n>[0-9.]+)(?P<u>h|m|s)")
_STILL = ("chan send", "chan receive", "select", "sync.", "semacquire")


def _seconds(dur: str) -> float:
    return sum(float(m["n"]) * {"h": 3600, "m": 60, "s": 1}[m["u"]] for m in _DUR.finditer(dur))


def _all_blocked(text: str) -> bool:
    """At a test timeout: every goroutine of the repository waits on a channel, a lock or a
    WaitGroup (none sleeping, running or in a system call), so more time would not help."""
    m = reports._TIMEOUT.search(text)
    own = [g for g in reports.parse_goroutine_dump(text[m.start() :] if m else text) if reports._own_frame(g.frames)]
    return bool(own) and all(g.reason.startswith(_STILL) for g in own)


@dataclass
class PackageCost:
    """What replaying one package's tests cost, for the check run."""

    package: str
    runs: int = 0  # test binary runs (the first, reruns after a hang, repetitions)
    repetitions: int = 0  # extra passes of the whole test suite under -race
    seconds: float = 0.0  # wall time of those runs
    leak_check: bool = False
    note: str = ""


def _race_package(run: _Run, mod: str, pkg: str, pattern: str, env: dict, out: ReplayResult, leak_plan: leakcheck.Plan | None) -> list[Finding]:
    """Build the package's test binary with -race (go test -c, with the leak check added by an
    overlay when there is one), then run it as its own steps: the binary's output streams
    straight to us (go test would buffer it), and the build gets build limits while PR code
    runs under the test limits.

    The runs share the package's budget (``test_timeout_seconds``): the first with
    ``-test.v`` and a per-test hang timeout; when a test hangs, the binary is run again
    without the tests already done and the one that hung; when everything passed and the
    race detector saw nothing, the whole suite is repeated (more times for quicker suites,
    ``-test.failfast`` so the first race stops it) while the repetition allowance lasts."""
    cfg = run.cfg
    label = "./" + pkg if pkg else "."
    cost = PackageCost(label)
    out.costs.append(cost)
    tmp = Path(tempfile.mkdtemp(prefix="race-", dir=run.scratch))
    make_scratch(tmp, cfg.uid, cfg.gid)
    found: list[Finding] = []
    try:
        blim = Limits(
            **{
                **asdict(cfg.test_limits),
                "wall_seconds": float(cfg.build_allowance_seconds),
                "cpu_seconds": max(cfg.test_limits.cpu_seconds, cfg.build_allowance_seconds),
            }
        )
        bin_in = f"{SANDBOX_TMP}/pkg.test"
        overlay = leak_plan.write(tmp, SANDBOX_TMP) if leak_plan else None
        step, r = run.run("build", _build_cmd(bin_in, pattern, overlay), mod=mod, pkgs=[pkg], limits=blim, env=env, tmp=tmp)
        if overlay and not r.killed_by_limit and r.exit_code != 0:
            # the package does not build with the check (a TestMain behind build tags, a name
            # taken...): build it as it is, and say so
            log.info("replay.leak_check_dropped", package=label, error=(r.stderr or r.stdout)[-300:])
            overlay = None
            cost.note = "leak check left out: the package does not build with it"
            step, r = run.run("build", _build_cmd(bin_in, pattern), mod=mod, pkgs=[pkg], limits=blim, env=env, tmp=tmp)
        out.steps.append(step)
        if r.killed_by_limit or r.exit_code != 0:
            step.status = f"limit:{r.killed_by_limit}" if r.killed_by_limit else "build-failed"
            step.detail = (r.stderr.strip() or r.stdout.strip())[-2000:]
            why = _limit_words(r, blim) if r.killed_by_limit else step.detail[-500:]
            out.failures.append(f"go test -race -c {label} did not build: {why}")
            return []
        built = safefs.lstat(tmp / "pkg.test")
        if built is None or not stat.S_ISREG(built.st_mode):
            step.detail = "no test files"
            return []
        cost.leak_check = overlay is not None
        if cost.note:
            step.detail = cost.note
        found = _run_tests(run, mod, pkg, label, bin_in, tmp, env, out, cost, leakcheck.flags(SANDBOX_REPO, cfg.leak_grace_ms) if overlay else [])
    finally:
        _remove(tmp)
    return found


def _not_run(run: _Run, mod: str, pkg: str, bin_in: str, tmp: Path, env: dict, done: list[str]) -> list[str]:
    """The package's top-level tests not in ``done`` (``-test.list`` runs no test)."""
    lim = Limits(**{**asdict(run.cfg.test_limits), "wall_seconds": 15.0})
    _, r = run.run("list", [bin_in, "-test.list=.*"], mod=mod, pkgs=[pkg], limits=lim, env=env, tmp=tmp, cwd=pkg)
    if not r.ok:
        return []
    return [n for n in r.stdout.split() if re.fullmatch(r"(Test|Example|Fuzz)\w*", n) and n not in done]


def _run_tests(
    run: _Run, mod: str, pkg: str, label: str, bin_in: str, tmp: Path, env: dict, out: ReplayResult, cost: PackageCost, leak_flags: list[str]
) -> list[Finding]:
    cfg = run.cfg
    budget = float(cfg.test_timeout_seconds)
    hang_t = max(1, min(cfg.hang_timeout_seconds, cfg.test_timeout_seconds))
    started = time.monotonic()
    found: list[Finding] = []
    skip: list[str] = []
    patient = False  # a test timed out while still busy: give the next run all that is left
    first_ok = False
    first_seconds = 0.0
    name = "test"
    while True:
        left = budget - (time.monotonic() - started)
        if cost.runs and left < 1:
            # a hang was reported; the tests it kept from running are only named
            missed = _not_run(run, mod, pkg, bin_in, tmp, env, skip)
            if missed:
                cost.note = f"the test budget of {budget:.0f}s ran out at a hang; not run: {', '.join(missed[:5])}{' ...' if len(missed) > 5 else ''}"
                out.steps[-1].detail = cost.note
            break
        t = max(1, round(left if patient else min(hang_t, left)))
        cmd = [bin_in, "-test.count=1", f"-test.timeout={t}s", "-test.v"] + leak_flags
        if skip:
            cmd.append("-test.skip=^(" + "|".join(re.escape(s) for s in skip) + ")$")
        tlim = Limits(**{**asdict(cfg.test_limits), "wall_seconds": float(t + 30)})
        step, r = run.run(name, cmd, mod=mod, pkgs=[pkg], limits=tlim, env=env, tmp=tmp, cwd=pkg)
        cost.runs += 1
        cost.seconds += r.duration
        text = r.stdout + "\n" + r.stderr
        now = (
            reports.parse_race_reports(text, run.workdir, package=label)
            + reports.parse_panics(text, run.workdir, package=label)
            + reports.parse_leaks(text, run.workdir, package=label, grace=f"{cfg.leak_grace_ms / 1000:g}s" if leak_flags else "")
        )
        timeout = reports._TIMEOUT.search(text)
        hung: list[str] = []
        if timeout and not r.killed_by_limit:
            running = [(m["name"], _seconds(m["dur"])) for m in _RUNNING.finditer(text, timeout.end())]
            stuck = _all_blocked(text)
            if stuck or patient or t >= left - 1:
                now += reports.parse_hang(text, run.workdir, package=label)
                hung = [n for n, _ in running] or ["^$"]
            elif not running or max(d for _, d in running) >= t / 2:
                patient = True  # busy, not blocked: the same tests again, with all the time left
            done = [m["name"] for m in _DONE.finditer(text) if m["name"] not in skip]
            skip += done + [h for h in hung if h not in skip and h != "^$"]
            if "^$" in hung or not (done or hung or patient):
                timeout = None  # nothing left to learn from another run
        found += now
        if r.killed_by_limit:
            step.status = f"limit:{r.killed_by_limit}"
            out.failures.append(f"go test -race {label}: {_limit_words(r, tlim)}")
        elif now:
            step.status = "findings"
        elif r.exit_code == 0:
            step.status = "ok"
        else:
            step.status = "test-failed"  # the PR's own failing tests are not ours to report
            step.detail = text.strip()[-2000:]
        if cost.runs == 1:
            first_ok, first_seconds = r.exit_code == 0 and not r.killed_by_limit, r.duration
        out.steps.append(step)
        if r.killed_by_limit or not timeout:
            break
        name = "test-rerun"
    if not (cfg.race_repeat_seconds > 0 and first_ok and cost.runs == 1 and not found):
        return found
    # The race detector only sees the interleavings that happen: run the suite again, as many
    # times as the allowance pays for at the first run's pace.
    left = budget - (time.monotonic() - started)
    reps = min(cfg.race_repeats_max, int(min(cfg.race_repeat_seconds, left) / max(first_seconds, 0.05)))
    if reps < 1:
        return found
    t = max(1, round(min(left, hang_t + reps * first_seconds)))
    tlim = Limits(**{**asdict(cfg.test_limits), "wall_seconds": float(t + 30)})
    cmd = [bin_in, f"-test.count={reps}", f"-test.timeout={t}s", "-test.failfast"]
    step, r = run.run("test-repeat", cmd, mod=mod, pkgs=[pkg], limits=tlim, env=env, tmp=tmp, cwd=pkg)
    cost.runs += 1
    cost.repetitions += reps
    cost.seconds += r.duration
    text = r.stdout + "\n" + r.stderr
    now = reports.parse_race_reports(text, run.workdir, package=label) + reports.parse_panics(text, run.workdir, package=label)
    step.detail = f"{reps} more passes of the suite"
    if r.killed_by_limit:
        step.status = f"limit:{r.killed_by_limit}"
        out.failures.append(f"go test -race {label} (repeated): {_limit_words(r, tlim)}")
    else:
        step.status = "findings" if now else "ok" if r.exit_code == 0 else "test-failed"
    out.steps.append(step)
    return found + now


def _warm(cfg: ReplayConfig, goroot: str) -> gocache.Warm:
    """The trusted cache's warm-up: the probe module, vetted and built with -race by the same
    commands and environment as a replay, so that its cache entries are the ones replays ask for."""

    def warm(cache: Path) -> None:
        base = Path(tempfile.mkdtemp(prefix="goleash-warm-"))
        try:
            os.chmod(base, 0o711)
            repo = base / "repo"
            (repo / "probe").mkdir(parents=True)
            (repo / "go.mod").write_text(f"module {gocache.PROBE_MODULE}\n\ngo 1.21\n")
            (repo / "probe" / "probe.go").write_text("package probe\n")
            imports = "".join(f'\t_ "{p}"\n' for p in cfg.warm_packages if p != "testing")
            (repo / "probe" / "probe_test.go").write_text(
                f'package probe\n\nimport (\n{imports}\t"testing"\n)\n\nfunc TestProbe(t *testing.T) {{}}\n'
            )
            if os.geteuid() == 0:
                chown_tree(repo, cfg.uid, cfg.gid)
            for i, cmd in enumerate((_vet_cmd(["./probe"]), _build_cmd(f"{SANDBOX_TMP}/probe.test", "./probe"))):
                tmp = make_scratch(base / f"tmp-{i}", cfg.uid, cfg.gid)
                r = run_sandboxed(
                    cmd,
                    workdir=repo,
                    cache_dir=cache,
                    tmp_dir=tmp,
                    env=go_env(goflags="-mod=mod"),
                    limits=cfg.warm_limits,
                    goroot=goroot,
                    uid=cfg.uid,
                    gid=cfg.gid,
                )
                if not r.ok:
                    raise ReplayError(f"{' '.join(cmd)} failed ({r.killed_by_limit or r.exit_code}): {(r.stderr or r.stdout).strip()[-500:]}")
        finally:
            _remove(base)

    return warm


def prepare_layer(cache_dir: str | os.PathLike, dest: Path, cfg: ReplayConfig, goroot: str) -> gocache.Layer:
    """Check (or rebuild) the trusted cache under ``cache_dir`` and seed a fresh layer at ``dest``."""
    trusted = gocache.ensure_trusted(
        Path(cache_dir), gocache.cache_key(toolchain_key(find_goroot()), cfg.warm_packages), _warm(cfg, goroot), cfg.uid, cfg.gid
    )
    return gocache.new_layer(dest, trusted, cfg.uid, cfg.gid)


def replay_workdir(
    workdir: str | os.PathLike,
    changed_dirs: list[str],
    *,
    cache_dir: str | os.PathLike,
    config: ReplayConfig = ReplayConfig(),
    scratch_dir: str | os.PathLike | None = None,
) -> ReplayResult:
    """Replay an already extracted repository (owned by the sandbox user, see chown_tree).

    ``cache_dir``: the root of the trusted build cache (replay/gocache.py), shared by all
    repositories and never writable by a replay; made and warmed on first use."""
    workdir = Path(workdir).resolve()
    cfg = config
    out = ReplayResult(
        budget={
            "test_seconds_per_package": cfg.test_timeout_seconds,
            "hang_timeout_seconds": min(cfg.hang_timeout_seconds, cfg.test_timeout_seconds),
            "race_repeat_seconds": cfg.race_repeat_seconds,
            "leak_grace_seconds": cfg.leak_grace_ms / 1000 if cfg.leak_check else None,
        }
    )
    mods, out.skipped = plan(workdir, changed_dirs)
    # Decided now, before any PR code runs: afterwards go.mod or vendor/ may be links.
    setup = {mod: (_goflags(workdir, mod), _needs_download(workdir, mod)) for mod in mods}
    leak_plans = {}
    if cfg.race and cfg.leak_check:
        for pkgs in mods.values():
            for pkg in pkgs:
                leak_plans[pkg], why = leakcheck.plan_package(workdir, pkg, SANDBOX_REPO)
                if why and why != "no test files":
                    log.info("replay.no_leak_check", package=pkg, why=why)
    own_scratch = scratch_dir is None
    scratch = Path(tempfile.mkdtemp(prefix="goleash-scratch-")) if own_scratch else Path(scratch_dir)
    os.chmod(scratch, 0o711)  # the sandbox user must reach its private /tmp below it
    runtime: list[Finding] = []
    made: list[Path] = []
    try:
        goroot = staged_goroot(toolchain_dir=cfg.toolchain_dir)
        made.append(scratch / "cache")
        layer = prepare_layer(cache_dir, scratch / "cache", cfg, goroot)
        quota = quota_for([workdir, scratch], cfg.disk_quota_bytes, cfg.disk_quota_entries, cfg.uid)
        run = _Run(workdir, scratch, layer, quota, goroot, cfg)
        for mod, pkgs in sorted(mods.items()):
            if run.stopped:
                break
            goflags, needs_download = setup[mod]
            mod_label = mod or "."
            if needs_download:
                if not cfg.goproxy:
                    out.failures.append(
                        f"module {mod_label}: go.mod requires other modules and there is no vendor/ "
                        f"directory; module downloads are off (no GOPROXY configured), so the "
                        f"build may fail"
                    )
                else:
                    env = go_env(goflags="-mod=mod", goproxy=cfg.goproxy, extra={"GOVCS": "*:off", "GOSUMDB": "sum.golang.org"})
                    step, r = run.run(
                        "download", ["go", "mod", "download", "-x"], mod=mod, pkgs=pkgs, limits=cfg.download_limits, env=env, network=True
                    )
                    if not r.ok:
                        step.status = f"limit:{r.killed_by_limit}" if r.killed_by_limit else "error"
                        out.failures.append(f"go mod download in {mod_label} failed: {_limit_words(r, cfg.download_limits) or r.stderr[-500:]}")
                    out.steps.append(step)
            env = go_env(goflags=goflags, extra={"GORACE": f"atexit_sleep_ms={cfg.race_atexit_sleep_ms}"})
            patterns = [_pattern(mod, p) for p in pkgs]
            if cfg.vet and not run.stopped:
                step, r = run.run("vet", _vet_cmd(patterns), mod=mod, pkgs=pkgs, limits=cfg.vet_limits, env=env)
                found, errs = reports.parse_vet_json(r.stdout + "\n" + r.stderr, workdir)
                out.findings.extend(found)
                if r.killed_by_limit:
                    step.status = f"limit:{r.killed_by_limit}"
                    out.failures.append(f"go vet in {mod_label}: {_limit_words(r, cfg.vet_limits)}")
                elif r.exit_code != 0 and not found:
                    step.status = "build-failed"
                    step.detail = (r.stderr.strip() or r.stdout.strip())[-2000:]
                    out.failures.append(f"go vet in {mod_label} failed (exit {r.exit_code}): {step.detail[-500:]}")
                else:
                    step.status = "findings" if found else "ok"
                    if errs:
                        step.detail = "\n".join(errs)[:2000]
                out.steps.append(step)
            if not cfg.race:
                continue
            for pkg, pattern in zip(pkgs, patterns):
                if run.stopped:
                    break
                runtime.extend(_race_package(run, mod, pkg, pattern, env, out, leak_plans.get(pkg)))
        if run.stopped:
            out.failures.append("the replay was stopped before its remaining steps: it went over its disk quota")
            log.warning(
                "replay.disk_quota_exceeded", quota_bytes=cfg.disk_quota_bytes, quota_entries=cfg.disk_quota_entries, detail=run.stopped[:300]
            )
    finally:
        for p in [scratch] if own_scratch else made:
            _remove(p)
    out.findings = reports.dedupe(out.findings + runtime)
    return out


def replay_tarball(
    tarball: str | os.PathLike | BinaryIO,
    changed_dirs: list[str],
    *,
    cache_dir: str | os.PathLike | None = None,
    config: ReplayConfig = ReplayConfig(),
) -> ReplayResult:
    """Extract a GitHub repository tarball into a fresh private dir, replay, clean up.

    ``cache_dir``: the root of the trusted build cache, kept across replays (see
    :func:`replay_workdir`); a throwaway one, warmed for this replay alone, when None.
    A refused tarball (see replay.tarball) raises ReplayError."""
    base = Path(tempfile.mkdtemp(prefix="goleash-replay-"))
    try:
        os.chmod(base, 0o711)
        work = base / "repo"
        extract_tarball(tarball, work, config.tar_limits)
        if os.geteuid() == 0:
            chown_tree(work, config.uid, config.gid)
        cache = Path(cache_dir) if cache_dir is not None else base / "cache"
        scratch = base / "scratch"
        scratch.mkdir()
        return replay_workdir(work, changed_dirs, cache_dir=cache, config=config, scratch_dir=scratch)
    finally:
        _remove(base)
