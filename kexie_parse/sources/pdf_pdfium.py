"""The pypdfium2 character engine (PDFium, in C): the default, a PDF parse several times faster than pdfminer's.

The only module that imports pypdfium2. Per page it takes PDFium's text in one call, asks its text page for
every character's text object and loose box (two C calls a character), and once per text object for what
the object's characters share: font (BaseFont, weight), size, fill colour, render mode (3: invisible, e.g.
an OCR layer) and matrix (rotation). The boxes follow pdfminer's convention, so both engines give the same lines:
x0/x1 from the glyph's advance, bottom at the font's descent below the baseline, top one font size
above the bottom, both measured from the top of the MediaBox.
"""
from __future__ import annotations

import ctypes
import math
import re
from typing import Any, Iterator, Optional

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import InputTooLargeError, PdfBrokenError, PdfEncryptedError
from ..settings import ParseSettings
from . import RawInput
from .pdf import PageChars, UseReferenceEngine

_c_void_p, _c_int, _c_float, _c_uint = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_uint
# the per-character calls with plain-address prototypes: no pointer objects built per call
_get_text_object = ctypes.cast(pdfium_c.FPDFText_GetTextObject,
                               ctypes.CFUNCTYPE(_c_void_p, _c_void_p, _c_int))
_get_loose_box = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox,
                             ctypes.CFUNCTYPE(_c_int, _c_void_p, _c_int, ctypes.POINTER(pdfium_c.FS_RECTF)))
_get_unicode = ctypes.cast(pdfium_c.FPDFText_GetUnicode, ctypes.CFUNCTYPE(_c_uint, _c_void_p, _c_int))
_obj_matrix = ctypes.cast(pdfium_c.FPDFPageObj_GetMatrix, ctypes.CFUNCTYPE(_c_int, _c_void_p, _c_void_p))
_obj_font_size = ctypes.cast(pdfium_c.FPDFTextObj_GetFontSize, ctypes.CFUNCTYPE(_c_int, _c_void_p, _c_void_p))
_obj_render_mode = ctypes.cast(pdfium_c.FPDFTextObj_GetTextRenderMode, ctypes.CFUNCTYPE(_c_int, _c_void_p))
_obj_fill_color = ctypes.cast(pdfium_c.FPDFPageObj_GetFillColor,
                              ctypes.CFUNCTYPE(_c_int, _c_void_p, _c_void_p, _c_void_p, _c_void_p, _c_void_p))
_obj_font = ctypes.cast(pdfium_c.FPDFTextObj_GetFont, ctypes.CFUNCTYPE(_c_void_p, _c_void_p))

FONT_NAME_BYTES = 256
"""Longest font name read (PDF names are at most 127 bytes)."""


def _address(handle: Any) -> int:
    """The address behind a pypdfium2 handle (a ctypes pointer)."""
    return ctypes.cast(handle, _c_void_p).value or 0


STANDARD_DESCENT = {"Times": -217, "Helvetica": -207, "Courier": -157, "Symbol": -293, "ZapfDingbats": -143}
"""Descent (1/1000 em) of the standard 14 fonts in their AFM files, which pdfminer uses for fonts not embedded;
PDFium measures its substitute font instead (Times-Roman: -249), which would move boxes by ~0.4 pt."""
UNNAMED_FONT_SHARE = 0.5
"""Share of the first text page's glyphs in fonts PDFium gives no name (Type3 fonts, as Chromium writes CJK
text) above which the document is read by the reference engine: without font names bold titles cannot be
told from the body."""
MIN_SPACE_EM = 0.28
"""A gap narrower than this (em) where PDFium put a space is not a space glyph of the file (spaces of CJK fonts are
0.3-0.5 em; Latin word spaces, ~0.25 em, are put back by the shared line builder)."""
MIN_SPACE_FONT_CHANGE_EM = 0.4
"""The same where the font changes across the gap (Latin digits set a quarter em off Chinese text)."""
IDEOGRAPHIC_SPACE_EM = 0.9
"""A gap at least this wide (em) where PDFium put a space is read as ideographic spaces (U+3000), one per em."""
MAX_RESTORED_EM = 2.5
"""A wider gap is layout (issuer | date at opposite ends), not spaces: nothing is put back there."""


