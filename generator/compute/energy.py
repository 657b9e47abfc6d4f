"""Building energy: intensity, emissions, climate correction and décret tertiaire progress.

Method (DOMAIN.md sections 3 and 5); every choice below is also echoed in the result's ``method``:

- Readings count in the calendar month (and year) of ``period_start``; invoices spanning several
  months are not prorated. Missing kWh are ignored; zero and negative values are kept in totals
  (and reported in ``data_quality``).
- Degree days are summed per calendar month (daily rows also work). The normal of a calendar month
  is the mean of that month over every year of ``degree_days`` (``normal_years: [first, last]`` in
  the config restricts it, e.g. to the regulatory 2000–2019).
- The heating energy is ``heating_energy`` of the building, else the non-electric energy with the
  most kWh, else the only energy. Only it is climate-corrected.
- Reference year: ``reference_year`` of the building, else the first year with 12 months of
  heating readings, else the first year with heating readings.
- Model: ``E_month = a·days + b·DJU_month`` by least squares on the reference year's months with
  degree days and positive kWh (at least ``min_fit_months``, 6). CV(RMSE) = √(Σr²/(n−2)) / ȳ and
  NMBE = Σr / ((n−2)·ȳ) (ASHRAE Guideline 14, p = 2); accepted when CV(RMSE) ≤ 15 % and
  |NMBE| ≤ 5 %. Then ``E_corr = Σ (a·days + b·DJU_normal) + Σ residuals`` over the months with
  readings; otherwise ``E_heat · ΣDJU_normal / ΣDJU_obs`` over those months; without degree days no
  correction. Months without degree days keep their observed kWh.
- Emission factor: the factor of the reading year, else the latest earlier year, else a factor
  without a year, else the earliest later year. A missing factor makes ``kgco2e`` null.
- ``gain = 1 − E_corr(y)/E_corr(ref)``; ``expected_gain`` is linear from 0 at the reference year to
  40 % in 2030 (then 50 % in 2040, 60 % in 2050, flat after), null before the reference year.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from generator.compute import energy_anomalies as rules
from generator.compute import energy_inputs as inputs

MILESTONES = ((2030, 0.40), (2040, 0.50), (2050, 0.60))
ELECTRICITY = {"electricite", "électricité", "electricity", "elec"}
MODEL_DEFAULTS = {"cv_rmse_max": 0.15, "nmbe_max": 0.05, "min_fit_months": 6}


def compute_energy(tables: dict[str, pd.DataFrame], config: dict | None) -> dict:
    """Per building and year: kWh, emissions, corrected kWh, gains; anomalies; data quality."""
    cfg = config or {}
    model_cfg = {**MODEL_DEFAULTS, **(cfg.get("climate_correction") or {})}
    thresholds = rules.settings(cfg)
    buildings = inputs.buildings(tables.get("buildings"))
    readings = inputs.readings(tables.get("readings"))
    dju = inputs.degree_days(tables.get("degree_days"))
    normal_years = cfg.get("normal_years") or (cfg.get("climate_correction") or {}).get(
        "normal_years"
    )
    normal = inputs.dju_normal(dju, normal_years)
    factors = inputs.factors(tables.get("emission_factors"))
    monthly = inputs.monthly_totals(readings, dju, normal)
    groups = dict(tuple(monthly.groupby("building_id", sort=True)))
    results, heat_frames, annual_rows, quality = [], [], [], []
    for bid in sorted(set(buildings) | set(groups)):
        info = buildings.get(bid, {})
        result, heat, problems = _building(bid, info, groups.get(bid, monthly.iloc[0:0]), factors,
                                           model_cfg)
        results.append(result)
        heat_frames.append(heat)
        quality += problems
        annual_rows += [_annual_row(result, y) for y in result["years"]]
    heat_frames = [h for h in heat_frames if not h.empty]
    heat_all = pd.concat(heat_frames, ignore_index=True) if heat_frames else pd.DataFrame()
    annual = pd.DataFrame(annual_rows)
    heating = {r["building_id"]: r["heating_energy"] for r in results}
    occupancy = inputs.occupancy(tables.get("occupancy"))
    anomalies = rules.detect_anomalies(heat_all, annual, readings, occupancy, heating, thresholds)
    quality = rules.sort_quality(quality + rules.data_quality(readings, monthly, thresholds))
    return {
        "buildings": results,
        "anomalies": anomalies,
        "data_quality": quality,
        "portfolio": _portfolio(results),
        "method": _method(normal, dju, normal_years, model_cfg, thresholds),
    }


def _building(bid: str, info: dict, m: pd.DataFrame, factors: dict,
              model_cfg: dict) -> tuple[dict[str, Any], pd.DataFrame, list[dict]]:
    """Yearly figures, model and monthly heating frame of one building."""
    heat_energy, inferred = _heating_energy(info.get("heating_energy"), m)
    heat = m[m["energy"] == heat_energy].sort_values("month").reset_index(drop=True)
    ref = _reference_year(info.get("reference_year"), heat if not heat.empty else m)
    model = _fit(heat[heat["year"] == ref], ref, heat_energy, model_cfg)
    heat = _predict(heat, model)
    area = inputs.num(info.get("floor_area_m2"))
    area = area if area and area > 0 else None
    years, problems = [], []
    for year in sorted(m["year"].unique()):
        row, missing = _year(int(year), m[m["year"] == year], heat[heat["year"] == year], model,
                             area, factors)
        years.append(row)
        problems += [rules.quality(bid, str(year), "missing-emission-factor", energy=e)
                     for e in missing]
    _add_gains(years, ref)
    result = {
        "building_id": bid,
        "name": info.get("name"),
        "use": info.get("use"),
        "floor_area_m2": area,
        "decret_tertiaire": inputs.flag(info.get("decret_tertiaire")),
        "reference_year": ref,
        "heating_energy": heat_energy,
        "heating_energy_inferred": inferred,
        "model": model,
        "years": years,
    }
    heat = heat.assign(building_id=bid, accepted=model["accepted"], sigma=model["sigma"],
                       ref_mean=model["mean_kwh"])
    return result, heat, problems


def _heating_energy(declared: Any, m: pd.DataFrame) -> tuple[str | None, bool]:
    """The declared heating energy (spelled as in the readings), else the inferred one."""
    energies = sorted(m["energy"].unique())
    if declared:
        match = [e for e in energies if e.lower() == str(declared).lower()]
        return (match[0] if match else str(declared)), False
    totals = m.groupby("energy")["kwh"].sum()
    ranked = sorted(energies, key=lambda e: (-totals[e], e))
    fuels = [e for e in ranked if e.lower() not in ELECTRICITY]
    return (fuels or ranked or [None])[0], bool(ranked)


def _reference_year(declared: Any, heat: pd.DataFrame) -> int | None:
    """Declared reference year, else the first full year, else the first year with data."""
    year = inputs.num(declared)
    if year is not None:
        return int(year)
    if heat.empty:
        return None
    months = heat.groupby("year")["month"].nunique()
    full = months[months >= 12]
    return int(full.index.min()) if not full.empty else int(months.index.min())


def _fit(ref: pd.DataFrame, year: int | None, energy: str | None, cfg: dict) -> dict[str, Any]:
    """Least-squares E = a·days + b·DJU on the reference year, with ASHRAE 14 statistics."""
    model: dict[str, Any] = {
        "energy": energy, "reference_year": year, "a": None, "b": None, "cv_rmse": None,
        "nmbe": None, "sigma": None, "mean_kwh": None, "months": 0, "accepted": False,
        "reason": None,
    }
    data = ref[ref["dju"].notna() & (ref["kwh"] > 0)]
    model["months"] = int(len(data))
    if len(data) < max(int(cfg["min_fit_months"]), 3):
        model["reason"] = "too-few-months"
        return model
    x = np.column_stack([data["days"].to_numpy(float), data["dju"].to_numpy(float)])
    y = data["kwh"].to_numpy(float)
    (a, b), _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ np.array([a, b])
    dof, mean = len(y) - 2, float(y.mean())
    sigma = math.sqrt(float(resid @ resid) / dof)
    model.update(a=float(a), b=float(b), sigma=sigma, mean_kwh=mean, cv_rmse=sigma / mean,
                 nmbe=float(resid.sum()) / (dof * mean))
    if rank < 2:
        model["reason"] = "degenerate-degree-days"
    elif model["cv_rmse"] > cfg["cv_rmse_max"] or abs(model["nmbe"]) > cfg["nmbe_max"]:
        model["reason"] = "poor-fit"
    else:
        model["accepted"] = True
    return model


def _predict(heat: pd.DataFrame, model: dict[str, Any]) -> pd.DataFrame:
    """Add the model's prediction at observed and at normal DJU, and the residual."""
    a, b = model["a"], model["b"]
    if a is None:
        return heat.assign(pred=math.nan, pred_normal=math.nan, resid=math.nan)
    pred = a * heat["days"] + b * heat["dju"]
    return heat.assign(pred=pred, pred_normal=a * heat["days"] + b * heat["dju_normal"],
                       resid=heat["kwh"] - pred)


