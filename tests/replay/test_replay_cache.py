"""Replays share no writable state: what one replay's PR writes into its Go caches (GOCACHE,
GOPATH/GOMODCACHE) or breaks there never reaches a later replay; the read-only cache they all
read is filled by the toolchain alone, repairs itself when damaged, and is never followed
through a link; a replay that writes too much is stopped with a named reason.

Each attack runs replay A (the PR) and then replay B of the same repository, the way the worker
runs them: a fresh tarball each time, the same cache directory."""

from __future__ import annotations

import io
import os
import secrets
import shutil
import stat
from pathlib import Path

import pytest
from replay_helpers import make_tarball, why_unusable

from goleash.replay import ReplayConfig, replay_tarball, replay_workdir
from goleash.replay.sandbox import NOBODY

needs_sandbox = pytest.mark.skipif(bool(why_unusable()), reason=why_unusable() or "")

GO_MOD = "module example.com/victim\n\ngo 1.22\n"
EVIL_MOD = "module example.com/evil\n\ngo 1.22\n"
EVIL_GO = 'package evil\n\nfunc Hello() string { return "POISONED" }\n'
# Where A plants a module for a later `replace` to find: the cache mount and the places the go
# command itself looks (GOMODCACHE, GOPATH/src).
PLANT_DIRS = ("/cache/planted/evil", "/cache/gopath/pkg/mod/example.com/evil@v1.0.0", "/cache/gopath/src/example.com/evil")


def _tarball(base: Path, files: dict[str, str]) -> bytes:
    src = base / f"src-{secrets.token_hex(4)}"
    for rel, text in {"go.mod": GO_MOD, **files}.items():
        p = src / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    data = make_tarball(src, top=f"acme-victim-{secrets.token_hex(3)}")
    shutil.rmtree(src)
    return data


def _replay(base: Path, cache: Path, files: dict[str, str], pkgs=("p",), **cfg):
    cfg.setdefault("vet", False)
    cfg.setdefault("test_timeout_seconds", 60)
    return replay_tarball(io.BytesIO(_tarball(base, files)), list(pkgs), cache_dir=cache, config=ReplayConfig(**cfg))


def _output(res) -> str:
    return "\n".join(s.result.stdout + s.result.stderr for s in res.steps if s.result)


def _go_test(body: str, imports: tuple[str, ...]) -> str:
    imp = "".join(f'\t"{i}"\n' for i in sorted({"testing", *imports}))
    return f"package p\n\nimport (\n{imp})\n\nfunc TestIt(t *testing.T) {{\n{body}\n}}\n"


CLEAN = {  # replay B's ordinary package: it needs fmt and the race runtime from the cache
    "p/p.go": 'package p\n\nimport "fmt"\n\nfunc Hello() string { return fmt.Sprint("B", "-OK") }\n',
    "p/p_test.go": _go_test("\tfmt.Println(Hello())", ("fmt",)),
}


def _assert_clean_replay(res) -> None:
    assert res.failures == [], (res.failures, _output(res)[-3000:])
    # a clean suite is also repeated under -race (test-repeat)
    assert [(s.name, s.status) for s in res.steps] == [("build", "ok"), ("test", "ok"), ("test-repeat", "ok")], _output(res)[-3000:]
    assert "B-OK" in _output(res)


def _trusted(cache: Path) -> Path:
    from goleash.replay import gocache
    from goleash.replay.toolchain import find_goroot, toolchain_key

    return cache / gocache.cache_key(toolchain_key(find_goroot()), gocache.WARM_PACKAGES)


def _assert_trusted_intact(cache: Path) -> None:
    from goleash.replay import gocache

    trusted = _trusted(cache)
    gocache._deep_checked.clear()  # compare every byte again
    manifest, why = gocache.check(trusted, trusted.name, deep=True)
    assert manifest is not None, why


# ------------------------------------------------------------------------------ poisoning

