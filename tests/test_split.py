"""One PDF cut into page ranges: merged in order it gives the unsplit output, byte for byte."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, corpus_file
from test_batch_support import outputs

from pipeline import batch
from pipeline.batch import BatchOptions, json_parts, render_json, run_batch, sha256_file
from pipeline.collect import GC_YOUNG, fewer_collections
from pipeline.index import INDEX_NAME
from pipeline.parse import parse_file, parse_range, parse_ranges
from pipeline.split import (
    MIN_PART_PAGES,
    guided,
    held_pdf,
    open_ended,
    page_count,
    release,
)

pytestmark = pytest.mark.pdf


def ranges(pages: int, parts: int) -> list[tuple[int, int]]:
    """``pages`` cut into ``parts`` consecutive ranges of near-equal size (1-based, inclusive): arbitrary cuts
    for these tests (the batch cuts with :func:`pipeline.split.guided`)."""
    parts = max(1, min(parts, pages))
    size, extra = divmod(pages, parts)
    out: list[tuple[int, int]] = []
    first = 1
    for i in range(parts):
        last = first + size - 1 + (1 if i < extra else 0)
        out.append((first, last))
        first = last + 1
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 pages from the project's generator: agenda, materials, a plan table, opinion sheets."""
    from tests.docgen import big_document

    path = tmp_path_factory.mktemp("split") / "committee.pdf"
    path.write_bytes(big_document(24, seed=3))
    return path


def test_render_json_writes_the_bytes_of_json_dumps(generated: Path) -> None:
    """render_json uses pydantic's writer (no dict tree); the bytes must be the standard library's."""
    doc = parse_file(generated)
    assert render_json(doc) == json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert b"".join(json_parts(doc)) == render_json(doc).encode("utf-8")  # what the batch writes


