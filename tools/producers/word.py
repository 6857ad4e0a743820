"""Bulletins as a 科协 office types them in Word (python-docx), in two house styles.

"word":    the everyday office document: big red masthead title, issue line, issuer left and date
           right (a right tab stop or a borderless 1x2 table), red rule as a paragraph border, TOC,
           section markers, bold titles, 仿宋/宋体 body with a 2-character first-line indent
           (an indent or two typed full-width spaces) at 1.5 lines, 1.25 lines or a fixed 28-29 pt,
           running header on pages 2.., a PAGE field in the footer, colophon between two rules.
           Fonts, sizes, spacing, margins and alignment drawn per spec from a seeded generator.
"gongwen": GB/T 9704 公文 layout: A4, margins 37/35/28/26 mm (156 x 225 mm text block), 16 pt
           仿宋_GB2312 body at a fixed 28.95 pt pitch on a 28-character grid, 22 pt 小标宋 titles,
           red masthead and rule, "— n —" in 14 pt 宋体 at the outer side (odd right, even left).
"""
from __future__ import annotations

import random

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .common import final_paragraphs, page_number_parts, toc_entry_surface

RED = RGBColor(0xE0, 0x00, 0x00)
FULL_SPACE = "\u3000"
GONGWEN_BODY_PT = 16            # GB/T 9704 body: 3号 (16 pt)
GONGWEN_CONDENSE_TWIPS = -5     # -0.25 pt a character: 28 characters of 16 pt fill the 156 mm line

# Font names as real office documents carry them; LibreOffice substitutes the installed CJK fonts
# (WenQuanYi, AR PL UMing, Noto CJK) for the ones this machine lacks, as it does on any Linux box.
TITLE_FONTS = ["方正小标宋简体", "黑体", "华文中宋", "SimHei", "Noto Serif CJK SC", "WenQuanYi Zen Hei"]
BODY_FONTS = ["仿宋_GB2312", "仿宋", "宋体", "FangSong", "AR PL UMing CN", "Noto Serif CJK SC"]
MAST_FONTS = ["方正小标宋简体", "宋体", "黑体", "华文中宋", "Noto Serif CJK SC"]
HEADING_FONTS = ["黑体", "SimHei", "WenQuanYi Zen Hei", "Noto Sans CJK SC"]
KAI_FONTS = ["楷体_GB2312", "楷体", "KaiTi", "AR PL UKai CN"]


class Style:
    """Every choice one document is typeset with."""

    def __init__(self, kind: str, spec: dict, rng: random.Random):
        self.kind = kind
        lay = spec["layout"]
        if kind == "gongwen":
            self.margins = (37, 35, 28, 26)           # top, bottom, left, right in mm
            self.body_font, self.body_pt = "仿宋_GB2312", 16
            self.title_font, self.title_pt = "方正小标宋简体", 22
            self.mast_font, self.mast_pt = "方正小标宋简体", rng.choice([36, 42, 48])
            self.heading_font = "黑体"
            self.kai_font = "楷体_GB2312"
            self.spacing = ("exact", 28.95)
            self.indent = "chars"
            self.title_align = "center"
            self.pair = "tab"
            self.blank_paras = True
            self.mast_spaced = False
            self.section_align = "left"
        else:
            self.margins = (rng.choice([25.4, 28, 30, 37]), rng.choice([25.4, 28, 30, 35]),
                            rng.choice([25, 28, 31.8]), rng.choice([25, 26, 31.8]))
            self.body_font = rng.choice(BODY_FONTS)
            self.body_pt = rng.choice([14, 15, 16])
            self.title_font = rng.choice(TITLE_FONTS)
            self.title_pt = rng.choice([16, 18, 20, 22])
            self.mast_font = rng.choice(MAST_FONTS)
            self.mast_pt = rng.choice([26, 28, 32, 36, 40])
            self.heading_font = rng.choice(HEADING_FONTS)
            self.kai_font = rng.choice(KAI_FONTS)
            self.spacing = rng.choice([("multiple", 1.5), ("multiple", 1.5), ("exact", 28.95), ("exact", 28),
                                       ("multiple", 1.25)])
            self.indent = rng.choice(["chars", "chars", "spaces"])
            align = lay.get("title_align", "center")
            self.title_align = align if rng.random() < 0.75 else ("left" if align == "center" else "center")
            self.pair = rng.choice(["tab", "table"])
            self.blank_paras = rng.random() < 0.5      # spacing typed as empty paragraphs
            self.mast_spaced = rng.random() < 0.25     # masthead title with expanded character spacing
            self.section_align = rng.choice(["left", "left", "center"])

    @property
    def text_width_mm(self) -> float:
        return 210 - self.margins[2] - self.margins[3]


