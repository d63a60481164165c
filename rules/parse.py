"""Parsing Go with tree-sitter, and the per-file facts every rule needs."""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

import ahocorasick_rs
import tree_sitter as ts
import tree_sitter_go as tsg

from .model import Span

GO = ts.Language(tsg.language())

# Larger files are almost always generated tables; analysing them is slow and useless.
MAX_FILE_BYTES = 8 * 1024 * 1024

_local = threading.local()


def parser() -> ts.Parser:
    # tree-sitter parsers are not thread-safe; Celery and the benchmarks may use threads.
    p = getattr(_local, "parser", None)
    if p is None:
        p = _local.parser = ts.Parser(GO)
    return p


_queries: dict[str, ts.Query] = {}


def query(source: str) -> ts.Query:
    q = _queries.get(source)
    if q is None:
        q = _queries[source] = ts.Query(GO, source)
    return q


def captures(q: str, node: ts.Node) -> dict[str, list[ts.Node]]:
    return _in_source_order(ts.QueryCursor(query(q)).captures(node))


def sort_outer_first(nodes: list[ts.Node]) -> None:
    """Sort in place by start, the longer of two nodes starting together first (the order of a
    pre-order walk), nodes of one span kept in their order: two stable sorts keyed in C, about
    a third faster than one sort keyed by a Python function, which a large package calls
    millions of times."""
    nodes.sort(key=node_end, reverse=True)
    nodes.sort(key=node_start)


node_start, node_end = attrgetter("start_byte"), attrgetter("end_byte")


def _in_source_order(caps: dict[str, list[ts.Node]]) -> dict[str, list[ts.Node]]:
    # tree-sitter hands captures over in match order, which depends on the patterns queried
    # together (a merged traversal and a query run alone disagree): callers read them in source
    # order, outer nodes first.
    for nodes in caps.values():
        sort_outer_first(nodes)
    return caps


# Every rule asks its own query of every file. Walking a tree costs about the same for one
# pattern as for many, so queries over a whole file are merged: one traversal per file answers
# them all. Capture names get a per-query prefix so the answers can be told apart. A query
# that captures much of every file (all identifiers, all calls) would make every file pay for
# what a rule's byte prefilter usually spares it, so once seen to be broad it runs on its own.
_ROOT_QUERIES: list[str] = []
_ROOT_INDEX: dict[str, int] = {}
_BROAD: set[int] = set()
_SEEN: dict[int, list[int]] = {}  # query index -> [files answered, nodes captured]
_BROAD_NODES_PER_FILE = 40
_merged: tuple[tuple, ts.Query] | None = None
_CAPTURE = re.compile(r"@([A-Za-z_][\w.]*)")


def _narrow() -> tuple[int, ...]:
    return tuple(i for i in range(len(_ROOT_QUERIES)) if i not in _BROAD)


def _merged_query(members: tuple[int, ...]) -> ts.Query:
    global _merged
    if _merged is None or _merged[0] != members:
        parts = [_CAPTURE.sub(lambda m, i=i: f"@q{i}__{m.group(1)}", _ROOT_QUERIES[i]) for i in members]
        _merged = (members, ts.Query(GO, "\n".join(parts)))
    return _merged[1]


def file_captures(src: "SourceFile", q: str) -> dict[str, list[ts.Node]]:
    """`captures(q, src.root)`, answered from one shared traversal of the file."""
    i = _ROOT_INDEX.get(q)
    if i is None:
        query(q)  # fail here, with the rule's own query in the message, if it is malformed
        i = _ROOT_INDEX[q] = len(_ROOT_QUERIES)
        _ROOT_QUERIES.append(q)
        if "(#" in q:
            # py-tree-sitter tests text predicates once per candidate node, in Python: one
            # such pattern makes the shared traversal several times dearer. Name tests
            # belong in `calls_named`; a query that still has one runs on its own.
            _BROAD.add(i)
    got = src._captures.get(i)
    if got is not None:
        return got
    if i in _BROAD:
        got = src._captures[i] = captures(q, src.root)
        return got
    members = tuple(m for m in _narrow() if m not in src._captures)
    merged = _in_source_order(ts.QueryCursor(_merged_query(members)).captures(src.root))
    per: dict[int, dict[str, list[ts.Node]]] = {m: {} for m in members}
    for name, nodes in merged.items():
        qi, _, cap = name.partition("__")
        per[int(qi[1:])][cap] = nodes
    for m, caps in per.items():
        seen = _SEEN.setdefault(m, [0, 0])
        seen[0] += 1
        seen[1] += sum(len(v) for v in caps.values())
        if seen[0] >= 20 and seen[1] > _BROAD_NODES_PER_FILE * seen[0]:
            _BROAD.add(m)
    src._captures.update(per)
    return src._captures[i]


