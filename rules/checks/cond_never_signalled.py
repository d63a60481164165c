"""cond-never-signalled: a package-local sync.Cond waited on but never signalled."""

from __future__ import annotations

from .. import goast
from ..condcalls import CondCall, cond_calls, cond_label
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..parse import name_nodes
from ..registry import Rule, register
from ..scope import resolve


def _field_uses_ok(view: PackageView, fname: str) -> bool:
    """Every `x.fname` in the package is `x.fname.Wait()/.L/.Signal()/.Broadcast()` or the
    initialisation `x.fname = sync.NewCond(...)` / `fname: sync.NewCond(...)`: the Cond is not
    handed to code we cannot see."""
    needle = fname.encode()
    for src in view.files:
        if needle not in src.data:
            continue
        for n in name_nodes(src, fname):
            if n.type != "field_identifier":
                continue
            p = n.parent
            if p is None:
                continue
            if p.type == "field_declaration":
                continue
            if p.type != "selector_expression":
                return False
            gp = p.parent
            if gp is not None and gp.type == "selector_expression" and gp.child_by_field_name("operand") == p:
                f = src.text(gp.child_by_field_name("field"))
                if f in ("Wait", "Signal", "Broadcast", "L"):
                    continue
                return False
            if (
                gp is not None
                and gp.type == "expression_list"
                and gp.parent is not None
                and gp.parent.type == "assignment_statement"
                and gp.parent.child_by_field_name("left") == gp
            ):
                continue
            return False
        # keyed composite literal fields `cond: sync.NewCond(&mu)` are field_identifier too? no:
        # they parse as literal keys; nothing to check — they only initialise.
    return True


def _var_uses_ok(view: PackageView, key: tuple, name: str, scope_nodes) -> bool:
    for src, node in scope_nodes:
        for n in goast.of_type(node, "identifier"):
            if src.text(n) != name:
                continue
            d = resolve(n, src, view)
            if d.kind == "package":
                k = ("pkg", name)
            else:
                k = ("var", d.src.path, d.ident.start_byte) if d.ident is not None and d.src is not None else None
            if k != key:
                continue
            if d.ident is not None and n == d.ident:
                continue
            p = n.parent
            if p is not None and p.type == "var_spec" and n in p.children_by_field_name("name"):
                continue
            if p is not None and p.type == "selector_expression" and p.child_by_field_name("operand") == n:
                f = src.text(p.child_by_field_name("field"))
                if f in ("Wait", "Signal", "Broadcast", "L"):
                    continue
            if (
                p is not None
                and p.type == "expression_list"
                and p.parent is not None
                and p.parent.type == "assignment_statement"
                and p.parent.child_by_field_name("left") == p
            ):
                continue
            return False
    return True


def _never_signalled(view: PackageView):
    out = []
    calls = cond_calls(view)
    if not calls:
        return out
    by_key: dict[tuple, list[CondCall]] = {}
    for c in calls:
        by_key.setdefault(c.key, []).append(c)
    signalled_fields = {c.fname for c in calls if c.method != "Wait" and c.key[0] == "field"}
    for key, cs in by_key.items():
        waits = [c for c in cs if c.method == "Wait"]
        if not waits or any(c.method != "Wait" for c in cs):
            continue
        w = waits[0]
        src = w.src
        if key[0] == "field":
            fname = key[2]
            if not fname[:1].islower() or fname in signalled_fields:
                continue
            if not _any_signal_text(view, fname):
                if not _field_uses_ok(view, fname):
                    continue
            else:
                continue
            what = f"field `{fname}` of `{key[1]}`"
            decl = view.structs.get(key[1])
        elif key[0] == "pkg":
            fname = key[1]
            if not fname[:1].islower() or _any_signal_text(view, fname):
                continue
            if not _var_uses_ok(view, key, fname, [(s, s.root) for s in view.files if fname.encode() in s.data]):
                continue
            what = f"package variable `{fname}`"
            decl = None
        else:
            fname = w.fname
            fn = goast.enclosing_decl(w.call) or goast.enclosing_func(w.call)
            if fn is None or not _var_uses_ok(view, key, fname, [(src, fn)]):
                continue
            what = f"local `{fname}`"
            decl = None
        op = src.text(w.operand)
        msg = (
            f"`{op}.Wait()` waits for a Signal or Broadcast that never comes: nothing in the package calls "
            f"`Signal` or `Broadcast` on {what}, and it is not visible outside the package. The goroutine "
            f"blocks forever (in `main`: `fatal error: all goroutines are asleep - deadlock!`), holding "
            f"nothing but leaking everything it references."
        )
        related = [Related(c.src.span(c.call), "also waits here, never woken") for c in waits[1:3]]
        if decl is not None:
            related.append(Related(decl.src.span(decl.node), f"`{fname}` is declared here; no code signals it"))
        fn = goast.enclosing_func(w.call)
        out.append(Diagnostic(src.span(w.call), msg, related, [], anchor=f"{cond_label(fn, src) if fn is not None else ''}|{op}|never-signalled"))
    return out


def _any_signal_text(view: PackageView, name: str) -> bool:
    a = f"{name}.Signal".encode()
    b = f"{name}.Broadcast".encode()
    return any(a in s.data or b in s.data for s in view.files)


COND_NEVER_SIGNALLED = register(
    Rule(
        id="cond-never-signalled",
        title="sync.Cond waited on but never signalled",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds `c.Wait()` on a package-local `sync.Cond` (an unexported field or variable, or a local)
when no code in the package ever calls `c.Signal()` or `c.Broadcast()` on it and the Cond is
never handed to other code.
""",
        why="""
`Wait` returns only after a `Signal` or `Broadcast`. When nothing ever sends one, every waiter
blocks forever: a leaked goroutine per call, or, when it is the last goroutine running,
`fatal error: all goroutines are asleep - deadlock!`. Usually the code that changes the
condition forgot to announce it.
""",
        example="""
func (q *Queue) Put(it Item) {
	q.mu.Lock()
	q.items = append(q.items, it) // nobody is told
	q.mu.Unlock()
}
""",
        instead="""
func (q *Queue) Put(it Item) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.mu.Unlock()
	q.cond.Signal()
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_never_signalled,
    )
)
