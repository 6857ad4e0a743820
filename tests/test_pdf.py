"""PDF path: layout rules on PDFs built here, broken PDFs, and the sample PDFs' agreement with text."""
from __future__ import annotations

import io
import zipfile

import pytest

import kexie_parse
from conftest import SAMPLES
from pdf_factory import LONG, bulletin, needs_font


def parse(path, **kw):
    return kexie_parse.parse(path, enrich=False, **kw)


@needs_font
@pytest.mark.parametrize("align", ["C", "L"])
@pytest.mark.parametrize("twice", [False, True])
def test_small_bulletin_structure(tmp_path, align, twice):
    b = parse(bulletin(tmp_path / "b.pdf", title_align=align, twice=twice))
    m = b.masthead
    assert (m.title, m.year, m.issue, m.total_issue, m.issuer, m.date) == (
        "科协每周动态", 2023, 3, 56, "北京市科协办公室", "2023-02-03")
    assert [a.title for a in b.articles] == ["市科协召开2022年度民主生活会", "北京制冷学会召开第九届第一次常务理事会"]
    assert [s.name for s in b.sections] == [None, "学会动态"]
    assert [e.target for e in b.toc] == ["a1", "s2"]
    assert b.articles[1].attribution == ["北京制冷学会"] and b.articles[1].paragraphs[-1].text == LONG
    assert (b.colophon.editor, b.colophon.reviewer) == (["张红波"], ["李金涛"])
    assert b.source.kind == "pdf" and b.source.pages == 1


@needs_font
def test_fake_bold_removed_but_real_repeats_kept_and_spaces_right(tmp_path):
    b = parse(bulletin(tmp_path / "b.pdf", twice=True))
    assert b.articles[0].title == "市科协召开2022年度民主生活会"
    text = b.articles[0].paragraphs[0].text
    assert "谢谢大家，11位同志" in text and "Hello World Bulletin" in text
    assert "市科协召开" in text and " " not in text.replace("Hello World Bulletin", "")


@needs_font
@pytest.mark.parametrize("style", ["— {n} —", "-{n}-", "第{n}页"])
def test_page_numbers_headers_and_paragraph_across_pages(tmp_path, style):
    b = parse(bulletin(tmp_path / "b.pdf", page_number=style, header="科协每周动态 2023年第3期", filler=14))
    assert b.source.pages >= 2
    numbers = [f for f in b.furniture if f.kind == "page_number"]
    assert [f.text for f in numbers] == [style.format(n=i) for i in range(1, b.source.pages + 1)]
    assert [f.page for f in numbers] == list(range(1, b.source.pages + 1))
    assert any(f.kind == "running_header" and f.page == 2 for f in b.furniture)
    lead = b.articles[0]
    assert [p.text for p in lead.paragraphs[:14]] == [LONG] * 14   # rejoined across the page break
    crossing = [p for p in lead.paragraphs if len(p.pages) > 1]
    assert crossing and all(len(p.boxes) == len(p.pages) for p in crossing)
    assert all(s not in p.text for p in lead.paragraphs for s in ("— ", "第1页", "科协每周动态"))


@needs_font
def test_encrypted_pdf_needs_its_password(tmp_path):
    path = bulletin(tmp_path / "secret.pdf", password="kexie")
    with pytest.raises(kexie_parse.PdfEncryptedError, match="password"):
        parse(path)
    with pytest.raises(kexie_parse.PdfEncryptedError, match="wrong"):
        parse(path, password="nope")
    assert parse(path, password="kexie").masthead.issue == 3


def test_truncated_and_fake_pdfs_raise_broken(tmp_path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes((SAMPLES / "p01.pdf").read_bytes()[:3000])
    fake = tmp_path / "fake.pdf"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    fake.write_bytes(buf.getvalue())
    for p in (cut, fake):
        with pytest.raises(kexie_parse.PdfBrokenError) as e:
            parse(p)
        assert p.name in str(e.value) and "PDF" in str(e.value)


def test_scanned_pdf_gives_a_record_that_says_run_ocr(tmp_path):
    from fpdf import FPDF
    from PIL import Image
    img = tmp_path / "scan.png"
    Image.new("RGB", (200, 280), "white").save(img)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(img), x=10, y=10, w=180)
    pdf.output(str(tmp_path / "scan.pdf"))
    b = parse(tmp_path / "scan.pdf", ocr="never")   # tests/test_ocr.py reads scans with OCR
    errors = [d for d in b.diagnostics if d.level == "error"]
    assert any(d.code == "pdf.no_text_layer" and "OCR" in d.message for d in errors)
    assert any(d.code == "ocr.off" for d in b.diagnostics)
    assert b.sections == []


@needs_font
def test_text_extracting_as_cid_codes_is_diagnosed_by_page(tmp_path):
    """A font without a Unicode map extracts as "(cid:N)"; the record keeps the text and names the page."""
    from pdf_factory import Doc
    d = Doc()
    d.line("科协每周动态", size=30, align="C")
    d.paragraph("正文(cid:123)(cid:456)内容。")
    b = parse(d.save(tmp_path / "g.pdf"))
    garbled = [x for x in b.diagnostics if x.code == "pdf.garbled_font"]
    assert garbled and garbled[0].page == 1 and "page(s) 1" in garbled[0].message


@pytest.mark.parametrize("name", ["kx2023-03", "p01", "p02"])
def test_sample_pdf_agrees_with_text_path(name):
    pdf = parse(SAMPLES / f"{name}.pdf").to_dict()
    txt = parse(SAMPLES / f"{name}.layout.txt").to_dict()
    assert pdf["masthead"] | {"printed": None, "lines": None} == txt["masthead"] | {"printed": None, "lines": None}
    assert [a["title"] for s in pdf["sections"] for a in s["articles"]] == \
        [a["title"] for s in txt["sections"] for a in s["articles"]]
    assert pdf["source"]["pages"] >= 3 and all(f["page"] >= 1 for f in pdf["furniture"])
