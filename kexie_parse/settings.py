"""`ParseSettings`: the knobs of a parse, each checked when set."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Optional

from .errors import SettingsError


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

    def __post_init__(self) -> None:
        if not isinstance(self.enrich, bool):
            raise SettingsError(f"setting 'enrich' must be True or False, not {self.enrich!r}")
        for name in ("max_bytes", "max_pages"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
                raise SettingsError(f"setting '{name}' must be a positive integer, not {v!r}")
        if self.password is not None and not isinstance(self.password, str):
            raise SettingsError(f"setting 'password' must be a string, not {type(self.password).__name__}")
        if self.kind not in (None, "text", "pdf", "docx", "doc", "html"):
            raise SettingsError("setting 'kind' must be 'text', 'pdf', 'docx', 'doc', 'html' or None, "
                                f"not {self.kind!r}")

    @classmethod
    def names(cls) -> set[str]:
        return {f.name for f in fields(cls)}
