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
import stat
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

import structlog

from goleash.rules.model import Finding

from . import gocache, reports, safefs
from .errors import ReplayError
from .quota import WriteQuota, quota_for
from .sandbox import NOBODY, SANDBOX_REPO, SANDBOX_TMP, Limits, SandboxResult, go_env, make_scratch, run_sandboxed
from .tarball import TarLimits, chown_tree, extract_tarball
from .toolchain import find_goroot, staged_goroot, toolchain_key

log = structlog.get_logger("goleash.replay")


@dataclass(frozen=True)
class ReplayConfig:
    test_timeout_seconds: int = 60           # go test -timeout, per package
    build_allowance_seconds: int = 240       # wall (and CPU) time for compiling a -race test binary
    vet_limits: Limits = Limits(wall_seconds=240)
    test_limits: Limits = Limits()           # wall_seconds = test timeout + 30 s
    download_limits: Limits = Limits(wall_seconds=300)
    goproxy: str | None = None               # e.g. "https://proxy.golang.org"; None: no downloads
    vet: bool = True
    race: bool = True
    uid: int = NOBODY
    gid: int = NOBODY
    tar_limits: TarLimits = TarLimits()
    # What one replay may write below /repo, /tmp and /cache together (beyond the extracted
    # tarball and the seeded cache links); above it the step is killed and the replay stops.
    disk_quota_bytes: int = 2 << 30
    disk_quota_entries: int = 200_000
    warm_limits: Limits = Limits(wall_seconds=900, cpu_seconds=900)   # the trusted cache's warm-up
    warm_packages: tuple[str, ...] = gocache.WARM_PACKAGES  # what the trusted cache holds (and imports)
    toolchain_dir: str | None = None         # where GOROOT is staged (default: a private temp dir)


@dataclass
class Step:
    name: str              # "download" | "vet" | "build" (go test -race -c) | "test" (the binary)
    module: str            # repo-relative module dir ("" = repository root)
    packages: list[str]    # repo-relative package dirs
    status: str            # ok | findings | test-failed | build-failed | limit:<kind> | error
    result: SandboxResult | None = None
    detail: str = ""

    def to_dict(self) -> dict:
        d = asdict(self)
        if self.result is not None:
            d["result"] = self.result.to_dict()
        return d


@dataclass
class ReplayResult:
    findings: list[Finding] = field(default_factory=list)   # vet-*, race-detected, hang-detected
    steps: list[Step] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)       # replay failures, for the check run
    skipped: list[str] = field(default_factory=list)         # changed dirs not replayed, and why

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict:
        """JSON-safe (Celery payloads); stdout/stderr of steps are included, capped."""
        return {"findings": [f.to_dict() for f in self.findings],
                "steps": [s.to_dict() for s in self.steps],
                "failures": list(self.failures), "skipped": list(self.skipped)}


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
        if p.is_symlink() or not p.is_dir() or not any(
                f.endswith(".go") and (p / f).is_file() for f in os.listdir(p)):
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
    stopped: str = ""             # why the remaining steps were not run

    def run(self, name: str, cmd: list[str], *, mod: str, pkgs: list[str], limits: Limits, env: dict,
            network: bool = False, tmp: Path | None = None, cwd: str | None = None) -> tuple[Step, SandboxResult]:
        own = tmp is None
        if own:
            tmp = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.scratch))
            make_scratch(tmp, self.cfg.uid, self.cfg.gid)
        try:
            d = cwd if cwd is not None else mod
            r = run_sandboxed(cmd, workdir=self.workdir, cache_dir=self.layer.dir, tmp_dir=tmp, env=env,
                              chdir=posixpath.join(SANDBOX_REPO, d) if d else SANDBOX_REPO,
                              network=network, limits=limits, uid=self.cfg.uid, gid=self.cfg.gid,
                              goroot=self.goroot, trusted_cache=self.layer.trusted_build, quota=self.quota)
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


def _build_cmd(out: str, pattern: str) -> list[str]:
    return ["go", "test", "-race", "-vet=off", "-c", "-o", out, pattern]


