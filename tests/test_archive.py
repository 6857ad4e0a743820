"""Batch conversion into the SQLite archive: `kexie-parse batch`, `kexie-parse search`, `kexie_parse.archive`."""
from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import kexie_parse
from conftest import SAMPLES
from kexie_parse.archive import convert, search
from kexie_parse.archive.collect import collect, output_path, safe_rel
from kexie_parse.archive.worker import FAULTS_ENV

CLI = [sys.executable, "-m", "kexie_parse"]
ISSUES = ("kx2023-03", "p01", "p02")
FORMS = (".pdf", ".blocks.txt", ".poppler.txt")


def cli(*args: str, env=None, timeout=180) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout, env=env)


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("x.txt", "not a bulletin")
    return buf.getvalue()


@pytest.fixture(scope="session")
def pdf_articles() -> dict[str, int]:
    """Articles of each sample issue, counted from one parse of its PDF."""
    return {name: len(kexie_parse.parse(SAMPLES / f"{name}.pdf").articles) for name in ISSUES}


def make_corpus(root: Path, broken: bool = True) -> Path:
    """PDF and text forms of the three sample issues (one issue in a subfolder), plus broken files."""
    src = root / "in"
    (src / "sub").mkdir(parents=True)
    for name in ISSUES:
        for form in FORMS:
            folder = src / "sub" if name == "p02" else src
            shutil.copy(SAMPLES / f"{name}{form}", folder / f"{name}{form}")
    if broken:
        (src / "empty.txt").write_bytes(b"")
        (src / "random.txt").write_bytes(bytes(range(256)) * 20)
        (src / "sub" / "fake.pdf").write_bytes(zip_bytes())
        (src / "notes.odt").write_bytes(zip_bytes())
    return src


def table_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # table names are constants
                for t in ("bulletins", "sources", "sections", "articles", "paragraphs", "toc_entries", "colophon",
                          "diagnostics", "entities")}


def canonical(db: Path) -> list:
    """The archive by natural keys: no row ids, no absolute paths."""
    with sqlite3.connect(db) as conn:
        bulletins = conn.execute("SELECT key, title, year, issue, total_issue, special, issuer, date, kind, articles,"
                                 " sources FROM bulletins ORDER BY key").fetchall()
        sources = conn.execute("SELECT b.key, s.rel, s.part, s.sha256, s.kind, s.is_best, s.warnings, s.record"
                               " FROM sources s JOIN bulletins b ON b.id = s.bulletin_id ORDER BY s.rel, s.part").fetchall()
        articles = conn.execute("SELECT b.key, a.ord, a.aid, s.name, a.title, a.body, a.attribution, a.pages"
                                " FROM articles a JOIN bulletins b ON b.id = a.bulletin_id"
                                " JOIN sections s ON s.id = a.section_id ORDER BY b.key, a.ord").fetchall()
        paragraphs = conn.execute("SELECT b.key, a.ord, p.ord, p.text FROM paragraphs p JOIN articles a"
                                  " ON a.id = p.article_id JOIN bulletins b ON b.id = a.bulletin_id"
                                  " ORDER BY 1, 2, 3").fetchall()
        diags = conn.execute("SELECT b.key, s.rel, d.origin, d.code, d.message FROM diagnostics d JOIN bulletins b"
                             " ON b.id = d.bulletin_id LEFT JOIN sources s ON s.id = d.source_id"
                             " ORDER BY 1, 2, 3, 4, 5").fetchall()
        entities = conn.execute("SELECT b.key, a.ord, e.kind, e.name, e.origin FROM entities e JOIN articles a"
                                " ON a.id = e.article_id JOIN bulletins b ON b.id = a.bulletin_id"
                                " ORDER BY 1, 2, 3, 4, 5").fetchall()
        fts = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"学会动态\" OR \"科协\"'"
                           ).fetchone()
    return [bulletins, sources, articles, paragraphs, diags, entities, fts]


def jsonl_rows(out: Path) -> list[dict]:
    rows = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    for r in rows:
        r.pop("path")
    return rows


def outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.json"))
            if p.name != "report.json"}


# --- the batch end to end -------------------------------------------------------------------------

def test_batch_cli_converts_dedups_reports_and_reruns(tmp_path, pdf_articles):
    src = make_corpus(tmp_path)
    out = tmp_path / "out"
    r = cli("batch", str(src), "--out", str(out), "--no-enrich", "--jobs", "2")
    assert r.returncode == 1, r.stderr
    failed_lines = [ln for ln in r.stderr.splitlines() if "failed:" in ln]
    assert len(failed_lines) == 3 and "Traceback" not in r.stderr
    for name in ("empty.txt", "random.txt", "fake.pdf"):
        assert sum(name in ln for ln in failed_lines) == 1
    assert "notes.odt" not in r.stderr
    summary = r.stderr.strip().splitlines()[-1]
    assert "9 converted, 0 unchanged, 3 failed, 1 skipped" in summary and "files/s" in summary
    assert r.stdout == ""

    # one JSON per readable input, at its relative path
    assert sorted(outputs(out)) == sorted(
        [f"{'sub/' if n == 'p02' else ''}{n}{f}.json" for n in ISSUES for f in FORMS])
    rec = kexie_parse.Bulletin.from_json((out / "sub" / "p02.pdf.json").read_text(encoding="utf-8"))
    assert rec.source.kind == "pdf" and rec.masthead.issue == 5

    # the archive: three issues whatever the number of files, the PDF record kept for each
    counts = table_counts(out / "archive.sqlite")
    assert counts["bulletins"] == 3 and counts["sources"] == 9
    assert counts["articles"] == sum(pdf_articles.values())
    with sqlite3.connect(out / "archive.sqlite") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "1"
        assert {r[0] for r in conn.execute("SELECT kind FROM bulletins")} == {"pdf"}
        assert conn.execute("SELECT count(*) FROM sources WHERE is_best = 1").fetchone()[0] == 3
        kept = dict(conn.execute("SELECT b.key, s.rel FROM sources s JOIN bulletins b ON b.id = s.bulletin_id"
                                 " WHERE s.is_best = 1"))
        assert sorted(kept.values()) == ["kx2023-03.pdf", "p01.pdf", "sub/p02.pdf"]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    # articles.jsonl: one flat row per article of the archive
    rows = jsonl_rows(out)
    assert len(rows) == sum(pdf_articles.values())
    assert set(rows[0]) >= {"bulletin", "title", "year", "issue", "date", "section", "article", "text",
                            "attribution", "people", "pages", "source"}
    assert all(r["source_kind"] == "pdf" for r in rows)

    # report.json: every input with its status
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    status = {Path(e["path"]).name: e["status"] for e in report["inputs"]}
    assert list(status.values()).count("ok") == 9
    assert status["notes.odt"] == "skipped" and status["empty.txt"] == "failed" and status["fake.pdf"] == "failed"
    assert report["counts"] == {"ok": 9, "unchanged": 0, "skipped": 1, "failed": 3, "warnings": 0}
    assert all(e.get("reason") for e in report["inputs"] if e["status"] in ("failed", "skipped"))

    # a second run changes nothing
    before_db = "\n".join(sqlite3.connect(out / "archive.sqlite").iterdump())
    before_files = outputs(out)
    before_jsonl = (out / "articles.jsonl").read_bytes()
    r2 = cli("batch", str(src), "--out", str(out), "--no-enrich", "--jobs", "2")
    assert r2.returncode == 1
    assert "0 converted, 9 unchanged, 3 failed, 1 skipped" in r2.stderr
    assert "\n".join(sqlite3.connect(out / "archive.sqlite").iterdump()) == before_db
    assert outputs(out) == before_files and (out / "articles.jsonl").read_bytes() == before_jsonl
    assert not list(out.rglob("*.tmp"))

    # --force converts again and gives the same archive
    canon = canonical(out / "archive.sqlite")
    r3 = cli("batch", str(src), "--out", str(out), "--no-enrich", "--jobs", "2", "--force", "--no-progress")
    assert "9 converted, 0 unchanged" in r3.stderr
    assert canonical(out / "archive.sqlite") == canon and outputs(out) == before_files


