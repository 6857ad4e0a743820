"""Text adapter: bytes in any encoding a Chinese archive holds -> `Line`s.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8; strict GB18030 (a superset
of GBK and GB2312); UTF-16 without a BOM when NUL bytes say so; charset-normalizer for the rest (Big5,
...). Bytes that decode to mostly control characters are binary data, not text: `EncodingError`.
"""
from __future__ import annotations

import codecs

import regex

from ..errors import EncodingError
from ..lines import Line
from ..normalize import fold
from ..settings import ParseSettings
from . import RawInput, SourceDoc

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# characters that never occur in text: C0 controls other than tab/newline/CR/form feed, and U+FFFD
BINARY_CHAR = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
# a run of 12+ spaces inside a line: `pdftotext -layout` prints items at opposite ends (issuer | date) this
# way; shorter runs are a full-width space widened ("（供稿：X　通讯员：Y）", "编辑：A　B") and stay inside the line
WIDE_GAP = regex.compile(r"(?<=\S)[ \u3000]{12,}(?=\S)")
# any line break: CRLF, CR, LF, and the Unicode line/paragraph separators
LINE_BREAK = regex.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b]")


LEGACY_ENCODINGS = ("gb18030", "big5")
# private-use code points: what bytes of one legacy encoding often become when read as another
PRIVATE_USE = regex.compile(r"[\ue000-\uf8ff]")


def _private_use_share(text: str) -> float:
    sample = text[:20000]
    return len(PRIVATE_USE.findall(sample)) / max(1, len(sample))


def _binary_share(text: str) -> float:
    if not text:
        return 0.0
    return len(BINARY_CHAR.findall(text[:200_000])) / min(len(text), 200_000)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode archive bytes; return (text, encoding name). Raise `EncodingError` for binary data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError:
                break
    sample = data[:4000]
    if sample.count(b"\x00") > len(sample) // 4:   # UTF-16 without a BOM: every other byte NUL
        enc = "utf-16-be" if sample[0::2].count(0) > sample[1::2].count(0) else "utf-16-le"
        try:
            text = data.decode(enc)
            if _binary_share(text) < 0.01:
                return text, "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
        if _binary_share(text) < 0.01:
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    # legacy Chinese encodings: several may decode without error; keep the one that reads least like noise
    decoded = []
    for enc in LEGACY_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _binary_share(text) < 0.01:
            decoded.append((enc, text))
    if len(decoded) == 1:
        return decoded[0][1], decoded[0][0]
    if decoded:
        from charset_normalizer.md import mess_ratio
        enc, text = min(decoded, key=lambda et: (mess_ratio(et[1][:20000]) + _private_use_share(et[1]), et[0] != "gb18030"))
        return text, enc
    from charset_normalizer import from_bytes  # loads only for the rare encodings
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _binary_share(text) < 0.01 and text.strip():
            return text, best.encoding
    raise EncodingError("not text in any encoding a Chinese archive holds (UTF-8, GB18030/GBK, UTF-16, Big5): "
                        "it looks like binary data; check that this is the right file", file=name)


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
        if _binary_share(text) >= 0.01:
            raise EncodingError("the text holds control characters: it looks like binary data", file=raw.name)
    else:
        text, enc = decode(raw.data, raw.path or raw.name)
    lines, pages = split_lines(text)
    if not lines:
        from ..errors import EmptyInputError
        raise EmptyInputError("the input holds no text (only whitespace)", file=raw.path or raw.name)
    return SourceDoc(raw=raw, kind="text", lines=lines, pages=pages, encoding=enc)
