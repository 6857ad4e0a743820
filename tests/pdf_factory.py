"""Build small bulletin PDFs for tests with fpdf2 and a CJK font from Debian's fonts-wqy-zenhei."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import pytest

FONT = next((p for p in ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc")
             if os.path.exists(p)), None)
needs_font = pytest.mark.skipif(FONT is None, reason="fonts-wqy-zenhei is not installed (.ci/run installs it)")

W, LEFT, RIGHT, TOP, BOTTOM = 210, 28, 26, 30, 32
BODY, TITLE = 14, 16
PT = 0.3528


class Doc:
    """A4 pages with a cursor; lines set Word-style (indent, justification, centring)."""

    def __init__(self, page_number: Optional[str] = "— {n} —", header: Optional[str] = None):
        from fpdf import FPDF
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("cjk", "", FONT)
        self.page_number, self.header = page_number, header
        self.n = 0
        self.y = TOP
        self.new_page()

    def new_page(self):
        self.pdf.add_page()
        self.n += 1
        self.y = TOP
        if self.header and self.n > 1:
            self.pdf.set_font("cjk", size=10)
            self.pdf.set_xy(LEFT, TOP - 14)
            self.pdf.cell(W - LEFT - RIGHT, 5, self.header, align="C")
        if self.page_number:
            self.pdf.set_font("cjk", size=12)
            self.pdf.set_xy(LEFT, 297 - BOTTOM + 12)
            self.pdf.cell(W - LEFT - RIGHT, 6, self.page_number.format(n=self.n), align="C")

    def line(self, text, size=BODY, align="L", indent=0.0, twice=False, color=(0, 0, 0), gap=0.0, justify=False):
        h = size * PT * 1.65
        self.y += gap
        if self.y + h > 297 - BOTTOM:
            self.new_page()
        self.pdf.set_font("cjk", size=size)
        self.pdf.set_text_color(*color)
        width = W - LEFT - RIGHT
        tw = self.pdf.get_string_width(text)
        x = LEFT + (width - tw) / 2 if align == "C" else LEFT + width - tw if align == "R" else LEFT + indent
        extra = (width - indent - tw) / max(1, len(text) - 1) if justify else 0.0
        base = self.y + size * PT
        for ch in text:
            self.pdf.text(x, base, ch)
            if twice:
                self.pdf.text(x + 0.12, base, ch)
            x += self.pdf.get_string_width(ch) + extra
        self.y += h

    def pair(self, left, right, size=BODY):
        self.pdf.set_font("cjk", size=size)
        base = self.y + size * PT
        self.pdf.text(LEFT, base, left)
        self.pdf.text(W - RIGHT - self.pdf.get_string_width(right), base, right)
        self.y += size * PT * 1.65

    def paragraph(self, text, size=BODY):
        """Wrap by character with a two-character first-line indent; full lines justified."""
        self.pdf.set_font("cjk", size=size)
        em = self.pdf.get_string_width("中")
        width = W - LEFT - RIGHT
        lines, cur, w = [], "", 2 * em
        for ch in text:
            cw = self.pdf.get_string_width(ch)
            if w + cw > width and cur:
                lines.append(cur)
                cur, w = "", 0.0
            cur += ch
            w += cw
        lines.append(cur)
        for i, ln in enumerate(lines):
            self.line(ln, size, indent=2 * em if i == 0 else 0.0, justify=i < len(lines) - 1)

    def skip(self, mm):
        self.y += mm

    def save(self, path: Path, password: Optional[str] = None) -> Path:
        if password:
            self.pdf.set_encryption(owner_password=password + "-owner", user_password=password)
        self.pdf.output(str(path))
        return path


LONG = ("北京制冷学会在紫玉饭店召开了第九届第一次常务理事会，会议由理事长唐俊杰主持，全体常务理事参加会议。"
        "唐俊杰在总结发言中提到，本次会议是九届一次会员代表大会后召开的首次会议，直接关系到第九届理事会工作任务的完成和目标的实现，"
        "并对今后工作提出了三点要求，希望各位常务理事在落实职能职责上发挥表率作用。")


def bulletin(path: Path, *, title_align="C", twice=False, page_number="— {n} —", header=None, filler=0,
             password=None, mark="（供稿：北京制冷学会）") -> Path:
    """A small bulletin: masthead, TOC, lead article, section with an article closed by the
    right-aligned attribution `mark`, colophon."""
    d = Doc(page_number=page_number, header=header)
    d.line("科协每周动态", size=30, align="C", color=(200, 0, 0))
    d.line("2023年第3期（总第56期）", align="C")
    d.pair("北京市科协办公室", "2023年2月3日")
    d.skip(6)
    d.line("目录", size=TITLE, align="C")
    d.line("- 市科协召开2022年度民主生活会")
    d.line("- 学会动态")
    d.skip(4)
    d.line("市科协召开2022年度民主生活会", size=TITLE, align=title_align, twice=twice, gap=3)
    for _ in range(filler):
        d.paragraph(LONG)
    d.paragraph("1月31日上午，市科协召开2022年度民主生活会。谢谢大家，11位同志参加，Hello World Bulletin 发布。")
    d.line("【学会动态】", size=15, gap=3)
    d.line("北京制冷学会召开第九届第一次常务理事会", size=TITLE, align=title_align, twice=twice, gap=3)
    d.paragraph(LONG)
    d.line(mark, align="R")
    d.skip(8)
    d.line("编辑：张红波", size=12)
    d.line("审核：李金涛", size=12)
    return d.save(path, password)
