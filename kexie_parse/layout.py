"""Layout features of positioned lines (PDF, OCR), measured against the document's own typography.

Producers differ: a Word file set at 1.5 lines, a 公文 at a fixed 28.95 pt pitch for 16 pt text, a web
page printed by a browser at line-height 1.8 with a margin under every paragraph. No fixed distance
tells a paragraph gap in all of them, so the measures come from the document itself:

- `body_size`: the size of most printed characters;
- the text column (left and right edges) of each page, from the edges the body lines share;
- `line_white`: the white space between two lines of one paragraph (the low mode of the white space
  between consecutive body lines);
- `first_indent`: the indent that opens a paragraph (2 em in Chinese typesetting, measured).

A line has a gap before it when the white above it exceeds `line_white` by `LayoutSettings.gap_extra_em`;
when the document never uses such space to part its units, `gap_before` stays None (unknown) so that
later stages do not read "no space" as evidence.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from statistics import median
from typing import Optional, Sequence

from .errors import SettingsError
from .lines import Line


@dataclass(frozen=True)
class LayoutSettings:
    """Tolerances of the layout measures; each is checked when set (a bad value names the setting)."""

    gap_extra_em: float = 0.3
    """White space above the document's normal line white (em of the body size) that makes a gap."""
    body_size_tolerance: float = 0.6
    """Points a line's size may differ from the body size and still count as body text."""
    low_white_quantile: float = 0.2
    """Quantile of the white between consecutive body lines taken as the white inside a paragraph
    (low, so that documents of one-line paragraphs with spacing still show the line white)."""
    min_gap_lines: int = 2
    """Gaps between body lines needed before a document counts as one that parts units by white space."""
    edge_share: float = 0.05
    """Share of a page's (or the document's) body lines that must start at an x position for it to be
    a candidate left edge of the text column."""
    right_quantile: float = 0.9
    """Quantile of body lines' right ends taken as the column's right edge."""
    min_page_lines: int = 6
    """Body lines a page needs for its own column measure; pages with fewer use the document's."""
    same_edge_em: float = 0.5
    """Two left edges closer than this (em) are the same edge."""
    centre_tolerance_em: float = 1.5
    """A line is centred when its left and right margins differ by less than this (em)."""
    centred_min_indent_em: float = 1.0
    """A centred line starts at least this far (em) right of the left edge."""
    full_fill: float = 0.97
    """Share of the column width beyond which a line counts as reaching the right edge (never centred)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                raise SettingsError(f"layout setting '{f.name}' must be a non-negative number, not {v!r}")
        for name in ("low_white_quantile", "edge_share", "right_quantile", "full_fill"):
            if getattr(self, name) > 1:
                raise SettingsError(f"layout setting '{name}' is a share and must be at most 1, "
                                    f"not {getattr(self, name)!r}")


DEFAULT_LAYOUT = LayoutSettings()


@dataclass
class Column:
    """The text column of a page, in points."""

    left: float
    right: float

    @property
    def span(self) -> float:
        return max(self.right - self.left, 1.0)


@dataclass
class Measures:
    """The document's own typography, measured from its lines."""

    body_size: float
    """Size in points of most printed characters."""
    columns: dict[int, Column]
    """Text column of each page (pages with few body lines share the document's)."""
    line_white: Optional[float]
    """White space (points) between two lines of one paragraph; None when too few lines show it."""
    gap_white: Optional[float]
    """White space (points) above which a line has a gap before it."""
    parts_by_space: bool
    """The document uses vertical space to part its units (paragraphs, titles)."""
    first_indent: Optional[float]
    """The commonest paragraph indent, in em of the body size; None when paragraphs are not indented."""


def _quantile(values: Sequence[float], q: float) -> float:
    s = sorted(values)
    return s[int(q * (len(s) - 1))]


def _column(body: list[Line], st: LayoutSettings) -> Optional[Column]:
    """Left edge: the leftmost x many body lines share (not the commonest: in bulletins of short
    paragraphs the indented first lines outnumber the lines that start at the margin)."""
    if not body:
        return None
    edges = Counter(round(ln.x0) for ln in body)
    enough = max(2, int(len(body) * st.edge_share))
    shared = [x for x, n in edges.items() if n >= enough]
    left = float(min(shared) if shared else min(edges))
    right = _quantile([ln.x1 for ln in body], st.right_quantile)
    return Column(left, max(right, left + 1.0))


