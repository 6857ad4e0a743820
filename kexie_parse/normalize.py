"""Text normalisation shared by every stage: the characters a record may hold.

- full-width digits and Latin letters become ASCII ("２０２３" -> "2023");
- Kangxi radicals and CJK radical supplements become the unified ideograph they look like, as
  Unicode's EquivalentUnifiedIdeograph.txt says (vocab/data/radicals.txt: "⼀" U+2F00 -> "一",
  "⻘" U+2ED8 -> "青", "⻓" U+2ED3 -> "长"); compatibility ideographs become their NFKC form;
- Chinese punctuation stays full-width; spaces that extraction put between a Chinese character
  and a digit, Latin letter or another Chinese character are removed by `tidy`.
"""
from __future__ import annotations

import unicodedata

import regex

from .vocab import radical_equivalents

# characters folded to their NFKC form: CJK compatibility ideographs and their supplement
_NFKC_RANGES = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


SIMPLIFIED_OF_RADICAL = {"長": "长", "門": "门", "車": "车", "見": "见", "貝": "贝", "馬": "马", "魚": "鱼", "鳥": "鸟",
                         "麥": "麦", "黃": "黄", "齊": "齐", "齒": "齿", "龍": "龙", "龜": "龟", "飛": "飞", "風": "风",
                         "頁": "页", "韋": "韦", "訁": "讠", "釒": "钅", "飠": "饣",
                         "鹵": "卤", "黽": "黾", "麼": "么", "鬥": "斗", "來": "来"}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {cp: chr(ideograph) for cp, ideograph in radical_equivalents().items()}
    for lo, hi in _NFKC_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            folded = unicodedata.normalize("NFKC", ch)
            if folded != ch:
                table[cp] = folded
    # radicals that look like a traditional character: simplified-script bulletins mean the simplified one
    for trad, simp in SIMPLIFIED_OF_RADICAL.items():
        for cp, folded in list(table.items()):
            if folded == trad:
                table[cp] = simp
    for cp in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):
        table[cp] = chr(cp - 0xFEE0)   # full-width alphanumerics -> ASCII
    table[0xFEFF] = ""                 # stray byte-order marks inside text
    table[0x00A0] = " "                # no-break space
    for cp in (0x200B, 0x200C, 0x200D, 0x2060):
        table[cp] = ""                 # zero-width characters
    return table


FOLD_TABLE = _build_table()

HAN = r"\p{Han}"
# a run of horizontal whitespace (ASCII, ideographic, no-break)
SPACES = regex.compile(r"[ \t\u3000]+")
# a space between a Han character (or CJK punctuation) and a digit/Latin letter, either side
SPACE_HAN_ALNUM = regex.compile(
    r"(?<=[\p{Han}\p{Ps}\p{Pe}\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\u201c\u201d])[ \t\u3000]+(?=[0-9A-Za-z%.])"
    r"|(?<=[0-9A-Za-z%.])[ \t\u3000]+(?=[\p{Han}\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\u201c\u201d])")
# a space between two Han characters or between a Han character and CJK punctuation
SPACE_HAN_HAN = regex.compile(
    r"(?<=[\p{Han}\u3000-\u303f\uff00-\uff20\u201c\u201d\u2014\u2026])[ \t\u3000]+"
    r"(?=[\p{Han}\u3000-\u303f\uff00-\uff20\u201c\u201d\u2014\u2026])")
# an ideographic space typed between two Han characters (names or bodies set apart: 校团委　校科协科普部):
# a separator the typesetter put there, kept as one U+3000 (an extraction's ASCII spaces are not)
IDEOGRAPHIC_GAP = regex.compile(r"(?<=\p{Han})[ \t]*\u3000[ \t\u3000]*(?=\p{Han})")
KEPT_GAP = "\x00"   # stands for a kept ideographic space while the other spaces are removed


def fold(text: str) -> str:
    """Character-level normalisation: full-width alphanumerics, radicals, invisible characters."""
    return text.translate(FOLD_TABLE)


def tidy(text: str) -> str:
    """Remove extraction spaces around Han characters; collapse other runs of spaces to one."""
    text = IDEOGRAPHIC_GAP.sub(KEPT_GAP, text.replace(KEPT_GAP, ""))
    text = SPACE_HAN_HAN.sub("", text)
    text = SPACE_HAN_ALNUM.sub("", text)
    text = SPACE_HAN_HAN.sub("", text)
    return SPACES.sub(" ", text).strip().replace(KEPT_GAP, "\u3000")


# any run of whitespace (squash removes them; compiled once: `squash` runs on every line)
WHITESPACE_RUN = regex.compile(r"\s+")


def squash(text: str) -> str:
    """Text without any whitespace: the key used to compare titles."""
    return WHITESPACE_RUN.sub("", text)


def width(text: str) -> float:
    """Printed width in em: Han and other wide characters 1, ASCII 0.5, spaces 0.25.

    Computed from the UTF-8 length (ASCII is 1 byte, CJK 3), which runs at C speed on long lines.
    """
    n = len(text)
    wide = (len(text.encode("utf-8", "surrogatepass")) - n) / 2   # 3-byte characters count 1 each
    return 0.5 * (n - wide) + wide - 0.25 * text.count(" ")


# a short quoted or book-titled span without a full stop: “科学防疫，健康生活”, 《关于…的通知》 (a slogan or a
# name, whose punctuation is not the sentence's; quoted speech is longer or holds a full stop)
QUOTED = regex.compile(r"“[^“”。]{0,24}”|《[^《》。]{0,40}》|「[^「」。]{0,24}」")


def unquoted(text: str) -> str:
    """Text with short quoted and book-titled spans emptied: "开展“科学防疫，健康生活”活动" -> "开展“”活动"."""
    return QUOTED.sub(lambda m: m.group(0)[0] + m.group(0)[-1], text)


TERMINAL = "。！？；…!?;"
CLOSERS = "”’」』）)》】"


def ends_sentence(text: str) -> bool:
    """True when text ends with sentence-final punctuation, possibly inside closing quotes/brackets."""
    t = text.rstrip()
    while t and t[-1] in CLOSERS:
        if t[-1] in "）)" and len(t) >= 2 and t[-2] not in TERMINAL + "”’":
            return True  # "……（北京制冷学会）" closes a paragraph too
        t = t[:-1]
    return bool(t) and t[-1] in TERMINAL
