"""Hostile PRs: each attack is contained and reported as a replay failure (or simply fails
inside the sandbox), and the Python process keeps working afterwards."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from goleash.replay import Limits, run_sandboxed
from goleash.replay.sandbox import NOBODY, go_env, make_scratch

REPO_ROOT = Path(__file__).resolve().parents[2]  # the worker's own checkout (has .git)


def _test_file(body: str, imports: str) -> str:
    return f"package p\n\nimport (\n{imports}\n)\n\nfunc TestHostile(t *testing.T) {{\n{body}\n}}\n"


BOMB_UID = 61234  # a uid of its own: RLIMIT_NPROC counts per uid, and other replays on this
# machine may run as nobody at the same time


def _nobody_pids(uid: int = NOBODY, marker: bytes = b"") -> list[int]:
    """Live processes of ``uid`` (whose command line contains ``marker``)."""
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat", "rb") as f:
                    zombie = f.read().rsplit(b")", 1)[1][1:2] == b"Z"
                with open(f"/proc/{d}/cmdline", "rb") as f:
                    cmdline = f.read()
                if os.stat(f"/proc/{d}").st_uid == uid and not zombie and marker in cmdline:
                    out.append(int(d))
            except OSError:
                pass
    return out


def _output(res) -> str:
    return "\n".join(s.result.stdout + s.result.stderr for s in res.steps if s.result)


def test_secrets_and_host_files_are_invisible(gomod, monkeypatch):
    monkeypatch.setenv("GOLEASH_WEBHOOK_SECRET", "whsec-FAKE-1234")
    monkeypatch.setenv("GITHUB_PRIVATE_KEY", "-----BEGIN FAKE KEY-----")
    monkeypatch.setenv("REDIS_URL", "redis://:hunter2@127.0.0.1:6379/0")
    secret_file = gomod.root.parent / "worker-secret.txt"  # next to the work dir, 0644
    secret_file.write_text("TOPSECRET-FILE")
    os.chmod(secret_file, 0o644)
    paths = [
        "/proc/1/environ",
        "/proc/self/environ",
        "/etc/shadow",
        "/etc/passwd",
        "/root",
        "/root/.ssh",
        "/home",
        str(REPO_ROOT / ".git" / "config"),
        str(secret_file),
        "/repo/../worker-secret.txt",
        "/run",
        "/var/run/docker.sock",
    ]
    gomod.write(
        "p/p_test.go",
        _test_file(
            f"""
	for _, kv := range os.Environ() {{ fmt.Println("ENV", kv) }}
	for _, p := range {go_list(paths)} {{
		if b, err := os.ReadFile(p); err == nil {{
			fmt.Printf("READ %s %q\\n", p, b)
		}} else if ents, err2 := os.ReadDir(p); err2 == nil && len(ents) > 0 {{
			fmt.Printf("LIST %s %d\\n", p, len(ents))
		}} else {{
			fmt.Printf("DENIED %s %v\\n", p, err)
		}}
	}}
	t.Fail()""",
            '\t"fmt"\n\t"os"\n\t"testing"',
        ),
    )
    res = gomod.replay(test_timeout_seconds=20)
    out = _output(res)
    assert "DENIED /etc/shadow" in out, out[-3000:]
    for s in ("whsec-FAKE", "BEGIN FAKE KEY", "hunter2", "TOPSECRET", "GOLEASH_", "GITHUB_", "REDIS_URL"):
        assert s not in out
    for p in paths:
        if p in ("/proc/self/environ", "/proc/1/environ"):
            continue  # the test binary itself is pid 1 of the sandbox: its env is go_env()
        assert f"DENIED {p}" in out or f'READ {p} ""' in out, (p, out[-3000:])
    env_lines = sorted(l.split("=", 1)[0] for l in out.splitlines() if l.startswith("ENV "))
    assert set(env_lines) <= {f"ENV {k}" for k in go_env()} | {"ENV PWD"}


def go_list(items: list[str]) -> str:
    return "[]string{" + ", ".join(f'"{p}"' for p in items) + "}"


def test_no_network_to_local_redis(gomod):
    gomod.write(
        "p/p_test.go",
        _test_file(
            """
	c, err := net.DialTimeout("tcp", "127.0.0.1:6379", 2*time.Second)
	if err == nil {
		c.Write([]byte("PING\\r\\n"))
		fmt.Println("CONNECTED")
		t.FailNow()
	}
	fmt.Println("DIAL-FAILED", err)
	_, err = net.LookupHost("github.com")
	fmt.Println("LOOKUP", err != nil)
	t.Fail() // go test shows the output of failing tests only""",
            '\t"fmt"\n\t"net"\n\t"testing"\n\t"time"',
        ),
    )
    res = gomod.replay(test_timeout_seconds=20)
    out = _output(res)
    assert "DIAL-FAILED" in out and "CONNECTED" not in out and "LOOKUP true" in out, out[-2000:]


