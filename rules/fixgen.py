"""Building the edits of common patches: guarding statements with a mutex, declaring one,
importing a package. The verifier (fixes.py) decides whether the result is shown."""

from __future__ import annotations

from . import goast
from .goast import Node
from .model import Fix, TextEdit
from .parse import SourceFile

# Statements whose bodies may jump out of a Lock/Unlock pair we wrap around them.
_JUMPS = ("return_statement", "goto_statement", "break_statement", "continue_statement", "fallthrough_statement")


def insert_before(src: SourceFile, node: Node, text: str) -> TextEdit:
    return TextEdit(src.path, node.start_byte, node.start_byte, text)


def insert_after(src: SourceFile, node: Node, text: str) -> TextEdit:
    return TextEdit(src.path, node.end_byte, node.end_byte, text)


def replace(src: SourceFile, node: Node, text: str) -> TextEdit:
    return TextEdit(src.path, node.start_byte, node.end_byte, text)


def escapes(stmt: Node) -> bool:
    """Can control leave `stmt` other than by falling off its end?"""
    for n in goast.walk(stmt, skip_func_literals=True):
        if n.type in ("return_statement", "goto_statement"):
            return True
        if n.type in ("break_statement", "continue_statement"):
            if any(c.type == "label_name" for c in n.named_children):
                return True
            # an unlabeled break/continue leaves only the innermost loop/switch/select
            for a in goast.ancestors(n):
                if a.type in ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"):
                    if a == stmt and stmt.type == "for_statement":
                        break
                    if goast.inside(a, stmt) and a != stmt:
                        break
                    if a == stmt:
                        break
                    return True
                if a == stmt:
                    return True
        if n.type == "expression_statement" and n.named_children:
            c = n.named_children[0]
            if c.type == "call_expression":
                fn = c.child_by_field_name("function")
                if fn is not None and fn.type == "identifier" and fn.text == b"panic":
                    return True
    return False


def guard_statement(src: SourceFile, stmt: Node, lock_expr: str, read: bool, rw: bool) -> list[TextEdit] | None:
    """Edits that hold `lock_expr` around `stmt`; None when no safe wrapping exists."""
    lock, unlock = ("RLock", "RUnlock") if read and rw else ("Lock", "Unlock")
    indent = src.indent_at(stmt.start_byte)
    if src.line_start(stmt.start_byte) + len(indent.encode()) != stmt.start_byte:
        return None  # not at the start of its line (e.g. `a; b`): leave it to a human
    if stmt.type == "return_statement":
        return [insert_before(src, stmt, f"{lock_expr}.{lock}()\n{indent}defer {lock_expr}.{unlock}()\n{indent}")]
    if stmt.type in ("labeled_statement", "go_statement", "defer_statement"):
        return None
    if escapes(stmt) and stmt.type != "expression_statement":
        return None
    end = _end_of_line_comment(src, stmt.end_byte)
    return [
        insert_before(src, stmt, f"{lock_expr}.{lock}()\n{indent}"),
        TextEdit(src.path, end, end, f"\n{indent}{lock_expr}.{unlock}()"),
    ]


def _end_of_line_comment(src: SourceFile, offset: int) -> int:
    """Where a statement ending at `offset` really ends: after a trailing `// comment`."""
    nl = src.data.find(b"\n", offset)
    nl = len(src.data) if nl == -1 else nl
    rest = src.data[offset:nl].strip()
    return nl if rest.startswith(b"//") else offset


def ensure_import(src: SourceFile, path: str) -> list[TextEdit]:
    """Edits adding `import "path"` unless the file has it. gofmt re-sorts the block."""
    if src.import_name(path) is not None:
        return []
    decls = [d for d in src.root.named_children if d.type == "import_declaration"]
    if decls:
        decl = decls[0]
        spec_list = next((c for c in decl.named_children if c.type == "import_spec_list"), None)
        if spec_list is not None:
            first = next((c for c in spec_list.named_children if c.type == "import_spec"), None)
            if first is not None:
                return [TextEdit(src.path, first.start_byte, first.start_byte, f'"{path}"\n\t')]
            # `import ()`: insert before the closing paren
            return [TextEdit(src.path, spec_list.end_byte - 1, spec_list.end_byte - 1, f'\t"{path}"\n')]
        spec = next((c for c in decl.named_children if c.type == "import_spec"), None)
        if spec is not None:
            return [TextEdit(src.path, spec.start_byte, spec.end_byte, f'(\n\t"{path}"\n\t{src.text(spec)}\n)')]
    pkg = next((c for c in src.root.named_children if c.type == "package_clause"), None)
    if pkg is None:
        return []
    return [TextEdit(src.path, pkg.end_byte, pkg.end_byte, f'\n\nimport "{path}"')]


def fresh_name(src: SourceFile, scope: Node, preferred: list[str]) -> str:
    used = {src.text(n) for n in goast.of_type(scope, "identifier", "field_identifier")}
    for name in preferred:
        if name not in used:
            return name
    base = preferred[-1]
    i = 2
    while f"{base}{i}" in used:
        i += 1
    return f"{base}{i}"


def pointer_receiver(src: SourceFile, fn: Node, rtype: str):
    """The receiver's type node of method `fn` and the fix turning it into `*rtype`."""
    recv = fn.child_by_field_name("receiver")
    typ = None
    for p in recv.named_children if recv is not None else []:
        if p.type == "parameter_declaration":
            typ = p.child_by_field_name("type")
    fix = Fix(f"Use a pointer receiver (*{rtype})", (replace(src, typ, f"*{src.text(typ)}"),)) if typ is not None else None
    return (typ or recv), fix


def delete_stmt(src: SourceFile, stmt: Node) -> TextEdit:
    """Remove a statement together with its line (indent and newline)."""
    start = src.line_start(stmt.start_byte)
    end = stmt.end_byte
    nl = src.data.find(b"\n", end)
    rest = src.data[end:nl].strip() if nl != -1 else b"x"
    if src.data[start : stmt.start_byte].strip() == b"" and nl != -1 and (rest == b"" or rest.startswith(b"//")):
        return TextEdit(src.path, start, nl + 1, "")
    return TextEdit(src.path, stmt.start_byte, stmt.end_byte, "")
