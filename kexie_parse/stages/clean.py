"""Clean stage: take page furniture (page numbers, running headers) out of the lines.

Furniture is kept in `furniture`, never thrown away. Page numbers are recognised in any of the
styles "— 2 —", "-2-", "第2页", "2/5", or a bare number on a page's first or last line; a running
header is a line printed at the top of two or more pages, or at the top of a page and naming the issue.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex

from ..lines import Line
from ..model import FurnitureItem
from ..normalize import squash

# a page number in a dash style: "— 2 —", "-2-", "– 12 –", "－3－"
PAGE_NUMBER_DASHED = regex.compile(r"^[—–\-－~～·•]{1,3}\s*\d{1,4}\s*[—–\-－~～·•]{1,3}$")
# a page number in words: "第2页", "第 2 页 共 5 页", "Page 2", "2 / 5"
PAGE_NUMBER_WORDED = regex.compile(r"^(?:第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|[Pp]age\s*\d{1,4}"
                                   r"(?:\s*of\s*\d{1,4})?|\d{1,4}\s*/\s*\d{1,4})$")
# a bare page number, accepted only at the top or bottom of a page
PAGE_NUMBER_BARE = regex.compile(r"^\d{1,4}$")
# sentence-final punctuation: a line holding it is prose, never a running header
SENTENCE_END = regex.compile(r"[。；！？]")
# an issue designation printed alone at a page top: "第12期", "2021年第12期", "2023年增刊第2期"
ISSUE_ONLY = regex.compile(r"^(?:\d{4}\s*年\s*)?(?:增刊|特刊|专刊)?\s*第\s*[\d一二三四五六七八九十〇零]+\s*期(?:\s*[（(]?总第?\s*\d+\s*期[）)]?)?$")
# a running header naming the issue: "科协每周动态 2023年第3期"
HEADER_WITH_ISSUE = regex.compile(r"^\S{2,20}\s*(?:\d{4}\s*年\s*)?(?:(?:增刊|特刊|专刊)\s*)?第\s*[\d一二三四五六七八九十〇零]+\s*期")


@dataclass
class CleanLines:
    """Lines without furniture, and the furniture taken out."""

    lines: list[Line]
    furniture: list[FurnitureItem] = field(default_factory=list)


def is_page_number(text: str, at_page_edge: bool) -> bool:
    t = text.strip()
    return bool(PAGE_NUMBER_DASHED.match(t) or PAGE_NUMBER_WORDED.match(t)
                or (at_page_edge and PAGE_NUMBER_BARE.match(t)))


def clean(lines: list[Line], pages: int) -> CleanLines:
    """Split furniture from content lines."""
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        by_page.setdefault(ln.page, []).append(i)
    first_of_page = {idx[0] for idx in by_page.values()}
    last_of_page = {idx[-1] for idx in by_page.values()}
    # a printed line may come as segments (items at opposite ends): judge headers on the whole line
    whole: dict[tuple[int, int], str] = {}
    for ln in lines:
        key = (ln.page, ln.number)
        whole[key] = whole[key] + " " + ln.text if key in whole else ln.text
    first_page = lines[0].page if lines else 1   # an issue of a bound volume may start on any page
    # the first two printed lines of pages after the first: a header may also print as two lines
    top_keys: list[tuple[int, int]] = []
    for p, idx in by_page.items():
        if p > first_page:
            keys = list(dict.fromkeys((lines[i].page, lines[i].number) for i in idx))
            top_keys += keys[:2]
    tops = Counter(squash(whole[k]) for k in top_keys)
    first_key_of_page = {(lines[idx[0]].page, lines[idx[0]].number) for p, idx in by_page.items()}
    header_keys: set[tuple[int, int]] = set()
    for k in top_keys:
        t = whole[k]
        prev_is_header = (k[0], k[1] - 1) in header_keys or any(hk[0] == k[0] for hk in header_keys)
        if len(t) <= 40 and not SENTENCE_END.search(t) and (k in first_key_of_page or prev_is_header) and (
                tops[squash(t)] >= 2 or HEADER_WITH_ISSUE.match(t) or ISSUE_ONLY.match(t)):
            header_keys.add(k)
    near_edge = {i for idx in by_page.values() for i in idx[:2] + idx[-2:]}
    furniture: list[FurnitureItem] = []
    out: list[Line] = []
    for i, ln in enumerate(lines):
        if (ln.page, ln.number) in header_keys:
            furniture.append(FurnitureItem(page=ln.page, kind="running_header", text=ln.text, line=ln.number))
            continue
        edge = pages > 1 and (i in first_of_page or i in last_of_page)
        if ln.page > first_page and i in near_edge and ISSUE_ONLY.match(ln.text):
            # an issue designation alone at a page's edge: a running header that reading order moved
            furniture.append(FurnitureItem(page=ln.page, kind="running_header", text=ln.text, line=ln.number))
            continue
        if is_page_number(ln.text, edge) and not (i == 0 and pages == 1):
            furniture.append(FurnitureItem(page=ln.page, kind="page_number", text=ln.text, line=ln.number))
            continue
        out.append(ln)
    # a line following removed furniture at a page top starts the page's content
    seen_pages: set[int] = set()
    for ln in out:
        if ln.page not in seen_pages:
            seen_pages.add(ln.page)
            if ln.page > first_page:
                ln.page_start = True
    return CleanLines(out, furniture)
