"""Races on maps shared between goroutines, grouped by the access they are reported at, with
the message and the patch of each finding. The three map-race rules (map-concurrent-write,
map-handler-write, map-range-during-write) each report one share of these findings.

Go maps are not safe for concurrent use. The runtime detects a write overlapping another
access and stops the whole process with `fatal error: concurrent map writes` (or `...read
and map write`, `...iteration and map write`): not a panic, nothing can recover it."""

from __future__ import annotations

from . import goast
from .concurrency import CALLER_HELD, PLAIN, lock_kind_of
from .fixgen import ensure_import, fresh_name, guard_statement, insert_after
from .goast import func_label
from .gotypes import classify_lock_type
from .lazystores import lazy_init_stores
from .mapaccess import Access, Race, map_accesses
from .model import Diagnostic, Fix, Related
from .package import PackageView

# The rules the findings are shared out to (rule ids).
CONCURRENT_WRITE = "map-concurrent-write"
HANDLER_WRITE = "map-handler-write"
RANGE_DURING_WRITE = "map-range-during-write"

CRASH = {
    ("write", "write"): "fatal error: concurrent map writes",
    ("read", "write"): "fatal error: concurrent map read and map write",
    ("range", "write"): "fatal error: concurrent map iteration and map write",
}


def _separate_owners(al: dict, bl: dict, ent) -> bool:
    """Both accesses hold a lock, each a lock of another type than the other's, and neither of
    the map's own type (`node.Child` under `nonrecursiveTree.rw` here, `recursiveTree.rw`
    there): each owner locks the values it owns, and two owners' values are not one map.
    Two locks of one type on its own map (`worker.mu` and `worker.currentMu`) are the wrong
    lock, and stay a race."""
    if ent.kind != "field":
        return False
    owners_a = {k.split(".", 1)[0] for k in al if "." in k}
    owners_b = {k.split(".", 1)[0] for k in bl if "." in k}
    if not owners_a or not owners_b:
        return False
    mine = ent.key[0]
    return mine not in owners_a and mine not in owners_b and owners_a.isdisjoint(owners_b)


def _crash(a: str, b: str) -> str:
    return CRASH[tuple(sorted((a, b)))]  # type: ignore[index]


def _where(root, acc: Access) -> str:
    """Who runs `acc`: the goroutine or handler, or the function other goroutines call."""
    if root is PLAIN:
        fn = goast.enclosing_decl(acc.node) or acc.boundary
        return f"`{func_label(fn, acc.src)}`"
    text = root.describe()
    if root.src is not acc.src and root.kind == "go":
        text = text.replace(f"at line {root.line}", f"at {root.src.path.rsplit('/', 1)[-1]}:{root.line}")
    if root.body is not None and not root.holds(acc.node, acc.src):
        fn = goast.enclosing_decl(acc.node)
        if fn is not None:
            text = f"`{func_label(fn, acc.src)}`, run by {text}"
    return text


def _pick_reported(race: Race) -> tuple[Access, object, Access, object]:
    """Report at the access that lacks the lock; when both do, at the write inside the goroutine."""
    a, ra, b, rb = race.a, race.ra, race.b, race.rb
    side = _reported_side(a, b)
    if side is b or (side is None and ra is PLAIN and rb is not PLAIN):
        return b, rb, a, ra
    return a, ra, b, rb


def _reported_side(a: Access, b: Access) -> Access | None:
    """The access a race of `a` and `b` is reported at, or None when that depends on who runs them."""
    if a.locks and not b.locks:
        return b
    if b.locks and not a.locks:
        return a
    if a.kind == "write" and b.kind != "write":
        return a
    if b.kind == "write" and a.kind != "write":
        return b
    return None


def _classify(rep: Access, rrep, partner: Access) -> str:
    if rep.kind == "range" or partner.kind == "range":
        return RANGE_DURING_WRITE
    if rrep is not PLAIN and rrep.kind == "handler":
        return HANDLER_WRITE
    return CONCURRENT_WRITE


