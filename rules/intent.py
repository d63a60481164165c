"""Which struct fields a package treats as shared between goroutines, and the accesses that
break that treatment: concurrency inferred from intent, after RacerD (Infer).

Most races have no `go` statement in view: the goroutines are the callers' (a server calling
a connection's methods, a library calling back). What is in view is the author's intent:
- a field the type's own mutex guards in some methods (`m.mu.Lock(); m.stop = nil`) is
  shared, and an access of it elsewhere without that lock races with the guarded ones;
- a type whose contract says its methods run at once (it implements net.Conn, whose methods
  "may be invoked simultaneously by multiple goroutines") shares every field its methods write;
- goroutines the package starts on one value (`go s.update(); go s.worker()`) share it.

The entries of a type are the methods that may run while another is running: exported
methods (anyone may call them, from any goroutine), methods the package never calls itself
(they are handed out as callbacks or reached through an interface) and the bodies of the
goroutines the package starts. An access belongs to every entry that reaches it through calls
on the same receiver, with the locks held along that path. Two accesses race when they
belong to different entries, one writes, and no lock is common to both; for a field only
guarded, one of the two entries must also be known to run concurrently (a goroutine the
package starts, a callback), and not be started by the other's path.

Silent: constructors and whatever only they call (the value is not published yet), setup
documented to come before serving, methods whose callers hold the lock (`fooLocked`, "must be
called with mu held"), fields of sync, atomic or channel type (a channel field races only
when it is reassigned), fields whose address is taken (atomics, pointers handed out), accesses
inside `once.Do`, after a lock wrapper (`s.lock()`), and types documented as not safe for
concurrent use. A read races only with a write: fields set once while building the value
and read afterwards are fine."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

from . import goast
from .concurrency import CALLER_HELD, Concurrency, Root, concurrency, doc_comment, interface_methods
from .flow import is_go_started
from .goast import Node, unparen
from .gotypes import classify_lock_type, own_locks
from .package import FuncInfo, PackageView
from .parse import SourceFile, calls_in, calls_named, name_nodes, node_start, owners_in, sort_outer_first
from .scope import resolve
from .stategate import handed_over

# Held where a lock wrapper (`s.lock()`), `once.Do` or a documented contract orders the
# access without naming a lock: common with any lock, never the evidence of one.
UNNAMED = "<unnamed>"

# Standard types whose methods mutate the value and that their docs call unsafe for
# concurrent use: calling one of their methods on a field writes the field.
_UNSAFE_TYPES = re.compile(
    r"^\*?(?:bufio\.(?:Writer|Reader|ReadWriter|Scanner)|bytes\.Buffer|strings\.Builder|rand\.Rand"
    r"|json\.(?:Encoder|Decoder)|gob\.(?:Encoder|Decoder)|csv\.(?:Writer|Reader)|tabwriter\.Writer"
    r"|list\.List|ring\.Ring|heap\.Interface|hash\.Hash\w*)$"
)
_READ_ONLY_METHODS = frozenset({"Len", "Cap", "String", "Size", "Buffered", "Available", "Bytes", "Sum", "BlockSize"})

_UNSAFE_DOC = re.compile(
    r"\bnot\s+(?:\w+\s+)?(?:safe|thread[- ]safe|goroutine[- ]safe)\b|\bunsafe\s+for\s+concurren"
    r"|\bnot\s+(?:be\s+)?(?:used|called)\s+concurrently|\bsingle[- ]goroutine|\bnon[- ]thread[- ]safe"
    r"|\bexternal\s+synchroni[sz]ation\s+is\s+(?:required|needed)",
    re.IGNORECASE,
)
# A type (or an interface it implements) documented for concurrent use: "safe for concurrent
# use by multiple goroutines", "must be safe to call concurrently", "goroutine-safe". (Not "may be
# called concurrently": said of an interface, most often of calls to different methods.)
_SAFE_DOC = re.compile(
    r"\bsafe\s+(?:for|to\s+(?:use|call|be\s+(?:used|called)))\s+(?:\w+\s+){0,2}?(?:concurrent|simultaneous|parallel|from\s+(?:multiple|many|several)\s+goroutines)"
    r"|\b(?:goroutine|thread|concurrency)[- ]safe\b",
    re.IGNORECASE,
)
# net.Conn: "Multiple goroutines may invoke methods on a Conn simultaneously."
_CONN_METHODS = ("SetDeadline", "SetReadDeadline", "SetWriteDeadline")

_MAX_DEPTH = 3
# Receives that wait for time or cancellation, not for other goroutines to finish.
_TIMER_RECV = re.compile(r"<-\s*(?:[\w.]+\.C\b|time\.(?:After|Tick)\(|[\w.()]*Done\(\))")


def joined_before(cc: Concurrency, boundary: Node, src: SourceFile, node: Node) -> bool:
    """A join (`wg.Wait()`, a receive, a select) that runs before `node` on every path in
    `boundary`: not one enclosing it (`select { case <-t.C: use() }`), not one in a branch
    or case that `node` is not in, not a timer's or a context's receive."""
    for j in cc.joins_in(boundary, src):
        if j >= node.start_byte:
            break
        n = boundary.descendant_for_byte_range(j, j)
        while (
            n is not None
            and n.parent is not None
            and n.parent.start_byte == j
            and n.type not in ("select_statement", "unary_expression", "call_expression", "range_clause")
        ):
            n = n.parent
        if n is None or goast.inside(node, n):
            continue
        if n.type == "unary_expression" and _TIMER_RECV.match(src.text(n)):
            continue
        if n.type == "select_statement" and not _select_joins(n, src):
            continue
        top = next((a for a in goast.ancestors(n) if goast.inside(node, a)), None)
        if top is None or any(_leaves_or_excludes(a, src) for a in _between(n, top)):
            continue
        return True
    return False


_CASES = frozenset({"communication_case", "expression_case", "default_case", "type_case"})


def _leaves_or_excludes(a: Node, src: SourceFile) -> bool:
    """Is a join inside `a` off the path to what comes after: `a` a callback, or a case or
    block that always leaves (`case <-stop: return`)?"""
    if a.type == "func_literal":
        return True
    if a.type in _CASES:
        stmts = [
            c
            for c in a.named_children
            if c.type not in ("comment",) and c != a.child_by_field_name("communication") and c != a.child_by_field_name("value")
        ]
        if stmts and stmts[-1].type == "statement_list":
            stmts = goast.statements(stmts[-1])
        return bool(stmts) and goast.is_terminating(stmts[-1], src)
    if a.type == "block":
        return goast.block_terminates(a, src)
    return False


def _select_joins(sel: Node, src: SourceFile) -> bool:
    """Does going on past this select mean another goroutine took part: no default case,
    and some case that falls through sends, or receives from something other than a timer
    or a context?"""
    if any(c.type == "default_case" for c in sel.named_children):
        return False
    for case in sel.named_children:
        if case.type != "communication_case":
            continue
        comm = case.child_by_field_name("communication")
        if comm is None or _TIMER_RECV.search(src.text(comm)):
            continue  # (a send counts: a channel used as a lock is acquired so)
        body = [c for c in case.named_children if c != comm and c.type != "comment"]
        stmts = goast.statements(body[0]) if body and body[0].type in ("block", "statement_list") else body
        if not (stmts and goast.is_terminating(stmts[-1], src)):
            return True
    return False


def _between(n: Node, top: Node):
    for a in goast.ancestors(n):
        if a == top:
            return
        yield a


# `&x.f`, not `a && x.f` nor `a & x.f`; `&x.f[i]` takes an element's address, not the field's
# (the `&` first, the tests behind it after: a pattern that starts with a literal is scanned at memchr speed)
_ADDRESS_OF_FIELD = re.compile(rb"&(?<![\w)\]&]&)(?<![\w)\]&]\s&)(?!&)\s*\w+\.(\w+)(?![\w\[])")


class _LocksAt:
    """The locks held at an access or a call, worked out when first asked: most fields are
    never written, or never from two methods, and the locks at their accesses never matter."""

    __slots__ = ("_make", "_value")

    def __init__(self, make):
        self._make = make
        self._value = None

    @property
    def value(self) -> dict:
        if self._value is None:
            self._value = self._make()
        return self._value


@dataclass(eq=False)
class Access:
    field: str  # "T.f"
    node: Node  # the selector expression `r.f`
    src: SourceFile
    kind: str  # read | write
    held: tuple  # the locks held at each call on the path from the entry, then at the access
    entry: Node  # the method (or goroutine literal) it is attributed to
    entry_src: SourceFile
    decl: Node  # the method declaration the entry is or sits in
    via: tuple | None  # (call, file): the last call on the path from the entry; None: in the entry itself
    blocking: bool = False  # a receive from the field's channel (no lock can be held around it)
    root: Root | None = None
    depth: int = 0  # calls between the entry and the access
    path: tuple = ()  # ids of the functions from the entry to the access
    concurrent: bool = False  # the entry is known to run concurrently (a goroutine, a callback)
    in_entry: Node | None = None  # the access, or the entry's call on the path to it

    @cached_property
    def locks(self) -> dict:
        """lock -> mode, held along the path from the entry."""
        out: dict = {}
        for h in self.held:
            out.update(h.value)
        return out

    @property
    def fn(self) -> Node | None:
        return goast.enclosing_decl(self.node)

    @property
    def line(self) -> int:
        return self.src.point(self.node.start_byte)[0]

    @property
    def report_node(self) -> Node:
        return self.via[0] if self.via is not None else self.node

    @property
    def report_src(self) -> SourceFile:
        return self.via[1] if self.via is not None else self.src


@dataclass(eq=False)
class SharedRace:
    rep: Access  # where the finding goes
    other: Access  # the access it races with
    why: str  # guarded | contract | goroutines
    lock: str | None  # the lock that guards the field elsewhere (guarded)
    type_name: str
    shape: str = ""  # guarded: which evidence says the unguarded access is a mistake


class Intent:
    def __init__(self, view: PackageView):
        self.view = view
        self.cc = concurrency(view)
        self._items_memo: dict[tuple, list[tuple]] = {}
        self._setup_memo: dict[tuple, bool] = {}
        self._wrappers: dict[tuple, int | None] = {}

    # -- the types and their entries --------------------------------------------------------

    def _methods(self, tname: str) -> list[FuncInfo]:
        return self._methods_by_type.get(tname, [])

    @cached_property
    def _methods_by_type(self) -> dict[str, list[FuncInfo]]:
        out: dict[str, list[FuncInfo]] = {}
        for fi in self.view.funcs.values():
            if fi.recv_type and not fi.src.is_test:
                out.setdefault(fi.recv_type, []).append(fi)
        return out

    def _type_doc(self, tname: str) -> str:
        return type_doc(self.view, tname)

    def _contract(self, tname: str, methods: list[FuncInfo]) -> bool:
        # net.Conn's deadlines for both directions; a one-way stream with a deadline of its own
        # direction alone (a download's SetReadDeadline) makes no promise about concurrent calls
        names = {fi.name for fi in methods}
        both = "SetDeadline" in names or "SetReadDeadline" in names and "SetWriteDeadline" in names
        return ("Read" in names or "Write" in names) and both

    def _entries(self, tname: str, methods: list[FuncInfo]) -> list[tuple]:
        """(entry body, its file, its method declaration, the root running it, whether it is
        known to run concurrently: a goroutine or a callback) of the type."""
        out = []
        for fi in methods:
            fn, src = fi.node, fi.src
            _, _, ptr = goast.receiver(fn, src)
            if not ptr:
                continue
            root = self.cc.handler_decls.get(fn.id)
            roots = [r for r in self.cc.reach.get(fn.id, []) if not r.src.is_test and r.body == fn]
            if roots:
                root = roots[0]
            if root is None and fi.name in ("String", "GoString", "Error"):
                continue
            # a method the package never calls is called by whoever it is handed to, from
            # whichever goroutine that runs (a callback, an interface implementation)
            callback = not fi.name[:1].isupper() and next(self.cc.caller_sites(fn, src), None) is None
            lits = self._go_literals.get(fn.id, ())
            entry = fi.name[:1].isupper() or root is not None or callback
            # (whether it sets the value up follows its callers: asked only of a method that
            # would give an entry)
            if root is None and (entry or lits) and self._setup(fn, src):
                continue
            if entry:
                out.append((fn, src, fn, root, root is not None or callback))
            for r in lits:
                out.append((r.body, src, fn, r, True))
        for r in self._goroutine_funcs.get(tname, ()):
            out.append((r.body, r.body_src, r.body, r, True))
        return out

    @cached_property
    def _goroutine_funcs(self) -> dict[str, list[Root]]:
        """Struct type -> the goroutines the package starts on a plain function handed a value of
        it (`go processLoop(c, w)`, `func processLoop(c *Conn, …)`): they share the value with
        its methods as much as the type's own goroutines do."""
        out: dict[str, list[Root]] = {}
        for r in self.cc.roots:
            if r.kind != "go" or r.body is None or r.body.type != "function_declaration" or r.body_src is None or r.body_src.is_test:
                continue
            tname = value_param(r.body, r.body_src)[1]
            if tname in self.view.structs:
                out.setdefault(tname, []).append(r)
        return out

    @cached_property
    def _go_literals(self) -> dict[int, list[Root]]:
        """Declaration id -> the goroutines it starts on a literal, in source order."""
        out: dict[int, list[Root]] = {}
        for r in self.cc.root_by_body.values():
            decl = goast.enclosing_decl(r.body) if r.kind == "go" else None
            if decl is not None:
                out.setdefault(decl.id, []).append(r)
        for roots in out.values():
            roots.sort(key=lambda r: r.body.start_byte)
        return out

    @cached_property
    def _shared_by_instances(self) -> dict[str, list[tuple]]:
        """Struct type -> (root, call, method) for the goroutine literals the package starts in a
        loop that call a pointer method of the type on one value captured from outside the loop
        (`for … { go func() { lb.Balance(n) }() }`): every instance runs the method on that value."""
        out: dict[str, list[tuple]] = {}
        for r in self.cc.roots:
            if r.kind != "go" or r.body is None or r.body.type != "func_literal" or r.loop is None or r.src.is_test:
                continue
            src = r.body_src or r.src
            for call in calls_in(src, r.body, skip_func_literals=True):
                f = call.child_by_field_name("function")
                x = unparen(f.child_by_field_name("operand")) if f is not None and f.type == "selector_expression" else None
                if x is None or x.type != "identifier" or call.parent is None or call.parent.type in ("go_statement", "defer_statement"):
                    continue
                d = resolve(x, src, self.view)
                if d.kind not in ("local", "param", "receiver") or d.ident is None or goast.inside(d.ident, r.loop):
                    continue  # (declared in the loop: a value of each iteration's own)
                callee = self.cc.resolve_call(call, src)
                if callee is None or not callee.recv_type or callee.src.is_test or not goast.receiver(callee.node, callee.src)[2]:
                    continue
                if r.multi:
                    out.setdefault(callee.recv_type, []).append((r, call, callee))
        return out

    def _through_call(self, r: Root, call: Node, callee: FuncInfo) -> list[Access]:
        """The field accesses a method makes on its receiver, attributed to the goroutine `r`
        whose body calls it at `call`, with the locks held at that call."""
        out: list[Access] = []
        crn, _, ptr = goast.receiver(callee.node, callee.src)
        if not crn or crn == "_" or not ptr:
            return out
        src = r.body_src or r.src
        here = _LocksAt(lambda: self._locks(call, src, r.body, r.body))
        self._collect(
            callee.recv_type,
            callee.node,
            callee.src,
            crn,
            r.body,
            src,
            callee.node,
            (call, src),
            (here,),
            _MAX_DEPTH - 1,
            out,
            (callee.node.id,),
            r,
            call,
        )
        return out

    def _setup(self, fn: Node, src: SourceFile, depth: int = 2) -> bool:
        key = (fn.id, id(src), depth)
        got = self._setup_memo.get(key)
        if got is None:
            got = self._setup_memo[key] = self._setup_uncached(fn, src, depth)
        return got

    def _setup_uncached(self, fn: Node, src: SourceFile, depth: int) -> bool:
        """Runs while the value is being built or set up, before it is shared: a constructor,
        setup documented to come first, or what only such functions call. A goroutine's own
        function never is, whatever its name (`initHealthCheck` started by `go`)."""
        if self._is_root(fn):
            return False
        if self.cc.is_constructor(fn, src) or self.cc.documented_setup(fn, src):
            return True
        if depth == 0 or fn.type == "func_literal":
            return False
        called = False
        for call, csrc in self.cc.caller_sites(fn, src, tests=False):
            called = True
            if is_go_started(call):
                return False
            b = self.cc.boundary_of(call, csrc)
            if b is None or b.type == "func_literal":
                return False
            if b != fn and not self._setup(b, csrc, depth - 1):
                return False
        return called

    def _is_root(self, fn: Node) -> bool:
        return fn.id in self.cc.handler_decls or any(r.body == fn for r in self.cc.reach.get(fn.id, ()))

    # -- accesses -----------------------------------------------------------------------------

    def _accesses(self, tname: str, entry: Node, src: SourceFile, decl: Node, root: Root | None) -> list[Access]:
        out: list[Access] = []
        rname = goast.receiver(decl, src)[0] if decl.type == "method_declaration" else value_param(decl, src)[0]
        if not rname or rname == "_":
            return out
        self._collect(tname, entry, src, rname, entry, src, decl, None, (), _MAX_DEPTH, out, (decl.id,), root)
        return out

    def _collect(self, tname, fn, src, rname, entry, entry_src, decl, via, outer, depth, out, seen, root, first=None):
        for item in self._items(tname, fn, src, rname, entry):
            if item[0] == "call":
                _, n, callee, crn, here = item
                if depth == 0 or callee.node.id in seen:
                    continue
                self._collect(
                    tname,
                    callee.node,
                    callee.src,
                    crn,
                    entry,
                    entry_src,
                    decl,
                    (n, src),
                    (*outer, here),
                    depth - 1,
                    out,
                    seen + (callee.node.id,),
                    root,
                    first or n,
                )
                continue
            _, n, fname, kind, here, received = item
            out.append(
                Access(
                    f"{tname}.{fname}",
                    n,
                    src,
                    kind,
                    (*outer, here),
                    entry,
                    entry_src,
                    decl,
                    via,
                    received,
                    root,
                    _MAX_DEPTH - depth,
                    seen,
                    in_entry=first or n,
                )
            )

    def _items(self, tname, fn, src, rname, entry) -> list[tuple]:
        """The receiver's field accesses and same-receiver method calls `fn` makes itself, each
        with the locks held there: ("field", node, field, kind, locks, received from a channel)
        and ("call", node, callee, callee's receiver name, locks). A method reached from many
        entries is read once (as a callee its locks are its own; as an entry, its callers' too)."""
        key = (fn.id, id(src), fn == entry)
        got = self._items_memo.get(key)
        if got is not None:
            return got
        got = self._items_memo[key] = []
        body = fn.child_by_field_name("body")
        if body is None:
            return got
        # (a plain function a goroutine runs on the value has it as a parameter)
        own = "param" if fn.type == "function_declaration" else "receiver"
        for n in _receiver_uses(body, src, rname):
            if n.type == "call_expression":
                p = n.parent
                if p is None or p.type in ("go_statement", "defer_statement"):
                    continue
                f = n.child_by_field_name("function")
                if f is None or f.type != "selector_expression":
                    continue
                operand = unparen(f.child_by_field_name("operand"))
                if operand.type != "identifier" or src.text(operand) != rname:
                    continue
                if not self._runs_here(n, src, fn, entry):
                    continue
                callee = self.view.funcs.get(f"{tname}.{src.text(f.child_by_field_name('field'))}")
                if callee is None or callee.src.is_test:
                    continue
                if resolve(operand, src, self.view).kind != own:
                    continue
                crn = goast.receiver(callee.node, callee.src)[0]
                if not crn or crn == "_":
                    continue
                got.append(("call", n, callee, crn, _LocksAt(lambda n=n: self._locks(n, src, fn, entry))))
                continue
            operand = unparen(n.child_by_field_name("operand"))
            fld = n.child_by_field_name("field")
            if operand.type != "identifier" or fld is None or src.text(operand) != rname:
                continue
            if not self._runs_here(n, src, fn, entry):
                continue
            if resolve(operand, src, self.view).kind != own:
                continue
            fname = src.text(fld)
            if f"{tname}.{fname}" in self.view.funcs:
                continue  # a method value, not a field
            kind = self._kind(n, src, tname, fname)
            if kind is None:
                continue
            got.append(
                (
                    "field",
                    n,
                    fname,
                    kind,
                    _LocksAt(lambda n=n: self._field_locks(n, src, fn, entry)),
                    kind == "read" and _received(n, src) and self._is_chan(tname, fname),
                )
            )
        return got

    def _field_locks(self, n: Node, src: SourceFile, fn: Node, entry: Node) -> dict:
        locks = self._locks(n, src, fn, entry)
        if (self.cc.decl_mentions(n, src, b"Do") or self.cc.decl_mentions(n, src, b"Once")) and _in_once(n, src):
            locks[UNNAMED] = "w"
        return locks

    def _runs_here(self, n: Node, src: SourceFile, fn: Node, entry: Node) -> bool:
        """Runs as part of `fn` (a callback literal counts; a goroutine started there does not,
        unless it is the entry itself)."""
        b = self.cc.boundary_of(n, src)
        return b == fn or b == entry

    def _locks(self, n: Node, src: SourceFile, fn: Node, entry: Node) -> dict:
        """Locks held at `n` in `fn`. In the entry, with what every caller holds; in a callee,
        only its own (the path from the entry brings the callers')."""
        b = self.cc.boundary_of(n, src)
        if b is None:
            return {}
        if fn == entry or b.type == "func_literal":
            held = dict(self.cc.locks_at(n, src, b))
        else:
            held = self.cc.local_locks(n, src, b)
            if CALLER_HELD in (self.cc.entry_locks(b, src) or {}):
                held[CALLER_HELD] = "w"
        if CALLER_HELD in held:
            held[UNNAMED] = held.pop(CALLER_HELD)
        if self._wrapper_before(b, src, n):
            held[UNNAMED] = "w"
        return held

    def _wrapper_before(self, fn: Node, src: SourceFile, node: Node) -> bool:
        key = (fn.id, id(src))
        if key not in self._wrappers:
            self._wrappers[key] = _first_wrapper(fn, src)
        first = self._wrappers[key]
        return first is not None and first < node.start_byte

    def _is_chan(self, tname: str, fname: str) -> bool:
        ftype, fsrc = self.view.field_type(tname, fname)
        return ftype is not None and (ftype.type == "channel_type" or fsrc.text(ftype).startswith(("chan", "<-chan")))

    def _is_map(self, tname: str, fname: str) -> bool:
        ftype, fsrc = self.view.field_type(tname, fname)
        ftype, _ = self.view.resolve_named(ftype, fsrc) if ftype is not None else (None, None)
        return ftype is not None and ftype.type in ("map_type", "slice_type")

    def _kind(self, sel: Node, src: SourceFile, tname: str, fname: str) -> str | None:
        """How the access touches the field: 'write' (the field is assigned), 'read' (its value
        is read), 'mutate' (what it holds is changed: a map or slice element assigned, a method
        of a type not safe for concurrent use called), 'elem' (what it holds is read: an
        element, a length, a range). None when the field is out of scope (address taken)."""
        p = sel.parent
        if p is None:
            return "read"
        if p.type == "unary_expression" and src.text(p).startswith("&"):
            return None
        if p.type in ("inc_statement", "dec_statement"):
            return "write"
        if (
            p.type == "expression_list"
            and p.parent is not None
            and p.parent.type in ("assignment_statement", "range_clause", "receive_statement")
            and p.parent.child_by_field_name("left") == p
        ):
            return "write"
        if p.type == "index_expression" and p.child_by_field_name("operand") == sel:
            q = p.parent
            if q is not None and q.type in ("inc_statement", "dec_statement"):
                return "mutate"
            if (
                q is not None
                and q.type == "expression_list"
                and q.parent is not None
                and q.parent.type == "assignment_statement"
                and q.parent.child_by_field_name("left") == q
            ):
                if goast.fills_new_map(p, src.text(sel), src.text, None):
                    return "read"  # the first fill of a map just made: the field itself is only read
                return "mutate"
            return "elem"
        if p.type == "range_clause" and self._is_map(tname, fname):
            return "elem"
        if p.type == "argument_list":
            call = p.parent
            f = call.child_by_field_name("function") if call is not None else None
            if f is not None and f.type == "identifier" and p.named_children[:1] == [sel]:
                if f.text == b"delete":
                    return "mutate"
                if f.text in (b"len", b"cap"):
                    return "elem"
            return "read"
        if p.type == "selector_expression" and p.child_by_field_name("operand") == sel:
            call = p.parent
            if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == p:
                meth = src.text(p.child_by_field_name("field"))
                ftype, fsrc = self.view.field_type(tname, fname)
                if ftype is not None and _UNSAFE_TYPES.match(fsrc.text(ftype).replace(" ", "")):
                    return "elem" if meth in _READ_ONLY_METHODS else "mutate"
        return "read"

    # -- the races ------------------------------------------------------------------------------

    def races(self) -> list[SharedRace]:
        got = self.view.__dict__.get("_goleash_intent")
        if got is None:
            got = self.view.__dict__["_goleash_intent"] = self._races() + self._polled()
        return got

    # -- a field polled while a goroutine writes it -----------------------------------------------

    def _polled(self) -> list[SharedRace]:
        """A field a loop polls (reads between sleeps: `for { … r.done … time.Sleep(d) }`) with
        no lock, while a goroutine the package starts writes it with no lock: the loop waits for
        that goroutine through the field alone, a data race, and nothing promises the loop ever
        sees the write."""
        sleeps = [(src, c) for src in self.view.non_test_files if src.mentions(b"time.Sleep") for c in calls_named(src, "Sleep")]
        if not sleeps:
            return []
        writes: dict[str, Access] = {}
        for r in self.cc.roots:
            if r.kind == "go" and r.body is not None and not r.src.is_test:
                for a in self._goroutine_accesses(r):
                    if a.kind == "write" and not a.locks:
                        writes.setdefault(a.field, a)
        out: list[SharedRace] = []
        seen: set[str] = set()
        for src, call in sleeps:
            f = call.child_by_field_name("function")
            fn = goast.enclosing_func(call)
            loop = next((a for a in goast.ancestors(call) if a.type == "for_statement" or a == fn), None) if fn is not None else None
            if f is None or src.text(f) != "time.Sleep" or loop is None or loop == fn:
                continue
            for sel in goast.of_type(loop, "selector_expression"):
                fld = sel.child_by_field_name("field")
                if fld is None or goast.enclosing_func(sel) != fn or goast.assigned(sel):
                    continue
                operand = sel.child_by_field_name("operand")
                tname = self.cc.type_of_operand(operand, src) or self._ranged_element(operand, src)
                key = f"{tname}.{src.text(fld)}"
                w = writes.get(key) if tname is not None else None
                if w is None or key in seen or not self._field_in_scope(tname, src.text(fld)):
                    continue
                if goast.inside(sel, w.entry) or fn.id in w.path or w.root in self.cc.reach.get(fn.id, ()):
                    continue  # the poll runs on the writing goroutine itself
                if self.cc.locks_at(sel, src, fn):
                    continue
                seen.add(key)
                read = Access(key, sel, src, "read", (), fn, src, goast.enclosing_decl(sel) or fn, None)
                out.append(SharedRace(read, w, "polled", None, tname))
        return out

    def _ranged_element(self, operand: Node, src: SourceFile) -> str | None:
        """`r` of `for _, r := range readers` where `readers` is (or was set from) a field of
        slice or map type: the struct type of its elements."""
        d = resolve(operand, src, self.view) if operand.type == "identifier" else None
        names = d.ident.parent if d is not None and d.kind == "local" and d.ident is not None else None
        clause = names.parent if names is not None and names.type == "expression_list" else None
        if clause is None or clause.type != "range_clause" or len(names.named_children) != 2 or names.named_children[1] != d.ident:
            return None
        coll = unparen(clause.child_by_field_name("right"))
        if coll.type == "identifier":
            dc = resolve(coll, src, self.view)
            coll = unparen(dc.value) if dc.kind == "local" and dc.value is not None else coll
        if coll.type != "selector_expression":
            return None
        owner = self.cc.type_of_operand(coll.child_by_field_name("operand"), src)
        ftype, fsrc = self.view.field_type(owner, src.text(coll.child_by_field_name("field"))) if owner else (None, None)
        if ftype is None or ftype.type not in ("slice_type", "map_type", "array_type"):
            return None
        elem = ftype.child_by_field_name("element") or ftype.child_by_field_name("value")
        name = fsrc.text(elem).lstrip("*") if elem is not None else ""
        return name if name in self.view.structs else None

    def _goroutine_accesses(self, r: Root) -> list[Access]:
        """The field accesses the methods a goroutine calls on values make (`cr.Read(p)`, or
        `io.Copy(dst, cr)`, which calls `cr.Read`), with the locks held on the way."""
        src = r.body_src or r.src
        return [
            a
            for call in calls_in(src, r.body, skip_func_literals=True)
            for fi in self._called_methods(call, src)
            for a in self._through_call(r, call, fi)
        ]

    def _called_methods(self, call: Node, src: SourceFile) -> list[FuncInfo]:
        f = call.child_by_field_name("function")
        if f is None:
            return []
        name = src.text(f)
        if name in _STREAM_CALLS:
            out = []
            for arg, method in zip(goast.call_args(call), _STREAM_CALLS[name]):
                t = self.cc.type_of_operand(arg, src) if method and arg.type == "identifier" else None
                fi = self.view.funcs.get(f"{t}.{method}") if t is not None else None
                if fi is not None and not fi.src.is_test:
                    out.append(fi)
            return out
        fi = self.cc.resolve_call(call, src) if f.type == "selector_expression" else None
        return [fi] if fi is not None and fi.recv_type and not fi.src.is_test else []

    def _races(self) -> list[SharedRace]:
        out: list[SharedRace] = []
        for tname, si in self.view.structs.items():
            if si.src.is_test:
                continue
            methods = self._methods(tname)
            shared = self._shared_by_instances.get(tname, ())
            promised = self._promised_safe(tname) if methods else None
            if len(methods) < 2 and not shared and not promised:
                continue
            locks = own_locks(self.view, tname)
            contract = self._contract(tname, methods)
            if not locks and not contract and not shared and not promised and not self._started_twice(tname, methods):
                continue
            if _UNSAFE_DOC.search(self._type_doc(tname)):
                continue
            entries = self._entries(tname, methods)
            if len(entries) < 2 and not shared and not promised:
                continue
            by_field: dict[str, list[Access]] = {}
            # each method's accesses in its own body: whether it takes a lock of the type itself
            direct: dict[int, list[Access]] = {}
            for body, src, decl, root, conc in entries:
                for a in self._accesses(tname, body, src, decl, root):
                    a.concurrent = conc
                    by_field.setdefault(a.field, []).append(a)
                    if a.via is None and a.entry == a.decl:
                        direct.setdefault(a.decl.id, []).append(a)
            # (evidence for the instances of one goroutine alone: a lock such a path holds says
            # nothing of the type's other entries, whose callers may hold it out of sight)
            by_instances: dict[str, list[Access]] = {}
            for r, call, callee in shared:
                for a in self._through_call(r, call, callee):
                    a.concurrent = True
                    by_instances.setdefault(a.field, []).append(a)
            reported = set()
            for fld, accs in by_field.items():
                if not self._field_in_scope(tname, fld.split(".", 1)[1]):
                    continue
                if not any(a.kind in ("write", "mutate") for a in accs):
                    continue
                race = (
                    self._guarded(tname, accs, locks)
                    or self._split_section(tname, accs, locks, direct)
                    or self._read_locked_write(tname, accs, locks)
                    or (self._unguarded(tname, accs) if contract else None)
                    or self._goroutines(tname, accs)
                    or self._guarded(tname, accs, locks, by_goroutine=True)
                )
                if race is not None:
                    out.append(race)
                    reported.add(fld)
            for fld, accs in by_instances.items():
                if fld in reported or not self._field_in_scope(tname, fld.split(".", 1)[1]):
                    continue
                w = next((a for a in accs if self._instances_write(a)), None)
                if w is not None:
                    out.append(SharedRace(w, w, "goroutines", None, tname))
                    reported.add(fld)
            if promised:
                for fld, accs in by_field.items():
                    if fld in reported or not self._field_in_scope(tname, fld.split(".", 1)[1]):
                        continue
                    w = next((a for a in accs if self._promise_broken(a, promised[1])), None)
                    if w is not None:
                        out.append(SharedRace(w, w, "promised", promised[0], tname))
        return out

    def _promised_safe(self, tname: str) -> tuple[str, frozenset[str] | None] | None:
        """The type whose documentation promises concurrent use, and the methods the promise
        covers: `tname` itself and all its exported methods, or a package interface it
        implements and that interface's methods. They may run at once, each with itself."""
        if promises_concurrent_use(self._type_doc(tname)):
            return tname, None
        return next(((name, frozenset(iface)) for name, iface in self._safe_interfaces if self.cc.implements(tname, iface)), None)

    @cached_property
    def _safe_interfaces(self) -> list[tuple[str, dict]]:
        out = []
        for name, (node, src) in self.view.types.items():
            if node.type == "interface_type" and not src.is_test and promises_concurrent_use(self._type_doc(name)):
                iface = interface_methods(node, src, documented=True)
                if iface is not None:
                    out.append((name, iface))
        return out

    def _promise_broken(self, a: Access, covered: frozenset[str] | None) -> bool:
        """A write with no lock in an exported method the promise covers (or what it calls on
        its receiver), which two callers may run at once."""
        if a.kind != "write" or a.locks or a.entry != a.decl or a.root is not None or a.entry.type != "method_declaration":
            return False
        name = goast.func_name(a.decl, a.entry_src)
        if not name[:1].isupper() or covered is not None and name not in covered or name in _TEARDOWN:
            return False
        if _UNSAFE_DOC.search(doc_comment(a.decl, a.entry_src)):
            return False
        return not a.entry_src.text(a.report_node).startswith("_")

    def _handed_over(self, held: Access, free: Access) -> bool:
        """`free` runs only after a state field set under the lock stops `held` from running."""
        # (through the calls that lead to them: the state is checked around the first call)
        h, hs, f, fs = held.report_node, held.report_src, free.report_node, free.report_src
        hb, fb = self.cc.boundary_of(h, hs), self.cc.boundary_of(f, fs)
        return hb is not None and fb is not None and handed_over(self.cc, h, hs, hb, f, fs, fb)

    def _field_in_scope(self, tname: str, fname: str) -> bool:
        ftype, fsrc = self.view.field_type(tname, fname)
        if ftype is None or fsrc is None:
            return False
        text = fsrc.text(ftype).lstrip("*")
        if text.startswith(("sync.", "atomic.")) or classify_lock_type(ftype, fsrc):
            return False
        return fname.encode() not in self._address_taken

    @cached_property
    def _address_taken(self) -> set[bytes]:
        """Field names whose address some non-test file takes (`&x.f`)."""
        return {m for f in self.view.files if not f.is_test and b"&" in f.data for m in _ADDRESS_OF_FIELD.findall(f.data)}

    def _guarded(self, tname: str, accs: list[Access], own: set[str], by_goroutine: bool = False) -> SharedRace | None:
        """A lock of the type held at most accesses of the field, and an access in another
        entry without it (one of the two writing). `by_goroutine`: only the evidence that a
        goroutine of the package's writes it under the lock (asked last: any other evidence of
        the field's race is the one reported)."""
        sites: dict[tuple, Access] = {}
        for a in accs:
            sites.setdefault((a.entry.id, a.node.id), a)
        if not own or not _conflict_across(sites.values()):
            return None  # (what follows asks for the locks at every access, the dear part)
        for lock in sorted(own):
            held = [a for a in sites.values() if lock in a.locks]
            free = [a for a in sites.values() if lock not in a.locks and UNNAMED not in a.locks]
            # the lock is the field's discipline: at least as many places hold it as do not
            held_at = {a.node.id for a in held}
            free_at = {a.node.id for a in free}
            if len(held_at) < 2 or len(free_at) > len(held_at):
                continue
            for a in sorted(free, key=lambda x: (x.kind != "write", x.depth, x.src.path, x.node.start_byte)):
                for b in sorted(held, key=lambda x: (x.kind != "write", x.src.path, x.node.start_byte)):
                    if a.decl == b.decl or not _conflict(a, b) or _common(a.locks, b.locks):
                        continue
                    if not (a.concurrent or b.concurrent) or _in_order(a, b):
                        continue
                    if self._handed_over(b, a):
                        continue
                    shape = _shape(a, b, lock, by_goroutine)
                    if shape is None:
                        continue
                    rep, other = (b, a) if a.blocking and b.kind == "write" else (a, b)
                    return SharedRace(rep, other, "guarded", lock, tname, shape)
        return None

    def _split_section(self, tname: str, accs: list[Access], own: set[str], direct: dict[int, list[Access]]) -> SharedRace | None:
        """A method that takes the type's lock for some of its work writes the field outside
        it (`c.mu.Lock(); v := c.items[k]; c.mu.Unlock(); c.hits++`), while another method
        accesses the field holding that lock, and no method but that one touches the field
        without it: the critical section stops short of the write. Two callers of the methods
        at once race, whether or not the package starts the goroutines itself."""
        sites: dict[tuple, Access] = {}
        for a in accs:
            sites.setdefault((a.entry.id, a.node.id), a)
        if not own or not _split_candidate(sites.values(), direct):
            return None
        # The locks at an access are dear to work out: those of the writes in a method's own
        # body are asked first, the rest only for a write that holds no lock at all.
        writes = [a for a in sites.values() if a.kind == "write" and a.via is None and a.entry == a.decl]
        writes.sort(key=lambda x: (x.src.path, x.node.start_byte))
        for lock in sorted(own):
            held = None
            for a in writes:
                if a.locks:
                    continue
                if not any(lock in x.locks for x in direct.get(a.decl.id, ())):
                    continue  # the method does not use the lock at all: no sign it forgot it
                if any(f.decl != a.decl and lock not in f.locks and UNNAMED not in f.locks for f in sites.values()):
                    continue  # elsewhere too the field goes without the lock: not its discipline
                if held is None:
                    held = sorted((x for x in sites.values() if lock in x.locks), key=lambda x: (x.kind != "write", x.src.path, x.node.start_byte))
                for b in held:
                    if b.decl == a.decl or not _conflict(a, b) or _in_order(a, b):
                        continue
                    if _flag_handoff(a, b) or self._handed_over(b, a):
                        continue
                    return SharedRace(a, b, "guarded", lock, tname, "split")
        return None

    def _read_locked_write(self, tname: str, accs: list[Access], own: set[str]) -> SharedRace | None:
        """A field written holding only the read side of the type's RWMutex (`r.mu.RLock();
        r.next++`): any number of goroutines hold a read lock at once, so two callers of the
        method write together. Written by a method others can call, or read elsewhere too."""
        if not own:
            return None
        for a in sorted(accs, key=lambda x: (x.depth, x.src.path, x.node.start_byte)):
            if a.kind != "write" or not a.locks or any(m != "r" for m in a.locks.values()):
                continue
            lock = next((k for k in sorted(a.locks) if k in own), None)
            if lock is None:
                continue
            # the other side: another method using the field under the same read lock, or
            # this one run by several goroutines at once (one consumer taking the read lock
            # only to keep Close out races with no one)
            other = next((b for b in accs if b.decl != a.decl and b.locks.get(lock) == "r"), None)
            if other is None and not self._run_by_many(a.entry):
                continue
            return SharedRace(a, other or a, "guarded", lock, tname, "read-locked")
        return None

    def _run_by_many(self, fn: Node) -> bool:
        roots = self.cc.reach.get(fn.id, [])
        return len({r.node.id for r in roots}) > 1 or any(r.kind == "handler" or r.multi for r in roots)

    def _unguarded(self, tname: str, accs: list[Access]) -> SharedRace | None:
        """A type with net.Conn's contract: a deadline setter writes a field that Read or Write
        uses, with no lock common to both."""
        for a in sorted(accs, key=lambda x: (x.kind == "write", x.src.path, x.node.start_byte)):
            if a.via is not None or goast.func_name(a.decl, a.entry_src) not in ("Read", "Write"):
                continue
            for b in accs:
                # the contract's own case: a deadline set while Read or Write runs
                if b.via is not None or b.kind != "write" or goast.func_name(b.decl, b.entry_src) not in _CONN_METHODS:
                    continue
                if _common(a.locks, b.locks):
                    continue
                return SharedRace(a, b, "contract", None, tname)
        return None

    def _started_twice(self, tname: str, methods: list[FuncInfo]) -> bool:
        ids = {fi.node.id for fi in methods}
        started, multi, in_loop = self._goroutine_starts
        return (
            sum(started.get(i, 0) for i in ids) >= 2
            or not multi.isdisjoint(ids)
            # a goroutine literal a method starts in a loop
            or not in_loop.isdisjoint(ids)
        )

    @cached_property
    def _goroutine_starts(self) -> tuple[dict[int, int], set[int], set[int]]:
        """For the package's goroutines: how many the package (not its tests) starts on each
        function; the functions started many times at once; the functions that start a
        literal in a loop."""
        started: dict[int, int] = {}
        multi: set[int] = set()
        in_loop: set[int] = set()
        for r in self.cc.roots:
            if r.kind != "go" or r.body is None:
                continue
            if not r.src.is_test:
                started[r.body.id] = started.get(r.body.id, 0) + 1
            if r.multi:
                multi.add(r.body.id)
            if r.body.type == "func_literal" and r.loop is not None and r.spawner is not None:
                in_loop.add(r.spawner.id)
        return started, multi, in_loop

    def _goroutines(self, tname: str, accs: list[Access]) -> SharedRace | None:
        """Goroutines the package starts on one value: a write in one, another access in
        another (or in another instance of the same), with no lock and no channel send after
        the write that could hand the value over."""
        for w in accs:
            if self._instances_write(w):
                return SharedRace(w, w, "goroutines", None, tname)
            mate = self._same_pass(w, accs)
            if mate is not None:
                return SharedRace(w, mate, "goroutines", None, tname)
        for w in accs:
            if w.kind != "write" or w.locks or w.root is None or w.root.kind != "go" or w.entry != w.decl:
                continue
            if self._hands_over(w):
                continue
            for b in accs:
                r = b.root
                if r is None or r.kind != "go" or b.locks or b.entry != b.decl:
                    continue
                if b.entry == w.entry:
                    if not (b is w and r.multi and _receiver_shared(r)):
                        continue
                elif not self._same_value(w.root, r):
                    continue
                if self._hands_over(b) and b.kind == "write":
                    continue
                rep, other = (w, b)
                return SharedRace(rep, other, "goroutines", None, tname)
        return None

    def _same_pass(self, w: Access, accs: list[Access]) -> Access | None:
        """Goroutines a loop starts together and waits for before its next pass (`wg.Add(2); go
        a(); go b(); wg.Wait()`): a write in one and an access in another of the same pass,
        neither holding a lock, overlap."""
        r = w.root
        if w.kind != "write" or w.locks or r is None or r.kind != "go" or r.loop is None or r.src.is_test:
            return None
        if not self.cc.joined_each_pass(r):
            return None
        for b in accs:
            rb = b.root
            if rb is not None and rb is not r and rb.kind == "go" and rb.loop == r.loop and not b.locks and self.cc.joined_each_pass(rb):
                return b
        return None

    def _instances_write(self, w: Access) -> bool:
        """`for … { go func() { c.inc() }() }`: every instance of a goroutine literal started in
        a loop writes the receiver it captured, with no lock. Whatever the goroutines hand over
        when they finish does not order them against each other; a send before the write (a
        token taken from a semaphore) might, so that stays silent."""
        r = w.root
        if w.kind != "write" or w.locks or r is None or r.kind != "go" or r.loop is None or r.body is None or not r.multi:
            return False
        if r.body.type != "func_literal" or w.entry != r.body or r.src.is_test:
            return False
        if w.entry_src.text(w.report_node).startswith("_"):
            return False
        return not any(n.start_byte < w.report_node.start_byte for n in goast.of_type(r.body, "send_statement"))

    def _hands_over(self, a: Access) -> bool:
        """A send, close or join in the goroutine's function: it may order the access."""
        fn = a.entry
        for n in goast.of_type(fn, "send_statement", "call_expression"):
            if n.type == "send_statement":
                return True
            f = n.child_by_field_name("function")
            if f is None:
                continue
            if a.entry_src.text(f) == "close":
                return True
            if f.type == "selector_expression" and a.entry_src.text(f.child_by_field_name("field")) in ("Wait", "Done", "Signal", "Broadcast"):
                p = n.parent
                if not (p is not None and p.type == "unary_expression" and a.entry_src.text(p).startswith("<-")):
                    return True  # (`<-ctx.Done()` waits for cancellation, not for the other goroutine)
        return self._wrapper_before(fn, a.entry_src, a.node) if a.src is a.entry_src else False

    def _same_value(self, r1: Root, r2: Root) -> bool:
        """Two goroutines started from the same function on the same receiver variable."""
        if r1 is r2 or r1.spawner is None or r1.spawner != r2.spawner:
            return False
        a1 = _go_operand(r1)
        a2 = _go_operand(r2)
        return a1 is not None and a2 is not None and a1 == a2 and not r1.distinct_names and not r2.distinct_names


