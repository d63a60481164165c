"""map-lazy-init: values created lazily in a map (a mutex, a channel) with no guard."""

from __future__ import annotations

from .. import goast
from ..fixgen import insert_before
from ..gotypes import classify_lock_type
from ..lazystores import lazy_init_stores
from ..model import Diagnostic, Fix, Related, Severity
from ..package import PackageView
from ..registry import Rule, register


def _guard_fix(view: PackageView, info: dict) -> Fix | None:
    ent = info["entity"]
    src = info["src"]
    if_stmt = info["if"]
    if ent.kind != "field":
        return None
    si = view.structs.get(ent.key[0])
    if si is None:
        return None
    mu = next((f for f, t in si.fields.items() if classify_lock_type(t, si.src)), None)
    if mu is None:
        return None
    operand = None
    for ix in goast.of_type(if_stmt, "index_expression"):
        op = ix.child_by_field_name("operand")
        if op is not None and op.type == "selector_expression":
            operand = op.child_by_field_name("operand")
            break
    if operand is None:
        return None
    fn = info["boundary"]
    for a in goast.ancestors(if_stmt):
        if a == fn:
            break
        if a.type == "for_statement":
            return None  # a deferred unlock inside a loop would hold the lock across iterations
    first = if_stmt
    prev = if_stmt.prev_named_sibling
    if (
        prev is not None
        and prev.type == "short_var_declaration"
        and any(ix.type == "index_expression" for ix in goast.of_type(prev, "index_expression"))
    ):
        first = prev
    lock = f"{src.text(operand)}.{mu}"
    # The rest of the function must not take the same lock again (self-deadlock).
    body = fn.child_by_field_name("body")
    if body is not None and f"{lock}.Lock()" in src.text(body)[first.start_byte - body.start_byte :]:
        return None
    indent = src.indent_at(first.start_byte)
    return Fix(
        f"Hold `{lock}` from the presence check to the end of the function",
        (insert_before(src, first, f"{lock}.Lock()\n{indent}defer {lock}.Unlock()\n{indent}"),),
    )


def _run(view: PackageView):
    out = []
    for ix, info in lazy_init_stores(view):
        src = info["src"]
        ent = info["entity"]
        what = info["what"]
        consequence = {
            "mutex": "two goroutines can both see the key missing and each store its own mutex: "
            "they then lock different mutexes and the code it was meant to protect runs concurrently",
            "channel": "two goroutines can both see the key missing and each store its own channel: "
            "one of them then sends or waits on a channel nobody else uses and blocks forever",
        }.get(what, f"two goroutines can each create their own {what}, and one of them is lost")
        msg = (
            f"Lazily creating a {what} in map `{ent.name}` without a lock: {consequence}; "
            f"the unguarded map write can also crash the program with `fatal error: concurrent map writes`."
        )
        related = [Related(src.span(info["if"].child_by_field_name("condition") or info["if"]), "presence check and store are not atomic")]
        fix = _guard_fix(view, info)
        out.append(
            Diagnostic(src.span(ix), msg, related, [fix] if fix else [], anchor=f"{goast.func_name(info['boundary'], src)}|{ent.name}|{src.text(ix)}")
        )
    return out


LAZY = register(
    Rule(
        id="map-lazy-init",
        title="Mutex or channel created lazily in a map without a lock",
        family="A",
        severity=Severity.ERROR,
        what="""
Finds the check-and-create idiom `if _, ok := m[k]; !ok { m[k] = &sync.Mutex{} }` (or a new
channel, WaitGroup, Once) on a map shared between goroutines, with no lock held around the
check and the store.
""",
        why="""
A map of per-key mutexes or channels exists to be used from many goroutines. Without a lock,
two goroutines can both find the key missing and store different values: each then locks its
own mutex (so the lock silently stops excluding anything) or waits on its own channel forever.
The unguarded map write is also a data race that can crash the process with
`fatal error: concurrent map writes`.
""",
        example="""
func (l *KeyLocks) Get(key string) *sync.Mutex {
	if _, ok := l.locks[key]; !ok {
		l.locks[key] = &sync.Mutex{}
	}
	return l.locks[key]
}
""",
        instead="""
func (l *KeyLocks) Get(key string) *sync.Mutex {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.locks[key]; !ok {
		l.locks[key] = &sync.Mutex{}
	}
	return l.locks[key]
}

// or, with a sync.Map:
func (l *KeyLocks) Get(key string) *sync.Mutex {
	v, _ := l.locks.LoadOrStore(key, &sync.Mutex{})
	return v.(*sync.Mutex)
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_run,
    )
)
