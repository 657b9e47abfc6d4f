"""Render stage: results in, Markdown pages and site files out, in memory (writes nothing)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.render import metadata as meta
from generator.render.strings import t
from generator.render.rawhtml import carried
from generator.render.text import md_text, printable, safe_markdown
from generator.write import SiteFile

LANGS = ("fr", "en")


def page_path(folder: str, lang: str) -> str:
    """docs-relative path of a generated page: `x/index.md` (fr) or `x/index.en.md` (en)."""
    suffix = "index.md" if lang == "fr" else "index.en.md"
    return f"{folder}/{suffix}" if folder else suffix


def _meta_value(value: Any) -> Markup:
    """A YAML front-matter scalar: one line, HTML-escaped (the theme inserts it raw), quoted."""
    text = str(escape(" ".join(printable(value or "").split())))
    return Markup(json.dumps(text, ensure_ascii=False))


def _printable_output(value: Any) -> Any:
    """Every `{{ … }}` output without forbidden code points (Markup stays Markup)."""
    if isinstance(value, Markup):
        return Markup(printable(value))
    return printable(value) if isinstance(value, str) else value


@lru_cache(maxsize=None)
def environment(lang: str) -> Environment:
    """The Jinja environment of one language: HTML autoescaping on, strict undefined.

    One per language and process, so each template is compiled once per build, not per page.
    """
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable_output,
    )
    env.globals["t"] = lambda key, **values: t(key, lang, **values)
    env.filters["md"] = lambda value: Markup(md_text(value))
    env.filters["safe_markdown"] = lambda value: Markup(safe_markdown(value))
    env.filters["meta"] = _meta_value
    env.filters["carried"] = lambda html: Markup(carried(str(html)))
    env.filters["carried_indexed"] = lambda html: Markup(carried(str(html), indexed=True))
    return env


def render_template(name: str, lang: str, /, **context: Any) -> str:
    """Render one page template in one language."""
    context["lang"] = lang
    return environment(lang).get_template(name).render(**context)


def api_json(data: Any) -> bytes:
    """Deterministic JSON for the static API."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False)
            + "\n").encode("utf-8")


def render_site(settings: Any, validated: Any, results: dict[str, Any], history: Any = None
                ) -> tuple[dict[str, str], dict[str, SiteFile]]:
    """Every generated page and site file (`history`: earlier releases, for the changes)."""
    from generator.cache import active, hash_parts
    from generator.parallel import run_all
    from generator.progress import step
    from generator.render.machine import site_info
    from generator.render.vendor import vendor_site_files

    pages: dict[str, str] = {}
    files: dict[str, SiteFile] = dict(vendor_site_files(settings.root))
    catalogue_entries = []
    all_facts = []  # for the catalogue, in package name order
    site = site_info(settings)
    names = sorted(validated.sources)
    cache = active()
    keys = {name: hash_parts("package-render", validated.fingerprints.get(name), name, site)
            for name in names if cache is not None and validated.fingerprints.get(name)}
    fresh = {name: validated.then[name] for name in names if name in validated.then}
    rendered = {name: fresh.get(name) or cache.get("package-render", key)
                for name, key in keys.items()} if cache is not None else dict(fresh)
    missing = [name for name in names if rendered.get(name) is None]
    with step("render", len(names)) as advance:
        advance(len(names) - len(missing))  # the ones the cache had
        # the tables as validation packed them: unpickled in the worker that renders them
        made = run_all(render_package, [(settings, validated.sources[name],
                                         validated.tables.packed(name)
                                         if name in validated.tables else {})
                                        for name in missing], advance)
    for name, outcome in [*fresh.items(), *zip(missing, made)]:
        rendered[name] = outcome
        if name in keys:
            cache.put("package-render", keys[name], outcome)  # type: ignore[union-attr]
    for name in names:
        package_pages, package_files, facts = rendered[name]
        pages.update(package_pages)
        files.update(package_files)
        all_facts.append(facts)
        catalogue_entries.append(_catalogue_entry(validated.sources[name]))
    with step("site"):
        _render_site_wide(settings, validated, results, history, pages, files,
                          catalogue_entries, all_facts)
    return pages, files


