"""DOCX adapter: a Word file -> `Line`s, one per Word paragraph (or per hard line break inside one).

Word already knows the paragraphs, so each body paragraph is one line of its own and the blocks stage
keeps it as one block ("paragraphs" layout). The body is walked in document order: paragraphs, tables
(a row whose cells each hold one line is one printed line with a segment per cell: issuer | date in a
borderless 1x2 table; a row whose cells hold several paragraphs is read cell by cell), content controls
and text boxes. Each line carries what the print shows: the size and face (east-Asian font, bold) of
most of its characters, colour, alignment (centred, right), first-line and left indent in em, space
before it (spacing before, empty paragraphs), and the page it starts on (Word's last rendered page
breaks when the file holds them, else explicit page breaks, page-break-before and section breaks).

Automatic numbering (一、 （一） 1. ● ...) is rendered from numbering.xml, since the text lacks it.
Headers and footers go to `furniture`; fields that print a page number (PAGE, NUMPAGES) are ignored,
other fields keep their displayed result. Deleted revisions are left out, inserted ones kept.

`.doc` files (Word 97-2003) are converted to .docx by LibreOffice (`soffice`) when it is on the PATH.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator, Optional

import regex

from ..errors import DocConversionError, DocxBrokenError
from ..lines import Line
from ..model import Diagnostic, FurnitureItem
from ..normalize import fold
from ..settings import ParseSettings
from . import RawInput, SourceDoc
from .segments import MAX_SEGMENT_LINE, breaks_line, split_segments

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


T, TAB, BR, CR, P, R, TBL, TR, TC, SDT, SDT_CONTENT = (_q(x) for x in (
    "t", "tab", "br", "cr", "p", "r", "tbl", "tr", "tc", "sdt", "sdtContent"))
DEL, MOVE_FROM, FLD_SIMPLE, FLD_CHAR, INSTR = (_q(x) for x in ("del", "moveFrom", "fldSimple", "fldChar", "instrText"))
TXBX = _q("txbxContent")
LAST_RENDERED_BREAK = _q("lastRenderedPageBreak")
SYM, NO_BREAK_HYPHEN = _q("sym"), _q("noBreakHyphen")
FALLBACK = f"{{{MC}}}Fallback"

# a field whose displayed result is a page count or number: furniture, never text
PAGE_FIELD = regex.compile(r"^\s*(?:PAGE|NUMPAGES|SECTIONPAGES|SECTION)\b", regex.I)
# a TOC line made by Word's table-of-contents field: "title ⇥ 3" (the tab leader prints dots)
TOC_TAB_PAGE = regex.compile(r"^(?P<title>.*\S)[ \u3000]*\t[\t \u3000]*(?P<page>\d{1,3})$")
# leading blanks typed to indent a paragraph by hand
LEADING_BLANKS = regex.compile(r"^[ \u3000\t]+")
# a paragraph left over by a page-number footer once the field is gone: dashes, 第 页, slashes
PAGE_NUMBER_LEFTOVER = regex.compile(r"^[\s—–\-－~～·•/第页共|]*$")

DEFAULT_SIZE_PT = 10.5      # points: Word's 五号, used when neither the style chain nor the defaults give a size
TWIPS_PER_PT = 20.0         # twentieths of a point: the unit of w:ind and w:spacing
GAP_BEFORE_PT = 6.0         # points of spacing before a paragraph that read as space between units
SPACE_EM = 0.5              # em: an ASCII space typed to indent
TAB_EM = 2.0                # em: a leading tab typed to indent (Word's default tab stop, at 五号-三号 sizes)

NUMBER_FORMATS = ("decimal", "decimalZero", "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
                  "ideographTraditional", "ideographZodiac", "upperLetter", "lowerLetter", "upperRoman",
                  "lowerRoman", "decimalEnclosedCircle", "decimalEnclosedCircleChinese", "decimalFullWidth",
                  "decimalHalfWidth", "decimalEnclosedParen", "decimalEnclosedFullstop", "bullet", "none")
CHINESE_DIGITS = "〇一二三四五六七八九"
TIANGAN = "甲乙丙丁戊己庚辛壬癸"
DIZHI = "子丑寅卯辰巳午未申酉戌亥"
# bullet glyphs of symbol fonts (private-use code points of Symbol/Wingdings) -> a printable bullet
SYMBOL_BULLETS = {"\uf06c": "●", "\uf0b7": "●", "\uf0a7": "■", "\uf0d8": "◆", "\uf076": "◆", "\uf06e": "■",
                  "\uf0fc": "√", "\uf075": "◆", "\uf09f": "●", "\uf0a8": "□"}


def _chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 23 -> 二十三 (the counting style numbered headings use)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 20:
        return "十" + (CHINESE_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CHINESE_DIGITS[n // 10] + "十" + (CHINESE_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = []
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting"):
        return _chinese(n)
    if fmt == "ideographTraditional":
        return TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return DIZHI[(n - 1) % 12]
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26) * (1 + (n - 1) // 26)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


# --------------------------------------------------------------------------- styles

@dataclass
class RunProps:
    """Character properties that matter to the stages, each None when not set at this level."""

    size: Optional[float] = None
    """Points."""
    bold: Optional[bool] = None
    """Bold face."""
    font: Optional[str] = None
    """East-Asian font name (else the ASCII one)."""
    color: Optional[tuple] = None
    """RGB 0..1."""
    hidden: Optional[bool] = None
    """w:vanish: not printed."""

    def over(self, base: "RunProps") -> "RunProps":
        """These properties with the unset ones taken from `base`."""
        return RunProps(*(a if a is not None else b for a, b in zip(
            (self.size, self.bold, self.font, self.color, self.hidden),
            (base.size, base.bold, base.font, base.color, base.hidden))))


@dataclass
class ParaProps:
    """Paragraph properties that matter to the stages, each None when not set at this level."""

    align: Optional[str] = None
    """w:jc value: left/start, center, right/end, both, distribute."""
    first_line_twips: Optional[float] = None
    """First-line indent in twips (negative for a hanging indent)."""
    first_line_chars: Optional[float] = None
    """First-line indent in hundredths of a character (firstLineChars), which Word prefers to twips."""
    left_twips: Optional[float] = None
    """Left indent in twips."""
    left_chars: Optional[float] = None
    """Left indent in hundredths of a character."""
    before_twips: Optional[float] = None
    """Spacing before in twips."""
    before_lines: Optional[float] = None
    """Spacing before in hundredths of a line."""
    page_break_before: Optional[bool] = None
    """Starts a new page."""
    num: Optional[tuple] = None
    """(numId, ilvl) of automatic numbering."""

    def over(self, base: "ParaProps") -> "ParaProps":
        names = ("align", "first_line_twips", "first_line_chars", "left_twips", "left_chars", "before_twips",
                 "before_lines", "page_break_before", "num")
        return ParaProps(**{n: getattr(self, n) if getattr(self, n) is not None else getattr(base, n) for n in names})


def _attr(el, name: str) -> Optional[str]:
    return None if el is None else el.get(_q(name))


def _num(v: Optional[str]) -> Optional[float]:
    try:
        return float(v) if v is not None else None
    except ValueError:
        return None


def _on(el) -> Optional[bool]:
    """A toggle property element (<w:b/>, <w:b w:val="0"/>) -> True/False; None when absent."""
    if el is None:
        return None
    v = _attr(el, "val")
    return v is None or v.lower() not in ("0", "false", "off", "none")


def read_rpr(rpr) -> RunProps:
    if rpr is None:
        return RunProps()
    sz = rpr.find(_q("sz"))
    if sz is None:
        sz = rpr.find(_q("szCs"))
    size = _num(_attr(sz, "val"))
    fonts = rpr.find(_q("rFonts"))
    font = None
    if fonts is not None:
        font = (_attr(fonts, "eastAsia") or _attr(fonts, "ascii") or _attr(fonts, "hAnsi")
                or _attr(fonts, "eastAsiaTheme") or _attr(fonts, "asciiTheme"))
    color = None
    c = _attr(rpr.find(_q("color")), "val")
    if c and re.fullmatch(r"[0-9A-Fa-f]{6}", c):
        color = tuple(round(int(c[k:k + 2], 16) / 255, 2) for k in (0, 2, 4))
    bold = _on(rpr.find(_q("b")))
    if bold is None:
        bold = _on(rpr.find(_q("bCs"))) if rpr.find(_q("b")) is None and rpr.find(_q("bCs")) is not None else None
    return RunProps(size=size / 2 if size else None, bold=bold, font=font, color=color, hidden=_on(rpr.find(_q("vanish"))))


def read_ppr(ppr) -> ParaProps:
    if ppr is None:
        return ParaProps()
    ind = ppr.find(_q("ind"))
    sp = ppr.find(_q("spacing"))
    first = _num(_attr(ind, "firstLine"))
    hanging = _num(_attr(ind, "hanging"))
    first_chars = _num(_attr(ind, "firstLineChars"))
    hanging_chars = _num(_attr(ind, "hangingChars"))
    num = None
    numpr = ppr.find(_q("numPr"))
    if numpr is not None:
        nid = _attr(numpr.find(_q("numId")), "val")
        lvl = _attr(numpr.find(_q("ilvl")), "val") or "0"
        if nid is not None:
            num = (nid, int(lvl) if lvl.isdigit() else 0)
    return ParaProps(
        align=_attr(ppr.find(_q("jc")), "val"),
        first_line_twips=first if first is not None else (-hanging if hanging is not None else None),
        first_line_chars=first_chars if first_chars is not None else (-hanging_chars if hanging_chars else None),
        left_twips=_num(_attr(ind, "left") or _attr(ind, "start")),
        left_chars=_num(_attr(ind, "leftChars") or _attr(ind, "startChars")),
        before_twips=_num(_attr(sp, "before")), before_lines=_num(_attr(sp, "beforeLines")),
        page_break_before=_on(ppr.find(_q("pageBreakBefore"))), num=num)


class Styles:
    """Resolves the style chain (basedOn) of paragraph and character styles, over the document defaults."""

    def __init__(self, styles_el) -> None:
        self.para: dict[str, tuple[Optional[str], ParaProps, RunProps, str]] = {}
        self.char: dict[str, tuple[Optional[str], RunProps]] = {}
        self.default_para: Optional[str] = None
        self.doc_run = RunProps(size=DEFAULT_SIZE_PT)
        self.doc_para = ParaProps()
        if styles_el is None:
            return
        defaults = styles_el.find(_q("docDefaults"))
        if defaults is not None:
            rpr = defaults.find(f"{_q('rPrDefault')}/{_q('rPr')}")
            self.doc_run = read_rpr(rpr).over(RunProps(size=DEFAULT_SIZE_PT))
            self.doc_para = read_ppr(defaults.find(f"{_q('pPrDefault')}/{_q('pPr')}"))
        for st in styles_el.findall(_q("style")):
            sid = _attr(st, "styleId")
            kind = _attr(st, "type")
            based = _attr(st.find(_q("basedOn")), "val")
            name = _attr(st.find(_q("name")), "val") or sid or ""
            if kind == "paragraph":
                self.para[sid] = (based, read_ppr(st.find(_q("pPr"))), read_rpr(st.find(_q("rPr"))), name)
                if _attr(st, "default") in ("1", "true"):
                    self.default_para = sid
            elif kind == "character":
                self.char[sid] = (based, read_rpr(st.find(_q("rPr"))))
        self._pcache: dict[Optional[str], tuple[ParaProps, RunProps, str]] = {}
        self._ccache: dict[str, RunProps] = {}

    def paragraph(self, style_id: Optional[str]) -> tuple[ParaProps, RunProps, str]:
        """Paragraph and run properties of a paragraph style (its chain over the defaults), and its name."""
        sid = style_id if style_id in self.para else self.default_para
        if sid in self._pcache:
            return self._pcache[sid]
        pp, rp, name, seen = ParaProps(), RunProps(), "", set()
        cur = sid
        while cur in self.para and cur not in seen:
            seen.add(cur)
            based, p, r, nm = self.para[cur]
            pp, rp = pp.over(p), rp.over(r)
            name = name or nm
            cur = based
        out = (pp.over(self.doc_para), rp.over(self.doc_run), name)
        self._pcache[sid] = out
        return out

    def character(self, style_id: Optional[str]) -> RunProps:
        if not style_id or style_id not in self.char:
            return RunProps()
        if style_id in self._ccache:
            return self._ccache[style_id]
        rp, seen, cur = RunProps(), set(), style_id
        while cur in self.char and cur not in seen:
            seen.add(cur)
            based, r = self.char[cur]
            rp = rp.over(r)
            cur = based
        self._ccache[style_id] = rp
        return rp


class Numbering:
    """Automatic list numbers: numId -> abstract levels (format, text, start), with running counters."""

    def __init__(self, numbering_el) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.overrides: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int]] = {}
        if numbering_el is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in numbering_el.findall(_q("abstractNum")):
            levels = {}
            for lvl in an.findall(_q("lvl")):
                ilvl = int(_attr(lvl, "ilvl") or 0)
                fmt = _attr(lvl.find(_q("numFmt")), "val") or "decimal"
                text = _attr(lvl.find(_q("lvlText")), "val")
                start = int(_num(_attr(lvl.find(_q("start")), "val")) or 1)
                levels[ilvl] = (fmt, text if text is not None else "", start)
            abstract[_attr(an, "abstractNumId")] = levels
        for num in numbering_el.findall(_q("num")):
            nid = _attr(num, "numId")
            aid = _attr(num.find(_q("abstractNumId")), "val")
            self.levels[nid] = abstract.get(aid, {})
            self.abstract_of[nid] = aid
            for ov in num.findall(_q("lvlOverride")):
                start = _attr(ov.find(_q("startOverride")), "val")
                if start is not None:
                    self.overrides[(nid, int(_attr(ov, "ilvl") or 0))] = int(_num(start) or 1)

    def label(self, num: Optional[tuple]) -> str:
        """The printed number of the next paragraph of list `num` = (numId, ilvl); "" when none."""
        if num is None:
            return ""
        nid, ilvl = num
        levels = self.levels.get(nid)
        if not levels or nid == "0" or ilvl not in levels:
            return ""
        key = self.abstract_of.get(nid, nid)
        counts = self.counters.setdefault(key, [0] * 9)
        if ilvl >= len(counts):
            return ""
        fmt, text, start = levels[ilvl]
        if counts[ilvl] == 0:
            counts[ilvl] = self.overrides.get((nid, ilvl), start)
        else:
            counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = 0
        if fmt == "bullet":
            return SYMBOL_BULLETS.get(text, text if text and text.isprintable() and not
                                      ("\ue000" <= text[:1] <= "\uf8ff") else "●") + " "

        def counter(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            kfmt, _, kstart = levels[k]
            return format_number(counts[k] or kstart, kfmt)
        return re.sub(r"%(\d)", counter, text)


# --------------------------------------------------------------------------- the body walk

@dataclass
class Piece:
    """Text of one run with the properties it is printed in."""

    text: str
    props: RunProps


@dataclass
class LineDraft:
    """One printed line of a paragraph before it becomes `Line`s."""

    pieces: list[Piece] = field(default_factory=list)
    page: int = 1
    page_start: bool = False


@dataclass
class Reader:
    """State of the walk over one document part."""

    styles: Styles
    numbering: Numbering
    rendered_breaks: bool
    """The file holds Word's last rendered page breaks: pages come from them alone."""
    page: int = 1
    number: int = 0
    blank: int = 0
    page_fresh: bool = False
    lines: list[Line] = field(default_factory=list)
    furniture: list[FurnitureItem] = field(default_factory=list)
    hidden_chars: int = 0
    spacing: dict = field(default_factory=dict)
    """id(line) -> spacing before its paragraph in points (turned into gap_before at the end)."""

    def new_page(self) -> None:
        """The next text starts a new page."""
        self.page += 1
        self.page_fresh = True
        self.blank = 0


