"""Every error the library raises on purpose is a `KexieParseError`, carrying file, page and line."""
from __future__ import annotations

import errno
import os
import re
from typing import Optional

# characters a message must never print raw: C0/C1 controls, DEL, line/paragraph separators, bidi controls,
# and the lone surrogates Python makes of bytes that are not UTF-8 (os.fsdecode's surrogateescape)
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069"
                         "\ud800-\udfff]")


def _escape_char(m: "re.Match[str]") -> str:
    c = m.group(0)
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if c in named:
        return named[c]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` (a name, a path, a message) safe to print on one line and to encode as UTF-8.

    Bytes of a file name that are not UTF-8 become visible escapes (`\\xb1`), control characters
    (newline, escape sequences) become `\\n`, `\\x1b`: a hostile name cannot forge a line of output.
    """
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    return UNPRINTABLE.sub(_escape_char, str(text))


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
        where = printable(where.strip())
        return f"{where}: {printable(self.message)}" if where else printable(self.message)

    def __reduce__(self):  # keep file, page and line across processes (pickle calls __init__ positionally)
        return (_rebuild, (type(self), self.message, self.file, self.page, self.line))


def _rebuild(cls: type, message: str, file: Optional[str], page: Optional[int],
             line: Optional[int]) -> "KexieParseError":
    return cls(message, file=file, page=page, line=line)


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


class ParseTimeoutError(KexieParseError):
    """The parse ran past its time limit (`--timeout`) and was stopped."""


class OutputError(KexieParseError):
    """An output (a JSON file, the report, the archive) cannot be written: full disk, read-only folder,
    a name too long for the file system, a file where a folder should be."""

    errno: Optional[int] = None
    """The operating system's error number, when an OSError was the cause."""

    @property
    def whole_folder(self) -> bool:
        """True when no other output in the folder can be written either (full disk, read-only)."""
        return self.errno in UNWRITABLE_ERRNOS


def output_error(err: OSError, path: object, *, what: str = "cannot write") -> OutputError:
    """An `OutputError` for `err`, naming `path`, what is wrong and what to do."""
    advice = {
        errno.ENOSPC: "the disk is full: free some space and run the same command again",
        errno.EDQUOT: "the disk quota is exhausted: free some space and run the same command again",
        errno.EROFS: "the file system is read-only: choose a writable output folder",
        errno.EACCES: "permission denied: choose a writable output folder or fix its permissions",
        errno.EPERM: "permission denied: choose a writable output folder or fix its permissions",
        errno.ENAMETOOLONG: "the name is too long for the file system: rename the input or use a shorter output path",
        errno.EEXIST: "a file stands where a folder is needed: remove it or choose another output folder",
        errno.ENOTDIR: "a file stands where a folder is needed: remove it or choose another output folder",
        errno.EISDIR: "a folder stands where the output file goes: remove it or choose another output folder",
    }.get(err.errno or 0, "check the output folder and run the same command again")
    reason = err.strerror or str(err)
    out = OutputError(f"{what} ({reason}): {advice}", file=os.fsdecode(path) if path is not None else None)
    out.errno = err.errno
    return out


DISK_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)
"""Errors after which no later output can be written either: the batch stops."""
UNWRITABLE_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)
"""Errors that concern the whole output folder, not one name in it."""