PLANT = r"""
	for _, dir := range []string{%(dirs)s} {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			fmt.Println("PLANT-FAILED", dir, err)
			continue
		}
		os.WriteFile(dir+"/go.mod", []byte(%(mod)q), 0o644)
		os.WriteFile(dir+"/evil.go", []byte(%(src)q), 0o644)
		fmt.Println("PLANTED", dir)
	}
"""

GARBLE = r"""
	// every compiled output in the build cache (its index entries stay valid, so that a later
	// build would use the garbage): in place first (a shared inode would carry that to the
	// next replay), then by replacing the name
	inPlace, replaced := 0, 0
	filepath.WalkDir("/cache/go-build", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, "-d") {
			return nil
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil
		}
		junk := make([]byte, fi.Size())
		if f, err := os.OpenFile(p, os.O_WRONLY, 0); err == nil {
			if _, err := f.Write(junk); err == nil {
				inPlace++
			}
			f.Close()
		}
		os.Chmod(p, 0o666)
		if f, err := os.OpenFile(p, os.O_WRONLY, 0); err == nil {
			if _, err := f.Write(junk); err == nil {
				inPlace++
			}
			f.Close()
		}
		if os.Remove(p) == nil && os.WriteFile(p, junk, 0o644) == nil {
			replaced++
		}
		return nil
	})
	fmt.Println("IN-PLACE", inPlace, "REPLACED", replaced)
	if err := os.WriteFile("/gocache-trusted/planted", []byte("x"), 0o644); err == nil {
		fmt.Println("TRUSTED-WRITABLE")
	}
"""


def _plant_test() -> str:
    dirs = ", ".join(f'"{d}"' for d in PLANT_DIRS)
    body = PLANT.replace("%(dirs)s", dirs).replace("%(mod)q", _go_quote(EVIL_MOD)).replace("%(src)q", _go_quote(EVIL_GO))
    return _go_test(body, ("fmt", "os"))


def _garble_test() -> str:
    return _go_test(GARBLE, ("fmt", "io/fs", "os", "path/filepath", "strings"))


def _go_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _uses_evil(target: str) -> dict[str, str]:
    return {
        "go.mod": GO_MOD + f"\nrequire example.com/evil v1.0.0\n\nreplace example.com/evil => {target}\n",
        "p/p.go": "package p\n",
        "p/p_test.go": _go_test('\tfmt.Println("EVIL SAYS", evil.Hello())', ("fmt", "example.com/evil")),
    }


@needs_sandbox
def test_a_module_planted_in_the_caches_is_not_built_into_the_next_replay(replay_base, go_cache):
    a = _replay(replay_base, go_cache, {"p/p.go": "package p\n", "p/p_test.go": _plant_test()})
    out = _output(a)
    assert [s.status for s in a.steps if s.name == "test"] == ["ok"], out[-3000:]
    assert all(f"PLANTED {d}" in out for d in PLANT_DIRS), out[-3000:]  # A could write its own caches
    for target in PLANT_DIRS:
        b = _replay(replay_base, go_cache, _uses_evil(target))
        out = _output(b)
        assert "POISONED" not in out, (target, out[-3000:])
        assert b.steps[0].status == "build-failed", (target, [s.status for s in b.steps])
        assert any(f"replacement directory {target} does not exist" in f for f in b.failures), b.failures


@needs_sandbox
def test_cache_entries_garbled_by_one_replay_are_not_read_by_the_next(replay_base, go_cache):
    a = _replay(replay_base, go_cache, {"p/p.go": "package p\n", "p/p_test.go": _garble_test()})
    out = _output(a)
    assert [s.status for s in a.steps if s.name == "test"] == ["ok"], out[-3000:]
    assert "IN-PLACE" in out and "REPLACED 0\n" not in out, out[-3000:]  # it garbled its own layer
    assert "TRUSTED-WRITABLE" not in out
    _assert_clean_replay(_replay(replay_base, go_cache, CLEAN))  # needs the entries A garbled
    _assert_trusted_intact(go_cache)  # A wrote through to no shared file


