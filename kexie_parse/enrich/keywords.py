"""Characteristic words of an article by TF-IDF, as jieba.analyse.extract_tags computes them.

The term frequencies come from the article's own jieba tokens (no second segmentation); the IDF
table is the one jieba ships for jieba.analyse. Words shorter than two characters, numbers, names,
places, titles and bulletin boilerplate (stopwords.txt) are left out.
"""
from __future__ import annotations

import functools
from collections import Counter

from .resources import Engine, Lexicon, lexicon

KEYWORD_COUNT = 8
"""How many keywords an article gets at most."""


def find_keywords(counts: Counter[str], eng: Engine, lex: Lexicon, exclude: set[str],
                  count: int = KEYWORD_COUNT) -> list[str]:
    """The `count` words with the highest TF-IDF, best first (ties in first-mention order).

    `counts` are the article's jieba tokens counted (in first-mention order). `exclude` holds
    names: no part of one (俊杰 of 唐俊杰) and no word holding one (钟志华作) is a keyword.
    """
    parts = {name[i:j] for name in exclude for i in range(len(name)) for j in range(i + 2, len(name) + 1)}
    freq = {w: n for w, n in counts.items() if w not in parts and eligible(w)}
    if exclude:
        freq = {w: n for w, n in freq.items() if len(w) < 3 or not any(name in w for name in exclude)}
    total = sum(freq.values()) or 1
    idf, median = eng.idf, eng.idf_median
    weights = {w: n * idf.get(w, median) / total for w, n in freq.items()}
    order = {w: i for i, w in enumerate(weights)}
    return sorted(weights, key=lambda w: (-weights[w], order[w]))[:count]


@functools.lru_cache(maxsize=1 << 16)
def eligible(word: str) -> bool:
    """Whether `word` may be a keyword: two or more letters (CJK or Latin), not boilerplate,
    not a title and not a place (cached: the same words recur in every article)."""
    if len(word) < 2 or not word.isalpha():
        return False
    lex = lexicon()
    return word.lower() not in lex.stopwords and word not in lex.titles_set and word not in lex.places
