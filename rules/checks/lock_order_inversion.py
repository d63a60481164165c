"""lock-order-inversion: two code paths that may run at once take the same two mutexes in
opposite orders (AB-BA), directly or through calls.

Lock keys are type-level (rules/lockkeys.py); two locks of the same struct type are compared only
when both are on the receiver of one method, because `a.mu` then `b.mu` on two values of one type
is an inversion only if some path takes the same two values in the reverse order, which syntax
cannot tell."""

from __future__ import annotations

from dataclasses import dataclass

from .. import goast
from ..concurrency import concurrency, go_literal_of
from ..goast import Node, func_label, line_of
from ..lockkeys import KeyAnalyzer, holder_label, key_analyzer, lit_info, lock_text
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import FuncInfo, PackageView
from ..parse import SourceFile
from ..registry import Rule, register


def _tl(k: tuple) -> tuple:
    return ("t", k[1], k[2]) if k[0] == "r" else k


# along the way are not followed). Deeper than this, the paths judged on real projects were
# infeasible more often than not; the evidence stops being evidence.
_MAX_CHAIN = 3


@dataclass(eq=False)
class _Edge:
    fi: FuncInfo
    held: tuple  # key held
    hmode: str
    hlock: Node  # the Lock call holding it
    key: tuple  # key acquired while holding it
    mode: str
    node: Node  # the Lock call or the call that acquires it
    chain: list  # (src, node, text) down to the Lock
    others: frozenset  # type-level keys of other locks held at node


def _funcs_with_locks(view: PackageView, an: "KeyAnalyzer"):
    """Functions that take a lock themselves, and goroutine literals inside them that do."""
    for fi in view.funcs.values():
        if fi.src.data.find(b"Lock()", fi.node.start_byte, fi.node.end_byte) == -1 or fi.body is None:
            continue
        if an.own_has(fi, b"Lock()") and an.keyed_locks(fi):
            yield fi
        for lit in an.lits_in(fi.node, fi.src):
            if go_literal_of(lit) is not None and fi.src.data.find(b"Lock()", lit.start_byte, lit.end_byte) != -1:
                li = lit_info(lit, fi.src, fi)
                if an.own_has(li, b"Lock()") and an.keyed_locks(li):
                    yield li


def _edges(view: PackageView, an: KeyAnalyzer) -> list[_Edge]:
    out = []
    for fi in _funcs_with_locks(view, an):
        ops = an.ops(fi)
        if not any(op in ("w", "r") and key is not None for _, op, key, _ in ops):
            continue
        for n, op, key, callee in ops:
            if op == "-":
                continue
            if op in ("w", "r") and key is None:
                continue
            # (most calls are made with no lock held: what a callee acquires, which follows
            # its calls in turn, is asked only of the others)
            held = an.held_at(n, fi)
            if not held:
                continue
            if op in ("w", "r"):
                acq = {key: (op, [(fi.src, n, f"`{fi.src.text(n)}` in {holder_label(fi)}")])}
            else:
                acq = an.callee_keys(n, fi, callee)
                if not acq:
                    continue
                released = {_tl(k) for k in an.released_first(n, fi, callee)}
                held = {hk: v for hk, v in held.items() if _tl(hk) not in released}
            for hk, (hmode, hlock) in held.items():
                for k, (mode, chain) in acq.items():
                    if _tl(hk) == _tl(k) or k in held:
                        continue
                    if hk[0] != "p" and k[0] != "p" and hk[1] == k[1] and not (hk[0] == k[0] == "r"):
                        continue  # two locks of one struct type on values syntax cannot tell apart
                    others = frozenset(_tl(x) for x in held if x != hk)
                    out.append(_Edge(fi, hk, hmode, hlock, k, mode, n, chain, others))
    return out


def _may_run_concurrently(view: PackageView, fi: FuncInfo, memo: dict, depth: int = 0) -> bool:
    if fi.node.type == "func_literal":
        return True
    got = memo.get(fi.node.id)
    if got is not None:
        return got
    if depth > 3:
        return False
    memo[fi.node.id] = False
    cc = concurrency(view)
    ok = fi.name[:1].isupper() or fi.node.id in cc.reach or fi.node.id in cc.handler_decls
    sites = cc.call_sites_of(fi.name)
    if not ok and not sites and fi.recv_type:
        # a method nothing in the package calls is called through an interface or a method
        # value, from goroutines the package does not show
        ok = True
    if not ok:
        for call, csrc in sites:
            b = cc.boundary_of(call, csrc)
            if b is None:
                continue
            if b.type == "func_literal":
                if cc.root_of_boundary(b) is not None:
                    ok = True
                    break
                continue
            target = cc.resolve_call(call, csrc)
            if target is not None and target.node != fi.node:
                continue
            caller = _decl_info(view, b, csrc)
            if caller is not None and _may_run_concurrently(view, caller, memo, depth + 1):
                ok = True
                break
    memo[fi.node.id] = ok
    return ok


