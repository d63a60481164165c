"""Write docs/commands.md from the registry: `python -m goleash.workers.slash_commands.docs [PATH]`
(`make commands-docs`)."""

from __future__ import annotations

import sys
from pathlib import Path

from .registry import REGISTRY

DEFAULT_PATH = "docs/commands.md"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else DEFAULT_PATH)
    out.write_text(REGISTRY.docs_page(), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
