"""Layout variants the seeded suite never draws: pages that hold more than one section.

Each variant is a way real papers are laid out that once lost text or structure
(see issue 8): an agenda with its material list below it, a 【配布資料】 note
after the last item, a material list then an opinion sheet on one page, nested
material numbers (資料1 → 1-1, 1-2), a council packet with two agendas (議事日程
第1号 and its 追加の1, label and bill number set in columns), a council bill
list under a 第N回○○市議会定例会 heading, noon times (正午, 午後0時, ranges),
and a plan whose current-plan column holds goals and, under ＜施策の方向＞,
their policies. Three documents per variant, differing in digits, headings,
rules and numbering, each with the facts a parse must find.

    from tests.docgen.layouts import layout_suite
    docs = layout_suite()   # GeneratedDoc list, names "lay-<variant>-<k>"
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from . import GeneratedDoc, jp, vocab
from .draw import A4_PORTRAIT, GOTHIC, MIN, Page
from .facts import plan_facts
from .render_plan import new_plan_page
from .spec import build

SIZE = 10.5
LEAD = 19.0
X0 = 60.0

Facts = dict[str, Any]


class _Writer:
    """Top-down lines on one page."""

    def __init__(self, page: Page, top: float = 70.0) -> None:
        self.page, self.top = page, top

    def line(self, text: str, x: float = X0, font: str = MIN, size: float = SIZE) -> None:
        self.page.text(x, self.top, text, font, size)
        self.top += LEAD

    def center(self, text: str, size: float = 14.0) -> None:
        self.page.text(self.page.w / 2, self.top, text, GOTHIC, size, align="center")
        self.top += LEAD * 1.6

    def gap(self, k: float = 1.0) -> None:
        self.top += LEAD * k


def _digits(k: int) -> str:
    return ("fullwidth", "ascii", "fullwidth")[k % 3]


def _n(n: int, k: int) -> str:
    return jp.num(n, _digits(k))


def _meeting(rng: random.Random, k: int) -> tuple[str, str, int, dt.date, str]:
    """(body, city, session, date, place) of a committee meeting."""
    city = vocab.pick(rng, vocab.CITIES)
    theme, plan_name, _nouns = vocab.pick(rng, vocab.THEMES)  # type: ignore[misc]
    kind = vocab.BODY_KINDS[k % len(vocab.BODY_KINDS)]
    body = vocab.body_name(rng, city, kind, theme, plan_name)
    date = dt.date(rng.randint(2021, 2025), rng.randint(1, 12), rng.randint(1, 28))
    place = f"{city}役所本庁舎{_n(rng.randint(2, 8), k)}階 第{jp.kanji_number(rng.randint(1, 3))}会議室"
    return body, city, rng.randint(1, 5), date, place


def _date_text(date: dt.date, k: int) -> str:
    return jp.format_date(date, western=False, digits=_digits(k), weekday="（）")


def _agenda_items(rng: random.Random, k: int) -> tuple[list[str], Facts]:
    """Printed lines of a three-item agenda with two sub-items, and its facts."""
    topics = rng.sample(vocab.TOPIC_STEMS, 2)
    topics = [t.format(p="地域計画", t="地域づくり") for t in topics]
    child = ("paren", "paren_circled", "circled")[k % 3]
    lines = [
        f"{_n(1, k)}　開会",
        f"{_n(2, k)}　議事",
        *(f"　{jp.label(i, child)}{'' if child != 'paren' else ''} {t}" for i, t in enumerate(topics, 1)),
        f"{_n(3, k)}　閉会",
    ]
    facts = [
        {"number": "1", "title": "開会"},
        {"number": "2", "title": "議事", "children": [{"number": str(i), "title": t} for i, t in enumerate(topics, 1)]},
        {"number": "3", "title": "閉会"},
    ]
    return lines, facts


def _agenda_top(w: _Writer, rng: random.Random, k: int, time_text: str | None = None) -> Facts:
    """Title, 日時 and 場所 of a 次第; returns the meeting facts."""
    body, _city, session, date, place = _meeting(rng, k)
    w.center(f"第{_n(session, k)}回{body}　次第")
    w.gap(0.5)
    w.line(f"日　時　{_date_text(date, k)}　{time_text or '午後2時から'}")
    w.line(f"場　所　{place}")
    w.gap()
    return {"body": body, "session": session, "date": date.isoformat(), "place": place}


def _agenda_page(page: Page, rng: random.Random, k: int, time_text: str | None = None) -> tuple[_Writer, Facts, list[Facts]]:
    """A 次第 with its items drawn; returns the writer (to go on below), meeting and agenda facts."""
    w = _Writer(page)
    meeting = _agenda_top(w, rng, k, time_text)
    lines, agenda = _agenda_items(rng, k)
    for text in lines:
        w.line(text)
    return w, meeting, agenda


def _material_rows(rng: random.Random, n: int) -> list[str]:
    return [s.format(p="地域計画", t="地域づくり") for s in rng.sample(vocab.MATERIAL_STEMS[2:], n)]


def _opinions(rng: random.Random, n: int) -> list[tuple[str, str]]:
    used: set[str] = set()
    out = []
    for _ in range(n):
        noun = vocab.pick(rng, ("見守り", "居場所づくり", "情報発信", "担い手の育成", "相談支援"))
        body = vocab.pick(rng, vocab.OPINION_BODIES).format(noun=noun) + "。"
        out.append((body, vocab.person(rng, used) + "委員"))
    return out


# ---------------------------------------------------------------- variants


def materials_below(page: Page, rng: random.Random, k: int) -> Facts:
    """A 次第 whose lower part is the material list: 配布資料, 資料1 …（事前送付）, 参考資料 …."""
    w, meeting, agenda = _agenda_page(page, rng, k)
    w.gap(1.5)
    w.line(("配布資料", "【配布資料】", "＜配布資料＞")[k % 3])
    titles = _material_rows(rng, 3)
    notes = ("事前送付", None, "当日配布")
    materials: list[Facts] = []
    for i, (title, note) in enumerate(zip(titles[:2], notes), 1):
        w.line(f"資料{_n(i, k)}　{title}" + (f"（{note}）" if note else ""), X0 + SIZE)
        materials.append({"no": str(i), "title": title, **({"note": note} if note else {})})
    w.line(f"参考資料　{titles[2]}", X0 + SIZE)
    materials.append({"no": "参考資料", "title": titles[2]})
    return {"meeting": meeting, "agenda": agenda, "materials": materials}


def note_after(page: Page, rng: random.Random, k: int) -> Facts:
    """【配布資料】 and 「別紙配布資料一覧のとおり」 after the last agenda item, the list on page 2."""
    w, meeting, agenda = _agenda_page(page, rng, k)
    w.gap(1.5)
    heading = ("【配布資料】", "＜配付資料＞", "【配付資料】")[k % 3]
    note = f"別紙{heading.strip('【】＜＞')}一覧のとおり"
    w.line(heading)
    w.line(note, X0 + SIZE)
    page.c.showPage()
    page2 = Page(page.c, A4_PORTRAIT)
    w2 = _Writer(page2)
    w2.center("配布資料一覧")
    titles = _material_rows(rng, 3)
    for i, title in enumerate(titles, 1):
        w2.line(f"資料{_n(i, k)}　{title}")
    materials = [{"no": str(i), "title": t} for i, t in enumerate(titles, 1)]
    return {"meeting": meeting, "agenda": agenda, "materials": materials, "texts": [heading, note]}


def materials_then_opinions(page: Page, rng: random.Random, k: int) -> Facts:
    """One page: a material list, then an opinion sheet with submitter lines."""
    w = _Writer(page)
    w.center(("配布資料一覧", "資料一覧", "配付資料一覧")[k % 3])
    titles = _material_rows(rng, 3)
    for i, title in enumerate(titles, 1):
        w.line(f"資料{_n(i, k)}　{title}")
    w.gap(2)
    w.center(("委員意見", "意見・提案シート", "委員からの意見")[k % 3], 12)
    opinions = _opinions(rng, 3)
    facts_ops = []
    for i, (text, who) in enumerate(opinions, 1):
        w.line(f"{_n(i, k)}　{text}")
        facts_ops.append({"no": i, "text": text, "submitter": who})
        if i != 2:  # one submitter line closes two opinions
            w.line(f"（提出：{who}）", X0 + 300)
    facts_ops[0]["submitter"] = opinions[0][1]
    facts_ops[1]["submitter"] = opinions[2][1]
    facts_ops[2]["submitter"] = opinions[2][1]
    return {"materials": [{"no": str(i), "title": t} for i, t in enumerate(titles, 1)], "opinions": facts_ops}


def nested_materials(page: Page, rng: random.Random, k: int) -> Facts:
    """資料1 → 1-1, 1-2 → 資料2 → 2-1, then 参考資料1; ruled for the middle seed."""
    titles = _material_rows(rng, 6)
    rows = [("資料1", "1"), ("1-1", "1-1"), ("1-2", "1-2"), ("資料2", "2"), ("2-1", "2-1"), ("参考資料1", "参考資料1")]
    w = _Writer(page)
    w.center("配布資料一覧")
    facts: list[Facts] = []
    ruled = k == 1
    if ruled:
        x0, x1, x2, top = X0, X0 + 90, page.w - X0, w.top
        page.rect(x0, top, x2, top + 24 * (len(rows) + 1))
        for col, text in ((x0, "資料番号"), (x1, "資料名")):
            page.text(col + 6, top + 6, text, MIN, SIZE)
        page.vline(x1, top, top + 24 * (len(rows) + 1))
        for i, ((printed, _), title) in enumerate(zip(rows, titles), 1):
            page.hline(x0, x2, top + 24 * i)
            page.text(x0 + 6, top + 24 * i + 6, printed.translate(jp.FW_DIGITS), MIN, SIZE)
            page.text(x1 + 6, top + 24 * i + 6, title, MIN, SIZE)
    else:
        for (printed, _), title in zip(rows, titles):
            indent = SIZE * (1.5 if printed[0].isdigit() else 0)
            w.line(f"{printed.translate(jp.FW_DIGITS) if k else printed}　{title}", X0 + indent)
    for (printed, no), title in zip(rows, titles):
        row = {"no": no if not no.startswith("参考") else printed, "title": title}
        if "-" in no:
            facts[-1].setdefault("children", []).append(row)
        else:
            facts.append(row)
    return {"materials": facts}


def _council(rng: random.Random, k: int) -> tuple[str, int, dt.date]:
    city = vocab.pick(rng, vocab.CITIES)
    return f"{city}議会", rng.randint(300, 480), dt.date(rng.randint(2021, 2025), rng.choice((3, 6, 9, 12)), rng.randint(1, 28))


def _bills(rng: random.Random, n: int, first: int) -> list[tuple[str, str]]:
    stems = ("令和{y}年度{c}一般会計補正予算（第{n}号）", "{c}手数料条例の一部を改正する条例", "{c}国民健康保険条例の一部を改正する条例",
             "{c}職員の給与に関する条例の一部を改正する条例", "{c}立学校設置条例の一部を改正する条例")
    return [(f"議案第{first + i}号", stems[(first + i) % len(stems)].format(y=rng.randint(5, 7), c="市", n=rng.randint(1, 4))) for i in range(n)]


def two_agendas(page: Page, rng: random.Random, k: int) -> Facts:
    """A council packet: 議事日程（第1号） and, on its own page, 議事日程（第1号追加の1）."""
    council, session, date = _council(rng, k)
    kind = ("定例会", "臨時会", "定例会")[k % 3]
    agendas: list[Facts] = []
    pages = [("議事日程（第１号）", ["会議録署名議員の指名", "会期の決定"], 1), ("議事日程（第１号追加の１）", [], 20)]
    for n, (heading, fixed, first) in enumerate(pages):
        if n:
            page.c.showPage()
            page = Page(page.c, A4_PORTRAIT)
        w = _Writer(page)
        w.center(heading if k != 2 else " ".join(heading[:4]) + heading[4:])
        w.line(f"第{_n(session, k)}回{council}{kind}", X0 + 200)
        w.line(_date_text(date, k) + "　午前10時開議", X0 + 200)
        w.gap()
        items: list[Facts] = []
        bills = _bills(rng, 3 if n == 0 else 2, first)
        for i, text in enumerate([*fixed, *bills], 1):
            label = f"第{_n(i, k)}"
            if isinstance(text, tuple):
                bill, title = text
                note = "（総務委員会審査報告）" if n else None
                if k == 1:  # label, bill number and title in three columns
                    page.text(X0, w.top, label, MIN, SIZE)
                    page.text(X0 + 50, w.top, bill, MIN, SIZE)
                    page.text(X0 + 130, w.top, title, MIN, SIZE)
                    w.gap()
                else:
                    w.line(f"{label}　{bill}　{title}")
                if note:
                    w.line(note, X0 + 140)
                items.append({"number": str(i), "title": f"{bill} {title}", **({"note": note} if note else {})})
            else:
                w.line(f"{label}　{text}")
                items.append({"number": str(i), "title": text})
        agendas.append({"heading": heading.replace(" ", ""), "items": items})
    meeting = {"body": council, "session": session, "date": date.isoformat()}
    return {"meeting": meeting, "agendas": agendas}


def council_bill_list(page: Page, rng: random.Random, k: int) -> Facts:
    """第N回○○市議会定例会提出議案一覧表: the heading names the body and the session."""
    council, session, _date = _council(rng, k)
    w = _Writer(page)
    w.center(f"第{_n(session, k)}回{council}定例会提出議案一覧表", 12)
    bills = _bills(rng, 5, 1)
    for bill, title in bills:
        w.line(f"{bill.translate(jp.FW_DIGITS) if k != 1 else bill}　{title}")
    materials = [{"no": bill, "title": title} for bill, title in bills]
    return {"meeting": {"body": council, "session": session}, "materials": materials}


NOON_FORMS = (
    ("午前１０時～正午", "10:00", "12:00"),
    ("正午から午後１時３０分まで", "12:00", "13:30"),
    ("午前１１時～午後０時３０分", "11:00", "12:30"),
)


def noon_times(page: Page, rng: random.Random, k: int) -> Facts:
    """End times at noon: 正午, 午後0時, and ranges with ～ / から…まで."""
    text, start, end = NOON_FORMS[k % 3]
    printed = text if k != 1 else text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    _w, meeting, agenda = _agenda_page(page, rng, k, printed)
    return {"meeting": {**meeting, "start_time": start, "end_time": end}, "agenda": agenda}


PLAN_SEEDS = (2, 6, 13)  # suite seeds whose plan has a current-plan column


def one_column_plan(page: Page, rng: random.Random, k: int) -> Facts:
    """The current plan's goals and policies in one 基本目標 column: policies under ＜施策の方向＞, or indented."""
    spec = build(PLAN_SEEDS[k % len(PLAN_SEEDS)])
    plan = spec.plan
    assert plan is not None and plan.current_goals
    plan.current_form = ("numbered", "numbered_kanji", "indented")[k % 3]
    new_plan_page(page.c, plan, "資料１", random.Random(k), spec.nouns)
    return {"hierarchy": plan_facts(plan)}