def _visible_children(el) -> Iterator:
    """Children of `el` in order, with markup-compatibility fallbacks (a copy of the choice) left out."""
    for ch in el:
        if ch.tag == FALLBACK:
            continue
        yield ch


def _runs(el) -> Iterator:
    """The runs of a paragraph in order, inside hyperlinks, insertions, smart tags, content controls and
    fields; not inside deletions, moved-away text, page-number fields or text boxes (read on their own)."""
    for ch in _visible_children(el):
        if ch.tag == R:
            yield ch
        elif ch.tag in (DEL, MOVE_FROM, TXBX, P, TBL):
            continue
        elif ch.tag == FLD_SIMPLE and PAGE_FIELD.match(_attr(ch, "instr") or ""):
            continue   # a page number: furniture, not text
        else:
            yield from _runs(ch)


def _text_boxes(p) -> list:
    """Text boxes anchored in a paragraph (their content is read as paragraphs of their own)."""
    out = []
    for el in p.iter(TXBX):
        if any(a.tag == FALLBACK for a in el.iterancestors()):
            continue
        if any(a.tag == TXBX for a in el.iterancestors()):
            continue
        out.append(el)
    return out


class _FieldState:
    """Complex fields (fldChar begin/separate/end): the result of a page field is skipped."""

    def __init__(self) -> None:
        self.stack: list[list] = []   # [instruction text, in result part]

    def visible(self) -> bool:
        return not any(PAGE_FIELD.match(instr) or not in_result for instr, in_result in self.stack)

    def feed(self, el) -> None:
        if el.tag == FLD_CHAR:
            kind = _attr(el, "fldCharType")
            if kind == "begin":
                self.stack.append(["", False])
            elif kind == "separate" and self.stack:
                self.stack[-1][1] = True
            elif kind == "end" and self.stack:
                self.stack.pop()
        elif el.tag == INSTR and self.stack and not self.stack[-1][1]:
            self.stack[-1][0] += el.text or ""


