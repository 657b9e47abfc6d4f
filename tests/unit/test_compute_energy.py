"""Building energy: regression, climate correction, emissions, anomaly rules, data quality."""

from __future__ import annotations

import json
import math
import statistics

import pandas as pd
import pytest

from generator.compute.energy import compute_energy

# Monthly DJU pattern; each year scales it, and the factors average to 1, so the normal of a
# calendar month (mean over 2019–2023) is exactly PATTERN.
PATTERN = [400.0, 350.0, 280.0, 180.0, 80.0, 5.0, 0.0, 0.0, 8.0, 150.0, 280.0, 380.0]
SCALE = {2019: 1.00, 2020: 0.90, 2021: 1.10, 2022: 0.95, 2023: 1.05}
NOISE = [0.03, -0.03, 0.02, -0.02, 0.03, -0.03, 0.01, -0.01, 0.02, -0.02, 0.03, -0.03]
A, B = 100.0, 20.0


def dju(year, month):
    return PATTERN[month - 1] * SCALE[year]


def days(year, month):
    return pd.Timestamp(year, month, 1).days_in_month


def model_kwh(year, month, a=A, b=B):
    return a * days(year, month) + b * dju(year, month)


def degree_days():
    rows = [(pd.Timestamp(y, m, 1), dju(y, m)) for y in SCALE for m in range(1, 13)]
    return pd.DataFrame(rows, columns=["month", "dju"])


def monthly(bid, energy, values, reading_type="meter"):
    """Monthly readings from {(year, month): kwh}; the end date is the month's last day."""
    rows = []
    for (year, month), kwh in sorted(values.items()):
        start = pd.Timestamp(year, month, 1)
        rows.append({"building_id": bid, "energy": energy, "period_start": start,
                     "period_end": start + pd.offsets.MonthEnd(0), "kwh": kwh,
                     "reading_type": reading_type})
    return rows


def year_values(year, fn):
    return {(year, m): fn(year, m) for m in range(1, 13)}


def building(bid, use="enseignement", area=1000.0, ref=2020, heating="gaz"):
    return {"building_id": bid, "name": f"Bâtiment {bid}", "use": use, "floor_area_m2": area,
            "decret_tertiaire": True, "reference_year": ref, "heating_energy": heating}


FACTORS = pd.DataFrame({"energy": ["gaz", "electricite"], "kgco2e_per_kwh": [0.227, 0.052],
                        "source": ["DPE 2021", "Base Empreinte"]})


def run(buildings, readings, config=None, dd=None, factors=FACTORS, **extra):
    tables = {"buildings": pd.DataFrame(buildings), "readings": pd.DataFrame(readings),
              "degree_days": degree_days() if dd is None else dd,
              "emission_factors": factors, **extra}
    result = compute_energy(tables, config or {})
    json.dumps(result, allow_nan=False)
    return result


def rules_of(result, rule, bid=None):
    return [a for a in result["anomalies"]
            if a["rule"] == rule and (bid is None or a["building_id"] == bid)]


def fit_by_hand(points):
    """Least squares E = a·days + b·DJU through the 2×2 normal equations."""
    sdd = sum(d * d for d, j, y in points)
    sdj = sum(d * j for d, j, y in points)
    sjj = sum(j * j for d, j, y in points)
    sdy = sum(d * y for d, j, y in points)
    sjy = sum(j * y for d, j, y in points)
    det = sdd * sjj - sdj * sdj
    a, b = (sdy * sjj - sjy * sdj) / det, (sjy * sdd - sdy * sdj) / det
    resid = [y - a * d - b * j for d, j, y in points]
    mean, dof = sum(y for _, _, y in points) / len(points), len(points) - 2
    cv = math.sqrt(sum(r * r for r in resid) / dof) / mean
    return a, b, cv, sum(resid) / (dof * mean), math.sqrt(sum(r * r for r in resid) / dof), mean


# ---------------------------------------------------------------- regression and correction