FONT_DESCRIPTOR = re.compile(rb"/Type\s*/FontDescriptor\b")
"""A font descriptor dictionary in the file's bytes."""
FONT_NAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()]+)")
"""The font's name in a descriptor."""
DESCENT = re.compile(rb"/Descent\s+(-?\d+(?:\.\d*)?)")
"""The font's descent (1/1000 em) in a descriptor."""
DESCRIPTOR_REACH = 4096
"""Bytes around a descriptor's /Type searched for the rest of its dictionary."""


def descriptor_descents(data: bytes) -> dict[str, float]:
    """Descent (em) per font name (with and without its subset tag) from the font descriptors in the file's
    bytes, as pdfminer reads them: PDFium's own value comes from the font program when /Descent is 0 (as
    LibreOffice writes it) and would move every box. Names whose descriptors disagree are left out; so are
    descriptors inside object streams (PDFium's value stands then)."""
    found: dict[str, set[float]] = {}
    for m in FONT_DESCRIPTOR.finditer(data):
        start = data.rfind(b" obj", max(0, m.start() - DESCRIPTOR_REACH), m.start())
        end = data.find(b"endobj", m.end(), m.end() + DESCRIPTOR_REACH)
        body = data[start if start >= 0 else m.start():end if end >= 0 else m.end() + DESCRIPTOR_REACH]
        name, descent = FONT_NAME.search(body), DESCENT.search(body)
        if name and descent:
            full = name.group(1).decode("latin-1")
            for key in {full, full.split("+", 1)[-1]}:
                found.setdefault(key, set()).add(float(descent.group(1)) / 1000)
    return {name: values.pop() for name, values in found.items() if len(values) == 1}


class _Font:
    """What the text objects of one font share."""

    __slots__ = ("fontname", "weight", "descent")

    def __init__(self, font: Any, descents: dict[str, float]) -> None:
        buf = ctypes.create_string_buffer(FONT_NAME_BYTES)
        n = pdfium_c.FPDFFont_GetBaseFontName(font, buf, FONT_NAME_BYTES)
        self.fontname = buf.raw[:max(0, n - 1)].decode("latin-1") if n else ""
        weight = pdfium_c.FPDFFont_GetWeight(font)
        self.weight = weight if weight > 0 else None
        family = self.fontname.split("+")[-1].split("-")[0].split(",")[0]
        descent = _c_float(0.0)
        # em below the baseline, from the font descriptor (as pdfminer reads it)
        self.descent = descent.value / 1000 if pdfium_c.FPDFFont_GetDescent(font, _c_float(1000.0), descent) else 0.0
        if family in STANDARD_DESCENT and not pdfium_c.FPDFFont_GetIsEmbedded(font):
            self.descent = STANDARD_DESCENT[family] / 1000
        elif self.fontname in descents:
            self.descent = descents[self.fontname]
        elif self.fontname.split("+", 1)[-1] in descents:
            self.descent = descents[self.fontname.split("+", 1)[-1]]


class _ObjectReader:
    """Reads what the characters of a text object share, with out-parameters allocated once per page."""

    def __init__(self, fonts: dict[int, _Font], descents: dict[str, float]) -> None:
        self.fonts = fonts
        self.descents = descents
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.size, self.r, self.g, self.b, self.a = _c_float(), _c_uint(), _c_uint(), _c_uint(), _c_uint()
        self.size_ref = ctypes.byref(self.size)
        self.color_refs = tuple(ctypes.byref(x) for x in (self.r, self.g, self.b, self.a))

    def read(self, obj: int) -> tuple:
        """(fontname, size, color, upright, render_mode, weight, angle, bottom_y) of text object `obj`; bottom_y:
        the y of the glyph boxes' bottom edge (baseline plus descent) when upright, else None."""
        m = self.matrix
        _obj_matrix(obj, self.matrix_ref)
        a, b, c, d = m.a, m.b, m.c, m.d
        _obj_font_size(obj, self.size_ref)
        upright = a * d > 0 and b * c <= 0
        # pdfminer's size: the glyph box's height (upright) or width (sideways) in page space
        size = self.size.value * (math.hypot(c, d) if upright else math.hypot(a, b))
        angle = 0.0 if b == 0 and a > 0 else round(math.degrees(math.atan2(b, a)), 1) % 360.0
        render_mode = _obj_render_mode(obj)
        color = None
        if _obj_fill_color(obj, *self.color_refs):
            color = (round(self.r.value / 255, 2), round(self.g.value / 255, 2), round(self.b.value / 255, 2))
        font_address = _obj_font(obj)
        font = self.fonts.get(font_address) if font_address else None
        if font is None and font_address:
            font = self.fonts[font_address] = _Font(ctypes.cast(font_address, pdfium_c.FPDF_FONT), self.descents)
        if font is None:
            return ("", size, color, upright, render_mode, None, angle, m.f if upright else None)
        return (font.fontname, size, color, upright, render_mode, font.weight, angle,
                m.f + font.descent * size if upright else None)


