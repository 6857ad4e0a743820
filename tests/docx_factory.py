"""Build bulletin .docx files for tests with python-docx, the way a 科协 office sets one up in Word.

`bulletin_docx(spec, style)` writes a spec (specs/*.json, /work/shared/eval/SPEC_FORMAT.md) as Word would
hold it: red 小标宋 masthead title, issue lines centred, issuer | date in a borderless 1x2 table (or on one
line with a right tab stop, or pushed right with spaces), TOC, section markers, bold centred titles,
仿宋 body with a first-line indent of 2 characters (or typed full-width spaces), right-aligned own-line
attributions, the colophon between rules, a running header and a PAGE field in the footer.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Optional

import pytest

docx = pytest.importorskip("docx", reason="python-docx is not installed (pip install -e .)")
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt, RGBColor  # noqa: E402


@dataclass
class Style:
    """How this office sets its bulletin in Word."""

    masthead_pair: str = "table"
    """"table" (borderless 1x2 table), "tab" (right tab stop) or "spaces" (typed spaces)."""
    indent: str = "chars"
    """"chars" (first-line indent of 2 characters) or "typed" (two full-width spaces typed)."""
    title_size: float = 16.0
    """Points; the body is 16 pt 仿宋 (三号) too, so titles differ only by face, bold and centring."""
    body_size: float = 16.0
    """Points."""
    blank_before_titles: bool = True
    """An empty paragraph before each title (how many offices space their units)."""
    header: Optional[str] = None
    """Running header text (None: no header)."""
    page_field: bool = True
    """A PAGE field in the footer, between dashes."""
    page_break_before_colophon: bool = False
    """An explicit page break before the colophon."""


def _font(run, name: str, size: float, bold: bool = False, color: Optional[tuple] = None) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor(*color)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _rule_below(paragraph, color: str = "C80000") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", "12"), ("space", "1"), ("color", color)):
        bottom.set(qn(f"w:{k}"), v)
    bdr.append(bottom)
    ppr.append(bdr)


def _first_line_chars(paragraph, hundredths: int) -> None:
    ind = OxmlElement("w:ind")
    ind.set(qn("w:firstLineChars"), str(hundredths))
    ind.set(qn("w:firstLine"), str(hundredths * 16 // 100 * 20))
    paragraph._p.get_or_add_pPr().append(ind)


def add_page_field(paragraph, size: float = 14) -> None:
    """A complex PAGE field whose cached result reads "1"."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        _font(run, "宋体", size)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


class BulletinWriter:
    """A python-docx Document with the paragraph helpers a bulletin needs."""

    def __init__(self, style: Style = Style()):
        self.style = style
        self.doc = docx.Document()
        sec = self.doc.sections[0]
        sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
        sec.left_margin = sec.right_margin = Cm(2.8)
        normal = self.doc.styles["Normal"]
        normal.font.name = "仿宋_GB2312"
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
        normal.font.size = Pt(style.body_size)
        if style.header:
            hp = sec.header.paragraphs[0]
            hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(hp.add_run(style.header), "宋体", 10.5)
        if style.page_field:
            fp = sec.footer.paragraphs[0]
            fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(fp.add_run("— "), "宋体", 14)
            add_page_field(fp)
            _font(fp.add_run(" —"), "宋体", 14)

    def para(self, text: str = "", *, font: str = "仿宋_GB2312", size: Optional[float] = None, bold: bool = False,
             align: Optional[str] = None, indent: bool = False, color: Optional[tuple] = None):
        p = self.doc.add_paragraph()
        if align:
            p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                           "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        if indent and self.style.indent == "chars":
            _first_line_chars(p, 200)
        elif indent:
            text = "\u3000\u3000" + text
        if text:
            _font(p.add_run(text), font, size or self.style.body_size, bold, color)
        return p

    def pair(self, items: list[str]) -> None:
        """Issuer | date: items spread over one line, the first at the left, the last at the right."""
        size = self.style.body_size
        how = self.style.masthead_pair
        if how == "table":
            t = self.doc.add_table(rows=1, cols=len(items))
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            _no_borders(t)
            for k, (cell, text) in enumerate(zip(t.rows[0].cells, items)):
                p = cell.paragraphs[0]
                if k == len(items) - 1:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _font(p.add_run(text), "仿宋_GB2312", size)
        elif how == "tab":
            p = self.doc.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(Cm(15.4), WD_TAB_ALIGNMENT.RIGHT)
            _font(p.add_run("\t".join(items)), "仿宋_GB2312", size)
        else:
            self.para((" " * 12).join(items))

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def bulletin_docx(spec: dict, style: Style = Style()) -> bytes:
    """The spec as a Word file, bytes."""
    w = BulletinWriter(style)
    m = spec["masthead"]
    lines = m["lines"]
    w.para(lines[0], font="方正小标宋简体", size=36, align="center", color=(200, 0, 0))
    last = None
    for ln in lines[1:]:
        if isinstance(ln, list):
            w.pair(ln)
        else:
            last = w.para(ln, align="center")
    if last is not None:
        _rule_below(last)
    toc = spec.get("toc")
    if toc:
        w.para()
        w.para(toc["heading"], font="黑体", size=16, align="center")
        style_of = spec["layout"].get("toc_style", "dash")
        for i, e in enumerate(toc["entries"], 1):
            prefix = {"bullet": "● ", "number": f"{i}. ", "none": "", "pages": ""}.get(style_of, "- ")
            w.para(prefix + e + ("……1" if style_of == "pages" else ""))
    for s in spec["sections"]:
        if s["marker"]:
            w.para()
            w.para(s["marker"], font="黑体", size=style.body_size, bold=True)
        for a in s["articles"]:
            if style.blank_before_titles:
                w.para()
            w.para(a["title"], font="方正小标宋简体", size=style.title_size, bold=True,
                   align="center" if spec["layout"].get("title_align", "center") == "center" else None)
            if a.get("subtitle"):
                w.para(a["subtitle"], align="center")
            if a.get("editor_note"):
                w.para(a["editor_note"], font="楷体_GB2312", indent=True)
            paras = list(a["paragraphs"])
            at = a.get("attribution")
            if at and at["placement"] == "inline":
                paras[-1] += at["surface"]
            for p in paras:
                w.para(p, indent=True, align="justify")
            if at and at["placement"] == "own_line":
                w.para(at["surface"], align="right")
    if style.page_break_before_colophon:
        w.page_break()
    else:
        w.para()
    c = spec["colophon"]
    for ln in c["lines"]:
        if isinstance(ln, list):
            w.pair(ln)
        else:
            w.para(ln, size=14)
    return w.save()
