"""Text input (already extracted from a PDF by some tool) → Layout.

Stream text (pdfminer's ``extract_text`` and the like) has no geometry, so this
extractor recovers the two layout facts that survive in it: page breaks (form
feeds) and vertical text, which extractors emit one glyph per line. Layout text
(``pdftotext -layout``) keeps columns as runs of spaces: when
:func:`pipeline.extract.textgrid.keeps_columns` says so, the pages are read
from the character grid instead (:mod:`pipeline.extract.textgrid`), with boxes,
vertical columns and tables. Everything else is left to the shared clean and
segment stages.

Encoding detection is hand-written rather than delegated to a guesser such as
charset-normalizer: committee papers come in exactly three encodings (UTF-8,
CP932/Shift_JIS, EUC-JP), strict decoding tells them apart reliably, and a guesser
on short Japanese text sometimes picks a Chinese or Cyrillic code page, which
would silently corrupt the output instead of failing clearly.
"""

from __future__ import annotations

import regex

from pipeline.errors import InputError
from pipeline.extract.textgrid import GUTTER, cell_model, grid_page, keeps_columns
from pipeline.layout import Layout, Line, Notice, Page

_ENCODINGS = ("utf-8", "cp932", "euc_jp")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
# A glyph of a vertical column: one CJK character, kana, or full-width symbol.
_SINGLE_GLYPH = regex.compile(r"^\s*([\p{Han}\p{Hiragana}\p{Katakana}ー々〆ヶ・、。「」（）()0-9０-９])\s*$")
_MIN_VERTICAL = 3  # fewer one-glyph lines in a row are more likely a wrapped tail
_GUTTER = regex.compile(rf"(?<=\S) {{{GUTTER},}}(?=\S)")


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises InputError for binary junk or an unknown encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    sample = data[:65536]
    if b"\x00" in sample:
        raise InputError("binary data, not text (contains NUL bytes)")
    candidates: list[tuple[int, str, str]] = []
    for enc in _ENCODINGS:
        try:
            text = data.decode(enc, errors="strict")
        except UnicodeDecodeError:
            continue
        if enc == "utf-8":
            return text, enc  # strict UTF-8 almost never decodes other encodings by accident
        # Between CP932 and EUC-JP prefer the reading with more kana: a wrong
        # decoding produces rare kanji and symbols instead of running Japanese.
        candidates.append((len(_KANA.findall(text[:20000])), enc, text))
    if not candidates:
        raise InputError("unknown text encoding (not UTF-8, CP932/Shift_JIS or EUC-JP)")
    candidates.sort(key=lambda c: (-c[0], _ENCODINGS.index(c[1])))
    _score, enc, text = candidates[0]
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text[:65536]) * 0.01:
        raise InputError("binary data, not text (control characters)")
    return text, enc


def extract_text(data: bytes) -> Layout:
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    layout = Layout(kind="text", encoding=encoding)
    double = _double_spaced(text)
    if "\f" in text or not double:
        raw_pages = text.split("\f")
    else:
        # Double-spaced extractor output (every line followed by an empty one)
        # that lost its form feeds: the page breaks survive as two or more
        # consecutive empty lines, which the double spacing never produces.
        raw_pages = regex.split(r"\n\n\n\n+", text)
        layout.notices.append(Notice("inferred_page_breaks", f"no form feeds: {len(raw_pages)} pages inferred from runs of empty lines"))
    # A trailing form feed (pdftotext ends every page with one) makes no extra page.
    if len(raw_pages) > 1 and not raw_pages[-1].strip():
        raw_pages.pop()
    split = [raw.split("\n") for raw in raw_pages]
    if keeps_columns(split):
        # Layout text (pdftotext -layout): a glyph's column and line are its x and y.
        width = cell_model(split)
        layout.pages = [grid_page(raw, number, layout, width) for number, raw in enumerate(split, start=1)]
        unit = "one cell per character" if width("あ") == 1 else "full-width characters as two cells"
        layout.notices.append(
            Notice("layout_text", f"read as layout text: columns kept as runs of spaces, {unit}; boxes are in grid points")
        )
        return layout
    for number, raw in enumerate(raw_pages, start=1):
        page = Page(number=number)
        # Blank lines are paragraph cues only where the page is not double-spaced
        # throughout (extractors such as pdfminer separate every text box by one).
        page.lines = _page_lines(raw.split("\n"), number, layout, double or _double_spaced(raw))
        page.chars_found = sum(len(regex.sub(r"\s", "", ln.text)) for ln in page.lines)
        page.has_text_layer = bool(page.lines)
        layout.pages.append(page)
    return layout


def _double_spaced(text: str) -> bool:
    """True when most text lines are followed by an empty line (a common extractor habit)."""
    lines = text.split("\n")
    filled = [i for i, ln in enumerate(lines[:-1]) if ln.strip()]
    if len(filled) < 4:
        return False
    followed = sum(1 for i in filled if lines[i + 1] == "")
    return followed / len(filled) > 0.6


def _page_lines(raw_lines: list[str], number: int, layout: Layout, double: bool) -> list[Line]:
    """Lines of one page; in double-spaced text only whitespace-only lines mark a paragraph gap."""
    lines: list[Line] = []
    gap = False
    i = 0
    while i < len(raw_lines):
        raw = raw_lines[i].rstrip()
        if not raw.strip():
            if raw_lines[i] != "" or not double:
                gap = True
            i += 1
            continue
        run_end = i
        while run_end < len(raw_lines) and _SINGLE_GLYPH.match(raw_lines[run_end]):
            run_end += 1
        if run_end - i >= _MIN_VERTICAL:
            lines.append(_vertical_line(raw_lines[i:run_end], number, gap, layout))
            i = run_end
        else:
            # A paragraph opens with a full-width space (字下げ): a gap even without a blank line.
            indent = raw.startswith("\u3000")
            # A gutter (a run of GUTTER spaces or more) separates two blocks
            # printed on one line, as the PDF reader cuts them (title / note).
            for k, part in enumerate(_GUTTER.split(raw)):
                if part.strip():
                    lines.append(Line(text=part, page=number, break_before=(gap or indent) and k == 0))
            i += 1
        gap = False
    return lines


def _vertical_line(run: list[str], number: int, gap: bool, layout: Layout) -> Line:
    """Join a run of one-glyph lines into one vertical line.

    When the glyphs' indentation varies, the extractor has interleaved two
    vertical columns and the order cannot be recovered from text alone: keep the
    glyphs as a horizontal (unclassified) line and say so, rather than invent a
    string that was never printed.
    """
    glyphs = "".join(r.strip() for r in run)
    indents = {len(r) - len(r.lstrip()) for r in run}
    if len(indents) > 1:
        layout.notices.append(
            Notice(
                "garbled_vertical_text",
                f"vertical text is interleaved with another column and cannot be ordered: kept as '{glyphs}'",
                page=number,
            )
        )
        return Line(text=glyphs, page=number, break_before=gap)
    return Line(text=glyphs, page=number, direction="vertical", break_before=gap)
