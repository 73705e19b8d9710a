"""Registered section kinds, in priority order (earlier wins a tie).

See :mod:`pipeline.segment.kinds.base` for the protocol and how to add a kind.
"""

from __future__ import annotations

from pipeline.segment.kinds.base import Block, Claim, SectionKind, line_ids

__all__ = ["REGISTRY", "Block", "Claim", "SectionKind", "line_ids"]

# Filled as kinds are ported to the seam; segment() dispatches over it.
REGISTRY: list[SectionKind] = []  # type: ignore[type-arg]

from pipeline.segment.kinds.minutes import MinutesKind  # noqa: E402

REGISTRY.append(MinutesKind())
from pipeline.segment.kinds.roster import RosterKind  # noqa: E402

REGISTRY.append(RosterKind())