@needs_sandbox
def test_symbolic_link_layers_cannot_be_written_through_either(replay_base, go_cache, monkeypatch):
    """The layer kind of a worker that runs as the sandbox's own user (non-root deployments)."""
    from goleash.replay import gocache

    monkeypatch.setattr(gocache, "link_kind", lambda uid: "symlink")
    a = _replay(replay_base, go_cache, {"p/p.go": "package p\n", "p/p_test.go": _garble_test()})
    out = _output(a)
    assert "REPLACED 0\n" not in out and "TRUSTED-WRITABLE" not in out, out[-3000:]
    _assert_trusted_intact(go_cache)
    _assert_clean_replay(_replay(replay_base, go_cache, CLEAN))


# ------------------------------------------------------------------------------ breaking

BREAK = {
    "dangling-link": 'must(os.Rename("/cache/go-build", "/cache/old"))\n\tmust(os.Symlink("/nonexistent/go-build", "/cache/go-build"))',
    "file": 'must(os.RemoveAll("/cache/go-build"))\n\tmust(os.WriteFile("/cache/go-build", []byte("not a directory"), 0o644))',
    "unreadable": 'must(os.Chmod("/cache/go-build", 0))\n\tmust(os.Chmod("/cache/gopath", 0))\n\tmust(os.Chmod("/cache", 0o500))',
    "link-to-host": 'must(os.RemoveAll("/cache/go-build"))\n'
    '\tmust(os.Symlink(CANARY, "/cache/go-build"))\n'
    '\tmust(os.RemoveAll("/cache/gopath"))\n'
    '\tmust(os.Symlink(CANARY, "/cache/gopath"))',
}


@needs_sandbox
@pytest.mark.parametrize("how", sorted(BREAK))
def test_a_cache_broken_by_one_replay_does_not_break_the_next(replay_base, go_cache, how):
    canary = replay_base / f"canary-{how}"  # a host directory, named to the PR
    canary.mkdir()
    (canary / "keep.txt").write_text("host data")
    os.chmod(canary, 0o755)
    before = {p.name: (p.stat().st_uid, stat.S_IMODE(p.stat().st_mode)) for p in (canary, canary / "keep.txt")}
    body = (
        "\tmust := func(err error) {\n\t\tif err != nil {\n\t\t\tt.Fatal(err)\n\t\t}\n\t}\n"
        f"\tconst CANARY = {_go_quote(str(canary))}\n\t" + BREAK[how] + '\n\tfmt.Println("BROKEN")'
    )
    a = _replay(replay_base, go_cache, {"p/p.go": "package p\n", "p/p_test.go": _go_test(body, ("fmt", "os"))})
    # (its repetition may fail: the cache it broke is gone; that is the PR's own failing test)
    assert "BROKEN" in _output(a) and [s.status for s in a.steps if s.name == "test"] == ["ok"], _output(a)[-3000:]

    _assert_clean_replay(_replay(replay_base, go_cache, CLEAN))
    # cleaning up after A did not follow its links
    assert sorted(os.listdir(canary)) == ["keep.txt"] and (canary / "keep.txt").read_text() == "host data"
    assert {p.name: (p.stat().st_uid, stat.S_IMODE(p.stat().st_mode)) for p in (canary, canary / "keep.txt")} == before
    _assert_trusted_intact(go_cache)


# ------------------------------------------------------------------------------ the quota

WRITE = r"""
	chunk := make([]byte, 8<<20)
	for i := range chunk {
		chunk[i] = byte(i)
	}
	for i, dir := range []string{"/tmp", "/cache/go-build", "/repo", "/cache/gopath"} {
		f, err := os.Create(fmt.Sprintf("%s/junk-%d", dir, i))
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < %(chunks)d; j++ {
			if _, err := f.Write(chunk); err != nil {
				fmt.Println("WRITE-ERROR", err)
				break
			}
		}
		f.Close()
	}
	fmt.Println("WROTE-ALL")
	time.Sleep(%(sleep)s)
"""


def _writer(chunks: int, sleep: str = "0") -> str:
    return _go_test(WRITE.replace("%(chunks)d", str(chunks)).replace("%(sleep)s", sleep), ("fmt", "os", "time"))


