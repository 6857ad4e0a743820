"""Text-path benchmark for kexie_parse (a script, not a test).

    .venv/bin/python benchmarks/bench_text.py [--runs N] [--samples DIR]

Prints four tables:

1. parse speed: for every text sample NAME.KIND.txt, the median time of
   `kexie_parse.parse(path, enrich=False)` and its ratio to the reference, pdfplumber extracting the
   same bulletin's PDF (NAME.pdf: open, `page.extract_text()` over all pages, close). Parse and
   reference are timed alternately (A, B, A, B, ...) in this process; medians are compared.
   Goal: ratio <= 0.1.
2. import time of `kexie_parse` in fresh interpreters: `python -c "import kexie_parse"` minus
   `python -c "pass"` (alternated, median of 5), plus the cumulative figure `-X importtime` gives.
3. laziness: which heavy modules are in sys.modules after `import kexie_parse` (and after one text
   parse): jieba and pdfplumber must not be.
4. scaling: kx2023-03.blocks.txt with its articles (first article title up to the colophon line
   "编辑：") repeated 10x and 100x; time per KB relative to the 1x case. Goal: within 1.5x (linear).

Speed is only ever reported as ratios against a reference measured in the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, code_version, pdfplumber_extract, ratio_of, table  # also puts the project on sys.path

import kexie_parse  # noqa: E402  (pdfplumber and jieba load lazily, never here)

TEXT_GOAL = 0.1
IMPORT_RUNS = 5
SCALING_GOAL = 1.5
SCALING_FACTORS = (1, 10, 100)
SCALING_SAMPLE = "kx2023-03.blocks.txt"
MIN_MEASURE_S = 0.02  # one measurement loops a call until it lasts at least this long


# ---------------------------------------------------------------- timing helpers

def calibrate(fn) -> int:
    """How many calls one measurement makes so it lasts >= MIN_MEASURE_S (fast calls are noisy)."""
    t0 = time.perf_counter()
    fn()
    dt = time.perf_counter() - t0
    return max(1, min(1000, int(MIN_MEASURE_S / max(dt, 1e-6)) + 1))


def timed(fn, loops: int) -> float:
    """Seconds per call over `loops` calls."""
    t0 = time.perf_counter()
    for _ in range(loops):
        fn()
    return (time.perf_counter() - t0) / loops


def alternate(fns: list, runs: int) -> list[list[float]]:
    """Time the callables in turn (A, B, C, A, B, C, ...) for `runs` rounds: per callable, the seconds per
    call of each round. Round k of every callable ran back to back, so per-round ratios share conditions."""
    loops = [calibrate(f) for f in fns]  # doubles as a warm-up of every callable
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, f in enumerate(fns):
            samples[i].append(timed(f, loops[i]))
    return samples


med = statistics.median


def fmt_ms(s: float) -> str:
    return f"{s * 1000:9.2f}"


# ---------------------------------------------------------------- 1. parse speed vs pdfplumber

def bench_samples(samples: Path, runs: int) -> bool:
    texts = sorted(samples.glob("*.txt"))
    if not texts:
        print(f"no *.txt samples in {samples}")
        return False
    print(f"## 1. Text parse vs pdfplumber extract_text of the same bulletin's PDF  "
          f"(median of {runs} rounds, alternated; goal ratio <= {TEXT_GOAL})\n")
    by_name: dict[str, list[Path]] = {}
    for path in texts:
        by_name.setdefault(path.name.split(".", 1)[0], []).append(path)
    rows, ratios, ok = [], [], True
    for name, paths in by_name.items():
        pdf = samples / f"{name}.pdf"
        parsers = [lambda p=str(p): kexie_parse.parse(p, enrich=False) for p in paths]
        if pdf.exists():
            # one round: the reference, then every text form of this bulletin; ratios are paired per round
            ref, *parsed = alternate([lambda q=pdf: pdfplumber_extract(q)] + parsers, runs)
        else:
            ref, parsed = None, alternate(parsers, runs)
        for path, t in zip(paths, parsed):
            kb = path.stat().st_size / 1024
            if ref is None:
                rows.append([path.name, f"{kb:.1f}", fmt_ms(med(t)), "no pdf", "-", "-"])
                continue
            ratio = ratio_of(t, ref)
            ratios.append(ratio)
            verdict = "PASS" if ratio <= TEXT_GOAL else "MISS"
            ok &= verdict == "PASS"
            rows.append([path.name, f"{kb:.1f}", fmt_ms(med(t)), fmt_ms(med(ref)), f"{ratio:.4f}", verdict])
    print(table(["sample", "KB", "parse ms", "pdfplumber ms", "ratio", f"goal<={TEXT_GOAL}"], rows))
    if ratios:
        print(f"\nratio: median {statistics.median(ratios):.4f}, worst {max(ratios):.4f} "
              f"over {len(ratios)} samples -> {'PASS' if ok else 'MISS'}")
    print("(ratio = median over rounds of parse/pdfplumber timed back to back; the ms columns are medians and "
          "only this\nmachine's values in this run: the ratio is the reported figure)\n")
    return ok


# ---------------------------------------------------------------- 2. import time, 3. laziness

def _run(args: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=str(ROOT),
                          check=True)


def _wall(args: list[str]) -> float:
    t0 = time.perf_counter()
    _run(args)
    return time.perf_counter() - t0


def _importtime_us(stderr: str, module: str) -> int | None:
    """Cumulative microseconds `-X importtime` reports for a top-level module."""
    for line in stderr.splitlines():
        m = re.match(r"import time:\s*(\d+)\s*\|\s*(\d+)\s*\|(\s*)(\S+)\s*$", line)
        if m and m.group(4) == module and len(m.group(3)) == 1:
            return int(m.group(2))
    return None


def _importtime_top(stderr: str, n: int = 6) -> list[tuple[str, int]]:
    """The modules with the largest cumulative import time inside the kexie_parse import."""
    rows: list[tuple[str, int, int]] = []
    for line in stderr.splitlines():
        m = re.match(r"import time:\s*(\d+)\s*\|\s*(\d+)\s*\|(\s*)(\S+)\s*$", line)
        if not m:
            continue
        rows.append((m.group(4), int(m.group(2)), len(m.group(3))))
    # -X importtime prints children before their parent: take everything before the top-level kexie_parse
    # line and after the previous top-level line
    end = next((i for i, r in enumerate(rows) if r[0] == "kexie_parse" and r[2] == 1), None)
    if end is None:
        return []
    begin = max((i for i in range(end) if rows[i][2] == 1), default=-1) + 1
    inside = sorted(rows[begin:end], key=lambda r: -r[1])
    return [(name, us) for name, us, _ in inside[:n]]


def bench_import() -> None:
    print(f"## 2. Import time of kexie_parse in fresh interpreters (median of {IMPORT_RUNS}, alternated)\n")
    base, full, cum = [], [], []
    last_stderr = ""
    for _ in range(IMPORT_RUNS):
        base.append(_wall(["-c", "pass"]))
        full.append(_wall(["-c", "import kexie_parse"]))
        last_stderr = _run(["-X", "importtime", "-c", "import kexie_parse"]).stderr
        cum.append(_importtime_us(last_stderr, "kexie_parse"))
    b, f = statistics.median(base), statistics.median(full)
    cums = [c for c in cum if c is not None]
    rows = [["python -c pass (reference)", fmt_ms(b), "1.00"],
            ["python -c 'import kexie_parse'", fmt_ms(f), f"{f / b:.2f}"],
            ["difference = import cost", fmt_ms(f - b), f"{(f - b) / b:.2f}"]]
    if cums:
        c = statistics.median(cums) / 1e6
        rows.append(["-X importtime cumulative, kexie_parse", fmt_ms(c), f"{c / b:.2f}"])
    print(table(["measurement", "ms", "x interpreter start"], rows))
    top = _importtime_top(last_stderr)
    if top:
        print("\nlargest nested imports (cumulative, last -X importtime run): "
              + ", ".join(f"{name} {us / 1000:.1f} ms" for name, us in top))
    print()


LAZY_PROBE = r"""
import json, sys
heavy = ["jieba", "pdfplumber", "pdfminer", "pypdfium2", "PIL"]
import kexie_parse
after_import = {m: m in sys.modules for m in heavy}
kexie_parse.parse(sys.argv[1], enrich=False)
after_parse = {m: m in sys.modules for m in heavy}
print(json.dumps({"import": after_import, "parse": after_parse}))
"""


def check_lazy(samples: Path) -> bool:
    print("## 3. Heavy modules in sys.modules (fresh interpreter)\n")
    probe = next(iter(sorted(samples.glob("*.txt"))), None)
    if probe is None:
        print("no text sample to probe with\n")
        return False
    res = json.loads(_run(["-c", LAZY_PROBE, str(probe)]).stdout)
    rows = []
    for mod in res["import"]:
        must = mod in ("jieba", "pdfplumber")
        rows.append([mod, "yes" if res["import"][mod] else "no", "yes" if res["parse"][mod] else "no",
                     "must not load" if must else "info"])
    print(table(["module", "after import kexie_parse", f"after parse({probe.name}, enrich=False)", "rule"],
                rows, "lrrl"))
    bad = [m for m in ("jieba", "pdfplumber") if res["import"][m]]
    ok = not bad
    print(f"\nimport kexie_parse loads jieba/pdfplumber: {', '.join(bad) if bad else 'neither'} "
          f"-> {'PASS' if ok else 'MISS'}\n")
    return ok


# ---------------------------------------------------------------- 4. scaling

def article_span(lines: list[str]) -> tuple[int, int]:
    """[start, end) of the article part: the first article's title line up to the "编辑：" colophon line."""
    toc = [i for i, ln in enumerate(lines) if re.match(r"\s*[-•·]\s*\S", ln)]
    end = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("编辑："))
    if toc:
        first_title = re.sub(r"^\s*[-•·]\s*", "", lines[toc[0]]).strip()
        after = toc[-1] + 1
        start = next((i for i in range(after, end) if lines[i].strip() == first_title), None)
        if start is None:  # fall back: the first non-empty line after the TOC
            start = next(i for i in range(after, end) if lines[i].strip())
    else:
        raise SystemExit("cannot find the table of contents in the scaling sample")
    return start, end


