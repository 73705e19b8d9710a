"""The kinds' vocabulary gates (kinds.base.shut_out) never change a detection score.

Each kind shuts a block out before reading its lines when the block holds none
of the words every one of its text rules needs. That is only a shortcut if the
words really are necessary: here every block the pipeline asks the kinds about,
on documents of every kind (generated PDFs and their stream text, minutes and
rosters, the shipped samples, the shared corpus when present), is scored with
the gates and again with every gate open, and the scores must be equal.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.layout import Line
from pipeline.parse import parse_bytes
from pipeline.segment.kinds import (
    REGISTRY,
    Block,
    agenda,
    materials,
    minutes,
    opinions,
    plan,
    roster,
)
from pipeline.segment.kinds.base import shut_out
from tests.conftest import CORPUS, REPO
from tests.docgen import suite, text_of
from tests.docgen.kinds_suite import kinds_suite

GATED = (agenda, materials, minutes, opinions, plan, roster)


def _inputs() -> list[tuple[str, bytes]]:
    docs = [*suite()[::3], *kinds_suite()]
    found = [(f"{d.name}.pdf", d.pdf_bytes) for d in docs]
    found += [(f"{d.name}.txt", text_of(d.pdf_bytes).encode()) for d in docs[::2]]
    files = sorted(REPO.glob("raw/*"))
    for folder, pattern in (("text", "*.txt"), ("text-forms", "*.txt"), ("real", "*minutes.pdf"), ("real", "*list.pdf"),
                            ("real", "*agenda.pdf"), ("real", "*plan-5th.pdf")):
        files += sorted((CORPUS / folder).glob(pattern))
    return found + [(path.name, path.read_bytes()) for path in files]


def _blocks_asked(monkeypatch: pytest.MonkeyPatch) -> list[Block]:
    """Every block the pipeline asks the kinds about, over every input."""
    asked: list[Block] = []
    first = REGISTRY[0]
    real_detect = type(first).detect

    def recording(self: object, block: Block) -> float:
        asked.append(block)
        return real_detect(self, block)  # type: ignore[arg-type]

    monkeypatch.setattr(type(first), "detect", recording)
    for name, data in _inputs():
        parse_bytes(data, name, engine="pdfium")  # the fast reader: these blocks are as good as any
    monkeypatch.undo()
    return asked


WORDS = {"agenda": agenda.VOCABULARY, "materials": materials.LIST_WORDS, "minutes": minutes.VOCABULARY,
         "opinions": opinions.VOCABULARY, "plan": plan.HEADINGS, "roster": roster.VOCABULARY}


def test_gates_never_change_a_score(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _blocks_asked(monkeypatch)
    # replace(): a fresh block each time, so that nothing one pass derived is shared.
    gated = [[kind.detect(replace(b)) for kind in REGISTRY] for b in blocks]
    for module in GATED:
        monkeypatch.setattr(module, "shut_out", lambda block, kind, words: False)
    opened = [[kind.detect(replace(b)) for kind in REGISTRY] for b in blocks]
    assert gated == opened
    # The comparison means something: every kind scores somewhere, and every gate shuts some blocks out.
    assert all(any(row[k] > 0 for row in gated) for k in range(len(REGISTRY)))
    assert set(WORDS) == {kind.name for kind in REGISTRY}
    for name, words in WORDS.items():
        assert any(shut_out(b, name, words) for b in blocks), name


def _block(*texts: str, previous: str | None = None) -> Block:
    return Block(pages=(1,), lines=tuple(Line(t, 1) for t in texts), previous=previous)


@pytest.mark.parametrize(("kind", "texts", "shut"), [
    ("agenda", ("歳入歳出予算", "1,234"), True),
    ("agenda", ("第3回 会議 次 第",), False),  # a letter-spaced title is still found
    ("agenda", ("開催日時 令和5年7月28日",), False),
    ("opinions", ("歳入歳出予算",), True),
    ("opinions", ("(提出:青木委員)",), False),
    ("minutes", ("道路維持管理費", "1,234"), True),
    ("minutes", ("○道路維持管理費",), False),
    ("minutes", ("会長:それでは始めます。",), False),
    ("minutes", ("第3回 会 議 録",), False),
    ("plan", ("基本理念",), False),
    ("roster", ("氏 名", "所 属"), False),
    ("roster", ("歳入歳出予算",), True),
    ("materials", ("議案第3号 条例の制定",), False),
    ("materials", ("歳入歳出予算",), True),
])
def test_a_gate_shuts_only_blocks_without_the_words(kind: str, texts: tuple[str, ...], shut: bool) -> None:
    assert shut_out(_block(*texts), kind, WORDS[kind]) is shut
    assert not shut_out(_block(*texts, previous=kind), kind, WORDS[kind])  # a continuation is never shut out
