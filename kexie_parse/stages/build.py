"""Build stage: labelled blocks -> `Bulletin` record, with ids, provenance, TOC targets and diagnostics."""
from __future__ import annotations

import difflib
from typing import Optional

from ..model import (Article, Box, Bulletin, Diagnostic, Paragraph, Section, Source, TocEntry,
                     Unassigned)
from ..normalize import squash, tidy
from ..rules.attribution import find_attribution, read_mark
from ..rules.colophon import parse_colophon
from ..rules.toc import strip_entry
from .blocks import Block
from .classify import Classified, entry_title


def paragraph_of(blocks: list[Block], text: Optional[str] = None) -> Paragraph:
    lines = [ln for b in blocks for ln in b.lines]
    boxes: list[Box] = []
    for page in sorted({ln.page for ln in lines}):
        on = [ln for ln in lines if ln.page == page and ln.x0 is not None]
        if on:
            boxes.append(Box(page=page, x0=round(min(ln.x0 for ln in on), 1), top=round(min(ln.top for ln in on), 1),
                             x1=round(max(ln.x1 for ln in on), 1), bottom=round(max(ln.bottom for ln in on), 1)))
    return Paragraph(text=text if text is not None else tidy("".join(b.text for b in blocks)),
                     pages=sorted({ln.page for ln in lines}),
                     lines=[min(ln.number for ln in lines), max(ln.number for ln in lines)], boxes=boxes)


class Builder:
    def __init__(self, source: Source) -> None:
        self.b = Bulletin(source=source)
        self.section: Optional[Section] = None
        self.article: Optional[Article] = None
        self.article_blocks: list[Block] = []
        self.n_articles = 0
        self._run_diagnostic: Optional[Diagnostic] = None
        """The diagnostic of the run of unassigned blocks being extended."""
        self._run_texts: list[str] = []
        """Texts of the blocks of that run."""
        self._run_last = 0
        """Last source line of that run."""
        self._run_why = ""
        """Why the run fits no field."""

    def diag(self, level: str, code: str, message: str, page: Optional[int] = None,
             line: Optional[int] = None) -> None:
        self.b.diagnostics.append(Diagnostic(level, code, message, page, line))

    def unassigned(self, block: Block, why: str, follows_unassigned: bool = False) -> None:
        """Keep `block` in `unassigned` with a diagnostic; a block right after another unassigned one
        joins it (one entry and one diagnostic per run, however many short lines the run has)."""
        if follows_unassigned and self._run_diagnostic is not None:
            self._run_texts.append(block.text)
            self._run_last = block.last
            return
        self.finish_unassigned()
        self.b.unassigned.append(Unassigned(text=block.text, page=block.page, line=block.first))
        self.diag("warning", "text.unassigned", f"text fits no field ({why}): {block.text[:30]}",
                  block.page, block.first)
        self._run_diagnostic, self._run_texts, self._run_last, self._run_why = \
            self.b.diagnostics[-1], [block.text], block.last, why

    def finish_unassigned(self) -> None:
        """Close the run of unassigned blocks: one entry holding their text, line by line."""
        if self._run_diagnostic is not None and len(self._run_texts) > 1:
            entry = self.b.unassigned[-1]
            entry.text = "\n".join(self._run_texts)
            preview = " ".join(self._run_texts[:8])[:30]
            self._run_diagnostic.message = (f"text fits no field ({self._run_why}): {len(self._run_texts)} blocks, "
                                            f"lines {entry.line}-{self._run_last}: {preview}")
        self._run_diagnostic, self._run_texts = None, []

    def new_section(self, name: Optional[str], marker: Optional[str], line: Optional[int]) -> Section:
        self.close_article()
        sec = Section(id=f"s{len(self.b.sections) + 1}", name=name, marker=marker, line=line)
        self.b.sections.append(sec)
        self.section = sec
        return sec

    def new_article(self, title: str, blocks: list[Block]) -> None:
        self.close_article()
        if self.section is None:
            self.new_section(None, None, None)
        self.n_articles += 1
        self.article = Article(id=f"a{self.n_articles}", title=title)
        self.article_blocks = list(blocks)
        self.section.articles.append(self.article)

    def close_article(self) -> None:
        a = self.article
        if a is None:
            return
        if a.attribution_text is None and a.paragraphs:
            last = a.paragraphs[-1]
            found = find_attribution(last.text, own_line=False)
            if found:
                before, att = found
                self._set_attribution(a, att)
                if before:
                    last.text = before
                else:
                    a.paragraphs.pop()
        if not a.paragraphs:
            blk = self.article_blocks[0]
            self.diag("warning", "article.no_body", f"article has no body paragraphs: {a.title[:30]}",
                      blk.page, blk.first)
        lines = [ln for blk in self.article_blocks for ln in blk.lines]
        a.pages = sorted({ln.page for ln in lines})
        a.lines = [min(ln.number for ln in lines), max(ln.number for ln in lines)]
        self.article = None

    @staticmethod
    def _set_attribution(a: Article, att) -> None:
        a.attribution = att.orgs
        a.attribution_text = att.mark
        a.contributors = att.people


