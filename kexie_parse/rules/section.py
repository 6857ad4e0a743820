"""Section markers: 【学会动态】, 〖学会动态〗, ［学会动态］, [学会动态], "■ 学会动态", "◆学会动态◆"."""
from __future__ import annotations

from typing import Optional

import regex

# a section name in brackets filling the whole line: 【学会动态】 〖学会动态〗 ［学会动态］ [学会动态] 〔学会动态〕
BRACKETED_MARKER = regex.compile(r"^\s*[【〖［\[〔]\s*(?P<name>[^【】〖〗［］\[\]〔〕]{1,16}?)\s*[】〗］\]〕]\s*$")
# a short section name after a square/diamond/triangle glyph, optionally closed by the same: ■ 学会动态, ◆学会动态◆
# (● and • are list bullets, never section glyphs)
GLYPH_MARKER = regex.compile(r"^\s*(?P<g>[■□◆◇▲△★☆▌▍▎▶►])\s*(?P<name>[\p{Han}A-Za-z0-9·、]{2,10}?)\s*(?P=g)?\s*$")


def match_section_marker(text: str) -> Optional[str]:
    """The clean section name if the line is a section marker, else None."""
    m = BRACKETED_MARKER.match(text) or GLYPH_MARKER.match(text)
    if not m:
        return None
    name = regex.sub(r"\s+", "", m.group("name"))
    if not regex.search(r"\p{Han}", name) or regex.search(r"[，。：:]", name):
        return None
    return name
