"""Generated minutes and rosters (parsed by the pipeline like any document).

Kept apart from :func:`tests.docgen.suite` (agenda/materials/plan/opinions
packets) so the generators of other kinds stay untouched.
"""

from __future__ import annotations

from functools import lru_cache

from . import GeneratedDoc
from .render_minutes import STYLES, build_minutes, minutes_facts, render_minutes
from .render_roster import STYLES as ROSTER_STYLES
from .render_roster import render_roster

MINUTES_SEEDS = tuple(range(len(STYLES)))
ROSTER_SEEDS = tuple(range(len(ROSTER_STYLES)))


def minutes_doc(seed: int) -> GeneratedDoc:
    spec = build_minutes(seed)
    style = spec.style
    features = {f"minutes:{style['form']}", f"minutes:mark-{style['mark'] or 'none'}"}
    features |= {f"minutes:{k}" for k in ("council", "bullets", "role_only", "affiliation_first") if style.get(k)}
    return GeneratedDoc(f"gen-minutes-{seed:02d}", render_minutes(spec), minutes_facts(spec), features)


def roster_doc(seed: int) -> GeneratedDoc:
    pdf, facts = render_roster(seed)
    return GeneratedDoc(f"gen-roster-{seed:02d}", pdf, facts, {f"roster:{ROSTER_STYLES[seed % len(ROSTER_STYLES)]}"})


@lru_cache(maxsize=1)
def _kinds_suite() -> tuple[GeneratedDoc, ...]:
    return tuple([*(minutes_doc(s) for s in MINUTES_SEEDS), *(roster_doc(s) for s in ROSTER_SEEDS)])


def kinds_suite() -> list[GeneratedDoc]:
    """12 minutes (one per style) and 6 rosters (one per style)."""
    return list(_kinds_suite())
