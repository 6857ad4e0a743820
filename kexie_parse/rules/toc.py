"""Table of contents: a heading (目录, 目录提要, 本期目录, 本期要目, 本期导读) and its entries."""
from __future__ import annotations

from typing import Optional

import regex

# a TOC heading filling the line: 目录, 目 录, 目录提要, 本期目录, 本期要目, 本期导读, 本期提要
TOC_HEADING = regex.compile(r"^\s*(?:本\s*期\s*)?(?:目\s*录(?:\s*提\s*要)?|要\s*目|导\s*读|提\s*要|内\s*容\s*提\s*要)\s*$")
# a bullet or number opening a TOC entry: "- ", "● ", "• ", "1. ", "1、", "（1）", "一、" (not "62.3%")
TOC_BULLET = regex.compile(r"^\s*(?:[-－–●•·◆◇■□▪○*]\s*|\d{1,2}\s*[.．、)）](?!\d)\s*|[（(]\d{1,2}[）)]\s*"
                        r"|[一二三四五六七八九十]{1,2}、\s*)(?=\S)")
# dot leaders and a page number closing an entry: "……2", "......12", "·····3", "…… 2"
TOC_LEADER_END = regex.compile(r"\s*(?:[.…·．。\-－_]\s*){2,}\s*(?P<page>\d{1,3})\s*$")
# a page number after a wide gap, without leaders: "市科协召开…  2"
TOC_TRAILING_PAGE = regex.compile(r"\s{2,}(?P<page>\d{1,3})\s*$")


def leaders_at_end(text: str):
    """TOC_LEADER_END searched in the tail only: a hostile line of 100,000 dots costs no more than a short one."""
    return TOC_LEADER_END.search(text, max(0, len(text) - 200))


def strip_entry(text: str) -> tuple[str, Optional[int]]:
    """Entry title without bullet, number, leader dots or page number; and the page."""
    page = None
    m = leaders_at_end(text)
    if m:
        page = int(m.group("page"))
        text = text[: m.start()]
    text = TOC_BULLET.sub("", text, count=1)
    return text.strip(), page


def is_entry_line(text: str) -> bool:
    return bool(TOC_BULLET.match(text) or leaders_at_end(text))
