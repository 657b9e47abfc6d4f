"""Participation rates and representation ratios worked out by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from generator.compute.participation import compute_participation

AREAS = pd.DataFrame({"area": ["B", "A", "C", "D"], "population": [3000, 1000, 0, 2000]})
PARTICIPANTS = pd.DataFrame({
    "consultation": ["plu-2024", "plu-2024", "plu-2024", "budget-2023", "budget-2023"],
    "area": ["A", "B", "C", "A", "B"],
    "participants": [100, 100, 5, 0, 0],
})


@pytest.fixture(scope="module")
def result():
    return compute_participation({"areas": AREAS, "participants": PARTICIPANTS}, {})


def test_sorted_and_json(result):
    assert [c["consultation"] for c in result["consultations"]] == ["budget-2023", "plu-2024"]
    for consultation in result["consultations"]:
        assert [a["area"] for a in consultation["areas"]] == ["A", "B", "C", "D"]
    json.dumps(result, allow_nan=False)


def test_rates_and_ratios(result):
    plu = {a["area"]: a for a in result["consultations"][1]["areas"]}
    # 205 participants, 6000 inhabitants
    assert result["consultations"][1]["total_participants"] == 205
    assert result["consultations"][1]["population"] == 6000
    assert result["consultations"][1]["total_rate"] == pytest.approx(205 / 6000)
    assert plu["A"]["rate"] == pytest.approx(0.1)
    assert plu["A"]["representation_ratio"] == pytest.approx((100 / 205) / (1000 / 6000))
    assert plu["A"]["representation_ratio"] == pytest.approx(2.926829268)
    assert plu["B"]["rate"] == pytest.approx(1 / 30)
    assert plu["B"]["representation_ratio"] == pytest.approx((100 / 205) / 0.5)
    assert plu["B"]["representation_ratio"] == pytest.approx(0.975609756)


def test_zero_population_and_missing_row(result):
    plu = {a["area"]: a for a in result["consultations"][1]["areas"]}
    assert plu["C"]["participants"] == 5 and plu["C"]["population"] == 0
    assert plu["C"]["rate"] is None and plu["C"]["representation_ratio"] is None
    assert plu["D"]["participants"] == 0
    assert plu["D"]["rate"] == 0.0 and plu["D"]["representation_ratio"] == 0.0


def test_consultation_without_participants(result):
    budget = result["consultations"][0]
    assert budget["total_participants"] == 0 and budget["total_rate"] == 0.0
    assert all(a["rate"] in (0.0, None) for a in budget["areas"])
    assert all(a["representation_ratio"] is None for a in budget["areas"])


def test_ratio_of_one_when_proportional():
    areas = pd.DataFrame({"area": [1, 2], "population": [100.0, 300.0]})
    parts = pd.DataFrame({"consultation": ["c", "c"], "area": [1, 2],
                          "participants": ["10", "30"]})
    out = compute_participation({"areas": areas, "participants": parts}, None)
    assert [a["area"] for a in out["consultations"][0]["areas"]] == ["1", "2"]
    assert [a["representation_ratio"] for a in out["consultations"][0]["areas"]] == [
        pytest.approx(1.0), pytest.approx(1.0)]


def test_all_population_zero_and_empty():
    areas = pd.DataFrame({"area": ["A"], "population": [0]})
    parts = pd.DataFrame({"consultation": ["c"], "area": ["A"], "participants": [3]})
    out = compute_participation({"areas": areas, "participants": parts}, {})
    assert out["consultations"][0]["total_rate"] is None
    assert out["consultations"][0]["areas"][0]["representation_ratio"] is None
    json.dumps(out, allow_nan=False)
    assert compute_participation({}, {}) == {"consultations": []}