def test_perfect_fit_recovers_a_and_b_and_corrects_to_normal():
    values = {}
    for year in (2020, 2021, 2022):
        values.update(year_values(year, model_kwh))
    result = run([building("P")], monthly("P", "gaz", values))
    b = result["buildings"][0]
    model = b["model"]
    assert model["a"] == pytest.approx(A) and model["b"] == pytest.approx(B)
    assert model["cv_rmse"] == pytest.approx(0.0, abs=1e-9)
    assert model["nmbe"] == pytest.approx(0.0, abs=1e-9)
    assert model["accepted"] and model["reference_year"] == 2020
    year = {y["year"]: y for y in b["years"]}
    for y in (2020, 2021, 2022):
        normal = sum(A * days(y, m) + B * PATTERN[m - 1] for m in range(1, 13))
        assert year[y]["kwh_climate_corrected"] == pytest.approx(normal)
        assert year[y]["correction"] == "regression"
        assert year[y]["kwh"] == pytest.approx(sum(values[(y, m)] for m in range(1, 13)))
    # 2020 is a leap year: one more day of base load in the reference
    assert year[2021]["gain"] == pytest.approx(1 - normal / (normal + A))
    assert year[2021]["gain"] == pytest.approx(
        1 - year[2021]["kwh_climate_corrected"] / year[2020]["kwh_climate_corrected"])
    assert year[2021]["expected_gain"] == pytest.approx(0.04)
    months = year[2021]["months"]
    assert [m["month"] for m in months][:2] == ["2021-01", "2021-02"]
    assert months[0]["expected_kwh"] == pytest.approx(model_kwh(2021, 1))
    assert months[0]["dju"] == pytest.approx(440.0)
    assert result["method"]["dju_normal"]["monthly"] == pytest.approx(PATTERN)
    assert result["anomalies"] == [] and result["data_quality"] == []


def test_noisy_fit_matches_normal_equations():
    values = year_values(2020, lambda y, m: model_kwh(y, m) * (1 + NOISE[m - 1]))
    values.update(year_values(2021, lambda y, m: model_kwh(y, m) * (1 + NOISE[m - 1])))
    result = run([building("N")], monthly("N", "gaz", values))
    model = result["buildings"][0]["model"]
    points = [(days(2020, m), dju(2020, m), values[(2020, m)]) for m in range(1, 13)]
    a, b, cv, nmbe, sigma, _ = fit_by_hand(points)
    assert model["a"] == pytest.approx(a) and model["b"] == pytest.approx(b)
    assert model["cv_rmse"] == pytest.approx(cv) and model["nmbe"] == pytest.approx(nmbe)
    assert model["sigma"] == pytest.approx(sigma)
    assert model["accepted"] is True and model["months"] == 12
    corr = sum(a * days(2021, m) + b * PATTERN[m - 1]
               + values[(2021, m)] - a * days(2021, m) - b * dju(2021, m) for m in range(1, 13))
    year = {y["year"]: y for y in result["buildings"][0]["years"]}
    assert year[2021]["kwh_climate_corrected"] == pytest.approx(corr)
    assert rules_of(result, "degree-day-residual") == []


def test_rejected_fit_falls_back_to_degree_day_ratio():
    wild = [0.3 * (-1) ** m for m in range(12)]
    gas = year_values(2020, lambda y, m: model_kwh(y, m) * (1 + wild[m - 1]))
    gas.update(year_values(2021, lambda y, m: model_kwh(y, m) * (1 + wild[m - 1])))
    elec = {**year_values(2020, lambda y, m: 1000.0), **year_values(2021, lambda y, m: 1000.0 + m)}
    result = run([building("R")], monthly("R", "gaz", gas) + monthly("R", "electricite", elec))
    b = result["buildings"][0]
    assert b["model"]["accepted"] is False and b["model"]["reason"] == "poor-fit"
    assert b["model"]["cv_rmse"] > 0.15
    year = {y["year"]: y for y in b["years"]}
    gas_2021 = sum(gas[(2021, m)] for m in range(1, 13))
    elec_2021 = sum(elec[(2021, m)] for m in range(1, 13))
    # every 2021 month is 1.1 × the normal, so ΣDJU_normal / ΣDJU_obs = 1 / 1.1
    assert year[2021]["kwh_climate_corrected"] == pytest.approx(elec_2021 + gas_2021 / 1.1)
    assert year[2021]["correction"] == "degree-day-ratio"
    assert rules_of(result, "degree-day-residual") == []  # no accepted model, no z-scores