def token_owners(src: "SourceFile", token: str, types: frozenset[str]) -> list[ts.Node]:
    """The nodes of the given types that hold `token` (a keyword or an operator: `go` of a go
    statement, `func` of a func literal, `<-` of a send) as one of their own tokens, in source
    order, outer first. Found from the token's occurrences in the text, each confirmed on the
    tree: a file holds a few dozen of them, and looking each up costs far less than walking
    every node of the file (which is what a query does)."""
    key = (token, types)
    got = src._owners.get(key)
    if got is not None:
        return got
    data, root, out = src.data, src.root, []
    word = token.encode()
    for i, j in _whole_words(data, word, False) if token[0].isalpha() else _plain_spans(data, word):
        tok = root.descendant_for_byte_range(i, j)
        if tok is None or tok.start_byte != i or tok.end_byte != j or tok.type != token:
            continue
        node = tok.parent
        if node is not None and node.type in types:
            out.append(node)
    sort_outer_first(out)
    src._owners[key] = out
    return out


def calls_in(src: "SourceFile", node: ts.Node, *, skip_func_literals: bool = False) -> list[ts.Node]:
    """`goast.of_type(node, "call_expression", …)` answered from the file's calls, found once
    per file: rules ask for the calls of each function, statement and literal, tens of
    thousands of small subtrees in a large package, and a query per subtree pays its set-up
    and builds its nodes again each time (measured on NATS server's statements: 2.6x faster).
    A file asked about a few of its functions only (most files of a package that starts no
    goroutine) is not worth a query of the whole file: until the declarations asked add up to
    the file's size, each top-level declaration is queried on its own, once, and every subtree
    asked inside it (a function, then its statements, then the function again as another's
    callee: two asks in three on the Debian corpus's busiest packages) is answered from it."""
    got = src._owners.get("calls")
    if got is None:
        top = src.root.child_with_descendant(node) if node != src.root else None
        if top is None:
            top = node
        by_top = src._owners.get("calls_by_top")
        if by_top is None:
            by_top = src._owners["calls_by_top"] = {}
        got = by_top.get(top.id)
        if got is None:
            asked = src._owners.get("calls_asked", 0) + top.end_byte - top.start_byte
            whole = asked >= len(src.data)
            # (finding them from their argument lists' `(` costs as many instructions: a lookup
            # per `(`, and a node's parent, which tree-sitter finds by descending from the root)
            calls = captures("(call_expression) @c", src.root if whole else top).get("c", [])
            got = (calls, [c.start_byte for c in calls])
            if whole:
                src._owners["calls"] = got
            else:
                src._owners["calls_asked"] = asked
                by_top[top.id] = got
    return _within(src, node, *got, skip_func_literals)


def owners_in(src: "SourceFile", node: ts.Node, token: str, types: frozenset[str], *, skip_func_literals: bool = False) -> list[ts.Node]:
    """`token_owners` inside `node` (itself included), as `goast.of_type` would list them."""
    return _within(src, node, *_owners_and_starts(src, token, types), skip_func_literals)


def _owners_and_starts(src: "SourceFile", token: str, types: frozenset[str]) -> tuple[list[ts.Node], list[int]]:
    key = ("starts", token, types)
    got = src._owners.get(key)
    if got is None:
        nodes = token_owners(src, token, types)
        got = src._owners[key] = (nodes, [n.start_byte for n in nodes])
    return got


