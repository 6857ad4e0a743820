"""Property tests: any text or bytes give a record or a KexieParseError, lose no character, and parse
to byte-identical JSON every time."""
from __future__ import annotations

import json
import os
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import kexie_parse
from conftest import SAMPLES
from conservation import missing_characters
from kexie_parse.sources.text import decode

BULLETIN_ALPHABET = st.sampled_from(list("科协每周动态第期总年月日学会编辑审核分送报（）()【】〖〗■◆：:，。、；？！—-●…"
                                         "１２３0123456789 \u3000\t\n\n\n\f⼀⼈ABCxyz《》“”"))
STRAY = ["【", "（", "：", "——", "\f", "编辑：", "第3期", "【学会动态】", "（北京制冷学会）", "目录", "- ", "\n\n", "。"]
SAMPLE_TEXTS = sorted(SAMPLES.glob("*.blocks.txt")) + sorted(SAMPLES.glob("*.poppler.txt"))[:3] + \
    sorted(SAMPLES.glob("*.layout.txt"))[:2]


def check(text: str) -> None:
    """A record or a typed error; nothing lost over every issue the text holds; the same JSON twice."""
    try:
        issues = kexie_parse.parse_all(kexie_parse.TextInput(text), enrich=False)
    except kexie_parse.KexieParseError:
        return
    lost = missing_characters(text, [b.to_dict() for b in issues])
    assert not lost, f"lost {''.join(lost.elements())[:40]!r}"
    first = kexie_parse.parse(kexie_parse.TextInput(text), enrich=False)
    assert first.to_json() == kexie_parse.parse(kexie_parse.TextInput(text), enrich=False).to_json()
    assert first.masthead == issues[0].masthead and first.sections == issues[0].sections


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(BULLETIN_ALPHABET, max_size=400))
def test_random_bulletin_like_text(text):
    check(text)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_random_unicode_text(text):
    check(text)


@settings(max_examples=120, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_give_record_or_typed_error(data):
    try:
        issues = kexie_parse.parse_all(data, enrich=False)
    except kexie_parse.KexieParseError:
        return
    text, _ = decode(data, "<bytes>")
    assert not missing_characters(text, [b.to_dict() for b in issues])


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        op = rng.randrange(4)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        else:
            pos = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + rng.choice(STRAY) + lines[i][pos:]
    return "\n".join(lines)


@pytest.mark.parametrize("path", SAMPLE_TEXTS, ids=[p.name for p in SAMPLE_TEXTS])
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_mutated_samples(path, seed):
    check(mutate(path.read_text(encoding="utf-8"), random.Random(seed)))


def test_parse_is_deterministic_across_processes():
    import subprocess
    import sys
    code = ("import kexie_parse,sys;sys.stdout.write(kexie_parse.parse(sys.argv[1], enrich=False).to_json())")
    outs = {subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True,
                           env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout
            for seed in (1, 2) for p in [SAMPLES / "kx2023-03.poppler.txt"]}
    assert len(outs) == 1 and next(iter(outs)).startswith("{")


# --- hostile file names and bytes ------------------------------------------------------------------

BULLETIN_BYTES = (SAMPLES / "p01.blocks.txt").read_bytes()
# a file name as raw bytes: anything but "/" and NUL (not necessarily UTF-8: archives from GBK systems)
FILE_NAMES = st.binary(min_size=1, max_size=120).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                        and b not in (b".", b".."))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=FILE_NAMES)
def test_any_file_name_gives_a_utf8_record_and_one_line_messages(tmp_path, capsysbinary, name):
    """Whatever its name, a file is read as a file: the record is valid UTF-8 naming it with escapes,
    and `parse -o` writes it under its own name with no temp file left."""
    from kexie_parse import cli
    from kexie_parse.errors import printable
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis runs the same name again while shrinking
    path = os.fsencode(folder) + b"/" + name
    with open(path, "wb") as f:
        f.write(BULLETIN_BYTES)
    status = cli.main(["parse", os.fsdecode(path), "--no-enrich", "--timeout", "60"])
    out, err = capsysbinary.readouterr()
    assert status == 0 and err == b""
    rec = json.loads(out.decode("utf-8"))
    assert rec["source"]["name"] == printable(os.fsdecode(name)) and rec["masthead"]["issue"] == 18
    assert "\n" not in rec["source"]["name"]
    status = cli.main(["parse", os.fsdecode(path), "--no-enrich", "--timeout", "60", "-o", str(folder / "o")])
    out, err = capsysbinary.readouterr()
    assert status == 0, err
    assert os.listdir(os.fsencode(folder / "o")) == [name + b".json"]
    # a failing file (empty) says so in exactly one line, whatever its name holds
    with open(path, "wb"):
        pass
    assert cli.main(["parse", os.fsdecode(path), "--timeout", "60"]) == 1
    out, err = capsysbinary.readouterr()
    lines = err.decode("utf-8").splitlines()
    assert out == b"" and len(lines) == 1 and lines[0].startswith("kexie-parse: error: ")


@settings(max_examples=60, deadline=None)
@given(bad=st.lists(st.tuples(st.integers(0, len(BULLETIN_BYTES)), st.binary(min_size=1, max_size=2)),
                    min_size=1, max_size=4))
def test_a_few_bad_bytes_anywhere_keep_the_bulletin(bad):
    """Up to four runs of one or two bytes >= 0x80 inserted anywhere: still a record (never "binary
    data"), every decoded character in it, and a diagnostic for each byte kept as U+FFFD."""
    data = bytearray(BULLETIN_BYTES)
    for pos, junk in sorted(bad, reverse=True):
        data[pos:pos] = bytes(b | 0x80 for b in junk)
    data = bytes(data)
    text, _ = decode(data, "<bytes>")
    issues = kexie_parse.parse_all(data, enrich=False)
    assert not missing_characters(text, [b.to_dict() for b in issues])
    codes = {d.code for d in issues[0].diagnostics}
    assert ("\ufffd" in text) == ("text.undecodable" in codes)
