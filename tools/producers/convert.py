"""The two converters: LibreOffice (docx -> PDF) and headless Chromium (HTML page -> PDF)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

#: Seconds one conversion may take before it counts as hung.
CONVERT_TIMEOUT_S = 240


def docx_to_pdf(docx_files: list[Path], outdir: Path) -> None:
    """Convert with `soffice --headless --convert-to pdf` into outdir (same stem, .pdf).

    A private LibreOffice profile keeps this run apart from any other soffice on the machine."""
    if not docx_files:
        return
    with tempfile.TemporaryDirectory(prefix="producers-lo-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), *map(str, docx_files)],
                       check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S * len(docx_files))


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    raise SystemExit("no chromium on PATH: apt-get install chromium")


def html_to_pdf(html_file: Path, pdf: Path, site_path: str) -> None:
    """Print a page to PDF with headless Chromium, keeping its default header (date, page title) and
    footer (URL, "n/N"). The page is served from a folder named like the site's URL path, so the
    printed URL looks like a saved copy of the real page."""
    with tempfile.TemporaryDirectory(prefix="producers-chrome-") as tmp:
        page = Path(tmp) / "site" / site_path
        page.parent.mkdir(parents=True)
        shutil.copyfile(html_file, page)
        profile = Path(tmp) / "profile"
        subprocess.run([chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                        page.as_uri()], check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S)
