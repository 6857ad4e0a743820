"""OCR engines: a page image in, text boxes with confidences out. The only module that touches an OCR engine.

Two engines, measured on the same noisy scans in `benchmarks/bench_ocr.py`:

- "rapidocr" (the default): `rapidocr_onnxruntime`, whose wheel ships the PP-OCRv4 Chinese detection and
  recognition models, so nothing is downloaded at run time. Installed by the `ocr` extra
  (`pip install 'kexie_parse[ocr]'`).
- "tesseract": the `tesseract` program with the `chi_sim` language data (Debian: `apt-get install
  tesseract-ocr tesseract-ocr-chi-sim`), run as a subprocess. Slower and less accurate on Chinese scans.

Both import lazily: `import kexie_parse` loads neither, and a missing engine raises `OcrUnavailableError`
naming what to install.
"""
from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import OcrUnavailableError

OCR_EXTRA_HINT = "pip install 'kexie_parse[ocr]'"
TESSERACT_HINT = "apt-get install tesseract-ocr tesseract-ocr-chi-sim"
RAPIDOCR_MAX_SIDE = 2400     # pixels: longest side the detector sees (an A4 page at 200 dpi is 2339 tall)
RAPIDOCR_MIN_SCORE = 0.0     # keep every recognised box: low-confidence text is flagged, never dropped silently
MARK_REACH = 2.0             # text heights: how far beyond a detected box ink is looked for
MARK_REACH_IN = 0.5          # text heights: how far into a box ink cut by its edge is followed
MARK_GAP = 0.9               # text heights: a blank run this long ends the search (the next word is further)
MARK_BAND = (0.2, 0.8)       # share of the box height searched for ink (not the lines above and below)
MARK_MIN_MASS = 0.1          # ink samples per (text height^2 / 10) that make a mark rather than a speck
MARK_MIN_EXTENT = 0.2        # text heights: a mark spans this much across or down; a speck is a dot
MARK_PAD = 0.15              # text heights of paper kept around a mark the box is widened to
EDGE_PAD = 0.3               # text heights every box is widened by where there is room (ink cut at its edge)
PAPER_PERCENTILE = 90        # percentile of a page's grey levels that is paper
INK_PERCENTILE = 1           # percentile of a page's grey levels that is ink
INK_SHARE = 0.5              # a pixel darker than this share of the way from ink to paper is ink
TESSERACT_TIMEOUT_S = 300    # seconds one page may take in the tesseract program


@dataclass(frozen=True)
class OcrBox:
    """One run of text the engine found, in the pixels of the page image."""

    text: str
    """Recognised text, as the engine gave it (spaces and punctuation not yet normalised)."""
    confidence: float
    """The engine's confidence, 0..1."""
    quad: tuple[tuple[float, float], ...]
    """Corners top-left, top-right, bottom-right, bottom-left, in pixels from the image's top-left."""

    @property
    def angle(self) -> float:
        """Slope of the top edge in radians (positive: the line runs downwards to the right)."""
        (x0, y0), (x1, y1) = self.quad[0], self.quad[1]
        return math.atan2(y1 - y0, x1 - x0)

    @property
    def length(self) -> float:
        """Length of the top edge in pixels."""
        (x0, y0), (x1, y1) = self.quad[0], self.quad[1]
        return math.hypot(x1 - x0, y1 - y0)

    @property
    def height(self) -> float:
        """Mean length of the left and right edges in pixels (the text height, whatever the skew)."""
        q = self.quad
        return (math.hypot(q[3][0] - q[0][0], q[3][1] - q[0][1]) + math.hypot(q[2][0] - q[1][0], q[2][1] - q[1][1])) / 2


class OcrEngine(Protocol):
    """What the image adapter needs from an engine."""

    name: str
    """Name recorded in `source.ocr.engine`."""

    def read(self, image) -> list[OcrBox]:
        """Text boxes of one grayscale or RGB page (a PIL image), in no particular order."""
        ...


