"""Markdown tables from `run_eval.py --detail` outputs, for benchmarks/generalisation.md.

Usage: python -m tools.producers.summarise BATCH=EVAL.txt...  (e.g. old=/work/corpus/old.eval.txt)
Prints one row per batch x variant (structure, whole, paragraphs, people, dates), a row per batch over
the inputs the parser can open today (PDF and text; .docx/.html need adapters), and the worst cases.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

KEYS = ("structure", "whole", "masthead", "toc", "sections", "titles", "body", "paragraphs", "attribution",
        "colophon", "people", "dates")
SHOWN = ("structure", "whole", "paragraphs", "people", "dates")
CASE_ROW = re.compile(r"^(\w+)\.(\w+)\s+((?:\d\.\d{3}\s*){12})")  # "x01.word  0.633 0.000 ..." (one case)
WORST_SHOWN = 12


def cases(path: Path) -> list[tuple[str, str, dict]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = CASE_ROW.match(line)
        if m:
            out.append((m.group(1), m.group(2), dict(zip(KEYS, map(float, m.group(3).split())))))
    return out


def mean(rows: list[dict], key: str) -> float:
    return sum(r[key] for r in rows) / max(1, len(rows))


def main(argv: list[str]) -> None:
    print("| batch | variant | cases | " + " | ".join(SHOWN) + " |")
    print("|---|---|---|" + "---|" * len(SHOWN))
    worst = []
    for arg in argv:
        batch, _, path = arg.partition("=")
        rows = cases(Path(path))
        by_variant: dict[str, list[dict]] = {}
        for sid, variant, m in rows:
            by_variant.setdefault(variant, []).append(m)
            if not variant.endswith(("_docx", "_html")):
                worst.append((m["structure"], batch, f"{sid}.{variant}", m))
        for variant, ms in sorted(by_variant.items()):
            print(f"| {batch} | {variant} | {len(ms)} | " + " | ".join(f"{mean(ms, k):.3f}" for k in SHOWN) + " |")
        readable = [m for _, v, m in rows if not v.endswith(("_docx", "_html"))]
        print(f"| {batch} | **PDF + text** | {len(readable)} | "
              + " | ".join(f"**{mean(readable, k):.3f}**" for k in SHOWN) + " |")
    print()
    print("| worst PDF/text cases | " + " | ".join(k[:6] for k in KEYS) + " |")
    print("|---|" + "---|" * len(KEYS))
    for _, batch, name, m in sorted(worst, key=lambda x: x[0])[:WORST_SHOWN]:
        print(f"| {batch}/{name} | " + " | ".join(f"{m[k]:.2f}" for k in KEYS) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
