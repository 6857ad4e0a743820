"""The pipeline: source -> lines -> clean lines -> blocks -> classified blocks -> Bulletin -> enrichment."""
from __future__ import annotations

from typing import Any

from . import __version__
from .errors import SettingsError
from .model import Bulletin, Diagnostic, Source
from .settings import ParseSettings
from .sources import RawInput, SourceDoc, SourceLike, load_lines, read_input
from .stages.blocks import build_blocks
from .stages.build import build
from .stages.classify import classify
from .stages.clean import clean
from .stages.volumes import split_issues


def make_settings(settings: ParseSettings | None, options: dict[str, Any]) -> ParseSettings:
    unknown = set(options) - ParseSettings.names()
    if unknown:
        raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    if settings is None:
        return ParseSettings(**options)
    if options:
        from dataclasses import replace
        return replace(settings, **options)
    return settings


def parse_lines(raw: RawInput, doc: SourceDoc, lines: list, settings: ParseSettings, part: int = 1,
                parts: int = 1) -> Bulletin:
    """Run the stages after the source on the lines of one issue."""
    cleaned = clean(lines, doc.pages)
    blocks = build_blocks(cleaned.lines, layout=doc.layout if doc.layout in ("pdf", "paragraphs") else None)
    classified = classify(blocks.blocks, blocks.layout)
    source = Source(name=raw.name, sha256=raw.sha256, kind=doc.kind, encoding=doc.encoding, pages=doc.pages,
                    parser_version=__version__, part=part, parts=parts, ocr=doc.ocr)
    bulletin = build(classified, source)
    # furniture the source found on its own (Word headers and footers, a web page's site text) comes first
    bulletin.furniture = (doc.furniture if part == 1 else []) + cleaned.furniture
    bulletin.diagnostics = (doc.diagnostics if part == 1 else []) + bulletin.diagnostics
    if parts > 1 and part == 1:
        bulletin.diagnostics.append(Diagnostic(
            "warning", "input.more_issues",
            f"the file holds {parts} issues bound together; this record is the first (parse_all() gives every one)",
            lines[-1].page if lines else None, lines[-1].number if lines else None))
    if settings.enrich and bulletin.sections:
        from .enrich import enrich  # jieba loads only here
        enrich(bulletin)
    return bulletin


def _load(source: SourceLike, settings: ParseSettings | None, options: dict[str, Any]):
    st = make_settings(settings, options)
    raw = read_input(source, st)
    doc = load_lines(raw, st)
    return st, raw, doc, split_issues(doc.lines)


def parse(source: SourceLike, settings: ParseSettings | None = None, **options: Any) -> Bulletin:
    """Parse one bulletin from a path (str or PathLike), bytes or `TextInput(text)` into a `Bulletin` record.

    Raises a `KexieParseError` subclass when the input cannot be read; odd but readable input gives a
    record with diagnostics. A file holding several issues gives the first, with a diagnostic.
    """
    st, raw, doc, issues = _load(source, settings, options)
    return parse_lines(raw, doc, issues[0], st, 1, len(issues))


def parse_all(source: SourceLike, settings: ParseSettings | None = None, **options: Any) -> list[Bulletin]:
    """Every issue of a file, in order: one record per issue of a bound volume (合订本), else one record."""
    st, raw, doc, issues = _load(source, settings, options)
    return [parse_lines(raw, doc, lines, st, k, len(issues)) for k, lines in enumerate(issues, start=1)]
