"""A look at a PDF's content before PDFium interprets it: PDFium parses a whole page in C, where no limit
can stop it, so crafted pages (content inflating to gigabytes, form XObjects drawing each other 2^40
times) are refused here first, with `InputTooLargeError` naming the limit.

It reads the object structure with pdfminer (no interpretation): per page, the bytes the content streams
inflate to (counted without holding them) and how many form XObjects the page would run in all, from the
`Do` operators of each stream, each form counted once and multiplied out. Files pdfminer cannot read are
left to PDFium, which reports them itself.
"""
from __future__ import annotations

import io
import logging
import re
import zlib
from typing import Any, Optional

from ..errors import InputTooLargeError
from ..settings import ParseSettings
from . import RawInput

MAX_CONTENT_BYTES_PER_PAGE = 16 * 1024 * 1024
"""Bytes the content streams of one page (forms included) may inflate to under PDFium, which keeps ~20 bytes of
page objects per content byte (a 16 MB page costs ~300 MB); real pages hold well under 2 MB."""
MAX_XOBJECT_DEPTH = 12
"""Form XObjects nested in each other deeper than this stop the page (real files nest 2-3)."""
MAX_XOBJECT_INVOCATIONS = 10_000
"""Form XObjects one page may run in all, nested ones multiplied out."""
INFLATE_CHUNK = 1 << 20
"""Bytes inflated at a time while measuring a stream."""
FORM_MARKER = re.compile(rb"/Form\b")
"""A form XObject (in the file's bytes or inside an inflated object stream)."""
OPAQUE_MARKER = re.compile(rb"/Encrypt\b|/LZWDecode\b|/RunLengthDecode\b")
"""Streams whose decoded size only the structure tells (encrypted, or in filters that expand)."""
NOT_CONTENT = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b")
"""The dictionary of a font file or an image stream."""
DICT_LOOKBACK = 1024
"""Bytes before a stream's data searched for its dictionary."""
STREAM_START = re.compile(rb"stream\r?\n")
"""Where the data of a stream begins."""
DO_OPERATOR = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
"""A form or image invoked by name in a content stream (/Fm1 Do)."""


class _Over(Exception):
    def __init__(self, what: str, limit: int, setting: str) -> None:
        super().__init__(what)
        self.what, self.limit, self.setting = what, limit, setting


def _decoded(stream: Any, cap: int) -> bytes:
    """The stream's bytes decoded, or _Over when they pass `cap` (counted before they are all held)."""
    filters = [getattr(f[0] if isinstance(f, tuple) else f, "name", f) for f in (stream.get_filters() or [])]
    if stream.data is None and not getattr(stream, "decipher", None) and filters in (["FlateDecode"], ["Fl"]):
        inflater = zlib.decompressobj()
        parts, size = [], 0
        try:
            chunk = inflater.decompress(stream.rawdata or b"", INFLATE_CHUNK)
            while chunk:
                size += len(chunk)
                if size > cap:
                    raise _Over(f"content inflates to more than {MAX_CONTENT_BYTES_PER_PAGE:,} bytes",
                                MAX_CONTENT_BYTES_PER_PAGE, "MAX_CONTENT_BYTES_PER_PAGE")
                parts.append(chunk)
                chunk = inflater.decompress(inflater.unconsumed_tail, INFLATE_CHUNK)
        except zlib.error:
            pass
        return b"".join(parts)
    data = stream.get_data() or b""
    if len(data) > cap:
        raise _Over(f"content inflates to more than {MAX_CONTENT_BYTES_PER_PAGE:,} bytes", MAX_CONTENT_BYTES_PER_PAGE,
                    "MAX_CONTENT_BYTES_PER_PAGE")
    return data


