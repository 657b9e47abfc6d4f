"""KPI status rule (DOMAIN.md section 6) on hand-computed indicators."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from generator.compute.kpis import compute_kpis


def _indicator(kpi_id, direction="increase", b=0.0, g=100.0, tb=2020, tg=2030, **extra):
    """One indicator row with a baseline in 2020 and a target in 2030 by default."""
    return {"kpi_id": kpi_id, "label": f"KPI {kpi_id}", "unit": "%", "direction": direction,
            "baseline_year": tb, "baseline_value": b, "target_year": tg, "target_value": g,
            **extra}


INDICATORS = [
    _indicator("on-track", label_en="On track", theme="climat", source="city", owner="DSI"),
    _indicator("at-risk"),
    _indicator("off-track", direction="decrease", b=200.0, g=100.0),
    _indicator("achieved"),
    _indicator("no-data"),
    _indicator("maintain-ok", direction="maintain", b=95.0, g=95.0, tolerance=2.0),
    _indicator("maintain-ko", direction="maintain", b=95.0, g=95.0, tolerance=2.0),
    _indicator("maintain-no-tol", direction="maintain", b=90.0, g=95.0),
    _indicator("threshold-ok", b=4.0, g=4.0),
    _indicator("threshold-ko", direction="decrease", b=10.0, g=10.0),
    _indicator("not-started-up", b=10.0, g=20.0),
    _indicator("not-started-down", b=10.0, g=20.0),
    _indicator("boundary-90"),
    _indicator("boundary-70"),
    _indicator("dated"),
]
OBSERVATIONS = [
    ("on-track", 2025, 50.0), ("on-track", 2021, 10.0),
    ("at-risk", 2025, 40.0),
    ("off-track", 2025, 185.0),
    ("achieved", 2024, 120.0),
    ("maintain-ok", 2025, 94.0),
    ("maintain-ko", 2025, 90.0),
    ("maintain-no-tol", 2025, 95.0),
    ("threshold-ok", 2023, 4.0),
    ("threshold-ko", 2023, 12.0),
    ("not-started-up", 2020, 10.0),
    ("not-started-down", 2019, 9.0),
    ("boundary-90", 2025, 45.0),
    ("boundary-70", 2025, 35.0),
    ("dated", "2025-07-02", 60.0),
]


def _tables(indicators=INDICATORS, observations=OBSERVATIONS):
    """Indicator and observation tables as the loader would give them."""
    obs = pd.DataFrame(observations, columns=["kpi_id", "period", "value"])
    return {"indicators": pd.DataFrame(indicators), "observations": obs}


@pytest.fixture(scope="module")
def result():
    return compute_kpis(_tables(), {})


@pytest.fixture(scope="module")
def by_id(result):
    return {row["kpi_id"]: row for row in result["indicators"]}


def test_contract_keys_sorted_and_json(result):
    ids = [row["kpi_id"] for row in result["indicators"]]
    assert ids == sorted(ids)
    for row in result["indicators"]:
        assert {"kpi_id", "latest_period", "latest_value", "progress", "expected",
                "status"} <= set(row)
    json.dumps(result, allow_nan=False)


def test_on_track(by_id):
    row = by_id["on-track"]
    assert row["latest_period"] == 2025 and row["latest_value"] == pytest.approx(50.0)
    assert row["progress"] == pytest.approx(0.5)
    assert row["expected"] == pytest.approx(0.5)
    assert row["ratio"] == pytest.approx(1.0)
    assert row["status"] == "on-track"
    assert row["history"] == [{"period": 2021, "value": 10.0}, {"period": 2025, "value": 50.0}]
    assert (row["label_en"], row["theme"], row["source"], row["owner"]) == (
        "On track", "climat", "city", "DSI")


def test_at_risk_and_off_track(by_id):
    assert by_id["at-risk"]["progress"] == pytest.approx(0.4)
    assert by_id["at-risk"]["ratio"] == pytest.approx(0.8)
    assert by_id["at-risk"]["status"] == "at-risk"
    # decrease: (185 − 200) / (100 − 200) = 0.15; 0.15 / 0.5 = 0.3
    assert by_id["off-track"]["progress"] == pytest.approx(0.15)
    assert by_id["off-track"]["ratio"] == pytest.approx(0.3)
    assert by_id["off-track"]["status"] == "off-track"


def test_boundaries_are_inclusive(by_id):
    assert by_id["boundary-90"]["ratio"] == pytest.approx(0.9)
    assert by_id["boundary-90"]["status"] == "on-track"
    assert by_id["boundary-70"]["ratio"] == pytest.approx(0.7)
    assert by_id["boundary-70"]["status"] == "at-risk"


def test_achieved_and_no_data(by_id):
    assert by_id["achieved"]["progress"] == pytest.approx(1.2)
    assert by_id["achieved"]["expected"] == pytest.approx(0.4)
    assert by_id["achieved"]["status"] == "achieved"
    row = by_id["no-data"]
    assert row["status"] == "no-data"
    assert row["latest_value"] is None and row["progress"] is None and row["history"] == []


def test_maintain(by_id):
    assert by_id["maintain-ok"]["status"] == "on-track"  # |94 − 95| ≤ 2
    assert by_id["maintain-ko"]["status"] == "off-track"  # |90 − 95| > 2
    assert by_id["maintain-no-tol"]["status"] == "on-track"  # tolerance 0, v == g
    assert by_id["maintain-no-tol"]["progress"] == pytest.approx(1.0)
    assert by_id["maintain-no-tol"]["tolerance"] == 0.0


def test_threshold_kpi(by_id):
    assert by_id["threshold-ok"]["status"] == "achieved"
    assert by_id["threshold-ok"]["progress"] is None
    assert by_id["threshold-ko"]["status"] == "off-track"  # decrease: 12 > 10


def test_expected_zero(by_id):
    up, down = by_id["not-started-up"], by_id["not-started-down"]
    assert up["expected"] == 0.0 and up["progress"] == pytest.approx(0.0)
    assert up["ratio"] is None and up["status"] == "on-track"
    assert down["expected"] == 0.0 and down["progress"] == pytest.approx(-0.1)
    assert down["status"] == "off-track"


def test_dated_period_and_clamp():
    row = next(r for r in compute_kpis(_tables(), {})["indicators"] if r["kpi_id"] == "dated")
    assert row["latest_period"] == "2025-07-02"
    assert row["expected"] == pytest.approx((2025 + 182 / 365 - 2020) / 10)
    late = compute_kpis(_tables([_indicator("late")], [("late", 2035, 20.0)]), {})
    assert late["indicators"][0]["expected"] == 1.0
    assert late["indicators"][0]["status"] == "off-track"  # 0.2 / 1


def test_status_counts(result):
    counts = result["status_counts"]
    assert counts == {"achieved": 2, "on-track": 6, "at-risk": 2, "off-track": 4, "no-data": 1}
    assert sum(counts.values()) == len(result["indicators"])


def test_thresholds_from_config():
    tables = _tables([_indicator("k")], [("k", 2025, 40.0)])
    assert compute_kpis(tables, {})["indicators"][0]["status"] == "at-risk"
    strict = compute_kpis(tables, {"thresholds": {"at_risk": 0.85}})
    assert strict["indicators"][0]["status"] == "off-track"


def test_defensive_types_and_duplicates():
    indicators = pd.DataFrame([_indicator(7, b="0", g="100", tb="2020", tg="2030")])
    obs = pd.DataFrame({"kpi_id": [7, 7, 7, 7, 8], "period": ["2024", "2025", "2025", None, 2025],
                        "value": ["30", "20", "50", "99", 1.0]})
    row = compute_kpis({"indicators": indicators, "observations": obs}, None)["indicators"][0]
    assert row["kpi_id"] == "7"
    assert row["latest_period"] == 2025 and row["latest_value"] == pytest.approx(50.0)
    assert [h["value"] for h in row["history"]] == [30.0, 50.0]
    assert row["status"] == "on-track"


def test_empty_tables():
    assert compute_kpis({}, {}) == {
        "indicators": [],
        "status_counts": {s: 0 for s in ("achieved", "on-track", "at-risk", "off-track",
                                          "no-data")},
    }
