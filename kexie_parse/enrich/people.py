"""Personal names and the titles printed before them.

jieba's `nr` tag alone is unreliable (it tags 今天下午 and misses most names), so a name is a
surname from the shipped list plus one or two characters, accepted by what stands around it.

Left of the name: a title (副处长赵凝), a unit (检查室俞杰), an organisation (区疾控中心|某某, 农技站|某某:
any right context but 、, which lists the organisation's things: 官网、官微), 、 of an enumeration,
the start of a clause, or a jieba word boundary. Right of the name: a title (沈洁书记) or a trigger word (主持,
指出, 一行 ...) = "strong"; 、 or 等 = "enum"; punctuation; a one-character verb or preposition
(说, 在, 向 ...) = "weak".

First pass: a title or unit on the left accepts any right context; a strong right context accepts
any left one (a mere word boundary on the left needs one at the end too); a clause start with a
weak right context needs the candidate to be one jieba word.
A head count after 等 (李四等3人, 等15名, 等人) is a strong right context.
Bare enumerations: 、-joined items closed by 等, 为, 当选 or a trigger word (增补李四、王五、赵六等3人为委员)
are names when every item is a surname plus one or two characters that no rule rejects.
Second pass, to a fixpoint: an item of an enumeration next to an accepted name (教授李四、王五、赵六等).
Glued names: a name that is a shorter accepted name plus one character, never itself followed by a
known right context, is cut back to the shorter one (秘书长吕申领学了… with 吕申要求 elsewhere).
Also names: words jieba does not know, shaped like a name, that recur; public figures of
known_people.txt (习近平新时代…).
Common-word given names: a candidate whose given name is a frequent dictionary noun or verb
(向|公众, 谈|疫情, 向|大家) needs strong evidence: a title right before it that starts a jieba word
(not 作者 inside 工作者) and is not followed by a preposition or speech verb (专家|向|大家), the
start of a sentence with a trigger word after it (。宋建平说：), being an item of an enumeration with real names, or a recurring mention
with a strong right context. A trigger verb after it alone (，向公众介绍) is not enough, and nothing in the
article's title counts (研究员高建平 stays a name). The right context decides between a two- and a three-character
name (吴智|向各位 but 郭鲁钢|出席).
Word-cutting candidates: a candidate whose right edge cuts a jieba word in two (关注职|称: its last
character starts the frequent word 职称 jieba cut there), or whose surname and first given character
form a frequent non-name word (关注, 高度, 方向), is an ordinary phrase unless vouched for the same way;
a title that merely names a group of people (会员, 学员, 居民) vouches for none of these doubtful
candidates. Titles, places, organisation words, ordinary dictionary words and
listed non-names are never names.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Callable, Optional

import regex

from ..model import Role
from ..vocab import org_endings
from ..vocab.numerals import cn_number
from .places import PlaceSpan, place_spans
from .resources import Engine, Lexicon, Patterns
from .text import BOUNDARY, is_han

LEFT_STRENGTH = {"known": 6, "title": 5, "unit": 4, "org": 4, "enum": 3, "recur": 2, "clause": 2, "word": 1}
"""How much a left context vouches for a name; decides which of two overlapping candidates wins."""

UNIT_CHARS = frozenset("组室处部局办")
"""Last characters of an office or unit a name may follow directly (检查室俞杰)."""

ORG_END_CHARS = frozenset("站")
"""One-character organisation ends (农技站) a name may follow directly, like a long organisation
suffix (区疾控中心|郁文博): left kind "org"."""

ORG_TAIL_CHARS = frozenset(org_endings("unit")) | frozenset("院会协司校团社站队")
"""Characters that end organisation words, never a name: the one-character unit words of
`vocab.org_endings` and the last characters of 学院, 学会, 科协, 公司, 学校, 集团, 报社, 工作站, 服务队
(园 and 科 end given names too)."""

WEAK_FOLLOWERS = frozenset("说在向到对和与及作做以为同也就将从已称是的曾又还并亦率赴")
"""One-character verbs and prepositions that may follow a name (吴智向各位, 沈洁在会上)."""

NEVER_LAST = frozenset("说在向到对等和与及作做也就将从已称是的了曾又还并亦赴")
"""Characters a name does not end in; a candidate ending in one reached into the next word."""

LAST_AFTER_TITLE = frozenset("和")
"""Characters of `NEVER_LAST` that do end given names (阮清和): allowed after a title when a list
comma, punctuation or a title or trigger word follows (副组长阮清和、…), never otherwise (王五和李四)."""

NOT_GIVEN = frozenset("人们者位名个次些余各每该其此这那")
"""Characters that are not part of a given name (万人, 向各位)."""

HONORIFICS = frozenset({"先生", "女士", "同志", "老师", "师傅", "院士", "教授", "主任", "书记", "会长", "主席", "总",
                        "工", "老", "总工", "博士", "同学", "局长", "处长", "部长", "校长", "院长", "所长"})
"""Words that follow a bare surname (王先生, 李总): surname + honorific is not a full name."""

NAME_LIKE_TAGS = frozenset({"ns", "nz"})
"""Dictionary tags of rare words that may still be a name right after a title."""

COMMON_WORD_FREQ = 100
"""jieba dictionary frequency from which a word is an ordinary word (齐声, 祝福 are tagged nr)."""

COMMON_GIVEN_TAGS = frozenset({"n", "v", "vn", "r"})
"""Dictionary tags of a given-name part that makes a candidate an ordinary phrase unless vouched for
(向|公众, 谈|疫情): nouns, verbs, pronouns. Adjectives and place-like words (宏伟, 长河) are common
given names and are left alone."""

SENTENCE_STARTS = frozenset("。！？；\n")
"""Characters after which a sentence starts: a name there followed by a trigger word is its subject
(。宋建平说：), enough evidence for a given name that is an ordinary word; after a comma it is not
(，向公众介绍)."""

GROUP_TITLES = frozenset({"会员", "学员", "校友", "居民", "村民", "市民", "农民", "果农", "工人", "选手", "队员",
                          "作者", "大学生", "研究生", "博士生", "硕士生"})
"""Titles that merely name a group of people (近半数学员|关注职|称): before a doubtful candidate
(see `doubtful`) they vouch for nothing."""

SPEECH_VERBS = frozenset("谈讲论说")
"""One-character speech verbs that follow a title as a word (专家谈疫情): like a preposition
(专家向大家, 专家于会上), such a surname-like character right after a title vouches for no name
whose given name is an ordinary word."""

PREFER_SHORT = WEAK_FOLLOWERS | frozenset("一主出表指强介提要建陪致带分代会")
"""Third characters that, when a two-character name also fits, make the shorter name the choice."""

NAME_OPENERS = frozenset("由和与及同请邀是为的给向对")
"""Characters after which a name with middle dots may start (会议由|艾力·吐尔逊主持)."""

DOTTED_PART_MAX = 8
"""Longest part of a name with middle dots (阿依古丽·买买提), in characters."""

DOTTED_ORDINARY_FREQ = 1000
"""jieba dictionary frequency from which a part of a dotted run is an ordinary word (科技·创新),
higher than `COMMON_WORD_FREQ`: jieba counts some name parts as nouns (买买提 272)."""

# a run of Han characters joined by middle dots: the words around a name like 阿依古丽·买买提
DOTTED_RUN = regex.compile(r"\p{Han}+(?:·\p{Han}+)+")

# everything up to the last clause word that ends a title phrase before a name (由, 邀请, 的 ...)
TITLE_PHRASE_START = regex.compile(r".*(?:由|邀请了?|特邀|的|是|其中|包括)")

HEAD_COUNT = regex.compile(r"等(?:[0-9]+|[一二三四五六七八九十两百千几数]+)[余多]?[人名位]|等人|等同志")
"""A head count closing a list of people (等3人, 等十余名, 等人): a strong right context after a name."""

BARE_LIST_CLOSE = regex.compile(r"等|为|当选")
"""Words that close an enumeration of bare names (李四、王五等, 王五、赵六为委员, 当选)."""

LIST_COUNT = regex.compile(r"([0-9]+|[一二两三四五六七八九十]+)(?:位|名|人)")
"""A head count right after the last item of a bare enumeration (李四、王五两位青年教师)."""

BARE_LIST_MIN_ITEMS_AT_PUNCT = 3
"""Items a bare enumeration closed by punctuation alone needs (李四、王五、赵六。)."""

_BOUNDARY_CLASS = re.escape("".join(sorted(BOUNDARY)))
BARE_LIST = re.compile(f"(?<![^{_BOUNDARY_CLASS}])[^{_BOUNDARY_CLASS}]++(?:、[^{_BOUNDARY_CLASS}]++)+")
"""A run of 、-joined segments (the first may carry words before its name, the last words after it)."""

TITLE_MARK = 1
"""Value of `Context.blocked` for characters of a title (places are 2)."""

PHRASE_STOP = BOUNDARY
"""Characters a title phrase does not run back across."""

TITLE_PHRASE_MAX = 30
"""Longest title phrase kept for a role, in characters."""


Rule = Callable[["Context", str, Optional[str], int, int], bool]
"""Decides from (context, left kind, right kind, start, end) whether a candidate is a name."""


@dataclass(frozen=True)
class Span:
    """One accepted occurrence of a name in the text."""

    start: int
    end: int
    strength: int
    title_start: Optional[int] = None
    """Start of the title right before the name, when the left context is a title."""
    vouched: bool = False
    """Strong evidence stands around this occurrence (a title that starts a word, an enumeration
    with real names): enough for a name whose given name is an ordinary word (see `confirm_common`)."""


@dataclass
class Context:
    """Everything the rules look up about one article text, computed once per text."""

    text: str
    lex: Lexicon
    pat: Patterns
    eng: Engine
    blocked: bytearray
    """1 for characters inside a title, 2 for characters inside a place."""
    title_start_by_end: dict[int, int]
    """End offset of each title match -> its start."""
    token_starts: set[int]
    """Offsets where a jieba token starts."""
    tokens: list[str]
    """The jieba tokens of the text."""
    counts: Counter[str]
    """How often each token occurs."""
    headline_end: int = 0
    """End of the article's title at the start of the text: nothing in it vouches for a name."""
    token_at: dict[int, str] = field(default_factory=dict)
    """Start offset of each jieba token -> the token."""


