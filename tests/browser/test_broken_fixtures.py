"""axe-core, served by the site itself, catches an image without alternative text."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import run_axe

pytestmark = pytest.mark.browser


def test_image_without_alt_is_reported(demo_site, open_page, site_url) -> None:
    fixture = demo_site / "broken-fixture.html"
    fixture.write_text('<!doctype html><html lang="fr"><head><meta charset="utf-8">'
                       '<title>Fixture</title></head><body><main><h1>Fixture</h1>'
                       '<img src="assets/images/favicon.png"></main></body></html>')
    try:
        page = open_page("broken-fixture.html").page
        ids = [v["id"] for v in run_axe(page, site_url)]
        assert "image-alt" in ids
    finally:
        fixture.unlink()