def build(classified: Classified, source: Source) -> Bulletin:
    """Assemble the record from labelled blocks."""
    bd = Builder(source)
    b = bd.b
    colophon_lines: list[tuple[str, int]] = []
    previous_unassigned = False
    for it in classified.items:
        blk = it.block
        lab = it.label
        unassigned = lab in ("subtitle", "editor_note", "attribution", "body") and bd.article is None
        follows_unassigned, previous_unassigned = previous_unassigned, unassigned
        if lab == "masthead":
            continue
        if lab == "toc_heading":
            b.toc_heading = blk.text
        elif lab == "toc_entry":
            parts = [blk] + it.extra
            page = next((pg for pg in (strip_entry(p.text)[1] for p in parts) if pg is not None), None)
            b.toc.append(TocEntry(title=tidy(entry_title(it)), page=page, printed="\n".join(p.text for p in parts),
                                  line=blk.first))
        elif lab == "section":
            bd.new_section(it.value, blk.text, blk.first)
        elif lab == "title":
            bd.new_article(tidy("".join(x.text for x in [blk] + it.extra)), [blk] + it.extra)
        elif unassigned:
            bd.unassigned(blk, "before the first article title", follows_unassigned)
        elif lab == "subtitle":
            bd.article.subtitle = blk.text
            bd.article_blocks.append(blk)
        elif lab == "editor_note":
            bd.article.editor_note = (bd.article.editor_note + blk.text) if bd.article.editor_note else blk.text
            bd.article_blocks.append(blk)
        elif lab == "attribution":
            att = read_mark(blk.text[1:-1])
            att.mark = blk.text
            bd._set_attribution(bd.article, att)
            bd.article_blocks.append(blk)
        elif lab == "body":
            if bd.article.attribution_text is not None:
                bd.diag("info", "article.text_after_attribution",
                        "text follows the attribution; kept in the article", blk.page, blk.first)
            bd.article.paragraphs.append(paragraph_of([blk]))
            bd.article_blocks.append(blk)
        elif lab == "colophon":
            colophon_lines.append((blk.text, blk.first))
    bd.close_article()
    bd.finish_unassigned()
    m = classified.masthead
    m.printed = classified.masthead_printed
    b.masthead = m
    col, leftovers = parse_colophon(colophon_lines)
    col.printed = [t for t, _ in colophon_lines]
    b.colophon = col
    for text, number in leftovers:
        bd.diag("warning", "colophon.unlabelled", f"colophon line without a label: {text[:30]}", None, number)
    _link_toc(bd)
    _masthead_diagnostics(bd)
    for s in b.sections:
        if not s.articles:
            bd.diag("warning", "section.empty", f"section {s.name} has no articles", None, s.line)
    if not b.sections:
        bd.diag("error", "bulletin.no_articles", "no article was found: is this a bulletin?")
    return b


def _link_toc(bd: Builder) -> None:
    b = bd.b
    targets: list[tuple[str, str]] = [(squash(a.title), a.id) for a in b.articles]
    targets += [(squash(s.name), s.id) for s in b.sections if s.name]
    for e in b.toc:
        key = squash(e.title)
        exact = [tid for k, tid in targets if k == key]
        if exact:
            e.target = exact[0]
            continue
        best, best_id = 0.0, None
        for k, tid in (targets if len(targets) * len(b.toc) <= 40_000 else []):   # fuzzy only at sane sizes
            r = difflib.SequenceMatcher(None, key, k, autojunk=False).ratio()
            if (len(key) >= 6 and (k.startswith(key) or key.startswith(k))) and r > 0.6:
                r = max(r, 0.9)
            if r > best:
                best, best_id = r, tid
        if best >= 0.85:
            e.target = best_id
            bd.diag("info", "toc.fuzzy_target", f"TOC entry matched loosely: {e.title[:30]}", None, e.line)
        else:
            bd.diag("warning", "toc.no_target", f"TOC entry names no article or section: {e.title[:30]}",
                    None, e.line)


def _masthead_diagnostics(bd: Builder) -> None:
    m = bd.b.masthead
    for field_name, level in (("title", "warning"), ("issue", "warning"), ("date", "warning"),
                              ("issuer", "warning"), ("year", "warning"), ("total_issue", "info")):
        if getattr(m, field_name) is None:
            bd.diag(level, f"masthead.no_{field_name}", f"masthead has no {field_name.replace('_', ' ')}",
                    1, m.lines[0] if m.lines else None)
