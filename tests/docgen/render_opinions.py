"""The 意見・提案シート: members' opinions flowing over 1–3 (or, for benchmarks, hundreds of) pages.

Opinions are laid out as a flat list of lines first and cut into pages after,
so an opinion can straddle a page break exactly as in real sheets, and a caller
can ask how many pages a set of opinions takes before drawing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from . import jp
from .draw import A4_PORTRAIT, GOTHIC, MIN, Page, width, wrap
from .spec import Opinion

SIZE = 10.5
LEAD = 18.0
X = 75.0
TEXT_W = A4_PORTRAIT[0] - 2 * X
FIRST_TOP, NEXT_TOP, BOTTOM = 150.0, 62.0, A4_PORTRAIT[1] - 72.0
FIRST_CAP = int((BOTTOM - FIRST_TOP) // LEAD)
NEXT_CAP = int((BOTTOM - NEXT_TOP) // LEAD)


@dataclass(frozen=True)
class Line:
    """One laid-out line; ``opinion`` is the index it belongs to (-1 for blanks/submitters)."""

    text: str
    opinion: int = -1
    right: bool = False


def submitter_line(who: str, form: str) -> str:
    """The attribution line in one of the three forms producers use."""
    if form == "teishutsu":
        return f"（提出：{who}）"
    if form == "teishutsusha":
        return f"提出者：{who}"
    return f"{who}より"


def lay_out(opinions: list[Opinion], numbered: bool, form: str, start: int = 0) -> list[Line]:
    """Lines for ``opinions``; each submitter line follows all the opinions it attributes."""
    out: list[Line] = []
    i = start
    for who, group in groupby(opinions, key=lambda o: o.submitter):
        for op in group:
            head = f" {jp.num(i + 1, 'fullwidth')} " if numbered else "　"
            out += [Line(t, i) for t in wrap(head + op.text, MIN, SIZE, TEXT_W)]
            out.append(Line(""))
            i += 1
        out.append(Line(submitter_line(who, form), right=form != "yori" or i % 2 == 0))
        out += [Line(""), Line("")]
    return out


def paginate(lines: list[Line]) -> list[list[Line]]:
    """Cut lines into pages; blank lines at the top of a page are dropped."""
    pages: list[list[Line]] = [[]]
    cap = FIRST_CAP
    for ln in lines:
        if len(pages[-1]) >= cap:
            pages.append([])
            cap = NEXT_CAP
        if not pages[-1] and not ln.text and len(pages) > 1:
            continue
        pages[-1].append(ln)
    while len(pages) > 1 and not any(ln.text for ln in pages[-1]):
        pages.pop()
    return pages


def split_across_pages(pages: list[list[Line]]) -> bool:
    """Whether some opinion starts on one page and ends on the next."""
    return any(
        a and b and a[-1].opinion >= 0 and a[-1].opinion == b[0].opinion
        for a, b in zip(pages, pages[1:])
    )


def draw_opinion_pages(
    canvas,
    pages: list[list[Line]],
    body: str,
    label: str,
    *,  # type: ignore[no-untyped-def]
    boxed: bool,
    numbers_from: int | None,
    note: str | None,
) -> None:
    """Draw laid-out pages; ``numbers_from`` prints page numbers starting there."""
    for n, lines in enumerate(pages):
        page = Page(canvas, A4_PORTRAIT)
        top = FIRST_TOP if n == 0 else NEXT_TOP
        if n == 0:
            page.text(X - 15, 52, f"{body}（委員意見書）", MIN, 10)
            page.label_box(label, page.w - 55, 26, f"（{note}）" if note else None)
            title = "意見・提案シート"
            tw = width(title, GOTHIC, 13)
            page.rect(page.w / 2 - tw / 2 - 12, 88, page.w / 2 + tw / 2 + 12, 112)
            page.text(page.w / 2, 93, title, GOTHIC, 13, align="center")
        if boxed:
            page.rect(X - 20, top - 14, page.w - X + 20, BOTTOM + 10)
        for i, ln in enumerate(lines):
            if ln.text:
                x = page.w - X if ln.right else X
                page.text(
                    x, top + i * LEAD, ln.text, MIN, SIZE, align="right" if ln.right else "left"
                )
        if numbers_from is not None:
            page.footer(numbers_from + n)
        canvas.showPage()
