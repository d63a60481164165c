"""lock-held-channel-op: a goroutine holds a mutex and blocks on a channel operation (or
`wg.Wait()`) whose other side, everywhere in the package, first needs that same mutex.

Objects are matched by identity (the same receiver, the same package variable, the same local)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import goast
from ..elemtypes import owner_struct
from ..goast import Node, func_label, line_of, unparen
from ..lockkeys import holder_label, key_analyzer, lit_info, lock_text
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import FuncInfo, PackageView
from ..parse import SourceFile, calls_in, calls_named, captures
from ..registry import Rule, register
from ..scope import resolve
from ..synctypes import is_sync_type, type_text

# Identity of an object, precise enough to say "the same mutex / channel / WaitGroup":
# ("recv", T, path) the receiver of a method of T; ("pkg", name, path); ("decl", file, byte, path)
# a local or parameter (the same declaration).


def _ident(view: PackageView, expr: Node, src: SourceFile) -> tuple | None:
    expr = unparen(expr)
    if expr.type == "unary_expression" and src.text(expr).startswith("&"):
        inner = expr.child_by_field_name("operand")
        return _ident(view, inner, src) if inner is not None else None
    if expr.type == "identifier":
        d = resolve(expr, src, view)
        if d.kind == "receiver" and d.func is not None:
            rt = goast.receiver(d.func, src)[1]
            return ("recv", rt, "") if rt else None
        if d.kind == "package":
            return ("pkg", d.name, "")
        if d.kind in ("local", "param") and d.ident is not None and d.src is not None:
            return ("decl", d.src.path, d.ident.start_byte, "")
        return None
    if expr.type == "selector_expression":
        operand = expr.child_by_field_name("operand")
        fld = expr.child_by_field_name("field")
        if operand is None or fld is None:
            return None
        b = _ident(view, operand, src)
        if b is None:
            return None
        return b[:-1] + (b[-1] + "." + src.text(fld),)
    return None


@dataclass(eq=False)
class _Site:
    fi: FuncInfo
    node: Node  # the blocking op (send_statement, `<-x`, range_clause, select, Wait call)
    kind: str  # send | recv | wait
    chan: Node  # the channel / WaitGroup expression


_SITE_Q = """
(send_statement) @send
(unary_expression operator: "<-") @recv
(range_clause) @range
(call_expression function: (selector_expression field: (field_identifier) @meth) arguments: (argument_list . ")")) @mcall
"""


def _op_sites(fi: FuncInfo, lits: list[Node]) -> list[_Site]:
    """Blocking operations in the function's own body (not in `lits`, the func literals nested
    in it)."""
    out = []
    body = fi.body
    if body is None:
        return out
    src = fi.src
    inner = [(l.start_byte, l.end_byte) for l in lits]
    caps = captures(_SITE_Q, body)
    for n in caps.get("send", ()):
        ch = n.child_by_field_name("channel")
        if ch is not None:
            out.append(_Site(fi, n, "send", ch))
    for n in caps.get("recv", ()):
        ch = n.child_by_field_name("operand")
        if ch is not None:
            out.append(_Site(fi, n, "recv", ch))
    for n in caps.get("range", ()):
        r = n.child_by_field_name("right")
        if r is not None:
            out.append(_Site(fi, n, "range", r))
    for m in caps.get("meth", ()):
        name = src.text(m)
        if name in ("Wait", "Done"):
            n = m.parent.parent
            o = m.parent.child_by_field_name("operand")
            if o is not None and not goast.call_args(n):
                out.append(_Site(fi, n, "wait" if name == "Wait" else "done", o))
    if inner:
        out = [x for x in out if not any(a <= x.node.start_byte < b for a, b in inner)]
    out.sort(key=lambda x: x.node.start_byte)
    return out


def _select_blocks(site: _Site) -> Node | None:
    """For an op in a select case: the select, if it has one case and no default (it blocks
    exactly like the bare op); None if the op is not a select case; False-y marker otherwise."""
    for a in goast.ancestors(site.node):
        if a.type == "communication_case":
            sel = a.parent
            if sel is None or sel.type != "select_statement":
                return None
            cases = [c for c in sel.named_children if c.type in ("communication_case", "default_case")]
            if len(cases) == 1 and cases[0].type == "communication_case":
                return sel
            return a  # several cases or a default: not a blocking op by itself
        if a.type in ("block", "statement_list") or a.type in goast.FUNC_TYPES:
            return None
    return None


class _ChanIndex:
    def __init__(self, view: PackageView):
        self.view = view
        self.an = key_analyzer(view)
        self._bufcache: dict = {}
        self._sites: dict[int, list[_Site]] = {}
        self._mentioning: dict[tuple, list[FuncInfo]] = {}

    def with_literals(self, fi: FuncInfo) -> list[FuncInfo]:
        return [fi] + [lit_info(lit, fi.src, fi) for lit in self.an.lits_in(fi.node, fi.src)]

    def sites_of(self, fi: FuncInfo) -> list[_Site]:
        got = self._sites.get(fi.node.id)
        if got is None:
            got = self._sites[fi.node.id] = _op_sites(fi, self.an.lits_in(fi.body, fi.src) if fi.body is not None else [])
        return got

    def mentioning(self, *needles: bytes) -> list[FuncInfo]:
        got = self._mentioning.get(needles)
        if got is None:
            got = []
            for fi in self.view.funcs.values():
                if fi.body is None:
                    continue
                d, a, b = fi.src.data, fi.node.start_byte, fi.node.end_byte
                if all(d.find(n, a, b) != -1 for n in needles):
                    got.extend(self.with_literals(fi))
            self._mentioning[needles] = got
        return got

    def others(self, key: tuple, site: _Site) -> list[_Site]:
        """The sites on the other side of `site`'s channel or WaitGroup."""
        name = key[-1].rsplit(".", 1)[-1] if key[-1] else (key[1] if key[0] == "pkg" else site.fi.src.text(unparen(site.chan)))
        marker = b"Done()" if site.kind == "wait" else b"<-" if site.kind != "send" else b""
        needles = (name.encode(), marker) if marker else (name.encode(),)
        out = []
        for fi in self.mentioning(*needles):
            for s in self.sites_of(fi):
                if s.kind not in _OPPOSITE[site.kind]:
                    continue
                k = _ident(self.view, s.chan, fi.src)
                if k == key:
                    out.append(s)
                elif _last_name(s.chan, fi.src) == name:
                    return []  # the same channel may be reached another way (a parameter, a copy): unsure
        if key[0] == "decl" and self._escapes(key, name):
            return []
        return out

    def done_by_type(self, site: _Site) -> list[_Site]:
        """The `Done` calls on the same WaitGroup field of the same struct type as `site`'s
        `x.wg.Wait()`, when the group is reached through different expressions (a range variable
        on one side, `m[k].wg` on the other). Empty when any `Done` on a field of that name
        cannot be typed: it may be the group waited for."""
        ch = unparen(site.chan)
        if ch.type != "selector_expression":
            return []
        fld = ch.child_by_field_name("field")
        op = ch.child_by_field_name("operand")
        src = site.fi.src
        if fld is None or op is None:
            return []
        name = src.text(fld)
        owner = owner_struct(self.view, op, src)
        if owner is None:
            return []
        out = []
        for fi in self.mentioning(name.encode(), b"Done()"):
            for s in self.sites_of(fi):
                if s.kind != "done" or _last_name(s.chan, fi.src) != name:
                    continue
                c = unparen(s.chan)
                if c.type == "identifier" and is_sync_type(type_text(self.view, c, fi.src), ("WaitGroup",), fi.src):
                    continue  # a group of its own, held by value: not a field of another struct
                o = c.child_by_field_name("operand") if c.type == "selector_expression" else None
                if o is None or owner_struct(self.view, o, fi.src) != owner:
                    return []
                out.append(s)
        return out

    def _escapes(self, key: tuple, name: str) -> bool:
        """Is the local channel / WaitGroup passed, stored or returned (its other side may then
        be anywhere)?"""
        src = next((f for f in self.view.files if f.path == key[1]), None)
        ident = src.root.descendant_for_byte_range(key[2], key[2]) if src is not None else None
        fn = goast.enclosing_func(ident) if ident is not None else None
        if fn is None:
            return True
        for n in goast.of_type(fn, "identifier"):
            if n == ident or src.text(n) != name:
                continue
            p = n.parent
            if p is None:
                continue
            if p.type == "unary_expression" and src.text(p).startswith("&"):
                n, p = p, p.parent
            if p.type == "argument_list":
                call = p.parent
                f = call.child_by_field_name("function") if call is not None else None
                if f is None or src.text(f) not in ("close", "len", "cap"):
                    return True
            elif p.type in ("expression_list", "literal_element", "keyed_element", "return_statement", "composite_literal"):
                gp = p.parent
                if (
                    p.type == "expression_list"
                    and gp is not None
                    and gp.type in ("assignment_statement", "short_var_declaration")
                    and gp.child_by_field_name("left") == p
                ):
                    continue
                return True
        return False

    def held(self, site: _Site) -> dict[tuple, tuple[str, Node]]:
        """Locks held at the site, by identity."""
        got = self.an.held_at(site.node, site.fi)
        out = {}
        for _, (mode, lock) in got.items():
            f = lock.child_by_field_name("function")
            o = f.child_by_field_name("operand") if f is not None else None
            k = _ident(self.view, o, site.fi.src) if o is not None else None
            if k is not None:
                out[k] = (mode, lock)
        return out

    def unbuffered(self, key: tuple, site: _Site) -> bool:
        """The channel is made without a capacity everywhere it is made, and made somewhere."""
        got = self._bufcache.get(key)
        if got is not None:
            return got
        field = key[-1].rsplit(".", 1)[-1] if key[-1] else None
        makes = []
        if key[0] == "decl":
            src = next((f for f in self.view.files if f.path == key[1]), None)
            if src is not None and not key[-1]:
                ident = src.root.descendant_for_byte_range(key[2], key[2])
                fn = goast.enclosing_func(ident) if ident is not None else None
                name = src.text(ident) if ident is not None else ""
                if fn is not None:
                    makes += self._makes_to(fn, src, lambda left: left.type == "identifier" and src.text(left) == name, name)
        elif key[0] == "pkg" and not key[-1]:
            v = self.view.vars.get(key[1])
            if v is not None and v.value is not None:
                makes += [m for m in _makes_in(v.value, v.src)] if _is_make_chan(v.value, v.src) else []
            for src in self.view.files:
                if key[1].encode() in src.data and src.mentions(b"make(chan"):
                    makes += self._makes_to(src.root, src, lambda left, s=src: left.type == "identifier" and s.text(left) == key[1], key[1])
        elif field:
            for src in self.view.files:
                if field.encode() in src.data and src.mentions(b"make(chan"):
                    makes += self._makes_to(
                        src.root,
                        src,
                        lambda left, s=src: left.type == "selector_expression" and s.text(left.child_by_field_name("field")) == field,
                        field,
                    )
        ok = bool(makes) and all(_cap_zero(m, s) for m, s in makes)
        self._bufcache[key] = ok
        return ok

    def _makes_to(self, root: Node, src: SourceFile, left_ok, name: str) -> list:
        """make(chan ...) calls assigned to a destination accepted by left_ok (or a keyed
        composite-literal element named `name`)."""
        out = []
        for call in calls_named(src, "make"):
            if not goast.inside(call, root) or not _is_make_chan(call, src):
                continue
            p = call.parent
            if p is not None and p.type == "literal_element":
                p = p.parent
            if p is not None and p.type == "keyed_element":
                k = p.named_children[0] if p.named_children else None
                if k is not None and src.text(k) == name and k != call:
                    out.append((call, src))
                continue
            if p is not None and p.type == "expression_list":
                st = p.parent
                if st is not None and st.type in ("assignment_statement", "short_var_declaration"):
                    left = st.child_by_field_name("left")
                    rights = list(p.named_children)
                    lefts = list(left.named_children) if left is not None else []
                    if len(lefts) == len(rights):
                        i = rights.index(call)
                        if left_ok(lefts[i]):
                            out.append((call, src))
                elif st is not None and st.type == "var_spec":
                    names = [c for c in st.children_by_field_name("name")]
                    if any(src.text(n) == name for n in names):
                        out.append((call, src))
        return out


