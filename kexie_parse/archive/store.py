"""The SQLite archive: schema, and the writes of one converted input in one transaction.

One issue is one `bulletins` row (key: normalised title, year, special, issue), however many files
hold it; each file (each issue of a bound volume) is a `sources` row keeping its whole record. The
issue's sections, articles, paragraphs, TOC, colophon and entities come from its best source: PDF
over text, then fewer errors, then fewer warnings, then the path (so the choice does not depend on
the order the files were converted in). Disagreements between the sources of one issue are
`diagnostics` rows with origin "archive". All SQL takes its data as bound parameters.
"""
from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

from ..errors import KexieParseError

SCHEMA_VERSION = "1"
MIN_TRIGRAM_SQLITE = (3, 34, 0)


class ArchiveError(KexieParseError):
    """The archive file cannot be used (not an archive, a newer schema, no FTS5 trigram support, damaged)."""


def archive_damaged(err: sqlite3.Error, db: str | os.PathLike) -> KexieParseError:
    """One line for an SQLite error met while using the archive: what is wrong and what to do."""
    text = str(err) or type(err).__name__
    low = text.lower()
    if "disk is full" in low or "disk i/o error" in low:
        from ..errors import OutputError
        return OutputError(f"the archive cannot be written ({text}): free some disk space and run the same "
                           f"command again (what was written is kept)", file=os.fsdecode(db))
    if "readonly" in low or "read-only" in low or "unable to open" in low:
        return ArchiveError(f"the archive cannot be written ({text}): choose a writable folder (--db/--out) "
                            f"or fix its permissions", file=os.fsdecode(db))
    return ArchiveError(f"the archive is damaged ({text}): delete it (the JSON files are kept) and run the batch "
                        f"again to rebuild it", file=os.fsdecode(db))


NOT_AN_ARCHIVE_ADVICE = (": give the archive a batch made (--db), or, if this is a damaged archive, delete it "
                         "(the JSON files are kept) and run the batch again")


def _lenient_text(raw: bytes) -> str:
    """SQLite TEXT as str: bytes that are not UTF-8 (a damaged or edited archive) become U+FFFD."""
    return raw.decode("utf-8", errors="replace")


SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bulletins (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    title       TEXT,
    year        INTEGER,
    issue       INTEGER,
    total_issue INTEGER,
    special     TEXT,
    issuer      TEXT,
    date        TEXT,
    toc_heading TEXT,
    pages       INTEGER,
    kind        TEXT,
    articles    INTEGER NOT NULL DEFAULT 0,
    sources     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS bulletins_year_issue ON bulletins(year, issue);
CREATE INDEX IF NOT EXISTS bulletins_date ON bulletins(date);
CREATE INDEX IF NOT EXISTS bulletins_title ON bulletins(title);

CREATE TABLE IF NOT EXISTS sources (
    id             INTEGER PRIMARY KEY,
    bulletin_id    INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
    path           TEXT NOT NULL,
    part           INTEGER NOT NULL DEFAULT 1,
    parts          INTEGER NOT NULL DEFAULT 1,
    rel            TEXT NOT NULL,
    output         TEXT,
    name           TEXT,
    sha256         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    encoding       TEXT,
    pages          INTEGER,
    parser_version TEXT,
    options        TEXT,
    articles       INTEGER NOT NULL DEFAULT 0,
    warnings       INTEGER NOT NULL DEFAULT 0,
    errors         INTEGER NOT NULL DEFAULT 0,
    is_best        INTEGER NOT NULL DEFAULT 0,
    record         TEXT NOT NULL,
    UNIQUE (path, part)
);
CREATE INDEX IF NOT EXISTS sources_bulletin ON sources(bulletin_id);
CREATE INDEX IF NOT EXISTS sources_sha256 ON sources(sha256);

CREATE TABLE IF NOT EXISTS sections (
    id          INTEGER PRIMARY KEY,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    sid         TEXT NOT NULL,
    name        TEXT,
    marker      TEXT,
    line        INTEGER
);
CREATE INDEX IF NOT EXISTS sections_bulletin ON sections(bulletin_id, ord);
CREATE INDEX IF NOT EXISTS sections_name ON sections(name);

CREATE TABLE IF NOT EXISTS articles (
    id               INTEGER PRIMARY KEY,
    bulletin_id      INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
    section_id       INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    ord              INTEGER NOT NULL,
    aid              TEXT NOT NULL,
    title            TEXT NOT NULL,
    subtitle         TEXT,
    editor_note      TEXT,
    body             TEXT NOT NULL,
    attribution      TEXT NOT NULL DEFAULT '[]',
    attribution_text TEXT,
    contributors     TEXT NOT NULL DEFAULT '[]',
    dates            TEXT NOT NULL DEFAULT '[]',
    keywords         TEXT NOT NULL DEFAULT '[]',
    pages            TEXT NOT NULL DEFAULT '[]',
    first_page       INTEGER,
    last_page        INTEGER,
    first_line       INTEGER,
    last_line        INTEGER
);
CREATE INDEX IF NOT EXISTS articles_bulletin ON articles(bulletin_id, ord);
CREATE INDEX IF NOT EXISTS articles_section ON articles(section_id);

CREATE TABLE IF NOT EXISTS paragraphs (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    pages      TEXT NOT NULL DEFAULT '[]',
    first_line INTEGER,
    last_line  INTEGER
);
CREATE INDEX IF NOT EXISTS paragraphs_article ON paragraphs(article_id, ord);

CREATE TABLE IF NOT EXISTS toc_entries (
    id          INTEGER PRIMARY KEY,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    title       TEXT NOT NULL,
    target      TEXT,
    article_id  INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    section_id  INTEGER REFERENCES sections(id) ON DELETE SET NULL,
    page        INTEGER,
    printed     TEXT,
    line        INTEGER
);
CREATE INDEX IF NOT EXISTS toc_entries_bulletin ON toc_entries(bulletin_id, ord);
CREATE INDEX IF NOT EXISTS toc_entries_article ON toc_entries(article_id);
CREATE INDEX IF NOT EXISTS toc_entries_section ON toc_entries(section_id);

CREATE TABLE IF NOT EXISTS colophon (
    id          INTEGER PRIMARY KEY,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
    field       TEXT NOT NULL,
    label       TEXT,
    ord         INTEGER NOT NULL,
    value       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS colophon_bulletin ON colophon(bulletin_id, field, ord);
CREATE INDEX IF NOT EXISTS colophon_value ON colophon(value);

CREATE TABLE IF NOT EXISTS diagnostics (
    id          INTEGER PRIMARY KEY,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
    source_id   INTEGER REFERENCES sources(id) ON DELETE CASCADE,
    origin      TEXT NOT NULL CHECK (origin IN ('parser', 'archive')),
    level       TEXT NOT NULL,
    code        TEXT NOT NULL,
    message     TEXT NOT NULL,
    page        INTEGER,
    line        INTEGER
);
CREATE INDEX IF NOT EXISTS diagnostics_bulletin ON diagnostics(bulletin_id, origin);
CREATE INDEX IF NOT EXISTS diagnostics_source ON diagnostics(source_id);
CREATE INDEX IF NOT EXISTS diagnostics_code ON diagnostics(code);

CREATE TABLE IF NOT EXISTS entities (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'place')),
    name       TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('text', 'attribution', 'contributor')),
    UNIQUE (article_id, kind, name, origin)
);
CREATE INDEX IF NOT EXISTS entities_kind_name ON entities(kind, name);

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, body, content='articles', content_rowid='id', tokenize='trigram');
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
"""

META = f"""
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '{SCHEMA_VERSION}');
INSERT OR IGNORE INTO meta(key, value) VALUES ('record_schema', 'kexie-bulletin/1');
"""  # constants of this module, no data

TABLES = ("meta", "bulletins", "sources", "sections", "articles", "paragraphs", "toc_entries", "colophon",
          "diagnostics", "entities")


def _norm(text: Optional[str]) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def bulletin_key(masthead: dict[str, Any], sha256: str, part: int) -> str:
    """The identity of an issue: "title|year|special|issue", e.g. "科协每周动态|2023||3".

    An issue without a number is known by its date ("…|date:2023-02-03"); a record with neither
    cannot be matched with any other and is keyed by its file ("?|sha256:…#part").
    """
    title = _norm(masthead.get("title"))
    year = masthead.get("year")
    special = _norm(masthead.get("special"))
    if masthead.get("issue") is not None:
        tail = str(int(masthead["issue"]))
    elif masthead.get("date"):
        tail = f"date:{masthead['date']}"
    else:
        return f"?|sha256:{sha256}#{part}"
    return f"{title}|{'' if year is None else int(year)}|{special}|{tail}"


def rank(kind: str, errors: int, warnings: int, path: str, part: int) -> tuple:
    """Sort key of the sources of one issue: the first is the record kept."""
    return (0 if kind == "pdf" else 1, errors, warnings, path, part)


@dataclass
class SourceRow:
    id: int
    path: str
    part: int
    parts: int
    rel: str
    output: Optional[str]
    sha256: str
    parser_version: Optional[str]
    options: Optional[str]
    warnings: int
    bulletin_id: int


def _open(path: Path, create: bool) -> sqlite3.Connection:
    """An SQLite connection: read-write (`create`), else read-only, falling back to immutable for an
    archive on read-only media (no -wal/-shm files can be made there)."""
    if create:
        return sqlite3.connect(str(path), isolation_level=None, timeout=30)
    uri = "file:" + urllib.parse.quote(os.path.abspath(path))
    try:
        conn = sqlite3.connect(uri + "?mode=ro", uri=True, isolation_level=None, timeout=30)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        return sqlite3.connect(uri + "?immutable=1", uri=True, isolation_level=None, timeout=30)


def connect(db: str | os.PathLike, *, create: bool = True) -> sqlite3.Connection:
    """Open (and create) an archive: WAL, foreign keys on, schema checked.

    With `create=False` the archive is opened read-only (search works on read-only media).
    """
    if sqlite3.sqlite_version_info < MIN_TRIGRAM_SQLITE:
        raise ArchiveError(f"SQLite {sqlite3.sqlite_version} has no FTS5 trigram tokenizer (3.34 or later is needed)",
                           file=str(db))
    path = Path(db)
    if not create and not path.exists():
        raise ArchiveError("no such archive", file=os.fsdecode(db))
    if not create and not path.is_file():
        raise ArchiveError("not an archive (not a file)", file=os.fsdecode(db))
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            from ..errors import output_error
            raise output_error(e, path.parent, what="cannot create the archive's folder") from None
    if create and not os.access(path.parent, os.W_OK) or create and path.exists() and not os.access(path, os.W_OK):
        raise ArchiveError("cannot write the archive: its folder is read-only or not writable; choose a writable "
                           "folder (--out, --db) or fix its permissions", file=os.fsdecode(db))
    try:
        conn = _open(path, create)
        conn.text_factory = _lenient_text
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        if create:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.OperationalError as e:
        if "unable to open" in str(e) or "readonly" in str(e):
            raise ArchiveError(f"cannot open the archive ({e}): check that the file and its folder can be "
                               f"{'written' if create else 'read'}", file=os.fsdecode(db)) from None
        raise ArchiveError(f"not an archive ({e}){NOT_AN_ARCHIVE_ADVICE}", file=os.fsdecode(db)) from None
    except sqlite3.DatabaseError as e:
        raise ArchiveError(f"not an archive ({e}){NOT_AN_ARCHIVE_ADVICE}", file=os.fsdecode(db)) from None
    if "meta" in tables:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.DatabaseError as e:
            conn.close()
            raise archive_damaged(e, db) from None
        if row is None or row[0] != SCHEMA_VERSION:
            conn.close()
            raise ArchiveError(f"archive schema version {row[0] if row else '?'} is not {SCHEMA_VERSION}",
                               file=str(db))
        missing = [t for t in TABLES + ("articles_fts",) if t not in tables]
        if missing:
            conn.close()
            raise ArchiveError(f"the archive is damaged (table {', '.join(missing)} is missing): delete it (the "
                               f"JSON files are kept) and run the batch again to rebuild it", file=os.fsdecode(db))
    elif not create:
        conn.close()
        raise ArchiveError("empty or not a kexie_parse archive: give the archive a batch made (--db)"
                           if not tables else "not a kexie_parse archive", file=os.fsdecode(db))
    elif create:
        if tables:
            conn.close()
            raise ArchiveError("the file is an SQLite database of something else, not a kexie_parse archive",
                               file=str(db))
        from .. import __version__
        try:
            # schema and version in one transaction: a kill leaves no archive without its version
            conn.executescript("BEGIN IMMEDIATE;" + SCHEMA + META + "COMMIT;")
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('created_by', ?)",
                         (f"kexie_parse {__version__}",))
        except sqlite3.DatabaseError as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()
            raise archive_damaged(e, db) if "disk is full" in str(e) else \
                ArchiveError(f"cannot create the archive ({e})", file=str(db)) from None
    return conn


class Store:
    """Writes of a batch into one archive. Every public write is one transaction."""

    def __init__(self, db: str | os.PathLike) -> None:
        self.path = str(db)
        self.conn = connect(db)

    def close(self) -> None:
        self.conn.close()

    def output_folders(self) -> set[str]:
        """Folders holding the JSON files the archive lists (where the batch writes)."""
        return {os.path.dirname(r[0]) for r in self.conn.execute("SELECT DISTINCT output FROM sources"
                                                                 " WHERE output IS NOT NULL")}

    # --- reads --------------------------------------------------------------------------------
    def sources_of(self, path: str) -> list[SourceRow]:
        rows = self.conn.execute(
            "SELECT id, path, part, parts, rel, output, sha256, parser_version, options, warnings, bulletin_id "
            "FROM sources WHERE path = ? ORDER BY part", (path,)).fetchall()
        return [SourceRow(*r) for r in rows]

    def unchanged(self, path: str, sha256: str, parser_version: str, options: str) -> Optional[list[SourceRow]]:
        """The source rows of `path` when they were made from these bytes, by this parser, with these options."""
        rows = self.sources_of(path)
        if not rows or len(rows) != rows[0].parts:
            return None
        if any(r.sha256 != sha256 or r.parser_version != parser_version or r.options != options for r in rows):
            return None
        return rows

    def keys_of(self, path: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT b.key FROM sources s JOIN bulletins b ON b.id = s.bulletin_id WHERE s.path = ? ORDER BY s.part",
            (path,))]

    # --- writes -------------------------------------------------------------------------------
    def replace_source(self, path: str, rel: str, records: Sequence[str], outputs: Sequence[str],
                       options: str) -> list[str]:
        """Replace every row `path` gave by its new records, in one transaction; return the bulletin keys."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            affected: set[int] = set()
            for (bid,) in conn.execute("SELECT DISTINCT bulletin_id FROM sources WHERE path = ?", (path,)).fetchall():
                affected.add(bid)
            conn.execute("DELETE FROM sources WHERE path = ?", (path,))
            keys = []
            for record_json, output in zip(records, outputs):
                rec = json.loads(record_json)
                src, mh = rec["source"], rec["masthead"]
                key = bulletin_key(mh, src["sha256"], src.get("part", 1))
                keys.append(key)
                row = conn.execute("SELECT id FROM bulletins WHERE key = ?", (key,)).fetchone()
                bid = row[0] if row else conn.execute("INSERT INTO bulletins(key) VALUES (?)", (key,)).lastrowid
                affected.add(bid)
                # another input that wrote this output file before no longer has it
                conn.execute("UPDATE sources SET output = NULL WHERE output = ? AND path <> ?", (output, path))
                diags = rec.get("diagnostics") or []
                articles = sum(len(s.get("articles") or []) for s in rec.get("sections") or [])
                sid = conn.execute(
                    "INSERT INTO sources(bulletin_id, path, part, parts, rel, output, name, sha256, kind, encoding,"
                    " pages, parser_version, options, articles, warnings, errors, record)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (bid, path, src.get("part", 1), src.get("parts", 1), rel, output, src.get("name"), src["sha256"],
                     src["kind"], src.get("encoding"), src.get("pages"), src.get("parser_version"), options, articles,
                     sum(1 for d in diags if d.get("level") == "warning"),
                     sum(1 for d in diags if d.get("level") == "error"), record_json)).lastrowid
                conn.executemany(
                    "INSERT INTO diagnostics(bulletin_id, source_id, origin, level, code, message, page, line)"
                    " VALUES (?,?,'parser',?,?,?,?,?)",
                    [(bid, sid, d.get("level"), d.get("code"), d.get("message"), d.get("page"), d.get("line"))
                     for d in diags])
            for bid in sorted(affected):
                self._refresh(bid)
            conn.execute("COMMIT")
            return keys
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def remove_source(self, path: str) -> None:
        """Forget every row `path` gave (and issues no other file holds)."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            affected = [r[0] for r in conn.execute("SELECT DISTINCT bulletin_id FROM sources WHERE path = ?", (path,))]
            conn.execute("DELETE FROM sources WHERE path = ?", (path,))
            for bid in sorted(affected):
                self._refresh(bid)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # --- the issue's content from its best source --------------------------------------------
    def _refresh(self, bid: int) -> None:
        conn = self.conn
        rows = conn.execute("SELECT id, kind, errors, warnings, path, part, is_best FROM sources WHERE bulletin_id = ?",
                            (bid,)).fetchall()
        if not rows:
            conn.execute("DELETE FROM bulletins WHERE id = ?", (bid,))
            return
        best = min(rows, key=lambda r: rank(r[1], r[2], r[3], r[4], r[5]))
        has_content = conn.execute("SELECT 1 FROM bulletins WHERE id = ? AND kind IS NOT NULL", (bid,)).fetchone()
        best_rec = json.loads(conn.execute("SELECT record FROM sources WHERE id = ?", (best[0],)).fetchone()[0])
        if not (best[6] and has_content):
            conn.execute("UPDATE sources SET is_best = (id = ?) WHERE bulletin_id = ?", (best[0], bid))
            self._write_content(bid, best_rec)
        conn.execute("UPDATE bulletins SET sources = ? WHERE id = ?", (len(rows), bid))
        conn.execute("DELETE FROM diagnostics WHERE bulletin_id = ? AND origin = 'archive'", (bid,))
        for other in sorted(rows, key=lambda r: rank(r[1], r[2], r[3], r[4], r[5]))[1:]:
            rec = json.loads(conn.execute("SELECT record FROM sources WHERE id = ?", (other[0],)).fetchone()[0])
            for code, message in disagreements(best_rec, rec, best[4], other[4]):
                conn.execute("INSERT INTO diagnostics(bulletin_id, source_id, origin, level, code, message)"
                             " VALUES (?,?,'archive','warning',?,?)", (bid, other[0], code, message))

    def _write_content(self, bid: int, rec: dict[str, Any]) -> None:
        conn = self.conn
        conn.execute("DELETE FROM toc_entries WHERE bulletin_id = ?", (bid,))
        conn.execute("DELETE FROM colophon WHERE bulletin_id = ?", (bid,))
        conn.execute("DELETE FROM sections WHERE bulletin_id = ?", (bid,))  # cascades to articles, paragraphs, entities
        mh, src = rec["masthead"], rec["source"]
        n_articles = sum(len(s.get("articles") or []) for s in rec.get("sections") or [])
        conn.execute("UPDATE bulletins SET title=?, year=?, issue=?, total_issue=?, special=?, issuer=?, date=?,"
                     " toc_heading=?, pages=?, kind=?, articles=? WHERE id=?",
                     (mh.get("title"), mh.get("year"), mh.get("issue"), mh.get("total_issue"), mh.get("special"),
                      mh.get("issuer"), mh.get("date"), rec.get("toc_heading"), src.get("pages"), src.get("kind"),
                      n_articles, bid))
        article_ids: dict[str, int] = {}
        section_ids: dict[str, int] = {}
        ord_ = 0
        for s_ord, sec in enumerate(rec.get("sections") or [], start=1):
            sec_id = conn.execute("INSERT INTO sections(bulletin_id, ord, sid, name, marker, line)"
                                  " VALUES (?,?,?,?,?,?)",
                                  (bid, s_ord, sec.get("id"), sec.get("name"), sec.get("marker"),
                                   sec.get("line"))).lastrowid
            section_ids[sec.get("id")] = sec_id
            for art in sec.get("articles") or []:
                ord_ += 1
                paras = art.get("paragraphs") or []
                pages = art.get("pages") or []
                lines = art.get("lines") or []
                aid = conn.execute(
                    "INSERT INTO articles(bulletin_id, section_id, ord, aid, title, subtitle, editor_note, body,"
                    " attribution, attribution_text, contributors, dates, keywords, pages, first_page, last_page,"
                    " first_line, last_line) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (bid, sec_id, ord_, art.get("id"), art.get("title") or "", art.get("subtitle"),
                     art.get("editor_note"), "\n".join(p.get("text", "") for p in paras),
                     _j(art.get("attribution")), art.get("attribution_text"), _j(art.get("contributors")),
                     _j(art.get("dates")), _j(art.get("keywords")), _j(pages), min(pages) if pages else None,
                     max(pages) if pages else None, lines[0] if lines else None,
                     lines[-1] if lines else None)).lastrowid
                article_ids[art.get("id")] = aid
                conn.executemany(
                    "INSERT INTO paragraphs(article_id, ord, text, pages, first_line, last_line) VALUES (?,?,?,?,?,?)",
                    [(aid, k, p.get("text", ""), _j(p.get("pages")), (p.get("lines") or [None])[0],
                      (p.get("lines") or [None])[-1]) for k, p in enumerate(paras, start=1)])
                ents = []
                for kind, fieldname, origin in (("person", "people", "text"), ("organization", "organizations", "text"),
                                                ("place", "places", "text"),
                                                ("organization", "attribution", "attribution"),
                                                ("person", "contributors", "contributor")):
                    for name in art.get(fieldname) or []:
                        if isinstance(name, str) and name.strip():
                            ents.append((aid, kind, name.strip(), origin))
                conn.executemany("INSERT OR IGNORE INTO entities(article_id, kind, name, origin)"
                                 " VALUES (?,?,?,?)", ents)
        conn.executemany(
            "INSERT INTO toc_entries(bulletin_id, ord, title, target, article_id, section_id, page, printed, line)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            [(bid, k, t.get("title") or "", t.get("target"), article_ids.get(t.get("target")),
              section_ids.get(t.get("target")), t.get("page"), t.get("printed"), t.get("line"))
             for k, t in enumerate(rec.get("toc") or [], start=1)])
        col = rec.get("colophon") or {}
        rows = []
        for fieldname in ("editor", "reviewer", "distribution"):
            rows += [(bid, fieldname, None, k, v) for k, v in enumerate(col.get(fieldname) or [], start=1)]
        for label, values in (col.get("other") or {}).items():
            rows += [(bid, "other", label, k, v) for k, v in enumerate(values or [], start=1)]
        conn.executemany("INSERT INTO colophon(bulletin_id, field, label, ord, value) VALUES (?,?,?,?,?)", rows)

    # --- exports ------------------------------------------------------------------------------
    def article_rows(self, relative_to: Optional[str | os.PathLike] = None) -> Iterator[dict[str, Any]]:
        """One flat row per article of the archive (the kept record of every issue), in issue order.

        `record` is the JSON file of the kept record, relative to `relative_to` when given.
        """
        cur = self.conn.execute(
            "SELECT b.key, b.title, b.year, b.issue, b.special, b.date, s.name, a.aid, a.title, a.body, a.attribution,"
            " a.pages, a.id, src.rel, src.output, src.path, src.kind"
            " FROM articles a JOIN bulletins b ON b.id = a.bulletin_id JOIN sections s ON s.id = a.section_id"
            " JOIN sources src ON src.bulletin_id = b.id AND src.is_best = 1"
            " ORDER BY b.year IS NULL, b.year, b.title, b.special IS NOT NULL, b.special, b.issue, b.date, b.key,"
            " a.ord")
        ent = self.conn.cursor()
        for (key, title, year, issue, special, date, section, aid, atitle, body, attribution, pages, art_id, rel,
             output, path, kind) in cur:
            names: dict[str, list[str]] = {"person": [], "organization": [], "place": []}
            for k, name in ent.execute("SELECT kind, name FROM entities WHERE article_id = ? AND origin = 'text'"
                                       " ORDER BY id", (art_id,)):
                names[k].append(name)
            if output and relative_to is not None:
                output = Path(os.path.relpath(output, relative_to)).as_posix()
            yield {"bulletin": key, "title": title, "year": year, "issue": issue, "special": special, "date": date,
                   "section": section, "article_id": aid, "article": atitle, "text": body,
                   "attribution": json.loads(attribution), "people": names["person"],
                   "organizations": names["organization"], "places": names["place"], "pages": json.loads(pages),
                   "source": rel, "source_kind": kind, "record": output, "path": path}


def _j(value: Any) -> str:
    return json.dumps(value if value is not None else [], ensure_ascii=False)


def _titles(rec: dict[str, Any]) -> list[str]:
    return [_norm(a.get("title")) for s in rec.get("sections") or [] for a in s.get("articles") or []]


def disagreements(best: dict[str, Any], other: dict[str, Any], best_path: str,
                  other_path: str) -> list[tuple[str, str]]:
    """How `other` (a second source of the same issue) differs from the kept record: (code, message)."""
    out = []
    bn, on = os.path.basename(best_path), os.path.basename(other_path)
    for f in ("date", "total_issue", "issuer"):
        a, b = best["masthead"].get(f), other["masthead"].get(f)
        if a != b:
            out.append((f"archive.masthead_{f}", f"{on} reads {f} {b!r}, the kept record ({bn}) {a!r}"))
    bt, ot = _titles(best), _titles(other)
    if len(bt) != len(ot):
        out.append(("archive.article_count", f"{on} gives {len(ot)} articles, the kept record ({bn}) {len(bt)}"))
    differing = [k for k, (a, b) in enumerate(zip(bt, ot)) if a != b]
    if differing:
        k = differing[0]
        out.append(("archive.article_titles",
                    f"{len(differing)} article title(s) differ; article {k + 1}: {ot[k]!r} in {on}, {bt[k]!r} in {bn}"))
    bs = [_norm(s.get("name")) for s in best.get("sections") or []]
    os_ = [_norm(s.get("name")) for s in other.get("sections") or []]
    if bs != os_:
        out.append(("archive.sections", f"{on} has sections {os_}, the kept record ({bn}) {bs}"))
    return out
