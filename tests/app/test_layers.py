"""The packages' layering, read from the source with `ast`: the receiver (bot/) sends work to the
workers by task name and imports nothing from workers/; the engine (rules/) and the replay
sandbox (replay/) know nothing of the App. Every import counts, those inside functions too."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Installed as goleash.<folder> (pyproject.toml's package-dir).
PACKAGES = ("bot", "workers", "rules", "replay", "cli")
FORBIDDEN = {
    "bot": {"workers"},
    "rules": {"bot", "workers", "cli"},
    "replay": {"bot", "workers", "cli"},
    "workers": {"cli"},
}


def imported_packages(source: str, module: str) -> set[tuple[int, str]]:
    """(line, top-level goleash package) of every import in `source`, the module being
    `module` (dotted, without the goleash prefix, e.g. "bot.events.common")."""
    found = set()
    package = module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            # Relative to the module's package; installed, the top folder is under `goleash`.
            base = package[: len(package) - node.level + 1]
            if node.module:
                names = [".".join(["goleash", *base, node.module])]
            else:
                names = [".".join(["goleash", *base, alias.name]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "goleash" and len(parts) > 1:
                found.add((node.lineno, parts[1]))
            elif parts[0] in PACKAGES:  # the checkout's folder names, as a stray import would use them
                found.add((node.lineno, parts[0]))
    return found


def violations() -> list[str]:
    out = []
    for package, forbidden in FORBIDDEN.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT)
            module = ".".join(rel.with_suffix("").parts)
            for line, target in imported_packages(path.read_text(encoding="utf-8"), module):
                if target in forbidden:
                    out.append(f"{rel}:{line} imports {target}")
    return sorted(out)


def test_no_import_crosses_a_layer_the_wrong_way():
    assert violations() == []


def test_the_scan_sees_deferred_and_relative_imports():
    deferred = "def f():\n    from goleash.workers.celery_config import make_celery\n"
    assert imported_packages(deferred, "bot.queue") == {(2, "workers")}
    relative = "from ..workers import app\nfrom .. import workers\nfrom . import keys\n"
    assert imported_packages(relative, "bot.events.common") == {(1, "bot"), (2, "bot"), (3, "bot")}
    assert imported_packages(relative, "bot.queue") == {(1, "workers"), (2, "workers"), (3, "bot")}
    assert imported_packages("import goleash.bot.serve\n", "rules.cli") == {(1, "bot")}
