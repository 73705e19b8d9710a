"""The published contract: a parsed committee document.

These pydantic models are the single source of the JSON Schema in
``schemas/document.schema.json`` (regenerate with ``python -m pipeline schema``;
a test fails when it is stale). Modelled on docling-core: typed nodes, each
carrying provenance (page and bbox) so a consumer can go back to the source.

Every string in a Document has been through :func:`pipeline.clean.normalize.normalize_text`
(see the rules table there): full-width ASCII letters, digits and punctuation are
half-width, kana and kanji are untouched, half-width katakana is full-width.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline import SCHEMA_VERSION
from pipeline.warning_codes import WARNING_CODES

__all__ = ["SCHEMA_VERSION", "Document"]

# A date kept as its ISO string (segmenters write strings); the schema says it is one.
IsoDate = Annotated[str, Field(json_schema_extra={"format": "date"})]
_HHMM = r"^([01][0-9]|2[0-4]):[0-5][0-9]$"  # 24-hour HH:MM as the segmenters write it (24:00 is printed)



class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BBox(_Model):
    """Rectangle in PDF points with the origin at the page's top-left (pdfplumber's convention)."""

    x0: float = Field(description="Left edge, points from the left of the page.")
    top: float = Field(description="Top edge, points from the top of the page.")
    x1: float = Field(description="Right edge, points from the left of the page.")
    bottom: float = Field(description="Bottom edge, points from the top of the page.")


class Provenance(_Model):
    """Where an element came from in the source."""

    page: int = Field(description="1-based page number (text input: pages are split on form feeds).")
    bbox: BBox | None = Field(
        default=None, description="Bounding box on the page; null for text input, which has no geometry."
    )
    end_page: int | None = Field(
        default=None, description="Last page of an element that runs over a page break (an opinion, a list); null when it stays on `page`. The bbox covers the first page only."
    )


class Label(_Model):
    """A printed numbering label such as ⑴, (1), 1., ①, ア, 一 or 基本目標1, with its meaning."""

    printed: str = Field(description="The label as printed, after normalization (e.g. '⑴', '(1)', '①', 'ア').")
    number: int | None = Field(
        default=None, description="The label's ordinal as an integer (⑴ → 1, ア → 1, 三 → 3); null for bullets."
    )
    style: str = Field(
        description="Numbering family: arabic ('1 '), arabic_dot ('1.'), paren, paren_circled (⑴), circled (①), arabic_stop (⒈), katakana, paren_katakana, kanji, paren_kanji, bullet, named (基本目標1)."
    )


class Source(_Model):
    file_name: str = Field(description="Base name of the input file (no directories, so output is machine-independent).")
    sha256: str = Field(description="SHA-256 of the input file's bytes, hex.")
    kind: Literal["pdf", "text"] = Field(description="Which extractor read the file.")
    pages: int = Field(description="Number of pages in the source.")
    encoding: str | None = Field(default=None, description="Detected character encoding of text input; null for PDF.")


class Person(_Model):
    """One person of an attendance list, a roster or a speech turn, split as far as the print allows."""

    printed: str = Field(description="The entry as printed (normalized), e.g. '金融庁総合政策局総合政策課:佐藤総合政策管理官', '1番 山田 太郎君'.")
    name: str | None = Field(default=None, description="The person's name without honorific (君, さん, 氏, 様); a space between family and given name is kept as printed; null when it cannot be told apart from a title.")
    role: str | None = Field(default=None, description="Title or role (会長, 副会長, 委員, 議長, 課長, 大臣 …); null when none is printed or it cannot be split from the name.")
    affiliation: str | None = Field(default=None, description="Organisation or 選出区分 printed with the person (所属, 学識経験者, 公募市民 …).")
    seat: str | None = Field(default=None, description="A seat or list number printed before the name ('1番').")
    note: str | None = Field(default=None, description="Remarks printed with the entry: 【代理出席】, a bracketed remark, the 備考 column of a roster.")
    anonymised: bool = Field(default=False, description="True when a letter or number stands for the name (委員A, A委員, 委員1).")
    provenance: Provenance | None = Field(default=None, description="Page and bbox the element was read from.")


class PeopleGroup(_Model):
    """One printed list of people: a header field (出席者 …) or a labelled sublist under it (委員:, 幹事:)."""

    heading: str = Field(description="The header field as printed, without numbering ('出席者', '出席委員', '欠席委員', '事務局', '説明員', '出席議員').")
    status: Literal["present", "absent", "secretariat", "explainer", "other"] = Field(
        description="What the field says about the people: present (出席), absent (欠席), secretariat (事務局), explainer (説明員, 説明のため出席した者), other."
    )
    label: str | None = Field(default=None, description="The sublist label when the field is split into groups ('委員', '幹事', '消費者庁'); null for the field's own list.")
    people: list[Person] = Field(default_factory=list, description="The people of the list in printed order; a list wrapped over lines is one list.")
    remarks: list[str] = Field(default_factory=list, description="Remarks printed with the list that are not people: '(敬称略・50音順)', '別紙名簿のとおり', a head count '(24名)'.")
    provenance: Provenance | None = Field(default=None, description="Page and bbox of the list.")


class Meeting(_Model):
    """The meeting the papers belong to, read from the title and the 日時/場所 header."""

    title: str | None = Field(default=None, description="The meeting's title without the document type, e.g. '令和5年度第2回○○委員会'.")
    heading: str | None = Field(default=None, description="The title line(s) as printed, document type included ('…委員会次第', '… 議事録').")
    body: str | None = Field(default=None, description="Name of the committee/council (委員会, 審議会, 協議会, 会議 …).")
    fiscal_year: int | None = Field(default=None, description="Fiscal year as a western year (令和5年度 → 2023).")
    fiscal_year_label: str | None = Field(default=None, description="Fiscal year as printed, e.g. '令和5年度'.")
    session: int | None = Field(default=None, description="Session number (第2回 → 2).")
    date: IsoDate | None = Field(default=None, description="Meeting date, ISO 8601 (YYYY-MM-DD), converted from 和暦.")
    date_label: str | None = Field(default=None, description="The date as printed.")
    weekday: str | None = Field(default=None, description="Weekday as printed in brackets (月 火 水 木 金 土 日), if any.")
    start_time: str | None = Field(default=None, description="Start time, 24-hour HH:MM.", pattern=_HHMM)
    end_time: str | None = Field(default=None, description="End time, 24-hour HH:MM, when printed.", pattern=_HHMM)
    time_label: str | None = Field(default=None, description="The time as printed ('午後2時00分から', '14:00~15:56').")
    place: str | None = Field(default=None, description="Venue as printed (場所/会場).")
    attendance: list[PeopleGroup] = Field(
        default_factory=list,
        description="The 出席者 / 出席委員 / 欠席委員 / 事務局 / 説明員 fields, one group per printed (sub)list, parsed into people; remarks such as (敬称略・50音順) kept apart.",
    )
    provenance: list[Provenance] = Field(default_factory=list, description="Where the meeting facts were read.")


class AgendaItem(_Model):
    label: Label | None = Field(default=None, description="The item's numbering label; null for unnumbered items.")
    title: str = Field(description="Item title, letter-spacing collapsed.")
    note: str | None = Field(default=None, description="Text printed under the item that is not a sub-item (e.g. '別紙配布資料一覧のとおり').")
    children: list[AgendaItem] = Field(default_factory=list, description="Nested sub-items (1 → ⑴ → ア …).")
    provenance: Provenance | None = Field(default=None, description="Page and bbox the element was read from.")


class Agenda(_Model):
    """One agenda (次第, 議事日程 第N号 and its 追加の1 …) with the meeting facts printed with it."""

    heading: str | None = Field(default=None, description="The agenda's own heading as printed (e.g. '議事日程(第1号追加の1)', '…委員会次第'), or the field its items sit under ('議題').")
    meeting: Meeting | None = Field(default=None, description="Title, date, time and place printed with this agenda (Document.meeting is the first agenda's).")
    items: list[AgendaItem] = Field(default_factory=list, description="Top-level agenda items in printed order.")
    provenance: Provenance | None = Field(default=None, description="Page and bbox of the agenda's lines.")


class Material(_Model):
    """One row of a distributed-materials list (配布資料一覧 / 配付資料)."""

    label: str | None = Field(
        description="Material number as printed after normalization ('資料1', '1', '1-1', '参考資料2', '議案第1号'); null when the row has none."
    )
    number: str | None = Field(default=None, description="The number part only ('1', '1-1', '2').")
    kind: str | None = Field(
        default=None, description="The prefix word when printed ('資料', '参考資料', '議案', '報告'); null when only a number is printed."
    )
    title: str = Field(description="Material title.")
    note: str | None = Field(default=None, description="Remarks column (事前配布, 当日配布, 机上配布 …).")
    meeting: str | None = Field(default=None, description="Meeting label the row belongs to in a multi-meeting list, e.g. '第2回(7月28日)'.")
    children: list[Material] = Field(
        default_factory=list, description="Sub-materials numbered under this one (1-1, 1-2 under 資料1), each with its number as printed."
    )
    provenance: Provenance | None = Field(default=None, description="Page and bbox the element was read from.")


class PlanNote(_Model):
    """A side note (※…) attached to a plan item."""

    text: str = Field(description="Note text without the ※ mark and without its tag.")
    tag: str | None = Field(default=None, description="Tag printed in 【】 after the note, without brackets and ★.")
    star: bool = Field(default=False, description="True when the tag carried ★.")
    after_child: int | None = Field(
        default=None, description="Ordinal of the child item the note follows (it annotates that item); null when it precedes all children."
    )
    provenance: Provenance | None = Field(default=None, description="Page and bbox the element was read from.")


class PlanNode(_Model):
    """A node of a plan structure: 基本目標 → 基本施策 → 施策."""

    level: Literal["goal", "policy", "measure"] = Field(description="Depth in the plan structure.")
    label: Label | None = Field(default=None, description="Numbering label of the node.")
    title: str = Field(description="Title with wrapped lines joined and the tag removed.")
    tag: str | None = Field(default=None, description="Status tag printed in 【】 (継承, 新規, 一部組替え, 拡充 …) without brackets or ★.")
    star: bool = Field(default=False, description="True when the tag carried ★ (e.g. 【★新規】).")
    notes: list[PlanNote] = Field(default_factory=list, description="※ notes attached to this node.")
    children: list[PlanNode] = Field(default_factory=list, description="Nodes one level down (goal → policies, policy → measures).")
    provenance: Provenance | None = Field(default=None, description="Page and bbox the element was read from.")


class Plan(_Model):
    """One plan (the current one or the proposed next one)."""

    which: Literal["current", "next", "unknown"] = Field(description="current (現行) or next (次期/案) plan.")
    heading: str | None = Field(default=None, description="Column heading the plan was read under.")
    philosophy: str | None = Field(default=None, description="基本理念, vertical text read top to bottom.")
    goals: list[PlanNode] = Field(default_factory=list, description="基本目標 nodes in printed order, each with its policies and measures.")
    provenance: Provenance | None = Field(default=None, description="Page and bbox the element was read from.")


class ContextBlock(_Model):
    """A block of context text beside a plan (national / city / prefectural policy, issues)."""

    column: str | None = Field(default=None, description="Column heading of the block, when the layout tells it.")
    heading: str | None = Field(default=None, description="Heading line inside the column, e.g. '【国の方針】'.")
    lines: list[str] = Field(default_factory=list, description="Paragraphs of the block, wrapped lines joined.")
    provenance: Provenance | None = Field(default=None, description="Page and bbox the element was read from.")


class PlanStructure(_Model):
    """A plan-structure table (計画の体系): plans side by side with context columns."""

    title: str | None = Field(default=None, description="Title printed above the table.")
    plans: list[Plan] = Field(default_factory=list, description="Plans of the table, left to right (current, next).")
    context: list[ContextBlock] = Field(default_factory=list, description="Context columns beside the plans, as headed blocks, nothing dropped.")
    side_labels: list[str] = Field(default_factory=list, description="Other vertical labels in the table (not a plan's 基本理念).")
    headers: list[str] = Field(
        default_factory=list,
        description="Column headings and in-cell subheadings as printed (基本理念, 基本目標, ＜基本施策＞ …), in reading order.",
    )
    provenance: Provenance | None = Field(default=None, description="Page and bbox the element was read from.")


class Opinion(_Model):
    number: int | None = Field(default=None, description="Opinion number; null for unnumbered opinions.")
    label: str | None = Field(default=None, description="Number as printed.")
    text: str = Field(description="Full opinion text, lines joined.")
    submitter: str | None = Field(
        default=None, description="Who submitted it, as printed ('X委員'); each submitter line attributes every earlier unattributed opinion."
    )
    submitter_line: str | None = Field(default=None, description="The attribution line as printed ('(提出:X委員)', 'X委員より').")
    provenance: Provenance | None = Field(default=None, description="Page and bbox the element was read from.")


class SpeechTurn(_Model):
    """One speaker's turn in minutes (会議録・議事録): who spoke and everything they said until the next speaker."""

    number: int = Field(description="1-based position of the turn in the minutes (its speaking order).")
    mark: str | None = Field(default=None, description="The speaker mark as printed (○, 〇, ◯, ◎, ●); null for unmarked speakers ('委員A:').")
    speaker: str = Field(description="The speaker as printed, without the mark and the separator ('東会長', '議長(田中一郎君)', '事務局', '委員A').")
    name: str | None = Field(default=None, description="The speaker's name without honorific, when it can be split from the role ('東', '田中一郎').")
    role: str | None = Field(default=None, description="The speaker's role or title ('会長', '議長', '大臣', '事務局', '委員'), when it can be split from the name.")
    anonymised: bool = Field(default=False, description="True when a letter or number stands for the speaker's name (委員A, A委員).")
    text: str = Field(description="Everything the speaker said: wrapped lines joined without a break (also across pages), paragraphs separated by a newline.")
    notes: list[str] = Field(default_factory=list, description="Stage directions printed inside the turn, in brackets ('(「異議なし」と声あり)', '(報道関係者入室)'); not part of the text.")
    pages: list[int] = Field(default_factory=list, description="1-based pages the turn runs over.")
    provenance: Provenance | None = Field(default=None, description="Page and bbox of the turn's first line (the speaker line) and the rest of the turn on that page.")


