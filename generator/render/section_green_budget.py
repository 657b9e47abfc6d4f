"""The `budget-vert/` page: budget lines rated per environmental axis, latest year first."""

from __future__ import annotations

from typing import Any

from generator.render import metadata as meta
from generator.render import page_path, render_template
from generator.render.green_budget_chart import attenuation_chart, axes_chart
from generator.render.green_budget_parts import (
    AXES,
    BASES,
    RATINGS,
    SECTIONS,
    axes_view,
    legal_view,
    line_rows,
)
from generator.render.section_common import dataset_links, embed_chart, label, share
from generator.render.sections import SectionContext, SectionOutput
from generator.write import SiteFile

FOLDER = "budget-vert"
HEADLINE_LABELS: dict[str, dict[str, str]] = {
    "green": {"fr": "Dépenses {year} favorables au climat (atténuation, toutes sections)",
              "en": "{year} expenditure favourable to the climate (mitigation, all sections)"},
    "annex": {"fr": "Investissements {year} favorables au climat (annexe légale)",
              "en": "{year} investment favourable to the climate (legal annex)"},
    "brown": {"fr": "Dépenses {year} défavorables au climat (atténuation)",
              "en": "{year} expenditure unfavourable to the climate (mitigation)"},
}


def _section(year: dict[str, Any], axis: str, section: str) -> dict[str, Any] | None:
    """The computed figures of one axis and section of a year."""
    for a in year["axes"]:
        if a["axis"] == axis:
            return next((s for s in a["sections"] if s["section"] == section), None)
    return None


def _charts(year: dict[str, Any],
            lang: str) -> tuple[dict[str, str | None], dict[str, SiteFile]]:
    """The figure HTML of a year's charts and their files."""
    html: dict[str, str | None] = {"attenuation": None, "axes": None}
    files: dict[str, SiteFile] = {}
    built = {"attenuation": attenuation_chart(year, SECTIONS, RATINGS, lang),
             "axes": axes_chart(year, AXES, RATINGS, lang)}
    for key, chart in built.items():
        if chart is not None:
            html[key] = embed_chart(files, chart, FOLDER, lang)
    return html, files


def year_view(year: dict[str, Any], context: SectionContext,
              lang: str) -> tuple[dict[str, Any], dict[str, SiteFile]]:
    """Everything shown for one budget year, and its chart files."""
    charts, files = _charts(year, lang)
    axes = axes_view(year, lang)
    attenuation = next((a for a in axes if a["code"] == "attenuation"), None)
    view = {
        "year": year["year"],
        "basis": label(BASES, year.get("basis"), lang) if year.get("basis") else "",
        "documents": year.get("documents") or [],
        "previous_year": (year.get("change") or {}).get("previous_year"),
        "axes": axes,
        "attenuation": attenuation,
        "other_axes": [a for a in axes if a["code"] != "attenuation"],
        "legal": legal_view(year, lang),
        "lines": line_rows(year, context.tables.get("budget"), lang),
        "charts": charts,
    }
    return view, files


def _headlines(data: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """Two or three figures of the latest year for the home page."""
    if not data.get("years"):
        return []
    year = data["years"][-1]
    items = []
    total = _section(year, "attenuation", "total")
    if total and total["green_share"] is not None:
        items.append({"value": share(total["green_share"], lang),
                      "label": HEADLINE_LABELS["green"][lang].format(year=year["year"])})
    annex = year.get("legal_annex") or {}
    annex_axis = next((a for a in annex.get("axes") or [] if a["axis"] == "attenuation"), None)
    if annex.get("required") and annex_axis and annex_axis["sections"][0]["green_share"]:
        items.append({"value": share(annex_axis["sections"][0]["green_share"], lang),
                      "label": HEADLINE_LABELS["annex"][lang].format(year=year["year"])})
    if total and total["brown_share"] is not None:
        items.append({"value": share(total["brown_share"], lang),
                      "label": HEADLINE_LABELS["brown"][lang].format(year=year["year"])})
    return [{**item, "href": f"{FOLDER}/"} for item in items[:3]]


def page_context(data: dict[str, Any], context: SectionContext,
                 lang: str) -> tuple[dict[str, Any], dict[str, SiteFile]]:
    """The template context of one language, and the chart files it refers to."""
    years, files = [], {}
    for year in reversed(data.get("years") or []):
        view, year_files = year_view(year, context, lang)
        years.append(view)
        files.update(year_files)
    values = {
        "title": meta.title_of(context.descriptor, lang),
        "demo": meta.demo_notice(context.descriptor, lang),
        "package": context.package,
        "years": years,
        "rating_labels": [label(RATINGS, code, lang) for code in RATINGS],
        "has_charts": any(v for y in years for v in y["charts"].values()),
        "sources": meta.sources(context.descriptor),
        "links": dataset_links(context, lang, "api/green-budget.json"),
    }
    return values, files


def render(result: Any, context: SectionContext) -> SectionOutput:
    """Pages, chart files and headlines of the green-budget section."""
    output = SectionOutput()
    for lang in context.langs:
        values, files = page_context(result.data, context, lang)
        output.files.update(files)
        output.pages[page_path(FOLDER, lang)] = render_template("budget_vert.md.j2", lang,
                                                                **values)
        output.headlines[lang] = _headlines(result.data, lang)
    return output
