"""What ``run`` shows a person: one progress line and a compact summary, both within 80 columns.

Why hand-measured rather than rich's auto-sized columns: rich folds cells that do
not fit, so one long file name turned a row into four and 19 files into an
80-line table. Here every row is exactly one line: names are shortened in the
middle (the start and the extension are what tell papers apart), and the other
cells are cut with an ellipsis. The progress line is one rich bar plus one text
cell whose parts are budgeted against the terminal width.

Rates come from a moving window (the last :data:`WINDOW_S` seconds) so they follow
the batch as it goes; pages are only known when a file finishes, so until the
first one does the rate reads "–", not a misleading 0.0.
"""

from __future__ import annotations

import json
import sys
import time
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.batch import PARSED, BatchEvents

if TYPE_CHECKING:
    from pipeline.batch import BatchReport, Result, Task

WINDOW_S = 30.0  # moving window for pages/s and the ETA
LIST_ALL_UP_TO = 20  # above this many files the summary lists only files that need a look
_BAR_WIDTH = 12


def ellipsize_middle(text: str, width: int) -> str:
    """``kodaira-council-2020-05-agenda.pdf`` → ``kodaira-counc…05-agenda.pdf`` within ``width`` cells."""
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    keep = width - 1
    tail_budget = keep // 2
    head_budget = keep - tail_budget
    head = _fit(text, head_budget)
    tail = _fit(text[::-1], tail_budget)[::-1]
    return f"{head}…{tail}"


def _fit(text: str, width: int) -> str:
    from rich.cells import cell_len

    out = ""
    for ch in text:
        if cell_len(out + ch) > width:
            break
        out += ch
    return out


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Rates:
    """Files and pages finished over a moving window; ETA from the files' pace."""

    def __init__(self, window: float = WINDOW_S) -> None:
        self.window = window
        self.start = time.monotonic()
        self.done: deque[tuple[float, int]] = deque()  # (finished at, pages)
        self.finished = 0

    def add(self, pages: int, now: float | None = None, *, worked: bool = True) -> None:
        """One file done; ``worked=False`` (up to date, no parsing) counts it without pacing the ETA."""
        self.finished += 1
        if worked:
            self.done.append((now if now is not None else time.monotonic(), pages))

    def _trim(self, now: float) -> None:
        while self.done and now - self.done[0][0] > self.window:
            self.done.popleft()

    def _span(self, now: float) -> float:
        return max(min(self.window, now - self.start), 1e-6)

    def pages_per_s(self, now: float) -> float | None:
        self._trim(now)
        if not self.finished:
            return None
        return sum(p for _t, p in self.done) / self._span(now)

    def eta(self, remaining: int, now: float) -> float | None:
        self._trim(now)
        if not self.done:
            return None
        return remaining / (len(self.done) / self._span(now))


def progress_text(done: int, total: int, rate: float | None, eta: float | None, running: list[str], width: int) -> str:
    """The text after the bar: ``12/19 files · 3.2 pages/s · ETA 0:41 · name… +1``, cut to ``width``."""
    parts = [f"{done}/{total} files", "– pages/s" if rate is None else f"{rate:.1f} pages/s"]
    if total > done:
        parts.append("ETA –" if eta is None else f"ETA {_clock(eta)}")
    text = " · ".join(parts)
    if running:
        more = f" +{len(running) - 1}" if len(running) > 1 else ""
        room = width - len(text) - 3 - len(more)
        if room >= 8:
            text += " · " + ellipsize_middle(running[0], room) + more
    return text[:width]


