"""Wording of the energy pages (fr, en): labels, rules, problems and their evidence in words."""

from __future__ import annotations

from typing import Any

from generator.render.section_common import (
    is_number,
    month_label,
    number,
    rounded,
    share,
    with_unit,
)
from generator.render.strings import phrase, phrases

STRINGS: dict[str, dict[str, str]] = {
    "title": {"fr": "Énergie des bâtiments municipaux", "en": "Energy use of municipal buildings"},
    "description": {"fr": "Consommations, émissions, classement, anomalies et suivi du décret "
                          "tertiaire des bâtiments municipaux.",
                    "en": "Consumption, emissions, ranking, anomalies and tertiary-decree "
                          "progress of the municipal buildings."},
    "summary": {"fr": "Synthèse du patrimoine", "en": "Portfolio summary"},
    "summary_text": {"fr": "En {year}, les {n} bâtiments suivis ont consommé {kwh}, soit "
                           "{kg} d'émissions.",
                     "en": "In {year}, the {n} monitored buildings used {kwh}, i.e. {kg} of "
                           "emissions."},
    "per_year": {"fr": "Consommation et émissions par année", "en": "Consumption and emissions "
                 "per year"},
    "per_use_chart": {"fr": "Consommation par année et par usage",
                      "en": "Consumption per year and use"},
    "by_use": {"fr": "Par usage en {year}", "en": "By use in {year}"},
    "ranking": {"fr": "Classement par intensité énergétique ({year})",
                "en": "Ranking by energy intensity ({year})"},
    "ranking_text": {"fr": "Bâtiments classés du plus consommateur au moins consommateur par "
                           "m², pour la dernière année complète ({year}).",
                     "en": "Buildings ranked from the highest to the lowest consumption per m², "
                           "for the latest complete year ({year})."},
    "anomalies": {"fr": "Consommations anormales", "en": "Abnormal consumption"},
    "anomalies_text": {"fr": "{n} signalement(s) : chacun indique la période, la valeur "
                             "observée, la valeur attendue et le seuil dépassé.",
                       "en": "{n} flag(s): each gives the period, the observed value, the "
                             "expected value and the threshold exceeded."},
    "show_flags": {"fr": "{n} signalements : afficher la liste",
                   "en": "{n} flags: show the list"},
    "no_anomaly": {"fr": "Aucune consommation anormale détectée.",
                   "en": "No abnormal consumption detected."},
    "quality": {"fr": "Problèmes de qualité des données", "en": "Data-quality problems"},
    "quality_text": {"fr": "Ces problèmes de relevés sont listés à part : ils ne sont pas comptés "
                           "comme des anomalies de consommation.",
                     "en": "These reading problems are listed separately: they are not counted "
                           "as consumption anomalies."},
    "no_quality": {"fr": "Aucun problème de qualité relevé.", "en": "No data-quality problem."},
    "method": {"fr": "Méthode", "en": "Method"},
    "building": {"fr": "Bâtiment", "en": "Building"},
    "use": {"fr": "Usage", "en": "Use"},
    "area": {"fr": "Surface", "en": "Floor area"},
    "rank": {"fr": "Rang", "en": "Rank"},
    "year": {"fr": "Année", "en": "Year"},
    "month": {"fr": "Mois", "en": "Month"},
    "period": {"fr": "Période", "en": "Period"},
    "rule": {"fr": "Règle", "en": "Rule"},
    "severity": {"fr": "Gravité", "en": "Severity"},
    "observed": {"fr": "Observé", "en": "Observed"},
    "expected": {"fr": "Attendu", "en": "Expected"},
    "threshold": {"fr": "Seuil", "en": "Threshold"},
    "evidence": {"fr": "Détail", "en": "Details"},
    "problem": {"fr": "Problème", "en": "Problem"},
    "buildings": {"fr": "Bâtiments", "en": "Buildings"},
    "kwh": {"fr": "Consommation (kWh)", "en": "Consumption (kWh)"},
    "kwh_m2": {"fr": "kWh/m²", "en": "kWh/m²"},
    "kwh_corr": {"fr": "Corrigée du climat (kWh)", "en": "Climate-corrected (kWh)"},
    "kwh_corr_m2": {"fr": "kWh/m² corrigés du climat", "en": "Climate-corrected kWh/m²"},
    "kgco2e": {"fr": "Émissions (kgCO2e)", "en": "Emissions (kgCO2e)"},
    "share": {"fr": "Part", "en": "Share"},
    "gain": {"fr": "Gain / année de référence", "en": "Gain on reference year"},
    "expected_gain": {"fr": "Gain attendu (trajectoire)", "en": "Expected gain (path)"},
    "months": {"fr": "Mois relevés", "en": "Months with data"},
    "col_corr": {"fr": "kWh corrigés du climat", "en": "Climate-corrected kWh"},
    "col_gain": {"fr": "Gain", "en": "Gain"},
    "col_expected": {"fr": "Gain attendu", "en": "Expected gain"},
    "correction": {"fr": "Correction climatique", "en": "Climate correction"},
    "flags": {"fr": "Anomalies", "en": "Anomalies"},
    "problems": {"fr": "Problèmes de données", "en": "Data problems"},
    "all_buildings": {"fr": "Tous les bâtiments", "en": "All buildings"},
    "identifier": {"fr": "Identifiant", "en": "Identifier"},
    "decret": {"fr": "Soumis au décret tertiaire", "en": "Subject to the tertiary decree"},
    "reference_year": {"fr": "Année de référence", "en": "Reference year"},
    "heating_energy": {"fr": "Énergie de chauffage", "en": "Heating energy"},
    "inferred": {"fr": "déduite des relevés", "en": "inferred from the readings"},
    "monthly": {"fr": "Chauffage mois par mois", "en": "Heating month by month"},
    "yearly": {"fr": "Bilan annuel", "en": "Yearly figures"},
    "progress": {"fr": "Décret tertiaire : gain et trajectoire", "en": "Tertiary decree: gain "
                 "and path"},
    "model": {"fr": "Modèle degrés-jours", "en": "Degree-day model"},
    "model_formula": {"fr": "E = a × jours + b × DJU", "en": "E = a × days + b × HDD"},
    "a": {"fr": "a (kWh par jour)", "en": "a (kWh per day)"},
    "b": {"fr": "b (kWh par degré-jour)", "en": "b (kWh per degree day)"},
    "fit_months": {"fr": "Mois ajustés", "en": "Months fitted"},
    "cv_rmse": {"fr": "CV(RMSE)", "en": "CV(RMSE)"},
    "nmbe": {"fr": "NMBE", "en": "NMBE"},
    "sigma": {"fr": "Écart type des résidus (σ)", "en": "Residual standard deviation (σ)"},
    "accepted": {"fr": "Modèle accepté", "en": "Model accepted"},
    "yes": {"fr": "oui", "en": "yes"},
    "no": {"fr": "non", "en": "no"},
    "series": {"fr": "Série", "en": "Series"},
    "heating_observed": {"fr": "Relevé ({energy})", "en": "Reading ({energy})"},
    "heating_expected": {"fr": "Attendu (degrés-jours)", "en": "Expected (degree days)"},
    "flagged_month": {"fr": "Mois signalé", "en": "Flagged month"},
    "gain_observed": {"fr": "Gain corrigé du climat", "en": "Climate-corrected gain"},
    "gain_path": {"fr": "Trajectoire −40 % en 2030", "en": "Path to −40% by 2030"},
    "gain_pct": {"fr": "Gain (%)", "en": "Gain (%)"},
    "emission_factors": {"fr": "Facteurs d'émission", "en": "Emission factors"},
    "energy": {"fr": "Énergie", "en": "Energy"},
    "factor": {"fr": "kgCO2e/kWh", "en": "kgCO2e/kWh"},
    "source": {"fr": "Source", "en": "Source"},
    "estimate": {"fr": "Estimation", "en": "Estimate"},
    "headline_kwh": {"fr": "consommés par les bâtiments municipaux en {year}",
                     "en": "used by municipal buildings in {year}"},
    "headline_flags": {"fr": "consommations anormales signalées",
                       "en": "abnormal consumption flags"},
}

