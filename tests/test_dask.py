"""--executor dask: the same outputs and index as the local pool, on a 2-worker LocalCluster.

Skipped when Dask is not installed (``pip install '.[dask]'``; CI installs it).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_batch_support import outputs

from pipeline.batch import BatchOptions, run_batch
from pipeline.cli import main

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.pdf
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two single-threaded worker processes on the loopback interface, no dashboard."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped inputs, a 24-page generated PDF (split across workers), an empty and a broken PDF."""
    from tests.docgen import big_document

    raw = tmp_path_factory.mktemp("dask") / "raw"
    shutil.copytree(REPO / "raw", raw)
    (raw / "sub").mkdir()
    (raw / "sub" / "big.pdf").write_bytes(big_document(24, seed=5))
    (raw / "sub" / "empty.pdf").write_bytes(b"")
    (raw / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<\n")
    return raw


def test_dask_run_writes_the_local_pool_s_bytes(cluster: Any, archive: Path, tmp_path: Path) -> None:
    local = run_batch([archive], BatchOptions(out_dir=tmp_path / "local", jobs=2, split_pages=10))
    dask = run_batch([archive], BatchOptions(out_dir=tmp_path / "dask", executor="dask",
                                             scheduler=cluster.scheduler_address, split_pages=10))
    statuses = {r.entry.path: r.entry.status for r in dask.results}
    assert statuses == {"broken.pdf": "failed", "generated-shingikai-024.pdf": "ok",
                        "koganei-welfare-2023-02.txt": "ok", "sub/big.pdf": "ok", "sub/empty.pdf": "failed"}
    assert outputs(tmp_path / "local") == outputs(tmp_path / "dask")  # every JSON and index.jsonl
    assert [r.entry for r in local.results] == [r.entry for r in dask.results]
    # incremental: a second Dask run over the same folder skips everything
    again = run_batch([archive], BatchOptions(out_dir=tmp_path / "dask", executor="dask",
                                              scheduler=cluster.scheduler_address))
    assert {r.entry.status for r in again.results} == {"skipped", "failed"}


def test_dask_time_limit_fails_a_split_file_and_the_batch_goes_on(cluster: Any, archive: Path, tmp_path: Path) -> None:
    # The limit sits far from both files' times, so a loaded machine cannot flip the
    # result: the 300-page file needs ≈ 12 s of CPU (≈ 6 s on the 2 workers), the
    # text file ≈ 0.2 s.
    from tests.docgen import big_document

    huge = tmp_path / "huge.pdf"
    huge.write_bytes(big_document(300, seed=5))
    out = tmp_path / "out"
    report = run_batch([huge, archive / "koganei-welfare-2023-02.txt"],
                       BatchOptions(out_dir=out, executor="dask", scheduler=cluster.scheduler_address,
                                    split_pages=10, timeout=2.0))
    errors = {r.entry.path: r.entry.error for r in report.results}
    assert errors == {"huge.pdf": "timed out after 2 s", "koganei-welfare-2023-02.txt": None}
    assert sorted(p.name for p in out.iterdir()) == ["index.jsonl", "koganei-welfare-2023-02.json"]


def test_cli_needs_a_scheduler_with_dask(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(REPO / "raw"), "--out", str(tmp_path / "o"), "--executor", "dask"])
    assert exit_.value.code == 2
    assert "--executor dask and --scheduler go together" in capsys.readouterr().err
