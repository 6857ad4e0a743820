"""Sources: turn the caller's input (path, bytes, str) into `Line`s with provenance.

`read_input` resolves what the caller gave; `sniff_kind` tells by the content what it is (PDF, Word
.docx, Word 97-2003 .doc, a web page, text); `load_lines` dispatches to that kind's adapter. Every
adapter gives the same `Line`s, with the print features its kind shows.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from ..errors import EmptyInputError, InputError, InputTooLargeError
from ..lines import Line
from ..model import Diagnostic, FurnitureItem, OcrInfo
from ..settings import ParseSettings

SourceLike = Union[str, os.PathLike, bytes, bytearray]


@dataclass
class RawInput:
    """What the caller gave, as bytes (and text, when it was a str)."""

    name: str
    data: bytes
    text: Optional[str] = None
    path: Optional[str] = None
    files: Optional[list[tuple[str, Optional[bytes]]]] = None
    """A folder of page images: (path, bytes or None to read when needed) per page file, in page order."""
    digest: Optional[str] = None
    """SHA-256 computed while reading, when `data` does not hold the whole input (a folder)."""

    @functools.cached_property
    def sha256(self) -> str:
        """SHA-256 of `data`, computed once (every issue of a bound volume names it)."""
        return self.digest or hashlib.sha256(self.data).hexdigest()

    @property
    def is_pdf(self) -> bool:
        return self.text is None and self.data[:1024].lstrip()[:5] == b"%PDF-"


@dataclass
class SourceDoc:
    """Lines of one input, with what the adapter learned on the way."""

    raw: RawInput
    kind: str
    lines: list[Line]
    pages: int
    encoding: Optional[str] = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    furniture: list[FurnitureItem] = field(default_factory=list)
    layout: str = "text"
    """"text" (the blocks stage tells "blocks" from "wrapped"), "pdf" (measured positions), or "paragraphs"
    (each line is a paragraph the source marked: Word, HTML)."""
    ocr: Optional[OcrInfo] = None
    """How OCR read the pages, when it did."""


KINDS = ("text", "pdf", "docx", "doc", "html", "image")
"""Every kind of input an adapter reads (`Source.kind`, `ParseSettings.kind`)."""
# file name endings a path given as a str is recognised by
PATH_ENDINGS = (".txt", ".pdf", ".text", ".docx", ".doc", ".html", ".htm", ".xhtml", ".png", ".jpg", ".jpeg",
                ".tif", ".tiff")
# the start of a web page: a doctype, <html>, <head> or <body> near the top (after a BOM, an XML declaration,
# comments or white space)
HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s[^>]*charset", re.I)
# a block- or inline-level HTML tag: markup without <html> (a fragment a site's editor saved) still holds many
HTML_TAG = re.compile(rb"</?(?:p|div|br|span|h[1-6]|table|tr|td|li|ul|ol|strong|b|font|section|article)\b[^<>]{0,400}>",
                      re.I)
MIN_FRAGMENT_TAGS = 3     # tags a text starting with "<" needs to be read as an HTML fragment
SNIFF_BYTES = 65536       # bytes of the head the markup tests look at
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # Word 97-2003 .doc (and other OLE2 compound files)
RTF_MAGIC = b"{\\rtf"   # a Rich Text file, often saved with a .doc name


def _image_kind(data: bytes) -> Optional[str]:
    from .image import image_kind  # magic bytes only: no image library loads here
    return image_kind(data)


def _looks_like_path(s: str) -> bool:
    return "\n" not in s and len(s) < 4096 and (s.lower().endswith(PATH_ENDINGS) or os.sep in s
                                                  or os.path.exists(s))


def looks_like_html(data: bytes) -> bool:
    """Markup that parses as a web page: a doctype/<html>/<head>/<body> near the top, or a fragment that
    starts with a tag and holds several block tags. UTF-16 text is tested with its NUL bytes removed."""
    head = data[:SNIFF_BYTES]
    if head.count(b"\x00") > len(head) // 4:
        head = head.replace(b"\x00", b"")
    head = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    if HTML_START.search(head[:4096]):
        return True
    return head[:1] == b"<" and len(HTML_TAG.findall(head)) >= MIN_FRAGMENT_TAGS


def sniff_kind(raw: RawInput) -> str:
    """What the input is, by its content: "pdf", "image", "docx", "doc", "html" or "text"."""
    data = raw.data
    if raw.text is not None:
        return "html" if looks_like_html(data) else "text"
    if raw.is_pdf:
        return "pdf"
    if _image_kind(data):
        return "image"
    if data[:4] == b"PK\x03\x04":
        from .docx import is_docx  # zipfile only; python-docx loads when the file is read
        if is_docx(data):
            return "docx"
    if data[:8] == OLE2_MAGIC or data[:5] == RTF_MAGIC:
        return "doc"
    if looks_like_html(data):
        return "html"
    return "text"


def kind_by_name(path: Optional[str]) -> Optional[str]:
    """The kind a file name promises, trusted only where the content test cannot tell (a damaged file)."""
    ext = os.path.splitext(path or "")[1].lower()
    return {".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".html": "html", ".htm": "html",
            ".xhtml": "html"}.get(ext)


def read_input(source: SourceLike, settings: ParseSettings) -> RawInput:
    """Resolve a path (str or PathLike), bytes or text into a `RawInput`."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        raw = RawInput("<bytes>", data)
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(source)
        name = str(path)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise InputError("file not found", file=name) from None
        except OSError as e:
            raise InputError(f"cannot read the file ({e.strerror or e})", file=name) from None
        if path.is_dir():
            from .image import read_image_folder
            return read_image_folder(path, settings)
        if size > settings.max_bytes:
            raise InputTooLargeError(
                f"file is {size} bytes, over the limit of {settings.max_bytes} (raise max_bytes to read it)",
                file=name)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputError(f"cannot read the file ({e.strerror or e})", file=name) from None
        raw = RawInput(path.name, data, path=name)
    elif isinstance(source, str):
        raw = RawInput("<text>", source.encode("utf-8", "surrogatepass"), text=source)
    else:
        raise InputError(f"cannot parse a {type(source).__name__}: give a path, bytes or str")
    if len(raw.data) > settings.max_bytes:
        raise InputTooLargeError(f"input is {len(raw.data)} bytes, over the limit of {settings.max_bytes}",
                                 file=raw.path or raw.name)
    if not raw.data.strip():
        raise EmptyInputError("the input is empty: there is no bulletin to read", file=raw.path or raw.name)
    return raw


