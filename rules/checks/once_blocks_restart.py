"""once-blocks-restart: a start method that launches its goroutine through a `sync.Once`, a
stop method that ends that goroutine, and evidence that the type is meant to start again after
stopping (the start method's doc says so, or the package calls stop then start on one value)."""

from __future__ import annotations

import re

from .. import goast
from ..concurrency import doc_comment
from ..goast import Node, func_label, line_of, unparen
from ..model import Diagnostic, Related, Severity
from ..package import FuncInfo, PackageView
from ..parse import SourceFile, method_calls
from ..registry import Rule, register
from ..synctypes import is_sync_type, type_text

RULE_ID = "once-blocks-restart"

# "Start may be called again after Stop", "restarts the loop", "can be called multiple times"
_RESTART_DOC = re.compile(
    r"\b(?:re-?start\w*|again\s+after|after\s+(?:a\s+(?:call\s+to\s+)?)?\w*(?:Stop|Close|Shutdown)\w*\b.{0,40}\b(?:start|run)|"
    r"(?:called|call\s+it|invoked)\s+(?:again|more\s+than\s+once|multiple\s+times|repeatedly))",
    re.IGNORECASE | re.DOTALL,
)


_NEGATED = re.compile(r"\b(?:not|cannot|can't|never|no|nor)\b[^.;]{0,25}$", re.IGNORECASE)


def _promises_restart(doc: str) -> bool:
    """The doc says the method may run again ("cannot be restarted" says the opposite)."""
    return any(not _NEGATED.search(doc[max(0, m.start() - 40) : m.start()]) for m in _RESTART_DOC.finditer(doc))


def _methods_of(view: PackageView, tname: str) -> list[FuncInfo]:
    return [fi for fi in view.funcs.values() if fi.recv_type == tname]


def _started_body(view: PackageView, arg: Node, src: SourceFile, tname: str) -> tuple[Node, SourceFile] | None:
    """What the `Do` starts with `go`: the goroutine's function (a method of the type) or literal."""
    arg = unparen(arg)
    bodies: list[tuple[Node, SourceFile]] = []
    if arg.type == "func_literal":
        bodies.append((arg, src))
    elif arg.type == "selector_expression":
        fi = view.funcs.get(f"{tname}.{src.text(arg.child_by_field_name('field'))}")
        if fi is not None:
            bodies.append((fi.node, fi.src))
    for body, bsrc in bodies:
        for g in goast.of_type(body, "go_statement"):
            call = next((c for c in g.named_children if c.type == "call_expression"), None)
            f = call.child_by_field_name("function") if call is not None else None
            if f is None:
                continue
            if f.type == "func_literal":
                return f, bsrc
            if f.type == "selector_expression":
                fi = view.funcs.get(f"{tname}.{bsrc.text(f.child_by_field_name('field'))}")
                if fi is not None:
                    return fi.node, fi.src
    return None


def _ender(view: PackageView, tname: str, start: FuncInfo, loop: Node, lsrc: SourceFile) -> tuple[FuncInfo, Node] | None:
    """A method other than `start` that closes a channel field, or calls a cancel func field,
    that the goroutine's function watches: the method that ends the goroutine."""
    watched = {lsrc.text(f) for f in goast.of_type(loop, "field_identifier")}
    for fi in _methods_of(view, tname):
        if fi.node == start.node:
            continue
        rname = fi.recv_name
        body = fi.node.child_by_field_name("body")
        if body is None or not rname:
            continue
        for call in goast.of_type(body, "call_expression"):
            f = call.child_by_field_name("function")
            args = goast.call_args(call)
            target = None
            if f.type == "identifier" and fi.src.text(f) == "close" and len(args) == 1:
                target = unparen(args[0])
            elif f.type == "selector_expression" and not args:
                target = f  # `s.cancel()`
            if target is None or target.type != "selector_expression":
                continue
            operand = unparen(target.child_by_field_name("operand"))
            field = fi.src.text(target.child_by_field_name("field"))
            if operand.type != "identifier" or fi.src.text(operand) != rname:
                continue
            # a cancel func ends whatever watches its context's Done
            if field not in watched and not (f.type != "identifier" and "Done" in watched):
                continue
            ftype, fsrc = view.field_type(tname, field)
            if ftype is None:
                continue
            ftext = fsrc.text(ftype).replace(" ", "")
            if (f.type == "identifier" and ftext.startswith("chan")) or (f.type != "identifier" and ftext.endswith("CancelFunc")):
                return fi, call
    return None