def _corrected_heat(hy: pd.DataFrame, model: dict[str, Any]) -> tuple[float, str]:
    """Climate-corrected heating kWh of one year and the method used."""
    known = hy["dju"].notna() & hy["dju_normal"].notna()
    if hy.empty or not known.any():
        return float(hy["kwh"].sum()), "none"
    if model["accepted"]:
        corrected = (hy["pred_normal"] + hy["resid"]).where(known, hy["kwh"])
        return float(corrected.sum()), "regression"
    observed, normal = hy.loc[known, "dju"].sum(), hy.loc[known, "dju_normal"].sum()
    if observed <= 0:
        return float(hy["kwh"].sum()), "none"
    scaled = hy.loc[known, "kwh"].sum() * normal / observed
    return float(scaled + hy.loc[~known, "kwh"].sum()), "degree-day-ratio"


def _year(year: int, my: pd.DataFrame, hy: pd.DataFrame, model: dict, area: float | None,
          factors: dict) -> tuple[dict[str, Any], list[str]]:
    """Figures of one building-year and the energies lacking an emission factor."""
    by_energy = my.groupby("energy")["kwh"].sum()
    kwh = float(by_energy.sum())
    used, missing, kg = {}, [], 0.0
    for energy, value in by_energy.items():
        factor = inputs.pick_factor(factors, energy, year)
        if factor is None:
            missing.append(energy)
        else:
            used[energy] = factor
            kg += float(value) * factor["kgco2e_per_kwh"]
    heat_corr, method = _corrected_heat(hy, model)
    corrected = kwh - float(hy["kwh"].sum()) + heat_corr
    kgco2e = None if missing else kg
    return {
        "year": year,
        "kwh": kwh,
        "kwh_per_m2": _per(kwh, area),
        "kgco2e": kgco2e,
        "kgco2e_per_m2": _per(kgco2e, area),
        "kwh_climate_corrected": corrected,
        "kwh_climate_corrected_per_m2": _per(corrected, area),
        "gain": None,
        "expected_gain": None,
        "correction": method,
        "months_with_data": int(my["month"].nunique()),
        "energies": {e: float(v) for e, v in by_energy.items()},
        "emission_factors": used,
        "months": _months(my, hy),
        "_month_key": ",".join(str(x) for x in sorted(my["month"].dt.month.unique())),
    }, missing


