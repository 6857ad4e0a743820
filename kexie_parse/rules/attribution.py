"""Attributions closing an article: （北京制冷学会）, （A、B）, （供稿：X）, （X供稿）, (X供稿), （供稿：X　通讯员：Y）,
（北京市科协（科普部）供稿）, （文/张三　图/李四）, （供稿单位：X）, （X 张三）.

Found inline at the end of the last paragraph (after sentence-final punctuation) or on a line of
their own. A bracket in mid-text is never one. The organisations are the parts that end like one
(`vocab.org_endings`, every class); people credited in the mark (通讯员：…, 文/…, a name after an
organisation) are its `people`, never organisations.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

from ..normalize import TERMINAL
from ..vocab import org_endings, surnames
from . import REGEX_TIMEOUT

MARK_MAX_CHARS = 120
"""Longest inside of a mark, in characters."""

OWN_LINE_MAX_CHARS = 80
"""Longest inside of a mark printed on a line of its own, in characters."""

INNER_MAX_CHARS = 30
"""Longest bracketed span nested in a mark (the （科普部） of （北京市科协（科普部）供稿）), in characters."""

MARK_SEARCH_CHARS = 200
"""How far back from the end of a text a mark is looked for, in characters."""

_INNER = rf"[（(][^（）()]{{1,{INNER_MAX_CHARS}}}[）)]"
# a line that is nothing but a bracketed mark: "（供稿：北京力学会）", "(北京园艺学会供稿)", "（北京市科协（科普部）供稿）"
WHOLE_BRACKET = regex.compile(rf"^[（(](?:[^（）()]|{_INNER}){{1,{OWN_LINE_MAX_CHARS}}}[）)]$")
# a bracketed mark at the very end of a text: "……。（北京制冷学会）", one level of brackets nested in it
TRAILING_MARK = regex.compile(rf"(?P<mark>[（(]\s*(?P<body>(?:[^（）()]|{_INNER}){{2,{MARK_MAX_CHARS}}}?)\s*[）)])\s*$")
# "供稿：X", "供稿单位：X", "来源：X", "稿件来源：X" at the start of the mark
SUPPLIED_BY = regex.compile(r"^(?:供\s*稿(?:\s*单\s*位)?|稿件来源|来\s*源|信息来源|撰稿单位)\s*[：:]\s*")
# "X供稿", "X 供稿", "X提供" at the end of the mark
SUPPLIED_SUFFIX = regex.compile(r"\s*(?:供稿|提供|报送)\s*$")
# a role word crediting people: "通讯员", "作者", "摄影", "文/图", "文", "图" (always followed by ：or /; the
# space between two credits may be gone: "文/张三图/李四")
_ROLE = r"(?:通讯员|作\s*者|撰\s*稿|执\s*笔|摄\s*影|记\s*者|编\s*辑|文\s*[/／]\s*图|文|图)"
# a person credited inside the mark: "通讯员：王小明", "作者：…", "文/张三", "文/图：…", "图/李四"
PERSON_CREDIT = regex.compile(rf"[\s，,；;]*{_ROLE}\s*[：:/／]\s*"
                              rf"(?P<names>[^：:/／]*?)(?=[\s，,；;]*{_ROLE}\s*[：:/／]|$)")
# separators between the parts of a mark (organisations, people)
ORG_SEPARATORS = regex.compile(r"\s*[、，,；;]\s*|\s{2,}|\u3000+")
# separators between the names credited to one role
NAME_SEPARATORS = regex.compile(r"[\s、，,；;]+")
# what an organisation's name ends with (any class of the shared list: in a mark the whole part names a body)
ORG_END = regex.compile("(?:" + "|".join(org_endings()) + ")$")
# an organisation's ending anywhere in a text (to cut off a name printed after it)
ORG_END_ANYWHERE = regex.compile("(?:" + "|".join(org_endings()) + ")")
# text that cannot be an attribution: sentence punctuation, dates, percentages, quotes
NOT_ORG = regex.compile(r"[。！？：:“”《》%]|\d{4}年|\d+月|\d+日")
# the shape of an organisation's name
ORG_SHAPE = regex.compile(r"[\p{Han}A-Za-z0-9（）()·]{2,40}")
# a name with the middle dot of ethnic-minority and foreign names: "阿依古丽·买买提"
DOTTED_NAME = regex.compile(r"\p{Han}{1,8}(?:·\p{Han}{1,8})+")
# characters a place name ends with: "周口市" is no person though 周 is a surname
PLACE_END = regex.compile(r"[省市区县镇乡村街道]$")

GIVEN_NAME_CHARS = (1, 2)
"""Lengths of a given name after the surname, in characters."""

ORG_MIN_CHARS_WITHOUT_ENDING = 4
"""Shortest part of a mark taken for an organisation without an organisation's ending, in characters."""


