"""The engine must never raise on what a pull request can contain, must keep analysing what
parses, must honour suppressions and skip rules, and must fingerprint findings stably."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixture_harness import discover  # noqa: E402

from goleash.rules.engine import analyze_paths, analyze_sources  # noqa: E402
from goleash.rules.model import Report  # noqa: E402

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

BUGGY = """package p

import "sync"

func Fill(keys []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m[k] = len(k){suffix}
		}()
	}
	wg.Wait()
	return m
}
"""
BUGGY_LINE = 12


def buggy(suffix: str = "", *, above: str = "") -> bytes:
    text = BUGGY.replace("{suffix}", suffix)
    if above:
        lines = text.split("\n")
        lines.insert(BUGGY_LINE - 1, above)
        text = "\n".join(lines)
    return text.encode()


def analyze(files: dict[str, bytes], **kw) -> Report:
    report = analyze_sources(files, **kw)
    assert isinstance(report, Report)
    return report


def rules_at(report: Report, line: int | None = None) -> list[str]:
    return [f.rule_id for f in report.findings if line is None or f.line == line]


def test_the_base_snippet_is_a_finding():
    assert rules_at(analyze({"p/fill.go": buggy()}), BUGGY_LINE) == ["map-concurrent-write"]


# -- never raise ------------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes(data):
    analyze({"p/a.go": data})
    analyze({"p/a.go": b"package p\n" + data, "p/b.go": buggy()})


GO_TOKENS = [
    "package p\n",
    "package",
    "p",
    "import",
    '"sync"',
    "func",
    "go",
    "defer",
    "return",
    "for",
    "range",
    "if",
    "else",
    "switch",
    "case",
    "select",
    "default:",
    "var",
    "type",
    "struct",
    "interface",
    "chan",
    "map",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    "\n",
    ",",
    ":=",
    "=",
    "++",
    "<-",
    "&",
    "*",
    ".",
    "_",
    "map[string]int{}",
    "make(map[string]int)",
    "make(chan int)",
    "mu.Lock()",
    "mu.Unlock()",
    "defer mu.Unlock()",
    "wg.Wait()",
    "wg.Add(1)",
    "delete(",
    "close(",
    "m[k]",
    "m[k] = v",
    "m",
    "k",
    "v",
    "s.m",
    "sync.Mutex",
    "sync.Map",
    "http.ResponseWriter",
    "*http.Request",
    "w",
    "r",
    "x.Go(",
    ".Load(",
    ".Store(",
    "func() {",
    "go func() {",
    "}()",
    "for k := range m {",
    "// want",
    "//nolint",
    "/*",
    "*/",
    '"',
    "`",
    "'",
    "0",
    "1.5",
    "nil",
    "true",
    "\t",
    " ",
]


@FUZZ
@given(st.lists(st.sampled_from(GO_TOKENS), max_size=400))
def test_random_go_token_soup(tokens):
    text = " ".join(tokens)
    analyze({"p/a.go": text.encode()})
    analyze({"p/a.go": ("package p\n" + text).encode(), "p/b.go": buggy()})


def _fixture_files() -> list[tuple[str, bytes, dict[str, bytes]]]:
    out = []
    for pkg in discover():
        files = pkg.files()
        for path, data in files.items():
            rel = {f"{pkg.rule_id}/{pkg.case}/{Path(p).name}": d for p, d in files.items()}
            out.append((f"{pkg.rule_id}/{pkg.case}/{Path(path).name}", data, rel))
    return out


FIXTURE_FILES = _fixture_files()


@FUZZ
@given(st.sampled_from(FIXTURE_FILES), st.floats(min_value=0, max_value=1))
def test_truncated_fixture_files(item, where):
    key, data, pkg = item
    cut = data[: int(len(data) * where)]
    analyze({**pkg, key: cut})
    analyze({key: cut})


@FUZZ
@given(st.sampled_from(FIXTURE_FILES), st.floats(min_value=0, max_value=1), st.binary(min_size=1, max_size=8).filter(lambda b: b"\0" not in b))
def test_bytes_spliced_into_fixture_files(item, where, junk):
    key, data, pkg = item
    i = int(len(data) * where)
    analyze({**pkg, key: data[:i] + junk + data[i:]})


@pytest.mark.parametrize("junk", [b"\xff\xfe", b"\xc3\x28", b"\xe2\x82", b"\x80" * 5, "ключ€".encode("cp1251", "replace")])
def test_non_utf8_inside_valid_go_keeps_the_finding(junk):
    # in a comment, in a string literal: the file still parses and the finding stays
    src = buggy().replace(b'import "sync"', b'import "sync" // ' + junk + b'\n\nvar label = "' + junk + b'"')
    report = analyze({"p/fill.go": src})
    assert "map-concurrent-write" in rules_at(report)
    for f in report.findings:
        f.message.encode("utf-8")  # messages are valid text


def test_empty_and_tiny_files():
    for data in (b"", b"\n", b"package", b"package p", b"package p\n", b"\xef\xbb\xbf", b"\xef\xbb\xbfpackage p\n"):
        analyze({"p/a.go": data})
        assert "map-concurrent-write" in rules_at(analyze({"p/a.go": data, "p/b.go": buggy()}))
    assert analyze({}).findings == []


def test_binary_file_is_an_error_not_a_crash():
    report = analyze({"p/a.go": b"package p\n\0\0\0", "p/b.go": buggy()})
    assert any(e.path == "p/a.go" for e in report.errors)
    assert "map-concurrent-write" in rules_at(report)


@pytest.mark.timeout(900)
def test_five_megabyte_generated_file():
    parts = ['package big\n\nimport "sync"\n']
    i = 0
    size = len(parts[0])
    while size < 5 * 1024 * 1024:
        fn = (
            f"\nfunc F{i}(keys []string) map[string]int {{\n\tm := map[string]int{{}}\n\tvar mu sync.Mutex\n"
            f"\tvar wg sync.WaitGroup\n\tfor _, k := range keys {{\n\t\twg.Add(1)\n\t\tgo func() {{\n"
            f"\t\t\tdefer wg.Done()\n\t\t\tmu.Lock()\n\t\t\tm[k] = {i}\n\t\t\tmu.Unlock()\n\t\t}}()\n\t}}\n"
            f"\twg.Wait()\n\treturn m\n}}\n"
        )
        parts.append(fn)
        size += len(fn)
        i += 1
    # one unguarded write at the very end
    parts.append(buggy().decode().split('import "sync"\n', 1)[1].replace("func Fill", "func Last"))
    data = "".join(parts).encode()
    assert len(data) > 5 * 1024 * 1024
    report = analyze({"big/big.go": data})
    assert rules_at(report) == ["map-concurrent-write"]


def _nested_ifs(depth: int) -> bytes:
    return (
        'package p\n\nimport "sync"\n\nfunc Deep(keys []string) {\n\tm := map[string]int{}\n\tvar wg sync.WaitGroup\n'
        + "if true {\n" * depth
        + "for _, k := range keys {\nwg.Add(1)\ngo func() {\ndefer wg.Done()\nm[k] = 1\n}()\n}\n"
        + "}\n" * depth
        + "\twg.Wait()\n}\n"
    ).encode()


def _nested_literals(depth: int) -> bytes:
    return (
        "package p\n\nfunc Deep(keys []string) {\n\tm := map[string]int{}\n"
        + "func() {\n" * depth
        + "for _, k := range keys {\ngo func() {\nm[k] = 1\n}()\n}\n"
        + "}()\n" * depth
        + "}\n"
    ).encode()


@pytest.mark.timeout(600)
@pytest.mark.parametrize("make", [_nested_ifs, _nested_literals], ids=["ifs", "func-literals"])
def test_deeply_nested_code(make):
    report = analyze({"p/deep.go": make(3000)})
    # Either the write at the bottom is found, or the engine says why it skipped the package:
    # never a silent nothing.
    assert "map-concurrent-write" in rules_at(report) or any("nested" in e.message for e in report.errors), (report.findings, report.errors)


def test_deeply_nested_code_is_found_at_moderate_depth():
    for make in (_nested_ifs, _nested_literals):
        assert "map-concurrent-write" in rules_at(analyze({"p/deep.go": make(200)}))


# -- partial parses ---------------------------------------------------------------------------


def test_broken_function_does_not_hide_the_buggy_one():
    broken = b"""package p