def _last_name(expr: Node, src: SourceFile) -> str | None:
    expr = unparen(expr)
    if expr.type == "unary_expression" and src.text(expr).startswith("&"):
        expr = unparen(expr.child_by_field_name("operand") or expr)
    if expr.type == "identifier":
        return src.text(expr)
    if expr.type == "selector_expression":
        f = expr.child_by_field_name("field")
        return src.text(f) if f is not None else None
    return None


def _is_make_chan(call: Node, src: SourceFile) -> bool:
    if call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "identifier" or src.text(fn) != "make":
        return False
    args = goast.call_args(call)
    return bool(args) and args[0].type == "channel_type"


def _makes_in(n: Node, src: SourceFile):
    return [(n, src)]


def _cap_zero(call: Node, src: SourceFile) -> bool:
    args = goast.call_args(call)
    return len(args) == 1 or (len(args) == 2 and src.text(args[1]).strip() == "0")


_OPPOSITE = {"send": ("recv", "range"), "recv": ("send",), "range": ("send",), "wait": ("done",)}


def _chan_ops(view: PackageView) -> list[Diagnostic]:
    files = view.files
    if not any(f.mentions(b"Lock()") and (f.mentions(b"<-") or f.mentions(b"Wait()")) for f in files):
        return []
    idx = _ChanIndex(view)
    held_sites = []
    for fi in view.funcs.values():
        if fi.body is None:
            continue
        d, a, b = fi.src.data, fi.node.start_byte, fi.node.end_byte
        if d.find(b"Lock()", a, b) == -1 or (d.find(b"<-", a, b) == -1 and d.find(b"Wait()", a, b) == -1):
            continue
        for f in idx.with_literals(fi):
            if not idx.an.own_has(f, b"Lock()") or not (idx.an.own_has(f, b"<-") or idx.an.own_has(f, b"Wait()")):
                continue  # holds no lock of its own, or never blocks in its own body
            for site in idx.sites_of(f):
                if site.kind not in ("send", "recv", "wait"):
                    continue
                sel = _select_blocks(site)
                if sel is not None and sel.type != "select_statement":
                    continue
                held = idx.held(site)
                if held:
                    held_sites.append((site, sel, held))
    # senders and waiters first: one finding per channel and lock, on the side holding the lock
    # across a send (the receiver's side is the same deadlock seen from the other end)
    held_sites.sort(key=lambda x: (x[0].kind == "recv",))
    out = []
    pairs_done = set()
    for site, sel, held in held_sites:
        key = _ident(view, site.chan, site.fi.src)
        if key is None:
            continue
        if site.kind == "wait":
            if not is_sync_type(_wait_type(view, site.chan, site.fi.src), ("WaitGroup",), site.fi.src):
                continue
        elif not idx.unbuffered(key, site):
            continue
        others = None
        for lk, (mode, lock) in held.items():
            if (key, lk) in pairs_done:
                continue
            if others is None:
                others = idx.others(key, site)
                if not others and site.kind == "wait":
                    others = idx.done_by_type(site)
                if not others:
                    break
            evidence = _all_need(idx, others, lk, site)
            if evidence is None:
                continue
            pairs_done.add((key, lk))
            out.append(_chan_diag(view, idx, site, sel, lk, mode, lock, evidence))
            break
    reported = {(d.span.path, d.span.start_line) for d in out}
    out.extend(d for d in _consumer_needs_lock(view, idx, held_sites, pairs_done) if (d.span.path, d.span.start_line) not in reported)
    return out


