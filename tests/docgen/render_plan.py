"""The A3 landscape 体系 table: current plan, context columns and next plan side by side.

Built like the sample's 資料１: every cell is a stroked rectangle, 基本理念 is
written vertically one glyph per row, rows of new policies may be fake-bold, and
the font shrinks until the whole table fits one page (producers do the same).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import jp, vocab
from .draw import A3_LANDSCAPE, GOTHIC, MIN, Page, wrap
from .spec import Plan

MARGIN = 28.0
TOP = 60.0
HEAD_ROW = 22.0
PAD = 4.0


@dataclass
class _Cols:
    """Column edges of the table, left to right."""

    cur_phil: tuple[float, float] | None
    cur_sys: tuple[float, float] | None
    context: list[tuple[float, float]]
    side: tuple[float, float] | None
    phil: tuple[float, float]
    goal: tuple[float, float]
    pol: tuple[float, float]
    meas: tuple[float, float]


def _columns(plan: Plan, w: float) -> _Cols:
    x = MARGIN
    right = w - MARGIN

    def take(width: float) -> tuple[float, float]:
        nonlocal x
        x += width
        return (x - width, x)

    if plan.current_goals:
        cur_phil, cur_sys = take(30), take(125)
        k = len(plan.context_columns)
        nxt = 30 + 90 + 130 + 240 + (26 if plan.side_label else 0)
        cw = (right - x - nxt) / k
        context = [take(cw) for _ in range(k)]
        side = take(26) if plan.side_label else None
        return _Cols(cur_phil, cur_sys, context, side, take(30), take(90), take(130), (x, right))
    return _Cols(None, None, [], None, take(50), take(220), take(330), (x, right))


def _goal_text(plan: Plan, gi: int) -> str:
    g = plan.goals[gi - 1]
    return f"{jp.label(gi, plan.goal_style)} {g.title}" + (f"【{g.tag}】" if g.tag else "")


def _measure_lines(plan: Plan, pol, width: float, fs: float) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for mi, m in enumerate(pol.measures, 1):
        text = f"{jp.label(mi, plan.measure_style)}{'　' if plan.measure_style == 'katakana' else ''}{m.title}"
        out += wrap(text + (f"【{m.tag}】" if m.tag else ""), MIN, fs, width)
        if pol.note and pol.note[0] == mi:
            out += wrap(f"※{pol.note[1]}【{pol.note[2]}】", MIN, fs, width)
    return out


INDENT = "\x01"  # marks a row drawn one and a half characters in


def _current_lines(plan: Plan, gi: int, width: float, fs: float) -> list[str]:
    title, policies = plan.current_goals[gi - 1]  # type: ignore[index]
    if plan.current_form == "named":
        out = wrap(f"基本目標{jp.num(gi, 'fullwidth')}", MIN, fs, width) + wrap(title, MIN, fs, width)
        out += ["", "＜基本施策＞"]
    elif plan.current_form == "indented":
        # Goal and policies numbered alike; only the indentation tells them apart.
        out = wrap(f"{jp.label(gi, 'fullwidth')}　{title}", MIN, fs, width)
        for pi, p in enumerate(policies, 1):
            out += [INDENT + row for row in wrap(f"{jp.label(pi, 'fullwidth')}　{p}", MIN, fs, width - fs * 1.5)]
        return out
    else:
        style = "fullwidth" if plan.current_form == "numbered" else "kanji"
        out = wrap(f"{jp.label(gi, style)}　{title}", MIN, fs, width) + ["＜施策の方向＞"]
    for pi, p in enumerate(policies, 1):
        out += wrap(f"{jp.label(pi, 'paren_fw')}{p}", MIN, fs, width)
    return out


def _context_lines(
    rng: random.Random, nouns: tuple[str, ...], width: float, fs: float, limit: int
) -> list[str]:
    """Filler for a context column: headed blocks of laws and observations (not facts)."""
    out: list[str] = []
    while len(out) < limit:
        out.append(vocab.pick(rng, vocab.CONTEXT_HEADS))
        for _ in range(rng.randint(1, 3)):
            noun = vocab.pick(rng, nouns)
            out += wrap(
                f"{noun}の推進に関する法律（令和{jp.num(rng.randint(2, 6), 'fullwidth')}年{jp.num(rng.randint(1, 12), 'fullwidth')}月）",
                MIN,
                fs,
                width,
            )
            out += wrap(
                "・" + vocab.pick(rng, vocab.OPINION_BODIES).format(noun=noun) + "。",
                MIN,
                fs,
                width,
            )
        out.append("")
    return out[:limit]


def draw_plan(
    page: Page, plan: Plan, label: str, rng: random.Random, nouns: tuple[str, ...]
) -> None:
    """Draw ``plan`` as one A3 landscape page."""
    cols = _columns(plan, page.w)
    bottom = page.h - MARGIN
    with_current = plan.current_goals is not None
    head_h = HEAD_ROW * 2
    body_top = TOP + head_h
    body_h = bottom - body_top
    fs = 8.0 if with_current else 9.5
    while True:
        lead = fs * 1.4
        rows: list[tuple[list[str], list[str]]] = []
        goal_rows: list[tuple[list[str], int]] = []
        for gi, g in enumerate(plan.goals, 1):
            goal_rows.append(
                (
                    wrap(_goal_text(plan, gi), MIN, fs, cols.goal[1] - cols.goal[0] - 2 * PAD),
                    len(g.policies),
                )
            )
            for pi, p in enumerate(g.policies, 1):
                pt = f"{jp.label(pi, plan.policy_style)}{p.title}" + (
                    f"【{p.tag}】" if p.tag else ""
                )
                rows.append(
                    (
                        wrap(pt, MIN, fs, cols.pol[1] - cols.pol[0] - 2 * PAD),
                        _measure_lines(plan, p, cols.meas[1] - cols.meas[0] - 2 * PAD, fs),
                    )
                )
        heights = [max(len(a), len(b)) * lead + 2 * PAD for a, b in rows]
        i = 0
        for glines, n in goal_rows:
            need = len(glines) * lead + 2 * PAD
            have = sum(heights[i : i + n])
            if need > have:
                heights[i + n - 1] += need - have
            i += n
        cur_heights: list[float] = []
        if with_current:
            cw = cols.cur_sys[1] - cols.cur_sys[0] - 2 * PAD  # type: ignore[index]
            cur_heights = [
                len(_current_lines(plan, gi, cw, fs)) * lead + 2 * PAD
                for gi in range(1, len(plan.current_goals) + 1)
            ]  # type: ignore[arg-type]
        if (sum(heights) <= body_h and sum(cur_heights) <= body_h) or fs <= 5.0:
            break
        fs -= 0.5
    scale = body_h / sum(heights)
    heights = [h * scale for h in heights]
    if cur_heights:
        cur_heights = [h * body_h / sum(cur_heights) for h in cur_heights]

    title = f"{plan.name}の体系・骨子の検討" if with_current else f"次期{plan.name}の体系（案）"
    page.text(MARGIN, 28, title, GOTHIC, 13)
    page.label_box(label, page.w - MARGIN, 14)

    # header rows
    nx0, nx1 = cols.phil[0], cols.meas[1]
    page.rect(nx0, TOP, nx1, TOP + HEAD_ROW)
    page.text((nx0 + nx1) / 2, TOP + 6, f"次期 {plan.name}の体系（案）", MIN, 9, align="center")
    for (a, b), name in (
        (cols.phil, "基本理念"),
        (cols.goal, "基本目標"),
        (cols.pol, "基本施策"),
        (cols.meas, "施策"),
    ):
        _head_cell(page, a, b, TOP + HEAD_ROW, body_top, name)
    if with_current:
        a, b = cols.cur_phil[0], cols.cur_sys[1]  # type: ignore[index]
        page.rect(a, TOP, b, TOP + HEAD_ROW)
        page.text((a + b) / 2, TOP + 6, f"現 {plan.name}", MIN, 9, align="center")
        _head_cell(page, *cols.cur_phil, TOP + HEAD_ROW, body_top, "基本理念")  # type: ignore[misc]
        cur_head = "計画の体系" if plan.current_form == "named" else "基本目標"
        _head_cell(page, *cols.cur_sys, TOP + HEAD_ROW, body_top, cur_head)  # type: ignore[misc]
        for (a, b), name in zip(cols.context, plan.context_columns):
            _head_cell(page, a, b, TOP, body_top, name)
        if cols.side:
            page.rect(cols.side[0], TOP, cols.side[1], bottom)
            page.vertical(
                "市上位計画の取組方針", sum(cols.side) / 2, body_top + 60, bottom - 60, GOTHIC, 11
            )
        page.rect(cols.cur_phil[0], body_top, cols.cur_phil[1], bottom)  # type: ignore[index]
        page.vertical(
            plan.current_philosophy or "",
            sum(cols.cur_phil) / 2,
            body_top + 10,
            bottom - 10,
            MIN,
            14,
        )  # type: ignore[arg-type]
        t = body_top
        cw = cols.cur_sys[1] - cols.cur_sys[0] - 2 * PAD  # type: ignore[index]
        for gi, h in enumerate(cur_heights, 1):
            page.rect(cols.cur_sys[0], t, cols.cur_sys[1], t + h)  # type: ignore[index]
            for i, row in enumerate(_current_lines(plan, gi, cw, fs)):
                indent = fs * 1.5 if row.startswith(INDENT) else 0.0
                page.text(cols.cur_sys[0] + PAD + indent, t + PAD + i * fs * 1.4, row.removeprefix(INDENT), MIN, fs)  # type: ignore[index]
            t += h
        for a, b in cols.context:
            page.rect(a, body_top, b, bottom)
            limit = int((body_h - 2 * PAD) // (fs * 1.4))
            page.lines(
                a + PAD,
                body_top + PAD,
                _context_lines(rng, nouns, b - a - 2 * PAD, fs, limit),
                MIN,
                fs,
                fs * 1.4,
            )

    page.rect(cols.phil[0], body_top, cols.phil[1], bottom)
    page.vertical(
        plan.next_philosophy,
        sum(cols.phil) / 2,
        body_top + 10,
        bottom - 10,
        MIN,
        15 if with_current else 18,
    )
    t = body_top
    ri = 0
    for gi, (glines, n) in enumerate(goal_rows, 1):
        gh = sum(heights[ri : ri + n])
        page.rect(cols.goal[0], t, cols.goal[1], t + gh)
        page.lines(cols.goal[0] + PAD, t + PAD, glines, MIN, fs, lead)
        for p in plan.goals[gi - 1].policies:
            h = heights[ri]
            bold = plan.bold if plan.bold and p.bold else None
            pol_lines, meas_lines = rows[ri]
            page.rect(cols.pol[0], t, cols.pol[1], t + h)
            page.rect(cols.meas[0], t, cols.meas[1], t + h)
            page.lines(cols.pol[0] + PAD, t + PAD, pol_lines, MIN, fs, lead, bold)
            page.lines(cols.meas[0] + PAD, t + PAD, meas_lines, MIN, fs, lead, bold)
            t += h
            ri += 1


def _head_cell(page: Page, a: float, b: float, top: float, bottom: float, name: str) -> None:
    page.rect(a, top, b, bottom)
    rows = [name[:2], name[2:]] if (b - a) < 40 and len(name) > 2 else [name]
    mid = (top + bottom) / 2
    for i, r in enumerate(rows):
        page.text((a + b) / 2, mid - len(rows) * 5 + i * 10, r, MIN, 8.5, align="center")


def new_plan_page(
    canvas, plan: Plan, label: str, rng: random.Random, nouns: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    """Start an A3 landscape page on ``canvas`` and draw ``plan`` on it."""
    draw_plan(Page(canvas, A3_LANDSCAPE), plan, label, rng, nouns)
    canvas.showPage()