func Broken(x int) int {
	if x > {
		return x +
	}
	for := range {
}
"""
    report = analyze({"p/broken.go": broken, "p/fill.go": buggy()})
    assert rules_at(report, BUGGY_LINE) == ["map-concurrent-write"]
    assert any(e.path == "p/broken.go" and "syntax" in e.message for e in report.errors)


def test_broken_and_buggy_function_in_one_file():
    src = buggy().decode() + "\nfunc Broken(x int) int {\n\tif x > {\n\t\treturn x +\n\t}\n"
    report = analyze({"p/fill.go": src.encode()})
    assert rules_at(report, BUGGY_LINE) == ["map-concurrent-write"]
    src = "package p\n\nfunc Broken() {\n\tm[ := \n}\n\n" + buggy().decode().split("\n", 1)[1]
    report = analyze({"p/fill.go": src.encode()})
    assert rules_at(report) == ["map-concurrent-write"]


# -- suppressions -----------------------------------------------------------------------------

SILENCING = [
    "//goleash:ignore map-concurrent-write results are merged elsewhere",
    "//goleash:ignore map-lazy-init,map-concurrent-write reason",
    "// goleash:ignore map-concurrent-write reason",
    "//nolint",
    "//nolint:goleash",
    "//nolint:map-concurrent-write",
    "//nolint:errcheck,goleash // reason",
]
NOT_SILENCING = [
    "//goleash:ignore map-lazy-init wrong rule",
    "//nolint:errcheck",
    "//nolint:map-handler-write",
    "// a comment that mentions nolint in passing",
]


@pytest.mark.parametrize("directive", SILENCING)
def test_suppression_on_the_line(directive):
    assert rules_at(analyze({"p/fill.go": buggy(" " + directive)})) == []


@pytest.mark.parametrize("directive", SILENCING)
def test_suppression_on_the_line_above(directive):
    assert rules_at(analyze({"p/fill.go": buggy(above="\t\t\t" + directive)})) == []


@pytest.mark.parametrize("directive", NOT_SILENCING)
def test_other_directives_do_not_silence(directive):
    assert rules_at(analyze({"p/fill.go": buggy(" " + directive)})) == ["map-concurrent-write"]
    assert rules_at(analyze({"p/fill.go": buggy(above="\t\t\t" + directive)})) == ["map-concurrent-write"]


def test_suppression_two_lines_above_does_not_count():
    src = buggy(above="\t\t\t//nolint:goleash\n\t\t\t_ = 0")
    assert rules_at(analyze({"p/fill.go": src})) == ["map-concurrent-write"]


# -- what is walked ---------------------------------------------------------------------------

GENERATED = b"// Code generated by mockgen. DO NOT EDIT.\n\n" + buggy()


def _tree(root: Path) -> None:
    for rel, data in {
        "go.mod": b"module example.com/x\n\ngo 1.22\n",
        "pkg/fill.go": buggy(),
        "vendor/example.com/dep/fill.go": buggy(),
        "testdata/fill.go": buggy(),
        "pkg/sub/testdata/fill.go": buggy(),
        "gen/fill_gen.go": GENERATED,
    }.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)


def test_walk_skips_vendor_testdata_and_generated(tmp_path):
    _tree(tmp_path)
    report = analyze_paths([str(tmp_path)])
    assert [Path(f.path).relative_to(tmp_path).as_posix() for f in report.findings] == ["pkg/fill.go"]


@pytest.mark.parametrize("rel", ["vendor/example.com/dep", "testdata", "pkg/sub/testdata", "gen/fill_gen.go", "vendor/example.com/dep/fill.go"])
def test_named_explicitly_is_analysed(tmp_path, rel):
    _tree(tmp_path)
    report = analyze_paths([str(tmp_path / rel)])
    assert rules_at(report) == ["map-concurrent-write"], report.findings


def test_in_memory_sources_skip_vendor_testdata_and_generated():
    report = analyze(
        {
            "pkg/fill.go": buggy(),
            "vendor/x/fill.go": buggy(),
            "pkg/testdata/fill.go": buggy(),
            "gen/fill.go": GENERATED,
        }
    )
    assert [f.path for f in report.findings] == ["pkg/fill.go"]


def test_generated_marker_must_match_the_convention():
    # not the exact form: still analysed
    src = b"// Code generated by hand, please edit.\n\n" + buggy()
    assert rules_at(analyze({"p/fill.go": src})) == ["map-concurrent-write"]


# -- fingerprints -----------------------------------------------------------------------------


def test_fingerprint_survives_unrelated_lines_above():
    base = analyze({"p/fill.go": buggy()}).findings
    shifted_src = buggy().replace(b'import "sync"\n', b'import "sync"\n\n// Docs.\nconst Version = "1.2.3"\n\nvar unused = 0\n')
    shifted = analyze({"p/fill.go": shifted_src}).findings
    assert len(base) == len(shifted) == 1
    assert shifted[0].line == base[0].line + 5
    assert shifted[0].fingerprint == base[0].fingerprint


def test_fingerprint_survives_lines_inserted_in_the_same_function():
    base = analyze({"p/fill.go": buggy()}).findings
    moved = analyze({"p/fill.go": buggy(above="\t\t\t_ = k")}).findings
    assert [f.fingerprint for f in moved] == [f.fingerprint for f in base]


def test_fingerprints_differ_between_findings():
    two = buggy().decode() + buggy().decode().split('import "sync"\n', 1)[1].replace("func Fill", "func Fill2")
    findings = analyze({"p/fill.go": two.encode()}).findings
    assert len(findings) == 2
    assert findings[0].fingerprint != findings[1].fingerprint


def test_fingerprints_differ_for_identical_code_in_two_files():
    findings = analyze({"p/a.go": buggy(), "p/b.go": buggy().replace(b"func Fill", b"func Fill2")}).findings
    assert len(findings) == 2
    assert len({f.fingerprint for f in findings}) == 2
