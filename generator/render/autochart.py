"""Pick a chart from a table's schema: time + number → line, category + number → bars."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from generator.render.strings import t

TIME_TYPES = {"date", "datetime", "year", "yearmonth"}
TIME_NAMES = {"year", "annee", "année", "period", "periode", "période", "date", "mois", "month"}
NUMBER_TYPES = {"number", "integer"}
MAX_CATEGORIES = 25
MAX_SERIES = 8
"""More series than this in one long table (indicators by period, say): no automatic chart,
since adding them up would mix quantities that do not add."""
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
    series: str | None = None
    """A column whose values are separate series (a line or a bar segment each)."""


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
        return _with_series(ChartPlan("line", time["name"], numbers[0]["name"], x_type),
                            fields, table)
    if categories and numbers:
        return _with_series(ChartPlan("bar", categories[0]["name"], numbers[0]["name"],
                                      "nominal"), fields, table)
    if categories:
        return ChartPlan("bar-count", categories[0]["name"], None, "nominal")
    return None


def _with_series(plan: ChartPlan, fields: list[dict[str, Any]], table: pd.DataFrame
                 ) -> ChartPlan | None:
    """The plan, split into series when several rows per x belong to different series.

    A text column is a series when its values recur across x values (a building, a sector)
    and it splits the rows of an x into several groups. Up to MAX_SERIES series are drawn
    apart; more: no chart. Without such a column the rows of one x are added up (the title
    says so).
    """
    present = (table[plan.x].notna() & table[plan.y].notna()).to_numpy()
    x_values, x_codes = _present_codes(table[plan.x], present)
    if len(x_values) == len(x_codes):
        return plan  # one row per x
    for field in fields:
        name = field["name"]
        if field.get("type") != "string" or name == plan.x:
            continue
        filled = table[name].notna().to_numpy()
        known = filled[present]  # the rows present with a value in this column
        if not known.any():
            continue
        values, codes = _present_codes(table[name], present & filled)
        # the distinct (series, x) pairs, and how many x values each series spans
        pairs = np.unique(codes.astype(np.int64) * len(x_values) + x_codes[known])
        spans = np.bincount(pairs // len(x_values), minlength=len(values))
        if len(spans) < 2 or (spans > 1).mean() < 0.5:
            continue  # identifiers of single rows, or one value: not series
        if len(pairs) < 1.5 * len(x_values):
            continue  # does not split the rows of an x into series
        return replace(plan, series=name) if len(spans) <= MAX_SERIES else None
    return plan


def _present_codes(column: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (as codes) of the rows selected (a mask; none of them missing),
    and each selected row's number among them. The whole column is factorised at once:
    Arrow text then needs no Python string per cell."""
    values, codes = np.unique(pd.factorize(column)[0][rows], return_inverse=True)
    return values, codes