RULES = {
    "degree-day-residual": {"fr": "écart au modèle degrés-jours", "en": "degree-day residual"},
    "cusum-drift": {"fr": "dérive cumulée (CUSUM)", "en": "cumulative drift (CUSUM)"},
    "heating-out-of-season": {"fr": "chauffage hors saison", "en": "heating out of season"},
    "closure-consumption": {"fr": "consommation pendant la fermeture",
                            "en": "consumption while closed"},
    "night-baseload": {"fr": "talon de consommation la nuit", "en": "night baseload"},
    "year-on-year": {"fr": "hausse d'une année sur l'autre", "en": "year-on-year increase"},
    "benchmark": {"fr": "au-dessus des bâtiments comparables", "en": "above comparable buildings"},
}
SEVERITIES = {"alert": {"fr": "alerte", "en": "alert"},
              "warning": {"fr": "avertissement", "en": "warning"}}
PROBLEMS = {
    "gap": {"fr": "période sans relevé", "en": "gap in the readings"},
    "zero-reading": {"fr": "relevé nul", "en": "zero reading"},
    "negative-reading": {"fr": "relevé négatif", "en": "negative reading"},
    "flat-line": {"fr": "valeurs identiques (ligne plate)", "en": "flat line (identical values)"},
    "estimated-reading": {"fr": "relevé estimé", "en": "estimated reading"},
    "missing-value": {"fr": "relevé sans valeur", "en": "reading without a value"},
    "missing-emission-factor": {"fr": "facteur d'émission manquant",
                                "en": "missing emission factor"},
}
ENERGIES = {
    "gaz": {"fr": "gaz naturel", "en": "natural gas"},
    "electricite": {"fr": "électricité", "en": "electricity"},
    "reseau_chaleur": {"fr": "réseau de chaleur", "en": "district heating"},
    "fioul": {"fr": "fioul domestique", "en": "heating oil"},
    "bois": {"fr": "bois", "en": "wood"},
}
USES = {
    "enseignement": {"fr": "enseignement", "en": "education"},
    "bureaux": {"fr": "bureaux", "en": "offices"},
    "sport": {"fr": "sport", "en": "sport"},
    "culture": {"fr": "culture", "en": "culture"},
    "petite_enfance": {"fr": "petite enfance", "en": "early childhood"},
    "social": {"fr": "social", "en": "social"},
    "autre": {"fr": "autre", "en": "other"},
    "unknown": {"fr": "non renseigné", "en": "not given"},
}
CORRECTIONS = {"regression": {"fr": "régression", "en": "regression"},
               "degree-day-ratio": {"fr": "rapport de degrés-jours", "en": "degree-day ratio"},
               "none": {"fr": "aucune", "en": "none"}}