def _consumer_needs_lock(view: PackageView, idx: _ChanIndex, held_sites: list, pairs_done: set) -> list[Diagnostic]:
    """A send under the lock of a `T` on a channel field of struct `S`, where a loop that receives
    from that field of an `S` calls, between two receives, a method of `T` that takes the same
    lock. While the consumer waits in that call it does not receive; the sender keeps the lock
    until its send is taken: once the channel is full (at once if unbuffered) neither moves."""
    out = []
    for site, sel, held in held_sites:
        if site.kind != "send":
            continue
        ch = unparen(site.chan)
        if ch.type != "selector_expression":
            continue
        op, fld = ch.child_by_field_name("operand"), ch.child_by_field_name("field")
        if op is None or fld is None:
            continue
        src = site.fi.src
        name = src.text(fld)
        owner = owner_struct(view, op, src)
        if owner is None:
            continue
        if _gated_once(site.node, src):
            continue
        consumers = _field_consumers(idx, owner, name)
        if not consumers:
            continue
        for lk, (mode, lock) in held.items():
            if lk[0] != "recv" or (("type", owner, name), lk) in pairs_done:
                continue
            ev = None
            for c in consumers:
                ev = _loop_calls_locker(idx, c, lk, mode)
                if ev is not None:
                    break
            if ev is None:
                continue
            pairs_done.add((("type", owner, name), lk))
            out.append(_chan_diag(view, idx, site, sel, lk, mode, lock, [ev], consumer=True))
            break
    return out