def _paragraph_drafts(p, rd: Reader, base_run: RunProps, fields: _FieldState) -> list[LineDraft]:
    """The printed lines of a paragraph (split at hard line breaks), each a list of styled pieces."""
    drafts = [LineDraft(page=rd.page, page_start=rd.page_fresh)]

    def has_text() -> bool:
        return any(pc.text.strip() for pc in drafts[-1].pieces)

    for r in _runs(p):
        rpr = r.find(_q("rPr"))
        rstyle = _attr(rpr.find(_q("rStyle")), "val") if rpr is not None else None
        props = read_rpr(rpr).over(rd.styles.character(rstyle)).over(base_run)
        for el in r:
            tag = el.tag
            if tag in (FLD_CHAR, INSTR):
                fields.feed(el)
                continue
            if tag == LAST_RENDERED_BREAK:
                if rd.rendered_breaks and (rd.lines or has_text() or len(drafts) > 1):
                    rd.new_page()
                    if has_text():
                        rd.page_fresh = False   # the page began inside this line: no line starts it
                    else:
                        drafts[-1].page, drafts[-1].page_start = rd.page, True
                continue
            if not fields.visible():
                continue
            if tag == T:
                text = el.text or ""
            elif tag == TAB:
                text = "\t"
            elif tag == NO_BREAK_HYPHEN:
                text = "-"
            elif tag == SYM:
                ch = _attr(el, "char") or ""
                text = SYMBOL_BULLETS.get(chr(0xF000 | int(ch, 16)), "") if re.fullmatch(r"[0-9A-Fa-f]{1,4}", ch) else ""
            elif tag in (BR, CR):
                if _attr(el, "type") == "page" and not rd.rendered_breaks:
                    rd.new_page()
                    drafts.append(LineDraft(page=rd.page, page_start=True))
                else:
                    drafts.append(LineDraft(page=rd.page))
                continue
            else:
                continue
            if props.hidden and text.strip():
                rd.hidden_chars += len(text.strip())
            drafts[-1].pieces.append(Piece(text, props))
    return drafts