def test_reference_year_defaults_to_first_full_year_and_heating_is_inferred():
    gas = {(2019, m): model_kwh(2019, m) for m in range(3, 13)}
    gas.update(year_values(2020, model_kwh))
    gas.update(year_values(2023, lambda y, m: 0.9 * model_kwh(y, m)))
    elec = year_values(2020, lambda y, m: 500.0 + m)
    info = building("F", ref=None, heating=None)
    result = run([info], monthly("F", "gaz", gas) + monthly("F", "electricite", elec))
    b = result["buildings"][0]
    assert b["reference_year"] == 2020 and b["model"]["reference_year"] == 2020
    assert b["heating_energy"] == "gaz" and b["heating_energy_inferred"] is True
    year = {y["year"]: y for y in b["years"]}
    assert year[2019]["expected_gain"] is None
    assert year[2020]["gain"] == pytest.approx(0.0) and year[2020]["expected_gain"] == 0.0
    assert year[2023]["expected_gain"] == pytest.approx(0.40 * 3 / 10)
    ref = sum(A * days(2020, m) + B * PATTERN[m - 1] for m in range(1, 13)) + sum(elec.values())
    e23 = sum(A * days(2023, m) + B * PATTERN[m - 1] - 0.1 * model_kwh(2023, m)
              for m in range(1, 13))
    assert year[2020]["kwh_climate_corrected"] == pytest.approx(ref)
    assert year[2023]["gain"] == pytest.approx(1 - e23 / ref)


def test_emissions_intensity_and_factor_years():
    factors = pd.DataFrame({
        "energy": ["gaz", "gaz", "electricite", "fioul"],
        "kgco2e_per_kwh": [0.2, 0.25, 0.05, 0.3], "year": [2019, 2022, None, 2025],
        "source": ["a", "b", "c", "d"],
    })
    gas = {(y, 1): 1000.0 for y in (2021, 2022, 2023)}
    elec = {(y, 1): 100.0 for y in (2021, 2022, 2023)}
    oil = {(2021, 1): 10.0}
    wood = {(2023, 1): 50.0}
    readings = (monthly("E", "gaz", gas) + monthly("E", "electricite", elec)
                + monthly("E", "fioul", oil) + monthly("E", "bois", wood))
    result = run([building("E", area=200.0)], readings, factors=factors)
    year = {y["year"]: y for y in result["buildings"][0]["years"]}
    assert year[2021]["kgco2e"] == pytest.approx(1000 * 0.2 + 100 * 0.05 + 10 * 0.3)
    assert year[2022]["kgco2e"] == pytest.approx(1000 * 0.25 + 100 * 0.05)
    assert year[2022]["kgco2e_per_m2"] == pytest.approx((250 + 5) / 200)
    assert year[2022]["kwh_per_m2"] == pytest.approx(1100 / 200)
    assert year[2022]["emission_factors"]["gaz"]["year"] == 2022
    assert year[2023]["kgco2e"] is None  # no factor for wood
    missing = [q for q in result["data_quality"] if q["problem"] == "missing-emission-factor"]
    assert missing == [{"building_id": "E", "period": "2023",
                        "problem": "missing-emission-factor", "evidence": {"energy": "bois"}}]
    portfolio = {y["year"]: y for y in result["portfolio"]["years"]}
    assert portfolio[2021]["kwh"] == pytest.approx(1110.0)
    assert portfolio[2023]["kgco2e"] is None and portfolio[2023]["kgco2e_complete"] is False
    assert portfolio[2021]["by_use"][0]["use"] == "enseignement"


# ---------------------------------------------------------------- anomaly rules


def _noisy_reference(bid):
    """2020 readings with ±3 % noise, and the hand-fitted model on them."""
    values = year_values(2020, lambda y, m: model_kwh(y, m) * (1 + NOISE[m - 1]))
    points = [(days(2020, m), dju(2020, m), values[(2020, m)]) for m in range(1, 13)]
    return values, fit_by_hand(points)


