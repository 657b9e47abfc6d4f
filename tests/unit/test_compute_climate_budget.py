"""Unit tests of the climate-budget computation (DOMAIN.md section 4, DESIGN.md data kinds)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from generator.compute.climate_budget import compute_climate_budget

ISSY_GOAL = {"goal": {"year": 2030, "tco2e": 69439, "basis": "SNBC: -50 % 1990-2030"}}


def _json(result: dict) -> dict:
    """Assert the result is strict JSON and return it round-tripped."""
    return json.loads(json.dumps(result, allow_nan=False))


def _emissions(totals: dict[int, float]) -> pd.DataFrame:
    """One 'total' sector row per year."""
    return pd.DataFrame({"year": list(totals), "sector": "total", "tco2e": list(totals.values())})


def _year(result: dict, year: int) -> dict:
    """The row of one year."""
    return next(row for row in result["years"] if row["year"] == year)


def _tco2e(path: list[dict]) -> list[float]:
    """The values of a path."""
    return [point["tco2e"] for point in path]


# ---------------------------------------------------------------- Issy worked example


def test_issy_worked_example_linear_trajectory() -> None:
    tables = {"emissions": _emissions({2023: 106803, 2024: 104987}),
              "targets": pd.DataFrame({"year": [2024], "reduction_rate": [0.034]})}
    result = _json(compute_climate_budget(tables, ISSY_GOAL))
    linear = result["trajectory"]["linear"]
    assert result["latest_year"] == 2024
    assert linear["annual_cut_tco2e"] == pytest.approx(5924.67, abs=0.005)
    assert [p["year"] for p in linear["path"]] == [2025, 2026, 2027, 2028, 2029, 2030]
    assert [round(v) for v in _tco2e(linear["path"])] == [
        99062, 93138, 87213, 81288, 75364, 69439]
    assert linear["cumulative_tco2e"] == pytest.approx(505504, abs=0.5)


def test_issy_worked_example_constant_rate() -> None:
    tables = {"emissions": _emissions({2023: 106803, 2024: 104987}),
              "targets": pd.DataFrame({"year": [2024], "reduction_rate": [0.034]})}
    result = _json(compute_climate_budget(tables, ISSY_GOAL))
    constant = result["trajectory"]["constant_rate"]
    assert constant["rate"] == pytest.approx(0.0666, abs=5e-5)
    assert [round(v) for v in _tco2e(constant["path"])] == [
        97997, 91473, 85383, 79698, 74392, 69439]
    assert round(constant["cumulative_tco2e"]) == 498381
    assert result["required_rate"] == pytest.approx(constant["rate"])
    assert result["goal"] == {"year": 2030, "tco2e": 69439.0,
                              "basis": "SNBC: -50 % 1990-2030"}


def test_issy_2024_is_below_its_voted_target() -> None:
    tables = {"emissions": _emissions({2023: 106803, 2024: 104987}),
              "targets": pd.DataFrame({"year": [2024], "reduction_rate": [0.034]})}
    result = _json(compute_climate_budget(tables, ISSY_GOAL))
    row = _year(result, 2024)
    assert row["change_pct"] == pytest.approx(-1.70, abs=0.005)
    assert row["cap_tco2e"] == pytest.approx(106803 * (1 - 0.034))
    assert row["within_cap"] is False
    # 104,987 misses the 103,171.7 t cap by 1.8 %: within the 5 % tolerance
    assert result["status"] == "at-risk"
    assert result["status_detail"]["pace_ok"] is False


# ---------------------------------------------------------------- a made-up city by hand


def _made_up_city() -> dict[str, pd.DataFrame]:
    """Totals 1000 -> 900 -> 850 in two sectors, 5 % voted each year, 12 % voted for 2023."""
    emissions = pd.DataFrame({
        "year": [2020, 2020, 2021, 2021, 2022, 2022],
        "sector": ["transport", "residentiel"] * 3,
        "tco2e": [600.0, 400.0, 540.0, 360.0, 500.0, 350.0],
    })
    targets = pd.DataFrame({"year": [2021, 2022, 2023], "reduction_rate": [0.05, 0.05, 0.12]})
    population = pd.DataFrame({"year": [2020, 2022], "population": [10_000, 10_625]})
    return {"emissions": emissions, "targets": targets, "population": population}


MADE_UP_GOAL = {"goal": {"year": 2025, "tco2e": 595, "basis": "made up"}}


def test_made_up_city_yearly_figures() -> None:
    result = _json(compute_climate_budget(_made_up_city(), MADE_UP_GOAL))
    assert [row["year"] for row in result["years"]] == [2020, 2021, 2022]
    first, second, third = result["years"]
    assert first["total_tco2e"] == 1000
    assert first["change_pct"] is None
    assert first["cap_tco2e"] is None and first["within_cap"] is None
    assert first["per_capita_tco2e"] == pytest.approx(1000 / 10_000)
    assert second["change_pct"] == pytest.approx(-10.0)
    assert second["cap_tco2e"] == pytest.approx(950.0)  # 1000 x 0.95
    assert second["within_cap"] is True
    assert second["margin_tco2e"] == pytest.approx(50.0)
    assert second["per_capita_tco2e"] is None  # no 2021 population
    assert third["total_tco2e"] == 850
    assert third["change_pct"] == pytest.approx(-5.555555555, abs=1e-8)  # 850/900 - 1
    assert third["change_since_first_pct"] == pytest.approx(-15.0)
    assert third["cap_tco2e"] == pytest.approx(855.0)  # 900 x 0.95
    assert third["within_cap"] is True
    assert third["margin_tco2e"] == pytest.approx(5.0)
    assert third["per_capita_tco2e"] == pytest.approx(0.08)  # 850 / 10,625
    assert third["sectors"] == {"residentiel": 350.0, "transport": 500.0}
    assert third["sector_shares"]["transport"] == pytest.approx(500 / 850)
    assert third["reduction_rate"] == 0.05
    assert third["is_estimate"] is None  # no is_estimate column


def test_made_up_city_trajectories() -> None:
    result = _json(compute_climate_budget(_made_up_city(), MADE_UP_GOAL))
    linear = result["trajectory"]["linear"]
    assert linear["annual_cut_tco2e"] == pytest.approx(85.0)  # (850 - 595) / 3
    assert _tco2e(linear["path"]) == pytest.approx([765.0, 680.0, 595.0])
    assert linear["cumulative_tco2e"] == pytest.approx(2040.0)
    constant = result["trajectory"]["constant_rate"]
    assert constant["rate"] == pytest.approx(1 - 0.7 ** (1 / 3))  # 595 / 850 = 0.7
    expected = [850 * 0.7 ** (1 / 3), 850 * 0.7 ** (2 / 3), 595.0]
    assert _tco2e(constant["path"]) == pytest.approx(expected)
    assert constant["cumulative_tco2e"] == pytest.approx(sum(expected))
    assert result["required_rate"] == pytest.approx(0.112096, abs=1e-6)


def test_made_up_city_reference_path_and_remaining_budget() -> None:
    result = _json(compute_climate_budget(_made_up_city(), MADE_UP_GOAL))
    # straight line 1000 (2020) -> 595 (2025): -81 t per year
    assert _year(result, 2021)["path_tco2e"] == pytest.approx(919.0)
    assert _year(result, 2022)["path_tco2e"] == pytest.approx(838.0)
    assert _year(result, 2022)["gap_tco2e"] == pytest.approx(12.0)
    budget = result["remaining_budget"]
    assert budget["budget_tco2e"] == pytest.approx(919 + 838 + 757 + 676 + 595)
    assert budget["emitted_tco2e"] == pytest.approx(900 + 850)
    assert budget["remaining_tco2e"] == pytest.approx(3785 - 1750)
    assert budget["missing_years"] == []
    assert result["upcoming_caps"] == [
        {"year": 2023, "reduction_rate": 0.12, "cap_tco2e": pytest.approx(850 * 0.88)}]


def test_made_up_city_on_track_when_cap_cumulative_and_pace_hold() -> None:
    result = _json(compute_climate_budget(_made_up_city(), MADE_UP_GOAL))
    detail = result["status_detail"]
    assert detail["limit_basis"] == "cap" and detail["limit_tco2e"] == pytest.approx(855.0)
    assert detail["cumulative_actual_tco2e"] == pytest.approx(1750.0)
    assert detail["cumulative_path_tco2e"] == pytest.approx(1757.0)
    assert detail["voted_rate"] == 0.12 and detail["voted_rate_year"] == 2023
    assert detail["pace_ok"] is True  # 0.12 >= 0.1121
    assert result["status"] == "on-track"
    assert result["status_rule"]["at_risk_tolerance"] == 0.05


def test_status_at_risk_when_voted_pace_too_slow() -> None:
    tables = _made_up_city()
    tables["targets"] = tables["targets"][tables["targets"]["year"] < 2023]
    result = _json(compute_climate_budget(tables, MADE_UP_GOAL))
    assert result["status_detail"]["pace_ok"] is False  # 0.05 < 0.1121
    assert result["status"] == "at-risk"


def test_status_at_risk_when_cap_missed_by_less_than_5_pct() -> None:
    tables = _made_up_city()
    tables["emissions"].loc[5, "tco2e"] = 380.0  # 2022 total 880 vs cap 855 (+2.9 %)
    result = _json(compute_climate_budget(tables, MADE_UP_GOAL))
    assert result["status_detail"]["annual_ok"] is False
    assert result["status_detail"]["near_limit"] is True
    assert result["status"] == "at-risk"


def test_status_off_track_when_cap_missed_by_more_than_5_pct() -> None:
    tables = _made_up_city()
    tables["emissions"].loc[5, "tco2e"] = 450.0  # 2022 total 950 vs cap 855 (+11 %)
    result = _json(compute_climate_budget(tables, MADE_UP_GOAL))
    assert _year(result, 2022)["within_cap"] is False
    assert result["status"] == "off-track"


def test_actor_all_rows_are_not_counted_twice() -> None:
    emissions = pd.DataFrame({
        "year": [2022] * 4,
        "sector": ["transport", "transport", "transport", "residentiel"],
        "actor": ["all", "menages", "entreprises", "menages"],
        "tco2e": [500.0, 300.0, 200.0, 350.0],
    })
    result = _json(compute_climate_budget({"emissions": emissions}, MADE_UP_GOAL))
    row = result["years"][0]
    assert row["sectors"] == {"residentiel": 350.0, "transport": 500.0}
    assert row["total_tco2e"] == 850.0
    assert row["actors"] == {"entreprises": 200.0, "menages": 650.0}
    assert row["actor_shares"]["menages"] == pytest.approx(650 / 850)


def test_no_actor_keys_without_actor_column() -> None:
    result = _json(compute_climate_budget(_made_up_city(), MADE_UP_GOAL))
    assert "actors" not in result["years"][0]


# ---------------------------------------------------------------- edge cases


def test_single_year() -> None:
    tables = {"emissions": _emissions({2024: 100.0}),
              "targets": pd.DataFrame({"year": [2024], "reduction_rate": [0.03]})}
    result = _json(compute_climate_budget(tables, {"goal": {"year": 2030, "tco2e": 70}}))
    row = result["years"][0]
    assert row["change_pct"] is None
    assert row["cap_tco2e"] is None  # no previous year to apply the rate to
    assert row["within_cap"] is None
    assert row["per_capita_tco2e"] is None
    assert len(result["trajectory"]["linear"]["path"]) == 6
    assert result["trajectory"]["linear"]["annual_cut_tco2e"] == pytest.approx(5.0)
    assert result["required_rate"] == pytest.approx(1 - 0.7 ** (1 / 6))
    assert result["status_detail"]["cumulative_ok"] is True
    assert result["status"] == "at-risk"  # voted 3 % < required 5.8 %


def test_single_year_without_target_is_on_track_at_the_start_of_its_path() -> None:
    result = _json(compute_climate_budget({"emissions": _emissions({2024: 100.0})},
                                          {"goal": {"year": 2030, "tco2e": 70}}))
    assert result["status_detail"]["limit_basis"] == "path"
    assert result["status"] == "on-track"


def test_goal_already_met_holds_the_level() -> None:
    tables = {"emissions": _emissions({2023: 80.0, 2024: 60.0})}
    result = _json(compute_climate_budget(tables, {"goal": {"year": 2030, "tco2e": 70}}))
    assert result["status"] == "goal-met"
    assert result["required_rate"] == 0.0
    linear, constant = result["trajectory"]["linear"], result["trajectory"]["constant_rate"]
    assert linear["annual_cut_tco2e"] == 0.0 and constant["rate"] == 0.0
    assert _tco2e(linear["path"]) == [60.0] * 6
    assert _tco2e(constant["path"]) == [60.0] * 6
    assert linear["cumulative_tco2e"] == 360.0


def test_goal_year_reached_without_meeting_goal() -> None:
    tables = {"emissions": _emissions({2029: 900.0, 2030: 850.0})}
    result = _json(compute_climate_budget(tables, {"goal": {"year": 2030, "tco2e": 800}}))
    assert result["status"] == "off-track"
    assert result["required_rate"] is None
    assert result["trajectory"]["linear"] == {
        "annual_cut_tco2e": None, "path": [], "cumulative_tco2e": None}
    assert result["trajectory"]["constant_rate"]["path"] == []


def test_goal_year_passed_and_met() -> None:
    tables = {"emissions": _emissions({2031: 700.0})}
    result = _json(compute_climate_budget(tables, {"goal": {"year": 2030, "tco2e": 800}}))
    assert result["status"] == "goal-met"
    assert result["trajectory"]["linear"]["path"] == []
    assert result["required_rate"] is None


def test_missing_population_and_target_years() -> None:
    tables = _made_up_city()
    tables["population"] = pd.DataFrame({"year": [2021], "population": [pd.NA]})
    tables["targets"] = pd.DataFrame({"year": [2021], "reduction_rate": [0.05]})
    result = _json(compute_climate_budget(tables, MADE_UP_GOAL))
    assert [row["per_capita_tco2e"] for row in result["years"]] == [None, None, None]
    row = _year(result, 2022)
    assert row["cap_tco2e"] is None and row["within_cap"] is None
    assert row["margin_tco2e"] is None and row["reduction_rate"] is None
    assert result["status_detail"]["limit_basis"] == "path"


def test_explicit_cap_wins_over_rate_and_gap_year_gives_nulls() -> None:
    emissions = _emissions({2020: 1000.0, 2022: 850.0, 2023: 800.0})
    targets = pd.DataFrame({"year": [2022, 2023], "reduction_rate": [0.05, 0.05],
                            "cap_tco2e": [None, 790.0]})
    result = _json(compute_climate_budget({"emissions": emissions, "targets": targets},
                                          MADE_UP_GOAL))
    gap_year = _year(result, 2022)
    assert gap_year["change_pct"] is None  # 2021 missing: no comparison with 2020
    assert gap_year["cap_tco2e"] is None
    row = _year(result, 2023)
    assert row["cap_tco2e"] == 790.0  # not 850 x 0.95
    assert row["within_cap"] is False
    assert result["remaining_budget"]["missing_years"] == [2021]


def test_population_prefers_municipale() -> None:
    population = pd.DataFrame({"year": [2022, 2022], "population": [10_000, 8_500],
                               "kind": ["totale", "municipale"]})
    tables = {"emissions": _emissions({2022: 850.0}), "population": population}
    result = _json(compute_climate_budget(tables, MADE_UP_GOAL))
    assert result["years"][0]["per_capita_tco2e"] == pytest.approx(0.1)


def test_baseline_year_from_config() -> None:
    config = {**MADE_UP_GOAL, "baseline_year": 2021}
    result = _json(compute_climate_budget(_made_up_city(), config))
    # straight line 900 (2021) -> 595 (2025): -76.25 t per year
    assert _year(result, 2020)["path_tco2e"] is None
    assert _year(result, 2022)["path_tco2e"] == pytest.approx(823.75)
    assert result["remaining_budget"]["emitted_tco2e"] == pytest.approx(850.0)


def test_defensive_types_and_missing_values() -> None:
    emissions = pd.DataFrame({
        "year": ["2021", "2021", 2022.0, None, "2022"],
        "sector": ["a", None, "a", "a", "b"],
        "tco2e": ["10", 5, None, 3, pd.NA],
        "is_estimate": ["true", "false", None, None, None],
    }, dtype=object)
    result = _json(compute_climate_budget({"emissions": emissions}, {}))
    assert [row["year"] for row in result["years"]] == [2021]
    assert result["years"][0]["sectors"] == {"a": 10.0, "unspecified": 5.0}
    assert result["years"][0]["is_estimate"] is True
    assert result["status"] == "no-data"  # neither goal nor cap


def test_empty_tables() -> None:
    result = _json(compute_climate_budget({}, {}))
    assert result["years"] == [] and result["latest_year"] is None
    assert result["status"] == "no-data"
    assert result["measures"] is None and result["remaining_budget"] is None


def test_negative_goal_has_no_constant_rate() -> None:
    result = _json(compute_climate_budget({"emissions": _emissions({2024: 100.0})},
                                          {"goal": {"year": 2026, "tco2e": -10}}))
    assert result["trajectory"]["linear"]["annual_cut_tco2e"] == pytest.approx(55.0)
    assert result["trajectory"]["constant_rate"]["rate"] is None
    assert result["required_rate"] is None


def test_measures_sorted_with_totals() -> None:
    measures = pd.DataFrame({
        "measure_id": ["M2", "M1", "M3"],
        "title": ["Pistes cyclables", "Géothermie", "LED"],
        "est_reduction_tco2e": [120.0, 800.0, None],
        "cost_eur": [1_000_000, 5_000_000, 250_000],
        "start": pd.to_datetime(["2024-01-01", None, "2025-03-01"]),
    })
    tables = {**_made_up_city(), "measures": measures}
    result = _json(compute_climate_budget(tables, MADE_UP_GOAL))
    block = result["measures"]
    assert [m["measure_id"] for m in block["items"]] == ["M1", "M2", "M3"]
    assert block["count"] == 3
    assert block["total_reduction_tco2e"] == pytest.approx(920.0)
    assert block["total_cost_eur"] == pytest.approx(6_250_000)
    assert block["items"][0]["start"] is None
    assert block["items"][1]["start"] == "2024-01-01"
    assert block["items"][2]["est_reduction_tco2e"] is None