class _PageCheck:
    """Counts one page's inflated content and form invocations."""

    def __init__(self) -> None:
        self.size = 0
        self.forms: dict[Any, int] = {}  # form objid -> forms it runs, itself included

    def content(self, stream: Any) -> bytes:
        data = _decoded(stream, MAX_CONTENT_BYTES_PER_PAGE - self.size)
        self.size += len(data)
        return data

    def runs(self, data: bytes, resources: Any, depth: int) -> int:
        """Form XObjects the content `data` runs in all, under `resources`."""
        from pdfminer.pdftypes import dict_value, resolve1, stream_value
        if depth > MAX_XOBJECT_DEPTH:
            raise _Over(f"nests form XObjects more than {MAX_XOBJECT_DEPTH} deep", MAX_XOBJECT_DEPTH,
                        "MAX_XOBJECT_DEPTH")
        names = DO_OPERATOR.findall(data)
        if not names:
            return 0
        xobjects = dict_value(resolve1(dict_value(resources).get("XObject"))) if resources else {}
        total = 0
        for name in names:
            ref = xobjects.get(name.decode("latin-1"))
            objid = getattr(ref, "objid", None)
            try:
                xobj = stream_value(resolve1(ref))
            except Exception:  # noqa: BLE001 - PDFium skips what is not a stream
                continue
            if getattr(xobj.get("Subtype"), "name", None) != "Form":
                continue
            known = self.forms.get(objid) if objid is not None else None
            if known is None:
                if objid is not None:
                    self.forms[objid] = 0  # a form running itself: PDFium (like pdfminer) skips the loop
                inner = resolve1(xobj.get("Resources")) or resources
                known = 1 + self.runs(self.content(xobj), inner, depth + 1)
                if objid is not None:
                    self.forms[objid] = known
            total += known
            if total > MAX_XOBJECT_INVOCATIONS:
                raise _Over(f"invokes form XObjects more than {MAX_XOBJECT_INVOCATIONS:,} times",
                            MAX_XOBJECT_INVOCATIONS, "MAX_XOBJECT_INVOCATIONS")
        return total


def _plainly_safe(data: bytes) -> bool:
    """True when every stream of the file together inflates to less than one page's limit and no form XObject
    shows in the file or its object streams: then no page can pass a limit and the structure need not be read.
    Streams that do not inflate (encrypted, other filters) leave the question to `check`."""
    if len(data) > MAX_CONTENT_BYTES_PER_PAGE or FORM_MARKER.search(data) or OPAQUE_MARKER.search(data):
        return False
    total = 0
    view = memoryview(data)  # slices without copies
    for start in STREAM_START.finditer(data):
        if data[start.start() - 3:start.start()] == b"end":
            continue
        head = data[max(0, start.start() - DICT_LOOKBACK):start.start()]
        if NOT_CONTENT.search(head[head.rfind(b"obj"):]):
            continue  # a font file or an image: PDFium extracting text never inflates them as content
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(view[start.end():start.end() + INFLATE_CHUNK], INFLATE_CHUNK)
            position = start.end() + INFLATE_CHUNK
            while True:
                total += len(chunk)
                if FORM_MARKER.search(chunk):
                    return False
                if total > MAX_CONTENT_BYTES_PER_PAGE:
                    return False
                if inflater.eof:
                    break
                if inflater.unconsumed_tail:
                    chunk = inflater.decompress(inflater.unconsumed_tail, INFLATE_CHUNK)
                elif position < len(data):
                    chunk = inflater.decompress(view[position:position + INFLATE_CHUNK], INFLATE_CHUNK)
                    position += INFLATE_CHUNK
                else:
                    break
        except zlib.error:
            if data[start.end():start.end() + 2] in (b"x\x9c", b"x\xda", b"x\x01", b"x^"):
                return False  # a damaged Flate stream: let the structure be read
            continue  # not Flate (an image in DCT, plain data): no larger than the file, which is small
    return True


def check(raw: RawInput, settings: ParseSettings) -> None:
    """Raise `InputTooLargeError` for the first page of `raw` over a limit; files whose streams are plainly
    small and hold no form are not looked at further."""
    if _plainly_safe(raw.data):
        return
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import list_value, stream_value

    from .pdf import quiet_pdfminer
    quiet_pdfminer()
    name = raw.path or raw.name
    page_no: Optional[int] = None
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(raw.data)), password=settings.password or "")
        for page_no, page in enumerate(PDFPage.create_pages(doc), start=1):
            if page_no > settings.max_pages:
                return
            counter = _PageCheck()
            contents = page.contents if isinstance(page.contents, list) else list_value(page.contents or [])
            for ref in contents:
                counter.runs(counter.content(stream_value(ref)), page.resources, 0)
    except _Over as over:
        raise InputTooLargeError(f"the page {over.what}, over the limit of {over.limit:,} ({over.setting}): a "
                                 "crafted or broken PDF; it was not read", file=name, page=page_no) from None
    except Exception as e:  # noqa: BLE001 - what pdfminer cannot read, PDFium judges itself
        logging.getLogger(__name__).debug("guard skipped: %s", e)
