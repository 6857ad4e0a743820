"""Clean stage: take page furniture (page numbers, running headers and footers) out of the lines.

Furniture is kept in `furniture`, never thrown away. It is recognised by what it is, not by its
wording:
- a line at a page's edge (its first or last printed lines) whose shape, with the digits masked, comes
  back at the edge of other pages (a running header or footer: "科协每周动态 2023年第3期",
  a browser's "2024/1/26 10:23  科协每周动态" and "file:///… 1/3"), the first page included;
- a short line at a page's edge made of a number and signs only ("— 2 —", "·2·", "2 / 5", "第2页",
  a bare "2" at either side);
- an issue designation alone at a page's edge after the first page ("2021年第12期"), or a top line naming
  the title and the issue.
Where the source shows type sizes, a repeated line must also be set in the same size on every page, so
an issue's big masthead title is never taken for the small running header that repeats its words.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional

import regex

from ..lines import Line
from ..model import FurnitureItem
from ..normalize import squash
from ..vocab.issues import ISSUE_ONLY, TITLE_AND_ISSUE

# a page number in a dash style: "— 2 —", "-2-", "– 12 –", "－3－", "·2·"
PAGE_NUMBER_DASHED = regex.compile(r"^[—–\-－~～·•]{1,3}\s*\d{1,4}\s*[—–\-－~～·•]{1,3}$")
# a page number in words: "第2页", "第 2 页 共 5 页", "Page 2", "2 / 5"
PAGE_NUMBER_WORDED = regex.compile(r"^(?:第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|[Pp]age\s*\d{1,4}"
                                   r"(?:\s*of\s*\d{1,4})?|\d{1,4}\s*/\s*\d{1,4})$")
# a bare page number, accepted only at the top or bottom of a page
PAGE_NUMBER_BARE = regex.compile(r"^\d{1,4}$")
# any line made of one or two numbers and signs only (at a page edge: a page number in a style no one listed)
NUMBER_AND_SIGNS = regex.compile(r"^[\p{P}\p{S}\s第页共頁]*\d{1,4}(?:[\p{P}\p{S}\s第页共頁]+\d{1,4})?[\p{P}\p{S}\s第页共頁]*$")
# sentence-final punctuation: a line holding it is prose, never a running header
SENTENCE_END = regex.compile(r"[。；！？]")
# what a website prints around the page it publishes: location, publication data, font-size switch, view
# counter, share and print links, copyright, ICP and public-security registration numbers
SITE_CHROME = regex.compile(r"ICP\s*备|公网安备|版权所有|Copyright|©|网站标识码|当前位置|您的位置|您现在的位置|发布时间[：:]|"
                            r"发布日期[：:]|字号[：:]|浏览次数|阅读次数|点击数[：:]|分享到|打印本[页頁]|关闭窗口|返回顶部|【打印】|【关闭】")
SITE_SCAN_LINES = 12       # printed lines at the top of the first page and the end of the last page read for it
# digits, masked to compare lines that differ only in their numbers (page, date, time)
DIGITS = regex.compile(r"\d+")

EDGE_LINES = 2             # printed lines at each end of a page that may be furniture
MAX_FURNITURE_WIDTH = 160  # characters: longer lines are content (a footer may print a whole URL)
SAME_SIZE_PT = 0.6         # repeated lines of one running header are set in one size


@dataclass
class CleanLines:
    """Lines without furniture, and the furniture taken out."""

    lines: list[Line]
    furniture: list[FurnitureItem] = field(default_factory=list)


def is_page_number(text: str, at_page_edge: bool) -> bool:
    t = text.strip()
    return bool(PAGE_NUMBER_DASHED.match(t) or PAGE_NUMBER_WORDED.match(t)
                or (at_page_edge and (PAGE_NUMBER_BARE.match(t) or NUMBER_AND_SIGNS.match(t))))


@dataclass
class _Printed:
    """One printed line of a page: the line, or the segments printed at its two ends."""

    key: tuple[int, int]
    text: str
    size: Optional[float]


def _printed_lines(lines: list[Line]) -> dict[int, list[_Printed]]:
    by_page: dict[int, list[_Printed]] = defaultdict(list)
    at: dict[tuple[int, int], _Printed] = {}
    for ln in lines:
        key = (ln.page, ln.number)
        if key in at:
            at[key].text += " " + ln.text
        else:
            at[key] = _Printed(key, ln.text, ln.size)
            by_page[ln.page].append(at[key])
    return by_page


def _shape(p: _Printed) -> str:
    """What repeats from page to page: the text without spaces, digits masked, and its size."""
    size = "" if p.size is None else f"@{round(p.size)}"
    return DIGITS.sub("#", squash(p.text)) + size


def _title_guess(first_page: list[_Printed]) -> Optional[str]:
    """The issue's title as its first page prints it: the largest type near the top (where sizes are known),
    else the first line; None when it is too short to recognise again."""
    top = first_page[:SITE_SCAN_LINES]
    if not top:
        return None
    sized = [p for p in top if p.size is not None]
    p = max(sized, key=lambda p: p.size or 0.0) if sized else top[0]
    title = squash(p.text)
    return title if 4 <= len(title) <= 20 and not SENTENCE_END.search(title) else None


def _body_size(lines: list[Line]) -> Optional[float]:
    sizes = Counter(round(ln.size) for ln in lines if ln.size is not None for _ in ln.text)
    return float(sizes.most_common(1)[0][0]) if sizes else None


def _repeated_edges(by_page: dict[int, list[_Printed]], first_page: int,
                    body_size: Optional[float]) -> set[tuple[int, int]]:
    """Printed lines at page edges whose shape comes back at the same edge of another page.

    On an issue's first page the masthead stands where later pages print their running header, often in
    the same words ("科协每周动态"): there a repeated line is furniture only when it carries a number (a
    date, a time, a page) or is set no larger than the body."""
    if len(by_page) < 2:
        return set()
    tops: dict[str, list[_Printed]] = defaultdict(list)
    bottoms: dict[str, list[_Printed]] = defaultdict(list)
    for page, printed in by_page.items():
        for p in printed[:EDGE_LINES]:
            tops[_shape(p)].append(p)
        for p in printed[-EDGE_LINES:]:
            bottoms[_shape(p)].append(p)
    candidates: set[tuple[int, int]] = set()
    for groups in (tops, bottoms):
        for shape, found in groups.items():
            pages = {p.key[0] for p in found}
            text = found[0].text
            if len(pages) < 2 or len(squash(text)) > MAX_FURNITURE_WIDTH or SENTENCE_END.search(text):
                continue
            if not regex.search(r"\p{L}|\d", text):
                continue
            furniture_like = "#" in shape or (body_size is not None and found[0].size is not None
                                              and found[0].size <= body_size + SAME_SIZE_PT)
            candidates.update(p.key for p in found if p.key[0] != first_page or furniture_like)
    # furniture stands at the edge: a run of such lines from the page's first (or last) line on
    keys: set[tuple[int, int]] = set()
    for printed in by_page.values():
        for run in (printed[:EDGE_LINES], printed[-EDGE_LINES:][::-1]):
            for p in run:
                if p.key in candidates:
                    keys.add(p.key)
                elif not is_page_number(p.text, True):
                    break
    return keys


def _site_chrome(by_page: dict[int, list[_Printed]]) -> set[tuple[int, int]]:
    """A web page printed with its site around it: from the first page's top down to its last site line,
    and from the first site line among the document's last printed lines down to its end."""
    keys: set[tuple[int, int]] = set()
    pages = sorted(by_page)
    if not pages:
        return keys
    head = by_page[pages[0]][:SITE_SCAN_LINES]
    last = max((k for k, p in enumerate(head) if SITE_CHROME.search(p.text)), default=None)
    if last is not None:
        keys.update(p.key for p in head[:last + 1])
    tail = [p for page in pages for p in by_page[page]][-SITE_SCAN_LINES:]   # a site footer may start a page early
    first = next((k for k, p in enumerate(tail) if SITE_CHROME.search(p.text)), None)
    if first is not None:
        keys.update(p.key for p in tail[first:] if not SENTENCE_END.search(p.text) or SITE_CHROME.search(p.text))
    return keys