class RapidOcrEngine:
    """PP-OCRv4 through rapidocr_onnxruntime (models shipped in the wheel)."""

    name = "rapidocr"

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as e:
            raise OcrUnavailableError(
                f"reading scans and page images needs the OCR extra, which is not installed ({e.name or e}): "
                f"{OCR_EXTRA_HINT}") from None
        # no angle classifier: scanned pages are upright, and the classifier turns some clean lines upside down
        self._ocr = RapidOCR(use_cls=False, max_side_len=RAPIDOCR_MAX_SIDE, text_score=RAPIDOCR_MIN_SCORE)
        self._lock = threading.Lock()   # one onnxruntime session pair, not safe to call from two threads at once

    def read(self, image) -> list[OcrBox]:
        import numpy as np
        gray = np.asarray(image.convert("L"))
        bgr = np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))   # RapidOCR takes 3-channel arrays
        with self._lock:
            quads, _ = self._ocr(bgr, use_rec=False, use_cls=False)   # detection only
            if not quads:
                return []
            quads = [np.array(q, dtype=np.float32) for q in quads]
            quads = widen_to_ink(quads, gray)
            crops = self._ocr.get_crop_img_list(bgr, quads)
            texts, _ = self._ocr.text_rec(crops)
        boxes = []
        for quad, (text, score) in zip(quads, texts):
            boxes.append(OcrBox(text=str(text), confidence=float(score),
                                quad=tuple((float(x), float(y)) for x, y in quad)))
        return boxes


def _ink_threshold(gray) -> float:
    """Grey level between the paper and the ink of a page."""
    import numpy as np
    sample = gray[::4, ::4]
    paper, ink = np.percentile(sample, PAPER_PERCENTILE), np.percentile(sample, INK_PERCENTILE)
    return float(ink + (paper - ink) * INK_SHARE)


def widen_to_ink(quads: list, gray) -> list:
    """Each detected box widened over ink the detector left out at either end: small marks a little apart from the
    text (a "-" bullet, "（一）", a closing "、" or "。") that the detector does not see as part of the line."""
    import numpy as np
    ink = gray < _ink_threshold(gray)
    h_img, w_img = ink.shape
    taken = np.zeros_like(ink)
    for q in quads:
        x0, y0 = np.floor(q.min(axis=0)).astype(int)
        x1, y1 = np.ceil(q.max(axis=0)).astype(int)
        taken[max(0, y0):max(0, y1), max(0, x0):max(0, x1)] = True
    out = []
    for q in quads:
        along = q[1] - q[0]
        length = float(np.hypot(*along))
        height = float(np.hypot(*(q[3] - q[0])))
        if length < 1 or height < 4:
            out.append(q)
            continue
        u = along / length
        down = (q[3] - q[0]) / height
        offsets = np.linspace(MARK_BAND[0] * height, MARK_BAND[1] * height, max(3, int(height * 0.7)))
        q = q.copy()
        for corner_top, corner_bottom, sign in ((0, 3, -1.0), (1, 2, 1.0)):
            start = q[corner_top]
            reach, mass, gap, a = 0.0, 0, 0.0, 1.0
            first_hit, rows = 0.0, np.zeros(len(offsets), dtype=bool)
            while a <= MARK_REACH * height:
                pts = start + sign * a * u + offsets[:, None] * down
                xs, ys = pts[:, 0].astype(int), pts[:, 1].astype(int)
                inside = (xs >= 0) & (xs < w_img) & (ys >= 0) & (ys < h_img)
                if not inside.all() or taken[ys[inside], xs[inside]].any():
                    break   # the page's edge, or another line's box
                column = ink[ys, xs]
                hits = int(column.sum())
                if hits:
                    mass += hits
                    rows |= column
                    first_hit = first_hit or a
                    reach, gap = a, 0.0
                else:
                    gap += 1.0
                    if gap > MARK_GAP * height:
                        break
                a += 1.0
            if first_hit == 1.0:   # ink at the box's edge: a mark the edge cuts, when a blank column parts it from the text
                inside = 0.0
                while inside < MARK_REACH_IN * height:
                    pts = start - sign * inside * u + offsets[:, None] * down
                    column = ink[pts[:, 1].astype(int).clip(0, h_img - 1), pts[:, 0].astype(int).clip(0, w_img - 1)]
                    if not column.any():
                        break
                    mass += int(column.sum())
                    rows |= column
                    inside += 1.0
                if inside >= MARK_REACH_IN * height:
                    reach = 0.0   # the ink runs on into the text: no mark of its own
                first_hit -= inside
            tall = (np.ptp(np.flatnonzero(rows)) + 1) * (offsets[1] - offsets[0]) if rows.any() else 0.0
            extent = max(reach - first_hit + 1, tall)
            mark = reach and mass >= MARK_MIN_MASS * height * height / 10 and extent >= MARK_MIN_EXTENT * height
            # widen over a mark and the paper around it; else over blank paper only (never over a speck)
            free = (a - 1.0) if not reach else first_hit - 1.0
            widen = reach + MARK_PAD * height if mark else max(0.0, min(EDGE_PAD * height, free - 1.0))
            shift = sign * widen * u
            q[corner_top] = q[corner_top] + shift
            q[corner_bottom] = q[corner_bottom] + shift
        out.append(q)
    return out


