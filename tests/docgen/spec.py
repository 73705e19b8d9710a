"""What a generated document says, decided before anything is drawn.

A :class:`DocSpec` holds the content (meeting, agenda, materials, plan,
opinions) and the surface choices (numbering, date style, layout form). The
renderers only draw it and :func:`facts_of` only reads it, so the ground truth
can never drift from what is printed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from . import jp, vocab
from .axes import axis

#: Which sections a document has; "missing any section" is covered by the partial ones.
COMPOSITIONS: tuple[tuple[str, ...], ...] = (
    ("agenda", "materials", "plan", "opinions"),
    ("agenda", "materials", "plan", "opinions"),
    ("agenda", "materials"),
    ("agenda",),
    ("opinions",),
    ("materials",),
    ("plan",),
    ("plan", "opinions"),
    ("agenda", "plan", "opinions"),
    ("agenda", "materials", "opinions"),
)


@dataclass
class AgendaItem:
    """One entry of the 次第; ``ref`` is a material it points to, printed （資料１）."""

    title: str
    note: str | None = None
    ref: str | None = None
    spaced: bool = False
    children: list[AgendaItem] = field(default_factory=list)


@dataclass
class Material:
    """A row of the materials list; ``no`` is the neutral number, ``printed`` its label."""

    no: str
    printed: str
    title: str
    note: str | None
    meeting_label: str | None = None


@dataclass
class Measure:
    title: str
    tag: str | None = None


@dataclass
class Policy:
    title: str
    tag: str | None
    measures: list[Measure]
    note: tuple[int, str, str] | None = None  # (after measure no, text, tag)
    bold: bool = False


@dataclass
class Goal:
    title: str
    tag: str | None
    policies: list[Policy]


@dataclass
class Plan:
    """A 体系 table: the next plan, optionally beside the current one and context columns."""

    name: str
    next_philosophy: str
    goals: list[Goal]
    current_philosophy: str | None = None
    current_goals: list[tuple[str, list[str]]] | None = None
    context_columns: list[str] = field(default_factory=list)
    side_label: bool = False
    bold: tuple[int, float] | None = None
    goal_style: str = "arabic"
    policy_style: str = "paren_fw"
    measure_style: str = "circled"
    # How the current plan's column prints a goal and its policies: "named"
    # (基本目標１ / ＜基本施策＞), or a numbered goal then ＜施策の方向＞ in a column
    # headed 基本目標 ("numbered": １, "numbered_kanji": 一), or goal and policies
    # numbered alike with the policies indented ("indented").
    current_form: str = "named"


@dataclass
class Opinion:
    text: str
    submitter: str


@dataclass
class DocSpec:
    """Everything one generated document contains, plus how it is printed."""

    seed: int
    sections: tuple[str, ...]
    city: str
    theme: str
    plan_name: str
    nouns: tuple[str, ...]
    kind: str
    body: str
    session: int
    date: dt.date
    start: dt.time
    end: dt.time | None
    place: str
    style: dict[str, object]
    agenda: list[AgendaItem] = field(default_factory=list)
    materials: list[Material] = field(default_factory=list)
    plan: Plan | None = None
    opinions: list[Opinion] = field(default_factory=list)
    plan_label: str = "資料１"
    opinions_label: str = "資料２"

    @property
    def title(self) -> str:
        """The meeting title as printed, without its 次第 / 会議次第 / 議事次第 suffix."""
        digits = str(self.style["digits"])
        d = "ascii" if digits == "kanji" else digits
        sess = f"第{jp.num(self.session, d)}回"
        form = self.style["title_form"]
        if self.style.get("no_session"):
            return self.body  # 「○○推進会議　議事次第」: no 第M回 at all
        if form == "nendo":
            return jp.format_fiscal_year(self.date, d) + sess + self.body
        return sess + self.body

    @property
    def heading(self) -> str:
        """The first line of the 次第 page."""
        form = self.style["title_form"]
        return (
            self.title + {"nendo": "次第", "kaigi": "　会議次第", "giji": "　議事次第"}[str(form)]
        )


def _date(rng: random.Random, form: str) -> dt.date:
    """A meeting date whose era form matches ``form`` (e.g. 令和元年 needs May–Dec 2019)."""
    if form == "heisei":
        return (
            dt.date(2019, 4, rng.randint(8, 26))
            if rng.random() < 0.6
            else dt.date(rng.choice((2017, 2018)), rng.randint(1, 12), rng.randint(1, 28))
        )
    if form == "reiwa_gannen":
        return dt.date(2019, rng.randint(5, 12), rng.randint(1, 28))
    return dt.date(rng.randint(2020, 2025), rng.randint(1, 12), rng.randint(1, 28))


def nth_with(seed: int, section: str) -> int:
    """How many earlier seeds also have ``section``.

    Axes that only matter when a section is present are balanced over this
    ordinal instead of the seed, so a 48-document suite still shows every
    numbering style, date form, … several times.
    """
    return sum(section in axis(t, "sections", COMPOSITIONS) for t in range(max(seed, 0)))


def build(seed: int) -> DocSpec:
    """Decide a whole document for ``seed`` (balanced axes + seeded details)."""
    rng = random.Random(seed * 7919 + 17)
    a, m, o = (nth_with(seed, s) for s in ("agenda", "materials", "opinions"))
    theme, plan_name, nouns = vocab.pick(rng, vocab.THEMES)  # type: ignore[arg-type]
    city = vocab.pick(rng, vocab.CITIES)
    kind = axis(seed, "body", vocab.BODY_KINDS)
    body = vocab.body_name(rng, city, kind, theme, plan_name)
    date_form = axis(a, "date", ("reiwa", "reiwa", "reiwa_gannen", "heisei", "western"))
    digits = axis(a, "digits", ("ascii", "fullwidth", "kanji", "fullwidth"))
    if date_form == "western" and digits == "kanji":
        digits = "fullwidth"
    date = _date(rng, date_form)
    hour = rng.choice((9, 10, 13, 14, 15, 18, 19))
    start = dt.time(hour, rng.choice((0, 0, 0, 30)))
    time_style = axis(a, "time", jp.TIME_STYLES)
    end = (
        None
        if time_style == "gozen" and rng.random() < 0.6
        else dt.time(hour + rng.randint(1, 2), rng.choice((0, 15, 30, 45, 56)))
    )
    place = vocab.pick(rng, vocab.PLACES).format(
        c=city,
        f=jp.num(rng.randint(2, 9), "fullwidth" if digits != "ascii" else "ascii"),
        k=jp.kanji_number(rng.randint(1, 3)),
        r=str(rng.randint(2, 9)) + "0" + str(rng.randint(1, 3)),
    )
    if city.endswith("町"):
        place = place.replace("役所", "役場")
    style: dict[str, object] = {
        "title_form": axis(a, "title", ("nendo", "kaigi", "giji")),
        "date_form": date_form,
        "digits": digits,
        "weekday": axis(a, "weekday", ("（）", None, "()")),
        "time": time_style,
        "time_minutes": rng.random() < 0.7,
        "place_label": axis(a, "place", ("場所", "会場")),
        "header": axis(a, "header", ("spaced", "numbered")),
        "agenda_heading": axis(a, "agenda_heading", ("議事", "議題")),
        "top_style": axis(a, "top_style", ("arabic", "fullwidth", "kanji")),
        "child_style": axis(
            a,
            "child_style",
            (
                "paren",
                "paren_circled",
                "paren_fw",
                "katakana",
                "paren_katakana",
                "bullet",
                "circled",
            ),
        ),
        "grand_style": axis(a, "grand_style", ("katakana", "paren_katakana", "circled", "bullet")),
        "depth": axis(a, "depth", (2, 3)),
        "materials": axis(m, "materials", ("ruled", "ruled", "unruled", "inline")),
        "mat_no": axis(m, "mat_no", ("bare", "plain", "sub")),
        "mat_notes": axis(m, "mat_notes", (True, True, False)),
        "meeting_column": axis(m, "meeting_column", (True, True, False)),
        "reference": axis(m, "reference", (True, False)),
        "opinions_numbered": axis(o, "opinions_numbered", (True, False)),
        "submitter": axis(o, "submitter", ("teishutsu", "teishutsusha", "yori")),
        "opinion_pages": axis(o, "opinion_pages", (1, 2, 3)),
        "page_numbers": axis(seed, "page_numbers", (False, True)),
        "opinion_box": axis(o, "opinion_box", (True, False)),
    }
    style["no_session"] = style["title_form"] == "giji" and rng.random() < 0.5
    spec = DocSpec(
        seed,
        axis(seed, "sections", COMPOSITIONS),
        city,
        theme,
        plan_name,
        nouns,
        kind,
        body,
        rng.randint(1, 6),
        date,
        start,
        end,
        place,
        style,
    )
    from . import content  # local import: content builds on DocSpec

    content.fill(spec, rng)
    return spec
