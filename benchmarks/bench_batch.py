"""Batch benchmark for `kexie-parse batch` (a script, not a test).

    .venv/bin/python benchmarks/bench_batch.py [--files 40] [--runs 2] [--enrich] [--sizes 10,20,40]

Inputs are copies of the first 10 sample PDFs (samples/*.pdf in name order, under new names: a batch
of N files holds each of them N/10 times, so every batch size has the same mix). Every run is the real command in a fresh subprocess with a fresh output
folder (`kexie-parse batch IN --out OUT --jobs J --no-progress [--no-enrich]`).

Prints:

1. throughput: FILES PDFs with `--jobs 1` and with `--jobs 2`, alternated (1, 2, 1, 2, ...) for
   RUNS rounds; files per second from the batch's own clock (report.json "seconds": collecting,
   converting, writing JSON, archive and articles.jsonl) and from the wall clock of the whole
   command (interpreter start included). Speedup = jobs-2 rate / jobs-1 rate (median).
   Goal on 2 cores: >= 1.7. Next to it, the machine's own ceiling measured in the same rounds: a
   pure-Python loop of fixed work in a pool of 1 process and of 2 (on a VM whose host lends less
   than two full cores this ceiling is itself below 2, and the batch cannot beat it).
2. peak memory of the whole batch (the command and all its workers) at 10, 20 and 40 files with
   `--jobs 2`: the process tree is sampled every 20 ms from /proc; "RSS sum" adds the resident sets
   (pages shared between the forked workers counted in each), "PSS sum" shares them out
   (/proc/PID/smaps_rollup). Goal: flat in the number of files (40-file peak within ~10% of the
   10-file peak).
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SPEEDUP_GOAL = 1.7
FLAT_GOAL = 0.10


DISTINCT = 10


def _spin(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    return s


def cpu_ceiling(work: int = 8_000_000, chunks: int = 4) -> float:
    """Speedup of fixed pure-Python work in 2 processes over 1: what the machine gives right now."""
    from concurrent.futures import ProcessPoolExecutor
    times = {}
    for jobs in (1, 2):
        with ProcessPoolExecutor(jobs) as ex:
            list(ex.map(_spin, [10] * jobs))  # workers started
            t0 = time.perf_counter()
            list(ex.map(_spin, [work] * chunks))
            times[jobs] = time.perf_counter() - t0
    return times[1] / times[2]


def make_inputs(folder: Path, n: int) -> Path:
    pdfs = sorted(SAMPLES.glob("*.pdf"))[:DISTINCT]
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        src = pdfs[k % len(pdfs)]
        shutil.copy(src, folder / f"{k:03d}-{src.stem}.pdf")
    return folder


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as f:
                stat = f.read().decode("ascii", "replace")
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        tree.setdefault(ppid, []).append(int(d))
    return tree


def _field_kb(path: str, name: str) -> int:
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Peak RSS and PSS sums of a process and its descendants."""

    def __init__(self, pid: int, every: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_rss = self.peak_pss = 0
        self.peak_procs = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            tree = _children()
            pids, todo = [], [self.pid]
            while todo:
                p = todo.pop()
                pids.append(p)
                todo.extend(tree.get(p, []))
            rss = sum(_field_kb(f"/proc/{p}/status", "VmRSS:") for p in pids)
            pss = sum(_field_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_procs = max(self.peak_procs, len(pids))
            self.stop.wait(self.every)


def run_batch(inputs: Path, out: Path, jobs: int, enrich: bool, sample: bool = False) -> dict:
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "kexie_parse", "batch", str(inputs), "--out", str(out), "--jobs", str(jobs),
           "--no-progress"] + ([] if enrich else ["--no-enrich"])
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid) if sample else None
    if sampler:
        sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    if sampler:
        sampler.stop.set()
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"batch failed ({proc.returncode}):\n{err}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    n = report["counts"]["ok"]
    res = {"files": n, "wall": wall, "seconds": report["seconds"], "issues": report["issues"],
           "articles": report["articles"]}
    if sampler:
        res.update(rss_mb=sampler.peak_rss / 1024, pss_mb=sampler.peak_pss / 1024, procs=sampler.peak_procs)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=40, help="PDFs in the throughput batch (default 40)")
    ap.add_argument("--runs", type=int, default=2, help="alternated rounds of jobs 1 / jobs 2 (default 2)")
    ap.add_argument("--sizes", default="10,20,40", help="batch sizes of the memory table (default 10,20,40)")
    ap.add_argument("--enrich", action="store_true", help="with enrichment (jieba) instead of --no-enrich")
    args = ap.parse_args()
    print(f"kexie-parse batch benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"{'with' if args.enrich else 'without'} enrichment")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        tmp_path = Path(tmp)
        inputs = make_inputs(tmp_path / f"in{args.files}", args.files)
        rates: dict[int, list[dict]] = {1: [], 2: []}
        ceilings = []
        for _ in range(args.runs):
            ceilings.append(cpu_ceiling())
            for jobs in (1, 2):
                rates[jobs].append(run_batch(inputs, tmp_path / "out", jobs, args.enrich))
            ceilings.append(cpu_ceiling())
        print(f"\n1. throughput, {args.files} PDFs (median of {args.runs})")
        print(f"{'jobs':>4} | {'batch s':>8} | {'files/s':>8} | {'wall s':>7} | {'files/s (wall)':>14} | issues | articles")
        med = {}
        for jobs in (1, 2):
            rs = rates[jobs]
            s = statistics.median(r["seconds"] for r in rs)
            w = statistics.median(r["wall"] for r in rs)
            med[jobs] = (args.files / s, args.files / w)
            print(f"{jobs:>4} | {s:8.2f} | {args.files / s:8.2f} | {w:7.2f} | {args.files / w:14.2f} | "
                  f"{rs[0]['issues']:>6} | {rs[0]['articles']:>8}")
        speedup, speedup_wall = med[2][0] / med[1][0], med[2][1] / med[1][1]
        ceiling = statistics.median(ceilings)
        per_round = [r1["seconds"] / r2["seconds"] for r1, r2 in zip(rates[1], rates[2])]
        print(f"speedup jobs 2 / jobs 1: {speedup:.2f} (batch clock), {speedup_wall:.2f} (wall clock); "
              f"goal >= {SPEEDUP_GOAL}: {'met' if speedup >= SPEEDUP_GOAL else 'NOT met'}")
        print(f"per round: {', '.join(f'{x:.2f}' for x in per_round)}")
        print(f"machine ceiling (pure-Python loop, 2 processes / 1): {ceiling:.2f} "
              f"(rounds: {', '.join(f'{c:.2f}' for c in ceilings)}); batch speedup / ceiling: {speedup / ceiling:.0%}")

        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
        print("\n2. peak memory of the whole batch, --jobs 2")
        print(f"{'files':>5} | {'processes':>9} | {'RSS sum MB':>10} | {'PSS sum MB':>10} | {'batch s':>7}")
        peaks = []
        for n in sizes:
            folder = make_inputs(tmp_path / f"mem{n}", n)
            r = run_batch(folder, tmp_path / "out", 2, args.enrich, sample=True)
            peaks.append(r)
            print(f"{n:>5} | {r['procs']:>9} | {r['rss_mb']:10.1f} | {r['pss_mb']:10.1f} | {r['seconds']:7.2f}")
        growth = peaks[-1]["pss_mb"] / peaks[0]["pss_mb"] - 1 if peaks and peaks[0]["pss_mb"] else 0.0
        growth_rss = peaks[-1]["rss_mb"] / peaks[0]["rss_mb"] - 1 if peaks and peaks[0]["rss_mb"] else 0.0
        print(f"growth {sizes[0]} -> {sizes[-1]} files: PSS {growth:+.1%}, RSS {growth_rss:+.1%}; goal within "
              f"{FLAT_GOAL:.0%}: {'met' if max(growth, growth_rss) <= FLAT_GOAL else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