class Minutes(_Model):
    """Minutes of a meeting (会議録・議事録・議事要旨), or a council sitting's record (定例会会議録)."""

    heading: str | None = Field(default=None, description="The minutes' title as printed ('第4回デジタル社会推進会議 議事録').")
    sitting: str | None = Field(default=None, description="The council sitting's order of business as printed ('議事日程 第2号'), for council minutes.")
    business: list[str] = Field(default_factory=list, description="Lines of 本日の会議に付した事件 (the business taken up at the sitting), as printed.")
    turns: list[SpeechTurn] = Field(default_factory=list, description="Speaker turns in printed order; paragraphs before the first speaker stay in texts.")
    meeting: Meeting | None = Field(
        default=None,
        description="The minutes' own header (日時, 場所, 出席者) when the document's meeting was already read elsewhere (minutes of a previous meeting attached to a packet); null when it is Document.meeting.",
    )
    agenda: Agenda | None = Field(default=None, description="The 議事次第 printed in the minutes when the document already has an agenda; null when it is the document's first agenda (Document.agendas).")
    provenance: Provenance | None = Field(default=None, description="Page and bbox where the minutes start.")


class Member(_Model):
    """One row of a member roster (委員名簿)."""

    name: str = Field(description="The member's name as printed (family and given name, spacing kept), without honorific.")
    role: str | None = Field(default=None, description="Office in the body (会長, 副会長, 委員長, 副委員長, 部会長 …); null for ordinary members.")
    affiliation: str | None = Field(default=None, description="Organisation, post or 選出区分 printed for the member (○○大学教授, 学識経験者, 公募市民 …).")
    category: str | None = Field(default=None, description="The 区分 / 選出区分 column or group heading the member is listed under, when it is printed apart from the affiliation.")
    note: str | None = Field(default=None, description="The 備考 column or a remark on the row (任期, 新任, ◎ 会長 mark explained …).")
    provenance: Provenance | None = Field(default=None, description="Page and bbox the element was read from.")


