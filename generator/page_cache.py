"""MkDocs' work on each page, cached by everything it reads: the Markdown conversion and
Material's search entries.

A rebuild after one edit of a large site converted the Markdown of every page again: half of
MkDocs' time, for pages whose HTML could not have changed. A page's conversion reads its
Markdown (after the plugins' `on_page_markdown`), its place in the site, the place of every
other file (links are resolved against them), the Markdown extensions and their settings,
and the link validation settings. All of that is the key; the cached result is what
`Page.render` sets: the HTML, the table of contents, the title found in it, the anchors it
holds and the links to other pages' anchors it makes.

Only conversions that logged nothing are kept, so a warning about a link is given again on
every build; and only with extensions that read nothing but the page (an extension that
includes other files would make the key incomplete): with any other extension, nothing is
cached.

Material's search plugin then parses each page's HTML into its index entries, a quarter of
the rest of MkDocs' time; those entries depend on the page's HTML, table of contents, URL,
title and search settings, and are cached under them (`SearchEntries`).
"""

from __future__ import annotations

import logging
from importlib.metadata import version
from typing import Any

from generator.cache import BuildCache, hash_parts

NAMESPACE = "page-html"
SEARCH_NAMESPACE = "page-search"
PURE_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
    "sane_lists", "tables", "toc",
})
"""Python-Markdown's extensions that read only the page (its `extra` parts and `toc`)."""


class _Records(logging.Handler):
    """Counts the log records emitted while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class PageCache:
    """Replaces `page.render` of each page by a cached one (`wrap`, from `on_pre_page`)."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache
        self._context: tuple[Any, str | None] | None = None  # (this build's files, context)

    def wrap(self, page: Any, config: Any, files: Any) -> None:
        """Make `page.render(config, files)` go through the cache, when it can."""
        context = self._build_context(config, files)
        if context is None:
            return
        original = page.render  # the bound method of the class

        def render(config: Any, files: Any) -> None:
            self._render(page, original, context, config, files)

        page.render = render  # an instance attribute: this page only

    def _build_context(self, config: Any, files: Any) -> str | None:
        """The part of the key shared by every page of this build (None: do not cache)."""
        if self._context is not None and self._context[0] is files:
            return self._context[1]
        extensions = config["markdown_extensions"]
        context = None
        if all(isinstance(name, str) and name.removeprefix("markdown.extensions.")
               in PURE_EXTENSIONS for name in extensions):
            places = sorted((f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files)
            context = hash_parts(
                NAMESPACE, version("mkdocs"), version("markdown"), list(extensions),
                repr(sorted((config["mdx_configs"] or {}).items())),
                repr(config["validation"]), config["use_directory_urls"], places,
            )
        self._context = (files, context)  # held, not its id: a later build's could be equal
        return context

    def _render(self, page: Any, original: Any, context: str, config: Any, files: Any) -> None:
        key = hash_parts(context, page.file.src_uri, page.file.dest_uri, page.file.url,
                         page.markdown)
        entry = self.cache.get(NAMESPACE, key)
        if entry is not None and _restore(page, entry, files):
            return
        records = _Records()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(records)
        try:
            original(config, files)
        finally:
            logger.removeHandler(records)
        if records.count == 0:
            self.cache.put(NAMESPACE, key, _entry(page))


def _entry(page: Any) -> dict[str, Any]:
    links = getattr(page, "links_to_anchors", None)
    return {
        "content": page.content,
        "toc": page.toc,
        "title": page._title_from_render,
        "anchors": page.present_anchor_ids,
        "links": None if links is None else {
            target.src_uri: dict(anchors) for target, anchors in links.items()},
    }


def _restore(page: Any, entry: dict[str, Any], files: Any) -> bool:
    """Set what `Page.render` sets from a cache entry; False if a linked file is gone."""
    links = None
    if entry["links"] is not None:
        links = {}
        for src_uri, anchors in entry["links"].items():
            target = files.get_file_from_path(src_uri)
            if target is None:
                return False
            links[target] = anchors
    page.content = entry["content"]
    page.toc = entry["toc"]
    page._title_from_render = entry["title"]
    page.present_anchor_ids = entry["anchors"]
    if links is not None:
        page.links_to_anchors = links
    return True


class SearchEntries:
    """Wraps Material's `SearchIndex.add_entry_from_context` with a cache (`wrap`, from
    `on_pre_page`, before the search plugin's `on_page_context` indexes the page)."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache

    def wrap(self, config: Any) -> None:
        """Wrap the search index of this build, once (each build makes a new index)."""
        plugin = config.plugins.get("material/search")
        index = getattr(plugin, "search_index", None)
        original = getattr(index, "add_entry_from_context", None)
        if original is None or getattr(original, "tdh_cached", False):
            return
        from material.plugins.search import plugin as search_module

        context = hash_parts(SEARCH_NAMESPACE, version("mkdocs-material"), index.config,
                             getattr(search_module, "jieba", None) is not None)

        def add_entry_from_context(page: Any) -> None:
            key = hash_parts(context, page.url, page.title, page.content, _toc(page.toc),
                             repr({k: page.meta.get(k) for k in ("search", "tags", "title")}))
            entries = self.cache.get(SEARCH_NAMESPACE, key)
            if entries is None:
                start = len(index.entries)
                original(page)
                entries = index.entries[start:]
                self.cache.put(SEARCH_NAMESPACE, key, entries)
            else:
                index.entries.extend(entries)

        add_entry_from_context.tdh_cached = True  # type: ignore[attr-defined]
        index.add_entry_from_context = add_entry_from_context


def _toc(items: Any) -> list[Any]:
    """A table of contents as plain data (the search entries take their anchors from it)."""
    return [[item.title, item.id, item.level, _toc(item.children)] for item in items]
