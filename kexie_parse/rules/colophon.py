"""Colophon: 编辑/责任编辑, 审核, 签发, 校对, 报/报送, 送, 发/分送, 抄送, 共印N份 lines at the end."""
from __future__ import annotations

import regex

from ..model import Colophon
from ..normalize import tidy
from . import REGEX_TIMEOUT

LABELS = (r"(?:责任编辑|責任編輯|执行编辑|主\s*[编編]|[编編]\s*[辑輯]|[审審]\s*核|[审審]\s*稿|[签簽]\s*[发發]|校\s*[对對]|[报報]\s*送|"
          r"抄\s*送|分\s*送|印\s*[数數]|[联聯][系繫]人|[联聯][系繫][电電][话話]|[电電]\s*[话話]|地\s*址|[邮郵]\s*箱|[传傳]\s*真|[报報]|送|[发發])")
# a colophon label opening a line: "编辑：", "分送:", "审 核："
COLOPHON_LABEL_START = regex.compile(r"^\s*(?:本期)?" + LABELS + r"\s*[：:]")
# every label with its value on a line that may hold several: "编辑：A　　审核：B"
LABEL_AND_VALUE = regex.compile(r"(?:本期)?(?P<label>" + LABELS + r")\s*[：:]\s*(?P<value>.*?)\s*(?=(?:(?<=\s)|^)" + LABELS
                                + r"\s*[：:]|$)")
# the print run: "共印80份", "印数：80份"
PRINT_COUNT = regex.compile(r"^\s*(?:共\s*印|印\s*数\s*[：:]?)\s*(?P<n>\d+)\s*份?\s*$")
# separators between names: spaces (also ideographic), 、 ， , ；
NAME_SEPARATORS = regex.compile(r"[\s、，,；;]+")

EDITOR_LABELS = {"编辑", "责任编辑"}
REVIEWER_LABELS = {"审核"}
DISTRIBUTION_LABELS = {"分送", "发"}
RECIPIENT_LABELS = {"分送", "发", "报", "报送", "送", "抄送"}
# a line of nothing but personal names: "唐诗涵", "张三　李四"
NAMES_ONLY = regex.compile(r"^\s*\p{Han}{2,4}(?:[\s、，,]+\p{Han}{2,4})*\s*$")
NAME_LABELS = EDITOR_LABELS | REVIEWER_LABELS | {"签发", "校对", "主编", "执行编辑", "审稿", "联系人"}
PERSON_LABELS = {"签发", "校对", "主编", "执行编辑", "审稿", "联系人"}


# traditional forms of the labels, read as the simplified ones
TRADITIONAL_LABEL = str.maketrans("責編輯審簽發對報數聯繫電話郵傳", "责编辑审签发对报数联系电话邮传")


def clean_label(label: str) -> str:
    return regex.sub(r"\s+", "", label).translate(TRADITIONAL_LABEL)


def split_names(value: str) -> list[str]:
    return [tidy(v) for v in NAME_SEPARATORS.split(value.strip()) if v]


def parse_colophon(lines: list[tuple[str, int]]) -> tuple[Colophon, list[tuple[str, int]]]:
    """Read colophon lines [(text, line number)]; return the record and lines that fit no label."""
    col = Colophon()
    leftovers: list[tuple[str, int]] = []
    last_label = None
    for text, number in lines:
        col.lines.append(number)
        m = PRINT_COUNT.match(text)
        if m:
            col.other.setdefault("印数", []).append(m.group("n"))
            last_label = None
            continue
        try:
            pairs = [(clean_label(x.group("label")), x.group("value"))
                     for x in LABEL_AND_VALUE.finditer(text, timeout=REGEX_TIMEOUT) if x.group(0).strip()]
        except TimeoutError:
            pairs = []   # kept as an unlabelled line, with a diagnostic, rather than hang
        if not pairs or not COLOPHON_LABEL_START.match(text):
            if last_label in RECIPIENT_LABELS:
                _add(col, last_label, text.strip(), continuation=True)
            elif last_label in NAME_LABELS and NAMES_ONLY.match(text):
                _add(col, last_label, text, continuation=True)   # a second name printed on its own line
            else:
                leftovers.append((text, number))
            continue
        for label, value in pairs:
            _add(col, label, value, continuation=False)
            last_label = label
    return col, leftovers


def _add(col: Colophon, label: str, value: str, continuation: bool) -> None:
    if label in EDITOR_LABELS:
        col.editor.extend(split_names(value))
    elif label in REVIEWER_LABELS:
        col.reviewer.extend(split_names(value))
    elif label in DISTRIBUTION_LABELS:
        if value.strip():
            col.distribution.append(tidy(value))
    elif label in RECIPIENT_LABELS:
        if value.strip():
            col.other.setdefault(label, []).append(tidy(value))
    elif label in PERSON_LABELS:
        col.other.setdefault(label, []).extend(split_names(value))
    elif value.strip():
        col.other.setdefault(label, []).append(tidy(value))
