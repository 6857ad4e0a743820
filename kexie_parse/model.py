"""The `kexie-bulletin/1` record: one dataclass per thing a bulletin holds.

Every record serialises (`to_dict`, `to_json`) and reads back (`from_dict`, `from_json`), round-tripping
exactly. Field docstrings are the contract documented in `docs/record.md`. Writing is the model's own
(plain fields, in order); reading back uses dataclasses-json, imported only then (it costs more to
import than the rest of the package).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, Optional

SCHEMA_VERSION = "kexie-bulletin/1"


def _plain(value: Any) -> Any:
    """`value` as JSON-ready data: records as dicts in field order, lists and tuples as lists."""
    if isinstance(value, JsonRecord):
        return {f.name: _plain(getattr(value, f.name)) for f in _fields(type(value))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_FIELDS: dict[type, tuple] = {}


def _fields(cls: type) -> tuple:
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS[cls] = fields(cls)
    return known


class JsonRecord:
    """Serialisation of the record's dataclasses: the API of dataclasses-json's `DataClassJsonMixin`."""

    def to_dict(self, encode_json: bool = False) -> dict[str, Any]:  # noqa: ARG002 - every value is JSON already
        """The record as plain data (dicts, lists, str, int, float, bool, None), keys in field order."""
        return _plain(self)

    def to_json(self, *, indent: Optional[int] = None, ensure_ascii: bool = True, **kw: Any) -> str:
        """JSON text of `to_dict()`."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=ensure_ascii, **kw)

    @classmethod
    def from_dict(cls, kvs: Any, *, infer_missing: bool = False) -> Any:
        """The record read back from `to_dict()` output (dataclasses-json, loaded on first use)."""
        from dataclasses_json import DataClassJsonMixin
        return DataClassJsonMixin.from_dict.__func__(cls, kvs, infer_missing=infer_missing)  # type: ignore[attr-defined]

    @classmethod
    def from_json(cls, s: str | bytes, *, infer_missing: bool = False, **kw: Any) -> Any:
        """The record read back from `to_json()` output."""
        return cls.from_dict(json.loads(s, **kw), infer_missing=infer_missing)

    @classmethod
    def schema(cls, **kw: Any) -> Any:
        """dataclasses-json's marshmallow schema of the record (loaded on first use)."""
        from dataclasses_json import DataClassJsonMixin
        return DataClassJsonMixin.schema.__func__(cls, **kw)  # type: ignore[attr-defined]


@dataclass
class Diagnostic(JsonRecord):
    """Something the parser doubted or could not place."""

    level: str
    """"info", "warning" or "error"."""
    code: str
    """Stable machine-readable code, e.g. "masthead.no_date", "toc.no_target"."""
    message: str
    """One sentence for a person."""
    page: Optional[int] = None
    """1-based page the doubt is about, when known."""
    line: Optional[int] = None
    """1-based source line (text) or line on the page (PDF), when known."""


@dataclass
class OcrInfo(JsonRecord):
    """How the text was read by OCR (scans and page images)."""

    engine: str
    """OCR engine: "rapidocr" (PP-OCRv4 through rapidocr_onnxruntime) or "tesseract"."""
    mean_confidence: float
    """The engine's confidence over all characters read, 0..1 (below 0.9: check the record against the scan)."""
    pages: list[int] = field(default_factory=list)
    """1-based pages read by OCR."""


@dataclass
class Source(JsonRecord):
    """Where the record came from."""

    name: str
    """File name (no folders), or "<bytes>"/"<text>" for in-memory input."""
    sha256: str
    """SHA-256 of the input bytes (of the UTF-8 encoding for str input)."""
    kind: str
    """What the input was, told by its content: "text", "pdf", "docx" (Word), "doc" (Word 97-2003, read through
    LibreOffice's conversion to .docx) or "html" (a web page holding the bulletin), "image"
    (PNG/JPEG/TIFF page images, or a folder of them, read by OCR)."""
    encoding: Optional[str] = None
    """Detected text encoding ("utf-8", "gb18030", "utf-16", ...) of a text or web page; null for PDF and Word."""
    pages: int = 1
    """Pages: PDF pages, form-feed separated pages of a text, pages of a Word file as far as it records them
    (Word's last layout, else page and section breaks); 1 for a web page."""
    parser_version: str = ""
    """Version of kexie_parse that made the record."""
    part: int = 1
    """Position of this issue in its file: 1 unless the file is a bound volume of several issues."""
    parts: int = 1
    """Issues found in the file (bound volumes hold several)."""
    ocr: Optional[OcrInfo] = None
    """How the text was read by OCR (page images, scanned PDFs); null when no page was read by OCR."""


