"""Minutes (議事録・会議録) in the styles municipalities and ministries print, with their facts.

Styles vary by seed: the speaker mark (○ 〇 ◯, ◎ for the executive in council
minutes, none for anonymised 委員A:), the separator (full-width space, colon,
the speech starting on the next line), the speaker form (東会長 glued,
議長(田中一郎君) bracketed, 委員A / A委員 anonymised, 事務局 role-only), a
header with 出席者 lists (sublists 委員: / 事務局:, affiliations in brackets
or before the name, a (敬称略・五十音順) remark, a list wrapping over lines),
a 議事次第 inside the minutes, council headers (議事日程 第N号,
本日の会議に付した事件, 出席議員 numbered), speeches running over page breaks,
○ bullets inside a speech and bracketed stage directions.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from . import jp, vocab
from .draw import A4_PORTRAIT, GOTHIC, MIN, Page, wrap

SIZE = 10.5
LEAD = 18.0
X = 70.0
TEXT_W = A4_PORTRAIT[0] - 2 * X
TOP, BOTTOM = 70.0, A4_PORTRAIT[1] - 80.0

#: (mark, separator, speaker form, council) per style; seeds cycle through them.
STYLES: tuple[dict[str, Any], ...] = (
    {"mark": "○", "sep": "　", "form": "glued"},
    {"mark": "〇", "sep": "：", "form": "glued"},
    {"mark": "◯", "sep": "　", "form": "bracket"},
    {"mark": "○", "sep": "\n", "form": "bracket", "council": True},
    {"mark": None, "sep": "：", "form": "anon"},
    {"mark": "○", "sep": "　", "form": "anon_prefix"},
    {"mark": "○", "sep": "　", "form": "glued", "role_only": True},
    {"mark": "〇", "sep": "：", "form": "glued", "affiliation_first": True},
    {"mark": "◯", "sep": "\n", "form": "bracket", "council": True},
    {"mark": "○", "sep": "　", "form": "glued", "bullets": True},
    {"mark": None, "sep": "：", "form": "anon_number"},
    {"mark": "○", "sep": "：", "form": "glued", "role_only": True, "bullets": True},
)

SENTENCES = (
    "それでは、ただいまから会議を開会いたします",
    "本日は御多忙のところお集まりいただきまして、誠にありがとうございます",
    "資料に基づきまして、事務局から説明をお願いいたします",
    "前回の会議でいただいた御意見を踏まえて、計画の素案を修正いたしました",
    "地域の見守り活動については、担い手の高齢化が大きな課題となっております",
    "アンケートの結果を見ますと、相談窓口を知らないと回答した方が半数近くに上っています",
    "関係機関との連携をどのように進めていくのか、もう少し具体的に示していただきたいと思います",
    "数値目標の設定については、毎年度の進捗を確認できる指標にしていただければと考えます",
    "御指摘の点については、庁内の関係課とも調整のうえ、次回までに整理してお示しいたします",
    "若い世代の参加を促すためには、オンラインでの情報発信も重要ではないでしょうか",
    "ほかに御意見、御質問はございませんでしょうか",
    "特にないようですので、本件は原案のとおり了承することといたします",
    "事業の実施に当たっては、当事者の声を丁寧に聞いていくことが大切だと感じております",
    "財源の確保や職員体制についても、あわせて検討を進めてまいります",
)
SHORT = ("ありがとうございました。", "はい、お願いします。", "承知いたしました。", "よろしくお願いいたします。")
STAGE = ("（「異議なし」と呼ぶ者あり）", "（拍手）", "（報道関係者退室）")
AFFILIATIONS = ("{c}大学教授", "公募市民", "{c}社会福祉協議会事務局長", "民生委員児童委員協議会会長", "学識経験者", "{c}商工会議所副会頭")
POSTS = ("福祉部長", "地域福祉課長", "企画課長", "健康推進課長")
ANON_LETTERS = "ABCDEFGH"


@dataclass
class Speaker:
    printed: str
    name: str | None
    role: str | None
    anonymised: bool = False
    mark: str | None = None


@dataclass
class Turn:
    speaker: Speaker
    paragraphs: list[str]
    notes: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


@dataclass
class MinutesSpec:
    seed: int
    style: dict[str, Any]
    title: str
    body: str
    date: dt.date
    start: dt.time
    end: dt.time
    place: str
    members: list[tuple[str, str]]  # (full name with a space, affiliation)
    staff: list[tuple[str, str]]  # (full name, post)
    absent: list[str]
    turns: list[Turn]
    agenda: list[str]


def _full(rng: random.Random, used: set[str]) -> tuple[str, str]:
    surname = vocab.person(rng, used)
    return surname, f"{surname} {vocab.pick(rng, vocab.GIVEN)}"


def _paragraph(rng: random.Random, n: int) -> str:
    return "、".join(vocab.pick(rng, SENTENCES) for _ in range(n)) + "。"


def build_minutes(seed: int) -> MinutesSpec:
    rng = random.Random(7000 + seed)
    style = STYLES[seed % len(STYLES)]
    city = vocab.pick(rng, vocab.CITIES)
    council = bool(style.get("council"))
    body = f"{city}議会" if council else f"{city}{vocab.pick(rng, ('地域福祉推進委員会', '環境審議会', '子ども・子育て会議', '総合計画審議会'))}"
    session = rng.randint(1, 6)
    date = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700))
    start = dt.time(rng.choice((9, 10, 13, 14)), rng.choice((0, 30)))
    end = dt.time(start.hour + 1, rng.choice((0, 15, 45)))
    used: set[str] = set()
    members = [_full(rng, used) for _ in range(rng.randint(5, 8))]
    staff = [_full(rng, used) for _ in range(2)]
    absent = [_full(rng, used)[1]]
    member_rows = [(full, vocab.pick(rng, AFFILIATIONS).format(c=city)) for _s, full in members]
    staff_rows = [(full, POSTS[i]) for i, (_s, full) in enumerate(staff)]

    chair_role = "議長" if council else vocab.pick(rng, ("会長", "委員長", "座長"))
    mark = style["mark"]
    form = style["form"]

    def speaker(i: int, role: str, surname: str, full: str) -> Speaker:
        if form == "glued":
            return Speaker(f"{surname}{role}", surname, role, mark=mark)
        if form == "bracket":
            return Speaker(f"{role}（{full.replace(' ', '')}君）", full.replace(" ", ""), role, mark=mark)
        letter = ANON_LETTERS[i % len(ANON_LETTERS)]
        if form == "anon_prefix":
            return Speaker(f"{letter}{role}", None, role, True, mark=mark) if role == "委員" else Speaker(role, None, role, mark=mark)
        if form == "anon_number":
            return Speaker(f"{role}{i + 1}", None, role, True, mark=mark) if role == "委員" else Speaker(role, None, role, mark=mark)
        return Speaker(f"{role}{letter}", None, role, True, mark=mark) if role == "委員" else Speaker(role, None, role, mark=mark)

    chair = speaker(0, chair_role, members[0][0], members[0][1])
    if council:
        others = [speaker(i, f"{i + 2}番", s, f) for i, (s, f) in enumerate(members[1:])]
        executive = Speaker(f"市長（{staff[0][1].replace(' ', '')}君）", staff[0][1].replace(" ", ""), "市長", mark="◎")
        secretariat = Speaker(f"{POSTS[0]}（{staff[1][1].replace(' ', '')}君）", staff[1][1].replace(" ", ""), POSTS[0], mark="◎")
    else:
        others = [speaker(i, "委員", s, f) for i, (s, f) in enumerate(members[1:])]
        if style.get("role_only") or form.startswith("anon"):
            executive = Speaker("事務局", None, "事務局", mark=mark)
        else:
            executive = speaker(0, "課長", staff[0][0], staff[0][1])
            executive.role = "課長"
        secretariat = executive

    turns: list[Turn] = []
    long_at = rng.randrange(2, 5)
    n_turns = rng.randint(9, 14)
    for k in range(n_turns):
        who = chair if k % 2 == 0 else ([executive, secretariat, *others][(k // 2) % (len(others) + 2)])
        if k == long_at:
            paras = [_paragraph(rng, rng.randint(3, 4)) for _ in range(rng.randint(6, 9))]  # spans a page break
        elif rng.random() < 0.25:
            paras = [vocab.pick(rng, SHORT)]
        else:
            paras = [_paragraph(rng, rng.randint(1, 3)) for _ in range(rng.randint(1, 3))]
        turn = Turn(who, paras)
        if style.get("bullets") and k == long_at + 1:
            turn.bullets = [f"{vocab.pick(rng, ('地域の見守り体制', '相談窓口の周知', '人材の育成'))}について" for _ in range(2)]
        if k == n_turns - 2 and rng.random() < 0.7:
            turn.notes.append(vocab.pick(rng, STAGE))
        turns.append(turn)
    agenda = ["開会", vocab.pick(rng, ("計画の素案について", "事業の進捗状況について", "報告事項")), "その他", "閉会"]
    era, n = jp.era_year(date.year, date.month, date.day)
    kind = "会議録" if council else vocab.pick(rng, ("議事録", "会議録", "議事要旨"))
    if council:
        title = f"{era}{jp.era_year_text(n, 'fullwidth')}年第{jp.num(session, 'fullwidth')}回{body}定例会{kind}"
    else:
        title = f"{jp.format_fiscal_year(date, 'fullwidth')}第{jp.num(session, 'fullwidth')}回{body}　{kind}"
    return MinutesSpec(seed, style, title, body, date, start, end, vocab.pick(rng, vocab.PLACES).format(c=city, f=rng.randint(2, 8), k=rng.randint(1, 5), r="大"),
                       member_rows, staff_rows, absent, turns, agenda)


class _Writer:
    """Lines flowing down A4 pages, a page number at the foot of each."""

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self.page = Page(canvas, A4_PORTRAIT)
        self.top = TOP
        self.n = 1

    def line(self, text: str, x: float = X, font: str = MIN, size: float = SIZE, align: str = "left") -> None:
        if self.top + LEAD > BOTTOM:
            self.break_page()
        self.page.text(x, self.top, text, font, size, align=align)
        self.top += LEAD

    def flow(self, text: str, first_indent: str = "", x: float = X) -> None:
        for row in wrap(first_indent + text, MIN, SIZE, TEXT_W - (x - X)):
            self.line(row, x)

    def break_page(self) -> None:
        self.page.footer(self.n)
        self.c.showPage()
        self.page = Page(self.c, A4_PORTRAIT)
        self.top = TOP
        self.n += 1

    def close(self) -> None:
        self.page.footer(self.n)
        self.c.showPage()


def _people_lines(spec: MinutesSpec) -> list[tuple[str, float]]:
    """The 出席者 field's lines (text, x): a wrapped 委員 list and a 事務局 list."""
    affiliation_first = bool(spec.style.get("affiliation_first"))
    entries = [f"{aff}　{name.replace(' ', '　')}" if affiliation_first else f"{name.replace(' ', '　')}（{aff}）" for name, aff in spec.members]
    text = "委員：" + "、".join(entries)
    out = [(row, X + 12) for row in wrap(text, MIN, SIZE, TEXT_W - 12)]
    out.append(("事務局：" + "、".join(f"{post}　{name.replace(' ', '　')}" for name, post in spec.staff), X + 12))
    return out


