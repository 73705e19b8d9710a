"""Member rosters (委員名簿) in the forms committees print them, with their facts.

Styles by seed: a ruled table with a 区分 column whose cells span their rows
and ◎/○ office marks explained by a legend; a ruled table with an 役職 column;
an unruled table aligned under a header line; unruled rows without a header
('会長　氏名　所属'); a ruled table running over two pages with no repeated
header; a ruled table with 選出区分 after the name.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from . import vocab
from .draw import A4_PORTRAIT, GOTHIC, MIN, Page

SIZE = 10.0
ROW = 24.0
CATEGORIES = ("学識経験者", "関係団体の代表", "公募市民")
AFFILIATIONS = {
    "学識経験者": ("{c}大学教授", "{c}大学准教授", "弁護士"),
    "関係団体の代表": ("{c}社会福祉協議会事務局長", "{c}商工会議所副会頭", "民生委員児童委員協議会会長"),
    "公募市民": ("公募委員", "市民委員"),
}
STYLES = ("ruled_category_marks", "ruled_role_column", "unruled_header", "unruled_rows", "ruled_two_pages", "ruled_category_after")


@dataclass
class Row:
    name: str  # family and given name separated by a space
    role: str | None
    affiliation: str
    category: str
    note: str | None


def build_roster(seed: int) -> tuple[str, str, list[Row]]:
    rng = random.Random(9100 + seed)
    style = STYLES[seed % len(STYLES)]
    city = vocab.pick(rng, vocab.CITIES)
    body = city + vocab.pick(rng, ("地域福祉推進委員会", "環境審議会", "男女共同参画推進会議", "図書館協議会"))
    used: set[str] = set()
    n = 24 if style == "ruled_two_pages" else rng.randint(7, 12)
    rows: list[Row] = []
    for i in range(n):
        category = CATEGORIES[min(i * len(CATEGORIES) // n, len(CATEGORIES) - 1)]
        name = f"{vocab.person(rng, used)} {vocab.pick(rng, vocab.GIVEN)}"
        role = "会長" if i == 0 else ("副会長" if i == 1 else None)
        aff = vocab.pick(rng, AFFILIATIONS[category]).format(c=city)
        note = "新任" if rng.random() < 0.2 else None
        rows.append(Row(name, role, aff, category, note))
    return style, body, rows


def _grid(page: Page, top: float, widths: list[float], cells: list[list[str]], spans: dict[tuple[int, int], int] | None = None) -> float:
    """A ruled table; ``spans`` maps (row, col) to a rowspan (the covered cells are skipped)."""
    spans = spans or {}
    x0 = (page.w - sum(widths)) / 2
    edges = [x0]
    for w in widths:
        edges.append(edges[-1] + w)
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            span = spans.get((r, c), 1)
            for k in range(1, span):
                covered.add((r + k, c))
            t, b = top + r * ROW, top + (r + span) * ROW
            page.rect(edges[c], t, edges[c + 1], b)
            if text:
                page.text(edges[c] + 5, (t + b) / 2 - SIZE / 2, text, MIN, SIZE)
    return top + len(cells) * ROW


def render_roster(seed: int) -> tuple[bytes, dict[str, Any]]:
    style, body, rows = build_roster(seed)
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1, pageCompression=1)
    page = Page(c, A4_PORTRAIT)
    title = f"{body}委員名簿"
    page.text(page.w / 2, 60, title, GOTHIC, 14, align="center")
    top = 100.0
    spaced = lambda r: r.name.replace(" ", "　")  # noqa: E731
    if style in ("ruled_category_marks",):
        cells = [["区分", "氏名", "所属・役職", "備考"]]
        spans: dict[tuple[int, int], int] = {}
        for i, r in enumerate(rows):
            first = i == 0 or rows[i - 1].category != r.category
            if first:
                spans[(i + 1, 0)] = sum(1 for x in rows if x.category == r.category)
            mark = {"会長": "◎", "副会長": "○"}.get(r.role or "", "")
            cells.append([r.category if first else "", f"{mark}{spaced(r)}", r.affiliation, r.note or ""])
        bottom = _grid(page, top, [90, 110, 200, 60], cells, spans)
        page.text(70, bottom + 12, "◎は会長、○は副会長", MIN, SIZE)
    elif style == "ruled_role_column":
        cells = [["No.", "役職", "氏名", "所属"]] + [[str(i), r.role or "", spaced(r), r.affiliation] for i, r in enumerate(rows, 1)]
        _grid(page, top, [40, 60, 110, 240], cells)
    elif style == "ruled_category_after":
        cells = [["氏名", "選出区分", "所属", "備考"]] + [[spaced(r), r.category, r.affiliation, r.note or ""] for r in rows]
        _grid(page, top, [110, 110, 200, 50], cells)
    elif style == "ruled_two_pages":
        cells = [["区分", "氏名", "所属・役職", "備考"]] + [[r.category, spaced(r), r.affiliation, r.note or ""] for r in rows[:20]]
        _grid(page, top, [100, 110, 200, 50], cells)
        c.showPage()
        page = Page(c, A4_PORTRAIT)
        _grid(page, 70, [100, 110, 200, 50], [[r.category, spaced(r), r.affiliation, r.note or ""] for r in rows[20:]])
    elif style == "unruled_header":
        xs = (70.0, 140.0, 250.0, 470.0)
        for x, head in zip(xs, ("役職", "氏名", "所属団体等", "備考"), strict=True):
            page.text(x, top, head, GOTHIC, SIZE)
        page.hline(65, 530, top + 16, lw=0.4)
        for i, r in enumerate(rows, 1):
            t = top + 8 + i * ROW
            for x, text in zip(xs, (r.role or "", spaced(r), r.affiliation, r.note or ""), strict=True):
                if text:
                    page.text(x, t, text, MIN, SIZE)
    else:  # unruled_rows: 'office name affiliation' with no header
        for i, r in enumerate(rows, 1):
            page.text(70, top + i * ROW, "　".join(x for x in (r.role or "", r.name, r.affiliation) if x), MIN, SIZE)
    c.showPage()
    c.save()
    facts = {"roster": {"heading": title, "members": [
        {"name": r.name, "role": r.role if style not in ("ruled_two_pages", "ruled_category_after") else None, "affiliation": r.affiliation,
         **({"category": r.category} if style in ("ruled_category_marks", "ruled_two_pages", "ruled_category_after") else {}),
         **({"note": r.note} if style not in ("ruled_role_column", "unruled_rows") else {})}
        for r in rows]}}
    return buf.getvalue(), facts