class Roster(_Model):
    """A member roster (委員名簿): ruled or unruled table of the body's members."""

    heading: str | None = Field(default=None, description="The roster's title as printed ('○○委員会委員名簿').")
    columns: list[str] = Field(default_factory=list, description="Column headings as printed (区分, 氏名, 所属・役職, 備考), when the roster has a header row.")
    members: list[Member] = Field(default_factory=list, description="Members in printed order.")
    provenance: Provenance | None = Field(default=None, description="Page and bbox where the roster starts.")


class TextBlock(_Model):
    """Text kept as it is because no segmenter claimed it: nothing is dropped."""

    section: str = Field(
        description="Section kind of the page it came from (other, agenda, materials, plan, opinions, minutes, roster, empty), or page_number for a page number printed in the margin."
    )
    text: str = Field(
        description="The text as extracted and normalized: wrapped lines joined, one newline between paragraphs (rules in pipeline/segment/flow.py)."
    )
    provenance: Provenance | None = Field(default=None, description="Page and bbox the element was read from.")


class Section(_Model):
    """What a block run was classified as: a heading and what follows it, on one page or running over several."""

    kind: Literal["agenda", "materials", "plan", "opinions", "minutes", "roster", "other", "empty"] = Field(description="Section kind.")
    pages: list[int] = Field(description="1-based page numbers of the section.")
    heading: str | None = Field(default=None, description="Heading that decided the classification.")
    label: str | None = Field(default=None, description="Material label printed on the section (資料1 …), if any.")
    reading: Literal["pdf", "layout_text", "text"] | None = Field(
        default=None,
        description=(
            "How the pages were read: pdf (glyph geometry), layout_text (text that keeps columns as runs of spaces, "
            "such as pdftotext -layout, read from its character grid), text (line by line, no geometry)."
        ),
    )


