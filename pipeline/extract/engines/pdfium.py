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
* **Speed.** The cost is calls into PDFium and Python work per character, so
  there are as few calls as the geometry allows and they are cheap: PDFium is
  called through cffi with handles as plain addresses (:func:`_fn`); a text
  object's characters share one matrix, read once; an object's own matrix and
  box are read only where used; a path's points come in one copy
  (:func:`_path_points`) and its draw mode is not asked; the page walk takes the
  objects that have characters as text, and tells paths from the rest by their
  point count, without asking their type; fonts' descents and widths (and
  whether a code is blank) are asked once per page. Glyphs are built in the one
  pass over the text page that asks each character's object
  (:func:`_glyphs_by_object`), nine in ten on a short path, with
  :meth:`Glyph.new`. What is left is about one call per page object, three per
  text object and two per character (which object, origin: PDFium has no call
  for a run of characters); PDFium's own page and text-page parsing is over a
  third of the time. The arithmetic is unchanged, so the output is byte for byte
  what the one-call-per-value version gave. Measured (archive, 1,570 pages, this
  version against the one before in one process, each page read by both in
  turn, least of 3 CPU times per page, machine loaded at 2.0): ``read_page``
  4.30 → 3.60 ms/page, −16 % (another run, slower throughout: 6.06 → 5.05), of
  which PDFium's own loading is about 2.
