"""The two PDF character engines give the same records; both keep the typed errors; the enrichment engine cache."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile

import pytest

import kexie_parse
from conftest import SAMPLES
from pdf_factory import bulletin, needs_font

ENGINES = ["pdfium", "pdfplumber"]
SAMPLE_PDFS = sorted(p.name for p in SAMPLES.glob("*.pdf"))

BOX_EDGES = ("paragraph boxes whose edges differ by 0.1-0.3 pt (nothing else): PDFium computes positions in single "
             "precision, and an edge near a rounding boundary rounds the other way")
KNOWN_DIFFERENCES: dict[str, str] = {"v02.word.pdf": BOX_EDGES}
"""Sample PDF -> why its records differ between the engines. What else PDFium reads differently is put right
in `pdf_pdfium`: it drops whitespace-only text objects and doubled spaces (`_restore_spaces` puts them back),
measures descents from the font program where the descriptor says 0 (`descriptor_descents`) and from its
substitute fonts for the standard 14 (`STANDARD_DESCENT`); documents in fonts it cannot name (Chromium's
Type3 CJK fonts) are read by the reference engine (`UNNAMED_FONT_SHARE`)."""
BOX_TOLERANCE = 0.5
"""Points two engines' paragraph box edges may differ by in a KNOWN_DIFFERENCES sample."""


def _flat(value, path=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flat(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _flat(v, f"{path}[{i}]")
    else:
        yield path, value


def test_there_are_sample_pdfs():
    assert len(SAMPLE_PDFS) >= 20


@pytest.mark.parametrize("name", SAMPLE_PDFS)
def test_both_engines_give_the_same_record(name):
    path = SAMPLES / name
    plumber = kexie_parse.parse(path, enrich=False, engine="pdfplumber").to_dict()
    pdfium = kexie_parse.parse(path, enrich=False, engine="pdfium").to_dict()
    if name in KNOWN_DIFFERENCES:
        assert plumber != pdfium, f"{name} no longer differs: remove it from KNOWN_DIFFERENCES"
        a, b = dict(_flat(plumber)), dict(_flat(pdfium))
        assert a.keys() == b.keys()
        differing = [k for k in a if a[k] != b[k]]
        assert all(".boxes[" in k and abs(a[k] - b[k]) <= BOX_TOLERANCE for k in differing), \
            f"{name}: more than box edges differ: {differing[:5]}"
        return
    for key in plumber:
        assert pdfium[key] == plumber[key], f"{name}: {key} differs between the engines"


def test_default_engine_is_pdfium_and_the_setting_is_checked():
    assert kexie_parse.ParseSettings().engine == "pdfium"
    with pytest.raises(kexie_parse.SettingsError, match="'engine'"):
        kexie_parse.ParseSettings(engine="mupdf")
    with pytest.raises(kexie_parse.SettingsError, match="'time_budget'"):
        kexie_parse.ParseSettings(time_budget=0)
    with pytest.raises(kexie_parse.SettingsError, match="'max_chars_per_page'"):
        kexie_parse.ParseSettings(max_chars_per_page=-1)


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    return buf.getvalue()


BROKEN = {
    "cut.pdf": lambda: (SAMPLES / "p01.pdf").read_bytes()[:3000],
    "cut-late.pdf": lambda: (SAMPLES / "p02.pdf").read_bytes()[:5000],
    "archive.pdf": _zip_bytes,
    "header-only.pdf": lambda: b"%PDF-1.7\n%%EOF\n",
    "garbage.pdf": lambda: b"%PDF-1.4\n" + bytes(range(256)) * 40,
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_pdfs_raise_a_typed_error_naming_the_file(tmp_path, engine, name):
    path = tmp_path / name
    path.write_bytes(BROKEN[name]())
    with pytest.raises(kexie_parse.PdfBrokenError) as e:
        kexie_parse.parse(path, enrich=False, engine=engine)
    assert name in str(e.value) and "PDF" in str(e.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_text_forced_to_pdf_is_broken_under_both_engines(engine):
    with pytest.raises(kexie_parse.PdfBrokenError):
        kexie_parse.parse("科协每周动态\n2023年第3期\n".encode(), enrich=False, kind="pdf", engine=engine)


@needs_font
@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_pdf_under_both_engines(tmp_path, engine):
    path = bulletin(tmp_path / "secret.pdf", password="kexie")
    with pytest.raises(kexie_parse.PdfEncryptedError, match="password-protected"):
        kexie_parse.parse(path, enrich=False, engine=engine)
    with pytest.raises(kexie_parse.PdfEncryptedError, match="wrong"):
        kexie_parse.parse(path, enrich=False, engine=engine, password="nope")
    assert kexie_parse.parse(path, enrich=False, engine=engine, password="kexie").masthead.issue == 3


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "kexie_parse", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env)


def test_cli_engine_option():
    a = cli("parse", str(SAMPLES / "p02.pdf"), "--no-enrich", "--engine", "pdfplumber")
    b = cli("parse", str(SAMPLES / "p02.pdf"), "--no-enrich")
    assert a.returncode == 0 and b.returncode == 0
    assert json.loads(a.stdout) == json.loads(b.stdout)
    bad = cli("parse", str(SAMPLES / "p02.pdf"), "--engine", "mupdf")
    assert bad.returncode == 2 and "--engine" in bad.stderr


ENGINE_PROBE = """
import json, kexie_parse
from kexie_parse.enrich.resources import engine
e = engine()
b = kexie_parse.parse("{path}")
print(json.dumps({{"source": e.source, "words": len(e.tokenizer.FREQ), "total": e.tokenizer.total,
                  "tags": len(e.tags), "idf": len(e.idf), "median": e.idf_median,
                  "people": [a.people for a in b.articles], "keywords": [a.keywords for a in b.articles],
                  "places": [a.places for a in b.articles], "orgs": [a.organizations for a in b.articles]}}))
"""


def _probe(cache_dir) -> dict:
    env = dict(os.environ, KEXIE_PARSE_CACHE_DIR=str(cache_dir))
    r = subprocess.run([sys.executable, "-c", ENGINE_PROBE.format(path=(SAMPLES / "p02.pdf").as_posix())],
                       capture_output=True, text=True, encoding="utf-8", env=env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_enrichment_engine_is_built_once_then_loaded_from_the_cache_with_the_same_results(tmp_path):
    cache = tmp_path / "cache"
    first = _probe(cache)
    stored = list(cache.glob("enrich-engine-*.marshal"))
    assert first["source"] == "built" and len(stored) == 1
    assert not list(cache.glob(".*.tmp")), "the temporary file of the atomic write is left behind"
    second = _probe(cache)
    assert second["source"] == "cache"
    assert {k: v for k, v in second.items() if k != "source"} == {k: v for k, v in first.items() if k != "source"}
    assert first["people"][0] == ["蒋慧敏", "孙立群", "王志宏"]


def test_a_corrupt_or_unwritable_cache_still_gives_the_engine(tmp_path):
    cache = tmp_path / "cache"
    built = _probe(cache)
    for f in cache.glob("enrich-engine-*.marshal"):
        f.write_bytes(b"not marshal data")
    again = _probe(cache)
    assert again["source"] == "built" and again["people"] == built["people"]
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    unwritable = _probe(blocked / "sub")
    assert unwritable["source"] == "built" and unwritable["people"] == built["people"]
