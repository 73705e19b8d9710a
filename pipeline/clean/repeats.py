"""Repair fake-bold text: runs that a PDF extractor emitted two to four times.

Text input only: PDF input is repaired from glyph geometry
(:mod:`pipeline.extract.overprint`), where a copy is proven by its position;
:mod:`pipeline.clean` runs this module when ``layout.kind == "text"`` and
never on a PDF's lines, whose repeats are then always real text (新旧 columns,
counters, leaders).

Some word processors fake bold by drawing the same glyphs 2–4 times with a tiny
offset. PDF extractors that do not drop overprinted glyphs then emit every copy,
either glyph by glyph (``見見出出しし``), as whole runs (``見出し見出し``), or
mixed, run by run, because the copies were drawn piece by piece. Left alone,
the headings that carry the document's structure become unreadable to the
segmenters.

Model. Take a run of whitespace-separated tokens and remove the whitespace
(it is extractor noise inside such a run). If the result equals
``u1^k u2^k … un^k`` (each piece repeated k times in a row) for one k in 2..4,
the run is fake bold and its repair is ``u1 u2 … un``. k = 4, then 3, then 2 is
tried, and the first k that factorizes decides (a 4-fold run also factorizes
with k = 2, into doubled pieces, which is never the answer). Among the
factorizations for one k the one with the fewest pieces (longest u) wins.

Which runs are tried. The whole line first, then maximal runs of whole tokens,
leftmost first, so a fake-bold run beside ordinary tokens is repaired alone.
A run that starts or ends inside a token is not tried. All runs of one line
share the same k (it is returned, and recorded as the repair count).

What is left alone, because the rendering cannot tell it from ordinary text:

* repairs shorter than 3 characters for k ≥ 3, or 4 characters for k = 2
  (``時々 ここ いろいろ まあまあ ーー ・・・ 1111 ＡＡ はいはい``);
* repairs that are themselves periodic or one repeated glyph
  (leader dots ``・・・・・・``, ``ありあり``);
* repairs made only of digits and number punctuation (``2020 2020``, two table
  cells holding the same figure);
* runs whose tokens are themselves k copies of one token sequence
  (``令和５年度 令和５年度``, a table row repeating a value; ``第１条 この条例は…
  第１条 この条例は…``, identical new and old clauses side by side), even when
  they would factorize: fake bold never reproduces the extractor's spaces;
* repairs of k = 2 made only of kana (``ありがとうありがとう``, ``はいはい``):
  Japanese doubles kana words in speech, and a doubled kana word is all the
  evidence there is;
* repairs with fewer than two letters (kana, kanji, Latin): runs of symbols
  (``■■□□``, ``※※※``), dot leaders (``……``) and OCR noise are not fake bold;
* runs holding a ``(cid:n)`` placeholder (an unmapped glyph, not a copy).

Glued to a token. A run glued to ordinary text inside one token is repaired
only where the pattern proves it (stream extractors such as pdfminer emit
these when the copies were drawn piece by piece):

* a token that *starts* with a label drawn glyph by glyph, ``c1^k … cm^k``
  of brackets, digits and circled numbers, then text: ``（（（（３３３３）就労支援の``
  → ``（３）就労支援の``, ``③③③③地域づくり`` → ``③地域づくり``. The collapsed label
  must open a bracket, be a circled number, or be closed by the next glyph,
  so ``1111円`` stays;
* a token that *ends* with ``u^k``, k = 3 or 4, where ``u`` is two glyphs or
  more and not kana only: ``…体制の構築構築構築構築`` → ``…体制の構築``. k = 2 is never
  read from a glued tail (``…見出し見出し`` is too often real).

Cost. A cheap gate needs a square (``xx``) starting at a token boundary; a
fake-bold run always starts with one. Then every character's count in a
candidate must be divisible by k (an O(n) pre-filter), and only then the
factorization runs. Lines longer than :data:`MAX_CHARS` non-space characters are
returned untouched (no extractor emits such lines for real text; a 1 MB
single-line file costs one tokenization), and each line gets a fixed budget of
comparisons, after which the search stops with what it has repaired.

Known limits: a fake-bold run glued to ordinary text inside one token in
the middle (``本文見出し見出し本文``) is not repaired; a doubled natural phrase
that holds a kanji on a line of its own (``会議会議``) is "repaired" at k = 2
if it is 4 characters or longer; two adjacent table cells holding the same
text with no space between them are merged. Copies that an extractor spread
over several lines are collapsed by :mod:`pipeline.clean.copylines`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

import regex

MAX_CHARS = 4096  # non-space characters; longer lines are not examined
_BUDGET = 200_000  # comparisons per line (gate + counting + factorization)
_KS = (4, 3, 2)
_MIN_REPAIR = {4: 3, 3: 3, 2: 4}
_TOKEN = regex.compile(r"\S+")
_NUMBERISH = regex.compile(r"[\d,.，．:：/／%％\-－]+")
_LETTER = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Latin}]")
_KANA_ONLY = regex.compile(r"[\p{Hiragana}\p{Katakana}ー〜～!！?？、。…・]+")
_HAN = regex.compile(r"\p{Han}")
_CID = "(cid:"
# Glyphs a numbering label is drawn with: brackets, digits, circled numbers.
_LABEL_GLYPH = regex.compile(r"[(（【［\[)）】］\]\d０-９\u2460-\u2473\u2474-\u2487]")
_OPENING = regex.compile(r"[(（【［\[\u2460-\u2487]")
_CLOSING = regex.compile(r"[)）】］\].．、]")


@dataclass(slots=True)
class _Budget:
    left: int = _BUDGET

    def spend(self, n: int = 1) -> bool:
        self.left -= n
        return self.left >= 0


def repair_duplicates(line: str) -> tuple[str, int | None]:
    """Return ``(repaired line, k)``, or ``(line, None)`` when nothing was repaired.

    Whitespace inside a repaired run is dropped; trailing whitespace after a run
    that ends the line is dropped too (it was copied along with the text).
    """
    spans = [m.span() for m in _TOKEN.finditer(line)]
    tokens = [line[a:b] for a, b in spans]
    t = "".join(tokens)
    if not 8 <= len(t) <= MAX_CHARS:
        return line, None
    bounds = list(accumulate(map(len, tokens), initial=0))
    budget = _Budget()
    starts = _square_starts(t, bounds[:-1], budget)

    runs: list[tuple[int, int, str]] = []  # (first token, end token exclusive, repair)
    k_line: int | None = None
    for i in range(len(tokens)):
        if i not in starts or (runs and i < runs[-1][1]):
            continue
        for j, ks in _divisible_ends(t, bounds, i, k_line, budget):
            found = _decide(t[bounds[i] : bounds[j]], tokens[i:j], ks, budget)
            if found is not None:
                k_line = found[1]
                runs.append((i, j, found[0]))
                break
        if budget.left < 0:
            break
    covered = {t_index for first, end, _ in runs for t_index in range(first, end)}
    for index, token in enumerate(tokens):
        if index in covered or len(token) < 4:
            continue
        glued = _glued(token, k_line)
        if glued is not None:
            k_line = glued[1]
            runs.append((index, index + 1, glued[0]))
    if not runs:
        return line, None
    runs.sort()
    return _assemble(line, spans, runs), k_line


def _square_starts(t: str, starts: list[int], budget: _Budget) -> set[int]:
    """Token indices at which ``t`` begins with some ``xx``: where fake bold can start."""
    n = len(t)
    found: set[int] = set()
    for index, a in enumerate(starts):
        c = t[a]
        q = t.find(c, a + 1)
        while q != -1 and 2 * q - a <= n and budget.spend():
            if t.startswith(t[a:q], q):
                found.add(index)
                break
            q = t.find(c, q + 1)
    return found


def _divisible_ends(
    t: str, bounds: list[int], i: int, k_only: int | None, budget: _Budget
) -> list[tuple[int, tuple[int, ...]]]:
    """Token ends j > i, furthest first, where every char count of the run is divisible by k.

    Each end comes with the ks (largest first) that pass, so the factorization
    only runs where it can succeed.
    """
    ks = _KS if k_only is None else (k_only,)
    counts: dict[str, int] = {}
    bad = dict.fromkeys(ks, 0)  # per k: how many chars have a count not divisible by k
    ends: list[tuple[int, tuple[int, ...]]] = []
    for j in range(i + 1, len(bounds)):
        segment = t[bounds[j - 1] : bounds[j]]
        if not budget.spend(len(segment)):
            break
        for c in segment:
            x = counts.get(c, 0)
            counts[c] = x + 1
            for k in ks:
                bad[k] += (x % k == 0) - ((x + 1) % k == 0)
        passing = tuple(k for k in ks if bad[k] == 0)
        if passing:
            ends.append((j, passing))
    ends.reverse()
    return ends


def _decide(
    run: str, tokens: list[str], ks: tuple[int, ...], budget: _Budget
) -> tuple[str, int] | None:
    """The repair of ``run`` (spaces removed) and its k, or None if it is left alone."""
    for k in ks:
        pieces = _factor(run, k, budget)
        if pieces is None:
            continue
        repaired = "".join(pieces)
        if (
            len(repaired) < _MIN_REPAIR[k]
            or (repaired + repaired).find(repaired, 1) < len(repaired)  # periodic
            or _NUMBERISH.fullmatch(repaired)
            or _token_periodic(tokens, k)
            or not _is_word(repaired, k)
        ):
            return None  # the largest k that factorizes decides; see module docstring
        return repaired, k
    return None


def _token_periodic(tokens: list[str], k: int) -> bool:
    """True when the tokens are copies of one token sequence (k copies, or all identical)."""
    n = len(tokens)
    if n > 1 and tokens.count(tokens[0]) == n:
        return True
    return n >= 2 * k and n % k == 0 and tokens == tokens[: n // k] * k


def _is_word(repaired: str, k: int) -> bool:
    """A repair must be a word: two letters or more, and not a doubled kana word."""
    if _CID in repaired or len(_LETTER.findall(repaired)) < 2:
        return False
    return not (k == 2 and _KANA_ONLY.fullmatch(repaired))


def _glued(token: str, k_only: int | None) -> tuple[str, int] | None:
    """Repair a label drawn glyph by glyph at a token's start, or a run at its end."""
    for k in _KS if k_only is None else (k_only,):
        head = _glued_label(token, k)
        if head is not None:
            return head, k
        if k >= 3:
            tail = _glued_tail(token, k)
            if tail is not None:
                return tail, k
    return None


