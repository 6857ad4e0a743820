"""PDF-path benchmark for kexie_parse (a script, not a test).

    .venv/bin/python benchmarks/bench_pdf.py [--runs N] [--samples DIR] [--pages 60] [--no-memory]

Optional benchmark dependency: pypdf (`.venv/bin/pip install pypdf`). It only builds the large
test PDF for the memory checks; kexie_parse itself never uses it. Without it the script stops with a
message (or run with --no-memory to get the speed table only).

Prints:

1. speed: for every sample NAME.pdf, the median time of `kexie_parse.parse(pdf, enrich=False)`
   divided by the median time of pdfplumber's own extraction of the same file (open,
   `page.extract_text()` over all pages, close), timed alternately (A, B, A, B, ...) in this process.
   Goal: ratio <= 1.5.
2. peak memory: a PAGES-page PDF (default 60) made by concatenating the sample PDFs' pages in turn
   (pypdf, temp file) is parsed in a fresh subprocess, which reports its own peak RSS (VmHWM from
   /proc/self/status; ru_maxrss only where there is no /proc, since on Linux it carries the forking
   parent's high-water mark across exec). Shown next to an interpreter that only imports kexie_parse + pdfplumber and
   one that runs pdfplumber's extract_text over the same file. Goal: parse peak <= 300 MB.
3. flatness: the same PDF parsed 5 times in one process, RSS (VmRSS) after each parse. Goal: RSS
   after the 5th parse within ~10% of RSS after the 1st. For diagnosis it also shows RSS after an
   explicit gc.collect() and the count of live Python allocations (sys.getallocatedblocks()): RSS that
   rises while the live blocks stay flat is allocator high-water, not a leak.
The speed table also has a row for the PAGES-page PDF (a scale check of the PDF path).

Speed is only ever reported as ratios against a reference measured in the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, code_version, pdfplumber_extract, ratio_of, table  # also puts the project on sys.path

import kexie_parse  # noqa: E402

SPEED_GOAL = 1.5
PEAK_GOAL_MB = 300
FLAT_GOAL = 0.10
FLAT_PARSES = 5
PEAK_ROUNDS = 3
EXTRA_RUNS = 3  # rounds for the large concatenated PDF in the speed table (each round ~5 s)


# ---------------------------------------------------------------- helpers

def alternate(fns: list, runs: int) -> list[list[float]]:
    """Warm every callable once, then time them in turn (A, B, A, B, ...) for `runs` rounds: per callable,
    the seconds of each round."""
    for f in fns:
        f()
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, f in enumerate(fns):
            t0 = time.perf_counter()
            f()
            samples[i].append(time.perf_counter() - t0)
    return samples


def page_count(pdf_path: Path) -> int:
    import pdfplumber
    with pdfplumber.open(pdf_path) as pdf:
        return len(pdf.pages)


# ---------------------------------------------------------------- 1. speed

def bench_speed(pdfs: list[Path], runs: int, extra: list[tuple[str, Path]] = ()) -> bool:
    print(f"## 1. PDF parse vs pdfplumber's own extraction (median of {runs}, alternated; "
          f"goal ratio <= {SPEED_GOAL})\n")
    rows, ratios, ok = [], [], True
    for label, pdf, n in [(p.name, p, runs) for p in pdfs] + [(lab, p, min(runs, EXTRA_RUNS)) for lab, p in extra]:
        parse_s, ref_s = alternate([lambda p=str(pdf): kexie_parse.parse(p, enrich=False),
                                    lambda p=pdf: pdfplumber_extract(p)], n)
        ratio = ratio_of(parse_s, ref_s)
        t_parse, t_ref = statistics.median(parse_s), statistics.median(ref_s)
        if n != runs:
            label += f" [{n} rounds]"
        verdict = "PASS" if ratio <= SPEED_GOAL else "MISS"
        ok &= verdict == "PASS"
        ratios.append(ratio)
        rows.append([label, page_count(pdf), f"{t_parse * 1000:.1f}", f"{t_ref * 1000:.1f}", f"{ratio:.3f}",
                     verdict])
    print(table(["pdf", "pages", "parse ms", "pdfplumber ms", "ratio", f"goal<={SPEED_GOAL}"], rows))
    print(f"\nratio: median {statistics.median(ratios):.3f}, worst {max(ratios):.3f} over {len(ratios)} PDFs "
          f"-> {'PASS' if ok else 'MISS'}")
    print("(ratio = median over rounds of parse/pdfplumber timed back to back; the ms columns are medians and "
          "only this\nmachine's values in this run: the ratio is the reported figure)\n")
    return ok


# ---------------------------------------------------------------- 2./3. memory

def build_big_pdf(pdfs: list[Path], pages: int, out: Path) -> list[str]:
    """Concatenate the sample PDFs' pages in turn until `pages` pages; returns the sources used."""
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    readers = [(p.name, PdfReader(str(p))) for p in pdfs]
    used: list[str] = []
    while len(writer.pages) < pages:
        for name, reader in readers:
            for page in reader.pages:
                if len(writer.pages) >= pages:
                    break
                writer.add_page(page)
            used.append(name)
            if len(writer.pages) >= pages:
                break
    with open(out, "wb") as fh:
        writer.write(fh)
    return used


