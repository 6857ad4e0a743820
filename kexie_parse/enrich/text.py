"""The text of an article as enrichment reads it, and small character classes shared by the rules."""
from __future__ import annotations

import regex

from ..model import Article

# spaces that extraction left between a Chinese character and a digit or Latin letter ("1 月 31 日")
SPACE_NEAR_DIGIT = regex.compile(
    r"(?<=[\p{Han}，。、；：（）])[ \t\u3000\u00a0]+(?=[0-9A-Za-z])"
    r"|(?<=[0-9A-Za-z])[ \t\u3000\u00a0]+(?=[\p{Han}，。、；：（）])"
)

# a middle dot between the parts of an ethnic-minority or foreign name as extraction gives it: "阿依古丽・买买提",
# "阿依古丽•买买提", "阿依古丽.买买提", "阿依古丽 · 买买提" (normalised to "·")
NAME_DOT = regex.compile(r"(?<=\p{Han})\s*[·・•‧･.．]\s*(?=\p{Han})")

MIDDLE_DOT = "·"
"""The middle dot names are given with."""

FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
"""Full-width digits to ASCII."""

PART_SEPARATOR = "\n"
"""Joins title, editor's note and paragraphs, so no pattern runs from one into the next."""

BOUNDARY = frozenset("，。、；：！？“”‘’（）《》【】〔〕「」『』〈〉,.;:!?()[]\"' \t\n\u3000…—·")
"""Characters no name, date or organisation runs across."""


def normalise(text: str) -> str:
    """`text` with full-width digits made ASCII, spaces between CJK and digits/Latin removed and the
    dots between the parts of a name made middle dots (阿依古丽・买买提 -> 阿依古丽·买买提)."""
    return NAME_DOT.sub(MIDDLE_DOT, SPACE_NEAR_DIGIT.sub("", text.translate(FULL_WIDTH)))


def article_text(article: Article) -> str:
    """Title, subtitle, editor's note and paragraphs of `article`, normalised, one part per line."""
    parts = [article.title, article.subtitle, article.editor_note]
    parts += [p.text for p in article.paragraphs]
    return PART_SEPARATOR.join(normalise(p) for p in parts if p)


def is_han(ch: str) -> bool:
    """True for a CJK unified ideograph (the characters names are written in)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
