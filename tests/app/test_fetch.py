from __future__ import annotations

from goleash.workers.fetch import go_changes, nearest_go_mod, select
from goleash.workers.github_api import ChangedFile, TreeEntry


def cf(path, status="modified"):
    return ChangedFile(path, status, "sha-" + path, "@@ -1 +1 @@\n-a\n+b")


TREE = [
    TreeEntry(p, "sha-" + p, 10)
    for p in [
        "go.mod",
        "README.md",
        "svc/go.mod",
        "svc/a.go",
        "svc/b.go",
        "svc/b_test.go",
        "svc/sub/c.go",
        "svc/vendor/x/y.go",
        "lib/d.go",
        "lib/e.go",
    ]
]


def test_only_go_files_that_still_exist_outside_vendor():
    files = [cf("svc/a.go"), cf("svc/old.go", "removed"), cf("README.md"), cf("vendor/v/v.go"), cf("lib/d.go", "renamed")]
    assert [f.path for f in go_changes(files)] == ["svc/a.go", "lib/d.go"]


def test_whole_package_and_nearest_go_mod():
    wanted = select([cf("svc/a.go"), cf("lib/d.go")], TREE, truncated=False)
    assert sorted(wanted) == ["go.mod", "lib/d.go", "lib/e.go", "svc/a.go", "svc/b.go", "svc/b_test.go", "svc/go.mod"]


def test_nearest_go_mod_walks_up():
    paths = {e.path for e in TREE}
    assert nearest_go_mod("svc/sub", paths) == "svc/go.mod"
    assert nearest_go_mod("lib", paths) == "go.mod"
    assert nearest_go_mod("x", {"a/go.mod"}) is None


def test_truncated_tree_still_has_the_changed_files():
    wanted = select([cf("deep/z.go")], TREE[:1], truncated=True)
    assert wanted == {"go.mod": "sha-go.mod", "deep/z.go": "sha-deep/z.go"}


def test_a_patch_made_from_two_versions_covers_the_lines_githubs_does():
    from ghsandbox.diffing import make_patch
    from goleash.bot.mapping import parse_patch
    from goleash.workers.patches import unified_hunks

    old = "".join(f"line {i}\n" for i in range(1, 60)).encode()
    cases = [
        old.replace(b"line 10\n", b"line ten\n").replace(b"line 40\n", b"line 40\nadded\n"),
        b"",
        old[: len(old) // 2],
        old + b"tail without newline",
    ]
    for new in cases:
        ours = parse_patch("f.go", unified_hunks(old, new))
        github = parse_patch("f.go", make_patch(old, new).patch)
        assert ours.hunks == github.hunks and (ours.hunks or not new)
    assert unified_hunks(old, old) == ""
    assert unified_hunks(b"\xff\xfe", old) is None
