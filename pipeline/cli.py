"""Command line: ``python -m pipeline run | schema | show``.

Imports are lazy on purpose: ``run`` over an unchanged folder must not load the
parsing stages (pdfplumber alone takes longer than hashing a folder), and
``--help`` should answer instantly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pipeline
from pipeline.display import RunDisplay  # light: no pydantic, rich or pdfplumber behind it
from pipeline.review import command as review  # light too: the page is built on demand

if TYPE_CHECKING:
    from pipeline.batch import ParseFn

DEFAULT_SCHEMA = Path("schemas/document.schema.json")

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


def program_name(argv0: str | None = None) -> str:
    """``python -m pipeline`` or the installed script's name, as the user typed it."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    name = os.path.basename(argv0)
    return "python -m pipeline" if name in ("__main__.py", "-m", "-c", "") else name


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog or program_name(),
        description="Turn Japanese local-government committee papers (PDF or text) into validated JSON.",
    )
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {pipeline.__version__} (JSON schema {pipeline.SCHEMA_VERSION})")
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
    # Names as in pipeline.extract.engines.ENGINES, spelled out: a warm re-run must not import the extractor.
    run.add_argument("--engine", choices=("pdfplumber", "pdfium"), default="pdfplumber",
                     help="PDF backend: pdfplumber (default) or pdfium (pypdfium2, several times faster)")
    run.add_argument("--shard", type=_shard, default=None, metavar="i/N", help="process only shard i of N (1-based)")
    run.add_argument("--split-pages", type=int, default=200, metavar="N",
                     help="cut a PDF of at least N pages into page ranges across the workers; 0: never (default: 200)")
    run.add_argument("--executor", choices=("local", "dask"), default="local",
                     help="local: worker processes on this machine (default); dask: tasks on a Dask cluster")
    run.add_argument("--scheduler", default=None, metavar="ADDRESS|local",
                     help="with --executor dask: the scheduler's address (tcp://host:8786), or 'local' to start "
                          "a cluster of --jobs worker processes here")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors (one line per failed file, on stderr)")
    run.add_argument("--verbose", action="store_true",
                     help="list every file in the summary, up-to-date ones included (default: only files parsed "
                          "in this run; above 20 files only those with failures, warnings or no text)")
    run.add_argument("--json-log", action="store_true",
                     help="write one JSON line per file on stderr (file, status, seconds, pages, warnings, error)")

    schema = sub.add_parser("schema", help="write the JSON Schema of the output documents",
                            description="Write the JSON Schema generated from pipeline.models.")
    schema.add_argument("--out", default=None, metavar="PATH",
                        help="where to write it; '-' prints it (default: schemas/document.schema.json, "
                             "only when ./schemas/ exists: run it from the project folder)")

    show = sub.add_parser("show", help="print a parsed document as a tree",
                          description="Print a parsed JSON document as a readable tree.")
    show.add_argument("file", type=Path, metavar="FILE.json", help="a document written by 'run'")
    from pipeline.export.cli import add_commands  # export, search: light, handlers import lazily
    add_commands(sub)
    review.add_arguments(sub, run)
    for name, sub_parser in (("run", run), ("schema", schema), ("show", show)):
        sub_parser.set_defaults(command_parser=sub_parser, command=name)
    return parser


