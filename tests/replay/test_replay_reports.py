"""Parsers on recorded runtime output (no sandbox needed)."""

from __future__ import annotations

from goleash.replay import HANG_RULE, parse_hang, parse_race_reports, parse_vet_json

DEADLOCK = """fatal error: all goroutines are asleep - deadlock!

goroutine 1 gp=0xc000002380 m=0 mp=0x5b0f40 [sync.WaitGroup.Wait, 3 minutes]:
sync.runtime_SemacquireWaitGroup(0xc000012120?, 0x0?)
	/goroot/src/runtime/sema.go:114 +0x2e
sync.(*WaitGroup).Wait(0xc000012110)
	/goroot/src/sync/waitgroup.go:206 +0x85
main.main()
	/repo/cmd/app/main.go:17 +0x9c

goroutine 6 [sync.Mutex.Lock]:
internal/sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)
	/goroot/src/runtime/sema.go:95 +0x25
sync.(*Mutex).Lock(...)
	/goroot/src/sync/mutex.go:46
main.worker(0xc000012110, 0xc000012100)
	/repo/cmd/app/main.go:9 +0x4e
created by main.main in goroutine 1
	/repo/cmd/app/main.go:15 +0x85
exit status 2
"""


def test_deadlock_dump():
    fs = parse_hang(DEADLOCK)
    assert [(f.rule_id, f.span.path, f.span.start_line) for f in fs] == [(HANG_RULE, "cmd/app/main.go", 9), (HANG_RULE, "cmd/app/main.go", 17)]
    lock, wait = fs
    assert "sync.Mutex.Lock" in lock.message and "all goroutines are asleep" in lock.message
    assert [(r.span.path, r.span.start_line) for r in lock.related] == [("cmd/app/main.go", 15)]
    assert "sync.WaitGroup.Wait for 3 minutes" in wait.message


def test_nothing_without_a_hang_marker():
    assert parse_hang(DEADLOCK.replace("fatal error: all goroutines are asleep - deadlock!", "")) == []


def test_race_in_vendor_and_goroot_only_is_dropped():
    text = """==================
WARNING: DATA RACE
Write at 0x00c by goroutine 7:
  runtime.mapassign()
      /goroot/src/internal/runtime/maps/runtime.go:1 +0x1
  github.com/x/y.Set()
      /repo/vendor/github.com/x/y/y.go:5 +0x1
  example.com/m.F()
      /repo/m.go:12 +0x1

Previous write at 0x00c by main goroutine:
  example.com/m.G()
      /repo/m.go:20 +0x1
==================
"""
    (f,) = parse_race_reports(text + text)  # identical reports are deduped
    assert (f.span.path, f.span.start_line) == ("m.go", 12)
    assert "previous write by main goroutine at m.go:20" in f.message


def test_vet_errors_and_outside_paths():
    text = (
        '# example.com/m\n{\n\t"example.com/m": {\n\t\t"printf": [{"posn": "/goroot/src/x.go:1:1", "message": "m"}],'
        '\n\t\t"error": "type error"\n\t}\n}\n'
    )
    fs, errs = parse_vet_json(text)
    assert fs == [] and errs == ["example.com/m: type error"]
