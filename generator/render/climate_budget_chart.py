"""The climate-budget chart: sector bars, yearly caps and both trajectories on one set of axes."""

from __future__ import annotations

from typing import Any

import pandas as pd

from generator.charts.figure import Chart, Column, build_chart
from generator.charts.spec import Rule, bar_layer, layered, line_layer, point_layer, rule_layer
from generator.render.section_common import label, tonnes
from generator.render.strings import phrase

CHART_ID = "budget-climat-emissions"
TEXT: dict[str, dict[str, str]] = {
    "title": {"fr": "Émissions, plafonds et trajectoires",
              "en": "Emissions, caps and trajectories"},
    "year": {"fr": "Année", "en": "Year"},
    "tco2e": {"fr": "tCO2e", "en": "tCO2e"},
    "sector": {"fr": "Secteur", "en": "Sector"},
    "series": {"fr": "Série", "en": "Series"},
    "cap": {"fr": "Plafond annuel voté", "en": "Voted yearly cap"},
    "trajectory": {"fr": "Trajectoire", "en": "Trajectory"},
    "linear": {"fr": "Linéaire", "en": "Linear"},
    "constant_rate": {"fr": "Taux constant", "en": "Constant rate"},
    "goal": {"fr": "Objectif {year} : {value} tCO2e", "en": "{year} goal: {value} tCO2e"},
    "description": {
        "fr": "Émissions par secteur de {first} à {last} (barres empilées), plafonds annuels "
              "votés (points) et trajectoires linéaire et à taux constant vers l'objectif "
              "(lignes pointillées).",
        "en": "Emissions by sector from {first} to {last} (stacked bars), voted yearly caps "
              "(points) and the linear and constant-rate trajectories to the goal "
              "(dashed lines).",
    },
}


def _text(key: str, lang: str, **values: Any) -> str:
    """A chart text in `lang`."""
    return phrase(TEXT, key, lang, **values)


def _bars(data: dict[str, Any], sectors: dict[str, dict[str, str]], lang: str) -> pd.DataFrame:
    """Year, sector label and tCO2e of every sector of every year."""
    rows = [(y["year"], label(sectors, s, lang), v)
            for y in data["years"] for s, v in sorted(y["sectors"].items())]
    return pd.DataFrame(rows, columns=["year", "sector", "tco2e"])


def _caps(data: dict[str, Any]) -> pd.DataFrame:
    """Year and cap of every year that has one, upcoming caps included."""
    rows = [(y["year"], y["cap_tco2e"]) for y in data["years"] if y["cap_tco2e"] is not None]
    rows += [(c["year"], c["cap_tco2e"]) for c in data.get("upcoming_caps") or []]
    return pd.DataFrame(rows, columns=["year", "cap_tco2e"])


def _paths(data: dict[str, Any], lang: str) -> pd.DataFrame:
    """Both trajectories, each starting from the latest total so the lines meet the bars."""
    latest = next((y for y in data["years"] if y["year"] == data.get("latest_year")), None)
    rows = []
    for key in ("linear", "constant_rate"):
        path = (data.get("trajectory") or {}).get(key, {}).get("path") or []
        if not path or latest is None:
            continue
        name = _text(key, lang)
        rows.append((latest["year"], name, latest["total_tco2e"]))
        rows += [(p["year"], name, p["tco2e"]) for p in path if p["tco2e"] is not None]
    return pd.DataFrame(rows, columns=["year", "trajectory", "tco2e"])


def _table(bars: pd.DataFrame, caps: pd.DataFrame, paths: pd.DataFrame,
           lang: str) -> list[tuple[Any, ...]]:
    """Rows of the chart's data table: year, series, value."""
    rows = [(int(y), s, float(v)) for y, s, v in bars.itertuples(index=False)]
    rows += [(int(y), _text("cap", lang), float(v)) for y, v in caps.itertuples(index=False)]
    rows += [(int(y), f"{_text('trajectory', lang)} : {s}" if lang == "fr"
              else f"{_text('trajectory', lang)}: {s}", float(v))
             for y, s, v in paths.itertuples(index=False)]
    return sorted(rows, key=lambda r: (r[0], r[1]))


def emissions_chart(data: dict[str, Any], sectors: dict[str, dict[str, str]],
                    lang: str) -> Chart | None:
    """The layered chart of the page, or None without any emissions."""
    bars = _bars(data, sectors, lang)
    if bars.empty:
        return None
    caps, paths = _caps(data), _paths(data, lang)
    axis = {"x_title": _text("year", lang), "y_title": _text("tco2e", lang)}
    layers: list[Any] = [bar_layer(bars, "year", "tco2e", color="sector",
                                   color_title=_text("sector", lang), y_format=",.0f", **axis)]
    if not caps.empty:
        layers.append(point_layer(caps, "year", "cap_tco2e", label=_text("cap", lang),
                                  y_format=",.0f", **axis))
    if not paths.empty:
        layers.append(line_layer(paths, "year", "tco2e", dash="trajectory",
                                 dash_title=_text("trajectory", lang), x_type="ordinal",
                                 y_format=",.0f", **axis))
    goal = data.get("goal") or {}
    if goal.get("tco2e") is not None and goal.get("year") is not None:
        text = _text("goal", lang, year=goal["year"], value=tonnes(goal["tco2e"], lang))
        layers.append(rule_layer([Rule(goal["tco2e"], text)], y_format=",.0f"))
    years = [y["year"] for y in data["years"]]
    description = _text("description", lang, first=min(years), last=max(years))
    spec = layered(*layers, title=_text("title", lang), description=description, lang=lang,
                   height=360)
    # eleven years on a phone: let Vega drop every other year label rather than overlap them
    spec["config"]["axisX"] = {"labelOverlap": True}
    return build_chart(
        CHART_ID, spec, lang=lang, description=description,
        table_columns=[Column(_text("year", lang)), Column(_text("series", lang), "text"),
                       Column(_text("tco2e", lang), "number", 0)],
        table_rows=_table(bars, caps, paths, lang),
    )


__all__ = ["CHART_ID", "emissions_chart"]
