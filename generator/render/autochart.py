"""Pick a chart from a table's schema: time + number → line, category + number → bars."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from generator.render.strings import t

TIME_TYPES = {"date", "datetime", "year", "yearmonth"}
TIME_NAMES = {"year", "annee", "année", "period", "periode", "période", "date", "mois", "month"}
NUMBER_TYPES = {"number", "integer"}
MAX_CATEGORIES = 25
MAX_POINTS = 400
"""A line has at most this many points: longer daily series are summed per month, then per
year (a readable chart, an accessible table of a sensible length, a light page)."""


@dataclass(frozen=True)
class ChartPlan:
    """Which columns to draw, and how."""

    kind: str
    x: str
    y: str | None
    x_type: str


def _label(field: dict[str, Any]) -> str:
    return str(field.get("title") or field.get("name"))


def _year_like(name: str) -> bool:
    """A number column holding years (`start_year`, `BGT_ANNEE`): never a measure to sum."""
    words = name.lower().replace("-", "_").split("_")
    return name.lower() in TIME_NAMES or any(w in ("year", "annee", "année") for w in words)


def plan_chart(fields: list[dict[str, Any]], table: pd.DataFrame) -> ChartPlan | None:
    """The chart that suits the table, or None when nothing sensible can be drawn."""
    if table.empty:
        return None
    numbers = [f for f in fields if f.get("type") in NUMBER_TYPES
               and not _year_like(f["name"]) and table[f["name"]].notna().any()
               and not f["name"].lower().endswith(("_id", "id"))]
    times = [f for f in fields if f.get("type") in TIME_TYPES
             or (f.get("type") == "integer" and f["name"].lower() in TIME_NAMES)]
    times = [f for f in times if table[f["name"]].notna().any()]
    categories = [f for f in fields if f.get("type") == "string"
                  and 1 < table[f["name"]].nunique() <= MAX_CATEGORIES]
    if times and numbers:
        time = times[0]
        x_type = "temporal" if time.get("type") in ("date", "datetime") else "ordinal"
        return ChartPlan("line", time["name"], numbers[0]["name"], x_type)
    if categories and numbers:
        return ChartPlan("bar", categories[0]["name"], numbers[0]["name"], "nominal")
    if categories:
        return ChartPlan("bar-count", categories[0]["name"], None, "nominal")
    return None


def chart_data(plan: ChartPlan, table: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The aggregated data the chart shows (sums per x; counts for bar-count), and the period
    ("month" or "year") a long temporal series was summed by, if it was."""
    if plan.kind == "bar-count":
        data = table.groupby(plan.x, dropna=True).size().reset_index(name="n")
        return data.sort_values(["n", plan.x], ascending=[False, True]), None
    data = table[[plan.x, plan.y]].dropna()
    data = data.assign(**{plan.y: pd.to_numeric(data[plan.y], errors="coerce")}).dropna()
    data = data.groupby(plan.x, dropna=True, sort=True)[plan.y].sum().reset_index()
    if plan.kind != "line" or len(data) <= MAX_POINTS:
        return data, None
    if plan.x_type == "temporal":
        moments = pd.to_datetime(data[plan.x], errors="coerce", utc=True)
        if moments.notna().all():
            for period, code in (("month", "M"), ("year", "Y")):
                labels = moments.dt.tz_localize(None).dt.to_period(code).astype(str)
                summed = data.groupby(labels.to_numpy(), sort=True)[plan.y].sum()
                if len(summed) <= MAX_POINTS or period == "year":
                    return summed.rename_axis(plan.x).reset_index(), period
    return data.iloc[-MAX_POINTS:].reset_index(drop=True), "last"


def chart_title(plan: ChartPlan, fields: dict[str, dict[str, Any]], lang: str,
                period: str | None = None, summed: bool = False) -> str:
    """A sentence saying what the chart shows: how a long series was shortened, and that
    several rows per x were added up (`summed`)."""
    x = _label(fields[plan.x])
    if plan.kind == "bar-count":
        return t("chart_bar_count", lang, x=x)
    y = _label(fields[plan.y])
    title = t("chart_line" if plan.kind == "line" else "chart_bar", lang, x=x, y=y)
    if period:
        title += " " + t(f"chart_per_{period}", lang, n=MAX_POINTS)
    elif summed:
        title += " " + t("chart_summed", lang, x=x)
    return title


def several_rows_per_x(plan: ChartPlan, table: pd.DataFrame) -> bool:
    """True when the chart adds up several rows for one x (its title must say so)."""
    if plan.y is None:
        return False
    return bool(table[[plan.x, plan.y]].dropna()[plan.x].duplicated().any())
