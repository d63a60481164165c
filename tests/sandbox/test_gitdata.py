"""Git objects and diffs match what git itself computes."""

import shutil
import subprocess

import pytest

from ghsandbox.diffing import diff_snapshots, make_patch, map_line
from ghsandbox.gitdata import ObjectStore, Snapshot, blob_sha
from ghsandbox.paths import sample_scenario

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def test_blob_sha_is_gits():
    assert blob_sha(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"
    assert blob_sha(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"


@needs_git
def test_tree_and_commit_shas_match_git(tmp_path):
    src = sample_scenario() / "head"
    snap = Snapshot.from_dir("head", src)
    store = ObjectStore()
    c = store.add_commit(snap, [], "msg", "Alice", "alice@example.com", 1714557600)
    repo = tmp_path / "r"
    shutil.copytree(src, repo)
    env = {
        "GIT_AUTHOR_NAME": "Alice",
        "GIT_AUTHOR_EMAIL": "alice@example.com",
        "GIT_AUTHOR_DATE": "1714557600 +0000",
        "GIT_COMMITTER_NAME": "Alice",
        "GIT_COMMITTER_EMAIL": "alice@example.com",
        "GIT_COMMITTER_DATE": "1714557600 +0000",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    run = lambda *a: subprocess.run(["git", *a], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout
    run("init", "-q")
    run("add", "-A")
    assert run("write-tree").strip() == c.tree
    run("commit", "-q", "-m", "msg")
    assert run("rev-parse", "HEAD").strip() == c.sha


@needs_git
def test_patch_matches_git_diff(tmp_path):
    base = sample_scenario() / "base" / "store" / "store.go"
    head = sample_scenario() / "head" / "store" / "store.go"
    ours = make_patch(base.read_bytes(), head.read_bytes())
    out = subprocess.run(["git", "diff", "--no-index", "--no-color", str(base), str(head)], capture_output=True, text=True).stdout
    git_hunks = out[out.index("@@") :].rstrip("\n")
    assert ours.patch == git_hunks
    assert ours.additions == sum(1 for l in git_hunks.splitlines() if l.startswith("+"))


def test_no_newline_marker_and_positions():
    p = make_patch(b"a\nb\nc", b"a\nB\nc\n")
    lines = p.patch.split("\n")
    assert lines[0] == "@@ -1,3 +1,3 @@"
    assert "\\ No newline at end of file" in lines
    # position = index in the patch, first @@ line is 0
    hunk = p.hunks[0]
    assert [pl.position for pl in hunk.lines] == list(range(1, len(lines)))
    assert p.find("RIGHT", 2)[1].text == "B"
    assert p.find("LEFT", 2)[1].text == "b"
    assert p.find("RIGHT", 9) is None


def test_statuses_and_renames():
    old = {"a.go": b"package a\n" * 20, "gone.go": b"x\n", "same.go": b"s\n"}
    new = {"b.go": b"package a\n" * 19 + b"// moved\n", "new.go": b"n\n", "same.go": b"s\n"}
    fds = {f.filename: f for f in diff_snapshots(old, new, blob_sha)}
    assert fds["b.go"].status == "renamed" and fds["b.go"].previous_filename == "a.go"
    assert fds["new.go"].status == "added" and fds["gone.go"].status == "removed"
    assert "same.go" not in fds
    assert fds["gone.go"].deletions == 1 and fds["new.go"].additions == 1


def test_map_line():
    assert map_line(b"a\nb\nc\n", b"x\na\nb\nc\n", 2) == 3
    assert map_line(b"a\nb\nc\n", b"a\nB\nc\n", 2) is None
