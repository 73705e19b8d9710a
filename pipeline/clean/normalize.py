"""The one character normalization applied to every string the pipeline outputs.

Why one function: segmenters match labels, dates and numbers with regexes, and
the published JSON is compared across sources (PDF, UTF-8 text, CP932 text).
If each stage normalized on its own, ``１`` and ``1`` or ``ｶﾞ`` and ``ガ`` would
leak through in some fields and not others. Everything goes through
:func:`normalize_text`, and it is idempotent, so calling it twice is harmless.

Why not plain NFKC: NFKC also rewrites the labels committee papers use for
structure (``①`` → ``1``, ``⑴`` → ``(1)``, ``㈠`` → ``(一)``), which would make
``⑴`` indistinguishable from a typed ``(1)``. The table below is NFKC's useful half, done with mojimoji.

Rules, in the order they are applied:

| step | input | output |
| ---- | ----- | ------ |
| 0 | ``(cid:631)``: pdfminer's placeholder for a glyph its font maps to no character | U+FFFD (counted per page in an ``unmapped_glyphs`` warning by :mod:`pipeline.clean`) |
| 0 | symbol-font bullets in the private use area (``U+F06C`` …, see ``SYMBOL_BULLETS``) | the bullet they show (``●``, ``◆``, ``■`` …) |
| 0 | any other private-use character (外字, unknown symbol-font glyphs) | U+FFFD: it has no meaning outside the author's fonts |
| 1 | tab, VT, FF, CR, NEL | space |
| 1 | other control characters (``\\p{Cc}`` except ``\\n``); U+200B ZWSP, U+2060 WJ, U+FEFF BOM, U+00AD soft hyphen | removed |
| 2 | full-width ASCII letters and digits ``Ａ-Ｚ ａ-ｚ ０-９`` | ``A-Z a-z 0-9`` (mojimoji ``zen_to_han(s, kana=False)``) |
| 2 | full-width ASCII punctuation ``（）：％，．／！？＆＋－＝＠＃～`` … | ``():%,./!?&+-=@#~`` … (same call) |
| 2 | ``＂ ＇ ｀`` (mojimoji skips them) | ``" ' ``` |
| 2 | ideographic space U+3000 | space (same call) |
| 2 | ``￠ ￡ ￢ ￤ ￣ ￥`` | ``¢ £ ¬ ¦ ¯ ¥`` |
| 2 | ``〜`` U+301C, ``−`` U+2212 | ``~ -`` (CP932 decodes the same JIS bytes as ``～ －``; this keeps the output independent of the source encoding) |
| 3 | half-width katakana and punctuation ``ｶﾞｷﾞ ｰ ｯ ｢｣､｡･`` | full-width ``ガギ ー ッ 「」、。・`` (mojimoji ``han_to_zen(s, ascii=False, digit=False)``) |
| 4 | everything | Unicode NFC (``か`` + U+3099 → ``が``; CJK compatibility ideographs → unified ones) |
| 5 | runs of whitespace other than ``\\n`` (space, tab, U+3000, NBSP, …) | one space |
| 5 | spaces at both ends of the string and of every line in it | removed |
| 6 | a space between a number and its unit: a date unit that ends the word (``7 月 28 日``, ``平成 28 年 5 月``), an ordinal after 第 (``第 5 次``, ``第 107 条``), an era name or 第 before the number | removed (``7月28日``, ``平成28年5月``, ``第5次``, ``第107条``): PDF producers set Latin digits in another font with side bearings, and Japanese never spaces a number from its unit. ``1 日時`` (a label before a heading) is left alone |

Left untouched on purpose: kana and kanji; ``「」、。・ー`` (full-width already,
and Japanese punctuation, not ASCII); circled and parenthesized numbers
``①⑴㈠`` (they are list labels); curly quotes ``“”‘’`` (mojimoji would turn
only the closing ones into ASCII and break the pairs); spaces *between* words
(content: only :mod:`pipeline.clean.spacing` removes letter-spacing).

Limits: ``‖``/``∥`` and other JIS code points that CP932 and EUC-JP decode to
different characters, beyond the ones in the table, are kept as decoded.
"""

from __future__ import annotations

import unicodedata

import mojimoji
import regex