def build_context(text: str, tokens: list[str], lex: Lexicon, pat: Patterns, eng: Engine,
                  places: Optional[list[PlaceSpan]] = None, counts: Optional[Counter[str]] = None,
                  headline_end: int = 0) -> Context:
    """Precompute the lookups the name rules need for `text`, its jieba `tokens`, its place
    mentions and token counts (both computed here when not given); `headline_end`: length of
    the article's title at the start of `text`."""
    blocked = bytearray(len(text))
    title_start_by_end: dict[int, int] = {}
    for m in pat.title.finditer(text):
        blocked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
        title_start_by_end[m.end()] = m.start()
    for start, end, _ in place_spans(text, pat, lex) if places is None else places:
        if end <= len(text) and not (blocked[start] == TITLE_MARK and start not in title_start_by_end):
            # a place starting inside a title is none (监事长|沙… holds no 长沙)
            blocked[start:end] = b"\x02" * (end - start)
    token_starts = set(accumulate(map(len, tokens), initial=0))
    token_at = dict(zip(accumulate(map(len, tokens), initial=0), tokens))
    return Context(text, lex, pat, eng, blocked, title_start_by_end, token_starts, tokens,
                   Counter(tokens) if counts is None else counts, headline_end, token_at)


def left_kind(ctx: Context, start: int) -> Optional[str]:
    """What stands left of a candidate starting at `start`: title, unit, enum, clause, word or None
    (None right after a digit: 3项活动)."""
    if start in ctx.title_start_by_end:
        return "title"
    if start and ctx.text[start - 1:start + 1] in ctx.lex.compound_surnames and not ctx.blocked[start - 1]:
        return None  # the second character of a compound surname: 欧阳|明华 is never 阳明华 (副组长|孙 is fine)
    prev = ctx.text[start - 1] if start else "\n"
    if prev == "、":
        return "enum"
    if prev in BOUNDARY:
        return "clause"
    if prev in UNIT_CHARS and not ctx.blocked[start - 1]:
        return "unit"
    if start in ctx.token_starts and not ctx.blocked[start - 1] and (
            prev in ORG_END_CHARS or ctx.text.endswith(ctx.lex.long_org_suffixes, 0, start)):
        return "org"  # right after an organisation (区疾控中心|郁文博, 农技站|胡卫东): needs a right context
    if prev.isascii() and prev.isdigit():
        return None  # a measure word after a number, not a surname (3项活动, 5万元)
    return "word" if start in ctx.token_starts else None