class Repair(_Model):
    page: int = Field(description="1-based page number.")
    kind: Literal["overprint", "duplicated_run"] = Field(
        description="overprint: glyphs drawn several times removed at character level (PDF); duplicated_run: repeated text runs collapsed (text)."
    )
    before: str = Field(description="Text before the repair (for overprint, the line as it would read with the copies).")
    after: str = Field(description="Text after the repair.")
    count: int = Field(description="Glyphs removed (overprint) or copies per run (duplicated_run).")


class Warning(_Model):
    """Something the pipeline could not read with confidence; one per kind, with every page it concerns."""

    code: str = Field(
        description="Stable machine-readable code: "
        + "; ".join(f"{code}: {meaning}" for code, meaning in WARNING_CODES.items())
        + ".",
        json_schema_extra={"enum": list(WARNING_CODES)},
    )
    message: str = Field(description="One line in plain words; it names no page (see pages).")
    pages: list[int] = Field(
        default_factory=list, description="1-based pages the warning is about, ascending; empty when it concerns the whole file."
    )

    @field_validator("code")
    @classmethod
    def _known_code(cls, code: str) -> str:
        if code not in WARNING_CODES:
            raise ValueError(f"unknown warning code {code!r}: add it to pipeline/warning_codes.py")
        return code


