"""A package view: every .go file of one directory with the same package clause,
plus the module's go version, so a rule sees a map declared in one file and
written in another."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import cached_property

from . import goast
from .goast import Node
from .parse import SourceFile

_GO_DIRECTIVE = re.compile(rb"^go\s+(\d+)\.(\d+)", re.M)
_FILE_INDEX_AFTER = 32


def parse_go_version(go_mod: bytes | None) -> tuple[int, int] | None:
    if not go_mod:
        return None
    m = _GO_DIRECTIVE.search(go_mod)
    return (int(m.group(1)), int(m.group(2))) if m else None


@dataclass(eq=False)
class FuncInfo:
    node: Node
    src: SourceFile
    name: str
    recv_name: str | None = None
    recv_type: str | None = None

    @property
    def key(self) -> str:
        return f"{self.recv_type}.{self.name}" if self.recv_type else self.name

    @cached_property
    def body(self) -> Node | None:
        return self.node.child_by_field_name("body")


@dataclass(eq=False)
class StructInfo:
    name: str
    node: Node  # the struct_type node
    src: SourceFile
    fields: dict[str, Node] = field(default_factory=dict)  # field name -> type node
    embedded: list[Node] = field(default_factory=list)  # type nodes of embedded fields
    embedded_ptr: set = field(default_factory=set)  # ids of those embedded by pointer


@dataclass(eq=False)
class VarInfo:
    name: str
    spec: Node  # var_spec
    src: SourceFile
    type: Node | None  # declared type node, if any
    value: Node | None  # initialiser expression, if any


@dataclass(eq=False)
class PackageView:
    dir: str
    name: str
    files: list[SourceFile]
    go_version: tuple[int, int] | None = None
    _word_asks: int = field(default=0, repr=False)
    _files_by_word: dict | None = field(default=None, repr=False)

    def forget_analysis(self) -> None:
        """Drop what the rules worked out about the package (its model, every rule's caches),
        keeping its files: verifying fixes builds the patched package's own, and holding both
        at once doubles a large package's memory."""
        kept = {f.name for f in fields(self)}
        for key in [k for k in self.__dict__ if k not in kept]:
            del self.__dict__[key]
        self._files_by_word = None

    def files_with_word(self, name: str) -> list[SourceFile]:
        """The files in which `name` may stand as a word, in the view's order. The first
        asks ask each file; a view asked about many names (rules that follow a field or a type
        through a large package ask about hundreds) gets an index from word to files."""
        key = name.encode()
        index = self._files_by_word
        if index is None:
            self._word_asks += 1
            if self._word_asks < _FILE_INDEX_AFTER:
                return [src for src in self.files if src.may_hold_word(key)]
            index = self._files_by_word = {}
            for src in self.files:
                for word in src.words:
                    index.setdefault(word, []).append(src)
        return index.get(key, [])

    @cached_property
    def non_test_files(self) -> list[SourceFile]:
        """The files that are not test code (`_test.go` files and test helpers): where a rule
        not reported in tests looks for what it would report, as everything it finds in test
        code is dropped. Test files stay in `files`: their callers, goroutines and types are
        the package's too."""
        return [f for f in self.files if not f.test_code]

    # -- package-wide index, built once from top-level declarations only ------------

    @cached_property
    def funcs(self) -> dict[str, FuncInfo]:
        """'name' for functions, 'Type.name' for methods."""
        out: dict[str, FuncInfo] = {}
        for src in self.files:
            for decl in src.root.named_children:
                if decl.type == "function_declaration":
                    fi = FuncInfo(decl, src, goast.func_name(decl, src))
                    out.setdefault(fi.key, fi)
                elif decl.type == "method_declaration":
                    rn, rt, _ = goast.receiver(decl, src)
                    fi = FuncInfo(decl, src, goast.func_name(decl, src), rn, rt)
                    out.setdefault(fi.key, fi)
        return out

    @cached_property
    def methods_by_name(self) -> dict[str, list[FuncInfo]]:
        out: dict[str, list[FuncInfo]] = {}
        for fi in self.funcs.values():
            if fi.recv_type:
                out.setdefault(fi.name, []).append(fi)
        return out

    @cached_property
    def types(self) -> dict[str, tuple[Node, SourceFile]]:
        """Type name -> (type node of its declaration, file)."""
        out: dict[str, tuple[Node, SourceFile]] = {}
        for src in self.files:
            for decl in src.root.named_children:
                if decl.type != "type_declaration":
                    continue
                for spec in decl.named_children:
                    if spec.type in ("type_spec", "type_alias"):
                        name = spec.child_by_field_name("name")
                        typ = spec.child_by_field_name("type")
                        if name is not None and typ is not None:
                            out.setdefault(src.text(name), (typ, src))
        return out

    @cached_property
    def structs(self) -> dict[str, StructInfo]:
        out: dict[str, StructInfo] = {}
        for name, (typ, src) in self.types.items():
            if typ.type != "struct_type":
                continue
            si = StructInfo(name, typ, src)
            # the struct's own field list, its type's one child of that kind (the fields of
            # nested anonymous structs, deeper, are not the struct's)
            for fl in (c for c in typ.named_children if c.type == "field_declaration_list"):
                for fd in fl.named_children:
                    if fd.type != "field_declaration":
                        continue
                    ftype = fd.child_by_field_name("type")
                    names = fd.children_by_field_name("name")
                    if not names and ftype is not None:
                        si.embedded.append(ftype)
                        if any(c.type == "*" for c in fd.children) or ftype.type == "pointer_type":
                            si.embedded_ptr.add(ftype.id)
                    for n in names:
                        si.fields[src.text(n)] = ftype
            out[name] = si
        return out

    @cached_property
    def vars(self) -> dict[str, VarInfo]:
        """Package-level variables."""
        out: dict[str, VarInfo] = {}
        for src in self.files:
            for decl in src.root.named_children:
                if decl.type != "var_declaration":
                    continue
                # Direct children only: initialisers can be huge tables.
                specs = []
                for c in decl.named_children:
                    specs.extend(c.named_children if c.type == "var_spec_list" else [c])
                for spec in (sp for sp in specs if sp.type == "var_spec"):
                    names = spec.children_by_field_name("name")
                    typ = spec.child_by_field_name("type")
                    value = spec.child_by_field_name("value")
                    values = value.named_children if value is not None and value.type == "expression_list" else ([value] if value is not None else [])
                    for i, n in enumerate(names):
                        v = values[i] if i < len(values) else None
                        out.setdefault(src.text(n), VarInfo(src.text(n), spec, src, typ, v))
        return out

    def resolve_named(self, typ: Node | None, src: SourceFile, depth: int = 0) -> tuple[Node | None, SourceFile]:
        """Follow local named types (`type Set map[string]bool`) to their underlying type node."""
        while typ is not None and depth < 8:
            if typ.type == "parenthesized_type" and typ.named_children:
                typ = typ.named_children[0]
                continue
            if typ.type == "type_identifier":
                got = self.types.get(src.text(typ))
                if got is None:
                    return typ, src
                typ, src = got
                depth += 1
                continue
            if typ.type == "generic_type":
                inner = typ.child_by_field_name("type")
                got = self.types.get(src.text(inner)) if inner is not None else None
                if got is None:
                    return typ, src
                typ, src = got
                depth += 1
                continue
            return typ, src
        return typ, src

    def struct_of(self, type_name: str | None) -> StructInfo | None:
        return self.structs.get(type_name) if type_name else None

    def field_type(self, type_name: str | None, field_name: str) -> tuple[Node | None, SourceFile | None]:
        """The declared type of `field_name` in struct `type_name`, looking through embedded structs."""
        seen = set()
        todo = [type_name]
        while todo:
            tn = todo.pop()
            if tn in seen:
                continue
            seen.add(tn)
            si = self.struct_of(tn)
            if si is None:
                continue
            if field_name in si.fields:
                return si.fields[field_name], si.src
            for emb in si.embedded:
                en, _ = goast.type_name(emb, si.src)
                if en:
                    todo.append(en)
        return None, None


def group_packages(files: list[SourceFile], dir_of, go_version_of) -> list[PackageView]:
    by_key: dict[tuple[str, str], list[SourceFile]] = {}
    for f in files:
        by_key.setdefault((dir_of(f.path), f.package), []).append(f)
    views = []
    for (d, name), fs in sorted(by_key.items()):
        fs.sort(key=lambda f: f.path)
        views.append(PackageView(d, name, fs, go_version_of(d)))
    return views
