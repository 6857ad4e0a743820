"""PDF adapter: characters -> lines with font, size, colour and position, whatever engine read them.

Two character engines read a PDF: `pdf_pdfium` (pypdfium2, the default) and `pdf_plumber` (pdfplumber,
the reference). Each yields, page by page, normalised character dicts (`CHAR_KEYS`); everything after
that is shared here: fake bold (every glyph drawn twice a hair apart) is removed the way pdfplumber's
`dedupe_chars` does it, merging only identical glyphs that overlap, so real repeats (谢谢, 11, "ll")
stay. No space is put between Chinese characters; a space is kept between Latin words. Items printed at
opposite ends of one line (issuer | date) become segments.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from statistics import median
from typing import Any, Iterator, Optional, Protocol

import regex

from ..errors import InputTooLargeError
from ..lines import Line
from ..layout import add_layout_features
from ..model import Diagnostic
from ..normalize import fold
from ..settings import ParseSettings
from . import RawInput, SourceDoc

# glyphs a broken font mapping leaves behind: "(cid:123)" or U+FFFD
GARBLED = regex.compile(r"\(cid:\d+\)|\ufffd")
# the subset tag a PDF producer puts before an embedded font's name ("BAAAAA+NotoSansCJK"): one face may
# come in several subsets, so faces are compared without it
SUBSET_TAG = regex.compile(r"^[A-Z]{6}\+")
DEDUPE_TOLERANCE = 1.0       # points: fake-bold copies sit ~0.3 pt apart, real repeats a glyph width apart
DEDUPE_TOLERANCE_EM = 0.1    # em: below 10 pt the tolerance shrinks with the glyph ("ll" of 1 pt text is 0.22 pt apart)
SEGMENT_GAP_EM = 3.0         # a horizontal gap this wide (in em) splits a line into segments
LATIN_SPACE_EM = 0.18        # a gap this wide between two Latin glyphs is a word space
WIDE_GAP_EM = 0.6            # a gap this wide between any two glyphs is printed space (letter spacing, a gap)
IDEOGRAPHIC_GAP_EM = 0.9     # a gap this wide before a CJK glyph is an ideographic space (U+3000)
MERGED_SHARE = 0.3           # share of a page's glyphs read as fake-bold copies above which the page is diagnosed
MERGED_MIN = 50              # glyphs: fewer merged copies are a bold title, never diagnosed
INVISIBLE_RENDER_MODE = 3    # PDF text render mode Tr 3: glyphs drawn invisibly
INVISIBLE_SHARE = 0.5        # share of a page's glyphs drawn invisibly (render mode 3) that marks an OCR layer
SIDEWAYS_SHARE = 0.5         # share of a page's glyphs not upright above which the page's text runs sideways

CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "size", "fontname", "color", "upright", "render_mode", "weight",
             "angle", "origin")
"""Keys of the normalised character dict every engine yields:
text (one character), x0/x1/top/bottom (box in points, top-left origin of the page as displayed by
pdfminer's convention: top = distance from the top edge), size (points), fontname (PDF BaseFont, with
subset prefix), color (fill colour as RGB floats 0..1 rounded to 2 places, or None), upright (bool),
render_mode (PDF Tr: 3 = invisible, e.g. an OCR layer; None when the engine does not say), weight
(font weight 100..900 or None), angle (degrees of the baseline), origin ((x, y) of the glyph origin)."""


@dataclass
class PageChars:
    """The characters of one page, as an engine read them."""

    number: int
    """1-based page number."""
    chars: list[dict] = field(default_factory=list)
    """Normalised character dicts (`CHAR_KEYS`), in content order."""
    has_images: bool = False
    """The page shows at least one image (a scan when it has no text)."""
    rotation: int = 0
    """/Rotate of the page in degrees (0, 90, 180, 270)."""
    error: Optional[str] = None
    """Why the page could not be read (its characters are then empty), or None."""


class Engine(Protocol):
    """What a character engine module gives `load_pdf`."""

    def open_pages(self, raw: RawInput, settings: ParseSettings) -> "PdfPages": ...


class PdfPages(Protocol):
    """An open PDF: its page count and its pages' characters, read one page at a time."""

    page_count: int

    def pages(self) -> Iterator[PageChars]: ...

    def close(self) -> None: ...


def _engine(name: str):
    if name == "pdfplumber":
        from . import pdf_plumber
        return pdf_plumber
    from . import pdf_pdfium
    return pdf_pdfium


def quiet_pdfminer() -> None:
    """Keep pdfminer's log lines (hundreds on some generators' files) off stderr, unless the caller set a level."""
    for name in ("pdfminer", "pdfplumber"):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.CRITICAL)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%.,;:!?'\"-()/&+")


def _reading_key(c: dict) -> tuple:
    return (round(c["top"]), c["x0"])