def _join_wrapped(drafts: list[LineDraft]) -> list[LineDraft]:
    """Lines a hard line break wrapped inside one unit (a title set over two lines) joined again; lines of
    their own (masthead, colophon, TOC) and lines after a sentence end stay apart (`breaks_line`)."""
    out = [drafts[0]]
    for d in drafts[1:]:
        prev = out[-1]
        before = "".join(pc.text for pc in prev.pieces)
        after = "".join(pc.text for pc in d.pieces)
        if d.page_start or breaks_line(before, after) or _major(prev.pieces, _look) != _major(d.pieces, _look):
            out.append(d)
            continue
        if before.rstrip()[-1:].isascii() and before.rstrip()[-1:].isalnum() and after.lstrip()[:1].isascii() \
                and after.lstrip()[:1].isalnum():
            prev.pieces.append(Piece(" ", d.pieces[0].props))   # a Latin word space the wrap stood for
        prev.pieces.extend(d.pieces)
    return out


def _indent_em(pp: ParaProps, size: float) -> tuple[float, float]:
    """(left indent, first-line indent) of a paragraph in em of its text; the first may be negative (hanging)."""
    if pp.first_line_chars:
        first = pp.first_line_chars / 100.0
    else:
        first = (pp.first_line_twips or 0.0) / TWIPS_PER_PT / size
    if pp.left_chars:
        left = pp.left_chars / 100.0
    else:
        left = (pp.left_twips or 0.0) / TWIPS_PER_PT / size
    return max(0.0, left), first