def right_kind(ctx: Context, end: int) -> Optional[str]:
    """What stands right of a candidate ending at `end`: strong, enum, punct, weak or None."""
    text = ctx.text
    if end >= len(text):
        return "punct"
    nxt = text[end]
    if nxt == "等" and HEAD_COUNT.match(text, end):
        return "strong"
    if nxt == "、" or nxt == "等":
        return "enum"
    if nxt in BOUNDARY:
        return "punct"
    if ctx.pat.follower.match(text, end):
        return "strong"
    return "weak" if nxt in WEAK_FOLLOWERS else None


def is_token(ctx: Context, start: int, end: int) -> bool:
    """Whether text[start:end] is exactly one jieba token."""
    return start in ctx.token_starts and end in ctx.token_starts


def accepts(ctx: Context, left: str, right: Optional[str], start: int, end: int) -> bool:
    """First pass: whether the contexts on their own make text[start:end] a name."""
    if right is None:
        return False
    if left in ("title", "unit"):
        return True
    if left == "org":
        return right != "enum"  # not a list of things the organisation has (市科协官网、官微)
    if right == "strong":
        return left != "word" or end in ctx.token_starts  # mid-phrase: only a whole jieba word
    return left == "clause" and right == "weak" and is_token(ctx, start, end)


def enumeration_rule(names: set[str]) -> Rule:
    """Second pass: a candidate next to an accepted name across 、 (王五 in 教授李四、王五、赵六等)."""

    def accepts_next_to_name(ctx: Context, left: str, right: Optional[str], start: int, end: int) -> bool:
        """Whether text[start:end] is an item of an enumeration that holds an accepted name."""
        text = ctx.text
        if right is None and not is_token(ctx, start, end):
            return False
        before = left == "enum" and any(text.endswith(n, 0, start - 1) for n in names)
        after = text.startswith("、", end) and any(text.startswith(n, end + 1) for n in names)
        return before or after

    return accepts_next_to_name


