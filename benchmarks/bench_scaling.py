"""How parse time grows with input size: time per KB at 10 KB, 100 KB, 1 MB and 5 MB, relative to 10 KB.

Three shapes of input, each built from samples/kx2023-03.blocks.txt:
  bulletin   a real bulletin whose articles are repeated until the size is reached;
  one-line   the same text with every newline removed (a converter that lost them);
  long-line  lines of 100,000 characters of prose.
Goal: time per KB within 1.5x of the 10 KB case at every size (linear growth).

Usage: python benchmarks/bench_scaling.py [--runs N] [--max-mb 5]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import kexie_parse

ROOT = Path(__file__).resolve().parent.parent
SIZES = [10_000, 100_000, 1_000_000, 5_000_000]
GOAL = 1.5


def bulletin_of_size(text: str, size: int) -> str:
    head, rest = text.split("目录提要", 1)
    toc_end = rest.index("\n\n", rest.index("- 基层组织动态"))
    body, tail = rest[toc_end:].split("编辑：", 1)
    out = head + "目录提要" + rest[:toc_end]
    while len(out.encode()) < size:
        out += body
    return out + "编辑：" + tail


def shapes(size: int, sample: str) -> dict[str, str]:
    b = bulletin_of_size(sample, size)
    prose = sample.split("\n\n", 30)[-1].replace("\n", "")
    line = (prose * (100_000 // len(prose) + 1))[:100_000]
    n_lines = max(1, size // len(line.encode()))
    long_lines = "\n".join([line] * n_lines) if size >= 300_000 else line[: size // 3]
    return {"bulletin": b, "one-line": b.replace("\n", ""), "long-line": long_lines}


def timed(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        kexie_parse.parse(kexie_parse.TextInput(text), enrich=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-mb", type=float, default=5)
    a = ap.parse_args()
    sample = (ROOT / "samples" / "kx2023-03.blocks.txt").read_text(encoding="utf-8")
    sizes = [s for s in SIZES if s <= a.max_mb * 1_000_000]
    print(f"{'shape':10s} {'size':>9s} {'KB':>8s} {'median s':>9s} {'ms/KB':>8s} {'vs 10KB':>8s}")
    worst = 0.0
    for shape in ("bulletin", "one-line", "long-line"):
        base = None
        for size in sizes:
            text = shapes(size, sample)[shape]
            kb = len(text.encode()) / 1000
            t = timed(text, a.runs * (5 if size < 1_000_000 else 1))
            per_kb = 1000 * t / kb
            base = base or per_kb
            ratio = per_kb / base
            worst = max(worst, ratio)
            print(f"{shape:10s} {size:9d} {kb:8.0f} {t:9.3f} {per_kb:8.3f} {ratio:8.2f}")
    print(f"\nworst time-per-KB ratio to the 10 KB case: {worst:.2f} (goal <= {GOAL}): {'PASS' if worst <= GOAL else 'MISS'}")


if __name__ == "__main__":
    main()
