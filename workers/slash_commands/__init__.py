"""Slash commands as data: one module per command in this package, each registering its name,
aliases, permission, cooldown, help text and handler with the `command` decorator.

One module per command rather than one module of decorated handlers, because the commands share
nothing but the registry: `review` needs the review pipeline and the per-PR lock, `replay` the
repository configuration and the replay queue, `explain` / `ignore` the rule registry. Each
module imports only what its command needs, and the modules are found by listing this package,
so adding a command is one new module here plus its test; the help reply, the run-time checks
(workers/command_tasks.py) and docs/commands.md (`make commands-docs`) follow from the registry.

The receiver (bot/commands.py) only finds command-shaped lines; which words are commands is
decided here, in the worker."""

from __future__ import annotations

import importlib
import pkgutil

from .registry import EVERYONE, REGISTRY, WRITE, Invocation, Registry, SlashCommand, command

# Modules of this package that hold no command.
_NOT_COMMANDS = frozenset({"registry", "docs"})


def _load() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name not in _NOT_COMMANDS and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_load()

__all__ = ["EVERYONE", "REGISTRY", "WRITE", "Invocation", "Registry", "SlashCommand", "command"]
