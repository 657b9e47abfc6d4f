"""MkDocs' Markdown conversions and search entries are cached by their inputs; warnings are
never cached away."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.cache import BuildCache, using

pytestmark = pytest.mark.slow


def mkdocs(project: Path, site: str) -> BuildCache:
    """One MkDocs build of `project` into `site`, with the project's build cache active."""
    cache = BuildCache(project / ".tdh-cache")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / site))
    with using(cache):
        mkdocs_build(config)
    return cache


def html_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*.html"))}


def test_a_second_build_converts_no_page_and_writes_the_same_html(project: Path) -> None:
    first = mkdocs(project, "first")
    assert first.stats["page-html:hit"] == 0 and first.stats["page-search:hit"] == 0
    converted = first.stats["page-html:miss"]
    indexed = first.stats["page-search:miss"]
    assert converted > 10 and indexed > 10  # the hand-written pages, in both languages
    second = mkdocs(project, "second")
    assert second.stats["page-html:hit"] == converted and second.stats["page-html:miss"] == 0
    assert second.stats["page-search:hit"] == indexed
    assert second.stats["page-search:miss"] == 0
    assert html_of(project / "first") == html_of(project / "second")
    index = "search/search_index.json"
    assert (project / "first" / index).read_bytes() == (project / "second" / index).read_bytes()


def test_an_edited_page_is_converted_again(project: Path) -> None:
    mkdocs(project, "first")
    page = project / "docs" / "confidentialite.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n",
                    encoding="utf-8")
    again = mkdocs(project, "second")
    assert again.stats["page-html:miss"] == 1 and again.stats["page-search:miss"] == 1
    assert "Une phrase ajoutée." in (project / "second" / "confidentialite" / "index.html"
                                     ).read_text(encoding="utf-8")
    index = (project / "second" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Une phrase ajout\\u00e9e." in index  # JSON escapes non-ASCII


def test_a_page_that_warns_warns_on_every_build(project: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    (project / "docs" / "lien.md").write_text("# Lien\n\n[perdu](absent.md)\n",
                                              encoding="utf-8")
    for site in ("first", "second"):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            mkdocs(project, site)
        assert any("absent.md" in record.getMessage() for record in caplog.records), site


def test_an_extension_that_may_read_other_files_turns_the_cache_off(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("markdown_extensions:\n",
                                   "markdown_extensions:\n  - pymdownx.snippets\n", 1),
                      encoding="utf-8")
    cache = mkdocs(project, "first")
    assert not any(key.startswith("page-html") for key in cache.stats)
    assert not (project / ".tdh-cache" / "page-html").exists()
