"""JSON Schema (draft 2020-12) and field reference of the `kexie-bulletin/1` record, made from the model.

The schema and `docs/record.md` are generated from `kexie_parse.model` itself: field names and types
from the dataclasses, descriptions from the field docstrings. Regenerate both after changing the model:

    python -m kexie_parse.schema > kexie_parse/schemas/kexie-bulletin-1.schema.json
    python -m kexie_parse.schema --markdown > docs/record.md
"""
from __future__ import annotations

import argparse
import ast
import dataclasses
import inspect
import json
import re
import sys
import types
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

from .model import SCHEMA_VERSION, Bulletin, Diagnostic, Source
from .sources import KINDS as SOURCE_KINDS

SCHEMA_ID = "https://kexie-parse.invalid/schema/kexie-bulletin-1.json"
SCHEMA_FILE = Path(__file__).with_name("schemas") / "kexie-bulletin-1.schema.json"
REGENERATE_SCHEMA = "python -m kexie_parse.schema > kexie_parse/schemas/kexie-bulletin-1.schema.json"
REGENERATE_DOCS = "python -m kexie_parse.schema --markdown > docs/record.md"

# The only hand-written constraints: values the model types as plain str but the contract closes.
CONSTRAINTS: dict[tuple[type, str], dict[str, Any]] = {
    (Bulletin, "schema_version"): {"const": SCHEMA_VERSION},
    (Diagnostic, "level"): {"enum": ["info", "warning", "error"]},
    (Source, "kind"): {"enum": list(SOURCE_KINDS)},
}

_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


# --------------------------------------------------------------------------- docstrings

@lru_cache(maxsize=None)
def _module_docs(module_name: str) -> dict[str, tuple[Optional[str], dict[str, str]]]:
    """class name -> (class docstring, {field: field docstring}) for every class of a module."""
    tree = ast.parse(inspect.getsource(sys.modules[module_name]))
    out: dict[str, tuple[Optional[str], dict[str, str]]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        fields: dict[str, str] = {}
        for stmt, nxt in zip(node.body, node.body[1:]):
            if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                    and isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant)
                    and isinstance(nxt.value.value, str)):
                fields[stmt.target.id] = inspect.cleandoc(nxt.value.value)
        out[node.name] = (ast.get_docstring(node), fields)
    return out


def class_doc(cls: type) -> str:
    return _module_docs(cls.__module__).get(cls.__name__, (None, {}))[0] or ""


def field_docs(cls: type) -> dict[str, str]:
    return _module_docs(cls.__module__).get(cls.__name__, (None, {}))[1]


# --------------------------------------------------------------------------- types

