"""Anomaly rules 1–6 and data-quality checks (rule 7) of DOMAIN.md section 5.

Thresholds come from ``config["anomalies"]`` over ``DEFAULTS``. Choices made here:

- Rule 1 (``degree-day-residual``, ``cusum-drift``) needs an accepted model; σ is the fit's
  √(Σr²/(n−2)), floored at ``residual_sigma_floor`` (1 %) of the mean reference month so that a
  near-perfect fit does not turn rounding noise into alerts. CUSUM runs over the heating months
  (``heating_months``, Oct–May) of each calendar year; an alert when its largest excursion exceeds
  ``cusum_drift`` (5 %) of the model's expected kWh for those months. Both rules flag use above
  the expectation only, unless ``flag_savings`` is true (then drops too).
- Rule 2 (``heating-out-of-season``): the summer base is the median kWh/day of the building's
  heating months with DJU < 10 (needs ``summer_min_months``, 3).
- Rule 3 (``closure-consumption``) runs only with an ``occupancy`` table and readings of a day or
  less; a closed day is compared with the median open day of the same month (else of all months).
  The heating ratio (0.6) applies to the heating energy, the electricity ratio (0.5) to the others.
- Rule 4 (``night-baseload``) runs only on readings shorter than a day; occupied days are ``open``
  days of ``occupancy`` when listed, else Monday–Friday.
- Rule 5 (``year-on-year``) compares consecutive years covering the same calendar months.
- Rule 6 (``benchmark``) uses complete years (12 months), peer groups of ≥ 4 buildings of the same
  use, and optional OPERAT Cabs values per use (``benchmark_cabs``).
- Severities: ``alert`` for |z| > 3 and CUSUM drift; everything else is a ``warning``.
- Data quality: gaps between readings (> 1 day), months totalling zero or less, runs of ≥ 3
  identical monthly totals, estimated readings, missing kWh. Months with kWh ≤ 0 are left out of
  rules 1 and 2 so that a data problem is not counted again as an anomaly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from generator.compute.energy_inputs import num

DEFAULTS: dict[str, Any] = {
    "residual_warning_z": 2.0, "residual_alert_z": 3.0, "residual_sigma_floor": 0.01,
    "cusum_drift": 0.05, "heating_months": [1, 2, 3, 4, 5, 10, 11, 12],
    "summer_dju": 10.0, "summer_base_factor": 1.5, "summer_min_months": 3,
    "closure_heating_ratio": 0.6, "closure_electricity_ratio": 0.5,
    "closed_statuses": ["closed", "holiday"], "open_statuses": ["open"],
    "night_ratio": 0.5, "night_hours": [0, 5], "occupied_hours": [8, 18],
    "year_on_year": 0.10, "benchmark_percentile": 75, "benchmark_min_peers": 4,
    "benchmark_min_months": 12, "benchmark_cabs": {}, "flat_line_min": 3, "gap_days": 1,
    # Abnormal use means consuming more than expected; lasting savings (a retrofit) would
    # otherwise flood the list. Set true to flag drops too (e.g. to catch a failing meter).
    "flag_savings": False,
}
ESTIMATED = {"estimated", "estimate", "estime", "estimé", "estimation"}
DAY = pd.Timedelta(days=1)


def settings(config: dict) -> dict[str, Any]:
    """Anomaly thresholds: DOMAIN defaults overridden by config["anomalies"]."""
    return {**DEFAULTS, **((config or {}).get("anomalies") or {})}


def detect_anomalies(heat: pd.DataFrame, annual: pd.DataFrame, readings: pd.DataFrame,
                     occupancy: pd.DataFrame, heating: dict[str, str | None],
                     s: dict[str, Any]) -> list[dict[str, Any]]:
    """All anomalies, sorted by building, period, rule."""
    found = []
    if not heat.empty:
        found += _residuals(heat, s) + _cusum(heat, s) + _out_of_season(heat, s)
    found += _closures(readings, occupancy, heating, s) + _night_baseload(readings, occupancy, s)
    if not annual.empty:
        found += _year_on_year(annual, s) + _benchmark(annual, s)
    return sorted(found, key=lambda a: (a["building_id"], a["period"], a["rule"],
                                        str(a["evidence"].get("energy") or "")))


def _anomaly(bid: str, period: str, rule: str, severity: str, **evidence: Any) -> dict[str, Any]:
    """One anomaly record with JSON-ready evidence."""
    clean = {k: num(v) if isinstance(v, (float, np.floating, np.integer)) else v
             for k, v in evidence.items()}
    return {"building_id": bid, "period": period, "rule": rule, "severity": severity,
            "evidence": clean}


def _modelled(heat: pd.DataFrame) -> pd.DataFrame:
    """Heating months of accepted models with a prediction and a positive reading."""
    ok = heat["accepted"].astype(bool) & heat["pred"].notna() & (heat["kwh"] > 0)
    return heat[ok]


def _residuals(heat: pd.DataFrame, s: dict[str, Any]) -> list[dict[str, Any]]:
    """Rule 1: standardised residual beyond 2σ (warning) or 3σ (alert)."""
    h = _modelled(heat)
    sigma = np.maximum(h["sigma"].astype(float), s["residual_sigma_floor"] * h["ref_mean"])
    z = h["resid"] / sigma
    size = z.abs() if s["flag_savings"] else z
    hits = h.assign(z=z, sigma_used=sigma)[size > s["residual_warning_z"]]
    out = []
    for r in hits.itertuples(index=False):
        alert = abs(r.z) > s["residual_alert_z"]
        out.append(_anomaly(
            r.building_id, r.month.strftime("%Y-%m"), "degree-day-residual",
            "alert" if alert else "warning", observed=r.kwh, expected=r.pred,
            threshold=s["residual_alert_z"] if alert else s["residual_warning_z"], z=r.z,
            sigma=r.sigma_used, dju=r.dju, energy=r.energy))
    return out


def _cusum(heat: pd.DataFrame, s: dict[str, Any]) -> list[dict[str, Any]]:
    """Rule 1b: CUSUM of residuals over a year's heating months beyond 5 % of expected kWh."""
    h = _modelled(heat)
    h = h[h["month"].dt.month.isin(s["heating_months"])].sort_values(["building_id", "month"])
    if h.empty:
        return []
    keys = [h["building_id"], h["year"]]
    h = h.assign(cusum=h["resid"].groupby(keys).cumsum())
    h = h.assign(abs_cusum=h["cusum"].abs() if s["flag_savings"] else h["cusum"])
    peak = h.loc[h.groupby(["building_id", "year"])["abs_cusum"].idxmax()]
    sums = h.groupby(["building_id", "year"]).agg(observed=("kwh", "sum"),
                                                    expected=("pred", "sum"),
                                                    months=("kwh", "size"))
    out = []
    for r in peak.itertuples(index=False):
        tot = sums.loc[(r.building_id, r.year)]
        limit = s["cusum_drift"] * tot["expected"]
        drift = abs(r.cusum) if s["flag_savings"] else r.cusum
        if tot["expected"] > 0 and drift > limit:
            out.append(_anomaly(
                r.building_id, str(r.year), "cusum-drift", "alert", observed=tot["observed"],
                expected=tot["expected"], threshold=limit, cusum=r.cusum,
                drift=r.cusum / tot["expected"], peak_month=r.month.strftime("%Y-%m"),
                months=int(tot["months"]), energy=r.energy))
    return out


