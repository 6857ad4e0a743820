"""Helpers shared by the benchmark scripts: alternated timing, ratios, the pdfplumber reference, tables."""
from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def ratio_of(a: list[float], b: list[float]) -> float:
    """Median over rounds of a[k] / b[k] (paired, so a load change between rounds cancels out)."""
    return statistics.median(x / y for x, y in zip(a, b))


def pdfplumber_extract(pdf_path: Path) -> int:
    """The reference: what pdfplumber itself costs to get the text out of the whole PDF."""
    import pdfplumber
    n = 0
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_text() or "")
    return n


def table(headers: list[str], rows: list[list], aligns: str | None = None) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    aligns = aligns or "l" + "r" * (len(headers) - 1)

    def line(r):
        return "  ".join(c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(r, widths, aligns))
    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def code_version() -> str:
    """The commit measured, read-only (git rev-parse / status); '+local changes' when kexie_parse differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "kexie_parse"], cwd=ROOT, capture_output=True,
                               text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown commit"
    return (f"commit {head}" + (" +local changes" if dirty else "")) if head else "unknown commit"
