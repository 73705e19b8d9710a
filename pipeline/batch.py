"""Run the parser over many files: discovery, naming, incremental skips, shards, workers.

Why a hand-made worker pool rather than ``concurrent.futures``: a file that hangs
must really be stopped and the batch must go on. Each task is first limited by a
SIGALRM inside the worker (cheap: the worker survives); if the worker is stuck
where a signal cannot reach (C code), the parent kills that one process after a
grace period and forks a fresh one. ``ProcessPoolExecutor`` would instead declare
the whole pool broken. ``jobs=1`` runs in-process, without any pool, for debugging.

Output naming rule (documented for users in ``python -m pipeline run --help``):
``<stem>.json``; when two inputs share a stem (``a.pdf`` and ``a.txt``) both use
their full name (``a.pdf.json``, ``a.txt.json``); when full names collide too
(``x/a.pdf``, ``y/a.pdf``) both use their relative path with ``/`` replaced by
``__``. Names are decided over *all* discovered inputs before sharding, so every
shard names a file the same way.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.collect import fewer_collections, held_for_good
from pipeline.errors import InputError
from pipeline.index import (
    IndexEntry,
    atomic_write,
    clean_stale_temps,
    load_index,
    pipeline_version,
    write_index,
)
from pipeline.split import (
    Merge,
    Part,
    PartDone,
    Split,
    Splits,
    dump_piece,
    release,
    should_split,
)

if TYPE_CHECKING:
    from pipeline.models import Document

ParseFn = Callable[[Path], "Document"]

INPUT_SUFFIXES = (".pdf", ".txt")
DEFAULT_TIMEOUT = 120.0
DEFAULT_SPLIT_PAGES = 200  # below this a file is not worth the second open and the merge
DEFAULT_ENGINE = "pdfplumber"  # = pipeline.extract.engines.DEFAULT_ENGINE, not imported: a warm run must not load the extractor
_KILL_GRACE_S = 3.0  # after the in-worker alarm, before the parent kills the worker
_CHECKPOINT_S = 5.0  # how often the index is rewritten during a long run (at least)
# A checkpoint rewrites every entry, so its cost grows with the archive: the next
# one waits at least this many times as long as the last one took, which keeps
# checkpoints under 1/20 of a run's time however large its index.
_CHECKPOINT_SHARE = 20.0
_MAX_ERROR = 300


# ---------------------------------------------------------------- discovery


@dataclass(frozen=True, slots=True)
class Input:
    path: Path  # as found on disk
    rel: str  # relative to the input root it was found under; the index key


class ExecutorError(RuntimeError):
    """The executor cannot run at all (Dask missing, scheduler unreachable): the whole run stops."""


class InputClash(ValueError):
    """Two different files have the same path below their input folders (the index key)."""


def discover(inputs: Iterable[Path]) -> list[Input]:
    """Files given directly are taken as they are; folders are searched recursively.

    Directory symlinks are not followed (a symlink loop cannot hang discovery);
    file entries, even broken or looping symlinks, are kept so that they fail with
    a clear message instead of vanishing. Sorted by relative path for determinism.
    The same file reached twice is taken once; two different files with the same
    relative path raise :class:`InputClash` rather than one silently shadowing the other.
    """
    found: dict[str, Input] = {}

    def add(path: Path, rel: str) -> None:
        other = found.get(rel)
        if other is None:
            found[rel] = Input(path, rel)
        elif os.path.abspath(other.path) != os.path.abspath(path):
            raise InputClash(f"{other.path} and {path} are both {rel!r} below their input folders; "
                             "process them into different --out folders")

    for root in inputs:
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames.sort()
                for name in filenames:
                    if name.lower().endswith(INPUT_SUFFIXES):
                        path = Path(dirpath, name)
                        add(path, path.relative_to(root).as_posix())
        else:
            add(root, root.name)
    return [found[rel] for rel in sorted(found)]


def output_names(rels: Iterable[str]) -> dict[str, str]:
    """Map each relative path to a unique output file name (see the module docstring)."""
    rels = list(rels)

    def name_at(rel: str, level: int) -> str:
        base = rel.rsplit("/", 1)[-1]
        if level == 0:
            return (base.rsplit(".", 1)[0] if "." in base[1:] else base) + ".json"
        if level == 1:
            return base + ".json"
        flat = rel.replace("/", "__")
        if level == 2:
            return flat + ".json"
        return f"{flat}-{hashlib.sha256(rel.encode()).hexdigest()[:8]}.json"

    level = dict.fromkeys(rels, 0)
    while True:
        groups: dict[str, list[str]] = {}
        for rel in rels:
            groups.setdefault(name_at(rel, level[rel]).casefold(), []).append(rel)
        clashing = [rel for members in groups.values() if len(members) > 1 for rel in members]
        bumpable = [rel for rel in clashing if level[rel] < 3]
        if not bumpable:
            break
        for rel in bumpable:
            level[rel] += 1
    return {rel: name_at(rel, level[rel]) for rel in rels}


# ---------------------------------------------------------------- shards


@dataclass(frozen=True, slots=True)
class Shard:
    index: int  # 1-based
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``i/N`` with 1 ≤ i ≤ N (like ``--shard 1/4`` … ``4/4``)."""
        try:
            i, n = (int(part) for part in text.split("/"))
        except ValueError:
            raise ValueError(f"shard must look like i/N, got {text!r}") from None
        if n < 1 or not 1 <= i <= n:
            raise ValueError(f"shard {text!r}: need 1 <= i <= N")
        return cls(i, n)

    def owns(self, rel: str) -> bool:
        """By a hash of the relative path: stable across machines without reading files."""
        digest = hashlib.sha256(rel.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1


# ---------------------------------------------------------------- options


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Everything a batch run is told, built once (by ``pipeline.cli``) and passed down whole.

    Why one frozen value rather than keyword arguments: the run, the pool, each
    worker and each Dask task need the same settings; one object that cannot
    change under them pickles across processes as it is, and a new setting is
    one field instead of a signature change at every level.
    """

    out_dir: Path = Path("parsed")
    jobs: int | None = None  # worker processes; None: one per CPU; 1: in this process, no pool
    force: bool = False  # parse even files whose output is up to date
    timeout: float | None = DEFAULT_TIMEOUT  # per file, seconds; None: no limit
    shard: Shard | None = None
    executor: str = "local"  # "local" (worker processes on this machine) or "dask"
    scheduler: str | None = None  # executor "dask": a scheduler's address, or "local" for a cluster here
    # A PDF of at least this many pages is cut into page ranges across the
    # workers (pipeline.split); 0 never splits. Only with more than one worker.
    split_pages: int = DEFAULT_SPLIT_PAGES
    # PDF backend (pipeline.extract.engines); part of the index version when not the default.
    engine: str = DEFAULT_ENGINE


# ---------------------------------------------------------------- one file


@dataclass(slots=True)
class Task:
    path: Path
    rel: str
    output: str
    sha256: str | None


@dataclass(slots=True)
class Result:
    entry: IndexEntry
    seconds: float = 0.0


class TaskTimeout(BaseException):
    """BaseException so that a stage's broad ``except Exception`` cannot swallow it."""


def one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_ERROR else text[: _MAX_ERROR - 1] + "…"


def describe_error(exc: BaseException) -> str:
    """InputError → its message; anything else is a bug and says its type."""
    if isinstance(exc, InputError):
        return one_line(str(exc) or "unusable input")
    return one_line(f"internal error: {type(exc).__name__}: {exc}")


def timeout_message(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


class _Alarm:
    """Per-task time limit: SIGALRM on the main thread, else an exception raised into the thread.

    Off the main thread (a Dask worker runs tasks in threads) no signal can be
    used, so a timer thread raises :class:`TaskTimeout` into the task's thread
    with ``PyThreadState_SetAsyncExc``. Both reach Python code only; code stuck
    in C is the executor's to stop (the pool kills the worker). No limit: no-op.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.armed = False
        self.timer: threading.Timer | None = None

    def __enter__(self) -> _Alarm:
        if self.seconds is None:
            return self
        seconds = max(self.seconds, 0.001)  # a spent budget still stops the task
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, seconds)
            self.armed = True
        else:
            self.lock = threading.Lock()
            self.thread = threading.get_ident()
            self.timer = threading.Timer(seconds, self._raise_in_thread)
            self.timer.daemon = True
            self.timer.start()
        return self

    def _fire(self, signum: int, frame: Any) -> None:
        raise TaskTimeout

    def _raise_in_thread(self) -> None:
        with self.lock:
            if self.timer is not None:
                _async_raise(self.thread, TaskTimeout)

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        if self.timer is not None:
            with self.lock:
                self.timer.cancel()
                self.timer = None
                _async_raise(self.thread, None)  # one that fired but was not raised yet is void


def _async_raise(thread: int, exc: type[BaseException] | None) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exc) if exc else None)


def render_json(doc: Document) -> str:
    """Key order from the model, UTF-8 text kept readable, trailing newline.

    pydantic-core writes the JSON straight from the model: no dict tree of the
    whole document beside it (on a 2,000-page file that tree was the largest
    object alive, bigger than the model) and several times faster, which matters
    because for a split file this runs once, serially. The bytes are those of
    ``json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2)``:
    the two differ only in exponent notation of floats below 1e-4 (``1e-05`` vs
    ``1e-5``), and every float of the contract is a coordinate rounded to 0.01.
    ``tests/test_split.py`` compares them on a generated document.
    """
    return doc.model_dump_json(indent=2) + "\n"


# Elements of one of the Document's lists serialized at a time by json_parts.
JSON_CHUNK = 256


def json_parts(doc: Document) -> Iterator[bytes]:
    """:func:`render_json`'s text as UTF-8, in pieces to write one after the other.

    Why bytes: pydantic-core writes bytes; ``model_dump_json`` decodes them into a
    str (two bytes per Japanese character), and writing encodes it again.

    Why pieces: pydantic-core builds the whole JSON in a buffer of its own and
    then copies it into a ``bytes``, so writing a document at once held two or
    three copies of its JSON beside the whole Document (13 MB each for a
    2,000-page file): that copy set the run's peak memory (pdfium, the bench's
    2,000-page book with its 10,115 opinions: 191–206 MiB, at the issue's 200). Here
    each of the Document's fields is serialized alone, by the Document's own
    serializer with ``include`` (so every byte is what the whole would have), and
    a long list :data:`JSON_CHUNK` elements at a time; the pieces are cut out of
    those small documents and joined with the separators pydantic-core's
    pretty printer writes (``tests/test_split.py`` holds the result to
    :func:`render_json`, chunks of 1, 2 and 7 included). One element is never
    cut: a set of minutes is one piece, however many turns it has.
    """
    serializer = doc.__pydantic_serializer__
    yield b"{\n"
    for k, name in enumerate(type(doc).model_fields):
        separator = b",\n" if k else b""
        value = getattr(doc, name)
        if not isinstance(value, list) or len(value) <= JSON_CHUNK:
            whole = serializer.to_json(doc, indent=2, include={name})  # {\n  "name": value\n}
            yield separator + whole[2:-2]
            continue
        for first in range(0, len(value), JSON_CHUNK):
            # Only indices inside the list: pydantic takes one past the end as from the end (5 of 5 is 0, 7 is 2).
            indices = set(range(first, min(first + JSON_CHUNK, len(value))))
            chunk = serializer.to_json(doc, indent=2, include={name: indices})
            start = chunk.index(b"[\n") + 2  # {\n  "name": [\n  elements  \n  ]\n}
            if first == 0:
                yield separator + chunk[2:start]  # the key and the opening bracket
            yield (b",\n" if first else b"") + chunk[start:-6]
        yield b"\n  ]"
    yield b"\n}\n"


def process(task: Task, out_dir: Path, parse: ParseFn | None, timeout: float | None, version: str) -> Result:
    """Parse one file and write its JSON; never raises for a bad file."""

    def make() -> Document:
        if parse is None:
            from pipeline.parse import parse_file

            return parse_file(task.path)
        return parse(task.path)

    return write_document(task, out_dir, make, timeout, timeout, version)


def write_document(
    task: Task, out_dir: Path, make: Callable[[], Document], budget: float | None, timeout: float | None,
    version: str,
) -> Result:
    """Make the Document within ``budget`` seconds and write its JSON atomically; never raises for a bad file.

    ``timeout`` is the file's whole limit, named in the error; ``budget`` is what
    is left of it (less than ``timeout`` for the last step of a split file).
    """
    start = time.monotonic()
    entry = IndexEntry(path=task.rel, sha256=task.sha256, status="failed", output=None, version=version)
    try:
        with _Alarm(budget):  # the JSON is made while it is written: the limit covers both
            doc = make()
            atomic_write(out_dir / task.output, json_parts(doc))
    except TaskTimeout:
        entry.error = timeout_message(timeout or 0)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a one-line message
        entry.error = describe_error(exc)
    else:
        entry.status = "ok"
        entry.output = task.output
        entry.kind = doc.source.kind
        entry.pages = doc.source.pages
        entry.sections = [section.kind for section in doc.sections]
        entry.repairs = len(doc.repairs)
        entry.warnings = len(doc.warnings)
        entry.warning_codes = sorted({w.code for w in doc.warnings})
        if doc.source.kind == "pdf" and _pages_without_text(doc) >= doc.source.pages:
            entry.status = "no_text"  # parsed, but a scan: nothing was read
    if entry.status == "failed":
        _remove_quietly(out_dir / task.output)  # an old output would claim the new input parsed
    return Result(entry, time.monotonic() - start)


# Index statuses: ok, no_text (parsed, but no page had a text layer), failed, skipped (up to date).
PARSED = ("ok", "no_text")


def _pages_without_text(doc: Document) -> int:
    return len({p for w in doc.warnings if w.code in ("no_text_layer", "blank_page") for p in w.pages})


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------- jobs (what a worker is given)

Job = Task | Part | Merge
Answer = Result | Split | PartDone


@dataclass(frozen=True, slots=True)
class Context:
    """What every worker needs besides its job; pickled once per worker (or Dask task)."""

    options: BatchOptions
    parse: ParseFn | None
    version: str
    split: bool  # more than one worker: a large PDF may be answered with Split


def do_job(job: Job, ctx: Context) -> Answer:
    """Run one job in a worker; never raises for a bad file (failures are Results)."""
    options = ctx.options
    if not isinstance(job, Part):
        release()  # the file a worker kept open for its ranges (pipeline.split.held_pdf)
    if isinstance(job, Task):
        if ctx.parse is None and ctx.split:
            started = time.time()
            pages = should_split(job.path, options.split_pages)
            if pages:
                return Split(job, pages, started)
        parse = ctx.parse
        if parse is None:
            from functools import partial

            from pipeline.parse import parse_file

            parse = partial(parse_file, engine=options.engine)
        return process(job, options.out_dir, parse, options.timeout, ctx.version)
    if isinstance(job, Part):
        return _do_part(job, ctx)
    from pipeline.parse import parse_ranges

    task = job.task

    def merged() -> Document:
        with held_for_good(lambda: [pickle.loads(piece) for piece in job.parts]) as pieces:
            return parse_ranges(pieces, task.path, task.sha256 or sha256_file(task.path))

    with fewer_collections():
        return write_document(task, options.out_dir, merged, _budget(job.deadline), options.timeout, ctx.version)


def _do_part(part: Part, ctx: Context) -> PartDone | Result:
    from pipeline.parse import parse_range

    start = time.monotonic()
    try:
        with _Alarm(_budget(part.deadline)):
            piece = dump_piece(parse_range(part.task.path, part.first, part.last, ctx.options.engine,
                                           part.task.sha256))
    except TaskTimeout:
        error = timeout_message(ctx.options.timeout or 0)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a one-line message
        error = describe_error(exc)
    else:
        return PartDone(part.task, part.first, piece)
    _remove_quietly(ctx.options.out_dir / part.task.output)
    return _failed(part.task, ctx.version, error, start)


def _budget(deadline: float | None) -> float | None:
    return None if deadline is None else deadline - time.time()


def job_task(job: Job) -> Task:
    return job if isinstance(job, Task) else job.task


class Coordinator:
    """Book-keeping shared by the executors: splits, deadlines, one result per file.

    An executor hands out jobs and passes every answer here; back come the
    file's result when the answer finishes a file, and the jobs to run next
    (a large file's page ranges, then its merge), which go to the front of the
    queue so a started file finishes before new ones begin.
    """

    def __init__(self, ctx: Context, workers: int) -> None:
        self.ctx = ctx
        self.splits = Splits(workers)
        self.reported: set[str] = set()

    def wanted(self, job: Job) -> bool:
        """False for a job whose file already has its result (a failed split file's other parts)."""
        return job_task(job).rel not in self.reported

    def deadline(self, job: Job, started: float) -> float | None:
        """time.time() by which the job's file must be done (no kill grace included)."""
        if isinstance(job, Task):
            timeout = self.ctx.options.timeout
            return started + timeout if timeout else None
        return job.deadline

    def answer(self, answer: Answer) -> tuple[Result | None, list[Job]]:
        if isinstance(answer, Result):
            return self.finish(answer), []
        if isinstance(answer, Split):
            return None, list(self.splits.parts_of(answer, self.ctx.options.timeout))
        merge = self.splits.done(answer)
        return None, [merge] if merge is not None else []

    def finish(self, result: Result) -> Result | None:
        """The file's result, once: a second one (a late part of a failed file) is None."""
        rel = result.entry.path
        if rel in self.reported:
            return None
        self.reported.add(rel)
        self.splits.drop(rel)
        return result


# ---------------------------------------------------------------- worker pool


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the batch process dies (even by kill -9)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(conn: Any, ctx: Context, parent: int) -> None:
    _die_with_parent()
    if os.getppid() != parent:
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides about Ctrl-C
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(do_job(job, ctx))
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, ctx: Any, args: tuple[Any, ...]) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, *args), daemon=True)
        self.proc.start()
        child.close()
        self.job: Job | None = None
        self.started = 0.0  # time.monotonic(), for the Result's seconds
        self.deadline: float | None = None  # time.time() by which its file must be done

    def give(self, job: Job, deadline: float | None) -> None:
        self.job, self.started, self.deadline = job, time.monotonic(), deadline
        self.conn.send(job)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()
        self.conn.close()