@needs_sandbox
def test_a_replay_over_its_disk_quota_stops_with_a_named_reason(replay_base, go_cache):
    files = {
        "p/p.go": "package p\n",
        "p/p_test.go": _writer(4),  # 4 × 32 MiB in four places
        **{k.replace("p/", "q/"): v.replace("package p", "package q") for k, v in CLEAN.items()},
    }
    res = _replay(replay_base, go_cache, files, pkgs=("p", "q"), disk_quota_bytes=64 << 20)
    test = res.steps[-1]
    assert (test.name, test.packages, test.status) == ("test", ["p"], "limit:disk"), [s.to_dict() for s in res.steps]
    assert "wrote" in test.result.limit_detail and "MiB" in test.result.limit_detail
    assert any("disk quota exceeded" in f and "go test -race ./p" in f for f in res.failures), res.failures
    assert any("stopped before its remaining steps" in f for f in res.failures), res.failures
    assert not [s for s in res.steps if s.packages == ["q"]]  # nothing ran after it
    # the next replay of the repository is unaffected
    _assert_clean_replay(_replay(replay_base, go_cache, CLEAN, disk_quota_bytes=64 << 20))


ENDLESS = r"""
	chunk := make([]byte, 8<<20)
	f, err := os.Create("/tmp/endless")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4000; i++ {
		if _, err := f.Write(chunk); err != nil {
			t.Fatal(err)
		}
		f.Sync()
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Println("WROTE-ALL")
"""


@needs_sandbox
def test_a_writer_that_does_not_stop_is_killed_while_it_runs(replay_base, go_cache):
    res = _replay(
        replay_base,
        go_cache,
        {"p/p.go": "package p\n", "p/p_test.go": _go_test(ENDLESS, ("fmt", "os", "time"))},
        disk_quota_bytes=32 << 20,
        test_timeout_seconds=120,
    )
    r = res.steps[-1].result
    assert res.steps[-1].status == "limit:disk", [s.to_dict() for s in res.steps]
    assert r.exit_code is None and r.duration < 30  # killed by the watchdog, not the timeout
    assert "WROTE-ALL" not in r.stdout


@needs_sandbox
def test_too_many_files_or_too_deep_a_tree_count_against_the_quota(replay_base, go_cache):
    many = _go_test('\tfor i := 0; i < 3000; i++ {\n\t\tos.WriteFile(fmt.Sprintf("/tmp/f%d", i), nil, 0o644)\n\t}', ("fmt", "os"))
    res = _replay(replay_base, go_cache, {"p/p.go": "package p\n", "p/p_test.go": many}, disk_quota_entries=1000)
    assert res.steps[-1].status == "limit:disk", [s.to_dict() for s in res.steps]
    assert "more than 1000 files" in res.failures[0]


@needs_sandbox
def test_a_deeply_nested_tree_is_removed_after_the_replay(replay_base, go_cache, tmp_path):
    # shutil.rmtree recurses once per level: thousands of levels used to crash the cleanup
    deep = _go_test(
        '\tmust(os.Chdir("/tmp"))\n\tfor i := 0; i < 3000; i++ {\n\t\tmust(os.Mkdir("d", 0o755))\n'
        '\t\tmust(os.Chdir("d"))\n\t}\n\tmust(os.WriteFile("leaf", []byte("x"), 0o644))',
        ("os",),
    ).replace(
        "func TestIt(t *testing.T) {\n",
        "func TestIt(t *testing.T) {\n\tmust := func(err error) {\n\t\tif err != nil {\n\t\t\tt.Fatal(err)\n\t\t}\n\t}\n",
    )
    work = Path(os.path.join(replay_base, f"deep-{secrets.token_hex(3)}"))
    (work / "repo" / "p").mkdir(parents=True)
    (work / "repo" / "go.mod").write_text(GO_MOD)
    (work / "repo" / "p" / "p.go").write_text("package p\n")
    (work / "repo" / "p" / "p_test.go").write_text(deep)
    (work / "scratch").mkdir()
    os.chmod(work, 0o711)
    if os.geteuid() == 0:
        from goleash.replay import chown_tree

        chown_tree(work / "repo", NOBODY, NOBODY)
    res = replay_workdir(
        work / "repo", ["p"], cache_dir=go_cache, scratch_dir=work / "scratch", config=ReplayConfig(vet=False, test_timeout_seconds=60)
    )
    assert res.steps[-1].status == "limit:disk" and "levels deep" in res.failures[0], res.failures
    assert os.listdir(work / "scratch") == []


