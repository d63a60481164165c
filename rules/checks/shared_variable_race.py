"""shared-variable-race: a plain variable or struct field written by one goroutine while another
reads or writes it, with no common lock, atomic or join between them. rules/sharedaccess.py finds
the races; this module words them and offers the fixes."""

from __future__ import annotations

import re

from .. import goast
from ..concurrency import PLAIN, Root, concurrency, lock_kind_of
from ..fixgen import ensure_import, fresh_name, guard_statement, insert_after
from ..intent import SharedRace, intent, value_param
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..parse import name_nodes
from ..registry import Rule, register
from ..scope import resolve
from ..sharedaccess import Race, SharedVars, Use, use_kind

RULE_ID = "shared-variable-race"


def _who(r, u: Use) -> str:
    if r == "spawner":
        fn = goast.enclosing_decl(u.node)
        return f"`{_label(fn, u.src)}`" if fn is not None else "the spawning function"
    if r is PLAIN:
        fn = goast.enclosing_decl(u.node)
        return f"`{_label(fn, u.src)}`" if fn is not None else "another function"
    text = r.describe()
    if r.kind == "go" and r.body is not None and r.body.type != "func_literal" and r.holds(u.node, u.src):
        return f"`{_label(r.body, u.src)}`, run by {text},"
    if r.body is not None and r.body.type != "func_literal" and not r.holds(u.node, u.src):
        fn = goast.enclosing_decl(u.node)
        if fn is not None:
            text = f"`{_label(fn, u.src)}`, run by {text}"
    return text


def _label(fn, src) -> str:
    _, rtype, _ = goast.receiver(fn, src)
    name = goast.func_name(fn, src)
    return f"{rtype}.{name}" if rtype else name


def _verb(kind: str, u: Use | None = None) -> str:
    if u is not None and u.node.type == "return_statement":
        return f"sets the named result with `{u.src.text(u.node)}`, writing"
    return "writes" if kind == "write" else "reads"


def _where(u: Use, rep: Use) -> str:
    return f"line {u.line}" if u.src is rep.src else f"{u.src.path.rsplit('/', 1)[-1]}:{u.line}"


def _diagnostic(view: PackageView, sv: SharedVars, race: Race) -> Diagnostic:
    rep, partner, r = race.rep, race.partner, race.root
    who = _who(race.rrep, rep)
    name = race.name
    display = rep.src.text(rep.node) if race.how == "guarded" else name
    if race.how == "instances":
        other = (
            "every other instance of it writes the same variable at the same time, and nothing orders them (no lock, no atomic, no channel handoff)"
        )
    elif race.how == "spawner":
        other = (
            f"{_who('spawner', partner)} {_verb(partner.kind, partner)} it at {_where(partner, rep)}, after the `go` "
            f"statement with no `wg.Wait()`, channel receive or common lock in between"
        )
    elif race.how == "handler":
        other = (
            "net/http runs every request on its own goroutine, so two requests write the package-level "
            "variable at the same time with no lock or atomic between them"
        )
    elif race.how == "siblings":
        other = (
            f"{_who(race.rpartner, partner)} {_verb(partner.kind)} it at {_where(partner, rep)}, and "
            f"both goroutines run at once with no lock or channel handoff between the two accesses"
        )
    else:
        lock_text = _lock_expr(race.lock, rep) or race.lock
        other = (
            f"`{_label(goast.enclosing_decl(partner.node), partner.src)}` {_verb(partner.kind)} it at "
            f"{_where(partner, rep)} holding `{lock_text}`, the lock that guards `{name}`; it is not held here"
        )
    consequence = "a data race: updates are lost or torn, readers may never see the new value, and `go test -race` reports `WARNING: DATA RACE`"
    if race.how == "handler":
        who = who.split(" (net/http", 1)[0]
        msg = (
            f"{who[0].upper() + who[1:]} writes package-level `{display}` with no lock or atomic, and "
            f"net/http runs every request on its own goroutine, so two requests at once race on it: "
            f"{consequence.split(': ', 1)[1]}."
        )
    elif race.how == "guarded":
        # (it may hold another lock: what matters is that the guarding one is not held)
        unlocked = " with no lock" if not rep.locks else ""
        msg = f"{who[0].upper() + who[1:]} writes `{display}`{unlocked} while {other}: {consequence}."
    else:
        msg = f"{who[0].upper() + who[1:]} writes `{display}` while {other}: {consequence}."
    related = []
    if partner is not rep:
        held = f" (holding `{_lock_expr(race.lock, partner) or race.lock}`)" if race.lock else " (no lock held)"
        who_p = _who(race.rpartner, partner)
        shown = display if race.how != "guarded" else partner.src.text(partner.node)
        verb = "written" if partner.kind == "write" else "read"
        if partner.node.type == "return_statement":
            verb = f"written by `{partner.src.text(partner.node)}` (a named result)"
        related.append(Related(partner.src.span(partner.node), f"`{shown}` {verb} here by {who_p}{held}"))
    if race.how == "handler":
        related.extend(_other_uses_of_package_var(view, name, rep))
    for q in (r, race.rpartner):
        if isinstance(q, Root) and q.kind == "go":
            span = q.src.span(q.node)
            if all(x.span != span for x in related):
                related.append(Related(span, "goroutine started here" + (", once per loop iteration" if q.loop is not None else "")))
    fixes = []
    fix = _fix(view, sv, race)
    if fix is not None:
        fixes.append(fix)
    fn = goast.enclosing_decl(rep.node) or rep.boundary
    anchor = f"{goast.func_name(fn, rep.src)}|{display}|{race.how}|{rep.src.text(rep.stmt or rep.node)[:120]}"
    return Diagnostic(rep.src.span(rep.node), msg, related, fixes, anchor=anchor)


