"""Scans and photos: page images, folders of them, image-only PDFs and PDFs with an OCR junk text layer.

Tests marked `needs_ocr` run the real engine (the `ocr` extra: `pip install -e '.[ocr]'`) on the committed
scan samples/scan/g01.p1.jpg, g01.p2.jpg (pages 1-2 of samples/g01.pdf, photocopied at 150 dpi by
benchmarks/make_scans.py) and skip with a reason where the extra is missing. The others replace the engine
by a scripted one, so dispatch, paging, memory and the junk-layer judgement are tested everywhere.
"""
from __future__ import annotations

import gc
import hashlib
import sys
import weakref
from pathlib import Path

import pytest

import kexie_parse
from kexie_parse import ParseSettings, SettingsError
from kexie_parse.errors import InputError, OcrUnavailableError
from kexie_parse.sources import image as image_mod
from kexie_parse.sources import ocr as ocr_mod
from kexie_parse.sources.image import image_kind, lines_from_boxes, ocr_text, OcrStats
from kexie_parse.sources.ocr import OcrBox

SCAN_DIR = Path(__file__).resolve().parent.parent / "samples" / "scan"
SCAN_PAGES = [SCAN_DIR / "g01.p1.jpg", SCAN_DIR / "g01.p2.jpg"]
HAS_OCR = ocr_mod.available("rapidocr")
needs_ocr = pytest.mark.skipif(not HAS_OCR, reason="the OCR extra is not installed (pip install -e '.[ocr]')")


def box(text: str, x0: float, top: float, x1: float, bottom: float, conf: float = 0.99, skew_px: float = 0.0):
    """An engine box; skew_px lowers the right end (a page turned clockwise)."""
    return OcrBox(text, conf, ((x0, top), (x1, top + skew_px), (x1, bottom + skew_px), (x0, bottom)))


# what the engine reads on the first page of samples/g01.pdf scanned at 200 dpi (boxes in pixels)
PAGE_ONE = [box("科协工作动态", 569, 251, 1076, 332), box("第十一期", 748, 363, 915, 409),
            box("昌平区科学技术协会", 213, 436, 561, 474), box("2021年6月18日", 1138, 426, 1437, 461),
            box("昌平区科协召开第七届委员会第四次全体会议", 389, 995, 1278, 1034),
            box("6月11日上午，昌平区科协第七届委员会第四次全体会议在区行政", 295, 1084, 1450, 1111),
            box("中心召开。区委常委、宣传部部长郑怀远出席会议并讲话，市科协党组", 225, 1149, 1450, 1176),
            box("成员、副主席韩立新到会指导，区科协党组书记、主席蒋文博作工作报", 215, 1215, 1451, 1240),
            box("告。区科协委员、各镇街科协负责人共90余人参加会议。", 225, 1279, 1207, 1309),
            box("会议审议通过了《昌平区科协2021年上半年工作总结》，增补史可、", 302, 1342, 1437, 1370),
            box("邵明轩、汤佳宁等3人为区科协第七届委员会委员。", 227, 1408, 1171, 1435)]


class ScriptedEngine:
    """Stands in for the OCR engine: the same boxes for every page, and a record of the pages it was shown."""

    name = "scripted"

    def __init__(self, boxes=None):
        self.boxes = boxes if boxes is not None else list(PAGE_ONE)
        self.seen: list[weakref.ref] = []
        self.alive_at_read: list[int] = []

    def read(self, image):
        gc.collect()
        self.alive_at_read.append(sum(1 for r in self.seen if r() is not None))
        self.seen.append(weakref.ref(image))
        return list(self.boxes)


@pytest.fixture
def scripted(monkeypatch):
    engine = ScriptedEngine()
    monkeypatch.setattr(image_mod, "get_engine", lambda name="rapidocr": engine)
    monkeypatch.setattr(ocr_mod, "available", lambda name="rapidocr": True)
    return engine


class MemoEngine:
    """The real engine, remembering what it read per page pixels: the same page given twice is read once."""

    def __init__(self, engine):
        self.engine, self.name, self.memo = engine, engine.name, {}

    def read(self, image):
        key = hashlib.sha1(image.tobytes()).hexdigest()
        if key not in self.memo:
            self.memo[key] = self.engine.read(image)
        return self.memo[key]


