"""OCR benchmark for kexie_parse (a script, not a test): speed and accuracy of each OCR engine on noisy scans.

    .venv/bin/python benchmarks/bench_ocr.py [--samples DIR] [--ids g01,p02] [--dpi 200] [--engines rapidocr,tesseract]
                                             [--volume 200]

Needs the OCR extra and img2pdf (`pip install -e '.[ocr]' img2pdf`); tesseract is measured where the
`tesseract` program with chi_sim is installed (Debian: tesseract-ocr tesseract-ocr-chi-sim).

1. scans: each sample NAME.pdf of --ids is photocopied by benchmarks/make_scans.py (render at --dpi, rotation,
   blur, uneven contrast, noise, specks) into an image-only PDF in a temp folder.
2. speed: every scanned page is read by each engine, alternating with pdfplumber's `extract_text()` of the same
   page of the text PDF (the reference: what reading that page costs when it has a text layer). Reported per
   engine: seconds per page (median over pages), and the median over pages of OCR time / pdfplumber time.
3. accuracy: each scan is parsed with `kexie_parse.parse(scan, ocr_engine=ENGINE)` (the engine's reading of
   step 2 is replayed, not run again) and scored against NAME.gold.json: body character accuracy (1 - edit
   distance / gold length over the article paragraphs joined, edits counted from difflib's alignment) and
   the structure score of tests/scoring.py (the mean of masthead, toc, sections, titles, body, paragraphs,
   attribution, colophon).
4. memory: RSS (VmRSS) after each page while the default engine reads the scans, and over a --volume-page
   image-only PDF (the scans' pages repeated) read with the engine's readings replayed, so rendering and line
   building of a long scanned volume are measured without hours of OCR. Goal: flat (last within 10 % of the
   first sample after warm-up).

Speed is reported as a ratio to the reference measured in the same run; seconds are printed for context.
"""
from __future__ import annotations

import argparse
import difflib
import hashlib
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, code_version, table  # also puts the project on sys.path

sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

FLAT_GOAL = 0.10
ACCURACY_GOAL = 0.98
STRUCTURE_GOAL = 0.90


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Replay:
    """An engine whose readings are recorded on first sight of a page's pixels and replayed after."""

    def __init__(self, engine):
        self.engine, self.name = engine, engine.name
        self.readings: dict[str, list] = {}
        self.order: list[str] = []
        self.rss: list[float] = []

    def read(self, image):
        key = hashlib.sha1(image.tobytes()).hexdigest()
        if key not in self.readings:
            self.readings[key] = self.engine.read(image)
            self.order.append(key)
        self.rss.append(rss_mb())
        return self.readings[key]


class Cycle:
    """Replays recorded readings in turn, whatever the page: a long volume without running the engine."""

    def __init__(self, name: str, readings: list):
        self.name, self.readings, self.rss, self.pages = name, readings, [], 0

    def read(self, image):
        self.rss.append(rss_mb())
        self.pages += 1
        return self.readings[(self.pages - 1) % len(self.readings)]