def _gated_once(send: Node, src: SourceFile) -> bool:
    """The send sits in `if !x.f { x.f = true; ...; send }`: one send at a time until the
    consumer clears the flag, so a buffer of one is never full (rclone's cache kicker)."""
    for a in goast.ancestors(send):
        if a.type in goast.FUNC_TYPES:
            return False
        if a.type != "if_statement":
            continue
        cond = unparen(a.child_by_field_name("condition"))
        if cond is None or cond.type != "unary_expression" or src.text(cond)[:1] != "!":
            continue
        flag = src.text(unparen(cond.child_by_field_name("operand")))
        body = a.child_by_field_name("consequence")
        if body is None or not goast.inside(send, body):
            continue
        for st in goast.statements(body):
            if st.start_byte >= send.start_byte:
                break
            if st.type == "assignment_statement" and src.text(st).replace(" ", "") == f"{flag}=true":
                return True
    return False


def _field_consumers(idx: _ChanIndex, owner: str, name: str) -> list[_Site] | None:
    """The receives and ranges on field `name` of struct `owner` anywhere in the package; None
    when one on a field of that name cannot be typed (it may be the same channel)."""
    out = []
    for fi in idx.mentioning(name.encode()):
        for s in idx.sites_of(fi):
            if s.kind not in ("recv", "range") or _last_name(s.chan, fi.src) != name:
                continue
            c = unparen(s.chan)
            o = c.child_by_field_name("operand") if c.type == "selector_expression" else None
            if o is None:
                continue  # a channel variable: a copy made elsewhere, not followed
            got = owner_struct(idx.view, o, fi.src)
            if got is None:
                return None
            if got == owner:
                out.append(s)
    return out


