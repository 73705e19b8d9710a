"""Drawing primitives over reportlab in top-left page coordinates.

Committee papers are laid out top-down, so every helper takes ``top`` (distance
from the page's top edge) like pdfplumber reports it; converting once here keeps
the section renderers free of ``page_height - y`` arithmetic. Text is always
drawn as text (never images) so a text layer exists.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

MIN = "HeiseiMin-W3"
GOTHIC = "HeiseiKakuGo-W5"
A4_PORTRAIT = A4
A3_LANDSCAPE = landscape(A3)

for _name in (MIN, GOTHIC):
    if _name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_name))

#: Characters that must not start a line (simple 禁則 so wrapped cells look real).
_NO_LINE_START = set("、。，．）」』】〕・ー？！ぁぃぅぇぉっゃゅょァィゥェォッャュョ")


def width(text: str, font: str, size: float) -> float:
    """Advance width of ``text``; the same metrics reportlab writes into the PDF."""
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width``, character by character.

    Japanese has no spaces to break at, so producers wrap anywhere; a closing
    bracket or comma is pulled back onto the previous line as word processors do.
    """
    lines: list[str] = []
    current = ""
    for ch in text:
        if ch == "\n":
            lines.append(current)
            current = ""
            continue
        if current and width(current + ch, font, size) > max_width:
            if ch in _NO_LINE_START:
                current += ch
                continue
            lines.append(current)
            current = ""
        current += ch
    lines.append(current)
    return lines


def bold_offsets(copies: int, step: float) -> list[tuple[float, float]]:
    """Offsets for "fake bold": the same run drawn ``copies`` times, shifted by ``step`` pt."""
    return [(0.0, 0.0), (step, 0.0), (0.0, -step), (step, -step)][:copies]


class Page:
    """One page of a canvas, addressed from its top-left corner."""

    def __init__(self, canvas: Canvas, size: tuple[float, float]):
        self.c = canvas
        self.w, self.h = size
        canvas.setPageSize(size)

    def text(
        self,
        x: float,
        top: float,
        s: str,
        font: str = MIN,
        size: float = 10.5,
        bold: tuple[int, float] | None = None,
        char_space: float = 0.0,
        align: str = "left",
    ) -> None:
        """Draw one line whose box starts at ``top``; ``bold`` = (copies, step) fakes bold."""
        if align != "left":
            w = width(s, font, size) + char_space * max(len(s) - 1, 0)
            x = x - w if align == "right" else x - w / 2
        base = self.h - top - size * 0.88
        for dx, dy in bold_offsets(*bold) if bold else [(0.0, 0.0)]:
            t = self.c.beginText(x + dx, base + dy)
            t.setFont(font, size)
            if char_space:
                t.setCharSpace(char_space)
            t.textOut(s)
            if char_space:
                t.setCharSpace(0)  # Tc is graphics state: it would leak into later text
            self.c.drawText(t)

    def lines(
        self,
        x: float,
        top: float,
        rows: Sequence[str],
        font: str = MIN,
        size: float = 10.5,
        leading: float | None = None,
        bold: tuple[int, float] | None = None,
    ) -> float:
        """Draw stacked lines; return the ``top`` just below the last one."""
        lead = leading or size * 1.5
        for i, s in enumerate(rows):
            self.text(x, top + i * lead, s, font, size, bold)
        return top + len(rows) * lead

    def vertical(
        self, s: str, x_center: float, top: float, bottom: float, font: str = MIN, size: float = 14
    ) -> None:
        """Vertical writing as producers fake it: one glyph per row, centred in a column."""
        step = min(size * 1.25, (bottom - top) / max(len(s), 1))
        start = top + ((bottom - top) - step * len(s)) / 2
        for i, ch in enumerate(s):
            self.text(x_center, start + i * step, ch, font, size, align="center")

    def rect(self, x0: float, top: float, x1: float, bottom: float, lw: float = 0.6) -> None:
        """A stroked rectangle (table frames, label boxes)."""
        self.c.setLineWidth(lw)
        self.c.rect(x0, self.h - bottom, x1 - x0, bottom - top, stroke=1, fill=0)

    def hline(self, x0: float, x1: float, top: float, lw: float = 0.6) -> None:
        """A horizontal rule (table row separators)."""
        self.c.setLineWidth(lw)
        self.c.line(x0, self.h - top, x1, self.h - top)

    def vline(self, x: float, top: float, bottom: float, lw: float = 0.6) -> None:
        """A vertical rule (table column separators)."""
        self.c.setLineWidth(lw)
        self.c.line(x, self.h - top, x, self.h - bottom)

    def label_box(self, s: str, right: float, top: float, note: str | None = None) -> None:
        """The boxed 「資料１」 tag producers put in a page's top-right corner."""
        size = 10.5
        w = width(s, MIN, size) + 24
        self.rect(right - w, top, right, top + 20)
        self.text(right - w / 2, top + 4, s, MIN, size, align="center")
        if note:
            self.text(right - w / 2, top + 22, note, MIN, 9.5, align="center")

    def footer(self, n: int) -> None:
        """Page number centred at the bottom (－1－ style is avoided: pdfminer maps － to −)."""
        self.text(self.w / 2, self.h - 30, f"- {n} -", MIN, 9, align="center")
