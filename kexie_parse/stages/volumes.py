"""Bound volumes (合订本): split the lines of a file that holds several issues back to back.

A new issue starts where a short title line (usually the first issue's masthead title again) is
followed by an issue line
("2023年第4期") follows within three lines and a date within eight, and the previous issue has
already printed a colophon line (编辑：, 分送：...). A running header repeats the title and the issue
too, but no colophon stands before it and no date follows it.
"""
from __future__ import annotations

import regex

from ..lines import Line
from ..normalize import squash
from ..rules.colophon import COLOPHON_LABEL_START, PRINT_COUNT
from ..rules.masthead import ISSUE, letter_spaced, parse_date

MIN_ISSUE_LINES = 12   # printed lines of the shortest issue: masthead, a title, a paragraph, colophon

# punctuation a masthead title never holds
PROSE_PUNCTUATION = regex.compile(r"[，。：:；、]")
# a special-issue word on a line of its own
SPECIAL_ONLY = regex.compile(r"^(?:增刊|特刊|专刊)$")


def _title_key(text: str) -> str:
    return squash(letter_spaced(text))


def split_issues(lines: list[Line]) -> list[list[Line]]:
    """Lines of each issue, in order; one list when the file holds one issue."""
    if not lines:
        return [lines]
    starts = [0]
    seen_colophon = False
    for i, ln in enumerate(lines):
        t = ln.text
        if COLOPHON_LABEL_START.match(t) or PRINT_COUNT.match(t):
            # a colophon closes an issue only after a body: a stray "编辑：" near the top closes nothing
            seen_colophon = seen_colophon or i - starts[-1] >= MIN_ISSUE_LINES
            continue
        key = _title_key(t)
        if i == 0 or not seen_colophon or not key or len(key) > 24 or PROSE_PUNCTUATION.search(key):
            continue   # a masthead title is short, without punctuation, after the previous issue's colophon
        window = [squash(x.text) for x in lines[i + 1:i + 9]]
        issue_at = 1 if window and SPECIAL_ONLY.match(window[0]) else 0   # "特刊" may stand between
        if len(window) > issue_at and ISSUE.search(window[issue_at]) and any(parse_date(x) for x in window):
            starts.append(i)
            seen_colophon = False
    return [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]