def _loop_calls_locker(idx: _ChanIndex, c: _Site, lk: tuple, held_mode: str) -> tuple | None:
    """(site, evidence) when the loop receiving at `c` calls, in its body, a method of the lock's
    type that takes lock `lk` on its receiver."""
    loop = c.node.parent if c.kind == "range" else None
    if c.kind == "recv":
        for a in goast.ancestors(c.node):
            if a == c.fi.node or a.type in goast.FUNC_TYPES:
                break
            if a.type == "for_statement":
                loop = a
                break
    if loop is None or loop.type != "for_statement":
        return None
    body = loop.child_by_field_name("body")
    if body is None:
        return None
    fi = c.fi
    ch = unparen(c.chan)
    owner = fi.src.text(ch.child_by_field_name("operand")) if ch.type == "selector_expression" else None
    for n, op, _key, callee in sorted(idx.an.ops(fi), key=lambda t: t[0].start_byte):
        if op != "call" or callee is None or not goast.inside(n, body):
            continue
        # a method of the lock's type, or a function handed the very value whose channel the loop
        # receives from (`updateCache(s)` after `<-s.updateWaiters`), locking it there
        want = "r" if callee.recv_type == lk[1] else "t"
        if want == "t" and (owner is None or owner not in [fi.src.text(a) for a in goast.call_args(n)]):
            continue
        for k, (mode, chain) in idx.an.acquires(callee).items():
            if k[0] == want and (want == "r" or k[1] == lk[1]) and k[2] == lk[2] and not (held_mode == "r" and mode == "r"):  # readers share
                f = n.child_by_field_name("function")
                return (
                    c,
                    [(fi.src, c.node, "receives here"), (fi.src, n, f"calls `{fi.src.text(f)}`, which locks it")] + [(s, m, t) for s, m, t in chain],
                )
    return None


