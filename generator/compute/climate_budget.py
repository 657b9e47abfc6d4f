"""Climate budget (kind ``climate-budget``): emissions, yearly caps, trajectories and status.

Inputs are the package's tables (``emissions``, ``targets``, optional ``population`` and
``measures``) and the descriptor's ``tdh`` object (``goal``, optional ``baseline_year``). The
result is the ``api/climate-budget.json`` object of DESIGN.md; units follow DESIGN.md (``*_pct``
are percentages, ``rate``/``share`` fractions, emissions in tCO2e, nothing rounded).

Per-year figures (``years``, sorted by year)
  ``total_tco2e`` sums the sectors. When the emissions have an ``actor`` column, a row whose actor
  is ``all`` (any case) or blank is the sector total: for a (year, sector) that has such a row,
  only those rows count and the per-actor rows are its breakdown, so nothing is counted twice;
  a (year, sector) without one counts the sum of its actor rows. ``actors`` / ``actor_shares``
  only use named actors, so they may sum to less than the total. A blank sector is
  ``unspecified``; rows without a year or a tco2e value are ignored.
  ``change_pct`` and the rate-based ``cap_tco2e`` need the calendar year ``year - 1`` in the
  data (a gap gives null, never a comparison with an older year). An explicit ``cap_tco2e`` in
  ``targets`` wins over ``reduction_rate``. ``within_cap`` tolerates 1e-6 t of float noise.
  ``per_capita_tco2e`` uses that year's population only (``kind`` ``municipale`` preferred).
  Extra keys: ``reduction_rate`` (voted), ``margin_tco2e`` (cap - total),
  ``change_since_first_pct`` (vs the first year of the series), ``sector_shares``,
  ``actors``/``actor_shares`` (only with an actor column), ``is_estimate`` (any row estimated;
  null without the column), ``path_tco2e`` (reference path below) and ``gap_tco2e``
  (total - path).

Trajectories (``trajectory``) run from ``latest_year + 1`` to the goal year, starting from the
latest total; the last point is pinned to the goal. ``required_rate`` is
``1 - (goal / latest) ** (1 / (goal year - latest year))``. Edge cases:
  * goal already met (latest total <= goal): the goal is a ceiling, not a level to climb back
    to, so both paths hold the latest level, ``annual_cut_tco2e``, ``rate`` and
    ``required_rate`` are 0.0;
  * goal year <= latest year: no path (``[]``), null cut, rate, cumulative and required rate;
  * negative goal (net sink): the constant-rate path and ``required_rate`` are null.

Reference path: the straight line (Oslo-style limit, DOMAIN.md section 4) from the total of the
baseline year ``b`` (``tdh.baseline_year`` when it is in the data, else the first year) to the
goal. ``remaining_budget`` = sum of that line over (b, goal year] minus the emissions of the
inventory years in (b, min(latest, goal year)]; ``missing_years`` lists the years not counted.

Status of the latest year ``y`` (total ``E``), first match wins:
  1. ``no-data``: no emissions, or neither a goal nor a cap for ``y``;
  2. ``goal-met``: ``E <= goal``;
  3. ``off-track``: the goal year is reached or passed (``y >= goal year``) and not met;
  4. with ``limit`` = ``cap_tco2e`` of ``y``, else the reference path at ``y``:
     ``annual_ok`` = ``E <= limit``; ``near_limit`` = ``E <= limit * 1.05``;
     ``cumulative_ok`` = sum of actual totals over (b, y] <= sum of the reference path over
     the same years (true when there is no such year; null without a goal);
     ``pace_ok`` = the most recent voted ``reduction_rate`` >= ``required_rate`` (null when
     either is missing);
     ``on-track`` if ``annual_ok`` and neither ``cumulative_ok`` nor ``pace_ok`` is false;
     ``at-risk`` if ``annual_ok`` (but cumulative over or voted pace too slow) or
     ``near_limit``; ``off-track`` otherwise.
``status_detail`` holds every intermediate value and ``status_rule`` the thresholds.

``measures`` (extra, null without the table): ``items`` (rows sorted by ``measure_id``),
``count``, ``total_reduction_tco2e`` and ``total_cost_eur`` (null without such a column).
``upcoming_caps`` (extra): caps of target years after the latest year that can be computed
(an explicit cap, or ``latest_year + 1`` with a rate).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from generator.compute import coerce

AT_RISK_TOLERANCE = 0.05
CAP_TOLERANCE_TCO2E = 1e-6
ALL_ACTORS = "all"
UNSPECIFIED_SECTOR = "unspecified"
REDUCTION_COLUMNS = ("est_reduction_tco2e", "estimated_reduction_tco2e", "reduction_tco2e")
STATUSES = ("goal-met", "on-track", "at-risk", "off-track", "no-data")


# ---------------------------------------------------------------- coercion helpers
# shared ones are in generator.compute.coerce; these are only used here.


def _text(series: pd.Series) -> pd.Series:
    """Strip a text column; missing or blank values become <NA>."""
    out = series.astype("string").str.strip()
    return out.mask(out == "")


def _booleans(series: pd.Series) -> pd.Series:
    """Coerce a boolean-like column (bool, 0/1, 'true'/'false', 'oui'/'non') to True/False/NA."""
    text = series.astype("string").str.strip().str.lower()
    mapping = {"true": True, "1": True, "1.0": True, "yes": True, "oui": True,
               "false": False, "0": False, "0.0": False, "no": False, "non": False}
    return text.map(mapping).astype("boolean")


def _jsonable(value: Any) -> Any:
    """Turn a cell value into a JSON-ready Python value (None for missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return coerce.number(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _table(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame | None:
    """Return a resource as a DataFrame, or None when absent or empty."""
    df = tables.get(name) if tables else None
    if df is None or not isinstance(df, pd.DataFrame) or df.empty:
        return None
    return df


# ---------------------------------------------------------------- inputs


def _prepare_emissions(df: pd.DataFrame | None) -> pd.DataFrame:
    """Typed emissions rows: year (int), sector, tco2e, is_total, actor, is_estimate."""
    columns = ["year", "sector", "tco2e", "is_total", "actor", "is_estimate"]
    if df is None or "year" not in df or "tco2e" not in df:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame({"year": coerce.years(df["year"]), "tco2e": coerce.numbers(df["tco2e"])})
    sector = _text(df["sector"]) if "sector" in df else pd.Series(pd.NA, index=df.index)
    out["sector"] = sector.fillna(UNSPECIFIED_SECTOR).astype(str)
    if "actor" in df:
        actor = _text(df["actor"])
        out["actor"] = actor
        out["is_total"] = (actor.isna() | (actor.str.lower() == ALL_ACTORS)).astype(bool)
    else:
        out["actor"] = pd.Series(pd.NA, index=df.index, dtype="string")
        out["is_total"] = True
    if "is_estimate" in df:
        out["is_estimate"] = _booleans(df["is_estimate"])
    else:
        out["is_estimate"] = pd.Series(pd.NA, index=df.index, dtype="boolean")
    out = out.dropna(subset=["year", "tco2e"])
    out["year"] = out["year"].astype(int)
    return out[columns]


def _counted(emissions: pd.DataFrame) -> pd.Series:
    """Mask of rows that count in totals: sector totals win over their actor breakdown."""
    if emissions.empty:
        return pd.Series(dtype=bool)
    group_has_total = emissions.groupby(["year", "sector"])["is_total"].transform("any")
    return emissions["is_total"] | ~group_has_total.astype(bool)


def _prepare_targets(df: pd.DataFrame | None) -> pd.DataFrame:
    """Targets indexed by year with float reduction_rate and cap_tco2e (NaN when absent)."""
    if df is None or "year" not in df:
        return pd.DataFrame(columns=["reduction_rate", "cap_tco2e"], dtype="float64")
    nan = pd.Series(np.nan, index=df.index)
    out = pd.DataFrame({
        "year": coerce.years(df["year"]),
        "reduction_rate": coerce.numbers(df["reduction_rate"]) if "reduction_rate" in df else nan,
        "cap_tco2e": coerce.numbers(df["cap_tco2e"]) if "cap_tco2e" in df else nan,
    }).dropna(subset=["year"])
    out["year"] = out["year"].astype(int)
    return out.groupby("year")[["reduction_rate", "cap_tco2e"]].first().sort_index()


def _prepare_population(df: pd.DataFrame | None) -> pd.Series:
    """Population by year (> 0), preferring INSEE ``municipale`` rows when a kind is given."""
    if df is None or "year" not in df or "population" not in df:
        return pd.Series(dtype="float64")
    out = pd.DataFrame({"year": coerce.years(df["year"]),
                        "population": coerce.numbers(df["population"])})
    out["rank"] = 0
    if "kind" in df:
        out["rank"] = (_text(df["kind"]).str.lower() != "municipale").fillna(True).astype(int)
    out = out.dropna(subset=["year", "population"])
    out = out[out["population"] > 0].sort_values(["year", "rank"], kind="stable")
    out = out.drop_duplicates("year")
    return pd.Series(out["population"].to_numpy(), index=out["year"].astype(int).to_numpy())


def _goal(config: dict | None) -> dict[str, Any]:
    """Goal from the descriptor's ``tdh`` object: year (int), tco2e (float), basis."""
    goal = (config or {}).get("goal") or {}
    year = coerce.number(goal.get("year"))
    return {
        "year": int(year) if year is not None and year.is_integer() else None,
        "tco2e": coerce.number(goal.get("tco2e")),
        "basis": None if goal.get("basis") is None else str(goal.get("basis")),
    }


# ---------------------------------------------------------------- per-year figures


def _caps(totals: pd.Series, targets: pd.DataFrame) -> pd.DataFrame:
    """Rate and cap per emissions year: explicit cap, else previous year's total x (1 - rate)."""
    frame = targets.reindex(totals.index)
    previous = totals.reindex(totals.index - 1).to_numpy()
    from_rate = previous * (1 - frame["reduction_rate"].to_numpy())
    frame["cap"] = frame["cap_tco2e"].where(frame["cap_tco2e"].notna(), from_rate)
    return frame


def _upcoming_caps(totals: pd.Series, targets: pd.DataFrame) -> list[dict[str, Any]]:
    """Caps of target years after the latest inventory that can already be computed."""
    if totals.empty:
        return []
    latest = int(totals.index.max())
    result = []
    for year, row in targets[targets.index > latest].iterrows():
        cap = coerce.number(row["cap_tco2e"])
        rate = coerce.number(row["reduction_rate"])
        if cap is None and rate is not None and year == latest + 1:
            cap = float(totals[latest]) * (1 - rate)
        if cap is not None:
            result.append({"year": int(year), "reduction_rate": rate, "cap_tco2e": cap})
    return result


def _share_dict(values: pd.Series, total: float) -> dict[str, float | None]:
    """Each value divided by the total (None when the total is zero)."""
    return {str(k): (float(v) / total if total else None) for k, v in values.items()}


def _by_year(frame: pd.DataFrame, key: str) -> dict[int, pd.Series]:
    """Sum tco2e per year and key, as {year: Series(key -> tco2e)} sorted by key."""
    sums = frame.groupby(["year", key])["tco2e"].sum().sort_index()
    return {int(y): s.droplevel(0) for y, s in sums.groupby(level=0)}


def _estimates(emissions: pd.DataFrame) -> dict[int, bool | None]:
    """Per year: any row flagged as an estimate (None when no row says either way)."""
    flags = emissions["is_estimate"]
    known = flags.notna().groupby(emissions["year"]).any()
    flagged = flags.fillna(False).astype(bool).groupby(emissions["year"]).any()
    return {int(y): (bool(flagged[y]) if known[y] else None) for y in known.index}


def _year_rows(
    emissions: pd.DataFrame,
    totals: pd.Series,
    caps: pd.DataFrame,
    population: pd.Series,
    reference: dict[int, float],
    has_actor: bool,
) -> list[dict[str, Any]]:
    """The ``years`` list of the API."""
    counted = emissions[_counted(emissions)]
    sectors = _by_year(counted, "sector")
    actors = _by_year(emissions[~emissions["is_total"]], "actor") if has_actor else {}
    estimates = _estimates(emissions)
    first_total = float(totals.iloc[0]) if len(totals) else None
    rows = []
    for year, total in totals.items():
        total = float(total)
        previous = coerce.number(totals.get(year - 1))
        cap = coerce.number(caps.at[year, "cap"])
        path = reference.get(year)
        by_sector = sectors.get(year, pd.Series(dtype="float64"))
        row: dict[str, Any] = {
            "year": int(year),
            "total_tco2e": total,
            "change_pct": (total / previous - 1) * 100 if previous else None,
            "change_since_first_pct": (total / first_total - 1) * 100 if first_total else None,
            "per_capita_tco2e": total / float(population[year]) if year in population else None,
            "reduction_rate": coerce.number(caps.at[year, "reduction_rate"]),
            "cap_tco2e": cap,
            "within_cap": None if cap is None else bool(total <= cap + CAP_TOLERANCE_TCO2E),
            "margin_tco2e": None if cap is None else cap - total,
            "sectors": {str(k): float(v) for k, v in by_sector.items()},
            "sector_shares": _share_dict(by_sector, total),
            "path_tco2e": path,
            "gap_tco2e": None if path is None else total - path,
            "is_estimate": estimates.get(year),
        }
        if has_actor:
            by_actor = actors.get(year, pd.Series(dtype=float))
            row["actors"] = {str(k): float(v) for k, v in by_actor.items()}
            row["actor_shares"] = _share_dict(by_actor, total)
        rows.append(row)
    return rows


# ---------------------------------------------------------------- trajectories


def _baseline_year(totals: pd.Series, config: dict | None) -> int | None:
    """Baseline of the reference path: ``tdh.baseline_year`` if in the data, else the first."""
    if totals.empty:
        return None
    wanted = coerce.number((config or {}).get("baseline_year"))
    if wanted is not None and wanted.is_integer() and int(wanted) in totals.index:
        return int(wanted)
    return int(totals.index.min())


def _reference_path(totals: pd.Series, base: int | None, goal: dict) -> dict[int, float]:
    """Straight line from the baseline total to the goal, for every year base..goal year."""
    goal_year, goal_t = goal["year"], goal["tco2e"]
    if base is None or goal_year is None or goal_t is None or goal_year <= base:
        return {}
    start = float(totals[base])
    span = goal_year - base
    path = {year: start + (goal_t - start) * (year - base) / span for year in
            range(base, goal_year)}
    path[goal_year] = goal_t
    return path


def _empty_trajectory() -> dict[str, Any]:
    """Trajectory shape when no path can be drawn."""
    return {
        "linear": {"annual_cut_tco2e": None, "path": [], "cumulative_tco2e": None},
        "constant_rate": {"rate": None, "path": [], "cumulative_tco2e": None},
    }


def _path(years: range, values: list[float]) -> tuple[list[dict[str, Any]], float]:
    """Path records and their sum."""
    return [{"year": y, "tco2e": v} for y, v in zip(years, values)], float(sum(values))


def _trajectory(latest: float | None, latest_year: int | None, goal: dict) -> dict[str, Any]:
    """Linear and constant-rate paths from the latest total to the goal (DOMAIN.md section 4)."""
    goal_year, goal_t = goal["year"], goal["tco2e"]
    if latest is None or latest_year is None or goal_year is None or goal_t is None:
        return _empty_trajectory()
    n = goal_year - latest_year
    if n <= 0:
        return _empty_trajectory()
    years = range(latest_year + 1, goal_year + 1)
    result = _empty_trajectory()
    if latest <= goal_t:
        flat, total = _path(years, [latest] * n)
        result["linear"] = {"annual_cut_tco2e": 0.0, "path": flat, "cumulative_tco2e": total}
        result["constant_rate"] = {"rate": 0.0, "path": flat, "cumulative_tco2e": total}
        return result
    cut = (latest - goal_t) / n
    # the last point is the goal itself, without float noise
    linear = [latest - cut * k for k in range(1, n)] + [goal_t]
    path, total = _path(years, linear)
    result["linear"] = {"annual_cut_tco2e": cut, "path": path, "cumulative_tco2e": total}
    rate = _constant_rate(latest, goal_t, n)
    if rate is not None:
        values = [latest * (1 - rate) ** k for k in range(1, n)] + [goal_t]
        path, total = _path(years, values)
        result["constant_rate"] = {"rate": rate, "path": path, "cumulative_tco2e": total}
    return result


def _constant_rate(start: float, goal_t: float, n: int) -> float | None:
    """``1 - (goal / start) ** (1 / n)``; None when undefined (negative goal, start <= 0)."""
    if n <= 0 or start <= 0 or goal_t < 0:
        return None
    return 1 - (goal_t / start) ** (1 / n)


def _required_rate(latest: float | None, latest_year: int | None, goal: dict) -> float | None:
    """Yearly rate needed from the latest year; 0.0 once the goal is met."""
    goal_year, goal_t = goal["year"], goal["tco2e"]
    if latest is None or latest_year is None or goal_year is None or goal_t is None:
        return None
    if goal_year <= latest_year:
        return None
    if latest <= goal_t:
        return 0.0
    return _constant_rate(latest, goal_t, goal_year - latest_year)


def _remaining_budget(
    totals: pd.Series, base: int | None, goal: dict, reference: dict[int, float]
) -> dict[str, Any] | None:
    """Carbon budget of the reference path over (base, goal year] minus what was emitted."""
    if not reference or base is None:
        return None
    goal_year = goal["year"]
    budget = float(sum(v for y, v in reference.items() if y > base))
    last = min(int(totals.index.max()), goal_year)
    span = range(base + 1, last + 1)
    emitted = float(totals.reindex(list(span)).dropna().sum())
    return {
        "baseline_year": base,
        "goal_year": goal_year,
        "budget_tco2e": budget,
        "emitted_tco2e": emitted,
        "remaining_tco2e": budget - emitted,
        "missing_years": [y for y in span if y not in totals.index],
    }


# ---------------------------------------------------------------- status


def _voted_rate(targets: pd.DataFrame) -> tuple[float | None, int | None]:
    """The most recent voted reduction rate and its year."""
    rates = targets["reduction_rate"].dropna()
    if rates.empty:
        return None, None
    year = int(rates.index.max())
    return float(rates[year]), year


def _status(
    totals: pd.Series,
    caps: pd.DataFrame,
    goal: dict,
    base: int | None,
    reference: dict[int, float],
    targets: pd.DataFrame,
    required_rate: float | None,
) -> tuple[str, dict[str, Any]]:
    """Status of the latest year and every intermediate value (rule in the module docstring)."""
    voted, voted_year = _voted_rate(targets)
    detail: dict[str, Any] = {
        "limit_tco2e": None, "limit_basis": None, "annual_ok": None, "near_limit": None,
        "cumulative_actual_tco2e": None, "cumulative_path_tco2e": None, "cumulative_ok": None,
        "voted_rate": voted, "voted_rate_year": voted_year, "required_rate": required_rate,
        "pace_ok": None, "gap_tco2e": None,
    }
    if totals.empty:
        return "no-data", detail
    year = int(totals.index.max())
    total = float(totals[year])
    goal_year, goal_t = goal["year"], goal["tco2e"]
    if year in reference:
        detail["gap_tco2e"] = total - reference[year]
    if goal_t is not None and total <= goal_t:
        return "goal-met", detail
    if goal_year is not None and goal_t is not None and year >= goal_year:
        return "off-track", detail
    cap = coerce.number(caps.at[year, "cap"])
    limit, basis = (cap, "cap") if cap is not None else (reference.get(year), "path")
    if limit is None:
        return "no-data", detail
    annual_ok = total <= limit + CAP_TOLERANCE_TCO2E
    near = total <= limit * (1 + AT_RISK_TOLERANCE) + CAP_TOLERANCE_TCO2E
    detail.update(limit_tco2e=limit, limit_basis=basis, annual_ok=annual_ok, near_limit=near)
    if reference and base is not None:
        years = [y for y in totals.index if base < y <= year]
        actual = float(totals[years].sum())
        planned = float(sum(reference[y] for y in years))
        detail.update(cumulative_actual_tco2e=actual, cumulative_path_tco2e=planned,
                      cumulative_ok=actual <= planned + CAP_TOLERANCE_TCO2E)
    if voted is not None and required_rate is not None:
        detail["pace_ok"] = voted >= required_rate - 1e-12
    if annual_ok and detail["cumulative_ok"] is not False and detail["pace_ok"] is not False:
        return "on-track", detail
    if annual_ok or near:
        return "at-risk", detail
    return "off-track", detail


def _status_rule(base: int | None, goal: dict) -> dict[str, Any]:
    """Machine-readable description of the status rule."""
    return {
        "statuses": list(STATUSES),
        "at_risk_tolerance": AT_RISK_TOLERANCE,
        "cap_tolerance_tco2e": CAP_TOLERANCE_TCO2E,
        "limit": "cap_tco2e of the latest year, else the reference path",
        "reference_path": {"kind": "linear", "from_year": base, "to_year": goal["year"]},
        "goal-met": "latest total <= goal tco2e",
        "off-track": "goal year reached without meeting the goal; or not at-risk",
        "on-track": "annual_ok and cumulative_ok is not false and pace_ok is not false",
        "at-risk": "annual_ok or near_limit (total <= limit x (1 + at_risk_tolerance))",
        "pace": "most recent voted reduction_rate >= required_rate",
    }


# ---------------------------------------------------------------- measures


def _measures(df: pd.DataFrame | None) -> dict[str, Any] | None:
    """Measures sorted by measure_id, with totals of estimated reductions and costs."""
    if df is None:
        return None
    frame = df.copy()
    if "measure_id" in frame:
        frame = frame.assign(_key=frame["measure_id"].astype("string"))
        frame = frame.sort_values("_key", kind="stable").drop(columns="_key")
    reduction = next((c for c in REDUCTION_COLUMNS if c in frame), None)
    items = [{str(k): _jsonable(v) for k, v in record.items()}
             for record in frame.to_dict("records")]
    return {
        "items": items,
        "count": len(items),
        "total_reduction_tco2e": (coerce.number(coerce.numbers(frame[reduction]).sum())
                                  if reduction else None),
        "total_cost_eur": (coerce.number(coerce.numbers(frame["cost_eur"]).sum())
                           if "cost_eur" in frame else None),
    }


# ---------------------------------------------------------------- entry point


def compute_climate_budget(tables: dict[str, pd.DataFrame], config: dict) -> dict:
    """Compute the ``api/climate-budget.json`` object from the package's tables and config."""
    raw_emissions = _table(tables, "emissions")
    emissions = _prepare_emissions(raw_emissions)
    targets = _prepare_targets(_table(tables, "targets"))
    population = _prepare_population(_table(tables, "population"))
    goal = _goal(config)
    counted = emissions[_counted(emissions)]
    totals = counted.groupby("year")["tco2e"].sum().sort_index().astype("float64")
    totals.index = totals.index.astype(int)
    caps = _caps(totals, targets)
    base = _baseline_year(totals, config)
    reference = _reference_path(totals, base, goal)
    latest_year = int(totals.index.max()) if len(totals) else None
    latest = float(totals[latest_year]) if latest_year is not None else None
    required_rate = _required_rate(latest, latest_year, goal)
    status, detail = _status(totals, caps, goal, base, reference, targets, required_rate)
    return {
        "years": _year_rows(emissions, totals, caps, population, reference,
                            raw_emissions is not None and "actor" in raw_emissions),
        "latest_year": latest_year,
        "goal": goal,
        "trajectory": _trajectory(latest, latest_year, goal),
        "required_rate": required_rate,
        "status": status,
        "status_detail": detail,
        "status_rule": _status_rule(base, goal),
        "remaining_budget": _remaining_budget(totals, base, goal, reference),
        "upcoming_caps": _upcoming_caps(totals, targets),
        "measures": _measures(_table(tables, "measures")),
    }
