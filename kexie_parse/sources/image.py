"""Image adapter: scans and photos -> OCR boxes -> the same `Line`s the PDF adapter makes.

Inputs: PNG, JPEG and TIFF page images (a multi-page TIFF is one bulletin), a folder holding only page
images (one bulletin, pages in name order), and PDFs whose pages are images (rendered page by page with
pypdfium2, which ships with pdfplumber). Each page is rendered, read and dropped before the next one, so
memory stays flat over long scanned volumes.

The engine's boxes are turned into lines as the PDF adapter turns glyphs into lines: the page's skew is
measured from the long boxes and taken out; boxes are grouped into printed lines by their vertical middle;
boxes far apart on one line become segments (issuer | date). Positions are converted from pixels to PDF
points (72 per inch) and the size is the text height, so `layout.add_layout_features` measures indent, fill,
centring and gaps exactly as for a PDF, and the title rules compare sizes as they do for a PDF.
"""
from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Iterator, Optional

import regex

from ..errors import InputError, InputTooLargeError
from ..lines import Line
from ..model import Diagnostic, OcrInfo
from ..normalize import fold, tidy
from ..settings import ParseSettings
from . import RawInput, SourceDoc
from .ocr import OCR_EXTRA_HINT, TESSERACT_HINT, OcrBox, get_engine

# magic bytes of the page image formats read here
IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"))

PDF_RENDER_DPI = 200          # dots per inch: image-only PDF pages are rendered at this resolution for OCR
DEFAULT_IMAGE_DPI = 200       # dots per inch assumed for an image file that records none
MIN_IMAGE_DPI = 50            # dots per inch: a recorded resolution below this is a placeholder (72 on phones)
MAX_IMAGE_PIXELS = 80_000_000 # pixels: a page image larger than this is refused (a decompression bomb)
SKEW_MIN_LENGTH = 5.0         # a box this many times longer than high shows the page's skew
MAX_SKEW_DEG = 10.0           # degrees: a larger measured skew is not trusted (photos of odd angles)
LINE_MIDDLE_TOLERANCE = 0.45  # share of the text height two boxes' middles may differ by on one line
SEGMENT_GAP_EM = 3.0          # a horizontal gap this wide (in em) splits a line into segments, as in pdf.py
LATIN_SPACE_EM = 0.25         # em: a gap this wide between two Latin boxes is a word space
SIZE_OF_HEIGHT = 0.96         # font size / detected box height (measured on rendered pages of known size)
SIZE_SNAP = 0.075             # lines within this share of the body size are body size (OCR heights wobble)
SHORT_LINE_CHARS = 6          # a line of at most this many characters gets a box too tall for its text
SHORT_SIZE_SNAP = 0.25        # so it is body size within this share (the detector pads short boxes more)
CELL_SLACK = 0.5              # em: the empty half of a full-width punctuation mark's character cell
LONG_LINE_EM = 15             # em: a line this wide is long enough to show the text column's edges
MIN_ALIGN_LINES = 4           # a page needs this many full-width body lines for its column to be aligned
LOW_CONFIDENCE = 0.80         # a line read with less confidence than this carries a diagnostic
NOISE_CONFIDENCE = 0.50       # a box this unsure holding no letter or digit is a speck, not text