class MapRaceFindings:
    """Races of a package grouped by the access they are reported at."""

    def __init__(self, view: PackageView):
        self.view = view
        ma = map_accesses(view)
        self.ma = ma
        lazy = {(info["src"].path, n.start_byte) for n, info in lazy_init_stores(view)}
        groups: dict[tuple, list] = {}
        # Every access of a map that takes part in a race: the patch holds the lock at all of
        # them, so one patch serves every finding of the map and leaves none of its races.
        self.racing: dict[object, dict[int, Access]] = {}
        self.fix_for: dict[tuple, Fix | None] = {}
        self._partners: dict[tuple, set] = {}  # reported access -> the partners its finding has
        order = []
        for race in self._races(lazy):
            racing = self.racing.setdefault(race.a.entity, {})
            racing[id(race.a)] = race.a
            racing[id(race.b)] = race.b
            rep, rrep, partner, rpartner = _pick_reported(race)
            key = (rep.src.path, rep.node.start_byte)
            if key in lazy:
                continue  # map-lazy-init says it better
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append((rep, rrep, partner, rpartner))
            self._partners.setdefault(key, set()).add((partner.src.path, partner.node.start_byte))
        self.by_rule: dict[str, list[Diagnostic]] = {CONCURRENT_WRITE: [], HANDLER_WRITE: [], RANGE_DURING_WRITE: []}
        for key in order:
            items = groups[key]
            rep, rrep, partner, rpartner = items[0]
            rule_id = _classify(rep, rrep, partner)
            self.by_rule[rule_id].append(self._diagnostic(items))

    def _races(self, lazy: set):
        """The races of the package's maps, in source order of their first access.

        Pairing every access of a map with every other is quadratic in its accesses. A map
        touched in more places than the window pairs each access with the next ones in source
        order only: every race reported is still a real pair, a far pair goes unreported only
        when no nearer one stands for it, and cost stays linear. And as a finding shows its
        first partners only, once the finding of the access a race would be reported at has as
        many as it shows and both accesses already race, the pair can add nothing and is not
        worked out: a map written in thousands of goroutines costs a few races per access, not
        one per pair."""
        for ent, accs in self.ma.racy_entities():
            racing = self.racing.get(ent)
            n = len(accs)
            window = n if n <= _PAIR_WINDOW else _PAIR_WINDOW
            writes = [a.kind == "write" for a in accs]
            ids: dict[tuple, int] = {}
            kid = [ids.setdefault((a.src.path, a.node.start_byte), len(ids)) for a in accs]
            keys = list(ids)
            full = [k in lazy for k in keys]  # by key: its finding has all the partners it shows

            # (a pair costs a few hundred nanoseconds here, and a busy map has `window` pairs
            # per access: what depends on `a` alone is read once per `a`, and the reported
            # side is worked out inline)
            for i, a in enumerate(accs):
                a_writes = writes[i]
                al = None  # `a`'s locks, asked when its first pair needs them
                ki, a_id = kid[i], id(a)
                for j in range(i, min(n, i + window)):
                    b_writes = writes[j]
                    if not a_writes and not b_writes:
                        continue
                    if al is None:
                        al = a.locks
                        a_caller = CALLER_HELD in al
                        # `common_lock(al, bl)` as two set tests: a lock `a` write-holds
                        # that `b` holds at all, or one it read-holds that `b` write-holds
                        a_w = {k for k, mode in al.items() if mode != "r"}
                        a_r = [k for k, mode in al.items() if mode == "r"]
                    b = accs[j]
                    bl = b.locks
                    if a_caller or CALLER_HELD in bl:
                        continue
                    if bl and (not a_w.isdisjoint(bl) or a_r and any(bl.get(k, "r") != "r" for k in a_r)):
                        continue
                    if al and bl and _separate_owners(al, bl, ent):
                        continue
                    if racing is None:
                        racing = self.racing.get(ent)
                    if racing is not None and a_id in racing and id(b) in racing:
                        # whether the finding of the access the race would be reported at
                        # (`_reported_side`) has all the partners it shows
                        if al and not bl:
                            done = full[kid[j]]
                        elif bl and not al or a_writes and not b_writes:
                            done = full[ki]
                        elif b_writes and not a_writes:
                            done = full[kid[j]]
                        else:
                            done = full[ki] and full[kid[j]]
                        if done:
                            continue
                    race = self.ma.race(a, b)
                    if race is not None:
                        yield race
                        for k in (ki, kid[j]):
                            full[k] = keys[k] in lazy or len(self._partners.get(keys[k], ())) > _SHOWN_PARTNERS

    def _diagnostic(self, items) -> Diagnostic:
        rep, rrep, partner, rpartner = items[0]
        src = rep.src
        ent = rep.entity.name
        verb = {"write": "writes", "read": "reads", "range": "iterates over"}[rep.kind]
        if partner is rep:
            other = "other instances of it write the same map at the same time"
        else:
            where = f"line {partner.line}" if partner.src is rep.src else f"{partner.src.path.rsplit('/', 1)[-1]}:{partner.line}"
            partner_who = _where(rpartner, partner)
            if rpartner is not PLAIN and rpartner.kind == "handler" and rrep is not PLAIN and rrep.kind == "handler":
                partner_who = partner_who.split(" (net/http", 1)[0]  # said once is enough
            other = f"{partner_who} {_verb3(partner.kind)} it at {where}"
        lock_note = ""
        if partner.locks and not rep.locks:
            lock_note = f" `{_show_lock(self.view, partner)}` is held there but not here."
        who = _where(rrep, rep)
        if not rep.locks:
            how = "with no lock"
        elif all(mode == "r" for mode in rep.locks.values()):  # which lets every other reader in
            how = f"holding only the read lock `{_show_lock(self.view, rep)}`"
        else:
            how = f"holding `{_show_lock(self.view, rep)}`, which the other side does not take"
        msg = (
            f"{who[0].upper() + who[1:]} {verb} map `{ent}` {how} while {other}: "
            f"when the two overlap the runtime stops the whole program with "
            f"`{_crash(rep.kind, partner.kind)}` (not a recoverable panic).{lock_note}"
        )
        related = []
        seen = set()
        for _, _, p, rp in items:
            pkey = (p.src.path, p.node.start_byte)
            if pkey in seen:
                continue
            seen.add(pkey)
            if p is rep:
                continue
            held = f" (holding `{_show_lock(self.view, p)}`)" if p.locks else " (no lock held)"
            related.append(Related(p.src.span(p.node), f"`{p.entity.name}` {p.verb()} here by {_where(rp, p)}{held}"))
            if len(related) >= _SHOWN_PARTNERS:
                break
        for r in (rrep, rpartner):
            if r is not PLAIN and r.kind == "go":
                span = r.src.span(r.node)
                if all(x.span != span for x in related):
                    related.append(Related(span, "goroutine started here" + (", once per loop iteration" if r.loop is not None else "")))
        fixes = []
        # the patch depends on the access only through its locks and how it names the map
        fkey = (rep.entity, tuple(sorted(rep.locks)), rep.src.text(rep.base) if rep.base is not None else None)
        if fkey not in self.fix_for:
            self.fix_for[fkey] = guard_fix(self.view, rep, list(self.racing[rep.entity].values()))
        fix = self.fix_for[fkey]
        if fix is not None:
            fixes.append(fix)
        fn_name = goast.func_name(goast.enclosing_decl(rep.node, src) or rep.boundary, src)
        anchor = f"{fn_name}|{ent}|{rep.kind}|{src.text(rep.stmt or rep.node)[:120]}"
        return Diagnostic(src.span(rep.node), msg, related, fixes, anchor=anchor)


