"""The 次第 page: title, 日時/場所 header block, numbered agenda, inline materials.

Two header forms exist in the wild: letter-spaced labels (「日　時」「場　所」)
followed by a numbered order of business, or a numbered header (1 日時 / 2 場所 /
3 議題 / 4 出席者 / 5 配付資料) whose item 3 carries the agenda.
"""

from __future__ import annotations

import random

from . import jp, vocab
from .draw import A4_PORTRAIT, GOTHIC, MIN, Page, width
from .facts import agenda_styles
from .spec import AgendaItem, DocSpec

SIZE = 10.5
LEAD = 19.0


def printed_no(spec: DocSpec, printed: str) -> str:
    """A material label in the document's digit width (hyphens stay ASCII: － extracts as −)."""
    return printed if spec.style["digits"] == "ascii" else printed.translate(jp.FW_DIGITS)


def _spaced_title(title: str, by_space: bool) -> tuple[str, float]:
    """「開　　会」: letter spacing by ideographic spaces, or by PDF character spacing."""
    return ("　　".join(title), 0.0) if by_space else (title, SIZE * 1.5)


class _Cursor:
    """Top-down writer for one page; keeps the running ``top``."""

    def __init__(self, page: Page, top: float):
        self.page, self.top = page, top

    def line(self, x: float, s: str, *, char_space: float = 0.0, font: str = MIN) -> None:
        self.page.text(x, self.top, s, font, SIZE, char_space=char_space)
        self.top += LEAD

    def gap(self, k: float = 0.6) -> None:
        self.top += LEAD * k


def _items(
    cur: _Cursor,
    spec: DocSpec,
    items: list[AgendaItem],
    styles: list[str],
    x: float,
    by_space: bool,
) -> None:
    for i, it in enumerate(items, 1):
        lab = jp.label(i, styles[0])
        title, cs = _spaced_title(it.title, by_space) if it.spaced else (it.title, 0.0)
        if it.ref:
            title += f"（{printed_no(spec, it.ref)}）"
        sep = "" if lab == "・" or lab[-1] in "）)" else "　"
        if cs:
            cur.page.text(x, cur.top, lab + sep, MIN, SIZE)
            cur.line(x + width(lab + sep, MIN, SIZE), title, char_space=cs)
        else:
            cur.line(x, f"{lab}{sep}{title}")
        if it.note:
            cur.line(x + 2.5 * SIZE, it.note)
        if it.children:
            _items(cur, spec, it.children, styles[1:], x + 1.5 * SIZE, by_space)
        if x < 80:
            cur.gap()


def _materials_inline(cur: _Cursor, spec: DocSpec, x: float) -> None:
    for m in spec.materials:
        note = f"（{m.note}）" if m.note else ""
        cur.line(x, f"{printed_no(spec, m.printed)}　{m.title}{note}")


def draw_agenda(page: Page, spec: DocSpec) -> None:
    """Draw the whole 次第 page for ``spec``."""
    rng = random.Random(spec.seed * 31 + 5)
    s = spec.style
    western = s["date_form"] == "western"
    date = jp.format_date(spec.date, western=western, digits=str(s["digits"]), weekday=s["weekday"])  # type: ignore[arg-type]
    time = jp.format_time(
        spec.start, spec.end, str(s["time"]), str(s["digits"]), bool(s["time_minutes"])
    )
    head_font = GOTHIC if spec.seed % 3 == 0 else MIN
    page.text(page.w / 2, 70, spec.heading, head_font, 14, align="center")
    cur = _Cursor(page, 125)
    by_space = spec.seed % 2 == 0
    styles = agenda_styles(spec)
    x0 = 60.0
    if s["header"] == "spaced":
        lab_place = "　".join(str(s["place_label"]))
        if rng.random() < 0.5:
            cur.line(x0, f"日　時　{date}")
            cur.line(x0 + 5 * SIZE, time)
        else:
            cur.line(x0, f"日　時　{date}　{time}")
        cur.line(x0, f"{lab_place}　{spec.place}")
        cur.gap(1.2)
        _items(cur, spec, spec.agenda, styles, x0 + 8, by_space)
        if spec.materials and s["materials"] == "inline":
            cur.gap()
            cur.line(x0, rng.choice(("【配付資料】", "＜配付資料＞", "配付資料")))
            _materials_inline(cur, spec, x0 + 1.5 * SIZE)
        return
    top = str(s["top_style"])
    heads = [
        ("日時", f"{date}　{time}"),
        (str(s["place_label"]), spec.place),
        (str(s["agenda_heading"]), None),
        ("出席者", None),
    ]
    if spec.materials:
        heads.append(("配付資料", None))
    for n, (name, value) in enumerate(heads, 1):
        lab = jp.label(n, top)
        cur.line(x0, f"{lab}　{name}" + (f"　{value}" if value else ""))
        if name == s["agenda_heading"]:
            _items(cur, spec, spec.agenda, styles, x0 + 1.5 * SIZE, by_space)
        elif name == "出席者":
            used: set[str] = set()
            names = "、".join(vocab.person(rng, used) + "委員" for _ in range(rng.randint(4, 7)))
            cur.line(x0 + 1.5 * SIZE, rng.choice((names, "別紙名簿のとおり")))
        elif name == "配付資料":
            if s["materials"] == "inline":
                _materials_inline(cur, spec, x0 + 1.5 * SIZE)
            else:
                cur.line(x0 + 1.5 * SIZE, "別紙配付資料一覧のとおり")
        cur.gap(0.5)


def new_agenda_page(canvas, spec: DocSpec) -> None:  # type: ignore[no-untyped-def]
    """Start an A4 page on ``canvas`` and draw the 次第 on it."""
    draw_agenda(Page(canvas, A4_PORTRAIT), spec)
    canvas.showPage()