# Standard functions that call methods of their arguments: argument i -> the method it runs.
_STREAM_CALLS = {
    "io.Copy": ("Write", "Read"),
    "io.CopyN": ("Write", "Read"),
    "io.CopyBuffer": ("Write", "Read"),
    "io.ReadAll": ("Read",),
    "ioutil.ReadAll": ("Read",),
    "io.ReadFull": ("Read",),
}


def _receiver_shared(r: Root) -> bool:
    """`go s.worker()` in a loop over something else: every instance runs on the same `s`.
    Started once per call of a method on its own receiver, the instances share it only when a
    loop calls that method on one value again and again."""
    name = goast.receiver(r.body, r.body_src)[0] if r.body is not None and r.body_src is not None else None
    if name is None or name not in r.param_args or name in r.distinct_names:
        return False
    sp = r.spawner
    if r.loop is None and sp is not None and sp.type == "method_declaration" and r._cc is not None:
        if r.src.text(r.param_args[name]) == goast.receiver(sp, r.src)[0]:
            return r._cc.looped_on_one_value(sp, r.src)
    return True


def _go_operand(r: Root) -> str | None:
    if r.node.type != "go_statement":
        return None
    call = next((c for c in r.node.named_children if c.type == "call_expression"), None)
    f = call.child_by_field_name("function") if call is not None else None
    if f is None or f.type != "selector_expression":
        return None
    o = unparen(f.child_by_field_name("operand"))
    return r.src.text(o) if o.type == "identifier" else None