def test_all_good_exits_0_and_usage_errors_exit_2(tmp_path):
    f = tmp_path / "p01.blocks.txt"
    shutil.copy(SAMPLES / "p01.blocks.txt", f)
    r = cli("batch", str(f), "--out", str(tmp_path / "o"), "--no-enrich", "--no-progress")
    assert r.returncode == 0 and "1 converted" in r.stderr
    assert cli("batch", str(f)).returncode == 2                                            # no --out
    assert cli("batch", "--out", str(tmp_path / "o")).returncode == 2                      # no input
    assert cli("batch", str(f), "--out", str(tmp_path / "o"), "--jobs", "0").returncode == 2
    assert cli("batch", str(f), "--out", str(tmp_path / "o"), "--timeout", "-1").returncode == 2
    assert cli("batch", str(f), "--out", str(f)).returncode == 2                           # --out is a file
    not_db = tmp_path / "x.sqlite"
    not_db.write_bytes(b"this is not sqlite" * 100)
    r = cli("batch", str(f), "--out", str(tmp_path / "o2"), "--db", str(not_db))
    assert r.returncode == 1 and "x.sqlite" in r.stderr and "Traceback" not in r.stderr     # an unusable archive
    assert cli("search", "科普").returncode == 2                                             # no --db
    assert cli("search", "科普", "--db", str(tmp_path / "none.sqlite")).returncode == 1
    r = cli("batch", str(tmp_path / "missing"), str(tmp_path / "*.nothing"), "--out", str(tmp_path / "o3"))
    assert r.returncode == 1 and "no such file" in r.stderr and "no file matches" in r.stderr


