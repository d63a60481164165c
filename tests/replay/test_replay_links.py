"""The worker reads source lines of files named in the PR's own output (for annotation columns
and fingerprints), outside the sandbox and as root. Whatever PR code left in the work dir (a
link at any component, a FIFO) must never make it read a file outside the tree."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from goleash.bot.check_output import annotations
from goleash.replay import parse_hang, parse_race_reports, parse_vet_json, reports
from goleash.replay.tree_files import is_tree_file, read_tree_file, split_rel

SECRET = "GOLEASH-LINK-SECRET-" + "x7" * 20 + "-END"  # 64 bytes: its length must not leak
CONTROL_LINE = "func F(m map[int]int) { m[1] = 2 } // the control line"


@pytest.fixture
def secret() -> Path:
    """A root-only (0600) file in a 0700 dir outside any work dir."""
    d = Path(tempfile.mkdtemp(prefix="goleash-outside-"))
    p = d / "secret.txt"
    p.write_text(SECRET + "\nsecond line\n")
    os.chmod(p, 0o600)
    yield p
    p.unlink()
    d.rmdir()


def _tree(tmp_path: Path, secret: Path) -> Path:
    root = tmp_path / "repo"
    (root / "p").mkdir(parents=True)
    (root / "p" / "p.go").write_text(f"package p\n\n{CONTROL_LINE}\n")
    os.symlink("/", root / "h")  # a directory link to the root
    os.symlink(secret.parent, root / "d")  # a directory link next to it
    os.symlink(secret, root / "s")  # a final-component link
    os.symlink("/proc/self/environ", root / "env")
    os.symlink("p.go", root / "p" / "inner")  # a link that stays inside
    os.mkfifo(root / "fifo")
    return root


def _hostile(root: Path, secret: Path) -> list[str]:
    return [
        "h" + str(secret),
        "d/secret.txt",
        "s",
        "env",
        "fifo",
        "h/proc/self/environ",
        "h/etc/passwd",
        "p/inner",
        os.path.relpath(secret, root / "p"),
        "p/" + os.path.relpath(secret, root / "p"),
        str(secret),
        "p//p.go",
        "./p/p.go",
        "p/./p.go",
        "p/p.go/",
        "p/p.go\x00",
    ]


def test_split_rel_refuses_anything_that_could_leave_the_tree():
    assert split_rel("p/p.go") == ["p", "p.go"]
    for bad in ("", "/etc/passwd", "..", "../x", "p/../x", ".", "./p", "p//x", "p/", "p\x00", "/".join(["a"] * 300)):
        assert split_rel(bad) is None, bad


def test_nothing_outside_the_tree_is_read(tmp_path, secret, monkeypatch):
    monkeypatch.setenv("GOLEASH_LINK_SECRET_ENV", SECRET)
    root = _tree(tmp_path, secret)
    assert read_tree_file(root, "p/p.go", 1 << 20).decode().splitlines()[2] == CONTROL_LINE
    assert is_tree_file(root, "p/p.go")
    for rel in _hostile(root, secret):
        assert read_tree_file(root, rel, 1 << 20) is None, rel
        assert not is_tree_file(root, rel), rel


@pytest.mark.timeout(30)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path, secret):
    root = _tree(tmp_path, secret)
    os.mkfifo(root / "p" / "fifo.go")
    assert read_tree_file(root, "p/fifo.go", 1 << 20) is None
    report = _race_report(["/repo/p/fifo.go"])
    (f,) = parse_race_reports(report, root)
    assert f.span.path == "p/fifo.go"


def test_size_cap_is_on_the_bytes_read(tmp_path, secret):
    root = _tree(tmp_path, secret)
    data = (root / "p" / "p.go").read_bytes()
    assert read_tree_file(root, "p/p.go", len(data)) == data
    assert read_tree_file(root, "p/p.go", len(data) - 1) is None


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the tree another owner")
def test_a_hard_link_to_another_owners_file_is_refused(tmp_path, secret):
    root = _tree(tmp_path, secret)
    os.link(secret, root / "p" / "hl.go")
    for p in (root, root / "p", root / "p" / "p.go"):
        os.chown(p, 65534, 65534)
    assert read_tree_file(root, "p/p.go", 1 << 20) is not None
    assert read_tree_file(root, "p/hl.go", 1 << 20) is None


def _race_report(paths: list[str]) -> str:
    """One fake race block per ``path[:line]`` (its primary access there), as PR output could
    print."""
    out = []
    for i, p in enumerate(paths):
        p = p if p.rsplit(":", 1)[-1].isdigit() else p + ":1"
        out.append(f"""==================
WARNING: DATA RACE
Write at 0x00c00001{i:04x} by goroutine 7:
  example.com/hostile/p.Leak{i}()
      {p} +0x1

Previous write at 0x00c00001{i:04x} by goroutine 8:
  example.com/hostile/p.Other{i}()
      {p} +0x1

Goroutine 7 (running) created at:
  example.com/hostile/p.Spawn{i}()
      {p} +0x1