"""

from __future__ import annotations

import ctypes
import struct
from array import array
from collections.abc import Callable, Container, Sequence
from typing import Any

import cffi
import pypdfium2 as pdfium
import pypdfium2.raw as R

from pipeline.errors import InputError
from pipeline.extract.engines.base import Box, Orientation, PageContent, Ruling
from pipeline.extract.glyphs import Glyph, blank
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
IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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
        """Page ``index`` loaded, read and closed through the raw API.

        Why not pypdfium2's ``PdfPage``/``PdfTextPage``: each registers a
        finalizer and a weak reference with its parent, a fixed cost per page
        for handles that live only inside this call; the failures raise what
        those helpers raise, so a bad page's notice reads the same.
        """
        page = R.FPDF_LoadPage(self._doc.raw, index)
        if not page:
            raise pdfium.PdfiumError("Failed to load page.")
        try:
            textpage = R.FPDFText_LoadPage(page)
            if not textpage:
                raise pdfium.PdfiumError("Failed to load text page.")
            try:
                return _page_content(page, textpage)
            finally:
                R.FPDFText_ClosePage(textpage)
        finally:
            R.FPDF_ClosePage(page)

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
    rect = R.FS_RECTF()
    if not R.FPDF_GetPageBoundingBox(page, rect):
        raise pdfium.PdfiumError("Failed to get page bounding box.")
    x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
    quarter_turns = R.FPDFPage_GetRotation(page)
    if quarter_turns == -1:
        raise pdfium.PdfiumError("Failed to get page rotation.")
    rotation = 90 * quarter_turns
    w, h = x1 - x0, y1 - y0
    # (a, b, c, d, e, f): x' = a X + c Y + e, top = b X + d Y + f
    if rotation == 90:
        return h, w, (0.0, 1.0, 1.0, 0.0, -y0, -x0)
    if rotation == 180:
        return w, h, (-1.0, 0.0, 0.0, 1.0, x1, -y0)
    if rotation == 270:
        return h, w, (0.0, -1.0, -1.0, 0.0, y1, x1)
    return w, h, (1.0, 0.0, 0.0, -1.0, -x0, y1)


def _mul(m: Sequence[float], n: Sequence[float]) -> Affine:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


# ---------------------------------------------------------------- calls

VP, INT = "uintptr_t", "int"  # a handle or out-parameter is passed as its address


def _fn(name: str, restype: str, *argtypes: str) -> Any:
    """``pypdfium2.raw`` function ``name`` called through cffi, taking and returning
    plain addresses (C type names as in its header, handles as ``uintptr_t``).

    The raw bindings type every handle as a ctypes pointer: each call converts
    its arguments and each returned handle becomes a new pointer object (and
    ``ctypes.cast`` to use it as a key). With integer arguments and results a
    handle is an int and a call costs about half; at one call per character and
    several per page object, that is most of the adapter's own time. The same
    function pointer called through cffi (already installed: ``cryptography``,
    which pdfminer needs, is built on it) costs about a quarter less than through
    a retyped ctypes prototype: 0.19 ms of the adapter's 3.0 ms a page (the
    two versions interleaved on the same loaded pages, least of 3 each,
    archive, load 3.3).
    """
    address = ctypes.cast(getattr(R, name), ctypes.c_void_p).value
    return _FFI.cast(f"{restype}(*)({', '.join(argtypes)})", address)


_FFI = cffi.FFI()

_page_count = _fn("FPDFPage_CountObjects", INT, VP)
_page_object = _fn("FPDFPage_GetObject", VP, VP, INT)
_form_count = _fn("FPDFFormObj_CountObjects", INT, VP)
_form_object = _fn("FPDFFormObj_GetObject", VP, VP, "unsigned long")
_object_type = _fn("FPDFPageObj_GetType", INT, VP)
_object_matrix = _fn("FPDFPageObj_GetMatrix", INT, VP, VP)
_object_bounds = _fn("FPDFPageObj_GetBounds", INT, VP, VP, VP, VP, VP)
_font_size = _fn("FPDFTextObj_GetFontSize", INT, VP, VP)
_font = _fn("FPDFTextObj_GetFont", VP, VP)
_descent = _fn("FPDFFont_GetDescent", INT, VP, "float", VP)
_glyph_width = _fn("FPDFFont_GetGlyphWidth", INT, VP, "unsigned int", "float", VP)
_char_origin = _fn("FPDFText_GetCharOrigin", INT, VP, INT, VP, VP)
_char_matrix = _fn("FPDFText_GetMatrix", INT, VP, INT, VP)
_char_object = _fn("FPDFText_GetTextObject", VP, VP, INT)
_char_generated = _fn("FPDFText_IsGenerated", INT, VP, INT)
_segment_count = _fn("FPDFPath_CountSegments", INT, VP)
_segment = _fn("FPDFPath_GetPathSegment", VP, VP, INT)
_segment_point = _fn("FPDFPathSegment_GetPoint", INT, VP, VP, VP)
_segment_type = _fn("FPDFPathSegment_GetType", INT, VP)
_segment_close = _fn("FPDFPathSegment_GetClose", INT, VP)


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


class _Out:
    """Preallocated out-parameters of one type, passed to PDFium by address."""

    def __init__(self, ctype: Any, n: int) -> None:
        self.values = (ctype * n)()
        base, size = ctypes.addressof(self.values), ctypes.sizeof(ctype)
        self.at = [base + k * size for k in range(n)]


# ---------------------------------------------------------------- page


def _page_content(page: Any, textpage: Any) -> PageContent:
    """The page's glyphs, rulings and images; ``page`` and ``textpage`` are raw PDFium handles."""
    width, height, frame = _frame(page)
    fa, fb, fc, fd, fe, ff = frame
    page_objects = _address(page)
    parents: dict[int, Affine] = {}

    def parent_of(obj: int) -> Affine:
        # Only upright vertical glyphs need it: the page is walked for them alone.
        if not parents:
            parents.update((o, p) for o, _kind, p, _points in _walk(page_objects, IDENTITY, []))
        return parents.get(obj, IDENTITY)

    by_object = _glyphs_by_object(textpage, frame, parent_of)
    objects = _walk(page_objects, IDENTITY, [], texts=by_object)
    text_kind, path_kind, image_kind = R.FPDF_PAGEOBJ_TEXT, R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_IMAGE

    rulings: list[Ruling] = []
    images: list[Box] = []
    # Text objects in drawing order: (handle, glyphs or None if PDFium dropped it, box);
    # made into _TextObjects only on a page with a dropped object (one in twenty).
    texts: list[tuple[int, list[Glyph] | None, list[float] | None]] = []
    dropped = False
    box = _Out(ctypes.c_float, 4)  # left, bottom, right, top
    bounds, box_values = box.at, box.values
    m = _Out(ctypes.c_float, 6)  # FS_MATRIX of a page object
    m_at, m_values = m.at[0], m.values

    def to_frame(x: float, y: float) -> tuple[float, float]:
        return fa * x + fc * y + fe, fb * x + fd * y + ff

    # An object's matrix and box are read only where needed: most text objects
    # need neither (two or three characters each, on average).
    for obj, kind, parent, points in objects:
        if kind == text_kind:
            own = by_object.get(obj)
            if own is None:
                _object_bounds(obj, *bounds)
                box = (bx0, by0, bx1, by1) = box_values[:]
                space = None
                if bx1 - bx0 <= 0.0:
                    matrix = _own_matrix(obj, parent, m)
                    if matrix[1] == 0.0 and matrix[2] == 0.0 and matrix[0] > 0:
                        space = _blank_object(obj, matrix, to_frame)
                texts.append((obj, space, box))
                dropped = dropped or space is None
            else:
                texts.append((obj, own, None))
        elif kind == path_kind:
            # Top-level paths (all but a few): the identity parent is not multiplied in.
            _object_matrix(obj, m_at)
            own_matrix = m_values[:]
            if parent is not IDENTITY:
                own_matrix = _mul(own_matrix, parent)
            _path_rulings(obj, points, _mul(own_matrix, frame), rulings)
        elif kind == image_kind:
            _object_bounds(obj, *bounds)
            left, bottom, right, top = box_values[:]
            xa, ta = to_frame(left, bottom)
            xb, tb = to_frame(right, top)
            images.append((min(xa, xb), min(ta, tb), max(xa, xb), max(ta, tb)))
    if dropped:
        text_objects = [_TextObject(obj, own, box) for obj, own, box in texts]
        _restore_copies(text_objects, frame)
        drawn = [t.glyphs for t in text_objects]
    else:
        drawn = [own for _obj, own, _box in texts]
    glyphs = [g for own in drawn if own for g in own]
    for order, g in enumerate(glyphs):
        g.order = order
    return PageContent(width=width, height=height, glyphs=glyphs, rulings=rulings, images=images)


