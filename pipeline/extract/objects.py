"""A page's objects from pdfplumber's layout tree, without its per-character dicts.

``page.chars`` builds a ~25-key dict per glyph (colours resolved, font names
decoded, every attribute filtered), which is a third of the time pdfplumber
spends on a page; the PDF stages read eight of those keys. This module walks
the same pdfminer layout tree pdfplumber parses (``page.layout``), in the same
order, builds the eight keys directly with pdfplumber's own coordinate rules
(``Page.process_object``: top = height − y1, shifted by the MediaBox origin),
and hands every non-character object (rects, lines, curves, images) to
pdfplumber's ``process_object`` unchanged, so table finding sees exactly the
edges it would otherwise.

``tests/test_pdf_objects.py`` checks the result key by key against
``page.chars`` on real files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from pdfminer.layout import LTAnno, LTChar, LTContainer, LTItem

CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "size", "upright", "matrix")
_LT_PREFIX = re.compile(r"^LT")


def _walk(objs: list[LTItem]) -> Iterator[LTItem]:
    """Leaves in drawing order, descending into figures (pdfplumber's iter_layout_objects)."""
    for obj in objs:
        if isinstance(obj, LTContainer):
            yield from _walk(obj._objs)
        else:
            yield obj


def load_objects(pdf_page: Any) -> list[dict[str, Any]]:
    """Return the page's characters (eight keys each) and prime ``pdf_page.objects``.

    After this call ``pdf_page.objects`` (and so ``edges``, ``rects``, ``images``
    and ``find_tables``) is served from the same pass; its ``char`` list holds
    the reduced dicts, so code that needs pdfplumber's full char dicts must not
    run on a page loaded this way.
    """
    mb_x0, mb_top = pdf_page.mediabox[:2]
    height = pdf_page.height
    unicode_norm = pdf_page.pdf.unicode_norm
    chars: list[dict[str, Any]] = []
    objects: dict[str, list[dict[str, Any]]] = {"char": chars}
    for obj in _walk(pdf_page.layout._objs):
        if isinstance(obj, LTChar):
            text = obj.get_text()
            if unicode_norm is not None:
                text = unicodedata.normalize(unicode_norm, text)
            chars.append(
                {
                    "text": text,
                    "x0": obj.x0 + mb_x0,
                    "x1": obj.x1 + mb_x0,
                    "top": (height - obj.y1) + mb_top,
                    "bottom": (height - obj.y0) + mb_top,
                    "size": obj.size,
                    "upright": obj.upright,
                    "matrix": obj.matrix,
                }
            )
        elif not isinstance(obj, LTAnno):
            kind = _LT_PREFIX.sub("", obj.__class__.__name__).lower()
            objects.setdefault(kind, []).append(pdf_page.process_object(obj))
    pdf_page._objects = objects
    return chars