def _out_of_season(heat: pd.DataFrame, s: dict[str, Any]) -> list[dict[str, Any]]:
    """Rule 2: a summer month (DJU < 10) above 1.5 × the summer base of the heating energy."""
    h = heat[heat["dju"].notna() & (heat["kwh"] > 0) & (heat["dju"] < s["summer_dju"])]
    h = h.assign(per_day=h["kwh"] / h["days"])
    grouped = h.groupby("building_id")["per_day"]
    h = h.assign(base=grouped.transform("median"), n=grouped.transform("size"))
    h = h[h["n"] >= s["summer_min_months"]]
    hits = h[h["per_day"] > s["summer_base_factor"] * h["base"]]
    return [
        _anomaly(r.building_id, r.month.strftime("%Y-%m"), "heating-out-of-season", "warning",
                 observed=r.kwh, expected=r.base * r.days,
                 threshold=s["summer_base_factor"] * r.base * r.days, dju=r.dju,
                 summer_months=int(r.n), energy=r.energy)
        for r in hits.itertuples(index=False)
    ]


def _daily(readings: pd.DataFrame, longest: pd.Timedelta, strict: bool) -> pd.DataFrame:
    """Readings no longer than a day (shorter than a day when strict), with day and month."""
    if readings.empty:
        return readings
    short = readings["duration"] < longest if strict else readings["duration"] <= longest
    r = readings[short.fillna(False).astype(bool) & readings["kwh"].notna()]
    return r.assign(day=r["period_start"].dt.normalize(),
                    month=r["period_start"].dt.strftime("%Y-%m"))