_MAY_BE_GENERATED = frozenset((0x20, 0x0D, 0x0A, 0x2D, 0x02, 0xFFFE))
# The linear part of the frame on pages turned 0° and 90° (:func:`_frame`): all
# but a handful of pages, and the only frames with a short path for glyphs.
_UPRIGHT_PAGE = (1.0, 0.0, 0.0, -1.0)
_TURNED_PAGE = (0.0, 1.0, 1.0, 0.0)


def _glyphs_by_object(textpage: Any, frame: Affine, parent_of: Callable[[int], Affine]) -> dict[int, list[Glyph]]:
    """The glyphs of the text page's characters, grouped by the text object that drew
    them (generated spaces and line breaks left out), each group in the object's own order.

    One pass over the characters in the text page's order, building each glyph as
    its character is met: a text object's characters come in one run (PDFium
    processes the page object by object), so what every glyph of an object shares
    (font metrics, the characters' matrix, the box offsets) is worked out on the
    first character of the run and kept while the run lasts; a run that resumes
    later (PDFium may regroup objects into lines) asks its object's values again.
    ``parent_of`` gives a text object's parent's matrix (:func:`_walk`), needed
    only for the pen position of upright vertical glyphs.

    The short path: a horizontal glyph of an object that is neither rotated nor
    skewed nor mirrored (character matrix ``a, d > 0``, ``b = c = 0``) on a page
    turned 0° or 90° — nine glyphs in ten — has a box whose sides are its origin,
    its origin plus the advance, and its origin plus the object's two descent
    offsets, each mapped by the frame's translation alone; 9 operations instead of
    the general path's 27, and no reordering. Those are the very operations the
    general path performs once its multiplications by 0 and ±1 (exact) are left
    out, in the same order, so the floats are bit for bit the same; composing the
    offsets into one constant per object would save two more additions but round
    differently. Measured with the cffi calls and :meth:`Glyph.new`: 1.93 → 1.50
    ms/page for this function, the short path alone 0.14 of it (the versions
    interleaved on the same loaded text pages, least of 3 each, archive, load 3.9).
    """
    fa, fb, fc, fd, fe, ff = frame
    short_page = frame[:4] in (_UPRIGHT_PAGE, _TURNED_PAGE)
    turned = fa == 0.0
    tp = _address(textpage)
    count = R.FPDFText_CountChars(textpage)
    codes = _codes(textpage, count)
    # (font, size) -> (descent, code -> (/W width, text, blank)); PDFium asked once for each.
    fonts: dict[tuple[int, float], tuple[float, dict[int, tuple[float, str, bool]]]] = {}
    ox_c, oy_c = ctypes.c_double(), ctypes.c_double()  # (.value reads faster than an array item)
    ox_at, oy_at = ctypes.addressof(ox_c), ctypes.addressof(oy_c)
    cm = _Out(ctypes.c_float, 6)  # FS_MATRIX
    cm_at, cm_values = cm.at[0], cm.values
    one = _Out(ctypes.c_float, 2)  # font size; descent and widths (shared, as PDFium leaves it on failure)
    fsize_at, value_at = one.at
    one_values = one.values
    m = _Out(ctypes.c_float, 6)
    vfont_min_width = LAYOUT.vfont_min_width
    char_object, generated, may_be_generated = _char_object, _char_generated, _MAY_BE_GENERATED
    char_origin, glyph_width, make = _char_origin, _glyph_width, Glyph.new

    out: dict[int, list[Glyph]] = {}
    current = 0  # the current run's object, and below what its glyphs share
    own: list[Glyph] = []
    font, size = 0, 0.0
    font_widths: dict[int, tuple[float, str, bool]] = {}
    a = b = c = d = hx0 = hy0 = hx1 = hy1 = 0.0
    upright = down = short = False
    pen_x: float | None = None  # where an upright vertical object starts drawing, in user space
    for i in range(count):
        obj = char_object(tp, i)
        # Generated characters (PDFium's own spaces, line breaks and hyphens)
        # usually have no object, but not always: a break may be attributed to
        # its neighbour. Only those code points can be generated, so only they are asked.
        code = codes[i]
        if not obj or (code in may_be_generated and generated(tp, i) == 1):
            continue
        if obj != current:
            current = obj
            known_own = out.get(obj)
            own = out[obj] = [] if known_own is None else known_own
            _font_size(obj, fsize_at)
            font, size = _font(obj), one_values[0]
            font_key = (font or 0, size)
            known = fonts.get(font_key)
            if known is None:
                _descent(font, size, value_at)
                known = fonts[font_key] = (one_values[1], {})
            descent, font_widths = known
            pen_x = None
            # The characters' matrix: not the object's (horizontal scaling and
            # rise are applied), but the same for every character PDFium
            # attributes to the object, so read once.
            _char_matrix(tp, i, cm_at)
            a, b, c, d = cm_values[:4]
            short = short_page and b == 0.0 and c == 0.0 and a > 0.0 and d > 0.0 and size > 0.0
            if short:
                # What the general lines below come to for such an object (hx0 and
                # hx1 are 0, and its vertical glyphs do not use them). They are set
                # anyway, so no branch below can read another object's offsets.
                upright, down = not turned, True
                hx0, hy0, hx1, hy1 = 0.0, d * descent, 0.0, d * (descent + size)
            else:
                # Composite linear part (char matrix, then frame with y up: top = -y).
                ca, cb, cc, cd = a * fa + b * fc, -(a * fb + b * fd), c * fa + d * fc, -(c * fb + d * fd)
                upright = ca * cd > 0 and cb * cc <= 0
                down = cb <= 0
                # Horizontal box offsets from the origin, the same for every glyph.
                hx0, hy0, hx1, hy1 = c * descent, d * descent, c * (descent + size), d * (descent + size)
        width_text = font_widths.get(code)
        if width_text is None:
            text = chr(code) if 0 < code < 0x110000 else "\ufffd"
            gw = one_values[1] if glyph_width(font, code, size, value_at) else 0.0
            width_text = font_widths[code] = (gw, text, blank(text))
        gw, text, space = width_text
        char_origin(tp, i, ox_at, oy_at)
        ox, oy = ox_c.value, oy_c.value
        if short and gw >= 0.0:
            # hx0 and hx1 are 0 (c = 0); the frame adds fe and ff to ±user x or y.
            if turned:
                x0, x1, top, bottom = oy + hy0 + fe, oy + hy1 + fe, ox + ff, ox + a * gw + ff
            else:
                x0, x1, top, bottom = ox + fe, ox + a * gw + fe, ff - (oy + hy1), ff - (oy + hy0)
            own.append(make(text, x0, top, x1, bottom, bottom - top, upright, False, down, space))
            continue
        vertical = gw < 0
        if vertical:
            # pdfminer: box size wide, centred on the pen; from the pen's
            # y + 0.12 size down by the advance. PDFium's origin sits at
            # the pen minus the vertical origin (0.88 size down), so the
            # top is origin + size and the pen's x is the object's.
            if upright:
                if pen_x is None:
                    pen_x = _own_matrix(obj, parent_of(obj), m)[4]
                px, py = pen_x, oy
            else:
                px, py = ox, oy
            lx0, ly0, lx1, ly1 = -0.5 * size, size + gw, 0.5 * size, size
            ux0, uy0 = px + a * lx0 + c * ly0, py + b * lx0 + d * ly0
            ux1, uy1 = px + a * lx1 + c * ly1, py + b * lx1 + d * ly1
        else:
            ux0, uy0 = ox + hx0, oy + hy0
            ux1, uy1 = ox + a * gw + hx1, oy + b * gw + hy1
        x0, t0 = fa * ux0 + fc * uy0 + fe, fb * ux0 + fd * uy0 + ff  # to_frame, inlined
        x1, t1 = fa * ux1 + fc * uy1 + fe, fb * ux1 + fd * uy1 + ff
        if x1 < x0:
            x0, x1 = x1, x0
        if t1 < t0:
            t0, t1 = t1, t0
        glyph_size = (x1 - x0) if vertical else (t1 - t0)
        own.append(make(text, x0, t0, x1, t1, glyph_size, upright, vertical and (x1 - x0) > vfont_min_width, down, space))
    return out


