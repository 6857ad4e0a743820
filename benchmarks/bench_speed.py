"""Speed of issue 13 (a script, not a test): PDF engine, start-up, bound volumes, batch, worker memory.

    .venv/bin/python benchmarks/bench_speed.py [--runs 3] [--pdfs N] [--sections pdf,startup,volume,batch]

1. pdf: every samples/*.pdf parsed with `kexie_parse.parse(pdf, enrich=False)` (default engine, pdfium)
   against the references over the same pages, alternated in each round: pypdfium2 `get_text_range`
   (open, text page per page, close) and pdfplumber `extract_text`; the pdfplumber engine's parse for
   information. Ratio per PDF = median over rounds of parse / reference; the table gives the median and
   the worst PDF. Goal: parse <= 3x get_text_range.
2. startup: fresh interpreters, alternated: `python -c pass`, `python -c "import kexie_parse"`, and the CLI
   `kexie-parse parse samples/p02.pdf` with enrichment (engine cache warm). Goals: import < 100 ms over a
   bare start; the cold CLI parse <= 1.2 s wall. Also the enrichment engine loaded from its cache against
   built from jieba's files (`engine().load_seconds` in fresh processes; the build uses a fresh cache folder).
3. volume: `parse_all` on a bound volume of 100 issues and of 50 (the first 25 samples' `.blocks.txt`
   repeated, so both hold the same mix). Goal: t100 / t50 <= 2.05 (paired median).
4. batch: `kexie-parse batch` with enrichment over copies of every sample PDF, `--jobs 1` and `--jobs 2`
   alternated: pages per second (wall clock of the command) and the speedup; then the peak RSS (VmHWM) of
   one worker process that loaded both engines and converted every sample PDF.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, code_version, ratio_of, table

PYTHON = sys.executable
SAMPLES = ROOT / "samples"
PDF_GOAL = 3.0
IMPORT_GOAL_MS = 100
COLD_PARSE_GOAL_S = 1.2
VOLUME_GOAL = 2.05


def pdfium_text(data: bytes) -> int:
    """The reference: PDFium's own text of every page (open, text page, get_text_range, close)."""
    import pypdfium2 as pdfium
    n = 0
    doc = pdfium.PdfDocument(data)
    for page in doc:
        textpage = page.get_textpage()
        n += len(textpage.get_text_range())
        textpage.close()
        page.close()
    doc.close()
    return n


def plumber_text(data: bytes) -> int:
    import io

    import pdfplumber
    n = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            n += len(page.extract_text() or "")
    return n


def clock(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def section_pdf(runs: int, limit: int | None) -> list[list]:
    import kexie_parse
    files = sorted(SAMPLES.glob("*.pdf"))[:limit]
    datas = {f.name: f.read_bytes() for f in files}
    for data in list(datas.values())[:3]:  # warm-up: imports, caches
        kexie_parse.parse(data, enrich=False)
        kexie_parse.parse(data, enrich=False, engine="pdfplumber")
        pdfium_text(data)
        plumber_text(data)
    per_pdf = []
    for name, data in datas.items():
        t = {"parse": [], "pdfium": [], "plumber": [], "parse_plumber": []}
        for _ in range(runs):
            t["pdfium"].append(clock(pdfium_text, data))
            t["parse"].append(clock(lambda d: kexie_parse.parse(d, enrich=False), data))
            t["plumber"].append(clock(plumber_text, data))
            t["parse_plumber"].append(clock(lambda d: kexie_parse.parse(d, enrich=False, engine="pdfplumber"), data))
        per_pdf.append((name, ratio_of(t["parse"], t["pdfium"]), ratio_of(t["parse"], t["plumber"]),
                        ratio_of(t["parse_plumber"], t["plumber"]), statistics.median(t["parse"]) * 1000,
                        statistics.median(t["pdfium"]) * 1000))
    worst = max(per_pdf, key=lambda r: r[1])
    med = lambda k: statistics.median(r[k] for r in per_pdf)  # noqa: E731
    print(table(["PDF", "parse/get_text_range", "parse/pdfplumber extract_text", "pdfplumber engine/extract_text",
                 "parse ms", "get_text_range ms"],
                [[r[0], f"{r[1]:.2f}", f"{r[2]:.3f}", f"{r[3]:.2f}", f"{r[4]:.1f}", f"{r[5]:.1f}"] for r in per_pdf]))
    return [["PDF parse / pypdfium2 get_text_range", f"median {med(1):.2f}, worst {worst[1]:.2f} ({worst[0]}) "
             f"over {len(per_pdf)} PDFs", f"<= {PDF_GOAL}", "PASS" if worst[1] <= PDF_GOAL else
             ("MISS (median PASS)" if med(1) <= PDF_GOAL else "MISS")],
            ["PDF parse / pdfplumber extract_text", f"median {med(2):.3f}", "information", ""],
            ["pdfplumber engine parse / extract_text", f"median {med(3):.2f}", "information", ""]]


def run(cmd: list[str], env: dict | None = None) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, env=env)
    took = time.perf_counter() - t
    if r.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed: {r.stderr.decode()[-500:]}")
    return took


ENGINE_LOAD = "from kexie_parse.enrich.resources import engine; e = engine(); print(e.source, e.load_seconds)"