def plausible(ctx: Context, start: int, end: int, vouched: bool) -> bool:
    """Whether text[start:end] may be a name at all.

    `vouched`: a title or unit stands before it and a known word after it; then any word jieba
    tags as a name, or a rare place-like word, may be one. Otherwise the candidate must not be a
    frequent dictionary word, nor start with one (毕业|后, 祝福|和).
    """
    cand = ctx.text[start:end]
    if end > len(ctx.text) or not all(is_han(ch) for ch in cand):
        return False
    if ctx.blocked[start] or TITLE_MARK in ctx.blocked[start:end]:
        return False  # begins with a place (昌平) or holds a title; 韦承德 holds the place 承德 and is fine
    if cand[-1] in ORG_TAIL_CHARS:
        return False
    if cand[-1] in NEVER_LAST and not (cand[-1] in LAST_AFTER_TITLE and vouched and _closed_after(ctx, end)):
        return False
    slen = surname_length(ctx, start) or 1
    given = cand[slen:]
    if given in HONORIFICS or any(ch in NOT_GIVEN for ch in given):
        return False
    lex = ctx.lex
    if cand in lex.not_names or cand in lex.places or cand in lex.titles_set:
        return False
    if not _dictionary_allows(ctx, cand, vouched):
        return False
    return vouched or len(given) < 2 or not _is_common_word(ctx, cand[:slen + 1])


def _closed_after(ctx: Context, end: int) -> bool:
    """Whether a list comma, punctuation or a title or trigger word follows position `end`."""
    return right_kind(ctx, end) in ("enum", "punct", "strong") and not ctx.text.startswith("等", end)


def _dictionary_allows(ctx: Context, cand: str, vouched: bool) -> bool:
    """Whether jieba's dictionary lets `cand` be a name (unknown words always do)."""
    tag = ctx.eng.tags.get(cand)
    if tag is None:
        return True
    rare = (ctx.eng.tokenizer.FREQ.get(cand) or 0) < COMMON_WORD_FREQ
    if tag.startswith("nr"):
        return vouched or rare
    return vouched and rare and tag in NAME_LIKE_TAGS


def _is_common_word(ctx: Context, word: str) -> bool:
    """Whether `word` is a frequent dictionary word not tagged as a name (毕业, 单位)."""
    tag = ctx.eng.tags.get(word)
    return bool(tag) and not tag.startswith("nr") and (ctx.eng.tokenizer.FREQ.get(word) or 0) >= COMMON_WORD_FREQ


def common_word_name(ctx: Context, start: int, end: int) -> bool:
    """Whether the two-character candidate text[start:end] is a frequent dictionary word (沙龙,
    高峰): such a word is a name only with strong evidence."""
    return end - start == 2 and (ctx.eng.tokenizer.FREQ.get(ctx.text[start:end]) or 0) >= COMMON_WORD_FREQ


def common_given(ctx: Context, start: int, end: int) -> bool:
    """Whether the given name of the candidate text[start:end] is a frequent dictionary noun or
    verb (公众 of 向公众, 疫情 of 谈疫情), so that the candidate may be an ordinary phrase."""
    given = ctx.text[start + (surname_length(ctx, start) or 1):end]
    return (len(given) == 2 and ctx.eng.tags.get(given) in COMMON_GIVEN_TAGS
            and (ctx.eng.tokenizer.FREQ.get(given) or 0) >= COMMON_WORD_FREQ)


def cuts_word(ctx: Context, start: int, end: int) -> bool:
    """Whether the candidate text[start:end] is an ordinary phrase cut out of the text: its last
    character starts a frequent jieba word that runs past `end` (关注职|称 cuts 职称), or its surname
    and first given character form a frequent non-name word (关注|职, 高度, 方向)."""
    last = ctx.token_at.get(end - 1)
    if last is not None and len(last) > 1 and _is_common_word(ctx, last):
        return True
    slen = surname_length(ctx, start) or 1
    return end - start - slen == 2 and _is_common_word(ctx, ctx.text[start:start + slen + 1])


def doubtful(ctx: Context, start: int, end: int) -> bool:
    """Whether the candidate text[start:end] may be an ordinary phrase and needs strong evidence
    (`Span.vouched`, see `confirm_common`): its given name is an ordinary word (向|公众) or it cuts
    a word (关注职|称, see `cuts_word`)."""
    return common_given(ctx, start, end) or cuts_word(ctx, start, end)


def _word_after_title(ctx: Context, start: int) -> bool:
    """Whether the surname character at `start` is also a preposition or speech verb that follows a
    title as a word of its own (专家|向|大家, 专家|谈|疫情)."""
    ch = ctx.text[start]
    return ch in SPEECH_VERBS or ctx.eng.tags.get(ch) == "p"


def confirm_common(ctx: Context, spans: list[Span]) -> list[Span]:
    """`spans` without names whose given name is an ordinary word (向公众) unless some occurrence
    outside the article's title is vouched for (`Span.vouched`), or the name recurs outside the
    title with a strong right context at least once (a trigger verb once is not enough)."""
    text, cut = ctx.text, ctx.headline_end
    doubtful_names = {text[s.start:s.end] for s in spans if doubtful(ctx, s.start, s.end)}
    if not doubtful_names:
        return spans
    good = {text[s.start:s.end] for s in spans if s.vouched and s.start >= cut} & doubtful_names
    for name in doubtful_names - good:
        ends = [m.start() + len(name) for m in re.finditer(re.escape(name), text) if m.start() >= cut]
        if len(ends) >= 2 and any(right_kind(ctx, e) == "strong" for e in ends):
            good.add(name)
    return [s for s in spans if text[s.start:s.end] in good or text[s.start:s.end] not in doubtful_names]