def _wait_type(view: PackageView, expr: Node, src: SourceFile) -> str | None:
    got = type_text(view, expr, src)
    expr = unparen(expr)
    if got is None and expr.type == "selector_expression":
        op, fld = expr.child_by_field_name("operand"), expr.child_by_field_name("field")
        owner = owner_struct(view, op, src) if op is not None and fld is not None else None
        typ, fsrc = view.field_type(owner, src.text(fld)) if owner else (None, None)
        got = fsrc.text(typ).replace(" ", "") if typ is not None else None
    return got


def _all_need(idx: _ChanIndex, others: list[_Site], lk: tuple, site: _Site) -> list | None:
    """For every other side of the operation, the evidence that it needs lock `lk` first; None if
    one of them does not."""
    ev = []
    for o in others:
        if o.node == site.node:
            return None
        if o.kind == "done" and o.fi == site.fi and o.node.start_byte < site.node.start_byte:
            return None  # the waiter leaves the group itself, inside the section it holds the lock for
        if o.kind == "done":
            got = _done_needs(idx, o, lk)
        else:
            if _select_blocks(o) is not None and _select_blocks(o).type != "select_statement":
                return None  # a select with other cases can do something else
            h = idx.held(o)
            got = [(o.fi.src, h[lk][1], "holds it"), (o.fi.src, o.node, "before this")] if lk in h else None
        if not got:
            return None
        ev.append((o, got))
    return ev


def _done_needs(idx: _ChanIndex, o: _Site, lk: tuple) -> list | None:
    """`wg.Done()` that runs only after the goroutine has taken `lk` (deferred Done: a lock anywhere
    in the goroutine; plain Done: a lock before it)."""
    fi = o.fi
    deferred = o.node.parent is not None and o.node.parent.type == "defer_statement"
    view = idx.view
    added = _own_add(o, fi)
    # ops() is not always in source order; the walk below stops at the Done
    for n, op, key, callee in sorted(idx.an.ops(fi), key=lambda t: t[0].start_byte):
        if not deferred and n.start_byte >= o.node.start_byte:
            break
        if op in ("w", "r"):
            f = n.child_by_field_name("function")
            k = _ident(view, f.child_by_field_name("operand"), fi.src)
            if added is not None and n.start_byte < added:
                continue  # taken before the goroutine counts itself: what Wait waits for is past it
            if k == lk and not idx.an._conditional_on_param(n, fi) and not _under_branch(n, fi):
                return [(fi.src, n, "locks it"), (fi.src, o.node, "before this")]
        elif op == "call":
            f = n.child_by_field_name("function")
            if f is None or f.type != "selector_expression" or _under_branch(n, fi):
                continue
            base = _ident(view, f.child_by_field_name("operand"), fi.src)
            if base is None:
                continue
            for k, (mode, chain) in idx.an.acquires(callee).items():
                if k[0] == "r" and base[:-1] + (base[-1] + k[2],) == lk:
                    return (
                        [(fi.src, n, f"calls `{fi.src.text(f)}`, which locks it")]
                        + [(s, m, t) for s, m, t in chain]
                        + [(fi.src, o.node, "before this")]
                    )
    return None


def _own_add(o: _Site, fi: FuncInfo) -> int | None:
    """Where the goroutine adds itself to the group its Done leaves (`p.conns.Add(1)` in the
    goroutine, under the lock the waiter holds around Wait): None when it does not."""
    done = o.node.child_by_field_name("function") if o.node.type == "call_expression" else None
    if done is None or done.type != "selector_expression":
        return None
    group = fi.src.text(done.child_by_field_name("operand")).replace(" ", "")
    for c in calls_in(fi.src, fi.node):
        f = c.child_by_field_name("function")
        if f is not None and f.type == "selector_expression" and fi.src.text(f.child_by_field_name("field")) == "Add":
            if fi.src.text(f.child_by_field_name("operand")).replace(" ", "") == group:
                return c.start_byte
    return None


