"""Hostile and broken input, through the API and the CLI: a record with diagnostics, or one clear line."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest

import kexie_parse
from conftest import SAMPLES

CLI = [sys.executable, "-m", "kexie_parse"]


def cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("x.txt", "not a bulletin")
    return buf.getvalue()


BROKEN = {
    "empty.txt": (b"", kexie_parse.EmptyInputError, "empty"),
    "blank.txt": (b" \n\r\n\t\n", kexie_parse.EmptyInputError, "empty"),
    "random.txt": (bytes(range(256)) * 20, kexie_parse.EncodingError, "binary"),
    "archive.pdf": (zip_bytes(), kexie_parse.PdfBrokenError, "not a PDF"),
    "cut.pdf": ((SAMPLES / "p02.pdf").read_bytes()[:5000], kexie_parse.PdfBrokenError, "damaged"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_unreadable_input_raises_typed_error_naming_the_file(tmp_path, name):
    data, err, words = BROKEN[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(err) as e:
        kexie_parse.parse(path)
    assert name in str(e.value) and words in str(e.value) and e.value.file == str(path)
    r = cli("parse", str(path))
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and name in r.stderr and "Traceback" not in r.stderr


def test_missing_file_and_usage_errors(tmp_path):
    with pytest.raises(kexie_parse.InputError, match="not found"):
        kexie_parse.parse(tmp_path / "nope.txt")
    assert cli("parse", str(tmp_path / "nope.txt")).returncode == 1
    assert cli().returncode == 2
    assert cli("parse").returncode == 2
    assert cli("frobnicate").returncode == 2
    r = cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("kexie-parse ")


def test_bad_settings_name_the_setting():
    with pytest.raises(kexie_parse.SettingsError, match="max_bytes"):
        kexie_parse.parse(kexie_parse.TextInput("科协每周动态"), max_bytes=0)
    with pytest.raises(kexie_parse.SettingsError, match="colour"):
        kexie_parse.parse(kexie_parse.TextInput("科协每周动态"), colour="red")


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes("科协每周动态\n".encode() * 1000)
    with pytest.raises(kexie_parse.InputTooLargeError, match="max_bytes"):
        kexie_parse.parse(p, max_bytes=1000)


def test_prose_that_is_no_bulletin_gives_a_record_with_diagnostics(tmp_path):
    p = tmp_path / "prose.txt"
    p.write_bytes(("今天天气很好，我们去公园散步，看到了很多花。\n\n晚上回家吃饭，大家都很开心。\n" * 20).encode("gb18030"))
    b = kexie_parse.parse(p, enrich=False)
    assert b.source.encoding == "gb18030"
    codes = {d.code for d in b.diagnostics}
    assert "bulletin.no_articles" in codes and "masthead.no_issue" in codes
    assert b.unassigned and all(u.text for u in b.unassigned)


def test_bulletin_with_every_newline_removed(tmp_path):
    text = (SAMPLES / "kx2023-03.blocks.txt").read_text(encoding="utf-8").replace("\n", "")
    b = kexie_parse.parse(kexie_parse.TextInput(text), enrich=False)
    assert b.diagnostics and "".join(u.text for u in b.unassigned) or b.articles


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "big5"])
def test_encodings_and_line_ends(encoding):
    text = (SAMPLES / "p01.blocks.txt").read_text(encoding="utf-8")
    if encoding == "big5":
        text = "科協每週動態\n\n2022年第18期\n\n北京市科協辦公室\n\n2022年5月13日\n\n學會召開理事會議\n\n5月10日，學會召開理事會議。\n"
    for ending in ("\n", "\r\n", "\r"):
        b = kexie_parse.parse(text.replace("\n", ending).encode(encoding), enrich=False)
        assert b.masthead.date in ("2022-05-13",) and b.articles, (encoding, repr(ending))


def test_cli_writes_one_record_per_file_and_stdout_for_one(tmp_path):
    out = tmp_path / "out"
    r = cli("parse", str(SAMPLES / "p01.blocks.txt"), str(SAMPLES / "p02.pdf"), "-o", str(out), "--no-enrich")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["p01.blocks.txt.json", "p02.pdf.json"]
    rec = kexie_parse.Bulletin.from_json((out / "p02.pdf.json").read_text(encoding="utf-8"))
    assert rec.masthead.total_issue == 121
    r = cli("parse", str(SAMPLES / "p01.blocks.txt"), "--pretty", "--no-enrich")
    assert r.returncode == 0 and r.stdout.startswith("{\n") and '"科协每周动态"' in r.stdout


def test_cli_some_failed_exit_1_others_written(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    r = cli("parse", str(SAMPLES / "p01.blocks.txt"), str(bad), "-o", str(tmp_path / "o"), "--no-enrich")
    assert r.returncode == 1 and "bad.pdf" in r.stderr and (tmp_path / "o" / "p01.blocks.txt.json").exists()


def test_import_is_light():
    code = "import sys, kexie_parse; print(any(m in sys.modules for m in ('jieba', 'pdfplumber', 'pdfminer')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_huge_and_long_line_inputs_give_records(tmp_path):
    """A 5 MB text and lines of 100,000 characters parse (linear patterns, no backtracking)."""
    one = (SAMPLES / "kx2023-03.blocks.txt").read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text(one * (5_000_000 // len(one.encode()) + 1), encoding="utf-8")
    assert big.stat().st_size >= 5_000_000
    bs = kexie_parse.parse_all(big, enrich=False)
    assert len(bs) > 300 and all(b.masthead.issue == 3 for b in bs)
    long_line = tmp_path / "long.txt"
    long_line.write_text("科协每周动态\n" + "北京制冷学会召开会议，" * 10_000 + "\n" + "…" * 100_000 + "\n", encoding="utf-8")
    b = kexie_parse.parse(long_line, enrich=False)
    assert b.unassigned and any(d.code == "text.unassigned" for d in b.diagnostics)
    r = cli("parse", str(long_line), "--no-enrich")
    assert r.stdout.startswith("{") and "Traceback" not in r.stderr


def test_encrypted_pdf_through_the_cli(tmp_path):
    from pdf_factory import FONT, bulletin
    if FONT is None:
        pytest.skip("fonts-wqy-zenhei is not installed")
    path = bulletin(tmp_path / "secret.pdf", password="kexie")
    r = cli("parse", str(path), "--no-enrich")
    assert r.returncode == 1 and "password-protected" in r.stderr and r.stderr.count("\n") == 1
    r = cli("parse", str(path), "--no-enrich", "--password", "kexie")
    assert r.returncode == 0 and '"issue": 3' in r.stdout


def test_cli_record_without_a_bulletin_is_written_and_said(tmp_path):
    """A scan without text or prose that is no bulletin: the record is written, stderr says why, exit 1."""
    from fpdf import FPDF
    from PIL import Image
    Image.new("RGB", (100, 140), "white").save(tmp_path / "scan.png")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(tmp_path / "scan.png"), x=10, y=10, w=180)
    pdf.output(str(tmp_path / "scan.pdf"))
    r = cli("parse", str(tmp_path / "scan.pdf"), "-o", str(tmp_path / "o"), "--no-enrich", "--ocr", "never")
    assert r.returncode == 1 and "run OCR first" in r.stderr and "Traceback" not in r.stderr
    rec = kexie_parse.Bulletin.from_json((tmp_path / "o" / "scan.pdf.json").read_text(encoding="utf-8"))
    assert any(d.code == "pdf.no_text_layer" for d in rec.diagnostics)


def test_cli_limits_and_all_issues(tmp_path):
    r = cli("parse", str(SAMPLES / "p01.pdf"), "--max-pages", "2", "--no-enrich")
    assert r.returncode == 1 and "max_pages" in r.stderr
    r = cli("parse", str(SAMPLES / "p01.blocks.txt"), "--max-bytes", "100", "--no-enrich")
    assert r.returncode == 1 and "max_bytes" in r.stderr
    assert cli("parse", str(SAMPLES / "p01.pdf"), "--max-pages", "0").returncode == 2
    bound = tmp_path / "bound.txt"
    bound.write_text("".join((SAMPLES / f"{n}.blocks.txt").read_text(encoding="utf-8") for n in ("p01", "p02")),
                     encoding="utf-8")
    r = cli("parse", str(bound), "--all-issues", "--no-enrich")
    lines = r.stdout.splitlines()
    assert r.returncode == 0 and len(lines) == 2
    assert [kexie_parse.Bulletin.from_json(x).masthead.issue for x in lines] == [18, 5]
