"""Unit tests of the green-budget computation and reconciliation (DOMAIN.md 1.4, 1.5)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from generator.compute.green_budget import (
    AXES,
    RATINGS,
    compute_green_budget,
    reconcile_green_budget,
    required_axes,
)

CA, BP, CFU = "compte administratif", "budget primitif", "compte financier unique"
INV, FON = "investissement", "fonctionnement"


def _json(result: object) -> object:
    """Assert the result is strict JSON and return it round-tripped."""
    return json.loads(json.dumps(result, allow_nan=False))


def _line(line_id: str, year: int, natdec: str, section: str, nature: str, prev: float | None,
          real: float | None, codrd: str = "dépense", opbudg: str = "réel",
          contnat: str | None = None) -> dict:
    """One SCDL budget row."""
    return {"line_id": line_id, "BGT_ANNEE": year, "BGT_NATDEC": natdec, "BGT_SECTION": section,
            "BGT_OPBUDG": opbudg, "BGT_CODRD": codrd, "BGT_NATURE": nature,
            "BGT_CONTNAT": contnat, "BGT_FONCTION": "0", "BGT_CONTNAT_LABEL": f"label {line_id}",
            "BGT_MTPREV": prev, "BGT_MTREAL": real}


def _rating(line_id: str, axis: str, rating: str, weight: float = 1.0,
            rationale: str | None = None) -> dict:
    """One rating row."""
    return {"line_id": line_id, "axis": axis, "rating": rating, "weight": weight,
            "rationale": rationale}


def _city() -> dict[str, pd.DataFrame]:
    """A made-up city: a 2024 voted budget (BP) and 2025 executed accounts (CA)."""
    budget = [
        _line("J1", 2024, BP, INV, "21", 800, 123),
        _line("J2", 2024, BP, FON, "011", 1200, None),
        _line("I1", 2025, CA, INV, "21", 9999, 1000),
        _line("I2", 2025, CA, INV, "16", 0, 400),
        _line("I3", 2025, CA, INV, "23", 0, 600),
        _line("F1", 2025, CA, FON, "011", 0, 500),
        _line("F2", 2025, CA, FON, "012", 0, 1500),
        _line("R1", 2025, CA, INV, "13", 0, 5000, codrd="recette"),
        _line("O1", 2025, CA, INV, "21", 0, 7000, opbudg="ordre"),
    ]
    ratings = [
        _rating("J1", "attenuation", "tres-favorable"),
        _rating("J2", "attenuation", "neutre"),
        _rating("I1", "attenuation", "tres-favorable", 0.6, "pompe à chaleur"),
        _rating("I1", "attenuation", "neutre", 0.4, "reste du bâtiment"),
        _rating("I1", "biodiversite", "plutot-favorable"),
        _rating("I2", "attenuation", "non-cote"),
        _rating("I3", "attenuation", "defavorable"),
        _rating("F1", "attenuation", "indefini"),
        _rating("R1", "attenuation", "tres-favorable"),
        _rating("O1", "attenuation", "tres-favorable"),
    ]
    return {"budget": pd.DataFrame(budget), "ratings": pd.DataFrame(ratings)}


def _year(result: dict, year: int) -> dict:
    """One year of the result."""
    return next(y for y in result["years"] if y["year"] == year)


def _section(block: dict, axis: str, section: str) -> dict:
    """Figures of one axis and section in a year or a legal annex."""
    ax = next(a for a in block["axes"] if a["axis"] == axis)
    return next(s for s in ax["sections"] if s["section"] == section)


def _eur(section: dict) -> dict[str, float]:
    """Euros per rating."""
    return {r: v["eur"] for r, v in section["ratings"].items()}


# ---------------------------------------------------------------- figures


def test_shape_is_stable_and_json() -> None:
    result = _json(compute_green_budget(_city(), {}))
    assert [y["year"] for y in result["years"]] == [2024, 2025]
    for year in result["years"]:
        for axis in year["axes"]:
            assert [s["section"] for s in axis["sections"]] == [INV, FON, "total"]
            for section in axis["sections"]:
                assert list(section["ratings"]) == list(RATINGS)


def test_investment_section_with_split_line() -> None:
    result = _json(compute_green_budget(_city(), {}))
    inv = _section(_year(result, 2025), "attenuation", INV)
    assert inv["total_eur"] == 2000.0  # I1 1000 + I2 400 + I3 600 (MTREAL)
    # I1 split 0.6 tres-favorable / 0.4 neutre: 600 + 400
    assert _eur(inv) == {"tres-favorable": 600.0, "plutot-favorable": 0.0, "neutre": 400.0,
                         "defavorable": 600.0, "indefini": 0.0, "non-cote": 400.0}
    assert inv["ratings"]["tres-favorable"]["share"] == pytest.approx(0.3)
    assert inv["ratings"]["neutre"]["share"] == pytest.approx(0.2)
    assert inv["green_share"] == pytest.approx(0.3)
    assert inv["brown_share"] == pytest.approx(0.3)
    assert inv["coverage"] == pytest.approx(0.8)  # 1 - 400/2000 non-cote
    assert inv["unrated_eur"] == 0.0


def test_unrated_amount_counts_as_non_cote_and_is_reported() -> None:
    result = _json(compute_green_budget(_city(), {}))
    fon = _section(_year(result, 2025), "attenuation", FON)
    assert fon["total_eur"] == 2000.0  # F1 500 + F2 1500
    assert fon["unrated_eur"] == 1500.0  # F2 has no rating
    assert fon["ratings"]["non-cote"] == {"eur": 1500.0, "share": pytest.approx(0.75)}
    assert fon["ratings"]["indefini"]["share"] == pytest.approx(0.25)
    assert fon["coverage"] == pytest.approx(0.0)
    assert fon["green_share"] == 0.0


def test_total_section() -> None:
    result = _json(compute_green_budget(_city(), {}))
    total = _section(_year(result, 2025), "attenuation", "total")
    assert total["total_eur"] == 4000.0
    assert _eur(total) == {"tres-favorable": 600.0, "plutot-favorable": 0.0, "neutre": 400.0,
                           "defavorable": 600.0, "indefini": 500.0, "non-cote": 1900.0}
    assert total["green_share"] == pytest.approx(0.15)
    assert total["brown_share"] == pytest.approx(0.15)
    assert total["coverage"] == pytest.approx(1 - 0.125 - 0.475)
    assert total["green_eur"] == 600.0 and total["brown_eur"] == 600.0


def test_ordre_and_recette_lines_excluded() -> None:
    result = _json(compute_green_budget(_city(), {}))
    year = _year(result, 2025)
    ids = [line["line_id"] for line in year["lines"]]
    assert "R1" not in ids and "O1" not in ids
    assert _section(year, "attenuation", "total")["total_eur"] == 4000.0


def test_ca_uses_mtreal_and_bp_uses_mtprev() -> None:
    result = _json(compute_green_budget(_city(), {}))
    bp, ca = _year(result, 2024), _year(result, 2025)
    assert bp["basis"] == "voted" and bp["documents"] == [BP]
    assert ca["basis"] == "executed" and ca["documents"] == [CA]
    assert _section(bp, "attenuation", INV)["total_eur"] == 800.0  # MTPREV, not 123
    assert next(line for line in ca["lines"] if line["line_id"] == "I1")["amount_eur"] == 1000


def test_compte_financier_unique_uses_mtreal() -> None:
    budget = pd.DataFrame([_line("A", 2025, CFU, INV, "21", 50, 70)])
    ratings = pd.DataFrame([_rating("A", "attenuation", "neutre")])
    result = _json(compute_green_budget({"budget": budget, "ratings": ratings}, {}))
    assert result["years"][0]["lines"][0]["amount_eur"] == 70.0


def test_executed_accounts_win_over_budget_of_same_year() -> None:
    budget = pd.DataFrame([_line("B1", 2025, BP, INV, "21", 900, None),
                           _line("C1", 2025, CA, INV, "21", 900, 850)])
    ratings = pd.DataFrame([_rating("B1", "attenuation", "neutre"),
                            _rating("C1", "attenuation", "neutre")])
    result = _json(compute_green_budget({"budget": budget, "ratings": ratings}, {}))
    year = result["years"][0]
    assert [line["line_id"] for line in year["lines"]] == ["C1"]
    assert _section(year, "attenuation", "total")["total_eur"] == 850.0


def test_text_tolerance_case_spaces_and_codes() -> None:
    budget = pd.DataFrame([
        _line("1", 2025, "  Compte  Administratif ", " Investissement", "21", 0, 100,
              codrd=" DÉPENSE ", opbudg="Réel"),
        _line("2", 2025, CA, INV, "21", 0, 100, codrd="depense"),  # accent missing: not counted
    ])
    ratings = pd.DataFrame([_rating(1, "Atténuation", "Très favorable"),
                            _rating(1, "economie_circulaire", "plutot_favorable")])
    result = _json(compute_green_budget({"budget": budget, "ratings": ratings}, {}))
    year = result["years"][0]
    assert [line["line_id"] for line in year["lines"]] == ["1"]
    assert [a["axis"] for a in year["axes"]] == ["attenuation", "economie-circulaire"]
    assert _section(year, "attenuation", INV)["green_share"] == 1.0


def test_axes_in_fixed_order_attenuation_always() -> None:
    budget = pd.DataFrame([_line("A", 2025, CA, INV, "21", 0, 100)])
    ratings = pd.DataFrame([_rating("A", "biodiversite", "neutre"),
                            _rating("A", "eau", "neutre")])
    result = _json(compute_green_budget({"budget": budget, "ratings": ratings}, {}))
    year = result["years"][0]
    assert [a["axis"] for a in year["axes"]] == ["attenuation", "eau", "biodiversite"]
    assert _section(year, "attenuation", INV)["unrated_eur"] == 100.0


def test_zero_budget_gives_null_shares() -> None:
    budget = pd.DataFrame([_line("R", 2025, CA, INV, "13", 0, 100, codrd="recette")])
    result = _json(compute_green_budget({"budget": budget}, {}))
    year = result["years"][0]
    assert year["basis"] is None and year["lines"] == []
    for section in year["axes"][0]["sections"]:
        assert section["total_eur"] == 0.0
        assert section["green_share"] is None and section["brown_share"] is None
        assert section["coverage"] is None
        assert all(v["share"] is None for v in section["ratings"].values())
    assert year["legal_annex"]["total_eur"] == 0.0


def test_empty_tables() -> None:
    assert _json(compute_green_budget({}, {})) == {"years": []}
    assert reconcile_green_budget({}) == []


def test_lines_sorted_by_amount_then_id_with_ratings() -> None:
    result = _json(compute_green_budget(_city(), {}))
    lines = _year(result, 2025)["lines"]
    assert [line["line_id"] for line in lines] == ["F2", "I1", "I3", "F1", "I2"]
    i1 = lines[1]
    assert i1["ratings"]["attenuation"] == [
        {"rating": "tres-favorable", "weight": 0.6, "rationale": "pompe à chaleur"},
        {"rating": "neutre", "weight": 0.4, "rationale": "reste du bâtiment"}]
    assert list(i1["ratings"]) == ["attenuation", "biodiversite"]
    assert i1["legal_annex"] is True and lines[4]["legal_annex"] is False  # I2 is chapter 16
    assert lines[0]["ratings"] == {}
    assert i1["label"] == "label I1" and i1["nature"] == "21" and i1["section"] == INV


def test_change_in_percentage_points() -> None:
    result = _json(compute_green_budget(_city(), {}))
    assert _year(result, 2024)["change"]["previous_year"] is None
    assert _section(_year(result, 2024)["change"], "attenuation", INV)[
        "green_share_change_pp"] is None
    change = _year(result, 2025)["change"]
    assert change["previous_year"] == 2024
    # investment green share 1.0 (2024) -> 0.3 (2025); total 800/2000 = 0.4 -> 0.15
    assert _section(change, "attenuation", INV)["green_share_change_pp"] == pytest.approx(-70)
    assert _section(change, "attenuation", "total")["green_share_change_pp"] == pytest.approx(
        -25)
    assert _section(change, "attenuation", FON)["green_share_change_pp"] == pytest.approx(0)
    assert _section(change, "attenuation", INV)["brown_share_change_pp"] == pytest.approx(30)
    assert _section(change, "biodiversite", INV)["green_share_change_pp"] is None


# ---------------------------------------------------------------- legal annex


def test_legal_annex_excludes_chapter_16_and_operating() -> None:
    result = _json(compute_green_budget(_city(), {}))
    annex = _year(result, 2025)["legal_annex"]
    assert annex["required"] is True
    assert annex["required_axes"] == ["attenuation", "biodiversite"]
    assert annex["lines"] == 2  # I1 and I3; I2 is chapter 16
    assert annex["total_eur"] == 1600.0
    attenuation = _section(annex, "attenuation", INV)
    assert [a["axis"] for a in annex["axes"]] == ["attenuation", "biodiversite"]
    assert [s["section"] for s in annex["axes"][0]["sections"]] == [INV]
    assert attenuation["green_share"] == pytest.approx(600 / 1600)
    assert attenuation["brown_share"] == pytest.approx(600 / 1600)
    assert attenuation["coverage"] == pytest.approx(1.0)
    biodiversity = _section(annex, "biodiversite", INV)
    assert biodiversity["ratings"]["plutot-favorable"]["share"] == pytest.approx(1000 / 1600)
    assert biodiversity["unrated_eur"] == 600.0


def test_legal_annex_chapter_from_contnat_when_nature_blank() -> None:
    budget = pd.DataFrame([_line("D", 2024, CA, INV, "", 0, 300, contnat="1641"),
                           _line("E", 2024, CA, INV, None, 0, 200, contnat="2313")])
    result = _json(compute_green_budget({"budget": budget}, {}))
    annex = result["years"][0]["legal_annex"]
    assert annex["lines"] == 1 and annex["total_eur"] == 200.0
    assert annex["required_axes"] == ["attenuation"]


def test_required_axes_by_exercice() -> None:
    assert required_axes(2023) == []
    assert required_axes(2024) == ["attenuation"]
    assert required_axes(2025) == ["attenuation", "biodiversite"]
    assert required_axes(2026) == ["attenuation", "biodiversite"]
    assert required_axes(2027) == list(AXES)
    budget = pd.DataFrame([_line("A", 2023, CA, INV, "21", 0, 100)])
    annex = _json(compute_green_budget({"budget": budget}, {}))["years"][0]["legal_annex"]
    assert annex["required"] is False and annex["axes"] == []


# ---------------------------------------------------------------- reconciliation


def _clean_city() -> dict[str, pd.DataFrame]:
    """The made-up city with every counted line rated on both axes it uses."""
    tables = _city()
    extra = pd.DataFrame([_rating("F2", "attenuation", "neutre")] + [
        _rating(line_id, "biodiversite", "neutre") for line_id in ("I2", "I3", "F1", "F2")])
    tables["ratings"] = pd.concat([tables["ratings"], extra], ignore_index=True)
    return tables


def _codes(findings: list[dict]) -> list[str]:
    """Codes of the findings."""
    return [f["code"] for f in findings]


def test_reconcile_clean_data_has_no_finding() -> None:
    assert reconcile_green_budget(_clean_city()) == []


def test_reconcile_partially_rated_axis() -> None:
    findings = reconcile_green_budget(_city())  # biodiversite rated on I1 only
    mismatches = [f for f in findings if f["code"] == "rated-total-mismatch"]
    assert [(f["axis"], f["line_ids"]) for f in mismatches] == [
        ("attenuation", ["F2"]), ("biodiversite", ["F1", "F2", "I2", "I3"])]


def test_reconcile_unrated_line_and_total_mismatch() -> None:
    tables = _clean_city()
    ratings = tables["ratings"]
    tables["ratings"] = ratings[(ratings["line_id"] != "F2") | (ratings["axis"] != "attenuation")]
    findings = _json(reconcile_green_budget(tables))
    assert _codes(findings) == ["unrated-line", "rated-total-mismatch"]
    unrated, mismatch = findings
    assert unrated == {"code": "unrated-line", "year": 2025, "line_ids": ["F2"],
                       "axis": "attenuation", "detail": unrated["detail"],
                       "amount": unrated["amount"]}
    assert mismatch["year"] == 2025 and mismatch["axis"] == "attenuation"
    assert mismatch["line_ids"] == ["F2"]
    assert "2500.0" in mismatch["detail"] and "4000.0" in mismatch["detail"]
    assert (mismatch["rated"], mismatch["total"]) == (2500.0, 4000.0)


def test_reconcile_weights_not_one() -> None:
    tables = _clean_city()
    ratings = tables["ratings"]
    ratings.loc[(ratings["line_id"] == "I1") & (ratings["rating"] == "neutre"), "weight"] = 0.3
    findings = reconcile_green_budget(tables)
    assert _codes(findings) == ["weights-not-one", "rated-total-mismatch"]
    assert findings[0]["line_ids"] == ["I1"] and findings[0]["axis"] == "attenuation"
    assert findings[0]["year"] == 2025
    assert findings[1]["line_ids"] == ["I1"]


def test_reconcile_weights_within_tolerance() -> None:
    tables = _clean_city()
    ratings = tables["ratings"]
    split = (ratings["line_id"] == "I1") & (ratings["axis"] == "attenuation")
    ratings.loc[split, "weight"] = [0.1 + 0.2, 0.7]  # 0.30000000000000004 + 0.7
    assert reconcile_green_budget(tables) == []


def test_reconcile_unknown_line() -> None:
    tables = _clean_city()
    extra = pd.DataFrame([_rating("ZZ", "attenuation", "neutre")])
    tables["ratings"] = pd.concat([tables["ratings"], extra], ignore_index=True)
    findings = reconcile_green_budget(tables)
    assert findings == [{"code": "unknown-line", "year": None, "line_ids": ["ZZ"],
                         "axis": None, "detail": findings[0]["detail"]}]


def test_reconcile_unknown_category_and_missing_amount() -> None:
    tables = _clean_city()
    extra = pd.DataFrame([_rating("I3", "climat", "neutre")])
    tables["ratings"] = pd.concat([tables["ratings"], extra], ignore_index=True)
    missing = pd.DataFrame([_line("M1", 2025, CA, INV, "21", 10, None)])
    tables["budget"] = pd.concat([tables["budget"], missing], ignore_index=True)
    findings = reconcile_green_budget(tables)
    assert _codes(findings) == ["unknown-category", "missing-amount"]
    assert findings[0]["line_ids"] == ["I3"] and findings[0]["axis"] == "climat"
    assert findings[1]["line_ids"] == ["M1"] and findings[1]["year"] == 2025
    year = _year(_json(compute_green_budget(tables, {})), 2025)
    assert "M1" not in [line["line_id"] for line in year["lines"]]