def _major(pieces: list[Piece], key) -> object:
    """The value of `key` shared by most printed characters of the pieces."""
    counts: Counter = Counter()
    for pc in pieces:
        n = len(pc.text.strip())
        if n:
            counts[key(pc.props)] += n
    return counts.most_common(1)[0][0] if counts else key(pieces[0].props) if pieces else None


def _look(props: RunProps) -> tuple:
    return props.size, props.font, bool(props.bold)


def _face(props: RunProps) -> str:
    return (props.font or "") + (",Bold" if props.bold else "")


def _emit_paragraph(p, rd: Reader, in_cell: bool = False) -> None:
    """Lines of one body paragraph (and of the text boxes anchored in it)."""
    for box in _text_boxes(p):
        _walk(box, rd)
    ppr_el = p.find(_q("pPr"))
    style_id = _attr(ppr_el.find(_q("pStyle")), "val") if ppr_el is not None else None
    style_pp, style_rp, _ = rd.styles.paragraph(style_id)
    pp = read_ppr(ppr_el).over(style_pp)
    if pp.page_break_before and not rd.rendered_breaks and rd.lines:
        rd.new_page()
    drafts = _paragraph_drafts(p, rd, style_rp, _FieldState())
    texted = [d for d in drafts if "".join(pc.text for pc in d.pieces).strip()]
    if not texted:
        if not in_cell:
            rd.blank += 1   # an empty paragraph: space between units
        return
    label = rd.numbering.label(pp.num)
    if label:
        texted[0].pieces.insert(0, Piece(label, texted[0].pieces[0].props))
    texted = _join_wrapped(texted)
    before_pt = (pp.before_twips or 0.0) / TWIPS_PER_PT
    if pp.before_lines:
        before_pt = max(before_pt, pp.before_lines / 100.0 * DEFAULT_SIZE_PT)
    for k, d in enumerate(texted):
        raw = "".join(pc.text for pc in d.pieces)
        size = _major(d.pieces, lambda pr: pr.size) or DEFAULT_SIZE_PT
        left, first = _indent_em(pp, size)
        lead = LEADING_BLANKS.match(raw)
        typed = sum(1.0 if ch == "\u3000" else TAB_EM if ch == "\t" else SPACE_EM for ch in lead.group(0)) if lead else 0.0
        indent = max(0.0, left + (first if k == 0 else 0.0)) + typed
        toc = TOC_TAB_PAGE.match(raw.strip())
        if toc and len(toc.group("title")) <= MAX_SEGMENT_LINE:
            segments = [toc.group("title").replace("\t", " ") + "……" + toc.group("page")]
        else:
            segments = split_segments(raw)
        face, color = _major(d.pieces, _face), _major(d.pieces, lambda pr: pr.color)
        rd.number += 1
        start = len(rd.lines)
        for seg in segments:
            text = fold(seg.replace("\t", " ")).strip()
            if text:
                rd.lines.append(Line(text=text, page=d.page, number=rd.number, size=round(size, 2), font=face,
                                     color=color))
        made = rd.lines[start:]
        for s, ln in enumerate(made):
            if len(made) > 1:
                ln.segment = s + 1
            else:
                ln.centered = pp.align == "center"
            if s == 0:
                ln.blank_before = rd.blank
                ln.page_start = d.page_start and d.page > 1
                ln.indent = indent
                rd.spacing[id(ln)] = before_pt if k == 0 else 0.0
        if made:
            rd.blank, rd.page_fresh = 0, False


