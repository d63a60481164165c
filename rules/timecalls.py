"""The calls of time.After, time.NewTicker and time.Tick in a file, by name, read once per file.
Shared by time-after-in-loop and ticker-not-stopped."""

from __future__ import annotations

from .goast import Node
from .parse import SourceFile, method_calls


def time_calls(src: SourceFile, name: str) -> list[Node]:
    cache = src.__dict__.setdefault("_goleash_timecalls", None)
    if cache is None:
        cache = {}
        for call in method_calls(src, "After", "NewTicker", "Tick"):
            sel = call.child_by_field_name("function")
            pkg = sel.child_by_field_name("operand")
            if pkg.type != "identifier" or src.data[pkg.start_byte : pkg.end_byte] != b"time":
                continue
            f = sel.child_by_field_name("field")
            cache.setdefault(src.text(f), []).append(call)
        src.__dict__["_goleash_timecalls"] = cache
    return cache.get(name, [])
