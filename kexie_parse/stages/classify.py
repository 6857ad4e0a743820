"""Classify stage: label every block (masthead, toc, section, title, subtitle, editor_note, body,
attribution, colophon) by running an ordered table of named rules over one shared state.

`RULES` is the table: each rule reads the blocks from `state.pos` on, appends labelled items and moves
`state.pos`; the order is the order of an issue: masthead zone -> table of contents -> body (section
markers, titles, subtitles, editor's notes, attributions, paragraphs) -> colophon (found at line level
by the blocks stage).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable, Optional

import regex

from ..model import Masthead
from ..normalize import ends_sentence, squash, width
from ..rules.attribution import WHOLE_BRACKET, read_mark
from ..rules.editor_note import EDITOR_NOTE
from ..rules.masthead import CLASSIFICATION_MARK, MastheadReader, is_field_line, parse_date
from ..rules.section import find_section_markers, marker_form, match_section_marker
from ..rules.title import SUBTITLE, continues_title, decide_titles, title_shape
from ..rules.toc import TOC_BULLET, TOC_HEADING, is_entry_line, leaders_at_end, strip_entry
from .blocks import Block


class Label(str, Enum):
    """What a block is."""

    MASTHEAD = "masthead"
    TOC_HEADING = "toc_heading"
    TOC_ENTRY = "toc_entry"
    SECTION = "section"
    TITLE = "title"
    SUBTITLE = "subtitle"
    EDITOR_NOTE = "editor_note"
    ATTRIBUTION = "attribution"
    BODY = "body"
    COLOPHON = "colophon"


@dataclass
class Labelled:
    """A block with its label and, for some labels, a value (section name, joined title)."""

    label: Label
    block: Block
    value: Optional[str] = None
    extra: list[Block] = field(default_factory=list)
    """Further blocks folded into this one (the second line of a two-line title)."""


@dataclass
class Classified:
    """The labelled blocks of one issue, its masthead and the titles its TOC names."""

    items: list[Labelled]
    masthead: Masthead
    masthead_printed: list[str]
    toc_titles: set[str]


@dataclass
class ClassifyState:
    """What the rules share: the blocks, where reading stands, and what was found so far."""

    blocks: list[Block]
    layout: str
    body_end: int
    """Index of the first colophon block (or len(blocks))."""
    pos: int = 0
    items: list[Labelled] = field(default_factory=list)
    reader: MastheadReader = field(default_factory=MastheadReader)
    toc_titles: set[str] = field(default_factory=set)
    marker_keys: Counter = field(default_factory=Counter)
    """How often each marker form (bracket, glyph, letter spacing, numbering) is printed in the issue."""
    later_texts: dict[str, int] = field(default_factory=dict)
    """Whitespace-free text of every body block (and of two blocks read as one) -> last index: what a
    TOC entry may name."""

    def names_later(self, k: int) -> bool:
        """Block k names a block printed after it (a TOC entry naming a title or a section)."""
        text = strip_entry(self.blocks[k].text)[0]
        key = squash(text)
        return len(key) >= 4 and not _is_prose(text) and self.later_texts.get(key, -1) > k


Rule = Callable[[ClassifyState], None]

# most blocks a masthead zone may hold (title, marks, issue, total, issuer, date, topic lines, site lines)
MAX_MASTHEAD_BLOCKS = 16
# a masthead title is set at least this much larger than the body (where the source shows sizes)
TITLE_SIZE_RATIO = 1.2
# the article title lines a masthead zone gives back to the body when prose follows them
MAX_TITLE_LINES = 2


def _printed(b: Block) -> str:
    """A one-line block as printed (letter spacing kept: 学 会 动 态), else the block's text."""
    return b.lines[0].text if len(b.lines) == 1 else b.text


