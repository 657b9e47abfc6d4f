"""Input normalisation for the building-energy computation: typed, defensive frames.

The loader types columns, but these helpers coerce again (numbers, dates, identifiers as text) so
that the computation never depends on how a CSV happened to be read.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from generator.compute import coerce


def buildings(df: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    """Building attributes by id."""
    if df is None or df.empty or "building_id" not in df:
        return {}
    frame = pd.DataFrame({"building_id": coerce.ids(df["building_id"])})
    for col in ("name", "use", "heating_energy"):
        frame[col] = coerce.ids(df[col]) if col in df else None
    for col in ("floor_area_m2", "reference_year"):
        frame[col] = pd.to_numeric(df[col], errors="coerce") if col in df else math.nan
    frame["decret_tertiaire"] = df["decret_tertiaire"] if "decret_tertiaire" in df else None
    frame = frame.dropna(subset=["building_id"]).drop_duplicates("building_id", keep="last")
    return {row["building_id"]: row for row in frame.to_dict("records")}


def readings(df: pd.DataFrame | None) -> pd.DataFrame:
    """Readings with typed columns and a duration; rows without building or start are dropped."""
    cols = ["building_id", "energy", "period_start", "period_end", "kwh", "reading_type"]
    if df is None or df.empty or not {"building_id", "period_start", "kwh"} <= set(df.columns):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols + ["duration"]})
    out = pd.DataFrame({
        "building_id": coerce.ids(df["building_id"]),
        "energy": coerce.ids(df["energy"]) if "energy" in df else "unknown",
        "period_start": dates(df["period_start"]),
        "period_end": dates(df["period_end"]) if "period_end" in df else pd.NaT,
        "kwh": pd.to_numeric(df["kwh"], errors="coerce").astype(float),
        "reading_type": coerce.ids(df["reading_type"]) if "reading_type" in df else None,
    })
    out["energy"] = out["energy"].fillna("unknown")
    out = out.dropna(subset=["building_id", "period_start"]).reset_index(drop=True)
    out["duration"] = out["period_end"] - out["period_start"]
    return out


def degree_days(df: pd.DataFrame | None) -> pd.Series:
    """Observed DJU per month (first day of the month)."""
    if df is None or df.empty or not {"month", "dju"} <= set(df.columns):
        return pd.Series(dtype=float, index=pd.DatetimeIndex([], name="month"))
    frame = pd.DataFrame({
        "month": dates(df["month"]).dt.to_period("M").dt.to_timestamp(),
        "dju": pd.to_numeric(df["dju"], errors="coerce").astype(float),
    }).dropna()
    return frame.groupby("month")["dju"].sum()


def dju_normal(dju: pd.Series, years: list | None) -> pd.Series:
    """Normal DJU per calendar month (1–12): the mean over the chosen years."""
    if years:
        dju = dju[(dju.index.year >= int(years[0])) & (dju.index.year <= int(years[-1]))]
    return dju.groupby(dju.index.month).mean()


def factors(df: pd.DataFrame | None) -> dict[str, list[dict[str, Any]]]:
    """Emission factors by lower-cased energy."""
    if df is None or df.empty or not {"energy", "kgco2e_per_kwh"} <= set(df.columns):
        return {}
    frame = pd.DataFrame({
        "energy": coerce.ids(df["energy"]),
        "value": pd.to_numeric(df["kgco2e_per_kwh"], errors="coerce").astype(float),
        "year": pd.to_numeric(df["year"], errors="coerce") if "year" in df else math.nan,
        "source": coerce.ids(df["source"]) if "source" in df else None,
    }).dropna(subset=["energy", "value"])
    out: dict[str, list[dict[str, Any]]] = {}
    for row in frame.to_dict("records"):
        year = None if pd.isna(row["year"]) else int(row["year"])
        out.setdefault(row["energy"].lower(), []).append(
            {"kgco2e_per_kwh": row["value"], "year": year, "source": row["source"]}
        )
    return out


def pick_factor(factors: dict, energy: str, year: int) -> dict[str, Any] | None:
    """The factor of that year, else the latest before, else one without year, else any."""
    rows = factors.get(energy.lower(), [])
    dated = sorted((r for r in rows if r["year"] is not None), key=lambda r: r["year"])
    for candidates in (
        [r for r in dated if r["year"] == year],
        [r for r in dated if r["year"] < year],
        [r for r in rows if r["year"] is None][:1],
        [r for r in dated if r["year"] > year][:1],
    ):
        if candidates:
            return candidates[-1]
    return None


def monthly_totals(readings: pd.DataFrame, dju: pd.Series, normal: pd.Series) -> pd.DataFrame:
    """kWh per building, energy and month, with days, observed DJU and normal DJU."""
    cols = ["building_id", "energy", "month", "kwh", "year", "days", "dju", "dju_normal"]
    valid = readings.dropna(subset=["kwh"])
    if valid.empty:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in cols})
    month = valid["period_start"].dt.to_period("M").dt.to_timestamp()
    out = valid.assign(month=month).groupby(
        ["building_id", "energy", "month"], as_index=False
    )["kwh"].sum()
    out["year"] = out["month"].dt.year.astype(int)
    out["days"] = out["month"].dt.days_in_month.astype(float)
    out["dju"] = out["month"].map(dju).astype(float)
    out["dju_normal"] = out["month"].dt.month.map(normal).astype(float)
    return out[cols]


def occupancy(df: pd.DataFrame | None) -> pd.DataFrame:
    """Occupancy as building_id, day, lower-case status (empty when absent)."""
    if df is None or df.empty or not {"building_id", "date", "status"} <= set(df.columns):
        return pd.DataFrame(columns=["building_id", "day", "status"])
    out = pd.DataFrame({"building_id": coerce.ids(df["building_id"]),
                        "day": dates(df["date"]).dt.normalize(),
                        "status": coerce.ids(df["status"]).str.lower()})
    return out.dropna().drop_duplicates(["building_id", "day"], keep="last")


def dates(series: pd.Series) -> pd.Series:
    """Dates as naive datetimes; unparseable values become NaT."""
    out = pd.to_datetime(series, errors="coerce")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out


def num(value: Any) -> float | None:
    """A finite float, or None; text (even '12') is never a number here."""
    # kept apart from coerce.number, which reads numeric text ('12' -> 12.0): this one does not
    return None if isinstance(value, str) else coerce.number(value)


def flag(value: Any) -> bool | None:
    """A boolean cell (true/false, 1/0, oui/non), or None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return {"true": True, "1": True, "oui": True, "yes": True,
                "false": False, "0": False, "non": False, "no": False}.get(value.strip().lower())
    return bool(value)
