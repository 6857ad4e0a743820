"""Masthead: title, year, issue, cumulative issue, special issue, issuer, date at the head of an issue."""
from __future__ import annotations

import regex

from ..model import Masthead
from ..vocab import org_endings
from ..vocab.dates import first_date as parse_date  # noqa: F401 (the masthead's date reader, imported from here)
from ..vocab.issues import ISSUE, NUM, SPECIAL, TOTAL_ISSUE  # noqa: F401 (read here by the masthead's callers)
from ..vocab.numerals import cn_number

# a trailing "compiled by" on the issuer: "北京市科协学会服务中心编", "…编印", "…主办"
ISSUER_SUFFIX = regex.compile(r"\s*(?:编印|編印|编制|编发|印发|主办|主辦|编|編)\s*$")
# an issuer introduced by a label: "主办：北京市科协", "编印单位：…", "主办单位：…"
ISSUER_LABELLED = regex.compile(r"^(?:主办|主辦|编印|編印|承办|编发|出版|编辑出版|主办单位|编印单位|编发单位|出品)\s*(?:单位)?\s*[：:]\s*"
                                r"(?P<name>\S.{1,40})$")
# words that end an issuing body's name: any organisation ending, or a "compiled by" word (…中心编)
ISSUER_END = regex.compile("(?:" + "|".join(org_endings()) + r"|编|編|编印|編印|主办|主辦)$")


def letter_spaced(text: str) -> str:
    """"科 协 每 周 动 态" -> "科协每周动态"."""
    if regex.fullmatch(r"(?:\p{Han}\s+)+\p{Han}", text.strip()):
        return regex.sub(r"\s+", "", text)
    return text


# a classification mark printed above the title: "内部资料", "注意保存", "内部刊物 免费交流"
CLASSIFICATION_MARK = regex.compile(r"^(?:内部资料|注意保存|内部刊物|内部参阅|免费交流|秘密|机密|密级\S*|\s)+$")


def is_field_line(text: str) -> bool:
    """The line holds an issue number, a cumulative issue or a date: a masthead field, never its title."""
    compact = regex.sub(r"\s+", "", text)
    return bool(ISSUE.search(compact) or TOTAL_ISSUE.search(compact) or parse_date(compact))


class MastheadReader:
    """Feeds masthead lines one by one; says whether each fills a field."""

    def __init__(self) -> None:
        self.m = Masthead()
        self.printed: list[str] = []
        self.marks = 0

    def set_title(self, text: str, number: int) -> None:
        """Take this line as the bulletin title (letter spacing removed)."""
        t = text.strip()
        title = letter_spaced(t) if " " in t else t
        self.m.title = regex.sub(r"\s+", "", title) if regex.search(r"\p{Han}", title) else title
        self.printed.append(t)
        self.m.lines.append(number)

    def keep(self, text: str, number: int) -> None:
        """A masthead line that fills no field: kept as printed."""
        self.printed.append(text.strip())
        self.m.lines.append(number)

    def read(self, text: str, number: int, first: bool) -> bool:
        """Take one line; False when it is not a masthead line (the masthead ended before it)."""
        t = text.strip()
        compact = regex.sub(r"\s+", "", t)
        took = False
        if self.m.title is None and CLASSIFICATION_MARK.match(t):
            self.printed.append(t)   # kept with the masthead, not taken for the title
            self.m.lines.append(number)
            self.marks += 1
            return True
        if (first or self.marks and self.m.title is None) and not ISSUE.search(compact) and not parse_date(compact):
            self.m.title = letter_spaced(t) if " " in t else t
            self.m.title = regex.sub(r"\s+", "", self.m.title) if regex.search(r"\p{Han}", self.m.title) else self.m.title
            took = True
        else:
            rest = compact
            im = ISSUE.search(rest)
            if im and self.m.issue is None:
                self.m.issue = cn_number(im.group("issue"))
                if im.group("year"):
                    self.m.year = cn_number(im.group("year"))
                if im.group("special"):
                    self.m.special = im.group("special")
                rest = rest[: im.start()] + rest[im.end():]
                took = True
            tm = TOTAL_ISSUE.search(rest)
            if tm and self.m.total_issue is None:
                self.m.total_issue = cn_number(tm.group("total"))
                rest = rest[: tm.start()] + rest[tm.end():]
                took = True
            sm = SPECIAL.search(rest)
            if sm and (took or rest.strip() == sm.group(0)):
                self.m.special = self.m.special or sm.group("special")
                rest = rest[: sm.start()] + rest[sm.end():]
                took = True
            if self.m.year is None and took:
                ym = regex.match(r"^(\d{4})年(?:度)?$", rest.strip("（）()"))
                if ym:
                    self.m.year = int(ym.group(1))
                    rest = ""
            dm = parse_date(rest)
            if dm and self.m.date is None:
                iso, s, e = dm
                self.m.date = iso
                before, after = rest[:s].strip(), rest[e:].strip()
                rest = (before + " " + after).strip()
                took = True
                if rest and self.m.issuer is None and self._issuer_like(before or after):
                    self.m.issuer = ISSUER_SUFFIX.sub("", before or after)
                    rest = ""
            rest = rest.strip("（）() ")
            lm = ISSUER_LABELLED.match(compact)
            if not took and lm and self.m.issuer is None:
                self.m.issuer = ISSUER_SUFFIX.sub("", lm.group("name"))
                took = True
            elif not took and self.m.issuer is None and self._issuer_like(compact) and self.m.title is not None:
                self.m.issuer = ISSUER_SUFFIX.sub("", compact)
                took = True
            elif took and rest and not regex.search(r"\p{Han}{2}", rest):
                rest = ""
        if took:
            self.printed.append(t)
            self.m.lines.append(number)
        return took

    def take_issuer(self, text: str, number: int) -> bool:
        """A short line standing where the issuer stands (before the date) is the issuer, whatever it ends with."""
        compact = regex.sub(r"\s+", "", text)
        if self.m.issuer is not None or self.m.title is None or not (2 <= len(compact) <= 30) \
                or regex.search(r"[，。；！？：:]", compact) or not regex.search(r"\p{Han}{2}", compact):
            return False
        self.m.issuer = ISSUER_SUFFIX.sub("", compact)
        self.printed.append(text.strip())
        self.m.lines.append(number)
        return True

    @staticmethod
    def _issuer_like(text: str) -> bool:
        return (2 <= len(text) <= 30 and bool(regex.search(r"\p{Han}{2}", text))
                and not regex.search(r"[，。；！？：:]", text) and bool(ISSUER_END.search(text)))

    def finish(self) -> Masthead:
        if self.m.year is None and self.m.date:
            self.m.year = int(self.m.date[:4])
        return self.m
