"""Sources: turn the caller's input (a path, bytes, TextInput) into `Line`s with provenance.

`read_input` resolves what the caller gave; `sniff_kind` tells by the content what it is (PDF, Word
.docx, Word 97-2003 .doc, a web page, text); `load_lines` dispatches to that kind's adapter. Every
adapter gives the same `Line`s, with the print features its kind shows.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pathlib
import re
import stat
from dataclasses import dataclass, field
from typing import Optional, Union

from ..errors import EmptyInputError, InputError, InputTooLargeError, printable
from ..lines import Line
from ..model import Diagnostic, FurnitureItem, OcrInfo
from ..settings import ParseSettings

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


@dataclass(frozen=True)
class TextInput:
    """Text given directly (not a path, not bytes): `kexie_parse.parse(TextInput("科协每周动态\\n..."))`.

    A plain `str` is always a path: text is never guessed from a string.
    """

    text: str
    """The bulletin's text."""
    name: str = "<text>"
    """What the record's `source.name` says."""


SourceLike = Union[str, os.PathLike, bytes, bytearray, memoryview, TextInput]

READ_CHUNK_BYTES = 1 << 20
"""Bytes read at a time from an input file."""


def _describe_file_type(mode: int) -> str:
    for test, what in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a regular file"


def read_file_limited(path: str | os.PathLike, max_bytes: int) -> bytes:
    """The bytes of the regular file `path`, at most `max_bytes` (raises `InputTooLargeError` past it).

    Only a regular file is read (a FIFO, a device such as /dev/zero, a socket raise `InputError`); it is
    opened without blocking, so a FIFO cannot hang the caller, and the size it reports is not trusted:
    reading stops at `max_bytes` + 1 bytes.
    """
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except FileNotFoundError:
        raise InputError("file not found", file=os.fsdecode(name)) from None
    except OSError as e:
        raise InputError(f"cannot read the file ({e.strerror or e})", file=os.fsdecode(name)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a folder, not a bulletin file", file=os.fsdecode(name))
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"is {_describe_file_type(info.st_mode)}, not a regular file: only files are read",
                             file=os.fsdecode(name))
        if info.st_size > max_bytes:
            raise InputTooLargeError(
                f"file is {info.st_size} bytes, over the limit of {max_bytes} (raise max_bytes to read it)",
                file=os.fsdecode(name))
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(READ_CHUNK_BYTES, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise InputTooLargeError(f"file holds more than the limit of {max_bytes} bytes (raise max_bytes to read it)",
                                     file=os.fsdecode(name))
        return b"".join(chunks)
    except OSError as e:
        raise InputError(f"cannot read the file ({e.strerror or e})", file=os.fsdecode(name)) from None
    finally:
        os.close(fd)


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
    """Resolve the caller's input into a `RawInput`.

    The rule: `bytes` (`bytearray`, `memoryview`) are the input's bytes; a `str` or `os.PathLike` is a path,
    always (a name holding a newline is a file name too); text is given as `TextInput`.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        raw = RawInput("<bytes>", data)
    elif isinstance(source, TextInput):
        if not isinstance(source.text, str):
            raise InputError(f"TextInput holds a {type(source.text).__name__}, not a str")
        raw = RawInput(printable(source.name), source.text.encode("utf-8", "surrogatepass"), text=source.text)
    elif isinstance(source, (str, os.PathLike)):
        name = os.fsdecode(source)
        if os.path.isdir(name):   # a folder of page images is one bulletin
            from .image import read_image_folder
            return read_image_folder(pathlib.Path(name), settings)
        data = read_file_limited(name, settings.max_bytes)
        raw = RawInput(printable(os.path.basename(name)), data, path=name)
    else:
        raise InputError(f"cannot parse a {type(source).__name__}: give a path, bytes or TextInput(text)")
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
