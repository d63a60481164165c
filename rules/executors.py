"""Closures that run on another goroutine than the one that writes them: handed over a channel to
an executor, a goroutine that receives them and calls them one after another.

    func (a *Agent) run(t func(*Agent)) error {
        done := make(chan struct{})
        a.tasks <- task{t, done} // handed over, never called here
        <-done
        return nil
    }

    func (a *Agent) loop() {
        for t := range a.tasks {
            t.fn(a) // the executor: every task runs here, one at a time
            close(t.done)
        }
    }

    a.run(func(a *Agent) { a.peers[id] = p }) // runs in loop's goroutine, not the caller's

A func parameter is handed over when its function sends it (alone, or in a composite literal) on
a channel and never calls it; the channel is known by its field (`tasks`) or variable name. An
executor is a function that receives from a channel of that name and calls what it received (or
a field of it). A func literal passed for a handed-over parameter runs where the executors run.
Without an executor in the package (the channel is read elsewhere), nothing is known and the
literal is left to run where it is written, as any callback."""

from __future__ import annotations

from functools import cached_property

from . import goast
from .goast import Node, unparen
from .package import FuncInfo, PackageView
from .parse import SENDS, SourceFile, calls_in, name_nodes, owners_in


class Executors:
    def __init__(self, view: PackageView, resolve_call) -> None:
        self.view = view
        self._resolve_call = resolve_call
        self._keys: dict[int, str | None] = {}
        self._fields: dict[str, set[str]] = {}  # channel name -> fields of the values that carry the func

    @cached_property
    def handing(self) -> dict[int, tuple[FuncInfo, dict[int, str]]]:
        """Function node id -> (the function, {index of a handed-over parameter: channel name})."""
        out: dict[int, tuple[FuncInfo, dict[int, str]]] = {}
        for fi in self.view.funcs.values():
            body, data = fi.body, fi.src.data
            # (a func-typed parameter is spelled `func(` with no space; a declaration's own
            # keyword never is)
            if body is None or data.find(b"func(", fi.node.start_byte + 4, body.start_byte) < 0:
                continue
            if data.find(b"<-", body.start_byte, body.end_byte) < 0:
                continue
            handed = self._handed_params(fi)
            if handed:
                out[fi.node.id] = (fi, handed)
        return out

    def _handed_params(self, fi: FuncInfo) -> dict[int, str]:
        src, body = fi.src, fi.body
        names: list[tuple[int, str]] = []
        i = 0
        for p in goast.params_of(fi.node):
            t = p.child_by_field_name("type")
            pnames = goast.param_names(p, src) or ["_"]
            if t is not None and t.type == "function_type":
                names.extend((i + k, n) for k, n in enumerate(pnames))
            i += len(pnames)
        if not names:
            return {}
        called = {src.text(c.child_by_field_name("function")) for c in calls_in(src, body)}
        out = {}
        for idx, name in names:
            if name == "_" or name in called:
                continue
            for send in owners_in(src, body, *SENDS, skip_func_literals=True):
                value = send.child_by_field_name("value")
                key = _channel_name(send.child_by_field_name("channel"), src)
                field = _carries(value, name, src) if key is not None and value is not None else None
                if field is not None:
                    out[idx] = key
                    if field:
                        self._fields.setdefault(key, set()).add(field)
                    break
        return out

    @cached_property
    def receivers(self) -> dict[str, list[tuple[Node, SourceFile]]]:
        """Channel name -> the receives from it whose value the receiving function calls."""
        keys = {k for _, m in self.handing.values() for k in m.values()}
        out: dict[str, list[tuple[Node, SourceFile]]] = {}
        for key in sorted(keys):
            for src in self.view.non_test_files:
                if not src.mentions(key.encode()):
                    continue
                for n in name_nodes(src, key):
                    got = self._received_and_called(n, src, self._fields.get(key, set()))
                    if got is not None:
                        out.setdefault(key, []).append((got, src))
        return out

    def handed_key(self, lit: Node, src: SourceFile) -> str | None:
        """The channel a func literal is handed over on, to an executor of the package; None
        for any other literal."""
        got = self._keys.get(lit.id, 0)
        if got != 0:
            return got  # type: ignore[return-value]
        self._keys[lit.id] = None
        p = lit.parent
        if p is None or p.type != "argument_list" or not self.handing:
            return None
        call = p.parent
        fi = self._resolve_call(call, src) if call is not None and call.type == "call_expression" else None
        entry = self.handing.get(fi.node.id) if fi is not None else None
        if entry is None:
            return None
        args = [a for a in p.named_children if a.type != "comment"]
        key = next((k for i, k in entry[1].items() if i < len(args) and args[i] == lit), None)
        if key is not None and key in self.receivers:
            self._keys[lit.id] = key
            return key
        return None

    def _received_and_called(self, n: Node, src: SourceFile, fields: set[str]) -> Node | None:
        """When `n` names the channel of a receive whose value the receiving function then
        calls (`t(...)`, `t.fn(...)`), itself or through a package function it hands the value
        to (`s.handle(op)`, which calls `op.fn()`): the receive. A value received through
        `reflect.Select` is known by the field the senders put the func in (`&op{fn: fn}`):
        the function, or one it calls, calls that field."""
        got = _received(n, src)
        if got is None:
            return None
        op, var = got
        fn = goast.enclosing_func(op, src)
        body = goast.func_body(fn) if fn is not None else None
        if body is None or var is None and not fields:
            return None
        name = src.text(var) if var is not None else None
        for c in calls_in(src, body):
            if c.start_byte <= op.start_byte:
                continue
            f = c.child_by_field_name("function")
            text = src.text(f) if f is not None else ""
            if name is not None and (text == name or text.startswith(name + ".")):
                return op
            if name is None and any(text.endswith("." + fd) for fd in fields):
                return op
            args = c.child_by_field_name("arguments")
            if args is None or not args.named_children:
                continue
            handed = [i for i, a in enumerate(args.named_children) if name is None or a.type == "identifier" and src.text(a) == name]
            callee = self._resolve_call(c, src) if handed else None
            if callee is not None and callee.body is not None and _calls_param(callee, handed, fields, name is None):
                return op
        return None

    @cached_property
    def names(self) -> list[bytes]:
        """The names of the functions that hand a parameter over: a declaration that mentions
        none of them holds no handed literal."""
        return [fi.name.encode() for fi, _ in self.handing.values()]

    def literals(self, key: str) -> list[tuple[Node, SourceFile]]:
        """The func literals the package hands over on channel `key`."""
        return self._literals.get(key, [])

    @cached_property
    def _literals(self) -> dict[str, list[tuple[Node, SourceFile]]]:
        out: dict[str, list[tuple[Node, SourceFile]]] = {}
        for fi, _ in self.handing.values():
            for src in self.view.files:
                if not src.mentions(fi.name.encode()):
                    continue
                for n in name_nodes(src, fi.name):
                    call = n.parent
                    if call is not None and call.type == "selector_expression":
                        call = call.parent
                    args = call.child_by_field_name("arguments") if call is not None and call.type == "call_expression" else None
                    for a in args.named_children if args is not None else ():
                        if a.type == "func_literal":
                            key = self.handed_key(a, src)
                            if key is not None:
                                out.setdefault(key, []).append((a, src))
        return out


