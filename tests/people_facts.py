"""Check minutes (speaker turns, attendance) and rosters of a parsed Document against generated facts."""

from __future__ import annotations

from typing import Any

from pipeline.models import Document, PeopleGroup
from tests.facts import norm


def check_turns(doc: Document, want: dict[str, Any]) -> list[str]:
    turns = doc.minutes[0].turns if doc.minutes else []
    expected = want["turns"]
    problems = []
    for key in ("sitting", "business"):
        got = getattr(doc.minutes[0], key) if doc.minutes else None
        if key in want and (norm(got) if key == "sitting" else [norm(b) for b in got or []]) != (
            norm(want[key]) if key == "sitting" else [norm(b) for b in want[key]]
        ):
            problems.append(f"minutes.{key}: want {want[key]!r}, got {got!r}")
    if len(turns) != len(expected):
        problems.append(f"minutes: want {len(expected)} turns, got {len(turns)}: {[t.speaker for t in turns]}")
    for i, (got, exp) in enumerate(zip(turns, expected)):
        for key in ("speaker", "name", "role", "anonymised"):
            value = getattr(got, key)
            if (norm(value) if isinstance(value, str) else value) != (norm(exp[key]) if isinstance(exp[key], str) else exp[key]):
                problems.append(f"turn[{i}].{key}: want {exp[key]!r}, got {value!r}")
        if norm(got.text) != norm(exp["text"]):
            problems.append(f"turn[{i}].text: want {exp['text'][:40]!r}…, got {got.text[:40]!r}…")
        if [norm(n) for n in got.notes] != [norm(n) for n in exp["notes"]]:
            problems.append(f"turn[{i}].notes: want {exp['notes']}, got {got.notes}")
    return problems


def _group(groups: list[PeopleGroup], want: dict[str, Any]) -> PeopleGroup | None:
    for group in groups:
        if "label" in want and want["label"] in (group.label, group.heading if group.label is None else None):
            return group  # 事務局: a sublist of 出席者, or a field of its own
        if "heading" in want and group.heading == want["heading"] and group.label is None:
            return group
    return None


def check_attendance(doc: Document, want: dict[str, Any]) -> list[str]:
    problems = []
    for exp in want.get("attendance", []):
        group = _group(doc.meeting.attendance, exp)
        if group is None:
            problems.append(f"attendance: no group {exp.get('label') or exp.get('heading')}: {[(g.heading, g.label) for g in doc.meeting.attendance]}")
            continue
        if len(group.people) != len(exp["people"]):
            problems.append(f"attendance {group.label or group.heading}: want {len(exp['people'])} people, got {[p.printed for p in group.people]}")
        for got, person in zip(group.people, exp["people"]):
            for key, value in person.items():
                if norm(getattr(got, key) or "") != norm(value or ""):
                    problems.append(f"attendance {got.printed!r}.{key}: want {value!r}, got {getattr(got, key)!r}")
    return problems


def check_roster(doc: Document, want: dict[str, Any]) -> list[str]:
    if not doc.rosters:
        return ["no roster"]
    roster = doc.rosters[0]
    problems = []
    if norm(roster.heading or "") != norm(want["heading"]):
        problems.append(f"roster.heading: want {want['heading']!r}, got {roster.heading!r}")
    if len(doc.rosters) != 1:
        problems.append(f"want one roster, got {len(doc.rosters)}")
    members = roster.members
    if len(members) != len(want["members"]):
        problems.append(f"roster: want {len(want['members'])} members, got {[m.name for m in members]}")
    for i, (got, exp) in enumerate(zip(members, want["members"])):
        for key, value in exp.items():
            if norm(getattr(got, key) or "") != norm(value or ""):
                problems.append(f"member[{i}].{key}: want {value!r}, got {getattr(got, key)!r}")
    return problems
