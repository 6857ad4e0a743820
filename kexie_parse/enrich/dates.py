"""Event dates with month and day, resolved to ISO YYYY-MM-DD.

Rules:
- "1月31日", "1 月 31 日上午", "2022年12月31日", "二月三日", "5月6号" are dates;
- a range gives both ends: "1月15日至17日", "1月15日-17日", "1月15-17日", "1月30日至2月2日";
- a list gives each day: "1月15日、16日", "1月15、16日";
- the year is the one printed with the date, else 去年/今年/明年 before it, else the issue's year; a
  November or December date in a January or February issue belongs to the year before;
- "近日", "上旬", "月底", a month without a day, and impossible dates (2月30日) are not dates.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Iterator, Optional

import regex

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
"""Value of each Chinese digit."""

_NUM = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_YEAR = r"[0-9]{4}|[〇零一二三四五六七八九]{4}"
_TO = r"[至到—–\-～~－]"

# a date with optional year and range: 2022年12月31日, 1月15日至17日, 1月15-17日, 1月15、16日
DATE = regex.compile(
    rf"(?<![0-9])(?:(?P<rel>去年|今年|明年|前年|次年)?(?:(?P<year>{_YEAR})\s*年\s*)?)"
    rf"(?P<month>{_NUM}|元)\s*月\s*(?P<day>{_NUM})\s*"
    rf"(?:[日号](?:\s*{_TO}\s*(?:(?:(?P<year2>{_YEAR})\s*年\s*)?(?P<month2>{_NUM})\s*月\s*)?(?P<day2>{_NUM})\s*[日号])?"
    rf"|(?:{_TO}|、|和|及)\s*(?P<day3>{_NUM})\s*[日号])"
)

# a further day in a list after a date: "、16日", "和17日"
LIST_DAY = regex.compile(rf"\s*(?:、|和|及)\s*(?P<day>{_NUM})\s*[日号]")

RELATIVE_YEAR = {"去年": -1, "前年": -2, "今年": 0, "明年": 1, "次年": 1}
"""Year offset of a relative year word before a date."""


@dataclass(frozen=True)
class Issue:
    """What the issue says about "now": its year and month (month may be unknown)."""

    year: Optional[int]
    month: Optional[int]


def cn_number(text: str) -> Optional[int]:
    """Value of "31", "三十一", "十二", "二〇二三" (digit by digit), or None."""
    if text.isdigit():
        return int(text)
    if text == "元":
        return 1
    if "十" not in text:
        digits = [CN_DIGITS.get(ch) for ch in text]
        if None in digits:
            return None
        return int("".join(str(d) for d in digits))
    tens, _, units = text.partition("十")
    tens_value = CN_DIGITS.get(tens, None) if tens else 1
    units_value = CN_DIGITS.get(units, None) if units else 0
    if tens_value is None or units_value is None:
        return None
    return tens_value * 10 + units_value


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
    if issue.month in (1, 2) and month in (11, 12):
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


def _value(match: regex.Match, group: str) -> Optional[int]:
    """Numeric value of a named group, None when it did not take part."""
    text = match.group(group)
    return cn_number(text) if text else None


def _dates_of_match(match: regex.Match, issue: Issue, last_year: Optional[int]) -> Iterator[str]:
    """The ISO dates one DATE match names: the date, and the end of a range if any."""
    month, day = _value(match, "month"), _value(match, "day")
    if month is None:
        return
    explicit = _value(match, "year")
    fallback = Issue(issue.year or last_year, issue.month)
    year = resolve_year(month, fallback, explicit, match.group("rel"))
    first = iso(year, month, day)
    if first:
        yield first
    end_day = _value(match, "day2") or _value(match, "day3")
    if end_day is None or year is None:
        return
    end_month = _value(match, "month2") or month
    end_year = _value(match, "year2") or (year + 1 if end_month < month else year)
    end = iso(end_year, end_month, end_day)
    if end:
        yield end


def find_dates(text: str, issue: Issue) -> list[str]:
    """ISO dates in `text`, each once, in order of first mention."""
    found: dict[str, None] = {}
    last_year: Optional[int] = None
    for match in DATE.finditer(text):
        explicit = _value(match, "year")
        last_year = explicit or last_year
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