def test_degree_day_residual_warning_and_alert():
    values, (a, b, _, _, sigma, mean) = _noisy_reference("Z")
    assert sigma > 0.01 * mean  # the σ floor does not bind here
    pred = {m: a * days(2021, m) + b * dju(2021, m) for m in range(1, 13)}
    values.update({(2021, m): pred[m] for m in range(1, 13)})
    values[(2021, 2)] = pred[2] + 2.5 * sigma
    values[(2021, 3)] = pred[3] - 4.0 * sigma
    values[(2021, 4)] = pred[4] + 3.5 * sigma
    result = run([building("Z")], monthly("Z", "gaz", values))
    found = rules_of(result, "degree-day-residual")
    # by default only consumption above the expectation is abnormal: March's saving is not
    assert [(x["period"], x["severity"]) for x in found] == [("2021-02", "warning"),
                                                             ("2021-04", "alert")]
    assert found[0]["evidence"]["z"] == pytest.approx(2.5)
    assert found[0]["evidence"]["expected"] == pytest.approx(pred[2])
    assert found[0]["evidence"]["threshold"] == 2.0
    assert found[1]["evidence"]["z"] == pytest.approx(3.5)
    assert found[1]["evidence"]["threshold"] == 3.0
    both = run([building("Z")], monthly("Z", "gaz", values),
               config={"anomalies": {"flag_savings": True}})
    found = rules_of(both, "degree-day-residual")
    assert [x["period"] for x in found] == ["2021-02", "2021-03", "2021-04"]
    assert found[1]["evidence"]["z"] == pytest.approx(-4.0)


def test_cusum_drift_triggered_and_not():
    values = {}
    for year, factor in ((2020, 1.0), (2021, 1.06), (2022, 1.02)):
        values.update(year_values(year, lambda y, m, f=factor: model_kwh(y, m) * (
            f if m in (1, 2, 3, 4, 5, 10, 11, 12) else 1.0)))
    result = run([building("C")], monthly("C", "gaz", values))
    found = rules_of(result, "cusum-drift")
    assert [x["period"] for x in found] == ["2021"]
    expected = sum(model_kwh(2021, m) for m in (1, 2, 3, 4, 5, 10, 11, 12))
    evidence = found[0]["evidence"]
    assert found[0]["severity"] == "alert"
    assert evidence["expected"] == pytest.approx(expected)
    assert evidence["cusum"] == pytest.approx(0.06 * expected)
    assert evidence["threshold"] == pytest.approx(0.05 * expected)
    relaxed = run([building("C")], monthly("C", "gaz", values), {"anomalies": {"cusum_drift": 0.1}})
    assert rules_of(relaxed, "cusum-drift") == []


def test_heating_out_of_season():
    values = {}
    for year in (2020, 2021):
        values.update(year_values(year, model_kwh))
    values[(2021, 7)] = 2.0 * model_kwh(2021, 7)  # July: DJU 0, twice the hot-water base
    values[(2021, 8)] = 1.4 * model_kwh(2021, 8)  # August: below 1.5 × base
    result = run([building("S")], monthly("S", "gaz", values))
    found = rules_of(result, "heating-out-of-season")
    assert [x["period"] for x in found] == ["2021-07"]
    # summer months: DJU < 10 (June to September); base = median kWh per day
    summer = [(y, m) for y in (2020, 2021) for m in (6, 7, 8, 9)]
    base = statistics.median(values[key] / days(*key) for key in summer)
    assert 1.4 * A < 1.5 * base < 2.0 * A
    assert found[0]["evidence"]["expected"] == pytest.approx(base * 31)
    assert found[0]["evidence"]["threshold"] == pytest.approx(1.5 * base * 31)
    assert found[0]["evidence"]["observed"] == pytest.approx(2 * A * 31)


def _daily(bid, energy, kwh_by_day):
    return [{"building_id": bid, "energy": energy, "period_start": pd.Timestamp(day),
             "period_end": pd.Timestamp(day), "kwh": kwh, "reading_type": "meter"}
            for day, kwh in kwh_by_day.items()]