def surname_length(ctx: Context, start: int) -> int:
    """Length of the surname starting at `start` (2 for 欧阳), 0 when none does."""
    text = ctx.text
    if text[start:start + 2] in ctx.lex.compound_surnames:
        return 2
    return 1 if text[start] in ctx.lex.surnames else 0


def candidate_at(ctx: Context, start: int, rule: Rule, strength: Optional[int] = None,
                 vouched_by_rule: bool = False) -> Optional[Span]:
    """The name starting at `start` that `rule` accepts; of two lengths the right context picks one.

    After a title, when neither length is followed by a known word, the one ending where a jieba
    word ends is taken (院士韦承德家中, 副教授梁晨曦走进社区).
    """
    slen = surname_length(ctx, start)
    left = left_kind(ctx, start) if slen else None
    if left is None:
        return None
    if left == "word" and start + slen + 1 not in ctx.token_starts and start + slen + 2 not in ctx.token_starts:
        return None  # mid-phrase candidates must end where a jieba word ends: skip the rest cheaply
    options = []
    vouched = left in ("title", "unit")
    for end in (start + slen + 2, start + slen + 1):
        if rule(ctx, left, right_kind(ctx, end), start, end) and plausible(ctx, start, end, vouched):
            options.append(end)
    if not options and left == "title":
        options = [end for end in (start + slen + 2, start + slen + 1)
                   if end in ctx.token_starts and plausible(ctx, start, end, False)][:1]
    if not options:
        return None
    end = options[0]
    if len(options) == 2 and ctx.text[end - 1] in PREFER_SHORT and not (
            ctx.text[end - 1] in LAST_AFTER_TITLE and left == "title" and _closed_after(ctx, end)):
        end = options[1]
    title_start = ctx.title_start_by_end.get(start) if left == "title" else None
    if (not vouched_by_rule and common_word_name(ctx, start, end) and right_kind(ctx, end) != "strong"
            and not _vouched(ctx, start, end, title_start)):
        return None  # a frequent word (青年教师|沙龙。) needs a title that starts a word (教授|高峰) or a trigger after it
    vouched_here = vouched_by_rule or (doubtful(ctx, start, end) and _vouched(ctx, start, end, title_start))
    return Span(start, end, strength or LEFT_STRENGTH[left], title_start, vouched_here)


def _vouched(ctx: Context, start: int, end: int, title_start: Optional[int]) -> bool:
    """Whether the surroundings of text[start:end] vouch for it as a name whose given name is an
    ordinary word: a title that starts a jieba word, does not merely name a group (会员) and is not
    followed by a preposition or speech verb (专家|向|大家), or the start of a sentence with a
    trigger word after it (。宋建平说：)."""
    if (title_start is not None and title_start in ctx.token_starts and not _word_after_title(ctx, start)
            and ctx.text[title_start:start] not in GROUP_TITLES):
        return True
    return start > ctx.headline_end and ctx.text[start - 1] in SENTENCE_STARTS and right_kind(ctx, end) == "strong"


def known_spans(ctx: Context) -> list[Span]:
    """Occurrences of public figures of known_people.txt (习近平)."""
    return [Span(m.start(), m.end(), LEFT_STRENGTH["known"], vouched=True)
            for m in ctx.pat.known_person.finditer(ctx.text)]


def recurring_spans(ctx: Context) -> list[Span]:
    """Words jieba does not know, shaped like a name, that occur as a word at least twice and at
    least once between a clause boundary and a known right context (冷链物流 never is)."""
    freq, surnames = ctx.eng.tokenizer.FREQ, ctx.lex.surnames | ctx.lex.compound_surnames
    recurring = {t for t, n in ctx.counts.items()
                 if n >= 2 and 2 <= len(t) <= 4 and (t[0] in surnames or t[:2] in surnames) and not freq.get(t)}
    if not recurring:
        return []
    spans, vouched = [], set()
    for start, tok in zip(accumulate(map(len, ctx.tokens), initial=0), ctx.tokens):
        end = start + len(tok)
        if tok in recurring and len(tok) - surname_length(ctx, start) in (1, 2) and plausible(ctx, start, end, False):
            spans.append(Span(start, end, LEFT_STRENGTH["recur"]))
            if left_kind(ctx, start) not in ("word", None) and right_kind(ctx, end) is not None:
                vouched.add(tok)
    return [s for s in spans if ctx.text[s.start:s.end] in vouched]


