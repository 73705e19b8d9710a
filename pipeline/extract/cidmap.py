"""Give ``(cid:n)`` glyphs their character back when the font's encoding says which it is.

How pdfminer resolves a glyph (``pdffont.PDFCIDFont``): a ``ToUnicode`` stream
first; without one, for a registered character collection (Adobe-Japan1 …), its
CID → Unicode table (``CMapDB.get_unicode_map``). A CID missing from that table
comes out as the placeholder ``(cid:n)``. Japanese Office PDFs hit this with
fonts such as MS Mincho encoded ``90ms-RKSJ-H`` and no ToUnicode: byte 0x7E maps
to CID 631, which the Adobe-Japan1 table leaves out (2,485 placeholders in one
real agenda).

Such a font's ``Encoding`` is a *predefined CMap* (PDF 32000-1, 9.7.5.2) that
names the legacy encoding the content bytes were written in. Inverting that
CMap (CID → byte code) and decoding the code with the matching codec gives the
character the author typed: ``0x7E`` in CP932 is ``~``. Identity CMaps carry no
such information and are left alone.

The reduced char dicts (``engines.plumber_device``) do not say which font drew a
glyph, so a placeholder is mapped only when every font on the page that could
have drawn it decodes it to the same character; otherwise it stays, and the
clean stage turns it into U+FFFD with an ``unmapped_glyphs`` warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pdfminer.cmapdb import CMapDB
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral

CID_RE = re.compile(r"\(cid:(\d+)\)")
Decoder = Callable[[int], "str | None"]

# Predefined CMap name parts → the codec of the bytes they decode (Adobe TN 5094 lists the CMaps).
_CODECS: tuple[tuple[str, str], ...] = (
    ("RKSJ", "cp932"),  # Shift_JIS; 90ms-/90msp- are Microsoft's CP932 variant, a superset
    ("EUC", "euc_jp"),
    ("UCS2", "utf-16-be"),
    ("UTF16", "utf-16-be"),
    ("UTF32", "utf-32-be"),
    ("UTF8", "utf-8"),
)


def _codec(cmap_name: str) -> str | None:
    if cmap_name.startswith("Identity"):
        return None
    for part, codec in _CODECS:
        if part in cmap_name:
            return codec
    if cmap_name in ("H", "V"):  # ISO-2022-JP rows/cells: EUC-JP is the same code with the high bit set
        return "jis7"
    return None


@lru_cache(maxsize=32)
def _cid_codes(cmap_name: str) -> dict[int, bytes]:
    """CID → the shortest byte code the CMap maps to it."""
    codes: dict[int, bytes] = {}

    def walk(node: dict[int, Any], prefix: bytes) -> None:
        for byte, value in node.items():
            code = prefix + bytes([byte])
            if isinstance(value, int):
                if value not in codes or len(code) < len(codes[value]):
                    codes[value] = code
            else:
                walk(value, code)

    walk(CMapDB.get_cmap(cmap_name).code2cid, b"")  # type: ignore[attr-defined]
    return codes


@lru_cache(maxsize=32)
def cmap_decoder(cmap_name: str) -> Decoder | None:
    """CID → character for a predefined CMap, or None when the CMap names no encoding."""
    codec = _codec(cmap_name)
    if codec is None:
        return None
    try:
        codes = _cid_codes(cmap_name)
    except CMapDB.CMapNotFound:
        return None

    def decode(cid: int) -> str | None:
        code = codes.get(cid)
        if code is None:
            return None
        if codec == "jis7":
            code, encoding = bytes(b | 0x80 for b in code), "euc_jp"
        else:
            encoding = codec
        try:
            text = code.decode(encoding)
        except UnicodeDecodeError:
            return None
        return text if len(text) == 1 and text.isprintable() else None

    return decode


def _font_decoder(font: dict[str, Any]) -> Decoder | None:
    """The decoder for a font that can emit placeholders; None when nothing is known."""
    encoding = resolve1(font.get("Encoding"))
    if isinstance(encoding, PSLiteral) and isinstance(encoding.name, str):
        return cmap_decoder(encoding.name)
    return None


def _may_emit_placeholders(font: dict[str, Any]) -> bool:
    """A Type0 font without ToUnicode, or a simple font with neither ToUnicode nor Encoding."""
    if font.get("ToUnicode") is not None:
        return False
    subtype = resolve1(font.get("Subtype"))
    return getattr(subtype, "name", None) == "Type0" or font.get("Encoding") is None


def page_decoders(pdf_page: Any) -> list[Decoder | None]:
    """One entry per font of the page that may emit ``(cid:n)``; None where it cannot be decoded."""
    try:
        fonts = resolve1(pdf_page.page_obj.resources.get("Font")) or {}
        out: list[Decoder | None] = []
        for ref in fonts.values():
            font = resolve1(ref)
            if isinstance(font, dict) and _may_emit_placeholders(font):
                out.append(_font_decoder(font))
        return out
    except Exception:  # noqa: BLE001 - a damaged font dictionary only means no mapping
        return [None]


def map_cids(chars: list[dict[str, Any]], pdf_page: Any) -> list[dict[str, Any]]:
    """Replace ``(cid:n)`` texts in place where the page's fonts agree on the character."""
    if not any(ch["text"].startswith("(cid:") for ch in chars):
        return chars
    decoders = page_decoders(pdf_page)
    if not decoders or None in decoders:
        return chars
    for ch in chars:
        match = CID_RE.fullmatch(ch["text"])
        if match:
            cid = int(match.group(1))
            found = {decoder(cid) for decoder in decoders if decoder is not None}
            if len(found) == 1 and None not in found:
                ch["text"] = found.pop()
    return chars