def _flag_handoff(a: Access, b: Access) -> bool:
    """`w.mu.Lock(); w.flushed = true; w.mu.Unlock(); …; w.buf = nil` while the other method
    leaves before touching `buf` once `flushed` is set (`if w.flushed { return … }`): the flag,
    set under the lock, hands the field over to the first method."""
    rname = goast.receiver(a.decl, a.entry_src)[0]
    body = a.decl.child_by_field_name("body")
    if not rname or body is None:
        return False
    flags = set()
    for st in goast.of_type(body, "assignment_statement"):
        if st.start_byte >= a.node.start_byte:
            break
        right = st.child_by_field_name("right")
        if right is None or a.src.text(right) not in ("true", "false"):
            continue  # a flag: set to true or false
        for left in goast.of_type(st.child_by_field_name("left"), "selector_expression"):
            operand = left.child_by_field_name("operand")
            if operand is not None and operand.type == "identifier" and a.src.text(operand) == rname:
                flags.add(a.src.text(left.child_by_field_name("field")))
    flags.discard(a.field.split(".", 1)[1])
    if not flags:
        return False
    fn = b.fn
    if fn is None:
        return False
    for cond_if in goast.of_type(fn, "if_statement"):
        if cond_if.start_byte >= b.node.start_byte:
            break
        cond = cond_if.child_by_field_name("condition")
        if cond is None or not any(b.src.text(f) in flags for f in goast.of_type(cond, "field_identifier")):
            continue
        cons = cond_if.child_by_field_name("consequence")
        if goast.inside(b.node, cond_if) or (cons is not None and goast.block_terminates(cons, b.src)):
            return True
    return False


