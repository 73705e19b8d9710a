"""Ground truth in the neutral form of shared/corpus/*.expected.json.

Conventions where the sample leaves a choice open (documented here so the
pipeline team can rely on them):

* ``agenda[].number`` is the ordinal as a string ("2" for ⑵, （イ）, 二), and
  ``None`` for ・ bullets. With a numbered header (1 日時 / 2 場所 / 3 議題 …) the
  header items are not agenda items: the agenda is what 議題 lists.
* An agenda item printed "…について（資料１）" has ``note`` "資料1".
* ``materials[].no`` drops a leading 資料 ("1", "1-1") but keeps 参考資料
  ("参考資料2") so both lists stay distinguishable.
* ``hierarchy`` numbers are integer ordinals; 【★新規】 is tag "新規".
* ``meeting.fiscal_year`` and ``session`` are given only when the title states
  them; documents without a 次第 page give only ``meeting.body`` (when printed).
"""

from __future__ import annotations

from typing import Any

from . import jp
from .spec import AgendaItem, DocSpec, Plan


def _agenda(items: list[AgendaItem], style: str, next_styles: list[str]) -> list[dict[str, Any]]:
    out = []
    for i, it in enumerate(items, 1):
        d: dict[str, Any] = {"number": None if style == "bullet" else str(i), "title": it.title}
        if it.note or it.ref:
            d["note"] = it.note or it.ref
        if it.children:
            d["children"] = _agenda(it.children, next_styles[0], next_styles[1:])
        out.append(d)
    return out


def agenda_styles(spec: DocSpec) -> list[str]:
    """Numbering style per nesting level, outermost first."""
    s = spec.style
    if s["header"] == "numbered":
        return [str(s["child_style"]), str(s["grand_style"]), "bullet"]
    return [str(s["top_style"]), str(s["child_style"]), str(s["grand_style"])]


def plan_facts(plan: Plan) -> dict[str, Any]:
    """The ``hierarchy`` block for one plan table."""
    nxt: dict[str, Any] = {"philosophy": plan.next_philosophy, "goals": []}
    notes = []
    for gi, g in enumerate(plan.goals, 1):
        gd: dict[str, Any] = {"no": gi, "title": g.title, "policies": []}
        if g.tag:
            gd["tag"] = g.tag
        for pi, p in enumerate(g.policies, 1):
            pd: dict[str, Any] = {"no": pi, "title": p.title, "measures": []}
            if p.tag:
                pd["tag"] = p.tag.lstrip("★")
            for mi, m in enumerate(p.measures, 1):
                md: dict[str, Any] = {"no": mi, "title": m.title}
                if m.tag:
                    md["tag"] = m.tag
                pd["measures"].append(md)
            gd["policies"].append(pd)
            if p.note:
                notes.append(
                    {
                        "under_policy": p.title,
                        "text": p.note[1],
                        "tag": p.note[2],
                        "attached_to_measure": p.note[0],
                    }
                )
        nxt["goals"].append(gd)
    if notes:
        nxt["notes"] = notes
    out: dict[str, Any] = {"next": nxt}
    if plan.current_goals:
        out["current"] = {
            "philosophy": plan.current_philosophy,
            "goals": [
                {
                    "no": i,
                    "title": t,
                    "policies": [{"no": j, "title": p} for j, p in enumerate(ps, 1)],
                }
                for i, (t, ps) in enumerate(plan.current_goals, 1)
            ],
        }
    return out


def facts_of(spec: DocSpec) -> dict[str, Any]:
    """The facts a correct parse of the rendered document must contain."""
    facts: dict[str, Any] = {}
    if "agenda" in spec.sections:
        m: dict[str, Any] = {"body": spec.body, "title": spec.title}
        if spec.style["title_form"] == "nendo":
            m["fiscal_year"] = jp.fiscal_year(spec.date)
        if not spec.style.get("no_session"):
            m["session"] = spec.session
        m["date"] = spec.date.isoformat()
        m["start_time"] = jp.hhmm(spec.start)
        if spec.end is not None:
            m["end_time"] = jp.hhmm(spec.end)
        m["place"] = spec.place
        facts["meeting"] = m
        styles = agenda_styles(spec)
        facts["agenda"] = _agenda(spec.agenda, styles[0], styles[1:])
    elif "materials" in spec.sections or "opinions" in spec.sections:
        facts["meeting"] = {"body": spec.body}
    if spec.materials:
        rows = []
        for mat in spec.materials:
            d: dict[str, Any] = {"no": mat.no, "title": mat.title}
            if mat.note:
                d["note"] = mat.note
            if mat.meeting_label:
                d["meeting_label"] = mat.meeting_label
            rows.append(d)
        facts["materials"] = rows
    if spec.plan:
        facts["hierarchy"] = plan_facts(spec.plan)
    if spec.opinions:
        numbered = bool(spec.style["opinions_numbered"])
        facts["opinions"] = [
            {
                "no": i if numbered else None,
                "submitter": o.submitter.replace("　", ""),
                "text": o.text,
            }
            for i, o in enumerate(spec.opinions, 1)
        ]
    return facts


def fact_strings(facts: dict[str, Any]) -> list[str]:
    """Every printed string in ``facts`` (not dates, times or ordinals, which are normalised)."""
    out: list[str] = []
    meeting = facts.get("meeting", {})
    out += [meeting[k] for k in ("body", "title", "place") if k in meeting]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in (
                    "title",
                    "note",
                    "meeting_label",
                    "philosophy",
                    "tag",
                    "text",
                    "submitter",
                    "under_policy",
                ) and isinstance(v, str):
                    out.append(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for key in ("agenda", "materials", "hierarchy", "opinions"):
        walk(facts.get(key))
    out += [m["no"] for m in facts.get("materials", []) if not m["no"].isdigit()]
    return out
