"""Dataset pages and the catalogue in Debian chromium: charts drawn, offline, searchable."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["donnees/issy-energie-batiments/",
                                  "en/donnees/issy-energie-batiments/",
                                  "donnees/issy-budget-climat/"])
def test_dataset_chart_is_drawn_without_errors(open_page, path: str) -> None:
    watch = open_page(path)
    page = watch.page
    page.wait_for_selector("[data-tdh-rendered='true']", timeout=15000)
    views = page.locator("[data-tdh-vega]")
    assert views.count() >= 1
    assert page.locator("[data-tdh-vega]:not([data-tdh-rendered='true'])").count() == 0
    assert page.locator("[data-tdh-rendered='true'] svg .mark-line, "
                        "[data-tdh-rendered='true'] svg .mark-rect").count() >= 1
    assert watch.errors == []
    assert watch.external_requests() == []


def test_static_svg_and_table_without_javascript(open_page) -> None:
    watch = open_page("donnees/issy-energie-batiments/", javascript=False)
    page = watch.page
    assert page.locator("figure.tdh-chart svg").count() >= 1
    assert page.locator("figure.tdh-chart details table tbody tr").count() >= 1


def test_pages_without_charts_load_no_vega(open_page) -> None:
    watch = open_page("donnees/")
    assert not [u for u in watch.requests if "vega" in u]


def test_catalogue_search_and_theme_filter(open_page) -> None:
    page = open_page("donnees/").page
    total = page.locator("li.tdh-card").count()
    assert total >= 6
    page.fill("#tdh-search", "budget vert")
    assert page.locator("li.tdh-card:visible").count() == 1
    assert page.inner_text("#tdh-count") == "1"
    page.fill("#tdh-search", "zzzz-nothing")
    assert page.locator("li.tdh-card:visible").count() == 0
    assert page.locator("#tdh-no-results").is_visible()
    page.fill("#tdh-search", "")
    page.select_option("#tdh-theme", "kpis")
    assert page.locator("li.tdh-card:visible").count() == 1
