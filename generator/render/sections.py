"""Domain sections (budget climat, budget vert, indicateurs, énergie, participation).

Each kind has a module `generator/render/section_<module>.py` defining
`render(result, context) -> SectionOutput`; this module dispatches to them and publishes
every result as `api/<name>.json`.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from generator.cache import cached
from generator.write import SiteFile

SECTION_MODULES = {
    "climate-budget": "section_climate_budget",
    "green-budget": "section_green_budget",
    "kpis": "section_kpis",
    "building-energy": "section_energy",
    "participation": "section_participation",
}


@dataclass(frozen=True)
class SectionContext:
    """What a section renderer may use besides its computed result."""

    package: str
    descriptor: dict[str, Any]
    tables: dict[str, Any]
    langs: tuple[str, ...]


@dataclass
class SectionOutput:
    """Pages (docs-relative path -> Markdown), site files and home-page headlines per lang.

    A headline is {"value": "104 987 tCO2e", "label": "…", "href": "budget-climat/"}.
    """

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, SiteFile] = field(default_factory=dict)
    headlines: dict[str, list[dict[str, str]]] = field(default_factory=dict)


def rendered_kinds() -> set[str]:
    """Kinds whose section module exists (the navigation lists only these)."""
    found = set()
    for kind, module in SECTION_MODULES.items():
        if importlib.util.find_spec(f"generator.render.{module}") is not None:
            found.add(kind)
    return found


def _render_section(result: Any, validated: Any, name: str, langs: tuple[str, ...]
                    ) -> SectionOutput:
    module = importlib.import_module(f"generator.render.{SECTION_MODULES[result.kind]}")
    context = SectionContext(
        package=name,
        descriptor=validated.sources[name].descriptor,
        tables={k: v.drop(columns="_row") for k, v in validated.tables[name].items()},
        langs=langs,
    )
    return module.render(result, context)


def render_sections(results: dict[str, Any], validated: Any, langs: tuple[str, ...]
                    ) -> tuple[dict[str, str], dict[str, SiteFile], dict[str, list[dict]]]:
    """Pages, API files and home-page headlines of every computed kind."""
    from generator.render import api_json

    pages: dict[str, str] = {}
    files: dict[str, SiteFile] = {}
    headlines: dict[str, list[dict]] = {lang: [] for lang in langs}
    available = rendered_kinds()
    for name in sorted(results):
        result = results[name]
        fingerprint = validated.fingerprints.get(name)
        files[f"api/{result.api_name}.json"] = cached(
            "api-json", (fingerprint, name), partial(api_json, result.data),
            known=bool(fingerprint))
        if result.kind not in available:
            continue
        make = partial(_render_section, result, validated, name, langs)
        output = cached("section", (fingerprint, name, langs), make, known=bool(fingerprint))
        pages.update(output.pages)
        files.update(output.files)
        for lang in langs:
            headlines[lang] += output.headlines.get(lang, [])
    return pages, files, headlines