def _preload(parse: ParseFn | None) -> None:
    """Import the parsing stages once before forking, so each worker does not.

    The parent stays single-threaded (the progress display refreshes from the
    event loop, not a thread), which is what makes ``fork`` safe here.
    """
    if parse is not None:
        return
    for module in ("pipeline.parse", "pipeline.extract.pdf", "pipeline.extract.text", "pipeline.clean", "pipeline.segment"):
        try:
            __import__(module)
        except Exception:  # noqa: BLE001 - a missing stage fails per file, with its message
            pass


def _size(task: Task) -> int:
    try:
        return task.path.stat().st_size
    except OSError:
        return 0


def _run_pool(tasks: list[Task], jobs: int, ctx: Context, events: BatchEvents) -> Iterable[Result]:
    import multiprocessing
    from multiprocessing.connection import wait

    mp = multiprocessing.get_context("fork")
    _preload(ctx.parse)
    args = (ctx, os.getpid())
    out_dir, timeout, version = ctx.options.out_dir, ctx.options.timeout, ctx.version
    book = Coordinator(ctx, jobs)
    # Largest files first (file size stands in for work): a big file started
    # last would leave the other workers idle at the end of the batch.
    by_size = sorted(tasks, key=_size, reverse=True)
    pending: deque[Job] = deque(by_size)
    workers = [_Worker(mp, args) for _ in range(jobs if ctx.split else min(jobs, len(tasks)))]
    try:
        while pending or any(w.job for w in workers):
            for worker in workers:
                while worker.job is None and pending:
                    job = pending.popleft()
                    if not book.wanted(job):
                        continue
                    if isinstance(job, Task):
                        events.started(job)
                    worker.give(job, book.deadline(job, time.time()))
            busy = {w.conn: w for w in workers if w.job is not None}
            for ready in wait(list(busy), timeout=0.1):
                worker = busy[ready]  # type: ignore[index]
                running = worker.job
                assert running is not None
                try:
                    answer: Answer = worker.conn.recv()
                except (EOFError, OSError):
                    worker.proc.join(2)  # reap it, so the exit code is known
                    code = worker.proc.exitcode
                    worker.kill()
                    workers[workers.index(worker)] = _Worker(mp, args)
                    answer = _failed(job_task(running), version,
                                     f"internal error: worker process died (exit code {code})", worker.started)
                else:
                    worker.job = None
                result, follow = book.answer(answer)
                pending.extendleft(reversed(follow))
                if result is not None:
                    yield result
            now = time.time()
            for i, worker in enumerate(workers):
                if worker.job is not None and worker.deadline and now > worker.deadline + _KILL_GRACE_S:
                    task = job_task(worker.job)
                    worker.kill()
                    workers[i] = _Worker(mp, args)
                    _remove_quietly(out_dir / task.output)
                    clean_stale_temps(out_dir)  # the killed worker may have been writing
                    late = book.finish(_failed(task, version, timeout_message(timeout or 0), worker.started))
                    if late is not None:
                        yield late
            events.tick()
    finally:
        for worker in workers:
            if worker.job is not None:
                worker.kill()
            else:
                worker.stop()