def _other_uses_of_package_var(view: PackageView, name: str, rep: Use) -> list[Related]:
    """Up to two other functions using the package-level variable (the accesses it races with)."""
    out = []
    for src in view.files:
        for n in name_nodes(src, name):
            if n.type != "identifier" or n == rep.node:
                continue
            fn = goast.enclosing_decl(n)
            if fn is None or fn == goast.enclosing_decl(rep.node):
                continue
            if resolve(n, src, view).kind != "package":
                continue
            verb = "written" if use_kind(n) == "write" else "read"
            out.append(Related(src.span(n), f"`{name}` {verb} here by `{_label(fn, src)}`, with no lock"))
            if len(out) >= 2:
                return out
    return out


def _lock_expr(canonical: str | None, u: Use) -> str | None:
    """Spell a canonical lock name (`Server.mu`) with the receiver variable at `u`."""
    if canonical is None:
        return None
    fn = goast.enclosing_decl(u.node)
    rname, rtype, _ = goast.receiver(fn, u.src) if fn is not None else (None, None, False)
    if "." in canonical:
        head, rest = canonical.split(".", 1)
        if head == rtype and rname:
            return f"{rname}.{rest}"
        return None
    if canonical == rtype and rname:
        return rname
    return None


_BLOCKING = re.compile(r"<-|\bgo\b|func\s*\(|\.Wait\(|\.Lock\(|\.RLock\(")


def _fix(view: PackageView, sv: SharedVars, race: Race) -> Fix | None:
    if race.how == "guarded":
        expr = _lock_expr(race.lock, race.rep)
        if expr is None and race.lock in view.vars:
            expr = race.lock  # a package-level mutex is spelled the same everywhere
        stmt = race.rep.stmt
        if expr is None or stmt is None or _BLOCKING.search(race.rep.src.text(stmt)):
            return None
        kind = lock_kind_of(view, race.lock, race.rep.src, race.rep.node) or "mutex"
        edits = guard_statement(race.rep.src, stmt, expr, read=False, rw=kind == "rwmutex")
        if edits is None:
            return None
        return Fix(f"Hold `{expr}` here, as the other accesses to `{race.name}` do", tuple(edits))
    if race.how != "instances":
        return None  # a missing wait is a logic error: a lock would only hide it
    return _counter_fix(view, sv, race)