def test_killed_batch_rerun_equals_uninterrupted_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    # 12 inputs: 6 PDFs (two copies of each issue) and 6 texts; --jobs 1 makes the run last a few seconds
    for name in ISSUES:
        for copy in ("a", "b"):
            shutil.copy(SAMPLES / f"{name}.pdf", src / f"{copy}-{name}.pdf")
        for form in (".blocks.txt", ".poppler.txt"):
            shutil.copy(SAMPLES / f"{name}{form}", src / f"c-{name}{form}")
    killed, full = tmp_path / "killed", tmp_path / "full"
    args = ["batch", str(src), "--no-enrich", "--jobs", "1", "--no-progress"]
    proc = subprocess.Popen([*CLI, *args, "--out", str(killed)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            # two records written: the first one is in the archive too (its transaction ends before the next write)
            if sum(p.name.endswith(".pdf.json") for p in killed.glob("*.json")) >= 2:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the batch ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    done_before = len(list(killed.glob("*.json")))
    assert 1 <= done_before < 12 and not (killed / "report.json").exists()

    r1 = cli(*args, "--out", str(killed))
    r2 = cli(*args, "--out", str(full))
    assert r1.returncode == 0 and r2.returncode == 0, r1.stderr + r2.stderr
    assert "12 converted" not in r1.stderr and " 0 unchanged" not in r1.stderr  # picked up where it was killed
    assert table_counts(killed / "archive.sqlite") == table_counts(full / "archive.sqlite")
    assert table_counts(full / "archive.sqlite")["bulletins"] == 3
    assert canonical(killed / "archive.sqlite") == canonical(full / "archive.sqlite")
    assert outputs(killed) == outputs(full)
    assert jsonl_rows(killed) == jsonl_rows(full)
    assert not list(killed.rglob("*.tmp"))


# --- failures that must not stop the batch -------------------------------------------------------

def test_timeout_on_a_large_input_is_reported_and_the_batch_goes_on(tmp_path):
    text = (SAMPLES / "p01.blocks.txt").read_text(encoding="utf-8")
    body = "\n\n".join(text.split("\n\n")[8:-6]) + "\n\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.txt").write_text(text + body * 600, encoding="utf-8")  # ~1.7 MB, seconds to parse
    shutil.copy(SAMPLES / "p02.blocks.txt", tmp_path / "in" / "small.txt")
    report = convert([tmp_path / "in"], tmp_path / "out", jobs=2, timeout=0.3, enrich=False)
    by_name = {Path(e.path).name: e for e in report.entries}
    assert by_name["big.txt"].status == "failed" and "timed out" in by_name["big.txt"].reason
    assert by_name["small.txt"].status == "ok"
    assert report.issues == 1 and not (tmp_path / "out" / "big.txt.json").exists()


def test_worker_crash_and_hang_are_failed_and_the_pool_recreated(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for name in ISSUES:
        shutil.copy(SAMPLES / f"{name}.blocks.txt", src / f"{name}.txt")
    shutil.copy(SAMPLES / "p01.blocks.txt", src / "crash-me.txt")
    shutil.copy(SAMPLES / "p02.blocks.txt", src / "stall-me.txt")
    # crash: the worker exits; stall: the worker ignores its alarm and must be killed by the batch
    monkeypatch.setenv(FAULTS_ENV, "crash:crash-me,stall:stall-me")
    report = convert([src], tmp_path / "out", jobs=2, timeout=1, enrich=False)
    by_name = {Path(e.path).name: e for e in report.entries}
    assert "died" in by_name["crash-me.txt"].reason
    assert "timed out" in by_name["stall-me.txt"].reason
    assert [by_name[f"{n}.txt"].status for n in ISSUES] == ["ok"] * 3
    assert report.issues == 3 and len(report.failed) == 2


# --- search ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    src = make_corpus(root, broken=False)
    report = convert([src], root / "out", jobs=2, enrich=False)
    assert report.ok and report.issues == 3
    return root / "out" / "archive.sqlite"


def test_search_finds_two_character_words_and_long_phrases(archive):
    hits = search(archive, "科普")
    assert hits and all("【科普】" in h.snippet for h in hits)
    assert len({h.article_id for h in hits}) == len(hits)  # once each, not once per source
    assert len(search(archive, "学会", limit=100)) > len(search(archive, "学会", limit=3)) == 3
    phrase = "北京制冷学会召开第九届第一次常务理事会"
    hits = search(archive, phrase)
    assert hits[0].article == phrase and hits[0].section == "学会动态" and hits[0].year == 2023
    body_phrase = "会议由理事长唐俊杰主持"
    hits = search(archive, body_phrase)
    assert len(hits) == 1 and f"【{body_phrase}】" in hits[0].snippet
    both = search(archive, "科普 学会动态")  # every term must match
    assert {h.article_id for h in both} <= {h.article_id for h in search(archive, "科普")}
    assert search(archive, "不可能出现的词语组合") == []
    for odd in ('"科普', '科普" OR "学会', "NEAR(科协 学会)", "学会*", "a%b_c"):  # FTS syntax is plain text here
        assert isinstance(search(archive, odd), list)
    attributed = search(archive, "", org="北京制冷学会")
    assert attributed and all("北京制冷学会" in h.attribution for h in attributed)


def test_search_cli_prints_snippets_and_json(archive):
    r = cli("search", "科普", "--db", str(archive), "--limit", "2")
    assert r.returncode == 0 and "【科普】" in r.stdout and ("科协每周动态" in r.stdout or "学会工作简报" in r.stdout)
    lines = r.stdout.splitlines()
    assert len(lines) == 4 and "年第" in lines[0]
    r = cli("search", "常务理事会", "--db", str(archive), "--json")
    data = json.loads(r.stdout)
    assert r.returncode == 0 and data and set(data[0]) >= {"title", "year", "issue", "date", "section", "article",
                                                           "snippet"}
    r = cli("search", "不可能出现的词语组合", "--db", str(archive), "--json")
    assert r.returncode == 1 and json.loads(r.stdout) == []


@pytest.fixture(scope="module")
def enriched(tmp_path_factory) -> Path:
    """An enriched archive of one issue held by its PDF and by a text."""
    root = tmp_path_factory.mktemp("enriched")
    shutil.copy(SAMPLES / "kx2023-03.blocks.txt", root / "kx.txt")
    shutil.copy(SAMPLES / "kx2023-03.pdf", root / "kx.pdf")
    report = convert([root / "kx.txt", root / "kx.pdf"], root / "out", jobs=1, enrich=True)
    assert report.ok and report.issues == 1
    return root / "out"


def test_people_filter_through_entities_with_enrichment(enriched):
    db = enriched / "archive.sqlite"
    hits = search(db, "常务理事会", person="唐俊杰")
    assert [h.article for h in hits] == ["北京制冷学会召开第九届第一次常务理事会"]
    assert search(db, "常务理事会", person="没有此人") == []
    r = cli("search", "", "--db", str(db), "--person", "唐俊杰", "--json")
    assert r.returncode == 0 and [h["article"] for h in json.loads(r.stdout)] == [hits[0].article]
    rows = jsonl_rows(enriched)
    assert any("唐俊杰" in r["people"] for r in rows) and all(r["source_kind"] == "pdf" for r in rows)


def test_docs_sql_examples_run(enriched):
    doc = (Path(__file__).resolve().parent.parent / "docs" / "archive.md").read_text(encoding="utf-8")
    queries = [block.split("```", 1)[0] for block in doc.split("```sql\n")[1:]]
    assert len(queries) >= 5
    with sqlite3.connect(enriched / "archive.sqlite") as conn:
        results = [conn.execute(q).fetchall() for q in queries]
    assert results[0] == [("2023-02-03", 3, "北京制冷学会召开第九届第一次常务理事会")]  # 学会动态, 2023, 北京制冷学会
    assert results[1] == [(2023, "科协每周动态", 1, 6)]                               # issues per year
    assert [r[-1] for r in results[2]] == ["北京制冷学会召开第九届第一次常务理事会"]        # a person's articles
    assert results[3] and "【唐俊杰】" in results[3][0][-1]                               # full text, marked


def test_docs_executor_example(tmp_path, monkeypatch, capsys):
    doc = (Path(__file__).resolve().parent.parent / "docs" / "archive.md").read_text(encoding="utf-8")
    code = doc.split("<!-- tested: executor -->\n```python\n", 1)[1].split("```", 1)[0]
    scans = tmp_path / "scans"
    scans.mkdir()
    for name in ISSUES:
        shutil.copy(SAMPLES / f"{name}.pdf", scans / f"{name}.pdf")
        shutil.copy(SAMPLES / f"{name}.blocks.txt", scans / f"{name}.txt")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "docs/archive.md", "exec"), {})
    printed = capsys.readouterr().out
    summary, found = printed.splitlines()[:2]
    assert "6 converted" in summary and "3 issues" in summary and "陕西省科协到北京市科协调研座谈" in found
    assert (tmp_path / "out" / "p02.pdf.json").exists()