# Step 0. Symbol fonts (Wingdings, Symbol) have a Windows "symbol" cmap that puts
# their 8-bit codes at U+F020–U+F0FF (OpenType spec, cmap table, platform 3
# encoding 0), so Word's bullets reach the PDF as private-use code points. The
# shapes are those of Microsoft's Wingdings/Symbol code charts, as mapped to
# Unicode in the Wingdings/Webdings proposal (Unicode L2/11-052, encoded in
# Unicode 7.0); medium/small variants are folded into the bullet the label
# reader knows (⬥ → ◆). Only codes Word offers as bullets are listed: the same
# code is a Greek letter in Symbol (0x6C λ), but never a bullet there.
SYMBOL_BULLETS = str.maketrans(
    {
        "\uf06c": "●",  # Wingdings 0x6C black circle
        "\uf06e": "■",  # Wingdings 0x6E black square
        "\uf06f": "□",  # Wingdings 0x6F white square
        "\uf075": "◆",  # Wingdings 0x75 black diamond
        "\uf076": "❖",  # Wingdings 0x76 black diamond minus white X
        "\uf077": "◆",  # Wingdings 0x77 black medium diamond (U+2B25)
        "\uf0a1": "○",  # Wingdings 0xA1 white circle
        "\uf0a7": "▪",  # Wingdings 0xA7 black small square
        "\uf0b7": "•",  # Symbol 0xB7 bullet (Word's default bullet)
        "\uf0d8": "➢",  # Wingdings 0xD8 three-D top-lighted rightwards arrowhead
    }
)
_PLACEHOLDER = regex.compile(r"\(cid:\d+\)")
_PRIVATE_USE = regex.compile(r"\p{Co}")
# Step 1. Whitespace controls separate words, so they become spaces; other C0/C1
# controls and invisible format characters are extraction noise.
_TAB = regex.compile(r"[\t\v\f\r\x85]")
_CONTROL = regex.compile(r"[\p{Cc}\u200b\u2060\ufeff\u00ad--\n]", regex.V1)
# Every character steps 0 (after the bullet table) and 1 act on, for one test that skips them.
_INVISIBLE = regex.compile(r"[\p{Co}\p{Cc}\u200b\u2060\ufeff\u00ad]")
# Step 2 helpers: mojimoji maps the closing curly quotes to ASCII but not the
# opening ones, so those characters are kept out of its reach.
_CURLY = regex.compile(r"[\u2018\u2019\u201d]")
_NOT_CURLY = regex.compile(r"[^\u2018\u2019\u201d]+")
_EXTRA = str.maketrans(
    {
        "＂": '"',
        "＇": "'",
        "｀": "`",
        "￠": "¢",
        "￡": "£",
        "￢": "¬",
        "￤": "¦",
        "￣": "¯",
        "〜": "~",
        "−": "-",
    }
)
# Step 5. Any whitespace but the newline the caller may keep.
_SPACES = regex.compile(r"[^\S\n]+")
_LINE_EDGES = regex.compile(r" ?\n ?")
# Step 6: a number and its unit belong together. Date units only when the unit
# ends the word ("1 日時" is a label and a heading, not a date); ordinal units
# only after 第 ("第 5 次"); era names and 第 before a number.
_LETTER = r"\p{Han}\p{Hiragana}\p{Katakana}"
_NUMBER_SPACES = [
    regex.compile(r"(?<=\d) (?=[年月日時分秒](?!\p{Han}))"),
    regex.compile(r"(?<=\d[年月日時]) (?=\d)"),
    regex.compile(r"(?<=第 ?\d{1,4}) (?=[回条項号次期章節])"),
    regex.compile(rf"(?<=(?:^|[^{_LETTER}])(?:第|令和|平成|昭和|大正|明治)) (?=\d)"),
]
# Each of them removes a space beside a digit: a string without one is left as it is.
_NUMBER_GAP = regex.compile(r"\d | \d")


def _zen_to_han(s: str) -> str:
    if _CURLY.search(s) is None:
        return mojimoji.zen_to_han(s, kana=False)
    return _NOT_CURLY.sub(lambda m: mojimoji.zen_to_han(m[0], kana=False), s)


def normalize_text(s: str) -> str:
    """Return ``s`` normalized by the rules in this module's table.

    ``\\n`` is kept (callers normally pass one line). Idempotent:
    ``normalize_text(normalize_text(s)) == normalize_text(s)``.
    """
    if not s:
        return s
    if s.isascii() and s.isprintable() and "(cid:" not in s:
        # Printable ASCII (a third of the archive's distinct lines: figures, codes):
        # steps 0–4 and 6 act only on other characters, and its one whitespace is
        # the space, so step 5 is all there is to do (_full gives the same answer).
        # Normalizing the archive's 46,434 distinct lines: 0.191 → 0.148 ms/page.
        return " ".join(s.split())
    return _full(s)


def _full(s: str) -> str:
    """Every step of the table, in order (:func:`normalize_text` without its ASCII shortcut)."""
    if "(cid:" in s:
        s = _PLACEHOLDER.sub("\ufffd", s)
    s = s.translate(SYMBOL_BULLETS)
    if _INVISIBLE.search(s) is not None:  # steps 0 and 1 have nothing to do on most lines
        s = _PRIVATE_USE.sub("\ufffd", s)
        s = _TAB.sub(" ", s)
        s = _CONTROL.sub("", s)
    s = _zen_to_han(s).translate(_EXTRA)
    s = mojimoji.han_to_zen(s, ascii=False, digit=False)
    s = unicodedata.normalize("NFC", s)
    s = _SPACES.sub(" ", s)
    if _NUMBER_GAP.search(s) is not None:
        for pattern in _NUMBER_SPACES:
            s = pattern.sub("", s)
    if "\n" in s:
        s = _LINE_EDGES.sub("\n", s)
    return s.strip(" ")