class Document(_Model):
    """A committee document parsed into typed parts."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this schema (semver).")
    source: Source = Field(description="The input file.")
    meeting: Meeting = Field(default_factory=Meeting, description="Meeting facts from the agenda page (empty fields when not printed).")
    agendas: list[Agenda] = Field(default_factory=list, description="Every agenda (次第, 議事日程) in printed order, each with its own heading and items; empty when the papers have none.")
    materials: list[Material] = Field(default_factory=list, description="Rows of the material lists, in printed order.")
    plans: list[PlanStructure] = Field(default_factory=list, description="Plan-structure tables (計画の体系), one per table.")
    opinions: list[Opinion] = Field(default_factory=list, description="Opinions of the opinion sheets, in printed order.")
    minutes: list[Minutes] = Field(default_factory=list, description="Minutes (会議録・議事録) with their speaker turns; one per set of minutes in the file.")
    rosters: list[Roster] = Field(default_factory=list, description="Member rosters (委員名簿), one per roster table.")
    sections: list[Section] = Field(default_factory=list, description="Block classification in reading order; a page holding two kinds (an agenda, then its material list) has two sections.")
    texts: list[TextBlock] = Field(default_factory=list, description="Text not claimed by any segmenter, kept verbatim (normalized).")
    repairs: list[Repair] = Field(default_factory=list, description="Every fake-bold repair made, for audit.")
    warnings: list[Warning] = Field(default_factory=list, description="Everything the pipeline could not read with confidence.")


def document_json_schema() -> dict:  # type: ignore[type-arg]
    """The JSON Schema for :class:`Document`, as published in ``schemas/``."""
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