def test_closure_consumption_needs_occupancy_and_daily_data():
    week = pd.date_range("2023-03-06", "2023-03-19")  # Mon 6 → Sun 19
    status = {d: "closed" if d.day_of_week >= 5 else "open" for d in week}
    elec = {d: 100.0 for d in week}
    elec[pd.Timestamp("2023-03-11")] = 60.0  # Saturday: 0.6 > 0.5
    elec[pd.Timestamp("2023-03-12")] = 40.0  # Sunday: 0.4
    elec[pd.Timestamp("2023-03-18")] = elec[pd.Timestamp("2023-03-19")] = 30.0
    gas = {d: 200.0 for d in week}
    gas[pd.Timestamp("2023-03-11")] = gas[pd.Timestamp("2023-03-12")] = 50.0
    gas[pd.Timestamp("2023-03-18")] = 130.0  # 0.65 > 0.6
    gas[pd.Timestamp("2023-03-19")] = 110.0  # 0.55 ≤ 0.6
    readings = _daily("O", "electricite", elec) + _daily("O", "gaz", gas)
    occupancy = pd.DataFrame({"building_id": "O", "date": list(status),
                              "status": list(status.values())})
    result = run([building("O")], readings, occupancy=occupancy)
    found = rules_of(result, "closure-consumption")
    assert [(x["period"], x["evidence"]["energy"], x["evidence"]["days"]) for x in found] == [
        ("2023-03", "electricite", ["2023-03-11"]), ("2023-03", "gaz", ["2023-03-18"])]
    assert found[0]["evidence"]["threshold"] == 0.5 and found[1]["evidence"]["threshold"] == 0.6
    assert found[0]["evidence"]["ratio"] == pytest.approx(0.6)
    assert found[1]["evidence"]["expected"] == pytest.approx(200.0)
    assert rules_of(run([building("O")], readings), "closure-consumption") == []


def _hourly(bid, day, night_kw, day_kw, other_kw=30.0):
    start = pd.Timestamp(day)
    rows = []
    for hour in range(24):
        kw = night_kw if hour < 5 else day_kw if 8 <= hour < 18 else other_kw
        rows.append({"building_id": bid, "energy": "electricite",
                     "period_start": start + pd.Timedelta(hours=hour),
                     "period_end": start + pd.Timedelta(hours=hour + 1), "kwh": kw})
    return rows


def test_night_baseload_on_sub_daily_data():
    readings = []
    for day in ("2023-03-06", "2023-03-07"):  # Monday, Tuesday
        readings += _hourly("H1", day, 60.0, 100.0) + _hourly("H2", day, 20.0, 100.0)
    readings += _hourly("H2", "2023-03-11", 90.0, 100.0)  # Saturday: not an occupied day
    buildings = [building("H1", heating="electricite"), building("H2", heating="electricite")]
    result = run(buildings, readings)
    found = rules_of(result, "night-baseload")
    assert [(x["building_id"], x["period"]) for x in found] == [("H1", "2023-03")]
    assert found[0]["evidence"]["ratio"] == pytest.approx(0.6)
    assert found[0]["evidence"]["observed"] == pytest.approx(60.0)
    assert rules_of(result, "closure-consumption") == []  # no occupancy table


def test_monthly_data_skips_sub_daily_rules():
    values = {**year_values(2020, model_kwh), **year_values(2021, model_kwh)}
    result = run([building("M")], monthly("M", "gaz", values))
    assert rules_of(result, "night-baseload") == rules_of(result, "closure-consumption") == []


def test_year_on_year_compares_like_with_like():
    level = {2021: 100.0, 2022: 115.0, 2023: 120.0}
    values = {}
    for year, kwh in level.items():
        values.update(year_values(year, lambda y, m, k=kwh: k))
    values.update({(2024, m): 400.0 for m in range(1, 7)})  # half a year: not comparable
    empty_dd = pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "dju": []})
    bld = [building("Y", area=10.0, ref=2021, heating="electricite")]
    readings = monthly("Y", "electricite", values)
    result = run(bld, readings, dd=empty_dd)
    found = rules_of(result, "year-on-year")
    assert [x["period"] for x in found] == ["2022"]  # +15 %; 2023 is +4.3 %
    assert found[0]["evidence"]["observed"] == pytest.approx(115.0 * 12 / 10)
    assert found[0]["evidence"]["expected"] == pytest.approx(100.0 * 12 / 10)
    assert found[0]["evidence"]["change"] == pytest.approx(0.15)
    assert result["buildings"][0]["years"][0]["correction"] == "none"
    relaxed = run(bld, readings, {"anomalies": {"year_on_year": 0.2}}, dd=empty_dd)
    assert rules_of(relaxed, "year-on-year") == []


