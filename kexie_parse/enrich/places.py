"""Places (districts, cities, provinces, countries) and organisations mentioned in an article.

Places come from the shipped gazetteer (places.txt) and are given by their canonical name
(昌平 -> 昌平区), also when they are part of an organisation's name (昌平区科协 names 昌平区).

An organisation is a run of jieba words ending in an organisation word (学会, 科协, 中心, 大学 ...,
or a unit character such as 部/处/室 after a noun); the run goes back over nouns, places, numbers
and words jieba does not know, and stops at verbs, prepositions, punctuation, titles and names.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..vocab import org_endings
from .resources import Engine, Lexicon, Patterns
from .text import is_han

NOUNISH_TAGS = ("n", "j", "b", "vn", "nz", "ns", "nt", "m")
"""Dictionary tags (prefixes) of words that may be part of an organisation name."""

NOT_IN_ORG = frozenset({"召开", "举办", "主办", "承办", "协办", "联合", "共同", "参加", "来自", "以及", "其中",
                        "成功", "全市", "全国", "各", "该", "本", "我", "其", "与", "和", "及", "等", "的"})
"""Words that never belong to an organisation name even when the dictionary calls them nouns."""

SINGLE_UNIT_CHARS = frozenset(org_endings("unit"))
"""One-character unit words that close an organisation only after a noun (党群干部处)."""

NOT_ORG_WORDS = frozenset({"院士", "小组", "会议室", "教室", "场所", "厕所", "住所", "处级"})
"""Words ending like an organisation word that are not one."""

UNIT_WORD_TAGS = ("nt", "j", "n")
"""Tags of a word ending in a unit character (检查室, 督导组) that may close an organisation."""

LEADING_JUNK = frozenset({"部分", "左右", "时期", "一流", "精神", "工作", "兄弟", "计划", "全年", "轮流", "商定",
                          "常态化", "筑牢", "做优", "做强", "做实", "做好", "做大", "对标", "对表", "各", "全体",
                          "相关", "有关", "其他", "多家", "各级", "主要", "积极", "推动", "支持", "依托"})
"""Words that start a noun run but not an organisation name (部分学会, 做强园区科协)."""

NOT_AFTER_CENTRE = frozenset({"工作", "任务", "环节", "地位", "城区", "思想", "位置"})
"""Words after 中心 that make it "the centre of", not an organisation (市委市政府中心工作)."""

# a word of Chinese characters only
HAN_WORD = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+")

MAX_ORG_CHARS = 30
"""Longest organisation name, in characters."""


AMBIGUOUS_PLACE_NEIGHBOURS = frozenset("区、等")
"""Characters next to which an ambiguous alias (朝阳, 大兴) is a place: 朝阳区, 朝阳、大兴等区."""

DAY_DIGITS = frozenset("0123456789〇零一二两三四五六七八九十")
"""Characters before 日 that make "日本" the end of a date (5月6日本届) rather than Japan."""


PlaceSpan = tuple[int, int, str]
"""(start, end, alias) of a place mention."""


def place_spans(text: str, pat: Patterns, lex: Lexicon) -> list[PlaceSpan]:
    """Place mentions in `text` as (start, end, alias), in text order."""
    return [(m.start(), m.end(), m.group()) for m in place_matches(text, pat, lex)]


def place_matches(text: str, pat: Patterns, lex: Lexicon) -> Iterator[re.Match]:
    """Matches of place aliases in `text`, without ambiguous aliases used as ordinary words."""
    for m in pat.place.finditer(text):
        alias, start, end = m.group(), m.start(), m.end()
        if alias[0] == "日" and start and text[start - 1] in DAY_DIGITS:
            continue
        if alias in lex.ambiguous_places:
            before = text[start - 1] if start else ""
            after = text[end] if end < len(text) else ""
            if after not in AMBIGUOUS_PLACE_NEIGHBOURS and before != "、":
                continue
        yield m


def find_places(spans: list[PlaceSpan], lex: Lexicon, names: Iterable[tuple[int, int]] = ()) -> list[str]:
    """Canonical names of the place mentions `spans`, once each, in order of first mention.

    `names` are (start, end) spans of personal names: a place overlapping one (承德 of 韦承德,
    长沙 of 监事长沙静仪) is none.
    """
    names = list(names)
    found = (lex.places[alias] for start, end, alias in spans if not any(start < b and a < end for a, b in names))
    return list(dict.fromkeys(found))


def is_org_end(token: str, previous: str, following: str, eng: Engine, lex: Lexicon) -> bool:
    """Whether `token` closes an organisation name (`previous`, `following`: the words around it)."""
    if token[-1:] not in lex.org_suffix_last_chars or token in NOT_ORG_WORDS:
        return False
    if token.endswith("中心") and following in NOT_AFTER_CENTRE:
        return False
    if token in SINGLE_UNIT_CHARS:
        return bool(previous) and is_han(previous[-1]) and previous not in NOT_IN_ORG
    if len(token) < 2 or not token.endswith(lex.org_suffixes):
        return False
    if token[-1] not in SINGLE_UNIT_CHARS or token.endswith(lex.long_org_suffixes):
        return True
    tag = eng.tags.get(token)
    return tag is None or (tag.startswith(UNIT_WORD_TAGS) and (len(token) >= 3 or tag != "n"))


def is_leading_junk(token: str, eng: Engine) -> bool:
    """Whether `token` cannot start an organisation name (numbers other than 第…, verbal nouns, junk)."""
    tag = eng.tags.get(token) or ""
    return token in LEADING_JUNK or tag.startswith("vn") or (tag.startswith("m") and not token.startswith("第"))


def is_org_part(token: str, eng: Engine, lex: Lexicon, people: set[str]) -> bool:
    """Whether `token` may stand inside an organisation name (before its closing word)."""
    if not HAN_WORD.fullmatch(token) or token in NOT_IN_ORG or token in people or token in lex.titles_set:
        return False
    tag = eng.tags.get(token)
    if tag is None:
        return not eng.tokenizer.FREQ.get(token)
    return tag.startswith(NOUNISH_TAGS) and not tag.startswith("nr")


def org_spans(tokens: list[str], eng: Engine, lex: Lexicon, people: set[str]) -> Iterable[str]:
    """Organisation names in the token list, longest run ending at each closing word."""
    runs: list[str] = []
    last_chars = lex.org_suffix_last_chars
    ends = [i for i, tok in enumerate(tokens) if tok[-1:] in last_chars]
    padded = ["", *tokens, ""]
    for i in ends:
        tok = tokens[i]
        if not is_org_end(tok, padded[i], padded[i + 2], eng, lex) or tok in people:
            continue
        j, size = i, len(tok)
        while j > 0 and is_org_part(tokens[j - 1], eng, lex, people) and size + len(tokens[j - 1]) <= MAX_ORG_CHARS:
            j -= 1
            size += len(tokens[j])
        while j < i and is_leading_junk(tokens[j], eng):
            j += 1
        name = "".join(tokens[j:i + 1])
        if name not in lex.org_suffixes and len(name) >= 3:
            runs.append(name)
    return _drop_prefixes(runs)


def _drop_prefixes(names: list[str]) -> list[str]:
    """`names` without a name that only starts the next one (市委组织部 before 市委组织部党群干部处)."""
    kept = []
    for i, name in enumerate(names):
        following = names[i + 1] if i + 1 < len(names) else ""
        if not following.startswith(name):
            kept.append(name)
    return kept


def find_organizations(tokens: list[str], attribution: list[str], eng: Engine, lex: Lexicon,
                       people: set[str]) -> list[str]:
    """Organisations in the text, then those of the attribution mark, once each."""
    found = list(org_spans(tokens, eng, lex, people)) + [a.strip() for a in attribution if a.strip()]
    return list(dict.fromkeys(found))
