"""Photocopy-like scans of bulletin PDFs: the test inputs of the OCR path (a script, not a test).

    .venv/bin/python benchmarks/make_scans.py OUT_DIR PDF... [--dpi 200] [--seed 1] [--pages N] [--images png|jpeg]

Each PDF's pages are rendered with pypdfium2 at DPI in grayscale, then made to look like a page that went
through a photocopier and a scanner (Pillow + numpy): a slight rotation (ROTATION_DEG), a blur, uneven
contrast (a brightness gradient across the page and a greyed background), gaussian noise and dark specks.
The pages are written back as an image-only PDF (JPEG pages, img2pdf) OUT_DIR/NAME.scan.pdf, or with
--images as grayscale page images OUT_DIR/NAME.pN.png|jpg. The noise is drawn from a generator seeded with --seed
and the file name, so a rerun gives the same scan.

Needs the OCR extra's image stack: `pip install -e '.[ocr]' img2pdf` (img2pdf only for the PDF output).
"""
from __future__ import annotations

import argparse
import io
import zlib
from pathlib import Path

ROTATION_DEG = (0.3, 1.5)        # degrees: the page is turned by a random angle in this range, either way
BLUR_RADIUS = (0.5, 0.9)         # pixels at 200 dpi: gaussian blur of the toner edges
NOISE_SIGMA = (6.0, 12.0)        # grey levels: gaussian noise over the page
SPECKS_PER_MPX = (60, 160)       # dark specks per million pixels (dust and toner spots)
SPECK_RADIUS = (0.6, 2.2)        # pixels: radius of a speck
GRADIENT_DROP = (0.10, 0.25)     # share of brightness lost from one edge of the page to the other
PAPER_GREY = (225, 245)          # grey level of the paper (never pure white on a photocopy)
INK_GREY = (15, 45)              # grey level of the darkest toner
JPEG_QUALITY = 80                # the scanner's JPEG compression


def _uniform(rng, bounds: tuple[float, float]) -> float:
    return float(rng.uniform(*bounds))


def photocopy(page, rng, dpi: int):
    """One rendered grayscale page (PIL "L") -> the same page as a noisy photocopied scan (PIL "L")."""
    import numpy as np
    from PIL import Image, ImageFilter
    scale = dpi / 200.0
    angle = _uniform(rng, ROTATION_DEG) * (1 if rng.random() < 0.5 else -1)
    img = page.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(_uniform(rng, BLUR_RADIUS) * scale))
    a = np.asarray(img, dtype=np.float32) / 255.0           # 1 paper, 0 ink
    paper, ink = _uniform(rng, PAPER_GREY), _uniform(rng, INK_GREY)
    a = ink + a * (paper - ink)
    h, w = a.shape
    # uneven contrast: brightness falls off along a random direction across the page
    theta = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ramp = (np.cos(theta) * xx / w + np.sin(theta) * yy / h)
    ramp = (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1e-6)
    a *= 1.0 - _uniform(rng, GRADIENT_DROP) * ramp
    a += rng.normal(0.0, _uniform(rng, NOISE_SIGMA), size=a.shape).astype(np.float32)
    # specks: small dark discs scattered over the page
    n = int(_uniform(rng, SPECKS_PER_MPX) * h * w / 1e6)
    for _ in range(n):
        cy, cx = int(rng.integers(0, h)), int(rng.integers(0, w))
        r = _uniform(rng, SPECK_RADIUS) * scale
        ri = int(r) + 1
        y0, y1, x0, x1 = max(0, cy - ri), min(h, cy + ri + 1), max(0, cx - ri), min(w, cx + ri + 1)
        disc = (yy[y0:y1, x0:x1] - cy) ** 2 + (xx[y0:y1, x0:x1] - cx) ** 2 <= r * r
        a[y0:y1, x0:x1][disc] = np.minimum(a[y0:y1, x0:x1][disc], ink + rng.uniform(0, 60))
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def scanned_pages(pdf_path: Path, dpi: int, seed: int, max_pages: int | None = None):
    """Yield the photocopied scan of each page of a PDF, one at a time."""
    import numpy as np
    import pypdfium2 as pdfium
    rng = np.random.default_rng([seed, zlib.crc32(pdf_path.name.encode())])
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for k in range(len(pdf) if max_pages is None else min(max_pages, len(pdf))):
            page = pdf[k]
            img = page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
            page.close()
            yield photocopy(img, rng, dpi)
    finally:
        pdf.close()


def jpeg_bytes(img, dpi: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=JPEG_QUALITY, dpi=(dpi, dpi))
    return buf.getvalue()


def scan_pdf(pdf_path: Path, out_path: Path, dpi: int = 200, seed: int = 1, max_pages: int | None = None) -> int:
    """Write an image-only PDF of the noisy scans of `pdf_path`'s pages; returns the page count."""
    import img2pdf
    pages = [jpeg_bytes(img, dpi) for img in scanned_pages(pdf_path, dpi, seed, max_pages)]
    out_path.write_bytes(img2pdf.convert(pages))
    return len(pages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("pdfs", nargs="+", type=Path)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pages", type=int, help="only the first N pages")
    ap.add_argument("--images", choices=("png", "jpeg"), help="write grayscale page images instead of a PDF")
    ap.add_argument("--quality", type=int, default=JPEG_QUALITY, help="JPEG quality of --images jpeg")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    for pdf in a.pdfs:
        stem = pdf.name.split(".")[0]
        if a.images:
            for k, img in enumerate(scanned_pages(pdf, a.dpi, a.seed, a.pages), start=1):
                target = a.out / f"{stem}.p{k}.{'png' if a.images == 'png' else 'jpg'}"
                if a.images == "png":
                    img.save(target, optimize=True, dpi=(a.dpi, a.dpi))
                else:
                    img.save(target, quality=a.quality, optimize=True, dpi=(a.dpi, a.dpi))
                print(f"{target} ({target.stat().st_size // 1024} KB)")
        else:
            target = a.out / f"{stem}.scan.pdf"
            n = scan_pdf(pdf, target, a.dpi, a.seed, a.pages)
            print(f"{target} ({n} pages, {target.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