def _within(src: "SourceFile", node: ts.Node, nodes: list[ts.Node], starts: list[int], skip_func_literals: bool) -> list[ts.Node]:
    """The nodes (a file's, in source order, outer first) lying within `node`; with
    `skip_func_literals`, not those inside a func literal nested in it."""
    s, e = node.start_byte, node.end_byte
    # (what starts inside the node lies within it; an ancestor may start with it, as
    # `func(){…}()` does with its literal, and ends after it)
    found = [n for n in nodes[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)] if n.end_byte <= e]
    if not skip_func_literals or not found:
        return found
    lits, lit_starts = _owners_and_starts(src, *FUNC_LITERALS)
    lits = lits[bisect.bisect_right(lit_starts, s) : bisect.bisect_left(lit_starts, e)]
    return outside_literals(found, lits) if lits else found


def outside_literals(nodes: list[ts.Node], lits: list[ts.Node]) -> list[ts.Node]:
    """The `nodes` not inside one of the func literals `lits` (both in source order, outer
    first). Inside means: starting after it and ending within it (trees nest; whatever starts
    where a literal starts encloses it, as `func(){…}()` does)."""
    kept, i, cover = [], 0, -1
    for n in nodes:
        while i < len(lits) and lits[i].start_byte < n.start_byte:
            cover = max(cover, lits[i].end_byte)
            i += 1
        if n.end_byte > cover:
            kept.append(n)
    return kept


def assignments(src: "SourceFile") -> list[ts.Node]:
    """Assignment statements and short variable declarations, in source order, outer first:
    found from their operators, as `token_owners` does (a query over the file visits every
    node of it, several times the cost). One scan finds every `=` that ends an operator; the
    bytes before it tell which (`==`, `!=`, `<=` and `>=` are not looked up on the tree)."""
    got = src._owners.get("assignments")
    if got is None:
        data, root, got = src.data, src.root, []
        for m in _LAST_EQUALS.finditer(data):
            j = m.end()
            for i in _assign_op_starts(data, j - 1):
                tok = root.descendant_for_byte_range(i, j)
                if tok is None or tok.start_byte != i or tok.end_byte != j or tok.type.encode() != data[i:j]:
                    continue
                node = tok.parent
                if node is not None and node.type == ("short_var_declaration" if data[i] == 58 else "assignment_statement"):
                    got.append(node)
        sort_outer_first(got)
        src._owners["assignments"] = got
    return got


_LAST_EQUALS = re.compile(rb"=(?!=)")  # starts with a literal: scanned at memchr speed
_OP_BEFORE_EQUALS = frozenset(b"+-*/%&|^")


def _assign_op_starts(data: bytes, eq: int) -> tuple[int, ...]:
    """Where an assignment operator ending with the `=` at `eq` may start: `=`, `:=`, `op=`,
    `<<=`, `>>=`, `&^=`; none for the end of `==`, `!=`, `<=` or `>=`. After a comment's `*/`
    the `=` may stand alone, or end `/=`: the tree tells."""
    c1 = data[eq - 1] if eq > 0 else -1
    if c1 == 58:  # `:=`
        return (eq - 1,)
    if c1 in (60, 62):  # `<`, `>`: a shift, or a comparison
        return (eq - 2,) if eq > 1 and data[eq - 2] == c1 else ()
    if c1 == 94 and eq > 1 and data[eq - 2] == 38:  # `&^=`
        return (eq - 2,)
    if c1 in _OP_BEFORE_EQUALS:
        return (eq - 1, eq) if c1 == 47 and eq > 1 and data[eq - 2] == 42 else (eq - 1,)
    if c1 in (61, 33):  # `==`, `!=`
        return ()
    return (eq,)


def _plain_spans(data: bytes, key: bytes):
    i = data.find(key)
    while i != -1:
        yield i, i + len(key)
        i = data.find(key, i + len(key))


# `]`, then `=` or an `op=`, or a `,` that may come before one: where an assignment to an index
# expression can end its left side
_INDEX_BEFORE_ASSIGN = re.compile(rb"\][ \t]*(?:,|(?:<<|>>|&\^|[-+*/%&|^])?=(?!=))")