@dataclass
class Masthead(JsonRecord):
    """The printed head of the issue."""

    title: Optional[str] = None
    """Bulletin title, e.g. "科协每周动态", letter spacing removed."""
    year: Optional[int] = None
    """Year of the issue: from the issue line, else from the date."""
    issue: Optional[int] = None
    """Issue number within the year (第3期, 第三期 -> 3)."""
    total_issue: Optional[int] = None
    """Cumulative issue number (总第56期, 总56期 -> 56)."""
    special: Optional[str] = None
    """"增刊", "特刊" or "专刊" when the issue is a special one, else null."""
    issuer: Optional[str] = None
    """Issuing office, without a trailing 编/编印."""
    date: Optional[str] = None
    """Issue date as ISO YYYY-MM-DD."""
    printed: list[str] = field(default_factory=list)
    """The masthead lines as printed (after character normalisation)."""
    lines: list[int] = field(default_factory=list)
    """Source lines the masthead was read from."""


@dataclass
class TocEntry(JsonRecord):
    """One entry of the table of contents, in printed order."""

    title: str
    """Entry text without bullet, number, leader dots or page number."""
    target: Optional[str] = None
    """Id of the article ("a3") or section ("s2") the entry names; null when none matches."""
    page: Optional[int] = None
    """Page number printed after the entry, if any."""
    printed: Optional[str] = None
    """The entry as printed, with bullet, leaders and page number."""
    line: Optional[int] = None
    """Source line of the entry."""


@dataclass
class Box(JsonRecord):
    """A rectangle on a PDF page, in PDF points from the top-left corner."""

    page: int
    """1-based page."""
    x0: float
    """Left edge."""
    top: float
    """Top edge."""
    x1: float
    """Right edge."""
    bottom: float
    """Bottom edge."""


@dataclass
class Paragraph(JsonRecord):
    """One body paragraph, rejoined across hard wraps and page breaks."""

    text: str
    """Normalised text of the paragraph, without the attribution."""
    pages: list[int] = field(default_factory=list)
    """Pages the paragraph is printed on."""
    lines: list[int] = field(default_factory=list)
    """[first, last] source line of the paragraph."""
    boxes: list[Box] = field(default_factory=list)
    """PDF only: the paragraph's bounding box on each page it touches."""


@dataclass
class Role(JsonRecord):
    """A person named next to their title."""

    name: str
    """Personal name, e.g. "沈洁"."""
    title: str
    """Title printed before the name, e.g. "市科协党组书记"."""


@dataclass
class Article(JsonRecord):
    """One article: a title and the text under it."""

    id: str
    """Stable id within the record: "a1", "a2", ... in printed order."""
    title: str
    """Main title, one string even when printed on two lines."""
    subtitle: Optional[str] = None
    """The "——…" line under the title, or null."""
    editor_note: Optional[str] = None
    """The 编者按/按语 text printed before the body (label included), or null."""
    paragraphs: list[Paragraph] = field(default_factory=list)
    """Body paragraphs; subheadings (一、…, （一）…) are paragraphs of their own."""
    attribution: list[str] = field(default_factory=list)
    """Organisations in the trailing （…）/（供稿：…）/（…供稿） mark, split on 、/，."""
    attribution_text: Optional[str] = None
    """The attribution mark as printed, e.g. "（供稿：北京力学会）"."""
    contributors: list[str] = field(default_factory=list)
    """People named in the attribution mark (通讯员/作者/撰稿), if any."""
    people: list[str] = field(default_factory=list)
    """Full personal names mentioned, once each, first-mention order (enrichment)."""
    organizations: list[str] = field(default_factory=list)
    """Organisations mentioned, once each (enrichment)."""
    places: list[str] = field(default_factory=list)
    """Districts, cities, provinces and countries mentioned, once each (enrichment)."""
    dates: list[str] = field(default_factory=list)
    """ISO dates of events (month and day), resolved with the issue's year (enrichment)."""
    keywords: list[str] = field(default_factory=list)
    """Up to 8 characteristic words by TF-IDF (enrichment)."""
    roles: list[Role] = field(default_factory=list)
    """Names paired with the title printed before them (enrichment)."""
    pages: list[int] = field(default_factory=list)
    """Pages the article is printed on."""
    lines: list[int] = field(default_factory=list)
    """[first, last] source line of the article (title to attribution)."""


