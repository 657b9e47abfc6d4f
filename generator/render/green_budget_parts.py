"""Parts of the green-budget page: labels, rating tables, legal annex and the line table."""

from __future__ import annotations

from typing import Any

import pandas as pd

from generator.render.section_common import MISSING, euros, label, number, points, share

RATINGS: dict[str, dict[str, str]] = {
    "tres-favorable": {"fr": "très favorable", "en": "very favourable"},
    "plutot-favorable": {"fr": "plutôt favorable", "en": "rather favourable"},
    "neutre": {"fr": "neutre", "en": "neutral"},
    "defavorable": {"fr": "défavorable", "en": "unfavourable"},
    "indefini": {"fr": "indéfini", "en": "undetermined"},
    "non-cote": {"fr": "non coté", "en": "not rated"},
}
AXES: dict[str, dict[str, str]] = {
    "attenuation": {"fr": "Atténuation", "en": "Mitigation"},
    "adaptation": {"fr": "Adaptation", "en": "Adaptation"},
    "eau": {"fr": "Eau", "en": "Water"},
    "economie-circulaire": {"fr": "Économie circulaire", "en": "Circular economy"},
    "pollutions": {"fr": "Pollutions", "en": "Pollution"},
    "biodiversite": {"fr": "Biodiversité", "en": "Biodiversity"},
}
AXES_LONG: dict[str, dict[str, str]] = {
    "attenuation": {"fr": "atténuation du changement climatique",
                    "en": "climate change mitigation"},
    "adaptation": {"fr": "adaptation au changement climatique et prévention des risques "
                         "naturels",
                   "en": "climate change adaptation and prevention of natural risks"},
    "eau": {"fr": "gestion des ressources en eau", "en": "management of water resources"},
    "economie-circulaire": {
        "fr": "transition vers une économie circulaire, gestion des déchets, prévention des "
              "risques technologiques",
        "en": "transition to a circular economy, waste management, prevention of "
              "technological risks"},
    "pollutions": {"fr": "prévention et contrôle des pollutions de l'air et des sols",
                   "en": "prevention and control of air and soil pollution"},
    "biodiversite": {"fr": "préservation de la biodiversité et protection des espaces "
                           "naturels, agricoles et sylvicoles",
                     "en": "preservation of biodiversity and protection of natural, "
                           "agricultural and forest areas"},
}
SECTIONS: dict[str, dict[str, str]] = {
    "investissement": {"fr": "Investissement", "en": "Investment"},
    "fonctionnement": {"fr": "Fonctionnement", "en": "Operating"},
    "total": {"fr": "Total", "en": "Total"},
}
BASES: dict[str, dict[str, str]] = {
    "executed": {"fr": "montants exécutés", "en": "executed amounts"},
    "voted": {"fr": "montants votés", "en": "voted amounts"},
}


def _changes(year: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(axis, section) -> its change record from the previous year."""
    return {(a["axis"], s["section"]): s
            for a in (year.get("change") or {}).get("axes", []) for s in a["sections"]}


def section_view(axis: str, section: dict[str, Any], change: dict[str, Any] | None,
                 lang: str) -> dict[str, Any]:
    """One axis on one section: totals, every rating in € and %, green/brown/coverage."""
    change = change or {}
    return {
        "code": section["section"],
        "label": label(SECTIONS, section["section"], lang),
        "total": euros(section["total_eur"], lang),
        "ratings": [{"code": code, "label": label(RATINGS, code, lang),
                     "eur": euros(section["ratings"][code]["eur"], lang),
                     "share": share(section["ratings"][code]["share"], lang)}
                    for code in RATINGS if code in section["ratings"]],
        "green": share(section["green_share"], lang),
        "green_eur": euros(section.get("green_eur"), lang),
        "brown": share(section["brown_share"], lang),
        "brown_eur": euros(section.get("brown_eur"), lang),
        "coverage": share(section["coverage"], lang),
        "green_pp": points(change.get("green_share_change_pp"), lang),
        "brown_pp": points(change.get("brown_share_change_pp"), lang),
        "axis": axis,
    }


def axes_view(year: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Every axis shown for a year, with its three sections."""
    changes = _changes(year)
    return [{"code": a["axis"], "label": label(AXES, a["axis"], lang),
             "long": label(AXES_LONG, a["axis"], lang),
             "sections": [section_view(a["axis"], s, changes.get((a["axis"], s["section"])),
                                       lang) for s in a["sections"]]}
            for a in year["axes"]]


def legal_view(year: dict[str, Any], lang: str) -> dict[str, Any]:
    """The legal annex: which axes are required and why, and their investment figures."""
    annex = year.get("legal_annex") or {}
    axes = annex.get("required_axes") or []
    case = ("none" if not annex.get("required") else "2024" if axes == ["attenuation"]
            else "2025" if len(axes) < 6 else "2027")
    return {
        "required": bool(annex.get("required")),
        "case": case,
        "axes_labels": [label(AXES_LONG, a, lang) for a in axes],
        "lines": number(annex.get("lines"), lang, 0),
        "total": euros(annex.get("total_eur"), lang),
        "axes": [{"code": a["axis"], "label": label(AXES, a["axis"], lang),
                  "section": section_view(a["axis"], a["sections"][0], None, lang)}
                 for a in annex.get("axes") or [] if a.get("sections")],
    }


def _budget_lookup(budget: pd.DataFrame | None, wanted: str) -> dict[str, str]:
    """line_id -> text of a budget column matched case-insensitively (empty when absent)."""
    if budget is None:
        return {}
    columns = {str(c).strip().lower(): c for c in budget.columns}
    key, value = columns.get("line_id"), columns.get(wanted.lower())
    if key is None or value is None:
        return {}
    frame = budget[[key, value]].dropna()
    return {str(k): str(v) for k, v in zip(frame[key], frame[value])}


def line_rows(year: dict[str, Any], budget: pd.DataFrame | None,
              lang: str) -> list[dict[str, Any]]:
    """Every counted line of a year, in the computed order, with its ratings explained."""
    objects = _budget_lookup(budget, "objet")
    functions = _budget_lookup(budget, "BGT_FONCTION_LABEL")
    natures = _budget_lookup(budget, "BGT_NATURE_LABEL")
    rows = []
    for line in year["lines"]:
        line_id = line["line_id"] or ""
        rows.append({
            "id": line_id or MISSING,
            "section": label(SECTIONS, line["section"], lang) if line["section"] else MISSING,
            "nature": line["nature"] or MISSING, "nature_label": natures.get(line_id, ""),
            "account": line["contnat"] or MISSING, "account_label": line["label"] or "",
            "function": line["fonction"] or MISSING, "function_label": functions.get(line_id, ""),
            "object": objects.get(line_id, ""),
            "amount": euros(line["amount_eur"], lang),
            "legal": line["legal_annex"],
            "ratings": [{"axis": label(AXES, axis, lang),
                         "entries": [{"rating": label(RATINGS, r["rating"], lang),
                                    "code": r["rating"],
                                    "weight": share(r["weight"], lang, 0),
                                    "partial": r["weight"] < 1,
                                    "rationale": r["rationale"] or ""} for r in items]}
                        for axis, items in line["ratings"].items()],
        })
    return rows