def _codes(textpage: Any, count: int) -> list[int]:
    """Every character's code point, read in one call (and turned into ints in C:
    UTF-32 code units are the code points)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = R.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) == count:
        return array("I", text.encode("utf-32-le")).tolist()
    # characters outside the BMP came as surrogate pairs: ask one by one
    return [R.FPDFText_GetUnicode(textpage, i) for i in range(count)]


def _blank_object(obj: int, matrix: Affine, to_frame: Any) -> list[Glyph] | None:
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
    _font_size(obj, ctypes.addressof(size))
    font = _font(obj)
    if not _glyph_width(font, 32, size.value, ctypes.addressof(advance)) or advance.value <= 0:
        return None
    _descent(font, size.value, ctypes.addressof(descent))
    a, _b, _c, d, e, f = matrix
    x0, t0 = to_frame(e, f + d * descent.value)
    x1, t1 = to_frame(e + a * advance.value, f + d * (descent.value + size.value))
    return [Glyph(" ", min(x0, x1), min(t0, t1), max(x0, x1), max(t0, t1), abs(t1 - t0))]


class _TextObject:
    """A text object: its handle, its glyphs (None: PDFium dropped it) and its box
    in user space (empty until :func:`_restore_copies` needs it)."""

    __slots__ = ("obj", "glyphs", "box")

    def __init__(self, obj: int, glyphs: list[Glyph] | None, box: list[float] | None = None) -> None:
        self.obj, self.glyphs = obj, glyphs
        self.box = box or []


def _restore_copies(texts: list[_TextObject], frame: Affine) -> None:
    """Give each dropped text object the glyphs of the object it overprints.

    PDFium keeps one of the copies — not always the first drawn — so the
    partner is searched on both sides, nearest first, among objects that have
    glyphs (restored ones too: four copies 0.3 pt apart chain up). Objects with
    no partner (empty strings, spaces PDFium ignores) stay empty. Boxes are read
    here, only on pages that have a dropped object (one in twenty).
    """
    fa, fb, fc, fd = frame[:4]
    pending = [i for i, t in enumerate(texts) if t.glyphs is None]
    if pending:
        out = _Out(ctypes.c_float, 4)
        for t in texts:
            if not t.box:
                _object_bounds(t.obj, *out.at)
                t.box = out.values[:]
    while pending:
        left = []
        for i in pending:
            t = texts[i]
            partner = _partner(texts, i)
            if partner is None:
                left.append(i)
                continue
            dx, dy = t.box[0] - partner.box[0], t.box[1] - partner.box[1]
            sx, sy = fa * dx + fc * dy, fb * dx + fd * dy  # the shift in the frame
            t.glyphs = [
                Glyph(g.text, g.x0 + sx, g.top + sy, g.x1 + sx, g.bottom + sy, g.size, g.upright, g.vfont, g.down)
                for g in partner.glyphs or ()
            ]
        if len(left) == len(pending):
            break
        pending = left


def _partner(texts: list[_TextObject], i: int) -> _TextObject | None:
    x0, y0, x1, y1 = texts[i].box
    for step in range(1, COPY_LOOKBACK + 1):
        for j in (i - step, i + step):
            if not 0 <= j < len(texts):
                continue
            other = texts[j]
            if other.glyphs:
                ox0, oy0, ox1, oy1 = other.box
                if (
                    abs(x0 - ox0) <= COPY_OFFSET
                    and abs(y0 - oy0) <= COPY_OFFSET
                    and abs((x1 - x0) - (ox1 - ox0)) <= SIZE_SLACK
                    and abs((y1 - y0) - (oy1 - oy0)) <= SIZE_SLACK
                ):
                    return other
    return None


Walked = tuple[int, int, Affine, int]  # object, type, parent's matrix, path points


def _walk(
    parent: int, matrix: Affine, out: list[Walked], form: bool = False, depth: int = 0,
    texts: Container[int] = (),
) -> list[Walked]:
    """(object, type, the matrix from its parent's space to page user space, the
    number of path points) in drawing order, descending into forms.

    The object's own matrix (:func:`_own_matrix`) is left to the caller, which
    needs it for paths but only for a few text objects. A path's points and a
    form's objects are in the object's own space; a text object's matrix starts
    at its first pen position. Objects in ``texts`` (those the text page gave
    characters) are known text objects: PDFium is not asked their type. Others
    are asked their path point count first: it is -1 for anything but a path,
    and a path (a third of all objects) needs it anyway, so only non-paths are
    asked their type.
    """
    count = _form_count(parent) if form else _page_count(parent)
    get = _form_object if form else _page_object
    m = _Out(ctypes.c_float, 6)
    text_kind, path_kind, form_kind = R.FPDF_PAGEOBJ_TEXT, R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_FORM
    for i in range(max(count, 0)):
        obj = get(parent, i)
        if not obj:
            continue
        if obj in texts:
            out.append((obj, text_kind, matrix, 0))
            continue
        points = _segment_count(obj)
        kind = path_kind if points >= 0 else _object_type(obj)
        out.append((obj, kind, matrix, points))
        if kind == form_kind and depth < 15:
            _walk(obj, _own_matrix(obj, matrix, m), out, True, depth + 1, texts)
    return out


def _own_matrix(obj: int, parent: Affine, m: _Out) -> Affine:
    """The object's matrix to page user space: its own (read into ``m``), then its parent's."""
    _object_matrix(obj, m.at[0])
    a, b, c, d, e, f = m.values[:]  # (a ctypes array unpacks slowly, its slice fast)
    return _mul((a, b, c, d, e, f), parent)


# ---------------------------------------------------------------- rulings


# PDFium's path point (CFX_Path::Point): x, y as float, the segment type as a
# byte (0 line, 1 Bézier, 2 move: FPDF_SEGMENT_*'s values) and the close flag.
_POINT = struct.Struct("=ffBBxx")
_MOVETO, _LINETO, _BEZIERTO = R.FPDF_SEGMENT_MOVETO, R.FPDF_SEGMENT_LINETO, R.FPDF_SEGMENT_BEZIERTO
# Whether _POINT matches the loaded PDFium: None until the first path with two
# or more points is read both ways and compared.
_bulk_points: bool | None = None


def _path_points(obj: int, n: int) -> list[tuple[float, float, int, int]]:
    """(x, y, segment type, close flag) of a path's ``n`` points, in the path's own space.

    The API has four calls per point (segment, point, type, close); on pages with
    hundreds of ruled cells that is most of the adapter's time. A segment handle
    is the address of the point inside PDFium's contiguous point array (a
    ``std::vector``), so the whole array is read in one copy from the first
    point's address. The layout is confirmed once per process, on the first path
    with two or more points: the last point's address must confirm the stride and
    the copy must equal the API's points; otherwise the API is used point by point.
    """
    global _bulk_points
    first = _segment(obj, 0)
    if _bulk_points and first:
        return list(_POINT.iter_unpack(ctypes.string_at(first, _POINT.size * n)))
    if n > 1 and _bulk_points is None and first and _segment(obj, n - 1) == first + _POINT.size * (n - 1):
        points = list(_POINT.iter_unpack(ctypes.string_at(first, _POINT.size * n)))
        _bulk_points = points == _api_points(obj, n)
        if _bulk_points:
            return points
    return _api_points(obj, n)


def _api_points(obj: int, n: int) -> list[tuple[float, float, int, int]]:
    x, y = ctypes.c_float(), ctypes.c_float()
    at_x, at_y = ctypes.addressof(x), ctypes.addressof(y)
    points = []
    for i in range(n):
        seg = _segment(obj, i)
        _segment_point(seg, at_x, at_y)
        points.append((x.value, y.value, _segment_type(seg), 1 if _segment_close(seg) else 0))
    return points


def _path_rulings(obj: int, n: int, to_frame: Affine, out: list[Ruling]) -> None:
    """pdfminer's line/rect/curve reading of one path object of ``n`` points, as
    pdfplumber edges, into ``out``.

    Whether the path is painted is not asked: PDFium makes a path object only for
    a path that is stroked or filled (``CPDF_StreamContentParser::AddPathObject``);
    a clipping path (``W n``) goes to the clip state, as pdfminer draws nothing
    for ``n``. The two commonest paths, a single line and a rectangle drawn as a
    closed four-line loop (nine in ten on the archive), are read without building
    pdfminer's operator string.
    """
    a, b, c, d, e, f = to_frame
    points = _path_points(obj, n)
    if n == 2 and points[0][2] == _MOVETO and points[1][2] == _LINETO and not points[0][3]:
        # A single line, the commonest path by far (a close flag on its end adds nothing).
        (xa, ya, _, _), (xb, yb, _, _) = points
        ax, at = a * xa + c * ya + e, b * xa + d * ya + f
        bx, bt = a * xb + c * yb + e, b * xb + d * yb + f
        top, bottom = min(at, bt), max(at, bt)
        out.append(Ruling(min(ax, bx), top, max(ax, bx), bottom, "h" if top == bottom else "v"))
        return
    if n == 5 and [(kind, close) for _x, _y, kind, close in points] == _LOOP:
        # m l l l l h back at its start and axis-aligned: pdfminer's rectangle
        # (_subpath_rulings drops the closing line; anything else goes there too).
        (xa, ya, _, _), (xb, yb, _, _), (xc, yc, _, _), (xd, yd, _, _), (xe, ye, _, _) = points
        corners = [(a * x + c * y + e, b * x + d * y + f) for x, y in ((xa, ya), (xb, yb), (xc, yc), (xd, yd))]
        if (a * xe + c * ye + e, b * xe + d * ye + f) == corners[0] and _rectangle(corners, out):
            return
    # Subpaths as pdfminer's operator string (m, l, c, h) and the points they reach;
    # anything before the first move draws nothing.
    shape = ""
    pts: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    bezier = 0
    for x, y, kind, close in points:
        point = (a * x + c * y + e, b * x + d * y + f)
        if kind == _MOVETO:
            if shape:
                _subpath_rulings(shape, pts, out)
            shape, pts, start, bezier = "m", [point], point, 0
        elif kind == _LINETO:
            if shape:
                shape += "l"
                pts.append(point)
        elif kind == _BEZIERTO:
            bezier += 1
            if bezier % 3 == 0 and shape:  # two control points, then the end point
                shape += "c"
                pts.append(point)
        if close and start is not None:
            shape += "h"
            pts.append(start)
    if shape:
        _subpath_rulings(shape, pts, out)


# The (type, close flag) of a rectangle's five points: m l l l l, closed on the last.
_LOOP = [(_MOVETO, 0), (_LINETO, 0), (_LINETO, 0), (_LINETO, 0), (_LINETO, 1)]


def _subpath_rulings(shape: str, pts: list[tuple[float, float]], out: list[Ruling]) -> None:
    """One subpath (``shape`` starts with its move) as pdfminer's line, rectangle or curve edges."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("ml", "mlh"):
        (ax, at), (bx, bt) = pts[0], pts[1]
        top, bottom = min(at, bt), max(at, bt)
        out.append(Ruling(min(ax, bx), top, max(ax, bx), bottom, "h" if top == bottom else "v"))
        return
    if shape in ("mlllh", "mllll") and pts[0] == pts[4] and _rectangle(pts, out):
        return
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        orientation: Orientation = "v" if ax == bx else ("h" if ay == by else None)
        out.append(Ruling(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), orientation))


def _rectangle(corners: list[tuple[float, float]], out: list[Ruling]) -> bool:
    """If the first four ``corners`` go round an axis-aligned rectangle, its four
    edges (pdfplumber's order) into ``out``, and True."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners[:4]
    if not ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
        return False
    # min and max of two, as those builtins pick (a table's cells make hundreds a page)
    left, right = x2 if x2 < x0 else x0, x2 if x2 > x0 else x0
    top, bottom = y2 if y2 < y0 else y0, y2 if y2 > y0 else y0
    out += (
        _ruling(Ruling, (left, top, right, top, "h")),
        _ruling(Ruling, (left, bottom, right, bottom, "h")),
        _ruling(Ruling, (left, top, left, bottom, "v")),
        _ruling(Ruling, (right, top, right, bottom, "v")),
    )
    return True


# Ruling(*fields) without the named tuple's own __new__ (a Python function): 0.19 against 0.33 µs.
_ruling = tuple.__new__
