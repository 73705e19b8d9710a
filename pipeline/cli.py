"""Command line: ``python -m pipeline run | schema | show``.

Imports are lazy on purpose: ``run`` over an unchanged folder must not load the
parsing stages (pdfplumber alone takes longer than hashing a folder), and
``--help`` should answer instantly.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.batch import BatchEvents  # light: no pydantic, rich or pdfplumber behind it

if TYPE_CHECKING:
    from pipeline.batch import BatchReport, ParseFn, Result, Task

RUN_EPILOG = """\
output names:
  DIR/<stem>.json for each input. When two inputs share a stem (a.pdf and a.txt)
  both are written under their full name instead (a.pdf.json, a.txt.json); when
  full names collide too (x/a.pdf and y/a.pdf) both use their path below the input
  folder with '/' replaced by '__' (x__a.pdf.json). Nothing is overwritten silently.

incremental runs:
  DIR/index.jsonl has one line per input (path below its input folder, sha256,
  status, output, pages, warnings, error, pipeline version). An input whose
  sha256 and pipeline version match its entry and whose output exists is skipped;
  --force parses it again. Entries of inputs not in this run are kept.

sharding:
  --shard i/N (1 <= i <= N) takes the inputs whose path hash falls in shard i.
  N machines with the same archive get disjoint sets covering every file, and
  write the same output for the same file.

exit status:
  0 every input parsed or was up to date; 1 at least one input failed (the others
  are still written); 2 usage error.
"""


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _shard(text: str) -> Any:
    from pipeline.batch import Shard

    try:
        return Shard.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn Japanese local-government committee papers (PDF or text) into validated JSON.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="parse input files into DIR/<name>.json",
        description="Parse PDF and text files into one JSON document each.",
        epilog=RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                     help="files or folders; folders are searched recursively for *.pdf and *.txt (default: raw/)")
    run.add_argument("--out", type=Path, default=Path("parsed"), metavar="DIR", help="output folder (default: parsed/)")
    run.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                     help="worker processes (default: number of CPUs); 1 parses in this process, without a "
                          "pool (easier to debug; the time limit then cannot stop code stuck outside Python)")
    run.add_argument("--force", action="store_true", help="parse every input even if its output is up to date")
    run.add_argument("--timeout", type=_positive_float, default=120.0, metavar="SEC",
                     help="per-file time limit in seconds; a file over it fails and the batch goes on (default: 120)")
    run.add_argument("--shard", type=_shard, default=None, metavar="i/N", help="process only shard i of N (1-based)")
    run.add_argument("--split-pages", type=int, default=200, metavar="N",
                     help="cut a PDF of at least N pages into page ranges across the workers; 0: never (default: 200)")
    run.add_argument("--executor", choices=("local", "dask"), default="local",
                     help="local: worker processes on this machine (default); dask: tasks on a Dask cluster")
    run.add_argument("--scheduler", default=None, metavar="ADDRESS|local",
                     help="with --executor dask: the scheduler's address (tcp://host:8786), or 'local' to start "
                          "a cluster of --jobs worker processes here")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors (one line per failed file, on stderr)")
    run.add_argument("--json-log", action="store_true",
                     help="write one JSON line per file on stderr (file, status, seconds, pages, warnings, error)")

    schema = sub.add_parser("schema", help="write the JSON Schema of the output documents",
                            description="Write the JSON Schema generated from pipeline.models.")
    schema.add_argument("--out", default="schemas/document.schema.json", metavar="PATH",
                        help="where to write it; '-' prints it (default: schemas/document.schema.json)")

    show = sub.add_parser("show", help="print a parsed document as a tree",
                          description="Print a parsed JSON document as a readable tree.")
    show.add_argument("file", type=Path, metavar="FILE.json", help="a document written by 'run'")
    return parser


def main(argv: list[str] | None = None, *, parse: ParseFn | None = None) -> int:
    """Entry point; ``parse`` replaces :func:`pipeline.parse.parse_file` (tests, tools)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "run":
        return cmd_run(args, parser, parse)
    if args.command == "schema":
        return cmd_schema(args.out)
    return cmd_show(args.file)


# ---------------------------------------------------------------- schema / show


def schema_text() -> str:
    from pipeline.models import document_json_schema

    return json.dumps(document_json_schema(), ensure_ascii=False, indent=2) + "\n"


def cmd_schema(out: str) -> int:
    text = schema_text()
    if out == "-":
        sys.stdout.write(text)
        return 0
    from pipeline.index import atomic_write

    atomic_write(Path(out), text)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def cmd_show(path: Path) -> int:
    from rich.console import Console

    from pipeline.show import load_document, render

    try:
        doc = load_document(path)
    except ValueError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 1
    Console().print(render(doc))
    return 0


# ---------------------------------------------------------------- run


