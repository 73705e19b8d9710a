"""Registered section kinds, in priority order (earlier wins a tie).

See :mod:`pipeline.segment.kinds.base` for the protocol and how to add a kind.
"""

from __future__ import annotations

from typing import Any

from pipeline.segment.kinds.agenda import AgendaKind
from pipeline.segment.kinds.base import Block, Claim, SectionKind
from pipeline.segment.kinds.materials import MaterialsKind
from pipeline.segment.kinds.minutes import MinutesKind
from pipeline.segment.kinds.opinions import OpinionsKind
from pipeline.segment.kinds.plan import PlanKind
from pipeline.segment.kinds.roster import RosterKind

__all__ = ["REGISTRY", "Block", "Claim", "SectionKind"]

# segment() dispatches over this list; a new kind appends itself here.
REGISTRY: list[SectionKind[Any]] = [
    PlanKind(), AgendaKind(), MaterialsKind(), OpinionsKind(), MinutesKind(), RosterKind(),
]
