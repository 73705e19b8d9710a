"""Outputs are deterministic and the committed parsed/ samples match what the code produces."""

from pathlib import Path

import pytest

from pipeline.batch import render_json
from pipeline.parse import parse_file
from tests.conftest import REPO

RAW = sorted(p for p in (REPO / "raw").iterdir() if p.is_file() and not p.name.startswith("."))


@pytest.mark.parametrize("source", RAW, ids=lambda p: p.name)
def test_committed_output_is_fresh(source: Path) -> None:
    committed = REPO / "parsed" / f"{source.stem}.json"
    assert committed.exists(), f"parsed/{committed.name} missing: run `python -m pipeline run`"
    assert committed.read_text(encoding="utf-8") == render_json(parse_file(source)), (
        f"parsed/{committed.name} is stale: run `python -m pipeline run --force`"
    )


@pytest.mark.parametrize("source", RAW, ids=lambda p: p.name)
def test_same_input_gives_byte_identical_json(source: Path, tmp_path: Path) -> None:
    first = render_json(parse_file(source))
    copy = tmp_path / "elsewhere" / source.name
    copy.parent.mkdir()
    copy.write_bytes(source.read_bytes())
    second = render_json(parse_file(copy))
    assert first == second
    assert str(REPO) not in first and str(tmp_path) not in second
