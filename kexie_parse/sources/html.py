"""HTML adapter: a web page holding a bulletin -> `Line`s, the site around it -> `furniture`.

A site publishes the issue inside its page template: navigation, breadcrumbs, a "发布时间/来源" line,
share links, a copyright footer, scripts. The page is parsed by a real HTML5 parser (selectolax's
lexbor) and walked in document order into lines: every block element (<p>, <h1>-<h6>, <div>, <li>,
<td>...) ends a line, <br> ends one too, a table row whose cells each hold one line is one line with a
segment per cell. The bulletin is the deepest element that holds nearly all of the page's prose (text in
blocks with Chinese sentence punctuation, link text not counted); every line outside it goes to
`furniture` as "boilerplate", so nothing is lost.

Layout cues: the tag (<h1>-<h6> are larger and bold), font-size, font-weight, <strong>/<b>,
text-align (centre, right), text-indent and typed leading blanks, from inline styles, the attributes
of old editors (align=, <center>, <font size=>) and the page's own <style> rules (tag, .class and
tag.class selectors). Charset: byte-order mark, <meta charset>, <meta http-equiv>, else sniffed like text.
"""
from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

import regex

from ..errors import EmptyInputError, EncodingError
from ..lines import Line
from ..model import FurnitureItem
from ..normalize import fold
from ..settings import ParseSettings
from . import RawInput, SourceDoc
from .segments import breaks_line, split_segments

