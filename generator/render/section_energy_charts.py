"""Charts of the energy pages: portfolio by use, ranking, monthly heating model, décret path."""

from __future__ import annotations

from typing import Any

import pandas as pd

from generator.charts import Column, bar_chart, layered, line_layer, point_layer
from generator.charts.spec import PALETTE
from generator.compute.energy import expected_gain
from generator.render.section_common import embed_spec, is_number, number
from generator.render.section_energy_text import ENERGIES, USES, s, word
from generator.write import SiteFile

SECTION = "energie"
MONTH_RULES = ("degree-day-residual", "heating-out-of-season")


def portfolio_chart(files: dict[str, SiteFile], portfolio: dict[str, Any], lang: str) -> str:
    """Stacked bars: kWh per year, split by building use."""
    rows = [(y["year"], word(USES, u.get("use"), lang), u["kwh"])
            for y in portfolio.get("years") or [] for u in y.get("by_use") or []]
    if not rows:
        return ""
    frame = pd.DataFrame(rows, columns=["year", "use", "kwh"])
    title = s("per_use_chart", lang)
    description = (f"{title} : " if lang == "fr" else f"{title}: ") + ", ".join(
        f"{y['year']} {number(round(y['kwh']), lang)} kWh" for y in portfolio["years"])
    spec = bar_chart(frame, "year", "kwh", title=title, x_title=s("year", lang),
                     y_title="kWh", color="use", color_title=s("use", lang), lang=lang,
                     description=description, y_format=",.0f")
    return embed_spec(files, SECTION, "portfolio", lang, chart_id="energy-portfolio",
                      spec=spec, description=description,
                      columns=[Column(s("year", lang)), Column(s("use", lang), "text"),
                               Column("kWh", "number", 0)],
                      rows=rows)


def ranking_chart(files: dict[str, SiteFile], ranking: list[dict[str, Any]], year: Any,
                  lang: str) -> str:
    """Horizontal bars of kWh/m², highest first (the table below the chart holds the ranks)."""
    rows = [(r["name"], r["kwh_per_m2"]) for r in ranking if is_number(r["kwh_per_m2"])]
    if not rows:
        return ""
    frame = pd.DataFrame(rows, columns=["building", "kwh_m2"])
    title = s("ranking", lang, year=year)
    description = (f"{title} : " if lang == "fr" else f"{title}: ") + ", ".join(
        f"{name} {number(value, lang, 0)} kWh/m²" for name, value in rows)
    # a non-ordinal category type gives a nominal axis that keeps the data (ranking) order
    spec = bar_chart(frame, "building", "kwh_m2", title=title, x_title=s("building", lang),
                     y_title="kWh/m²", lang=lang, horizontal=True, x_type="quantitative",
                     description=description, y_format=",.0f")
    return embed_spec(files, SECTION, "ranking", lang, chart_id="energy-ranking", spec=spec,
                      description=description,
                      columns=[Column(s("building", lang), "text"),
                               Column("kWh/m²", "number", 1)],
                      rows=rows)


