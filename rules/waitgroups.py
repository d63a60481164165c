"""WaitGroups of a package: the functions whose own bodies call `Add`, `Done`, `Wait` or `Go` on
a value declared as a sync.WaitGroup, and the group's name as a struct field (`Server.wg`)
whichever path reaches it. Shared by the waitgroup-* rules."""

from __future__ import annotations

from . import goast
from .flow import calls_by_func
from .goast import Node, unparen
from .package import PackageView
from .parse import SourceFile
from .scope import resolve
from .synctypes import is_sync_type, type_text


def _is_wg(view, operand_text: str, call: Node, src: SourceFile, cache: dict) -> bool:
    decl = goast.enclosing_decl(call)
    key = (src.path, operand_text, decl.id if decl is not None else 0)
    if key in cache:
        return cache[key]
    f = call.child_by_field_name("function")
    o = f.child_by_field_name("operand")
    res = is_sync_type(type_text(view, o, src), ("WaitGroup",), src)
    cache[key] = res
    return res


_WG_METHODS = ("Add", "Done", "Wait", "Go")


def wg_funcs(view: PackageView):
    """(src, fn, calls) for every function whose own body uses WaitGroup methods."""
    got = view.__dict__.get("_goleash_wg_funcs")
    if got is None:
        got = []
        cache: dict = {}
        if any(f.mentions(b"WaitGroup") for f in view.files):
            for src in view.files:
                if not src.mentions(b".Wait()") and not src.mentions(b".Done()"):
                    continue
                for fn, calls in calls_by_func(src, _WG_METHODS).values():
                    calls = [x for x in calls if _is_wg(view, x[1], x[0], src, cache)]
                    if calls:
                        calls.sort(key=lambda x: x[0].start_byte)
                        got.append((src, fn, calls))
        view.__dict__["_goleash_wg_funcs"] = got
    return got


def wg_key(conc, expr: Node, src: SourceFile) -> str | None:
    """`Type.field` of a WaitGroup field reached through a receiver or a typed local (`&pg.wg`
    and `s.wg` alike); None for anything else."""
    e = unparen(expr)
    if e.type == "unary_expression" and src.text(e).startswith("&"):
        e = unparen(e.child_by_field_name("operand"))
    if e.type != "selector_expression":
        return None
    key = conc.lock_name(e, src, goast.enclosing_func(e))
    return key if "." in key and key.split(".", 1)[0][:1].isalpha() and key != src.text(e).replace(" ", "") else None


def group_key(conc, expr: Node, src: SourceFile) -> str | None:
    """`wg_key`, or for a group declared in a function (`var wg sync.WaitGroup`, handed on as
    `&wg`), that declaration: one group whichever name a callee gives it."""
    key = wg_key(conc, expr, src)
    if key is not None:
        return key
    e = unparen(expr)
    if e.type == "unary_expression" and src.text(e).startswith("&"):
        e = unparen(e.child_by_field_name("operand"))
    if e.type != "identifier":
        return None
    d = resolve(e, src, conc.view)
    if d.kind != "local" or d.ident is None or d.src is None:
        return None
    return f"{d.src.path}:{d.ident.start_byte}:{d.name}"