==================""")
    return "\n".join(out) + "\n"


def _vet_json(paths: list[str]) -> str:
    return (
        "# example.com/hostile/p\n"
        + json.dumps(
            {
                "example.com/hostile/p": {
                    "copylocks": [
                        {"posn": f"{p}:1:1", "end": f"{p}:1:5", "message": f"leak {i}", "related": [{"posn": f"{p}:1:1", "message": "here"}]}
                        for i, p in enumerate(paths)
                    ]
                }
            }
        )
        + "\n"
    )


def _hang(paths: list[str]) -> str:
    out = ["panic: test timed out after 1s", ""]
    for i, p in enumerate(paths):
        out += [
            f"goroutine {i + 10} [chan send, 1 minutes]:",
            f"example.com/hostile/p.Stuck{i}()",
            f"\t{p}:1 +0x1",
            "created by example.com/hostile/p.Start in goroutine 1",
            f"\t{p}:1 +0x1",
            "",
        ]
    return "\n".join(out)


def _shape(findings) -> list:
    return [(f.rule_id, f.span, f.fingerprint, [r.span for r in f.related]) for f in findings]


def test_reports_carry_nothing_derived_from_a_file_outside_the_tree(tmp_path, secret, monkeypatch):
    monkeypatch.setenv("GOLEASH_LINK_SECRET_ENV", SECRET)
    root = _tree(tmp_path, secret)
    rels = ["h" + str(secret), "d/secret.txt", "s", "env", "fifo", "h/proc/self/environ", "h/etc/passwd", "p/inner"]
    paths = ["/repo/" + r for r in rels]
    cases = [(_race_report, parse_race_reports), (_hang, parse_hang), (_vet_json, lambda t, w: parse_vet_json(t, w)[0])]
    for make, parse in cases:
        found = parse(make(paths), root)
        assert {f.span.path for f in found} == set(rels), make.__name__
        # a refused file reads exactly like no file at all: same spans, same fingerprints
        assert _shape(found) == _shape(parse(make(paths), None)), make.__name__
        for a in annotations(found):
            assert a.get("end_column") != len(SECRET) + 1, a
    # the control: a real file of the tree does give full-line columns and a text fingerprint
    control = parse_race_reports(_race_report(["/repo/p/p.go:3"]), root)
    blind = parse_race_reports(_race_report(["/repo/p/p.go:3"]), None)
    assert control[0].span.end_col == len(CONTROL_LINE) + 1
    assert control[0].fingerprint != blind[0].fingerprint


# ------------------------------------------------------------------ through the real replay


def _plant_and_report(secret: Path) -> str:
    paths = [
        "/repo/h" + str(secret),
        "/repo/h/etc/shadow",
        "/repo/h/proc/self/environ",
        "/repo/d/secret.txt",
        "/repo/s",
        "/repo/env",
        "/repo/fifo",
        "/repo/p/p.go:3",
    ]
    report = _race_report(paths)
    return f"""package p

import (
	"fmt"
	"os"
	"syscall"
	"testing"
)

func TestPlant(t *testing.T) {{
	must := func(err error) {{
		if err != nil {{
			t.Fatal(err)
		}}
	}}
	must(os.Symlink("/", "/repo/h"))
	must(os.Symlink({json.dumps(str(secret.parent))}, "/repo/d"))
	must(os.Symlink({json.dumps(str(secret))}, "/repo/s"))
	must(os.Symlink("/proc/self/environ", "/repo/env"))
	must(syscall.Mkfifo("/repo/fifo", 0o644))
	fmt.Print(`{report}`)
}}
"""


@pytest.mark.timeout(600)
def test_replay_with_planted_links_reads_nothing_outside(gomod, secret, monkeypatch):
    monkeypatch.setenv("GOLEASH_LINK_SECRET_ENV", SECRET)
    gomod.write("p/p.go", f"package p\n\n{CONTROL_LINE}\n")
    gomod.write("p/p_test.go", _plant_and_report(secret))
    res = gomod.replay(test_timeout_seconds=30)
    test = [s for s in res.steps if s.name == "test"]
    assert test and test[-1].status == "findings", [s.to_dict() for s in res.steps]
    out = test[-1].result.stdout + "\n" + test[-1].result.stderr
    assert "WARNING: DATA RACE" in out and not res.failures, res.failures
    assert os.path.islink(gomod.root / "h") and os.path.islink(gomod.root / "s")

    blind = {f.span.path: f for f in reports.parse_race_reports(out, None, package="./p")}
    got = {f.span.path: f for f in res.findings if f.rule_id == reports.RACE_RULE}
    hostile = {"h" + str(secret), "h/etc/shadow", "h/proc/self/environ", "d/secret.txt", "s", "env", "fifo"}
    assert hostile | {"p/p.go"} <= set(got), sorted(got)
    for rel in hostile:
        assert _shape([got[rel]]) == _shape([blind[rel]]), rel
    for a in annotations(list(got.values())):
        if a["path"] in hostile:
            assert a.get("end_column", 1) == 1, a
    assert SECRET not in json.dumps(res.to_dict())
    # the control line was read from the tree: full-line columns and a text fingerprint
    assert got["p/p.go"].span.end_col == len(CONTROL_LINE) + 1
    assert got["p/p.go"].fingerprint != blind["p/p.go"].fingerprint
