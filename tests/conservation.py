"""Check that every non-space character of an input is somewhere in its record."""
from __future__ import annotations

from collections import Counter

from kexie_parse.normalize import fold

# keys whose values are about the record, not text of the input
META_KEYS = {"sha256", "name", "parser_version", "encoding", "kind", "level", "code", "message", "schema_version"}


def record_strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k not in META_KEYS:
                yield from record_strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from record_strings(v)


def missing_characters(text: str, record: dict) -> Counter:
    """Characters of `text` (after the library's character folding) that the record does not hold."""
    want = Counter(c for c in fold(text) if not c.isspace())
    have = Counter(c for s in record_strings(record) for c in s if not c.isspace())
    return want - have
