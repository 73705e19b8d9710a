"""The ``review`` subcommand and ``run --review``, kept here so cli.py changes by a few lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.batch import BatchReport, Input

DEFAULT_DIR = Path("review")


def add_arguments(sub: Any, run: argparse.ArgumentParser) -> None:
    """Register ``review`` and add ``--review`` to ``run``."""
    review = sub.add_parser(
        "review", help="write an HTML page showing what was recognised where, over the source pages",
        description="Write DIR/<name>.html: the source's pages with a box for every recognised element, "
                    "the document tree beside them and the warnings on top. Static, no server needed.")
    review.add_argument("file", type=Path, metavar="FILE.json", help="a document written by 'run'")
    review.add_argument("--pdf", type=Path, default=None, metavar="SOURCE",
                        help="the input it was parsed from (default: source.file_name beside the JSON or in raw/)")
    review.add_argument("--out", type=Path, default=DEFAULT_DIR, metavar="DIR", help="output folder (default: review/)")
    run.add_argument("--review", nargs="?", type=Path, const=DEFAULT_DIR, default=None, metavar="DIR",
                     help="also write a review page per parsed file into DIR (default: review/)")


def cmd_review(args: argparse.Namespace) -> int:
    from pipeline.review import ReviewError, write_review

    try:
        path = write_review(args.file, args.out, args.pdf)
    except ReviewError as exc:
        print(f"error {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}", file=sys.stderr)
    return 0


def review_run(report: BatchReport, found: list[Input], out_dir: Path, review_dir: Path, quiet: bool) -> int:
    """Write the page of every parsed or up-to-date file of a run and print a link to each
    (``found``: the run's inputs, as :func:`pipeline.batch.discover` gave them to it).

    Returns 1 when a page could not be written (the reason is printed), else 0.
    """
    from rich.console import Console
    from rich.markup import escape

    from pipeline.review import ReviewError, write_review

    sources = {inp.rel: inp.path for inp in found}
    console = Console()
    status = 0
    for result in report.results:
        entry = result.entry
        if entry.status == "failed" or not entry.output:
            continue
        try:
            page = write_review(out_dir / entry.output, review_dir, sources.get(entry.path))
        except ReviewError as exc:
            console.print(f"[red]error[/] review {escape(str(exc))}", soft_wrap=True, highlight=False)
            status = 1
            continue
        if not quiet:
            console.print(f"review [link={page.resolve().as_uri()}]{escape(str(page))}[/link]",
                          soft_wrap=True, highlight=False)
    return status
