"""The JSON Schema and docs/record.md are generated from the model, committed, and hold for real records.

After changing kexie_parse/model.py (or adding a diagnostic code) regenerate both:

    python -m kexie_parse.schema > kexie_parse/schemas/kexie-bulletin-1.schema.json
    python -m kexie_parse.schema --markdown > docs/record.md
"""
from __future__ import annotations

import copy
import dataclasses
import json
import types
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import kexie_parse
from conftest import ROOT, case_name, sample_inputs
from kexie_parse import schema as kschema
from kexie_parse.model import Bulletin, Source

INPUTS = sample_inputs()
SCHEMA_FILE = ROOT / "kexie_parse" / "schemas" / "kexie-bulletin-1.schema.json"
DOCS_FILE = ROOT / "docs" / "record.md"


@lru_cache(maxsize=None)
def validator() -> Draft202012Validator:
    schema = kschema.bulletin_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@lru_cache(maxsize=None)
def parsed(path: Path) -> Bulletin:
    return kexie_parse.parse(path, enrich=False)


def errors_of(instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in validator().iter_errors(instance)]


def filled(cls: type) -> Any:
    """An instance of a record dataclass with every field set to a non-default value of its type."""
    hints = typing.get_type_hints(cls)

    def value(tp: Any) -> Any:
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            return value(next(a for a in args if a is not type(None)))
        if dataclasses.is_dataclass(tp):
            return filled(tp)
        if origin is list:
            return [value(args[0]), value(args[0])]
        if origin is dict:
            return {"印数": ["80"], "签发": ["王五", "赵六"]}
        return {str: "科协 ２０２３ “文本”", int: 7, float: 72.125, bool: True}[tp]

    out = cls(**{f.name: value(hints[f.name]) for f in dataclasses.fields(cls)})
    for name, constraint in kschema.CONSTRAINTS.items():
        if name[0] is cls:
            setattr(out, name[1], constraint.get("const", (constraint.get("enum") or [None])[-1]))
    return out


# (a) + (c): the committed files are what the generator makes now -----------------------------------

def test_schema_is_valid_draft_2020_12() -> None:
    schema = kschema.bulletin_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == kschema.SCHEMA_ID and schema["title"]
    assert set(schema["$defs"]) == {c.__name__ for c in kschema.record_classes()[1:]}


def test_committed_schema_is_current() -> None:
    regen = f"regenerate it with `{kschema.REGENERATE_SCHEMA}`"
    assert SCHEMA_FILE.exists(), f"{SCHEMA_FILE.relative_to(ROOT)} is missing: {regen}"
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    assert json.loads(text) == kschema.bulletin_schema(), f"the schema file is out of date with the model: {regen}"
    assert text == kschema.schema_text(), f"the schema file is not formatted as generated: {regen}"
    assert kschema.SCHEMA_FILE.resolve() == SCHEMA_FILE.resolve()


def test_committed_docs_are_current() -> None:
    regen = f"regenerate it with `{kschema.REGENERATE_DOCS}`"
    assert DOCS_FILE.exists(), f"docs/record.md is missing: {regen}"
    assert DOCS_FILE.read_text(encoding="utf-8") == kschema.record_markdown(), \
        f"docs/record.md is out of date with the model or the diagnostic codes: {regen}"


def test_every_field_is_described() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert prop.get("description"), f"{where}.{name} has no docstring in model.py"
            for k, v in node.items():
                walk(v, f"{where}/{k}")

    schema = kschema.bulletin_schema()
    walk(schema, "Bulletin")
    for name, d in schema["$defs"].items():
        assert d.get("description"), f"class {name} has no docstring"


def test_docs_cover_every_record_type_and_diagnostic_code() -> None:
    md = kschema.record_markdown()
    for cls in kschema.record_classes():
        assert f"\n### {cls.__name__}\n" in md
        for f in dataclasses.fields(cls):
            assert f"`{f.name}`" in md
    codes = [d["code"] for d in kschema.diagnostic_codes()]
    assert {"toc.no_target", "masthead.no_date", "pdf.no_text_layer"} <= set(codes)
    for code in codes:
        assert f"| `{code}` |" in md


def test_main_prints_schema_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert kschema.main([]) == 0
    assert json.loads(capsys.readouterr().out) == kschema.bulletin_schema()
    assert kschema.main(["--markdown"]) == 0
    assert capsys.readouterr().out == kschema.record_markdown()


# (b): every sample's record validates --------------------------------------------------------------

@pytest.mark.parametrize("path", INPUTS, ids=[case_name(p) for p in INPUTS])
def test_sample_record_validates(path: Path) -> None:
    rec = parsed(path)
    assert errors_of(json.loads(rec.to_json())) == []


def test_samples_found() -> None:
    assert any(p.suffix == ".pdf" for p in INPUTS) and any(p.suffix == ".txt" for p in INPUTS)


def test_fully_filled_record_validates() -> None:
    b = filled(Bulletin)
    assert errors_of(b.to_dict()) == []
    assert errors_of(Bulletin(source=Source(name="x.txt", sha256="0" * 64, kind="text")).to_dict()) == []


# (d): round trip -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", INPUTS[:1] + [p for p in INPUTS if p.suffix == ".pdf"][:1],
                         ids=lambda p: case_name(p))
def test_sample_round_trips(path: Path) -> None:
    b = parsed(path)
    text = b.to_json()
    again = Bulletin.from_json(text)
    assert again == b
    assert again.to_json() == text
    assert Bulletin.from_dict(json.loads(text)) == b


def test_filled_record_round_trips() -> None:
    b = filled(Bulletin)
    text = b.to_json()
    again = Bulletin.from_json(text)
    assert again == b
    assert again.to_json() == text
    assert again.to_json(indent=1) == b.to_json(indent=1)


# (e): wrong records fail ---------------------------------------------------------------------------

def _set(d: dict, path: str, value: Any) -> dict:
    d = copy.deepcopy(d)
    *parents, leaf = path.split(".")
    node: Any = d
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    if value is KeyError:
        del node[leaf]
    else:
        node[leaf] = value
    return d


BAD = {
    "year as a string": ("masthead.year", "2023"),
    "issue as a float": ("masthead.issue", 3.5),
    "wrong schema_version": ("schema_version", "kexie-bulletin/2"),
    "unknown level": ("diagnostics.0.level", "fatal"),
    "unknown source kind": ("source.kind", "spreadsheet"),
    "missing field": ("masthead.date", KeyError),
    "extra field": ("masthead.volume", 3),
    "null where a list is due": ("toc", None),
    "paragraph text as a list": ("sections.0.articles.0.paragraphs.0.text", ["x"]),
    "colophon.other value not a list": ("colophon.other.印数", "80"),
    "box edge as a string": ("sections.0.articles.0.paragraphs.0.boxes.0.x0", "1.0"),
}


@pytest.mark.parametrize("path,value", list(BAD.values()), ids=list(BAD))
def test_wrong_record_fails(path: str, value: Any) -> None:
    good = filled(Bulletin).to_dict()
    assert errors_of(good) == []
    assert errors_of(_set(good, path, value)), f"setting {path} = {value!r} should not validate"


def test_wrong_year_in_a_parsed_record_fails() -> None:
    d = json.loads(parsed(INPUTS[0]).to_json())
    d["masthead"]["year"] = "2023"
    errs = errors_of(d)
    assert errs and errs[0].startswith("masthead/year")