def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    """Optional[X] / X | None -> (X, True); anything else -> (tp, False)."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) < len(typing.get_args(tp)):
            return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), True
    return tp, False


def _dataclasses_in(tp: Any) -> Iterator[type]:
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        yield tp
    for arg in typing.get_args(tp):
        yield from _dataclasses_in(arg)


def record_classes(root: type = Bulletin) -> list[type]:
    """The root dataclass and every dataclass reachable from it, depth first in field order."""
    seen: list[type] = []

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            for sub in _dataclasses_in(hints[f.name]):
                visit(sub)

    visit(root)
    return seen


def _type_schema(tp: Any) -> dict[str, Any]:
    inner, optional = _unwrap_optional(tp)
    if optional:
        s = _type_schema(inner)
        if set(s) == {"type"} and isinstance(s["type"], str):
            return {"type": [s["type"], "null"]}
        return {"anyOf": [s, {"type": "null"}]}
    if tp in _JSON_TYPES:
        return {"type": _JSON_TYPES[tp]}
    if dataclasses.is_dataclass(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (list, tuple, set, frozenset) and args:
        return {"type": "array", "items": _type_schema(args[0])}
    if origin is dict and args:
        return {"type": "object", "additionalProperties": _type_schema(args[1])}
    if tp is Any or tp is object:
        return {}
    raise TypeError(f"no JSON Schema for type {tp!r}")


def _class_schema(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    docs = field_docs(cls)
    props: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        prop = _type_schema(hints[f.name])
        prop.update(CONSTRAINTS.get((cls, f.name), {}))
        if f.name in docs:
            prop["description"] = docs[f.name]
        props[f.name] = prop
    out: dict[str, Any] = {"type": "object"}
    if class_doc(cls):
        out["description"] = class_doc(cls)
    out.update(properties=props, required=[f.name for f in dataclasses.fields(cls)], additionalProperties=False)
    return out


def bulletin_schema() -> dict[str, Any]:
    """The JSON Schema of a `Bulletin` record as produced by `Bulletin.to_dict()` / `to_json()`."""
    classes = record_classes(Bulletin)
    root = _class_schema(Bulletin)
    head = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": f"{SCHEMA_VERSION} record"}
    return {**head, **root, "$defs": {c.__name__: _class_schema(c) for c in classes[1:]}}


def schema_text() -> str:
    """The schema exactly as `python -m kexie_parse.schema` prints it (and as the committed file holds it)."""
    return json.dumps(bulletin_schema(), ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# --------------------------------------------------------------------------- markdown

# Key paths fixed by the contract (shared SCHEMA.md); checked against the model when the docs are made.
CONTRACT_PATHS = """
schema_version
source.name source.sha256 source.kind source.encoding source.pages source.parser_version
masthead.title masthead.year masthead.issue masthead.total_issue masthead.special masthead.issuer masthead.date
toc[].title toc[].target toc[].page
sections[].id sections[].name sections[].marker sections[].articles[]
sections[].articles[].id sections[].articles[].title sections[].articles[].subtitle
sections[].articles[].editor_note sections[].articles[].paragraphs[] sections[].articles[].paragraphs[].text sections[].articles[].paragraphs[].pages
sections[].articles[].paragraphs[].lines sections[].articles[].attribution sections[].articles[].people
sections[].articles[].dates sections[].articles[].pages
colophon.editor colophon.reviewer colophon.distribution colophon.other
furniture[].page furniture[].kind furniture[].text
diagnostics[].level diagnostics[].code diagnostics[].message diagnostics[].page diagnostics[].line
""".split()

INTRO = """\
# The `{version}` record

<!-- Generated by `{command}` from kexie_parse/model.py: do not edit by hand. -->

`kexie_parse.parse()` returns a `Bulletin`; `Bulletin.to_json()` gives one JSON object per
bulletin with the fields below, always all of them (absent values are `null` or empty lists), in
the order listed. The JSON Schema of the record is shipped as
`kexie_parse/schemas/kexie-bulletin-1.schema.json` (`kexie_parse.schema.bulletin_schema()`).

## The contract

The key paths below are fixed by the shared contract (SCHEMA.md): downstream databases and the
evaluation read them, so they keep their names, types and meaning. They are shown in **bold** in
the tables. Every other field is an addition beside them (line numbers, printed forms, PDF boxes,
enrichment, ...).

```
{paths}
```