def dedupe_tolerance(size: float) -> float:
    """How close (points) a copy of a glyph of `size` points must sit to be fake bold."""
    return min(DEDUPE_TOLERANCE, DEDUPE_TOLERANCE_EM * size) if size > 0 else DEDUPE_TOLERANCE


def dedupe(chars: list[dict]) -> tuple[list[dict], int]:
    """Drop fake-bold copies: a glyph with the same text, font and size within `dedupe_tolerance` of one kept.

    Same rule as pdfplumber's `dedupe_chars` (1 pt from 10 pt up), without building a filtered page. Real
    repeats (谢谢, 11) sit a glyph width apart and stay; below 10 pt the tolerance shrinks with the glyph,
    so tiny print keeps its repeats. Returns the kept glyphs and how many copies were dropped.
    """
    kept: list[dict] = []
    last_at: dict[tuple, list[tuple[float, float]]] = {}
    tolerance: dict[float, float] = {}
    for c in sorted(chars, key=_reading_key):
        size = round(c["size"], 1)
        x, y = c["x0"], c["top"]
        key = (c["text"], c["fontname"], size)
        spots = last_at.get(key)
        if spots is None:
            last_at[key] = [(x, y)]
            kept.append(c)
            continue
        tol = tolerance.get(size)
        if tol is None:
            tol = tolerance[size] = dedupe_tolerance(size)
        for sx, sy in spots[-4:]:
            if abs(x - sx) <= tol and abs(y - sy) <= tol:
                break
        else:
            spots.append((x, y))
            kept.append(c)
    return kept, len(chars) - len(kept)


def _line_from_chars(chars: list[dict], page_no: int, number: int) -> list[Line]:
    """One printed line -> one Line, or several segments when items sit at opposite ends."""
    chars = sorted(chars, key=lambda c: c["x0"])
    sizes = [c["size"] for c in chars if c["text"].strip()]
    size = median(sizes) if sizes else chars[0]["size"]
    segments: list[list[dict]] = [[]]
    for c in chars:
        seg = segments[-1]
        if seg and c["x0"] - seg[-1]["x1"] > SEGMENT_GAP_EM * size:
            segments.append([])
        segments[-1].append(c)
    out = []
    for k, seg in enumerate(segments):
        text = []
        prev = None
        for c in seg:
            ch = c["text"]
            gap = c["x0"] - prev["x1"] if prev is not None else 0.0
            if prev is not None and ch.strip() and text and text[-1] != " " and (
                    _is_latin(ch) and _is_latin(prev["text"]) and gap > LATIN_SPACE_EM * size
                    or gap > WIDE_GAP_EM * size):
                # a word space, letter spacing (学 会 动 态), or a full em set between names (张三　李四)
                text.append("\u3000" if gap > IDEOGRAPHIC_GAP_EM * size and not _is_latin(ch) else " ")
            text.append(ch)
            prev = c
        s = fold("".join(text)).strip()
        if not s:
            continue
        visible = [c for c in seg if c["text"].strip()] or seg
        out.append(Line(text=s, page=page_no, number=number, size=round(size, 2),
                        font=_commonest([SUBSET_TAG.sub("", c["fontname"] or "") for c in visible]),
                        color=_commonest([c["color"] for c in visible]),
                        x0=min(c["x0"] for c in visible), x1=max(c["x1"] for c in visible),
                        top=min(c["top"] for c in visible), bottom=max(c["bottom"] for c in visible),
                        segment=k + 1 if len(segments) > 1 else 0))
    return out


def _commonest(values: list) -> Any:
    """The most frequent of `values`, the first seen among ties (as `Counter.most_common(1)`)."""
    first = values[0]
    if all(v == first for v in values):
        return first
    counts: dict = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts, key=counts.__getitem__)


def _group_lines(chars: list[dict]) -> list[list[dict]]:
    """Cluster characters into printed lines by their vertical middle."""
    chars = sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    lines: list[list[dict]] = []
    mid_of: list[float] = []
    for c in chars:
        mid = (c["top"] + c["bottom"]) / 2
        if lines and abs(mid - mid_of[-1]) <= 0.45 * max(c["size"], 1.0):
            lines[-1].append(c)
        else:
            lines.append([c])
            mid_of.append(mid)
    return lines


def _pages_list(pages: list[int]) -> str:
    return ", ".join(map(str, pages[:20])) + (f" and {len(pages) - 20} more" if len(pages) > 20 else "")


class UseReferenceEngine(Exception):
    """Raised by an engine that cannot read a document as well as the reference engine (pdfplumber) would."""


