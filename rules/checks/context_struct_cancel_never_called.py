"""context-struct-cancel-never-called: a cancel function kept in a struct field that nothing calls."""

from __future__ import annotations

from .. import goast
from ..goast import Node, unparen
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..parse import SourceFile, name_nodes
from ..registry import Rule, register


def _key_nodes(src: SourceFile, name: str) -> list[Node]:
    """`name` as the key of a keyed element (`T{name: v}`): the key node, whose parent is the
    keyed_element (tree-sitter-go wraps the key in a literal_element)."""
    out = []
    for n in name_nodes(src, name):
        p = n.parent
        if p is not None and p.type == "literal_element":
            n, p = p, p.parent
        if p is not None and p.type == "keyed_element" and p.named_children and p.named_children[0] == n:
            out.append(n)
    return out


def _called_locally(value: Node, src: SourceFile) -> bool:
    """Is `value`, a variable, called (or deferred) in the function that stores it?"""
    value = unparen(value)
    if value.type == "literal_element" and value.named_children:
        value = unparen(value.named_children[0])
    fn = goast.enclosing_func(value)
    if value.type != "identifier" or fn is None:
        return False
    name = src.text(value)
    return any(src.text(c.child_by_field_name("function")) == name for c in goast.of_type(fn, "call_expression"))


def _struct_cancel(view: PackageView):
    fields: dict[str, tuple[str, Node, SourceFile]] = {}
    for name, si in view.structs.items():
        for fname, t in si.fields.items():
            if t is None or fname[:1].isupper():
                continue
            text = si.src.text(t).replace(" ", "")
            ctxpkg = si.src.import_name("context") or "context"
            if text in (f"{ctxpkg}.CancelFunc", f"{ctxpkg}.CancelCauseFunc"):
                fields[fname] = (name, t, si.src)
    if not fields:
        return []
    sets: dict[str, list[tuple[Node, SourceFile]]] = {}
    called: set[str] = set()
    for src in view.files:
        if not any(f.encode() in src.data for f in fields):
            continue
        sels = sorted(
            (
                fld.parent
                for f in fields
                for fld in name_nodes(src, f)
                if fld.type == "field_identifier" and fld.parent is not None and fld.parent.type == "selector_expression"
            ),
            key=lambda n: n.start_byte,
        )
        for sel in sels:
            fname = src.text(sel.child_by_field_name("field"))
            p = sel.parent
            if p is not None and p.type == "expression_list":
                p = p.parent
                is_lhs = p is not None and p.type == "assignment_statement" and goast.inside(sel, p.child_by_field_name("left"))
            else:
                is_lhs = p is not None and p.type == "assignment_statement" and p.child_by_field_name("left") == sel
            if is_lhs:
                sets.setdefault(fname, []).append((sel, src))
            else:
                called.add(fname)  # called, deferred, passed on, returned: someone can cancel
        keyed = sorted((k.parent for f in fields for k in _key_nodes(src, f)), key=lambda n: n.start_byte)
        for ke in keyed:
            kids = ke.named_children
            if len(kids) == 2 and src.text(kids[0]) in fields:
                sets.setdefault(src.text(kids[0]), []).append((ke, src))
                if _called_locally(kids[1], src):
                    called.add(src.text(kids[0]))  # `cancel: ccancel` and `ccancel()` later
    out = []
    for fname, places in sets.items():
        if fname in called:
            continue
        tname, t, fsrc = fields[fname]
        sel, src = places[0]
        out.append(
            Diagnostic(
                src.span(sel),
                f"`{tname}.{fname}` stores a cancel function that nothing in the package ever calls: the context it "
                f"cancels, its timer and every goroutine waiting on `ctx.Done()` live until the parent context ends "
                f"(forever for `context.Background()`). Call it from the type's Close/Stop method.",
                [Related(fsrc.span(t), "the field")] + [Related(s.span(n), "also stored here") for n, s in places[1:4]],
                [],
                anchor=f"{tname}.{fname}|struct-cancel",
            )
        )
    return out


STRUCT_CANCEL = register(
    Rule(
        id="context-struct-cancel-never-called",
        in_tests=False,
        title="Cancel function kept in a struct field but never called",
        family="E",
        severity=Severity.WARNING,
        what="""
Finds unexported struct fields of type `context.CancelFunc` (or `CancelCauseFunc`) that are
assigned somewhere in the package but never called, deferred, passed on or returned.
""",
        why="""
A type that creates a cancellable context for its background work and never cancels it leaks the
context, its timer, and every goroutine whose loop exits on `ctx.Done()`: closing the type stops
nothing.
""",
        example="""
type Poller struct {
	cancel context.CancelFunc
}

func (p *Poller) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	go p.loop(ctx)
}

func (p *Poller) Close() error { return nil } // p.cancel is never called
""",
        instead="""
func (p *Poller) Close() error {
	p.cancel()
	return nil
}
""",
        vet_overlap="""
go vet's lostcancel check accepts storing the cancel function in a field; it cannot see that no
code ever calls the field. goleash checks the whole package.
""",
        run=_struct_cancel,
    )
)