REASONS = {"too-few-months": {"fr": "trop peu de mois", "en": "too few months"},
           "degenerate-degree-days": {"fr": "degrés-jours insuffisants",
                                      "en": "degenerate degree days"},
           "poor-fit": {"fr": "ajustement insuffisant", "en": "poor fit"}}


def s(key: str, lang: str, **values: Any) -> str:
    """One string of the energy pages, with `{placeholders}` filled."""
    return phrase(STRINGS, key, lang, **values)


def strings(lang: str) -> dict[str, str]:
    """Every string of the energy pages in one language (for the templates)."""
    return phrases(STRINGS, lang)


def word(table: dict[str, dict[str, str]], code: Any, lang: str) -> str:
    """A code in words (the code itself when unknown)."""
    return table.get(str(code), {}).get(lang) or ("—" if code is None else str(code))


def kwh(value: Any, lang: str, unit: str = "kWh") -> str:
    """A rounded quantity with its unit."""
    return with_unit(rounded(value, lang), unit, lang)


def _side(value: Any, lang: str) -> str:
    """'above expected' or 'below expected' for a signed residual."""
    above = is_number(value) and float(value) > 0
    if lang == "fr":
        return "au-dessus de l'attendu" if above else "en dessous de l'attendu"
    return "above expected" if above else "below expected"


def _join(parts: list[str], lang: str) -> str:
    return (" ; " if lang == "fr" else "; ").join(p for p in parts if p)


