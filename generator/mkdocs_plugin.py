"""The `tdh` MkDocs plugin: generated pages before the build, downloads after it.

`tdh build` prepares the site itself (to report problems before MkDocs starts) and hands
the result over; `mkdocs serve` / `tdh serve` let the plugin prepare it on each rebuild.
"""

from __future__ import annotations

import contextlib
import logging
import posixpath
import re
from urllib.parse import urlsplit
from pathlib import Path
from typing import Any, ClassVar

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

log = logging.getLogger("mkdocs.plugins.tdh")


class TdhConfig(Config):
    """Options of the `tdh` plugin in mkdocs.yml."""

    datapackages = c.Type(str, default="datapackages")
    """Folder of data packages, relative to mkdocs.yml."""
    max_file_bytes = c.Type(int, default=2 * 1024**3)
    """Largest data file accepted."""
    limit_errors = c.Type(int, default=1_000_000)
    """Stop validating a package after this many errors."""
    catalogue = c.Type(dict, default={})
    """Catalogue settings (publisher, contact, spatial, license): see generator/render/machine.py."""
    csp_script_hashes = c.ListOfItems(c.Type(str), default=[])
    """sha256 hashes ('sha256-…') of the theme's inline scripts allowed by the CSP."""


PREVIEW_KEPT = ("L'aperçu montre la dernière version valide des données ; il se met à jour dès "
                "que les fichiers sont corrigés. (The preview shows the last valid data; it "
                "updates as soon as the files are fixed.)")

NAV_HEAD = [{"Accueil": "index.md"}, {"Données": "donnees/index.md"}]
NAV_TAIL = [
    {"Qualité des données": "qualite/index.md"},
    {"Changements": "changements/index.md"},
    {"Guide des agents": "guide/index.md"},
    {"Accessibilité": "accessibilite.md"},
    {"Confidentialité": "confidentialite.md"},
]
SECTION_TITLES = {
    "climate-budget": "Budget climat",
    "green-budget": "Budget vert",
    "kpis": "Indicateurs",
    "building-energy": "Énergie des bâtiments",
    "participation": "Participation",
}


def site_nav(settings: Any) -> list[dict[str, str]]:
    """The navigation: fixed pages plus a section per data kind present in the packages."""
    from generator.kinds import KINDS
    from generator.load import load_packages

    present = set()
    if settings.datapackages.is_dir():
        for source in load_packages([settings.datapackages]):
            if isinstance(source.descriptor, dict):
                present.add((source.descriptor.get("tdh") or {}).get("kind"))
    from generator.render.sections import rendered_kinds

    rendered = rendered_kinds()
    sections = [{SECTION_TITLES[k]: f"{KINDS[k].section}/index.md"}
                for k in SECTION_TITLES if k in present and k in rendered]
    return NAV_HEAD + sections + NAV_TAIL


LANGUAGE_LINK = re.compile(r'href="(/[^"]*)"(\s+hreflang=)')
HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def relative_language_links(html: str, page_url: str, site_url: str) -> str:
    """Make the language switcher's root-absolute links relative to the page.

    mkdocs-static-i18n writes them from site_url's path, which breaks in a version folder
    published by mike (/1.1.0/en/ is not /en/).
    """
    base = urlsplit(site_url).path or "/"
    page_dir = posixpath.dirname(page_url.rstrip("/")) if not page_url.endswith("/") else (
        page_url.rstrip("/"))

    def fix(match: re.Match[str]) -> str:
        href = match.group(1)
        if not href.startswith(base):
            return match.group(0)
        target = href[len(base):]
        relative = posixpath.relpath(target or ".", page_dir or ".")
        if (not target or target.endswith("/")) and not relative.endswith("/"):
            relative += "/"
        return f'href="{relative}"{match.group(2)}'

    html = LANGUAGE_LINK.sub(fix, html)
    # Material fetches "sitemap.xml" next to every <link rel=alternate hreflang> of the head,
    # which does not exist beside a page; the sitemap already lists the alternates (hreflang).
    return HEAD_ALTERNATE.sub("", html)


def _inner_language_build(config: Any) -> bool:
    """True while mkdocs-static-i18n builds the second language (a nested MkDocs build)."""
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))


