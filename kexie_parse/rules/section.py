"""Section markers: a short name standing alone, wrapped in or led by a symbol, letter-spaced, or numbered.

Printed forms are an open class (【学会动态】, 〖学会动态〗, ■ 学会动态, ◆学会动态◆, ★学会动态, ▌学会动态,
〓学会动态〓, 『学会动态』, 「学会动态」, 学 会 动 态, 一、学会动态, and whatever symbol a designer picks), so
a marker is recognised by shape plus the document's evidence, not by a list of characters:

- `marker_form` says whether a line is *shaped* like a marker: a name of 2-12 letters, wrapped in any pair
  of opening/closing brackets (Unicode Ps/Pe, Pi/Pf) other than round brackets and 《》, led (and maybe
  closed) by any symbol (Unicode S*, or a bullet-like punctuation), letter-spaced, or numbered (一、).
- `find_section_markers` decides with evidence: a strong form (lenticular, tortoise-shell and square
  brackets, the traditional block glyphs) is a marker; any other form is one when the TOC names it, or when
  the same form comes back in the issue and a title (not prose) follows each occurrence. A numbered
  heading followed by prose is a subheading inside an article, never a marker.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

import regex

from ..normalize import squash, width

# a section name in brackets filling the whole line: 【学会动态】 〖学会动态〗 ［学会动态］ [学会动态] 〔学会动态〕
BRACKETED_MARKER = regex.compile(r"^\s*[【〖［\[〔]\s*(?P<name>[^【】〖〗［］\[\]〔〕]{1,16}?)\s*[】〗］\]〕]\s*$")
# a short section name after a square/diamond/triangle glyph, optionally closed by the same: ■ 学会动态, ◆学会动态◆
# (● and • are list bullets, never section glyphs on their own evidence)
GLYPH_MARKER = regex.compile(r"^\s*(?P<g>[■□◆◇▲△★☆▌▍▎▶►])\s*(?P<name>[\p{Han}A-Za-z0-9·、]{2,10}?)\s*(?P=g)?\s*$")
# any pair of brackets around a short name (round brackets hold attributions, 《》 book titles: excluded)
ANY_BRACKETED = regex.compile(r"^\s*(?P<o>(?![（(《〈<])[\p{Ps}\p{Pi}])\s*(?P<name>[\p{Han}A-Za-z0-9·\s]{2,16}?)\s*"
                              r"(?P<c>(?![）)》〉>])[\p{Pe}\p{Pf}])\s*$")
# one or a few symbols before a short name, maybe repeated after it: ★学会动态, ▌学会动态, 〓学会动态〓, ◎ 学会动态
ANY_GLYPH = regex.compile(r"^\s*(?P<g>[\p{S}●•○◦▪・※§¶]{1,3})\s*(?P<name>[\p{Han}A-Za-z0-9·]{2,10}?)\s*(?:[\p{S}●•○◦▪・※§]{1,3})?\s*$")
# a name printed letter-spaced: 学 会 动 态
LETTER_SPACED = regex.compile(r"^\s*(?P<name>\p{Han}(?:[ \u3000\t]+\p{Han}){1,9})\s*$")
# a numbered heading: 一、学会动态, 二．基层科协, （三）科普工作
NUMBERED = regex.compile(r"^\s*(?P<num>[一二三四五六七八九十]{1,3}\s*[、．.]|[（(][一二三四五六七八九十]{1,3}[）)])\s*"
                         r"(?P<name>\p{Han}[\p{Han}A-Za-z0-9·]{1,9})\s*$")


# widest plain line (em) taken for a section name on the TOC's word alone
PLAIN_MARKER_WIDTH = 10


@dataclass(frozen=True)
class MarkerForm:
    """The printed form of a marker-shaped line."""

    kind: str
    """"bracket", "glyph", "spaced" or "numbered"."""
    key: str
    """What repeats between markers of one issue: the bracket or glyph, or the kind."""
    name: str
    """The clean section name."""
    strong: bool
    """A form that is a section marker on its own (traditional brackets and block glyphs)."""


def _clean(name: str) -> Optional[str]:
    name = regex.sub(r"\s+", "", name)
    if not regex.search(r"\p{Han}", name) or regex.search(r"[，。：:；]", name):
        return None
    return name


def marker_form(text: str) -> Optional[MarkerForm]:
    """The form of a line shaped like a section marker, else None."""
    if width(text) > 24:
        return None
    m = BRACKETED_MARKER.match(text)
    if m:
        name = _clean(m.group("name"))
        return MarkerForm("bracket", text.strip()[0], name, True) if name else None
    m = GLYPH_MARKER.match(text)
    if m:
        name = _clean(m.group("name"))
        return MarkerForm("glyph", m.group("g"), name, True) if name else None
    m = ANY_BRACKETED.match(text)
    if m:
        name = _clean(m.group("name"))
        return MarkerForm("bracket", m.group("o"), name, False) if name else None
    m = ANY_GLYPH.match(text)
    if m:
        name = _clean(m.group("name"))
        return MarkerForm("glyph", m.group("g"), name, False) if name else None
    m = LETTER_SPACED.match(text)
    if m:
        name = _clean(m.group("name"))
        return MarkerForm("spaced", "spaced", name, False) if name and len(name) <= 8 else None
    m = NUMBERED.match(text)
    if m:
        name = _clean(m.group("name"))
        return MarkerForm("numbered", "numbered", name, False) if name and len(name) <= 8 else None
    return None


def match_section_marker(text: str) -> Optional[str]:
    """The clean section name if the line is a marker in a strong form (one that needs no evidence)."""
    f = marker_form(text)
    return f.name if f is not None and f.strong else None


def _is_prose(text: str) -> bool:
    return bool(regex.search(r"[。！？；]", text)) or (width(text) > 40 and bool(regex.search(r"[，,]", text)))


def find_section_markers(texts: Sequence[str], toc_names: set[str]) -> list[Optional[str]]:
    """For each block text of a body: its section name when it is a section marker, else None."""
    forms = [marker_form(t) for t in texts]
    repeats = Counter(f.key for f in forms if f is not None)
    out: list[Optional[str]] = []
    n = len(texts)
    for k, f in enumerate(forms):
        if f is None:
            # a plain short line the TOC lists with a title (not prose) under it: a marker whose symbol or
            # letter spacing the extraction lost
            name = squash(texts[k])
            nxt = texts[k + 1] if k + 1 < n else ""
            plain = name in toc_names and width(texts[k]) <= PLAIN_MARKER_WIDTH and bool(nxt) \
                and not _is_prose(nxt) and not _is_prose(texts[k]) and regex.fullmatch(r"[\p{Han}A-Za-z0-9·]+", name)
            out.append(name if plain else None)
            continue
        if f.strong or squash(f.name) in toc_names:
            out.append(f.name)
            continue
        nxt = texts[k + 1] if k + 1 < n else ""
        title_follows = bool(nxt) and not _is_prose(nxt) and (k + 1 >= n or forms[k + 1] is None
                                                                 or forms[k + 1].key != f.key)
        if repeats[f.key] >= 2 and title_follows:
            out.append(f.name)
        else:
            out.append(None)
    return out