@pytest.fixture(scope="module")
def real_engine():
    if not HAS_OCR:
        pytest.skip("the OCR extra is not installed (pip install -e '.[ocr]')")
    return MemoEngine(ocr_mod.get_engine("rapidocr"))


@pytest.fixture
def memo(real_engine, monkeypatch):
    monkeypatch.setattr(image_mod, "get_engine", lambda name="rapidocr": real_engine)
    return real_engine


@pytest.fixture(scope="module")
def folder_record(real_engine):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(image_mod, "get_engine", lambda name="rapidocr": real_engine)
        return kexie_parse.parse(SCAN_DIR, enrich=False)


# ------------------------------------------------------------------ the real engine on the committed scan

@needs_ocr
def test_scanned_pages_give_the_masthead_and_the_articles(folder_record):
    b = folder_record
    assert (b.masthead.title, b.masthead.issue, b.masthead.date) == ("科协工作动态", 11, "2021-06-18")
    assert b.masthead.issuer == "昌平区科学技术协会"
    titles = [a.title for a in b.articles]
    assert titles[0] == "昌平区科协召开第七届委员会第四次全体会议" and "区科协赴延庆学习交流" in titles
    first = b.articles[0]
    assert first.paragraphs[0].text.startswith("6月11日上午，昌平区科协第七届委员会第四次全体会议在区行政中心召开。")
    assert first.pages[0] == 1 and first.paragraphs[0].boxes   # positions, in points, like a PDF's
    assert {p for a in b.articles for p in a.pages} == {1, 2}


@needs_ocr
def test_scanned_pages_say_how_they_were_read(folder_record):
    src = folder_record.source
    assert src.kind == "image" and src.name == "scan" and src.pages == 2
    assert src.ocr is not None and src.ocr.engine == "rapidocr" and src.ocr.pages == [1, 2]
    assert 0.9 < src.ocr.mean_confidence <= 1.0
    again = kexie_parse.Bulletin.from_json(folder_record.to_json())
    assert again.source.ocr == src.ocr


@needs_ocr
def test_ocr_text_has_no_spaces_between_chinese_characters(folder_record):
    for a in folder_record.articles:
        for p in a.paragraphs:
            assert not any(p.text[k] == " " and "\u4e00" <= p.text[k - 1] <= "\u9fff" and "\u4e00" <= p.text[k + 1]
                           <= "\u9fff" for k in range(1, len(p.text) - 1))


@needs_ocr
def test_a_multipage_tiff_is_one_bulletin(memo, tmp_path, folder_record):
    from PIL import Image
    pages = [Image.open(p) for p in SCAN_PAGES]
    tiff = tmp_path / "g01.tif"
    pages[0].save(tiff, save_all=True, append_images=pages[1:], dpi=(150, 150))
    b = kexie_parse.parse(tiff, enrich=False)
    assert b.source.kind == "image" and b.source.pages == 2 and b.source.ocr.pages == [1, 2]
    assert [a.title for a in b.articles] == [a.title for a in folder_record.articles]


@needs_ocr
def test_an_image_only_pdf_is_read_by_ocr_unless_ocr_is_never(memo, tmp_path):
    from PIL import Image
    pdf = tmp_path / "g01.scan.pdf"
    Image.open(SCAN_PAGES[0]).save(pdf, resolution=150)
    b = kexie_parse.parse(pdf, enrich=False)
    assert b.source.kind == "pdf" and b.source.ocr.pages == [1]
    assert (b.masthead.title, b.masthead.issue) == ("科协工作动态", 11)
    assert b.articles and b.articles[0].title == "昌平区科协召开第七届委员会第四次全体会议"
    assert not any(d.code == "pdf.no_text_layer" for d in b.diagnostics)
    off = kexie_parse.parse(pdf, enrich=False, ocr="never")
    assert off.source.ocr is None and off.sections == []
    assert {"pdf.no_text_layer", "ocr.off"} <= {d.code for d in off.diagnostics}


