"""The opinions kind (意見・提案シート): a thin adapter over :mod:`pipeline.segment.opinions`.

Detected by submitter lines (（提出：X委員）, X委員より), or right after an opinion
block (a sheet running over a page break). Continuous: an opinion may cross a
page break, so consecutive opinion blocks are read as one sheet.
"""

from __future__ import annotations

import regex

from pipeline.models import Document, Opinion, Warning
from pipeline.segment.kinds.base import Block, Claim, detect_lines, shut_out
from pipeline.segment.opinions import has_submitter_lines, segment_opinions

OPINION_TITLE = regex.compile(r"意見|提案シート|質問票")
# The gate (kinds.base.shut_out): every submitter line holds 提出 or ends in 委員/会長/議員 より.
VOCABULARY = regex.compile(r"提出|委員|会長|議員")


def opinions_heading(block: Block) -> tuple[float, str | None]:
    """(score, heading): 3 for submitter lines, 1 for a sheet continued from the block before."""
    lines = detect_lines(block)
    if has_submitter_lines(lines):
        top = [ln.text.strip() for ln in lines[:8]]
        return 3.0, next((t for t in top if OPINION_TITLE.search(t)), None)
    if block.previous == "opinions" and lines:
        return 1.0, None
    return 0.0, None


class OpinionsKind:
    name = "opinions"
    continuous = True

    def detect(self, block: Block) -> float:
        if shut_out(block, self.name, VOCABULARY):
            return 0.0
        return opinions_heading(block)[0]

    def segment(self, block: Block) -> Claim[list[Opinion]]:
        opinions, used = segment_opinions(block.lines)
        warnings = []
        unattributed = [o for o in opinions if o.submitter is None]
        if unattributed:
            message = f"{len(unattributed)} opinion(s) have no submitter line after them"
            warnings.append(Warning(code="unattributed_opinion", message=message, pages=[block.pages[0]]))
        # The sheet's heading is on its first page (a joined sheet runs over several).
        first = [ln for ln in block.lines if ln.page == block.pages[0]]
        heading = opinions_heading(Block(pages=block.pages[:1], lines=tuple(first)))[1]
        return Claim(self.name, opinions, frozenset(used), warnings, heading)

    def merge(self, doc: Document, claim: Claim[list[Opinion]]) -> None:
        doc.opinions.extend(claim.part)
