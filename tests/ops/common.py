"""Helpers for the ops tests: run `goleash ...` as a real process, in its own session."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from ghsandbox.devstack import Service, spawn

GOLEASH = [sys.executable, "-c", "import sys; from goleash.cli import main; sys.exit(main())"]


def goleash(name: str, args: list[str], env: dict, log_dir: Path) -> Service:
    return spawn(name, GOLEASH + args, env, log_dir)


def clean_env(**extra) -> dict:
    """The environment without any goleash/GitHub setting of the developer's shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOLEASH_", "GITHUB_", "REDIS_URL", "PROMETHEUS_", "WEB_CONCURRENCY"))}
    env["PYTHONUNBUFFERED"] = "1"
    env.update({k: str(v) for k, v in extra.items()})
    return env


def chromium_paths() -> tuple[str | None, str | None]:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None), shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
    )