def _mark_gaps(rd: Reader) -> None:
    """gap_before: empty paragraphs before a line, or more spacing before it than most paragraphs have."""
    common = Counter(round(v) for v in rd.spacing.values()).most_common(1)
    usual = common[0][0] if common else 0.0
    for ln in rd.lines:
        extra = rd.spacing.get(id(ln), 0.0) - usual
        if ln.blank_before or extra >= GAP_BEFORE_PT:
            ln.gap_before = True
    rd.spacing.clear()


def _cell_content(tc) -> list:
    """Paragraphs and tables directly in a table cell."""
    return [ch for ch in _visible_children(tc) if ch.tag in (P, TBL, SDT)]


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(T) if not any(a.tag in (DEL, TXBX) for a in t.iterancestors()))


def _one_line_cell(content: list) -> bool:
    """A cell holding at most one printed line: paragraphs only, one with text, no hard line break in it."""
    if any(el.tag != P for el in content):
        return False
    texted = [el for el in content if _paragraph_text(el).strip()]
    return len(texted) <= 1 and not any(_attr(b, "type") in (None, "textWrapping") for el in texted for b in el.iter(BR))


def _emit_table(tbl, rd: Reader) -> None:
    """A row whose cells each hold at most one line is one printed line, a segment per cell; other rows
    (a layout table framing the bulletin, a cell of several paragraphs) are read cell by cell."""
    for tr in tbl.iter(TR):
        if next(tr.iterancestors(TBL), None) is not tbl:
            continue   # a row of a nested table: read with that table
        cells = [_cell_content(tc) for tc in _visible_children(tr) if tc.tag == TC]
        if all(_one_line_cell(c) for c in cells):
            filled = [next(el for el in c if _paragraph_text(el).strip()) for c in cells
                      if any(_paragraph_text(el).strip() for el in c)]
            if len(filled) >= 2:
                start = len(rd.lines)
                for el in filled:
                    _emit_paragraph(el, rd, in_cell=True)
                row = rd.lines[start:]
                if row:
                    number = row[0].number
                    for s, ln in enumerate(row):
                        ln.number, ln.segment, ln.centered = number, s + 1, False
                        if s:
                            ln.blank_before, ln.page_start, ln.indent = 0, False, None
                    rd.number = number
                continue
        for content in cells:
            for el in content:
                if el.tag == P:
                    _emit_paragraph(el, rd, in_cell=True)
                else:
                    _walk_one(el, rd)


