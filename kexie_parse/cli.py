"""Command line: `kexie-parse parse FILE... [-o DIR] [--pretty]`, `kexie-parse --version`,
`kexie-parse batch INPUT... --out DIR [--db FILE] [--jobs N] [--force] [--timeout S] [--no-progress] [--no-enrich]`,
`kexie-parse search QUERY --db FILE [--json] [--limit N] [--person NAME] [--org NAME]`.

Exit status: 0 all parsed, 1 some input could not be read or gave no bulletin (one line on stderr
each; a record is still written when the file could be read), 2 usage error.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .errors import KexieParseError, OutputError, output_error, printable
from .settings import ENGINES

DEFAULT_TIMEOUT_SECONDS = 120.0
"""Seconds one input may take (`parse` and `batch`) before it is stopped."""


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="kexie-parse",
                                 description="Turn Chinese association bulletins (简报) into kexie-bulletin/1 JSON.")
    ap.add_argument("--version", action="version", version=f"kexie-parse {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("parse", help="parse bulletin files (PDF or text) into JSON records")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-o", "--out", metavar="DIR", help="write DIR/<name>.json per file (default: stdout for one file)")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.add_argument("--no-enrich", action="store_true", help="skip people/organisation/place/date/keyword extraction")
    p.add_argument("--password", help="password of encrypted PDFs")
    p.add_argument("--all-issues", action="store_true",
                   help="a file holding several issues (bound volume) gives one record per issue (JSON Lines)")
    p.add_argument("--timeout", type=_positive_float, default=DEFAULT_TIMEOUT_SECONDS, metavar="S",
                   help=f"seconds one file may take before it is stopped (default {DEFAULT_TIMEOUT_SECONDS:g})")
    _add_limits(p)
    _add_archive_commands(sub)
    return ap


def _add_limits(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-bytes", type=_positive_int, metavar="N",
                   help="refuse files larger than N bytes (default 50 MB)")
    p.add_argument("--max-pages", type=_positive_int, metavar="N", help="refuse PDFs of more than N pages (default 500)")
    p.add_argument("--engine", choices=ENGINES, help="PDF engine: pdfium (default, fast) or pdfplumber (the reference)")
    p.add_argument("--ocr", choices=("auto", "always", "never"),
                   help="when to read pages by OCR (the ocr extra): auto (default) reads page images, scans without "
                        "a text layer and scans whose text layer is OCR junk; always: every PDF page; never")


def _limits(args: argparse.Namespace) -> dict:
    return {k: v for k, v in (("max_bytes", args.max_bytes), ("max_pages", args.max_pages), ("engine", args.engine),
                              ("ocr", args.ocr))
            if v is not None}


def _positive_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {v}")
    return v


def _positive_float(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not v > 0 or v != v or v == float("inf"):
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {text}")
    return v


def _add_archive_commands(sub) -> None:
    b = sub.add_parser("batch", help="convert files, folders and globs into JSON files and a searchable SQLite archive",
                       description="Convert every .pdf, .txt, .docx, .doc, .html and .htm of the inputs (files, folders searched recursively, "
                                   "globs) into DIR/<name>.json, DIR/articles.jsonl, DIR/report.json and the archive. "
                                   "Unchanged inputs are skipped on a rerun. Exit status: 0 all converted, "
                                   "1 some failed, 2 usage error.")
    b.add_argument("inputs", nargs="+", metavar="INPUT")
    b.add_argument("--out", required=True, metavar="DIR", help="output folder")
    b.add_argument("--db", metavar="FILE", help="SQLite archive (default: DIR/archive.sqlite)")
    b.add_argument("--jobs", type=_positive_int, metavar="N", help="worker processes (default: the CPU count)")
    b.add_argument("--force", action="store_true", help="convert unchanged inputs again")
    b.add_argument("--timeout", type=_positive_float, default=DEFAULT_TIMEOUT_SECONDS, metavar="S",
                   help=f"seconds one input may take before it is failed (default {DEFAULT_TIMEOUT_SECONDS:g})")
    b.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    b.add_argument("--no-enrich", action="store_true", help="skip people/organisation/place/date/keyword extraction")
    b.add_argument("--password", help="password of encrypted PDFs")
    b.add_argument("--follow-links", action="store_true",
                   help="read symbolic links in the input folders that lead out of them (skipped by default)")
    _add_limits(b)
    s = sub.add_parser("search", help="full-text search of an archive made by `batch`",
                       description="Find articles whose title or text holds every term of QUERY (terms split on "
                                   "spaces). Exit status: 0 found, 1 nothing found, 2 usage error.")
    s.add_argument("query", metavar="QUERY", help='words or phrases; "" with --person/--org lists their articles')
    s.add_argument("--db", required=True, metavar="FILE", help="the archive")
    s.add_argument("--json", action="store_true", help="print a JSON list")
    s.add_argument("--limit", type=_positive_int, default=20, metavar="N", help="most hits shown (default 20)")
    s.add_argument("--person", metavar="NAME", help="only articles naming this person")
    s.add_argument("--org", metavar="NAME", help="only articles naming (or attributed to) this organisation")


def _shown(path: str) -> str:
    rel = os.path.relpath(path)
    return printable(path if rel.startswith(os.pardir) else rel)


def _exit_status(err: KexieParseError) -> int:
    """2 for a usage error (a setting), 1 for a machine or an archive that cannot do the job."""
    from .errors import SettingsError
    return 2 if isinstance(err, SettingsError) else 1


def cmd_batch(args: argparse.Namespace) -> int:
    from .archive import convert
    try:
        report = convert(args.inputs, args.out, db=args.db, jobs=args.jobs, force=args.force, timeout=args.timeout,
                         progress=not args.no_progress, enrich=not args.no_enrich, password=args.password,
                         follow_links=args.follow_links, **_limits(args))
    except KexieParseError as e:  # bad settings, unusable archive or output: the batch cannot go on
        _emit_error(str(e))
        return _exit_status(e)
    for e in report.failed:
        print(f"kexie-parse: failed: {_shown(e.path)}: {printable(e.reason)}", file=sys.stderr)
    print(f"kexie-parse: {report.summary()}", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_search(args: argparse.Namespace) -> int:
    import json
    from .archive import search
    try:
        hits = search(args.db, args.query, limit=args.limit, person=args.person, org=args.org)
    except KexieParseError as e:
        _emit_error(str(e))
        return _exit_status(e)
    if args.json:
        _write_stdout(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=1) + "\n")
    else:
        for h in hits:
            head = " ".join(x for x in (h.title or "", h.issue_label(), f"({h.date})" if h.date else "") if x)
            where = " · ".join(x for x in (h.section or "", h.article) if x)
            _write_stdout(f"{head} · {where}\n    {h.snippet}\n")
    return 0 if hits else 1


def _emit_error(msg: str) -> None:
    print(f"kexie-parse: error: {printable(msg)}", file=sys.stderr)


def _write_stdout(text: str) -> None:
    """UTF-8 on standard output whatever the locale says."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a replaced sys.stdout (tests, notebooks)
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _prepare_out_dir(out_dir: Path) -> None:
    """Create the output folder; `OutputError` when it cannot be (a file there, read-only, full disk)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("the output folder is a file: remove it or give another folder to -o",
                          file=os.fsdecode(out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise output_error(e, out_dir, what="cannot create the output folder") from None


def _write_record_file(target: Path, text: str) -> None:
    """Write `target` whole (temp file then rename; no temp file left on failure)."""
    from .archive.jsonl import atomic_write_text
    try:
        atomic_write_text(target, text)
    except OSError as e:
        raise output_error(e, target) from None


def _parse_records(f: str, args: argparse.Namespace, options: dict) -> list:
    """The records of file `f`, within --timeout (a child process killed past it)."""
    from .bounded import run_with_timeout
    from .pipeline import parse, parse_all
    if args.all_issues:
        return run_with_timeout(lambda: parse_all(f, **options), args.timeout, file=f)
    return run_with_timeout(lambda: [parse(f, **options)], args.timeout, file=f)


def cmd_parse(args: argparse.Namespace) -> int:
    out_dir = Path(args.out) if args.out else None
    if out_dir:
        try:
            _prepare_out_dir(out_dir)
        except OutputError as e:
            _emit_error(str(e))
            return 1
    if len(args.files) > 1 and args.timeout:
        from .archive.worker import warm_parent
        warm_parent(not args.no_enrich)  # loaded once here, shared by every forked child
    status = 0
    for f in args.files:
        try:
            options = dict(enrich=not args.no_enrich, password=args.password, **_limits(args))
            records = _parse_records(f, args, options)
        except KexieParseError as e:
            _emit_error(str(e) if e.file else f"{f}: {e}")
            status = 1
            continue
        for k, rec in enumerate(records, start=1):
            # a record that could not give a bulletin (a scan without text, prose) is written, and said
            for d in rec.diagnostics:
                if d.level == "error":
                    _emit_error(f"{f}: {d.message}")
                    status = 1
            # several records on stdout are written one per line (JSON Lines) unless --pretty
            text = rec.to_json(indent=1 if args.pretty else None)
            if out_dir:
                target = out_dir / (os.path.basename(f) + (f".{k}" if k > 1 else "") + ".json")
                try:
                    _write_record_file(target, text + "\n")
                except OutputError as e:
                    _emit_error(str(e))
                    status = 1
                    if e.whole_folder:
                        return 1  # no later file can be written either
            else:
                _write_stdout(text + "\n")
    return status


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    if args.command is None:
        ap.print_usage(sys.stderr)
        return 2
    try:
        return {"parse": cmd_parse, "batch": cmd_batch, "search": cmd_search}[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as e:  # standard output or error on a full disk, a closed terminal
        _emit_error(str(output_error(e, e.filename or "standard output")))
        return 1
    except Exception as e:  # a bug: one line, never a traceback (KEXIE_PARSE_DEBUG=1 shows it)
        if os.environ.get("KEXIE_PARSE_DEBUG"):
            raise
        first = str(e).splitlines()[0] if str(e) else ""
        _emit_error(f"internal error ({type(e).__name__}{': ' + first if first else ''}): please report it "
                    f"(KEXIE_PARSE_DEBUG=1 shows the details)")
        return 1


if __name__ == "__main__":
    sys.exit(main())