def _closures(readings: pd.DataFrame, occupancy: pd.DataFrame, heating: dict[str, str | None],
              s: dict[str, Any]) -> list[dict[str, Any]]:
    """Rule 3: consumption on closed days above 0.6 (heating) or 0.5 (other) × open days."""
    daily = _daily(readings, DAY, strict=False)
    if occupancy.empty or daily.empty:
        return []
    keys = ["building_id", "energy", "day"]
    d = daily.groupby(keys, as_index=False).agg(kwh=("kwh", "sum"), month=("month", "first"))
    d = d.merge(occupancy, on=["building_id", "day"], how="inner")
    opened = d[d["status"].isin(s["open_statuses"])]
    by_month = opened.groupby(["building_id", "energy", "month"])["kwh"].median()
    overall = opened.groupby(["building_id", "energy"])["kwh"].median()
    d = d.join(by_month.rename("base_month"), on=["building_id", "energy", "month"])
    d = d.join(overall.rename("base_all"), on=["building_id", "energy"])
    d["base"] = d["base_month"].fillna(d["base_all"])
    closed = d[d["status"].isin(s["closed_statuses"]) & (d["base"] > 0)]
    is_heat = closed["building_id"].map(heating) == closed["energy"]
    limit = np.where(is_heat, s["closure_heating_ratio"], s["closure_electricity_ratio"])
    hits = closed.assign(limit=limit)[closed["kwh"] > limit * closed["base"]]
    out = []
    for (bid, energy, month), g in hits.groupby(["building_id", "energy", "month"]):
        observed, expected = float(g["kwh"].mean()), float(g["base"].mean())
        out.append(_anomaly(bid, month, "closure-consumption", "warning", observed=observed,
                            expected=expected, threshold=float(g["limit"].iloc[0]),
                            ratio=observed / expected, energy=energy,
                            days=[day.date().isoformat() for day in g["day"]]))
    return out


def _night_baseload(readings: pd.DataFrame, occupancy: pd.DataFrame,
                    s: dict[str, Any]) -> list[dict[str, Any]]:
    """Rule 4: mean night power over mean occupied-hours power above 0.5 on occupied days."""
    r = _daily(readings, DAY, strict=True)
    if r.empty:
        return []
    r = r[r["duration"] > pd.Timedelta(0)]
    r = r.assign(power=r["kwh"] / (r["duration"] / pd.Timedelta(hours=1)),
                 hour=r["period_start"].dt.hour)
    if not occupancy.empty:
        r = r.merge(occupancy, on=["building_id", "day"], how="left")
    status = r["status"] if "status" in r else pd.Series(None, index=r.index, dtype=object)
    weekday = r["day"].dt.day_of_week < 5
    occupied = status.isin(s["open_statuses"]).where(status.notna(), weekday).astype(bool)
    r = r[occupied]
    night = r[r["hour"].between(s["night_hours"][0], s["night_hours"][1] - 1)]
    busy = r[r["hour"].between(s["occupied_hours"][0], s["occupied_hours"][1] - 1)]
    keys = ["building_id", "energy", "month"]
    table = pd.concat([night.groupby(keys)["power"].mean().rename("night"),
                       busy.groupby(keys)["power"].mean().rename("busy")], axis=1).dropna()
    table = table[table["busy"] > 0]
    hits = table[table["night"] / table["busy"] > s["night_ratio"]]
    return [
        _anomaly(bid, month, "night-baseload", "warning", observed=row.night, expected=row.busy,
                 threshold=s["night_ratio"], ratio=row.night / row.busy, energy=energy)
        for (bid, energy, month), row in hits.iterrows()
    ]


def _year_on_year(annual: pd.DataFrame, s: dict[str, Any]) -> list[dict[str, Any]]:
    """Rule 5: climate-corrected kWh/m² up more than 10 % on the previous comparable year."""
    a = annual.sort_values(["building_id", "year"]).copy()
    a["value"] = a["kwh_corr_per_m2"].astype(float).fillna(a["kwh_corr"].astype(float))
    prev = a.groupby("building_id")[["year", "value", "month_key"]].shift()
    ok = (a["year"] == prev["year"] + 1) & (a["month_key"] == prev["month_key"])
    ok &= prev["value"].astype(float) > 0
    change = a["value"] / prev["value"].astype(float) - 1
    hits = a.assign(prev=prev["value"], change=change)[ok & (change > s["year_on_year"])]
    return [
        _anomaly(r.building_id, str(r.year), "year-on-year", "warning", observed=r.value,
                 expected=float(r.prev), threshold=s["year_on_year"], change=r.change,
                 previous_year=int(r.year) - 1,
                 unit="kWh/m²" if pd.notna(r.kwh_corr_per_m2) else "kWh")
        for r in hits.itertuples(index=False)
    ]