def _race_package(run: _Run, mod: str, pkg: str, pattern: str, env: dict, out: ReplayResult) -> list[Finding]:
    """Build the package's test binary with -race (go test -c), then run it as its own step:
    the binary's output streams straight to us (go test would buffer it), and the build gets
    build limits while PR code runs under the test limits."""
    cfg = run.cfg
    label = "./" + pkg if pkg else "."
    t = cfg.test_timeout_seconds
    tmp = Path(tempfile.mkdtemp(prefix="race-", dir=run.scratch))
    make_scratch(tmp, cfg.uid, cfg.gid)
    try:
        blim = Limits(**{**asdict(cfg.test_limits), "wall_seconds": float(cfg.build_allowance_seconds),
                         "cpu_seconds": max(cfg.test_limits.cpu_seconds, cfg.build_allowance_seconds)})
        bin_in = f"{SANDBOX_TMP}/pkg.test"
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
        tlim = Limits(**{**asdict(cfg.test_limits), "wall_seconds": float(t + 30)})
        cmd = [bin_in, "-test.count=1", f"-test.timeout={t}s"]
        step, r = run.run("test", cmd, mod=mod, pkgs=[pkg], limits=tlim, env=env, tmp=tmp, cwd=pkg)
    finally:
        _remove(tmp)
    text = r.stdout + "\n" + r.stderr
    found = (reports.parse_race_reports(text, run.workdir, package=label)
             + reports.parse_hang(text, run.workdir, package=label))
    if r.killed_by_limit:
        step.status = f"limit:{r.killed_by_limit}"
        out.failures.append(f"go test -race {label}: {_limit_words(r, tlim)}")
    elif found:
        step.status = "findings"
    elif r.exit_code == 0:
        step.status = "ok"
    else:
        step.status = "test-failed"   # the PR's own failing tests are not ours to report
        step.detail = text.strip()[-2000:]
    out.steps.append(step)
    return found


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
                f'package probe\n\nimport (\n{imports}\t"testing"\n)\n\nfunc TestProbe(t *testing.T) {{}}\n')
            if os.geteuid() == 0:
                chown_tree(repo, cfg.uid, cfg.gid)
            for i, cmd in enumerate((_vet_cmd(["./probe"]), _build_cmd(f"{SANDBOX_TMP}/probe.test", "./probe"))):
                tmp = make_scratch(base / f"tmp-{i}", cfg.uid, cfg.gid)
                r = run_sandboxed(cmd, workdir=repo, cache_dir=cache, tmp_dir=tmp, env=go_env(goflags="-mod=mod"),
                                  limits=cfg.warm_limits, goroot=goroot, uid=cfg.uid, gid=cfg.gid)
                if not r.ok:
                    raise ReplayError(f"{' '.join(cmd)} failed ({r.killed_by_limit or r.exit_code}): "
                                      f"{(r.stderr or r.stdout).strip()[-500:]}")
        finally:
            _remove(base)
    return warm


def prepare_layer(cache_dir: str | os.PathLike, dest: Path, cfg: ReplayConfig, goroot: str) -> gocache.Layer:
    """Check (or rebuild) the trusted cache under ``cache_dir`` and seed a fresh layer at ``dest``."""
    trusted = gocache.ensure_trusted(Path(cache_dir), gocache.cache_key(toolchain_key(find_goroot()), cfg.warm_packages),
                                     _warm(cfg, goroot), cfg.uid, cfg.gid)
    return gocache.new_layer(dest, trusted, cfg.uid, cfg.gid)


def replay_workdir(workdir: str | os.PathLike, changed_dirs: list[str], *,
                   cache_dir: str | os.PathLike, config: ReplayConfig = ReplayConfig(),
                   scratch_dir: str | os.PathLike | None = None) -> ReplayResult:
    """Replay an already extracted repository (owned by the sandbox user, see chown_tree).

    ``cache_dir``: the root of the trusted build cache (replay/gocache.py), shared by all
    repositories and never writable by a replay; made and warmed on first use."""
    workdir = Path(workdir).resolve()
    cfg = config
    out = ReplayResult()
    mods, out.skipped = plan(workdir, changed_dirs)
    # Decided now, before any PR code runs: afterwards go.mod or vendor/ may be links.
    setup = {mod: (_goflags(workdir, mod), _needs_download(workdir, mod)) for mod in mods}
    own_scratch = scratch_dir is None
    scratch = Path(tempfile.mkdtemp(prefix="goleash-scratch-")) if own_scratch else Path(scratch_dir)
    os.chmod(scratch, 0o711)       # the sandbox user must reach its private /tmp below it
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
                        f"build may fail")
                else:
                    env = go_env(goflags="-mod=mod", goproxy=cfg.goproxy,
                                 extra={"GOVCS": "*:off", "GOSUMDB": "sum.golang.org"})
                    step, r = run.run("download", ["go", "mod", "download", "-x"], mod=mod, pkgs=pkgs,
                                      limits=cfg.download_limits, env=env, network=True)
                    if not r.ok:
                        step.status = f"limit:{r.killed_by_limit}" if r.killed_by_limit else "error"
                        out.failures.append(f"go mod download in {mod_label} failed: "
                                            f"{_limit_words(r, cfg.download_limits) or r.stderr[-500:]}")
                    out.steps.append(step)
            env = go_env(goflags=goflags)
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
                    out.failures.append(f"go vet in {mod_label} failed (exit {r.exit_code}): "
                                        f"{step.detail[-500:]}")
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
                runtime.extend(_race_package(run, mod, pkg, pattern, env, out))
        if run.stopped:
            out.failures.append("the replay was stopped before its remaining steps: "
                                "it went over its disk quota")
            log.warning("replay.disk_quota_exceeded", quota_bytes=cfg.disk_quota_bytes,
                        quota_entries=cfg.disk_quota_entries, detail=run.stopped[:300])
    finally:
        for p in [scratch] if own_scratch else made:
            _remove(p)
    out.findings = reports.dedupe(out.findings + runtime)
    return out


def replay_tarball(tarball: str | os.PathLike | BinaryIO, changed_dirs: list[str], *,
                   cache_dir: str | os.PathLike | None = None,
                   config: ReplayConfig = ReplayConfig()) -> ReplayResult:
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