def _under_branch(n: Node, fi: FuncInfo) -> bool:
    for a in goast.ancestors(n):
        if a == fi.node:
            return False
        if a.type in ("if_statement", "expression_switch_statement", "type_switch_statement", "select_statement", "for_statement"):
            return True
    return False


def _chan_diag(view, idx, site: _Site, sel, lk, mode, lock, evidence, consumer: bool = False) -> Diagnostic:
    src = site.fi.src
    lock_txt = lock_text(src, lock)
    ch = src.text(site.chan)
    node = sel if sel is not None and sel.type == "select_statement" else site.node
    if site.kind == "wait":
        what = f"waits in `{ch}.Wait()`"
        other = "goroutine it waits for calls `Done` only after locking"
        result = "Wait never returns"
    elif site.kind == "send" and consumer:
        what = f"sends on `{ch}`"
        other = "loop that receives from the channel, between two receives, calls a method that locks"
        result = "once the channel is full the send never completes"
    elif site.kind == "send":
        what = f"sends on `{ch}`"
        other = "receiver of the channel reaches its receive only while holding"
        result = "the send never completes"
    else:
        what = f"receives from `{ch}`"
        other = "sender of the channel reaches its send only while holding"
        result = "the receive never completes"
    o, ev = evidence[0]
    where = f"{o.fi.src.path.rsplit('/', 1)[-1]}:{line_of(o.fi.src, o.node)}"
    msg = (
        f"{holder_label(site.fi)} holds `{lock_txt}` (line {line_of(src, lock)}) and {what}, but the "
        f"{other} `{lock_txt}` ({holder_label(o.fi)}, {where}): the other side waits for the lock this goroutine "
        f"holds, this goroutine waits for the other side, so {result} and `{lock_txt}` is never released — "
        f"every goroutine that needs it blocks too. Release the lock before the {'wait' if site.kind == 'wait' else 'channel operation'}."
    )
    related = [Related(src.span(lock), f"`{lock_txt}` is locked here and still held at the blocking operation")]
    for o, ev in evidence[:4]:
        for s, n, t in ev:
            related.append(Related(s.span(n), f"{holder_label(o.fi)} {t}" if t in ("holds it", "locks it") or t.startswith("calls") else t))
    fixes = []
    fx = _unlock_up_fix(src, site, node, lock)
    if fx is not None:
        fixes.append(fx)
    anchor = f"{func_label(site.fi.node, src) if site.fi.node.type != 'func_literal' else 'lit'}|{lock_txt}|{src.text(node)[:60]}"
    return Diagnostic(src.span(node), msg, related, fixes, anchor=anchor)


def _unlock_up_fix(src: SourceFile, site: _Site, node: Node, lock: Node) -> Fix | None:
    """`mu.Lock(); ...; <blocking op>; mu.Unlock()` → move the Unlock above the op, when the op
    reads no field guarded by the lock (only locals, literals and the channel/WaitGroup itself)."""
    stmt = node if node.type in ("send_statement", "select_statement") else goast.statement_of(node)
    if stmt is None or stmt.parent is None or stmt.parent.type != "statement_list":
        return None
    if lock.parent is None or lock.parent.parent != stmt.parent:
        return None  # the Lock must be in the same statement list
    if site.kind == "wait":
        if stmt.type != "expression_statement" or stmt.named_children[0] != site.node:
            return None
    elif site.kind == "send":
        if stmt.type != "send_statement":
            return None
        val = stmt.child_by_field_name("value")
        if val is None or not _plain_value(val, src):
            return None
    else:
        return None
    nxt = stmt.next_named_sibling
    while nxt is not None and nxt.type == "comment" and src.point(nxt.start_byte)[0] == src.point(stmt.end_byte)[0]:
        nxt = nxt.next_named_sibling
    if nxt is None or nxt.type != "expression_statement":
        return None
    call = nxt.named_children[0] if nxt.named_children else None
    if call is None or call.type != "call_expression":
        return None
    f = call.child_by_field_name("function")
    lf = lock.child_by_field_name("function")
    if f is None or f.type != "selector_expression" or lf is None:
        return None
    unl = src.text(f.child_by_field_name("field"))
    if unl not in ("Unlock", "RUnlock") or src.text(f.child_by_field_name("operand")) != src.text(lf.child_by_field_name("operand")):
        return None
    between = src.data[stmt.end_byte : nxt.start_byte]
    comment = b""
    nl = between.find(b"\n")
    if nl > 0 and between[:nl].strip().startswith(b"//"):
        comment, between = between[:nl], between[nl:]
    if between.strip() or b"\n" not in between:
        return None
    eol = src.data.find(b"\n", nxt.end_byte)
    if eol == -1 or src.data[nxt.end_byte : eol].strip():
        return None
    new = src.text(nxt) + between.decode() + src.text(stmt) + comment.decode()
    edit = TextEdit(src.path, stmt.start_byte, nxt.end_byte, new)
    return Fix(f"Unlock `{lock_text(src, lock)}` before blocking", (edit,))


