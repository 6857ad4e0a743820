"""Inputs of a batch: files, folders (recursive) and globs -> `Item`s with a safe output name.

Every item gets `rel`, the path it is known by inside the output folder: relative to the folder (or
the fixed part of the glob) it was found under, or the bare file name for a file given directly.
`rel` never holds `..`, an absolute path or an empty segment, so `DIR/<rel>.json` stays inside DIR;
`output_path` checks that once more against symlinks already inside DIR.
"""
from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, Optional, Sequence

from ..errors import printable

KINDS = {".pdf": "pdf", ".txt": "text", ".docx": "docx", ".doc": "doc", ".html": "html", ".htm": "html"}


@dataclass
class Item:
    """One input of the batch."""

    path: str
    """The file as found (absolute, symlinks not resolved)."""
    rel: str
    """POSIX path of the input inside the output folder; the record is `<rel>.json`."""
    kind: Optional[str]
    """"pdf", "text", "docx", "doc" or "html" by the file name; None for a file the batch does not read (skipped)."""
    problem: Optional[str] = None
    """Why the input cannot be taken at all (missing file, empty glob); the item is then failed."""
    note: Optional[str] = None
    """Something the report should say, e.g. that the name was changed to avoid a clash."""
    skip: Optional[str] = None
    """Why a file found in a folder is not read (a FIFO or device, a link leading out of the folder)."""


def kind_of(name: str) -> Optional[str]:
    return KINDS.get(os.path.splitext(name)[1].lower())


def _clean_segment(seg: str) -> str:
    # bytes that are not UTF-8 and control characters as visible escapes (\xb1 -> _xb1), then no backslash
    seg = "".join(ch if ch.isprintable() else "_" for ch in printable(seg)).replace("\\", "_")
    if seg == "..":
        return "__"
    return seg


def safe_rel(path: str, base: Optional[str]) -> str:
    """`path` relative to `base` as clean POSIX segments: no `..`, no root, no empty or `.` segment."""
    if base is not None:
        try:
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
        except ValueError:  # other drive (Windows)
            rel = os.path.basename(path)
        if rel == os.curdir or rel.startswith(os.pardir + os.sep) or rel == os.pardir or os.path.isabs(rel):
            rel = os.path.basename(os.path.abspath(path))
    else:
        rel = os.path.basename(os.path.abspath(path))
    parts = [_clean_segment(p) for p in rel.replace(os.sep, "/").split("/") if p not in ("", ".")]
    return "/".join(parts) or "_"


def _glob_base(pattern: str) -> str:
    """The fixed leading folders of a glob pattern ("data/2023/*.pdf" -> "data/2023")."""
    parts = Path(pattern).parts
    fixed = []
    for p in parts[:-1]:
        if glob.has_magic(p):
            break
        fixed.append(p)
    return str(Path(*fixed)) if fixed else os.curdir


def _walk(folder: str, exclude: set[str]) -> Iterator[str]:
    """Files under `folder`, sorted, not following symlinked folders, hidden names left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.realpath(os.path.join(root, d)) not in exclude)
        for f in sorted(files):
            if f.startswith("."):
                continue
            p = os.path.join(root, f)
            if os.path.realpath(p) in exclude:
                continue
            yield p


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def why_not_read(path: str, root: Optional[str], follow_links: bool) -> Optional[str]:
    """Why a file found under `root` (a folder or a glob's fixed part) is not an input, or None.

    Only regular files are inputs (a FIFO or a device would hang or never end); a symbolic link
    leading out of `root` is not followed unless `follow_links` (a link to /etc/passwd in an
    archive copied from elsewhere must not land in the output).
    """
    try:
        info = os.stat(path)
    except OSError as e:
        return f"cannot be read ({e.strerror or e})"
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device" if stat.S_ISCHR(info.st_mode) or \
            stat.S_ISBLK(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a file"
        return f"{kind}, not a regular file: only files are read"
    if root is not None and not follow_links and os.path.islink(path):
        if not _inside(os.path.realpath(path), os.path.realpath(root)):
            return "a symbolic link to a file outside the input folder (--follow-links reads it)"
    return None


def collect(inputs: Sequence[str | os.PathLike], exclude: Iterable[str | os.PathLike] = (),
            follow_links: bool = False) -> list[Item]:
    """Expand files, folders and globs into items, in the order given, each file once.

    `exclude` names folders and files never to read (the output folder and the archive). Files found
    in a folder or by a glob are skipped when they are no regular file or a link leading out of it
    (unless `follow_links`); a file given by name is read (or failed) whatever it is.
    """
    excl = {os.path.realpath(e) for e in exclude}
    items: list[Item] = []
    seen: set[str] = set()
    used: dict[str, int] = {}

    def add(path: str, base: Optional[str], root: Optional[str] = None) -> None:
        real = os.path.realpath(path)
        if real in seen or real in excl:
            return
        seen.add(real)
        rel = safe_rel(path, base)
        note = None
        key = rel.casefold()
        if key in used:
            used[key] += 1
            stem = rel
            rel = f"{stem}~{used[key]}"
            while rel.casefold() in used:
                used[key] += 1
                rel = f"{stem}~{used[key]}"
            note = f"output renamed to {rel}.json: another input has the same relative path"
        used[rel.casefold()] = 1
        skip = why_not_read(path, root, follow_links) if root is not None else None
        items.append(Item(os.path.abspath(path), rel, kind_of(path), note=note, skip=skip))

    def add_any(path: str, base: Optional[str], root: Optional[str]) -> None:
        if os.path.isdir(path):
            for f in _walk(path, excl):
                add(f, path if base is None else base, path if root is None else root)
        else:
            add(path, base, root)

    for given in inputs:
        s = os.fspath(given)
        if glob.has_magic(s) and not os.path.exists(s):
            matches = sorted(glob.glob(s, recursive=True))
            if not matches:
                items.append(Item(os.path.abspath(s), safe_rel(s, None), kind_of(s),
                                  problem="no file matches the pattern"))
            base = _glob_base(s)
            for m in matches:
                add_any(m, base, base)
        elif os.path.isdir(s):
            add_any(s, None, None)
        elif os.path.lexists(s):
            add(s, None)
        else:
            items.append(Item(os.path.abspath(s), safe_rel(s, None), kind_of(s), problem="no such file or folder"))
    return items


def output_path(out_dir: Path, rel: str, part: int = 1) -> Path:
    """`DIR/<rel>.json` (`DIR/<rel>.<part>.json` for the later issues of a bound volume), inside DIR.

    Raises ValueError when a folder on the way is a symlink leading out of DIR.
    """
    name = f"{rel}.json" if part == 1 else f"{rel}.{part}.json"
    pure = PurePosixPath(name)
    if pure.is_absolute() or any(p in ("..", ".", "") for p in pure.parts):
        raise ValueError(f"unsafe output name {name!r}")
    target = out_dir.joinpath(*pure.parts)
    root = os.path.realpath(out_dir)
    parent = os.path.realpath(target.parent)
    if parent != root and not parent.startswith(root + os.sep):
        raise ValueError(f"output {name} would leave the output folder (a symlink inside it points elsewhere)")
    return target


def output_name(rel: str, part: int = 1) -> str:
    """The output file name relative to DIR, POSIX style."""
    return f"{rel}.json" if part == 1 else f"{rel}.{part}.json"
