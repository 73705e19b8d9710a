"""People as printed in committee papers: speakers, attendance lists, roster rows.

Japanese papers print a person in a handful of shapes, and only the genre's
vocabulary of titles tells the name from the role:

==============================  ===============================================
printed                          read as
==============================  ===============================================
``東会長``, ``千葉会長代理``       name 東 / 千葉, role 会長 / 会長代理
``議長(田中一郎君)``              role 議長, name 田中一郎 (honorific dropped)
``事務局``, ``委員``              role only
``委員A``, ``A委員``, ``委員1``    role 委員, anonymised
``市長 山田 太郎君``              role first, then the name
``1番 山田 太郎君``               seat 1番, name 山田 太郎
``総務省大臣官房企画課:藤野課長``  affiliation before the colon, then name + role
``山田 太郎(○○大学教授)``         name, affiliation in brackets
==============================  ===============================================

Where a title is glued to a name and the name part is longer than a name can be
(``宮原消費者教育推進課長``: is the name 宮原 or 宮原消費者?), the split is
only made when the same name is known from elsewhere in the document (another
speaker, an attendance list); otherwise name and role stay null and the printed
form is kept. Guessing a two-character surname would be right most of the time
and silently wrong otherwise, which is worse for a consumer than a null.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import regex

from pipeline.layout import Line
from pipeline.models import PeopleGroup, Person
from pipeline.segment.flow import Flow
from pipeline.segment.provenance import prov

# Titles and roles, longest first so that 副会長 wins over 会長 and 課長補佐 over 課長.
_ROLE_WORDS = sorted(
    """
    内閣総理大臣 総理大臣 内閣府特命担当大臣 大臣政務官 副大臣 大臣 政務官 長官 次長 審議官 参事官 企画官 管理官
    調査官 官房長 局長 部長 課長補佐 課長 室長 係長 所長 館長 園長 校長 主査 主幹 主任 参事 理事長 理事
    会長職務代理者 会長代理 副会長 会長 委員長職務代理者 委員長代理 副委員長 委員長 部会長 分科会長 座長代理 副座長 座長
    臨時委員 専門委員 特別委員 委員 副議長 議長 議員 副市長 市長 副町長 町長 副村長 村長 副区長 区長 副知事 知事
    教育長 教育委員 議会事務局長 事務局長 事務局次長 事務局 幹事長 幹事 構成員 参考人 説明員 司会 オブザーバー 書記
    会計管理者 監査委員 代表監査委員 顧問 相談役 代表 副代表 社長 代表取締役 教授 准教授 講師 弁護士
    """.split(),
    key=len,
    reverse=True,
)
ROLE = "(?:" + "|".join(_ROLE_WORDS) + ")"
_HONORIFIC = regex.compile(r"(?:君|さん|氏|様|殿)$")
_NAME_CHARS = regex.compile(r"^[\p{Han}\p{Hiragana}\p{Katakana}ー々ヶ・ ]{1,12}$")
# Words of organisations and seats, never of a name (公募市民, 学識経験者, ○○大学).
_ORGISH = regex.compile(r"大学|協会|協議会|団体|会議所|市民|公募|学識|経験者|代表|教授|法人|組合|会社|センター|病院|学校|連合|事務局|議会|役所|庁|省")
_BRACKETED = regex.compile(r"^(?P<role>[^()]+?)\s*\((?P<name>[^()]+)\)$")
_ROLEISH = regex.compile(rf"(?:{ROLE}|\d{{1,3}}\s*番)$")  # before a bracketed name: 議長(…君), 3番(…君)
_ANON = regex.compile(rf"^(?:(?P<role>{ROLE})\s*(?P<id>[A-Za-z]|\d{{1,3}})|(?P<id2>[A-Za-z])\s*(?P<role2>{ROLE}))$")
_NAME_ROLE = regex.compile(rf"^(?P<name>.+?)\s*(?P<role>{ROLE})$")
_ROLE_ONLY = regex.compile(rf"^{ROLE}$")
# A title printed as its own word: a role word, or a short unit name + post (福祉部長, 地域福祉課長).
# A longer one (○○大学教授, ○○協議会事務局長) is an affiliation with its post.
_TITLE_TOKEN = regex.compile(rf"^(?:{ROLE}|\p{{Han}}{{1,4}}(?:部長|課長|局長|室長|係長|所長|館長|次長|主査|主幹|参事|課長補佐))$")
_SEAT = regex.compile(r"^(?P<seat>\d{1,3}\s*番)\s*(?P<rest>.+)$")
_NOTE = regex.compile(r"\s*(?P<note>【[^】]*】|\[[^\]]*\])\s*$")
_TRAILING_PAREN = regex.compile(r"^(?P<head>.+?)\s*\((?P<inner>[^()]+)\)$")
# A name is at most this many characters without its space (長谷川 一二三: 6).
MAX_NAME = 6
MAX_GLUED_NAME = 4  # a name glued to a title: 1–4 characters (東, 千葉, 長谷川)

REMARK = regex.compile(r"敬称略|順不同|50音順|五十音順|名簿のとおり|別紙|別添|のとおり|以下|^\(?\d+名\)?$|^\(?なし\)?$|^計\s*\d+名")


def _clean_name(text: str) -> str:
    return _HONORIFIC.sub("", text.strip()).strip()


def is_name(text: str) -> bool:
    """Looks like a personal name: kanji/kana only, with at most one space, not a title."""
    text = _clean_name(text)
    if not _NAME_CHARS.match(text) or len(text.replace(" ", "")) > MAX_NAME or text.count(" ") > 1:
        return False
    return not _ORGISH.search(text) and not any(_ROLE_ONLY.match(token) for token in text.split())


def split_speaker(text: str, known: Iterable[str] = ()) -> tuple[str | None, str | None, bool]:
    """(name, role, anonymised) of a speaker or a person entry without affiliation."""
    text = text.strip()
    m = _BRACKETED.match(text)
    if m and is_name(m["name"]) and _ROLEISH.search(m["role"]):
        return _clean_name(m["name"]), m["role"].strip(), False
    m = _ANON.match(text)
    if m:
        return None, m["role"] or m["role2"], True
    if _ROLE_ONLY.match(text):
        return None, text, False
    for name in sorted(known, key=len, reverse=True):
        rest = text[len(name) :].strip()
        if name and text.startswith(name) and rest and regex.match(rf"^\p{{Han}}*{ROLE}$", rest):
            return name, rest, False
    m = _NAME_ROLE.match(text)
    if m and is_name(m["name"]) and len(m["name"].replace(" ", "")) <= (MAX_NAME if " " in m["name"] else MAX_GLUED_NAME):
        return _clean_name(m["name"]), m["role"], False
    if is_name(text):
        return _clean_name(text), None, False
    return None, None, False


def parse_person(printed: str, lines: Sequence[Line] = (), known: Iterable[str] = ()) -> Person:
    """One entry of a people list, split into seat, affiliation, name, role and note."""
    rest = printed.strip()
    person = Person(printed=printed.strip(), provenance=prov(lines))
    note = _NOTE.search(rest)
    if note and note.start() > 0:
        person.note = note["note"]
        rest = rest[: note.start()].strip()
    seat = _SEAT.match(rest)
    if seat:
        person.seat = seat["seat"].replace(" ", "")
        rest = seat["rest"]
    if ":" in rest:
        affiliation, _, rest = rest.rpartition(":")
        person.affiliation = affiliation.strip() or None
        rest = rest.strip()
    paren = _TRAILING_PAREN.match(rest)
    inner: str | None = None
    if paren and not (is_name(paren["inner"]) and _ROLEISH.search(paren["head"])):  # 議長(田中一郎君): the name is inside
        rest, inner = paren["head"], paren["inner"]
    name, role, anonymised = split_speaker(rest, known)
    if name is None and role is None and not anonymised:
        name, role, extra = _split_tokens(rest)
        if extra and person.affiliation is None:
            person.affiliation = extra
    if name is not None and person.affiliation is not None and " " not in name and len(name) > MAX_GLUED_NAME:
        name = None  # '課:川副官房付': a surname glued to a title the vocabulary does not know
    person.name, person.role, person.anonymised = name, role, anonymised
    if inner is not None:
        if name is not None and role is None and person.affiliation is None:
            person.affiliation = inner
        else:
            person.note = f"({inner})" if person.note is None else f"({inner}){person.note}"
    return person


def _split_tokens(text: str) -> tuple[str | None, str | None, str | None]:
    """(name, role, affiliation) of a space-separated entry: 'role name', 'name affiliation', 'affiliation name'."""
    tokens = text.split()
    if len(tokens) < 2:
        return None, None, None
    role = None
    if _TITLE_TOKEN.match(tokens[0]):
        role, tokens = tokens[0], tokens[1:]
    elif _TITLE_TOKEN.match(tokens[-1]):
        role, tokens = tokens[-1], tokens[:-1]
    if not tokens:
        return None, role, None
    # The name is the run of one or two short kana/kanji tokens at one end.
    for take in (2, 1):
        if len(tokens) >= take:
            head = " ".join(tokens[:take])
            if is_name(head) and all(len(t) <= MAX_GLUED_NAME for t in tokens[:take]):
                return _clean_name(head), role, " ".join(tokens[take:]) or None
            tail = " ".join(tokens[-take:])
            if is_name(tail) and all(len(t) <= MAX_GLUED_NAME for t in tokens[-take:]):
                return _clean_name(tail), role, " ".join(tokens[:-take]) or None
    return None, role, None


# ---------------------------------------------------------------- attendance lists

Status = Literal["present", "absent", "secretariat", "explainer", "other"]
_STATUS: list[tuple[regex.Pattern[str], Status]] = [
    (regex.compile(r"欠席"), "absent"),
    (regex.compile(r"説明員|説明のため|説明者"), "explainer"),
    (regex.compile(r"事務局"), "secretariat"),
    (regex.compile(r"出席"), "present"),
]
_HEAD = regex.compile(r"^(?P<key>[^\s:()]+?)\s*(?P<remark>\([^)]*\))?\s*(?:[:]\s*|\s+|$)(?P<rest>.*)$")
_SUBLABEL = regex.compile(r"^(?P<label>[^\s:、,()]{1,12}?)\s*[:]\s*(?P<rest>.*)$")
_SPLIT = regex.compile(r"\s*[、,，]\s*")
_SEAT_SPLIT = regex.compile(r"\s+(?=\d{1,3}\s*番\s*\S)")
_HONORIFIC_SPLIT = regex.compile(r"(?<=君)\s+")
_SUBLABEL_MAX = 6  # '消費者庁:' is a group label, '総務省大臣官房企画課:' an affiliation


def status_of(key: str) -> Status:
    for pattern, status in _STATUS:
        if pattern.search(key):
            return status
    return "other"


def parse_attendance(key: str, value: str, lines: Sequence[Line], known: Iterable[str] = ()) -> list[PeopleGroup]:
    """A header field of people (出席者: …) → one group per labelled sublist.

    ``key`` is the field as printed (出席者), ``value`` the text after it on the
    field's line, ``lines`` the field's lines (the first one holds the key). A
    sublist label (委員:, 幹事:) starts a group when it is short or followed by
    an ``affiliation:person`` entry (幹事:金融庁…課:佐藤…); a longer ``X:`` is
    an affiliation. Indentation was tried first and rejected: real lists draw
    their continuation lines with leading blanks at inconsistent offsets.
    """
    known = list(known)
    head = _HEAD.match(key)
    heading = head["key"] if head else key
    remarks: list[str] = []
    m = regex.match(r"^(?P<key>[^()]+?)\s*(?P<remark>\([^)]*\))$", heading)
    if m:
        heading = m["key"]
        remarks.append(m["remark"])
    status = status_of(heading)
    rows: list[tuple[str, Line]] = []
    if value.strip():
        rows.append((value.strip(), lines[0]))
    rows.extend((ln.text.strip(), ln) for ln in lines[1:] if ln.text.strip())
    groups: list[tuple[str | None, list[tuple[str, Line]]]] = [(None, [])]
    for text, line in rows:
        sub = _SUBLABEL.match(text)
        if sub and not REMARK.search(sub["label"]):
            if len(sub["label"]) <= _SUBLABEL_MAX or ":" in sub["rest"]:
                groups.append((sub["label"], [(sub["rest"], line)] if sub["rest"].strip() else []))
                continue
        groups[-1][1].append((text, line))

    out: list[PeopleGroup] = []
    for label, members in groups:
        if label is None and not members and not remarks and (out or len(groups) > 1):
            continue
        group = PeopleGroup(heading=heading, status=status if label is None else _sub_status(label, status), label=label)
        if label is None:
            group.remarks.extend(remarks)
        for entry, src in _entries(members):
            if REMARK.search(entry):
                group.remarks.append(entry)
            else:
                group.people.append(parse_person(entry, src, known))
        group.provenance = prov([ln for _t, ln in members] or lines[:1])
        out.append(group)
    return out


def _sub_status(label: str, status: Status) -> Status:
    own = status_of(label)
    return own if own != "other" else status


def _entries(members: Sequence[tuple[str, Line]]) -> list[tuple[str, list[Line]]]:
    """Split a list's lines into entries: by 、 and by line, joining a line that wraps inside an entry."""
    if not members:
        return []
    flow = Flow([ln for _t, ln in members])
    colon_style = sum(1 for t, _ln in members if ":" in t) * 2 >= len(members)
    chunks: list[tuple[str, list[Line]]] = []
    carry: tuple[str, list[Line]] | None = None
    for text, line in members:
        if carry is not None:
            text, src = carry[0] + text, [*carry[1], line]
            carry = None
        else:
            src = [line]
        ends_open = not text.endswith(("、", ",", "，"))
        if colon_style:  # 'affiliation:person' entries: a line without a colon is the first half of one
            wrapped_in_entry = ":" not in text
        else:
            wrapped_in_entry = ends_open and flow.wraps(line) and not text.endswith(("君", "氏", "様"))
        if wrapped_in_entry and line is not members[-1][1]:
            carry = (text, src)
            continue
        chunks.append((text, src))
    if carry is not None:
        chunks.append(carry)
    out: list[tuple[str, list[Line]]] = []
    for text, src in chunks:
        for part in _SPLIT.split(text):
            for piece in _SEAT_SPLIT.split(part):
                for sub in _HONORIFIC_SPLIT.split(piece):
                    if sub.strip():
                        out.append((sub.strip(), src))
    return out
