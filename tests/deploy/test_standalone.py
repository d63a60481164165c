"""The repository stands alone, and its code imports the installed namespace only."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BARE = {"bot", "workers", "rules", "replay"}


def tracked(*patterns: str) -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z", *patterns], cwd=ROOT, capture_output=True, check=True)
    return [ROOT / p for p in out.stdout.decode().split("\0") if p]


def test_nothing_refers_outside_the_repository():
    # the reference material this project grew from sat beside the checkout; a clone has nothing there
    outside = re.compile(r"\.\./shared|parents\[\d\]\s*/\s*[\"']shared|GOLEASH_" + "SHARED_DIR")
    hits = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in tracked()
        if p.is_file() and p.suffix not in (".json", ".pem")
        for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if outside.search(line)
    ]
    assert hits == []


def test_code_imports_the_goleash_namespace_not_the_folders():
    # From the checkout `rules` would import too, as a second copy of every module.
    found = []
    for path in tracked("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module]
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                else []
            )
            found += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names if n.split(".")[0] in BARE]
    assert found == []