def _failed(task: Task, version: str, error: str, started: float) -> Result:
    entry = IndexEntry(path=task.rel, sha256=task.sha256, status="failed", output=None, error=error, version=version)
    return Result(entry, time.monotonic() - started)


# ---------------------------------------------------------------- the batch


class BatchEvents:
    """Hooks for a front end (progress bar, JSON log); the defaults do nothing."""

    def planned(self, total: int, skipped: int) -> None: ...
    def started(self, task: Task) -> None: ...
    def finished(self, result: Result) -> None: ...
    def tick(self) -> None: ...


@dataclass(slots=True)
class BatchReport:
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if r.entry.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.entry.status == status)


def plan(
    found: list[Input], out_dir: Path, previous: dict[str, IndexEntry], version: str,
    *, force: bool, shard: Shard | None,
) -> tuple[list[Task], list[Result]]:
    """Split this run's inputs into work to do and files already up to date.

    An output name still held by an input of an earlier run that is not part of
    this one (another folder into the same --out) is never overwritten: the new
    input fails with a message saying so.
    """
    names = output_names(inp.rel for inp in found)
    taken = set(names.values())
    held = {e.output: e.path for e in previous.values() if e.output and e.path not in names}
    tasks: list[Task] = []
    done: list[Result] = []

    def fail(inp: Input, sha: str | None, error: str) -> None:
        done.append(Result(IndexEntry(path=inp.rel, sha256=sha, status="failed", output=None,
                                 error=one_line(error), version=version)))

    for inp in found:
        if shard and not shard.owns(inp.rel):
            continue
        output = names[inp.rel]
        if output in held and (out_dir / output).exists():
            fail(inp, None, f"output {output} already holds {held[output]} from an earlier run; remove that file or use another --out")
            continue
        try:
            sha = sha256_file(inp.path)
        except OSError as exc:
            _remove_quietly(out_dir / output)
            fail(inp, None, "is a directory, not a file" if inp.path.is_dir() else f"cannot be read: {exc.strerror or exc}")
            continue
        old = previous.get(inp.rel)
        if old and old.output and old.output != output and old.output not in taken:
            _remove_quietly(out_dir / old.output)  # renamed by a new collision: drop the old name
        if (
            not force and old is not None and old.status in (*PARSED, "skipped") and old.sha256 == sha
            and old.version == version and old.output == output and (out_dir / output).is_file()
        ):
            done.append(Result(replace(old, status="skipped")))
            continue
        tasks.append(Task(inp.path, inp.rel, output, sha))
    return tasks, done