def dotted_spans(ctx: Context) -> list[Span]:
    """Names with middle dots, of ethnic-minority and foreign people (副主席|阿依古丽·买买提|出席).

    The first part starts where a jieba word starts after a title, an organisation, a place, a
    clause word (由, 和, 的 ...) or punctuation; the last part ends where a jieba word starts
    before a known right context (the first such end: a title, a trigger word, 、, 等, punctuation;
    else the first before a one-character verb). No part may be an ordinary dictionary word
    (科技·创新 is a slogan, 第一章·总则 a heading: see `_ordinary_part`).
    """
    spans = []
    for run in DOTTED_RUN.finditer(ctx.text):
        first_dot, last_dot = run.group().index("·") + run.start(), run.group().rindex("·") + run.start()
        begin = _dotted_begin(ctx, run.start(), first_dot)
        end = _dotted_end(ctx, last_dot + 1, run.end())
        if begin is None or end is None:
            continue
        if ctx.text[begin - 1:begin] == "“" and ctx.text[end:end + 1] == "”":
            continue  # a quoted slogan: “青年托举·党员导师”
        if any(_ordinary_part(ctx, part) for part in ctx.text[begin:end].split("·")):
            continue
        left = "title" if begin in ctx.title_start_by_end else "clause"
        spans.append(Span(begin, end, LEFT_STRENGTH[left], ctx.title_start_by_end.get(begin), True))
    return spans


def _ordinary_part(ctx: Context, part: str) -> bool:
    """Whether `part` of a dotted run is ordinary words, not part of a name: a numeral (第一章), a
    very frequent word not tagged as a name (科技: jieba tags some name parts as nouns, 买买提 272,
    hence `DOTTED_ORDINARY_FREQ` for one word), or frequent words only (科技创新, 党员导师)."""
    freq, tags = ctx.eng.tokenizer.FREQ, ctx.eng.tags
    words = ctx.eng.tokenizer.lcut(part)
    if any((tags.get(w) or "").startswith("m") for w in words):
        return True
    threshold = DOTTED_ORDINARY_FREQ if len(words) == 1 else COMMON_WORD_FREQ
    return all(not (tags.get(w) or "").startswith("nr") and (freq.get(w) or 0) >= threshold for w in words)


def _dotted_begin(ctx: Context, run_start: int, first_dot: int) -> Optional[int]:
    """Start of the first part of a name with middle dots whose first dot is at `first_dot`:
    the word start nearest the dot after which a name may start, None when there is none."""
    for begin in range(first_dot - 1, max(run_start, first_dot - DOTTED_PART_MAX) - 1, -1):
        if begin == run_start or begin in ctx.title_start_by_end:
            return begin
        if begin not in ctx.token_starts:
            continue
        before = ctx.text[begin - 1]
        if before in NAME_OPENERS or ctx.blocked[begin - 1] or ctx.text.endswith(ctx.lex.long_org_suffixes, 0, begin):
            return begin
    return None


def _dotted_end(ctx: Context, part_start: int, run_end: int) -> Optional[int]:
    """End of the last part of a name with middle dots starting at `part_start`, None when no end
    is followed by a known right context."""
    weak = None
    for end in range(part_start + 1, min(run_end, part_start + DOTTED_PART_MAX) + 1):
        if end != run_end and end not in ctx.token_starts and ctx.text[end] not in NEVER_LAST:
            continue   # inside a jieba word, unless a character no name ends in follows (次仁|作了)
        right = right_kind(ctx, end)
        if right in ("strong", "enum", "punct"):
            if weak is not None and any(ch in NEVER_LAST for ch in ctx.text[weak:end]):
                return weak   # the longer end reaches over a verb (卓玛·次仁|作了题为《…》)
            return end
        if right == "weak" and weak is None and end - part_start >= 2:
            weak = end
    return weak


def context_spans(ctx: Context) -> list[Span]:
    """Candidates at every surname whose surroundings accept a name (first pass)."""
    spans = []
    for m in ctx.pat.surname.finditer(ctx.text):
        span = candidate_at(ctx, m.start(), accepts)
        if span is not None:
            spans.append(span)
    return spans


def enumeration_spans(ctx: Context, names: set[str]) -> list[Span]:
    """Names found only as items of an enumeration with an accepted name, to a fixpoint."""
    text, found = ctx.text, []
    if "、" not in text:
        return found
    starts = [m.start() for m in ctx.pat.surname.finditer(text)
              if text[m.start() - 1:m.start()] == "、" or "、" in text[m.start() + 2:m.start() + 5]]
    while True:
        rule = enumeration_rule(names)
        new = [s for s in (candidate_at(ctx, i, rule, LEFT_STRENGTH["enum"], True) for i in starts) if s is not None]
        new = [s for s in new if text[s.start:s.end] not in names]
        if not new:
            return found
        found += new
        names = names | {text[s.start:s.end] for s in new}


