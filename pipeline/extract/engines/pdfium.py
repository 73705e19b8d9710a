"""pdfium backend (pypdfium2): the same PageContent as pdfplumber's, several times faster.

PDFium parses content streams in C++; this adapter asks it, through the raw
ctypes API (no per-character Python objects), for what pdfminer would have
computed, and rebuilds pdfminer's geometry so both engines feed the shared
stages the same glyphs:

* **Glyph boxes.** pdfminer's box is the advance box: from the pen position,
  ``advance`` wide and one font size tall starting at the font's descent
  (horizontal fonts), or one font size wide centred on the pen and running
  down by the vertical advance (vertical ``-V`` fonts). PDFium's loose char box
  is close but takes widths from the font program where pdfminer takes the
  PDF's ``/W`` array, so the box is rebuilt from the char's origin and matrix,
  ``FPDFFont_GetGlyphWidth`` (the ``/W`` width; negative for vertical fonts,
  which is also how vertical writing is recognised) and ``FPDFFont_GetDescent``.
* **Drawing order.** PDFium's text page reorders text objects into lines; the
  shared stages read the content-stream order (vertical columns drawn
  downwards), so characters are regrouped by their text object and emitted in
  page-object order.
* **Fake bold.** PDFium's text page silently drops a text object that repeats
  the previous one at (almost) the same place — exactly the overprinted
  copies the pipeline must report. A text object with no characters whose box
  has the size of an earlier one's, offset by at most :data:`COPY_OFFSET`, is
  such a copy: its glyphs are restored as the earlier object's glyphs shifted
  by the offset, so the shared overprint stage removes and records them as it
  does for pdfplumber.
* **Rulings.** Path objects are split into subpaths and classified as pdfminer
  does (``PDFLayoutAnalyzer.paint_path``: one segment → line, closed
  axis-aligned four-segment loop → rectangle, else curve through the end
  points), then turned into edges with pdfplumber's rules.
* **Frame.** Coordinates are mapped from PDF user space to the displayed page
  (``/Rotate``), origin top-left, as pdfplumber reports them.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as R

from pipeline.errors import InputError
from pipeline.extract.engines.base import Box, Orientation, PageContent, Ruling
from pipeline.extract.glyphs import Glyph
from pipeline.extract.params import LAYOUT
from pipeline.extract.pdfopen import CORRUPT, NO_PAGES, NOT_PDF, PASSWORD

# A dropped text object is an overprinted copy when its box is offset by at
# most this (points) from an earlier object's box of the same size: fake bold
# shifts by 0.2–1 pt; a neighbouring word is a full glyph away.
COPY_OFFSET = 1.0
# How many text objects away (either side) a copy's partner may be: a line
# drawn glyph by glyph (one object each) is redrawn after the whole line.
COPY_LOOKBACK = 256
# Box sizes must agree this closely (points) for a copy.
SIZE_SLACK = 0.05

Affine = tuple[float, float, float, float, float, float]


class PdfiumPdf:
    """An open PDFium document."""

    def __init__(self, data: bytes) -> None:
        if b"%PDF-" not in data[:1024]:
            raise InputError(NOT_PDF)
        try:
            self._doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise InputError(_open_reason(exc)) from exc
        self.page_count = len(self._doc)
        if self.page_count == 0:
            self._doc.close()
            raise InputError(NO_PAGES)

    def read_page(self, index: int) -> PageContent:
        page = self._doc[index]
        try:
            textpage = page.get_textpage()
            try:
                return _page_content(page, textpage)
            finally:
                textpage.close()
        finally:
            page.close()

    def close(self) -> None:
        self._doc.close()


class PdfiumEngine:
    name = "pdfium"

    def open(self, data: bytes) -> PdfiumPdf:
        return PdfiumPdf(data)

    def reason(self, exc: BaseException) -> str:
        detail = " ".join(str(exc).split())[:80]
        return f"{CORRUPT} ({type(exc).__name__}{': ' + detail if detail else ''})"


def _open_reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "password" in text:
        return PASSWORD
    return f"{CORRUPT} ({' '.join(str(exc).split())[:80]})"


# ---------------------------------------------------------------- frame


def _frame(page: Any) -> tuple[float, float, Affine]:
    """(width, height, user space → displayed top-left frame), pdfplumber's convention.

    The box is the effective crop box (``FPDF_GetPageBoundingBox``: inherited
    boxes resolved, crop ∩ media), which is what pdfplumber's ``bbox`` is.
    """
    x0, y0, x1, y1 = page.get_bbox()
    rotation = page.get_rotation()
    w, h = x1 - x0, y1 - y0
    # (a, b, c, d, e, f): x' = a X + c Y + e, top = b X + d Y + f
    if rotation == 90:
        return h, w, (0.0, 1.0, 1.0, 0.0, -y0, -x0)
    if rotation == 180:
        return w, h, (-1.0, 0.0, 0.0, 1.0, x1, -y0)
    if rotation == 270:
        return h, w, (0.0, -1.0, -1.0, 0.0, y1, x1)
    return w, h, (1.0, 0.0, 0.0, -1.0, -x0, y1)


def _mul(m: Affine, n: Affine) -> Affine:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


# ---------------------------------------------------------------- page


def _page_content(page: Any, textpage: Any) -> PageContent:
    width, height, frame = _frame(page)
    fa, fb, fc, fd, fe, ff = frame
    tp = textpage.raw
    chars, codes = _chars_by_object(tp)

    glyphs: list[Glyph] = []
    rulings: list[Ruling] = []
    images: list[Box] = []
    texts: list[_TextObject] = []  # in drawing order
    descents: dict[tuple[int, float], float] = {}
    widths: dict[tuple[int, int, float], float] = {}
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    bounds = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    get_bounds = R.FPDFPageObj_GetBounds
    text_kind = R.FPDF_PAGEOBJ_TEXT
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rox, roy = ctypes.byref(ox), ctypes.byref(oy)
    get_origin = R.FPDFText_GetCharOrigin
    m = R.FS_MATRIX()
    rm = ctypes.byref(m)
    get_matrix = R.FPDFText_GetMatrix
    fsize = ctypes.c_float()
    rfsize = ctypes.byref(fsize)
    value = ctypes.c_float()
    rvalue = ctypes.byref(value)

    def to_frame(x: float, y: float) -> tuple[float, float]:
        return fa * x + fc * y + fe, fb * x + fd * y + ff

    for obj, kind, matrix in _walk(page.raw, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)):
        if kind == text_kind:
            get_bounds(obj, *bounds)
            bx0, by0, bx1, by1 = left.value, bottom.value, right.value, top.value
            indices = chars.get(ctypes.cast(obj, ctypes.c_void_p).value or 0)
            if not indices:
                blank = None
                if bx1 - bx0 <= 0.0 and matrix[1] == 0.0 and matrix[2] == 0.0 and matrix[0] > 0:
                    blank = _blank_object(obj, matrix, to_frame)
                texts.append(_TextObject(bx0, by0, bx1, by1, blank))
                continue
            R.FPDFTextObj_GetFontSize(obj, rfsize)
            font, size = R.FPDFTextObj_GetFont(obj), fsize.value
            font_key = ctypes.cast(font, ctypes.c_void_p).value or 0
            descent_key = (font_key, size)
            descent = descents.get(descent_key)
            if descent is None:
                R.FPDFFont_GetDescent(font, fsize, rvalue)
                descent = descents[descent_key] = value.value
            pen_x = matrix[4]  # where the object starts drawing, in user space
            own: list[Glyph] = []
            for i in indices:
                code = codes[i]
                text = chr(code) if 0 < code < 0x110000 else "\ufffd"
                wkey = (font_key, code, size)
                gw = widths.get(wkey)
                if gw is None:
                    gw = value.value if R.FPDFFont_GetGlyphWidth(font, code, fsize, rvalue) else 0.0
                    widths[wkey] = gw
                get_origin(tp, i, rox, roy)
                # The character's own matrix: not always the object's (horizontal
                # scaling and rise are applied per character).
                get_matrix(tp, i, rm)
                a, b, c, d = m.a, m.b, m.c, m.d
                # Composite linear part (char matrix, then frame with y up: top = -y).
                ca, cb, cc, cd = a * fa + b * fc, -(a * fb + b * fd), c * fa + d * fc, -(c * fb + d * fd)
                upright = ca * cd > 0 and cb * cc <= 0
                vertical = gw < 0
                if vertical:
                    # pdfminer: box size wide, centred on the pen; from the pen's
                    # y + 0.12 size down by the advance. PDFium's origin sits at
                    # the pen minus the vertical origin (0.88 size down), so the
                    # top is origin + size and the pen's x is the object's.
                    px, py = (pen_x, oy.value) if upright else (ox.value, oy.value)
                    lx0, ly0, lx1, ly1 = -0.5 * size, size + gw, 0.5 * size, size
                    ux0, uy0 = px + a * lx0 + c * ly0, py + b * lx0 + d * ly0
                    ux1, uy1 = px + a * lx1 + c * ly1, py + b * lx1 + d * ly1
                else:
                    px, py = ox.value, oy.value
                    ux0, uy0 = px + c * descent, py + d * descent
                    ux1, uy1 = px + a * gw + c * (descent + size), py + b * gw + d * (descent + size)
                x0, t0 = fa * ux0 + fc * uy0 + fe, fb * ux0 + fd * uy0 + ff  # to_frame, inlined
                x1, t1 = fa * ux1 + fc * uy1 + fe, fb * ux1 + fd * uy1 + ff
                if x1 < x0:
                    x0, x1 = x1, x0
                if t1 < t0:
                    t0, t1 = t1, t0
                glyph_size = (x1 - x0) if vertical else (t1 - t0)
                own.append(Glyph(text, x0, t0, x1, t1, glyph_size, upright, vertical and (x1 - x0) > LAYOUT.vfont_min_width, cb <= 0))
            texts.append(_TextObject(bx0, by0, bx1, by1, own))
        elif kind == R.FPDF_PAGEOBJ_PATH:
            rulings.extend(_path_rulings(obj, _mul(matrix, frame)))
        elif kind == R.FPDF_PAGEOBJ_IMAGE:
            R.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
            xa, ta = to_frame(left.value, bottom.value)
            xb, tb = to_frame(right.value, top.value)
            images.append((min(xa, xb), min(ta, tb), max(xa, xb), max(ta, tb)))
    _restore_copies(texts, frame)
    for text_object in texts:
        for g in text_object.glyphs or ():
            g.order = len(glyphs)
            glyphs.append(g)
    return PageContent(width=width, height=height, glyphs=glyphs, rulings=rulings, images=images)


def _blank_object(obj: Any, matrix: Affine, to_frame: Any) -> list[Glyph] | None:
    """One space glyph for a text object that draws no ink: a space PDFium dropped.

    PDFium leaves drawn spaces out of its text page (it makes its own word
    breaks), but pdfminer keeps them and they matter downstream (a run of
    spaces is no gutter; a trailing space widens a line's box). A space drawn
    by its own text object leaves that object without characters and with an
    empty ink box, which is how it is recognised. Spaces inside an object that
    also draws other glyphs cannot be told from kerning (producers position
    with TJ offsets of exactly a space width) and are not restored.
    """
    size, advance, descent = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    R.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
    font = R.FPDFTextObj_GetFont(obj)
    if not R.FPDFFont_GetGlyphWidth(font, 32, size, ctypes.byref(advance)) or advance.value <= 0:
        return None
    R.FPDFFont_GetDescent(font, size, ctypes.byref(descent))
    a, _b, _c, d, e, f = matrix
    x0, t0 = to_frame(e, f + d * descent.value)
    x1, t1 = to_frame(e + a * advance.value, f + d * (descent.value + size.value))
    return [Glyph(" ", min(x0, x1), min(t0, t1), max(x0, x1), max(t0, t1), abs(t1 - t0))]


class _TextObject:
    """A text object's box in user space and its glyphs (None: PDFium dropped it)."""

    __slots__ = ("x0", "y0", "x1", "y1", "glyphs")

    def __init__(self, x0: float, y0: float, x1: float, y1: float, glyphs: list[Glyph] | None) -> None:
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        self.glyphs = glyphs


def _restore_copies(texts: list[_TextObject], frame: Affine) -> None:
    """Give each dropped text object the glyphs of the object it overprints.

    PDFium keeps one of the copies — not always the first drawn — so the
    partner is searched on both sides, nearest first, among objects that have
    glyphs (restored ones too: four copies 0.3 pt apart chain up). Objects with
    no partner (empty strings, spaces PDFium ignores) stay empty.
    """
    fa, fb, fc, fd = frame[:4]
    pending = [i for i, t in enumerate(texts) if t.glyphs is None]
    while pending:
        left = []
        for i in pending:
            t = texts[i]
            partner = _partner(texts, i)
            if partner is None:
                left.append(i)
                continue
            dx, dy = t.x0 - partner.x0, t.y0 - partner.y0
            sx, sy = fa * dx + fc * dy, fb * dx + fd * dy  # the shift in the frame
            t.glyphs = [
                Glyph(g.text, g.x0 + sx, g.top + sy, g.x1 + sx, g.bottom + sy, g.size, g.upright, g.vfont, g.down)
                for g in partner.glyphs or ()
            ]
        if len(left) == len(pending):
            break
        pending = left


def _partner(texts: list[_TextObject], i: int) -> _TextObject | None:
    t = texts[i]
    for step in range(1, COPY_LOOKBACK + 1):
        for j in (i - step, i + step):
            if not 0 <= j < len(texts):
                continue
            other = texts[j]
            if (
                other.glyphs
                and abs(t.x0 - other.x0) <= COPY_OFFSET
                and abs(t.y0 - other.y0) <= COPY_OFFSET
                and abs((t.x1 - t.x0) - (other.x1 - other.x0)) <= SIZE_SLACK
                and abs((t.y1 - t.y0) - (other.y1 - other.y0)) <= SIZE_SLACK
            ):
                return other
    return None


# FPDFText_GetTextObject returning a plain address (int) instead of a ctypes
# pointer object: one call per character, so the conversion matters.
_text_object_address = ctypes.cast(
    R.FPDFText_GetTextObject, ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
)


_MAY_BE_GENERATED = frozenset((0x20, 0x0D, 0x0A, 0x2D, 0x02, 0xFFFE))


def _chars_by_object(tp: Any) -> tuple[dict[int, list[int]], list[int]]:
    """Text-page character indices grouped by the text object that drew them (generated
    spaces and line breaks left out), each group in the object's own order; and every
    character's code point, read in one call."""
    count = R.FPDFText_CountChars(tp)
    buffer = (ctypes.c_ushort * (count + 1))()
    written = R.FPDFText_GetText(tp, 0, count, buffer)
    text = bytes(buffer)[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) == count:
        codes = [ord(ch) for ch in text]
    else:  # characters outside the BMP came as surrogate pairs: ask one by one
        codes = [R.FPDFText_GetUnicode(tp, i) for i in range(count)]
    out: dict[int, list[int]] = {}
    tp_address = ctypes.cast(tp, ctypes.c_void_p)
    generated = R.FPDFText_IsGenerated
    for i in range(count):
        key = _text_object_address(tp_address, i)
        # Generated characters (PDFium's own spaces, line breaks and hyphens)
        # usually have no object, but not always: a break may be attributed to
        # its neighbour. Only those code points can be generated, so only they are asked.
        if key and (codes[i] not in _MAY_BE_GENERATED or generated(tp, i) != 1):
            out.setdefault(key, []).append(i)
    return out, codes


def _walk(parent: Any, matrix: Affine, form: bool = False, depth: int = 0) -> Any:
    """(object, type, its matrix to page user space) in drawing order, descending into forms.

    A path's points and a form's objects are in the object's own space; a text
    object's matrix starts at its first pen position.
    """
    count = R.FPDFFormObj_CountObjects(parent) if form else R.FPDFPage_CountObjects(parent)
    get = R.FPDFFormObj_GetObject if form else R.FPDFPage_GetObject
    m = R.FS_MATRIX()
    for i in range(max(count, 0)):
        obj = get(parent, i)
        if not obj:
            continue
        kind = R.FPDFPageObj_GetType(obj)
        if kind == R.FPDF_PAGEOBJ_IMAGE:
            own = matrix
        else:
            R.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
            own = _mul((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
        yield obj, kind, own
        if kind == R.FPDF_PAGEOBJ_FORM and depth < 15:
            yield from _walk(obj, own, True, depth + 1)


# ---------------------------------------------------------------- rulings


def _path_rulings(obj: Any, to_frame: Affine) -> list[Ruling]:
    """pdfminer's line/rect/curve reading of one path object, as pdfplumber edges."""
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if R.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) and not fill.value and not stroke.value:
        return []  # n: a clipping path, never painted
    a, b, c, d, e, f = to_frame
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list[tuple[str, float, float]] = []
    bezier = 0
    start: tuple[float, float] | None = None
    for i in range(R.FPDFPath_CountSegments(obj)):
        seg = R.FPDFPath_GetPathSegment(obj, i)
        R.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        kind = R.FPDFPathSegment_GetType(seg)
        if kind == R.FPDF_SEGMENT_MOVETO:
            ops.append(("m", px, py))
            start = (px, py)
            bezier = 0
        elif kind == R.FPDF_SEGMENT_LINETO:
            ops.append(("l", px, py))
        elif kind == R.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # two control points, then the end point
                ops.append(("c", px, py))
        if R.FPDFPathSegment_GetClose(seg) and start is not None:
            ops.append(("h", start[0], start[1]))
    out: list[Ruling] = []
    begin = 0
    for i in range(1, len(ops) + 1):
        if i == len(ops) or ops[i][0] == "m":
            _subpath_rulings(ops[begin:i], out)
            begin = i
    return out


def _subpath_rulings(ops: list[tuple[str, float, float]], out: list[Ruling]) -> None:
    if not ops or ops[0][0] != "m":
        return
    shape = "".join(op for op, _, _ in ops)
    pts = [(px, py) for _, px, py in ops]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("ml", "mlh"):
        (ax, at), (bx, bt) = pts[0], pts[1]
        top, bottom = min(at, bt), max(at, bt)
        out.append(Ruling(min(ax, bx), top, max(ax, bx), bottom, "h" if top == bottom else "v"))
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            out.append(Ruling(left, top, right, top, "h"))
            out.append(Ruling(left, bottom, right, bottom, "h"))
            out.append(Ruling(left, top, left, bottom, "v"))
            out.append(Ruling(right, top, right, bottom, "v"))
            return
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        orientation: Orientation = "v" if ax == bx else ("h" if ay == by else None)
        out.append(Ruling(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), orientation))
