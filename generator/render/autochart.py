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
MAX_POINTS = 2000


@dataclass(frozen=True)
class ChartPlan:
    """Which columns to draw, and how."""

    kind: str
    x: str
    y: str | None
    x_type: str


def _label(field: dict[str, Any]) -> str:
    return str(field.get("title") or field.get("name"))


def plan_chart(fields: list[dict[str, Any]], table: pd.DataFrame) -> ChartPlan | None:
    """The chart that suits the table, or None when nothing sensible can be drawn."""
    if table.empty:
        return None
    numbers = [f for f in fields if f.get("type") in NUMBER_TYPES
               and f["name"].lower() not in TIME_NAMES and table[f["name"]].notna().any()
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


def chart_data(plan: ChartPlan, table: pd.DataFrame) -> pd.DataFrame:
    """The aggregated data the chart shows (sums per x; counts for bar-count)."""
    if plan.kind == "bar-count":
        data = table.groupby(plan.x, dropna=True).size().reset_index(name="n")
        return data.sort_values(["n", plan.x], ascending=[False, True])
    data = table[[plan.x, plan.y]].dropna()
    data = data.assign(**{plan.y: pd.to_numeric(data[plan.y], errors="coerce")}).dropna()
    data = data.groupby(plan.x, dropna=True, sort=True)[plan.y].sum().reset_index()
    if plan.kind == "line" and len(data) > MAX_POINTS:
        step = -(-len(data) // MAX_POINTS)
        data = data.iloc[::step]
    return data


def chart_title(plan: ChartPlan, fields: dict[str, dict[str, Any]], lang: str) -> str:
    """A sentence saying what the chart shows."""
    x = _label(fields[plan.x])
    if plan.kind == "bar-count":
        return t("chart_bar_count", lang, x=x)
    y = _label(fields[plan.y])
    return t("chart_line" if plan.kind == "line" else "chart_bar", lang, x=x, y=y)