# a charset a page declares in its head: <meta charset="gbk">, content="text/html; charset=gb2312"
META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
# an XML declaration's encoding (XHTML pages)
XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,200}encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""", re.I)
# a Han character
HAN = regex.compile(r"\p{Han}")
# punctuation only running prose holds: a block with it is the bulletin's text, not site furniture
PROSE_MARK = regex.compile(r"[。，；！？]")
# CSS rules of the page's <style>: selector list { declarations }
CSS_RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")
# the last compound selector of a CSS selector: tag, .class or tag.class
CSS_COMPOUND = re.compile(r"^(?P<tag>[a-zA-Z][a-zA-Z0-9]*)?(?P<classes>(?:\.[\w-]+)*)$")
# a CSS length: number and unit
CSS_LENGTH = re.compile(r"^\s*(-?[\d.]+)\s*(px|pt|em|rem|%|)?\s*$", re.I)
# runs of ASCII white space, which HTML shows as one space (ideographic and no-break spaces stay)
HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
# leading blanks typed to indent a paragraph by hand (&nbsp; and ideographic spaces survive HTML's collapsing)
LEADING_BLANKS = regex.compile(r"^[ \u3000\xa0]+")

PROSE_SHARE = 0.9           # the bulletin's element holds at least this share of the page's prose characters
DEFAULT_PX = 16.0           # px: a browser's default font size
PT_PER_PX = 0.75            # points per CSS pixel
NBSP_EM = 0.5               # em: a no-break space typed to indent
BREAK = "\n"                # the piece a <br> leaves in a line being gathered
# font-size of headings relative to their parent, as browsers' default style sheet sets them
HEADING_EM = {"h1": 2.0, "h2": 1.5, "h3": 1.17, "h4": 1.0, "h5": 0.83, "h6": 0.67}
# <font size=1..7> in px
FONT_SIZE_PX = {1: 10.0, 2: 13.0, 3: 16.0, 4: 18.0, 5: 24.0, 6: 32.0, 7: 48.0}
# CSS font-size keywords in px
FONT_SIZE_KEYWORDS = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0,
                      "x-large": 24.0, "xx-large": 32.0}

BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tbody thead tfoot tr td th caption section "
                       "article header footer nav aside main blockquote pre form center hr figure figcaption address "
                       "fieldset legend details summary body html".split())
# elements whose text is never shown
INVISIBLE_TAGS = frozenset("script style noscript template head title meta link iframe object embed svg math "
                           "select option button input textarea canvas audio video source map".split())
BOLD_TAGS = frozenset("b strong h1 h2 h3 h4 h5 h6 th".split())
ALIGN_MAP = {"center": "center", "middle": "center", "right": "right", "end": "right", "left": None, "start": None,
             "justify": None}


def _norm_charset(name: str) -> Optional[str]:
    name = name.strip().lower()
    if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "hz-gb-2312"):
        return "gb18030"
    if name in ("big5", "big5-hkscs", "x-x-big5", "cn-big5"):
        return "big5hkscs"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Text of a page and the encoding read: BOM, declared charset (when the bytes agree), else sniffed."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError:
                break
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:   # UTF-16 without a BOM
        from .text import decode
        return decode(data, name)
    m = XML_ENCODING.match(head) or META_CHARSET.search(head)
    declared = _norm_charset(m.group(1).decode("ascii", "replace")) if m else None
    latin = declared in ("latin-1", "iso8859-1", "cp1252", "ascii")
    if declared and not (latin and re.search(rb"[\x80-\xff]", data)):
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass   # the declaration lies: sniff as for text
    from .text import decode
    try:
        return decode(data, name)
    except EncodingError:
        raise EncodingError("the web page's text is in no encoding a Chinese archive holds (it declares "
                            f"{m.group(1).decode('ascii', 'replace') if m else 'no charset'})", file=name) from None


# --------------------------------------------------------------------------- style

@dataclass
class Look:
    """What a block or run of text looks like, inherited down the tree."""

    px: float = DEFAULT_PX
    """Font size in CSS pixels."""
    bold: bool = False
    """Bold face."""
    align: Optional[str] = None
    """"center", "right" or None (left, justified)."""
    indent_em: float = 0.0
    """First-line indent (text-indent) in em."""


def _declarations(text: str) -> dict[str, str]:
    out = {}
    for decl in text.split(";"):
        if ":" in decl:
            k, v = decl.split(":", 1)
            out[k.strip().lower()] = v.strip().lower().replace("!important", "").strip()
    return out


class StyleSheet:
    """The page's simple CSS rules by tag, class and tag.class (later rules win, as in CSS)."""

    def __init__(self, css: str) -> None:
        self.rules: list[tuple[Optional[str], frozenset, dict[str, str]]] = []
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        for selectors, body in CSS_RULE.findall(css):
            decls = {k: v for k, v in _declarations(body).items()
                     if k in ("text-align", "text-indent", "font-size", "font-weight", "font", "display")}
            if not decls:
                continue
            for sel in selectors.split(","):
                last = sel.strip().split()[-1] if sel.strip() else ""
                last = re.sub(r":[\w-]+(?:\([^)]*\))?", "", last)   # pseudo-classes
                m = CSS_COMPOUND.match(last.split(">")[-1])
                if m and (m.group("tag") or m.group("classes")):
                    classes = frozenset(c for c in m.group("classes").split(".") if c)
                    self.rules.append((m.group("tag") and m.group("tag").lower(), classes, decls))

    def for_element(self, tag: str, classes: frozenset) -> dict[str, str]:
        """Declarations of the rules that match, tag rules first, then class rules (more specific)."""
        out: dict[str, str] = {}
        for want_classes in (False, True):
            for rtag, rclasses, decls in self.rules:
                if bool(rclasses) != want_classes:
                    continue
                if (rtag is None or rtag == tag) and rclasses <= classes:
                    out.update(decls)
        return out


def _length_px(value: str, parent_px: float) -> Optional[float]:
    m = CSS_LENGTH.match(value)
    if not m:
        return FONT_SIZE_KEYWORDS.get(value.strip())
    n, unit = float(m.group(1)), (m.group(2) or "px").lower()
    return {"px": n, "pt": n / PT_PER_PX, "em": n * parent_px, "rem": n * DEFAULT_PX, "%": n * parent_px / 100}[unit]