# ------------------------------------------------------------------------------ the trusted cache


def _fake_warm(calls: list):
    """A stand-in for the toolchain's warm-up: a few cache-shaped files."""

    def warm(d: Path) -> None:
        calls.append(d)
        (d / "go-build" / "ab").mkdir()
        (d / "go-build" / "ab" / ("ab" * 32 + "-d")).write_bytes(b"\x00archive" * 100)
        (d / "go-build" / "ab" / ("cd" * 32 + "-a")).write_text("v1 index entry\n")
        (d / "go-build" / "README").write_text("cache\n")

    return warm


def _ensure(root: Path, calls: list) -> Path:
    from goleash.replay import gocache

    trusted = gocache.ensure_trusted(root, "test-key", _fake_warm(calls), NOBODY, NOBODY)
    assert trusted == root / "test-key"
    manifest, why = gocache.check(trusted, "test-key", deep=True)
    assert manifest is not None and len(manifest["files"]) == 3, why
    return trusted


def remove_tree(p: Path) -> None:
    from goleash.replay import safefs

    safefs.remove_tree(p)


def _canary(tmp_path: Path) -> tuple[Path, dict]:
    d = tmp_path / "host"
    d.mkdir()
    (d / "keep.txt").write_text("host data")
    return d, {p.name: (p.read_text() if p.is_file() else None, p.stat().st_mode, p.stat().st_uid) for p in (d, d / "keep.txt")}


def _unchanged(d: Path, before: dict) -> bool:
    return sorted(os.listdir(d)) == ["keep.txt"] and before == {
        p.name: (p.read_text() if p.is_file() else None, p.stat().st_mode, p.stat().st_uid) for p in (d, d / "keep.txt")
    }


def _break_root_link(root: Path, trusted: Path, canary: Path) -> None:
    remove_tree(root)
    os.symlink(canary, root)


def _break_root_dangling(root: Path, trusted: Path, canary: Path) -> None:
    remove_tree(root)
    os.symlink(canary / "gone", root)


def _break_root_file(root: Path, trusted: Path, canary: Path) -> None:
    remove_tree(root)
    root.write_text("x")


def _break_trusted_link(root: Path, trusted: Path, canary: Path) -> None:
    os.chmod(trusted, 0o755)
    remove_tree(trusted)
    os.symlink(canary, trusted)


def _break_entry_link(root: Path, trusted: Path, canary: Path) -> None:
    d = trusted / "go-build" / "ab"
    os.chmod(d, 0o755)
    (d / ("ab" * 32 + "-d")).unlink()
    os.symlink(canary / "keep.txt", d / ("ab" * 32 + "-d"))


def _break_entry_content(root: Path, trusted: Path, canary: Path) -> None:
    from goleash.replay import gocache

    p = trusted / "go-build" / "ab" / ("ab" * 32 + "-d")
    st = p.stat()
    os.chmod(p, 0o644)
    p.write_bytes(b"\xff" * st.st_size)  # same size, same time: only the digest tells
    os.chmod(p, 0o444)
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    gocache._deep_checked.clear()  # as in a freshly started worker


def _break_entry_missing(root: Path, trusted: Path, canary: Path) -> None:
    d = trusted / "go-build" / "ab"
    os.chmod(d, 0o755)
    (d / ("cd" * 32 + "-a")).unlink()


def _break_writable(root: Path, trusted: Path, canary: Path) -> None:
    os.chmod(trusted / "go-build", 0o777)


def _break_foreign_owner(root: Path, trusted: Path, canary: Path) -> None:
    os.chown(trusted / "go-build" / "README", 12345, 12345, follow_symlinks=False)