def chart_data(plan: ChartPlan, table: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The aggregated data the chart shows (sums per x and series; counts for bar-count), and
    the period ("month" or "year") a long temporal series was summed by, if it was."""
    data, period, _ = summarise(plan, table)
    return data, period


def summarise(plan: ChartPlan, table: pd.DataFrame) -> tuple[pd.DataFrame, str | None, bool]:
    """chart_data's data and period, and several_rows_per_x's answer, from one grouping."""
    fast = _line_over_days(plan, table)
    return fast if fast is not None else _summarise(plan, table)


def _summarise(plan: ChartPlan, table: pd.DataFrame) -> tuple[pd.DataFrame, str | None, bool]:
    """summarise, with pandas: any table."""
    if plan.kind == "bar-count":
        data = table.groupby(plan.x, dropna=True).size().reset_index(name="n")
        return data.sort_values(["n", plan.x], ascending=[False, True]), None, False
    keys = [plan.x] + ([plan.series] if plan.series else [])
    present = table[[*keys, plan.y]].dropna()
    data = present.assign(**{plan.y: pd.to_numeric(present[plan.y], errors="coerce")}).dropna()
    grouped = data.groupby(keys, dropna=True, sort=True)[plan.y].sum().reset_index()
    # the groups are the distinct keys of the rows present, unless some y was not a number
    summed = len(grouped) < len(present) if len(data) == len(present) else bool(
        present.duplicated(subset=keys).any())
    data = grouped
    points = data[plan.x].nunique()
    if plan.kind != "line" or points <= MAX_POINTS:
        return data, None, summed
    if plan.x_type == "temporal":
        moments = pd.to_datetime(data[plan.x], errors="coerce", utc=True)
        if moments.notna().all():
            naive = moments.dt.tz_localize(None).to_numpy()
            for period, code in (("month", "M"), ("year", "Y")):
                # as Period text ("2019-08", "2019"), each distinct period formatted once
                starts, which = np.unique(naive.astype(f"datetime64[{code}]"),
                                          return_inverse=True)
                labels = pd.Series(starts.astype(str)[which], index=data.index, name=plan.x)
                by = [labels] + ([data[plan.series]] if plan.series else [])
                summed_by = data.groupby(by, sort=True)[plan.y].sum()
                if summed_by.index.get_level_values(0).nunique() <= MAX_POINTS \
                        or period == "year":
                    return summed_by.reset_index(), period, summed
    last = sorted(data[plan.x].unique())[-MAX_POINTS:]
    return data[data[plan.x].isin(last)].reset_index(drop=True), "last", summed


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_NANOSECOND_DAYS = (date(1678, 1, 1).toordinal(), date(2261, 12, 31).toordinal())
"""Dates pandas can hold as nanoseconds, as _summarise reads them."""


def _line_over_days(plan: ChartPlan, table: pd.DataFrame
                    ) -> tuple[pd.DataFrame, str | None, bool] | None:
    """_summarise's answer for a line over dates (datetime.date values) of numbers (float64),
    worked out on day numbers and integer codes in numpy: a third of the time, the same frame
    (the sums are pandas' own: each group's values added in the same order, with the same
    compensation, see _group_sums). None when the table is not such a table."""
    if plan.kind != "line" or plan.x_type != "temporal" or table[plan.y].dtype != np.float64 \
            or table[plan.x].dtype != object:
        return None
    values = table[plan.y].to_numpy()
    moments = table[plan.x].to_numpy()
    present = ~np.isnan(values) & pd.notna(moments)
    if plan.series:
        present &= table[plan.series].notna().to_numpy()
    rows = np.flatnonzero(present)
    if not len(rows):
        return None
    seen_codes, seen = pd.factorize(moments[rows])  # each distinct date once, as first seen
    if set(map(type, seen)) != {date}:
        return None
    ordinals = np.fromiter((day.toordinal() for day in seen), np.int64, len(seen))
    order = np.argsort(ordinals)
    distinct_days = ordinals[order]
    day_codes = np.empty(len(seen), np.int64)
    day_codes[order] = np.arange(len(seen))
    day_codes, day_objects = day_codes[seen_codes], seen[order]
    if plan.series:  # the whole column's values: only those of the rows present are used
        try:
            series_codes, series = pd.factorize(table[plan.series], sort=True)
        except TypeError:  # kinds of values pandas cannot sort
            return None
        series_codes = series_codes[rows]
    else:
        series_codes, series = np.zeros(len(rows), np.int64), None
    width = len(series) if series is not None else 1
    # the groups of (day, series), in that order: _summarise's rows
    groups, group_codes = np.unique(day_codes * width + series_codes, return_inverse=True)
    sums = _group_sums(group_codes, values[rows], len(groups))
    summed = len(groups) < len(rows)
    group_days, group_series = groups // width, groups % width
    if len(distinct_days) <= MAX_POINTS:
        columns = {plan.x: day_objects[group_days]}
        return _frame(plan, columns, series, group_series, sums), None, summed
    if distinct_days[0] < _NANOSECOND_DAYS[0] or distinct_days[-1] > _NANOSECOND_DAYS[1]:
        return None
    calendar = (distinct_days - _EPOCH_ORDINAL).astype("datetime64[D]")
    for period, code in (("month", "M"), ("year", "Y")):
        starts, which = np.unique(calendar.astype(f"datetime64[{code}]"), return_inverse=True)
        if len(starts) <= MAX_POINTS or period == "year":
            # 4-digit years: the Period text sorts as the periods do
            keys, key_codes = np.unique(which[group_days] * width + group_series,
                                        return_inverse=True)
            totals = _group_sums(key_codes, sums, len(keys))
            columns = {plan.x: pd.Series(starts.astype(str)[keys // width])}
            return _frame(plan, columns, series, keys % width, totals), period, summed
    return None


def _frame(plan: ChartPlan, columns: dict[str, Any], series: Any, series_codes: np.ndarray,
           sums: np.ndarray) -> pd.DataFrame:
    if plan.series:
        columns[plan.series] = series.take(series_codes)
    frame = pd.DataFrame(columns)
    frame[plan.y] = sums
    return frame


def _group_sums(groups: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """The sum of `values` by group code (0 to count - 1), as pandas' groupby sum makes it.

    pandas 3.1 adds up with numpy's reduceat when the rows come group after group and no value
    is NaN; else each group's values in their order, NaN skipped, with Kahan's compensation
    (reset when it is NaN: an infinite value). The compensated sums are vectorised across
    groups: one step per value of the largest group. tests/unit/test_autochart.py compares
    this with pandas itself, so a pandas that sums otherwise fails the tests."""
    if not np.isnan(values).any() and bool((groups[1:] >= groups[:-1]).all()):
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        total = np.zeros(count)
        total[groups[starts]] = np.add.reduceat(values, starts)
        return total
    order = np.argsort(groups, kind="stable")
    ordered_groups, ordered = groups[order], values[order]
    starts = np.flatnonzero(np.r_[True, ordered_groups[1:] != ordered_groups[:-1]])
    sizes = np.diff(np.r_[starts, len(ordered)])
    # the groups from the largest down: those still adding at a step are the first ones
    by_size = np.argsort(-sizes, kind="stable")
    starts, sizes, labels = starts[by_size], sizes[by_size], ordered_groups[starts[by_size]]
    live = np.searchsorted(-sizes, -np.arange(sizes[0] if len(sizes) else 0), side="left")
    total, compensation = np.zeros(len(sizes)), np.zeros(len(sizes))
    with np.errstate(invalid="ignore"):
        for step, n in enumerate(live):
            value = ordered[starts[:n] + step]
            y = value - compensation[:n]
            t = total[:n] + y
            error = (t - total[:n]) - y
            error[np.isnan(error)] = 0.0
            number = ~np.isnan(value)
            if number.all():
                compensation[:n], total[:n] = error, t
            else:  # NaN is skipped
                compensation[:n] = np.where(number, error, compensation[:n])
                total[:n] = np.where(number, t, total[:n])
    sums = np.zeros(count)
    sums[labels] = total
    return sums


def chart_title(plan: ChartPlan, fields: dict[str, dict[str, Any]], lang: str,
                period: str | None = None, summed: bool = False) -> str:
    """A sentence saying what the chart shows: how a long series was shortened, and that
    several rows per x were added up (`summed`)."""
    x = _label(fields[plan.x])
    if plan.kind == "bar-count":
        return t("chart_bar_count", lang, x=x)
    y = _label(fields[plan.y])
    title = t("chart_line" if plan.kind == "line" else "chart_bar", lang, x=x, y=y)
    if plan.series:
        series = _label(fields[plan.series])
        title += " " + t("chart_series", lang, s=series)
    if period:
        title += " " + t(f"chart_per_{period}", lang, n=MAX_POINTS)
    elif summed:
        title += " " + t("chart_summed", lang, x=x)
    return title


def several_rows_per_x(plan: ChartPlan, table: pd.DataFrame) -> bool:
    """True when the chart adds up several rows for one x and series (the title says so)."""
    if plan.y is None:
        return False
    keys = [plan.x] + ([plan.series] if plan.series else [])
    return bool(table[[*keys, plan.y]].dropna().duplicated(subset=keys).any())
