"""A goroutine-leak check added to the PR's test binary without editing its files.

``go test -overlay`` adds one file to the package under test: a ``TestMain`` that runs the
tests, then (when ``GOLEASH_LEAKCHECK`` is set) waits a short grace period for goroutines
started by the tests to finish, and prints the stacks of those still alive in the
repository's own code between two marker lines (reports.parse_leaks reads them). When the
package already has a ``TestMain``, the file that holds it is overlaid too, with that function
renamed and its ``os.Exit`` calls routed through the check, so the PR's setup still runs.

The filter is written here rather than taken from go.uber.org/goleak: the sandbox has no
network and the PR's module cannot be made to require a module it does not list. It follows
goleak's approach (snapshot the goroutines that exist before the tests, retry with a backoff
until the rest are gone, then report what is left) but keeps only goroutines with a frame, or
a ``created by`` line, in the repository outside vendor/: the standard library, the testing
framework and dependencies that linger (HTTP keep-alive loops, signal handlers, caches) are
not the PR's to fix.

Everything the wrapper needs lives in the sandbox's private /tmp: the overlay JSON and the
generated files are written there by the worker before any PR code runs, and the wrapper
writes nothing at all (it prints to stderr).
"""

from __future__ import annotations

import json
import os
import posixpath
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from goleash.rules.parse import parser

from .tree_files import read_tree_file

WRAPPER_NAME = "goleash_leakcheck_test.go"
# Test binary flags, not environment variables: the sandbox's environment is go_env() and
# nothing else. Only a binary built with the overlay knows them.
FLAG_ROOT = "goleash.leakroot"  # the repository as the sandbox sees it; empty: no check
FLAG_GRACE = "goleash.leakgrace"  # how long goroutines may take to finish after the tests


def flags(root: str, grace_ms: int) -> list[str]:
    return [f"-{FLAG_ROOT}={root}", f"-{FLAG_GRACE}={grace_ms}ms"]


BEGIN = "goleash: leaked goroutines begin"
END = "goleash: leaked goroutines end"
_FILE_CAP = 4 << 20
_MAX_FILES = 2000

_CHECK = (
    r'''
// Added by goleash's replay (go test -overlay); not part of the repository.

func goleashLeakIDs() map[string]bool {
	ids := map[string]bool{}
	for _, g := range goleashStacks() {
		ids[goleashHeader(g)] = true
	}
	return ids
}

func goleashStacks() []string {
	buf := make([]byte, 1<<16)
	for {
		n := goleashruntime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		if len(buf) >= 64<<20 {
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	// the first block is the goroutine asking
	blocks := goleashstrings.Split(string(buf), "\n\n")
	if len(blocks) > 0 {
		blocks = blocks[1:]
	}
	return blocks
}

// goleashHeader is "goroutine N": the state after it changes while a goroutine lives.
func goleashHeader(g string) string {
	h, _, _ := goleashstrings.Cut(g, " [")
	return h
}

// goleashOwn: a frame (or the "created by" line) in the repository, outside vendor/.
func goleashOwn(g, root string) bool {
	for _, ln := range goleashstrings.Split(g, "\n") {
		if !goleashstrings.HasPrefix(ln, "\t") {
			continue
		}
		f := goleashstrings.TrimPrefix(ln, "\t")
		if goleashstrings.HasPrefix(f, root) && !goleashstrings.Contains(f, "/vendor/") &&
			!goleashstrings.Contains(f, "_testmain.go") && !goleashstrings.Contains(f, "'''
    + WRAPPER_NAME
    + r'''") {
			return true
		}
	}
	return false
}

var goleashBefore map[string]bool
var goleashChecked bool
var goleashRoot = goleashflag.String("'''
    + FLAG_ROOT
    + r'''", "", "goleash: check for goroutines leaked below this dir")
var goleashGrace = goleashflag.Duration("'''
    + FLAG_GRACE
    + r"""", goleashtime.Second, "goleash: grace period of the leak check")

func goleashLeakStart() {
	// flags are parsed by m.Run; the snapshot is taken before it, so parse them here
	if !goleashflag.Parsed() {
		goleashflag.Parse()
	}
	if *goleashRoot != "" {
		goleashBefore = goleashLeakIDs()
	}
}

func goleashLeakCheck() {
	if goleashChecked || goleashBefore == nil {
		return
	}
	goleashChecked = true
	root := goleashstrings.TrimSuffix(*goleashRoot, "/") + "/"
	deadline := goleashtime.Now().Add(*goleashGrace)
	wait := goleashtime.Millisecond
	var left []string
	for {
		left = left[:0]
		for _, g := range goleashStacks() {
			if !goleashBefore[goleashHeader(g)] && goleashOwn(g, root) {
				left = append(left, g)
			}
		}
		if len(left) == 0 || !goleashtime.Now().Before(deadline) {
			break
		}
		goleashtime.Sleep(wait)
		if wait < 100*goleashtime.Millisecond {
			wait *= 2
		}
	}
	if len(left) == 0 {
		return
	}
	goleashos.Stderr.WriteString("\n"""
    + BEGIN
    + r"""\n" + goleashstrings.Join(left, "\n\n") + "\n\n"""
    + END
    + r"""\n")
}

func goleashExit(code int) {
	goleashLeakCheck()
	goleashos.Exit(code)
}
"""
)

