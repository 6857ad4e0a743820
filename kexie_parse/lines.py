"""`Line`: one printed line with its provenance, the unit every source produces."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(slots=True)
class Line:
    """One printed line (or one segment of a line printed at opposite ends)."""

    text: str
    """Normalised text (folded characters, trimmed)."""
    page: int
    """1-based page."""
    number: int
    """1-based source line number (text input) or line on the page (PDF)."""
    blank_before: int = 0
    """Blank lines seen just before this line on the same page."""
    page_start: bool = False
    """First non-blank line of a page after the first."""
    indent: Optional[float] = None
    """Leading indent in em, where the source shows it (pdftotext -layout, PDF)."""
    fill: Optional[float] = None
    """How far the line reaches towards the right margin, 0..1, where the source shows it (PDF)."""
    gap_before: Optional[bool] = None
    """Extra vertical space before the line (PDF), or None when unknown."""
    size: Optional[float] = None
    """Font size in points (PDF)."""
    font: Optional[str] = None
    """Font name of most characters (PDF)."""
    color: Optional[tuple] = None
    """Fill colour of most characters (PDF)."""
    centered: Optional[bool] = None
    """Line is centred between the margins (PDF, layout text)."""
    x0: Optional[float] = None
    top: Optional[float] = None
    x1: Optional[float] = None
    bottom: Optional[float] = None
    segment: int = 0
    """0 for a whole line; 1, 2... for parts of a line printed at opposite ends (issuer | date)."""