def cmd_run(args: argparse.Namespace, parser: argparse.ArgumentParser, parse: ParseFn | None) -> int:
    from pipeline.batch import BatchOptions, ExecutorError, InputClash, run_batch

    inputs: list[Path] = args.inputs or [Path("raw")]
    missing = [str(p) for p in inputs if not p.exists() and not p.is_symlink()]
    if missing:
        parser.error(f"input not found: {', '.join(missing)}")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out} exists and is not a folder")
    if (args.executor == "dask") != (args.scheduler is not None):
        parser.error("--executor dask and --scheduler go together")
    options = BatchOptions(out_dir=args.out, jobs=args.jobs, force=args.force, timeout=args.timeout, shard=args.shard,
                           executor=args.executor, scheduler=args.scheduler, split_pages=max(args.split_pages, 0))
    events = RunDisplay(quiet=args.quiet, json_log=args.json_log)
    try:
        with events:
            report = run_batch(inputs, options, parse=parse, events=events)
    except (InputClash, ExecutorError) as exc:  # raised before any file is parsed
        parser.error(str(exc))
    except KeyboardInterrupt:
        print("interrupted; finished files are kept in the index", file=sys.stderr)
        return 130
    if not args.quiet:
        events.summary(report, args.out)
    return 1 if report.failed else 0


class RunDisplay(BatchEvents):
    """Progress bar, JSON log and summary table for ``run``.

    The bar is refreshed from the batch's event loop rather than by rich's
    background thread: the batch forks workers, and forking a process that has a
    second thread holding a lock can deadlock the child.
    """

    def __init__(self, *, quiet: bool, json_log: bool) -> None:
        self.quiet = quiet
        self.json_log = json_log
        self.progress: Any = None
        self.running: dict[str, float] = {}
        self.pages = 0
        self.start = time.monotonic()
        self.last_refresh = 0.0

    def __enter__(self) -> RunDisplay:
        # rich is imported only for the bar: --quiet and --json-log runs skip its import time.
        if not (self.quiet or self.json_log) and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.progress = Progress(
                BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                TextColumn("{task.fields[current]}", style="cyan"),
                console=Console(stderr=True), auto_refresh=False, transient=True,
            )
            self.task_id = self.progress.add_task("parsing", total=None, rate="", current="")
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    # BatchEvents
    def planned(self, total: int, skipped: int) -> None:
        self.start = time.monotonic()
        if self.progress is not None:
            self.progress.update(self.task_id, total=total)
            self._refresh(force=True)

    def started(self, task: Task) -> None:
        self.running[task.rel] = time.monotonic()
        self._refresh(force=True)

    def finished(self, result: Result) -> None:
        entry = result.entry
        self.running.pop(entry.path, None)
        if entry.status == "ok":
            self.pages += entry.pages or 0
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
        elapsed = max(now - self.start, 1e-6)
        current = ", ".join(sorted(self.running, key=self.running.__getitem__))
        self.progress.update(self.task_id, rate=f"{self.pages / elapsed:.1f} pages/s", current=current[:80])
        self.progress.refresh()

    def summary(self, report: BatchReport, out_dir: Path) -> None:
        from rich.console import Console
        from rich.markup import escape

        console = Console()
        if report.results:
            console.print(summary_table(report))
        # The table folds long cells; the errors are repeated one per line, unwrapped,
        # so each can be copied or grepped whole.
        for result in report.failed:
            console.print(f"[red]error[/] {escape(result.entry.path)}: {escape(result.entry.error or '')}",
                          soft_wrap=True, highlight=False)
        ok, skipped, failed = report.count("ok"), report.count("skipped"), report.count("failed")
        style = "red" if failed else "green"
        console.print(f"[{style}]{ok} parsed, {skipped} up to date, {failed} failed[/] "
                      f"in {report.seconds:.1f} s → {escape(str(out_dir))}/", soft_wrap=True, highlight=False)


def _sections_text(kinds: list[str]) -> str:
    counts: dict[str, int] = {}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(kind if n == 1 else f"{kind}×{n}" for kind, n in counts.items())


def summary_table(report: BatchReport) -> Any:
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    table.add_column("file", overflow="fold", ratio=2)
    table.add_column("kind", no_wrap=True)
    for name in ("pages", "sections", "repairs", "warnings"):
        table.add_column(name, justify="left" if name == "sections" else "right", no_wrap=name != "sections")
    table.add_column("status", overflow="fold", ratio=3)
    for result in report.results:
        e = result.entry
        if e.status == "failed":
            status = f"[red]failed: {escape(e.error or '')}[/]"
        else:
            status = "[dim]up to date[/]" if e.status == "skipped" else f"[green]ok[/] ({result.seconds:.1f} s)"
            if e.warning_codes:
                status += f" [yellow]{escape(', '.join(e.warning_codes))}[/]"
        parsed = e.status != "failed"
        table.add_row(escape(e.path), e.kind or "", "" if e.pages is None else str(e.pages),
                      _sections_text(e.sections), str(e.repairs) if parsed else "",
                      str(e.warnings) if parsed else "", status)
    return table
