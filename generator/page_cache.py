"""MkDocs' Markdown conversion of each page, cached by everything the conversion reads.

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
"""

from __future__ import annotations

import logging
from importlib.metadata import version
from typing import Any

from generator.cache import BuildCache, hash_parts

NAMESPACE = "page-html"
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
        self._context: tuple[int, str | None] | None = None

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
        if self._context is not None and self._context[0] == id(files):
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
        self._context = (id(files), context)
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

