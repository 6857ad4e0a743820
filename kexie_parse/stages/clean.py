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
# an issue designation printed alone at a page top: "第12期", "2021年第12期", "2023年增刊第2期"
ISSUE_ONLY = regex.compile(r"^(?:\d{4}\s*年\s*)?(?:增刊|特刊|专刊)?\s*第\s*[\d一二三四五六七八九十〇零]+\s*期(?:\s*[（(]?总第?\s*\d+\s*期[）)]?)?$")
# a running header naming the issue: "科协每周动态 2023年第3期"
HEADER_WITH_ISSUE = regex.compile(r"^\S{2,20}\s*(?:\d{4}\s*年\s*)?(?:增刊\s*)?第\s*[\d一二三四五六七八九十〇零]+\s*期")


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
    # lines at the top of pages 2..: the first two of each page (a header may print as two lines)
    first_page = lines[0].page if lines else 1   # an issue of a bound volume may start on any page
    top_of_page = {i for p, idx in by_page.items() if p > first_page for i in idx[:2]}
    tops = Counter(squash(lines[i].text) for i in top_of_page)
    furniture: list[FurnitureItem] = []
    out: list[Line] = []
    header_at: set[tuple[int, int]] = set()   # (page, line) of running headers: their other segments go too
    for i, ln in enumerate(lines):
        if (ln.page, ln.number) in header_at:
            furniture.append(FurnitureItem(page=ln.page, kind="running_header", text=ln.text, line=ln.number))
            continue
        edge = pages > 1 and (i in first_of_page or i in last_of_page)
        if is_page_number(ln.text, edge) and not (i == 0 and pages == 1):
            furniture.append(FurnitureItem(page=ln.page, kind="page_number", text=ln.text, line=ln.number))
            continue
        at_top = i in first_of_page or (i in top_of_page and (ln.page, lines[i - 1].number) in header_at)
        if ln.page > first_page and at_top and len(ln.text) <= 40 and (
                tops[squash(ln.text)] >= 2 or HEADER_WITH_ISSUE.match(ln.text) or ISSUE_ONLY.match(ln.text)):
            furniture.append(FurnitureItem(page=ln.page, kind="running_header", text=ln.text, line=ln.number))
            header_at.add((ln.page, ln.number))
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
