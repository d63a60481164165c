"""Just enough typing from syntax: is this declaration a map (and of what values), which
struct type does this variable hold, is this field a mutex. Unknown means "don't know",
and rules stay silent on what they don't know."""

from __future__ import annotations

from .goast import Node, unparen
from .package import PackageView
from .parse import SourceFile
from .scope import Decl

MUTEX_TYPES = {"sync.Mutex": "mutex", "sync.RWMutex": "rwmutex"}


def type_of_expr(expr: Node | None, src: SourceFile) -> Node | None:
    """The type node an initialiser expression obviously has: make(T), T{...}, &T{...}, new(T)."""
    if expr is None:
        return None
    expr = unparen(expr)
    if expr.type == "call_expression":
        fn = expr.child_by_field_name("function")
        args = expr.child_by_field_name("arguments")
        if fn is not None and fn.type == "identifier" and src.text(fn) in ("make", "new") and args is not None and args.named_children:
            return args.named_children[0]
        return None
    if expr.type == "composite_literal":
        return expr.child_by_field_name("type")
    if expr.type == "unary_expression" and src.text(expr).startswith("&"):
        inner = expr.child_by_field_name("operand")
        if inner is not None and unparen(inner).type == "composite_literal":
            return unparen(inner).child_by_field_name("type")
    return None


def decl_type(d: Decl) -> Node | None:
    if d.type is not None:
        return d.type
    if d.src is not None:
        return type_of_expr(d.value, d.src)
    return None


def map_value_type(typ: Node | None, src: SourceFile, view: PackageView) -> tuple[bool, Node | None, SourceFile]:
    """(is a map, value type node, file of that node)."""
    typ, src = view.resolve_named(typ, src)
    if typ is not None and typ.type == "map_type":
        return True, typ.child_by_field_name("value"), src
    return False, None, src


def struct_name(typ: Node | None, src: SourceFile, view: PackageView) -> str | None:
    """Name of the package-local struct type behind `T`, `*T`, `T[X]`."""
    while typ is not None and typ.type in ("pointer_type", "parenthesized_type"):
        typ = typ.named_children[0] if typ.named_children else None
    if typ is None:
        return None
    if typ.type == "generic_type":
        typ = typ.child_by_field_name("type")
    if typ is None or typ.type != "type_identifier":
        return None
    name = src.text(typ)
    return name if name in view.structs else None


def classify_lock_type(typ: Node | None, src: SourceFile | None) -> str | None:
    """'mutex' / 'rwmutex' for sync.Mutex / sync.RWMutex (or pointers to them)."""
    if typ is None or src is None:
        return None
    text = src.text(typ).lstrip("*").strip()
    return MUTEX_TYPES.get(text)


def is_chan_type(typ: Node | None, src: SourceFile, view: PackageView) -> bool:
    typ, src = view.resolve_named(typ, src)
    return typ is not None and typ.type == "channel_type"


CLOSER_TYPES = {
    "*os.File",
    "net.Conn",
    "*sql.DB",
    "*sql.Conn",
    "*sql.Stmt",
    "io.Closer",
    "io.ReadCloser",
    "io.WriteCloser",
    "*http.Client",
    "net.Listener",
    "*net.TCPConn",
    "*net.UDPConn",
    "*grpc.ClientConn",
    "*websocket.Conn",
}


def closer_kind(typ: Node | None, src: SourceFile, view: PackageView) -> str | None:
    """'chan' / 'close' / 'idle' (http.Client) / 'cancel' (a context's CancelFunc) for values
    that must be released."""
    if typ is None:
        return None
    if is_chan_type(typ, src, view):
        # A receive-only channel cannot be closed by whoever holds it.
        text = src.text(typ).replace(" ", "")
        return None if text.startswith("<-chan") else "chan"
    text = src.text(typ).replace(" ", "")
    if text == "*http.Client":
        return "idle"
    if text in CLOSER_TYPES:
        return "close"
    if text in ("context.CancelFunc", "context.CancelCauseFunc"):
        return "cancel"
    return None


def own_locks(view: PackageView, tname: str) -> set[str]:
    """The locks a struct holds by value, by canonical name: `T.mu` for a field, `T` for an
    embedded mutex."""
    si = view.structs.get(tname)
    out: set[str] = set()
    if si is None:
        return out
    for name, typ in si.fields.items():
        if classify_lock_type(typ, si.src):
            out.add(f"{tname}.{name}")
    for emb in si.embedded:
        if classify_lock_type(emb, si.src):
            out.add(tname)
    return out


def applies_option(fn: Node, src: SourceFile, view: PackageView) -> str | None:
    """The struct `fn` configures when it is a functional option: its one parameter is `*T` and
    the package declares a function type of that shape (`type Option func(*Client)`), which
    constructors apply to the value they are building before anything else can see it."""
    params = fn.child_by_field_name("parameters")
    decls = [p for p in params.named_children if p.type == "parameter_declaration"] if params is not None else []
    if len(decls) != 1 or len(decls[0].children_by_field_name("name")) > 1:
        return None
    ptype = decls[0].child_by_field_name("type")
    if ptype is None or ptype.type != "pointer_type":
        return None
    shape = src.text(ptype).replace(" ", "")
    for node, tsrc in view.types.values():
        if node.type != "function_type":
            continue
        tparams = node.child_by_field_name("parameters")
        inner = [p for p in tparams.named_children if p.type == "parameter_declaration"] if tparams is not None else []
        if len(inner) == 1 and (t := inner[0].child_by_field_name("type")) is not None and tsrc.text(t).replace(" ", "") == shape:
            return shape[1:]
    return None
