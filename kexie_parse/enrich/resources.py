"""Shipped word lists, the patterns built from them, and the lazily loaded jieba engine.

Nothing here touches jieba at import time: `lexicon()` and `patterns()` read the package's own
data files, and only `engine()` imports jieba, once per process, the first time a caller needs
segmentation. Nothing is downloaded: jieba's own dictionary and IDF table come with the jieba package.

Building the engine from jieba's text files takes ~2 s, so the built engine (prefix dictionary with
the domain words, tags, IDF) is stored once in a versioned cache file (`cache_path`, written
atomically under the user's cache folder) that later processes load in a fraction of that;
`jieba.Tokenizer.initialize` then never runs. The cache key covers the package version, jieba's
version and files and the shipped word lists, so any change rebuilds it.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Optional

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
    source: str = "built"
    """"built" (from jieba's files; then stored in the cache when it could be written) or "cache" (loaded)."""


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


CACHE_FORMAT = 1
"""Version of the cache file's layout; bump it when `_engine_state` changes."""
CACHE_DIR_ENV = "KEXIE_PARSE_CACHE_DIR"
"""Environment variable naming the cache folder (default: $XDG_CACHE_HOME/kexie_parse or ~/.cache/kexie_parse)."""


def _cache_dirs() -> list[Path]:
    """Folders the engine cache may live in, the preferred first (the temp folder is the fallback)."""
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return [Path(explicit)]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    user = getattr(os, "getuid", lambda: "user")()
    return [Path(base) / "kexie_parse", Path(tempfile.gettempdir()) / f"kexie_parse-{user}"]


def _cache_key(jieba_dir: Path) -> str:
    """Digest of everything the built engine depends on."""
    from .. import __version__
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{__version__}|{sys.version_info[:2]}|{marshal.version}".encode())
    for name in ("dict.txt", os.path.join("analyse", "idf.txt")):
        try:
            stat = (jieba_dir / name).stat()
            digest.update(f"{name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(name.encode())
    for package in (DATA_PACKAGE, vocab.__name__):   # the enrichment's data and the shared vocabulary
        data = resources.files(package).joinpath("data")
        for entry in sorted(data.iterdir(), key=lambda e: e.name):
            if entry.is_file():
                digest.update(entry.name.encode() + entry.read_bytes())
    return digest.hexdigest()[:20]


def cache_path(jieba_dir: Optional[Path] = None) -> Optional[Path]:
    """The engine cache file to read (the first existing one), or to write; None when no folder is usable."""
    if jieba_dir is None:
        import importlib.util
        spec = importlib.util.find_spec("jieba")
        if spec is None or not spec.origin:
            return None
        jieba_dir = Path(spec.origin).parent
    name = f"enrich-engine-{_cache_key(jieba_dir)}.marshal"
    dirs = _cache_dirs()
    for folder in dirs:
        if (folder / name).is_file():
            return folder / name
    for folder in dirs:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder / name
    return None


def _load_cached(path: Optional[Path]) -> Optional[tuple]:
    """The engine state stored at `path`, or None when it is missing or unreadable (then it is rebuilt)."""
    if path is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # a million new objects would set off collections that find no garbage (half the load time)
    try:
        with open(path, "rb") as handle:
            state = marshal.loads(handle.read())  # marshal.load reads a file a few bytes at a time
    except (OSError, EOFError, ValueError, TypeError):
        return None
    finally:
        if collecting:
            gc.enable()
    if not (isinstance(state, tuple) and len(state) == 6 and state[0] == CACHE_FORMAT):
        return None
    return state


def _store(path: Optional[Path], state: tuple) -> None:
    """Write `state` to `path` atomically (a temporary file in the same folder, then a rename); a folder that
    cannot be written leaves the engine uncached."""
    if path is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=".enrich-engine-", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            marshal.dump(state, handle)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _tokenizer(jieba: Any, freq: dict[str, int], total: int) -> Any:
    """A private `jieba.Tokenizer` holding a prefix dictionary already built (its `initialize` never runs)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = freq, total
    tokenizer.initialized = True
    return tokenizer


def _import_jieba() -> Any:
    """`import jieba`, without the pkg_resources it imports only to open its own files (a third of its import
    time): it then opens them by path, the same files."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail at once
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _build_engine() -> Engine:
    """The engine from the cache file, else built from jieba's files (and stored in the cache)."""
    import time

    started = time.perf_counter()
    jieba = _import_jieba()

    quiet_jieba()
    path = cache_path(Path(jieba.__file__).parent)
    state = _load_cached(path)
    if state is not None:
        _, freq, total, tags, idf, median = state
        return Engine(_tokenizer(jieba, freq, total), tags, idf, median, time.perf_counter() - started, "cache")
    engine_built = _build_from_jieba(jieba)
    _store(path, (CACHE_FORMAT, engine_built.tokenizer.FREQ, engine_built.tokenizer.total, engine_built.tags,
                  engine_built.idf, engine_built.idf_median))
    engine_built.load_seconds = time.perf_counter() - started
    return engine_built


def _build_from_jieba(jieba: Any) -> Engine:
    """Build a private tokenizer with the domain words, read tags and IDF from jieba's own files."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    # one string object per word, shared by the prefix dictionary, the tags and the IDF table (-35 MB)
    tokenizer.FREQ = {sys.intern(word): freq for word, freq in tokenizer.FREQ.items()}
    tags = _read_tags(tokenizer)
    for word, freq, tag in _domain_words():
        tokenizer.add_word(word, freq, tag)
        tags[word] = tag
    idf, median = _read_idf(Path(jieba.__file__).parent)
    return Engine(tokenizer, tags, idf, median)
