"""Command line: `kexie-parse parse FILE... [-o DIR] [--pretty]`, `kexie-parse --version`.

Exit status: 0 all parsed, 1 some input could not be read (one line on stderr each), 2 usage error.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .errors import KexieParseError


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
    return ap


def _emit_error(msg: str) -> None:
    print(f"kexie-parse: error: {msg}", file=sys.stderr)


def cmd_parse(args: argparse.Namespace) -> int:
    from .pipeline import parse
    out_dir = Path(args.out) if args.out else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for f in args.files:
        try:
            rec = parse(f, enrich=not args.no_enrich, password=args.password)
        except KexieParseError as e:
            _emit_error(str(e) if e.file else f"{f}: {e}")
            failed += 1
            continue
        # several records on stdout are written one per line (JSON Lines) unless --pretty
        text = rec.to_json(indent=1 if args.pretty else None)
        if out_dir:
            target = out_dir / (Path(f).name + ".json")
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_text(text + "\n", encoding="utf-8")
            os.replace(tmp, target)
        else:
            sys.stdout.write(text + "\n")
    return 1 if failed else 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    if args.command is None:
        ap.print_usage(sys.stderr)
        return 2
    try:
        return {"parse": cmd_parse}[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
