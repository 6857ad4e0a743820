"""PDF adapter: the only module that touches pdfplumber.

Characters -> lines with font, size, colour and position. Fake bold (every glyph drawn twice a hair
apart) is removed the way pdfplumber's `dedupe_chars` does it, merging only identical glyphs that
overlap, so real repeats (谢谢, 11, "ll") stay. No space is put between Chinese characters; a space is kept
between Latin words. Items printed at opposite ends of one line (issuer | date) become segments.
"""
from __future__ import annotations

import io
from collections import Counter
from statistics import median
from typing import Optional

import regex

from ..errors import InputTooLargeError, PdfBrokenError, PdfEncryptedError
from ..lines import Line
from ..model import Diagnostic
from ..layout import add_layout_features
from ..normalize import fold
from ..settings import ParseSettings
from . import RawInput, SourceDoc

# glyphs a broken font mapping leaves behind: "(cid:123)" or U+FFFD
GARBLED = regex.compile(r"\(cid:\d+\)|\ufffd")
# the subset tag a PDF producer puts before an embedded font's name ("BAAAAA+NotoSansCJK"): one face may
# come in several subsets, so faces are compared without it
SUBSET_TAG = regex.compile(r"^[A-Z]{6}\+")
DEDUPE_TOLERANCE = 1.0       # points: fake-bold copies sit ~0.3 pt apart, real repeats a glyph width apart
SEGMENT_GAP_EM = 3.0         # a horizontal gap this wide (in em) splits a line into segments
LATIN_SPACE_EM = 0.18        # a gap this wide between two Latin glyphs is a word space
WIDE_GAP_EM = 0.6            # a gap this wide between any two glyphs is printed space (letter spacing, a gap)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%.,;:!?'\"-()/&+")


def _open(raw: RawInput, settings: ParseSettings):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    name = raw.path or raw.name
    try:
        pdf = pdfplumber.open(io.BytesIO(raw.data), password=settings.password or "")
        _ = pdf.pages  # forces the page tree (and decryption) to be read
    except Exception as wrapper:  # pdfplumber wraps pdfminer's errors in PdfminerException
        e = wrapper.args[0] if wrapper.args and isinstance(wrapper.args[0], BaseException) else wrapper
        kind = type(e).__name__
        if isinstance(e, PDFPasswordIncorrect) or "Password" in kind or "Encrypt" in kind:
            if settings.password:
                raise PdfEncryptedError("the PDF password is wrong", file=name) from None
            raise PdfEncryptedError("the PDF is password-protected: give its password (password= or --password)",
                                    file=name) from None
        if isinstance(e, PDFSyntaxError):
            raise PdfBrokenError(f"not a readable PDF ({e}): the file is damaged or not a PDF at all",
                                 file=name) from None
        raise PdfBrokenError(f"the PDF is damaged or truncated and cannot be read ({kind}: {e})"[:300],
                             file=name) from None
    return pdf


def dedupe(chars: list[dict]) -> list[dict]:
    """Drop fake-bold copies: a glyph with the same text, font and size within DEDUPE_TOLERANCE of one kept.

    Same rule as pdfplumber's `dedupe_chars`, without building a filtered page (a third of the cost of
    reading the page). Real repeats (谢谢, 11) sit a glyph width apart and stay.
    """
    kept: list[dict] = []
    last_at: dict[tuple, list[tuple[float, float]]] = {}
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        key = (c["text"], c.get("fontname"), round(c.get("size", 0), 1))
        spots = last_at.setdefault(key, [])
        if any(abs(c["x0"] - x) <= DEDUPE_TOLERANCE and abs(c["top"] - y) <= DEDUPE_TOLERANCE for x, y in spots[-4:]):
            continue
        spots.append((c["x0"], c["top"]))
        kept.append(c)
    return kept


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
                text.append(" ")   # a word space, or letter spacing (学 会 动 态), or names set apart (张三　李四)
            text.append(ch)
            prev = c
        s = fold("".join(text)).strip()
        if not s:
            continue
        visible = [c for c in seg if c["text"].strip()] or seg
        fonts = Counter(SUBSET_TAG.sub("", c.get("fontname") or "") for c in visible)
        colors = Counter(_color(c.get("non_stroking_color")) for c in visible)
        out.append(Line(text=s, page=page_no, number=number, size=round(size, 2),
                        font=fonts.most_common(1)[0][0], color=colors.most_common(1)[0][0],
                        x0=min(c["x0"] for c in visible), x1=max(c["x1"] for c in visible),
                        top=min(c["top"] for c in visible), bottom=max(c["bottom"] for c in visible),
                        segment=k + 1 if len(segments) > 1 else 0))
    return out


def _color(c) -> Optional[tuple]:
    if c is None:
        return None
    if isinstance(c, (int, float)):
        return (round(float(c), 2),)
    try:
        return tuple(round(float(x), 2) for x in c)
    except TypeError:
        return None


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


def load_pdf(raw: RawInput, settings: ParseSettings) -> SourceDoc:
    """Read a PDF into Lines with layout features."""
    name = raw.path or raw.name
    pdf = _open(raw, settings)
    diagnostics: list[Diagnostic] = []
    lines: list[Line] = []
    try:
        n_pages = len(pdf.pages)
        if n_pages > settings.max_pages:
            raise InputTooLargeError(f"the PDF has {n_pages} pages, over the limit of {settings.max_pages} "
                                     "(raise max_pages to read it)", file=name)
        garbled_pages, image_pages = [], 0
        for page_no, page in enumerate(pdf.pages, start=1):
            try:
                chars = dedupe(page.chars)
            except Exception as e:  # a damaged content stream on one page: say so and go on
                diagnostics.append(Diagnostic("error", "pdf.page_unreadable",
                                              f"page {page_no} cannot be read ({type(e).__name__})", page_no))
                continue
            chars = [c for c in chars if c.get("upright", True) or c["text"].strip()]
            if not any(c["text"].strip() for c in chars) and page.images:
                image_pages += 1
            number = 0
            for group in _group_lines(chars):
                number += 1
                lines.extend(_line_from_chars(group, page_no, number))
            if any(GARBLED.search(ln.text) for ln in lines if ln.page == page_no):
                garbled_pages.append(page_no)
            page.flush_cache()
            page.close()
        if garbled_pages:
            diagnostics.append(Diagnostic(
                "warning", "pdf.garbled_font",
                f"text on page(s) {', '.join(map(str, garbled_pages))} extracts as (cid:N) or U+FFFD: a font has no "
                "Unicode map; the text there is unreliable (OCR those pages)", garbled_pages[0]))
        if not lines:
            msg = ("scanned PDF without a text layer: run OCR first" if image_pages
                   else "the PDF holds no text")
            diagnostics.append(Diagnostic("error", "pdf.no_text_layer", msg, 1))
    finally:
        pdf.close()
    _add_layout_features(lines)
    return SourceDoc(raw=raw, kind="pdf", lines=lines, pages=n_pages, encoding=None, diagnostics=diagnostics,
                     layout="pdf")


def _add_layout_features(lines: list[Line]) -> None:
    """Indent, fill, centring and vertical gaps, measured against the document's own typography."""
    add_layout_features(lines)
