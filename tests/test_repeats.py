"""Fake-bold repair: the sample's cases, natural repeats, a corpus of ordinary lines, properties."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.clean import repeats
from pipeline.clean.repeats import MAX_CHARS, repair_duplicates

ORDINARY = Path(__file__).parent / "data" / "ordinary_lines.txt"


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        # From the sample document (koganei-welfare-2023-02.txt).
        ("②参加支援②参加支援②参加支援②参加支援", "②参加支援"),
        ("②参加支援②参加支援②参加支援②参加支援    ", "②参加支援"),  # trailing copies
        ("備備備備【【【【★★★★新規】新規】新規】新規】 ", "備【★新規】"),
        (
            "（（（（３３３３ ）再犯防止の）再犯防止の）再犯防止の）再犯防止の支援支援支援支援    ",
            "（３）再犯防止の支援",
        ),
        (
            "①包括的相談支援体制の①包括的相談支援体制の①包括的相談支援体制の①包括的相談支援体制の構築構築構築構築",
            "①包括的相談支援体制の構築",
        ),
        (
            "③③③③地域づくりの促進地域づくりの促進地域づくりの促進地域づくりの促進",
            "③地域づくりの促進",
        ),
        ("【★新規】【★新規】【★新規】【★新規】    ", "【★新規】"),
        ("（１）重層的支援体制の整" * 4, "（１）重層的支援体制の整"),
    ],
)
def test_sample_lines(line: str, repaired: str) -> None:
    assert repair_duplicates(line) == (repaired, 4)


@pytest.mark.parametrize(
    ("line", "expected", "k"),
    [
        ("会議録会議録", "会議録会議録", None),  # 3 chars at k=2: too short to tell
        ("会議録会議録会議録", "会議録", 3),
        ("審審議議会会のの開開催催", "審議会の開催", 2),
        ("審議会審議会の開催の開催", "審議会の開催", 2),
        ("審議会 審議会の開催の開催", "審議会の開催", 2),  # a space between copies is noise
        # A fake-bold run beside ordinary tokens: only the run is repaired.
        ("議題 【【【報報報告告告】】】 資料あり", "議題 【報告】 資料あり", 3),
        ("【【【報報報告告告】】】 資料あり", "【報告】 資料あり", 3),
        ("資料あり 【報告】【報告】【報告】", "資料あり 【報告】", 3),
        # Indentation before a run is kept.
        ("  見出し項目見出し項目", "  見出し項目", 2),
    ],
)
def test_models(line: str, expected: str, k: int | None) -> None:
    assert repair_duplicates(line) == (expected, k)


@pytest.mark.parametrize(
    ("line", "expected", "k"),
    [
        # Stream text (pdfminer extract_text): copies glued to one copy of the rest.
        ("（（（（３３３３）再犯防止の", "（３）再犯防止の", 4),
        ("((((3333)再犯防止の", "(3)再犯防止の", 4),
        ("③③③③地域づくりの促進", "③地域づくりの促進", 4),
        ("④④④④孤独・孤立への対策", "④孤独・孤立への対策", 4),
        ("①包括的相談支援体制の構築構築構築構築    ", "①包括的相談支援体制の構築", 4),
        ("）再犯防止の支援支援支援支援", "）再犯防止の支援", 4),
        ("【【【【新規】新規】新規】新規】", "【新規】", 4),
        ("((33)の説明", "(3)の説明", 2),
        # Not proven: a number glued to a unit, doubled glued tails, kana tails.
        ("1111円の支出", "1111円の支出", None),
        ("３３３３ページ", "３３３３ページ", None),
        ("見出し見出し", "見出し見出し", None),
        ("本文見出し見出し", "本文見出し見出し", None),
        ("わはははは", "わはははは", None),
        ("どんどんどんどん進む", "どんどんどんどん進む", None),
    ],
)
def test_glued_copies(line: str, expected: str, k: int | None) -> None:
    assert repair_duplicates(line) == (expected, k)


@pytest.mark.parametrize(
    "line",
    [
        "時々",
        "ここ",
        "いろいろ",
        "まあまあ",
        "ーー",
        "・・・",
        "1111",
        "2020年",
        "ＡＡ",
        "「はいはい」",
        "「そうそう」",
        "ここここ",
        "いろいろいろいろ",
        "・・・・・・・・・・・・・・・・",  # leader dots
        "ーーーーーーーー",
        "目次 ・・・・・・・・・・・・ 3",
        "2020 2020",
        "１，０００ １，０００",
        "20202020",
        "令和５年度 令和５年度",  # a table row repeating a value
        "実施 実施 実施 実施",
        "○○○○××××",  # factorizes with k=4 into a 2-char repair: too short, and k=2 is not tried
        "あり あり あり あり",
        # Identical new and old clauses side by side (新旧対照表): the spaces repeat too.
        "第１条 この条例は、公布の日から施行する。 第１条 この条例は、公布の日から施行する。",
        "第３条 委員会 第３条 委員会",
        # Doubled kana words are speech, 々 is an iteration mark, counters are columns.
        "ありがとうありがとう",
        "ありがとうありがとう。",
        "人々々",
        "1 1 1",
        "1 1 1 1",
        # Not drawings: unmapped glyphs, leaders, symbols, OCR noise.
        "(cid:631)(cid:631)(cid:631)(cid:631)",
        "(cid:12)(cid:12) 本文",
        "……………………",
        "目次……………………………………３",
        "■■□□■■□□",
        "※※※※",
        "1111円",
        "ーーーー一一一一",
        "",
        "   ",
    ],
)
def test_natural_repeats_are_left_alone(line: str) -> None:
    assert repair_duplicates(line) == (line, None)


def test_ordinary_corpus_is_untouched() -> None:
    lines = [ln for ln in ORDINARY.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) >= 200
    changed = [(ln, repair_duplicates(ln)) for ln in lines if repair_duplicates(ln)[1] is not None]
    assert changed == []


def _count_budgets(monkeypatch: pytest.MonkeyPatch) -> list[repeats._Budget]:
    """Every budget ``repair_duplicates`` creates, so a test can read what it spent (work, not wall time)."""
    made: list[repeats._Budget] = []
    original = repeats._Budget

    def tracked() -> repeats._Budget:
        made.append(original())
        return made[-1]

    monkeypatch.setattr(repeats, "_Budget", tracked)
    return made


def test_long_single_line_is_not_examined(monkeypatch: pytest.MonkeyPatch) -> None:
    budgets = _count_budgets(monkeypatch)
    line = "委員会の資料を確認した。" * 90_000  # ~1 MB of text on one line
    assert repair_duplicates(line) == (line, None)
    assert budgets == []  # over MAX_CHARS: returned before any comparison


def test_worst_case_within_cap_stops_at_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # Dense repeats just under the cap: the per-line budget bounds the comparisons
    # (its cost in time is measured in bench/, not here).
    budgets = _count_budgets(monkeypatch)
    line = " ".join(["あいあいう"] * (MAX_CHARS // 6))
    repair_duplicates(line)
    assert len(budgets) == 1
    spent = repeats._BUDGET - budgets[0].left
    assert spent > repeats._BUDGET // 2  # the line really is the expensive case …
    assert budgets[0].left >= -MAX_CHARS  # … and work stopped within one step of the budget


# ---------------------------------------------------------------- properties

_ALPHABET = (
    [chr(c) for c in range(0x3041, 0x3097)]  # hiragana
    + [chr(c) for c in range(0x30A1, 0x30FB)]  # katakana
    + [chr(c) for c in range(0x4E00, 0x4E00 + 400)]  # kanji
    + list("０１２３４５６７８９「」（）【】")
)


def _has_square(s: str) -> bool:
    """True if ``s`` contains some ``xx``."""
    n = len(s)
    return any(
        s[i : i + h] == s[i + h : i + 2 * h]
        for h in range(1, n // 2 + 1)
        for i in range(n - 2 * h + 1)
    )


# Strings that contain a square (``xx``), including periodic strings and one
# repeated glyph, are excluded: their renderings are genuinely ambiguous. For
# example ``あいあいう`` glyph by glyph is ``ああいいああいいうう``, which is
# also ``ああいいう`` rendered piece by piece (``ああいい`` twice, ``う`` twice).
def _square_free(alphabet: list[str]) -> st.SearchStrategy[str]:
    return (
        st.lists(st.sampled_from(alphabet), min_size=4, max_size=30)
        .map("".join)
        .filter(lambda s: not _has_square(s) and not s.isdigit())
        # Fewer than two letters is a run of symbols, which the model leaves alone.
        .filter(lambda s: len(regex.findall(r"[\p{Han}\p{Hiragana}\p{Katakana}]", s)) >= 2)
    )


# A small alphabet too, so that characters recur and near-ambiguities get tried.
_words = st.one_of(_square_free(_ALPHABET), _square_free(list("あい（）１漢")))


@st.composite
def _rendering(draw: st.DrawFn) -> tuple[str, str, int]:
    s = draw(_words)
    k = draw(st.integers(2, 4))
    style = draw(st.sampled_from(["whole", "glyph", "mixed"]))
    if style == "whole":
        pieces = [s]
    elif style == "glyph":
        pieces = list(s)
    else:
        cuts = sorted(draw(st.sets(st.integers(1, len(s) - 1), max_size=len(s) - 1)))
        pieces = [s[a:b] for a, b in zip([0, *cuts], [*cuts, len(s)], strict=True)]
    copies = [p for p in pieces for _ in range(k)]
    spaces = draw(st.lists(st.booleans(), min_size=len(copies) - 1, max_size=len(copies) - 1))
    text = copies[0] + "".join(
        (" " if sp else "") + c for sp, c in zip(spaces, copies[1:], strict=True)
    )
    tokens = text.split()
    # Tokens that are all the same cannot be told from a table row repeating a value.
    assume(len(tokens) == 1 or tokens.count(tokens[0]) < len(tokens))
    # A doubled kana word is how Japanese speaks (ありがとうありがとう): left alone at k = 2.
    assume(not (k == 2 and regex.fullmatch(r"[\p{Hiragana}\p{Katakana}]+", s)))
    return text, s, k


@settings(max_examples=500, deadline=None)
@given(_rendering())
def test_every_rendering_is_repaired(case: tuple[str, str, int]) -> None:
    text, s, k = case
    assert repair_duplicates(text) == (s, k)


@settings(max_examples=200, deadline=None)
@given(_rendering(), st.sampled_from(["議事", "資料あり", "（案）", "令和５年度"]))
def test_run_beside_ordinary_tokens(case: tuple[str, str, int], word: str) -> None:
    text, s, k = case
    assert repair_duplicates(f"{word} {text}") == (f"{word} {s}", k)


@settings(max_examples=300, deadline=None)
@given(_words)
def test_unrepeated_text_is_untouched(s: str) -> None:
    assert repair_duplicates(s) == (s, None)