`[]` marks a list: `sections[].articles[].title` is the title of every article of every section.
Text in every field is normalised the same way: spaces that extraction put between a Chinese
character and a digit or Latin letter are removed ("2022 年度" -> "2022年度"); full-width digits
and letters become ASCII; Kangxi-radical look-alikes become the ordinary character; Chinese
punctuation stays full-width. Nothing is lost: every non-space character of the input is in some
field, in `furniture`, or in an `unassigned` entry paired with a diagnostic.
"""


def _path_fields(root: type, path: str) -> tuple[type, str]:
    """"sections[].articles[].title" -> (Article, "title"); raises KeyError when the model lacks it."""
    cls = root
    parts = [p.removesuffix("[]") for p in path.split(".")]
    for i, name in enumerate(parts):
        hints = typing.get_type_hints(cls)
        if name not in hints:
            raise KeyError(f"contract path {path!r}: {cls.__name__} has no field {name!r}")
        if i == len(parts) - 1:
            return cls, name
        subs = list(_dataclasses_in(hints[name]))
        if not subs:
            raise KeyError(f"contract path {path!r}: {cls.__name__}.{name} holds no record")
        cls = subs[0]
    raise KeyError(path)


def _md_type(tp: Any) -> str:
    inner, optional = _unwrap_optional(tp)
    if optional:
        return f"{_md_type(inner)} \\| null"
    if tp in _JSON_TYPES:
        return _JSON_TYPES[tp]
    if dataclasses.is_dataclass(tp):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (list, tuple, set, frozenset) and args:
        return f"array of {_md_type(args[0])}"
    if origin is dict and args:
        return f"object: {_md_type(args[0])} → {_md_type(args[1])}"
    return "any"


_QUOTED = re.compile(r'"([^"]+)"')
_ARROW = re.compile(r'->\s*("[^"]*"|\[[^\]]*\]|-?\d+)')


def _example(tp: Any, doc: str, constraint: dict[str, Any]) -> str:
    """An example value read from the field docstring (or from the contract's constants), as JSON."""
    if "const" in constraint:
        return f"`{json.dumps(constraint['const'], ensure_ascii=False)}`"
    if "enum" in constraint:
        return ", ".join(f"`{json.dumps(v, ensure_ascii=False)}`" for v in constraint["enum"])
    inner, _ = _unwrap_optional(tp)
    arrow = _ARROW.search(doc)
    if arrow:
        value = arrow.group(1)
        if (inner is int and value[0].isdigit() or inner is str and value[0] == '"'
                or typing.get_origin(inner) is list and value[0] == "["):
            return f"`{value}`"
    quoted = _QUOTED.findall(doc)
    if quoted and inner is str:
        return f"`{json.dumps(quoted[0], ensure_ascii=False)}`"
    if quoted and typing.get_origin(inner) is list and typing.get_args(inner)[0] is str:
        return f"`{json.dumps(quoted[:1], ensure_ascii=False)}`"
    return "—"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _diag_calls() -> list[dict[str, str]]:
    """Every Diagnostic(...) / ...diag(...) call with a literal code in the package: code, level, message, module."""
    pkg = Path(__file__).resolve().parent
    found: list[dict[str, str]] = []
    for path in sorted(pkg.rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue
        module = "kexie_parse/" + path.relative_to(pkg).as_posix()
        found.extend(dict(d, module=module) for d in _DiagScanner().scan(tree))
    return found


class _DiagScanner:
    """Finds diagnostic calls; unrolls `for a, b in ((...), ...)` loops over literals to resolve f-string codes."""

    CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

    def scan(self, tree: ast.AST) -> list[dict[str, str]]:
        self.out: list[dict[str, str]] = []
        self._visit(tree, {}, {})
        return self.out

    def _visit(self, node: ast.AST, env: dict[str, Any], assigns: dict[str, ast.expr]) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            assigns = {t.id: n.value for n in ast.walk(node) if isinstance(n, ast.Assign)
                       for t in n.targets if isinstance(t, ast.Name)}
        if isinstance(node, ast.For):
            try:
                items = ast.literal_eval(node.iter)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                items = None
            if items is not None and isinstance(items, (tuple, list)):
                names = ([node.target.id] if isinstance(node.target, ast.Name)
                         else [e.id for e in getattr(node.target, "elts", []) if isinstance(e, ast.Name)])
                for item in items:
                    values = [item] if isinstance(node.target, ast.Name) else list(item)
                    bound = {**env, **dict(zip(names, values))}
                    for stmt in node.body:
                        self._visit(stmt, bound, assigns)
                return
        if isinstance(node, ast.Call):
            self._call(node, env, assigns)
        for child in ast.iter_child_nodes(node):
            self._visit(child, env, assigns)

    def _call(self, node: ast.Call, env: dict[str, Any], assigns: dict[str, ast.expr]) -> None:
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        if name not in ("Diagnostic", "diag"):
            return
        args = dict(zip(("level", "code", "message"), node.args))
        args.update({k.arg: k.value for k in node.keywords if k.arg in ("level", "code", "message")})
        if "code" not in args:
            return
        code = self._text(args["code"], env, assigns)
        if not self.CODE.match(code):
            return
        self.out.append({"code": code, "level": self._text(args.get("level"), env, assigns),
                         "message": self._text(args.get("message"), env, assigns)})

    def _text(self, node: Optional[ast.expr], env: dict[str, Any], assigns: dict[str, ast.expr],
              depth: int = 0) -> str:
        if node is None or depth > 5:
            return "…"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(self._text(v, env, assigns, depth + 1) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            # only expressions over names bound by an unrolled literal loop are known; anything else shows as …
            if not all(n.id in env for n in ast.walk(node.value) if isinstance(n, ast.Name)):
                return "…"
            try:
                code = compile(ast.Expression(node.value), "<diag>", "eval")
                return str(eval(code, {"__builtins__": {}}, dict(env)))  # noqa: S307
            except Exception:
                return "…"
        if isinstance(node, ast.Name):
            if node.id in env:
                return str(env[node.id])
            if node.id in assigns:
                return self._text(assigns[node.id], env, assigns, depth + 1)
        if isinstance(node, ast.IfExp):
            return (f"{self._text(node.body, env, assigns, depth + 1)}; or "
                    f"{self._text(node.orelse, env, assigns, depth + 1)}")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._text(node.left, env, assigns, depth + 1) + self._text(node.right, env, assigns, depth + 1)
        return "…"


def diagnostic_codes() -> list[dict[str, str]]:
    """The diagnostic codes the package emits: code, level(s), message(s) and module(s), sorted by code."""
    by_code: dict[str, dict[str, list[str]]] = {}
    for d in _diag_calls():
        entry = by_code.setdefault(d["code"], {"level": [], "message": [], "module": []})
        for key in entry:
            if d[key] not in entry[key]:
                entry[key].append(d[key])
    return [{"code": c, **{k: ", ".join(v) if k != "message" else " / ".join(v) for k, v in e.items()}}
            for c, e in sorted(by_code.items())]


def record_markdown() -> str:
    """docs/record.md: the contract key paths, one field table per record type, the diagnostic codes."""
    contract: set[tuple[type, str]] = {_path_fields(Bulletin, p) for p in CONTRACT_PATHS}
    groups: dict[str, list[str]] = {}
    for p in CONTRACT_PATHS:
        parent, _, leaf = p.rpartition(".")
        groups.setdefault(parent, []).append(leaf)
    paths = "\n".join(f"{parent}.{{{', '.join(leaves)}}}" if parent else "\n".join(leaves)
                      for parent, leaves in groups.items())
    out = [INTRO.format(version=SCHEMA_VERSION, command=REGENERATE_DOCS, paths=paths)]
    out.append("## Record types\n")
    classes = record_classes(Bulletin)
    out.append(" · ".join(f"[{c.__name__}](#{c.__name__.lower()})" for c in classes) + "\n")
    for cls in classes:
        hints, docs = typing.get_type_hints(cls), field_docs(cls)
        out.append(f"### {cls.__name__}\n")
        if class_doc(cls):
            out.append(_cell(class_doc(cls)) + "\n")
        out.append("| field | type | meaning | example |\n| --- | --- | --- | --- |")
        for f in dataclasses.fields(cls):
            doc = docs.get(f.name, "")
            name = f"**`{f.name}`**" if (cls, f.name) in contract else f"`{f.name}`"
            example = _example(hints[f.name], doc, CONSTRAINTS.get((cls, f.name), {}))
            out.append(f"| {name} | {_md_type(hints[f.name])} | {_cell(doc)} | {_cell(example)} |")
        out.append("")
    out.append("## Diagnostic codes\n")
    out.append("Codes in `diagnostics[].code`, as raised in the package source (… stands for a value filled in "
               "at run time). A code is stable: its meaning does not change; new codes may be added.\n")
    out.append("| code | level | meaning | raised in |\n| --- | --- | --- | --- |")
    for d in diagnostic_codes():
        modules = ", ".join(f"`{m}`" for m in d["module"].split(", "))
        out.append(f"| `{d['code']}` | {d['level']} | {_cell(d['message'])} | {modules} |")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- command line

def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kexie_parse.schema",
                                 description="Print the JSON Schema of the kexie-bulletin/1 record (or its field "
                                             "reference in Markdown), generated from kexie_parse.model.")
    ap.add_argument("--markdown", action="store_true", help="print docs/record.md instead of the JSON Schema")
    args = ap.parse_args(argv)
    text = record_markdown() if args.markdown else schema_text()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:  # UTF-8 whatever the locale, and "\n" line ends on every platform
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