def _conflict(a: Access, b: Access) -> bool:
    """Do the two touch the same memory, one of them changing it?"""
    if a.kind == "write" or b.kind == "write":
        return True
    return "mutate" in (a.kind, b.kind) and a.kind in ("mutate", "elem") and b.kind in ("mutate", "elem")


def _conflict_across(sites) -> bool:
    """Whether two of the accesses, in different methods, conflict with one of them known to
    run concurrently: what a guarded race needs whatever locks are held. Most fields have no
    such pair, and are spared working out the locks at each of their accesses."""
    sites = list(sites)
    for a in sites:
        if a.concurrent and any(b.decl != a.decl and _conflict(a, b) for b in sites):
            return True
    return False


def _split_candidate(sites, direct: dict[int, list[Access]]) -> bool:
    """Whether a write in a method's own body, in a method with another access of its own,
    has an access in another method: what a critical section stopping short of the write
    needs whatever locks are held."""
    sites = list(sites)
    for a in sites:
        if a.kind == "write" and a.via is None and a.entry == a.decl and len(direct.get(a.decl.id, ())) >= 2:
            if any(b.decl != a.decl for b in sites):
                return True
    return False


def _shape(free: Access, held: Access, lock: str, by_goroutine: bool = False) -> str | None:
    """What makes the unguarded access `free` a mistake rather than a design:
    - wrong-lock: it holds another lock of the same type, just not the field's;
    - helper: the very same access runs under the lock on one path and without on another
      (a helper whose callers disagree);
    - map: an element access of a map the lock guards, in a goroutine or a callback (a
      concurrent map read and write is a fatal error in Go);
    - channel: a goroutine receives from a channel field that is reassigned under the lock;
    - goroutine: a goroutine the package starts on the value writes the field under the lock,
      and an exported method, which its callers run on their own goroutines, touches it without."""
    if by_goroutine:
        # a goroutine that touches the field from its loop, for as long as it runs (not once as it
        # starts), and an exported method reaching it outside the lock
        r = held.root
        if held.kind != "write" or r is None or r.kind != "go" or held.entry != r.body or free.root is not None or free.entry != free.decl:
            return None
        if not goast.func_name(free.decl, free.entry_src)[:1].isupper() or not _in_loop(held.in_entry, held.entry) or _after_receive(free):
            return None
        return "goroutine"

    owner = lock.split(".", 1)[0]
    if any(k != lock and (k == owner or k.startswith(owner + ".")) and not k.endswith(".L") for k in free.locks):
        return "wrong-lock"
    if free.node == held.node and free.via is not None:
        return "helper"
    if free.concurrent and free.entry == free.decl and {free.kind, held.kind} <= {"mutate", "elem"} and "mutate" in (free.kind, held.kind):
        return "map"
    if free.blocking and held.kind == "write" and free.root is not None:
        return "channel"
    return None