def _walk_one(el, rd: Reader) -> None:
    if el.tag == P:
        _emit_paragraph(el, rd)
        sect = el.find(f"{_q('pPr')}/{_q('sectPr')}")
        if sect is not None and not rd.rendered_breaks:
            kind = _attr(sect.find(_q("type")), "val") or "nextPage"
            if kind != "continuous":
                rd.new_page()
    elif el.tag == TBL:
        _emit_table(el, rd)
    elif el.tag == SDT:
        content = el.find(SDT_CONTENT)
        if content is not None:
            _walk(content, rd)
    elif el.tag in (_q("customXml"), _q("ins")):
        _walk(el, rd)


def _walk(container, rd: Reader) -> None:
    for el in _visible_children(container):
        _walk_one(el, rd)


# --------------------------------------------------------------------------- headers, footers, notes

def _part_lines(el, styles: Styles, numbering: Numbering) -> list[str]:
    rd = Reader(styles, numbering, rendered_breaks=True)
    _walk(el, rd)
    by_number: dict[int, list[str]] = {}
    for ln in rd.lines:
        by_number.setdefault(ln.number, []).append(ln.text)
    return ["　".join(v) for v in by_number.values()]


def _furniture(document, styles: Styles, numbering: Numbering, pages_of_sections: list[int]) -> list[FurnitureItem]:
    """Header and footer text of every section (first page, even and default ones), once each."""
    out: list[FurnitureItem] = []
    seen: set[tuple[str, str]] = set()
    for k, section in enumerate(document.sections):
        page = pages_of_sections[k] if k < len(pages_of_sections) else 1
        for kind, parts in (("running_header", ("first_page_header", "even_page_header", "header")),
                            ("running_footer", ("first_page_footer", "even_page_footer", "footer"))):
            for attr in parts:
                try:
                    hf = getattr(section, attr)
                    if hf.is_linked_to_previous:
                        continue   # no part of its own (the first section: none at all)
                    el = hf._element
                except Exception:   # a header part that is referenced but missing
                    continue
                for text in _part_lines(el, styles, numbering):
                    item_kind = "page_number" if PAGE_NUMBER_LEFTOVER.match(text) else kind
                    if (item_kind, text) in seen:
                        continue
                    seen.add((item_kind, text))
                    out.append(FurnitureItem(page=page, kind=item_kind, text=text))
    return out


