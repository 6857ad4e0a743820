"""Batch conversion into a searchable SQLite archive.

    >>> from kexie_parse.archive import convert, search
    >>> report = convert(["scans/"], "out/", jobs=4)          # out/*.json, articles.jsonl, report.json, archive.sqlite
    >>> report.summary()
    >>> search("out/archive.sqlite", "科普", person="沈洁")

Not imported by `import kexie_parse`: load it with `import kexie_parse.archive`. See docs/archive.md.
"""
from __future__ import annotations

from .batch import Entry, Report, convert
from .search import Hit, search
from .store import SCHEMA_VERSION, ArchiveError, bulletin_key, connect

__all__ = ["convert", "search", "Report", "Entry", "Hit", "ArchiveError", "connect", "bulletin_key", "SCHEMA_VERSION"]
