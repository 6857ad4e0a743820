"""Enrichment: people, roles, organisations, places, dates and keywords of each article.

    from kexie_parse.enrich import enrich
    enrich(bulletin)          # fills article.people, .roles, .organizations, .places, .dates, .keywords

Importing this package does not import jieba: the segmenter (with the domain dictionary shipped in
`data/`) is loaded on the first call to `enrich`, once per process, and nothing is downloaded.
"""
from __future__ import annotations

from .core import enrich, enrich_article
from ..vocab.dates import Issue, issue_of

__all__ = ["enrich", "enrich_article", "Issue", "issue_of"]
