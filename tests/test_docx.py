"""Word files: a .docx (and a .doc through LibreOffice) gives the record the PDF of the same bulletin gives.

Documents are built here with python-docx the way an office sets a bulletin up in Word (docx_factory.py);
samples/*.docx are realistic Word files of bulletins whose gold records sit beside them.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import stat
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import kexie_parse
from conftest import SAMPLES
from conservation import missing_characters
from docx_factory import BulletinWriter, Style, add_page_field, bulletin_docx
from scoring import score

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK  # noqa: E402 (python-docx: docx_factory skips without it)
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

SPEC = {
    "id": "t01",
    "layout": {"toc_style": "dash", "title_align": "center"},
    "masthead": {"lines": ["科协每周动态", "2023年第3期", "（总第56期）", ["北京市科协办公室", "2023年2月3日"]]},
    "toc": {"heading": "目录提要", "entries": ["北京制冷学会召开第九届第一次常务理事会", "学会动态"]},
    "sections": [
        {"name": None, "marker": None, "articles": [{
            "title": "北京制冷学会召开第九届第一次常务理事会",
            "paragraphs": ["1月15日上午，北京制冷学会召开了第九届第一次常务理事会。会议由理事长唐俊杰主持。",
                           "唐俊杰在总结发言中提到，本次会议是九届一次会员代表大会后召开的首次会议。"],
            "attribution": {"surface": "（北京制冷学会）", "orgs": ["北京制冷学会"], "placement": "inline"}}]},
        {"name": "学会动态", "marker": "【学会动态】", "articles": [{
            "title": "北京园艺学会赴平谷开展主题党日活动",
            "paragraphs": ["5月27日，北京园艺学会党支部组织党员赴平谷区开展主题党日活动，重温入党誓词。",
                           "活动中，党员们参观了当地的果树科技示范园，了解大桃产业发展情况。"],
            "attribution": {"surface": "（供稿：北京园艺学会）", "orgs": ["北京园艺学会"], "placement": "own_line"}}]},
    ],
    "colophon": {"lines": ["编辑：张红波", "审核：李金涛", "分送：市科协第十届委员会主席、副主席、常委、委员", "市科协驻会领导"]},
}


def parse_bytes(data: bytes, tmp_path: Path, name: str = "bulletin.docx") -> kexie_parse.Bulletin:
    path = tmp_path / name
    path.write_bytes(data)
    return kexie_parse.parse(path, enrich=False)


def check_bulletin(b: kexie_parse.Bulletin) -> None:
    """What an archivist checks on the record of SPEC."""
    m = b.masthead
    assert (m.title, m.year, m.issue, m.total_issue, m.issuer, m.date) == (
        "科协每周动态", 2023, 3, 56, "北京市科协办公室", "2023-02-03")
    assert [e.title for e in b.toc] == SPEC["toc"]["entries"]
    assert [s.name for s in b.sections] == [None, "学会动态"]
    first, second = b.sections[0].articles[0], b.sections[1].articles[0]
    assert first.title == "北京制冷学会召开第九届第一次常务理事会"
    assert [p.text for p in first.paragraphs] == [SPEC["sections"][0]["articles"][0]["paragraphs"][0],
                                                  SPEC["sections"][0]["articles"][0]["paragraphs"][1]]
    assert first.attribution == ["北京制冷学会"] and second.attribution == ["北京园艺学会"]
    assert second.title == "北京园艺学会赴平谷开展主题党日活动" and len(second.paragraphs) == 2
    assert b.colophon.editor == ["张红波"] and b.colophon.reviewer == ["李金涛"]
    assert b.colophon.distribution == ["市科协第十届委员会主席、副主席、常委、委员", "市科协驻会领导"]
    assert not b.unassigned


@pytest.mark.parametrize("style", [
    Style(),
    Style(masthead_pair="tab", indent="typed", title_size=18, blank_before_titles=False),
    Style(masthead_pair="spaces", page_break_before_colophon=True),
], ids=["table-masthead", "tab-stop-masthead", "typed-spaces"])
def test_word_bulletin_gives_every_field(tmp_path, style):
    b = parse_bytes(bulletin_docx(SPEC, style), tmp_path)
    assert b.source.kind == "docx" and b.source.encoding is None
    check_bulletin(b)


def test_header_and_footer_go_to_furniture_and_the_page_field_is_no_text(tmp_path):
    b = parse_bytes(bulletin_docx(SPEC, Style(header="科协每周动态 2023年第3期")), tmp_path)
    kinds = {(f.kind, f.text) for f in b.furniture}
    assert ("running_header", "科协每周动态 2023年第3期") in kinds
    footer = [f for f in b.furniture if f.kind == "page_number"]
    assert footer and all("1" not in f.text for f in footer)   # the field's cached "1" is not text
    assert "—" in footer[0].text
    check_bulletin(b)


def test_page_breaks_give_pages(tmp_path):
    b = parse_bytes(bulletin_docx(SPEC, Style(page_break_before_colophon=True)), tmp_path)
    assert b.source.pages == 2
    assert b.articles[-1].paragraphs[-1].pages == [1]


def test_rendered_page_breaks_are_the_pages_where_word_recorded_them(tmp_path):
    w = BulletinWriter()
    for line in ("科协每周动态", "2023年第3期", "北京市科协办公室　　　　2023年2月3日"):
        w.para(line, align="center")
    w.para("北京制冷学会召开常务理事会", bold=True, align="center")
    p = w.para("1月15日上午，北京制冷学会召开了第九届第一次常务理事会，", indent=True)
    p.runs[0]._r.append(OxmlElement("w:lastRenderedPageBreak"))
    p.add_run("会议由理事长唐俊杰主持。")
    q = w.para("唐俊杰在总结发言中提到，本次会议是首次会议。", indent=True)
    w.para("编辑：张红波")
    q.runs[0]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    b = parse_bytes(w.save(), tmp_path)
    paras = b.articles[0].paragraphs
    assert [p.text for p in paras] == ["1月15日上午，北京制冷学会召开了第九届第一次常务理事会，会议由理事长唐俊杰主持。",
                                       "唐俊杰在总结发言中提到，本次会议是首次会议。"]
    assert paras[0].pages == [1] and paras[1].pages == [3] and b.source.pages == 3


def test_hard_line_breaks_split_masthead_lines_and_automatic_numbers_are_printed(tmp_path):
    w = BulletinWriter(Style(page_field=False))
    p = w.para("科协每周动态", size=36, align="center")
    p.add_run().add_break()
    p.add_run("2023年第3期")
    p.add_run().add_break()
    p.add_run("北京市科协办公室\t2023年2月3日")
    w.para("北京制冷学会召开常务理事会", font="黑体", bold=True, align="center")
    w.para("1月15日上午，北京制冷学会召开了常务理事会。会议部署了三项工作。", indent=True)
    numbered = []
    for text in ("加强组织建设", "提升服务能力"):
        q = w.para(text, font="黑体", indent=True)
        numbered.append(q)
    _number_paragraphs(w, numbered, "chineseCounting", "%1、")
    w.para("唐俊杰在总结发言中提到，本次会议是首次会议。", indent=True)
    w.para("编辑：张红波")
    b = parse_bytes(w.save(), tmp_path)
    m = b.masthead
    assert (m.title, m.issue, m.issuer, m.date) == ("科协每周动态", 3, "北京市科协办公室", "2023-02-03")
    assert [p.text for p in b.articles[0].paragraphs] == [
        "1月15日上午，北京制冷学会召开了常务理事会。会议部署了三项工作。", "一、加强组织建设", "二、提升服务能力",
        "唐俊杰在总结发言中提到，本次会议是首次会议。"]


def _number_paragraphs(w: BulletinWriter, paragraphs: list, fmt: str, text: str) -> None:
    """Give paragraphs automatic numbering of one level (numbering.xml written by hand)."""
    numbering = w.doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        lvl.append(el)
    abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    for p in paragraphs:
        numpr = p._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = 0
        numpr.get_or_add_numId().val = 90


def test_tracked_deletions_are_left_out_and_text_boxes_read(tmp_path):
    w = BulletinWriter(Style(page_field=False))
    for line in ("科协每周动态", "2023年第3期"):
        w.para(line, align="center")
    w.pair(["北京市科协办公室", "2023年2月3日"])
    w.para("北京制冷学会召开常务理事会", bold=True, align="center")
    p = w.para("1月15日上午，北京制冷学会召开了常务理事会。", indent=True)
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    gone = OxmlElement("w:delText")
    gone.text = "这句话已删除。"
    run.append(gone)
    deleted.append(run)
    p._p.append(deleted)
    w.para("编辑：张红波")
    b = parse_bytes(w.save(), tmp_path)
    assert [p.text for p in b.articles[0].paragraphs] == ["1月15日上午，北京制冷学会召开了常务理事会。"]
    assert "删除" not in b.to_json()


def test_every_character_of_the_word_file_is_in_the_record(tmp_path):
    data = bulletin_docx(SPEC, Style(header="科协每周动态 2023年第3期"))
    import docx
    d = docx.Document(io.BytesIO(data))
    text = [p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells]
    text += [p.text for p in d.sections[0].header.paragraphs]
    b = parse_bytes(data, tmp_path)
    assert not missing_characters("\n".join(text), b.to_dict())


def test_kind_is_told_by_content_not_by_name(tmp_path):
    data = bulletin_docx(SPEC)
    for name in ("bulletin.txt", "bulletin", "bulletin.DOCX"):
        b = parse_bytes(data, tmp_path, name)
        assert b.source.kind == "docx"
    b = kexie_parse.parse(data, enrich=False)
    assert b.source.kind == "docx" and b.masthead.issue == 3


@pytest.mark.parametrize("data,name", [
    (bulletin_docx(SPEC)[:3000], "cut.docx"),
    (b"PK\x03\x04 this is no zip at all", "fake.docx"),
], ids=["truncated", "not-a-zip"])
def test_broken_word_file_raises_typed_error(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(kexie_parse.DocxBrokenError) as e:
        kexie_parse.parse(path)
    assert name in str(e.value) and "damaged" in str(e.value) and e.value.file == str(path)


def test_zip_without_a_document_is_a_broken_word_file(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("x.txt", "not a bulletin")
    path = tmp_path / "other.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(kexie_parse.DocxBrokenError):
        kexie_parse.parse(path)


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4088


def test_doc_without_libreoffice_says_how_to_convert(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    path = tmp_path / "old.doc"
    path.write_bytes(OLE2)
    with pytest.raises(kexie_parse.DocConversionError) as e:
        kexie_parse.parse(path)
    msg = str(e.value)
    assert "old.doc" in msg and "soffice --headless --convert-to docx" in msg and "LibreOffice" in msg
    # the same bytes without a name are still told apart from text by their OLE2 header
    with pytest.raises(kexie_parse.DocConversionError, match="LibreOffice"):
        kexie_parse.parse(OLE2 + b"x" * 100)
    with pytest.raises(kexie_parse.DocConversionError, match="truncated"):
        kexie_parse.parse(OLE2[:600])


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in converter is a shell script")
def test_doc_is_read_through_the_libreoffice_conversion(tmp_path, monkeypatch):
    """A stand-in `soffice` on the PATH (writing the .docx the real one would) checks the plumbing."""
    converted = tmp_path / "converted.docx"
    converted.write_bytes(bulletin_docx(SPEC))
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "soffice"
    script.write_text('#!/bin/sh\nout=""\nlast=""\nwhile [ $# -gt 0 ]; do\n  case "$1" in --outdir) out="$2"; shift;; esac\n'
                      '  last="$1"; shift\ndone\nname=$(basename "$last" .doc)\n'
                      f'cp "{converted}" "$out/$name.docx"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bindir) + os.pathsep + os.environ.get("PATH", ""))
    path = tmp_path / "old.doc"
    path.write_bytes(OLE2)
    b = kexie_parse.parse(path, enrich=False)
    assert b.source.kind == "doc" and b.source.name == "old.doc"
    assert any(d.code == "docx.converted_from_doc" for d in b.diagnostics)
    check_bulletin(b)


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: .doc files cannot be read")
def test_real_doc_made_by_libreoffice_reads_like_its_docx(tmp_path):
    """A Word 97-2003 file (written by LibreOffice from a sample .docx) reads back to the same record."""
    import subprocess
    word = WORD_SAMPLES[0]
    (tmp_path / "in.docx").write_bytes(word.read_bytes())
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(tmp_path / "in.docx")], capture_output=True, timeout=300, check=True)
    doc = tmp_path / "in.doc"
    assert doc.read_bytes()[:8] == OLE2[:8]
    b = kexie_parse.parse(doc, enrich=False)
    assert b.source.kind == "doc"
    gold = json.loads((SAMPLES / (word.name.split(".")[0] + ".gold.json")).read_text(encoding="utf-8"))
    assert score(gold, b.to_dict())["structure"] >= 0.99
    # a damaged file with a .doc header fails to load instead of being read as text
    (tmp_path / "bad.doc").write_bytes(OLE2 + b"not a document" * 10)
    with pytest.raises(kexie_parse.DocConversionError, match="could not convert"):
        kexie_parse.parse(tmp_path / "bad.doc")


def test_doc_conversion_failure_is_a_typed_error(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "soffice"
    script.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bindir))
    path = tmp_path / "bad.doc"
    path.write_bytes(OLE2)
    with pytest.raises(kexie_parse.DocConversionError, match="could not be loaded"):
        kexie_parse.parse(path)


WORD_SAMPLES = sorted(SAMPLES.glob("*.docx"))


@pytest.mark.parametrize("path", WORD_SAMPLES, ids=[p.name for p in WORD_SAMPLES])
def test_word_samples_score_like_gold(path):
    gold = json.loads((SAMPLES / (path.name.split(".")[0] + ".gold.json")).read_text(encoding="utf-8"))
    rec = kexie_parse.parse(path, enrich=False).to_dict()
    s = score(gold, rec)
    assert s["structure"] >= 0.99, s


def test_word_structure_at_least_as_good_as_the_pdf():
    """The same bulletin as .docx and as the PDF Word prints: the Word file loses nothing to layout."""
    for path in WORD_SAMPLES:
        pdf = SAMPLES / (path.name.split(".")[0] + ".pdf")
        gold = json.loads((SAMPLES / (path.name.split(".")[0] + ".gold.json")).read_text(encoding="utf-8"))
        word = score(gold, kexie_parse.parse(path, enrich=False).to_dict())["structure"]
        printed = score(gold, kexie_parse.parse(pdf, enrich=False).to_dict())["structure"]
        assert word >= printed - 1e-9, (path.name, word, printed)


def test_page_field_helper_builds_a_field(tmp_path):
    """The footer's PAGE field is a complex field (begin, instruction, separate, result, end)."""
    w = BulletinWriter(Style(page_field=False))
    p = w.doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(p)
    p.add_run("第页").add_break(WD_BREAK.LINE)
    for line in ("科协每周动态", "2023年第3期", "北京市科协办公室　　　　2023年2月3日"):
        w.para(line, align="center")
    w.para("北京制冷学会召开常务理事会", bold=True, align="center")
    w.para("1月15日上午，北京制冷学会召开了常务理事会。", indent=True)
    w.para("编辑：张红波")
    b = parse_bytes(w.save(), tmp_path)
    assert [f.text for f in b.furniture] == ["第页"] and b.furniture[0].kind == "page_number"


