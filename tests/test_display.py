"""The progress line and the summary fit 80 columns, one line per file at most."""

from __future__ import annotations

from pathlib import Path

from pipeline.batch import BatchReport, Result
from pipeline.display import Rates, ellipsize_middle, progress_text, summary_lines
from pipeline.index import IndexEntry

LONG = "nankoku-study-session-r8-budget-with-a-very-long-name-indeed.pdf"


def entry(path: str, status: str = "ok", **kw: object) -> Result:
    return Result(IndexEntry(path=path, sha256="0", status=status, output="x.json", kind="pdf", pages=12, **kw), 1.5)  # type: ignore[arg-type]


def test_names_are_shortened_in_the_middle() -> None:
    short = ellipsize_middle(LONG, 24)
    assert len(short) == 24 and short.startswith("nankoku-stud") and short.endswith("indeed.pdf") and "…" in short
    assert ellipsize_middle("短い.pdf", 24) == "短い.pdf"
    assert len(ellipsize_middle("議事録" * 10 + ".pdf", 20)) <= 20  # wide characters count twice


def test_summary_rows_fit_80_columns_and_skip_up_to_date_files() -> None:
    report = BatchReport([
        entry(LONG, warnings=3, warning_codes=["unclassified_page", "unmapped_glyphs", "no_text_layer"]),
        entry("scan.pdf", "no_text", warnings=1, warning_codes=["no_text_layer"]),
        entry("bad.pdf", "failed", error="truncated or corrupt PDF (PSEOF: Unexpected EOF while reading the xref)"),
        entry("old.pdf", "skipped"),
    ], 12.0)
    lines = summary_lines(report, Path("parsed"), width=80)
    from rich.cells import cell_len

    assert all(cell_len(line) <= 80 for line in lines[:4]), lines  # the table; errors are repeated whole
    assert len(lines) == 1 + 3 + 1 + 2  # header, three rows, the error repeated whole, totals, hidden note
    assert "old.pdf" not in "\n".join(lines)
    assert "no text" in lines[2]
    assert lines[4] == "error bad.pdf: truncated or corrupt PDF (PSEOF: Unexpected EOF while reading the xref)"
    assert lines[5].startswith("2 parsed (1 no text), 1 up to date, 1 failed, 2 with warnings")
    assert "old.pdf" in "\n".join(summary_lines(report, Path("parsed"), verbose=True))


def test_above_20_files_failures_are_listed_and_warnings_counted_per_code() -> None:
    results = [entry(f"paper-{i:02d}.pdf", warnings=1, warning_codes=["unclassified_page"]) for i in range(30)]
    results[7] = entry("paper-07.pdf", "failed", error="not a PDF file (no %PDF header)")
    results[8] = entry("paper-08.pdf", "no_text", warnings=2, warning_codes=["no_text_layer", "unclassified_page"])
    lines = summary_lines(BatchReport(results, 60.0), Path("parsed"), width=80)
    assert [line.split()[0] for line in lines[1:3]] == ["paper-07.pdf", "paper-08.pdf"]
    assert lines[3] == "error paper-07.pdf: not a PDF file (no %PDF header)"
    assert lines[4] == "warnings: unclassified_page ×29, no_text_layer ×1"
    assert lines[-1] == "28 more not listed (--verbose lists them; all are in index.jsonl)"
    assert len(lines) == 8 and all(len(line) <= 80 for line in lines)


def test_progress_line_keeps_count_rate_and_eta_with_two_files_in_flight() -> None:
    rates = Rates()
    assert rates.pages_per_s(rates.start + 1) is None and rates.eta(5, rates.start + 1) is None
    rates.add(30, now=rates.start + 10)
    text = progress_text(1, 19, rates.pages_per_s(rates.start + 10), rates.eta(18, rates.start + 10),
                         ["kodaira-council-2020-05-agenda.pdf", LONG], 66)
    assert len(text) <= 66
    assert text.startswith("1/19 files · 3.0 pages/s · ETA 3:00 · kodaira") and text.endswith(" +1")


def test_totals_never_wrap_a_long_output_path() -> None:
    report = BatchReport([entry(f"paper-{i:02d}.pdf") for i in range(19)], 35.2)
    out = Path("/tmp/a-rather-long-folder-name/for-the-outputs-of-this-run")
    lines = summary_lines(report, out, width=80)
    assert lines[-2:] == ["19 parsed, 0 up to date, 0 failed, 0 with warnings, 35.2 s", f"→ {out}/"]
    assert len(lines) == 1 + 19 + 2 and all(len(line) <= 80 for line in lines)
    assert "kind" not in lines[0]  # one kind of input: no column for it
