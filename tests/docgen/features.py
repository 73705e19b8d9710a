"""Names of the variations a document exercises, so the suite can prove its coverage.

Only features visible from the spec live here; the few that depend on layout
(how many opinion pages, whether an opinion straddles a page break) are added
by the renderer in :mod:`tests.docgen`.
"""

from __future__ import annotations

from .facts import agenda_styles
from .spec import DocSpec
from .vocab import BODY_KINDS, TAGS

#: Every feature the suite must exercise (each in several documents).
FEATURES: tuple[str, ...] = (
    *(f"body:{k}" for k in BODY_KINDS),
    "title:nendo",
    "title:kaigi",
    "title:giji",
    "title:no-session",
    "date:reiwa",
    "date:reiwa_gannen",
    "date:heisei",
    "date:western",
    "digits:ascii",
    "digits:fullwidth",
    "digits:kanji",
    "weekday",
    "no-weekday",
    "time:gozen",
    "time:colon_range",
    "time:kara_made",
    "time:end",
    "place:場所",
    "place:会場",
    "header:spaced",
    "header:numbered",
    "agenda:議事",
    "agenda:議題",
    "agenda:letter-spaced",
    "agenda:material-ref",
    "agenda-depth:2",
    "agenda-depth:3",
    *(
        f"agenda-num:{s}"
        for s in (
            "arabic",
            "fullwidth",
            "kanji",
            "paren",
            "paren_circled",
            "paren_fw",
            "katakana",
            "paren_katakana",
            "circled",
            "bullet",
        )
    ),
    "materials:ruled",
    "materials:unruled",
    "materials:inline",
    "mat-no:bare",
    "mat-no:plain",
    "mat-no:sub",
    "mat-no:reference",
    "mat-note:事前配布",
    "mat-note:当日配布",
    "mat-note:机上配布",
    "mat-note:none",
    "materials:meeting-column",
    "materials:multi-meeting",
    "plan:current+next",
    "plan:next-only",
    "plan:context-columns",
    "plan:vertical-philosophy",
    "plan:goals-2",
    "plan:goals-3",
    "plan:goals-4",
    "plan:goals-5",
    *(f"plan:tag:{t}" for t in TAGS),
    "plan:note",
    "plan:fake-bold",
    "plan:side-label",
    "opinions:numbered",
    "opinions:unnumbered",
    "opinions:pages-1",
    "opinions:pages-2",
    "opinions:pages-3",
    "opinions:split-page",
    "opinions:members-3-5",
    "opinions:members-6-10",
    "opinions:boxed",
    "submitter:teishutsu",
    "submitter:teishutsusha",
    "submitter:yori",
    "missing:agenda",
    "missing:materials",
    "missing:plan",
    "missing:opinions",
    "only:agenda",
    "only:materials",
    "only:plan",
    "only:opinions",
    "sections:all",
    "page-numbers",
)


def _agenda_features(spec: DocSpec) -> set[str]:
    s = spec.style
    out = {f"header:{s['header']}", f"agenda:{s['agenda_heading']}"}
    styles = agenda_styles(spec)

    def walk(items, depth: int) -> int:  # type: ignore[no-untyped-def]
        deepest = depth
        for it in items:
            out.add(f"agenda-num:{styles[depth - 1]}")
            if it.spaced:
                out.add("agenda:letter-spaced")
            if it.ref:
                out.add("agenda:material-ref")
            if it.children:
                deepest = max(deepest, walk(it.children, depth + 1))
        return deepest

    depth = walk(spec.agenda, 1)
    out.add(f"agenda-depth:{min(depth, 3) if s['header'] == 'spaced' else depth + 1}")
    out |= {
        f"title:{s['title_form']}",
        f"date:{s['date_form']}",
        f"digits:{s['digits']}",
        "weekday" if s["weekday"] else "no-weekday",
        f"time:{s['time']}",
        f"place:{s['place_label']}",
    }
    if spec.end is not None:
        out.add("time:end")
    if s.get("no_session"):
        out.add("title:no-session")
    return out


def _material_features(spec: DocSpec) -> set[str]:
    s = spec.style
    out = {f"materials:{s['materials']}", f"mat-no:{s['mat_no']}"}
    for m in spec.materials:
        out.add(f"mat-note:{m.note}" if m.note else "mat-note:none")
        if m.no.startswith("参考"):
            out.add("mat-no:reference")
        if m.meeting_label:
            out.add("materials:meeting-column")
    if len({m.meeting_label for m in spec.materials}) > 1:
        out.add("materials:multi-meeting")
    return out


def _plan_features(spec: DocSpec) -> set[str]:
    plan = spec.plan
    assert plan is not None
    out = {
        f"plan:goals-{len(plan.goals)}",
        "plan:vertical-philosophy",
        "plan:current+next" if plan.current_goals else "plan:next-only",
    }
    if plan.context_columns:
        out.add("plan:context-columns")
    if plan.side_label:
        out.add("plan:side-label")
    for g in plan.goals:
        tags = (
            [g.tag] + [p.tag for p in g.policies] + [m.tag for p in g.policies for m in p.measures]
        )
        out |= {f"plan:tag:{t}" for t in tags if t}
        for p in g.policies:
            if p.note:
                out |= {"plan:note", f"plan:tag:{p.note[2]}"}
            if plan.bold and p.bold:
                out.add("plan:fake-bold")
    return out


def features_of(spec: DocSpec) -> set[str]:
    """Spec-level features of one document."""
    out = {f"body:{spec.kind}"}
    have = set(spec.sections)
    out |= {f"missing:{s}" for s in ("agenda", "materials", "plan", "opinions") if s not in have}
    if len(have) == 1:
        out.add(f"only:{next(iter(have))}")
    if len(have) == 4:
        out.add("sections:all")
    if spec.agenda:
        out |= _agenda_features(spec)
    if spec.materials:
        out |= _material_features(spec)
    if spec.plan:
        out |= _plan_features(spec)
    if spec.opinions:
        s = spec.style
        out |= {
            "opinions:numbered" if s["opinions_numbered"] else "opinions:unnumbered",
            f"submitter:{s['submitter']}",
            "opinions:members-3-5"
            if len({o.submitter for o in spec.opinions}) <= 5
            else "opinions:members-6-10",
        }
        if s["opinion_box"]:
            out.add("opinions:boxed")
    return out
