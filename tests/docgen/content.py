"""Fill a :class:`~.spec.DocSpec` with agenda, materials, plan and opinions.

Content is drawn from the seeded ``rng`` while layout forms come from balanced
axes (see :mod:`.axes`), so details vary freely but every variation is covered.
"""

from __future__ import annotations

import random

from . import jp, vocab
from .axes import axis
from .spec import AgendaItem, DocSpec, Goal, Material, Measure, Opinion, Plan, Policy, nth_with

NOTES = ("事前配布", "当日配布", "机上配布")


def fill(spec: DocSpec, rng: random.Random) -> None:
    """Populate every section the document has (materials first: others cite them)."""
    if spec.style["materials"] == "inline" and "agenda" not in spec.sections:
        spec.style["materials"] = "ruled"
    if spec.style["mat_no"] == "bare" and spec.style["materials"] == "inline":
        spec.style["mat_no"] = "plain"
    if "materials" in spec.sections:
        spec.materials = make_materials(spec, rng)
        for m in spec.materials:
            if m.title.endswith("体系・骨子の検討"):
                spec.plan_label = (
                    m.printed if m.printed.startswith(("資料", "参考")) else f"資料{m.printed}"
                )
            if m.title == "意見・提案シート":
                spec.opinions_label = (
                    m.printed if m.printed.startswith(("資料", "参考")) else f"資料{m.printed}"
                )
    if "agenda" in spec.sections:
        spec.agenda = make_agenda(spec, rng)
    if "plan" in spec.sections:
        spec.plan = make_plan(
            nth_with(spec.seed, "plan"), rng, spec.city, spec.plan_name, spec.nouns
        )
    if "opinions" in spec.sections:
        spec.opinions = make_opinions(rng, spec.nouns, spec.style, int(spec.style["opinion_pages"]))


def make_materials(spec: DocSpec, rng: random.Random) -> list[Material]:
    titles = [f"{spec.city}{spec.plan_name}の体系・骨子の検討"] if "plan" in spec.sections else []
    titles += ["意見・提案シート"] if "opinions" in spec.sections else []
    extra = [s.format(p=spec.plan_name, t=spec.theme) for s in vocab.MATERIAL_STEMS[2:]]
    rng.shuffle(extra)
    titles += extra[: rng.randint(2, 5) - len(titles) + 1]
    n_ref = rng.randint(1, 2) if spec.style["reference"] else 0
    form = spec.style["mat_no"]
    rows: list[Material] = []
    main = titles[: len(titles) - n_ref] if len(titles) - n_ref >= 2 else titles
    refs = titles[len(main) :]
    no, sub = 1, 0
    for i, title in enumerate(main):
        if form == "sub" and i in (0, 1) and len(main) > 2:
            sub += 1
            key = f"{no}-{sub}"
            if i == 1:
                no, sub = no + 1, 0
        else:
            key = str(no)
            no += 1
        printed = key if form == "bare" else f"資料{key}"
        note = rng.choice(NOTES) if spec.style["mat_notes"] else None
        rows.append(Material(key, printed, title, note))
    for j, title in enumerate(refs, 1):
        rows.append(
            Material(
                f"参考資料{j}",
                f"参考資料{j}",
                title,
                rng.choice(NOTES) if spec.style["mat_notes"] else None,
            )
        )
    if spec.style["meeting_column"] and spec.style["materials"] == "ruled":
        label = f"第{spec.session}回({spec.date.month}月{spec.date.day}日)"
        for m in rows:
            m.meeting_label = label
        if spec.session > 1 and spec.seed % 3 != 0:
            prev = spec.date.replace(month=max(1, spec.date.month - 2))
            old = Material(
                "1",
                "1" if form == "bare" else "資料1",
                "委員名簿",
                None,
                f"第{spec.session - 1}回({prev.month}月{prev.day}日)",
            )
            spec.style["multi_meeting"] = True
            rows.insert(0, old)
    return rows


def _spaced(rng: random.Random, title: str) -> bool:
    return len(title) == 2 and rng.random() < 0.7


def make_agenda(spec: DocSpec, rng: random.Random) -> list[AgendaItem]:
    """The 次第 list: opening items, 議事/議題 with nested topics, closing items."""
    fmt = {"p": spec.plan_name, "t": spec.theme, "y": jp.era_year(spec.date.year, 12, 31)[1]}
    topics = [s.format(**fmt) for s in vocab.TOPIC_STEMS]
    rng.shuffle(topics)
    refs = [m for m in spec.materials if not m.no.startswith("参考")]
    children: list[AgendaItem] = []
    for i in range(rng.randint(2, 4)):
        ref = None
        if refs and rng.random() < 0.5:
            m = refs.pop(0)
            ref = m.printed if m.printed.startswith("資料") else f"資料{m.printed}"
        children.append(AgendaItem(topics[i], ref=ref))
    if spec.style["depth"] == 3:
        grand = [
            AgendaItem(s.format(**fmt)) for s in rng.sample(vocab.REPORT_STEMS, rng.randint(2, 3))
        ]
        children.insert(rng.randint(0, len(children)), AgendaItem("報告事項", children=grand))
    children.append(AgendaItem("その他"))
    if spec.style["header"] == "numbered":
        return children  # the 議題 item's list is the order of business itself
    top = [AgendaItem("開会")] + [
        AgendaItem(t) for t in rng.sample(vocab.OPENING[1:], rng.randint(0, 2))
    ]
    items = top + [AgendaItem(str(spec.style["agenda_heading"]), children=children)]
    if rng.random() < 0.6:
        items.append(AgendaItem("閉会"))
    if spec.materials and spec.style["materials"] != "inline":
        items.append(AgendaItem("配布資料", note="別紙配布資料一覧のとおり"))
    for it in items:
        it.spaced = _spaced(rng, it.title)
    return items