def index_stores(src: "SourceFile") -> list[ts.Node]:
    """Assignments (`=` or `op=`) with an index expression among their left operands, `m[k] = v`,
    in source order, outer first: found from their `]` in the text, as `token_owners` does."""
    got = src._owners.get("index_stores")
    if got is not None:
        return got
    out: dict[int, ts.Node] = {}
    root = src.root
    for m in _INDEX_BEFORE_ASSIGN.finditer(src.data):
        i = m.start()
        tok = root.descendant_for_byte_range(i, i + 1)
        if tok is None or tok.type != "]" or tok.start_byte != i:
            continue
        ix = tok.parent
        lst = ix.parent if ix is not None and ix.type == "index_expression" else None
        st = lst.parent if lst is not None and lst.type == "expression_list" else None
        if st is not None and st.type == "assignment_statement" and st.child_by_field_name("left") == lst:
            out[st.id] = st
    got = src._owners["index_stores"] = list(out.values())
    sort_outer_first(got)
    return got


GO_STATEMENTS = ("go", frozenset({"go_statement"}))
DEFERS = ("defer", frozenset({"defer_statement"}))
FUNC_LITERALS = ("func", frozenset({"func_literal"}))
SENDS = ("<-", frozenset({"send_statement"}))
RECEIVES = ("<-", frozenset({"unary_expression"}))
RANGES = ("range", frozenset({"range_clause"}))
FUNC_DECLS = ("func", frozenset({"function_declaration", "method_declaration"}))
FUNCS = ("func", frozenset({"function_declaration", "method_declaration", "func_literal"}))
CHAN_TYPES = ("chan", frozenset({"channel_type"}))
SELECTS = ("select", frozenset({"select_statement"}))


_IDENT_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") | frozenset(range(0x80, 0x100))


def name_nodes(src: "SourceFile", name: str) -> list[ts.Node]:
    """Identifier-like nodes (`identifier`, `field_identifier`, `type_identifier`, …) spelled
    `name`, in source order. Found from the text and confirmed on the tree: a name occurs a
    handful of times in a file, and asking the tree about each occurrence is far cheaper than
    walking every node of it."""
    got = src._names.get(name)
    if got is not None:
        return got
    got = src._names[name] = list(_identifiers(src, name, ()))
    return got


def idents_named(node: ts.Node, src: "SourceFile", names) -> list[ts.Node]:
    """Identifiers under `node` whose text is in `names`, in source order: looked up by name in
    the file (`name_nodes`), not found by walking every identifier under `node`."""
    lo, hi = node.start_byte, node.end_byte
    out = []
    for name in {x.decode() if isinstance(x, bytes) else x for x in names}:
        # (a receiver's name stands thousands of times in a large file: each function's own
        # occurrences are found by their starts, not by testing all of them)
        nodes = name_nodes(src, name)
        i, j = bisect.bisect_left(nodes, lo, key=node_start), bisect.bisect_left(nodes, hi, key=node_start)
        out.extend(n for n in nodes[i:j] if n.type == "identifier" and n.end_byte <= hi)
    out.sort(key=lambda n: n.start_byte)
    return out


def bare_name_nodes(src: "SourceFile", name: str) -> list[ts.Node]:
    """`name_nodes` less the occurrences directly followed by `.`, `(` or `[`: those start a
    selector, a call or an index, and so are never a value standing on its own (not cached: a
    rule asking this is spared the tree lookups of the rest)."""
    got = src._names.get(name)
    if got is not None:
        return [n for n in got if src.data[n.end_byte : n.end_byte + 1] not in _SELECT_CALL_INDEX]
    return list(_identifiers(src, name, _SELECT_CALL_INDEX))


_SELECT_CALL_INDEX = (b".", b"(", b"[")


def name_nodes_before(src: "SourceFile", name: str, followers: frozenset[int], past: frozenset[int]) -> list[ts.Node]:
    """`name_nodes` less the occurrences whose next byte, beyond any of `past`, is not one of
    `followers`: a rule that wants only `x[…]` is spared the tree lookup of every other
    occurrence (most of them). Not kept: the file keeps `name_nodes`' answers, which this
    reuses when it has them."""
    got = src._names.get(name)
    if got is not None:
        return [n for n in got if _next_byte(src.data, n.end_byte, past) in followers]
    return list(_identifiers(src, name, (), (followers, past)))


