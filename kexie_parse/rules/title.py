"""Article titles: short lines without sentence punctuation, followed by a body.

A title may be printed over two lines, hold 《》 or end in ？/！. Not titles: subheadings (一、…),
list lines after a paragraph ending in "：", "附：…" lines, short slogans, page-break fragments.
"""
from __future__ import annotations

import regex

from ..normalize import width
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
# a bare date or a bare number line
BARE_DATE = regex.compile(r"^[\d\s年月日.\-/]+$")

MIN_TITLE_WIDTH = 6.0
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
    if SENTENCE_PUNCT.search(text) and not (loose and len(regex.findall(r"[，,]", text)) == 1
                                             and not regex.search(r"[。；]", text)):
        return False
    if SUBHEADING.match(text) or APPENDIX.match(text) or SUBTITLE.match(text) or BARE_DATE.match(text):
        return False
    if EDITOR_NOTE.match(text) or COLOPHON_LABEL_START.match(text):
        return False
    if regex.match(r"^[（(].*[）)]$", text):
        return False
    return bool(regex.search(r"\p{Han}{2}", text))
