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


# ----------------------------------------------------------------------------- import cycles
def all_modules() -> dict[str, Path]:
    """Dotted module name (without the goleash prefix) -> file, for every package."""
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def module_imports(source: str, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules of `known` that `source` imports, at the top or inside functions. `from P
    import n` imports module P.n when there is one, else P itself (n is a name P defines)."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                origin = ".".join(p for p in (base, node.module or "") if p)
            else:
                origin = (node.module or "").removeprefix("goleash.")
            targets = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in known else origin for a in node.names]
        else:
            continue
        found |= {t.removeprefix("goleash.") for t in targets} & known
    return found - {module}


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    known = set(modules)
    return {m: module_imports(p.read_text(encoding="utf-8"), m, p.name == "__init__.py", known) for m, p in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected component that has one (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_modules_import_each_other_in_a_line_not_a_circle():
    assert cycles(import_graph()) == []


def test_the_cycle_check_sees_deferred_and_package_relative_imports():
    known = {"workers.review", "workers.tasks", "workers.app", "workers.slash_commands", "workers.slash_commands.registry"}
    deferred = "def f():\n    from .tasks import run\n"
    assert module_imports(deferred, "workers.review", False, known) == {"workers.tasks"}
    # A name the package defines is an import of the package; a submodule's name, of the submodule.
    assert module_imports("from . import command\n", "workers.slash_commands.help", False, known) == {"workers.slash_commands"}
    assert module_imports("from . import registry\n", "workers.slash_commands", True, known) == {"workers.slash_commands.registry"}
    assert module_imports("from goleash.workers import app\n", "bot.x", False, known) == {"workers.app"}
    graph = {
        "workers.review": {"workers.tasks"},
        "workers.tasks": {"workers.app"},
        "workers.app": {"workers.review"},
        "bot.a": {"bot.b"},
        "bot.b": set(),
    }
    assert cycles(graph) == [["workers.app", "workers.review", "workers.tasks"]]
