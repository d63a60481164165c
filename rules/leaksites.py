"""Where things are, in the words of the goroutine-leak rules: "line 12", or "other.go:12" for a
node in another file; whether a statement starts its line (so a fix can insert a line before
it); whether a select case can give up (a default or another case). Shared by the leak rules."""

from __future__ import annotations

from .chanflow import line_of
from .goast import Node
from .parse import SourceFile


def at_line_start(src: SourceFile, node: Node) -> bool:
    return src.line_start(node.start_byte) + len(src.indent_at(node.start_byte).encode()) == node.start_byte


def where_at(src: SourceFile, node: Node, other: SourceFile | None = None) -> str:
    ln = line_of(src, node)
    if other is not None and other is not src:
        return f"{src.path.rsplit('/', 1)[-1]}:{ln}"
    return f"line {ln}"


def select_can_give_up(sel: Node, case: Node) -> bool:
    """A send/receive in a select with a default or another case can give up."""
    return any(c != case and c.type in ("communication_case", "default_case") for c in sel.named_children)
