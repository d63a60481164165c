"""What a function locks, followed through its calls, is the same whichever function is asked
about first: functions that call each other are summarised together, until what they take stops
growing. (Summarised one at a time with a guard against recursion, a function asked about in
the middle of a cycle kept what its callers had not found yet.)"""

from __future__ import annotations

import itertools

import pytest

from goleash.rules.lockcalls import LockCalls
from goleash.rules.lockkeys import KeyAnalyzer
from goleash.rules.package import PackageView
from goleash.rules.parse import SourceFile

# getToken locks and calls rpc, which calls getToken back; refresh reaches the lock only around
# that cycle, through info. Every function of the cycle reaches `tokenMu`.
CYCLE = b"""package p

import "sync"

type Fs struct {
	tokenMu sync.Mutex
	token   string
}

func (f *Fs) rpc(fn string, p map[string]string) string {
	if _, ok := p["token"]; !ok {
		return f.getToken()
	}
	return fn
}

func (f *Fs) info() string { return f.rpc("info", nil) }

func (f *Fs) refresh() string { return f.info() }

func (f *Fs) getToken() string {
	f.tokenMu.Lock()
	defer f.tokenMu.Unlock()
	if f.token == "" {
		f.token = f.rpc("getToken", map[string]string{"token": "*"})
	}
	return f.token
}
"""

# Four levels of calls down to the Lock, and a pair of functions calling each other on the way.
DEEP = b"""package p

import "sync"

var mu sync.Mutex

func a() { b() }
func b() { c(); d() }
func c() { b() }
func d() { e() }
func e() { mu.Lock(); mu.Unlock() }
"""


def _view(data: bytes) -> PackageView:
    return PackageView("p", "p", [SourceFile.parse("p/p.go", data)], None)


def _summaries(data: bytes, cls, order: tuple[str, ...]) -> dict[str, frozenset]:
    """Every function's summary, in a fresh view and analyser, after asking in `order`."""
    view = _view(data)
    an = cls(view)
    for key in order:
        an.acquires(view.funcs[key])
    return {key: frozenset(an.acquires(fi)) for key, fi in view.funcs.items()}


@pytest.mark.parametrize("cls", [LockCalls, KeyAnalyzer])
@pytest.mark.parametrize("data", [CYCLE, DEEP], ids=["cycle", "deep"])
def test_a_summary_does_not_depend_on_the_order_asked(cls, data):
    keys = tuple(_view(data).funcs)
    first = _summaries(data, cls, keys)
    assert any(first.values())
    for order in itertools.permutations(keys):
        assert _summaries(data, cls, order) == first, order


@pytest.mark.parametrize("cls", [LockCalls, KeyAnalyzer])
def test_every_function_of_a_cycle_reaches_the_lock(cls):
    view = _view(CYCLE)
    for name in ("Fs.rpc", "Fs.info", "Fs.refresh", "Fs.getToken"):
        # whichever is asked first, alone in a fresh analyser
        got = cls(view).acquires(view.funcs[name])
        assert got, f"{name} reaches no lock"
        assert all(mode == "w" for mode, _ in got.values())


@pytest.mark.parametrize("cls", [LockCalls, KeyAnalyzer])
def test_a_lock_four_calls_down_is_found(cls):
    view = _view(DEEP)
    an = cls(view)
    (mode, chain), *_ = an.acquires(view.funcs["a"]).values()
    assert mode == "w"
    # a → b → d → e, then e's Lock
    assert [src.text(n) for src, n, _ in chain] == ["b()", "d()", "e()", "mu.Lock()"]
