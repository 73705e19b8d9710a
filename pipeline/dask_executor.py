"""``--executor dask``: the batch's files as tasks on a Dask cluster (``pip install '.[dask]'``).

What stays the same as the local pool, and why it can: discovery, planning,
hashing, the incremental skip and the index all run here, in the batch process
(the Dask *client*); only the jobs travel (:func:`pipeline.batch.do_job`, the
very function a local worker runs), so outputs are the same bytes, and the
index is written by this process alone, in path order. Each worker writes its
file's JSON itself with the same atomic write (temp file + rename in the output
folder), so the output folder must be the same path on every worker: shared
storage (NFS, a cluster file system), like the input files. Paths are made
absolute before they are sent.

A large PDF is split as in the local pool (``pipeline.split``), with one
difference that saves a round trip: the merge is submitted together with the
ranges and takes their futures as arguments, so the ranges' Layouts go from
worker to worker and never through the client.

Time limit: a worker runs tasks in threads, so the limit is an exception raised
into the task's thread (:class:`pipeline.batch._Alarm`); that stops Python code.
Unlike the local pool the client cannot kill a worker stuck in C code: the file
then waits for Dask's own remedies (worker restarts, ``--lifetime``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.batch import (
    Answer,
    BatchEvents,
    BatchOptions,
    Context,
    ExecutorError,
    Merge,
    ParseFn,
    PartDone,
    Result,
    Split,
    Task,
    _failed,
    _size,
    describe_error,
    do_job,
    one_line,
)
from pipeline.split import cut

_CONNECT_S = 30
# Dask runs higher priorities first: a started file's ranges and merge before new files.
_FILE, _RANGE = 0, 10


def merge_job(ctx: Context, task: Task, deadline: float | None, *answers: Answer) -> Answer:
    """The ranges' answers in page order → the file's Result (the first failed range's, if one failed)."""
    for answer in answers:
        if isinstance(answer, Result):
            return answer
    pieces = [answer.piece for answer in answers if isinstance(answer, PartDone)]
    return do_job(Merge(task, pieces, deadline), ctx)


def connect(options: BatchOptions) -> tuple[Any, Any]:
    """(client, cluster): a client of ``options.scheduler``, or of a new local cluster for "local".

    The local cluster has ``--jobs`` single-threaded worker processes listening
    on the loopback interface only, without a dashboard.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ExecutorError("--executor dask needs Dask: pip install 'committee-pipeline[dask]'") from None
    if options.scheduler in (None, "local"):
        cluster = LocalCluster(n_workers=options.jobs or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(options.scheduler, timeout=_CONNECT_S), None
    except (OSError, ValueError) as exc:
        raise ExecutorError(f"cannot reach the Dask scheduler {options.scheduler}: {one_line(str(exc))}") from None


def run_dask(tasks: list[Task], options: BatchOptions, parse: ParseFn | None, version: str,
             events: BatchEvents) -> Iterator[Result]:
    if not tasks:
        return
    from distributed import as_completed

    # Workers may run elsewhere, with another working directory.
    options = replace(options, out_dir=Path(os.path.abspath(options.out_dir)))
    tasks = [Task(Path(os.path.abspath(t.path)), t.rel, t.output, t.sha256) for t in tasks]
    client, cluster = connect(options)
    try:
        threads = sum(client.nthreads().values()) or 1
        ctx = Context(options, parse, version, split=threads > 1 and parse is None)
        jobs: dict[Any, Task] = {}  # futures this loop waits for, and their file
        done = as_completed()

        def submit(task: Task, fn: Any, *args: Any, priority: int) -> None:
            future = client.submit(fn, *args, pure=False, priority=priority)
            jobs[future] = task
            done.add(future)

        for task in sorted(tasks, key=_size, reverse=True):
            events.started(task)
            submit(task, do_job, task, ctx, priority=_FILE)
        for future in done:
            task = jobs.pop(future)
            try:
                answer = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker or a pickling error fails one file
                answer = _failed(task, version, describe_error(exc), time.monotonic())
            future.release()
            if isinstance(answer, Split):
                parts = cut(answer, threads, options.timeout)
                ranges = [client.submit(do_job, part, ctx, pure=False, priority=_RANGE) for part in parts]
                submit(task, merge_job, ctx, task, parts[0].deadline, *ranges, priority=_RANGE)
                continue
            if isinstance(answer, Result):
                yield answer
            events.tick()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
