"""Files of the output folder, always written whole: a temp file in the same folder, then os.replace.

`articles.jsonl` is regenerated from the archive at the end of every batch (never appended), so a
batch killed half-way and run again gives the same file as one run through.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Callable, Iterable

ARTICLES_JSONL = "articles.jsonl"
REPORT_JSON = "report.json"
TEMP_PREFIX = ".kexie-parse."
"""Start of the name of every temp file this package writes (`.kexie-parse.<name>.<random>.tmp`)."""
TEMP_NAME_CHARS = 100
"""Characters of the target's name kept in its temp file's name (file systems allow 255 bytes)."""
# a temp file of ours: our prefix, the target's name, mkstemp's 8 random characters, our suffix
OWN_TEMP = re.compile(r"^" + re.escape(TEMP_PREFIX) + r".*\.[A-Za-z0-9_]{8}\.tmp$", re.DOTALL)


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
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name[:TEMP_NAME_CHARS]}.", suffix=".tmp",
                               dir=target.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, FILE_MODE)  # mkstemp makes 0600; the output is an ordinary file
        with open_temp(fd) as f:
            write(f)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def open_temp(fd: int) -> IO[str]:
    """The temp file as UTF-8 text (a seam: tests make it fail as a full disk does)."""
    return os.fdopen(fd, "w", encoding="utf-8", newline="\n")


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


def remove_stale_temps(out_dir: Path, folders: Iterable[str | os.PathLike] = ()) -> int:
    """Delete the temp files a killed batch left behind: only ours (`OWN_TEMP`), only in `out_dir` and
    in `folders` (where the batch wrote its JSON files), never a file of the user's. Returns the count."""
    removed = 0
    root = os.path.realpath(out_dir)
    for folder in {os.path.realpath(out_dir), *(os.path.realpath(f) for f in folders)}:
        if not (folder == root or folder.startswith(root + os.sep)) or not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            path = os.path.join(folder, name)
            if OWN_TEMP.match(name) and os.path.isfile(path) and not os.path.islink(path):
                try:
                    os.unlink(path)
                    removed += 1
                except OSError:
                    pass
    return removed
