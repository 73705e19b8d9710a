"""The review page in a real browser: Debian's chromium driven by Playwright.

Playwright's own browser download is not reachable here, so the test launches the
system chromium by path (``executable_path``); it skips, saying why, when chromium
or the playwright package is missing (``.ci/run`` installs both).

Expected boxes are counted from the JSON by walking it here, by hand, not with the
review's own element walker: every plan item (goal, policy, measure, ※ note) and
every opinion must be a box with its kind, page and JSON path as id.
Screenshots land in tests/artefacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.parse import parse_file
from pipeline.review import write_review
from tests.conftest import REPO, corpus_file

ARTEFACTS = REPO / "tests" / "artefacts"
SEED = REPO / "raw" / "generated-shingikai-024.pdf"


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("no chromium on PATH (apt-get install chromium): the review page is not browser-tested")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install '.[review]')")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


def _plan_items(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(id, kind, node) of every plan goal/policy/measure and ※ note, by walking the JSON."""
    out: list[tuple[str, str, dict[str, Any]]] = []

    def node(item: dict[str, Any], path: str) -> None:
        out.append((path, f"plan_{item['level']}", item))
        for i, note in enumerate(item.get("notes", [])):
            out.append((f"{path}.notes.{i}", "plan_note", note))
        for i, child in enumerate(item.get("children", [])):
            node(child, f"{path}.children.{i}")

    for s, structure in enumerate(doc["plans"]):
        for p, plan in enumerate(structure["plans"]):
            for g, goal in enumerate(plan["goals"]):
                node(goal, f"plans.{s}.plans.{p}.goals.{g}")
    return out


def _review(source: Path, tmp_path: Path) -> tuple[dict[str, Any], Path]:
    doc = parse_file(source)
    json_path = tmp_path / f"{source.stem}.json"
    json_path.write_text(doc.model_dump_json(), encoding="utf-8")
    return json.loads(json_path.read_text("utf-8")), write_review(json_path, tmp_path / "review", source)


@pytest.mark.parametrize("which", ["seed", "corpus"])
def test_review_page_has_a_box_per_plan_item_and_opinion(browser: Any, tmp_path: Path, which: str) -> None:
    source = SEED if which == "seed" else corpus_file("synthetic/koganei-welfare-2023-02.pdf")
    doc, html = _review(source, tmp_path)
    expected = _plan_items(doc) + [(f"opinions.{i}", "opinion", o) for i, o in enumerate(doc["opinions"])]
    assert len([e for e in expected if e[1] == "opinion"]) >= 5
    assert len([e for e in expected if e[1].startswith("plan_")]) >= 20

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(html.as_uri())
    boxes = page.eval_on_selector_all(
        ".box", "els => els.map(e => [e.dataset.id, e.dataset.kind, Number(e.dataset.page)])")
    found = {(i, k, p) for i, k, p in boxes}
    missing = [(i, k, n["provenance"]["page"]) for i, k, n in expected
               if (i, k, n["provenance"]["page"]) not in found]
    assert missing == []

    # Clicking a tree node highlights its box (and only the boxes of that element)
    # and scrolls it into view.
    target, kind, _node = next(e for e in expected if e[1] == "plan_measure")
    page.click(f'a.node[data-target="{target}"]')
    lit = page.eval_on_selector_all(".box.hl", "els => els.map(e => e.dataset.id)")
    assert lit and set(lit) == {target}
    assert page.eval_on_selector(f'.box[data-id="{target}"]', """e => {
        const r = e.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0 && r.height > 0;
    }""")
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"review-{source.stem}.png"))
    assert errors == []
    page.close()


def test_review_page_keyboard_pages_and_kind_filter(browser: Any, tmp_path: Path) -> None:
    doc, html = _review(SEED, tmp_path)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(html.as_uri())
    top = 'e => Math.round(e.getBoundingClientRect().top - document.getElementById("pages").getBoundingClientRect().top)'
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert abs(page.eval_on_selector("#page-3", top)) <= 1  # page 3 now starts at the top of the pages pane
    page.wait_for_function("document.getElementById('pos').textContent.startsWith('page 3 /')")
    page.keyboard.press("k")
    assert abs(page.eval_on_selector("#page-2", top)) <= 1

    # Key 1 toggles the first kind of the legend: its boxes disappear, the others stay.
    first = page.eval_on_selector("#legend input", "e => e.dataset.kind")
    visible = f'els => els.filter(e => e.dataset.kind === "{first}" && e.offsetParent !== null).length'
    assert page.eval_on_selector_all(".box", visible) > 0
    page.keyboard.press("1")
    assert page.eval_on_selector_all(".box", visible) == 0
    assert page.eval_on_selector_all(".box", "els => els.filter(e => e.offsetParent !== null).length") > 0
    page.keyboard.press("1")
    assert page.eval_on_selector_all(".box", visible) > 0

    # Hovering a box shows its kind, label and text.
    box = page.locator('.box[data-id="opinions.0"]')
    box.scroll_into_view_if_needed()
    box.hover()
    tip = page.locator("#tip")
    assert tip.is_visible()
    opinion = doc["opinions"][0]
    assert "opinion" in tip.inner_text() and opinion["text"][:10] in tip.inner_text()
    page.close()