# --- low-level helpers -----------------------------------------------------------------------

def set_fonts(run, east: str, size: float | None = None, bold: bool = False, color=None, latin="Times New Roman"):
    run.font.name = latin
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold or None
    if color is not None:
        run.font.color.rgb = color


def char_spacing(run, twips: int):
    rpr = run._element.get_or_add_rPr()
    sp = OxmlElement("w:spacing")
    sp.set(qn("w:val"), str(twips))
    rpr.append(sp)


def border(paragraph, side: str, color: str = "000000", size_eighths: int = 8, space: int = 1):
    """A paragraph border line (w:pBdr): how Word users draw the red rule and the colophon rules."""
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = ppr.find(qn("w:pBdr"))
    if pbdr is None:
        pbdr = OxmlElement("w:pBdr")
        ppr.append(pbdr)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size_eighths))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)
    pbdr.append(el)


def add_field(paragraph, instr: str, font: str, size: float):
    def fld(kind):
        r = paragraph.add_run()
        set_fonts(r, font, size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
    fld("begin")
    r = paragraph.add_run()
    set_fonts(r, font, size)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r._r.append(it)
    fld("separate")
    r = paragraph.add_run("1")
    set_fonts(r, font, size)
    fld("end")


def first_line_chars(paragraph, chars: int, size: float):
    """Word's "first line indent 2 characters": w:firstLineChars plus the same in twips."""
    ppr = paragraph._p.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size * 20)))


def no_table_borders(table):
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


GONGWEN_TITLE_CHARS = 20        # 22 pt characters in the 156 mm line
# where a typist breaks a long title: after closing quotes/punctuation, or before the verb of the headline
TITLE_BREAK_AFTER = "”》、，："
TITLE_BREAK_BEFORE = ("“", "《", "召开", "举办", "举行", "开展", "组织", "走进", "入选", "签署", "完成", "发布", "获评", "为", "赴", "与")


def balanced_title_lines(title: str) -> list[str]:
    """GB/T 9704 wants a title of several lines set as a trapezoid (longer line on top) without
    splitting a word; a typist does it with a line break near the middle, at a phrase boundary."""
    if len(title) <= GONGWEN_TITLE_CHARS:
        return [title]
    half = (len(title) + 1) // 2
    best, best_cost = half, None
    for cut in range(max(1, len(title) - GONGWEN_TITLE_CHARS), min(GONGWEN_TITLE_CHARS, len(title) - 1) + 1):
        cost = abs(cut - half) + (0 if cut >= half else 2)
        if title[cut - 1] in TITLE_BREAK_AFTER or title.startswith(TITLE_BREAK_BEFORE, cut):
            cost -= 6
        if (title[cut - 1].isascii() and title[cut].isascii() or title[cut] in "”》、，。）"
                or title[cut - 1] in "“《（"):
            cost += 50          # never inside a number, before closing or after opening punctuation
        if best_cost is None or cost < best_cost:
            best, best_cost = cut, cost
    return [title[:best], title[best:]]


