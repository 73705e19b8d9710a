"""The messages a newcomer meets first: wrong file types, empty folders, missing inputs, schema, version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main, program_name
from pipeline.index import INDEX_NAME

REPO = Path(__file__).resolve().parents[1]
SUPPORTED = "supported: PDF, text (UTF-8, Shift_JIS/CP932, EUC-JP)"
TEXT_PAPER = "第1回テスト委員会次第\n\n日時 令和5年7月28日(金) 午後2時\n\n1 開会\n".encode()


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def run_one(tmp_path: Path, name: str, data: bytes) -> dict:  # type: ignore[type-arg]
    """Run ``run <file>`` from another folder than the file's, the way the bug showed."""
    folder = tmp_path / "papers"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    result = cli("run", str(folder / name), "--out", str(tmp_path / f"out-{name}"), "--jobs", "1", "--quiet",
                 cwd=elsewhere)
    entries = [json.loads(line) for line in (tmp_path / f"out-{name}" / INDEX_NAME).read_text("utf-8").splitlines()]
    assert [e["path"] for e in entries] == [name]
    entry = entries[0]
    entry["stderr"], entry["code"] = result.stderr, result.returncode
    return entry


@pytest.mark.parametrize(("name", "data", "what"), [
    ("report.docx", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "ZIP: .docx"),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
    ("notes.md", os.urandom(512) + bytes(16), "binary data"),
    ("blob.bin", bytes(range(256)) * 8, "binary data"),
])
def test_a_file_of_the_wrong_type_gets_one_line_naming_it_and_the_supported_types(
    tmp_path: Path, name: str, data: bytes, what: str
) -> None:
    entry = run_one(tmp_path, name, data)
    assert entry["status"] == "failed" and entry["code"] == 1
    assert "internal error" not in entry["error"]
    assert entry["error"].startswith("unsupported file type") and what in entry["error"] and SUPPORTED in entry["error"]
    assert entry["stderr"] == f"{name}: {entry['error']}\n"


def test_type_is_read_from_the_bytes_not_the_name(tmp_path: Path) -> None:
    # A text file starting with %PDF (a note about PDF headers) is text, whatever its name says.
    entry = run_one(tmp_path, "notes.md", b"%PDF-1.7 is the header of a PDF.\n" + TEXT_PAPER)
    assert entry["status"] == "ok", entry["error"]
    assert entry["kind"] == "text"
    paper = run_one(tmp_path, "paper.dat", TEXT_PAPER)
    assert paper["status"] == "ok" and paper["kind"] == "text"


def test_a_folder_with_nothing_to_parse_says_what_it_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.docx", "b.docx", "sub/c.docx", "d.png"):
        (folder / name).write_bytes(b"x")
    result = cli("run", str(folder), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"No inputs found in {folder} (4 files skipped: .docx ×3, .png ×1)",
        "folders are searched for *.pdf and *.txt; files named directly are always tried"]
    assert not (tmp_path / "out").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("run", str(empty), cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith(f"No inputs found in {empty} (no files)\n")


def test_a_missing_input_outside_the_repo_gets_a_hint_and_run_usage(tmp_path: Path) -> None:
    result = cli("run", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("usage: python -m pipeline run ")
    assert lines[-1] == (f"python -m pipeline run: error: input not found: raw (in {tmp_path}; by default run "
                         "reads raw/ here: run it in the project folder or name what to parse)")


def test_out_that_is_a_file_shows_run_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "taken").write_text("x")
    with pytest.raises(SystemExit):
        main(["run", str(tmp_path), "--out", str(tmp_path / "taken")])
    err = capsys.readouterr().err
    assert " run [-h]" in err.splitlines()[0] and "--out" in err.splitlines()[-1]


def test_schema_without_a_schemas_folder_is_an_error_not_a_new_folder(tmp_path: Path) -> None:
    result = cli("schema", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("usage: python -m pipeline schema ")
    assert f"no schemas/ folder in {tmp_path}" in result.stderr and "--out" in result.stderr
    assert not (tmp_path / "schemas").exists()
    (tmp_path / "schemas").mkdir()
    assert cli("schema", cwd=tmp_path).returncode == 0
    assert (tmp_path / "schemas" / "document.schema.json").is_file()


def test_version_and_program_name(tmp_path: Path) -> None:
    import pipeline

    result = cli("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"python -m pipeline {pipeline.__version__} (JSON schema {pipeline.SCHEMA_VERSION})\n"
    assert program_name("/usr/local/bin/committee-pipeline") == "committee-pipeline"
    assert program_name("/x/pipeline/__main__.py") == "python -m pipeline"
    script = Path(sys.executable).parent / "committee-pipeline"
    if script.exists():  # installed (pip install -e .): the console script names itself
        result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
        assert result.stdout.startswith("usage: committee-pipeline ")
