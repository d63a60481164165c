"""Build constraints that no current toolchain satisfies take a file out of its package."""
from __future__ import annotations

import pytest

from goleash.rules.buildtags import never_built


def src(constraint: str) -> bytes:
    return f"// Copyright\n\n//go:build {constraint}\n\npackage p\n".encode()


@pytest.mark.parametrize("constraint", ["!go1.9", "linux && !go1.9", "ignore", "(go1.8 && !go1.9) && windows",
                                        "!go1.1"])
def test_never_built(constraint):
    assert never_built(src(constraint))


@pytest.mark.parametrize("constraint", ["go1.9", "!go1.21", "linux || !go1.9", "!windows", "cgo", "go1.8,!go1.9",
                                        "custom_tag && !go1.30", "(linux"])
def test_maybe_built(constraint):
    assert not never_built(src(constraint))


def test_without_constraint_or_after_the_package_clause():
    assert not never_built(b"package p\n")
    assert not never_built(b"package p\n\n//go:build ignore\n")