def _break_manifest(root: Path, trusted: Path, canary: Path) -> None:
    os.chmod(trusted, 0o755)
    (trusted / "manifest.json").unlink()
    os.symlink(canary / "keep.txt", trusted / "manifest.json")


BREAKAGES = [
    _break_root_link,
    _break_root_dangling,
    _break_root_file,
    _break_trusted_link,
    _break_entry_link,
    _break_entry_content,
    _break_entry_missing,
    _break_writable,
    _break_foreign_owner,
    _break_manifest,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__[len("_break_") :])
def test_a_damaged_trusted_cache_is_discarded_and_rebuilt_without_following_links(tmp_path, breakage):
    if breakage is _break_foreign_owner and os.geteuid() != 0:
        pytest.skip("giving a file another owner needs root")
    root = tmp_path / "cache"
    calls: list = []
    trusted = _ensure(root, calls)
    assert len(calls) == 1
    assert _ensure(root, calls) == trusted and len(calls) == 1  # intact: kept as it is
    canary, before = _canary(tmp_path)
    breakage(root, trusted, canary)
    _ensure(root, calls)
    assert len(calls) == 2  # rebuilt once
    assert _unchanged(canary, before)
    assert not root.is_symlink() and root.is_dir()
    assert sorted(p.name for p in root.iterdir()) == [".lock", "test-key"]


def test_leftovers_of_an_interrupted_warm_up_are_swept(tmp_path):
    root = tmp_path / "cache"
    calls: list = []
    trusted = _ensure(root, calls)
    (root / ".warming-0123").mkdir()
    (root / ".warming-0123" / "half.txt").write_text("x")
    os.chmod(trusted, 0o755)
    (trusted / "manifest.json").unlink()  # the crash came before the seal
    _ensure(root, calls)
    assert sorted(p.name for p in root.iterdir()) == [".lock", "test-key"] and len(calls) == 2


def test_a_failed_warm_up_leaves_no_cache_and_the_replay_runs_cold(tmp_path):
    from goleash.replay import ReplayError, gocache

    def failing(d: Path) -> None:
        (d / "go-build" / "partial").write_text("x")
        raise ReplayError("go vet failed")

    assert gocache.ensure_trusted(tmp_path / "cache", "test-key", failing, NOBODY, NOBODY) is None
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [".lock"]
    layer = gocache.new_layer(tmp_path / "layer", None, NOBODY, NOBODY)
    assert layer.trusted_build is None and layer.linked == 0
    assert sorted(os.listdir(layer.dir / "go-build")) == ["trim.txt"]


@needs_sandbox
def test_a_replay_repairs_a_corrupted_trusted_cache(replay_base, go_cache, tmp_path):
    """End to end: every compiled archive of the trusted cache garbled in place (same size, same
    mtime); the next replay notices, rebuilds the cache and succeeds."""
    from goleash.replay import gocache
    from goleash.replay.toolchain import find_goroot, toolchain_key

    _replay(replay_base, go_cache, CLEAN)  # the session's cache, warm
    key = gocache.cache_key(toolchain_key(find_goroot()), ("sync",))
    root = Path(os.path.join(replay_base, f"corrupt-{secrets.token_hex(3)}"))

    def copy_of_the_session_cache(d: Path) -> None:  # a warm-up in no time
        shutil.rmtree(d / "go-build")
        shutil.copytree(_trusted(go_cache) / "go-build", d / "go-build")

    gocache.ensure_trusted(root, key, copy_of_the_session_cache, NOBODY, NOBODY)
    garbled = 0
    for p in (root / key / "go-build").rglob("*-d"):
        st = p.stat()
        os.chmod(p, 0o644)
        with open(p, "r+b") as f:
            f.write(b"\xff" * min(st.st_size, 4096))
        os.chmod(p, 0o444)
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
        garbled += 1
    assert garbled > 100
    gocache._deep_checked.clear()
    res = _replay(replay_base, root, CLEAN, warm_packages=("sync",))
    _assert_clean_replay(res)
    manifest, why = gocache.check(root / key, key, deep=True)
    assert manifest is not None, why