def _benchmark(annual: pd.DataFrame, s: dict[str, Any]) -> list[dict[str, Any]]:
    """Rule 6: corrected kWh/m² of a complete year above the same-use P75 or the Cabs value."""
    a = annual[(annual["months"] >= s["benchmark_min_months"])
               & annual["kwh_corr_per_m2"].notna()]
    out = []
    for (year, use), g in a.groupby(["year", "use"]):
        values = g["kwh_corr_per_m2"].astype(float)
        p75 = (float(np.percentile(values, s["benchmark_percentile"]))
               if len(g) >= s["benchmark_min_peers"] else None)
        cabs = num((s["benchmark_cabs"] or {}).get(use))
        for bid, value in zip(g["building_id"], values):
            limits = {k: v for k, v in (("peer-p75", p75), ("cabs", cabs))
                      if v is not None and value > v}
            if limits:
                limit = min(limits.values())
                out.append(_anomaly(bid, str(year), "benchmark", "warning", observed=value,
                                    expected=limit, threshold=limit, basis=sorted(limits),
                                    peer_p75=p75, cabs=cabs, peers=len(g), use=use))
    return out


def data_quality(readings: pd.DataFrame, monthly: pd.DataFrame,
                 s: dict[str, Any]) -> list[dict[str, Any]]:
    """Rule 7: gaps, zero/negative months, flat lines, estimated and missing readings."""
    if readings.empty:
        return []
    return (_gaps(readings, s) + _non_positive(monthly) + _flat_lines(monthly, s)
            + _flagged_readings(readings))


def _gaps(readings: pd.DataFrame, s: dict[str, Any]) -> list[dict[str, Any]]:
    """Periods not covered between consecutive readings of one meter (energy)."""
    r = readings.sort_values(["building_id", "energy", "period_start"])
    end = r["period_end"].fillna(r["period_start"] + pd.offsets.MonthEnd(0))
    covered = end.groupby([r["building_id"], r["energy"]]).cummax()
    prev_end = covered.groupby([r["building_id"], r["energy"]]).shift()
    gap = r["period_start"] > prev_end + s["gap_days"] * DAY
    out = []
    for bid, energy, start, last in zip(r["building_id"][gap], r["energy"][gap],
                                        r["period_start"][gap], prev_end[gap]):
        first_missing = (last + DAY).normalize()
        out.append(quality(bid, first_missing.strftime("%Y-%m"), "gap", energy=energy,
                           start=first_missing.date().isoformat(),
                           end=(start - DAY).date().isoformat(),
                           days=int((start.normalize() - first_missing) / DAY)))
    return out


def _non_positive(monthly: pd.DataFrame) -> list[dict[str, Any]]:
    """Months whose total is zero or negative."""
    m = monthly[monthly["kwh"] <= 0]
    return [quality(r.building_id, r.month.strftime("%Y-%m"),
                    "zero-reading" if r.kwh == 0 else "negative-reading", energy=r.energy,
                    kwh=float(r.kwh))
            for r in m.itertuples(index=False)]


def _flat_lines(monthly: pd.DataFrame, s: dict[str, Any]) -> list[dict[str, Any]]:
    """Runs of at least 3 identical consecutive monthly totals of one meter."""
    m = monthly.sort_values(["building_id", "energy", "month"])
    if m.empty:
        return []
    meter = m["building_id"] + "\x00" + m["energy"]
    new_meter = meter != meter.shift()
    run = (new_meter | (m["kwh"] != m["kwh"].shift())).cumsum()
    runs = m.groupby(run).agg(building_id=("building_id", "first"), energy=("energy", "first"),
                              kwh=("kwh", "first"), first=("month", "min"),
                              last=("month", "max"), count=("kwh", "size"))
    runs = runs[runs["count"] >= s["flat_line_min"]]
    return [quality(r.building_id, r.first.strftime("%Y-%m"), "flat-line", energy=r.energy,
                    kwh=float(r.kwh), months=int(r.count), start=r.first.strftime("%Y-%m"),
                    end=r.last.strftime("%Y-%m"))
            for r in runs.itertuples(index=False)]


def _flagged_readings(readings: pd.DataFrame) -> list[dict[str, Any]]:
    """Estimated readings and readings without kWh, one problem per meter and month."""
    types = readings["reading_type"].astype("string").str.lower().fillna("")
    r = readings.assign(month=readings["period_start"].dt.strftime("%Y-%m"),
                        estimated=types.isin(ESTIMATED), missing=readings["kwh"].isna())
    out = []
    for problem, column in (("estimated-reading", "estimated"), ("missing-value", "missing")):
        hits = r[r[column]].groupby(["building_id", "energy", "month"])
        for (bid, energy, month), g in hits:
            out.append(quality(bid, month, problem, energy=energy, readings=int(len(g)),
                               kwh=num(g["kwh"].sum(min_count=1))))
    return out


def quality(bid: str, period: str, problem: str, **evidence: Any) -> dict[str, Any]:
    """One data-quality record."""
    return {"building_id": bid, "period": period, "problem": problem, "evidence": evidence}


def sort_quality(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Data-quality records sorted by building, period, problem, energy."""
    return sorted(items, key=lambda q: (q["building_id"], q["period"], q["problem"],
                                        str(q["evidence"].get("energy") or "")))