# a box holding no Han character, letter or digit: specks read as dots and strokes
NO_WORD_CHAR = regex.compile(r"^[^\p{Han}\p{L}\p{N}]*$")
# characters the recognition model confuses with Chinese punctuation: 丶 (a stroke radical) for 、
OCR_CONFUSIONS = str.maketrans({"丶": "、"})
# an ASCII comma, colon, semicolon, question or exclamation mark after a Han character: full-width in Chinese text
HALF_PUNCT_AFTER_HAN = regex.compile(r"(?<=[\p{Han}”）》])([,:;?!])(?![0-9])")
# an ASCII bracket pair around text holding a Han character: full-width brackets
HALF_BRACKETS = regex.compile(r"\(([^()]*\p{Han}[^()]*)\)")
# full-width punctuation whose ink sits in the left half of the cell, and in the right half
INK_LEFT_PUNCT = "，。、；：！？）》」』”’"
INK_RIGHT_PUNCT = "（《「『“‘"
# a Han character
HAN_CHAR = regex.compile(r"\p{Han}")
# two Han characters with a space between them: how OCR layers write Chinese (北京 市 科 协)
SPACED_HAN = regex.compile(r"\p{Han} +\p{Han}")
MIN_HAN_SHARE = 0.5           # a Chinese bulletin's text layer with fewer Han characters than this share is junk
SCRAP_CHARS = 2               # a text-layer line of at most this many characters is a scrap
MAX_SCRAP_SHARE = 0.2         # more scraps than this share of the lines: letters scattered over the page (junk)
MAX_SPACED_SHARE = 0.3        # more lines with spaced-out Han characters than this share: an OCR layer
INVISIBLE_SHARE = 0.5         # this share of text objects drawn invisibly (render mode 3) marks an OCR layer
INVISIBLE_SAMPLE_PAGES = 5    # pages whose text objects are checked for invisible drawing
# punctuation a Chinese line never starts with (line-start prohibition): a speck read as a mark
SPECK_LEAD = regex.compile(r"^[，。、：；！？,.:;]+")
# a dot after the end of a sentence closing the line: a speck read as a mark
SPECK_TAIL = regex.compile(r"(?<=[。！？”）])[·.,、]+$")
# a dot opening a line before a Han character
STRAY_DOT = regex.compile(r"^([·.'`])\s*(?=\p{Han})")
# a bullet opening a list line (TOC entries): the mark and the space after it
BULLET = regex.compile(r"^([-－–•●◆■□▪])\s*")
BULLET_LOOK_ALIKES = {"-": "一—－–_~"}   # what the engine reads a thin dash bullet as
MAX_BULLET_RUN = 4            # at most this many lines in a row lose their bullet
BULLET_SLACK_EM = 1.5         # em: lines of one bulleted list start within this distance of each other
WRAP_SLACK_EM = 3.0           # em: a line stopping this far short of the right edge does not wrap onto the next
FULL_WIDTH_OF = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


def image_kind(data: bytes) -> Optional[str]:
    """"png", "jpeg" or "tiff" by the file's magic bytes, else None."""
    for magic, kind in IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    return None


@dataclass
class OcrStats:
    """What OCR of a document measured, for `source.ocr` and the diagnostics."""

    engine: str
    """Engine name."""
    pages: list[int] = field(default_factory=list)
    """1-based pages read by OCR."""
    weighted_confidence: float = 0.0
    """Sum of line confidence x characters."""
    characters: int = 0
    """Characters read."""

    def info(self) -> OcrInfo:
        mean = self.weighted_confidence / self.characters if self.characters else 0.0
        return OcrInfo(engine=self.engine, mean_confidence=round(mean, 4), pages=list(self.pages))


def ocr_text(text: str) -> str:
    """Engine text -> record text: folded, the engine's punctuation confusions fixed, extraction spaces removed."""
    text = fold(text).translate(OCR_CONFUSIONS)
    text = HALF_BRACKETS.sub(r"（\1）", text)
    text = HALF_PUNCT_AFTER_HAN.sub(lambda m: FULL_WIDTH_OF[m.group(1)], text)
    return tidy(text)


def speck_marks(text: str) -> tuple[str, str, str]:
    """(lead, text, tail): marks no Chinese line starts with (，。、：；！？) at the start, and a dot after a
    sentence's end: specks the engine read as punctuation."""
    m = SPECK_LEAD.match(text)
    lead = m.group(0) if m and len(m.group(0)) < len(text) else ""
    text = text[len(lead):]
    t = SPECK_TAIL.search(text)
    tail = t.group(0) if t else ""
    return lead, text[: len(text) - len(tail)], tail


@dataclass
class _Box:
    """An engine box after the skew is taken out, in points."""

    text: str
    confidence: float
    x0: float
    top: float
    x1: float
    bottom: float
    height: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _skew(boxes: list[OcrBox]) -> float:
    """The page's skew in radians: the median slope of the long boxes (0 when there are none)."""
    angles = [b.angle for b in boxes if b.height > 0 and b.length >= SKEW_MIN_LENGTH * b.height]
    if not angles:
        return 0.0
    a = median(angles)
    return a if abs(a) <= math.radians(MAX_SKEW_DEG) else 0.0


