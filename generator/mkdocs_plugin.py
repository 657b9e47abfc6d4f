"""The `tdh` MkDocs plugin: generated pages before the build, downloads after it.

`tdh build` prepares the site itself (to report problems before MkDocs starts) and hands
the result over; `mkdocs serve` / `tdh serve` let the plugin prepare it on each rebuild.
"""

from __future__ import annotations

import logging
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


NAV_HEAD = [{"Accueil": "index.md"}, {"Données": "donnees/index.md"}]
NAV_TAIL = [
    {"Qualité des données": "qualite/index.md"},
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


class TdhPlugin(BasePlugin[TdhConfig]):
    """Writes the generated pages into docs_dir and the downloads into site_dir."""

    handoff: ClassVar[Any] = None

    def on_config(self, config: Any) -> Any:
        from generator.settings import load_settings

        self.settings = load_settings(Path(config.config_file_path))
        self.prepared = None
        if not config.nav:
            config.nav = site_nav(self.settings)
        return config

    def on_pre_build(self, config: Any) -> None:
        from generator.build import prepare_site
        from generator.report import report_to_text
        from generator.write import write_generated_pages

        prepared = TdhPlugin.handoff or prepare_site(self.settings)
        if not prepared.report.valid:
            raise PluginError("\n" + report_to_text(prepared.report, "fr"))
        write_generated_pages(Path(config.docs_dir), prepared.pages)
        self.prepared = prepared

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        server.watch(str(self.settings.datapackages))
        return server

    def on_post_build(self, config: Any) -> None:
        from generator.write import write_site_files

        if self.prepared is not None:
            write_site_files(Path(config.site_dir), self.prepared.site_files)