# What may follow an index's operand (`x[k]`, `(x)[k]`) or a range clause's (`range x {`), past
# blanks, line ends and closing parentheses; a comment's `/` always passes.
INDEX_OR_BODY = frozenset(b"[{/"), frozenset(b" \t\r\n)")


def _next_byte(data: bytes, j: int, past: frozenset[int]) -> int:
    """The first byte at or after `j` that is not one of `past`; -1 at the end."""
    size = len(data)
    while j < size and data[j] in past:
        j += 1
    return data[j] if j < size else -1


def _identifiers(src: "SourceFile", name: str, skip_before: tuple[bytes, ...], follows: tuple | None = None):
    key = name.encode()
    if not src.may_hold_word(key):
        return
    root, data = src.root, src.data
    for i, j in _whole_words(data, key, bool(skip_before)):
        if follows is not None and _next_byte(data, j, follows[1]) not in follows[0]:
            continue
        node = root.descendant_for_byte_range(i, j)
        if node is not None and node.start_byte == i and node.end_byte == j and node.type.endswith("identifier"):
            yield node


def _whole_words(data: bytes, key: bytes, bare: bool):
    """Spans of `key` standing as a word of its own (and, when `bare`, not directly followed by
    `.`, `(` or `[`)."""
    if len(key) > 2:
        # Long names rarely occur inside other words: `find` at memchr speed, then a test.
        n, size = len(key), len(data)
        after = _BARE_AFTER if bare else _IDENT_BYTES
        i = data.find(key)
        while i != -1:
            j = i + n
            if (j == size or data[j] not in after) and (i == 0 or data[i - 1] not in _IDENT_BYTES):
                yield i, j
            i = data.find(key, j)
        return
    # `m` or `mu` hide in every other word: let the regex engine skip those in C.
    cache = _WHOLE_BARE if bare else _WHOLE
    p = cache.get(key)
    if p is None:
        # The name first and the byte before it tested behind: a pattern that starts with a
        # literal is scanned for it at memchr speed, one that starts with a test is not.
        k = re.escape(key)
        after = rb"(?![A-Za-z0-9_\x80-\xff.(\[])" if bare else rb"(?![A-Za-z0-9_\x80-\xff])"
        p = cache[key] = re.compile(k + rb"(?<![A-Za-z0-9_\x80-\xff]" + k + rb")" + after)
    for m in p.finditer(data):
        yield m.span()


_BARE_AFTER = _IDENT_BYTES | frozenset(b".([")
_WHOLE: dict[bytes, re.Pattern] = {}  # one- and two-letter names only
_WHOLE_BARE: dict[bytes, re.Pattern] = {}


def word_spans(data: bytes, name: str, start: int = 0, end: int | None = None):
    """Spans of `name` in `data[start:end]` not followed by an identifier byte (the byte before
    is the caller's to check)."""
    key = name.encode()
    stop = len(data) if end is None else end
    if len(key) > 2:
        # Long names rarely occur inside other words: `find` at memchr speed, then a test.
        n, size = len(key), len(data)
        i = data.find(key, start, stop)
        while i != -1:
            j = i + n
            if j == size or data[j] not in _IDENT_BYTES:
                yield i, j
            i = data.find(key, j, stop)
        return
    # `m` or `mu` hide in every other word: let the regex engine skip those in C.
    for m in _word_end_pattern(name).finditer(data, start, stop):
        yield m.span()


_WORD_END: dict[str, re.Pattern] = {}  # one- and two-letter names only


def _word_end_pattern(name: str) -> re.Pattern:
    # The name, then no identifier byte: the scan runs in C and skips `m` inside `from` or
    # `items`; only the byte before a hit is left to check here.
    p = _WORD_END.get(name)
    if p is None:
        p = _WORD_END[name] = re.compile(re.escape(name.encode()) + rb"(?![A-Za-z0-9_\x80-\xff])")
    return p


