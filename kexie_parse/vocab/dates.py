"""The one date reader, used by the masthead rules and by enrichment.

Forms read:
- "2024年1月26日", "二〇二四年一月二十六日", "2024 年 1 月 26 日", "5月6号", "元月3日";
- "2024.1.26", "2024-01-26", "2024/1/26" (Arabic digits, one separator throughout);
- "1月26日" without a year: the year is the one given by the caller (the issue's), see `resolve_year`;
- ranges and lists: "1月15日至17日", "1月15-17日", "1月30日至2月2日", "1月15日、16日";
- a relative year before the date: 去年/今年/明年/前年/次年.
"近日", "上旬", a month without a day and impossible dates (2月30日) are no dates.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Iterator, Optional

import regex

from .numerals import FULL_WIDTH_DIGITS, cn_number

_NUM = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_YEAR = r"[0-9]{4}|[〇零○ＯO一二三四五六七八九]{4}"
_TO = r"[至到—–\-～~－]"

# a date with optional year, range or list, or a numeric date: 2022年12月31日, 1月15日至17日, 1月15-17日,
# 1月15、16日, 2024.1.26, 2024-01-26
DATE = regex.compile(
    rf"(?<![0-9])(?:(?:(?P<rel>去年|今年|明年|前年|次年)?(?:(?P<year>{_YEAR})\s*年\s*)?)"
    rf"(?P<month>{_NUM}|元)\s*月\s*(?P<day>{_NUM})\s*"
    rf"(?:[日号](?:\s*{_TO}\s*(?:(?:(?P<year2>{_YEAR})\s*年\s*)?(?P<month2>{_NUM})\s*月\s*)?(?P<day2>{_NUM})\s*[日号])?"
    rf"|(?:{_TO}|、|和|及)\s*(?P<day3>{_NUM})\s*[日号])"
    rf"|(?P<nyear>[0-9]{{4}})\s*(?P<sep>[./\-])\s*(?P<nmonth>[0-9]{{1,2}})\s*(?P=sep)\s*(?P<nday>[0-9]{{1,2}})(?![0-9]))"
)

# a further day in a list after a date: "、16日", "和17日"
LIST_DAY = regex.compile(rf"\s*(?:、|和|及)\s*(?P<day>{_NUM})\s*[日号]")

RELATIVE_YEAR = {"去年": -1, "前年": -2, "今年": 0, "明年": 1, "次年": 1}
"""Year offset of a relative year word before a date."""

YEAR_BOUNDARY_ISSUE_MONTHS = (1, 2)
"""Months of an issue in which a November or December date without a year belongs to the year before."""

YEAR_END_MONTHS = (11, 12)
"""Months of a date that, printed in a January or February issue without a year, mean last year."""


@dataclass(frozen=True)
class Issue:
    """What the issue says about "now": its year and month (either may be unknown)."""

    year: Optional[int]
    """The issue's year."""
    month: Optional[int]
    """The issue's month."""


def issue_of(year: Optional[int], date: Optional[str]) -> Issue:
    """The issue's year (masthead year, else the year of its date) and month (from its ISO date)."""
    month = None
    if date and len(date) >= 7 and date[:4].isdigit() and date[5:7].isdigit():
        year = year or int(date[:4])
        month = int(date[5:7])
    return Issue(year, month)


def resolve_year(month: int, issue: Issue, explicit: Optional[int], rel: Optional[str]) -> Optional[int]:
    """Year of a date printed with `month`, an `explicit` year or a relative word `rel`."""
    if explicit:
        return explicit
    if issue.year is None:
        return None
    if rel:
        return issue.year + RELATIVE_YEAR[rel]
    if issue.month in YEAR_BOUNDARY_ISSUE_MONTHS and month in YEAR_END_MONTHS:
        return issue.year - 1
    return issue.year


def iso(year: Optional[int], month: Optional[int], day: Optional[int]) -> Optional[str]:
    """ISO form of a real calendar date, else None (2月30日, unknown year)."""
    if year is None or month is None or day is None:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _value(match: regex.Match, *groups: str) -> Optional[int]:
    """Numeric value of the first of the named groups that took part, else None."""
    for group in groups:
        text = match.group(group)
        if text:
            return 1 if text == "元" else cn_number(text)
    return None


def _dates_of_match(match: regex.Match, issue: Issue, last_year: Optional[int]) -> Iterator[str]:
    """The ISO dates one DATE match names: the date, and the end of a range if any."""
    month, day = _value(match, "month", "nmonth"), _value(match, "day", "nday")
    if month is None:
        return
    explicit = _value(match, "year", "nyear")
    year = resolve_year(month, Issue(issue.year or last_year, issue.month), explicit, match.group("rel"))
    first = iso(year, month, day)
    if first:
        yield first
    end_day = _value(match, "day2", "day3")
    if end_day is None or year is None:
        return
    end_month = _value(match, "month2") or month
    end_year = _value(match, "year2") or (year + 1 if end_month < month else year)
    end = iso(end_year, end_month, end_day)
    if end:
        yield end


def find_dates(text: str, issue: Issue) -> list[str]:
    """ISO dates in `text`, each once, in order of first mention; a date without a year takes the
    last year printed before it in `text`, else the issue's (`resolve_year`)."""
    text = text.translate(FULL_WIDTH_DIGITS)
    found: dict[str, None] = {}
    last_year: Optional[int] = None
    for match in DATE.finditer(text):
        last_year = _value(match, "year", "nyear") or last_year
        dates = list(_dates_of_match(match, issue, last_year))
        found.update(dict.fromkeys(dates))
        if dates and match.group("day2") is None and match.group("day3") is None:
            found.update(dict.fromkeys(_list_days(text, match.end(), dates[-1])))
    return list(found)


def _list_days(text: str, pos: int, anchor: str) -> Iterator[str]:
    """Dates of the days listed right after a date ("1月15日、16日"), in the anchor's month."""
    year, month = int(anchor[:4]), int(anchor[5:7])
    while (match := LIST_DAY.match(text, pos)) is not None:
        date = iso(year, month, cn_number(match.group("day")))
        if date is None:
            return
        yield date
        pos = match.end()


def first_date(text: str, year: Optional[int] = None) -> Optional[tuple[str, int, int]]:
    """(ISO date, start, end) of the first real date in `text` (full-width digits count as digits);
    a date printed without a year takes `year`, and is skipped when `year` is None."""
    text = text.translate(FULL_WIDTH_DIGITS)
    for match in DATE.finditer(text):
        month, day = _value(match, "month", "nmonth"), _value(match, "day", "nday")
        found = iso(_value(match, "year", "nyear") or year, month, day)
        if found:
            return found, match.start(), match.end()
    return None