def _counter_fix(view: PackageView, sv: SharedVars, race: Race) -> Fix | None:
    """Goroutines of one loop all update a captured variable: add a mutex next to the
    variable and hold it around every use inside the goroutine."""
    r = race.root
    rep = race.rep
    d = resolve(rep.node, rep.src, view)
    if d.kind != "local" or d.ident is None or d.src is not rep.src:
        return None
    uses = sv._uses_of(d)
    if uses is None:
        return None
    inside = [u for u in uses if r.holds(u.node, u.src)]
    if any(not u.clean or u.locks for u in inside):
        return None

    # A goroutine that writes and later reads the variable again (check-then-act) needs more
    # than a lock around each statement: leave that to a human.
    def key(u: Use):
        st = u.stmt
        return (st.start_byte, st.end_byte) if st is not None else None

    if {key(u) for u in inside if u.kind != "write"} - {key(u) for u in inside if u.kind == "write"}:
        return None
    # outside the goroutine, every use must come before the `go` or after a join
    for u in uses:
        if r.holds(u.node, u.src):
            continue
        if u.boundary != r.spawner:
            return None
        if goast.inside(u.node, r.loop) or u.node.start_byte < r.loop.start_byte:
            if goast.inside(u.node, r.loop) and u.node.start_byte > r.node.start_byte:
                return None
            continue
        if not sv.cc.join_between(r.spawner, u.src, r.loop.end_byte, u.node.start_byte):
            return None
    decl_stmt = goast.statement_of(d.ident)
    if decl_stmt is None or decl_stmt.type not in ("var_declaration", "short_var_declaration"):
        return None
    fn = goast.enclosing_decl(decl_stmt) or decl_stmt
    src = rep.src
    name = fresh_name(src, fn, ["mu", f"{d.name}Mu"])
    indent = src.indent_at(decl_stmt.start_byte)
    if src.line_start(decl_stmt.start_byte) + len(indent.encode()) != decl_stmt.start_byte:
        return None
    edits = [insert_after(src, decl_stmt, f"\n{indent}var {name} sync.Mutex")]
    edits.extend(ensure_import(src, "sync"))
    stmts = []
    for u in inside:
        st = u.stmt
        if st is None:
            return None
        if any(goast.inside(st, o) for o in stmts):
            continue
        stmts = [o for o in stmts if not goast.inside(o, st)] + [st]
    for st in stmts:
        if _BLOCKING.search(src.text(st)):
            return None
        es = guard_statement(src, st, name, read=False, rw=False)
        if es is None:
            return None
        edits.extend(es)
    return Fix(f"Add a mutex (`{name}`) and hold it wherever the goroutines use `{race.name}`", tuple(edits))


def _polled_diagnostic(race: SharedRace) -> Diagnostic:
    """Said at the poll, with the goroutine's write as evidence."""
    rep, w = race.rep, race.other
    expr = rep.src.text(rep.node)
    fname = rep.field.split(".", 1)[1]
    here_fn = goast.enclosing_decl(rep.node) or rep.decl
    here = _label(here_fn, rep.src)
    writer = f"`{_label(w.fn, w.src)}`"
    through = f", which it calls at {w.report_src.path.rsplit('/', 1)[-1]}:{goast.line_of(w.report_src, w.in_entry or w.report_node)}"
    who = w.root.describe() if w.root is not None else "a goroutine"
    msg = (
        f"`{here}` polls `{expr}` in a loop with no lock while {who} writes it in {writer}{through}, with no lock "
        f"either: the loop waits for that goroutine through the field alone, a data race (`go test -race` reports "
        f"it), and nothing promises the loop ever sees the write. Guard `{fname}` with a mutex on both sides, make "
        f"it atomic, or have the goroutine signal over a channel."
    )
    related = [Related(w.src.span(w.node), f"`{w.src.text(w.node)}` written here with no lock")]
    if w.root is not None and w.root.kind == "go":
        related.append(Related(w.root.src.span(w.root.node), "the goroutine is started here"))
    anchor = f"{goast.func_name(here_fn, rep.report_src)}|{rep.field}|intent-polled"
    return Diagnostic(rep.src.span(rep.node), msg, related, [], anchor=anchor)