def _calls_of(src: "SourceFile", name: str) -> list[ts.Node]:
    got = src._calls.get(name)
    if got is not None:
        return got
    got = src._calls[name] = []
    for node in name_nodes(src, name):
        parent = node.parent
        call = None
        if node.type == "identifier":
            call = parent
            fn = node
        elif node.type == "field_identifier" and parent is not None and parent.type == "selector_expression":
            call = parent.parent
            fn = parent
        if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == fn:
            got.append(call)
    return got


def _start(n: ts.Node) -> int:
    return n.start_byte


def calls_named(src: "SourceFile", *names: str) -> list[ts.Node]:
    """Call expressions of `src` whose callee is named one of `names` (`f(…)`, `x.f(…)`), in
    source order."""
    if len(names) == 1:
        return _calls_of(src, names[0])
    got = src._calls.get(names)
    if got is None:
        got = src._calls[names] = sorted((c for n in names for c in _calls_of(src, n)), key=_start)
    return got


def method_calls(src: "SourceFile", *names: str) -> list[ts.Node]:
    """`x.name(…)` calls of `src` for the given method names, in source order."""
    return [c for c in calls_named(src, *names) if c.child_by_field_name("function").type == "selector_expression"]


def assigning_statements(calls: list[ts.Node]) -> list[ts.Node]:
    """The `:=` / `=` statements whose right-hand side holds one of `calls` directly, in
    source order, each once."""
    out = []
    for c in calls:
        p = c.parent
        if p is not None and p.type == "expression_list":
            p = p.parent
        if p is not None and p.type in ("short_var_declaration", "assignment_statement") and (not out or out[-1] != p):
            right = p.child_by_field_name("right")
            if right is not None and right.start_byte <= c.start_byte and c.end_byte <= right.end_byte:
                out.append(p)
    return out


def func_calls(src: "SourceFile", name: str) -> list[ts.Node]:
    """`name(…)` calls of `src` (plain identifiers: builtins and package-level functions)."""
    return [c for c in calls_named(src, name) if c.child_by_field_name("function").type == "identifier"]


_NEWLINE = re.compile(rb"\n")
# Every identifier is one of the maximal runs of identifier bytes that `split` leaves once
# every other byte is made a blank (some runs, as `0x1f`, are not identifiers). Done in C by
# `translate` and `split`, the set of a file's words costs 40% less than by a regex.
_NOT_WORD_TO_BLANK = bytes(c if c in _IDENT_BYTES else 0x20 for c in range(256))
_WORD_SET_AFTER = 32


class _CommonNeedles:
    """The strings rules test every file for before looking at its tree (`.Go(`, `sync.Map`,
    `make(chan`, ...), found in one pass over a file rather than one scan each. Asked one by
    one, the standard library's files were scanned 21 times over (1 GB for 46 MB of source,
    5% of its analysis); the 29 commonest strings found in one pass by an Aho-Corasick
    automaton take a sixth of the time of their 29 scans (0.1 s against 0.6 s over it).

    Which strings those are is learnt as the rules ask: one asked of `_COMMON_AFTER` files
    joins the automaton, and files searched from then on answer it from their one pass. A
    file searched before a string joined scans its text for it, as does any string asked of
    few files. The rules' own strings join within a process's first package; a package's
    names (`.bufr`) join too, up to `_COMMON_MOST` strings in all (the standard library
    makes 56)."""

    def __init__(self) -> None:
        self.asked: dict[bytes, int] = {}
        self.needles: list[bytes] = []
        self.index: dict[bytes, int] = {}
        # (the automaton, how many needles it holds, the longest of them): replaced whole, so
        # a reader on another thread sees one consistent triple without taking the lock
        self.current: tuple[ahocorasick_rs.BytesAhoCorasick, int, int] | None = None
        self.lock = threading.Lock()

    def mentioned(self, src: "SourceFile", needle: bytes) -> bool:
        i = self.index.get(needle)
        if i is None:
            self._ask(needle)
            return needle in src.data
        got = src._common
        if got is None:
            automaton, covered, longest = self.current
            got = src._common = (covered, _found(automaton, src.data, longest))
        return i in got[1] if i < got[0] else needle in src.data

    def _ask(self, needle: bytes) -> None:
        if len(self.needles) >= _COMMON_MOST:
            return
        if len(self.asked) >= _ASKED_KEPT:
            self.asked.clear()  # (a worker's packages ask about their own names without end)
        n = self.asked.get(needle, 0) + 1
        self.asked[needle] = n
        if n == _COMMON_AFTER and needle:
            with self.lock:
                if needle not in self.index:
                    self.index[needle] = len(self.needles)
                    self.needles.append(needle)
                    # (`Standard` matching reports every needle, overlapping ones included:
                    # `Lock()` inside `RLock()`)
                    automaton = ahocorasick_rs.BytesAhoCorasick(self.needles, matchkind=ahocorasick_rs.MatchKind.Standard)
                    self.current = (automaton, len(self.needles), max(map(len, self.needles)))


