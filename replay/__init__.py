"""Runtime evidence for a PR: ``go vet`` and ``go test -race`` replayed in a bubblewrap
sandbox, with a goroutine-leak check added to the test binary (replay/leakcheck.py), their
reports (races, hangs, leaks, runtime panics) mapped onto the PR's files as findings (see docs
in each module).

The Celery side calls :func:`replay_tarball` (or :func:`replay_workdir`), then
:func:`merge` with the static findings of the same head commit."""

from . import leakcheck
from .errors import ReplayError
from .reports import (
    HANG_RULE,
    LEAK_RULE,
    PANIC_RULE,
    RACE_RULE,
    merge,
    parse_goroutine_dump,
    parse_hang,
    parse_leaks,
    parse_panics,
    parse_race_reports,
    parse_vet_json,
)
from .runner import ReplayConfig, ReplayResult, Step, plan, replay_tarball, replay_workdir
from .sandbox import Limits, SandboxResult, build_argv, go_env, run_sandboxed
from .tarball import ExtractResult, TarLimits, chown_tree, extract_tarball

__all__ = [
    "ReplayError",
    "RACE_RULE",
    "HANG_RULE",
    "LEAK_RULE",
    "PANIC_RULE",
    "leakcheck",
    "merge",
    "parse_goroutine_dump",
    "parse_hang",
    "parse_leaks",
    "parse_panics",
    "parse_race_reports",
    "parse_vet_json",
    "ReplayConfig",
    "ReplayResult",
    "Step",
    "plan",
    "replay_tarball",
    "replay_workdir",
    "Limits",
    "SandboxResult",
    "build_argv",
    "go_env",
    "run_sandboxed",
    "ExtractResult",
    "TarLimits",
    "chown_tree",
    "extract_tarball",
]