def _in_loop(n: Node | None, stop: Node) -> bool:
    """`n` runs in a `for` loop of `stop`'s own body."""
    for a in goast.ancestors(n) if n is not None else ():
        if a == stop or a.type in goast.FUNC_TYPES:
            return False
        if a.type == "for_statement":
            return True
    return False


def _after_receive(a: Access) -> bool:
    """The access comes after a receive of its own function (`case <-s.shutdownCh: return
    s.shutdownErr`, `id, ok := <-c.next; if !ok { return c.stopErr }`): the channel most often
    orders it after the write, which the goroutine makes before it closes or sends."""
    fn = goast.enclosing_func(a.node)
    body = goast.func_body(fn) if fn is not None else None
    if body is None:
        return False
    for op in owners_in(a.src, body, "<-", frozenset({"unary_expression"}), skip_func_literals=True):
        if op.start_byte < a.node.start_byte:
            return True
    return False


def _ordered(a: Access, b: Access) -> bool:
    """`a` runs in a goroutine that `b`'s path starts (after what came before it there):
    stay silent rather than order them."""
    r = a.root
    if r is None or r.kind != "go":
        return False
    spawner = goast.enclosing_decl(r.node) if r.node is not None else None
    return spawner is not None and spawner.id in b.path


def type_doc(view: PackageView, tname: str) -> str:
    """The comments right above a type's declaration."""
    t = view.types.get(tname)
    if t is None:
        return ""
    node, src = t
    spec = node.parent
    decl = spec.parent if spec is not None and spec.type == "type_spec" else spec
    text = ""
    for n in (spec, decl):
        prev = n.prev_named_sibling if n is not None else None
        while prev is not None and prev.type == "comment" and prev.end_point[0] >= n.start_point[0] - 12:
            text = src.text(prev) + text
            prev = prev.prev_named_sibling
    return text