def _months(my: pd.DataFrame, hy: pd.DataFrame) -> list[dict[str, Any]]:
    """Monthly points for the chart: all-energy kWh, heating kWh, model prediction, DJU."""
    total = my.groupby("month")["kwh"].sum()
    heat = hy.set_index("month")
    dju = my.groupby("month")["dju"].first()
    return [
        {
            "month": month.strftime("%Y-%m"),
            "kwh": float(value),
            "heating_kwh": inputs.num(heat["kwh"].get(month)),
            "expected_kwh": inputs.num(heat["pred"].get(month)),
            "dju": inputs.num(dju.get(month)),
        }
        for month, value in total.items()
    ]


def _add_gains(years: list[dict[str, Any]], ref: int | None) -> None:
    """Décret tertiaire gain against the reference year, and the linear milestone."""
    base = next((y["kwh_climate_corrected"] for y in years if y["year"] == ref), None)
    for row in years:
        if base and base > 0:
            row["gain"] = 1 - row["kwh_climate_corrected"] / base
        row["expected_gain"] = expected_gain(row["year"], ref)


def expected_gain(year: int, ref: int | None) -> float | None:
    """Linear décret tertiaire milestone path: 0 at ref, 40 % in 2030, 50 % 2040, 60 % 2050."""
    if ref is None or year < ref or ref >= MILESTONES[0][0]:
        return None
    points = ((ref, 0.0),) + MILESTONES
    for (y0, g0), (y1, g1) in zip(points, points[1:]):
        if year <= y1:
            return g0 + (g1 - g0) * (year - y0) / (y1 - y0)
    return MILESTONES[-1][1]


