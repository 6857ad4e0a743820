"""Items printed at opposite ends of one line (issuer | date), as Word and web pages type them.

Shared by the Word and HTML adapters: a tab between two pieces of text, or a run of spaces that pushes
the next item towards the right margin by hand, splits a short line into segments.
"""
from __future__ import annotations

import regex

# a row of tab stops between two pieces of text: items printed at opposite ends (issuer ⇥ date)
TAB_GAP = regex.compile(r"(?<=\S)[ \u3000\xa0]*\t[\t \u3000\xa0]*(?=\S)")
# a run of 6+ spaces (or 3+ ideographic spaces) that pushes the next item to the right margin by hand
SPACE_GAP = regex.compile(r"(?<=\S)(?:[ \xa0]{6,}|[ \xa0]*\u3000[ \xa0]*\u3000[ \xa0]*(?:\u3000[ \xa0]*)+)(?=\S)")
MAX_SEGMENT_LINE = 60   # characters: only a line this short is split into items at opposite ends


def split_segments(text: str) -> list[str]:
    """The items of one short line typed at opposite ends; [text] when it is one item."""
    t = text.strip()
    if len(t) > MAX_SEGMENT_LINE or "\t" not in t and not SPACE_GAP.search(t):
        return [text]
    parts = [x for s in SPACE_GAP.split(TAB_GAP.sub("\x00", t)) for x in s.split("\x00") if x.strip()]
    return parts or [text]


# blanks typed to indent a line: ideographic or no-break spaces, a tab
INDENTED = regex.compile(r"^[\u3000\xa0\t]")
MAX_HEAD_LINE = 30   # characters: a masthead line (an issue line, a date) is at most this long


def _line_of_its_own(text: str) -> bool:
    """A line that is a unit by itself wherever it stands: masthead issue or date line, colophon line, TOC
    heading or entry, section marker, subheading, subtitle, editor's note, a bracketed mark."""
    from ..rules.attribution import WHOLE_BRACKET
    from ..rules.colophon import COLOPHON_LABEL_START, PRINT_COUNT
    from ..rules.editor_note import EDITOR_NOTE
    from ..rules.masthead import ISSUE, SPECIAL, TOTAL_ISSUE, parse_date
    from ..rules.section import match_section_marker
    from ..rules.subheading import SUBHEADING
    from ..rules.title import SUBTITLE
    from ..rules.toc import TOC_BULLET, TOC_HEADING, is_entry_line
    t = text.strip()
    short = len(t) <= MAX_HEAD_LINE
    return bool(COLOPHON_LABEL_START.match(t) or PRINT_COUNT.match(t) or TOC_HEADING.match(t) or TOC_BULLET.match(t)
                or match_section_marker(t) or SUBHEADING.match(t) or SUBTITLE.match(t) or EDITOR_NOTE.match(t)
                or WHOLE_BRACKET.match(t) or short and (ISSUE.search(t) and "期" in t or TOTAL_ISSUE.search(t) or parse_date(t) or SPECIAL.fullmatch(t)
                                                           or is_entry_line(t)))


def breaks_line(before: str, after: str) -> bool:
    """A hard line break inside one paragraph (Word's <w:br/>, HTML's <br>) between `before` and `after`:
    True where it separates lines of their own (masthead, colophon, TOC lines) or paragraphs (after a
    sentence end), False where it only wraps one unit (a title set over two lines, a manual wrap)."""
    from ..normalize import ends_sentence
    b, a = before.strip(), after.strip()
    if not b or not a:
        return True
    if INDENTED.match(after):
        return True   # blanks typed before the next part: a paragraph's indented first line
    if ends_sentence(b) or b.endswith(("：", ":")):
        return True
    return _line_of_its_own(b) or _line_of_its_own(a)
