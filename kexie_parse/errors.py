"""Every error the library raises on purpose is a `KexieParseError`, carrying file, page and line."""
from __future__ import annotations

from typing import Optional


class KexieParseError(Exception):
    """Base of every error kexie_parse raises on purpose.

    `str(err)` is one line a person understands: the file, what is wrong, what to do.
    """

    def __init__(self, message: str, *, file: Optional[str] = None, page: Optional[int] = None,
                 line: Optional[int] = None) -> None:
        self.message = message
        self.file = file
        self.page = page
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.file or ""
        if self.page is not None:
            where += f" page {self.page}"
        if self.line is not None:
            where += f" line {self.line}"
        return f"{where.strip()}: {self.message}" if where.strip() else self.message


class InputError(KexieParseError):
    """The input cannot be read at all (missing file, wrong type, empty)."""


class EmptyInputError(InputError):
    """The input holds no text."""


class InputTooLargeError(InputError):
    """The input exceeds a configured limit (file size or pages)."""


class EncodingError(InputError):
    """The bytes are not text in any encoding a Chinese archive holds (binary data)."""


class PdfError(KexieParseError):
    """A PDF that cannot give a bulletin."""


class PdfEncryptedError(PdfError):
    """The PDF is password-protected and no (or a wrong) password was given."""


class PdfBrokenError(PdfError):
    """The file is truncated, damaged or not a PDF at all."""


class WordError(KexieParseError):
    """A Word file (.docx, .doc) that cannot give a bulletin."""


class DocxBrokenError(WordError):
    """The .docx is damaged, truncated or not a Word file at all."""


class DocConversionError(WordError):
    """A Word 97-2003 .doc that could not be converted to .docx (LibreOffice missing or failing)."""


class SettingsError(KexieParseError, ValueError):
    """A setting was given a value it cannot take."""


class OcrUnavailableError(KexieParseError):
    """Reading a scan or page image needs an OCR engine that is not installed (the `ocr` extra)."""
