"""Full-text search over article titles and bodies of the archive.

The `articles_fts` table is FTS5 with the trigram tokenizer: it indexes every run of three
characters, so any Chinese phrase of three characters or more is found by exact substring, with no
word segmentation (and no dependence on jieba or on how a segmenter cuts a name). Trigrams cannot
match a term of one or two characters (科普, 学会): such terms are looked for with LIKE over the
`articles` table, a scan that SQLite does in well under a second for tens of thousands of
articles. A query is split on whitespace and every term must match (AND); `"`, `*`, `-`, `AND`...
have no special meaning. ASCII letters match without regard to case, as in both paths.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any, Optional

from ..errors import SettingsError
from .store import archive_damaged, connect

TRIGRAM = 3
MAX_TERMS = 100
"""Most distinct terms in one query (each is a condition of the SQL; SQLite refuses deep expressions)."""
MAX_QUERY_CHARS = 10_000
"""Longest query, filter or name, in characters."""
MAX_LIMIT = 1_000_000
"""Largest `limit` (hits returned)."""
# what a query cannot hold: control characters (NUL...) and lone surrogates (bytes of the command line that
# were not UTF-8)
NOT_QUERY_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass
class Hit:
    """One article found."""

    article_id: int
    """`articles.id` in the archive."""
    bulletin: str
    """Key of the issue ("科协每周动态|2023||3")."""
    title: Optional[str]
    """Bulletin title."""
    year: Optional[int]
    issue: Optional[int]
    special: Optional[str]
    date: Optional[str]
    section: Optional[str]
    """Section name (null for the lead stories)."""
    article: str
    """Article title."""
    snippet: str
    """Text around the first match, every match marked 【like this】."""
    attribution: list[str]
    source: Optional[str]
    """The input the kept record came from (its path relative to the folder it was found in)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def issue_label(self) -> str:
        parts = []
        if self.year is not None:
            parts.append(f"{self.year}年")
        if self.special:
            parts.append(self.special)
        if self.issue is not None:
            parts.append(f"第{self.issue}期")
        return "".join(parts)


def _json_list(text: Optional[str]) -> list:
    """A JSON list column; [] when a damaged archive holds something else."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def snippet(text: str, terms: list[str], width: int = 36) -> str:
    """`width` characters either side of the first match of any term, every match marked 【…】."""
    flat = " ".join(text.split())
    if not terms:
        return flat[:2 * width] + ("…" if len(flat) > 2 * width else "")
    pattern = re.compile("|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True)), re.IGNORECASE)
    m = pattern.search(flat)
    if m is None:
        start, end = 0, min(len(flat), 2 * width)
    else:
        start = max(0, m.start() - width)
        end = min(len(flat), m.end() + width)
    piece = pattern.sub(lambda x: f"【{x.group(0)}】", flat[start:end])
    return ("…" if start > 0 else "") + piece + ("…" if end < len(flat) else "")


def _check_text(value: Optional[str], what: str) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise SettingsError(f"the {what} must be a string, not {type(value).__name__}")
    if len(value) > MAX_QUERY_CHARS:
        raise SettingsError(f"the {what} is {len(value)} characters long, over the limit of {MAX_QUERY_CHARS}")
    bad = NOT_QUERY_TEXT.search(value)
    if bad:
        c = ord(bad.group(0))
        what_char = "bytes that are not UTF-8" if 0xD800 <= c <= 0xDFFF else f"a control character (U+{c:04X})"
        raise SettingsError(f"the {what} holds {what_char} at character {bad.start() + 1}: give text")


def check_query(query: Optional[str], limit: Optional[int], person: Optional[str], org: Optional[str]) -> list[str]:
    """The distinct terms of `query`, in order; `SettingsError` for what no search can take."""
    _check_text(query, "query")
    _check_text(person, "person")
    _check_text(org, "organisation")
    terms = list(dict.fromkeys((query or "").split()))
    if not terms and not (person or "").strip() and not (org or "").strip():
        raise SettingsError("give a query, a person or an organisation")
    if len(terms) > MAX_TERMS:
        raise SettingsError(f"the query has {len(terms)} different terms, over the limit of {MAX_TERMS}: "
                            f"search with fewer terms")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT):
        raise SettingsError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit!r}")
    return terms


def search(db: str | os.PathLike, query: Optional[str], limit: Optional[int] = 20, person: Optional[str] = None,
           org: Optional[str] = None) -> list[Hit]:
    """Articles whose title or body holds every whitespace-separated term of `query`.

    `person` / `org` keep the articles naming that person / organisation (the entities table: names
    found in the text by enrichment, attribution marks and contributors). The query may be empty
    when a filter is given. Best matches first (BM25, title weighted) when a term has three
    characters or more, else newest issues first.
    """
    terms = check_query(query, limit, person, org)
    folded_terms = [t.casefold() for t in terms]
    long_terms = [t for t in terms if len(t) >= TRIGRAM]
    short_terms = [t for t in terms if len(t) < TRIGRAM]
    sql = ["SELECT a.id, b.key, b.title, b.year, b.issue, b.special, b.date, s.name, a.title, a.body, a.attribution,"
           " (SELECT src.rel FROM sources src WHERE src.bulletin_id = b.id AND src.is_best = 1)"
           " FROM articles a JOIN bulletins b ON b.id = a.bulletin_id JOIN sections s ON s.id = a.section_id"]
    where: list[str] = []
    params: list[Any] = []
    if long_terms:
        sql.append(" JOIN articles_fts ON articles_fts.rowid = a.id")
        where.append("articles_fts MATCH ?")
        params.append(" AND ".join(_fts_phrase(t) for t in long_terms))
    for t in short_terms:
        where.append("(a.title LIKE ? ESCAPE '\\' OR a.body LIKE ? ESCAPE '\\')")
        params += [_like(t), _like(t)]
    if person:
        where.append("a.id IN (SELECT article_id FROM entities WHERE kind = 'person' AND name = ?)")
        params.append(person.strip())
    if org:
        where.append("a.id IN (SELECT article_id FROM entities WHERE kind = 'organization' AND name = ?)")
        params.append(org.strip())
    if where:
        sql.append(" WHERE " + " AND ".join(where))
    if long_terms:
        sql.append(" ORDER BY bm25(articles_fts, 4.0, 1.0), b.date DESC, a.ord")
    else:
        sql.append(" ORDER BY b.date IS NULL, b.date DESC, b.key, a.ord")
    if limit is not None:
        sql.append(" LIMIT ?")
        params.append(limit)
    conn = connect(db, create=False)
    try:
        rows = conn.execute("".join(sql), params).fetchall()
    except sqlite3.Error as e:
        raise archive_damaged(e, db) from None
    finally:
        conn.close()
    hits = []
    for (aid, key, title, year, issue, special, date, section, atitle, body, attribution, source) in rows:
        folded_body = body.casefold()
        in_body = any(t in folded_body for t in folded_terms)
        text = body if in_body or not terms else atitle  # a match in the title only: show the title
        hits.append(Hit(aid, key, title, year, issue, special, date, section, atitle, snippet(text, terms),
                        _json_list(attribution), source))
    return hits
