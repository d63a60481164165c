"""What a patch may add, judged at the level of types the model can see.

A patch that parses, is gofmt-clean and silences its finding can still fail to compile or
deadlock: it names a variable that is not in scope, calls `sync.Lock()`, locks a field that
is not a mutex, locks a mutex its caller already holds, or leaves the imports out of step
with the code. Only the text the patch writes is judged, so code it merely sits next to
never makes it fail; and a name the model cannot place for want of knowledge (a dot import,
a package outside GOROOT) is given the benefit of the doubt."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

import tree_sitter as ts

from . import goast
from .concurrency import CALLER_HELD, concurrency
from .goast import Node
from .gotypes import classify_lock_type, decl_type, struct_name
from .model import Fix
from .package import PackageView
from .parse import SourceFile, name_nodes, query
from .scope import resolve

# The universe block (https://go.dev/ref/spec#Predeclared_identifiers).
PREDECLARED = frozenset(
    """
any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64
rune string uint uint8 uint16 uint32 uint64 uintptr true false iota nil append cap clear close
complex copy delete imag len make max min new panic print println real recover
""".split()
)

LOCKING = {"Lock": "w", "RLock": "r"}
UNLOCKING = ("Unlock", "RUnlock")
_READ_SIDE = ("RLock", "RUnlock")

_NAMES_QUERY = """
(identifier) @ident
(type_identifier) @type
(package_identifier) @pkg
(selector_expression) @sel
(call_expression function: (selector_expression)) @call
"""


@dataclass(frozen=True)
class Written:
    """One edit's text in the patched file: where it now lies, and what it replaced."""

    start: int
    end: int
    replaced: bytes

    def holds(self, node: Node) -> bool:
        # overlap, not containment: text glued onto an existing name changes that name
        return node.start_byte < self.end and node.end_byte > self.start

    def carried(self, name: str) -> bool:
        """Was `name` already in the text this edit replaced (code moved, not written)?"""
        return _word_in(name.encode(), self.replaced)


def written_ranges(before: dict[str, bytes], fix: Fix) -> dict[str, list[Written]]:
    """Per changed file, the byte ranges of the patched file that hold the fix's new text."""
    out: dict[str, list[Written]] = {}
    by_path: dict[str, list] = {}
    for e in fix.edits:
        by_path.setdefault(e.path, []).append(e)
    for path, edits in by_path.items():
        shift = 0
        got = out[path] = []
        for e in sorted(edits, key=lambda e: (e.start_byte, e.end_byte)):
            new = e.new_text.encode()
            start = e.start_byte + shift
            got.append(Written(start, start + len(new), before[path][e.start_byte : e.end_byte]))
            shift += len(new) - (e.end_byte - e.start_byte)
    return out


def reject_reason(before: PackageView, after: PackageView, fix: Fix) -> str | None:
    """Why the patched package `after` (`before` with `fix` applied) would not type-check or
    would lock wrongly where the fix wrote; None when nothing is wrong that the model can see."""
    old = {f.path: f for f in before.files}
    new = {f.path: f for f in after.files}
    ranges = written_ranges({p: f.data for p, f in old.items()}, fix)
    for path, written in ranges.items():
        src, prev = new.get(path), old.get(path)
        if src is None or prev is None or src.has_errors:
            continue
        why = _imports_in_step(prev, src, after) or _written_code(src, after, written)
        if why is not None:
            return f"{path}: {why}"
    return None


# -- names the patch writes ------------------------------------------------------------------


def _written_code(src: SourceFile, view: PackageView, written: list[Written]) -> str | None:
    for w in written:
        if w.start == w.end:
            continue
        cursor = ts.QueryCursor(query(_NAMES_QUERY))
        cursor.set_byte_range(w.start, w.end)
        caps = cursor.captures(src.root)
        why = _names_problem(caps, src, view, w) or _members_problem(caps, src, view, w) or _locks_problem(caps, src, view, w)
        if why is not None:
            return why
    return None


def _names_problem(caps, src: SourceFile, view: PackageView, w: Written) -> str | None:
    """A name the patch writes that nothing declares (a dot import hides where names come
    from: then any name goes)."""
    if "." in src.imports:
        return None
    for node in caps.get("ident", ()):
        if w.holds(node) and not _declares_or_keys(node):
            name = src.text(node)
            if not w.carried(name) and not _known_value(node, name, src, view):
                return f"`{name}` is not declared"
    for node in caps.get("type", ()):
        if w.holds(node) and node.parent is not None and node.parent.type != "qualified_type" and not _is_declared_here(node):
            name = src.text(node)
            if not w.carried(name) and not _known_type(name, src, view):
                return f"type `{name}` is not declared"
    return None