# A value's teardown, which its owner runs once: two of them at once is not what the promise is about.
_TEARDOWN = frozenset({"Close", "Stop", "Shutdown", "Fini", "Release", "Destroy"})
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?://\s*)?")
# "No methods on filter are goroutine safe", "ObjectEncoders aren't safe for concurrent use"
_NEGATED = re.compile(r"\b(?:not|no|none|never|neither|nothing)\b|n't\b", re.IGNORECASE)
# "The Find and Range methods are safe…", "Read and Close may be called concurrently": a promise
# about some methods (or about two calls of different methods), not every method with itself
_NAMED_METHODS = re.compile(r"\b[A-Z]\w*(?:,\s*[A-Z]\w*)*,?\s+(?:and|or)\s+[A-Z]\w*")


def promises_concurrent_use(doc: str) -> bool:
    """A sentence of the documentation says the whole type (or all its methods) may be used
    from several goroutines at once, and does not deny it."""
    if not _SAFE_DOC.search(doc) or _UNSAFE_DOC.search(doc):
        return False
    return any(_SAFE_DOC.search(t) and not _NEGATED.search(t) and not _NAMED_METHODS.search(t) for t in _SENTENCE_END.split(doc))


def documented_unsafe(view: PackageView, tname: str | None) -> bool:
    """The type's documentation says it is not for concurrent use without the caller's own
    synchronisation: a race between callers is theirs to prevent."""
    return tname is not None and bool(_UNSAFE_DOC.search(type_doc(view, tname)))


