"""The one reader of numbers as bulletins print them: 3, ３, 三, 十二, 三十一, 两, 一百零三, 二〇二四."""
from __future__ import annotations

from typing import Optional

import regex

DIGIT_VALUE = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
"""Value of each Chinese digit (the circle and the letter O stand for 〇 in years: 二O二四)."""

UNIT_VALUE = {"十": 10, "百": 100, "千": 1000}
"""Value of each Chinese unit character."""

FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
"""Full-width digits to ASCII."""

# a number in Arabic digits only (ASCII, after full-width digits are made ASCII)
ARABIC = regex.compile(r"[0-9]+")

CN_DIGIT_CLASS = "〇零○ＯO一二两三四五六七八九"
"""Characters of a Chinese number read digit by digit (二〇二四), for regex character classes."""

CN_NUMBER_CLASS = CN_DIGIT_CLASS + "十百千"
"""Characters of any Chinese number (三十一, 一百零三), for regex character classes."""


def cn_number(text: str) -> Optional[int]:
    """Value of a number written in Arabic digits (3, ３, 2024) or Chinese numerals, None when `text` is none.

    Chinese numerals are read digit by digit when they hold no unit character (二〇二四 -> 2024,
    一〇三 -> 103) and positionally otherwise (十二 -> 12, 三十一 -> 31, 一百零三 -> 103); 两 is 2,
    〇 and 零 are 0.
    """
    s = text.strip().translate(FULL_WIDTH_DIGITS)
    if not s:
        return None
    if ARABIC.fullmatch(s):
        return int(s)
    if all(ch in DIGIT_VALUE for ch in s):
        return int("".join(str(DIGIT_VALUE[ch]) for ch in s))
    total, digit = 0, None
    for ch in s:
        if ch in DIGIT_VALUE:
            if digit is not None and DIGIT_VALUE[ch] and digit:
                return None           # two digits in a row outside digit-by-digit form: 三四十
            digit = DIGIT_VALUE[ch]
        elif ch in UNIT_VALUE:
            total += (1 if digit is None else digit) * UNIT_VALUE[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)
