"""The standard library's sync types as a package uses them: the written type of an expression,
whether it is a sync.Mutex / WaitGroup / Map, the structs that hold one by value."""

from __future__ import annotations

from .concurrency import concurrency
from .goast import Node, unparen
from .gotypes import decl_type
from .package import PackageView
from .parse import SourceFile
from .scope import resolve


def type_text(view: PackageView, expr: Node, src: SourceFile) -> str | None:
    """Declared type (without spaces) of an identifier or `x.field` expression, if written."""
    expr = unparen(expr)
    if expr.type == "unary_expression" and src.text(expr).startswith("&"):
        inner = expr.child_by_field_name("operand")
        t = type_text(view, inner, src) if inner is not None else None
        return "*" + t if t else None
    if expr.type == "identifier":
        d = resolve(expr, src, view)
        t = decl_type(d)
        if t is None or d.src is None:
            return None
        txt = d.src.text(t).replace(" ", "")
        if decl_type(d) is not d.type and d.value is not None and d.src.text(d.value).lstrip().startswith("&"):
            txt = "*" + txt
        elif d.value is not None and d.src.text(d.value).startswith("new("):
            txt = "*" + txt
        return txt
    if expr.type == "selector_expression":
        operand = expr.child_by_field_name("operand")
        fld = expr.child_by_field_name("field")
        if operand is None or fld is None:
            return None
        tname = concurrency(view).type_of_operand(operand, src)
        typ, fsrc = view.field_type(tname, src.text(fld)) if tname else (None, None)
        return fsrc.text(typ).replace(" ", "") if typ is not None else None
    return None


def sync_name(src: SourceFile) -> str | None:
    """The name the standard library's sync package has in this file: its import name, else
    `sync` unless that name is taken by another package (syncthing's own `lib/sync`)."""
    name = src.import_name("sync")
    if name is not None:
        return name
    return None if "sync" in src.imports else "sync"


def is_sync_type(text: str | None, names: tuple[str, ...], src: SourceFile) -> bool:
    sync = sync_name(src)
    if not text or sync is None:
        return False
    base = text.lstrip("*")
    return any(base == f"{sync}.{n}" for n in names)


def embeds_mutex(view) -> set[str]:
    got = view.__dict__.get("_goleash_embeds_mutex")
    if got is None:
        got = set()
        for name, si in view.structs.items():
            for e in si.embedded:
                if si.src.text(e).replace(" ", "").lstrip("*") in ("sync.Mutex", "sync.RWMutex"):
                    got.add(name)
        view.__dict__["_goleash_embeds_mutex"] = got
    return got


def structs_holding_sync_map(view: PackageView) -> set[str]:
    """Struct types that contain a sync.Map by value, directly or through value fields."""
    got = view.__dict__.get("_goleash_syncmap_holders")
    if got is not None:
        return got
    holding: set[str] = set()
    # only a package that writes the type can hold one
    changed = any(src.mentions(b"sync.Map") for src in view.files)
    while changed:
        changed = False
        for name, si in view.structs.items():
            if name in holding:
                continue
            for t in list(si.fields.values()) + si.embedded:
                if t is None or t.id in si.embedded_ptr:
                    continue
                text = si.src.text(t).replace(" ", "")
                if text == "sync.Map" or (t.type == "type_identifier" and text in holding):
                    holding.add(name)
                    changed = True
                    break
    view.__dict__["_goleash_syncmap_holders"] = holding
    return holding
