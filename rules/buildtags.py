"""`//go:build` lines that no Go toolchain this engine serves would satisfy.

A file constrained to `!go1.9` (or `go1.8 && !go1.9`, …) is compiled only by toolchains older
than any go.mod can ask for today, so the package never contains it. Its declarations would
otherwise merge with the live ones (two `type fieldCacher` in one package) and be analysed as
if both existed. Every other tag (GOOS, GOARCH, cgo, custom tags) is unknown here and keeps the
file: only a constraint that is false whatever those tags are drops it.
"""

from __future__ import annotations

import re

# Release tags go1.1 … go1.N hold for every toolchain since go1.N; modules older than go 1.16
# cannot be built with `go` commands still in use, so these are always satisfied.
_ALWAYS_RELEASED = 16
_TOKEN = re.compile(r"\s*(\(|\)|!|&&|\|\||[\w.]+)")


def _build_constraint(data: bytes) -> str | None:
    """The expression of the file's `//go:build` line (before its package clause), or of its
    `// +build` lines when it has none (code older than Go 1.17: a line's space-separated terms
    are alternatives, a term's comma-separated tags all hold, and the lines all hold); None when
    it has neither."""
    head = data[:4096]
    if b"build" not in head:
        return None
    old = []
    for line in head.splitlines():
        line = line.strip()
        if line.startswith(b"package "):
            break
        if line.startswith(b"//go:build "):
            return line[len(b"//go:build ") :].decode("utf-8", "replace")
        if line.startswith(b"// +build "):
            terms = line[len(b"// +build ") :].decode("utf-8", "replace").split()
            old.append("(" + " || ".join("(" + " && ".join(t.split(",")) + ")" for t in terms) + ")")
    return " && ".join(old) if old else None


def never_built(data: bytes) -> bool:
    """True when the file's `//go:build` constraint is false for every current toolchain."""
    expr = _build_constraint(data)
    if expr is None:
        return False
    try:
        return _Parser(expr).parse() is False
    except ValueError:
        return False


# Directories that hold test programs, fuzz harnesses and helpers for tests: `test/`, `e2e/`, `fuzz/`, `testutil/`,
# `rafttest/`, `httptest/`, and test doubles: `mock/`, `mocks/`, `fake/`...
_TEST_DIR = re.compile(r"^(tests?|testing|e2e|fuzz|fuzzing|integration|integrationtests?|test[a-z0-9_]*|[a-z0-9_]*test|mocks?|fakes?)$")
_TEST_TAGS = frozenset({"integration", "e2e", "functional"})


def is_test_support(module_dir: str, path: str, data: bytes) -> bool:
    """Code that only runs in a test program, though not in a _test.go file: a directory of
    test helpers or programs (below the module's root: `module_dir` is the file's directory
    relative to it), a `*_tests.go` file, or a file built only with an integration-test tag.
    A leak there ends with the test run, which is why the resource rules leave it alone."""
    parts = [p for p in module_dir.replace("\\", "/").split("/") if p not in ("", ".")]
    if any(_TEST_DIR.match(p) and p != "latest" for p in parts):
        return True
    if path.endswith("_tests.go"):
        return True
    expr = _build_constraint(data)
    if expr is None:
        return False
    toks = _TOKEN.findall(expr)
    return any(t in _TEST_TAGS and (i == 0 or toks[i - 1] != "!") for i, t in enumerate(toks))


class _Parser:
    """Three-valued evaluation (True, False, None = depends on an unknown tag)."""

    def __init__(self, text: str):
        self.toks = _TOKEN.findall(text)
        if "".join(self.toks) != re.sub(r"\s", "", text):
            raise ValueError(text)
        self.i = 0

    def parse(self):
        v = self._or()
        if self.i != len(self.toks):
            raise ValueError("trailing tokens")
        return v

    def _peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _or(self):
        return self._chain("||", self._and, lambda v, w: True if True in (v, w) else (False if v is w is False else None))

    def _and(self):
        return self._chain("&&", self._not, lambda v, w: False if False in (v, w) else (True if v is w is True else None))

    def _chain(self, op, operand, fold):
        v = operand()
        while self._peek() == op:
            self.i += 1
            v = fold(v, operand())
        return v

    def _not(self):
        if self._peek() == "!":
            self.i += 1
            v = self._not()
            return None if v is None else not v
        if self._peek() == "(":
            self.i += 1
            v = self._or()
            if self._peek() != ")":
                raise ValueError("unbalanced")
            self.i += 1
            return v
        tok = self._peek()
        if tok is None:
            raise ValueError("missing operand")
        self.i += 1
        m = re.fullmatch(r"go1\.(\d+)", tok)
        if m:
            return True if int(m.group(1)) <= _ALWAYS_RELEASED else None
        return False if tok == "ignore" else None