def load_pdf(raw: RawInput, settings: ParseSettings) -> SourceDoc:
    """Read a PDF into Lines with layout features, with the engine `settings.engine` names (the reference
    engine, pdfplumber, when that engine says it would read the document worse)."""
    try:
        return _load_pdf(raw, settings, _engine(settings.engine))
    except UseReferenceEngine:
        return _load_pdf(raw, settings, _engine("pdfplumber"))


def _load_pdf(raw: RawInput, settings: ParseSettings, engine) -> SourceDoc:  # noqa: ANN001 - an engine module
    name = raw.path or raw.name
    started = time.monotonic()
    document = engine.open_pages(raw, settings)
    diagnostics: list[Diagnostic] = []
    lines: list[Line] = []
    try:
        n_pages = document.page_count
        if n_pages > settings.max_pages:
            raise InputTooLargeError(f"the PDF has {n_pages} pages, over the limit of {settings.max_pages} "
                                     "(raise max_pages to read it)", file=name)
        if settings.ocr == "always":  # every page by OCR, whatever text layer it has
            from .image import ocr_pdf
            return ocr_pdf(raw, settings, list(range(1, n_pages + 1)), n_pages, "ocr='always' was asked", [], [])
        garbled_pages: list[int] = []
        sideways_pages: list[int] = []
        merged_pages: list[int] = []
        image_pages = 0
        scan_pages: list[int] = []     # pages showing an image: scans, with or without a text layer
        invisible_pages: list[int] = []
        for page in document.pages():
            page_no = page.number
            if page.error is not None:  # a damaged content stream on one page: say so and go on
                diagnostics.append(Diagnostic("error", "pdf.page_unreadable",
                                              f"page {page_no} cannot be read ({page.error})", page_no))
                continue
            chars, dropped = dedupe(page.chars)
            if dropped > MERGED_SHARE * len(page.chars) and dropped >= MERGED_MIN:
                merged_pages.append(page_no)
            chars = [c for c in chars if c["upright"] or c["text"].strip()]
            visible = [c for c in chars if c["text"].strip()]
            if not visible and page.has_images:
                image_pages += 1
            if page.has_images:
                scan_pages.append(page_no)
                invisible = sum(1 for c in visible if c.get("render_mode") == INVISIBLE_RENDER_MODE)
                if visible and invisible > INVISIBLE_SHARE * len(visible):
                    invisible_pages.append(page_no)
            if visible and sum(1 for c in visible if not c["upright"]) > SIDEWAYS_SHARE * len(visible):
                sideways_pages.append(page_no)
            first = len(lines)
            number = 0
            for group in _group_lines(chars):
                number += 1
                lines.extend(_line_from_chars(group, page_no, number))
            if any(GARBLED.search(ln.text) for ln in lines[first:]):
                garbled_pages.append(page_no)
            if settings.time_budget is not None and time.monotonic() - started > settings.time_budget:
                raise InputTooLargeError(
                    f"reading the PDF took more than the time budget of {settings.time_budget:g} s "
                    f"(stopped after page {page_no} of {n_pages}; raise time_budget to read it)", file=name)
        if garbled_pages:
            diagnostics.append(Diagnostic(
                "warning", "pdf.garbled_font",
                f"text on page(s) {', '.join(map(str, garbled_pages))} extracts as (cid:N) or U+FFFD: a font has no "
                "Unicode map; the text there is unreliable (OCR those pages)", garbled_pages[0]))
        if sideways_pages:
            diagnostics.append(Diagnostic(
                "warning", "pdf.sideways_text",
                f"most text on page(s) {_pages_list(sideways_pages)} runs sideways (a rotated page or vertical "
                "writing): lines there may be cut into single characters; check those pages", sideways_pages[0]))
        if merged_pages:
            diagnostics.append(Diagnostic(
                "warning", "pdf.many_glyphs_merged",
                f"on page(s) {_pages_list(merged_pages)} over {MERGED_SHARE:.0%} of the glyphs sit on an identical "
                "glyph and were read as fake-bold copies: if text is missing there, check the page",
                merged_pages[0]))
        if not lines:
            msg = ("scanned PDF without a text layer: run OCR first" if image_pages
                   else "the PDF holds no text")
            diagnostics.append(Diagnostic("error", "pdf.no_text_layer", msg, 1))
    finally:
        document.close()
    if scan_pages:  # pages showing an image: scans without a text layer, or with one that OCR may read better
        from .image import reread_scan
        doc = reread_scan(raw, settings, lines, scan_pages, n_pages, diagnostics, invisible_pages)
        if doc is not None:
            return doc
    _add_layout_features(lines)
    return SourceDoc(raw=raw, kind="pdf", lines=lines, pages=n_pages, encoding=None, diagnostics=diagnostics,
                     layout="pdf")


def _add_layout_features(lines: list[Line]) -> None:
    """Indent, fill, centring and vertical gaps, measured against the document's own typography."""
    add_layout_features(lines)