def _joined(a: Access, b: Access) -> bool:
    """`a` comes after a `Wait` of the WaitGroup that counts `b`'s goroutine (its body starts
    with `defer x.wg.Done()`): the goroutine has finished when `a` runs (`close(m.done);
    m.wg.Wait(); m.done = nil`)."""
    r = b.root
    if r is None or r.kind != "go" or r.body is None or r.body_src is None or a.via is not None:
        return False
    body = goast.func_body(r.body)
    group = None
    for st in goast.statements(body)[:3]:
        text = r.body_src.text(st).replace(" ", "")
        if st.type == "defer_statement" and text.endswith(".Done()"):
            group = text[len("defer") : -len(".Done()")].rsplit(".", 1)[-1]
            break
    if not group and b.via is None and body is not None and goast.inside(b.node, body):
        # no deferred Done, but every Done the goroutine calls comes after `b`
        dones = [c for c in calls_in(r.body_src, body) if r.body_src.text(c).replace(" ", "").endswith(".Done()")]
        names = {r.body_src.text(c).replace(" ", "")[: -len(".Done()")].rsplit(".", 1)[-1] for c in dones}
        if len(names) == 1 and all(c.start_byte > b.node.end_byte for c in dones):
            group = names.pop()
    if not group:
        return False
    fn = goast.enclosing_func(a.node, a.src)
    for call in calls_in(a.src, fn) if fn is not None else ():
        if call.end_byte > a.node.start_byte:
            continue
        text = a.src.text(call.child_by_field_name("function")).replace(" ", "")
        if text.endswith(f".{group}.Wait") or text == f"{group}.Wait":
            st = goast.statement_of(call)
            lst = st.parent if st is not None else None
            if lst is not None and goast.inside(a.node, lst) and goast.enclosing_func(call, a.src) == fn:
                return True
    return False