def _intent_diagnostic(view: PackageView, race: SharedRace) -> Diagnostic:
    """A field the type treats as shared (its lock guards it elsewhere, its contract makes
    its methods concurrent, or the package runs goroutines on it) accessed without that."""
    if race.why == "polled":
        return _polled_diagnostic(race)
    rep, other = race.rep, race.other
    expr = rep.src.text(rep.node)
    fname = rep.field.split(".", 1)[1]
    here_fn = goast.enclosing_decl(rep.report_node) or rep.decl
    here = _label(here_fn, rep.report_src)
    there = f"`{_label(other.fn or other.decl, other.src)}`"
    if other.via is not None:
        there = f"`{_label(other.decl, other.entry_src)}` (through {there})"
    where = f"line {other.line}" if other.src is rep.report_src else f"{other.src.path.rsplit('/', 1)[-1]}:{other.line}"
    how = "" if rep.via is None else f" (in `{_label(rep.fn, rep.src)}`, line {rep.line}, which it calls here)"
    verbs = {"write": "writes", "read": "reads", "mutate": "changes what", "elem": "reads what"}

    def act(a, e):
        v = verbs[a.kind]
        return f"{v} `{e}` holds" if a.kind in ("mutate", "elem") else f"{v} `{e}`"

    def oact(a):
        return {"write": "writes it", "read": "reads it", "mutate": "changes its contents", "elem": "reads its contents"}[a.kind]

    if race.why == "guarded":
        lock = _spelled(race.lock, other)
        mine = [k for k in rep.locks if k != race.lock]
        if race.shape == "read-locked":
            # said at the write, where the fix goes, with the caller that holds the read lock
            by = "" if rep.via is None else f", called by `{here}` (line {goast.line_of(rep.report_src, rep.report_node)}),"
            who = _label(rep.fn, rep.src) if rep.via is not None else here
            msg = (
                f"`{who}` {act(rep, expr)}{by} holding only the read lock of `{lock}`: any number of goroutines "
                f"hold a read lock at once, so two callers write it together, a data race (lost updates, stale or "
                f"torn values; `go test -race` reports it). Take the write lock, or make the field atomic."
            )
            if rep.via is not None:
                related = [Related(rep.report_src.span(rep.report_node), f"`{here}` holds the read lock around this call")]
                anchor = f"{goast.func_name(here_fn, rep.report_src)}|{rep.field}|intent-read-locked"
                return Diagnostic(rep.src.span(rep.node), msg, related, [], anchor=anchor)
        elif race.lock in rep.locks:
            msg = (
                f"`{here}` {act(rep, expr)}{how} holding `{lock}`, but {there} {oact(other)} at {where} without "
                f"`{lock}`, in a channel receive no lock can be held around, and the two may run at the same time: "
                f"the lock does not order them, a data race. Do not reassign the channel after the value is "
                f"shared (close it once with sync.Once instead)."
            )
        elif race.shape == "goroutine":
            # said at the access itself, where the lock is missing, whichever exported method reaches it
            inner = _label(rep.fn, rep.src) if rep.via is not None else here
            by = f", which `{here}` calls (line {goast.line_of(rep.report_src, rep.report_node)})," if rep.via is not None else ""
            msg = (
                f"`{inner}` {act(rep, expr)} with no lock{by} while {there}, a goroutine the package starts on the value, "
                f"{oact(other)} at {where} holding `{lock}`, the lock the type takes around `{fname}`: callers run "
                f"`{here}` on goroutines of their own, so the two overlap, a data race (stale or torn values; "
                f"`go test -race` reports it). Hold `{_spelled(race.lock, rep)}` here too."
            )
        elif race.shape == "split":
            msg = (
                f"`{here}` takes `{lock}` for its other work but {act(rep, expr)} outside it, while {there} "
                f"{oact(other)} at {where} holding `{lock}`, the lock the type takes around `{fname}`: when the two "
                f"run at once, each on its own goroutine, they race, a data race (lost updates, stale or torn values; "
                f"`go test -race` reports it). Move the write inside the locked section."
            )
        else:
            held = f"holding only `{_spelled(mine[0], rep)}`" if mine else "with no lock"
            msg = (
                f"`{here}` {act(rep, expr)}{how} {held}, while {there} {oact(other)} at {where} holding `{lock}`, "
                f"the lock the type takes around `{fname}`; one of the two runs on another goroutine, so they may "
                f"overlap: a data race (lost updates, stale or torn values; `go test -race` reports it)."
            )
    elif race.why == "promised":
        whose = f"`{race.type_name}`'s documentation promises"
        if race.lock != race.type_name:
            whose = f"`{race.lock}`, which it implements, is documented for"
        msg = (
            f"`{here}` {act(rep, expr)}{how} with no lock or atomic, but {whose} concurrent use: two callers may run "
            f"`{here}` at once on the same value, and the two writes race (lost updates, stale or torn values; "
            f"`go test -race` reports it). Guard `{fname}` with a mutex, or make it atomic."
        )
    elif race.why == "contract":
        msg = (
            f"`{here}` {act(rep, expr)}{how} with no lock or atomic, while {there} {oact(other)} at {where}: "
            f"`{race.type_name}` implements net.Conn, whose methods may be called from several goroutines at once "
            f"(a Read blocked while a deadline is set), so the two may overlap: a data race (`go test -race` reports it)."
        )
    else:
        who = rep.root.describe() if rep.root is not None else "a goroutine"
        who_o = other.root.describe() if other.root is not None else "another goroutine"
        if other is rep and rep.entry.type == "func_literal":
            msg = (
                f"{who[0].upper() + who[1:]} (in `{here}`) {act(rep, expr)}{how} with no lock or atomic: every "
                f"instance runs on the same value at once, a data race (lost updates; `go test -race` reports it)."
            )
        elif other is rep:
            msg = (
                f"`{here}`, run by {who}, {act(rep, expr)} with no lock or atomic: every instance runs on the "
                f"same value at once, a data race (lost updates; `go test -race` reports it)."
            )
        else:
            msg = (
                f"`{here}`, run by {who}, {act(rep, expr)}{how} with no lock or atomic, while {there}, run by "
                f"{who_o}, {oact(other)} at {where}: both goroutines run on the same value at once, a data race "
                f"(a stale or torn value; `go test -race` reports it)."
            )
    related = []
    if other is not rep:
        held_o = f" (holding `{_spelled(race.lock, other)}`)" if race.lock and race.lock in other.locks else " (no lock held)"
        related.append(Related(other.src.span(other.node), f"`{other.src.text(other.node)}` used here by {there}{held_o}"))
        if other.via is not None:
            related.append(Related(other.via[1].span(other.via[0]), f"`{_label(other.decl, other.entry_src)}` reaches it through this call"))
    at_access = race.why == "guarded" and race.shape == "goroutine"
    if rep.via is not None:
        if at_access:
            related.append(Related(rep.report_src.span(rep.report_node), f"`{here}` reaches it through this call"))
        else:
            related.append(Related(rep.src.span(rep.node), "the access made through the call"))
    for a in (rep, other):
        r = a.root
        if r is not None and r.kind == "go":
            span = r.src.span(r.node)
            if all(x.span != span for x in related):
                related.append(Related(span, "goroutine started here" + (", once per loop iteration" if r.loop is not None else "")))
    if at_access:
        anchor = f"{goast.func_name(rep.fn or rep.decl, rep.src)}|{rep.field}|intent-goroutine"
        return Diagnostic(rep.src.span(rep.node), msg, related, [], anchor=anchor)
    anchor = f"{goast.func_name(here_fn, rep.report_src)}|{rep.field}|intent-{race.why}"
    return Diagnostic(rep.report_src.span(rep.report_node), msg, related, [], anchor=anchor)


