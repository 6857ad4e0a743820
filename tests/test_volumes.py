"""Bound volumes (合订本): several issues back to back in one file give one record each."""
from __future__ import annotations

import pytest

import kexie_parse
from conftest import SAMPLES, sample_inputs


@pytest.mark.parametrize("variant", ["blocks", "poppler", "layout"])
def test_three_issues_bound_together_give_three_records(variant):
    names = ["kx2023-03", "p01", "v03"]
    text = "".join((SAMPLES / f"{n}.{variant}.txt").read_text(encoding="utf-8") for n in names)
    singles = [kexie_parse.parse(SAMPLES / f"{n}.{variant}.txt", enrich=False) for n in names]
    bound = kexie_parse.parse_all(kexie_parse.TextInput(text), enrich=False)
    assert [(b.masthead.title, b.masthead.issue, b.masthead.date) for b in bound] == \
        [(b.masthead.title, b.masthead.issue, b.masthead.date) for b in singles]
    assert [[a.title for a in b.articles] for b in bound] == [[a.title for a in b.articles] for b in singles]
    assert [(b.source.part, b.source.parts) for b in bound] == [(1, 3), (2, 3), (3, 3)]
    assert [b.colophon.editor for b in bound] == [b.colophon.editor for b in singles]


def test_parse_gives_the_first_issue_and_says_more_follow():
    text = "".join((SAMPLES / f"{n}.blocks.txt").read_text(encoding="utf-8") for n in ("p01", "p02"))
    b = kexie_parse.parse(kexie_parse.TextInput(text), enrich=False)
    assert b.masthead.issue == 18 and b.colophon.editor == ["孙晓燕"]
    assert any(d.code == "input.more_issues" and "2 issues" in d.message for d in b.diagnostics)


@pytest.mark.parametrize("path", [p for p in sample_inputs() if p.suffix == ".txt"], ids=lambda p: p.name)
def test_single_issues_are_not_split(path):
    """Running headers repeat the title and the issue at every page top: that is no new issue."""
    assert len(kexie_parse.parse_all(path, enrich=False)) == 1
