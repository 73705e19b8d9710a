"""The line ledger: every line in exactly one place, and a bad claim is a warning, not a loss."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.extract.text import extract_text
from pipeline.models import Document, Source
from pipeline.segment import segment
from pipeline.segment.kinds import REGISTRY, Block, Claim

TEXT = "第1回○○審議会次第\n日時 令和6年5月1日 午前10時~正午\n場所 市役所\n\n1 開会\n2 議事\n3 閉会\n\n【配布資料】\n別紙配布資料一覧のとおり\n".encode()


def _parse() -> Document:
    layout = extract_text(TEXT)
    return segment(layout, Source(file_name="x.txt", sha256="-", kind="text", pages=1))


class _Greedy:
    """A kind that claims a line of another block (and one of its own twice)."""

    name = "opinions"  # a Section kind the contract knows
    continuous = False
    foreign: int = 0

    def detect(self, block: Block) -> float:
        return 9.0 if any("閉会" in ln.text for ln in block.lines) else 0.0

    def segment(self, block: Block) -> Claim[Any]:
        own = id(block.lines[0])
        return Claim(self.name, None, frozenset({own, _Greedy.foreign}))

    def merge(self, doc: Document, claim: Claim[Any]) -> None:
        pass


def test_every_line_ends_in_one_place() -> None:
    doc = _parse()
    assert not [w for w in doc.warnings if w.code == "ledger_violation"]
    assert doc.agendas and [i.title for i in doc.agendas[0].items] == ["開会", "議事", "閉会"]
    assert (doc.meeting.start_time, doc.meeting.end_time) == ("10:00", "12:00")
    # The note after the agenda is neither an agenda item nor dropped.
    assert any("別紙配布資料一覧のとおり" in t.text for t in doc.texts)


def test_a_claim_outside_its_block_is_a_warning_and_the_line_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    layout = extract_text(TEXT)
    note = next(ln for ln in layout.pages[0].lines if "別紙" in ln.text)
    _Greedy.foreign = id(note)
    monkeypatch.setattr("pipeline.segment.kinds.REGISTRY", [*REGISTRY, _Greedy()])
    monkeypatch.setattr("pipeline.segment.REGISTRY", [*REGISTRY, _Greedy()])
    doc = segment(layout, Source(file_name="x.txt", sha256="-", kind="text", pages=1))
    assert [w.code for w in doc.warnings if w.code == "ledger_violation"] == ["ledger_violation"]
    assert any("別紙配布資料一覧のとおり" in t.text for t in doc.texts)