def render_minutes(spec: MinutesSpec) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1, pageCompression=1)
    c.setTitle(spec.title)
    w = _Writer(c)
    w.line(spec.title, A4_PORTRAIT[0] / 2, GOTHIC, 13, align="center")
    w.top += 8
    date = jp.format_date(spec.date, western=False, digits="fullwidth", weekday="（）")
    time = jp.format_time(spec.start, spec.end, "colon_range" if spec.seed % 2 else "kara_made", "fullwidth")
    council = bool(spec.style.get("council"))
    if council:
        w.line(f"議事日程　第{jp.num(2, 'fullwidth')}号")
        w.line(f"日時　{date}　{time}")
        w.line(f"場所　{spec.place}")
        w.line("本日の会議に付した事件")
        w.line("日程第１　一般質問", X + 12)
        w.line(f"出席議員（{jp.num(len(spec.members), 'fullwidth')}名）")
        for i in range(0, len(spec.members), 2):
            pair = spec.members[i : i + 2]
            x = X + 12
            for j, (name, _aff) in enumerate(pair):
                w.page.text(x + j * 200, w.top, f"{jp.num(i + j + 1, 'fullwidth')}番　{name.replace(' ', '　')}君", MIN, SIZE)
            w.top += LEAD
        w.line("欠席議員　" + "、".join(spec.absent))
        w.line("説明のため出席した者")
        for name, post in [(spec.staff[0][0], "市長"), (spec.staff[1][0], POSTS[0])]:
            w.line(f"{post}　{name.replace(' ', '　')}君", X + 12)
    else:
        w.line(f"１　日時　{date}　{time}")
        w.line(f"２　場所　{spec.place}")
        remark = "（敬称略・五十音順）" if spec.seed % 3 else ""
        w.line(f"３　出席者{remark}")
        for text, x in _people_lines(spec):
            w.line(text, x)
        w.line("４　欠席委員　" + "、".join(spec.absent))
        if spec.seed % 2 == 0:
            w.line("５　議事次第")
            for i, item in enumerate(spec.agenda, 1):
                w.line(f"（{jp.num(i, 'fullwidth')}）{item}", X + 12)
    w.top += LEAD
    for turn in spec.turns:
        sp = turn.speaker
        head = f"{sp.mark or ''}{sp.printed}"
        sep = spec.style["sep"]
        if sep == "\n":
            w.line(head)
            w.flow(turn.paragraphs[0], "　")
        else:
            w.flow(head + sep + turn.paragraphs[0])
        for bullet in turn.bullets:
            w.line(f"○　{bullet}", X + 12)
        for para in turn.paragraphs[1:]:
            w.flow(para, "　")
        for note in turn.notes:
            w.line(note, A4_PORTRAIT[0] / 2, align="center")
    w.close()
    c.save()
    return buf.getvalue()


