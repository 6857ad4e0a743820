"""Write the other-producer inputs of bulletin specs.  See README.md beside this file.

Usage: python -m tools.producers OUTDIR SPEC.json... [--only word,gongwen,web]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import gold_of, load_spec, rng_for, title_pages
from .convert import docx_to_pdf, html_to_pdf
from .web import build_html
from .word import build_docx

PRODUCERS = ("word", "gongwen", "web")


def write_docx(spec: dict, kind: str, outdir: Path) -> Path:
    """ID.KIND.docx and ID.KIND.pdf; a TOC with page numbers gets them from a first conversion."""
    sid = spec["id"]
    docx = outdir / f"{sid}.{kind}.docx"
    build_docx(spec, kind, rng_for(spec, kind)).save(docx)
    docx_to_pdf([docx], outdir)
    if spec.get("toc") and spec["layout"]["toc_style"] == "pages":
        pages = title_pages(outdir / f"{sid}.{kind}.pdf", spec)
        build_docx(spec, kind, rng_for(spec, kind), pages).save(docx)
        docx_to_pdf([docx], outdir)
    return docx


def write_web(spec: dict, outdir: Path) -> None:
    """ID.web.html and ID.chrome.pdf (the page printed by Chromium)."""
    sid = spec["id"]
    rng = rng_for(spec, "web")
    data, _encoding = build_html(spec, rng)
    page = outdir / f"{sid}.web.html"
    page.write_bytes(data)
    year = spec["masthead"].get("year") or 2024
    site_path = f"www.kx{sid}.org.cn/gzdt/gzjb/{year}/t{year}0{rng.randint(100, 999)}_{rng.randint(100000, 999999)}.html"
    html_to_pdf(page, outdir / f"{sid}.chrome.pdf", site_path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("specs", nargs="+")
    ap.add_argument("--only", default=",".join(PRODUCERS), help="comma-separated: word,gongwen,web")
    a = ap.parse_args(argv)
    outdir = Path(a.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    only = [x for x in a.only.split(",") if x]
    for f in a.specs:
        spec = load_spec(Path(f))
        sid = spec["id"]
        (outdir / f"{sid}.gold.json").write_text(json.dumps(gold_of(spec), ensure_ascii=False, indent=1),
                                                 encoding="utf-8")
        for kind in only:
            if kind == "web":
                write_web(spec, outdir)
            elif kind in ("word", "gongwen"):
                write_docx(spec, kind, outdir)
            else:
                print(f"unknown producer {kind}", file=sys.stderr)
                return 2
        print(f"{sid}: {', '.join(only)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