def _page_column(on_page: list[Line], whole: Column, body_size: float, st: LayoutSettings) -> Column:
    """A page's column is the document's, moved where the page's own left edge moved (mirrored margins):
    the page's leftmost body line counts as its edge when two lines share it or it lies at the document's."""
    if len(on_page) < st.min_page_lines:
        return whole
    left = min(ln.x0 for ln in on_page)
    shared = sum(1 for ln in on_page if abs(ln.x0 - left) < st.same_edge_em * body_size) >= 2
    if not shared or abs(left - whole.left) < st.same_edge_em * body_size:
        return whole
    shift = left - whole.left
    return Column(whole.left + shift, whole.right + shift)


def _count_gaps(lines: Sequence[Line], m: Measures) -> int:
    """Consecutive lines of a page parted by more than the gap white."""
    n = 0
    prev: Optional[Line] = None
    for ln in lines:
        if ln.segment > 1:
            continue
        if prev is not None and prev.page == ln.page and ln.top - prev.bottom > _gap_threshold(m, ln, prev):
            n += 1
        prev = ln
    return n


def _is_body(ln: Line, body_size: float, st: LayoutSettings) -> bool:
    return ln.size is not None and abs(ln.size - body_size) < st.body_size_tolerance and ln.segment == 0


def measure(lines: Sequence[Line], st: LayoutSettings = DEFAULT_LAYOUT) -> Measures:
    """Measure the document's body size, columns, line white, gap threshold and paragraph indent."""
    sizes = Counter(round(ln.size or 0, 1) for ln in lines for _ in range(max(1, len(ln.text))))
    body_size = (sizes.most_common(1)[0][0] if sizes else 0.0) or 12.0
    body = [ln for ln in lines if _is_body(ln, body_size, st)]
    whole = _column(body, st) or Column(min((ln.x0 for ln in lines), default=0.0),
                                        max((ln.x1 for ln in lines), default=1.0))
    by_page: dict[int, list[Line]] = {}
    for ln in body:
        by_page.setdefault(ln.page, []).append(ln)
    columns = {page: _page_column(by_page.get(page, []), whole, body_size, st) for page in {ln.page for ln in lines}}
    # white between consecutive body lines of one page
    whites: list[float] = []
    prev: Optional[Line] = None
    for ln in lines:
        if ln.segment > 1:
            continue
        if prev is not None and prev.page == ln.page and _is_body(ln, body_size, st) \
                and _is_body(prev, body_size, st):
            white = ln.top - prev.bottom
            if white > -0.5 * body_size:
                whites.append(white)
        prev = ln
    line_white = _quantile(whites, st.low_white_quantile) if len(whites) >= 3 else None
    gap_white = None if line_white is None else line_white + st.gap_extra_em * body_size
    m = Measures(body_size, columns, line_white, gap_white, False, None)
    m.parts_by_space = gap_white is not None and _count_gaps(lines, m) >= st.min_gap_lines
    indents = [round((ln.x0 - columns[ln.page].left) / body_size * 2) / 2 for ln in body]
    opening = Counter(x for x in indents if 1.0 <= x <= 4.0)
    m.first_indent = opening.most_common(1)[0][0] if opening else None
    return m


def add_layout_features(lines: list[Line], st: LayoutSettings = DEFAULT_LAYOUT) -> Optional[Measures]:
    """Indent, fill, centring and vertical gaps of each line, against the document's measures."""
    if not lines:
        return None
    m = measure(lines, st)
    body = m.body_size
    prev: Optional[Line] = None
    for ln in lines:
        col = m.columns[ln.page]
        ln.indent = max(0.0, (ln.x0 - col.left) / body)
        ln.fill = min(1.0, (ln.x1 - col.left) / col.span)
        ln.centered = (ln.indent > st.centred_min_indent_em
                       and abs((ln.x0 - col.left) - (col.right - ln.x1)) < st.centre_tolerance_em * body
                       and ln.fill < st.full_fill)
        if prev is not None and prev.page == ln.page and ln.segment <= 1:
            if m.parts_by_space and m.gap_white is not None:
                ln.gap_before = ln.top - prev.bottom > _gap_threshold(m, ln, prev)
        elif prev is not None and prev.page != ln.page:
            ln.page_start = True
        if ln.segment <= 1:
            prev = ln
    return m


def _gap_threshold(m: Measures, ln: Line, prev: Line) -> float:
    """The gap threshold between two lines, scaled when either is set smaller than the body (a white
    proportional to the type: small print between small lines)."""
    assert m.gap_white is not None
    small = min(ln.size or m.body_size, prev.size or m.body_size)
    return m.gap_white * min(1.0, small / m.body_size)
