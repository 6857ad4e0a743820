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