def _decl_info(view: PackageView, fn: Node, src: SourceFile) -> FuncInfo | None:
    name = goast.func_name(fn, src)
    rt = goast.receiver(fn, src)[1] if fn.type == "method_declaration" else None
    fi = view.funcs.get(f"{rt}.{name}" if rt else name)
    return fi if fi is not None and fi.node == fn else None


def _guarded(e: _Edge) -> bool:
    """Is an early exit (`if cond { return }`) between taking the held lock and the acquisition,
    in the function holding it or before the Lock in a callee on the way?"""
    for i, (s, n, _) in enumerate(e.chain):
        fn = e.fi.node if i == 0 else goast.enclosing_decl(n)
        if fn is None:
            continue
        start = e.hlock.end_byte if i == 0 else fn.start_byte
        body = fn.child_by_field_name("body")
        if body is None:
            continue
        for st in goast.of_type(body, "if_statement", skip_func_literals=True):
            if st.start_byte < start or st.start_byte >= n.start_byte or goast.inside(n, st):
                continue
            cons = st.child_by_field_name("consequence")
            # (a `continue` or `break` skips an item of a loop: it gates nothing)
            last = goast.statements(cons)[-1] if cons is not None and goast.statements(cons) else None
            if last is not None and last.type not in ("continue_statement", "break_statement") and goast.block_terminates(cons, s):
                return True
    return False


def _conflict(a: str, b: str) -> bool:
    return not (a == "r" and b == "r")


def _lock_order(view: PackageView) -> list[Diagnostic]:
    if not any(f.mentions(b"Lock()") for f in view.files):
        return []
    # At least two distinct lock expressions must be taken somewhere for an inversion.
    an = key_analyzer(view)
    edges = _edges(view, an)
    if len(edges) < 2:
        return []
    by_pair: dict[tuple, list[_Edge]] = {}
    for e in edges:
        by_pair.setdefault((_tl(e.held), _tl(e.key)), []).append(e)
    memo: dict = {}
    out = []
    done = set()
    for (a, b), fwd in sorted(by_pair.items(), key=lambda kv: repr(kv[0])):
        if (b, a) in done or (a, b) in done:
            continue
        rev = by_pair.get((b, a))
        if not rev:
            continue
        done.add((a, b))
        pairs = []
        for e1 in fwd:
            for e2 in rev:
                if e1.fi.node == e2.fi.node:
                    continue
                if not (_conflict(e1.mode, e2.hmode) and _conflict(e1.hmode, e2.mode)):
                    continue
                if e1.others & e2.others:
                    continue  # a common outer lock serialises the two paths
                if len(e1.chain) > _MAX_CHAIN or len(e2.chain) > _MAX_CHAIN:
                    continue
                if _guarded(e1) and _guarded(e2):
                    continue  # both behind state checks (`if done { return }`): a protocol, not a race
                if not (_may_run_concurrently(view, e1.fi, memo) and _may_run_concurrently(view, e2.fi, memo)):
                    continue
                pairs.append((e1, e2))
        if not pairs:
            continue
        # Report in the path whose order is the minority (the one to change); ties: the later one.
        n_fwd = len({id(p[0]) for p in pairs})
        n_rev = len({id(p[1]) for p in pairs})
        last = lambda e: (e.fi.src.path, e.node.start_byte)  # noqa: E731
        fix_fwd = all(_swap_fix(p[0].fi.src, p[0]) is not None for p in pairs)
        fix_rev = all(_swap_fix(p[1].fi.src, p[1]) is not None for p in pairs)
        if fix_fwd != fix_rev:
            pick_fwd = fix_fwd
        else:
            pick_fwd = n_fwd < n_rev or (n_fwd == n_rev and max(last(p[0]) for p in pairs) > max(last(p[1]) for p in pairs))
        if pick_fwd:
            report = {}
            for e1, e2 in pairs:
                report.setdefault(id(e1), (e1, e2))
        else:
            report = {}
            for e1, e2 in pairs:
                report.setdefault(id(e2), (e2, e1))
        for mine, other in report.values():
            out.append(_inversion_diag(view, mine, other))
    return out


def _chain_text(e: _Edge) -> str:
    calls = []
    for csrc, cnode, _ in e.chain:
        f = cnode.child_by_field_name("function")
        t = csrc.text(f) if f is not None else ""
        if not t.endswith("Lock"):
            calls.append(f"{t}()")
    return f" (via {' → '.join(calls)})" if calls else ""


def _where(e: _Edge) -> tuple[SourceFile, Node]:
    s, n, _ = e.chain[-1]
    return s, n