VARIANTS: dict[str, Callable[[Page, random.Random, int], Facts]] = {
    "materials-below": materials_below,
    "note-after": note_after,
    "materials-opinions": materials_then_opinions,
    "nested-materials": nested_materials,
    "two-agendas": two_agendas,
    "council-bills": council_bill_list,
    "noon-times": noon_times,
    "one-column-plan": one_column_plan,
}


#: Facts pdfminer's text keeps, per variant. Its ``extract_text`` moves lines set
#: to the right of a column (submitter lines, notes beside council items) and a
#: centred title after the lines it heads, and prints ruled tables column by
#: column, so those facts are only checked on the PDF.
TEXT_FORM_FACTS: dict[str, tuple[str, ...]] = {
    "materials-below": ("meeting", "agenda", "materials"),
    "note-after": ("meeting", "agenda", "texts"),
    "materials-opinions": (),
    "nested-materials": ("materials",),
    "two-agendas": ("meeting",),
    "council-bills": ("meeting", "materials"),
    "noon-times": ("meeting", "agenda"),
    "one-column-plan": (),
}


def text_form_facts(gen: GeneratedDoc) -> dict[str, Any]:
    """The facts of ``gen`` its pdfminer text must still yield (see :data:`TEXT_FORM_FACTS`)."""
    variant = gen.name.removeprefix("lay-").rsplit("-", 1)[0]
    keep = TEXT_FORM_FACTS[variant] if not (variant == "nested-materials" and gen.name.endswith("-1")) else ()
    return {k: v for k, v in gen.facts.items() if k in keep}


def generate_layout(variant: str, k: int) -> GeneratedDoc:
    """Document ``k`` (0–2) of ``variant``: deterministic, byte-identical across runs."""
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1, pageCompression=1)
    canvas.setTitle(f"{variant}-{k}")
    rng = random.Random(f"{variant}-{k}")
    if variant == "one-column-plan":
        facts = one_column_plan(Page(canvas, A4_PORTRAIT), rng, k)
    else:
        facts = VARIANTS[variant](Page(canvas, A4_PORTRAIT), rng, k)
        canvas.showPage()
    canvas.save()
    return GeneratedDoc(f"lay-{variant}-{k}", buf.getvalue(), facts, {f"layout:{variant}"})


@lru_cache(maxsize=1)
def _layout_suite() -> tuple[GeneratedDoc, ...]:
    return tuple(generate_layout(v, k) for v in VARIANTS for k in range(3))


def layout_suite() -> list[GeneratedDoc]:
    """Every layout variant, three documents each (built once per process)."""
    return list(_layout_suite())
