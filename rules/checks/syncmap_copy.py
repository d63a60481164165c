"""syncmap-copy: sync.Maps, and structs holding one by value, copied by value."""

from __future__ import annotations

from .. import goast
from ..fixgen import pointer_receiver
from ..goast import Node, unparen
from ..gotypes import decl_type
from ..model import Diagnostic, Severity
from ..package import PackageView
from ..parse import FUNCS, assignments, token_owners
from ..registry import Rule, register
from ..scope import resolve
from ..synctypes import structs_holding_sync_map


def _copies(view: PackageView):
    holding = structs_holding_sync_map(view)
    out = []
    for src in view.files:
        if not src.mentions(b"sync.Map") and not any(h.encode() in src.data for h in holding):
            continue
        for fn in token_owners(src, *FUNCS):
            if fn.type == "method_declaration":
                rname, rtype, ptr = goast.receiver(fn, src)
                if rtype in holding and not ptr:
                    out.append(_receiver_diag(src, fn, rname, rtype))
            for p in goast.params_of(fn):
                t = p.child_by_field_name("type")
                if t is None:
                    continue
                text = src.text(t).replace(" ", "")
                if text == "sync.Map" or (t.type == "type_identifier" and text in holding):
                    out.append(
                        Diagnostic(
                            src.span(p),
                            f"Parameter of type `{text}` copies a sync.Map on every call: the copy shares some of the "
                            f"original's internal state but not its lock or its newest entries, so stores through one "
                            f"copy can vanish from the other and both race. Pass `*{text}`.",
                            [],
                            [],
                            anchor=f"{goast.func_name(fn, src)}|param|{src.text(p)}",
                        )
                    )
        for st in assignments(src):
            right = st.child_by_field_name("right")
            for v in right.named_children if right is not None else []:
                v = unparen(v)
                copied = _copied_value(view, v, src, holding)
                if copied:
                    out.append(
                        Diagnostic(
                            src.span(v),
                            f"This assignment copies `{src.text(v)}`, which holds a sync.Map by value: the copy and the "
                            f"original stop seeing each other's stores and the copied internal mutex can be copied while "
                            f"locked. Keep a pointer instead.",
                            [],
                            [],
                            anchor=f"{goast.func_name(goast.enclosing_decl(st) or st, src)}|assign|{src.text(st)[:80]}",
                        )
                    )
    return out


def _copied_value(view, v: Node, src, holding) -> bool:
    if v.type == "unary_expression" and src.text(v).startswith("*"):
        inner = v.child_by_field_name("operand")
        if inner is not None and inner.type == "identifier":
            d = resolve(inner, src, view)
            t = decl_type(d)
            if t is not None and d.src is not None:
                full = d.src.text(t).replace(" ", "")
                if full.startswith("**"):
                    return False  # `*pp` of a **T is a pointer: nothing is copied
                text = full.lstrip("*")
                return text == "sync.Map" or text in holding
        return False
    if v.type == "identifier":
        d = resolve(v, src, view)
        t = decl_type(d)
        if t is None or d.src is None or d.kind not in ("local", "param", "package"):
            return False
        if d.value is not None and d.src.text(unparen(d.value)).startswith(("&", "new(")):
            return False  # `mr := &T{}`: a pointer, whatever type was inferred for it
        text = d.src.text(t).replace(" ", "")
        return text == "sync.Map" or text in holding
    return False


def _receiver_diag(src, fn, rname, rtype):
    where, fix = pointer_receiver(src, fn, rtype)
    fixes = [fix] if fix else []
    return Diagnostic(
        src.span(where),
        f"Method `{goast.func_name(fn, src)}` has a value receiver, so every call copies `{rtype}` and the "
        f"sync.Map inside it: stores made through the copy are lost when the method returns and reads may see "
        f"stale entries.",
        [],
        fixes,
        anchor=f"{rtype}.{goast.func_name(fn, src)}|receiver",
    )


COPY = register(
    Rule(
        id="syncmap-copy",
        title="sync.Map copied by value",
        family="B",
        severity=Severity.WARNING,
        what="""
Finds sync.Maps, and structs holding one by value, that are copied: value receivers, value
parameters, and assignments from a dereferenced pointer or another variable.
""",
        why="""
"A Map must not be copied after first use" (sync docs). A copy shares the original's read-only
snapshot but has its own mutex and dirty map: stores through the copy never reach the original,
reads through either may be stale, and a mutex copied while held stays locked forever.
""",
        example="""
type Registry struct {
	services sync.Map
}

func (r Registry) Add(name string, s *Service) { // r is a copy
	r.services.Store(name, s) // lost when Add returns
}
""",
        instead="""
func (r *Registry) Add(name string, s *Service) {
	r.services.Store(name, s)
}
""",
        vet_overlap="""
go vet's copylocks check reports the same copies (sync.Map contains a Mutex). goleash adds what
happens at run time and a patch for receivers.
""",
        run=_copies,
    )
)
