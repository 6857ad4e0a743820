"""The pdfplumber character engine (pdfminer's content-stream interpreter): the reference engine.

The only module that imports pdfplumber and pdfminer. Each page's content runs in `BoundedInterpreter`,
which stops a crafted page (millions of operators, a stream inflating to gigabytes, form XObjects drawing
each other) with `InputTooLargeError` naming the limit, before it eats the machine.
"""
from __future__ import annotations

import io
import zlib
from typing import Any, Iterator, Optional

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import list_value, stream_value
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from ..errors import InputTooLargeError, KexieParseError, PdfBrokenError, PdfEncryptedError
from ..settings import ParseSettings
from . import RawInput
from .pdf import PageChars, quiet_pdfminer

MAX_OPERATORS_PER_PAGE = 500_000
"""Content-stream operators (all form XObjects included) one page may run; a dense text page runs ~20,000, a
detailed map ~100,000; pdfminer keeps ~1 KB per drawing operator, so this bounds a page to ~500 MB."""
MAX_INFLATED_BYTES_PER_PAGE = 64 * 1024 * 1024
"""Bytes the content streams of one page (form XObjects included) may inflate to."""
MAX_XOBJECT_DEPTH = 12
"""Form XObjects nested in each other deeper than this stop the page (real files nest 2-3)."""
MAX_XOBJECT_INVOCATIONS = 10_000
"""Form XObjects one page may invoke in all (40 forms each drawing the next twice invoke 2^40)."""
INFLATE_CHUNK = 1 << 20
"""Bytes inflated at a time while measuring a stream."""


quiet_pdfminer()


class PageBudget:
    """What one page's interpretation has used so far, against the limits."""

    def __init__(self, page: int, name: str) -> None:
        self.page = page
        self.name = name
        self.operators = 0
        self.inflated = 0
        self.invocations = 0

    def over(self, what: str, limit: int, setting: str) -> InputTooLargeError:
        return InputTooLargeError(f"the page {what}, over the limit of {limit:,} ({setting}): a crafted or broken "
                                  "PDF; it was not read", file=self.name, page=self.page)


def _inflated_size(stream: Any, cap: int) -> int:
    """Bytes `stream` decodes to, counted up to `cap` without holding them (FlateDecode), else decoded."""
    names = [getattr(f[0] if isinstance(f, tuple) else f, "name", f) for f in (stream.get_filters() or [])]
    if stream.data is None and not getattr(stream, "decipher", None) and names in (["FlateDecode"], ["Fl"]):
        inflater = zlib.decompressobj()
        size = 0
        data = stream.rawdata or b""
        try:
            chunk = inflater.decompress(data, INFLATE_CHUNK)
            while chunk:
                size += len(chunk)
                if size > cap:
                    return size
                chunk = inflater.decompress(inflater.unconsumed_tail, INFLATE_CHUNK)
        except zlib.error:
            return size  # pdfminer reads what inflates and reports the rest
        return size
    return len(stream.get_data())


def _counted(name: str, method: Any) -> Any:
    """`method` (a do_XX operator of the interpreter) counting one operator first, same argument count."""
    nargs = method.__code__.co_argcount - 1
    if nargs == 0:
        def op(self):  # noqa: ANN001
            self._tick()
            return method(self)
    elif nargs == 1:
        def op(self, a):  # noqa: ANN001
            self._tick()
            return method(self, a)
    elif nargs == 2:
        def op(self, a, b):  # noqa: ANN001
            self._tick()
            return method(self, a, b)
    elif nargs == 3:
        def op(self, a, b, c):  # noqa: ANN001
            self._tick()
            return method(self, a, b, c)
    elif nargs == 4:
        def op(self, a, b, c, d):  # noqa: ANN001
            self._tick()
            return method(self, a, b, c, d)
    elif nargs == 6:
        def op(self, a, b, c, d, e, f):  # noqa: ANN001
            self._tick()
            return method(self, a, b, c, d, e, f)
    else:
        return method
    op.__name__ = name
    return op


class BoundedInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter counting operators, inflated bytes and form XObjects against `PageBudget`."""

    budget: PageBudget
    depth: int = 0

    def _tick(self) -> None:
        budget = self.budget
        budget.operators += 1
        if budget.operators > MAX_OPERATORS_PER_PAGE:
            raise budget.over(f"runs more than {MAX_OPERATORS_PER_PAGE:,} content operators", MAX_OPERATORS_PER_PAGE,
                              "MAX_OPERATORS_PER_PAGE")

    def dup(self) -> "BoundedInterpreter":
        other = super().dup()
        other.budget, other.depth = self.budget, self.depth
        return other

    def subinterp(self) -> "BoundedInterpreter":
        other = super().subinterp()
        other.depth = self.depth + 1
        budget = self.budget
        budget.invocations += 1
        if other.depth > MAX_XOBJECT_DEPTH:
            raise budget.over(f"nests form XObjects more than {MAX_XOBJECT_DEPTH} deep", MAX_XOBJECT_DEPTH,
                              "MAX_XOBJECT_DEPTH")
        if budget.invocations > MAX_XOBJECT_INVOCATIONS:
            raise budget.over(f"invokes form XObjects more than {MAX_XOBJECT_INVOCATIONS:,} times",
                              MAX_XOBJECT_INVOCATIONS, "MAX_XOBJECT_INVOCATIONS")
        return other

    def execute(self, streams: Any) -> None:
        budget = self.budget
        for obj in list_value(streams):
            try:
                stream = stream_value(obj)
            except Exception:  # noqa: BLE001 - pdfminer itself skips what is not a stream
                continue
            budget.inflated += _inflated_size(stream, MAX_INFLATED_BYTES_PER_PAGE - budget.inflated + 1)
            if budget.inflated > MAX_INFLATED_BYTES_PER_PAGE:
                raise budget.over(f"content inflates to more than {MAX_INFLATED_BYTES_PER_PAGE:,} bytes",
                                  MAX_INFLATED_BYTES_PER_PAGE, "MAX_INFLATED_BYTES_PER_PAGE")
        super().execute(streams)


for _name in [n for n in dir(PDFPageInterpreter) if n.startswith("do_")]:
    setattr(BoundedInterpreter, _name, _counted(_name, getattr(PDFPageInterpreter, _name)))


def _rgb(color: Any) -> Optional[tuple]:
    """pdfplumber's fill colour (gray, RGB or CMYK components 0..1) as RGB rounded to 2 places."""
    if color is None:
        return None
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        c = [float(x) for x in color]
    except (TypeError, ValueError):
        return None
    if len(c) == 1:
        c = c * 3
    elif len(c) == 4:
        k = c[3]
        c = [(1 - x) * (1 - k) for x in c[:3]]
    elif len(c) != 3:
        return None
    return tuple(round(x, 2) for x in c)


def _char(c: dict) -> dict:
    m = c.get("matrix") or (1, 0, 0, 1, 0, 0)
    return {"text": c["text"], "x0": c["x0"], "x1": c["x1"], "top": c["top"], "bottom": c["bottom"],
            "size": c["size"], "fontname": c.get("fontname", ""), "color": _rgb(c.get("non_stroking_color")),
            "upright": bool(c.get("upright", True)), "render_mode": None, "weight": None,
            "angle": 0.0 if m[1] == 0 and m[0] > 0 else None, "origin": (m[4], m[5])}


class PlumberPages:
    """An open PDF read by pdfplumber."""

    def __init__(self, pdf: Any, name: str, max_chars: int) -> None:
        self.pdf = pdf
        self.name = name
        self.max_chars = max_chars
        self.page_count = len(pdf.pages)

    def pages(self) -> Iterator[PageChars]:
        for page_no, page in enumerate(self.pdf.pages, start=1):
            try:
                try:
                    page._layout = self._layout(page, page_no)  # pdfplumber reads page.chars from here
                    chars = [_char(c) for c in page.chars]
                except KexieParseError:
                    raise
                except Exception as e:  # a damaged content stream on one page: the caller says so and goes on
                    yield PageChars(page_no, rotation=int(page.rotation or 0), error=type(e).__name__)
                    continue
                if len(chars) > self.max_chars:
                    raise InputTooLargeError(f"the page holds {len(chars):,} characters, over the limit of "
                                             f"{self.max_chars:,} (raise max_chars_per_page to read it)",
                                             file=self.name, page=page_no)
                has_images = not any(c["text"].strip() for c in chars) and bool(page.images)
                yield PageChars(page_no, chars, has_images, int(page.rotation or 0))
            finally:
                page.flush_cache()
                page.close()

    def _layout(self, page: Any, page_no: int) -> Any:
        """pdfplumber's `Page.layout`, interpreted by `BoundedInterpreter`."""
        device = PDFPageAggregatorWithMarkedContent(self.pdf.rsrcmgr, pageno=page.page_number,
                                                    laparams=self.pdf.laparams)
        interpreter = BoundedInterpreter(self.pdf.rsrcmgr, device)
        interpreter.budget = PageBudget(page_no, self.name)
        interpreter.process_page(page.page_obj)
        return device.get_result()

    def close(self) -> None:
        self.pdf.close()


def open_pages(raw: RawInput, settings: ParseSettings) -> PlumberPages:
    """Open `raw` with pdfplumber; unreadable or locked files raise `PdfBrokenError` / `PdfEncryptedError`."""
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
    return PlumberPages(pdf, name, settings.max_chars_per_page)