def monthly_chart(files: dict[str, SiteFile], slug: str, building: dict[str, Any],
                  anomalies: list[dict[str, Any]], lang: str) -> str:
    """Monthly heating kWh against the degree-day model, flagged months marked."""
    folder = f"{SECTION}/{slug}"
    energy = word(ENERGIES, building.get("heating_energy"), lang)
    observed, expected = s("heating_observed", lang, energy=energy), s("heating_expected", lang)
    rows, seen, predicted = [], [], []
    for year in building.get("years") or []:
        for m in year.get("months") or []:
            if not is_number(m.get("heating_kwh")):
                continue
            rows.append((m["month"], m["heating_kwh"], m.get("expected_kwh"), m.get("dju")))
            seen.append((f"{m['month']}-01", observed, m["heating_kwh"]))
            if is_number(m.get("expected_kwh")):
                predicted.append((f"{m['month']}-01", expected, m["expected_kwh"]))
    if not rows:
        return ""
    common: dict[str, Any] = {"x_title": s("month", lang), "y_title": "kWh", "x_type": "temporal",
                              "x_format": "%b %Y", "y_format": ",.0f"}
    layers = []
    if predicted:  # dashed underneath, so that the readings stay visible on top
        frame = pd.DataFrame(predicted, columns=["month", "series", "kwh"])
        layers.append(line_layer(frame, "month", "kwh", dash="series", dash_title=" ",
                                 point=False, **common))
    frame = pd.DataFrame(seen, columns=["month", "series", "kwh"])
    layers.append(line_layer(frame, "month", "kwh", color="series", color_title=" ",
                             point=False, **common))
    flagged = sorted({a["period"] for a in anomalies if a.get("rule") in MONTH_RULES})
    heat = {r[0]: r[1] for r in rows}
    marks = pd.DataFrame([(f"{p}-01", heat[p]) for p in flagged if p in heat],
                         columns=["month", "kwh"])
    if not marks.empty:
        layers.append(point_layer(marks, "month", "kwh", label=s("flagged_month", lang),
                                  mark_color=PALETTE[1], **common))
    title = s("monthly", lang)
    description = (f"{title} — {building.get('name') or building['building_id']} : "
                   if lang == "fr" else f"{title} — {building.get('name')}: ") + (
        f"{observed} / {expected}, {len(rows)} " + ("mois" if lang == "fr" else "months"))
    spec = layered(*layers, title=title, description=description, lang=lang)
    dju = "DJU" if lang == "fr" else "HDD"
    return embed_spec(files, folder, "monthly", lang, chart_id=f"energy-{slug}-monthly",
                      spec=spec, description=description,
                      columns=[Column(s("month", lang), "text"), Column(observed, "number", 0),
                               Column(expected, "number", 0), Column(dju, "number", 1)],
                      rows=rows)


def gain_chart(files: dict[str, SiteFile], slug: str, building: dict[str, Any],
               lang: str) -> str:
    """Climate-corrected gain against the décret tertiaire path (dashed), in %."""
    folder = f"{SECTION}/{slug}"
    ref = building.get("reference_year")
    gains = [(y["year"], y["gain"] * 100) for y in building.get("years") or []
             if is_number(y.get("gain"))]
    if not gains or not is_number(ref):
        return ""
    last = max(2030, gains[-1][0])
    path = [(year, expected_gain(year, int(ref)) * 100) for year in range(int(ref), last + 1)
            if expected_gain(year, int(ref)) is not None]
    observed, target = s("gain_observed", lang), s("gain_path", lang)
    common: dict[str, Any] = {"x_title": s("year", lang), "y_title": s("gain_pct", lang),
                              "x_type": "quantitative", "x_format": "d", "y_format": ",.1f"}
    layers = [line_layer(pd.DataFrame(gains, columns=["year", "gain"]).assign(series=observed),
                         "year", "gain", color="series", color_title=s("series", lang),
                         **common)]
    if path:
        frame = pd.DataFrame(path, columns=["year", "gain"]).assign(series=target)
        layers.append(line_layer(frame, "year", "gain", dash="series", dash_title=" ",
                                 point=False, **common))
    title = s("progress", lang)
    latest = gains[-1]
    description = (f"{title} : {observed.lower()} {number(latest[1], lang, 1)} % en {latest[0]}, "
                   f"{target.lower()}" if lang == "fr" else
                   f"{title}: {observed.lower()} {number(latest[1], lang, 1)}% in {latest[0]}, "
                   f"{target.lower()}")
    spec = layered(*layers, title=title, description=description, lang=lang, height=260)
    expected_by_year = dict(path)
    rows = [(year, value, expected_by_year.get(year)) for year, value in gains]
    rows += [(year, None, value) for year, value in path if year > gains[-1][0]]
    return embed_spec(files, folder, "gain", lang, chart_id=f"energy-{slug}-gain",
                      spec=spec, description=description,
                      columns=[Column(s("year", lang)), Column(observed + " (%)", "number", 1),
                               Column(target + " (%)", "number", 1)],
                      rows=rows)
