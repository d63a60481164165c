"""Replay tests run the real bwrap and the real go toolchain. One Go build cache is shared by
the whole session (a cold -race build of the runtime costs ~30 s, a warm one ~1 s)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from replay_helpers import GoModule, why_unusable

_why = why_unusable()
_NEEDS_SANDBOX = ("test_replay_sample.py", "test_replay_hostile.py")


def pytest_collection_modifyitems(items):
    if not _why:
        return
    for it in items:
        if Path(str(it.fspath)).name in _NEEDS_SANDBOX:
            it.add_marker(pytest.mark.skip(reason=_why))


@pytest.fixture(scope="session")
def replay_base():
    # pytest's basetemp is 0700 root: the sandbox user could not reach binds below it
    base = Path(tempfile.mkdtemp(prefix="goleash-replay-tests-"))
    os.chmod(base, 0o711)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def go_cache(replay_base) -> Path:
    p = replay_base / "gocache"
    p.mkdir()
    return p


@pytest.fixture
def gomod(replay_base, go_cache, request) -> GoModule:
    d = Path(tempfile.mkdtemp(prefix="mod-", dir=replay_base))
    os.chmod(d, 0o711)
    root = d / "repo"
    root.mkdir()
    return GoModule(root, go_cache)
