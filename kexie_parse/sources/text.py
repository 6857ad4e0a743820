"""Text adapter: bytes in any encoding a Chinese archive holds -> `Line`s.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8; strict GB18030 (a superset
of GBK and GB2312); UTF-16 without a BOM when NUL bytes say so; charset-normalizer for the rest (Big5,
...). Bytes that decode to mostly control characters are binary data, not text: `EncodingError`.
"""
from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass, field
from typing import Optional

import regex

from ..errors import EncodingError
from ..lines import Line
from ..model import Diagnostic
from ..normalize import fold
from ..settings import ParseSettings
from . import RawInput, SourceDoc

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# characters that never occur in text: C0 controls other than tab/newline/CR/form feed, and DEL
BINARY_CHAR = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# a run of 12+ spaces inside a line: `pdftotext -layout` prints items at opposite ends (issuer | date) this
# way; shorter runs are a full-width space widened ("（供稿：X　通讯员：Y）", "编辑：A　B") and stay inside the line
WIDE_GAP = regex.compile(r"(?<=\S)[ \u3000]{12,}(?=\S)")
# any line break: CRLF, CR, LF, and the Unicode line/paragraph separators
LINE_BREAK = regex.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b]")


LEGACY_ENCODINGS = ("gb18030", "big5")
# private-use code points: what bytes of one legacy encoding often become when read as another
PRIVATE_USE = regex.compile(r"[\ue000-\uf8ff]")
# a character at or above U+0080: what a byte sequence of a multi-byte encoding decoded to
NON_ASCII = regex.compile(r"[^\x00-\x7f]")

BINARY_SHARE = 0.01
"""Share of control characters (of the first 200,000 characters) from which decoded bytes are binary data."""
MAX_UNDECODABLE_SHARE = 0.02
"""Share of the bytes that may fail to decode (kept as U+FFFD with a diagnostic) before the input is
binary data, not text with a few bad bytes."""
MIN_REPAIR_BYTES = 4
"""Shortest run of bytes that are not UTF-8 in a UTF-8 file that is read as GB18030 (two characters):
shorter runs (a character cut at the end of the file, a stray byte) stay U+FFFD."""
OFFSETS_SHOWN = 10
"""Byte offsets of undecodable bytes a diagnostic lists."""
REPLACEMENT = "\ufffd"


@dataclass
class Decoded:
    """Text decoded from bytes, with what did not decode."""

    text: str
    """The text; every byte that did not decode is one U+FFFD."""
    encoding: str
    """The encoding of (most of) the bytes."""
    undecodable: list[tuple[int, int]] = field(default_factory=list)
    """Byte ranges [start, end) kept as U+FFFD."""
    undecodable_at: list[int] = field(default_factory=list)
    """Character index in `text` of the first U+FFFD of each range of `undecodable`."""
    repaired: list[tuple[int, int]] = field(default_factory=list)
    """Byte ranges [start, end) of a UTF-8 file that were not UTF-8 and were read as GB18030."""

    @property
    def undecodable_bytes(self) -> int:
        return sum(e - s for s, e in self.undecodable)


_SPANS = threading.local()