# ------------------------------------------------------------------ the extra missing

def test_missing_extra_raises_an_error_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)   # import fails as if not installed
    monkeypatch.setattr(ocr_mod, "_loaded", {})
    with pytest.raises(OcrUnavailableError) as e:
        kexie_parse.parse(SCAN_PAGES[0], enrich=False)
    assert "kexie_parse[ocr]" in str(e.value) and isinstance(e.value, kexie_parse.KexieParseError)


def test_scanned_pdf_without_the_extra_says_which_extra_reads_it(monkeypatch, tmp_path):
    from PIL import Image
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    monkeypatch.setattr(ocr_mod, "_loaded", {})
    pdf = tmp_path / "scan.pdf"
    Image.open(SCAN_PAGES[0]).save(pdf, resolution=150)
    b = kexie_parse.parse(pdf, enrich=False)
    assert b.source.ocr is None and b.sections == []
    unavailable = [d for d in b.diagnostics if d.code == "ocr.unavailable"]
    assert unavailable and "kexie_parse[ocr]" in unavailable[0].message
    assert any(d.code == "pdf.no_text_layer" for d in b.diagnostics)


# ------------------------------------------------------------------ dispatch, paging, memory (scripted engine)

def test_page_images_are_known_by_their_bytes_not_their_name(scripted, tmp_path):
    data = SCAN_PAGES[0].read_bytes()
    assert image_kind(data) == "jpeg" and image_kind(b"\x89PNG\r\n\x1a\n....") == "png"
    assert image_kind(b"II*\x00....") == "tiff" == image_kind(b"MM\x00*....") and image_kind(b"%PDF-1.4") is None
    disguised = tmp_path / "page.txt"
    disguised.write_bytes(data)
    for source in (disguised, data):
        b = kexie_parse.parse(source, enrich=False)
        assert b.source.kind == "image" and b.source.ocr.engine == "scripted"
        assert b.masthead.title == "科协工作动态" and b.masthead.issue == 11


def test_a_folder_is_one_bulletin_only_when_it_holds_page_images(scripted, tmp_path):
    from PIL import Image
    for k in (2, 1, 10):
        Image.new("L", (300, 400), 255).save(tmp_path / f"page{k:02d}.png")
    b = kexie_parse.parse(tmp_path, enrich=False)
    assert b.source.kind == "image" and b.source.pages == 3 and b.source.ocr.pages == [1, 2, 3]
    (tmp_path / "notes.txt").write_text("not a page", encoding="utf-8")
    with pytest.raises(InputError, match="page images"):
        kexie_parse.parse(tmp_path, enrich=False)


def test_pages_are_rendered_and_read_one_at_a_time(scripted, tmp_path):
    """Memory stays flat over a long scanned volume: no page image is kept once its page is read."""
    from PIL import Image
    pages = [Image.new("L", (400, 560), 255) for _ in range(40)]
    pdf = tmp_path / "volume.pdf"
    pages[0].save(pdf, save_all=True, append_images=pages[1:], resolution=72)
    del pages
    b = kexie_parse.parse(pdf, enrich=False)
    assert b.source.ocr.pages == list(range(1, 41)) and len(scripted.seen) == 40
    assert max(scripted.alive_at_read) <= 1   # at each read, no earlier page image is still alive


def test_pdf_with_an_invisible_junk_text_layer_is_read_again_by_ocr(scripted, tmp_path):
    from fpdf import FPDF
    from PIL import Image
    img = tmp_path / "page.png"
    Image.new("L", (800, 1130), 255).save(img)
    pdf = FPDF(unit="pt", format=(595, 842))
    pdf.add_page()
    pdf.image(str(img), x=0, y=0, w=595, h=842)
    pdf.set_font("helvetica", size=30)
    pdf.text_mode = 3   # invisible, as OCR programs draw their text layer
    for k, junk in enumerate(["-", "'", "i", "l1", ".", "~", "I", ":", "r", "J"]):
        pdf.text(40 + 50 * k, 60 + 70 * k, junk)
    path = tmp_path / "layered.pdf"
    pdf.output(str(path))
    b = kexie_parse.parse(path, enrich=False)
    assert b.source.ocr is not None and b.source.ocr.pages == [1]
    used = [d for d in b.diagnostics if d.code == "ocr.used"]
    assert used and "junk" in used[0].message
    assert b.masthead.title == "科协工作动态"
    kept = kexie_parse.parse(path, enrich=False, ocr="never")
    assert kept.source.ocr is None and any(d.code == "ocr.off" for d in kept.diagnostics)


