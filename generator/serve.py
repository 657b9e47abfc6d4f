"""`tdh serve`: MkDocs' live-reload server over dirty, cached rebuilds.

An edit under datapackages/ re-validates, recomputes and re-renders only the package whose
files changed (the build cache answers for the others); the generated pages are rewritten
only when their text changed, and MkDocs rebuilds only the pages whose source changed (a
"dirty" build), so the preview shows the change in about two seconds on the demo site.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from generator.settings import Settings


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be stale: noise in a preview."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


_THEME_LISTINGS: dict[tuple[str, ...], list[str]] = {}


def list_theme_once(theme: Any) -> None:
    """Make the theme's Jinja environments list its files once per preview, not per build.

    MkDocs walks and filters the theme's few thousand files (Material's icons) on every build
    and for every language; in a preview the theme does not change (restart to see new
    override files).
    """
    if getattr(theme, "_tdh_listing_once", False):
        return
    get_env = theme.get_env

    def get_env_listing_once() -> Any:
        env = get_env()
        listing = env.list_templates

        def list_once(extensions: Any = None, filter_func: Any = None) -> list[str]:
            # the filter is MkDocs' add_files_from_theme closure: same rules on every build
            key = (tuple(theme.dirs), str(extensions), getattr(filter_func, "__qualname__", ""))
            if key not in _THEME_LISTINGS:
                _THEME_LISTINGS[key] = listing(extensions=extensions, filter_func=filter_func)
            return list(_THEME_LISTINGS[key])

        env.list_templates = list_once
        return env

    theme.get_env = get_env_listing_once
    theme._tdh_listing_once = True


def forget_search_index(config: Any) -> None:
    """Stop Material's search plugin from merging its previous index into each dirty build.

    It assumes one page changed per rebuild and keeps every other entry of the last index;
    with two languages and several pages per edit the index (and each rebuild) grew without
    bound. The preview's search then covers the pages of the last rebuild only.
    """
    search = config.plugins.get("search") or config.plugins.get("material/search")
    if search is not None and hasattr(search, "search_index_prev"):
        search.search_index_prev = None


def serve_preview(settings: Settings, dev_addr: str) -> None:
    """Serve the site on `dev_addr`, rebuilding on edits until interrupted."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from generator.mkdocs_plugin import TdhPlugin

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # mkdocs-static-i18n decides from the command line whether its second language is built
    # dirty; without this flag every edit would rebuild every English page.
    if "--dirty" not in sys.argv:
        sys.argv.append("--dirty")
    logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())
    TdhPlugin.preview = True
    mkdocs_serve(config_file=str(settings.config_file), dev_addr=dev_addr, livereload=True,
                 build_type="dirty")