def _in_order(a: Access, b: Access) -> bool:
    """One of the two runs only after the other's goroutine has started it, or has finished."""
    if _ordered(a, b) or _ordered(b, a) or _joined(a, b) or _joined(b, a) or _replied(a, b) or _replied(b, a):
        return True
    return _published(a, b) or _published(b, a)


def _replied(a: Access, b: Access) -> bool:
    """`a` comes after a receive from a channel field (`<-r.done`) that `b`'s goroutine sends on,
    or closes, only as its last act before returning (`case <-r.quit: r.done <- true; return`):
    the receive is the goroutine's end, and everything it did, `b` included, came before."""
    r = b.root
    if r is None or r.kind != "go" or r.body is None or r.body_src is None:
        return False
    got = _received_before(a.node, a.src)
    if not got:
        return False
    bsrc, body = r.body_src, goast.func_body(r.body)
    for fld in got:
        ends = []
        for n in goast.of_type(body, "send_statement", "call_expression"):
            target = n.child_by_field_name("channel") if n.type == "send_statement" else None
            if n.type == "call_expression" and bsrc.text(n.child_by_field_name("function")) == "close" and goast.call_args(n):
                target = goast.call_args(n)[0]
            if target is None or target.type != "selector_expression" or bsrc.text(target.child_by_field_name("field")) != fld:
                continue
            st = goast.statement_of(n)
            nxt = st.next_named_sibling if st is not None else None
            last = st is not None and st.parent is not None and st.parent.parent == body and nxt is None
            ends.append(last or nxt is not None and nxt.type == "return_statement")
        if ends and all(ends):
            return True
    return False


def _received_before(node: Node, src: SourceFile) -> set[str]:
    """The channel fields (`done` of `<-r.done`) a receive takes from before `node` runs: in a
    statement of a list that holds `node`, or as the case of a select that `node` is in."""
    fn = goast.enclosing_func(node, src)
    if fn is None:
        return set()
    got = set()
    for n in goast.of_type(fn, "unary_expression"):
        if n.start_byte >= node.start_byte or not src.text(n).startswith("<-"):
            continue
        operand = n.child_by_field_name("operand")
        if operand is None or operand.type != "selector_expression":
            continue
        st = goast.statement_of(n)
        lst = st.parent if st is not None else None
        case = n.parent
        while case is not None and case.type not in ("communication_case", "statement_list", *goast.FUNC_TYPES):
            case = case.parent
        if lst is not None and goast.inside(node, lst) or case is not None and case.type == "communication_case" and goast.inside(node, case):
            got.add(src.text(operand.child_by_field_name("field")))
    return got


def _published(a: Access, b: Access) -> bool:
    """`a` writes, then closes a channel field (`x.err = e; close(x.done)`), and `b` runs only
    after a receive from that field (`case <-x.done: return x.err`): the close publishes the
    write to whoever has seen it."""
    if a.kind != "write":
        return False
    st = goast.statement_of(a.report_node)
    closed = set()
    nxt = st.next_named_sibling if st is not None else None
    while nxt is not None and nxt.type == "expression_statement":
        call = nxt.named_children[0] if nxt.named_children else None
        if call is not None and call.type == "call_expression" and a.report_src.text(call.child_by_field_name("function")) == "close":
            args = goast.call_args(call)
            if len(args) == 1 and args[0].type == "selector_expression":
                closed.add(a.report_src.text(args[0].child_by_field_name("field")))
        nxt = nxt.next_named_sibling
    return bool(closed) and bool(closed & _received_before(b.report_node, b.report_src))


def _common(a: dict, b: dict) -> bool:
    if UNNAMED in a or UNNAMED in b:
        return True
    return any(k in b and (a[k] == "w" or b[k] == "w") for k in a)


def _received(sel: Node, src: SourceFile) -> bool:
    """`<-r.ch` / `case <-r.ch:` / `range r.ch`: waiting on the field's channel."""
    p = sel.parent
    if p is not None and p.type == "unary_expression" and src.text(p).startswith("<-"):
        return True
    return p is not None and p.type == "range_clause"


def _in_once(n: Node, src: SourceFile) -> bool:
    for a in goast.ancestors(n):
        if a.type in ("function_declaration", "method_declaration"):
            return False
        if a.type == "func_literal":
            p = a.parent
            call = p.parent if p is not None and p.type == "argument_list" else None
            if call is not None and call.type == "call_expression":
                _, name = goast.call_parts(call, src)
                if name in ("Do", "Once", "OnceFunc"):
                    return True
    return False


_LOCKISH = re.compile(r"(?i)(?<!un)lock|acquire|enter|exclusive")


def _first_wrapper(boundary: Node, src: SourceFile) -> int | None:
    """Where the function first calls something like `s.lock()`, `s.acquire()`: a lock the lock
    sets do not follow, held from there on."""
    seg = src.data[boundary.start_byte : boundary.end_byte]
    if seg.isascii():
        # (not so in other scripts: ignoring case, the Kelvin sign is a `k`)
        low = seg.lower()
        if b"lock" not in low and b"acquire" not in low and b"enter" not in low and b"exclusive" not in low:
            return None
    for call in calls_in(src, boundary):
        _, name = goast.call_parts(call, src)
        if name and name not in ("Lock", "RLock", "Unlock", "RUnlock") and _LOCKISH.search(name):
            return call.start_byte
    return None


def value_param(fn: Node, src: SourceFile) -> tuple[str | None, str | None]:
    """(name, struct type) of a function's one parameter that is a pointer to a struct type
    of the package's own naming (`c *Conn`); (None, None) when there is not exactly one."""
    found = []
    for p in goast.params_of(fn):
        t = p.child_by_field_name("type")
        if t is None or t.type != "pointer_type":
            continue
        inner = t.named_children[0] if t.named_children else None
        if inner is None or inner.type != "type_identifier":
            continue
        for n in p.children_by_field_name("name"):
            found.append((src.text(n), src.text(inner)))
    return found[0] if len(found) == 1 else (None, None)


def _receiver_uses(body: Node, src: SourceFile, rname: str) -> list[Node]:
    """The selectors `r.x` on the name `rname` in `body` and the calls `r.M(…)` made through
    them, in source order, outer first: found from the name's occurrences (a method's body
    holds many more selectors and calls than uses of its receiver)."""
    names = name_nodes(src, rname)
    i = bisect_left(names, body.start_byte, key=node_start)
    out = []
    for x in names[i:]:
        if x.start_byte >= body.end_byte:
            break
        if x.type != "identifier":
            continue
        # (each parent is found by a descent from the root: asked once per step)
        sel = x.parent
        while sel is not None and sel.type == "parenthesized_expression":
            x, sel = sel, sel.parent
        if sel is None or sel.type != "selector_expression" or sel.child_by_field_name("operand") != x:
            continue
        out.append(sel)
        call = sel.parent
        if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == sel:
            out.append(call)
    sort_outer_first(out)
    return out


def intent(view: PackageView) -> Intent:
    got = view.__dict__.get("_goleash_intent_model")
    if got is None:
        got = view.__dict__["_goleash_intent_model"] = Intent(view)
    return got