def bare_enumeration_spans(ctx: Context) -> list[Span]:
    """Items of 、-joined enumerations of bare names (增补李四、王五、赵六等3人为委员).

    Every item must be a surname plus one or two characters that `plausible` accepts; the first
    item may follow other words of its segment (增补|李四) when it starts a jieba word or follows a
    title, and the last must be followed by 等, 为, 当选 or a trigger word, or end the segment
    when the list has at least three items. Lists of places or words (北京、天津等3地) give nothing.
    """
    text, found = ctx.text, []
    if "、" not in text:
        return found
    for m in BARE_LIST.finditer(text):
        bounds, pos = [], m.start()
        for seg in m.group().split("、"):
            bounds.append((pos, pos + len(seg)))
            pos += len(seg) + 1
        # the list runs while items are names; the first item that is not one may be its last
        # (李四、王五等青年教师围绕…、…: the run of 、 goes on past the list)
        n_items = next((i + 1 for i, (a, b) in enumerate(bounds[1:], 1)
                        if not _middle_item(ctx, a, b)), len(bounds))
        bounds = bounds[:n_items]
        middle = [_middle_item(ctx, a, b) for a, b in bounds[1:-1]]
        last = _last_item(ctx, *bounds[-1], n_items, at_end=n_items == len(m.group().split("、")))
        if last is None or not all(middle):
            continue
        first = _first_item(ctx, *bounds[0])
        if first is not None:
            items = (first, *middle, last)
            real = any(not doubtful(ctx, a, b) for a, b in items)  # not a list of ordinary phrases
            found += [Span(a, b, LEFT_STRENGTH["enum"], vouched=real) for a, b in items]
    return found


def _middle_item(ctx: Context, start: int, end: int) -> Optional[tuple[int, int]]:
    """The name of a middle item [start, end) of an enumeration: the whole item, or its end after
    an organisation word or a title (资源与环境学院|车铭远)."""
    if _bare_name(ctx, start, end):
        return start, end
    begin = _name_after_org(ctx, start, end)
    return None if begin is None else (begin, end)


def _name_after_org(ctx: Context, start: int, end: int) -> Optional[int]:
    """Start of a name ending at `end` that follows an organisation word or a title inside
    [start, end) (动物医学院|桑晓岑), None when there is none."""
    for begin in range(max(start + 2, end - 4), end - 1):
        if (begin in ctx.token_starts or begin in ctx.title_start_by_end) and _bare_name(ctx, begin, end) \
                and (begin in ctx.title_start_by_end or ctx.text.endswith(ctx.lex.long_org_suffixes, start, begin)):
            return begin
    return None


def _bare_name(ctx: Context, start: int, end: int) -> bool:
    """Whether text[start:end] is a surname plus one or two characters that may be a name."""
    slen = surname_length(ctx, start)
    return bool(slen) and end - start - slen in (1, 2) and plausible(ctx, start, end, False)


def _first_item(ctx: Context, start: int, end: int) -> Optional[tuple[int, int]]:
    """The name ending the first segment [start, end) of an enumeration, the longest that fits."""
    for begin in range(max(start, end - 4), end - 1):
        if (begin == start or begin in ctx.token_starts or begin in ctx.title_start_by_end) \
                and _bare_name(ctx, begin, end):
            return begin, end
    return None


def _last_item(ctx: Context, start: int, end: int, n_items: int, at_end: bool = True) -> Optional[tuple[int, int]]:
    """The name starting the last segment [start, end) of an enumeration (or ending an organisation
    word there: 资源与环境学院车铭远两位), closed by 等, 为, 当选, a trigger word, a head count equal
    to the number of items (三位, 两名), or (with `BARE_LIST_MIN_ITEMS_AT_PUNCT` items, `at_end`:
    the segment ends the run) the end of the segment."""
    text = ctx.text
    starts = [start] if surname_length(ctx, start) else []
    starts += [b for b in range(start + 2, min(end, start + 12)) if b in ctx.token_starts and surname_length(ctx, b)
               and (b in ctx.title_start_by_end or text.endswith(ctx.lex.long_org_suffixes, start, b))]
    for begin in starts:
        slen = surname_length(ctx, begin)
        for stop in (begin + slen + 2, begin + slen + 1):
            if stop > end:
                continue
            if stop == end:
                closed = at_end and begin == start and n_items >= BARE_LIST_MIN_ITEMS_AT_PUNCT
            elif begin > start:
                closed = _count_of(text, stop) == n_items  # an organisation before it: only a matching count
            else:
                closed = bool(BARE_LIST_CLOSE.match(text, stop) or ctx.pat.follower.match(text, stop)
                              or _count_of(text, stop) == n_items)
            if closed and plausible(ctx, begin, stop, False):
                return begin, stop
    return None


def _count_of(text: str, pos: int) -> Optional[int]:
    """The number of a head count at `pos` (三位, 两名, 3位), None when there is none."""
    m = LIST_COUNT.match(text, pos)
    if m is None:
        return None
    return cn_number(m.group(1))