# Partners a finding names besides the access it is reported at.
_SHOWN_PARTNERS = 3
# Accesses of one map an access is paired with, at most (see `_races`).
_PAIR_WINDOW = 160


def _show_lock(view: PackageView, acc: Access) -> str:
    name = next(iter(acc.locks))
    return _lock_expr(view, name, acc) or name


def _verb3(kind: str) -> str:
    return {"write": "writes", "read": "reads", "range": "iterates over"}[kind]


def map_race_findings(view: PackageView) -> MapRaceFindings:
    f = view.__dict__.get("_goleash_map_findings")
    if f is None:
        f = view.__dict__["_goleash_map_findings"] = MapRaceFindings(view)
    return f


# -- the fix: hold one mutex at every conflicting access --------------------------------------


def guard_fix(view: PackageView, rep: Access, partners: list[Access]) -> Fix | None:
    accs = [rep] + [p for p in partners if p is not rep]
    chosen = None
    for p in accs:
        for name, mode in p.locks.items():
            if name != CALLER_HELD:
                chosen = name
                break
        if chosen:
            break
    edits = []
    ent = rep.entity
    lock_for = None
    declared = ""
    if chosen is not None:
        kind = lock_kind_of(view, chosen, rep.src, rep.node) or "mutex"

        def lock_for(acc: Access) -> str | None:
            return _lock_expr(view, chosen, acc)
    elif ent.kind == "field":
        tname = ent.key[0]
        si = view.structs.get(tname)
        if si is None:
            return None
        mu_field = None
        kind = "mutex"
        for fname, ftype in si.fields.items():
            k = classify_lock_type(ftype, si.src)
            if k:
                mu_field, kind = fname, k
                break
        if mu_field is None:
            return None  # adding a field changes the struct's API: describe, don't patch

        def lock_for(acc: Access) -> str | None:
            return f"{acc.src.text(acc.base)}.{mu_field}" if acc.base is not None else None

        declared = mu_field
    elif ent.kind == "local" and ent.decl is not None and ent.decl.ident is not None:
        decl_stmt = goast.statement_of(ent.decl.ident)
        if decl_stmt is None or ent.decl.src is not rep.src:
            return None
        fn = goast.enclosing_decl(decl_stmt) or decl_stmt
        name = fresh_name(rep.src, fn, ["mu", f"{ent.name}Mu"])
        indent = rep.src.indent_at(decl_stmt.start_byte)
        edits.append(insert_after(rep.src, decl_stmt, f"\n{indent}var {name} sync.Mutex"))
        edits.extend(ensure_import(rep.src, "sync"))
        kind = "mutex"

        def lock_for(acc: Access) -> str | None:
            return name

        declared = name
    elif ent.kind == "package" and ent.decl is not None and ent.decl.src is not None:
        v = view.vars.get(ent.name)
        if v is None:
            return None
        spec = v.spec
        name = f"{ent.name}Mu"
        if name in view.vars:
            return None
        vsrc = v.src
        if spec.parent is not None and spec.parent.type == "var_declaration":
            edits.append(
                insert_after(
                    vsrc, spec.parent, f"\n\n// {name} guards {ent.name}: handlers and goroutines use it concurrently.\nvar {name} sync.Mutex"
                )
            )
        else:
            indent = vsrc.indent_at(spec.start_byte)
            edits.append(insert_after(vsrc, spec, f"\n{indent}{name} sync.Mutex"))
        edits.extend(ensure_import(vsrc, "sync"))
        kind = "mutex"

        def lock_for(acc: Access) -> str | None:
            return name

        declared = name
    else:
        return None

    wrapped = set()
    memo = view.__dict__.setdefault("_goleash_guard_edits", {})
    for acc in accs:
        if chosen is not None and chosen in acc.locks:
            continue
        stmt = acc.stmt
        if stmt is None:
            return None
        key = (acc.src.path, stmt.start_byte)
        if key in wrapped:
            continue
        wrapped.add(key)
        expr = lock_for(acc)
        if expr is None:
            return None
        # Every finding on a map carries a fix that wraps the same conflicting statements:
        # each statement's wrapping is worked out once, not once per finding.
        mkey = (key, expr, chosen, acc.kind != "write", kind)
        es = memo.get(mkey, False)
        if es is False:
            es = memo[mkey] = (
                None
                if _takes_lock_itself(acc, expr, chosen)
                else guard_statement(acc.src, stmt, expr, read=acc.kind != "write", rw=kind == "rwmutex")
            )
        if es is None:
            return None
        edits.extend(es)
    if not wrapped:
        return None
    what = f"`{(lock_for(rep) if chosen else None) or chosen or declared}`"
    msg = f"Hold {what} around every access to `{ent.name}` that can run concurrently"
    if chosen is None and ent.kind != "field":
        msg = f"Add a mutex ({what}) and hold it around every concurrent access to `{ent.name}`"
    return Fix(msg, tuple(edits))


