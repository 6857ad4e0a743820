"""Classify stage: label every block (masthead, toc, section, title, subtitle, editor_note, body,
attribution, colophon, unassigned) by running the rules in order over a shared state.

Order of rules: masthead (head of the first page) -> toc (heading and entries) -> colophon (tail,
found by the blocks stage) -> section markers -> titles (shape, TOC, layout, context) -> subtitle and
editor's note under a title -> own-line attribution -> body.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

from ..normalize import ends_sentence, squash, width
from ..rules.attribution import WHOLE_BRACKET, read_mark
from ..rules.editor_note import EDITOR_NOTE
from ..rules.masthead import MastheadReader, parse_date
from ..rules.section import match_section_marker
from ..rules.title import SUBTITLE, continues_title, decide_titles
from ..rules.toc import TOC_BULLET, TOC_HEADING, is_entry_line, leaders_at_end, strip_entry
from .blocks import Block


@dataclass
class Labelled:
    """A block with its label and, for some labels, a value (section name, joined title)."""

    label: str
    block: Block
    value: Optional[str] = None
    extra: list[Block] = field(default_factory=list)
    """Further blocks folded into this one (the second line of a two-line title)."""


@dataclass
class Classified:
    items: list[Labelled]
    masthead: MastheadReader
    toc_titles: set[str]


def classify(blocks: list[Block], layout: str) -> Classified:
    """Run the rules over the blocks."""
    items: list[Labelled] = []
    i = 0
    # masthead: leading blocks the masthead reader takes (one per printed line or segment)
    reader = MastheadReader()
    while i < len(blocks) and blocks[i].hint != "colophon":
        b = blocks[i]
        if i > 0 and (TOC_HEADING.match(b.text) or match_section_marker(b.text)):
            break
        if i >= 10 or width(b.text) > 40:
            break
        if not reader.read(b.text, b.first, first=(i == 0)):
            nxt = blocks[i + 1].text if i + 1 < len(blocks) else ""
            if not (reader.m.date is None and parse_date(regex.sub(r"\s+", "", nxt))
                    and reader.take_issuer(b.text, b.first)):
                break
        items.append(Labelled("masthead", b))
        i += 1
    # table of contents
    toc_titles: set[str] = set()
    i = _read_toc(blocks, i, items, toc_titles)
    body_start = i
    body_end = next((k for k in range(body_start, len(blocks)) if blocks[k].hint == "colophon"), len(blocks))
    _read_body(blocks[body_start:body_end], items, toc_titles, layout)
    for b in blocks[body_end:]:
        items.append(Labelled("colophon", b))
    return Classified(items, reader, toc_titles)


def _read_toc(blocks: list[Block], i: int, items: list[Labelled], toc_titles: set[str]) -> int:
    has_heading = i < len(blocks) and bool(TOC_HEADING.match(blocks[i].text))
    if has_heading:
        items.append(Labelled("toc_heading", blocks[i]))
        i += 1
    elif not (i + 1 < len(blocks) and TOC_BULLET.match(blocks[i].text) and TOC_BULLET.match(blocks[i + 1].text)
              and blocks[i].hint is None):
        return i
    bulleted = None
    while i < len(blocks) and blocks[i].hint != "colophon":
        b = blocks[i]
        t = b.text
        glyph_like_entries = bulleted and items and items[-1].label == "toc_entry" and t[:1] == items[-1].block.text[:1]
        if match_section_marker(t) and not glyph_like_entries:
            break   # "■ 学会动态" after "■ …" entries is one more entry, after other entries a marker
        if is_entry_line(t):
            if bulleted is None:
                bulleted = bool(TOC_BULLET.match(t))
            if bulleted and not TOC_BULLET.match(t) and items and items[-1].label == "toc_entry" \
                    and not leaders_at_end(items[-1].block.text) and b.head().blank_before == 0:
                items[-1].extra.append(b)   # the leaders and page of a wrapped entry
            else:
                items.append(Labelled("toc_entry", b))
            i += 1
            continue
        nxt = blocks[i + 1].text if i + 1 < len(blocks) else ""
        # first half of a wrapped entry: its leaders and page number are on the next line
        if leaders_at_end(nxt) and not TOC_BULLET.match(nxt) and width(t) <= 40 \
                and not ends_sentence(t) and (bulleted is not True):
            items.append(Labelled("toc_entry", b, extra=[blocks[i + 1]]))
            i += 2
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
    toc_titles.update(squash(entry_title(it)) for it in items if it.label == "toc_entry")
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
    markers = [match_section_marker(b.text) for b in blocks]
    is_title = decide_titles(blocks, markers, toc_titles)
    # a title printed over two lines: two title blocks in a row, the second without space before it
    k = 0
    labels: list[Labelled] = []
    while k < n:
        b = blocks[k]
        if markers[k] is not None:
            labels.append(Labelled("section", b, value=markers[k]))
            k += 1
            continue
        if is_title[k]:
            item = Labelled("title", b)
            k += 1
            if k < n and continues_title(blocks, k, is_title, markers, toc_titles):
                item.extra.append(blocks[k])
                k += 1
            labels.append(item)
            # subtitle and editor's note right under the title
            if k < n and SUBTITLE.match(blocks[k].text) and not is_title[k]:
                labels.append(Labelled("subtitle", blocks[k]))
                k += 1
            while k < n and EDITOR_NOTE.match(blocks[k].text) and markers[k] is None and not is_title[k]:
                labels.append(Labelled("editor_note", blocks[k]))
                k += 1
            continue
        if WHOLE_BRACKET.match(b.text) and read_mark(b.text[1:-1]) is not None \
                and (k + 1 >= n or is_title[k + 1] or markers[k + 1] is not None):
            labels.append(Labelled("attribution", b))
            k += 1
            continue
        labels.append(Labelled("body", b))
        k += 1
    items.extend(labels)