def _members_problem(caps, src: SourceFile, view: PackageView, w: Written) -> str | None:
    """`pkg.Name` naming a package not imported or a member it lacks; `x.f` naming a field
    or method x's struct type lacks."""
    for node in caps.get("pkg", ()):
        parent = node.parent
        if not w.holds(node) or parent is None or parent.type != "qualified_type":
            continue
        pkg = src.text(node)
        if w.carried(pkg):
            continue
        if pkg not in src.imports:
            return f"`{pkg}` is not imported"
        why = _member_missing(src, pkg, parent.child_by_field_name("name"))
        if why:
            return why
    for sel in caps.get("sel", ()):
        if w.holds(sel):
            why = _selector_problem(sel, src, view, w)
            if why:
                return why
    return None


def _locks_problem(caps, src: SourceFile, view: PackageView, w: Written) -> str | None:
    for call in caps.get("call", ()):
        fn = call.child_by_field_name("function")
        meth = fn.child_by_field_name("field") if fn is not None else None
        if meth is None or not w.holds(meth):
            continue
        m = src.text(meth)
        if (m in LOCKING or m in UNLOCKING) and not goast.call_args(call):
            why = _lock_problem(call, fn.child_by_field_name("operand"), m, src, view)
            if why:
                return why
    return None


def _declares_or_keys(ident: Node) -> bool:
    """An identifier that names what is being declared, or a struct literal's field key: no
    scope lookup can answer for those."""
    if ident.text == b"_":
        return True
    p = ident.parent
    if p is None:
        return True
    if p.type in (
        "parameter_declaration",
        "variadic_parameter_declaration",
        "type_parameter_declaration",
        "var_spec",
        "const_spec",
        "function_declaration",
        "method_declaration",
        "import_spec",
    ):
        return ident in p.children_by_field_name("name")
    if p.type == "literal_element" and p.parent is not None and p.parent.type == "keyed_element":
        return p.parent.named_children[0] == p
    if p.type == "expression_list" and p.parent is not None and p.parent.type == "type_switch_statement":
        return p.parent.child_by_field_name("alias") == p
    return False


def _is_declared_here(node: Node) -> bool:
    p = node.parent
    return p is not None and p.type in ("type_spec", "type_alias") and p.child_by_field_name("name") == node


def _known_value(ident: Node, name: str, src: SourceFile, view: PackageView) -> bool:
    if name in PREDECLARED or name in _package_names(view) or name in src.imports:
        return True
    if name in _file_type_names(src):
        return True  # a type parameter or a local type used as a conversion
    return resolve(ident, src, view).kind != "unknown"


def _known_type(name: str, src: SourceFile, view: PackageView) -> bool:
    return name in PREDECLARED or name in view.types or name in _file_type_names(src)


def _package_names(view: PackageView) -> frozenset[str]:
    """Every name the package block declares, in any of its files."""
    got = view.__dict__.get("_goleash_block_names")
    if got is None:
        got = frozenset(_top_level_names(view.files))
        view.__dict__["_goleash_block_names"] = got
    return got


def _top_level_names(files) -> set[str]:
    out: set[str] = set()
    for src in files:
        for decl in src.root.named_children:
            if decl.type == "function_declaration":
                name = decl.child_by_field_name("name")
                if name is not None:
                    out.add(src.text(name))
            elif decl.type in ("var_declaration", "const_declaration", "type_declaration"):
                for spec in decl.named_children:
                    specs = spec.named_children if spec.type == "var_spec_list" else [spec]
                    for sp in specs:
                        if sp.type in ("var_spec", "const_spec", "type_spec", "type_alias"):
                            out.update(src.text(n) for n in sp.children_by_field_name("name"))
    return out