class RunDisplay(BatchEvents):
    """Progress line, JSON log and summary for ``run``.

    The bar is refreshed from the batch's event loop rather than by rich's
    background thread: the batch forks workers, and forking a process that has a
    second thread holding a lock can deadlock the child.
    """

    def __init__(self, *, quiet: bool, json_log: bool, verbose: bool = False) -> None:
        self.quiet = quiet
        self.json_log = json_log
        self.verbose = verbose
        self.progress: Any = None
        self.running: dict[str, float] = {}
        self.rates = Rates()
        self.total = 0
        self.last_refresh = 0.0

    def __enter__(self) -> RunDisplay:
        # rich is imported only for the bar: --quiet and --json-log runs skip its import time.
        if not (self.quiet or self.json_log) and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn

            console = Console(stderr=True)
            self.width = console.width - _BAR_WIDTH - 2
            self.progress = Progress(
                BarColumn(bar_width=_BAR_WIDTH), TextColumn("{task.fields[line]}", style="cyan"),
                console=console, auto_refresh=False, transient=True,
            )
            self.task_id = self.progress.add_task("parsing", total=None, line="")
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    # BatchEvents
    def planned(self, total: int, skipped: int) -> None:
        self.rates = Rates()
        self.total = total
        if self.progress is not None:
            self.progress.update(self.task_id, total=total)
            self._refresh(force=True)

    def started(self, task: Task) -> None:
        self.running[task.rel] = time.monotonic()
        self._refresh(force=True)

    def finished(self, result: Result) -> None:
        entry = result.entry
        self.running.pop(entry.path, None)
        parsed = entry.status in PARSED
        self.rates.add((entry.pages or 0) if parsed else 0, worked=entry.status != "skipped")
        if self.json_log:
            record = {"file": entry.path, "status": entry.status, "seconds": round(result.seconds, 3),
                      "pages": entry.pages, "warnings": entry.warnings, "error": entry.error}
            sys.stderr.write(json.dumps(record, ensure_ascii=False) + "\n")
            sys.stderr.flush()
        elif self.quiet and entry.status == "failed":
            sys.stderr.write(f"{entry.path}: {entry.error}\n")
            sys.stderr.flush()
        if self.progress is not None:
            self.progress.advance(self.task_id)
            self._refresh(force=True)

    def tick(self) -> None:
        self._refresh()

    def _refresh(self, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if not force and now - self.last_refresh < 0.1:
            return
        self.last_refresh = now
        done = self.rates.finished
        running = sorted(self.running, key=self.running.__getitem__)
        line = progress_text(done, self.total, self.rates.pages_per_s(now), self.rates.eta(self.total - done, now),
                             running, self.width)
        self.progress.update(self.task_id, line=line)
        self.progress.refresh()

    def summary(self, report: BatchReport, out_dir: Path) -> None:
        from rich.console import Console

        console = Console()
        for line in summary_lines(report, out_dir, width=console.width, verbose=self.verbose):
            console.print(line, soft_wrap=True, highlight=False, markup=False)


_STATUS = {"ok": "ok", "no_text": "no text", "failed": "failed", "skipped": "up to date"}


def _row_wanted(result: Result, many: bool, verbose: bool) -> bool:
    e = result.entry
    if verbose:
        return True
    if e.status == "skipped":
        return False
    return not many or e.status in ("failed", "no_text")


def warning_counts(report: BatchReport, width: int) -> list[str]:
    """``warnings: unclassified_page ×180 files, unmapped_glyphs ×12 files`` wrapped to ``width``:
    above :data:`LIST_ALL_UP_TO` files the warnings are counted per code, not listed per file."""
    counts: dict[str, int] = {}
    for r in report.results:
        if r.entry.status != "skipped":
            for code in r.entry.warning_codes:
                counts[code] = counts.get(code, 0) + 1
    lines: list[str] = []
    current = "warnings:"
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        part = f" {code} ×{n}"
        if _cells(current + part + ",") > width and current.strip() != "warnings:":
            lines.append(current + ",")
            current = " "
        current += ("," if not current.endswith((":", " ")) else "") + part
    if counts:
        lines.append(current)
    return lines


def summary_lines(report: BatchReport, out_dir: Path, *, width: int = 80, verbose: bool = False) -> list[str]:
    """The summary as plain lines, none wider than ``width``.

    One row per listed file (file, kind, pages, seconds, status and warning
    codes); up-to-date files only with ``verbose``; above
    :data:`LIST_ALL_UP_TO` files only failures and scans without text, with the
    warnings counted per code (a code such as ``unclassified_page`` is on
    nearly every file of an archive, so listing those files would list them all). Each error is
    then repeated whole on its own line, so it can be copied or grepped.
    """
    many = len(report.results) > LIST_ALL_UP_TO
    rows = [r for r in report.results if _row_wanted(r, many, verbose)]
    lines: list[str] = []
    if rows:
        name_w = min(max(len("file"), *(_cells(r.entry.path) for r in rows)), max(20, width // 2 - 4))
        # The kind column only earns its width when PDFs and text files are mixed.
        show_kind = len({r.entry.kind for r in report.results if r.entry.kind}) > 1
        head = f"{'file':<{name_w}} {'kind ' if show_kind else ''}pages    sec status"
        lines.append(head[:width])
        for r in rows:
            e = r.entry
            name = ellipsize_middle(e.path, name_w)
            pad = " " * (name_w - _cells(name))
            pages = "" if e.pages is None else str(e.pages)
            secs = "" if e.status == "skipped" else f"{r.seconds:.1f}"
            status = _STATUS.get(e.status, e.status)
            if e.status == "failed":
                status += f": {e.error or ''}"
            elif e.warning_codes:
                status += "  " + ", ".join(e.warning_codes)
            kind = f"{e.kind or '':<4} " if show_kind else ""
            row = f"{name}{pad} {kind}{pages:>5} {secs:>6} "
            lines.append(row + ellipsize_end(status, width - _cells(row)))
    for r in report.failed:
        lines.append(f"error {r.entry.path}: {r.entry.error or ''}")
    if many and not verbose:
        lines.extend(warning_counts(report, width))
    ok, no_text = report.count("ok"), report.count("no_text")
    skipped, failed = report.count("skipped"), report.count("failed")
    with_warnings = sum(1 for r in report.results if r.entry.warnings and r.entry.status != "skipped")
    parsed = f"{ok + no_text} parsed" + (f" ({no_text} no text)" if no_text else "")
    totals = f"{parsed}, {skipped} up to date, {failed} failed, {with_warnings} with warnings, {report.seconds:.1f} s"
    where = f" → {out_dir}/"
    if _cells(totals + where) <= width:
        lines.append(totals + where)
    else:  # a long --out path goes on its own line rather than wrapping the totals
        lines.extend([totals, where.strip()])
    hidden = len(report.results) - len(rows)
    if hidden:
        why = "up to date" if not many else "more"
        lines.append(f"{hidden} {why} not listed (--verbose lists them; all are in index.jsonl)")
    return lines


def ellipsize_end(text: str, width: int) -> str:
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    return _fit(text, max(width - 1, 0)) + "…"


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)
