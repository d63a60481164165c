"""The `goleash` command, above both halves of the project: the engine's commands (check,
baseline, rules, explain, docs: rules/cli.py) and the App's processes (serve, worker, all:
bot/serve.py). It sits here so that neither the engine nor the receiver imports the other's
command line.

Exit codes: 0 no findings, 1 findings, 2 usage or run error (one line on stderr)."""

from __future__ import annotations

from goleash.bot.serve import add_commands
from goleash.rules import cli as engine_cli


def build_parser():
    return engine_cli.build_parser(add_commands)


def main(argv: list[str] | None = None) -> int:
    return engine_cli.main(argv, parser=build_parser())
