"""Shared fixtures: where the repo and the optional ../shared corpus are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def corpus_file(relative: str) -> Path:
    """A file of ../shared/corpus, or skip the test cleanly when the corpus is absent."""
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"../shared/corpus/{relative} not present (fresh clone without the shared corpus)")
    return path
