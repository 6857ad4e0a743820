"""`ParseSettings`: the knobs of a parse, each checked when set."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Optional

from .errors import SettingsError

ENGINES = ("pdfium", "pdfplumber")
"""PDF character engines, the default first."""
OCR_MODES = ("auto", "always", "never")
"""When pages are read by OCR, the default first."""
OCR_ENGINES = ("rapidocr", "tesseract")
"""OCR engines, the default first."""


@dataclass(frozen=True)
class ParseSettings:
    """Options of `kexie_parse.parse`. Bad values raise `SettingsError` naming the setting."""

    enrich: bool = True
    """Fill people, organisations, places, dates and keywords of each article (jieba)."""
    max_bytes: int = 50 * 1024 * 1024
    """Largest input accepted, in bytes (untrusted archives hold junk)."""
    max_pages: int = 500
    """Most PDF pages read."""
    password: Optional[str] = None
    """Password of an encrypted PDF."""
    kind: Optional[str] = None
    """Force "text", "pdf", "docx", "doc" (Word 97-2003, through LibreOffice) or "html"; by default the kind is
    told by the content (and by a .pdf/.docx/.doc/.html name where the content cannot tell)."""
    engine: str = "pdfium"
    """Character engine that reads a PDF: "pdfium" (pypdfium2, fast) or "pdfplumber" (pdfminer, the reference)."""
    max_chars_per_page: int = 1_000_000
    """Most characters read from one PDF page (a crafted page can hold millions)."""
    time_budget: Optional[float] = 600.0
    """Seconds a PDF may take to read before it is given up (checked after each page); None: no budget."""
    ocr: str = "auto"
    """When to read pages by OCR (needs the `ocr` extra): "auto" reads page images, PDFs without a text layer and
    PDFs whose text layer is OCR junk; "always" reads every PDF page by OCR; "never" reads only text layers."""
    ocr_engine: str = "rapidocr"
    """OCR engine: "rapidocr" (the `ocr` extra) or "tesseract" (the tesseract program with chi_sim)."""

    def __post_init__(self) -> None:
        if not isinstance(self.enrich, bool):
            raise SettingsError(f"setting 'enrich' must be True or False, not {self.enrich!r}")
        for name in ("max_bytes", "max_pages", "max_chars_per_page"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
                raise SettingsError(f"setting '{name}' must be a positive integer, not {v!r}")
        if self.password is not None and not isinstance(self.password, str):
            raise SettingsError(f"setting 'password' must be a string, not {type(self.password).__name__}")
        if self.kind not in (None, "text", "pdf", "docx", "doc", "html"):
            raise SettingsError("setting 'kind' must be 'text', 'pdf', 'docx', 'doc', 'html' or None, "
                                f"not {self.kind!r}")
        if self.engine not in ENGINES:
            raise SettingsError(f"setting 'engine' must be one of {', '.join(map(repr, ENGINES))}, not {self.engine!r}")
        budget = self.time_budget
        if budget is not None and (not isinstance(budget, (int, float)) or isinstance(budget, bool) or not budget > 0):
            raise SettingsError(f"setting 'time_budget' must be a positive number of seconds or None, not {budget!r}")
        if self.ocr not in OCR_MODES:
            raise SettingsError(f"setting 'ocr' must be one of {', '.join(map(repr, OCR_MODES))}, not {self.ocr!r}")
        if self.ocr_engine not in OCR_ENGINES:
            raise SettingsError(
                f"setting 'ocr_engine' must be one of {', '.join(map(repr, OCR_ENGINES))}, not {self.ocr_engine!r}")

    @classmethod
    def names(cls) -> set[str]:
        return {f.name for f in fields(cls)}
