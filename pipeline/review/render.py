"""The review page as one HTML string: header, document tree, pages with boxes.

Everything is inline (CSS and script from ``review.css``/``review.js`` beside this
module), so the file opens from disk with no server and no network. Boxes are
written into the HTML rather than created by the script: they can be queried
(``[data-kind][data-page][data-id]``) as soon as the file is parsed, and a DOM of a
few thousand absolutely positioned divs costs far less than the images, which
are what loads lazily (``loading="lazy"``; the script's IntersectionObserver
only tracks the page in view for the keyboard).

Boxes are positioned in percent of the page, so the page can be any width.
Bigger boxes come first in each page, so smaller ones lie on top and get the hover.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from html import escape
from importlib.resources import files
from typing import Any
from urllib.parse import quote

from pipeline.review.elements import Element, warning_pages
from pipeline.review.pages import PageImage
from pipeline.review.place import PageText

# Colour of each known kind; a kind not listed gets a stable colour from its name.
COLOURS: dict[str, str] = {
    "meeting": "#1f77b4",
    "agenda": "#2ca02c",
    "agenda_item": "#2ca02c",
    "material": "#17becf",
    "plan_table": "#7f7f7f",
    "plan": "#8c564b",
    "plan_goal": "#d62728",
    "plan_policy": "#ff7f0e",
    "plan_measure": "#b8a600",
    "plan_note": "#e377c2",
    "context": "#9467bd",
    "opinion": "#0050d0",
    "speech": "#008060",
    "minutes": "#5f9ea0",
    "roster": "#6b8e23",
    "member": "#6b8e23",
    "people_group": "#4682b4",
    "person": "#4682b4",
    "text": "#888888",
    "repair": "#ff00ff",
}
_TIP_CHARS = 600


def colour(kind: str) -> str:
    if kind in COLOURS:
        return COLOURS[kind]
    hue = int(hashlib.sha256(kind.encode()).hexdigest()[:4], 16) % 360
    return f"hsl({hue} 70% 40%)"


def _asset(name: str) -> str:
    return files("pipeline.review").joinpath(name).read_text("utf-8")


def _attrs(element: Element, page: int) -> str:
    return f'data-kind="{escape(element.kind)}" data-page="{page}" data-id="{escape(element.id)}"'


def _pct(value: float, whole: float) -> str:
    return f"{100 * value / whole:.3f}%"


def _image_page(image: PageImage, boxes: list[tuple[Element, tuple[float, float, float, float]]]) -> str:
    w, h = image.width, image.height
    parts = []
    for element, (x0, top, x1, bottom) in sorted(boxes, key=lambda b: -(b[1][2] - b[1][0]) * (b[1][3] - b[1][1])):
        style = (f"left:{_pct(x0, w)};top:{_pct(top, h)};"
                 f"width:{_pct(max(x1 - x0, 1.0), w)};height:{_pct(max(bottom - top, 1.0), h)}")
        parts.append(f'<div class="box" {_attrs(element, image.number)} style="{style}"></div>')
    return (f'<div class="sheet" style="aspect-ratio:{w:.2f}/{h:.2f};max-width:{w * 1.4:.0f}px">'
            f'<img loading="lazy" decoding="async" src="{escape(quote(image.file))}" width="{image.px_width}" '
            f'height="{image.px_height}" alt="page {image.number}">{"".join(parts)}</div>')


def _text_page(number: int, page: PageText) -> str:
    """The page text with each span as a <mark>; spans nest or are disjoint (see PageText)."""
    events: list[tuple[int, int, int, str]] = []  # (offset, order, tie, html)
    for i, span in enumerate(page.spans):
        events.append((span.start, 1, -span.end * 10_000 + i, f'<mark class="box" {_attrs(span.element, number)}>'))
        events.append((span.end, 0, -span.start * 10_000 - i, "</mark>"))
    events.sort()
    out, at = [], 0
    for offset, _order, _tie, tag in events:
        out.append(escape(page.text[at:offset]))
        out.append(tag)
        at = offset
    out.append(escape(page.text[at:]))
    return f'<pre class="sheet text">{"".join(out)}</pre>'


def _tree(elements: list[Element], located: set[str]) -> str:
    children: dict[str | None, list[Element]] = defaultdict(list)
    groups: dict[str, list[Element]] = defaultdict(list)
    for e in elements:
        (children[e.parent] if e.parent else groups[e.group]).append(e)

    def node(e: Element) -> str:
        label = f"<b>{escape(e.label)}</b> " if e.label else ""
        text = e.text.replace("\n", " ")
        short = text if len(text) <= 60 else text[:59] + "…"
        pages = sorted({p.page for p in e.places})
        links = " ".join(f'<a class="pg" href="#page-{p}">p.{p}</a>' for p in pages)
        missing = "" if e.id in located else ' nobox" title="no box: not located on the page'
        sub = "".join(node(c) for c in children.get(e.id, []))
        return (f'<li><a href="#" class="node{missing}" data-target="{escape(e.id)}" data-kind="{escape(e.kind)}">'
                f'<span class="sw"></span><i>{escape(e.kind)}</i> {label}{escape(short)}</a> {links}'
                + (f"<ul>{sub}</ul>" if sub else "") + "</li>")

    out = []
    for group, members in groups.items():
        count = sum(1 for e in elements if e.group == group)
        out.append(f'<details open><summary>{escape(group)} ({count})</summary><ul>'
                   + "".join(node(e) for e in members) + "</ul></details>")
    return "".join(out)


def _legend(elements: list[Element]) -> str:
    counts: dict[str, int] = {}
    for e in elements:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    items = []
    for i, (kind, n) in enumerate(counts.items()):
        key = f"<kbd>{i + 1}</kbd>" if i < 9 else ""
        items.append(f'<label class="kind" data-kind="{escape(kind)}"><input type="checkbox" checked '
                     f'data-kind="{escape(kind)}"><span class="sw"></span>{key}{escape(kind)} ({n})</label>')
    return "".join(items)


def _warnings(warnings: list[dict[str, Any]]) -> str:
    """One line per warning code (a scanned file has one warning per page), each with
    links to its pages; the messages themselves one click away."""
    if not warnings:
        return '<p class="ok">No warnings.</p>'
    by_code: dict[str, list[dict[str, Any]]] = {}
    for w in warnings:
        by_code.setdefault(str(w.get("code", "")), []).append(w)
    rows = []
    for code, group in by_code.items():
        pages = sorted({p for w in group for p in warning_pages(w)})
        links = " ".join(f'<a href="#page-{p}">p.{p}</a>' for p in pages)
        first = escape(str(group[0].get("message", "")))
        if len(group) == 1:
            rows.append(f"<li><code>{escape(code)}</code> {first} {links}</li>")
            continue
        messages = "".join(f"<li>{escape(str(w.get('message', '')))}</li>" for w in group)
        rows.append(f"<li><details><summary><code>{escape(code)}</code> ×{len(group)} {links}</summary>"
                    f"<ul>{messages}</ul></details></li>")
    return f'<details class="warnings" open><summary>Warnings ({len(warnings)})</summary><ul>{"".join(rows)}</ul></details>'


def _page_kinds(sections: Iterable[Any]) -> dict[int, list[str]]:
    kinds: dict[int, list[str]] = defaultdict(list)
    for s in sections:
        if isinstance(s, dict):
            for p in s.get("pages") or []:
                if isinstance(p, int):
                    kinds[p].append(str(s.get("kind", "")) + (f" ({s['label']})" if s.get("label") else ""))
    return kinds


def render_html(
    doc: dict[str, Any],
    elements: list[Element],
    *,
    images: list[PageImage] | None = None,
    texts: list[PageText] | None = None,
    boxes: dict[int, list[tuple[Element, tuple[float, float, float, float]]]] | None = None,
    located: set[str],
) -> str:
    """The page for PDF input (``images`` and ``boxes`` by page) or text input (``texts``)."""
    source = doc.get("source") or {}
    name = str(source.get("file_name", "document"))
    page_kinds = _page_kinds(doc.get("sections") or [])
    sections = []
    count = len(images) if images is not None else len(texts or [])
    for i in range(count):
        number = i + 1
        head = f'<div class="pagehead">p.{number} <span>{escape(", ".join(page_kinds.get(number, [])))}</span></div>'
        body = (_image_page(images[i], (boxes or {}).get(number, [])) if images is not None
                else _text_page(number, (texts or [])[i]))
        sections.append(f'<section class="page" id="page-{number}" data-page="{number}">{head}{body}</section>')
    info = {e.id: [e.kind, e.label, e.text[:_TIP_CHARS]] for e in elements}
    info_json = json.dumps(info, ensure_ascii=False).replace("<", "\\u003c")
    kind_css = "".join(f'[data-kind="{escape(k)}"]{{--c:{colour(k)}}}' for k in dict.fromkeys(e.kind for e in elements))
    meta = f"{escape(str(source.get('kind', '')))}, {count} pages, schema {escape(str(doc.get('schema_version', '')))}"
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>review: {escape(name)}</title>
<style>{_asset("review.css")}{kind_css}</style>
<style id="filters"></style></head>
<body>
<header id="top"><h1>{escape(name)} <small>{meta}</small> <span id="pos">page 1 / {count}</span></h1>
<div id="legend">{_legend(elements)}</div>
<p class="help">Keys: <kbd>j</kbd>/<kbd>k</kbd> or <kbd>→</kbd>/<kbd>←</kbd> next / previous page,
<kbd>1</kbd>–<kbd>9</kbd> show or hide a kind, <kbd>Esc</kbd> clear the highlight. Click a tree node to find its box.</p>
{_warnings([w for w in doc.get("warnings") or [] if isinstance(w, dict)])}</header>
<main><nav id="tree">{_tree(elements, located)}</nav>
<div id="pages">{"".join(sections)}</div></main>
<div id="tip" hidden></div>
<script type="application/json" id="elements">{info_json}</script>
<script>{_asset("review.js")}</script>
</body></html>
"""
