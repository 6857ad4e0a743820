"""Hostile files and hostile machines (issue 14), each through the real command line.

Every case builds its own crafted files; every subprocess has a timeout; no case may show a traceback.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import kexie_parse
from conftest import SAMPLES
from conservation import missing_characters

CLI = [sys.executable, "-m", "kexie_parse"]
BULLETIN = (SAMPLES / "p01.blocks.txt").read_bytes()
OTHER_BULLETIN = (SAMPLES / "p02.blocks.txt").read_bytes()
SUBPROCESS_TIMEOUT_SECONDS = 120


def run(*args: str | bytes | os.PathLike, cwd=None) -> subprocess.CompletedProcess:
    """The CLI as a user runs it; stdout and stderr as bytes (they must be valid UTF-8 too)."""
    proc = subprocess.run([*CLI, *args], capture_output=True, cwd=cwd, timeout=SUBPROCESS_TIMEOUT_SECONDS)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    proc.stdout.decode("utf-8")  # never invalid UTF-8
    proc.stderr.decode("utf-8")
    return proc


def err_lines(proc: subprocess.CompletedProcess) -> list[str]:
    return proc.stderr.decode("utf-8").splitlines()


def bpath(folder: Path, name: bytes) -> bytes:
    """A path whose last part is `name` as raw bytes (not necessarily UTF-8)."""
    return os.fsencode(folder) + b"/" + name


# --- file names ----------------------------------------------------------------------------------

GBK_NAME = "报.txt".encode("gbk")  # b"\xb1\xa8.txt": an archive copied from a GBK system


def test_name_not_utf8_parse_to_stdout_and_to_a_folder(tmp_path):
    src = bpath(tmp_path, GBK_NAME)
    with open(src, "wb") as f:
        f.write(BULLETIN)
    r = run("parse", src, "--no-enrich")
    assert r.returncode == 0
    rec = json.loads(r.stdout.decode("utf-8"))
    assert rec["source"]["name"] == "\\xb1\\xa8.txt" and rec["masthead"]["issue"] == 18
    out = tmp_path / "out"
    r = run("parse", src, "--no-enrich", "-o", out)
    assert r.returncode == 0 and r.stderr == b""
    written = os.listdir(os.fsencode(out))
    assert written == [GBK_NAME + b".json"]  # the input's own name, no temp file left
    json.loads((out.joinpath(os.fsdecode(written[0]))).read_bytes().decode("utf-8"))


def test_name_not_utf8_in_a_batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    with open(bpath(src, GBK_NAME), "wb") as f:
        f.write(BULLETIN)
    (src / "ok.txt").write_bytes(OTHER_BULLETIN)
    out = tmp_path / "out"
    r = run("batch", src, "--out", out, "--no-enrich", "--no-progress", "--jobs", "1")
    assert r.returncode == 0, r.stderr
    assert "2 converted" in err_lines(r)[-1]
    report = json.loads((out / "report.json").read_bytes().decode("utf-8"))
    assert sorted(Path(e["path"]).name for e in report["inputs"]) == ["\\xb1\\xa8.txt", "ok.txt"]
    assert (out / "_xb1_xa8.txt.json").exists()
    rows = [json.loads(line) for line in (out / "articles.jsonl").read_bytes().decode("utf-8").splitlines()]
    assert {Path(row["path"]).name for row in rows} == {"\\xb1\\xa8.txt", "ok.txt"}
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    r = run("batch", src, "--out", out, "--no-enrich", "--no-progress")
    assert r.returncode == 0 and "0 converted, 2 unchanged" in err_lines(r)[-1]


def test_a_name_holding_a_newline_is_a_file_and_a_str_is_never_text(tmp_path):
    src = tmp_path / "a\nb.txt"
    src.write_bytes(BULLETIN)
    r = run("parse", src, "--no-enrich")
    assert r.returncode == 0
    rec = json.loads(r.stdout)
    assert rec["masthead"]["issue"] == 18 and rec["sections"] and rec["source"]["name"] == "a\\nb.txt"
    assert kexie_parse.parse(str(src), enrich=False).masthead.issue == 18
    with pytest.raises(kexie_parse.InputError, match="not found"):
        kexie_parse.parse("科协每周动态\n2022年第18期\n", enrich=False)   # a str is a path, never text
    assert kexie_parse.parse(kexie_parse.TextInput(BULLETIN.decode()), enrich=False).masthead.issue == 18
    out = tmp_path / "out"
    r = run("batch", tmp_path, "--out", out, "--no-enrich", "--no-progress", "--jobs", "1")
    assert r.returncode == 0
    rec = json.loads((out / "a_nb.txt.json").read_text(encoding="utf-8"))
    assert rec["masthead"]["issue"] == 18 and rec["sections"]


def test_a_hostile_name_cannot_forge_a_line_of_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    forged = "x\n\x1b[32mkexie-parse: 9 converted, 0 failed\x1b[0m\u202e.txt"
    (src / forged).write_bytes(b"")           # empty: fails, and its name is printed
    (src / "ok.txt").write_bytes(BULLETIN)
    r = run("batch", src, "--out", tmp_path / "out", "--no-enrich", "--no-progress", "--jobs", "1")
    assert r.returncode == 1
    lines = err_lines(r)
    assert len(lines) == 2 and all(line.startswith("kexie-parse: ") for line in lines)
    assert "\x1b" not in r.stderr.decode() and "\u202e" not in r.stderr.decode()
    assert "x\\n\\x1b[32mkexie-parse: 9 converted" in lines[0] and "1 converted" in lines[1]
    r = run("parse", src / forged)
    assert r.returncode == 1 and len(err_lines(r)) == 1 and "\\x1b" in err_lines(r)[0]


# --- what is not a regular file ------------------------------------------------------------------

def test_devices_fifos_and_links_leading_out_are_not_read(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "ok.txt").write_bytes(BULLETIN)
    os.symlink("/dev/zero", src / "zero.txt")
    os.mkfifo(src / "fifo.txt")
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_bytes(OTHER_BULLETIN)
    os.symlink(secret, src / "secret.txt")
    os.symlink("../ok.txt", src / "sub" / "inside.txt")   # a link inside the folder is followed
    out = tmp_path / "out"
    r = run("batch", src, "--out", out, "--no-enrich", "--no-progress", "--timeout", "30", "--jobs", "1")
    assert r.returncode == 0, r.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    status = {Path(e["path"]).name: (e["status"], e.get("reason", "")) for e in report["inputs"]}
    assert status["ok.txt"][0] == "ok" and "inside.txt" not in status   # the same file as ok.txt: read once
    assert status["zero.txt"][0] == "skipped" and "device" in status["zero.txt"][1]
    assert status["fifo.txt"][0] == "skipped" and "FIFO" in status["fifo.txt"][1]
    assert status["secret.txt"][0] == "skipped" and "--follow-links" in status["secret.txt"][1]
    assert "secret" not in (out / "articles.jsonl").read_text(encoding="utf-8")
    r = run("batch", src, "--out", out, "--no-enrich", "--no-progress", "--follow-links", "--jobs", "1")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {Path(e["path"]).name: e["status"] for e in report["inputs"]}["secret.txt"] == "ok"


def test_parse_reads_no_device_no_fifo_and_stops_at_the_byte_limit(tmp_path):
    r = run("parse", "--max-bytes", "1000", "/dev/zero")
    assert r.returncode == 1 and "not a regular file" in r.stderr.decode()
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    r = run("parse", fifo)                      # no writer: opening it must not block
    assert r.returncode == 1 and "FIFO" in r.stderr.decode()
    big = tmp_path / "big.txt"
    big.write_bytes(BULLETIN * 10)
    r = run("parse", "--max-bytes", "1000", big)
    assert r.returncode == 1 and "limit of 1000" in r.stderr.decode()


# --- bytes that do not decode --------------------------------------------------------------------

UNDECODABLE = {
    "cut inside its last character": BULLETIN.rstrip(b"\n")[:-1],
    "a GBK tail": BULLETIN + "附：北京制冷学会召开常务理事会议。\n".encode("gbk"),
    "a cp1252 quote": BULLETIN.replace("学会".encode(), b"\x93" + "学会".encode(), 1),
    "a stray byte in GB18030": BULLETIN.decode().encode("gb18030").replace("。".encode("gb18030"), b"\xff", 1),
}


@pytest.mark.parametrize("case", sorted(UNDECODABLE))
def test_a_few_bad_bytes_do_not_reject_a_bulletin(tmp_path, case):
    data = UNDECODABLE[case]
    path = tmp_path / "b.txt"
    path.write_bytes(data)
    r = run("parse", path, "--no-enrich")
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    good = kexie_parse.parse(SAMPLES / "p01.blocks.txt", enrich=False)
    assert rec["masthead"]["issue"] == good.masthead.issue
    assert len([a for s in rec["sections"] for a in s["articles"]]) >= len(good.articles)
    from kexie_parse.sources.text import decode
    text, _ = decode(data, "b.txt")
    assert not missing_characters(text, rec), "a character of the decoded text is missing"
    codes = {d["code"]: d["message"] for d in rec["diagnostics"]}
    if "GBK" in case:
        assert "text.mixed_encoding" in codes and "附" in json.dumps(rec, ensure_ascii=False)
    else:
        assert "text.undecodable" in codes and "byte offset" in codes["text.undecodable"]
        assert "\ufffd" in json.dumps(rec, ensure_ascii=False)


def test_binary_data_is_still_refused(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 40)
    r = run("parse", path)
    assert r.returncode == 1 and "binary data" in r.stderr.decode()


# --- time and size -------------------------------------------------------------------------------

def short_lines(size: int) -> bytes:
    words = ["a", "1", "。", "x y", "学", "—", "ab"]
    out, n, k = [], 0, 0
    while n < size:
        w = words[(k * 7 + k // 3) % len(words)]
        out.append(w)
        n += len(w.encode()) + 1
        k += 1
    return "\n".join(out).encode()


def test_parse_timeout_stops_a_long_parse_with_one_line(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes(short_lines(400_000))
    r = run("parse", path, "--no-enrich", "--timeout", "0.3")
    assert r.returncode == 1 and r.stdout == b""
    assert err_lines(r) == [f"kexie-parse: error: {path}: parsing took longer than the time limit of 0.3 s "
                            "(--timeout) and was stopped: the file is very large or hostile; raise --timeout "
                            "to give it more time"]


def test_many_short_lines_give_a_record_of_bounded_size(tmp_path):
    data = short_lines(150_000)
    path = tmp_path / "short.txt"
    path.write_bytes(data)
    r = run("parse", path, "--no-enrich")
    rec = json.loads(r.stdout)
    assert len(r.stdout) < 3 * len(data)                # was ~60 bytes of JSON per line of 2 bytes
    assert len(rec["unassigned"]) <= 2 and len(rec["diagnostics"]) < 20
    run_diag = [d for d in rec["diagnostics"] if d["code"] == "text.unassigned"]
    assert run_diag and "blocks, lines" in run_diag[0]["message"]
    assert not missing_characters(data.decode(), rec)


# --- search ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    (root / "in").mkdir()
    (root / "in" / "p01.txt").write_bytes(BULLETIN)
    r = run("batch", root / "in", "--out", root / "out", "--no-enrich", "--no-progress", "--jobs", "1")
    assert r.returncode == 0
    return root / "out" / "archive.sqlite"


def test_search_refuses_what_it_cannot_take_with_one_line(archive):
    cases = {
        "many terms": ([" ".join(f"词{k}" for k in range(1001))], "limit of 100"),
        "a huge limit": (["科协", "--limit", str(2 ** 70)], "limit must be a whole number from 1 to"),
        "a NUL": (["科\x01协"], "control character"),
        "bytes that are not UTF-8": ([b"\xff\xfe"], "not UTF-8"),
    }
    for case, (args, words) in cases.items():
        r = run("search", *args, "--db", archive)
        assert r.returncode == 2 and len(err_lines(r)) == 1 and words in r.stderr.decode(), (case, r.stderr)
    from kexie_parse.archive import search
    assert search(archive, "科协 " * 100 + "学会", limit=1)  # a term repeated counts once


def test_search_with_nul_through_the_api(archive):
    from kexie_parse.archive import search
    with pytest.raises(kexie_parse.SettingsError, match="control character"):
        search(archive, "科\x00协")
    with pytest.raises(kexie_parse.SettingsError, match="not UTF-8"):
        search(archive, "科\udcff协")


# --- the output folder is the batch's own --------------------------------------------------------

def test_batch_deletes_only_its_own_temporaries(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_bytes(BULLETIN)
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    mine = [out / ".draft.tmp", out / "notes" / ".x.json.abcdefgh.tmp", out / ".kexie-parse.tmp"]
    for p in mine:
        p.write_text("the user's", encoding="utf-8")
    stale = out / ".kexie-parse.ok.txt.json.a1b2c3d4.tmp"   # what a killed batch leaves
    stale.write_text("{", encoding="utf-8")
    r = run("batch", src, "--out", out, "--no-enrich", "--no-progress")
    assert r.returncode == 0
    assert all(p.read_text(encoding="utf-8") == "the user's" for p in mine)
    assert not stale.exists()


# --- broken machines -----------------------------------------------------------------------------

def _can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def readonly_dir(tmp_path):
    """A folder nothing can be written to (chmod for a user, a read-only tmpfs for root); `fill(files)`
    puts files in it first."""
    target = tmp_path / "ro"
    target.mkdir()
    mounted = False

    def fill(files: dict[str, bytes]) -> Path:
        nonlocal mounted
        if os.geteuid() != 0:
            for name, data in files.items():
                (target / name).write_bytes(data)
            target.chmod(0o555)
            return target
        if not _can_mount():
            pytest.skip("a read-only folder needs a non-root user or mount(8)")
        staged = tmp_path / "staged"
        staged.mkdir()
        for name, data in files.items():
            (staged / name).write_bytes(data)
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(target)],
                          capture_output=True).returncode != 0:
            pytest.skip("cannot mount a tmpfs here")
        mounted = True
        for name in files:
            shutil.copy(staged / name, target / name)
        if subprocess.run(["mount", "-o", "remount,ro", str(target)], capture_output=True).returncode != 0:
            pytest.skip("cannot remount read-only here")
        return target

    yield fill
    if mounted:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)
    elif target.exists():
        target.chmod(0o755)


def test_parse_onto_a_read_only_folder_or_a_file(tmp_path, readonly_dir):
    src = tmp_path / "b.txt"
    src.write_bytes(BULLETIN)
    ro = readonly_dir({})
    r = run("parse", src, "--no-enrich", "-o", ro)
    assert r.returncode == 1 and len(err_lines(r)) == 1
    assert "b.txt.json" in r.stderr.decode() and ("read-only" in r.stderr.decode()
                                                  or "permission" in r.stderr.decode())
    r = run("parse", src, "--no-enrich", "-o", src)
    assert r.returncode == 1 and err_lines(r) == [f"kexie-parse: error: {src}: the output folder is a file: "
                                                  "remove it or give another folder to -o"]


def test_a_name_too_long_for_the_file_system_fails_that_file_only(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    long_name = "a" * 248 + ".txt"   # 252 bytes: the record's name (+ ".json") is over 255
    (src / long_name).write_bytes(BULLETIN)
    (src / "ok.txt").write_bytes(OTHER_BULLETIN)
    r = run("parse", src / long_name, "--no-enrich", "-o", tmp_path / "o")
    assert r.returncode == 1 and len(err_lines(r)) == 1 and "too long" in r.stderr.decode()
    assert not os.listdir(tmp_path / "o")
    out = tmp_path / "out"
    r = run("batch", src, "--out", out, "--no-enrich", "--no-progress", "--jobs", "1")
    assert r.returncode == 1
    lines = err_lines(r)
    assert len(lines) == 2 and "too long" in lines[0] and "1 converted, 0 unchanged, 1 failed" in lines[1]
    assert (out / "ok.txt.json").exists()


def test_full_disk_stops_the_batch_with_one_line_and_a_rerun_completes(tmp_path, monkeypatch, capsys):
    import errno

    from kexie_parse import cli
    from kexie_parse.archive import jsonl
    src = tmp_path / "in"
    src.mkdir()
    for k in range(4):
        (src / f"b{k}.txt").write_bytes(BULLETIN if k % 2 else OTHER_BULLETIN)
    out = tmp_path / "out"
    real_open_temp = jsonl.open_temp
    opened = []

    def disk_fills_up(fd):
        opened.append(fd)
        f = real_open_temp(fd)
        if len(opened) > 2:  # the third file written meets a full disk
            def write(_text):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            f.write = write
        return f

    monkeypatch.setattr(jsonl, "open_temp", disk_fills_up)
    args = ["batch", str(src), "--out", str(out), "--no-enrich", "--no-progress", "--jobs", "1"]
    assert cli.main(args) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0] and "free some space" in lines[0]
    assert sorted(p.name for p in out.glob("*.json")) == ["b0.txt.json", "b1.txt.json"]   # kept
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(jsonl, "open_temp", real_open_temp)   # space freed
    assert cli.main(args) == 0
    assert "2 converted, 2 unchanged, 0 failed" in capsys.readouterr().err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [e["status"] for e in report["inputs"]] == ["unchanged", "unchanged", "ok", "ok"]
    assert report["issues"] == 2 and report["articles"] > 0


def test_parse_on_a_full_disk_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    import errno

    from kexie_parse import cli
    from kexie_parse.archive import jsonl
    src = tmp_path / "b.txt"
    src.write_bytes(BULLETIN)

    def full(fd):
        os.close(fd)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(jsonl, "open_temp", full)
    assert cli.main(["parse", str(src), str(src), "--no-enrich", "-o", str(tmp_path / "o"), "--timeout", "60"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "disk is full" in lines[0] and "b.txt.json" in lines[0]
    assert os.listdir(tmp_path / "o") == []


def test_batch_into_a_read_only_folder_says_so_in_one_line(tmp_path, readonly_dir):
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_bytes(BULLETIN)
    ro = readonly_dir({})
    r = run("batch", src, "--out", ro, "--no-enrich", "--no-progress")
    assert r.returncode == 1 and len(err_lines(r)) == 1
    assert str(ro) in err_lines(r)[0] and ("writable" in err_lines(r)[0] or "read-only" in err_lines(r)[0])


def _batch(src: Path, out: Path) -> subprocess.CompletedProcess:
    return run("batch", src, "--out", out, "--no-enrich", "--no-progress", "--jobs", "1")


@pytest.mark.parametrize("damage", ["garbage", "dropped table", "deleted FTS rows", "invalid UTF-8",
                                    "invalid UTF-8 table name", "empty file"])
def test_a_damaged_archive_gives_one_line_and_a_rebuilt_one_completes(tmp_path, damage):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(BULLETIN)
    (src / "b.txt").write_bytes(OTHER_BULLETIN)
    out = tmp_path / "out"
    assert _batch(src, out).returncode == 0
    db = out / "archive.sqlite"
    if damage == "garbage":
        db.write_bytes(b"not sqlite at all " * 500)
        for extra in ("-wal", "-shm"):
            Path(f"{db}{extra}").unlink(missing_ok=True)
    elif damage == "empty file":
        db.write_bytes(b"")
        for extra in ("-wal", "-shm"):
            Path(f"{db}{extra}").unlink(missing_ok=True)
    else:
        conn = sqlite3.connect(db)
        if damage == "dropped table":
            conn.execute("DROP TABLE entities")
        elif damage == "invalid UTF-8 table name":
            conn.execute("CREATE TABLE junk(a)")
            conn.execute("PRAGMA writable_schema=ON")
            conn.execute("UPDATE sqlite_master SET name = CAST(x'b1a8' AS TEXT), tbl_name = CAST(x'b1a8' AS TEXT),"
                         " sql = 'CREATE TABLE \"' || CAST(x'b1a8' AS TEXT) || '\"(a)' WHERE name = 'junk'")
        elif damage == "deleted FTS rows":
            conn.execute("DELETE FROM articles_fts WHERE rowid IN (SELECT id FROM articles LIMIT 3)")
        else:
            conn.execute("UPDATE articles SET body = CAST(x'e5ada6b1a8ff' AS TEXT) WHERE id = "
                         "(SELECT min(id) FROM articles)")
        conn.commit()
        conn.close()
    s = run("search", "学会", "--db", db)
    assert s.returncode in (0, 1) and len(err_lines(s)) <= 1
    if s.returncode == 1 and s.stderr:
        assert str(db) in s.stderr.decode() and "archive" in s.stderr.decode()
    (src / "c.txt").write_bytes(BULLETIN.replace(b"18", b"19"))     # something new to write
    r = _batch(src, out)
    if r.returncode != 0:
        lines = err_lines(r)
        assert len(lines) == 1 and str(db) in lines[0] and "delete it" in lines[0], lines
        db.unlink()
        r = _batch(src, out)
    assert r.returncode == 0, r.stderr
    assert "0 failed" in err_lines(r)[-1]
    s = run("search", "学会", "--db", db)
    assert s.returncode == 0 and s.stdout


def test_search_works_on_read_only_media(tmp_path, readonly_dir, archive):
    files = {"archive.sqlite": archive.read_bytes()}
    for extra in ("-wal", "-shm"):
        if Path(f"{archive}{extra}").exists():
            files[f"archive.sqlite{extra}"] = Path(f"{archive}{extra}").read_bytes()
    ro = readonly_dir(files)
    r = run("search", "学会", "--db", ro / "archive.sqlite")
    assert r.returncode == 0 and "学会" in r.stdout.decode()


@pytest.fixture
def tiny_fs(tmp_path):
    """A real file system of 400 KB (a tmpfs; root and mount(8) needed, else the test is skipped) and a
    function that grows it to 8 MB (the user freed space)."""
    if not _can_mount():
        pytest.skip("a tiny file system needs root and mount(8); the monkeypatched full disk covers the rest")
    target = tmp_path / "tiny"
    target.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(target)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")

    def grow() -> None:
        subprocess.run(["mount", "-o", "remount,size=8m", str(target)], check=True, capture_output=True)

    yield target, grow
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


def test_a_really_full_disk_then_freed_space(tmp_path, tiny_fs):
    """JSON files and the archive on a file system that fills up half-way: one line, exit 1, what was
    written kept; after space is freed the same command completes, nothing converted twice."""
    disk, grow = tiny_fs
    src = tmp_path / "in"
    src.mkdir()
    names = ["p01", "p02", "kx2023-03", "v03", "n01", "r01"]
    for name in names:
        (src / f"{name}.txt").write_bytes((SAMPLES / f"{name}.blocks.txt").read_bytes())
    out = disk / "out"
    r = _batch(src, out)
    assert r.returncode == 1
    lines = err_lines(r)
    assert len(lines) == 1 and ("disk is full" in lines[0] or "No space left" in lines[0]), lines
    assert "run the same command again" in lines[0]
    kept = sorted(p.name for p in out.glob("*.json"))
    assert len(kept) < len(names)
    grow()
    r = _batch(src, out)
    assert r.returncode == 0, r.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["failed"] == 0 and report["counts"]["ok"] + report["counts"]["unchanged"] == len(names)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    s = run("search", "学会", "--db", out / "archive.sqlite")
    assert s.returncode == 0