def test_fork_bomb_is_bounded(gomod):
    gomod.write(
        "p/p_test.go",
        _test_file(
            """
	for i := 0; i < 100000; i++ {
		c := exec.Command("/bin/sh", "-c", "b(){ b | b & }; b")
		if err := c.Start(); err != nil {
			t.Fatalf("fork: %v", err)
		}
	}
	time.Sleep(time.Hour)""",
            '\t"os/exec"\n\t"testing"\n\t"time"',
        ),
    )
    lim = Limits(processes=200)
    res = gomod.replay(test_timeout_seconds=8, build_allowance_seconds=120, test_limits=lim, uid=BOMB_UID, gid=BOMB_UID)
    step = res.steps[-1]
    assert step.status in ("limit:processes", "limit:timeout"), (step.status, _output(res)[-2000:])
    assert res.failures and "go test -race ./p" in res.failures[0]
    left = _nobody_pids(BOMB_UID)
    assert left == [], subprocess.run(
        ["ps", "-o", "pid,ppid,stat,etime,args", "-p", ",".join(map(str, left[:20]))], capture_output=True, text=True
    ).stdout


def test_huge_allocation_hits_address_space_limit(gomod):
    gomod.write(
        "p/p_test.go",
        _test_file(
            """
	b := make([]byte, 64<<30)
	for i := 0; i < len(b); i += 4096 { b[i] = 1 }""",
            '\t"testing"',
        ),
    )
    res = gomod.replay(test_timeout_seconds=30)
    assert res.steps[-1].status == "limit:memory", _output(res)[-2000:]
    assert "resident memory" in res.failures[0] or "memory" in res.failures[0]


def test_resident_memory_watchdog(gomod):
    gomod.write(
        "p/p_test.go",
        _test_file(
            """
	var keep [][]byte
	for i := 0; i < 64; i++ {
		b := make([]byte, 64<<20)
		for j := 0; j < len(b); j += 4096 { b[j] = 1 }
		keep = append(keep, b)
	}
	_ = keep
	time.Sleep(10 * time.Second)""",
            '\t"testing"\n\t"time"',
        ),
    )
    res = gomod.replay(test_timeout_seconds=30, test_limits=Limits(memory_bytes=1 << 30))
    step = res.steps[-1]
    assert step.status == "limit:memory" and step.result.exit_code is None
    assert "resident memory above 1024 MiB" in res.failures[0]


def test_endless_loop_hits_cpu_limit(gomod):
    gomod.write(
        "p/p_test.go",
        _test_file(
            """
	n := 0
	for { n++ }""",
            '\t"testing"',
        ),
    )
    res = gomod.replay(test_timeout_seconds=60, test_limits=Limits(cpu_seconds=6))
    assert res.steps[-1].status == "limit:cpu", _output(res)[-2000:]
    assert "CPU time limit of 6s" in res.failures[0]