def section_startup(runs: int) -> list[list]:
    cli = [PYTHON, "-m", "kexie_parse", "parse", str(SAMPLES / "p02.pdf")]
    run(cli)  # the engine cache is written if missing
    t = {"pass": [], "import": [], "cli": []}
    for _ in range(max(runs, 5)):
        t["pass"].append(run([PYTHON, "-c", "pass"]))
        t["import"].append(run([PYTHON, "-c", "import kexie_parse"]))
        t["cli"].append(run(cli))
    imp = statistics.median(a - b for a, b in zip(t["import"], t["pass"])) * 1000
    cold = statistics.median(t["cli"])
    loads: dict[str, list[float]] = {"cache": [], "built": []}
    for _ in range(3):
        out = subprocess.run([PYTHON, "-c", ENGINE_LOAD], capture_output=True, text=True).stdout.split()
        loads[out[0]].append(float(out[1]))
        with tempfile.TemporaryDirectory() as fresh:
            env = dict(os.environ, KEXIE_PARSE_CACHE_DIR=fresh)
            out = subprocess.run([PYTHON, "-c", ENGINE_LOAD], capture_output=True, text=True, env=env).stdout.split()
            loads[out[0]].append(float(out[1]))
    cache, built = statistics.median(loads["cache"] or [0]), statistics.median(loads["built"] or [0])
    print(f"python -c pass {statistics.median(t['pass']) * 1000:.0f} ms, import kexie_parse +{imp:.0f} ms, "
          f"kexie-parse parse p02.pdf (enrich) {cold * 1000:.0f} ms; engine from cache {cache:.2f} s, "
          f"built {built:.2f} s")
    return [["import kexie_parse (over python -c pass)", f"{imp:.0f} ms", f"< {IMPORT_GOAL_MS} ms",
             "PASS" if imp < IMPORT_GOAL_MS else "MISS"],
            ["cold `kexie-parse parse p02.pdf` with enrichment", f"{cold:.2f} s wall (python -c pass: "
             f"{statistics.median(t['pass']):.2f} s, difference {cold - statistics.median(t['pass']):.2f} s)",
             f"<= {COLD_PARSE_GOAL_S} s", "PASS" if cold <= COLD_PARSE_GOAL_S else "MISS"],
            ["enrichment engine: cache load / build", f"{cache:.2f} s / {built:.2f} s = {cache / built:.2f}"
             if built else "n/a", "well under 1", ""]]


def section_volume(runs: int) -> list[list]:
    import kexie_parse
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.blocks.txt"))[:25]]
    volume = {n: "\n\n".join(texts[i % len(texts)] for i in range(n)) for n in (50, 100)}
    issues = {n: len(kexie_parse.parse_all(v, enrich=False)) for n, v in volume.items()}
    t50, t100 = [], []
    for _ in range(max(runs, 5)):
        t50.append(clock(lambda: kexie_parse.parse_all(volume[50], enrich=False)))
        t100.append(clock(lambda: kexie_parse.parse_all(volume[100], enrich=False)))
    r = ratio_of(t100, t50)
    print(f"parse_all: {issues[50]} issues {statistics.median(t50):.2f} s, {issues[100]} issues "
          f"{statistics.median(t100):.2f} s")
    return [[f"parse_all t100/t50 ({issues[100]} / {issues[50]} issues found)", f"{r:.3f}", f"<= {VOLUME_GOAL}",
             "PASS" if r <= VOLUME_GOAL else "MISS"]]


WORKER_PEAK = """
import json, sys
from pathlib import Path
from kexie_parse.archive.worker import convert_task, init_worker
init_worker(True)
for p in sorted(Path(sys.argv[1]).glob("*.pdf")):
    convert_task({"path": str(p), "enrich": True})
peak = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0].split()[1]
print(int(peak) / 1024)
"""


def section_batch(runs: int) -> list[list]:
    import kexie_parse
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    pages = sum(kexie_parse.parse(p, enrich=False).source.pages for p in pdfs)
    rates: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for p in pdfs:
            shutil.copy(p, src / p.name)
        for k in range(max(1, runs)):
            for jobs in (1, 2):
                out = Path(tmp) / f"out{k}-{jobs}"
                took = run([PYTHON, "-m", "kexie_parse", "batch", str(src), "--out", str(out), "--jobs", str(jobs),
                            "--no-progress"])
                report = json.loads((out / "report.json").read_text(encoding="utf-8"))
                assert not report.get("failed"), report.get("failed")
                rates[jobs].append(pages / took)
        peak = float(subprocess.run([PYTHON, "-c", WORKER_PEAK, str(src)], capture_output=True, text=True,
                                    check=True).stdout)
    speedup = ratio_of(rates[2], rates[1])
    print(f"batch: {len(pdfs)} PDFs, {pages} pages; jobs 1 {statistics.median(rates[1]):.1f} pages/s, "
          f"jobs 2 {statistics.median(rates[2]):.1f} pages/s; worker peak {peak:.0f} MB")
    return [["batch --jobs 2 with enrichment", f"{statistics.median(rates[2]):.1f} pages/s ({len(pdfs)} PDFs, "
             f"{pages} pages; --jobs 1: {statistics.median(rates[1]):.1f}; speedup {speedup:.2f})", "information",
             ""],
            ["peak RSS of a worker (both engines, every sample PDF)", f"{peak:.0f} MB", "information", ""]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pdfs", type=int, default=None, help="only the first N sample PDFs")
    ap.add_argument("--sections", default="pdf,startup,volume,batch")
    args = ap.parse_args()
    print(f"kexie_parse {code_version()}, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    summary = []
    for name in args.sections.split(","):
        print(f"\n== {name}")
        summary += {"pdf": lambda: section_pdf(args.runs, args.pdfs), "startup": lambda: section_startup(args.runs),
                    "volume": lambda: section_volume(args.runs), "batch": lambda: section_batch(args.runs)}[name]()
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}\n")
    print(table(["check", "measured", "goal", "result"], summary, "llll"))


if __name__ == "__main__":
    main()