@dataclass
class Attribution:
    """What an attribution mark says."""

    mark: str
    """The mark as printed, brackets included."""
    orgs: list[str]
    """The organisations it credits, in order."""
    people: list[str] = field(default_factory=list)
    """The people it credits (通讯员, 作者, 文/图, a name after an organisation)."""


def is_person_name(text: str) -> bool:
    """Whether `text` is shaped like a personal name: a surname (compound first) and one or two
    characters, or a name with middle dots (阿依古丽·买买提); never something ending like an
    organisation or a place (林业局, 周口市)."""
    if DOTTED_NAME.fullmatch(text):
        return True
    if not regex.fullmatch(r"\p{Han}{2,4}", text) or ORG_END.search(text) or PLACE_END.search(text):
        return False
    surname = surnames().length_at(text, 0)
    return bool(surname) and len(text) - surname in GIVEN_NAME_CHARS


def _split_people(part: str) -> tuple[str, list[str]]:
    """(organisation, people) of a part that is an organisation followed by names ("北京力学会 张三",
    "北京力学会张三", "北京力学会 张三 李四"); (part, []) when it is not one."""
    for m in sorted(ORG_END_ANYWHERE.finditer(part, overlapped=True), key=lambda m: -m.end()):
        org, rest = part[:m.end()].rstrip(), part[m.end():].strip()
        names = [n for n in NAME_SEPARATORS.split(rest) if n]
        if org and names and all(is_person_name(n) for n in names):
            return org, names
    return part, []


def read_mark(body: str) -> Optional[Attribution]:
    """Read the inside of a bracketed mark; None when it is not an attribution."""
    body = body.strip()
    people: list[str] = []
    for m in PERSON_CREDIT.finditer(body):
        people += [p for p in NAME_SEPARATORS.split(m.group("names")) if p]
    core = PERSON_CREDIT.sub("", body).strip(" ，,；;\u3000")
    supplied = bool(SUPPLIED_BY.match(core)) or bool(SUPPLIED_SUFFIX.search(core))
    core = SUPPLIED_SUFFIX.sub("", SUPPLIED_BY.sub("", core)).strip()
    if not core:
        return Attribution(mark="", orgs=[], people=people) if people else None
    if NOT_ORG.search(core):
        return None
    orgs: list[str] = []
    for part in (p for p in ORG_SEPARATORS.split(core) if p):
        if orgs and is_person_name(part):
            people.append(part)           # a person after an organisation: "北京力学会，张三"
            continue
        org, names = _split_people(part)
        orgs.append(org)
        people += names
    if not supplied and not people and not _names_organisations(orgs):
        return None
    return Attribution(mark="", orgs=orgs, people=people)


def _names_organisations(orgs: list[str]) -> bool:
    """Every part names an organisation: one with an organisation's ending, the others at least 4 Han characters."""
    if not any(ORG_END.search(o) for o in orgs):
        return False
    return all(ORG_SHAPE.fullmatch(o) and (ORG_END.search(o) or len(o) >= ORG_MIN_CHARS_WITHOUT_ENDING)
               for o in orgs)


def find_attribution(text: str, own_line: bool) -> Optional[tuple[str, Attribution]]:
    """(text before the mark, attribution) when `text` ends with an attribution mark."""
    try:
        m = TRAILING_MARK.search(text, max(0, len(text) - MARK_SEARCH_CHARS), timeout=REGEX_TIMEOUT)
    except TimeoutError:
        return None
    if not m:
        return None
    before = text[: m.start()].rstrip()
    if own_line:
        if before:
            return None
    elif before and before[-1] not in TERMINAL + "”’」』）)":
        return None
    att = read_mark(m.group("body"))
    if att is None:
        return None
    att.mark = m.group("mark")
    return before, att