def run_batch(
    inputs: Iterable[Path],
    options: BatchOptions,
    *,
    parse: ParseFn | None = None,
    events: BatchEvents | None = None,
    found: list[Input] | None = None,
) -> BatchReport:
    """Process every input; returns one result per input of this run (shard), in path order.

    ``found``: :func:`discover`'s answer for ``inputs`` when the caller has it
    already (the command line asks first, to refuse a clash or an empty input
    before anything is written), so a folder of a whole archive is walked once.

    ``parse`` defaults to :func:`pipeline.parse.parse_file`, imported only when a
    file actually needs parsing, so a warm re-run never loads the parsing stages.
    A ``parse`` of its own (tests, tools) is called per file: such files are never
    split into page ranges.
    ``options.engine`` picks the PDF backend; when it is not the default it is part
    of the index version, since the two engines' outputs can differ.
    """
    events = events or BatchEvents()
    start = time.monotonic()
    out_dir = options.out_dir
    if found is None:
        found = discover(inputs)  # may raise InputClash: before anything is written
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(out_dir)
    version = pipeline_version(options.engine)
    index = load_index(out_dir)
    tasks, done = plan(found, out_dir, index, version, force=options.force, shard=options.shard)
    events.planned(len(tasks) + len(done), len(done))
    report = BatchReport()
    for result in done:
        index[result.entry.path] = result.entry
        report.results.append(result)
        events.finished(result)
    stream: Iterable[Result] = ()
    if options.executor == "dask":
        from pipeline.dask_executor import run_dask

        stream = run_dask(tasks, options, parse, version, events)
    else:
        jobs = options.jobs or os.cpu_count() or 1
        ctx = Context(options, parse, version, split=jobs > 1 and parse is None)
        if jobs == 1:
            stream = _run_inline(tasks, ctx, events)
        elif tasks:
            stream = _run_pool(tasks, jobs, ctx, events)
    last_checkpoint, checkpoint_every = time.monotonic(), _CHECKPOINT_S
    try:
        for result in stream:
            index[result.entry.path] = result.entry
            report.results.append(result)
            events.finished(result)
            if (now := time.monotonic()) - last_checkpoint > checkpoint_every:
                write_index(out_dir, index)
                last_checkpoint = time.monotonic()
                checkpoint_every = max(_CHECKPOINT_S, _CHECKPOINT_SHARE * (last_checkpoint - now))
    finally:
        write_index(out_dir, index)  # also on Ctrl-C: what finished is kept
    report.results.sort(key=lambda r: r.entry.path)
    report.seconds = time.monotonic() - start
    return report


def _run_inline(tasks: list[Task], ctx: Context, events: BatchEvents) -> Iterable[Result]:
    for task in tasks:
        events.started(task)
        answer = do_job(task, ctx)  # ctx.split is False: always a Result
        assert isinstance(answer, Result)
        yield answer
        events.tick()