def drop_duplicate_search_entries(plugin: Any, entries: list[dict[str, Any]]) -> None:
    """mkdocs-static-i18n's `reconfigure_search_duplicates`, in linear time.

    The original compares every entry of the default language with every entry of the
    others (64 million comparisons, a minute, for 400 pages). Same rule: an entry of another
    language ("en/…") goes when an entry of the default language has its title and text and a
    location its location ends with.
    """
    prefixes = tuple(f"{lang}/" for lang in plugin.build_languages)
    others: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for entry in entries:
        if entry["location"].startswith(prefixes):
            others.setdefault((entry["title"], entry["text"]), []).append(entry)
    dropped: set[int] = set()
    for entry in entries:
        if entry["location"].startswith(prefixes):
            continue
        for other in others.get((entry["title"], entry["text"]), ()):
            if other["location"].endswith(entry["location"]):
                dropped.add(id(other))
    if dropped:
        entries[:] = [entry for entry in entries if id(entry) not in dropped]


def _linear_search_deduplication() -> None:
    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    ExtendedPlugin.reconfigure_search_duplicates = drop_duplicate_search_entries  # type: ignore


class TdhPlugin(BasePlugin[TdhConfig]):
    """Writes the generated pages into docs_dir and the downloads into site_dir."""

    handoff: ClassVar[Any] = None
    preview: ClassVar[bool] = False
    """True under `tdh serve` (generator/serve.py)."""
    last_good: ClassVar[Any] = None
    """Under `tdh serve`: the last preparation whose data was valid."""
    page_built: ClassVar[Any] = None
    """Called once per page written (the build's progress bar), when set by `tdh build`."""
    page_written: ClassVar[Any] = None
    """Called with the bytes of each page MkDocs writes, when set by `tdh build` (HTML check)."""
    hash_downloads: ClassVar[bool] = False
    """Set by `tdh build`, which writes SHA256SUMS: the downloads are hashed as they are
    written (`written`), so that it need not read them again."""

    def on_config(self, config: Any) -> Any:
        from generator.build import project_cache
        from generator.cache import active
        from generator.page_cache import PageCache, SearchEntries
        from generator.settings import load_settings

        if _inner_language_build(config):
            return config  # mkdocs-static-i18n builds the other language with this config
        _linear_search_deduplication()
        self.settings = load_settings(Path(config.config_file_path))
        self.prepared = None
        self.carried: dict[str, str] = {}  # carried HTML blocks set aside, by reference
        self.writing: Any = None  # the downloads being written while MkDocs renders pages
        self.held_back: dict[str, Any] = {}  # downloads MkDocs writes too: written after it
        self.written: dict[str, Any] = {}  # what the writing left (write.Written), by path
        cache = active() or project_cache(self.settings)
        self.page_cache = PageCache(cache) if cache is not None else None
        self.search_entries = SearchEntries(cache) if cache is not None else None
        if TdhPlugin.preview:
            from generator.serve import forget_search_index, list_theme_once

            list_theme_once(config.theme)
            forget_search_index(config)
        if not config.nav:
            config.nav = site_nav(self.settings)
        return config

    def on_pre_build(self, config: Any) -> None:
        from generator.build import prepare_site, project_cache
        from generator.report import report_to_text
        from generator.write import write_generated_pages

        if _inner_language_build(config) and self.prepared is not None:
            return  # prepared and written for the first language already
        prepared = TdhPlugin.handoff or prepare_site(self.settings, project_cache(self.settings))
        if not prepared.report.valid:
            if TdhPlugin.preview and TdhPlugin.last_good is not None:
                # MkDocs' server would stop answering after a failed build: say what is wrong
                # and keep previewing the last valid data until the files are fixed.
                log.error("\n%s\n%s", report_to_text(prepared.report, "fr"),
                          PREVIEW_KEPT)
                self.prepared = TdhPlugin.last_good
                self._set_aside(self.prepared.pages)  # still the pages in docs_dir
                return
            raise PluginError("\n" + report_to_text(prepared.report, "fr"))
        write_generated_pages(Path(config.docs_dir), self._set_aside(prepared.pages))
        self.prepared = prepared
        if TdhPlugin.preview:
            TdhPlugin.last_good = prepared

    def _set_aside(self, pages: dict[str, str]) -> dict[str, str]:
        """The pages with their carried blocks set aside in self.carried (restored in
        on_page_content when search indexes them, else in on_post_page)."""
        from generator.render.rawhtml import set_aside

        self.carried = {}
        return {path: set_aside(text, self.carried) for path, text in pages.items()}

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        from jinja2 import FileSystemBytecodeCache

        from generator.build import project_cache

        # The theme's templates are compiled again on every build (and for every language);
        # the bytecode cache keeps the compiled code by template source checksum.
        cache = project_cache(self.settings)
        if cache is None:
            return env
        folder = cache.folder / "jinja"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return env
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        return env

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        from generator.write import generated_paths

        server.watch(str(self.settings.datapackages))
        server.build_delay = 0.05  # an editor's save is a burst of events within milliseconds
        # The build writes its generated pages into docs_dir: watching them would start a
        # second rebuild after each one. Watch the hand-written parts of docs_dir instead.
        docs = Path(config.docs_dir)
        generated = generated_paths(docs)
        server.unwatch(str(docs))
        for entry in sorted(docs.iterdir()):
            if entry in generated:
                continue
            if entry.is_dir() and any(g.parent == entry for g in generated):
                for child in sorted(entry.iterdir()):
                    if child not in generated:
                        server.watch(str(child))
            else:
                server.watch(str(entry))
        return server

    def on_files(self, files: Any, config: Any) -> Any:
        from generator.write import BackgroundWrite

        if self.prepared is None or _inner_language_build(config):
            return files
        # MkDocs cleaned site_dir before this event: the downloads can be written now, while
        # it renders the pages. A path MkDocs writes too (a static file of docs_dir) is
        # written after MkDocs, as before, so that the download wins.
        ours = self.prepared.site_files
        theirs = {file.dest_uri for file in files} & ours.keys()
        self.held_back = {path: ours[path] for path in theirs}
        self.writing = BackgroundWrite(Path(config.site_dir),
                                       {k: v for k, v in ours.items() if k not in theirs},
                                       TdhPlugin.hash_downloads)
        return files

    def _written(self) -> None:
        """Wait for the downloads written in the background (raises what the writing raised)."""
        writing, self.writing = self.writing, None
        if writing is not None:
            writing.wait()
            self.written.update(writing.written)

    def on_build_error(self, error: Exception) -> None:
        with contextlib.suppress(Exception):  # MkDocs' own error is the one to report
            self._written()

    def on_pre_page(self, page: Any, config: Any, files: Any) -> Any:
        if self.page_cache is not None:
            self.page_cache.wrap(page, config, files)  # Markdown converted once per content
        if self.search_entries is not None:
            self.search_entries.wrap(config)  # and its search entries made once per content
        return page

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        from generator.render.rawhtml import restore_indexed

        return restore_indexed(html, self.carried)  # before search indexes the page

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        from generator.csp import add_csp_meta
        from generator.render.rawhtml import restore

        if TdhPlugin.page_built is not None:
            TdhPlugin.page_built()
        output = relative_language_links(output, page.url, config.site_url or "/")
        output = restore(add_csp_meta(output, self.config.csp_script_hashes), self.carried)
        if TdhPlugin.page_written is not None:  # the bytes MkDocs writes
            TdhPlugin.page_written(output.encode("utf-8", errors="xmlcharrefreplace"))
        return output

    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        from generator.csp import add_csp_meta

        if template_name.endswith(".html"):
            return add_csp_meta(output_content, self.config.csp_script_hashes)
        return output_content

    def on_post_build(self, config: Any) -> None:
        from generator.write import write_site_files

        if self.prepared is not None and not _inner_language_build(config):
            self._written()
            self.written.update(write_site_files(Path(config.site_dir), self.held_back,
                                                 TdhPlugin.hash_downloads))
        # Material's language switcher looks for the sitemap next to each language's home.
        site = Path(config.site_dir)
        if (site / "sitemap.xml").is_file() and config.theme.get("language") == "fr":
            self.written.update(write_site_files(site, {"en/sitemap.xml": site / "sitemap.xml"},
                                                 TdhPlugin.hash_downloads))
