"""Review page: a parsed document drawn over its source, in one static HTML file.

``python -m pipeline review parsed/X.json [--pdf raw/X.pdf] --out review/`` writes
``review/X.html`` and, for PDF input, the page images in ``review/X.pages/``. The
file needs no server and no network (CSS and script inline), so it can be
mailed or opened from a share.

Modules: :mod:`.elements` finds every element with a provenance in the JSON,
:mod:`.place` places what has no rectangle, :mod:`.pages` renders the pages,
:mod:`.render` writes the HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.batch import sha256_file
from pipeline.jsonfile import read_json
from pipeline.review.elements import Element, collect

__all__ = ["ReviewError", "find_source", "write_review"]


class ReviewError(Exception):
    """One line naming the file and what is wrong, for the command line."""


def _load(json_path: Path) -> dict[str, Any]:
    try:
        doc = read_json(json_path)
    except ValueError as exc:
        raise ReviewError(f"{json_path}: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("source"), dict) or "file_name" not in doc["source"]:
        raise ReviewError(f"{json_path}: not a parsed document (no source.file_name)")
    return doc


def find_source(json_path: Path, doc: dict[str, Any]) -> Path:
    """The input the JSON was parsed from: beside the JSON, in ``raw/`` beside its folder, or in ``./raw/``."""
    name = Path(str(doc["source"]["file_name"])).name
    candidates = [json_path.parent / name, json_path.parent.parent / "raw" / name, Path("raw") / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ReviewError(f"{json_path}: source {name} not found beside it or in raw/; give it with --pdf")


def _check_source(source: Path, doc: dict[str, Any]) -> None:
    try:
        sha = sha256_file(source)  # streamed: a 2,000-page source is never held whole
    except OSError as exc:
        raise ReviewError(f"{source}: cannot be read: {exc.strerror or exc}") from None
    expected = doc["source"].get("sha256")
    if expected and sha != expected:
        raise ReviewError(f"{source}: not the file this JSON was parsed from (sha256 differs)")


def write_review(json_path: Path, out_dir: Path, source: Path | None = None) -> Path:
    """Write the review page of ``json_path``; returns the HTML file. Raises :class:`ReviewError`."""
    from pipeline.index import atomic_write
    from pipeline.review.pages import render_pdf, text_pages
    from pipeline.review.place import mark_spans, repair_box
    from pipeline.review.render import render_html

    doc = _load(json_path)
    source = source or find_source(json_path, doc)
    _check_source(source, doc)
    elements = collect(doc)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / f"{json_path.stem}.html"
    if doc["source"].get("kind") == "text":
        texts, located = mark_spans(text_pages(source), elements)
        html = render_html(doc, elements, texts=texts, located=located)
    else:
        folder = f"{json_path.stem}.pages"
        try:
            images = render_pdf(source, out_dir / folder, folder, str(doc["source"].get("sha256") or ""))
        except Exception as exc:  # PDFium raises its own error types for damaged files
            raise ReviewError(f"{source}: cannot be rendered: {exc}") from None
        boxes: dict[int, list[tuple[Element, tuple[float, float, float, float]]]] = {}
        for element in elements:
            places = [(p.page, p.bbox) for p in element.places if p.bbox]
            if element.kind == "repair" and not places and element.places:
                found = repair_box(element, elements)
                places = [(element.places[0].page, found)] if found else []
            for page, bbox in places:
                if bbox and 1 <= page <= len(images):
                    boxes.setdefault(page, []).append((element, bbox))
        located = {e.id for page_boxes in boxes.values() for e, _ in page_boxes}
        html = render_html(doc, elements, images=images, boxes=boxes, located=located)
    atomic_write(html_path, html)
    return html_path
