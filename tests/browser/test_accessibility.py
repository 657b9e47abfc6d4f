"""Every page type, in French and English: axe-core finds no WCAG 2.1 A/AA violation, charts
are drawn, nothing is requested from another host, focus is visible, and the content is
there without JavaScript."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGE_TYPES = [
    "",
    "donnees/",
    "donnees/gdp/",
    "donnees/issy-budget-climat/",
    "qualite/",
    "accessibilite/",
    "confidentialite/",
    "guide/",
    "budget-climat/",
    "budget-vert/",
    "indicateurs/",
    "energie/",
    "participation/",
]
PAGES = PAGE_TYPES + ["en/" + p for p in PAGE_TYPES]


def run_axe(page, site_url: str) -> list[dict]:
    page.add_script_tag(url=site_url + "assets/vendor/axe.min.js")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))",
        AXE_TAGS,
    )
    return result


@pytest.mark.parametrize("path", PAGES)
def test_page_is_accessible_private_and_drawn(open_page, site_url: str, path: str) -> None:
    watch = open_page(path)
    page = watch.page
    assert page.locator("h1").count() >= 1
    pending = page.locator("[data-tdh-vega]:not([data-tdh-rendered='true'])")
    if page.locator("[data-tdh-vega]").count():
        page.wait_for_function(
            "() => document.querySelectorAll(\"[data-tdh-vega]:not([data-tdh-rendered='true'])\")"
            ".length === 0", timeout=20000)
    assert pending.count() == 0
    assert run_axe(page, site_url) == []
    assert watch.errors == []
    assert watch.external_requests() == []


@pytest.mark.parametrize("path", ["", "donnees/gdp/", "en/donnees/"])
def test_keyboard_focus_is_visible(open_page, path: str) -> None:
    page = open_page(path).page
    for _ in range(3):
        page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, document.activeElement.tagName]; }")
    assert outline[0] != "none" and outline[1] != "0px", outline
