"""Build constraints that no current toolchain satisfies take a file out of its package."""

from __future__ import annotations

import pytest

from goleash.rules.buildtags import never_built


def src(constraint: str) -> bytes:
    return f"// Copyright\n\n//go:build {constraint}\n\npackage p\n".encode()


@pytest.mark.parametrize("constraint", ["!go1.9", "linux && !go1.9", "ignore", "(go1.8 && !go1.9) && windows", "!go1.1"])
def test_never_built(constraint):
    assert never_built(src(constraint))


@pytest.mark.parametrize("constraint", ["go1.9", "!go1.21", "linux || !go1.9", "!windows", "cgo", "go1.8,!go1.9", "custom_tag && !go1.30", "(linux"])
def test_maybe_built(constraint):
    assert not never_built(src(constraint))


def old_src(*lines: str) -> bytes:
    return ("// Copyright\n\n" + "".join(f"// +build {x}\n" for x in lines) + "\npackage p\n").encode()


@pytest.mark.parametrize("lines", [["ignore"], ["!go1.9"], ["linux,!go1.9"], ["linux darwin", "!go1.9"]])
def test_never_built_before_go_build_lines(lines):
    assert never_built(old_src(*lines))


@pytest.mark.parametrize("lines", [["linux"], ["go1.9"], ["linux !go1.9"], ["linux", "amd64"], ["go1.8,!go1.9 cgo"]])
def test_maybe_built_before_go_build_lines(lines):
    assert not never_built(old_src(*lines))


def test_without_constraint_or_after_the_package_clause():
    assert not never_built(b"package p\n")
    assert not never_built(b"package p\n\n//go:build ignore\n")


LEAKY = b"""package files

import "os"

// Copy writes data to path.
func Copy(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Close()
}
"""
GO_MOD = b"module example.com/m\n\ngo 1.22\n"


def file_leaks(path: str, data: bytes = LEAKY, go_mod: str = "go.mod") -> list[str]:
    from goleash.rules.engine import analyze_sources

    report = analyze_sources({go_mod: GO_MOD, path: data})
    return [f.rule_id for f in report.findings if f.rule_id == "file-not-closed"]


def test_the_resource_rules_report_a_leak_in_production_code():
    assert file_leaks("internal/files/files.go") == ["file-not-closed"]
    # a module whose own path names tests is still production code below its root
    assert file_leaks("test/internal/files/files.go", go_mod="test/go.mod") == ["file-not-closed"]
    assert file_leaks("latest/files.go") == ["file-not-closed"]
    assert file_leaks("internal/files/files.go", b"//go:build !integration\n\n" + LEAKY) == ["file-not-closed"]


@pytest.mark.parametrize(
    "path",
    ["test/util.go", "internal/testutil/files.go", "e2e/files.go", "raft/rafttest/node.go", "contrib/fuzz/files.go", "cmd/functional_tests.go"],
)
def test_test_programs_and_helpers_are_left_to_the_test_run(path):
    assert file_leaks(path) == []


def test_a_file_built_only_for_integration_tests_is_test_support():
    assert file_leaks("internal/files/files.go", b"//go:build integration && linux\n\n" + LEAKY) == []