class PdfiumPages:
    """An open PDF read by PDFium."""

    def __init__(self, doc: Any, name: str, settings: ParseSettings, data: bytes = b"") -> None:
        self.doc = doc
        self.name = name
        self.settings = settings
        self.page_count = len(doc)
        self.fonts: dict[int, _Font] = {}  # PDFium keeps one font object per font dictionary of the document
        self.descents = descriptor_descents(data)

    def pages(self) -> Iterator[PageChars]:
        judged = False
        for index in range(self.page_count):
            page_no = index + 1
            try:
                page = self.doc[index]
            except pdfium.PdfiumError as e:
                yield PageChars(page_no, error=str(e) or "PdfiumError")
                continue
            try:
                chars = self._read(page, page_no)
            finally:
                page.close()
            if not judged and chars.chars:
                judged = True
                visible = [c for c in chars.chars if c["text"].strip()]
                unnamed = sum(1 for c in visible if not c["fontname"])
                if visible and unnamed > UNNAMED_FONT_SHARE * len(visible):
                    raise UseReferenceEngine(f"{unnamed} of {len(visible)} glyphs on page {page_no} in fonts "
                                             "PDFium cannot name")
            yield chars

    def _read(self, page: Any, page_no: int) -> PageChars:
        try:
            rotation = page.get_rotation()
        except pdfium.PdfiumError:
            rotation = 0
        try:
            textpage = page.get_textpage()
        except pdfium.PdfiumError as e:
            return PageChars(page_no, rotation=rotation, error=str(e) or "PdfiumError")
        try:
            count = pdfium_c.FPDFText_CountChars(textpage)
            limit = self.settings.max_chars_per_page
            if count > limit:
                raise InputTooLargeError(f"the page holds {count:,} characters, over the limit of {limit:,} "
                                         "(raise max_chars_per_page to read it)", file=self.name, page=page_no)
            chars = self._chars(page, textpage, max(count, 0))
        finally:
            textpage.close()
        has_images = False
        visible = [c for c in chars if c["text"].strip()]
        # images are looked for only where they matter: a page without text, or one whose text is mostly drawn
        # invisibly (render mode 3: an OCR layer over a scan)
        if not visible or 2 * sum(1 for c in visible if c["render_mode"] == 3) > len(visible):
            has_images = any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))
        return PageChars(page_no, chars, has_images, rotation)

    def _chars(self, page: Any, textpage: Any, count: int) -> list[dict]:
        box = page.get_mediabox(fallback_ok=False) or page.get_bbox()  # pdfium reads no inherited MediaBox
        left, top_edge = box[0], box[3]
        tp = _address(textpage)
        objects: dict[int, tuple] = {}
        reader = _ObjectReader(self.fonts, self.descents)
        rect = pdfium_c.FS_RECTF()
        rect_ref = ctypes.byref(rect)
        chars: list[dict] = []
        append = chars.append
        spaced = False  # PDFium put a space of its own since the last character
        prev: Optional[dict] = None
        text = _page_text(textpage, count)
        for i in range(count):
            obj = _get_text_object(tp, i)
            if not obj:  # a space or line break PDFium generated
                spaced = spaced or (text[i] == " " if text is not None else _get_unicode(tp, i) == 0x20)
                continue
            shared = objects.get(obj)
            if shared is None:
                shared = objects[obj] = reader.read(obj)
            fontname, size, color, upright, render_mode, weight, angle, bottom_y = shared
            _get_loose_box(tp, i, rect_ref)
            height = size
            y0 = bottom_y
            if y0 is None:  # sideways glyphs: pdfminer's box is the rotated box's bounds
                y0 = min(rect.bottom, rect.top)
                height = abs(rect.top - rect.bottom) or size
            if text is not None:
                ch = text[i]
            else:
                code = _get_unicode(tp, i)
                ch = chr(code) if 0 < code < 0x110000 else "\ufffd"
            char = {"text": ch, "x0": rect.left - left,
                    "x1": rect.right - left, "top": top_edge - (y0 + height), "bottom": top_edge - y0,
                    "size": size, "fontname": fontname, "color": color, "upright": upright,
                    "render_mode": render_mode, "weight": weight, "angle": angle, "origin": None}
            if prev is not None and (spaced or prev["text"] == " "):
                _restore_spaces(prev, char, append)
            spaced = False
            append(char)
            prev = char
        return chars

    def close(self) -> None:
        self.doc.close()


