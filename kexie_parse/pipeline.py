"""The pipeline: source -> lines -> clean lines -> blocks -> classified blocks -> Bulletin -> enrichment."""
from __future__ import annotations

from typing import Any

from . import __version__
from .errors import KexieParseError, SettingsError
from .model import Bulletin, Source
from .settings import ParseSettings
from .sources import RawInput, SourceLike, load_lines, read_input
from .stages.blocks import build_blocks
from .stages.build import build
from .stages.classify import classify
from .stages.clean import clean


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


def parse_raw(raw: RawInput, settings: ParseSettings) -> Bulletin:
    doc = load_lines(raw, settings)
    cleaned = clean(doc.lines, doc.pages)
    blocks = build_blocks(cleaned.lines, layout="pdf" if doc.kind == "pdf" else None)
    classified = classify(blocks.blocks, blocks.layout)
    source = Source(name=raw.name, sha256=raw.sha256, kind=doc.kind, encoding=doc.encoding, pages=doc.pages,
                    parser_version=__version__)
    bulletin = build(classified, source)
    bulletin.furniture = doc.furniture + cleaned.furniture
    bulletin.furniture.sort(key=lambda f: (f.page, f.line or 0))
    bulletin.diagnostics = doc.diagnostics + bulletin.diagnostics
    if settings.enrich and bulletin.sections:
        from .enrich import enrich  # jieba loads only here
        enrich(bulletin)
    return bulletin


def parse(source: SourceLike, settings: ParseSettings | None = None, **options: Any) -> Bulletin:
    """Parse one bulletin from a path, bytes or text into a `Bulletin` record.

    Raises a `KexieParseError` subclass when the input cannot be read; odd but readable input gives a
    record with diagnostics.
    """
    st = make_settings(settings, options)
    raw = read_input(source, st)
    try:
        return parse_raw(raw, st)
    except KexieParseError:
        raise
    except RecursionError as e:  # pragma: no cover - defensive
        raise KexieParseError(f"input too deeply nested to parse ({e})", file=raw.path or raw.name) from e