def _found(automaton: "ahocorasick_rs.BytesAhoCorasick", data: bytes, longest: int) -> set[int]:
    """The indexes of the automaton's needles that occur in `data`. Searched in windows
    overlapping by a needle's length less one, each match at most once: every match comes
    back as a tuple, and a file of nothing but `<-` would otherwise make millions at once."""
    found: set[int] = set()
    over = longest - 1
    for start in range(0, len(data), _COMMON_WINDOW):
        window = data[start : start + _COMMON_WINDOW + over]
        found.update(i for i, _, _ in automaton.find_matches_as_indexes(window, overlapping=True))
    return found


_COMMON_AFTER = 8
_COMMON_MOST = 128
_ASKED_KEPT = 10_000
_COMMON_WINDOW = 64 * 1024
_COMMON = _CommonNeedles()


class NotGoSource(ValueError):
    pass


def is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def is_generated(data: bytes) -> bool:
    # https://go.dev/s/generatedcode: a line matching ^// Code generated .* DO NOT EDIT\.$
    # before the package clause (in practice: anywhere in the header comment block).
    head = data[:4096]
    for line in head.splitlines():
        s = line.strip()
        if s.startswith(b"// Code generated ") and s.endswith(b"DO NOT EDIT."):
            return True
        if s.startswith(b"package "):
            break
    return False