def _page_text(textpage: Any, count: int) -> Optional[str]:
    """The page's characters in one call, one per character index; None when that does not hold (characters
    beyond U+FFFF take two UTF-16 units: they are then read one by one)."""
    if count <= 0:
        return ""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[:max(0, written - 1) * 2].decode("utf-16-le", "replace")
    return text if len(text) == count else None


def _restore_spaces(prev: dict, char: dict, append: Any) -> None:
    """Put back the space glyphs PDFium dropped between `prev` and `char` (it skips text objects that hold only
    whitespace and marks a gap with a space of its own): one space, or ideographic spaces for gaps of whole ems."""
    em = prev["size"] or char["size"] or 1.0
    gap = char["x0"] - prev["x1"]
    if gap >= MAX_RESTORED_EM * em or abs(char["top"] - prev["top"]) > 0.5 * em:
        return
    if prev["text"] == " ":  # PDFium kept the first space of a run and dropped the rest: spaces as wide
        text, width = " ", prev["x1"] - prev["x0"]
        if width <= 0 or gap < 0.5 * width:
            return
        n = round(gap / width)
    else:
        least = MIN_SPACE_EM if prev["fontname"] == char["fontname"] else MIN_SPACE_FONT_CHANGE_EM
        if gap < least * em:
            return
        n = round(gap / em) if gap >= IDEOGRAPHIC_SPACE_EM * em else 0
        text, width = ("\u3000", gap / n) if n else (" ", gap)
        n = max(n, 1)
    for k in range(n):
        append(dict(prev, text=text, x0=prev["x1"] + k * width, x1=prev["x1"] + (k + 1) * width))

def open_pages(raw: RawInput, settings: ParseSettings) -> PdfiumPages:
    """Open `raw` with PDFium; unreadable or locked files raise `PdfBrokenError` / `PdfEncryptedError`."""
    name = raw.path or raw.name
    from .pdf_guard import check
    check(raw, settings)  # PDFium parses a page in C where nothing can stop it: crafted pages are refused first
    try:
        doc = pdfium.PdfDocument(raw.data, password=settings.password or None)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            if settings.password:
                raise PdfEncryptedError("the PDF password is wrong", file=name) from None
            raise PdfEncryptedError("the PDF is password-protected: give its password (password= or --password)",
                                    file=name) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise PdfEncryptedError("the PDF uses an encryption this reader does not support", file=name) from None
        raise PdfBrokenError(f"not a readable PDF ({_reason(code)}): the file is damaged or not a PDF at all",
                             file=name) from None
    if len(doc) == 0:
        doc.close()
        raise PdfBrokenError("the PDF is damaged or truncated and cannot be read (no page found)", file=name)
    return PdfiumPages(doc, name, settings, raw.data)


def _reason(code: Optional[int]) -> str:
    return {pdfium_c.FPDF_ERR_FILE: "the file cannot be read", pdfium_c.FPDF_ERR_FORMAT: "no PDF structure found",
            pdfium_c.FPDF_ERR_PAGE: "no page found"}.get(code, "PDFium cannot read it")