def _index_texts(blocks: list[Block], end: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for k in range(end):
        t = squash(blocks[k].text)
        out[t] = k
        form = marker_form(_printed(blocks[k]))
        if form:
            out[squash(form.name)] = k
        if k + 1 < end:
            out[t + squash(blocks[k + 1].text)] = k
    return out


def _is_prose(text: str) -> bool:
    """Running text: a sentence closes in it, or it is longer than any heading and holds a comma."""
    return bool(regex.search(r"[。！？；]", text)) or (width(text) > 40 and bool(regex.search(r"[，,]", text)))


def _toc_starts(state: ClassifyState, k: int) -> bool:
    b = state.blocks
    t = b[k].text
    if TOC_HEADING.match(t):
        return True
    two_entries = k + 1 < state.body_end and is_entry_line(t) and is_entry_line(b[k + 1].text) \
        and TOC_BULLET.match(t) is not None
    heading_over_entries = TOC_HEADING_SHAPE.match(t) is not None and k + 2 < state.body_end \
        and state.names_later(k + 1) and state.names_later(k + 2) and not state.names_later(k)
    return two_entries or heading_over_entries or (state.names_later(k) and k + 1 < state.body_end
                                                   and state.names_later(k + 1))


def _marker_here(state: ClassifyState, k: int) -> bool:
    """Block k is shaped like a section marker in a strong form or in one the issue repeats."""
    form = marker_form(_printed(state.blocks[k]))
    return form is not None and (form.strong or state.marker_keys[form.key] >= 2)


def masthead_zone_end(state: ClassifyState) -> int:
    """End of the masthead zone: the first TOC, section marker, prose or article (its title lines given
    back to the body)."""
    b = state.blocks
    start = state.pos
    limit = min(state.body_end, start + MAX_MASTHEAD_BLOCKS)
    for k in range(start, limit):
        t = b[k].text
        if k > start and (_toc_starts(state, k) or _marker_here(state, k)):
            return k
        if _is_prose(t):   # a masthead line never closes a sentence, however many fields it holds
            end = k
            back = 0
            while end - 1 > start and back < MAX_TITLE_LINES + 1 and not is_field_line(b[end - 1].text) \
                    and not CLASSIFICATION_MARK.match(b[end - 1].text) \
                    and (title_shape(b[end - 1].text, loose=True) or SUBTITLE.match(b[end - 1].text)):
                end -= 1
                back += 1
            return end
    return limit


def _title_index(blocks: list[Block], start: int, end: int) -> Optional[int]:
    """The masthead title: the largest type of the zone where the source shows sizes and sets it larger than
    the body; else the first line that is neither a classification mark nor a field line."""
    sizes = [(b.head().size, k) for k in range(start, end) for b in [blocks[k]]
             if b.head().size is not None and regex.search(r"\p{Han}{2}", b.text) and not is_field_line(b.text)
             and not CLASSIFICATION_MARK.match(b.text)]
    body = _body_size(blocks)
    if sizes and body:
        size, k = max(sizes, key=lambda x: (x[0], -x[1]))
        if size >= body * TITLE_SIZE_RATIO:
            return k
    for k in range(start, end):
        t = blocks[k].text
        if not CLASSIFICATION_MARK.match(t) and not is_field_line(t) and regex.search(r"\p{L}", t):
            return k
    return None


def _body_size(blocks: list[Block]) -> Optional[float]:
    sizes: dict[float, int] = {}
    for b in blocks:
        for ln in b.lines:
            if ln.size is not None:
                sizes[round(ln.size, 1)] = sizes.get(round(ln.size, 1), 0) + len(ln.text)
    return max(sizes, key=sizes.get) if sizes else None


def read_masthead(state: ClassifyState) -> None:
    """Masthead zone: every line is read for every field; the title is chosen first; lines that fill no field
    stay in the masthead as printed (never ending it)."""
    b = state.blocks
    start = state.pos
    if start >= state.body_end:
        return
    end = masthead_zone_end(state)
    if end == start and not _toc_starts(state, start):
        first = b[start].text
        end = start + 1 if not _is_prose(first) and (is_field_line(first) or width(first) <= 40) else start
    title_at = _title_index(b, start, end)
    reader = state.reader
    if title_at is not None:
        reader.set_title(b[title_at].text, b[title_at].first)
    # the lines after the title first, then those printed above it (a web page's site lines)
    order = [k for k in range(start, end) if title_at is None or k > title_at] + \
            [k for k in range(start, end) if title_at is not None and k < title_at]
    for k in order:
        t = b[k].text
        if reader.read(t, b[k].first, first=False):
            continue
        nxt = b[k + 1].text if k + 1 < end else ""
        if reader.m.date is None and parse_date(regex.sub(r"\s+", "", nxt)) and reader.take_issuer(t, b[k].first):
            continue
        reader.keep(t, b[k].first)
    for k in range(start, end):
        state.items.append(Labelled(Label.MASTHEAD, b[k]))
    state.pos = end


def read_toc(state: ClassifyState) -> None:
    toc_items: list[Labelled] = []
    state.pos = _read_toc(state, state.pos, toc_items)
    state.items.extend(toc_items)
    state.toc_titles.update(squash(entry_title(it)) for it in toc_items if it.label == Label.TOC_ENTRY)


def read_body(state: ClassifyState) -> None:
    _read_body(state.blocks[state.pos:state.body_end], state.items, state.toc_titles, state.layout)
    state.pos = state.body_end


def read_colophon(state: ClassifyState) -> None:
    for blk in state.blocks[state.pos:]:
        state.items.append(Labelled(Label.COLOPHON, blk))
    state.pos = len(state.blocks)


RULES: list[tuple[str, Rule]] = [
    ("masthead", read_masthead),
    ("toc", read_toc),
    ("body", read_body),
    ("colophon", read_colophon),
]


def classify(blocks: list[Block], layout: str) -> Classified:
    """Run the rule table over the blocks."""
    body_end = next((k for k, b in enumerate(blocks) if b.hint == "colophon"), len(blocks))
    state = ClassifyState(blocks=blocks, layout=layout, body_end=body_end)
    state.later_texts = _index_texts(blocks, body_end)
    state.marker_keys = Counter(f.key for f in (marker_form(_printed(b)) for b in blocks[:body_end]) if f is not None)
    for _name, rule in RULES:
        rule(state)
    return Classified(state.items, state.reader.finish(), list(state.reader.printed), state.toc_titles)


# a heading over a TOC in words nobody listed: short, no sentence punctuation ("本期看点", "本 期 要 闻")
TOC_HEADING_SHAPE = regex.compile(r"^[\p{Han}\s]{2,10}$")


def _read_toc(state: ClassifyState, i: int, items: list[Labelled]) -> int:
    """A TOC: a heading (listed wording, or any short heading over entries naming later blocks) and its
    entries (bulleted, with leaders and page numbers, or lines naming a later title or section)."""
    blocks = state.blocks
    end = state.body_end
    named_after = i + 2 < end and state.names_later(i + 1) and state.names_later(i + 2)
    has_heading = i < end and (bool(TOC_HEADING.match(blocks[i].text))
                               or (TOC_HEADING_SHAPE.match(blocks[i].text) is not None and named_after
                                   and not match_section_marker(blocks[i].text) and not state.names_later(i)))
    if has_heading:
        items.append(Labelled(Label.TOC_HEADING, blocks[i]))
        i += 1
    elif not (i + 1 < end and (TOC_BULLET.match(blocks[i].text) and TOC_BULLET.match(blocks[i + 1].text)
                               or state.names_later(i) and state.names_later(i + 1))):
        return i
    bulleted = None
    while i < end:
        b = blocks[i]
        t = b.text
        glyph_like_entries = bulleted and items and items[-1].label == "toc_entry" and t[:1] == items[-1].block.text[:1]
        if match_section_marker(t) and not glyph_like_entries:
            break   # "■ 学会动态" after "■ …" entries is one more entry, after other entries a marker
        if any(it.label == Label.TOC_ENTRY and squash(entry_title(it)) == squash(strip_entry(t)[0]) for it in items):
            break   # a TOC lists nothing twice: the line repeating an entry is the body's (its section marker)
        nxt = blocks[i + 1].text if i + 1 < end else ""
        # first half of a wrapped entry: its leaders and page number are on the next line
        if not is_entry_line(t) and leaders_at_end(nxt) and not TOC_BULLET.match(nxt) and width(t) <= 40 \
                and not ends_sentence(t) and (bulleted is not True):
            items.append(Labelled(Label.TOC_ENTRY, b, extra=[blocks[i + 1]]))
            i += 2
            continue
        if is_entry_line(t) or state.names_later(i):
            if bulleted is None:
                bulleted = bool(TOC_BULLET.match(t))
            if bulleted and not TOC_BULLET.match(t) and items and items[-1].label == "toc_entry" \
                    and not leaders_at_end(items[-1].block.text) and b.head().blank_before == 0:
                items[-1].extra.append(b)   # the leaders and page of a wrapped entry
            else:
                items.append(Labelled(Label.TOC_ENTRY, b))
            i += 1
            continue
        # second line of a wrapped bulleted entry, printed right under it
        if bulleted and items and items[-1].label == "toc_entry" and b.head().blank_before == 0 \
                and b.gap_before is not True and width(t) <= 30 and not ends_sentence(t) \
                and not items[-1].extra and not leaders_at_end(items[-1].block.text) \
                and _toc_continues_after(blocks, i):
            items[-1].extra.append(b)
            i += 1
            continue
        break
    return i


def _toc_continues_after(blocks: list[Block], i: int) -> bool:
    """A line under an entry continues it when the TOC goes on (or ends) right after it."""
    if i + 1 >= len(blocks):
        return False
    nxt = blocks[i + 1]
    return bool(is_entry_line(nxt.text)) or bool(nxt.head().blank_before) or nxt.gap_before is True


def entry_title(it: Labelled) -> str:
    """The title of a TOC entry printed over one or more blocks."""
    return "".join(strip_entry(p.text)[0] for p in [it.block] + it.extra)


def _read_body(blocks: list[Block], items: list[Labelled], toc_titles: set[str], layout: str) -> None:
    n = len(blocks)
    markers = find_section_markers([_printed(b) for b in blocks], toc_titles)
    is_title = decide_titles(blocks, markers, toc_titles)
    # a title printed over two lines: two title blocks in a row, the second without space before it
    k = 0
    labels: list[Labelled] = []
    while k < n:
        b = blocks[k]
        if markers[k] is not None:
            labels.append(Labelled(Label.SECTION, b, value=markers[k]))
            k += 1
            continue
        if is_title[k]:
            item = Labelled(Label.TITLE, b)
            k += 1
            if k < n and continues_title(blocks, k, is_title, markers, toc_titles):
                item.extra.append(blocks[k])
                k += 1
            labels.append(item)
            # subtitle and editor's note right under the title
            if k < n and SUBTITLE.match(blocks[k].text) and not is_title[k]:
                labels.append(Labelled(Label.SUBTITLE, blocks[k]))
                k += 1
            while k < n and EDITOR_NOTE.match(blocks[k].text) and markers[k] is None and not is_title[k]:
                labels.append(Labelled(Label.EDITOR_NOTE, blocks[k]))
                k += 1
            continue
        if WHOLE_BRACKET.match(b.text) and read_mark(b.text[1:-1]) is not None \
                and (k + 1 >= n or is_title[k + 1] or markers[k + 1] is not None):
            labels.append(Labelled(Label.ATTRIBUTION, b))
            k += 1
            continue
        labels.append(Labelled(Label.BODY, b))
        k += 1
    items.extend(labels)


