"""Shipped word lists, the patterns built from them, and the lazily loaded jieba engine.

Nothing here touches jieba at import time: `lexicon()` and `patterns()` read the package's own
data files, and only `engine()` imports jieba, once per process, the first time a caller needs
segmentation. Nothing is downloaded: jieba's own dictionary and IDF table come with the jieba package.
"""
from __future__ import annotations

import functools
import logging
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import vocab

DATA_PACKAGE = __package__
"""Package whose `data/` folder holds the word lists."""


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of the data file `name`, stripped."""
    return vocab.package_data_lines(DATA_PACKAGE, name)


def read_words(name: str) -> list[str]:
    """Whitespace-separated words of the data file `name`, in file order, without duplicates."""
    return vocab.words_of(read_lines(name))


@dataclass(frozen=True)
class Lexicon:
    """The shipped word lists (pure Python data, no jieba)."""

    surnames: frozenset[str]
    """Single-character surnames."""
    compound_surnames: frozenset[str]
    """Two-character surnames (欧阳, 司马 ...)."""
    titles: tuple[str, ...]
    """Titles and positions, longest first."""
    org_suffixes: tuple[str, ...]
    """Words that close an organisation name in running text (classes "name" and "unit" of
    `vocab.org_endings`), longest first."""
    places: dict[str, str]
    """Place alias -> canonical place name."""
    ambiguous_places: frozenset[str]
    """Aliases that are also ordinary words (朝阳, 大兴)."""
    triggers: tuple[str, ...]
    """Words printed right after a name (主持, 指出 ...), longest first."""
    known_people: tuple[str, ...]
    """Public figures named without a title (习近平)."""
    not_names: frozenset[str]
    """Words that look like names but never are."""
    stopwords: frozenset[str]
    """Bulletin boilerplate left out of keywords."""
    userdict: tuple[tuple[str, int, str], ...]
    """Extra jieba words as (word, freq, tag)."""

    @functools.cached_property
    def long_org_suffixes(self) -> tuple[str, ...]:
        """Organisation suffixes of two or more characters (学会, 中心, 办公室)."""
        return tuple(s for s in self.org_suffixes if len(s) > 1)

    @functools.cached_property
    def titles_set(self) -> frozenset[str]:
        """The titles as a set, for membership tests."""
        return frozenset(self.titles)

    @functools.cached_property
    def org_suffix_last_chars(self) -> frozenset[str]:
        """Last characters of the organisation suffixes (a cheap first test)."""
        return frozenset(s[-1] for s in self.org_suffixes)


def _read_places() -> tuple[dict[str, str], frozenset[str]]:
    """Alias -> canonical map and the set of ambiguous aliases from places.txt."""
    places: dict[str, str] = {}
    ambiguous: set[str] = set()
    for line in read_lines("places.txt"):
        canonical, *aliases = line.split()
        for alias in [canonical, *aliases]:
            if alias.endswith("?"):
                alias = alias[:-1]
                ambiguous.add(alias)
            places.setdefault(alias, canonical)
    return places, frozenset(ambiguous)


def _read_userdict() -> tuple[tuple[str, int, str], ...]:
    """Entries of userdict.txt as (word, freq, tag)."""
    entries = []
    for line in read_lines("userdict.txt"):
        word, freq, tag = (line.split() + ["", ""])[:3]
        entries.append((word, int(freq or 100), tag or "n"))
    return tuple(entries)


@functools.cache
def lexicon() -> Lexicon:
    """The shipped word lists, read once per process."""
    surnames = vocab.surnames()
    places, ambiguous = _read_places()
    return Lexicon(
        surnames=surnames.single,
        compound_surnames=surnames.compound,
        titles=vocab.job_titles(),
        org_suffixes=vocab.org_endings("name", "unit"),
        places=places,
        ambiguous_places=ambiguous,
        triggers=vocab.longest_first(read_words("triggers.txt")),
        known_people=vocab.longest_first(read_words("known_people.txt")),
        not_names=frozenset(read_words("not_names.txt")),
        stopwords=frozenset(read_words("stopwords.txt")),
        userdict=_read_userdict(),
    )


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A non-capturing regex alternation of `words`, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in vocab.longest_first(list(words))) + ")"


@dataclass(frozen=True)
class Patterns:
    """Regexes compiled from the word lists (with `re`: its literal-prefix scan is the fastest here)."""

    title: Any
    """Any title (党组书记, 副处长, 院士 ...), longest first."""
    follower: Any
    """A title or a trigger word (主持, 指出, 一行 ...) starting at the position."""
    place: Any
    """Any place alias, longest first (guards for ambiguous aliases are in `places.place_matches`)."""
    known_person: Any
    """Any public figure of known_people.txt."""
    surname: Any
    """The first character of a surname, single (王) or compound (欧 of 欧阳)."""


@functools.cache
def patterns() -> Patterns:
    """The data-driven regexes, compiled once per process."""
    lex = lexicon()
    first_chars = sorted(lex.surnames | {s[0] for s in lex.compound_surnames})
    return Patterns(
        title=re.compile(alternation(lex.titles)),
        follower=re.compile(alternation(lex.titles + lex.triggers)),
        place=re.compile(alternation(list(lex.places))),
        known_person=re.compile(alternation(lex.known_people)),
        surname=re.compile("[" + "".join(first_chars) + "]"),
    )


@dataclass
class Engine:
    """Everything that needs jieba: the tokenizer, dictionary tags and IDF table."""

    tokenizer: Any
    """A private `jieba.Tokenizer` with the domain dictionary added."""
    tags: dict[str, str]
    """Part-of-speech tag of every dictionary word (jieba's dict.txt plus the domain words)."""
    idf: dict[str, float]
    """IDF of words, from the table jieba ships for jieba.analyse."""
    idf_median: float
    """IDF given to words missing from the table."""
    load_seconds: float = 0.0
    """Wall time the one-time load took."""


_ENGINE: Engine | None = None
_ENGINE_LOCK = threading.Lock()


def engine() -> Engine:
    """The jieba engine, built on first use and cached for the life of the process (thread-safe)."""
    global _ENGINE
    if _ENGINE is None:
        with _ENGINE_LOCK:
            if _ENGINE is None:
                _ENGINE = _build_engine()
    return _ENGINE


def engine_loaded() -> bool:
    """True once `engine()` has built the jieba engine in this process."""
    return _ENGINE is not None


def quiet_jieba() -> None:
    """Keep jieba's own logging ("Building prefix dict ...") quiet: its logger at WARNING at least.

    jieba sets its logger to DEBUG when imported, so this runs after the import.
    """
    logger = logging.getLogger("jieba")
    if logger.level < logging.WARNING:
        logger.setLevel(logging.WARNING)


def _domain_words() -> list[tuple[str, int, str]]:
    """Titles, places, organisation suffixes and extra words to add to jieba, as (word, freq, tag)."""
    lex = lexicon()
    words = [(t, 2000, "nnt") for t in lex.titles]
    words += [(p, 1000, "ns") for p in lex.places if p not in lex.ambiguous_places and len(p) > 1]
    words += [(s, 1000, "n") for s in lex.org_suffixes if len(s) > 1]
    words += list(lex.userdict)
    return words


def _read_tags(tokenizer: Any) -> dict[str, str]:
    """word -> tag for every line of the tokenizer's dictionary file (keys interned, see `_build_engine`)."""
    tags: dict[str, str] = {}
    tag_names: dict[str, str] = {}
    with tokenizer.get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                tags[sys.intern(parts[0])] = tag_names.setdefault(parts[2], parts[2])
    return tags


def _read_idf(jieba_dir: Path) -> tuple[dict[str, float], float]:
    """The IDF table jieba ships in jieba/analyse/idf.txt and its median."""
    idf: dict[str, float] = {}
    with open(jieba_dir / "analyse" / "idf.txt", encoding="utf-8") as handle:
        for line in handle:
            word, _, value = line.strip().partition(" ")
            if value:
                idf[sys.intern(word)] = float(value)
    values = sorted(idf.values())
    return idf, values[len(values) // 2] if values else 10.0


def _build_engine() -> Engine:
    """Import jieba, build a private tokenizer with the domain words, read tags and IDF."""
    import time

    started = time.perf_counter()
    import jieba

    quiet_jieba()
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    # one string object per word, shared by the prefix dictionary, the tags and the IDF table (-35 MB)
    tokenizer.FREQ = {sys.intern(word): freq for word, freq in tokenizer.FREQ.items()}
    tags = _read_tags(tokenizer)
    for word, freq, tag in _domain_words():
        tokenizer.add_word(word, freq, tag)
        tags[word] = tag
    idf, median = _read_idf(Path(jieba.__file__).parent)
    return Engine(tokenizer, tags, idf, median, time.perf_counter() - started)
