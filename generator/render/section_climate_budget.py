"""The `budget-climat/` page: emissions against caps and goal, status, budget, measures."""

from __future__ import annotations

from typing import Any

from generator.render import metadata as meta
from generator.render import page_path, render_template
from generator.render.climate_budget_chart import emissions_chart
from generator.render.climate_budget_parts import measures_view, shares_view, status_view
from generator.render.section_common import (
    dataset_links,
    embed_chart,
    label,
    number,
    percent,
    share,
    tonnes,
    yes_no,
)
from generator.render.sections import SectionContext, SectionOutput

FOLDER = "budget-climat"
STATUS: dict[str, dict[str, str]] = {
    "goal-met": {"fr": "objectif atteint", "en": "goal met"},
    "on-track": {"fr": "sur la trajectoire", "en": "on track"},
    "at-risk": {"fr": "à risque", "en": "at risk"},
    "off-track": {"fr": "hors trajectoire", "en": "off track"},
    "no-data": {"fr": "données insuffisantes", "en": "not enough data"},
}
SECTORS: dict[str, dict[str, str]] = {
    "residentiel": {"fr": "Résidentiel", "en": "Residential"},
    "tertiaire": {"fr": "Tertiaire", "en": "Tertiary buildings"},
    "transport_routier": {"fr": "Transport routier", "en": "Road transport"},
    "autres_transports": {"fr": "Autres transports", "en": "Other transport"},
    "dechets": {"fr": "Déchets", "en": "Waste"},
    "chantiers": {"fr": "Chantiers", "en": "Building sites"},
    "industrie": {"fr": "Industrie", "en": "Industry"},
    "branche_energie": {"fr": "Branche énergie", "en": "Energy branch"},
    "agriculture": {"fr": "Agriculture", "en": "Agriculture"},
    "puits_carbone": {"fr": "Puits de carbone", "en": "Carbon sinks"},
    "unspecified": {"fr": "Non précisé", "en": "Unspecified"},
}
TOTAL_BASES: dict[str, dict[str, str]] = {
    "confirmed": {"fr": "publié par la ville", "en": "published by the city"},
    "derived": {"fr": "dérivé de pourcentages publiés",
                "en": "derived from published percentages"},
    "assumed": {"fr": "hypothèse", "en": "assumption"},
}
HEADLINE_LABELS: dict[str, dict[str, str]] = {
    "total": {"fr": "Émissions du territoire en {year}", "en": "Territorial emissions in {year}"},
    "goal": {"fr": " (objectif {goal_year} : {goal} tCO2e)",
             "en": " ({goal_year} goal: {goal} tCO2e)"},
    "change": {"fr": "Évolution des émissions de {previous} à {year}",
               "en": "Change in emissions from {previous} to {year}"},
    "status": {"fr": "Budget climat {year} : situation par rapport à la trajectoire",
               "en": "Climate budget {year}: position against the trajectory"},
}


def _latest(data: dict[str, Any]) -> dict[str, Any] | None:
    """The API row of the latest year."""
    return next((y for y in data["years"] if y["year"] == data.get("latest_year")), None)