def _tag(rng: random.Random, pool: tuple[str, ...], p: float) -> str | None:
    return rng.choice(pool) if rng.random() < p else None


def make_plan(
    seed: int, rng: random.Random, city: str, plan_name: str, nouns: tuple[str, ...]
) -> Plan:
    """A plan table: 2–5 goals, each with policies and numbered measures."""
    n_goals = axis(seed, "goals", (2, 3, 4, 5))
    with_current = axis(seed, "plan_form", (True, True, False))
    used: set[str] = set()
    budget = 34 if n_goals >= 4 else 40
    goals: list[Goal] = []
    for _ in range(n_goals):
        pols: list[Policy] = []
        for _ in range(rng.randint(1, 3 if n_goals >= 4 else 4)):
            k = max(1, min(rng.randint(1, 4), budget // (n_goals * 3)))
            ms = [
                Measure(
                    vocab.phrase(rng, nouns, vocab.MEASURE_SUFFIXES, used),
                    _tag(rng, ("再掲", "新規", "拡充", "統合"), 0.15),
                )
                for _ in range(k)
            ]
            tag = _tag(rng, vocab.TAGS[:7], 0.9)
            pol = Policy(vocab.phrase(rng, nouns, vocab.POLICY_SUFFIXES, used), tag, ms)
            if rng.random() < 0.12:
                pol.note = (
                    rng.randint(1, k),
                    vocab.phrase(rng, nouns, vocab.POLICY_SUFFIXES, used),
                    rng.choice(("一部組替え", "統合")),
                )
            pol.bold = tag in ("新規", "★新規")
            pols.append(pol)
        title = vocab.pick(rng, vocab.GOAL_PATTERNS).format(n=vocab.pick(rng, nouns))
        goals.append(Goal(title, rng.choice(("継承", "継承", "新規", "拡充")), pols))
    if not any(p.note for g in goals for p in g.policies):
        p = goals[0].policies[0]
        p.note = (
            len(p.measures),
            vocab.phrase(rng, nouns, vocab.POLICY_SUFFIXES, used),
            "一部組替え",
        )
    plan = Plan(f"{city}{plan_name}", vocab.pick(rng, vocab.PHILOSOPHY), goals)
    plan.goal_style = rng.choice(("arabic", "fullwidth"))
    plan.policy_style = rng.choice(("paren_fw", "paren", "paren_circled"))
    plan.measure_style = rng.choice(("circled", "circled", "katakana"))
    if rng.random() < 0.85:
        plan.bold = (rng.randint(2, 4), round(rng.uniform(0.2, 1.0), 2))
    if with_current:
        plan.current_philosophy = vocab.pick(
            rng, [p for p in vocab.PHILOSOPHY if p != plan.next_philosophy]
        )
        plan.current_goals = [
            (
                g.title,
                [p.title for p in g.policies if p.tag not in ("新規", "★新規")]
                or [vocab.phrase(rng, nouns, vocab.POLICY_SUFFIXES, used)],
            )
            for g in goals[: max(2, n_goals - rng.randint(0, 1))]
        ]
        plan.context_columns = rng.sample(vocab.CONTEXT_COLUMNS, rng.randint(1, 3))
        plan.side_label = rng.random() < 0.5
    return plan


def opinion_text(rng: random.Random, nouns: tuple[str, ...], target: int) -> str:
    """One member's opinion of roughly ``target`` characters, in several sentences."""
    text = ""
    bodies = list(vocab.OPINION_BODIES)
    rng.shuffle(bodies)
    while len(text) < target and bodies:
        opener = vocab.pick(rng, vocab.OPINION_OPENERS).format(
            m=jp.num(rng.randint(1, 3), "fullwidth"),
            g=jp.num(rng.randint(1, 4), "fullwidth"),
            p=jp.num(rng.randint(1, 4), "fullwidth"),
            noun=vocab.pick(rng, nouns),
        )
        body = bodies.pop().format(noun=vocab.pick(rng, nouns))
        text += (opener if not text else "") + body + vocab.pick(rng, vocab.OPINION_CLOSERS)
    return text


def make_opinions(
    rng: random.Random, nouns: tuple[str, ...], style: dict[str, object], pages: int
) -> list[Opinion]:
    """3–10 members, 1–3 opinions each, sized to fill about ``pages`` pages."""
    n_members = rng.randint(3, 10) if pages > 1 else rng.randint(3, 5)
    used: set[str] = set()
    members = [vocab.person(rng, used) for _ in range(n_members)]
    counts = [rng.randint(1, 2 if pages == 1 else 3) for _ in members]
    capacity = {1: 480, 2: 1500, 3: 2500}[pages]
    per = max(30, capacity // sum(counts))
    out: list[Opinion] = []
    full_names = style["submitter"] == "teishutsusha" and rng.random() < 0.5
    for name, k in zip(members, counts):
        who = f"{name}　{vocab.pick(rng, vocab.GIVEN)}" if full_names else f"{name}委員"
        for _ in range(k):
            out.append(Opinion(opinion_text(rng, nouns, int(per * rng.uniform(0.5, 1.4))), who))
    return out