def _channel_name(ch: Node | None, src: SourceFile) -> str | None:
    ch = unparen(ch) if ch is not None else None
    if ch is None:
        return None
    if ch.type == "selector_expression":
        f = ch.child_by_field_name("field")
        return src.text(f) if f is not None else None
    return src.text(ch) if ch.type == "identifier" else None


def _carries(value: Node, name: str, src: SourceFile) -> str | None:
    """`ch <- fn`, `ch <- task{fn, done}`, `ch <- &task{fn: fn}`: the value is the parameter or
    a literal holding it as one of its elements. The field that holds it when the literal names
    it (`fn`), '' when it does not; None when the value does not carry the parameter."""
    value = unparen(value)
    if value.type == "unary_expression":
        value = unparen(value.child_by_field_name("operand"))
    if value.type == "identifier":
        return "" if src.text(value) == name else None
    if value.type != "composite_literal":
        return None
    body = value.child_by_field_name("body")
    for el in body.named_children if body is not None else ():
        v = el.child_by_field_name("value") if el.type == "keyed_element" else el
        if v is not None and v.type == "literal_element":
            v = v.named_children[0] if v.named_children else None
        if v is not None and v.type == "identifier" and src.text(v) == name:
            if el.type != "keyed_element":
                return ""
            k = el.child_by_field_name("key") or (el.named_children[0] if el.named_children else None)
            return src.text(k).strip() if k is not None else ""
    return None


def _received(n: Node, src: SourceFile) -> tuple[Node, Node | None] | None:
    """When `n` names the channel of a receive: (the receive, the variable its value goes to).
    `t := <-a.tasks`, `case t := <-a.tasks:`, `for t := range a.tasks`; also a
    `reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(a.tasks)}`, whose value
    reaches a variable only through `reflect.Select`'s results (None then)."""
    ch = n.parent if n.type == "field_identifier" else n
    if ch is None or (n.type == "field_identifier" and ch.type != "selector_expression"):
        return None
    up = ch.parent
    var = None
    if up is not None and up.type == "unary_expression" and up.child_by_field_name("operand") == ch and src.text(up).startswith("<-"):
        holder = up.parent
        if holder is not None and holder.type == "expression_list":
            holder = holder.parent
        if holder is not None and holder.type in ("receive_statement", "short_var_declaration", "assignment_statement"):
            left = holder.child_by_field_name("left")
            idents = left.named_children if left is not None and left.type == "expression_list" else [left]
            var = idents[0] if idents and idents[0] is not None and idents[0].type == "identifier" else None
        return up, var
    if up is not None and up.type == "range_clause" and up.child_by_field_name("right") == ch:
        left = up.child_by_field_name("left")
        idents = left.named_children if left is not None and left.type == "expression_list" else [left]
        var = idents[0] if idents and idents[0] is not None and idents[0].type == "identifier" else None
        return up, var
    call = up.parent if up is not None and up.type == "argument_list" else None
    if call is not None and call.type == "call_expression" and src.text(call.child_by_field_name("function")) == "reflect.ValueOf":
        lit = call.parent
        while lit is not None and lit.type in ("keyed_element", "literal_value", "literal_element"):
            lit = lit.parent
        if lit is not None and lit.type == "composite_literal" and b"SelectRecv" in src.data[lit.start_byte : lit.end_byte]:
            return call, None
    return None


def _calls_param(fi: FuncInfo, indexes: list[int], fields: set[str], by_field: bool) -> bool:
    """Whether `fi` calls one of its parameters at `indexes` (`p()`, `p.fn()`; only `p.<field>()`
    for a field of `fields` when `by_field`)."""
    names = []
    i = 0
    for p in goast.params_of(fi.node):
        pnames = goast.param_names(p, fi.src) or ["_"]
        names.extend(n for k, n in enumerate(pnames) if i + k in indexes and n != "_")
        i += len(pnames)
    for c in calls_in(fi.src, fi.body):
        f = c.child_by_field_name("function")
        text = fi.src.text(f) if f is not None else ""
        for n in names:
            if by_field and any(text == f"{n}.{fd}" for fd in fields):
                return True
            if not by_field and (text == n or text.startswith(n + ".")):
                return True
    return False