def _annual_row(result: dict[str, Any], year: dict[str, Any]) -> dict[str, Any]:
    """One row of the annual frame used by the year-on-year and benchmark rules."""
    key = year.pop("_month_key")
    return {
        "building_id": result["building_id"], "use": result["use"], "year": year["year"],
        "kwh_corr": year["kwh_climate_corrected"],
        "kwh_corr_per_m2": year["kwh_climate_corrected_per_m2"],
        "months": year["months_with_data"], "month_key": key,
    }


def _portfolio(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals per year, overall and by use."""
    rows = [
        {"year": y["year"], "use": r["use"] or "unknown", "kwh": y["kwh"], "kgco2e": y["kgco2e"],
         "kwh_climate_corrected": y["kwh_climate_corrected"], "floor_area_m2": r["floor_area_m2"]}
        for r in results for y in r["years"]
    ]
    years = []
    for year in sorted({row["year"] for row in rows}):
        in_year = [row for row in rows if row["year"] == year]
        by_use = [_total(use, [r for r in in_year if r["use"] == use])
                  for use in sorted({r["use"] for r in in_year})]
        years.append({"year": year, **_total(None, in_year), "by_use": by_use})
    return {"years": years}


def _total(use: str | None, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Sum of kWh and emissions; kgco2e sums the known values and says if some are missing."""
    known = [r["kgco2e"] for r in rows if r["kgco2e"] is not None]
    total = {"use": use} if use is not None else {}
    return {
        **total,
        "buildings": len(rows),
        "kwh": float(sum(r["kwh"] for r in rows)),
        "kwh_climate_corrected": float(sum(r["kwh_climate_corrected"] for r in rows)),
        "kgco2e": float(sum(known)) if known else None,
        "kgco2e_complete": len(known) == len(rows),
    }


def _method(normal: pd.Series, dju: pd.Series, years: list | None, model_cfg: dict,
            thresholds: dict) -> dict[str, Any]:
    """The settings actually used, for the methodology note on the page."""
    used = dju if not years else dju[(dju.index.year >= int(years[0]))
                                     & (dju.index.year <= int(years[-1]))]
    return {
        "dju_normal": {
            "first_year": int(used.index.year.min()) if len(used) else None,
            "last_year": int(used.index.year.max()) if len(used) else None,
            "monthly": [inputs.num(normal.get(m)) for m in range(1, 13)],
        },
        "model": dict(model_cfg),
        "anomalies": {k: v for k, v in thresholds.items()},
    }


def _per(value: float | None, area: float | None) -> float | None:
    """value / area, or None."""
    return None if value is None or area is None else value / area
