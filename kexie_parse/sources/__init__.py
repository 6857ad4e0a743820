"""Sources: turn the caller's input (path, bytes, str) into `Line`s with provenance.

`read_input` resolves what the caller gave; `load_lines` dispatches to the text or PDF adapter.
"""
from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from ..errors import EmptyInputError, InputError, InputTooLargeError
from ..lines import Line
from ..model import Diagnostic, FurnitureItem
from ..settings import ParseSettings

SourceLike = Union[str, os.PathLike, bytes, bytearray]


@dataclass
class RawInput:
    """What the caller gave, as bytes (and text, when it was a str)."""

    name: str
    data: bytes
    text: Optional[str] = None
    path: Optional[str] = None

    @functools.cached_property
    def sha256(self) -> str:
        """SHA-256 of `data`, computed once (every issue of a bound volume names it)."""
        return hashlib.sha256(self.data).hexdigest()

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
    """"blocks" (a block per paragraph), "wrapped" (hard-wrapped lines) or "pdf"."""


def _looks_like_path(s: str) -> bool:
    return "\n" not in s and len(s) < 4096 and (s.endswith((".txt", ".pdf", ".TXT", ".PDF", ".text")) or os.sep in s
                                                  or os.path.exists(s))


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
            raise InputError("is a folder, not a bulletin file", file=name)
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


def load_lines(raw: RawInput, settings: ParseSettings) -> SourceDoc:
    """Dispatch to the PDF adapter or the text adapter."""
    kind = settings.kind or ("pdf" if raw.is_pdf else "text")
    if kind == "pdf" or raw.path and raw.path.lower().endswith(".pdf"):
        from .pdf import load_pdf  # pdfplumber loads only when a PDF is met
        return load_pdf(raw, settings)
    from .text import load_text
    return load_text(raw, settings)
