"""The engine's commands: check Go code, list and explain rules, generate rule docs.
The `goleash` console script (goleash.cli) adds the App's processes to them.

Exit codes: 0 no findings, 1 findings, 2 usage or run error (one line on stderr).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import Callable

from .model import Report
from .output import FORMATS, RenderContext, render, tool_version
from .output.diff_filter import AddedLines, DiffError, about_the_change, git_diff, git_toplevel, repo_of

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class CliError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line instead of argparse's usage dump
        self.exit(EXIT_ERROR, f"goleash: error: {message}\n")


def _catalog():
    # loading every rule module is the slow part of starting: only the commands that need them do
    from . import catalog

    return catalog


def _unknown_rule(rule_id: str) -> CliError:
    ids = ", ".join(r.id for r in _catalog().all_rules())
    return CliError(f"unknown rule {rule_id!r}; valid rules: {ids}")


def _select_rules(ids: list[str] | None):
    reg = _catalog()
    if not ids:
        return reg.all_rules()
    picked = []
    for rule_id in dict.fromkeys(ids):
        rule = reg.get_rule(rule_id)
        if rule is None:
            raise _unknown_rule(rule_id)
        picked.append(rule)
    return picked


def _read_diff(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_bytes().decode("utf-8", errors="replace")
    except OSError as e:
        raise CliError(f"cannot read diff {source}: {e.strerror or e}") from None


def _analyze_paths(paths: list[str], rules, verify_fixes=True) -> Report:
    from .engine import analyze_paths

    return analyze_paths(paths, rules=rules, verify_fixes=verify_fixes)


def _analyze(paths: list[str], rules, verify_fixes=True) -> Report:
    from .engine import EngineError

    try:
        return _analyze_paths(paths, rules, verify_fixes)
    except EngineError as e:
        raise CliError(str(e)) from None


def _use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def cmd_check(args) -> int:
    paths = args.paths or ["."]
    for p in paths:
        if not os.path.exists(p):
            raise CliError(f"no such file or directory: {p}")
    rules = _select_rules(args.rule)
    cwd = os.getcwd()
    cwd_root = git_toplevel(cwd) if (args.diff is not None or args.format == "sarif") else None

    added, bases = None, []
    if args.diff is not None:
        added = AddedLines.parse(_read_diff(args.diff))
        bases = [cwd] + ([cwd_root] if cwd_root else [])
    elif args.base is not None:
        root = repo_of(paths)
        added, bases = AddedLines.parse(git_diff(root, args.base)), [root]

    # only the patches of findings about the change are shown, and verified
    about = about_the_change(added, cwd, bases) if added is not None else None
    report = _analyze(paths, rules if args.rule else None, about or True)
    findings = report.findings
    if args.rule:  # the engine runs only these already; this guards the output contract
        wanted = {r.id for r in rules}
        findings = [f for f in findings if f.rule_id in wanted]
    if about is not None:
        findings = [f for f in findings if about(f)]
    findings = _apply_baseline(findings, args.baseline)
    shown = Report(findings, list(report.errors), report.files_analyzed, report.lines_analyzed)

    for e in shown.errors:
        print(f"goleash: warning: {e.path}: {e.message}", file=sys.stderr)
    ctx = RenderContext(
        rules=rules,
        color=args.format == "text" and _use_color(),
        srcroot=cwd_root or cwd,
        cwd=cwd,
    )
    sys.stdout.write(render(args.format, shown, ctx))
    sys.stdout.flush()
    if shown.files_analyzed == 0 and shown.errors:
        raise CliError("no file could be analysed")
    return EXIT_FINDINGS if shown.findings else EXIT_CLEAN


def _apply_baseline(findings, baseline_arg):
    """--baseline FILE, or .goleash-baseline.json when it exists: drop baselined findings."""
    from . import baseline

    path = baseline_arg or (baseline.DEFAULT_FILE if os.path.isfile(baseline.DEFAULT_FILE) else None)
    if not path or baseline_arg == "none":
        return findings
    try:
        return baseline.without_baselined(findings, baseline.load(path))
    except (OSError, ValueError) as e:
        raise CliError(f"cannot read baseline {path}: {getattr(e, 'strerror', None) or e}") from None


def cmd_baseline(args) -> int:
    from . import baseline

    paths = args.paths or ["."]
    for p in paths:
        if not os.path.exists(p):
            raise CliError(f"no such file or directory: {p}")
    report = _analyze(paths, None)
    try:
        n = baseline.write(args.out, report.findings)
    except OSError as e:
        raise CliError(f"cannot write {args.out}: {e.strerror or e}") from None
    print(f"wrote {n} fingerprints to {args.out}")
    return EXIT_CLEAN


def cmd_rules(args) -> int:
    rows = [("ID", "SEVERITY", "FAMILY", "TITLE")]
    rows += [(r.id, r.severity.value, r.family_name, r.title) for r in _catalog().all_rules()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[3])
    return EXIT_CLEAN


def cmd_explain(args) -> int:
    rule = _catalog().get_rule(args.rule)
    if rule is None:
        raise _unknown_rule(args.rule)
    sys.stdout.write(rule.markdown())
    return EXIT_CLEAN


GENERATED_NOTE = "<!-- Generated by `goleash docs` from rules/; edit the rule, not this file. -->"


def docs_pages(rules) -> dict[str, str]:
    """File name -> content for docs/rules: one page per rule plus README.md as the index."""
    pages = {f"{r.id}.md": f"{GENERATED_NOTE}\n\n{r.markdown()}" for r in rules}
    index = [
        GENERATED_NOTE,
        "",
        "# goleash rules",
        "",
        "| Rule | Severity | Family | Title |",
        "| --- | --- | --- | --- |",
    ]
    index += [f"| [{r.id}]({r.id}.md) | {r.severity.value} | {r.family_name} | {r.title} |" for r in rules]
    pages["README.md"] = "\n".join(index) + "\n"
    return pages


def cmd_docs(args) -> int:
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        pages = docs_pages(_catalog().all_rules())
        for name, text in pages.items():
            (out / name).write_text(text, encoding="utf-8")
    except OSError as e:
        raise CliError(f"cannot write docs to {out}: {e.strerror or e}") from None
    print(f"wrote {len(pages)} files to {out}")
    return EXIT_CLEAN


def build_parser(add_commands: Callable | None = None) -> argparse.ArgumentParser:
    """The engine's commands; `add_commands(subparsers)` adds more (the `goleash` command,
    goleash.cli, adds the App's serve, worker and all)."""
    p = _Parser(prog="goleash", description="Find concurrency bugs in Go code.")
    p.add_argument("--version", action="version", version=f"goleash {tool_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="analyse Go files or directories (default: .)")
    check.add_argument("paths", nargs="*", metavar="PATH")
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    only = check.add_mutually_exclusive_group()
    only.add_argument("--diff", metavar="FILE", help="report only findings on lines this unified diff adds ('-' = stdin)")
    only.add_argument(
        "--base",
        metavar="GITREF",
        help="report only findings on lines changed since GITREF (git diff GITREF; untracked files are not in it)",
    )
    check.add_argument("--rule", action="append", metavar="ID", help="run only this rule (repeatable)")
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="skip findings whose fingerprints are in FILE (default: .goleash-baseline.json if present; 'none' to disable)",
    )
    check.set_defaults(func=cmd_check)

    base = sub.add_parser("baseline", help="record today's findings so `check` reports only new ones")
    base.add_argument("paths", nargs="*", metavar="PATH")
    base.add_argument("--out", default=".goleash-baseline.json", metavar="FILE")
    base.set_defaults(func=cmd_baseline)

    sub.add_parser("rules", help="list the rules").set_defaults(func=cmd_rules)

    explain = sub.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="RULE")
    explain.set_defaults(func=cmd_explain)

    docs = sub.add_parser("docs", help="write one markdown page per rule plus an index")
    docs.add_argument("--out", default="docs/rules", metavar="DIR")
    docs.set_defaults(func=cmd_docs)

    if add_commands is not None:
        add_commands(sub)
    return p


def main(argv: list[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    parser = parser or build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version, usage errors
        return e.code if isinstance(e.code, int) else EXIT_ERROR
    if not getattr(args, "func", None):
        print("goleash: error: a command is required: check, rules, explain or docs (see --help)", file=sys.stderr)
        return EXIT_ERROR
    try:
        return args.func(args)
    except (CliError, DiffError) as e:
        print(f"goleash: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # `goleash check | head`: the reader left; don't print a traceback on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as e:
        # Python's own exit code for a crash is 1, which callers would read as "findings".
        if os.environ.get("GOLEASH_DEBUG"):
            traceback.print_exc()
        print(
            f"goleash: error: internal error: {type(e).__name__}: {e} (GOLEASH_DEBUG=1 shows a traceback)",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
