"""Files of the output folder, always written whole: a temp file in the same folder, then os.replace.

`articles.jsonl` is regenerated from the archive at the end of every batch (never appended), so a
batch killed half-way and run again gives the same file as one run through.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO, Callable, Iterable

ARTICLES_JSONL = "articles.jsonl"
REPORT_JSON = "report.json"


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()


def atomic_write(target: Path, write: Callable[[IO[str]], None]) -> None:
    """Call `write(f)` on a temp file beside `target`, then rename it over `target`.

    A reader (or a rerun after the process was killed) sees the old file or the new one, never a part.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=target.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, FILE_MODE)  # mkstemp makes 0600; the output is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            write(f)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_text(target: Path, text: str) -> None:
    atomic_write(target, lambda f: f.write(text))


def write_jsonl(target: Path, rows: Iterable[dict]) -> int:
    """Write one JSON object per line, atomically; return the number of rows."""
    count = 0

    def write(f: IO[str]) -> None:
        nonlocal count
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False))
            f.write("\n")
            count += 1
    atomic_write(target, write)
    return count


def remove_stale_temps(out_dir: Path) -> None:
    """Temp files a killed batch left behind (".<name>.<random>.tmp")."""
    if not out_dir.is_dir():
        return
    for root, _dirs, files in os.walk(out_dir):
        for f in files:
            if f.startswith(".") and f.endswith(".tmp"):
                try:
                    os.unlink(os.path.join(root, f))
                except OSError:
                    pass
