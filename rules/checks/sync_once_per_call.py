"""sync-once-per-call: a sync.Once that runs on every call (a local one), or whose function depends on
per-call arguments."""

from __future__ import annotations

import re

from .. import goast
from ..concurrency import concurrency
from ..goast import Node, func_label, line_of, unparen
from ..model import Diagnostic, Related, Severity
from ..package import PackageView
from ..parse import method_calls
from ..registry import Rule, register
from ..scope import resolve
from ..synctypes import is_sync_type, type_text


def _do_sites(view: PackageView, src, fn: Node, ident: Node) -> int:
    """How many `once.Do(...)` calls in `fn` are on the local Once declared at `ident`."""
    n = 0
    for call in method_calls(src, "Do"):
        if not goast.inside(call, fn):
            continue
        o = unparen(call.child_by_field_name("function").child_by_field_name("operand"))
        if o.type == "identifier" and resolve(o, src, view).ident == ident:
            n += 1
    return n


def _once(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b".Do(") or not src.mentions(b"Once"):
            continue
        for call in method_calls(src, "Do"):
            f = call.child_by_field_name("function")
            o = unparen(f.child_by_field_name("operand"))
            if not is_sync_type(type_text(view, o, src), ("Once",), src):
                continue
            fn = goast.enclosing_func(call)
            if fn is None:
                continue
            d = resolve(o, src, view) if o.type == "identifier" else None
            if d is not None and d.kind == "local" and d.func == fn and not type_text(view, o, src).startswith("*"):
                if any(a.type == "for_statement" for a in goast.ancestors(call) if goast.inside(a, fn) and a != fn):
                    continue
                if _captured(view, src, fn, d.ident):
                    continue  # shared with closures that outlive the call: once per closure family
                if _do_sites(view, src, fn, d.ident) > 1:
                    continue  # one of several ways out runs it: once per call is the point (close once)
                out.append(
                    Diagnostic(
                        src.span(call),
                        f"`{src.text(o)}` is a local sync.Once (line {line_of(src, d.ident)}): a new one is made on every "
                        f'call of `{func_label(fn, src)}`, so `Do` runs its function every time — the "only once" '
                        f"initialisation is repeated on each call (and concurrent callers run it concurrently). "
                        f"Declare the Once next to what it initialises (a package variable or a struct field).",
                        [Related(src.span(d.ident), "declared per call here")],
                        [],
                        anchor=f"{func_label(goast.enclosing_decl(call) or fn, src)}|local-once|{src.text(o)}",
                    )
                )
                continue
            if d is not None and d.kind == "local":
                continue
            args = goast.call_args(call)
            if len(args) != 1 or args[0].type != "func_literal":
                continue
            lit = args[0]
            if _TEARDOWN.search(src.text(o)):
                continue  # a close-once: the first closer decides how, later ones find it done
            params = [p for p in _params_used(view, src, lit, fn) if _varies(view, src, fn, p)]
            if params:
                out.append(
                    Diagnostic(
                        src.span(call),
                        f"`{src.text(o)}.Do` runs its function once for the lifetime of `{src.text(o)}`, but the function "
                        f"uses `{'`, `'.join(params)}`, a parameter of `{func_label(fn, src)}`: only the first call's "
                        f"argument is ever used, and every later call with a different value silently gets the first "
                        f"call's result.",
                        [],
                        [],
                        anchor=f"{func_label(goast.enclosing_decl(call) or fn, src)}|once-args|{src.text(o)}",
                    )
                )
    return out


_TEARDOWN = re.compile(r"(?i)(close|release|stop|shutdown|cleanup|teardown|cancel|finish)\w*once$|once\w*(close|release|stop|shutdown)$")


def _captured(view, src, fn: Node, ident: Node) -> bool:
    name = src.text(ident)
    for lit in goast.of_type(fn, "func_literal"):
        if lit == fn:
            continue
        for n in goast.of_type(lit, "identifier"):
            if src.text(n) == name and resolve(n, src, view).ident == ident:
                return True
    return False


def _varies(view, src, fn: Node, param: str) -> bool:
    """Evidence that callers pass different values: two in-package calls with different argument
    text at that position (a parameter always given the same value is a constant in disguise)."""
    idx, i = None, 0
    for p in goast.params_of(fn):
        for n in goast.param_names(p, src) or ["_"]:
            if n == param:
                idx = i
            i += 1
    if idx is None:
        return False
    cc = concurrency(view)
    texts = set()
    for call, csrc in cc.call_sites_of(goast.func_name(fn, src)):
        target = cc.resolve_call(call, csrc)
        if target is None or target.node != fn:
            continue
        args = goast.call_args(call)
        if idx < len(args) and args[idx].type in (
            "interpreted_string_literal",
            "raw_string_literal",
            "int_literal",
            "float_literal",
            "true",
            "false",
        ):
            texts.add(csrc.text(args[idx]).replace(" ", ""))
    return len(texts) >= 2


_STABLE_PARAM_TYPES = ("*testing.T", "*testing.B", "testing.TB", "*testing.F", "context.Context")


def _params_used(view, src, lit: Node, fn: Node) -> list[str]:
    if fn.type == "func_literal":
        return []
    names = []
    for p in goast.params_of(fn):
        t = p.child_by_field_name("type")
        if t is not None and src.text(t).replace(" ", "") in _STABLE_PARAM_TYPES:
            continue
        for n in goast.param_names(p, src):
            if n != "_":
                names.append(n)
    if not names:
        return []
    used = []
    for ident in goast.of_type(lit, "identifier"):
        name = src.text(ident)
        if name in names and name not in used:
            d = resolve(ident, src, view)
            if d.kind == "param" and d.func == fn:
                used.append(name)
    return used


ONCE = register(
    Rule(
        id="sync-once-per-call",
        title="sync.Once that runs on every call, or depends on per-call arguments",
        family="E",
        severity=Severity.WARNING,
        what="""
Finds `once.Do(f)` where `once` is a local variable of the function calling it (so a new Once
exists per call), and `once.Do(func(){ ... })` on a long-lived Once whose function uses a
parameter of the enclosing function.
""",
        why="""
A local Once runs its function on every call: the expensive or must-happen-once initialisation
happens again each time, concurrently when callers are concurrent. A long-lived Once whose function
reads per-call arguments keeps only the first caller's: every later caller silently gets a result
computed for someone else's input (the wrong config, the wrong tenant, the wrong file): their own
argument is silently lost.
""",
        example="""
func (c *Client) conn(addr string) *Conn {
	c.once.Do(func() {
		c.c = dial(addr) // only the first addr ever counts
	})
	return c.c
}
""",
        instead="""
func (c *Client) conn(addr string) *Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conns[addr] == nil {
		c.conns[addr] = dial(addr)
	}
	return c.conns[addr]
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_once,
    )
)