def _takes_lock_itself(acc: Access, expr: str, canonical: str | None) -> bool:
    """The access's function locks or unlocks that mutex somewhere already, or a caller holds
    it: on some path it may be held where the access is, and wrapping the access would lock it
    twice."""
    cc, src, fn = acc.cc, acc.src, acc.boundary
    for call in goast.of_type(fn, "call_expression", skip_func_literals=True):
        op = cc._lock_op(call, src, fn)  # noqa: SLF001
        if op is None:
            continue
        operand = call.child_by_field_name("function").child_by_field_name("operand")
        if op[0] == canonical or (operand is not None and src.text(operand).replace(" ", "") == expr.replace(" ", "")):
            return True
    if canonical is not None and fn.type != "func_literal":
        for call, csrc in cc.possible_callers(fn, src):
            b = cc.boundary_of(call, csrc)
            if b is not None and canonical in cc.locks_at(call, csrc, b):
                return True  # a caller holds it on its way here: locking again would deadlock
    return False


def _lock_expr(view: PackageView, canonical: str, acc: Access) -> str | None:
    """Spell a canonical lock name (`Server.mu`) in terms of the access's own variables."""
    if "." in canonical:
        head, rest = canonical.split(".", 1)
        if head in view.structs:
            if acc.base is None or (acc.entity.kind == "field" and acc.entity.key[0] != head):
                return None  # another struct's lock (a caller's): not reachable from this access
            return f"{acc.src.text(acc.base)}.{rest}" if acc.entity.kind in ("field", "localfield") else None
        return canonical
    if canonical in view.structs:
        return acc.src.text(acc.base) if acc.base is not None else None
    return canonical