_IMPORTS = """
import (
	goleashflag "flag"
	goleashos "os"
	goleashruntime "runtime"
	goleashstrings "strings"
	goleashtesting "testing"
	goleashtime "time"
)
"""

_OWN_MAIN = """
func TestMain(m *goleashtesting.M) {
	goleashLeakStart()
	code := m.Run()
	goleashExit(code)
}
"""

_WRAPPED_MAIN = """
// The package's own TestMain, renamed in an overlaid copy of its file; when it returns
// without os.Exit, the testing framework exits with m.Run's code after this returns.
func TestMain(m *goleashtesting.M) {
	goleashLeakStart()
	goleashUserTestMain(m)
	goleashLeakCheck()
}
"""

USER_MAIN = "goleashUserTestMain"


@dataclass
class _GoFile:
    name: str
    package: str
    test_main: tuple[int, int] | None = None  # byte range of the TestMain identifier
    exits: list[tuple[int, int]] | None = None  # byte ranges of os.Exit selectors
    os_name: str | None = None  # the name "os" is imported as


@dataclass
class Plan:
    """What to add to one package: overlay entries (sandbox path -> generated file name)."""

    package: str
    files: dict[str, bytes]  # generated file name -> contents
    replaces: dict[str, str]  # sandbox path of a source -> file name
    wraps: str | None = None  # the file whose TestMain is wrapped

    def write(self, tmp_host: Path, tmp_sandbox: str) -> str:
        """Write the generated files and the overlay JSON below ``tmp_host`` (the step's
        private /tmp, fresh and not yet reachable by PR code); returns the sandbox path of
        the overlay JSON."""
        d = tmp_host / "goleash-overlay"
        d.mkdir(mode=0o755)
        for name, data in self.files.items():
            fd = os.open(d / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        overlay = {"Replace": {src: f"{tmp_sandbox}/goleash-overlay/{name}" for src, name in self.replaces.items()}}
        fd = os.open(d / "overlay.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w") as f:
            json.dump(overlay, f)
        return f"{tmp_sandbox}/goleash-overlay/overlay.json"


def _text(data: bytes, node) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8", "replace")


def _scan(name: str, data: bytes) -> _GoFile | None:
    tree = parser().parse(data)
    root = tree.root_node
    pkg = None
    out = _GoFile(name, "")
    for child in root.named_children:
        if child.type == "package_clause":
            ident = next((c for c in child.named_children if c.type == "package_identifier"), None)
            pkg = _text(data, ident) if ident else None
        elif child.type == "import_declaration":
            for spec in _descendants(child, "import_spec"):
                path = spec.child_by_field_name("path")
                if path is None or _text(data, path).strip('"`') != "os":
                    continue
                alias = spec.child_by_field_name("name")
                out.os_name = _text(data, alias) if alias else "os"
        elif child.type == "function_declaration":
            ident = child.child_by_field_name("name")
            if ident is not None and _text(data, ident) == "TestMain":
                out.test_main = (ident.start_byte, ident.end_byte)
    if not pkg:
        return None
    out.package = pkg
    if out.test_main and out.os_name and out.os_name not in ("_", "."):
        out.exits = []
        for sel in _descendants(root, "selector_expression"):
            operand, field_ = sel.child_by_field_name("operand"), sel.child_by_field_name("field")
            if (
                operand is not None
                and field_ is not None
                and operand.type == "identifier"
                and _text(data, operand) == out.os_name
                and _text(data, field_) == "Exit"
            ):
                out.exits.append((sel.start_byte, sel.end_byte))
    return out


def _descendants(node, type_: str):
    todo = [node]
    while todo:
        n = todo.pop()
        if n.type == type_:
            yield n
        todo.extend(n.named_children)


def _rewrite(data: bytes, f: _GoFile) -> bytes:
    edits = [(f.test_main[0], f.test_main[1], USER_MAIN.encode())]
    edits += [(s, e, b"goleashExit") for s, e in f.exits or []]
    out = bytearray(data)
    for s, e, new in sorted(edits, reverse=True):
        out[s:e] = new
    if f.exits:
        # the file may use os for Exit alone: keep the import used
        out += f"\nvar _ = {f.os_name}.Exit\n".encode()
    return bytes(out)


def plan_package(workdir: str | os.PathLike, pkg: str, sandbox_root: str) -> tuple[Plan | None, str]:
    """The overlay that adds the leak check to package dir ``pkg`` (repo-relative), or None
    and why not. Read before any PR code runs, through tree_files (no link followed)."""
    base = Path(workdir) / pkg if pkg else Path(workdir)
    try:
        names = sorted(n for n in os.listdir(base) if n.endswith(".go"))[:_MAX_FILES]
    except OSError as e:
        return None, f"cannot list the package: {e.strerror}"
    if WRAPPER_NAME in names:
        return None, f"the package already has a file named {WRAPPER_NAME}"
    tests, code = [], []
    for n in names:
        data = read_tree_file(workdir, posixpath.join(pkg, n) if pkg else n, _FILE_CAP)
        if data is None:
            continue
        f = _scan(n, data)
        if f is None:
            continue
        (tests if n.endswith("_test.go") else code).append((f, data))
    if not tests:
        return None, "no test files"
    mains = [(f, d) for f, d in tests if f.test_main]
    src_dir = posixpath.join(sandbox_root, pkg) if pkg else sandbox_root
    if len(mains) > 1:
        # one of them is build-tagged out; which one is a question for the build, not us
        return None, "several files declare TestMain"
    if mains:
        f, data = mains[0]
        if f.os_name in ("_", "."):
            return None, f"{f.name} imports os as {f.os_name}"
        body = f"package {f.package}\n{_IMPORTS}{_WRAPPED_MAIN}{_CHECK}".encode()
        return Plan(
            f.package,
            {"wrapper.go": body, "testmain.go": _rewrite(data, f)},
            {f"{src_dir}/{WRAPPER_NAME}": "wrapper.go", f"{src_dir}/{f.name}": "testmain.go"},
            wraps=f.name,
        ), ""
    own = [f.package for f, _ in code if f.package != "documentation"] + [f.package for f, _ in tests if not f.package.endswith("_test")]
    # the most common name: a stray `//go:build ignore` file may say `package main`
    name = Counter(own).most_common(1)[0][0] if own else tests[0][0].package.removesuffix("_test")
    body = f"package {name}\n{_IMPORTS}{_OWN_MAIN}{_CHECK}".encode()
    return Plan(name, {"wrapper.go": body}, {f"{src_dir}/{WRAPPER_NAME}": "wrapper.go"}), ""
