"""Extraction refuses hostile tarballs with a clear ReplayError."""

from __future__ import annotations

import io
import tarfile

import pytest

from goleash.replay import ReplayError, TarLimits, extract_tarball, replay_tarball


def tgz(entries) -> io.BytesIO:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, kind, data in entries:
            ti = tarfile.TarInfo(name)
            if kind == "file":
                ti.size = len(data)
                tf.addfile(ti, io.BytesIO(data))
            elif kind == "dir":
                ti.type = tarfile.DIRTYPE
                tf.addfile(ti)
            elif kind == "sym":
                ti.type, ti.linkname = tarfile.SYMTYPE, data
                tf.addfile(ti)
            elif kind == "hard":
                ti.type, ti.linkname = tarfile.LNKTYPE, data
                tf.addfile(ti)
            elif kind == "fifo":
                ti.type = tarfile.FIFOTYPE
                tf.addfile(ti)
            elif kind == "chr":
                ti.type = tarfile.CHRTYPE
                tf.addfile(ti)
    buf.seek(0)
    return buf


TOP = "octo-repo-0123abc"


def test_strips_the_top_dir(tmp_path):
    r = extract_tarball(
        tgz(
            [
                (TOP, "dir", None),
                (f"{TOP}/go.mod", "file", b"module x\n"),
                (f"{TOP}/a/b.go", "file", b"package a\n"),
                (f"{TOP}/a/link.go", "sym", "b.go"),
            ]
        ),
        tmp_path / "w",
    )
    assert r.top_dir == TOP and r.files == 2
    assert (tmp_path / "w" / "a" / "b.go").read_bytes() == b"package a\n"
    assert r.skipped_links == ["a/link.go"] and not (tmp_path / "w" / "a" / "link.go").exists()


@pytest.mark.parametrize(
    "entries, words",
    [
        ([(f"{TOP}/../../etc/evil", "file", b"x")], "'..' in path"),
        ([("/etc/evil", "file", b"x")], "absolute path"),
        ([(f"{TOP}/a", "sym", "/etc/shadow")], "symlink 'a' points outside"),
        ([(f"{TOP}/a/b", "sym", "../../../root")], "symlink 'a/b' points outside"),
        ([(f"{TOP}/h", "hard", "/etc/passwd")], "hardlink 'h' points outside"),
        ([(f"{TOP}/h", "hard", f"{TOP}/../x")], "hardlink 'h' points outside"),
        ([(f"{TOP}/p", "fifo", None)], "device or FIFO"),
        ([(f"{TOP}/d", "chr", None)], "device or FIFO"),
        ([(f"{TOP}/a", "file", b"x"), ("other-top/b", "file", b"y")], "outside the single top-level"),
        ([(f"{TOP}/a", "file", b"x"), (f"{TOP}/a", "file", b"y")], "duplicate entry"),
        ([(f"{TOP}/a", "file", b"x"), (f"{TOP}/a/b", "file", b"y")], "crosses a non-directory"),
        ([], "empty"),
    ],
)
def test_refuses_hostile_entries(tmp_path, entries, words):
    with pytest.raises(ReplayError, match="refused tarball") as e:
        extract_tarball(tgz(entries), tmp_path / "w")
    assert words in str(e.value)
    assert not (tmp_path / "etc").exists() and not (tmp_path / "evil").exists()


def test_limits(tmp_path):
    big = [(f"{TOP}/big", "file", b"x" * 5000)]
    with pytest.raises(ReplayError, match="5000 bytes"):
        extract_tarball(tgz(big), tmp_path / "a", TarLimits(max_file_bytes=4096))
    many = [(f"{TOP}/f{i}", "file", b"x") for i in range(20)]
    with pytest.raises(ReplayError, match="more than 10 entries"):
        extract_tarball(tgz(many), tmp_path / "b", TarLimits(max_files=10))
    total = [(f"{TOP}/f{i}", "file", b"x" * 1000) for i in range(10)]
    with pytest.raises(ReplayError, match="more than 5000 bytes uncompressed"):
        extract_tarball(tgz(total), tmp_path / "c", TarLimits(max_total_bytes=5000))
    with pytest.raises(ReplayError, match="not a readable tar"):
        extract_tarball(io.BytesIO(b"\x1f\x8bnot really gzip"), tmp_path / "d")


def test_replay_tarball_refuses_before_running_anything(tmp_path):
    with pytest.raises(ReplayError, match=r"'\.\.' in path"):
        replay_tarball(tgz([(f"{TOP}/go.mod", "file", b"module x\n"), (f"{TOP}/../x_test.go", "file", b"package x\n")]), ["."])