def test_progress_bar_only_on_a_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios
    shutil.copy(SAMPLES / "p01.blocks.txt", tmp_path / "a.txt")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([*CLI, "batch", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--no-enrich"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "/1 [" in shown and "file/s]" in shown and "1 converted" in shown
    r = cli("batch", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o2"), "--no-enrich")  # stderr is a pipe
    assert "file/s]" not in r.stderr and r.stderr.count("\n") == 1


# --- the Python API with another executor ------------------------------------------------------------

def test_executor_example_with_a_thread_pool(tmp_path, pdf_articles):
    src = make_corpus(tmp_path, broken=False)
    with ThreadPoolExecutor(max_workers=2) as pool:  # stands in for Dask's Client.get_executor()
        report = convert([src], tmp_path / "out", executor=pool, enrich=False)
    assert report.ok and len(report.converted) == 9 and report.issues == 3
    assert report.articles == sum(pdf_articles.values())
    # the bytes may travel with the task, for workers that cannot see the files
    with ThreadPoolExecutor(max_workers=2) as pool:
        shipped = convert([src], tmp_path / "out2", executor=pool, enrich=False, send_data=True)
    assert shipped.ok and canonical(tmp_path / "out" / "archive.sqlite") == canonical(tmp_path / "out2" / "archive.sqlite")


def test_executor_failures_and_timeouts_fail_one_input(tmp_path):
    from concurrent.futures import Executor, Future

    class Flaky(Executor):
        """Runs tasks inline, raises for one input, never finishes another."""

        def submit(self, fn, task):
            fut: Future = Future()
            if "boom" in task["path"]:
                fut.set_exception(RuntimeError("worker lost"))
            elif "never" not in task["path"]:
                fut.set_result(fn(task))
            return fut

    for name in ("ok.txt", "boom.txt", "never.txt"):
        shutil.copy(SAMPLES / "p01.blocks.txt", tmp_path / name)
    report = convert([tmp_path / n for n in ("ok.txt", "boom.txt", "never.txt")], tmp_path / "out",
                     executor=Flaky(), timeout=0.2, enrich=False)
    status = {Path(e.path).name: (e.status, e.reason) for e in report.entries}
    assert status["ok.txt"][0] == "ok"
    assert status["boom.txt"][0] == "failed" and "worker lost" in status["boom.txt"][1]
    assert status["never.txt"][0] == "failed" and "timed out" in status["never.txt"][1]


# --- paths, dedup, changes ---------------------------------------------------------------------------

def test_output_paths_never_leave_the_output_folder(tmp_path):
    src = tmp_path / "in"
    (src / "deep").mkdir(parents=True)
    shutil.copy(SAMPLES / "p01.blocks.txt", src / "a.txt")
    shutil.copy(SAMPLES / "p02.blocks.txt", src / "deep" / "b.txt")
    shutil.copy(SAMPLES / "kx2023-03.blocks.txt", tmp_path / "c.txt")
    other = tmp_path / "other"
    (other / "deep").mkdir(parents=True)
    shutil.copy(SAMPLES / "p01.poppler.txt", other / "deep" / "z.txt")
    out = tmp_path / "work" / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir(parents=True)
    (out / "deep").symlink_to(elsewhere)  # a symlink inside --out leading out of it
    inputs = [f"{src}/deep/../a.txt",                        # `..` segments
              str((tmp_path / "c.txt").resolve()),          # absolute path
              f"{src}/*/../deep/b.txt",                     # glob with `..` after the pattern
              f"{tmp_path}/work/../in/../other"]            # folder: deep/z.txt would land in the symlink
    report = convert(inputs, out, jobs=1, enrich=False)
    rels = {e.rel: e for e in report.entries}
    assert sorted(rels) == ["a.txt", "c.txt", "deep/b.txt", "deep/z.txt"]
    assert all(".." not in e.rel.split("/") and not e.rel.startswith("/") for e in report.entries)
    assert rels["a.txt"].status == rels["c.txt"].status == "ok"
    # deep/ inside --out is a symlink to another folder: nothing may be written through it
    assert rels["deep/z.txt"].status == "failed" and "leave" in rels["deep/z.txt"].reason
    assert rels["deep/b.txt"].status == "failed"
    assert list(elsewhere.iterdir()) == []
    root = os.path.realpath(out)
    written = [p for p in out.rglob("*") if p.is_file()]
    assert written and all(os.path.realpath(p).startswith(root + os.sep) for p in written)


def test_output_names_are_cleaned():
    assert safe_rel("/x/y/../../etc/passwd", None) == "passwd"
    assert safe_rel("/data/in/a/../b.txt", "/data/in/a") == "b.txt"
    assert safe_rel("/data/in/sub/x.pdf", "/data/in") == "sub/x.pdf"
    assert safe_rel("/data/other/x.pdf", "/data/in") == "x.pdf"
    with pytest.raises(ValueError):
        output_path(Path("/tmp/out"), "../x")
    assert output_path(Path("/tmp/out"), "a/b.pdf", 2) == Path("/tmp/out/a/b.pdf.2.json")


def test_same_relative_path_from_two_folders_gets_two_outputs(tmp_path):
    for d, sample in (("one", "p01"), ("two", "p02")):
        (tmp_path / d).mkdir()
        shutil.copy(SAMPLES / f"{sample}.blocks.txt", tmp_path / d / "x.txt")
    items = collect([tmp_path / "one", tmp_path / "two"])
    assert [i.rel for i in items] == ["x.txt", "x.txt~2"] and items[1].note
    report = convert([tmp_path / "one", tmp_path / "two"], tmp_path / "out", jobs=1, enrich=False)
    assert report.ok and report.issues == 2
    assert (tmp_path / "out" / "x.txt.json").exists() and (tmp_path / "out" / "x.txt~2.json").exists()


def test_bound_volume_gives_one_json_per_issue_and_a_changed_file_replaces_its_rows(tmp_path):
    vol = tmp_path / "in" / "vol.txt"
    vol.parent.mkdir()
    two = (SAMPLES / "kx2023-03.blocks.txt").read_text(encoding="utf-8") + "\n" + \
        (SAMPLES / "p01.blocks.txt").read_text(encoding="utf-8")
    vol.write_text(two, encoding="utf-8")
    shutil.copy(SAMPLES / "p01.pdf", tmp_path / "in" / "p01.pdf")
    out = tmp_path / "out"
    report = convert([tmp_path / "in"], out, jobs=2, enrich=False)
    entry = next(e for e in report.entries if e.rel == "vol.txt")
    assert entry.outputs == ["vol.txt.json", "vol.txt.2.json"] and len(entry.bulletins) == 2
    assert report.issues == 2
    with sqlite3.connect(out / "archive.sqlite") as conn:
        kinds = dict(conn.execute("SELECT key, kind FROM bulletins"))
        assert sorted(kinds.values()) == ["pdf", "text"]  # p01 kept from its PDF, kx2023-03 from the volume

    # the volume now holds one issue with a changed title: its rows are replaced, not added to
    one = (SAMPLES / "p01.blocks.txt").read_text(encoding="utf-8").replace(
        "市科协赴怀柔科学城调研科技服务工作", "市科协赴怀柔科学城调研")
    vol.write_text(one, encoding="utf-8")
    report = convert([tmp_path / "in"], out, jobs=2, enrich=False)
    assert {e.rel: e.status for e in report.entries} == {"vol.txt": "ok", "p01.pdf": "unchanged"}
    assert not (out / "vol.txt.2.json").exists() and report.issues == 1
    counts = table_counts(out / "archive.sqlite")
    assert counts["sources"] == 2 and counts["bulletins"] == 1
    with sqlite3.connect(out / "archive.sqlite") as conn:
        codes = [r[0] for r in conn.execute("SELECT code FROM diagnostics WHERE origin = 'archive'")]
        assert "archive.article_titles" in codes  # the text and the PDF disagree, and the archive says so
        assert conn.execute("SELECT kind FROM bulletins").fetchone()[0] == "pdf"

    # the PDF goes away (its file fails to read now): the text record becomes the one kept
    (tmp_path / "in" / "p01.pdf").write_bytes(b"%PDF-1.4 broken")
    report = convert([tmp_path / "in"], out, jobs=2, enrich=False)
    assert not report.ok and report.issues == 1
    with sqlite3.connect(out / "archive.sqlite") as conn:
        assert conn.execute("SELECT kind, sources FROM bulletins").fetchone() == ("text", 1)
        assert conn.execute("SELECT count(*) FROM diagnostics WHERE origin = 'archive'").fetchone()[0] == 0
        # the full-text index followed every replacement (triggers, cascades)
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"科协\"'").fetchone()[0] <= n
    assert not (out / "p01.pdf.json").exists()


def test_import_kexie_parse_stays_light():
    r = subprocess.run([sys.executable, "-c", "import sys, kexie_parse; "
                        "print(any(m.startswith(('kexie_parse.archive', 'sqlite3', 'tqdm')) for m in sys.modules))"],
                       capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "False"