def _inversion_diag(view: PackageView, mine: _Edge, other: _Edge) -> Diagnostic:
    src = mine.fi.src
    a_txt = lock_text(src, mine.hlock)
    ls, ln = _where(mine)
    b_txt = lock_text(ls, ln)
    os_, on = _where(other)
    o_held = lock_text(other.fi.src, other.hlock)
    o_want = lock_text(os_, on)
    msg = (
        f"Lock-order inversion: {holder_label(mine.fi)} holds `{a_txt}` (line {line_of(src, mine.hlock)}) and then takes "
        f"`{b_txt}`{_chain_text(mine)}, while {holder_label(other.fi)} ({other.fi.src.path.rsplit('/', 1)[-1]}:"
        f"{line_of(other.fi.src, other.hlock)}) holds `{o_held}` and then takes `{o_want}`{_chain_text(other)}. "
        f"When both run at once, each goroutine gets its first lock and waits forever for the other's: "
        f"neither ever unlocks, and every goroutine that needs either lock blocks behind them. "
        f"Take the two locks in one order everywhere."
    )
    related = [Related(src.span(mine.hlock), f"this goroutine holds `{a_txt}` from here")]
    related += [Related(s.span(n), f"then waits for `{b_txt}`: {t}") for s, n, t in mine.chain]
    related.append(
        Related(
            other.fi.src.span(other.hlock),
            f"the other goroutine ({holder_label(other.fi)}) holds `{o_held}` from here, and releases it only after it gets `{o_want}`",
        )
    )
    related += [Related(s.span(n), f"then waits for `{o_want}`: {t}") for s, n, t in other.chain]
    fixes = []
    fx = _swap_fix(src, mine)
    if fx is not None:
        fixes.append(fx)
    fn = func_label(mine.fi.node, src) if mine.fi.node.type != "func_literal" else "lit"
    anchor = f"{fn}|{_tl(mine.held)}|{_tl(mine.key)}|{src.text(mine.node)[:60]}"
    return Diagnostic(src.span(mine.node), msg, related, fixes, anchor=anchor)


def _swap_fix(src: SourceFile, e: _Edge) -> Fix | None:
    """Swap `a.Lock()` / `b.Lock()` when they are adjacent statements: nothing runs between them,
    so the order changes and nothing else does."""
    if len(e.chain) != 1 or e.node.start_byte <= e.hlock.start_byte:
        return None
    s1, s2 = e.hlock.parent, e.node.parent
    if s1 is None or s2 is None or s1.type != "expression_statement" or s2.type != "expression_statement":
        return None
    if s1.parent is None or s1.parent.type != "statement_list" or s1.next_named_sibling != s2:
        return None
    between = src.data[s1.end_byte : s2.start_byte]
    if between.strip():
        return None
    edit = TextEdit(src.path, s1.start_byte, s2.end_byte, src.text(s2) + between.decode() + src.text(s1))
    return Fix(f"Take `{lock_text(src, e.node)}` before `{lock_text(src, e.hlock)}`, the order the other path uses", (edit,))


def _lock_order_cached(view: PackageView):
    got = view.__dict__.get("_goleash_lock_order")
    if got is None:
        got = view.__dict__["_goleash_lock_order"] = _lock_order(view)
    return got


LOCK_ORDER_INVERSION = register(
    Rule(
        id="lock-order-inversion",
        title="Two mutexes taken in opposite orders (AB-BA deadlock)",
        family="E",
        severity=Severity.ERROR,
        what="""
Finds two code paths in the package that can run at the same time (exported functions and methods,
HTTP handlers, goroutines, methods the package never calls directly and so calls through an
interface or a method value) and take the same two mutexes in opposite orders: one holds `A` and
then locks `B`, the other holds `B` and then locks `A`, directly or through calls in any file of the
package (a call through an interface of the package is followed when one of its implementations
alone can take a lock, and a type switch's `case *T:` makes its alias a `*T`). Mutexes are matched
by struct type and field (`Server.mu`, `Session.mu`), as the same package-level variable, or as the
mutexes one function of the package hands out (`lock := m.lockFor(id)`); two mutexes of the same
struct type are compared only on the receiver of one method. A common outer lock held by both paths,
or two read locks, does not deadlock and is not reported. The finding is on the path whose order is
the minority; when its two Lock calls are adjacent, the patch swaps them.
""",
        why="""
When both paths run at once, each goroutine gets its first lock and waits for the second, which
the other goroutine holds and will only release after it gets the lock the first one holds.
Neither can ever proceed: both goroutines block forever, and so does every goroutine that later
needs either lock. A server stops answering requests that touch these locks; the runtime only
reports "all goroutines are asleep - deadlock!" if nothing else is running. It happens rarely,
under load, and never in a single-goroutine test.
""",
        example="""
func (s *Server) Broadcast(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sess := range s.sessions {
		sess.Send(msg) // Send locks sess.mu: Server.mu then Session.mu
	}
}

func (c *Session) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.srv.remove(c) // remove locks srv.mu: Session.mu then Server.mu
}
""",
        instead="""
func (c *Session) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.srv.remove(c) // Session.mu released first: only Server.mu → Session.mu remains
}
""",
        vet_overlap="Not covered by go vet or staticcheck; `go test -race` does not detect deadlocks either.",
        run=lambda view: _lock_order_cached(view),
    )
)