def test_wall_clock_timeout_kills_the_tree(replay_base, go_cache, tmp_path):
    work = Path(os.path.join(replay_base, "wall"))
    work.mkdir()
    scratch = make_scratch(replay_base / "wall-tmp")
    res = run_sandboxed(
        ["/bin/sh", "-c", "sleep 1000 & sleep 1000 & (sh -c 'sleep 1000') ; sleep 1000"],
        workdir=work,
        cache_dir=go_cache,
        tmp_dir=scratch,
        limits=Limits(wall_seconds=2),
    )
    assert res.timed_out and res.killed_by_limit == "timeout" and res.exit_code is None
    assert 1.9 < res.duration < 10
    assert _nobody_pids(NOBODY, b"sleep\x001000") == []


def test_gigabytes_of_output_are_capped(gomod):
    gomod.write(
        "p/p_test.go",
        _test_file(
            """
	line := []byte(strings.Repeat("x", 1<<20) + "\\n")
	for { os.Stdout.Write(line) }""",
            '\t"os"\n\t"strings"\n\t"testing"',
        ),
    )
    lim = Limits(max_output_bytes=1 << 20, kill_output_bytes=64 << 20)
    res = gomod.replay(test_timeout_seconds=60, test_limits=lim)
    r = res.steps[-1].result
    assert res.steps[-1].status == "limit:output", [(s.status, s.detail) for s in res.steps]
    assert r.stdout_truncated and len(r.stdout) < (1 << 20) + 200
    assert "output truncated" in r.stdout


def test_file_size_limit(gomod):
    gomod.write(
        "p/p_test.go",
        _test_file(
            """
	f, err := os.Create("big.bin")
	if err != nil { t.Fatal(err) }
	buf := make([]byte, 1<<20)
	for i := 0; i < 4096; i++ {
		if _, err := f.Write(buf); err != nil { t.Fatal(err) }
	}""",
            '\t"os"\n\t"testing"',
        ),
    )
    res = gomod.replay(test_timeout_seconds=60, test_limits=Limits(file_bytes=32 << 20))
    assert res.steps[-1].status == "limit:file-size", _output(res)[-2000:]
    assert (gomod.root / "p" / "big.bin").stat().st_size <= 32 << 20


def test_writes_outside_the_work_dir_fail(gomod):
    targets = [
        "/usr/bin/goleash-evil",
        "/goroot/bin/evil",
        "/etc/evil",
        "/evil",
        str(REPO_ROOT / "evil"),
        "/proc/sys/kernel/hostname",
        "/repo/../evil",
    ]
    gomod.write(
        "p/p_test.go",
        _test_file(
            f"""
	for _, p := range {go_list(targets)} {{
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {{
			fmt.Println("WRITE-DENIED", p)
		}} else {{
			fmt.Println("WROTE", p)
		}}
	}}
	if err := os.WriteFile("/repo/inside.txt", []byte("ok"), 0o644); err == nil {{ fmt.Println("INSIDE-OK") }}
	t.Fail()""",
            '\t"fmt"\n\t"os"\n\t"testing"',
        ),
    )
    res = gomod.replay(test_timeout_seconds=20)
    out = _output(res)
    assert "WROTE" not in out and out.count("WRITE-DENIED") == len(targets), out[-2000:]
    assert "INSIDE-OK" in out
    assert not (REPO_ROOT / "evil").exists() and not Path("/usr/bin/goleash-evil").exists()
    assert not (gomod.root.parent / "evil").exists()


def test_python_side_still_works_after_the_attacks(gomod):
    gomod.write("p/p.go", "package p\n\nfunc F() int { return 1 }\n")
    gomod.write("p/p_test.go", _test_file("if F() != 1 { t.Fatal() }", '\t"testing"'))
    res = gomod.replay(test_timeout_seconds=20)
    assert res.ok and res.steps[-1].status == "ok"
