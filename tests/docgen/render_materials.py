"""The 配布資料一覧 page: a ruled table (optionally with a spanning 会議 column) or
the same columns aligned without rules, as different producers print it."""

from __future__ import annotations

from itertools import groupby

from .draw import A4_PORTRAIT, GOTHIC, MIN, Page, wrap
from .render_agenda import printed_no
from .spec import DocSpec

ROW = 26.0
HEAD = 36.0
SIZE = 10.0


def draw_materials(page: Page, spec: DocSpec) -> None:
    """Draw the materials list page for ``spec``."""
    ruled = spec.style["materials"] == "ruled"
    with_meeting = any(m.meeting_label for m in spec.materials)
    page.text(page.w / 2, 60, spec.body, MIN, 11, align="center")
    title = ("配布資料一覧", "配付資料一覧", "資料一覧")[spec.seed % 3]
    page.text(page.w / 2, 95, title, GOTHIC, 15, char_space=8, align="center")
    x = 50.0
    cols = ([("", 80.0)] if with_meeting else []) + [
        ("資料\nNo.", 62.0),
        ("資料名", 0.0),
        ("備考", 70.0),
    ]
    fixed = sum(w for _, w in cols)
    cols = [(h, w or (page.w - 2 * x - fixed)) for h, w in cols]
    edges = [x]
    for _, w in cols:
        edges.append(edges[-1] + w)
    top = 150.0
    for (head, _), x0, x1 in zip(cols, edges, edges[1:]):
        rows = head.split("\n")
        for i, r in enumerate(rows):
            page.text(
                (x0 + x1) / 2,
                top + HEAD / 2 - len(rows) * 6.5 + i * 13,
                r,
                MIN,
                SIZE,
                align="center",
            )
        if ruled:
            page.rect(x0, top, x1, top + HEAD)
    if not ruled:
        page.hline(edges[0], edges[-1], top + HEAD, lw=0.4)
    body_top = top + HEAD
    first = 1 if with_meeting else 0
    for i, m in enumerate(spec.materials):
        t = body_top + i * ROW
        no_x0, no_x1 = edges[first], edges[first + 1]
        page.text(
            (no_x0 + no_x1) / 2, t + 8, printed_no(spec, m.printed), MIN, SIZE, align="center"
        )
        name_w = edges[first + 2] - edges[first + 1] - 10
        lines = wrap(m.title, MIN, SIZE, name_w)
        assert len(lines) == 1, "material titles are kept to one line so rows stay one line high"
        page.text(edges[first + 1] + 5, t + 8, m.title, MIN, SIZE)
        if m.note:
            page.text((edges[-2] + edges[-1]) / 2, t + 8, m.note, MIN, SIZE, align="center")
        if ruled:
            for x0, x1 in zip(edges[first:], edges[first + 1 :]):
                page.rect(x0, t, x1, t + ROW)
    if with_meeting:
        i = 0
        for label, grp in groupby(spec.materials, key=lambda m: m.meeting_label):
            n = len(list(grp))
            t, b = body_top + i * ROW, body_top + (i + n) * ROW
            head, _, rest = (label or "").partition("(")
            mid = (t + b) / 2
            page.text((edges[0] + edges[1]) / 2, mid - 13, head, MIN, SIZE, align="center")
            page.text((edges[0] + edges[1]) / 2, mid + 1, "(" + rest, MIN, SIZE, align="center")
            page.rect(edges[0], t, edges[1], b)
            i += n


def new_materials_page(canvas, spec: DocSpec) -> None:  # type: ignore[no-untyped-def]
    """Start an A4 page on ``canvas`` and draw the materials list on it."""
    draw_materials(Page(canvas, A4_PORTRAIT), spec)
    canvas.showPage()