def _plain_value(v: Node, src: SourceFile) -> bool:
    v = unparen(v)
    if v.type in ("interpreted_string_literal", "raw_string_literal", "int_literal", "float_literal", "true", "false", "nil", "rune_literal"):
        return True
    if v.type == "identifier":
        return True  # a local or a constant; fields are selectors
    if v.type == "composite_literal":
        body = v.child_by_field_name("body")
        if body is None:
            return True
        values = [x for x in goast.of_type(body, "identifier") if x.parent.type != "keyed_element" or x != x.parent.named_children[0]]
        return all(_plain_value(x, src) for x in values) and not any(
            True for _ in goast.of_type(body, "selector_expression", "call_expression", "index_expression")
        )
    return False


def _chan_cached(view: PackageView):
    got = view.__dict__.get("_goleash_lock_chan")
    if got is None:
        got = view.__dict__["_goleash_lock_chan"] = _chan_ops(view)
    return got


LOCK_HELD_CHANNEL_OP = register(
    Rule(
        id="lock-held-channel-op",
        title="Mutex held across a channel operation or Wait whose other side needs the mutex",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds a goroutine that holds a mutex and then blocks: it sends on or receives from an unbuffered
channel (directly or as the only case of a `select` without `default`), or calls `wg.Wait()`,
while every other side of that operation elsewhere in the package — every receiver of the
channel, every sender, every goroutine that calls `wg.Done()` — first needs the same mutex. The
mutex, the channel and the WaitGroup must be the same objects (the same receiver's fields, the
same package variable or the same local). A WaitGroup or channel field reached through a
container (`for _, st := range c.states` on one side, `c.states[id].wg` on the other) is matched
by its struct type and field when every use of a field of that name can be typed. Also finds a
send under a lock of a `T` on a channel field whose receiving loop calls, between two receives,
a method of `T` that takes the same lock, or a function it hands that same value to
(`reload(s)` after `<-s.refresh`): the consumer stops receiving while the sender keeps the lock.
When the Unlock directly follows the blocking statement and the statement reads no guarded
field, the patch moves the Unlock above it.
""",
        why="""
The goroutine that holds the lock waits for the other side of the channel (or for `Done`), and
the other side waits for the lock: neither can proceed. Both goroutines block forever, the
mutex is never released, and every goroutine that needs it piles up behind them. A server stops
answering without crashing; the runtime only reports "all goroutines are asleep - deadlock!"
if nothing else runs.
""",
        example="""
func (w *Worker) Submit(j Job) {
	w.mu.Lock()
	w.pending++
	w.jobs <- j // the loop receives only while holding w.mu
	w.mu.Unlock()
}

func (w *Worker) loop() {
	for {
		w.mu.Lock()
		j := <-w.jobs
		w.pending--
		w.mu.Unlock()
		j.Run()
	}
}
""",
        instead="""
func (w *Worker) Submit(j Job) {
	w.mu.Lock()
	w.pending++
	w.mu.Unlock()
	w.jobs <- j
}

func (w *Worker) loop() {
	for j := range w.jobs {
		w.mu.Lock()
		w.pending--
		w.mu.Unlock()
		j.Run()
	}
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=lambda view: _chan_cached(view),
    )
)