CHILD = r"""
import gc, json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]

def status_mb(field):
    # a memory figure of this process from /proc/self/status, in MB; None where there is no /proc
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None

def rss_mb():
    rss = status_mb("VmRSS")
    return rss if rss is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # fallback: peak so far

def peak_mb():
    # VmHWM: the peak RSS of this process image. getrusage's ru_maxrss (SELF or CHILDREN) is not used on
    # Linux because exec keeps the high-water mark of the forking parent (the benchmark process itself).
    peak = status_mb("VmHWM")
    if peak is not None:
        return peak
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024  # bytes on macOS, KiB on Linux

import kexie_parse
import pdfplumber  # the baseline holds both libraries' code
out = {}
if mode == "parse":
    b = kexie_parse.parse(path, enrich=False)
    out["articles"] = len(b.articles)
    out["parts"] = getattr(b.source, "parts", None)
elif mode == "parse_all":
    bs = kexie_parse.parse_all(path, enrich=False)
    out["articles"] = sum(len(b.articles) for b in bs)
    out["parts"] = len(bs)
elif mode == "pdfplumber":
    with pdfplumber.open(path) as pdf:
        n = sum(len(p.extract_text() or "") for p in pdf.pages)
elif mode == "repeat":
    out["before"] = rss_mb()
    out["after"], out["after_gc"], out["blocks"], out["seconds"] = [], [], [], []
    for _ in range(int(sys.argv[3])):
        t0 = time.perf_counter()
        b = kexie_parse.parse(path, enrich=False)
        out["seconds"].append(time.perf_counter() - t0)
        out["after"].append(rss_mb())
        gc.collect()
        out["after_gc"].append(rss_mb())
        out["blocks"].append(sys.getallocatedblocks())
out["peak_mb"] = peak_mb()
print(json.dumps(out))
"""


