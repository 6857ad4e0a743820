"""Attributions closing an article: （北京制冷学会）, （A、B）, （供稿：X）, （X供稿）, (X供稿), （供稿：X　通讯员：Y）.

Found inline at the end of the last paragraph (after sentence-final punctuation) or on a line of
their own. A bracket in mid-text is never one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

from ..normalize import TERMINAL
from . import REGEX_TIMEOUT

# a line that is nothing but a bracketed mark: "（供稿：北京力学会）", "(北京园艺学会供稿)"
WHOLE_BRACKET = regex.compile(r"^[（(][^（）()]{1,80}[）)]$")
# a bracketed mark at the very end of a text: "……。（北京制冷学会）"
TRAILING_MARK = regex.compile(r"(?P<mark>[（(]\s*(?P<body>[^（）()]{2,120})\s*[）)])\s*$")
# "供稿：X", "供稿单位：X", "来源：X", "稿件来源：X" at the start of the mark
SUPPLIED_BY = regex.compile(r"^(?:供\s*稿(?:\s*单\s*位)?|稿件来源|来\s*源|信息来源|撰稿单位)\s*[：:]\s*")
# "X供稿", "X 供稿", "X提供" at the end of the mark
SUPPLIED_SUFFIX = regex.compile(r"\s*(?:供稿|提供|报送)\s*$")
# a person credited inside the mark: "通讯员：王小明", "作者：…", "撰稿：…", "摄影：…", "文/图：…"
PERSON_CREDIT = regex.compile(r"[\s，,；;]*(?:通讯员|作\s*者|撰\s*稿|执\s*笔|摄\s*影|记\s*者|文\s*/\s*图|文|图|编\s*辑)\s*[：:]\s*"
                              r"(?P<names>[^：:]*?)(?=[\s，,；;]+(?:通讯员|作者|撰稿|执笔|摄影|记者|文|图)\s*[：:]|$)")
# separators between organisations in a mark
ORG_SEPARATORS = regex.compile(r"\s*[、，,；;]\s*|\s{2,}|\u3000+")
# what an organisation's name ends with
ORG_END = regex.compile(r"(?:學會|協會|科協|會|學院|大學|學校|学会|协会|研究会|促进会|联合会|基金会|科协|科学技术协会|中心|大学|学院|学校|中学|小学|研究院|研究所|"
                        r"委员会|办公室|管委会|局|厅|部|处|科|室|公司|集团|馆|站|院|所|会|队|社|组|团|校|园|党委|党支部|"
                        r"支部|总支|分会|专委会|工作委员会|编辑部|报社|医院|实验室|基地|联盟|联合体|俱乐部|理事会|工作站|"
                        r"服务站|平台|协作体|共同体|园区|企业|事务所|出版社|杂志社|电视台|团委|科委|工委|妇联|工会)$")
# text that cannot be an attribution: sentence punctuation, dates, percentages, quotes
NOT_ORG = regex.compile(r"[。！？：:“”《》%]|\d{4}年|\d+月|\d+日")


@dataclass
class Attribution:
    mark: str
    orgs: list[str]
    people: list[str] = field(default_factory=list)


def read_mark(body: str) -> Optional[Attribution]:
    """Read the inside of a bracketed mark; None when it is not an attribution."""
    body = body.strip()
    people: list[str] = []
    for m in PERSON_CREDIT.finditer(body):
        people += [p for p in regex.split(r"[\s、，,]+", m.group("names")) if p]
    core = PERSON_CREDIT.sub("", body).strip(" ，,；;")
    supplied = bool(SUPPLIED_BY.match(core)) or bool(SUPPLIED_SUFFIX.search(core))
    core = SUPPLIED_SUFFIX.sub("", SUPPLIED_BY.sub("", core)).strip()
    if not core:
        return Attribution(mark="", orgs=[], people=people) if people else None
    if NOT_ORG.search(core):
        return None
    orgs = [o for o in ORG_SEPARATORS.split(core) if o]
    if not supplied and not people and not _names_organisations(orgs):
        return None
    return Attribution(mark="", orgs=orgs, people=people)


def _names_organisations(orgs: list[str]) -> bool:
    """Every part names an organisation: one with an organisation's ending, the others at least 4 Han characters."""
    if not any(ORG_END.search(o) for o in orgs):
        return False
    return all(regex.fullmatch(r"[\p{Han}A-Za-z0-9（）()·]{2,40}", o) and (ORG_END.search(o) or len(o) >= 4)
               for o in orgs)


def find_attribution(text: str, own_line: bool) -> Optional[tuple[str, Attribution]]:
    """(text before the mark, attribution) when `text` ends with an attribution mark."""
    try:
        m = TRAILING_MARK.search(text, max(0, len(text) - 200), timeout=REGEX_TIMEOUT)  # the mark is at the end
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