def _notes(document, styles: Styles, numbering: Numbering) -> list[FurnitureItem]:
    """Footnotes and endnotes: printed at a page's foot or the document's end, kept as furniture."""
    from lxml import etree
    out = []
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(("/footnotes", "/endnotes")):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except Exception:
            continue
        kind = "footnote" if rel.reltype.endswith("/footnotes") else "endnote"
        for note in root:
            if _attr(note, "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            for text in _part_lines(note, styles, numbering):
                out.append(FurnitureItem(page=1, kind=kind, text=text))
    return out


# --------------------------------------------------------------------------- entry points

def is_docx(data: bytes) -> bool:
    """A zip holding word/document.xml (the content-sniffing test)."""
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.lower() == "word/document.xml" for n in z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SOFFICE_TIMEOUT_S = 180     # seconds LibreOffice may take to convert one .doc
MIN_DOC_BYTES = 1536        # bytes: an OLE2 header and the two sectors the smallest Word 97 file needs


def load_docx(raw: RawInput, settings: ParseSettings) -> SourceDoc:
    """Read a .docx into Lines with Word's paragraphs and print features."""
    name = raw.path or raw.name
    try:
        import docx  # python-docx: loads only when a Word file is met
    except ImportError:   # pragma: no cover - a declared dependency
        raise DocxBrokenError("reading Word files needs python-docx: pip install python-docx", file=name) from None
    try:
        document = docx.Document(io.BytesIO(raw.data))
        body = document.element.body
    except Exception as e:  # python-docx raises many kinds for a damaged package
        raise DocxBrokenError(f"not a readable Word file ({type(e).__name__}: {e})"[:300]
                              + ": the file is damaged or not a .docx at all", file=name) from None
    try:
        styles_el = document.styles.element
    except Exception:
        styles_el = None
    styles = Styles(styles_el)
    numbering_el = None
    try:
        numbering_el = document.part.numbering_part.element
    except Exception:   # no numbering part: no automatic numbers
        pass
    numbering = Numbering(numbering_el)
    rendered = body.find(f".//{LAST_RENDERED_BREAK}") is not None
    rd = Reader(styles, numbering, rendered_breaks=rendered)
    section_pages = [1]
    for el in _visible_children(body):
        _walk_one(el, rd)
        if el.tag == P and el.find(f"{_q('pPr')}/{_q('sectPr')}") is not None:
            section_pages.append(rd.page)
    _mark_gaps(rd)
    diagnostics: list[Diagnostic] = []
    furniture = _furniture(document, styles, numbering, section_pages) + _notes(document, styles, numbering)
    if rd.hidden_chars:
        diagnostics.append(Diagnostic("info", "docx.hidden_text", f"{rd.hidden_chars} characters are formatted as "
                                      "hidden in Word; they are read as text", None))
    if not rd.lines:
        from ..errors import EmptyInputError
        raise EmptyInputError("the Word file holds no text in its body", file=name)
    pages = max(ln.page for ln in rd.lines)
    return SourceDoc(raw=raw, kind="docx", lines=rd.lines, pages=pages, encoding=None, diagnostics=diagnostics,
                     furniture=furniture, layout="paragraphs")


# LibreOffice import filters to try, by what the file starts with: a damaged file then fails to load instead
# of being read as plain text (what LibreOffice does with a file no filter was named for)
OLE2_FILTERS = ("MS Word 97", "MS Word 95", "MS WinWord 6.0")
RTF_FILTERS = ("Rich Text Format",)


def convert_doc(raw: RawInput, settings: ParseSettings) -> bytes:
    """A Word 97-2003 .doc (or an RTF file) converted to .docx bytes by LibreOffice; `DocConversionError` when
    it cannot be."""
    name = raw.path or raw.name
    if raw.data[:8] == OLE2_MAGIC and len(raw.data) < MIN_DOC_BYTES:
        raise DocConversionError(f"the .doc is only {len(raw.data)} bytes: it is truncated or damaged and holds no "
                                 "document", file=name)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DocConversionError(
            "this is a Word 97-2003 .doc file; reading it needs LibreOffice (`soffice` on the PATH, e.g. "
            "`apt-get install libreoffice-writer`), or convert it yourself: "
            "`soffice --headless --convert-to docx FILE.doc` (or save it as .docx in Word)", file=name)
    filters = RTF_FILTERS if raw.data[:5] == b"{\\rtf" else OLE2_FILTERS
    last_error = ""
    with tempfile.TemporaryDirectory(prefix="kexie-doc-") as tmp:
        src = os.path.join(tmp, "input.doc")
        with open(src, "wb") as f:
            f.write(raw.data)
        profile = "file://" + os.path.join(tmp, "profile").replace(os.sep, "/")
        for k, import_filter in enumerate(filters):
            out_dir = os.path.join(tmp, f"out{k}")
            os.mkdir(out_dir)
            cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", f"--infilter={import_filter}",
                   "--convert-to", "docx", "--outdir", out_dir, src]
            try:
                run = subprocess.run(cmd, capture_output=True, timeout=SOFFICE_TIMEOUT_S, stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                raise DocConversionError(f"LibreOffice did not convert the .doc within {SOFFICE_TIMEOUT_S} s: "
                                         "convert it to .docx by hand", file=name) from None
            except OSError as e:
                raise DocConversionError(f"LibreOffice could not be started ({e}): convert the .doc to .docx "
                                         "by hand", file=name) from None
            target = os.path.join(out_dir, "input.docx")
            if run.returncode == 0 and os.path.exists(target):
                with open(target, "rb") as f:
                    return f.read()
            err = [ln for ln in (run.stderr or b"").decode("utf-8", "replace").splitlines()
                   if ln.strip() and "javaldx" not in ln]
            last_error = err[-1].strip()[:200] if err else last_error
    raise DocConversionError("LibreOffice could not convert the .doc" + (f" ({last_error})" if last_error else "")
                             + ": the file may be damaged; open it in Word and save it as .docx", file=name)


def load_doc(raw: RawInput, settings: ParseSettings) -> SourceDoc:
    """Read a Word 97-2003 .doc through LibreOffice's .docx conversion."""
    converted = RawInput(raw.name, convert_doc(raw, settings), path=raw.path)
    doc = load_docx(converted, settings)
    doc.raw, doc.kind = raw, "doc"
    doc.diagnostics.insert(0, Diagnostic("info", "docx.converted_from_doc",
                                         "a Word 97-2003 .doc, read through LibreOffice's conversion to .docx", None))
    return doc
