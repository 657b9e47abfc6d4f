"""KPI status: latest value against baseline and target (DOMAIN.md section 6).

Decisions beyond the written rule, so that every indicator gets one of the five statuses:

- ``expected`` is 0 (latest period at or before the baseline year): the ratio is undefined, so the
  status is ``on-track`` when progress ≥ 0 and ``off-track`` otherwise (``achieved`` still wins).
- ``baseline_year == target_year``: ``expected`` is 1 once that year is reached, else 0.
- ``maintain``: ``on-track`` when ``|v − g| ≤ tolerance`` (absent → 0; ``tolerance_pct`` of the
  target is used when only that is given), else ``off-track``; never ``achieved``.
- ``g == b`` (not ``maintain``): a threshold KPI, ``achieved`` when ``v ≥ g`` (``v ≤ g`` for a
  ``decrease`` KPI), else ``off-track``; ``progress`` is null because it is undefined.
- a missing baseline or target value gives ``no-data`` (nothing to measure progress against).
- comparisons allow 1e-9 so that float rounding never moves a KPI across a threshold.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from generator.compute import coerce

STATUSES = ("achieved", "on-track", "at-risk", "off-track", "no-data")
DEFAULT_THRESHOLDS = {"on_track": 0.9, "at_risk": 0.7}
EPS = 1e-9
TEXT_FIELDS = ("label", "label_en", "unit", "theme", "source", "owner")


def compute_kpis(tables: dict[str, pd.DataFrame], config: dict | None) -> dict:
    """Status of every indicator plus a count per status."""
    cfg = config or {}
    thresholds = {**DEFAULT_THRESHOLDS, **(cfg.get("thresholds") or {})}
    history = _history(tables.get("observations"))
    rows = [
        _indicator(ind, history.get(ind["kpi_id"], []), thresholds)
        for ind in _indicators(tables.get("indicators"))
    ]
    rows.sort(key=lambda r: r["kpi_id"])
    counts = {status: 0 for status in STATUSES}
    for row in rows:
        counts[row["status"]] += 1
    return {"indicators": rows, "status_counts": counts}


def _indicators(df: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Indicator definitions as plain dicts with typed numbers."""
    if df is None or df.empty or "kpi_id" not in df:
        return []
    out = []
    numbers = ("baseline_year", "baseline_value", "target_year", "target_value", "tolerance",
               "tolerance_pct")
    typed = {col: _numeric(df, col) for col in numbers}
    for i, kpi_id in enumerate(df["kpi_id"]):
        if _missing(kpi_id):
            continue
        ind: dict[str, Any] = {"kpi_id": _id(kpi_id)}
        for col in TEXT_FIELDS + ("direction",):
            ind[col] = _text(df[col].iloc[i]) if col in df else None
        for col in numbers:
            ind[col] = _num(typed[col].iloc[i])
        out.append(ind)
    return out


def _history(df: pd.DataFrame | None) -> dict[str, list[dict[str, Any]]]:
    """Observations per KPI, sorted by time; one value per period (the last row wins)."""
    if df is None or df.empty or not {"kpi_id", "period", "value"} <= set(df.columns):
        return {}
    obs = pd.DataFrame({
        "kpi_id": df["kpi_id"].map(lambda v: None if _missing(v) else _id(v)),
        "value": pd.to_numeric(df["value"], errors="coerce"),
        "note": df["note"] if "note" in df else None,
    })
    obs["t"], obs["period"] = _period_times(df["period"])
    obs = obs.dropna(subset=["kpi_id", "value", "t"])
    obs = obs.drop_duplicates(subset=["kpi_id", "t"], keep="last").sort_values(["kpi_id", "t"])
    out: dict[str, list[dict[str, Any]]] = {}
    rows = obs[["kpi_id", "t", "period", "value", "note"]].itertuples(index=False)
    for kpi_id, t, period, value, note in rows:
        out.setdefault(kpi_id, []).append(
            {"period": period, "value": _num(value), "t": float(t), "note": _text(note)}
        )
    return out