def _per_capita(data: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """Per-capita emissions of the most recent year that has a population figure."""
    rows = [y for y in data["years"] if y.get("per_capita_tco2e")]
    if not rows:
        return None
    row = rows[-1]
    return {"year": row["year"], "value": number(row["per_capita_tco2e"], lang, 2),
            "population": number(row["total_tco2e"] / row["per_capita_tco2e"], lang, 0),
            "is_latest": row["year"] == data.get("latest_year")}


def _year_rows(data: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """One display row per inventory year."""
    return [
        {"year": y["year"], "total": tonnes(y["total_tco2e"], lang),
         "change": percent(y["change_pct"], lang, signed=True),
         "rate": share(y.get("reduction_rate"), lang),
         "cap": tonnes(y["cap_tco2e"], lang), "within_cap": yes_no(y["within_cap"], lang),
         "margin": tonnes(y.get("margin_tco2e"), lang),
         "per_capita": number(y["per_capita_tco2e"], lang, 2),
         "estimate": yes_no(y.get("is_estimate"), lang)}
        for y in data["years"]
    ]


def _trajectories(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """Both trajectories side by side, with their annual cut, rate and cumulative sums."""
    trajectory = data.get("trajectory") or {}
    linear = trajectory.get("linear") or {}
    constant = trajectory.get("constant_rate") or {}
    by_year: dict[int, dict[str, str]] = {}
    for key, path in (("linear", linear.get("path")), ("constant", constant.get("path"))):
        for point in path or []:
            by_year.setdefault(point["year"], {})[key] = tonnes(point["tco2e"], lang)
    return {
        "rows": [{"year": y, **v} for y, v in sorted(by_year.items())],
        "annual_cut": tonnes(linear.get("annual_cut_tco2e"), lang),
        "linear_total": tonnes(linear.get("cumulative_tco2e"), lang),
        "rate": share(constant.get("rate"), lang, 2),
        "constant_total": tonnes(constant.get("cumulative_tco2e"), lang),
    }


def _remaining(data: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """The remaining carbon budget of the reference path."""
    budget = data.get("remaining_budget")
    if not budget:
        return None
    return {"baseline_year": budget["baseline_year"], "goal_year": budget["goal_year"],
            "budget": tonnes(budget["budget_tco2e"], lang),
            "emitted": tonnes(budget["emitted_tco2e"], lang),
            "remaining": tonnes(budget["remaining_tco2e"], lang),
            "negative": budget["remaining_tco2e"] < 0,
            "missing_years": [str(y) for y in budget.get("missing_years") or []]}


def _total_bases(tables: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Per year, how the total was obtained (`total_basis` column of the emissions, if any)."""
    emissions = tables.get("emissions")
    if emissions is None or "total_basis" not in emissions or "year" not in emissions:
        return []
    pairs = emissions[["year", "total_basis"]].dropna().drop_duplicates()
    grouped = pairs.groupby("year")["total_basis"].agg(lambda s: sorted(map(str, s)))
    return [{"year": int(y), "basis": ", ".join(label(TOTAL_BASES, b, lang) for b in codes)}
            for y, codes in grouped.items()]


def _headlines(data: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """Two or three figures for the home page."""
    latest = _latest(data)
    if latest is None:
        return []
    goal = data.get("goal") or {}
    text = HEADLINE_LABELS["total"][lang].format(year=latest["year"])
    if goal.get("year") is not None and goal.get("tco2e") is not None:
        text += HEADLINE_LABELS["goal"][lang].format(goal_year=goal["year"],
                                                     goal=tonnes(goal["tco2e"], lang))
    items = [{"value": f"{tonnes(latest['total_tco2e'], lang)} tCO2e", "label": text,
              "href": f"{FOLDER}/"}]
    if latest["change_pct"] is not None:
        items.append({"value": percent(latest["change_pct"], lang, signed=True),
                      "label": HEADLINE_LABELS["change"][lang].format(
                          previous=latest["year"] - 1, year=latest["year"]),
                      "href": f"{FOLDER}/"})
    items.append({"value": label(STATUS, data.get("status"), lang),
                  "label": HEADLINE_LABELS["status"][lang].format(year=latest["year"]),
                  "href": f"{FOLDER}/"})
    return items


def page_context(data: dict[str, Any], context: SectionContext, lang: str,
                 chart_html: str | None) -> dict[str, Any]:
    """Everything the template shows, formatted for `lang`."""
    descriptor = context.descriptor
    latest = _latest(data)
    goal = data.get("goal") or {}
    first = data["years"][0] if data["years"] else None
    return {
        "title": meta.title_of(descriptor, lang),
        "demo": meta.demo_notice(descriptor, lang),
        "package": context.package,
        "latest": None if latest is None else {
            "year": latest["year"], "total": tonnes(latest["total_tco2e"], lang),
            "cap": tonnes(latest["cap_tco2e"], lang), "has_cap": latest["cap_tco2e"] is not None,
            "within_cap": yes_no(latest["within_cap"], lang),
            "margin": tonnes(latest.get("margin_tco2e"), lang),
            "change": percent(latest["change_pct"], lang, signed=True),
            "has_change": latest["change_pct"] is not None,
            "since_first": percent(latest.get("change_since_first_pct"), lang, signed=True),
            "estimate": latest.get("is_estimate"),
        },
        "first_year": None if first is None else first["year"],
        "first_total": None if first is None else tonnes(first["total_tco2e"], lang),
        "goal": {"year": goal.get("year"), "tco2e": tonnes(goal.get("tco2e"), lang),
                 "basis": goal.get("basis") or "", "known": goal.get("tco2e") is not None},
        "status": status_view(data, STATUS, lang),
        "chart": chart_html,
        "remaining": _remaining(data, lang),
        "trajectories": _trajectories(data, lang),
        "per_capita": _per_capita(data, lang),
        "years": _year_rows(data, lang),
        "estimated_years": [str(y["year"]) for y in data["years"] if y.get("is_estimate")],
        "shares": shares_view(latest, SECTORS, lang),
        "measures": measures_view(data.get("measures"), SECTORS, lang),
        "total_bases": _total_bases(context.tables, lang),
        "sources": meta.sources(descriptor),
        "links": dataset_links(context, lang, "api/climate-budget.json"),
    }


def render(result: Any, context: SectionContext) -> SectionOutput:
    """Pages, chart files and headlines of the climate-budget section."""
    output = SectionOutput()
    data = result.data
    for lang in context.langs:
        chart = emissions_chart(data, SECTORS, lang)
        chart_html = None if chart is None else embed_chart(output.files, chart, FOLDER, lang)
        values = page_context(data, context, lang, chart_html)
        output.pages[page_path(FOLDER, lang)] = render_template("budget_climat.md.j2", lang,
                                                                **values)
        output.headlines[lang] = _headlines(data, lang)
    return output
