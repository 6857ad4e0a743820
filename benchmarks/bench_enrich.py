#!/usr/bin/env python3
"""Benchmark enrichment against plain jieba segmentation of the same text.

For every bulletin of the gold samples (../shared/samples/*.gold.json or the project's samples/):
the time of `enrich(bulletin)` over the time of `jieba.lcut` on the same article text, both in
the same run after warm-up, best of interleaved rounds (goal: ratio <= 2). jieba's one-time load (default tokenizer) and
kexie_parse's one-time load (private tokenizer, dictionary tags, IDF table) are reported apart.

Usage: python benchmarks/bench_enrich.py [SAMPLES_DIR] [--repeat N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kexie_parse.enrich import enrich  # noqa: E402
from kexie_parse.enrich.resources import engine  # noqa: E402
from kexie_parse.enrich.text import article_text  # noqa: E402
from kexie_parse.model import Article, Bulletin, Masthead, Paragraph, Section, Source  # noqa: E402

GOAL = 2.0
"""Largest acceptable enrich / jieba.lcut time ratio."""


def find_samples(explicit: str | None) -> Path:
    """The folder holding *.gold.json: the argument, ../shared/samples, or the project's samples/."""
    candidates = [Path(explicit)] if explicit else [ROOT.parent / "shared" / "samples", ROOT / "samples"]
    for folder in candidates:
        if any(folder.glob("*.gold.json")):
            return folder
    raise SystemExit(f"no *.gold.json in {', '.join(str(c) for c in candidates)}")


def bulletin_from_gold(path: Path) -> Bulletin:
    """A Bulletin with the masthead and articles of a gold file (enrichment fields left empty)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    sections, n = [], 0
    for s_index, section in enumerate(gold["sections"], 1):
        articles = []
        for art in section["articles"]:
            n += 1
            paragraphs = [Paragraph(text=p["text"] if isinstance(p, dict) else p) for p in art["paragraphs"]]
            articles.append(Article(id=f"a{n}", title=art["title"], subtitle=art.get("subtitle"),
                                    editor_note=art.get("editor_note"), paragraphs=paragraphs,
                                    attribution=list(art.get("attribution") or []),
                                    contributors=list(art.get("contributors") or [])))
        sections.append(Section(id=f"s{s_index}", name=section.get("name"), marker=section.get("marker"),
                                articles=articles))
    m = gold["masthead"]
    return Bulletin(source=Source(name=path.name, sha256="", kind="text"),
                    masthead=Masthead(title=m.get("title"), year=m.get("year"), date=m.get("date")),
                    sections=sections)


def timed(func: Callable[[], object]) -> float:
    """Wall time of one call of `func`, in seconds."""
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def best_times(first: Callable[[], object], second: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best (least disturbed) time of each of two functions over `repeat` interleaved rounds.

    Interleaving exposes both to the same machine load; the minimum is the run least slowed by
    other processes, the usual estimate for a CPU-bound function.
    """
    times = [(timed(first), timed(second)) for _ in range(repeat)]
    return min(t[0] for t in times), min(t[1] for t in times)


def main() -> int:
    """Run the benchmark, print the table; exit status 1 when a ratio exceeds the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="?")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    bulletins = [(p.name[: -len(".gold.json")], bulletin_from_gold(p))
                 for p in sorted(find_samples(args.samples).glob("*.gold.json"))]

    started = time.perf_counter()
    import jieba

    jieba.setLogLevel(30)
    jieba.initialize()
    jieba_load = time.perf_counter() - started
    started = time.perf_counter()
    engine()
    enrich_load = time.perf_counter() - started

    print(f"one-time load: jieba default tokenizer {jieba_load * 1000:.0f} ms, "
          f"kexie_parse.enrich engine {enrich_load * 1000:.0f} ms")
    print(f"{'bulletin':<14}{'articles':>9}{'chars':>8}{'lcut ms':>10}{'enrich ms':>11}{'ratio':>8}")
    worst = 0.0
    for name, bulletin in bulletins:
        texts = [article_text(a) for a in bulletin.articles]
        enrich(bulletin)  # warm-up
        jieba.lcut(texts[0])
        lcut, enriched = best_times(lambda: [jieba.lcut(t) for t in texts], lambda: enrich(bulletin), args.repeat)
        ratio = enriched / lcut
        worst = max(worst, ratio)
        print(f"{name:<14}{len(texts):>9}{sum(map(len, texts)):>8}{lcut * 1000:>10.2f}"
              f"{enriched * 1000:>11.2f}{ratio:>8.2f}")
    print(f"worst ratio {worst:.2f} (goal <= {GOAL})")
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