@pytest.mark.parametrize("chunk", [1, 2, 7])
def test_json_parts_in_chunks_are_the_whole_json(generated: Path, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch writes the JSON in pieces (each list a few elements at a time, so the whole JSON
    is never held): joined, they are render_json's bytes, whatever the chunk, a list's last
    chunk short or full, and no piece is as large as the whole."""
    doc = parse_file(generated)
    lists = {name: len(getattr(doc, name)) for name in type(doc).model_fields if isinstance(getattr(doc, name), list)}
    assert max(lists.values()) > 7  # some list is cut into several chunks
    monkeypatch.setattr(batch, "JSON_CHUNK", chunk)
    parts = list(json_parts(doc))
    whole = render_json(doc).encode("utf-8")
    assert b"".join(parts) == whole
    assert max(map(len, parts)) < len(whole) / 2


def test_guided_ranges_cover_every_page_once_largest_first() -> None:
    for pages in (1, 7, 24, 200, 801, 2000):
        for workers in (1, 2, 3, 8):
            cuts = guided(pages, workers)
            assert [p for a, b in cuts for p in range(a, b + 1)] == list(range(1, pages + 1))
            sizes = [b - a + 1 for a, b in cuts]
            assert sizes == sorted(sizes, reverse=True)
            assert all(size >= MIN_PART_PAGES for size in sizes[:-1])
    # 800 pages on 2 workers: a quarter first, then ever smaller; few ranges, small ones at the end
    sizes = [b - a + 1 for a, b in guided(800, 2)]
    assert sizes[:3] == [200, 150, 113] and sizes[-1] <= MIN_PART_PAGES and len(sizes) <= 16


def test_ranges_read_from_one_held_document_equal_the_whole(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workers' interleaved ranges, each worker keeping its open file: opened once per worker, same output."""
    import threading

    from pipeline.extract import engines

    opens: list[str] = []
    original = engines.get_engine

    def counting(name: str) -> Any:
        engine = original(name)
        real_open = engine.open

        def open_(data: bytes) -> Any:
            opens.append(threading.current_thread().name)
            return real_open(data)

        engine.open = open_  # type: ignore[method-assign]
        return engine

    monkeypatch.setattr(engines, "get_engine", counting)
    whole = render_json(parse_file(generated))
    opens.clear()
    sha = sha256_file(generated)
    cuts = open_ended(guided(24, 1))  # 8-page ranges
    assert len(cuts) == 3
    pieces: dict[int, Any] = {}

    def worker(mine: list[tuple[int, int]]) -> None:
        for a, b in mine:
            pieces[a] = parse_range(generated, a, b, sha256=sha)
        release()

    for name, mine in (("A", cuts[0::2]), ("B", cuts[1::2])):  # A: pages 1-8 and 17-24, B: 9-16
        thread = threading.Thread(target=worker, args=(mine,), name=name)
        thread.start()
        thread.join()
    assert sorted(opens) == ["A", "B"]
    merged = parse_ranges([pieces[a] for a in sorted(pieces)], generated, sha)
    assert render_json(merged) == whole


def test_a_held_document_is_reopened_for_another_file_and_after_release() -> None:
    class Doc:
        closed = False

        def close(self) -> None:
            self.closed = True

    made: list[Doc] = []

    def opener() -> Any:
        made.append(Doc())
        return made[-1]

    first = held_pdf(("a.pdf", "1" * 64, "pdfplumber"), opener)
    assert held_pdf(("a.pdf", "1" * 64, "pdfplumber"), opener) is first
    changed = held_pdf(("a.pdf", "2" * 64, "pdfplumber"), opener)  # the file changed: opened again
    assert changed is not first and made[0].closed and not made[1].closed
    release()
    assert made[1].closed
    assert held_pdf(("a.pdf", "2" * 64, "pdfplumber"), opener) is not changed
    release()
    assert len(made) == 3 and all(doc.closed for doc in made)


def _merged(path: Path, parts: int) -> str:
    count = page_count(path)
    assert count is not None
    pieces = [parse_range(path, a, b) for a, b in ranges(count, parts)]
    return render_json(parse_ranges(pieces, path, sha256_file(path)))


def test_generated_document_in_ranges_equals_the_whole(generated: Path) -> None:
    whole = render_json(parse_file(generated))
    assert json.loads(whole)["source"]["pages"] == 24
    for parts in (2, 3, 5):
        assert _merged(generated, parts) == whole


@pytest.mark.parametrize("name", [
    "cjk-fake-bold-2x.pdf",  # overprint repairs on both pages: their order must survive the cut
    "pdfjs-vertical-minimal.pdf",  # vertical columns
    "nankoku-425-bill-list.pdf",  # a ruled table over a page break
    "nankoku-water-budget-r8.pdf",  # a long budget book
])
def test_corpus_files_in_ranges_equal_the_whole(name: str) -> None:
    path = corpus_file(f"real/{name}")
    whole = render_json(parse_file(path))
    pages = json.loads(whole)["source"]["pages"]
    for parts in sorted({2, min(pages, 3)}):
        assert _merged(path, parts) == whole


def test_unmapped_glyphs_counted_in_two_ranges_read_as_in_the_whole() -> None:
    """The merge counts unmapped glyphs again only on the pages a range flagged: a cut through them (p.13-18) reads as whole."""
    path = corpus_file("real/kodaira-council-2020-05-agenda.pdf")
    whole = render_json(parse_file(path))
    assert [w["pages"] for w in json.loads(whole)["warnings"] if w["code"] == "unmapped_glyphs"] == [[13, 14, 16, 17, 18]]
    pieces = [parse_range(path, 1, 15), parse_range(path, 16, page_count(path) or 0)]
    assert render_json(parse_ranges(pieces, path, sha256_file(path))) == whole


def test_a_page_tree_that_understates_its_count_loses_no_page(generated: Path, tmp_path: Path) -> None:
    """/Count says 20 of 24: the ranges still reach the last page (the last range is open-ended)."""
    data = generated.read_bytes()
    assert data.count(b"/Count 24") == 1
    lying = tmp_path / "raw" / "lying.pdf"
    lying.parent.mkdir()
    lying.write_bytes(data.replace(b"/Count 24", b"/Count 20"))  # same length: the xref stays valid
    assert page_count(lying) == 20
    whole = render_json(parse_file(lying))
    assert json.loads(whole)["source"]["pages"] == 24
    pieces = [parse_range(lying, a, b) for a, b in open_ended(ranges(20, 3))]
    assert render_json(parse_ranges(pieces, lying, sha256_file(lying))) == whole
    run_batch([lying.parent], BatchOptions(out_dir=tmp_path / "split", jobs=2, split_pages=10))
    assert (tmp_path / "split" / "lying.json").read_text("utf-8") == whole


def test_every_page_failing_is_still_an_error_after_the_merge(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.errors import InputError
    from pipeline.extract import pdf

    def broken(*args: object, **kw: object) -> None:
        raise ValueError("broken page")

    monkeypatch.setattr(pdf, "assemble_page", broken)
    pieces = [parse_range(generated, a, b) for a, b in ranges(24, 2)]  # a range alone does not judge
    with pytest.raises(InputError, match="no page could be read"):
        parse_ranges(pieces, generated, "0" * 64)


def test_page_count_reads_the_page_tree_or_declines(generated: Path, tmp_path: Path) -> None:
    assert page_count(generated) == 24
    (tmp_path / "x.pdf").write_bytes(b"not a pdf")
    assert page_count(tmp_path / "x.pdf") is None


def test_a_split_run_writes_what_an_unsplit_run_writes(generated: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Batch level: --jobs 2 with splitting vs --jobs 1, outputs and index byte for byte."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "big.pdf").write_bytes(generated.read_bytes())
    (raw / "small.txt").write_text("日時　令和5年4月1日\n", encoding="utf-8")
    splits: list[tuple[str, int]] = []
    original = batch.Splits.parts_of

    def spy(self: batch.Splits, split: batch.Split, timeout: float | None) -> list[batch.Part]:
        splits.append((split.task.rel, split.pages))
        return original(self, split, timeout)

    monkeypatch.setattr(batch.Splits, "parts_of", spy)
    one = run_batch([raw], BatchOptions(out_dir=tmp_path / "one", jobs=1))
    two = run_batch([raw], BatchOptions(out_dir=tmp_path / "two", jobs=2, split_pages=10))
    assert splits == [("big.pdf", 24)]
    assert [r.entry.status for r in two.results] == ["ok", "ok"]
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
    assert [r.entry for r in one.results] == [r.entry for r in two.results]
    # and incrementally: nothing changed, nothing redone
    again = run_batch([raw], BatchOptions(out_dir=tmp_path / "two", jobs=2, split_pages=10))
    assert [r.entry.status for r in again.results] == ["skipped", "skipped"]


def test_a_split_file_over_its_time_limit_fails_whole_and_the_batch_goes_on(tmp_path: Path) -> None:
    # The limit sits far from both files' times, so neither a loaded machine nor a
    # faster parser can flip the result (the 24-page file once used here came to
    # finish within its 0.3 s limit): the 300-page file needs ≈ 6 s on the 2
    # workers, the text file a few milliseconds.
    from tests.docgen import big_document

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "big.pdf").write_bytes(big_document(300, seed=5))
    (raw / "z.txt").write_text("日時　令和5年4月1日\n", encoding="utf-8")
    out = tmp_path / "out"
    report = run_batch([raw], BatchOptions(out_dir=out, jobs=2, split_pages=10, timeout=2.0))
    errors = {r.entry.path: r.entry.error for r in report.results}
    assert errors == {"big.pdf": "timed out after 2 s", "z.txt": None}
    assert sorted(p.name for p in out.iterdir()) == [INDEX_NAME, "z.json"]  # no output, no temp file


def test_a_merge_collects_garbage_less_often_and_restores_the_collector() -> None:
    import gc

    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (GC_YOUNG, *before[1:])
        with fewer_collections():  # a second merge in another thread of the same process
            pass
        assert gc.get_threshold()[0] == GC_YOUNG  # the first one is still running
    assert gc.get_threshold() == before


def test_a_merge_loads_its_pieces_with_the_collector_paused_and_keeps_them_frozen_until_it_ends() -> None:
    import gc

    from pipeline.collect import held_for_good

    assert gc.isenabled() and gc.get_freeze_count() == 0
    with held_for_good(lambda: (gc.isenabled(), [[1], [2]])) as (on_while_loading, _pieces):
        assert not on_while_loading
        assert gc.isenabled() and gc.get_freeze_count() > 0  # on again; what was loaded is out of its reach
        with held_for_good(list):  # a nested block neither freezes again nor ends the first one's freeze
            pass
        assert gc.get_freeze_count() > 0  # still held for the first one
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with pytest.raises(ValueError), held_for_good(lambda: int("not a piece")):
        pass
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_overlapping_merges_in_threads_freeze_no_more_than_one_merge_holds() -> None:
    """While one thread's merge holds the freeze, another thread's merges load as usual: they do not
    freeze what is alive (their garbage cycles among it), so nothing stays frozen beyond one merge."""
    import gc
    import threading

    from pipeline.collect import held_for_good

    holding, release = threading.Event(), threading.Event()

    def first() -> None:
        with held_for_good(lambda: [[i] for i in range(1000)]):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    assert holding.wait(10)
    held = gc.get_freeze_count()
    for _ in range(5):
        with held_for_good(lambda: [[i] for i in range(1000)]) as pieces:
            cycle: list[object] = [pieces]
            cycle.append(cycle)  # garbage made during the overlap, collectable as usual
        del cycle, pieces
        assert gc.get_freeze_count() == held  # the second thread's blocks froze nothing more
    release.set()
    thread.join(10)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_what_a_kind_read_in_the_worker_is_dropped_when_the_block_is_detected_again() -> None:
    """A claim made in read_page belongs to the block as detected there; a block detected again at a
    seam (another ``previous``) is read again at the merge, never with the worker's claim."""
    from pipeline.clean import clean_layout
    from pipeline.extract.text import extract_text
    from pipeline.segment import _detect_kinds, read_pages

    layout = clean_layout(extract_text((REPO / "raw" / "koganei-welfare-2023-02.txt").read_bytes()))
    reads = read_pages(layout.pages)
    claimed = [d for read in reads for d in read.decided if d.claim is not None]
    assert claimed  # the sample's agenda, material list and plan table are read per page
    read = next(read for read in reads if any(d.claim is not None for d in read.decided))
    _detect_kinds(read.decided, "opinions")
    assert all(d.claim is None for d in read.decided)


def test_contract_models_come_back_from_their_dumps_as_the_same_json() -> None:
    """Models in a piece travel as ``model_dump()`` and are validated again on arrival (split._dump_reducer):
    on whole parsed documents, every model of the contract they hold comes back writing the same JSON."""
    import io
    import pickle

    from pipeline.split import _by_fields

    for source in sorted((REPO / "raw").iterdir()):
        doc = parse_file(source)
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _by_fields()
        pickler.dump(doc)
        assert render_json(pickle.loads(buffer.getvalue())) == render_json(doc), source.name


def test_a_page_read_apart_from_the_page_before_gets_its_kinds_again_at_the_merge() -> None:
    """A range's first page is read as if it opened the document; the merge corrects what that got wrong.

    The sheet's second page has no submitter line: read alone it is no opinion
    sheet, read after the first page it continues it (``Block.previous``).
    """
    import pickle

    from pipeline.clean import clean_layout
    from pipeline.extract.text import extract_text
    from pipeline.models import Source
    from pipeline.segment import read_pages, segment

    text = "委員意見・提案シート\n\n1 見守りについて\n見守り体制を強化してほしい。\n（提出：山田委員）\n\f" \
           "2 広報について\n広報紙を工夫してほしい。\n（つづく）\n"
    source = Source(file_name="x.txt", sha256="-", kind="text", pages=2)
    whole = segment(clean_layout(extract_text(text.encode())), source)
    assert [s.kind for s in whole.sections] == ["opinions"] and len(whole.opinions) == 2
    layout = clean_layout(extract_text(text.encode()))
    reads = read_pages(layout.pages[:1]) + read_pages(layout.pages[1:])  # two ranges, as two workers read them
    assert [d.name for d in reads[1].decided] == ["other"]
    layout, reads = pickle.loads(pickle.dumps((layout, reads)))  # as a piece travels: kinds by their place
    assert render_json(segment(layout, source, reads)) == render_json(whole)


def test_a_kind_corrected_at_a_seam_is_carried_to_the_next_pages_of_the_range(monkeypatch: pytest.MonkeyPatch) -> None:
    """The merge re-detects a range's first page, and then every later page of the range whose
    assumed ``previous`` the correction changed: here the range [2, 3] read alone says
    other, other, and only the whole sheet makes both pages opinions."""
    import pickle

    import pipeline.segment as seg
    from pipeline.clean import clean_layout
    from pipeline.extract.text import extract_text
    from pipeline.models import Source

    text = "委員意見・提案シート\n\n1 見守りについて\n見守り体制を強化してほしい。\n（提出：山田委員）\n\f" \
           "2 広報について\n広報紙を工夫してほしい。\n（つづく）\n\f3 交通について\nバスを増やしてほしい。\n"
    source = Source(file_name="x.txt", sha256="-", kind="text", pages=3)
    whole = seg.segment(clean_layout(extract_text(text.encode())), source)
    layout = clean_layout(extract_text(text.encode()))
    reads = seg.read_pages(layout.pages[:1]) + seg.read_pages(layout.pages[1:])
    assert [[d.name for d in r.decided] for r in reads][1:] == [["other"], ["other"]]
    pages_detected: list[int] = []
    detect_kinds = seg._detect_kinds

    def counted(decided: list[seg._Decided], previous: str | None) -> None:
        pages_detected.append(decided[0].block.pages[0])
        detect_kinds(decided, previous)

    monkeypatch.setattr(seg, "_detect_kinds", counted)
    layout, reads = pickle.loads(pickle.dumps((layout, reads)))
    assert render_json(seg.segment(layout, source, reads)) == render_json(whole)
    assert pages_detected == [2, 3]  # the seam, and the page after it, whose previous changed


def test_a_piece_travels_as_field_values_and_loads_as_it_was(generated: Path) -> None:
    """dump_piece writes the layout's dataclasses by their fields: same values, same sharing, fewer bytes."""
    import pickle

    from pipeline.split import dump_piece

    part = parse_range(generated, 1, 6)
    loaded = pickle.loads(dump_piece(part))
    assert loaded == part
    assert len(dump_piece(part)) < len(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
    tables = [t for page in loaded.layout.pages for t in page.tables]
    assert tables
    for page in loaded.layout.pages:  # a cell's lines are the page's very lines, as before the trip
        on_page = {id(ln) for ln in page.lines}
        assert all(id(ln) in on_page for t in page.tables for c in t.cells for ln in c.lines)
    # the reads' blocks hold the same line objects as the pages (the ledger counts lines by identity)
    lines = {id(ln) for page in loaded.layout.pages for ln in page.lines}
    assert all(id(ln) in lines for read in loaded.reads for d in read.decided for ln in d.block.lines)
    # what a kind read of its block in the worker names the same lines of the block after the trip
    claimed = [[[i for i, ln in enumerate(d.block.lines) if id(ln) in d.claim.lines]
                for read in reads for d in read.decided if d.claim is not None] for reads in (part.reads, loaded.reads)]
    assert claimed[0] == claimed[1] and any(claimed[0])
    # and what it read (the contract's models travel as their dumps, validated on arrival) reads the same
    assert [_read_part(d.claim) for read in loaded.reads for d in read.decided if d.claim is not None] == \
        [_read_part(d.claim) for read in part.reads for d in read.decided if d.claim is not None]


def _read_part(claim: Any) -> tuple[object, ...]:
    """A claim's values, without the ids of lines (which differ in another process)."""
    part = claim.part
    if dataclasses.is_dataclass(part):
        part = {f.name: getattr(part, f.name) for f in dataclasses.fields(part) if f.name != "used"}
    return claim.kind, part, claim.warnings, claim.heading, claim.repairs


def test_only_classes_rebuilt_by_their_fields_travel_as_field_values() -> None:
    """dump_piece's guard: a class that could hold more than its fields pickles as usual."""
    from dataclasses import dataclass

    from pipeline.layout import Line, Rect
    from pipeline.split import _rebuilt_by_fields

    @dataclass(slots=True)
    class Plain:
        a: int

    @dataclass
    class NoSlots:  # may carry attributes set later
        a: int

    @dataclass(slots=True)
    class OwnInit:
        a: int

        def __init__(self, a: int) -> None:  # may derive more than the fields
            self.a = a * 2

    @dataclass(slots=True)
    class OwnReduce:
        a: int

        def __reduce__(self) -> tuple[type, tuple[int]]:
            return OwnReduce, (self.a,)

    assert _rebuilt_by_fields(Plain) and _rebuilt_by_fields(Line) and _rebuilt_by_fields(Rect)
    assert not any(map(_rebuilt_by_fields, (NoSlots, OwnInit, OwnReduce)))


def test_a_block_travels_with_what_init_takes_and_its_caches_cleared() -> None:
    """A Block pickles as the fields its __init__ takes; the derived caches (filled here) arrive empty
    and are derived again to the same values."""
    import pickle

    import regex

    from pipeline.layout import Line, Rect
    from pipeline.segment.kinds.base import Block, detect_lines, shut_out

    lines = tuple(Line(f"{i} 意見です", 2, Rect(10.0, 20.0 * i, 200.0, 20.0 * i + 12)) for i in range(1, 4))
    block = Block(pages=(2,), lines=lines, previous="agenda", page_lines=lines)
    derived = detect_lines(block)
    shut_out(block, "opinions", regex.compile("提出"))  # fills the vocabulary cache
    assert block.detected is not None and block.vocabulary is not None
    back = pickle.loads(pickle.dumps(block))
    init = [f.name for f in dataclasses.fields(Block) if f.init]
    assert [getattr(back, n) for n in init] == [getattr(block, n) for n in init]
    assert back.detected is None and back.vocabulary is None
    assert detect_lines(back) == derived
