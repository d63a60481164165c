"""Small helpers over tree-sitter-go nodes. All walks are iterative: deeply nested
code must not hit Python's recursion limit."""

from __future__ import annotations

from typing import Iterator

import tree_sitter as ts

from .parse import GO, SourceFile, node_end, node_start, outside_literals, sort_outer_first

Node = ts.Node

FUNC_TYPES = ("function_declaration", "method_declaration", "func_literal")
LOOP_TYPES = ("for_statement",)


def walk(node: Node, *, skip_func_literals: bool = False) -> Iterator[Node]:
    """Pre-order walk of named nodes."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if skip_func_literals and n.type == "func_literal" and n is not node:
            continue
        children = n.named_children
        if children:
            stack.extend(reversed(children))


_TYPE_QUERIES: dict[tuple[tuple[str, ...], bool], ts.Query] = {}


def _type_query(types: tuple[str, ...], literals: bool) -> ts.Query:
    # The literals are captured only when asked for: a query capturing them in every call
    # would hand over (and build a Python node for) each literal of the subtree.
    q = _TYPE_QUERIES.get((types, literals))
    if q is None:
        pattern = " ".join(f"({t}) @n" for t in types) + (" (func_literal) @lit" if literals else "")
        q = _TYPE_QUERIES[types, literals] = ts.Query(GO, pattern)
    return q


def of_type(node: Node, *types: str, skip_func_literals: bool = False) -> list[Node]:
    """Named nodes of the given types under `node` (itself included), in source order;
    with `skip_func_literals`, not looking inside nested func literals (a literal itself
    may be returned). A tree-sitter query walks the tree in C: several times faster than
    `walk`, which pays a Python round trip per node."""
    caps = ts.QueryCursor(_type_query(types, skip_func_literals)).captures(node)
    found = caps.get("n")
    if not found:
        return []
    sort_outer_first(found)  # captures come in match order, not pre-order
    starts, ends = list(map(node_start, found)), list(map(node_end, found))
    for i in [i for i in range(1, len(found)) if starts[i] == starts[i - 1] and ends[i] == ends[i - 1]]:
        a, b = found[i - 1], found[i]
        if a.parent == b:
            found[i - 1], found[i] = b, a  # same span: the parent first, as in a pre-order walk
    if skip_func_literals:
        lits = [lit for lit in caps.get("lit", ()) if lit.start_byte > node.start_byte]
        if lits:
            sort_outer_first(lits)
            found = outside_literals(found, lits)
    return found


def ancestors(node: Node) -> Iterator[Node]:
    p = node.parent
    while p is not None:
        yield p
        p = p.parent


def path_below(top: Node, node: Node) -> list[Node] | None:
    """The ancestors of `node` from `top` down (`top` first, `node` left out), found going
    down from `top`: what `ancestors` lists up to `top`, without finding each parent by a
    descent from the root of its own. None when `node` does not lie below `top`."""
    out = []
    cur = top
    while cur != node:
        if cur is None:
            return None
        out.append(cur)
        cur = cur.child_with_descendant(node)
    return out


def ancestors_below(node: Node, top: Node) -> list[Node]:
    """`node`'s ancestors, innermost first, up to `top` and without it (all of them when
    `node` does not lie below `top`): found going down from `top` when it can be."""
    path = path_below(top, node) if node != top else None
    if path is not None:
        return path[:0:-1]
    out = []
    for a in ancestors(node):
        if a == top:
            break
        out.append(a)
    return out


def enclosing_func(node: Node, src: SourceFile | None = None) -> Node | None:
    """The innermost function declaration or literal holding `node`; given its file, found
    going down from the root (see `enclosing_decl`)."""
    path = path_below(src.root, node) if src is not None else None
    if path is not None:
        return next((a for a in reversed(path) if a.type in FUNC_TYPES), None)
    for a in ancestors(node):
        if a.type in FUNC_TYPES:
            return a
    return None


def enclosing_decl(node: Node, src: SourceFile | None = None) -> Node | None:
    """The top-level function or method declaration holding `node`. Given its file, one
    descent from the root finds it: a node's parent is found by descending from the root
    (tree-sitter keeps no parent links), so walking up pays that at every step. Only a tree
    with syntax errors nests a declaration elsewhere than at the top."""
    if src is not None and not src.has_errors:
        top = src.root.child_with_descendant(node)
        return top if top is not None and top != node and top.type in ("function_declaration", "method_declaration") else None
    for a in ancestors(node):
        if a.type in ("function_declaration", "method_declaration"):
            return a
    return None


def func_body(fn: Node) -> Node | None:
    return fn.child_by_field_name("body")


def func_name(fn: Node, src) -> str:
    if fn.type == "func_literal":
        return "func literal"
    key = ("name", fn.id)
    got = src._owners.get(key)
    if got is None:
        name = fn.child_by_field_name("name")
        got = src._owners[key] = src.text(name) if name is not None else "?"
    return got


def receiver(fn: Node, src) -> tuple[str | None, str | None, bool]:
    """(receiver variable name, receiver type name, is_pointer) of a method declaration.
    Kept with the file: the model asks it of the same methods tens of thousands of times."""
    if fn.type != "method_declaration":
        return None, None, False
    key = ("receiver", fn.id)
    got = src._owners.get(key)
    if got is None:
        got = src._owners[key] = _receiver(fn, src)
    return got


def _receiver(fn: Node, src) -> tuple[str | None, str | None, bool]:
    params = fn.child_by_field_name("receiver")
    if params is None:
        return None, None, False
    for p in params.named_children:
        if p.type != "parameter_declaration":
            continue
        name = p.child_by_field_name("name")
        typ = p.child_by_field_name("type")
        tname, ptr = type_name(typ, src) if typ is not None else (None, False)
        return (src.text(name) if name is not None else None), tname, ptr
    return None, None, False


def type_name(typ: Node, src) -> tuple[str | None, bool]:
    """Name of a (possibly pointer, possibly generic) named type in this package."""
    ptr = False
    while typ is not None and typ.type in ("pointer_type", "parenthesized_type"):
        ptr = ptr or typ.type == "pointer_type"
        typ = typ.named_children[0] if typ.named_children else None
    if typ is None:
        return None, ptr
    if typ.type == "generic_type":
        typ = typ.child_by_field_name("type")
    if typ is not None and typ.type == "type_identifier":
        return src.text(typ), ptr
    return None, ptr


def params_of(fn: Node) -> list[Node]:
    params = fn.child_by_field_name("parameters")
    return [p for p in params.named_children if p.type in ("parameter_declaration", "variadic_parameter_declaration")] if params is not None else []


def param_names(p: Node, src) -> list[str]:
    return [src.text(c) for c in p.children_by_field_name("name")]


def statements(block: Node | None) -> list[Node]:
    """The statements of a block (this grammar wraps them in a statement_list)."""
    if block is None:
        return []
    if block.type == "block":
        for c in block.named_children:
            if c.type == "statement_list":
                return [s for s in c.named_children if s.type != "comment"]
        return []
    if block.type == "statement_list":
        return [s for s in block.named_children if s.type != "comment"]
    return []


def statement_of(node: Node) -> Node | None:
    """The innermost statement directly inside a statement_list that holds `node`."""
    cur = node
    while cur.parent is not None:
        if cur.parent.type == "statement_list":
            return cur
        if cur.parent.type in FUNC_TYPES:
            return None
        cur = cur.parent
    return None


def call_parts(call: Node, src) -> tuple[str | None, str | None]:
    """For `x.y.Method(...)` return ("x.y", "Method"); for `f(...)` return (None, "f")."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None, None
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        return (src.text(operand) if operand is not None else None), (src.text(field) if field is not None else None)
    if fn.type == "identifier":
        return None, src.text(fn)
    return None, None