@dataclass
class Section(JsonRecord):
    """A run of articles under one section marker."""

    id: str
    """Stable id within the record: "s1", "s2", ..."""
    name: Optional[str] = None
    """Clean section name ("学会动态"); null for lead stories before the first marker."""
    marker: Optional[str] = None
    """The marker as printed ("【学会动态】", "■ 学会动态"); null for lead stories."""
    articles: list[Article] = field(default_factory=list)
    """Articles in printed order."""
    line: Optional[int] = None
    """Source line of the marker."""


@dataclass
class Colophon(JsonRecord):
    """The labelled lines at the end of the issue."""

    editor: list[str] = field(default_factory=list)
    """Names after 编辑/责任编辑."""
    reviewer: list[str] = field(default_factory=list)
    """Names after 审核."""
    distribution: list[str] = field(default_factory=list)
    """Recipient groups after 分送/发, one entry per printed line."""
    other: dict[str, list[str]] = field(default_factory=dict)
    """Every other labelled line by label: 签发, 校对, 报, 报送, 送, 抄送, 印数 ("共印80份" -> ["80"])."""
    printed: list[str] = field(default_factory=list)
    """The colophon lines as printed."""
    lines: list[int] = field(default_factory=list)
    """Source lines of the colophon."""


@dataclass
class FurnitureItem(JsonRecord):
    """Page furniture taken out of the text: kept, not thrown away."""

    page: int
    """Page the item was printed on."""
    kind: str
    """"page_number", "running_header", "rule" or "blank_marker"; from Word files also "running_footer",
    "footnote" and "endnote"; from web pages "boilerplate" (the site's navigation, meta line, footer, page
    title around the bulletin)."""
    text: str
    """The text as printed."""
    line: Optional[int] = None
    """Source line of the item."""


@dataclass
class Unassigned(JsonRecord):
    """Text that fits nowhere; always paired with a diagnostic."""

    text: str
    """The text as read (normalised)."""
    page: Optional[int] = None
    """Page it was on."""
    line: Optional[int] = None
    """Source line."""


@dataclass
class Bulletin(JsonRecord):
    """One issue of a bulletin: the `kexie-bulletin/1` record."""

    source: Source
    """Where the record came from."""
    masthead: Masthead = field(default_factory=Masthead)
    """Title, year, issue, cumulative issue, special, issuer, date."""
    toc: list[TocEntry] = field(default_factory=list)
    """Table of contents entries in printed order (empty when the issue has none)."""
    toc_heading: Optional[str] = None
    """The TOC heading as printed (目录, 目录提要, 本期要目, ...), or null."""
    sections: list[Section] = field(default_factory=list)
    """Sections in printed order; the first has name null when lead stories precede any marker."""
    colophon: Colophon = field(default_factory=Colophon)
    """编辑, 审核, 分送 and the other labelled lines."""
    furniture: list[FurnitureItem] = field(default_factory=list)
    """Page numbers, running headers and other page furniture."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Every doubt the parser had, in the order found."""
    unassigned: list[Unassigned] = field(default_factory=list)
    """Text that fits no field (each with a diagnostic)."""
    schema_version: str = SCHEMA_VERSION
    """Always "kexie-bulletin/1"."""

    @property
    def articles(self) -> list[Article]:
        """All articles of all sections, in printed order."""
        return [a for s in self.sections for a in s.articles]

    def to_json(self, *, indent: Optional[int] = None, **_: object) -> str:  # type: ignore[override]
        """JSON text with keys in model order and Chinese kept readable; byte-identical for equal records."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