def _record_span(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: note the span of bytes that did not decode, go on after it."""
    assert isinstance(err, UnicodeDecodeError)
    _SPANS.spans.append((err.start, err.end))
    return "", err.end


codecs.register_error("kexie-parse-record-span", _record_span)


def _bad_spans(data: bytes, encoding: str) -> list[tuple[int, int]]:
    """Byte ranges of `data` that do not decode in `encoding`, adjacent ranges merged."""
    _SPANS.spans = []
    try:
        data.decode(encoding, errors="kexie-parse-record-span")
        spans = _SPANS.spans
    finally:
        _SPANS.spans = []
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and merged[-1][1] == s:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _non_ascii_runs(data: bytes, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each span widened to the run of bytes >= 0x80 around it (overlaps merged): a run of GBK
    characters holds bytes that happen to form valid UTF-8, so its bad spans come in pieces."""
    runs: list[tuple[int, int]] = []
    for s, e in spans:
        if runs and s < runs[-1][1]:
            continue
        while s > 0 and data[s - 1] >= 0x80:
            s -= 1
        while e < len(data) and data[e] >= 0x80:
            e += 1
        if runs and s <= runs[-1][1]:
            runs[-1] = (runs[-1][0], e)
        else:
            runs.append((s, e))
    return runs


def _readable_in(run: bytes, encoding: str) -> Optional[str]:
    try:
        text = run.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if BINARY_CHAR.search(text) else text


def decode_lenient(data: bytes, encoding: str, repair_with: Optional[str] = None) -> Decoded:
    """Decode what decodes; every byte that does not becomes U+FFFD, its range recorded.

    With `repair_with`, a run of non-ASCII bytes (at least `MIN_REPAIR_BYTES`) that is mostly not
    `encoding` but decodes in `repair_with` (a GBK paragraph inside a UTF-8 file) is read in it, and
    recorded as repaired; a run that is mostly `encoding` (a character cut at the end) keeps its bad
    bytes as U+FFFD.
    """
    out = Decoded("", encoding.replace("-sig", ""))
    spans = _bad_spans(data, encoding)
    regions = _non_ascii_runs(data, spans) if repair_with else spans
    pieces: list[str] = []
    length = 0
    prev = 0
    k = 0  # next bad span not yet placed
    for rs, re_ in regions:
        good = data[prev:rs].decode(encoding, errors="replace")
        pieces.append(good)
        length += len(good)
        inside = []
        while k < len(spans) and spans[k][0] < re_:
            inside.append(spans[k])
            k += 1
        bad = sum(e - s for s, e in inside)
        fixed = None
        start = inside[0][0] if inside else rs  # bytes before the first bad one are `encoding`
        if repair_with and re_ - start >= MIN_REPAIR_BYTES and 2 * bad > re_ - start:
            fixed = _readable_in(data[start:re_], repair_with)
        if fixed is not None:
            head = data[rs:start].decode(encoding, errors="replace")
            out.repaired.append((start, re_))
            pieces += [head, fixed]
            length += len(head) + len(fixed)
            prev = re_
            continue
        at = rs
        for s, e in inside:  # the run in `encoding`, each bad byte one U+FFFD
            piece = data[at:s].decode(encoding, errors="replace")
            pieces.append(piece)
            length += len(piece)
            out.undecodable.append((s, e))
            out.undecodable_at.append(length)
            pieces.append(REPLACEMENT * (e - s))
            length += e - s
            at = e
        piece = data[at:re_].decode(encoding, errors="replace")
        pieces.append(piece)
        length += len(piece)
        prev = re_
    pieces.append(data[prev:].decode(encoding, errors="replace"))
    out.text = "".join(pieces)
    return out


def _private_use_share(text: str) -> float:
    sample = text[:20000]
    return len(PRIVATE_USE.findall(sample)) / max(1, len(sample))


def _binary_share(text: str) -> float:
    if not text:
        return 0.0
    return len(BINARY_CHAR.findall(text[:200_000])) / min(len(text), 200_000)


def _few_bad_bytes(dec: Decoded, size: int) -> bool:
    return dec.undecodable_bytes <= MAX_UNDECODABLE_SHARE * size and _binary_share(dec.text) < BINARY_SHARE


def _mostly_utf8(dec: Decoded, size: int) -> bool:
    """A UTF-8 file with a few bad bytes (cut inside its last character, a stray cp1252 quote) or a
    GB18030 tail: the characters UTF-8 gives outnumber the bytes that needed GB18030."""
    if not _few_bad_bytes(dec, size):
        return False
    repaired = sum(e - s for s, e in dec.repaired)
    utf8_chars = len(NON_ASCII.findall(dec.text)) - dec.text.count(REPLACEMENT) - repaired // 2
    return utf8_chars >= repaired


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode archive bytes. Raise `EncodingError` for binary data.

    Strict decodings first (BOM, UTF-16, UTF-8, GB18030/Big5, then charset-normalizer); when none
    fits, the encoding that leaves the fewest bytes undecodable, those bytes kept as U+FFFD.
    """
    size = len(data)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc.replace("-sig", ""))
            except UnicodeDecodeError:
                dec = decode_lenient(data, enc)
                if _few_bad_bytes(dec, size):
                    return dec
                break
    sample = data[:4000]
    if sample.count(b"\x00") > len(sample) // 4:   # UTF-16 without a BOM: every other byte NUL
        enc = "utf-16-be" if sample[0::2].count(0) > sample[1::2].count(0) else "utf-16-le"
        dec = decode_lenient(data, enc)
        if _few_bad_bytes(dec, size):
            dec.encoding = "utf-16"
            return dec
    try:
        text = data.decode("utf-8")
        if _binary_share(text) < BINARY_SHARE:
            return Decoded(text, "utf-8")
    except UnicodeDecodeError:
        dec = decode_lenient(data, "utf-8", repair_with="gb18030")
        if _mostly_utf8(dec, size):
            return dec
    # legacy Chinese encodings: several may decode without error; keep the one that reads least like noise
    decoded = []
    for enc in LEGACY_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _binary_share(text) < BINARY_SHARE:
            decoded.append((enc, text))
    if len(decoded) == 1:
        return Decoded(decoded[0][1], decoded[0][0])
    if decoded:
        from charset_normalizer.md import mess_ratio
        enc, text = min(decoded, key=lambda et: (mess_ratio(et[1][:20000]) + _private_use_share(et[1]), et[0] != "gb18030"))
        return Decoded(text, enc)
    # no strict decoding: the legacy encoding leaving the fewest bytes undecodable, when they are few
    lenient = [decode_lenient(data, enc) for enc in LEGACY_ENCODINGS]
    best_legacy = min(lenient, key=lambda d: d.undecodable_bytes)  # ties: gb18030 (listed first)
    if _few_bad_bytes(best_legacy, size):
        return best_legacy
    from charset_normalizer import from_bytes  # loads only for the rare encodings
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _binary_share(text) < BINARY_SHARE and REPLACEMENT not in text and text.strip():
            return Decoded(text, best.encoding)
    raise EncodingError("not text in any encoding a Chinese archive holds (UTF-8, GB18030/GBK, UTF-16, Big5): "
                        "it looks like binary data; check that this is the right file", file=name)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode archive bytes; return (text, encoding name). Raise `EncodingError` for binary data."""
    dec = decode_bytes(data, name)
    return dec.text, dec.encoding


def _position(text: str, index: int) -> tuple[int, int]:
    """(page, source line) of character `index` of `text`, numbered as `split_lines` numbers them."""
    before = text[:index]
    return before.count("\f") + 1, len(LINE_BREAK.findall(before)) + 1


def _offsets(ranges: list[tuple[int, int]]) -> str:
    shown = ", ".join(str(s) if e - s == 1 else f"{s}-{e - 1}" for s, e in ranges[:OFFSETS_SHOWN])
    more = len(ranges) - OFFSETS_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def decoding_diagnostics(dec: Decoded) -> list[Diagnostic]:
    """What the decoder could not read (kept as U+FFFD) or read in a second encoding, with byte offsets."""
    out = []
    if dec.undecodable:
        page, line = _position(dec.text, dec.undecodable_at[0])
        n = dec.undecodable_bytes
        out.append(Diagnostic(
            "warning", "text.undecodable",
            f"{n} byte{' is' if n == 1 else 's are'} not {dec.encoding} text, kept as U+FFFD (\ufffd) at byte "
            f"offset{'' if n == 1 else 's'} {_offsets(dec.undecodable)}: the file is cut or mixes encodings",
            page, line))
    if dec.repaired:
        n = sum(e - s for s, e in dec.repaired)
        out.append(Diagnostic(
            "warning", "text.mixed_encoding",
            f"{n} bytes of this UTF-8 file are GB18030 and were read as such, at byte offsets {_offsets(dec.repaired)}"))
    return out


def split_lines(text: str) -> tuple[list[Line], int]:
    """Split text into non-blank `Line`s with page (form feeds), source line number and blank lines before."""
    lines: list[Line] = []
    page, blanks, page_fresh = 1, 0, False
    for number, rawline in enumerate(LINE_BREAK.split(text), start=1):
        parts = rawline.split("\f")
        for k, part in enumerate(parts):
            if k > 0:
                page += 1
                blanks, page_fresh = 0, True
            folded = fold(part).rstrip()
            if not folded.strip():
                if k == 0 or part:
                    blanks += 1 if k == 0 else 0
                continue
            lead = len(folded) - len(folded.lstrip(" \u3000\t"))
            indent = float(lead) if lead else 0.0
            stripped = folded.strip()
            segments = WIDE_GAP.split(stripped)
            for s, seg in enumerate(segments):
                lines.append(Line(text=seg.strip(), page=page, number=number, blank_before=blanks if s == 0 else 0,
                                  page_start=page_fresh and s == 0, indent=indent if s == 0 else None,
                                  segment=s + 1 if len(segments) > 1 else 0))
            blanks, page_fresh = 0, False
    # a trailing form feed opens no page
    return lines, (max(ln.page for ln in lines) if lines else page)


def load_text(raw: RawInput, settings: ParseSettings) -> SourceDoc:
    """Decode and split a text input."""
    if raw.text is not None:
        text, enc = raw.text, "utf-8"
        diagnostics: list[Diagnostic] = []
        if _binary_share(text) >= BINARY_SHARE:
            raise EncodingError("the text holds control characters: it looks like binary data", file=raw.name)
    else:
        dec = decode_bytes(raw.data, raw.path or raw.name)
        text, enc, diagnostics = dec.text, dec.encoding, decoding_diagnostics(dec)
    lines, pages = split_lines(text)
    if not lines:
        from ..errors import EmptyInputError
        raise EmptyInputError("the input holds no text (only whitespace)", file=raw.path or raw.name)
    return SourceDoc(raw=raw, kind="text", lines=lines, pages=pages, encoding=enc, diagnostics=diagnostics)