def test_ocr_always_reads_a_text_pdf_by_ocr(scripted, samples_dir):
    b = kexie_parse.parse(samples_dir / "g01.pdf", enrich=False, ocr="always")
    assert b.source.ocr is not None and b.source.ocr.pages == [1, 2, 3]
    plain = kexie_parse.parse(samples_dir / "g01.pdf", enrich=False)
    assert plain.source.ocr is None and len(plain.articles) == 5


# ------------------------------------------------------------------ boxes -> lines

def test_boxes_become_upright_lines_with_segments_sizes_and_confidence():
    stats, diags = OcrStats("scripted"), []
    skew = 20.0   # pixels over the line: the page is turned by about 1 degree
    boxes = [
        box("昌平区科学技术协会", 200, 400, 560, 440, skew_px=skew * 360 / 1200),
        box("2021年6月18日", 1100, 400 + skew * 900 / 1200, 1400, 440 + skew * 900 / 1200, skew_px=skew * 300 / 1200),
        box("区 科 协 赴 延 庆 学 习 交 流", 200, 520, 1400, 560, skew_px=skew),
        box("到场体验,参观学习", 200, 600, 700, 640, conf=0.55, skew_px=skew * 500 / 1200),
        box("·", 900, 800, 910, 810, conf=0.2),
    ]
    lines = lines_from_boxes(boxes, 3, 72 / 200, stats, diags, (827, 1170))
    assert [(ln.text, ln.segment) for ln in lines] == [("昌平区科学技术协会", 1), ("2021年6月18日", 2),
                                                      ("区科协赴延庆学习交流", 0), ("到场体验，参观学习", 0)]
    assert all(ln.page == 3 for ln in lines) and lines[0].number == lines[1].number == 1
    assert lines[2].size == pytest.approx(0.96 * 40 * 72 / 200, rel=0.02)   # points, from the box height
    assert abs(lines[0].top - lines[1].top) < 1.0        # the skew is taken out: one line, one height
    low = [d for d in diags if d.code == "ocr.low_confidence"]
    assert len(low) == 1 and low[0].page == 3 and low[0].line == 3
    assert any(d.code == "ocr.specks" and "·" in d.message for d in diags)


def test_ocr_text_follows_the_record_text_rules():
    assert ocr_text("北 京 市 科 协 2023 年") == "北京市科协2023年"
    assert ocr_text("召开 ( 扩大 ) 会议, 听取 Smart City 项目汇报") == "召开（扩大）会议，听取Smart City项目汇报"
    assert ocr_text("同部署丶同推进") == "同部署、同推进"
    assert ocr_text("ＡＢＣ １２") == "ABC 12"


# ------------------------------------------------------------------ the setting

def test_the_ocr_setting_is_checked_by_name():
    with pytest.raises(SettingsError, match="'ocr'"):
        ParseSettings(ocr="sometimes")
    with pytest.raises(SettingsError, match="'ocr_engine'"):
        ParseSettings(ocr_engine="abbyy")
    assert ParseSettings().ocr == "auto"


def test_cli_takes_the_ocr_flag(tmp_path):
    from kexie_parse.cli import main
    with pytest.raises(SystemExit) as e:
        main(["parse", str(SCAN_PAGES[0]), "--ocr", "sometimes"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["batch", str(SCAN_PAGES[0]), "--out", str(tmp_path), "--ocr", "sometimes"])
    assert e.value.code == 2
    assert main(["parse", str(Path(__file__).resolve().parent.parent / "samples" / "g01.blocks.txt"),
                 "--ocr", "never", "--no-enrich", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "g01.blocks.txt.json").exists()