def bench_scaling(samples: Path, runs: int) -> bool:
    src = samples / SCALING_SAMPLE
    print(f"## 4. Scaling: {SCALING_SAMPLE} with its articles repeated k times "
          f"(median of {runs}, alternated; goal: time/KB within {SCALING_GOAL}x of 1x)\n")
    if not src.exists():
        print(f"{src} missing\n")
        return False
    text = src.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start, end = article_span(lines)
    head, body, tail = "".join(lines[:start]), "".join(lines[start:end]), "".join(lines[end:])
    with tempfile.TemporaryDirectory(prefix="kexie_bench_") as tmp:
        paths = {}
        for k in SCALING_FACTORS:
            p = Path(tmp) / f"x{k}.blocks.txt"
            p.write_text(head + body * k + tail, encoding="utf-8")
            paths[k] = p
        n_articles = {k: len(kexie_parse.parse(str(p), enrich=False).articles) for k, p in paths.items()}
        rounds = alternate([lambda p=str(p): kexie_parse.parse(p, enrich=False) for p in paths.values()], runs)
        sizes = {k: p.stat().st_size / 1024 for k, p in paths.items()}
    per_kb_rounds = {k: [t / sizes[k] for t in ts] for k, ts in zip(SCALING_FACTORS, rounds)}
    per_kb = {k: med(v) for k, v in per_kb_rounds.items()}
    times = [med(ts) for ts in rounds]
    rows, ok = [], True
    for k, t in zip(SCALING_FACTORS, times):
        rel = ratio_of(per_kb_rounds[k], per_kb_rounds[1])
        verdict = "PASS" if rel <= SCALING_GOAL else "MISS"
        if k != 1:
            ok &= verdict == "PASS"
        rows.append([f"{k}x", f"{sizes[k]:.0f}", n_articles[k], fmt_ms(t), f"{per_kb[k] * 1e6:.1f}",
                     f"{rel:.2f}", verdict if k != 1 else "(ref)"])
    print(table(["articles", "KB", "articles parsed", "parse ms", "us/KB", "per-KB vs 1x",
                 f"goal<={SCALING_GOAL}"], rows))
    print(f"\n(article part = lines {start + 1}..{end} of {SCALING_SAMPLE}; scaling -> {'PASS' if ok else 'MISS'})\n")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="timed rounds per measurement (median reported)")
    ap.add_argument("--samples", type=Path, default=ROOT / "samples", help="folder of NAME.*.txt and NAME.pdf")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    print(f"kexie_parse {kexie_parse.__version__} ({code_version()}), Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, runs={args.runs}\n")
    results = {
        "text parse ratio": bench_samples(args.samples, args.runs),
        "lazy imports": None,
        "scaling": None,
    }
    bench_import()
    results["lazy imports"] = check_lazy(args.samples)
    results["scaling"] = bench_scaling(args.samples, args.runs)
    print("## Summary\n")
    print(table(["check", "result"], [[k, "PASS" if v else "MISS"] for k, v in results.items()], "ll"))
    print(f"\n(benchmark took {time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