def child(mode: str, path: Path, *extra: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    res = subprocess.run([sys.executable, "-c", CHILD, mode, str(path), *extra], capture_output=True, text=True,
                         env=env, cwd=str(ROOT))
    if res.returncode != 0:
        raise SystemExit(f"memory child ({mode}) failed:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def bench_peak(big: Path, pages: int) -> bool:
    print(f"## 2. Peak RSS for a {pages}-page PDF, each in a fresh subprocess "
          f"(median of {PEAK_ROUNDS}, alternated; goal parse peak <= {PEAK_GOAL_MB} MB)\n")
    modes = ["baseline", "parse", "pdfplumber"] + (["parse_all"] if hasattr(kexie_parse, "parse_all") else [])
    peaks: dict[str, list[float]] = {m: [] for m in modes}
    info: dict[str, dict] = {}
    for k in range(PEAK_ROUNDS):
        for m in modes:
            if m == "parse_all" and k:  # information only: one run is enough
                continue
            r = child(m, big)
            peaks[m].append(r["peak_mb"])
            info[m] = r
    med = {m: statistics.median(v) for m, v in peaks.items()}
    ok = med["parse"] <= PEAK_GOAL_MB

    def what(m: str) -> str:
        r = info[m]
        parts = r.get("parts")
        if m == "parse":
            return ("kexie_parse.parse(enrich=False): " + (f"issue 1 of {parts}, " if parts and parts > 1 else "")
                    + f"{r['articles']} articles")
        return f"kexie_parse.parse_all(enrich=False): {parts} issues, {r['articles']} articles"
    rows = [["import kexie_parse + pdfplumber only (baseline)", f"{med['baseline']:.1f}", "-", "info"],
            [what("parse"), f"{med['parse']:.1f}", f"{med['parse'] - med['baseline']:.1f}",
             "PASS" if ok else "MISS"]]
    if "parse_all" in med:
        rows.append([what("parse_all"), f"{med['parse_all']:.1f}", f"{med['parse_all'] - med['baseline']:.1f}",
                     "info"])
    rows.append(["pdfplumber open + extract_text all pages (reference)", f"{med['pdfplumber']:.1f}",
                 f"{med['pdfplumber'] - med['baseline']:.1f}", "info"])
    print(table(["process", "peak RSS MB", "above baseline MB", f"goal<={PEAK_GOAL_MB}"], rows, "lrrl"))
    print("\n(the concatenation holds several bulletins, so it reads as a bound volume: parse() still reads "
          "every page and returns the first issue)\n" if (info["parse"].get("parts") or 1) > 1 else "")
    return ok


def bench_flat(big: Path, pages: int) -> bool:
    print(f"## 3. RSS over {FLAT_PARSES} parses of the {pages}-page PDF in one process "
          f"(goal: RSS after parse {FLAT_PARSES} within {FLAT_GOAL:.0%} of RSS after parse 1)\n")
    r = child("repeat", big, str(FLAT_PARSES))
    first, first_gc, first_blocks = r["after"][0], r["after_gc"][0], r["blocks"][0]
    rows = [["before (imports only)", f"{r['before']:.1f}", "-", "-", "-", "-", "-"]]
    for i, (rss, rss_gc, blocks, secs) in enumerate(zip(r["after"], r["after_gc"], r["blocks"], r["seconds"]),
                                                    start=1):
        rows.append([f"parse {i}", f"{rss:.1f}", f"{(rss - first) / first:+.1%}", f"{rss_gc:.1f}",
                     f"{(rss_gc - first_gc) / first_gc:+.1%}", f"{blocks - first_blocks:+d}",
                     f"{secs / r['seconds'][0]:.2f}"])
    print(table(["point", "RSS MB after parse", "vs parse 1", "RSS MB after gc.collect()", "vs parse 1",
                 "live blocks vs parse 1", "time vs parse 1"], rows))
    growth = (r["after"][-1] - first) / first
    growth_gc = (r["after_gc"][-1] - first_gc) / first_gc
    last_step = (r["after"][-1] - r["after"][-2]) / first if len(r["after"]) > 1 else 0.0
    ok = growth <= FLAT_GOAL
    print(f"\ngrowth parse 1 -> {FLAT_PARSES}: {growth:+.1%} (goal column; after gc.collect(): {growth_gc:+.1%}); "
          f"last step {FLAT_PARSES - 1} -> {FLAT_PARSES}: {last_step:+.1%};\n"
          f"Python objects alive after gc (sys.getallocatedblocks) {r['blocks'][-1] - first_blocks:+d} blocks over "
          f"{FLAT_PARSES - 1} parses; process peak {r['peak_mb']:.1f} MB -> {'PASS' if ok else 'MISS'}\n")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="timed rounds per PDF (median reported)")
    ap.add_argument("--samples", type=Path, default=ROOT / "samples", help="folder of sample *.pdf")
    ap.add_argument("--pages", type=int, default=60, help="pages of the concatenated PDF for the memory checks")
    ap.add_argument("--no-memory", action="store_true", help="skip the memory checks (and the need for pypdf)")
    args = ap.parse_args(argv)
    if not args.no_memory:
        try:
            import pypdf  # noqa: F401
        except ImportError:
            print("bench_pdf.py needs pypdf to build the large PDF for the memory checks (an optional benchmark\n"
                  "dependency, not one of kexie_parse's):  .venv/bin/pip install pypdf\n"
                  "or run with --no-memory for the speed table only.", file=sys.stderr)
            return 2
    pdfs = sorted(args.samples.glob("*.pdf"))
    if not pdfs:
        print(f"no *.pdf samples in {args.samples}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    print(f"kexie_parse {kexie_parse.__version__} ({code_version()}), Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, runs={args.runs}\n")
    results: dict[str, bool] = {}
    with tempfile.TemporaryDirectory(prefix="kexie_bench_") as tmp:
        big = Path(tmp) / f"concat-{args.pages}p.pdf"
        if args.no_memory:
            results["speed ratio"] = bench_speed(pdfs, args.runs)
        else:
            used = build_big_pdf(pdfs, args.pages, big)
            print(f"(built {big.name}: {page_count(big)} pages, {big.stat().st_size / 1024:.0f} KB, from "
                  f"{', '.join(used)})\n")
            results["speed ratio"] = bench_speed(pdfs, args.runs, [(f"{big.name} (concat)", big)])
            results[f"peak RSS {args.pages} pages"] = bench_peak(big, args.pages)
            results["RSS flat over repeats"] = bench_flat(big, args.pages)
    print("## Summary\n")
    print(table(["check", "result"], [[k, "PASS" if v else "MISS"] for k, v in results.items()], "ll"))
    print(f"\n(benchmark took {time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
