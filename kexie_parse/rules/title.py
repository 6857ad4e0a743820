"""Article titles: short lines without sentence punctuation, followed by a body.

`decide_titles` says which blocks of the body are titles: what the print says first (PDF: size,
face, centring), then the TOC, then the shape of the text and its neighbours.

A title may be printed over two lines, hold 《》 or end in ？/！. Not titles: subheadings (一、…),
list lines after a paragraph ending in "：", "附：…" lines, short slogans, page-break fragments.
"""
from __future__ import annotations

from collections import Counter
from typing import Optional, Sequence

import regex

from ..normalize import ends_sentence, squash, unquoted, width
from .attribution import WHOLE_BRACKET, find_attribution
from .colophon import COLOPHON_LABEL_START
from .editor_note import EDITOR_NOTE
from .subheading import SUBHEADING

# punctuation that ends or breaks a sentence: a block holding it is prose, not a title
SENTENCE_PUNCT = regex.compile(r"[。；]|[，,](?=.)")
# an ending no title has: a comma, a colon, an enumeration comma, a semicolon or a full stop
BAD_TITLE_END = regex.compile(r"[，、；：。,;:]$")
# labels opening an appendix or note line: "附：", "附件：", "注：", "备注："
APPENDIX = regex.compile(r"^(?:附|附件|注|备注|说明)\s*[：:\d]")
# a subtitle line under a title: "——记…", "—— …"
SUBTITLE = regex.compile(r"^\s*(?:——|—|──|--)\s*\S")
# an agenda line: a date, maybe a time of day, then a colon: "3月16日：…", "3月15日上午：…"
DATED_ITEM = regex.compile(r"^\s*\d{1,2}\s*月\s*\d{1,2}\s*日\S{0,4}\s*[：:]")
# a bare date or a bare number line
BARE_DATE = regex.compile(r"^[\d\s年月日.\-/]+$")

MIN_TITLE_WIDTH = 4.0
MAX_TITLE_WIDTH = 64.0


def title_shape(text: str, loose: bool = False) -> bool:
    """Text is shaped like a title: short, no sentence punctuation, no enumerator, no label.

    `loose` also admits one comma ("凝心聚力，共谋发展"): callers ask for more evidence then.
    """
    w = width(text)
    if w < MIN_TITLE_WIDTH or w > (40 if loose else MAX_TITLE_WIDTH):
        return False
    if BAD_TITLE_END.search(text):
        return False
    if text.rstrip("”’」』）)")[-1:] in ("。", "；", "…", ";"):
        return False   # a sentence closed inside quotes: “……认识。” (but "工作总结（摘要）" is a title)
    bare = unquoted(text)   # a quoted slogan may hold a comma: 开展“科学防疫，健康生活”主题活动
    if SENTENCE_PUNCT.search(bare) and not (loose and len(regex.findall(r"[，,]", bare)) == 1
                                             and not regex.search(r"[。；]", bare)):
        return False
    if SUBHEADING.match(text) or APPENDIX.match(text) or SUBTITLE.match(text) or BARE_DATE.match(text) \
            or DATED_ITEM.match(text):
        return False
    if EDITOR_NOTE.match(text) or COLOPHON_LABEL_START.match(text):
        return False
    if regex.match(r"^[（(].*[）)]$", text):
        return False
    return bool(regex.search(r"\p{Han}{2}", text))


def decide_titles(blocks: Sequence, markers: list[Optional[str]], toc_titles: set[str]) -> list[bool]:
    """For each block of the body: is it an article title? Print first (PDF), then TOC, shape and context."""
    n = len(blocks)
    is_title = [False] * n

    def bodyish(k: int) -> bool:
        return k < n and markers[k] is None

    body_size, body_font = _body_font(blocks)
    list_open = False   # inside a run of short list lines after a paragraph ending in "："
    for k, b in enumerate(blocks):
        if list_open and (markers[k] is not None or ends_sentence(b.text) and width(b.text) > 30
                          or width(b.text) > 40):
            list_open = False
        if markers[k] is not None:
            continue
        t = b.text
        in_toc = squash(t) in toc_titles
        printed_as = _printed_as_title(b, body_size, body_font)
        if printed_as is False and not in_toc:
            continue   # set in body type, left-aligned: a paragraph whatever its words
        if printed_as and bodyish(k + 1) and not _never_title(t):
            is_title[k] = True
            continue
        if not (in_toc or title_shape(t) or title_shape(t, loose=True) and _article_follows(blocks, k)
                and (k == 0 or markers[k - 1] is not None or ends_sentence(blocks[k - 1].text))):
            continue
        if not bodyish(k + 1):
            continue
        prev = blocks[k - 1] if k > 0 else None
        if not in_toc:
            if prev is not None and markers[k - 1] is None and not is_title[k - 1]:
                if prev.text.rstrip().endswith(("：", ":")):
                    list_open = True
                    continue   # a list line after "…如下："
                if list_open and not _opens_article(blocks, k + 1):
                    continue   # the list goes on, unless an article clearly starts after this line
                if b.gap_before is False:
                    continue   # no space before it in a layout that shows space: a body line
                list_item = bool(SUBHEADING.match(prev.text) or DATED_ITEM.match(prev.text))
                if not ends_sentence(prev.text) and not WHOLE_BRACKET.match(prev.text) \
                        and not title_shape(prev.text) and not (list_item and _opens_article(blocks, k + 1)):
                    continue   # the previous paragraph is unfinished (a list item is not, when an article opens next)
            if width(t) < 8 and not _opens_article(blocks, k + 1) and not _title_position(blocks, markers, k):
                continue   # a short slogan line inside a body
        is_title[k] = True
    return is_title


