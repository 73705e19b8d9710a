"""Batch runner: discovery, naming, incremental runs, index, shards, time limits."""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path

import pytest
from test_batch_support import fake_parse, outputs, write_inputs

from pipeline import batch, index
from pipeline.batch import BatchOptions, Shard, discover, output_names, run_batch
from pipeline.index import INDEX_NAME, load_index
from pipeline.models import SCHEMA_VERSION, Document


def run(raw: Path, out: Path, parse=fake_parse, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("jobs", 1)
    return run_batch([raw], BatchOptions(out_dir=out, **kw), parse=parse)


def statuses(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {r.entry.path: r.entry.status for r in report.results}


# ---------------------------------------------------------------- discovery and names


def test_discover_is_recursive_sorted_and_filters_suffixes(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {"b.pdf": "x", "a.txt": "x", "sub/c.PDF": "x", "notes.md": "x", "z/y.doc": "x"})
    (raw / "dir.pdf").mkdir()  # a directory named like an input is searched, not parsed
    (raw / "dir.pdf" / "inner.txt").write_text("x")
    (raw / "loop").symlink_to(raw, target_is_directory=True)  # must not hang
    assert [i.rel for i in discover([raw])] == ["a.txt", "b.pdf", "dir.pdf/inner.txt", "sub/c.PDF"]


def test_discover_takes_files_given_directly_and_dedupes(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {"a.txt": "x", "b.txt": "x"})
    found = discover([raw / "b.txt", raw, raw / "b.txt"])
    assert [i.rel for i in found] == ["a.txt", "b.txt"]


def test_output_names_only_disambiguate_collisions() -> None:
    names = output_names(["a.pdf", "a.txt", "b.pdf", "x/c.pdf", "y/c.pdf", "y/d.txt", "A.TXT.pdf"])
    assert names == {
        "a.pdf": "a.pdf.json",
        "a.txt": "a.txt.json",
        "b.pdf": "b.json",
        "x/c.pdf": "x__c.pdf.json",
        "y/c.pdf": "y__c.pdf.json",
        "y/d.txt": "d.json",
        "A.TXT.pdf": "A.TXT.pdf.json",
    }
    assert len(set(names.values())) == len(names)


def test_stem_collision_writes_both_files(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {"a.pdf": "one\n", "a.txt": "two\nlines\n"})
    run(raw, tmp_path / "out")
    pdf = json.loads((tmp_path / "out" / "a.pdf.json").read_text())
    txt = json.loads((tmp_path / "out" / "a.txt.json").read_text())
    assert (pdf["source"]["file_name"], txt["source"]["file_name"]) == ("a.pdf", "a.txt")
    assert not (tmp_path / "out" / "a.json").exists()


def test_new_collision_renames_and_removes_the_old_output(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {"a.pdf": "one\n"})
    out = tmp_path / "out"
    run(raw, out)
    assert (out / "a.json").exists()
    write_inputs(raw, {"a.txt": "two\n"})
    run(raw, out)
    assert sorted(p.name for p in out.glob("*.json")) == ["a.pdf.json", "a.txt.json"]


# ---------------------------------------------------------------- output files


def test_output_is_the_model_dump_with_stable_formatting(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {"会議.txt": "一\n二\n"})
    run(raw, tmp_path / "out")
    text = (tmp_path / "out" / "会議.json").read_text("utf-8")
    doc = Document.model_validate_json(text)
    assert text == json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert "会議.txt" in text  # not \\u escaped
    assert list(json.loads(text)) == list(Document.model_fields)


def test_failures_are_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {"a.txt": "ok\n", "b.txt": "FAIL not a PDF file", "c.txt": "BOOM", "d.txt": "ok\n"})
    report = run(raw, tmp_path / "out")
    errors = {r.entry.path: r.entry.error for r in report.results}
    assert errors == {
        "a.txt": None,
        "b.txt": "not a PDF file",
        "c.txt": "internal error: RuntimeError: boom with a second line",
        "d.txt": None,
    }
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["a.json", "d.json"]


def test_a_file_that_now_fails_loses_its_old_output(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {"a.txt": "ok\n"})
    out = tmp_path / "out"
    run(raw, out)
    write_inputs(raw, {"a.txt": "FAIL truncated or corrupt PDF: no xref"})
    report = run(raw, out)
    assert statuses(report) == {"a.txt": "failed"}
    assert not (out / "a.json").exists()


# ---------------------------------------------------------------- incremental runs and the index


def test_second_run_skips_unchanged_files_and_redoes_changed_ones(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {"a.txt": "1\n", "b.txt": "1\n", "c.txt": "FAIL bad"})
    out = tmp_path / "out"
    first = run(raw, out)
    assert statuses(first) == {"a.txt": "ok", "b.txt": "ok", "c.txt": "failed"}
    write_inputs(raw, {"b.txt": "1\n2\n"})
    second = run(raw, out)
    assert statuses(second) == {"a.txt": "skipped", "b.txt": "ok", "c.txt": "failed"}
    assert load_index(out)["b.txt"].pages == 2
    (out / "a.json").unlink()
    assert statuses(run(raw, out)) == {"a.txt": "ok", "b.txt": "skipped", "c.txt": "failed"}
    assert statuses(run(raw, out, force=True)) == {"a.txt": "ok", "b.txt": "ok", "c.txt": "failed"}


def test_a_new_pipeline_version_redoes_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = write_inputs(tmp_path / "raw", {"a.txt": "1\n"})
    out = tmp_path / "out"
    run(raw, out)
    monkeypatch.setattr(batch, "pipeline_version", lambda engine="pdfplumber": "9.9.9+schema.9")
    assert statuses(run(raw, out)) == {"a.txt": "ok"}
    assert load_index(out)["a.txt"].version == "9.9.9+schema.9"


def test_pipeline_version_names_code_and_schema() -> None:
    import pipeline

    assert index.schema_version() == SCHEMA_VERSION
    assert index.pipeline_version() == f"{pipeline.__version__}+schema.{SCHEMA_VERSION}"


def test_index_lines_are_sorted_complete_and_merged_across_runs(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {"b.txt": "1\n2\n", "a.txt": "FAIL encrypted: a password is required", "sub/c.txt": "1\n"})
    out = tmp_path / "out"
    run(raw, out)
    lines = [json.loads(line) for line in (out / INDEX_NAME).read_text("utf-8").splitlines()]
    assert [e["path"] for e in lines] == ["a.txt", "b.txt", "sub/c.txt"]
    assert {"path", "sha256", "status", "output", "pages", "warnings", "error", "version"} <= set(lines[0])
    assert lines[0]["status"] == "failed" and lines[0]["output"] is None
    assert lines[1] | {"version": ""} == lines[1] | {
        "status": "ok", "output": "b.json", "pages": 2, "warnings": 0, "error": None, "version": "",
    }
    # a run over one file keeps the others' entries
    run_batch([raw / "b.txt"], BatchOptions(out_dir=out, jobs=1, force=True), parse=fake_parse)
    assert [json.loads(x)["path"] for x in (out / INDEX_NAME).read_text().splitlines()] == ["a.txt", "b.txt", "sub/c.txt"]


def test_an_index_line_is_every_field_in_declaration_order_and_reads_back() -> None:
    entry = index.IndexEntry(path="委員会/a.pdf", sha256="0" * 64, status="ok", output="a.json", kind="pdf", pages=3,
                             sections=["minutes", "agenda"], repairs=2, warnings=1, warning_codes=["blank_page"])
    line = entry.to_json()
    assert line == json.dumps(dataclasses.asdict(entry), ensure_ascii=False)  # the bytes the index always had
    assert list(json.loads(line)) == [f.name for f in dataclasses.fields(index.IndexEntry)]
    assert index.IndexEntry.from_dict(json.loads(line)) == entry


def test_checkpoints_wait_longer_when_the_index_is_slow_to_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = write_inputs(tmp_path / "raw", {f"{i}.txt": "1\n" for i in range(6)})
    writes: list[int] = []
    real = batch.write_index

    def slow_write(out_dir: Path, entries: dict[str, index.IndexEntry]) -> None:
        writes.append(len(entries))
        time.sleep(0.2)  # a checkpoint that takes 0.2 s: the next one waits ≥ 4 s
        real(out_dir, entries)

    monkeypatch.setattr(batch, "_CHECKPOINT_S", 0.0)
    monkeypatch.setattr(batch, "write_index", slow_write)
    run(raw, tmp_path / "out")
    assert writes == [1, 6]  # one checkpoint after the first file, then only the final write
    assert len((tmp_path / "out" / INDEX_NAME).read_text("utf-8").splitlines()) == 6


def test_corrupt_index_lines_are_ignored(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {"a.txt": "1\n"})
    out = tmp_path / "out"
    run(raw, out)
    with (out / INDEX_NAME).open("a") as fh:
        fh.write('{"path": "broken"\n')
    assert statuses(run(raw, out)) == {"a.txt": "skipped"}


def test_stale_temp_files_of_dead_writers_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = out / ".a.json.999999999.abcd1234.tmp"
    dead.write_text("{half")
    live = out / f".b.json.{os.getpid()}.abcd1234.tmp"
    live.write_text("{half")
    run(write_inputs(tmp_path / "raw", {}), out)
    assert not dead.exists() and live.exists()


# ---------------------------------------------------------------- shards and workers


def test_shards_are_disjoint_cover_everything_and_match_a_full_run(tmp_path: Path) -> None:
    files = {f"d{i % 3}/f{i}.txt": "x\n" * (i + 1) for i in range(40)} | {"d0/f1.pdf": "pdf\n"}
    raw = write_inputs(tmp_path / "raw", files)
    run(raw, tmp_path / "full")
    seen: list[str] = []
    for i in (1, 2, 3):
        report = run(raw, tmp_path / f"shard{i}", shard=Shard(i, 3))
        seen += [r.entry.path for r in report.results]
        assert report.results, "a shard of 41 files should not be empty"
        for name, data in outputs(tmp_path / f"shard{i}").items():
            if name != INDEX_NAME:
                assert data == (tmp_path / "full" / name).read_bytes()
    assert sorted(seen) == sorted(files)


def test_shard_parsing() -> None:
    assert Shard.parse("2/5") == Shard(2, 5)
    for bad in ("0/3", "4/3", "1", "a/b", "1/0"):
        with pytest.raises(ValueError):
            Shard.parse(bad)


def test_worker_pool_gives_the_same_outputs_as_in_process(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {f"f{i}.txt": "x\n" * i for i in range(1, 12)} | {"bad.txt": "BOOM"})
    one = run(raw, tmp_path / "one", jobs=1)
    many = run(raw, tmp_path / "many", jobs=3)
    assert outputs(tmp_path / "one") == outputs(tmp_path / "many")
    assert [r.entry for r in one.results] == [r.entry for r in many.results]


@pytest.mark.parametrize("jobs", [1, 2])
def test_timeout_fails_the_file_and_the_batch_goes_on(tmp_path: Path, jobs: int) -> None:
    raw = write_inputs(tmp_path / "raw", {"a.txt": "1\n", "slow.txt": "SLEEP 30", "z.txt": "1\n"})
    start = time.monotonic()
    report = run(raw, tmp_path / "out", jobs=jobs, timeout=1)
    assert time.monotonic() - start < 10
    errors = {r.entry.path: r.entry.error for r in report.results}
    assert errors == {"a.txt": None, "slow.txt": "timed out after 1 s", "z.txt": None}


def test_a_worker_deaf_to_the_alarm_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_KILL_GRACE_S", 0.5)
    raw = write_inputs(tmp_path / "raw", {"a.txt": "1\n", "hang.txt": "HANG", "z.txt": "1\n", "zz.txt": "1\n"})
    start = time.monotonic()
    report = run(raw, tmp_path / "out", jobs=2, timeout=1)
    assert time.monotonic() - start < 10
    assert {r.entry.path: r.entry.error for r in report.results}["hang.txt"] == "timed out after 1 s"
    assert [r.entry.status for r in report.results].count("ok") == 3


def test_a_crashing_worker_fails_only_its_file(tmp_path: Path) -> None:
    def crash(path: Path) -> Document:
        if path.name == "crash.txt":
            os._exit(3)
        return fake_parse(path)

    raw = write_inputs(tmp_path / "raw", {"a.txt": "1\n", "crash.txt": "x", "z.txt": "1\n"})
    report = run(raw, tmp_path / "out", jobs=2, parse=crash)
    errors = {r.entry.path: r.entry.error for r in report.results}
    assert errors == {"a.txt": None, "crash.txt": "internal error: worker process died (exit code 3)", "z.txt": None}


def test_two_files_with_one_relative_path_are_refused_before_any_work(tmp_path: Path) -> None:
    one = write_inputs(tmp_path / "one", {"a.txt": "1\n"})
    two = write_inputs(tmp_path / "two", {"a.txt": "2\n"})
    with pytest.raises(batch.InputClash, match="'a.txt'"):
        run_batch([one, two], BatchOptions(out_dir=tmp_path / "out", jobs=1), parse=fake_parse)
    assert not (tmp_path / "out").exists()


def test_an_output_of_an_earlier_run_is_not_overwritten_by_another_folder(tmp_path: Path) -> None:
    one = write_inputs(tmp_path / "one", {"a.pdf": "1\n"})
    two = write_inputs(tmp_path / "two", {"a.txt": "2\n2\n"})
    out = tmp_path / "out"
    run(one, out)
    before = (out / "a.json").read_bytes()
    report = run(two, out)
    assert report.results[0].entry.error == "output a.json already holds a.pdf from an earlier run; remove that file or use another --out"
    assert (out / "a.json").read_bytes() == before
    assert set(load_index(out)) == {"a.pdf", "a.txt"}


def test_time_limit_off_the_main_thread(tmp_path: Path) -> None:
    """Dask runs tasks in threads: the limit is raised into the thread, and a task that ended in time is left alone."""
    import threading

    def spin(path: Path) -> Document:
        while True:
            pass

    raw = write_inputs(tmp_path / "raw", {"a.txt": "1\n"})
    outcome: dict[str, object] = {}

    def work() -> None:
        task = batch.Task(raw / "a.txt", "a.txt", "a.json", None)
        outcome["slow"] = batch.process(task, tmp_path, spin, 0.5, "v").entry.error
        outcome["fast"] = batch.process(task, tmp_path, fake_parse, 0.2, "v").entry.error
        time.sleep(0.5)  # past the fast task's limit: nothing may fire now
        outcome["after"] = "survived"

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(20)
    assert not thread.is_alive()
    assert outcome == {"slow": "timed out after 0.5 s", "fast": None, "after": "survived"}