def _period_times(periods: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Decimal-year time and display label: a year stays an int, a date becomes ISO text."""
    if pd.api.types.is_datetime64_any_dtype(periods):
        dates, years = periods, pd.Series(math.nan, index=periods.index)
    else:
        years = pd.to_numeric(periods, errors="coerce")
        years = years.where(years % 1 == 0)
        text = periods.astype("string").where(years.isna())
        dates = pd.to_datetime(text, errors="coerce", format="ISO8601")
    frac = (dates.dt.day_of_year - 1) / (365 + dates.dt.is_leap_year.astype(float))
    t = years.astype(float).fillna(dates.dt.year + frac)
    labels = [
        int(y) if not math.isnan(y) else (None if pd.isna(d) else d.date().isoformat())
        for y, d in zip(years.astype(float), dates)
    ]
    return t, pd.Series(labels, index=periods.index, dtype=object)


def _indicator(ind: dict[str, Any], history: list[dict[str, Any]], th: dict) -> dict[str, Any]:
    """Progress, expected progress and status of one indicator."""
    latest = history[-1] if history else None
    v = latest["value"] if latest else None
    b, g = ind["baseline_value"], ind["target_value"]
    progress = None if v is None or b is None or g is None or g == b else (v - b) / (g - b)
    expected = _expected(latest["t"] if latest else None, ind["baseline_year"], ind["target_year"])
    ratio = progress / expected if progress is not None and expected else None
    status = _status(ind, v, progress, expected, ratio, th)
    return {
        "kpi_id": ind["kpi_id"],
        "latest_period": latest["period"] if latest else None,
        "latest_value": v,
        "progress": progress,
        "expected": expected,
        "status": status,
        "ratio": ratio,
        **{key: ind[key] for key in TEXT_FIELDS + ("direction",)},
        "baseline_year": _year(ind["baseline_year"]),
        "baseline_value": b,
        "target_year": _year(ind["target_year"]),
        "target_value": g,
        "tolerance": _tolerance(ind),
        "latest_note": latest["note"] if latest else None,
        "history": [{"period": h["period"], "value": h["value"]} for h in history],
    }


def _expected(t: float | None, tb: float | None, tg: float | None) -> float | None:
    """Share of the baseline→target time elapsed at t, clamped to [0, 1]."""
    if t is None or tb is None or tg is None:
        return None
    if tg == tb:
        return 1.0 if t >= tg else 0.0
    return min(max((t - tb) / (tg - tb), 0.0), 1.0)


def _status(ind: dict, v: float | None, progress: float | None, expected: float | None,
            ratio: float | None, th: dict) -> str:
    """Apply the section 6 rule, with the documented edge cases."""
    b, g = ind["baseline_value"], ind["target_value"]
    if v is None or g is None or (b is None and ind["direction"] != "maintain"):
        return "no-data"
    if ind["direction"] == "maintain":
        return "on-track" if abs(v - g) <= _tolerance(ind) + EPS * max(1.0, abs(g)) else "off-track"
    if g == b:
        reached = v <= g + EPS if ind["direction"] == "decrease" else v >= g - EPS
        return "achieved" if reached else "off-track"
    assert progress is not None
    if progress >= 1 - EPS:
        return "achieved"
    if ratio is None:  # expected is 0 or unknown: nothing was due yet
        return "on-track" if progress >= -EPS else "off-track"
    if ratio >= th["on_track"] - EPS:
        return "on-track"
    if ratio >= th["at_risk"] - EPS:
        return "at-risk"
    return "off-track"


def _tolerance(ind: dict[str, Any]) -> float:
    """Absolute tolerance of a maintain KPI: tolerance, else tolerance_pct of the target, else 0."""
    if ind.get("tolerance") is not None:
        return abs(ind["tolerance"])
    if ind.get("tolerance_pct") is not None and ind.get("target_value") is not None:
        return abs(ind["target_value"]) * abs(ind["tolerance_pct"]) / 100
    return 0.0


def _numeric(df: pd.DataFrame, col: str) -> pd.Series:
    """A column coerced to float, or all-NaN when absent."""
    if col not in df:
        return pd.Series(math.nan, index=df.index)
    return coerce.numbers(df[col])


def _missing(value: Any) -> bool:
    """True for None, NaN, pd.NA and blank strings."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _id(value: Any) -> str:
    """An identifier as text (an integral float loses its '.0')."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _text(value: Any) -> str | None:
    """A text cell, or None when missing."""
    return None if _missing(value) else str(value).strip()


def _num(value: Any) -> float | None:
    """A finite float, or None (blank text is missing, a boolean counts as 1/0)."""
    # kept apart from coerce.number, which gives None for a boolean: an observation typed
    # boolean has always counted here as 1/0
    return None if _missing(value) else coerce.number(float(value))


def _year(value: float | None) -> int | float | None:
    """A year as int when integral."""
    return int(value) if value is not None and float(value).is_integer() else value