def _resets_once(view: PackageView, tname: str, once_field: str) -> bool:
    """Some method assigns the Once a fresh value (`s.once = sync.Once{}`): restarting is handled."""
    for fi in _methods_of(view, tname):
        for st in goast.of_type(fi.node, "assignment_statement"):
            left = st.child_by_field_name("left")
            if left is not None and fi.src.text(left).replace(" ", "").endswith(f".{once_field}"):
                return True
    return False


def _restart_call(view: PackageView, start: FuncInfo, stop: FuncInfo) -> tuple[Node, SourceFile] | None:
    """`x.Stop(); …; x.Start()` on one value somewhere in the package: a restart."""
    for src in view.files:
        if not src.mentions(f".{start.name}(".encode()) or not src.mentions(f".{stop.name}(".encode()):
            continue
        stops = method_calls(src, stop.name)
        for call in method_calls(src, start.name):
            operand = src.text(call.child_by_field_name("function").child_by_field_name("operand"))
            fn = goast.enclosing_func(call)
            for s in stops:
                if s.start_byte < call.start_byte and goast.enclosing_func(s) == fn:
                    if src.text(s.child_by_field_name("function").child_by_field_name("operand")) == operand:
                        return call, src
    return None


def _run(view: PackageView):
    out = []
    for src in view.files:
        if not src.mentions(b".Do(") or not src.mentions(b"Once"):
            continue
        for call in method_calls(src, "Do"):
            once = unparen(call.child_by_field_name("function").child_by_field_name("operand"))
            args = goast.call_args(call)
            if len(args) != 1 or once.type != "selector_expression" or not is_sync_type(type_text(view, once, src), ("Once",), src):
                continue
            decl = goast.enclosing_decl(call)
            if decl is None or decl.type != "method_declaration":
                continue
            rname, tname, _ = goast.receiver(decl, src)
            operand = unparen(once.child_by_field_name("operand"))
            if not tname or operand.type != "identifier" or src.text(operand) != rname:
                continue
            start = view.funcs.get(f"{tname}.{goast.func_name(decl, src)}")
            started = _started_body(view, args[0], src, tname)
            if start is None or started is None:
                continue
            once_field = src.text(once.child_by_field_name("field"))
            ended = _ender(view, tname, start, *started)
            if ended is None or _resets_once(view, tname, once_field):
                continue
            stop, stop_call = ended
            doc = doc_comment(decl, src)
            restart = _restart_call(view, start, stop)
            if not _promises_restart(doc) and restart is None:
                continue
            evidence = [Related(stop.src.span(stop_call), f"`{func_label(stop.node, stop.src)}` ends the goroutine here")]
            if restart is not None:
                evidence.append(Related(restart[1].span(restart[0]), f"`{start.name}` called again after `{stop.name}` here"))
                why = f"`{start.name}` is called again after `{stop.name}`"
            else:
                why = f"`{start.name}` is documented to start it again"
            out.append(
                Diagnostic(
                    src.span(call),
                    f"`{src.text(once)}.Do` starts the goroutine only on the first call of `{func_label(decl, src)}`, "
                    f"but `{func_label(stop.node, stop.src)}` ends it (line {line_of(stop.src, stop_call)}) and {why}: "
                    f"the next `{start.name}` does nothing, the goroutine stays stopped and whatever it served "
                    f"hangs or is silently dropped.",
                    evidence,
                    [],
                    anchor=f"{func_label(decl, src)}|once-restart|{src.text(once)}",
                )
            )
    return out


ONCE_RESTART = register(
    Rule(
        id=RULE_ID,
        title="Start guarded by sync.Once cannot restart what Stop ended",
        family="E",
        severity=Severity.WARNING,
        what="""
Finds a method that starts its goroutine inside `once.Do(...)` while another method of the same
type ends that goroutine (closes the channel it watches, or calls its cancel func), when the
type is meant to start again: the start method's doc says it may be called again or restarts,
or the package calls the stop method and then the start method on one value. A Once that some
method resets is left alone.
""",
        why="""
A `sync.Once` runs its function once for the lifetime of the value. After the stop method ends
the goroutine, calling the start method again returns without starting anything: the loop the
caller believes is running is gone, so work queued for it waits forever or is dropped, with
no error anywhere.
""",
        example="""
// Start starts the flusher. It may be called again after Stop.
func (f *Flusher) Start() {
	f.once.Do(func() { go f.loop() })
}

func (f *Flusher) Stop() { close(f.stop) }
""",
        instead="""
// Start starts the flusher. It may be called again after Stop.
func (f *Flusher) Start() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.running {
		return
	}
	f.running = true
	f.stop = make(chan struct{})
	go f.loop(f.stop)
}

func (f *Flusher) Stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.running {
		close(f.stop)
		f.running = false
	}
}
""",
        vet_overlap="Not covered by go vet or staticcheck.",
        run=_run,
    )
)