def _look_of(node, tag: str, parent: Look, sheet: StyleSheet) -> Look:
    attrs = node.attributes
    classes = frozenset((attrs.get("class") or "").split())
    decls = sheet.for_element(tag, classes)
    decls.update(_declarations(attrs.get("style") or ""))
    look = Look(parent.px, parent.bold, parent.align, parent.indent_em)
    if tag in HEADING_EM:
        look.px = parent.px * HEADING_EM[tag]
    if tag == "font" and (attrs.get("size") or "").strip().isdigit():
        look.px = FONT_SIZE_PX.get(int(attrs["size"].strip()), look.px)
    if tag in BOLD_TAGS:
        look.bold = True
    if tag == "center":
        look.align = "center"
    align_attr = (attrs.get("align") or "").lower()
    if align_attr in ALIGN_MAP and tag in BLOCK_TAGS:
        look.align = ALIGN_MAP[align_attr]
    if "font-size" in decls:
        look.px = _length_px(decls["font-size"], parent.px) or look.px
    weight = decls.get("font-weight")
    if weight:
        look.bold = weight in ("bold", "bolder") or weight.isdigit() and int(weight) >= 600
    if "text-align" in decls:
        look.align = ALIGN_MAP.get(decls["text-align"], None)
    if "text-indent" in decls:
        px = _length_px(decls["text-indent"], look.px)
        look.indent_em = (px / look.px) if px is not None and look.px else 0.0
    return look


# --------------------------------------------------------------------------- the walk

@dataclass
class Draft:
    """A line being gathered: styled pieces, the block it belongs to, the element chain it sits in."""

    pieces: list[tuple[str, Look]] = field(default_factory=list)
    block: Look = field(default_factory=Look)
    inside: bool = False
    """Inside the bulletin's element."""
    pre: bool = False


@dataclass
class PageLines:
    """Lines of a page in order, each with whether it lies inside the bulletin's element."""

    lines: list[tuple[Line, bool]] = field(default_factory=list)
    number: int = 0
    blank: int = 0
    pre_lines: int = 0