class Writer:
    def __init__(self, spec: dict, style: Style, pages: dict[str, int] | None):
        self.spec, self.st, self.pages = spec, style, pages or {}
        self.doc = Document()
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        t, b, l, r = style.margins
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(t), Mm(b), Mm(l), Mm(r)
        sec.header_distance, sec.footer_distance = Mm(15), Mm(min(b - 8, 28) if style.kind == "gongwen" else 15)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(style.body_pt)
        rpr = normal.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.append(rfonts)
        rfonts.set(qn("w:eastAsia"), style.body_font)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
        self.defaults(style)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)
        if style.kind == "gongwen":
            self.grid(sec)

    def defaults(self, style):
        """Document defaults as a Chinese Word install writes them: zh-CN East Asian language and the
        body size (the character grid is measured in it)."""
        rpr = self.doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for tag, val in (("w:sz", style.body_pt * 2), ("w:szCs", style.body_pt * 2)):
            el = rpr.find(qn(tag))
            if el is not None:
                el.set(qn("w:val"), str(val))
        lang = rpr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")

    def grid(self, sec):
        """GB/T 9704: 22 lines a page (a line grid of 28.95 pt); the 28 characters a line come from the
        body runs condensed by 0.25 pt (16 pt characters in the 156 mm text width)."""
        sectpr = sec._sectPr
        for old in sectpr.findall(qn("w:docGrid")):
            sectpr.remove(old)
        g = OxmlElement("w:docGrid")
        g.set(qn("w:type"), "lines")
        g.set(qn("w:linePitch"), "579")
        sectpr.append(g)

    # --- paragraphs -------------------------------------------------------------------------
    def spacing(self, p, rule=None):
        kind, value = rule or self.st.spacing
        pf = p.paragraph_format
        if kind == "exact":
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(value)
        else:
            pf.line_spacing = value

    def para(self, text="", font=None, size=None, bold=False, color=None, align="left", rule=None):
        p = self.doc.add_paragraph()
        p.alignment = {"left": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT, "plain_left": WD_ALIGN_PARAGRAPH.LEFT}[align]
        self.spacing(p, rule)
        if text:
            r = p.add_run(text)
            set_fonts(r, font or self.st.body_font, size or self.st.body_pt, bold, color)
            if self.st.kind == "gongwen" and (size or self.st.body_pt) == GONGWEN_BODY_PT:
                char_spacing(r, GONGWEN_CONDENSE_TWIPS)
        return p

    def gap(self, pt: float):
        """Vertical space: an empty paragraph (as typists do) or space before the next one."""
        if self.st.blank_paras:
            self.para("", rule=("exact", pt) if self.st.kind == "gongwen" else None)
            return 0
        return pt

    def body(self, text, font=None):
        st = self.st
        if st.indent == "spaces":
            p = self.para(FULL_SPACE * 2 + text, font=font)
        else:
            p = self.para(text, font=font)
            first_line_chars(p, 2, st.body_pt)
        return p

    def pair(self, items, size=None, rule=None):
        """Several items on one line: first at the left, last at the right."""
        size = size or self.st.body_pt
        width = Mm(self.st.text_width_mm)
        if self.st.pair == "table" and len(items) == 2:
            table = self.doc.add_table(rows=1, cols=2)
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            no_table_borders(table)
            for cell, text, al in zip(table.rows[0].cells, items, (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT)):
                cell.width = Mm(self.st.text_width_mm / 2)
                p = cell.paragraphs[0]
                p.alignment = al
                r = p.add_run(text)
                set_fonts(r, self.st.body_font, size)
            return None
        p = self.para("", align="plain_left", rule=rule)
        stops = p.paragraph_format.tab_stops
        if len(items) > 2:
            stops.add_tab_stop(int(width / 2), WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        r = p.add_run("\t".join(items) if len(items) > 1 else items[0])
        set_fonts(r, self.st.body_font, size)
        return p

    # --- the document -------------------------------------------------------------------------
    def masthead(self):
        st, m = self.st, self.spec["masthead"]
        for i, ln in enumerate(m["lines"]):
            if i == 0:
                p = self.para("", align="center", rule=("multiple", 1.0))
                r = p.add_run(ln)
                set_fonts(r, st.mast_font, st.mast_pt, bold=st.kind == "word", color=RED)
                if st.mast_spaced:
                    char_spacing(r, 60)
                p.paragraph_format.space_after = Pt(12)
            elif isinstance(ln, list):
                self.pair(ln)
            else:
                self.para(ln, align="center")
        rule_p = self.para("", rule=("exact", 6))
        border(rule_p, "top", "E00000", 18 if st.kind == "gongwen" else 12, 0)

    def toc(self):
        st, toc = self.st, self.spec.get("toc")
        if not toc:
            return
        style = self.spec["layout"]["toc_style"]
        if toc.get("heading"):
            self.para(toc["heading"], font=st.heading_font, size=st.body_pt + 2, bold=st.kind == "word",
                      align="center")
        for i, e in enumerate(toc["entries"], 1):
            if style == "pages":
                p = self.para("", align="plain_left")
                p.paragraph_format.left_indent = Pt(2 * st.body_pt)
                p.paragraph_format.tab_stops.add_tab_stop(Mm(st.text_width_mm) - Pt(2 * st.body_pt),
                                                          WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
                r = p.add_run(f"{e}\t{self.pages.get(e, 1)}")
                set_fonts(r, st.body_font, st.body_pt)
            else:
                p = self.para(toc_entry_surface(style, i, e), align="plain_left")
                if style != "dash":
                    p.paragraph_format.left_indent = Pt(2 * st.body_pt)
        self.gap(14)

    def section_marker(self, marker):
        st = self.st
        before = self.gap(14)
        p = self.para(marker, font=st.heading_font, size=st.body_pt + (0 if st.kind == "gongwen" else 1),
                      bold=st.kind == "word", align=st.section_align)
        if before:
            p.paragraph_format.space_before = Pt(before)
        p.paragraph_format.keep_with_next = True

    def article(self, a):
        st = self.st
        before = self.gap(12)
        title_rule = ("multiple", 1.2) if st.kind == "word" else ("exact", 36)
        title_lines = balanced_title_lines(a["title"]) if st.kind == "gongwen" else [a["title"]]
        p = self.para(title_lines[0], font=st.title_font, size=st.title_pt, bold=st.kind == "word",
                      align="center" if st.title_align == "center" else "plain_left", rule=title_rule)
        for more in title_lines[1:]:
            r = p.add_run()
            r.add_break()
            r = p.add_run(more)
            set_fonts(r, st.title_font, st.title_pt)
        p.paragraph_format.keep_with_next = True
        if before:
            p.paragraph_format.space_before = Pt(before)
        if not st.blank_paras:
            p.paragraph_format.space_after = Pt(6)
        if a.get("subtitle"):
            q = self.para(a["subtitle"], font=st.kai_font, align="center" if st.title_align == "center" else "plain_left")
            q.paragraph_format.keep_with_next = True
        if st.blank_paras and st.kind == "gongwen":
            self.para("")
        if a.get("editor_note"):
            self.body(a["editor_note"], font=st.kai_font)
        for text in final_paragraphs(a):
            self.body(text)
        at = a.get("attribution")
        if at and at["placement"] == "own_line":
            self.para(at["surface"], align="right")

    def colophon(self):
        st, c = self.st, self.spec["colophon"]
        self.gap(24)
        size = st.body_pt - 2 if st.kind == "word" else 14
        rule = ("exact", 22 if st.kind == "word" else 28.95)
        ps = []
        for ln in c["lines"]:
            if isinstance(ln, list):
                if st.pair == "table":
                    p = self.para(f"{FULL_SPACE * 4}".join(ln), size=size, align="plain_left", rule=rule)
                else:
                    p = self.pair(ln, size=size, rule=rule)
            else:
                p = self.para(ln, size=size, align="plain_left", rule=rule)
            if st.kind == "gongwen":
                p.paragraph_format.left_indent = Pt(14)
            p.paragraph_format.keep_with_next = True
            ps.append(p)
        border(ps[0], "top", "000000", 8, 4)
        border(ps[-1], "bottom", "000000", 8, 4)

    def furniture(self):
        st, lay = self.st, self.spec["layout"]
        sec = self.doc.sections[0]
        fmt = page_number_parts(lay.get("page_number"))
        if st.kind == "gongwen":
            self.doc.settings.odd_and_even_pages_header_footer = True
            fmt = ("— ", " —")
            for footer, side in ((sec.footer, "right"), (sec.even_page_footer, "left")):
                p = footer.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
                if side == "right":
                    p.paragraph_format.right_indent = Pt(14)
                else:
                    p.paragraph_format.left_indent = Pt(14)
                self.page_field(p, fmt, "宋体", 14)
            return
        header_text = lay.get("running_header")
        sec.different_first_page_header_footer = True
        if header_text:
            p = sec.header.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(header_text)
            set_fonts(r, st.body_font, 10.5)
            border(p, "bottom", "000000", 6, 1)
        if fmt:
            for footer in (sec.footer, sec.first_page_footer):
                p = footer.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self.page_field(p, fmt, "宋体", 12)

    def page_field(self, p, fmt, font, size):
        before, after = fmt
        if before:
            set_fonts(p.add_run(before), font, size)
        add_field(p, "PAGE", font, size)
        if after:
            set_fonts(p.add_run(after), font, size)

    def build(self):
        self.masthead()
        self.toc()
        for s in self.spec["sections"]:
            if s["marker"]:
                self.section_marker(s["marker"])
            for a in s["articles"]:
                self.article(a)
        self.colophon()
        self.furniture()
        return self.doc


def build_docx(spec: dict, kind: str, rng: random.Random, pages: dict[str, int] | None = None):
    """The python-docx Document of a spec in the given house style ("word" or "gongwen")."""
    return Writer(spec, Style(kind, spec, rng), pages).build()
