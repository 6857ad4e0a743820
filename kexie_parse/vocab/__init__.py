"""The vocabulary of bulletins, one home for each list, shared by the rules and by enrichment.

- `org_endings()`: words that end an organisation's name (学会, 中心, 部), by class (data/org_endings.txt);
- `job_titles()`: titles and positions printed with a name (data/titles.txt);
- `surnames()`: single and compound surnames (data/surnames.txt: every 复姓 of the 百家姓);
- `radical_equivalents()`: radical code point -> the unified ideograph it looks like (data/radicals.txt,
  from Unicode's EquivalentUnifiedIdeograph.txt);
- `numerals.cn_number`: the one reader of Chinese and Arabic numerals;
- `dates`: the one date reader.

Every list is read from the package's data files once per process (cached); nothing here imports
a heavy dependency.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

ORG_ENDING_CLASSES = ("name", "unit", "standalone")
"""Classes of organisation endings (see data/org_endings.txt): ends a name anywhere; a one-character
unit that ends a name only after a noun; ends a name only in a text known to name a body."""


def package_data_lines(package: str, name: str) -> list[str]:
    """Non-empty lines of the file data/`name` of `package` without their comments ("#" on), stripped."""
    text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def words_of(lines: list[str]) -> list[str]:
    """Whitespace-separated words of `lines`, in order, without duplicates."""
    return list(dict.fromkeys(word for line in lines for word in line.split()))


def data_lines(name: str) -> list[str]:
    """Non-empty lines of this package's data file `name` without their comments, stripped."""
    return package_data_lines(__package__, name)


def data_words(name: str) -> list[str]:
    """Whitespace-separated words of this package's data file `name`, in file order, without duplicates."""
    return words_of(data_lines(name))


def longest_first(words) -> tuple[str, ...]:
    """`words` without duplicates, longest first (so that a regex alternation prefers the longest)."""
    return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))


@functools.cache
def org_endings(*classes: str) -> tuple[str, ...]:
    """Organisation endings of the given classes (all classes when none is given), longest first."""
    wanted = set(classes or ORG_ENDING_CLASSES)
    unknown = wanted - set(ORG_ENDING_CLASSES)
    if unknown:
        raise ValueError(f"unknown organisation ending class(es): {sorted(unknown)}")
    words = []
    for line in data_lines("org_endings.txt"):
        word, kind = line.split()
        if kind not in ORG_ENDING_CLASSES:
            raise ValueError(f"org_endings.txt: unknown class {kind!r} of {word!r}")
        if kind in wanted:
            words.append(word)
    return longest_first(words)


@functools.cache
def job_titles() -> tuple[str, ...]:
    """Titles and positions (党组书记, 副处长, 院士 ...), longest first."""
    return longest_first(data_words("titles.txt"))


@dataclass(frozen=True)
class Surnames:
    """The surnames a personal name may start with."""

    single: frozenset[str]
    """One-character surnames (王, 李)."""
    compound: frozenset[str]
    """Two-character surnames (欧阳, 司马, 第五): never cut in two."""

    def length_at(self, text: str, pos: int) -> int:
        """Length of the surname starting at `pos` of `text`: 2 for a compound one, 1, or 0 for none."""
        if text[pos:pos + 2] in self.compound:
            return 2
        return 1 if text[pos:pos + 1] in self.single else 0


@functools.cache
def surnames() -> Surnames:
    """The shipped surnames, single and compound."""
    words = data_words("surnames.txt")
    return Surnames(frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2))


@functools.cache
def radical_equivalents() -> dict[int, int]:
    """Code point of each CJK radical (both radical blocks) -> the unified ideograph it looks like."""
    table: dict[int, int] = {}
    for line in data_lines("radicals.txt"):
        source, target = (part.strip() for part in line.split(";"))
        first, _, last = source.partition("..")
        for cp in range(int(first, 16), int(last or first, 16) + 1):
            table[cp] = int(target, 16)
    return table