def main(argv: list[str] | None = None, *, parse: ParseFn | None = None) -> int:
    """Entry point; ``parse`` replaces :func:`pipeline.parse.parse_file` (tests, tools)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(args, "handler"):  # export, search
        return int(args.handler(args))
    # Errors after parsing are the subcommand's: they show its usage, not the top-level one.
    command_parser: argparse.ArgumentParser = getattr(args, "command_parser", parser)
    if args.command == "run":
        return cmd_run(args, command_parser, parse)
    if args.command == "schema":
        return cmd_schema(args.out, command_parser)
    if args.command == "review":
        return review.cmd_review(args)
    return cmd_show(args.file)


# ---------------------------------------------------------------- schema / show


def schema_text() -> str:
    from pipeline.models import document_json_schema

    return json.dumps(document_json_schema(), ensure_ascii=False, indent=2) + "\n"


def cmd_schema(out: str | None, parser: argparse.ArgumentParser) -> int:
    """Write the schema. Without --out it goes to ./schemas/ only if that folder exists:
    run elsewhere, silently creating a stray ./schemas/ would hide the mistake."""
    if out is None and not DEFAULT_SCHEMA.parent.is_dir():
        parser.error(f"no {DEFAULT_SCHEMA.parent}/ folder in {Path.cwd()}: run it in the project folder "
                     "or give --out PATH (- prints)")
    text = schema_text()
    if out == "-":
        sys.stdout.write(text)
        return 0
    from pipeline.index import atomic_write

    target = Path(out) if out is not None else DEFAULT_SCHEMA
    atomic_write(target, text)
    print(f"wrote {target}", file=sys.stderr)
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
    from pipeline.batch import BatchOptions, ExecutorError, InputClash, discover, run_batch

    inputs: list[Path] = args.inputs or [Path("raw")]
    missing = [str(p) for p in inputs if not p.exists() and not p.is_symlink()]
    if missing:
        parser.error(f"input not found: {', '.join(missing)}{missing_hint(args.inputs, missing)}")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out} exists and is not a folder")
    if (args.executor == "dask") != (args.scheduler is not None):
        parser.error("--executor dask and --scheduler go together")
    try:
        found = discover(inputs)
    except InputClash as exc:  # raised before any work is done
        parser.error(str(exc))
    if not found:
        print(no_inputs_message(inputs), file=sys.stderr)
        return 2
    options = BatchOptions(out_dir=args.out, jobs=args.jobs, force=args.force, timeout=args.timeout, shard=args.shard,
                           executor=args.executor, scheduler=args.scheduler, split_pages=max(args.split_pages, 0),
                           engine=args.engine)
    events = RunDisplay(quiet=args.quiet, json_log=args.json_log, verbose=args.verbose)
    try:
        with events:
            report = run_batch(inputs, options, parse=parse, events=events, found=found)
    except (InputClash, ExecutorError) as exc:  # raised before any file is parsed
        parser.error(str(exc))
    except KeyboardInterrupt:
        print("interrupted; finished files are kept in the index", file=sys.stderr)
        return 130
    if not args.quiet:
        events.summary(report, args.out)
    reviewed = review.review_run(report, found, args.out, args.review, args.quiet) if args.review else 0
    return 1 if report.failed or reviewed else 0


def missing_hint(given: list[Path], missing: list[str]) -> str:
    """Why a relative input may be missing: the default raw/ is only found in the project folder."""
    if any(Path(m).is_absolute() for m in missing):
        return ""
    where = f" (in {Path.cwd()}"
    if not given:
        return where + "; by default run reads raw/ here: run it in the project folder or name what to parse)"
    return where + ")"


def no_inputs_message(inputs: list[Path]) -> str:
    """``No inputs found in X (N files skipped: .docx ×3, …)``: say what was there instead."""
    from pipeline.batch import INPUT_SUFFIXES

    skipped: Counter[str] = Counter()
    for root in inputs:
        if not root.is_dir():
            continue
        for _dirpath, _dirnames, filenames in os.walk(root, followlinks=False):
            for name in filenames:
                if not name.lower().endswith(INPUT_SUFFIXES):
                    skipped[Path(name).suffix.lower() or "(no extension)"] += 1
    where = ", ".join(str(p) for p in inputs)
    wanted = " and ".join(f"*{s}" for s in INPUT_SUFFIXES)
    hint = f"\nfolders are searched for {wanted}; files named directly are always tried"
    if not skipped:
        return f"No inputs found in {where} (no files)" + hint
    kinds = ", ".join(f"{suffix} ×{n}" for suffix, n in skipped.most_common())
    total = sum(skipped.values())
    return f"No inputs found in {where} ({total} file{'s' if total != 1 else ''} skipped: {kinds})" + hint