def _file_type_names(src: SourceFile) -> frozenset[str]:
    """Type names declared inside the file's functions: type parameters (a generic receiver's
    too) and local types. Scoping them exactly is not worth it: any of them is accepted."""
    got = src.__dict__.get("_goleash_local_types")
    if got is None:
        names = set()
        for n in goast.of_type(src.root, "type_parameter_declaration", "type_spec", "type_alias", "method_declaration"):
            if n.type == "type_parameter_declaration":
                names.update(src.text(c) for c in n.children_by_field_name("name"))
            elif n.type == "method_declaration":
                recv = n.child_by_field_name("receiver")
                for t in goast.of_type(recv, "type_arguments") if recv is not None else ():
                    names.update(src.text(c) for c in goast.of_type(t, "type_identifier"))
            elif goast.enclosing_func(n) is not None:
                name = n.child_by_field_name("name")
                if name is not None:
                    names.add(src.text(name))
        got = src.__dict__["_goleash_local_types"] = frozenset(names)
    return got


def _imported_name(ident: Node, src: SourceFile, view: PackageView) -> str | None:
    """The import path `ident` names when it is a package name (not shadowed), else None."""
    name = src.text(ident)
    path = src.imports.get(name)
    if path is None or name in _package_names(view):
        return None
    return path if resolve(ident, src, view).kind == "unknown" else None


def _selector_problem(sel: Node, src: SourceFile, view: PackageView, w: Written) -> str | None:
    operand = sel.child_by_field_name("operand")
    field = sel.child_by_field_name("field")
    if operand is None or field is None or not w.holds(field):
        return None
    fname = src.text(field)
    if w.carried(fname):
        return None
    operand = goast.unparen(operand)
    if operand.type == "identifier" and src.imports.get(src.text(operand)) is not None:
        if _imported_name(operand, src, view) is not None:
            return _member_missing(src, src.text(operand), field)
        return None
    owner = concurrency(view).type_of_operand(operand, src)
    if owner is not None and not _has_member(view, owner, fname):
        return f"`{owner}` has no field or method `{fname}`"
    return None


MUTEX_METHODS = frozenset({"Lock", "Unlock", "TryLock", "RLock", "RUnlock", "TryRLock", "RLocker"})


def _has_member(view: PackageView, tname: str, name: str) -> bool:
    """Does the package's struct `tname` have field or method `name`? True when it cannot
    tell: a type embedded from elsewhere brings members the model does not know."""
    seen, todo = set(), [tname]
    while todo:
        t = todo.pop()
        if t in seen:
            continue
        seen.add(t)
        si = view.struct_of(t)
        if si is None:
            return True
        if name in si.fields or f"{t}.{name}" in view.funcs:
            return True
        for emb in si.embedded:
            if _embedded_field_name(emb, si.src) == name:
                return True
            local, _ = goast.type_name(emb, si.src)
            if local in view.structs:
                todo.append(local)
            elif classify_lock_type(emb, si.src) is None:
                return True  # io.Reader, an interface: its members are not known here
            elif name in MUTEX_METHODS:
                return True
    return False


def _embedded_field_name(typ: Node, src: SourceFile) -> str:
    """`Mutex` for an embedded `*sync.Mutex`, `T` for `T[K]`: the field's implicit name."""
    text = src.text(typ).lstrip("*").split("[", 1)[0].strip()
    return text.rsplit(".", 1)[-1]


def _member_missing(src: SourceFile, pkg: str, member: Node | None) -> str | None:
    if member is None:
        return None
    name = src.text(member)
    exported = std_exports(src.imports[pkg])
    if exported is not None and name not in exported:
        return f"package {pkg} has no `{name}`"
    if not name[:1].isupper() and src.imports[pkg] != "C":
        return f"`{pkg}.{name}` is not exported"
    return None


@functools.cache
def goroot() -> str | None:
    go = shutil.which("go")
    if not go:
        return None
    try:
        root = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return root if root and os.path.isdir(os.path.join(root, "src")) else None


@functools.cache
def std_exports(path: str) -> frozenset[str] | None:
    """Names a standard-library package declares, read from GOROOT's sources; None for a
    package outside the standard library or without a toolchain (then anything goes)."""
    root = goroot()
    if root is None or "." in path.split("/", 1)[0]:
        return None
    d = os.path.join(root, "src", path)
    try:
        names = sorted(n for n in os.listdir(d) if n.endswith(".go") and not n.endswith("_test.go"))
    except OSError:
        return None
    files = []
    for n in names:
        try:
            with open(os.path.join(d, n), "rb") as fh:
                files.append(SourceFile.parse(n, fh.read()))
        except (OSError, ValueError):
            return None
    return frozenset(_top_level_names(files)) if files else None


# -- locks the patch takes -------------------------------------------------------------------


