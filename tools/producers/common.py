"""What every producer shares: reading a spec, its gold record, seeded choices, TOC entry surfaces."""
from __future__ import annotations

import importlib.util
import json
import random
import re
import subprocess
from functools import lru_cache
from pathlib import Path

#: The shared renderer whose gold_of(spec) defines the expected record (imported, never copied).
RENDER_PY = Path("/work/shared/eval/render.py")


@lru_cache(maxsize=1)
def _render_module():
    spec = importlib.util.spec_from_file_location("kexie_shared_render", RENDER_PY)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {RENDER_PY}: the gold record comes from its gold_of(spec)")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold_of(spec: dict) -> dict:
    """The gold record of a spec, as the shared renderer defines it."""
    return _render_module().gold_of(spec)


def load_spec(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def rng_for(spec: dict, producer: str) -> random.Random:
    """One seeded generator per (spec, producer): the same spec always gives the same file."""
    return random.Random(f"{spec['id']}/{producer}")


def toc_entry_surface(style: str, number: int, entry: str) -> str:
    """How a TOC entry is printed in the dash/bullet/number styles (pages style is laid out by each producer)."""
    if style == "bullet":
        return "● " + entry
    if style == "number":
        return f"{number}. {entry}"
    if style == "dash":
        return "- " + entry
    return entry


def page_number_parts(fmt: str | None) -> tuple[str, str] | None:
    """'— {n} —' -> ('— ', ' —'): the text before and after the page number field."""
    if not fmt:
        return None
    before, _, after = fmt.partition("{n}")
    return before, after


def final_paragraphs(article: dict) -> list[str]:
    """The body as printed: an inline attribution appended to the last paragraph."""
    paras = list(article["paragraphs"])
    at = article.get("attribution")
    if at and at["placement"] == "inline":
        paras[-1] = paras[-1] + at["surface"]
    return paras


_WS = re.compile(r"\s+")


def pdf_pages_text(pdf: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext), whitespace removed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [_WS.sub("", p) for p in out.stdout.split("\f")]


def title_pages(pdf: Path, spec: dict) -> dict[str, int]:
    """Page (1-based) where each TOC entry's article or section starts, read back from a rendered PDF.

    The first occurrence of an entry is the TOC itself, so each is searched after the TOC's last entry."""
    pages = pdf_pages_text(pdf)
    starts, pos = [], 0
    for p in pages:
        starts.append(pos)
        pos += len(p)
    whole = "".join(pages)
    entries = (spec.get("toc") or {}).get("entries", [])
    if not entries:
        return {}
    last = _WS.sub("", entries[-1])
    cursor = whole.find(last)
    cursor = cursor + len(last) if cursor >= 0 else 0
    markers = {s["name"]: s["marker"] for s in spec["sections"] if s["name"]}
    result = {}
    for e in entries:
        key = _WS.sub("", markers.get(e) or e)
        at = whole.find(key[:18], cursor)
        if at < 0:
            at = whole.find(_WS.sub("", e)[:12], cursor)
        page = 1
        for i, s in enumerate(starts):
            if at >= s:
                page = i + 1
        result[e] = page
    return result