class TesseractEngine:
    """Tesseract 4/5 with chi_sim, through its command line (TSV output: one row per word with a box)."""

    name = "tesseract"

    def __init__(self, lang: str = "chi_sim") -> None:
        self.program = shutil.which("tesseract")
        if not self.program:
            raise OcrUnavailableError(f"the tesseract program is not on the PATH: {TESSERACT_HINT}")
        self.lang = lang

    def read(self, image) -> list[OcrBox]:
        with tempfile.TemporaryDirectory(prefix="kexie-ocr-") as tmp:
            png = Path(tmp) / "page.png"
            image.save(png)
            try:
                run = subprocess.run([self.program, str(png), "stdout", "-l", self.lang, "--psm", "3", "tsv"],
                                     capture_output=True, timeout=TESSERACT_TIMEOUT_S, check=False)
            except subprocess.TimeoutExpired:
                raise OcrUnavailableError(f"tesseract took over {TESSERACT_TIMEOUT_S} s on one page") from None
        if run.returncode != 0:
            msg = run.stderr.decode("utf-8", "replace").strip().splitlines()
            raise OcrUnavailableError(f"tesseract failed: {msg[-1] if msg else run.returncode} ({TESSERACT_HINT})")
        lines: dict[tuple, list[tuple[str, float, int, int, int, int]]] = {}
        for row in run.stdout.decode("utf-8", "replace").splitlines()[1:]:
            cols = row.split("\t")
            if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
                continue
            key = (int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]))   # page, block, paragraph, line
            left, top, w, h = (int(c) for c in cols[6:10])
            lines.setdefault(key, []).append((cols[11], max(0.0, float(cols[10])) / 100, left, top, left + w, top + h))
        boxes = []
        for words in lines.values():
            x0, top = min(w[2] for w in words), min(w[3] for w in words)
            x1, bottom = max(w[4] for w in words), max(w[5] for w in words)
            chars = sum(len(w[0]) for w in words)
            conf = sum(w[1] * len(w[0]) for w in words) / max(chars, 1)
            boxes.append(OcrBox(text=" ".join(w[0] for w in words), confidence=conf,
                                quad=((x0, top), (x1, top), (x1, bottom), (x0, bottom))))
        return boxes


ENGINES = {"rapidocr": RapidOcrEngine, "tesseract": TesseractEngine}
_loaded: dict[str, OcrEngine] = {}
_loading = threading.Lock()


def get_engine(name: str = "rapidocr") -> OcrEngine:
    """The engine of that name, loaded once per process (loading the models takes about a second)."""
    with _loading:
        if name not in _loaded:
            _loaded[name] = ENGINES[name]()
        return _loaded[name]


def available(name: str = "rapidocr") -> bool:
    """True when the engine can be loaded (without loading it)."""
    if name == "tesseract":
        return shutil.which("tesseract") is not None
    import importlib.util
    try:
        return importlib.util.find_spec("rapidocr_onnxruntime") is not None
    except (ImportError, ValueError):   # a module entry blanked out (None) in sys.modules
        return False