@dataclass(eq=False)
class SourceFile:
    path: str
    data: bytes
    tree: ts.Tree
    package: str = ""
    # Code that only runs as part of a test program (rules/buildtags.py `is_test_support`);
    # set by the engine, which knows the module's root.
    test_support: bool = False
    _mentions: dict = field(default_factory=dict, repr=False)
    _captures: dict = field(default_factory=dict, repr=False)
    _calls: dict = field(default_factory=dict, repr=False)
    _names: dict = field(default_factory=dict, repr=False)
    _owners: dict = field(default_factory=dict, repr=False)
    _words: frozenset | None = field(default=None, repr=False)
    _word_asks: int = field(default=0, repr=False)
    # (how many of the common needles the file was searched for, the indexes of those found)
    _common: tuple[int, set[int]] | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, path: str, data: bytes) -> "SourceFile":
        if is_binary(data):
            raise NotGoSource("binary file (contains NUL bytes)")
        if len(data) > MAX_FILE_BYTES:
            raise NotGoSource(f"file too large ({len(data)} bytes > {MAX_FILE_BYTES})")
        tree = parser().parse(data)
        sf = cls(path=path, data=data, tree=tree)
        root = tree.root_node
        for i in range(root.named_child_count):  # not `named_children`: that builds every declaration's node
            child = root.named_child(i)
            if child.type == "package_clause":
                for c in child.named_children:
                    if c.type == "package_identifier":
                        sf.package = sf.text(c)
                break
            if child.type != "comment":
                break
        return sf

    @cached_property
    def line_starts(self) -> list[int]:
        # Most files never need a line number (no finding, no line-based check): built on demand.
        return [0, *(m.end() for m in _NEWLINE.finditer(self.data))]

    @property
    def line_count(self) -> int:
        return self.data.count(b"\n") + 1

    def mentions(self, needle: bytes) -> bool:
        """Cached `needle in data`: a cheap test that lets rules skip files."""
        got = self._mentions.get(needle)
        if got is None:
            got = self._mentions[needle] = _COMMON.mentioned(self, needle)
        return got

    def may_hold_word(self, key: bytes) -> bool:
        """False when `key` is certainly not a word of the file. The first asks scan the text
        (at memchr speed); a file asked about many names, as every file of a big package is,
        gets the set of its words instead: building it costs 17–46 scans (measured on the
        Debian corpus's projects), about `_WORD_SET_AFTER`, and each later ask is a hash
        lookup."""
        if self._words is None:
            self._word_asks += 1
            if self._word_asks < _WORD_SET_AFTER:
                return key in self.data
        return key in self.words

    @property
    def words(self) -> frozenset[bytes]:
        """Every word of the file (identifiers among them)."""
        if self._words is None:
            self._words = frozenset(self.data.translate(_NOT_WORD_TO_BLANK).split())
        return self._words

    def words_among(self, names: "set[bytes] | frozenset[bytes]") -> "set[bytes] | frozenset[bytes]":
        """The `names` that may be words of the file: `may_hold_word` asked of each, as one
        set operation once the file has its set of words."""
        if self._words is None and self._word_asks + len(names) < _WORD_SET_AFTER:
            self._word_asks += len(names)
            return {n for n in names if n in self.data}
        return names & self.words

    @cached_property
    def root(self) -> ts.Node:
        return self.tree.root_node

    @cached_property
    def has_errors(self) -> bool:
        return self.root.has_error

    @property
    def is_test(self) -> bool:
        return self.path.endswith("_test.go")

    @property
    def test_code(self) -> bool:
        """Built into test binaries only: a `_test.go` file or a test helper."""
        return self.is_test or self.test_support

    def text(self, node: ts.Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def span(self, node: ts.Node, end: ts.Node | None = None) -> Span:
        end = end or node
        return self.span_bytes(node.start_byte, end.end_byte)

    def span_bytes(self, start: int, end: int) -> Span:
        sl, sc = self.point(start)
        el, ec = self.point(end)
        return Span(self.path, sl, sc, el, ec, start, end)

    def point(self, offset: int) -> tuple[int, int]:
        """1-based (line, byte column) of a byte offset."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.data)
        return self.data[start:end].decode("utf-8", "replace")

    def line_start(self, offset: int) -> int:
        return self.line_starts[bisect.bisect_right(self.line_starts, offset) - 1]

    def indent_at(self, offset: int) -> str:
        """The leading whitespace of the line holding `offset`."""
        start = self.line_start(offset)
        end = start
        while end < len(self.data) and self.data[end] in b" \t":
            end += 1
        return self.data[start:end].decode()

    @cached_property
    def imports(self) -> dict[str, str]:
        """Local name -> import path."""
        out: dict[str, str] = {}
        root = self.root
        for i in range(root.named_child_count):
            decl = root.named_child(i)
            if decl.type in _DECLARATIONS:
                break  # imports come before every other declaration (or the file does not build)
            if decl.type != "import_declaration":
                continue
            for spec in _descendants_of_type(decl, "import_spec"):
                path_node = spec.child_by_field_name("path")
                if path_node is None:
                    continue
                path = self.text(path_node).strip('"`')
                name_node = spec.child_by_field_name("name")
                name = self.text(name_node) if name_node is not None else path.rsplit("/", 1)[-1]
                out[name] = path
        return out

    def import_name(self, path: str) -> str | None:
        return self._import_names.get(path)

    @cached_property
    def _import_names(self) -> dict[str, str]:
        """Import path -> the first local name it is imported under."""
        out: dict[str, str] = {}
        for name, p in self.imports.items():
            out.setdefault(p, name)
        return out


_DECLARATIONS = frozenset({"function_declaration", "method_declaration", "type_declaration", "var_declaration", "const_declaration"})


def _descendants_of_type(node: ts.Node, typ: str):
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == typ:
            yield n
        stack.extend(reversed(n.named_children))