def _upright(boxes: list[OcrBox], points_per_pixel: float, centre: tuple[float, float]) -> list[_Box]:
    """Boxes rotated by minus the page's skew about the page centre, as axis-aligned boxes in points."""
    skew = _skew(boxes)
    cos, sin = math.cos(-skew), math.sin(-skew)
    cx, cy = centre
    out = []
    for b in boxes:
        xs, ys = [], []
        for x, y in b.quad:
            xs.append(((x - cx) * cos - (y - cy) * sin + cx) * points_per_pixel)
            ys.append(((x - cx) * sin + (y - cy) * cos + cy) * points_per_pixel)
        out.append(_Box(b.text, b.confidence, min(xs), min(ys), max(xs), max(ys), b.height * points_per_pixel))
    return out


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _rows(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into printed lines by their vertical middle, top to bottom."""
    rows: list[list[_Box]] = []
    middles: list[float] = []
    for b in sorted(boxes, key=lambda b: (b.middle, b.x0)):
        if rows and abs(b.middle - middles[-1]) <= LINE_MIDDLE_TOLERANCE * max(b.height, rows[-1][0].height):
            rows[-1].append(b)
        else:
            rows.append([b])
            middles.append(b.middle)
    return rows


def _segments(row: list[_Box]) -> list[list[_Box]]:
    """A printed line's boxes, left to right, split where they stand SEGMENT_GAP_EM apart."""
    row = sorted(row, key=lambda b: b.x0)
    segments: list[list[_Box]] = [[]]
    for b in row:
        seg = segments[-1]
        if seg and b.x0 - seg[-1].x1 > SEGMENT_GAP_EM * SIZE_OF_HEIGHT * max(b.height, seg[-1].height):
            segments.append([])
        segments[-1].append(b)
    return segments


def _joined(seg: list[_Box]) -> str:
    parts: list[str] = []
    for k, b in enumerate(seg):
        t = b.text.strip()
        if k and parts and t and _is_latin(parts[-1][-1:]) and _is_latin(t[0]) \
                and b.x0 - seg[k - 1].x1 > LATIN_SPACE_EM * b.height:
            parts.append(" ")
        parts.append(t)
    return "".join(parts)


def lines_from_boxes(boxes: list[OcrBox], page_no: int, points_per_pixel: float, stats: OcrStats,
                     diagnostics: list[Diagnostic], centre: tuple[float, float] = (0.0, 0.0)) -> list[Line]:
    """One page's engine boxes -> Lines with position, size and segments; specks dropped with a diagnostic."""
    kept: list[OcrBox] = []
    specks: list[str] = []
    for b in boxes:
        if not b.text.strip():
            continue
        if b.confidence < NOISE_CONFIDENCE and NO_WORD_CHAR.match(b.text.strip()):
            specks.append(b.text.strip())
            continue
        kept.append(b)
    if specks:
        diagnostics.append(Diagnostic(
            "info", "ocr.specks",
            f"{len(specks)} mark(s) on the page read as punctuation with low confidence were taken for specks "
            f"and left out: {' '.join(specks)[:80]}", page_no))
    lines: list[Line] = []
    number = 0
    for row in _rows(_upright(kept, points_per_pixel, centre)):
        number += 1
        segments = _segments(row)
        for k, seg in enumerate(segments):
            lead, text, tail = speck_marks(ocr_text(_joined(seg)))
            if not text:
                continue
            if lead or tail:
                diagnostics.append(Diagnostic(
                    "info", "ocr.specks", f"a speck read as {(lead + tail)!r} was left out of the line: {text[:30]}",
                    page_no, number))
            chars = sum(len(b.text) for b in seg)
            confidence = sum(b.confidence * len(b.text) for b in seg) / max(chars, 1)
            stats.weighted_confidence += confidence * len(text)
            stats.characters += len(text)
            size = round(SIZE_OF_HEIGHT * median(b.height for b in seg), 2)
            # the boxes hold the ink; a PDF's glyph boxes hold the whole character cell, and full-width punctuation
            # fills only half of its cell: a line ending in "，" reaches the margin though its ink stops short
            x0 = min(b.x0 for b in seg) - (CELL_SLACK * size if text[0] in INK_RIGHT_PUNCT else 0.0) \
                + len(lead) * size   # the text starts after the speck
            x1 = max(b.x1 for b in seg) + (CELL_SLACK * size if text[-1] in INK_LEFT_PUNCT else 0.0)
            ln = Line(text=text, page=page_no, number=number, size=size, x0=x0, x1=x1,
                      top=min(b.top for b in seg), bottom=max(b.bottom for b in seg),
                      segment=k + 1 if len(segments) > 1 else 0)
            lines.append(ln)
            if confidence < LOW_CONFIDENCE:
                diagnostics.append(Diagnostic(
                    "warning", "ocr.low_confidence",
                    f"OCR read this line with confidence {confidence:.2f}: check it against the scan: {text[:40]}",
                    page_no, number))
    _drop_stray_dots(lines, diagnostics)
    _restore_bullets(lines, diagnostics)
    _pair_quotes(lines)
    return lines


def _restore_bullets(lines: list[Line], diagnostics: list[Diagnostic]) -> None:
    """Lines between two lines opening with the same bullet, standing where they stand and not continuing the line
    above (which stops short of the right edge), lost their bullet to the engine or had it read as a look-alike
    (a thin "-" is often missed, or read as 一)."""
    right = max((ln.x1 for ln in lines), default=0.0)
    marked = [k for k, ln in enumerate(lines) if BULLET.match(ln.text) and not ln.segment]
    for i, j in zip(marked, marked[1:]):
        mark = BULLET.match(lines[i].text)
        if j - i < 2 or j - i > MAX_BULLET_RUN or not lines[j].text.startswith(mark.group(1)):
            continue
        em = lines[i].size or 1.0
        between = lines[i + 1:j]
        if any(ln.segment or abs(ln.x0 - lines[i].x0) > BULLET_SLACK_EM * em for ln in between) \
                or any(right - ln.x1 <= WRAP_SLACK_EM * em for ln in lines[i:j]):
            continue
        for ln in between:
            look_alike = ln.text[:1] in BULLET_LOOK_ALIKES.get(mark.group(1), "")
            ln.text = mark.group(0) + (ln.text[1:].lstrip() if look_alike else ln.text)
            diagnostics.append(Diagnostic("info", "ocr.bullet_restored",
                                          f"the bullet {mark.group(1)!r} of the lines around it was put back: "
                                          f"{ln.text[:30]}", ln.page, ln.number))


def _drop_stray_dots(lines: list[Line], diagnostics: list[Diagnostic]) -> None:
    """A dot opening one line before Chinese text, where neither neighbour opens with one, is a speck (a list
    of "·" bullets opens several lines alike)."""
    opens = [bool(STRAY_DOT.match(ln.text)) for ln in lines]
    for k, ln in enumerate(lines):
        if opens[k] and not (k and opens[k - 1]) and not (k + 1 < len(lines) and opens[k + 1]):
            dot = STRAY_DOT.match(ln.text).group(1)
            ln.text = ln.text[len(dot):].lstrip()
            ln.x0 += (ln.size or 0.0) * 0.5
            diagnostics.append(Diagnostic("info", "ocr.specks", f"a speck read as {dot!r} was left out of the line: "
                                          f"{ln.text[:30]}", ln.page, ln.number))


def _pair_quotes(lines: list[Line]) -> None:
    """Chinese quotes alternate “…”: an opening quote read where one is open is the closing one (the engine
    confuses the two in a noisy scan). Followed over the lines of a page."""
    open_quote = False
    for ln in lines:
        chars = list(ln.text)
        for k, ch in enumerate(chars):
            if ch == "“":
                if open_quote:
                    chars[k] = "”"
                open_quote = not open_quote
            elif ch == "”":
                open_quote = False
        ln.text = "".join(chars)


def snap_sizes(lines: list[Line]) -> None:
    """Give the body size to every line within SIZE_SNAP of it: OCR heights wobble by a few percent from line to
    line, and the title rules compare sizes (a title is 8 % larger than the body)."""
    sizes = sorted((ln.size, len(ln.text)) for ln in lines if ln.size)
    if not sizes:
        return
    half, run = sum(n for _, n in sizes) / 2, 0
    body = sizes[-1][0]
    for size, n in sizes:
        run += n
        if run >= half:
            body = size
            break
    # the body size is the mean of the sizes near the weighted median
    near = [(s, n) for s, n in sizes if abs(s - body) <= SIZE_SNAP * body]
    body = round(sum(s * n for s, n in near) / sum(n for _, n in near), 2)
    for ln in lines:
        snap = SHORT_SIZE_SNAP if len(ln.text) <= SHORT_LINE_CHARS else SIZE_SNAP
        if ln.size and abs(ln.size - body) <= snap * body:
            ln.size = body


def _column(lines: list[Line]) -> Optional[tuple[float, float]]:
    """Left and right edge of the text column of one page's lines: the edges the long lines share."""
    sizes = [ln.size for ln in lines if ln.size]
    if not sizes:
        return None
    body = median(sizes)
    long_lines = [ln for ln in lines if ln.segment == 0 and ln.x1 - ln.x0 >= LONG_LINE_EM * body]
    if len(long_lines) < MIN_ALIGN_LINES:
        return None
    lefts = sorted(ln.x0 for ln in long_lines)
    rights = sorted(ln.x1 for ln in long_lines)
    # the lines starting at the margin are the lower half of the left edges (the rest are indented first lines)
    left = median(lefts[: max(1, len(lefts) // 2)])
    right = median(rights[len(rights) // 2:])
    return left, right


def align_pages(lines: list[Line]) -> None:
    """Shift each page's lines sideways so that its text column stands where the other pages' does: a scanned
    page lies a few millimetres off on the glass, and indent and fill are measured against one margin."""
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    columns = {p: c for p, c in ((p, _column(ls)) for p, ls in by_page.items()) if c is not None}
    if len(columns) < 2:
        return
    target = median(c[0] for c in columns.values())
    for page, (left, _) in columns.items():
        shift = target - left
        for ln in by_page[page]:
            ln.x0 += shift
            ln.x1 += shift


def ocr_pages(pages: Iterator[tuple[int, object, float]], settings: ParseSettings, diagnostics: list[Diagnostic]
              ) -> tuple[list[Line], OcrStats]:
    """OCR each (page number, PIL image, dots per inch) in turn -> Lines of all pages (without layout features),
    and the OCR statistics."""
    engine = get_engine(settings.ocr_engine)
    stats = OcrStats(engine=engine.name)
    lines: list[Line] = []
    for page_no, image, dpi in pages:
        boxes = engine.read(image)
        stats.pages.append(page_no)
        width_px, height_px = image.size
        del image
        page_lines = lines_from_boxes(boxes, page_no, 72.0 / dpi, stats, diagnostics, (width_px / 2, height_px / 2))
        if not page_lines:
            diagnostics.append(Diagnostic("warning", "ocr.empty_page", f"OCR found no text on page {page_no}", page_no))
        lines.extend(page_lines)
    snap_sizes(lines)
    align_pages(lines)
    return lines, stats


def _dpi_of(image) -> float:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if value >= MIN_IMAGE_DPI else DEFAULT_IMAGE_DPI


def _image_pages(data: bytes, name: str, first_page: int, settings: ParseSettings) -> Iterator[tuple[int, object, float]]:
    """Pages of one image file (a TIFF may hold several), as (page number, grayscale image, dpi)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        img = Image.open(io.BytesIO(data))
        frames = ImageSequence.Iterator(img)
        for k, frame in enumerate(frames):
            if first_page + k > settings.max_pages:
                raise InputTooLargeError(f"more than {settings.max_pages} pages (raise max_pages to read them)",
                                         file=name)
            dpi = _dpi_of(frame)
            yield first_page + k, frame.convert("L"), dpi
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as e:
        raise InputError(f"the page image cannot be read ({type(e).__name__}: {e})"[:300], file=name) from None


def _pdf_pages(raw: RawInput, settings: ParseSettings, pages: list[int]) -> Iterator[tuple[int, object, float]]:
    """The given 1-based pages of a PDF rendered in grayscale at PDF_RENDER_DPI, one at a time."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(raw.data, password=settings.password)
    try:
        for page_no in pages:
            page = pdf[page_no - 1]
            try:
                bitmap = page.render(scale=PDF_RENDER_DPI / 72.0, grayscale=True)
                image = bitmap.to_pil().convert("L")
                bitmap.close()
            finally:
                page.close()
            yield page_no, image, float(PDF_RENDER_DPI)
    finally:
        pdf.close()


def ocr_pdf(raw: RawInput, settings: ParseSettings, pages: list[int], n_pages: int, why: str, kept: list[Line],
            diagnostics: list[Diagnostic]) -> SourceDoc:
    """OCR the given pages of a PDF (scans without a text layer, or with a junk one); the `kept` text-layer lines of
    the other pages stay. Returns the SourceDoc of the whole PDF."""
    from ..layout import add_layout_features
    diagnostics = diagnostics + [Diagnostic("info", "ocr.used", f"page(s) {_page_list(pages)} were read by OCR: {why}",
                                            pages[0] if pages else None)]
    ocr_lines, stats = ocr_pages(_pdf_pages(raw, settings, pages), settings, diagnostics)
    lines = sorted(kept + ocr_lines, key=lambda ln: ln.page)   # stable: each page's lines keep their order
    add_layout_features(lines)
    if not lines:
        diagnostics.append(Diagnostic("error", "ocr.no_text", "OCR found no text on the scanned pages", 1))
    doc = SourceDoc(raw=raw, kind="pdf", lines=lines, pages=n_pages, diagnostics=diagnostics, layout="pdf")
    doc.ocr = stats.info()
    _low_confidence_summary(doc)
    return doc


def _page_list(pages: list[int]) -> str:
    if len(pages) > 1 and pages == list(range(pages[0], pages[-1] + 1)):
        return f"{pages[0]}-{pages[-1]}"
    return ", ".join(map(str, pages))


def text_layer_junk(raw: RawInput, settings: ParseSettings, lines: list[Line],
                    invisible_pages: Optional[list[int]] = None) -> Optional[str]:
    """Why the text layer over scanned pages is OCR junk (invisible text, few Chinese characters, scraps of
    letters scattered over the page), or None when it reads as real text. `invisible_pages`: the pages whose
    glyphs the PDF engine saw drawn invisibly (where it cannot tell, pypdfium2 is asked)."""
    if not lines:
        return None
    if invisible_pages:
        return "its text is drawn invisibly over the page image (an OCR layer)"
    text = "".join(ln.text for ln in lines).replace(" ", "")
    han = len(HAN_CHAR.findall(text))
    if han < MIN_HAN_SHARE * max(len(text), 1):
        return f"only {han} of its {len(text)} characters are Chinese"
    scraps = sum(1 for ln in lines if len(ln.text.replace(" ", "")) <= SCRAP_CHARS)
    if scraps > MAX_SCRAP_SHARE * len(lines):
        return f"{scraps} of its {len(lines)} lines are scraps of 1-{SCRAP_CHARS} characters scattered over the page"
    spaced = sum(1 for ln in lines if SPACED_HAN.search(ln.text))
    if spaced > MAX_SPACED_SHARE * len(lines):
        return f"{spaced} of its {len(lines)} lines have spaces between the Chinese characters"
    invisible = _invisible_share(raw, settings, sorted({ln.page for ln in lines})[:INVISIBLE_SAMPLE_PAGES])
    if invisible >= INVISIBLE_SHARE:
        return "its text is drawn invisibly over the page image (an OCR layer)"
    return None


def _invisible_share(raw: RawInput, settings: ParseSettings, pages: list[int]) -> float:
    """Share of the text objects on these pages drawn in render mode 3 (invisible), as OCR programs draw theirs."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    total = invisible = 0
    try:
        pdf = pdfium.PdfDocument(raw.data, password=settings.password)
    except pdfium.PdfiumError:
        return 0.0
    try:
        for page_no in pages:
            page = pdf[page_no - 1]
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=3):
                total += 1
                invisible += pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
            page.close()
    finally:
        pdf.close()
    return invisible / total if total else 0.0


def reread_scan(raw: RawInput, settings: ParseSettings, lines: list[Line], scan_pages: list[int], n_pages: int,
                diagnostics: list[Diagnostic], invisible_pages: Optional[list[int]] = None) -> Optional[SourceDoc]:
    """The PDF adapter's hook for scanned pages: the SourceDoc read by OCR where the settings and the installed
    extras allow it and the text layer needs it (missing, or junk), else None (the text layer stands, with a
    diagnostic saying why it was not read by OCR)."""
    from .ocr import available
    scanned = set(scan_pages)
    with_text = {ln.page for ln in lines if ln.page in scanned}
    textless = [p for p in scan_pages if p not in with_text]
    junk = text_layer_junk(raw, settings, [ln for ln in lines if ln.page in scanned],
                           invisible_pages) if with_text else None
    pages = scan_pages if junk else textless
    if not pages:
        return None
    why = (f"the text layer over the scanned page(s) is OCR junk: {junk}" if junk
           else f"page(s) {_page_list(textless)} are scans without a text layer")
    if settings.ocr == "never":
        diagnostics.append(Diagnostic("warning", "ocr.off", f"{why}; they were not read by OCR (ocr='never')",
                                      pages[0]))
        return None
    if not available(settings.ocr_engine):
        hint = OCR_EXTRA_HINT if settings.ocr_engine == "rapidocr" else TESSERACT_HINT
        diagnostics.append(Diagnostic("warning", "ocr.unavailable",
                                      f"{why}; reading them needs OCR, which is not installed: {hint}", pages[0]))
        return None
    kept = [ln for ln in lines if ln.page not in set(pages)]
    carried = [d for d in diagnostics if d.code not in ("pdf.no_text_layer", "pdf.garbled_font")]
    return ocr_pdf(raw, settings, pages, n_pages, why, kept, carried)


def load_image(raw: RawInput, settings: ParseSettings) -> SourceDoc:
    """Page images (one file, a multi-page TIFF, or the files of a folder) -> OCR -> SourceDoc of kind "image"."""
    diagnostics: list[Diagnostic] = []
    files = raw.files or [(raw.path or raw.name, raw.data)]

    def pages() -> Iterator[tuple[int, object, float]]:
        next_page = 1
        for name, data in files:
            if data is None:
                data = Path(name).read_bytes()
            for page_no, image, dpi in _image_pages(data, name, next_page, settings):
                next_page = page_no + 1
                yield page_no, image, dpi

    from ..layout import add_layout_features
    lines, stats = ocr_pages(pages(), settings, diagnostics)
    add_layout_features(lines)
    doc = SourceDoc(raw=raw, kind="image", lines=lines, pages=len(stats.pages), diagnostics=diagnostics,
                    layout="pdf")
    doc.ocr = stats.info()
    if not lines:
        diagnostics.append(Diagnostic("error", "ocr.no_text", "OCR found no text in the page image(s)", 1))
    _low_confidence_summary(doc)
    return doc


def _low_confidence_summary(doc: SourceDoc) -> None:
    low = sum(1 for d in doc.diagnostics if d.code == "ocr.low_confidence")
    if low and doc.lines and low > len(doc.lines) // 4:
        doc.diagnostics.append(Diagnostic(
            "warning", "ocr.poor_scan",
            f"{low} of {len(doc.lines)} lines were read with low confidence: the scan is poor; a scan at 300 dpi "
            "reads better", None))


def folder_images(path: Path) -> Optional[list[str]]:
    """The page images of a folder in name order, when it holds only page images (hidden files aside); else None."""
    files = sorted(p for p in path.iterdir() if not p.name.startswith("."))
    if not files or any(not p.is_file() for p in files):
        return None
    out = []
    for p in files:
        with open(p, "rb") as fh:
            if image_kind(fh.read(8)) is None:
                return None
        out.append(str(p))
    return out


def read_image_folder(path: Path, settings: ParseSettings) -> RawInput:
    """A folder holding only page images -> one RawInput whose pages are its files in name order (read lazily)."""
    name = str(path)
    files = folder_images(path)
    if files is None:
        raise InputError("is a folder, not a bulletin file (a folder is read as one bulletin only when it holds "
                         "nothing but page images: PNG, JPEG or TIFF)", file=name)
    digest = hashlib.sha256()
    total = 0
    for f in files:
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                total += len(chunk)
                digest.update(chunk)
        if total > settings.max_bytes:
            raise InputTooLargeError(f"the page images add up to over {settings.max_bytes} bytes "
                                     "(raise max_bytes to read them)", file=name)
    return RawInput(path.name, b"", path=name, files=[(f, None) for f in files], digest=digest.hexdigest())