def choose_kind(raw: RawInput, settings: ParseSettings) -> str:
    """The adapter to use: the one asked for, else what the content says. A name ending in .pdf/.docx/.doc
    wins over a content test that finds nothing better than text, so a damaged file of that kind gets that
    kind's error (a truncated .docx is a broken Word file, not binary text)."""
    if settings.kind:
        return settings.kind
    sniffed = sniff_kind(raw)
    named = kind_by_name(raw.path)
    if named == "pdf":
        return "pdf"
    if named in ("docx", "doc") and sniffed == "text":
        return named
    if named == "html" and sniffed == "text":
        return "html"
    return sniffed


def load_lines(raw: RawInput, settings: ParseSettings) -> SourceDoc:
    """Dispatch to the adapter of the input's kind; the heavy readers load only when their kind is met."""
    kind = "image" if raw.files else choose_kind(raw, settings)
    if kind == "image":
        from .image import load_image  # the OCR engine loads only when a page image is met
        return load_image(raw, settings)
    if kind == "pdf":
        from .pdf import load_pdf  # the PDF engine (pypdfium2) loads only when a PDF is met
        return load_pdf(raw, settings)
    if kind == "docx":
        from .docx import load_docx
        return load_docx(raw, settings)
    if kind == "doc":
        from .docx import load_doc
        return load_doc(raw, settings)
    if kind == "html":
        from .html import load_html
        return load_html(raw, settings)
    from .text import load_text
    return load_text(raw, settings)