def anomaly_figures(a: dict[str, Any], lang: str) -> dict[str, str]:
    """Observed, expected, threshold and details of one anomaly, in words and numbers."""
    e = a.get("evidence") or {}
    fr = lang == "fr"
    energy = word(ENERGIES, e["energy"], lang) if e.get("energy") else ""
    rule = a.get("rule")
    out = {"observed": kwh(e.get("observed"), lang), "expected": kwh(e.get("expected"), lang),
           "threshold": rounded(e.get("threshold"), lang), "detail": energy}
    dju = (f"{'DJU' if fr else 'HDD'} {number(e.get('dju'), lang)}" if e.get("dju") is not None
           else "")
    if rule == "degree-day-residual":
        out["threshold"] = f"|z| > {number(e.get('threshold'), lang)} σ"
        out["detail"] = _join([f"z = {number(e.get('z'), lang, 1)} ({_side(e.get('z'), lang)})",
                               f"σ = {kwh(e.get('sigma'), lang)}", dju], lang)
    elif rule == "heating-out-of-season":
        out["threshold"] = kwh(e.get("threshold"), lang)
        ratio = (e["threshold"] / e["expected"] if is_number(e.get("threshold"))
                 and is_number(e.get("expected")) and e["expected"] else None)
        factor = number(None if ratio is None else round(ratio, 2), lang)
        base = f"base d'été × {factor}" if fr else f"summer base × {factor}"
        out["detail"] = _join([base, dju], lang)
    elif rule == "cusum-drift":
        out["threshold"] = kwh(e.get("threshold"), lang)
        peak = ("au plus haut en " if fr else "peaking in ") + month_label(e.get("peak_month"),
                                                                           lang)
        out["detail"] = _join([f"{kwh(e.get('cusum'), lang)} "
                               f"({share(e.get('drift'), lang, signed=True)}, "
                               f"{_side(e.get('cusum'), lang)})", peak], lang)
    elif rule == "year-on-year":
        unit = str(e.get("unit") or "kWh")
        out["observed"] = kwh(e.get("observed"), lang, unit)
        out["expected"] = f"{kwh(e.get('expected'), lang, unit)} ({e.get('previous_year')})"
        out["threshold"] = share(e.get("threshold"), lang, 0, signed=True)
        out["detail"] = _join([share(e.get("change"), lang, signed=True),
                               "corrigé du climat" if fr else "climate-corrected"], lang)
    elif rule in ("closure-consumption", "night-baseload"):
        unit = "kWh/j" if fr else "kWh/day"
        if rule == "night-baseload":
            unit = "kW"
        out["observed"] = kwh(e.get("observed"), lang, unit)
        out["expected"] = kwh(e.get("expected"), lang, unit)
        out["threshold"] = f"{number(e.get('threshold'), lang)} × {s('expected', lang).lower()}"
        out["detail"] = _join([f"{'rapport' if fr else 'ratio'} {number(e.get('ratio'), lang, 2)}",
                               energy], lang)
    elif rule == "benchmark":
        out["observed"] = kwh(e.get("observed"), lang, "kWh/m²")
        out["expected"] = kwh(e.get("expected"), lang, "kWh/m²")
        out["threshold"] = kwh(e.get("threshold"), lang, "kWh/m²")
        out["detail"] = _join([", ".join(str(b) for b in e.get("basis") or []),
                               f"{e.get('peers')} {'pairs' if fr else 'peers'}"], lang)
    return out


def quality_detail(q: dict[str, Any], lang: str) -> str:
    """The evidence of one data-quality problem in words."""
    e = q.get("evidence") or {}
    fr = lang == "fr"
    energy = word(ENERGIES, e["energy"], lang) if e.get("energy") else ""
    problem = q.get("problem")
    if problem == "gap":
        days = f"{e.get('days')} {'jours' if fr else 'days'}"
        span = (f"du {e.get('start')} au {e.get('end')}" if fr
                else f"from {e.get('start')} to {e.get('end')}")
        return _join([f"{span} ({days})", energy], lang)
    if problem == "flat-line":
        run = (f"{e.get('months')} mois identiques à {kwh(e.get('kwh'), lang)}, de "
               f"{month_label(e.get('start'), lang)} à {month_label(e.get('end'), lang)}" if fr
               else f"{e.get('months')} identical months at {kwh(e.get('kwh'), lang)}, from "
               f"{month_label(e.get('start'), lang)} to {month_label(e.get('end'), lang)}")
        return _join([run, energy], lang)
    if problem in ("estimated-reading", "missing-value"):
        count = f"{e.get('readings')} {'relevé(s)' if fr else 'reading(s)'}"
        return _join([count, kwh(e.get("kwh"), lang) if e.get("kwh") is not None else "",
                      energy], lang)
    if problem == "missing-emission-factor":
        return _join([energy, "kgCO2e non calculé" if fr else "kgCO2e not computed"], lang)
    return _join([kwh(e.get("kwh"), lang) if "kwh" in e else "", energy], lang)