def _spelled(canonical: str | None, a) -> str:
    """A canonical lock name (`Server.mu`) with the receiver variable of the access's method."""
    if canonical is None:
        return "?"
    rname, rtype, _ = goast.receiver(a.decl, a.entry_src) if a.decl.type == "method_declaration" else (*value_param(a.decl, a.entry_src), None)
    head, _, rest = canonical.partition(".")
    if head == rtype and rname:
        return f"{rname}.{rest}" if rest else rname
    return canonical


def _diagnostics(view: PackageView) -> list[Diagnostic]:
    got = view.__dict__.get("_goleash_sharedvars")
    if got is not None:
        return got
    out: list[Diagnostic] = []
    cc = concurrency(view)
    seen = set()
    if cc.roots:
        sv = SharedVars(view)
        races = sv.captured_races() + sv.handler_races() + sv.guarded_races() + sv.instance_races()
        for race in races:
            key = (race.rep.src.path, race.rep.node.start_byte)
            if key in seen:
                continue
            seen.add(key)
            seen.add((race.rep.src.path, goast.enclosing_decl(race.rep.node).id if goast.enclosing_decl(race.rep.node) else 0, race.name))
            out.append(_diagnostic(view, sv, race))
    if any(f.mentions(b"Lock()") or f.mentions(b"Deadline(") or f.mentions(b"go ") for f in view.files):
        for race in intent(view).races():
            rep = race.rep
            key = (rep.report_src.path, rep.report_node.start_byte)
            if key in seen or (rep.src.path, rep.decl.id, race.rep.field) in seen:
                continue
            seen.add(key)
            out.append(_intent_diagnostic(view, race))
    view.__dict__["_goleash_sharedvars"] = out
    return out