def cut_glued(ctx: Context, spans: list[Span], attested: frozenset[str] = frozenset()) -> list[Span]:
    """`spans` with a name glued to the next character cut back (吕申领|学了 -> 吕申).

    A span is cut when it is a shorter name plus one character, no occurrence of it is followed by
    a known right context nor is it a name of another article of the bulletin (`attested`), and the
    shorter name is firmly attested: a span of it here followed by a known right context
    (吕申要求), or a name of another article.
    """
    text = ctx.text
    firm = {text[s.start:s.end] for s in spans if right_kind(ctx, s.end) is not None}
    cut = []
    for span in spans:
        name = text[span.start:span.end]
        if (name not in firm and name not in attested and len(name) - surname_length(ctx, span.start) == 2
                and (name[:-1] in firm or name[:-1] in attested)):
            span = Span(span.start, span.end - 1, span.strength, span.title_start, span.vouched)
        cut.append(span)
    return cut


def extend_to_titled(ctx: Context, spans: list[Span]) -> list[Span]:
    """`spans` with a name that is one character short of a name printed after a title and closed
    by a known right context (副组长阮清和、… then 阮清|和对…) extended to that name."""
    text = ctx.text
    titled = {text[s.start:s.end] for s in spans
              if s.title_start is not None and right_kind(ctx, s.end) in ("enum", "punct", "strong")}
    out = []
    for span in spans:
        if text[span.start:span.end + 1] in titled:
            span = Span(span.start, span.end + 1, span.strength, span.title_start, span.vouched)
        out.append(span)
    return out


def select(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, stronger first, then longer, then earlier; in text order."""
    taken = bytearray(max((s.end for s in spans), default=0))
    chosen = []
    for span in sorted(spans, key=lambda s: (-s.strength, -(s.end - s.start), s.start)):
        if not any(taken[span.start:span.end]):
            taken[span.start:span.end] = b"\x01" * (span.end - span.start)
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def first_mentions(text: str, names: set[str], spans: list[Span]) -> list[str]:
    """`names` in order of first mention: the earliest occurrence not inside a longer accepted name."""
    covered = [(s.start, s.end) for s in spans]
    first: dict[str, int] = {}
    for name in names:
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if not any(a <= pos and end <= b and b - a > len(name) for a, b in covered):
                first[name] = pos
                break
            pos = text.find(name, pos + 1)
    return sorted(first, key=lambda n: (first[n], n))


def title_phrase(text: str, name_start: int, titles: tuple[str, ...]) -> str:
    """The title printed before a name: back to punctuation or a clause word, through 、-joined titles.

    "市科协党组书记、常务副主席韩立新" gives "市科协党组书记、常务副主席";
    "座谈会由北京市科协党组书记沈洁" gives "北京市科协党组书记".
    """
    phrase = _phrase_before(text, name_start)
    begin = name_start - len(phrase)
    while begin > 0 and text[begin - 1] == "、":
        previous = _phrase_before(text, begin - 1)
        if not previous or not previous.endswith(titles):
            break
        phrase = previous + "、" + phrase
        begin -= len(previous) + 1
    return phrase[-TITLE_PHRASE_MAX:]


def _phrase_before(text: str, end: int) -> str:
    """Text before `end` back to punctuation, without a leading clause word (由, 的, 邀请 ...)."""
    begin = end
    while begin > 0 and end - begin < 2 * TITLE_PHRASE_MAX and text[begin - 1] not in PHRASE_STOP:
        begin -= 1
    phrase = text[begin:end]
    cut = TITLE_PHRASE_START.match(phrase)
    return phrase[cut.end():] if cut else phrase


def find_people(text: str, tokens: list[str], lex: Lexicon, pat: Patterns, eng: Engine,
                places: Optional[list[PlaceSpan]] = None, counts: Optional[Counter[str]] = None,
                attested: frozenset[str] = frozenset(),
                headline_end: int = 0) -> tuple[list[str], list[Role], list[Span]]:
    """People in `text` (first-mention order), their roles, and the spans of the names.

    `places` (place mentions) and `counts` (token counts) may be passed when already computed;
    `attested`: names found elsewhere in the bulletin, to which a glued name is cut back;
    `headline_end`: length of the article's title at the start of `text` (it vouches for no name).
    """
    ctx = build_context(text, tokens, lex, pat, eng, places, counts, headline_end)
    spans = confirm_common(ctx, known_spans(ctx) + context_spans(ctx) + recurring_spans(ctx)
                           + bare_enumeration_spans(ctx) + dotted_spans(ctx))
    spans = select(spans)
    names = {text[s.start:s.end] for s in spans}
    spans = cut_glued(ctx, select(spans + enumeration_spans(ctx, names)), attested)
    spans = extend_to_titled(ctx, spans)
    names = {text[s.start:s.end] for s in spans}
    people = first_mentions(text, names, spans)
    return people, roles_of(text, spans, lex.titles), spans


def roles_of(text: str, spans: list[Span], titles: tuple[str, ...]) -> list[Role]:
    """One role per distinct (name, title phrase) pair of names printed after a title, in text order."""
    roles: dict[tuple[str, str], None] = {}
    for span in spans:
        if span.title_start is None:
            continue
        title = title_phrase(text, span.start, titles)
        if title:
            roles[(text[span.start:span.end], title)] = None
    return [Role(name=name, title=title) for name, title in roles]
