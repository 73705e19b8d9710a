"""Generator of varied, realistic Japanese committee papers with their ground truth.

Why: the pipeline has one real sample; these documents vary every axis other
cities vary (body kinds, title forms, era/western/kanji dates, header forms,
numbering styles, ruled or bare material lists, A3 plan tables with vertical
基本理念 and fake-bold rows, multi-page opinion sheets, missing sections) while
knowing exactly which facts a correct parse must find.

    from tests.docgen import generate, suite, big_document, text_of
    doc = generate(7)      # GeneratedDoc: pdf_bytes, facts, name, features
    docs = suite()         # fixed seeds covering every feature in FEATURES
    pdf = big_document(200)

Facts follow the neutral form of shared/corpus/*.expected.json; see
:mod:`.facts` for the conventions where that form leaves a choice open.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from .content import make_materials, make_opinions, make_plan
from .facts import fact_strings, facts_of
from .features import FEATURES, features_of
from .render_agenda import new_agenda_page
from .render_materials import new_materials_page
from .render_opinions import (
    FIRST_CAP,
    NEXT_CAP,
    Line,
    draw_opinion_pages,
    lay_out,
    paginate,
    split_across_pages,
)
from .render_plan import new_plan_page
from .spec import DocSpec, build

__all__ = [
    "FEATURES",
    "GeneratedDoc",
    "big_document",
    "fact_strings",
    "generate",
    "suite",
    "text_of",
]

#: Seeds of :func:`suite`; balanced axes make every block of seeds cover every option.
SUITE_SEEDS = tuple(range(48))


@dataclass(frozen=True)
class GeneratedDoc:
    """One generated document: the PDF, the facts a parse must find, and what it exercises."""

    name: str
    pdf_bytes: bytes
    facts: dict[str, Any]
    features: set[str] = field(default_factory=set)


def _canvas(buf: io.BytesIO, title: str) -> Canvas:
    """A canvas with ``invariant=1`` so the same seed yields byte-identical PDFs."""
    c = Canvas(buf, invariant=1, pageCompression=1)
    c.setTitle(title)
    return c


def _render(spec: DocSpec) -> tuple[bytes, set[str]]:
    """Draw every section of ``spec``; return the PDF and layout-dependent features."""
    buf = io.BytesIO()
    c = _canvas(buf, spec.title)
    extra: set[str] = set()
    numbers = bool(spec.style["page_numbers"])
    if "agenda" in spec.sections:
        new_agenda_page(c, spec)
    if "materials" in spec.sections and spec.style["materials"] != "inline":
        new_materials_page(c, spec)
    if spec.plan:
        new_plan_page(c, spec.plan, spec.plan_label, random.Random(spec.seed), spec.nouns)
    if spec.opinions:
        pages = paginate(
            lay_out(
                spec.opinions, bool(spec.style["opinions_numbered"]), str(spec.style["submitter"])
            )
        )
        extra.add(f"opinions:pages-{min(len(pages), 3)}")
        if split_across_pages(pages):
            extra.add("opinions:split-page")
        note = "当日配布" if spec.seed % 2 else None
        draw_opinion_pages(
            c,
            pages,
            spec.body,
            spec.opinions_label,
            boxed=bool(spec.style["opinion_box"]),
            numbers_from=1 if numbers else None,
            note=note,
        )
        if numbers:
            extra.add("page-numbers")
    c.save()
    return buf.getvalue(), extra


def generate(seed: int) -> GeneratedDoc:
    """The document for ``seed``: deterministic, byte-identical across runs."""
    spec = build(seed)
    pdf, extra = _render(spec)
    kind = {
        "委員会": "iinkai",
        "審議会": "shingikai",
        "協議会": "kyogikai",
        "推進会議": "suishin-kaigi",
        "懇談会": "kondankai",
    }[spec.kind]
    return GeneratedDoc(f"gen-{seed:03d}-{kind}", pdf, facts_of(spec), features_of(spec) | extra)


@lru_cache(maxsize=1)
def _suite() -> tuple[GeneratedDoc, ...]:
    return tuple(generate(s) for s in SUITE_SEEDS)


def suite() -> list[GeneratedDoc]:
    """The fixed test suite (built once per process and cached)."""
    return list(_suite())


def big_document(pages: int, seed: int = 0) -> bytes:
    """A ``pages``-page committee PDF for benchmarks: 次第, 資料一覧, plan tables, opinions.

    One A3 plan table per 12 pages; opinion sheets fill every remaining page.
    """
    if pages < 1:
        raise ValueError("pages must be >= 1")
    spec = build(seed)
    rng = random.Random(seed + 99)
    spec.style.update(materials="ruled", mat_no="plain", header="spaced")
    spec.sections = ("agenda", "materials", "plan", "opinions")
    if not spec.materials:
        spec.materials = make_materials(spec, rng)
    from .content import make_agenda

    spec.agenda = make_agenda(spec, rng)
    buf = io.BytesIO()
    c = _canvas(buf, spec.title)
    left = pages
    for draw in (new_agenda_page, new_materials_page):
        if left > 0:
            draw(c, spec)
            left -= 1
    for i in range(max(1, pages // 12) if left > 1 else 0):
        new_plan_page(
            c,
            make_plan(seed + i, rng, spec.city, spec.plan_name, spec.nouns),
            "資料１",
            rng,
            spec.nouns,
        )
        left -= 1
    if left > 0:
        draw_opinion_pages(
            c,
            _opinion_pages(rng, spec, left),
            spec.body,
            "資料２",
            boxed=True,
            numbers_from=pages - left + 1,
            note=None,
        )
    c.save()
    return buf.getvalue()


def _opinion_pages(rng: random.Random, spec: DocSpec, target: int) -> list[list[Line]]:
    """Exactly ``target`` pages of opinions.

    Opinions are added one at a time (each shorter than a page, so the page count
    grows by at most one per step) until one more would overflow ``target``;
    pagination is only re-run near the end to keep 300 pages fast.
    """
    near = FIRST_CAP + (target - 1) * NEXT_CAP - 2 * NEXT_CAP
    lines: list[Line] = []
    count = 0
    while True:
        op = make_opinions(rng, spec.nouns, spec.style, 1)[0]
        more = lay_out([op], True, "teishutsu", start=count)
        if len(lines) + len(more) >= near and len(paginate(lines + more)) > target:
            return paginate(lines)
        lines += more
        count += 1


def layout_text_of(pdf_bytes: bytes) -> str | None:
    """Text as ``pdftotext -layout`` prints it (poppler-utils); None when pdftotext is not installed.

    The real tool, not an imitation from glyph positions: the point is to read
    what users actually hold, rounding, interleaved rows and fake-bold copies
    included.
    """
    import shutil
    import subprocess

    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    done = subprocess.run(
        [exe, "-layout", "-enc", "UTF-8", "-", "-"], input=pdf_bytes, capture_output=True, check=True, timeout=60
    )
    return done.stdout.decode("utf-8")


def text_of(pdf_bytes: bytes) -> str:
    """Plain text as pdfminer's ``extract_text`` gives it (pages separated by form feeds)."""
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(pdf_bytes))
