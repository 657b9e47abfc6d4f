"""Domain sections (budget climat, budget vert, indicateurs, énergie, participation)."""

from __future__ import annotations

from typing import Any

from generator.write import SiteFile


def render_sections(results: dict[str, Any], validated: Any, langs: tuple[str, ...]
                    ) -> tuple[dict[str, str], dict[str, SiteFile], dict[str, list[dict]]]:
    """Pages, API files and home-page headlines of every computed kind."""
    from generator.render import api_json

    pages: dict[str, str] = {}
    files: dict[str, SiteFile] = {}
    headlines: dict[str, list[dict]] = {lang: [] for lang in langs}
    for result in results.values():
        files[f"api/{result.api_name}.json"] = api_json(result.data)
    return pages, files, headlines
