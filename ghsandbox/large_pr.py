"""A scenario for what a review costs on a large repository: `packages` Go packages of
`files` files each; the head changes one file in each package, a second head one more file.

    write_scenario(directory, packages=3, files=150)

Written to disk like the shipped scenarios (base/, head/, head2/, scenario.json), so the
stand-in serves it exactly as it serves them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from . import paths


def go_file(package: str, n: int, extra: str = "") -> str:
    """About 1.5 KB of ordinary Go: a type guarded by a mutex, a few methods."""
    t = f"Store{n}"
    return f"""package {package}

import (
\t"sort"
\t"sync"
)

// {t} keeps counts by key; every method holds the mutex.
type {t} struct {{
\tmu sync.Mutex
\tm  map[string]int
}}

func New{t}() *{t} {{
\treturn &{t}{{m: map[string]int{{}}}}
}}

func (s *{t}) Add(key string, n int) {{
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\ts.m[key] += n
}}

func (s *{t}) Get(key string) int {{
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\treturn s.m[key]
}}

func (s *{t}) Keys() []string {{
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\tkeys := make([]string, 0, len(s.m))
\tfor k := range s.m {{
\t\tkeys = append(keys, k)
\t}}
\tsort.Strings(keys)
\treturn keys
}}

func (s *{t}) Reset() {{
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\ts.m = map[string]int{{}}
}}
{extra}"""


# A change a reviewer would flag: the map is written by goroutines without the mutex.
RACY = """
func (s *Store{n}) AddAll(keys []string) {{
\tfor _, k := range keys {{
\t\tgo func(k string) {{
\t\t\ts.m[k]++
\t\t}}(k)
\t}}
}}
"""
# An ordinary change.
TIDY = """
func (s *Store{n}) Len() int {{
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\treturn len(s.m)
}}
"""


def package_name(i: int) -> str:
    return f"pkg{i}"


def write_tree(root: Path, packages: int, files: int, changes: dict[tuple[int, int], str]) -> None:
    (root / "go.mod").parent.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text("module example.com/large\n\ngo 1.22\n")
    for p in range(packages):
        d = root / package_name(p)
        d.mkdir(parents=True, exist_ok=True)
        for f in range(files):
            extra = changes.get((p, f), "").format(n=f)
            (d / f"store{f:03d}.go").write_text(go_file(package_name(p), f, extra))


def write_scenario(dest: Path, packages: int = 3, files: int = 150, bulk: int = 0) -> Path:
    """The scenario directory `dest` (replaced if it exists). `bulk` > 0 adds a third head: the
    second plus that many small text files, sorted after the Go packages (for a pull request
    over GitHub's 3,000 listed files)."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    cfg = json.loads((paths.sample_scenario() / "scenario.json").read_text())
    cfg.update(
        title=f"Touch {packages} packages of {files} files",
        heads=["head", "head2"] + (["head3"] if bulk else []),
        commit_messages={"base": "Large repository", "head": "One change per package", "head2": "One more change", "head3": f"Add {bulk} data files"},
    )
    (dest / "scenario.json").write_text(json.dumps(cfg, indent=2) + "\n")
    head = {(p, 7): RACY if p == 0 else TIDY for p in range(packages)}
    write_tree(dest / "base", packages, files, {})
    write_tree(dest / "head", packages, files, head)
    write_tree(dest / "head2", packages, files, {**head, (0, 11): TIDY})
    if bulk:
        write_tree(dest / "head3", packages, files, {**head, (0, 11): TIDY})
        data = dest / "head3" / "zz-data"
        data.mkdir()
        for i in range(bulk):
            (data / f"row{i:05d}.txt").write_text(f"row {i}\n")
    return dest