def mutex_kind(operand: Node, src: SourceFile, view: PackageView) -> str | None:
    """'mutex' / 'rwmutex' when the declarations show `operand` is a sync.Mutex / RWMutex (a
    pointer to one, or a struct embedding one); None when the model cannot tell."""
    operand = goast.unparen(operand)
    if operand.type == "identifier":
        d = resolve(operand, src, view)
        if d.kind == "unknown" or d.src is None:
            return None
        typ = decl_type(d)
        return classify_lock_type(typ, d.src) or _embedded_lock(struct_name(typ, d.src, view), view)
    if operand.type == "selector_expression":
        owner = concurrency(view).type_of_operand(operand.child_by_field_name("operand"), src)
        fld = operand.child_by_field_name("field")
        if owner is None or fld is None:
            return None
        ftype, fsrc = view.field_type(owner, src.text(fld))
        if ftype is None:
            return _embedded_by_name(owner, src.text(fld), view)
        return classify_lock_type(ftype, fsrc) or _embedded_lock(struct_name(ftype, fsrc, view), view)
    return None


def _embedded_by_name(tname: str, name: str, view: PackageView) -> str | None:
    """The kind of the mutex embedded in struct `tname` and selected by its own name
    (`s.Mutex`, `s.RWMutex`)."""
    si = view.struct_of(tname)
    for emb in si.embedded if si is not None else ():
        if _embedded_field_name(emb, si.src) == name:
            return classify_lock_type(emb, si.src) or _embedded_lock(goast.type_name(emb, si.src)[0], view)
    return None


def _embedded_lock(tname: str | None, view: PackageView, depth: int = 4) -> str | None:
    si = view.struct_of(tname)
    if si is None or depth == 0:
        return None
    for emb in si.embedded:
        kind = classify_lock_type(emb, si.src) or _embedded_lock(goast.type_name(emb, si.src)[0], view, depth - 1)
        if kind:
            return kind
    return None


def _lock_problem(call: Node, operand: Node | None, method: str, src: SourceFile, view: PackageView) -> str | None:
    if operand is None:
        return None
    what = src.text(operand)
    base = goast.unparen(operand)
    if base.type == "identifier" and _imported_name(base, src, view) is not None:
        return f"`{what}` is a package, not a mutex"
    kind = mutex_kind(operand, src, view)
    if kind is None:
        return f"`{what}` is not known to be a mutex"
    if method in _READ_SIDE and kind != "rwmutex":
        return f"`{what}` is a sync.Mutex: it has no {method}"
    if method not in LOCKING:
        return None
    cc = concurrency(view)
    boundary = cc.boundary_of(call, src)
    if boundary is None:
        return None
    held = cc.locks_at(call, src, boundary)
    name = cc.lock_name(operand, src, boundary)
    if name in held:
        return f"`{what}` is already held here"
    if CALLER_HELD in held:
        return f"the callers of this function hold a lock: `{what}` may be it"
    return None


# -- imports -------------------------------------------------------------------------------


def _imports_in_step(prev: SourceFile, src: SourceFile, view: PackageView) -> str | None:
    """An import the patch adds must be used, and one it removes must no longer be."""
    old, new = prev.imports, src.imports
    for name, path in new.items():
        if name in ("_", ".") or old.get(name) == path:
            continue
        if not _uses_package(src, name, view):
            return f'import "{path}" is not used'
    for name, path in old.items():
        if name in ("_", ".") or name in new:
            continue
        if _uses_package(src, name, view):
            return f'import "{path}" was removed but `{name}` is still used'
    return None


def _uses_package(src: SourceFile, name: str, view: PackageView) -> bool:
    for node in name_nodes(src, name):
        p = node.parent
        if p is None:
            continue
        if node.type == "package_identifier" and p.type == "qualified_type":
            return True
        if node.type == "identifier" and p.type == "selector_expression" and p.child_by_field_name("operand") == node:
            if name not in _package_names(view) and resolve(node, src, view).kind == "unknown":
                return True
    return False


def _word_in(word: bytes, data: bytes) -> bool:
    i = data.find(word)
    while i != -1:
        before = data[i - 1 : i]
        after = data[i + len(word) : i + len(word) + 1]
        if not _ident_byte(before) and not _ident_byte(after):
            return True
        i = data.find(word, i + 1)
    return False


def _ident_byte(b: bytes) -> bool:
    return bool(b) and (b.isalnum() or b == b"_" or b[0] >= 0x80)
