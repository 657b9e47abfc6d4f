"""Browser fixtures: the demo site served on 127.0.0.1 and Debian's chromium via Playwright."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator.build import build_site
from generator.settings import load_settings
from tests.conftest import CORPUS, ROOT, make_project

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo packages plus one corpus package, built once for all browser tests."""
    project = make_project(tmp_path_factory.mktemp("browser") / "project")
    for package in (ROOT / "datapackages").iterdir():
        if package.is_dir():
            shutil.copytree(package, project / "datapackages" / package.name)
    shutil.copytree(CORPUS / "real" / "gdp", project / "datapackages" / "gdp")
    result = build_site(load_settings(project / "mkdocs.yml"))
    assert result.ok
    return project / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(demo_site: Path):
    """Serve the built site on a free loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(demo_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (Playwright cannot download browsers here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run `make test` (it installs it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """A page with its console errors and the hosts of every request it made."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def external_requests(self) -> list[str]:
        return [u for u in self.requests
                if not u.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))]


@pytest.fixture
def open_page(browser, site_url):
    """Open a site path in a fresh context; yields a function returning a PageWatch."""
    contexts = []

    def opener(path: str, *, javascript: bool = True, width: int = 1280) -> PageWatch:
        context = browser.new_context(java_script_enabled=javascript,
                                      viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch(page)
        page.goto(site_url + path, wait_until="networkidle")
        return watch

    yield opener
    for context in contexts:
        context.close()
