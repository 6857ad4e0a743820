"""kexie_parse: Chinese association work bulletins (简报) -> typed `kexie-bulletin/1` records.

    >>> import kexie_parse
    >>> bulletin = kexie_parse.parse("samples/kx2023-03.archive.txt")
    >>> bulletin.masthead.issue
    3

Importing the package is light: the PDF engine (pypdfium2) loads at the first PDF, python-docx at the first
Word file, selectolax at the first web page, jieba at the first enrichment (from a cache file built once),
dataclasses-json only to read a record back.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import (DocConversionError, DocxBrokenError, EncodingError, EmptyInputError, InputError, InputTooLargeError,
                     KexieParseError, OutputError, ParseTimeoutError, PdfBrokenError, PdfEncryptedError, PdfError,
                     SettingsError, WordError)
from .model import Article, Bulletin, Colophon, Diagnostic, Masthead, Paragraph, Section, Source, TocEntry
from .settings import ParseSettings
from .sources import TextInput


def parse(source, settings=None, **options):
    """Parse one bulletin (a path, bytes, or `TextInput(text)`) into a `Bulletin`. See `kexie_parse.pipeline.parse`."""
    from .pipeline import parse as _parse
    return _parse(source, settings, **options)


def parse_all(source, settings=None, **options):
    """Every issue of a file as a list of `Bulletin` (a bound volume gives one per issue)."""
    from .pipeline import parse_all as _parse_all
    return _parse_all(source, settings, **options)


__all__ = ["parse", "parse_all", "Bulletin", "Article", "Section", "Masthead", "TocEntry", "Colophon", "Paragraph", "Source",
           "Diagnostic", "ParseSettings", "TextInput", "KexieParseError", "InputError", "EmptyInputError",
           "InputTooLargeError", "EncodingError", "PdfError", "PdfEncryptedError", "PdfBrokenError", "WordError",
           "DocxBrokenError", "DocConversionError", "SettingsError", "ParseTimeoutError", "OutputError", "__version__"]
