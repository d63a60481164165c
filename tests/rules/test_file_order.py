"""A package's findings do not depend on the order its files come in. What the rules follow
through calls (the locks a function takes, the callbacks it may run) is worked out once per
function and shared; worked out from whichever function was asked first, a function met
halfway down another's calls kept the shorter view it had there."""

from __future__ import annotations

import pytest

from goleash.rules.engine import analyze_sources

# Poke reaches Each two calls down; Each keeps the mutex while visit runs the callback it was
# given, and Sizes gives it one that locks the same mutex again.
STORE = {
    "p/poke.go": b"""package p

func (s *Store) Poke() {
	s.other.Lock()
	s.n--
	s.other.Unlock()
	s.step()
}

func (s *Store) step() { s.Each(func(int) {}) }
""",
    "p/store.go": b"""package p

import "sync"

type Store struct {
	mu    sync.Mutex
	other sync.Mutex
	n     int
	items []int
}

func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items)
}

func (s *Store) Each(fn func(int)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.visit(fn)
}

func (s *Store) visit(fn func(int)) {
	for _, v := range s.items {
		fn(v)
	}
}

func Sizes(s *Store) (out []int) {
	s.Each(func(v int) { out = append(out, v+s.Len()) })
	return out
}
""",
}

# getToken holds tokenMu while it calls rpc, which calls getToken back, and while it calls info,
# which reaches getToken through rpc: two calls under the lock lead back to it.
TOKEN = {
    "p/info.go": b"""package p

func (f *Fs) info() string { return f.rpc("info", nil) }
""",
    "p/rpc.go": b"""package p

func (f *Fs) rpc(fn string, p map[string]string) string {
	if _, ok := p["token"]; !ok {
		return f.getToken()
	}
	return fn
}
""",
    "p/token.go": b"""package p

import "sync"

type Fs struct {
	tokenMu sync.Mutex
	token   string
}

func (f *Fs) getToken() string {
	f.tokenMu.Lock()
	defer f.tokenMu.Unlock()
	if f.token == "" {
		f.token = f.rpc("getToken", map[string]string{"token": "*"})
		f.token += f.info()
	}
	return f.token
}
""",
}


def _findings(files: dict[str, bytes]) -> list[tuple]:
    report = analyze_sources(files, verify_fixes=False)
    return sorted((f.rule_id, f.path, f.line, f.message) for f in report.findings)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (STORE, "`Store.Each` calls `s.visit`, which runs the callback `fn`, while `s.mu` is locked"),
        (TOKEN, "1 more call made with it taken reaches it too"),
    ],
    ids=["callback-below-a-call", "lock-around-a-cycle"],
)
def test_findings_do_not_depend_on_file_order(files, expected):
    forward = _findings(files)
    assert any(expected in message for *_, message in forward), forward
    assert _findings(dict(reversed(list(files.items())))) == forward