def test_import_stays_light_until_a_word_file_or_page_is_met():
    import subprocess
    code = ("import sys, kexie_parse\n"
            "kexie_parse.parse(kexie_parse.TextInput('科协每周动态\\n\\n2023年第3期\\n\\n北京制冷学会召开会议\\n\\n1月15日，会议召开。\\n'), enrich=False)\n"
            "print(sorted(m for m in ('docx', 'selectolax', 'lxml') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "[]", r.stderr


def test_batch_takes_word_files_and_web_pages_as_forms_of_one_issue(tmp_path):
    from kexie_parse.archive import convert
    import sqlite3
    src = tmp_path / "in"
    src.mkdir()
    word = WORD_SAMPLES[0]
    issue = word.name.split(".")[0]
    (src / f"{issue}.docx").write_bytes(word.read_bytes())
    (src / f"{issue}.pdf").write_bytes((SAMPLES / f"{issue}.pdf").read_bytes())
    (src / "other.htm").write_bytes(sorted(SAMPLES.glob("*.html"))[0].read_bytes())
    report = convert([src], tmp_path / "out", jobs=1, enrich=False, progress=False)
    status = {os.path.basename(e.path): e.status for e in report.entries}
    assert status == {f"{issue}.docx": "ok", f"{issue}.pdf": "ok", "other.htm": "ok"}
    with sqlite3.connect(tmp_path / "out" / "archive.sqlite") as conn:
        assert sorted(k for (k,) in conn.execute("SELECT kind FROM sources")) == ["docx", "html", "pdf"]
        # the Word file and the PDF of one issue are one bulletin row
        assert conn.execute("SELECT count(*) FROM bulletins").fetchone()[0] == 2
    from kexie_parse.archive.collect import kind_of
    assert [kind_of(n) for n in ("a.DOC", "b.docx", "c.HTM", "d.html")] == ["doc", "docx", "html", "html"]


def test_a_title_wrapped_by_a_line_break_stays_one_title(tmp_path):
    w = BulletinWriter(Style(page_field=False))
    for line in ("科协每周动态", "2023年第3期"):
        w.para(line, align="center")
    w.pair(["北京市科协办公室", "2023年2月3日"])
    t = w.para("望京街道科协举办“院士专家进社区”", font="方正小标宋简体", size=22, align="center")
    t.add_run().add_break()
    t.add_run("新年科普讲座").font.size = t.runs[0].font.size
    t.runs[-1].font.name = "方正小标宋简体"
    t.runs[-1]._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")
    p = w.para("1月4日上午，望京街道科协在社区党群服务中心举办", indent=True)
    p.add_run().add_break()
    p.add_run("新年科普讲座，辖区居民100余人到场聆听。")
    p.add_run().add_break()
    p.add_run("讲座结束后，专家们还与居民进行了交流。")
    w.para("编辑：张红波")
    b = parse_bytes(w.save(), tmp_path)
    assert [a.title for a in b.articles] == ["望京街道科协举办“院士专家进社区”新年科普讲座"]
    assert [p.text for p in b.articles[0].paragraphs] == [
        "1月4日上午，望京街道科协在社区党群服务中心举办新年科普讲座，辖区居民100余人到场聆听。",
        "讲座结束后，专家们还与居民进行了交流。"]


@pytest.mark.parametrize("before,after,breaks", [
    ("望京街道科协举办“院士专家进社区”", "新年科普讲座", False),     # a title over two lines
    ("会议在社区党群服务中心举", "办，居民100余人参加", False),          # a manual wrap inside a sentence
    ("居民100余人参加。", "讲座结束后，专家们还与居民交流。", True),      # paragraphs after a sentence end
    ("科协每周动态", "2023年第3期", True),                            # masthead lines
    ("北京市科协办公室编", "2023年2月3日", True),
    ("2023年第3期", "增刊", True),
    ("分送：市科协第十届委员会主席、副主席", "市科协驻会领导", True),      # colophon
    ("目录", "- 北京制冷学会召开常务理事会", True),                     # TOC
    ("北京制冷学会召开常务理事会", "\u3000\u30001月15日上午，会议召开。", True),   # an indented first line
])
def test_line_breaks_inside_a_paragraph(before, after, breaks):
    from kexie_parse.sources.segments import breaks_line
    assert breaks_line(before, after) is breaks


WORD_ALPHABET = "科协每周动态第期总年月日学会编辑审核分送（）【】：，。、；—-●123 \u3000\tABC《》“”"
WORD_BLOCK = st.tuples(st.sampled_from(["para", "br", "table", "center", "bold", "break", "empty"]),
                       st.lists(st.text(WORD_ALPHABET, max_size=40), min_size=1, max_size=3))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORD_BLOCK, min_size=1, max_size=10))
def test_any_word_file_gives_a_record_or_typed_error_and_loses_no_character(blocks):
    w = BulletinWriter(Style(page_field=False, header="页眉"))
    shown = ["页眉"]
    for kind, texts in blocks:
        if kind == "table":
            t = w.doc.add_table(rows=1, cols=len(texts))
            for cell, text in zip(t.rows[0].cells, texts):
                cell.paragraphs[0].add_run(text)
        elif kind == "br":
            p = w.doc.add_paragraph()
            for k, text in enumerate(texts):
                if k:
                    p.add_run().add_break()
                p.add_run(text)
        elif kind == "break":
            w.page_break()
            w.para(texts[0])
            texts = texts[:1]
        elif kind == "empty":
            w.doc.add_paragraph()
            continue
        else:
            for text in texts:
                w.para(text, bold=kind == "bold", align="center" if kind == "center" else None)
        shown += texts
    try:
        b = kexie_parse.parse(w.save(), enrich=False)
    except kexie_parse.KexieParseError:
        assert not "".join(shown[1:]).strip(), "a Word file with text must give a record"
        return
    assert b.source.kind == "docx"
    assert not missing_characters("\n".join(shown), b.to_dict())