class Walker:
    """Walks the parsed page into lines."""

    def __init__(self, sheet: StyleSheet, content) -> None:
        self.sheet = sheet
        self.content = content
        self.out = PageLines()
        self.draft: Optional[Draft] = None

    # -- lines
    def _flush(self, blank_if_empty: bool = False) -> None:
        d = self.draft
        self.draft = None
        if d is None:
            if blank_if_empty:
                self.out.blank += 1
            return
        if d.pre:
            raw = "".join(t for t, _ in d.pieces)
            if not raw.strip(" \u3000\xa0\t\n"):
                self.out.blank += 1
                return
            self._emit(raw, d.pieces, d.block, d.inside, pre=True)
            return
        # lines a <br> separated: joined again where the break only wraps one unit (breaks_line)
        groups: list[list] = [[]]
        for piece in d.pieces:
            if piece[0] == BREAK:
                groups.append([])
            else:
                groups[-1].append(piece)
        lines: list[list] = []
        blank_before: list[int] = []
        blanks = 0
        for g in groups:
            text = "".join(t for t, _ in g).strip(" ")
            if not text.strip(" \u3000\xa0\t\n"):
                blanks += 1 if lines else 0
                continue
            if lines and not blanks and _same_look(lines[-1], g) \
                    and not breaks_line("".join(t for t, _ in lines[-1]), "".join(t for t, _ in g)):
                lines[-1].extend(g)
                continue
            lines.append(list(g))
            blank_before.append(blanks)
            blanks = 0
        if not lines:
            if blank_if_empty or d.pieces:
                self.out.blank += 1
            return
        for k, (g, blank) in enumerate(zip(lines, blank_before)):
            if k:
                self.out.blank += blank
            self._emit("".join(t for t, _ in g).strip(" "), g, d.block, d.inside)
        self.out.blank += blanks

    def _emit(self, raw: str, pieces: list, block: Look, inside: bool, pre: bool = False, row: bool = False) -> None:
        counts: Counter = Counter()
        for t, look in pieces:
            n = len(t.strip())
            if n:
                counts[(round(look.px * PT_PER_PX, 2), look.bold)] += n
        (size, bold) = counts.most_common(1)[0][0] if counts else (round(block.px * PT_PER_PX, 2), block.bold)
        lead = LEADING_BLANKS.match(raw)
        typed = sum(1.0 if ch == "\u3000" else NBSP_EM for ch in lead.group(0)) if lead else 0.0
        segments = [raw] if row else split_segments(raw)
        self.out.number += 1
        made = []
        for seg in segments:
            text = fold(seg).strip()
            if text:
                made.append(Line(text=text, page=1, number=self.out.number, size=size, font="bold" if bold else "",
                                 ))
        for s, ln in enumerate(made):
            if len(made) > 1:
                ln.segment = s + 1
            else:
                ln.centered = block.align == "center"
            if s == 0:
                ln.blank_before = self.out.blank
                ln.indent = max(0.0, block.indent_em) + typed
                ln.gap_before = True if self.out.blank else None
            self.out.lines.append((ln, inside))
        if made:
            self.out.blank = 0
            if pre:
                self.out.pre_lines += 1

    def _add_text(self, text: str, look: Look, block: Look, inside: bool, pre: bool) -> None:
        if not pre:
            text = HTML_SPACE.sub(" ", text)
            if self.draft is None and not text.strip(" "):
                return
        if self.draft is None:
            self.draft = Draft(block=block, inside=inside, pre=pre)
        if pre and "\n" in text:
            first, *rest = text.split("\n")
            self.draft.pieces.append((first, look))
            for part in rest:
                self._flush(blank_if_empty=True)
                self.draft = Draft(block=block, inside=inside, pre=True)
                self.draft.pieces.append((part, look))
            return
        self.draft.pieces.append((text, look))

    # -- tree
    def walk(self, node, look: Look, block: Look, inside: bool, pre: bool = False) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self._add_text(child.text_content or "", look, block, inside, pre)
                continue
            if tag in ("-comment", "-doctype") or tag in INVISIBLE_TAGS or not isinstance(tag, str):
                continue
            tag = tag.lower()
            here = inside or child.mem_id == self.content.mem_id
            if child.attributes.get("hidden") is not None:
                continue
            child_look = _look_of(child, tag, look, self.sheet)
            if "display:none" in (child.attributes.get("style") or "").replace(" ", "").lower():
                continue
            if tag == "br":
                if self.draft is None:
                    self.out.blank += 1
                elif pre:
                    self._flush()
                else:
                    self.draft.pieces.append((BREAK, look))   # decided at the end of the block
                continue
            if tag == "hr":
                self._flush()
                continue
            if tag == "img":
                continue
            if tag == "tr":
                self._flush()
                self._row(child, child_look, here)
                continue
            if tag == "a" and not here and self.draft is not None and self.draft.pieces \
                    and not self.draft.pieces[-1][0].endswith((" ", "\u3000")):
                self.draft.pieces.append((" ", look))   # site menus: links side by side, each a box of its own
            if tag in BLOCK_TAGS:
                self._flush()
                self.walk(child, child_look, child_look, here, pre or tag == "pre")
                self._flush(blank_if_empty=tag == "p" and not _has_element(child))
                continue
            self.walk(child, child_look, block, here, pre)

    def _row(self, tr, look: Look, inside: bool) -> None:
        """A table row: cells of one line each make one line with a segment per cell; others line by line."""
        cells = [c for c in tr.iter() if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        sub_lines = []
        for cell in cells:
            sub = Walker(self.sheet, self.content)
            cell_inside = inside or cell.mem_id == self.content.mem_id
            cell_look = _look_of(cell, cell.tag.lower(), look, self.sheet)
            sub.walk(cell, cell_look, cell_look, cell_inside)
            sub._flush()
            sub_lines.append(sub.out.lines)
        filled = [ls for ls in sub_lines if ls]
        if len(filled) >= 2 and all(len({ln.number for ln, _ in ls}) == 1 for ls in filled):
            self.out.number += 1
            for s, ls in enumerate(filled):
                for ln, ins in ls:
                    ln.number = self.out.number
                    ln.centered = False
                    if s or ln is not ls[0][0]:
                        ln.blank_before, ln.indent, ln.gap_before = 0, None, None
                    else:
                        ln.blank_before = self.out.blank
                    self.out.lines.append((ln, ins))
            _renumber_segments([ln for ls in filled for ln, _ in ls])
            self.out.blank = 0
            return
        for ls in sub_lines:
            base = self.out.number
            seen: dict[int, int] = {}
            for ln, ins in ls:
                if ln.number not in seen:
                    seen[ln.number] = base + len(seen) + 1
                ln.number = seen[ln.number]
                self.out.lines.append((ln, ins))
            self.out.number = base + len(seen)


def _same_look(a: list, b: list) -> bool:
    """Two parts of a block printed alike (size, weight): a title in <strong> over a body line is not."""
    def look(pieces: list) -> tuple:
        counts: Counter = Counter()
        for t, lk in pieces:
            counts[(round(lk.px, 1), lk.bold)] += len(t.strip())
        return counts.most_common(1)[0][0] if counts else None
    return look(a) == look(b)


def _renumber_segments(lines: list[Line]) -> None:
    for k, ln in enumerate(lines, start=1):
        ln.segment = k


def _has_element(node) -> bool:
    return any(isinstance(c.tag, str) and c.tag not in ("-text", "-comment") for c in node.iter())


# --------------------------------------------------------------------------- the bulletin's element

def _prose_counts(root) -> dict[int, int]:
    """mem_id -> prose characters (Han characters of blocks holding sentence punctuation, links left out)
    under the element."""
    counts: dict[int, int] = {}

    def visit(node, in_link: bool) -> tuple[int, str]:
        """(prose under node, text of the node's current block not yet counted)."""
        total = 0
        pending: list[str] = []
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                if not in_link:
                    pending.append(child.text_content or "")
                continue
            if not isinstance(tag, str) or tag.startswith("-") or tag.lower() in INVISIBLE_TAGS:
                continue
            t = tag.lower()
            sub_total, sub_pending = visit(child, in_link or t == "a")
            total += sub_total
            if t in BLOCK_TAGS or t == "br":
                total += _prose("".join(pending))
                pending = []
                total += _prose(sub_pending)
            else:
                pending.append(sub_pending)
        if node.tag and node.tag.lower() in BLOCK_TAGS:
            total += _prose("".join(pending))
            pending = []
        counts[node.mem_id] = total
        return total, "".join(pending)

    visit(root, False)
    return counts


def _prose(text: str) -> int:
    return len(HAN.findall(text)) if PROSE_MARK.search(text) else 0


def find_content(body):
    """The deepest element holding at least PROSE_SHARE of the page's prose; the body when none is."""
    counts = _prose_counts(body)
    total = counts.get(body.mem_id, 0)
    if total == 0:
        return body
    node = body
    while True:
        best = None
        for child in node.iter():
            if isinstance(child.tag, str) and not child.tag.startswith("-") and \
                    counts.get(child.mem_id, 0) >= PROSE_SHARE * total:
                best = child
                break
        if best is None:
            return node
        node = best


# --------------------------------------------------------------------------- entry point

def load_html(raw: RawInput, settings: ParseSettings) -> SourceDoc:
    """Read a web page into the bulletin's Lines and the site's furniture."""
    name = raw.path or raw.name
    if raw.text is not None:
        text, enc = raw.text, "utf-8"
    else:
        text, enc = decode_html(raw.data, name)
    from selectolax.lexbor import LexborHTMLParser  # selectolax loads only when a web page is met
    tree = LexborHTMLParser(text)
    css = "\n".join(n.text(deep=True) or "" for n in tree.css("style"))
    sheet = StyleSheet(css)
    body = tree.body or tree.root
    if body is None:
        raise EmptyInputError("the web page holds no text", file=name)
    content = find_content(body)
    walker = Walker(sheet, content)
    base = _look_of(body, "body", Look(), sheet)
    walker.walk(body, base, base, content.mem_id == body.mem_id)
    walker._flush()
    lines = [ln for ln, inside in walker.out.lines if inside]
    furniture = [FurnitureItem(page=1, kind="boilerplate", text=ln.text, line=ln.number)
                 for ln, inside in walker.out.lines if not inside]
    title = tree.css_first("title")
    if title is not None and (title.text(deep=True) or "").strip():
        furniture.insert(0, FurnitureItem(page=1, kind="boilerplate", text=fold(title.text(deep=True)).strip()))
    if not lines:
        raise EmptyInputError("the web page holds no text", file=name)
    _fix_blank_numbers(lines)
    layout = "text" if walker.out.pre_lines > len(lines) // 2 else "paragraphs"
    return SourceDoc(raw=raw, kind="html", lines=lines, pages=1, encoding=enc, furniture=furniture, layout=layout)


def _fix_blank_numbers(lines: list[Line]) -> None:
    """The first line of the bulletin has no space before it (site text stood there)."""
    if lines:
        lines[0].blank_before = 0
        lines[0].gap_before = None
