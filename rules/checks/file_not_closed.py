"""file-not-closed: an *os.File not closed on some path, or dropped on an error return."""

from __future__ import annotations

from ..model import Severity
from ..registry import Rule, register
from ..resourceflow import Resource, unreleased

_FILE = Resource(
    "file",
    "Close",
    " (an error path)",
    "never calls `{name}.Close()`",
    "the *os.File's descriptor stays open until the garbage collector happens to run its finalizer. Under "
    "load (or in a loop) the process hits its descriptor limit and every open, accept and dial fails with "
    '"too many open files".',
    "opened here",
    "leaves with the file open",
    "file",
)


_files = unreleased(_FILE)


FILE = register(
    Rule(
        id="file-not-closed",
        in_tests=False,
        title="*os.File not closed on every path",
        family="F",
        severity=Severity.WARNING,
        what="""
Finds `f, err := os.Open/Create/OpenFile(...)` whose file is closed only after a `return`
(typically an error path) that can leave first, with no `defer f.Close()`, when `f` is not
returned, stored or handed to a function of the package; in library code (not a command, a test
or a tool directory), a file that is never closed at all. Also an error return that drops a file
the function hands on only when it succeeds (returned itself, inside a new struct, or stored in
a field of the struct it returns: `d.file, err = os.OpenFile(...)`). And a variable given a new
file after `defer f.Close()`, which closes the file `f` held when the defer ran. A
`defer f.Close()` that comes after a `return` closes nothing on that way out. And a
`defer f.Close()` inside a loop that opens a file on every pass: each file stays open until the
function returns, unless the pass ends the loop or the loop keeps the files for later on purpose.
A file held for its `flock` is held open on purpose, and an error path of a helper whose every
caller ends the process on its error (`panic`, `log.Fatal`, `os.Exit`) drops nothing for long.
""",
        why="""
Each leaked file keeps a descriptor until a garbage-collector finalizer runs, which may be never
under low allocation. Leaks on error paths show up exactly when things go wrong: the process runs
out of descriptors and every open, accept and dial fails with "too many open files".
""",
        example="""
f, err := os.Open(path)
if err != nil {
	return err
}
if _, err := f.Read(hdr); err != nil {
	return err // f leaks
}
f.Close()
""",
        instead="""
f, err := os.Open(path)
if err != nil {
	return err
}
defer f.Close()
""",
        vet_overlap="Not covered by go vet or staticcheck (gosec G307 is about ignoring Close errors).",
        run=_files,
    )
)
