"""Build small test PDFs with reportlab at test time (no fixture files).

Coordinates are given like the Layout's: points from the page's top-left, and
``top`` is the top of the glyph box, so assertions can compare bboxes
directly. The CID font HeiseiMin-W3 needs no font file; its glyphs are
square (advance = size) for CJK and half-width for ASCII digits.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "HeiseiMin-W3"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

Draw = Callable[[Canvas], None]


def build(*pages: Draw, pagesize: tuple[float, float] = A4, encrypt: object = None) -> bytes:
    """One PDF page per draw function."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=pagesize, encrypt=encrypt)
    for draw in pages:
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def _baseline(c: Canvas, top: float, size: float) -> float:
    # pdfminer puts HeiseiMin's box bottom 0.241 em below the baseline (its descent).
    return c._pagesize[1] - top - size * 0.759


def advance(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def text(c: Canvas, x: float, top: float, s: str, size: float = 10.0) -> None:
    """Draw a horizontal run whose glyph boxes start at (x, top)."""
    c.setFont(FONT, size)
    c.drawString(x, _baseline(c, top, size), s)


def glyphs(c: Canvas, items: Iterable[tuple[str, float, float]], size: float = 10.0) -> None:
    """Draw single glyphs at (x, top), in the given order (the drawing order)."""
    c.setFont(FONT, size)
    for ch, x, top in items:
        c.drawString(x, _baseline(c, top, size), ch)


def positions(s: str, x: float, top: float, size: float = 10.0) -> list[tuple[str, float, float]]:
    """Each glyph of a horizontal run with its (x, top)."""
    out = []
    for ch in s:
        out.append((ch, x, top))
        x += advance(ch, size)
    return out


def overprint(
    c: Canvas, x: float, top: float, s: str, times: int, spread: float, order: str = "lines", size: float = 10.0
) -> None:
    """Fake bold: ``s`` drawn ``times`` times, the last copy ``spread`` pt right of the first
    (and half that lower), the others evenly between.

    order: "lines" (whole line, then its copies), "glyphs" (each glyph's copies
    in a row), "reversed" (copies drawn last-first, glyphs right to left).
    """
    step = spread / (times - 1)
    copies = [positions(s, x + k * step, top + k * step / 2, size) for k in range(times)]
    if order == "lines":
        items = [g for copy in copies for g in copy]
    elif order == "glyphs":
        items = [copy[i] for i in range(len(s)) for copy in copies]
    elif order == "reversed":
        items = [g for copy in reversed(copies) for g in reversed(copy)]
    else:
        raise ValueError(order)
    glyphs(c, items, size)


def vertical(c: Canvas, x: float, top: float, s: str, size: float = 10.0, pitch: float | None = None) -> None:
    """One glyph per row, top to bottom (a cell written vertically)."""
    step = pitch or size * 1.1
    glyphs(c, [(ch, x, top + i * step) for i, ch in enumerate(s)], size)


def ruled_grid(
    c: Canvas, x: float, top: float, widths: Sequence[float], heights: Sequence[float],
    merged: Sequence[tuple[int, int, int, int]] = (),
) -> None:
    """Draw a ruled table; ``merged`` holds (row, col, rowspan, colspan) cells whose inner rules are left out."""
    h = c._pagesize[1]
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for ht in heights:
        ys.append(ys[-1] + ht)

    def inside(row: int, col: int) -> tuple[int, int, int, int] | None:
        for m in merged:
            if m[0] <= row < m[0] + m[2] and m[1] <= col < m[1] + m[3]:
                return m
        return None

    c.setLineWidth(0.8)
    for r in range(len(ys)):  # horizontal rules, segment by segment
        for col in range(len(widths)):
            above, below = inside(r - 1, col), inside(r, col)
            if above is not None and above is below:
                continue
            c.line(xs[col], h - ys[r], xs[col + 1], h - ys[r])
    for col in range(len(xs)):
        for r in range(len(heights)):
            left, right = inside(r, col - 1), inside(r, col)
            if left is not None and left is right:
                continue
            c.line(xs[col], h - ys[r], xs[col], h - ys[r + 1])


def image(c: Canvas, x: float = 72, top: float = 100, w: float = 400, hgt: float = 200) -> None:
    """A raster image and nothing else: what a scanned page looks like."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    img = Image.new("RGB", (200, 100), "white")
    ImageDraw.Draw(img).rectangle((10, 10, 190, 90), outline="black", width=3)
    c.drawImage(ImageReader(img), x, c._pagesize[1] - top - hgt, width=w, height=hgt)