SHARED = register(
    Rule(
        id=RULE_ID,
        title="Variable written by one goroutine while another uses it, with no synchronisation",
        family="A",
        severity=Severity.WARNING,
        what="""
Finds plain variables and struct fields (counters, flags, `err`, slices and pointers being
reassigned) that one goroutine writes while another reads or writes them with no common lock,
no atomic and no happens-before handoff between the two accesses:

- a variable captured by `go func(){...}()` and written there, when the goroutine is started
  in a loop (each instance writes the same variable: `n++`, `err = e`), or the spawning function
  uses it after `go` before any `wg.Wait()`/channel receive, or a sibling goroutine uses it;
- a package-level variable assigned in an HTTP handler with no lock or atomic (net/http runs
  each request on its own goroutine, so the handler races with itself);
- a struct field written with no lock held in a goroutine or an HTTP handler method while the
  other methods of the type access it holding the type's mutex;
- a struct field a goroutine the package starts on the value keeps rewriting in its loop under
  the type's mutex, read or written without it by an exported method (or a helper it calls),
  which callers run on goroutines of their own, unless a channel receive comes first;
- a struct field written holding only the read lock of the type's RWMutex, when another method
  uses it under that read lock too or several goroutines run the writer: readers share the lock;
- two goroutines a loop starts together and waits for before its next pass, one writing what
  the other uses;
- a field that goroutines started in a loop all write through a method they call on one value
  made before the loop (`for … { go func() { lb.Pick(n) }() }`);
- a field written with no lock by an exported method of a type whose documentation (or that of
  a package interface it implements) promises concurrent use ("safe for concurrent use by
  multiple goroutines"), which two callers may then run at once; teardown (`Close`, `Stop`) and
  promises that name some methods only are left out;
- a field a loop polls between sleeps (`for { … p.finished … time.Sleep(d) }`) with no lock
  while a goroutine the package starts writes it with no lock, in a method it calls on the value
  or one `io.Copy` calls for it (`Read`, `Write`).

It stays silent when the write happens before a send the reader receives, before `wg.Done()`
with the read after `wg.Wait()`, before `close(done)` with the read after `<-done`, inside
`once.Do(...)`, before `errgroup.Wait()`, when the value is set before `go` and only read
afterwards, when each goroutine has its own variable, or when `sync/atomic` is used (its address
is taken). Map element accesses are left to the map rules.
""",
        why="""
A data race on a plain variable is undefined behaviour in the Go memory model: updates are lost:
counters miss increments, an error set by a worker is never seen (or seen half-written, for interfaces and
slices, whose words are written separately), a flag polled in a loop may never change. The program
does not crash; it computes wrong results under load, and `go test -race` reports
`WARNING: DATA RACE` only when a test happens to make the two accesses overlap.
""",
        example="""
var firstErr error
var wg sync.WaitGroup
for _, job := range jobs {
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := job.Run(); err != nil {
			firstErr = err // every goroutine writes firstErr
		}
	}()
}
wg.Wait()
return firstErr
""",
        instead="""
var firstErr error
var mu sync.Mutex
var wg sync.WaitGroup
for _, job := range jobs {
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := job.Run(); err != nil {
			mu.Lock()
			firstErr = err
			mu.Unlock()
		}
	}()
}
wg.Wait()
return firstErr
""",
        vet_overlap="""
go vet and staticcheck have no check for this. The race detector (`go test -race`) finds it at
run time when a test makes the accesses overlap; goleash reports it from the source, with the
goroutine that writes, the access it races with and the missing synchronisation.
""",
        run=_diagnostics,
    )
)
