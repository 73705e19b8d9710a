"""Compare the Documents two PDF engines make of one file, ignoring bbox jitter.

Used by ``tests/test_engines.py`` (generated suite, real corpus) and
``bench/engine_parity.py`` (the 188-file archive, too slow for CI). Two
Documents are the same when their JSON trees are equal, except that numbers
under a ``bbox`` may differ by up to :data:`BBOX_TOLERANCE` points: the engines
compute glyph boxes from the same font metrics in different float precision.
"""

from __future__ import annotations

from typing import Any

from pipeline.parse import parse_bytes

BBOX_TOLERANCE = 0.5


def differences(a: Any, b: Any, path: str = "", in_bbox: bool = False) -> list[str]:
    """Paths where two JSON trees differ (bbox numbers within the tolerance are equal)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in a.keys() | b.keys():
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in one")
            else:
                out.extend(differences(a[key], b[key], f"{path}.{key}", in_bbox or key == "bbox"))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} vs {len(b)} items"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]", in_bbox)]
    if in_bbox and isinstance(a, int | float) and isinstance(b, int | float):
        return [] if abs(a - b) <= BBOX_TOLERANCE else [f"{path}: {a} vs {b}"]
    return [] if a == b else [f"{path}: {str(a)[:60]!r} vs {str(b)[:60]!r}"]


def engine_differences(data: bytes, name: str) -> list[str]:
    """What differs between the pdfplumber and the pdfium Document of one PDF."""
    plumber = parse_bytes(data, name, engine="pdfplumber").model_dump(mode="json")
    pdfium = parse_bytes(data, name, engine="pdfium").model_dump(mode="json")
    return sorted(differences(plumber, pdfium))