def body_accuracy(gold: dict, rec: dict) -> float:
    def body(r):
        return "".join("".join(p["text"].split()) for s in r.get("sections", []) for a in s.get("articles", [])
                       for p in a.get("paragraphs", []))
    g, p = body(gold), body(rec)
    ops = difflib.SequenceMatcher(None, g, p, autojunk=False).get_opcodes()
    edits = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")
    return 1 - edits / max(len(g), 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", type=Path, default=ROOT / "samples")
    ap.add_argument("--ids", default="g01,p02")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--engines", default="rapidocr,tesseract")
    ap.add_argument("--volume", type=int, default=200, help="pages of the replayed volume of the memory check")
    a = ap.parse_args()
    try:
        import img2pdf
        import pdfplumber
        import pypdfium2 as pdfium
        from make_scans import scan_pdf
    except ImportError as e:
        print(f"bench_ocr needs the OCR extra and img2pdf: pip install -e '.[ocr]' img2pdf ({e})", file=sys.stderr)
        return 2
    import kexie_parse
    from kexie_parse.sources import image as image_mod
    from kexie_parse.sources import ocr as ocr_mod
    from scoring import score

    engines = [e for e in a.engines.split(",") if e]
    missing = [e for e in engines if not ocr_mod.available(e)]
    if "rapidocr" in missing:
        print("bench_ocr needs the OCR extra: pip install -e '.[ocr]'", file=sys.stderr)
        return 2
    for e in missing:
        print(f"note: {e} is not installed; not measured", file=sys.stderr)
    engines = [e for e in engines if e not in missing]
    print(f"kexie_parse {code_version()}; engines {', '.join(engines)}; scans at {a.dpi} dpi of {a.ids}")

    tmp = Path(tempfile.mkdtemp(prefix="kexie-bench-ocr-"))
    ids = [i for i in a.ids.split(",") if i]
    scans = {}
    for sid in ids:
        scans[sid] = tmp / f"{sid}.scan.pdf"
        scan_pdf(a.samples / f"{sid}.pdf", scans[sid], dpi=a.dpi)

    # ---------------------------------------------------------------- 2. speed
    replays = {e: Replay(ocr_mod.get_engine(e)) for e in engines}
    t0 = time.perf_counter()
    from PIL import Image
    for rp in replays.values():   # model loading and first-call set-up are not per-page costs
        rp.read(Image.new("L", (400, 200), 255))
    load_s = time.perf_counter() - t0
    per_page: dict[str, list[float]] = {e: [] for e in engines}
    ref: list[float] = []
    ratios: dict[str, list[float]] = {e: [] for e in engines}
    for sid in ids:
        doc = pdfium.PdfDocument(str(scans[sid]))
        for k in range(len(doc)):
            page = doc[k]
            img = page.render(scale=a.dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            for e in engines:
                with pdfplumber.open(a.samples / f"{sid}.pdf") as text_pdf:   # opened afresh: nothing cached
                    t = time.perf_counter()
                    text_pdf.pages[k].extract_text()
                    ref_s = time.perf_counter() - t
                t = time.perf_counter()
                replays[e].read(img)
                ocr_s = time.perf_counter() - t
                ref.append(ref_s)
                per_page[e].append(ocr_s)
                ratios[e].append(ocr_s / ref_s)
            print(f"  {sid} page {k + 1}: " + ", ".join(f"{e} {per_page[e][-1]:.1f} s" for e in engines)
                  + f", pdfplumber {ref[-1] * 1000:.1f} ms", flush=True)
        doc.close()
    rows = [[e, len(per_page[e]), f"{statistics.median(per_page[e]):.2f}", f"{statistics.median(ref) * 1000:.1f}",
             f"{statistics.median(ratios[e]):.0f}"] for e in engines]
    print("\n1. speed (seconds per page; ratio = OCR time / pdfplumber extract_text time of the same page)")
    print(table(["engine", "pages", "OCR s/page", "pdfplumber ms/page", "ratio"], rows))
    print(f"(loading the engines took {load_s:.1f} s once)")

    # ---------------------------------------------------------------- 3. accuracy
    print("\n2. accuracy (parse of each scan with that engine, against the gold record)")
    rows = []
    summary: dict[str, tuple[float, float]] = {}
    for e in engines:
        image_mod.get_engine = lambda name="rapidocr", _rp=replays[e]: _rp
        accs, structs = [], []
        for sid in ids:
            gold = json.loads((a.samples / f"{sid}.gold.json").read_text(encoding="utf-8"))
            rec = kexie_parse.parse(scans[sid], enrich=False, ocr_engine=e).to_dict()
            acc, st = body_accuracy(gold, rec), score(gold, rec)["structure"]
            accs.append(acc)
            structs.append(st)
            rows.append([e, sid, f"{acc:.4f}", f"{st:.3f}", f"{rec['source']['ocr']['mean_confidence']:.3f}"])
        summary[e] = (statistics.mean(accs), statistics.mean(structs))
    print(table(["engine", "scan", "body char accuracy", "structure", "mean confidence"], rows))
    print(table(["engine", "mean body char accuracy", "mean structure"],
                [[e, f"{acc:.4f}", f"{st:.3f}"] for e, (acc, st) in summary.items()]))

    # ---------------------------------------------------------------- 4. memory
    print("\n3. memory (VmRSS in MB after each page read)")
    default = replays["rapidocr"]
    image_mod.get_engine = lambda name="rapidocr": default
    real = default.rss[1:1 + len(ref) // len(engines)]    # the pages of step 2, after the warm-up page
    print(f"real engine, {len(real)} pages: first {real[0]:.0f}, max {max(real):.0f}, last {real[-1]:.0f}")
    doc = pdfium.PdfDocument(str(scans[ids[0]]))
    blobs = []
    for k in range(len(doc)):
        img = doc[k].render(scale=1.0, grayscale=True).to_pil().convert("L")
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=60, dpi=(72, 72))   # A4 in points: rendered at 200 dpi like the scans
        blobs.append(buf.getvalue())
    doc.close()
    volume = tmp / "volume.pdf"
    volume.write_bytes(img2pdf.convert([blobs[k % len(blobs)] for k in range(a.volume)]))
    cycle = Cycle("rapidocr", [default.readings[key] for key in default.order[1:1 + len(blobs)]])
    image_mod.get_engine = lambda name="rapidocr": cycle
    kexie_parse.parse(volume, enrich=False, max_pages=max(500, a.volume))
    warm = cycle.rss[len(cycle.rss) // 10:]
    flat = (warm[-1] - warm[0]) / warm[0]
    step = max(1, len(cycle.rss) // 10)
    print(f"{a.volume}-page scanned volume (readings replayed): RSS every {step} pages: "
          + " ".join(f"{x:.0f}" for x in cycle.rss[::step]) + f"; last vs first after warm-up {flat:+.1%}")

    acc, st = summary["rapidocr"]
    checks = [("rapidocr body char accuracy", acc >= ACCURACY_GOAL, f"{acc:.4f} (goal >= {ACCURACY_GOAL})"),
              ("rapidocr structure", st >= STRUCTURE_GOAL, f"{st:.3f} (goal >= {STRUCTURE_GOAL})"),
              ("memory flat over the volume", abs(flat) <= FLAT_GOAL, f"{flat:+.1%} (goal within {FLAT_GOAL:.0%})")]
    print()
    for name, ok, what in checks:
        print(f"{'PASS' if ok else 'MISS'}  {name}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