def test_benchmark_peer_p75_and_cabs():
    empty_dd = pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "dju": []})
    buildings, readings = [], []
    schools = {"S1": 100.0, "S2": 110.0, "S3": 120.0, "S4": 130.0, "S5": 200.0}
    gyms = {"G1": 100.0, "G2": 160.0, "G3": 120.0}
    for use, group in (("enseignement", schools), ("sport", gyms)):
        for bid, per_m2 in group.items():
            buildings.append(building(bid, use=use, area=1200.0, heating="electricite"))
            values = year_values(2022, lambda y, m, v=per_m2: v * 100)
            readings += monthly(bid, "electricite", values)
    # a partial year far above everyone is not benchmarked
    buildings.append(building("S6", area=1200.0, heating="electricite"))
    readings += monthly("S6", "electricite", {(2022, m): 90000.0 for m in range(1, 4)})
    config = {"anomalies": {"benchmark_cabs": {"sport": 150.0}}}
    result = run(buildings, readings, config, dd=empty_dd)
    found = rules_of(result, "benchmark")
    assert [(x["building_id"], x["evidence"]["basis"]) for x in found] == [
        ("G2", ["cabs"]), ("S5", ["peer-p75"])]
    assert found[1]["evidence"]["peer_p75"] == pytest.approx(130.0)  # numpy linear P75
    assert found[1]["evidence"]["observed"] == pytest.approx(200.0)
    assert found[0]["evidence"]["peer_p75"] is None  # 3 gyms < 4 peers
    assert found[0]["evidence"]["threshold"] == 150.0


# ---------------------------------------------------------------- data quality


def test_data_quality_problems_are_reported_not_counted():
    gas = {**year_values(2020, model_kwh), **year_values(2021, model_kwh)}
    del gas[(2021, 4)]
    gas[(2021, 6)], gas[(2021, 7)] = 0.0, -50.0
    readings = [r for r in monthly("Q", "gaz", gas) if r["period_start"].month != 11
                or r["period_start"].year != 2021]
    readings += monthly("Q", "gaz", {(2021, 11): model_kwh(2021, 11)}, reading_type="estimated")
    readings = [dict(r, kwh=None) if r["period_start"] == pd.Timestamp(2021, 12, 1) else r
                for r in readings]
    elec = {(2021, 1): 500.0, (2021, 2): 500.0, (2021, 3): 500.0, (2021, 4): 600.0,
            (2021, 5): 600.0, (2021, 6): 550.0}
    readings += monthly("Q", "electricite", elec)
    result = run([building("Q")], readings)
    problems = {(q["period"], q["problem"]): q["evidence"] for q in result["data_quality"]}
    assert set(problems) == {("2021-04", "gap"), ("2021-06", "zero-reading"),
                             ("2021-07", "negative-reading"), ("2021-01", "flat-line"),
                             ("2021-11", "estimated-reading"), ("2021-12", "missing-value")}
    assert problems[("2021-04", "gap")] == {"energy": "gaz", "start": "2021-04-01",
                                           "end": "2021-04-30", "days": 30}
    assert problems[("2021-01", "flat-line")]["months"] == 3
    assert problems[("2021-01", "flat-line")]["energy"] == "electricite"
    assert problems[("2021-07", "negative-reading")]["kwh"] == -50.0
    assert result["anomalies"] == []
    periods = [(q["building_id"], q["period"], q["problem"]) for q in result["data_quality"]]
    assert periods == sorted(periods)


def test_anomalies_sorted_and_defensive_inputs():
    values = {**year_values(2020, model_kwh), **year_values(2021, model_kwh)}
    values[(2021, 7)] = 3.0 * model_kwh(2021, 7)
    readings = pd.DataFrame(monthly(7, "gaz", values))
    readings["period_start"] = readings["period_start"].dt.strftime("%Y-%m-%d")
    readings["kwh"] = readings["kwh"].astype(str)
    dd = degree_days().assign(month=lambda d: d["month"].dt.date)
    info = pd.DataFrame([building(7)]).assign(reference_year="2020", floor_area_m2="1000")
    result = compute_energy({"buildings": info, "readings": readings, "degree_days": dd,
                             "emission_factors": FACTORS}, {})
    json.dumps(result, allow_nan=False)
    assert result["buildings"][0]["building_id"] == "7"
    assert result["buildings"][0]["model"]["accepted"]
    keys = [(a["building_id"], a["period"], a["rule"]) for a in result["anomalies"]]
    assert keys == sorted(keys) and ("7", "2021-07", "heating-out-of-season") in keys
    assert compute_energy({}, {})["buildings"] == []