def call_args(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    return list(args.named_children) if args is not None else []


def is_terminating(stmt: Node, src) -> bool:
    """Does this statement always leave the enclosing block (return, panic, continue, ...)?"""
    t = stmt.type
    if t in ("return_statement", "goto_statement", "continue_statement", "break_statement"):
        return True
    if t == "expression_statement":
        call = stmt.named_children[0] if stmt.named_children else None
        if call is not None and call.type == "call_expression":
            recv, name = call_parts(call, src)
            if recv is None and name == "panic":
                return True
            if recv in ("os", "log", "t", "b", "tb") and name in ("Exit", "Fatal", "Fatalf", "Fatalln", "FailNow", "Skip", "Skipf", "SkipNow"):
                return True
    if t == "block":
        sts = statements(stmt)
        return bool(sts) and is_terminating(sts[-1], src)
    if t == "if_statement":
        cons = stmt.child_by_field_name("consequence")
        alt = stmt.child_by_field_name("alternative")
        return alt is not None and cons is not None and is_terminating(cons, src) and is_terminating(alt, src)
    # the Go spec's terminating statements: a select, or a switch with a default, every clause of
    # which ends in one, and a `for` with no condition, none left by a `break`
    if t in ("select_statement", "expression_switch_statement", "type_switch_statement"):
        cases = [c for c in stmt.named_children if c.type in _CLAUSES]
        if t != "select_statement" and not any(c.type == "default_case" for c in cases):
            return False
        return bool(cases) and not _broken_out(stmt) and all(_clause_terminates(c, src) for c in cases)
    if t == "for_statement":
        # (a clause, a range or a bare condition is anything beside the body)
        return all(c.type in ("block", "comment") for c in stmt.named_children) and not _broken_out(stmt)
    return False


_CLAUSES = ("communication_case", "expression_case", "type_case", "default_case")


def _clause_terminates(clause: Node, src) -> bool:
    body = next((c for c in clause.named_children if c.type == "statement_list"), None)
    sts = statements(body)
    return bool(sts) and is_terminating(sts[-1], src)


def _broken_out(stmt: Node) -> bool:
    """A `break` that leaves `stmt`: an unlabeled one not inside a nested loop, switch or select,
    or any labeled one (its label may name `stmt`)."""
    stack = list(stmt.named_children)
    while stack:
        n = stack.pop()
        if n.type == "break_statement":
            return True
        if n.type in FUNC_TYPES:
            continue
        if n.type in ("for_statement", "select_statement", "expression_switch_statement", "type_switch_statement"):
            # only a labeled break gets out of these to `stmt`
            stack.extend(b for b in of_type(n, "break_statement") if any(c.type == "label_name" for c in b.named_children))
            continue
        stack.extend(n.named_children)
    return False


def block_terminates(block: Node | None, src) -> bool:
    sts = statements(block)
    return bool(sts) and is_terminating(sts[-1], src)


def returns_after(node: Node, stop: Node, src) -> bool:
    """A statement list between `node` and `stop` ends in a `return` (or a panic) that follows the
    statement holding `node`: every way on from `node` leaves the function before it leaves
    `stop` (`if l.done != nil { l.Unlock(); l.done() } else { l.Unlock() }; return`)."""
    child = node
    for a in ancestors(node):
        if a == stop:
            return False
        if a.type == "statement_list":
            sts = statements(a)
            last = sts[-1] if sts else None
            leaves = last is not None and (last.type == "return_statement" or last.type == "expression_statement" and is_terminating(last, src))
            if leaves and last != child:
                return True
        child = a
    return False


def assigned(n: Node) -> bool:
    """`n = …`, `n, err := …`, `n++`: `n` is written, not read."""
    p = n.parent
    if p is not None and p.type in ("inc_statement", "dec_statement"):
        return True
    st = p.parent if p is not None and p.type == "expression_list" else None
    return st is not None and st.type in ("assignment_statement", "short_var_declaration") and st.child_by_field_name("left") == p


def inside(node: Node, container: Node) -> bool:
    return container.start_byte <= node.start_byte and node.end_byte <= container.end_byte


def fills_new_map(node: Node, expr: str, text, stop: Node) -> bool:
    """`node` writes into the map `expr` that the same `if expr == nil { expr = make(…); … }`
    has just made: the lazy first fill, done once, before any reader can have seen a map there.
    (`text` gives a node's source text.)"""
    want = expr.replace(" ", "")
    for a in ancestors(node):
        if a == stop or a.type in FUNC_TYPES:
            return False
        if a.type != "if_statement":
            continue
        cond = a.child_by_field_name("condition")
        if cond is None or text(cond).replace(" ", "") != want + "==nil":
            continue
        body = a.child_by_field_name("consequence")
        for st in of_type(body, "assignment_statement") if body is not None else ():
            if st.start_byte >= node.start_byte:
                break
            left, right = st.child_by_field_name("left"), st.child_by_field_name("right")
            if left is None or right is None or text(left).replace(" ", "") != want:
                continue
            v = unparen(right.named_children[0] if right.type == "expression_list" else right)
            if v.type == "composite_literal" or text(v).startswith("make("):
                return True
        return False
    return False


def is_literal_key(n: Node) -> bool:
    """`n` is the key of a keyed element of a composite literal (`debugId: …`): a field name,
    not a use of a variable of that name."""
    p = n.parent
    return (
        p is not None
        and p.type == "literal_element"
        and p.parent is not None
        and p.parent.type == "keyed_element"
        and p.parent.named_children[0] == p
    )


def exclusive_branches(a: Node, b: Node) -> bool:
    """`a` and `b` sit in different branches of one `if`/`else` chain, or in different clauses
    of one `switch` or `select`: one run of the code reaches at most one of them."""
    for x in ancestors(a):
        if not inside(b, x):
            continue
        if x.type == "if_statement":
            branches = [x.child_by_field_name("consequence"), x.child_by_field_name("alternative")]
            ia = next((i for i, br in enumerate(branches) if br is not None and inside(a, br)), None)
            ib = next((i for i, br in enumerate(branches) if br is not None and inside(b, br)), None)
            return ia is not None and ib is not None and ia != ib
        if x.type in ("expression_switch_statement", "type_switch_statement", "select_statement"):
            clauses = [c for c in x.named_children if c.type.endswith("_case")]
            ca = next((c for c in clauses if inside(a, c)), None)
            cb = next((c for c in clauses if inside(b, c)), None)
            return ca is not None and cb is not None and ca != cb
        if x.type in FUNC_TYPES or x.type in ("for_statement", "block", "statement_list"):
            return False
    return False


def handed_back(node: Node, boundary: Node) -> bool:
    """`node` sits in a func literal, below `boundary`, that the code around it returns or sends
    on a channel rather than calls (`return func(c *cache) { … }`, `tasks <- func() { … }`):
    the literal runs wherever its receiver calls it, not during this call."""
    for a in ancestors(node):
        if a == boundary:
            return False
        if a.type != "func_literal":
            continue
        p = a.parent
        if p is not None and p.type == "expression_list":
            p = p.parent
        if p is not None and (p.type == "return_statement" or p.type == "send_statement" and p.child_by_field_name("value") == a):
            return True
    return False


def one_of_starts(a: Node, b: Node) -> bool:
    """Two `go` statements (or other starts) of one function of which a run starts one at
    most: in different branches of one `if` or `switch`, and in no loop of the function."""
    fn = enclosing_func(a)
    if fn is None or fn != enclosing_func(b) or not exclusive_branches(a, b):
        return False
    return not any(x.type == "for_statement" for x in ancestors_below(a, fn))


def own_receiver_method(expr: Node, src) -> Node | None:
    """The method declaration around `expr` when `expr` is `r.field` on that method's own
    receiver `r` (a field of the value the method runs on), else None."""
    expr = unparen(expr)
    if expr.type != "selector_expression":
        return None
    decl = enclosing_decl(expr)
    if decl is None or decl.type != "method_declaration":
        return None
    rname = receiver(decl, src)[0]
    operand = unparen(expr.child_by_field_name("operand"))
    if not rname or operand is None or operand.type != "identifier" or src.text(operand) != rname:
        return None
    return decl


def unparen(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    return node


def func_label(fn: Node, src: SourceFile) -> str:
    _, rtype, _ = receiver(fn, src)
    name = func_name(fn, src)
    return f"{rtype}.{name}" if rtype else name


def line_of(src: SourceFile, node: Node) -> int:
    return src.point(node.start_byte)[0]
