"""atomic-64bit-alignment: 64-bit atomics on struct fields that 32-bit platforms may misalign."""

from __future__ import annotations

from .. import goast
from ..atomic_access import atomic_calls
from ..concurrency import concurrency
from ..goast import Node, line_of
from ..model import Diagnostic, Fix, Related, Severity, TextEdit
from ..package import PackageView
from ..parse import SourceFile
from ..registry import Rule, register

_ATOMIC_64 = {
    "AddInt64",
    "AddUint64",
    "LoadInt64",
    "LoadUint64",
    "StoreInt64",
    "StoreUint64",
    "SwapInt64",
    "SwapUint64",
    "CompareAndSwapInt64",
    "CompareAndSwapUint64",
    "AndInt64",
    "AndUint64",
    "OrInt64",
    "OrUint64",
}


_SIZES = {
    "bool": (1, 1),
    "int8": (1, 1),
    "uint8": (1, 1),
    "byte": (1, 1),
    "int16": (2, 2),
    "uint16": (2, 2),
    "int32": (4, 4),
    "uint32": (4, 4),
    "rune": (4, 4),
    "float32": (4, 4),
    "int": (4, 4),
    "uint": (4, 4),
    "uintptr": (4, 4),
    "int64": (8, 4),
    "uint64": (8, 4),
    "float64": (8, 4),
    "complex64": (8, 4),
    "complex128": (16, 4),
    "string": (8, 4),
    "unsafe.Pointer": (4, 4),
    "error": (8, 4),
    "any": (8, 4),
    "interface{}": (8, 4),
}


def _size32(t: Node, src: SourceFile) -> tuple[int, int] | None:
    """(size, alignment) on 386/arm, or None when unknown."""
    text = src.text(t).replace(" ", "")
    if text in _SIZES:
        return _SIZES[text]
    if t.type in ("pointer_type", "map_type", "channel_type", "function_type"):
        return (4, 4)
    if t.type == "slice_type":
        return (12, 4)
    return None


def _alignment(view: PackageView):
    out = []
    seen = set()
    cc = concurrency(view)
    for src, call, m, target in atomic_calls(view):
        if m not in _ATOMIC_64 or target.type != "selector_expression":
            continue
        o = target.child_by_field_name("operand")
        fname = src.text(target.child_by_field_name("field"))
        tname = cc.type_of_operand(o, src)
        si = view.struct_of(tname)
        if si is None or (tname, fname) in seen:
            continue
        seen.add((tname, fname))
        off = 0
        known = True
        first_fd = None
        target_fd = None
        for fl in goast.of_type(si.node, "field_declaration_list"):
            for fd in fl.named_children:
                if fd.type != "field_declaration":
                    continue
                first_fd = first_fd or fd
                ft = fd.child_by_field_name("type")
                names = [si.src.text(n) for n in fd.children_by_field_name("name")] or ["_embedded"]
                sz = _size32(ft, si.src) if ft is not None else None
                for nm in names:
                    if nm == fname:
                        target_fd = fd
                        if sz is not None:  # the field itself starts at its own alignment
                            off = (off + sz[1] - 1) // sz[1] * sz[1]
                        break
                    if sz is None:
                        known = False
                        break
                    size, al = sz
                    off = (off + al - 1) // al * al + size
                if target_fd is not None or not known:
                    break
            break
        if target_fd is None or not known or off % 8 == 0:
            continue
        fixes = []
        if len(target_fd.children_by_field_name("name")) == 1 and target_fd != first_fd:
            indent = si.src.indent_at(first_fd.start_byte)
            line = si.src.text(target_fd)
            fixes.append(
                Fix(
                    f"Move {fname} to the top of {tname}",
                    (TextEdit(si.src.path, first_fd.start_byte, first_fd.start_byte, f"{line}\n{indent}"), _delete_line(si.src, target_fd)),
                )
            )
        out.append(
            Diagnostic(
                si.src.span(target_fd),
                f"`{tname}.{fname}` is used with `atomic.{m}` ({src.path.rsplit('/', 1)[-1]}:{line_of(src, call)}) but sits "
                f"at byte offset {off} of the struct on 32-bit platforms (386, arm, mips), which is not 8-byte aligned: "
                f'the atomic call panics there ("unaligned 64-bit atomic operation"). Only the first word of an '
                f"allocated struct is guaranteed 64-bit aligned: move the field first, or use `atomic.Int64`.",
                [Related(src.span(call), "the 64-bit atomic access")],
                fixes,
                anchor=f"{tname}.{fname}|align",
            )
        )
    return out


def _delete_line(src: SourceFile, node: Node) -> TextEdit:
    start = src.line_start(node.start_byte)
    nl = src.data.find(b"\n", node.end_byte)
    return TextEdit(src.path, start, nl + 1 if nl != -1 else node.end_byte, "")


ALIGN = register(
    Rule(
        id="atomic-64bit-alignment",
        title="64-bit atomic on a struct field that is misaligned on 32-bit platforms",
        family="E",
        severity=Severity.INFO,
        what="""
Finds struct fields used with the 64-bit `sync/atomic` functions (`AddInt64`, `LoadUint64`, ...)
whose offset in the struct, computed with 32-bit sizes and alignments, is not a multiple of 8.
Silent when a preceding field's size is not known from the declaration.
""",
        why="""
On 386, 32-bit ARM and 32-bit MIPS, 64-bit atomic operations need 8-byte aligned addresses but the
compiler only aligns int64 fields to 4 bytes. The program panics with "unaligned 64-bit atomic
operation" on those platforms only, far from where it was tested, and whatever the process held in
memory is lost with it.
""",
        example="""
type Stats struct {
	ready bool
	hits  int64 // offset 4 on 386
}

func (s *Stats) Hit() { atomic.AddInt64(&s.hits, 1) }
""",
        instead="""
type Stats struct {
	hits  int64 // first word: always 64-bit aligned
	ready bool
}
""",
        vet_overlap="go vet does not check alignment (the atomicalign analyzer in x/tools does, and is not in vet).",
        run=_alignment,
    )
)