def clean(lines: list[Line], pages: int) -> CleanLines:
    """Split furniture from content lines."""
    if not lines:
        return CleanLines([], [])
    by_page = _printed_lines(lines)
    first_page = lines[0].page   # an issue of a bound volume may start on any page
    repeated = _repeated_edges(by_page, first_page, _body_size(lines))
    site = _site_chrome(by_page)
    # the first two printed lines of pages after the first: a running header (maybe on two lines) that
    # names the title and the issue, seen once only (a two-page issue)
    header_keys: set[tuple[int, int]] = set()
    title = _title_guess(by_page.get(first_page, []))
    for page, printed in by_page.items():
        if page == first_page:
            continue
        for k, p in enumerate(printed[:EDGE_LINES]):
            if len(p.text) <= 40 and not SENTENCE_END.search(p.text) and (k == 0 or printed[0].key in header_keys) \
                    and (TITLE_AND_ISSUE.match(p.text) or ISSUE_ONLY.match(p.text)
                         or title and squash(p.text).startswith(title)):
                header_keys.add(p.key)
    edge_keys = {p.key for printed in by_page.values() for p in printed[:EDGE_LINES] + printed[-EDGE_LINES:]}
    outer_keys = {p.key for printed in by_page.values() for p in (printed[0], printed[-1])}
    top_keys = {p.key for printed in by_page.values() for p in printed[:EDGE_LINES]}
    furniture: list[FurnitureItem] = []
    out: list[Line] = []
    for ln in lines:
        key = (ln.page, ln.number)
        at_edge = pages > 1 and key in outer_keys
        if is_page_number(ln.text, at_edge) and not (key == (first_page, lines[0].number) and pages == 1):
            furniture.append(FurnitureItem(page=ln.page, kind="page_number", text=ln.text, line=ln.number))
            continue
        if key in site and key not in repeated:
            furniture.append(FurnitureItem(page=ln.page, kind="site", text=ln.text, line=ln.number))
            continue
        if key in header_keys or key in repeated:
            kind = "running_header" if key in top_keys else "running_footer"
            furniture.append(FurnitureItem(page=ln.page, kind=kind, text=ln.text, line=ln.number))
            continue
        if ln.page > first_page and key in edge_keys and ISSUE_ONLY.match(ln.text):
            # an issue designation alone at a page's edge: a running header that reading order moved
            furniture.append(FurnitureItem(page=ln.page, kind="running_header", text=ln.text, line=ln.number))
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