def _glued_label(token: str, k: int) -> str | None:
    pieces: list[str] = []
    p = 0
    while p + k <= len(token) and _LABEL_GLYPH.match(token[p]) and token[p : p + k] == token[p] * k:
        if pieces and pieces[-1] == token[p]:
            return None  # 2k copies of one glyph: which k is ambiguous
        pieces.append(token[p])
        p += k
    rest = token[p:]
    if not pieces or not rest or (k == 2 and len(pieces) < 2):
        return None
    label = "".join(pieces)
    if not regex.search(r"[\d０-９\u2460-\u2487]", label):
        return None
    if not (_OPENING.search(label) or _CLOSING.match(rest)):
        return None
    return label + rest


def _glued_tail(token: str, k: int) -> str | None:
    for length in range(len(token) // k, 0, -1):
        unit = token[len(token) - length :]
        start = len(token) - k * length
        if start <= 0 or token[start:] != unit * k:
            continue
        if token[start - length : start] == unit:
            return None  # more than k copies: not this k
        if (unit + unit).find(unit, 1) < length or _CID in unit:
            return None
        if length < 2 or not _HAN.search(unit) and _KANA_ONLY.fullmatch(unit):
            return None  # one glyph four times is noise or a rule; a kana word is speech
        return token[: start + length]
    return None


def _factor(t: str, k: int, budget: _Budget) -> list[str] | None:
    """Pieces ``[u1, …, un]`` with ``t == u1*k + … + un*k`` and n smallest, or None.

    Breadth-first over positions, so the first time the end is reached uses the
    fewest pieces. A piece starting at p with length L needs ``t[p + L] == t[p]``,
    so only the later occurrences of ``t[p]`` are tried as lengths, longest first.
    """
    n = len(t)
    occurrences: dict[str, list[int]] = {}
    for pos, c in enumerate(t):
        occurrences.setdefault(c, []).append(pos)
    parent = {0: -1}
    frontier = [0]
    while frontier and n not in parent:
        reached: list[int] = []
        for p in frontier:
            where = occurrences[t[p]]
            lo = bisect_right(where, p)
            hi = bisect_right(where, p + (n - p) // k, lo)
            for idx in range(hi - 1, lo - 1, -1):
                length = where[idx] - p
                end = p + k * length
                if end in parent:
                    continue
                if not budget.spend():
                    return None
                if t[p : end - length] == t[p + length : end]:
                    parent[end] = p
                    reached.append(end)
        frontier = reached
    if n not in parent:
        return None
    pieces: list[str] = []
    end = n
    while end:
        p = parent[end]
        pieces.append(t[p : p + (end - p) // k])
        end = p
    pieces.reverse()
    return pieces


def _assemble(line: str, spans: list[tuple[int, int]], runs: list[tuple[int, int, str]]) -> str:
    out: list[str] = []
    pos = 0
    for first, end, repaired in runs:
        out.append(line[pos : spans[first][0]])
        out.append(repaired)
        pos = spans[end - 1][1]
    tail = line[pos:]
    out.append(tail.rstrip() if runs[-1][1] == len(spans) else tail)
    return "".join(out)
