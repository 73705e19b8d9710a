"""The line ledger: every line of the Layout ends in exactly one place.

A line is owned by one claim (a section kind's element, or a page mark) or kept
in ``Document.texts``. The ledger is kept while ``segment()`` runs, not measured
afterwards: a claim naming a line outside its own block, a line claimed twice,
or a line that ends nowhere becomes a ``ledger_violation`` warning, never a
silent loss. Leftover lines become text in :func:`keep_text`, the one place
that turns lines into a :class:`TextBlock`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.layout import Layout, Line
from pipeline.models import TextBlock, Warning
from pipeline.segment.flow import PageFlow, flow_text
from pipeline.segment.provenance import prov


def keep_text(lines: Sequence[Line], section: str, page: PageFlow | None = None) -> TextBlock:
    """Lines no kind claimed, kept as one text block: wrapped lines joined, a
    newline only between paragraphs (:func:`pipeline.segment.flow.flow_text`).
    ``page``, the measure of the lines' page (:class:`~pipeline.segment.flow.PageFlow`,
    made once for all its runs), tells where each column's wrap edge is; without
    it the lines are measured against themselves."""
    text = page.text(lines) if page is not None else flow_text(lines)
    return TextBlock(section=section, text=text, provenance=prov(lines))


class Ledger:
    """Who owns each line of a layout."""

    def __init__(self, layout: Layout) -> None:
        self._lines: dict[int, Line] = {id(ln): ln for ln in layout.iter_lines()}
        self.owner: dict[int, str] = {}
        self.warnings: list[Warning] = []

    def owns(self, key: int) -> bool:
        return key in self.owner

    def claim(self, owner: str, keys: Iterable[int], allowed: frozenset[int] | None = None) -> frozenset[int]:
        """Record ``owner``'s claim; return the keys it got.

        A key outside ``allowed`` (the claimant's block) or already owned is
        refused with a warning, so the line stays available for ``texts``.
        """
        granted: set[int] = set()
        for key in keys:
            line = self._lines.get(key)
            if line is None or (allowed is not None and key not in allowed):
                self._violation(f"{owner} claimed a line outside its block", line)
            elif key in self.owner:
                self._violation(f"{owner} claimed a line {self.owner[key]} already owns: {line.text[:30]!r}", line)
            else:
                self.owner[key] = owner
                granted.add(key)
        return frozenset(granted)

    def check(self) -> None:
        """Every line owned exactly once; anything else is a warning."""
        for key, line in self._lines.items():
            if key not in self.owner:
                self._violation(f"a line ended in no element and not in texts: {line.text[:30]!r}", line)

    def _violation(self, message: str, line: Line | None) -> None:
        self.warnings.append(Warning(code="ledger_violation", message=message, pages=[line.page] if line else []))