def _render_site_wide(settings: Any, validated: Any, results: dict[str, Any], history: Any,
                      pages: dict[str, str], files: dict[str, SiteFile],
                      catalogue_entries: list[dict[str, Any]], all_facts: list[Any]) -> None:
    """The chapters, catalogue, quality and home pages, changes and machine-readable files."""
    from generator.render.changes import render_changes
    from generator.render.machine import render_catalogue_files
    from generator.render.sections import render_sections

    section_pages, section_files, headlines = render_sections(results, validated, LANGS)
    pages.update(section_pages)
    files.update(section_files)
    for lang in LANGS:
        entries = [_localise_entry(e, lang) for e in catalogue_entries]
        themes = sorted({theme for e in catalogue_entries for theme in e["themes"]})
        pages[page_path("donnees", lang)] = render_template(
            "catalogue.md.j2", lang, entries=entries, themes=themes,
        )
        pages[page_path("qualite", lang)] = render_template(
            "quality.md.j2", lang, issues=_quality_rows(validated.report, lang),
        )
        pages[page_path("", lang)] = render_template(
            "home.md.j2", lang, count=len(catalogue_entries), headlines=headlines.get(lang, []),
        )
    change_pages, change_files = render_changes(settings, validated, history, LANGS)
    pages.update(change_pages)
    files.update(change_files)
    files.update(render_catalogue_files(settings, all_facts))
    files["api/index.json"] = api_json(_api_index(validated, results, settings, files))


def render_package(settings: Any, source: Any, tables: bytes | dict[str, Any]
                   ) -> tuple[dict[str, str], dict[str, SiteFile], Any]:
    """A package's dataset pages (both languages), its files (downloads, charts,
    machine-readable metadata) and its facts (for the catalogue); `tables` may be packed."""
    from generator.model import unpack_tables

    from generator.render.dataset import (
        dataset_context,
        page_values,
        render_package_files,
        render_resource_chart,
        resource_chart,
    )
    from generator.render.machine import (
        dataset_jsonld,
        package_facts,
        package_machine_files,
        site_info,
    )

    name = source.name
    tables = unpack_tables(tables)
    pages: dict[str, str] = {}
    files, downloads = render_package_files(source, tables)
    facts = package_facts(site_info(settings), source, tables, downloads)
    files.update({path: data for path, data in package_machine_files(settings, facts).items()
                  if path not in files})
    drawn = {}  # resource name: its chart's data, None when it has no chart
    for resource in source.descriptor.get("resources", []):
        table = tables.get(resource.get("name"))
        if table is not None:
            drawn[resource["name"]] = resource_chart(resource, table)
    values = page_values(source, tables)  # what the page shows in both languages
    for lang in LANGS:
        href_base = "" if lang == "fr" else f"../../../donnees/{name}/"
        charts: dict[str, str | None] = {}
        for resource in source.descriptor.get("resources", []):
            chart_of = drawn.get(resource.get("name"))
            if chart_of is None:
                continue
            html, chart_files = render_resource_chart(name, resource, chart_of, lang, href_base)
            charts[resource["name"]] = html
            files.update({f"donnees/{name}/{k}": v for k, v in chart_files.items()})
        context = dataset_context(source, tables, downloads, lang, charts, values)
        context["jsonld"] = dataset_jsonld(settings, facts, lang)
        pages[page_path(f"donnees/{name}", lang)] = render_template("dataset.md.j2", lang,
                                                                    **context)
    return pages, files, facts


def _catalogue_entry(source: Any) -> dict[str, Any]:
    descriptor = source.descriptor
    return {
        "name": source.name,
        "descriptor": descriptor,
        "themes": meta.themes(descriptor),
        "resources": len(descriptor.get("resources", [])),
        "updated": str(descriptor.get("modified") or descriptor.get("created") or "")[:10],
        "licences": [lic["title"] for lic in meta.licences(descriptor)],
    }


def _localise_entry(entry: dict[str, Any], lang: str) -> dict[str, Any]:
    descriptor = entry["descriptor"]
    description = " ".join(str(meta.localized(descriptor, "description", lang) or "").split())
    return {
        **{k: v for k, v in entry.items() if k != "descriptor"},
        "title": meta.title_of(descriptor, lang),
        "description": description[:280] + ("…" if len(description) > 280 else ""),
        "keywords": meta.keywords(descriptor, lang),
        "demo": bool(meta.demo_notice(descriptor, lang)),
        "search": " ".join([entry["name"], meta.title_of(descriptor, lang), description,
                            *meta.keywords(descriptor, lang)]).lower(),
    }


def _quality_rows(report: Any, lang: str) -> list[dict[str, Any]]:
    return [
        {"code": issue.code, "package": issue.package, "path": issue.path or "",
         "row": "" if issue.row is None else issue.row, "field": issue.field or "",
         "message": issue.message[lang]}
        for issue in report.issues
    ]


def _api_index(validated: Any, results: dict[str, Any], settings: Any, files: dict[str, Any]
               ) -> dict[str, Any]:
    """api/index.json: every API file and package file, relative path and absolute URL."""
    from generator.render.machine import api_index

    return api_index(settings, validated, results, files)

