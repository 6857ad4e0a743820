"""Blocks stage: rejoin lines into paragraphs across hard wraps and page breaks.

Three layouts reach this stage:
- "blocks": a converter gave one block per paragraph (long lines); only paragraphs that a page break
  split in two are rejoined: a block that stops mid-sentence continues in the next one;
- "wrapped": `pdftotext` hard-wrapped every ~30 characters; a line that reaches the right margin
  continues on the next line, a short one ends its paragraph, an indented one starts a new one;
- "pdf": the same rule with measured positions (see sources/pdf.py);
- "paragraphs": the source marked every paragraph (Word, HTML): each line is a block of its own.
The colophon is found here, at line level, because its lines must never be joined.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional

import regex

from ..lines import Line
from ..normalize import ends_sentence, tidy, unquoted, width
from ..rules.attribution import WHOLE_BRACKET
from ..rules.colophon import COLOPHON_LABEL_START, PRINT_COUNT
from ..rules.editor_note import EDITOR_NOTE
from ..rules.section import match_section_marker
from ..rules.toc import TOC_HEADING, TOC_BULLET, leaders_at_end
from ..rules.subheading import SUBHEADING
from ..rules.title import title_shape

# punctuation that only occurs inside running prose, never in a title or a masthead line
PROSE_PUNCT = regex.compile(r"[，。；！？]")


@dataclass
class Block:
    """A paragraph candidate: one or more lines read as one unit."""

    lines: list[Line]
    text: str
    gap_before: Optional[bool] = None
    """Extra space (a blank line, a vertical gap) before it; None where the layout cannot tell."""
    hint: Optional[str] = None
    """"colophon" for lines of the colophon region."""

    @property
    def first(self) -> int:
        return self.lines[0].number

    @property
    def last(self) -> int:
        return self.lines[-1].number

    @property
    def pages(self) -> list[int]:
        return sorted({ln.page for ln in self.lines})

    @property
    def page(self) -> int:
        return self.lines[0].page

    def head(self) -> Line:
        return self.lines[0]


@dataclass
class Blocks:
    """The blocks of one issue, and how its text was laid out ("blocks", "wrapped", "pdf")."""

    blocks: list[Block]
    layout: str
    full_width: float = 0.0


def detect_layout(lines: list[Line]) -> tuple[str, float]:
    """"blocks" when paragraphs are unwrapped long lines, else "wrapped"; and the full line width in em."""
    widths = sorted(width(ln.text) for ln in lines)
    if not widths:
        return "blocks", 0.0
    p90 = widths[int(0.9 * (len(widths) - 1))]
    spaced = sum(1 for ln in lines[1:] if ln.blank_before) / max(1, len(lines) - 1)
    if p90 > 40 or p90 < 16 or spaced >= 0.6:
        return "blocks", p90   # long unwrapped paragraphs, or every line a block of its own
    return "wrapped", full_width(widths)


def full_width(widths: list[float]) -> float:
    """The width of a full line. Justified text packs full lines alike (a peak at F), and a paragraph's
    first line is one indent shorter (a peak at F - 2). The tallest peak among the long lines is one of
    the two: it is F - 2 when a real peak stands 2 em beyond it (bulletins of short paragraphs), else F."""
    counts = Counter(round(w * 2) / 2 for w in widths if w >= 16)
    if not counts:
        return widths[-1]

    def near(x: float) -> int:
        return sum(n for w, n in counts.items() if abs(w - x) <= 0.75)

    long_ones = sorted(w for w in widths if w >= 16)
    top = long_ones[int(0.75 * (len(long_ones) - 1))]   # full lines are among the longest
    peak = max((f for f in counts if f >= top - 2.5), key=lambda f: (counts[f], near(f), f))
    if near(peak + INDENT_EM) >= max(2, 0.15 * near(peak)):
        peak = peak + INDENT_EM
    return peak if near(peak) + near(peak - INDENT_EM) >= 3 else widths[int(0.95 * (len(widths) - 1))]


# the closing half of a bracketed mark printed over two lines: "通讯员：鞠晓萌）"
MARK_TAIL = regex.compile(r"^[^（()]{1,40}[）)]$")


def colophon_start(lines: list[Line]) -> tuple[int, list[int]]:
    """Index of the first colophon line (labelled lines and their continuations at the end), or len(lines);
    and the indices of mark tails that extraction put after the colophon (to be given back to their mark)."""
    i = len(lines)
    start = len(lines)
    strays: list[int] = []
    while i > 0:
        ln = lines[i - 1]
        t = ln.text
        # a labelled line that ends a sentence is prose ("联系人：区科协办公室某某。" closing a notice)
        labelled = bool(COLOPHON_LABEL_START.match(t) or PRINT_COUNT.match(t)) and not ends_sentence(t)
        continuation = (not labelled and width(t) <= 44 and not ends_sentence(t.rstrip("）)"))
                        and not WHOLE_BRACKET.match(t) and not MARK_TAIL.match(t) and not match_section_marker(t))
        if labelled:
            start = i - 1
        elif start == len(lines) and MARK_TAIL.match(t) and len(strays) < 2:
            strays.append(i - 1)   # reading order put the end of a right-aligned mark last
        elif not continuation:
            break
        i -= 1
    if start == len(lines):
        return start, []
    return start, sorted(strays)


def starts_unit(ln: Line, prev_text: str) -> bool:
    """A line that begins a new unit whatever the previous line looks like."""
    t = ln.text
    if match_section_marker(t) or TOC_HEADING.match(t) or TOC_BULLET.match(t) or EDITOR_NOTE.match(t):
        return True
    if COLOPHON_LABEL_START.match(t) and width(prev_text) < 44:
        return True
    if ends_sentence(prev_text) and (SUBHEADING.match(t) or WHOLE_BRACKET.match(t)):
        return True
    return False


def _make(lines: list[Line], gap: Optional[bool]) -> Block:
    """A block of lines; its text is the lines joined without a separator (Chinese wraps anywhere)."""
    return Block(lines=lines, text=tidy("".join(ln.text.strip() for ln in lines)), gap_before=gap)


def build_blocks(lines: list[Line], layout: Optional[str] = None) -> Blocks:
    """Group clean lines into blocks."""
    if not lines:
        return Blocks([], layout or "blocks")
    detected, full = detect_layout(lines)
    layout = layout or detected
    cut, strays = colophon_start(lines)
    stray_lines = [lines[k] for k in strays]
    body, tail = lines[:cut], [ln for k, ln in enumerate(lines[cut:], start=cut) if k not in strays]
    if layout == "blocks":
        blocks = _blocks_mode(body)
    elif layout == "paragraphs":
        blocks = [_make([ln], ln.gap_before) for ln in body]
    else:
        blocks = _wrapped_mode(body, full, layout)
    blocks = _close_brackets(blocks)
    blocks = _give_back(blocks, stray_lines)
    for ln in tail:
        # colophon lines keep their spaces: "编辑：张三　李四" names two people
        blocks.append(Block(lines=[ln], text=regex.sub(r"[ \t]+", " ", ln.text.strip()), gap_before=None,
                            hint="colophon"))
    return Blocks(blocks, layout, full)


def _give_back(blocks: list[Block], strays: list[Line]) -> list[Block]:
    """Mark tails found after the colophon join the last block that left a bracket open."""
    for ln in strays:
        k = next((k for k in range(len(blocks) - 1, -1, -1) if _open_brackets(blocks[k].text) > 0), None)
        if k is None:
            blocks.append(_make([ln], None))
        else:
            blocks[k] = _make(blocks[k].lines + [ln], blocks[k].gap_before)
    return blocks


def _open_brackets(text: str) -> int:
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def _close_brackets(blocks: list[Block]) -> list[Block]:
    """A bracket left open at the end of a block closes within the next few short blocks: one mark printed
    over two or three lines ("…（供稿：X", "通", "讯员：Y）" as pdftotext may give it)."""
    out: list[Block] = []
    k = 0
    while k < len(blocks):
        b = blocks[k]
        if _open_brackets(b.text) > 0 and regex.search(r"[（(][^）)]*$", b.text):
            pieces = []
            for nxt in blocks[k + 1:k + 4]:
                if width(nxt.text) > 40 or regex.search(r"[（(]", nxt.text):
                    break
                pieces.append(nxt)
                if regex.search(r"[）)]\s*$", nxt.text):
                    break
            if pieces and regex.search(r"[）)]\s*$", pieces[-1].text):
                out.append(_make(b.lines + [ln for p in pieces for ln in p.lines], b.gap_before))
                k += 1 + len(pieces)
                continue
        out.append(b)
        k += 1
    return out


def _gap(ln: Line, layout: str) -> Optional[bool]:
    if ln.gap_before is not None:
        return ln.gap_before
    if layout == "blocks":
        return None
    if ln.page_start:
        return None
    return ln.blank_before > 0


def _blocks_mode(lines: list[Line]) -> list[Block]:
    """One block per line; a block that stops mid-sentence at a page break continues in the next."""
    blocks: list[Block] = []
    run: list[Line] = []
    run_state = _RunState()

    def flush() -> None:
        if run:
            blocks.append(_make(list(run), _gap(run[0], "blocks")))

    for ln in lines:
        if run and run_state.continues(ln):
            run.append(ln)
            run_state.add(ln)
            continue
        flush()
        run = [ln]
        run_state = _RunState(ln)
    flush()
    return blocks


# how a news article opens with its date: "4月28日，", "2023年5月", "近日，", "日前，"
DATED_OPENING = regex.compile(r"^\s*(?:\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*年\s*\d{1,2}\s*月|近日|日前|近期)")
MIN_FRAGMENT_WIDTH = 15.0   # em: the part of a paragraph left before a page break is at least most of a line


class _RunState:
    """What the fragment rule needs of a growing block, kept up to date line by line (linear time)."""

    def __init__(self, first: Optional[Line] = None) -> None:
        self.first_text = tidy(first.text) if first else ""
        self.last = first
        self.last_text = self.first_text
        self.width = width(self.first_text)
        self.prose_before_end = bool(PROSE_PUNCT.search(unquoted(self.first_text)[:-1]))
        self.full_stop = "。" in self.first_text

    def add(self, ln: Line) -> None:
        t = tidy(ln.text)
        self.prose_before_end = self.prose_before_end or bool(PROSE_PUNCT.search(unquoted(self.last_text))) \
            or bool(PROSE_PUNCT.search(unquoted(t)[:-1]))
        self.last, self.last_text = ln, t
        self.width += width(t)
        self.full_stop = self.full_stop or "。" in t

    def continues(self, ln: Line) -> bool:
        t = self.last_text
        if ends_sentence(t) or t.endswith(("：", ":")) or ln.segment or self.last.segment:
            return False
        if self.last is not None and SUBHEADING.match(self.first_text) and self.width <= 32:
            return False   # "一、加强组织建设，夯实服务基础" is a subheading, not a cut paragraph
        if starts_unit(ln, t) or regex.match(r"^——", ln.text) or WHOLE_BRACKET.match(ln.text):
            return False
        if ln.blank_before > 1 and not ln.page_start:
            return False
        if self.width <= 40 and not self.full_stop and DATED_OPENING.match(ln.text):
            return False   # "…交流会召开，十二家学会作典型发言" then "4月28日，…": a comma title over its first paragraph
        # prose punctuation inside (a page holds at least one full line of it), or longer than any title
        return self.prose_before_end and self.width >= MIN_FRAGMENT_WIDTH or self.width >= 48


def _wrapped_mode(lines: list[Line], full: float, layout: str) -> list[Block]:
    """Join hard-wrapped lines: a line reaching the right margin continues on the next line."""
    indents = [ln.indent for ln in lines if ln.indent is not None]
    shows_indent = bool(indents) and sum(1 for x in indents if x and x >= 1.5) >= max(3, len(indents) // 20)
    blocks: list[Block] = []
    cur: list[Line] = []
    gap: Optional[bool] = None

    def flush() -> None:
        if cur:
            blocks.append(_make(list(cur), gap))

    for ln in lines:
        if cur and _continues_line(cur[-1], ln, full, shows_indent, first=len(cur) == 1):
            cur.append(ln)
            continue
        flush()
        cur, gap = [ln], _gap(ln, layout)
    flush()
    return blocks


# slack a full line may fall short of the full width, in em; a paragraph's first line is indented 2 em more
FULL_SLACK = 1.3
INDENT_EM = 2.0


def is_full(ln: Line, full: float, first: bool = False) -> bool:
    """The line reaches the right margin, so its paragraph goes on."""
    if ln.fill is not None:
        return ln.fill >= 0.93
    return width(ln.text) >= full - FULL_SLACK - (INDENT_EM if first else 0.0)


def looks_indented(ln: Line, full: float) -> bool:
    """A line about one indent short of full: the first line of a paragraph whose indent was lost."""
    w = width(ln.text)
    return full - INDENT_EM - FULL_SLACK <= w <= full - FULL_SLACK + 0.55


def _continues_line(prev: Line, ln: Line, full: float, shows_indent: bool, first: bool = False) -> bool:
    if prev.segment or ln.segment:
        return False
    if not ln.page_start and (ln.gap_before or ln.blank_before):
        return False   # space before the line (a page top says nothing: furniture stood there)
    if leaders_at_end(prev.text) or starts_unit(ln, prev.text):
        return False
    if shows_indent and ln.indent is not None and ln.indent >= 1.5:
        return False   # an indented line starts a paragraph (or is centred: a title, a mark)
    if not is_full(prev, full, first):
        return False
    if prev.text.endswith(("：", ":", "；", ";")) and not is_full(ln, full) and ends_sentence(ln.text):
        return False   # a list line after "…如下：" or after another list line
    if ends_sentence(prev.text) and not is_full(ln, full) and title_shape(ln.text):
        return False   # a sentence closed at the margin, then a short title-shaped line: a new unit
    if not shows_indent and ln.fill is None and ends_sentence(prev.text) and looks_indented(ln, full):
        return False   # a full line closing a sentence, then an indented-width line: a new paragraph
    return True