def minutes_facts(spec: MinutesSpec) -> dict[str, Any]:
    turns = []
    for t in spec.turns:
        text = "".join(t.paragraphs[:1]) + "".join(f"○{b}" for b in t.bullets) + "".join(t.paragraphs[1:])
        turns.append({"speaker": t.speaker.printed, "name": t.speaker.name, "role": t.speaker.role,
                      "anonymised": t.speaker.anonymised, "text": text, "notes": t.notes})
    facts: dict[str, Any] = {
        "meeting": {"date": spec.date.isoformat(), "start_time": jp.hhmm(spec.start), "end_time": jp.hhmm(spec.end), "place": spec.place},
        "minutes": {"turns": turns},
    }
    if spec.style.get("council"):
        facts["minutes"]["sitting"] = "議事日程 第2号"
        facts["minutes"]["business"] = ["日程第1 一般質問"]
        facts["minutes"]["attendance"] = [{"heading": "出席議員", "people": [{"name": n, "seat": f"{i}番"} for i, (n, _a) in enumerate(spec.members, 1)]}]
    else:
        facts["minutes"]["attendance"] = [
            {"label": "委員", "people": [{"name": n, "affiliation": a} for n, a in spec.members]},
            {"label": "事務局", "people": [{"name": n, "role": p} for n, p in spec.staff]},
        ]
    return facts