def continues_title(blocks: Sequence, k: int, is_title: list[bool], markers: list, toc_titles: set[str]) -> bool:
    """Block k is the second printed line of the title at k-1."""
    b, nxt = blocks[k - 1], blocks[k]
    if markers[k] is not None or nxt.hint:
        return False
    joined = squash(b.text + nxt.text)
    if joined in toc_titles:
        return True
    if squash(b.text) in toc_titles or opens_article(nxt):
        return False
    if SUBTITLE.match(nxt.text) or EDITOR_NOTE.match(nxt.text) or regex.search(r"[，。；：]", nxt.text):
        return False
    if _same_title_type(b, nxt, _body_font(blocks)[0]) and len(b.lines) == 1 and len(nxt.lines) == 1:
        # both lines set in one title type: one title, whatever the space (a grid may double its pitch)
        after = k + 1
        return after >= len(blocks) or not _same_title_type(nxt, blocks[after], _body_font(blocks)[0])
    if nxt.gap_before is True:
        return False
    if width(nxt.text) > max(width(b.text), 12):
        return False
    after = k + 1
    return after < len(blocks) and not is_title[after] and (is_title[k] or width(nxt.text) < 6)


def _same_title_type(a, b, body_size: Optional[float]) -> bool:
    """Two blocks set in one type larger than the body: the lines of one title."""
    x, y = a.head(), b.head()
    if body_size is None or x.size is None or y.size is None:
        return False
    return abs(x.size - y.size) < 0.5 and x.font == y.font and x.size >= body_size * TITLE_TYPE_RATIO


# a title's type is at least this much larger than the body's
TITLE_TYPE_RATIO = 1.08


def _body_font(blocks: Sequence) -> tuple[Optional[float], Optional[str]]:
    """Size and font of most printed characters (PDF); (None, None) for text input."""
    sizes: Counter = Counter()
    fonts: Counter = Counter()
    for b in blocks:
        for ln in b.lines:
            if ln.size is not None:
                sizes[round(ln.size, 1)] += len(ln.text)
                fonts[ln.font] += len(ln.text)
    if not sizes:
        return None, None
    return sizes.most_common(1)[0][0], fonts.most_common(1)[0][0]


def _printed_as_title(b, body_size: Optional[float], body_font: Optional[str]) -> Optional[bool]:
    """What the print says: True for a title's type (larger, another face, centred), False for body type,
    None when the source shows no type (text input)."""
    head = b.head()
    if body_size is None or head.size is None:
        return None
    if head.size >= body_size * TITLE_TYPE_RATIO and len(b.lines) <= 3:
        return True
    if abs(head.size - body_size) <= body_size * 0.04 and head.font == body_font and not head.centered:
        return False
    if len(b.lines) <= 2 and face_weight(head.font) > face_weight(body_font):
        return True   # a heavier face than the body's (Bold, Heavy, 黑体) at the body's size
    return None


# weight words in font names, lightest first: a face's weight is the heaviest word its name holds
FACE_WEIGHTS = (("thin", 100), ("light", 300), ("regular", 400), ("book", 400), ("medium", 500),
                ("semibold", 600), ("demibold", 600), ("bold", 700), ("heavy", 800), ("black", 900),
                ("hei", 700), ("黑", 700), ("xbs", 700), ("标宋", 700))


def face_weight(font: Optional[str]) -> int:
    """How heavy a face looks from its name: 400 for a regular or unnamed weight."""
    name = (font or "").lower()
    found = [w for word, w in FACE_WEIGHTS if word in name]
    if "extrabold" in name or "ultrabold" in name:
        found.append(800)
    return max(found, default=400)


def _never_title(text: str) -> bool:
    return bool(SUBTITLE.match(text) or EDITOR_NOTE.match(text) or WHOLE_BRACKET.match(text)
                or SUBHEADING.match(text) or regex.search(r"。", text))


# how an article's first paragraph typically opens: a date, 近日, 日前, 为…
ARTICLE_OPENING = regex.compile(r"^(?:\d{1,2}\s*月|\d{4}\s*年|[一二三四五六七八九十]{1,2}月|近日|日前|近期|近年来|今年|去年|"
                                r"为|在|由|根据|按照|本周|上周|当天|当日|春节|元旦|\S{0,6}期间)")


def _title_position(blocks: Sequence, markers: list[Optional[str]], k: int) -> bool:
    """Block k stands where only a title can: first, right after a section marker, or right after an
    article's closing attribution."""
    if k == 0 or markers[k - 1] is not None:
        return True
    prev = blocks[k - 1].text
    return bool(WHOLE_BRACKET.match(prev) or find_attribution(prev, own_line=False))


def _article_follows(blocks: Sequence, k: int) -> bool:
    """An article's first paragraph follows block k, maybe after a short second line of the title."""
    if _opens_article(blocks, k + 1):
        return True
    if k + 2 >= len(blocks):
        return False
    piece = blocks[k + 1]
    return (width(piece.text) < 12 and not regex.search(r"[，。；：]", piece.text) and piece.gap_before is not True
            and _opens_article(blocks, k + 2))


def _opens_article(blocks: Sequence, k: int) -> bool:
    return k < len(blocks) and opens_article(blocks[k])


def opens_article(b) -> bool:
    return bool(ARTICLE_OPENING.match(b.text)) and bool(regex.search(r"[，。]", b.text))
